# bash completion for crm, crm-add, crm-find, crm-log, crm-segment and crm-report -*- shell-script -*-
#
# Install it as completions/crm, completions/crm-add and completions/crm-find
# (make install does), for bash-completion's loading by command name, or
# source it from ~/.bashrc.  It needs nothing but bash; with the sqlite3
# tool it also offers the custom field names the store holds.

_crm_add_contact_opts='--name --email --phone --org --title --city --country --tag --owner --stage'
_crm_add_org_opts='--name --domain --industry --size --city --country --tag --owner'
_crm_add_deal_opts='--title --contact --org --amount --currency --stage --probability --close --owner --tag'
_crm_add_contact_fields='id name email phone org title city country tags owner stage dnc created updated'
_crm_add_org_fields='id name domain industry size city country tags owner created updated'
_crm_add_deal_fields='id title contact org amount currency stage probability close owner tags created updated'

# The words of the command line, with "--opt" "=" "value" (split on the
# '=' of COMP_WORDBREAKS) joined again: _crm_words, the index of the word
# under the cursor, _crm_cword, and where each word starts in COMP_WORDS,
# _crm_from.
_crm_split()
{
	local i w
	_crm_words=()
	_crm_from=()
	_crm_cword=0
	for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == = && ${#_crm_words[@]} -gt 0 &&
			${_crm_words[-1]} == --[a-z]* && ${_crm_words[-1]} != *=* ]]; then
			_crm_words[-1]+==
			((i == COMP_CWORD)) && _crm_cword=$((${#_crm_words[@]} - 1))
			if ((i < COMP_CWORD)) && ((i + 1 < ${#COMP_WORDS[@]})); then
				((i++))
				_crm_words[-1]+=${COMP_WORDS[i]}
			fi
		else
			_crm_words+=("$w")
			_crm_from+=("$i")
		fi
		((i == COMP_CWORD)) && _crm_cword=$((${#_crm_words[@]} - 1))
	done
}

# Appends to COMPREPLY the words of list $1 that begin with $2, each with
# prefix $3.
_crm_offer()
{
	local w
	while IFS= read -r w; do
		[[ -n $w ]] && COMPREPLY+=("${3-}$w")
	done < <(compgen -W "$1" -- "$2")
}

# Appends to COMPREPLY the folders (-d) or files (-f), as $1 says, that
# begin with $2, each with prefix $3.
_crm_paths()
{
	local w
	compopt -o filenames 2>/dev/null
	while IFS= read -r w; do
		COMPREPLY+=("${3-}$w")
	done < <(compgen "$1" -- "$2")
}

# Whether option $1 of crm-add takes its value from the next word.
_crm_add_takes_arg()
{
	case $1 in
	-C | --store | -f | --format | -o | -n | --limit | --sort | --from | \
		--update | --set | --name | --email | --phone | --org | --title | \
		--city | --country | --tag | --owner | --stage | --domain | \
		--industry | --size | --contact | --amount | --currency | \
		--probability | --close | --map | --encoding)
		return 0
		;;
	esac
	return 1
}

# Completes the arguments of crm-add that begin at _crm_words[$1].
_crm_add_args()
{
	local first=$1 cur=${_crm_words[_crm_cword]} prev= opt= prefix=
	local kind= update= i w list fields last

	for ((i = first; i < _crm_cword; i++)); do
		w=${_crm_words[i]}
		case $w in
		--update | --update=*) update=1 ;;
		contact | org | deal)
			((i > first)) && _crm_add_takes_arg "${_crm_words[i - 1]}" ||
				kind=$w
			;;
		esac
	done
	((_crm_cword > first)) && _crm_add_takes_arg "${_crm_words[_crm_cword - 1]}" &&
		prev=${_crm_words[_crm_cword - 1]}

	# The value of "--opt=value" or "-fvalue": replies carry the option
	# in front unless bash split the word at the '=' itself.
	if [[ $cur == --[a-z]*=* ]]; then
		opt=${cur%%=*}
		cur=${cur#*=}
		[[ ${COMP_WORDS[COMP_CWORD]} == = || ${COMP_WORDS[COMP_CWORD - 1]} == = ]] ||
			prefix=$opt=
	elif [[ $cur == -[Cfo]?* ]]; then
		opt=${cur:0:2}
		cur=${cur:2}
		prefix=$opt
	fi
	[[ -n $opt ]] && prev=$opt

	case $kind in
	org) fields=$_crm_add_org_fields ;;
	deal) fields=$_crm_add_deal_fields ;;
	*) fields=$_crm_add_contact_fields ;;
	esac

	case $prev in
	-C | --store)
		_crm_paths -d "$cur" "$prefix"
		;;
	-f | --format)
		_crm_offer 'table tsv csv json yaml' "$cur" "$prefix"
		;;
	--from)
		_crm_paths -f "$cur" "$prefix"
		[[ -z $cur ]] && COMPREPLY+=("${prefix}-")
		;;
	--update)
		[[ -z $cur ]] && COMPREPLY+=("${prefix}-")
		;;
	--stage)
		if [[ $kind == deal || -z $kind ]]; then
			_crm_offer 'lead qualified proposal negotiation won lost' "$cur" "$prefix"
		fi
		;;
	--close)
		_crm_offer 'today tomorrow +1w +2w +30d +3m' "$cur" "$prefix"
		;;
	--currency)
		_crm_offer 'EUR USD GBP CHF JPY' "$cur" "$prefix"
		;;
	--encoding)
		_crm_offer 'latin1 cp1252 iso-8859-15 utf-16 macintosh' "$cur" "$prefix"
		;;
	-o)
		# a comma-separated list: complete its last item
		last=${cur##*,}
		compopt -o nospace 2>/dev/null
		_crm_offer "$fields" "$last" "$prefix${cur%"$last"}"
		;;
	--set)
		compopt -o nospace 2>/dev/null
		for w in $(compgen -W "${fields#id }" -- "$cur"); do
			COMPREPLY+=("$prefix$w=")
		done
		;;
	?*)
		# a value of its own: nothing to offer
		;;
	*)
		if [[ $cur == -* ]]; then
			list='-q --quiet -C --store -f --format -o --header -h --help --version --upsert --set'
			if [[ -n $update ]]; then
				list="$list $_crm_add_contact_opts $_crm_add_org_opts $_crm_add_deal_opts"
			else
				case $kind in
				contact) list="$list $_crm_add_contact_opts" ;;
				org) list="$list $_crm_add_org_opts" ;;
				deal) list="$list $_crm_add_deal_opts" ;;
				*) list="$list --update $_crm_add_contact_opts $_crm_add_org_opts $_crm_add_deal_opts" ;;
				esac
				list="$list --from --skip-bad --map --strict --encoding"
			fi
			_crm_offer "$(printf '%s\n' $list | awk '!seen[$0]++')" "$cur"
		elif [[ -z $kind && -z $update ]]; then
			_crm_offer 'contact org deal' "$cur"
		fi
		;;
	esac
	return 0
}

