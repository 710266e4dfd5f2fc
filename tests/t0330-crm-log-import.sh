#!/bin/sh
# crm-log --from FILE|-: bulk imports of interactions from CSV, JSON Lines
# and YAML streams: each row to the journal of its
# day, one commit, one pack; all or nothing with every bad row named as
# FILE:LINE, or --skip-bad; a 10,000-row file with one bad row in the middle
# writes nothing; money stays exact; the derived fields follow.
. "${0%/*}/lib.sh"

CRM_NOW=2026-11-20T10:00:00Z
export CRM_NOW
DATA=$TEST_SRC/data/log

show() {
	git -C "$STORE" show "HEAD:$1"
}

msg() {
	git -C "$STORE" log -1 --format=%s
}

# Loose objects of the store (objects/xx/...), not those in packs.
loose() {
	find "$STORE/objects" -type f -path "$STORE/objects/[0-9a-f][0-9a-f]/*" | wc -l
}

packs() {
	find "$STORE/objects/pack" -name '*.pack' 2>/dev/null | wc -l
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

# $1 rows of JSON Lines for contact $2: purchases of 0.01, over 28 days of
# month $4 (default 10) of 2026; row $3 (if not 0) has an impossible date.
rows() {
	awk -v n="$1" -v who="$2" -v bad="${3:-0}" -v m="${4:-10}" 'BEGIN {
		for (i = 1; i <= n; i++) {
			if (i == bad)
				printf "{\"contact\":\"%s\",\"at\":\"2026-02-30\",\"type\":\"purchase\",\"summary\":\"bad row\",\"amount\":\"0.01\"}\n", who
			else
				printf "{\"contact\":\"%s\",\"at\":\"2026-%02d-%02dT%02d:%02d:00Z\",\"type\":\"purchase\",\"summary\":\"row %d\",\"amount\":\"0.01\"}\n", who, m, 1 + i % 28, i % 24, i % 60, i
		}
	}'
}

# Interactions need contacts: crm-log never creates a store.
test_expect 'importing without a store is 66 and creates none' '
	printf "{\"contact\":\"ann@x.example\",\"at\":\"2026-11-02\",\"type\":\"call\"}\n" >nostore.jsonl &&
	echo "crm-log: no store at $STORE (crm init creates one)" >expect &&
	expect_status 66 crm-log --from nostore.jsonl &&
	test ! -s out &&
	test_cmp expect err &&
	expect_status 66 crm-log --from - <nostore.jsonl &&
	test ! -s out &&
	test_cmp expect err &&
	test ! -e "$STORE" &&
	test ! -e "$HOME/.local"
'

test_expect 'setup: a store with three contacts' '
	crm-add contact --name "Ann Lee" --email ann@x.example >ann.id 2>/dev/null &&
	crm-add contact --name "Bob Roe" --email bob@x.example >bob.id &&
	crm-add contact --name "Pat Sum" --email pat@x.example >pat.id &&
	test "$(commits)" -eq 4
'

test_expect 'JSON Lines: one commit, the ids in input order, a note on stderr' '
	cat >first.jsonl <<-EOF &&
	{"contact":"ann@x.example","at":"2026-11-02T23:30:00-02:00","type":"call","summary":"late call"}
	{"contact":"$(cat bob.id)","at":"2026-11-01","type":"purchase","summary":"by id","amount":"12.5"}
	{"contact":"ANN@X.EXAMPLE","at":"2026-11-03T09:00:00Z","type":"purchase","summary":"in dollars","amount":"3","currency":"USD"}
	EOF
	before=$(commits) &&
	expect_status 0 crm-log --from first.jsonl &&
	test "$(wc -l <out)" -eq 3 &&
	! grep -vx "[0-9a-f]\{16\}" out &&
	cp out first.ids &&
	echo "crm-log: imported 3 interactions from first.jsonl" >expect &&
	test_cmp expect err &&
	test "$(commits)" -eq $((before + 1)) &&
	echo "import 3 interactions" >expect &&
	msg >actual &&
	test_cmp expect actual
