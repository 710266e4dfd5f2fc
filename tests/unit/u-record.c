/*
 * u-record.c: unit tests of common/record.c: the record model (set, get,
 * unset, add with case-insensitive dedupe, remove, sort, dup), kinds,
 * types and the schema, ids and store paths, crm_record_check (required
 * fields, ids, emails, dates, money, probabilities, pipeline stages, log
 * types, control characters, field names) and crm_value_coerce.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crm.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define ID "3f9a0c7d21e84b65"
#define ID2 "81c2e6a0b9f34d17"
#define WHERE "c.yaml:7"

/*
 * s quoted for messages, every byte outside printable ASCII as \xHH
 * (rotating buffers that stay reachable).
 */
static const char *
show(const char *s)
{
	static struct crm_buf ring[8];
	static size_t k;
	struct crm_buf *b = &ring[k++ % N(ring)];
	const unsigned char *p = (const unsigned char *)(s ? s : "(null)");

	crm_buf_reset(b);
	crm_buf_addc(b, '"');
	for (; *p; p++)
		if (*p < 0x20 || *p >= 0x7f || *p == '"' || *p == '\\')
			crm_buf_addf(b, "\\x%02x", *p);
		else
			crm_buf_addc(b, (char)*p);
	crm_buf_addc(b, '"');
	return crm_buf_str(b);
}

/* The keys of r joined with spaces, for comparisons of order. */
static char *
keys(const struct crm_record *r)
{
	struct crm_buf b = CRM_BUF_INIT;
	size_t i;

	for (i = 0; i < crm_record_nfields(r); i++)
		crm_buf_addf(&b, "%s%s", i ? " " : "", crm_record_key(r, i));
	return crm_buf_detach(&b);
}

#define ASSERT_KEYS(r, want) do { \
	char *k_ = keys(r); \
	assert_string_equal(k_, (want)); \
	free(k_); \
} while (0)

/* The values of list field key joined with "|". */
static char *
values(const struct crm_record *r, const char *key)
{
	struct crm_buf b = CRM_BUF_INIT;
	long i = crm_record_find(r, key);
	size_t j;

	if (i < 0)
		return crm_xstrdup("(none)");
	for (j = 0; j < crm_record_nvalues(r, (size_t)i); j++)
		crm_buf_addf(&b, "%s%s", j ? "|" : "",
			     crm_record_value(r, (size_t)i, j));
	return crm_buf_detach(&b);
}

#define ASSERT_VALUES(r, key, want) do { \
	char *v_ = values((r), (key)); \
	assert_string_equal(v_, (want)); \
	free(v_); \
} while (0)

/*
 * A record of kind from key, value pairs ending in NULL, each value plain
 * when a YAML reader would have read it plain (as from a hand-written
 * file).  A value starting with "[" is a list of comma-separated items.
 */
static struct crm_record *
rec(enum crm_kind kind, ...)
{
	struct crm_record *r = crm_record_new(kind);
	const char *k, *v;
	va_list ap;

	va_start(ap, kind);
	while ((k = va_arg(ap, const char *))) {
		v = va_arg(ap, const char *);
		if (v[0] == '[') {
			char *copy = crm_xstrdup(v + 1), *p = copy, *e;

			crm_record_set_list(r, k);
			copy[strlen(copy) - 1] = '\0';
			while (*p) {
				e = strchr(p, ',');
				if (e)
					*e = '\0';
				crm_record_add(r, k, p, crm_yaml_ambiguous(p));
				if (!e)
					break;
				p = e + 1;
			}
			free(copy);
			continue;
		}
		crm_record_set(r, k, v, crm_yaml_ambiguous(v));
	}
	va_end(ap);
	return r;
}

/* ---- the record ---- */

static void
test_record__new(void **state)
{
	struct crm_record *r = crm_record_new(CRM_DEAL);

	assert_int_equal(crm_record_kind(r), CRM_DEAL);
	assert_int_equal(crm_record_nfields(r), 0);
	assert_null(crm_record_id(r));
	assert_null(crm_record_get(r, "title"));
	assert_int_equal(crm_record_find(r, "title"), -1);
	crm_record_set_kind(r, CRM_ORG);
	assert_int_equal(crm_record_kind(r), CRM_ORG);
	crm_record_free(r);
	crm_record_free(NULL);
}

static void
test_record__set_get(void **state)
{
	struct crm_record *r = crm_record_new(CRM_CONTACT);
	char buf[] = "Jane";

	crm_record_set(r, "id", ID, 0);
	crm_record_set(r, "name", buf, 0);
	/* a copy is kept */
	buf[0] = 'X';
	assert_string_equal(crm_record_get(r, "name"), "Jane");
	assert_string_equal(crm_record_id(r), ID);
	crm_record_set(r, "score", "42", 1);
	assert_int_equal(crm_record_nfields(r), 3);
	ASSERT_KEYS(r, "id name score");
	assert_int_equal(crm_record_find(r, "score"), 2);
	assert_false(crm_record_is_list(r, 2));
	assert_int_equal(crm_record_nvalues(r, 2), 1);
	assert_string_equal(crm_record_value(r, 2, 0), "42");
	assert_true(crm_record_plain(r, 2, 0));
	assert_false(crm_record_plain(r, 1, 0));
	/* replacing keeps the place, takes the new plainness */
	crm_record_set(r, "name", "Jane Doe", 0);
	crm_record_set(r, "score", "forty-two", 0);
	ASSERT_KEYS(r, "id name score");
	assert_string_equal(crm_record_get(r, "name"), "Jane Doe");
	assert_false(crm_record_plain(r, 2, 0));
	/* keys are case-sensitive */
	assert_null(crm_record_get(r, "Name"));
	/* the empty string is a value, NULL removes */
	crm_record_set(r, "title", "", 0);
	assert_string_equal(crm_record_get(r, "title"), "");
	crm_record_set(r, "title", NULL, 0);
	assert_int_equal(crm_record_find(r, "title"), -1);
	ASSERT_KEYS(r, "id name score");
	crm_record_free(r);
}

static void
test_record__set_replaces_a_list(void **state)
{
	struct crm_record *r = crm_record_new(CRM_CONTACT);
	long i;

	crm_record_add(r, "tags", "a", 0);
	crm_record_add(r, "tags", "b", 0);
	crm_record_set(r, "tags", "c", 0);
	i = crm_record_find(r, "tags");
	assert_false(crm_record_is_list(r, (size_t)i));
	assert_int_equal(crm_record_nvalues(r, (size_t)i), 1);
	assert_string_equal(crm_record_get(r, "tags"), "c");
	/* set_list keeps the value and makes it a list */
	crm_record_set_list(r, "tags");
	assert_true(crm_record_is_list(r, (size_t)i));
	ASSERT_VALUES(r, "tags", "c");
	/* an empty list has no first value */
	crm_record_set_list(r, "phone");
	i = crm_record_find(r, "phone");
	assert_true(crm_record_is_list(r, (size_t)i));
	assert_int_equal(crm_record_nvalues(r, (size_t)i), 0);
	assert_null(crm_record_get(r, "phone"));
	crm_record_free(r);
}

static void
test_record__unset(void **state)
{
	struct crm_record *r = rec(CRM_CONTACT, "id", ID, "name", "a",
				   "city", "b", "tags", "[x,y]", "zip", "c",
				   NULL);

	crm_record_unset(r, "city");
	ASSERT_KEYS(r, "id name tags zip");
	crm_record_unset(r, "tags");
	ASSERT_KEYS(r, "id name zip");
	crm_record_unset(r, "zip");
	ASSERT_KEYS(r, "id name");
	crm_record_unset(r, "missing");
	ASSERT_KEYS(r, "id name");
	crm_record_unset(r, "id");
	ASSERT_KEYS(r, "name");
	assert_string_equal(crm_record_get(r, "name"), "a");
	crm_record_free(r);
}

static void
test_record__add_dedupes_any_case(void **state)
{
	struct crm_record *r = crm_record_new(CRM_CONTACT);

	assert_int_equal(crm_record_add(r, "tags", "VIP", 0), 1);
	assert_int_equal(crm_record_add(r, "tags", "vip", 0), 0);
	assert_int_equal(crm_record_add(r, "tags", "Vip", 0), 0);
	assert_int_equal(crm_record_add(r, "tags", "newsletter", 0), 1);
	assert_int_equal(crm_record_add(r, "tags", "vip ", 0), 1);
	ASSERT_VALUES(r, "tags", "VIP|newsletter|vip ");
	/* any script */
	assert_int_equal(crm_record_add(r, "city", "M\xc3\xbcnchen", 0), 1);
	assert_int_equal(crm_record_add(r, "city", "M\xc3\x9cNCHEN", 0), 0);
	assert_int_equal(crm_record_add(r, "city", "m\xc3\xbcnchen", 0), 0);
	/* composed and decomposed forms are one value */
	assert_int_equal(crm_record_add(r, "city", "Mu\xcc\x88nchen", 0), 0);
	assert_int_equal(crm_record_add(r, "city", "Munchen", 0), 1);
	assert_int_equal(crm_record_add(r, "city", "Stra\xc3\x9f" "e", 0), 1);
	assert_int_equal(crm_record_add(r, "city", "STRASSE", 0), 0);
	assert_int_equal(crm_record_add(r, "city", "\xce\xa3\xce\x99\xce\xa3", 0),
			 1);
	assert_int_equal(crm_record_add(r, "city", "\xcf\x83\xce\xb9\xcf\x82", 0),
			 0);
	ASSERT_VALUES(r, "city", "M\xc3\xbcnchen|Munchen|Stra\xc3\x9f" "e|"
		      "\xce\xa3\xce\x99\xce\xa3");
	/* emails: the same address in another case is not added again */
	assert_int_equal(crm_record_add(r, "email", "Jane@Acme.example", 0), 1);
	assert_int_equal(crm_record_add(r, "email", "jane@acme.example", 0), 0);
	/* the empty string is a value like another */
	assert_int_equal(crm_record_add(r, "phone", "", 0), 1);
	assert_int_equal(crm_record_add(r, "phone", "", 0), 0);
	/* the plainness of each value is kept */
	assert_int_equal(crm_record_add(r, "n", "1", 1), 1);
	assert_int_equal(crm_record_add(r, "n", "01", 0), 1);
	assert_true(crm_record_plain(r, (size_t)crm_record_find(r, "n"), 0));
	assert_false(crm_record_plain(r, (size_t)crm_record_find(r, "n"), 1));
	crm_record_free(r);
}

