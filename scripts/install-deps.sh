#!/usr/bin/env bash
# Installs the system packages Ptolemy builds against, when they are missing.
# Debian 12: libgeos-dev (geometry), libraptor2-dev (RDF/XML), libzstd-dev (store
# compression, .zst input), libssl-dev (HTTPS for federation), libproj-dev (CRS
# transforms and geodesics), zlib1g-dev (.gz input), pkg-config (locating them),
# libshp-dev (shapelib: ESRI Shapefile sources of the RML mapper, ptolemy map),
# liblzma-dev (.xz input and RML's rml:tarxz sources; libraptor2-dev pulls it in already).
set -euo pipefail
packages=(libgeos-dev libraptor2-dev libzstd-dev libssl-dev libproj-dev zlib1g-dev pkg-config libshp-dev liblzma-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
