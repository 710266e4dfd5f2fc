/*
 * u-csv.c: unit tests of common/csv.c, the CSV reader: RFC 4180 quoting,
 * line ends and line numbers, blank lines, byte order marks, delimiters,
 * every kind of bad input and the reader going on after it, limits, read
 * errors, and Thunderbird's address book exports (from ../shared/data/csv,
 * or $SHARED_DATA/csv; skipped when missing).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crm.h"
#include "internal.h"

/*
 * What a reader of data gives, one line each: "LINE: f1|f2|f3" for a
 * record (LF, CR, '|' and '\' in fields written \n, \r, \| and \\),
 * "LINE! message" for CRM_EDATA, "IO! message" for CRM_EIO.  The caller
 * frees it.
 */
static char *
dump_fp(FILE *fp, int delim)
{
	struct crm_buf out = CRM_BUF_INIT;
	struct crm_csv *c = crm_csv_new(fp, "t.csv");
	char **f;
	size_t n, i;
	const char *p;
	long line;
	int rc, guard = 0;

	if (delim)
		assert_int_equal(crm_csv_delimiter(c, delim), 0);
	while ((rc = crm_csv_next(c, &f, &n, &line)) != 0) {
		assert_true(++guard < 1000);
		if (rc == CRM_EDATA) {
			assert_null(f);
			crm_buf_addf(&out, "%ld! %s\n", line, crm_err_msg());
			continue;
		}
		if (rc == CRM_EIO) {
			crm_buf_addf(&out, "IO! %s\n", crm_err_msg());
			continue;
		}
		assert_int_equal(rc, 1);
		assert_true(n >= 1);
		assert_null(f[n]);
		crm_buf_addf(&out, "%ld: ", line);
		for (i = 0; i < n; i++) {
			if (i)
				crm_buf_addc(&out, '|');
			for (p = f[i]; *p; p++) {
				if (*p == '\n')
					crm_buf_adds(&out, "\\n");
				else if (*p == '\r')
					crm_buf_adds(&out, "\\r");
				else if (*p == '|' || *p == '\\')
					crm_buf_addf(&out, "\\%c", *p);
				else
					crm_buf_addc(&out, *p);
			}
		}
		crm_buf_addc(&out, '\n');
	}
	assert_null(f);
	assert_int_equal(n, 0);
	/* the end stays the end */
	assert_int_equal(crm_csv_next(c, &f, &n, &line), 0);
	crm_csv_free(c);
	return crm_buf_detach(&out);
}

static char *
dump_mem(const char *data, size_t len, int delim)
{
	FILE *fp = len ? fmemopen((void *)data, len, "r") :
			 fopen("/dev/null", "r");
	char *s;

	assert_non_null(fp);
	s = dump_fp(fp, delim);
	fclose(fp);
	return s;
}

/* data with its length, so that it may hold NUL */
#define assert_csv_d(data, delim, want) do { \
		char *got_ = dump_mem((data), sizeof(data) - 1, (delim)); \
		assert_string_equal(got_, (want)); \
		free(got_); \
	} while (0)
#define assert_csv(data, want) assert_csv_d(data, 0, want)

static void
test_csv__simple(void **state)
{
	assert_csv("a,b,c\n1,2,3\n", "1: a|b|c\n2: 1|2|3\n");
	assert_csv("one\n", "1: one\n");
}

static void
test_csv__empty_input(void **state)
{
	assert_csv("", "");
	assert_csv("\n\n\r\n\r", "");
	assert_csv("\xef\xbb\xbf", "");
	assert_csv("\xef\xbb\xbf\n", "");
}

static void
test_csv__last_line_without_newline(void **state)
{
	assert_csv("a,b\nc,d", "1: a|b\n2: c|d\n");
	assert_csv("a,\"b\"", "1: a|b\n");
	assert_csv("\"\"", "1: \n");
}

