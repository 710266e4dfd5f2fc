/*
 * record.c: the record model (an ordered list of scalar and list fields),
 * the schema of each kind's core fields, ids and the paths records live
 * at in the store, and validation of a record against the schema and the
 * store's settings.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "crm.h"
#include "internal.h"

struct value {
	char *s;
	int plain;
};

struct field {
	char *key;
	int list;
	size_t n, alloc;
	struct value *v;
};

struct crm_record {
	enum crm_kind kind;
	size_t n, alloc;
	struct field *f;
};

static const struct crm_field_def contact_fields[] = {
	{ "id", CRM_T_TEXT, 1 },
	{ "name", CRM_T_TEXT, 1 },
	{ "email", CRM_T_LIST, 0 },
	{ "phone", CRM_T_LIST, 0 },
	{ "org", CRM_T_REF, 0 },
	{ "title", CRM_T_TEXT, 0 },
	{ "city", CRM_T_TEXT, 0 },
	{ "country", CRM_T_TEXT, 0 },
	{ "tags", CRM_T_LIST, 0 },
	{ "owner", CRM_T_TEXT, 0 },
	{ "stage", CRM_T_TEXT, 0 },
	{ "dnc", CRM_T_BOOL, 0 },
	{ "restricted", CRM_T_BOOL, 0 },
	{ "cadence", CRM_T_TEXT, 0 },
	{ "created", CRM_T_DATE, 0 },
	{ "updated", CRM_T_DATE, 0 },
	{ NULL, 0, 0 }
};

static const struct crm_field_def org_fields[] = {
	{ "id", CRM_T_TEXT, 1 },
	{ "name", CRM_T_TEXT, 1 },
	{ "domain", CRM_T_TEXT, 0 },
	{ "industry", CRM_T_TEXT, 0 },
	{ "size", CRM_T_TEXT, 0 },
	{ "city", CRM_T_TEXT, 0 },
	{ "country", CRM_T_TEXT, 0 },
	{ "tags", CRM_T_LIST, 0 },
	{ "owner", CRM_T_TEXT, 0 },
	{ "created", CRM_T_DATE, 0 },
	{ "updated", CRM_T_DATE, 0 },
	{ NULL, 0, 0 }
};

static const struct crm_field_def deal_fields[] = {
	{ "id", CRM_T_TEXT, 1 },
	{ "title", CRM_T_TEXT, 1 },
	{ "contact", CRM_T_REF, 0 },
	{ "org", CRM_T_REF, 0 },
	{ "amount", CRM_T_MONEY, 0 },
	{ "currency", CRM_T_TEXT, 0 },
	{ "stage", CRM_T_TEXT, 0 },
	{ "probability", CRM_T_INT, 0 },
	{ "close", CRM_T_DATE, 0 },
	{ "owner", CRM_T_TEXT, 0 },
	{ "tags", CRM_T_LIST, 0 },
	{ "created", CRM_T_DATE, 0 },
	{ "updated", CRM_T_DATE, 0 },
	{ NULL, 0, 0 }
};

static const struct crm_field_def log_fields[] = {
	{ "id", CRM_T_TEXT, 1 },
	{ "at", CRM_T_DATE, 1 },
	{ "contact", CRM_T_REF, 1 },
	{ "type", CRM_T_TEXT, 1 },
	{ "summary", CRM_T_TEXT, 0 },
	{ "amount", CRM_T_MONEY, 0 },
	{ "currency", CRM_T_TEXT, 0 },
	{ "channel", CRM_T_TEXT, 0 },
	{ "direction", CRM_T_TEXT, 0 },
	{ "deal", CRM_T_REF, 0 },
	{ "due", CRM_T_DATE, 0 },
	{ "done", CRM_T_DATE, 0 },
	{ "body", CRM_T_TEXT, 0 },
	{ NULL, 0, 0 }
};

static const struct crm_field_def *const schemas[CRM_NKINDS] = {
	contact_fields, org_fields, deal_fields, log_fields
};

static const char *const kind_names[CRM_NKINDS] = {
	"contact", "org", "deal", "log"
};

static const char *const kind_dirs[CRM_NKINDS] = {
	"contacts", "orgs", "deals", "log"
};

static const char *const log_types[] = {
	"call", "email", "meeting", "note", "purchase", "refund", "support",
	"task", NULL
};

const char *
crm_kind_name(enum crm_kind k)
{
	return k < CRM_NKINDS ? kind_names[k] : "?";
}

int
crm_kind_parse(const char *s)
{
	int k;

	for (k = 0; k < CRM_NKINDS; k++)
		if (strcmp(s, kind_names[k]) == 0 ||
		    strcmp(s, kind_dirs[k]) == 0)
			return k;
	if (strcmp(s, "organisation") == 0 || strcmp(s, "organization") == 0)
		return CRM_ORG;
	if (strcmp(s, "interaction") == 0 || strcmp(s, "interactions") == 0)
		return CRM_LOG;
	return -1;
}

const char *
crm_kind_dir(enum crm_kind k)
{
	return k < CRM_NKINDS ? kind_dirs[k] : "?";
}

static const char *const type_names[] = {
	"text", "list", "number", "int", "money", "date", "bool", "ref"
};

const char *
crm_type_name(enum crm_type t)
{
	return (size_t)t < sizeof(type_names) / sizeof(*type_names) ?
	       type_names[t] : "?";
}

int
crm_type_parse(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(type_names) / sizeof(*type_names); i++)
		if (strcmp(s, type_names[i]) == 0)
			return (int)i;
	if (strcmp(s, "string") == 0)
		return CRM_T_TEXT;
	if (strcmp(s, "integer") == 0)
		return CRM_T_INT;
	if (strcmp(s, "boolean") == 0)
		return CRM_T_BOOL;
	if (strcmp(s, "decimal") == 0)
		return CRM_T_NUMBER;
	return -1;
}

/* ---- ids and paths ---- */

