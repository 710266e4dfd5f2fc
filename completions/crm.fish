# fish completion for crm and its commands.  fish loads completions
# by command name, so make install puts this file in vendor_completions.d
# as crm.fish, crm-add.fish and crm-find.fish; loading it again does no
# harm.  With the sqlite3 tool it also offers the custom field names the
# store holds.

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
complete -c crm-add -n 'not __fish_contains_opt update' -l map -x -d 'Read a CSV column as a field: Column=field (=- leaves it out)'
complete -c crm-add -n 'not __fish_contains_opt update' -l strict -d 'Refuse CSV columns that are no field'
complete -c crm-add -n 'not __fish_contains_opt update' -l encoding -x -a 'latin1 cp1252 iso-8859-15 utf-16 macintosh' -d 'Character set of the --from file'

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

# crm-find

# The kind on crm-find's command line: contact unless -k says otherwise.
function __crm_find_kind
    set -l words (commandline -opc)
    set -l k contact
    for i in (seq 2 (count $words))
        set -l w $words[$i]
        switch $w
            case -k --kind
                test $i -lt (count $words); and set k $words[(math $i + 1)]
            case '--kind=*'
                set k (string replace -- --kind= '' $w)
            case '-k?*'
                set k (string sub -s 3 -- $w)
        end
    end
    switch $k
        case org orgs organisation organization
            echo org
        case deal deals
            echo deal
        case log interaction interactions
            echo log
        case '*'
            echo contact
    end
end

# The store on crm-find's command line, or CRM_DIR, XDG_DATA_HOME/crm,
# ~/.local/share/crm.
function __crm_find_store
    set -l words (commandline -opc)
    set -l dir
    for i in (seq 2 (count $words))
        switch $words[$i]
            case -C --store
                test $i -lt (count $words); and set dir $words[(math $i + 1)]
            case '--store=*'
                set dir (string replace -- --store= '' $words[$i])
        end
    end
    if test -z "$dir"
        if set -q CRM_DIR; and test -n "$CRM_DIR"
            set dir $CRM_DIR
        else if string match -q '/*' -- "$XDG_DATA_HOME"
            set dir $XDG_DATA_HOME/crm
        else
            set dir $HOME/.local/share/crm
        end
    end
    echo $dir
end

# The field names of kind $argv[1] with prefix $argv[2]: core, derived
# (contacts) and the custom names in the store's index.
function __crm_find_fields
    set -l f
    set -l k 0
    switch $argv[1]
        case org
            set k 1
            set f id name domain industry size city country tags owner created updated
        case deal
            set k 2
            set f id title contact org amount currency stage probability close owner tags created updated
        case log
            set k 3
            set f id at contact type summary amount currency channel direction deal due done body
        case '*'
            set f id name email phone org title city country tags owner stage dnc created updated \
                revenue orders first_purchase last_purchase last_contact interactions open_tasks
    end
    set -l db (__crm_find_store)/crm-index.sqlite
    if command -q sqlite3; and test -f $db -a -r $db
        set -a f (sqlite3 -batch -noheader $db \
            "SELECT DISTINCT name FROM fieldname WHERE kind = $k ORDER BY name" 2>/dev/null)
    end
    printf "$argv[2]%s\n" $f
end

# The comma-separated field list of -o or --sort ($argv[1] = sort) being
# typed: the items so far, then each field, "-field" (sort), org.FIELD
# or contact.FIELD.
function __crm_find_field_list
    set -l tok (commandline -ct)
    set tok (string replace -r -- '^(--fields=|--sort=|-o)' '' $tok)
    set -l head (string match -r -- '^.*,' $tok)
    set -l last (string replace -r -- '^.*,' '' $tok)
    set -l sign
    if test "$argv[1]" = sort; and string match -q -r -- '^[-+]' $last
        set sign (string sub -l 1 -- $last)
    end
    set -l kind (__crm_find_kind)
    set -l refs
    switch $kind
        case contact
            set refs org.
        case deal
            set refs contact. org.
        case log
            set refs contact.
    end
    for f in (__crm_find_fields $kind) $refs
        echo "$head$sign$f"
    end
    string match -q -- '*org.*' $last; and __crm_find_fields org "$head$sign"org.
    string match -q -- '*contact.*' $last; and __crm_find_fields contact "$head$sign"contact.
end

