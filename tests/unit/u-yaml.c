/*
 * u-yaml.c: unit tests of common/yaml.c: the round trip of records
 * through crm_yaml_write and crm_yaml_read for every string a YAML
 * reader could take for something else (byte-identical re-write, same
 * values, and a str for PyYAML), which scalars crm_yaml_ambiguous quotes,
 * refusal of hostile YAML (anchors, aliases, tags, duplicate keys,
 * nesting, size caps, bad bytes) with "name:line:col" messages, streams
 * of several documents, and the generic tree of crm_yaml_load.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "crm.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define ID "3f9a0c7d21e84b65"

/*
 * s as a JSON string, for messages.  The buffers rotate so that a
 * message can show several; they stay reachable, so no leak is reported.
 */
static const char *
show(const char *s)
{
	static struct crm_buf ring[8];
	static size_t k;
	struct crm_buf *b = &ring[k++ % N(ring)];

	crm_buf_reset(b);
	crm_json_string(b, s);
	return crm_buf_str(b);
}

static int try_read(struct crm_record **out, struct crm_buf *why,
		    const char *text);

/*
 * Prints a TAP comment line.  cmocka's print_message cuts its output at
 * 1024 bytes, newline included, which would glue the next "ok" line to
 * this one; so the line is cut here first.
 */
static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
note(const char *fmt, ...)
{
	struct crm_buf b = CRM_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	crm_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	print_message("# %.900s%s\n", crm_buf_str(&b),
		      b.len > 900 ? "..." : "");
	crm_buf_release(&b);
}

/* The YAML of r, as a string the caller frees. */
static char *
yaml_of(const struct crm_record *r, int doc_start)
{
	struct crm_buf b = CRM_BUF_INIT;

	if (crm_yaml_write(&b, r, doc_start) != 0)
		fail_msg("crm_yaml_write: %s", crm_err_msg());
	return crm_buf_detach(&b);
}

/* The only record of text; fails the test when there is not exactly one. */
static struct crm_record *
read_one(const char *text, size_t len, enum crm_kind kind)
{
	struct crm_yaml_reader *y = crm_yaml_reader_mem(text, len, "t.yaml");
	struct crm_record *r = NULL, *more = NULL;
	long line = 0;
	int rc;

	assert_non_null(y);
	rc = crm_yaml_read(&r, &line, y, kind);
	if (rc != 0)
		fail_msg("reading %s: rc %d: %s", show(text), rc,
			 crm_err_msg());
	if (!r)
		fail_msg("no record in %s", show(text));
	rc = crm_yaml_read(&more, &line, y, kind);
	if (rc != 0 || more)
		fail_msg("more than one record in %s (rc %d)", show(text), rc);
	crm_yaml_reader_free(y);
	return r;
}

/*
 * Compares a and b field by field: same keys in the same order, list
 * flags, values byte for byte and, with plainness, plainness.  Returns 0
 * when equal, else appends what differs to why.
 */
static int
record_diff(struct crm_buf *why, const struct crm_record *a,
	    const struct crm_record *b, int plainness)
{
	size_t i, j;

	if (crm_record_nfields(a) != crm_record_nfields(b)) {
		crm_buf_addf(why, "%zu fields, then %zu", crm_record_nfields(a),
			     crm_record_nfields(b));
		return -1;
	}
	for (i = 0; i < crm_record_nfields(a); i++) {
		const char *k = crm_record_key(a, i);

		if (strcmp(k, crm_record_key(b, i)) != 0) {
			crm_buf_addf(why, "field %zu: key %s, then %s", i,
				     show(k), show(crm_record_key(b, i)));
			return -1;
		}
		if (crm_record_is_list(a, i) != crm_record_is_list(b, i)) {
			crm_buf_addf(why, "field %s: list %d, then %d", k,
				     crm_record_is_list(a, i),
				     crm_record_is_list(b, i));
			return -1;
		}
		if (crm_record_nvalues(a, i) != crm_record_nvalues(b, i)) {
			crm_buf_addf(why, "field %s: %zu values, then %zu", k,
				     crm_record_nvalues(a, i),
				     crm_record_nvalues(b, i));
			return -1;
		}
		for (j = 0; j < crm_record_nvalues(a, i); j++) {
			const char *va = crm_record_value(a, i, j);
			const char *vb = crm_record_value(b, i, j);

			if (strcmp(va, vb) != 0) {
				crm_buf_addf(why, "field %s[%zu]: wrote %s, read %s",
					     k, j, show(va), show(vb));
				return -1;
			}
			if (plainness && crm_record_plain(a, i, j) !=
					 crm_record_plain(b, i, j)) {
				crm_buf_addf(why, "field %s[%zu] %s: plain %d, then %d",
					     k, j, show(va),
					     crm_record_plain(a, i, j),
					     crm_record_plain(b, i, j));
				return -1;
			}
		}
	}
	return 0;
}

/*
 * Writes r, reads it back, writes that again: values must be equal and
 * the two texts byte-identical.  Returns 0, or appends the problem.
 */
static int
round_trip(struct crm_buf *why, const struct crm_record *r, int doc_start)
{
	char *y1 = yaml_of(r, doc_start), *y2;
	struct crm_record *back;
	int rc = 0;

	if (try_read(&back, why, y1) < 0) {
		free(y1);
		return -1;
	}
	if (record_diff(why, r, back, 1) < 0) {
		crm_buf_addf(why, " (YAML %s)", show(y1));
		rc = -1;
	} else {
		y2 = yaml_of(back, doc_start);
		if (strcmp(y1, y2) != 0) {
			crm_buf_addf(why, "re-write differs: %s, then %s",
				     show(y1), show(y2));
			rc = -1;
		}
		free(y2);
	}
	crm_record_free(back);
	free(y1);
	return rc;
}

/* Strings a YAML reader could mistake, or that stress the emitter. */
static const char *const tricky[] = {
	/* YAML 1.1 and 1.2 non-strings */
	"no", "No", "NO", "ON", "off", "y", "Y", "n", "yes", "True", "false",
	"~", "null", "Null", "NULL", "", "0123", "0755", "0x1F", "0o17",
	"0b101", "1.10", "1e5", "1E+5", "1_000", "12:30", "190:20:30",
	"2026-01-01", "2026-01-01T10:00:00Z", "2026-01-01 10:00:00",
	".inf", "-.inf", ".NaN", "-.5", ".5", "+1", "-1", "0", "=", "<<",
	"1234567890123456", "12345e6789012345",
	/* ordinary, or ids that must stay plain strings */
	"98fa48427542aea9", "Jane Doe", "+33 1 23 45 67 89",
	/* spaces */
	" lead", "trail ", " both ", "   ", " ",
	/* indicators */
	"a: b", "a:b", "#x", "x #y", "x#y", "- item", "-", "--", "---", "...",
	"[a]", "{a}", "a, b", "a,b", "*alias", "&anchor", "!tag", "!!str",
	"%x", "@x", "`cmd`", "? x", ": x", "x:", "|", ">", "|-", ">+",
	"it's", "'", "''", "\"", "say \"hi\"", "back\\slash", "\\",
	"\\n", "a\\", "%YAML 1.2", "a:?b", "x:?", "a:b", "http://x.example/?q=1",
	"+\"34", "a ? b", "?x", "-x", ":x", "why?",
	"https://acme.example/?ref=crm",
	/* controls and breaks */
	"tab\there", "\t", "trailing tab\t", "crlf\r\nline", "cr\ronly",
	"\r", "\r\n", "esc\x1b[31mred", "del\x7f", "bell\x07",
	"nel\xc2\x85x", "ls\xe2\x80\xa8x", "ps\xe2\x80\xa9x",
	"\xc2\x85", "\xe2\x80\xa8", "bom\xef\xbb\xbfx", "\xef\xbb\xbf",
	"\xef\xbb\xbf" "lead bom", "c1\xc2\x9b" "csi", "nbsp\xc2\xa0x",
	"\xc2\xa0", "zwsp\xe2\x80\x8bx", "rlo\xe2\x80\xae" "txt",
	/* noncharacters: valid UTF-8, but not printable to YAML */
	"\xef\xbf\xbf", "x\xef\xbf\xbey", "\nx\xef\xbf\xbf",
	"\xf4\x8f\xbf\xbf", "\xee\x80\x80",
	/* multi-line text */
	"line1\nline2\n", "line1\nline2", "line1\nline2\n\n",
	"  indented\nsecond\n", "  indented\nsecond", "a\n\nb\n",
	"a\n\n\n", "\nstarts with a newline", "\n", "\n\n", " \n ",
	"a \nb", "a\n b\n", "a\n\tb\n", "# not a comment\n- not a list\n",
	"---\n...\n", "a\r\nb\r\n", "x\n\xc2\x85y\n", "x\n\xe2\x80\xa8y",
	/* scripts */
	"emoji \xf0\x9f\x98\x80", "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb",
	"CJK \xe6\xbc\xa2\xe5\xad\x97", "\xe6\x9d\xb1\xe4\xba\xac: \xe6\xb8\x8b",
	"Arabic \xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9",
	"e\xcc\x81 combining", "\xcc\x81 leading mark",
	"M\xc3\xbcnchen", "\xef\xbc\x91\xef\xbc\x92",
};

