/*
 * vcard.c: vCard 2.1, 3.0 and 4.0 (RFC 2426, RFC 6350) read as contacts.
 * Folded lines are unfolded, quoted-printable soft breaks joined, values
 * in another CHARSET converted with iconv, escapes (\, \; \n) undone,
 * group prefixes (item1.EMAIL) dropped.  FN (else N) gives the name;
 * EMAIL and TEL every value; ORG its first part (the organisation is
 * linked or created by the import); TITLE; the first ADR with a city or
 * a country; CATEGORIES the tags; NOTE, BDAY, URL and NICKNAME custom
 * fields.  Photos, sounds, keys, labels and unknown properties are
 * skipped, never an error.
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crm.h"
#include "internal.h"

#define MAX_CARD (4u << 20)

struct crm_vcard {
	FILE *fp;
	const char *name;
	char *raw;		/* the physical line read ahead, or NULL */
	size_t cap;
	long rawno, lineno;
	int have;		/* a physical line read ahead in raw */
	struct crm_buf line;	/* the logical line */
};

struct crm_vcard *
crm_vcard_new(FILE *fp, const char *name)
{
	struct crm_vcard *v = crm_xcalloc(1, sizeof(*v));

	v->fp = fp;
	v->name = name;
	return v;
}

void
crm_vcard_free(struct crm_vcard *v)
{
	if (!v)
		return;
	free(v->raw);
	crm_buf_release(&v->line);
	free(v);
}

/* The next physical line, its end (CR LF) cut; 0 at the end. */
static int
physical(struct crm_vcard *v, char **out)
{
	ssize_t n;

	errno = 0;
	if ((n = getline(&v->raw, &v->cap, v->fp)) < 0)
		return ferror(v->fp) ? crm_err_set(CRM_EIO, "%s: %s", v->name,
						   strerror(errno)) : 0;
	v->rawno++;
	{
		const char *nul = memchr(v->raw, '\0', (size_t)n);

		if (nul)
			return crm_err_set(CRM_EDATA, "%s:%ld: byte %zu: a NUL byte",
					   v->name, v->rawno, (size_t)(nul - v->raw) + 1);
	}
	while (n > 0 && (v->raw[n - 1] == '\n' || v->raw[n - 1] == '\r'))
		v->raw[--n] = '\0';
	*out = v->raw;
	return 1;
}

/*
 * The next logical line into v->line (folds joined; a quoted-printable
 * value's soft breaks too); 0 at the end.  v->lineno is where it starts.
 */
static int
logical(struct crm_vcard *v)
{
	char *p;
	int rc;

	crm_buf_reset(&v->line);
	if (!v->have) {
		if ((rc = physical(v, &p)) <= 0)
			return rc;
	}
	v->have = 0;
	crm_buf_adds(&v->line, v->raw);
	v->lineno = v->rawno;
	for (;;) {
		int qp = v->line.len && v->line.buf[v->line.len - 1] == '=' &&
			 strcasestr(v->line.buf, "QUOTED-PRINTABLE") &&
			 strchr(v->line.buf, ':');

		if ((rc = physical(v, &p)) < 0)
			return rc;
		if (rc == 0)
			break;
		if (p[0] == ' ' || p[0] == '\t') {
			crm_buf_adds(&v->line, p + 1);	/* a fold */
		} else if (qp) {
			v->line.buf[--v->line.len] = '\0';	/* a soft break */
			crm_buf_adds(&v->line, p);
		} else {
			v->have = 1;
			break;
		}
		if (v->line.len > MAX_CARD)
			return crm_err_set(CRM_EDATA, "%s:%ld: a line longer than 4 MiB",
					   v->name, v->lineno);
	}
	return 1;
}

static int
hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 :
	       c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void
qp_decode(struct crm_buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '=' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
			crm_buf_addc(out, (char)(hexval(s[1]) * 16 + hexval(s[2])));
			s += 2;
		} else {
			crm_buf_addc(out, *s);
		}
	}
}

