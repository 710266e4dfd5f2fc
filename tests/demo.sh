#!/bin/sh
# make demo: builds a demo store in a fresh temporary folder (never your
# own store) from a generated sample of contacts, organisations and deals,
# and runs a short session that shows what the toolkit does: records,
# interactions, queries and segments.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/${CRM_BUILD:-build}/bin
demo=$(mktemp -d "${TMPDIR:-/tmp}/crm-demo.XXXXXX")
export PATH="$bin:$PATH" CRM_DIR="$demo/store" CRM_AUTHOR="Demo <demo@example.test>"
unset XDG_DATA_HOME
cd "$demo"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*" | sed "s#$demo#\$DEMO#g"; sh -c "$*"; }
[ -t 1 ] || step() { printf '\n$ %s\n' "$*" | sed "s#$demo#\$DEMO#g"; sh -c "$*"; }

# A deterministic sample: 300 contacts at 40 organisations, 60 deals,
# about 900 purchases and calls.
awk -v seed=42 '
function pick(n) { s = (s * 1103515245 + 12345) % 2147483648; return int(s / 65536) % n }
BEGIN {
	s = seed
	nf = split("Ana Ben Chloé Dmitri Elena Fatima Giulia Hiroshi Ingrid Jonas Kofi Léa Mateo Nora Oskar Priya Quentin Rosa Sven Tomás Uma Víctor Wen Yusuf Zoë", first, " ")
	nl = split("Martin Müller García Rossi Dubois Novak Kowalski Silva Jensen Nakamura Okafor Petrov Costa Larsen Schmidt Moreau Ivanova Haddad Lindqvist Byrne", last, " ")
	nc = split("Paris Lyon Berlin München Madrid Lisboa Milano London Dublin Oslo", city, " ")
	no = split("Acme Globex Initech Umbrella Hooli Vandelay Stark Wayne Tyrell Cyberdyne Soylent Aperture Gringotts Monarch Wonka Oscorp Nakatomi Virtucon Prestige Dunder", org, " ")
	nt = split("vip newsletter partner reseller press", tag, " ")
	for (i = 1; i <= 300; i++) {
		f = first[pick(nf) + 1]; l = last[pick(nl) + 1]
		o = org[pick(no) + 1] (pick(2) ? " Ltd" : " SA")
		t = tag[pick(nt) + 1]
		printf "{\"name\":\"%s %s\",\"email\":[\"%s.%s%d@example.com\"],\"org\":\"%s\",\"city\":\"%s\",\"tags\":[\"%s\"],\"stage\":\"%s\"}\n", \
			f, l, tolower(substr(f, 1, 1)), tolower(l), i, o, city[pick(nc) + 1], t, pick(3) ? "customer" : "lead" > "contacts.jsonl"
		if (i % 5 == 0)
			printf "{\"title\":\"%s renewal %d\",\"contact\":\"%s.%s%d@example.com\",\"amount\":\"%d.00\",\"stage\":\"%s\"}\n", \
				o, i, tolower(substr(f, 1, 1)), tolower(l), i, 500 + pick(40) * 250, \
				(pick(6) == 0 ? "won" : pick(2) ? "proposal" : "qualified") > "deals.jsonl"
		# purchases over 2025 and 2026 for two contacts in three, and calls
		if (pick(3) > 0)
			for (k = pick(6); k >= 0; k--)
				printf "{\"contact\":\"%s.%s%d@example.com\",\"type\":\"purchase\",\"summary\":\"order\",\"amount\":\"%d.%02d\",\"at\":\"202%d-%02d-%02d\"}\n", \
					tolower(substr(f, 1, 1)), tolower(l), i, 20 + pick(400), pick(100), 5 + pick(2), 1 + pick(10), 1 + pick(28) > "log.jsonl"
		if (pick(2))
			printf "{\"contact\":\"%s.%s%d@example.com\",\"type\":\"call\",\"summary\":\"catch-up\",\"at\":\"2026-%02d-%02d\"}\n", \
				tolower(substr(f, 1, 1)), tolower(l), i, 1 + pick(10), 1 + pick(28) > "log.jsonl"
	}
}'

echo "crm demo: a store of its own in $demo (deleted afterwards)"
step "crm init $demo/store"
step "crm-add contact --from contacts.jsonl | head -3"
step "crm-add deal --from deals.jsonl | wc -l"
step "git -C $demo/store log --oneline"
step "git -C $demo/store count-objects -v | grep -E '^(count|packs)'"
step "crm-add contact --name 'Jane Doe' --email jane@acme.example --org 'Acme SA' --tag vip --set industry=retail"
step "crm-add --update jane@acme.example --set city=Lyon --tag -vip --tag newsletter -f yaml"
step "git -C $demo/store show --stat --format='%an: %s' HEAD"
step "printf 'jane@acme.example\n' | crm-add --update - --set owner=alice -f table"
step "crm-add contact --name 'Again' --email JANE@acme.example || echo \"exit status \$?\""
step "crm-add -f json --update jane@acme.example --set renewal=2027-05-01"
step "crm-log --from log.jsonl | wc -l"
step "crm-find 'revenue > 1000 and last_contact < 2026-06-01' -o name,revenue,last_contact --sort -revenue -n 5 -f table"
step "crm-segment rfm --at 2026-11-01 --summary -f table"
step "crm-segment lifecycle --at 2026-11-01 | cut -f2 | sort | uniq -c"
step "crm-segment save lapsed-vips 'tag=vip and lifecycle=at_risk'"
step "crm-segment lapsed-vips -o name,last_purchase | head -5"
step "crm-segment pareto --at 2026-11-01 --count"
step "crm-report revenue --by quarter -f table"
step "crm-report cohort --by quarter --until 2026-10-31 -f table"
step "crm-report --at 2026-11-01 -f table"
step "crm-report pipeline -f table"
step "git -C $demo/store fsck --strict && echo 'git fsck: clean'"
rm -rf "$demo"
echo
echo "crm demo: done (the demo store was removed)"
