#!/bin/sh
# crm-add: creating contacts, orgs and deals from the command line; the
# default store, its layout, its commits, output formats and permissions.
. "${0%/*}/lib.sh"

# rpath DIR ID: where a record lives in the store's tree.
rpath() {
	printf '%s/%.2s/%s.yaml\n' "$1" "$2" "$2"
}

# show DIR ID: a record's file at HEAD.
show() {
	git -C "$STORE" show "HEAD:$(rpath "$1" "$2")"
}

is_id() {
	grep -qx '[0-9a-f]\{16\}' "$1" && test "$(wc -l <"$1")" -eq 1
}

test_expect 'no store exists before the first write' '
	test ! -e "$STORE" &&
	test "$(commits)" -eq 0
'

test_expect 'the first crm-add creates the default store and says where' '
	CRM_NOW=2026-11-20T10:00:00Z expect_status 0 \
		crm-add contact --name "Jane Doe" --email jane@acme.example \
		--phone "+33 1 23 45 67 89" --title CTO --city Paris \
		--country FR --tag vip --tag newsletter --owner alice \
		--stage customer --set industry=retail &&
	is_id out &&
	echo "crm-add: created the store at $STORE" >expect &&
	test_cmp expect err &&
	cp out jane.id &&
	test "$(git -C "$STORE" rev-parse --is-bare-repository)" = true &&
	test "$(git -C "$STORE" symbolic-ref HEAD)" = refs/heads/main
'

test_expect 'the store has an init commit and one commit for the add' '
	test "$(commits)" -eq 2 &&
	git -C "$STORE" log --format=%s >log &&
	printf "add contact %.8s\ninit store\n" "$(cat jane.id)" >expect &&
	test_cmp expect log
'

# The phone is kept in E.164, the form every other tool dials.
test_expect 'the record is stored with its keys in the fixed order' '
	id=$(cat jane.id) &&
	cat >expect <<-EOF &&
	id: $id
	name: Jane Doe
	email: [jane@acme.example]
	phone: ['"'"'+33123456789'"'"']
	title: CTO
	city: Paris
	country: FR
	tags: [vip, newsletter]
	owner: alice
	stage: customer
	created: 2026-11-20T10:00:00Z
	updated: 2026-11-20T10:00:00Z
	industry: retail
	EOF
	show contacts "$id" >actual &&
	test_cmp expect actual
'

test_expect 'a YAML 1.1 reader reads the record back as given' '
	python3 -c "import yaml" 2>/dev/null || { echo "# no PyYAML: skipped"; exit 0; }
	show contacts "$(cat jane.id)" >rec.yaml &&
	python3 - rec.yaml <<-\EOF
	import sys, yaml
	r = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
	assert r["name"] == "Jane Doe", r
	assert r["email"] == ["jane@acme.example"], r
	assert r["phone"] == ["+33123456789"], r  # E.164
	assert r["country"] == "FR", r
	assert r["tags"] == ["vip", "newsletter"], r
	assert r["industry"] == "retail", r
	EOF
'

test_expect 'the store root holds crm.yaml, .gitattributes and contacts/' '
	git -C "$STORE" ls-tree --name-only HEAD >actual &&
	printf ".gitattributes\ncontacts\ncrm.yaml\n" >expect &&
	test_cmp expect actual &&
	git -C "$STORE" show HEAD:.gitattributes >attr &&
	grep -qx "log/\*\* merge=union" attr &&
	git -C "$STORE" show HEAD:crm.yaml >cfg &&
	grep -qx "currency: EUR" cfg &&
	grep -qx "  proposal: 50" cfg &&
	grep -qx "  lead: 10" cfg
'

test_expect 'the commit carries CRM_AUTHOR and no personal data' '
	git -C "$STORE" log -1 --format="%an <%ae>" >actual &&
	echo "Test Author <author@example.test>" >expect &&
	test_cmp expect actual &&
	git -C "$STORE" log --format=%B >msgs &&
	! grep -i -e jane -e acme -e paris msgs
'

test_expect 'a second add does not announce the store again' '
	expect_status 0 crm-add contact --name "Bob Roe" &&
	is_id out &&
	test ! -s err &&
	test "$(commits)" -eq 3
'