static void
test_record__add_to_a_scalar(void **state)
{
	struct crm_record *r = crm_record_new(CRM_CONTACT);
	long i;

	crm_record_set(r, "tags", "vip", 0);
	assert_int_equal(crm_record_add(r, "tags", "VIP", 0), 0);
	i = crm_record_find(r, "tags");
	assert_true(crm_record_is_list(r, (size_t)i));
	assert_int_equal(crm_record_add(r, "tags", "b2b", 0), 1);
	ASSERT_VALUES(r, "tags", "vip|b2b");
	crm_record_free(r);
}

/* crm_record_append keeps what it is given, duplicates included. */
static void
test_record__append(void **state)
{
	struct crm_record *r = crm_record_new(CRM_CONTACT);
	long i;

	crm_record_append(r, "tags", "vip", 0);
	crm_record_append(r, "tags", "VIP", 0);
	crm_record_append(r, "tags", "vip", 1);
	i = crm_record_find(r, "tags");
	assert_true(crm_record_is_list(r, (size_t)i));
	ASSERT_VALUES(r, "tags", "vip|VIP|vip");
	assert_false(crm_record_plain(r, (size_t)i, 1));
	assert_true(crm_record_plain(r, (size_t)i, 2));
	/* add still dedupes against what append put there */
	assert_int_equal(crm_record_add(r, "tags", "Vip", 0), 0);
	/* on a scalar: it becomes a list */
	crm_record_set(r, "city", "Paris", 0);
	crm_record_append(r, "city", "paris", 0);
	i = crm_record_find(r, "city");
	assert_true(crm_record_is_list(r, (size_t)i));
	ASSERT_VALUES(r, "city", "Paris|paris");
	crm_record_free(r);
}

static void
test_record__remove(void **state)
{
	struct crm_record *r = rec(CRM_CONTACT, "tags", "[vip,b2b,M\xc3\xbcnchen,x]",
				   NULL);

	assert_int_equal(crm_record_remove(r, "tags", "VIP"), 1);
	ASSERT_VALUES(r, "tags", "b2b|M\xc3\xbcnchen|x");
	assert_int_equal(crm_record_remove(r, "tags", "vip"), 0);
	assert_int_equal(crm_record_remove(r, "tags", "M\xc3\x9cNCHEN"), 1);
	ASSERT_VALUES(r, "tags", "b2b|x");
	assert_int_equal(crm_record_remove(r, "tags", "x"), 1);
	assert_int_equal(crm_record_remove(r, "tags", "b2b"), 1);
	/* the field stays, empty */
	assert_int_equal(crm_record_find(r, "tags"), 0);
	assert_int_equal(crm_record_nvalues(r, 0), 0);
	assert_int_equal(crm_record_remove(r, "tags", "b2b"), 0);
	assert_int_equal(crm_record_remove(r, "missing", "b2b"), 0);
	crm_record_free(r);
}

static void
test_record__sort(void **state)
{
	struct crm_record *r;

	r = rec(CRM_CONTACT, "zeta", "1", "updated", "2026-01-01", "alpha",
		"2", "email", "[a@b.example]", "name", "n", "Beta", "3",
		"id", ID, "tags", "[t]", "created", "2026-01-01", "org", ID2,
		"dnc", "true", NULL);
	crm_record_sort(r);
	ASSERT_KEYS(r, "id name email org tags dnc created updated Beta alpha zeta");
	crm_record_free(r);

	/* the same names sort by the kind's own order */
	r = rec(CRM_DEAL, "owner", "o", "close", "2026-01-01", "title", "t",
		"email", "e", "id", ID, "amount", "1", "stage", "won",
		"contact", ID2, "probability", "5", "currency", "EUR",
		"org", ID2, "tags", "[x]", NULL);
	crm_record_sort(r);
	ASSERT_KEYS(r, "id title contact org amount currency stage probability close owner tags email");
	crm_record_free(r);

	r = rec(CRM_ORG, "country", "FR", "name", "Acme", "id", ID, "email",
		"x", "domain", "acme.example", "size", "10", NULL);
	crm_record_sort(r);
	ASSERT_KEYS(r, "id name domain size country email");
	crm_record_free(r);

	r = rec(CRM_LOG, "body", "b", "summary", "s", "type", "call", "at",
		"2026-01-01", "contact", ID2, "id", ID, "due", "2026-01-02",
		"amount", "1", "custom", "c", "done", "2026-01-03", "deal",
		ID2, "direction", "in", "channel", "phone", "currency", "EUR",
		NULL);
	crm_record_sort(r);
	ASSERT_KEYS(r, "id at contact type summary amount currency channel direction deal due done body custom");
	/* values travel with their keys */
	assert_string_equal(crm_record_get(r, "summary"), "s");
	assert_string_equal(crm_record_get(r, "body"), "b");
	crm_record_free(r);

	r = rec(CRM_ORG, "zz", "1", NULL);
	crm_record_sort(r);
	ASSERT_KEYS(r, "zz");
	crm_record_free(r);
}

/*
 * Sorting a record without fields is a no-op (and must not hand qsort a
 * null pointer: undefined behaviour, which UBSan stops at).  Last in the
 * list, so that an abort under the sanitizers spares the other tests.
 */
static void
test_record__sort_empty(void **state)
{
	struct crm_record *r = crm_record_new(CRM_CONTACT);

	crm_record_sort(r);
	assert_int_equal(crm_record_nfields(r), 0);
	crm_record_free(r);
}

static void
test_record__dup(void **state)
{
	struct crm_record *r = rec(CRM_DEAL, "id", ID, "title", "t",
				   "amount", "12.50", "tags", "[a,b]", NULL);
	struct crm_record *d;

	crm_record_set_list(r, "empty");
	d = crm_record_dup(r);
	assert_int_equal(crm_record_kind(d), CRM_DEAL);
	ASSERT_KEYS(d, "id title amount tags empty");
	assert_true(crm_record_plain(d, 2, 0));
	assert_false(crm_record_plain(d, 1, 0));
	assert_true(crm_record_is_list(d, 3));
	assert_true(crm_record_is_list(d, 4));
	assert_int_equal(crm_record_nvalues(d, 4), 0);
	ASSERT_VALUES(d, "tags", "a|b");
	/* deep: changing one leaves the other */
	crm_record_set(d, "title", "changed", 0);
	crm_record_add(d, "tags", "c", 0);
	crm_record_unset(d, "amount");
	crm_record_add(r, "empty", "e", 0);
	assert_string_equal(crm_record_get(r, "title"), "t");
	ASSERT_VALUES(r, "tags", "a|b");
	ASSERT_VALUES(d, "tags", "a|b|c");
	assert_string_equal(crm_record_get(r, "amount"), "12.50");
	assert_int_equal(crm_record_nvalues(d, 3), 0);
	crm_record_free(r);
	crm_record_free(d);
	d = crm_record_new(CRM_LOG);
	r = crm_record_dup(d);
	assert_int_equal(crm_record_nfields(r), 0);
	assert_int_equal(crm_record_kind(r), CRM_LOG);
	crm_record_free(r);
	crm_record_free(d);
}

/* ---- kinds, types and the schema ---- */

static void
test_record__kinds(void **state)
{
	static const char *const names[] = { "contact", "org", "deal", "log" };
	static const char *const dirs[] = { "contacts", "orgs", "deals", "log" };
	int k;

	for (k = 0; k < CRM_NKINDS; k++) {
		assert_string_equal(crm_kind_name(k), names[k]);
		assert_string_equal(crm_kind_dir(k), dirs[k]);
		assert_int_equal(crm_kind_parse(names[k]), k);
		assert_int_equal(crm_kind_parse(dirs[k]), k);
	}
	assert_int_equal(crm_kind_parse("organisation"), CRM_ORG);
	assert_int_equal(crm_kind_parse("organization"), CRM_ORG);
	assert_int_equal(crm_kind_parse("interaction"), CRM_LOG);
	assert_int_equal(crm_kind_parse("person"), -1);
	assert_int_equal(crm_kind_parse(""), -1);
	assert_int_equal(crm_kind_parse("Contact"), -1);
}

