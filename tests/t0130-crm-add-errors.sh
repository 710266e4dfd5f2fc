#!/bin/sh
# crm-add: bad input.  Each case checks the exit status, the exact message
# on stderr, and that the store did not change (no commit, nothing on
# stdout).
. "${0%/*}/lib.sh"

rpath() {
	printf '%s/%.2s/%s.yaml\n' "$1" "$2" "$2"
}

show() {
	git -C "$STORE" show "HEAD:$(rpath "$1" "$2")"
}

q() {
	printf "'%s'" "$1"
}

# unchanged: the store has the number of commits saved in ./commits.before
# and the tree saved in ./tree.before.
save() {
	commits >commits.before &&
	git -C "$STORE" rev-parse HEAD >head.before
}

unchanged() {
	test "$(commits)" -eq "$(cat commits.before)" &&
	test "$(git -C "$STORE" rev-parse HEAD)" = "$(cat head.before)"
}

test_expect 'a usage error before the store exists does not create it' '
	expect_status 64 crm-add contact --bogus &&
	test ! -e "$STORE"
'

test_expect 'setup: a store with two contacts whose ids share a prefix, and an org' '
	cat >seed.yaml <<-\EOF &&
	id: abcd000000000001
	name: Ann One
	email: [ann@one.example]
	---
	id: abcd000000000002
	name: Bob Two
	email: [bob@two.example]
	EOF
	crm-add contact --from seed.yaml >/dev/null 2>&1 &&
	crm-add org --name Acme >acme.id 2>/dev/null &&
	test "$(commits)" -eq 3
'

test_expect 'unknown option: 64, names the option, prints the usage' '
	save &&
	expect_status 64 crm-add contact --name X --bogus &&
	head -1 err >first &&
	echo "crm-add: unknown option $(q --bogus)" >expect &&
	test_cmp expect first &&
	sed -n 2p err | grep -q "^usage: crm-add " &&
	test ! -s out &&
	unchanged
'

test_expect 'an option without its value: 64' '
	save &&
	expect_status 64 crm-add contact --name &&
	head -1 err >first &&
	echo "crm-add: option $(q --name) needs a value" >expect &&
	test_cmp expect first &&
	unchanged
'

test_expect 'no kind: 64' '
	save &&
	expect_status 64 crm-add --name X &&
	head -1 err >first &&
	echo "crm-add: what to add: contact, org or deal" >expect &&
	test_cmp expect first &&
	unchanged
'

test_expect 'an unknown kind: 64' '
	save &&
	expect_status 64 crm-add person --name X &&
	head -1 err >first &&
	echo "crm-add: cannot add $(q person): expected contact, org or deal" >expect &&
	test_cmp expect first &&
	unchanged
'

test_expect 'interactions are not added by crm-add: 64' '
	expect_status 64 crm-add log --name X &&
	head -1 err >first &&
	echo "crm-add: cannot add $(q log): expected contact, org or deal (crm-log records interactions)" >expect &&
	test_cmp expect first
'

test_expect 'an extra argument: 64' '
	save &&
	expect_status 64 crm-add contact org --name X &&
	head -1 err >first &&
	echo "crm-add: unexpected argument $(q org)" >expect &&
	test_cmp expect first &&
	unchanged
'

test_expect '--set without =: 64' '
	save &&
	expect_status 64 crm-add contact --name X --set novalue &&
	head -1 err >first &&
	echo "crm-add: --set: expected field=value, not $(q novalue)" >expect &&
	test_cmp expect first &&
	unchanged
'

test_expect '--set id=...: 64, the id cannot change' '
	save &&
	expect_status 64 crm-add --update ann@one.example --set id=abcd000000000009 &&
	echo "crm-add: --set: the id cannot change" >expect &&
	test_cmp expect err &&
	unchanged
'

test_expect 'a field option that does not apply to the kind: 64' '
	save &&
	expect_status 64 crm-add org --name Org --email x@org.example &&
	echo "crm-add: --email does not apply to an org" >expect &&
	test_cmp expect err &&
	expect_status 64 crm-add --update acme --email x@org.example &&
	test_cmp expect err &&
	unchanged
