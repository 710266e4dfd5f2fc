#!/bin/sh
# crm: the dispatcher (crm add ... runs crm-add ..., like git) and its own
# verbs: init, reindex, help, --version, -C.
. "${0%/*}/lib.sh"

q() {
	printf "'%s'" "$1"
}

test_expect '--version names the program and version' '
	expect_status 0 crm --version &&
	grep -qx "crm (crm) [0-9][0-9.]*[0-9A-Za-z.~+-]*" out &&
	test ! -s err &&
	v=$(sed "s/^crm (crm) //" out) &&
	expect_status 0 crm-add --version &&
	echo "crm-add (crm) $v" >expect &&
	test_cmp expect out
'

test_expect '-h prints the usage on stdout and exits 0' '
	expect_status 0 crm -h &&
	head -1 out | grep -q "^usage: crm " &&
	grep -q "^   init " out &&
	grep -q "^   reindex " out &&
	grep -q "^   add " out &&
	test ! -s err
'

test_expect 'crm help is crm -h' '
	crm -h >expect &&
	expect_status 0 crm help &&
	test_cmp expect out
'

test_expect 'crm help add shows crm-add'"'"'s help' '
	crm-add -h >expect &&
	expect_status 0 crm help add &&
	test_cmp expect out
'

test_expect 'crm help of an unknown command: 64' '
	expect_status 64 crm help frobnicate &&
	test ! -s out &&
	head -1 err >first &&
	echo "crm: $(q frobnicate) is not a crm command; see $(q "crm help")" >expect &&
	test_cmp expect first
'

test_expect 'no command: the usage on stderr, 64' '
	expect_status 64 crm &&
	test ! -s out &&
	head -1 err | grep -q "^usage: crm "
'

test_expect 'an unknown command: 64, nothing on stdout' '
	expect_status 64 crm frobnicate --name x &&
	test ! -s out &&
	echo "crm: $(q frobnicate) is not a crm command; see $(q "crm help")" >expect &&
	test_cmp expect err &&
	test ! -e "$STORE"
'

test_expect 'a command name with a path in it is never run: 64' '
	mkdir -p evil && printf "#!/bin/sh\necho ran\n" >evil/crm-x &&
	chmod +x evil/crm-x &&
	for name in ../evil/x evil/x /bin/sh Add -x ""; do
		crm "$name" >out 2>err
		rc=$?
		test "$rc" -eq 64 || { echo "# crm $(q "$name") exited $rc"; exit 1; }
		! grep -q ran out || exit 1
	done
'

test_expect 'an unknown option: 64' '
	expect_status 64 crm --bogus &&
	head -1 err >first &&
	grep -q "^crm: .*--bogus" first
'

test_expect 'crm init creates the default store and says where' '
	expect_status 0 crm init &&
	echo "crm: created the store at $STORE" >expect &&
	test_cmp expect err &&
	test ! -s out &&
	test "$(git -C "$STORE" rev-parse --is-bare-repository)" = true &&
	test "$(commits)" -eq 1 &&
	git -C "$STORE" log --format="%s|%an <%ae>" >log &&
	echo "init store|Test Author <author@example.test>" >expect &&
	test_cmp expect log &&
	git -C "$STORE" ls-tree --name-only HEAD >files &&
	printf ".gitattributes\ncrm.yaml\n" >expect &&
	test_cmp expect files
'

test_expect 'crm init creates it private' '
	find "$STORE" -perm /077 >loose &&
	test_cmp /dev/null loose
'

test_expect 'crm init on an existing store changes nothing' '
	expect_status 0 crm init &&
	echo "crm: the store at $STORE exists already" >expect &&
	test_cmp expect err &&
	test "$(commits)" -eq 1
'

test_expect 'crm init DIR creates a store there' '
	expect_status 0 crm init "$TEST_DIR/other" &&
	echo "crm: created the store at $TEST_DIR/other" >expect &&
	test_cmp expect err &&
	test "$(commits "$TEST_DIR/other")" -eq 1
'

test_expect 'crm -C DIR init and CRM_DIR choose the store too' '
	expect_status 0 crm -C "$TEST_DIR/third" init &&
	test "$(commits "$TEST_DIR/third")" -eq 1 &&
	expect_status 0 env CRM_DIR="$TEST_DIR/fourth" crm init &&
	echo "crm: created the store at $TEST_DIR/fourth" >expect &&
	test_cmp expect err
'

test_expect 'crm init refuses a folder that holds other files: 65' '
	mkdir junk && echo data >junk/file &&
	expect_status 65 crm init junk &&
	echo "crm: junk exists and is not a crm store" >expect &&
	test_cmp expect err &&
	test "$(ls junk)" = file
'

test_expect 'crm init takes one folder at most: 64' '
	expect_status 64 crm init a b &&
	head -1 err >first &&
	echo "crm: init takes one folder at most" >expect &&
	test_cmp expect first &&
	test ! -e a && test ! -e b
'

test_expect 'crm init -q is silent' '
	expect_status 0 crm -q init "$TEST_DIR/quiet" &&
	test ! -s out && test ! -s err &&
	test "$(commits "$TEST_DIR/quiet")" -eq 1
