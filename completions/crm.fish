# fish completion for crm and crm-add.  fish loads completions by command
# name, so make install puts this file in vendor_completions.d as both
# crm.fish and crm-add.fish; loading it twice does no harm.

# The NAMEs of the crm-NAME programs beside crm and on PATH.
function __crm_commands
    set -l dirs $PATH
    set -l self (command -s crm)
    and set -p dirs (string replace -r '/[^/]*$' '' -- $self)
    for d in $dirs
        for f in $d/crm-*
            test -x $f; and string replace -r '^.*/crm-' '' -- $f
        end
    end | string match -r '^[a-z0-9][a-z0-9-]*$' | sort -u
end

# The index in the command line of crm's command, if it has one yet.
function __crm_command_index
    set -l words (commandline -opc)
    set -l i 2
    while test $i -le (count $words)
        switch $words[$i]
            case -C --store
                set i (math $i + 2)
            case '-*'
                set i (math $i + 1)
            case '*'
                echo $i
                return 0
        end
    end
    return 1
end

function __crm_needs_command
    not __crm_command_index >/dev/null
end

# Whether crm's command is one of the arguments.
function __crm_command_is
    set -l words (commandline -opc)
    set -l i (__crm_command_index)
    test -n "$i"; or return 1
    contains -- $words[$i] $argv
end

# Completes an external command: "crm NAME ARGS" as "crm-NAME ARGS".
function __crm_external
    set -l words (commandline -opc)
    set -l i (__crm_command_index)
    test -n "$i"; or return
    set -l line crm-$words[$i]
    test $i -lt (count $words); and set -a line (string escape -- $words[(math $i + 1)..-1])
    set -a line (string escape -- (commandline -ct))
    complete -C (string join ' ' -- $line)
end

# The kind on crm-add's command line (contact, org or deal), if any.
function __crm_add_kind
    set -l words (commandline -opc)
    set -l takes -C --store -f --format -o -n --limit --sort --from --update \
        --set --name --email --phone --org --title --city --country --tag \
        --owner --stage --domain --industry --size --contact --amount \
        --currency --probability --close
    for i in (seq 2 (count $words))
        if contains -- $words[$i] contact org deal
            and not contains -- $words[(math $i - 1)] $takes
            echo $words[$i]
            return 0
        end
    end
    return 1
end

# Whether crm-add still needs a kind: none given and no --update.
function __crm_add_needs_kind
    not __crm_add_kind >/dev/null
    and not __fish_contains_opt update
end

# Whether the kind given is one of the arguments; true when none is.
function __crm_add_kind_is
    set -l k (__crm_add_kind)
    test -n "$k"; or return 0
    contains -- $k $argv
end

# The fields of the kind given (contact when none), for --set.
function __crm_add_fields
    set -l f
    switch (__crm_add_kind)
        case org
            set f name domain industry size city country tags owner created updated
        case deal
            set f title contact org amount currency stage probability close owner tags created updated
        case '*'
            set f name email phone org title city country tags owner stage dnc created updated
    end
    printf '%s=\n' $f
end

# crm-add

complete -c crm-add -f
complete -c crm-add -n __crm_add_needs_kind -a contact -d 'Add a contact'
complete -c crm-add -n __crm_add_needs_kind -a org -d 'Add an organisation'
complete -c crm-add -n __crm_add_needs_kind -a deal -d 'Add a deal'