static void
test_record__types(void **state)
{
	static const char *const names[] = {
		"text", "list", "number", "int", "money", "date", "bool", "ref",
	};
	int t;

	for (t = 0; t < (int)N(names); t++) {
		assert_string_equal(crm_type_name(t), names[t]);
		assert_int_equal(crm_type_parse(names[t]), t);
	}
	assert_int_equal(crm_type_parse("string"), CRM_T_TEXT);
	assert_int_equal(crm_type_parse("integer"), CRM_T_INT);
	assert_int_equal(crm_type_parse("boolean"), CRM_T_BOOL);
	assert_int_equal(crm_type_parse("decimal"), CRM_T_NUMBER);
	assert_int_equal(crm_type_parse("float"), -1);
	assert_int_equal(crm_type_parse(""), -1);
	assert_int_equal(crm_type_parse("Text"), -1);
}

static void
test_record__schema(void **state)
{
	const struct crm_field_def *d;
	size_t n;

	/* SPEC "Records": the core fields of each kind, in order */
	d = crm_schema_fields(CRM_DEAL);
	for (n = 0; d[n].name; n++)
		;
	assert_true(n >= 10);
	assert_string_equal(d[0].name, "id");
	assert_string_equal(d[1].name, "title");
	assert_true(d[1].required);
	d = crm_schema_field(CRM_DEAL, "amount");
	assert_non_null(d);
	assert_int_equal(d->type, CRM_T_MONEY);
	assert_int_equal(crm_schema_field(CRM_DEAL, "probability")->type,
			 CRM_T_INT);
	assert_int_equal(crm_schema_field(CRM_DEAL, "close")->type, CRM_T_DATE);
	assert_int_equal(crm_schema_field(CRM_CONTACT, "email")->type,
			 CRM_T_LIST);
	assert_int_equal(crm_schema_field(CRM_CONTACT, "tags")->type,
			 CRM_T_LIST);
	assert_int_equal(crm_schema_field(CRM_CONTACT, "org")->type, CRM_T_REF);
	assert_int_equal(crm_schema_field(CRM_LOG, "at")->type, CRM_T_DATE);
	assert_true(crm_schema_field(CRM_LOG, "at")->required);
	assert_true(crm_schema_field(CRM_LOG, "contact")->required);
	assert_true(crm_schema_field(CRM_LOG, "type")->required);
	assert_false(crm_schema_field(CRM_LOG, "summary")->required);
	assert_true(crm_schema_field(CRM_ORG, "name")->required);
	assert_null(crm_schema_field(CRM_ORG, "email"));
	assert_null(crm_schema_field(CRM_CONTACT, "industry"));
	assert_null(crm_schema_field(CRM_CONTACT, "Name"));

	assert_string_equal(crm_schema_canon(CRM_CONTACT, "tag"), "tags");
	assert_string_equal(crm_schema_canon(CRM_DEAL, "tag"), "tags");
	assert_string_equal(crm_schema_canon(CRM_CONTACT, "emails"), "email");
	assert_string_equal(crm_schema_canon(CRM_CONTACT, "phones"), "phone");
	assert_string_equal(crm_schema_canon(CRM_CONTACT, "name"), "name");
	assert_string_equal(crm_schema_canon(CRM_CONTACT, "industry"),
			    "industry");
	/* an org has no email field: "emails" there is a custom name */
	assert_string_equal(crm_schema_canon(CRM_ORG, "emails"), "emails");
}

/* ---- ids and paths ---- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void
test_record__id_new(void **state)
{
	enum { COUNT = 20000 };
	char (*ids)[CRM_ID_LEN + 1] = calloc(COUNT, sizeof(*ids));
	size_t i;

	assert_non_null(ids);
	for (i = 0; i < COUNT; i++) {
		assert_int_equal(crm_id_new(ids[i]), 0);
		assert_int_equal(strlen(ids[i]), CRM_ID_LEN);
		if (!crm_id_valid(ids[i]))
			fail_msg("crm_id_new gave %s", show(ids[i]));
	}
	qsort(ids, COUNT, sizeof(*ids), cmp_str);
	for (i = 1; i < COUNT; i++)
		if (strcmp(ids[i - 1], ids[i]) == 0)
			fail_msg("crm_id_new gave %s twice", ids[i]);
	/* all 16 digits appear in each position over 20000 ids */
	{
		int seen[CRM_ID_LEN][16] = { { 0 } }, p;

		for (i = 0; i < COUNT; i++)
			for (p = 0; p < CRM_ID_LEN; p++) {
				char c = ids[i][p];

				seen[p][c <= '9' ? c - '0' : c - 'a' + 10] = 1;
			}
		for (p = 0; p < CRM_ID_LEN; p++)
			for (i = 0; i < 16; i++)
				assert_true(seen[p][i]);
	}
	free(ids);
}

static void
test_record__id_valid(void **state)
{
	static const char *const good[] = {
		ID, "0000000000000000", "ffffffffffffffff", "98fa48427542aea9",
		"1234567890123456",
	};
	static const char *const bad[] = {
		"", "3f9a", "3f9a0c7d21e84b6", "3f9a0c7d21e84b651",
		"3F9A0C7D21E84B65", "3f9a0c7d21e84b6G", "3f9a0c7d21e84b6g",
		"3f9a0c7d 1e84b65", " 3f9a0c7d21e84b6", "3f9a0c7d21e84b65 ",
		"3f9a0c7d21e84b65\n", "../x", "..", ".", "/abs", "a/b",
		"3f9a0c7d-21e8-4b65", "0x9a0c7d21e84b65", "\357\274\223f9a0c7d21e84b",
		"3f9a0c7d21e84b65/", ".git",
	};
	size_t i;

	for (i = 0; i < N(good); i++)
		if (!crm_id_valid(good[i]))
			fail_msg("%s refused", show(good[i]));
	for (i = 0; i < N(bad); i++)
		if (crm_id_valid(bad[i]))
			fail_msg("%s accepted as an id", show(bad[i]));
}

static void
test_record__id_prefix_valid(void **state)
{
	static const char *const good[] = {
		"3f9a", "3f9a0", "3f9a0c7d", "3f9a0c7d21e84b6", ID, "0000",
	};
	static const char *const bad[] = {
		"", "3", "3f9", "3F9A", "3f9g", "3f9a0c7d21e84b651", "3f9a ",
		"../x", "3f9a/", "abc-",
	};
	size_t i;

	for (i = 0; i < N(good); i++)
		if (!crm_id_prefix_valid(good[i]))
			fail_msg("prefix %s refused", show(good[i]));
	for (i = 0; i < N(bad); i++)
		if (crm_id_prefix_valid(bad[i]))
			fail_msg("prefix %s accepted", show(bad[i]));
}

static void
test_record__paths(void **state)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_time t;

	crm_record_path(&b, CRM_CONTACT, "3f9a0c7d21e84b65");
	assert_string_equal(b.buf, "contacts/3f/3f9a0c7d21e84b65.yaml");
	crm_buf_reset(&b);
	crm_record_path(&b, CRM_ORG, ID2);
	assert_string_equal(b.buf, "orgs/81/" ID2 ".yaml");
	crm_buf_reset(&b);
	crm_record_path(&b, CRM_DEAL, ID);
	assert_string_equal(b.buf, "deals/3f/" ID ".yaml");
	/* it appends */
	crm_record_path(&b, CRM_CONTACT, ID2);
	assert_string_equal(b.buf, "deals/3f/" ID ".yamlcontacts/81/" ID2 ".yaml");

	crm_buf_reset(&b);
	assert_int_equal(crm_date_parse(&t, "2026-11-02T14:03:00Z", 0), 0);
	crm_log_path(&b, t.t);
	assert_string_equal(b.buf, "log/2026/11/02.yaml");
	crm_buf_reset(&b);
	assert_int_equal(crm_date_parse(&t, "2026-11-02T23:59:59Z", 0), 0);
	crm_log_path(&b, t.t);
	assert_string_equal(b.buf, "log/2026/11/02.yaml");
	crm_buf_reset(&b);
	assert_int_equal(crm_date_parse(&t, "2026-11-03T00:30:00+02:00", 0), 0);
	crm_log_path(&b, t.t);
	assert_string_equal(b.buf, "log/2026/11/02.yaml");
	crm_buf_reset(&b);
	assert_int_equal(crm_date_parse(&t, "2024-02-29", 0), 0);
	crm_log_path(&b, t.t);
	assert_string_equal(b.buf, "log/2024/02/29.yaml");
	crm_buf_reset(&b);
	assert_int_equal(crm_date_parse(&t, "1969-12-31T23:59:59Z", 0), 0);
	crm_log_path(&b, t.t);
	assert_string_equal(b.buf, "log/1969/12/31.yaml");
	crm_buf_release(&b);
}