_crm_add()
{
	local _crm_words _crm_cword _crm_from
	COMPREPLY=()
	_crm_split
	_crm_add_args 1
}

# The NAMEs of the crm-NAME programs beside crm and on PATH.
_crm_commands()
{
	local self c
	self=$(type -P "${_crm_words[0]}" 2>/dev/null)
	{
		if [[ $self == */* ]]; then
			for c in "${self%/*}"/crm-*; do
				[[ -x $c ]] && printf '%s\n' "${c##*/}"
			done
		fi
		compgen -c crm-
	} | sed -n 's/^crm-\([a-z0-9][a-z0-9-]*\)$/\1/p' | sort -u
}

_crm()
{
	local _crm_words _crm_cword _crm_from cur prev i cmd= at=0 f
	COMPREPLY=()
	_crm_split
	cur=${_crm_words[_crm_cword]}
	prev=${_crm_words[_crm_cword - 1]}

	# The command is the first word that is not one of crm's options.
	for ((i = 1; i < _crm_cword; i++)); do
		case ${_crm_words[i]} in
		-C | --store) ((i++)) ;;
		-*) ;;
		*)
			cmd=${_crm_words[i]}
			at=$i
			break
			;;
		esac
	done

	case $cmd in
	'')
		if [[ $prev == -C || $prev == --store ]]; then
			_crm_paths -d "$cur"
		elif [[ $cur == --store=* ]]; then
			# the prefix goes back unless bash split the word at '='
			f=--store=
			[[ ${COMP_WORDS[COMP_CWORD]} == = || ${COMP_WORDS[COMP_CWORD - 1]} == = ]] && f=
			_crm_paths -d "${cur#--store=}" "$f"
		elif [[ $cur == -* ]]; then
			_crm_offer '-C --store -q --quiet -h --help --version' "$cur"
		else
			_crm_offer "init reindex history undo rm edit fsck sync forget export dedupe merge help $(_crm_commands)" "$cur"
		fi
		;;
	add)
		_crm_add_args $((at + 1))
		;;
	init)
		if ((_crm_cword == at + 1)); then
			_crm_paths -d "$cur"
		fi
		;;
	help)
		((_crm_cword == at + 1)) &&
			_crm_offer "init reindex history undo rm edit fsck sync forget export dedupe merge help $(_crm_commands)" "$cur"
		;;
	reindex) ;;
	undo)
		[[ $cur == -* ]] && _crm_offer '-q --quiet --force -h --help' "$cur"
		;;
	fsck)
		[[ $cur == -* ]] && _crm_offer '-q --quiet --repair -h --help' "$cur"
		;;
	forget)
		[[ $cur == -* ]] && _crm_offer '-q --quiet --yes --push -h --help' "$cur"
		;;
	dedupe)
		case ${_crm_words[_crm_cword - 1]} in
		-f | --format) _crm_offer 'table tsv csv json yaml' "$cur" ;;
		*) [[ $cur == -* ]] && _crm_offer '-f --format -n --limit --header --min-score -h --help' "$cur" ;;
		esac
		;;
	merge)
		[[ $cur == -* ]] && _crm_offer '-q --quiet -h --help' "$cur"
		;;
	export)
		case ${_crm_words[_crm_cword - 1]} in
		-k | --kind) _crm_offer 'contact org deal' "$cur" ;;
		-f | --format) _crm_offer 'vcf csv json yaml' "$cur" ;;
		--vcard) _crm_offer '4.0 3.0' "$cur" ;;
		*) [[ $cur == -* ]] && _crm_offer '-k --kind -f --format --vcard --subject -h --help' "$cur" ;;
		esac
		;;
	sync)
		if [[ $cur == -* ]]; then
			_crm_offer '-q --quiet --add -h --help' "$cur"
		else
			local store=${CRM_DIR:-}
			_crm_offer "$(git --git-dir="${store:-$HOME/.local/share/crm}" remote 2>/dev/null)" "$cur"
		fi
		;;
	rm)
		[[ $cur == -* ]] && _crm_offer '-q --quiet --force --with-log -h --help' "$cur"
		;;
	history)
		case $prev in
		-f | --format) _crm_offer 'table tsv csv json yaml' "$cur" ;;
		-n | --limit) ;;
		*)
			if [[ $cur == -* ]]; then
				_crm_offer '-f --format --header -n --limit -h --help' "$cur"
			fi
			;;
		esac
		;;
	*)
		# crm-NAME: its own completion when it has one, else files
		f=$(complete -p "crm-$cmd" 2>/dev/null | sed -n 's/.*-F \([^ ]*\).*/\1/p')
		if [[ -n $f ]]; then
			i=${_crm_from[at]}
			local COMP_WORDS=("crm-$cmd" "${COMP_WORDS[@]:i+1}")
			local COMP_CWORD=$((COMP_CWORD - i))
			"$f" "crm-$cmd" "$cur" "$prev"
		else
			compopt -o default 2>/dev/null
		fi
		;;
	esac
	return 0
}

