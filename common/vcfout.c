/*
 * vcfout.c: a contact as a vCard, 4.0 (RFC 6350) or 3.0 (RFC 2426) for
 * older phones: CRLF line ends, lines folded at 75 octets without
 * splitting a UTF-8 character, text escaped.  Whatever vCard has no
 * property for goes in X-CRM- properties, which crm's own import reads
 * back (vcard.c), so that nothing is lost on the way round.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "internal.h"

/* Appends a content line, folded at 75 octets, and CRLF. */
static void
line(struct crm_buf *out, const char *l)
{
	size_t n = strlen(l), col = 0, i = 0;

	while (i < n) {
		size_t k = 1;

		/* one character: a lead byte and its continuation bytes */
		while (i + k < n && ((unsigned char)l[i + k] & 0xc0) == 0x80)
			k++;
		if (col + k > 75) {
			crm_buf_adds(out, "\r\n ");
			col = 1;
		}
		crm_buf_add(out, l + i, k);
		col += k;
		i += k;
	}
	crm_buf_adds(out, "\r\n");
}

/* Appends text with vCard's escapes: \\ \, \; \n. */
static void
text(struct crm_buf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\': crm_buf_adds(out, "\\\\"); break;
		case ',': crm_buf_adds(out, "\\,"); break;
		case ';': crm_buf_adds(out, "\\;"); break;
		case '\n': crm_buf_adds(out, "\\n"); break;
		case '\r': break;
		default: crm_buf_addc(out, *s);
		}
	}
}

/* NAME:escaped value, when there is a value. */
static void
prop(struct crm_buf *out, struct crm_buf *l, const char *name, const char *v)
{
	if (!v || !*v)
		return;
	crm_buf_reset(l);
	crm_buf_adds(l, name);
	crm_buf_addc(l, ':');
	text(l, v);
	line(out, crm_buf_str(l));
}

/* Fields vCard has a property for, or that export leaves out. */
static int
mapped(const char *k)
{
	static const char *const names[] = {
		"id", "name", "email", "phone", "org", "title", "city", "country",
		"tags", "created", "updated", "note", "birthday", "url",
		"nickname", "street", "region", "postal_code", NULL,
	};

	return crm_str_in(k, names);
}

/* An E.164 number: a tel: URI in vCard 4.0. */
static int
e164(const char *s)
{
	return s[0] == '+' && s[1] && strspn(s + 1, "0123456789") == strlen(s + 1);
}

