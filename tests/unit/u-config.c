/*
 * u-config.c: unit tests of common/config.c, the store's crm.yaml: the
 * defaults (EUR, the pipeline lead 10 ... lost 0), parsing a full file,
 * refusals with the line they are on (currency, probabilities, types,
 * a schema newer than this crm), and write then parse round trips.
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

static char *
written(const struct crm_config *c)
{
	struct crm_buf b = CRM_BUF_INIT;

	crm_config_write(&b, c);
	return crm_buf_detach(&b);
}

static void
parse_ok(struct crm_config *c, const char *text)
{
	if (crm_config_parse(c, text, strlen(text), "crm.yaml") != 0)
		fail_msg("refused: %s\n%s", crm_err_msg(), text);
}

static const char *const default_stages[] = {
	"lead", "qualified", "proposal", "negotiation", "won", "lost",
};
static const int default_probs[] = { 10, 25, 50, 75, 100, 0 };

static void
assert_defaults(const struct crm_config *c)
{
	size_t i;

	assert_string_equal(crm_config_currency(c), "EUR");
	assert_int_equal(crm_config_nstages(c), N(default_stages));
	for (i = 0; i < N(default_stages); i++) {
		assert_string_equal(crm_config_stage(c, i), default_stages[i]);
		assert_int_equal(crm_config_probability(c, default_stages[i]),
				 default_probs[i]);
	}
	assert_null(crm_config_stage(c, N(default_stages)));
	assert_int_equal(crm_config_type(c, CRM_CONTACT, "revenue"), -1);
}

static void
test_config__defaults(void **state)
{
	struct crm_config *c = crm_config_new();
	char *w;

	assert_defaults(c);
	assert_int_equal(crm_config_probability(c, "closed"), -1);
	assert_int_equal(crm_config_probability(c, "Won"), -1);
	assert_int_equal(crm_config_probability(c, ""), -1);
	/* the core schema answers for core fields */
	assert_int_equal(crm_config_type(c, CRM_CONTACT, "email"), CRM_T_LIST);
	assert_int_equal(crm_config_type(c, CRM_DEAL, "amount"), CRM_T_MONEY);
	assert_int_equal(crm_config_type(c, CRM_CONTACT, "amount"), -1);
	assert_int_equal(crm_config_type(NULL, CRM_DEAL, "close"), CRM_T_DATE);
	assert_int_equal(crm_config_type(NULL, CRM_DEAL, "x"), -1);
	w = written(c);
	assert_non_null(strstr(w, "schema: 1\n"));
	assert_non_null(strstr(w, "currency: EUR\n"));
	assert_non_null(strstr(w, "pipeline:\n  lead: 10\n  qualified: 25\n"
			       "  proposal: 50\n  negotiation: 75\n"
			       "  won: 100\n  lost: 0\n"));
	assert_null(strstr(w, "fields:"));
	free(w);
	crm_config_free(c);
	crm_config_free(NULL);
}

/* Empty files, comments and an empty document are the defaults. */
static void
test_config__empty(void **state)
{
	static const char *const texts[] = {
		"", "\n", "# nothing yet\n", "---\n", "---\n...\n",
		"schema: 1\n",
	};
	size_t i;

	for (i = 0; i < N(texts); i++) {
		struct crm_config *c = crm_config_new();

		parse_ok(c, texts[i]);
		assert_defaults(c);
		crm_config_free(c);
	}
}

static const char full[] =
	"# crm store settings\n"		/* 1 */
	"schema: 1\n"				/* 2 */
	"currency: USD\n"			/* 3 */
	"pipeline:\n"				/* 4 */
	"  discovery: 5\n"			/* 5 */
	"  demo: 30\n"				/* 6 */
	"  \"closed won\": 100\n"		/* 7 */
	"  closed lost: 0\n"			/* 8 */
	"fields:\n"				/* 9 */
	"  revenue: money\n"			/* 10 */
	"  employees: integer\n"		/* 11 */
	"  since: date\n"			/* 12 */
	"  active: boolean\n"			/* 13 */
	"  score: decimal\n"			/* 14 */
	"  langs: list\n"			/* 15 */
	"  notes: string\n"			/* 16 */
	"  rating: number\n"			/* 17 */
	"  seats: int\n"			/* 18 */
	"  memo: text\n"			/* 19 */
	"  vip: bool\n";			/* 20 */

