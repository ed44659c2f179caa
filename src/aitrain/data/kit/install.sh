#!/bin/sh
# Install the aitrain course from this kit, with no network, then check the computer with `aitrain doctor`.
# Usage: sh install.sh [--path coded|policy] [FOLDER]
#   FOLDER is where the course's Python environment goes (default ~/aitrain-env); --path is the participant's path
#   through the course: coded (they write Python code) or policy (they read and decide, no code). Asked when not
#   given (AITRAIN_PATH=policy gives it too); `aitrain lab` then opens that path's notebooks.
# Needs Python @PYTHON@ (python@PYTHON@ or python3 on the PATH, or set PYTHON=/path/to/python).
# Asks the participant's name (as on the trainer's list) and writes it into their copy of the notebooks, so that a
# file they send is known as theirs; AITRAIN_NAME="..." gives it without asking, AITRAIN_COURSE_DIR=FOLDER puts
# the copy there instead of ~/aitrain-course (for a trainer preparing laptops).
set -eu
KIT=$(cd "$(dirname "$0")" && pwd)
COURSE_PATH=${AITRAIN_PATH:-}
if [ "${1:-}" = "--path" ]; then
  COURSE_PATH=${2:-}
  shift 2 || shift
fi
ENV_DIR=${1:-"$HOME/aitrain-env"}
if [ -z "$COURSE_PATH" ] && [ -t 0 ]; then
  printf "Your path through the course: coded (you write Python code) or policy (you read and decide, no code) [coded]: "
  read -r COURSE_PATH || COURSE_PATH=""
fi
COURSE_PATH=${COURSE_PATH:-coded}
case "$COURSE_PATH" in
  coded|policy) ;;
  *) echo "There is no '$COURSE_PATH' path through the course: give coded or policy." >&2; exit 1 ;;
esac

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
if [ -n "$NAME" ] || [ "$COURSE_PATH" != coded ]; then
  "$ENV_DIR/bin/aitrain" lab --copy-only --path "$COURSE_PATH" ${NAME:+--name "$NAME"} \
    ${AITRAIN_COURSE_DIR:+--dir "$AITRAIN_COURSE_DIR"}
fi
"$ENV_DIR/bin/aitrain" doctor
echo "Done. Open the course with: $ENV_DIR/bin/aitrain lab (the $COURSE_PATH path)"
