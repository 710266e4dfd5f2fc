/*
 * dedupe.c: likely duplicate contacts (crm dedupe).  Pairs are never
 * looked for among all pairs: the contacts are read once from the index
 * and sorted by each key that two records of one person share (an
 * email, a phone number's last nine digits, a name within one
 * organisation, an email domain), and only records next to each other
 * in one of those orders are compared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "internal.h"

struct who {
	char *id, *name, *fold, *org, *created;
	char *emails, *phones;	/* values joined by 0x1f */
};

struct key {
	char *k;
	size_t i;
};

struct dd {
	struct who *w;
	size_t n;
	struct key *keys;
	size_t nkeys, akeys;
	struct crm_map *pairs;	/* "a b" -> "score\treason; reason" */
	char **order;		/* the pairs' keys, as found */
	size_t norder;
};

static void
add_key(struct dd *d, char *k, size_t i)
{
	if (d->nkeys == d->akeys) {
		d->akeys = d->akeys ? 2 * d->akeys : 1024;
		d->keys = crm_xrealloc(d->keys, d->akeys * sizeof(*d->keys));
	}
	d->keys[d->nkeys].k = k;
	d->keys[d->nkeys++].i = i;
}

static int
key_cmp(const void *x, const void *y)
{
	const struct key *a = x, *b = y;
	int c = strcmp(a->k, b->k);

	return c ? c : (a->i > b->i) - (a->i < b->i);
}

static void
free_keys(struct dd *d)
{
	size_t i;

	for (i = 0; i < d->nkeys; i++)
		free(d->keys[i].k);
	d->nkeys = 0;
}

/* Mail services anyone can sign up with: a shared domain says nothing. */
static int
free_mail(const char *domain)
{
	static const char *const names[] = {
		"gmail", "googlemail", "yahoo", "ymail", "hotmail", "outlook",
		"live", "msn", "icloud", "me", "mac", "aol", "gmx", "web",
		"orange", "free", "wanadoo", "laposte", "yandex", "mail",
		"proton", "protonmail", "zoho", "t-online", "libero", "qq",
	};
	size_t n = strcspn(domain, "."), i;

	for (i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strlen(names[i]) == n && strncmp(domain, names[i], n) == 0)
			return 1;
	return 0;
}

/* Levenshtein distance of a and b, or max + 1 once it exceeds max. */
static size_t
distance(const char *a, const char *b, size_t max)
{
	size_t la = strlen(a), lb = strlen(b), i, j, row[128], prev, best;

	if ((la > lb ? la - lb : lb - la) > max)
		return max + 1;
	if (lb >= sizeof(row) / sizeof(*row))
		return strcmp(a, b) ? max + 1 : 0;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		best = row[0];
		for (j = 1; j <= lb; j++) {
			size_t cur = row[j], v = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < v)
				v = row[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			prev = cur;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
	}
	return row[lb];
}

/* Notes that records i and j look alike, for reason, at score. */
static void
pair(struct dd *d, size_t i, size_t j, int score, const char *reason)
{
	struct crm_buf k = CRM_BUF_INIT, v = CRM_BUF_INIT;
	const char *old;
	size_t a = i, b = j;

	if (i == j)
		return;
	/* the older record first: the one to keep, as a rule */
	if (strcmp(d->w[j].created, d->w[i].created) < 0 ||
	    (strcmp(d->w[j].created, d->w[i].created) == 0 &&
	     strcmp(d->w[j].id, d->w[i].id) < 0)) {
		a = j;
		b = i;
	}
	crm_buf_addf(&k, "%zu %zu", a, b);
	if ((old = crm_map_get(d->pairs, k.buf))) {
		int s = atoi(old);
		const char *r = strchr(old, '\t') + 1;

		if (strstr(r, reason)) {
			crm_buf_release(&k);
			return;
		}
		/* another reason for the same pair: surer */
		s = (s > score ? s : score) + 5;
		crm_buf_addf(&v, "%d\t%s; %s", s > 100 ? 100 : s, r, reason);
	} else {
		crm_buf_addf(&v, "%d\t%s", score, reason);
		d->order = crm_xrealloc(d->order, (d->norder + 1) * sizeof(*d->order));
		d->order[d->norder++] = crm_xstrdup(k.buf);
	}
	crm_map_put(d->pairs, k.buf, v.buf);
	crm_buf_release(&k);
	crm_buf_release(&v);
}

