#!/bin/sh
# crm-find under hostile input: SQL in values, quotes, semicolons and
# comments, stray parentheses, unbalanced quotes, very deep nesting, long
# chains of terms, literals of 1 MB, binary junk, LIKE and GLOB wildcards
# (% _ * ?), FTS5 syntax, hostile -o/--sort names and stdin references.
# Each gives the exact answer or a clean usage error (64) - never a crash,
# an internal error or a hang - and the index keeps its schema and rows.
. "${0%/*}/lib.sh"

# Commits the files under work/ to the store, as a user with a clone would.
push() {
	(cd work && git add -A && git commit -qm "$1" && git push -q origin main)
}

# rec DIR ID: the record on stdin becomes work/DIR/<2 chars>/ID.yaml.
rec() {
	mkdir -p "work/$1/$(printf %.2s "$2")" &&
	cat >"work/$1/$(printf %.2s "$2")/$2.yaml"
}

# contact ID NAME [LINE...]: a contact with those extra YAML lines.
contact() {
	id=$1 name=$2
	shift 2
	{
		printf 'id: %s\nname: %s\n' "$id" "$name"
		for l in "$@"; do
			printf '%s\n' "$l"
		done
		printf 'created: 2026-01-01T00:00:00Z\nupdated: 2026-01-01T00:00:00Z\n'
	} | rec contacts "$id"
}

# finds FILTER [NAME...]: `crm-find -o name FILTER` prints exactly these
# names and exits 0, or with no NAME prints nothing and exits 1; within
# 10 seconds, with nothing on stderr.
finds() {
	filter=$1
	shift
	if [ $# -eq 0 ]; then
		: >expect
		want=1
	else
		printf '%s\n' "$@" >expect
		want=0
	fi
	if expect_status $want timeout 10 crm-find -o name -- "$filter" &&
	   test_cmp expect out && test_cmp /dev/null err; then
		return 0
	fi
	echo "# for the filter: $(printf '%s' "$filter" | cut -c1-200)" >&2
	return 1
}

# refused FILTER: exit 64 within 10 seconds, nothing on stdout, and one
# line on stderr that starts "crm-find: filter".
refused() {
	if expect_status 64 timeout 10 crm-find -o name -- "$1" &&
	   test_cmp /dev/null out &&
	   test "$(wc -l <err)" -eq 1 &&
	   grep -q "^crm-find: filter" err; then
		return 0
	fi
	echo "# for the filter: $(printf '%s' "$1" | cut -c1-200)" >&2
	return 1
}

# repeat N TEXT: TEXT N times.
repeat() {
	awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}

have_sqlite3() {
	command -v sqlite3 >/dev/null 2>&1
}

INDEX=$STORE/crm-index.sqlite

# What must not change: the index's schema and rows, and the store.
snapshot() {
	git -C "$STORE" rev-parse HEAD >"$1.head" &&
	if have_sqlite3; then
		sqlite3 "$INDEX" .schema >"$1.schema" &&
		sqlite3 "$INDEX" "SELECT count(*) FROM record; SELECT count(*) FROM list;
			SELECT count(*) FROM interaction; SELECT id, name FROM record ORDER BY id;" \
			>"$1.rows"
	fi
}

CRM_NOW=2026-11-20T10:00:00Z
PURE='100% Pure'
OBR="O'Brien *star* [x]?"
export CRM_NOW PURE OBR

test_expect 'setup: a few contacts with % _ * and quotes in their names' '
	expect_status 0 crm init &&
	git clone -q "$STORE" work &&
	contact c000000000000001 "Ann Archer" "email: [ann@acme.example]" \
		"city: Paris" "tags: [vip]" &&
	contact c000000000000002 "Bob Brown" "email: [bob@globex.example]" \
		"city: Lyon" &&
	contact c000000000000003 "\"$PURE\"" "email: [pure@x.example]" \
		"tags: [\"50%\"]" &&
	contact c000000000000004 "snake_case" "email: [snake_case@x.example]" \
		"tags: [a_b]" &&
	contact c000000000000005 "Abc" "email: [abc@x.example]" "tags: [axb]" &&
	contact c000000000000006 "\"$OBR\"" \
		"email: [obrien@x.example]" "risk-level: high" &&
	push "records by hand" &&
	expect_status 0 crm-find --count &&
	echo 6 >expect &&
	test_cmp expect out &&
	snapshot before
'

test_expect 'SQL in a value is a value' '
	finds "name = \"x'"'"' OR 1=1 --\"" &&
	finds "name = \"x\\\" OR 1=1 --\"" &&
	finds "name = '"'"'x'"'"''"'"' OR '"'"''"'"'1'"'"''"'"'='"'"''"'"'1'"'"'" &&
	finds "name = \"Ann Archer'"'"'; DROP TABLE record; --\"" &&
	finds "city = \"Paris\\\" OR \\\"1\\\"=\\\"1\"" &&
	finds "name ~ \"'"'"')) OR 1=1; --\"" &&
	finds "email = \"ann@acme.example'"'"' --\"" &&
	finds "tag = \"vip'"'"' UNION SELECT id, doc FROM record --\""
