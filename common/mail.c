/*
 * mail.c: what crm-log --from-mail needs of an RFC 5322 message, as a
 * mail client's "pipe message" sends it: the From, To and Cc mailboxes,
 * the Subject, the Date and the Message-ID.  Text arrives in every form
 * mail has known (RFC 2047 encoded-words in any charset, raw 8-bit bytes,
 * obsolete date and address syntax) and leaves as valid UTF-8 on one line.
 * Parsing is lenient, as mail readers are: a field that does not parse is
 * left out rather than failing the message; only a message without a
 * sender, or with a header over the size cap, fails.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "internal.h"

/* Untrusted input: the header is capped (the body is only skipped). */
#define HEADER_MAX (1024 * 1024)
/* Longest charset name passed to iconv_open. */
#define CHARSET_MAX 40

#define REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD */

/* Token types besides the special characters, which stand for themselves. */
enum { T_ATOM = 256, T_QSTR, T_LIT, T_COMMENT };

/* A token of a structured field: its text is in the pool of its list. */
struct tok {
	int type;
	int ws;			/* white space or a comment before it */
	size_t off, len;
};

struct toks {
	struct tok *v;
	size_t n, cap;
	struct crm_buf pool;
};

struct addrs {
	struct crm_mail_addr *v;
	size_t n, cap;
};

/* ---- ASCII helpers (not <ctype.h>: the locale must not matter) ---- */

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Space, tab and the other controls all separate words in a header. */
static int
is_space(int c)
{
	return (unsigned char)c <= ' ' || c == 0x7f;
}

/*
 * The length of the control character at s[0..n) of valid UTF-8, or 0:
 * C0, DEL, C1, and the line and paragraph separators (line breaks to
 * YAML 1.1, as is C1's NEL).
 */
static size_t
control_len(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (!n)
		return 0;
	if (u[0] < 0x20 || u[0] == 0x7f)
		return 1;
	if (n >= 2 && u[0] == 0xc2 && u[1] >= 0x80 && u[1] < 0xa0)
		return 2;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 &&
	    (u[2] == 0xa8 || u[2] == 0xa9))
		return 3;
	return 0;
}

static int
has_control(const char *s)
{
	size_t n = strlen(s);

	for (; n; s++, n--)
		if (control_len(s, n))
			return 1;
	return 0;
}

/* RFC 5322 atext, with any non-ASCII byte (RFC 6532). */
static int
is_atext(int c)
{
	unsigned char u = (unsigned char)c;

	return u >= 0x80 || is_alpha(u) || is_digit(u) ||
	       (u && strchr("!#$%&'*+-/=?^_`{|}~", u));
}

static int
casecmp_n(const char *a, size_t n, const char *b)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!b[i] ||
		    lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return 1;
	return b[n] != '\0';
}

