#!/bin/sh
# crm-log REF TYPE: recording interactions.  Each goes to the journal of its
# own UTC day (back-dated, future-dated, --at with a time zone), two appends
# to one day keep both, one commit per command; every option lands in the
# document; exact money in the derived fields (0.10 + 0.20 = 0.30, a refund
# subtracts); "crm-find ... | crm-log - TYPE" in one commit without the
# do-not-contact contacts; the exit statuses; journals stay valid YAML.
. "${0%/*}/lib.sh"

CRM_NOW=2026-11-20T10:00:00Z
export CRM_NOW

# The text of a file at the store's HEAD.
show() {
	git -C "$STORE" show "HEAD:$1"
}

# The journals of the store, one path a line.
journals() {
	git -C "$STORE" ls-tree -r --name-only HEAD log
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

# The document of interaction $1 in journal $2, as it is in the file: one
# line, "--- {id: $1, ...}".
doc_of() {
	show "$2" | grep -F -e "--- {id: $(yid "$1"), "
}

have_pyyaml() {
	python3 -c 'import yaml' 2>/dev/null
}

# Prints "ok N # skip WHY" for a test that cannot run here.
test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count # skip $1: $2"
}

msg() {
	git -C "$STORE" log -1 --format=%s
}

# Interactions need contacts: crm-log never creates a store.
test_expect 'recording without a store is 66 and creates none' '
	expect_status 66 crm-log jane@acme.example call "x" &&
	test ! -s out &&
	echo "crm-log: no store at $STORE (crm init creates one)" >expect &&
	test_cmp expect err &&
	test ! -e "$STORE" &&
	test ! -e "$HOME/.local" &&
	expect_status 66 crm-log - email "x" <<-EOF &&
	jane@acme.example
	EOF
	test ! -s out &&
	test_cmp expect err &&
	test ! -e "$STORE"
'

test_expect 'setup: contacts, one of them do-not-contact, and a deal' '
	crm-add contact --name "Jane Doe" --email jane@acme.example --tag vip \
		>jane.id 2>/dev/null &&
	crm-add contact --name "Bob Roe" --email bob@x.example --tag vip \
		--set dnc=true >bob.id &&
	crm-add contact --name "Cy Dee" --email cy@x.example --tag vip >cy.id &&
	crm-add contact --name "Di Eff" --email di@x.example >di.id &&
	crm-add contact --name "Pat Sum" --email pat@x.example >pat.id &&
	crm-add deal --title "Acme renewal" --contact jane@acme.example \
		--amount 12000 --stage proposal >deal.id &&
	show "contacts/$(cut -c1-2 bob.id)/$(cat bob.id).yaml" | grep -qx "dnc: true" &&
	test "$(commits)" -eq 7
'

test_expect 'a call is one document in today'"'"'s journal, one commit' '
	before=$(commits) &&
	expect_status 0 crm-log jane@acme.example call "Wants a quote for 40 seats" &&
	grep -qx "[0-9a-f]\{16\}" out &&
	test "$(wc -l <out)" -eq 1 &&
	test ! -s err &&
	cp out call.id &&
	test "$(commits)" -eq $((before + 1)) &&
	printf "log call %.8s\n" "$(cat call.id)" >expect &&
	msg >actual &&
	test_cmp expect actual &&
	cat >expect <<-EOF &&
	--- {id: $(yid "$(cat call.id)"), at: 2026-11-20T10:00:00Z, contact: $(yid "$(cat jane.id)"), type: call, summary: Wants a quote for 40 seats}
	EOF
	show log/2026/11/20.yaml >actual &&
	test_cmp expect actual
'

test_expect 'the commit changes only that journal and names no personal data' '
	git -C "$STORE" show --name-only --format= HEAD >files &&
	echo log/2026/11/20.yaml >expect &&
	test_cmp expect files &&
	! msg | grep -i -e jane -e quote -e acme
'

