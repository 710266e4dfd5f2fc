/*
 * config.c: the store's settings, crm.yaml at the root of the store:
 * schema version, default currency, the deal pipeline with each stage's
 * default probability, and the types of custom fields.
 */
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "internal.h"

#define CRM_SCHEMA 1

struct stage {
	char *name;
	int prob;
};

struct custom {
	char *name;
	enum crm_type type;
};

struct cadence {
	char *tag;	/* folded */
	char *every;	/* "30d" */
	long days;
};

struct crm_config {
	char **me;		/* the store's own addresses, folded */
	size_t nme;
	long schema;
	size_t ncad;
	struct cadence *cad;
	char *currency;
	char *country;		/* ISO 3166 code for national phone numbers */
	size_t nstages;
	struct stage *stages;
	size_t nfields;
	struct custom *fields;
	long life[3];		/* lifecycle windows in days, 0: default */
	char *life_text[3];	/* as written ("90d") */
	char **expected[CRM_NKINDS];	/* fields each kind should have */
	size_t nexpected[CRM_NKINDS];
};

/* The lifecycle windows of crm-segment(1) and their defaults in days. */
static const char *const life_names[3] = { "new", "active", "passive" };
static const long life_default[3] = { 90, 180, 365 };

static const struct stage default_stages[] = {
	{ "lead", 10 }, { "qualified", 25 }, { "proposal", 50 },
	{ "negotiation", 75 }, { "won", 100 }, { "lost", 0 },
};

static void
clear(struct crm_config *c)
{
	size_t i;
	int k;

	free(c->currency);
	free(c->country);
	c->country = NULL;
	for (i = 0; i < c->nstages; i++)
		free(c->stages[i].name);
	free(c->stages);
	for (i = 0; i < c->nfields; i++)
		free(c->fields[i].name);
	free(c->fields);
	for (i = 0; i < c->ncad; i++) {
		free(c->cad[i].tag);
		free(c->cad[i].every);
	}
	free(c->cad);
	for (i = 0; i < c->nme; i++)
		free(c->me[i]);
	free(c->me);
	for (i = 0; i < 3; i++)
		free(c->life_text[i]);
	for (k = 0; k < CRM_NKINDS; k++) {
		for (i = 0; i < c->nexpected[k]; i++)
			free(c->expected[k][i]);
		free(c->expected[k]);
	}
	memset(c, 0, sizeof(*c));
}

static void
set_defaults(struct crm_config *c)
{
	size_t i, n = sizeof(default_stages) / sizeof(*default_stages);

	c->schema = CRM_SCHEMA;
	c->currency = crm_xstrdup("EUR");
	c->stages = crm_xcalloc(n, sizeof(*c->stages));
	for (i = 0; i < n; i++) {
		c->stages[i].name = crm_xstrdup(default_stages[i].name);
		c->stages[i].prob = default_stages[i].prob;
	}
	c->nstages = n;
}

struct crm_config *
crm_config_new(void)
{
	struct crm_config *c = crm_xcalloc(1, sizeof(*c));

	set_defaults(c);
	return c;
}

void
crm_config_free(struct crm_config *c)
{
	if (!c)
		return;
	clear(c);
	free(c);
}

static int
bad(const char *name, const struct crm_node *n, const char *what)
{
	return crm_err_set(CRM_EDATA, "%s:%ld: %s", name, n->line, what);
}

static int
currency_valid(const char *s)
{
	return strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' &&
	       s[1] >= 'A' && s[1] <= 'Z' && s[2] >= 'A' && s[2] <= 'Z';
}

long
crm_span_days(const char *s)
{
	long long n;
	char unit;
	size_t len = strlen(s);
	char *num;
	int rc;

	if (len < 2)
		return -1;
	unit = s[len - 1];
	num = crm_xstrndup(s, len - 1);
	rc = crm_parse_int(&n, num, 1, 100000, "span");
	free(num);
	crm_err_clear();
	if (rc < 0)
		return -1;
	switch (unit) {
	case 'd': return (long)n;
	case 'w': return (long)n * 7;
	case 'm': return (long)n * 30;
	case 'y': return (long)n * 365;
	default: return -1;
	}
}

