#!/bin/sh
# crm-add --from: bulk imports of YAML streams and JSON Lines, from files
# and stdin; one commit, one pack, all or nothing; --upsert and --skip-bad.
. "${0%/*}/lib.sh"

rpath() {
	printf '%s/%.2s/%s.yaml\n' "$1" "$2" "$2"
}

show() {
	git -C "$STORE" show "HEAD:$(rpath "$1" "$2")"
}

# Loose objects of the store (objects/xx/...), not those in packs.
loose() {
	find "$STORE/objects" -type f -path "$STORE/objects/[0-9a-f][0-9a-f]/*" | wc -l
}

packs() {
	find "$STORE/objects/pack" -name '*.pack' 2>/dev/null | wc -l
}

CRM_NOW=2026-11-20T10:00:00Z
export CRM_NOW

test_expect 'setup: a store with one contact' '
	crm-add contact --name "Jane Doe" --email jane@acme.example >jane.id 2>/dev/null &&
	test "$(commits)" -eq 2
'

test_expect 'a YAML stream imports every document in one commit' '
	cat >people.yaml <<-\EOF &&
	name: Ann One
	email: [ann@one.example]
	tags: [lead]
	---
	name: Bob Two
	email: bob@two.example
	city: Paris
	---
	name: Cy Three
	phone: ["+44 20 7946 0000"]
	EOF
	before=$(commits) &&
	expect_status 0 crm-add contact --from people.yaml &&
	test "$(wc -l <out)" -eq 3 &&
	! grep -vx "[0-9a-f]\{16\}" out &&
	cp out people.ids &&
	echo "crm-add: imported 3 records from people.yaml" >expect &&
	test_cmp expect err &&
	test "$(commits)" -eq $((before + 1))
'

test_expect 'the imported records are stored in the fixed key order' '
	set -- $(cat people.ids) &&
	cat >expect <<-EOF &&
	id: $2
	name: Bob Two
	email: [bob@two.example]
	city: Paris
	created: 2026-11-20T10:00:00Z
	updated: 2026-11-20T10:00:00Z
	EOF
	show contacts "$2" >actual &&
	test_cmp expect actual &&
	show contacts "$1" | grep -qx "name: Ann One" &&
	show contacts "$3" | grep -qx "phone: \['"'"'+442079460000'"'"'\]"
'

test_expect 'a small import names each record in the commit message' '
	set -- $(cat people.ids) &&
	git -C "$STORE" log -1 --format=%s >msg &&
	printf "add contact %.8s, add contact %.8s, add contact %.8s\n" \
		"$1" "$2" "$3" >expect &&
	test_cmp expect msg &&
	! grep -i -e ann -e bob -e paris msg
'

test_expect 'JSON Lines import from a .jsonl file' '
	cat >more.jsonl <<-\EOF &&
	{"name":"Di Four","email":["di@four.example"],"tags":["a","b"]}
	{"name":"Ed Five","email":"ed@five.example","city":"Oslo"}
	EOF
	before=$(commits) &&
	expect_status 0 crm-add contact --from more.jsonl &&
	test "$(wc -l <out)" -eq 2 &&
	cp out more.ids &&
	echo "crm-add: imported 2 records from more.jsonl" >expect &&
	test_cmp expect err &&
	test "$(commits)" -eq $((before + 1)) &&
	set -- $(cat more.ids) &&
	show contacts "$1" >d.yaml &&
	grep -qx "email: \[di@four.example\]" d.yaml &&
	grep -qx "tags: \[a, b\]" d.yaml &&
	show contacts "$2" | grep -qx "email: \[ed@five.example\]"
'

test_expect '.ndjson and .json files are JSON Lines too' '
	echo "{\"name\":\"Nd One\"}" >a.ndjson &&
	expect_status 0 crm-add contact --from a.ndjson &&
	echo "crm-add: imported 1 record from a.ndjson" >expect &&
	test_cmp expect err &&
	echo "{\"name\":\"Js One\"}" >b.json &&
	expect_status 0 crm-add contact --from b.json &&
	echo "crm-add: imported 1 record from b.json" >expect &&
	test_cmp expect err
'

test_expect 'a file without a known extension is sniffed' '
	echo "{\"name\":\"Sniff Json\",\"email\":\"sj@x.example\"}" >sj.txt &&
	expect_status 0 crm-add contact --from sj.txt &&
	show contacts "$(cat out)" | grep -qx "email: \[sj@x.example\]" &&
	printf "name: Sniff Yaml\nemail: [sy@x.example]\n" >sy &&
	expect_status 0 crm-add contact --from sy &&
	show contacts "$(cat out)" | grep -qx "email: \[sy@x.example\]"
