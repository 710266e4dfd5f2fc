/*
 * u-fmt.c: unit tests of common/fmt.c: the exact bytes each output
 * format writes for rows of named columns, escapes included, and tables
 * aligned by display width and fitted to a terminal.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crm.h"
#include "internal.h"

/* Output options of one rendering. */
struct opts {
	int header;
	size_t width;
	const int *numeric;
};

/*
 * Writes nrows rows (ncols values each, flattened) in format f and
 * returns what was written; the caller frees it.
 */
static char *
render(enum crm_format f, const struct opts *o, size_t ncols,
       const char *const *names, const char *const *rows, size_t nrows)
{
	char *out = NULL;
	size_t len = 0, r;
	FILE *fp = open_memstream(&out, &len);
	struct crm_fmt *w;

	assert_non_null(fp);
	w = crm_fmt_new(fp, f, ncols, names, o ? o->header : 0,
			o ? o->width : 0);
	if (o && o->numeric)
		crm_fmt_numeric(w, o->numeric);
	for (r = 0; r < nrows; r++)
		assert_int_equal(crm_fmt_row(w, rows + r * ncols), 0);
	assert_int_equal(crm_fmt_end(w), 0);
	crm_fmt_free(w);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(strlen(out), len);
	return out;
}

#define NAMES(...) ((const char *const[]){ __VA_ARGS__ })
#define ROWS(...) ((const char *const[]){ __VA_ARGS__ })
#define N(a) (sizeof(a) / sizeof((a)[0]))

static void
assert_render(const char *want, enum crm_format f, const struct opts *o,
	      size_t ncols, const char *const *names,
	      const char *const *rows, size_t nrows)
{
	char *got = render(f, o, ncols, names, rows, nrows);

	assert_string_equal(got, want);
	free(got);
}

static char *
escape(void (*fn)(struct crm_buf *, const char *), const char *s)
{
	struct crm_buf b = CRM_BUF_INIT;

	fn(&b, s);
	return crm_buf_detach(&b);
}

static void
assert_escape(void (*fn)(struct crm_buf *, const char *), const char *s,
	      const char *want)
{
	char *got = escape(fn, s);

	assert_string_equal(got, want);
	free(got);
}

static void
test_fmt__parse(void **state)
{
	assert_int_equal(crm_format_parse("table"), CRM_FMT_TABLE);
	assert_int_equal(crm_format_parse("tsv"), CRM_FMT_TSV);
	assert_int_equal(crm_format_parse("csv"), CRM_FMT_CSV);
	assert_int_equal(crm_format_parse("json"), CRM_FMT_JSON);
	assert_int_equal(crm_format_parse("yaml"), CRM_FMT_YAML);
	assert_int_equal(crm_format_parse("auto"), CRM_FMT_AUTO);
	assert_int_equal(crm_format_parse("xml"), -1);
	assert_string_equal(crm_err_msg(),
			    "unknown format 'xml' (expected table, tsv, csv, json or yaml)");
	assert_int_equal(crm_format_parse(""), -1);
	assert_int_equal(crm_format_parse("JSON"), -1);
}

static void
test_fmt__tsv_escape(void **state)
{
	assert_escape(crm_fmt_tsv_escape, "plain text", "plain text");
	assert_escape(crm_fmt_tsv_escape, "a\tb\nc\rd\\e", "a\\tb\\nc\\rd\\\\e");
	assert_escape(crm_fmt_tsv_escape, "\\n", "\\\\n");
	assert_escape(crm_fmt_tsv_escape, "", "");
	assert_escape(crm_fmt_tsv_escape, "Z\xc3\xbcrich", "Z\xc3\xbcrich");
}