'

test_expect 'each row is in the journal of its UTC day, exactly' '
	set -- $(cat first.ids) &&
	cat >expect <<-EOF &&
	--- {id: $(yid "$1"), at: 2026-11-03T01:30:00Z, contact: $(yid "$(cat ann.id)"), type: call, summary: late call}
	--- {id: $(yid "$3"), at: 2026-11-03T09:00:00Z, contact: $(yid "$(cat ann.id)"), type: purchase, summary: in dollars, amount: 3.00, currency: USD}
	EOF
	show log/2026/11/03.yaml >actual &&
	test_cmp expect actual &&
	cat >expect <<-EOF &&
	--- {id: $(yid "$2"), at: 2026-11-01, contact: $(yid "$(cat bob.id)"), type: purchase, summary: by id, amount: 12.50, currency: EUR}
	EOF
	show log/2026/11/01.yaml >actual &&
	test_cmp expect actual &&
	git -C "$STORE" show --name-only --format= HEAD | sort >files &&
	printf "log/2026/11/01.yaml\nlog/2026/11/03.yaml\n" >expect &&
	test_cmp expect files
'

test_expect 'the imported interactions are in the timelines and the derived fields' '
	expect_status 0 crm-log ann@x.example -o id &&
	set -- $(cat first.ids) &&
	printf "%s\n%s\n" "$3" "$1" >expect &&
	test_cmp expect out &&
	crm-find -o name,revenue,orders --sort name >actual &&
	printf "Ann Lee\t0.00\t1\nBob Roe\t12.50\t1\nPat Sum\t0.00\t0\n" >expect &&
	test_cmp expect actual
'

test_expect 'a YAML stream imports every document, comments and flow style too' '
	before=$(commits) &&
	expect_status 0 crm-log --from "$DATA/interactions.yaml" &&
	test "$(wc -l <out)" -eq 4 &&
	cp out yaml.ids &&
	echo "crm-log: imported 4 interactions from $DATA/interactions.yaml" >expect &&
	test_cmp expect err &&
	test "$(commits)" -eq $((before + 1)) &&
	set -- $(cat yaml.ids) &&
	cat >expect <<-EOF &&
	--- {id: $(yid "$1"), at: 2026-09-01T08:00:00Z, contact: $(yid "$(cat ann.id)"), type: call, summary: Intro call, channel: phone, direction: out}
	EOF
	show log/2026/09/01.yaml >actual &&
	test_cmp expect actual &&
	cat >expect <<-EOF &&
	--- {id: $(yid "$2"), at: 2026-09-02, contact: $(yid "$(cat ann.id)"), type: purchase, summary: '"'"'Order: 7'"'"', amount: 0.10, currency: EUR}
	--- {id: $(yid "$3"), at: 2026-09-02T23:59:59Z, contact: $(yid "$(cat bob.id)"), type: purchase, summary: flow style, amount: 0.20, currency: EUR}
	EOF
	show log/2026/09/02.yaml >actual &&
	test_cmp expect actual &&
	cat >expect <<-EOF &&
	--- {id: $(yid "$4"), at: 2026-09-03, contact: $(yid "$(cat bob.id)"), type: task, summary: Follow up, due: 2026-09-10, body: "two lines\\nof body\\n"}
	EOF
	show log/2026/09/03.yaml >actual &&
	test_cmp expect actual
'

test_expect 'the documents of one day keep the order of the input' '
	set -- $(cat yaml.ids) &&
	show log/2026/09/02.yaml | sed -n "s/^--- {id: '"'"'\{0,1\}\([0-9a-f]\{16\}\)'"'"'\{0,1\}, .*/\1/p" >actual &&
	printf "%s\n%s\n" "$2" "$3" >expect &&
	test_cmp expect actual
'