static void
assert_full(const struct crm_config *c)
{
	static const char *const stages[] = {
		"discovery", "demo", "closed won", "closed lost",
	};
	static const int probs[] = { 5, 30, 100, 0 };
	size_t i;

	assert_string_equal(crm_config_currency(c), "USD");
	assert_int_equal(crm_config_nstages(c), N(stages));
	for (i = 0; i < N(stages); i++) {
		assert_string_equal(crm_config_stage(c, i), stages[i]);
		assert_int_equal(crm_config_probability(c, stages[i]),
				 probs[i]);
	}
	/* the default pipeline is replaced, not extended */
	assert_int_equal(crm_config_probability(c, "won"), -1);
	assert_int_equal(crm_config_type(c, CRM_CONTACT, "revenue"),
			 CRM_T_MONEY);
	assert_int_equal(crm_config_type(c, CRM_ORG, "employees"), CRM_T_INT);
	assert_int_equal(crm_config_type(c, CRM_DEAL, "since"), CRM_T_DATE);
	assert_int_equal(crm_config_type(c, CRM_CONTACT, "active"), CRM_T_BOOL);
	assert_int_equal(crm_config_type(c, CRM_CONTACT, "score"),
			 CRM_T_NUMBER);
	assert_int_equal(crm_config_type(c, CRM_CONTACT, "langs"), CRM_T_LIST);
	assert_int_equal(crm_config_type(c, CRM_CONTACT, "notes"), CRM_T_TEXT);
	assert_int_equal(crm_config_type(c, CRM_CONTACT, "rating"),
			 CRM_T_NUMBER);
	assert_int_equal(crm_config_type(c, CRM_LOG, "seats"), CRM_T_INT);
	assert_int_equal(crm_config_type(c, CRM_CONTACT, "memo"), CRM_T_TEXT);
	assert_int_equal(crm_config_type(c, CRM_CONTACT, "vip"), CRM_T_BOOL);
	assert_int_equal(crm_config_type(c, CRM_CONTACT, "other"), -1);
}

static void
test_config__parse_full(void **state)
{
	struct crm_config *c = crm_config_new();

	parse_ok(c, full);
	assert_full(c);
	crm_config_free(c);
}

/* A parse replaces every setting: what the file leaves out is default. */
static void
test_config__parse_replaces(void **state)
{
	struct crm_config *c = crm_config_new();

	parse_ok(c, full);
	parse_ok(c, "currency: GBP\n");
	assert_string_equal(crm_config_currency(c), "GBP");
	assert_int_equal(crm_config_nstages(c), N(default_stages));
	assert_int_equal(crm_config_type(c, CRM_CONTACT, "revenue"), -1);
	parse_ok(c, "");
	assert_defaults(c);
	crm_config_free(c);
}

/* A core field keeps its type whatever crm.yaml says. */
static void
test_config__core_fields_win(void **state)
{
	struct crm_config *c = crm_config_new();

	parse_ok(c, "fields:\n  name: int\n  amount: date\n  email: text\n");
	assert_int_equal(crm_config_type(c, CRM_CONTACT, "name"), CRM_T_TEXT);
	assert_int_equal(crm_config_type(c, CRM_DEAL, "amount"), CRM_T_MONEY);
	assert_int_equal(crm_config_type(c, CRM_CONTACT, "email"), CRM_T_LIST);
	/* where the name is not core, the declaration counts */
	assert_int_equal(crm_config_type(c, CRM_CONTACT, "amount"), CRM_T_DATE);
	assert_int_equal(crm_config_type(c, CRM_ORG, "email"), CRM_T_TEXT);
	crm_config_free(c);
}