test_expect 'a second append to the same day keeps the first document as it was' '
	show log/2026/11/20.yaml >first.yaml &&
	CRM_NOW=2026-11-20T11:15:00Z expect_status 0 crm-log jane@acme.example \
		email "Sent the price list" &&
	cp out email.id &&
	{
		cat first.yaml &&
		cat <<-EOF
		--- {id: $(yid "$(cat email.id)"), at: 2026-11-20T11:15:00Z, contact: $(yid "$(cat jane.id)"), type: email, summary: Sent the price list}
		EOF
	} >expect &&
	show log/2026/11/20.yaml >actual &&
	test_cmp expect actual &&
	test "$(wc -l <actual)" -eq 2 &&
	test "$(grep -c "^--- {.*}$" actual)" -eq 2
'

test_expect 'a back-dated purchase goes to its own day'"'"'s journal' '
	before=$(commits) &&
	expect_status 0 crm-log jane@acme.example purchase "Order 1042" \
		--amount 480.00 --at 2026-11-02 &&
	cp out p1042.id &&
	test "$(commits)" -eq $((before + 1)) &&
	printf "log purchase %.8s\n" "$(cat p1042.id)" >expect &&
	msg >actual &&
	test_cmp expect actual &&
	cat >expect <<-EOF &&
	--- {id: $(yid "$(cat p1042.id)"), at: 2026-11-02, contact: $(yid "$(cat jane.id)"), type: purchase, summary: Order 1042, amount: 480.00, currency: EUR}
	EOF
	show log/2026/11/02.yaml >actual &&
	test_cmp expect actual &&
	! show log/2026/11/20.yaml | grep -q "Order 1042"
'

test_expect 'back-dating into last year and a past month' '
	expect_status 0 crm-log jane@acme.example meeting "Kick-off" \
		--at 2025-12-31T16:00:00Z &&
	cp out old.id &&
	echo "--- {id: $(yid "$(cat old.id)"), at: 2025-12-31T16:00:00Z, contact: $(yid "$(cat jane.id)"), type: meeting, summary: Kick-off}" >expect &&
	show log/2025/12/31.yaml >j &&
	test_cmp expect j &&
	expect_status 0 crm-log jane@acme.example note "last week" --at -7d &&
	cp out rel.id &&
	echo "--- {id: $(yid "$(cat rel.id)"), at: 2026-11-13, contact: $(yid "$(cat jane.id)"), type: note, summary: last week}" >expect &&
	show log/2026/11/13.yaml >j &&
	test_cmp expect j
'

test_expect 'future-dated entries go to their future day'"'"'s journal' '
	expect_status 0 crm-log jane@acme.example meeting "Quarterly review" \
		--at 2027-01-15T09:30:00Z &&
	cp out future.id &&
	echo "--- {id: $(yid "$(cat future.id)"), at: 2027-01-15T09:30:00Z, contact: $(yid "$(cat jane.id)"), type: meeting, summary: Quarterly review}" >expect &&
	show log/2027/01/15.yaml >j &&
	test_cmp expect j &&
	expect_status 0 crm-log jane@acme.example meeting "Tomorrow" --at tomorrow &&
	cp out tomorrow.id &&
	echo "--- {id: $(yid "$(cat tomorrow.id)"), at: 2026-11-21, contact: $(yid "$(cat jane.id)"), type: meeting, summary: Tomorrow}" >expect &&
	show log/2026/11/21.yaml >j &&
	test_cmp expect j &&
	expect_status 0 crm-log jane@acme.example call "In two weeks" --at +2w &&
	echo "--- {id: $(yid "$(cat out)"), at: 2026-12-04, contact: $(yid "$(cat jane.id)"), type: call, summary: In two weeks}" >expect &&
	show log/2026/12/04.yaml >j &&
	test_cmp expect j
'

