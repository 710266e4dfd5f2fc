#!/bin/sh
# crm-report --as-of: the figures as the store stood at a past day, read
# from its git history; and the pipeline's days in each stage, measured
# from the commits that moved each deal.  Each command runs at a chosen
# CRM_NOW, which is also the time of its commit.
. "${0%/*}/lib.sh"

at() {
	CRM_NOW=$1
	export CRM_NOW
	shift
	"$@"
}

# The history:
#   01-05 10:00 Ann added; 11:00 deal Big (1000, lead)
#   01-10       Ann buys 10.00
#   01-15 11:00 Big to proposal (after 10 days in lead)
#   01-20 12:00 deal Small (200, lead), Ann's
#   02-10       Bob added, buys 20.00 on 02-11 (logged then)
#   02-14 11:00 Big won (after 30 days in proposal)
#   03-01       a purchase of Ann's on 01-20, logged late (on 03-01)
test_expect 'setup: a history of two months' '
	at 2026-01-05T10:00:00Z crm-add -q contact --name Ann --email ann@x.example &&
	at 2026-01-05T11:00:00Z crm-add deal --title Big --contact ann@x.example \
		--amount 1000 --stage lead >big.id &&
	at 2026-01-10T10:00:00Z crm-log -q ann@x.example purchase o1 --amount 10 &&
	at 2026-01-15T11:00:00Z crm-add -q --update "$(cat big.id)" --stage proposal &&
	at 2026-01-20T12:00:00Z crm-add -q deal --title Small --contact ann@x.example \
		--amount 200 --stage lead &&
	at 2026-02-10T10:00:00Z crm-add -q contact --name Bob --email bob@x.example &&
	at 2026-02-11T10:00:00Z crm-log -q bob@x.example purchase o2 --amount 20 &&
	at 2026-02-14T11:00:00Z crm-add -q --update "$(cat big.id)" --stage won &&
	at 2026-03-01T09:00:00Z crm-log -q ann@x.example purchase late --amount 5 \
		--at 2026-01-20 &&
	test "$(git -C "$STORE" log -1 --format=%ci)" = "2026-03-01 09:00:00 +0000"
'

test_expect 'revenue as of the end of January: what was logged by then' '
	at 2026-03-15T00:00:00Z crm-report revenue --as-of 2026-01-31 >got &&
	printf "2026-01\t10.00\t1\t1\t10.00\t\n" >expect &&
	test_cmp expect got &&
	at 2026-03-15T00:00:00Z crm-report revenue >got &&
	printf "2026-01\t15.00\t2\t1\t7.50\t\n2026-02\t20.00\t1\t1\t20.00\t33.3\n" >expect &&
	test_cmp expect got
'

test_expect 'the pipeline as of a day: stages then, days in each stage so far' '
	at 2026-03-15T00:00:00Z crm-report pipeline --as-of 2026-01-31 >got &&
	grep -x "stage	lead	1	200.00	20.00" got &&
	grep -x "stage	proposal	1	1000.00	500.00" got &&
	grep -x "outcome	won	0	0.00	" got &&
	# lead: Big 10 days (done), Small 01-20 12:00 to 01-31 23:59:59
	# (a second short of 11.5): a mean of 10.7; proposal: Big 01-15 11:00
	# to the end of 01-31 (16.54)
	grep -x "days in stage	lead	2	10.7	" got &&
	grep -x "days in stage	proposal	1	16.5	" got
'

test_expect 'the pipeline now: Big won after 30 days in proposal' '
	at 2026-03-15T00:00:00Z crm-report pipeline >got &&
	grep -x "outcome	won	1	1000.00	" got &&
	# lead: Big 10, Small 01-20 12:00 to 03-15 00:00 (53.5); mean 31.75
	grep -x "days in stage	lead	2	31.8	" got &&
	grep -x "days in stage	proposal	1	30.0	" got &&
	! grep -q "days in stage	won" got
'

test_expect 'the summary and quality take --as-of as their day' '
	at 2026-03-15T00:00:00Z crm-report --as-of 2026-01-31 >got &&
	grep -x "contacts by stage	(none)	1	" got &&
	grep -x "revenue	this month	10.00	0.00" got &&
	at 2026-03-15T00:00:00Z crm-report quality --as-of 2026-01-31 >got &&
	grep -x "contacts	total	1	" got &&
	grep -x "deals	total	2	" got
'

test_expect 'a second run reads the cached index; crm reindex drops it' '
	test -f "$STORE/crm-index-asof.sqlite" &&
	at 2026-03-15T00:00:00Z crm-report revenue --as-of 2026-02-12 >got &&
	printf "2026-01\t10.00\t1\t1\t10.00\t\n2026-02\t20.00\t1\t1\t20.00\t100.0\n" >expect &&
	test_cmp expect got &&
	crm reindex -q &&
	test ! -f "$STORE/crm-index-asof.sqlite" &&
	at 2026-03-15T00:00:00Z crm-report revenue --as-of 2026-01-31 >got &&
	printf "2026-01\t10.00\t1\t1\t10.00\t\n" >expect &&
	test_cmp expect got
'

test_expect 'a report as of a day does not change the store or its live index' '
	n=$(commits) &&
	at 2026-03-15T00:00:00Z crm-report revenue >got &&
	grep -q "^2026-02	20.00" got &&
	crm-find -o name >names &&
	printf "Ann\nBob\n" >expect &&
	sort names | test_cmp expect - &&
	test "$(commits)" -eq "$n"
'

test_expect '--as-of before the store, or not a day: a usage error' '
	expect_status 64 crm-report --as-of 2025-12-31 &&
	grep -q "no commit that old" err &&
	expect_status 64 crm-report revenue --as-of someday &&
	grep -q "^crm-report: --as-of:" err
'

test_expect 'the HTML page says which commit it shows' '
	at 2026-03-15T00:00:00Z crm-report revenue --as-of 2026-01-31 -f html >page &&
	c=$(git -C "$STORE" log -1 --format=%h --abbrev=12 --before=2026-01-31T23:59:59Z) &&
	grep -q "the store as of commit $c of 2026-01-20T12:00:00Z" page
'

done_testing
