#!/bin/sh
# crm-report: revenue by period and by field, cohorts, the Pareto table
# and the summary, each figure checked against a small data set computed
# by hand: empty periods, a period with refunds only, a time zone that
# moves a purchase across midnight and a month end, deals without amounts,
# windows, --where and references on stdin.
. "${0%/*}/lib.sh"

CRM_NOW=2026-03-15T12:00:00Z
export CRM_NOW

test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $1 # skip $2"
}

# The data (all amounts EUR unless said):
#   Ann (FR, vip): purchases 10.00 on 2026-01-05, 20.00 on 2026-03-01
#   Bob (DE):      purchase 5.50 at 2026-01-31T23:30:00-02:00, that is
#                  2026-02-01T01:30:00Z (February, ISO week 5);
#                  refund 2.00 on 2026-02-10
#   Cy  (FR):      purchase 100 USD on 2026-02-20 (an order, no revenue);
#                  a refund of 1.00 on 2026-04-02 after a purchase of
#                  4.00 on 2026-04-02 (both after "now", in April)
#   Dee (no country): no purchase; an open task due 2026-03-10 (overdue)
#                  and an open task due 2026-03-20; a call on 2026-03-14
#   Ann also has a task of 2026-02-20, done (neither open nor overdue)
#   Deals (created now, 2026-03-15): 1000 in proposal (50 %) closing
#   2026-04-30; 400 won, closing 2026-03-25; a lead without amount; 300
#   lost (its own probability 20 %).
test_expect 'setup: four contacts, their purchases, refunds, tasks and deals' '
	crm-add contact --name "Ann Lee" --email ann@x.example --set country=FR \
		--tag vip --set stage=customer --owner alice >ann.id &&
	crm-add contact --name "Bob Roe" --email bob@x.example --set country=DE \
		--set stage=customer --owner bob >bob.id &&
	crm-add contact --name "Cy Dee" --email cy@x.example --set country=FR \
		--set stage=customer >cy.id &&
	crm-add contact --name "Dee Fox" --email dee@x.example --set stage=lead >dee.id &&
	crm-log -q ann@x.example purchase "o1" --amount 10 --at 2026-01-05 &&
	crm-log -q ann@x.example purchase "o2" --amount 20 --at 2026-03-01 &&
	crm-log -q bob@x.example purchase "o3" --amount 5.50 --at 2026-01-31T23:30:00-02:00 &&
	crm-log -q bob@x.example refund "r1" --amount 2 --at 2026-02-10 &&
	crm-log -q cy@x.example purchase "o4" --amount 100 --currency USD --at 2026-02-20 &&
	crm-log -q cy@x.example purchase "o5" --amount 4 --at 2026-04-02T09:00:00Z &&
	crm-log -q cy@x.example refund "r2" --amount 1 --at 2026-04-02T10:00:00Z &&
	crm-log -q dee@x.example task "Call back" --due 2026-03-10 --at 2026-03-01 &&
	crm-log -q dee@x.example task "Send offer" --due 2026-03-20 --at 2026-03-02 &&
	crm-log -q dee@x.example call "Hello" --at 2026-03-14 &&
	crm-log ann@x.example task "Old one" --due 2026-03-01 --at 2026-02-20 >done.id &&
	crm-log -q --done "$(cat done.id)" &&
	crm-add -q deal --title "Big" --contact ann@x.example --amount 1000 --stage proposal \
		--close 2026-04-30 &&
	crm-add -q deal --title "Done" --contact bob@x.example --amount 400 --stage won \
		--close 2026-03-25 &&
	crm-add -q deal --title "Maybe" --contact dee@x.example --stage lead &&
	crm-add -q deal --title "Gone" --contact cy@x.example --amount 300 --stage lost \
		--probability 20
'

test_expect 'revenue by month: every month, refunds subtracted, change on the month before' '
	# January: Ann 10.00 (Bob moved to February by his time zone);
	# February: Bob 5.50 - 2.00, Cy 100 USD counted as an order only;
	# March: Ann 20.00; April: Cy 4.00 - 1.00
	cat >expect <<-EOF &&
	period	revenue	orders	customers	average_order	change
	2026-01	10.00	1	1	10.00	
	2026-02	3.50	2	2	1.75	-65.0
	2026-03	20.00	1	1	20.00	471.4
	2026-04	3.00	1	1	3.00	-85.0
	EOF
	expect_status 0 crm-report --header revenue &&
	test_cmp expect out &&
	expect_status 0 crm-report --header revenue --by month &&
	test_cmp expect out
'