int
crm_id_new(char out[CRM_ID_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	/* random bytes a page at a time: imports make a million ids */
	static unsigned char pool[4096];
	static size_t left;
	unsigned char *raw;
	int i;

	if (left < CRM_ID_LEN / 2) {
		size_t got = 0;

		while (got < sizeof(pool)) {
			ssize_t n = getrandom(pool + got, sizeof(pool) - got, 0);

			if (n < 0) {
				if (errno == EINTR)
					continue;
				return crm_err_set(CRM_EINTERNAL,
						   "cannot get random bytes: %s",
						   strerror(errno));
			}
			got += (size_t)n;
		}
		left = sizeof(pool);
	}
	left -= CRM_ID_LEN / 2;
	raw = pool + left;
	for (i = 0; i < CRM_ID_LEN / 2; i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 15];
	}
	out[CRM_ID_LEN] = '\0';
	return 0;
}

static int
is_lower_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

int
crm_id_valid(const char *s)
{
	size_t i;

	for (i = 0; i < CRM_ID_LEN; i++)
		if (!is_lower_hex((unsigned char)s[i]))
			return 0;
	return s[CRM_ID_LEN] == '\0';
}

int
crm_id_prefix_valid(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (i >= CRM_ID_LEN || !is_lower_hex((unsigned char)s[i]))
			return 0;
	return i >= 4;
}

void
crm_record_path(struct crm_buf *out, enum crm_kind k, const char *id)
{
	/* on the hot path of imports: no printf */
	crm_buf_adds(out, crm_kind_dir(k));
	crm_buf_addc(out, '/');
	crm_buf_add(out, id, strlen(id) < 2 ? strlen(id) : 2);
	crm_buf_addc(out, '/');
	crm_buf_adds(out, id);
	crm_buf_adds(out, ".yaml");
}