test_expect '--at with a negative offset crossing midnight goes to the next UTC day' '
	expect_status 0 crm-log jane@acme.example call "Late in Rio" \
		--at 2026-11-02T23:30:00-02:00 &&
	cp out rio.id &&
	echo "--- {id: $(yid "$(cat rio.id)"), at: 2026-11-03T01:30:00Z, contact: $(yid "$(cat jane.id)"), type: call, summary: Late in Rio}" >expect &&
	show log/2026/11/03.yaml >j &&
	test_cmp expect j &&
	! show log/2026/11/02.yaml | grep -q "$(cat rio.id)"
'

test_expect '--at with a positive offset crossing midnight goes to the previous UTC day' '
	expect_status 0 crm-log jane@acme.example call "Early in Athens" \
		--at 2026-11-03T00:30:00+02:00 &&
	cp out athens.id &&
	echo "--- {id: $(yid "$(cat athens.id)"), at: 2026-11-02T22:30:00Z, contact: $(yid "$(cat jane.id)"), type: call, summary: Early in Athens}" >expect &&
	doc_of "$(cat athens.id)" log/2026/11/02.yaml >j &&
	test_cmp expect j &&
	! show log/2026/11/03.yaml | grep -q "$(cat athens.id)" &&
	expect_status 0 crm-log jane@acme.example note "Kolkata" \
		--at 2026-11-05T04:00:00+05:30 -f json &&
	grep -q "\"at\":\"2026-11-04T22:30:00Z\"" out &&
	id=$(sed -n "s/^{\"id\":\"\([0-9a-f]\{16\}\)\".*/\1/p" out) &&
	echo "--- {id: $(yid "$id"), at: 2026-11-04T22:30:00Z, contact: $(yid "$(cat jane.id)"), type: note, summary: Kolkata}" >expect &&
	show log/2026/11/04.yaml >j &&
	test_cmp expect j
'

test_expect 'a time without a zone is UTC' '
	expect_status 0 crm-log jane@acme.example call "no zone" \
		--at 2026-11-06T23:30 &&
	echo "--- {id: $(yid "$(cat out)"), at: 2026-11-06T23:30:00Z, contact: $(yid "$(cat jane.id)"), type: call, summary: no zone}" >expect &&
	show log/2026/11/06.yaml >j &&
	test_cmp expect j
'

test_expect 'every option lands in the document, in the fixed key order' '
	printf "Line one\nline: two\n" >body.txt &&
	expect_status 0 crm-log jane@acme.example support "Broken login" \
		--at 2026-11-10T08:00:00Z --channel phone --direction in \
		--deal "$(cut -c1-6 deal.id)" --body - --set ticket=T-17 <body.txt &&
	cp out sup.id &&
	cat >expect <<-EOF &&
	--- {id: $(yid "$(cat sup.id)"), at: 2026-11-10T08:00:00Z, contact: $(yid "$(cat jane.id)"), type: support, summary: Broken login, channel: phone, direction: in, deal: $(yid "$(cat deal.id)"), body: "Line one\\nline: two\\n", ticket: T-17}
	EOF
	show log/2026/11/10.yaml >actual &&
	test_cmp expect actual
'

test_expect '--amount with --currency keeps that currency; a task keeps --due' '
	expect_status 0 crm-log jane@acme.example purchase "US order" \
		--amount 12 --currency usd --at 2026-11-11T12:00:00Z &&
	cp out usd.id &&
	echo "--- {id: $(yid "$(cat usd.id)"), at: 2026-11-11T12:00:00Z, contact: $(yid "$(cat jane.id)"), type: purchase, summary: US order, amount: 12.00, currency: USD}" >expect &&
	show log/2026/11/11.yaml >j &&
	test_cmp expect j &&
	expect_status 0 crm-log jane@acme.example task "Send the quote" --due +3d &&
	cp out task.id &&
	echo "--- {id: $(yid "$(cat task.id)"), at: 2026-11-20T10:00:00Z, contact: $(yid "$(cat jane.id)"), type: task, summary: Send the quote, due: 2026-11-23}" >expect &&
	doc_of "$(cat task.id)" log/2026/11/20.yaml >d &&
	test_cmp expect d