'

test_expect 'a YAML stream on stdin (--from -)' '
	before=$(commits) &&
	printf -- "---\nname: Std One\nemail: [s1@x.example]\n---\nname: Std Two\n...\n" |
		crm-add contact --from - >out 2>err &&
	test "$(wc -l <out)" -eq 2 &&
	echo "crm-add: imported 2 records from stdin" >expect &&
	test_cmp expect err &&
	test "$(commits)" -eq $((before + 1)) &&
	show contacts "$(head -1 out)" | grep -qx "name: Std One"
'

test_expect 'JSON Lines on stdin (--from -)' '
	before=$(commits) &&
	printf "{\"name\":\"Js A\",\"email\":\"ja@x.example\"}\n{\"name\":\"Js B\"}\n" |
		crm-add contact --from - >out 2>err &&
	test "$(wc -l <out)" -eq 2 &&
	echo "crm-add: imported 2 records from stdin" >expect &&
	test_cmp expect err &&
	test "$(commits)" -eq $((before + 1)) &&
	show contacts "$(sed -n 2p out)" | grep -qx "name: Js B"
'

test_expect 'CRLF line ends and a UTF-8 byte order mark are accepted' '
	printf "\357\273\277name: Bom Crlf\r\nemail: [bc@x.example]\r\n" >bc.yaml &&
	expect_status 0 crm-add contact --from bc.yaml &&
	show contacts "$(cat out)" >bc &&
	grep -qx "name: Bom Crlf" bc &&
	grep -qx "email: \[bc@x.example\]" bc &&
	printf "{\"name\":\"Crlf Json\"}\r\n{\"name\":\"Crlf Json 2\"}\r\n" >cj.jsonl &&
	expect_status 0 crm-add contact --from cj.jsonl &&
	test "$(wc -l <out)" -eq 2 &&
	show contacts "$(head -1 out)" | grep -qx "name: Crlf Json"
'

test_expect 'ids given in the input are kept' '
	printf "id: 00aa000000000001\nname: Fixed Id\n" >fixed.yaml &&
	expect_status 0 crm-add contact --from fixed.yaml &&
	echo 00aa000000000001 >expect &&
	test_cmp expect out &&
	show contacts 00aa000000000001 | grep -qx "name: Fixed Id"
'

test_expect 'importing a record whose id exists is refused' '
	before=$(commits) &&
	expect_status 65 crm-add contact --from fixed.yaml &&
	cat >expect <<-\EOF &&
	crm-add: fixed.yaml:1: contact 00aa000000000001 exists already; crm-add --update - replaces records
	crm-add: fixed.yaml: 1 bad record; nothing was written
	EOF
	test_cmp expect err &&
	test "$(commits)" -eq "$before"
'

test_expect 'orgs named by an import are created once each and linked' '
	cat >staff.jsonl <<-\EOF &&
	{"name":"Staff A","org":"Umbrella"}
	{"name":"Staff B","org":"umbrella"}
	{"name":"Staff C","org":"Wayne"}
	EOF
	before=$(commits) &&
	expect_status 0 crm-add contact --from staff.jsonl &&
	test "$(wc -l <out)" -eq 3 &&
	test "$(commits)" -eq $((before + 1)) &&
	set -- $(cat out) &&
	a=$(show contacts "$1" | sed -n "s/^org: //p") &&
	b=$(show contacts "$2" | sed -n "s/^org: //p") &&
	c=$(show contacts "$3" | sed -n "s/^org: //p") &&
	test -n "$a" && test "$a" = "$b" && test "$a" != "$c" &&
	show orgs "$a" | grep -qx "name: Umbrella" &&
	show orgs "$c" | grep -qx "name: Wayne" &&
	grep -qx "crm-add: imported 3 records from staff.jsonl" err
'

test_expect 'an import links an existing org by name, any case' '
	a=$(crm-add org --name Stark 2>/dev/null) &&
	echo "{\"name\":\"Tony\",\"org\":\"STARK\"}" >t.jsonl &&
	n=$(git -C "$STORE" ls-tree -r --name-only HEAD orgs | wc -l) &&
	expect_status 0 crm-add contact --from t.jsonl &&
	show contacts "$(cat out)" | grep -qx "org: $a" &&
	test ! -s err -o "$(cat err)" = "crm-add: imported 1 record from t.jsonl" &&
	test "$(git -C "$STORE" ls-tree -r --name-only HEAD orgs | wc -l)" -eq "$n"
