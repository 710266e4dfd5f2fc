/*
 * u-yamlfast.c: unit tests of common/yamlfast.c, the fast reader of
 * crm's own YAML layout.  The reference is crm_yaml_read (libyaml): for
 * journals of random records written by crm_yaml_write, the fast reader
 * must take them and give the very same records (keys, list flags,
 * values, plainness); for hand-written YAML, and for whatever
 * crm_yaml_read refuses, it must step aside (return 1) without passing
 * on a record.  A last test times both readers on a 20 MB journal stream
 * and prints the figures as a TAP comment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "crm.h"
#include "internal.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define ID "3f9a0c7d21e84b65"

/* s as a JSON string, for messages; the buffers rotate and stay reachable. */
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

/*
 * Prints a TAP comment line, cut below cmocka's 1024-byte limit so that
 * the next "ok" line stays on a line of its own.
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

/* ---- reading both ways ---- */

struct recs {
	struct crm_record **v;
	size_t n, alloc;
};

static void
recs_push(struct recs *rs, struct crm_record *r)
{
	if (rs->n == rs->alloc) {
		rs->alloc = rs->alloc ? 2 * rs->alloc : 16;
		rs->v = crm_xrealloc(rs->v, rs->alloc * sizeof(*rs->v));
	}
	rs->v[rs->n++] = r;
}

static void
recs_release(struct recs *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		crm_record_free(rs->v[i]);
	free(rs->v);
	memset(rs, 0, sizeof(*rs));
}

/* Every record of text through crm_yaml_read; its error code, or 0. */
static int
read_slow(struct recs *out, const char *text, size_t len, enum crm_kind kind)
{
	struct crm_yaml_reader *y = crm_yaml_reader_mem(text, len, "j.yaml");
	struct crm_record *r;
	int rc;

	assert_non_null(y);
	for (;;) {
		if ((rc = crm_yaml_read(&r, NULL, y, kind)) < 0 || !r)
			break;
		recs_push(out, r);
	}
	crm_yaml_reader_free(y);
	return rc;
}

static int
collect(struct crm_record *r, void *arg)
{
	recs_push(arg, crm_record_dup(r));
	return 0;
}

static int
read_fast(struct recs *out, const char *text, size_t len, enum crm_kind kind)
{
	return crm_yaml_fast(text, len, kind, collect, out);
}

/*
 * Compares a and b: keys in order, list flags, values byte for byte and
 * plainness.  Returns 0 when equal, else appends what differs to why.
 */
static int
record_diff(struct crm_buf *why, const struct crm_record *a,
	    const struct crm_record *b)
{
	size_t i, j;

	if (crm_record_kind(a) != crm_record_kind(b)) {
		crm_buf_addf(why, "kind %d, then %d", crm_record_kind(a),
			     crm_record_kind(b));
		return -1;
	}
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
		if (crm_record_is_list(a, i) != crm_record_is_list(b, i) ||
		    crm_record_nvalues(a, i) != crm_record_nvalues(b, i)) {
			crm_buf_addf(why, "field %s: list %d of %zu, then %d of %zu",
				     show(k), crm_record_is_list(a, i),
				     crm_record_nvalues(a, i),
				     crm_record_is_list(b, i),
				     crm_record_nvalues(b, i));
			return -1;
		}
		for (j = 0; j < crm_record_nvalues(a, i); j++) {
			const char *va = crm_record_value(a, i, j);
			const char *vb = crm_record_value(b, i, j);

			if (strcmp(va, vb) != 0 ||
			    crm_record_plain(a, i, j) != crm_record_plain(b, i, j)) {
				crm_buf_addf(why, "field %s[%zu]: %s plain %d, then %s plain %d",
					     show(k), j, show(va),
					     crm_record_plain(a, i, j), show(vb),
					     crm_record_plain(b, i, j));
				return -1;
			}
		}
	}
	return 0;
}

/*
 * Reads text both ways.  Returns 0 when they agree: libyaml refused it
 * and the fast reader stepped aside, or the fast reader stepped aside,
 * or both gave the same records.  *fast_rc gets the fast reader's answer
 * and *slow_rc libyaml's; *n (unless NULL) the number of records
 * libyaml read.
 */
static int
differ(struct crm_buf *why, int *fast_rc, int *slow_rc, size_t *n,
       const char *text, size_t len, enum crm_kind kind)
{
	struct recs slow = { 0 }, fast = { 0 };
	size_t i;
	int rc = 0;

	*slow_rc = read_slow(&slow, text, len, kind);
	*fast_rc = read_fast(&fast, text, len, kind);
	if (n)
		*n = slow.n;
	if (*fast_rc == CRM_YAML_NOT_FAST) {
		if (fast.n) {
			crm_buf_addf(why, "stepped aside after %zu records",
				     fast.n);
			rc = -1;
		}
	} else if (*fast_rc != 0) {
		crm_buf_addf(why, "fast reader returned %d", *fast_rc);
		rc = -1;
	} else if (*slow_rc < 0) {
		crm_buf_addf(why, "libyaml refuses it (%s), the fast reader took it",
			     crm_err_msg());
		rc = -1;
	} else if (slow.n != fast.n) {
		crm_buf_addf(why, "%zu records, then %zu", slow.n, fast.n);
		rc = -1;
	} else {
		for (i = 0; i < slow.n && rc == 0; i++)
			if (record_diff(why, slow.v[i], fast.v[i]) < 0) {
				crm_buf_addf(why, " (document %zu)", i + 1);
				rc = -1;
			}
	}
	recs_release(&slow);
	recs_release(&fast);
	return rc;
}

