#!/bin/sh
# crm-log [REF]: a contact's timeline (newest first) and the store's recent
# activity; --since, --until, --type, -n, --sort, every output format; the
# pager on a terminal.  Journals edited by hand in a git clone (a typo fixed,
# a document deleted, documents in any YAML style, times with offsets) are
# picked up by the timeline and crm-find; concurrent appends to one day from
# two clones merge by union.
. "${0%/*}/lib.sh"

CRM_NOW=2026-11-20T10:00:00Z
export CRM_NOW

show() {
	git -C "$STORE" show "HEAD:$1"
}

have_pyyaml() {
	python3 -c 'import yaml' 2>/dev/null
}

test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count # skip $1: $2"
}

# An id as YAML text, as crm-log writes it: quoted when YAML would read it
# as a number (all digits, "1234e5678...", "0b0101..."), plain otherwise.
yid() {
	if printf "%s\n" "$1" | grep -qx -e "[0-9]*" -e "[0-9][0-9]*e[0-9][0-9]*" -e "0b[01]*"; then
		printf "'%s'\n" "$1"
	else
		printf "%s\n" "$1"
	fi
}

# The document of interaction $1 in journal $2, as crm-log wrote it: one
# line, "--- {id: $1, ...}".
doc_of() {
	show "$2" | grep -F -e "--- {id: $(yid "$1"), "
}

# $2 calls of contact $1 as JSON Lines, one a day from 2026-10-01.
bulk_calls() {
	awk -v who="$1" -v n="$2" 'BEGIN {
		for (d = 1; d <= n; d++)
			printf "{\"contact\":\"%s\",\"at\":\"2026-10-%02dT10:00:00Z\",\"type\":\"call\",\"summary\":\"bulk %d\"}\n", who, d, d
	}'
}

# Commits in the clone ./work what the commands in "$@" changed there, and
# pushes it back to the store.
clone_commit() {
	(cd work && git add -A && git commit -q -m "$1" && git push -q origin HEAD)
}

test_expect 'setup: two contacts and a timeline spread over days' '
	crm-add contact --name "Ann Lee" --email ann@x.example >ann.id 2>/dev/null &&
	crm-add contact --name "Bob Roe" --email bob@x.example >bob.id &&
	crm-add contact --name "Cy Dee" --email cy@x.example >cy.id &&
	crm-log ann@x.example call "First call" --at 2026-11-01T09:00:00Z >a1 &&
	crm-log ann@x.example purchase "Order 1" --amount 10 --at 2026-11-02 >a2 &&
	crm-log ann@x.example email "Tab	here \\ back" --at 2026-11-03T08:00:00Z >a3 &&
	crm-log ann@x.example refund "Return" --amount 2.5 --at 2026-11-04T12:00:00Z >a4 &&
	crm-log ann@x.example meeting "Future" --at 2026-12-01T10:00:00Z >a5 &&
	crm-log bob@x.example note "Bob note" --at 2026-11-05T10:00:00Z >b1 &&
	test "$(commits)" -eq 10
'

test_expect 'crm-log REF: the timeline, newest first, id at type summary amount' '
	expect_status 0 crm-log ann@x.example &&
	cat >expect <<-EOF &&
	$(cat a5)	2026-12-01T10:00:00Z	meeting	Future	
	$(cat a4)	2026-11-04T12:00:00Z	refund	Return	2.50
	$(cat a3)	2026-11-03T08:00:00Z	email	Tab\\there \\\\ back	
	$(cat a2)	2026-11-02	purchase	Order 1	10.00
	$(cat a1)	2026-11-01T09:00:00Z	call	First call	
	EOF
	test_cmp expect out &&
	test ! -s err
'

test_expect 'the timeline takes an id, a 4-character prefix and the email in any case' '
	crm-log ann@x.example >expect &&
	expect_status 0 crm-log "$(cat ann.id)" &&
	test_cmp expect out &&
	expect_status 0 crm-log "$(cut -c1-4 ann.id)" &&
	test_cmp expect out &&
	expect_status 0 crm-log ANN@X.EXAMPLE &&
	test_cmp expect out
'