static int
hexval(int c)
{
	if (is_digit(c))
		return c - '0';
	c = lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* ---- charsets ---- */

/*
 * Labels that mean more than iconv takes them to: mailers that say
 * Latin-1 or ASCII send Windows-1252's quotes and euro sign, and the East
 * Asian labels mostly carry Microsoft's supersets (as in the WHATWG
 * Encoding Standard).
 */
static const struct {
	const char *label, *name;
} charset_aliases[] = {
	{ "us-ascii", "WINDOWS-1252" },
	{ "ascii", "WINDOWS-1252" },
	{ "iso-8859-1", "WINDOWS-1252" },
	{ "iso8859-1", "WINDOWS-1252" },
	{ "iso_8859-1", "WINDOWS-1252" },
	{ "latin1", "WINDOWS-1252" },
	{ "iso-8859-9", "WINDOWS-1254" },
	{ "iso-8859-8-i", "ISO-8859-8" },
	{ "gb2312", "GB18030" },
	{ "gbk", "GB18030" },
	{ "x-gbk", "GB18030" },
	{ "ks_c_5601-1987", "CP949" },
	{ "euc-kr", "CP949" },
	{ "shift_jis", "CP932" },
	{ "x-sjis", "CP932" },
};

/*
 * Appends s[0..n) in charset cs as UTF-8 (not checked for UTF-8 itself:
 * clean_text does that).  -1 when iconv does not know cs.
 */
static int
convert(struct crm_buf *out, const char *cs, size_t cslen, const char *s,
	size_t n)
{
	char name[CHARSET_MAX + 1], chunk[1024], *in = (char *)s, *o;
	size_t i, inleft = n, oleft;
	iconv_t cd;

	/* RFC 2231 adds "*language" */
	for (i = 0; i < cslen && cs[i] != '*'; i++)
		;
	cslen = i;
	if (!cslen || cslen > CHARSET_MAX)
		return -1;
	/* A name like "UTF-8//IGNORE" would change what iconv does. */
	for (i = 0; i < cslen; i++) {
		if (!is_alpha(cs[i]) && !is_digit(cs[i]) &&
		    !strchr("-_.:+", cs[i]))
			return -1;
		name[i] = cs[i];
	}
	name[cslen] = '\0';
	if (!casecmp_n(name, cslen, "utf-8") ||
	    !casecmp_n(name, cslen, "utf8")) {
		crm_buf_add(out, s, n);
		return 0;
	}
	for (i = 0; i < sizeof(charset_aliases) / sizeof(*charset_aliases); i++)
		if (!casecmp_n(name, cslen, charset_aliases[i].label)) {
			snprintf(name, sizeof(name), "%s",
				 charset_aliases[i].name);
			break;
		}
	cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return -1;
	while (inleft > 0) {
		size_t r;

		o = chunk;
		oleft = sizeof(chunk);
		r = iconv(cd, &in, &inleft, &o, &oleft);
		crm_buf_add(out, chunk, (size_t)(o - chunk));
		if (r == (size_t)-1 && (errno != E2BIG || o == chunk) &&
		    inleft > 0) {
			/* a byte the charset does not define, or cut short */
			crm_buf_adds(out, REPLACEMENT);
			in++;
			inleft--;
		}
	}
	o = chunk;
	oleft = sizeof(chunk);
	iconv(cd, NULL, NULL, &o, &oleft);
	crm_buf_add(out, chunk, (size_t)(o - chunk));
	iconv_close(cd);
	return 0;
}

/* Appends raw header text s[0..n): as it is if UTF-8, else as Windows-1252. */
static void
raw_text(struct crm_buf *out, const char *s, size_t n)
{
	if (crm_text_valid(s, n))
		crm_buf_add(out, s, n);
	else
		convert(out, "windows-1252", 12, s, n);
}

/*
 * Appends s[0..n) as one line of valid UTF-8: invalid bytes become
 * U+FFFD, controls (see control_len) count as white space, runs of white
 * space become one space and none leads or trails.
 */
static void
clean_text(struct crm_buf *out, const char *s, size_t n)
{
	size_t i = 0, j, run, start = out->len;
	int space = 0;

	while (i < n) {
		run = i + crm_text_invalid_at(s + i, n - i);
		for (j = i; j < run; j++) {
			size_t k = control_len(s + j, run - j);

			if (k || s[j] == ' ') {
				space = 1;
				j += k ? k - 1 : 0;
				continue;
			}
			if (space && out->len > start)
				crm_buf_addc(out, ' ');
			space = 0;
			crm_buf_addc(out, s[j]);
		}
		if (run < n) {
			if (s[run] == '\0') {
				space = 1;
			} else {
				if (space && out->len > start)
					crm_buf_addc(out, ' ');
				space = 0;
				crm_buf_adds(out, REPLACEMENT);
			}
			run++;
		}
		i = run;
	}
}

/* ---- RFC 2047 encoded-words ---- */

struct ew {
	const char *cs, *text;
	size_t cslen, textlen;
	int b64;
};

/* The length of the encoded-word "=?cs?B|Q?text?=" at s, or 0. */
static size_t
ew_parse(struct ew *w, const char *s)
{
	const char *p = s + 2;

	if (s[0] != '=' || s[1] != '?')
		return 0;
	w->cs = p;
	while (*p && *p != '?' && !is_space(*p))
		p++;
	w->cslen = (size_t)(p - w->cs);
	if (*p != '?' || !w->cslen || w->cslen > 64)
		return 0;
	p++;
	if (lower(*p) != 'b' && lower(*p) != 'q')
		return 0;
	w->b64 = lower(*p) == 'b';
	if (p[1] != '?')
		return 0;
	p += 2;
	w->text = p;
	while (*p && *p != '?' && !is_space(*p) && (unsigned char)*p < 0x80)
		p++;
	if (p[0] != '?' || p[1] != '=')
		return 0;
	w->textlen = (size_t)(p - w->text);
	return (size_t)(p + 2 - s);
}

/* Appends the bytes the encoded text of w stands for. */
static void
ew_bytes(struct crm_buf *out, const struct ew *w)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "abcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned long acc = 0;
	size_t i;
	int bits = 0, h, l;

	for (i = 0; i < w->textlen; i++) {
		int c = (unsigned char)w->text[i];
		const char *k;

		if (w->b64) {
			/* lenient: padding ends it, strays are skipped */
			if (c == '=')
				break;
			if (!(k = strchr(b64, c)) || !c)
				continue;
			acc = (acc << 6 | (unsigned long)(k - b64)) & 0xffffff;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				crm_buf_addc(out, (int)(acc >> bits & 0xff));
			}
		} else if (c == '_') {
			crm_buf_addc(out, ' ');
		} else if (c == '=' && i + 2 < w->textlen &&
			   (h = hexval(w->text[i + 1])) >= 0 &&
			   (l = hexval(w->text[i + 2])) >= 0) {
			crm_buf_addc(out, h << 4 | l);
			i += 2;
		} else {
			crm_buf_addc(out, c);
		}
	}
}