static void
test_record__path_parse_accepts(void **state)
{
	static const struct {
		const char *path;
		enum crm_kind kind;
		const char *id;
	} ok[] = {
		{ "contacts/3f/3f9a0c7d21e84b65.yaml", CRM_CONTACT, ID },
		{ "orgs/81/" ID2 ".yaml", CRM_ORG, ID2 },
		{ "deals/3f/" ID ".yaml", CRM_DEAL, ID },
		{ "contacts/12/1234567890123456.yaml", CRM_CONTACT,
		  "1234567890123456" },
		{ "log/2026/11/02.yaml", CRM_LOG, "" },
		{ "log/1999/01/31.yaml", CRM_LOG, "" },
	};
	size_t i;

	for (i = 0; i < N(ok); i++) {
		enum crm_kind k = CRM_NKINDS;
		char id[CRM_ID_LEN + 1];

		memset(id, 'z', sizeof(id));
		if (crm_path_parse(&k, id, ok[i].path) != 0)
			fail_msg("%s refused", ok[i].path);
		assert_int_equal(k, ok[i].kind);
		assert_string_equal(id, ok[i].id);
	}
	/* and what crm_record_path and crm_log_path write parses back */
	for (i = 0; i < 200; i++) {
		struct crm_buf b = CRM_BUF_INIT;
		char id[CRM_ID_LEN + 1], got[CRM_ID_LEN + 1];
		enum crm_kind k = CRM_NKINDS;
		int kind = (int)(i % 3);

		assert_int_equal(crm_id_new(id), 0);
		crm_record_path(&b, kind, id);
		assert_int_equal(crm_path_parse(&k, got, b.buf), 0);
		assert_int_equal(k, kind);
		assert_string_equal(got, id);
		crm_buf_reset(&b);
		crm_log_path(&b, (int64_t)i * 86400 * 37);
		assert_int_equal(crm_path_parse(&k, got, b.buf), 0);
		assert_int_equal(k, CRM_LOG);
		crm_buf_release(&b);
	}
}

static void
test_record__path_parse_refuses(void **state)
{
	static const char *const bad[] = {
		/* the shard must be the id's first two digits */
		"contacts/xx/3f9a0c7d21e84b65.yaml",
		"contacts/3e/3f9a0c7d21e84b65.yaml",
		"contacts/f3/3f9a0c7d21e84b65.yaml",
		/* case, length and digits of the id */
		"contacts/3f/3F9A0C7D21E84B65.yaml",
		"contacts/3F/3F9A0C7D21E84B65.yaml",
		"contacts/3f/3f9a0c7d21e84b6.yaml",
		"contacts/3f/3f9a0c7d21e84b651.yaml",
		"contacts/3f/3f9a0c7d21e84b6g.yaml",
		"contacts/3f/3f9a0c7d21e84b6-.yaml",
		"contacts/3f/3f9a0c7d 1e84b65.yaml",
		"contacts/3f/.yaml", "contacts/3f/", "contacts/", "contacts",
		/* traversal and odd names */
		"../x", "..", ".", "", "/", ".git", ".git/config",
		"contacts/../x", "contacts/3f/../3f9a0c7d21e84b65.yaml",
		"contacts/../contacts/3f/3f9a0c7d21e84b65.yaml",
		"/contacts/3f/3f9a0c7d21e84b65.yaml",
		"./contacts/3f/3f9a0c7d21e84b65.yaml",
		"contacts//3f/3f9a0c7d21e84b65.yaml",
		"contacts/3f//3f9a0c7d21e84b65.yaml",
		"contacts\\3f\\3f9a0c7d21e84b65.yaml",
		"%2e%2e/contacts/3f/3f9a0c7d21e84b65.yaml",
		"\xef\xbc\x8e\xef\xbc\x8e/x",
		/* extension and folder */
		"contacts/3f/3f9a0c7d21e84b65.yml",
		"contacts/3f/3f9a0c7d21e84b65.YAML",
		"contacts/3f/3f9a0c7d21e84b65.yaml.lock",
		"contacts/3f/3f9a0c7d21e84b65.yaml/",
		"contacts/3f/3f9a0c7d21e84b65.yaml~",
		"contacts/3f/3f9a0c7d21e84b65",
		"contacts/3f9a0c7d21e84b65.yaml",
		"contacts/3f/3f/3f9a0c7d21e84b65.yaml",
		"contact/3f/3f9a0c7d21e84b65.yaml",
		"Contacts/3f/3f9a0c7d21e84b65.yaml",
		"people/3f/3f9a0c7d21e84b65.yaml",
		"log/3f/3f9a0c7d21e84b65.yaml",
		"crm.yaml", ".gitattributes", "segments/vip.yaml",
		/* journals */
		"log/2026/11/2.yaml", "log/2026/1/02.yaml", "log/26/11/02.yaml",
		"log/2026/11/02.yml", "log/2026/11/02.yaml/x",
		"log/2026/11/0a.yaml", "log/2026/11/02", "log/2026/11/",
		"log/2026/1102.yaml", "log/../11/02.yaml", "log/2026/11/../02.yaml",
		"log/2026/11/02.yaml.lock", "log/+026/11/02.yaml",
		"log/2026/11/-2.yaml", "log/2026/11/02.YAML",
	};
	size_t i;

	for (i = 0; i < N(bad); i++) {
		enum crm_kind k = CRM_NKINDS;
		char id[CRM_ID_LEN + 1] = "zzzz";

		if (crm_path_parse(&k, id, bad[i]) != CRM_EDATA)
			fail_msg("%s accepted as a record path (kind %d, id %s)",
				 show(bad[i]), (int)k, show(id));
		assert_string_equal(id, "");
	}
}

/* A journal is a day's file: only paths crm_log_path can write. */
static void
test_record__path_parse_log_needs_a_real_day(void **state)
{
	static const char *const bad[] = {
		"log/2026/13/01.yaml", "log/2026/00/01.yaml",
		"log/2026/11/00.yaml", "log/2026/11/31.yaml",
		"log/2026/02/29.yaml", "log/2026/11/45.yaml",
		"log/0000/00/00.yaml", "log/9999/99/99.yaml",
	};
	size_t i;

	for (i = 0; i < N(bad); i++) {
		enum crm_kind k = CRM_NKINDS;
		char id[CRM_ID_LEN + 1];

		if (crm_path_parse(&k, id, bad[i]) != CRM_EDATA)
			fail_msg("%s accepted: no day has this journal", bad[i]);
	}
}

static void
test_record__field_name_valid(void **state)
{
	static const char *const good[] = {
		"industry", "x", "x-y_z1", "a1", "a-", "a_",
		"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl",
	};
	static const char *const bad[] = {
		"", "Industry", "1x", "my field", "_x", "-x", "x.y", "x/y",
		"\xc3\xbcnits", "x:", "x\n", "a\x1b", "x ", " x", "../x",
		"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklm",
	};
	size_t i;

	for (i = 0; i < N(good); i++)
		if (!crm_field_name_valid(good[i]))
			fail_msg("%s refused", show(good[i]));
	for (i = 0; i < N(bad); i++)
		if (crm_field_name_valid(bad[i]))
			fail_msg("%s accepted as a field name", show(bad[i]));
}

/* ---- crm_record_check ---- */

static struct crm_config *
config(const char *text)
{
	struct crm_config *c = crm_config_new();

	if (text && crm_config_parse(c, text, strlen(text), "crm.yaml") != 0)
		fail_msg("crm.yaml: %s", crm_err_msg());
	return c;
}

/* r must pass the check; the record is freed. */
static void
check_ok(struct crm_record *r, const struct crm_config *c)
{
	if (crm_record_check(r, c, WHERE) != 0)
		fail_msg("refused: %s", crm_err_msg());
}

/*
 * r must be refused with CRM_EDATA and a message that starts with
 * "c.yaml:7: field 'FIELD'" (or with prefix when FIELD starts with
 * "c.yaml") and contains what (may be NULL).  Frees r.
 */
static void
check_bad(const char *label, struct crm_record *r, const struct crm_config *c,
	  const char *field, const char *what)
{
	struct crm_buf want = CRM_BUF_INIT;
	int rc;

	crm_err_clear();
	rc = crm_record_check(r, c, WHERE);
	crm_record_free(r);
	if (rc == 0)
		fail_msg("%s: accepted", label);
	if (rc != CRM_EDATA)
		fail_msg("%s: rc %d, want CRM_EDATA: %s", label, rc,
			 crm_err_msg());
	crm_buf_addf(&want, WHERE ": field '%s'", field);
	if (strncmp(crm_err_msg(), want.buf, want.len) != 0)
		fail_msg("%s: message '%s' does not start with \"%s\"", label,
			 crm_err_msg(), want.buf);
	if (what && !strstr(crm_err_msg(), what))
		fail_msg("%s: message '%s' does not say '%s'", label,
			 crm_err_msg(), what);
	crm_buf_release(&want);
}

static void
test_record__check_minimal_records(void **state)
{
	struct crm_config *c = config(NULL);
	struct crm_record *r;

	r = rec(CRM_CONTACT, "id", ID, "name", "Jane Doe", NULL);
	check_ok(r, c);
	crm_record_free(r);
	r = rec(CRM_ORG, "id", ID, "name", "Acme", NULL);
	check_ok(r, c);
	crm_record_free(r);
	r = rec(CRM_DEAL, "id", ID, "title", "Renewal", NULL);
	check_ok(r, c);
	crm_record_free(r);
	r = rec(CRM_LOG, "id", ID, "at", "2026-11-02T14:03:00Z", "contact",
		ID2, "type", "call", NULL);
	check_ok(r, c);
	crm_record_free(r);
	crm_config_free(c);
}