test_expect 'crm-log alone: the store'"'"'s recent activity with the contact'"'"'s name' '
	expect_status 0 crm-log &&
	cat >expect <<-EOF &&
	$(cat a5)	2026-12-01T10:00:00Z	Ann Lee	meeting	Future	
	$(cat b1)	2026-11-05T10:00:00Z	Bob Roe	note	Bob note	
	$(cat a4)	2026-11-04T12:00:00Z	Ann Lee	refund	Return	2.50
	$(cat a3)	2026-11-03T08:00:00Z	Ann Lee	email	Tab\\there \\\\ back	
	$(cat a2)	2026-11-02	Ann Lee	purchase	Order 1	10.00
	$(cat a1)	2026-11-01T09:00:00Z	Ann Lee	call	First call	
	EOF
	test_cmp expect out
'

test_expect 'recent activity shows the last 20; a contact'"'"'s timeline shows all' '
	bulk_calls bob@x.example 25 >bulk.jsonl &&
	test "$(wc -l <bulk.jsonl)" -eq 25 &&
	crm-log --from bulk.jsonl >/dev/null 2>&1 &&
	expect_status 0 crm-log &&
	test "$(wc -l <out)" -eq 20 &&
	head -1 out | grep -q "^$(cat a5)	" &&
	expect_status 0 crm-log -n 3 &&
	test "$(wc -l <out)" -eq 3 &&
	expect_status 0 crm-log -n 100 &&
	test "$(wc -l <out)" -eq 31 &&
	expect_status 0 crm-log bob@x.example &&
	test "$(wc -l <out)" -eq 26 &&
	expect_status 0 crm-log bob@x.example -n 2 &&
	test "$(wc -l <out)" -eq 2 &&
	head -1 out | grep -q "^$(cat b1)	"
'

test_expect '--since and --until take whole days, inclusive' '
	expect_status 0 crm-log ann@x.example --since 2026-11-02 --until 2026-11-03 \
		-o id &&
	cat a3 a2 >expect &&
	test_cmp expect out &&
	expect_status 0 crm-log ann@x.example --until 2026-11-01 -o id &&
	test_cmp a1 out &&
	expect_status 0 crm-log ann@x.example --since 2026-11-04T12:00:00Z -o id &&
	cat a5 a4 >expect &&
	test_cmp expect out
'

test_expect '--since takes relative dates' '
	expect_status 0 crm-log ann@x.example --since -17d -o id &&
	cat a5 a4 a3 >expect &&
	test_cmp expect out &&
	expect_status 0 crm-log ann@x.example --since tomorrow -o id &&
	test_cmp a5 out
'

test_expect '--type picks one type, with the other filters' '
	expect_status 0 crm-log ann@x.example --type purchase -o id,amount &&
	printf "%s\t10.00\n" "$(cat a2)" >expect &&
	test_cmp expect out &&
	expect_status 0 crm-log --type note -o id &&
	test_cmp b1 out &&
	expect_status 0 crm-log --type call --since 2026-11-01 -o id &&
	test_cmp a1 out
'

test_expect '--sort at lists oldest first; -o picks columns; --header names them' '
	expect_status 0 crm-log ann@x.example --sort at -o id &&
	cat a1 a2 a3 a4 a5 >expect &&
	test_cmp expect out &&
	expect_status 0 crm-log ann@x.example --header -n 1 &&
	printf "id\tat\ttype\tsummary\tamount\n%s\t2026-12-01T10:00:00Z\tmeeting\tFuture\t\n" \
		"$(cat a5)" >expect &&
	test_cmp expect out &&
	expect_status 0 crm-log --header -n 1 &&
	head -1 out >actual &&
	printf "id\tat\tcontact.name\ttype\tsummary\tamount\n" >expect &&
	test_cmp expect actual
'

test_expect '-f csv has a header and RFC 4180 quoting' '
	expect_status 0 crm-log ann@x.example -f csv --type refund &&
	printf "id,at,type,summary,amount\r\n%s,2026-11-04T12:00:00Z,refund,Return,2.50\r\n" \
		"$(cat a4)" >expect.crlf &&
	tr -d "\r" <expect.crlf >expect &&
	tr -d "\r" <out >actual &&
	test_cmp expect actual
'