/* Decoded encoded-words not yet converted: adjacent ones of one charset. */
struct pending {
	struct crm_buf bytes;
	const char *cs;		/* NULL when there are none */
	size_t cslen;
	const char *raw, *raw_end;	/* the words as they were */
};

static void
pending_flush(struct crm_buf *out, struct pending *pw)
{
	if (!pw->cs)
		return;
	/* a word in a charset iconv does not know stays as it was */
	if (convert(out, pw->cs, pw->cslen, pw->bytes.buf ? pw->bytes.buf : "",
		    pw->bytes.len) < 0)
		crm_buf_add(out, pw->raw, (size_t)(pw->raw_end - pw->raw));
	crm_buf_reset(&pw->bytes);
	pw->cs = NULL;
}

static int
charset_known(const char *cs, size_t cslen)
{
	struct crm_buf none = CRM_BUF_INIT;
	int known = convert(&none, cs, cslen, "", 0) == 0;

	crm_buf_release(&none);
	return known;
}

static int
same_charset(const struct pending *pw, const struct ew *w)
{
	size_t i;

	if (!pw->cs || pw->cslen != w->cslen)
		return 0;
	for (i = 0; i < w->cslen; i++)
		if (lower((unsigned char)pw->cs[i]) !=
		    lower((unsigned char)w->cs[i]))
			return 0;
	return 1;
}

static int
all_space(const char *s, const char *end)
{
	for (; s < end; s++)
		if (!is_space(*s))
			return 0;
	return 1;
}

/*
 * Appends s with its encoded-words decoded.  White space between two
 * encoded-words goes (RFC 2047 6.2), and the bytes of adjacent words in
 * one charset are converted together, since mailers split a character
 * across two words.  Words inside other text are decoded too, as most
 * mail readers do.
 */
static void
decode_words(struct crm_buf *out, const char *s)
{
	struct pending pw = { CRM_BUF_INIT, NULL, 0, NULL, NULL };
	const char *lit = s, *p = s;
	int after_word = 0, adjacent;
	struct ew w;
	size_t k;

	while ((p = strstr(p, "=?")) != NULL) {
		if (!(k = ew_parse(&w, p))) {
			p++;
			continue;
		}
		adjacent = after_word && all_space(lit, p);
		/* the space next to a word left as it is stays */
		if (adjacent && pw.cs && !same_charset(&pw, &w) &&
		    (!charset_known(pw.cs, pw.cslen) ||
		     !charset_known(w.cs, w.cslen)))
			adjacent = 0;
		if (!adjacent || !same_charset(&pw, &w))
			pending_flush(out, &pw);
		if (!adjacent)
			crm_buf_add(out, lit, (size_t)(p - lit));
		if (!pw.cs) {
			pw.cs = w.cs;
			pw.cslen = w.cslen;
			pw.raw = p;
		}
		ew_bytes(&pw.bytes, &w);
		p += k;
		pw.raw_end = p;
		lit = p;
		after_word = 1;
	}
	pending_flush(out, &pw);
	crm_buf_adds(out, lit);
	crm_buf_release(&pw.bytes);
}

/* Decoded, cleaned text of s; NULL when that is empty. */
static char *
decode_text(const char *s)
{
	struct crm_buf d = CRM_BUF_INIT, c = CRM_BUF_INIT;

	decode_words(&d, s);
	clean_text(&c, crm_buf_str(&d), d.len);
	crm_buf_release(&d);
	if (!c.len) {
		crm_buf_release(&c);
		return NULL;
	}
	return crm_buf_detach(&c);
}

/* ---- structured fields: tokens ---- */

static void
tok_push(struct toks *t, int type, int ws, size_t off)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->v = crm_xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	t->v[t->n].type = type;
	t->v[t->n].ws = ws;
	t->v[t->n].off = off;
	t->v[t->n].len = t->pool.len - off;
	t->n++;
	/* separate the texts, so that each is a C string */
	crm_buf_addc(&t->pool, '\0');
}

static const char *
tok_text(const struct toks *t, size_t i)
{
	return t->pool.buf + t->v[i].off;
}

/* Scans the comment or quoted string at p, appending its unescaped text. */
static const char *
scan_delimited(struct crm_buf *pool, const char *p)
{
	int comment = *p == '(', depth = 1;

	for (p++; *p; p++) {
		if (*p == '\\' && p[1]) {
			crm_buf_addc(pool, *++p);
			continue;
		}
		if (comment && *p == '(') {
			depth++;
		} else if (comment ? *p == ')' && !--depth : *p == '"') {
			return p + 1;
		}
		crm_buf_addc(pool, *p);
	}
	return p;
}

#define SPECIALS "()<>[]:;@\\,\""

/*
 * Splits the structured field s into atoms (dots included), quoted
 * strings, domain literals, comments and specials (RFC 5322 3.2).  An
 * encoded-word is one atom even where it holds specials, as broken
 * mailers send them.  Unterminated quotes and comments end with s.
 */