# ---- crm-find ----

# The fields a filter, -o and --sort can name, by kind: the core fields,
# then (contacts) the derived ones.
_crm_find_contact_fields="$_crm_add_contact_fields revenue orders first_purchase last_purchase last_contact interactions open_tasks"
_crm_find_org_fields=$_crm_add_org_fields
_crm_find_deal_fields=$_crm_add_deal_fields
_crm_find_log_fields='id at contact type summary amount currency channel direction deal due done body'

# The custom field names of kind $2 (0 contact, 1 org, 2 deal, 3 log) in
# the store $1 (empty: CRM_DIR, XDG_DATA_HOME/crm or ~/.local/share/crm),
# from its index; nothing, silently, without sqlite3 or an index.
_crm_find_custom()
{
	local dir=$1 db
	type -P sqlite3 >/dev/null 2>&1 || return 0
	if [[ -z $dir ]]; then
		if [[ -n ${CRM_DIR-} ]]; then
			dir=$CRM_DIR
		elif [[ ${XDG_DATA_HOME-} == /* ]]; then
			dir=$XDG_DATA_HOME/crm
		else
			dir=$HOME/.local/share/crm
		fi
	fi
	db=$dir/crm-index.sqlite
	[[ -f $db && -r $db ]] || return 0
	sqlite3 -batch -noheader "$db" \
		"SELECT DISTINCT name FROM fieldname WHERE kind = $2 ORDER BY name" 2>/dev/null
}

# The field names of kind $1 in store $2, one a line: core, derived and
# custom; with prefix $3 (org. or contact.) when given.
_crm_find_fields()
{
	local kind=$1 k=0 f w
	case $kind in
	org) f=$_crm_find_org_fields k=1 ;;
	deal) f=$_crm_find_deal_fields k=2 ;;
	log) f=$_crm_find_log_fields k=3 ;;
	*) f=$_crm_find_contact_fields ;;
	esac
	for w in $f $(_crm_find_custom "$2" $k); do
		printf '%s\n' "${3-}$w"
	done
}

# The kind a -k/--kind value names, as crm-find reads it.
_crm_find_kind()
{
	case $1 in
	org | orgs | organisation | organization) echo org ;;
	deal | deals) echo deal ;;
	log | interaction | interactions) echo log ;;
	*) echo contact ;;
	esac
}

# Completes the arguments of crm-find that begin at _crm_words[$1].
_crm_find_args()
{
	local first=$1 cur=${_crm_words[_crm_cword]} prev= opt= prefix=
	local kind=contact store= i w last head sign= refs= fields

	for ((i = first; i < _crm_cword; i++)); do
		w=${_crm_words[i]}
		case $w in
		-k | --kind) ((i + 1 < _crm_cword)) && kind=$(_crm_find_kind "${_crm_words[i + 1]}") ;;
		--kind=*) kind=$(_crm_find_kind "${w#--kind=}") ;;
		-k?*) kind=$(_crm_find_kind "${w#-k}") ;;
		-C | --store) ((i + 1 < _crm_cword)) && store=${_crm_words[i + 1]} ;;
		--store=*) store=${w#--store=} ;;
		-C?*) store=${w#-C} ;;
		esac
	done
	((_crm_cword > first)) && case ${_crm_words[_crm_cword - 1]} in
	-C | --store | -k | --kind | -f | --format | -o | --fields | --sort | -n | --limit)
		prev=${_crm_words[_crm_cword - 1]}
		;;
	esac

	# The value of "--opt=value" or "-xvalue": replies carry the option
	# in front unless bash split the word at the '=' itself.
	if [[ $cur == --[a-z]*=* ]]; then
		opt=${cur%%=*}
		cur=${cur#*=}
		[[ ${COMP_WORDS[COMP_CWORD]} == = || ${COMP_WORDS[COMP_CWORD - 1]} == = ]] ||
			prefix=$opt=
	elif [[ $cur == -[Cfkon]?* ]]; then
		opt=${cur:0:2}
		cur=${cur:2}
		prefix=$opt
	fi
	[[ -n $opt ]] && prev=$opt

	case $prev in
	-C | --store)
		_crm_paths -d "$cur" "$prefix"
		;;
	-k | --kind)
		_crm_offer 'contact org deal log' "$cur" "$prefix"
		;;
	-f | --format)
		_crm_offer 'table tsv csv json yaml' "$cur" "$prefix"
		;;
	-o | --fields | --sort)
		# a comma-separated list: complete its last item, which may
		# be "-field" (sort) and "org.field" or "contact.field"
		last=${cur##*,}
		head=${cur%"$last"}
		if [[ $prev == --sort && $last == [-+]* ]]; then
			sign=${last:0:1}
			last=${last:1}
		fi
		case $kind in
		contact) refs='org.' ;;
		deal) refs='contact. org.' ;;
		log) refs='contact.' ;;
		esac
		compopt -o nospace 2>/dev/null
		case $last in
		org.*) fields=$(_crm_find_fields org "$store" org.) ;;
		contact.*) fields=$(_crm_find_fields contact "$store" contact.) ;;
		*) fields="$(_crm_find_fields "$kind" "$store") $refs" ;;
		esac
		_crm_offer "$fields" "$last" "$prefix$head$sign"
		;;
	-n | --limit)
		;;
	*)
		if [[ $cur == -* ]]; then
			_crm_offer '-q --quiet -C --store -k --kind -f --format -o --fields
				--header --sort -n --limit --count -h --help --version -' "$cur"
		elif [[ -n $cur ]]; then
			# a filter's field names (a bare word is a full-text term)
			compopt -o nospace 2>/dev/null
			_crm_offer "$(_crm_find_fields "$kind" "$store")" "$cur"
		fi
		;;
	esac
	return 0
}

_crm_find()
{
	local _crm_words _crm_cword _crm_from
	COMPREPLY=()
	_crm_split
	_crm_find_args 1
}

complete -F _crm crm
complete -F _crm_add crm-add
complete -F _crm_find crm-find

# ---- crm-log ----

_crm_log_types='call email meeting note purchase refund support task'
_crm_log_fields='id at contact type summary amount currency channel direction deal due done body contact.name contact.email'
_crm_log_opts='-q --quiet -C --store -f --format -o --header --sort -n --limit
	-h --help --version --at --amount --currency --channel --direction --deal
	--due --body --set --include-dnc --since --until --type --no-pager --done
	--ical --from --skip-bad --encoding --from-mail --add'

# Whether option $1 of crm-log takes its value from the next word.
_crm_log_takes_arg()
{
	case $1 in
	-C | --store | -f | --format | -o | -n | --limit | --sort | --at | \
		--amount | --currency | --channel | --direction | --deal | --body | \
		--set | --since | --until | --type | --from | --encoding)
		return 0
		;;
	esac
	return 1
}

# Whether $1 reads as a time, as the value that --due may take.
_crm_log_is_when()
{
	[[ $1 =~ ^(now|today|yesterday|tomorrow|[-+][0-9]+[dwmyh])$ ||
		$1 =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2} ]]
}

# Completes the arguments of crm-log that begin at _crm_words[$1].
_crm_log_args()
{
	local first=$1 cur=${_crm_words[_crm_cword]} prev= opt= prefix=
	local i w npos=0 mode= due= last

	# the positional words before the cursor, and the options that
	# choose a mode without them (--due with a reference is a task's)
	for ((i = first; i < _crm_cword; i++)); do
		w=${_crm_words[i]}
		case $w in
		--due | --due=*) due=1 ;;
		--done | --ical | --from | --from=*) mode=1 ;;
		esac
		if [[ $w == --due ]] && ((i + 1 < _crm_cword)) &&
			_crm_log_is_when "${_crm_words[i + 1]}"; then
			((i++))
		elif _crm_log_takes_arg "$w"; then
			((i++))
		elif [[ $w == -?* ]]; then
			:
		else
			((npos++))
		fi
	done
	[[ -n $due ]] && ((npos == 0)) && mode=1
	((_crm_cword > first)) && prev=${_crm_words[_crm_cword - 1]}
	_crm_log_takes_arg "$prev" || [[ $prev == --due ]] || prev=

	# The value of "--opt=value" or "-fvalue": replies carry the option
	# in front unless bash split the word at the '=' itself.
	if [[ $cur == --[a-z]*=* ]]; then
		opt=${cur%%=*}
		cur=${cur#*=}
		[[ ${COMP_WORDS[COMP_CWORD]} == = || ${COMP_WORDS[COMP_CWORD - 1]} == = ]] ||
			prefix=$opt=
	elif [[ $cur == -[Cfon]?* ]]; then
		opt=${cur:0:2}
		cur=${cur:2}
		prefix=$opt
	fi
	[[ -n $opt ]] && prev=$opt

	case $prev in
	-C | --store)
		_crm_paths -d "$cur" "$prefix"
		;;
	-f | --format)
		_crm_offer 'table tsv csv json yaml' "$cur" "$prefix"
		;;
	--from)
		_crm_paths -f "$cur" "$prefix"
		[[ -z $cur ]] && COMPREPLY+=("${prefix}-")
		;;
	--body)
		[[ -z $cur ]] && COMPREPLY+=("${prefix}-")
		;;
	--type)
		_crm_offer "$_crm_log_types" "$cur" "$prefix"
		;;
	--direction)
		_crm_offer 'in out' "$cur" "$prefix"
		;;
	--encoding)
		_crm_offer 'latin1 cp1252 iso-8859-15 utf-16 macintosh' "$cur" "$prefix"
		;;
	--currency)
		_crm_offer 'EUR USD GBP CHF JPY' "$cur" "$prefix"
		;;
	--channel)
		_crm_offer 'phone video web email shop' "$cur" "$prefix"
		;;
	--at)
		_crm_offer 'now today yesterday -1d -2d -1w' "$cur" "$prefix"
		;;
	--since | --until)
		_crm_offer 'today yesterday -7d -30d -3m -1y' "$cur" "$prefix"
		;;
	--due)
		# a day when one follows, else the next option
		if [[ $cur == --* && -z $opt ]]; then
			_crm_offer "$_crm_log_opts" "$cur"
		else
			_crm_offer 'today tomorrow +1d +3d +1w +2w +1m' "$cur" "$prefix"
		fi
		;;
	-o | --sort)
		# a comma-separated list: complete its last item
		last=${cur##*,}
		compopt -o nospace 2>/dev/null
		if [[ $prev == --sort && $last == [-+]* ]]; then
			_crm_offer "$_crm_log_fields" "${last:1}" "$prefix${cur%"$last"}${last:0:1}"
		else
			_crm_offer "$_crm_log_fields" "$last" "$prefix${cur%"$last"}"
		fi
		;;
	?*)
		# a value of its own: nothing to offer
		;;
	*)
		if [[ $cur == -* ]]; then
			# "-" is also the reference that reads stdin
			[[ $cur == - && -z $mode ]] && ((npos == 0)) && COMPREPLY+=(-)
			_crm_offer "$_crm_log_opts" "$cur"
		elif [[ -z $mode ]]; then
			# a contact, then its type, then a summary
			((npos == 1)) && _crm_offer "$_crm_log_types" "$cur"
		fi
		;;
	esac
	return 0
}

_crm_log()
{
	local _crm_words _crm_cword _crm_from
	COMPREPLY=()
	_crm_split
	_crm_log_args 1
}

complete -F _crm_log crm-log

# ---- crm-segment ----

_crm_segment_modes='rfm lifecycle value pareto by save rm'
_crm_segment_opts='-q --quiet -C --store -f --format -o --fields --header --sort
	-n --limit --count -h --help --version --at --where --bins --summary
	--share --since --tag --windows --list'

# Whether option $1 of crm-segment takes its value from the next word.
_crm_segment_takes_arg()
{
	case $1 in
	-C | --store | -f | --format | -o | --fields | --sort | -n | --limit | \
		--at | --where | --bins | --share | --since | --tag | --windows)
		return 0
		;;
	esac
	return 1
}

# The saved segments of the store $1 (empty: the default one).
_crm_segment_saved()
{
	local dir=$1
	command crm-segment ${dir:+-C "$dir"} --list -f tsv 2>/dev/null | cut -f1
}

# Completes the arguments of crm-segment that begin at _crm_words[$1].
_crm_segment_args()
{
	local first=$1 cur=${_crm_words[_crm_cword]} prev= opt= prefix=
	local i w mode= npos=0 store=

	for ((i = first; i < _crm_cword; i++)); do
		w=${_crm_words[i]}
		if _crm_segment_takes_arg "$w"; then
			[[ $w == -C || $w == --store ]] && store=${_crm_words[i + 1]}
			((i++))
		elif [[ $w == --store=* ]]; then
			store=${w#--store=}
		elif [[ $w == -?* || $w == - ]]; then
			:
		else
			[[ -z $mode ]] && mode=$w
			((npos++))
		fi
	done
	((_crm_cword > first)) && prev=${_crm_words[_crm_cword - 1]}
	_crm_segment_takes_arg "$prev" || prev=
	if [[ $cur == --[a-z]*=* ]]; then
		opt=${cur%%=*}
		cur=${cur#*=}
		[[ ${COMP_WORDS[COMP_CWORD]} == = || ${COMP_WORDS[COMP_CWORD - 1]} == = ]] ||
			prefix=$opt=
		prev=$opt
	fi

	case $prev in
	-C | --store)
		_crm_paths -d "$cur" "$prefix"
		;;
	-f | --format)
		_crm_offer 'table tsv csv json yaml' "$cur" "$prefix"
		;;
	--at | --since)
		_crm_offer 'today yesterday -30d -90d -1y' "$cur" "$prefix"
		;;
	--bins)
		_crm_offer '3 4 5 10' "$cur" "$prefix"
		;;
	--share)
		_crm_offer '0.5 0.8 0.9' "$cur" "$prefix"
		;;
	--tag)
		_crm_offer 'rfm lifecycle value' "$cur" "$prefix"
		;;
	--windows)
		compopt -o nospace 2>/dev/null
		_crm_offer 'new= active= passive=' "${cur##*,}" "$prefix${cur%"${cur##*,}"}"
		;;
	-o | --fields | --sort)
		compopt -o nospace 2>/dev/null
		w=${cur##*,}
		_crm_offer "$(_crm_find_fields contact "$store")" "$w" "$prefix${cur%"$w"}"
		;;
	?*)
		;;
	*)
		if [[ $cur == -* ]]; then
			_crm_offer "$_crm_segment_opts" "$cur"
		elif ((npos == 0)); then
			_crm_offer "$_crm_segment_modes $(_crm_segment_saved "$store")" "$cur"
		elif [[ $mode == by ]] && ((npos == 1)); then
			_crm_offer "$(_crm_find_fields contact "$store")" "$cur"
		elif [[ $mode == rm ]] && ((npos == 1)); then
			_crm_offer "$(_crm_segment_saved "$store")" "$cur"
		fi
		;;
	esac
	return 0
}

_crm_segment()
{
	local _crm_words _crm_cword _crm_from
	COMPREPLY=()
	_crm_split
	_crm_segment_args 1
}

complete -F _crm_segment crm-segment

# ---- crm-report ----

_crm_report_modes='revenue cohort pareto pipeline activity clv quality'
_crm_report_opts='-q --quiet -C --store -f --format --header -n --limit --count
	-o --fields --sort -h --help --version --at --since --until --where --by
	--counts --as-of'

# Whether option $1 of crm-report takes its value from the next word.
_crm_report_takes_arg()
{
	case $1 in
	-C | --store | -f | --format | -n | --limit | --at | --since | \
		--until | --where | --by | -o | --fields | --sort | --as-of)
		return 0
		;;
	esac
	return 1
}

# Completes the arguments of crm-report that begin at _crm_words[$1].
_crm_report_args()
{
	local first=$1 cur=${_crm_words[_crm_cword]} prev= opt= prefix=
	local i w mode= store=

	for ((i = first; i < _crm_cword; i++)); do
		w=${_crm_words[i]}
		if _crm_report_takes_arg "$w"; then
			[[ $w == -C || $w == --store ]] && store=${_crm_words[i + 1]}
			((i++))
		elif [[ $w == --store=* ]]; then
			store=${w#--store=}
		elif [[ $w != -* && -z $mode ]]; then
			mode=$w
		fi
	done
	((_crm_cword > first)) && prev=${_crm_words[_crm_cword - 1]}
	_crm_report_takes_arg "$prev" || prev=
	if [[ $cur == --[a-z]*=* ]]; then
		opt=${cur%%=*}
		cur=${cur#*=}
		[[ ${COMP_WORDS[COMP_CWORD]} == = || ${COMP_WORDS[COMP_CWORD - 1]} == = ]] ||
			prefix=$opt=
		prev=$opt
	fi

	case $prev in
	-C | --store)
		_crm_paths -d "$cur" "$prefix"
		;;
	-f | --format)
		_crm_offer 'table tsv csv json yaml html' "$cur" "$prefix"
		;;
	--at | --since | --until | --as-of)
		_crm_offer 'today yesterday -30d -90d -6m -1y' "$cur" "$prefix"
		;;
	-o | --fields | --sort)
		if [[ $mode == quality ]]; then
			_crm_offer 'id name completeness missing problems section item records share' "$cur" "$prefix"
		fi
		;;
	--by)
		if [[ $mode == cohort ]]; then
			_crm_offer 'month quarter' "$cur" "$prefix"
		elif [[ $mode == activity ]]; then
			_crm_offer 'owner type week channel' "$cur" "$prefix"
		elif [[ $mode == clv ]]; then
			_crm_offer 'segment' "$cur" "$prefix"
		else
			_crm_offer "day week month quarter year segment channel $(_crm_find_fields contact "$store")" "$cur" "$prefix"
		fi
		;;
	?*)
		;;
	*)
		if [[ $cur == -* ]]; then
			_crm_offer "$_crm_report_opts" "$cur"
		elif [[ -z $mode ]]; then
			_crm_offer "$_crm_report_modes" "$cur"
		fi
		;;
	esac
	return 0
}

_crm_report()
{
	local _crm_words _crm_cword _crm_from
	COMPREPLY=()
	_crm_split
	_crm_report_args 1
}

complete -F _crm_report crm-report