int
crm_config_parse(struct crm_config *c, const char *text, size_t len,
		 const char *name)
{
	struct crm_node *root = NULL;
	const struct crm_node *n;
	struct crm_config nc;
	long long v;
	size_t i;
	int rc;

	memset(&nc, 0, sizeof(nc));
	rc = crm_yaml_load(&root, text, len, name);
	if (rc < 0)
		return rc;
	set_defaults(&nc);
	if (!root)
		goto done;
	if (root->type != CRM_NODE_MAP) {
		rc = bad(name, root, "expected a mapping of settings");
		goto out;
	}
	if ((n = crm_node_get(root, "schema"))) {
		if (n->type != CRM_NODE_SCALAR ||
		    crm_parse_int(&v, n->scalar, 1, 1000000, "schema") < 0) {
			rc = bad(name, n, "field 'schema': expected a number");
			goto out;
		}
		if (v > CRM_SCHEMA) {
			rc = bad(name, n,
				 "field 'schema': this store needs a newer crm");
			goto out;
		}
		nc.schema = (long)v;
	}
	if ((n = crm_node_get(root, "currency"))) {
		if (n->type != CRM_NODE_SCALAR || !currency_valid(n->scalar)) {
			rc = bad(name, n,
				 "field 'currency': expected an ISO 4217 code such as EUR");
			goto out;
		}
		free(nc.currency);
		nc.currency = crm_xstrdup(n->scalar);
	}
	if ((n = crm_node_get(root, "country"))) {
		if (n->type != CRM_NODE_SCALAR || !crm_phone_country_known(n->scalar)) {
			rc = bad(name, n,
				 "field 'country': expected the ISO 3166 code of a country crm knows the calling code of, such as FR (see crm-store(5))");
			goto out;
		}
		free(nc.country);
		nc.country = crm_xstrdup(n->scalar);
	}
	if ((n = crm_node_get(root, "pipeline"))) {
		if (n->type != CRM_NODE_MAP || n->n == 0) {
			rc = bad(name, n,
				 "field 'pipeline': expected stages with their probability");
			goto out;
		}
		for (i = 0; i < nc.nstages; i++)
			free(nc.stages[i].name);
		free(nc.stages);
		nc.stages = crm_xcalloc(n->n, sizeof(*nc.stages));
		nc.nstages = 0;
		for (i = 0; i < n->n; i++) {
			const struct crm_node *p = n->kids[i];

			if (p->type != CRM_NODE_SCALAR ||
			    crm_parse_int(&v, p->scalar, 0, 100,
					  "probability") < 0) {
				rc = bad(name, p,
					 "pipeline stage: expected a probability from 0 to 100");
				goto out;
			}
			nc.stages[i].name = crm_xstrdup(n->keys[i]);
			nc.stages[i].prob = (int)v;
			nc.nstages++;
		}
	}
	if ((n = crm_node_get(root, "fields"))) {
		if (n->type != CRM_NODE_MAP) {
			rc = bad(name, n,
				 "field 'fields': expected field names with their types");
			goto out;
		}
		nc.fields = crm_xcalloc(n->n ? n->n : 1, sizeof(*nc.fields));
		for (i = 0; i < n->n; i++) {
			const struct crm_node *p = n->kids[i];
			int t;

			if (p->type != CRM_NODE_SCALAR ||
			    (t = crm_type_parse(p->scalar)) < 0 ||
			    t == CRM_T_REF) {
				rc = bad(name, p,
					 "field type: expected text, list, number, int, money, date or bool");
				goto out;
			}
			if (!crm_field_name_valid(n->keys[i])) {
				rc = bad(name, p,
					 "field names are lowercase letters, digits, '_' and '-', starting with a letter");
				goto out;
			}
			nc.fields[i].name = crm_xstrdup(n->keys[i]);
			nc.fields[i].type = t;
			nc.nfields++;
		}
	}
	if ((n = crm_node_get(root, "me"))) {
		/* the addresses mail comes from when we send it */
		const struct crm_node *one = n;
		size_t cnt = n->type == CRM_NODE_SEQ ? n->n : 1;

		if (n->type == CRM_NODE_MAP) {
			rc = bad(name, n, "field 'me': expected an address or a list of them");
			goto out;
		}
		nc.me = crm_xcalloc(cnt, sizeof(*nc.me));
		for (i = 0; i < cnt; i++) {
			struct crm_buf f = CRM_BUF_INIT;

			if (n->type == CRM_NODE_SEQ)
				one = n->kids[i];
			if (one->type != CRM_NODE_SCALAR || !strchr(one->scalar, '@')) {
				rc = bad(name, one, "field 'me': expected email addresses");
				goto out;
			}
			crm_text_fold(&f, one->scalar);
			nc.me[nc.nme++] = crm_buf_detach(&f);
		}
	}
	if ((n = crm_node_get(root, "cadence"))) {
		/* stay in touch: tag -> every how long ("vip: 30d") */
		if (n->type != CRM_NODE_MAP) {
			rc = bad(name, n,
				 "field 'cadence': expected tags with a span such as 30d");
			goto out;
		}
		nc.cad = crm_xcalloc(n->n ? n->n : 1, sizeof(*nc.cad));
		for (i = 0; i < n->n; i++) {
			const struct crm_node *p = n->kids[i];
			long days = p->type == CRM_NODE_SCALAR ?
				    crm_span_days(p->scalar) : -1;
			struct crm_buf f = CRM_BUF_INIT;

			if (days <= 0) {
				rc = bad(name, p,
					 "cadence: expected a span such as 30d, 2w or 3m");
				goto out;
			}
			if (strncmp(n->keys[i], "segment=", 8) == 0 &&
			    !crm_segment_name_valid(n->keys[i] + 8)) {
				rc = bad(name, p,
					 "cadence: segment=NAME names a saved segment (lowercase letters, digits, '-' and '_')");
				goto out;
			}
			crm_text_fold(&f, n->keys[i]);
			nc.cad[i].tag = crm_buf_detach(&f);
			nc.cad[i].every = crm_xstrdup(p->scalar);
			nc.cad[i].days = days;
			nc.ncad++;
		}
	}
	if ((n = crm_node_get(root, "lifecycle"))) {
		/* the windows of the lifecycle stages ("new: 60d") */
		if (n->type != CRM_NODE_MAP) {
			rc = bad(name, n,
				 "field 'lifecycle': expected new, active and passive with a span such as 90d");
			goto out;
		}
		for (i = 0; i < n->n; i++) {
			const struct crm_node *p = n->kids[i];
			long days = p->type == CRM_NODE_SCALAR ?
				    crm_span_days(p->scalar) : -1;
			size_t k;

			for (k = 0; k < 3; k++)
				if (strcmp(n->keys[i], life_names[k]) == 0)
					break;
			if (k == 3) {
				rc = bad(name, p,
					 "lifecycle: expected the windows new, active and passive");
				goto out;
			}
			if (days <= 0) {
				rc = bad(name, p,
					 "lifecycle: expected a span such as 90d, 12w or 6m");
				goto out;
			}
			free(nc.life_text[k]);
			nc.life_text[k] = crm_xstrdup(p->scalar);
			nc.life[k] = days;
		}
		if (crm_config_window(&nc, "active") >
		    crm_config_window(&nc, "passive")) {
			rc = bad(name, n,
				 "lifecycle: the active window cannot be longer than the passive one");
			goto out;
		}
	}
	if ((n = crm_node_get(root, "expected"))) {
		/* the fields crm-report quality counts as missing */
		if (n->type != CRM_NODE_MAP) {
			rc = bad(name, n,
				 "field 'expected': expected kinds (contact, org, deal) with lists of fields");
			goto out;
		}
		for (i = 0; i < n->n; i++) {
			const struct crm_node *p = n->kids[i];
			int k = crm_kind_parse(n->keys[i]);
			size_t j, cnt;

			if (k < 0 || k == CRM_LOG) {
				rc = bad(name, p,
					 "expected: the kinds are contact, org and deal");
				goto out;
			}
			if (p->type == CRM_NODE_MAP) {
				rc = bad(name, p,
					 "expected: a field name or a list of them");
				goto out;
			}
			cnt = p->type == CRM_NODE_SEQ ? p->n : 1;
			for (j = 0; j < nc.nexpected[k]; j++)
				free(nc.expected[k][j]);
			free(nc.expected[k]);
			nc.expected[k] = crm_xcalloc(cnt ? cnt : 1,
						     sizeof(char *));
			nc.nexpected[k] = 0;
			for (j = 0; j < cnt; j++) {
				const struct crm_node *f =
					p->type == CRM_NODE_SEQ ? p->kids[j] : p;
				const char *fn = f->type == CRM_NODE_SCALAR ?
						 crm_schema_canon(k, f->scalar) : NULL;

				if (!fn || (!crm_schema_field(k, fn) &&
					    !crm_field_name_valid(fn))) {
					rc = bad(name, f,
						 "expected: field names are lowercase letters, digits, '_' and '-', starting with a letter");
					goto out;
				}
				nc.expected[k][nc.nexpected[k]++] = crm_xstrdup(fn);
			}
		}
	}
done:
	clear(c);
	*c = nc;
	memset(&nc, 0, sizeof(nc));
out:
	clear(&nc);
	crm_node_free(root);
	return rc;
}

