/*
 * yamlfast.c: a reader for the YAML that crm_yaml_write and
 * crm_yaml_write_line produce, for the index rebuild, which parses every
 * journal.  It takes only text it reads exactly as crm_yaml_read (yaml.c,
 * libyaml) does: documents of "key: value" lines, or one-line documents
 * "--- {key: value, ...}", in any mix, with plain keys and values that
 * are plain or quoted on one line, one-line flow lists of such scalars,
 * or (in blocks) literal blocks indented by two spaces.  Anything else
 * (comments, other indentation, block lists, folded or multi-line
 * scalars, tabs and CR outside literal blocks, escapes crm never writes,
 * whatever crm_yaml_read refuses) makes it give up before any record
 * leaves it, and the caller reads the text with libyaml.  Where libyaml's
 * rules are subtle it gives up too: being slow is safe, reading
 * differently is not.  Where libyaml versions differ (a ':' inside a
 * plain scalar of a flow collection) it follows 0.2.5.
 *
 * The text is read in two steps: parsing it all into a list of items
 * (field names and decoded values in one buffer), then building each
 * record from them and handing it over, one at a time, which keeps
 * malloc's work to a record's worth.
 */
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "internal.h"

/* yaml.c's limits: beyond them crm_yaml_read refuses the text. */
#define MAX_DOC (1u << 20)
#define MAX_SCALAR (256u << 10)
#define MAX_FIELDS 256
#define MAX_VALUES 4096
#define MAX_KEY 128

#define NOT_FAST CRM_YAML_NOT_FAST

/* Field names remembered by position, with their canonical names. */
#define NCACHE 32
#define CACHED_NAME 40

/*
 * The bytes that end a run of plain content, by context: in a plain
 * scalar of a block or of a flow list, in quotes, in a literal block.
 * Controls, DEL and all non-ASCII bytes stop every run (the last are
 * checked as UTF-8); tab is content in a literal block only.
 */
#define S_BLOCK 1
#define S_FLOW 2
#define S_SQ 4
#define S_DQ 8
#define S_LIT 16
#define S_ALL 31

static const unsigned char stop[256] = {
	[0x00 ... 0x08] = S_ALL, ['\t'] = S_ALL & ~S_LIT, ['\n'] = S_ALL,
	[0x0b ... 0x1f] = S_ALL, [' '] = S_BLOCK | S_FLOW, ['"'] = S_DQ,
	['#'] = S_FLOW, ['\''] = S_SQ, [','] = S_FLOW,
	[':'] = S_BLOCK | S_FLOW, ['['] = S_FLOW,
	['\\'] = S_DQ, [']'] = S_FLOW, ['{'] = S_FLOW, ['}'] = S_FLOW,
	[0x7f] = S_ALL, [0x80 ... 0xff] = S_ALL,
};

/* What the parse leaves for the building of records. */
enum { I_DOC, I_KEY, I_SCALAR, I_LIST, I_ITEM };

struct item {
	size_t off;		/* of the NUL-terminated name or value in text */
	unsigned char type, plain;
};

struct fast {
	const unsigned char *end;	/* data ends with '\n', just before */
	enum crm_kind kind;
	struct crm_buf text;		/* names and values, NUL-terminated */
	struct item *items;
	size_t nitems, alloc;
	/* the fields the record being parsed would have: name offsets */
	size_t names[MAX_FIELDS], nfields;
	/*
	 * Journals repeat the same names in the same order: the n-th name
	 * of the last document that had one, and where text holds what
	 * crm_schema_canon made of it.
	 */
	size_t pos;			/* of the field in its document */
	struct {
		size_t len, off;
		char name[CACHED_NAME];
	} cache[NCACHE];
};

/*
 * Length of the UTF-8 character at s when libyaml reads it as content,
 * else 0: libyaml's reader refuses bad sequences, C1 controls,
 * surrogates, U+FFFE and U+FFFF; NEL, U+2028 and U+2029 break lines;
 * U+FEFF is dropped at the start of a line (crm writes all of these
 * escaped).  The '\n' that ends the data stops the look-ahead.
 */
