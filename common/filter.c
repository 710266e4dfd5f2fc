/*
 * filter.c: the filter language of crm-find (and --where elsewhere),
 * parsed by recursive descent into a tree that index.c compiles to SQL
 * with bound parameters only, so no input can change a query's shape.
 *
 *   filter  := or
 *   or      := and ("or" and)*
 *   and     := unary (["and"] unary)*      adjacent terms mean "and"
 *   unary   := "not" unary | "(" or ")" | compare | term
 *   compare := FIELD OP value              OP: = != < <= > >= ~ !~
 *   term    := WORD | "quoted phrase"      full text
 *
 * Field names are checked here against the kind's fields, the derived
 * contact fields, crm.yaml and the custom fields the store holds, and
 * values are brought to the field's type (days, times, numbers, folded
 * text).  Errors name the column: "filter:1:14: expected a value after '>'".
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "internal.h"

#define MAX_DEPTH 256
#define MAX_TERMS 400

enum tok { T_END, T_WORD, T_STRING, T_OP, T_LPAREN, T_RPAREN };

struct parser {
	const char *text;
	size_t pos;		/* byte offset of the next token */
	enum tok tok;
	char *val;		/* the token's text */
	size_t tpos;		/* where the token starts */
	enum crm_fop op;
	enum crm_kind kind;
	const struct crm_config *cfg;
	char *const *known;
	int64_t now;
	int depth;
	int terms;
};

/* Derived contact fields: SQL over the stats table (alias s). */
static const struct {
	const char *name;
	const char *sql;
	int type;
} stats[] = {
	{ "revenue", "COALESCE(s.revenue, 0)", CRM_T_MONEY },
	{ "orders", "COALESCE(s.orders, 0)", CRM_T_INT },
	{ "first_purchase", "s.first_purchase", CRM_T_DATE },
	{ "last_purchase", "s.last_purchase", CRM_T_DATE },
	{ "last_contact", "s.last_contact", CRM_T_DATE },
	{ "interactions", "COALESCE(s.interactions, 0)", CRM_T_INT },
	{ "open_tasks", "COALESCE(s.open_tasks, 0)", CRM_T_INT },
};

const char *
crm_filter_stat(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(stats) / sizeof(*stats); i++)
		if (strcmp(stats[i].name, name) == 0)
			return stats[i].sql;
	return NULL;
}

int
crm_filter_stat_type(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(stats) / sizeof(*stats); i++)
		if (strcmp(stats[i].name, name) == 0)
			return stats[i].type;
	return -1;
}

static void
node_free(struct crm_fnode *n)
{
	if (!n)
		return;
	node_free(n->a);
	node_free(n->b);
	free(n->field);
	free(n->via_field);
	free(n->value);
	free(n->value2);
	free(n->text);
	free(n);
}

void
crm_filter_free(struct crm_filter *f)
{
	if (!f)
		return;
	node_free(f->root);
	free(f);
}

/* Column (1-based, in characters) of byte offset pos. */
static size_t
column(const char *text, size_t pos)
{
	size_t i, col = 1;

	for (i = 0; i < pos && text[i]; i++)
		if (((unsigned char)text[i] & 0xc0) != 0x80)
			col++;
	return col;
}

