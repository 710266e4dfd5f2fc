/*
 * fuzz-yamlfast.c: libFuzzer target for the fast reader of crm's own
 * YAML layout (yamlfast.c).  Whatever the input, when crm_yaml_fast
 * takes it, crm_yaml_read (libyaml) must read the same records from it:
 * same kinds, keys, list flags, values and plainness, in the same order.
 * When it steps aside it must not have passed on a record; an error of
 * the callback must come back as it is, with no record after it.
 *
 * Build against a libcrm.a compiled with the same sanitizers:
 *   clang -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Icommon \
 *     tests/fuzz/fuzz-yamlfast.c common/yamlfast.c build-asan/libcrm.a \
 *     $(pkg-config --libs libgit2 yaml-0.1 sqlite3 jansson libutf8proc \
 *     nettle zlib) -lm
 * Seed it with journals in crm's layouts (a store's log/ files, or text
 * from crm_yaml_write and crm_yaml_write_line): most mutations of those
 * stay in the layout, so both readers are compared on them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct recs {
	struct crm_record **v;
	size_t n, alloc;
	size_t stop_at;		/* with 0, never stop */
};

static void
die(const char *what, const uint8_t *data, size_t size, const char *detail)
{
	fprintf(stderr, "fuzz-yamlfast: %s%s%s\n--- input (%zu bytes):\n%.*s\n",
		what, detail ? ": " : "", detail ? detail : "", size,
		(int)size, (const char *)data);
	abort();
}

static int
collect(struct crm_record *r, void *arg)
{
	struct recs *rs = arg;

	if (rs->n == rs->alloc) {
		rs->alloc = rs->alloc ? 2 * rs->alloc : 8;
		rs->v = crm_xrealloc(rs->v, rs->alloc * sizeof(*rs->v));
	}
	rs->v[rs->n++] = crm_record_dup(r);
	return rs->stop_at && rs->n == rs->stop_at ? CRM_EDATA : 0;
}

static void
release(struct recs *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		crm_record_free(rs->v[i]);
	free(rs->v);
	memset(rs, 0, sizeof(*rs));
}

/* a and b are the same record, plainness included. */
static const char *
differs(const struct crm_record *a, const struct crm_record *b)
{
	size_t i, j;

	if (crm_record_kind(a) != crm_record_kind(b))
		return "kind";
	if (crm_record_nfields(a) != crm_record_nfields(b))
		return "field count";
	for (i = 0; i < crm_record_nfields(a); i++) {
		if (strcmp(crm_record_key(a, i), crm_record_key(b, i)) != 0)
			return "key";
		if (crm_record_is_list(a, i) != crm_record_is_list(b, i))
			return "list flag";
		if (crm_record_nvalues(a, i) != crm_record_nvalues(b, i))
			return "value count";
		for (j = 0; j < crm_record_nvalues(a, i); j++) {
			if (strcmp(crm_record_value(a, i, j),
				   crm_record_value(b, i, j)) != 0)
				return "value";
			if (crm_record_plain(a, i, j) != crm_record_plain(b, i, j))
				return "plainness";
		}
	}
	return NULL;
}

static void
check(const uint8_t *data, size_t size, enum crm_kind kind)
{
	struct recs fast = { 0 }, again = { 0 };
	struct crm_yaml_reader *y;
	struct crm_record *r;
	const char *why;
	size_t n = 0;
	int rc;

	rc = crm_yaml_fast((const char *)data, size, kind, collect, &fast);
	if (rc == CRM_YAML_NOT_FAST) {
		if (fast.n)
			die("records passed on before stepping aside", data,
			    size, NULL);
		release(&fast);
		return;
	}
	if (rc != 0)
		die("unexpected return", data, size, NULL);
	y = crm_yaml_reader_mem((const char *)data, size, "fuzz.yaml");
	if (!y)
		die("cannot start libyaml", data, size, NULL);
	for (;;) {
		if (crm_yaml_read(&r, NULL, y, kind) < 0)
			die("libyaml refuses what the fast reader took", data,
			    size, crm_err_msg());
		if (!r)
			break;
		if (n >= fast.n)
			die("libyaml reads more records", data, size, NULL);
		if ((why = differs(r, fast.v[n])))
			die("records differ", data, size, why);
		crm_record_free(r);
		n++;
	}
	crm_yaml_reader_free(y);
	if (n != fast.n)
		die("libyaml reads fewer records", data, size, NULL);
	/* an error of the callback stops the reading there */
	if (fast.n >= 2) {
		again.stop_at = 1;
		if (crm_yaml_fast((const char *)data, size, kind, collect,
				  &again) != CRM_EDATA || again.n != 1)
			die("the callback's error did not stop the reading",
			    data, size, NULL);
		release(&again);
	}
	release(&fast);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* contacts and interactions canonicalise different names */
	check(data, size, CRM_CONTACT);
	check(data, size, CRM_LOG);
	return 0;
}