/* ---- random records ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint32_t
rnd(uint32_t n)
{
	/* xorshift64*: reproducible runs, no libc state */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545f4914f6cdd1dULL) >> 32) % n;
}

/* Strings a YAML reader could mistake, or that stress the writer. */
static const char *const pool[] = {
	/* YAML 1.1 and 1.2 non-strings */
	"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true",
	"True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off",
	"Off", "OFF", "~", "null", "Null", "NULL", "", "=", "<<",
	"0", "1", "-1", "+1", "42", "0123", "0755", "-0755", "1_000",
	"0x1F", "-0x1F", "0o17", "0b1010", "12:30", "190:20:30", "-1:20",
	"1.10", "1.", "-.5", ".5", "+.5", "1e5", "1E+5", "1e-5", "-1e5",
	"6.8523015e+5", ".inf", "-.inf", "+.inf", ".Inf", ".NaN", ".nan",
	"0.0", "12345e6789012345", "1234567890123456", "12:", "1:",
	"2026-11-02", "2026-1-2", "2026-11-02T10:00:00Z",
	"2026-11-02 10:00:00", "2026-11-02t10:00:00.5+01:00",
	/* ids and ordinary text */
	"98fa48427542aea9", "3f9a0c7d21e84b65", "Jane Doe",
	"+33 1 23 45 67 89", "jane@example.com", "call", "Follow up",
	/* spaces */
	" lead", "trail ", " both ", "   ", " ", "two  spaces",
	/* indicators, quotes, backslashes, colons, hashes */
	"a: b", "a:b", "#x", "x #y", "x#y", "- item", "-", "--", "---",
	"...", "-x", "-5x", "[a]", "{a}", "a, b", "a,b", "x]", "*alias",
	"&anchor", "!tag", "!!str", "%x", "@x", "`cmd`", "? x", "?x", ": x",
	":x", "x:", "|", ">", "|-", ">+", "it's", "'", "''", "\"",
	"say \"hi\"", "back\\slash", "\\", "\\n", "a\\", "%YAML 1.2",
	"a:?b", "x:?", "http://x.example/?q=1", "why?", "a ? b", "+\"34",
	"~x", "<<x", "a\"b'c", "'quoted'", "\"dq\"",
	/* longer look-alikes of special words */
	"infinity", "Infinity", "-Infinity", "NaN", "nan", "undefined",
	"yes!", "Truely", "nulls", "NULLED", "offset", "onward", "tilde~",
	/* controls and breaks */
	"tab\there", "\t", "trailing tab\t", "crlf\r\nline", "cr\ronly",
	"\r", "esc\x1b[31mred", "del\x7f", "bell\x07", "nul\x01",
	"nel\xc2\x85x", "ls\xe2\x80\xa8x", "ps\xe2\x80\xa9x",
	"bom\xef\xbb\xbfx", "\xef\xbb\xbf", "\xef\xbb\xbf" "lead bom",
	"c1\xc2\x9b" "csi", "nbsp\xc2\xa0x", "\xc2\xa0", "zwsp\xe2\x80\x8bx",
	"\xef\xbf\xbf", "x\xef\xbf\xbey", "\xef\xbf\xbd", "\xf4\x8f\xbf\xbf",
	"\xee\x80\x80", "bad\xff", "\xc3", "over\xc0\xaflong",
	"sur\xed\xa0\x80", "\xf5\x80\x80\x80",
	/* multi-line text */
	"line1\nline2\n", "line1\nline2", "line1\nline2\n\n", "a\n\n\n",
	"  indented\nsecond\n", "a\n\nb\n", "\nstarts with a newline", "\n",
	"\n\n", " \n ", "a \nb", "a\n b\n", "a\n\tb\n", "\ta\nb",
	"# not a comment\n- not a list\n", "---\n...\n", "a\r\nb\r\n",
	"x\n\xc2\x85y\n", "key: value\nother: thing\n", "a\n  \nb",
	"last\n\n", "a\n    deep\n  less\nnone",
	/* scripts */
	"emoji \xf0\x9f\x98\x80", "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb",
	"CJK \xe6\xbc\xa2\xe5\xad\x97", "\xe6\x9d\xb1\xe4\xba\xac: \xe6\xb8\x8b",
	"Arabic \xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9",
	"e\xcc\x81 combining", "\xcc\x81 leading mark", "M\xc3\xbcnchen",
	"d\xc3\xa9j\xc3\xa0 vu", "\xef\xbc\x91\xef\xbc\x92",
};

