#!/bin/sh
# The store is a plain bare git repository: one commit per command, plain
# git reads it, a clone edited by hand and pushed back is picked up by the
# index (and by crm reindex), the index is disposable, and the store stays
# sound (git fsck --strict) and private.
. "${0%/*}/lib.sh"

rpath() {
	printf '%s/%.2s/%s.yaml\n' "$1" "$2" "$2"
}

show() {
	git -C "$STORE" show "HEAD:$(rpath "$1" "$2")"
}

private() {
	find "$STORE" -perm /077 >loose &&
	test_cmp /dev/null loose
}

test_expect 'each command is exactly one commit' '
	crm-add contact --name "Jane Doe" --email jane@acme.example --org Acme >jane.id 2>/dev/null &&
	test "$(commits)" -eq 2 &&
	crm-add contact --name "Bob Roe" --email bob@x.example >bob.id &&
	test "$(commits)" -eq 3 &&
	crm-add deal --title Renewal --contact jane@acme.example --amount 100 >deal.id &&
	test "$(commits)" -eq 4 &&
	crm-add --update jane@acme.example --update bob@x.example --tag t >/dev/null &&
	test "$(commits)" -eq 5 &&
	printf "{\"name\":\"I1\"}\n{\"name\":\"I2\",\"org\":\"Initech\"}\n" >i.jsonl &&
	crm-add contact --from i.jsonl >/dev/null 2>&1 &&
	test "$(commits)" -eq 6 &&
	crm-add --update bob@x.example --tag t >/dev/null &&
	test "$(commits)" -eq 6
'

test_expect 'git log lists what each commit did, by kind and id' '
	git -C "$STORE" log --format=%s >log &&
	test "$(wc -l <log)" -eq 6 &&
	sed -n 6p log | grep -qx "init store" &&
	sed -n 5p log | grep -qx "add org [0-9a-f]\{8\}, add contact $(cut -c1-8 jane.id)" &&
	sed -n 4p log | grep -qx "add contact $(cut -c1-8 bob.id)" &&
	sed -n 3p log | grep -qx "add deal $(cut -c1-8 deal.id)" &&
	sed -n 2p log | grep -qx "update contact $(cut -c1-8 jane.id), update contact $(cut -c1-8 bob.id)" &&
	sed -n 1p log | grep -q "^add contact [0-9a-f]\{8\}, add org [0-9a-f]\{8\}, add contact [0-9a-f]\{8\}$\|^add contact [0-9a-f]\{8\}, add contact [0-9a-f]\{8\}, add org [0-9a-f]\{8\}$\|^import 2 contacts, add 1 org"
'

test_expect 'every commit is by CRM_AUTHOR; none carries personal data' '
	git -C "$STORE" log --format="%an <%ae>|%cn <%ce>" | sort -u >authors &&
	echo "Test Author <author@example.test>|Test Author <author@example.test>" >expect &&
	test_cmp expect authors &&
	git -C "$STORE" log --format=%B >msgs &&
	! grep -i -e jane -e bob -e acme -e initech -e renewal msgs
'

test_expect 'without CRM_AUTHOR the author comes from git config' '
	git config --global user.name "Cfg User" &&
	git config --global user.email cfg@example.test &&
	(unset CRM_AUTHOR && crm-add contact --name "Cfg Made" >/dev/null) &&
	git -C "$STORE" log -1 --format="%an <%ae>" >actual &&
	echo "Cfg User <cfg@example.test>" >expect &&
	test_cmp expect actual
'

test_expect 'plain git reads the store: ls-tree, show, grep' '
	git -C "$STORE" ls-tree -r --name-only HEAD >files &&
	grep -qx "$(rpath contacts "$(cat jane.id)")" files &&
	grep -qx "$(rpath deals "$(cat deal.id)")" files &&
	grep -qx crm.yaml files &&
	grep -qx .gitattributes files &&
	git -C "$STORE" grep -l jane@acme.example HEAD >hits &&
	echo "HEAD:$(rpath contacts "$(cat jane.id)")" >expect &&
	test_cmp expect hits
'

test_expect 'git fsck --strict is clean and the store private' '
	git -C "$STORE" fsck --strict &&
	private
'