void
crm_log_path(struct crm_buf *out, int64_t t)
{
	struct crm_time day = { t, 1 };
	struct crm_buf d = CRM_BUF_INIT;

	crm_date_format(&d, &day);
	/* "2026-11-02" -> "log/2026/11/02.yaml", without printf */
	crm_buf_adds(out, "log/");
	crm_buf_add(out, d.buf, 4);
	crm_buf_addc(out, '/');
	crm_buf_add(out, d.buf + 5, 2);
	crm_buf_addc(out, '/');
	crm_buf_add(out, d.buf + 8, 2);
	crm_buf_adds(out, ".yaml");
	crm_buf_release(&d);
}

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int
crm_path_parse(enum crm_kind *kind, char id[CRM_ID_LEN + 1], const char *path)
{
	int k;
	size_t dl;

	id[0] = '\0';
	/* log/YYYY/MM/DD.yaml */
	if (strlen(path) == 19 && strncmp(path, "log/", 4) == 0 &&
	    all_digits(path + 4, 4) && path[8] == '/' &&
	    all_digits(path + 9, 2) && path[11] == '/' &&
	    all_digits(path + 12, 2) && strcmp(path + 14, ".yaml") == 0) {
		char day[11];
		struct crm_time t;

		/* log/2026/11/02.yaml: a real day, 2026-11-02 */
		snprintf(day, sizeof(day), "%.4s-%.2s-%.2s", path + 4,
			 path + 9, path + 12);
		if (crm_date_parse(&t, day, 0) < 0) {
			crm_err_clear();
			return CRM_EDATA;
		}
		*kind = CRM_LOG;
		return 0;
	}
	for (k = 0; k < CRM_LOG; k++) {
		dl = strlen(kind_dirs[k]);
		/* dir/xx/<id>.yaml */
		if (strncmp(path, kind_dirs[k], dl) != 0 || path[dl] != '/')
			continue;
		path += dl + 1;
		if (strlen(path) != 3 + CRM_ID_LEN + 5 || path[2] != '/' ||
		    strcmp(path + 3 + CRM_ID_LEN, ".yaml") != 0 ||
		    strncmp(path, path + 3, 2) != 0)
			break;
		memcpy(id, path + 3, CRM_ID_LEN);
		id[CRM_ID_LEN] = '\0';
		if (!crm_id_valid(id)) {
			id[0] = '\0';
			break;
		}
		*kind = k;
		return 0;
	}
	return CRM_EDATA;
}

/* ---- the record ---- */

struct crm_record *
crm_record_new(enum crm_kind kind)
{
	struct crm_record *r = crm_xcalloc(1, sizeof(*r));

	r->kind = kind;
	return r;
}

static void
field_clear(struct field *f)
{
	size_t j;

	for (j = 0; j < f->n; j++)
		free(f->v[j].s);
	free(f->v);
	free(f->key);
}

void
crm_record_free(struct crm_record *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++)
		field_clear(&r->f[i]);
	free(r->f);
	free(r);
}

struct crm_record *
crm_record_dup(const struct crm_record *r)
{
	struct crm_record *c = crm_record_new(r->kind);
	size_t i, j;

	c->f = crm_xcalloc(r->n, sizeof(*c->f));
	c->n = c->alloc = r->n;
	for (i = 0; i < r->n; i++) {
		struct field *d = &c->f[i];
		const struct field *s = &r->f[i];

		d->key = crm_xstrdup(s->key);
		d->list = s->list;
		d->n = d->alloc = s->n;
		d->v = crm_xcalloc(s->n, sizeof(*d->v));
		for (j = 0; j < s->n; j++) {
			d->v[j].s = crm_xstrdup(s->v[j].s);
			d->v[j].plain = s->v[j].plain;
		}
	}
	return c;
}

enum crm_kind
crm_record_kind(const struct crm_record *r)
{
	return r->kind;
}

void
crm_record_set_kind(struct crm_record *r, enum crm_kind k)
{
	r->kind = k;
}

const char *
crm_record_id(const struct crm_record *r)
{
	return crm_record_get(r, "id");
}

size_t
crm_record_nfields(const struct crm_record *r)
{
	return r->n;
}

const char *
crm_record_key(const struct crm_record *r, size_t i)
{
	return r->f[i].key;
}

int
crm_record_is_list(const struct crm_record *r, size_t i)
{
	return r->f[i].list;
}

size_t
crm_record_nvalues(const struct crm_record *r, size_t i)
{
	return r->f[i].n;
}

const char *
crm_record_value(const struct crm_record *r, size_t i, size_t j)
{
	return r->f[i].v[j].s;
}

int
crm_record_plain(const struct crm_record *r, size_t i, size_t j)
{
	return r->f[i].v[j].plain;
}

long
crm_record_find(const struct crm_record *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->f[i].key[0] == key[0] && strcmp(r->f[i].key, key) == 0)
			return (long)i;
	return -1;
}

const char *
crm_record_get(const struct crm_record *r, const char *key)
{
	long i = crm_record_find(r, key);

	if (i < 0 || r->f[i].n == 0)
		return NULL;
	return r->f[i].v[0].s;
}