test_expect '-f json: one object per interaction, the whole record' '
	expect_status 0 crm-log ann@x.example -f json &&
	test "$(wc -l <out)" -eq 5 &&
	head -1 out | grep -q "^{\"id\":\"$(cat a5)\"" &&
	grep -q "\"summary\":\"Tab\\\\there \\\\\\\\ back\"" out &&
	grep "\"id\":\"$(cat a4)\"" out | grep -q "\"currency\":\"EUR\"" &&
	grep "\"id\":\"$(cat a4)\"" out | grep -q "\"contact\":\"$(cat ann.id)\"" &&
	if command -v python3 >/dev/null; then
		python3 -c "import json,sys; [json.loads(l) for l in open(sys.argv[1])]" out
	fi
'

# A journal holds each document on one line; -f yaml prints each as a
# block document, with the journal's types: days, times and amounts plain.
test_expect '-f yaml prints each interaction as a block document, typed as in the journal' '
	expect_status 0 crm-log ann@x.example --type refund -f yaml &&
	cat >expect <<-EOF &&
	---
	id: $(yid "$(cat a4)")
	at: 2026-11-04T12:00:00Z
	contact: $(yid "$(cat ann.id)")
	type: refund
	summary: Return
	amount: 2.50
	currency: EUR
	EOF
	test_cmp expect out &&
	echo "--- {id: $(yid "$(cat a4)"), at: 2026-11-04T12:00:00Z, contact: $(yid "$(cat ann.id)"), type: refund, summary: Return, amount: 2.50, currency: EUR}" >expect &&
	doc_of "$(cat a4)" log/2026/11/04.yaml >actual &&
	test_cmp expect actual &&
	expect_status 0 crm-log ann@x.example --type purchase -f yaml &&
	cat >expect <<-EOF &&
	---
	id: $(yid "$(cat a2)")
	at: 2026-11-02
	contact: $(yid "$(cat ann.id)")
	type: purchase
	summary: Order 1
	amount: 10.00
	currency: EUR
	EOF
	test_cmp expect out &&
	echo "--- {id: $(yid "$(cat a2)"), at: 2026-11-02, contact: $(yid "$(cat ann.id)"), type: purchase, summary: Order 1, amount: 10.00, currency: EUR}" >expect &&
	doc_of "$(cat a2)" log/2026/11/02.yaml >actual &&
	test_cmp expect actual &&
	expect_status 0 crm-log ann@x.example --since 2026-11-03 --until 2026-11-03 -f yaml &&
	cat >expect <<-EOF &&
	---
	id: $(yid "$(cat a3)")
	at: 2026-11-03T08:00:00Z
	contact: $(yid "$(cat ann.id)")
	type: email
	summary: "Tab\\there \\\\ back"
	EOF
	test_cmp expect out
'

if have_pyyaml; then
	test_expect '-f yaml reads back as the same documents as the journals hold' '
		crm-log ann@x.example -f yaml >tl.yaml &&
		for d in 01 02 03 04; do show log/2026/11/$d.yaml; done >j.yaml &&
		show log/2026/12/01.yaml >>j.yaml &&
		python3 - tl.yaml j.yaml <<-\EOF
		import sys, yaml
		got = list(yaml.safe_load_all(open(sys.argv[1])))
		want = list(yaml.safe_load_all(open(sys.argv[2])))
		assert len(got) == 5, got
		key = lambda d: d["id"]
		assert sorted(got, key=key) == sorted(want, key=key), (got, want)
		EOF
	'
else
	test_skip '-f yaml reads back as the journals'"'"' documents' 'no PyYAML'
fi