static void
test_yaml__round_trip_scalars(void **state)
{
	struct crm_buf why = CRM_BUF_INIT;
	size_t i, bad = 0;

	for (i = 0; i < N(tricky); i++) {
		struct crm_record *r = crm_record_new(CRM_CONTACT);

		crm_record_set(r, "id", ID, 0);
		crm_record_set(r, "name", tricky[i], 0);
		crm_record_set(r, "note", tricky[i], 0);
		crm_buf_reset(&why);
		if (round_trip(&why, r, 0) < 0) {
			note("scalar %s: %s", show(tricky[i]),
			     crm_buf_str(&why));
			bad++;
		}
		crm_record_free(r);
	}
	crm_buf_release(&why);
	if (bad)
		fail_msg("%zu of %zu strings did not survive as scalars", bad,
			 N(tricky));
}

static void
test_yaml__round_trip_list_items(void **state)
{
	struct crm_buf why = CRM_BUF_INIT;
	size_t i, bad = 0;

	for (i = 0; i < N(tricky); i++) {
		struct crm_record *r = crm_record_new(CRM_CONTACT);

		crm_record_set(r, "id", ID, 0);
		crm_record_set(r, "name", "x", 0);
		/* alone, and between two others (separators) */
		crm_record_add(r, "tags", tricky[i], 0);
		crm_record_add(r, "phone", "first", 0);
		crm_record_add(r, "phone", tricky[i], 0);
		crm_record_add(r, "phone", "last", 0);
		crm_buf_reset(&why);
		if (round_trip(&why, r, 0) < 0) {
			note("list item %s: %s", show(tricky[i]),
			     crm_buf_str(&why));
			bad++;
		}
		crm_record_free(r);
	}
	crm_buf_release(&why);
	if (bad)
		fail_msg("%zu of %zu strings did not survive as list items",
			 bad, N(tricky));
}

/*
 * Field names come back too, whatever they hold: the reader takes any
 * key (crm_record_check refuses bad names later), so a stored record
 * with an odd key must still be written as YAML that reads back.
 */
static void
test_yaml__round_trip_keys(void **state)
{
	struct crm_buf why = CRM_BUF_INIT;
	size_t i, bad = 0;

	for (i = 0; i < N(tricky); i++) {
		struct crm_record *r = crm_record_new(CRM_CONTACT);
		struct crm_record *back;
		char *y;

		crm_record_set(r, "id", ID, 0);
		crm_record_set(r, tricky[i], "v", 0);
		crm_record_set(r, "name", "n", 0);
		crm_buf_reset(&why);
		y = yaml_of(r, 0);
		if (try_read(&back, &why, y) == 0) {
			record_diff(&why, r, back, 1);
			crm_record_free(back);
		}
		if (why.len) {
			note("key %s: %s", show(tricky[i]), crm_buf_str(&why));
			bad++;
		}
		free(y);
		crm_record_free(r);
	}
	/* YAML's implicit keys end at 1024 characters: a longer one */
	{
		struct crm_record *r = crm_record_new(CRM_CONTACT), *back;
		struct crm_buf key = CRM_BUF_INIT;
		char *y;

		while (key.len < 2000)
			crm_buf_adds(&key, "long key ");
		crm_record_set(r, key.buf, "v", 0);
		crm_buf_reset(&why);
		y = yaml_of(r, 0);
		if (try_read(&back, &why, y) == 0) {
			record_diff(&why, r, back, 1);
			crm_record_free(back);
		}
		if (why.len) {
			note("key of %zu characters: %.200s", key.len,
			     crm_buf_str(&why));
			bad++;
		}
		free(y);
		crm_buf_release(&key);
		crm_record_free(r);
	}
	crm_buf_release(&why);
	if (bad)
		fail_msg("%zu of %zu strings did not survive as keys", bad,
			 N(tricky) + 1);
}

/* Every tricky string in one record, and in one journal of documents. */
static void
test_yaml__round_trip_whole_record(void **state)
{
	struct crm_record *r = crm_record_new(CRM_LOG);
	struct crm_buf why = CRM_BUF_INIT, key = CRM_BUF_INIT;
	size_t i;

	crm_record_set(r, "id", ID, 0);
	for (i = 0; i < N(tricky); i++) {
		crm_buf_reset(&key);
		crm_buf_addf(&key, "f%03zu", i);
		crm_record_set(r, key.buf, tricky[i], 0);
	}
	if (round_trip(&why, r, 0) < 0)
		note("%s", crm_buf_str(&why));
	assert_int_equal(why.len, 0);
	if (round_trip(&why, r, 1) < 0)
		note("with ---: %s", crm_buf_str(&why));
	assert_int_equal(why.len, 0);
	crm_record_free(r);
	crm_buf_release(&why);
	crm_buf_release(&key);
}

/*
 * Journals are appended one crm_yaml_write(..., 1) at a time: the
 * concatenation must read back as the same records, even when a value
 * ends in blank lines (a "|+" block) or has no final newline.
 */
static void
test_yaml__round_trip_appended_documents(void **state)
{
	static const char *const last[] = {
		"keep\n\n\n", "clip\n", "strip", "", "no", "a: b",
		"\n", "x\r\n", "nel\xc2\x85",
	};
	struct crm_record *w[N(last)];
	struct crm_buf all = CRM_BUF_INIT, why = CRM_BUF_INIT;
	struct crm_yaml_reader *y;
	struct crm_record *r;
	size_t i, bad = 0;
	long line;

	for (i = 0; i < N(last); i++) {
		char id[CRM_ID_LEN + 1];

		assert_int_equal(crm_id_new(id), 0);
		w[i] = crm_record_new(CRM_LOG);
		crm_record_set(w[i], "id", id, 0);
		crm_record_set(w[i], "type", "note", 0);
		crm_record_set(w[i], "summary", last[i], 0);
		assert_int_equal(crm_yaml_write(&all, w[i], 1), 0);
	}
	y = crm_yaml_reader_mem(all.buf, all.len, "day.yaml");
	for (i = 0; i < N(last); i++) {
		if (crm_yaml_read(&r, &line, y, CRM_LOG) != 0)
			fail_msg("document %zu: %s\n(stream %s)", i,
				 crm_err_msg(), show(all.buf));
		if (!r)
			fail_msg("stream ended after %zu documents: %s", i,
				 show(all.buf));
		crm_buf_reset(&why);
		if (record_diff(&why, w[i], r, 1) < 0) {
			note("document %zu: %s", i, why.buf);
			bad++;
		}
		crm_record_free(r);
		crm_record_free(w[i]);
	}
	assert_int_equal(crm_yaml_read(&r, &line, y, CRM_LOG), 0);
	assert_null(r);
	crm_yaml_reader_free(y);
	crm_buf_release(&all);
	crm_buf_release(&why);
	assert_int_equal(bad, 0);
}