complete -c crm-find -f
complete -c crm-find -s q -l quiet -d 'Print nothing: the exit status tells'
complete -c crm-find -s C -l store -x -a '(__fish_complete_directories)' -d 'Use the store in dir'
complete -c crm-find -s k -l kind -x -a 'contact org deal log' -d 'Kind of record to find'
complete -c crm-find -s f -l format -x -a 'table tsv csv json yaml' -d 'Output format'
complete -c crm-find -s o -l fields -x -a '(__crm_find_field_list)' -d 'Print these comma-separated fields'
complete -c crm-find -l header -d 'Begin tsv output with a header row'
complete -c crm-find -l sort -x -a '(__crm_find_field_list sort)' -d 'Sort by these fields (-field descends)'
complete -c crm-find -s n -l limit -x -d 'Print at most this many records'
complete -c crm-find -l count -d 'Print the number of matching records'
complete -c crm-find -s h -l help -d 'Print the usage'
complete -c crm-find -l version -d 'Print the version'
complete -c crm-find -a '(__crm_find_fields (__crm_find_kind))' -d 'Field'
complete -c crm-find -a - -d 'Read references from stdin'

# crm

complete -c crm -f
complete -c crm -n __crm_needs_command -s C -l store -x -a '(__fish_complete_directories)' -d 'Use the store in dir'
complete -c crm -n __crm_needs_command -s q -l quiet -d 'Print no notes'
complete -c crm -n __crm_needs_command -s h -l help -d 'Print the usage and the commands'
complete -c crm -n __crm_needs_command -l version -d 'Print the version'
complete -c crm -n __crm_needs_command -a '(__crm_commands)' -d 'Command'
complete -c crm -n __crm_needs_command -a init -d 'Create a store'
complete -c crm -n __crm_needs_command -a reindex -d 'Rebuild the index'
complete -c crm -n __crm_needs_command -a undo -d 'Revert the last commit, or one named, as a new commit'
complete -c crm -n '__crm_command_is undo' -s q -l quiet -d 'Print nothing on success'
complete -c crm -n '__crm_command_is undo' -l force -d 'Undo even what changed again since'
complete -c crm -n __crm_needs_command -a rm -d 'Remove records in one commit'
complete -c crm -n __crm_needs_command -a edit -d 'Change a record in $VISUAL or $EDITOR'
complete -c crm -n __crm_needs_command -a fsck -d 'Check the store end to end'
complete -c crm -n __crm_needs_command -a sync -d 'Fetch, merge field by field, push'
complete -c crm -n __crm_needs_command -a forget -d 'Erase a person from the whole history'
complete -c crm -n '__crm_command_is forget' -l yes -d 'Do not ask for confirmation'
complete -c crm -n '__crm_command_is forget' -l push -d 'Force-update every remote'
complete -c crm -n __crm_needs_command -a export -d 'Records as vCards, CSV, JSON or YAML'
complete -c crm -n '__crm_command_is export' -s k -l kind -x -a 'contact org deal' -d 'The kind of records'
complete -c crm -n '__crm_command_is export' -s f -l format -x -a 'vcf csv json yaml' -d 'The form'
complete -c crm -n '__crm_command_is export' -l vcard -x -a '4.0 3.0' -d 'The vCard version'
complete -c crm -n '__crm_command_is export' -l subject -x -d 'The person (id or email)'
complete -c crm -n '__crm_command_is sync' -l add -d 'Add a remote: name, then URL'
complete -c crm -n '__crm_command_is sync' -s q -l quiet -d 'Print nothing on success'
complete -c crm -n '__crm_command_is fsck' -l repair -d 'Move misplaced records, rebuild the index'
complete -c crm -n '__crm_command_is fsck' -s q -l quiet -d 'Print the count alone'
complete -c crm -n '__crm_command_is rm' -s q -l quiet -d 'Print nothing on success'
complete -c crm -n '__crm_command_is rm' -l force -d 'Remove even what other records name'
complete -c crm -n '__crm_command_is rm' -l with-log -d 'Take a contact'"'"'s interactions out too'
complete -c crm -n __crm_needs_command -a history -d 'The versions of a record, or the store'"'"'s commits'
complete -c crm -n '__crm_command_is history' -s f -l format -x -a 'table tsv csv json yaml' -d 'Output format'
complete -c crm -n '__crm_command_is history' -l header -d 'Begin tsv output with a header row'
complete -c crm -n '__crm_command_is history' -s n -l limit -x -d 'The newest versions only'
complete -c crm -n __crm_needs_command -a dedupe -d 'Contacts that look like one person, with a score'
complete -c crm -n '__crm_command_is dedupe' -s f -l format -x -a 'table tsv csv json yaml' -d 'Output format'
complete -c crm -n '__crm_command_is dedupe' -s n -l limit -x -d 'The best pairs only'
complete -c crm -n '__crm_command_is dedupe' -l header -d 'Begin tsv output with a header row'
complete -c crm -n '__crm_command_is dedupe' -l min-score -x -d 'Leave out pairs under this score'
complete -c crm -n __crm_needs_command -a merge -d 'Fold duplicate contacts into one, in one commit'
complete -c crm -n '__crm_command_is merge' -s q -l quiet -d 'Print nothing on success'
complete -c crm -n __crm_needs_command -a help -d 'Show the usage of crm or a command'
complete -c crm -n '__crm_command_is init' -x -a '(__fish_complete_directories)'
complete -c crm -n '__crm_command_is help' -x -a 'init reindex history undo rm edit fsck sync forget export dedupe merge help (__crm_commands)'
complete -c crm -n 'not __crm_needs_command; and not __crm_command_is init help reindex history undo rm edit fsck sync forget export dedupe merge' -x -a '(__crm_external)'