/* Field names crm writes plain. */
static const char *const plain_keys[] = {
	"id", "at", "contact", "type", "summary", "amount", "currency",
	"channel", "direction", "deal", "due", "done", "body", "tags",
	"tag", "email", "emails", "phone", "phones", "name", "org", "x-note",
	"custom_field", "n2", "a.b", "path/like", "_under", "9lives",
};

/* Names crm must quote, or that libyaml takes differently. */
static const char *const odd_keys[] = {
	"null", "true", "yes", "1", "", "a b", "#x", "-", "k:v", "k: v",
	"\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87", "tab\tkey", "new\nline", "'q'",
	"<<", "~", "[x]", "?", "-dash", ".dot", "x ", " x",
};

/* A value: a string of the pool, two or three glued, or random bytes. */
static void
random_value(struct crm_buf *out)
{
	static const char alphabet[] =
		"ab Z09 :#'\"\\\n\t-?[]{},|>&*!%@`~.\r\x01\x7f";
	static const char *const wide[] = {
		"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x8e\x89",
		"\xef\xbb\xbf", "\xc2\x85", "\xe2\x80\xa8", "\xff",
	};
	uint32_t how = rnd(10), i, n;

	crm_buf_reset(out);
	if (how < 6) {
		crm_buf_adds(out, pool[rnd(N(pool))]);
	} else if (how < 9) {
		for (i = 0, n = 2 + rnd(2); i < n; i++)
			crm_buf_adds(out, pool[rnd(N(pool))]);
	} else {
		for (i = 0, n = rnd(12); i < n; i++) {
			if (rnd(6) == 0)
				crm_buf_adds(out, wide[rnd(N(wide))]);
			else
				crm_buf_addc(out, alphabet[rnd(sizeof(alphabet) - 1)]);
		}
	}
}

/* Whether a key of r has the canonical name of k ("tag" and "tags"). */
static int
has_canon(const struct crm_record *r, enum crm_kind kind, const char *k)
{
	const char *c = crm_schema_canon(kind, k);
	size_t i;

	for (i = 0; i < crm_record_nfields(r); i++)
		if (strcmp(crm_schema_canon(kind, crm_record_key(r, i)), c) == 0)
			return 1;
	return 0;
}

/*
 * Whether a reader could give v as a typed scalar: crm_yaml_ambiguous,
 * but not ending in ':' ("12:" is base 60 to it, yet no plain scalar),
 * which crm_yaml_write would write plain and libyaml refuse.
 */
static int
typed(const struct crm_buf *v)
{
	return crm_yaml_ambiguous(crm_buf_str(v)) &&
	       !(v->len && v->buf[v->len - 1] == ':');
}

/*
 * A random record.  With odd, keys include names crm quotes and every
 * value's plainness is random (as a record built by hand could have it);
 * without, keys are plain and canonical names unique, values are valid
 * UTF-8 (as crm_record_check demands), and plainness is what a reader
 * gives: typed (crm_yaml_ambiguous) scalars only, never list items.
 */
static struct crm_record *
random_record(enum crm_kind kind, int odd)
{
	struct crm_record *r = crm_record_new(kind);
	struct crm_buf v = CRM_BUF_INIT;
	uint32_t i, j, n = rnd(10) ? 1 + rnd(12) : 0, nv;

	for (i = 0; i < n; i++) {
		const char *k = odd && rnd(4) == 0 ? odd_keys[rnd(N(odd_keys))] :
			       plain_keys[rnd(N(plain_keys))];

		if (crm_record_find(r, k) >= 0 ||
		    (!odd && has_canon(r, kind, k)))
			continue;
		if (rnd(4) == 0) {
			crm_record_set_list(r, k);
			for (j = 0, nv = rnd(5); j < nv; j++) {
				do
					random_value(&v);
				while (!odd && !crm_text_valid(v.buf, v.len));
				crm_record_append(r, k, crm_buf_str(&v),
						  odd && rnd(2));
			}
			continue;
		}
		do
			random_value(&v);
		while (!odd && !crm_text_valid(v.buf, v.len));
		crm_record_set(r, k, crm_buf_str(&v),
			       odd ? (int)rnd(2) : typed(&v) && rnd(2));
	}
	crm_buf_release(&v);
	return r;
}

/*
 * A journal of 1 to 8 random records, as blocks (the first "---"
 * sometimes left out) or one-line documents, or both.
 */
static void
random_journal(struct crm_buf *out, enum crm_kind kind, int odd)
{
	uint32_t i, n = 1 + rnd(8), bare = rnd(4) == 0, style = rnd(3);

	crm_buf_reset(out);
	for (i = 0; i < n; i++) {
		struct crm_record *r = random_record(kind, odd);

		if (style == 0 || (style == 2 && rnd(2)))
			assert_int_equal(crm_yaml_write(out, r, i > 0 || !bare),
					 0);
		else
			assert_int_equal(crm_yaml_write_line(out, r), 0);
		crm_record_free(r);
	}
}

