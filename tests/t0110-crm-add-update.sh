#!/bin/sh
# crm-add --update and --upsert: changing records by reference, adding and
# removing list values, no-op updates, stdin references, and the YAML round
# trip (crm-add -f yaml ... | edit | crm-add --update -) with tricky strings.
. "${0%/*}/lib.sh"

rpath() {
	printf '%s/%.2s/%s.yaml\n' "$1" "$2" "$2"
}

show() {
	git -C "$STORE" show "HEAD:$(rpath "$1" "$2")"
}

have_pyyaml() {
	python3 -c 'import yaml' 2>/dev/null
}

CRM_NOW=2026-11-20T10:00:00Z
export CRM_NOW

test_expect 'setup: a contact with tags and two emails' '
	expect_status 0 crm-add contact --name "Jane Doe" \
		--email jane@acme.example --email jd@home.example \
		--org Acme --tag vip --tag newsletter --set industry=retail &&
	cp out jane.id &&
	sed -n "s/^crm-add: created org \([0-9a-f]*\) (Acme)$/\1/p" err >acme.id &&
	test -s acme.id &&
	test "$(commits)" -eq 2
'

test_expect '--update by email sets fields and adds a tag, in one commit' '
	CRM_NOW=2026-11-21T09:00:00Z expect_status 0 crm-add \
		--update jane@acme.example --set city=Lyon --tag gold &&
	test_cmp jane.id out &&
	test ! -s err &&
	test "$(commits)" -eq 3 &&
	id=$(cat jane.id) &&
	cat >expect <<-EOF &&
	id: $id
	name: Jane Doe
	email: [jane@acme.example, jd@home.example]
	org: $(cat acme.id)
	city: Lyon
	tags: [vip, newsletter, gold]
	created: 2026-11-20T10:00:00Z
	updated: 2026-11-21T09:00:00Z
	industry: retail
	EOF
	show contacts "$id" >actual &&
	test_cmp expect actual &&
	git -C "$STORE" log -1 --format=%s >msg &&
	printf "update contact %.8s\n" "$id" >expect &&
	test_cmp expect msg
'

test_expect '--tag -X and --email -X remove values, --set k= removes a field' '
	CRM_NOW=2026-11-22T09:00:00Z expect_status 0 crm-add \
		--update "$(cat jane.id)" --tag -newsletter --email -jd@home.example \
		--set industry= --country FR &&
	id=$(cat jane.id) &&
	cat >expect <<-EOF &&
	id: $id
	name: Jane Doe
	email: [jane@acme.example]
	org: $(cat acme.id)
	city: Lyon
	country: FR
	tags: [vip, gold]
	created: 2026-11-20T10:00:00Z
	updated: 2026-11-22T09:00:00Z
	EOF
	show contacts "$id" >actual &&
	test_cmp expect actual &&
	test "$(commits)" -eq 4
'

test_expect 'the removed email no longer finds the contact' '
	before=$(commits) &&
	expect_status 67 crm-add --update jd@home.example --set city=X &&
	echo "crm-add: record '"'"'jd@home.example'"'"' not found" >expect &&
	test_cmp expect err &&
	test "$(commits)" -eq "$before"
'

test_expect 'an update that changes nothing makes no commit and keeps the stamp' '
	before=$(commits) &&
	show contacts "$(cat jane.id)" >before.yaml &&
	CRM_NOW=2026-12-01T00:00:00Z expect_status 0 crm-add \
		--update jane@acme.example --set city=Lyon --tag vip --tag -absent &&
	test_cmp jane.id out &&
	test "$(commits)" -eq "$before" &&
	show contacts "$(cat jane.id)" >after.yaml &&
	test_cmp before.yaml after.yaml
'

test_expect '--update takes a 4-character id prefix and the email in any case' '
	expect_status 0 crm-add --update "$(cut -c1-4 jane.id)" --title CTO &&
	test_cmp jane.id out &&
	expect_status 0 crm-add --update JANE@ACME.EXAMPLE --owner alice &&
	test_cmp jane.id out &&
	show contacts "$(cat jane.id)" >j.yaml &&
	grep -qx "title: CTO" j.yaml &&
	grep -qx "owner: alice" j.yaml
