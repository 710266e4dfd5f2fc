/*
 * segment.c: customer segments computed from the interactions as of a
 * reference time: RFM scores and names, lifecycle stages, the value x
 * service-load quadrant, the Pareto set, and groups by any field.  The
 * per-contact figures come from the index in one aggregate query; the
 * ranking and classing happen here, so each method is the few lines its
 * man page describes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "internal.h"

#define DAY 86400

/* One contact of the population, with its figures. */
struct cust {
	char *id;
	char *name;
	int64_t orders, revenue, service, recent, prior;
	int64_t first, last, contact;	/* times, or INT64_MIN for none */
	long recency;			/* whole days since the last purchase */
	int r, f, m;			/* scores */
	const char *label;		/* the segment or stage */
};

struct pop {
	struct cust *c;
	size_t n, alloc;
	struct crm_map *at;		/* id -> index + 1, as text */
	int64_t t;			/* the reference time */
	int exp;			/* decimals of the store's currency */
};

/* ---- tables ---- */

void
crm_table_free(struct crm_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->ncols; i++)
		free(t->names[i]);
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->names);
	free(t->numeric);
	free(t->cells);
	free(t);
}

struct crm_table *
crm_table_new(size_t ncols, const char *const *names, const int *numeric)
{
	struct crm_table *t = crm_xcalloc(1, sizeof(*t));
	size_t i;

	t->ncols = ncols;
	t->names = crm_xcalloc(ncols, sizeof(*t->names));
	t->numeric = crm_xcalloc(ncols, sizeof(*t->numeric));
	for (i = 0; i < ncols; i++) {
		t->names[i] = crm_xstrdup(names[i]);
		t->numeric[i] = numeric ? numeric[i] : 0;
	}
	return t;
}

/* Appends a row; values (ncols of them) are copied, NULL allowed. */
void
crm_table_row(struct crm_table *t, const char *const *v)
{
	size_t i;

	if (t->nrows == t->alloc) {
		t->alloc = t->alloc ? 2 * t->alloc : 64;
		t->cells = crm_xrealloc(t->cells, t->alloc * t->ncols *
					sizeof(*t->cells));
	}
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = v[i] ? crm_xstrdup(v[i]) : NULL;
	t->nrows++;
}

static char *
money_text(int64_t minor, int exp)
{
	struct crm_buf b = CRM_BUF_INIT;

	crm_money_format(&b, minor, exp);
	return crm_buf_detach(&b);
}

static char *
day_text(int64_t t)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_time d = { t, 1 };

	if (t == INT64_MIN)
		return NULL;
	crm_date_format(&b, &d);
	return crm_buf_detach(&b);
}

/* ---- the population ---- */

int
crm_store_restricts(struct crm_store *s)
{
	char **known = NULL;
	size_t nknown = 0, i;
	int found = 0;

	if (crm_store_fields(&known, &nknown, s, CRM_CONTACT) < 0) {
		crm_err_clear();
		return 0;
	}
	for (i = 0; i < nknown; i++)
		found |= !strcmp(known[i], "restricted");
	crm_refs_free(known, nknown);
	return found;
}

int
crm_where_filter(struct crm_filter **out, struct crm_store *s, const char *where)
{
	struct crm_buf text = CRM_BUF_INIT;
	char **known = NULL;
	size_t nknown = 0, i;
	int rc, restricts = 0;

	*out = NULL;
	if ((rc = crm_store_fields(&known, &nknown, s, CRM_CONTACT)) < 0)
		return rc;
	for (i = 0; i < nknown; i++)
		restricts |= !strcmp(known[i], "restricted");
	if ((!where || !*where) && !restricts)
		goto out;
	/* the user's filter alone first, so that an error points into it */
	if (where && *where) {
		rc = crm_filter_parse(out, where, CRM_CONTACT, crm_store_config(s),
				      known, crm_now());
		if (rc < 0) {
			rc = crm_err_set(rc, "--where: %s", crm_err_msg());
			goto out;
		}
		if (!restricts)
			goto out;
		crm_filter_free(*out);
		*out = NULL;
	}
	/* contacts marked restricted: true stay out of segments and reports */
	crm_buf_adds(&text, "not restricted = true");
	if (where && *where)
		crm_buf_addf(&text, " and (%s)", where);
	if ((rc = crm_filter_parse(out, text.buf, CRM_CONTACT, crm_store_config(s),
				   known, crm_now())) < 0)
		rc = crm_err_set(rc, "--where: %s", crm_err_msg());
out:
	crm_refs_free(known, nknown);
	crm_buf_release(&text);
	return rc;
}

static int64_t
when(const char *iso)
{
	struct crm_time t;

	if (!iso || crm_date_parse(&t, iso, 0) < 0) {
		crm_err_clear();
		return INT64_MIN;
	}
	return t.t;
}

static void
pop_release(struct pop *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->c[i].id);
		free(p->c[i].name);
	}
	free(p->c);
	crm_map_free(p->at);
	memset(p, 0, sizeof(*p));
}

static int
on_contact(const struct crm_row *row, void *arg)
{
	struct pop *p = arg;
	struct cust *c;
	char num[24];

	if (p->n == p->alloc) {
		p->alloc = p->alloc ? 2 * p->alloc : 256;
		p->c = crm_xrealloc(p->c, p->alloc * sizeof(*p->c));
	}
	c = &p->c[p->n];
	memset(c, 0, sizeof(*c));
	c->id = crm_xstrdup(row->id);
	c->name = crm_xstrdup(row->values[0] ? row->values[0] : "");
	c->first = c->last = c->contact = INT64_MIN;
	snprintf(num, sizeof(num), "%zu", ++p->n);
	crm_map_put(p->at, row->id, num);
	return 0;
}