static struct field *
field_add(struct crm_record *r, const char *key, int list)
{
	struct field *f;

	if (r->n == r->alloc) {
		r->alloc = r->alloc ? r->alloc * 2 : 16;
		r->f = crm_xrealloc(r->f, r->alloc * sizeof(*r->f));
	}
	f = &r->f[r->n++];
	memset(f, 0, sizeof(*f));
	f->key = crm_xstrdup(key);
	f->list = list;
	return f;
}

static void
value_push(struct field *f, const char *s, int plain)
{
	if (f->n == f->alloc) {
		f->alloc = f->alloc ? f->alloc * 2 : 4;
		f->v = crm_xrealloc(f->v, f->alloc * sizeof(*f->v));
	}
	f->v[f->n].s = crm_xstrdup(s);
	f->v[f->n].plain = plain;
	f->n++;
}

void
crm_record_unset(struct crm_record *r, const char *key)
{
	long i = crm_record_find(r, key);

	if (i < 0)
		return;
	field_clear(&r->f[i]);
	memmove(&r->f[i], &r->f[i + 1], (r->n - (size_t)i - 1) * sizeof(*r->f));
	r->n--;
}

void
crm_record_set(struct crm_record *r, const char *key, const char *value,
	       int plain)
{
	long i = crm_record_find(r, key);
	struct field *f;
	size_t j;

	if (!value) {
		crm_record_unset(r, key);
		return;
	}
	if (i < 0) {
		f = field_add(r, key, 0);
	} else {
		f = &r->f[i];
		for (j = 0; j < f->n; j++)
			free(f->v[j].s);
		f->n = 0;
		f->list = 0;
	}
	value_push(f, value, plain);
}

void
crm_record_set_list(struct crm_record *r, const char *key)
{
	long i = crm_record_find(r, key);

	if (i < 0)
		field_add(r, key, 1);
	else
		r->f[i].list = 1;
}

static int
fold_equal(const char *a, const char *b)
{
	struct crm_buf fa = CRM_BUF_INIT, fb = CRM_BUF_INIT;
	int eq;

	if (strcmp(a, b) == 0)
		return 1;
	crm_text_fold(&fa, a);
	crm_text_fold(&fb, b);
	eq = strcmp(crm_buf_str(&fa), crm_buf_str(&fb)) == 0;
	crm_buf_release(&fa);
	crm_buf_release(&fb);
	return eq;
}

int
crm_record_add(struct crm_record *r, const char *key, const char *value,
	       int plain)
{
	long i = crm_record_find(r, key);
	struct field *f;
	size_t j;

	if (i < 0) {
		f = field_add(r, key, 1);
	} else {
		f = &r->f[i];
		f->list = 1;
		for (j = 0; j < f->n; j++)
			if (fold_equal(f->v[j].s, value))
				return 0;
	}
	value_push(f, value, plain);
	return 1;
}

void
crm_record_append(struct crm_record *r, const char *key, const char *value,
		  int plain)
{
	long i = crm_record_find(r, key);
	struct field *f = i < 0 ? field_add(r, key, 1) : &r->f[i];

	f->list = 1;
	value_push(f, value, plain);
}

int
crm_record_remove(struct crm_record *r, const char *key, const char *value)
{
	long i = crm_record_find(r, key);
	struct field *f;
	size_t j;

	if (i < 0)
		return 0;
	f = &r->f[i];
	for (j = 0; j < f->n; j++) {
		if (!fold_equal(f->v[j].s, value))
			continue;
		free(f->v[j].s);
		memmove(&f->v[j], &f->v[j + 1], (f->n - j - 1) * sizeof(*f->v));
		f->n--;
		return 1;
	}
	return 0;
}

/* Position of a key in the store's order: core fields first. */
static long
field_rank(enum crm_kind k, const char *key)
{
	const struct crm_field_def *d;

	for (d = schemas[k]; d->name; d++)
		if (d->name[0] == key[0] && strcmp(d->name, key) == 0)
			return d - schemas[k];
	return -1;
}

struct ranked {
	long rank;
	struct field f;
};

static int
ranked_cmp(const void *a, const void *b)
{
	const struct ranked *ra = a, *rb = b;

	if (ra->rank >= 0 && rb->rank >= 0)
		return ra->rank < rb->rank ? -1 : ra->rank > rb->rank;
	if (ra->rank >= 0)
		return -1;
	if (rb->rank >= 0)
		return 1;
	return strcmp(ra->f.key, rb->f.key);
}