'

# The journal holds the document on one line; -f yaml writes the same
# document in block style, with the same plain scalars.
test_expect '-f yaml prints the journal'"'"'s document as a block, -f json the same record' '
	expect_status 0 crm-log jane@acme.example note "yaml out" \
		--at 2026-11-12T07:00:00Z -f yaml &&
	id=$(sed -n "s/^id: '"'"'\{0,1\}\([0-9a-f]\{16\}\)'"'"'\{0,1\}$/\1/p" out) &&
	test -n "$id" &&
	cat >expect <<-EOF &&
	---
	id: $(yid "$id")
	at: 2026-11-12T07:00:00Z
	contact: $(yid "$(cat jane.id)")
	type: note
	summary: yaml out
	EOF
	test_cmp expect out &&
	echo "--- {id: $(yid "$id"), at: 2026-11-12T07:00:00Z, contact: $(yid "$(cat jane.id)"), type: note, summary: yaml out}" >expect &&
	show log/2026/11/12.yaml >j &&
	test_cmp expect j &&
	expect_status 0 crm-log jane@acme.example note "json out" \
		--at 2026-11-12T08:00:00Z --amount 1.5 -f json &&
	test "$(wc -l <out)" -eq 1 &&
	id=$(sed -n "s/^{\"id\":\"\([0-9a-f]\{16\}\)\".*/\1/p" out) &&
	test -n "$id" &&
	grep -q "\"contact\":\"$(cat jane.id)\"" out &&
	grep -q "\"type\":\"note\"" out &&
	grep -q "\"summary\":\"json out\"" out &&
	grep -q "\"currency\":\"EUR\"" out &&
	echo "--- {id: $(yid "$id"), at: 2026-11-12T08:00:00Z, contact: $(yid "$(cat jane.id)"), type: note, summary: json out, amount: 1.50, currency: EUR}" >expect &&
	doc_of "$id" log/2026/11/12.yaml >actual &&
	test_cmp expect actual
'

test_expect 'every type is accepted' '
	for t in call email meeting note purchase refund support task; do
		id=$(crm-log di@x.example $t "a $t" --at 2026-11-15T10:00:00Z) ||
			exit 1
		echo "--- {id: $(yid "$id"), at: 2026-11-15T10:00:00Z, contact: $(yid "$(cat di.id)"), type: $t, summary: a $t}"
	done >expect &&
	show log/2026/11/15.yaml >actual &&
	test_cmp expect actual
'

test_expect 'strings YAML 1.1 would misread are quoted, and read back as written' '
	while IFS= read -r s; do
		crm-log --at 2026-11-16T10:00:00Z -- di@x.example note "$s" ||
			exit 1
	done >ids <<-\EOF &&
	no
	on
	1.10
	0123
	2026-01-01
	key: value # not a comment
	- a dash
	'"'"'quoted'"'"' and "double"
	München, Zoë & 東京
	[not, a, list]
	@at %percent *star &amp !bang |pipe >gt
	EOF
	test "$(wc -l <ids)" -eq 11 &&
	while IFS= read -r s; do
		read -r id <&3 &&
		printf "%s\n" "--- {id: $(yid "$id"), at: 2026-11-16T10:00:00Z, contact: $(yid "$(cat di.id)"), type: note, summary: $s}" ||
			exit 1
	done >expect 3<ids <<-\EOF &&
	'"'"'no'"'"'
	'"'"'on'"'"'
	'"'"'1.10'"'"'
	'"'"'0123'"'"'
	'"'"'2026-01-01'"'"'
	'"'"'key: value # not a comment'"'"'
	'"'"'- a dash'"'"'
	'"'"''"'"''"'"'quoted'"'"''"'"' and "double"'"'"'
	'"'"'München, Zoë & 東京'"'"'
	'"'"'[not, a, list]'"'"'
	'"'"'@at %percent *star &amp !bang |pipe >gt'"'"'
	EOF
	show log/2026/11/16.yaml >actual &&
	test_cmp expect actual
