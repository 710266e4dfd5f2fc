/*
 * csvmap.c: a CSV header row as the fields of records.  Columns are
 * matched by name, case-insensitively; for contacts the layouts of the
 * address books people export from are known too (Google Contacts, old
 * and new; Outlook; Thunderbird), so that "Given Name", "E-mail 1 -
 * Value", "Business Phone" or "Company" land in name, email, phone and
 * org without a word from the user.  --map 'Column=field' names any
 * other column (a translated Outlook export); columns nobody knows
 * become custom fields, or are refused with --strict.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crm.h"
#include "internal.h"

enum target { T_SKIP, T_FIELD, T_GIVEN, T_MIDDLE, T_FAMILY };

struct col {
	enum target t;
	char *field;		/* T_FIELD */
	int list;
	int known;		/* a crm field, a layout's, or --map's */
};

struct crm_csvmap {
	enum crm_kind kind;
	struct col *col;
	size_t ncol;
	int parts;		/* name from given, middle and family names */
};

/*
 * The columns of address-book exports, by heading with every run of
 * digits as '#' ("E-mail 2 Address" is "e-mail # address"), lowercase.
 * A NULL field skips the column: types, labels, phonetic spellings and
 * photos, which say nothing a record keeps.
 */
static const struct {
	const char *heading;
	enum target t;
	const char *field;
} layout[] = {
	/* names */
	{ "name", T_FIELD, "name" }, { "full name", T_FIELD, "name" },
	{ "display name", T_FIELD, "name" },
	{ "first name", T_GIVEN, NULL }, { "given name", T_GIVEN, NULL },
	{ "middle name", T_MIDDLE, NULL }, { "additional name", T_MIDDLE, NULL },
	{ "last name", T_FAMILY, NULL }, { "family name", T_FAMILY, NULL },
	{ "surname", T_FAMILY, NULL },
	{ "name prefix", T_FIELD, "salutation" },
	{ "name suffix", T_FIELD, "suffix" }, { "suffix", T_FIELD, "suffix" },
	{ "nickname", T_FIELD, "nickname" },
	{ "file as", T_SKIP, NULL }, { "initials", T_SKIP, NULL },
	{ "yomi name", T_SKIP, NULL }, { "given name yomi", T_SKIP, NULL },
	{ "additional name yomi", T_SKIP, NULL },
	{ "family name yomi", T_SKIP, NULL },
	{ "phonetic first name", T_SKIP, NULL },
	{ "phonetic middle name", T_SKIP, NULL },
	{ "phonetic last name", T_SKIP, NULL },
	/* email */
	{ "e-mail # - value", T_FIELD, "email" },
	{ "e-mail address", T_FIELD, "email" },
	{ "e-mail # address", T_FIELD, "email" },
	{ "email address", T_FIELD, "email" },
	{ "primary email", T_FIELD, "email" },
	{ "secondary email", T_FIELD, "email" },
	{ "e-mail # - type", T_SKIP, NULL }, { "e-mail # - label", T_SKIP, NULL },
	{ "e-mail type", T_SKIP, NULL }, { "e-mail # type", T_SKIP, NULL },
	{ "e-mail display name", T_SKIP, NULL },
	{ "e-mail # display name", T_SKIP, NULL },
	/* phones */
	{ "phone # - value", T_FIELD, "phone" },
	{ "phone # - type", T_SKIP, NULL }, { "phone # - label", T_SKIP, NULL },
	{ "business phone", T_FIELD, "phone" },
	{ "business phone #", T_FIELD, "phone" },
	{ "home phone", T_FIELD, "phone" }, { "home phone #", T_FIELD, "phone" },
	{ "mobile phone", T_FIELD, "phone" }, { "other phone", T_FIELD, "phone" },
	{ "primary phone", T_FIELD, "phone" },
	{ "company main phone", T_FIELD, "phone" },
	{ "car phone", T_FIELD, "phone" }, { "assistant's phone", T_FIELD, "phone" },
	{ "work phone", T_FIELD, "phone" }, { "mobile number", T_FIELD, "phone" },
	{ "business fax", T_FIELD, "fax" }, { "home fax", T_FIELD, "fax" },
	{ "other fax", T_FIELD, "fax" }, { "fax number", T_FIELD, "fax" },
	{ "pager number", T_FIELD, "pager" },
	/* organisation */
	{ "company", T_FIELD, "org" }, { "organization", T_FIELD, "org" },
	{ "organisation", T_FIELD, "org" },
	{ "organization name", T_FIELD, "org" },
	{ "organization # - name", T_FIELD, "org" },
	{ "job title", T_FIELD, "title" },
	{ "organization title", T_FIELD, "title" },
	{ "organization # - title", T_FIELD, "title" },
	{ "organization department", T_FIELD, "department" },
	{ "organization # - department", T_FIELD, "department" },
	{ "organization # - type", T_SKIP, NULL },
	{ "organization # - label", T_SKIP, NULL },
	{ "organization # - yomi name", T_SKIP, NULL },
	{ "organization # - symbol", T_SKIP, NULL },
	{ "organization # - location", T_SKIP, NULL },
	{ "organization # - job description", T_FIELD, "job_description" },
	/* addresses: the first one given wins (Outlook: business, then home) */
	{ "address # - city", T_FIELD, "city" },
	{ "business city", T_FIELD, "city" }, { "home city", T_FIELD, "city" },
	{ "other city", T_FIELD, "city" }, { "work city", T_FIELD, "city" },
	{ "address # - country", T_FIELD, "country" },
	{ "business country/region", T_FIELD, "country" },
	{ "home country/region", T_FIELD, "country" },
	{ "other country/region", T_FIELD, "country" },
	{ "business country", T_FIELD, "country" },
	{ "home country", T_FIELD, "country" },
	{ "work country", T_FIELD, "country" },
	{ "address # - street", T_FIELD, "street" },
	{ "business street", T_FIELD, "street" },
	{ "home street", T_FIELD, "street" }, { "other street", T_FIELD, "street" },
	{ "home address", T_FIELD, "street" }, { "work address", T_FIELD, "street" },
	{ "address # - region", T_FIELD, "region" },
	{ "business state", T_FIELD, "region" }, { "home state", T_FIELD, "region" },
	{ "other state", T_FIELD, "region" }, { "work state", T_FIELD, "region" },
	{ "address # - postal code", T_FIELD, "postal_code" },
	{ "business postal code", T_FIELD, "postal_code" },
	{ "home postal code", T_FIELD, "postal_code" },
	{ "other postal code", T_FIELD, "postal_code" },
	{ "home zipcode", T_FIELD, "postal_code" },
	{ "work zipcode", T_FIELD, "postal_code" },
	{ "address # - formatted", T_SKIP, NULL },
	{ "address # - type", T_SKIP, NULL }, { "address # - label", T_SKIP, NULL },
	/* the rest */
	{ "group membership", T_FIELD, "tags" }, { "labels", T_FIELD, "tags" },
	{ "categories", T_FIELD, "tags" },
	{ "birthday", T_FIELD, "birthday" },
	{ "notes", T_FIELD, "note" },
	{ "web page", T_FIELD, "url" }, { "web page #", T_FIELD, "url" },
	{ "personal web page", T_FIELD, "url" },
	{ "website # - value", T_FIELD, "url" },
	{ "website # - type", T_SKIP, NULL }, { "website # - label", T_SKIP, NULL },
	{ "photo", T_SKIP, NULL }, { "priority", T_SKIP, NULL },
	{ "sensitivity", T_SKIP, NULL }, { "private", T_SKIP, NULL },
};