complete -c crm-add -s q -l quiet -d 'Print nothing on success'
complete -c crm-add -s C -l store -x -a '(__fish_complete_directories)' -d 'Use the store in dir'
complete -c crm-add -s f -l format -x -a 'table tsv csv json yaml' -d 'Output format'
complete -c crm-add -s o -x -d 'Write only these comma-separated fields'
complete -c crm-add -l header -d 'Begin tsv output with a header row'
complete -c crm-add -s h -l help -d 'Print the usage'
complete -c crm-add -l version -d 'Print the version'
complete -c crm-add -n 'not __crm_add_kind >/dev/null' -l update -x -a - -d 'Change this record (- reads stdin)'
complete -c crm-add -n 'not __fish_contains_opt update' -l from -r -F -d 'Import records from a file (- reads stdin)'
complete -c crm-add -l upsert -d 'Update the contact with that email, or the org with that name'
complete -c crm-add -n 'not __fish_contains_opt update' -l skip-bad -d 'Import the good records, leave out the bad'
complete -c crm-add -l set -x -a '(__crm_add_fields)' -d 'Set any field: field=value'

complete -c crm-add -n '__crm_add_kind_is contact org' -l name -x -d 'Name'
complete -c crm-add -n '__crm_add_kind_is contact' -l email -x -d 'Add an email address (-address removes it)'
complete -c crm-add -n '__crm_add_kind_is contact' -l phone -x -d 'Add a phone number (-number removes it)'
complete -c crm-add -n '__crm_add_kind_is contact deal' -l org -x -d 'Organisation: id, id prefix or name'
complete -c crm-add -n '__crm_add_kind_is contact deal' -l title -x -d 'Job title, or the title of a deal'
complete -c crm-add -n '__crm_add_kind_is contact org' -l city -x -d 'City'
complete -c crm-add -n '__crm_add_kind_is contact org' -l country -x -d 'Country'
complete -c crm-add -l tag -x -d 'Add a tag (-tag removes it)'
complete -c crm-add -l owner -x -d 'Owner'
complete -c crm-add -n '__crm_add_kind_is contact' -n 'not __crm_add_kind_is deal' -l stage -x -d 'Lifecycle stage'
complete -c crm-add -n '__crm_add_kind_is deal' -l stage -x -a 'lead qualified proposal negotiation won lost' -d 'Pipeline stage'
complete -c crm-add -n '__crm_add_kind_is org' -l domain -x -d 'Domain'
complete -c crm-add -n '__crm_add_kind_is org' -l industry -x -d 'Industry'
complete -c crm-add -n '__crm_add_kind_is org' -l size -x -d 'Size'
complete -c crm-add -n '__crm_add_kind_is deal' -l contact -x -d 'Contact: id, id prefix or email'
complete -c crm-add -n '__crm_add_kind_is deal' -l amount -x -d 'Amount of money'
complete -c crm-add -n '__crm_add_kind_is deal' -l currency -x -a 'EUR USD GBP CHF JPY' -d 'ISO 4217 currency'
complete -c crm-add -n '__crm_add_kind_is deal' -l probability -x -d 'Chance of winning, 0 to 100'
complete -c crm-add -n '__crm_add_kind_is deal' -l close -x -a 'today tomorrow +1w +2w +30d +3m' -d 'Expected closing day'

# crm

complete -c crm -f
complete -c crm -n __crm_needs_command -s C -l store -x -a '(__fish_complete_directories)' -d 'Use the store in dir'
complete -c crm -n __crm_needs_command -s q -l quiet -d 'Print no notes'
complete -c crm -n __crm_needs_command -s h -l help -d 'Print the usage and the commands'
complete -c crm -n __crm_needs_command -l version -d 'Print the version'
complete -c crm -n __crm_needs_command -a '(__crm_commands)' -d 'Command'
complete -c crm -n __crm_needs_command -a init -d 'Create a store'
complete -c crm -n __crm_needs_command -a reindex -d 'Rebuild the index'
complete -c crm -n __crm_needs_command -a help -d 'Show the usage of crm or a command'
complete -c crm -n '__crm_command_is init' -x -a '(__fish_complete_directories)'
complete -c crm -n '__crm_command_is help' -x -a 'init reindex help (__crm_commands)'
complete -c crm -n 'not __crm_needs_command; and not __crm_command_is init help reindex' -x -a '(__crm_external)'
