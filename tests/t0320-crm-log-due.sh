#!/bin/sh
# Follow-ups: crm-log --due [WHEN] (open tasks due by the end of that day,
# overdue first, and contacts whose stay-in-touch cadence ran out, from
# their own cadence field or from crm.yaml per tag), crm-log --done ID...
# (once, in one commit, tasks only), and crm-log --ical (RFC 5545 VTODO
# items, checked field by field: CRLF, folding at 75 octets, escaping, the
# required properties).
. "${0%/*}/lib.sh"

CRM_NOW=2026-11-20T10:00:00Z
export CRM_NOW

show() {
	git -C "$STORE" show "HEAD:$1"
}

msg() {
	git -C "$STORE" log -1 --format=%s
}

# An id as YAML text, as crm-log writes it: quoted when YAML would read it
# as a number (all digits, "1234e5678...", "0b0101..."), plain otherwise.
yid() {
	if printf "%s\n" "$1" | grep -qx -e "[0-9]*" -e "[0-9][0-9]*e[0-9][0-9]*" -e "0b[01]*"; then
		printf "'%s'\n" "$1"
	else
		printf "%s\n" "$1"
	fi
}

# The document of interaction $1 in journal $2, as crm-log writes it: one
# line, "--- {id: $1, ...}".
doc_of() {
	show "$2" | grep -F -e "--- {id: $(yid "$1"), "
}

# Unfolds iCalendar content lines (RFC 5545 3.1) and drops the CRs.
unfold() {
	perl -0777 -pe 's/\r\n[ \t]//g; s/\r\n/\n/g' "$1"
}

test_expect 'setup: contacts, no interactions yet' '
	crm-add contact --name "Ann Lee" --email ann@x.example >ann.id 2>/dev/null &&
	crm-add contact --name "Bob Roe" --email bob@x.example >bob.id &&
	test "$(commits)" -eq 3
'

test_expect '--due with nothing due exits 1 and prints nothing' '
	expect_status 1 crm-log --due &&
	test ! -s out &&
	test ! -s err
'

test_expect 'setup: tasks overdue, due today, later, done, and a call' '
	crm-log ann@x.example task "Overdue quote" --due 2026-11-18 \
		--at 2026-11-10T09:00:00Z >t_over &&
	crm-log bob@x.example task "Call back today" --due today >t_today &&
	crm-log ann@x.example task "This afternoon" --due 2026-11-20T15:00:00Z >t_pm &&
	crm-log bob@x.example task "Monday" --due 2026-11-23 >t_mon &&
	crm-log ann@x.example task "Next month" --due 2026-12-01 >t_dec &&
	crm-log ann@x.example task "No due date" >t_none &&
	crm-log ann@x.example call "Not a task" --due 2026-11-19 >c1 &&
	echo "--- {id: $(yid "$(cat t_over)"), at: 2026-11-10T09:00:00Z, contact: $(yid "$(cat ann.id)"), type: task, summary: Overdue quote, due: 2026-11-18}" >expect &&
	show log/2026/11/10.yaml >actual &&
	test_cmp expect actual &&
	cat >expect <<-EOF &&
	--- {id: $(yid "$(cat t_today)"), at: 2026-11-20T10:00:00Z, contact: $(yid "$(cat bob.id)"), type: task, summary: Call back today, due: 2026-11-20}
	--- {id: $(yid "$(cat t_pm)"), at: 2026-11-20T10:00:00Z, contact: $(yid "$(cat ann.id)"), type: task, summary: This afternoon, due: 2026-11-20T15:00:00Z}
	--- {id: $(yid "$(cat t_mon)"), at: 2026-11-20T10:00:00Z, contact: $(yid "$(cat bob.id)"), type: task, summary: Monday, due: 2026-11-23}
	--- {id: $(yid "$(cat t_dec)"), at: 2026-11-20T10:00:00Z, contact: $(yid "$(cat ann.id)"), type: task, summary: Next month, due: 2026-12-01}
	--- {id: $(yid "$(cat t_none)"), at: 2026-11-20T10:00:00Z, contact: $(yid "$(cat ann.id)"), type: task, summary: No due date}
	--- {id: $(yid "$(cat c1)"), at: 2026-11-20T10:00:00Z, contact: $(yid "$(cat ann.id)"), type: call, summary: Not a task, due: 2026-11-19}
	EOF
	show log/2026/11/20.yaml >actual &&
	test_cmp expect actual