test_expect '--org NAME creates the organisation and links it' '
	CRM_NOW=2026-11-20T10:00:00Z expect_status 0 \
		crm-add contact --name "Ann Lee" --email ann@globex.example \
		--org Globex &&
	is_id out && cp out ann.id &&
	sed -n "s/^crm-add: created org \([0-9a-f]\{16\}\) (Globex)$/\1/p" err >globex.id &&
	test "$(wc -l <err)" -eq 1 &&
	is_id globex.id &&
	show contacts "$(cat ann.id)" >ann.yaml &&
	grep -qx "org: $(cat globex.id)" ann.yaml &&
	cat >expect <<-EOF &&
	id: $(cat globex.id)
	name: Globex
	created: 2026-11-20T10:00:00Z
	updated: 2026-11-20T10:00:00Z
	EOF
	show orgs "$(cat globex.id)" >actual &&
	test_cmp expect actual
'

test_expect 'the org and the contact are one commit naming both ids' '
	test "$(commits)" -eq 4 &&
	git -C "$STORE" log -1 --format=%s >actual &&
	printf "add org %.8s, add contact %.8s\n" "$(cat globex.id)" \
		"$(cat ann.id)" >expect &&
	test_cmp expect actual
'

test_expect '--org with an existing name (any case) links it, creates nothing' '
	expect_status 0 crm-add contact --name "Cy Dee" --org GLOBEX &&
	test ! -s err &&
	id=$(cat out) &&
	show contacts "$id" | grep -qx "org: $(cat globex.id)" &&
	test "$(git -C "$STORE" ls-tree -r --name-only HEAD orgs | wc -l)" -eq 1 &&
	test "$(commits)" -eq 5
'

test_expect '--org with an id prefix of 4 links that org' '
	prefix=$(cut -c1-4 globex.id) &&
	expect_status 0 crm-add contact --name "Di Eff" --org "$prefix" &&
	test ! -s err &&
	show contacts "$(cat out)" | grep -qx "org: $(cat globex.id)"
'

test_expect 'crm-add org takes the organisation fields' '
	CRM_NOW=2026-11-20T10:00:00Z expect_status 0 \
		crm-add org --name Initech --domain initech.example \
		--industry software --size 50-200 --city Austin --country US \
		--tag partner --owner bob &&
	is_id out && id=$(cat out) &&
	cat >expect <<-EOF &&
	id: $id
	name: Initech
	domain: initech.example
	industry: software
	size: 50-200
	city: Austin
	country: US
	tags: [partner]
	owner: bob
	created: 2026-11-20T10:00:00Z
	updated: 2026-11-20T10:00:00Z
	EOF
	show orgs "$id" >actual &&
	test_cmp expect actual &&
	git -C "$STORE" log -1 --format=%s >msg &&
	printf "add org %.8s\n" "$id" >expect &&
	test_cmp expect msg
'

test_expect 'a deal gets probability from its stage, currency and the contact'"'"'s org' '
	CRM_NOW=2026-11-20T10:00:00Z expect_status 0 \
		crm-add deal --title "Globex renewal" --contact ann@globex.example \
		--amount 12000 --stage proposal &&
	is_id out && id=$(cat out) &&
	cat >expect <<-EOF &&
	id: $id
	title: Globex renewal
	contact: $(cat ann.id)
	org: $(cat globex.id)
	amount: 12000.00
	currency: EUR
	stage: proposal
	probability: 50
	created: 2026-11-20T10:00:00Z
	updated: 2026-11-20T10:00:00Z
	EOF
	show deals "$id" >actual &&
	test_cmp expect actual &&
	git -C "$STORE" log -1 --format=%s >msg &&
	printf "add deal %.8s\n" "$id" >expect &&
	test_cmp expect msg
'

test_expect 'a deal without a stage starts at the first stage, without currency if no amount' '
	expect_status 0 crm-add deal --title "Small one" --contact "$(cat jane.id)" &&
	id=$(cat out) &&
	show deals "$id" >d.yaml &&
	grep -qx "stage: lead" d.yaml &&
	grep -qx "probability: 10" d.yaml &&
	! grep -q "^currency:" d.yaml &&
	! grep -q "^amount:" d.yaml &&
	! grep -q "^org:" d.yaml
'

