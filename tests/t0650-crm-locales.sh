#!/bin/sh
# Machine output does not depend on the locale: the same bytes under C,
# C.UTF-8, de_DE.UTF-8 (a decimal comma) and tr_TR.UTF-8 (the dotless
# i, where a naive tolower makes "I" "ı").  The two locales are built by
# the test into its own folder (LOCPATH) when localedef and the locale
# sources are there; nothing system-wide changes.
. "${0%/*}/lib.sh"

command -v localedef >/dev/null 2>&1 && [ -d /usr/share/i18n/locales ] &&
	[ -f /usr/share/i18n/locales/tr_TR ] && [ -f /usr/share/i18n/locales/de_DE ] ||
	skip_all "no localedef or locale sources to build de_DE and tr_TR"

LOC=$TEST_DIR/loc
mkdir -p "$LOC"
LOCPATH=$LOC localedef -i de_DE -f UTF-8 "$LOC/de_DE.UTF-8" >/dev/null 2>&1
LOCPATH=$LOC localedef -i tr_TR -f UTF-8 "$LOC/tr_TR.UTF-8" >/dev/null 2>&1
[ -d "$LOC/de_DE.UTF-8" ] && [ -d "$LOC/tr_TR.UTF-8" ] ||
	skip_all "localedef could not build de_DE.UTF-8 and tr_TR.UTF-8"

test_expect 'the locales the test built are in effect (a decimal comma in de_DE)' '
	LOCPATH=$LOC LC_ALL=de_DE.UTF-8 awk "BEGIN { printf \"%.2f\\n\", 1234.5 }" >got 2>/dev/null ||
		LOCPATH=$LOC LC_ALL=de_DE.UTF-8 /usr/bin/printf "%.2f\n" 1234.5 >got &&
	grep -q "1234,50" got
'

test_expect 'setup: names with I, ı, İ and i, amounts with decimals, dates' '
	CRM_NOW=2026-03-01T00:00:00Z crm-add -q contact --name "Ismail Işık" --email ismail@x.example --city Istanbul >/dev/null &&
	CRM_NOW=2026-03-01T00:00:00Z crm-add -q contact --name "İrem İnce" --email irem@x.example --city İzmir >/dev/null &&
	CRM_NOW=2026-03-01T00:00:00Z crm-add -q contact --name "ilker INAN" --email ilker@x.example --city Berlin >/dev/null &&
	CRM_NOW=2026-03-01T00:00:00Z crm-add -q contact --name "Jürgen Müller" --email jm@x.example --city München >/dev/null &&
	crm-log -q ismail@x.example purchase "o1" --amount 1234.50 --at 2026-01-15 &&
	crm-log -q irem@x.example purchase "o2" --amount 0.10 --at 2026-02-01 &&
	crm-log -q irem@x.example purchase "o3" --amount 0.20 --at 2026-02-02 &&
	crm-log -q jm@x.example refund "r1" --amount 5.05 --at 2026-02-03
'

outputs() {	# every machine output, and each exit status, one file
	for cmd in "crm-find -f tsv -o name,email,city,revenue --sort name" \
		"crm-find -f json -o name,revenue,last_contact --sort name" \
		"crm-find -f tsv -o name --sort name name~i" \
		"crm-find -f tsv -o name --sort name name~I" \
		"crm-find -f tsv -o name city=izmir" \
		"crm-find -f tsv -o name city=münchen" \
		"crm-find -f csv -o name,city --sort -name" \
		"crm-log -f tsv ismail@x.example" \
		"crm-report revenue --by month --since 2026-01-01 --until 2026-02-28 -f tsv" \
		"crm-segment rfm --at 2026-03-01 -f tsv" \
		"crm export -f csv"; do
		echo "\$ $cmd"
		CRM_NOW=2026-03-01T00:00:00Z $cmd 2>&1
		echo "exit $?"
	done
}

test_expect 'the same bytes under C, C.UTF-8, de_DE.UTF-8 and tr_TR.UTF-8' '
	LC_ALL=C.UTF-8 outputs >ref &&
	grep -q "1234.50" ref &&
	for l in C de_DE.UTF-8 tr_TR.UTF-8; do
		LOCPATH=$LOC LC_ALL=$l outputs >got.$l &&
		{ test_cmp ref got.$l || { echo "# $l differs"; return 1; }; }
	done
'

test_expect 'case folding is Unicode folding, not the locale one: the same answers in Turkish' '
	LOCPATH=$LOC LC_ALL=tr_TR.UTF-8 crm-find -o name "name ~ i" --sort name >got &&
	test "$(wc -l <got)" -ge 3 &&
	LOCPATH=$LOC LC_ALL=tr_TR.UTF-8 crm-find -o name "name ~ şık" >got &&
	echo "Ismail Işık" >expect && test_cmp expect got &&
	LOCPATH=$LOC LC_ALL=tr_TR.UTF-8 crm-find -o name "city = MÜNCHEN" >got &&
	echo "Jürgen Müller" >expect && test_cmp expect got
'

done_testing