static void
test_fmt__tsv_rows(void **state)
{
	static const struct opts hdr = { 1, 0, NULL };

	assert_render("3f9a\tAda Lovelace\tada@example.com\n"
		      "77b0\tGrace\t\n",
		      CRM_FMT_TSV, NULL, 3, NAMES("id", "name", "email"),
		      ROWS("3f9a", "Ada Lovelace", "ada@example.com",
			   "77b0", "Grace", NULL), 2);
	assert_render("id\tnote\n1\tline one\\nline\\ttwo \\\\o/\n",
		      CRM_FMT_TSV, &hdr, 2, NAMES("id", "note"),
		      ROWS("1", "line one\nline\ttwo \\o/"), 1);
}

static void
test_fmt__tsv_header_without_rows(void **state)
{
	static const struct opts hdr = { 1, 0, NULL };

	assert_render("id\tname\n", CRM_FMT_TSV, &hdr, 2,
		      NAMES("id", "name"), NULL, 0);
	assert_render("", CRM_FMT_TSV, NULL, 2, NAMES("id", "name"), NULL, 0);
}

static void
test_fmt__csv_escape(void **state)
{
	assert_escape(crm_fmt_csv_escape, "plain", "plain");
	assert_escape(crm_fmt_csv_escape, "", "");
	assert_escape(crm_fmt_csv_escape, "Acme, Inc.", "\"Acme, Inc.\"");
	assert_escape(crm_fmt_csv_escape, "say \"hi\"", "\"say \"\"hi\"\"\"");
	assert_escape(crm_fmt_csv_escape, "\"", "\"\"\"\"");
	assert_escape(crm_fmt_csv_escape, "two\nlines", "\"two\nlines\"");
	assert_escape(crm_fmt_csv_escape, "cr\rhere", "\"cr\rhere\"");
	assert_escape(crm_fmt_csv_escape, " padded", "\" padded\"");
	assert_escape(crm_fmt_csv_escape, "padded ", "\"padded \"");
	assert_escape(crm_fmt_csv_escape, "in side", "in side");
	assert_escape(crm_fmt_csv_escape, "tab\tok", "tab\tok");
}

static void
test_fmt__csv_rows(void **state)
{
	/* the header is always there, whatever header says */
	assert_render("id,name,note\r\n"
		      "1,\"Acme, Inc.\",\"said \"\"call me\"\"\nthen left\"\r\n"
		      "2,,\r\n",
		      CRM_FMT_CSV, NULL, 3, NAMES("id", "name", "note"),
		      ROWS("1", "Acme, Inc.", "said \"call me\"\nthen left",
			   "2", NULL, ""), 2);
	assert_render("id,name\r\n", CRM_FMT_CSV, NULL, 2,
		      NAMES("id", "name"), NULL, 0);
	/* a lone empty field must not become a blank line */
	assert_render("email\r\n\"\"\r\na@b.c\r\n", CRM_FMT_CSV, NULL, 1,
		      NAMES("email"), ROWS(NULL, "a@b.c"), 2);
}

static void
test_fmt__json_rows(void **state)
{
	assert_render("{\"id\":\"3f9a\",\"name\":\"Ada\"}\n"
		      "{\"id\":\"77b0\"}\n",
		      CRM_FMT_JSON, NULL, 2, NAMES("id", "name"),
		      ROWS("3f9a", "Ada", "77b0", NULL), 2);
	assert_render("{}\n", CRM_FMT_JSON, NULL, 1, NAMES("id"),
		      ROWS(NULL), 1);
	assert_render("", CRM_FMT_JSON, NULL, 1, NAMES("id"), NULL, 0);
}