static int
on_figures(const struct crm_figures *f, void *arg)
{
	struct pop *p = arg;
	const char *at = crm_map_get(p->at, f->contact);
	struct cust *c;

	if (!at)
		return 0;	/* not in the population */
	c = &p->c[strtoul(at, NULL, 10) - 1];
	if (f->part == 1) {
		c->orders = f->orders;
		c->revenue = f->revenue;
		c->recent = f->recent;
		c->prior = f->prior;
		c->first = when(f->first_purchase);
		c->last = when(f->last_purchase);
	} else {
		c->service = f->service;
		c->contact = when(f->last_contact);
	}
	return 0;
}

/*
 * Formats t as the index stores times; a midnight as the bare day, which
 * sorts before that day's times, so that "at >= day" takes the whole day.
 */
static void
iso(char out[32], int64_t t)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_time tm = { t, t % DAY == 0 };

	crm_date_format(&b, &tm);
	snprintf(out, 32, "%s", b.buf);
	crm_buf_release(&b);
}

/*
 * The contacts the options select, each with its figures as of the
 * reference time: --at DAY is the start of that day, and interactions
 * of the whole day count; no --at is now.
 */
static int
load(struct pop *p, struct crm_store *s, const struct crm_seg_opts *o,
     int touches)
{
	static char *cols[] = { "name", NULL };
	struct crm_filter *f = NULL;
	struct crm_query q;
	struct crm_time t;
	char until[32], since[32], recent[32], prior[32];
	int64_t end;
	int rc;

	memset(p, 0, sizeof(p[0]));
	p->at = crm_map_new();
	p->exp = crm_money_exponent(crm_config_currency(crm_store_config(s)));
	if (o->at && *o->at) {
		if ((rc = crm_date_parse(&t, o->at, crm_now())) < 0)
			return crm_err_set(CRM_EUSAGE, "--at: %s", crm_err_msg());
		p->t = t.t;
		end = t.date_only ? t.t + DAY - 1 : t.t;
	} else {
		p->t = end = crm_now();
	}
	memset(&q, 0, sizeof(q));
	if ((rc = crm_where_filter(&f, s, o->where)) < 0)
		return rc;
	q.kind = CRM_CONTACT;
	q.filter = f;
	q.columns = cols;
	q.ncolumns = 1;
	q.limit = -1;
	q.ids = o->ids;
	q.nids = o->nids;
	q.restrict_ids = o->restrict_ids;
	q.no_doc = 1;
	q.unordered = 1;
	rc = crm_store_query(s, &q, on_contact, p);
	crm_filter_free(f);
	if (rc < 0)
		return rc;
	{
		struct crm_time e = { end, 0 };
		struct crm_buf b = CRM_BUF_INIT;

		crm_date_format(&b, &e);
		snprintf(until, sizeof(until), "%s", b.buf);
		crm_buf_release(&b);
	}
	iso(since, o->since ? o->since : p->t - 365 * DAY);
	iso(recent, p->t - 90 * DAY);
	iso(prior, p->t - 180 * DAY);
	return crm_store_figures(s, until, since, recent, prior, touches,
				 on_figures, p);
}

/* Whole days from t0 to the reference time, rounded down, at least 0. */
static long
days_to(const struct pop *p, int64_t t0)
{
	int64_t d = p->t - t0;

	return d <= 0 ? 0 : (long)(d / DAY);
}

/* ---- RFM ---- */

/*
 * The score of every customer for one metric: rank by the metric with
 * better values ranking higher, ties sharing the lowest rank of their
 * group; score = 1 + floor(bins x (rank - 1) / n).
 */

static int64_t
metric(const struct cust *c, int which)
{
	/* larger is better: recency counts negatively */
	return which == 0 ? -(int64_t)c->recency : which == 1 ? c->orders :
	       c->revenue;
}

static int sort_which;

static int
by_metric(const void *a, const void *b)
{
	int64_t x = metric(*(struct cust *const *)a, sort_which);
	int64_t y = metric(*(struct cust *const *)b, sort_which);

	return x < y ? -1 : x > y;
}

static void
score(struct cust **v, size_t n, int which, int bins)
{
	size_t i, rank = 1;

	if (!n)
		return;
	sort_which = which;
	qsort(v, n, sizeof(*v), by_metric);
	for (i = 0; i < n; i++) {
		int sc;

		/* rank: 1 + the number of customers strictly worse */
		if (i > 0 && metric(v[i], which) != metric(v[i - 1], which))
			rank = i + 1;
		sc = 1 + (int)((size_t)bins * (rank - 1) / n);
		if (which == 0)
			v[i]->r = sc;
		else if (which == 1)
			v[i]->f = sc;
		else
			v[i]->m = sc;
	}
}