'

test_expect 'semicolons, comments and SQL words unquoted are plain words' '
	finds "name = x; DROP TABLE record; --" &&
	finds ";" &&
	finds "--" &&
	finds "/* */" &&
	finds "city = Paris; SELECT" &&
	finds "city = Paris OR 1" "Ann Archer" &&
	finds "city = \"Paris\" -- comment" &&
	finds "city = Paris and not city = \"x;--\"" "Ann Archer"
'

test_expect 'a field name that is SQL or a JSON path is an unknown field' '
	refused "name = \"a\" or 1=1" &&
	refused "foo\$bar = 1" &&
	refused "doc = x" &&
	refused "rowid = 1" &&
	refused "name_fold = ann" &&
	refused "org.\$ = 1" &&
	refused "\"name\" = x" &&
	refused ".x = 1" &&
	refused "org.. = 1" &&
	refused "org.id.x = 1"
'

test_expect 'a field name with a dash is quoted in the JSON path' '
	finds "risk-level = HIGH" "$OBR" &&
	finds "risk-level != high" "$PURE" Abc "Ann Archer" "Bob Brown" snake_case
'

test_expect 'stray parentheses and unbalanced quotes are clean errors' '
	refused ")" &&
	refused "(" &&
	refused "()" &&
	refused "((city = Paris)" &&
	refused "(city = Paris))" &&
	refused ") city = Paris (" &&
	refused "\"" &&
	refused "'"'"'" &&
	refused "\"abc" &&
	refused "name = \"abc" &&
	refused "name = '"'"'abc" &&
	refused "name = \"\\" &&
	refused "name = \"a\" \"b" &&
	refused "= = =" &&
	refused "!!!" &&
	refused "<><>" &&
	refused "~~" &&
	refused "city = = Paris" &&
	refused "city Paris =" &&
	refused "and and" &&
	refused "not"
'

# ---- LIKE and GLOB wildcards are literal ----

test_expect '% and _ are literal in ~ and =' '
	finds "name ~ %" "$PURE" &&
	finds "name ~ \"%\"" "$PURE" &&
	finds "name ~ _" snake_case &&
	finds "name ~ e_c" snake_case &&
	finds "name ~ a_c" &&
	finds "name ~ \"a%c\"" &&
	finds "name = %" &&
	finds "name = _" &&
	finds "name = \"%\"" &&
	finds "name !~ %" Abc "Ann Archer" "Bob Brown" "$OBR" snake_case &&
	finds "email ~ _" snake_case &&
	finds "email ~ %" &&
	finds "tag = \"50%\"" "$PURE" &&
	finds "tag ~ _" snake_case &&
	finds "tag ~ %" "$PURE" &&
	finds "tag = a_b" snake_case &&
	finds "tag = a%" &&
	finds "tag < a_c" "$PURE" snake_case
'

test_expect '* ? [ ] are literal in ~ and =' '
	finds "name ~ *" "$OBR" &&
	finds "name ~ \"*star*\"" "$OBR" &&
	finds "name ~ \"[x]?\"" "$OBR" &&
	finds "name ~ \"[a-z]\"" &&
	finds "name ~ ?" "$OBR" &&
	finds "name = \"*\"" &&
	finds "name ~ \"A*\""
'

test_expect 'full text: FTS5 syntax in a term is text, not syntax' '
	finds "%" &&
	finds "_" &&
	finds "*" &&
	finds "**" &&
	finds "?" &&
	finds "[a-z]" &&
	finds "\\" &&
	finds "NEAR(ann bob)" &&
	finds "text:ann" &&
	finds "\"ann OR bob\"" &&
	finds "\"ann\" OR \"bob\"" "Ann Archer" "Bob Brown" &&
	finds "'"'"'ann\" OR \"bob'"'"'" &&
	finds "ann AND bob" &&
	finds "\"ann\" NOT \"archer\"" &&
	finds "\"ann\"\"archer\"" "Ann Archer" &&
	finds "^ann" "Ann Archer" &&
	finds "ann +" &&
	finds "{text}: ann" &&
	finds "pure" "$PURE"