'

test_expect '--due lists open tasks due by the end of today, overdue first' '
	expect_status 0 crm-log --due &&
	cat >expect <<-EOF &&
	$(cat t_over)	2026-11-18	Ann Lee	task	Overdue quote
	$(cat t_today)	2026-11-20	Bob Roe	task	Call back today
	$(cat t_pm)	2026-11-20T15:00:00Z	Ann Lee	task	This afternoon
	EOF
	test_cmp expect out
'

test_expect '--header names the columns id, due, contact, type, summary' '
	expect_status 0 crm-log --due --header &&
	head -1 out >actual &&
	printf "id\tdue\tcontact\ttype\tsummary\n" >expect &&
	test_cmp expect actual &&
	test "$(wc -l <out)" -eq 4
'

test_expect '--due WHEN lists up to the end of that day' '
	expect_status 0 crm-log --due 2026-11-23 &&
	cut -f1 out >ids &&
	cat t_over t_today t_pm t_mon >expect &&
	test_cmp expect ids &&
	expect_status 0 crm-log --due +3d &&
	cut -f1 out >ids &&
	test_cmp expect ids &&
	expect_status 0 crm-log --due 2026-11-18 &&
	cut -f1 out >ids &&
	test_cmp t_over ids &&
	expect_status 1 crm-log --due 2026-11-17 &&
	test ! -s out
'

test_expect '--due with a bad date is a usage error (64)' '
	expect_status 64 crm-log --due 2026-13-01 &&
	test ! -s out &&
	expect_status 64 crm-log --due whenever
'

test_expect 'open_tasks counts the open tasks' '
	crm-find -o name,open_tasks --sort name >actual &&
	printf "Ann Lee\t4\nBob Roe\t2\n" >expect &&
	test_cmp expect actual
'

test_expect '--done ID (a 4-character prefix) closes the task, one commit' '
	before=$(commits) &&
	show log/2026/11/10.yaml >before.yaml &&
	CRM_NOW=2026-11-20T11:00:00Z expect_status 0 crm-log --done "$(cut -c1-4 t_over)" &&
	test_cmp t_over out &&
	test "$(commits)" -eq $((before + 1)) &&
	printf "done task %.8s\n" "$(cat t_over)" >expect &&
	msg >actual &&
	test_cmp expect actual &&
	echo "--- {id: $(yid "$(cat t_over)"), at: 2026-11-10T09:00:00Z, contact: $(yid "$(cat ann.id)"), type: task, summary: Overdue quote, due: 2026-11-18, done: 2026-11-20T11:00:00Z}" >expect &&
	show log/2026/11/10.yaml >actual &&
	test_cmp expect actual
'

test_expect 'a done task is no longer due, nor an open task' '
	expect_status 0 crm-log --due &&
	cut -f1 out >ids &&
	cat t_today t_pm >expect &&
	test_cmp expect ids &&
	crm-find "email = ann@x.example" -o open_tasks >actual &&
	echo 3 >expect &&
	test_cmp expect actual
'

test_expect '--done twice: the second changes nothing and makes no commit' '
	before=$(commits) &&
	show log/2026/11/10.yaml >before.yaml &&
	CRM_NOW=2026-11-25T08:00:00Z expect_status 0 crm-log --done "$(cat t_over)" &&
	test "$(commits)" -eq "$before" &&
	show log/2026/11/10.yaml >after.yaml &&
	test_cmp before.yaml after.yaml &&
	echo "--- {id: $(yid "$(cat t_over)"), at: 2026-11-10T09:00:00Z, contact: $(yid "$(cat ann.id)"), type: task, summary: Overdue quote, due: 2026-11-18, done: 2026-11-20T11:00:00Z}" >expect &&
	test_cmp expect after.yaml
'

