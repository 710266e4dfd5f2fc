/*
 * u-json.c: unit tests of common/json.c: reading a JSON Lines record
 * (strings, numbers, booleans, arrays, nulls skipped, nested objects and
 * duplicate keys refused, "name:line:col" in errors, "tag" read as
 * "tags"), writing records (escapes, bare numbers only when plain, the
 * record's key order) and crm_json_string on controls and bad UTF-8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crm.h"
#include "internal.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define ID "3f9a0c7d21e84b65"

/* s quoted for messages, bytes outside printable ASCII as \xHH. */
static const char *
show(const char *s)
{
	static struct crm_buf ring[8];
	static size_t k;
	struct crm_buf *b = &ring[k++ % N(ring)];
	const unsigned char *p = (const unsigned char *)s;

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

static struct crm_record *
read_ok(const char *text, enum crm_kind kind)
{
	struct crm_record *r = (void *)1;

	if (crm_json_read(&r, text, strlen(text), kind, "in.jsonl", 5) != 0)
		fail_msg("%s refused: %s", text, crm_err_msg());
	assert_non_null(r);
	return r;
}

/* Field key of r: "value" or "[a|b]" for lists, "+" marking plain ones. */
static char *
field(const struct crm_record *r, const char *key)
{
	struct crm_buf b = CRM_BUF_INIT;
	long i = crm_record_find(r, key);
	size_t j;

	if (i < 0)
		return crm_xstrdup("(none)");
	if (crm_record_is_list(r, (size_t)i))
		crm_buf_addc(&b, '[');
	for (j = 0; j < crm_record_nvalues(r, (size_t)i); j++)
		crm_buf_addf(&b, "%s%s%s", j ? "|" : "",
			     crm_record_plain(r, (size_t)i, j) ? "+" : "",
			     crm_record_value(r, (size_t)i, j));
	if (crm_record_is_list(r, (size_t)i))
		crm_buf_addc(&b, ']');
	return crm_buf_detach(&b);
}

#define ASSERT_FIELD(r, key, want) do { \
	char *f_ = field((r), (key)); \
	assert_string_equal(f_, (want)); \
	free(f_); \
} while (0)

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

/* ---- reading ---- */

static void
test_json__read_values(void **state)
{
	struct crm_record *r = read_ok(
		"{\"id\": \"" ID "\", \"name\": \"Jane\", \"age\": 42, "
		"\"score\": 1.5, \"neg\": -7, \"vip\": true, \"off\": false, "
		"\"tags\": [\"a\", \"b\"], \"none\": null, "
		"\"mixed\": [1, 2.5, true, \"x\", null], \"empty\": [], "
		"\"s\": \"42\", \"zip\": \"01234\"}", CRM_CONTACT);

	ASSERT_KEYS(r, "id name age score neg vip off tags mixed empty s zip");
	assert_int_equal(crm_record_kind(r), CRM_CONTACT);
	ASSERT_FIELD(r, "id", ID);
	ASSERT_FIELD(r, "name", "Jane");
	ASSERT_FIELD(r, "age", "+42");
	ASSERT_FIELD(r, "score", "+1.5");
	ASSERT_FIELD(r, "neg", "+-7");
	ASSERT_FIELD(r, "vip", "+true");
	ASSERT_FIELD(r, "off", "+false");
	ASSERT_FIELD(r, "tags", "[a|b]");
	ASSERT_FIELD(r, "mixed", "[+1|+2.5|+true|x]");
	ASSERT_FIELD(r, "empty", "[]");
	ASSERT_FIELD(r, "s", "42");
	ASSERT_FIELD(r, "zip", "01234");
	ASSERT_FIELD(r, "none", "(none)");
	crm_record_free(r);

	r = read_ok("{}", CRM_DEAL);
	assert_int_equal(crm_record_nfields(r), 0);
	assert_int_equal(crm_record_kind(r), CRM_DEAL);
	crm_record_free(r);
	/* a JSON Lines line keeps its newline */
	r = read_ok("  {\"name\": \"x\"}  \r\n", CRM_ORG);
	ASSERT_FIELD(r, "name", "x");
	crm_record_free(r);
}

