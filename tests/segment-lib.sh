# tests/segment-lib.sh: helpers of the crm-segment tests (t04*), sourced
# after lib.sh.

# log EMAIL TYPE AT [AMOUNT]: one interaction, its type as its summary.
log() {
	if [ $# -gt 3 ]; then
		crm-log "$1" "$2" "$2" --at "$3" --amount "$4" >/dev/null
	else
		crm-log "$1" "$2" "$2" --at "$3" >/dev/null
	fi
}

# The lines given, in the order of the ids that start them.
rows() {
	printf '%s\n' "$@" | sort
}

# The output is the expected one and nothing was said on stderr.
segment_ok() {
	test_cmp expect out && test_cmp /dev/null err
}