test_expect 'a window lists its empty periods, and --until takes the whole day' '
	cat >expect <<-EOF &&
	2025-12	0.00	0	0		
	2026-01	10.00	1	1	10.00	
	2026-02	3.50	2	2	1.75	-65.0
	EOF
	expect_status 0 crm-report revenue --since 2025-12-01 --until 2026-02-28 &&
	test_cmp expect out &&
	printf "2026-03-01\t20.00\t1\t1\t20.00\t\n" >expect &&
	expect_status 0 crm-report revenue --by day --since 2026-03-01 --until 2026-03-01 &&
	test_cmp expect out &&
	printf "2026-04-02\t3.00\t1\t1\t3.00\t\n" >expect &&
	expect_status 0 crm-report revenue --by day --since 2026-04-02 --until 2026-04-02 &&
	test_cmp expect out
'

test_expect 'a period with refunds only has negative revenue and no order' '
	cat >expect <<-EOF &&
	2026-02-01	5.50	1	1	5.50	
	2026-02-02	0.00	0	0		-100.0
	EOF
	crm-report revenue --by day --since 2026-02-01 --until 2026-02-10 >out &&
	head -2 out >first &&
	test_cmp expect first &&
	printf "2026-02-10\t-2.00\t0\t0\t\t\n" >expect &&
	tail -1 out >last &&
	test_cmp expect last
'

test_expect 'weeks are ISO weeks, quarters and years group the same sales' '
	cat >expect <<-EOF &&
	2026-W02	10.00	1	1	10.00	
	2026-W03	0.00	0	0		-100.0
	2026-W04	0.00	0	0		
	2026-W05	5.50	1	1	5.50	
	EOF
	crm-report revenue --by week | head -4 >out &&
	test_cmp expect out &&
	cat >expect <<-EOF &&
	2026-Q1	33.50	4	3	8.38	
	2026-Q2	3.00	1	1	3.00	-91.0
	EOF
	expect_status 0 crm-report revenue --by quarter &&
	test_cmp expect out &&
	printf "2026\t36.50\t5\t3\t7.30\t\n" >expect &&
	expect_status 0 crm-report revenue --by year &&
	test_cmp expect out
'

test_expect 'revenue by a field: largest first, list fields by element, none as empty' '
	# FR: Ann 30.00 + Cy 3.00 (and his USD order); DE: Bob 3.50
	cat >expect <<-EOF &&
	value	revenue	orders	customers	average_order	share
	FR	33.00	4	2	8.25	0.9041
	DE	3.50	1	1	3.50	0.0959
	EOF
	expect_status 0 crm-report --header revenue --by country &&
	test_cmp expect out &&
	printf "vip\t30.00\t2\t1\t15.00\t0.8219\n\t6.50\t3\t2\t2.17\t0.1781\n" >expect &&
	expect_status 0 crm-report revenue --by tags &&
	test_cmp expect out
'

test_expect '--where and references on stdin restrict every report to their contacts' '
	cat >expect <<-EOF &&
	2026-01	10.00	1	1	10.00	
	2026-02	0.00	0	0		-100.0
	2026-03	20.00	1	1	20.00	
	EOF
	expect_status 0 crm-report revenue --where "tag = vip" --until 2026-03-31 &&
	test_cmp expect out &&
	printf "bob@x.example\n" | crm-report revenue - >out &&
	printf "2026-02\t3.50\t1\t1\t3.50\t\n" >expect &&
	test_cmp expect out &&
	crm-find "country = DE" | crm-report revenue --by country - >out &&
	printf "DE\t3.50\t1\t1\t3.50\t1.0000\n" >expect &&
	test_cmp expect out
'

test_expect 'cohorts by first purchase: shares by later month, a triangle' '
	# cohorts: 2026-01 Ann; 2026-02 Bob, Cy.  Ann buys again in month
	# 2 (March); Cy in month 2 (April); April is the last month.
	cat >expect <<-EOF &&
	cohort	customers	0	1	2	3
	2026-01	1	100.0	0.0	100.0	0.0
	2026-02	2	100.0	0.0	50.0	
	EOF
	expect_status 0 crm-report --header cohort &&
	test_cmp expect out &&
	cat >expect <<-EOF &&
	2026-01	1	1	0	1	0
	2026-02	2	2	0	1	
	EOF
	expect_status 0 crm-report cohort --counts &&
	test_cmp expect out &&
	printf "2026-Q1\t3\t100.0\t33.3\n" >expect &&
	expect_status 0 crm-report cohort --by quarter &&
	test_cmp expect out &&
	printf "2026-02\t2\t2\t0\t1\t\n" >expect &&
	expect_status 0 crm-report cohort --counts --since 2026-02-01 &&
	test_cmp expect out