'

test_expect '--update takes an org by its exact name, case-insensitively' '
	expect_status 0 crm-add --update acme --domain acme.example --industry retail &&
	test_cmp acme.id out &&
	show orgs "$(cat acme.id)" >o.yaml &&
	grep -qx "domain: acme.example" o.yaml &&
	grep -qx "industry: retail" o.yaml &&
	git -C "$STORE" log -1 --format=%s >msg &&
	printf "update org %.8s\n" "$(cat acme.id)" >expect &&
	test_cmp expect msg
'

test_expect 'a deal'"'"'s probability follows a new stage unless given' '
	expect_status 0 crm-add deal --title Upd --contact jane@acme.example \
		--amount 100 --stage proposal &&
	cp out deal.id &&
	show deals "$(cat deal.id)" | grep -qx "probability: 50" &&
	expect_status 0 crm-add --update "$(cat deal.id)" --stage won &&
	test_cmp deal.id out &&
	show deals "$(cat deal.id)" >d.yaml &&
	grep -qx "stage: won" d.yaml &&
	grep -qx "probability: 100" d.yaml &&
	expect_status 0 crm-add --update "$(cat deal.id)" --stage negotiation \
		--probability 80 &&
	show deals "$(cat deal.id)" >d.yaml &&
	grep -qx "stage: negotiation" d.yaml &&
	grep -qx "probability: 80" d.yaml &&
	expect_status 0 crm-add --update "$(cat deal.id)" --amount 250.5 &&
	show deals "$(cat deal.id)" >d.yaml &&
	grep -qx "amount: 250.50" d.yaml &&
	grep -qx "currency: EUR" d.yaml &&
	git -C "$STORE" log -1 --format=%s >msg &&
	printf "update deal %.8s\n" "$(cat deal.id)" >expect &&
	test_cmp expect msg
'

test_expect 'setup: two more contacts' '
	crm-add contact --name "Bob Roe" --email bob@x.example >bob.id &&
	crm-add contact --name "Cy Dee" --email cy@x.example >cy.id &&
	crm-add contact --name "Di Eff" --email di@x.example >di.id
'

test_expect 'several --update refs change several records in one commit' '
	before=$(commits) &&
	expect_status 0 crm-add --update bob@x.example --update cy@x.example \
		--tag batch1 &&
	cat bob.id cy.id >expect &&
	test_cmp expect out &&
	test "$(commits)" -eq $((before + 1)) &&
	git -C "$STORE" log -1 --format=%s >msg &&
	printf "update contact %.8s, update contact %.8s\n" "$(cat bob.id)" \
		"$(cat cy.id)" >expect &&
	test_cmp expect msg &&
	show contacts "$(cat bob.id)" | grep -qx "tags: \[batch1\]" &&
	show contacts "$(cat cy.id)" | grep -qx "tags: \[batch1\]"
'

test_expect 'one unknown ref among several changes nothing' '
	before=$(commits) &&
	expect_status 67 crm-add --update bob@x.example --update nobody@x.example \
		--tag batch2 &&
	echo "crm-add: record '"'"'nobody@x.example'"'"' not found" >expect &&
	test_cmp expect err &&
	test "$(commits)" -eq "$before" &&
	! show contacts "$(cat bob.id)" | grep -q batch2
'

test_expect '--update - reads tsv, JSON, YAML ids and bare emails from stdin' '
	before=$(commits) &&
	{
		printf "%s\tBob Roe\n" "$(cat bob.id)"
		printf "{\"id\":\"%s\",\"name\":\"Cy Dee\"}\n" "$(cat cy.id)"
		echo di@x.example
	} >refs &&
	expect_status 0 crm-add --update - --tag stdin <refs &&
	cat bob.id cy.id di.id >expect &&
	test_cmp expect out &&
	test "$(commits)" -eq $((before + 1)) &&
	for f in bob cy di; do
		show contacts "$(cat $f.id)" | grep -q "^tags: .*stdin" || exit 1
	done &&
	printf -- "---\nid: %s\nname: Jane Doe\n" "$(cat jane.id)" >refs.yaml &&
	expect_status 0 crm-add --update - --tag yamlref <refs.yaml &&
	test_cmp jane.id out &&
	show contacts "$(cat jane.id)" | grep -q "^tags: .*yamlref"