# An amount in another currency has that currency's decimals, in the journal
# and in every output: 0 for JPY, 3 for BHD.
test_expect 'amounts in other currencies show their own decimals' '
	crm-add contact --name "Ken Sato" --email ken@x.example >ken.id &&
	crm-log ken@x.example purchase "Order 88" --amount 1200 --currency JPY \
		--at 2026-09-05T09:00:00Z >k1 &&
	crm-log ken@x.example purchase "Gulf" --amount 1.5 --currency BHD \
		--at 2026-09-06T09:00:00Z >k2 &&
	crm-log ken@x.example refund "Back" --amount 200 --currency JPY \
		--at 2026-09-07T09:00:00Z >k3 &&
	echo "--- {id: $(yid "$(cat k1)"), at: 2026-09-05T09:00:00Z, contact: $(yid "$(cat ken.id)"), type: purchase, summary: Order 88, amount: 1200, currency: JPY}" >expect &&
	show log/2026/09/05.yaml >actual &&
	test_cmp expect actual &&
	echo "--- {id: $(yid "$(cat k2)"), at: 2026-09-06T09:00:00Z, contact: $(yid "$(cat ken.id)"), type: purchase, summary: Gulf, amount: 1.500, currency: BHD}" >expect &&
	show log/2026/09/06.yaml >actual &&
	test_cmp expect actual &&
	expect_status 0 crm-log ken@x.example -o amount &&
	printf "200\n1.500\n1200\n" >expect &&
	test_cmp expect out &&
	expect_status 0 crm-log ken@x.example &&
	cat >expect <<-EOF &&
	$(cat k3)	2026-09-07T09:00:00Z	refund	Back	200
	$(cat k2)	2026-09-06T09:00:00Z	purchase	Gulf	1.500
	$(cat k1)	2026-09-05T09:00:00Z	purchase	Order 88	1200
	EOF
	test_cmp expect out &&
	expect_status 0 crm-log ken@x.example -f json -o id,amount,currency &&
	cat >expect <<-EOF &&
	{"id":"$(cat k3)","amount":200,"currency":"JPY"}
	{"id":"$(cat k2)","amount":1.500,"currency":"BHD"}
	{"id":"$(cat k1)","amount":1200,"currency":"JPY"}
	EOF
	test_cmp expect out &&
	crm-find "email = ken@x.example" -o revenue,orders >actual &&
	printf "0.00\t2\n" >expect &&
	test_cmp expect actual
'

test_expect 'an unknown contact is 67' '
	expect_status 67 crm-log nobody@x.example &&
	grep -q "nobody@x.example" err &&
	test ! -s out
'

test_expect 'a bad --since or --until is a usage error (64)' '
	expect_status 64 crm-log ann@x.example --since bogus &&
	grep -q "bogus" err &&
	expect_status 64 crm-log --until 2026-13-45 &&
	expect_status 64 crm-log -n many
'

# crm-log(1) has 64 for usage errors and 65 for "an unknown type"; either
# will do, but a typo in --type must not look like an empty timeline.
test_expect 'an unknown --type is an error (64 or 65), not an empty timeline' '
	crm-log ann@x.example --type calls >out 2>err;
	rc=$? &&
	{ test "$rc" -eq 64 || test "$rc" -eq 65 || { echo "exit $rc"; false; }; } &&
	grep -q "calls" err &&
	test ! -s out
'

test_expect 'a contact without interactions has an empty timeline, exit 0' '
	expect_status 0 crm-log cy@x.example &&
	test ! -s out &&
	test ! -s err
'

test_expect 'reading a store that does not exist is 66, and creates nothing' '
	expect_status 66 crm-log -C "$TEST_DIR/nostore" &&
	grep -q "nostore" err &&
	expect_status 66 crm-log -C "$TEST_DIR/nostore" --due &&
	expect_status 66 crm-log -C "$TEST_DIR/nostore" --ical &&
	test ! -e "$TEST_DIR/nostore"
'

test_expect 'setup: a clone of the store to edit by hand' '
	crm-log ann@x.example call "Wants a qoute for 40 seats" \
		--at 2026-11-06T10:00:00Z >typo.id &&
	git clone -q "$STORE" work &&
	test -f work/log/2026/11/06.yaml
'

test_expect 'a typo fixed by hand in a clone and pushed back is picked up' '
	sed -i "s/Wants a qoute/Wants a quote/" work/log/2026/11/06.yaml &&
	clone_commit "fix a typo" &&
	expect_status 0 crm-log ann@x.example --since 2026-11-06 --until 2026-11-06 &&
	printf "%s\t2026-11-06T10:00:00Z\tcall\tWants a quote for 40 seats\t\n" \
		"$(cat typo.id)" >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find -k log quote -o id,summary &&
	printf "%s\tWants a quote for 40 seats\n" "$(cat typo.id)" >expect &&
	test_cmp expect out &&
	expect_status 1 crm-find -k log qoute &&
	expect_status 0 crm-find -k log "summary ~ \"a quote\"" -o id &&
	test_cmp typo.id out
'