/* Plain typed values stay plain; strings that look typed are quoted. */
static void
test_yaml__write_form(void **state)
{
	struct crm_record *r = crm_record_new(CRM_DEAL), *back;
	char *y;

	crm_record_set(r, "id", ID, 0);
	crm_record_set(r, "title", "no", 0);
	crm_record_set(r, "amount", "12000.00", 1);
	crm_record_set(r, "probability", "50", 1);
	crm_record_set(r, "close", "2026-11-02", 1);
	crm_record_set(r, "owner", "1234567890123456", 0);
	crm_record_set(r, "stage", "", 0);
	crm_record_set(r, "won", "true", 1);
	crm_record_set(r, "ok", "true", 0);
	crm_record_set_list(r, "tags");
	crm_record_add(r, "tags", "vip", 0);
	crm_record_add(r, "tags", "Yes", 0);
	crm_record_add(r, "tags", "0755", 0);
	crm_record_set_list(r, "empty");
	y = yaml_of(r, 0);
	assert_string_equal(y,
			    "id: " ID "\n"
			    "title: 'no'\n"
			    "amount: 12000.00\n"
			    "probability: 50\n"
			    "close: 2026-11-02\n"
			    "owner: '1234567890123456'\n"
			    "stage: ''\n"
			    "won: true\n"
			    "ok: 'true'\n"
			    "tags: [vip, 'Yes', '0755']\n"
			    "empty: []\n");
	back = read_one(y, strlen(y), CRM_DEAL);
	assert_int_equal(crm_record_plain(back, 2, 0), 1);
	assert_int_equal(crm_record_plain(back, 3, 0), 1);
	assert_int_equal(crm_record_plain(back, 4, 0), 1);
	assert_int_equal(crm_record_plain(back, 7, 0), 1);
	assert_int_equal(crm_record_plain(back, 8, 0), 0);
	assert_int_equal(crm_record_plain(back, 1, 0), 0);
	assert_true(crm_record_is_list(back, 10));
	assert_int_equal(crm_record_nvalues(back, 10), 0);
	crm_record_free(back);
	free(y);

	y = yaml_of(r, 1);
	assert_memory_equal(y, "---\nid: " ID "\n", 4 + 21);
	free(y);
	crm_record_free(r);
}

/*
 * Reads the only record of text into *out; 0, or -1 with the reason
 * appended to why (unlike read_one, this does not stop the test).
 */
static int
try_read(struct crm_record **out, struct crm_buf *why, const char *text)
{
	struct crm_yaml_reader *y =
		crm_yaml_reader_mem(text, strlen(text), "t.yaml");
	struct crm_record *more = NULL;
	long line;
	int rc;

	*out = NULL;
	rc = crm_yaml_read(out, &line, y, CRM_CONTACT);
	if (rc == 0 && *out)
		rc = crm_yaml_read(&more, &line, y, CRM_CONTACT);
	crm_yaml_reader_free(y);
	if (rc != 0 || !*out || more) {
		crm_buf_addf(why, "%s does not read back as one record: %s",
			     show(text), rc ? crm_err_msg() : "");
		crm_record_free(*out);
		crm_record_free(more);
		*out = NULL;
		return -1;
	}
	return 0;
}

/*
 * A hand-edited file, read and written, then read and written again: the
 * same fields and values come back, and the second write gives the same
 * bytes (a no-op edit leaves no diff).  Plain multi-line scalars that
 * look like dates or start with "." must not be written raw: that would
 * make their second line a field of its own.
 */
static void
test_yaml__rewrite_is_stable(void **state)
{
	static const char *const texts[] = {
		"note: plain words\n",
		"note: 2026-11-02 call\n  with Jane\n",
		"note: folded\n\n  paragraphs\n",
		"note: 2026-11-02 14:03\n\n  follow up\n",
		"note: .net\n\n  and more\n",
		"note: 1.5\n",
		"note: \"double\\tquoted\"\n",
		"note: 2026-11-02\tcall\n",
		"tags: [2026-11-02 a, b]\n",
		"note: 2026-11-02, x\n",
		"note: >\n  folded\n  block\n",
	};
	struct crm_buf why = CRM_BUF_INIT;
	size_t i, bad = 0;

	for (i = 0; i < N(texts); i++) {
		struct crm_record *r1 = read_one(texts[i], strlen(texts[i]),
						 CRM_CONTACT), *r2;
		char *y1 = yaml_of(r1, 0), *y2;

		crm_buf_reset(&why);
		/*
		 * The first write may settle plainness (".net" starts like
		 * ".5", so it was read as a typed literal); what the user
		 * sees, values and bytes, must not change.
		 */
		if (try_read(&r2, &why, y1) == 0 &&
		    record_diff(&why, r1, r2, 0) == 0) {
			y2 = yaml_of(r2, 0);
			if (strcmp(y1, y2) != 0)
				crm_buf_addf(&why, "written %s, then %s",
					     show(y1), show(y2));
			free(y2);
		}
		if (why.len) {
			note("%s: %s", show(texts[i]), why.buf);
			bad++;
		}
		crm_record_free(r1);
		crm_record_free(r2);
		free(y1);
	}
	crm_buf_release(&why);
	if (bad)
		fail_msg("%zu of %zu files changed on a second write", bad,
			 N(texts));
}

/* The record of SPEC.md, read as a hand-written file. */
static void
test_yaml__read_spec_example(void **state)
{
	static const char text[] =
		"id: 3f9a0c7d21e84b65\n"
		"name: Jane Doe\n"
		"email: [jane@acme.example]\n"
		"phone: [\"+33 1 23 45 67 89\"]\n"
		"org: 81c2e6a0b9f34d17\n"
		"title: CTO\n"
		"city: Paris\n"
		"country: FR\n"
		"tags: [vip, newsletter]\n"
		"owner: alice\n"
		"stage: customer\n"
		"created: 2026-11-20T14:03:00Z\n"
		"updated: 2026-11-22T09:00:00Z\n"
		"industry: retail            # any other key is a custom field\n";
	struct crm_record *r = read_one(text, strlen(text), CRM_CONTACT);
	long i;

	assert_int_equal(crm_record_nfields(r), 14);
	assert_string_equal(crm_record_id(r), ID);
	assert_string_equal(crm_record_get(r, "name"), "Jane Doe");
	i = crm_record_find(r, "phone");
	assert_true(crm_record_is_list(r, (size_t)i));
	assert_string_equal(crm_record_value(r, (size_t)i, 0),
			    "+33 1 23 45 67 89");
	i = crm_record_find(r, "tags");
	assert_int_equal(crm_record_nvalues(r, (size_t)i), 2);
	assert_string_equal(crm_record_value(r, (size_t)i, 1), "newsletter");
	i = crm_record_find(r, "created");
	assert_true(crm_record_plain(r, (size_t)i, 0));
	assert_string_equal(crm_record_get(r, "industry"), "retail");
	assert_string_equal(crm_record_key(r, 13), "industry");
	crm_record_free(r);
}