/* Settings this version does not know are left for newer ones. */
static void
test_config__unknown_settings(void **state)
{
	struct crm_config *c = crm_config_new();

	parse_ok(c, "schema: 1\nthresholds:\n  stale: 365\n  vip: 10000\n"
		 "colour: auto\n");
	assert_defaults(c);
	crm_config_free(c);
}

/*
 * text must be refused with CRM_EDATA, a message "crm.yaml:LINE: ..."
 * containing what, and c left as it was.
 */
static void
expect_bad(const char *text, long line, const char *what)
{
	struct crm_config *c = crm_config_new();
	struct crm_buf want = CRM_BUF_INIT;
	char *before, *now;
	int rc;

	parse_ok(c, full);
	before = written(c);
	crm_err_clear();
	rc = crm_config_parse(c, text, strlen(text), "crm.yaml");
	if (rc == 0)
		fail_msg("accepted:\n%s", text);
	if (rc != CRM_EDATA)
		fail_msg("rc %d, want CRM_EDATA: %s", rc, crm_err_msg());
	crm_buf_addf(&want, "crm.yaml:%ld:", line);
	if (strncmp(crm_err_msg(), want.buf, want.len) != 0)
		fail_msg("message '%s', want it to start with '%s'\n%s",
			 crm_err_msg(), want.buf, text);
	if (what && !strstr(crm_err_msg(), what))
		fail_msg("message '%s' does not say '%s'", crm_err_msg(), what);
	now = written(c);
	assert_string_equal(now, before);
	assert_full(c);
	free(before);
	free(now);
	crm_buf_release(&want);
	crm_config_free(c);
}

/* expected: per kind a list (or one name), aliases canonical, written back. */
static void
test_config__expected(void **state)
{
	struct crm_config *c = crm_config_new(), *d = crm_config_new();
	char *text, *again;

	assert_int_equal(crm_config_nexpected(c, CRM_CONTACT), 0);
	assert_null(crm_config_expected(c, CRM_CONTACT, 0));
	parse_ok(c, "expected:\n  contact: [emails, phone, tag, industry]\n"
		 "  deal: amount\n");
	assert_int_equal(crm_config_nexpected(c, CRM_CONTACT), 4);
	assert_string_equal(crm_config_expected(c, CRM_CONTACT, 0), "email");
	assert_string_equal(crm_config_expected(c, CRM_CONTACT, 2), "tags");
	assert_string_equal(crm_config_expected(c, CRM_CONTACT, 3), "industry");
	assert_int_equal(crm_config_nexpected(c, CRM_DEAL), 1);
	assert_string_equal(crm_config_expected(c, CRM_DEAL, 0), "amount");
	assert_int_equal(crm_config_nexpected(c, CRM_ORG), 0);
	assert_int_equal(crm_config_nexpected(c, CRM_LOG), 0);
	text = written(c);
	assert_non_null(strstr(text, "expected:\n  contact: [email, phone, tags, industry]\n  deal: [amount]\n"));
	parse_ok(d, text);
	again = written(d);
	assert_string_equal(again, text);
	free(text);
	free(again);
	crm_config_free(c);
	crm_config_free(d);
}

static void
test_config__bad_expected(void **state)
{
	expect_bad("expected: [email]\n", 1, "expected");
	expect_bad("expected:\n  log: [summary]\n", 2, "kinds are contact, org and deal");
	expect_bad("expected:\n  contact:\n    email: 1\n", 3, "expected");
	expect_bad("expected:\n  contact: [Email]\n", 2, "field names");
	expect_bad("expected:\n  contact: [[a]]\n", 2, "field names");
}

static void
test_config__bad_currency(void **state)
{
	expect_bad("schema: 1\ncurrency: euro\n", 2, "currency");
	expect_bad("schema: 1\ncurrency: EURO\n", 2, "currency");
	expect_bad("currency: EU\n", 1, "currency");
	expect_bad("currency: 978\n", 1, "currency");
	expect_bad("currency: E1R\n", 1, "currency");
	expect_bad("currency: ''\n", 1, "currency");
	expect_bad("\n\ncurrency: [EUR]\n", 3, "currency");
	expect_bad("currency:\n  code: EUR\n", 2, "currency");
	expect_bad("currency: \"\xe2\x82\xac\"\n", 1, "currency");
}

