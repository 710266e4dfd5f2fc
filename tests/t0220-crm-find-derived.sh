#!/bin/sh
# crm-find's derived contact fields (revenue, orders, first_purchase,
# last_purchase, last_contact, interactions, open_tasks) computed from
# journals committed by hand, exact money arithmetic, and the other kinds:
# -k org, -k deal and -k log (interactions), with their fields, references
# (contact.X, org.X), full text and references on stdin.
. "${0%/*}/lib.sh"

# Commits the files under work/ to the store, as a user with a clone would.
push() {
	(cd work && git add -A && git commit -qm "$1" && git push -q origin main)
}

# rec DIR ID: the record on stdin becomes work/DIR/<2 chars>/ID.yaml.
rec() {
	mkdir -p "work/$1/$(printf %.2s "$2")" &&
	cat >"work/$1/$(printf %.2s "$2")/$2.yaml"
}

# contact ID NAME [LINE...]: a contact with those extra YAML lines.
contact() {
	id=$1 name=$2
	shift 2
	{
		printf 'id: %s\nname: %s\n' "$id" "$name"
		for l in "$@"; do
			printf '%s\n' "$l"
		done
		printf 'created: 2026-01-01T00:00:00Z\nupdated: 2026-01-01T00:00:00Z\n'
	} | rec contacts "$id"
}