/* Pairs of records in runs of one key; runs longer than cap are not people. */
static void
runs(struct dd *d, size_t cap, int score, const char *what)
{
	size_t i = 0, j, a, b;

	qsort(d->keys, d->nkeys, sizeof(*d->keys), key_cmp);
	while (i < d->nkeys) {
		for (j = i + 1; j < d->nkeys && !strcmp(d->keys[j].k, d->keys[i].k); j++)
			;
		if (j - i > 1 && j - i <= cap) {
			struct crm_buf r = CRM_BUF_INIT;
			const char *k = d->keys[i].k;

			crm_buf_addf(&r, "%s %s", what, strchr(k, '\t') ? strchr(k, '\t') + 1 : k);
			for (a = i; a < j; a++)
				for (b = a + 1; b < j; b++)
					pair(d, d->keys[a].i, d->keys[b].i, score, r.buf);
			crm_buf_release(&r);
		}
		i = j;
	}
	free_keys(d);
}

static int
read_row(const struct crm_row *row, void *arg)
{
	struct dd *d = arg;
	struct who *w;
	struct crm_buf f = CRM_BUF_INIT;

	d->w = crm_xrealloc(d->w, (d->n + 1) * sizeof(*d->w));
	w = &d->w[d->n++];
	w->id = crm_xstrdup(row->id);
	w->name = crm_xstrdup(row->values[0] ? row->values[0] : "");
	crm_text_fold(&f, w->name);
	w->fold = crm_buf_detach(&f);
	w->emails = crm_xstrdup(row->values[1] ? row->values[1] : "");
	w->phones = crm_xstrdup(row->values[2] ? row->values[2] : "");
	w->org = crm_xstrdup(row->values[3] ? row->values[3] : "");
	w->created = crm_xstrdup(row->values[4] ? row->values[4] : "");
	return 0;
}

/* Calls fn for each value of a 0x1f-joined list. */
static void
each(struct dd *d, size_t i, const char *list,
     void (*fn)(struct dd *d, size_t i, const char *v))
{
	const char *v = list, *e;

	while (*v) {
		char *one;

		e = v + strcspn(v, "\x1f");
		one = crm_xstrndup(v, (size_t)(e - v));
		fn(d, i, one);
		free(one);
		v = *e ? e + 1 : e;
	}
}

static void
email_key(struct dd *d, size_t i, const char *v)
{
	struct crm_buf k = CRM_BUF_INIT;

	crm_text_fold(&k, v);
	add_key(d, crm_buf_detach(&k), i);
}

/* A phone by its last nine digits (the subscriber's, in any country). */
static void
phone_key(struct dd *d, size_t i, const char *v)
{
	char dig[32];
	size_t n = 0;

	for (; *v && n + 1 < sizeof(dig); v++)
		if (*v >= '0' && *v <= '9')
			dig[n++] = *v;
	dig[n] = '\0';
	if (n >= 7)
		add_key(d, crm_xstrdup(n > 9 ? dig + n - 9 : dig), i);
}

/* The domain of an email that is no free mail service, then the name. */
static void
domain_key(struct dd *d, size_t i, const char *v)
{
	struct crm_buf k = CRM_BUF_INIT;
	const char *at = strrchr(v, '@');

	if (!at || !at[1] || free_mail(at + 1) || !*d->w[i].fold)
		return;
	crm_text_fold(&k, at + 1);
	crm_buf_addf(&k, "\t%s", d->w[i].fold);
	add_key(d, crm_buf_detach(&k), i);
}

/*
 * Names within a small distance in one domain: each record against the
 * next ones in the domain's order of names (a window, not every pair).
 */
static void
near_names(struct dd *d, size_t window)
{
	size_t i, j;

	qsort(d->keys, d->nkeys, sizeof(*d->keys), key_cmp);
	for (i = 0; i < d->nkeys; i++) {
		const char *ki = d->keys[i].k, *ni = strchr(ki, '\t') + 1;
		size_t dl = (size_t)(ni - ki);

		for (j = i + 1; j < d->nkeys && j <= i + window; j++) {
			const char *kj = d->keys[j].k, *nj = strchr(kj, '\t') + 1;
			size_t len = strlen(ni) > strlen(nj) ? strlen(ni) : strlen(nj);
			size_t max = len / 4 < 2 ? len / 4 : 2, dist;
			struct crm_buf r = CRM_BUF_INIT;

			if ((size_t)(nj - kj) != dl || strncmp(ki, kj, dl))
				break;	/* the next domain */
			if (d->keys[i].i == d->keys[j].i)
				continue;
			if ((dist = distance(ni, nj, max)) > max)
				continue;
			crm_buf_addf(&r, dist ? "similar names at %.*s" :
				     "same name at %.*s", (int)dl - 1, ki);
			pair(d, d->keys[i].i, d->keys[j].i, 80 - 10 * (int)dist, r.buf);
			crm_buf_release(&r);
		}
	}
	free_keys(d);
}