'

test_expect 'crm add runs crm-add with the same arguments' '
	expect_status 0 crm add contact --name "Jane Doe" --email jane@acme.example &&
	grep -qx "[0-9a-f]\{16\}" out &&
	test ! -s err &&
	cp out jane.id &&
	test "$(commits)" -eq 2 &&
	git -C "$STORE" log -1 --format=%s >msg &&
	printf "add contact %.8s\n" "$(cat jane.id)" >expect &&
	test_cmp expect msg
'

test_expect 'crm add passes the exit status and messages through' '
	expect_status 65 crm add contact --email x@y.example &&
	echo "crm-add: command line: field $(q name) is missing" >expect &&
	test_cmp expect err &&
	expect_status 67 crm add --update nobody@x.example --set a=b &&
	expect_status 64 crm add contact --bogus &&
	test "$(commits)" -eq 2
'

test_expect 'crm add -h prints crm-add'"'"'s help' '
	crm-add -h >expect &&
	expect_status 0 crm add -h &&
	test_cmp expect out
'

test_expect 'crm -C DIR add writes to DIR' '
	before=$(commits) &&
	expect_status 0 crm -C "$TEST_DIR/other" add contact --name Other &&
	test "$(commits "$TEST_DIR/other")" -eq 2 &&
	test "$(commits)" -eq "$before" &&
	expect_status 0 crm --store "$TEST_DIR/other" add contact --name Other2 &&
	test "$(commits "$TEST_DIR/other")" -eq 3
'

test_expect 'crm -C DIR overrides CRM_DIR for the command it runs' '
	expect_status 0 env CRM_DIR="$TEST_DIR/third" crm -C "$TEST_DIR/other" \
		add contact --name Other3 &&
	test "$(commits "$TEST_DIR/other")" -eq 4 &&
	test "$(commits "$TEST_DIR/third")" -eq 1
'

test_expect 'crm add runs the crm-add beside crm before one on PATH' '
	mkdir -p fake &&
	printf "#!/bin/sh\necho fake-crm-add \"\$@\"\n" >fake/crm-add &&
	chmod +x fake/crm-add &&
	PATH=$TEST_DIR/fake:$PATH &&
	export PATH &&
	expect_status 0 crm add contact --name Real &&
	grep -qx "[0-9a-f]\{16\}" out
'

test_expect 'a crm without a crm-add beside it finds crm-add on PATH' '
	mkdir -p solo fake &&
	cp "$CRM_BIN/crm" solo/crm &&
	printf "#!/bin/sh\necho fake-crm-add \"\$@\"\n" >fake/crm-add &&
	chmod +x fake/crm-add &&
	PATH=$TEST_DIR/fake:$PATH &&
	export PATH &&
	expect_status 0 solo/crm add contact --name "Two Words" &&
	echo "fake-crm-add contact --name Two Words" >expect &&
	test_cmp expect out
'

test_expect 'crm NAME runs crm-NAME from PATH with its arguments and -C as CRM_DIR' '
	mkdir -p fake &&
	printf "#!/bin/sh\nprintf \"%%s|\" \"\${0##*/}\" \"\$@\" \"\${CRM_DIR-unset}\"; echo\nexit 3\n" >fake/crm-hello &&
	chmod +x fake/crm-hello &&
	PATH=$TEST_DIR/fake:$PATH &&
	export PATH &&
	crm -C /some/store hello "a b" c >out 2>err
	rc=$? &&
	test "$rc" -eq 3 &&
	echo "crm-hello|a b|c|/some/store|" >expect &&
	test_cmp expect out
'

test_expect 'crm reindex rebuilds the index and counts records' '
	crm-add org --name Acme >/dev/null &&
	crm-add contact --name Bob >/dev/null &&
	rm -f "$STORE"/crm-index.sqlite* &&
	n=$(git -C "$STORE" ls-tree -r --name-only HEAD contacts orgs deals | wc -l) &&
	test "$n" -eq 4 &&
	expect_status 0 crm reindex &&
	echo "crm: indexed $n records" >expect &&
	test_cmp expect err &&
	test ! -s out &&
	test -f "$STORE/crm-index.sqlite" &&
	find "$STORE" -perm /077 >loose &&
	test_cmp /dev/null loose &&
	expect_status 0 crm-add --update jane@acme.example --tag x &&
	test_cmp jane.id out
'

test_expect 'crm reindex makes no commit and -q silences it' '
	before=$(commits) &&
	expect_status 0 crm -q reindex &&
	test ! -s out && test ! -s err &&
	test "$(commits)" -eq "$before"
'

test_expect 'crm reindex takes no arguments: 64' '
	expect_status 64 crm reindex now &&
	head -1 err >first &&
	echo "crm: reindex takes no arguments" >expect &&
	test_cmp expect first
'

test_expect 'crm reindex without a store: 66, and creates none' '
	expect_status 66 crm -C "$TEST_DIR/nowhere" reindex &&
	echo "crm: no store at $TEST_DIR/nowhere (crm init creates one)" >expect &&
	test_cmp expect err &&
	test ! -e "$TEST_DIR/nowhere"
'

done_testing
