#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the app and its checks need on Linux: Qt's xcb libraries,
# a CJK font, poppler (PDF pages to PNG). With --ci also LibreOffice, which the DOCX tests use,
# and PostgreSQL, whose programs (initdb, pg_ctl) the tests run a throw-away server with.
# Needs root and apt-get; otherwise it names what to install and carries on.
set -euo pipefail
packages=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-xkb1 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxkbcommon-x11-0 libxkbcommon0
  libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-wqy-microhei poppler-utils)
if [[ "${1:-}" == "--ci" ]]; then
  packages+=(libreoffice-writer-nogui xvfb postgresql)
fi
[[ "$(uname -s)" == "Linux" ]] || exit 0
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "请以管理员身份安装系统软件包：sudo apt-get install ${missing[*]}" >&2
fi
