#!/bin/sh
# crm edit: a record in the user's editor, checked and written back in
# one commit; an untouched file makes no commit; a bad edit is refused
# with its message, and on a terminal may be edited again.
. "${0%/*}/lib.sh"

show() {	# kind id: the record's file at HEAD
	git -C "$STORE" show "HEAD:$1/$(printf %s "$2" | cut -c1-2)/$2.yaml"
}

# an editor that runs the sed script in $EDIT_SED on the file
cat >sed-editor <<'EOT'
#!/bin/sh
sed -i -e "$EDIT_SED" "$1"
EOT
chmod +x sed-editor
# an editor that breaks the email the first time and mends it the next
cat >two-step <<'EOT'
#!/bin/sh
if [ ! -f "$STEP" ]; then
	: > "$STEP"
	sed -i "s/^email: .*/email: [not-an-email]/" "$1"
else
	sed -i -e "s/^email: .*/email: [ann@new.example]/" -e "s/^city: .*/city: Lyon/" "$1"
fi
EOT
chmod +x two-step
unset VISUAL

test_expect 'setup: a contact' '
	crm-add contact --name Ann --email ann@x.example --set city=Paris >ann.id
'

test_expect 'an edit is checked and written in one commit, updated stamped' '
	n=$(commits) &&
	EDITOR="$PWD/sed-editor" EDIT_SED="s/^city: .*/city: Lyon/" \
		expect_status 0 crm edit ann@x.example &&
	grep -qx "crm: saved" err &&
	test "$(commits)" -eq $((n + 1)) &&
	show contacts "$(cat ann.id)" >f &&
	grep -qx "city: Lyon" f &&
	git -C "$STORE" log -1 --format=%s | grep -q "contact" &&
	crm-find -o city email=ann@x.example >c && echo Lyon >expect && test_cmp expect c
'

test_expect 'an untouched file makes no commit; VISUAL wins over EDITOR' '
	n=$(commits) &&
	VISUAL=true EDITOR=false expect_status 0 crm edit ann@x.example &&
	grep -qx "crm: no changes" err &&
	test "$(commits)" -eq "$n"
'

test_expect 'a bad edit: its message, exit 65, nothing written (no terminal)' '
	n=$(commits) &&
	EDITOR="$PWD/sed-editor" EDIT_SED="s/^email: .*/email: [nope]/" \
		expect_status 65 crm edit ann@x.example &&
	grep -q "field .email.: .nope. is not an email address" err &&
	grep -q "not saved; nothing was written" err &&
	test "$(commits)" -eq "$n" &&
	EDITOR="$PWD/sed-editor" EDIT_SED="s/^id: .*/id: 0123456789abcdef/" \
		expect_status 65 crm edit ann@x.example &&
	grep -q "field .id.: it cannot change" err &&
	EDITOR=false expect_status 65 crm edit ann@x.example &&
	grep -q "the editor (false) failed" err &&
	test "$(commits)" -eq "$n"
'

if command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1; then
	test_expect 'on a terminal: edit again after a bad edit, then saved' '
		n=$(commits) &&
		rm -f step &&
		printf "e\n" | STEP=$PWD/step EDITOR="$PWD/two-step" \
			script -qec "crm edit ann@x.example" /dev/null >tty 2>&1 &&
		grep -q "is not an email address" tty &&
		grep -q "(e)dit again or (a)bort?" tty &&
		test "$(commits)" -eq $((n + 1)) &&
		show contacts "$(cat ann.id)" >f &&
		grep -qx "email: \[ann@new.example\]" f
	'
	test_expect 'on a terminal: abort leaves the record as it was' '
		n=$(commits) &&
		rm -f step &&
		printf "a\n" | STEP=$PWD/step EDITOR="$PWD/two-step" \
			script -qec "crm edit $(cat ann.id)" /dev/null >tty 2>&1;
		grep -q "not saved" tty &&
		test "$(commits)" -eq "$n"
	'
else
	test_count=$((test_count + 1))
	echo "ok $test_count - edit again on a terminal # skip no script(1)"
fi

test_expect 'edit: references and arguments' '
	expect_status 67 crm edit nobody@x.example &&
	expect_status 64 crm edit &&
	expect_status 64 crm edit a b
'

done_testing
