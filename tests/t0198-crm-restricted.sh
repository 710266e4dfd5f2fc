#!/bin/sh
# restricted: true keeps a contact out of segments and reports (their
# data is kept, and crm-find still finds them to manage them).
. "${0%/*}/lib.sh"

CRM_NOW=2026-03-15T12:00:00Z
export CRM_NOW

test_expect 'setup: two customers, one of them restricted' '
	crm-add -q contact --name Ann --email ann@x.example --set country=FR &&
	crm-add -q contact --name Rae --email rae@x.example --set country=FR &&
	crm-log -q ann@x.example purchase o1 --amount 10 --at 2026-01-05 &&
	crm-log -q rae@x.example purchase o2 --amount 500 --at 2026-01-06 &&
	expect_status 0 crm-report revenue --by year &&
	printf "2026\t510.00\t2\t2\t255.00\t\n" >expect && test_cmp expect out &&
	crm-add -q --update rae@x.example --set restricted=true &&
	git -C "$STORE" show HEAD:contacts/$(crm-find -o id email=rae@x.example | cut -c1-2)/$(crm-find -o id email=rae@x.example).yaml |
		grep -qx "restricted: true"
'

test_expect 'reports leave the restricted contact out' '
	expect_status 0 crm-report revenue --by year &&
	printf "2026\t10.00\t1\t1\t10.00\t\n" >expect && test_cmp expect out &&
	expect_status 0 crm-report &&
	grep "^top customers" out >top &&
	printf "top customers\tAnn\t10.00\t\n" >expect && test_cmp expect top &&
	expect_status 0 crm-report revenue --by country --where "country = FR" &&
	grep -q "^FR	10.00	1	1" out &&
	expect_status 0 crm-report quality &&
	grep -qx "contacts	total	1	" out &&
	grep -q "^deals	total" out
'

test_expect 'segments leave them out; crm-find still finds them' '
	ann=$(crm-find -o id email=ann@x.example) &&
	rae=$(crm-find -o id email=rae@x.example) &&
	expect_status 0 crm-segment rfm --at 2026-03-15 &&
	test "$(wc -l <out)" -eq 1 && grep -q "^$ann	" out &&
	expect_status 0 crm-segment lifecycle --at 2026-03-15 &&
	grep -q "^$ann	" out && ! grep -q "^$rae	" out &&
	expect_status 0 crm-find -o name "restricted = true" &&
	echo Rae >expect && test_cmp expect out
'

test_expect 'lifting the mark brings them back' '
	crm-add -q --update rae@x.example --set restricted=false &&
	expect_status 0 crm-report revenue --by year &&
	grep -q "^2026	510.00	2	2" out
'

test_expect 'the summary lists five top customers, the restricted left out' '
	for i in 1 2 3 4 5 6; do
		crm-add -q contact --name "C$i" --email c$i@x.example &&
		crm-log -q c$i@x.example purchase "o$i" --amount $((i * 100)) --at 2026-02-0$i || return 1
	done &&
	expect_status 0 crm-report &&
	grep "^top customers" out | cut -f2 >top &&
	printf "C6\nC5\nRae\nC4\nC3\n" >expect && test_cmp expect top &&
	crm-add -q --update c5@x.example --set restricted=true &&
	expect_status 0 crm-report &&
	grep "^top customers" out | cut -f2 >top &&
	printf "C6\nRae\nC4\nC3\nC2\n" >expect && test_cmp expect top
'

done_testing