test_expect 'a deal keeps an explicit probability, currency and close date' '
	expect_status 0 crm-add deal --title "Yen deal" --contact jane@acme.example \
		--amount 5000 --currency JPY --stage negotiation --probability 60 \
		--close 2027-01-31 &&
	show deals "$(cat out)" >d.yaml &&
	grep -qx "amount: 5000" d.yaml &&
	grep -qx "currency: JPY" d.yaml &&
	grep -qx "stage: negotiation" d.yaml &&
	grep -qx "probability: 60" d.yaml &&
	grep -q "^close: 2027-01-31" d.yaml
'

test_expect '--set adds custom fields; --set tag= and emails= name the list fields' '
	expect_status 0 crm-add contact --name "Eve Gee" --set tag=a,b \
		--set emails=eve@x.example --set source=fair --set shoe-size=42 &&
	show contacts "$(cat out)" >e.yaml &&
	grep -qx "tags: \[a, b\]" e.yaml &&
	grep -qx "email: \[eve@x.example\]" e.yaml &&
	grep -qx "source: fair" e.yaml &&
	grep -qx "shoe-size: 42" e.yaml
'

test_expect 'tsv, the default when stdout is not a terminal, prints the id' '
	expect_status 0 crm-add contact --name "Fay Aitch" &&
	is_id out &&
	expect_status 0 crm-add -f tsv contact --name "Fay Aitch 2" &&
	is_id out
'

test_expect '-o picks tsv columns, --header names them' '
	expect_status 0 crm-add -f tsv --header -o name,email,tags contact \
		--name "Gus Eye" --email gus@x.example --tag a --tag b &&
	printf "name\temail\ttags\nGus Eye\tgus@x.example\ta,b\n" >expect &&
	test_cmp expect out
'

test_expect '-f json prints the record as one JSON line' '
	CRM_NOW=2026-11-20T10:00:00Z expect_status 0 crm-add -f json contact \
		--name "Hal Jay" --email hal@x.example --tag vip --set visits=3 &&
	test "$(wc -l <out)" -eq 1 &&
	id=$(sed -n "s/^{\"id\":\"\([0-9a-f]\{16\}\)\".*/\1/p" out) &&
	sed "s/$id/ID/" out >actual &&
	cat >expect <<-\EOF &&
	{"id":"ID","name":"Hal Jay","email":["hal@x.example"],"tags":["vip"],"created":"2026-11-20T10:00:00Z","updated":"2026-11-20T10:00:00Z","visits":3}
	EOF
	test_cmp expect actual &&
	show contacts "$id" >/dev/null
'

test_expect '-f csv prints an RFC 4180 header and row' '
	CRM_NOW=2026-11-20T10:00:00Z expect_status 0 crm-add -f csv contact \
		--name "Doe, \"JJ\"" --email jj@x.example --tag a --tag b &&
	id=$(sed -n "2s/^\([0-9a-f]\{16\}\),.*/\1/p" out) &&
	test -n "$id" &&
	sed "s/$id/ID/" out >actual &&
	printf "id,name,email,tags,created,updated\r\nID,\"Doe, \"\"JJ\"\"\",jj@x.example,\"a,b\",2026-11-20T10:00:00Z,2026-11-20T10:00:00Z\r\n" >expect &&
	test_cmp expect actual
'

test_expect '-f yaml prints the record as stored, as a YAML document' '
	CRM_NOW=2026-11-20T10:00:00Z expect_status 0 crm-add -f yaml contact \
		--name "Ida Kay" --city Oslo &&
	id=$(sed -n "s/^id: //p" out) &&
	{ echo ---; show contacts "$id"; } >expect &&
	test_cmp expect out
'

test_expect '-q prints nothing, yet writes' '
	before=$(commits) &&
	expect_status 0 crm-add -q contact --name "Jo Ell" --org "Quiet Org" &&
	test ! -s out && test ! -s err &&
	test "$(commits)" -eq $((before + 1)) &&
	git -C "$STORE" log -1 --format=%s | grep -q "^add org [0-9a-f]\{8\}, add contact [0-9a-f]\{8\}$"
'

test_expect '-q also hides the store creation line' '
	expect_status 0 env CRM_DIR="$TEST_DIR/quiet-store" crm-add -q contact --name Q &&
	test ! -s out && test ! -s err &&
	test "$(commits "$TEST_DIR/quiet-store")" -eq 2