/* A key as YAML: plain when safe, else double-quoted (JSON escapes). */
static void
add_key(struct crm_buf *out, const char *k)
{
	size_t n = strlen(k);
	const char *p;
	int plain = n > 0 && !crm_yaml_ambiguous(k) && k[n - 1] != ' ' &&
		    strchr("-?:,[]{}#&*!|>'\"%@` ", k[0]) == NULL;

	for (p = k; plain && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == '#' || *p == ':' ||
		    (unsigned char)*p >= 0x7f)
			plain = 0;
	if (plain)
		crm_buf_adds(out, k);
	else
		crm_json_string(out, k);
}

void
crm_config_write(struct crm_buf *out, const struct crm_config *c)
{
	size_t i;

	crm_buf_adds(out, "# crm store settings: see crm-store(5)\n");
	crm_buf_addf(out, "schema: %ld\n", c->schema);
	crm_buf_addf(out, "currency: %s\n", c->currency);
	if (c->country)
		crm_buf_addf(out, "country: %s\n", c->country);
	crm_buf_adds(out, "pipeline:\n");
	for (i = 0; i < c->nstages; i++) {
		crm_buf_adds(out, "  ");
		add_key(out, c->stages[i].name);
		crm_buf_addf(out, ": %d\n", c->stages[i].prob);
	}
	if (c->nme) {
		crm_buf_adds(out, "me: [");
		for (i = 0; i < c->nme; i++) {
			if (i)
				crm_buf_adds(out, ", ");
			crm_json_string(out, c->me[i]);
		}
		crm_buf_adds(out, "]\n");
	}
	if (c->ncad) {
		crm_buf_adds(out, "cadence:\n");
		for (i = 0; i < c->ncad; i++) {
			crm_buf_adds(out, "  ");
			add_key(out, c->cad[i].tag);
			crm_buf_addf(out, ": %s\n", c->cad[i].every);
		}
	}
	if (c->life_text[0] || c->life_text[1] || c->life_text[2]) {
		crm_buf_adds(out, "lifecycle:\n");
		for (i = 0; i < 3; i++)
			if (c->life_text[i])
				crm_buf_addf(out, "  %s: %s\n", life_names[i],
					     c->life_text[i]);
	}
	{
		int k, any = 0;

		for (k = 0; k < CRM_NKINDS; k++) {
			if (!c->nexpected[k])
				continue;
			if (!any++)
				crm_buf_adds(out, "expected:\n");
			crm_buf_addf(out, "  %s: [", crm_kind_name(k));
			for (i = 0; i < c->nexpected[k]; i++) {
				if (i)
					crm_buf_adds(out, ", ");
				add_key(out, c->expected[k][i]);
			}
			crm_buf_adds(out, "]\n");
		}
	}
	if (c->nfields) {
		crm_buf_adds(out, "fields:\n");
		for (i = 0; i < c->nfields; i++) {
			crm_buf_adds(out, "  ");
			add_key(out, c->fields[i].name);
			crm_buf_addf(out, ": %s\n",
				     crm_type_name(c->fields[i].type));
		}
	}
}