test_expect 'a purchase deleted by hand leaves the timeline and the revenue' '
	crm-find "email = ann@x.example" -o revenue,orders >before &&
	printf "7.50\t1\n" >expect &&
	test_cmp expect before &&
	crm-log ann@x.example purchase "Order 2" --amount 100 --at 2026-11-07 >p2.id &&
	crm-find "email = ann@x.example" -o revenue,orders >mid &&
	printf "107.50\t2\n" >expect &&
	test_cmp expect mid &&
	(cd work && git pull -q) &&
	grep -c "" work/log/2026/11/07.yaml >n &&
	{ grep -v -F -e "--- {id: $(yid "$(cat p2.id)"), " work/log/2026/11/07.yaml >j.tmp || :; } &&
	test "$(grep -c "" j.tmp)" -eq $(($(cat n) - 1)) &&
	mv j.tmp work/log/2026/11/07.yaml &&
	! grep -q "$(cat p2.id)" work/log/2026/11/07.yaml &&
	clone_commit "drop a purchase" &&
	crm-find "email = ann@x.example" -o revenue,orders >after &&
	test_cmp before after &&
	expect_status 0 crm-log ann@x.example &&
	! grep -q "$(cat p2.id)" out &&
	expect_status 1 crm-find -k log "Order 2"
'

test_expect 'documents written by hand in other YAML styles are read' '
	(cd work && git pull -q) &&
	cat >>work/log/2026/11/08.yaml <<-EOF &&
	# logged by hand after a phone call
	--- {id: 0123456789abcdef, at: "2026-11-08T11:00:00Z", type: purchase, contact: $(cat bob.id), amount: 2.5, summary: "Hand: written, # not a comment"}
	---
	type: meeting     # keys in another order
	summary: >
	  folded
	  text
	contact: "$(cat bob.id)"
	at: 2026-11-08T12:00:00Z
	id: "1123456789abcdef"
	...
	EOF
	clone_commit "hand-written documents" &&
	expect_status 0 crm-log bob@x.example --since 2026-11-08 &&
	cat >expect <<-EOF &&
	1123456789abcdef	2026-11-08T12:00:00Z	meeting	folded text\\n	
	0123456789abcdef	2026-11-08T11:00:00Z	purchase	Hand: written, # not a comment	2.50
	EOF
	test_cmp expect out &&
	crm-find "email = bob@x.example" -o revenue,orders >actual &&
	printf "2.50\t1\n" >expect &&
	test_cmp expect actual &&
	expect_status 0 crm-find -k log folded -o id &&
	echo 1123456789abcdef >expect &&
	test_cmp expect out
'

test_expect 'crm-log appends after a hand-written journal that lacks its last newline' '
	(cd work && git pull -q) &&
	printf -- "---\nid: 2123456789abcdef\nat: 2026-11-09T08:00:00Z\ncontact: %s\ntype: note\nsummary: no newline" \
		"$(cat bob.id)" >work/log/2026/11/09.yaml &&
	clone_commit "journal without a final newline" &&
	expect_status 0 crm-log bob@x.example call "after it" --at 2026-11-09T09:00:00Z &&
	cp out after.id &&
	{
		printf -- "---\nid: 2123456789abcdef\nat: 2026-11-09T08:00:00Z\ncontact: %s\ntype: note\nsummary: no newline\n" \
			"$(cat bob.id)" &&
		echo "--- {id: $(yid "$(cat after.id)"), at: 2026-11-09T09:00:00Z, contact: $(yid "$(cat bob.id)"), type: call, summary: after it}"
	} >expect &&
	show log/2026/11/09.yaml >actual &&
	test_cmp expect actual &&
	expect_status 0 crm-log bob@x.example --since 2026-11-09 --until 2026-11-09 -o id &&
	printf "%s\n2123456789abcdef\n" "$(cat after.id)" >expect &&
	test_cmp expect out
'

# A time written by hand with an offset is an instant: it sorts and
# filters as one, not as text ("2026-11-10T23:00:00-05:00" is 04:00 UTC
# on the 11th, after "2026-11-11T03:00:00Z").
test_expect 'hand-written times with an offset sort and filter by their instant' '
	crm-log cy@x.example call "three UTC" --at 2026-11-11T03:00:00Z >c1 &&
	crm-log cy@x.example call "one UTC" --at 2026-11-11T01:00:00Z >c0 &&
	(cd work && git pull -q) &&
	cat >>work/log/2026/11/11.yaml <<-EOF &&
	---
	id: 3123456789abcdef
	at: 2026-11-10T23:00:00-05:00
	contact: $(cat cy.id)
	type: call
	summary: four UTC, written in New York time
	EOF
	clone_commit "a time with an offset" &&
	expect_status 0 crm-log cy@x.example -o id &&
	printf "3123456789abcdef\n%s\n%s\n" "$(cat c1)" "$(cat c0)" >expect &&
	test_cmp expect out &&
	expect_status 0 crm-log cy@x.example --since 2026-11-11T03:30:00Z -o id &&
	echo 3123456789abcdef >expect &&
	test_cmp expect out &&
	expect_status 0 crm-log cy@x.example --until 2026-11-10 -o id &&
	test ! -s out &&
	test ! -s err
