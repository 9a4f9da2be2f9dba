"""The web UI in headless Chromium: load the page, run an example query as a person would
(choose it, press Run), check the map drew its geometries, click one, page the table,
and look at an EXPLAIN tree. Screenshots go to test-artifacts/."""
import pytest

from cdp import Browser
from conftest import ARTIFACTS


@pytest.fixture
def browser():
    b = Browser()
    yield b
    b.close()


def test_the_ui_runs_an_example_and_maps_its_geometries(server, browser):
    browser.navigate(server.url + "/")
    browser.wait_for("document.body.dataset.ready === 'true'")
    # The examples of queries/ are offered.
    names = browser.evaluate("Array.from(document.querySelectorAll('#examples option')).map(o => o.value)")
    assert "crop-types" in names and "image-by-id" in names
    assert "quads" in browser.evaluate("document.getElementById('store-status').textContent")

    browser.evaluate("(() => { const s = document.getElementById('examples'); s.value = 'crop-types';"
                     " s.dispatchEvent(new Event('change')); })()")
    assert "fs:CropTypeObservation" in browser.evaluate("document.getElementById('query').value")
    browser.click("#run")
    browser.wait_for("/rows in/.test(document.getElementById('status').textContent)")
    rows = browser.evaluate("document.querySelectorAll('#results tbody tr').length")
    assert rows == 50  # the first page
    assert "of 90" in browser.evaluate("document.getElementById('page-info').textContent")

    browser.click('.tabs button[data-tab="map"]')
    shapes = browser.evaluate("document.querySelectorAll('#map-shapes .shape').length")
    assert shapes == 90
    assert browser.evaluate("document.getElementById('map').dataset.geometries") == "90"
    # The example colours the map by crop type: several colours and a legend.
    colours = browser.evaluate("new Set(Array.from(document.querySelectorAll('#map-shapes .shape')).map(e => e.getAttribute('fill'))).size")
    assert colours > 3
    assert "?cropType" in browser.evaluate("document.getElementById('legend').textContent")
    browser.screenshot(ARTIFACTS / "ui-map.png")

    # A click on a shape shows its row.
    browser.click("#map-shapes path.shape:last-of-type")
    browser.wait_for("!document.getElementById('feature-info').hidden")
    info = browser.evaluate("document.getElementById('feature-info').textContent")
    assert "?cropType" in info and "?parcelID" in info and "AT-" in info
    assert browser.evaluate("document.querySelectorAll('#map-shapes .selected').length") == 1
    browser.screenshot(ARTIFACTS / "ui-map-selected.png")

    # Zoom with the wheel and pan by dragging: the view changes.
    before = browser.evaluate("document.getElementById('map').getAttribute('viewBox')")
    box = browser.evaluate("(() => { const r = document.getElementById('map').getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()")
    browser.wheel(box[0], box[1], -400)
    zoomed = browser.evaluate("document.getElementById('map').getAttribute('viewBox')")
    assert float(zoomed.split()[2]) < float(before.split()[2])
    browser.command("Input.dispatchMouseEvent", type="mousePressed", x=box[0], y=box[1], button="left", clickCount=1)
    browser.command("Input.dispatchMouseEvent", type="mouseMoved", x=box[0] + 120, y=box[1] + 40, button="left")
    browser.command("Input.dispatchMouseEvent", type="mouseReleased", x=box[0] + 120, y=box[1] + 40, button="left", clickCount=1)
    panned = browser.evaluate("document.getElementById('map').getAttribute('viewBox')")
    assert float(panned.split()[0]) < float(zoomed.split()[0])

    # The table pages.
    browser.click('.tabs button[data-tab="table"]')
    browser.click("#next-page")
    assert "rows 51–90 of 90" in browser.evaluate("document.getElementById('page-info').textContent")

    # EXPLAIN shows the plan as a tree with estimated and actual rows.
    browser.click("#explain")
    browser.wait_for("document.querySelectorAll('#explain-tree .op').length > 0")
    tree = browser.evaluate("document.getElementById('explain-tree').textContent")
    assert "estimated" in tree and "actual 90" in tree
    browser.screenshot(ARTIFACTS / "ui-explain.png")
    assert not browser.console_errors, browser.console_errors


def test_the_map_reads_gml_and_geojson_too(server, browser):
    query = """
    PREFIX geo: <http://www.opengis.net/ont/geosparql#>
    SELECT ?name ?g WHERE {
      VALUES (?name ?g) {
        ("gml" "<gml:Polygon xmlns:gml='http://www.opengis.net/gml/3.2' srsName='http://www.opengis.net/def/crs/EPSG/0/4326'><gml:exterior><gml:LinearRing><gml:posList>48 16 48 17 49 17 49 16 48 16</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>"^^geo:gmlLiteral)
        ("geojson" "{\\"type\\":\\"LineString\\",\\"coordinates\\":[[16,48],[17,49]]}"^^geo:geoJSONLiteral)
        ("wkt" "<http://www.opengis.net/def/crs/OGC/1.3/CRS84> MULTIPOINT((16.2 48.2), (16.8 48.8))"^^geo:wktLiteral)
      }
    }"""
    browser.navigate(server.url + "/?tab=map")
    browser.wait_for("document.body.dataset.ready === 'true'")
    browser.evaluate(f"document.getElementById('query').value = {__import__('json').dumps(query)}")
    browser.click("#run")
    browser.wait_for("/rows in/.test(document.getElementById('status').textContent)")
    assert browser.evaluate("document.getElementById('map').dataset.geometries") == "3"
    kinds = browser.evaluate("Array.from(document.querySelectorAll('#map-shapes .shape')).map(e => e.tagName + (e.classList.contains('line') ? '-line' : ''))")
    assert sorted(kinds) == ["circle", "circle", "path", "path-line"]
    browser.screenshot(ARTIFACTS / "ui-formats.png")