test_expect 'stdin (-) imports too, and is named stdin' '
	printf "{\"contact\":\"pat@x.example\",\"at\":\"2026-11-04\",\"type\":\"note\",\"summary\":\"from stdin\"}\n" >one.jsonl &&
	expect_status 0 crm-log --from - <one.jsonl &&
	test "$(wc -l <out)" -eq 1 &&
	echo "crm-log: imported 1 interaction from stdin" >expect &&
	test_cmp expect err &&
	echo "import 1 interaction" >expect &&
	msg >actual &&
	test_cmp expect actual
'

test_expect 'a bulk import is one pack, no loose objects' '
	rows 500 pat@x.example 0 12 >pack.jsonl &&
	l0=$(loose) && p0=$(packs) &&
	expect_status 0 crm-log --from pack.jsonl &&
	test "$(wc -l <out)" -eq 500 &&
	test "$(loose)" -eq "$l0" &&
	test "$(packs)" -eq $((p0 + 1))
'

test_expect 'imported 0.10 + 0.20 make revenue 0.30, a refund subtracts' '
	crm-add contact --name "Rev Cent" --email rev@x.example >rev.id &&
	cat >cents.jsonl <<-\EOF &&
	{"contact":"rev@x.example","at":"2026-11-05T09:00:00Z","type":"purchase","amount":"0.10"}
	{"contact":"rev@x.example","at":"2026-11-05T10:00:00Z","type":"purchase","amount":"0.20"}
	EOF
	expect_status 0 crm-log --from cents.jsonl &&
	crm-find "email = rev@x.example" -o revenue,orders >actual &&
	printf "0.30\t2\n" >expect &&
	test_cmp expect actual &&
	expect_status 0 crm-find "revenue = 0.30" -o email &&
	echo rev@x.example >expect &&
	test_cmp expect out &&
	echo "{\"contact\":\"rev@x.example\",\"at\":\"2026-11-06\",\"type\":\"refund\",\"amount\":\"0.30\"}" |
		crm-log --from - >/dev/null 2>&1 &&
	crm-find "email = rev@x.example" -o revenue,orders >actual &&
	printf "0.00\t2\n" >expect &&
	test_cmp expect actual
'

test_expect 'importing into a day that has a journal appends after what it held' '
	show log/2026/11/03.yaml >held.yaml &&
	echo "{\"contact\":\"bob@x.example\",\"at\":\"2026-11-03T20:00:00Z\",\"type\":\"email\",\"summary\":\"appended\"}" >app.jsonl &&
	expect_status 0 crm-log --from app.jsonl &&
	show log/2026/11/03.yaml >now.yaml &&
	n=$(wc -c <held.yaml) &&
	head -c "$n" now.yaml >prefix &&
	test_cmp held.yaml prefix &&
	tail -n +$(($(wc -l <held.yaml) + 1)) now.yaml >tail.yaml &&
	echo "--- {id: $(yid "$(cat out)"), at: 2026-11-03T20:00:00Z, contact: $(yid "$(cat bob.id)"), type: email, summary: appended}" >expect &&
	test_cmp expect tail.yaml
'

test_expect 'every bad row is named by line, then nothing is written (65)' '
	cp "$DATA/bad.jsonl" bad.jsonl &&
	before=$(commits) && l0=$(loose) && p0=$(packs) &&
	expect_status 65 crm-log --from bad.jsonl &&
	test ! -s out &&
	sed "s/^\(crm-log: bad.jsonl:[0-9]*\):.*/\1/" err >where &&
	cat >expect <<-\EOF &&
	crm-log: bad.jsonl:2
	crm-log: bad.jsonl:3
	crm-log: bad.jsonl:4
	crm-log: bad.jsonl:5
	crm-log: bad.jsonl:6
	crm-log: bad.jsonl:7
	crm-log: bad.jsonl:9
	crm-log: bad.jsonl:10
	crm-log: bad.jsonl:11
	crm-log: bad.jsonl: 9 bad records; nothing was written
	EOF
	test_cmp expect where &&
	test "$(commits)" -eq "$before" &&
	test "$(loose)" -eq "$l0" &&
	test "$(packs)" -eq "$p0" &&
	! git -C "$STORE" ls-tree -r --name-only HEAD | grep -q "log/2026/10/0[123].yaml"