static void
tokenize(struct toks *t, const char *s)
{
	const char *p = s;
	int ws = 0;
	size_t off, k;
	struct ew w;

	while (*p) {
		off = t->pool.len;
		if (is_space(*p)) {
			ws = 1;
			p++;
			continue;
		}
		if (*p == '(' || *p == '"') {
			int type = *p == '(' ? T_COMMENT : T_QSTR;

			p = scan_delimited(&t->pool, p);
			tok_push(t, type, ws, off);
			ws = type == T_COMMENT;
			continue;
		}
		if (*p == '[') {
			while (*p && *p != ']')
				crm_buf_addc(&t->pool, *p++);
			if (*p)
				crm_buf_addc(&t->pool, *p++);
			tok_push(t, T_LIT, ws, off);
		} else if (strchr(SPECIALS, *p)) {
			crm_buf_addc(&t->pool, *p);
			tok_push(t, (unsigned char)*p++, ws, off);
		} else {
			while (*p && !is_space(*p) && !strchr(SPECIALS, *p)) {
				k = *p == '=' ? ew_parse(&w, p) : 0;
				if (!k)
					k = 1;
				crm_buf_add(&t->pool, p, k);
				p += k;
			}
			tok_push(t, T_ATOM, ws, off);
		}
		ws = 0;
	}
}

static void
toks_release(struct toks *t)
{
	free(t->v);
	crm_buf_release(&t->pool);
	memset(t, 0, sizeof(*t));
}

/* ---- addresses ---- */

static int
is_dot_atom(const char *s)
{
	const char *p;

	if (!*s || *s == '.')
		return 0;
	for (p = s; *p; p++)
		if (*p == '.' ? p[1] == '.' || !p[1] : !is_atext(*p))
			return 0;
	return 1;
}

/*
 * The addr-spec of tokens [lo, hi): "local@domain" (see struct
 * crm_mail_addr), or NULL when they are not one.
 */
static char *
addr_spec(const struct toks *t, size_t lo, size_t hi)
{
	struct crm_buf local = CRM_BUF_INIT, dom = CRM_BUF_INIT,
		       out = CRM_BUF_INIT;
	size_t i, at = hi;
	const char *s;
	int ok = 1;

	for (i = lo; i < hi && ok; i++) {
		int type = t->v[i].type;

		if (type == T_COMMENT)
			continue;
		if (type == '@' && at == hi)
			at = i;
		else if (at == hi && (type == T_ATOM || type == T_QSTR))
			crm_buf_adds(&local, tok_text(t, i));
		else if (at < hi && (type == T_ATOM || type == T_LIT))
			crm_buf_adds(&dom, tok_text(t, i));
		else
			ok = 0;
	}
	if (dom.len > 1 && dom.buf[dom.len - 1] == '.' && dom.buf[0] != '[')
		dom.buf[--dom.len] = '\0';
	if (!ok || at == hi || !local.len || !dom.len ||
	    (dom.buf[0] != '[' && !is_dot_atom(dom.buf)))
		goto out;
	if (is_dot_atom(local.buf)) {
		crm_buf_add(&out, local.buf, local.len);
	} else {
		crm_buf_addc(&out, '"');
		for (s = local.buf; *s; s++) {
			if (*s == '"' || *s == '\\')
				crm_buf_addc(&out, '\\');
			crm_buf_addc(&out, *s);
		}
		crm_buf_addc(&out, '"');
	}
	crm_buf_addc(&out, '@');
	for (s = dom.buf; *s; s++)
		if (is_space(*s))
			goto out;
		else
			crm_buf_addc(&out, lower((unsigned char)*s));
out:
	crm_buf_release(&local);
	crm_buf_release(&dom);
	if (!out.len || out.buf[out.len - 1] == '@' || has_control(out.buf)) {
		crm_buf_release(&out);
		return NULL;
	}
	return crm_buf_detach(&out);
}

/* The display name of tokens [lo, hi): their words, decoded. */
static char *
phrase(const struct toks *t, size_t lo, size_t hi)
{
	struct crm_buf b = CRM_BUF_INIT;
	char *name;
	size_t i;

	for (i = lo; i < hi; i++) {
		if (t->v[i].type == T_COMMENT)
			continue;
		if (b.len && t->v[i].ws)
			crm_buf_addc(&b, ' ');
		crm_buf_adds(&b, tok_text(t, i));
	}
	name = decode_text(crm_buf_str(&b));
	crm_buf_release(&b);
	return name;
}

static int
is_word(const struct toks *t, size_t i)
{
	return t->v[i].type == T_ATOM || t->v[i].type == T_QSTR;
}

/* Whether tokens i and i + 1 belong together despite the space between them. */
static int
joined(const struct toks *t, size_t i)
{
	const char *a = tok_text(t, i), *b = tok_text(t, i + 1);

	if (!t->v[i + 1].ws)
		return 1;
	/* obsolete "john . smith @ acme . example" */
	return (t->v[i].type == T_ATOM && a[t->v[i].len - 1] == '.') ||
	       (t->v[i + 1].type == T_ATOM && b[0] == '.');
}

