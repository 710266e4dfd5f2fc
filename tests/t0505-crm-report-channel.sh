#!/bin/sh
# crm-report revenue --by channel: purchases and refunds grouped by their
# own channel field (not a field of the contact), with --where, windows
# and currencies as the other groupings take them.
. "${0%/*}/lib.sh"

CRM_NOW=2026-03-15T12:00:00Z
export CRM_NOW

# Ann: web 10.00 (01-05), shop 20.00 (02-01), web refund 2.00 (02-10);
# Bob (DE): web 5.00 (02-20), a purchase of 50 USD by phone (an order,
# no revenue), one without a channel 1.00 (03-01).
test_expect 'setup: purchases and refunds on three channels' '
	crm-add -q contact --name Ann --email ann@x.example --set country=FR &&
	crm-add -q contact --name Bob --email bob@x.example --set country=DE &&
	crm-log -q ann@x.example purchase o1 --amount 10 --channel web --at 2026-01-05 &&
	crm-log -q ann@x.example purchase o2 --amount 20 --channel shop --at 2026-02-01 &&
	crm-log -q ann@x.example refund r1 --amount 2 --channel web --at 2026-02-10 &&
	crm-log -q bob@x.example purchase o3 --amount 5 --channel web --at 2026-02-20 &&
	crm-log -q bob@x.example purchase o4 --amount 50 --currency USD --channel phone \
		--at 2026-02-21 &&
	crm-log -q bob@x.example purchase o5 --amount 1 --at 2026-03-01 &&
	crm-log -q bob@x.example call "no sale" --channel phone --at 2026-03-02
'

# shop 20.00 (1 order, 1 customer); web 10 - 2 + 5 = 13.00 (2 orders,
# 2 customers, average 6.50); (none) 1.00; phone 0.00 (1 order).
# Total 34.00.
test_expect 'revenue by channel: largest first, shares of the total' '
	expect_status 0 crm-report revenue --by channel &&
	{
		printf "shop\t20.00\t1\t1\t20.00\t0.5882\n"
		printf "web\t13.00\t2\t2\t6.50\t0.3824\n"
		printf "\t1.00\t1\t1\t1.00\t0.0294\n"
		printf "phone\t0.00\t1\t1\t0.00\t0.0000\n"
	} >expect &&
	test_cmp expect out
'

test_expect 'with --where, and a window' '
	expect_status 0 crm-report revenue --by channel --where "country = DE" &&
	printf "web\t5.00\t1\t1\t5.00\t0.8333\n\t1.00\t1\t1\t1.00\t0.1667\nphone\t0.00\t1\t1\t0.00\t0.0000\n" >expect &&
	test_cmp expect out &&
	expect_status 0 crm-report revenue --by channel --since 2026-02-01 --until 2026-02-15 &&
	printf "shop\t20.00\t1\t1\t20.00\t1.1111\nweb\t-2.00\t0\t0\t\t-0.1111\n" >expect &&
	test_cmp expect out
'

done_testing