static void
test_json__read_strings(void **state)
{
	struct crm_record *r = read_ok(
		"{\"a\": \"caf\\u00e9\", \"b\": \"two\\nlines\\r\\n\", "
		"\"c\": \"tab\\tq\\\"b\\\\s\\/\", \"d\": \"\\ud83d\\ude00\", "
		"\"e\": \"M\xc3\xbcnchen \xe6\xbc\xa2\", \"f\": \"\", "
		"\"g\": \"\\u001b[31m\", \"h\": \"\\u2028\"}", CRM_CONTACT);

	ASSERT_FIELD(r, "a", "caf\xc3\xa9");
	ASSERT_FIELD(r, "b", "two\nlines\r\n");
	ASSERT_FIELD(r, "c", "tab\tq\"b\\s/");
	ASSERT_FIELD(r, "d", "\xf0\x9f\x98\x80");
	ASSERT_FIELD(r, "e", "M\xc3\xbcnchen \xe6\xbc\xa2");
	ASSERT_FIELD(r, "f", "");
	ASSERT_FIELD(r, "g", "\x1b[31m");
	ASSERT_FIELD(r, "h", "\xe2\x80\xa8");
	crm_record_free(r);
}

static void
test_json__read_numbers(void **state)
{
	struct crm_record *r = read_ok(
		"{\"a\": 0, \"b\": -0, \"c\": 9223372036854775807, "
		"\"d\": -9223372036854775808, \"e\": 0.1, \"f\": 1e3, "
		"\"g\": 12.30, \"h\": 1.0, \"i\": 1E-2}", CRM_CONTACT);

	ASSERT_FIELD(r, "a", "+0");
	ASSERT_FIELD(r, "c", "+9223372036854775807");
	ASSERT_FIELD(r, "d", "+-9223372036854775808");
	ASSERT_FIELD(r, "e", "+0.1");
	ASSERT_FIELD(r, "f", "+1000");
	ASSERT_FIELD(r, "g", "+12.3");
	ASSERT_FIELD(r, "h", "+1");
	ASSERT_FIELD(r, "i", "+0.01");
	crm_record_free(r);
}

/* "tag" is "tags" and "emails" is "email", as on the command line. */
static void
test_json__read_canonical_names(void **state)
{
	struct crm_record *r;

	r = read_ok("{\"tag\": \"vip\", \"emails\": [\"a@b.example\"], "
		    "\"phones\": [\"+1\"]}", CRM_CONTACT);
	ASSERT_KEYS(r, "tags email phone");
	ASSERT_FIELD(r, "tags", "vip");
	ASSERT_FIELD(r, "email", "[a@b.example]");
	crm_record_free(r);
	r = read_ok("{\"tag\": [\"a\", \"b\"]}", CRM_DEAL);
	ASSERT_FIELD(r, "tags", "[a|b]");
	crm_record_free(r);
	/* an org has no emails field to canonicalise to */
	r = read_ok("{\"emails\": \"x\"}", CRM_ORG);
	ASSERT_KEYS(r, "emails");
	crm_record_free(r);
}

/*
 * text must be refused with CRM_EDATA and a message starting "in.jsonl:5:"
 * then, when col, a column number and ": "; and containing what.
 */
static void
expect_bad(const char *text, size_t len, enum crm_kind kind, int col,
	   const char *what)
{
	struct crm_record *r = (void *)1;
	const char *m;
	char *end;
	int rc;

	crm_err_clear();
	rc = crm_json_read(&r, text, len, kind, "in.jsonl", 5);
	if (rc == 0)
		fail_msg("%s accepted", show(text));
	m = crm_err_msg();
	if (rc != CRM_EDATA)
		fail_msg("%s: rc %d, want CRM_EDATA: %s", show(text), rc, m);
	assert_null(r);
	if (strncmp(m, "in.jsonl:5:", 11) != 0)
		fail_msg("%s: message '%s' does not start with in.jsonl:5:",
			 show(text), m);
	if (col) {
		long c = strtol(m + 11, &end, 10);

		if (end == m + 11 || *end != ':' || end[1] != ' ' || c < 1)
			fail_msg("%s: no column in '%s'", show(text), m);
		if (col > 0 && c != col)
			fail_msg("%s: column %ld, want %d: %s", show(text), c,
				 col, m);
	}
	if (what && !strstr(m, what))
		fail_msg("%s: message '%s' does not say '%s'", show(text), m,
			 what);
}