static int
fail(struct parser *p, size_t pos, const char *fmt, const char *arg)
{
	struct crm_buf b = CRM_BUF_INIT;
	int rc;

	crm_buf_addf(&b, fmt, arg);
	rc = crm_err_set(CRM_EUSAGE, "filter:1:%zu: %s", column(p->text, pos),
			 b.buf);
	crm_buf_release(&b);
	return rc;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Characters that end a bare word. */
static int
is_stop(int c)
{
	return !c || is_space(c) || strchr("()=!<>~\"'", c);
}

static const char *const op_text[] = { "=", "!=", "<", "<=", ">", ">=", "~", "!~" };

static int
next(struct parser *p)
{
	const char *s = p->text;
	size_t i;

	free(p->val);
	p->val = NULL;
	while (is_space((unsigned char)s[p->pos]))
		p->pos++;
	p->tpos = i = p->pos;
	switch (s[i]) {
	case '\0':
		p->tok = T_END;
		return 0;
	case '(':
		p->tok = T_LPAREN;
		p->pos++;
		return 0;
	case ')':
		p->tok = T_RPAREN;
		p->pos++;
		return 0;
	case '"':
	case '\'': {
		struct crm_buf b = CRM_BUF_INIT;
		char q = s[i++];

		for (; s[i] && s[i] != q; i++) {
			if (s[i] == '\\' && s[i + 1])
				i++;	/* \" \' \\ */
			crm_buf_addc(&b, s[i]);
		}
		if (!s[i]) {
			crm_buf_release(&b);
			return fail(p, p->tpos, "unterminated string%s", "");
		}
		p->pos = i + 1;
		p->tok = T_STRING;
		p->val = crm_buf_detach(&b);
		return 0;
	}
	case '=': p->op = CRM_OP_EQ; p->pos++; p->tok = T_OP; return 0;
	case '~': p->op = CRM_OP_HAS; p->pos++; p->tok = T_OP; return 0;
	case '<':
	case '>':
		p->op = s[i] == '<' ? CRM_OP_LT : CRM_OP_GT;
		p->pos++;
		if (s[p->pos] == '=') {
			p->op = p->op == CRM_OP_LT ? CRM_OP_LE : CRM_OP_GE;
			p->pos++;
		}
		p->tok = T_OP;
		return 0;
	case '!':
		if (s[i + 1] == '=' || s[i + 1] == '~') {
			p->op = s[i + 1] == '=' ? CRM_OP_NE : CRM_OP_HASNOT;
			p->pos += 2;
			p->tok = T_OP;
			return 0;
		}
		return fail(p, i, "unexpected '!' (did you mean != or !~?)%s", "");
	default:
		while (!is_stop((unsigned char)s[i]))
			i++;
		p->val = crm_xstrndup(s + p->pos, i - p->pos);
		p->pos = i;
		p->tok = T_WORD;
		return 0;
	}
}

static int
is_keyword(const struct parser *p, const char *kw)
{
	return p->tok == T_WORD && strcasecmp(p->val, kw) == 0;
}

/* ---- fields ---- */

static int
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	int d[65], prev, tmp;

	if (la > 64 || lb > 64)
		return 99;
	for (j = 0; j <= lb; j++)
		d[j] = (int)j;
	for (i = 1; i <= la; i++) {
		prev = d[0];
		d[0] = (int)i;
		for (j = 1; j <= lb; j++) {
			tmp = d[j];
			d[j] = a[i - 1] == b[j - 1] ? prev :
			       1 + (prev < d[j] ? (prev < d[j - 1] ? prev : d[j - 1]) :
				    (d[j] < d[j - 1] ? d[j] : d[j - 1]));
			prev = tmp;
		}
	}
	return d[lb];
}

static void
consider(const char **best, int *bd, const char *name, const char *want)
{
	int d = edit_distance(want, name);

	if (d < *bd) {
		*bd = d;
		*best = name;
	}
}

static int
unknown_field(struct parser *p, size_t pos, enum crm_kind k, const char *name)
{
	const struct crm_field_def *d;
	const char *best = NULL;
	char *const *kn;
	int bd = 3;
	size_t i;
	struct crm_buf b = CRM_BUF_INIT;
	int rc;

	for (d = crm_schema_fields(k); d->name; d++)
		consider(&best, &bd, d->name, name);
	if (k == CRM_CONTACT)
		for (i = 0; i < sizeof(stats) / sizeof(*stats); i++)
			consider(&best, &bd, stats[i].name, name);
	for (kn = p->known; kn && *kn; kn++)
		consider(&best, &bd, *kn, name);
	crm_buf_addf(&b, "unknown field '%s' for %ss", name, crm_kind_name(k));
	if (best)
		crm_buf_addf(&b, "; did you mean '%s'?", best);
	rc = fail(p, pos, "%s", b.buf);
	crm_buf_release(&b);
	return rc;
}