'

test_expect '--update and --from together: 64' '
	save &&
	expect_status 64 crm-add --update ann@one.example --from seed.yaml &&
	head -1 err >first &&
	echo "crm-add: --update and --from do not go together; use --update -" >expect &&
	test_cmp expect first &&
	unchanged
'

test_expect 'missing name: 65' '
	save &&
	expect_status 65 crm-add contact --email nobody@x.example &&
	echo "crm-add: command line: field $(q name) is missing" >expect &&
	test_cmp expect err &&
	test ! -s out &&
	unchanged
'

test_expect 'an empty name: 65' '
	save &&
	expect_status 65 crm-add contact --name "" &&
	echo "crm-add: command line: field $(q name) is missing" >expect &&
	test_cmp expect err &&
	unchanged
'

test_expect 'removing the name by --update: 65' '
	save &&
	expect_status 65 crm-add --update ann@one.example --name "" &&
	echo "crm-add: command line: field $(q name) is missing" >expect &&
	test_cmp expect err &&
	unchanged
'

test_expect 'a deal without a title: 65' '
	save &&
	expect_status 65 crm-add deal --contact ann@one.example &&
	echo "crm-add: command line: field $(q title) is missing" >expect &&
	test_cmp expect err &&
	unchanged
'

test_expect 'a bad email address: 65' '
	save &&
	expect_status 65 crm-add contact --name X --email not-an-email &&
	echo "crm-add: command line: field $(q email): $(q not-an-email) is not an email address" >expect &&
	test_cmp expect err &&
	unchanged
'

test_expect 'a duplicate email: 65, names the contact that has it' '
	save &&
	expect_status 65 crm-add contact --name "Ann Again" --email ANN@one.example &&
	echo "crm-add: command line: field $(q email): ANN@one.example is already the email of contact abcd000000000001 (Ann One); use --upsert to update it" >expect &&
	test_cmp expect err &&
	test ! -s out &&
	unchanged
'

test_expect 'a duplicate email added by --update: 65' '
	save &&
	expect_status 65 crm-add --update ann@one.example --email bob@two.example &&
	grep -q "^crm-add: command line: field $(q email): bob@two.example is already the email of contact abcd000000000002 (Bob Two)" err &&
	test "$(wc -l <err)" -eq 1 &&
	unchanged
'

test_expect 'the duplicate email hint of --update does not offer --upsert' '
	expect_status 65 crm-add --update ann@one.example --email bob@two.example &&
	sed "s/^/# stderr: /" err &&
	! grep -q -- --upsert err
'

test_expect 'an unknown stage: 65, lists the pipeline' '
	save &&
	expect_status 65 crm-add deal --title D --contact ann@one.example --stage bogus &&
	echo "crm-add: command line: field $(q stage): $(q bogus) is not a pipeline stage (lead, qualified, proposal, negotiation, won, lost)" >expect &&
	test_cmp expect err &&
	unchanged
'

test_expect 'a bad amount: 65' '
	save &&
	expect_status 65 crm-add deal --title D --contact ann@one.example --amount 1,000 &&
	echo "crm-add: command line: field $(q amount): invalid amount $(q 1,000): expected digits with an optional sign and decimal point, like -12.30" >expect &&
	test_cmp expect err &&
	unchanged
'

test_expect 'a probability out of range: 65' '
	save &&
	expect_status 65 crm-add deal --title D --contact ann@one.example --probability 150 &&
	echo "crm-add: command line: field $(q probability): expected a whole number from 0 to 100, not $(q 150)" >expect &&
	test_cmp expect err &&
	unchanged
'

test_expect 'a bad date: 65' '
	save &&
	expect_status 65 crm-add deal --title D --contact ann@one.example --close 2026-13-45 &&
	grep -q "^crm-add: command line: field $(q close): " err &&
	test "$(wc -l <err)" -eq 1 &&
	unchanged