void
crm_record_sort(struct crm_record *r)
{
	struct ranked *v;
	size_t i;

	if (r->n < 2)
		return;
	/* rank each field once, not at every comparison */
	v = crm_xmalloc(r->n * sizeof(*v));
	for (i = 0; i < r->n; i++) {
		v[i].rank = field_rank(r->kind, r->f[i].key);
		v[i].f = r->f[i];
	}
	qsort(v, r->n, sizeof(*v), ranked_cmp);
	for (i = 0; i < r->n; i++)
		r->f[i] = v[i].f;
	free(v);
}

int
crm_record_is_list_name(enum crm_kind k, const char *name)
{
	const struct crm_field_def *d = crm_schema_field(k, name);

	return d && d->type == CRM_T_LIST;
}

const struct crm_field_def *
crm_schema_fields(enum crm_kind k)
{
	return schemas[k];
}

const struct crm_field_def *
crm_schema_field(enum crm_kind k, const char *name)
{
	long i = field_rank(k, name);

	return i < 0 ? NULL : &schemas[k][i];
}

const char *
crm_schema_canon(enum crm_kind k, const char *name)
{
	if (strcmp(name, "tag") == 0)
		return "tags";
	if (k == CRM_CONTACT && strcmp(name, "emails") == 0)
		return "email";
	if (k == CRM_CONTACT && strcmp(name, "phones") == 0)
		return "phone";
	return name;
}

/* ---- validation ---- */

/* Custom field names: a lowercase letter, then letters, digits, _ or -. */
int
crm_field_name_valid(const char *k)
{
	size_t i;

	if (!(*k >= 'a' && *k <= 'z'))
		return 0;
	for (i = 1; k[i]; i++)
		if (!(islower((unsigned char)k[i]) ||
		      isdigit((unsigned char)k[i]) || k[i] == '_' ||
		      k[i] == '-'))
			return 0;
	return i <= 64;
}

/* C0 controls but tab (and newline if allowed), DEL, and C1 controls. */
static int
has_control(const char *s, int allow_newline)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n' && allow_newline)
			continue;
		if (c == '\t')
			continue;
		if (c < 0x20 || c == 0x7f)
			return 1;
		/* U+0080..U+009F are C2 80..C2 9F in UTF-8 */
		if (c == 0xc2 && (unsigned char)s[1] >= 0x80 &&
		    (unsigned char)s[1] <= 0x9f)
			return 1;
	}
	return 0;
}

int
crm_email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	const char *p;

	if (!at || at == s || !at[1] || strchr(at + 1, '@'))
		return 0;
	for (p = s; *p; p++)
		if (*p == ' ' || *p == ',' || *p == '<' || *p == '>' ||
		    (unsigned char)*p < 0x20)
			return 0;
	return strchr(at + 1, '.') != NULL && at[strlen(at) - 1] != '.';
}

static int
number_valid(const char *s, int integer)
{
	const char *p = s;
	int digits = 0;

	if (*p == '-' || *p == '+')
		p++;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (!integer && *p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++, digits++;
	}
	return digits > 0 && *p == '\0';
}

/*
 * Brings one scalar value to its type's canonical text in out.  Returns
 * the plainness, or CRM_EDATA with a message that names where and key.
 */