/* A custom field: declared in crm.yaml, or held by some record. */
static int
is_known(const struct parser *p, const char *name)
{
	char *const *kn;

	for (kn = p->known; kn && *kn; kn++)
		if (strcmp(*kn, name) == 0)
			return 1;
	return crm_config_declared(p->cfg, name);
}

/*
 * Fills the field part of node n for name on records of kind: source,
 * type, and the reference followed for "org.city" or "contact.name".
 * -1 (with *type) means undeclared custom; CRM_EUSAGE when unknown.
 */
static int
resolve(struct parser *p, struct crm_fnode *n, enum crm_kind k,
	const char *name, size_t pos, int *type)
{
	const char *dot = strchr(name, '.');
	const struct crm_field_def *d;
	const char *canon;

	n->via = -1;
	if (dot) {
		char *ref = crm_xstrndup(name, (size_t)(dot - name));
		int rk = strcmp(ref, "org") == 0 ? CRM_ORG :
			 strcmp(ref, "contact") == 0 ? CRM_CONTACT : -1;
		int rc;

		d = rk >= 0 ? crm_schema_field(k, ref) : NULL;
		if (!d || d->type != CRM_T_REF) {
			rc = fail(p, pos, "'%s' is not a reference this kind has (org. or contact.)",
				  ref);
			free(ref);
			return rc;
		}
		if (strchr(dot + 1, '.')) {
			free(ref);
			return fail(p, pos, "'%s': one reference can be followed, not two",
				    name);
		}
		n->via_field = ref;
		rc = resolve(p, n, rk, dot + 1, pos, type);
		n->via = rk;
		return rc;
	}
	canon = crm_schema_canon(k, name);
	n->field = crm_xstrdup(canon);
	if (k == CRM_CONTACT && (strcmp(canon, "segment") == 0 ||
				 strcmp(canon, "rfm") == 0 ||
				 strcmp(canon, "lifecycle") == 0)) {
		/* membership of a saved or computed segment */
		n->src = CRM_SRC_SEG;
		*type = CRM_T_TEXT;
		return 0;
	}
	if (k == CRM_CONTACT && crm_filter_stat(canon)) {
		n->src = CRM_SRC_STAT;
		*type = crm_filter_stat_type(canon);
		return 0;
	}
	d = crm_schema_field(k, canon);
	if (d) {
		*type = d->type;
		if (strcmp(canon, "id") == 0)
			n->src = CRM_SRC_ID;
		else if ((k == CRM_DEAL && strcmp(canon, "title") == 0) ||
			 (k != CRM_DEAL && k != CRM_LOG && strcmp(canon, "name") == 0))
			n->src = CRM_SRC_NAME;
		else if (d->type == CRM_T_LIST)
			n->src = CRM_SRC_LIST;
		else if (d->type == CRM_T_REF) {
			n->src = CRM_SRC_REF;
			n->ref_kind = strcmp(canon, "org") == 0 ? CRM_ORG :
				      strcmp(canon, "deal") == 0 ? CRM_DEAL : CRM_CONTACT;
		} else if (k == CRM_LOG)
			n->src = CRM_SRC_COL;
		else
			n->src = CRM_SRC_DOC;
		return 0;
	}
	if (!crm_field_name_valid(canon) || !is_known(p, canon))
		return unknown_field(p, pos, k, name);
	*type = crm_config_type(p->cfg, k, canon);
	n->src = *type == CRM_T_LIST ? CRM_SRC_LIST : CRM_SRC_DOC;
	return 0;
}

/* ---- values ---- */

static int
parse_number(double *out, const char *s)
{
	char *end;

	if (!*s || strspn(s, "+-0123456789.") != strlen(s))
		return -1;
	*out = strtod(s, &end);
	return *end || !isfinite(*out) ? -1 : 0;
}