static void
test_config__bad_pipeline(void **state)
{
	expect_bad("pipeline:\n  lead: 10\n  won: 101\n", 3, "probability");
	expect_bad("pipeline:\n  lead: -1\n", 2, "probability");
	expect_bad("pipeline:\n  lead: ten\n", 2, "probability");
	expect_bad("pipeline:\n  lead: 50%\n", 2, "probability");
	expect_bad("pipeline:\n  lead: 12.5\n", 2, "probability");
	expect_bad("pipeline:\n  lead:\n", 2, "probability");
	expect_bad("pipeline:\n  lead: [10]\n", 2, "probability");
	expect_bad("pipeline: {}\n", 1, "pipeline");
	expect_bad("pipeline: [lead, won]\n", 1, "pipeline");
	expect_bad("pipeline: lead\n", 1, "pipeline");
	expect_bad("pipeline:\n  lead: 10\n  lead: 20\n", 3, "lead");
}

static void
test_config__bad_fields(void **state)
{
	expect_bad("fields:\n  a: text\n  x: blob\n", 3, "type");
	expect_bad("fields:\n  x: ref\n", 2, "type");
	expect_bad("fields:\n  x: Text\n", 2, "type");
	expect_bad("fields:\n  x: [text]\n", 2, "type");
	expect_bad("fields:\n  x:\n", 2, "type");
	expect_bad("fields: [a, b]\n", 1, "fields");
	expect_bad("fields: text\n", 1, "fields");
}

static void
test_config__bad_schema(void **state)
{
	expect_bad("schema: 2\n", 1, "newer");
	expect_bad("# comment\nschema: 99\ncurrency: EUR\n", 2, "newer");
	expect_bad("schema: 0\n", 1, "schema");
	expect_bad("schema: one\n", 1, "schema");
	expect_bad("schema: 1.5\n", 1, "schema");
	expect_bad("schema: [1]\n", 1, "schema");
	expect_bad("schema: 99999999999999999999\n", 1, "schema");
}

static void
test_config__bad_yaml(void **state)
{
	expect_bad("- a\n- b\n", 1, NULL);
	expect_bad("just text\n", 1, NULL);
	expect_bad("currency: EUR\ncurrency: USD\n", 2, "currency");
	expect_bad("currency: &c EUR\n", 1, "anchor");
	expect_bad("currency: !!str EUR\n", 1, "tag");
	expect_bad("schema: 1\n---\nschema: 1\n", 2, NULL);
	expect_bad("schema: 1\n\tcurrency: EUR\n", 2, NULL);
}

/* The lifecycle windows of crm-segment: defaults, spans, bad values. */
static void
test_config__lifecycle(void **state)
{
	struct crm_config *c = crm_config_new();
	char *w;

	assert_int_equal(crm_config_window(c, "new"), 90);
	assert_int_equal(crm_config_window(c, "active"), 180);
	assert_int_equal(crm_config_window(c, "passive"), 365);
	assert_int_equal(crm_config_window(c, "churned"), -1);
	assert_int_equal(crm_config_window(NULL, "new"), 90);
	parse_ok(c, "lifecycle:\n  new: 2w\n  passive: 1y\n");
	assert_int_equal(crm_config_window(c, "new"), 14);
	assert_int_equal(crm_config_window(c, "active"), 180);
	assert_int_equal(crm_config_window(c, "passive"), 365);
	w = written(c);
	assert_non_null(strstr(w, "lifecycle:\n  new: 2w\n  passive: 1y\n"));
	free(w);
	parse_ok(c, "lifecycle:\n  active: 6m\n");
	assert_int_equal(crm_config_window(c, "active"), 180);
	assert_int_equal(crm_config_window(c, "new"), 90);
	crm_config_free(c);
	expect_bad("lifecycle: 90d\n", 1, "lifecycle");
	expect_bad("lifecycle:\n  new: soon\n", 2, "span");
	expect_bad("lifecycle:\n  new: 0d\n", 2, "span");
	expect_bad("lifecycle:\n  fresh: 30d\n", 2, "new, active and passive");
	expect_bad("lifecycle:\n  active: 400d\n", 2, "longer than the passive");
}