static void
test_fmt__json_escapes(void **state)
{
	assert_render("{\"note\":\"q\\\" b\\\\ n\\n r\\r t\\t b\\b f\\f "
		      "esc\\u001b[31m nul\\u0001 del\\u007f\"}\n",
		      CRM_FMT_JSON, NULL, 1, NAMES("note"),
		      ROWS("q\" b\\ n\n r\r t\t b\b f\f esc\x1b[31m nul\x01 "
			   "del\x7f"), 1);
	/* UTF-8 passes through; C1 and U+2028 are escaped */
	assert_render("{\"name\":\"Zo\xc3\xab \xe4\xb8\xad\xe6\x96\x87 "
		      "\xf0\x9f\x98\x80 \\u009b \\u2028\"}\n",
		      CRM_FMT_JSON, NULL, 1, NAMES("name"),
		      ROWS("Zo\xc3\xab \xe4\xb8\xad\xe6\x96\x87 "
			   "\xf0\x9f\x98\x80 \xc2\x9b \xe2\x80\xa8"), 1);
	/* invalid bytes become U+FFFD, so the line is valid JSON */
	assert_render("{\"x\\\"y\":\"a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd\"}\n",
		      CRM_FMT_JSON, NULL, 1, NAMES("x\"y"),
		      ROWS("a\xff" "b\xe4\xb8"), 1);
}

static void
test_fmt__json_numeric(void **state)
{
	static const int numeric[] = { 0, 1 };
	static const struct opts o = { 0, 0, numeric };

	assert_render("{\"id\":\"42\",\"amount\":480.50}\n"
		      "{\"id\":\"7\",\"amount\":\"-1.5e3\"}\n"
		      "{\"id\":\"8\",\"amount\":0}\n"
		      "{\"id\":\"9\",\"amount\":\"n/a\"}\n"
		      "{\"id\":\"10\",\"amount\":\"01\"}\n"
		      "{\"id\":\"11\",\"amount\":\"1.\"}\n"
		      "{\"id\":\"12\",\"amount\":\"\"}\n"
		      "{\"id\":\"13\",\"amount\":\"NaN\"}\n"
		      "{\"id\":\"14\"}\n",
		      CRM_FMT_JSON, &o, 2, NAMES("id", "amount"),
		      ROWS("42", "480.50", "7", "-1.5e3", "8", "0",
			   "9", "n/a", "10", "01", "11", "1.", "12", "",
			   "13", "NaN", "14", NULL), 9);
}

static void
test_fmt__yaml_rows(void **state)
{
	assert_render("---\n"
		      "id: 3f9a0b1c2d3e4f50\n"
		      "name: Ada Lovelace\n"
		      "email: ada@example.com\n"
		      "---\n"
		      "id: 77b0\n"
		      "name: Zo\xc3\xab\n"
		      "--- {}\n",
		      CRM_FMT_YAML, NULL, 3, NAMES("id", "name", "email"),
		      ROWS("3f9a0b1c2d3e4f50", "Ada Lovelace", "ada@example.com",
			   "77b0", "Zo\xc3\xab", NULL,
			   NULL, NULL, NULL), 3);
}

static void
test_fmt__yaml_quotes_what_would_change_type(void **state)
{
	static const char *const quoted[] = {
		"yes", "No", "ON", "off", "y", "n", "true", "False", "null",
		"~", "", "123", "-7", "+1", "1.5", "1_000", "0x1F", "0o17",
		"0b101", "1e5", ".5", ".inf", "-.Inf", ".NaN", "2026-11-02",
		"1.2.3", ".", "-x",
	};
	static const char *const plain[] = {
		"Ada", "ada@example.com", "a.b/c-d_e+f", "yesterday", "nothing",
		"3f9a", "x1", "v1.2", "_", "Zo\xc3\xab",
	};
	char *want, *got;
	size_t i;

	for (i = 0; i < N(quoted); i++) {
		want = crm_xasprintf("---\nv: '%s'\n", quoted[i]);
		got = render(CRM_FMT_YAML, NULL, 1, NAMES("v"), &quoted[i], 1);
		assert_string_equal(got, want);
		free(got);
		free(want);
	}
	for (i = 0; i < N(plain); i++) {
		want = crm_xasprintf("---\nv: %s\n", plain[i]);
		got = render(CRM_FMT_YAML, NULL, 1, NAMES("v"), &plain[i], 1);
		assert_string_equal(got, want);
		free(got);
		free(want);
	}
}