/* s in charset to UTF-8; 0, or CRM_EDATA when it does not convert. */
static int
to_utf8(struct crm_buf *out, const char *s, size_t n, const char *charset)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	char *in = (char *)s, *o;
	size_t left = n, room;

	if (cd == (iconv_t)-1)
		return crm_err_set(CRM_EDATA, "unknown CHARSET '%s'", charset);
	crm_buf_reset(out);
	crm_buf_grow(out, 4 * n + 4);
	o = out->buf;
	room = 4 * n + 3;
	if (iconv(cd, &in, &left, &o, &room) == (size_t)-1) {
		iconv_close(cd);
		return crm_err_set(CRM_EDATA, "not valid %s", charset);
	}
	iconv_close(cd);
	out->len = (size_t)(o - out->buf);
	out->buf[out->len] = '\0';
	return 0;
}

/*
 * Splits value at unescaped sep into parts (escapes undone: \n \N \, \;
 * \\), at most max of them; returns how many.
 */
static size_t
split(char **parts, size_t max, const char *value, char sep)
{
	struct crm_buf b = CRM_BUF_INIT;
	size_t n = 0;
	const char *p;

	for (p = value;; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			crm_buf_addc(&b, *p == 'n' || *p == 'N' ? '\n' : *p);
			continue;
		}
		if ((*p == sep && n + 1 < max) || !*p) {
			if (!b.buf)
				crm_buf_adds(&b, "");
			parts[n++] = crm_buf_detach(&b);
			if (!*p)
				break;
			continue;
		}
		crm_buf_addc(&b, *p);
	}
	return n;
}

static void
free_parts(char **parts, size_t n)
{
	while (n)
		free(parts[--n]);
}

static char *
trimmed(const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return crm_xstrndup(s, n);
}

struct card {
	char *fn, *n, *org, *title, *city, *country, *note, *bday, *url,
	     *nick, *street, *region, *code;
	struct crm_record *r;
	struct crm_strset *emails;
};

static void
set_once(char **slot, const char *v)
{
	if (!*slot && v && *v)
		*slot = trimmed(v);
}

