#!/bin/sh
# crm-find's output: every format byte for byte on tricky values (tab,
# newline, carriage return, quote, backslash, comma, leading and trailing
# spaces, control characters, non-BMP and wide characters, combining
# marks), -o, --header, --count, -n, -q, the default columns of each kind,
# references on stdin ('-': tsv, JSON Lines, YAML, bare emails), the
# YAML round trip through crm-add --update -, and quiet pipes (| head -1).
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

show() {
	git -C "$STORE" show "HEAD:$1/$(printf %.2s "$2")/$2.yaml"
}

have_pyyaml() {
	python3 -c 'import yaml' 2>/dev/null
}

CRM_NOW=2026-11-20T10:00:00Z
export CRM_NOW

# The ids, in the default order (by name): "CR\rhere", "Emoji 😀 𝄞",
# 'Quote "q" here', "Tab\there", "山田太郎".
C_CR=c000000000000005
C_EMOJI=c000000000000003
C_QUOTE=c000000000000002
C_TAB=c000000000000001
C_CJK=c000000000000004
export C_CR C_EMOJI C_QUOTE C_TAB C_CJK

test_expect 'setup: records with tricky values, written by hand' '
	expect_status 0 crm init &&
	git clone -q "$STORE" work &&
	rec orgs 0000000000000a01 <<-\EOF &&
	id: 0000000000000a01
	name: "Comma, \"Quoted\" Org"
	domain: "quoted.example"
	city: "Tab\tCity"
	country: FR
	created: 2026-01-01T00:00:00Z
	updated: 2026-01-01T00:00:00Z
	EOF
	rec contacts c000000000000001 <<-\EOF &&
	id: c000000000000001
	name: "Tab\there"
	email: [tab@x.example]
	org: 0000000000000a01
	city: "Back\\slash"
	tags: [a, "b c"]
	created: 2026-01-01T00:00:00Z
	updated: 2026-01-01T00:00:00Z
	EOF
	rec contacts c000000000000002 <<-\EOF &&
	id: c000000000000002
	name: Quote "q" here
	email: [q@x.example]
	city: "Comma, City"
	tags: [😀]
	created: 2026-01-01T00:00:00Z
	updated: 2026-01-01T00:00:00Z
	notes: |-
	  Line one
	  Line two
	EOF
	rec contacts c000000000000003 <<-\EOF &&
	id: c000000000000003
	name: "Emoji 😀 𝄞"
	email: [emoji@x.example]
	city: " Spaced "
	created: 2026-01-01T00:00:00Z
	updated: 2026-01-01T00:00:00Z
	EOF
	rec contacts c000000000000004 <<-\EOF &&
	id: c000000000000004
	name: 山田太郎
	email: [yamada@x.example]
	city: "Jose\u0301"
	created: 2026-01-01T00:00:00Z
	updated: 2026-01-01T00:00:00Z
	EOF
	rec contacts c000000000000005 <<-\EOF &&
	id: c000000000000005
	name: "CR\rhere"
	email: [cr@x.example]
	city: "Ctl\x01\x7f"
	created: 2026-01-01T00:00:00Z
	updated: 2026-01-01T00:00:00Z
	EOF
	rec deals d000000000000001 <<-\EOF &&
	id: d000000000000001
	title: "Deal, \"big\"\tone"
	contact: c000000000000001
	org: 0000000000000a01
	amount: 1234.50
	currency: EUR
	stage: proposal
	probability: 50
	close: 2026-12-31
	created: 2026-01-01T00:00:00Z
	updated: 2026-01-01T00:00:00Z
	EOF
	mkdir -p work/log/2026/11 &&
	cat >work/log/2026/11/02.yaml <<-\EOF &&
	id: e000000000000001
	at: 2026-11-02T10:00:00Z
	contact: c000000000000002
	type: purchase
	summary: "Order\t1042\nsecond line \\ \"quoted\""
	amount: 480.00
	currency: EUR
	EOF
	push "records by hand" &&
	expect_status 0 crm-find --count &&
	echo 5 >expect &&
	test_cmp expect out
'

# ---- tsv ----

