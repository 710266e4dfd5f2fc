#!/bin/sh
# crm-segment lifecycle: the stage of every contact of the population
# (prospect, new, active, passive, at_risk, churned) with its first and
# last purchase and last contact, at every boundary day of the default
# windows (90, 180, 365 days, and 180 days for the last contact), what
# counts as a contact (not notes nor tasks; refunds do), the reference
# time (--at counts its whole day; no --at is CRM_NOW), --where and -,
# the windows set in crm.yaml (60d, 12w, 6m, 2w, 1y), bad windows (65,
# naming crm.yaml and its line), the formats, and no commit.
. "${0%/*}/lib.sh"
. "$TEST_SRC/segment-lib.sh"

CRM_NOW=2026-11-20T10:00:00Z
export CRM_NOW

# crm.yaml as the store was created, followed by the lines given,
# committed in the clone work/ and pushed to the store.
config() {
	{ cat crm.orig && printf '%s\n' "$@"; } >work/crm.yaml &&
	(cd work && git commit -q --allow-empty -am "lifecycle windows" &&
	 git push -q origin HEAD)
}

# Days before the reference 2026-11-20 (00:00 UTC):
#   2026-11-06 14    2026-09-21 60    2026-09-20 61    2026-08-28 84
#   2026-08-27 85    2026-08-22 90    2026-08-21 91    2026-06-01 172
#   2026-05-24 180   2026-05-23 181   2026-04-01 233
#   2025-11-20 365   2025-11-19 366
test_expect 'setup: contacts at every boundary' '
	for n in Pam Pia Pete Nat Ned Nia Tod Abe Amy Ari Ava Ben Bea Cal \
	    Kim Kai Kit Kay; do
		crm-add contact --name $n --email $n@x.org >$n.id 2>/dev/null ||
			exit 1
	done &&
	# prospects: nothing; a call, a refund and a note; only after 11-20
	log Pia@x.org call 2026-11-01 &&
	log Pia@x.org refund 2026-11-05 15 &&
	log Pia@x.org note 2026-11-10 &&
	log Pete@x.org purchase 2026-11-21 70 &&
	log Pete@x.org call 2026-11-21T09:00:00Z &&
	# first purchase 90 days before: new; 91: active; 90.5: new
	log Nat@x.org purchase 2026-08-22 10 &&
	log Ned@x.org purchase 2026-08-21 10 &&
	log Nia@x.org purchase 2026-08-21T12:00:00Z 10 &&
	# a purchase on the reference day, at 15:00
	log Tod@x.org purchase 2026-11-20T15:00:00Z 10 &&
	# last purchase 180 days before: active
	log Abe@x.org purchase 2026-01-01 10 &&
	log Abe@x.org purchase 2026-05-24 10 &&
	# last purchase 181 days before, a call 180 days before: passive
	log Amy@x.org purchase 2026-01-01 10 &&
	log Amy@x.org purchase 2026-05-23 10 &&
	log Amy@x.org call 2026-05-24 &&
	# last purchase 181, then only a note and a task: at_risk
	log Ari@x.org purchase 2026-01-01 10 &&
	log Ari@x.org purchase 2026-05-23 10 &&
	log Ari@x.org note 2026-11-10 &&
	crm-log Ari@x.org task "call back" --at 2026-11-15 --due 2026-11-30 >/dev/null &&
	# last purchase 365 days before, an email 31 days before: passive
	log Ava@x.org purchase 2025-11-20 10 &&
	log Ava@x.org email 2026-10-20 &&
	# last purchase 365, a support case 181 days before: at_risk
	log Ben@x.org purchase 2025-11-20 10 &&
	log Ben@x.org support 2026-05-23 &&
	# last purchase 366, a meeting the day before: churned
	log Bea@x.org purchase 2025-11-19 10 &&
	log Bea@x.org meeting 2026-11-19 &&
	# last purchase 233, a refund 172 days before (a contact): passive
	log Cal@x.org purchase 2026-04-01 10 &&
	log Cal@x.org refund 2026-06-01 5 &&
	# for the windows of crm.yaml
	log Kim@x.org purchase 2026-09-21 10 &&
	log Kai@x.org purchase 2026-09-20 10 &&
	log Kit@x.org purchase 2026-01-01 10 &&
	log Kit@x.org purchase 2026-08-28 10 &&
	log Kay@x.org purchase 2026-01-01 10 &&
	log Kay@x.org purchase 2026-08-27 10 &&
	log Kay@x.org email 2026-11-01
'
for n in Pam Pia Pete Nat Ned Nia Tod Abe Amy Ari Ava Ben Bea Cal Kim Kai \
    Kit Kay; do
	eval "$n=\$(cat $n.id 2>/dev/null)"
