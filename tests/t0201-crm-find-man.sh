#!/bin/sh
# t0201-crm-find-man: crm-find's page and completions say what crm-find
# does: every derived field, kind and format is documented, and the
# completions offer crm-find's options, kinds, formats and field names,
# the store's custom fields included when the sqlite3 tool is there.
. "${0%/*}/lib.sh"

MAN=$TOP/man/crm-find.1
COMP=$TOP/completions

test_expect 'crm-find.1 names every kind, format and derived field' '
	for w in contact org deal log table tsv csv json yaml revenue orders \
		first_purchase last_purchase last_contact interactions open_tasks \
		org.name contact.name; do
		grep -q "$w" "$MAN" || { echo "# crm-find.1 lacks $w" >&2; exit 1; }
	done
'

test_expect 'crm-find.1 gives the default columns crm-find uses' '
	crm-add contact --name "Ann Lee" --email ann@example.com >/dev/null 2>&1 &&
	for k in contact org deal log; do
		cols=$(crm-find -k $k --header -n 0 2>/dev/null | head -1 | tr "\t" ",")
		test -n "$cols" || cols=$(crm-find -k $k -f csv -n 0 2>/dev/null | head -1)
		test -n "$cols" || continue
		line=$(awk -v k="$k" "/^\\.Ss Output/ { on = 1 } on && /^\\.It Cm / && \$3 == k { getline; print; exit }" "$MAN")
		page=$(echo "$line" | sed "s/^\\.Cm //; s/ , /,/g")
		test "$page" = "$cols" ||
			{ echo "# $k: page says $page, crm-find prints $cols" >&2; exit 1; }
	done
'

# Runs bash completion on the words given (the last is the one under
# the cursor) and prints the replies, one a line.
bash_complete() {
	bash --norc --noprofile -c '
		. "$1" || exit 1
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		f=$(complete -p "$1" | sed "s/.*-F \([^ ]*\).*/\1/")
		"$f" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"
	' bash "$COMP/crm.bash" "$@"
}

if command -v bash >/dev/null 2>&1; then
	test_expect 'bash completion registers crm-find' '
		bash --norc --noprofile -c ". \"$COMP/crm.bash\" && complete -p crm-find" >out 2>err &&
		! test -s err
	'

	test_expect 'bash completion offers every option of crm-find --help' '
		crm-find --help | sed "s/[][|]/ /g" | tr -s " \t" "\n" |
			grep -E "^--?[A-Za-z]" | sort -u >help.opts &&
		bash_complete crm-find - | sort -u >offered &&
		comm -23 help.opts offered >missing &&
		sed "s/^/# not offered: /" missing >&2 &&
		! test -s missing
	'

	test_expect 'bash completion offers the kinds and formats of crm-find' '
		bash_complete crm-find -k "" >out &&
		printf "%s\n" contact org deal log >expect &&
		test_cmp expect out &&
		bash_complete crm-find --format "" >out &&
		printf "%s\n" table tsv csv json yaml >expect &&
		test_cmp expect out
	'

	test_expect 'bash completion offers fields after -o and --sort' '
		bash_complete crm-find -o name,last_ >out &&
		printf "%s\n" name,last_purchase name,last_contact >expect &&
		test_cmp expect out &&
		bash_complete crm-find --sort -rev >out &&
		echo -revenue >expect &&
		test_cmp expect out &&
		bash_complete crm-find -k deal -o contact.ci >out &&
		echo contact.city >expect &&
		test_cmp expect out &&
		bash_complete crm find -k org -o dom >out &&
		echo domain >expect &&
		test_cmp expect out
	'

	if command -v sqlite3 >/dev/null 2>&1; then
		test_expect 'bash completion offers the custom fields of the store' '
			crm-add contact --name "Bo Chen" --email bo@example.com \
				--set shoe-size=44 >/dev/null 2>&1 &&
			crm-find -q shoe-size=44 &&
			bash_complete crm-find -o sho >out &&
			echo shoe-size >expect &&
			test_cmp expect out &&
			bash_complete crm-find -C "$STORE" --sort shoe >out &&
			test_cmp expect out &&
			bash_complete crm-find -C "$TEST_DIR/none" -o sho >out &&
			! grep -q . out
		'
	fi
fi

if command -v zsh >/dev/null 2>&1; then
	test_expect 'zsh completion parses and knows every option of crm-find' '
		zsh -n "$COMP/_crm" &&
		crm-find --help | sed "s/[][|]/ /g" | tr -s " \t" "\n" |
			grep -E "^--[a-z]" | sort -u >help.opts &&
		for opt in $(cat help.opts); do
			grep -qe "$opt" "$COMP/_crm" ||
				{ echo "# _crm lacks $opt" >&2; exit 1; }
		done
	'
fi

if command -v fish >/dev/null 2>&1; then
	fish=fish
	fish --no-config -c true 2>/dev/null && fish='fish --no-config'
	test_expect 'fish completion completes crm-find' '
		$fish -c "source \"$COMP/crm.fish\"; complete -C \"crm-find -k \"" |
			cut -f1 | sort >out &&
		printf "%s\n" contact deal log org >expect &&
		test_cmp expect out &&
		$fish -c "source \"$COMP/crm.fish\"; complete -C \"crm-find -o name,last_\"" |
			cut -f1 >out &&
		printf "%s\n" name,last_contact name,last_purchase >expect &&
		test_cmp expect out
	'
fi

done_testing