static void
addrs_push(struct addrs *a, char *name, char *addr)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 4;
		a->v = crm_xrealloc(a->v, a->cap * sizeof(*a->v));
	}
	a->v[a->n].name = name;
	a->v[a->n].addr = addr;
	a->n++;
}

static void
addrs_release(struct addrs *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->v[i].name);
		free(a->v[i].addr);
	}
	free(a->v);
	memset(a, 0, sizeof(*a));
}

/* Drops quotes around the whole name and a name that repeats the address. */
static char *
name_finish(char *name, const char *addr)
{
	size_t n;

	if (!name)
		return NULL;
	n = strlen(name);
	/* Outlook's "'Jane Doe'" */
	if (n >= 2 && name[0] == '\'' && name[n - 1] == '\'') {
		struct crm_buf b = CRM_BUF_INIT;

		clean_text(&b, name + 1, n - 2);
		free(name);
		if (!b.len) {
			crm_buf_release(&b);
			return NULL;
		}
		name = crm_buf_detach(&b);
	}
	n = strlen(name);
	if (n == strlen(addr) && casecmp_n(name, n, addr) == 0) {
		free(name);
		return NULL;
	}
	return name;
}

/*
 * Adds the mailbox of tokens [lo, hi) to out, if it has an address:
 * "name <addr>", "addr (name)", or leniently "name addr".
 */
static void
mailbox(struct addrs *out, const struct toks *t, size_t lo, size_t hi)
{
	size_t i, lt = hi, gt = hi, a0, at = hi, llo, dhi;
	char *addr = NULL, *name = NULL;

	for (i = lo; i < hi && lt == hi; i++)
		if (t->v[i].type == '<')
			lt = i;
	if (lt < hi) {
		for (i = lt + 1; i < hi && gt == hi; i++)
			if (t->v[i].type == '>')
				gt = i;
		/* obsolete route "<@relay.example,@other.example:jane@...>" */
		a0 = lt + 1;
		for (i = lt + 1; i < gt; i++)
			if (t->v[i].type == ':')
				a0 = i + 1;
		addr = addr_spec(t, a0, gt);
		if (addr)
			name = phrase(t, lo, lt);
	} else {
		for (i = lo; i < hi && at == hi; i++)
			if (t->v[i].type == '@')
				at = i;
		if (at == hi || at == lo || at + 1 == hi || !is_word(t, at - 1))
			return;
		llo = at - 1;
		while (llo > lo && is_word(t, llo - 1) && joined(t, llo - 1))
			llo--;
		dhi = at + 1;
		while (dhi < hi && (t->v[dhi].type == T_ATOM ||
				    t->v[dhi].type == T_LIT) &&
		       (dhi == at + 1 || joined(t, dhi - 1)))
			dhi++;
		addr = addr_spec(t, llo, dhi);
		if (addr && llo > lo)
			name = phrase(t, lo, llo);
	}
	if (!addr)
		return;
	for (i = lo; i < hi && !name; i++)
		if (t->v[i].type == T_COMMENT)
			name = decode_text(tok_text(t, i));
	addrs_push(out, name_finish(name, addr), addr);
}

/*
 * Adds the mailboxes of address-list s to out: mailboxes and groups
 * ("team: a@x, b@y;") separated by commas; anything else is skipped.
 */
static void
address_list(struct addrs *out, const char *s)
{
	struct toks t = { NULL, 0, 0, CRM_BUF_INIT };
	size_t i, start = 0;
	int in_angle = 0, in_group = 0;

	tokenize(&t, s);
	for (i = 0; i < t.n; i++) {
		int type = t.v[i].type;

		if (in_angle) {
			in_angle = type != '>';
		} else if (type == '<') {
			in_angle = 1;
		} else if (type == ',' || type == ';') {
			mailbox(out, &t, start, i);
			start = i + 1;
			if (type == ';')
				in_group = 0;
		} else if (type == ':' && !in_group) {
			/* the group's name is not a mailbox */
			in_group = 1;
			start = i + 1;
		}
	}
	mailbox(out, &t, start, t.n);
	toks_release(&t);
}

/* ---- dates ---- */

struct span {
	const char *s;
	size_t n;
};

static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static int
month_days(int64_t y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				    30, 31 };

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* The value of the 1 to max digits of w, or -1. */
static long
span_num(struct span w, size_t max)
{
	long v = 0;
	size_t i;

	if (!w.n || w.n > max)
		return -1;
	for (i = 0; i < w.n; i++) {
		if (!is_digit(w.s[i]))
			return -1;
		v = v * 10 + (w.s[i] - '0');
	}
	return v;
}