/* One property of a card. */
static int
property(struct card *c, struct crm_vcard *v)
{
	char *line = v->line.buf, *colon, *name, *params, *dot, *value;
	struct crm_buf dec = CRM_BUF_INIT, conv = CRM_BUF_INIT;
	const char *charset = NULL;
	int qp = 0, b64 = 0, rc = 0;
	char *parts[8];
	size_t np, i;

	/* NAME;PARAMS:VALUE, a quoted parameter may hold a colon */
	{
		int quoted = 0;

		for (colon = line; *colon; colon++) {
			if (*colon == '"')
				quoted = !quoted;
			else if (*colon == ':' && !quoted)
				break;
		}
	}
	if (!*colon)
		return 0;	/* not a property: left alone */
	*colon = '\0';
	value = colon + 1;
	name = line;
	if ((params = strchr(name, ';')))
		*params++ = '\0';
	if ((dot = strrchr(name, '.')))
		name = dot + 1;	/* item1.EMAIL */
	for (char *p = params, *e; p && *p; p = e) {
		if ((e = strchr(p, ';')))
			*e++ = '\0';
		if (!strcasecmp(p, "QUOTED-PRINTABLE") ||
		    !strcasecmp(p, "ENCODING=QUOTED-PRINTABLE"))
			qp = 1;
		else if (!strcasecmp(p, "BASE64") || !strcasecmp(p, "ENCODING=b") ||
			 !strcasecmp(p, "ENCODING=BASE64"))
			b64 = 1;
		else if (!strncasecmp(p, "CHARSET=", 8))
			charset = p + 8;
	}
	if (b64 || !strcasecmp(name, "PHOTO") || !strcasecmp(name, "LOGO") ||
	    !strcasecmp(name, "SOUND") || !strcasecmp(name, "KEY"))
		goto out;
	if (qp) {
		qp_decode(&dec, value);
		value = dec.buf ? dec.buf : (char *)"";
	}
	if (charset && strcasecmp(charset, "utf-8") && strcasecmp(charset, "utf8")) {
		if ((rc = to_utf8(&conv, value, strlen(value), charset)) < 0) {
			rc = crm_err_set(CRM_EDATA, "%s:%ld: %s: %s", v->name, v->lineno,
					 name, crm_err_msg());
			goto out;
		}
		value = conv.buf ? conv.buf : (char *)"";	/* empty stays empty */
	}
	/* CR LF and lone CR (Outlook's notes) as LF; "" may be a literal */
	if (*value) {
		char *r = value, *w = value;

		for (; *r; r++)
			if (*r != '\r')
				*w++ = *r;
			else if (r[1] != '\n')
				*w++ = '\n';
		*w = '\0';
	}
	if (!crm_text_valid(value, strlen(value))) {
		rc = crm_err_set(CRM_EDATA,
				 "%s:%ld: %s: byte %zu is not UTF-8 (give the card a CHARSET, or convert the file)",
				 v->name, v->lineno, name,
				 crm_text_invalid_at(value, strlen(value)) + 1);
		goto out;
	}
	if (!strcasecmp(name, "FN")) {
		np = split(parts, 1, value, '\0');
		set_once(&c->fn, parts[0]);
		free_parts(parts, np);
	} else if (!strcasecmp(name, "N")) {
		/* family; given; middle; prefix; suffix */
		struct crm_buf b = CRM_BUF_INIT;
		int order[3] = { 1, 2, 0 };

		np = split(parts, 5, value, ';');
		for (i = 0; i < 3; i++)
			if ((size_t)order[i] < np && *parts[order[i]]) {
				char *t = trimmed(parts[order[i]]);

				if (*t)
					crm_buf_addf(&b, "%s%s", b.len ? " " : "", t);
				free(t);
			}
		if (b.len)
			set_once(&c->n, b.buf);
		crm_buf_release(&b);
		free_parts(parts, np);
	} else if (!strcasecmp(name, "EMAIL") || !strcasecmp(name, "TEL")) {
		char *t;

		np = split(parts, 1, value, '\0');
		t = trimmed(parts[0]);
		if (!strncasecmp(t, "mailto:", 7) || !strncasecmp(t, "tel:", 4)) {
			char *u = crm_xstrdup(strchr(t, ':') + 1);

			free(t);
			t = u;
		}
		if (*t) {
			int email = !strcasecmp(name, "EMAIL");
			struct crm_buf f = CRM_BUF_INIT;

			crm_text_fold(&f, t);
			if (email && !crm_email_valid(t))
				/* not an address: kept, apart */
				crm_record_append(c->r, "email_unusable", t, 0);
			else if (!email || crm_strset_add(c->emails, f.buf))
				crm_record_append(c->r, email ? "email" : "phone", t, 0);
			crm_buf_release(&f);
		}
		free(t);
		free_parts(parts, np);
	} else if (!strcasecmp(name, "ORG")) {
		np = split(parts, 2, value, ';');
		set_once(&c->org, parts[0]);
		free_parts(parts, np);
	} else if (!strcasecmp(name, "TITLE") || !strcasecmp(name, "NOTE") ||
		   !strcasecmp(name, "BDAY") || !strcasecmp(name, "URL") ||
		   !strcasecmp(name, "NICKNAME")) {
		char **slot = !strcasecmp(name, "TITLE") ? &c->title :
			      !strcasecmp(name, "NOTE") ? &c->note :
			      !strcasecmp(name, "BDAY") ? &c->bday :
			      !strcasecmp(name, "URL") ? &c->url : &c->nick;

		np = split(parts, 1, value, '\0');
		set_once(slot, parts[0]);
		free_parts(parts, np);
	} else if (!strcasecmp(name, "ADR")) {
		/* box; extended; street; city; region; code; country */
		np = split(parts, 7, value, ';');
		if (!c->city && !c->country && !c->street && np >= 4) {
			set_once(&c->street, parts[2]);
			set_once(&c->city, parts[3]);
			if (np >= 6) {
				set_once(&c->region, parts[4]);
				set_once(&c->code, parts[5]);
			}
			if (np >= 7)
				set_once(&c->country, parts[6]);
		}
		free_parts(parts, np);
	} else if (!strncasecmp(name, "X-CRM-", 6) && name[6]) {
		/*
		 * crm's own export (crm(1) export): any other field, its name
		 * upper-cased with '_' as '-' and '-' as "--".
		 */
		struct crm_buf k = CRM_BUF_INIT;
		const char *p;

		for (p = name + 6; *p; p++) {
			if (*p == '-' && p[1] == '-') {
				crm_buf_addc(&k, '-');
				p++;
			} else {
				crm_buf_addc(&k, *p == '-' ? '_' :
					     (*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p);
			}
		}
		np = split(parts, 1, value, '\0');
		if (crm_field_name_valid(k.buf) && strcmp(k.buf, "id") &&
		    strcmp(k.buf, "created") && strcmp(k.buf, "updated") &&
		    crm_record_find(c->r, k.buf) < 0 && *parts[0]) {
			if (crm_record_is_list_name(CRM_CONTACT, k.buf))
				crm_record_append(c->r, k.buf, parts[0], 0);
			else
				crm_record_set(c->r, k.buf, parts[0], 0);
		}
		free_parts(parts, np);
		crm_buf_release(&k);
	} else if (!strcasecmp(name, "CATEGORIES")) {
		np = split(parts, 8, value, ',');
		for (i = 0; i < np; i++) {
			char *t = trimmed(parts[i]);

			if (*t) {
				crm_record_remove(c->r, "tags", t);	/* once */
				crm_record_append(c->r, "tags", t, 0);
			}
			free(t);
		}
		free_parts(parts, np);
	}
out:
	crm_buf_release(&dec);
	crm_buf_release(&conv);
	return rc;
}

static void
card_release(struct card *c)
{
	free(c->fn);
	free(c->n);
	free(c->org);
	free(c->title);
	free(c->city);
	free(c->country);
	free(c->note);
	free(c->bday);
	free(c->url);
	free(c->nick);
	free(c->street);
	free(c->region);
	free(c->code);
	crm_record_free(c->r);
	crm_strset_free(c->emails);
	memset(c, 0, sizeof(*c));
}

int
crm_vcard_next(struct crm_record **out, long *line, struct crm_vcard *v)
{
	struct card c;
	long begin = -1;
	int rc;

	*out = NULL;
	*line = -1;
	memset(&c, 0, sizeof(c));
	/* to the next BEGIN:VCARD */
	while ((rc = logical(v)) > 0) {
		if (!strcasecmp(v->line.buf, "BEGIN:VCARD")) {
			begin = v->lineno;
			break;
		}
	}
	if (rc <= 0)
		return rc;
	*line = begin;
	c.r = crm_record_new(CRM_CONTACT);
	c.emails = crm_strset_new();
	while ((rc = logical(v)) > 0) {
		if (!strcasecmp(v->line.buf, "END:VCARD"))
			break;
		if (!strcasecmp(v->line.buf, "BEGIN:VCARD")) {
			rc = crm_err_set(CRM_EDATA, "%s:%ld: a card inside a card",
					 v->name, v->lineno);
			goto out;
		}
		if ((rc = property(&c, v)) < 0)
			goto out;
	}
	if (rc < 0)
		goto out;
	if (rc == 0) {
		rc = crm_err_set(CRM_EDATA, "%s:%ld: the card has no END:VCARD (a cut file?)",
				 v->name, begin);
		goto out;
	}
	/* the name: FN, else N, else the organisation, else an email */
	{
		const char *name = c.fn ? c.fn : c.n ? c.n : c.org ? c.org :
				   crm_record_get(c.r, "email");

		if (!name) {
			rc = crm_err_set(CRM_EDATA, "%s:%ld: the card has no name (FN or N)",
					 v->name, begin);
			goto out;
		}
		crm_record_set(c.r, "name", name, 0);
	}
	if (c.org)
		crm_record_set(c.r, "org", c.org, 0);
	if (c.title)
		crm_record_set(c.r, "title", c.title, 0);
	if (c.city)
		crm_record_set(c.r, "city", c.city, 0);
	if (c.country)
		crm_record_set(c.r, "country", c.country, 0);
	if (c.nick)
		crm_record_set(c.r, "nickname", c.nick, 0);
	if (c.bday && strlen(c.bday) == 8 && strspn(c.bday, "0123456789") == 8) {
		/* vCard 4.0's basic form, 19800102: as a date */
		char d[11];

		snprintf(d, sizeof(d), "%.4s-%.2s-%.2s", c.bday, c.bday + 4, c.bday + 6);
		crm_record_set(c.r, "birthday", d, 0);
	} else if (c.bday) {
		crm_record_set(c.r, "birthday", c.bday, 0);
	}
	if (c.street)
		crm_record_set(c.r, "street", c.street, 0);
	if (c.region)
		crm_record_set(c.r, "region", c.region, 0);
	if (c.code)
		crm_record_set(c.r, "postal_code", c.code, 0);
	if (c.url)
		crm_record_set(c.r, "url", c.url, 0);
	if (c.note)
		crm_record_set(c.r, "note", c.note, 0);
	crm_record_sort(c.r);
	*out = c.r;
	c.r = NULL;
	rc = 0;
out:
	card_release(&c);
	return rc;
}
