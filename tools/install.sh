#!/usr/bin/env bash
# Install companion on Debian/Ubuntu: system packages, a .venv at the repo root, the app in it.
# Then start the app, unless --no-start. With --test, also install what the test suite needs.
# Safe to run again: each step only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

START=1
WITH_TESTS=0
for arg in "$@"; do
  case "$arg" in
    --no-start) START=0 ;;
    --test) WITH_TESTS=1; START=0 ;;
    *) echo "install.sh: unknown option $arg (use --no-start or --test)" >&2; exit 2 ;;
  esac
done

# Debian packages the app needs at run time.
RUNTIME_APT=(
  python3 python3-venv python3-dev build-essential
  libgl1 libglib2.0-0
  libportaudio2 libsndfile1
  espeak-ng libespeak-ng1
  gir1.2-gtk-3.0 gir1.2-ayatanaappindicator3-0.1 libgirepository1.0-dev libcairo2-dev pkg-config
)
# Debian packages only the test suite needs.
TEST_APT=(
  graphviz
  xvfb trayer xdotool chromium dbus-x11 notification-daemon imagemagick x11-utils x11-xserver-utils fonts-noto-cjk
)

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "install.sh: need root or sudo to install: ${missing[*]}" >&2; exit 1
    fi
  fi
  echo "==> apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

if command -v apt-get >/dev/null; then
  apt_install "${RUNTIME_APT[@]}"
  [ "$WITH_TESTS" -eq 1 ] && apt_install "${TEST_APT[@]}"
else
  echo "install.sh: no apt-get here; install the equivalents of: ${RUNTIME_APT[*]}" >&2
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "$WITH_TESTS" -eq 1 ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
else
  .venv/bin/python -m pip install -q -e .
fi
echo "==> companion installed in .venv ($(.venv/bin/companion --version))"

if [ "$START" -eq 1 ]; then
  exec .venv/bin/companion run
fi