'

test_expect 'pareto: the revenue of the top customers, rounded up to whole ones' '
	# customers by revenue: Ann 30.00, Bob 3.50, Cy 3.00 (his USD order
	# makes him a customer; only EUR counts): total 36.50
	cat >expect <<-EOF &&
	top	customers	revenue	share
	1%	1	30.00	0.8219
	5%	1	30.00	0.8219
	10%	1	30.00	0.8219
	20%	1	30.00	0.8219
	50%	2	33.50	0.9178
	100%	3	36.50	1.0000
	EOF
	expect_status 0 crm-report --header pareto &&
	test_cmp expect out
'

# The last 30 days are 2026-02-13T12:00Z to now, the 30 before from
# 2026-01-14T12:00Z: purchases Ann 03-01 and Cy 02-20 against Bob 02-01;
# Bob's refund of 02-10 in the 30 before.  Open deals: 1000.00 in
# proposal (50 %) and a lead without amount; the won deal is closed.
test_expect 'the summary: stages, new contacts, touches, revenue, top customers, tasks, pipeline' '
	cat >expect <<-EOF &&
	contacts by stage	customer	3	
	contacts by stage	lead	1	
	new contacts	last 30 days	4	0
	interactions, last 30 days	call	1	0
	interactions, last 30 days	email	0	0
	interactions, last 30 days	meeting	0	0
	interactions, last 30 days	note	0	0
	interactions, last 30 days	purchase	2	1
	interactions, last 30 days	refund	0	1
	interactions, last 30 days	support	0	0
	interactions, last 30 days	task	3	0
	revenue	this month	20.00	3.50
	top customers	Ann Lee	30.00	
	top customers	Bob Roe	3.50	
	top customers	Cy Dee	3.00	
	top customers	Dee Fox	0.00	
	tasks	open	2	
	tasks	overdue	1	
	pipeline	open deals	1000.00	
	pipeline	weighted by probability	500.00	
	EOF
	expect_status 0 crm-report &&
	test_cmp expect out
'

test_expect 'pipeline: deals by stage, expected close, outcomes, days in the pipeline' '
	# stages in crm.yaml order; weighted = amount x probability / 100;
	# open deals: Big and Maybe; won Done: whole days from its creation
	# (03-15 12:00) to its close (03-25): 9; lost Gone closes on its last
	# update (now): 0; mean 4.5.  Every deal was committed now, and the
	# open ones have stayed in their stage since: 0 days there
	cat >expect <<-EOF &&
	section	item	deals	value	weighted
	stage	lead	1	0.00	0.00
	stage	proposal	1	1000.00	500.00
	stage	won	1	400.00	400.00
	stage	lost	1	300.00	60.00
	expected close	(no close date)	1	0.00	0.00
	expected close	2026-04	1	1000.00	500.00
	outcome	won	1	400.00	
	outcome	lost	1	300.00	
	outcome	win rate (%)	2	50.0	
	days in the pipeline	open deals, so far	2	0.0	
	days in the pipeline	closed deals	2	4.5	
	days in stage	lead	1	0.0	
	days in stage	proposal	1	0.0	
	EOF
	expect_status 0 crm-report --header pipeline &&
	test_cmp expect out &&
	expect_status 0 crm-report pipeline --at 2026-03-25 &&
	grep -qx "days in the pipeline	open deals, so far	2	10.0	" out &&
	expect_status 0 crm-report pipeline --where "country = FR" &&
	grep -qx "stage	proposal	1	1000.00	500.00" out &&
	grep -qx "stage	lost	1	300.00	60.00" out &&
	! grep -q "^stage	won" out
'

test_expect 'activity: interactions, contacts touched, tasks done and overdue' '
	cat >expect <<-EOF &&
	group	interactions	contacts	tasks_done	tasks_overdue
	purchase	5	3	0	0
	task	3	2	1	1
	refund	2	2	0	0
	call	1	1	0	0
	EOF
	expect_status 0 crm-report --header activity &&
	test_cmp expect out &&
	printf "\t6\t2\t0\t1\nalice\t3\t1\t1\t0\nbob\t2\t1\t0\t0\n" >expect &&
	expect_status 0 crm-report activity --by owner &&
	test_cmp expect out &&
	# W09 (02-23 to 03-01): Ann 03-01 purchase, Dee 03-01 task (due
	# 03-10, overdue on 03-15); W10: Dee task due 03-20; W11: Dee call
	printf "2026-W09\t2\t2\t0\t1\n2026-W10\t1\t1\t0\t0\n2026-W11\t1\t1\t0\t0\n" >expect &&
	expect_status 0 crm-report activity --by week --since 2026-02-23 --until 2026-03-15 &&
	test_cmp expect out