static void
set_day(struct crm_fnode *n, const struct crm_time *t)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_time next = { t->t + 86400, 1 };

	crm_date_format(&b, t);
	n->value = crm_buf_detach(&b);
	crm_date_format(&b, &next);
	n->value2 = crm_buf_detach(&b);
	n->vt = CRM_VT_DAY;
}

/* Brings value v (at pos) to the type the comparison needs. */
static int
set_value(struct parser *p, struct crm_fnode *n, int type, const char *v,
	  int quoted, size_t pos)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_time t;
	int ordered = n->op != CRM_OP_EQ && n->op != CRM_OP_NE &&
		      n->op != CRM_OP_HAS && n->op != CRM_OP_HASNOT;

	if (!*v && (n->op == CRM_OP_EQ || n->op == CRM_OP_NE)) {
		n->vt = CRM_VT_EMPTY;
		n->value = crm_xstrdup("");
		return 0;
	}
	if (n->op == CRM_OP_HAS || n->op == CRM_OP_HASNOT)
		type = CRM_T_TEXT;	/* "contains" is about text */
	if (type < 0) {
		/* undeclared: the value tells, for ordered comparisons */
		if (ordered && !quoted && parse_number(&n->num, v) == 0)
			type = CRM_T_NUMBER;
		else if (ordered && crm_date_parse(&t, v, p->now) == 0)
			type = CRM_T_DATE;
		else
			type = CRM_T_TEXT;
		crm_err_clear();
	}
	switch (type) {
	case CRM_T_NUMBER:
	case CRM_T_INT:
	case CRM_T_MONEY:
		if (parse_number(&n->num, v) < 0)
			return fail(p, pos, "expected a number, not '%s'", v);
		n->vt = type == CRM_T_MONEY ? CRM_VT_MONEY : CRM_VT_NUM;
		n->value = crm_xstrdup(v);
		return 0;
	case CRM_T_DATE:
		if (crm_date_parse(&t, v, p->now) < 0) {
			crm_err_clear();
			return fail(p, pos, "expected a date (2026-11-02, today, -30d), not '%s'",
				    v);
		}
		if (t.date_only) {
			set_day(n, &t);
		} else {
			crm_date_format(&b, &t);
			n->value = crm_buf_detach(&b);
			n->vt = CRM_VT_TIME;
		}
		return 0;
	case CRM_T_BOOL:
		if (strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0)
			n->num = 1;
		else if (strcasecmp(v, "false") == 0 || strcasecmp(v, "no") == 0)
			n->num = 0;
		else
			return fail(p, pos, "expected true or false, not '%s'", v);
		if (ordered)
			return fail(p, pos, "true and false do not compare with '%s'",
				    op_text[n->op]);
		n->vt = CRM_VT_BOOL;
		return 0;
	default:
		crm_text_fold(&b, v);
		n->value = crm_buf_detach(&b);
		n->vt = CRM_VT_TEXT;
		return 0;
	}
}

/* ---- grammar ---- */

static int parse_or(struct parser *p, struct crm_fnode **out);

/*
 * The value of segment=NAME, rfm=LABEL or lifecycle=LABEL: = and != only,
 * a segment name or one of the method's labels.  The node's value is the
 * key of temp.crm_seg, "field=value".
 */
static int
segment_value(struct parser *p, struct crm_fnode *n)
{
	const char *const *labels;
	struct crm_buf b = CRM_BUF_INIT;
	size_t i;

	if (n->op != CRM_OP_EQ && n->op != CRM_OP_NE)
		return fail(p, p->tpos, "segments are tested with = and !=, not '%s'",
			    op_text[n->op]);
	if (strcmp(n->field, "segment") == 0) {
		if (!crm_segment_name_valid(p->val))
			return fail(p, p->tpos,
				    "'%s' is not a segment name (lowercase letters, digits, '-' and '_')",
				    p->val);
	} else {
		labels = crm_segment_labels(n->field);
		for (i = 0; labels[i]; i++)
			if (strcmp(labels[i], p->val) == 0)
				break;
		if (!labels[i]) {
			int rc;

			crm_buf_addf(&b, "unknown %s '%s' (expected ", n->field, p->val);
			for (i = 0; labels[i]; i++)
				crm_buf_addf(&b, "%s%s", i ? ", " : "", labels[i]);
			crm_buf_addc(&b, ')');
			rc = fail(p, p->tpos, "%s", b.buf);
			crm_buf_release(&b);
			return rc;
		}
	}
	n->vt = CRM_VT_TEXT;
	n->value = crm_xasprintf("%s=%s", n->field, p->val);
	return 0;
}