# finds OPTIONS FILTER [LINE...]: `crm-find OPTIONS FILTER` (OPTIONS split
# at spaces) prints exactly these lines and exits 0; with no LINE it
# prints nothing and exits 1 (nothing matched).  stderr stays empty.
finds() {
	opts=$1 filter=$2
	shift 2
	if [ $# -eq 0 ]; then
		: >expect
		want=1
	else
		printf '%s\n' "$@" >expect
		want=0
	fi
	# shellcheck disable=SC2086
	if expect_status $want crm-find $opts "$filter" &&
	   test_cmp expect out && test_cmp /dev/null err; then
		return 0
	fi
	echo "# for: crm-find $opts '$filter'" >&2
	return 1
}

CRM_NOW=2026-11-20T12:00:00Z
export CRM_NOW

test_expect 'setup: orgs, contacts, deals and journals written by hand' '
	expect_status 0 crm init &&
	git clone -q "$STORE" work &&
	rec orgs 0000000000000a01 <<-\EOF &&
	id: 0000000000000a01
	name: Acme
	domain: acme.example
	industry: software
	city: Paris
	country: FR
	tags: [partner]
	created: 2026-01-01T00:00:00Z
	updated: 2026-01-01T00:00:00Z
	EOF
	rec orgs 0000000000000a02 <<-\EOF &&
	id: 0000000000000a02
	name: Globex
	domain: globex.example
	industry: energy
	city: Berlin
	country: DE
	created: 2026-01-01T00:00:00Z
	updated: 2026-01-01T00:00:00Z
	EOF
	rec orgs 0000000000000a03 <<-\EOF &&
	id: 0000000000000a03
	name: Initech
	created: 2026-01-01T00:00:00Z
	updated: 2026-01-01T00:00:00Z
	EOF
	contact c000000000000001 "Ann Archer" "email: [ann@acme.example]" \
		"org: 0000000000000a01" "city: Paris" &&
	contact c000000000000002 "Bob Brown" "email: [bob@globex.example]" \
		"org: 0000000000000a02" "city: Berlin" &&
	contact c000000000000003 "Cy Cole" "email: [cy@initech.example]" \
		"org: 0000000000000a03" &&
	contact c000000000000004 "Di Dorn" "email: [di@example.org]" &&
	contact c000000000000005 "Ed Eyre" "email: [ed@example.org]" &&
	rec deals d000000000000001 <<-\EOF &&
	id: d000000000000001
	title: Acme renewal
	contact: c000000000000001
	org: 0000000000000a01
	amount: 12000.00
	currency: EUR
	stage: proposal
	probability: 50
	close: 2026-12-15
	created: 2026-10-01T00:00:00Z
	updated: 2026-10-01T00:00:00Z
	EOF
	rec deals d000000000000002 <<-\EOF &&
	id: d000000000000002
	title: Globex pilot
	contact: c000000000000002
	org: 0000000000000a02
	amount: 4999.99
	currency: EUR
	stage: proposal
	probability: 50
	close: 2026-11-30
	created: 2026-10-02T00:00:00Z
	updated: 2026-10-02T00:00:00Z
	EOF
	rec deals d000000000000003 <<-\EOF &&
	id: d000000000000003
	title: Big one
	contact: c000000000000002
	org: 0000000000000a02
	amount: 5000.00
	currency: EUR
	stage: negotiation
	probability: 75
	close: 2027-01-10
	created: 2026-10-03T00:00:00Z
	updated: 2026-10-03T00:00:00Z
	EOF
	rec deals d000000000000004 <<-\EOF &&
	id: d000000000000004
	title: Lost cause
	contact: c000000000000003
	amount: 300
	currency: EUR
	stage: lost
	probability: 0
	created: 2026-10-04T00:00:00Z
	updated: 2026-10-04T00:00:00Z
	EOF
	mkdir -p work/log/2026/06 work/log/2026/11 &&
	cat >work/log/2026/06/01.yaml <<-\EOF &&
	id: e000000000000001
	at: 2026-06-01T09:00:00Z
	contact: c000000000000003
	type: call
	summary: Intro call about printers
	EOF
	cat >work/log/2026/11/02.yaml <<-\EOF &&
	id: e000000000000002
	at: 2026-11-02T10:00:00Z
	contact: c000000000000001
	type: purchase
	summary: Order 1042
	amount: 480.00
	currency: EUR
	---
	id: e000000000000003
	at: 2026-11-02T11:00:00Z
	contact: c000000000000002
	type: purchase
	summary: Sticker
	amount: 0.10
	currency: EUR
	---
	id: e000000000000004
	at: 2026-11-02T12:00:00Z
	contact: c000000000000002
	type: purchase
	summary: Pin
	amount: 0.20
	currency: EUR
	EOF
	cat >work/log/2026/11/10.yaml <<-\EOF &&
	id: e000000000000005
	at: 2026-11-10T09:30:00Z
	contact: c000000000000001
	type: refund
	summary: Refund part of order 1042
	amount: 80.00
	currency: EUR
	---
	id: e000000000000006
	at: 2026-11-10T10:00:00Z
	contact: c000000000000001
	type: purchase
	summary: US order
	amount: 100.00
	currency: USD
	---
	id: e000000000000007
	at: 2026-11-10T11:00:00Z
	contact: c000000000000001
	type: task
	summary: Send the quote
	due: 2026-11-25
	---
	id: e000000000000008
	at: 2026-11-10T12:00:00Z
	contact: c000000000000001
	type: task
	summary: Call back
	due: 2026-11-12
	done: 2026-11-12T08:00:00Z
	---
	id: e000000000000009
	at: 2026-11-10T13:00:00Z
	contact: c000000000000003
	type: task
	summary: Chase the invoice
	due: 2026-11-30
	---
	id: e00000000000000a
	at: 2026-11-10T14:00:00Z
	contact: c000000000000003
	type: task
	summary: Renew the contract
	EOF
	mkdir -p work/log/2026/11 &&
	cat >work/log/2026/11/15.yaml <<-\EOF &&
	id: e00000000000000b
	at: 2026-11-15T09:00:00Z
	contact: c000000000000003
	type: note
	summary: Prefers email
	---
	id: e00000000000000c
	at: 2026-11-15T10:00:00Z
	contact: c000000000000005
	type: purchase
	summary: Big order
	amount: 2500.00
	currency: EUR
	EOF
	push "records and journals by hand" &&
	expect_status 0 crm-find -k log --count &&
	echo 12 >expect &&
	test_cmp expect out
'

# ---- derived contact fields ----

test_expect 'every derived field of every contact' '
	expect_status 0 crm-find --header \
		-o name,revenue,orders,first_purchase,last_purchase,last_contact,interactions,open_tasks &&
	cat >expect <<-\EOF &&
	name	revenue	orders	first_purchase	last_purchase	last_contact	interactions	open_tasks
	Ann Archer	400.00	2	2026-11-02T10:00:00Z	2026-11-10T10:00:00Z	2026-11-10T10:00:00Z	5	1
	Bob Brown	0.30	2	2026-11-02T11:00:00Z	2026-11-02T12:00:00Z	2026-11-02T12:00:00Z	2	0
	Cy Cole	0.00	0			2026-06-01T09:00:00Z	4	2
	Di Dorn	0.00	0				0	0
	Ed Eyre	2500.00	1	2026-11-15T10:00:00Z	2026-11-15T10:00:00Z	2026-11-15T10:00:00Z	1	0
	EOF
	test_cmp expect out &&
	test_cmp /dev/null err
'

test_expect 'revenue: purchases less refunds, in the store currency only' '
	finds "-o name" "revenue = 400" "Ann Archer" &&
	finds "-o name" "revenue = 400.00" "Ann Archer" &&
	finds "-o name" "revenue >= 400" "Ann Archer" "Ed Eyre" &&
	finds "-o name" "revenue > 1000" "Ed Eyre" &&
	finds "-o name" "revenue = 480" &&
	finds "-o name" "revenue = 580" &&
	finds "-o name" "revenue = 0" "Cy Cole" "Di Dorn" &&
	finds "-o name" "revenue != 0" "Ann Archer" "Bob Brown" "Ed Eyre" &&
	finds "-o name" "revenue <= 0.30" "Bob Brown" "Cy Cole" "Di Dorn"
'

test_expect 'revenue is exact: 0.10 + 0.20 is 0.30' '
	expect_status 0 crm-find -o revenue "email = bob@globex.example" &&
	echo 0.30 >expect &&
	test_cmp expect out &&
	finds "-o name" "revenue = 0.3" "Bob Brown" &&
	finds "-o name" "revenue = 0.30" "Bob Brown" &&
	finds "-o name" "revenue >= 0.3 and revenue <= 0.3" "Bob Brown" &&
	finds "-o name" "revenue > 0.3 and revenue < 1" &&
	finds "-o name" "revenue < 0.3 and revenue > 0"
'

test_expect 'revenue in JSON is a bare number' '
	expect_status 0 crm-find -f json -o name,revenue,orders "revenue > 0" &&
	cat >expect <<-\EOF &&
	{"name":"Ann Archer","revenue":400.00,"orders":2}
	{"name":"Bob Brown","revenue":0.30,"orders":2}
	{"name":"Ed Eyre","revenue":2500.00,"orders":1}
	EOF
	test_cmp expect out
'

test_expect 'orders, first_purchase, last_purchase' '
	finds "-o name" "orders = 2" "Ann Archer" "Bob Brown" &&
	finds "-o name" "orders > 1" "Ann Archer" "Bob Brown" &&
	finds "-o name" "orders < 1" "Cy Cole" "Di Dorn" &&
	finds "-o name" "first_purchase < 2026-11-03" "Ann Archer" "Bob Brown" &&
	finds "-o name" "first_purchase = 2026-11-02" "Ann Archer" "Bob Brown" &&
	finds "-o name" "last_purchase > -7d" "Ed Eyre" &&
	finds "-o name" "last_purchase >= 2026-11-10" "Ann Archer" "Ed Eyre" &&
	finds "-o name" "first_purchase = \"\"" "Cy Cole" "Di Dorn" &&
	finds "-o name" "last_purchase != \"\"" "Ann Archer" "Bob Brown" "Ed Eyre"
'

test_expect 'last_contact: calls, emails, meetings, purchases, refunds, support; not notes' '
	finds "-o name" "last_contact < -90d" "Cy Cole" &&
	finds "-o name" "last_contact >= -90d" "Ann Archer" "Bob Brown" "Ed Eyre" &&
	finds "-o name" "last_contact = 2026-11-10" "Ann Archer" &&
	finds "-o name" "last_contact = 2026-11-15" "Ed Eyre" &&
	finds "-o name" "last_contact = \"\"" "Di Dorn" &&
	finds "-o name" "last_contact != 2026-11-10" "Bob Brown" "Cy Cole" "Di Dorn" "Ed Eyre"
'

test_expect 'last_contact < -90d and revenue > 1000; interactions; open_tasks' '
	finds "-o name" "last_contact < -90d and revenue > 1000" &&
	finds "-o name" "last_contact < -90d or revenue > 1000" "Cy Cole" "Ed Eyre" &&
	finds "-o name" "interactions = 0" "Di Dorn" &&
	finds "-o name" "interactions >= 4" "Ann Archer" "Cy Cole" &&
	finds "-o name" "open_tasks > 0" "Ann Archer" "Cy Cole" &&
	finds "-o name,open_tasks" "open_tasks >= 2" "Cy Cole	2" &&
	finds "-o name" "open_tasks = 0" "Bob Brown" "Di Dorn" "Ed Eyre"
'

test_expect '--sort on derived fields' '
	finds "-o name,revenue --sort -revenue" "" "Ed Eyre	2500.00" "Ann Archer	400.00" \
		"Bob Brown	0.30" "Cy Cole	0.00" "Di Dorn	0.00" &&
	finds "-o name --sort last_contact" "" "Cy Cole" "Bob Brown" "Ann Archer" \
		"Ed Eyre" "Di Dorn" &&
	finds "-o name --sort -last_contact" "" "Ed Eyre" "Ann Archer" "Bob Brown" \
		"Cy Cole" "Di Dorn" &&
	finds "-o name --sort -open_tasks,name -n 2" "" "Cy Cole" "Ann Archer"
'

test_expect 'a new journal entry pushed by hand updates the derived fields' '
	cat >>work/log/2026/11/15.yaml <<-\EOF &&
	---
	id: e00000000000000d
	at: 2026-11-15T11:00:00Z
	contact: c000000000000003
	type: support
	summary: Printer jammed
	---
	id: e00000000000000e
	at: 2026-11-15T12:00:00Z
	contact: c000000000000002
	type: refund
	summary: Pin broke
	amount: 0.20
	currency: EUR
	EOF
	push "two more" &&
	finds "-o name,revenue,last_contact,interactions" "name ~ cy or name ~ bob" \
		"Bob Brown	0.10	2026-11-15T12:00:00Z	3" \
		"Cy Cole	0.00	2026-11-15T11:00:00Z	5" &&
	finds "-o name" "last_contact < -90d" &&
	(cd work && git rm -q log/2026/11/15.yaml && git checkout -q HEAD~1 -- log/2026/11/15.yaml) &&
	push "undo the two" &&
	finds "-o name,revenue,interactions" "name ~ cy or name ~ bob" \
		"Bob Brown	0.30	2" "Cy Cole	0.00	4"
'

test_expect 'derived fields are for contacts only' '
	expect_status 64 crm-find -k org "revenue > 0" &&
	echo "crm-find: filter:1:1: unknown field '"'"'revenue'"'"' for orgs" >expect &&
	test_cmp expect err &&
	test_cmp /dev/null out
'

# ---- -k org ----

test_expect '-k org: fields, lists, full text' '
	finds "-k org -o name" "city = paris" Acme &&
	finds "-k org -o name" "domain ~ ACME" Acme &&
	finds "-k org -o name" "country != DE" Acme Initech &&
	finds "-k org -o name" "tag = partner" Acme &&
	finds "-k org -o name" "industry = software or industry = energy" Acme Globex &&
	finds "-k org -o name" "city = \"\"" Initech &&
	finds "-k org -o name" "name < h" Acme Globex &&
	finds "-k org -o name" "created = 2026-01-01" Acme Globex Initech &&
	finds "-k org -o name" "glob*" Globex &&
	finds "-k org -o name" "berlin" Globex &&
	finds "-k org -o name" "umbrella"
'

test_expect '-k org: default columns' '
	finds "-k org" "country = FR or country = DE" \
		"0000000000000a01	Acme	acme.example	Paris	FR" \
		"0000000000000a02	Globex	globex.example	Berlin	DE"
'

test_expect '-k org: a contact field is not an org field' '
	expect_status 64 crm-find -k org "email = x@y.example" &&
	grep -q "^crm-find: filter:1:1: unknown field '"'"'email'"'"' for orgs" err &&
	test_cmp /dev/null out
'

# ---- -k deal ----

test_expect '-k deal: amount >= 5000, stage = proposal, both' '
	finds "-k deal -o title" "amount >= 5000" "Acme renewal" "Big one" &&
	finds "-k deal -o title" "stage=proposal" "Acme renewal" "Globex pilot" &&
	finds "-k deal -o title" "stage=proposal and amount >= 5000" "Acme renewal" &&
	finds "-k deal" "stage = proposal and amount >= 5000" \
		"d000000000000001	Acme renewal	Acme	12000.00	EUR	proposal	2026-12-15"
'

test_expect '-k deal: money, int and date fields' '
	finds "-k deal -o title" "amount = 300" "Lost cause" &&
	finds "-k deal -o title" "amount = 4999.99" "Globex pilot" &&
	finds "-k deal -o title" "amount < 5000" "Globex pilot" "Lost cause" &&
	finds "-k deal -o title" "amount <= 5000" "Big one" "Globex pilot" "Lost cause" &&
	finds "-k deal -o title" "amount > 4999.99" "Acme renewal" "Big one" &&
	finds "-k deal -o title" "amount != 300" "Acme renewal" "Big one" "Globex pilot" &&
	finds "-k deal -o title" "probability > 50" "Big one" &&
	finds "-k deal -o title" "probability = 0" "Lost cause" &&
	finds "-k deal -o title" "close <= 2026-11-30" "Globex pilot" &&
	finds "-k deal -o title" "close = \"\"" "Lost cause" &&
	finds "-k deal -o title" "close > +30d" "Big one" &&
	finds "-k deal -o title" "close != 2026-12-15" "Big one" "Globex pilot" "Lost cause"
'

test_expect '-k deal: ~ on an amount matches it as written' '
	finds "-k deal -o title" "amount ~ 12000.00" "Acme renewal" &&
	finds "-k deal -o title" "amount ~ 4999" "Globex pilot"
'

test_expect '-k deal: org and contact references, by name, id and email' '
	finds "-k deal -o title" "org = globex" "Big one" "Globex pilot" &&
	finds "-k deal -o title" "org = 0000000000000a01" "Acme renewal" &&
	finds "-k deal -o title" "org != Globex" "Acme renewal" "Lost cause" &&
	finds "-k deal -o title" "org.country = DE" "Big one" "Globex pilot" &&
	finds "-k deal -o title" "contact = ann@acme.example" "Acme renewal" &&
	finds "-k deal -o title" "contact = \"Bob Brown\"" "Big one" "Globex pilot" &&
	finds "-k deal -o title" "contact = c000000000000003" "Lost cause" &&
	finds "-k deal -o title" "contact.city = Berlin" "Big one" "Globex pilot" &&
	finds "-k deal -o title" "contact.email ~ initech" "Lost cause" &&
	finds "-k deal -o title" "contact.revenue > 1" "Acme renewal"
'

test_expect '-k deal: full text, sort, output columns' '
	finds "-k deal -o title" "renewal" "Acme renewal" &&
	finds "-k deal -o title" "glob*" "Globex pilot" &&
	finds "-k deal -o title,amount --sort amount" "" "Lost cause	300.00" \
		"Globex pilot	4999.99" "Big one	5000.00" "Acme renewal	12000.00" &&
	finds "-k deal -o title --sort -amount -n 2" "" "Acme renewal" "Big one" &&
	finds "-k deal -o title,contact.name,org.name" "org = Globex" \
		"Big one	Bob Brown	Globex" "Globex pilot	Bob Brown	Globex"
'

test_expect '-k deal: a contact field is not a deal field' '
	expect_status 64 crm-find -k deal "city = Paris" &&
	grep -q "^crm-find: filter:1:1: unknown field '"'"'city'"'"' for deals" err &&
	test_cmp /dev/null out &&
	expect_status 64 crm-find -k deal "dnc = true" &&
	grep -q "^crm-find: filter:1:1: unknown field '"'"'dnc'"'"' for deals" err
'

# ---- -k log ----

test_expect '-k log: default columns, newest first' '
	finds "-k log" "at >= 2026-11-10" \
		"e00000000000000c	2026-11-15T10:00:00Z	Ed Eyre	purchase	Big order	2500.00" \
		"e00000000000000b	2026-11-15T09:00:00Z	Cy Cole	note	Prefers email	" \
		"e00000000000000a	2026-11-10T14:00:00Z	Cy Cole	task	Renew the contract	" \
		"e000000000000009	2026-11-10T13:00:00Z	Cy Cole	task	Chase the invoice	" \
		"e000000000000008	2026-11-10T12:00:00Z	Ann Archer	task	Call back	" \
		"e000000000000007	2026-11-10T11:00:00Z	Ann Archer	task	Send the quote	" \
		"e000000000000006	2026-11-10T10:00:00Z	Ann Archer	purchase	US order	100.00" \
		"e000000000000005	2026-11-10T09:30:00Z	Ann Archer	refund	Refund part of order 1042	80.00"
'

test_expect '-k log: type = purchase and amount > 100' '
	finds "-k log -o summary,amount" "type=purchase and amount > 100" \
		"Big order	2500.00" "Order 1042	480.00" &&
	finds "-k log -o summary" "type = purchase and amount >= 100" \
		"Big order" "US order" "Order 1042" &&
	finds "-k log -o summary" "amount = 0.1" Sticker &&
	finds "-k log -o summary" "amount = 0.10" Sticker &&
	finds "-k log -o summary" "amount < 1" Pin Sticker &&
	finds "-k log -o summary" "type = refund or amount < 0.15" \
		"Refund part of order 1042" Sticker &&
	finds "-k log -o summary" "currency = usd" "US order" &&
	finds "-k log -o summary" "currency != EUR and amount != \"\"" "US order"
'

test_expect '-k log: a missing amount is not equal, = "" finds it' '
	finds "-k log -o summary" "amount = \"\"" "Prefers email" "Renew the contract" \
		"Chase the invoice" "Call back" "Send the quote" "Intro call about printers" &&
	finds "-k log -o summary" "amount != 480" "Big order" "Prefers email" \
		"Renew the contract" "Chase the invoice" "Call back" "Send the quote" \
		"US order" "Refund part of order 1042" Pin Sticker "Intro call about printers"
'

test_expect '-k log: tasks, due and done' '
	finds "-k log -o summary" "type = task and done = \"\"" \
		"Renew the contract" "Chase the invoice" "Send the quote" &&
	finds "-k log -o summary" "done != \"\"" "Call back" &&
	finds "-k log -o summary" "due < 2026-11-26" "Call back" "Send the quote" &&
	finds "-k log -o summary" "due <= +10d" "Chase the invoice" "Call back" "Send the quote" &&
	finds "-k log -o summary" "type = task and due = \"\"" "Renew the contract"
'

test_expect '-k log: at as a day, a time, relative' '
	finds "-k log -o summary" "at = 2026-11-02" Pin Sticker "Order 1042" &&
	finds "-k log -o summary" "at > 2026-11-10" "Big order" "Prefers email" &&
	finds "-k log -o summary" "at < 2026-11-02T11:00:00Z" "Order 1042" \
		"Intro call about printers" &&
	finds "-k log -o summary" "at >= -5d" "Big order" "Prefers email" &&
	finds "-k log -o summary" "at < -90d" "Intro call about printers"
'

test_expect '-k log: the contact by email, name or id, and contact.FIELD' '
	finds "-k log -o summary" "contact = ann@acme.example and type != task" \
		"US order" "Refund part of order 1042" "Order 1042" &&
	finds "-k log -o summary" "contact = \"ann archer\" and type = purchase" \
		"US order" "Order 1042" &&
	finds "-k log -o summary" "contact = c000000000000005" "Big order" &&
	finds "-k log -o summary" "contact.city = berlin" Pin Sticker &&
	finds "-k log -o summary" "contact.email ~ initech and type = task" \
		"Renew the contract" "Chase the invoice" &&
	finds "-k log -o summary" "contact.revenue > 1000" "Big order" &&
	finds "-k log -o summary,contact.name,contact.email" "type = call" \
		"Intro call about printers	Cy Cole	cy@initech.example"
'

test_expect '-k log: full text over summaries' '
	finds "-k log -o summary" "order" "Big order" "US order" \
		"Refund part of order 1042" "Order 1042" &&
	finds "-k log -o summary" "\"order 1042\"" "Refund part of order 1042" "Order 1042" &&
	finds "-k log -o summary" "\"1042 order\"" &&
	finds "-k log -o summary" "print*" "Intro call about printers" &&
	finds "-k log -o summary" "ORDER and not refund" "Big order" "US order" "Order 1042" &&
	finds "-k log -o summary" "summary ~ \"ORDER 1\"" "Refund part of order 1042" "Order 1042"
'

test_expect '-k log: a field of other kinds is an error' '
	expect_status 64 crm-find -k log "name = x" &&
	grep -q "^crm-find: filter:1:1: unknown field '"'"'name'"'"' for logs" err &&
	test_cmp /dev/null out &&
	expect_status 64 crm-find -k log "org.city = Paris" &&
	test_cmp /dev/null out
'

test_expect '-k log: contact.org.city either follows both references or is an error' '
	crm-find -k log -o summary "contact.org.city = Paris" >out 2>err
	st=$?
	case $st in
	0)
		printf "%s\n" "Call back" "Send the quote" "US order" \
			"Refund part of order 1042" "Order 1042" >expect &&
		test_cmp expect out ;;
	64)
		test_cmp /dev/null out && grep -q "^crm-find: filter:1:" err ;;
	*)
		echo "# exited $st, neither the answer nor an error:" >&2
		cat out err >&2
		false ;;
	esac
