# bash completion for crm and crm-add                      -*- shell-script -*-
#
# Install it as both completions/crm and completions/crm-add (make install
# does), for bash-completion's loading by command name, or source it from
# ~/.bashrc.  It needs nothing but bash.

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
		--probability | --close)
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
				list="$list --from --skip-bad"
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
			_crm_offer "init reindex help $(_crm_commands)" "$cur"
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
			_crm_offer "init reindex help $(_crm_commands)" "$cur"
		;;
	reindex) ;;
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

complete -F _crm crm
complete -F _crm_add crm-add