static struct crm_fnode *
node(enum crm_fnode_type t, struct crm_fnode *a, struct crm_fnode *b)
{
	struct crm_fnode *n = crm_xcalloc(1, sizeof(*n));

	n->type = t;
	n->a = a;
	n->b = b;
	n->via = -1;
	return n;
}

/* An FTS5 query for one word or phrase: quoted, so it is never syntax. */
static struct crm_fnode *
text_node(const char *s, int phrase)
{
	struct crm_fnode *n = node(CRM_FN_TEXT, NULL, NULL);
	struct crm_buf b = CRM_BUF_INIT;
	size_t len = strlen(s);
	int prefix = !phrase && len > 1 && s[len - 1] == '*';

	crm_buf_addc(&b, '"');
	for (; *s; s++) {
		if (prefix && s[1] == '\0')
			break;
		if (*s == '"')
			crm_buf_addc(&b, '"');
		crm_buf_addc(&b, *s);
	}
	crm_buf_addc(&b, '"');
	if (prefix)
		crm_buf_adds(&b, " *");
	n->text = crm_buf_detach(&b);
	return n;
}

/*
 * "phone = 01 23 45 67 89" also finds the number as stored, in E.164
 * (crm_record_normalise): the comparison *n becomes "either" for '=',
 * "neither" for '!='.
 */
static int
phone_too(struct parser *p, struct crm_fnode **n, const char *word, size_t pos)
{
	struct crm_buf e = CRM_BUF_INIT;
	struct crm_fnode *m;
	int rc = 0, type = -1;

	if (((*n)->op != CRM_OP_EQ && (*n)->op != CRM_OP_NE) || !(*n)->field ||
	    strcmp((*n)->field, "phone") != 0 || (*n)->via >= 0 ||
	    (*n)->vt == CRM_VT_EMPTY ||
	    !crm_phone_e164(&e, p->val, p->cfg ? crm_config_country(p->cfg) : NULL) ||
	    strcmp(e.buf, p->val) == 0) {
		crm_buf_release(&e);
		return 0;
	}
	m = node(CRM_FN_CMP, NULL, NULL);
	m->op = (*n)->op;
	if ((rc = resolve(p, m, p->kind, word, pos, &type)) < 0 ||
	    (rc = set_value(p, m, type, e.buf, 1, p->tpos)) < 0) {
		node_free(m);
	} else {
		*n = node((*n)->op == CRM_OP_EQ ? CRM_FN_OR : CRM_FN_AND, *n, m);
	}
	crm_buf_release(&e);
	return rc;
}