'

# Inside a flow mapping "," "[" "]" "{" "}" ":" "?" "#" are quoted too, a
# tab or a newline takes double quotes with escapes.
test_expect 'flow indicators, tabs, newlines and edge spaces are quoted in the one-line form' '
	printf "what? no\na {brace} b\ntab\tin\ntrailing \nnull\ntrue\n~\nx#y\n" >odd.txt &&
	while IFS= read -r s; do
		crm-log --at 2026-11-19T10:00:00Z -- di@x.example note "$s" ||
			exit 1
	done <odd.txt >ids &&
	printf "multi\nline\n" | crm-log --at 2026-11-19T11:00:00Z di@x.example \
		note "with a body" --body - >>ids &&
	test "$(wc -l <ids)" -eq 9 &&
	while IFS= read -r s; do
		read -r id <&3 &&
		printf "%s\n" "--- {id: $(yid "$id"), at: 2026-11-19T10:00:00Z, contact: $(yid "$(cat di.id)"), type: note, summary: $s}" ||
			exit 1
	done >expect 3<ids <<-\EOF &&
	'"'"'what? no'"'"'
	'"'"'a {brace} b'"'"'
	"tab\tin"
	'"'"'trailing '"'"'
	'"'"'null'"'"'
	'"'"'true'"'"'
	'"'"'~'"'"'
	'"'"'x#y'"'"'
	EOF
	printf "%s\n" "--- {id: $(yid "$(tail -1 ids)"), at: 2026-11-19T11:00:00Z, contact: $(yid "$(cat di.id)"), type: note, summary: with a body, body: \"multi\\nline\\n\"}" >>expect &&
	show log/2026/11/19.yaml >actual &&
	test_cmp expect actual &&
	if have_pyyaml; then
		python3 - actual odd.txt <<-\EOF
		import sys, yaml
		docs = list(yaml.safe_load_all(open(sys.argv[1], encoding="utf-8")))
		want = open(sys.argv[2], encoding="utf-8").read().split("\n")[:-1]
		assert [d["summary"] for d in docs[:-1]] == want, docs
		assert docs[-1]["body"] == "multi\nline\n", docs[-1]
		EOF
	fi
'

test_expect 'an amount of 0.10 and one of 0.20 make revenue 0.30 exactly' '
	expect_status 0 crm-log pat@x.example purchase "ten cents" --amount 0.10 \
		--at 2026-11-01T09:00:00Z &&
	expect_status 0 crm-log pat@x.example purchase "twenty cents" \
		--amount 0.20 --at 2026-11-01T10:00:00Z &&
	expect_status 0 crm-find "email = pat@x.example" -o name,revenue,orders,open_tasks &&
	printf "Pat Sum\t0.30\t2\t0\n" >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find "revenue = 0.30" -o email &&
	echo pat@x.example >expect &&
	test_cmp expect out
'

test_expect 'a refund subtracts from revenue and is not an order' '
	expect_status 0 crm-log pat@x.example refund "one cent back" --amount 0.01 \
		--at 2026-11-03T09:00:00Z &&
	expect_status 0 crm-find "email = pat@x.example" -o name,revenue,orders &&
	printf "Pat Sum\t0.29\t2\n" >expect &&
	test_cmp expect out
'

# crm-log(1): "A refund is recorded with a positive amount: its type, not
# its sign, takes it off the revenue."  A negative refund is recorded as
# given and subtracts its size: it must not add.
test_expect 'a refund with a negative amount still subtracts its size' '
	crm-add contact --name "Neg Ref" --email neg@x.example >neg.id &&
	crm-log neg@x.example purchase "order" --amount 10 --at 2026-11-01 >/dev/null &&
	expect_status 0 crm-log neg@x.example refund "odd refund" --amount -2 \
		--at 2026-11-02 &&
	echo "--- {id: $(yid "$(cat out)"), at: 2026-11-02, contact: $(yid "$(cat neg.id)"), type: refund, summary: odd refund, amount: -2.00, currency: EUR}" >expect &&
	doc_of "$(cat out)" log/2026/11/02.yaml >actual &&
	test_cmp expect actual &&
	crm-find "email = neg@x.example" -o revenue,orders >actual &&
	printf "8.00\t1\n" >expect &&
	test_cmp expect actual