'

# ---- stdin with other kinds ----

test_expect '- with -k deal and -k log reads what -f json and tsv print' '
	crm-find -k deal -f json "stage = proposal" | crm-find -k deal -o title - >out &&
	printf "%s\n" "Acme renewal" "Globex pilot" >expect &&
	test_cmp expect out &&
	crm-find -k log -f json "type = task" | crm-find -k log -o summary - "done = \"\"" >out &&
	printf "%s\n" "Renew the contract" "Chase the invoice" "Send the quote" >expect &&
	test_cmp expect out &&
	crm-find -k log "type = refund" | crm-find -k log -o summary - >out &&
	echo "Refund part of order 1042" >expect &&
	test_cmp expect out &&
	crm-find -k log -f yaml "type = call" | crm-find -k log -o summary - >out &&
	echo "Intro call about printers" >expect &&
	test_cmp expect out
'

# ---- amounts in other currencies, times with offsets ----

test_expect 'setup: a purchase in yen and a meeting with a UTC offset' '
	contact c000000000000006 "Fay Fox" "email: [fay@example.org]" &&
	mkdir -p work/log/2026/08 &&
	cat >work/log/2026/08/01.yaml <<-\EOF &&
	id: e00000000000000f
	at: 2026-08-01T00:30:00+02:00
	contact: c000000000000006
	type: meeting
	summary: Meeting just after midnight in Paris
	EOF
	cat >work/log/2026/11/16.yaml <<-\EOF &&
	id: e000000000000010
	at: 2026-11-16T10:00:00Z
	contact: c000000000000005
	type: purchase
	summary: Yen order
	amount: 5000
	currency: JPY
	EOF
	push "yen and offset"