/* Nulls are absent fields; "tag" and "emails" are read as their canon. */
static void
test_yaml__read_nulls_and_aliases_of_names(void **state)
{
	static const char text[] =
		"id: " ID "\n"
		"name: Jo\n"
		"title:\n"
		"city: ~\n"
		"country: null\n"
		"owner: 'null'\n"
		"tag: vip\n"
		"emails: [a@b.example, ~, c@d.example]\n"
		"stage: \"\"\n";
	struct crm_record *r = read_one(text, strlen(text), CRM_CONTACT);
	long i;

	assert_null(crm_record_get(r, "title"));
	assert_int_equal(crm_record_find(r, "city"), -1);
	assert_int_equal(crm_record_find(r, "country"), -1);
	assert_string_equal(crm_record_get(r, "owner"), "null");
	assert_string_equal(crm_record_get(r, "tags"), "vip");
	assert_int_equal(crm_record_find(r, "tag"), -1);
	i = crm_record_find(r, "email");
	assert_true(i >= 0);
	assert_int_equal(crm_record_nvalues(r, (size_t)i), 2);
	assert_string_equal(crm_record_value(r, (size_t)i, 1), "c@d.example");
	assert_string_equal(crm_record_get(r, "stage"), "");
	crm_record_free(r);
}

/* What is in the file is what is read: hand-written duplicates stay. */
static void
test_yaml__read_keeps_list_values_as_written(void **state)
{
	static const char text[] =
		"id: " ID "\nname: x\ntags: [vip, VIP, vip]\n";
	struct crm_record *r = read_one(text, strlen(text), CRM_CONTACT);
	long i = crm_record_find(r, "tags");

	assert_true(i >= 0);
	/* yaml.c says "Keep duplicates as written." */
	if (crm_record_nvalues(r, (size_t)i) != 3)
		fail_msg("tags: [vip, VIP, vip] read as %zu values",
			 crm_record_nvalues(r, (size_t)i));
	crm_record_free(r);
}

static void
test_yaml__read_bom(void **state)
{
	static const char text[] = "\xef\xbb\xbfid: " ID "\nname: x\n";
	struct crm_record *r = read_one(text, strlen(text), CRM_CONTACT);

	assert_string_equal(crm_record_key(r, 0), "id");
	assert_string_equal(crm_record_id(r), ID);
	crm_record_free(r);
}

/* ---- ambiguity ---- */

static void
test_yaml__ambiguous_non_strings(void **state)
{
	static const char *const yes[] = {
		"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
		"true", "True", "TRUE", "false", "False", "FALSE", "on", "On",
		"ON", "off", "Off", "OFF", "null", "Null", "NULL", "~", "",
		"=", "<<",
		/* integers */
		"0", "1", "-1", "+1", "42", "0123", "0755", "-0755", "1_000",
		"-1_000", "1234567890123456", "0x1F", "0xff", "-0x1F",
		"0x_1F", "0o17", "0b1010", "0b1010_0111", "-0b1", "12:30",
		"190:20:30", "-1:20",
		/* floats */
		"1.10", "1.", "-.5", ".5", "+.5", "1e5", "1E5", "1e+5",
		"1e-5", "-1e5", "1.5e+10", "6.8523015e+5", "685.230_15e+03",
		"190:20:30.15", "1_000.5", "12345e6789012345", ".inf",
		"-.inf", "+.inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN",
		"0.0", "-0.0",
		/* timestamps */
		"2026-01-01", "2026-1-1", "2026-01-01T10:00:00Z",
		"2026-01-01t10:00:00.5+02:00", "2026-01-01 10:00:00",
		"2001-12-14 21:59:43.10 -5",
	};
	size_t i;

	for (i = 0; i < N(yes); i++)
		if (!crm_yaml_ambiguous(yes[i]))
			fail_msg("%s is not a string to YAML, but not quoted",
				 show(yes[i]));
}

static void
test_yaml__ambiguous_strings(void **state)
{
	static const char *const no[] = {
		"hello", "Jane Doe", "vip", "Paris", "yes please", "nope",
		"none", "None", "nil", "NaN", "nan", "inf", "Infinity",
		"true story", "on hold", "offline", "yesterday", "n/a", "Y2K",
		"98fa48427542aea9", "3f9a0c7d21e84b65", "0a1b2c3d4e5f6a7b",
		"abc123", "12abc", "1 000", "+33 1 23 45 67 89", "1e5x",
		"e5", "x1", "a-b", "0x", "0xZZ", "0b", "0b2", "0o", "0o8",
		"1:30 pm", "10am", "v1.2", "M\xc3\xbcnchen",
		"\xef\xbc\x91", "\xd9\xa1", "jane@acme.example", "-", "+",
		"ab:cd",
	};
	size_t i;

	for (i = 0; i < N(no); i++)
		if (crm_yaml_ambiguous(no[i]))
			fail_msg("%s is a plain string to YAML, but ambiguous",
				 show(no[i]));
}

/*
 * Each id of hex digits is quoted exactly when YAML would read it as a
 * number: all digits, or digits with one "e" followed by digits.
 */
static void
test_yaml__ambiguous_ids(void **state)
{
	int n;

	assert_true(crm_yaml_ambiguous("1234567890123456"));
	assert_true(crm_yaml_ambiguous("12345e6789012345"));
	assert_true(crm_yaml_ambiguous("0000000000000000"));
	assert_true(crm_yaml_ambiguous("0e00000000000000"));
	assert_false(crm_yaml_ambiguous("98fa48427542aea9"));
	assert_false(crm_yaml_ambiguous("12345e678901234a"));
	assert_false(crm_yaml_ambiguous("1e2e345678901234"));
	assert_false(crm_yaml_ambiguous("aaaaaaaaaaaaaaaa"));
	for (n = 0; n < 2000; n++) {
		char id[CRM_ID_LEN + 1];
		struct crm_record *r = crm_record_new(CRM_CONTACT), *back;
		char *y;

		assert_int_equal(crm_id_new(id), 0);
		crm_record_set(r, "id", id, 0);
		y = yaml_of(r, 0);
		back = read_one(y, strlen(y), CRM_CONTACT);
		assert_string_equal(crm_record_id(back), id);
		assert_int_equal(crm_record_plain(back, 0, 0), 0);
		crm_record_free(back);
		crm_record_free(r);
		free(y);
	}
}

/* ---- PyYAML reads every string as a str ---- */

static int
have_pyyaml(void)
{
	return system("python3 -c 'import yaml' >/dev/null 2>&1") == 0;
}

