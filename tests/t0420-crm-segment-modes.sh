#!/bin/sh
# crm-segment value, pareto and by: the high-value set (the fewest
# customers, largest revenue first and ties by id, whose revenue reaches
# --share of the total positive revenue), the service load from --since
# and its median (an even count rounds the mean of the middle two down),
# the quadrants and "growing" (the last 90 days against the 90 before,
# at their exact boundaries), the reference time; pareto's shares; by
# FIELD on a list field (tags) and a plain one (city), empty values, the
# order and ties; the formats; the usage errors; no commit.
. "${0%/*}/lib.sh"
. "$TEST_SRC/segment-lib.sh"

CRM_NOW=2026-11-20T10:00:00Z
export CRM_NOW

# Reference 2026-11-20 00:00 (--at 2026-11-20).  The service load counts
# from 2025-11-20 (365 days before) to the end of 2026-11-20; the last
# 90 days are from 2026-08-22, the 90 before from 2026-05-24.
#
#          revenue                            service       tags      city
#   Vic    1000 (03-01)                       3             vip eu    Paris
#          support 2025-11-20 (the first day counts), call 05-01,
#          meeting 06-01; not: an email, a note, a call 2025-11-19 23:00
#   Val    600 (10-01, last 90 days)          0 (an email)  vip       Berlin
#   Vera   300 (08-22: last 90 days)          2 supports    eu        Paris
#   Vin    50 (08-21: the 90 before)          1: a call on  promo     Rome
#          11-20 at 15:00 (that day counts), not the one on 11-21
#   Viv    25 (05-24: the 90 before)          0             eu new    -
#          + 25 (09-15: last 90 days)
#   Vlad   100 - refund 100 (10-01, 10-02)    2 meetings    -         Rome
#          (06-01, 10-01)
#   Vox    20 (05-23: 181 days, neither),     4 supports    vip       Berlin
#          refund 50 (09-01): -30             (01-10 02-10 09-10 10-10)
#   Nell   a call; 500 on 11-21 (after 11-20) -             eu        Paris
#   Noor   a support case                     -             promo     -
test_expect 'setup: seven customers and two other contacts' '
	add() {
		n=$1 city=$2
		shift 2
		set -- crm-add contact --name $n --email $n@x.org "$@"
		[ -n "$city" ] && set -- "$@" --city "$city"
		"$@" >$n.id 2>/dev/null
	} &&
	add Vic Paris --tag vip --tag eu &&
	add Val Berlin --tag vip &&
	add Vera Paris --tag eu &&
	add Vin Rome --tag promo &&
	add Viv "" --tag eu --tag new &&
	add Vlad Rome &&
	add Vox Berlin --tag vip &&
	add Nell Paris --tag eu &&
	add Noor "" --tag promo &&
	log Vic@x.org purchase 2026-03-01 1000 &&
	log Vic@x.org support 2025-11-20 &&
	log Vic@x.org call 2026-05-01 &&
	log Vic@x.org meeting 2026-06-01 &&
	log Vic@x.org email 2026-07-01 &&
	log Vic@x.org note 2026-08-01 &&
	log Vic@x.org call 2025-11-19T23:00:00Z &&
	log Val@x.org purchase 2026-10-01 600 &&
	log Val@x.org email 2026-10-02 &&
	log Vera@x.org purchase 2026-08-22 300 &&
	log Vera@x.org support 2026-09-01 &&
	log Vera@x.org support 2026-09-02 &&
	log Vin@x.org purchase 2026-08-21 50 &&
	log Vin@x.org call 2026-11-20T15:00:00Z &&
	log Vin@x.org call 2026-11-21 &&
	log Viv@x.org purchase 2026-05-24 25 &&
	log Viv@x.org purchase 2026-09-15 25 &&
	log Vlad@x.org purchase 2026-10-01 100 &&
	log Vlad@x.org refund 2026-10-02 100 &&
	log Vlad@x.org meeting 2026-06-01 &&
	log Vlad@x.org meeting 2026-10-01 &&
	log Vox@x.org purchase 2026-05-23 20 &&
	log Vox@x.org refund 2026-09-01 50 &&
	for d in 01-10 02-10 09-10 10-10; do
		log Vox@x.org support 2026-$d || exit 1
	done &&
	log Nell@x.org call 2026-11-01 &&
	log Nell@x.org purchase 2026-11-21 500 &&
	log Noor@x.org support 2026-11-01
'
for n in Vic Val Vera Vin Viv Vlad Vox Nell Noor; do
	eval "$n=\$(cat $n.id 2>/dev/null)"
