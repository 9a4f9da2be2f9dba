#!/usr/bin/env bash
# Makes parcels.shp/.shx/.dbf/.prj, the sample crop-type map in Shapefile form, with
# shapelib's command-line tools (Debian package "shapelib": shpcreate, shpadd,
# dbfcreate, dbfadd). The committed files were made by this script; rerun it after
# changing the parcels. Coordinates are ETRS89 / LAEA Europe (EPSG:3035) metres, in the
# Tulln basin (Lower Austria). Outer rings run clockwise and holes counter-clockwise,
# as the Shapefile specification requires.
set -euo pipefail
cd "$(dirname "$0")"
command -v shpcreate >/dev/null || { echo "needs shapelib's tools: apt-get install shapelib"; exit 1; }
rm -f parcels.shp parcels.shx parcels.dbf parcels.prj
shpcreate parcels polygon
# AT-10001: a simple field.
shpadd parcels 4790000 2810000  4790000 2810400  4790500 2810400  4790500 2810000  4790000 2810000
# AT-10002: a field around a farmyard (a hole).
shpadd parcels 4791000 2810000  4791000 2810600  4791600 2810600  4791600 2810000  4791000 2810000 \
  + 4791200 2810200  4791400 2810200  4791400 2810400  4791200 2810400  4791200 2810200
# AT-10003: one parcel in two pieces either side of a road (a multipolygon).
shpadd parcels 4792000 2810000  4792000 2810300  4792300 2810300  4792300 2810000  4792000 2810000 \
  + 4792400 2810000  4792400 2810300  4792700 2810300  4792700 2810000  4792400 2810000
dbfcreate parcels -s parcel_id 12 -s crop 24 -n crop_code 4 0 -s image_id 48 -n confidence 6 2
dbfadd parcels AT-10001 Maize 2 S2A_MSIL2A_20200614T095031_N0214_R079_T33UWP 0.91
dbfadd parcels AT-10002 WinterWheat 5 S2A_MSIL2A_20200614T095031_N0214_R079_T33UWP 0.84
dbfadd parcels AT-10003 Sunflower 13 S2B_MSIL2A_20200719T095029_N0214_R079_T33UWP 0.77
# ESRI WKT of EPSG:3035, as GIS software writes it.
printf '%s' 'PROJCS["ETRS_1989_LAEA",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Azimuthal_Equal_Area"],PARAMETER["False_Easting",4321000.0],PARAMETER["False_Northing",3210000.0],PARAMETER["Central_Meridian",10.0],PARAMETER["Latitude_Of_Origin",52.0],UNIT["Meter",1.0]]' > parcels.prj
echo "wrote parcels.shp, .shx, .dbf, .prj"