/*
 * Journals of records as crm stores them: whenever libyaml reads one,
 * the fast reader must take it too and give the same records; whenever
 * libyaml refuses one (the writer's own bugs), it must step aside.
 */
static void
test_yamlfast__written_journals(void **state)
{
	static const enum crm_kind kinds[] = { CRM_LOG, CRM_CONTACT, CRM_DEAL };
	struct crm_buf j = CRM_BUF_INIT, why = CRM_BUF_INIT;
	size_t i, n, records = 0, refused = 0, bad = 0;
	int frc, src;

	for (i = 0; i < 6000; i++) {
		enum crm_kind kind = kinds[rnd(N(kinds))];

		random_journal(&j, kind, 0);
		crm_buf_reset(&why);
		if (differ(&why, &frc, &src, &n, j.buf, j.len, kind) < 0 ||
		    (src == 0 && frc != 0)) {
			if (bad++ < 10)
				note("%s%s in %s",
				     why.len ? crm_buf_str(&why) : "stepped aside",
				     src < 0 ? "" : " though libyaml reads it",
				     show(j.buf));
			continue;
		}
		if (src < 0 && refused++ < 1)
			note("e.g. crm_yaml_write gave YAML libyaml refuses (%s): %.200s",
			     crm_err_msg(), show(j.buf));
		if (src == 0)
			records += n;
	}
	note("%zu journals, %zu records read both ways; %zu journals libyaml refuses",
	     i, records, refused);
	crm_buf_release(&j);
	crm_buf_release(&why);
	if (bad)
		fail_msg("%zu of %zu journals read differently", bad, i);
}

/*
 * Records with odd keys and random plainness: the fast reader may step
 * aside more often, but whatever it reads must be what libyaml reads.
 */
static void
test_yamlfast__odd_records(void **state)
{
	static const enum crm_kind kinds[] = { CRM_LOG, CRM_CONTACT, CRM_ORG };
	struct crm_buf j = CRM_BUF_INIT, why = CRM_BUF_INIT;
	size_t i, fast = 0, bad = 0;
	int frc, src;

	for (i = 0; i < 6000; i++) {
		enum crm_kind kind = kinds[rnd(N(kinds))];

		random_journal(&j, kind, 1);
		crm_buf_reset(&why);
		if (differ(&why, &frc, &src, NULL, j.buf, j.len, kind) < 0) {
			if (bad++ < 10)
				note("%s in %s", crm_buf_str(&why), show(j.buf));
			continue;
		}
		fast += frc == 0;
	}
	note("%zu of %zu journals read by the fast reader", fast, i);
	crm_buf_release(&j);
	crm_buf_release(&why);
	if (bad)
		fail_msg("%zu of %zu journals read differently", bad, i);
}

/* Hand-written YAML in crm's layout: taken, and read as libyaml reads it. */
static void
test_yamlfast__layout_read_alike(void **state)
{
	static const char *const texts[] = {
		"",
		"id: " ID "\n",
		"---\nid: " ID "\n---\nid: x\nname: y\n",
		"{}\n",
		"---\n{}\n---\nid: " ID "\n---\n{}\n",
		"a: ~\na: x\n",
		"a: null\nb: Null\nc: NULL\nd: nulls\ne: '~'\nf: \"null\"\n",
		"tags: [~, a, null, 'null', \"~\"]\n",
		"tags: []\nemail: []\n",
		"tag: [a]\nphones: ['1']\nemails: [x@y]\n",
		"n: -5\nf: -.5\nd: 2026-01-02\nb: yes\nt: 12:30\nz: 0x1F\n",
		"s: plain text with 'quotes' and \"dq\" and a#hash, [x] {y}\n",
		"s: not:a tag! no & * | > % @ ` ?\n",
		"u: \"\\u00e9\\u00E9\\x41\\e\\t\\r\\n\\\\\\\" \\x7f\\x85\\u2028\\uFEFF\"\n",
		"s: 'it''s ''quoted'''\ne: ''\nd: \"\"\n",
		"sp: ' lead'\ntr: 'trail '\nin: 'a  b'\n",
		"body: |+\n  a\n\n\n",
		"body: |\n  a\n\n  b\n",
		"body: |-\n  a\n\n",
		"body: |\n  a\n\n\nnext: x\n",
		"body: |\n  a\n    indented\n  \tb\n  # not a comment\n  ---\n",
		"url: http://x.example/?q=1\ntime: 10:30:00\n",
		"a.b: 1\npath/like: 2\nx-y: 3\n_z: 4\n9: 5\n",
		"e: \xf0\x9f\x8e\x89 \xc3\xa9 \xe6\xbc\xa2 \xef\xbf\xbd\n",
		"k: \xc2\xa0nbsp\xc2\xa0\n",
		"k: a:b:c\nl: a-b\nm: x?y\n",
		"id: " ID "\n---\nid: " ID "\n---\nid: " ID "\n",
		"tags: [10:30, 2026-11-02T10:00:00Z, a:b]\n",
		"--- {}\n",
		"--- {id: " ID ", at: 2026-11-02T10:00:00Z, n: ~, "
		"tags: [a, 'b c', \"d\\te\", ~], s: 'it''s', "
		"d: \"a\\nb\\n\", t: [10:30, x:y], e: []}\n",
		"--- {a: ~, a: x}\n--- {tag: [a], emails: [b]}\n",
		"id: a\n--- {id: b}\n---\nid: c\nbody: |+\n  x\n\n--- {id: d}\n",
		"--- {u: \xf0\x9f\x8e\x89 \xc3\xa9, v: -5, w: .5, x: yes}\n",
		"tags: [a?b, a ? b, why?]\n--- {a: x?y, b: .5 ? x}\n",
	};
	struct crm_buf why = CRM_BUF_INIT;
	size_t i, bad = 0;
	int frc, src;

	for (i = 0; i < N(texts); i++) {
		crm_buf_reset(&why);
		if (differ(&why, &frc, &src, NULL, texts[i], strlen(texts[i]),
			   CRM_CONTACT) < 0 || frc != 0 || src != 0) {
			note("%s: fast %d, libyaml %d%s%s", show(texts[i]), frc,
			     src, why.len ? ": " : "", crm_buf_str(&why));
			bad++;
		}
	}
	crm_buf_release(&why);
	if (bad)
		fail_msg("%zu of %zu texts in crm's layout not read alike", bad,
			 N(texts));
}