test_expect 'a clone has the records as files' '
	git clone -q "$STORE" work &&
	test -f "work/$(rpath contacts "$(cat jane.id)")" &&
	test -f work/crm.yaml &&
	test -f work/.gitattributes &&
	test "$(git -C work rev-parse --abbrev-ref HEAD)" = main
'

test_expect 'a hand edit pushed back is found by the index at once' '
	f=$(rpath contacts "$(cat jane.id)") &&
	sed "s/^email: .*/email: [jane.new@acme.example]/" "work/$f" >tmp &&
	mv tmp "work/$f" &&
	(cd work && git commit -qam "new email" && git push -q origin main) &&
	before=$(commits) &&
	expect_status 0 crm-add --update jane.new@acme.example --set city=Nice &&
	test_cmp jane.id out &&
	test "$(commits)" -eq $((before + 1)) &&
	show contacts "$(cat jane.id)" >j &&
	grep -qx "email: \[jane.new@acme.example\]" j &&
	grep -qx "city: Nice" j
'

test_expect 'the old email is gone from the index and free again' '
	expect_status 67 crm-add --update jane@acme.example --set city=X &&
	echo "crm-add: record '"'"'jane@acme.example'"'"' not found" >expect &&
	test_cmp expect err &&
	expect_status 0 crm-add contact --name "New Jane" --email jane@acme.example
'

test_expect 'a record added by hand in the clone is found by email and prefix' '
	(cd work && git pull -q &&
	 mkdir -p contacts/ab &&
	 printf "id: ab00000000000001\nname: Hand Made\nemail: [hand@x.example]\n" \
		>contacts/ab/ab00000000000001.yaml &&
	 git add contacts && git commit -qm "hand add" && git push -q origin main) &&
	expect_status 0 crm-add --update hand@x.example --tag found &&
	echo ab00000000000001 >expect &&
	test_cmp expect out &&
	expect_status 0 crm-add --update ab00 --tag found2 &&
	test_cmp expect out &&
	show contacts ab00000000000001 | grep -qx "tags: \[found, found2\]"
'

test_expect 'a record deleted by hand in the clone is gone from the index' '
	f=$(rpath contacts "$(cat bob.id)") &&
	(cd work && git pull -q &&
	 git rm -q "$f" &&
	 git commit -qm "hand rm" && git push -q origin main) &&
	expect_status 67 crm-add --update bob@x.example --set city=X &&
	expect_status 67 crm-add --update "$(cat bob.id)" --set city=X &&
	expect_status 0 crm-add contact --name "Bob Reborn" --email bob@x.example
'

test_expect 'crm reindex rebuilds the index and counts the records' '
	n=$(git -C "$STORE" ls-tree -r --name-only HEAD contacts orgs deals | wc -l) &&
	expect_status 0 crm reindex &&
	echo "crm: indexed $n records" >expect &&
	test_cmp expect err &&
	test ! -s out &&
	expect_status 0 crm-add --update jane.new@acme.example --tag reindexed &&
	test_cmp jane.id out
'

test_expect 'crm reindex finds hand edits too' '
	(cd work && git pull -q &&
	 f=$(rpath contacts ab00000000000001) &&
	 sed "s/^email: .*/email: [hand2@x.example]/" "$f" >tmp && mv tmp "$f" &&
	 git commit -qam "hand edit 2" && git push -q origin main) &&
	expect_status 0 crm reindex &&
	expect_status 0 crm-add --update hand2@x.example --tag again &&
	echo ab00000000000001 >expect &&
	test_cmp expect out &&
	expect_status 67 crm-add --update hand@x.example --tag again
'

test_expect 'deleting the index loses nothing: the next command rebuilds it' '
	rm -f "$STORE"/crm-index.sqlite* &&
	expect_status 0 crm-add --update jane.new@acme.example --tag rebuilt &&
	test_cmp jane.id out &&
	test -f "$STORE/crm-index.sqlite" &&
	expect_status 65 crm-add contact --name Dup --email hand2@x.example &&
	expect_status 67 crm-add --update abcdef --tag x
'

test_expect 'crm reindex works without an index file' '
	rm -f "$STORE"/crm-index.sqlite* &&
	expect_status 0 crm reindex &&
	grep -qx "crm: indexed [0-9]* records" err &&
	test -f "$STORE/crm-index.sqlite"
'