'

# Customers as of now (03-15 12:00): Ann 2 orders, 30.00, first 01-05 (69
# days); Bob 1 order, 3.50, first 02-01 01:30 (42 days); Cy 1 order in
# USD, 0.00, first 02-20 (23 days, counted as 30).  No customer went a
# year without buying: lifetime 10 years (the cap).  clv = average order
# x orders x 365 / days x lifetime: 15.00 x 730/69 x 10 = 1586.96;
# 3.50 x 365/42 x 10 = 304.17.
test_expect 'clv: per customer, and per segment, from the store'"'"'s churn' '
	a=$(cat ann.id) b=$(cat bob.id) c=$(cat cy.id) &&
	cat >expect <<-EOF &&
	id	name	revenue	orders	average_order	per_year	lifetime_years	clv
	$a	Ann Lee	30.00	2	15.00	10.58	10.00	1586.96
	$b	Bob Roe	3.50	1	3.50	8.69	10.00	304.17
	$c	Cy Dee	0.00	1	0.00	12.17	10.00	0.00
	EOF
	expect_status 0 crm-report --header clv &&
	test_cmp expect out &&
	# a year and a half on, every customer has gone a year without
	# buying: churn 1, lifetime 1 year
	expect_status 0 crm-report clv --at 2027-09-01 &&
	cut -f7 out | sort -u >lt &&
	echo 1.00 >expect &&
	test_cmp expect lt &&
	expect_status 0 crm-report clv --by segment &&
	awk -F"\t" "{ n += \$2 } END { print n }" out >n &&
	echo 3 >expect &&
	test_cmp expect n
'

if command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1; then
	test_expect 'on a terminal tables have bars scaled to the largest figure, periods a sparkline, cohorts shades' '
		script -qec "crm-report revenue --by quarter" /dev/null | tr -d "\r" >tty &&
		head -1 tty | grep -q "chart\$" &&
		grep "^2026-Q1" tty | grep -q "████████████████████\$" &&
		grep "^2026-Q2" tty | grep -q "  █▊\$" &&
		tail -1 tty >spark &&
		echo "revenue 2026-Q1..2026-Q2  █▁  low 3, high 33.5" >expect &&
		test_cmp expect spark &&
		crm-report -f table revenue --by quarter >piped &&
		! grep -q "chart\|█\|▁\|^revenue" piped &&
		script -qec "crm-report cohort" /dev/null | tr -d "\r" >tty &&
		grep "^2026-01" tty | grep -q "█ 100.0 *  0.0 *█ 100.0 *  0.0\$" &&
		grep "^2026-02" tty | grep -q "█ 100.0 *  0.0 *▓ 50.0\$" &&
		crm-report -f table cohort >piped &&
		! grep -q "█\|▓" piped
	'
else
	test_skip 'on a terminal a table has bars' 'no script(1)'
fi

test_expect 'bad options and modes are usage errors (64), and reports write nothing' '
	n=$(commits) &&
	expect_status 64 crm-report revenue --by fortnight &&
	grep -q "fortnight" err &&
	expect_status 64 crm-report cohort --by week &&
	expect_status 64 crm-report pareto --counts &&
	expect_status 64 crm-report --since 2026-01-01 &&
	expect_status 64 crm-report revenue --at 2026-01-01 &&
	expect_status 64 crm-report forecast &&
	expect_status 64 crm-report activity --by country &&
	expect_status 64 crm-report clv --by month &&
	expect_status 64 crm-report clv --since 2026-01-01 &&
	expect_status 64 crm-report pipeline --since 2026-01-01 &&
	expect_status 64 crm-report revenue --since 2026-02-01 --until 2026-01-01 &&
	expect_status 64 crm-report revenue --since someday &&
	expect_status 64 crm-report revenue --where "bogus >" &&
	test "$(commits)" -eq "$n"
'

test_expect 'every format: json rows carry the columns' '
	expect_status 0 crm-report -f json pareto &&
	head -1 out | grep -q "\"top\":\"1%\"" &&
	expect_status 0 crm-report -f csv --header revenue --by year &&
	printf "period,revenue,orders,customers,average_order,change\r\n2026,36.50,5,3,7.30,\r\n" >expect &&
	test_cmp expect out
'

done_testing