'

# ---- size and depth ----

test_expect '10,000 nested parentheses: a clean error, not a crash' '
	p=$(repeat 10000 "(") &&
	q=$(repeat 10000 ")") &&
	refused "${p}city = Paris${q}" &&
	refused "$p" &&
	refused "$q" &&
	refused "$(repeat 10000 "()")" &&
	refused "$(repeat 5000 "not ")city = Paris"
'

test_expect '50 nested parentheses give the exact answer' '
	finds "$(repeat 50 "(")city = Paris$(repeat 50 ")")" "Ann Archer" &&
	finds "$(repeat 50 "(city = Nowhere or ")city = Paris$(repeat 50 ")")" "Ann Archer" &&
	finds "$(repeat 50 "(not city = Nowhere and ")city = Lyon$(repeat 50 ")")" "Bob Brown"
'

test_expect '60 nots in a row give the exact answer' '
	finds "$(repeat 30 "not not ")city = Lyon" "Bob Brown" &&
	finds "$(repeat 30 "not not ")not city = Lyon" "$PURE" Abc "Ann Archer" "$OBR" snake_case
'

test_expect '100 terms joined by or give the exact answer' '
	finds "$(repeat 99 "city = Nowhere or ")city = Paris" "Ann Archer" &&
	finds "$(repeat 99 "email = x@y.example or ")email = bob@globex.example" "Bob Brown"
'

test_expect '100 terms joined by and (or side by side) give the exact answer' '
	finds "$(repeat 99 "city != Nowhere and ")city = Lyon" "Bob Brown" &&
	finds "$(repeat 99 "archer ")ann" "Ann Archer"
'

test_expect '1,000 terms: the exact answer or a clean error' '
	timeout 10 crm-find -o name -- "$(repeat 999 "city = Nowhere or ")city = Paris" >out 2>err
	st=$?
	case $st in
	0) echo "Ann Archer" >expect && test_cmp expect out && test_cmp /dev/null err ;;
	64) test_cmp /dev/null out && grep -q "^crm-find: filter" err ;;
	*) echo "# exited $st" >&2; cat err >&2; false ;;
	esac &&
	refused "$(repeat 5000 "city = Nowhere or ")city = Paris"
'

test_expect 'a 60 KB literal gives the exact answer' '
	big=$(repeat 60000 x) &&
	finds "name = \"$big\"" &&
	finds "name ~ \"$big\"" &&
	finds "$big" &&
	finds "name != \"$big\" and city = Paris" "Ann Archer"
'

test_expect 'a 1 MB literal is a clean error' '
	chunk=$(repeat 65536 y) &&
	set -- &&
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
		set -- "$@" "$chunk"
	done &&
	expect_status 64 timeout 10 crm-find -o name name = "\"$@\"" &&
	test_cmp /dev/null out &&
	test "$(wc -l <err)" -eq 1 &&
	grep -q "^crm-find: filter" err &&
	expect_status 64 timeout 10 crm-find "$@" &&
	test_cmp /dev/null out
'

test_expect 'numbers and dates far out of range are clean errors' '
	refused "score > 1$(repeat 400 0)" &&
	refused "created > -99999999999999999999d" &&
	refused "created > +99999999999y" &&
	refused "created > 0000-01-01" &&
	refused "created = 2026-13-01" &&
	refused "created = 2026-02-30T25:61:00Z" &&
	finds "created = 9999-12-31" &&
	finds "created > 0001-01-01" "$PURE" Abc "Ann Archer" "Bob Brown" \
		"$OBR" snake_case
'

# ---- junk ----

test_expect 'control characters and invalid UTF-8 in a filter' '
	finds "$(printf "name = \001\033[31m")" &&
	finds "$(printf "\033]0;title\007")" &&
	finds "name = \"$(printf "\177")\"" &&
	refused "$(printf "name = \377\376")" &&
	refused "$(printf "\300\200")" &&
	refused "$(printf "city = Par\355\240\200is")" &&
	refused "$(printf "\364\220\200\200")"
'

test_expect 'binary junk (no NUL bytes): an answer or a clean error, never a crash' '
	i=0 &&
	while [ $i -lt 100 ]; do
		head -c 256 /dev/urandom | tr -d "\000" >junk &&
		timeout 10 crm-find -o name -- "$(cat junk)" >out 2>err
		st=$?
		case $st in
		0|1) test_cmp /dev/null err || exit 1 ;;
		64) test "$(wc -l <err)" -eq 1 && grep -q "^crm-find: filter" err || exit 1 ;;
		*) echo "# junk $i exited $st:" >&2; od -c junk | head -20 >&2; cat err >&2; exit 1 ;;
		esac
		i=$((i + 1))
	done
