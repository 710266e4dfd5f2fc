#!/bin/sh
# crm-find's filter language on contacts: every operator on every field
# type (text, name, id, list, reference, date, number, money, int, bool,
# custom fields declared in crm.yaml and undeclared ones), missing and
# empty fields, precedence, case-insensitivity in any script, full-text
# words, phrases and prefixes, relative dates around month ends, and the
# exact error of every kind of syntax error.
#
# The records are written by hand in a clone and pushed back, so their ids
# are fixed; each check compares the exact list of names crm-find prints
# (ordered by name, the default) and its exit status.
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

# finds FILTER [NAME...]: `crm-find -o name FILTER` prints exactly these
# names, one a line, and exits 0; with no NAME it prints nothing and
# exits 1 (nothing matched).  stderr stays empty.
finds() {
	filter=$1
	shift
	if [ $# -eq 0 ]; then
		: >expect
		want=1
	else
		printf '%s\n' "$@" >expect
		want=0
	fi
	if expect_status $want crm-find -o name "$filter" &&
	   test_cmp expect out && test_cmp /dev/null err; then
		return 0
	fi
	echo "# for the filter: $filter" >&2
	return 1
}

# fails COLUMN MESSAGE FILTER: exit 64 and exactly
# "crm-find: filter:1:COLUMN: MESSAGE" on stderr, nothing on stdout.
fails() {
	printf 'crm-find: filter:1:%s: %s\n' "$1" "$2" >expect_err
	if expect_status 64 crm-find -o name "$3" &&
	   test_cmp expect_err err && test_cmp /dev/null out; then
		return 0
	fi
	echo "# for the filter: $3" >&2
	return 1
}

ANN='Ann Archer'
BOB='Bob Brown'
JUR='Jürgen Müller'
NEMO='Nemo'
ZOE='Zoë 🦄 Star'
SOK='Σωκράτης Παπαδόπουλος'
DMI='Дмитрий Иванов'
ROCK="tag = \"rock'n'roll\""
export ANN BOB JUR NEMO ZOE SOK DMI ROCK

CRM_NOW=2026-03-31T12:00:00Z
export CRM_NOW

test_expect 'setup: orgs, contacts and custom field types written by hand' '
	expect_status 0 crm init &&
	git clone -q "$STORE" work &&
	cat >>work/crm.yaml <<-\EOF &&
	fields:
	  score: number
	  seats: int
	  budget: money
	  birthday: date
	  active: bool
	  langs: list
	  nickname: text
	EOF
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
	city: Berlin
	country: DE
	created: 2026-01-02T00:00:00Z
	updated: 2026-01-02T00:00:00Z
	EOF
	rec orgs 0000000000000a03 <<-\EOF &&
	id: 0000000000000a03
	name: Initech
	created: 2026-01-03T00:00:00Z
	updated: 2026-01-03T00:00:00Z
	EOF
	rec contacts c000000000000001 <<-\EOF &&
	id: c000000000000001
	name: Ann Archer
	email: [ann@acme.example, a.archer@home.example]
	phone: ["+33 1 23 45 67 89"]
	org: 0000000000000a01
	title: CTO
	city: Paris
	country: FR
	tags: [vip, newsletter]
	owner: alice
	stage: customer
	dnc: false
	created: 2026-01-15T09:00:00Z
	updated: 2026-01-20T09:00:00Z
	score: 10
	seats: 5
	budget: 1500.50
	birthday: 1990-05-17
	active: true
	langs: [fr, en]
	nickname: Annie
	rank: 9
	industry: retail
	EOF
	rec contacts c000000000000002 <<-\EOF &&
	id: c000000000000002
	name: Bob Brown
	email: [bob@globex.example]
	phone: ["+49 30 1234567"]
	org: 0000000000000a02
	city: Lyon
	country: FR
	tags: [newsletter]
	owner: bob
	stage: lead
	dnc: true
	created: 2026-02-28T23:30:00Z
	updated: 2026-02-28T23:30:00Z
	score: 9.5
	seats: 12
	budget: 99.99
	active: false
	rank: 10
	EOF
	rec contacts c000000000000003 <<-\EOF &&
	id: c000000000000003
	name: Jürgen Müller
	email: [JUERGEN@Globex.Example]
	org: 0000000000000a02
	city: München
	country: DE
	tags: [VIP]
	created: 2026-03-01T00:00:00Z
	updated: 2026-03-01T00:00:00Z
	score: 100
	langs: [de]
	rank: 100
	EOF
	rec contacts c000000000000004 <<-\EOF &&
	id: c000000000000004
	name: Σωκράτης Παπαδόπουλος
	email: [sokratis@example.gr]
	city: Αθήνα
	country: GR
	tags: [φιλόσοφος]
	created: 2025-12-31T23:59:59Z
	updated: 2025-12-31T23:59:59Z
	EOF
	rec contacts c000000000000005 <<-\EOF &&
	id: c000000000000005
	name: Дмитрий Иванов
	org: 0000000000000a03
	city: Москва
	country: RU
	tags: [клиент]
	created: 2026-03-31T12:00:00Z
	updated: 2026-03-31T12:00:00Z
	EOF
	rec contacts c000000000000006 <<-\EOF &&
	id: c000000000000006
	name: Zoë 🦄 Star
	email: [zoe@stars.example]
	city: ""
	tags: ["🦄", "rock'"'"'n'"'"'roll"]
	created: 2026-02-27T23:59:59Z
	updated: 2026-02-27T23:59:59Z
	nickname: ""
	EOF
	rec contacts c000000000000007 <<-\EOF &&
	id: c000000000000007
	name: Nemo
	created: 2026-02-28T00:00:00Z
	updated: 2026-02-28T00:00:00Z
	EOF
	mkdir -p work/log/2026/03 &&
	cat >work/log/2026/03/02.yaml <<-\EOF &&
	id: e000000000000001
	at: 2026-03-02T10:00:00Z
	contact: c000000000000007
	type: call
	summary: Discussed the quarterly roadmap
	EOF
	push "records by hand"
'

test_expect 'no filter selects every contact, ordered by name' '
	expect_status 0 crm-find -o id,name &&
	cat >expect <<-EOF &&
	c000000000000001	$ANN
	c000000000000002	$BOB
	c000000000000003	$JUR
	c000000000000007	$NEMO
	c000000000000006	$ZOE
	c000000000000004	$SOK
	c000000000000005	$DMI
	EOF
	test_cmp expect out &&
	test_cmp /dev/null err &&
	expect_status 0 crm-find --count &&
	echo 7 >expect &&
	test_cmp expect out
'

test_expect 'operands are joined into one filter' '
	expect_status 0 crm-find -o name tag=vip country = DE &&
	echo "$JUR" >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find -o name city = Lyon or city = Paris &&
	printf "%s\n" "$ANN" "$BOB" >expect &&
	test_cmp expect out
'

# ---- text ----

test_expect 'text field: = != < <= > >= ~ !~, a missing city is "not equal"' '
	finds "city = paris" "$ANN" &&
	finds "city = Paris" "$ANN" &&
	finds "city != Paris" "$BOB" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "city > lyon" "$ANN" "$JUR" "$SOK" "$DMI" &&
	finds "city >= LYON" "$ANN" "$BOB" "$JUR" "$SOK" "$DMI" &&
	finds "city ~ RI" "$ANN" &&
	finds "city ~ ünch" "$JUR" &&
	finds "city !~ ri" "$BOB" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "city = Nowhere"
'

test_expect 'text field: < and <= compare by code point, case-folded' '
	finds "country < FR" "$JUR" &&
	finds "country <= fr" "$ANN" "$BOB" "$JUR" &&
	finds "country > GR" "$DMI" &&
	finds "country >= gr" "$SOK" "$DMI"
'

test_expect 'text field: = "" is missing or empty, != "" is present' '
	finds "city = \"\"" "$NEMO" "$ZOE" &&
	finds "city != \"\"" "$ANN" "$BOB" "$JUR" "$SOK" "$DMI" &&
	finds "title = \"\"" "$BOB" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "title != \"\"" "$ANN" &&
	finds "owner != \"\" and stage = lead" "$BOB"
'

test_expect 'name: every operator, in any case' '
	finds "name = \"ann archer\"" "$ANN" &&
	finds "name = \"ANN ARCHER\"" "$ANN" &&
	finds "name != Nemo" "$ANN" "$BOB" "$JUR" "$ZOE" "$SOK" "$DMI" &&
	finds "name < b" "$ANN" &&
	finds "name <= \"bob brown\"" "$ANN" "$BOB" &&
	finds "name > nemo" "$ZOE" "$SOK" "$DMI" &&
	finds "name >= NEMO" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "name ~ RCH" "$ANN" &&
	finds "name !~ r" "$NEMO" "$SOK" "$DMI"
'

test_expect 'id: =, != and ~ on the record id' '
	finds "id = c000000000000003" "$JUR" &&
	finds "id = C000000000000003" "$JUR" &&
	finds "id != c000000000000003" "$ANN" "$BOB" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "id ~ 0006" "$ZOE" &&
	finds "id = c000" &&
	finds "id > c000000000000005" "$NEMO" "$ZOE"
'

# ---- lists ----

test_expect 'list field: tag = is "has an element", tag and tags are one field' '
	finds "tag = vip" "$ANN" "$JUR" &&
	finds "tags = VIP" "$ANN" "$JUR" &&
	finds "tag = newsletter" "$ANN" "$BOB" &&
	finds "tag != vip" "$BOB" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "tag ~ NEWS" "$ANN" "$BOB" &&
	finds "tag !~ news" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "tag < o" "$ANN" "$BOB" &&
	finds "tag <= newsletter" "$ANN" "$BOB" &&
	finds "tag > v" "$ANN" "$JUR" "$ZOE" "$SOK" "$DMI" &&
	finds "tag >= vip" "$ANN" "$JUR" "$ZOE" "$SOK" "$DMI" &&
	finds "tag = 🦄" "$ZOE" &&
	finds "$ROCK" "$ZOE" &&
	finds "tag = news"
'

test_expect 'list field: tag = "" is no tags at all, tag != "" has some' '
	finds "tag = \"\"" "$NEMO" &&
	finds "tag != \"\"" "$ANN" "$BOB" "$JUR" "$ZOE" "$SOK" "$DMI" &&
	finds "phone = \"\"" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "email != \"\"" "$ANN" "$BOB" "$JUR" "$ZOE" "$SOK" &&
	finds "langs = \"\"" "$BOB" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "langs != \"\"" "$ANN" "$JUR"
'

test_expect 'list field: emails and phones, any element, any case' '
	finds "email = ANN@ACME.EXAMPLE" "$ANN" &&
	finds "email = a.archer@home.example" "$ANN" &&
	finds "email = juergen@globex.example" "$JUR" &&
	finds "emails = JUERGEN@GLOBEX.EXAMPLE" "$JUR" &&
	finds "email ~ globex" "$BOB" "$JUR" &&
	finds "email !~ globex" "$ANN" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "email != bob@globex.example" "$ANN" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "email > s" "$ZOE" "$SOK" &&
	finds "phone ~ \"+33\"" "$ANN" &&
	finds "phone = \"+49 30 1234567\"" "$BOB" &&
	finds "phones ~ 1234567" "$BOB"
'

# ---- references ----

test_expect 'org: = by name or id, != includes contacts without an org' '
	finds "org = acme" "$ANN" &&
	finds "org = ACME" "$ANN" &&
	finds "org = 0000000000000a02" "$BOB" "$JUR" &&
	finds "org = Initech" "$DMI" &&
	finds "org != Acme" "$BOB" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "org = Umbrella"
'

test_expect 'org: ~ !~ < <= > >= compare the organisation'"'"'s name' '
	finds "org ~ GLO" "$BOB" "$JUR" &&
	finds "org !~ glo" "$ANN" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "org < B" "$ANN" &&
	finds "org <= acme" "$ANN" &&
	finds "org > acme" "$BOB" "$JUR" "$DMI" &&
	finds "org >= initech" "$DMI"
'

test_expect 'org = "" is no org, org != "" has one' '
	finds "org = \"\"" "$NEMO" "$ZOE" "$SOK" &&
	finds "org != \"\"" "$ANN" "$BOB" "$JUR" "$DMI"
'

test_expect 'org.FIELD follows the reference' '
	finds "org.city = paris" "$ANN" &&
	finds "org.city != Paris" "$BOB" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "org.country = de" "$BOB" "$JUR" &&
	finds "org.name ~ X" "$BOB" "$JUR" &&
	finds "org.domain = acme.example" "$ANN" &&
	finds "org.tags = partner" "$ANN" &&
	finds "org.industry = software and city = Paris" "$ANN" &&
	finds "org.created > 2026-01-01" "$BOB" "$JUR" "$DMI"
'

test_expect 'org.FIELD = "" holds when the org or its field is missing' '
	finds "org.city = \"\"" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "org.city != \"\"" "$ANN" "$BOB" "$JUR"
'

# ---- dates ----

test_expect 'date field: a day compares as the whole day' '
	finds "created = 2026-02-28" "$BOB" "$NEMO" &&
	finds "created != 2026-02-28" "$ANN" "$JUR" "$ZOE" "$SOK" "$DMI" &&
	finds "created < 2026-02-28" "$ANN" "$ZOE" "$SOK" &&
	finds "created <= 2026-02-28" "$ANN" "$BOB" "$NEMO" "$ZOE" "$SOK" &&
	finds "created > 2026-02-28" "$JUR" "$DMI" &&
	finds "created >= 2026-02-28" "$BOB" "$JUR" "$NEMO" "$DMI" &&
	finds "created = 2026-02-27" "$ZOE" &&
	finds "created = 2026-03-02"
'

test_expect 'date field: times, offsets and ~ on the text' '
	finds "created = 2026-02-28T23:30:00Z" "$BOB" &&
	finds "created != 2026-02-28T23:30:00Z" "$ANN" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "created > 2026-02-28T23:30:00Z" "$JUR" "$DMI" &&
	finds "created >= 2026-02-28T23:30:00Z" "$BOB" "$JUR" "$DMI" &&
	finds "created <= 2026-02-28T23:30:00Z" "$ANN" "$BOB" "$NEMO" "$ZOE" "$SOK" &&
	finds "created < 2026-03-01T01:00:00+02:00" "$ANN" "$NEMO" "$ZOE" "$SOK" &&
	finds "created ~ 02-28" "$BOB" "$NEMO" &&
	finds "created !~ 2026-0" "$SOK" &&
	finds "created = \"\"" &&
	finds "created != \"\"" "$ANN" "$BOB" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI"
'

test_expect 'relative dates around a month end (now 2026-03-31T12:00:00Z)' '
	finds "created = today" "$DMI" &&
	finds "created = -1m" "$BOB" "$NEMO" &&
	finds "created >= -1m" "$BOB" "$JUR" "$NEMO" "$DMI" &&
	finds "created < -1m" "$ANN" "$ZOE" "$SOK" &&
	finds "created > -31d" "$JUR" "$DMI" &&
	finds "created <= -32d" "$ANN" "$ZOE" "$SOK" &&
	finds "created <= -3m" "$SOK" &&
	finds "created < -3m"
'

test_expect 'relative dates from other month ends, weeks, years and hours' '
	CRM_NOW=2026-01-31T08:00:00Z &&
	finds "created < +1m" "$ANN" "$ZOE" "$SOK" &&
	finds "created = +1m" "$BOB" "$NEMO" &&
	CRM_NOW=2026-05-31T23:59:59Z &&
	finds "created = -3m" "$BOB" "$NEMO" &&
	CRM_NOW=2026-03-14T00:00:00Z &&
	finds "created = -2w" "$BOB" "$NEMO" &&
	finds "created > +2w" "$DMI" &&
	CRM_NOW=2027-03-31T00:00:00Z &&
	finds "created >= -1y" "$DMI" &&
	finds "created < -1y" "$ANN" "$BOB" "$JUR" "$NEMO" "$ZOE" "$SOK" &&
	CRM_NOW=2026-03-01T00:30:00Z &&
	finds "created >= -1h" "$BOB" "$JUR" "$DMI" &&
	finds "created = yesterday" "$BOB" "$NEMO"
'

test_expect 'a date that is missing compares false, and != true' '
	finds "birthday = 1990-05-17" "$ANN" &&
	finds "birthday < 2030-01-01" "$ANN" &&
	finds "birthday <= 1990-05-17" "$ANN" &&
	finds "birthday >= 1990-05-17" "$ANN" &&
	finds "birthday > 1990-05-17" &&
	finds "birthday != 1990-05-17" "$BOB" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "birthday = \"\"" "$BOB" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI"
'

# ---- numbers ----

test_expect 'number field (declared): compares numerically' '
	finds "score = 10" "$ANN" &&
	finds "score = 9.50" "$BOB" &&
	finds "score != 10" "$BOB" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "score < 10" "$BOB" &&
	finds "score < 20" "$ANN" "$BOB" &&
	finds "score <= 10" "$ANN" "$BOB" &&
	finds "score > 9" "$ANN" "$BOB" "$JUR" &&
	finds "score > 10" "$JUR" &&
	finds "score >= 10" "$ANN" "$JUR" &&
	finds "score >= -1" "$ANN" "$BOB" "$JUR" &&
	finds "score ~ 10" "$ANN" "$JUR" &&
	finds "score !~ 10" "$BOB" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "score = \"\"" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "score != \"\"" "$ANN" "$BOB" "$JUR"
'

test_expect 'int and money fields (declared): compare numerically' '
	finds "seats > 9" "$BOB" &&
	finds "seats <= 5" "$ANN" &&
	finds "seats = 12" "$BOB" &&
	finds "seats != 12" "$ANN" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "budget = 1500.5" "$ANN" &&
	finds "budget = 1500.50" "$ANN" &&
	finds "budget >= 100" "$ANN" &&
	finds "budget < 100" "$BOB" &&
	finds "budget <= 99.99" "$BOB" &&
	finds "budget > 99.99" "$ANN" &&
	finds "budget != 99.99" "$ANN" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI"
'

test_expect '~ on money matches the amount as written' '
	finds "budget ~ 1500.50" "$ANN" &&
	finds "budget ~ .99" "$BOB" &&
	finds "budget !~ 1500.50" "$BOB" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI"
'

test_expect 'undeclared custom field: numbers order numerically, = is text' '
	finds "rank > 9" "$BOB" "$JUR" &&
	finds "rank >= 10" "$BOB" "$JUR" &&
	finds "rank < 10" "$ANN" &&
	finds "rank <= 10" "$ANN" "$BOB" &&
	finds "rank = 10" "$BOB" &&
	finds "rank != 10" "$ANN" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "rank ~ 10" "$BOB" "$JUR" &&
	finds "rank !~ 10" "$ANN" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "industry = RETAIL" "$ANN" &&
	finds "industry != retail" "$BOB" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "industry ~ tai" "$ANN" &&
	finds "industry = \"\"" "$BOB" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI"
'

test_expect 'a number where one is due is an error with the column' '
	fails 9 "expected a number, not '"'"'abc'"'"'" "score = abc" &&
	fails 10 "expected a number, not '"'"'1e3'"'"'" "budget > 1e3" &&
	fails 24 "expected a number, not '"'"'many'"'"'" "city = Paris and seats>many"
'

# ---- booleans ----

test_expect 'bool dnc: = and != true/false/yes/no, missing is not equal' '
	finds "dnc = true" "$BOB" &&
	finds "dnc = TRUE" "$BOB" &&
	finds "dnc = yes" "$BOB" &&
	finds "dnc = false" "$ANN" &&
	finds "dnc = no" "$ANN" &&
	finds "dnc != true" "$ANN" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "dnc != false" "$BOB" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "dnc = \"\"" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "dnc != \"\"" "$ANN" "$BOB"
'

test_expect 'bool: orders and other values are errors' '
	fails 7 "true and false do not compare with '"'"'<'"'"'" "dnc < true" &&
	fails 8 "true and false do not compare with '"'"'>='"'"'" "dnc >= false" &&
	fails 7 "expected true or false, not '"'"'maybe'"'"'" "dnc = maybe" &&
	fails 10 "true and false do not compare with '"'"'<'"'"'" "active < false"
'

test_expect 'bool: ~ never matches the index'"'"'s 1 for true' '
	crm-find -o name "dnc ~ 1" >out 2>err
	st=$?
	case $st in
	1) test_cmp /dev/null out && test_cmp /dev/null err ;;
	64) test_cmp /dev/null out && grep -q "^crm-find: filter:1:" err ;;
	*) echo "# dnc ~ 1 exited $st:" >&2; cat out err >&2; false ;;
	esac
