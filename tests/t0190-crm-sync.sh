#!/bin/sh
# crm sync: two stores share a bare repository on this machine.  Edits to
# different fields of one contact both survive; the same field takes the
# later edit; interactions logged on both sides the same day are all
# kept; a deletion against an edit keeps the edit; concurrent syncs lose
# nothing; no file ever holds a conflict marker.
. "${0%/*}/lib.sh"

at() {
	CRM_NOW=$1
	export CRM_NOW
	shift
	"$@"
	rc=$?
	unset CRM_NOW
	return $rc
}

city() {	# store: Ann's city and phone
	crm-find -C "$1" -o city,phone email=ann@x.example
}

test_expect 'setup: a store, a hub, a second machine' '
	git init -q --bare --initial-branch=main hub.git &&
	crm init -q a &&
	crm -C a add -q contact --name Ann --email ann@x.example --set city=Paris &&
	crm -C a add -q contact --name Bob --email bob@x.example &&
	expect_status 0 crm -C a sync --add hub "$PWD/hub.git" &&
	grep -q "added the remote hub" err &&
	expect_status 0 crm -C a sync &&
	grep -q "pushed" err &&
	git clone -q --bare hub.git b &&
	printf "Ann\tParis\n" >expect &&
	crm-find -C b -o name,city email=ann@x.example >got && test_cmp expect got
'

test_expect 'different fields of one contact: both changes survive' '
	at 2026-01-01T10:00:00Z crm -C a add -q --update ann@x.example --set city=Lyon &&
	at 2026-01-01T11:00:00Z crm -C b add -q --update ann@x.example --phone "+33 1 23" &&
	crm -C a sync -q && crm -C b sync -q && crm -C a sync -q &&
	printf "Lyon\t+33 1 23\n" >expect &&
	city a >got && test_cmp expect got &&
	city b >got && test_cmp expect got &&
	git -C b log -1 --format=%s | grep -q "^sync: merge origin" &&
	test "$(git -C b rev-parse HEAD)" = "$(git -C a rev-parse HEAD)"
'

test_expect 'the same field on both sides: the later edit wins, said' '
	at 2026-01-02T10:00:00Z crm -C a add -q --update ann@x.example --set city=Rome &&
	at 2026-01-02T12:00:00Z crm -C b add -q --update ann@x.example --set city=Oslo &&
	crm -C a sync -q && expect_status 0 crm -C b sync &&
	grep -q "field .city. changed on both sides: kept theirs\|field .city. changed on both sides: kept ours" err &&
	crm -C a sync -q &&
	city a | cut -f1 >got && echo Oslo >expect && test_cmp expect got &&
	city b | cut -f1 >got && test_cmp expect got &&
	crm -C b history -f tsv ann@x.example >h &&
	grep -q "^[0-9a-f]*	[^	]*	[^	]*	sync: merge origin [^	]*	city (the other side)	Rome	Oslo$" h &&
	at 2026-01-03T12:00:00Z crm -C a add -q --update ann@x.example --set city=Nice &&
	at 2026-01-03T10:00:00Z crm -C b add -q --update ann@x.example --set city=Bern &&
	crm -C a sync -q && crm -C b sync -q && crm -C a sync -q &&
	city b | cut -f1 >got && echo Nice >expect && test_cmp expect got
'

test_expect 'interactions logged on both sides the same day: all kept' '
	crm -C a log -q ann@x.example call "from a" --at 2026-02-01T10:00:00Z &&
	crm -C b log -q ann@x.example call "from b" --at 2026-02-01T11:00:00Z &&
	crm -C b log -q bob@x.example email "also b" --at 2026-02-01T12:00:00Z &&
	crm -C a sync -q && crm -C b sync -q && crm -C a sync -q &&
	for s in a b; do
		git -C $s show HEAD:log/2026/02/01.yaml >j &&
		test "$(grep -c "^---" j)" -eq 3 || return 1
		grep -q "from a" j && grep -q "from b" j && grep -q "also b" j || return 1
		crm-log -C $s ann@x.example -f tsv >tl &&
		grep -q "from a" tl && grep -q "from b" tl || return 1
	done
'

test_expect 'tags merge as sets: each side adds and removes' '
	crm -C a add -q --update bob@x.example --tag one --tag two &&
	crm -C a sync -q && crm -C b sync -q &&
	at 2026-03-01T10:00:00Z crm -C a add -q --update bob@x.example --tag three --tag -one &&
	at 2026-03-01T11:00:00Z crm -C b add -q --update bob@x.example --tag four --tag -two &&
	crm -C a sync -q && crm -C b sync -q && crm -C a sync -q &&
	crm-find -C a -o tags email=bob@x.example | tr "," "\n" | sort >got &&
	printf "four\nthree\n" >expect && test_cmp expect got
'

test_expect 'a deletion against an edit keeps the edit, and says so' '
	crm -C a add -q contact --name Cy --email cy@x.example &&
	crm -C a sync -q && crm -C b sync -q &&
	crm -C a rm -q cy@x.example &&
	crm -C b add -q --update cy@x.example --set city=Kyiv &&
	crm -C a sync -q && expect_status 0 crm -C b sync &&
	grep -q "deleted there, edited here: kept the edit" err &&
	crm -C a sync -q &&
	crm-find -C a -o city email=cy@x.example >got && echo Kyiv >expect && test_cmp expect got
'

test_expect 'no conflict marker anywhere; both stores pass fsck' '
	! git -C a grep -q -e "^<<<<<<<" -e "^>>>>>>>" HEAD &&
	crm -C a fsck -q && crm -C b fsck -q
'

test_expect 'concurrent syncs of two busy machines lose nothing' '
	for i in 1 2 3; do
		crm -C a log -q ann@x.example note "a$i" --at 2026-04-0${i}T10:00:00Z &&
		crm -C b log -q ann@x.example note "b$i" --at 2026-04-0${i}T11:00:00Z &&
		{ crm -C a sync -q & crm -C b sync -q & wait; } || return 1
	done &&
	crm -C a sync -q && crm -C b sync -q && crm -C a sync -q &&
	test "$(git -C a rev-parse HEAD)" = "$(git -C b rev-parse HEAD)" &&
	crm-log -C a ann@x.example --type note -f tsv | wc -l >n &&
	echo 6 >expect && test_cmp expect n
'

test_expect 'sync: remotes named and checked' '
	expect_status 67 crm -C a sync nowhere &&
	grep -q "no remote .nowhere." err &&
	crm init -q lone &&
	expect_status 64 crm -C lone sync &&
	grep -q "no remote" err &&
	expect_status 64 crm -C a sync --add hub "$PWD/hub.git" &&
	expect_status 64 crm -C a sync --add onlyname &&
	crm -C lone sync --add bad "$PWD/does-not-exist.git" &&
	expect_status 74 crm -C lone sync &&
	grep -q "cannot fetch" err
'

done_testing
