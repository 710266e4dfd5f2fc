#!/bin/sh
# Makes sure the Debian packages crm needs are present.  As root it
# installs the missing ones with apt-get; otherwise it names them and
# fails.  With --check-build it only checks the build's libraries (no
# install, no network), for "make all".
set -u

build_pkgs="gcc make pkg-config libgit2-dev libyaml-dev libsqlite3-dev libjansson-dev libutf8proc-dev nettle-dev zlib1g-dev"
test_pkgs="git mandoc perl clang libcmocka-dev"

missing=""
for p in $build_pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done

if [ "${1:-}" = --check-build ]; then
	[ -z "$missing" ] && exit 0
	echo "crm: missing build packages:$missing" >&2
	echo "crm: install them with: sudo apt-get install -y$missing  (or run 'make setup' as root)" >&2
	exit 1
fi

for p in $test_pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "crm: installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2 || exit 1
	apt-get install -y -qq $missing >&2 || exit 1
	exit 0
fi
echo "crm: missing packages:$missing" >&2
echo "crm: install them with: sudo apt-get install -y$missing" >&2
exit 1
