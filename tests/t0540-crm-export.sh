#!/bin/sh
# crm export: contacts as vCards 4.0 and 3.0 (checked property by
# property), CSV, JSON Lines and YAML; a filter, references on stdin;
# each form read back by crm-add --from into a fresh store, field by
# field.
. "${0%/*}/lib.sh"

fields=name,email,phone,org.name,title,city,country,tags,birthday,note,nickname,url,industry,street,postal_code

test_expect 'setup: contacts with every kind of field, an org, a deal' '
	crm-add contact --name "Jane Doe" --email jane@acme.example --email j.doe@mail.example \
		--phone "+33 1 23 45 67 89" --org "Acme, Inc; Paris" --title CTO --city Paris \
		--country FR --tag vip --tag newsletter --set industry=retail \
		--set birthday=1980-02-29 --set url=https://jane.example \
		--set note="$(printf "Met at FOSDEM; likes \\\\ and commas, a lot\nsecond line")" \
		--set nickname=JD --set street="1 rue X" --set postal_code=F-75001 >jane.id 2>/dev/null &&
	crm-add contact --name "Zoë Ünal-Öz" --email zoe@x.example \
		--set note="$(printf "é%.0s" $(seq 90))" >zoe.id &&
	crm-add contact --name Solo --email solo@x.example --phone "12 34" >solo.id &&
	crm-add deal --title "Acme renewal" --contact jane@acme.example --amount 1200 >deal.id 2>/dev/null
'

test_expect 'vCard 4.0: CRLF, folded at 75 octets inside no character, escaped, every property' '
	expect_status 0 crm export -f vcf &&
	cp out all.vcf &&
	test "$(grep -c "^BEGIN:VCARD" all.vcf)" -eq 3 &&
	! grep -v "$(printf "\\r")\$" all.vcf | grep -q . &&
	awk "{ if (length(\$0) > 76) bad = 1 } END { exit bad }" all.vcf &&
	LC_ALL=C.UTF-8 iconv -f UTF-8 -t UTF-8 all.vcf >/dev/null &&
	tr -d "\\r" <all.vcf | awk "/^BEGIN:VCARD/ { c++ } c == 1" >jane.vcf &&
	grep -qx "VERSION:4.0" jane.vcf &&
	grep -qx "UID:urn:crm:$(cat jane.id)" jane.vcf &&
	grep -qx "FN:Jane Doe" jane.vcf &&
	grep -qx "N:Doe;Jane;;;" jane.vcf &&
	grep -qx "EMAIL:jane@acme.example" jane.vcf &&
	grep -qx "EMAIL:j.doe@mail.example" jane.vcf &&
	grep -qx "TEL;VALUE=uri:tel:+33123456789" jane.vcf &&
	grep -qx "ORG:Acme\\\\, Inc\\\\; Paris" jane.vcf &&
	grep -qx "TITLE:CTO" jane.vcf &&
	grep -qx "ADR:;;1 rue X;Paris;;F-75001;FR" jane.vcf &&
	grep -qx "CATEGORIES:vip,newsletter" jane.vcf &&
	grep -qx "BDAY:19800229" jane.vcf &&
	grep -qx "URL:https://jane.example" jane.vcf &&
	grep -qx "NICKNAME:JD" jane.vcf &&
	grep -qx "X-CRM-INDUSTRY:retail" jane.vcf &&
	grep -qx "NOTE:Met at FOSDEM\\\\; likes \\\\\\\\ and commas\\\\, a lot\\\\nsecond line" jane.vcf &&
	grep -q "^REV:[0-9]\\{8\\}T[0-9]\\{6\\}Z$" jane.vcf &&
	tr -d "\\r" <all.vcf | awk "/^BEGIN:VCARD/ { c++ } c == 3" >zoe.vcf &&
	test "$(grep -c "^ " zoe.vcf)" -ge 2 &&
	tr -d "\\r" <all.vcf | awk "/^BEGIN:VCARD/ { c++ } c == 2" | grep -qx "TEL:12 34"
'

test_expect 'vCard 3.0 for older phones: its own forms of UID, EMAIL, TEL, BDAY, REV' '
	expect_status 0 crm export -f vcf --vcard 3.0 "email = jane@acme.example" &&
	tr -d "\\r" <out >v3.vcf &&
	test "$(grep -c "^BEGIN:VCARD" v3.vcf)" -eq 1 &&
	grep -qx "VERSION:3.0" v3.vcf &&
	grep -qx "UID:$(cat jane.id)" v3.vcf &&
	grep -qx "EMAIL;TYPE=INTERNET:jane@acme.example" v3.vcf &&
	grep -qx "TEL:+33123456789" v3.vcf &&
	grep -qx "BDAY:1980-02-29" v3.vcf &&
	grep -q "^REV:....-..-..T..:..:..Z$" v3.vcf
'

test_expect 'each form read back into a fresh store gives the same records' '
	crm-find -f json -o $fields >want &&
	for f in vcf csv json yaml; do
		crm export -f $f >x.$f &&
		CRM_DIR=$TEST_DIR/back-$f crm-add -q contact --from x.$f >/dev/null &&
		CRM_DIR=$TEST_DIR/back-$f crm-find -f json -o $fields >got.$f &&
		{ test_cmp want got.$f || { echo "# $f differs"; return 1; }; }
	done
'

test_expect 'a filter, and references on stdin, choose the records; orgs and deals by name' '
	crm export -f json "tag = vip" >got && test "$(wc -l <got)" -eq 1 &&
	grep -q "\"name\":\"Jane Doe\"" got &&
	printf "zoe@x.example\nsolo@x.example\n" | crm export -f csv - >got.csv &&
	test "$(wc -l <got.csv)" -eq 3 &&
	crm export -k org -f json >orgs && grep -q "\"name\":\"Acme, Inc; Paris\"" orgs &&
	crm export -k deal -f json >deals.jsonl &&
	grep -q "\"contact\":\"jane@acme.example\"" deals.jsonl &&
	grep -q "\"org\":\"Acme, Inc; Paris\"" deals.jsonl &&
	CRM_DIR=$TEST_DIR/dstore crm-add -q contact --from x.json >/dev/null &&
	CRM_DIR=$TEST_DIR/dstore crm-add -q deal --from deals.jsonl >/dev/null &&
	CRM_DIR=$TEST_DIR/dstore crm-find -k deal -o title,contact.name,amount >got &&
	printf "Acme renewal\tJane Doe\t1200.00\n" >expect && test_cmp expect got
'

test_expect 'an empty store exports nothing; usage errors are 64; a full disk is 74' '
	CRM_DIR=$TEST_DIR/empty crm init -q &&
	CRM_DIR=$TEST_DIR/empty expect_status 0 crm export -f vcf && test ! -s out &&
	expect_status 64 crm export -k org -f vcf && grep -q "vCards hold contacts, not orgs" err &&
	expect_status 64 crm export -f xml && grep -q "not .xml." err &&
	expect_status 64 crm export --vcard 2.1 -f vcf &&
	expect_status 64 crm export -k log &&
	expect_status 64 crm export --subject jane@acme.example "tag = vip" &&
	expect_status 0 crm export -h && grep -q "usage: crm export" out &&
	crm export -f vcf >/dev/full 2>err; test $? -eq 74 && grep -q "No space left" err
'

done_testing
