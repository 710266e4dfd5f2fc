# tests/lib.sh: the harness every end-to-end test sources.  Prints TAP.
# Each script gets a fresh temporary folder, HOME and store; the binaries
# under test come from $CRM_BUILD/bin (default build/bin).
#
#   . "${0%/*}/lib.sh"
#   test_expect 'adds a contact' '
#       expect_status 0 crm-add contact --name Ann &&
#       grep -q "^[0-9a-f]\{16\}$" out
#   '
#   done_testing
#
# expect_status N CMD... runs CMD with stdout in ./out and stderr in ./err
# and fails unless it exits N.  test_cmp EXPECTED ACTUAL compares files.

set -u
TEST_NAME=${0##*/}
TEST_SRC=$(cd "${0%/*}" && pwd)
TOP=$(cd "$TEST_SRC/.." && pwd)
case ${CRM_BUILD:-build} in
/*) CRM_BIN=${CRM_BUILD}/bin ;;
*) CRM_BIN=$TOP/${CRM_BUILD:-build}/bin ;;
esac
SHARED_DATA=$TOP/../shared/data
TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/crm-test.XXXXXX")
test_count=0
test_failed=0

cleanup() {
	cd / && rm -rf "$TEST_DIR"
}
trap cleanup EXIT

HOME=$TEST_DIR/home
mkdir -p "$HOME"
PATH=$CRM_BIN:$PATH
CRM_AUTHOR='Test Author <author@example.test>'
GIT_AUTHOR_NAME='Git User' GIT_AUTHOR_EMAIL='git@example.test'
GIT_COMMITTER_NAME='Git User' GIT_COMMITTER_EMAIL='git@example.test'
LC_ALL=C.UTF-8
export HOME PATH CRM_AUTHOR LC_ALL
export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
unset CRM_DIR XDG_DATA_HOME CRM_NOW NO_COLOR COLUMNS
STORE=$HOME/.local/share/crm
cd "$TEST_DIR" || exit 1

# The store's number of commits (0 when there is no store).
commits() {
	git -C "${1:-$STORE}" rev-list --count HEAD 2>/dev/null || echo 0
}

expect_status() {
	want=$1
	shift
	"$@" >out 2>err
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "# '$*' exited $got, expected $want" >&2
		sed 's/^/#   stderr: /' err >&2
		return 1
	fi
	return 0
}

test_cmp() {
	diff -u "$1" "$2" >&2 || return 1
}

test_expect() {
	test_count=$((test_count + 1))
	if (eval "$2") >"$TEST_DIR/.log" 2>&1; then
		echo "ok $test_count - $1"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1"
		sed 's/^/# /' "$TEST_DIR/.log"
		# prove shows a test's stderr: the reason reaches CI logs too
		{ echo "# $TEST_NAME: not ok $test_count - $1"
		  sed 's/^/#   /' "$TEST_DIR/.log"; } >&2
	fi
}

skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

done_testing() {
	echo "1..$test_count"
	[ "$test_failed" -eq 0 ]
}
