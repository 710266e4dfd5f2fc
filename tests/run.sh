#!/bin/sh
# Runs the whole suite under prove: the unit tests of common/ (cmocka,
# TAP output) and the end-to-end tests of every binary.  prove prints the
# closing line ("Result: PASS").
set -u
cd "$(dirname "$0")/.." || exit 1
build=${CRM_BUILD:-build}
export CRM_BUILD=$build CMOCKA_MESSAGE_OUTPUT=TAP
chmod +x tests/t[0-9]*.sh 2>/dev/null
exec prove -e '' ${PROVE_FLAGS:-} "$build"/tests/u-* tests/t[0-9]*.sh