done
# Vin and Viv have the same revenue: the one with the smaller id first.
LO=$(printf '%s\n' "$Vin" "$Viv" | sort | head -n 1)
HI=$(printf '%s\n' "$Vin" "$Viv" | sort | tail -n 1)
if [ "$LO" = "$Vin" ]; then LONAME=Vin; else LONAME=Viv; fi
COMMITS=$(commits)

# Total positive revenue 1000+600+300+50+50 = 2000 (Vlad 0 and Vox -30
# do not count); 0.8 x 2000 = 1600 = Vic + Val exactly: the high value.
# Services 3 0 2 1 0 2 4, sorted 0 0 1 2 2 3 4: median 2; high: Vic 3,
# Vox 4.  Growing (low value only): Vera 300 > 0; Vin 0 < 50; Viv 25 =
# 25: no; Vlad 100-100 = 0: no; Vox -50: no.
test_expect 'value --at 2026-11-20: revenue order, service, quadrants' '
	cat >value.tsv <<-EOF &&
	$Vic	1000.00	3	high_value_high_service
	$Val	600.00	0	high_value_low_service
	$Vera	300.00	2	growing
	$Vin	50.00	1	low_value_low_service
	$Viv	50.00	0	low_value_low_service
	$Vlad	0.00	2	low_value_low_service
	$Vox	-30.00	4	low_value_high_service
	EOF
	{ sed -n 1,3p value.tsv; grep "^$LO" value.tsv; grep "^$HI" value.tsv; sed -n 6,7p value.tsv; } >expect &&
	cp expect value.tsv &&
	expect_status 0 crm-segment value --at 2026-11-20 &&
	segment_ok
'

# 0.95 x 2000 = 1900 = Vic + Val + Vera exactly: Vera is high value, her
# service 2 is not above the median 2.
test_expect 'value --share 0.95: the set that reaches the share exactly' '
	sed "3s/growing/high_value_low_service/" value.tsv >expect &&
	expect_status 0 crm-segment value --share 0.95 --at 2026-11-20 &&
	segment_ok
'

# 0.5 x 2000 = 1000: Vic alone.  Val becomes low value, and her 600 of
# 10-01 (the last 90 days) against 0 in the 90 before make her growing.
test_expect 'value --share 0.5: a low-value customer with recent revenue grows' '
	sed -e "2s/high_value_low_service/growing/" value.tsv >expect &&
	expect_status 0 crm-segment value --share 0.5 --at 2026-11-20 &&
	segment_ok
'

# Without Vox: services 3 0 2 1 0 2, sorted 0 0 1 2 2 3: median (1+2)/2
# rounded down = 1; high: Vic 3, Vera 2, Vlad 2.  Still 2000 positive.
test_expect 'value: the median of an even count is rounded down' '
	grep -v "^$Vox" value.tsv |
		sed "/^$Vlad/s/low_value_low_service/low_value_high_service/" >expect &&
	expect_status 0 crm-segment value --at 2026-11-20 --where "not name = vox" &&
	segment_ok
'

# --since 2026-09-01: Vic 0, Val 0, Vera 2 (09-01 counts), Vin 1, Viv 0,
# Vlad 1 (10-01), Vox 2 (09-10, 10-10): sorted 0 0 0 1 1 2 2, median 1;
# high: Vera (growing anyway) and Vox.
test_expect 'value --since: the service load from that day' '
	cat >expect <<-EOF &&
	$Vic	1000.00	0	high_value_low_service
	$Val	600.00	0	high_value_low_service
	$Vera	300.00	2	growing
	EOF
	grep -e "^$LO" -e "^$HI" value.tsv >>expect &&
	cat >>expect <<-EOF &&
	$Vlad	0.00	1	low_value_low_service
	$Vox	-30.00	2	low_value_high_service
	EOF
	expect_status 0 crm-segment value --since 2026-09-01 --at 2026-11-20 &&
	segment_ok
'

# As of now (11-20 10:00): the service load counts from 2025-11-20 10:00
# (Vic's support at 00:00 is out: 2) to now (Vin's call at 15:00 is
# not yet: 0); the last 90 days start 2026-08-22 10:00 (Vera's purchase
# at 00:00 falls in the 90 before: 0 < 300, not growing), the 90 before
# start 2026-05-24 10:00 (Viv's first 25 falls out: 25 > 0, growing).
# Services 2 0 2 0 0 2 4, sorted 0 0 0 2 2 2 4: median 2; high: Vox.
test_expect 'value without --at: the windows end at CRM_NOW exactly' '
	cat >expect <<-EOF &&
	$Vic	1000.00	2	high_value_low_service
	$Val	600.00	0	high_value_low_service
	$Vera	300.00	2	low_value_low_service
	EOF
	for id in "$LO" "$HI"; do
		if [ "$id" = "$Vin" ]; then
			echo "$Vin	50.00	0	low_value_low_service"
		else
			echo "$Viv	50.00	0	growing"
		fi
	done >>expect &&
	cat >>expect <<-EOF &&
	$Vlad	0.00	2	low_value_low_service
	$Vox	-30.00	4	low_value_high_service
	EOF
	expect_status 0 crm-segment value &&
	segment_ok