'

test_expect 'orgs and deals import too' '
	printf "{\"name\":\"Org One\",\"domain\":\"one.example\"}\n{\"name\":\"Org Two\"}\n" >o.jsonl &&
	expect_status 0 crm-add org --from o.jsonl &&
	show orgs "$(head -1 out)" | grep -qx "domain: one.example" &&
	printf "{\"title\":\"Deal One\",\"contact\":\"jane@acme.example\",\"amount\":\"100\",\"stage\":\"won\"}\n" >d.jsonl &&
	expect_status 0 crm-add deal --from d.jsonl &&
	show deals "$(cat out)" >deal &&
	grep -qx "contact: $(cat jane.id)" deal &&
	grep -qx "amount: 100.00" deal &&
	grep -qx "currency: EUR" deal &&
	grep -qx "probability: 100" deal
'

test_expect 'an empty input imports nothing and makes no commit' '
	before=$(commits) &&
	: >empty.yaml &&
	expect_status 0 crm-add contact --from empty.yaml &&
	test ! -s out &&
	echo "crm-add: imported 0 records from empty.yaml" >expect &&
	test_cmp expect err &&
	test "$(commits)" -eq "$before"
'

test_expect 'a bulk import is one commit and one pack, no loose objects' '
	i=0 &&
	while [ $i -lt 300 ]; do
		i=$((i + 1))
		printf "{\"name\":\"Bulk %d\",\"email\":\"bulk%d@x.example\",\"org\":\"Bulk Org %d\",\"tags\":[\"bulk\"]}\n" \
			$i $i $((i % 7))
	done >bulk.jsonl &&
	before=$(commits) && l0=$(loose) && p0=$(packs) &&
	expect_status 0 crm-add contact --from bulk.jsonl &&
	test "$(wc -l <out)" -eq 300 &&
	test "$(sort -u out | wc -l)" -eq 300 &&
	test "$(commits)" -eq $((before + 1)) &&
	test "$(loose)" -eq "$l0" &&
	test "$(packs)" -eq $((p0 + 1)) &&
	git -C "$STORE" log -1 --format=%s >msg &&
	echo "import 300 contacts, add 7 orgs" >expect &&
	test_cmp expect msg &&
	grep -qx "crm-add: imported 300 records from bulk.jsonl" err
'

test_expect 'the bulk records are all in HEAD and the store is sound' '
	git -C "$STORE" ls-tree -r --name-only HEAD contacts >files &&
	for id in $(cat out); do
		grep -qx "$(rpath contacts "$id")" files || { echo "# missing $id"; exit 1; }
	done &&
	git -C "$STORE" fsck --strict &&
	find "$STORE" -perm /077 >perm &&
	test_cmp /dev/null perm
'

test_expect 'imported emails are known at once: the next add refuses them' '
	expect_status 65 crm-add contact --name Dup --email bulk150@x.example &&
	grep -q "bulk150@x.example is already the email of contact" err
'

test_expect '--upsert merges records whose email is known, adds the others' '
	cat >up.yaml <<-\EOF &&
	name: Jane D. Doe
	email: [JANE@acme.example]
	city: Lyon
	tags: [imported]
	---
	name: Fresh Face
	email: [fresh@x.example]
	EOF
	before=$(commits) &&
	CRM_NOW=2026-11-21T08:00:00Z expect_status 0 crm-add contact --from up.yaml --upsert &&
	test "$(wc -l <out)" -eq 2 &&
	head -1 out >first &&
	test_cmp jane.id first &&
	echo "crm-add: imported 2 records from up.yaml" >expect &&
	test_cmp expect err &&
	test "$(commits)" -eq $((before + 1)) &&
	show contacts "$(cat jane.id)" >j &&
	grep -qx "name: Jane D. Doe" j &&
	grep -qx "email: \[jane@acme.example\]" j &&
	grep -qx "city: Lyon" j &&
	grep -qx "tags: \[imported\]" j &&
	grep -qx "created: 2026-11-20T10:00:00Z" j &&
	grep -qx "updated: 2026-11-21T08:00:00Z" j &&
	show contacts "$(sed -n 2p out)" | grep -qx "name: Fresh Face"
'

test_expect '--upsert adds list values to the existing ones' '
	printf "{\"name\":\"Jane D. Doe\",\"email\":[\"jane@acme.example\",\"jane@home.example\"],\"tags\":[\"vip\"]}\n" |
		crm-add contact --from - --upsert >out 2>err &&
	test_cmp jane.id out &&
	show contacts "$(cat jane.id)" >j &&
	grep -qx "email: \[jane@acme.example, jane@home.example\]" j &&
	grep -qx "tags: \[imported, vip\]" j