static void
test_csv__trailing_delimiter_gives_empty_field(void **state)
{
	FILE *fp = fmemopen("a,b,\n", 5, "r");
	struct crm_csv *c = crm_csv_new(fp, "t.csv");
	char **f;
	size_t n;
	long line;

	assert_int_equal(crm_csv_next(c, &f, &n, &line), 1);
	assert_int_equal(n, 3);
	assert_string_equal(f[0], "a");
	assert_string_equal(f[1], "b");
	assert_string_equal(f[2], "");
	assert_null(f[3]);
	assert_int_equal(line, 1);
	assert_int_equal(crm_csv_next(c, &f, &n, &line), 0);
	crm_csv_free(c);
	fclose(fp);

	assert_csv("a,", "1: a|\n");
	assert_csv(",", "1: |\n");
	assert_csv(",,\r\n", "1: ||\n");
	assert_csv("a,\"\"", "1: a|\n");
}

static void
test_csv__empty_quoted_field(void **state)
{
	assert_csv("\"\"\n", "1: \n");
	assert_csv("\"\",\"\"\n", "1: |\n");
	assert_csv("x,\"\",y\n", "1: x||y\n");
	/* a line holding "" is a record, unlike an empty line */
	assert_csv("a\n\n\"\"\n\nb\n", "1: a\n3: \n5: b\n");
}

static void
test_csv__quoted_then_delimiter_or_line_end(void **state)
{
	assert_csv("\"a\",\"b\"\n\"c\"\r\n\"d\"\r\"e\"",
		   "1: a|b\n2: c\n3: d\n4: e\n");
	assert_csv("\"a\",b,\"c\"\n", "1: a|b|c\n");
}

static void
test_csv__quoted_special_characters(void **state)
{
	assert_csv("\"a,b\",\"say \"\"hi\"\"\",\"\"\"\"\n",
		   "1: a,b|say \"hi\"|\"\n");
	/* LF and CRLF inside quotes are kept as they are */
	assert_csv("\"l1\nl2\",\"x\r\ny\",\"c\rr\"\nnext\n",
		   "1: l1\\nl2|x\\r\\ny|c\\rr\n5: next\n");
}

static void
test_csv__spaces_are_data(void **state)
{
	assert_csv(" a , b ,\t\n", "1:  a | b |\t\n");
	assert_csv("   \n", "1:    \n");
	/* a quote after a space starts no quoted field */
	assert_csv(" \"a,b\" \n", "1:  \"a|b\" \n");
}

static void
test_csv__bare_quote_in_unquoted_field(void **state)
{
	assert_csv("5'11\",x\"y\"\n", "1: 5'11\"|x\"y\"\n");
}

static void
test_csv__blank_lines_skipped(void **state)
{
	assert_csv("\n\na\n\r\n\nb\n\n", "3: a\n6: b\n");
	assert_csv("\r\r\na\r\r", "3: a\n");
}

static void
test_csv__line_ends_mixed(void **state)
{
	assert_csv("a,b\r\nc,d\ne,f\rg,h\r\n\"i\nj\",k\r\nl\n",
		   "1: a|b\n2: c|d\n3: e|f\n4: g|h\n5: i\\nj|k\n7: l\n");
}

static void
test_csv__lines_counted_across_quoted_newlines(void **state)
{
	assert_csv("a,\"1\n2\n3\",b\nc\n\"x\r\n\r\ny\"\nd\n\"\r\"\ne",
		   "1: a|1\\n2\\n3|b\n4: c\n5: x\\r\\n\\r\\ny\n8: d\n9: \\r\n11: e\n");
}

static void
test_csv__bom(void **state)
{
	assert_csv("\xef\xbb\xbfname,email\nAda,ada@example.org\n",
		   "1: name|email\n2: Ada|ada@example.org\n");
	assert_csv("\xef\xbb\xbf\"name\"\n", "1: name\n");
	/* only at the start: elsewhere U+FEFF is a character like another */
	assert_csv("a\n\xef\xbb\xbf" "b\n", "1: a\n2: \xef\xbb\xbf" "b\n");
	/* columns count from after the mark */
	assert_csv("\xef\xbb\xbf" "ab\xff\n",
		   "1! t.csv:1: byte 3: invalid UTF-8\n");
	/* a mark cut short is bad UTF-8 */
	assert_csv("\xef\xbb" "a\n", "1! t.csv:1: byte 1: invalid UTF-8\n");
}

