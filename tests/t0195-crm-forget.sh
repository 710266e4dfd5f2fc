#!/bin/sh
# crm forget (right to erasure) and crm export --subject (right of
# access): after forget, no object of the store's git directory, no file
# of it, and no query finds the person's email; the other data stays.
. "${0%/*}/lib.sh"

test_expect 'setup: a person with history, interactions, a deal; a remote' '
	crm-add contact --name "Erin Secret" --email erin@secret.example \
		--set city=Paris >erin.id &&
	crm-add -q contact --name Bob --email bob@x.example &&
	crm-add -q --update erin@secret.example --set city=Lyon &&
	crm-log -q erin@secret.example call "talked to erin@secret.example" \
		--at 2026-01-05T10:00:00Z &&
	crm-log -q bob@x.example call "bob call" --at 2026-01-05T11:00:00Z &&
	crm-add -q deal --title Big --contact erin@secret.example --amount 10 &&
	git init -q --bare --initial-branch=main hub.git &&
	crm sync -q --add hub "$PWD/hub.git" && crm sync -q
'

test_expect 'export --subject: the record, interactions, deals, history, as JSON' '
	expect_status 0 crm export --subject erin@secret.example &&
	grep -q "erin@secret.example" out &&
	{ ! command -v python3 >/dev/null 2>&1 || python3 -c "
import json, sys
d = json.load(open(\"out\"))
assert d[\"record\"][\"email\"] == [\"erin@secret.example\"], d[\"record\"]
assert [i[\"summary\"] for i in d[\"interactions\"]] == [\"talked to erin@secret.example\"]
assert [x[\"title\"] for x in d[\"deals\"]] == [\"Big\"]
assert any(c[\"field\"] == \"city\" and c[\"old\"] == \"Paris\" and c[\"new\"] == \"Lyon\"
           for v in d[\"history\"] for c in v[\"changes\"]), d[\"history\"]
"; } &&
	expect_status 64 crm export --subject &&
	expect_status 67 crm export --subject nobody@x.example
'

test_expect 'forget asks for --yes when there is no terminal; nothing changes' '
	head=$(git -C "$STORE" rev-parse HEAD) &&
	expect_status 64 crm forget erin@secret.example &&
	grep -q "confirm with --yes" err &&
	test "$(git -C "$STORE" rev-parse HEAD)" = "$head"
'

test_expect 'forget --yes: the history written again without the person' '
	n=$(commits) &&
	expect_status 0 crm forget --yes erin@secret.example &&
	grep -q "^crm: forgot [0-9a-f]\{8\}: [0-9]* commits written again, 2 interaction versions dropped" err &&
	grep -q "the remote hub still holds the old history" err &&
	test "$(commits)" -eq "$n" &&
	git -C "$STORE" rev-list --all --objects | cut -d" " -f1 |
		git -C "$STORE" cat-file --batch >objects &&
	! grep -q "secret.example" objects &&
	! grep -q "Erin Secret" objects &&
	! grep -rqa "secret.example" "$STORE" &&
	test -z "$(ls "$STORE/logs" 2>/dev/null | head -1)" -o ! -d "$STORE/logs/refs/remotes"
'

test_expect 'the rest stays: other contacts, their interactions, the deal' '
	expect_status 1 crm-find erin &&
	crm-find -o name >names && echo Bob >expect && test_cmp expect names &&
	git -C "$STORE" show HEAD:log/2026/01/05.yaml >j &&
	grep -q "bob call" j && ! grep -q "erin" j &&
	crm-find -k deal -o title,contact >d && printf "Big\t\n" >expect && test_cmp expect d &&
	crm fsck -q &&
	crm history bob@x.example -f tsv | grep -q "bob call"
'

test_expect 'forget --push updates the remote branch' '
	crm-add -q contact --name "Zed Gone" --email zed@secret.example &&
	crm sync -q &&
	expect_status 0 crm forget --yes --push zed@secret.example &&
	grep -q "the remote hub was updated" err &&
	test "$(git -C hub.git rev-parse main)" = "$(git -C "$STORE" rev-parse main)" &&
	! git -C hub.git log -p main | grep -q "zed@secret"
'

done_testing