static int
by_score(const void *x, const void *y)
{
	char *const *a = x, *const *b = y;
	int sa = atoi((*a) + 0), sb = atoi((*b) + 0);

	if (sa != sb)
		return sb - sa;
	return strcmp(*a, *b);
}

int
crm_dedupe(struct crm_table **out, struct crm_store *s, int min_score)
{
	static const char *const names[] = {
		"score", "id_a", "name_a", "id_b", "name_b", "reason",
	};
	static const int numeric[] = { 1, 0, 0, 0, 0, 0 };
	char *cols[] = { "name", "email", "phone", "org", "created" };
	struct crm_query q;
	struct dd d;
	char **rows = NULL;
	size_t i, nrows = 0;
	int rc;

	*out = NULL;
	memset(&d, 0, sizeof(d));
	memset(&q, 0, sizeof(q));
	d.pairs = crm_map_new();
	q.kind = CRM_CONTACT;
	q.columns = cols;
	q.ncolumns = 5;
	q.limit = -1;
	q.no_doc = 1;
	q.sort = "id";
	if ((rc = crm_store_query(s, &q, read_row, &d)) < 0)
		goto out;
	for (i = 0; i < d.n; i++)
		each(&d, i, d.w[i].emails, email_key);
	runs(&d, 50, 100, "same email");
	for (i = 0; i < d.n; i++)
		each(&d, i, d.w[i].phones, phone_key);
	runs(&d, 20, 90, "same phone, ending");
	for (i = 0; i < d.n; i++)
		if (*d.w[i].org && *d.w[i].fold) {
			struct crm_buf k = CRM_BUF_INIT;

			crm_buf_addf(&k, "%s\t%s", d.w[i].org, d.w[i].fold);
			add_key(&d, crm_buf_detach(&k), i);
		}
	runs(&d, 50, 85, "same name in one organisation:");
	for (i = 0; i < d.n; i++)
		each(&d, i, d.w[i].emails, domain_key);
	near_names(&d, 30);
out:
	if (rc == 0) {
		*out = crm_table_new(6, names, numeric);
		rows = crm_xcalloc(d.norder + 1, sizeof(*rows));
		for (i = 0; i < d.norder; i++) {
			const char *v = crm_map_get(d.pairs, d.order[i]);
			size_t a, b;
			struct crm_buf line = CRM_BUF_INIT;

			if (!v || atoi(v) < min_score ||
			    sscanf(d.order[i], "%zu %zu", &a, &b) != 2)
				continue;
			crm_buf_addf(&line, "%03d\t%s\t%s\t%s\t%s\t%s", atoi(v),
				     d.w[a].id, d.w[a].name, d.w[b].id, d.w[b].name,
				     strchr(v, '\t') + 1);
			rows[nrows++] = crm_buf_detach(&line);
		}
		qsort(rows, nrows, sizeof(*rows), by_score);
		for (i = 0; i < nrows; i++) {
			char *f[6], *p = rows[i];
			size_t k;

			for (k = 0; k < 6; k++) {
				f[k] = p;
				p += strcspn(p, "\t");
				if (*p)
					*p++ = '\0';
			}
			while (f[0][0] == '0' && f[0][1])
				f[0]++;
			crm_table_row(*out, (const char *const *)f);
			free(rows[i]);
		}
		free(rows);
	}
	for (i = 0; i < d.n; i++) {
		free(d.w[i].id);
		free(d.w[i].name);
		free(d.w[i].fold);
		free(d.w[i].org);
		free(d.w[i].created);
		free(d.w[i].emails);
		free(d.w[i].phones);
	}
	free(d.w);
	free_keys(&d);
	free(d.keys);
	for (i = 0; i < d.norder; i++)
		free(d.order[i]);
	free(d.order);
	crm_map_free(d.pairs);
	return rc;
}