static void
write_file(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/*
 * Each tricky string as a scalar and in a list, one file each, checked by
 * PyYAML (YAML 1.1, the strictest common reader) against the JSON of
 * the same record: every value must load as the same str.
 */
static void
test_yaml__pyyaml_reads_strings(void **state)
{
	static const char script[] =
		"import json, sys, yaml\n"
		"bad = 0\n"
		"for i, line in enumerate(open('want.jsonl', encoding='utf-8')):\n"
		"    want = json.loads(line)\n"
		"    try:\n"
		"        got = yaml.safe_load(open('r%03d.yaml' % i, encoding='utf-8'))\n"
		"    except yaml.YAMLError as e:\n"
		"        print('# %r: PyYAML cannot read it: %s' % (want['s'], str(e).replace('\\n', ' ')))\n"
		"        bad += 1\n"
		"        continue\n"
		"    for k, w in want.items():\n"
		"        g = got.get(k)\n"
		"        items = g if isinstance(g, list) else [g]\n"
		"        if any(not isinstance(v, str) for v in items) or g != w:\n"
		"            print('# %s: want %r, PyYAML read %r' % (k, w, g))\n"
		"            bad += 1\n"
		"sys.exit(1 if bad else 0)\n";
	const char *tmp = getenv("TMPDIR");
	struct crm_buf p = CRM_BUF_INIT, jb = CRM_BUF_INIT, d = CRM_BUF_INIT;
	char *dir;
	size_t i;
	int rc;

	if (!have_pyyaml())
		skip();
	crm_buf_addf(&d, "%s/u-yaml.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	dir = d.buf;
	assert_non_null(mkdtemp(dir));
	for (i = 0; i < N(tricky); i++) {
		struct crm_record *r = crm_record_new(CRM_CONTACT);
		struct crm_buf yb = CRM_BUF_INIT;

		crm_record_set(r, "id", "1234567890123456", 0);
		crm_record_set(r, "s", tricky[i], 0);
		crm_record_add(r, "l", "first", 0);
		crm_record_add(r, "l", tricky[i], 0);
		crm_record_add(r, "l", "last", 0);
		assert_int_equal(crm_yaml_write(&yb, r, 0), 0);
		crm_json_write(&jb, r);
		crm_buf_reset(&p);
		crm_buf_addf(&p, "%s/r%03zu.yaml", dir, i);
		write_file(p.buf, yb.buf, yb.len);
		crm_buf_release(&yb);
		crm_record_free(r);
	}
	crm_buf_reset(&p);
	crm_buf_addf(&p, "%s/want.jsonl", dir);
	write_file(p.buf, jb.buf, jb.len);
	crm_buf_reset(&p);
	crm_buf_addf(&p, "%s/check.py", dir);
	write_file(p.buf, script, strlen(script));
	crm_buf_reset(&p);
	crm_buf_addf(&p, "cd %s && python3 check.py", dir);
	fflush(stdout);
	rc = system(p.buf);
	crm_buf_reset(&p);
	crm_buf_addf(&p, "rm -rf %s", dir);
	assert_int_equal(system(p.buf), 0);
	crm_buf_release(&p);
	crm_buf_release(&jb);
	crm_buf_release(&d);
	if (rc != 0)
		fail_msg("PyYAML did not read every value back as the same str");
}

/* ---- hostile input ---- */

/*
 * Reads every document of text[0..len) as contacts.  The first failure
 * must be CRM_EDATA with a message "h.yaml:LINE:COL: ..." containing
 * what; line or col 0 means any.  label names the case in failures.
 */
static void
expect_bad(const char *label, const char *text, size_t len, long line,
	   long col, const char *what)
{
	struct crm_yaml_reader *y = crm_yaml_reader_mem(text, len, "h.yaml");
	struct crm_record *r;
	const char *m;
	char *end;
	long l, c, at;
	int rc, docs = 0;

	assert_non_null(y);
	crm_err_clear();
	while ((rc = crm_yaml_read(&r, &at, y, CRM_CONTACT)) == 0 && r) {
		crm_record_free(r);
		if (++docs > 100000)
			break;
	}
	crm_yaml_reader_free(y);
	if (rc == 0)
		fail_msg("%s: accepted (%d documents)", label, docs);
	m = crm_err_msg();
	if (rc != CRM_EDATA)
		fail_msg("%s: rc %d, want CRM_EDATA (%s)", label, rc, m);
	if (strncmp(m, "h.yaml:", 7) != 0)
		fail_msg("%s: message does not start with the name: %s", label,
			 m);
	l = strtol(m + 7, &end, 10);
	if (end == m + 7 || *end != ':')
		fail_msg("%s: no line in '%s'", label, m);
	c = strtol(end + 1, &end, 10);
	if (*end != ':' || end[1] != ' ' || c <= 0)
		fail_msg("%s: no column in '%s' (want name:line:col: why)",
			 label, m);
	if (line && l != line)
		fail_msg("%s: line %ld, want %ld: %s", label, l, line, m);
	if (col && c != col)
		fail_msg("%s: column %ld, want %ld: %s", label, c, col, m);
	if (what && !strstr(m, what))
		fail_msg("%s: message '%s' does not say '%s'", label, m, what);
}

#define BAD(text, line, col, what) \
	expect_bad(text, text, sizeof(text) - 1, line, col, what)

static void
test_yaml__refuse_anchors_and_aliases(void **state)
{
	BAD("id: " ID "\nname: &a Jane\n", 2, 7, "anchor");
	BAD("id: " ID "\nname: x\ntags: &t [a, b]\n", 3, 7, "anchor");
	BAD("id: " ID "\nname: x\ncity: *a\n", 3, 7, "alias");
	BAD("id: " ID "\nname: x\ntags: [a, *a]\n", 3, 11, "alias");
	BAD("&r\nid: " ID "\nname: x\n", 1, 1, "anchor");
	BAD("id: " ID "\n&k name: x\n", 2, 1, "anchor");
	BAD("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", 1, 4, "anchor");
	BAD("---\n- &a [lol]\n- &b [*a, *a]\n", 2, 1, "record");
	/* <<: merge keys come with an alias */
	BAD("id: " ID "\nname: x\n<<: *base\n", 3, 5, "alias");
}

static void
test_yaml__refuse_tags(void **state)
{
	BAD("id: " ID "\nname: !!python/object:os.system [ls]\n", 2, 7,
	    "tag");
	BAD("id: " ID "\nname: !!python/object/apply:os.system ['ls']\n", 2,
	    7, "tag");
	BAD("id: " ID "\nname: !!str yes\n", 2, 7, "tag");
	BAD("id: " ID "\nname: !local x\n", 2, 7, "tag");
	BAD("id: " ID "\nname: !<tag:evil.example,2026:x> y\n", 2, 7, "tag");
	BAD("--- !!map\nid: " ID "\nname: x\n", 1, 5, "tag");
	BAD("id: " ID "\n!!str name: x\n", 2, 1, "tag");
	BAD("id: " ID "\nname: x\ntags: [!!int 1]\n", 3, 8, "tag");
	BAD("%TAG ! tag:evil.example,2026:\n---\nid: " ID "\nname: !x y\n", 4,
	    7, "tag");
}

static void
test_yaml__refuse_duplicate_keys(void **state)
{
	BAD("id: " ID "\nname: a\ncity: b\nname: c\n", 4, 1,
	    "duplicate field 'name'");
	BAD("id: " ID "\nname: a\ntag: a\ntags: [b]\n", 4, 1,
	    "duplicate field 'tags'");
	BAD("id: " ID "\nname: a\n'name': c\n", 3, 1, "duplicate field 'name'");
	BAD("id: " ID "\nname: a\n\"na\\x6de\": c\n", 3, 1,
	    "duplicate field 'name'");
	BAD("{id: " ID ", name: a, name: b}\n", 1, 33,
	    "duplicate field 'name'");
}

static void
test_yaml__refuse_nesting(void **state)
{
	BAD("id: " ID "\nname: x\naddress:\n  street: y\n", 4, 3, "address");
	BAD("id: " ID "\nname: x\naddress: {street: y}\n", 3, 10, "address");
	BAD("id: " ID "\nname: x\ntags:\n  - a: b\n", 4, 5, "tags");
	BAD("id: " ID "\nname: x\ntags: [x, {a: b}]\n", 3, 11, "tags");
	BAD("id: " ID "\nname: x\ntags: [[a]]\n", 3, 8, "tags");
	BAD("id: " ID "\nname: x\ntags:\n  - - a\n", 4, 5, "tags");
	BAD("id: " ID "\n[a]: x\n", 2, 1, "field name");
	BAD("id: " ID "\n? [a, b]\n: x\n", 2, 3, "field name");
	BAD("- id: " ID "\n  name: x\n", 1, 1, "record");
	BAD("just a scalar\n", 1, 1, "record");
	BAD("id: " ID "\nname: x\n---\n- a\n", 4, 1, "record");
}

static void
test_yaml__refuse_deep_brackets(void **state)
{
	struct crm_buf b = CRM_BUF_INIT;
	size_t i;

	crm_buf_adds(&b, "id: " ID "\nname: ");
	for (i = 0; i < 200000; i++)
		crm_buf_addc(&b, '[');
	expect_bad("200k [", b.buf, b.len, 2, 0, NULL);
	crm_buf_reset(&b);
	for (i = 0; i < 200000; i++)
		crm_buf_addc(&b, '{');
	expect_bad("200k {", b.buf, b.len, 1, 0, NULL);
	crm_buf_release(&b);
}

/* A record of n fields "fNNN: v", one a line. */
static void
fields(struct crm_buf *b, size_t n)
{
	size_t i;

	crm_buf_reset(b);
	for (i = 0; i < n; i++)
		crm_buf_addf(b, "f%03zu: v\n", i);
}

static void
test_yaml__field_cap(void **state)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_record *r;

	fields(&b, 256);
	r = read_one(b.buf, b.len, CRM_CONTACT);
	assert_int_equal(crm_record_nfields(r), 256);
	crm_record_free(r);
	fields(&b, 257);
	expect_bad("257 fields", b.buf, b.len, 257, 1, "256 fields");
	fields(&b, 300);
	expect_bad("300 fields", b.buf, b.len, 257, 1, "256 fields");
	crm_buf_release(&b);
}

static void
test_yaml__scalar_cap(void **state)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_record *r;
	size_t i;

	crm_buf_adds(&b, "id: " ID "\nname: ");
	for (i = 0; i < 256 * 1024; i++)
		crm_buf_addc(&b, 'x');
	crm_buf_addc(&b, '\n');
	r = read_one(b.buf, b.len, CRM_CONTACT);
	assert_int_equal(strlen(crm_record_get(r, "name")), 256 * 1024);
	crm_record_free(r);

	b.len--;
	crm_buf_adds(&b, "x\n");
	expect_bad("256 KiB + 1 scalar", b.buf, b.len, 2, 7, "256 KiB");

	/* in a list, as a key, quoted, as a block */
	crm_buf_reset(&b);
	crm_buf_adds(&b, "id: " ID "\ntags: [a, ");
	for (i = 0; i <= 256 * 1024; i++)
		crm_buf_addc(&b, 'x');
	crm_buf_adds(&b, "]\n");
	expect_bad("long list item", b.buf, b.len, 2, 11, "256 KiB");
	crm_buf_reset(&b);
	crm_buf_adds(&b, "id: " ID "\n? ");
	for (i = 0; i <= 256 * 1024; i++)
		crm_buf_addc(&b, 'k');
	crm_buf_adds(&b, "\n: v\n");
	expect_bad("long key", b.buf, b.len, 2, 3, "256 KiB");
	crm_buf_reset(&b);
	crm_buf_adds(&b, "id: " ID "\nbody: |\n");
	for (i = 0; i <= 256 * 1024 / 64; i++)
		crm_buf_adds(&b, "  ...............................................................\n");
	expect_bad("long block", b.buf, b.len, 2, 7, "256 KiB");
	/* a 10 MB scalar */
	crm_buf_reset(&b);
	crm_buf_adds(&b, "id: " ID "\nname: \"");
	for (i = 0; i < 10 * 1000 * 1000; i++)
		crm_buf_addc(&b, 'y');
	crm_buf_adds(&b, "\"\n");
	expect_bad("10 MB scalar", b.buf, b.len, 2, 7, "256 KiB");
	crm_buf_release(&b);
}

