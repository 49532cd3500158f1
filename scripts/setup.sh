#!/usr/bin/env bash
# Installs what hippo needs to build and test on Debian 12, and nothing when all is there.
# Called by `make run` and `make test`; safe to run again.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

debs=(build-essential cmake pkg-config ccache clang libclang-rt-14-dev
      libcli11-dev libyaml-cpp-dev nlohmann-json3-dev libfmt-dev
      libgtest-dev libgmock-dev libbenchmark-dev
      libsqlite3-dev sqlite3 libopenmpi-dev openmpi-bin coinor-libcbc-dev libtbb-dev libxlsxwriter-dev libcpp-httplib-dev
      chromium python3
      pybind11-dev python3-dev python3-pybind11 python3-pandas python3-pytest python3-matplotlib python3-openpyxl)
# Node.js and npm may come from Debian or from another source (NodeSource bundles npm, and its
# nodejs conflicts with Debian's npm package): ask for the commands, not the packages.
command -v node >/dev/null 2>&1 || debs+=(nodejs)
command -v npm >/dev/null 2>&1 || debs+=(npm)

missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages for the HTML report (chart library, inlined at build time) and the browser test.
if [[ -f "$here/package.json" ]]; then
  if [[ ! -d "$here/node_modules" || "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]]; then
    echo "setup: installing npm packages"
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