static int
parse_unary(struct parser *p, struct crm_fnode **out)
{
	struct crm_fnode *n = NULL, *a = NULL;
	size_t pos = p->tpos;
	int rc, type = -1, quoted;
	char *word;

	*out = NULL;
	if (++p->depth > MAX_DEPTH)
		return fail(p, pos, "nested more than 256 levels%s", "");
	if (++p->terms > MAX_TERMS)
		return fail(p, pos, "more than 400 terms%s", "");
	if (is_keyword(p, "not")) {
		if ((rc = next(p)) < 0 || (rc = parse_unary(p, &a)) < 0) {
			node_free(a);
			return rc;
		}
		if (a->type == CRM_FN_NOT) {
			/* "not not x" is x */
			*out = a->a;
			a->a = NULL;
			node_free(a);
		} else {
			*out = node(CRM_FN_NOT, a, NULL);
		}
		p->depth--;
		return 0;
	}
	if (p->tok == T_LPAREN) {
		if ((rc = next(p)) < 0 || (rc = parse_or(p, &a)) < 0) {
			node_free(a);
			return rc;
		}
		if (p->tok != T_RPAREN) {
			node_free(a);
			return fail(p, p->tpos, "expected ')'%s", "");
		}
		if ((rc = next(p)) < 0) {
			node_free(a);
			return rc;
		}
		*out = a;
		p->depth--;
		return 0;
	}
	if (p->tok == T_STRING) {
		/* a quoted phrase alone: full text */
		*out = text_node(p->val, 1);
		p->depth--;
		if ((rc = next(p)) < 0) {
			node_free(*out);
			*out = NULL;
		}
		return rc;
	}
	if (p->tok != T_WORD) {
		if (p->tok == T_END)
			return fail(p, pos, "expected a field, a word or '('%s", "");
		if (p->tok == T_OP)
			return fail(p, pos, "expected a field name before '%s'",
				    op_text[p->op]);
		return fail(p, pos, "unexpected ')'%s", "");
	}
	word = p->val;
	p->val = NULL;
	if ((rc = next(p)) < 0) {
		free(word);
		return rc;
	}
	if (p->tok != T_OP) {
		/* a bare word: full text */
		*out = text_node(word, 0);
		free(word);
		p->depth--;
		return 0;
	}
	n = node(CRM_FN_CMP, NULL, NULL);
	n->op = p->op;
	if ((rc = resolve(p, n, p->kind, word, pos, &type)) < 0)
		goto bad;
	n->ftype = type;
	if ((rc = next(p)) < 0)
		goto bad;
	if (p->tok != T_WORD && p->tok != T_STRING) {
		rc = fail(p, p->tpos, "expected a value after '%s'", op_text[n->op]);
		goto bad;
	}
	if (n->src == CRM_SRC_SEG) {
		if ((rc = segment_value(p, n)) < 0 || (rc = next(p)) < 0)
			goto bad;
		free(word);
		*out = n;
		p->depth--;
		return 0;
	}
	quoted = p->tok == T_STRING;
	if ((rc = set_value(p, n, type, p->val, quoted, p->tpos)) < 0)
		goto bad;
	if ((rc = phone_too(p, &n, word, pos)) < 0 || (rc = next(p)) < 0)
		goto bad;
	free(word);
	*out = n;
	p->depth--;
	return 0;
bad:
	free(word);
	node_free(n);
	return rc;
}

static int
parse_and(struct parser *p, struct crm_fnode **out)
{
	struct crm_fnode *a = NULL, *b = NULL;
	int rc;

	if ((rc = parse_unary(p, &a)) < 0)
		return rc;
	for (;;) {
		if (is_keyword(p, "and")) {
			if ((rc = next(p)) < 0)
				break;
		} else if (p->tok == T_END || p->tok == T_RPAREN ||
			   is_keyword(p, "or")) {
			break;
		}
		/* "a b" means "a and b" */
		if ((rc = parse_unary(p, &b)) < 0)
			break;
		a = node(CRM_FN_AND, a, b);
		b = NULL;
	}
	if (rc < 0) {
		node_free(a);
		node_free(b);	/* a term that failed after it was built */
		return rc;
	}
	*out = a;
	return 0;
}

static int
parse_or(struct parser *p, struct crm_fnode **out)
{
	struct crm_fnode *a = NULL, *b = NULL;
	int rc;

	if ((rc = parse_and(p, &a)) < 0)
		return rc;
	while (is_keyword(p, "or")) {
		if ((rc = next(p)) < 0 || (rc = parse_and(p, &b)) < 0) {
			node_free(a);
			return rc;
		}
		a = node(CRM_FN_OR, a, b);
		b = NULL;
	}
	*out = a;
	return 0;
}