#define BAD(text, col, what) \
	expect_bad(text, sizeof(text) - 1, CRM_CONTACT, col, what)

static void
test_json__refuse_nesting(void **state)
{
	BAD("{\"id\": \"" ID "\", \"address\": {\"street\": \"x\"}}", 0,
	    "'address'");
	BAD("{\"tags\": [\"a\", {\"b\": 1}]}", 0, "'tags'");
	BAD("{\"tags\": [[\"a\"]]}", 0, "'tags'");
	BAD("{\"tag\": [[\"a\"]]}", 0, "'tags'");
	BAD("{\"x\": {}}", 0, "'x'");
}

static void
test_json__refuse_duplicates(void **state)
{
	BAD("{\"name\": \"a\", \"name\": \"b\"}", -1, "name");
	BAD("{\"tag\": \"a\", \"tags\": [\"b\"]}", 0, "duplicate field 'tags'");
	BAD("{\"tags\": [\"b\"], \"tag\": \"a\"}", 0, "duplicate field 'tags'");
	BAD("{\"email\": \"a@b.example\", \"emails\": [\"c@d.example\"]}", 0,
	    "duplicate field 'email'");
}

static void
test_json__refuse_non_objects(void **state)
{
	BAD("[1, 2]", 0, "object");
	BAD("\"x\"", 0, NULL);
	BAD("42", 0, NULL);
	BAD("null", 0, NULL);
	BAD("true", 0, NULL);
}

/* Syntax errors name the column where jansson stopped. */
static void
test_json__refuse_syntax(void **state)
{
	static const char nul[] = "{\"a\": \"x\0y\"}";

	BAD("", 0, NULL);
	BAD("   ", 0, NULL);
	BAD("{\"name\": \"x\",}", 14, NULL);
	BAD("{\"name\": \"x\"", -1, NULL);
	BAD("{name: \"x\"}", -1, NULL);
	BAD("{\"name\": 'x'}", 10, NULL);
	BAD("{\"a\": 1} {\"b\": 2}", -1, NULL);
	BAD("{\"a\": 1} x", -1, NULL);
	BAD("{\"a\": 01}", -1, NULL);
	BAD("{\"a\": .5}", -1, NULL);
	BAD("{\"a\": +1}", -1, NULL);
	BAD("{\"a\": NaN}", -1, NULL);
	BAD("{\"a\": Infinity}", -1, NULL);
	BAD("{\"a\": 1e400}", -1, NULL);
	BAD("{\"a\": \"tab\tin string\"}", -1, NULL);
	BAD("{\"a\": \"new\nline\"}", -1, NULL);
	BAD("{\"a\": \"\\x41\"}", -1, NULL);
	/* what UTF-8 cannot hold, and NUL */
	BAD("{\"a\": \"\\ud800\"}", -1, NULL);
	BAD("{\"a\": \"\\udc00x\"}", -1, NULL);
	BAD("{\"a\": \"\\u0000\"}", -1, NULL);
	BAD("{\"a\": \"\xff\"}", -1, NULL);
	BAD("{\"a\": \"\xc0\xaf\"}", -1, NULL);
	BAD("{\"a\": \"\xed\xa0\x80\"}", -1, NULL);
	expect_bad(nul, sizeof(nul) - 1, CRM_CONTACT, -1, NULL);
}

static void
test_json__refuse_deep_nesting(void **state)
{
	struct crm_buf b = CRM_BUF_INIT;
	size_t i;

	crm_buf_adds(&b, "{\"a\": ");
	for (i = 0; i < 100000; i++)
		crm_buf_addc(&b, '[');
	for (i = 0; i < 100000; i++)
		crm_buf_addc(&b, ']');
	crm_buf_addc(&b, '}');
	expect_bad(b.buf, b.len, CRM_CONTACT, 0, NULL);
	crm_buf_release(&b);
}