'

test_expect 'each bad row'"'"'s message names its field' '
	grep "^crm-log: bad.jsonl:2: " err | grep -q "contact" &&
	grep "^crm-log: bad.jsonl:2: " err | grep -q "nobody@x.example" &&
	grep "^crm-log: bad.jsonl:3: " err | grep -q "type" &&
	grep "^crm-log: bad.jsonl:4: " err | grep -q "at" &&
	grep "^crm-log: bad.jsonl:6: " err | grep -q "amount" &&
	grep "^crm-log: bad.jsonl:7: " err | grep -q "contact" &&
	grep "^crm-log: bad.jsonl:9: " err | grep -q "id" &&
	grep "^crm-log: bad.jsonl:10: " err | grep -q "currency" &&
	grep "^crm-log: bad.jsonl:11: " err | grep -q "amount"
'

test_expect '--skip-bad writes the good rows and names the bad ones' '
	before=$(commits) &&
	expect_status 0 crm-log --from bad.jsonl --skip-bad &&
	test "$(wc -l <out)" -eq 2 &&
	cp out skip.ids &&
	test "$(grep -c "^crm-log: bad.jsonl:[0-9]*: " err)" -eq 9 &&
	tail -1 err >last &&
	echo "crm-log: imported 2 interactions from bad.jsonl" >expect &&
	test_cmp expect last &&
	test "$(commits)" -eq $((before + 1)) &&
	echo "import 2 interactions" >expect &&
	msg >actual &&
	test_cmp expect actual &&
	set -- $(cat skip.ids) &&
	echo "--- {id: $(yid "$1"), at: 2026-10-01T09:00:00Z, contact: $(yid "$(cat ann.id)"), type: purchase, summary: good one, amount: 1.00, currency: EUR}" >expect &&
	show log/2026/10/01.yaml >actual &&
	test_cmp expect actual &&
	echo "--- {id: $(yid "$2"), at: 2026-10-03T10:00:00Z, contact: $(yid "$(cat bob.id)"), type: email, summary: good two}" >expect &&
	show log/2026/10/03.yaml >actual &&
	test_cmp expect actual &&
	! git -C "$STORE" ls-tree -r --name-only HEAD | grep -q "log/2026/10/02.yaml" &&
	! git -C "$STORE" ls-tree -r --name-only HEAD | grep -q passwd
'

test_expect '10,000 rows with one bad row in the middle: nothing written, the row named' '
	rows 10000 ann@x.example 5000 >big.jsonl &&
	test "$(wc -l <big.jsonl)" -eq 10000 &&
	before=$(commits) && l0=$(loose) && p0=$(packs) &&
	expect_status 65 crm-log --from big.jsonl &&
	test ! -s out &&
	test "$(wc -l <err)" -eq 2 &&
	head -1 err | grep -q "^crm-log: big.jsonl:5000: .*at" &&
	head -1 err | grep -q "2026-02-30" &&
	tail -1 err >last &&
	echo "crm-log: big.jsonl: 1 bad record; nothing was written" >expect &&
	test_cmp expect last &&
	test "$(commits)" -eq "$before" &&
	test "$(loose)" -eq "$l0" &&
	test "$(packs)" -eq "$p0" &&
	! git -C "$STORE" ls-tree -r --name-only HEAD | grep -q "log/2026/10/1" &&
	! git -C "$STORE" ls-tree -r --name-only HEAD | grep -q "log/2026/10/2"
'

