#!/bin/sh
# crm-add --from FILE.vcf: vCard 2.1, 3.0 and 4.0 as contacts, each
# feature in a card of its own; then the exports of real programs in
# ../shared/data/vcard (skipped when it is absent).
. "${0%/*}/lib.sh"

show() {	# email: the contact as YAML
	crm-find -f yaml "email = $1" | sed -n "/^name:/,\$p" | grep -v "^created:\|^updated:\|^org:"
}

test_expect 'vCard 2.1: quoted-printable, CHARSET, soft breaks, N, bare TYPEs' '
	printf "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=windows-1252;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen;;Dr.;\r\nTEL;WORK;VOICE:+49 30 1234567\r\nTEL;CELL:0171 555\r\nEMAIL;INTERNET;PREF:jm@example.de\r\nNOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=utf-8:Zeile eins=0D=0AZeile zw=\r\nei\r\nPHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQ\r\n /9j/4AAQ\r\n\r\nX-FOO:bar\r\nEND:VCARD\r\n" >v21.vcf &&
	expect_status 0 crm-add contact --from v21.vcf &&
	show jm@example.de >got &&
	printf "name: Jürgen Müller\nemail: [jm@example.de]\nphone: ['"'"'+49301234567'"'"', 0171 555]\nnote: |-\n  Zeile eins\n  Zeile zwei\n" >expect &&
	test_cmp expect got
'

test_expect 'vCard 3.0: folds, escapes, groups, ORG, TITLE, ADR, CATEGORIES, BDAY, URL' '
	cat >v30.vcf <<-\EOT &&
	BEGIN:VCARD
	VERSION:3.0
	FN:Ann Lee\, PhD
	N:Lee;Ann;;;PhD
	item1.EMAIL;TYPE=INTERNET,WORK:ann@acme.example
	item2.EMAIL;TYPE=HOME:Ann@Acme.Example
	EMAIL:ann.home@mail.example
	TEL;TYPE=CELL:+33 6 12 34 56 78
	ORG:Acme\; Co;Sales
	TITLE:Head of sa
	 les
	ADR;TYPE=WORK:;;1 rue X;Paris;;75001;France
	ADR;TYPE=HOME:;;2 Elm St;Boston;MA;02101;USA
	CATEGORIES:vip,press
	BDAY:1980-02-29
	URL:https\://acme.example
	NOTE:line one\nline two
	item1.X-ABLabel:whatever
	END:VCARD
	EOT
	expect_status 0 crm-add contact --from v30.vcf &&
	show ann@acme.example >got &&
	cat >expect <<-\EOT &&
	name: Ann Lee, PhD
	email: [ann@acme.example, ann.home@mail.example]
	phone: ['"'"'+33612345678'"'"']
	title: Head of sales
	city: Paris
	country: France
	tags: [vip, press]
	birthday: '\''1980-02-29'\''
	note: |-
	  line one
	  line two
	postal_code: '"'"'75001'"'"'
	street: 1 rue X
	url: https://acme.example
	EOT
	test_cmp expect got &&
	crm-find -k org -o name >orgs && echo "Acme; Co" >expect && test_cmp expect orgs
'

test_expect 'vCard 4.0 with tel: URIs; UTF-8 and UTF-16 byte-order marks' '
	printf "\357\273\277BEGIN:VCARD\nVERSION:4.0\nFN:Bo Ek\nTEL;VALUE=uri;TYPE=cell:tel:+46-70-123\nEMAIL:bo@ek.example\nEND:VCARD\n" >v40.vcf &&
	expect_status 0 crm-add contact --from v40.vcf &&
	crm-find -o name,phone email=bo@ek.example >got &&
	printf "Bo Ek\t+46-70-123\n" >expect && test_cmp expect got &&
	printf "BEGIN:VCARD\nVERSION:3.0\nFN:Zoë Wide\nEMAIL:zoe@wide.example\nEND:VCARD\n" |
		iconv -f UTF-8 -t UTF-16 >v16.vcf &&
	expect_status 0 crm-add contact --from v16.vcf &&
	crm-find -o name email=zoe@wide.example >got && echo "Zoë Wide" >expect &&
	test_cmp expect got
'