/* ---- writing ---- */

static char *
json_of(const struct crm_record *r)
{
	struct crm_buf b = CRM_BUF_INIT;

	crm_json_write(&b, r);
	return crm_buf_detach(&b);
}

static void
test_json__write_record(void **state)
{
	struct crm_record *r = crm_record_new(CRM_DEAL);
	char *j;

	crm_record_set(r, "id", ID, 0);
	crm_record_set(r, "title", "Renewal \"2027\"", 0);
	crm_record_set(r, "amount", "12000.00", 1);
	crm_record_set(r, "probability", "50", 1);
	crm_record_set(r, "close", "2026-11-02", 1);
	crm_record_set(r, "won", "true", 1);
	crm_record_set(r, "lost", "false", 1);
	crm_record_set(r, "note", "42", 0);
	crm_record_set(r, "yes", "true", 0);
	crm_record_add(r, "tags", "vip", 0);
	crm_record_add(r, "tags", "7", 1);
	crm_record_add(r, "tags", "7.5", 0);
	crm_record_set_list(r, "empty");
	crm_record_set(r, "aaa", "first custom, last key", 0);
	j = json_of(r);
	assert_string_equal(j,
			    "{\"id\":\"" ID "\","
			    "\"title\":\"Renewal \\\"2027\\\"\","
			    "\"amount\":12000.00,"
			    "\"probability\":50,"
			    "\"close\":\"2026-11-02\","
			    "\"won\":true,"
			    "\"lost\":false,"
			    "\"note\":\"42\","
			    "\"yes\":\"true\","
			    "\"tags\":[\"vip\",7,\"7.5\"],"
			    "\"empty\":[],"
			    "\"aaa\":\"first custom, last key\"}\n");
	free(j);
	crm_record_free(r);

	r = crm_record_new(CRM_LOG);
	j = json_of(r);
	assert_string_equal(j, "{}\n");
	free(j);
	crm_record_free(r);
}

/* A plain value is bare only when it is a JSON number or boolean. */
static void
test_json__write_bare_only_when_json(void **state)
{
	static const struct {
		const char *v, *want;
	} cases[] = {
		{ "0", "0" }, { "-0", "-0" }, { "42", "42" }, { "-3", "-3" },
		{ "0.5", "0.5" }, { "-0.50", "-0.50" }, { "12000.00", "12000.00" },
		{ "true", "true" }, { "false", "false" },
		{ "01234", "\"01234\"" }, { "-01", "\"-01\"" },
		{ "+5", "\"+5\"" }, { ".5", "\".5\"" }, { "5.", "\"5.\"" },
		{ "-", "\"-\"" }, { "", "\"\"" }, { "0x1F", "\"0x1F\"" },
		{ "2026-11-02", "\"2026-11-02\"" }, { "12:30", "\"12:30\"" },
		{ "1_000", "\"1_000\"" }, { "NaN", "\"NaN\"" },
		{ ".inf", "\".inf\"" }, { "True", "\"True\"" },
		{ "yes", "\"yes\"" }, { "null", "\"null\"" }, { "~", "\"~\"" },
		{ "1 000", "\"1 000\"" }, { "1.2.3", "\"1.2.3\"" },
		{ "--1", "\"--1\"" },
	};
	size_t i;

	for (i = 0; i < N(cases); i++) {
		struct crm_record *r = crm_record_new(CRM_CONTACT);
		struct crm_buf want = CRM_BUF_INIT;
		char *j;

		crm_record_set(r, "v", cases[i].v, 1);
		crm_buf_addf(&want, "{\"v\":%s}\n", cases[i].want);
		j = json_of(r);
		if (strcmp(j, want.buf) != 0)
			fail_msg("plain %s written %s, want %s",
				 show(cases[i].v), j, want.buf);
		free(j);
		crm_buf_release(&want);
		crm_record_free(r);
	}
}