test_expect 'tsv (the default off a terminal): tab, newline, CR, backslash escaped' '
	expect_status 0 crm-find &&
	{
		printf "%s\tCR\\\\rhere\tcr@x.example\t\tCtl\001\177\t\n" $C_CR
		printf "%s\tEmoji 😀 𝄞\temoji@x.example\t\t Spaced \t\n" $C_EMOJI
		printf "%s\tQuote \"q\" here\tq@x.example\t\tComma, City\t😀\n" $C_QUOTE
		printf "%s\tTab\\\\there\ttab@x.example\tComma, \"Quoted\" Org\tBack\\\\\\\\slash\ta,b c\n" $C_TAB
		printf "%s\t山田太郎\tyamada@x.example\t\tJose\314\201\t\n" $C_CJK
	} >expect &&
	test_cmp expect out &&
	test_cmp /dev/null err &&
	expect_status 0 crm-find -f tsv &&
	test_cmp expect out
'

test_expect 'tsv --header names the columns; -o picks and orders them' '
	expect_status 0 crm-find --header -o name,org.name,city,id "email ~ tab" &&
	printf "name\torg.name\tcity\tid\nTab\\\\there\tComma, \"Quoted\" Org\tBack\\\\\\\\slash\t%s\n" \
		$C_TAB >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find -o notes,name "notes != \"\"" &&
	printf "Line one\\\\nLine two\tQuote \"q\" here\n" >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find -o org.city "org = \"\" or org.city ~ tab" &&
	printf "\n\n\nTab\\\\tCity\n\n" >expect &&
	test_cmp expect out
'

# ---- csv ----

test_expect 'csv: RFC 4180, a header, CRLF, quotes doubled, fields quoted when needed' '
	expect_status 0 crm-find -f csv &&
	{
		printf "id,name,email,org.name,city,tags\r\n"
		printf "%s,\"CR\rhere\",cr@x.example,,Ctl\001\177,\r\n" $C_CR
		printf "%s,Emoji 😀 𝄞,emoji@x.example,,\" Spaced \",\r\n" $C_EMOJI
		printf "%s,\"Quote \"\"q\"\" here\",q@x.example,,\"Comma, City\",😀\r\n" $C_QUOTE
		printf "%s,Tab\there,tab@x.example,\"Comma, \"\"Quoted\"\" Org\",Back\\\\slash,\"a,b c\"\r\n" $C_TAB
		printf "%s,山田太郎,yamada@x.example,,Jose\314\201,\r\n" $C_CJK
	} >expect &&
	test_cmp expect out &&
	test_cmp /dev/null err
'

test_expect 'csv: a newline inside a value is quoted as is' '
	expect_status 0 crm-find -f csv -o name,notes "notes ~ line" &&
	printf "name,notes\r\n\"Quote \"\"q\"\" here\",\"Line one\nLine two\"\r\n" >expect &&
	test_cmp expect out
'

test_expect 'csv and tsv --header of an empty result: the header alone, exit 1' '
	expect_status 1 crm-find -f csv -o name,city "city = nowhere" &&
	printf "name,city\r\n" >expect &&
	test_cmp expect out &&
	expect_status 1 crm-find --header -o name,city "city = nowhere" &&
	printf "name\tcity\n" >expect &&
	test_cmp expect out &&
	expect_status 1 crm-find "city = nowhere" &&
	test_cmp /dev/null out &&
	test_cmp /dev/null err
'

# ---- json ----

test_expect 'json without -o: each whole record on one line, escaped' '
	expect_status 0 crm-find -f json &&
	cat >expect <<-EOF &&
	{"id":"$C_CR","name":"CR\\rhere","email":["cr@x.example"],"city":"Ctl\\u0001\\u007f","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z"}
	{"id":"$C_EMOJI","name":"Emoji 😀 𝄞","email":["emoji@x.example"],"city":" Spaced ","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z"}
	{"id":"$C_QUOTE","name":"Quote \\"q\\" here","email":["q@x.example"],"city":"Comma, City","tags":["😀"],"created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z","notes":"Line one\\nLine two"}
	{"id":"$C_TAB","name":"Tab\\there","email":["tab@x.example"],"org":"0000000000000a01","city":"Back\\\\slash","tags":["a","b c"],"created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z"}
	EOF
	printf "{\"id\":\"%s\",\"name\":\"山田太郎\",\"email\":[\"yamada@x.example\"],\"city\":\"Jose\314\201\",\"created\":\"2026-01-01T00:00:00Z\",\"updated\":\"2026-01-01T00:00:00Z\"}\n" \
		$C_CJK >>expect &&
	test_cmp expect out &&
	test_cmp /dev/null err
