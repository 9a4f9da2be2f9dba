#!/usr/bin/env python3
"""Writes data/demo/*.ttl: a small, deterministic demo of the semantic catalogue.

Sentinel-1 images over Svalbard with sea-ice observations of regions (five-class and
binary ice classes), Sentinel-2 images over Lower Austria with crop-type observations of
parcels, LUCAS survey points with land-cover codes, and reference regions. Every
observation carries eo:hasImageID, the identifier of the image it was derived from.
Run it again after changing it; the output is committed.
"""
import math
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "demo"
rng = random.Random(2026)

PREFIXES = """@prefix eo:    <https://w3id.org/ptolemy/ont/eo#> .
@prefix polar: <https://w3id.org/ptolemy/ont/polar#> .
@prefix fs:    <https://w3id.org/ptolemy/ont/foodsec#> .
@prefix lucas: <https://w3id.org/ptolemy/ont/foodsec/lucas#> .
@prefix geo:   <http://www.opengis.net/ont/geosparql#> .
@prefix sf:    <http://www.opengis.net/ont/sf#> .
@prefix sosa:  <http://www.w3.org/ns/sosa/> .
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .
@prefix img:   <https://w3id.org/ptolemy/demo/image/> .
@prefix obs:   <https://w3id.org/ptolemy/demo/observation/> .
@prefix feat:  <https://w3id.org/ptolemy/demo/feature/> .
@prefix geom:  <https://w3id.org/ptolemy/demo/geometry/> .

"""


def polygon(points):
    ring = points + [points[0]]
    return "POLYGON((" + ", ".join(f"{x:.5f} {y:.5f}" for x, y in ring) + "))"


def box(x0, y0, x1, y1):
    return polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])


def wkt(text):
    return f'"{text}"^^geo:wktLiteral'


def feature(name, cls, label, wkt_text, geometry_class="sf:Polygon"):
    return (f"feat:{name} a {cls}, geo:Feature ;\n    rdfs:label \"{label}\" ;\n"
            f"    geo:hasGeometry geom:{name} ;\n    geo:hasDefaultGeometry geom:{name} .\n"
            f"geom:{name} a geo:Geometry, {geometry_class} ;\n    geo:asWKT {wkt(wkt_text)} .\n\n")


def image(image_id, platform, instrument, product, time, footprint, cloud=None):
    s = (f"img:{image_id} a eo:SatelliteImage ;\n    eo:imageID \"{image_id}\" ;\n    eo:platform eo:{platform} ;\n"
         f"    eo:instrument eo:{instrument} ;\n    eo:productType \"{product}\" ;\n"
         f"    eo:sensingTime \"{time}\"^^xsd:dateTime ;\n")
    if cloud is not None:
        s += f"    eo:cloudCover \"{cloud:.1f}\"^^xsd:decimal ;\n"
    s += (f"    eo:footprint geom:footprint-{image_id} ;\n    geo:hasGeometry geom:footprint-{image_id} .\n"
          f"geom:footprint-{image_id} a geo:Geometry, sf:Polygon ;\n    geo:asWKT {wkt(footprint)} .\n\n")
    return s


def catalogue():
    out = PREFIXES
    s1 = []
    for i, (lon, lat, day) in enumerate([(14.0, 77.0, 3), (19.5, 77.5, 3), (16.0, 79.0, 10), (22.0, 79.5, 10)]):
        platform = "Sentinel1A" if i % 2 == 0 else "Sentinel1B"
        image_id = f"S1{'A' if i % 2 == 0 else 'B'}_EW_GRDH_1SDH_202103{day:02d}T0{7 + i}1512_{40000 + 137 * i:06d}"
        fp = box(lon - 3.5, lat - 1.1, lon + 3.5, lat + 1.1)
        s1.append((image_id, lon, lat, day))
        out += image(image_id, platform, "SAR-C", "GRDH", f"2021-03-{day:02d}T0{7 + i}:15:12Z", fp)
    s2 = []
    for i, (tile, lon, lat, day) in enumerate([("T33UWP", 16.05, 48.15, 14), ("T33UXP", 16.55, 48.2, 14),
                                                ("T33UWP", 16.05, 48.15, 29)]):
        image_id = f"S2{'A' if i % 2 == 0 else 'B'}_MSIL2A_202006{day:02d}T095031_N0214_R079_{tile}"
        fp = box(lon - 0.45, lat - 0.35, lon + 0.45, lat + 0.35)
        s2.append((image_id, lon, lat))
        out += image(image_id, "Sentinel2A" if i % 2 == 0 else "Sentinel2B", "MSI", "L2A",
                     f"2020-06-{day:02d}T09:50:31Z", fp, cloud=rng.uniform(0, 30))
    (OUT / "catalogue.ttl").write_text(out)
    return s1, s2