/*
 * YAML a person could write, which libyaml reads but not in crm's
 * layout: the fast reader steps aside without a record.
 */
static void
test_yamlfast__hand_written_steps_aside(void **state)
{
	static const char *const texts[] = {
		"# comment\nid: x\n",
		"id: x # trailing comment\n",
		"id: x\n# comment\n",
		"tags:\n- a\n- b\n",
		"tags:\n  - a\n  - b\n",
		"name:   spaced\n",
		"body: >\n  folded\n  text\n",
		"body: >-\n  folded\n",
		"'id': x\n",
		"\"id\": x\n",
		"? id\n: x\n",
		"name: multi\n  line plain\n",
		"name: 'quoted\n  across lines'\n",
		"name: \"double\n  across lines\"\n",
		"name: \"escaped \\\n  break\"\n",
		"name: x\r\n",
		"{id: x, name: y}\n",
		"---\nid: x\n...\n",
		"\xef\xbb\xbfid: x\n",
		"id: x\n\nname: y\n",
		"name: x",
		"body: |2\n  text\n",
		"body: |\n    four spaces\n",
		"body: |\n   three\n",
		"body: |\n  a\n   \n  b\n",
		"body: |\n  a\n \n",
		"body: |\n\n  leading empty line\n",
		"body: | # comment\n  a\n",
		"  id: x\n  name: y\n",
		"tags: [a,b]\n",
		"tags: [ a, b ]\n",
		"tags: [a, b,]\n",
		"tags: [a , b]\n",
		"{a: b}\n",
		"--- {a: b,c: d}\n",
		"--- { a: b }\n",
		"--- {a: b}  \n",
		"--- {a: b} # comment\n",
		"--- {a: b,\n  c: d}\n",
		"--- {'a': b}\n",
		"--- {a: [b,c]}\n",
		"--- {a: b}",
		"tags: [a#b]\n",
		"tags: [a,\n  b]\n",
		"tags: []  \n",
		"name: x \n",
		"name: x\t\n",
		"name:\n",
		"name: \n",
		"Name With Space: x\n",
		"\xc3\xa9: x\n",
		"name: \"\\/ \\N \\_ \\L \\P \\a \\b\"\n",
		"name: \"\\U0001F389\"\n",
		"name: :x\n",
		"name: --x\n",
		"%YAML 1.1\n---\nid: x\n",
		"id: x\n---\n---\nid: y\n",
		"---\n",
		"---\nid: x\n--- \nid: y\n",
		"id: x\n\xe2\x80\xa8name: y\n",
		"id: x\n  \xef\xbb\xbf\n",
		"name: \xef\xbb\xbfx\n",
		"name: x\xc2\x85\n",
		/* line separators and BOMs libyaml keeps as content here */
		"name: 'a\xe2\x80\xa8" "b'\n",
		"name: \"a\xe2\x80\xa9" "b\"\n",
		"tags: [a\xe2\x80\xa8" "b]\n",
		"--- {a: x\xe2\x80\xa8y}\n",
		"name: a\xef\xbb\xbf" "b\n",
		"name: a\xe2\x80\xa9" "b: c\n",
	};
	struct recs rs = { 0 };
	size_t i, bad = 0;
	int frc, src;

	for (i = 0; i < N(texts); i++) {
		size_t len = strlen(texts[i]);

		src = read_slow(&rs, texts[i], len, CRM_CONTACT);
		recs_release(&rs);
		frc = read_fast(&rs, texts[i], len, CRM_CONTACT);
		if (src != 0 || frc != CRM_YAML_NOT_FAST || rs.n) {
			note("%s: libyaml %d (%s), fast %d with %zu records",
			     show(texts[i]), src, src ? crm_err_msg() : "",
			     frc, rs.n);
			bad++;
		}
		recs_release(&rs);
	}
	if (bad)
		fail_msg("%zu of %zu hand-written texts not left to libyaml",
			 bad, N(texts));
}