'

# Shares of 2000: Vic 1000 0.5000, Val 600 0.3000 (cumulative 0.8000),
# Vera 300 0.1500 (0.9500), then Vin and Viv 50 each 0.0250 (0.9750,
# 1.0000), the smaller id first.  Vlad (0) and Vox (-30) never.
test_expect 'pareto: the high-value set with shares and cumulative shares' '
	cat >pareto.tsv <<-EOF &&
	$Vic	Vic	1000.00	0.5000	0.5000
	$Val	Val	600.00	0.3000	0.8000
	$Vera	Vera	300.00	0.1500	0.9500
	$LO	$LONAME	50.00	0.0250	0.9750
	EOF
	head -n 2 pareto.tsv >expect &&
	expect_status 0 crm-segment pareto --at 2026-11-20 &&
	segment_ok &&
	head -n 1 pareto.tsv >expect &&
	expect_status 0 crm-segment pareto --share 0.5 --at 2026-11-20 &&
	segment_ok &&
	head -n 2 pareto.tsv >expect &&
	expect_status 0 crm-segment pareto --share 0.5000001 --at 2026-11-20 &&
	segment_ok &&
	head -n 3 pareto.tsv >expect &&
	expect_status 0 crm-segment pareto --share 0.95 --at 2026-11-20 &&
	segment_ok &&
	cp pareto.tsv expect &&
	expect_status 0 crm-segment pareto --share 0.96 --at 2026-11-20 &&
	segment_ok &&
	{
		cat pareto.tsv &&
		if [ "$HI" = "$Vin" ]; then echo "$Vin	Vin	50.00	0.0250	1.0000"
		else echo "$Viv	Viv	50.00	0.0250	1.0000"; fi
	} >expect &&
	expect_status 0 crm-segment pareto --share 1 --at 2026-11-20 &&
	segment_ok
'

test_expect 'pareto and value: --header, json, --count' '
	{
		printf "id\tname\trevenue\tshare\tcumulative\n" && head -n 2 pareto.tsv
	} >expect &&
	expect_status 0 crm-segment pareto --header --at 2026-11-20 &&
	segment_ok &&
	cat >expect <<-EOF &&
	{"id":"$Vic","name":"Vic","revenue":1000.00,"share":0.5000,"cumulative":0.5000}
	{"id":"$Val","name":"Val","revenue":600.00,"share":0.3000,"cumulative":0.8000}
	EOF
	expect_status 0 crm-segment -f json pareto --at 2026-11-20 &&
	segment_ok &&
	cat >expect <<-EOF &&
	{"id":"$Vic","revenue":1000.00,"service":3,"quadrant":"high_value_high_service"}
	{"id":"$Val","revenue":600.00,"service":0,"quadrant":"high_value_low_service"}
	EOF
	expect_status 0 crm-segment -f json -n 2 value --at 2026-11-20 &&
	segment_ok &&
	{ printf "id\trevenue\tservice\tquadrant\n" && cat value.tsv; } >expect &&
	expect_status 0 crm-segment value --header --at 2026-11-20 &&
	segment_ok &&
	echo 7 >expect &&
	expect_status 0 crm-segment value --count --at 2026-11-20 &&
	segment_ok &&
	echo 2 >expect &&
	expect_status 0 crm-segment pareto --count --at 2026-11-20 &&
	segment_ok
'

# by tags as of 2026-11-20 (Nell's purchase of 11-21 not yet):
#   vip   Vic Val Vox        3 contacts, 3 customers, 1000+600-30 = 1570
#   eu    Vic Vera Viv Nell  4, 3, 1000+300+50 = 1350
#   promo Vin Noor           2, 1, 50
#   new   Viv                1, 1, 50
#   ""    Vlad               1, 1, 0
# The population's revenue: 1000+600+300+50+50+0-30 = 1970; shares
# 1570/1970 = 0.7970, 1350/1970 = 0.6853, 50/1970 = 0.0254.  promo and
# new tie on revenue: more contacts first.
test_expect 'by tags: one row per tag, the untagged as an empty value' '
	printf "%s\n" "vip	3	3	1570.00	0.7970" \
		"eu	4	3	1350.00	0.6853" \
		"promo	2	1	50.00	0.0254" \
		"new	1	1	50.00	0.0254" \
		"	1	1	0.00	0.0000" >expect &&
	expect_status 0 crm-segment by tags --at 2026-11-20 &&
	segment_ok &&
	expect_status 0 crm-segment by tags &&
	segment_ok