static void
test_csv__utf16_refused(void **state)
{
	assert_csv("\xff\xfe" "a\0,\0b\0\n\0",
		   "1! t.csv:1: UTF-16 text, not UTF-8 (convert it with iconv)\n");
	assert_csv("\xfe\xff\0a", "1! t.csv:1: UTF-16 text, not UTF-8 (convert it with iconv)\n");
}

static void
test_csv__semicolon_and_tab_delimiters(void **state)
{
	assert_csv_d("Name;Amount\nM\xc3\xbcller;1,50\n\"a;b\";\"c\"\"\"\n",
		     ';', "1: Name|Amount\n2: M\xc3\xbcller|1,50\n3: a;b|c\"\n");
	assert_csv_d("a\tb c\t\n\"x\ty\"\tz\n", '\t',
		     "1: a|b c|\n2: x\ty|z\n");
}

static void
test_csv__delimiter_checked(void **state)
{
	struct crm_csv *c = crm_csv_new(stdin, "t.csv");

	assert_int_equal(crm_csv_delimiter(c, '"'), CRM_EUSAGE);
	assert_string_equal(crm_err_msg(),
			    "the CSV delimiter must be one ASCII character other than a quote or a line end");
	assert_int_equal(crm_csv_delimiter(c, '\n'), CRM_EUSAGE);
	assert_int_equal(crm_csv_delimiter(c, '\r'), CRM_EUSAGE);
	assert_int_equal(crm_csv_delimiter(c, 0), CRM_EUSAGE);
	assert_int_equal(crm_csv_delimiter(c, 0xa7), CRM_EUSAGE);
	assert_int_equal(crm_csv_delimiter(c, -1), CRM_EUSAGE);
	assert_int_equal(crm_csv_delimiter(c, '|'), 0);
	assert_int_equal(crm_csv_delimiter(c, ','), 0);
	crm_csv_free(c);
	crm_csv_free(NULL);
}

static void
test_csv__delimiter_changed_between_records(void **state)
{
	FILE *fp = fmemopen("a;b,c\nd;e,f\n", 12, "r");
	struct crm_csv *c = crm_csv_new(fp, "t.csv");
	char **f;
	size_t n;
	long line;

	assert_int_equal(crm_csv_next(c, &f, &n, &line), 1);
	assert_int_equal(n, 2);
	assert_string_equal(f[0], "a;b");
	assert_int_equal(crm_csv_delimiter(c, ';'), 0);
	assert_int_equal(crm_csv_next(c, &f, &n, &line), 1);
	assert_int_equal(n, 2);
	assert_string_equal(f[1], "e,f");
	crm_csv_free(c);
	fclose(fp);
}

static void
test_csv__unterminated_quote(void **state)
{
	assert_csv("a,b\nc,\"open\nd,e\nf\n",
		   "1: a|b\n2! t.csv:2: byte 3: unterminated quoted field\n");
	assert_csv("\"", "1! t.csv:1: byte 1: unterminated quoted field\n");
	assert_csv("a,\"\"\"\n", "1! t.csv:1: byte 3: unterminated quoted field\n");
	/* it explains the other problems of its record, so it wins */
	assert_csv("x\xff,\"abc\n",
		   "1! t.csv:1: byte 4: unterminated quoted field\n");
}