test_expect '--done closes several tasks in one commit' '
	before=$(commits) &&
	show log/2026/11/20.yaml >before.yaml &&
	expect_status 0 crm-log --done "$(cat t_today)" "$(cat t_pm)" &&
	cat t_today t_pm >expect &&
	test_cmp expect out &&
	test "$(commits)" -eq $((before + 1)) &&
	echo "done 2 tasks" >expect &&
	msg >actual &&
	test_cmp expect actual &&
	sed -e "/^--- {id: $(yid "$(cat t_today)"), /s/}\$/, done: 2026-11-20T10:00:00Z}/" \
	    -e "/^--- {id: $(yid "$(cat t_pm)"), /s/}\$/, done: 2026-11-20T10:00:00Z}/" \
		before.yaml >expect &&
	show log/2026/11/20.yaml >after.yaml &&
	test_cmp expect after.yaml &&
	echo "--- {id: $(yid "$(cat t_today)"), at: 2026-11-20T10:00:00Z, contact: $(yid "$(cat bob.id)"), type: task, summary: Call back today, due: 2026-11-20, done: 2026-11-20T10:00:00Z}" >expect &&
	doc_of "$(cat t_today)" log/2026/11/20.yaml >actual &&
	test_cmp expect actual &&
	echo "--- {id: $(yid "$(cat t_pm)"), at: 2026-11-20T10:00:00Z, contact: $(yid "$(cat ann.id)"), type: task, summary: This afternoon, due: 2026-11-20T15:00:00Z, done: 2026-11-20T10:00:00Z}" >expect &&
	doc_of "$(cat t_pm)" log/2026/11/20.yaml >actual &&
	test_cmp expect actual &&
	test "$(diff before.yaml after.yaml | grep -c "^>")" -eq 2 &&
	test "$(diff before.yaml after.yaml | grep -c "^<")" -eq 2 &&
	expect_status 1 crm-log --due
'

have_pyyaml() {
	python3 -c 'import yaml' 2>/dev/null
}

# --done writes the journal of the task's day back whole: every document
# in it, those written by hand in another style too, in the one-line form.
test_expect '--done writes the other documents of its journal one a line' '
	crm-log ann@x.example task "Tidy up" --at 2026-11-21T09:00:00Z \
		--due 2026-11-22 >t_tidy &&
	git clone -q "$STORE" hand &&
	cat >>hand/log/2026/11/21.yaml <<-EOF &&
	---
	summary: "Hand, written"
	type: note
	contact: "$(cat bob.id)"
	at: 2026-11-21T08:00:00Z
	id: 7123456789abcdef
	---
	id: 7223456789abcdef
	at: 2026-11-21T09:30:00+01:00
	contact: "$(cat bob.id)"
	type: purchase
	summary: Bought by hand
	amount: 2.5
	currency: EUR
	EOF
	(cd hand && git commit -q -am "by hand" && git push -q origin HEAD) &&
	show log/2026/11/21.yaml >before.yaml &&
	before=$(commits) &&
	CRM_NOW=2026-11-21T12:00:00Z expect_status 0 crm-log --done "$(cat t_tidy)" &&
	test_cmp t_tidy out &&
	test "$(commits)" -eq $((before + 1)) &&
	show log/2026/11/21.yaml >after.yaml &&
	echo "--- {id: $(yid "$(cat t_tidy)"), at: 2026-11-21T09:00:00Z, contact: $(yid "$(cat ann.id)"), type: task, summary: Tidy up, due: 2026-11-22, done: 2026-11-21T12:00:00Z}" >expect &&
	head -1 after.yaml >actual &&
	test_cmp expect actual &&
	test "$(wc -l <after.yaml)" -eq 3 &&
	! grep -v "^--- {.*}$" after.yaml &&
	if have_pyyaml; then
		python3 - before.yaml after.yaml <<-\EOF
		import sys, yaml
		b = list(yaml.safe_load_all(open(sys.argv[1])))
		a = list(yaml.safe_load_all(open(sys.argv[2])))
		assert len(a) == 3, a
		assert a[1] == b[1], (a[1], b[1])
		assert a[2] == b[2], (a[2], b[2])
		assert a[0] == dict(b[0], done=a[0]["done"]), (a[0], b[0])
		EOF
	fi &&
	expect_status 0 crm-log bob@x.example --since 2026-11-21 --until 2026-11-21 &&
	printf "7223456789abcdef\t2026-11-21T08:30:00Z\tpurchase\tBought by hand\t2.50\n7123456789abcdef\t2026-11-21T08:00:00Z\tnote\tHand, written\t\n" >expect &&
	test_cmp expect out
