#!/bin/sh
# Concurrent writers: many crm-add processes started at once neither lose
# an update nor break the store; a writer that cannot get the store in
# time says so and exits 75.
. "${0%/*}/lib.sh"

rpath() {
	printf '%s/%.2s/%s.yaml\n' "$1" "$2" "$2"
}

show() {
	git -C "$STORE" show "HEAD:$(rpath "$1" "$2")"
}

# race N 'CMD': starts N copies of the shell command CMD, in which $i is
# the copy's number 1..N, as close together as it can: each waits for
# ./go, then runs; stdout, stderr and status go to race/out.I, race/err.I
# and race/rc.I.
race() {
	n=$1
	rm -rf race go && mkdir race || return 1
	i=0
	while [ "$i" -lt "$n" ]; do
		i=$((i + 1))
		(
			while [ ! -e go ]; do sleep 0.01; done
			eval "$2" >race/out.$i 2>race/err.$i
			echo $? >race/rc.$i
		) &
	done
	sleep 0.2
	: >go
	wait
}

test_expect '20 crm-add started at once on a new store: all succeed' '
	test ! -e "$STORE" &&
	race 20 '"'"'crm-add contact --name "Person $i" --email "p$i@x.example"'"'"' &&
	cat race/rc.* | sort | uniq -c | sed "s/^ *//" >rcs &&
	echo "20 0" >expect &&
	test_cmp expect rcs &&
	cat race/out.* >ids &&
	test "$(wc -l <ids)" -eq 20 &&
	test "$(sort -u ids | grep -c "^[0-9a-f]\{16\}$")" -eq 20
'

test_expect 'exactly one of them announced the new store' '
	cat race/err.* >errs &&
	echo "crm-add: created the store at $STORE" >expect &&
	test_cmp expect errs
'

test_expect '20 records and 20+1 commits, one per command' '
	test "$(commits)" -eq 21 &&
	git -C "$STORE" ls-tree -r --name-only HEAD contacts >files &&
	test "$(wc -l <files)" -eq 20 &&
	for id in $(cat ids); do
		grep -qx "$(rpath contacts "$id")" files || { echo "# lost $id"; exit 1; }
	done &&
	git -C "$STORE" log --format=%s >log &&
	test "$(grep -c "^add contact [0-9a-f]\{8\}$" log)" -eq 20 &&
	test "$(grep -c "^init store$" log)" -eq 1 &&
	git -C "$STORE" log --format=%s | sed -n "s/^add contact //p" | sort >short &&
	cut -c1-8 ids | sort >expect &&
	test_cmp expect short
'

test_expect 'history is linear: each commit has one parent but the first' '
	git -C "$STORE" rev-list --min-parents=2 HEAD >merges &&
	test_cmp /dev/null merges &&
	test "$(git -C "$STORE" rev-list --max-parents=0 HEAD | wc -l)" -eq 1
'

test_expect 'every record is indexed: each email resolves' '
	i=0 &&
	while [ $i -lt 20 ]; do
		i=$((i + 1))
		crm-add --update "p$i@x.example" --tag indexed >/dev/null || exit 1
	done &&
	test "$(commits)" -eq 41
'

test_expect 'the store is sound and private after the race' '
	git -C "$STORE" fsck --strict &&
	find "$STORE" -perm /077 >loose &&
	test_cmp /dev/null loose
'

test_expect '20 concurrent updates of one contact lose none' '
	crm-add contact --name Target --email target@x.example >target.id &&
	before=$(commits) &&
	race 20 '"'"'crm-add --update target@x.example --tag "t$i"'"'"' &&
	test "$(cat race/rc.* | sort -u)" = 0 &&
	test "$(commits)" -eq $((before + 20)) &&
	show contacts "$(cat target.id)" >t.yaml &&
	i=0 &&
	while [ $i -lt 20 ]; do
		i=$((i + 1))
		grep -q "^tags: \[.*\<t$i\>" t.yaml || { echo "# lost tag t$i"; cat t.yaml; exit 1; }
	done
'