/* The usual names for RFM groups, from R and F on a scale of 1 to 5. */
static const char *
rfm_name(int r, int f)
{
	if (r <= 2)
		return f <= 2 ? "hibernating" : f <= 4 ? "at_risk" : "cant_lose";
	if (r == 3)
		return f <= 2 ? "about_to_sleep" : f == 3 ? "need_attention" :
		       "loyal_customers";
	if (r == 4)
		return f == 1 ? "promising" : f <= 3 ? "potential_loyalists" :
		       "loyal_customers";
	return f == 1 ? "new_customers" : f <= 3 ? "potential_loyalists" :
	       "champions";
}

static const char *const rfm_order[] = {
	"champions", "loyal_customers", "potential_loyalists", "new_customers",
	"promising", "need_attention", "about_to_sleep", "at_risk",
	"cant_lose", "hibernating", NULL
};

/* Scores and names every customer (one purchase at least) of p. */
static size_t
rfm_compute(struct pop *p, int bins, struct cust ***out)
{
	struct cust **v = NULL;
	size_t i, n = 0;

	for (i = 0; i < p->n; i++) {
		struct cust *c = &p->c[i];

		if (c->orders <= 0 || c->last == INT64_MIN)
			continue;
		c->recency = days_to(p, c->last);
		if (!v)
			v = crm_xcalloc(p->n, sizeof(*v));
		v[n++] = c;
	}
	score(v, n, 0, bins);
	score(v, n, 1, bins);
	score(v, n, 2, bins);
	for (i = 0; i < n; i++) {
		/* names are set on 1..5: other bin counts are mapped onto it */
		int r5 = bins == 5 ? v[i]->r : 1 + 5 * (v[i]->r - 1) / bins;
		int f5 = bins == 5 ? v[i]->f : 1 + 5 * (v[i]->f - 1) / bins;

		v[i]->label = rfm_name(r5, f5);
	}
	*out = v;
	return n;
}

static int
by_id(const void *a, const void *b)
{
	return strcmp((*(struct cust *const *)a)->id, (*(struct cust *const *)b)->id);
}

int
crm_segment_rfm(struct crm_table **out, struct crm_store *s,
		const struct crm_seg_opts *o)
{
	static const char *const cols[] = {
		"id", "recency", "frequency", "monetary", "R", "F", "M", "code",
		"segment"
	};
	static const int num[] = { 0, 1, 1, 1, 1, 1, 1, 0, 0 };
	static const char *const scols[] = {
		"segment", "customers", "share", "revenue", "revenue_share",
		"R", "F", "M"
	};
	static const int snum[] = { 0, 1, 1, 1, 1, 1, 1, 1 };
	struct pop p;
	struct cust **v = NULL;
	struct crm_table *t;
	size_t n, i, k;
	int bins = o->bins ? o->bins : 5, rc;

	*out = NULL;
	if (bins < 2 || bins > 100)
		return crm_err_set(CRM_EUSAGE, "--bins: expected 2 to 100");
	if ((rc = load(&p, s, o, 0)) < 0) {
		pop_release(&p);
		return rc;
	}
	n = rfm_compute(&p, bins, &v);
	if (!o->summary) {
		t = crm_table_new(9, cols, num);
		if (n)
			qsort(v, n, sizeof(*v), by_id);
		for (i = 0; i < n; i++) {
			char rec[24], fr[24], r[8], f[8], m[8], code[24];
			char *mon = money_text(v[i]->revenue, p.exp);
			const char *row[9];

			snprintf(rec, sizeof(rec), "%ld", v[i]->recency);
			snprintf(fr, sizeof(fr), "%lld", (long long)v[i]->orders);
			snprintf(r, sizeof(r), "%d", v[i]->r);
			snprintf(f, sizeof(f), "%d", v[i]->f);
			snprintf(m, sizeof(m), "%d", v[i]->m);
			snprintf(code, sizeof(code), "%d%d%d", v[i]->r, v[i]->f, v[i]->m);
			row[0] = v[i]->id; row[1] = rec; row[2] = fr; row[3] = mon;
			row[4] = r; row[5] = f; row[6] = m; row[7] = code;
			row[8] = v[i]->label;
			crm_table_row(t, row);
			free(mon);
		}
	} else {
		int64_t total = 0;

		t = crm_table_new(8, scols, snum);
		for (i = 0; i < n; i++)
			total += v[i]->revenue;
		for (k = 0; rfm_order[k]; k++) {
			size_t cnt = 0;
			int64_t rev = 0;
			double sr = 0, sf = 0, sm = 0;
			char cs[24], sh[24], rs[24], mr[24], mf[24], mm[24];
			char *rv;
			const char *row[8];

			for (i = 0; i < n; i++) {
				if (strcmp(v[i]->label, rfm_order[k]) != 0)
					continue;
				cnt++;
				rev += v[i]->revenue;
				sr += v[i]->r;
				sf += v[i]->f;
				sm += v[i]->m;
			}
			if (!cnt)
				continue;
			snprintf(cs, sizeof(cs), "%zu", cnt);
			snprintf(sh, sizeof(sh), "%.4f", (double)cnt / (double)n);
			snprintf(rs, sizeof(rs), "%.4f",
				 total ? (double)rev / (double)total : 0.0);
			snprintf(mr, sizeof(mr), "%.2f", sr / (double)cnt);
			snprintf(mf, sizeof(mf), "%.2f", sf / (double)cnt);
			snprintf(mm, sizeof(mm), "%.2f", sm / (double)cnt);
			rv = money_text(rev, p.exp);
			row[0] = rfm_order[k]; row[1] = cs; row[2] = sh; row[3] = rv;
			row[4] = rs; row[5] = mr; row[6] = mf; row[7] = mm;
			crm_table_row(t, row);
			free(rv);
		}
	}
	free(v);
	pop_release(&p);
	*out = t;
	return 0;
}