static void
test_csv__character_after_closing_quote(void **state)
{
	assert_csv("\"a\"x,b\nc,d\n",
		   "1! t.csv:1: byte 4: character after closing quote\n2: c|d\n");
	/* spaces are characters too */
	assert_csv("\"a\" ,b\r\nc\r\n",
		   "1! t.csv:1: byte 4: character after closing quote\n2: c\n");
	/* the reader follows the quotes of the bad record to its end */
	assert_csv("x,\"a\"b,\"1\n2\"\nc\n",
		   "1! t.csv:1: byte 6: character after closing quote\n3: c\n");
	assert_csv("\"a\nb\"c\nd\n",
		   "1! t.csv:2: byte 3: character after closing quote (opened on line 1)\n3: d\n");
}

static void
test_csv__unbalanced_quote_closed_later(void **state)
{
	/*
	 * The next quote in the input closes it; the message says where it
	 * opened.  What follows is read as well as it can be.
	 */
	assert_csv("1,a\n2,\"open\n3,\"multi\r\nline\",x\n4,b\n",
		   "1: 1|a\n"
		   "2! t.csv:3: byte 4: character after closing quote (opened on line 2)\n"
		   "4: line\"|x\n"
		   "5: 4|b\n");
}

static void
test_csv__invalid_utf8(void **state)
{
	/* CP1252 é */
	assert_csv("name\nJos\xe9,x\nok\n",
		   "1: name\n2! t.csv:2: byte 4: invalid UTF-8\n3: ok\n");
	assert_csv("a,b\xff" "c\n", "1! t.csv:1: byte 4: invalid UTF-8\n");
	/* overlong, surrogate, truncated */
	assert_csv("\xc0\xaf\n", "1! t.csv:1: byte 1: invalid UTF-8\n");
	assert_csv("ab,\xed\xa0\x80\n", "1! t.csv:1: byte 4: invalid UTF-8\n");
	assert_csv("\xc3\n", "1! t.csv:1: byte 1: invalid UTF-8\n");
	/* inside quotes: the byte's own line and column */
	assert_csv("x,\"l1\nab\xff\"\ny\n",
		   "1! t.csv:2: byte 3: invalid UTF-8\n3: y\n");
	assert_csv("\"a\"\"\xff\"\n", "1! t.csv:1: byte 5: invalid UTF-8\n");
	assert_csv("\"a\r\n\r\xff\"\n", "1! t.csv:3: byte 1: invalid UTF-8\n");
	/* the first problem of a record is named */
	assert_csv("\xff,\xfe\n", "1! t.csv:1: byte 1: invalid UTF-8\n");
	/* valid multi-byte text passes */
	assert_csv("Z\xc3\xbcrich,\xe4\xb8\xad,\xf0\x9f\x98\x80\n",
		   "1: Z\xc3\xbcrich|\xe4\xb8\xad|\xf0\x9f\x98\x80\n");
}

static void
test_csv__nul(void **state)
{
	assert_csv("a,b\0c\nd\n", "1! t.csv:1: byte 4: NUL byte\n2: d\n");
	assert_csv("\"\n\0\"\n", "1! t.csv:2: byte 1: NUL byte\n");
}

static void
test_csv__every_bad_record_reported(void **state)
{
	assert_csv("h1,h2\n\"a\"b,1\nok,2\nx\xff,3\n\n\"m\nu\"!,4\nlast,5",
		   "1: h1|h2\n"
		   "2! t.csv:2: byte 4: character after closing quote\n"
		   "3: ok|2\n"
		   "4! t.csv:4: byte 2: invalid UTF-8\n"
		   "6! t.csv:7: byte 3: character after closing quote (opened on line 6)\n"
		   "8: last|5\n");
}

/* n copies of byte ch, and text around them */
static char *
make(const char *before, int ch, size_t n, const char *after, size_t *len)
{
	size_t a = strlen(before), b = strlen(after);
	char *s = crm_xmalloc(a + n + b + 1);

	memcpy(s, before, a);
	memset(s + a, ch, n);
	memcpy(s + a + n, after, b + 1);
	*len = a + n + b;
	return s;
}