/* A heading trimmed and lowercased, digit runs as '#'. */
static void
pattern(struct crm_buf *out, const char *cell)
{
	const char *p = cell + strspn(cell, " \t");
	size_t n = strlen(p);

	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	for (; n; p++, n--) {
		unsigned char c = (unsigned char)*p;

		if (c >= '0' && c <= '9') {
			while (n > 1 && p[1] >= '0' && p[1] <= '9')
				p++, n--;
			c = '#';
		}
		crm_buf_addc(out, (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
	}
}

/* A heading trimmed, for messages and --map. */
static int
same_heading(const char *cell, const char *want)
{
	const char *p = cell + strspn(cell, " \t");
	size_t n = strlen(p), w = strlen(want);

	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	return n == w && strncasecmp(p, want, n) == 0;
}

void
crm_csvmap_free(struct crm_csvmap *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->ncol; i++)
		free(m->col[i].field);
	free(m->col);
	free(m);
}

/* Sets c from a --map target: a field name, a name part, or '-'. */
static int
map_target(struct col *c, enum crm_kind kind, const char *to, const char *arg)
{
	const char *canon;

	c->known = 1;
	if (strcmp(to, "-") == 0) {
		c->t = T_SKIP;
		return 0;
	}
	if (kind == CRM_CONTACT) {
		if (!strcmp(to, "first_name") || !strcmp(to, "given_name")) {
			c->t = T_GIVEN;
			return 0;
		}
		if (!strcmp(to, "middle_name")) {
			c->t = T_MIDDLE;
			return 0;
		}
		if (!strcmp(to, "last_name") || !strcmp(to, "family_name")) {
			c->t = T_FAMILY;
			return 0;
		}
	}
	canon = crm_schema_canon(kind, to);
	if (!crm_field_name_valid(canon))
		return crm_err_set(CRM_EUSAGE,
				   "--map '%s': '%s' is not a field name (a lowercase letter, then letters, digits, _ or -)",
				   arg, to);
	c->t = T_FIELD;
	c->field = crm_xstrdup(canon);
	c->list = crm_record_is_list_name(kind, canon);
	return 0;
}

int
crm_csvmap_new(struct crm_csvmap **out, char **cells, size_t n,
	       enum crm_kind kind, const struct crm_input_opts *o,
	       const char *name, long line)
{
	struct crm_csvmap *m = crm_xcalloc(1, sizeof(*m));
	struct crm_buf b = CRM_BUF_INIT;
	size_t i, j, k;
	int job_title = 0, rc = 0;

	*out = NULL;
	m->kind = kind;
	m->ncol = n;
	m->col = crm_xcalloc(n ? n : 1, sizeof(*m->col));
	for (i = 0; i < n; i++)
		if (same_heading(cells[i], "job title"))
			job_title = 1;
	/* --map first: each must name a column of this file */
	for (k = 0; o && k < o->nmap; k++) {
		const char *eq = strrchr(o->map[k], '=');
		char *from;
		int found = 0;

		if (!eq || eq == o->map[k] || !eq[1]) {
			rc = crm_err_set(CRM_EUSAGE,
					 "--map '%s': expected 'Column=field' (or 'Column=-' to leave it out)",
					 o->map[k]);
			goto out;
		}
		from = crm_xstrndup(o->map[k], (size_t)(eq - o->map[k]));
		for (i = 0; i < n && rc == 0; i++)
			if (same_heading(cells[i], from) && !m->col[i].known) {
				found = 1;
				rc = map_target(&m->col[i], kind, eq + 1, o->map[k]);
			}
		if (rc == 0 && !found)
			rc = crm_err_set(CRM_EUSAGE, "--map '%s': %s has no column '%s'",
					 o->map[k], name, from);
		free(from);
		if (rc < 0)
			goto out;
	}
	for (i = 0; i < n; i++) {
		struct col *c = &m->col[i];
		const char *canon;

		if (c->known)
			continue;
		crm_buf_reset(&b);
		pattern(&b, cells[i]);
		if (!b.len) {
			c->t = T_SKIP;	/* an unnamed column: Thunderbird's last */
			continue;
		}
		if (kind == CRM_CONTACT) {
			if (strcmp(b.buf, "title") == 0 && job_title) {
				/* Outlook's "Title" is Mr or Dr; its "Job Title" the title */
				c->t = T_FIELD;
				c->field = crm_xstrdup("salutation");
				c->known = 1;
				continue;
			}
			for (j = 0; j < sizeof(layout) / sizeof(*layout); j++)
				if (strcmp(b.buf, layout[j].heading) == 0)
					break;
			if (j < sizeof(layout) / sizeof(*layout)) {
				c->t = layout[j].t;
				c->known = 1;
				if (layout[j].field) {
					c->field = crm_xstrdup(layout[j].field);
					c->list = crm_record_is_list_name(kind, c->field);
				}
				continue;
			}
		}
		crm_buf_reset(&b);
		crm_text_field_name(&b, cells[i]);
		canon = crm_schema_canon(kind, crm_buf_str(&b));
		if (!crm_field_name_valid(canon) &&
		    (crm_email_valid(cells[i]) || (*canon >= '0' && *canon <= '9'))) {
			rc = crm_err_set(CRM_EDATA,
					 "%s:%ld: the first row reads as data ('%s' in column %zu), not as a header row naming the fields (name, email, phone, …)",
					 name, line, cells[i], i + 1);
			goto out;
		}
		if (!crm_field_name_valid(canon)) {
			rc = crm_err_set(CRM_EDATA,
					 "%s:%ld: column %zu ('%s') has no field name; a header row must name the fields (--map '%s=field' names it, '%s=-' leaves it out)",
					 name, line, i + 1, cells[i], cells[i], cells[i]);
			goto out;
		}
		c->t = T_FIELD;
		c->field = crm_xstrdup(canon);
		c->list = crm_record_is_list_name(kind, canon);
		c->known = crm_schema_field(kind, canon) != NULL ||
			(o && o->cfg && crm_config_declared(o->cfg, canon));
		if (o && o->strict && !c->known) {
			rc = crm_err_set(CRM_EDATA,
					 "%s:%ld: column '%s' is not a field of %ss (--strict); --map '%s=field' names it, '%s=-' leaves it out",
					 name, line, cells[i], crm_kind_name(kind),
					 cells[i], cells[i]);
			goto out;
		}
	}
	/* the same field twice from columns of the same name is a mistake */
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (m->col[i].t != T_SKIP && same_heading(cells[j], cells[i]) &&
			    strlen(cells[i])) {
				crm_buf_reset(&b);
				pattern(&b, cells[i]);
				rc = crm_err_set(CRM_EDATA, "%s:%ld: column '%s' appears twice",
						 name, line, crm_buf_str(&b));
				goto out;
			}
	for (i = 0; i < n; i++)
		if (m->col[i].t == T_GIVEN || m->col[i].t == T_MIDDLE ||
		    m->col[i].t == T_FAMILY)
			m->parts = 1;
out:
	crm_buf_release(&b);
	if (rc < 0)
		crm_csvmap_free(m);
	else
		*out = m;
	return rc;
}

/* s[0..n) trimmed of blanks, appended to out; 1 when anything was left. */
static int
trimmed(struct crm_buf *out, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	crm_buf_reset(out);
	crm_buf_add(out, s, n);
	return n > 0;
}

/*
 * Google's group names: "* myContacts" (every contact has it) says
 * nothing; "* starred" is "starred".
 */
static const char *
tag_of(const char *t)
{
	if (t[0] == '*' && t[1] == ' ')
		t += 2;
	return strcasecmp(t, "myContacts") == 0 ? "" : t;
}

/*
 * Adds the values of one list cell: Google joins several values with
 * " ::: ", others with ',' or ';'.
 */
static void
add_list(struct crm_record *r, const char *k, const char *v)
{
	struct crm_buf item = CRM_BUF_INIT;
	const char *p = v, *sep, *g;

	crm_record_set_list(r, k);
	for (;;) {
		size_t len;

		sep = strpbrk(p, ",;");
		g = strstr(p, " ::: ");
		if (g && (!sep || g < sep))
			sep = g;
		len = sep ? (size_t)(sep - p) : strlen(p);
		if (trimmed(&item, p, len)) {
			const char *t = strcmp(k, "tags") == 0 ? tag_of(item.buf) : item.buf;

			if (*t)
				crm_record_add(r, k, t, 0);
		}
		if (!sep)
			break;
		p = sep + (sep == g ? 5 : 1);
	}
	crm_buf_release(&item);
}

/* A spreadsheet's CRLF inside a cell is a line break. */
static void
set_text(struct crm_record *r, const char *k, const char *v)
{
	struct crm_buf t = CRM_BUF_INIT;
	const char *g = strstr(v, " ::: ");
	size_t n = g ? (size_t)(g - v) : strlen(v);

	for (; n; v++, n--)
		if (!(*v == '\r' && n > 1 && v[1] == '\n'))
			crm_buf_addc(&t, *v == '\r' ? '\n' : *v);
	crm_record_set(r, k, crm_buf_str(&t), 0);
	crm_buf_release(&t);
}

int
crm_csvmap_row(struct crm_record **out, const struct crm_csvmap *m,
	       char **cells, size_t n, const char *name, long line)
{
	struct crm_buf part[3] = { CRM_BUF_INIT, CRM_BUF_INIT, CRM_BUF_INIT };
	struct crm_record *r;
	size_t i;

	*out = NULL;
	if (n > m->ncol)
		return crm_err_set(CRM_EDATA, "%s:%ld: %zu fields, but the header names %zu",
				   name, line, n, m->ncol);
	r = crm_record_new(m->kind);
	for (i = 0; i < n; i++) {
		const struct col *c = &m->col[i];
		const char *v = cells[i];

		if (c->t == T_SKIP || !v[strspn(v, " \t\r\n")])
			continue;	/* unnamed columns, empty cells */
		if (v[0] == '\'' && crm_fmt_csv_formula(v + 1))
			v++;	/* crm's own guard against formulas */
		if (c->t != T_FIELD) {
			struct crm_buf *p = &part[c->t - T_GIVEN];

			if (!p->len)
				crm_buf_adds(p, v);
			continue;
		}
		if (c->list)
			add_list(r, c->field, v);
		else if (crm_record_find(r, c->field) < 0)
			set_text(r, c->field, v);	/* the first one given wins */
	}
	if (m->parts && crm_record_find(r, "name") < 0) {
		struct crm_buf full = CRM_BUF_INIT;

		for (i = 0; i < 3; i++)
			if (part[i].len) {
				if (full.len)
					crm_buf_addc(&full, ' ');
				crm_buf_adds(&full, part[i].buf);
			}
		if (full.len)
			crm_record_set(r, "name", full.buf, 0);
		crm_buf_release(&full);
	}
	for (i = 0; i < 3; i++)
		crm_buf_release(&part[i]);
	*out = r;
	return 0;
}