# crm-log

# The words of crm-log's line before the cursor that are not options or
# their values: a contact, a type and a summary when recording.
function __crm_log_args
    set -l words (commandline -opc)
    set -l takes -C --store -f --format -o -n --limit --sort --at --amount \
        --currency --channel --direction --deal --body --set --since \
        --until --type --from
    set -l i 2
    while test $i -le (count $words)
        set -l w $words[$i]
        if contains -- $w $takes
            set i (math $i + 1)
        else if test "$w" = --due
            # --due takes the next word when it reads as a time
            set -l n (math $i + 1)
            if test $n -le (count $words)
                and string match -qr '^(now|today|yesterday|tomorrow|[-+][0-9]+[dwmyh]|[0-9]{4}-[0-9]{2}-[0-9]{2}.*)$' -- $words[$n]
                set i $n
            end
        else if string match -qr -- '^-.' $w
        else
            echo $w
        end
        set i (math $i + 1)
    end
end

# Whether the next word is an interaction type: one word (the contact)
# so far, and no option that chooses another mode.
function __crm_log_needs_type
    test (count (__crm_log_args)) -eq 1
    and not __fish_contains_opt done ical from
end

# Whether the word before the cursor is --due, whose value is optional.
function __crm_log_after_due
    set -l words (commandline -opc)
    test "$words[-1]" = --due
end

complete -c crm-log -f
complete -c crm-log -n __crm_log_needs_type -a call -d 'A telephone or video call'
complete -c crm-log -n __crm_log_needs_type -a email -d 'An email, sent or received'
complete -c crm-log -n __crm_log_needs_type -a meeting -d 'A meeting'
complete -c crm-log -n __crm_log_needs_type -a note -d 'A note'
complete -c crm-log -n __crm_log_needs_type -a purchase -d 'An order, with --amount'
complete -c crm-log -n __crm_log_needs_type -a refund -d 'Money given back, with --amount'
complete -c crm-log -n __crm_log_needs_type -a support -d 'A support request'
complete -c crm-log -n __crm_log_needs_type -a task -d 'Something to do, with --due'