'

test_expect 'an invalid custom field name: 65' '
	save &&
	expect_status 65 crm-add contact --name X --set "Bad Key=1" &&
	echo "crm-add: command line: field $(q "Bad Key"): invalid field name (lowercase letters, digits, $(q _) and $(q -))" >expect &&
	test_cmp expect err &&
	unchanged
'

test_expect 'control characters in a name: 65' '
	save &&
	expect_status 65 crm-add contact --name "$(printf "a\033b")" &&
	echo "crm-add: command line: field $(q name): control characters are not allowed" >expect &&
	test_cmp expect err &&
	nl="
" &&
	expect_status 65 crm-add contact --name "two${nl}lines" &&
	test_cmp expect err &&
	unchanged
'

test_expect 'invalid UTF-8 on the command line: 65, like in an import, at once' '
	save &&
	bad=$(printf "M\374nchen") &&
	timeout 20 crm-add contact --name "$bad" >out 2>err
	rc=$? &&
	echo "# exit $rc" && sed "s/^/# stdout: /" out && sed "s/^/# stderr: /" err &&
	test "$rc" -eq 65 &&
	test "$(wc -l <err)" -eq 1 &&
	grep -q "^crm-add: command line: field $(q name): .*UTF-8" err &&
	unchanged
'

test_expect 'whatever crm-add accepts on the command line it can read back' '
	u8=$TEST_DIR/u8-store &&
	: >u8.ids &&
	for v in "$(printf "M\374nchen")" "$(printf "a\355\240\200b")" \
		"$(printf "x\300\200")" "$(printf "a\364\220\200\200b")" \
		"$(printf "a\357\277\276b")" "$(printf "a\342\200\250b")" \
		"$(printf "a\357\273\277b")" "$(printf "Zo\303\253 \360\237\216\211")"; do
		timeout 20 env CRM_DIR="$u8" crm-add contact --name "$v" >>u8.ids 2>/dev/null
		test $? -lt 124 || { echo "# crm-add hung or crashed"; exit 1; }
	done &&
	n=$(git -C "$u8" ls-tree -r --name-only HEAD contacts | wc -l) &&
	test "$n" -eq "$(wc -l <u8.ids)" &&
	CRM_DIR=$u8 crm reindex >out 2>err
	rc=$? &&
	sed "s/^/# reindex: /" err &&
	test "$rc" -eq 0 &&
	echo "crm: indexed $n records" >expect &&
	test_cmp expect err &&
	for id in $(cat u8.ids); do
		CRM_DIR=$u8 crm-add --update "$id" --set probe=1 >/dev/null ||
			{ echo "# $id cannot be read back"; exit 1; }
	done
'

test_expect 'whatever crm-add accepts in an import it can read back' '
	u8=$TEST_DIR/u8-import &&
	printf "{\"name\":\"a\\ufffeb\"}\n{\"name\":\"e\\u2028f\"}\n{\"name\":\"\\u00e9t\\u00e9 \\ud83c\\udf89\"}\n" >u8.jsonl &&
	timeout 20 env CRM_DIR="$u8" crm-add contact --from u8.jsonl >u8i.ids 2>/dev/null
	test $? -lt 124 || { echo "# crm-add hung or crashed"; exit 1; }
	n=$(git -C "$u8" ls-tree -r --name-only HEAD contacts 2>/dev/null | wc -l) &&
	CRM_DIR=$u8 crm reindex >out 2>err
	rc=$? &&
	sed "s/^/# reindex: /" err &&
	test "$rc" -eq 0 &&
	echo "crm: indexed $n records" >expect &&
	test_cmp expect err
'

test_expect 'invalid UTF-8 in an import: 65, with file and line' '
	save &&
	printf "{\"name\":\"ok\"}\n{\"name\":\"M\374nchen\"}\n" >latin1.jsonl &&
	expect_status 65 crm-add contact --from latin1.jsonl &&
	grep -q "^crm-add: latin1.jsonl:2: .*UTF-8" err &&
	grep -qx "crm-add: latin1.jsonl: 1 bad record; nothing was written" err &&
	unchanged
