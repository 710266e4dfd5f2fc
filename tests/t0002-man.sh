#!/bin/sh
# t0002-man: the man pages and the completions agree with the binaries.
# Every page lints clean; each command's SYNOPSIS is its usage(); the
# options that --help names are documented and the documented ones are
# real; the completions load and offer what the commands take.
. "${0%/*}/lib.sh"

command -v mandoc >/dev/null 2>&1 || skip_all 'mandoc is not installed'

MAN=$TOP/man
COMP=$TOP/completions
BS=$(printf '\b')

# "ok N # skip why", for a test whose tool is missing.
test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $1 # skip $2"
}

# The forms of a usage text on stdin, one a line, spaces squeezed: the
# "usage:" line and the indented lines that follow it, where a line that
# starts with the program's name begins a new form.
usage_forms() {
	awk -v prog="$1" '
	NR == 1 { sub(/^usage:[ \t]*/, ""); form = $0; next }
	/^[ \t]/ {
		line = $0; sub(/^[ \t]+/, "", line)
		if (index(line, prog " ") == 1 || line == prog) {
			print form; form = line
		} else {
			form = form " " line
		}
		next
	}
	{ exit }
	END { if (form != "") print form }' | tr -s ' \t' '  ' | sed 's/ *$//'
}

# The forms of a page's SYNOPSIS, one a line, spaces squeezed.
synopsis_forms() {
	mandoc -Tascii -Owidth=1000 "$1" | sed "s/.$BS//g" |
	awk '/^SYNOPSIS/ { on = 1; next } /^[A-Z]/ { on = 0 }
	     on && NF { sub(/^[ \t]+/, ""); print }' | tr -s ' \t' '  ' | sed 's/ *$//'
}

# The options (-x, --long) in a usage text on stdin, one a line, sorted.
usage_options() {
	sed 's/[][|]/ /g' | tr -s ' \t' '\n' | grep -E '^--?[A-Za-z]' | sed 's/=.*//' |
	grep -E '^(-[A-Za-z]|--[a-z][a-z0-9-]*)$' | sort -u
}

# The options a page documents in its option lists (".It Fl x" and
# ", Fl -long" on .It lines) and uses in its SYNOPSIS, sorted.
page_options() {
	awk '/^\.Sh SYNOPSIS/ { syn = 1; next } /^\.Sh / { syn = 0 }
	     /^\.It / || syn {
		for (i = 1; i < NF; i++)
			if ($i == "Fl" && $(i + 1) ~ /^-?[A-Za-z][A-Za-z0-9-]*$/)
				print "-" $(i + 1)
	     }' "$1" | sort -u
}

# Whether bin takes option opt: getopt does not call it unknown.  --help
# ends the parse before anything is read or written, and an option that
# takes no value is still recognised when given one.
takes_option() {
	case $2 in
	--*)
		"$1" "$2=x" --help >/dev/null 2>takes.err </dev/null
		! grep -q "unrecognized option '$2\|unknown option '$2'" takes.err
		;;
	*)
		"$1" "$2" --help >/dev/null 2>takes.err </dev/null
		! grep -q "invalid option -- '${2#-}'\|unknown option '$2'" takes.err
		;;
	esac
}

test_expect 'every man page lints clean' '
	ls "$MAN"/*.[1-9] >/dev/null &&
	mandoc -Tlint -W warning "$MAN"/*.[1-9] >lint 2>&1
	status=$?
	cat lint >&2
	test $status -eq 0 && ! test -s lint
'

test_expect 'every command has a man page' '
	for bin in "$CRM_BIN"/crm*; do
		test -f "$MAN/${bin##*/}.1" || {
			echo "# no man/${bin##*/}.1" >&2
			exit 1
		}
	done
'

test_expect 'crm-store(5) documents the layout and the files crm writes' '
	for w in crm.yaml .gitattributes contacts/ orgs/ deals/ log/ segments/ \
		crm-index.sqlite crm.lock refs/heads/main; do
		grep -qF -- "$w" "$MAN/crm-store.5" || {
			echo "# crm-store.5 does not mention $w" >&2
			exit 1
		}
	done
'

