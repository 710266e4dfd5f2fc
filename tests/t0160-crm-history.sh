#!/bin/sh
# crm history: a record's versions, newest first, with the fields that
# changed (lists as elements added and removed), a contact's interactions
# as they came, and the store's commits with what they touched.
. "${0%/*}/lib.sh"

at() {
	CRM_NOW=$1
	export CRM_NOW
	shift
	"$@"
}

test_expect 'setup: a contact edited three times, an interaction, a deal moved' '
	at 2026-01-05T10:00:00Z crm-add -q contact --name Ann --email ann@x.example \
		--set city=Paris --tag news &&
	at 2026-01-06T10:00:00Z crm-add -q contact --name Bob --email bob@x.example &&
	at 2026-01-07T10:00:00Z crm-add -q --update ann@x.example --set city=Lyon \
		--tag vip --tag -news &&
	at 2026-01-08T10:00:00Z crm-log -q ann@x.example call "Wants a quote" &&
	at 2026-01-08T11:00:00Z crm-log -q bob@x.example call "Not Ann" &&
	at 2026-01-09T10:00:00Z crm-add -q --update ann@x.example --set city= &&
	at 2026-01-10T10:00:00Z crm-add deal --title Big --contact ann@x.example \
		--amount 100 >deal.id &&
	at 2026-01-11T10:00:00Z crm-add -q --update "$(cat deal.id)" --stage won
'

test_expect 'a contact: its versions and interactions, newest first' '
	expect_status 0 crm history -f table ann@x.example &&
	sed -n "/^commit/d;/^Author/d;p" out >got &&
	cat >expect <<-\EOT &&
	Date:   2026-01-09T10:00:00Z

	    update contact ID
	    city: (removed) Lyon

	Date:   2026-01-08T10:00:00Z

	    log call ID
	    log: + call 2026-01-08T10:00:00Z Wants a quote

	Date:   2026-01-07T10:00:00Z

	    update contact ID
	    city: Paris -> Lyon
	    tags: +vip -news

	Date:   2026-01-05T10:00:00Z

	    add contact ID
	    id: ID
	    name: Ann
	    email: +ann@x.example
	    city: Paris
	    tags: +news
	    created: 2026-01-05T10:00:00Z
	EOT
	sed -E "s/(contact|call|id:) [0-9a-f]{8,16}/\1 ID/" got >norm &&
	test_cmp expect norm
'

test_expect 'machine formats: a row per change, the columns named' '
	expect_status 0 crm history --header -f tsv ann@x.example &&
	head -1 out >h &&
	printf "commit\tdate\tauthor\tmessage\tfield\told\tnew\n" >expect &&
	test_cmp expect h &&
	grep -c . out >n && echo 11 >expect && test_cmp expect n &&
	grep -q "	2026-01-07T10:00:00Z	Test Author <author@example.test>	update contact [0-9a-f]*	tags	news	vip\$" out &&
	expect_status 0 crm history -f json ann@x.example &&
	head -1 out | grep -q "\"field\":\"city\",\"old\":\"Lyon\"}$"
'

test_expect 'a deal: its stage and probability as they moved' '
	expect_status 0 crm history -f tsv "$(cat deal.id)" &&
	cut -f5-7 out >got &&
	head -2 got >top &&
	printf "stage\tlead\twon\nprobability\t10\t100\n" >expect &&
	test_cmp expect top
'

test_expect '-n: the newest versions only; the store: commits and what they touched' '
	expect_status 0 crm history -n 1 -f tsv ann@x.example &&
	test "$(cut -f1 out | sort -u | wc -l)" -eq 1 &&
	expect_status 0 crm history -n 3 -f tsv &&
	cut -f4-7 out >got &&
	printf "update deal %s\tdeals\t\t~1\nadd deal %s\tdeals\t\t+1\nupdate contact %s\tcontacts\t\t~1\n" \
		"$(cut -c1-8 deal.id)" "$(cut -c1-8 deal.id)" \
		"$(crm-find -o id email=ann@x.example | cut -c1-8)" >expect &&
	test_cmp expect got
'

test_expect 'bad references and options are named' '
	expect_status 67 crm history nobody@x.example &&
	grep -q "nobody@x.example" err &&
	expect_status 64 crm history a b &&
	expect_status 64 crm history --bogus
'

done_testing
