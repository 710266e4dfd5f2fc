#!/bin/sh
# The index of interactions: the JSON of an interaction is its document as
# stored, whatever its shape (the index keeps no copy of documents that
# its columns rebuild exactly, and must notice every one they would not);
# a bulk import that at least doubles the interactions rebuilds their
# indexes at commit, and leaves them in place when it is refused.
. "${0%/*}/lib.sh"

CRM_NOW=2026-11-20T10:00:00Z
export CRM_NOW
INDEX=$STORE/crm-index.sqlite

clone_commit() {
	(cd work && git add -A && git commit -q -m "$1" && git push -q origin HEAD)
}

# The names of the interaction table's indexes, one per line, sorted.
log_indexes() {
	sqlite3 "$INDEX" "SELECT name FROM sqlite_master WHERE type = 'index'
		AND tbl_name = 'interaction' AND name NOT LIKE 'sqlite_%' ORDER BY name"
}

test_expect 'setup: a contact, and interactions logged by crm-log' '
	crm-add contact --name "Ann Lee" --email ann@x.example >ann.id &&
	crm-log ann@x.example call "First call" --at 2026-03-01T09:00:00Z >call.id &&
	crm-log ann@x.example purchase "Order 1" --amount 12.5 --at 2026-03-02 >buy.id &&
	crm-log ann@x.example email "Quote" --channel work --direction out \
		--at 2026-03-03T08:00:00+02:00 >mail.id &&
	crm-log ann@x.example task "Send the contract" --due 2026-03-10 \
		--at 2026-03-04T10:00:00Z >task.id
'

test_expect 'crm-find -f json prints each interaction as crm-log wrote it' '
	a=$(cat ann.id) &&
	cat >expect <<-EOF &&
	{"id":"$(cat call.id)","at":"2026-03-01T09:00:00Z","contact":"$a","type":"call","summary":"First call"}
	{"id":"$(cat buy.id)","at":"2026-03-02","contact":"$a","type":"purchase","summary":"Order 1","amount":12.50,"currency":"EUR"}
	{"id":"$(cat mail.id)","at":"2026-03-03T06:00:00Z","contact":"$a","type":"email","summary":"Quote","channel":"work","direction":"out"}
	{"id":"$(cat task.id)","at":"2026-03-04T10:00:00Z","contact":"$a","type":"task","summary":"Send the contract","due":"2026-03-10"}
	EOF
	expect_status 0 crm-find -k log -f json --sort at "contact = ann@x.example" &&
	test_cmp expect out
'

test_expect 'setup: documents written by hand in shapes the columns cannot rebuild' '
	git clone -q "$STORE" work &&
	a=$(cat ann.id) &&
	cat >work/log/2026/03/05.yaml <<-EOF &&
	--- {id: 0000000000000001, at: 2026-03-05T09:00:00Z, contact: $a, type: purchase, summary: plain amount, amount: 7.5}
	--- {id: 0000000000000002, at: 2026-03-05T10:00:00Z, contact: $a, type: purchase, summary: quoted amount, amount: "3.00", currency: EUR}
	--- {id: 0000000000000003, at: 2026-03-05T11:00:00Z, contact: $a, type: note, summary: 42}
	--- {id: 0000000000000004, type: note, at: 2026-03-05T12:00:00Z, contact: $a, summary: keys in another order}
	--- {id: 0000000000000005, at: 2026-03-05T13:00:00+01:00, contact: $a, type: note, summary: an offset}
	--- {id: 0000000000000006, at: 2026-03-05T14:00:00Z, contact: $a, type: note, summary: custom, mood: happy}
	--- {id: 0000000000000007, at: 2026-03-05T15:00:00Z, contact: $a, type: purchase, summary: whole, amount: 5.00, currency: EUR}
	EOF
	clone_commit "hand-written shapes"
'

test_expect 'their JSON is what the files say, key order and number types included' '
	a=$(cat ann.id) &&
	cat >expect <<-EOF &&
	{"id":"0000000000000001","at":"2026-03-05T09:00:00Z","contact":"$a","type":"purchase","summary":"plain amount","amount":7.5}
	{"id":"0000000000000002","at":"2026-03-05T10:00:00Z","contact":"$a","type":"purchase","summary":"quoted amount","amount":"3.00","currency":"EUR"}
	{"id":"0000000000000003","at":"2026-03-05T11:00:00Z","contact":"$a","type":"note","summary":42}
	{"id":"0000000000000004","type":"note","at":"2026-03-05T12:00:00Z","contact":"$a","summary":"keys in another order"}
	{"id":"0000000000000005","at":"2026-03-05T13:00:00+01:00","contact":"$a","type":"note","summary":"an offset"}
	{"id":"0000000000000006","at":"2026-03-05T14:00:00Z","contact":"$a","type":"note","summary":"custom","mood":"happy"}
	{"id":"0000000000000007","at":"2026-03-05T15:00:00Z","contact":"$a","type":"purchase","summary":"whole","amount":5.00,"currency":"EUR"}
	EOF
	expect_status 0 crm-find -k log -f json --sort id "id >= 0000000000000001 and id <= 0000000000000007" &&
	test_cmp expect out &&
	expect_status 0 crm-find -k log "mood = happy" -o id &&
	echo 0000000000000006 >expect &&
	test_cmp expect out