done
COMMITS=$(commits)

# As of 2026-11-20:
#   Pam, Pia, Pete: no purchase up to 11-20: prospect (Pia's last
#   contact is the refund of 11-05, not the note; Pete's of 11-21 are
#   later)
#   Nat first 90 <= 90 new; Ned 91: last 91 <= 180 active; Nia 90.5
#   days, rounded down 90: new; Tod 11-20 15:00, after the reference: 0
#   days, new
#   Abe last 180 <= 180 active; Amy last 181, contact 180 <= 180
#   passive; Ari last 181, contact 181 (notes and tasks do not count)
#   at_risk; Ava last 365 <= 365, contact 31 passive; Ben last 365,
#   contact 181 at_risk; Bea last 366 > 365 churned; Cal last 233,
#   contact (a refund) 172 passive
#   Kim first 60, Kai first 61: new; Kit last 84, Kay last 85 (first
#   2026-01-01): active
test_expect 'lifecycle --at 2026-11-20: every stage, at every boundary' '
	rows "$Pam	prospect			" \
		"$Pia	prospect			2026-11-05" \
		"$Pete	prospect			" \
		"$Nat	new	2026-08-22	2026-08-22	2026-08-22" \
		"$Ned	active	2026-08-21	2026-08-21	2026-08-21" \
		"$Nia	new	2026-08-21	2026-08-21	2026-08-21" \
		"$Tod	new	2026-11-20	2026-11-20	2026-11-20" \
		"$Abe	active	2026-01-01	2026-05-24	2026-05-24" \
		"$Amy	passive	2026-01-01	2026-05-23	2026-05-24" \
		"$Ari	at_risk	2026-01-01	2026-05-23	2026-05-23" \
		"$Ava	passive	2025-11-20	2025-11-20	2026-10-20" \
		"$Ben	at_risk	2025-11-20	2025-11-20	2026-05-23" \
		"$Bea	churned	2025-11-19	2025-11-19	2026-11-19" \
		"$Cal	passive	2026-04-01	2026-04-01	2026-06-01" \
		"$Kim	new	2026-09-21	2026-09-21	2026-09-21" \
		"$Kai	new	2026-09-20	2026-09-20	2026-09-20" \
		"$Kit	active	2026-01-01	2026-08-28	2026-08-28" \
		"$Kay	active	2026-01-01	2026-08-27	2026-11-01" >at20.tsv &&
	cp at20.tsv expect &&
	expect_status 0 crm-segment lifecycle --at 2026-11-20 &&
	segment_ok
'

# Without --at the reference is 11-20 10:00: every day count above is
# the same once rounded down (Nat 90 days 10 hours: 90; Nia 90 days 22
# hours: 90; Abe 180 days 10 hours: 180; Ava 365 days 10 hours: 365),
# but Tod's purchase at 15:00 has not happened yet: a prospect.
test_expect 'lifecycle without --at: as of CRM_NOW' '
	grep -v "^$Tod	" at20.tsv >expect &&
	rows "$(cat expect)" "$Tod	prospect			" >expect &&
	expect_status 0 crm-segment lifecycle &&
	segment_ok
'

# One day later every boundary is crossed:
#   Pete's purchase and call of 11-21 count (the whole day): new
#   Nat 91, Nia 91.5 -> 91: no longer new, last <= 180: active; Ned 92
#   active; Tod 1 day: new
#   Abe last 181, contact 181: at_risk; Amy last 182, contact 181:
#   at_risk; Ari at_risk; Ava and Ben 366: churned; Bea churned; Cal 234,
#   contact 173: passive; Kim 61, Kai 62: new; Kit 85, Kay 86: active
test_expect 'lifecycle --at 2026-11-21: one day later, across every boundary' '
	rows "$Pam	prospect			" \
		"$Pia	prospect			2026-11-05" \
		"$Pete	new	2026-11-21	2026-11-21	2026-11-21" \
		"$Nat	active	2026-08-22	2026-08-22	2026-08-22" \
		"$Ned	active	2026-08-21	2026-08-21	2026-08-21" \
		"$Nia	active	2026-08-21	2026-08-21	2026-08-21" \
		"$Tod	new	2026-11-20	2026-11-20	2026-11-20" \
		"$Abe	at_risk	2026-01-01	2026-05-24	2026-05-24" \
		"$Amy	at_risk	2026-01-01	2026-05-23	2026-05-24" \
		"$Ari	at_risk	2026-01-01	2026-05-23	2026-05-23" \
		"$Ava	churned	2025-11-20	2025-11-20	2026-10-20" \
		"$Ben	churned	2025-11-20	2025-11-20	2026-05-23" \
		"$Bea	churned	2025-11-19	2025-11-19	2026-11-19" \
		"$Cal	passive	2026-04-01	2026-04-01	2026-06-01" \
		"$Kim	new	2026-09-21	2026-09-21	2026-09-21" \
		"$Kai	new	2026-09-20	2026-09-20	2026-09-20" \
		"$Kit	active	2026-01-01	2026-08-28	2026-08-28" \
		"$Kay	active	2026-01-01	2026-08-27	2026-11-01" >expect &&
	expect_status 0 crm-segment --at 2026-11-21 lifecycle &&
	segment_ok