/* ---- lifecycle ---- */

static const char *
stage(const struct cust *c, const struct pop *p, const long win[3])
{
	long new_days = win[0], active = win[1], passive = win[2];
	long since_last;

	if (c->orders <= 0 || c->last == INT64_MIN)
		return "prospect";
	if (c->first != INT64_MIN && days_to(p, c->first) <= new_days)
		return "new";
	since_last = days_to(p, c->last);
	if (since_last <= active)
		return "active";
	if (since_last <= passive)
		/* still in touch: passive loyalty; else slipping away */
		return c->contact != INT64_MIN &&
		       days_to(p, c->contact) <= active ? "passive" : "at_risk";
	return "churned";
}

int
crm_segment_lifecycle(struct crm_table **out, struct crm_store *s,
		      const struct crm_seg_opts *o)
{
	static const char *const cols[] = {
		"id", "lifecycle", "first_purchase", "last_purchase",
		"last_contact"
	};
	static const char *const names[3] = { "new", "active", "passive" };
	struct pop p;
	struct cust **v;
	struct crm_table *t;
	long win[3];
	size_t i;
	int rc;

	*out = NULL;
	/* the windows: --windows, else crm.yaml, else the defaults */
	for (i = 0; i < 3; i++)
		win[i] = o->windows[i] > 0 ? o->windows[i] :
			 crm_config_window(crm_store_config(s), names[i]);
	if (win[1] > win[2])
		return crm_err_set(CRM_EUSAGE,
				   "lifecycle: the active window (%ld days) is longer than the passive one (%ld)",
				   win[1], win[2]);
	if ((rc = load(&p, s, o, 1)) < 0) {
		pop_release(&p);
		return rc;
	}
	t = crm_table_new(5, cols, NULL);
	v = crm_xcalloc(p.n + 1, sizeof(*v));
	for (i = 0; i < p.n; i++)
		v[i] = &p.c[i];
	if (p.n)
		qsort(v, p.n, sizeof(*v), by_id);
	for (i = 0; i < p.n; i++) {
		struct cust *c = v[i];
		char *fp = day_text(c->first), *lp = day_text(c->last),
		     *lc = day_text(c->contact);
		const char *row[5];

		c->label = stage(c, &p, win);
		row[0] = c->id; row[1] = c->label; row[2] = fp; row[3] = lp;
		row[4] = lc;
		crm_table_row(t, row);
		free(fp);
		free(lp);
		free(lc);
	}
	free(v);
	pop_release(&p);
	*out = t;
	return 0;
}

/* ---- the value x service quadrant and the Pareto set ---- */

