#!/bin/sh
# Hostile input, through the imports and committed into the store by
# hand: each refused cleanly, in bounded time and memory, with nothing
# written and nothing outside the store touched; a broken or foreign
# index file rebuilt rather than trusted.
. "${0%/*}/lib.sh"

# Runs a command with a time limit, and with its peak memory checked
# when /usr/bin/time can say it: peak KB in ./rss.
bounded() {
	if [ -x /usr/bin/time ]; then
		timeout 60 /usr/bin/time -f "%M" -o rss.all "$@"
		st=$?
		tail -n 1 rss.all >rss
		return $st
	fi
	echo 0 >rss
	timeout 60 "$@"
}

test_expect 'setup: a store with one contact' '
	crm-add -q contact --name Anchor --email anchor@x.example >/dev/null
'

test_expect 'YAML bombs, aliases, tags, duplicate keys: refused at once, nothing written' '
	n=$(commits) &&
	cat >bomb.yaml <<-\EOF &&
	a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
	b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
	c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
	d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
	name: Bomb
	EOF
	bounded crm-add contact --from bomb.yaml >out 2>err; test $? -eq 65 &&
	grep -q "bomb.yaml:1:4: anchors are not allowed" err &&
	test "$(cat rss)" -lt 102400 &&
	printf "name: &x Self\nemail: *x\n" >alias.yaml &&
	expect_status 65 crm-add contact --from alias.yaml &&
	printf "name: !!python/object:os.system A\n" >tag.yaml &&
	expect_status 65 crm-add contact --from tag.yaml && grep -q "tags are not allowed" err &&
	printf "name: A\nname: B\n" >dup.yaml &&
	expect_status 65 crm-add contact --from dup.yaml && grep -q "duplicate field .name." err &&
	test "$(commits)" -eq "$n"
'

test_expect '200,000 nested brackets (YAML, JSON), 100,000 in a filter (an argument holds 128 KiB) and a 10 MB value: clean errors' '
	n=$(commits) &&
	awk "BEGIN { printf \"name: \"; for (i = 0; i < 200000; i++) printf \"[\"; print \"\" }" >nest.yaml &&
	bounded crm-add contact --from nest.yaml >out 2>err; test $? -eq 65 &&
	test "$(cat rss)" -lt 102400 &&
	awk "BEGIN { printf \"{\\\"name\\\":\"; for (i = 0; i < 200000; i++) printf \"[\"; print \"}\" }" >nest.jsonl &&
	bounded crm-add contact --from nest.jsonl >out 2>err; test $? -eq 65 &&
	grep -q "nest.jsonl:1:" err &&
	awk "BEGIN { for (i = 0; i < 100000; i++) printf \"(\"; print \"a\" }" >nest.filter &&
	bounded crm-find "$(cat nest.filter)" >out 2>err; test $? -eq 64 &&
	awk "BEGIN { printf \"name: \"; for (i = 0; i < 10485760; i++) printf \"x\"; print \"\" }" >big.yaml &&
	bounded crm-add contact --from big.yaml >out 2>err; test $? -eq 65 &&
	grep -q "big.yaml:1:7: value longer than" err &&
	test "$(cat rss)" -lt 102400 &&
	test "$(commits)" -eq "$n"
'

test_expect 'a CSV with an unbalanced quote on row 2 of a million: named at once' '
	awk "BEGIN { print \"name,email\"; print \"\\\"Broken,b@x.example\";
		for (i = 0; i < 1000000; i++) printf \"P %d,p%d@x.example\\n\", i, i }" >million.csv &&
	bounded crm-add contact --from million.csv >out 2>err; test $? -eq 65 &&
	grep -q "^crm-add: million.csv:2: byte 1: unterminated quoted field$" err &&
	test "$(cat rss)" -lt 102400
'

test_expect 'record files committed by hand: a bomb, two documents, a wrong id, a symlink' '
	git clone -q "$STORE" work &&
	(cd work && mkdir -p contacts/ab &&
	 cp ../bomb.yaml contacts/ab/abababababababab.yaml &&
	 printf "id: abab0000abab0000\nname: Two\n---\nid: abab0000abab0000\nname: Docs\n" \
		>contacts/ab/abab0000abab0000.yaml &&
	 printf "id: 1111111111111111\nname: Wrong Path\n" >contacts/ab/abababab00000000.yaml &&
	 ln -s /etc/passwd contacts/ab/abcdabcdabcdabcd.yaml &&
	 git add -A && git commit -qm hostile && git push -q origin main) &&
	bounded crm-find -o name >out 2>err; test $? -eq 0 &&
	cp "$STORE/crm-index.sqlite" idx.keep &&
	echo Anchor >expect && test_cmp expect out &&
	grep -q "could not be read and are left out" err &&
	expect_status 65 crm fsck &&
	grep -q "abab0000abab0000.yaml: more than one document" out &&
	grep -q "abababab00000000.yaml: field .id.: 1111111111111111 does not match" out &&
	grep -q "abababababababab.yaml:1:4: anchors are not allowed" out &&
	grep -q "abcdabcdabcdabcd.yaml" out &&
	expect_status 67 crm-add --update abab0000abab0000 --city X &&
	crm-add -q contact --name After --email after@x.example >/dev/null &&
	{ git -C "$STORE" fsck --strict 2>&1 | grep -v "^Checking\|^dangling" >fsck.out; true; } &&
	test ! -s fsck.out
'

test_expect 'a garbage, empty, foreign or symlinked index is rebuilt, never trusted or followed' '
	echo precious >outside &&
	for kind in garbage empty foreign symlink; do
		rm -f "$STORE"/crm-index.sqlite "$STORE"/crm-index.sqlite-*
		case $kind in
		garbage) head -c 65536 /dev/urandom >"$STORE/crm-index.sqlite" ;;
		empty) : >"$STORE/crm-index.sqlite" ;;
		foreign)
			command -v sqlite3 >/dev/null 2>&1 || continue
			sqlite3 "$STORE/crm-index.sqlite" "CREATE TABLE contact(x); INSERT INTO contact VALUES (1);" ;;
		symlink) ln -s "$TEST_DIR/outside" "$STORE/crm-index.sqlite" ;;
		esac
		crm-find -o name --sort name >got 2>/dev/null ||
			{ echo "# $kind: crm-find failed"; return 1; }
		printf "After\nAnchor\n" >expect &&
		{ test_cmp expect got || { echo "# $kind: wrong answer"; return 1; }; }
	done &&
	echo precious >expect && test_cmp expect outside &&
	test ! -L "$STORE/crm-index.sqlite"
'

test_expect 'a symlink planted at the lock file is not followed: exit 74 naming it' '
	echo precious >outside.lock &&
	n=$(commits) &&
	ln -s "$TEST_DIR/outside.lock" "$STORE/crm.lock" 2>/dev/null ||
		{ rm -f "$STORE/crm.lock" && ln -s "$TEST_DIR/outside.lock" "$STORE/crm.lock"; } &&
	expect_status 74 crm-add contact --name Locked &&
	grep -q "crm.lock" err &&
	echo precious >expect && test_cmp expect outside.lock &&
	test "$(commits)" -eq "$n" &&
	rm "$STORE/crm.lock" &&
	expect_status 0 crm-add -q contact --name Unlocked
'

done_testing