'

# The one-line form has its keys in the fixed order (crm-store(5): --done
# writes "every document in canonical form").
test_expect '--done writes the other documents with their keys in the fixed order' '
	echo "--- {id: 7123456789abcdef, at: 2026-11-21T08:00:00Z, contact: $(yid "$(cat bob.id)"), type: note, summary: '"'"'Hand, written'"'"'}" >expect &&
	sed -n 2p after.yaml >actual &&
	test_cmp expect actual
'

# crm-store(5): in canonical form times are in UTC and money has its
# currency'"'"'s decimals.
test_expect '--done writes the other documents'"'"' values in canonical form' '
	echo "--- {id: 7223456789abcdef, at: 2026-11-21T08:30:00Z, contact: $(yid "$(cat bob.id)"), type: purchase, summary: Bought by hand, amount: 2.50, currency: EUR}" >expect &&
	sed -n 3p after.yaml >actual &&
	test_cmp expect actual
'

# done goes where the fixed order puts it: after due, before body and the
# custom fields.
test_expect '--done puts done in its place in the key order, before body and custom fields' '
	crm-log ann@x.example task "With extras" --at 2026-11-26T09:00:00Z \
		--due 2026-11-27 --body "the details" --set ticket=T-9 >t_extra &&
	echo "--- {id: $(yid "$(cat t_extra)"), at: 2026-11-26T09:00:00Z, contact: $(yid "$(cat ann.id)"), type: task, summary: With extras, due: 2026-11-27, body: the details, ticket: T-9}" >expect &&
	show log/2026/11/26.yaml >actual &&
	test_cmp expect actual &&
	CRM_NOW=2026-11-21T12:00:00Z expect_status 0 crm-log --done "$(cat t_extra)" &&
	echo "--- {id: $(yid "$(cat t_extra)"), at: 2026-11-26T09:00:00Z, contact: $(yid "$(cat ann.id)"), type: task, summary: With extras, due: 2026-11-27, done: 2026-11-21T12:00:00Z, body: the details, ticket: T-9}" >expect &&
	show log/2026/11/26.yaml >actual &&
	test_cmp expect actual
'

test_expect '--done on a call is a usage error (64), and closes nothing' '
	before=$(commits) &&
	expect_status 64 crm-log --done "$(cat t_mon)" "$(cat c1)" &&
	grep -q "$(cat c1)" err &&
	grep -q "not a task" err &&
	test "$(commits)" -eq "$before" &&
	echo "--- {id: $(yid "$(cat t_mon)"), at: 2026-11-20T10:00:00Z, contact: $(yid "$(cat bob.id)"), type: task, summary: Monday, due: 2026-11-23}" >expect &&
	doc_of "$(cat t_mon)" log/2026/11/20.yaml >actual &&
	test_cmp expect actual
'

test_expect '--done with an unknown id is 67; without an id 64' '
	before=$(commits) &&
	expect_status 67 crm-log --done ffffffffffffffff &&
	grep -q ffffffffffffffff err &&
	expect_status 67 crm-log --done "$(cat t_mon)" 0000000000000000 &&
	echo "--- {id: $(yid "$(cat t_mon)"), at: 2026-11-20T10:00:00Z, contact: $(yid "$(cat bob.id)"), type: task, summary: Monday, due: 2026-11-23}" >expect &&
	doc_of "$(cat t_mon)" log/2026/11/20.yaml >actual &&
	test_cmp expect actual &&
	expect_status 64 crm-log --done &&
	test "$(commits)" -eq "$before"
'

test_expect '--done by a contact id is not a task (64 or 67), nothing written' '
	before=$(commits) &&
	crm-log --done "$(cat ann.id)" >out 2>err;
	rc=$? &&
	test "$rc" -eq 64 -o "$rc" -eq 67 &&
	test "$(commits)" -eq "$before"
'

# ---- iCalendar ----

test_expect 'setup: tasks with text to escape, a long summary and a body' '
	crm-log --due 2026-11-22 --body "first line