static void
test_csv__field_limit(void **state)
{
	size_t len;
	char *s, *got;

	/* 1 MiB is fine */
	s = make("a,", 'x', 1 << 20, ",b\n", &len);
	got = dump_mem(s, len, 0);
	assert_int_equal(strlen(got), 3 + 2 + (1 << 20) + 3);
	assert_memory_equal(got + (1 << 20) + 5, "|b\n", 3);
	free(got);
	free(s);
	/* a byte more is not; the reader goes on after it */
	s = make("a,", 'x', (1 << 20) + 1, ",b\nc\n", &len);
	got = dump_mem(s, len, 0);
	assert_string_equal(got, "1! t.csv:1: field 2 longer than 1 MiB\n2: c\n");
	free(got);
	free(s);
	/* quoted, with line ends inside: it is found where it starts */
	s = make("a\nb,\"\n", '\n', 3 << 20, "\",c\nd\n", &len);
	got = dump_mem(s, len, 0);
	assert_string_equal(got, "1: a\n2! t.csv:2: field 2 longer than 1 MiB\n"
			    "3145732: d\n");
	free(got);
	free(s);
	/* a 10 MB field */
	s = make("\"", 'y', 10000000, "\"\nz\n", &len);
	got = dump_mem(s, len, 0);
	assert_string_equal(got, "1! t.csv:1: field 1 longer than 1 MiB\n2: z\n");
	free(got);
	free(s);
}

static void
test_csv__record_limit(void **state)
{
	struct crm_buf b = CRM_BUF_INIT;
	size_t i;
	char *got, *field = make("", 'x', 1 << 20, "", &i);

	for (i = 0; i < 16; i++) {
		crm_buf_add(&b, field, 1 << 20);
		crm_buf_addc(&b, ',');
	}
	crm_buf_adds(&b, "x\nok\n");
	got = dump_mem(b.buf, b.len, 0);
	assert_string_equal(got, "1! t.csv:1: record longer than 16 MiB\n2: ok\n");
	free(got);
	free(field);
	crm_buf_release(&b);
}

static void
test_csv__fields_limit(void **state)
{
	struct crm_buf b = CRM_BUF_INIT;
	FILE *fp;
	struct crm_csv *c;
	char **f;
	size_t n, i;
	long line;

	for (i = 1; i < 10000; i++)
		crm_buf_adds(&b, "x,");
	crm_buf_adds(&b, "y\n");
	for (i = 1; i < 10001; i++)
		crm_buf_adds(&b, ",");
	crm_buf_adds(&b, "\nlast\n");
	fp = fmemopen(b.buf, b.len, "r");
	c = crm_csv_new(fp, "t.csv");
	assert_int_equal(crm_csv_next(c, &f, &n, &line), 1);
	assert_int_equal(n, 10000);
	assert_string_equal(f[9999], "y");
	assert_int_equal(crm_csv_next(c, &f, &n, &line), CRM_EDATA);
	assert_int_equal(line, 2);
	assert_string_equal(crm_err_msg(), "t.csv:2: more than 10000 fields");
	assert_int_equal(crm_csv_next(c, &f, &n, &line), 1);
	assert_int_equal(line, 3);
	assert_string_equal(f[0], "last");
	assert_int_equal(crm_csv_next(c, &f, &n, &line), 0);
	crm_csv_free(c);
	fclose(fp);
	crm_buf_release(&b);
}

/* Line ends, quotes and characters astride the reader's 64 KiB chunks. */
static void
test_csv__chunk_boundaries(void **state)
{
	static const struct {
		int quoted;
		const char *tail, *want;
	} t[] = {
		{ 0, "\r\nb\r\n", "\n2: b\n" },
		{ 1, "\"\"x\",b\n", "\"x|b\n" },
		{ 1, "\",\"y\"\n", "|y\n" },
		{ 0, "\xc3\xa9,\"\r\n\",e\n", "\xc3\xa9|\\r\\n|e\n" },
	};
	size_t pad, i, len;
	char *s, *got, *as;

	for (i = 0; i < sizeof(t) / sizeof(*t); i++)
		for (pad = 65530; pad < 65540; pad++) {
			/* the tail starts at offset pad */
			s = make(t[i].quoted ? "\"" : "", 'a',
				 t[i].quoted ? pad - 1 : pad, t[i].tail, &len);
			as = make("1: ", 'a', t[i].quoted ? pad - 1 : pad,
				  t[i].want, &len);
			got = dump_mem(s, strlen(s), 0);
			assert_string_equal(got, as);
			free(got);
			free(as);
			free(s);
		}
}