test_expect 'crm.yaml edited by hand: currency, pipeline and field types apply' '
	(cd work && git pull -q &&
	 sed -e "s/^currency: EUR$/currency: USD/" -e "s/^  lead: 10$/  lead: 5/" \
		crm.yaml >tmp && mv tmp crm.yaml &&
	 printf "fields:\n  version: text\n  score: number\n" >>crm.yaml &&
	 git commit -qam "settings" && git push -q origin main) &&
	expect_status 0 crm-add deal --title "Dollar deal" --contact jane.new@acme.example --amount 5 &&
	show deals "$(cat out)" >d &&
	grep -qx "currency: USD" d &&
	grep -qx "stage: lead" d &&
	grep -qx "probability: 5" d &&
	expect_status 0 crm-add contact --name Typed --set version=1.10 --set score=7 &&
	show contacts "$(cat out)" >t &&
	grep -qx "version: '"'"'1.10'"'"'" t &&
	grep -qx "score: 7" t &&
	expect_status 65 crm-add contact --name Typed2 --set score=abc &&
	echo "crm-add: command line: field '"'"'score'"'"': expected a number, not '"'"'abc'"'"'" >expect &&
	test_cmp expect err
'

test_expect 'pushes from a clone keep the store private and sound' '
	private &&
	git -C "$STORE" fsck --strict &&
	test "$(git -C "$STORE" symbolic-ref HEAD)" = refs/heads/main
'

test_expect 'a clone of the store works as a store (crm -C)' '
	git clone -q --bare "$STORE" copy.git &&
	expect_status 0 crm-add -C copy.git --update jane.new@acme.example --tag copy &&
	test_cmp jane.id out &&
	! show contacts "$(cat jane.id)" | grep -q copy
'

test_expect 'crm init on an empty bare git repository makes it a store or refuses' '
	git init -q --bare -b master plain.git &&
	crm init plain.git >out 2>err
	rc=$? &&
	sed "s/^/# stderr: /" err &&
	if [ "$rc" -eq 0 ]; then
		git -C plain.git show HEAD:crm.yaml >/dev/null &&
		git -C plain.git show HEAD:.gitattributes >/dev/null
	else
		test "$rc" -eq 65 &&
		echo "crm: plain.git exists and is not a crm store" >expect &&
		test_cmp expect err
	fi
'

test_expect 'crm-add refuses to write into a git repository that is not a crm store' '
	git init -q code && (cd code && echo x >main.c && git add main.c &&
		git commit -qm code) &&
	git clone -q --bare code code.git &&
	expect_status 65 crm-add -C code.git contact --name Oops &&
	grep -q "^crm-add: code.git is not a crm store" err &&
	test "$(git -C code.git for-each-ref | wc -l)" -eq 1 &&
	test ! -e code.git/crm-index.sqlite
'

test_expect 'what crm-add reports as written is on the branch HEAD names' '
	expect_status 0 crm-add contact --name Visible &&
	id=$(cat out) &&
	git -C "$STORE" show "HEAD:$(rpath contacts "$id")" >/dev/null &&
	git init -q --bare -b master odd.git 2>/dev/null || git init -q --bare odd.git &&
	if crm-add -C odd.git contact --name Odd >odd.out 2>odd.err; then
		git -C odd.git show "HEAD:$(rpath contacts "$(cat odd.out)")" >/dev/null
	fi
'

test_expect 'a store another user owns is refused by name, never taken for no store' '
	if [ "$(id -u)" -ne 0 ] || ! id nobody >/dev/null 2>&1; then
		echo "# not root: cannot hand a store to another user; skipped"; exit 0
	fi
	CRM_DIR=$TEST_DIR/theirs crm-add -q contact --name Theirs >/dev/null &&
	chown -R nobody "$TEST_DIR/theirs" &&
	head=$(git -C "$TEST_DIR/theirs" -c safe.directory="*" rev-parse HEAD) &&
	CRM_DIR=$TEST_DIR/theirs expect_status 66 crm-add contact --name Mine &&
	grep -q "theirs belongs to nobody (uid [0-9]*), not to you" err &&
	test "$(git -C "$TEST_DIR/theirs" -c safe.directory="*" rev-parse HEAD)" = "$head" &&
	test -z "$(find "$TEST_DIR/theirs" -user root)" &&
	chown -R root "$TEST_DIR/theirs"
'

done_testing