def sea_ice(s1):
    out = PREFIXES
    classes = ["Water", "BrashPancakeIce", "YoungIce", "LevelFirstYearIce", "DeformedIce"]
    n = 0
    for image_id, lon, lat, day in s1:
        for gx in range(4):
            for gy in range(3):
                x0 = lon - 3.0 + gx * 1.5 + rng.uniform(-0.1, 0.1)
                y0 = lat - 0.9 + gy * 0.6 + rng.uniform(-0.05, 0.05)
                pts = [(x0, y0), (x0 + 1.4, y0 + rng.uniform(-0.05, 0.05)),
                       (x0 + 1.4 + rng.uniform(-0.1, 0.1), y0 + 0.55), (x0 + rng.uniform(-0.1, 0.1), y0 + 0.55)]
                # Ice gets more developed towards the north and east.
                level = min(4, max(0, int((gy + gx) * 0.8 + rng.uniform(-0.7, 0.7))))
                cls = classes[level]
                binary = "OpenWater" if cls == "Water" else "Ice"
                n += 1
                name = f"seaice-{n:03d}"
                out += feature(name, "polar:SeaIceRegion", f"sea-ice region {n}", polygon(pts))
                out += (f"obs:{name} a polar:SeaIceObservation ;\n    sosa:hasFeatureOfInterest feat:{name} ;\n"
                        f"    polar:iceClass polar:{cls}, polar:{binary} ;\n"
                        f"    polar:iceConcentration \"{min(10, level * 2.5 + rng.uniform(0, 2)):.1f}\"^^xsd:decimal ;\n"
                        f"    eo:hasImageID \"{image_id}\" ;\n    eo:derivedFromImage img:{image_id} ;\n"
                        f"    eo:confidence \"{rng.uniform(0.6, 0.99):.2f}\"^^xsd:decimal ;\n"
                        f"    sosa:resultTime \"2021-03-{day:02d}T12:00:00Z\"^^xsd:dateTime .\n\n")
    (OUT / "sea-ice.ttl").write_text(out)


def crops(s2):
    out = PREFIXES
    crops = ["Grassland", "Maize", "Legumes", "WinterCaraway", "WinterWheat", "Rapeseed", "Potato", "Rye",
             "WinterBarley", "Beet", "SpringBarley", "Soy", "Sunflower", "PermanentPlantations", "Triticale", "OtherCrops"]
    weights = [14, 12, 3, 1, 16, 5, 3, 4, 7, 4, 5, 4, 3, 3, 2, 4]
    n = 0
    for image_id, lon, lat in s2:
        for gx in range(6):
            for gy in range(5):
                n += 1
                x0 = lon - 0.3 + gx * 0.1
                y0 = lat - 0.2 + gy * 0.08
                pts = [(x0, y0), (x0 + 0.085, y0 + 0.004), (x0 + 0.088, y0 + 0.07), (x0 + 0.002, y0 + 0.066)]
                crop = rng.choices(crops, weights)[0]
                name = f"parcel-{n:03d}"
                out += feature(name, "fs:Parcel", f"parcel {n}", polygon(pts))
                area = 0.085 * 0.07 * 111.32 * 111.32 * math.cos(math.radians(y0)) * 100
                out += (f"feat:{name} fs:parcelID \"AT-{n:05d}\" ;\n    fs:area \"{area:.2f}\"^^xsd:decimal .\n"
                        f"obs:{name} a fs:CropTypeObservation ;\n    sosa:hasFeatureOfInterest feat:{name} ;\n"
                        f"    fs:cropType fs:{crop} ;\n    eo:hasImageID \"{image_id}\" ;\n"
                        f"    eo:derivedFromImage img:{image_id} ;\n"
                        f"    eo:confidence \"{rng.uniform(0.5, 0.98):.2f}\"^^xsd:decimal .\n\n")
    # LUCAS survey points, some inside parcels, with their own code list.
    codes = ["B11", "B13", "B16", "B32", "B21", "B22", "E20", "B31", "B33", "B14", "B18", "B81"]
    for i in range(24):
        lon, lat = s2[i % 2][1] + rng.uniform(-0.3, 0.3), s2[i % 2][2] + rng.uniform(-0.2, 0.2)
        name = f"lucas-{47000000 + i * 37}"
        code = codes[i % len(codes)]
        out += feature(name, "fs:LucasPoint", f"LUCAS point {47000000 + i * 37}", f"POINT({lon:.5f} {lat:.5f})", "sf:Point")
        out += (f"feat:{name} fs:pointID {47000000 + i * 37} .\n"
                f"obs:{name} a fs:LucasObservation ;\n    sosa:hasFeatureOfInterest feat:{name} ;\n"
                f"    fs:lucasCode lucas:{code} ;\n    sosa:resultTime \"2018-0{5 + i % 4}-{10 + i % 18}\"^^xsd:date .\n\n")
    (OUT / "crops.ttl").write_text(out)


def reference():
    out = PREFIXES
    out += feature("svalbard-east", "geo:Feature", "Svalbard, eastern waters",
                   polygon([(18.0, 76.3), (27.0, 76.5), (28.0, 80.2), (19.0, 80.6), (17.5, 78.5)]))
    out += feature("marchfeld", "geo:Feature", "Marchfeld",
                   polygon([(16.35, 48.15), (16.95, 48.12), (16.98, 48.35), (16.55, 48.40), (16.38, 48.30)]))
    out += feature("weinviertel-south", "geo:Feature", "Weinviertel (south)",
                   polygon([(15.9, 48.30), (16.6, 48.28), (16.7, 48.55), (16.0, 48.55)]))
    out += feature("danube-vienna", "geo:Feature", "Danube near Vienna",
                   "LINESTRING(15.90000 48.36000, 16.20000 48.30000, 16.38000 48.22000, 16.55000 48.15000, 16.90000 48.12000)",
                   "sf:LineString")
    (OUT / "reference.ttl").write_text(out)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    s1, s2 = catalogue()
    sea_ice(s1)
    crops(s2)
    reference()
    print("wrote", ", ".join(sorted(p.name for p in OUT.glob("*.ttl"))))