'

test_expect 'an amount in a currency without decimals prints and compares as written' '
	finds "-k log -o summary,amount,currency" "currency = JPY" "Yen order	5000	JPY" &&
	finds "-k log -o summary" "type=purchase and amount > 100" \
		"Yen order" "Big order" "Order 1042" &&
	finds "-k log -o summary" "amount >= 5000" "Yen order" &&
	finds "-k log -o summary" "amount = 5000" "Yen order" &&
	finds "-o name,revenue,orders" "email = ed@example.org" "Ed Eyre	2500.00	2"
'

test_expect 'times with a UTC offset compare as the instant they name' '
	finds "-k log -o summary" "at = 2026-07-31" "Meeting just after midnight in Paris" &&
	finds "-k log -o summary" "at = 2026-08-01" &&
	finds "-k log -o summary" "at < 2026-07-31T23:00:00Z and at > 2026-07-31T22:00:00Z" \
		"Meeting just after midnight in Paris" &&
	finds "-o name" "last_contact < 2026-08-01" "Cy Cole" "Fay Fox"
'

test_expect 'full text finds a contact by its organisation'"'"'s words, and follows a rename' '
	crm-add -q org --name "Zebulon Widgets" &&
	crm-add -q contact --name "Gus Gray" --email gus@example.org --org "Zebulon Widgets" &&
	finds "-o name" "zebulon" "Gus Gray" &&
	finds "-k org -o name" "zebulon" "Zebulon Widgets" &&
	crm-add -q --update "Zebulon Widgets" --name "Quokka Widgets" &&
	finds "-o name" "zebulon" &&
	finds "-o name" "quokka" "Gus Gray" &&
	crm reindex >/dev/null 2>&1 &&
	finds "-o name" "zebulon" &&
	finds "-o name" "quokka" "Gus Gray"
'

done_testing