'

test_expect 'a purchase in another currency does not count in store-currency revenue' '
	expect_status 0 crm-log pat@x.example purchase "in dollars" --amount 100 \
		--currency USD --at 2026-11-04T09:00:00Z &&
	crm-find "email = pat@x.example" -o revenue >actual &&
	echo 0.29 >expect &&
	test_cmp expect actual
'

# A purchase in any currency is an order; a task or a note is no touch
# point for last_contact (the choice of index.c), but counts as an interaction.
test_expect 'a task counts in open_tasks; last_contact is the newest touch point' '
	expect_status 0 crm-log pat@x.example task "call back" --due 2026-11-25 \
		--at 2026-11-05T09:00:00Z &&
	expect_status 0 crm-find "email = pat@x.example" \
		-o name,revenue,orders,open_tasks,last_contact,interactions &&
	printf "Pat Sum\t0.29\t3\t1\t2026-11-04T09:00:00Z\t5\n" >expect &&
	test_cmp expect out
'

test_expect 'crm-find tag=vip | crm-log - email: one commit, dnc contacts left out' '
	before=$(commits) &&
	crm-find "tag=vip" >vips &&
	test "$(wc -l <vips)" -eq 3 &&
	CRM_NOW=2026-11-20T12:00:00Z expect_status 0 crm-log - email \
		"November newsletter" <vips &&
	test "$(wc -l <out)" -eq 2 &&
	! grep -vx "[0-9a-f]\{16\}" out &&
	cp out news.ids &&
	test "$(commits)" -eq $((before + 1)) &&
	echo "log email to 2 contacts" >expect &&
	msg >actual &&
	test_cmp expect actual &&
	grep -q "left out 1 contact" err &&
	grep -q "dnc" err &&
	grep -q -- "--include-dnc" err &&
	cut -f1 vips | grep -vx "$(cat bob.id)" >sent &&
	while read -r id; do
		read -r c <&3 &&
		echo "--- {id: $(yid "$id"), at: 2026-11-20T12:00:00Z, contact: $(yid "$c"), type: email, summary: November newsletter}" ||
			exit 1
	done <news.ids 3<sent >expect &&
	show log/2026/11/20.yaml >j &&
	grep -F "summary: November newsletter}" j >actual &&
	test_cmp expect actual &&
	sort sent >actual &&
	sort jane.id cy.id >expect &&
	test_cmp expect actual
'

# Bob has no interaction at all: an empty timeline is a success, no rows.
test_expect 'the dnc contact has no newsletter in its timeline, the others have one' '
	expect_status 0 crm-log bob@x.example &&
	test ! -s err &&
	test ! -s out &&
	expect_status 0 crm-log cy@x.example &&
	test "$(grep -c "November newsletter" out)" -eq 1
'

test_expect '--include-dnc logs the do-not-contact contacts too' '
	before=$(commits) &&
	crm-find "tag=vip" | CRM_NOW=2026-11-20T13:00:00Z expect_status 0 \
		crm-log - email "Product recall notice" --include-dnc &&
	test "$(wc -l <out)" -eq 3 &&
	test "$(commits)" -eq $((before + 1)) &&
	echo "log email to 3 contacts" >expect &&
	msg >actual &&
	test_cmp expect actual &&
	! grep -q "left out" err &&
	cp out recall.ids &&
	cut -f1 vips >sent &&
	while read -r id; do
		read -r c <&3 &&
		echo "--- {id: $(yid "$id"), at: 2026-11-20T13:00:00Z, contact: $(yid "$c"), type: email, summary: Product recall notice}" ||
			exit 1
	done <recall.ids 3<sent >expect &&
	show log/2026/11/20.yaml >j &&
	grep -F "summary: Product recall notice}" j >actual &&
	test_cmp expect actual &&
	grep -qF "contact: $(yid "$(cat bob.id)"), type: email, summary: Product recall notice}" j
