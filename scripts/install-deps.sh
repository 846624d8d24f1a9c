#!/usr/bin/env bash
# Installs the Debian 12 packages unmask needs, only those missing.
# docs/architecture.md says why each one is here.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config
  libigraph-dev libsimdjson-dev libzstd-dev zlib1g-dev libxxhash-dev
  libfmt-dev libcli11-dev nlohmann-json3-dev
  libicu-dev libopencc-dev libopencc-data libgeonames-dev
  libsqlite3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  chromium libpng-dev libxml2-dev
  clang libclang-rt-14-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