/* What crm_yaml_read refuses, the fast reader leaves to it. */
static void
test_yamlfast__refusals_left_to_libyaml(void **state)
{
	static const char *const texts[] = {
		"id: x\nid: y\n",
		"tag: a\ntags: b\n",
		"tags: [a]\ntag: [b]\n",
		"email: a\nemails: b\n",
		"a: x\na: ~\n",
		"a: []\na: x\n",
		"a: &x 1\n",
		"a: *x\n",
		"a: !t x\n",
		"a: {b: c}\n",
		"a: [a, [b]]\n",
		"a: \"\\0\"\n",
		"a: \"x\\x00\"\n",
		"a: \"\\u0000\"\n",
		"a: \"\\uD800\"\n",
		"a: \"\\q\"\n",
		"a: \"\\x4\"\n",
		"a: x\xff\n",
		"a: \xc2\x80\n",
		"a: \xed\xa0\x80\n",
		"a: \xc0\xaf\n",
		"a: x\x01\n",
		"a: 'x\x7f'\n",
		"a: b: c\n",
		"a: x:\n",
		"a: [x: y]\n",
		"body: |\n  \tx\n",
		"a: x\n- b\n",
		"s: !not:a tag\n",
		"body: |\n  a\n b\n",
		"name: \"\\0x\"\n",
		"name: ? x\n",
		"a: 'open\n",
		"a: [open\n",
		"id: x\n---\na: b: c\n",
		"id: x\n---\nid: \"\\q\"\n",
		"--- {a: 1:}\n",
		"--- {a: 1:, b: c}\n",
		"--- {a: b: c}\n",
		"--- {a: b}\nc: d\n",
		"--- {a: x, a: y}\n",
		"--- {tag: a, tags: b}\n",
		"--- {a: x, a: ~}\n",
		"--- {a: {b: c}}\n",
		"--- {a: [b, [c]]}\n",
		"--- {a: b\n",
		"tags: [a:?b]\n",
		"--- [a, b]\n",
		/* line separators that break a block's lines */
		"name: a\xe2\x80\xa8" "b\n",
		"body: |\n  a\xe2\x80\xa8" "b\n",
		"name: a\xc2\x85" "b\n",
		"a: \xef\xbf\xbe\n",
		"a: \xf4\x90\x80\x80\n",
	};
	struct recs rs = { 0 };
	size_t i, bad = 0;
	int frc, src;

	for (i = 0; i < N(texts); i++) {
		size_t len = strlen(texts[i]);

		src = read_slow(&rs, texts[i], len, CRM_CONTACT);
		recs_release(&rs);
		frc = read_fast(&rs, texts[i], len, CRM_CONTACT);
		if (src >= 0 || frc != CRM_YAML_NOT_FAST || rs.n) {
			note("%s: libyaml %d, fast %d with %zu records",
			     show(texts[i]), src, frc, rs.n);
			bad++;
		}
		recs_release(&rs);
	}
	if (bad)
		fail_msg("%zu of %zu refused texts not left to libyaml", bad,
			 N(texts));
}

/* Both readers on text; the fast one must step aside, libyaml refuse. */
static void
expect_refused(const char *what, const char *text, size_t len)
{
	struct recs rs = { 0 };
	int src, frc;

	src = read_slow(&rs, text, len, CRM_LOG);
	recs_release(&rs);
	frc = read_fast(&rs, text, len, CRM_LOG);
	if (src >= 0 || frc != CRM_YAML_NOT_FAST || rs.n)
		fail_msg("%s: libyaml %d, fast %d with %zu records", what, src,
			 frc, rs.n);
	recs_release(&rs);
}

/* Both readers on text; both must take it alike. */
static void
expect_alike(const char *what, const char *text, size_t len)
{
	struct crm_buf why = CRM_BUF_INIT;
	int src, frc;

	if (differ(&why, &frc, &src, NULL, text, len, CRM_LOG) < 0 || frc ||
	    src)
		fail_msg("%s: libyaml %d, fast %d: %s", what, src, frc,
			 crm_buf_str(&why));
	crm_buf_release(&why);
}