static void
test_record__check_required(void **state)
{
	struct crm_config *c = config(NULL);
	struct crm_record *r;

	r = rec(CRM_CONTACT, "name", "Jane", NULL);
	assert_int_equal(crm_record_check(r, c, WHERE), CRM_EDATA);
	assert_string_equal(crm_err_msg(), WHERE ": field 'id' is missing");
	crm_record_free(r);
	check_bad("contact without name", rec(CRM_CONTACT, "id", ID, NULL),
		  c, "name", "missing");
	check_bad("contact with empty name",
		  rec(CRM_CONTACT, "id", ID, "name", "", NULL), c, "name",
		  "missing");
	check_bad("org without name",
		  rec(CRM_ORG, "id", ID, "title", "x", NULL), c, "name",
		  "missing");
	check_bad("deal without title",
		  rec(CRM_DEAL, "id", ID, "name", "x", NULL), c, "title",
		  "missing");
	check_bad("log without at",
		  rec(CRM_LOG, "id", ID, "contact", ID2, "type", "call", NULL),
		  c, "at", "missing");
	check_bad("log without contact",
		  rec(CRM_LOG, "id", ID, "at", "2026-11-02", "type", "call",
		      NULL), c, "contact", "missing");
	check_bad("log without type",
		  rec(CRM_LOG, "id", ID, "at", "2026-11-02", "contact", ID2,
		      NULL), c, "type", "missing");
	r = rec(CRM_CONTACT, "id", ID, NULL);
	crm_record_set_list(r, "name");
	check_bad("name as an empty list", r, c, "name", NULL);
	crm_config_free(c);
}

static void
test_record__check_id(void **state)
{
	static const char *const bad[] = {
		"3F9A0C7D21E84B65", "3f9a", "3f9a0c7d21e84b651", "../x", "",
		"3f9a0c7d21e84b6g", "1234",
	};
	struct crm_config *c = config(NULL);
	struct crm_record *r;
	size_t i;

	for (i = 0; i < N(bad); i++)
		check_bad(bad[i], rec(CRM_CONTACT, "id", bad[i], "name", "x",
				      NULL), c, "id", NULL);
	/* an id that YAML read as a number is still an id */
	r = crm_record_new(CRM_CONTACT);
	crm_record_set(r, "id", "1234567890123456", 1);
	crm_record_set(r, "name", "x", 0);
	check_ok(r, c);
	assert_false(crm_record_plain(r, 0, 0));
	crm_record_free(r);
	/* one id, not a list */
	r = rec(CRM_CONTACT, "id", "[" ID "]", "name", "x", NULL);
	check_bad("id as a list", r, c, "id", NULL);
	crm_config_free(c);
}

static void
test_record__check_emails(void **state)
{
	static const char *const good[] = {
		"jane@acme.example", "j.d+tag@sub.acme.example",
		"Jane.Doe@ACME.EXAMPLE", "x@y.z", "o'brien@acme.example",
		"\xc3\xa9lise@acme.example",
	};
	static const char *const bad[] = {
		"jane", "jane@", "@acme.example", "jane@acme", "jane@acme.",
		"a b@acme.example", "a@b@acme.example", "<a@acme.example>",
		"Jane <jane@acme.example>", "a@acme.example,b@acme.example",
		"", " a@acme.example", "a@acme.example ", "a@acme\n.example",
	};
	struct crm_config *c = config(NULL);
	struct crm_record *r;
	size_t i;

	for (i = 0; i < N(good); i++) {
		r = rec(CRM_CONTACT, "id", ID, "name", "x", NULL);
		crm_record_add(r, "email", good[i], 0);
		if (crm_record_check(r, c, WHERE) != 0)
			fail_msg("%s refused: %s", show(good[i]),
				 crm_err_msg());
		crm_record_free(r);
	}
	for (i = 0; i < N(bad); i++) {
		r = rec(CRM_CONTACT, "id", ID, "name", "x", NULL);
		crm_record_add(r, "email", "ok@acme.example", 0);
		crm_record_add(r, "email", bad[i], 0);
		check_bad(show(bad[i]), r, c, "email", NULL);
	}
	/* "email: jane@acme.example" is a list of one */
	r = rec(CRM_CONTACT, "id", ID, "name", "x", "email",
		"jane@acme.example", NULL);
	check_ok(r, c);
	assert_true(crm_record_is_list(r, (size_t)crm_record_find(r, "email")));
	crm_record_free(r);
	r = rec(CRM_CONTACT, "id", ID, "name", "x", "email", "jane", NULL);
	check_bad("scalar email", r, c, "email", "jane");
	crm_config_free(c);
}

/* The value of key after the check, and its plainness in *plain. */
static const char *
after(struct crm_record *r, const char *key, int *plain)
{
	long i = crm_record_find(r, key);

	assert_true(i >= 0);
	*plain = crm_record_plain(r, (size_t)i, 0);
	return crm_record_value(r, (size_t)i, 0);
}

static void
test_record__check_dates(void **state)
{
	static const struct {
		const char *in, *out;
	} dates[] = {
		{ "2026-11-02", "2026-11-02" },
		{ "2026-11-02 14:03", "2026-11-02T14:03:00Z" },
		{ "2026-11-02T14:03", "2026-11-02T14:03:00Z" },
		{ "2026-11-02T14:03:00Z", "2026-11-02T14:03:00Z" },
		{ "2026-11-02T16:03:00+02:00", "2026-11-02T14:03:00Z" },
		{ "2026-11-02T14:03:59.999Z", "2026-11-02T14:03:59Z" },
	};
	struct crm_config *c = config(NULL);
	struct crm_record *r;
	size_t i;
	int plain;

	for (i = 0; i < N(dates); i++) {
		r = rec(CRM_DEAL, "id", ID, "title", "t", "close", dates[i].in,
			"created", dates[i].in, NULL);
		check_ok(r, c);
		assert_string_equal(after(r, "close", &plain), dates[i].out);
		assert_true(plain);
		assert_string_equal(after(r, "created", &plain), dates[i].out);
		crm_record_free(r);
	}
	/* quoted in the file, still a date */
	r = rec(CRM_DEAL, "id", ID, "title", "t", NULL);
	crm_record_set(r, "close", "2026-11-02", 0);
	check_ok(r, c);
	assert_string_equal(after(r, "close", &plain), "2026-11-02");
	assert_true(plain);
	crm_record_free(r);
	/* and the date of a journal entry */
	r = rec(CRM_LOG, "id", ID, "at", "2026-11-02 14:03", "contact", ID2,
		"type", "task", "due", "2026-11-09", NULL);
	check_ok(r, c);
	assert_string_equal(after(r, "at", &plain), "2026-11-02T14:03:00Z");
	assert_string_equal(after(r, "due", &plain), "2026-11-09");
	crm_record_free(r);

	check_bad("30 February", rec(CRM_DEAL, "id", ID, "title", "t", "close",
				     "2026-02-30", NULL), c, "close", NULL);
	check_bad("not a date", rec(CRM_DEAL, "id", ID, "title", "t", "close",
				    "next week", NULL), c, "close", NULL);
	check_bad("empty date", rec(CRM_CONTACT, "id", ID, "name", "t",
				    "created", "", NULL), c, "created", NULL);
	check_bad("day first", rec(CRM_CONTACT, "id", ID, "name", "t",
				   "updated", "02/11/2026", NULL), c,
		  "updated", NULL);
	check_bad("at", rec(CRM_LOG, "id", ID, "at", "2026-13-01", "contact",
			    ID2, "type", "call", NULL), c, "at", NULL);
	crm_config_free(c);
}

