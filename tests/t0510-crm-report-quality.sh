#!/bin/sh
# crm-report quality: per field the records that have it, those missing
# what crm.yaml expects, invalid emails and phones, likely duplicates,
# contacts never contacted, overdue tasks and completeness, each figure
# checked against a small data set computed by hand; and -o, --sort on
# computed tables.
. "${0%/*}/lib.sh"

CRM_NOW=2026-03-15T12:00:00Z
export CRM_NOW

# The data:
#   Ann Lee:  email, phone +33 1 23 45 67 89, org Acme, Paris, FR, vip; a call
#   ann lee:  another email, phone 01.23.45.67.89 (the same number), org
#             Acme: a likely duplicate of Ann by phone and by name in Acme
#   Bob Roe:  bob@example.c (a one-letter top-level domain), phone
#             "call me", DE
#   Cy Dee:   email, phone +1 (555) 010-9999 ext. 12, Lyon; a meeting; a
#             task due 2026-03-10 (overdue) and one due 2026-03-20
#   Eve:      a name only
#   Deals: Big (Cy, 100, closing 2026-04-30), Maybe (Eve, no amount)
# Completeness on name, email, phone, org, city, country (the default):
#   Ann 6/6 = 100, ann lee 4/6 = 67, Bob 4/6 = 67, Cy 4/6 = 67, Eve 1/6 = 17;
#   mean 318 / 5 = 63.6.
test_expect 'setup: five contacts, an organisation, tasks and deals' '
	crm-add -q contact --name "Ann Lee" --email ann@x.example \
		--phone "+33 1 23 45 67 89" --org Acme --set city=Paris \
		--set country=FR --tag vip &&
	crm-add -q contact --name "ann lee" --email ann.lee@x.example \
		--phone "01.23.45.67.89" --org Acme &&
	crm-add -q contact --name "Bob Roe" --email bob@example.c \
		--phone "call me" --set country=DE &&
	crm-add -q contact --name "Cy Dee" --email cy@y.example \
		--phone "+1 (555) 010-9999 ext. 12" --set city=Lyon &&
	crm-add contact --name Eve >eve.id &&
	crm-log -q ann@x.example call "hi" --at 2026-03-01 &&
	crm-log -q cy@y.example meeting "met" --at 2026-03-02 &&
	crm-log -q cy@y.example task "t1" --due 2026-03-10 --at 2026-03-01 &&
	crm-log -q cy@y.example task "t2" --due 2026-03-20 --at 2026-03-01 &&
	crm-add -q deal --title Big --contact cy@y.example --amount 100 \
		--close 2026-04-30 &&
	crm-add -q deal --title Maybe --contact "$(cat eve.id)"
'

test_expect 'contact fields, missing ones, checks and completeness' '
	expect_status 0 crm-report quality &&
	sed -n "/^contact/p;/^checks/p;/^completeness	contact/p" out >got &&
	cat >expect <<-\EOT &&
	contacts	total	5	
	contact fields	name	5	100.0
	contact fields	email	4	80.0
	contact fields	phone	4	80.0
	contact fields	org	2	40.0
	contact fields	title	0	0.0
	contact fields	city	2	40.0
	contact fields	country	2	40.0
	contact fields	tags	1	20.0
	contact fields	owner	0	0.0
	contact fields	stage	0	0.0
	contact missing	name	0	0.0
	contact missing	email	1	20.0
	contact missing	phone	1	20.0
	contact missing	org	3	60.0
	contact missing	city	3	60.0
	contact missing	country	3	60.0
	completeness	contact		63.6
	checks	invalid emails	1	20.0
	checks	invalid phones	1	20.0
	checks	likely duplicates	2	40.0
	checks	never contacted	3	60.0
	checks	overdue tasks	1	50.0
	EOT
	test_cmp expect got
'