'

test_expect '--update - with an empty stdin is an empty set: no commit' '
	before=$(commits) &&
	expect_status 0 crm-add --update - --tag none </dev/null &&
	test ! -s out &&
	test "$(commits)" -eq "$before"
'

test_expect '--update without field options is a usage error' '
	before=$(commits) &&
	expect_status 64 crm-add --update bob@x.example &&
	head -1 err >first &&
	echo "crm-add: nothing to change: give field options such as --set field=value" >expect &&
	test_cmp expect first &&
	test "$(commits)" -eq "$before"
'

test_expect '--update with a kind is a usage error' '
	expect_status 64 crm-add --update bob@x.example contact --city X &&
	head -1 err >first &&
	echo "crm-add: --update takes no kind ('"'"'contact'"'"')" >expect &&
	test_cmp expect first
'

test_expect '--upsert with a known email updates that contact' '
	before=$(commits) &&
	CRM_NOW=2026-11-23T08:00:00Z expect_status 0 crm-add contact \
		--name "Robert Roe" --email BOB@x.example --city Berlin \
		--tag upserted --upsert &&
	test_cmp bob.id out &&
	test "$(commits)" -eq $((before + 1)) &&
	git -C "$STORE" log -1 --format=%s >msg &&
	printf "update contact %.8s\n" "$(cat bob.id)" >expect &&
	test_cmp expect msg &&
	show contacts "$(cat bob.id)" >b.yaml &&
	grep -qx "name: Robert Roe" b.yaml &&
	grep -qx "email: \[bob@x.example\]" b.yaml &&
	grep -qx "city: Berlin" b.yaml &&
	grep -qx "tags: \[batch1, stdin, upserted\]" b.yaml &&
	grep -qx "created: 2026-11-20T10:00:00Z" b.yaml &&
	grep -qx "updated: 2026-11-23T08:00:00Z" b.yaml &&
	test "$(git -C "$STORE" ls-tree -r --name-only HEAD contacts | wc -l)" -eq 4
'

test_expect '--upsert with a new email creates a contact' '
	before=$(commits) &&
	expect_status 0 crm-add contact --name "Ed New" --email ed@x.example --upsert &&
	grep -qx "[0-9a-f]\{16\}" out &&
	! grep -qx -f bob.id out &&
	test "$(commits)" -eq $((before + 1)) &&
	git -C "$STORE" log -1 --format=%s | grep -q "^add contact "
'

test_expect 'without --upsert a known email is refused' '
	before=$(commits) &&
	expect_status 65 crm-add contact --name "Bob Again" --email bob@x.example &&
	echo "crm-add: command line: field '"'"'email'"'"': bob@x.example is already the email of contact $(cat bob.id) (Robert Roe); use --upsert to update it" >expect &&
	test_cmp expect err &&
	test ! -s out &&
	test "$(commits)" -eq "$before"
'

test_expect 'round trip: crm-add -f yaml | edit | crm-add --update - applies the edit' '
	expect_status 0 crm-add -f yaml --update cy@x.example --update di@x.example \
		--tag rt &&
	sed -e "s/^name: Cy Dee$/name: Cyrus Dee\\
city: Rome/" out >edited.yaml &&
	before=$(commits) &&
	CRM_NOW=2026-11-24T08:00:00Z expect_status 0 crm-add --update - <edited.yaml &&
	test_cmp cy.id out &&
	echo "crm-add: updated 1 record from stdin" >expect &&
	test_cmp expect err &&
	test "$(commits)" -eq $((before + 1)) &&
	show contacts "$(cat cy.id)" >c.yaml &&
	grep -qx "name: Cyrus Dee" c.yaml &&
	grep -qx "city: Rome" c.yaml &&
	grep -qx "updated: 2026-11-24T08:00:00Z" c.yaml &&
	git -C "$STORE" log -1 --format=%s >msg &&
	printf "update contact %.8s\n" "$(cat cy.id)" >expect &&
	test_cmp expect msg
'