static void
test_csv__read_error(void **state)
{
	FILE *fp = fopen(".", "r");
	char *got;

	if (!fp)
		skip();
	got = dump_fp(fp, 0);
	assert_string_equal(got, "IO! t.csv: Is a directory\n");
	free(got);
	fclose(fp);
}

/*
 * 100,000 rows in a stream, row bad_row replaced by bad[0..bad_len).  Unless plain
 * (no quotes, one line each), rows 3, 6, 9, ... take two lines, so that
 * row r starts on line r + (r - 1) / 3.
 */
static void
stream(int plain, const char *bad, size_t bad_len, long bad_row,
       long want_line, const char *want_msg, long want_records)
{
	FILE *fp = tmpfile();
	struct crm_csv *c;
	char **f;
	size_t n;
	long line, r, records = 0, errors = 0;
	int rc;

	assert_non_null(fp);
	for (r = 1; r <= 100000; r++) {
		if (r == bad_row)
			fwrite(bad, 1, bad_len, fp);
		else if (plain)
			fprintf(fp, "%ld,name %ld,x y,%ld@example.org\n", r, r, r);
		else if (r % 3)
			fprintf(fp, "%ld,name %ld,\"x, y\",%ld@example.org\n",
				r, r, r);
		else
			fprintf(fp, "%ld,\"multi\r\nline\",,\"q\"\"q\"\r\n", r);
	}
	rewind(fp);
	c = crm_csv_new(fp, "big.csv");
	while ((rc = crm_csv_next(c, &f, &n, &line)) != 0) {
		if (rc == CRM_EDATA) {
			errors++;
			assert_int_equal(line, want_line);
			assert_string_equal(crm_err_msg(), want_msg);
			continue;
		}
		assert_int_equal(rc, 1);
		records++;
		assert_int_equal(n, 4);
		r = strtol(f[0], NULL, 10);
		assert_int_equal(line, plain ? r : r + (r - 1) / 3);
		if (plain) {
			assert_string_equal(f[2], "x y");
		} else if (r % 3 == 0) {
			assert_string_equal(f[1], "multi\r\nline");
			assert_string_equal(f[2], "");
			assert_string_equal(f[3], "q\"q");
		} else {
			assert_string_equal(f[2], "x, y");
		}
	}
	assert_int_equal(errors, 1);
	assert_int_equal(records, want_records);
	crm_csv_free(c);
	fclose(fp);
}

#define STREAM(plain, bad, ...) stream(plain, bad, sizeof(bad) - 1, __VA_ARGS__)

static void
test_csv__stream_with_one_bad_row(void **state)
{
	/* row 50,000 starts on line 66,666 */
	STREAM(0, "50000,\"bad\"x,,\n", 50000, 66666,
	       "big.csv:66666: byte 12: character after closing quote", 99999);
	STREAM(0, "50000,Jos\xe9,,\n", 50000, 66666,
	       "big.csv:66666: byte 10: invalid UTF-8", 99999);
	STREAM(1, "50000,a\0b,,\n", 50000, 50000,
	       "big.csv:50000: byte 8: NUL byte", 99999);
	/* an unbalanced quote on row 2 with no other quote after it */
	STREAM(1, "2,\"open,,\n", 2, 2,
	       "big.csv:2: byte 3: unterminated quoted field", 1);
}