/* 1 to 12 for "Nov", "nov", "November"; 0 otherwise. */
static int
span_month(struct span w)
{
	static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	size_t i;
	int m;

	if (w.n < 3 || w.n > 9)
		return 0;
	for (i = 0; i < w.n; i++)
		if (!is_alpha(w.s[i]))
			return 0;
	for (m = 0; m < 12; m++)
		if (lower(w.s[0]) == names[3 * m] &&
		    lower(w.s[1]) == names[3 * m + 1] &&
		    lower(w.s[2]) == names[3 * m + 2])
			return m + 1;
	return 0;
}

static int
span_alpha(struct span w)
{
	size_t i;

	for (i = 0; i < w.n; i++)
		if (!is_alpha(w.s[i]))
			return 0;
	return w.n > 0;
}

/* "14:03", "14:03:00", "14:03:00.25" into seconds of the day, or -1. */
static long
span_time(struct span w)
{
	long v[3] = { 0, 0, 0 };
	size_t i = 0, k;
	int part;

	for (part = 0; part < 3; part++) {
		for (k = 0; i < w.n && is_digit(w.s[i]) && k < 2; i++, k++)
			v[part] = v[part] * 10 + (w.s[i] - '0');
		if (!k)
			return -1;
		if (i == w.n || w.s[i] == '.')
			break;
		if (w.s[i++] != ':')
			return -1;
	}
	if (part == 0 || part == 3)
		return -1;
	/* fractions of a second are dropped */
	if (i < w.n && w.s[i] == '.')
		for (i++; i < w.n; i++)
			if (!is_digit(w.s[i]))
				return -1;
	if (v[0] > 23 || v[1] > 59 || v[2] > 60)
		return -1;
	return v[0] * 3600 + v[1] * 60 + v[2];
}

/* The zone of w as seconds east of UTC; unknown names count as UTC. */
static long
span_zone(struct span w)
{
	static const struct {
		const char *name;
		int hours;
	} names[] = {
		{ "ut", 0 }, { "utc", 0 }, { "gmt", 0 }, { "z", 0 },
		{ "est", -5 }, { "edt", -4 }, { "cst", -6 }, { "cdt", -5 },
		{ "mst", -7 }, { "mdt", -6 }, { "pst", -8 }, { "pdt", -7 },
	};
	size_t i, k;
	long h, m = 0, sign;

	for (k = 0; k < w.n && is_alpha(w.s[k]); k++)
		;
	if (k == w.n) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (!casecmp_n(w.s, w.n, names[i].name))
				return names[i].hours * 3600L;
		/* RFC 5322 4.3: military and other names mean -0000 */
		return 0;
	}
	/* "+0100", "-05:00", "+01", and "GMT+0100" */
	if (k && (casecmp_n(w.s, k, "gmt") && casecmp_n(w.s, k, "utc") &&
		  casecmp_n(w.s, k, "ut")))
		return 0;
	w.s += k;
	w.n -= k;
	if (w.n < 3 || (w.s[0] != '+' && w.s[0] != '-'))
		return 0;
	sign = w.s[0] == '-' ? -1 : 1;
	w.s++;
	w.n--;
	if (w.n == 4) {
		h = span_num((struct span){ w.s, 2 }, 2);
		m = span_num((struct span){ w.s + 2, 2 }, 2);
	} else if (w.n == 5 && w.s[2] == ':') {
		h = span_num((struct span){ w.s, 2 }, 2);
		m = span_num((struct span){ w.s + 3, 2 }, 2);
	} else {
		h = span_num(w, 2);
	}
	if (h < 0 || m < 0 || m > 59)
		return 0;
	return sign * (h * 3600 + m * 60);
}

/*
 * Parses the Date field s: RFC 5322 "[Mon,] 2 Nov 2026 14:03[:00] +0100"
 * with its obsolete forms, asctime "Mon Nov  2 14:03:00 [CET] 2026",
 * "Nov 2, 2026 14:03", and ISO 8601.  -1 when it is none of them.
 */