static void
test_fmt__yaml_quotes_syntax(void **state)
{
	assert_render("---\n"
		      "a: 'key: value'\n"
		      "b: '- item'\n"
		      "c: '@home'\n"
		      "d: 'trailing '\n"
		      "e: ' leading'\n"
		      "f: '# not a comment'\n"
		      "g: \"two\\nlines \\\"q\\\" \\\\ \\t\\e\"\n"
		      "h: '---'\n"
		      "i: '[x]'\n"
		      "j: '-'\n",
		      CRM_FMT_YAML, NULL, 10,
		      NAMES("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"),
		      ROWS("key: value", "- item", "@home", "trailing ",
			   " leading", "# not a comment",
			   "two\nlines \"q\" \\ \t\x1b", "---", "[x]", "-"), 1);
	/* keys are quoted by the same rules: "n" would be false */
	assert_render("---\nfirst name: Ada\n'yes': 'no'\n'n': '1'\n",
		      CRM_FMT_YAML, NULL, 3, NAMES("first name", "yes", "n"),
		      ROWS("Ada", "no", "1"), 1);
}

static void
test_fmt__yaml_numeric(void **state)
{
	static const int numeric[] = { 1 };
	static const struct opts o = { 0, 0, numeric };

	assert_render("---\nsum: 42\n---\nsum: -0.5\n---\nsum: '1e5'\n"
		      "---\nsum: 12a\n",
		      CRM_FMT_YAML, &o, 1, NAMES("sum"),
		      ROWS("42", "-0.5", "1e5", "12a"), 4);
}

static void
test_fmt__table_aligns(void **state)
{
	assert_render("id    name          city\n"
		      "3f9a  Ada Lovelace  London\n"
		      "77b0  Grace         Arlington\n",
		      CRM_FMT_TABLE, NULL, 3, NAMES("id", "name", "city"),
		      ROWS("3f9a", "Ada Lovelace", "London",
			   "77b0", "Grace", "Arlington"), 2);
}

static void
test_fmt__table_ignores_header_flag(void **state)
{
	static const struct opts hdr = { 0, 0, NULL };

	assert_render("id  n\n1   2\n", CRM_FMT_TABLE, &hdr, 2,
		      NAMES("id", "n"), ROWS("1", "2"), 1);
	/* no rows, no table */
	assert_render("", CRM_FMT_TABLE, NULL, 2, NAMES("id", "n"), NULL, 0);
}

static void
test_fmt__table_wide_and_combining(void **state)
{
	/*
	 * 北京 is 4 columns in 6 bytes; "Jose" + U+0301 is 4 columns in
	 * 6 bytes: both pad like "Oslo".
	 */
	assert_render("city  who\n"
		      "\xe5\x8c\x97\xe4\xba\xac  a\n"
		      "Oslo  b\n"
		      "Jose\xcc\x81  c\n"
		      "\xf0\x9f\x98\x80    d\n",
		      CRM_FMT_TABLE, NULL, 2, NAMES("city", "who"),
		      ROWS("\xe5\x8c\x97\xe4\xba\xac", "a", "Oslo", "b",
			   "Jose\xcc\x81", "c", "\xf0\x9f\x98\x80", "d"), 4);
}

static void
test_fmt__table_no_trailing_spaces(void **state)
{
	assert_render("id  note  x\n"
		      "1\n"
		      "2   hi\n"
		      "3   end   ok\n",
		      CRM_FMT_TABLE, NULL, 3, NAMES("id", "note", "x"),
		      ROWS("1", NULL, "", "2", "hi", NULL, "3", "end", "ok"), 3);
}

static void
test_fmt__table_neutralises_escapes(void **state)
{
	assert_render("name                     note\n"
		      "\\x1b[2J\\x1b]0;pwned\\x07  a\\nb\\tc\\rd\n"
		      "evil\\u202etxt.exe        \\u009b31m \\u2066x\\u2069\n"
		      "bad\\xff\\xe4              \\x7f\\x01\n",
		      CRM_FMT_TABLE, NULL, 2, NAMES("name", "note"),
		      ROWS("\x1b[2J\x1b]0;pwned\x07", "a\nb\tc\rd",
			   "evil\xe2\x80\xaetxt.exe",
			   "\xc2\x9b" "31m \xe2\x81\xa6x\xe2\x81\xa9",
			   "bad\xff\xe4", "\x7f\x01"), 3);
	/* names are shown the same way */
	assert_render("a\\x1bb\n1\n", CRM_FMT_TABLE, NULL, 1,
		      NAMES("a\x1b" "b"), ROWS("1"), 1);
}