/* n fields of size bytes each: "fNNN: xxx...\n". */
static void
big_fields(struct crm_buf *b, size_t n, size_t size)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		crm_buf_addf(b, "f%03zu: ", i);
		for (j = 0; j < size; j++)
			crm_buf_addc(b, 'a' + (char)(i % 26));
		crm_buf_addc(b, '\n');
	}
}

/* Many middling fields: a field name comes after the first MiB. */
static void
test_yaml__document_cap_many_fields(void **state)
{
	struct crm_buf b = CRM_BUF_INIT;

	big_fields(&b, 20, 60000);
	expect_bad("20 x 60 kB", b.buf, b.len, 0, 0, "1 MiB");
	crm_buf_release(&b);
}

/* A few large fields: only the last value ends past 1 MiB. */
static void
test_yaml__document_cap_last_field(void **state)
{
	struct crm_buf b = CRM_BUF_INIT;

	big_fields(&b, 5, 250000);
	expect_bad("5 x 250 kB", b.buf, b.len, 0, 0, "1 MiB");
	crm_buf_release(&b);
}

/* One list of large items (4096 items of 256 KiB would be 1 GiB). */
static void
test_yaml__document_cap_list(void **state)
{
	struct crm_buf b = CRM_BUF_INIT;
	size_t i, j;

	crm_buf_adds(&b, "id: " ID "\ntags: [");
	for (i = 0; i < 8; i++) {
		crm_buf_adds(&b, i ? ", " : "");
		for (j = 0; j < 200000; j++)
			crm_buf_addc(&b, 'a' + (char)i);
	}
	crm_buf_adds(&b, "]\n");
	expect_bad("list of 8 x 200 kB", b.buf, b.len, 0, 0, "1 MiB");
	crm_buf_release(&b);
}

/* The cap is per document: a journal may be larger. */
static void
test_yaml__document_cap_per_document(void **state)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_yaml_reader *y;
	struct crm_record *r;
	size_t i;
	long line;

	for (i = 0; i < 3; i++) {
		crm_buf_adds(&b, "---\n");
		big_fields(&b, 3, 200000);
	}
	y = crm_yaml_reader_mem(b.buf, b.len, "day.yaml");
	for (i = 0; i < 3; i++) {
		if (crm_yaml_read(&r, &line, y, CRM_LOG) != 0)
			fail_msg("document %zu of a 1.8 MB stream: %s", i,
				 crm_err_msg());
		assert_non_null(r);
		crm_record_free(r);
	}
	assert_int_equal(crm_yaml_read(&r, &line, y, CRM_LOG), 0);
	assert_null(r);
	crm_yaml_reader_free(y);
	crm_buf_release(&b);
}

static void
test_yaml__refuse_bad_utf8(void **state)
{
	/* invalid UTF-8: the error names line and column like the others */
	BAD("id: " ID "\nname: \xff\n", 2, 7, NULL);
	BAD("id: " ID "\nname: ab\xc3\n", 2, 9, NULL);
	BAD("id: " ID "\nname: \xc0\xaf\n", 2, 7, NULL);
	BAD("id: " ID "\nname: \xed\xa0\x80\n", 2, 7, NULL);
	BAD("id: " ID "\nname: \xf4\x90\x80\x80\n", 2, 7, NULL);
	BAD("id: " ID "\nname: x\ncity: M\xfcnchen\n", 3, 8, NULL);
}

static void
test_yaml__refuse_controls(void **state)
{
	static const char nul[] = "id: " ID "\nname: a\0b\n";

	expect_bad("NUL", nul, sizeof(nul) - 1, 2, 8, NULL);
	BAD("id: " ID "\nname: a\x1b[31m\n", 2, 8, NULL);
	BAD("id: " ID "\nname: a\x7f\n", 2, 8, NULL);
}

/*
 * An escaped NUL would cut the value short where C strings end, so it is
 * refused like a raw one, never read as "a".
 */
static void
test_yaml__refuse_escaped_nul(void **state)
{
	BAD("id: " ID "\nname: \"a\\0b\"\n", 2, 7, NULL);
	BAD("id: " ID "\nname: \"\\x00\"\n", 2, 7, NULL);
	BAD("id: " ID "\nname: x\ntags: [ok, \"\\u0000\"]\n", 3, 12, NULL);
	BAD("id: " ID "\n\"na\\0me\": x\n", 2, 1, NULL);
}

/* Escapes of what UTF-8 cannot hold. */
static void
test_yaml__refuse_bad_escapes(void **state)
{
	BAD("id: " ID "\nname: \"\\ud800\"\n", 2, 0, NULL);
	BAD("id: " ID "\nname: \"\\udfff\"\n", 2, 0, NULL);
	BAD("id: " ID "\nname: \"\\U00110000\"\n", 2, 0, NULL);
}