'

test_expect 'an unknown format is a usage error' '
	before=$(commits) &&
	expect_status 64 crm-add -f xml contact --name X &&
	head -1 err >first &&
	echo "crm-add: unknown format '"'"'xml'"'"' (expected table, tsv, csv, json or yaml)" >expect &&
	test_cmp expect first &&
	test "$(commits)" -eq "$before"
'

test_expect 'a first write that also creates an org says both, store first' '
	expect_status 0 env CRM_DIR="$TEST_DIR/org-store" crm-add contact \
		--name First --org "First Org" &&
	sed -n 2p err | sed -n "s/^crm-add: created org \([0-9a-f]\{16\}\) (First Org)$/\1/p" >org.id &&
	test -s org.id &&
	{
		echo "crm-add: created the store at $TEST_DIR/org-store"
		echo "crm-add: created org $(cat org.id) (First Org)"
	} >expect &&
	test_cmp expect err &&
	test "$(commits "$TEST_DIR/org-store")" -eq 2
'

test_expect 'CRM_DIR chooses the store' '
	expect_status 0 env CRM_DIR="$TEST_DIR/env-store" crm-add contact --name E &&
	echo "crm-add: created the store at $TEST_DIR/env-store" >expect &&
	test_cmp expect err &&
	test "$(commits "$TEST_DIR/env-store")" -eq 2
'

test_expect '--store and -C override CRM_DIR' '
	before=$(commits "$TEST_DIR/env-store") &&
	expect_status 0 env CRM_DIR="$TEST_DIR/env-store" \
		crm-add --store "$TEST_DIR/opt-store" contact --name S &&
	echo "crm-add: created the store at $TEST_DIR/opt-store" >expect &&
	test_cmp expect err &&
	expect_status 0 env CRM_DIR="$TEST_DIR/env-store" \
		crm-add -C "$TEST_DIR/opt-store" contact --name T &&
	test "$(commits "$TEST_DIR/opt-store")" -eq 3 &&
	test "$(commits "$TEST_DIR/env-store")" -eq "$before"
'

test_expect 'XDG_DATA_HOME places the default store' '
	expect_status 0 env XDG_DATA_HOME="$TEST_DIR/xdg" crm-add contact --name X &&
	echo "crm-add: created the store at $TEST_DIR/xdg/crm" >expect &&
	test_cmp expect err &&
	test "$(commits "$TEST_DIR/xdg/crm")" -eq 2
'

test_expect 'git fsck --strict finds every store clean' '
	git -C "$STORE" fsck --strict 2>fsck.err &&
	test ! -s fsck.err &&
	for s in "$TEST_DIR/env-store" "$TEST_DIR/opt-store" "$TEST_DIR/xdg/crm"; do
		git -C "$s" fsck --strict || exit 1
	done
'

test_expect 'nothing in the store is readable by group or others' '
	test -f "$STORE/crm-index.sqlite" &&
	find "$STORE" -perm /077 >loose &&
	test_cmp /dev/null loose &&
	find "$STORE" -type d ! -perm 700 >dirs &&
	test_cmp /dev/null dirs
'

test_expect 'the other stores are private too' '
	find "$TEST_DIR/env-store" "$TEST_DIR/opt-store" "$TEST_DIR/xdg/crm" \
		"$TEST_DIR/quiet-store" "$TEST_DIR/org-store" -perm /077 >loose &&
	test_cmp /dev/null loose
'

test_expect 'the store is private even under a permissive umask' '
	(umask 000 && crm-add -C "$TEST_DIR/umask-store" contact --name U \
		>/dev/null 2>&1) &&
	find "$TEST_DIR/umask-store" -perm /077 >loose &&
	test_cmp /dev/null loose
'

test_expect '-h prints the usage on stdout and exits 0' '
	expect_status 0 crm-add -h &&
	head -1 out | grep -q "^usage: crm-add " &&
	test ! -s err &&
	expect_status 0 crm-add --help &&
	grep -q -- "--update" out
'

test_expect '--version names the program and version' '
	expect_status 0 crm-add --version &&
	grep -qx "crm-add (crm) [0-9][0-9.]*[0-9A-Za-z.~+-]*" out
'

done_testing
