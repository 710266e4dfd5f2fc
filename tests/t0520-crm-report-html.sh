#!/bin/sh
# crm-report -f html: one self-contained page per report, its table and
# an SVG chart (a line for periods, bars for groups, a heat map for
# cohorts); text escaped; nothing fetched.  When Debian's chromium is
# installed (.ci/run installs it), the pages are rendered headless to PNG
# and their DOM read back: they must load without an error and hold the
# chart's elements.
. "${0%/*}/lib.sh"

CRM_NOW=2026-03-15T12:00:00Z
export CRM_NOW

test_expect 'setup: three customers over three months, a deal, a task' '
	crm-add -q contact --name "Ann <b>Lee</b> & Co" --email ann@x.example \
		--set country=FR &&
	crm-add -q contact --name "Bob Roe" --email bob@x.example --set country=DE &&
	crm-add -q contact --name "Cy Dee" --email cy@x.example --set country=FR &&
	crm-log -q ann@x.example purchase o1 --amount 10 --at 2026-01-05 &&
	crm-log -q ann@x.example purchase o2 --amount 20 --at 2026-03-01 &&
	crm-log -q bob@x.example purchase o3 --amount 5.50 --at 2026-02-01 &&
	crm-log -q bob@x.example refund r1 --amount 2 --at 2026-02-10 &&
	crm-log -q cy@x.example purchase o4 --amount 40 --at 2026-02-20 &&
	crm-log -q cy@x.example task "call back" --due 2026-03-10 &&
	crm-add -q deal --title Big --contact ann@x.example --amount 1000 \
		--stage proposal --close 2026-04-30
'

# The page's structure, whatever renders it.
test_expect 'revenue by month: a page with a line of three points and the table' '
	expect_status 0 crm-report revenue --since 2026-01-01 --until 2026-03-31 -f html &&
	head -1 out | grep -qx "<!DOCTYPE html>" &&
	tail -1 out | grep -qx "</html>" &&
	grep -q "<title>Revenue</title>" out &&
	grep -q "crm-report revenue --since 2026-01-01 --until 2026-03-31 -f html" out &&
	test "$(grep -c "<polyline class=\"line\"" out)" -eq 1 &&
	test "$(grep -c "<circle class=\"point\"" out)" -eq 3 &&
	grep -q "<title>2026-02: 43.50</title>" out &&
	grep -q "<td>2026-01</td><td class=\"num\">10.00</td>" out &&
	test "$(grep -c "^<tr>" out)" -eq 3
'

test_expect 'nothing to fetch, no script: the page stands alone' '
	for r in "" revenue "revenue --by country" cohort pareto pipeline activity clv quality; do
		crm-report $r -f html >page.html || return 1
		! grep -qi "<script\|<link\|<img\|@import\|url(" page.html || return 1
		grep -o "http[s]*://[^\" ]*" page.html | sort -u >urls
		echo "http://www.w3.org/2000/svg" >expect
		grep -q "<svg" page.html || return 1
		test_cmp expect urls || return 1
	done
'

test_expect 'text from the store is escaped' '
	expect_status 0 crm-report clv -f html &&
	grep -q "Ann &lt;b&gt;Lee&lt;/b&gt; &amp; Co" out &&
	! grep -q "<b>Lee" out
'

test_expect 'bars for groups, one per row; a heat map for cohorts' '
	expect_status 0 crm-report revenue --by country -f html &&
	test "$(grep -c "<rect class=\"bar" out)" -eq 2 &&
	grep -q "<title>FR: 70.00</title>" out &&
	expect_status 0 crm-report cohort --until 2026-03-31 -f html &&
	test "$(grep -c "<rect class=\"cell\"" out)" -eq 5 &&
	expect_status 0 crm-report pipeline -f html &&
	grep -q "<title>proposal: 1000.00</title>" out
'

test_expect '-o without the chart columns: the table only; -n and --sort apply' '
	expect_status 0 crm-report revenue --by country -o orders -f html &&
	! grep -q "<svg" out &&
	grep -q "<th class=\"num\">orders</th>" out &&
	expect_status 0 crm-report revenue --by country --sort -revenue -n 1 -f html &&
	test "$(grep -c "^<tr>" out)" -eq 1 &&
	grep -q "<td>FR</td>" out
'

test_expect '-f html is a crm-report format only' '
	expect_status 64 crm-find -f html &&
	grep -q "unknown format .html." err &&
	expect_status 64 crm-report -f pdf &&
	grep -q "yaml or html" err
'

CHROME=$(command -v chromium || command -v chromium-browser || true)
render() {
	# $1: the page; writes $1.png and $1.dom, the browser's log in $1.log
	timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu \
		--user-data-dir="$TEST_DIR/chrome" --hide-scrollbars \
		--enable-logging=stderr --v=0 --window-size=1000,1400 \
		--screenshot="$PWD/$1.png" "file://$PWD/$1" >/dev/null 2>"$1.log" &&
	timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu \
		--user-data-dir="$TEST_DIR/chrome" --enable-logging=stderr --v=0 \
		--dump-dom "file://$PWD/$1" >"$1.dom" 2>>"$1.log"
}
if [ -z "$CHROME" ]; then
	test_count=$((test_count + 1))
	echo "ok $test_count - headless Chromium renders the pages # skip chromium is not installed"
else
	test_expect 'headless Chromium renders each page to PNG, without an error, with its chart' '
		crm-report revenue --since 2026-01-01 --until 2026-03-31 -f html >revenue.html &&
		crm-report revenue --by country -f html >country.html &&
		crm-report cohort --until 2026-03-31 -f html >cohort.html &&
		for p in revenue.html country.html cohort.html; do
			render $p || { cat $p.log; return 1; }
			# a PNG, of some size: the page was drawn
			test "$(head -c 8 $p.png | od -An -tx1 | tr -d " \n")" = 89504e470d0a1a0a || return 1
			test "$(wc -c <$p.png)" -gt 10000 || return 1
			# no console message, no load failure
			! grep -E "CONSOLE|Uncaught|net::ERR_|Failed to load" $p.log || return 1
			grep -q "<table>" $p.dom || return 1
		done &&
		test "$(grep -o "<circle class=\"point\"" revenue.html.dom | wc -l)" -eq 3 &&
		grep -q "<polyline class=\"line\"" revenue.html.dom &&
		test "$(grep -o "<rect class=\"bar" country.html.dom | wc -l)" -eq 2 &&
		test "$(grep -o "<rect class=\"cell\"" cohort.html.dom | wc -l)" -eq 5
	'
fi

done_testing