static void
test_yaml__refuse_bad_syntax(void **state)
{
	BAD("id: " ID "\nname: x\n\tcity: y\n", 3, 1, NULL);
	BAD("id: " ID "\nname:\n\t- x\n", 3, 1, NULL);
	BAD("id: " ID "\nname: \"open\ncity: y\n", 0, 0, NULL);
	BAD("id: " ID "\nname: 'open\n", 0, 0, NULL);
	BAD("id: " ID "\nname: x\n  city: y\n", 3, 7, NULL);
	BAD("id: " ID "\ntags: [a, b\ncity: y\n", 0, 0, NULL);
	BAD("id: " ID "\nname: x: y\n", 2, 8, NULL);
}

/* A refused document after a good one: no half-read record. */
static void
test_yaml__error_in_second_document(void **state)
{
	static const char text[] =
		"id: " ID "\nname: a\n---\nid: " ID "\nname: &x b\n"
		"---\nid: " ID "\nname: c\n";
	struct crm_yaml_reader *y =
		crm_yaml_reader_mem(text, sizeof(text) - 1, "s.yaml");
	struct crm_record *r;
	long line;

	assert_int_equal(crm_yaml_read(&r, &line, y, CRM_CONTACT), 0);
	assert_non_null(r);
	crm_record_free(r);
	assert_int_equal(crm_yaml_read(&r, &line, y, CRM_CONTACT), CRM_EDATA);
	assert_null(r);
	assert_string_equal(crm_err_msg(), "s.yaml:5:7: anchors are not allowed");
	crm_yaml_reader_free(y);
}

/* ---- streams ---- */

static void
test_yaml__stream_lines(void **state)
{
	static const char text[] =
		"# journal of 2026-11-02\n"	/* 1 */
		"---\n"				/* 2 */
		"---\n"				/* 3 */
		"id: 0000000000000001\n"	/* 4 */
		"type: call\n"			/* 5 */
		"---\n"				/* 6 */
		"# nothing\n"			/* 7 */
		"---\n"				/* 8 */
		"\n"				/* 9 */
		"id: 0000000000000002\n"	/* 10 */
		"summary: |\n"			/* 11 */
		"  two\n"			/* 12 */
		"  lines\n"			/* 13 */
		"...\n"				/* 14 */
		"--- ~\n"			/* 15 */
		"--- {id: '0000000000000003'}\n"	/* 16 */
		"---\n"				/* 17 */
		"id: 0000000000000004\n"	/* 18 */
		"...\n";			/* 19 */
	static const struct {
		const char *id;
		long line;
	} want[] = {
		{ "0000000000000001", 4 }, { "0000000000000002", 10 },
		{ "0000000000000003", 16 }, { "0000000000000004", 18 },
	};
	struct crm_yaml_reader *y =
		crm_yaml_reader_mem(text, sizeof(text) - 1, "day.yaml");
	struct crm_record *r;
	size_t i;
	long line;

	for (i = 0; i < N(want); i++) {
		line = -7;
		if (crm_yaml_read(&r, &line, y, CRM_LOG) != 0)
			fail_msg("record %zu: %s", i, crm_err_msg());
		assert_non_null(r);
		assert_string_equal(crm_record_id(r), want[i].id);
		if (line != want[i].line)
			fail_msg("record %s read at line %ld, want %ld",
				 want[i].id, line, want[i].line);
		if (i == 1)
			assert_string_equal(crm_record_get(r, "summary"),
					    "two\nlines\n");
		crm_record_free(r);
	}
	assert_int_equal(crm_yaml_read(&r, &line, y, CRM_LOG), 0);
	assert_null(r);
	/* and again: the end is sticky */
	assert_int_equal(crm_yaml_read(&r, &line, y, CRM_LOG), 0);
	assert_null(r);
	crm_yaml_reader_free(y);
}

static void
test_yaml__stream_empty(void **state)
{
	static const char *const texts[] = {
		"", "\n", "# only a comment\n", "---\n", "---\n...\n",
		"--- \n---\n---\n", "\xef\xbb\xbf", "   \n\n",
	};
	size_t i;

	for (i = 0; i < N(texts); i++) {
		struct crm_yaml_reader *y =
			crm_yaml_reader_mem(texts[i], strlen(texts[i]), "e");
		struct crm_record *r = (void *)1;
		long line;

		if (crm_yaml_read(&r, &line, y, CRM_LOG) != 0)
			fail_msg("%s: %s", show(texts[i]), crm_err_msg());
		assert_null(r);
		crm_yaml_reader_free(y);
	}
}

/* The error in a later document names its own line. */
static void
test_yaml__stream_error_line(void **state)
{
	BAD("---\nid: 0000000000000001\n---\nid: 0000000000000002\n"
	    "---\n\n\nid: 0000000000000003\nsummary: a\nsummary: b\n",
	    10, 1, "duplicate field 'summary'");
	BAD("id: 0000000000000001\n---\nid: 0000000000000002\nx: !!binary aGk=\n",
	    4, 4, "tag");
}

static void
test_yaml__file_reader(void **state)
{
	static const char text[] =
		"id: 0000000000000001\nname: a\n---\nid: 0000000000000002\n"
		"name: |-\n  b\n  c\n";
	FILE *fp = tmpfile();
	struct crm_yaml_reader *y;
	struct crm_record *r;
	long line;

	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, sizeof(text) - 1, fp),
			 sizeof(text) - 1);
	rewind(fp);
	y = crm_yaml_reader_file(fp, "f.yaml");
	assert_int_equal(crm_yaml_read(&r, &line, y, CRM_CONTACT), 0);
	assert_string_equal(crm_record_get(r, "name"), "a");
	assert_int_equal(line, 1);
	crm_record_free(r);
	assert_int_equal(crm_yaml_read(&r, &line, y, CRM_CONTACT), 0);
	assert_string_equal(crm_record_get(r, "name"), "b\nc");
	assert_int_equal(line, 4);
	crm_record_free(r);
	assert_int_equal(crm_yaml_read(&r, &line, y, CRM_CONTACT), 0);
	assert_null(r);
	crm_yaml_reader_free(y);
	fclose(fp);
}

/* ---- the generic tree ---- */

static void
test_yaml__load_tree(void **state)
{
	static const char text[] =
		"schema: 1\n"
		"currency: 'EUR'\n"
		"pipeline:\n"
		"  lead: 10\n"
		"  won: 100\n"
		"list: [a, 'yes', 3]\n"
		"empty:\n";
	struct crm_node *root;
	const struct crm_node *n;

	assert_int_equal(crm_yaml_load(&root, text, sizeof(text) - 1, "c.yaml"),
			 0);
	assert_non_null(root);
	assert_int_equal(root->type, CRM_NODE_MAP);
	assert_int_equal(root->n, 5);
	assert_string_equal(root->keys[0], "schema");
	assert_string_equal(root->keys[2], "pipeline");
	n = crm_node_get(root, "schema");
	assert_int_equal(n->type, CRM_NODE_SCALAR);
	assert_string_equal(n->scalar, "1");
	assert_true(n->plain);
	n = crm_node_get(root, "currency");
	assert_string_equal(n->scalar, "EUR");
	assert_false(n->plain);
	assert_int_equal(n->line, 2);
	assert_int_equal(n->col, 11);
	n = crm_node_get(root, "pipeline");
	assert_int_equal(n->type, CRM_NODE_MAP);
	assert_int_equal(n->n, 2);
	assert_string_equal(n->keys[1], "won");
	assert_string_equal(n->kids[1]->scalar, "100");
	assert_int_equal(n->kids[1]->line, 5);
	n = crm_node_get(root, "list");
	assert_int_equal(n->type, CRM_NODE_SEQ);
	assert_int_equal(n->n, 3);
	assert_null(n->keys);
	assert_string_equal(n->kids[1]->scalar, "yes");
	assert_false(n->kids[1]->plain);
	assert_true(n->kids[2]->plain);
	assert_non_null(crm_node_get(root, "empty"));
	assert_null(crm_node_get(root, "missing"));
	assert_null(crm_node_get(n, "a"));
	crm_node_free(root);

	assert_int_equal(crm_yaml_load(&root, "", 0, "e.yaml"), 0);
	assert_null(root);
	assert_int_equal(crm_yaml_load(&root, "# x\n---\n", 8, "e.yaml"), 0);
	assert_null(root);
	crm_node_free(NULL);
}