second; line" -- ann@x.example task \
		"Rappeler Zoë à propos du devis; prix, délais et conditions \\ générales — très très très long résumé à plier en plusieurs lignes" \
		>t_long &&
	crm-log bob@x.example task "Plain, short" >t_nodue
'

test_expect '--ical: CRLF line endings throughout, nothing else after the last' '
	expect_status 0 crm-log --ical &&
	cp out tasks.ics &&
	test ! -s err &&
	test -s tasks.ics &&
	perl -ne "exit 1 unless /\r\n\z/" tasks.ics &&
	! perl -ne "print if /\r(?!\n)/ or /[^\r]\n/" tasks.ics | grep -q . &&
	test "$(tail -c 2 tasks.ics | od -An -c | tr -d " ")" = "\r\n"
'

test_expect '--ical: no line longer than 75 octets, folds never split a character' '
	! perl -ne "s/\r\n\z//; print if length(\$_) > 75" tasks.ics | grep -q . &&
	grep -q "^ " tasks.ics &&
	perl -MEncode -ne "s/\r\n\z//; Encode::decode(q(UTF-8), \$_, Encode::FB_CROAK)" tasks.ics &&
	unfold tasks.ics >unfolded &&
	! grep -q "^ " unfolded
'

test_expect '--ical: a VCALENDAR with VERSION and PRODID around the VTODOs' '
	head -1 unfolded | grep -qx "BEGIN:VCALENDAR" &&
	tail -1 unfolded | grep -qx "END:VCALENDAR" &&
	test "$(grep -c "^BEGIN:VCALENDAR$" unfolded)" -eq 1 &&
	test "$(grep -c "^VERSION:2.0$" unfolded)" -eq 1 &&
	test "$(grep -c "^PRODID:." unfolded)" -eq 1 &&
	test "$(grep -c "^BEGIN:VTODO$" unfolded)" -eq "$(grep -c "^END:VTODO$" unfolded)" &&
	! grep -v "^[A-Z][A-Z-]*[;:]" unfolded | grep -q .
'

test_expect '--ical: only the open tasks, each with its properties, by due date' '
	expect_status 0 crm-log --ical &&
	unfold out >unfolded &&
	test "$(grep -c "^BEGIN:VTODO$" unfolded)" -eq 5 &&
	grep "^UID:" unfolded >uids &&
	printf "UID:%s@crm\n" $(cat t_long t_mon t_dec) >expect.sorted &&
	for id in $(cat t_over t_today t_pm c1); do
		! grep -q "$id" uids || exit 1
	done &&
	for id in $(cat t_long t_mon t_dec t_none t_nodue); do
		grep -qx "UID:$id@crm" uids || exit 1
	done &&
	grep -e "$(cat t_long)" -e "$(cat t_mon)" -e "$(cat t_dec)" uids >dated &&
	test_cmp expect.sorted dated
'

