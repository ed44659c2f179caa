#!/bin/sh
# Install the aitrain course from this kit, with no network, then check the computer with `aitrain doctor`.
# Usage: sh install.sh [FOLDER]    FOLDER is where the course's Python environment goes (default ~/aitrain-env).
# Needs Python @PYTHON@ (python@PYTHON@ or python3 on the PATH, or set PYTHON=/path/to/python).
# Asks the participant's name (as on the trainer's list) and writes it into their copy of the notebooks, so that a
# file they send is known as theirs; AITRAIN_NAME="..." gives it without asking, AITRAIN_COURSE_DIR=FOLDER puts
# the copy there instead of ~/aitrain-course (for a trainer preparing laptops).
set -eu
KIT=$(cd "$(dirname "$0")" && pwd)
ENV_DIR=${1:-"$HOME/aitrain-env"}

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) PLATFORM=linux-x86_64 ;;
  Darwin-arm64) PLATFORM=macos-arm64 ;;
  Darwin-x86_64) PLATFORM=macos-x86_64 ;;
  *) echo "This kit has no packages for $(uname -s) $(uname -m)." >&2; exit 1 ;;
esac
if [ ! -d "$KIT/wheels/$PLATFORM" ]; then
  echo "This kit was built without the packages for $PLATFORM (no folder wheels/$PLATFORM)." >&2
  exit 1
fi

if [ -z "${PYTHON:-}" ]; then
  PYTHON=$(command -v python@PYTHON@ || command -v python3 || true)
fi
if [ -z "$PYTHON" ] || ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != tuple(map(int, "@PYTHON@".split("."))))'; then
  echo "This kit needs Python @PYTHON@; found ${PYTHON:-no python3}. Install Python @PYTHON@, or set PYTHON=/path/to/python@PYTHON@." >&2
  exit 1
fi

echo "Installing the course into $ENV_DIR (no internet needed) ..."
"$PYTHON" -m venv "$ENV_DIR"
"$ENV_DIR/bin/python" -m pip install --quiet --no-index --find-links "$KIT/wheels/$PLATFORM" aitrain
NAME=${AITRAIN_NAME:-}
if [ -z "$NAME" ] && [ -t 0 ]; then
  printf "Your name as on your trainer's list (written into your notebooks so that your trainer knows a file you send is yours; Enter to skip): "
  read -r NAME || NAME=""
fi
if [ -n "$NAME" ]; then
  "$ENV_DIR/bin/aitrain" lab --copy-only --name "$NAME" ${AITRAIN_COURSE_DIR:+--dir "$AITRAIN_COURSE_DIR"}
fi
"$ENV_DIR/bin/aitrain" doctor
echo "Done. Open the course with: $ENV_DIR/bin/aitrain lab"