'

test_expect 'unknown reference: 67' '
	save &&
	expect_status 67 crm-add --update nobody@x.example --set city=X &&
	echo "crm-add: record $(q nobody@x.example) not found" >expect &&
	test_cmp expect err &&
	test ! -s out &&
	expect_status 67 crm-add --update ffff --set city=X &&
	echo "crm-add: record $(q ffff) not found" >expect &&
	test_cmp expect err &&
	unchanged
'

test_expect 'an id prefix shorter than 4 is not an id reference: 67' '
	save &&
	expect_status 67 crm-add --update abc --set city=X &&
	echo "crm-add: record $(q abc) not found" >expect &&
	test_cmp expect err &&
	unchanged
'

test_expect 'a path is never a reference: 67' '
	save &&
	expect_status 67 crm-add --update ../../../etc/passwd --set city=X &&
	echo "crm-add: record $(q ../../../etc/passwd) not found" >expect &&
	test_cmp expect err &&
	unchanged
'

test_expect 'ambiguous prefix: 67, lists the candidates' '
	save &&
	expect_status 67 crm-add --update abcd --set city=X &&
	cat >expect <<-EOF &&
	crm-add: $(q abcd) is ambiguous; it matches:
	  contact abcd000000000001 Ann One
	  contact abcd000000000002 Bob Two
	EOF
	test_cmp expect err &&
	test ! -s out &&
	unchanged
'

test_expect 'a longer prefix resolves it' '
	expect_status 0 crm-add --update abcd000000000002 --set city=X &&
	echo abcd000000000002 >expect &&
	test_cmp expect out
'

test_expect 'a second org of the same name (any case): 65' '
	save &&
	expect_status 65 crm-add org --name ACME &&
	echo "crm-add: command line: field $(q name): org $(cat acme.id) is already named Acme; use --upsert to update it" >expect &&
	test_cmp expect err &&
	test ! -s out &&
	unchanged
'

test_expect 'a deal whose contact is unknown: 67' '
	save &&
	expect_status 67 crm-add deal --title D --contact nobody@x.example &&
	echo "crm-add: command line: field $(q contact): contact $(q nobody@x.example) not found" >expect &&
	test_cmp expect err &&
	unchanged
'

test_expect 'missing --from file: 66' '
	save &&
	expect_status 66 crm-add contact --from nofile.yaml &&
	echo "crm-add: nofile.yaml: No such file or directory" >expect &&
	test_cmp expect err &&
	test ! -s out &&
	unchanged
'

test_expect 'a folder given to --from: 66, not a bad record' '
	save &&
	mkdir -p adir.yaml &&
	expect_status 66 crm-add contact --from adir.yaml &&
	echo "crm-add: adir.yaml: Is a directory" >expect &&
	test_cmp expect err &&
	unchanged
'

test_expect 'malformed YAML: 65 with file:line:column, nothing written' '
	cat >bad.yaml <<-\EOF &&
	name: Good One
	email: [good1@x.example]
	---
	name: Bad: value
	---
	name: Good Two
	EOF
	save &&
	expect_status 65 crm-add contact --from bad.yaml &&
	cat >expect <<-\EOF &&
	crm-add: bad.yaml:4:10: mapping values are not allowed in this context
	crm-add: bad.yaml: 1 bad record; nothing was written
	EOF
	test_cmp expect err &&
	test ! -s out &&
	unchanged &&
	expect_status 67 crm-add --update good1@x.example --set city=X
'

test_expect 'an unterminated flow list: 65 naming the line after it' '
	printf "name: A\nemail: [a@x.example\nname: B\n" >flow.yaml &&
	save &&
	expect_status 65 crm-add contact --from flow.yaml &&
	grep -q "^crm-add: flow.yaml:[23]:[0-9]*: did not find expected" err &&
	grep -qx "crm-add: flow.yaml: 1 bad record; nothing was written" err &&
	unchanged