'

if have_pyyaml; then
	test_expect 'every journal is still a valid YAML stream' '
		for j in $(git -C "$STORE" ls-tree -r --name-only HEAD log); do
			show "$j" >j.yaml &&
			python3 -c "import yaml,sys; list(yaml.safe_load_all(open(sys.argv[1])))" \
				j.yaml || { echo "bad YAML: $j"; exit 1; }
		done
	'
else
	test_skip 'every journal is still a valid YAML stream' 'no PyYAML'
fi

test_expect 'the store has .gitattributes log/** merge=union' '
	show .gitattributes | grep -qx "log/\*\* merge=union"
'

# The index, rebuilt from the records, gives what the commands gave: crm
# reindex reads every journal without a problem, and the timelines and
# derived fields are the same before and after.
index_is_consistent() {
	crm-log -n 1000 -o id,at,contact,type,summary,amount,done >index.before &&
	crm-find -o id,interactions,revenue,orders,last_contact,open_tasks >derived.before &&
	expect_status 0 crm reindex &&
	grep -q "^crm: indexed [0-9]* records$" err &&
	test "$(wc -l <err)" -eq 1 &&
	crm-log -n 1000 -o id,at,contact,type,summary,amount,done >index.after &&
	crm-find -o id,interactions,revenue,orders,last_contact,open_tasks >derived.after &&
	test_cmp index.before index.after &&
	test_cmp derived.before derived.after
}

# A journal is a valid YAML stream, one document a line: "--- {...}".
journal_is_valid() {
	show "$1" >j.yaml &&
	! grep -v "^--- {.*}$" j.yaml &&
	if have_pyyaml; then
		python3 -c "import yaml,sys; list(yaml.safe_load_all(open(sys.argv[1])))" j.yaml
	fi
}

# Two workstations log on the same day: the laptop, a clone of the store
# that crm-log writes to, and the store itself.  The clone ./work merges
# both; git's union merge keeps every line of both sides, and since every
# document is one line, both documents survive whole.
test_expect 'appends from two clones to an existing journal merge by union' '
	(cd work && git pull -q) &&
	rm -rf laptop && git clone -q --bare "$STORE" laptop &&
	crm-log -C laptop ann@x.example call "from the laptop" \
		--at 2026-11-06T15:00:00Z >laptop.id &&
	crm-log ann@x.example call "from the desk" --at 2026-11-06T16:00:00Z >desk.id &&
	(cd work && git pull -q --no-rebase --no-edit ../laptop main &&
		git pull -q --no-rebase --no-edit) &&
	(cd work && git log -1 --format=%P | wc -w) >parents &&
	test "$(cat parents)" -eq 2 &&
	! grep -q "^[<>=]\{7\}" work/log/2026/11/06.yaml &&
	cat >expect <<-EOF &&
	--- {id: $(yid "$(cat typo.id)"), at: 2026-11-06T10:00:00Z, contact: $(yid "$(cat ann.id)"), type: call, summary: Wants a quote for 40 seats}
	--- {id: $(yid "$(cat laptop.id)"), at: 2026-11-06T15:00:00Z, contact: $(yid "$(cat ann.id)"), type: call, summary: from the laptop}
	--- {id: $(yid "$(cat desk.id)"), at: 2026-11-06T16:00:00Z, contact: $(yid "$(cat ann.id)"), type: call, summary: from the desk}
	EOF
	sort expect >expect.sorted &&
	sort work/log/2026/11/06.yaml >actual &&
	test_cmp expect.sorted actual &&
	head -1 work/log/2026/11/06.yaml >actual &&
	head -1 expect >expect1 &&
	test_cmp expect1 actual &&
	(cd work && git push -q origin HEAD) &&
	journal_is_valid log/2026/11/06.yaml &&
	expect_status 0 crm-log ann@x.example --since 2026-11-06 --until 2026-11-06 -o id &&
	printf "%s\n%s\n%s\n" "$(cat desk.id)" "$(cat laptop.id)" "$(cat typo.id)" >expect &&
	test_cmp expect out &&
	index_is_consistent