/* JSON out, JSON in: the same strings, the same plain values. */
static void
test_json__write_read_round_trip(void **state)
{
	static const char *const strings[] = {
		"", "plain", "no", "42", "01234", "true", "null", "a\"b",
		"back\\slash", "tab\t", "nl\n", "crlf\r\n", "\x01\x02\x1f",
		"esc\x1b[0m", "del\x7f", "\xc2\x85\xe2\x80\xa8\xe2\x80\xa9",
		"\xef\xbb\xbf", "emoji \xf0\x9f\x98\x80", "\xe6\xbc\xa2",
		"e\xcc\x81", "/", "</script>", "\\u0041", "'", "\b\f",
	};
	static const char *const plains[] = {
		"0", "42", "-3", "0.5", "-2.25", "true", "false",
		"9223372036854775807", "-9223372036854775808",
	};
	struct crm_record *r = crm_record_new(CRM_CONTACT), *back;
	struct crm_buf key = CRM_BUF_INIT;
	size_t i, j;
	char *text;

	for (i = 0; i < N(strings); i++) {
		crm_buf_reset(&key);
		crm_buf_addf(&key, "s%zu", i);
		crm_record_set(r, key.buf, strings[i], 0);
	}
	for (i = 0; i < N(plains); i++) {
		crm_buf_reset(&key);
		crm_buf_addf(&key, "p%zu", i);
		crm_record_set(r, key.buf, plains[i], 1);
	}
	crm_record_add(r, "list", "a", 0);
	crm_record_add(r, "list", "7", 1);
	crm_record_add(r, "list", "x\ny", 0);
	text = json_of(r);
	/* one line */
	assert_ptr_equal(strchr(text, '\n'), text + strlen(text) - 1);
	back = read_ok(text, CRM_CONTACT);
	assert_int_equal(crm_record_nfields(back), crm_record_nfields(r));
	for (i = 0; i < crm_record_nfields(r); i++) {
		assert_string_equal(crm_record_key(back, i),
				    crm_record_key(r, i));
		assert_int_equal(crm_record_nvalues(back, i),
				 crm_record_nvalues(r, i));
		for (j = 0; j < crm_record_nvalues(r, i); j++) {
			if (strcmp(crm_record_value(back, i, j),
				   crm_record_value(r, i, j)) != 0)
				fail_msg("%s: wrote %s, read %s",
					 crm_record_key(r, i),
					 show(crm_record_value(r, i, j)),
					 show(crm_record_value(back, i, j)));
			assert_int_equal(crm_record_plain(back, i, j),
					 crm_record_plain(r, i, j));
		}
	}
	crm_record_free(back);
	crm_record_free(r);
	crm_buf_release(&key);
	free(text);
}

/*
 * A plain number that crm_json_read could not take back as the same
 * number is written as a string: the output of crm-find -f json must
 * import again (crm-add --update -) without losing digits.
 */
static void
test_json__write_numbers_read_back(void **state)
{
	static const char *const plains[] = {
		"12345678901234567890", "-99999999999999999999",
		"0.1234567890123456789", "123456789012345678.5",
	};
	struct crm_config *c = crm_config_new();
	struct crm_buf v = CRM_BUF_INIT;
	size_t i;

	for (i = 0; i < N(plains); i++) {
		struct crm_record *r = crm_record_new(CRM_CONTACT), *back;
		char *j;
		int plain;

		/* what crm-add --set account=... stores for a custom field */
		plain = crm_value_coerce(&v, c, CRM_CONTACT, "account",
					 plains[i]);
		assert_true(plain >= 0);
		crm_record_set(r, "account", v.buf, plain);
		j = json_of(r);
		back = NULL;
		if (crm_json_read(&back, j, strlen(j), CRM_CONTACT, "out.jsonl",
				  1) != 0)
			fail_msg("%s written as %s, which does not read back: %s",
				 plains[i], j, crm_err_msg());
		if (strcmp(crm_record_get(back, "account"), plains[i]) != 0)
			fail_msg("%s written as %s, read back as %s", plains[i],
				 j, crm_record_get(back, "account"));
		crm_record_free(back);
		crm_record_free(r);
		free(j);
	}
	crm_buf_release(&v);
	crm_config_free(c);
}