'

test_expect '--upsert with nothing new makes no commit' '
	before=$(commits) &&
	printf "{\"name\":\"Jane D. Doe\",\"email\":[\"jane@acme.example\"]}\n" |
		crm-add contact --from - --upsert >out 2>err &&
	test "$(commits)" -eq "$before"
'

test_expect '--upsert adds a list field given as one value (email: x) to the list' '
	show contacts "$(cat jane.id)" >before.yaml &&
	grep -qx "email: \[jane@acme.example, jane@home.example\]" before.yaml &&
	printf "name: Jane D. Doe\nemail: jane@acme.example\ntags: scalar\n" |
		crm-add contact --from - --upsert >out 2>err &&
	test_cmp jane.id out &&
	show contacts "$(cat jane.id)" >j &&
	sed "s/^/# stored: /" j &&
	grep -qx "email: \[jane@acme.example, jane@home.example\]" j &&
	grep -qx "tags: \[imported, vip, scalar\]" j
'

test_expect 'a record that is bad writes nothing; the message lists each bad one' '
	cat >mixed.jsonl <<-\EOF &&
	{"name":"Good One","email":"g1@x.example"}
	{"email":"noname@x.example"}
	{"name":"Good Two"}
	{"name":"Bad Mail","email":"not-an-email"}
	EOF
	before=$(commits) &&
	expect_status 65 crm-add contact --from mixed.jsonl &&
	test ! -s out &&
	cat >expect <<-\EOF &&
	crm-add: mixed.jsonl:2: field '"'"'name'"'"' is missing
	crm-add: mixed.jsonl:4: field '"'"'email'"'"': '"'"'not-an-email'"'"' is not an email address
	crm-add: mixed.jsonl: 2 bad records; nothing was written
	EOF
	test_cmp expect err &&
	test "$(commits)" -eq "$before" &&
	expect_status 67 crm-add --update g1@x.example --set x=1
'

test_expect '--skip-bad imports the good records and lists the bad ones' '
	before=$(commits) &&
	expect_status 0 crm-add contact --from mixed.jsonl --skip-bad &&
	test "$(wc -l <out)" -eq 2 &&
	grep -qx "crm-add: mixed.jsonl:2: field '"'"'name'"'"' is missing" err &&
	grep -qx "crm-add: mixed.jsonl:4: field '"'"'email'"'"': '"'"'not-an-email'"'"' is not an email address" err &&
	grep -qx "crm-add: imported 2 records from mixed.jsonl" err &&
	test "$(commits)" -eq $((before + 1)) &&
	show contacts "$(head -1 out)" | grep -qx "name: Good One" &&
	show contacts "$(sed -n 2p out)" | grep -qx "name: Good Two"
'

test_expect '--skip-bad with a syntax error keeps the records before it' '
	printf "{\"name\":\"Sk One\"}\n{\"name\": \n" >syn.jsonl &&
	expect_status 0 crm-add contact --from syn.jsonl --skip-bad &&
	test "$(wc -l <out)" -eq 1 &&
	grep -q "^crm-add: syn.jsonl:2:" err &&
	grep -qx "crm-add: imported 1 record from syn.jsonl" err
'

test_expect 'an email twice in one import is a bad record' '
	cat >twice.yaml <<-\EOF &&
	name: Twin One
	email: [twin@x.example]
	---
	name: Twin Two
	email: [TWIN@x.example]
	EOF
	before=$(commits) &&
	expect_status 65 crm-add contact --from twice.yaml &&
	cat >expect <<-\EOF &&
	crm-add: twice.yaml:4: field '"'"'email'"'"': TWIN@x.example appears twice in this import
	crm-add: twice.yaml: 1 bad record; nothing was written
	EOF
	test_cmp expect err &&
	test "$(commits)" -eq "$before"
'

test_expect '--from with field options is a usage error' '
	before=$(commits) &&
	expect_status 64 crm-add contact --from people.yaml --city X &&
	head -1 err >first &&
	echo "crm-add: --from imports records as they are; field options do not apply" >expect &&
	test_cmp expect first &&
	test "$(commits)" -eq "$before"
'

test_expect '-q imports silently' '
	before=$(commits) &&
	echo "{\"name\":\"Quiet Import\"}" >q.jsonl &&
	expect_status 0 crm-add -q contact --from q.jsonl &&
	test ! -s out && test ! -s err &&
	test "$(commits)" -eq $((before + 1))