static void
test_record__check_money(void **state)
{
	struct crm_config *eur = config(NULL);
	struct crm_config *jpy = config("currency: JPY\n");
	struct crm_record *r;
	int plain;

	r = rec(CRM_DEAL, "id", ID, "title", "t", "amount", "12000", NULL);
	check_ok(r, eur);
	assert_string_equal(after(r, "amount", &plain), "12000.00");
	assert_true(plain);
	crm_record_free(r);
	r = rec(CRM_DEAL, "id", ID, "title", "t", "amount", "12000.5", NULL);
	check_ok(r, eur);
	assert_string_equal(after(r, "amount", &plain), "12000.50");
	crm_record_free(r);
	r = rec(CRM_DEAL, "id", ID, "title", "t", "amount", "-0.5", NULL);
	check_ok(r, eur);
	assert_string_equal(after(r, "amount", &plain), "-0.50");
	crm_record_free(r);
	/* quoted in the file, still money */
	r = rec(CRM_DEAL, "id", ID, "title", "t", NULL);
	crm_record_set(r, "amount", "99.9", 0);
	check_ok(r, eur);
	assert_string_equal(after(r, "amount", &plain), "99.90");
	assert_true(plain);
	crm_record_free(r);
	/* the record's currency decides the decimals */
	r = rec(CRM_DEAL, "id", ID, "title", "t", "amount", "12000",
		"currency", "JPY", NULL);
	check_ok(r, eur);
	assert_string_equal(after(r, "amount", &plain), "12000");
	crm_record_free(r);
	r = rec(CRM_DEAL, "id", ID, "title", "t", "amount", "1.5",
		"currency", "BHD", NULL);
	check_ok(r, eur);
	assert_string_equal(after(r, "amount", &plain), "1.500");
	crm_record_free(r);
	r = rec(CRM_DEAL, "currency", "JPY", "amount", "12000.00", "title",
		"t", "id", ID, NULL);
	check_ok(r, eur);
	assert_string_equal(after(r, "amount", &plain), "12000");
	crm_record_free(r);
	/* else the store's */
	r = rec(CRM_DEAL, "id", ID, "title", "t", "amount", "12000", NULL);
	check_ok(r, jpy);
	assert_string_equal(after(r, "amount", &plain), "12000");
	crm_record_free(r);
	r = rec(CRM_DEAL, "id", ID, "title", "t", "amount", "12000",
		"currency", "EUR", NULL);
	check_ok(r, jpy);
	assert_string_equal(after(r, "amount", &plain), "12000.00");
	crm_record_free(r);
	/* purchases in the journal */
	r = rec(CRM_LOG, "id", ID, "at", "2026-11-02", "contact", ID2, "type",
		"purchase", "amount", "19.9", NULL);
	check_ok(r, eur);
	assert_string_equal(after(r, "amount", &plain), "19.90");
	crm_record_free(r);

	check_bad("JPY with decimals",
		  rec(CRM_DEAL, "id", ID, "title", "t", "amount", "12000.5",
		      "currency", "JPY", NULL), eur, "amount", "decimals");
	check_bad("store JPY with decimals",
		  rec(CRM_DEAL, "id", ID, "title", "t", "amount", "0.5", NULL),
		  jpy, "amount", "decimals");
	check_bad("EUR with 3 decimals",
		  rec(CRM_DEAL, "id", ID, "title", "t", "amount", "1.234",
		      NULL), eur, "amount", "decimals");
	check_bad("thousands separator",
		  rec(CRM_DEAL, "id", ID, "title", "t", "amount", "12,000",
		      NULL), eur, "amount", NULL);
	check_bad("exponent",
		  rec(CRM_DEAL, "id", ID, "title", "t", "amount", "1e5", NULL),
		  eur, "amount", NULL);
	check_bad("with a currency sign",
		  rec(CRM_DEAL, "id", ID, "title", "t", "amount", "$12", NULL),
		  eur, "amount", NULL);
	check_bad("log amount",
		  rec(CRM_LOG, "id", ID, "at", "2026-11-02", "contact", ID2,
		      "type", "refund", "amount", "ten", NULL), eur, "amount",
		  NULL);
	crm_config_free(eur);
	crm_config_free(jpy);
}

/* A record's currency is an ISO 4217 code, as in crm.yaml. */
static void
test_record__check_currency_code(void **state)
{
	static const char *const bad[] = {
		"euro", "EURO", "\xe2\x82\xac", "12", "", "E", "US$",
	};
	struct crm_config *c = config(NULL);
	struct crm_record *r;
	size_t i;

	r = rec(CRM_DEAL, "id", ID, "title", "t", "amount", "5", "currency",
		"USD", NULL);
	check_ok(r, c);
	crm_record_free(r);
	for (i = 0; i < N(bad); i++)
		check_bad(show(bad[i]),
			  rec(CRM_DEAL, "id", ID, "title", "t", "amount", "5",
			      "currency", bad[i], NULL), c, "currency", NULL);
	crm_config_free(c);
}

static void
test_record__check_probability(void **state)
{
	static const struct {
		const char *in, *out;
	} ok[] = {
		{ "0", "0" }, { "50", "50" }, { "100", "100" }, { "050", "50" },
		{ "+5", "5" },
	};
	static const char *const bad[] = {
		"101", "-1", "50.5", "abc", "1e2", "", "1000000000000000000000",
	};
	struct crm_config *c = config(NULL);
	struct crm_record *r;
	size_t i;
	int plain;

	for (i = 0; i < N(ok); i++) {
		r = rec(CRM_DEAL, "id", ID, "title", "t", "probability",
			ok[i].in, NULL);
		check_ok(r, c);
		assert_string_equal(after(r, "probability", &plain), ok[i].out);
		assert_true(plain);
		crm_record_free(r);
	}
	for (i = 0; i < N(bad); i++) {
		crm_err_clear();
		r = rec(CRM_DEAL, "id", ID, "title", "t", "probability", bad[i],
			NULL);
		assert_int_equal(crm_record_check(r, c, WHERE), CRM_EDATA);
		crm_record_free(r);
		if (strncmp(crm_err_msg(), WHERE ": field",
			    strlen(WHERE ": field")) != 0 ||
		    !strstr(crm_err_msg(), "probability"))
			fail_msg("probability %s: message '%s'", show(bad[i]),
				 crm_err_msg());
	}
	crm_config_free(c);
}

static void
test_record__check_stage(void **state)
{
	static const char *const stages[] = {
		"lead", "qualified", "proposal", "negotiation", "won", "lost",
	};
	struct crm_config *c = config(NULL);
	struct crm_config *own = config("pipeline:\n  discovery: 5\n  "
					"signed: 100\n");
	struct crm_record *r;
	size_t i;

	for (i = 0; i < N(stages); i++) {
		r = rec(CRM_DEAL, "id", ID, "title", "t", "stage", stages[i],
			NULL);
		check_ok(r, c);
		crm_record_free(r);
	}
	check_bad("closed", rec(CRM_DEAL, "id", ID, "title", "t", "stage",
				"closed", NULL), c, "stage",
		  "lead, qualified, proposal, negotiation, won, lost");
	check_bad("empty stage", rec(CRM_DEAL, "id", ID, "title", "t",
				     "stage", "", NULL), c, "stage", NULL);
	r = rec(CRM_DEAL, "id", ID, "title", "t", "stage", "discovery", NULL);
	check_ok(r, own);
	crm_record_free(r);
	check_bad("default stage, own pipeline",
		  rec(CRM_DEAL, "id", ID, "title", "t", "stage", "won", NULL),
		  own, "stage", "discovery, signed");
	/* a contact's stage is its lifecycle, not the pipeline */
	r = rec(CRM_CONTACT, "id", ID, "name", "n", "stage", "customer", NULL);
	check_ok(r, c);
	crm_record_free(r);
	crm_config_free(c);
	crm_config_free(own);
}

static void
test_record__check_log_type(void **state)
{
	static const char *const types[] = {
		"call", "email", "meeting", "note", "purchase", "refund",
		"support", "task",
	};
	static const char *const bad[] = {
		"visit", "", "calls", "call ", "sms",
	};
	struct crm_config *c = config(NULL);
	struct crm_record *r;
	size_t i;

	for (i = 0; i < N(types); i++) {
		r = rec(CRM_LOG, "id", ID, "at", "2026-11-02", "contact", ID2,
			"type", types[i], NULL);
		check_ok(r, c);
		crm_record_free(r);
	}
	for (i = 0; i < N(bad); i++)
		check_bad(show(bad[i]),
			  rec(CRM_LOG, "id", ID, "at", "2026-11-02", "contact",
			      ID2, "type", bad[i], NULL), c, "type", NULL);
	crm_config_free(c);
}

static void
test_record__check_refs_and_bools(void **state)
{
	struct crm_config *c = config(NULL);
	struct crm_record *r;
	int plain;

	r = rec(CRM_CONTACT, "id", ID, "name", "n", "org", ID2, "dnc", "yes",
		NULL);
	check_ok(r, c);
	assert_string_equal(after(r, "org", &plain), ID2);
	assert_string_equal(after(r, "dnc", &plain), "true");
	assert_true(plain);
	crm_record_free(r);
	r = rec(CRM_CONTACT, "id", ID, "name", "n", "dnc", "no", NULL);
	check_ok(r, c);
	assert_string_equal(after(r, "dnc", &plain), "false");
	crm_record_free(r);
	check_bad("org by name", rec(CRM_CONTACT, "id", ID, "name", "n", "org",
				     "Acme", NULL), c, "org", NULL);
	check_bad("deal contact", rec(CRM_DEAL, "id", ID, "title", "t",
				      "contact", "3f9a", NULL), c, "contact",
		  NULL);
	check_bad("log contact", rec(CRM_LOG, "id", ID, "at", "2026-11-02",
				     "contact", "jane@acme.example", "type",
				     "call", NULL), c, "contact", NULL);
	check_bad("log deal", rec(CRM_LOG, "id", ID, "at", "2026-11-02",
				  "contact", ID2, "type", "call", "deal",
				  "../x", NULL), c, "deal", NULL);
	check_bad("dnc maybe", rec(CRM_CONTACT, "id", ID, "name", "n", "dnc",
				   "maybe", NULL), c, "dnc", NULL);
	crm_config_free(c);
}