static int
coerce(struct crm_buf *out, enum crm_type t, const char *v, const char *cur,
       const char *where, const char *key)
{
	struct crm_time tm;
	int64_t minor;

	switch (t) {
	case CRM_T_DATE:
		if (crm_date_parse(&tm, v, crm_now()) < 0)
			return crm_err_set(CRM_EDATA, "%s: field '%s': %s",
					   where, key, crm_err_msg());
		crm_date_format(out, &tm);
		return 1;
	case CRM_T_MONEY:
		if (crm_money_parse(&minor, v, crm_money_exponent(cur)) < 0)
			return crm_err_set(CRM_EDATA, "%s: field '%s': %s",
					   where, key, crm_err_msg());
		crm_money_format(out, minor, crm_money_exponent(cur));
		return 1;
	case CRM_T_INT:
	case CRM_T_NUMBER:
		if (!number_valid(v, t == CRM_T_INT))
			return crm_err_set(CRM_EDATA,
					   "%s: field '%s': expected a%s number, not '%s'",
					   where, key,
					   t == CRM_T_INT ? " whole" : "", v);
		/* "+5" and "007" are written "5" and "7". */
		if (*v == '+')
			v++;
		while (v[0] == '0' && v[1] >= '0' && v[1] <= '9')
			v++;
		crm_buf_adds(out, v);
		return 1;
	case CRM_T_BOOL:
		if (strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0 ||
		    strcmp(v, "1") == 0) {
			crm_buf_adds(out, "true");
			return 1;
		}
		if (strcasecmp(v, "false") == 0 || strcasecmp(v, "no") == 0 ||
		    strcmp(v, "0") == 0) {
			crm_buf_adds(out, "false");
			return 1;
		}
		return crm_err_set(CRM_EDATA,
				   "%s: field '%s': expected true or false, not '%s'",
				   where, key, v);
	case CRM_T_REF:
		if (!crm_id_valid(v))
			return crm_err_set(CRM_EDATA,
					   "%s: field '%s': expected a record id, not '%s'",
					   where, key, v);
		crm_buf_adds(out, v);
		return 0;
	default:
		crm_buf_adds(out, v);
		return 0;
	}
}

/*
 * A value given for an undeclared custom field is a number when it reads
 * as one the same way everywhere (JSON's grammar: "-3", "0.5", not "+3",
 * ".5" or "01234", a postcode), a boolean for true and false, a date in
 * canonical form; else text.
 */
static int
guess_plain(const char *v)
{
	const char *d = v + (*v == '-');

	if (d[0] >= '0' && d[0] <= '9' && !(d[0] == '0' && d[1] >= '0' &&
					     d[1] <= '9') &&
	    number_valid(d, 0) && d[strlen(d) - 1] != '.')
		return 1;
	return strcmp(v, "true") == 0 ||
	       strcmp(v, "false") == 0 || crm_date_is_canonical(v);
}

int
crm_value_coerce(struct crm_buf *out, const struct crm_config *c,
		 enum crm_kind k, const char *key, const char *value)
{
	int t = crm_config_type(c, k, key);

	crm_buf_reset(out);
	if (t < 0) {
		crm_buf_adds(out, value);
		return guess_plain(value);
	}
	if (t == CRM_T_LIST)
		t = CRM_T_TEXT;
	return coerce(out, t, value, crm_config_currency(c), "value", key);
}