static size_t
utf8_len(const unsigned char *s)
{
	unsigned cp;

	if (s[0] < 0xc2)
		return 0;
	if (s[0] < 0xe0) {
		if ((s[1] & 0xc0) != 0x80 || (s[0] == 0xc2 && s[1] < 0xa0))
			return 0;
		return 2;
	}
	if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
		return 0;
	if (s[0] < 0xf0) {
		cp = ((unsigned)(s[0] & 0x0f) << 12) |
		     ((unsigned)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
		if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff) ||
		    cp == 0x2028 || cp == 0x2029 || cp == 0xfeff ||
		    cp >= 0xfffe)
			return 0;
		return 3;
	}
	if (s[0] > 0xf4 || (s[3] & 0xc0) != 0x80)
		return 0;
	cp = ((unsigned)(s[0] & 0x07) << 18) | ((unsigned)(s[1] & 0x3f) << 12) |
	     ((unsigned)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
	return cp >= 0x10000 && cp <= 0x10ffff ? 4 : 0;
}

static int
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* "---" alone on a line, or "--- {" a one-line document: one starts. */
static int
doc_start(const unsigned char *q)
{
	return q[0] == '-' && q[1] == '-' && q[2] == '-' &&
	       (q[3] == '\n' || (q[3] == ' ' && q[4] == '{'));
}

/*
 * Whether q can start a plain scalar as crm writes them: not a space, a
 * control or an indicator; "-" only before a digit, letter or '.' (a
 * negative number), never as a block entry.
 */
static int
plain_start(const unsigned char *q)
{
	if (q[0] >= 0x80)
		return 1;	/* checked as UTF-8 with the rest */
	if (q[0] <= ' ' || q[0] == 0x7f)
		return 0;
	if (q[0] == '-')
		return is_alnum(q[1]) || q[1] == '.';
	return !strchr("?:,[]{}#&*!|>'\"%@`", q[0]);
}

static int
is_null(const char *v, size_t n)
{
	return (n == 1 && v[0] == '~') ||
	       (n == 4 && (memcmp(v, "null", 4) == 0 ||
			   memcmp(v, "Null", 4) == 0 ||
			   memcmp(v, "NULL", 4) == 0));
}

/*
 * A plain scalar from *qp: in a block (close 0) to the end of the line,
 * in a flow list (close ']') or mapping (close '}') to the ',' or close
 * after it, where *qp is left.  It must hold no comment, no ": ", no
 * trailing space; in flow no '#', bracket or brace either, and a ':'
 * only before a character that libyaml (0.2.5) then reads as content.
 */
static int
scan_plain(struct fast *f, const unsigned char **qp, int close)
{
	const unsigned char *q = *qp, *s = q;
	int mask = close ? S_FLOW : S_BLOCK;
	size_t n;

	for (;; q++) {
		while (!(stop[*q] & mask))
			q++;
		switch (*q) {
		case ' ':
			if (q[1] == '#' || q[1] == '\n' ||
			    (close && (q[1] == ',' || q[1] == close)))
				return NOT_FAST;
			continue;
		case ':':
			if (q[1] == ' ' || q[1] == '\n' ||
			    (close && strchr(",[]{}?", q[1])))
				return NOT_FAST;
			continue;
		case '\n':
			if (close)
				return NOT_FAST;
			break;
		case ',':
		case ']':
		case '}':
			if (*q != ',' && *q != close)
				return NOT_FAST;
			break;
		default:
			if (*q < 0x80 || !(n = utf8_len(q)))
				return NOT_FAST;
			q += n - 1;
			continue;
		}
		break;
	}
	crm_buf_add(&f->text, s, (size_t)(q - s));
	*qp = q;
	return 0;
}