'

test_expect 'json without -o is valid JSON that gives back the exact values' '
	command -v python3 >/dev/null || exit 0
	expect_status 0 crm-find -f json &&
	python3 -c "
import json, sys
names = [json.loads(l)[\"name\"] for l in open(\"out\", encoding=\"utf-8\")]
want = [\"CR\rhere\", \"Emoji \U0001F600 \U0001D11E\", \"Quote \\\"q\\\" here\", \"Tab\there\", \"\u5c71\u7530\u592a\u90ce\"]
sys.exit(names != want)
"
'

test_expect 'json with -o: those fields only, lists as arrays, missing left out' '
	expect_status 0 crm-find -f json -o name,tags,org.name,city &&
	cat >expect <<-EOF &&
	{"name":"CR\\rhere","city":"Ctl\\u0001\\u007f"}
	{"name":"Emoji 😀 𝄞","city":" Spaced "}
	{"name":"Quote \\"q\\" here","tags":["😀"],"city":"Comma, City"}
	{"name":"Tab\\there","tags":["a","b c"],"org.name":"Comma, \\"Quoted\\" Org","city":"Back\\\\slash"}
	EOF
	printf "{\"name\":\"山田太郎\",\"city\":\"Jose\314\201\"}\n" >>expect &&
	test_cmp expect out
'

test_expect 'json with -o: money and numbers bare' '
	expect_status 0 crm-find -k deal -f json -o title,amount,probability,close &&
	cat >expect <<-\EOF &&
	{"title":"Deal, \"big\"\tone","amount":1234.50,"probability":50,"close":"2026-12-31"}
	EOF
	test_cmp expect out
'

# ---- yaml ----

test_expect 'yaml without -o: each record file exactly as stored' '
	expect_status 0 crm-find -f yaml &&
	for id in $C_CR $C_EMOJI $C_QUOTE $C_TAB $C_CJK; do
		echo --- && show contacts $id || exit 1
	done >expect &&
	test_cmp expect out &&
	test_cmp /dev/null err &&
	expect_status 0 crm-find -k org -f yaml &&
	{ echo --- && show orgs 0000000000000a01; } >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find -k deal -f yaml &&
	{ echo --- && show deals d000000000000001; } >expect &&
	test_cmp expect out
'

test_expect 'yaml with -o: a stream of mappings with the exact values' '
	have_pyyaml || exit 0
	expect_status 0 crm-find -f yaml -o name,city,tags,notes &&
	python3 -c "
import sys, yaml
docs = list(yaml.safe_load_all(open(\"out\", encoding=\"utf-8\")))
want = [
    {\"name\": \"CR\rhere\", \"city\": \"Ctl\x01\x7f\"},
    {\"name\": \"Emoji \U0001F600 \U0001D11E\", \"city\": \" Spaced \"},
    {\"name\": \"Quote \\\"q\\\" here\", \"city\": \"Comma, City\", \"tags\": [\"\U0001F600\"],
     \"notes\": \"Line one\nLine two\"},
    {\"name\": \"Tab\there\", \"city\": \"Back\\\\slash\", \"tags\": [\"a\", \"b c\"]},
    {\"name\": \"\u5c71\u7530\u592a\u90ce\", \"city\": \"Jose\u0301\"},
]
if docs != want:
    print(docs)
    sys.exit(1)
"
'

# ---- table ----

test_expect 'table: aligned by display width, controls shown escaped' '
	expect_status 0 crm-find -f table &&
	{
		printf "id                name            email             org.name             city         tags\n"
		printf "%s  CR\\\\rhere        cr@x.example                           Ctl\\\\x01\\\\x7f\n" $C_CR
		printf "%s  Emoji 😀 𝄞      emoji@x.example                         Spaced\n" $C_EMOJI
		printf "%s  Quote \"q\" here  q@x.example                            Comma, City  😀\n" $C_QUOTE
		printf "%s  Tab\\\\there       tab@x.example     Comma, \"Quoted\" Org  Back\\\\slash   a, b c\n" $C_TAB
		printf "%s  山田太郎        yamada@x.example                       Jose\314\201\n" $C_CJK
	} >expect &&
	test_cmp expect out &&
	test_cmp /dev/null err
'

test_expect 'table of an empty result prints nothing and exits 1' '
	expect_status 1 crm-find -f table "city = nowhere" &&
	test_cmp /dev/null out &&
	test_cmp /dev/null err
'

test_expect 'table on a terminal is cut to its width (COLUMNS)' '
	command -v script >/dev/null || exit 0
	script -qec "COLUMNS=30 crm-find -o name,email \"email ~ x.example and not email = cr@x.example\"" \
		/dev/null >tty.out </dev/null || exit 1
	tr -d "\r" <tty.out >actual &&
	cat >expect <<-\EOF &&
	name            email
	Emoji 😀 𝄞      emoji@x.examp…
	Quote "q" here  q@x.example
	Tab\there       tab@x.example
	山田太郎        yamada@x.exam…
	EOF
	test_cmp expect actual
'

# ---- default columns of each kind ----

test_expect 'default columns of orgs, deals and interactions' '
	expect_status 0 crm-find -k org --header &&
	printf "id\tname\tdomain\tcity\tcountry\n0000000000000a01\tComma, \"Quoted\" Org\tquoted.example\tTab\\\\tCity\tFR\n" >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find -k deal --header &&
	printf "id\ttitle\torg.name\tamount\tcurrency\tstage\tclose\nd000000000000001\tDeal, \"big\"\\\\tone\tComma, \"Quoted\" Org\t1234.50\tEUR\tproposal\t2026-12-31\n" >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find -k log --header &&
	printf "id\tat\tcontact.name\ttype\tsummary\tamount\ne000000000000001\t2026-11-02T10:00:00Z\tQuote \"q\" here\tpurchase\tOrder\\\\t1042\\\\nsecond line \\\\\\\\ \"quoted\"\t480.00\n" >expect &&
	test_cmp expect out
'

test_expect 'csv and json of an interaction with a multi-line summary' '
	expect_status 0 crm-find -k log -f csv -o summary,amount &&
	printf "summary,amount\r\n\"Order\t1042\nsecond line \\\\ \"\"quoted\"\"\",480.00\r\n" >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find -k log -f json -o id,summary,amount &&
	cat >expect <<-\EOF &&
	{"id":"e000000000000001","summary":"Order\t1042\nsecond line \\ \"quoted\"","amount":480.00}
	EOF
	test_cmp expect out
'

# ---- --count, -n, -q ----

test_expect '--count prints the number of matches' '
	expect_status 0 crm-find --count "email ~ x.example" &&
	echo 5 >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find --count "city ~ space or city ~ comma" &&
	echo 2 >expect &&
	test_cmp expect out &&
	expect_status 1 crm-find --count "city = nowhere" &&
	echo 0 >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find -k log --count &&
	echo 1 >expect &&
	test_cmp expect out
'

test_expect '-n limits the rows, after the sort' '
	expect_status 0 crm-find -n 2 -o id &&
	printf "%s\n" $C_CR $C_EMOJI >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find -n 1 -o id --sort -name &&
	echo $C_CJK >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find --limit 10 -o id "email ~ tab" &&
	echo $C_TAB >expect &&
	test_cmp expect out
'

test_expect '-q prints nothing: exit status only' '
	expect_status 0 crm-find -q &&
	test_cmp /dev/null out &&
	test_cmp /dev/null err &&
	expect_status 1 crm-find -q "city = nowhere" &&
	test_cmp /dev/null out &&
	expect_status 0 crm-find -q --count &&
	test_cmp /dev/null out &&
	expect_status 0 crm-find -q -f json -o name &&
	test_cmp /dev/null out &&
	expect_status 64 crm-find -q "city >" &&
	test_cmp /dev/null out
'

test_expect 'bad options are usage errors (64) with the usage on stderr' '
	expect_status 64 crm-find -f xml &&
	head -1 err >first &&
	echo "crm-find: unknown format '"'"'xml'"'"' (expected table, tsv, csv, json or yaml)" >expect &&
	test_cmp expect first &&
	expect_status 64 crm-find -k person &&
	head -1 err >first &&
	echo "crm-find: unknown kind '"'"'person'"'"' (expected contact, org, deal or log)" >expect &&
	test_cmp expect first &&
	expect_status 64 crm-find -n many &&
	expect_status 64 crm-find --bogus &&
	test_cmp /dev/null out
'

test_expect '-h and --version print to stdout and exit 0' '
	expect_status 0 crm-find -h &&
	head -1 out | grep -q "^usage: crm-find " &&
	test_cmp /dev/null err &&
	expect_status 0 crm-find --version &&
	grep -q "^crm-find (crm) " out
'

test_expect 'csv --header has one header; --header does not touch json' '
	expect_status 0 crm-find -f csv --header -o name -n 1 &&
	printf "name\r\n\"CR\rhere\"\r\n" >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find -f json --header -o name -n 1 &&
	printf "%s\n" "{\"name\":\"CR\\rhere\"}" >expect &&
	test_cmp expect out
'

test_expect 'a missing store is exit 66 and is not created by a read' '
	expect_status 66 crm-find -C "$TEST_DIR/nope" --count &&
	test_cmp /dev/null out &&
	echo "crm-find: no store at $TEST_DIR/nope (crm init creates one)" >expect &&
	test_cmp expect err &&
	test ! -e "$TEST_DIR/nope"
'

test_expect '-C and CRM_DIR name the store' '
	mv "$STORE" "$TEST_DIR/other" &&
	expect_status 0 crm-find -C "$TEST_DIR/other" --count &&
	echo 5 >expect &&
	test_cmp expect out &&
	CRM_DIR=$TEST_DIR/other expect_status 0 crm-find --count "city ~ slash" &&
	echo 1 >expect &&
	test_cmp expect out;
	st=$?
	mv "$TEST_DIR/other" "$STORE" &&
	test $st -eq 0
'

# ---- references on stdin ----

test_expect '- reads the first field of tsv lines' '
	printf "%s\tanything\there\n%s\n" $C_TAB $C_CJK >refs &&
	expect_status 0 crm-find -o id - <refs &&
	printf "%s\n" $C_TAB $C_CJK >expect &&
	test_cmp expect out &&
	crm-find "email ~ q@ or email ~ emoji" | crm-find -o id - >out &&
	printf "%s\n" $C_EMOJI $C_QUOTE >expect &&
	test_cmp expect out
'

test_expect '- reads the id of JSON lines' '
	crm-find -f json "email ~ tab or email ~ yamada" >refs &&
	expect_status 0 crm-find -o id - <refs &&
	printf "%s\n" $C_TAB $C_CJK >expect &&
	test_cmp expect out &&
	printf "{\"id\":\"%s\",\"name\":\"whatever\"}\n{\"id\": \"%s\"}\n" $C_QUOTE $C_CR >refs &&
	expect_status 0 crm-find -o id - <refs &&
	printf "%s\n" $C_CR $C_QUOTE >expect &&
	test_cmp expect out
'

test_expect '- reads the id of YAML documents' '
	crm-find -f yaml "email ~ emoji or email ~ tab" >refs &&
	expect_status 0 crm-find -o id - <refs &&
	printf "%s\n" $C_EMOJI $C_TAB >expect &&
	test_cmp expect out &&
	printf -- "---\nid: %s\nname: x\n---\nid: %s\n" $C_CJK $C_QUOTE >refs &&
	expect_status 0 crm-find -o id - <refs &&
	printf "%s\n" $C_QUOTE $C_CJK >expect &&
	test_cmp expect out
'

test_expect '- reads bare emails in any case, and ids, mixed' '
	printf "Q@X.EXAMPLE\n%s\nyamada@x.example\n\n" $C_CR >refs &&
	expect_status 0 crm-find -o id - <refs &&
	printf "%s\n" $C_CR $C_QUOTE $C_CJK >expect &&
	test_cmp expect out &&
	crm-find -o email | crm-find --count - >out &&
	echo 5 >expect &&
	test_cmp expect out
'

test_expect '- with a filter: both must hold; a record named twice is listed once' '
	printf "%s\n%s\n%s\n" $C_TAB $C_CJK $C_TAB >refs &&
	expect_status 0 crm-find -o id - "city ~ slash" <refs &&
	echo $C_TAB >expect &&
	test_cmp expect out &&
	expect_status 0 crm-find -o id - <refs &&
	printf "%s\n" $C_TAB $C_CJK >expect &&
	test_cmp expect out &&
	expect_status 1 crm-find -o id - "city = nowhere" <refs &&
	test_cmp /dev/null out
'

test_expect '- with an empty stdin is an empty set' '
	expect_status 1 crm-find - </dev/null &&
	test_cmp /dev/null out &&
	test_cmp /dev/null err &&
	expect_status 1 crm-find --count - </dev/null &&
	echo 0 >expect &&
	test_cmp expect out &&
	printf "\n\n" | crm-find - >out 2>err
	test $? -eq 1 &&
	test_cmp /dev/null out &&
	test_cmp /dev/null err
'

test_expect '- with an unknown email is exit 67' '
	printf "%s\nnobody@x.example\n" $C_TAB >refs &&
	expect_status 67 crm-find -o id - <refs &&
	test_cmp /dev/null out &&
	echo "crm-find: contact '"'"'nobody@x.example'"'"' not found" >expect &&
	test_cmp expect err
'

test_expect '- with an id that is not in the store is exit 67' '
	printf "%s\nc0000000000000ff\n" $C_TAB >refs &&
	expect_status 67 crm-find -o id - <refs &&
	test_cmp /dev/null out &&
	grep -q "c0000000000000ff" err
'

test_expect '- with an ambiguous id prefix is exit 67' '
	echo c000 >refs &&
	expect_status 67 crm-find -o id - <refs &&
	test_cmp /dev/null out &&
	head -1 err >first &&
	echo "crm-find: '"'"'c000'"'"' is ambiguous; it matches:" >expect &&
	test_cmp expect first
'

test_expect '- with -k org takes organisation names' '
	printf "Comma, \"Quoted\" Org\n" >refs &&
	expect_status 0 crm-find -k org -o id - <refs &&
	echo 0000000000000a01 >expect &&
	test_cmp expect out
'

test_expect 'a JSON line without an id is bad input (65)' '
	echo "{\"name\":\"x\"}" >refs &&
	expect_status 65 crm-find - <refs &&
	test_cmp /dev/null out &&
	echo "crm-find: stdin:1: a JSON line without an \"id\"" >expect &&
	test_cmp expect err
'

# ---- the YAML round trip ----

test_expect 'yaml round trip: find, edit, crm-add --update - changes only the edit' '
	crm-find -f yaml "not email = cr@x.example" >x.yaml &&
	sed "s/^city: \"Comma, City\"\$/city: Lyon/" x.yaml >y.yaml &&
	! cmp -s x.yaml y.yaml &&
	before=$(commits) &&
	CRM_NOW=2026-11-21T09:00:00Z expect_status 0 crm-add --update - <y.yaml &&
	test "$(commits)" -eq $((before + 1)) &&
	cat >expect <<-EOF &&
	id: $C_QUOTE
	name: Quote "q" here
	email: [q@x.example]
	city: Lyon
	tags: [😀]
	created: 2026-01-01T00:00:00Z
	updated: 2026-11-21T09:00:00Z
	notes: |-
	  Line one
	  Line two
	EOF
	show contacts $C_QUOTE >actual &&
	test_cmp expect actual &&
	git -C "$STORE" diff --name-only HEAD^ HEAD >changed &&
	echo contacts/c0/$C_QUOTE.yaml >expect &&
	test_cmp expect changed &&
	crm-find -f yaml "not email = cr@x.example" >z.yaml &&
	sed "s/^updated: 2026-11-21T09:00:00Z\$/updated: 2026-01-01T00:00:00Z/" z.yaml >z2.yaml &&
	test_cmp y.yaml z2.yaml
'

test_expect 'yaml round trip without an edit changes nothing' '
	before=$(commits) &&
	crm-find -f yaml "not email = cr@x.example" >x.yaml &&
	expect_status 0 crm-add --update - <x.yaml &&
	test "$(commits)" -eq "$before"
'

# ---- pipes ----

test_expect 'setup: 3000 more contacts, so that output outlasts a pipe' '
	i=0 &&
	while [ $i -lt 3000 ]; do
		printf "{\"name\":\"Person %05d\",\"email\":[\"p%05d@big.example\"]}\n" $i $i
		i=$((i + 1))
	done >big.jsonl &&
	crm-add contact --from big.jsonl >/dev/null 2>&1 &&
	expect_status 0 crm-find --count &&
	echo 3005 >expect &&
	test_cmp expect out
'

test_expect 'crm-find | head -1 ends quietly in every format' '
	for f in tsv csv json yaml table; do
		{ crm-find -f $f 2>err.$f; echo $? >st.$f; } | head -1 >first.$f &&
		test -s first.$f &&
		test_cmp /dev/null err.$f &&
		case $(cat st.$f) in 0|141) ;; *) echo "# -f $f exited $(cat st.$f)" >&2; exit 1 ;; esac ||
		exit 1
	done &&
	{ crm-find -o name --sort name 2>err; echo $? >st; } | head -1 >first &&
	printf "%s\n" "CR\\rhere" >expect &&
	test_cmp expect first &&
	test_cmp /dev/null err
'

test_expect 'csv: cells a spreadsheet would run as formulas are text; they import back' '
	CRM_DIR=$TEST_DIR/formula expect_status 0 crm-add contact --name "=HYPERLINK(\"http://x.example\")" \
		--email f@x.example --phone "+33 1 23" --set note="@SUM(A1)" --set cut=-12.50 \
		--set dash="- item" --set tabbed="$(printf "\tx")" &&
	CRM_DIR=$TEST_DIR/formula crm-find -f csv -o name,phone,note,cut,dash,tabbed >got.csv &&
	cat >expect <<-\EOF &&
	name,phone,note,cut,dash,tabbed
	"'"'"'=HYPERLINK(""http://x.example"")",'"'"'+33 1 23,'"'"'@SUM(A1),-12.5,'"'"'- item,'"'"'	x
	EOF
	sed -i "s/\$/\r/" expect &&
	test_cmp expect got.csv &&
	CRM_DIR=$TEST_DIR/formula crm-find -f csv -o name,email,phone,note,dash >back.csv &&
	CRM_DIR=$TEST_DIR/formula2 expect_status 0 crm-add contact --from back.csv &&
	CRM_DIR=$TEST_DIR/formula crm-find -f json -o name,phone,note,dash >a.json &&
	CRM_DIR=$TEST_DIR/formula2 crm-find -f json -o name,phone,note,dash >b.json &&
	test_cmp a.json b.json
'

test_expect 'a full disk on stdout is an error (74) for every reader; a closed pipe says nothing' '
	CRM_DIR=$TEST_DIR/full crm-add -q contact --name "Full Disk" --email full@x.example >/dev/null &&
	CRM_DIR=$TEST_DIR/full crm-log -q full@x.example purchase "o1" --amount 5 &&
	for cmd in "crm-find" "crm-find -f json" "crm-log full@x.example" "crm-report" \
		"crm-report revenue --by month" "crm-segment by city" "crm history"; do
		CRM_DIR=$TEST_DIR/full $cmd >/dev/full 2>err.full
		st=$?
		[ "$st" -eq 74 ] || { echo "# $cmd >/dev/full exited $st"; return 1; }
		grep -q "write error: No space left on device" err.full ||
			{ echo "# $cmd: no message"; return 1; }
	done &&
	awk "BEGIN { print \"name,email\"; for (i = 0; i < 3000; i++) printf \"P %d,p%d@pipe.example\\n\", i, i }" >pipe.csv &&
	CRM_DIR=$TEST_DIR/full crm-add -q contact --from pipe.csv >/dev/null &&
	for cmd in "crm-find" "crm-find -f json" "crm-find -f yaml"; do
		{ CRM_DIR=$TEST_DIR/full $cmd 2>err.pipe; echo $? >st.pipe; } | head -n 1 >/dev/null
		test ! -s err.pipe || { echo "# $cmd | head: $(cat err.pipe)"; return 1; }
		case $(cat st.pipe) in 0|141) ;; *) echo "# $cmd | head exited $(cat st.pipe)"; return 1 ;; esac
	done
'

done_testing