static void
test_fmt__table_fits_width(void **state)
{
	static const struct opts w20 = { 0, 20, NULL };

	/* the widest column gives way; the others keep their width */
	assert_render("id  name  note\n"
		      "1   Ada   a long no\xe2\x80\xa6\n"
		      "2   Bo    short\n",
		      CRM_FMT_TABLE, &w20, 3, NAMES("id", "name", "note"),
		      ROWS("1", "Ada", "a long note that goes on",
			   "2", "Bo", "short"), 2);
}

static void
test_fmt__table_fits_widest_first(void **state)
{
	static const struct opts w31 = { 0, 31, NULL };

	/*
	 * 2 + 17 + 22 and two gaps of 2 into 31: both wide columns come
	 * down to a common cap of 12, and the one column left over goes to
	 * the first of them; "id" keeps its width.
	 */
	assert_render("id  name           email\n"
		      "1   Konstantinop\xe2\x80\xa6  alexandrina\xe2\x80\xa6\n",
		      CRM_FMT_TABLE, &w31, 3, NAMES("id", "name", "email"),
		      ROWS("1", "Konstantinopolis", "alexandrina.v@examp.le"), 1);
}

static void
test_fmt__table_minimum_width(void **state)
{
	static const struct opts w8 = { 0, 8, NULL };

	/* columns stop at 4 (the ellipsis included); the line runs over */
	assert_render("id  name  ema\xe2\x80\xa6\n"
		      "1   Ale\xe2\x80\xa6  ale\xe2\x80\xa6\n",
		      CRM_FMT_TABLE, &w8, 3, NAMES("id", "name", "email"),
		      ROWS("1", "Alexandrina", "alexandrina@example.com"), 1);
}

static void
test_fmt__table_cuts_wide_chars(void **state)
{
	static const struct opts w12 = { 0, 12, NULL };
	char *got = render(CRM_FMT_TABLE, &w12, 2, NAMES("id", "city"),
			   ROWS("1", "\xe5\x8c\x97\xe4\xba\xac\xe5\xb8\x82"
			   "\xe6\x9c\x9d\xe9\x98\xb3\xe5\x8c\xba"), 1);
	char *line, *nl;

	/* 12 - "id" - 2 leaves 8 columns: three wide chars and "…" */
	assert_string_equal(got, "id  city\n"
			    "1   \xe5\x8c\x97\xe4\xba\xac\xe5\xb8\x82\xe2\x80\xa6\n");
	for (line = got; (nl = strchr(line, '\n')); line = nl + 1) {
		*nl = '\0';
		assert_true(crm_text_width(line) <= 12);
	}
	free(got);
}

static void
test_fmt__table_streams_nothing_until_end(void **state)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	struct crm_fmt *w = crm_fmt_new(fp, CRM_FMT_TABLE, 1, NAMES("id"),
					0, 0);

	assert_int_equal(crm_fmt_row(w, ROWS("1")), 0);
	fflush(fp);
	assert_int_equal(len, 0);
	assert_int_equal(crm_fmt_end(w), 0);
	assert_string_equal(out, "id\n1\n");
	/* a second end writes nothing more */
	assert_int_equal(crm_fmt_end(w), 0);
	crm_fmt_free(w);
	fclose(fp);
	assert_string_equal(out, "id\n1\n");
	free(out);
}