'

test_expect 'a day first logged on two clones at once merges by union' '
	(cd work && git pull -q --no-rebase --no-edit) &&
	rm -rf laptop && git clone -q --bare "$STORE" laptop &&
	crm-log -C laptop ann@x.example call "laptop on a new day" \
		--at 2026-11-12T15:00:00Z >laptop2.id &&
	crm-log ann@x.example call "desk on a new day" --at 2026-11-12T16:00:00Z >desk2.id &&
	(cd work && git pull -q --no-rebase --no-edit ../laptop main &&
		git pull -q --no-rebase --no-edit) &&
	! grep -q "^[<>=]\{7\}" work/log/2026/11/12.yaml &&
	cat >expect <<-EOF &&
	--- {id: $(yid "$(cat laptop2.id)"), at: 2026-11-12T15:00:00Z, contact: $(yid "$(cat ann.id)"), type: call, summary: laptop on a new day}
	--- {id: $(yid "$(cat desk2.id)"), at: 2026-11-12T16:00:00Z, contact: $(yid "$(cat ann.id)"), type: call, summary: desk on a new day}
	EOF
	sort expect >expect.sorted &&
	sort work/log/2026/11/12.yaml >actual &&
	test_cmp expect.sorted actual &&
	(cd work && git push -q origin HEAD) &&
	journal_is_valid log/2026/11/12.yaml &&
	expect_status 0 crm-log ann@x.example --since 2026-11-12 --until 2026-11-12 -o id &&
	printf "%s\n%s\n" "$(cat desk2.id)" "$(cat laptop2.id)" >expect &&
	test_cmp expect out &&
	index_is_consistent
'

# --done rewrites a task's line in place in the store while a laptop appends
# to the same journal; the store's side merges the laptop's.  After the
# union merge the task is there once, closed (crm-store(5): concurrent
# writers never lose an update).
test_expect 'a task closed on one clone while the other logs on its day stays closed' '
	(cd work && git pull -q --no-rebase --no-edit) &&
	crm-log ann@x.example task "Close me" --at 2026-11-14T09:00:00Z \
		--due 2026-11-15 >t14 &&
	(cd work && git pull -q --no-rebase --no-edit) &&
	rm -rf laptop && git clone -q --bare "$STORE" laptop &&
	crm-log -C laptop ann@x.example call "laptop same day" \
		--at 2026-11-14T15:00:00Z >l14 &&
	CRM_NOW=2026-11-14T16:00:00Z expect_status 0 crm-log --done "$(cat t14)" &&
	(cd work && git pull -q --no-rebase --no-edit &&
		git pull -q --no-rebase --no-edit ../laptop main) &&
	! grep -q "^[<>=]\{7\}" work/log/2026/11/14.yaml &&
	(cd work && git push -q origin HEAD) &&
	journal_is_valid log/2026/11/14.yaml &&
	expect_status 0 crm-log ann@x.example --since 2026-11-14 --until 2026-11-14 \
		-o id,type,done &&
	printf "%s\tcall\t\n%s\ttask\t2026-11-14T16:00:00Z\n" "$(cat l14)" "$(cat t14)" >expect &&
	test_cmp expect out &&
	expect_status 1 crm-log --due 2026-11-30 &&
	test ! -s out &&
	crm-find "email = ann@x.example" -o open_tasks >actual &&
	echo 0 >expect &&
	test_cmp expect actual &&
	index_is_consistent
'

# The merge leaves the task's two versions in the journal (the index
# takes the closed one); the next rewrite of that journal keeps one.
test_expect 'the next --done in that journal keeps one copy of the task, closed' '
	crm-log ann@x.example task "Second" --at 2026-11-14T17:00:00Z >t14b &&
	CRM_NOW=2026-11-14T18:00:00Z expect_status 0 crm-log --done "$(cat t14b)" &&
	show log/2026/11/14.yaml | sed -n "s/^--- {id: '"'"'\{0,1\}\([0-9a-f]*\)'"'"'\{0,1\}, .*/\1/p" | sort >ids &&
	sort -u ids >ids.u &&
	test_cmp ids.u ids &&
	show log/2026/11/14.yaml | grep "$(cat t14)" | grep -q "done: 2026-11-14T16:00:00Z" &&
	index_is_consistent