static int
by_revenue(const void *a, const void *b)
{
	const struct cust *x = *(struct cust *const *)a;
	const struct cust *y = *(struct cust *const *)b;

	if (x->revenue != y->revenue)
		return x->revenue > y->revenue ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Customers with revenue, largest first; *total their revenue. */
static size_t
by_value(struct pop *p, struct cust ***out, int64_t *total)
{
	struct cust **v = NULL;
	size_t i, n = 0;

	*total = 0;
	for (i = 0; i < p->n; i++) {
		if (p->c[i].orders <= 0)
			continue;
		if (!v)
			v = crm_xcalloc(p->n, sizeof(*v));
		v[n++] = &p->c[i];
		if (p->c[i].revenue > 0)
			*total += p->c[i].revenue;
	}
	if (n)
		qsort(v, n, sizeof(*v), by_revenue);
	*out = v;
	return n;
}

/* How many of v (largest first) it takes to reach share of total. */
static size_t
pareto_count(struct cust **v, size_t n, int64_t total, double share)
{
	int64_t cum = 0;
	size_t i;

	for (i = 0; i < n && total > 0; i++) {
		if (v[i]->revenue <= 0)
			break;
		cum += v[i]->revenue;
		if ((double)cum >= share * (double)total - 1e-9)
			return i + 1;
	}
	return i;
}

int
crm_segment_value(struct crm_table **out, struct crm_store *s,
		  const struct crm_seg_opts *o)
{
	static const char *const cols[] = {
		"id", "revenue", "service", "quadrant"
	};
	static const int num[] = { 0, 1, 1, 0 };
	struct pop p;
	struct cust **v = NULL;
	struct crm_table *t;
	int64_t total, *svc = NULL, median = 0;
	double share = o->share > 0 ? o->share : 0.8;
	size_t n, high, i;
	int rc;

	*out = NULL;
	if (share <= 0 || share > 1)
		return crm_err_set(CRM_EUSAGE, "--share: expected a fraction above 0, up to 1");
	if ((rc = load(&p, s, o, 1)) < 0) {
		pop_release(&p);
		return rc;
	}
	n = by_value(&p, &v, &total);
	high = pareto_count(v, n, total, share);
	/* the median customer's service load */
	if (n) {
		svc = crm_xcalloc(n, sizeof(*svc));
		for (i = 0; i < n; i++)
			svc[i] = v[i]->service;
		qsort(svc, n, sizeof(*svc), cmp_i64);
		median = n % 2 ? svc[n / 2] : (svc[n / 2 - 1] + svc[n / 2]) / 2;
	}
	t = crm_table_new(4, cols, num);
	for (i = 0; i < n; i++) {
		int hv = i < high, hs = v[i]->service > median;
		char sv[24], *rv = money_text(v[i]->revenue, p.exp);
		const char *row[4];

		if (!hv && v[i]->recent > v[i]->prior)
			v[i]->label = "growing";
		else
			v[i]->label = hv ? (hs ? "high_value_high_service" :
					    "high_value_low_service") :
				      (hs ? "low_value_high_service" :
					    "low_value_low_service");
		snprintf(sv, sizeof(sv), "%lld", (long long)v[i]->service);
		row[0] = v[i]->id; row[1] = rv; row[2] = sv; row[3] = v[i]->label;
		crm_table_row(t, row);
		free(rv);
	}
	free(svc);
	free(v);
	pop_release(&p);
	*out = t;
	return 0;
}

int
crm_segment_pareto(struct crm_table **out, struct crm_store *s,
		   const struct crm_seg_opts *o)
{
	static const char *const cols[] = {
		"id", "name", "revenue", "share", "cumulative"
	};
	static const int num[] = { 0, 0, 1, 1, 1 };
	struct pop p;
	struct cust **v = NULL;
	struct crm_table *t;
	int64_t total, cum = 0;
	double share = o->share > 0 ? o->share : 0.8;
	size_t n, k, i;
	int rc;

	*out = NULL;
	if (share <= 0 || share > 1)
		return crm_err_set(CRM_EUSAGE, "--share: expected a fraction above 0, up to 1");
	if ((rc = load(&p, s, o, 0)) < 0) {
		pop_release(&p);
		return rc;
	}
	n = by_value(&p, &v, &total);
	k = pareto_count(v, n, total, share);
	t = crm_table_new(5, cols, num);
	for (i = 0; i < k; i++) {
		char sh[24], cu[24], *rv = money_text(v[i]->revenue, p.exp);
		const char *row[5];

		cum += v[i]->revenue;
		snprintf(sh, sizeof(sh), "%.4f", (double)v[i]->revenue / (double)total);
		snprintf(cu, sizeof(cu), "%.4f", (double)cum / (double)total);
		row[0] = v[i]->id; row[1] = v[i]->name; row[2] = rv; row[3] = sh;
		row[4] = cu;
		crm_table_row(t, row);
		free(rv);
	}
	free(v);
	pop_release(&p);
	*out = t;
	return 0;
}

/* ---- groups by a field ---- */

struct group {
	char *value;
	size_t contacts, customers;
	int64_t revenue;
};

struct by {
	struct pop *p;
	struct group *g;
	size_t n, alloc;
	struct crm_map *at;
};

static void
group_add(struct by *b, const char *value, const struct cust *c)
{
	const char *at = crm_map_get(b->at, value);
	struct group *g;

	if (!at) {
		char num[24];

		if (b->n == b->alloc) {
			b->alloc = b->alloc ? 2 * b->alloc : 64;
			b->g = crm_xrealloc(b->g, b->alloc * sizeof(*b->g));
		}
		memset(&b->g[b->n], 0, sizeof(*b->g));
		b->g[b->n].value = crm_xstrdup(value);
		snprintf(num, sizeof(num), "%zu", ++b->n);
		crm_map_put(b->at, value, num);
		at = crm_map_get(b->at, value);
	}
	g = &b->g[strtoul(at, NULL, 10) - 1];
	g->contacts++;
	if (c->orders > 0)
		g->customers++;
	g->revenue += c->revenue;
}

static int
on_by(const struct crm_row *row, void *arg)
{
	struct by *b = arg;
	const char *at = crm_map_get(b->p->at, row->id), *v = row->values[0], *sep;
	const struct cust *c;
	struct crm_buf one = CRM_BUF_INIT;

	if (!at)
		return 0;
	c = &b->p->c[strtoul(at, NULL, 10) - 1];
	if (!v || !*v) {
		group_add(b, "", c);
		return 0;
	}
	/* a list field: one group per element (each tag) */
	for (;; v = sep + 1) {
		sep = strchr(v, '\x1f');
		crm_buf_reset(&one);
		crm_buf_add(&one, v, sep ? (size_t)(sep - v) : strlen(v));
		group_add(b, one.buf, c);
		if (!sep)
			break;
	}
	crm_buf_release(&one);
	return 0;
}

static int
by_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->revenue != y->revenue)
		return x->revenue > y->revenue ? -1 : 1;
	if (x->contacts != y->contacts)
		return x->contacts > y->contacts ? -1 : 1;
	return strcmp(x->value, y->value);
}

