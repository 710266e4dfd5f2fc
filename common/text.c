/*
 * text.c: UTF-8 as the tools see it: validity, case folding for
 * comparisons in any script, and how many terminal columns a string
 * takes.  This is the one module that includes <utf8proc.h>, so folding
 * and widths follow one Unicode version whatever the locale (cron and CI
 * run in "C").  Folding and widths sit on hot paths (every filter
 * comparison, every table cell), so pure ASCII never reaches utf8proc.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "crm.h"
#include "internal.h"

/* NFKC with case folding: what two strings must agree on to be "equal". */
#define FOLD_OPTS (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | \
		   UTF8PROC_CASEFOLD)
/* Code points folded without allocating: most names and values fit. */
#define NSTACK 256

/*
 * Decodes the character at s (n > 0 bytes available) into *cp and returns
 * its length, or 0 when s starts with a NUL or an invalid sequence.
 * utf8proc_iterate refuses overlong forms, surrogates and code points
 * past U+10FFFF.
 */
static size_t
next_char(int32_t *cp, const unsigned char *s, size_t n)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k;

	if (s[0] < 0x80) {
		*cp = s[0];
		return s[0] ? 1 : 0;
	}
	k = utf8proc_iterate(s, (utf8proc_ssize_t)(n < 4 ? n : 4), &c);
	if (k <= 0)
		return 0;
	*cp = c;
	return (size_t)k;
}

/* Columns of code point c; controls (C0, DEL, C1) take none. */
static size_t
char_width(int32_t c)
{
	int w;

	if (c < 0x20 || (c >= 0x7f && c < 0xa0))
		return 0;
	w = utf8proc_charwidth(c);
	return w > 0 ? (size_t)w : 0;
}

size_t
crm_text_invalid_at(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	int32_t c;

	while (i < n) {
		if (p[i] - 1u < 0x7fu) {
			i++;
			continue;
		}
		k = next_char(&c, p + i, n - i);
		if (!k)
			return i;
		i += k;
	}
	return n;
}

int
crm_text_valid(const char *s, size_t n)
{
	return crm_text_invalid_at(s, n) == n;
}

/* Appends the fold of s[0..n), which is valid UTF-8. */
static void
fold_run(struct crm_buf *out, const char *s, size_t n)
{
	utf8proc_int32_t stack[NSTACK], *cps = stack;
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t m, r;

	/* reencode works in place and needs room for one more byte */
	m = utf8proc_decompose(u, (utf8proc_ssize_t)n, cps, NSTACK - 1,
			       FOLD_OPTS);
	if (m > NSTACK - 1) {
		if ((size_t)m >= SIZE_MAX / sizeof(*cps) - 1)
			m = -1;
		else {
			cps = crm_xmalloc(((size_t)m + 1) * sizeof(*cps));
			r = utf8proc_decompose(u, (utf8proc_ssize_t)n, cps, m,
					       FOLD_OPTS);
			m = r == m ? r : -1;
		}
	}
	if (m >= 0)
		m = utf8proc_reencode(cps, m, FOLD_OPTS);
	/*
	 * Valid input can only fail on sizes beyond any record's limits;
	 * then the text is compared as it is rather than not at all.
	 */
	if (m < 0)
		crm_buf_add(out, s, n);
	else
		crm_buf_add(out, cps, (size_t)m);
	if (cps != stack)
		free(cps);
}

void
crm_text_fold(struct crm_buf *out, const char *s)
{
	size_t len = strlen(s), i, run;

	for (i = 0; i < len && !(s[i] & 0x80); i++)
		;
	if (i == len) {
		/* ASCII: NFKC changes nothing and case folding is tolower */
		crm_buf_grow(out, len);
		for (i = 0; i < len; i++)
			out->buf[out->len + i] = s[i] >= 'A' && s[i] <= 'Z' ?
				(char)(s[i] + ('a' - 'A')) : s[i];
		out->len += len;
		out->buf[out->len] = '\0';
		return;
	}
	/* Fold each valid run; an invalid byte stands for itself. */
	i = 0;
	while (i < len) {
		run = crm_text_invalid_at(s + i, len - i);
		if (run)
			fold_run(out, s + i, run);
		i += run;
		if (i < len)
			crm_buf_addc(out, s[i++]);
	}
}

size_t
crm_text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), w = 0, k;
	int32_t c;

	while (n) {
		if (*p < 0x80) {
			w += *p >= 0x20 && *p < 0x7f;
			p++, n--;
			continue;
		}
		k = next_char(&c, p, n);
		if (!k) {
			/* a terminal shows an invalid byte as one replacement glyph */
			w++;
			p++, n--;
			continue;
		}
		w += char_width(c);
		p += k, n -= k;
	}
	return w;
}

void
crm_text_cut(struct crm_buf *out, const char *s, size_t cols)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), pos = 0, k, used = 0, end = 0, cw = 0, budget;
	int32_t c, prev = -1;
	utf8proc_int32_t state = 0;

	if (crm_text_width(s) <= cols) {
		crm_buf_add(out, s, len);
		return;
	}
	if (cols == 0)
		return;
	budget = cols - 1;	/* the ellipsis takes one column */

	/*
	 * Walk grapheme clusters, so that a base keeps its combining marks
	 * and an emoji its modifiers; end is where the last cluster that
	 * fits ends.  An invalid byte is a cluster of its own.
	 */
	while (pos < len) {
		k = next_char(&c, p + pos, len - pos);
		if (!k) {
			c = -1;
			k = 1;
		}
		if (prev < 0 || c < 0 ||
		    utf8proc_grapheme_break_stateful(prev, c, &state)) {
			if (used + cw > budget)
				break;
			used += cw;
			end = pos;
			cw = 0;
			if (prev < 0 || c < 0)
				state = 0;
		}
		cw += c < 0 ? 1 : char_width(c);
		prev = c;
		pos += k;
	}
	if (pos == len && used + cw <= budget)
		end = len;
	crm_buf_add(out, s, end);
	crm_buf_adds(out, "\xe2\x80\xa6");
}

/*
 * s in Unicode normalisation form C, appended to out: what a record keeps,
 * so that "é" typed as one character and as "e" plus a combining accent is
 * the same text in the files.  ASCII and invalid UTF-8 are copied as they
 * are.
 */
void
crm_text_nfc(struct crm_buf *out, const char *s)
{
	size_t len = strlen(s), i;
	utf8proc_uint8_t *r;

	for (i = 0; i < len && !(s[i] & 0x80); i++)
		;
	if (i == len || !crm_text_valid(s, len) ||
	    utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &r,
			 UTF8PROC_STABLE | UTF8PROC_COMPOSE) < 0) {
		crm_buf_add(out, s, len);
		return;
	}
	crm_buf_adds(out, (const char *)r);
	free(r);
}

/*
 * A column heading as a field name: accents dropped and case folded
 * ("Straße geschäftlich" is "strasse_geschaftlich"), every run of other
 * characters one '_'.  Characters without an ASCII letter in them (a
 * Cyrillic heading) leave nothing, and out is then empty.
 */
void
crm_text_field_name(struct crm_buf *out, const char *s)
{
	utf8proc_uint8_t *r = NULL;
	const char *p;
	int gap = 0;

	if (crm_text_valid(s, strlen(s)) &&
	    utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)strlen(s),
			 &r, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
			 UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD) >= 0)
		s = (const char *)r;
	for (p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (gap && out->len)
				crm_buf_addc(out, '_');
			crm_buf_addc(out, (char)c);
			gap = 0;
		} else {
			gap = 1;
		}
	}
	free(r);
}
