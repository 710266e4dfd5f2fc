#!/bin/sh
# After a session of everyday commands on personal data (adds, an
# import, a vCard, logs, updates, a merge, an undo, a sync), no name,
# email, phone or summary appears in a commit message, a ref name, a
# file name or the store's git config; files stay 0600 and folders 0700.
. "${0%/*}/lib.sh"

test_expect 'a session of everyday commands' '
	crm-add -q contact --name "Zelda Quux" --email zelda@secret.example \
		--phone "+33 6 11 22 33 44" --org "Quuxcorp" >/dev/null &&
	printf "name,email\nYorick Plumb,yorick@secret.example\n" >people.csv &&
	crm-add -q contact --from people.csv >/dev/null &&
	printf "BEGIN:VCARD\nVERSION:3.0\nFN:Xavier Vcard\nEMAIL:xavier@secret.example\nEND:VCARD\n" >x.vcf &&
	crm-add -q contact --from x.vcf >/dev/null &&
	crm-log -q zelda@secret.example call "Talked about Yorick divorce" &&
	crm-add -q --update zelda@secret.example --city Geneva >/dev/null &&
	crm-add -q contact --name "Zelda Q" --email zq@secret.example --org Quuxcorp >/dev/null &&
	crm merge -q zelda@secret.example zq@secret.example &&
	crm undo -q &&
	git init -q --bare remote.git &&
	crm sync -q --add hub "$TEST_DIR/remote.git" &&
	crm sync -q hub
'

test_expect 'no personal data in messages, refs, file names or config' '
	git -C "$STORE" log --all --format="%an %ae %s %b" >messages &&
	git -C "$STORE" for-each-ref --format="%(refname)" >refs &&
	git -C "$STORE" ls-tree -r --name-only HEAD >names &&
	cat "$STORE/config" >config &&
	for f in messages refs names config; do
		if grep -i -n "zelda\|quux\|yorick\|plumb\|xavier\|secret.example\|33 6 11\|33611\|divorce\|geneva" $f; then
			echo "# personal data in $f"; return 1
		fi
	done &&
	test -s messages && grep -q "^Test Author author@example.test merge contact" messages
'

test_expect 'files 0600 and folders 0700, the index and its -wal and -shm too' '
	crm-find -q --count >/dev/null &&
	test -z "$(find "$STORE" -type f -perm /077)" &&
	test -z "$(find "$STORE" -type d -perm /077)" &&
	ls "$STORE"/crm-index.sqlite >/dev/null
'

done_testing