int
crm_segment_by(struct crm_table **out, struct crm_store *s,
	       const struct crm_seg_opts *o, const char *field)
{
	static const char *const cols[] = {
		"value", "contacts", "customers", "revenue", "share"
	};
	static const int num[] = { 0, 1, 1, 1, 1 };
	char *qcols[] = { (char *)field, NULL };
	struct pop p;
	struct by b;
	struct crm_query q;
	struct crm_table *t;
	int64_t total = 0;
	size_t i;
	int rc;

	*out = NULL;
	memset(&b, 0, sizeof(b));
	if ((rc = load(&p, s, o, 0)) < 0)
		goto out;
	b.p = &p;
	b.at = crm_map_new();
	memset(&q, 0, sizeof(q));
	q.kind = CRM_CONTACT;
	q.columns = qcols;
	q.ncolumns = 1;
	q.limit = -1;
	q.no_doc = 1;
	if ((rc = crm_store_query(s, &q, on_by, &b)) < 0)
		goto out;
	for (i = 0; i < p.n; i++)
		total += p.c[i].revenue;
	if (b.n)
		qsort(b.g, b.n, sizeof(*b.g), by_group);
	t = crm_table_new(5, cols, num);
	for (i = 0; i < b.n; i++) {
		char cn[24], cu[24], sh[24], *rv = money_text(b.g[i].revenue, p.exp);
		const char *row[5];

		snprintf(cn, sizeof(cn), "%zu", b.g[i].contacts);
		snprintf(cu, sizeof(cu), "%zu", b.g[i].customers);
		snprintf(sh, sizeof(sh), "%.4f",
			 total ? (double)b.g[i].revenue / (double)total : 0.0);
		row[0] = b.g[i].value; row[1] = cn; row[2] = cu; row[3] = rv;
		row[4] = sh;
		crm_table_row(t, row);
		free(rv);
	}
	*out = t;
out:
	for (i = 0; i < b.n; i++)
		free(b.g[i].value);
	free(b.g);
	crm_map_free(b.at);
	pop_release(&p);
	return rc;
}

/* ---- membership, for filters and --tag ---- */

int
crm_segment_members(struct crm_strset **out, struct crm_store *s,
		    const char *method, const char *label,
		    const struct crm_seg_opts *o)
{
	struct crm_table *t = NULL;
	size_t i, col;
	int rc;

	*out = NULL;
	if (strcmp(method, "rfm") == 0) {
		struct crm_seg_opts o2 = *o;

		o2.summary = 0;
		rc = crm_segment_rfm(&t, s, &o2);
		col = 8;
	} else if (strcmp(method, "lifecycle") == 0) {
		rc = crm_segment_lifecycle(&t, s, o);
		col = 1;
	} else if (strcmp(method, "value") == 0) {
		rc = crm_segment_value(&t, s, o);
		col = 3;
	} else {
		return crm_err_set(CRM_EUSAGE, "unknown segment method '%s'", method);
	}
	if (rc < 0)
		return rc;
	*out = crm_strset_new();
	for (i = 0; i < t->nrows; i++) {
		const char *v = t->cells[i * t->ncols + col];

		if (v && (!label || strcmp(v, label) == 0))
			crm_strset_add(*out, t->cells[i * t->ncols]);
	}
	crm_table_free(t);
	return 0;
}

/* ---- labels and saved segments ---- */

static const char *const lifecycle_order[] = {
	"prospect", "new", "active", "passive", "at_risk", "churned", NULL
};
static const char *const value_order[] = {
	"high_value_high_service", "high_value_low_service", "growing",
	"low_value_high_service", "low_value_low_service", NULL
};

const char *const *
crm_segment_labels(const char *method)
{
	if (strcmp(method, "rfm") == 0)
		return rfm_order;
	if (strcmp(method, "lifecycle") == 0)
		return lifecycle_order;
	if (strcmp(method, "value") == 0)
		return value_order;
	return NULL;
}

/* The modes of crm-segment, which no saved segment can be called. */
static const char *const reserved[] = {
	"rfm", "lifecycle", "value", "pareto", "by", "save", "rm", "list", NULL
};

int
crm_segment_name_valid(const char *name)
{
	const char *p;
	size_t i;

	if (!name || !*name || strlen(name) > 64 || !(*name >= 'a' && *name <= 'z'))
		return 0;
	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_'))
			return 0;
	for (i = 0; reserved[i]; i++)
		if (strcmp(reserved[i], name) == 0)
			return 0;
	return 1;
}

static int
bad_name(const char *name)
{
	return crm_err_set(CRM_EUSAGE,
			   "'%s' cannot name a segment: lowercase letters, digits, '-' and '_', starting with a letter, and not a mode (rfm, lifecycle, value, pareto, by, save, rm, list)",
			   name);
}

int
crm_segment_filter(char **out, struct crm_store *s, const char *name)
{
	struct crm_buf path = CRM_BUF_INIT, data = CRM_BUF_INIT;
	struct crm_node *root = NULL;
	const struct crm_node *f;
	int rc;

	*out = NULL;
	if (!crm_segment_name_valid(name))
		return bad_name(name);
	crm_buf_addf(&path, "segments/%s.yaml", name);
	rc = crm_store_read(&data, s, path.buf);
	if (rc == CRM_ENOTFOUND)
		rc = crm_err_set(CRM_ENOTFOUND,
				 "no segment '%s' (crm-segment --list shows them)", name);
	if (rc == 0)
		rc = crm_yaml_load(&root, data.buf, data.len, path.buf);
	if (rc == 0) {
		f = root && root->type == CRM_NODE_MAP ? crm_node_get(root, "filter") : NULL;
		if (!f || f->type != CRM_NODE_SCALAR)
			rc = crm_err_set(CRM_EDATA, "%s: expected 'filter: ...'",
					 path.buf);
		else
			*out = crm_xstrdup(f->scalar);
	}
	crm_node_free(root);
	crm_buf_release(&path);
	crm_buf_release(&data);
	return rc;
}

struct save_arg {
	const char *name, *filter;
	int remove;
};