'

# The stage of a contact does not depend on the rest of the population.
test_expect '--where and - select the population; the stages stay' '
	grep -e "^$Amy	" -e "^$Ben	" -e "^$Pam	" at20.tsv >expect &&
	expect_status 0 crm-segment lifecycle --at 2026-11-20 \
		--where "name = amy or email = ben@x.org or name = pam" &&
	segment_ok &&
	printf "%s\n" amy@x.org "$Ben" "$(printf %.6s "$Pam")" >in &&
	expect_status 0 crm-segment - lifecycle --at 2026-11-20 <in &&
	segment_ok &&
	printf "%s\n" amy@x.org nobody@x.org >in &&
	expect_status 67 crm-segment - lifecycle --at 2026-11-20 <in &&
	test_cmp /dev/null out
'

# json leaves empty values out, as crm-find -f json does.
test_expect 'formats: --header, csv, json (empty days left out), -n, --count' '
	{
		printf "id\tlifecycle\tfirst_purchase\tlast_purchase\tlast_contact\n" &&
		grep -e "^$Amy	" -e "^$Pam	" at20.tsv
	} >expect &&
	expect_status 0 crm-segment lifecycle --at 2026-11-20 --header \
		--where "name = amy or name = pam" &&
	segment_ok &&
	tr "\t" , <expect | awk "{ printf \"%s\\r\\n\", \$0 }" >csv &&
	mv csv expect &&
	expect_status 0 crm-segment lifecycle --at 2026-11-20 -f csv \
		--where "name = amy or name = pam" &&
	segment_ok &&
	rows "{\"id\":\"$Amy\",\"lifecycle\":\"passive\",\"first_purchase\":\"2026-01-01\",\"last_purchase\":\"2026-05-23\",\"last_contact\":\"2026-05-24\"}" \
		"{\"id\":\"$Pam\",\"lifecycle\":\"prospect\"}" >expect &&
	expect_status 0 crm-segment lifecycle --at 2026-11-20 -f json \
		--where "name = amy or name = pam" &&
	segment_ok &&
	head -n 3 at20.tsv >expect &&
	expect_status 0 crm-segment lifecycle --at 2026-11-20 -n 3 &&
	segment_ok &&
	echo 18 >expect &&
	expect_status 0 crm-segment lifecycle --count &&
	segment_ok
'

test_expect 'lifecycle makes no commit' '
	test "$(commits)" -eq "$COMMITS"
'

test_expect 'setup: a clone to edit crm.yaml' '
	git clone -q "$STORE" work &&
	cp work/crm.yaml crm.orig &&
	! grep -q "^lifecycle:" crm.orig
'

# new 60 days, active 12 weeks = 84 days, passive 6 months = 180 days.
# (The last contact is only tested where both 84 and 180 days agree.)
#   Kim first 60 <= 60: new; Kai first 61: last 61 <= 84: active
#   Kit last 84: active; Kay last 85, a contact 19 days before: passive
#   Amy last 181 > 180: churned; Abe: last 180 <= 180 but over 84,
#   contact 180: not tested here
#   Tod new; Pam prospect
test_expect 'crm.yaml lifecycle: new 60d, active 12w, passive 6m' '
	config "lifecycle:" "  new: 60d" "  active: 12w" "  passive: 6m" &&
	git -C "$STORE" show HEAD:crm.yaml | grep -qx "  active: 12w" &&
	rows "$Kim	new	2026-09-21	2026-09-21	2026-09-21" \
		"$Kai	active	2026-09-20	2026-09-20	2026-09-20" \
		"$Kit	active	2026-01-01	2026-08-28	2026-08-28" \
		"$Kay	passive	2026-01-01	2026-08-27	2026-11-01" \
		"$Amy	churned	2026-01-01	2026-05-23	2026-05-24" \
		"$Tod	new	2026-11-20	2026-11-20	2026-11-20" \
		"$Pam	prospect			" >expect &&
	printf "%s\n" Kim Kai Kit Kay Amy Tod Pam | sed "s/$/@x.org/" >in &&
	expect_status 0 crm-segment - lifecycle --at 2026-11-20 <in &&
	segment_ok
'