# Deals: Big has contact, amount, close (3/4 = 75), Maybe contact only
# (1/4 = 25): mean 50.0.  Acme has a name only: 1/3 = 33.
test_expect 'organisations and deals: fields, missing ones, completeness' '
	expect_status 0 crm-report quality &&
	grep -E "^(deals|deal missing|completeness	deal|orgs|org missing|completeness	org)" out >got &&
	cat >expect <<-\EOT &&
	orgs	total	1	
	org missing	name	0	0.0
	org missing	domain	1	100.0
	org missing	country	1	100.0
	completeness	org		33.0
	deals	total	2	
	deal missing	contact	0	0.0
	deal missing	amount	1	50.0
	deal missing	close	1	50.0
	deal missing	owner	2	100.0
	completeness	deal		50.0
	EOT
	test_cmp expect got &&
	grep -qx "deal fields	amount	1	50.0" out
'

test_expect '-o id,completeness gives a row per contact, the least complete first' '
	expect_status 0 crm-report quality -o name,completeness,missing,problems &&
	cat >expect <<-\EOT &&
	Eve	17	email,phone,org,city,country	never contacted
	Bob Roe	67	org,city	invalid email, invalid phone, never contacted
	Cy Dee	67	org,country	
	ann lee	67	city,country	never contacted, likely duplicate
	Ann Lee	100		likely duplicate
	EOT
	test_cmp expect out &&
	expect_status 0 crm-report quality -o id,completeness &&
	head -1 out | cut -f1 >first &&
	test_cmp eve.id first
'

test_expect '--sort and -n on a computed table' '
	expect_status 0 crm-report quality -o name,completeness --sort=-completeness,name -n 2 &&
	printf "Ann Lee\t100\nBob Roe\t67\n" >expect &&
	test_cmp expect out &&
	expect_status 0 crm-report revenue --by year --sort=-revenue -o period &&
	expect_status 64 crm-report quality -o nosuch &&
	grep -q "no column .nosuch." err &&
	expect_status 64 crm-segment rfm --sort nosuch
'

test_expect 'crm.yaml expected: the fields it names are the ones scored' '
	git clone -q "$STORE" work &&
	(cd work && printf "expected:\n  contact: [phone, city]\n  deal: amount\n" >>crm.yaml &&
	 git commit -qam "expect phone and city" && git push -q origin main) &&
	expect_status 0 crm-report quality &&
	grep -E "^(contact missing|completeness|deal missing)" out >got &&
	cat >expect <<-\EOT &&
	contact missing	phone	1	20.0
	contact missing	city	3	60.0
	completeness	contact		60.0
	completeness	org		33.0
	deal missing	amount	1	50.0
	completeness	deal		50.0
	EOT
	test_cmp expect got
'

test_expect 'a bad expected: in crm.yaml is named with its line' '
	(cd work && printf "  invoice: [total]\n" >>crm.yaml &&
	 git commit -qam "bad" && git push -q origin main) &&
	expect_status 65 crm-report quality &&
	grep -q "crm.yaml:.*expected: the kinds are contact, org and deal" err &&
	(cd work && git revert --no-edit HEAD >/dev/null && git push -q origin main)
'

test_expect '--where and - look at the contacts they select, not orgs or deals' '
	expect_status 0 crm-report quality --where "country=FR or country=DE" &&
	grep -qx "contacts	total	2	" out &&
	grep -qx "checks	invalid phones	1	50.0" out &&
	grep -qx "checks	overdue tasks	0	" out &&
	! grep -q "^deal" out &&
	echo cy@y.example | crm-report quality - >out &&
	grep -qx "checks	overdue tasks	1	50.0" out &&
	grep -qx "contacts	total	1	" out
'

test_expect '--at moves "overdue" to that day' '
	expect_status 0 crm-report quality --at 2026-03-21 &&
	grep -qx "checks	overdue tasks	2	100.0" out &&
	expect_status 64 crm-report quality --since 2026-01-01
'

done_testing