static int
save_fn(struct crm_txn *txn, void *arg)
{
	struct save_arg *a = arg;
	struct crm_buf path = CRM_BUF_INIT, data = CRM_BUF_INIT;
	int rc;

	crm_buf_addf(&path, "segments/%s.yaml", a->name);
	if (a->remove) {
		rc = crm_txn_read(&data, txn, path.buf);
		if (rc == CRM_ENOTFOUND)
			rc = crm_err_set(CRM_ENOTFOUND, "no segment '%s'", a->name);
		if (rc == 0)
			rc = crm_txn_remove(txn, path.buf);
		crm_txn_message(txn, "segment: remove %s", a->name);
	} else {
		crm_buf_adds(&data, "filter: ");
		crm_yaml_scalar(&data, a->filter, 0);
		crm_buf_addc(&data, '\n');
		rc = crm_txn_put(txn, path.buf, data.buf, data.len);
		crm_txn_message(txn, "segment: save %s", a->name);
	}
	crm_buf_release(&path);
	crm_buf_release(&data);
	return rc;
}

/*
 * Whether the filter n uses segment name, directly or through the saved
 * segments it uses; 1 yes, 0 no, or an error.
 */
static int
uses_segment(struct crm_store *s, const struct crm_fnode *n, const char *name,
	     int depth)
{
	struct crm_filter *f = NULL;
	char *text = NULL;
	int rc;

	if (!n)
		return 0;
	if (n->type != CRM_FN_CMP) {
		rc = uses_segment(s, n->a, name, depth);
		return rc ? rc : uses_segment(s, n->b, name, depth);
	}
	if (n->src != CRM_SRC_SEG || strcmp(n->field, "segment") != 0)
		return 0;
	if (strcmp(n->value + strlen("segment="), name) == 0 || depth > 16)
		return 1;
	rc = crm_segment_filter(&text, s, n->value + strlen("segment="));
	if (rc == CRM_ENOTFOUND) {
		/* one saved later: checked when it is used */
		crm_err_clear();
		return 0;
	}
	if (rc == 0)
		rc = crm_filter_parse(&f, text, CRM_CONTACT, crm_store_config(s),
				      NULL, crm_now());
	if (rc < 0) {
		crm_err_clear();	/* a broken segment: not a loop */
		free(text);
		return 0;
	}
	rc = uses_segment(s, f->root, name, depth + 1);
	crm_filter_free(f);
	free(text);
	return rc;
}

int
crm_segment_save(struct crm_store *s, const char *name, const char *filter)
{
	struct save_arg a = { name, filter, 0 };
	struct crm_filter *f = NULL;
	char **known = NULL;
	size_t nknown = 0;
	int rc;

	if (!crm_segment_name_valid(name))
		return bad_name(name);
	/* a filter that does not parse is refused now, not at every use */
	if ((rc = crm_store_fields(&known, &nknown, s, CRM_CONTACT)) < 0)
		return rc;
	rc = crm_filter_parse(&f, filter, CRM_CONTACT, crm_store_config(s),
			      known, crm_now());
	crm_refs_free(known, nknown);
	if (rc == 0 && (rc = uses_segment(s, f->root, name, 0)) > 0)
		rc = crm_err_set(CRM_EUSAGE,
				 "segment '%s' would contain itself (its filter uses segment=%s, directly or through another segment)",
				 name, name);
	crm_filter_free(f);
	if (rc < 0)
		return rc;
	return crm_store_write(s, save_fn, &a);
}

int
crm_segment_remove(struct crm_store *s, const char *name)
{
	struct save_arg a = { name, NULL, 1 };

	if (!crm_segment_name_valid(name))
		return bad_name(name);
	return crm_store_write(s, save_fn, &a);
}

struct list_arg {
	struct crm_table *t;
};

static int
list_one(const char *path, const char *data, size_t len, void *arg)
{
	struct list_arg *a = arg;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t n = strlen(base);
	struct crm_node *root = NULL;
	const struct crm_node *f = NULL;
	const char *row[2];
	char *name;

	if (n < 6 || strcmp(base + n - 5, ".yaml") != 0)
		return 0;
	name = crm_xstrndup(base, n - 5);
	if (crm_yaml_load(&root, data, len, path) == 0 && root &&
	    root->type == CRM_NODE_MAP)
		f = crm_node_get(root, "filter");
	crm_err_clear();
	row[0] = name;
	row[1] = f && f->type == CRM_NODE_SCALAR ? f->scalar : NULL;
	crm_table_row(a->t, row);
	crm_node_free(root);
	free(name);
	return 0;
}

int
crm_segment_list(struct crm_table **out, struct crm_store *s)
{
	static const char *const cols[] = { "name", "filter" };
	struct list_arg a;
	int rc;

	a.t = crm_table_new(2, cols, NULL);
	rc = crm_store_walk(s, "segments", list_one, &a);
	if (rc == CRM_ENOTFOUND)
		rc = 0;
	if (rc < 0) {
		crm_table_free(a.t);
		a.t = NULL;
	}
	*out = a.t;
	return rc;
}

/* ---- segments in filters ---- */

static int prepare_depth;

struct prep {
	struct crm_store *s;
	struct crm_index *idx;
	int rc;
};

static int prepare_node(struct prep *p, const struct crm_fnode *n);

static int
collect_id(const struct crm_row *row, void *arg)
{
	crm_strset_add(arg, row->id);
	return 0;
}