test_expect 'round trip: deleting a line from the YAML removes that field' '
	expect_status 0 crm-add -f yaml --update cy@x.example --set x=1 &&
	grep -v "^city:" out >edited.yaml &&
	expect_status 0 crm-add --update - <edited.yaml &&
	! show contacts "$(cat cy.id)" | grep -q "^city:"
'

test_expect 'round trip: unchanged records make no commit' '
	expect_status 0 crm-add -f yaml --update bob@x.example --update cy@x.example \
		--tag rt2 &&
	cp out same.yaml &&
	before=$(commits) &&
	expect_status 0 crm-add --update - <same.yaml &&
	test ! -s out &&
	echo "crm-add: updated 0 records from stdin" >expect &&
	test_cmp expect err &&
	test "$(commits)" -eq "$before"
'

test_expect 'round trip: JSON Lines on stdin replace records too' '
	expect_status 0 crm-add -f json --update di@x.example --tag j &&
	sed "s/\"name\":\"Di Eff\"/\"name\":\"Diana Eff\"/" out >edited.jsonl &&
	expect_status 0 crm-add --update - <edited.jsonl &&
	test_cmp di.id out &&
	show contacts "$(cat di.id)" | grep -qx "name: Diana Eff"
'

test_expect 'round trip: a record id that is not in the store changes nothing' '
	before=$(commits) &&
	printf "id: 0123456789abcdef\nname: Nobody\n" >ghost.yaml &&
	expect_status 65 crm-add --update - <ghost.yaml &&
	cat >expect <<-\EOF &&
	crm-add: stdin:1: record '"'"'0123456789abcdef'"'"' not found
	crm-add: stdin: 1 bad record; nothing was written
	EOF
	test_cmp expect err &&
	test "$(commits)" -eq "$before"
'

# Strings that YAML 1.1 readers take for something else, or that need
# quoting, set through text fields and custom fields.  A name is kept
# trimmed; a custom field (f3, f7) keeps its blanks.
test_expect 'tricky strings are stored quoted where YAML 1.1 needs it' '
	expect_status 0 crm-add contact --name "  Leading spaces" \
		--title no --city 2026-01-01 --country 0123 --owner 1.10 \
		--stage on --phone 0123456 \
		--tag no --tag 007 --tag "a: b" --tag "#x" --tag yes \
		--set f1="a: b" --set f2="#x" --set f3="  lead" --set f4=München \
		--set f5=null --set f6="~" --set f7="trail " --set f8="it'"'"'s" \
		--set f9="\"q\"" --set f10="- x" --set f11="[x]" --set f12="{y}" \
		--set f13="&a" --set f14="*b" --set f15="!t" --set f16="%p" \
		--set f17="@at" --set f18="\`bt" --set f19=0x1F --set f20=1e3 \
		--set f21=NO --set f22=Off --set f23=0755 --set f24=y \
		--set f25="x # y" --set f26="a, b" --set f27=--- --set f28="?q" \
		--set f29="|" --set f30=">" --set f31="1:30" --set f32=".inf" &&
	cp out t.id &&
	id=$(cat t.id) &&
	cat >expect <<-EOF &&
	id: $id
	name: Leading spaces
	phone: ['"'"'0123456'"'"']
	title: '"'"'no'"'"'
	city: '"'"'2026-01-01'"'"'
	country: '"'"'0123'"'"'
	tags: ['"'"'no'"'"', '"'"'007'"'"', '"'"'a: b'"'"', '"'"'#x'"'"', '"'"'yes'"'"']
	owner: '"'"'1.10'"'"'
	stage: '"'"'on'"'"'
	created: 2026-11-20T10:00:00Z
	updated: 2026-11-20T10:00:00Z
	EOF
	show contacts "$id" >stored.yaml &&
	head -11 stored.yaml >actual &&
	test_cmp expect actual
'