/* ---- crm_json_string ---- */

static char *
jstr(const char *s)
{
	struct crm_buf b = CRM_BUF_INIT;

	crm_json_string(&b, s);
	return crm_buf_detach(&b);
}

#define ASSERT_JSTR(s, want) do { \
	char *j_ = jstr(s); \
	if (strcmp(j_, (want)) != 0) \
		fail_msg("%s gave %s, want %s", show(s), j_, (want)); \
	free(j_); \
} while (0)

static void
test_json__string_escapes(void **state)
{
	struct crm_buf b = CRM_BUF_INIT;
	char s[2] = { 0, 0 };
	int c;

	ASSERT_JSTR("", "\"\"");
	ASSERT_JSTR("plain", "\"plain\"");
	ASSERT_JSTR("\"", "\"\\\"\"");
	ASSERT_JSTR("\\", "\"\\\\\"");
	ASSERT_JSTR("/", "\"/\"");
	ASSERT_JSTR("\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\"");
	ASSERT_JSTR("\x01", "\"\\u0001\"");
	ASSERT_JSTR("\x1b[31m", "\"\\u001b[31m\"");
	ASSERT_JSTR("\x1f", "\"\\u001f\"");
	ASSERT_JSTR("\x7f", "\"\\u007f\"");
	ASSERT_JSTR("caf\xc3\xa9 \xe6\xbc\xa2 \xf0\x9f\x98\x80",
		    "\"caf\xc3\xa9 \xe6\xbc\xa2 \xf0\x9f\x98\x80\"");
	/* every C0 control is escaped */
	for (c = 1; c < 0x20; c++) {
		char *j;

		s[0] = (char)c;
		j = jstr(s);
		if (j[1] != '\\' || strlen(j) < 4)
			fail_msg("control 0x%02x written raw: %s", c, show(j));
		free(j);
	}
	/* it appends */
	crm_buf_adds(&b, "x=");
	crm_json_string(&b, "y");
	assert_string_equal(b.buf, "x=\"y\"");
	crm_buf_release(&b);
}

static void
test_json__string_bad_utf8(void **state)
{
	ASSERT_JSTR("\xff", "\"\xef\xbf\xbd\"");
	ASSERT_JSTR("a\xc3", "\"a\xef\xbf\xbd\"");
	ASSERT_JSTR("a\xc3z", "\"a\xef\xbf\xbdz\"");
	ASSERT_JSTR("M\xfcnchen", "\"M\xef\xbf\xbdnchen\"");
	ASSERT_JSTR("\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\"");
	ASSERT_JSTR("\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	ASSERT_JSTR("ok\xf4\x90\x80\x80!", "\"ok\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd!\"");
}

/* Whatever the bytes, the output is valid UTF-8 JSON that reads back. */
static void
test_json__string_any_bytes(void **state)
{
	struct crm_buf line = CRM_BUF_INIT;
	unsigned seed = 12345;
	int n;

	for (n = 0; n < 5000; n++) {
		char s[24];
		struct crm_record *r = NULL;
		size_t i, len = (size_t)(seed % 23);

		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			s[i] = (char)((seed >> 16) & 0xff);
			if (!s[i])
				s[i] = 'x';
		}
		s[len] = '\0';
		seed = seed * 1103515245u + 12345u;
		crm_buf_reset(&line);
		crm_buf_adds(&line, "{\"k\":");
		crm_json_string(&line, s);
		crm_buf_adds(&line, "}");
		if (!crm_text_valid(line.buf, line.len))
			fail_msg("%s gave invalid UTF-8", show(s));
		if (crm_json_read(&r, line.buf, line.len, CRM_CONTACT, "x", 1))
			fail_msg("%s gave %s, which does not parse: %s",
				 show(s), show(line.buf), crm_err_msg());
		/* valid input comes back unchanged */
		if (crm_text_valid(s, len))
			assert_string_equal(crm_record_get(r, "k"), s);
		crm_record_free(r);
	}
	crm_buf_release(&line);
}