complete -c crm-log -s q -l quiet -d 'Print nothing on success'
complete -c crm-log -s C -l store -x -a '(__fish_complete_directories)' -d 'Use the store in dir'
complete -c crm-log -s f -l format -x -a 'table tsv csv json yaml' -d 'Output format'
complete -c crm-log -s o -x -d 'Write only these comma-separated fields'
complete -c crm-log -l header -d 'Begin tsv output with a header row'
complete -c crm-log -l sort -x -d 'Sort a timeline by these fields (-field descends)'
complete -c crm-log -s n -l limit -x -d 'Show at most this many interactions'
complete -c crm-log -s h -l help -d 'Print the usage'
complete -c crm-log -l version -d 'Print the version'
complete -c crm-log -l at -x -a 'now today yesterday -1d -2d -1w' -d 'When it happened'
complete -c crm-log -l amount -x -d 'Amount of money'
complete -c crm-log -l currency -x -a 'EUR USD GBP CHF JPY' -d 'ISO 4217 currency'
complete -c crm-log -l channel -x -a 'phone video web email shop' -d 'How it happened'
complete -c crm-log -l direction -x -a 'in out' -d 'Who began it'
complete -c crm-log -l deal -x -d 'Deal: id or id prefix'
complete -c crm-log -l body -x -a - -d 'Longer text (- reads stdin)'
complete -c crm-log -l set -x -d 'Set a custom field: field=value'
complete -c crm-log -l include-dnc -d 'With -, log do-not-contact contacts too'
complete -c crm-log -l since -x -a 'today yesterday -7d -30d -3m -1y' -d 'Show interactions from then on'
complete -c crm-log -l until -x -a 'today yesterday -7d -30d -3m -1y' -d 'Show interactions up to then'
complete -c crm-log -l type -x -a 'call email meeting note purchase refund support task' -d 'Show only this type'
complete -c crm-log -l no-pager -d 'Do not page a timeline'
complete -c crm-log -l due -d "A task's due day; alone, list what is due by then"
complete -c crm-log -n __crm_log_after_due -a 'today tomorrow +1d +3d +1w +2w +1m' -d 'Due by'
complete -c crm-log -l done -d 'Close the tasks given by id'
complete -c crm-log -l ical -d 'Write the open tasks as iCalendar'
complete -c crm-log -l from -r -F -d 'Import interactions from a file (- reads stdin)'
complete -c crm-log -l skip-bad -d 'With --from, import the good interactions, list the bad'
complete -c crm-log -l encoding -x -a 'latin1 cp1252 iso-8859-15 utf-16 macintosh' -d 'With --from, the character set of the file'
complete -c crm-log -l from-mail -d 'Log the email message on stdin'
complete -c crm-log -l add -d 'With --from-mail, create a missing contact'

# crm-segment

# The words of crm-segment's line before the cursor that are not options
# or their values: the mode (or a saved segment) and its operands.
function __crm_segment_args
    set -l words (commandline -opc)
    set -l takes -C --store -f --format -o --fields --sort -n --limit --at \
        --where --bins --share --since --tag --windows
    set -l i 2
    while test $i -le (count $words)
        set -l w $words[$i]
        if contains -- $w $takes
            set i (math $i + 1)
        else if not string match -q -- '-*' $w
            echo $w
        end
        set i (math $i + 1)
    end
end

function __crm_segment_needs_mode
    test (count (__crm_segment_args)) -eq 0
end

function __crm_segment_mode_is
    set -l a (__crm_segment_args)
    test (count $a) -eq 1; and contains -- $a[1] $argv
end

function __crm_segment_saved
    crm-segment --list -f tsv 2>/dev/null | cut -f1
end

complete -c crm-segment -f
complete -c crm-segment -n __crm_segment_needs_mode -a rfm -d 'Recency, frequency, monetary scores'
complete -c crm-segment -n __crm_segment_needs_mode -a lifecycle -d 'Prospect, new, active, passive, at_risk, churned'
complete -c crm-segment -n __crm_segment_needs_mode -a value -d 'Value x service-load quadrant'
complete -c crm-segment -n __crm_segment_needs_mode -a pareto -d 'The customers behind most of the revenue'
complete -c crm-segment -n __crm_segment_needs_mode -a by -d 'One row per value of a field'
complete -c crm-segment -n __crm_segment_needs_mode -a save -d 'Save a filter as a segment'
complete -c crm-segment -n __crm_segment_needs_mode -a rm -d 'Remove a saved segment'
complete -c crm-segment -n __crm_segment_needs_mode -a '(__crm_segment_saved)' -d 'Saved segment'
complete -c crm-segment -n '__crm_segment_mode_is rm' -a '(__crm_segment_saved)' -d 'Saved segment'
complete -c crm-segment -n '__crm_segment_mode_is by' -a 'name email phone org title city country tags owner stage dnc revenue orders first_purchase last_purchase last_contact' -d 'Field'
complete -c crm-segment -s q -l quiet -d 'Print nothing on success'
complete -c crm-segment -s C -l store -x -a '(__fish_complete_directories)' -d 'Use the store in dir'
complete -c crm-segment -s f -l format -x -a 'table tsv csv json yaml' -d 'Output format'
complete -c crm-segment -s o -l fields -x -d 'A saved segment: fields to print'
complete -c crm-segment -l header -d 'Begin tsv output with a header row'
complete -c crm-segment -l sort -x -d 'A saved segment: sort by these fields'
complete -c crm-segment -s n -l limit -x -d 'Print at most this many rows'
complete -c crm-segment -l count -d 'Print the number of rows'
complete -c crm-segment -s h -l help -d 'Print the usage'
complete -c crm-segment -l version -d 'Print the version'
complete -c crm-segment -l at -x -a 'today yesterday -30d -90d -1y' -d 'The reference day'
complete -c crm-segment -l where -x -d 'Only the contacts matching this filter'
complete -c crm-segment -l bins -x -a '3 4 5 10' -d 'rfm: scores from 1 to n'
complete -c crm-segment -l summary -d 'rfm: one row per segment'
complete -c crm-segment -l share -x -a '0.5 0.8 0.9' -d 'value, pareto: share of revenue'
complete -c crm-segment -l since -x -a '-90d -1y' -d 'value: count the service load from this day'
complete -c crm-segment -l tag -x -a 'rfm lifecycle value' -d 'Write the labels back as tags'
complete -c crm-segment -l list -d 'Print the saved segments'
complete -c crm-segment -l windows -x -a 'new=90d,active=180d,passive=365d' -d 'lifecycle: the windows for this run'