test_expect 'the same 10,000 rows fixed import in one commit, one pack' '
	sed "5000s/2026-02-30/2026-10-30/" big.jsonl >fixed.jsonl &&
	crm-find "email = ann@x.example" -o revenue,orders >before.stats &&
	printf "1.10\t3\n" >expect &&
	test_cmp expect before.stats &&
	before=$(commits) && l0=$(loose) && p0=$(packs) &&
	expect_status 0 crm-log --from fixed.jsonl &&
	test "$(wc -l <out)" -eq 10000 &&
	test "$(sort -u out | wc -l)" -eq 10000 &&
	echo "crm-log: imported 10000 interactions from fixed.jsonl" >expect &&
	test_cmp expect err &&
	test "$(commits)" -eq $((before + 1)) &&
	echo "import 10000 interactions" >expect &&
	msg >actual &&
	test_cmp expect actual &&
	test "$(loose)" -eq "$l0" &&
	test "$(packs)" -eq $((p0 + 1)) &&
	crm-find "email = ann@x.example" -o revenue,orders >actual &&
	printf "101.10\t10003\n" >expect &&
	test_cmp expect actual &&
	test "$(git -C "$STORE" ls-tree -r --name-only HEAD log/2026/10 | wc -l)" -eq 29 &&
	cp out fixed.ids
'

test_expect 'every imported row is in a journal, once' '
	for d in $(git -C "$STORE" ls-tree -r --name-only HEAD log/2026/10); do
		show "$d"
	done >oct.yaml &&
	! grep -v "^--- {.*}$" oct.yaml &&
	sed -n "s/^--- {id: '"'"'\{0,1\}\([0-9a-f]\{16\}\)'"'"'\{0,1\}, .*/\1/p" oct.yaml | sort >in_journals &&
	test "$(wc -l <in_journals)" -eq "$(wc -l <oct.yaml)" &&
	sort fixed.ids skip.ids >imported &&
	comm -23 imported in_journals >missing &&
	test_cmp /dev/null missing &&
	test "$(sort in_journals | uniq -d | wc -l)" -eq 0
'

test_expect 'ids given in the file are kept; importing them again is refused (65)' '
	cp "$DATA/lookalikes.jsonl" ids.jsonl &&
	expect_status 0 crm-log --from ids.jsonl &&
	cat >expect <<-\EOF &&
	1234567890123456
	12345e1234567890
	0000000000000777
	7777777777777777
	EOF
	test_cmp expect out &&
	cat >expect <<-EOF &&
	--- {id: '"'"'1234567890123456'"'"', at: 2026-08-07, contact: $(yid "$(cat ann.id)"), type: note, summary: '"'"'1.10'"'"'}
	--- {id: '"'"'12345e1234567890'"'"', at: 2026-08-07, contact: $(yid "$(cat ann.id)"), type: note, summary: '"'"'0123'"'"'}
	--- {id: '"'"'0000000000000777'"'"', at: 2026-08-07, contact: $(yid "$(cat ann.id)"), type: note, summary: '"'"'on'"'"'}
	--- {id: '"'"'7777777777777777'"'"', at: 2026-08-07, contact: $(yid "$(cat ann.id)"), type: note, summary: '"'"'2026-01-01'"'"'}
	EOF
	show log/2026/08/07.yaml >actual &&
	test_cmp expect actual &&
	before=$(commits) &&
	expect_status 65 crm-log --from ids.jsonl &&
	test "$(grep -c "^crm-log: ids.jsonl:[1-4]: " err)" -eq 4 &&
	grep "^crm-log: ids.jsonl:1: " err | grep -q 1234567890123456 &&
	test "$(commits)" -eq "$before"
'

if have_pyyaml; then
	test_expect 'ids and summaries that look like numbers or dates read back as strings' '
		show log/2026/08/07.yaml >j.yaml &&
		python3 - j.yaml <<-\EOF
		import sys, yaml
		got = [(d["id"], d["summary"]) for d in yaml.safe_load_all(open(sys.argv[1]))]
		want = [("1234567890123456", "1.10"), ("12345e1234567890", "0123"),
		        ("0000000000000777", "on"), ("7777777777777777", "2026-01-01")]
		assert got == want, got
		EOF
	'
else
	test_skip 'ids and summaries that look like numbers read back as strings' 'no PyYAML'
fi