static void
test_fmt__stream_formats_write_each_row(void **state)
{
	static const enum crm_format fs[] = {
		CRM_FMT_TSV, CRM_FMT_CSV, CRM_FMT_JSON, CRM_FMT_YAML,
	};
	size_t i, before;

	for (i = 0; i < N(fs); i++) {
		char *out = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&out, &len);
		struct crm_fmt *w = crm_fmt_new(fp, fs[i], 1, NAMES("id"), 0,
						0);

		assert_int_equal(crm_fmt_row(w, ROWS("1")), 0);
		fflush(fp);
		assert_true(len > 0);
		before = len;
		assert_int_equal(crm_fmt_row(w, ROWS("2")), 0);
		fflush(fp);
		assert_true(len > before);
		assert_int_equal(crm_fmt_end(w), 0);
		crm_fmt_free(w);
		fclose(fp);
		free(out);
	}
}

static void
test_fmt__auto_is_tsv_off_a_terminal(void **state)
{
	assert_render("1\tAda\n", CRM_FMT_AUTO, NULL, 2, NAMES("id", "name"),
		      ROWS("1", "Ada"), 1);
}

static void
test_fmt__write_error(void **state)
{
	FILE *fp = fopen("/dev/full", "w");
	struct crm_fmt *w;
	int rc = 0, i;

	if (!fp)
		skip();
	w = crm_fmt_new(fp, CRM_FMT_TSV, 1, NAMES("id"), 0, 0);
	/* enough rows to overflow stdio's buffer: rows report it too */
	for (i = 0; i < 10000 && rc == 0; i++)
		rc = crm_fmt_row(w, ROWS("0123456789"));
	assert_int_equal(rc, CRM_EIO);
	assert_string_equal(crm_err_msg(), "write error: No space left on device");
	assert_int_equal(crm_fmt_end(w), CRM_EIO);
	crm_fmt_free(w);
	fclose(fp);

	/* a table fails at the end, where it is written */
	fp = fopen("/dev/full", "w");
	assert_non_null(fp);
	w = crm_fmt_new(fp, CRM_FMT_TABLE, 1, NAMES("id"), 0, 0);
	assert_int_equal(crm_fmt_row(w, ROWS("1")), 0);
	assert_int_equal(crm_fmt_end(w), CRM_EIO);
	crm_fmt_free(w);
	fclose(fp);
}

static void
test_fmt__free_null(void **state)
{
	crm_fmt_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fmt__parse),
		cmocka_unit_test(test_fmt__tsv_escape),
		cmocka_unit_test(test_fmt__tsv_rows),
		cmocka_unit_test(test_fmt__tsv_header_without_rows),
		cmocka_unit_test(test_fmt__csv_escape),
		cmocka_unit_test(test_fmt__csv_rows),
		cmocka_unit_test(test_fmt__json_rows),
		cmocka_unit_test(test_fmt__json_escapes),
		cmocka_unit_test(test_fmt__json_numeric),
		cmocka_unit_test(test_fmt__yaml_rows),
		cmocka_unit_test(test_fmt__yaml_quotes_what_would_change_type),
		cmocka_unit_test(test_fmt__yaml_quotes_syntax),
		cmocka_unit_test(test_fmt__yaml_numeric),
		cmocka_unit_test(test_fmt__table_aligns),
		cmocka_unit_test(test_fmt__table_ignores_header_flag),
		cmocka_unit_test(test_fmt__table_wide_and_combining),
		cmocka_unit_test(test_fmt__table_no_trailing_spaces),
		cmocka_unit_test(test_fmt__table_neutralises_escapes),
		cmocka_unit_test(test_fmt__table_fits_width),
		cmocka_unit_test(test_fmt__table_fits_widest_first),
		cmocka_unit_test(test_fmt__table_minimum_width),
		cmocka_unit_test(test_fmt__table_cuts_wide_chars),
		cmocka_unit_test(test_fmt__table_streams_nothing_until_end),
		cmocka_unit_test(test_fmt__stream_formats_write_each_row),
		cmocka_unit_test(test_fmt__auto_is_tsv_off_a_terminal),
		cmocka_unit_test(test_fmt__write_error),
		cmocka_unit_test(test_fmt__free_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
