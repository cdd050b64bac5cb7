#!/usr/bin/env bash
# Build Ponder as a one-folder bundle (PyInstaller) and a tarball to unpack anywhere.
#
#   packaging/build.sh            -> build/bundle/dist/ponder/ and build/bundle/ponder-VERSION-linux-ARCH.tar.gz
#
# The build runs in a venv of its own with only Ponder and PyInstaller: nothing from a development
# venv (pytest and the like) ends up in the bundle. BUILD_DIR moves the output; PYTHON picks the
# interpreter (3.11 or newer).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${BUILD_DIR:-$ROOT/build/bundle}"
PY="${PYTHON:-python3}"
PYINSTALLER_VERSION="6.22.3"

mkdir -p "$BUILD"
if [ ! -x "$BUILD/venv/bin/python" ]; then
  "$PY" -m venv "$BUILD/venv"
fi
"$BUILD/venv/bin/pip" install -q --disable-pip-version-check "$ROOT" "pyinstaller==$PYINSTALLER_VERSION"
"$BUILD/venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$BUILD/dist" --workpath "$BUILD/work" "$ROOT/packaging/ponder.spec"

# An AppImage-style tarball: the bundle, a launcher that runs it from wherever it is unpacked,
# the desktop entry and the icon.
VERSION="$("$BUILD/venv/bin/python" -c 'import ponder; print(ponder.__version__)')"
NAME="ponder-$VERSION-linux-$(uname -m)"
STAGE="$BUILD/$NAME"
rm -rf "$STAGE"
mkdir -p "$STAGE"
cp -a "$BUILD/dist/ponder" "$STAGE/ponder"
cp "$ROOT/packaging/ponder.desktop" "$STAGE/ponder.desktop"
cp "$ROOT/resources/icons/ponder-256.png" "$STAGE/ponder.png"
cp "$ROOT/LICENSE" "$STAGE/LICENSE"
cat > "$STAGE/AppRun" <<'RUN'
#!/bin/sh
# Run Ponder from wherever this folder is. `./AppRun install-desktop` adds it to the menu.
HERE="$(dirname "$(readlink -f "$0")")"
exec "$HERE/ponder/ponder" "$@"
RUN
chmod +x "$STAGE/AppRun"
tar -C "$BUILD" -czf "$BUILD/$NAME.tar.gz" "$NAME"
echo "bundle:  $BUILD/dist/ponder  ($(du -sh "$BUILD/dist/ponder" | cut -f1))"
echo "tarball: $BUILD/$NAME.tar.gz  ($(du -sh "$BUILD/$NAME.tar.gz" | cut -f1))"