# Each VTODO of tasks.ics, field by field.  With CRM_NOW fixed, DTSTAMP is
# now; SUMMARY is "summary - contact name", with ; , \ escaped.
test_expect '--ical: each VTODO field by field' '
	awk -v id="$(cat t_mon)" "
		/^BEGIN:VTODO\$/ { buf = \"\"; keep = 0 }
		{ buf = buf \$0 \"\\n\" }
		\$0 == \"UID:\" id \"@crm\" { keep = 1 }
		/^END:VTODO\$/ && keep { printf \"%s\", buf }" unfolded >mon.ics &&
	cat >expect <<-EOF &&
	BEGIN:VTODO
	UID:$(cat t_mon)@crm
	DTSTAMP:20261120T100000Z
	SUMMARY:Monday - Bob Roe
	DUE;VALUE=DATE:20261123
	STATUS:NEEDS-ACTION
	END:VTODO
	EOF
	test_cmp expect mon.ics &&
	awk -v id="$(cat t_long)" "
		/^BEGIN:VTODO\$/ { buf = \"\"; keep = 0 }
		{ buf = buf \$0 \"\\n\" }
		\$0 == \"UID:\" id \"@crm\" { keep = 1 }
		/^END:VTODO\$/ && keep { printf \"%s\", buf }" unfolded >long.ics &&
	cat >expect <<-EOF &&
	BEGIN:VTODO
	UID:$(cat t_long)@crm
	DTSTAMP:20261120T100000Z
	SUMMARY:Rappeler Zoë à propos du devis\\; prix\\, délais et conditions \\\\ générales — très très très long résumé à plier en plusieurs lignes - Ann Lee
	DUE;VALUE=DATE:20261122
	DESCRIPTION:first line\\nsecond\\; line
	STATUS:NEEDS-ACTION
	END:VTODO
	EOF
	test_cmp expect long.ics
'

test_expect '--ical: a task due at a time has a UTC DUE, one without a due none' '
	crm-log ann@x.example task "At three" --due 2026-11-24T15:00:00+01:00 >t_three &&
	expect_status 0 crm-log --ical &&
	unfold out >unfolded &&
	awk -v id="$(cat t_three)" "
		/^BEGIN:VTODO\$/ { buf = \"\"; keep = 0 }
		{ buf = buf \$0 \"\\n\" }
		\$0 == \"UID:\" id \"@crm\" { keep = 1 }
		/^END:VTODO\$/ && keep { printf \"%s\", buf }" unfolded >three.ics &&
	grep -qx "DUE:20261124T140000Z" three.ics &&
	awk -v id="$(cat t_none)" "
		/^BEGIN:VTODO\$/ { buf = \"\"; keep = 0 }
		{ buf = buf \$0 \"\\n\" }
		\$0 == \"UID:\" id \"@crm\" { keep = 1 }
		/^END:VTODO\$/ && keep { printf \"%s\", buf }" unfolded >none.ics &&
	grep -qx "SUMMARY:No due date - Ann Lee" none.ics &&
	! grep -q "^DUE" none.ics &&
	for p in UID DTSTAMP SUMMARY STATUS; do
		test "$(grep -c "^$p[;:]" none.ics)" -eq 1 || exit 1
	done
'

test_expect '--ical with no open task is an empty but valid calendar' '
	crm-log --done $(cat t_long t_mon t_dec t_none t_nodue t_three) >/dev/null &&
	expect_status 0 crm-log --ical &&
	unfold out >unfolded &&
	cat >expect <<-EOF &&
	BEGIN:VCALENDAR
	VERSION:2.0
	EOF
	head -2 unfolded >actual &&
	test_cmp expect actual &&
	grep -q "^PRODID:" unfolded &&
	tail -1 unfolded | grep -qx "END:VCALENDAR" &&
	! grep -q VTODO unfolded
'

# ---- cadence ----

test_expect 'setup: contacts with tags and last contacts at known days' '
	crm-add contact --name "Vee Old" --email vold@x.example --tag vip >vold.id &&
	crm-add contact --name "Vee New" --email vnew@x.example --tag vip >vnew.id &&
	crm-add contact --name "Vee Never" --email vnever@x.example --tag vip >vnever.id &&
	crm-add contact --name "Gil Gold" --email gil@x.example --tag gold >gil.id &&
	crm-add contact --name "Nat Plain" --email nat@x.example >nat.id &&
	crm-log vold@x.example call "old call" --at 2026-10-01T09:00:00Z >/dev/null &&
	crm-log vnew@x.example email "recent" --at 2026-11-15T09:00:00Z >/dev/null &&
	crm-log gil@x.example meeting "met" --at 2026-11-01T09:00:00Z >/dev/null &&
	crm-log nat@x.example call "long ago" --at 2025-01-01T09:00:00Z >/dev/null &&
	expect_status 1 crm-log --due
'

test_expect 'setup: a cadence per tag in crm.yaml, edited in a clone' '
	git clone -q "$STORE" work &&
	printf "cadence:\n  vip: 30d\n  gold: 2w\n" >>work/crm.yaml &&
	(cd work && git commit -q -am "cadence per tag" && git push -q origin HEAD) &&
	show crm.yaml | grep -qx "  vip: 30d"
'

test_expect '--due lists the contacts whose tag cadence ran out' '
	expect_status 0 crm-log --due &&
	cut -f1,2,3,4 out >actual &&
	cat >expect <<-EOF &&
	$(cat vold.id)	2026-10-31	Vee Old	cadence
	$(cat gil.id)	2026-11-15	Gil Gold	cadence
	$(cat vnever.id)	2026-11-20	Vee Never	cadence
	EOF
	test_cmp expect actual &&
	cut -f5 out >why &&
	cat >expect <<-\EOF &&
	no contact since 2026-10-01 (every 30d)
	no contact since 2026-11-01 (every 2w)
	never contacted (every 30d)
	EOF
	test_cmp expect why
'

test_expect 'a logged call resets the clock' '
	crm-log vold@x.example call "caught up" --at 2026-11-19T09:00:00Z >/dev/null &&
	expect_status 0 crm-log --due &&
	cut -f1 out >actual &&
	cat gil.id vnever.id >expect &&
	test_cmp expect actual
'

test_expect 'a contact'"'"'s own cadence field makes it due too' '
	crm-add --update nat@x.example --set cadence=90d >/dev/null &&
	expect_status 0 crm-log --due &&
	cut -f1,2,3,4 out >actual &&
	cat >expect <<-EOF &&
	$(cat nat.id)	2025-04-01	Nat Plain	cadence
	$(cat gil.id)	2026-11-15	Gil Gold	cadence
	$(cat vnever.id)	2026-11-20	Vee Never	cadence
	EOF
	test_cmp expect actual
'

test_expect 'cadences and tasks are listed together by due date' '
	crm-log vnew@x.example task "Prepare the offer" --due 2026-11-16 >t_offer &&
	expect_status 0 crm-log --due &&
	cut -f1,2,4 out >actual &&
	cat >expect <<-EOF &&
	$(cat nat.id)	2025-04-01	cadence
	$(cat gil.id)	2026-11-15	cadence
	$(cat t_offer)	2026-11-16	task
	$(cat vnever.id)	2026-11-20	cadence
	EOF
	test_cmp expect actual
'

test_expect '--due WHEN also moves the cadence horizon' '
	expect_status 0 crm-log --due 2026-12-15 &&
	cut -f1 out >actual &&
	grep -qx "$(cat vnew.id)" actual &&
	! grep -qx "$(cat vold.id)" actual &&
	expect_status 0 crm-log --due 2026-12-19 &&
	cut -f1 out | grep -qx "$(cat vold.id)" &&
	expect_status 0 crm-log --due 2026-12-14 &&
	! cut -f1 out | grep -qx "$(cat vnew.id)"
'

# A saved segment's cadence: "recent" holds Vee New (last contact 11-15)
# and Vee Old (11-19); every 3d makes Vee New due on 11-18 (before her
# vip 30d), Vee Old on 11-22 (after today).
test_expect 'a cadence per saved segment in crm.yaml (segment=NAME)' '
	crm-segment save recent "last_contact >= 2026-11-10" &&
	(cd work && git pull -q && printf "  segment=recent: 3d\n" >>crm.yaml &&
	 git commit -q -am "cadence per segment" && git push -q origin HEAD) &&
	expect_status 0 crm-log --due &&
	grep "^$(cat vnew.id)" out | cut -f2,5 >actual &&
	printf "2026-11-18\tno contact since 2026-11-15 (every 3d)\n" >expect &&
	test_cmp expect actual &&
	! grep -q "^$(cat vold.id)" out &&
	expect_status 0 crm-log --due 2026-11-22 &&
	grep "^$(cat vold.id)" out | cut -f2 >actual &&
	echo 2026-11-22 >expect &&
	test_cmp expect actual
'

test_expect 'a removed segment'"'"'s cadence rests, with a warning' '
	crm-segment rm recent &&
	expect_status 0 crm-log --due &&
	! grep -q "^$(cat vnew.id)" out &&
	grep -q "cadence of segment=recent: no such saved segment" err
'

test_expect 'a cadence key segment=NAME with a bad name: 65 naming crm.yaml' '
	(cd work && git pull -q && printf "  segment=Bad Name: 3d\n" >>crm.yaml &&
	 git commit -q -am "bad" && git push -q origin HEAD) &&
	expect_status 65 crm-log --due &&
	grep -q "crm.yaml:[0-9]*: cadence: segment=NAME" err
'

test_expect 'git fsck --strict finds the store clean' '
	git -C "$STORE" fsck --strict 2>fsck.err &&
	test ! -s fsck.err
'

done_testing