size_t
crm_config_nexpected(const struct crm_config *c, enum crm_kind k)
{
	return (unsigned)k < CRM_NKINDS ? c->nexpected[k] : 0;
}

const char *
crm_config_expected(const struct crm_config *c, enum crm_kind k, size_t i)
{
	return i < crm_config_nexpected(c, k) ? c->expected[k][i] : NULL;
}

const char *
crm_config_country(const struct crm_config *c)
{
	return c->country;
}

const char *
crm_config_currency(const struct crm_config *c)
{
	return c->currency;
}

size_t
crm_config_nstages(const struct crm_config *c)
{
	return c->nstages;
}

const char *
crm_config_stage(const struct crm_config *c, size_t i)
{
	return i < c->nstages ? c->stages[i].name : NULL;
}

int
crm_config_probability(const struct crm_config *c, const char *stage)
{
	size_t i;

	for (i = 0; i < c->nstages; i++)
		if (strcmp(c->stages[i].name, stage) == 0)
			return c->stages[i].prob;
	return -1;
}

int
crm_config_type(const struct crm_config *c, enum crm_kind k,
		const char *name)
{
	const struct crm_field_def *d = crm_schema_field(k, name);
	size_t i;

	if (d)
		return d->type;
	for (i = 0; c && i < c->nfields; i++)
		if (strcmp(c->fields[i].name, name) == 0)
			return c->fields[i].type;
	return -1;
}