'

test_expect 'a rebuilt index prints the same JSON' '
	crm-find -k log -f json --sort id >before &&
	test "$(grep -c "" before)" -eq 11 &&
	crm reindex >/dev/null &&
	crm-find -k log -f json --sort id >after &&
	test_cmp before after
'

test_expect 'full-text search follows summaries edited, completed and copied by hand' '
	crm-log ann@x.example task "Ring the zebra desk" --due 2026-03-20 \
		--at 2026-03-06T09:00:00Z >zebra.id &&
	expect_status 0 crm-find -k log zebra -o id &&
	test_cmp zebra.id out &&
	expect_status 0 crm-log --done "$(cat zebra.id)" &&
	expect_status 0 crm-find -k log zebra -o id &&
	test_cmp zebra.id out &&
	(cd work && git pull -q) &&
	sed -i "s/Ring the zebra desk/Ring the yak desk/" work/log/2026/03/06.yaml &&
	clone_commit "zebra to yak" &&
	expect_status 1 crm-find -k log zebra &&
	expect_status 0 crm-find -k log yak -o id &&
	test_cmp zebra.id out &&
	grep "yak" work/log/2026/03/06.yaml | sed "s/yak desk/okapi desk/" >>work/log/2026/03/07.yaml &&
	clone_commit "a copy of the task in another journal" &&
	expect_status 0 crm-find -k log "yak or okapi" -o id,summary &&
	printf "%s\tRing the okapi desk\n" "$(cat zebra.id)" >expect &&
	test_cmp expect out &&
	expect_status 1 crm-find -k log yak &&
	crm reindex >/dev/null &&
	expect_status 0 crm-find -k log "yak or okapi" -o id,summary &&
	test_cmp expect out
'

test_expect 'derived fields are the same contact by contact and from a rebuild' '
	crm-log -q ann@x.example refund "Returned" --amount 2 --at 2026-03-08 &&
	crm-log -q ann@x.example purchase "In dollars" --amount 100 --currency USD \
		--at 2026-03-09 &&
	f=interactions,last_contact,revenue,orders,first_purchase,last_purchase,open_tasks &&
	# 12 so far, a refund and a purchase; revenue 12.50 + 7.5 + 3.00 + 5.00
	# - 2 in EUR, the dollars left out but counted as an order; one task open
	printf "14\t2026-03-09\t26.00\t5\t2026-03-02\t2026-03-09\t1\n" >expect &&
	expect_status 0 crm-find "email = ann@x.example" -o $f &&
	test_cmp expect out &&
	crm reindex >/dev/null &&
	expect_status 0 crm-find "email = ann@x.example" -o $f &&
	test_cmp expect out
'

if command -v sqlite3 >/dev/null 2>&1; then
	test_expect 'the full-text index holds no stale words and passes its own check' '
		for w in zebra yak okapi; do
			sqlite3 "$INDEX" "SELECT count(*) FROM fts_log WHERE fts_log MATCH \"$w\""
		done >counts &&
		printf "0\n0\n1\n" >expect &&
		test_cmp expect counts &&
		sqlite3 "$INDEX" "INSERT INTO fts_log(fts_log) VALUES (\"integrity-check\")" &&
		sqlite3 "$INDEX" "INSERT INTO fts_record(fts_record) VALUES (\"integrity-check\")"
	'
fi

test_expect 'a rebuild reads every kind of file as the live index does' '
	(cd work && git pull -q) &&
	a=$(cat ann.id) &&
	cat >work/log/2026/03/10.yaml <<-EOF &&
	# written by hand: libyaml reads this one
	---
	type: meeting
	summary: >-
	  folded
	  walrus
	contact: "$a"
	at: 2026-03-10T12:00:00Z
	id: "2223456789abcdef"
	EOF
	mkdir -p work/contacts/ff && printf "name: [unclosed\n" >work/contacts/ff/ffff000000000001.yaml &&
	clone_commit "a hand-written journal and a broken contact" &&
	expect_status 0 crm-find -k log walrus -o id,summary &&
	printf "2223456789abcdef\tfolded walrus\n" >expect &&
	test_cmp expect out &&
	crm-find -k log -f json --sort id >live &&
	expect_status 65 crm reindex &&
	grep -q "ffff000000000001.yaml" err &&
	grep -qx "crm: 1 file could not be read" err &&
	crm-find -k log -f json --sort id >rebuilt &&
	test_cmp live rebuilt &&
	expect_status 0 crm-find -k log walrus -o id,summary &&
	test_cmp expect out &&
	git -C work rm -q contacts/ff/ffff000000000001.yaml &&
	clone_commit "the broken contact removed" &&
	expect_status 0 crm reindex
'