/*
 * How deep the SQL of n nests: chains of one operator are flat there
 * (index.c), each change of operator and each "not" is a level.  SQLite
 * parses only so deep.
 */
static int
sql_depth(const struct crm_fnode *n)
{
	int a, b;

	switch (n->type) {
	case CRM_FN_AND:
	case CRM_FN_OR:
		a = n->a->type == n->type ? sql_depth(n->a) - 1 : sql_depth(n->a);
		b = n->b->type == n->type ? sql_depth(n->b) - 1 : sql_depth(n->b);
		return 1 + (a > b ? a : b);
	case CRM_FN_NOT:
		return 2 + sql_depth(n->a);
	case CRM_FN_TEXT:
		return 5;	/* a union of nested subqueries */
	default:
		return 3;
	}
}

int
crm_filter_parse(struct crm_filter **out, const char *text, enum crm_kind kind,
		 const struct crm_config *c, char *const *known, int64_t now)
{
	struct parser p;
	struct crm_fnode *root = NULL;
	int rc;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.text = text ? text : "";
	p.kind = kind;
	p.cfg = c;
	p.known = known;
	p.now = now;
	if (strlen(p.text) > 65536)
		return crm_err_set(CRM_EUSAGE, "filter: longer than 64 KiB");
	if (!crm_text_valid(p.text, strlen(p.text)))
		return crm_err_set(CRM_EUSAGE, "filter: not valid UTF-8");
	if ((rc = next(&p)) < 0)
		goto out;
	if (p.tok != T_END) {
		if ((rc = parse_or(&p, &root)) < 0)
			goto out;
		if (p.tok != T_END) {
			rc = p.tok == T_RPAREN ?
			     fail(&p, p.tpos, "unexpected ')'%s", "") :
			     fail(&p, p.tpos, "unexpected '%s'",
				  p.tok == T_OP ? op_text[p.op] : p.val ? p.val : "?");
			goto out;
		}
	}
	if (root && sql_depth(root) > 40) {
		rc = crm_err_set(CRM_EUSAGE,
				 "filter: and, or and not nest too deeply (more than 40 levels)");
		goto out;
	}
	*out = crm_xcalloc(1, sizeof(**out));
	(*out)->kind = kind;
	(*out)->root = root;
	(*out)->money_exp = crm_money_exponent(crm_config_currency(c));
	root = NULL;
out:
	node_free(root);
	free(p.val);
	return rc;
}

int
crm_filter_field(struct crm_fnode **out, const char *name, enum crm_kind kind,
		 const struct crm_config *c, char *const *known)
{
	struct parser p;
	struct crm_fnode *n = node(CRM_FN_CMP, NULL, NULL);
	int rc, type = -1;

	memset(&p, 0, sizeof(p));
	p.text = name;
	p.kind = kind;
	p.cfg = c;
	p.known = known;
	rc = resolve(&p, n, kind, name, 0, &type);
	n->ftype = type;
	if (rc == 0 && n->src == CRM_SRC_SEG)
		rc = crm_err_set(CRM_EUSAGE,
				 "'%s' is computed by crm-segment: filter on it, or run crm-segment %s",
				 name, strcmp(n->field, "segment") == 0 ? "NAME" : n->field);
	if (rc < 0) {
		node_free(n);
		/* "filter:1:1: unknown field" reads oddly for -o and --sort */
		return crm_err_set(CRM_EUSAGE, "%s", strstr(crm_err_msg(), ": ") ?
				   strstr(crm_err_msg(), ": ") + 2 : crm_err_msg());
	}
	n->vt = type == CRM_T_MONEY ? CRM_VT_MONEY :
		type == CRM_T_NUMBER || type == CRM_T_INT ? CRM_VT_NUM :
		type == CRM_T_DATE ? CRM_VT_TIME : CRM_VT_TEXT;
	*out = n;
	return 0;
}

void
crm_fnode_free(struct crm_fnode *n)
{
	node_free(n);
}