'

test_expect 'custom bool, date, list and text fields declared in crm.yaml' '
	finds "active = true" "$ANN" &&
	finds "active = false" "$BOB" &&
	finds "active != true" "$BOB" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "langs = FR" "$ANN" &&
	finds "langs != fr" "$BOB" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "langs ~ e" "$ANN" "$JUR" &&
	finds "langs !~ e" "$BOB" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "langs > en" "$ANN" &&
	finds "nickname = annie" "$ANN" &&
	finds "nickname ~ NN" "$ANN" &&
	finds "nickname = \"\"" "$BOB" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "nickname != \"\"" "$ANN" &&
	fails 12 "expected a date (2026-11-02, today, -30d), not '"'"'May'"'"'" "birthday = May"
'

# ---- fields that do not exist ----

test_expect 'an unknown field is an error that suggests the nearest' '
	fails 1 "unknown field '"'"'citty'"'"' for contacts; did you mean '"'"'city'"'"'?" "citty = Paris" &&
	fails 18 "unknown field '"'"'contry'"'"' for contacts; did you mean '"'"'country'"'"'?" "city = Paris and contry = FR" &&
	fails 1 "unknown field '"'"'revenu'"'"' for contacts; did you mean '"'"'revenue'"'"'?" "revenu > 1" &&
	fails 1 "unknown field '"'"'nicknam'"'"' for contacts; did you mean '"'"'nickname'"'"'?" "nicknam = x" &&
	fails 1 "unknown field '"'"'Name'"'"' for contacts; did you mean '"'"'name'"'"'?" "Name = Ann" &&
	fails 1 "unknown field '"'"'zzzzzzzz'"'"' for contacts" "zzzzzzzz = 1" &&
	fails 1 "unknown field '"'"'citty'"'"' for orgs; did you mean '"'"'city'"'"'?" "org.citty = x"