/* One reading of text: the status, then the record as JSON or the error. */
static void
read_once(struct crm_buf *out, const char *text, enum crm_kind kind, int fast)
{
	struct crm_record *r = NULL;
	int rc;

	crm_json_no_fast = !fast;
	crm_err_clear();
	rc = crm_json_read(&r, text, strlen(text), kind, "in.jsonl", 5);
	crm_json_no_fast = 0;
	crm_buf_reset(out);
	crm_buf_addf(out, "%d ", rc);
	if (rc == 0)
		crm_json_write(out, r);
	else
		crm_buf_adds(out, crm_err_msg());
	crm_record_free(r);
}

/*
 * The shortcut for objects of plain strings reads every line exactly as
 * jansson does: the same record (keys, order, values) or the same error.
 */
static void
test_json__fast_path_same_as_jansson(void **state)
{
	static const char *const lines[] = {
		"{\"contact\":\"ann@x.example\",\"at\":\"2026-01-02\",\"type\":\"call\"}",
		"  { \"name\" : \"Jos\u00e9 \xc3\xa9\xe6\x97\xa5\" , \"email\":\"j@x.example\" }  \n",
		"{\"name\":\"Ann\",\"city\":null,\"tag\":\"vip\"}",
		"{\"name\":\"Ann\",\"name\":\"Bob\"}",
		"{\"tag\":\"a\",\"tags\":\"b\"}",
		"{\"name\":\"Ann\",\"age\":42}",
		"{\"name\":\"A\\\"nn\"}",
		"{\"name\":\"Ann\"} x",
		"{\"name\":\"Ann\",}",
		"{\"name\":\"Ann\"",
		"{\"name\":\"A\tb\"}",
		"{\"name\":\"\xff\xfe\"}",
		"{\"name\":\"Ann\",\"tags\":[\"a\",\"b\"]}",
		"{\"name\":nul}",
		"{}",
		" {} ",
		"[]",
		"{\"\":\"empty key\"}",
		"{\"Name\":\"Upper\"}",
		"{\"name\":\"\"}",
		"{\"zip\":\"75001\",\"amount\":\"12.50\"}",
		"\xef\xbb\xbf{\"name\":\"bom\"}",
	};
	struct crm_buf fast = CRM_BUF_INIT, slow = CRM_BUF_INIT;
	size_t i;
	int k;

	for (k = 0; k < CRM_NKINDS; k++) {
		for (i = 0; i < N(lines); i++) {
			read_once(&fast, lines[i], (enum crm_kind)k, 1);
			read_once(&slow, lines[i], (enum crm_kind)k, 0);
			if (strcmp(fast.buf, slow.buf) != 0)
				fail_msg("%s: fast %s, jansson %s", show(lines[i]),
					 show(fast.buf), show(slow.buf));
		}
	}
	crm_buf_release(&fast);
	crm_buf_release(&slow);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json__read_values),
		cmocka_unit_test(test_json__read_strings),
		cmocka_unit_test(test_json__read_numbers),
		cmocka_unit_test(test_json__read_canonical_names),
		cmocka_unit_test(test_json__refuse_nesting),
		cmocka_unit_test(test_json__refuse_duplicates),
		cmocka_unit_test(test_json__refuse_non_objects),
		cmocka_unit_test(test_json__refuse_syntax),
		cmocka_unit_test(test_json__refuse_deep_nesting),
		cmocka_unit_test(test_json__write_record),
		cmocka_unit_test(test_json__write_bare_only_when_json),
		cmocka_unit_test(test_json__write_read_round_trip),
		cmocka_unit_test(test_json__write_numbers_read_back),
		cmocka_unit_test(test_json__string_escapes),
		cmocka_unit_test(test_json__string_bad_utf8),
		cmocka_unit_test(test_json__string_any_bytes),
		cmocka_unit_test(test_json__fast_path_same_as_jansson),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