/* The folder of the Thunderbird samples, or NULL. */
static const char *
data_dir(void)
{
	static char path[4096];
	const char *top = getenv("SHARED_DATA");
	FILE *fp;

	snprintf(path, sizeof(path), "%s/csv/MANIFEST.tsv",
		 top && *top ? top : "../shared/data");
	fp = fopen(path, "r");
	if (!fp)
		return NULL;
	fclose(fp);
	*strrchr(path, '/') = '\0';
	return path;
}

static struct crm_csv *
open_sample(FILE **fp, const char *file)
{
	const char *dir = data_dir();
	char path[4200];

	if (!dir)
		return NULL;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	*fp = fopen(path, "r");
	assert_non_null(*fp);
	return crm_csv_new(*fp, file);
}

/* MANIFEST.tsv, read as CSV with tabs: the samples are the ones it lists. */
static void
test_csv__thunderbird_manifest(void **state)
{
	const char *dir = data_dir();
	char path[4200];
	FILE *fp, *sample;
	struct crm_csv *c;
	char **f;
	size_t n, files = 0;
	long line, size;

	if (!dir)
		skip();
	snprintf(path, sizeof(path), "%s/MANIFEST.tsv", dir);
	fp = fopen(path, "r");
	assert_non_null(fp);
	c = crm_csv_new(fp, "MANIFEST.tsv");
	assert_int_equal(crm_csv_delimiter(c, '\t'), 0);
	assert_int_equal(crm_csv_next(c, &f, &n, &line), 1);
	assert_int_equal(n, 10);
	assert_string_equal(f[0], "file");
	assert_string_equal(f[5], "bytes");
	while (crm_csv_next(c, &f, &n, &line) == 1) {
		assert_int_equal(n, 10);
		snprintf(path, sizeof(path), "%s/%s", dir, f[0]);
		sample = fopen(path, "r");
		assert_non_null(sample);
		assert_int_equal(fseek(sample, 0, SEEK_END), 0);
		size = ftell(sample);
		assert_int_equal(size, strtol(f[5], NULL, 10));
		fclose(sample);
		files++;
	}
	assert_int_equal(files, 3);
	crm_csv_free(c);
	fclose(fp);
}

static void
test_csv__thunderbird_basic(void **state)
{
	FILE *fp;
	struct crm_csv *c = open_sample(&fp, "thunderbird_basic_addressbook.csv");
	char **f;
	size_t n, i;
	long line;

	if (!c)
		skip();
	assert_int_equal(crm_csv_next(c, &f, &n, &line), 1);
	/* the header ends in a comma: an empty last name */
	assert_int_equal(n, 38);
	assert_string_equal(f[0], "First Name");
	assert_string_equal(f[4], "Primary Email");
	assert_string_equal(f[36], "Screen Name");
	assert_string_equal(f[37], "");
	assert_int_equal(crm_csv_next(c, &f, &n, &line), 1);
	assert_int_equal(line, 2);
	assert_int_equal(n, 38);
	assert_string_equal(f[0], "John");
	assert_string_equal(f[1], "Doe");
	assert_string_equal(f[2], "John Doe");
	assert_string_equal(f[3], "");
	assert_string_equal(f[4], "johndoe@host.invalid");
	for (i = 5; i < n; i++)
		assert_string_equal(f[i], "");
	assert_int_equal(crm_csv_next(c, &f, &n, &line), 0);
	crm_csv_free(c);
	fclose(fp);
}

static void
test_csv__thunderbird_quote(void **state)
{
	FILE *fp;
	struct crm_csv *c = open_sample(&fp, "thunderbird_quote.csv");
	char **f;
	size_t n, i;
	long line;

	if (!c)
		skip();
	/* CRLF line ends: nothing of them is left in the last field */
	assert_int_equal(crm_csv_next(c, &f, &n, &line), 1);
	assert_int_equal(n, 37);
	assert_string_equal(f[36], "Notes");
	assert_int_equal(crm_csv_next(c, &f, &n, &line), 1);
	assert_int_equal(line, 2);
	assert_int_equal(n, 37);
	for (i = 0; i < n; i++)
		if (i == 2 || i == 26)
			assert_string_equal(f[i], "Acer America");
		else if (i == 7)
			assert_string_equal(f[i], "(800) 000-0000");
		else
			assert_string_equal(f[i], "");
	assert_int_equal(crm_csv_next(c, &f, &n, &line), 0);
	crm_csv_free(c);
	fclose(fp);
}