static void
test_record__check_controls(void **state)
{
	static const char *const names[] = {
		"Jane\x1b[31m", "a\nb", "a\rb", "a\x7f", "a\x01", "\x1b",
		"a\x08",
	};
	struct crm_config *c = config(NULL);
	struct crm_record *r;
	size_t i;

	for (i = 0; i < N(names); i++) {
		check_bad(show(names[i]),
			  rec(CRM_CONTACT, "id", ID, "name", names[i], NULL), c,
			  "name", "control");
		check_bad(show(names[i]),
			  rec(CRM_ORG, "id", ID, "name", "Acme", "city",
			      names[i], NULL), c, "city", "control");
	}
	r = rec(CRM_CONTACT, "id", ID, "name", "n", NULL);
	crm_record_add(r, "tags", "ok", 0);
	crm_record_add(r, "tags", "a\x1b" "b", 0);
	check_bad("tag", r, c, "tags", "control");
	check_bad("deal title", rec(CRM_DEAL, "id", ID, "title", "a\nb", NULL),
		  c, "title", "control");
	/* newlines are text in summaries, bodies and custom fields */
	r = rec(CRM_LOG, "id", ID, "at", "2026-11-02", "contact", ID2, "type",
		"note", "summary", "two\nlines", "body", "a\n\nb\n", NULL);
	check_ok(r, c);
	crm_record_free(r);
	r = rec(CRM_CONTACT, "id", ID, "name", "n", "notes",
		"line one\nline two\n", NULL);
	check_ok(r, c);
	crm_record_free(r);
	/* but not other controls */
	check_bad("summary ESC", rec(CRM_LOG, "id", ID, "at", "2026-11-02",
				     "contact", ID2, "type", "note",
				     "summary", "a\x1b[2Jb", NULL), c,
		  "summary", "control");
	check_bad("custom ESC", rec(CRM_CONTACT, "id", ID, "name", "n",
				    "notes", "a\x1b" "b", NULL), c, "notes",
		  "control");
	crm_config_free(c);
}

/*
 * C1 controls (U+0080 to U+009F) are controls too: U+009B is the 8-bit
 * CSI that some terminals obey like ESC [, U+0085 is a line break.
 */
static void
test_record__check_c1_controls(void **state)
{
	static const char *const names[] = {
		"Jane\xc2\x9b" "31m", "a\xc2\x85" "b", "\xc2\x80", "a\xc2\x9f",
	};
	struct crm_config *c = config(NULL);
	size_t i;

	for (i = 0; i < N(names); i++)
		check_bad(show(names[i]),
			  rec(CRM_CONTACT, "id", ID, "name", names[i], NULL), c,
			  "name", "control");
	crm_config_free(c);
}

static void
test_record__check_field_names(void **state)
{
	static const char *const good[] = {
		"industry", "x", "x-y_z1", "a1",
		"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl",
	};
	static const char *const bad[] = {
		"Industry", "1x", "my field", "_x", "-x", "x.y", "x/y",
		"\xc3\xbcnits", "", "x:", "x\n", "INDUSTRY", "a\x1b",
		"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklm",
	};
	struct crm_config *c = config(NULL);
	struct crm_record *r;
	size_t i;

	for (i = 0; i < N(good); i++) {
		r = rec(CRM_CONTACT, "id", ID, "name", "n", good[i], "v", NULL);
		if (crm_record_check(r, c, WHERE) != 0)
			fail_msg("field name %s refused: %s", show(good[i]),
				 crm_err_msg());
		crm_record_free(r);
	}
	for (i = 0; i < N(bad); i++)
		check_bad(show(bad[i]),
			  rec(CRM_CONTACT, "id", ID, "name", "n", bad[i], "v",
			      NULL), c, bad[i], "field name");
	crm_config_free(c);
}

static void
test_record__check_lists_and_scalars(void **state)
{
	struct crm_config *c = config("fields:\n  langs: list\n  score: int\n");
	struct crm_record *r;

	r = rec(CRM_CONTACT, "id", ID, "name", "n", "tags", "vip", "langs",
		"fr", "phone", "+33 1", NULL);
	check_ok(r, c);
	assert_true(crm_record_is_list(r, (size_t)crm_record_find(r, "tags")));
	assert_true(crm_record_is_list(r, (size_t)crm_record_find(r, "langs")));
	assert_true(crm_record_is_list(r, (size_t)crm_record_find(r, "phone")));
	crm_record_free(r);
	check_bad("name as a list",
		  rec(CRM_CONTACT, "id", ID, "name", "[a,b]", NULL), c, "name",
		  "list");
	check_bad("declared int as a list",
		  rec(CRM_CONTACT, "id", ID, "name", "n", "score", "[1,2]",
		      NULL), c, "score", "list");
	check_bad("amount as a list",
		  rec(CRM_DEAL, "id", ID, "title", "t", "amount", "[1,2]",
		      NULL), c, "amount", "list");
	/* undeclared custom fields may be either */
	r = rec(CRM_CONTACT, "id", ID, "name", "n", "hobbies", "[a,b]",
		"zip", "01234", NULL);
	check_ok(r, c);
	crm_record_free(r);
	crm_config_free(c);
}

/* Text fields are strings whatever YAML read; custom fields keep theirs. */
static void
test_record__check_plainness(void **state)
{
	struct crm_config *c = config(NULL);
	struct crm_record *r;
	struct crm_buf y = CRM_BUF_INIT;
	int plain;

	r = rec(CRM_CONTACT, "id", ID, "name", "1.10", "title", "no",
		"country", "NO", "score", "42", "zip", "01234", "since",
		"2026-11-02", NULL);
	crm_record_set(r, "quoted", "42", 0);
	check_ok(r, c);
	assert_string_equal(after(r, "name", &plain), "1.10");
	assert_false(plain);
	assert_string_equal(after(r, "country", &plain), "NO");
	assert_false(plain);
	after(r, "title", &plain);
	assert_false(plain);
	after(r, "score", &plain);
	assert_true(plain);
	after(r, "since", &plain);
	assert_true(plain);
	after(r, "zip", &plain);
	assert_true(plain == crm_yaml_ambiguous("01234"));
	after(r, "quoted", &plain);
	assert_false(plain);
	assert_int_equal(crm_yaml_write(&y, r, 0), 0);
	assert_string_equal(y.buf,
			    "id: " ID "\n"
			    "name: '1.10'\n"
			    "title: 'no'\n"
			    "country: 'NO'\n"
			    "quoted: '42'\n"
			    "score: 42\n"
			    "since: 2026-11-02\n"
			    "zip: 01234\n");
	crm_buf_release(&y);
	crm_record_free(r);
	crm_config_free(c);
}

/* The check puts the fields in the store's order. */
static void
test_record__check_sorts(void **state)
{
	struct crm_config *c = config(NULL);
	struct crm_record *r;

	r = rec(CRM_CONTACT, "zeta", "z", "email", "[a@b.example]", "name",
		"n", "alpha", "a", "id", ID, NULL);
	check_ok(r, c);
	ASSERT_KEYS(r, "id name email alpha zeta");
	crm_record_free(r);
	crm_config_free(c);
}

static void
test_record__check_declared_fields(void **state)
{
	struct crm_config *c = config("fields:\n"
				      "  revenue: money\n"
				      "  employees: int\n"
				      "  since: date\n"
				      "  active: bool\n"
				      "  score: number\n"
				      "  notes: text\n");
	struct crm_record *r;
	int plain;

	r = rec(CRM_ORG, "id", ID, "name", "Acme", "revenue", "12000",
		"employees", "007", "since", "2026-11-02 14:03", "active",
		"yes", "score", "+1.50", "notes", "42", NULL);
	check_ok(r, c);
	assert_string_equal(after(r, "revenue", &plain), "12000.00");
	assert_true(plain);
	assert_string_equal(after(r, "employees", &plain), "7");
	assert_true(plain);
	assert_string_equal(after(r, "since", &plain), "2026-11-02T14:03:00Z");
	assert_string_equal(after(r, "active", &plain), "true");
	assert_string_equal(after(r, "score", &plain), "1.50");
	assert_true(plain);
	assert_string_equal(after(r, "notes", &plain), "42");
	assert_false(plain);
	crm_record_free(r);
	check_bad("employees 12.5", rec(CRM_ORG, "id", ID, "name", "Acme",
					"employees", "12.5", NULL), c,
		  "employees", "12.5");
	check_bad("revenue 1.234", rec(CRM_ORG, "id", ID, "name", "Acme",
				       "revenue", "1.234", NULL), c, "revenue",
		  NULL);
	check_bad("since never", rec(CRM_ORG, "id", ID, "name", "Acme",
				     "since", "never", NULL), c, "since", NULL);
	check_bad("active 2", rec(CRM_ORG, "id", ID, "name", "Acme", "active",
				  "2", NULL), c, "active", NULL);
	check_bad("score x", rec(CRM_ORG, "id", ID, "name", "Acme", "score",
				 "x", NULL), c, "score", NULL);
	crm_config_free(c);
}

/* ---- crm_value_coerce ---- */

/*
 * coerce(value) for key of kind must give want with plainness plain;
 * want NULL means CRM_EDATA with a message naming key.
 */