'

test_expect 'the column of an error counts characters, not bytes' '
	fails 26 "expected a value after '"'"'>'"'"'" "city = München and name >" &&
	fails 12 "unknown field '"'"'citty'"'"' for contacts; did you mean '"'"'city'"'"'?" "name ~ Σωκ citty = x"
'

# ---- syntax ----

test_expect 'syntax errors give the column and exit 64' '
	fails 7 "expected a value after '"'"'>'"'"'" "city >" &&
	fails 7 "expected a value after '"'"'='"'"'" "city == Paris" &&
	fails 1 "expected a field name before '"'"'='"'"'" "= Paris" &&
	fails 14 "expected '"'"')'"'"'" "(city = Paris" &&
	fails 13 "unexpected '"'"')'"'"'" "city = Paris)" &&
	fails 1 "unexpected '"'"')'"'"'" ")" &&
	fails 2 "unexpected '"'"')'"'"'" "()" &&
	fails 2 "expected a field, a word or '"'"'('"'"'" "(" &&
	fails 17 "expected a field, a word or '"'"'('"'"'" "city = Paris and" &&
	fails 16 "expected a field, a word or '"'"'('"'"'" "city = Paris or" &&
	fails 4 "expected a field, a word or '"'"'('"'"'" "not" &&
	fails 8 "unterminated string" "city = \"Paris" &&
	fails 8 "unterminated string" "city = '"'"'Paris" &&
	fails 6 "unexpected '"'"'!'"'"' (did you mean != or !~?)" "city ! Paris" &&
	fails 8 "expected a value after '"'"'='"'"'" "city = (Paris)"
'

test_expect 'quoted values may hold spaces, quotes and operators' '
	finds "name = '"'"'Ann Archer'"'"'" "$ANN" &&
	finds "city = \"Paris\" and name = \"Ann Archer\"" "$ANN" &&
	finds "name = \"a = b or (c)\"" &&
	finds "name = \"x\\\" or 1\"" &&
	finds "$ROCK and tag = \"🦄\"" "$ZOE"
'

# ---- and, or, not ----

test_expect 'precedence: a or b and c is a or (b and c)' '
	finds "city = Lyon or city = Paris and tag = vip" "$ANN" "$BOB" &&
	finds "(city = Lyon or city = Paris) and tag = vip" "$ANN" &&
	finds "tag = vip and city = Paris or city = Lyon" "$ANN" "$BOB" &&
	finds "tag = vip and (city = Paris or city = Lyon)" "$ANN" &&
	finds "city = Lyon or tag = vip country = DE" "$BOB" "$JUR"
'

test_expect 'not binds tighter than and; adjacent terms mean and' '
	finds "not city = Paris and tag = newsletter" "$BOB" &&
	finds "not (city = Paris and tag = newsletter)" "$BOB" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "not city = Paris" "$BOB" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "not not tag = vip" "$ANN" "$JUR" &&
	finds "not tag = vip or dnc = true" "$BOB" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "not (city = Paris or city = Lyon)" "$JUR" "$NEMO" "$ZOE" "$SOK" "$DMI" &&
	finds "not city != Paris" "$ANN" &&
	finds "tag = newsletter country = FR dnc = true" "$BOB" &&
	finds "tag = newsletter not dnc = true" "$ANN"
'

test_expect 'keywords in any case; nesting' '
	finds "tag = vip AND country = de" "$JUR" &&
	finds "tag = vip OR dnc = TRUE" "$ANN" "$BOB" "$JUR" &&
	finds "NOT tag = vip And Not org = \"\"" "$BOB" "$DMI" &&
	finds "city = Lyon or (tag = vip and (country = DE or (city = Paris and dnc = false)))" "$ANN" "$BOB" "$JUR" &&
	finds "((((city = Paris))))" "$ANN"
'

# ---- case, scripts, normalisation ----

test_expect 'text compares case-insensitively in Latin, Greek and Cyrillic' '
	finds "city = münchen" "$JUR" &&
	finds "city = MÜNCHEN" "$JUR" &&
	finds "city = ΑΘΉΝΑ" "$SOK" &&
	finds "city = αθήνα" "$SOK" &&
	finds "city = МОСКВА" "$DMI" &&
	finds "city = москва" "$DMI" &&
	finds "name = \"ДМИТРИЙ ИВАНОВ\"" "$DMI" &&
	finds "name = \"ΣΩΚΡΆΤΗΣ ΠΑΠΑΔΌΠΟΥΛΟΣ\"" "$SOK" &&
	finds "name ~ иванов" "$DMI" &&
	finds "tag = КЛИЕНТ" "$DMI" &&
	finds "tag = ΦΙΛΌΣΟΦΟΣ" "$SOK"
'

test_expect 'emoji and compatibility forms (NFKC) in values' '
	finds "name ~ 🦄" "$ZOE" &&
	finds "name = \"ZOË 🦄 STAR\"" "$ZOE" &&
	finds "tag = \"🦄\"" "$ZOE" &&
	finds "tag ~ 🦄" "$ZOE" &&
	finds "name ~ ｚｏë" "$ZOE" &&
	finds "city = Ｐａｒｉｓ" "$ANN" &&
	finds "name ~ 😀"
'

# ---- full text ----

test_expect 'full text: words in any case and order' '
	finds "ann" "$ANN" &&
	finds "ANN" "$ANN" &&
	finds "archer ann" "$ANN" &&
	finds "ann bob" &&
	finds "ann or bob" "$ANN" "$BOB" &&
	finds "cto" "$ANN" &&
	finds "zzzz"
'

test_expect 'full text: diacritics are ignored (munchen finds München)' '
	finds "müller" "$JUR" &&
	finds "muller" "$JUR" &&
	finds "MÜLLER" "$JUR" &&
	finds "munchen" "$JUR" &&
	finds "MUNCHEN" "$JUR" &&
	finds "zoe" "$ZOE"
'

test_expect 'full text: Greek, Cyrillic and emoji words' '
	finds "παπαδόπουλος" "$SOK" &&
	finds "ΠΑΠΑΔΌΠΟΥΛΟΣ" "$SOK" &&
	finds "σωκράτης" "$SOK" &&
	finds "иванов" "$DMI" &&
	finds "ИВАНОВ" "$DMI" &&
	finds "🦄" "$ZOE"
'

test_expect 'full text: "quoted phrases" keep their order' '
	finds "\"ann archer\"" "$ANN" &&
	finds "\"Ann Archer\"" "$ANN" &&
	finds "\"archer ann\"" &&
	finds "\"quarterly roadmap\"" "$NEMO" &&
	finds "\"roadmap quarterly\""
'

test_expect 'full text: word* is a prefix search' '
	finds "arch*" "$ANN" &&
	finds "ARCH*" "$ANN" &&
	finds "quarter*" "$NEMO" &&
	finds "Иван*" "$DMI" &&
	finds "glob*" "$BOB" "$JUR" &&
	finds "archers*"
'

test_expect 'full text on contacts finds their org'"'"'s name and their interactions' '
	finds "initech" "$DMI" &&
	finds "roadmap" "$NEMO" &&
	finds "globex" "$BOB" "$JUR" &&
	finds "acme and not email ~ acme"
'

test_expect 'full text with fields, and, or and not' '
	finds "vip not newsletter" "$JUR" &&
	finds "example city = München" "$JUR" &&
	finds "example and (country = FR or country = GR)" "$ANN" "$BOB" "$SOK" &&
	finds "not example" "$NEMO" "$DMI"
'

# ---- sort ----

test_expect '--sort by text: missing values last in both directions' '
	expect_status 0 crm-find -o name,city --sort city &&
	printf "%s\t%s\n" "$ZOE" "" "$BOB" Lyon "$JUR" München "$ANN" Paris \
		"$SOK" Αθήνα "$DMI" Москва "$NEMO" "" >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find -o name,city --sort -city &&
	printf "%s\t%s\n" "$DMI" Москва "$SOK" Αθήνα "$ANN" Paris "$JUR" München \
		"$BOB" Lyon "$ZOE" "" "$NEMO" "" >expect &&
	test_cmp expect out
'

test_expect '--sort by number, then by name; several keys; -n' '
	expect_status 0 crm-find -o name,score --sort score &&
	printf "%s\t%s\n" "$BOB" 9.5 "$ANN" 10 "$JUR" 100 "$NEMO" "" "$ZOE" "" \
		"$SOK" "" "$DMI" "" >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find -o name,score --sort -score &&
	printf "%s\t%s\n" "$JUR" 100 "$ANN" 10 "$BOB" 9.5 "$NEMO" "" "$ZOE" "" \
		"$SOK" "" "$DMI" "" >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find -o name --sort country,-name &&
	printf "%s\n" "$JUR" "$BOB" "$ANN" "$SOK" "$DMI" "$ZOE" "$NEMO" >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find -o name --sort org.name &&
	printf "%s\n" "$ANN" "$BOB" "$JUR" "$DMI" "$NEMO" "$ZOE" "$SOK" >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find -o name --sort -created -n 2 &&
	printf "%s\n" "$DMI" "$JUR" >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find -o name --sort -budget -n 1 "budget > 0" &&
	echo "$ANN" >expect &&
	test_cmp expect out
'

test_expect 'booleans print as stored: true and false, not 1 and 0' '
	expect_status 0 crm-find -o name,dnc,active "dnc != \"\"" &&
	printf "%s\t%s\t%s\n" "$ANN" false true "$BOB" true false >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find -f csv -o name,dnc "dnc = true" &&
	printf "name,dnc\r\n%s,%s\r\n" "$BOB" true >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find -f json -o name,dnc,active "dnc != \"\"" &&
	cat >expect <<-EOF &&
	{"name":"Ann Archer","dnc":false,"active":true}
	{"name":"Bob Brown","dnc":true,"active":false}
	EOF
	test_cmp expect out
'

test_expect 'numbers and money print as stored; bare numbers in JSON' '
	expect_status 0 crm-find -o name,score,seats,budget "score != \"\"" &&
	printf "%s\t%s\t%s\t%s\n" "$ANN" 10 5 1500.50 "$BOB" 9.5 12 99.99 \
		"$JUR" 100 "" "" >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find -f json -o name,score,seats,budget "score != \"\"" &&
	cat >expect <<-EOF &&
	{"name":"Ann Archer","score":10,"seats":5,"budget":1500.50}
	{"name":"Bob Brown","score":9.5,"seats":12,"budget":99.99}
	{"name":"Jürgen Müller","score":100}
	EOF
	test_cmp expect out
'

test_expect 'a list field declared in crm.yaml is a JSON array, even of one' '
	expect_status 0 crm-find -f json -o name,langs,tags "langs ~ e" &&
	cat >expect <<-EOF &&
	{"name":"Ann Archer","langs":["fr","en"],"tags":["vip","newsletter"]}
	{"name":"Jürgen Müller","langs":["de"],"tags":["VIP"]}
	EOF
	test_cmp expect out
'

test_expect 'an unknown field in -o or --sort is a usage error' '
	expect_status 64 crm-find -o name,citty &&
	echo "crm-find: unknown field '"'"'citty'"'"' for contacts; did you mean '"'"'city'"'"'?" >expect &&
	test_cmp expect err &&
	test_cmp /dev/null out &&
	expect_status 64 crm-find --sort -scor &&
	echo "crm-find: unknown field '"'"'scor'"'"' for contacts; did you mean '"'"'score'"'"'?" >expect &&
	test_cmp expect err
'

done_testing