test_expect 'a YAML 1.1 reader reads every tricky string back unchanged' '
	have_pyyaml || { echo "# no PyYAML: skipped"; exit 0; }
	show contacts "$(cat t.id)" >stored.yaml &&
	python3 - stored.yaml <<-\EOF
	import sys, yaml
	r = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
	want = {
	    "name": "Leading spaces", "title": "no", "city": "2026-01-01",
	    "country": "0123", "owner": "1.10", "stage": "on",
	    "phone": ["0123456"],
	    "tags": ["no", "007", "a: b", "#x", "yes"],
	    "f1": "a: b", "f2": "#x", "f3": "  lead", "f4": "M\u00fcnchen",
	    "f5": "null", "f6": "~", "f7": "trail ", "f8": "it\x27s",
	    "f9": "\"q\"", "f10": "- x", "f11": "[x]", "f12": "{y}",
	    "f13": "&a", "f14": "*b", "f15": "!t", "f16": "%p",
	    "f17": "@at", "f18": "`bt", "f19": "0x1F", "f20": "1e3",
	    "f21": "NO", "f22": "Off", "f23": "0755", "f24": "y",
	    "f25": "x # y", "f26": "a, b", "f27": "---", "f28": "?q",
	    "f29": "|", "f30": ">", "f31": "1:30", "f32": ".inf",
	}
	bad = [(k, v, r.get(k)) for k, v in want.items() if r.get(k) != v]
	for k, v, got in bad:
	    print("# %s: want %r, got %r" % (k, v, got))
	sys.exit(1 if bad else 0)
	EOF
'

test_expect 'crm itself gives the tricky strings back unchanged (-f json)' '
	expect_status 0 crm-add -f json --update "$(cat t.id)" --set probe=1 &&
	cp out t.json &&
	for pair in "\"title\":\"no\"" "\"city\":\"2026-01-01\"" \
		"\"country\":\"0123\"" "\"owner\":\"1.10\"" "\"stage\":\"on\"" \
		"\"f3\":\"  lead\"" "\"f4\":\"München\"" "\"f5\":\"null\"" \
		"\"f7\":\"trail \"" "\"f9\":\"\\\\\"q\\\\\"\"" "\"f19\":\"0x1F\"" \
		"\"f20\":\"1e3\"" "\"f23\":\"0755\"" "\"f31\":\"1:30\"" \
		"\"tags\":\[\"no\",\"007\",\"a: b\",\"#x\",\"yes\"\]"; do
		grep -q "$pair" t.json || { echo "# missing $pair"; exit 1; }
	done
'

test_expect 'tricky strings survive -f yaml | crm-add --update - byte for byte' '
	show contacts "$(cat t.id)" >before.yaml &&
	expect_status 0 crm-add -f yaml --update "$(cat t.id)" --set probe=1 &&
	cp out t.yaml &&
	before=$(commits) &&
	expect_status 0 crm-add --update - <t.yaml &&
	test "$(commits)" -eq "$before" &&
	show contacts "$(cat t.id)" >after.yaml &&
	test_cmp before.yaml after.yaml
'

test_expect 'an edit made in between keeps every other tricky string' '
	expect_status 0 crm-add -f yaml --update "$(cat t.id)" --set probe=1 &&
	sed "s/^probe: 1$/probe: 2/" out >edited.yaml &&
	show contacts "$(cat t.id)" >before.yaml &&
	expect_status 0 crm-add --update - <edited.yaml &&
	show contacts "$(cat t.id)" >after.yaml &&
	grep -v -e "^probe:" -e "^updated:" before.yaml >b &&
	grep -v -e "^probe:" -e "^updated:" after.yaml >a &&
	test_cmp b a &&
	grep -qx "probe: 2" after.yaml
'

test_expect 'emoji and other UTF-8 are stored as UTF-8 text, found by git grep' '
	expect_status 0 crm-add contact --name "Zoë 🎉 Party" --city München \
		--set motto="日本語 ok" &&
	cp out e.id &&
	show contacts "$(cat e.id)" >e.yaml &&
	sed "s/^/# stored: /" e.yaml &&
	grep -qx "city: München" e.yaml &&
	grep -qx "motto: 日本語 ok" e.yaml &&
	grep -qx "name: Zoë 🎉 Party" e.yaml &&
	git -C "$STORE" grep -q "🎉" HEAD -- contacts
'

