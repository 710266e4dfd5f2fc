#!/bin/sh
# 8 writers x 50 mixed changes at once (adds, logs, updates), readers
# and git gc running meanwhile: every change present, one commit each,
# a linear history, no id twice, no reader error.  CRM_LONG=1: 8 x 200.
. "${0%/*}/lib.sh"

W=8
N=${CRM_LONG:+200}
N=${N:-50}

test_expect 'setup: one contact per writer' '
	i=1 &&
	while [ $i -le $W ]; do
		crm-add -q contact --name "Writer $i" --email "w$i@x.example" >/dev/null || return 1
		i=$((i + 1))
	done
'

writer() {	# i: N changes, each exit status in st.i
	i=$1 j=0
	: >st.$i
	while [ $j -lt $N ]; do
		case $((j % 3)) in
		0) crm-add -q contact --name "Added $i $j" --email "a$i-$j@x.example" >/dev/null ;;
		1) crm-log -q "w$i@x.example" call "call $i $j" ;;
		2) crm-add -q --update "w$i@x.example" --set "f$j=$i-$j" >/dev/null ;;
		esac
		echo "$j $?" >>st.$i
		j=$((j + 1))
	done
}

test_expect "$W writers x $N changes, readers and git gc alongside: nothing lost" '
	before=$(commits)
	: >reader.err
	rm -f stop
	( while [ ! -e stop ]; do crm-find --count >/dev/null 2>>reader.err ||
		echo "reader failed: $?" >>reader.err; done ) &
	reader=$!
	( while [ ! -e stop ]; do git -C "$STORE" gc -q 2>>gc.err; sleep 1; done ) &
	gc=$!
	pids=
	i=1
	while [ $i -le $W ]; do
		writer $i &
		pids="$pids $!"
		i=$((i + 1))
	done
	wait $pids
	touch stop
	wait $reader $gc
	! grep -v " 0$" st.* &&
	test "$(cat st.* | wc -l)" -eq $((W * N)) &&
	test "$(commits)" -eq $((before + W * N)) &&
	test -z "$(git -C "$STORE" rev-list --merges HEAD)" &&
	test ! -s reader.err
'

test_expect 'every change is there: contacts, interactions, fields; no id twice' '
	adds=$(( (N + 2) / 3 )) logs=$(( (N + 1) / 3 )) &&
	crm-find --count >n && echo $((W + W * adds)) >expect && test_cmp expect n &&
	crm-find -k log --count >n && echo $((W * logs)) >expect && test_cmp expect n &&
	i=1 &&
	while [ $i -le $W ]; do
		crm-find -f json "email = w$i@x.example" >rec &&
		j=2 &&
		while [ $j -lt $N ]; do
			grep -q "\"f$j\":\"$i-$j\"" rec || { echo "# writer $i lost f$j"; return 1; }
			j=$((j + 3))
		done
		i=$((i + 1))
	done &&
	git -C "$STORE" ls-tree -r --name-only HEAD -- contacts | sed "s|.*/||" | sort | uniq -d >dups &&
	test ! -s dups &&
	crm fsck >/dev/null &&
	{ git -C "$STORE" fsck --strict 2>&1 | grep -v "^Checking\|^dangling" >fsck.out; true; } &&
	test ! -s fsck.out
'

done_testing