test_expect 'a duplicate id inside one file is a bad row' '
	before=$(commits) &&
	cat >dup.jsonl <<-\EOF &&
	{"id":"abcdef0123456789","contact":"pat@x.example","at":"2026-11-07","type":"note"}
	{"id":"abcdef0123456789","contact":"pat@x.example","at":"2026-11-08","type":"note"}
	EOF
	expect_status 65 crm-log --from dup.jsonl &&
	grep -q "^crm-log: dup.jsonl:2: " err &&
	! grep -q "^crm-log: dup.jsonl:1: " err &&
	test "$(commits)" -eq "$before"
'

# Money is exact: a JSON number must not pass through a double.  One with
# more significant digits than a double holds is refused (65), the message
# naming the field and asking for a string; as a string it is read exactly.
test_expect 'a JSON number amount a double cannot hold is refused (65), never rounded' '
	echo "{\"contact\":\"pat@x.example\",\"at\":\"2026-11-09\",\"type\":\"purchase\",\"amount\":123456789012345.67}" >big-amount.jsonl &&
	before=$(commits) &&
	expect_status 65 crm-log --from big-amount.jsonl &&
	test ! -s out &&
	cat >expect <<-\EOF &&
	crm-log: big-amount.jsonl:1: field '"'"'amount'"'"': a number with more digits than JSON keeps exactly; give it as a string
	crm-log: big-amount.jsonl: 1 bad record; nothing was written
	EOF
	test_cmp expect err &&
	test "$(commits)" -eq "$before" &&
	! git -C "$STORE" ls-tree -r --name-only HEAD | grep -q "log/2026/11/09.yaml" &&
	echo "{\"contact\":\"pat@x.example\",\"at\":\"2026-11-09\",\"type\":\"purchase\",\"amount\":\"123456789012345.67\"}" >big-string.jsonl &&
	expect_status 0 crm-log --from big-string.jsonl &&
	echo "--- {id: $(yid "$(cat out)"), at: 2026-11-09, contact: $(yid "$(cat pat.id)"), type: purchase, amount: 123456789012345.67, currency: EUR}" >expect &&
	show log/2026/11/09.yaml >actual &&
	test_cmp expect actual
'

test_expect 'JSON number amounts that fit a double exactly enough are read' '
	cat >fit.jsonl <<-\EOF &&
	{"contact":"pat@x.example","at":"2026-11-10","type":"purchase","amount":19.99}
	{"contact":"pat@x.example","at":"2026-11-10","type":"purchase","amount":9999999999999.99}
	{"contact":"pat@x.example","at":"2026-11-10","type":"refund","amount":0.1}
	{"contact":"pat@x.example","at":"2026-11-10","type":"purchase","amount":7}
	EOF
	expect_status 0 crm-log --from fit.jsonl &&
	set -- $(cat out) &&
	cat >expect <<-EOF &&
	--- {id: $(yid "$1"), at: 2026-11-10, contact: $(yid "$(cat pat.id)"), type: purchase, amount: 19.99, currency: EUR}
	--- {id: $(yid "$2"), at: 2026-11-10, contact: $(yid "$(cat pat.id)"), type: purchase, amount: 9999999999999.99, currency: EUR}
	--- {id: $(yid "$3"), at: 2026-11-10, contact: $(yid "$(cat pat.id)"), type: refund, amount: 0.10, currency: EUR}
	--- {id: $(yid "$4"), at: 2026-11-10, contact: $(yid "$(cat pat.id)"), type: purchase, amount: 7.00, currency: EUR}
	EOF
	show log/2026/11/10.yaml >actual &&
	test_cmp expect actual
'

test_expect 'an empty file imports nothing and makes no commit' '
	: >empty.jsonl &&
	before=$(commits) &&
	expect_status 0 crm-log --from empty.jsonl &&
	test ! -s out &&
	test "$(commits)" -eq "$before"
'

test_expect 'a missing file is 66, nothing written' '
	before=$(commits) &&
	expect_status 66 crm-log --from missing.jsonl &&
	grep -q "missing.jsonl" err &&
	test "$(commits)" -eq "$before"
'

test_expect '--from without a file is a usage error (64)' '
	expect_status 64 crm-log --from
