#!/bin/sh
# crm undo and crm rm: a commit reverted as a new commit (records back as
# they were, a journal's documents taken out or put back one by one), the
# refusal when a record changed again since; records removed in one
# commit, the refusal when deals or contacts still name them, --with-log.
. "${0%/*}/lib.sh"

show() {	# kind id: the record's file at HEAD
	git -C "$STORE" show "HEAD:$1/$(printf %s "$2" | cut -c1-2)/$2.yaml"
}

test_expect 'setup: two contacts, an organisation, a deal, interactions' '
	crm-add contact --name Ann --email ann@x.example --set city=Paris >ann.id &&
	crm-add contact --name Bob --email bob@x.example --org Acme >bob.id &&
	crm-add deal --title Big --contact ann@x.example --amount 100 >deal.id &&
	crm-log -q ann@x.example call "first" --at 2026-01-05T10:00:00Z &&
	crm-log -q bob@x.example call "same day" --at 2026-01-05T11:00:00Z
'

test_expect 'undo: the last commit goes, as a new commit' '
	n=$(commits) &&
	crm-add -q --update ann@x.example --set city=Lyon &&
	expect_status 0 crm undo &&
	grep -q "^crm: undid [0-9a-f]\{12\} (1 file)$" err &&
	test "$(commits)" -eq $((n + 2)) &&
	show contacts "$(cat ann.id)" | grep -qx "city: Paris" &&
	git -C "$STORE" log -1 --format=%s | grep -q "^undo [0-9a-f]\{12\}: update contact" &&
	crm-find -o city email=ann@x.example >city && echo Paris >expect &&
	test_cmp expect city
'

test_expect 'undo of one crm-log leaves the later interactions of that day' '
	crm-log -q ann@x.example call "to undo" --at 2026-01-05T12:00:00Z &&
	c=$(git -C "$STORE" rev-parse --short=12 HEAD) &&
	crm-log -q bob@x.example call "after it" --at 2026-01-05T13:00:00Z &&
	expect_status 0 crm undo "$c" &&
	git -C "$STORE" show HEAD:log/2026/01/05.yaml >j &&
	! grep -q "to undo" j &&
	grep -q "first" j && grep -q "same day" j && grep -q "after it" j &&
	test "$(grep -c "^---" j)" -eq 3 &&
	crm-log ann@x.example -f tsv >tl &&
	! grep -q "to undo" tl
'

test_expect 'undo refuses a commit whose record changed again, names it; --force' '
	crm-add -q --update ann@x.example --set city=Rome &&
	c=$(git -C "$STORE" rev-parse --short HEAD) &&
	crm-add -q --update ann@x.example --set city=Oslo &&
	n=$(commits) &&
	expect_status 65 crm undo "$c" &&
	grep -q "changed again after [0-9a-f]*, so not undone: contacts/.*\.yaml" err &&
	test "$(commits)" -eq "$n" &&
	expect_status 0 crm undo --force "$c" &&
	show contacts "$(cat ann.id)" | grep -qx "city: Paris"
'

test_expect 'undo of an undo brings the change back; a removal comes back too' '
	crm-add -q --update ann@x.example --tag vip &&
	crm undo -q && crm undo -q &&
	show contacts "$(cat ann.id)" | grep -qx "tags: \[vip\]"
'

test_expect 'undo: bad commits are named' '
	expect_status 64 crm undo nothex &&
	expect_status 67 crm undo 0000000 &&
	first=$(git -C "$STORE" rev-list --max-parents=0 HEAD) &&
	expect_status 64 crm undo "$first" &&
	grep -q "made the store" err
'

test_expect 'rm refuses a contact that deals name, and an org that contacts name' '
	n=$(commits) &&
	expect_status 65 crm rm ann@x.example &&
	grep -q "contact [0-9a-f]\{8\} is still named by [0-9a-f]\{8\} (--force removes it anyway)" err &&
	expect_status 65 crm rm Acme &&
	grep -q "org [0-9a-f]\{8\} is still named by" err &&
	test "$(commits)" -eq "$n"
'

test_expect 'rm: records in one commit, and crm undo puts them back' '
	n=$(commits) &&
	expect_status 0 crm rm "$(cat deal.id)" bob@x.example &&
	grep -qx "crm: removed 2 records" err &&
	test "$(commits)" -eq $((n + 1)) &&
	expect_status 1 crm-find email=bob@x.example &&
	expect_status 1 crm-find -k deal title=Big &&
	git -C "$STORE" show HEAD:log/2026/01/05.yaml | grep -q "same day" &&
	crm undo -q &&
	crm-find -o name email=bob@x.example >b && echo Bob >expect && test_cmp expect b
'

test_expect 'rm --with-log takes the interactions out; an interaction by id' '
	crm-log bob@x.example note "lone" --at 2026-02-01T10:00:00Z >note.id &&
	expect_status 0 crm rm "$(cat note.id)" &&
	! git -C "$STORE" cat-file -e HEAD:log/2026/02/01.yaml 2>/dev/null &&
	expect_status 0 crm rm --with-log bob@x.example &&
	grep -qx "crm: removed 3 records" err &&
	git -C "$STORE" show HEAD:log/2026/01/05.yaml >j &&
	! grep -q "same day\|after it" j && grep -q "first" j
'

test_expect 'rm: unknown references, and none' '
	expect_status 67 crm rm nobody@x.example &&
	expect_status 64 crm rm &&
	printf "%s\n" "$(cat deal.id)" | crm rm -q - &&
	expect_status 1 crm-find -k deal title=Big
'

done_testing