test_expect 'a YAML 1.1 reader and crm -f json read the UTF-8 back' '
	expect_status 0 crm-add -f json --update "$(cat e.id)" --set probe=1 &&
	grep -q "\"name\":\"Zoë 🎉 Party\"" out &&
	have_pyyaml || { echo "# no PyYAML: skipped"; exit 0; }
	show contacts "$(cat e.id)" >e.yaml &&
	python3 - e.yaml <<-\EOF
	import sys, yaml
	r = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
	assert r["name"] == "Zo\u00eb \U0001F389 Party", r["name"]
	assert r["city"] == "M\u00fcnchen", r["city"]
	EOF
'

test_expect 'custom values crm reports as strings are strings to a YAML 1.1 reader' '
	have_pyyaml || { echo "# no PyYAML: skipped"; exit 0; }
	expect_status 0 crm-add -f json contact --name Numbers \
		--set fax=+33123456789 --set half=.5 --set zip=01234 \
		--set ver=v1.10 --set minus=-07 &&
	cp out n.json &&
	id=$(sed -n "s/^{\"id\":\"\([0-9a-f]\{16\}\)\".*/\1/p" n.json) &&
	show contacts "$id" >n.yaml &&
	python3 - n.json n.yaml <<-\EOF
	import json, sys, yaml
	j = json.load(open(sys.argv[1], encoding="utf-8"))
	y = yaml.safe_load(open(sys.argv[2], encoding="utf-8"))
	bad = [(k, v, y.get(k)) for k, v in j.items()
	       if isinstance(v, str) and k not in ("created", "updated")
	       and y.get(k) != v]
	for k, v, got in bad:
	    print("# %s: crm says %r, a YAML 1.1 reader reads %r" % (k, v, got))
	sys.exit(1 if bad else 0)
	EOF
'

test_expect 'multi-line text from a YAML file is kept and round-trips' '
	cat >ml.yaml <<-\EOF &&
	name: Multi Line
	notes: |
	  first line
	    indented: yes
	  # not a comment

	  last line
	memo: "tab\there and back\\slash"
	EOF
	expect_status 0 crm-add contact --from ml.yaml &&
	cp out ml.id &&
	id=$(cat ml.id) &&
	cat >expect <<-EOF &&
	id: $id
	name: Multi Line
	created: 2026-11-20T10:00:00Z
	updated: 2026-11-20T10:00:00Z
	memo: "tab\there and back\\\\slash"
	notes: |
	  first line
	    indented: yes
	  # not a comment

	  last line
	EOF
	show contacts "$id" >actual &&
	test_cmp expect actual &&
	expect_status 0 crm-add -f json --update "$id" --set probe=1 &&
	grep -q "\"notes\":\"first line\\\\n  indented: yes\\\\n# not a comment\\\\n\\\\nlast line\\\\n\"" out &&
	grep -q "\"memo\":\"tab\\\\there and back\\\\\\\\slash\"" out &&
	expect_status 0 crm-add -f yaml --update "$id" --set probe=1 &&
	before=$(commits) &&
	expect_status 0 crm-add --update - <out &&
	test "$(commits)" -eq "$before"
'

test_expect 'a YAML 1.1 reader reads the multi-line text back' '
	have_pyyaml || { echo "# no PyYAML: skipped"; exit 0; }
	show contacts "$(cat ml.id)" >m.yaml &&
	python3 - m.yaml <<-\EOF
	import sys, yaml
	r = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
	assert r["notes"] == "first line\n  indented: yes\n# not a comment\n\nlast line\n", repr(r["notes"])
	assert r["memo"] == "tab\there and back\\slash", repr(r["memo"])
	EOF
'

test_expect 'a multi-line value given with --set is stored as a block' '
	nl="
" &&
	expect_status 0 crm-add --update "$(cat ml.id)" --set "note2=one${nl}two" &&
	show contacts "$(cat ml.id)" >m.yaml &&
	expect_status 0 crm-add -f json --update "$(cat ml.id)" --set probe=3 &&
	grep -q "\"note2\":\"one\\\\ntwo\"" out
'

test_expect 'every update left git fsck --strict clean and the store private' '
	git -C "$STORE" fsck --strict &&
	find "$STORE" -perm /077 >loose &&
	test_cmp /dev/null loose
'

done_testing