'

test_expect 'a file that is not JSON Lines nor YAML records is bad data (65)' '
	before=$(commits) &&
	printf "just some text\n" >text.yaml &&
	expect_status 65 crm-log --from text.yaml &&
	grep -q "^crm-log: text.yaml:1" err &&
	test "$(commits)" -eq "$before"
'

# CSV: RFC 4180 with a header row naming the fields.
test_expect 'CSV: a header row names the fields; quoted commas, quotes, newlines' '
	cp "$DATA/interactions.csv" in.csv &&
	before=$(commits) &&
	expect_status 0 crm-log --from in.csv &&
	test "$(wc -l <out)" -eq 4 &&
	cp out csv.ids &&
	echo "crm-log: imported 4 interactions from in.csv" >expect &&
	test_cmp expect err &&
	test "$(commits)" -eq $((before + 1)) &&
	set -- $(cat csv.ids) &&
	cat >expect <<-EOF &&
	--- {id: $(yid "$1"), at: 2026-07-01T09:00:00Z, contact: $(yid "$(cat ann.id)"), type: call, summary: '"'"'Asked about prices, again'"'"'}
	EOF
	show log/2026/07/01.yaml >actual &&
	test_cmp expect actual &&
	cat >expect <<-EOF &&
	--- {id: $(yid "$2"), at: 2026-07-02, contact: $(yid "$(cat ann.id)"), type: purchase, summary: Order "7b", amount: 0.10, currency: EUR}
	EOF
	show log/2026/07/02.yaml >actual &&
	test_cmp expect actual &&
	cat >expect <<-EOF &&
	--- {id: $(yid "$3"), at: 2026-07-03T01:30:00Z, contact: $(yid "$(cat bob.id)"), type: purchase, summary: "two\\nlines", amount: 0.20, currency: EUR}
	--- {id: $(yid "$4"), at: 2026-07-03, contact: $(yid "$(cat bob.id)"), type: task, summary: Send the contract, due: 2026-07-10}
	EOF
	show log/2026/07/03.yaml >actual &&
	test_cmp expect actual
'

test_expect 'CSV: 10,000 rows with one bad row in the middle, the row named' '
	rows 10000 pat@x.example 5000 |
	sed -e "s/^{\"contact\":\"\([^\"]*\)\",\"at\":\"\([^\"]*\)\",\"type\":\"\([^\"]*\)\",\"summary\":\"\([^\"]*\)\",\"amount\":\"\([^\"]*\)\"}$/\1,\2,\3,\4,\5/" \
		>body.csv &&
	{ echo "contact,at,type,summary,amount"; cat body.csv; } >big.csv &&
	test "$(wc -l <big.csv)" -eq 10001 &&
	before=$(commits) &&
	expect_status 65 crm-log --from big.csv &&
	head -1 err | grep -q "^crm-log: big.csv:5001: .*at" &&
	tail -1 err >last &&
	echo "crm-log: big.csv: 1 bad record; nothing was written" >expect &&
	test_cmp expect last &&
	test "$(commits)" -eq "$before" &&
	sed -i "5001s/2026-02-30/2026-10-30/" big.csv &&
	expect_status 0 crm-log --from big.csv &&
	test "$(wc -l <out)" -eq 10000 &&
	test "$(commits)" -eq $((before + 1))
'

test_expect 'CSV: bad rows are named by the line they start on' '
	printf "contact,at,type,summary\nann@x.example,2026-07-05,call,\"multi\nline\"\nann@x.example,2026-07-05,visit,bad type\nann@x.example,2026-07-05\nann@x.example,2026-07-05,call,\"unterminated\n" >broken.csv &&
	before=$(commits) &&
	expect_status 65 crm-log --from broken.csv &&
	test ! -s out &&
	grep "^crm-log: broken.csv:4: " err | grep -q visit &&
	grep -q "^crm-log: broken.csv:5: " err &&
	grep -q "^crm-log: broken.csv:6: " err &&
	! grep -q "^crm-log: broken.csv:[1-3]:" err &&
	tail -1 err | grep -qx "crm-log: broken.csv: 3 bad records; nothing was written" &&
	test "$(commits)" -eq "$before"