static int
parse_date(int64_t *out, const char *s)
{
	struct crm_buf clean = CRM_BUF_INIT;
	struct span w[8], day, year, tod, zone = { "", 0 };
	const char *p;
	size_t n = 0, i = 0;
	long d, y, secs, off;
	int m = 0, rc = -1, depth = 0;
	int64_t t;

	/* comments, commas and white space all separate words */
	for (p = s; *p; p++) {
		if (*p == '(')
			depth++;
		if (depth || *p == ',' || is_space(*p))
			crm_buf_addc(&clean, ' ');
		else
			crm_buf_addc(&clean, *p);
		if (*p == ')' && depth)
			depth--;
	}
	for (p = crm_buf_str(&clean); *p && n < 8;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		w[n].s = p;
		while (*p && *p != ' ')
			p++;
		w[n].n = (size_t)(p - w[n].s);
		n++;
	}
	if (n && w[0].n >= 5 && is_digit(w[0].s[0]) && w[0].s[4] == '-') {
		struct crm_time ct;
		char *iso = crm_xstrndup(w[0].s, (size_t)(p - w[0].s));

		/* "2026-11-02T14:03:00Z", "2026-11-02 14:03:00+01:00" */
		rc = crm_date_parse(&ct, iso, 0);
		free(iso);
		if (rc == 0)
			*out = ct.t;
		crm_err_clear();
		goto out;
	}
	if (i < n && span_alpha(w[i]) && !span_month(w[i]))
		i++;	/* the day's name, not checked */
	if (i + 4 <= n && span_num(w[i], 2) >= 0) {
		day = w[i];
		m = span_month(w[i + 1]);
		year = w[i + 2];
		tod = w[i + 3];
		if (i + 4 < n)
			zone = w[i + 4];
	} else if (i + 4 <= n && (m = span_month(w[i]))) {
		day = w[i + 1];
		if (span_time(w[i + 2]) >= 0) {
			tod = w[i + 2];
			if (span_num(w[i + 3], 4) < 0 && i + 5 <= n) {
				zone = w[i + 3];
				year = w[i + 4];
			} else {
				year = w[i + 3];
				if (i + 4 < n)
					zone = w[i + 4];
			}
		} else {
			year = w[i + 2];
			tod = w[i + 3];
			if (i + 4 < n)
				zone = w[i + 4];
		}
	} else {
		goto out;
	}
	d = span_num(day, 2);
	y = span_num(year, 4);
	secs = span_time(tod);
	if (!m || d < 1 || y < 0 || secs < 0)
		goto out;
	/* RFC 5322 4.3: two digits are 1950-2049, three add 1900 */
	if (year.n == 2)
		y += y < 50 ? 2000 : 1900;
	else if (year.n == 3)
		y += 1900;
	if (y < 1 || d > month_days(y, m))
		goto out;
	off = zone.n ? span_zone(zone) : 0;
	t = days_from_civil(y, m, (int)d) * 86400 + secs - off;
	/* the years crm's dates have: 0001 to 9999 */
	if (t < -62135596800LL || t > 253402300799LL)
		goto out;
	*out = t;
	rc = 0;
out:
	crm_buf_release(&clean);
	return rc;
}

/* ---- the header ---- */

/* The Message-ID s without its angle brackets and white space, or NULL. */
static char *
msg_id(const char *s)
{
	struct crm_buf b = CRM_BUF_INIT;
	const char *p = s;
	int depth = 0, bracket;
	size_t k;

	for (; *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')' && depth)
			depth--;
		else if (!depth && !is_space(*p))
			break;
	}
	bracket = *p == '<';
	if (bracket)
		p++;
	/* n = 3 is safe: control_len reads no further than a NUL */
	for (; *p && *p != '>'; p += k ? k : 1) {
		k = control_len(p, 3);
		if (!k && *p == ' ')
			k = 1;
		if (k && !bracket)
			break;
		if (!k)
			crm_buf_addc(&b, *p);
	}
	if (!b.len)
		return NULL;
	return crm_buf_detach(&b);
}

struct parse {
	struct crm_mail *m;
	struct addrs from, to, cc;
	long from_line;		/* the first From field's, 0 when none */
	int seen_subject, seen_date, seen_id;
};

/* Takes in field s[0..n) ("Name: value", unfolded) of line. */
static void
take_field(struct parse *ps, const char *s, size_t n, long line)
{
	struct crm_buf raw = CRM_BUF_INIT;
	const char *colon = memchr(s, ':', n), *v;
	size_t k;

	if (!colon)
		return;
	k = (size_t)(colon - s);
	while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t'))
		k--;
	raw_text(&raw, colon + 1, n - (size_t)(colon + 1 - s));
	v = crm_buf_str(&raw);
	if (!casecmp_n(s, k, "from")) {
		if (!ps->from_line)
			ps->from_line = line;
		address_list(&ps->from, v);
	} else if (!casecmp_n(s, k, "to")) {
		address_list(&ps->to, v);
	} else if (!casecmp_n(s, k, "cc")) {
		address_list(&ps->cc, v);
	} else if (!casecmp_n(s, k, "subject") && !ps->seen_subject) {
		ps->seen_subject = 1;
		ps->m->subject = decode_text(v);
	} else if (!casecmp_n(s, k, "date") && !ps->seen_date) {
		ps->seen_date = 1;
		ps->m->has_date = parse_date(&ps->m->date, v) == 0;
	} else if (!casecmp_n(s, k, "message-id") && !ps->seen_id) {
		ps->seen_id = 1;
		ps->m->message_id = msg_id(v);
	}
	crm_buf_release(&raw);
}

/* Length of the field name line starts with (before its ':'), or 0. */
static size_t
field_name(const char *s, size_t n)
{
	size_t i, k;

	for (i = 0; i < n && s[i] > ' ' && s[i] < 0x7f && s[i] != ':'; i++)
		;
	/* obsolete white space before the colon */
	for (k = i; k < n && (s[k] == ' ' || s[k] == '\t'); k++)
		;
	return i && k < n && s[k] == ':' ? i : 0;
}