/* The members of saved segment name: its filter, run now. */
static int
saved_members(struct crm_strset **out, struct crm_store *s, const char *name)
{
	struct crm_filter *f = NULL;
	struct crm_query q;
	char **known = NULL, *text = NULL;
	size_t nknown = 0;
	int rc;

	*out = NULL;
	if ((rc = crm_segment_filter(&text, s, name)) < 0)
		return rc;
	if ((rc = crm_store_fields(&known, &nknown, s, CRM_CONTACT)) == 0)
		rc = crm_filter_parse(&f, text, CRM_CONTACT, crm_store_config(s),
				      known, crm_now());
	crm_refs_free(known, nknown);
	if (rc < 0) {
		rc = crm_err_set(rc, "segment '%s': %s", name, crm_err_msg());
		goto out;
	}
	memset(&q, 0, sizeof(q));
	q.kind = CRM_CONTACT;
	q.filter = f;
	q.limit = -1;
	q.no_doc = 1;
	*out = crm_strset_new();
	rc = crm_store_query(s, &q, collect_id, *out);
out:
	free(text);
	crm_filter_free(f);
	return rc;
}

static int
prepare_node(struct prep *p, const struct crm_fnode *n)
{
	struct crm_strset *ids = NULL;
	struct crm_seg_opts o;
	const char *eq;
	char *label;
	int rc;

	if (!n)
		return 0;
	if (n->type != CRM_FN_CMP)
		return (rc = prepare_node(p, n->a)) < 0 ? rc : prepare_node(p, n->b);
	if (n->src != CRM_SRC_SEG)
		return 0;
	eq = strchr(n->value, '=');
	label = crm_xstrdup(eq + 1);
	memset(&o, 0, sizeof(o));
	if (strcmp(n->field, "segment") == 0)
		rc = saved_members(&ids, p->s, label);
	else
		rc = crm_segment_members(&ids, p->s, n->field, label, &o);
	if (rc == 0)
		rc = crm_index_seg_add(p->idx, n->value, ids);
	crm_strset_free(ids);
	free(label);
	return rc;
}

static int
has_seg(const struct crm_fnode *n)
{
	if (!n)
		return 0;
	if (n->type == CRM_FN_CMP)
		return n->src == CRM_SRC_SEG;
	return has_seg(n->a) || has_seg(n->b);
}

int
crm_segment_prepare(struct crm_store *s, const struct crm_filter *f)
{
	struct prep p;
	int rc;

	if (!f || !has_seg(f->root))
		return 0;
	memset(&p, 0, sizeof(p));
	p.s = s;
	if ((rc = crm_store_index(&p.idx, s)) < 0)
		return rc;
	/* saved segments may use others, but not themselves */
	if (prepare_depth >= 16)
		return crm_err_set(CRM_EUSAGE,
				   "segments refer to each other in a loop (segment=NAME inside NAME's own filter)");
	if (prepare_depth == 0 && (rc = crm_index_seg_clear(p.idx)) < 0)
		return rc;
	prepare_depth++;
	rc = prepare_node(&p, f->root);
	prepare_depth--;
	return rc;
}

/* ---- cadences by saved segment ---- */

struct crm_cadence {
	const struct crm_config *cfg;
	struct crm_map *by_id;	/* id -> the shortest span of its segments */
};

struct span_arg {
	struct crm_map *map;
	const char *every;
};

static void
keep_shortest(const char *id, void *arg)
{
	struct span_arg *a = arg;
	const char *had = crm_map_get(a->map, id);

	if (!had || crm_span_days(a->every) < crm_span_days(had))
		crm_map_put(a->map, id, a->every);
}

int
crm_cadence_new(struct crm_cadence **out, struct crm_store *s)
{
	const struct crm_config *cfg = crm_store_config(s);
	struct crm_cadence *c = crm_xcalloc(1, sizeof(*c));
	size_t i, n = crm_config_ncadence(cfg);
	int rc = 0;

	c->cfg = cfg;
	c->by_id = crm_map_new();
	for (i = 0; i < n && rc == 0; i++) {
		struct crm_strset *ids = NULL;
		const char *every, *key = crm_config_cadence_key(cfg, i, &every);
		struct span_arg a;

		if (strncmp(key, "segment=", 8) != 0)
			continue;
		if ((rc = saved_members(&ids, s, key + 8)) == CRM_ENOTFOUND) {
			/* a segment removed since: its cadence rests */
			crm_warn("crm.yaml: cadence of %s: no such saved segment",
				 key);
			crm_err_clear();
			rc = 0;
			continue;
		}
		if (rc < 0) {
			rc = crm_err_set(rc, "crm.yaml: cadence of %s: %s", key,
					 crm_err_msg());
			break;
		}
		a.map = c->by_id;
		a.every = every;
		crm_strset_each(ids, keep_shortest, &a);
		crm_strset_free(ids);
	}
	if (rc < 0) {
		crm_cadence_free(c);
		c = NULL;
	}
	*out = c;
	return rc;
}

const char *
crm_cadence_for(const struct crm_cadence *c, const char *id, const char *own,
		const char *tags)
{
	const char *t, *g;

	if (own && *own)
		return own;
	t = crm_config_cadence(c->cfg, tags);
	g = crm_map_get(c->by_id, id);
	if (!t || (g && crm_span_days(g) < crm_span_days(t)))
		return g;
	return t;
}

void
crm_cadence_free(struct crm_cadence *c)
{
	if (!c)
		return;
	crm_map_free(c->by_id);
	free(c);
}