'

# by city: Paris Vic Vera Nell 3, 2, 1300 (0.6599); Berlin Val Vox 2, 2,
# 570 (0.2893); Rome Vin Vlad 2, 2, 50 and "" Viv Noor 2, 1, 50 (0.0254
# each): same revenue, same contacts: by value, "" before Rome.
test_expect 'by city: ties on revenue and contacts go by value' '
	printf "%s\n" "value	contacts	customers	revenue	share" \
		"Paris	3	2	1300.00	0.6599" \
		"Berlin	2	2	570.00	0.2893" \
		"	2	1	50.00	0.0254" \
		"Rome	2	2	50.00	0.0254" >expect &&
	expect_status 0 crm-segment by city --header --at 2026-11-20 &&
	segment_ok
'

# As of 2026-11-21 Nell's 500 counts: Paris 3, 3, 1800; the total is
# 2470: 1800/2470 = 0.7287, 570/2470 = 0.2308, 50/2470 = 0.0202.
test_expect 'by city --at 2026-11-21: a later purchase counts' '
	printf "%s\n" "Paris	3	3	1800.00	0.7287" \
		"Berlin	2	2	570.00	0.2308" \
		"	2	1	50.00	0.0202" \
		"Rome	2	2	50.00	0.0202" >expect &&
	expect_status 0 crm-segment by city --at 2026-11-21 &&
	segment_ok
'

# Only vip (Vic, Val, Vox): Paris 1, 1, 1000 (1000/1570 = 0.6369);
# Berlin 2, 2, 570 (0.3631).
test_expect 'by with --where and -: the population'"'"'s contacts only' '
	cat >expect <<-\EOF &&
	Paris	1	1	1000.00	0.6369
	Berlin	2	2	570.00	0.3631
	EOF
	expect_status 0 crm-segment by city --where "tag = vip" --at 2026-11-20 &&
	segment_ok &&
	printf "%s\n" vic@x.org "$Val" vox@x.org >in &&
	expect_status 0 crm-segment - by city --at 2026-11-20 <in &&
	segment_ok &&
	cat >expect <<-EOF &&
	{"value":"Paris","contacts":1,"customers":1,"revenue":1000.00,"share":0.6369}
	{"value":"Berlin","contacts":2,"customers":2,"revenue":570.00,"share":0.3631}
	EOF
	expect_status 0 crm-segment -f json by city --where "tag = vip" --at 2026-11-20 &&
	segment_ok
'

# value and pareto over part of the population: Vera, Vin, Vlad.
# Positive total 350; 0.8 x 350 = 280 <= 300: Vera alone.  Services
# 2 1 2, median 2: no one above.  Vin grows? 0 < 50: no.
test_expect 'value and pareto with --where: the totals of that population' '
	cat >expect <<-EOF &&
	$Vera	300.00	2	high_value_low_service
	$Vin	50.00	1	low_value_low_service
	$Vlad	0.00	2	low_value_low_service
	EOF
	expect_status 0 crm-segment value --at 2026-11-20 \
		--where "name = vera or name = vin or name = vlad or name = noor" &&
	segment_ok &&
	echo "$Vera	Vera	300.00	0.8571	0.8571" >expect &&
	expect_status 0 crm-segment pareto --at 2026-11-20 \
		--where "name = vera or name = vin or name = vlad" &&
	segment_ok
'

test_expect 'usage errors: --share out of range, no field for by, --tag, bad days: 64' '
	for args in "value --share 0" "value --share 1.5" "value --share -0.5" \
	    "value --share x" "pareto --share 0" "pareto --share 1.5" \
	    "pareto --share 1.0001" "by" "by city extra" "pareto --tag p" \
	    "by city --tag p" "value --at garbage" "pareto --at 2026-02-30" \
	    "value --since garbage"; do
		# shellcheck disable=SC2086
		expect_status 64 crm-segment $args || exit 1
		test_cmp /dev/null out || exit 1
		grep -q "^crm-segment: " err || exit 1
	done
'

test_expect 'value, pareto and by make no commit' '
	test "$(commits)" -eq "$COMMITS" &&
	test -z "$(git -C "$STORE" status --porcelain)"
'

done_testing