test_expect 'bad cards: file and line named, nothing written; --skip-bad' '
	n=$(commits) &&
	printf "BEGIN:VCARD\nFN:Good One\nEMAIL:good@x.example\nEND:VCARD\nBEGIN:VCARD\nTEL:123\nEND:VCARD\nBEGIN:VCARD\nFN:M\374ller\nEND:VCARD\nBEGIN:VCARD\nFN:Cut\n" >bad.vcf &&
	expect_status 65 crm-add contact --from bad.vcf &&
	grep -q "^crm-add: bad.vcf:5: the card has no name (FN or N)$" err &&
	grep -q "^crm-add: bad.vcf:9: FN: byte 2 is not UTF-8" err &&
	grep -q "^crm-add: bad.vcf:11: the card has no END:VCARD" err &&
	test "$(commits)" -eq "$n" &&
	expect_status 0 crm-add -q contact --from bad.vcf --skip-bad &&
	crm-find -o name email=good@x.example >got && echo "Good One" >expect &&
	test_cmp expect got &&
	expect_status 64 crm-add deal --from v40.vcf &&
	grep -q "vCards hold contacts, not deals" err
'

test_expect 'a NUL byte is refused with its line and byte; an empty encoded value is no crash (fuzz-vcard found it)' '
	printf "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nul\000Byte\r\nEND:VCARD\r\n" >nul.vcf &&
	n=$(commits) &&
	expect_status 65 crm-add contact --from nul.vcf &&
	grep -q "^crm-add: nul.vcf:3: byte 7: a NUL byte$" err &&
	test "$(commits)" -eq "$n" &&
	printf "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Empty Note\r\nNOTE;ENCODING=QUOTED-PRINTABLE:\r\nTITLE;CHARSET=windows-1252;ENCODING=QUOTED-PRINTABLE:\r\nN;CHARSET=iso-8859-1:\r\nEND:VCARD\r\n" >empty.vcf &&
	expect_status 0 crm-add contact --from empty.vcf &&
	crm-find -o name "name = \"Empty Note\"" >got && echo "Empty Note" >expect && test_cmp expect got
'

DATA=$SHARED_DATA/vcard
if [ -d "$DATA" ]; then
	test_expect 'real exports: Android, BlackBerry, Evolution, Gmail, iPhone, Outlook, Nextcloud, Thunderbird' '
		for f in ANDROID BLACK_BERRY EVOLUTION GMAIL IPHONE LOTUS_NOTES MAC_ADDRESS_BOOK MS_OUTLOOK; do
			CRM_DIR=$PWD/real-$f crm-add -q contact --from "$DATA/ezvcard_John_Doe_$f.vcf" --skip-bad 2>/dev/null ||
				{ echo "# $f failed" >&2; return 1; }
		done &&
		for f in ezvcard_gmail-list ezvcard_outlook-2003 ezvcard_outlook-2007 ezvcard_rfc2426-example \
			ezvcard_rfc6350-example fk_v3 fk_v3Utf16Bom fk_v4_Thunderbird_CardBook fk_Outlook_v2 \
			fk_NextCloudPhotoIssue3_nextcloud fk_Photo_v3_Thunderbird_CardBook fk_utf8_Greek \
			fk_utf8_Hebrew fk_utf8_Ukrainian fk_WhatsAppIssue fk_v2_1 pyvobject_radicale-1587; do
			CRM_DIR=$PWD/real2-$f crm-add -q contact --from "$DATA/$f.vcf" ||
				{ echo "# $f failed" >&2; return 1; }
		done &&
		CRM_DIR=$PWD/real2-ezvcard_gmail-list crm-find --count >n && echo 3 >expect && test_cmp expect n &&
		CRM_DIR=$PWD/real2-fk_v3Utf16Bom crm-find --count >n && echo 2 >expect && test_cmp expect n &&
		CRM_DIR=$PWD/real2-fk_utf8_Greek crm-find --count >n && echo 1 >expect && test_cmp expect n &&
		CRM_DIR=$PWD/real-IPHONE crm-find -o name,title "email = john.doe@ibm.com" >n &&
		printf "Mr. John Richter James Doe Sr.\tMoney Counter\n" >expect && test_cmp expect n
	'
	test_expect 'real exports that are not UTF-8 are refused with the byte; empty is empty' '
		expect_status 65 crm-add contact --from "$DATA/fk_ansi_German.vcf" &&
		grep -q "fk_ansi_German.vcf:[0-9]*: FN: byte [0-9]* is not UTF-8" err &&
		expect_status 0 crm-add contact --from "$DATA/fk_Empty.vcf"
	'
else
	test_count=$((test_count + 1))
	echo "ok $test_count - real vCard exports # skip ../shared/data absent"
fi

done_testing
