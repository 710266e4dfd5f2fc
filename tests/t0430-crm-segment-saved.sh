#!/bin/sh
# Saved segments (crm-segment save NAME FILTER..., --list, NAME, rm NAME):
# segments/NAME.yaml in one commit, the names allowed, filters checked
# when saved (no parse error, no segment that contains itself, directly
# or through another), members printed like crm-find, exit 1 when empty
# and 67 when missing; the filter fields segment=, rfm= and lifecycle=
# (and !=) in crm-find and --where, computed as of now, their errors;
# --tag PREFIX on rfm, lifecycle and value: PREFIX:LABEL in place of the
# old PREFIX:* tags, in exactly one commit, other tags and contacts
# outside the population untouched, and where --tag is refused.
. "${0%/*}/lib.sh"
. "$TEST_SRC/segment-lib.sh"

CRM_NOW=2026-11-20T10:00:00Z
export CRM_NOW

# finds FILTER NAME...: crm-find FILTER -o name prints these names (in
# crm-find's order, by name) and exits 0, or with no NAME prints nothing
# and exits 1.
finds() {
	filter=$1
	shift
	if [ $# -eq 0 ]; then
		: >expect
		want=1
	else
		printf '%s\n' "$@" >expect
		want=0
	fi
	if expect_status $want crm-find -o name "$filter" && segment_ok; then
		return 0
	fi
	echo "# for: crm-find -o name '$filter'" >&2
	return 1
}

# tags_of EMAIL: the tags of that contact, sorted, one line.
tags_of() {
	crm-find "email = $1" -o tags | tr , '\n' | sort | tr '\n' ' '
}

# The contacts, as of now (2026-11-20 10:00):
#   Ann  [vip rfm:old]          300 on 11-15
#   Bob  [rfm:stale x]          100 on 2025-06-01
#   Cy   [life:foo rfm:champions]  a call on 11-01: no purchase
#   Di   []                     50 on 11-18, 11-10 and 2026-01-10
#   Ed   []                     20 on 03-01, a call on 09-01
#   Fay  [rfm rfm2:x]           40 on 04-01 (tags not of the prefix rfm:)
test_expect 'setup: six contacts, five customers' '
	crm-add contact --name Ann --email ann@x.org --tag vip --tag rfm:old \
		>Ann.id 2>/dev/null &&
	crm-add contact --name Bob --email bob@x.org --tag rfm:stale --tag x >Bob.id &&
	crm-add contact --name Cy --email cy@x.org --tag life:foo \
		--tag rfm:champions >Cy.id &&
	crm-add contact --name Di --email di@x.org >Di.id &&
	crm-add contact --name Ed --email ed@x.org >Ed.id &&
	crm-add contact --name Fay --email fay@x.org --tag rfm --tag rfm2:x >Fay.id &&
	log ann@x.org purchase 2026-11-15 300 &&
	log bob@x.org purchase 2025-06-01 100 &&
	log cy@x.org call 2026-11-01 &&
	log di@x.org purchase 2026-11-18 50 &&
	log di@x.org purchase 2026-11-10 50 &&
	log di@x.org purchase 2026-01-10 50 &&
	log ed@x.org purchase 2026-03-01 20 &&
	log ed@x.org call 2026-09-01 &&
	log fay@x.org purchase 2026-04-01 40 &&
	test "$(tags_of cy@x.org)" = "life:foo rfm:champions "
'
for n in Ann Bob Cy Di Ed Fay; do
	eval "$n=\$(cat $n.id 2>/dev/null)"
done

# ---- rfm= and lifecycle= in filters ----

# rfm as of now, n = 5 customers (score = rank):
#   recency: Ann 5, Bob 537, Di 2, Ed 264, Fay 233 days
#   R: Bob 1, Ed 2, Fay 3, Ann 4, Di 5
#   F: Ann Bob Ed Fay 1 purchase: 1; Di 3: rank 5
#   M: Ed 20 1, Fay 40 2, Bob 100 3, Di 150 4, Ann 300 5
# Ann 415 promising, Bob 113 hibernating, Di 554 champions, Ed 211
# hibernating, Fay 312 about_to_sleep; Cy is no customer.
test_expect 'the rfm table these filters are computed from' '
	printf "%s\n" "$Ann	5	1	300.00	4	1	5	415	promising" \
		"$Bob	537	1	100.00	1	1	3	113	hibernating" \
		"$Di	2	3	150.00	5	5	4	554	champions" \
		"$Ed	264	1	20.00	2	1	1	211	hibernating" \
		"$Fay	233	1	40.00	3	1	2	312	about_to_sleep" | sort >expect &&
	expect_status 0 crm-segment rfm &&
	segment_ok
'

test_expect 'rfm=LABEL and rfm!=LABEL in crm-find' '
	finds "rfm=champions" Di &&
	finds "rfm = hibernating" Bob Ed &&
	finds "rfm=promising" Ann &&
	finds "rfm=about_to_sleep" Fay &&
	finds "rfm=loyal_customers" &&
	finds "rfm!=hibernating" Ann Cy Di Fay &&
	finds "not rfm=hibernating and revenue > 0" Ann Di Fay
'

# Lifecycle as of now: Ann first purchase 5 days: new; Bob last 537:
# churned; Cy prospect; Di first 314, last 2: active; Ed last 264, a
# call 80 days: passive; Fay last 233, no later contact: at_risk.
test_expect 'lifecycle=LABEL and lifecycle!=LABEL in crm-find' '
	finds "lifecycle=new" Ann &&
	finds "lifecycle=churned" Bob &&
	finds "lifecycle=prospect" Cy &&
	finds "lifecycle=active" Di &&
	finds "lifecycle=passive" Ed &&
	finds "lifecycle=at_risk" Fay &&
	finds "lifecycle!=prospect" Ann Bob Di Ed Fay &&
	finds "lifecycle=passive or rfm=champions" Di Ed &&
	finds "rfm=hibernating and lifecycle=churned" Bob
'

# On 2027-03-01 Ann's first purchase (2026-11-15) is 106 days old: no
# longer new but active (last purchase 106 <= 180), as is Di (103).
test_expect 'rfm= and lifecycle= are computed as of now (CRM_NOW)' '
	CRM_NOW=2027-03-01T00:00:00Z finds "lifecycle=new" &&
	CRM_NOW=2027-03-01T00:00:00Z finds "lifecycle=active" Ann Di
'

test_expect 'rfm= and lifecycle= in --where' '
	printf "%s\n" "$Bob	churned	2025-06-01	2025-06-01	2025-06-01" \
		"$Ed	passive	2026-03-01	2026-03-01	2026-09-01" | sort >expect &&
	expect_status 0 crm-segment lifecycle --where "rfm=hibernating" &&
	segment_ok &&
	# Fay alone: all of the revenue, high value; service 0 = the median
	echo "$Fay	40.00	0	high_value_low_service" >expect &&
	expect_status 0 crm-segment value --where "lifecycle=at_risk" &&
	segment_ok
'

test_expect 'an unknown label: 64, naming the labels expected' '
	expect_status 64 crm-find "rfm=vip" &&
	test_cmp /dev/null out &&
	for l in champions loyal_customers potential_loyalists new_customers \
	    promising need_attention about_to_sleep at_risk cant_lose hibernating; do
		grep -q "$l" err || exit 1
	done &&
	expect_status 64 crm-find "lifecycle=foo" &&
	test_cmp /dev/null out &&
	for l in prospect new active passive at_risk churned; do
		grep -q "$l" err || exit 1
	done &&
	expect_status 64 crm-segment rfm --where "lifecycle = lost" &&
	test_cmp /dev/null out
'

test_expect 'only = and != compare segments: <, >, ~ are 64' '
	for f in "rfm<champions" "rfm > champions" "lifecycle>=new" \
	    "lifecycle ~ new" "rfm !~ champions" "segment<big"; do
		expect_status 64 crm-find "$f" || exit 1
		test_cmp /dev/null out || exit 1
	done
'

# ---- saved segments ----

test_expect 'save: segments/NAME.yaml holding the filter, in one commit' '
	before=$(commits) &&
	expect_status 0 crm-segment save big "revenue > 120" &&
	test "$(commits)" -eq $((before + 1)) &&
	git -C "$STORE" show --name-only --format= HEAD >files &&
	echo segments/big.yaml >expect &&
	test_cmp expect files &&
	echo "filter: revenue > 120" >expect &&
	git -C "$STORE" show HEAD:segments/big.yaml >actual &&
	test_cmp expect actual
'

test_expect 'save joins the words of the filter with spaces' '
	before=$(commits) &&
	expect_status 0 crm-segment save quiet lifecycle = passive or \
		lifecycle = at_risk &&
	test "$(commits)" -eq $((before + 1)) &&
	echo "filter: lifecycle = passive or lifecycle = at_risk" >expect &&
	git -C "$STORE" show HEAD:segments/quiet.yaml >actual &&
	test_cmp expect actual
'

test_expect 'NAME: the members, like crm-find with that filter' '
	crm-find "revenue > 120" >expect &&
	test "$(wc -l <expect)" -eq 2 &&
	expect_status 0 crm-segment big &&
	segment_ok &&
	printf "Ann\t300.00\nDi\t150.00\n" >expect &&
	expect_status 0 crm-segment big -o name,revenue &&
	segment_ok &&
	printf "Ed\nFay\n" >expect &&
	expect_status 0 crm-segment quiet -o name &&
	segment_ok &&
	printf "Di\nAnn\n" >expect &&
	expect_status 0 crm-segment big -o name --sort revenue &&
	segment_ok
'

test_expect 'NAME with --where and -: members of both' '
	echo Ann >expect &&
	expect_status 0 crm-segment big -o name --where "tag = vip" &&
	segment_ok &&
	echo Di >expect &&
	printf "%s\n" di@x.org "$Fay" >in &&
	expect_status 0 crm-segment - big -o name <in &&
	segment_ok
'

test_expect 'NAME with no members: exit 1; no such segment: 67' '
	crm-segment save none "revenue > 100000" &&
	expect_status 1 crm-segment none &&
	test_cmp /dev/null out &&
	expect_status 1 crm-segment big --where "name = bob" &&
	test_cmp /dev/null out &&
	expect_status 67 crm-segment nosuch &&
	test_cmp /dev/null out &&
	grep -q nosuch err
'

test_expect '--list: name<TAB>filter, by name' '
	printf "%s\t%s\n" big "revenue > 120" none "revenue > 100000" \
		quiet "lifecycle = passive or lifecycle = at_risk" >expect &&
	expect_status 0 crm-segment --list &&
	segment_ok &&
	{ printf "name\tfilter\n" && cat expect; } >e && mv e expect &&
	expect_status 0 crm-segment --list --header &&
	segment_ok
'

# The filter text survives YAML: " #" would start a comment in a plain
# scalar, ": " a mapping.
test_expect 'a filter with YAML indicators is kept as written' '
	expect_status 0 crm-segment save odd "name = \"a: #1\" or tag = '"'"'x'"'"'" &&
	expect_status 0 crm-segment --list &&
	grep -Fx "odd	name = \"a: #1\" or tag = '"'"'x'"'"'" out &&
	echo Bob >expect &&
	expect_status 0 crm-segment odd -o name &&
	segment_ok &&
	if python3 -c "import yaml" 2>/dev/null; then
		git -C "$STORE" show HEAD:segments/odd.yaml >odd.yaml &&
		python3 - odd.yaml <<-\EOF
		import sys, yaml
		doc = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
		assert doc == {"filter": "name = \"a: #1\" or tag = '"'"'x'"'"'"}, doc
		EOF
	fi
'

test_expect 'segment=NAME and segment!=NAME in crm-find and --where' '
	finds "segment=big" Ann Di &&
	finds "segment = quiet" Ed Fay &&
	finds "segment!=big" Bob Cy Ed Fay &&
	finds "segment=big or segment=quiet" Ann Di Ed Fay &&
	finds "segment=big and rfm=champions" Di &&
	finds "segment=none" &&
	printf "%s\n" "$Ann	5	1	300.00	1	1	3	113	hibernating" \
		"$Di	2	3	150.00	3	3	1	331	need_attention" | sort >expect &&
	expect_status 0 crm-segment rfm --where "segment=big" &&
	segment_ok
'
# (Ann and Di alone, n = 2: score = 1 + floor(5 (rank-1) / 2), ranks 1
# and 2 score 1 and 3.  R: Ann 5 days r1, Di 2 days r2; F: Ann 1, Di 3;
# M: Di 150 r1, Ann 300 r2.  Ann 113 hibernating, Di 331 need_attention.)

test_expect 'a segment built on another' '
	expect_status 0 crm-segment save vipbig "segment=big and tag = vip" &&
	echo Ann >expect &&
	expect_status 0 crm-segment vipbig -o name &&
	segment_ok &&
	finds "segment=vipbig" Ann
'

test_expect 'a saved segment on rfm= and lifecycle=' '
	expect_status 0 crm-segment save champs "rfm=champions or lifecycle=new" &&
	printf "Ann\nDi\n" >expect &&
	expect_status 0 crm-segment champs -o name &&
	segment_ok &&
	finds "segment=champs and not rfm=champions" Ann
'

# Relative dates count from the day the segment is used.
test_expect 'a saved filter with a relative date follows now' '
	crm-segment save recent "last_purchase > -7d" &&
	printf "Ann\nDi\n" >expect &&
	expect_status 0 crm-segment recent -o name &&
	segment_ok &&
	echo Di >expect &&
	CRM_NOW=2026-11-24T10:00:00Z expect_status 0 crm-segment recent -o name &&
	segment_ok
'

test_expect 'save again replaces the filter, in one commit' '
	before=$(commits) &&
	expect_status 0 crm-segment save big "revenue > 250" &&
	test "$(commits)" -eq $((before + 1)) &&
	echo "filter: revenue > 250" >expect &&
	git -C "$STORE" show HEAD:segments/big.yaml >actual &&
	test_cmp expect actual &&
	echo Ann >expect &&
	expect_status 0 crm-segment big -o name &&
	segment_ok &&
	expect_status 0 crm-segment save big "revenue > 120"
'

test_expect 'names: lowercase letters, digits, - and _, from a letter; not a mode' '
	before=$(commits) &&
	for name in Big 1big _big big.x big/x "bi g" "" b@d é \
	    rfm lifecycle value pareto by save rm list; do
		expect_status 64 crm-segment save "$name" "revenue > 1" || exit 1
		test_cmp /dev/null out || exit 1
		grep -q "^crm-segment: " err || exit 1
	done &&
	test "$(commits)" -eq "$before" &&
	expect_status 0 crm-segment save a "revenue > 1" &&
	expect_status 0 crm-segment save a-1_b9 "revenue > 1" &&
	test "$(commits)" -eq $((before + 2)) &&
	git -C "$STORE" show HEAD:segments/a-1_b9.yaml >/dev/null
'

test_expect 'a filter that does not parse: 64 and no commit' '
	before=$(commits) &&
	for f in "revenue >" "(tag = x" "tag = x and" "nosuch.field = 1" \
	    "revenue > abc" "rfm=vip" "lifecycle<new"; do
		expect_status 64 crm-segment save bad "$f" || exit 1
		test_cmp /dev/null out || exit 1
	done &&
	expect_status 64 crm-segment save bad &&
	test "$(commits)" -eq "$before" &&
	! git -C "$STORE" cat-file -e HEAD:segments/bad.yaml 2>/dev/null
'

test_expect 'a segment that contains itself: 64 and no commit' '
	before=$(commits) &&
	expect_status 64 crm-segment save loop "segment=loop" &&
	expect_status 64 crm-segment save loop "tag = x or not segment = loop" &&
	test "$(commits)" -eq "$before" &&
	! git -C "$STORE" cat-file -e HEAD:segments/loop.yaml 2>/dev/null &&
	# big is used by vipbig: big cannot use vipbig
	expect_status 64 crm-segment save big "segment=vipbig" &&
	test "$(commits)" -eq "$before" &&
	echo "filter: revenue > 120" >expect &&
	git -C "$STORE" show HEAD:segments/big.yaml >actual &&
	test_cmp expect actual &&
	# nor through two steps: s1 -> s2 -> s3 -> s1
	crm-segment save s3 "revenue > 0" &&
	crm-segment save s2 "segment=s3" &&
	crm-segment save s1 "segment=s2" &&
	before=$(commits) &&
	expect_status 64 crm-segment save s3 "segment=s1" &&
	test "$(commits)" -eq "$before" &&
	printf "Ann\nBob\nDi\nEd\nFay\n" >expect &&
	expect_status 0 crm-segment s1 -o name &&
	segment_ok
'

test_expect 'rm NAME: gone in one commit; 67 when missing' '
	before=$(commits) &&
	expect_status 0 crm-segment rm none &&
	test "$(commits)" -eq $((before + 1)) &&
	! git -C "$STORE" cat-file -e HEAD:segments/none.yaml 2>/dev/null &&
	expect_status 67 crm-segment none &&
	expect_status 0 crm-segment --list &&
	! grep "^none	" out &&
	grep -q "^big	" out &&
	expect_status 67 crm-segment rm none &&
	test_cmp /dev/null out &&
	expect_status 67 crm-segment rm nosuch &&
	test "$(commits)" -eq $((before + 1)) &&
	expect_status 64 crm-segment rm "Bad" &&
	expect_status 64 crm-segment rm
'

test_expect 'NAME, --list, rfm=, lifecycle=, segment= make no commit' '
	before=$(commits) &&
	crm-segment big >/dev/null &&
	crm-segment --list >/dev/null &&
	crm-find "rfm=champions or lifecycle=new or segment=big" >/dev/null &&
	crm-segment rfm --where "segment=big" >/dev/null &&
	test "$(commits)" -eq "$before"
'

# ---- --tag ----

test_expect 'rfm --tag rfm: the table, and rfm:LABEL in one commit' '
	crm-segment rfm >expect &&
	before=$(commits) &&
	crm-segment rfm --tag rfm >out 2>err &&
	test_cmp expect out &&
	test "$(commits)" -eq $((before + 1)) &&
	# every contact changed: Cy loses rfm:champions
	git -C "$STORE" show --name-only --format= HEAD | sort >files &&
	test "$(grep -c "^contacts/.*\.yaml$" files)" -eq 6 &&
	test "$(wc -l <files)" -eq 6 &&
	test "$(tags_of ann@x.org)" = "rfm:promising vip " &&
	test "$(tags_of bob@x.org)" = "rfm:hibernating x " &&
	test "$(tags_of cy@x.org)" = "life:foo " &&
	test "$(tags_of di@x.org)" = "rfm:champions " &&
	test "$(tags_of ed@x.org)" = "rfm:hibernating " &&
	test "$(tags_of fay@x.org)" = "rfm rfm2:x rfm:about_to_sleep " &&
	finds "tag = rfm:hibernating" Bob Ed
'

test_expect 'lifecycle --tag life: life:STAGE for every contact, one commit' '
	before=$(commits) &&
	expect_status 0 crm-segment lifecycle --tag life -q &&
	test "$(wc -l <out)" -eq 6 &&
	test "$(commits)" -eq $((before + 1)) &&
	test "$(tags_of ann@x.org)" = "life:new rfm:promising vip " &&
	test "$(tags_of bob@x.org)" = "life:churned rfm:hibernating x " &&
	test "$(tags_of cy@x.org)" = "life:prospect " &&
	test "$(tags_of di@x.org)" = "life:active rfm:champions " &&
	test "$(tags_of ed@x.org)" = "life:passive rfm:hibernating " &&
	test "$(tags_of fay@x.org)" = "life:at_risk rfm rfm2:x rfm:about_to_sleep "
'

# value as of now: total 610, 0.8 x 610 = 488: Ann 300 + Di 150 = 450,
# + Bob 100 = 550: high value Ann, Di, Bob.  Service: Ed 1 (the call),
# the others 0: median 0, Ed high.  No one grows (no purchase in the
# last 180 days for Ed and Fay).
test_expect 'value --tag v: v:QUADRANT for customers only, one commit' '
	printf "%s\n" "$Ann	300.00	0	high_value_low_service" \
		"$Di	150.00	0	high_value_low_service" \
		"$Bob	100.00	0	high_value_low_service" \
		"$Fay	40.00	0	low_value_low_service" \
		"$Ed	20.00	1	low_value_high_service" >expect &&
	before=$(commits) &&
	crm-segment value --tag v >out 2>/dev/null &&
	test_cmp expect out &&
	test "$(commits)" -eq $((before + 1)) &&
	test "$(tags_of ann@x.org)" = "life:new rfm:promising v:high_value_low_service vip " &&
	test "$(tags_of cy@x.org)" = "life:prospect " &&
	test "$(tags_of ed@x.org)" = "life:passive rfm:hibernating v:low_value_high_service " &&
	finds "tag = v:high_value_low_service" Ann Bob Di
'

# Ann alone: one customer, 111, hibernating.  Bob is outside the
# population: his rfm: tag stays.
test_expect '--tag with --where: contacts outside the population untouched' '
	before=$(commits) &&
	crm-segment rfm --where "tag = vip" --tag rfm >out 2>/dev/null &&
	echo "$Ann	5	1	300.00	1	1	1	111	hibernating" >expect &&
	test_cmp expect out &&
	test "$(commits)" -eq $((before + 1)) &&
	git -C "$STORE" show --name-only --format= HEAD >files &&
	echo "contacts/$(printf %.2s "$Ann")/$Ann.yaml" >expect &&
	test_cmp expect files &&
	test "$(tags_of ann@x.org)" = "life:new rfm:hibernating v:high_value_low_service vip " &&
	test "$(tags_of bob@x.org)" = "life:churned rfm:hibernating v:high_value_low_service x " &&
	test "$(tags_of di@x.org)" = "life:active rfm:champions v:high_value_low_service "
'

# The population is Cy and Di.  Di, the only customer, is the whole
# revenue: high value, service 0 = the median: high_value_low_service,
# the tag she has (not rewritten).  Cy, no customer, loses v:stale.
test_expect '--tag: a contact of the population with no label loses its PREFIX: tags' '
	before=$(commits) &&
	printf "%s\n" cy@x.org "$Di" >in &&
	crm-add --update cy@x.org --tag v:stale >/dev/null 2>&1 &&
	test "$(tags_of cy@x.org)" = "life:prospect v:stale " &&
	crm-segment - value --tag v <in >out 2>/dev/null &&
	echo "$Di	150.00	0	high_value_low_service" >expect &&
	test_cmp expect out &&
	test "$(commits)" -eq $((before + 2)) &&
	test "$(tags_of cy@x.org)" = "life:prospect " &&
	test "$(tags_of di@x.org)" = "life:active rfm:champions v:high_value_low_service "
'

test_expect '--tag with pareto, by, a saved segment, save, rm or --summary: 64' '
	before=$(commits) &&
	for args in "pareto --tag p" "by tags --tag p" "big --tag p" \
	    "rfm --summary --tag p" "save p2 tag=x --tag p" "rm big --tag p"; do
		# shellcheck disable=SC2086
		expect_status 64 crm-segment $args || exit 1
		test_cmp /dev/null out || exit 1
	done &&
	test "$(commits)" -eq "$before"
'

# --list is no mode that labels contacts: --tag goes with rfm, lifecycle
# and value only, and must not strip anyone's tags.
test_expect '--list --tag p: 64, no commit, the p: tags stay' '
	crm-add --update ann@x.org --tag p:keep >/dev/null 2>&1 &&
	before=$(commits) &&
	expect_status 64 crm-segment --list --tag p &&
	test_cmp /dev/null out &&
	test "$(commits)" -eq "$before" &&
	test "$(tags_of ann@x.org)" = "life:new p:keep rfm:hibernating v:high_value_low_service vip "
'

test_expect 'the store is sound after all this' '
	git -C "$STORE" fsck --strict 2>/dev/null &&
	test -z "$(git -C "$STORE" status --porcelain)"
'

done_testing