'

test_expect 'malformed JSON Lines: 65 with file:line' '
	printf "{\"name\":\"Ok\"}\n{\"name\": \n[1]\n{\"name\":\"x\",\"name\":\"y\"}\n" >bad.jsonl &&
	save &&
	expect_status 65 crm-add contact --from bad.jsonl &&
	grep -q "^crm-add: bad.jsonl:2: " err &&
	grep -qx "crm-add: bad.jsonl:3: expected a JSON object" err &&
	grep -q "^crm-add: bad.jsonl:4:.*duplicate" err &&
	test "$(tail -1 err)" = "crm-add: bad.jsonl: 3 bad records; nothing was written" &&
	unchanged
'

test_expect 'several bad records are each listed with their line' '
	cat >bad2.yaml <<-\EOF &&
	name: Fine
	email: [fine@x.example]
	---
	email: [noname@x.example]
	---
	name: Dup
	email: [ann@one.example]
	---
	name: Twice
	email: [fine@x.example]
	---
	name: Nested
	x: [1, {a: b}]
	EOF
	save &&
	expect_status 65 crm-add contact --from bad2.yaml &&
	cat >expect <<-EOF &&
	crm-add: bad2.yaml:4: field $(q name) is missing
	crm-add: bad2.yaml:6: field $(q email): ann@one.example is already the email of contact abcd000000000001 (Ann One); use --upsert to update it
	crm-add: bad2.yaml:9: field $(q email): fine@x.example appears twice in this import
	crm-add: bad2.yaml:13:8: field $(q x): a list holds plain values only
	crm-add: bad2.yaml: 4 bad records; nothing was written
	EOF
	test_cmp expect err &&
	unchanged
'

test_expect 'YAML that is not a record, anchors, duplicate keys: 65' '
	save &&
	printf -- "- name: InList\n" >list.yaml &&
	expect_status 65 crm-add contact --from list.yaml &&
	grep -q "^crm-add: list.yaml:1:1: expected a record" err &&
	printf "name: Anch\nx: &a foo\ny: *a\n" >anch.yaml &&
	expect_status 65 crm-add contact --from anch.yaml &&
	grep -q "^crm-add: anch.yaml:2:[0-9]*: anchors are not allowed" err &&
	printf "name: One\nname: Two\n" >dupkey.yaml &&
	expect_status 65 crm-add contact --from dupkey.yaml &&
	grep -q "^crm-add: dupkey.yaml:2:1: duplicate field $(q name)" err &&
	unchanged
'

test_expect 'an id that is not an id is refused in imports: 65' '
	save &&
	printf "id: ../../../etc/x\nname: Evil\n" >evil.yaml &&
	expect_status 65 crm-add contact --from evil.yaml &&
	cat >expect <<-EOF &&
	crm-add: evil.yaml:1: field $(q id): $(q ../../../etc/x) is not a record id
	crm-add: evil.yaml: 1 bad record; nothing was written
	EOF
	test_cmp expect err &&
	unchanged &&
	git -C "$STORE" ls-tree -r --name-only HEAD >files &&
	! grep -q etc files
'

test_expect 'a bad CRM_AUTHOR: 64, nothing written' '
	save &&
	expect_status 64 env CRM_AUTHOR=Nobody crm-add contact --name X &&
	echo "crm-add: CRM_AUTHOR: expected $(q "Name <email>")" >expect &&
	test_cmp expect err &&
	unchanged
'

test_expect 'a store path that is a file: 65' '
	: >notastore &&
	expect_status 65 crm-add -C notastore contact --name X &&
	echo "crm-add: notastore is not a crm store" >expect &&
	test_cmp expect err
'

test_expect 'bad input never crashed a tool, and the store is sound' '
	git -C "$STORE" fsck --strict &&
	find "$STORE" -perm /077 >loose &&
	test_cmp /dev/null loose
'

done_testing