for bin in "$CRM_BIN"/crm*; do
	name=${bin##*/}
	page=$MAN/$name.1
	test -f "$page" || continue

	test_expect "$name: SYNOPSIS is the usage of --help" '
		"$bin" --help >help &&
		usage_forms "$name" <help >usage.forms &&
		synopsis_forms "$page" >synopsis.forms &&
		test -s usage.forms &&
		test_cmp usage.forms synopsis.forms
	'

	test_expect "$name: every option of --help is documented" '
		"$bin" --help | usage_options >help.opts &&
		page_options "$page" >page.opts &&
		test -s help.opts &&
		comm -23 help.opts page.opts >missing &&
		sed "s/^/# undocumented in $name.1: /" missing >&2 &&
		! test -s missing
	'

	test_expect "$name: every documented option is real" '
		page_options "$page" >page.opts &&
		test -s page.opts &&
		for opt in $(cat page.opts); do
			takes_option "$bin" "$opt" || {
				echo "# $name does not take $opt" >&2
				cat takes.err >&2
				exit 1
			}
		done
	'
done

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
	test_expect 'bash completion loads and registers crm and crm-add' '
		bash --norc --noprofile -c ". \"$COMP/crm.bash\" &&
			complete -p crm && complete -p crm-add" >out 2>err &&
		! test -s err
	'

	test_expect 'bash completion offers the kinds after crm-add' '
		bash_complete crm-add "" >out &&
		printf "%s\n" contact org deal >expect &&
		test_cmp expect out
	'

	test_expect 'bash completion offers --name for crm-add contact --na' '
		bash_complete crm-add contact --na >out &&
		echo --name >expect &&
		test_cmp expect out
	'

	test_expect 'bash completion of crm add goes on as crm-add' '
		bash_complete crm add contact --na >out &&
		echo --name >expect &&
		test_cmp expect out &&
		bash_complete crm add "" >out &&
		printf "%s\n" contact org deal >expect &&
		test_cmp expect out
	'

	test_expect 'bash completion offers crm commands, crm-NAME on PATH too' '
		mkdir -p bin &&
		printf "#!/bin/sh\n" >bin/crm-frob &&
		chmod +x bin/crm-frob &&
		PATH=$PWD/bin:$PATH bash_complete crm "" >out &&
		for c in init reindex help add frob; do
			grep -qx "$c" out || { echo "# no $c" >&2; exit 1; }
		done
	'

	test_expect 'bash completion offers the formats after -f' '
		bash_complete crm-add -f "" >out &&
		printf "%s\n" table tsv csv json yaml >expect &&
		test_cmp expect out
	'

	test_expect 'bash completion offers every option of crm-add --help' '
		crm-add --help | usage_options | grep -- "^--" >help.opts &&
		bash_complete crm-add -- | sort -u >offered &&
		comm -23 help.opts offered >missing &&
		sed "s/^/# not offered: /" missing >&2 &&
		! test -s missing
	'

	test_expect 'bash completion offers the reports and what --by takes' '
		bash_complete crm-report "" >out &&
		printf "%s\n" revenue cohort pareto pipeline activity clv quality >expect &&
		test_cmp expect out &&
		bash_complete crm-report cohort --by "" >out &&
		printf "%s\n" month quarter >expect &&
		test_cmp expect out &&
		bash_complete crm-report revenue --by q >out &&
		echo quarter >expect &&
		test_cmp expect out &&
		bash_complete crm report --co >out &&
		printf "%s\n" --count --counts >expect &&
		test_cmp expect out
	'

	test_expect 'bash completion offers every option of crm-report --help' '
		crm-report --help | usage_options | grep -- "^--" >help.opts &&
		bash_complete crm-report -- | sort -u >offered &&
		comm -23 help.opts offered >missing &&
		sed "s/^/# not offered: /" missing >&2 &&
		! test -s missing
	'
else
	test_skip 'bash completion' 'bash is not installed'
fi

if command -v zsh >/dev/null 2>&1; then
	test_expect 'zsh completion parses and knows every option of crm-add' '
		zsh -n "$COMP/_crm" &&
		head -1 "$COMP/_crm" | grep -q "^#compdef crm crm-add" &&
		crm-add --help | usage_options | grep -- "^--" >help.opts &&
		for opt in $(cat help.opts); do
			grep -qe "$opt" "$COMP/_crm" ||
				{ echo "# _crm lacks $opt" >&2; exit 1; }
		done
	'
else
	test_skip 'zsh completion' 'zsh is not installed'
fi

if command -v fish >/dev/null 2>&1; then
	fish=fish
	fish --no-config -c true 2>/dev/null && fish='fish --no-config'
	test_expect 'fish completion parses and completes crm-add' '
		fish -n "$COMP/crm.fish" &&
		$fish -c "source \"$COMP/crm.fish\"; complete -C \"crm-add \"" |
			cut -f1 | sort >out &&
		printf "%s\n" contact deal org >expect &&
		test_cmp expect out &&
		$fish -c "source \"$COMP/crm.fish\"; complete -C \"crm-add contact --na\"" |
			cut -f1 >out &&
		echo --name >expect &&
		test_cmp expect out &&
		$fish -c "source \"$COMP/crm.fish\"; complete -C \"crm-report \"" |
			cut -f1 | sort >out &&
		printf "%s\n" activity clv cohort pareto pipeline quality revenue >expect &&
		test_cmp expect out
	'
else
	test_skip 'fish completion' 'fish is not installed'
fi

done_testing