'

test_expect '- reads JSON ids, YAML ids and bare emails from stdin' '
	before=$(commits) &&
	{
		printf "{\"id\":\"%s\",\"name\":\"Jane Doe\"}\n" "$(cat jane.id)"
		echo cy@x.example
	} >refs &&
	expect_status 0 crm-log - note "mixed refs" --at 2026-11-17T10:00:00Z <refs &&
	test "$(wc -l <out)" -eq 2 &&
	cp out mixed.ids &&
	printf -- "---\nid: %s\nname: Di Eff\n" "$(cat di.id)" >refs.yaml &&
	expect_status 0 crm-log - note "yaml refs" --at 2026-11-17T11:00:00Z <refs.yaml &&
	test "$(wc -l <out)" -eq 1 &&
	test "$(commits)" -eq $((before + 2)) &&
	cat >expect <<-EOF &&
	--- {id: $(yid "$(sed -n 1p mixed.ids)"), at: 2026-11-17T10:00:00Z, contact: $(yid "$(cat jane.id)"), type: note, summary: mixed refs}
	--- {id: $(yid "$(sed -n 2p mixed.ids)"), at: 2026-11-17T10:00:00Z, contact: $(yid "$(cat cy.id)"), type: note, summary: mixed refs}
	--- {id: $(yid "$(cat out)"), at: 2026-11-17T11:00:00Z, contact: $(yid "$(cat di.id)"), type: note, summary: yaml refs}
	EOF
	show log/2026/11/17.yaml >actual &&
	test_cmp expect actual
'

test_expect '- with an empty stdin logs nothing and makes no commit' '
	before=$(commits) &&
	expect_status 0 crm-log - email "nobody" </dev/null &&
	test ! -s out &&
	test "$(commits)" -eq "$before"
'

test_expect '- with only dnc contacts logs nothing and says why' '
	before=$(commits) &&
	expect_status 0 crm-log - email "only bob" <bob.id &&
	test ! -s out &&
	grep -q "left out 1 contact" err &&
	test "$(commits)" -eq "$before"
'

test_expect '- with one unknown reference writes nothing (67)' '
	before=$(commits) &&
	printf "cy@x.example\nnobody@x.example\n" >refs &&
	expect_status 67 crm-log - email "partial" <refs &&
	grep -q "nobody@x.example" err &&
	test ! -s out &&
	test "$(commits)" -eq "$before"
'

# Each of these fails, writes nothing, and exits with the status of its kind.
test_expect 'an unknown type is bad data (65), nothing written' '
	before=$(commits) &&
	expect_status 65 crm-log jane@acme.example phonecall "x" &&
	grep -q "type" err &&
	grep -q "phonecall" err &&
	test "$(commits)" -eq "$before"
'

test_expect 'an unknown contact is 67, nothing written' '
	before=$(commits) &&
	expect_status 67 crm-log nobody@x.example call "x" &&
	grep -q "nobody@x.example" err &&
	test "$(commits)" -eq "$before" &&
	expect_status 67 crm-log ffffffffffffffff call "x" &&
	test "$(commits)" -eq "$before"
'

test_expect 'an unknown --deal is 67, nothing written' '
	before=$(commits) &&
	expect_status 67 crm-log jane@acme.example call "x" --deal nodeal &&
	grep -q "nodeal" err &&
	test "$(commits)" -eq "$before"
'