void
crm_vcard_write(struct crm_buf *out, const struct crm_record *r,
		const char *org, int version)
{
	struct crm_buf l = CRM_BUF_INIT;
	const char *name = crm_record_get(r, "name"), *v, *sp;
	size_t i, j;
	long f;
	int v4 = version != 3;

	line(out, "BEGIN:VCARD");
	line(out, v4 ? "VERSION:4.0" : "VERSION:3.0");
	line(out, "PRODID:-//crm//crm export//EN");
	if ((v = crm_record_id(r))) {
		crm_buf_reset(&l);
		crm_buf_addf(&l, "UID:%s%s", v4 ? "urn:crm:" : "", v);
		line(out, l.buf);
	}
	prop(out, &l, "FN", name ? name : "");
	/* N: the last word the family name, the words before it given */
	crm_buf_reset(&l);
	crm_buf_adds(&l, "N:");
	if (name && (sp = strrchr(name, ' '))) {
		text(&l, sp + 1);
		crm_buf_addc(&l, ';');
		{
			char *given = crm_xstrndup(name, (size_t)(sp - name));

			text(&l, given);
			free(given);
		}
		crm_buf_adds(&l, ";;;");
	} else {
		text(&l, name ? name : "");
		crm_buf_adds(&l, ";;;;");
	}
	line(out, l.buf);
	if ((f = crm_record_find(r, "nickname")) >= 0)
		prop(out, &l, "NICKNAME", crm_record_value(r, (size_t)f, 0));
	if ((f = crm_record_find(r, "email")) >= 0)
		for (j = 0; j < crm_record_nvalues(r, (size_t)f); j++)
			prop(out, &l, v4 ? "EMAIL" : "EMAIL;TYPE=INTERNET",
			     crm_record_value(r, (size_t)f, j));
	if ((f = crm_record_find(r, "phone")) >= 0)
		for (j = 0; j < crm_record_nvalues(r, (size_t)f); j++) {
			v = crm_record_value(r, (size_t)f, j);
			if (v4 && e164(v)) {
				crm_buf_reset(&l);
				crm_buf_addf(&l, "TEL;VALUE=uri:tel:%s", v);
				line(out, l.buf);
			} else {
				prop(out, &l, "TEL", v);
			}
		}
	prop(out, &l, "ORG", org);
	prop(out, &l, "TITLE", crm_record_get(r, "title"));
	if (crm_record_get(r, "street") || crm_record_get(r, "city") ||
	    crm_record_get(r, "region") || crm_record_get(r, "postal_code") ||
	    crm_record_get(r, "country")) {
		static const char *const adr[] = {
			"street", "city", "region", "postal_code", "country",
		};

		crm_buf_reset(&l);
		crm_buf_adds(&l, "ADR:;;");
		for (i = 0; i < 5; i++) {
			if (i)
				crm_buf_addc(&l, ';');
			if ((v = crm_record_get(r, adr[i])))
				text(&l, v);
		}
		line(out, l.buf);
	}
	if ((f = crm_record_find(r, "tags")) >= 0 && crm_record_nvalues(r, (size_t)f)) {
		crm_buf_reset(&l);
		crm_buf_adds(&l, "CATEGORIES:");
		for (j = 0; j < crm_record_nvalues(r, (size_t)f); j++) {
			if (j)
				crm_buf_addc(&l, ',');
			text(&l, crm_record_value(r, (size_t)f, j));
		}
		line(out, l.buf);
	}
	if ((v = crm_record_get(r, "birthday"))) {
		/* 4.0 writes a date in ISO 8601's basic form, 19800102 */
		if (v4 && strlen(v) == 10 && v[4] == '-' && v[7] == '-') {
			crm_buf_reset(&l);
			crm_buf_addf(&l, "BDAY:%.4s%.2s%.2s", v, v + 5, v + 8);
			line(out, l.buf);
		} else {
			prop(out, &l, "BDAY", v);
		}
	}
	prop(out, &l, "URL", crm_record_get(r, "url"));
	prop(out, &l, "NOTE", crm_record_get(r, "note"));
	if ((v = crm_record_get(r, "updated")) && strlen(v) == 20) {
		crm_buf_reset(&l);
		if (v4)
			crm_buf_addf(&l, "REV:%.4s%.2s%.2sT%.2s%.2s%.2sZ", v, v + 5,
				     v + 8, v + 11, v + 14, v + 17);
		else
			crm_buf_addf(&l, "REV:%s", v);
		line(out, l.buf);
	}
	/* the rest: X-CRM-NAME, '_' as '-' and '-' as "--" */
	for (i = 0; i < crm_record_nfields(r); i++) {
		const char *k = crm_record_key(r, i), *p;
		struct crm_buf xn = CRM_BUF_INIT;

		if (mapped(k))
			continue;
		crm_buf_adds(&xn, "X-CRM-");
		for (p = k; *p; p++)
			if (*p == '-')
				crm_buf_adds(&xn, "--");
			else
				crm_buf_addc(&xn, *p == '_' ? '-' :
					     (*p >= 'a' && *p <= 'z') ? *p - 'a' + 'A' : *p);
		for (j = 0; j < crm_record_nvalues(r, i); j++)
			prop(out, &l, xn.buf, crm_record_value(r, i, j));
		crm_buf_release(&xn);
	}
	line(out, "END:VCARD");
	crm_buf_release(&l);
}