/* crm_yaml_load must fail with CRM_EDATA naming "l.yaml:line:col". */
static void
expect_load_bad(const char *label, const char *text, size_t len, long line,
		const char *what)
{
	struct crm_node *root = (void *)1;
	struct crm_buf want = CRM_BUF_INIT;
	int rc = crm_yaml_load(&root, text, len, "l.yaml");

	if (rc == 0)
		fail_msg("%s: accepted", label);
	assert_int_equal(rc, CRM_EDATA);
	assert_null(root);
	crm_buf_addf(&want, "l.yaml:%ld:", line);
	if (strncmp(crm_err_msg(), want.buf, want.len) != 0)
		fail_msg("%s: message '%s', want it to start with '%s'", label,
			 crm_err_msg(), want.buf);
	if (what && !strstr(crm_err_msg(), what))
		fail_msg("%s: message '%s' does not say '%s'", label,
			 crm_err_msg(), what);
	crm_buf_release(&want);
}

#define LOAD_BAD(text, line, what) \
	expect_load_bad(text, text, sizeof(text) - 1, line, what)

/* n levels of nested flow sequences around x. */
static void
nest(struct crm_buf *b, size_t n, const char *open, const char *close)
{
	size_t i;

	crm_buf_reset(b);
	for (i = 0; i < n; i++)
		crm_buf_adds(b, open);
	crm_buf_adds(b, "x");
	for (i = 0; i < n; i++)
		crm_buf_adds(b, close);
	crm_buf_addc(b, '\n');
}

static void
test_yaml__load_depth(void **state)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_node *root;
	size_t i;

	nest(&b, 8, "[", "]");
	assert_int_equal(crm_yaml_load(&root, b.buf, b.len, "l.yaml"), 0);
	crm_node_free(root);
	nest(&b, 9, "[", "]");
	expect_load_bad("9 x [", b.buf, b.len, 1, "8 levels");
	nest(&b, 8, "{a: ", "}");
	assert_int_equal(crm_yaml_load(&root, b.buf, b.len, "l.yaml"), 0);
	crm_node_free(root);
	nest(&b, 9, "{a: ", "}");
	expect_load_bad("9 x {", b.buf, b.len, 1, "8 levels");
	/* block style: the 9th level is the map that starts on line 9 */
	crm_buf_reset(&b);
	for (i = 0; i < 9; i++) {
		size_t k;

		for (k = 0; k < 2 * i; k++)
			crm_buf_addc(&b, ' ');
		crm_buf_addf(&b, "k%zu:\n", i);
	}
	for (i = 0; i < 18; i++)
		crm_buf_addc(&b, ' ');
	crm_buf_adds(&b, "leaf: x\n");
	expect_load_bad("9 block levels", b.buf, b.len, 9, "8 levels");
	crm_buf_reset(&b);
	for (i = 0; i < 200000; i++)
		crm_buf_addc(&b, '[');
	expect_load_bad("200k [", b.buf, b.len, 1, NULL);
	crm_buf_release(&b);
}

static void
test_yaml__load_refusals(void **state)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_node *root = (void *)1;
	size_t i;

	LOAD_BAD("a: &x 1\nb: *x\n", 1, "anchor");
	LOAD_BAD("a: 1\nb: *x\n", 2, "alias");
	LOAD_BAD("a: 1\nb: !!python/object:os.system x\n", 2, "tag");
	LOAD_BAD("a: 1\nb:\n  c: 1\n  c: 2\n", 4, "duplicate key 'c'");
	LOAD_BAD("a: 1\n---\nb: 2\n", 2, "one document");
	LOAD_BAD("a: 1\n\tb: 2\n", 2, NULL);

	/* larger than 1 MiB */
	crm_buf_adds(&b, "a: |\n");
	for (i = 0; i < 20000; i++)
		crm_buf_adds(&b, "  ...................................................\n");
	assert_int_equal(crm_yaml_load(&root, b.buf, b.len, "l.yaml"),
			 CRM_EDATA);
	assert_null(root);
	assert_true(strncmp(crm_err_msg(), "l.yaml:", 7) == 0);
	crm_buf_release(&b);
}

static void
test_yaml__load_refuse_bad_utf8(void **state)
{
	LOAD_BAD("a: 1\nb: \xff\n", 2, NULL);
}

static void
test_yaml__load_refuse_nul(void **state)
{
	static const char nul[] = "a: 1\nb: x\0y\n";

	LOAD_BAD("a: 1\nb: \"x\\0y\"\n", 2, NULL);
	expect_load_bad("raw NUL", nul, sizeof(nul) - 1, 2, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml__round_trip_scalars),
		cmocka_unit_test(test_yaml__round_trip_list_items),
		cmocka_unit_test(test_yaml__round_trip_keys),
		cmocka_unit_test(test_yaml__round_trip_whole_record),
		cmocka_unit_test(test_yaml__round_trip_appended_documents),
		cmocka_unit_test(test_yaml__write_form),
		cmocka_unit_test(test_yaml__rewrite_is_stable),
		cmocka_unit_test(test_yaml__read_spec_example),
		cmocka_unit_test(test_yaml__read_nulls_and_aliases_of_names),
		cmocka_unit_test(test_yaml__read_keeps_list_values_as_written),
		cmocka_unit_test(test_yaml__read_bom),
		cmocka_unit_test(test_yaml__ambiguous_non_strings),
		cmocka_unit_test(test_yaml__ambiguous_strings),
		cmocka_unit_test(test_yaml__ambiguous_ids),
		cmocka_unit_test(test_yaml__pyyaml_reads_strings),
		cmocka_unit_test(test_yaml__refuse_anchors_and_aliases),
		cmocka_unit_test(test_yaml__refuse_tags),
		cmocka_unit_test(test_yaml__refuse_duplicate_keys),
		cmocka_unit_test(test_yaml__refuse_nesting),
		cmocka_unit_test(test_yaml__refuse_deep_brackets),
		cmocka_unit_test(test_yaml__field_cap),
		cmocka_unit_test(test_yaml__scalar_cap),
		cmocka_unit_test(test_yaml__document_cap_many_fields),
		cmocka_unit_test(test_yaml__document_cap_last_field),
		cmocka_unit_test(test_yaml__document_cap_list),
		cmocka_unit_test(test_yaml__document_cap_per_document),
		cmocka_unit_test(test_yaml__refuse_bad_utf8),
		cmocka_unit_test(test_yaml__refuse_controls),
		cmocka_unit_test(test_yaml__refuse_escaped_nul),
		cmocka_unit_test(test_yaml__refuse_bad_escapes),
		cmocka_unit_test(test_yaml__refuse_bad_syntax),
		cmocka_unit_test(test_yaml__error_in_second_document),
		cmocka_unit_test(test_yaml__stream_lines),
		cmocka_unit_test(test_yaml__stream_empty),
		cmocka_unit_test(test_yaml__stream_error_line),
		cmocka_unit_test(test_yaml__file_reader),
		cmocka_unit_test(test_yaml__load_tree),
		cmocka_unit_test(test_yaml__load_depth),
		cmocka_unit_test(test_yaml__load_refusals),
		cmocka_unit_test(test_yaml__load_refuse_bad_utf8),
		cmocka_unit_test(test_yaml__load_refuse_nul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