static void
coerce_is(const struct crm_config *c, enum crm_kind k, const char *key,
	  const char *value, const char *want, int plain)
{
	struct crm_buf out = CRM_BUF_INIT;
	int rc;

	crm_buf_adds(&out, "left over");
	rc = crm_value_coerce(&out, c, k, key, value);
	if (!want) {
		if (rc != CRM_EDATA)
			fail_msg("%s %s: accepted as %s (%d)", key, show(value),
				 show(out.buf), rc);
		if (!strstr(crm_err_msg(), key))
			fail_msg("%s %s: message '%s' does not name the field",
				 key, show(value), crm_err_msg());
	} else {
		if (rc < 0)
			fail_msg("%s %s: %s", key, show(value), crm_err_msg());
		if (strcmp(crm_buf_str(&out), want) != 0 || rc != plain)
			fail_msg("%s %s: got %s plain %d, want %s plain %d",
				 key, show(value), show(crm_buf_str(&out)), rc,
				 show(want), plain);
	}
	crm_buf_release(&out);
}

static void
test_record__coerce_declared(void **state)
{
	struct crm_config *c = config("fields:\n"
				      "  revenue: money\n"
				      "  employees: int\n"
				      "  since: date\n"
				      "  active: bool\n"
				      "  score: number\n"
				      "  notes: text\n"
				      "  langs: list\n");
	struct crm_config *jpy = config("currency: JPY\nfields:\n"
					"  revenue: money\n");

	coerce_is(c, CRM_CONTACT, "revenue", "12000", "12000.00", 1);
	coerce_is(jpy, CRM_CONTACT, "revenue", "12000", "12000", 1);
	coerce_is(jpy, CRM_CONTACT, "revenue", "1.5", NULL, 0);
	coerce_is(c, CRM_CONTACT, "revenue", "12,000", NULL, 0);
	coerce_is(c, CRM_CONTACT, "employees", "007", "7", 1);
	coerce_is(c, CRM_CONTACT, "employees", "-3", "-3", 1);
	coerce_is(c, CRM_CONTACT, "employees", "12.5", NULL, 0);
	coerce_is(c, CRM_CONTACT, "employees", "many", NULL, 0);
	coerce_is(c, CRM_CONTACT, "since", "2026-11-02", "2026-11-02", 1);
	coerce_is(c, CRM_CONTACT, "since", "2026-11-02 14:03",
		  "2026-11-02T14:03:00Z", 1);
	coerce_is(c, CRM_CONTACT, "since", "2026-02-30", NULL, 0);
	coerce_is(c, CRM_CONTACT, "active", "yes", "true", 1);
	coerce_is(c, CRM_CONTACT, "active", "TRUE", "true", 1);
	coerce_is(c, CRM_CONTACT, "active", "0", "false", 1);
	coerce_is(c, CRM_CONTACT, "active", "No", "false", 1);
	coerce_is(c, CRM_CONTACT, "active", "perhaps", NULL, 0);
	coerce_is(c, CRM_CONTACT, "score", "1.50", "1.50", 1);
	coerce_is(c, CRM_CONTACT, "score", "+2", "2", 1);
	coerce_is(c, CRM_CONTACT, "score", "1e5", NULL, 0);
	coerce_is(c, CRM_CONTACT, "notes", "42", "42", 0);
	coerce_is(c, CRM_CONTACT, "notes", "no", "no", 0);
	coerce_is(c, CRM_CONTACT, "langs", "fr", "fr", 0);
	coerce_is(c, CRM_CONTACT, "langs", "true", "true", 0);
	crm_config_free(c);
	crm_config_free(jpy);
}

static void
test_record__coerce_core(void **state)
{
	struct crm_config *c = config(NULL);

	coerce_is(c, CRM_CONTACT, "created", "2026-11-02 14:03",
		  "2026-11-02T14:03:00Z", 1);
	coerce_is(c, CRM_CONTACT, "name", "123", "123", 0);
	coerce_is(c, CRM_CONTACT, "name", "yes", "yes", 0);
	coerce_is(c, CRM_CONTACT, "tags", "vip", "vip", 0);
	coerce_is(c, CRM_CONTACT, "tags", "2026", "2026", 0);
	coerce_is(c, CRM_CONTACT, "org", ID2, ID2, 0);
	coerce_is(c, CRM_CONTACT, "org", "1234567890123456", "1234567890123456",
		  0);
	coerce_is(c, CRM_CONTACT, "org", "Acme", NULL, 0);
	coerce_is(c, CRM_CONTACT, "dnc", "yes", "true", 1);
	coerce_is(c, CRM_DEAL, "amount", "12000", "12000.00", 1);
	coerce_is(c, CRM_DEAL, "probability", "050", "50", 1);
	coerce_is(c, CRM_DEAL, "probability", "half", NULL, 0);
	coerce_is(c, CRM_DEAL, "close", "2026-11-02", "2026-11-02", 1);
	coerce_is(c, CRM_LOG, "at", "2026-11-02T16:03:00+02:00",
		  "2026-11-02T14:03:00Z", 1);
	coerce_is(c, CRM_LOG, "summary", "1.10", "1.10", 0);
	/* an org's "email" is a custom field: guessed */
	coerce_is(c, CRM_ORG, "email", "a@b.example", "a@b.example", 0);
	crm_config_free(c);
}

static void
test_record__coerce_guess(void **state)
{
	static const struct {
		const char *v;
		int plain;
	} cases[] = {
		/* numbers are plain, as JSON spells them */
		{ "42", 1 }, { "-3.5", 1 }, { "0", 1 }, { "0.5", 1 },
		{ "-0.5", 1 }, { "12000.00", 1 }, { "-0", 1 },
		{ "+5", 0 }, { ".5", 0 }, { "5.", 0 }, { "-", 0 },
		/* leading zeros are text: postcodes, phone numbers */
		{ "01234", 0 }, { "-01234", 0 }, { "007", 0 }, { "00", 0 },
		/* true and false are plain, other spellings are text */
		{ "true", 1 }, { "false", 1 }, { "yes", 0 }, { "no", 0 },
		{ "True", 0 }, { "on", 0 }, { "y", 0 },
		/* dates in the canonical form are plain */
		{ "2026-11-02", 1 }, { "2026-11-02T14:03:00Z", 1 },
		{ "2026-11-02 14:03", 0 }, { "2026-02-30", 0 },
		/* the rest is text */
		{ "hello", 0 }, { "", 0 }, { "1e5", 0 }, { "1,5", 0 },
		{ "1 000", 0 }, { "0x1F", 0 }, { "12:30", 0 }, { "null", 0 },
		{ "~", 0 }, { ".inf", 0 }, { "98fa48427542aea9", 0 },
		{ "1234567890123456", 1 },
	};
	struct crm_config *c = config(NULL);
	size_t i;

	for (i = 0; i < N(cases); i++)
		coerce_is(c, CRM_CONTACT, "custom", cases[i].v, cases[i].v,
			  cases[i].plain);
	/* without a config, too */
	coerce_is(NULL, CRM_CONTACT, "custom", "42", "42", 1);
	crm_config_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record__new),
		cmocka_unit_test(test_record__set_get),
		cmocka_unit_test(test_record__set_replaces_a_list),
		cmocka_unit_test(test_record__unset),
		cmocka_unit_test(test_record__add_dedupes_any_case),
		cmocka_unit_test(test_record__add_to_a_scalar),
		cmocka_unit_test(test_record__append),
		cmocka_unit_test(test_record__remove),
		cmocka_unit_test(test_record__sort),
		cmocka_unit_test(test_record__dup),
		cmocka_unit_test(test_record__kinds),
		cmocka_unit_test(test_record__types),
		cmocka_unit_test(test_record__schema),
		cmocka_unit_test(test_record__id_new),
		cmocka_unit_test(test_record__id_valid),
		cmocka_unit_test(test_record__id_prefix_valid),
		cmocka_unit_test(test_record__paths),
		cmocka_unit_test(test_record__path_parse_accepts),
		cmocka_unit_test(test_record__path_parse_refuses),
		cmocka_unit_test(test_record__path_parse_log_needs_a_real_day),
		cmocka_unit_test(test_record__field_name_valid),
		cmocka_unit_test(test_record__check_minimal_records),
		cmocka_unit_test(test_record__check_required),
		cmocka_unit_test(test_record__check_id),
		cmocka_unit_test(test_record__check_emails),
		cmocka_unit_test(test_record__check_dates),
		cmocka_unit_test(test_record__check_money),
		cmocka_unit_test(test_record__check_currency_code),
		cmocka_unit_test(test_record__check_probability),
		cmocka_unit_test(test_record__check_stage),
		cmocka_unit_test(test_record__check_log_type),
		cmocka_unit_test(test_record__check_refs_and_bools),
		cmocka_unit_test(test_record__check_controls),
		cmocka_unit_test(test_record__check_c1_controls),
		cmocka_unit_test(test_record__check_field_names),
		cmocka_unit_test(test_record__check_lists_and_scalars),
		cmocka_unit_test(test_record__check_plainness),
		cmocka_unit_test(test_record__check_sorts),
		cmocka_unit_test(test_record__check_declared_fields),
		cmocka_unit_test(test_record__coerce_declared),
		cmocka_unit_test(test_record__coerce_core),
		cmocka_unit_test(test_record__coerce_guess),
		cmocka_unit_test(test_record__sort_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
