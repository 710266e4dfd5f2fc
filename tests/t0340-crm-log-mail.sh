#!/bin/sh
# crm-log --from-mail: the message on stdin is logged as an email with
# its other party, subject, date and direction; once per Message-ID.

. "${0%/*}/lib.sh"

MAIL=$TEST_SRC/data/mail

test_expect 'setup: a store that knows its own address, and Jane' '
	crm init -q &&
	git clone -q "$STORE" w &&
	printf "schema: 1\ncurrency: EUR\nme: [sam@northwind.example]\n" >w/crm.yaml &&
	git -C w commit -qam "me" && git -C w push -q origin main &&
	crm-add -q contact --name "Jane Doe" --email jane@acme.example
'

test_expect 'an incoming message from an unknown sender is 67 without --add' '
	before=$(commits) &&
	expect_status 67 crm-log --from-mail <"$MAIL/gmail.eml" &&
	echo "crm-log: no contact has the email priya.raman@gmail.com (--add creates one)" >expect &&
	test_cmp expect err &&
	test "$(commits)" -eq "$before"
'

test_expect '--add creates the contact and logs the email in one commit' '
	before=$(commits) &&
	expect_status 0 crm-log --from-mail --add <"$MAIL/gmail.eml" &&
	test "$(commits)" -eq $((before + 1)) &&
	git -C "$STORE" log -1 --format=%s | grep -q "^add contact [0-9a-f]\{8\}, log email [0-9a-f]\{8\}$" &&
	crm-find -o name,email email=priya.raman@gmail.com >got &&
	printf "Priya Raman\tpriya.raman@gmail.com\n" >expect &&
	test_cmp expect got
'

test_expect 'the email has the subject, the date in UTC and direction in' '
	crm-log -o at,type,direction,summary priya.raman@gmail.com >got &&
	printf "2026-11-02T13:03:00Z\temail\tin\tRe: Pricing for 2027 \342\200\224 quick question about the partner discount\n" >expect &&
	test_cmp expect got
'

test_expect 'the same message piped again is not logged twice' '
	before=$(commits) &&
	expect_status 0 crm-log --from-mail --add <"$MAIL/gmail.eml" &&
	grep -q "is logged already" err &&
	test "$(commits)" -eq "$before" &&
	test "$(crm-log -o id priya.raman@gmail.com | wc -l)" -eq 1
'

test_expect 'a message we sent is logged as out, with its first other recipient' '
	expect_status 0 crm-log --from-mail <"$MAIL/mutt.eml" &&
	crm-log -o type,direction jane@acme.example >got &&
	printf "email\tout\n" >expect &&
	test_cmp expect got
'

test_expect 'a named contact takes the message whoever sent it' '
	expect_status 0 crm-log --from-mail jane@acme.example <"$MAIL/thunderbird.eml" &&
	test "$(crm-log -o id jane@acme.example | wc -l)" -eq 2
'

test_expect 'a message that is not mail is bad data (65), nothing written' '
	before=$(commits) &&
	printf "hello\n" | expect_status 65 crm-log --from-mail &&
	test "$(commits)" -eq "$before"
'

test_expect '--add without --from-mail is a usage error' '
	expect_status 64 crm-log --add jane@acme.example call x
'

test_expect 'the journals stay valid and git fsck is clean' '
	crm reindex -q &&
	git -C "$STORE" fsck --strict >/dev/null 2>&1
'

done_testing
