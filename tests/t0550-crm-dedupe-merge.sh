#!/bin/sh
# crm dedupe: each reason with its pair and score, best first; pairs that
# are not one person left out.  crm merge: the keeper's fields, the
# union of lists, interactions and deals re-pointed, one commit, undone
# by crm undo; errors write nothing.
. "${0%/*}/lib.sh"

add() {	# file args...: a contact, its id in file
	f=$1; shift
	crm-add contact "$@" >"$f" 2>/dev/null
}

test_expect 'setup: look-alikes of every kind, and people who only look alike' '
	export CRM_NOW=2026-01-01T00:00:00Z &&
	add keep.id --name "Jane Doe" --email jane@acme.example --phone "+33 1 23 45 67 89" \
		--org Acme --tag vip --set industry=retail &&
	export CRM_NOW=2026-02-01T00:00:00Z &&
	add dup.id --name "Jane  Doe" --email jane.doe@home.example --org Acme --city Paris \
		--tag new --set industry=banking --set source=fair &&
	add ph.id --name "J. Doe" --email jd@other.example --phone "+33 (0)1 23 45 67 89" &&
	add typo.id --name "Jane Deo" --email j.deo@acme.example &&
	add far.id --name "John Smith" --email john@acme.example &&
	add free1.id --name "Ann Lee" --email annlee@gmail.com &&
	add free2.id --name "Ann Lea" --email ann.lea@gmail.com &&
	unset CRM_NOW &&
	crm-log -q "$(cat dup.id)" purchase "order 1" --amount 10.50 --at 2026-02-02 &&
	crm-log -q "$(cat dup.id)" call "about order 1" --at 2026-02-03 &&
	crm-log -q jane@acme.example call "first call" --at 2026-01-05 &&
	crm-add -q deal --title "Acme deal" --contact "$(cat dup.id)" --amount 500 >/dev/null
'

test_expect 'dedupe: each reason with its pair, best first; free mail and strangers left out' '
	expect_status 0 crm dedupe -f tsv &&
	cut -f1,2,4,6 out >got &&
	K=$(cat keep.id) D=$(cat dup.id) P=$(cat ph.id) T=$(cat typo.id) &&
	printf "90\t%s\t%s\tsame phone, ending 123456789\n" "$K" "$P" >expect &&
	printf "85\t%s\t%s\tsame name in one organisation: jane doe\n" "$K" "$D" >>expect &&
	printf "60\t%s\t%s\tsimilar names at acme.example\n" "$K" "$T" >>expect &&
	test_cmp expect got &&
	! grep -q "$(cat far.id)\|$(cat free1.id)\|$(cat free2.id)" out &&
	expect_status 0 crm dedupe -f tsv --min-score 80 && test "$(wc -l <out)" -eq 2 &&
	expect_status 0 crm dedupe -f json -n 1 && grep -q "\"score\":90" out &&
	expect_status 64 crm dedupe --min-score 101 &&
	expect_status 64 crm dedupe extra
'

test_expect 'merge: the keeper wins, lists unite, the earlier created stays' '
	n=$(commits) &&
	expect_status 0 crm merge jane@acme.example "$(cat dup.id)" &&
	test "$(commits)" -eq $((n + 1)) &&
	git -C "$STORE" log -1 --format=%s >msg &&
	printf "merge contact %.8s %.8s\n" "$(cat keep.id)" "$(cat dup.id)" >expect &&
	test_cmp expect msg &&
	crm-find -f yaml "id = $(cat keep.id)" | grep -v "^updated:\|^org:" >got &&
	cat >expect <<-EOF &&
	---
	id: $(cat keep.id)
	name: Jane Doe
	email: [jane@acme.example, jane.doe@home.example]
	phone: ['"'"'+33123456789'"'"']
	city: Paris
	tags: [vip, new]
	created: 2026-01-01T00:00:00Z
	industry: retail
	source: fair
	EOF
	test_cmp expect got &&
	expect_status 1 crm-find "id = $(cat dup.id)"
'

test_expect 'merge: interactions and deals follow; figures summed on the keeper; the store sound' '
	crm-log "$(cat keep.id)" | cut -f3,4 >got &&
	printf "call\tabout order 1\npurchase\torder 1\ncall\tfirst call\n" >expect &&
	test_cmp expect got &&
	crm-find -o revenue,orders,interactions "id = $(cat keep.id)" >got &&
	printf "10.50\t1\t3\n" >expect && test_cmp expect got &&
	crm-find -k deal -o title,contact.email >got &&
	printf "Acme deal\tjane@acme.example,jane.doe@home.example\n" >expect && test_cmp expect got &&
	expect_status 1 crm-find -k log "contact = $(cat dup.id)" &&
	{ git -C "$STORE" fsck --strict 2>&1 | grep -v "^Checking\|^dangling" >fsck.out; true; } &&
	test ! -s fsck.out &&
	crm fsck >/dev/null &&
	git -C "$STORE" log -1 --format=%B | grep -qv "Jane\|jane@"
'

test_expect 'crm undo brings the duplicate back as it was' '
	expect_status 0 crm undo &&
	crm-find -o name,email "id = $(cat dup.id)" >got &&
	printf "Jane Doe\tjane.doe@home.example\n" >expect && test_cmp expect got &&
	crm-find -k log -o summary "contact = $(cat dup.id)" --sort at >got &&
	printf "order 1\nabout order 1\n" >expect && test_cmp expect got &&
	crm-find -k deal -o contact "title = \"Acme deal\"" >got &&
	cat dup.id >expect && test_cmp expect got
'

test_expect 'merge errors write nothing: itself, unknown, too few' '
	n=$(commits) &&
	expect_status 64 crm merge jane@acme.example jane@acme.example &&
	grep -q "not merged into itself" err &&
	expect_status 67 crm merge jane@acme.example nobody@nowhere.example &&
	expect_status 64 crm merge jane@acme.example &&
	expect_status 64 crm merge --nope a b &&
	test "$(commits)" -eq "$n"
'

test_expect 'merge of several duplicates at once' '
	expect_status 0 crm merge -q "$(cat keep.id)" "$(cat dup.id)" "$(cat ph.id)" &&
	test ! -s err &&
	crm-find -o email "id = $(cat keep.id)" >got &&
	echo "jane@acme.example,jane.doe@home.example,jd@other.example" >expect &&
	test_cmp expect got &&
	git -C "$STORE" log -1 --format=%s | grep -q "^merge contact .* .* .*$"
'

done_testing