long
crm_config_window(const struct crm_config *c, const char *name)
{
	size_t k;

	for (k = 0; k < 3; k++)
		if (strcmp(name, life_names[k]) == 0)
			return c && c->life[k] ? c->life[k] : life_default[k];
	return -1;
}

size_t
crm_config_ncadence(const struct crm_config *c)
{
	return c->ncad;
}

const char *
crm_config_cadence_key(const struct crm_config *c, size_t i,
		       const char **every)
{
	if (i >= c->ncad)
		return NULL;
	*every = c->cad[i].every;
	return c->cad[i].tag;
}

int
crm_config_has_cadence(const struct crm_config *c)
{
	return c->ncad > 0;
}

const char *
crm_config_cadence(const struct crm_config *c, const char *tags)
{
	struct crm_buf t = CRM_BUF_INIT;
	const char *best = NULL, *p, *sep;
	long days = 0;
	size_t i;

	for (p = tags; p && *p; p = sep ? sep + 1 : p + strlen(p)) {
		sep = strchr(p, '\x1f');
		crm_buf_reset(&t);
		crm_buf_add(&t, p, sep ? (size_t)(sep - p) : strlen(p));
		{
			struct crm_buf f = CRM_BUF_INIT;

			crm_text_fold(&f, t.buf);
			for (i = 0; i < c->ncad; i++)
				if (strcmp(c->cad[i].tag, f.buf) == 0 &&
				    (!best || c->cad[i].days < days)) {
					best = c->cad[i].every;
					days = c->cad[i].days;
				}
			crm_buf_release(&f);
		}
		if (!sep)
			break;
	}
	crm_buf_release(&t);
	return best;
}

int
crm_config_declared(const struct crm_config *c, const char *name)
{
	size_t i;

	for (i = 0; c && i < c->nfields; i++)
		if (strcmp(c->fields[i].name, name) == 0)
			return 1;
	return 0;
}

int
crm_config_is_me(const struct crm_config *c, const char *addr)
{
	struct crm_buf f = CRM_BUF_INIT;
	size_t i;
	int yes = 0;

	crm_text_fold(&f, addr);
	for (i = 0; i < c->nme && !yes; i++)
		yes = strcmp(c->me[i], f.buf) == 0;
	crm_buf_release(&f);
	return yes;
}