struct reader {
	FILE *fp;
	const char *name;
	long line;		/* lines read */
	size_t total;		/* header bytes read */
};

/*
 * Reads one line into line, without its LF or CRLF; NUL bytes become
 * spaces.  1 when it read one, 0 at the end; CRM_EDATA past HEADER_MAX,
 * CRM_EIO.
 */
static int
read_line(struct crm_buf *line, struct reader *r)
{
	int c = EOF;

	crm_buf_reset(line);
	while ((c = getc(r->fp)) != EOF) {
		if (++r->total > HEADER_MAX)
			return crm_err_set(CRM_EDATA,
					   "%s:%ld: header larger than 1 MiB",
					   r->name, r->line + 1);
		if (c == '\n')
			break;
		crm_buf_addc(line, c ? c : ' ');
	}
	if (c == EOF) {
		if (ferror(r->fp))
			return crm_err_set(CRM_EIO, "%s: %s", r->name,
					   strerror(errno));
		if (!line->len)
			return 0;
	}
	r->line++;
	if (line->len && line->buf[line->len - 1] == '\r')
		line->buf[--line->len] = '\0';
	return 1;
}

/* Reads the rest of fp, so that a writer to a pipe is not cut off. */
static int
drain(FILE *fp, const char *name)
{
	char chunk[16384];

	while (fread(chunk, 1, sizeof(chunk), fp) > 0)
		;
	if (ferror(fp))
		return crm_err_set(CRM_EIO, "%s: %s", name, strerror(errno));
	return 0;
}

/* Reads the header fields of r into ps; then the body. */
static int
read_header(struct parse *ps, struct reader *r)
{
	struct crm_buf line = CRM_BUF_INIT, field = CRM_BUF_INIT;
	long field_line = 0;
	const char *s;
	size_t n;
	int rc;

	while ((rc = read_line(&line, r)) > 0) {
		s = crm_buf_str(&line);
		n = line.len;
		if (r->line == 1) {
			if (n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)) {
				s += 3;
				n -= 3;
			}
			/* mbox's separator, from a client piping a folder */
			if (n >= 5 && !memcmp(s, "From ", 5) &&
			    !field_name(s, n))
				continue;
		}
		if (!n)
			break;
		if (s[0] == ' ' || s[0] == '\t') {
			if (field.len)
				crm_buf_add(&field, s, n);
			continue;
		}
		/* a line that is no field starts the body, as in Python */
		if (!field_name(s, n))
			break;
		if (field.len)
			take_field(ps, field.buf, field.len, field_line);
		crm_buf_reset(&field);
		crm_buf_add(&field, s, n);
		field_line = r->line;
	}
	if (rc >= 0 && field.len)
		take_field(ps, field.buf, field.len, field_line);
	crm_buf_release(&line);
	crm_buf_release(&field);
	if (rc == CRM_EIO)
		return rc;
	/* still drain after a bad header: the sender must not see EPIPE */
	if (drain(r->fp, r->name) < 0)
		return CRM_EIO;
	return rc < 0 ? rc : 0;
}

int
crm_mail_parse(struct crm_mail **out, FILE *fp, const char *name)
{
	struct reader r = { fp, name, 0, 0 };
	struct parse ps;
	struct crm_mail *m = crm_xcalloc(1, sizeof(*m));
	size_t i;
	int rc;

	*out = NULL;
	memset(&ps, 0, sizeof(ps));
	ps.m = m;
	if ((rc = read_header(&ps, &r)) < 0)
		goto out;
	if (!ps.from.n) {
		rc = ps.from_line ?
		     crm_err_set(CRM_EDATA, "%s:%ld: no address in From header",
				 name, ps.from_line) :
		     crm_err_set(CRM_EDATA, "%s: no From header", name);
		goto out;
	}
	m->from = ps.from.v[0];
	for (i = 1; i < ps.from.n; i++) {
		free(ps.from.v[i].name);
		free(ps.from.v[i].addr);
	}
	free(ps.from.v);
	memset(&ps.from, 0, sizeof(ps.from));
	/* To, then Cc */
	for (i = 0; i < ps.cc.n; i++)
		addrs_push(&ps.to, ps.cc.v[i].name, ps.cc.v[i].addr);
	ps.cc.n = 0;
	m->to = ps.to.v;
	m->nto = ps.to.n;
	memset(&ps.to, 0, sizeof(ps.to));
	*out = m;
	m = NULL;
	rc = 0;
out:
	addrs_release(&ps.from);
	addrs_release(&ps.to);
	addrs_release(&ps.cc);
	crm_mail_free(m);
	return rc;
}

void
crm_mail_free(struct crm_mail *m)
{
	size_t i;

	if (!m)
		return;
	free(m->from.name);
	free(m->from.addr);
	for (i = 0; i < m->nto; i++) {
		free(m->to[i].name);
		free(m->to[i].addr);
	}
	free(m->to);
	free(m->subject);
	free(m->message_id);
	free(m);
}