/* crm_yaml_read's caps: fields, list values, scalar and document sizes. */
static void
test_yamlfast__caps(void **state)
{
	struct crm_buf t = CRM_BUF_INIT;
	size_t i;

	for (i = 0; i < 256; i++)
		crm_buf_addf(&t, "f%zu: x\n", i);
	expect_alike("256 fields", t.buf, t.len);
	crm_buf_adds(&t, "g: x\n");
	expect_refused("257 fields", t.buf, t.len);

	crm_buf_reset(&t);
	crm_buf_adds(&t, "tags: [");
	for (i = 0; i < 4096; i++)
		crm_buf_addf(&t, "%sv%zu", i ? ", " : "", i);
	crm_buf_adds(&t, "]\n");
	expect_alike("4096 list values", t.buf, t.len);
	t.len -= 2;
	crm_buf_adds(&t, ", last]\n");
	expect_refused("4097 list values", t.buf, t.len);

	crm_buf_reset(&t);
	crm_buf_adds(&t, "a: ");
	for (i = 0; i < (256u << 10); i++)
		crm_buf_addc(&t, 'x');
	crm_buf_adds(&t, "\n");
	expect_alike("a value of 256 KiB", t.buf, t.len);
	t.len--;
	crm_buf_adds(&t, "y\n");
	expect_refused("a value over 256 KiB", t.buf, t.len);

	/* five values of 250 000 bytes: a document over 1 MiB */
	crm_buf_reset(&t);
	for (i = 0; i < 5; i++) {
		size_t k;

		crm_buf_addf(&t, "f%zu: '", i);
		for (k = 0; k < 250000; k++)
			crm_buf_addc(&t, 'x');
		crm_buf_adds(&t, "'\n");
	}
	expect_refused("a document over 1 MiB", t.buf, t.len);
	/* the same over two documents is fine */
	crm_buf_reset(&t);
	for (i = 0; i < 6; i++) {
		size_t k;

		crm_buf_addf(&t, "%sf%zu: |\n  ", i % 3 ? "" : "---\n", i);
		/* lines of 79 characters, the last one not empty */
		for (k = 0; k < 250010; k++)
			crm_buf_adds(&t, k % 80 == 79 ? "\n  " : "x");
		crm_buf_adds(&t, "\n");
	}
	expect_alike("two documents of 750 kB", t.buf, t.len);
	crm_buf_release(&t);
}

/* A bad document anywhere: no record reaches the callback. */
static void
test_yamlfast__nothing_before_stepping_aside(void **state)
{
	static const char text[] =
		"---\nid: " ID "\nat: 2026-11-02T10:00:00Z\n"
		"---\nid: " ID "\nat: 2026-11-03T10:00:00Z\n"
		"---\nid: " ID "\n# a comment at the end\n";
	struct recs rs = { 0 };

	assert_int_equal(read_fast(&rs, text, sizeof(text) - 1, CRM_LOG),
			 CRM_YAML_NOT_FAST);
	assert_int_equal(rs.n, 0);
	recs_release(&rs);
}

struct stop {
	size_t calls, after;
};

static int
stop_after(struct crm_record *r, void *arg)
{
	struct stop *s = arg;

	assert_non_null(crm_record_get(r, "id"));
	return ++s->calls == s->after ? CRM_EDATA : 0;
}

/* The callback's error stops the reading and comes back as it is. */
static void
test_yamlfast__callback_error_stops(void **state)
{
	static const char text[] =
		"---\nid: a\n---\nid: b\n---\nid: c\n---\nid: d\n";
	struct stop s = { 0, 2 };

	assert_int_equal(crm_yaml_fast(text, sizeof(text) - 1, CRM_LOG,
				       stop_after, &s), CRM_EDATA);
	assert_int_equal(s.calls, 2);
	s.calls = 0;
	s.after = 99;
	assert_int_equal(crm_yaml_fast(text, sizeof(text) - 1, CRM_LOG,
				       stop_after, &s), 0);
	assert_int_equal(s.calls, 4);
}

/* Every text in crm's layout cut short: alike, or left to libyaml. */
static void
test_yamlfast__truncations(void **state)
{
	static const char text[] =
		"---\nid: " ID "\nat: 2026-11-02T10:00:00Z\n"
		"summary: 'it''s \xf0\x9f\x8e\x89'\ntags: [a, 'b c', \"d\\te\"]\n"
		"body: |+\n  line\n\n  more\n\n\n"
		"---\n{}\n---\nu: \"\\u00e9\\x41\"\n";
	struct crm_buf why = CRM_BUF_INIT;
	size_t len;
	int frc, src;

	for (len = 0; len <= sizeof(text) - 1; len++) {
		char *copy = crm_xstrndup(text, len);

		crm_buf_reset(&why);
		if (differ(&why, &frc, &src, NULL, copy, len, CRM_LOG) < 0)
			fail_msg("first %zu bytes: %s", len, crm_buf_str(&why));
		free(copy);
	}
	crm_buf_release(&why);
}

/* ---- speed ---- */

/* Wall-clock and CPU seconds. */
static void
now(double t[2])
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	t[0] = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	t[1] = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Keeps in best the shortest times since start. */
static void
lap(double best[2], const double start[2])
{
	double t[2];
	int i;

	now(t);
	for (i = 0; i < 2; i++)
		if (t[i] - start[i] < best[i])
			best[i] = t[i] - start[i];
}

static void
hex_id(char out[CRM_ID_LEN + 1])
{
	static const char hexd[] = "0123456789abcdef";
	int i;

	for (i = 0; i < CRM_ID_LEN; i++)
		out[i] = hexd[rnd(16)];
	out[CRM_ID_LEN] = '\0';
}

/*
 * Interactions as crm-log writes them, about 200 bytes each: one-line
 * documents with line, else blocks.
 */