# 30,000 calls of contact $1 over the first 28 days of each month of 2025;
# row $2 (if not 0) names a contact that does not exist.
calls() {
	awk -v who="$1" -v bad="${2:-0}" 'BEGIN {
		print "contact,at,type,summary"
		for (i = 1; i <= 30000; i++)
			printf "%s,2025-%02d-%02dT%02d:%02d:00Z,call,call %d\n",
				i == bad ? "nobody@x.example" : who,
				1 + i % 12, 1 + i % 28, i % 24, i % 60, i
	}'
}

test_expect 'setup: a second contact' '
	crm-add contact --name "Bob Roe" --email bob@x.example >bob.id
'

if command -v sqlite3 >/dev/null 2>&1; then
	test_expect 'the interaction indexes are there before the big imports' '
		log_indexes >indexes &&
		printf "%s\n" interaction_buy interaction_contact interaction_id interaction_open interaction_path >expect &&
		test_cmp expect indexes
	'
fi

test_expect 'a refused big import (one bad row near the end) leaves everything as it was' '
	calls bob@x.example 29000 >bad.csv &&
	n=$(commits) &&
	expect_status 65 crm-log --from bad.csv &&
	grep -q "^crm-log: bad.csv:29001: " err &&
	test "$(commits)" -eq "$n" &&
	expect_status 1 crm-find -k log "contact = bob@x.example" --count
'

if command -v sqlite3 >/dev/null 2>&1; then
	test_expect 'and the indexes it dropped on the way are back' '
		log_indexes >actual &&
		test_cmp indexes actual
	'
fi

test_expect 'a big import lands whole with its indexes, and queries agree with a rebuilt index' '
	calls bob@x.example >good.csv &&
	expect_status 0 crm-log -q --from good.csv &&
	expect_status 0 crm-find -k log "contact = bob@x.example" --count &&
	echo 30000 >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find "email = bob@x.example" -o interactions,last_contact &&
	printf "30000\t2025-12-28T23:59:00Z\n" >expect &&
	test_cmp expect out &&
	crm-find -k log "contact = bob@x.example and at >= 2025-06-01 and at < 2025-07-01" --count >june &&
	crm-find -k log -f json --sort at,id "contact = bob@x.example" | tail -3 >last &&
	if command -v sqlite3 >/dev/null 2>&1; then
		log_indexes >actual && test_cmp indexes actual
	fi &&
	crm reindex >/dev/null &&
	crm-find -k log "contact = bob@x.example and at >= 2025-06-01 and at < 2025-07-01" --count >june2 &&
	test_cmp june june2 &&
	crm-find -k log -f json --sort at,id "contact = bob@x.example" | tail -3 >last2 &&
	test_cmp last last2
'

test_expect 'a journal broken by hand is not appended to; its day named' '
	crm-add -q contact --name Jo --email jo@broken.example &&
	crm-log -q jo@broken.example call "fine" --at 2026-05-05T10:00:00Z &&
	git clone -q "$STORE" brk &&
	(cd brk && printf -- "--- {id: 1111222233334444, at: [unclosed\n" >>log/2026/05/05.yaml &&
	 git commit -qam "break a journal" && git push -q origin main) &&
	n=$(commits) &&
	expect_status 65 crm-log jo@broken.example call "more" --at 2026-05-05T11:00:00Z &&
	grep -q "fix that journal by hand before logging to its day" err &&
	test "$(commits)" -eq "$n" &&
	expect_status 0 crm-log -q jo@broken.example call "other day" --at 2026-05-06T11:00:00Z
'

test_expect 'a busy day (a journal over 64 KiB) takes one more interaction, written fast and sound' '
	crm-add -q contact --name Busy --email busy@x.example &&
	awk "BEGIN { print \"contact,at,type,summary\";
		for (i = 0; i < 1500; i++) printf \"busy@x.example,2026-07-01T%02d:%02d:00Z,call,call number %d of a long day\\n\", i % 24, i % 60, i }" >busy.csv &&
	crm-log -q --from busy.csv &&
	test "$(git -C "$STORE" cat-file -s HEAD:log/2026/07/01.yaml)" -gt 65536 &&
	crm-log -q busy@x.example call "one more" --at 2026-07-01T23:59:00Z &&
	git -C "$STORE" show HEAD:log/2026/07/01.yaml | tail -1 | grep -q "summary: one more}" &&
	test "$(git -C "$STORE" show HEAD:log/2026/07/01.yaml | grep -c "^---")" -eq 1501 &&
	blob=$(git -C "$STORE" rev-parse HEAD:log/2026/07/01.yaml) &&
	f=$STORE/objects/$(echo "$blob" | cut -c1-2)/$(echo "$blob" | cut -c3-) &&
	test -f "$f" && test "$(od -An -tx1 -N2 "$f" | tr -d " ")" = 7801 &&
	{ git -C "$STORE" fsck --strict 2>&1 | grep -v "^Checking\|^dangling" >fsck.out; true; } &&
	test ! -s fsck.out &&
	crm-find -k log --count "contact = busy@x.example" >n && echo 1501 >expect && test_cmp expect n
'

done_testing