int
crm_record_check(struct crm_record *r, const struct crm_config *c,
		 const char *where)
{
	const struct crm_field_def *d;
	struct crm_buf b = CRM_BUF_INIT;
	const char *cur, *id, *v;
	size_t i, j;
	int rc = 0, t, p;

	id = crm_record_id(r);
	if (!id)
		return crm_err_set(CRM_EDATA, "%s: field 'id' is missing",
				   where);
	if (!crm_id_valid(id))
		return crm_err_set(CRM_EDATA,
				   "%s: field 'id': '%s' is not a record id (%d hex digits)",
				   where, id, CRM_ID_LEN);
	for (d = schemas[r->kind]; d->name; d++) {
		if (!d->required)
			continue;
		v = crm_record_get(r, d->name);
		if (!v || !*v)
			return crm_err_set(CRM_EDATA,
					   "%s: field '%s' is missing", where,
					   d->name);
	}
	if ((v = crm_record_get(r, "currency"))) {
		char up[4];
		size_t k;

		for (k = 0; k < 3 && v[k]; k++)
			up[k] = (char)((v[k] >= 'a' && v[k] <= 'z') ?
				       v[k] - 'a' + 'A' : v[k]);
		up[k] = '\0';
		if (strlen(v) != 3 || !(up[0] >= 'A' && up[0] <= 'Z') ||
		    !(up[1] >= 'A' && up[1] <= 'Z') ||
		    !(up[2] >= 'A' && up[2] <= 'Z'))
			return crm_err_set(CRM_EDATA,
					   "%s: field 'currency': '%s' is not an ISO 4217 code such as EUR",
					   where, v);
		crm_record_set(r, "currency", up, 0);
	}
	cur = crm_record_get(r, "currency");
	if (!cur)
		cur = crm_config_currency(c);
	/* An emptied list ("--tag -x" of the last tag) is no field. */
	for (i = 0; i < r->n;) {
		if (r->f[i].list && r->f[i].n == 0)
			crm_record_unset(r, r->f[i].key);
		else
			i++;
	}
	for (i = 0; i < r->n; i++) {
		struct field *f = &r->f[i];

		if (!crm_field_name_valid(f->key))
			return crm_err_set(CRM_EDATA,
					   "%s: field '%s': invalid field name (lowercase letters, digits, '_' and '-')",
					   where, f->key);
		t = crm_config_type(c, r->kind, f->key);
		if (t == CRM_T_LIST && !f->list && f->n == 1) {
			/* "tags: vip" is read as a list of one. */
			f->list = 1;
		} else if (t >= 0 && t != CRM_T_LIST && f->list) {
			return crm_err_set(CRM_EDATA,
					   "%s: field '%s': expected one value, not a list",
					   where, f->key);
		} else if (t == CRM_T_LIST && !f->list) {
			return crm_err_set(CRM_EDATA,
					   "%s: field '%s': expected a list",
					   where, f->key);
		}
		for (j = 0; j < f->n; j++) {
			v = f->v[j].s;
			if (!crm_text_valid(v, strlen(v))) {
				rc = crm_err_set(CRM_EDATA,
						 "%s: field '%s': not valid UTF-8 (byte %zu)",
						 where, f->key,
						 crm_text_invalid_at(v, strlen(v)) + 1);
				goto out;
			}
			/* Multi-line text: notes, not names. */
			if (has_control(v, strcmp(f->key, "body") == 0 ||
					   strcmp(f->key, "summary") == 0 ||
					   !crm_schema_field(r->kind, f->key))) {
				rc = crm_err_set(CRM_EDATA,
						 "%s: field '%s': control characters are not allowed",
						 where, f->key);
				goto out;
			}
			if (strcmp(f->key, "email") == 0 && !crm_email_valid(v)) {
				rc = crm_err_set(CRM_EDATA,
						 "%s: field 'email': '%s' is not an email address",
						 where, v);
				goto out;
			}
			if (t < 0) {
				/* Undeclared: keep what the input said. */
				continue;
			}
			if (t == CRM_T_LIST || t == CRM_T_TEXT) {
				f->v[j].plain = 0;
				continue;
			}
			crm_buf_reset(&b);
			p = coerce(&b, t, v, cur, where, f->key);
			if (p < 0) {
				rc = p;
				goto out;
			}
			free(f->v[j].s);
			f->v[j].s = crm_xstrdup(crm_buf_str(&b));
			f->v[j].plain = p;
		}
	}
	if (r->kind == CRM_DEAL && (v = crm_record_get(r, "stage")) &&
	    crm_config_probability(c, v) < 0) {
		crm_buf_reset(&b);
		for (i = 0; i < crm_config_nstages(c); i++)
			crm_buf_addf(&b, "%s%s", i ? ", " : "",
				     crm_config_stage(c, i));
		rc = crm_err_set(CRM_EDATA,
				 "%s: field 'stage': '%s' is not a pipeline stage (%s)",
				 where, v, crm_buf_str(&b));
		goto out;
	}
	if (r->kind == CRM_CONTACT && (v = crm_record_get(r, "cadence")) &&
	    crm_span_days(v) <= 0) {
		rc = crm_err_set(CRM_EDATA,
				 "%s: field 'cadence': expected a span such as 30d, 2w, 3m or 1y, not '%s'",
				 where, v);
		goto out;
	}
	if ((v = crm_record_get(r, "probability"))) {
		long long pr;

		if (crm_parse_int(&pr, v, 0, 100, "probability") < 0) {
			rc = crm_err_set(CRM_EDATA,
					 "%s: field 'probability': expected a whole number from 0 to 100, not '%s'",
					 where, v);
			goto out;
		}
	}
	if (r->kind == CRM_LOG) {
		const char *const *lt;

		v = crm_record_get(r, "type");
		for (lt = log_types; *lt; lt++)
			if (strcmp(*lt, v) == 0)
				break;
		if (!*lt) {
			rc = crm_err_set(CRM_EDATA,
					 "%s: field 'type': '%s' is not one of call, email, meeting, note, purchase, refund, support, task",
					 where, v);
			goto out;
		}
	}
	crm_record_sort(r);
out:
	crm_buf_release(&b);
	return rc;
}