'

test_expect 'git log shows exactly one commit per import command' '
	git -C "$STORE" log --format=%s >log &&
	test "$(wc -l <log)" -eq "$(commits)" &&
	test "$(grep -c "^init store$" log)" -eq 1
'

# Real data: the customers of a UK online retailer in December 2010
# (UCI "Online Retail", see ../shared/data/README.md), one contact each.
RETAIL=$SHARED_DATA/retail/online_retail_2010-12.csv.xz

retail_customers() {
	xz -dc "$RETAIL" |
	awk -F, 'NR > 1 && $(NF-1) != "" {
		id = $(NF-1); sub(/\.0$/, "", id)
		if (!(id in seen)) {
			seen[id] = 1
			printf "{\"name\":\"Customer %s\",\"email\":\"c%s@retail.example\",\"country\":\"%s\",\"customer_id\":\"%s\"}\n", id, id, $NF, id
		}
	}'
}

test_expect 'real data: the December 2010 retail customers import in one commit' '
	if [ ! -f "$RETAIL" ] || ! command -v xz >/dev/null; then
		echo "# no retail data or xz: skipped"; exit 0
	fi
	retail_customers >retail.jsonl &&
	n=$(wc -l <retail.jsonl) &&
	test "$n" -gt 900 &&
	before=$(commits) &&
	CRM_DIR=$TEST_DIR/retail crm-add contact --from retail.jsonl >ids 2>err &&
	test "$(wc -l <ids)" -eq "$n" &&
	echo "crm-add: created the store at $TEST_DIR/retail" >expect &&
	echo "crm-add: imported $n records from retail.jsonl" >>expect &&
	test_cmp expect err &&
	test "$(commits "$TEST_DIR/retail")" -eq 2 &&
	git -C "$TEST_DIR/retail" log -1 --format=%s >msg &&
	echo "import $n contacts" >expect &&
	test_cmp expect msg &&
	test "$(git -C "$TEST_DIR/retail" ls-tree -r --name-only HEAD contacts | wc -l)" -eq "$n"
'

test_expect 'real data: per-country counts match the source' '
	[ -f retail.jsonl ] || { echo "# skipped"; exit 0; }
	sed -n "s/.*\"country\":\"\([^\"]*\)\".*/\1/p" retail.jsonl | sort | uniq -c >expect &&
	git -C "$TEST_DIR/retail" grep -h "^country: " HEAD -- contacts |
		sed "s/^country: //; s/^'"'"'\(.*\)'"'"'$/\1/" | sort | uniq -c >actual &&
	test_cmp expect actual
'

test_expect 'real data: ids given as JSON strings stay strings in the YAML' '
	[ -f retail.jsonl ] || { echo "# skipped"; exit 0; }
	git -C "$TEST_DIR/retail" grep -l "^email: \[c17850@retail.example\]$" HEAD -- contacts >f &&
	test "$(wc -l <f)" -eq 1 &&
	git -C "$TEST_DIR/retail" show "$(cat f)" >c17850 &&
	grep -qx "name: Customer 17850" c17850 &&
	grep -qx "country: United Kingdom" c17850 &&
	grep -qx "customer_id: '"'"'17850'"'"'" c17850
'

test_expect 'real data: importing again with --upsert changes nothing' '
	[ -f retail.jsonl ] || { echo "# skipped"; exit 0; }
	CRM_DIR=$TEST_DIR/retail crm-add contact --from retail.jsonl --upsert >ids2 2>err &&
	test "$(commits "$TEST_DIR/retail")" -eq 2 &&
	test ! -s ids2 &&
	echo "crm-add: imported 0 records from retail.jsonl" >expect &&
	test_cmp expect err
'

test_expect 'real data: importing again without --upsert refuses every row' '
	[ -f retail.jsonl ] || { echo "# skipped"; exit 0; }
	n=$(wc -l <retail.jsonl) &&
	CRM_DIR=$TEST_DIR/retail crm-add contact --from retail.jsonl >ids3 2>err
	rc=$? &&
	test "$rc" -eq 65 &&
	test "$(grep -c "is already the email of contact" err)" -eq "$n" &&
	test "$(tail -1 err)" = "crm-add: retail.jsonl: $n bad records; nothing was written" &&
	test "$(commits "$TEST_DIR/retail")" -eq 2 &&
	git -C "$TEST_DIR/retail" fsck --strict &&
	find "$TEST_DIR/retail" -perm /077 >loose &&
	test_cmp /dev/null loose
'

done_testing
