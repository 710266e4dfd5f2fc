#!/bin/sh
# The EXAMPLES of every man page run as written, block by block, in
# order, in a fresh HOME: what a reader copies into a shell must work.

. "${0%/*}/lib.sh"

# Writes the literal blocks of page's EXAMPLES section, one file each,
# as ex.PAGE.N, with mdoc's escapes undone.
extract() {
	awk -v page="$2" '
	/^\.Sh EXAMPLES/ { on = 1; next }
	/^\.Sh / { on = 0 }
	on && /^\.Bd -literal/ { n++; block = 1; next }
	on && /^\.Ed/ { block = 0; next }
	on && block {
		gsub(/\\e/, "\\")
		gsub(/\\\(aq/, "'\''")
		gsub(/\\&/, "")
		print > ("ex." page "." n)
	}' "$1"
}

for page in "$TOP"/man/*.[1-9]; do
	name=${page##*/}
	extract "$page" "$name"
	grep -q '^\.Sh EXAMPLES' "$page" || continue
	rm -rf "$HOME" && mkdir -p "$HOME"
	for ex in $(ls ex."$name".* 2>/dev/null | sort -t. -k4 -n); do
		test_expect "$name example ${ex##*.} runs" '
			(cd "$HOME" && sh -e "$TEST_DIR/$ex") >ex.out 2>ex.err || {
				sed "s/^/# /" "$ex" ex.err
				false
			}
		'
	done
done

test_expect 'the pages with EXAMPLES gave blocks to run' '
	ls ex.crm-add.1.* >/dev/null && ls ex.crm.1.* >/dev/null
'

done_testing