# new 2 weeks = 14 days; active 6m = 180 and passive 1y = 365 days, the
# defaults written another way:
#   Tod 0 <= 14 new; Kim first 60 > 14, last 60 <= 180: active
#   Abe last 180: active; Amy last 181, contact 180: passive
#   Ava last 365, contact 31: passive; Bea last 366: churned
test_expect 'crm.yaml lifecycle: new 2w, active 6m, passive 1y' '
	config "lifecycle:" "  new: 2w" "  active: 6m" "  passive: 1y" &&
	rows "$Tod	new	2026-11-20	2026-11-20	2026-11-20" \
		"$Kim	active	2026-09-21	2026-09-21	2026-09-21" \
		"$Abe	active	2026-01-01	2026-05-24	2026-05-24" \
		"$Amy	passive	2026-01-01	2026-05-23	2026-05-24" \
		"$Ava	passive	2025-11-20	2025-11-20	2026-10-20" \
		"$Bea	churned	2025-11-19	2025-11-19	2026-11-19" >expect &&
	printf "%s\n" Tod Kim Abe Amy Ava Bea | sed "s/$/@x.org/" >in &&
	expect_status 0 crm-segment - lifecycle --at 2026-11-20 <in &&
	segment_ok
'

# A window left out keeps its default: only new: 91d.
#   Ned first 91 <= 91: new (active by default); Nat new; Kim new
test_expect 'crm.yaml lifecycle: a window left out keeps its default' '
	config "lifecycle:" "  new: 91d" &&
	rows "$Ned	new	2026-08-21	2026-08-21	2026-08-21" \
		"$Abe	active	2026-01-01	2026-05-24	2026-05-24" \
		"$Amy	passive	2026-01-01	2026-05-23	2026-05-24" \
		"$Ben	at_risk	2025-11-20	2025-11-20	2026-05-23" \
		"$Bea	churned	2025-11-19	2025-11-19	2026-11-19" >expect &&
	printf "%s\n" Ned Abe Amy Ben Bea | sed "s/$/@x.org/" >in &&
	expect_status 0 crm-segment - lifecycle --at 2026-11-20 <in &&
	segment_ok
'

# --windows overrides crm.yaml (new: 91d here) for one run, a window at
# a time: new=14d and passive=365d, active from crm.yaml's default 180:
#   Ned first 91 > 14, last 91 <= 180: active (new with crm.yaml's 91d)
#   Tod 0 <= 14: new; Amy last 181, contact 180: passive
test_expect '--windows overrides crm.yaml for one run' '
	rows "$Ned	active	2026-08-21	2026-08-21	2026-08-21" \
		"$Tod	new	2026-11-20	2026-11-20	2026-11-20" \
		"$Amy	passive	2026-01-01	2026-05-23	2026-05-24" >expect &&
	printf "%s\n" Ned Tod Amy | sed "s/$/@x.org/" >in &&
	expect_status 0 crm-segment - lifecycle --windows new=14d,passive=1y \
		--at 2026-11-20 <in &&
	segment_ok &&
	rows "$Ned	new	2026-08-21	2026-08-21	2026-08-21" >expect &&
	echo ned@x.org | crm-segment - lifecycle --at 2026-11-20 >out 2>err &&
	segment_ok
'

test_expect '--windows: bad spans, unknown names, other modes: 64' '
	for bad in new=abc new90d fresh=30d new=0d active=400d ""; do
		expect_status 64 crm-segment lifecycle --windows "$bad" || exit 1
		test_cmp /dev/null out || exit 1
	done &&
	expect_status 64 crm-segment rfm --windows new=30d &&
	grep -q "windows" err
'

# The bad value is on the third line after crm.yaml as created.
test_expect 'a bad lifecycle window: 65, naming crm.yaml and its line' '
	line=$(($(wc -l <crm.orig) + 3)) &&
	for bad in abc 10x 0d -5d "[90d]"; do
		config "lifecycle:" "  new: 60d" "  active: $bad" || exit 1
		expect_status 65 crm-segment lifecycle --at 2026-11-20 || exit 1
		test_cmp /dev/null out || exit 1
		grep -q "^crm-segment: crm.yaml:$line:" err || exit 1
	done
'

test_expect 'an active window longer than the passive one: 65' '
	config "lifecycle:" "  active: 400d" &&
	expect_status 65 crm-segment lifecycle --at 2026-11-20 &&
	test_cmp /dev/null out &&
	grep -q "^crm-segment: crm.yaml:[0-9]*:" err
'

test_expect 'the defaults again once the windows are gone' '
	config &&
	cp at20.tsv expect &&
	expect_status 0 crm-segment lifecycle --at 2026-11-20 &&
	segment_ok
'

done_testing