'

test_expect 'CSV with CRLF line ends imports the same' '
	printf "contact,at,type,summary\r\nann@x.example,2026-07-06,call,crlf\r\n" >crlf.csv &&
	expect_status 0 crm-log --from crlf.csv &&
	echo "--- {id: $(yid "$(cat out)"), at: 2026-07-06, contact: $(yid "$(cat ann.id)"), type: call, summary: crlf}" >expect &&
	show log/2026/07/06.yaml >actual &&
	test_cmp expect actual
'

if have_pyyaml; then
	test_expect 'every journal is a valid YAML stream after the imports' '
		for j in $(git -C "$STORE" ls-tree -r --name-only HEAD log); do
			show "$j" >j.yaml &&
			python3 -c "import yaml,sys; list(yaml.safe_load_all(open(sys.argv[1])))" \
				j.yaml || { echo "bad YAML: $j"; exit 1; }
		done
	'
else
	test_skip 'every journal is a valid YAML stream after the imports' 'no PyYAML'
fi

test_expect 'git fsck --strict finds the store clean' '
	git -C "$STORE" fsck --strict 2>fsck.err &&
	test ! -s fsck.err
'

test_expect 'a bank export in Windows-1252: refused with its byte, read with --encoding' '
	printf "contact,at,type,summary,amount\nann@x.example,2026-02-03,purchase,Caf\351 cr\350me \200 5,5.00\n" >cp.csv &&
	n=$(commits) &&
	expect_status 65 crm-log --from cp.csv &&
	grep -q "^crm-log: cp.csv:2: byte 38: invalid UTF-8" err &&
	test "$(commits)" -eq "$n" &&
	expect_status 64 crm-log ann@x.example call x --encoding cp1252 &&
	grep -q "encoding applies to --from" err &&
	expect_status 0 crm-log -q --from cp.csv --encoding cp1252 &&
	crm-find -k log -o summary "contact = ann@x.example and at >= 2026-02-03 and at < 2026-02-04" >got &&
	printf "Caf\303\251 cr\303\250me \342\202\254 5\n" >expect && test_cmp expect got
'

test_expect 'rows out of time order land in their days, each day in file order; ids printed in file order' '
	printf "id,contact,at,type,summary\n" >mixed.csv &&
	printf "a000000000000003,ann@x.example,2026-04-03T09:00:00Z,note,third day first\n" >>mixed.csv &&
	printf "a000000000000001,ann@x.example,2026-04-01T10:00:00Z,note,first day late\n" >>mixed.csv &&
	printf "a000000000000002,ann@x.example,2026-04-02T08:00:00Z,note,second day\n" >>mixed.csv &&
	printf "a000000000000004,ann@x.example,2026-04-01T07:00:00Z,note,first day early\n" >>mixed.csv &&
	printf "a000000000000005,ann@x.example,2026-04-03T01:00:00Z,note,third day second\n" >>mixed.csv &&
	expect_status 0 crm-log --from mixed.csv &&
	printf "a000000000000003\na000000000000001\na000000000000002\na000000000000004\na000000000000005\n" >expect &&
	test_cmp expect out &&
	git -C "$STORE" show HEAD:log/2026/04/01.yaml | sed -n "s/.*summary: \([^,}]*\).*/\1/p" >got &&
	printf "first day late\nfirst day early\n" >expect && test_cmp expect got &&
	git -C "$STORE" show HEAD:log/2026/04/03.yaml | sed -n "s/.*summary: \([^,}]*\).*/\1/p" >got &&
	printf "third day first\nthird day second\n" >expect && test_cmp expect got &&
	n=$(commits) &&
	expect_status 65 crm-log --from mixed.csv &&
	test ! -s out && grep -q "interaction a000000000000003 exists already" err &&
	test "$(commits)" -eq "$n"
'

done_testing