static void
interaction_journal(struct crm_buf *out, size_t size, int line)
{
	static const char *const types[] = {
		"call", "email", "meeting", "note", "task", "purchase",
	};
	static const char *const summaries[] = {
		"Call about pricing", "Re: trial extension",
		"Meeting: training and contract terms",
		"Follow up on quarterly review", "Call about d\xc3\xa9j\xc3\xa0 vu bug",
		"Note: training, needs a reply", "Sent the \"final\" quote",
		"Order #4521 shipped \xf0\x9f\x93\xa6", "it's done",
	};
	static const char *const tags[] = { "vip", "renewal", "q3", "urgent" };
	struct crm_record *r;
	char id[CRM_ID_LEN + 1], when[32];

	while (out->len < size) {
		r = crm_record_new(CRM_LOG);
		hex_id(id);
		crm_record_set(r, "id", id, 0);
		snprintf(when, sizeof(when), "2026-%02u-%02uT%02u:%02u:%02uZ",
			 1 + rnd(12), 1 + rnd(28), rnd(24), rnd(60), rnd(60));
		crm_record_set(r, "at", when, 1);
		hex_id(id);
		crm_record_set(r, "contact", id, 0);
		crm_record_set(r, "type", types[rnd(N(types))], 0);
		crm_record_set(r, "summary", summaries[rnd(N(summaries))], 0);
		if (rnd(5) == 0) {
			snprintf(when, sizeof(when), "%u.%02u", rnd(5000), rnd(100));
			crm_record_set(r, "amount", when, 1);
			crm_record_set(r, "currency", "EUR", 0);
		}
		if (rnd(4) == 0) {
			snprintf(when, sizeof(when), "2026-%02u-%02u", 1 + rnd(12),
				 1 + rnd(28));
			crm_record_set(r, "due", when, 1);
		}
		if (rnd(6) == 0)
			crm_record_set(r, "body",
				       "Discussed the renewal.\nThey want a "
				       "discount: 10%.\n\nCall again in May.\n",
				       0);
		if (rnd(5) == 0) {
			crm_record_add(r, "tags", tags[rnd(N(tags))], 0);
			crm_record_add(r, "tags", tags[rnd(N(tags))], 0);
		}
		if (line)
			crm_yaml_write_line(out, r);
		else
			crm_yaml_write(out, r, 1);
		crm_record_free(r);
	}
}

static int
count(struct crm_record *r, void *arg)
{
	(*(size_t *)arg)++;
	return 0;
}

/*
 * Times both readers on 20 MB of journals, best of two runs, and prints
 * MB/s by CPU time (other jobs on the machine skew the wall clock) and
 * by wall clock; never fails on speed.
 */
static void
time_readers(int line)
{
	struct crm_buf j = CRM_BUF_INIT;
	struct crm_yaml_reader *y;
	struct crm_record *r;
	double t[2], slow[2] = { 1e9, 1e9 }, fast[2] = { 1e9, 1e9 }, mb;
	size_t n_slow = 0, n_fast = 0;
	int round;

	interaction_journal(&j, 20u << 20, line);
	mb = (double)j.len / 1e6;
	for (round = 0; round < 2; round++) {
		now(t);
		n_slow = 0;
		y = crm_yaml_reader_mem(j.buf, j.len, "speed.yaml");
		while (crm_yaml_read(&r, NULL, y, CRM_LOG) == 0 && r) {
			crm_record_free(r);
			n_slow++;
		}
		crm_yaml_reader_free(y);
		lap(slow, t);
		now(t);
		n_fast = 0;
		assert_int_equal(crm_yaml_fast(j.buf, j.len, CRM_LOG, count,
					       &n_fast), 0);
		lap(fast, t);
	}
	assert_int_equal(n_slow, n_fast);
	note("speed, %s: %.1f MB, %zu interactions; by CPU time: libyaml "
	     "%.1f MB/s, fast %.1f MB/s (%.1fx), a million interactions in "
	     "%.2f s; by wall clock: %.1f and %.1f MB/s",
	     line ? "one-line documents" : "block documents", mb, n_fast,
	     mb / slow[1], mb / fast[1], slow[1] / fast[1],
	     fast[1] * 1e6 / (double)n_fast, mb / slow[0], mb / fast[0]);
	crm_buf_release(&j);
}

static void
test_yamlfast__speed(void **state)
{
	time_readers(0);
	time_readers(1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yamlfast__written_journals),
		cmocka_unit_test(test_yamlfast__odd_records),
		cmocka_unit_test(test_yamlfast__layout_read_alike),
		cmocka_unit_test(test_yamlfast__hand_written_steps_aside),
		cmocka_unit_test(test_yamlfast__refusals_left_to_libyaml),
		cmocka_unit_test(test_yamlfast__caps),
		cmocka_unit_test(test_yamlfast__nothing_before_stepping_aside),
		cmocka_unit_test(test_yamlfast__callback_error_stops),
		cmocka_unit_test(test_yamlfast__truncations),
		cmocka_unit_test(test_yamlfast__speed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