# crm-report

# Whether crm-report's line names no report yet (the summary so far).
function __crm_report_needs_mode
    set -l words (commandline -opc)
    set -l i 2
    while test $i -le (count $words)
        switch $words[$i]
            case -C --store -f --format -n --limit --at --since --until --where --by -o --fields --sort --as-of
                set i (math $i + 2)
            case '-*'
                set i (math $i + 1)
            case '*'
                return 1
        end
    end
    return 0
end

complete -c crm-report -f
complete -c crm-report -n __crm_report_needs_mode -a revenue -d 'Revenue, orders, customers by period or field'
complete -c crm-report -n __crm_report_needs_mode -a cohort -d 'First-purchase cohorts buying again'
complete -c crm-report -n __crm_report_needs_mode -a pareto -d 'The revenue of the top customers'
complete -c crm-report -n __crm_report_needs_mode -a pipeline -d 'Deals by stage and expected close, outcomes'
complete -c crm-report -n __crm_report_needs_mode -a activity -d 'Interactions and tasks by owner, type, week, channel'
complete -c crm-report -n __crm_report_needs_mode -a clv -d 'Lifetime value per customer or segment'
complete -c crm-report -n __crm_report_needs_mode -a quality -d 'Fields filled in, missing, invalid, duplicates'
complete -c crm-report -s q -l quiet -d 'Print nothing on success'
complete -c crm-report -s C -l store -x -a '(__fish_complete_directories)' -d 'Use the store in dir'
complete -c crm-report -s f -l format -x -a 'table tsv csv json yaml html' -d 'Output format'
complete -c crm-report -l header -d 'Begin tsv output with a header row'
complete -c crm-report -s n -l limit -x -d 'Print at most this many rows'
complete -c crm-report -l count -d 'Print the number of rows'
complete -c crm-report -s o -l fields -x -a 'id name completeness missing problems' -d 'Only these columns; quality: a row per contact'
complete -c crm-report -l sort -x -d 'Order the rows by these columns (-column: descending)'
complete -c crm-report -s h -l help -d 'Print the usage'
complete -c crm-report -l version -d 'Print the version'
complete -c crm-report -l at -x -a 'today yesterday -30d' -d 'The summary: the reference day'
complete -c crm-report -l as-of -x -a '-30d -90d -1y' -d 'The store as it stood at the end of this day'
complete -c crm-report -l since -x -a '-30d -90d -6m -1y' -d 'The first day of the window'
complete -c crm-report -l until -x -a 'today yesterday' -d 'The last day of the window'
complete -c crm-report -l where -x -d 'Only the contacts matching this filter'
complete -c crm-report -l by -x -a 'day week month quarter year segment country city owner tags type channel' -d 'revenue: period or field; cohort: month or quarter; activity: owner, type, week, channel'
complete -c crm-report -l counts -d 'cohort: numbers of customers, not shares'