static void
test_csv__thunderbird_tab_comma_mixed(void **state)
{
	FILE *fp;
	struct crm_csv *c = open_sample(&fp, "thunderbird_tab_comma_mixed.csv");
	char **f;
	size_t n;
	long line;

	if (!c)
		skip();
	/* read as CSV, the tab-separated rows are one field each */
	assert_int_equal(crm_csv_next(c, &f, &n, &line), 1);
	assert_int_equal(n, 26);
	assert_string_equal(f[4], "1@host.invalid");
	assert_int_equal(crm_csv_next(c, &f, &n, &line), 1);
	assert_int_equal(n, 1);
	assert_string_equal(f[0], "2\t2\t2\t2\t2@host.invalid");
	/* and as TSV from there on, five */
	assert_int_equal(crm_csv_delimiter(c, '\t'), 0);
	assert_int_equal(crm_csv_next(c, &f, &n, &line), 1);
	assert_int_equal(line, 3);
	assert_int_equal(n, 5);
	assert_string_equal(f[4], "3@host.invalid");
	assert_int_equal(crm_csv_next(c, &f, &n, &line), 1);
	assert_int_equal(line, 4);
	assert_int_equal(crm_csv_next(c, &f, &n, &line), 0);
	crm_csv_free(c);
	fclose(fp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv__simple),
		cmocka_unit_test(test_csv__empty_input),
		cmocka_unit_test(test_csv__last_line_without_newline),
		cmocka_unit_test(test_csv__trailing_delimiter_gives_empty_field),
		cmocka_unit_test(test_csv__empty_quoted_field),
		cmocka_unit_test(test_csv__quoted_then_delimiter_or_line_end),
		cmocka_unit_test(test_csv__quoted_special_characters),
		cmocka_unit_test(test_csv__spaces_are_data),
		cmocka_unit_test(test_csv__bare_quote_in_unquoted_field),
		cmocka_unit_test(test_csv__blank_lines_skipped),
		cmocka_unit_test(test_csv__line_ends_mixed),
		cmocka_unit_test(test_csv__lines_counted_across_quoted_newlines),
		cmocka_unit_test(test_csv__bom),
		cmocka_unit_test(test_csv__utf16_refused),
		cmocka_unit_test(test_csv__semicolon_and_tab_delimiters),
		cmocka_unit_test(test_csv__delimiter_checked),
		cmocka_unit_test(test_csv__delimiter_changed_between_records),
		cmocka_unit_test(test_csv__unterminated_quote),
		cmocka_unit_test(test_csv__character_after_closing_quote),
		cmocka_unit_test(test_csv__unbalanced_quote_closed_later),
		cmocka_unit_test(test_csv__invalid_utf8),
		cmocka_unit_test(test_csv__nul),
		cmocka_unit_test(test_csv__every_bad_record_reported),
		cmocka_unit_test(test_csv__field_limit),
		cmocka_unit_test(test_csv__record_limit),
		cmocka_unit_test(test_csv__fields_limit),
		cmocka_unit_test(test_csv__chunk_boundaries),
		cmocka_unit_test(test_csv__read_error),
		cmocka_unit_test(test_csv__stream_with_one_bad_row),
		cmocka_unit_test(test_csv__thunderbird_manifest),
		cmocka_unit_test(test_csv__thunderbird_basic),
		cmocka_unit_test(test_csv__thunderbird_quote),
		cmocka_unit_test(test_csv__thunderbird_tab_comma_mixed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