/* A 'single-quoted' scalar on one line; *qp is left after the quote. */
static int
scan_single(struct fast *f, const unsigned char **qp)
{
	const unsigned char *q = *qp + 1, *s = q;
	size_t n;

	for (;;) {
		while (!(stop[*q] & S_SQ))
			q++;
		if (*q == '\'') {
			crm_buf_add(&f->text, s, (size_t)(q - s));
			if (q[1] != '\'')
				break;
			/* '' is a quote */
			crm_buf_addc(&f->text, '\'');
			s = q += 2;
			continue;
		}
		if (*q < 0x80 || !(n = utf8_len(q)))
			return NOT_FAST;
		q += n;
	}
	*qp = q + 1;
	return 0;
}

static int
hex(unsigned *out, const unsigned char *q, int n)
{
	unsigned v = 0;
	int i, c;

	for (i = 0; i < n; i++) {
		c = q[i];
		if (c >= '0' && c <= '9')
			v = v * 16 + (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = v * 16 + (unsigned)(c - 'A' + 10);
		else
			return -1;	/* stops at the '\n' too */
	}
	*out = v;
	return 0;
}

/* The escape at q (a backslash), as libyaml decodes it; its length. */
static size_t
unescape(struct crm_buf *out, const unsigned char *q)
{
	unsigned cp;
	size_t n;

	switch (q[1]) {
	case '"': crm_buf_addc(out, '"'); return 2;
	case '\\': crm_buf_addc(out, '\\'); return 2;
	case 'n': crm_buf_addc(out, '\n'); return 2;
	case 't': crm_buf_addc(out, '\t'); return 2;
	case 'r': crm_buf_addc(out, '\r'); return 2;
	case 'e': crm_buf_addc(out, 0x1b); return 2;
	case 'x':
		if (hex(&cp, q + 2, 2) < 0)
			return 0;
		n = 4;
		break;
	case 'u':
		if (hex(&cp, q + 2, 4) < 0)
			return 0;
		n = 6;
		break;
	default:
		return 0;	/* one crm never writes */
	}
	/* NUL would cut the value short: crm_yaml_read refuses it */
	if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	if (cp < 0x80) {
		crm_buf_addc(out, (int)cp);
	} else if (cp < 0x800) {
		crm_buf_addc(out, (int)(0xc0 | (cp >> 6)));
		crm_buf_addc(out, (int)(0x80 | (cp & 0x3f)));
	} else {
		crm_buf_addc(out, (int)(0xe0 | (cp >> 12)));
		crm_buf_addc(out, (int)(0x80 | ((cp >> 6) & 0x3f)));
		crm_buf_addc(out, (int)(0x80 | (cp & 0x3f)));
	}
	return n;
}

/* A "double-quoted" scalar on one line; *qp is left after the quote. */
static int
scan_double(struct fast *f, const unsigned char **qp)
{
	const unsigned char *q = *qp + 1, *s = q;
	size_t n;

	for (;;) {
		while (!(stop[*q] & S_DQ))
			q++;
		if (*q == '"')
			break;
		if (*q == '\\') {
			crm_buf_add(&f->text, s, (size_t)(q - s));
			if (!(n = unescape(&f->text, q)))
				return NOT_FAST;
			s = q += n;
			continue;
		}
		if (*q < 0x80 || !(n = utf8_len(q)))
			return NOT_FAST;
		q += n;
	}
	crm_buf_add(&f->text, s, (size_t)(q - s));
	*qp = q + 1;
	return 0;
}

/*
 * A literal block ("|", "|-" or "|+" at *qp) whose first line is
 * indented by exactly two spaces, and every other line by at least two
 * or empty; *qp is left at the line after it.
 */
static int
scan_literal(struct fast *f, const unsigned char **qp)
{
	const unsigned char *q = *qp + 1, *s;
	int chomp = 0, first = 1;
	size_t empty = 0, n;

	if (*q == '-' || *q == '+')
		chomp = *q++ == '-' ? -1 : 1;
	if (*q++ != '\n')
		return NOT_FAST;
	/* libyaml takes the indentation from the first line (and a tab
	 * there is an error) */
	if (q == f->end || q[0] != ' ' || q[1] != ' ' || q[2] == ' ' ||
	    q[2] == '\t' || q[2] == '\n')
		return NOT_FAST;
	while (q < f->end) {
		if (q[0] == '\n') {
			empty++;
			q++;
			continue;
		}
		if (q[0] != ' ')
			break;		/* the next field or document */
		if (q[1] != ' ')
			return NOT_FAST;
		s = q += 2;
		/* a line of spaces: crm never writes one */
		while (*q == ' ')
			q++;
		if (*q == '\n')
			return NOT_FAST;
		for (;;) {
			while (!(stop[*q] & S_LIT))
				q++;
			if (*q == '\n')
				break;
			if (*q < 0x80 || !(n = utf8_len(q)))
				return NOT_FAST;
			q += n;
		}
		if (!first)
			crm_buf_addc(&f->text, '\n');
		for (; empty; empty--)
			crm_buf_addc(&f->text, '\n');
		crm_buf_add(&f->text, s, (size_t)(q - s));
		first = 0;
		q++;
	}
	if (chomp >= 0)
		crm_buf_addc(&f->text, '\n');
	for (; chomp > 0 && empty; empty--)
		crm_buf_addc(&f->text, '\n');
	*qp = q;
	return 0;
}

/*
 * Whether crm_yaml_ambiguous(v) can hold for a plain scalar of n bytes.
 * Its special words are at most five characters long, anything longer
 * must start with '.' or a digit after a sign: other values, most text,
 * skip its 29 comparisons.  (u-yamlfast compares plainness with
 * libyaml's for every special word and longer look-alikes.)
 */
static int
typed(const char *v, size_t n)
{
	const char *p = v;

	if (n > 5) {
		if (*p == '-' || *p == '+')
			p++;
		if (*p != '.' && !(*p >= '0' && *p <= '9'))
			return 0;
	}
	return crm_yaml_ambiguous(v);
}

static void
push(struct fast *f, int type, size_t off, int plain)
{
	if (f->nitems == f->alloc) {
		f->alloc = f->alloc ? 2 * f->alloc : 256;
		f->items = crm_xrealloc(f->items, f->alloc * sizeof(*f->items));
	}
	f->items[f->nitems].off = off;
	f->items[f->nitems].type = (unsigned char)type;
	f->items[f->nitems].plain = (unsigned char)plain;
	f->nitems++;
}

/*
 * Ends the value decoded into text from start: a scalar or list item
 * (type), typed when plain.  Nulls are left out, as crm_yaml_read does.
 */
static int
value(struct fast *f, int type, size_t start, int plain)
{
	const char *v = f->text.buf + start;
	size_t n = f->text.len - start;

	if (n > MAX_SCALAR)
		return NOT_FAST;
	if (plain && is_null(v, n)) {
		f->text.len = start;
		f->text.buf[start] = '\0';
		return 0;
	}
	plain = plain && typed(v, n);
	crm_buf_addc(&f->text, '\0');
	push(f, type, start, plain);
	return 0;
}

/*
 * NOT_FAST when the record has field name (at off in text) already, or
 * 256 fields: crm_yaml_read refuses both, even before a null value.
 */
static int
check_name(const struct fast *f, size_t off)
{
	const char *name = f->text.buf + off;
	size_t i;

	if (f->nfields >= MAX_FIELDS)
		return NOT_FAST;
	for (i = 0; i < f->nfields; i++)
		if (strcmp(f->text.buf + f->names[i], name) == 0)
			return NOT_FAST;
	return 0;
}

/* One scalar of a flow list at *qp. */
static int
list_item(struct fast *f, const unsigned char **qp, size_t *count)
{
	size_t start = f->text.len, before = f->nitems;
	int rc, plain = 0;

	if (**qp == '\'') {
		rc = scan_single(f, qp);
	} else if (**qp == '"') {
		rc = scan_double(f, qp);
	} else {
		if (!plain_start(*qp))
			return NOT_FAST;
		rc = scan_plain(f, qp, ']');
		plain = 1;
	}
	if (rc || (rc = value(f, I_ITEM, start, plain)))
		return rc;
	if (f->nitems > before && ++*count > MAX_VALUES)
		return NOT_FAST;
	return 0;
}

/* A flow list "[a, 'b', "c"]" on one line. */
static int
scan_list(struct fast *f, const unsigned char **qp)
{
	const unsigned char *q = *qp + 1;
	size_t count = 0;
	int rc;

	push(f, I_LIST, 0, 0);
	if (*q == ']') {
		*qp = q + 1;
		return 0;
	}
	for (;;) {
		if ((rc = list_item(f, &q, &count)))
			return rc;
		if (q[0] == ',' && q[1] == ' ') {
			q += 2;
			continue;
		}
		if (q[0] != ']')
			return NOT_FAST;
		*qp = q + 1;
		return 0;
	}
}

static int
key_char(int c)
{
	return is_alnum(c) || c == '_' || c == '-' || c == '.' || c == '/';
}

/*
 * Where text holds crm_schema_canon(f->kind, name) for the name of n
 * bytes at s, which is the pos-th of its document.
 */
static size_t
canon(struct fast *f, const unsigned char *s, size_t n)
{
	char name[MAX_KEY + 1];
	size_t i = f->pos++, off;

	if (i < NCACHE && f->cache[i].len == n &&
	    memcmp(f->cache[i].name, s, n) == 0)
		return f->cache[i].off;
	memcpy(name, s, n);
	name[n] = '\0';
	off = f->text.len;
	crm_buf_adds(&f->text, crm_schema_canon(f->kind, name));
	crm_buf_addc(&f->text, '\0');
	if (i < NCACHE && n < CACHED_NAME) {
		f->cache[i].len = n;
		f->cache[i].off = off;
		memcpy(f->cache[i].name, s, n);
	}
	return off;
}

/*
 * One field at *qp: "key: value" on a line of its own in a block (close
 * 0), where *qp is left at the next line; or in a one-line flow mapping
 * (close '}'), where *qp is left after the value.
 */
static int
read_field(struct fast *f, const unsigned char **qp, int close)
{
	const unsigned char *q = *qp, *k = q;
	size_t key, start, mark;
	int rc, eol = !close;

	/* plain keys of letters, digits and "_-./", that start a word */
	if (!is_alnum(*q) && *q != '_')
		return NOT_FAST;
	while (key_char(*++q))
		;
	if (q[0] != ':' || q[1] != ' ' || q - k > MAX_KEY)
		return NOT_FAST;
	key = canon(f, k, (size_t)(q - k));
	if (check_name(f, key))
		return NOT_FAST;
	mark = f->nitems;
	push(f, I_KEY, key, 0);
	q += 2;
	start = f->text.len;
	switch (*q) {
	case '\'':
	case '"':
		if (*q == '\'' ? scan_single(f, &q) : scan_double(f, &q))
			return NOT_FAST;
		rc = value(f, I_SCALAR, start, 0);
		break;
	case '[':
		if (scan_list(f, &q))
			return NOT_FAST;
		rc = 0;
		break;
	case '|':
		if (close || scan_literal(f, &q))
			return NOT_FAST;
		rc = value(f, I_SCALAR, start, 0);
		eol = 0;	/* the block took its lines */
		break;
	default:
		if (!plain_start(q) || scan_plain(f, &q, close))
			return NOT_FAST;
		rc = value(f, I_SCALAR, start, 1);
		break;
	}
	if (rc || (eol && *q++ != '\n'))
		return NOT_FAST;
	/* a null value: no field (the key item goes too) */
	if (f->nitems == mark + 1)
		f->nitems = mark;
	else
		f->names[f->nfields++] = key;
	*qp = q;
	return 0;
}

static void
new_record(struct fast *f)
{
	push(f, I_DOC, 0, 0);
	f->nfields = 0;
	f->pos = 0;
}

/* The fields of a block document from *qp, up to the next one or the end. */
static int
read_block(struct fast *f, const unsigned char **qp)
{
	const unsigned char *q = *qp;
	int rc;

	new_record(f);
	/* an empty document: libyaml reads no record, crm never writes one */
	if (q == f->end || doc_start(q))
		return NOT_FAST;
	if (q[0] == '{' && q[1] == '}' && q[2] == '\n') {
		q += 3;
		if (q != f->end && !doc_start(q))
			return NOT_FAST;
		*qp = q;
		return 0;
	}
	do {
		if ((rc = read_field(f, &q, 0)))
			return rc;
	} while (q != f->end && !doc_start(q));
	*qp = q;
	return 0;
}

/* A one-line document "{key: value, ...}" at *qp, then its newline. */
static int
read_line(struct fast *f, const unsigned char **qp)
{
	const unsigned char *q = *qp + 1;
	int rc;

	new_record(f);
	if (*q != '}') {
		for (;;) {
			if ((rc = read_field(f, &q, '}')))
				return rc;
			if (q[0] == ',' && q[1] == ' ') {
				q += 2;
				continue;
			}
			if (q[0] != '}')
				return NOT_FAST;
			break;
		}
	}
	if (q[1] != '\n')
		return NOT_FAST;
	*qp = q + 2;
	return 0;
}

/* Parses all of data into f's items, or returns NOT_FAST. */
static int
parse(struct fast *f, const unsigned char *data)
{
	const unsigned char *q = data, *start;
	int rc;

	while (q != f->end) {
		start = q;
		if (doc_start(q) && q[3] == ' ') {
			q += 4;
			rc = read_line(f, &q);
		} else if (doc_start(q)) {
			q += 4;
			rc = read_block(f, &q);
		} else if (q == data) {
			/* the first document may omit its "---" */
			rc = read_block(f, &q);
		} else {
			rc = NOT_FAST;	/* after a one-line document */
		}
		if (rc)
			return rc;
		/* character offsets, which yaml.c checks, are at most these */
		if ((size_t)(q - start) > MAX_DOC)
			return NOT_FAST;
	}
	return 0;
}

/* Passes *r to fn and frees it. */
static int
hand_over(struct crm_record **r, int (*fn)(struct crm_record *r, void *arg),
	  void *arg)
{
	int rc = fn(*r, arg);

	if (rc == CRM_YAML_KEPT)
		rc = 0;
	else
		crm_record_free(*r);
	*r = NULL;
	return rc;
}

/* Builds the records of f's items and passes them to fn, one at a time. */
static int
build(struct fast *f, int (*fn)(struct crm_record *r, void *arg), void *arg)
{
	struct crm_record *r = NULL;
	const char *key = NULL, *text = f->text.buf;
	size_t i;
	int rc;

	for (i = 0; i < f->nitems; i++) {
		const struct item *it = &f->items[i];

		switch (it->type) {
		case I_DOC:
			if (r && (rc = hand_over(&r, fn, arg)))
				return rc;
			r = crm_record_new(f->kind);
			break;
		case I_KEY:
			key = text + it->off;
			break;
		case I_SCALAR:
			crm_record_set(r, key, text + it->off, it->plain);
			break;
		case I_LIST:
			crm_record_set_list(r, key);
			break;
		case I_ITEM:
			crm_record_append(r, key, text + it->off, it->plain);
			break;
		}
	}
	return r ? hand_over(&r, fn, arg) : 0;
}

int
crm_yaml_fast(const char *data, size_t len, enum crm_kind kind,
	      int (*fn)(struct crm_record *r, void *arg), void *arg)
{
	const unsigned char *d = (const unsigned char *)data;
	struct fast *f;
	int rc;

	if (len == 0)
		return 0;
	/* the final newline bounds every look-ahead */
	if (data[len - 1] != '\n')
		return NOT_FAST;
	f = crm_xcalloc(1, sizeof(*f));
	f->end = d + len;
	f->kind = kind;
	/* names and values take about as much room as their YAML */
	crm_buf_grow(&f->text, len);
	rc = parse(f, d);
	if (!rc)
		rc = build(f, fn, arg);
	crm_buf_release(&f->text);
	free(f->items);
	free(f);
	return rc;
}