'

test_expect 'printable junk: every ASCII punctuation mark alone and in a row' '
	for c in "!" "#" "\$" "%" "&" "*" "+" "," "-" "." "/" ":" ";" "?" "@" "[" "\\" "]" "^" "_" "\`" "{" "|" "}"; do
		timeout 10 crm-find -o name -- "$c" >out 2>err
		st=$?
		case $st in
		0|1) test_cmp /dev/null err || exit 1 ;;
		64) grep -q "^crm-find: filter" err || exit 1 ;;
		*) echo "# \"$c\" exited $st" >&2; cat err >&2; exit 1 ;;
		esac
	done &&
	timeout 10 crm-find -o name -- "!\"#\$%&'"'"'()*+,-./:;<=>?@[\\]^_\`{|}~" >out 2>err
	test $? -eq 64 &&
	grep -q "^crm-find: filter" err
'

# ---- hostile names in -o and --sort, and on stdin ----

test_expect 'SQL in -o and --sort is an unknown field (64)' '
	expect_status 64 timeout 10 crm-find -o "name,x'"'"'y" &&
	test_cmp /dev/null out &&
	expect_status 64 timeout 10 crm-find -o "name) FROM record; --" &&
	test_cmp /dev/null out &&
	expect_status 64 timeout 10 crm-find -o "name,doc" &&
	test_cmp /dev/null out &&
	expect_status 64 timeout 10 crm-find --sort "name; DROP TABLE record" &&
	test_cmp /dev/null out &&
	expect_status 64 timeout 10 crm-find --sort "name DESC, (SELECT 1)" &&
	test_cmp /dev/null out &&
	expect_status 64 timeout 10 crm-find -o "org.\" || 1 --" &&
	test_cmp /dev/null out
'

test_expect 'SQL on stdin is a reference that is not found (67)' '
	printf "%s\n" "x'"'"' OR 1=1 --" >refs &&
	expect_status 67 timeout 10 crm-find -o name - <refs &&
	test_cmp /dev/null out &&
	printf "{\"id\":\"x'"'"' OR '"'"'1'"'"'='"'"'1\"}\n" >refs &&
	expect_status 67 timeout 10 crm-find -o name - <refs &&
	test_cmp /dev/null out &&
	printf "%%\n" >refs &&
	expect_status 67 timeout 10 crm-find -o name - <refs &&
	test_cmp /dev/null out &&
	printf "c000%%\n" >refs &&
	expect_status 67 timeout 10 crm-find -o name - <refs &&
	test_cmp /dev/null out &&
	printf "c00_\n" >refs &&
	expect_status 67 timeout 10 crm-find -o name - <refs &&
	test_cmp /dev/null out
'

test_expect 'a 1 MB line and binary junk on stdin end cleanly' '
	repeat 1048576 z >refs &&
	echo >>refs &&
	expect_status 67 timeout 10 crm-find -o name - <refs &&
	test_cmp /dev/null out &&
	head -c 4096 /dev/urandom | tr -d "\000" >refs &&
	timeout 10 crm-find -o name - <refs >out 2>err
	st=$?
	case $st in
	0|1|65|67) test -s err || test $st -le 1 ;;
	*) echo "# exited $st" >&2; cat err >&2; false ;;
	esac
'

# ---- nothing changed ----

test_expect 'a phrase then a bad token: a clean error, nothing leaked (fuzz-filter found it)' '
	expect_status 64 crm-find "t'"'"''"'"'bEEEErien\"\"\"\"\"\"\"name ~
E" &&
	test -s err
'

test_expect 'the index kept its schema and its rows; the store is untouched' '
	snapshot after &&
	test_cmp before.head after.head &&
	if have_sqlite3; then
		test_cmp before.schema after.schema &&
		test_cmp before.rows after.rows &&
		sqlite3 "$INDEX" "PRAGMA integrity_check" >check &&
		echo ok >expect &&
		test_cmp expect check
	fi &&
	expect_status 0 crm-find -o name &&
	printf "%s\n" "$PURE" Abc "Ann Archer" "Bob Brown" "$OBR" snake_case >expect &&
	test_cmp expect out &&
	git -C "$STORE" fsck --strict 2>&1 >/dev/null | grep -v "^Checking" >fsck;
	test_cmp /dev/null fsck
'

done_testing