test_expect '20 concurrent --set of different fields of one contact lose none' '
	before=$(commits) &&
	race 20 '"'"'crm-add --update target@x.example --set "f$i=v$i"'"'"' &&
	test "$(cat race/rc.* | sort -u)" = 0 &&
	test "$(commits)" -eq $((before + 20)) &&
	show contacts "$(cat target.id)" >t.yaml &&
	i=0 &&
	while [ $i -lt 20 ]; do
		i=$((i + 1))
		grep -qx "f$i: v$i" t.yaml || { echo "# lost f$i"; exit 1; }
	done
'

test_expect '10 concurrent adds of one email: exactly one wins, the others get 65' '
	before=$(commits) &&
	race 10 '"'"'crm-add contact --name "Same $i" --email same@x.example'"'"' &&
	cat race/rc.* | sort | uniq -c | sed "s/^ *//" >rcs &&
	printf "1 0\n9 65\n" >expect &&
	test_cmp expect rcs &&
	test "$(commits)" -eq $((before + 1)) &&
	winner=$(cat race/out.*) &&
	for f in race/err.*; do
		test -s "$f" || continue
		grep -qx "crm-add: command line: field '"'"'email'"'"': same@x.example is already the email of contact $winner (Same [0-9]*); use --upsert to update it" "$f" ||
			{ cat "$f"; exit 1; }
	done
'

test_expect '5 concurrent imports: every record, one commit each' '
	i=0 &&
	while [ $i -lt 5 ]; do
		i=$((i + 1))
		j=0
		while [ $j -lt 40 ]; do
			j=$((j + 1))
			printf "{\"name\":\"Imp %d-%d\",\"email\":\"imp%d-%d@x.example\"}\n" $i $j $i $j
		done >imp$i.jsonl
	done &&
	before=$(commits) &&
	files0=$(git -C "$STORE" ls-tree -r --name-only HEAD contacts | wc -l) &&
	race 5 '"'"'crm-add contact --from "imp$i.jsonl"'"'"' &&
	test "$(cat race/rc.* | sort -u)" = 0 &&
	test "$(cat race/out.* | sort -u | wc -l)" -eq 200 &&
	test "$(commits)" -eq $((before + 5)) &&
	test "$(git -C "$STORE" ls-tree -r --name-only HEAD contacts | wc -l)" -eq $((files0 + 200)) &&
	git -C "$STORE" log -5 --format=%s | sort -u >msgs &&
	echo "import 40 contacts" >expect &&
	test_cmp expect msgs
'

test_expect '8 concurrent adds naming the same new org create it once' '
	before=$(commits) &&
	race 8 '"'"'crm-add contact --name "Org Member $i" --org "Shared Org"'"'"' &&
	test "$(cat race/rc.* | sort -u)" = 0 &&
	test "$(commits)" -eq $((before + 8)) &&
	cat race/err.* | grep -c "^crm-add: created org [0-9a-f]\{16\} (Shared Org)$" >created &&
	echo 1 >expect &&
	test_cmp expect created &&
	git -C "$STORE" grep -l "^name: Shared Org$" HEAD -- orgs >orgs &&
	test "$(wc -l <orgs)" -eq 1
'

test_expect 'the store is sound after all the races' '
	git -C "$STORE" fsck --strict &&
	git -C "$STORE" rev-list --min-parents=2 HEAD >merges &&
	test_cmp /dev/null merges &&
	find "$STORE" -perm /077 >loose &&
	test_cmp /dev/null loose
'

test_expect 'a store held by another writer: 75 after waiting, nothing written' '
	command -v flock >/dev/null || { echo "# no flock(1): skipped"; exit 0; }
	before=$(commits)
	flock -o "$STORE/crm.lock" sleep 120 &
	holder=$!
	sleep 0.5 &&
	start=$(date +%s) &&
	CRM_LOCK_TIMEOUT=2 crm-add contact --name Blocked >out 2>err
	rc=$?
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	end=$(date +%s) &&
	echo "# exit $rc after $((end - start)) s" &&
	test "$rc" -eq 75 &&
	test $((end - start)) -ge 2 &&
	echo "crm-add: the store is busy: another crm command holds $STORE/crm.lock" >expect &&
	test_cmp expect err &&
	test ! -s out &&
	test "$(commits)" -eq "$before"
'

test_expect 'once the lock is free the next writer succeeds' '
	before=$(commits) &&
	expect_status 0 crm-add contact --name Unblocked &&
	test "$(commits)" -eq $((before + 1))
'

done_testing