'

test_expect 'a journal broken by hand is reported by name, not silently skipped' '
	(cd work && git fetch -q && git reset -q --hard origin/HEAD 2>/dev/null ||
		git reset -q --hard "@{u}") &&
	printf -- "---\nid: 6123456789abcdef\nat: [unclosed\n" >work/log/2026/11/13.yaml &&
	(cd work && git add -A && git commit -q -m "broken" && git push -q origin HEAD) &&
	{ crm-log ann@x.example >/dev/null 2>err || :; } &&
	git -C "$STORE" show HEAD:log/2026/11/13.yaml >/dev/null &&
	{ grep -q "log/2026/11/13.yaml" err || { echo "stderr:"; cat err; false; }; }
'

# crm-store(5): a document that is not valid YAML ends the reading of its
# journal; the interactions before it are read, and crm reindex names the
# journal with the line.
test_expect 'crm reindex names the broken journal and its line; the others are read' '
	git -C "$STORE" show HEAD:log/2026/11/13.yaml >/dev/null &&
	expect_status 0 crm-log ann@x.example --since 2026-11-12 --until 2026-11-13 &&
	printf "%s\t2026-11-12T16:00:00Z\tcall\tdesk on a new day\t\n%s\t2026-11-12T15:00:00Z\tcall\tlaptop on a new day\t\n" \
		"$(cat desk2.id)" "$(cat laptop2.id)" >expect &&
	test_cmp expect out &&
	expect_status 65 crm reindex &&
	grep -q "^crm: log/2026/11/13.yaml:4:" err &&
	grep -qx "crm: 1 file could not be read" err
'

test_expect 'the journal fixed again is read again' '
	(cd work && git rm -q log/2026/11/13.yaml && git commit -q -m "fix" &&
		git push -q origin HEAD) &&
	expect_status 0 crm-log ann@x.example -n 1 &&
	test ! -s err
'

# On a terminal the timeline is a table, paged through $CRM_PAGER or $PAGER.
if command -v script >/dev/null 2>&1 &&
	script -qec true /dev/null >/dev/null 2>&1; then
	test_expect 'on a terminal the timeline is a table sent through $CRM_PAGER' '
		rm -f paged &&
		CRM_PAGER="cat >$TEST_DIR/paged" script -qec \
			"crm-log ann@x.example" /dev/null >tty.out 2>&1 &&
		test -s paged &&
		sed -n 1,2p paged | cat -A &&
		head -1 paged | grep -q "^id  *at  *type  *summary  *amount" &&
		! grep -q "	" paged &&
		grep -q "First call" paged &&
		! grep -q "First call" tty.out
	'

	test_expect '$PAGER is used when $CRM_PAGER is not set' '
		rm -f paged &&
		PAGER="cat >$TEST_DIR/paged" script -qec \
			"crm-log ann@x.example" /dev/null >tty.out 2>&1 &&
		grep -q "First call" paged
	'

	test_expect '--no-pager prints the table on the terminal' '
		rm -f paged &&
		CRM_PAGER="cat >$TEST_DIR/paged" script -qec \
			"crm-log ann@x.example --no-pager" /dev/null >tty.out 2>&1 &&
		test ! -e paged &&
		grep -q "^id  *at  *type  *summary  *amount" tty.out &&
		grep -q "First call" tty.out
	'
else
	test_skip 'the pager on a terminal' 'no script(1)'
	test_skip '$PAGER' 'no script(1)'
	test_skip '--no-pager' 'no script(1)'
fi

test_expect 'no pager when stdout is not a terminal' '
	rm -f paged &&
	CRM_PAGER="cat >$TEST_DIR/paged" expect_status 0 crm-log ann@x.example &&
	test ! -e paged &&
	grep -q "First call" out
'

test_expect 'crm-log REF | head -1 ends quietly' '
	crm-log bob@x.example 2>err | head -1 >/dev/null &&
	test ! -s err
'

test_expect 'git fsck --strict finds the store clean' '
	git -C "$STORE" fsck --strict 2>fsck.err &&
	test ! -s fsck.err
'

done_testing