test_expect 'bad dates, amounts and currencies are bad data (65), nothing written' '
	before=$(commits) &&
	for at in notadate 2026-02-30 2026-11-02T25:00:00Z 2026-13-01; do
		expect_status 65 crm-log jane@acme.example call x --at "$at" || exit 1
		grep -q "at" err || exit 1
	done &&
	for amount in abc 1e3 1.2.3 0.001; do
		expect_status 65 crm-log jane@acme.example purchase x \
			--amount "$amount" || exit 1
		grep -q "amount" err || exit 1
	done &&
	expect_status 65 crm-log jane@acme.example purchase x --amount 1 \
		--currency US-D &&
	grep -q "currency" err &&
	test "$(commits)" -eq "$before"
'

test_expect 'usage errors are 64, nothing written' '
	before=$(commits) &&
	expect_status 64 crm-log jane@acme.example call x --direction sideways &&
	expect_status 64 crm-log jane@acme.example call x --bogus &&
	grep -q "usage:" err &&
	expect_status 64 crm-log jane@acme.example call two words &&
	expect_status 64 crm-log jane@acme.example call x --set type=note &&
	expect_status 64 crm-log jane@acme.example call x --set nokey &&
	expect_status 64 crm-log jane@acme.example call x --at &&
	expect_status 64 crm-log - call x --body - </dev/null &&
	test "$(commits)" -eq "$before"
'

test_expect '--help prints the usage on stdout and exits 0' '
	expect_status 0 crm-log --help &&
	grep -q "^usage: crm-log" out &&
	test ! -s err
'

if have_pyyaml; then
	test_expect 'every journal is a valid YAML stream whose ids are all there' '
		for j in $(journals); do
			show "$j" >j.yaml &&
			python3 -c "import yaml,sys; list(yaml.safe_load_all(open(sys.argv[1])))" \
				j.yaml || { echo "bad YAML: $j"; exit 1; }
		done &&
		for j in $(journals); do show "$j"; done >all.yaml &&
		python3 - all.yaml <<-\EOF
		import sys, yaml
		n = 0
		for d in yaml.safe_load_all(open(sys.argv[1])):
		    n += 1
		    for k in ("id", "at", "contact", "type"):
		        assert k in d, (k, d)
		    assert isinstance(d["id"], str) and len(d["id"]) == 16, d
		    assert isinstance(d["contact"], str), d
		    if "summary" in d:
		        assert isinstance(d["summary"], str), d
		assert n > 40, n
		EOF
	'

	test_expect 'tricky summaries read back from the journal exactly as given' '
		show log/2026/11/16.yaml >j.yaml &&
		python3 - j.yaml <<-\EOF
		import sys, yaml
		got = [d["summary"] for d in yaml.safe_load_all(open(sys.argv[1], encoding="utf-8"))]
		want = ["no", "on", "1.10", "0123", "2026-01-01",
		        "key: value # not a comment", "- a dash",
		        "'"'"'quoted'"'"' and \"double\"", "München, Zoë & 東京",
		        "[not, a, list]", "@at %percent *star &amp !bang |pipe >gt"]
		assert got == want, (got, want)
		EOF
	'
else
	test_skip 'every journal is a valid YAML stream' 'no PyYAML'
	test_skip 'tricky summaries read back exactly' 'no PyYAML'
fi

test_expect 'tricky summaries come back unchanged through -f json' '
	expect_status 0 crm-log di@x.example --since 2026-11-16 --until 2026-11-16 \
		-f json -o summary --sort at &&
	test "$(wc -l <out)" -eq 11 &&
	grep -qx "{\"summary\":\"no\"}" out &&
	grep -qx "{\"summary\":\"key: value # not a comment\"}" out &&
	grep -qx "{\"summary\":\"München, Zoë & 東京\"}" out
'

test_expect 'git fsck --strict finds the store clean, and it stays private' '
	git -C "$STORE" fsck --strict 2>fsck.err &&
	test ! -s fsck.err &&
	find "$STORE" -perm /077 >loose &&
	test_cmp /dev/null loose
'

done_testing