static void
test_config__round_trip(void **state)
{
	static const char *const texts[] = {
		"", full, "currency: JPY\n",
		"pipeline:\n  only: 42\n",
		"fields:\n  a: list\n",
		"lifecycle:\n  new: 30d\n  active: 12w\n  passive: 2y\n",
	};
	size_t i;

	for (i = 0; i < N(texts); i++) {
		struct crm_config *a = crm_config_new(), *b = crm_config_new();
		char *wa, *wb;

		parse_ok(a, texts[i]);
		wa = written(a);
		parse_ok(b, wa);
		wb = written(b);
		assert_string_equal(wa, wb);
		if (texts[i] == full)
			assert_full(b);
		free(wa);
		free(wb);
		crm_config_free(a);
		crm_config_free(b);
	}
}

/*
 * Whatever parse accepts, write gives back as YAML that parses to the
 * same settings: stage names that need quotes included.
 */
static void
test_config__round_trip_odd_names(void **state)
{
	static const char text[] =
		"pipeline:\n"
		"  \"#1 call\": 10\n"
		"  \"[A] qualified\": 25\n"
		"  \"* hot\": 50\n"
		"  \"won: signed\": 100\n"
		"  \"- lost\": 0\n"
		"  \"yes\": 1\n"
		"  \"caf\xc3\xa9 \\\"quoted\\\"\": 2\n"
		"  \"tab\\there\": 3\n"
		"  \"1.5\": 4\n";
	static const char *const stages[] = {
		"#1 call", "[A] qualified", "* hot", "won: signed", "- lost",
		"yes", "caf\xc3\xa9 \"quoted\"", "tab\there", "1.5",
	};
	struct crm_config *a = crm_config_new(), *b = crm_config_new();
	char *wa, *wb;
	size_t i;

	parse_ok(a, text);
	wa = written(a);
	if (crm_config_parse(b, wa, strlen(wa), "crm.yaml") != 0)
		fail_msg("written crm.yaml refused: %s\n%s", crm_err_msg(), wa);
	assert_int_equal(crm_config_nstages(b), N(stages));
	for (i = 0; i < N(stages); i++)
		assert_string_equal(crm_config_stage(b, i), stages[i]);
	wb = written(b);
	assert_string_equal(wa, wb);
	free(wa);
	free(wb);
	crm_config_free(a);
	crm_config_free(b);
}

/* Custom field names follow the rule of records, with the line. */
static void
test_config__bad_field_names(void **state)
{
	expect_bad("fields:\n  ok: text\n  \"[x]\": int\n", 3, "field name");
	expect_bad("fields:\n  Revenue: money\n", 2, "field name");
	expect_bad("fields:\n  my field: text\n", 2, "field name");
	expect_bad("fields:\n  1st: text\n", 2, "field name");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config__defaults),
		cmocka_unit_test(test_config__empty),
		cmocka_unit_test(test_config__parse_full),
		cmocka_unit_test(test_config__parse_replaces),
		cmocka_unit_test(test_config__core_fields_win),
		cmocka_unit_test(test_config__unknown_settings),
		cmocka_unit_test(test_config__expected),
		cmocka_unit_test(test_config__bad_expected),
		cmocka_unit_test(test_config__bad_currency),
		cmocka_unit_test(test_config__bad_pipeline),
		cmocka_unit_test(test_config__bad_fields),
		cmocka_unit_test(test_config__bad_schema),
		cmocka_unit_test(test_config__bad_yaml),
		cmocka_unit_test(test_config__lifecycle),
		cmocka_unit_test(test_config__round_trip),
		cmocka_unit_test(test_config__round_trip_odd_names),
		cmocka_unit_test(test_config__bad_field_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
