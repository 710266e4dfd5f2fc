/*
 * report.c: the figures of crm-report: revenue by period or by a field,
 * cohort retention, the Pareto table and the summary.  Each reads the
 * purchases and refunds of a window once (crm_store_buys) and sums them
 * here, so that each figure is the few lines crm-report(1) defines.
 *
 * Times are UTC, as the index holds them: a day, a month or a week is a
 * UTC one, and --since DAY and --until DAY take whole days.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "internal.h"

#define DAY 86400

/* ---- the window and the contacts ---- */

struct win {
	int64_t t0, t1;		/* first and last second, inclusive */
	int has0, has1;
	char since[32], until[32];	/* as the index compares times */
};

/*
 * t as the index holds times; a midnight as the bare day, which sorts
 * before that day's times, so that "at >= day" takes the whole day.
 */
static void
iso(char out[32], int64_t t, int day_ok)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_time tm = { t, day_ok && t % DAY == 0 };

	crm_date_format(&b, &tm);
	snprintf(out, 32, "%s", b.buf);
	crm_buf_release(&b);
}

static int
window(struct win *w, const struct crm_report_opts *o)
{
	struct crm_time t;
	int rc;

	memset(w, 0, sizeof(*w));
	if (o->since && *o->since) {
		if ((rc = crm_date_parse(&t, o->since, crm_now())) < 0)
			return crm_err_set(CRM_EUSAGE, "--since: %s", crm_err_msg());
		w->t0 = t.t;
		w->has0 = 1;
		iso(w->since, w->t0, 1);
	}
	if (o->until && *o->until) {
		if ((rc = crm_date_parse(&t, o->until, crm_now())) < 0)
			return crm_err_set(CRM_EUSAGE, "--until: %s", crm_err_msg());
		/* a day is the whole day */
		w->t1 = t.date_only ? t.t + DAY - 1 : t.t;
		w->has1 = 1;
		iso(w->until, w->t1, 0);
	}
	if (w->has0 && w->has1 && w->t1 < w->t0)
		return crm_err_set(CRM_EUSAGE, "--until is before --since");
	return 0;
}

struct sel {
	struct crm_strset *ids;		/* NULL: every contact */
	struct crm_map *field;		/* contact -> value of --by FIELD */
	int chosen;			/* by --where or -, not only by
					   restricted: true */
};

static int
on_selected(const struct crm_row *row, void *arg)
{
	struct sel *s = arg;

	if (s->ids)
		crm_strset_add(s->ids, row->id);
	if (s->field)
		crm_map_put(s->field, row->id, row->values[0] ? row->values[0] : "");
	return 0;
}

/*
 * The contacts --where and - select (all when neither is given), and,
 * with field, each one's value of it.
 */
static int
select_contacts(struct sel *out, struct crm_store *s,
		const struct crm_report_opts *o, const char *field)
{
	char *cols[] = { (char *)field, NULL };
	struct crm_filter *f = NULL;
	struct crm_query q;
	int rc, restricts;

	memset(out, 0, sizeof(*out));
	out->chosen = (o->where && *o->where) || o->restrict_ids;
	restricts = crm_store_restricts(s);
	if (!out->chosen && !field && !restricts)
		return 0;
	if ((rc = crm_where_filter(&f, s, o->where)) < 0)
		return rc;
	if (out->chosen || restricts)
		out->ids = crm_strset_new();
	if (field)
		out->field = crm_map_new();
	memset(&q, 0, sizeof(q));
	q.kind = CRM_CONTACT;
	q.filter = f;
	q.columns = field ? cols : NULL;
	q.ncolumns = field ? 1 : 0;
	q.limit = -1;
	q.ids = o->ids;
	q.nids = o->nids;
	q.restrict_ids = o->restrict_ids;
	q.no_doc = 1;
	q.unordered = 1;
	rc = crm_store_query(s, &q, on_selected, out);
	crm_filter_free(f);
	if (rc == CRM_EUSAGE && field)
		rc = crm_err_set(CRM_EUSAGE, "--by: %s", crm_err_msg());
	return rc;
}

static void
sel_release(struct sel *s)
{
	crm_strset_free(s->ids);
	crm_map_free(s->field);
}

static int
selected(const struct sel *s, const char *contact)
{
	return !s->ids || crm_strset_has(s->ids, contact);
}

static char *
money_text(int64_t minor, int exp)
{
	struct crm_buf b = CRM_BUF_INIT;

	crm_money_format(&b, minor, exp);
	return crm_buf_detach(&b);
}

/* minor / n rounded half away from zero, in minor units. */
static int64_t
mean_minor(int64_t minor, int64_t n)
{
	if (n <= 0)
		return 0;
	return minor >= 0 ? (minor + n / 2) / n : -((-minor + n / 2) / n);
}

static int
store_exp(struct crm_store *s)
{
	return crm_money_exponent(crm_config_currency(crm_store_config(s)));
}

/* ---- periods ---- */

enum period { P_DAY, P_WEEK, P_MONTH, P_QUARTER, P_YEAR, P_NONE };

static enum period
period_of(const char *by)
{
	static const char *const names[] = { "day", "week", "month",
					     "quarter", "year" };
	int i;

	for (i = 0; i < P_NONE; i++)
		if (strcmp(by, names[i]) == 0)
			return (enum period)i;
	return P_NONE;
}

/* Days since 1970-01-01 of the UTC day of time t. */
static int64_t
day_of(int64_t t)
{
	return t >= 0 ? t / DAY : -((-t + DAY - 1) / DAY);
}

/* The civil date of day d (Howard Hinnant's civil_from_days). */
static void
civil(int64_t d, int *y, int *m, int *dd)
{
	int64_t z = d + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;

	*dd = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil). */
static int64_t
civil_days(int y, int m, int d)
{
	int64_t yy = m <= 2 ? y - 1 : y;
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/*
 * The period of day d as text (2026-11-23, 2026-W48, 2026-11, 2026-Q4,
 * 2026) and as a number that grows by one from a period to the next.
 * Weeks are ISO 8601 weeks: Monday to Sunday, numbered in the year of
 * their Thursday.
 */
static int64_t
period_key(char out[32], int64_t d, enum period p)
{
	int y, m, dd;

	switch (p) {
	case P_DAY:
		civil(d, &y, &m, &dd);
		snprintf(out, 32, "%04d-%02d-%02d", y, m, dd);
		return d;
	case P_WEEK: {
		int64_t wd = ((d + 3) % 7 + 7) % 7;	/* Monday 0 */
		int64_t thu = d - wd + 3;
		int ty, tm, td;

		civil(thu, &ty, &tm, &td);
		snprintf(out, 32, "%04d-W%02d", ty,
			 (int)((thu - civil_days(ty, 1, 1)) / 7 + 1));
		return (d - wd) / 7;
	}
	case P_MONTH:
		civil(d, &y, &m, &dd);
		snprintf(out, 32, "%04d-%02d", y, m);
		return (int64_t)y * 12 + m - 1;
	case P_QUARTER:
		civil(d, &y, &m, &dd);
		snprintf(out, 32, "%04d-Q%d", y, (m - 1) / 3 + 1);
		return (int64_t)y * 4 + (m - 1) / 3;
	case P_YEAR:
		civil(d, &y, &m, &dd);
		snprintf(out, 32, "%04d", y);
		return y;
	default:
		out[0] = '\0';
		return 0;
	}
}

static int64_t
time_of(const char *at)
{
	struct crm_time t;

	if (crm_date_parse(&t, at, 0) < 0) {
		crm_err_clear();
		return INT64_MIN;
	}
	return t.t;
}

/* ---- revenue ---- */

/* A row of a report in the making: revenue, activity or clv groups. */
struct group {
	char *key;
	int64_t n;		/* the period's number (time periods) */
	int64_t revenue, orders;
	int64_t value;		/* clv: the sum of the customers' values */
	int64_t count, done, overdue;	/* activity */
	struct crm_strset *customers;	/* or contacts touched */
};

struct groups {
	struct group *g;
	size_t n, alloc;
	struct crm_map *at;	/* key -> index + 1 */
};

static struct group *
group_get(struct groups *gs, const char *key, int64_t n)
{
	const char *at = crm_map_get(gs->at, key);
	char num[24];
	struct group *g;

	if (at)
		return &gs->g[strtoul(at, NULL, 10) - 1];
	if (gs->n == gs->alloc) {
		gs->alloc = gs->alloc ? 2 * gs->alloc : 64;
		gs->g = crm_xrealloc(gs->g, gs->alloc * sizeof(*gs->g));
	}
	g = &gs->g[gs->n];
	memset(g, 0, sizeof(*g));
	g->key = crm_xstrdup(key);
	g->n = n;
	g->customers = crm_strset_new();
	snprintf(num, sizeof(num), "%zu", ++gs->n);
	crm_map_put(gs->at, key, num);
	return g;
}

static void
groups_release(struct groups *gs)
{
	size_t i;

	for (i = 0; i < gs->n; i++) {
		free(gs->g[i].key);
		crm_strset_free(gs->g[i].customers);
	}
	free(gs->g);
	crm_map_free(gs->at);
}

static void
group_add(struct group *g, const struct crm_buy *b)
{
	g->revenue += b->revenue;
	if (b->purchase) {
		g->orders++;
		crm_strset_add(g->customers, b->contact);
	}
}

struct rev {
	struct sel sel;
	struct groups gs;
	enum period p;
	int64_t lo, hi;		/* the days with purchases */
	int any;
	struct crm_map *seg;	/* --by segment: contact -> RFM segment */
	const char *currency;	/* --by channel: the store's */
	int exp;
};

/*
 * --by channel: a purchase or refund as an interaction row (type, at,
 * contact, amount, currency, channel), grouped by its own channel field.
 */
static int
on_log_revenue(const struct crm_row *row, void *arg)
{
	struct rev *r = arg;
	const char *type = row->values[0], *amount = row->values[3];
	const char *cur = row->values[4], *channel = row->values[5];
	struct crm_buy b;
	int64_t minor = 0;

	if (!type || !row->values[1] || !row->values[2] ||
	    !selected(&r->sel, row->values[2]))
		return 0;
	b.contact = row->values[2];
	b.at = row->values[1];
	b.purchase = strcmp(type, "purchase") == 0;
	if (amount && (!cur || !*cur || strcmp(cur, r->currency) == 0) &&
	    crm_money_parse(&minor, amount, r->exp) < 0) {
		crm_err_clear();
		minor = 0;
	}
	b.revenue = b.purchase ? minor : -(minor < 0 ? -minor : minor);
	group_add(group_get(&r->gs, channel ? channel : "", 0), &b);
	return 0;
}

/* The purchases and refunds of the window, by the channel they came by. */
static int
revenue_by_channel(struct rev *r, struct crm_store *s, const struct win *w)
{
	static char *cols[] = { "type", "at", "contact", "amount", "currency",
				"channel", NULL };
	struct crm_buf fl = CRM_BUF_INIT;
	struct crm_filter *f = NULL;
	struct crm_query q;
	int rc;

	crm_buf_adds(&fl, "(type = purchase or type = refund)");
	if (w->has0)
		crm_buf_addf(&fl, " and at >= \"%s\"", w->since);
	if (w->has1)
		crm_buf_addf(&fl, " and at <= \"%s\"", w->until);
	rc = crm_filter_parse(&f, fl.buf, CRM_LOG, crm_store_config(s), NULL,
			      crm_now());
	crm_buf_release(&fl);
	if (rc < 0)
		return rc;
	r->currency = crm_config_currency(crm_store_config(s));
	r->exp = store_exp(s);
	memset(&q, 0, sizeof(q));
	q.kind = CRM_LOG;
	q.filter = f;
	q.columns = cols;
	q.ncolumns = 6;
	q.limit = -1;
	q.no_doc = 1;
	q.unordered = 1;
	rc = crm_store_query(s, &q, on_log_revenue, r);
	crm_filter_free(f);
	return rc;
}

static int
on_buy_revenue(const struct crm_buy *b, void *arg)
{
	struct rev *r = arg;
	const char *v, *sep;
	struct crm_buf one = CRM_BUF_INIT;

	if (!selected(&r->sel, b->contact))
		return 0;
	if (r->p != P_NONE) {
		int64_t t = time_of(b->at), d;
		char key[32];
		int64_t n;

		if (t == INT64_MIN)
			return 0;
		d = day_of(t);
		n = period_key(key, d, r->p);
		group_add(group_get(&r->gs, key, n), b);
		if (!r->any || d < r->lo)
			r->lo = d;
		if (!r->any || d > r->hi)
			r->hi = d;
		r->any = 1;
		return 0;
	}
	v = r->seg ? crm_map_get(r->seg, b->contact) :
	    crm_map_get(r->sel.field, b->contact);
	if (!v || !*v) {
		group_add(group_get(&r->gs, "", 0), b);
		return 0;
	}
	/* a list field: the buy counts in the group of each element */
	for (;; v = sep + 1) {
		sep = strchr(v, '\x1f');
		crm_buf_reset(&one);
		crm_buf_add(&one, v, sep ? (size_t)(sep - v) : strlen(v));
		group_add(group_get(&r->gs, one.buf, 0), b);
		if (!sep)
			break;
	}
	crm_buf_release(&one);
	return 0;
}

static int
by_number(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	return x->n < y->n ? -1 : x->n > y->n;
}

static int
by_revenue(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->revenue != y->revenue)
		return x->revenue > y->revenue ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* The percentage change from prev to cur, one decimal; "" without prev. */
static void
change_text(char out[32], int64_t cur, int64_t prev, int has_prev)
{
	if (!has_prev || prev == 0) {
		out[0] = '\0';
		return;
	}
	snprintf(out, 32, "%.1f", 100.0 * (double)(cur - prev) /
		 (double)(prev < 0 ? -prev : prev));
}

static int
rfm_segments(struct crm_map **out, struct crm_store *s,
	     const struct crm_report_opts *o)
{
	struct crm_seg_opts so;
	struct crm_table *t = NULL;
	size_t i;
	int rc;

	memset(&so, 0, sizeof(so));
	so.at = o->until;
	if ((rc = crm_segment_rfm(&t, s, &so)) < 0)
		return rc;
	*out = crm_map_new();
	for (i = 0; i < t->nrows; i++)
		crm_map_put(*out, t->cells[i * t->ncols],
			    t->cells[i * t->ncols + t->ncols - 1]);
	crm_table_free(t);
	return 0;
}

int
crm_report_revenue(struct crm_table **out, struct crm_store *s,
		   const struct crm_report_opts *o)
{
	static const char *const tcols[] = {
		"period", "revenue", "orders", "customers", "average_order",
		"change"
	};
	static const char *const fcols[] = {
		"value", "revenue", "orders", "customers", "average_order",
		"share"
	};
	static const int num[] = { 0, 1, 1, 1, 1, 1 };
	const char *by = o->by && *o->by ? o->by : "month";
	struct rev r;
	struct win w;
	struct crm_table *t;
	int64_t total = 0, prev = 0;
	size_t i;
	int rc, exp = store_exp(s), has_prev = 0;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	r.gs.at = crm_map_new();
	r.p = period_of(by);
	if ((rc = window(&w, o)) < 0)
		goto out;
	if (r.p == P_NONE && strcmp(by, "segment") == 0)
		rc = rfm_segments(&r.seg, s, o);
	if (rc == 0 && strcmp(by, "channel") == 0) {
		/* the interactions' own field, not the contacts' */
		if ((rc = select_contacts(&r.sel, s, o, NULL)) == 0)
			rc = revenue_by_channel(&r, s, &w);
	} else if (rc == 0) {
		rc = select_contacts(&r.sel, s, o,
				     r.p == P_NONE && !r.seg ? by : NULL);
		if (rc == 0)
			rc = crm_store_buys(s, w.has0 ? w.since : NULL,
					    w.has1 ? w.until : NULL,
					    on_buy_revenue, &r);
	}
	if (rc < 0)
		goto out;
	if (r.p != P_NONE) {
		/* every period of the window, those without sales too */
		int64_t d0 = w.has0 ? day_of(w.t0) : r.lo;
		int64_t d1 = w.has1 ? day_of(w.t1) : r.hi;
		int64_t d;
		char key[32];

		if (r.any || (w.has0 && w.has1))
			for (d = d0; d <= d1; d++)
				group_get(&r.gs, (period_key(key, d, r.p), key),
					  period_key(key, d, r.p));
		if (r.gs.n)
			qsort(r.gs.g, r.gs.n, sizeof(*r.gs.g), by_number);
	} else if (r.gs.n) {
		qsort(r.gs.g, r.gs.n, sizeof(*r.gs.g), by_revenue);
	}
	for (i = 0; i < r.gs.n; i++)
		total += r.gs.g[i].revenue;
	t = crm_table_new(6, r.p != P_NONE ? tcols : fcols, num);
	for (i = 0; i < r.gs.n; i++) {
		const struct group *g = &r.gs.g[i];
		char *rv = money_text(g->revenue, exp), orders[24], cust[24];
		char *aov = g->orders ? money_text(mean_minor(g->revenue, g->orders),
						   exp) : NULL;
		char last[32];
		const char *row[6];

		snprintf(orders, sizeof(orders), "%lld", (long long)g->orders);
		snprintf(cust, sizeof(cust), "%zu", crm_strset_count(g->customers));
		if (r.p != P_NONE) {
			change_text(last, g->revenue, prev, has_prev);
			prev = g->revenue;
			has_prev = 1;
		} else {
			snprintf(last, sizeof(last), "%.4f",
				 total ? (double)g->revenue / (double)total : 0.0);
		}
		row[0] = g->key;
		row[1] = rv;
		row[2] = orders;
		row[3] = cust;
		row[4] = aov;
		row[5] = last;
		crm_table_row(t, row);
		free(rv);
		free(aov);
	}
	*out = t;
out:
	groups_release(&r.gs);
	sel_release(&r.sel);
	crm_map_free(r.seg);
	return rc;
}

/* ---- cohorts ---- */

struct cohort {
	struct sel sel;
	enum period p;
	struct crm_map *first;		/* contact -> first period, as text */
	struct crm_strset *active;	/* "contact\x1fperiod" */
	int64_t lo, hi;
	int any;
};

static int
on_buy_cohort(const struct crm_buy *b, void *arg)
{
	struct cohort *c = arg;
	struct crm_buf pair = CRM_BUF_INIT;
	const char *f;
	char key[32], num[24];
	int64_t t, n;

	if (!b->purchase || !selected(&c->sel, b->contact))
		return 0;
	if ((t = time_of(b->at)) == INT64_MIN)
		return 0;
	n = period_key(key, day_of(t), c->p);
	f = crm_map_get(c->first, b->contact);
	if (!f || n < strtoll(f, NULL, 10)) {
		snprintf(num, sizeof(num), "%lld", (long long)n);
		crm_map_put(c->first, b->contact, num);
	}
	crm_buf_addf(&pair, "%s\x1f%lld", b->contact, (long long)n);
	crm_strset_add(c->active, pair.buf);
	crm_buf_release(&pair);
	if (!c->any || n < c->lo)
		c->lo = n;
	if (!c->any || n > c->hi)
		c->hi = n;
	c->any = 1;
	return 0;
}

struct tally {
	struct cohort *c;
	int64_t *cnt;		/* [cohort - lo][k], (hi - lo + 1) squared */
	int64_t *size;
	size_t w;
};

static void
count_pair(const char *pair, void *arg)
{
	struct tally *t = arg;
	const char *sep = strchr(pair, '\x1f');
	struct crm_buf who = CRM_BUF_INIT;
	int64_t n, f;

	if (!sep)
		return;
	crm_buf_add(&who, pair, (size_t)(sep - pair));
	n = strtoll(sep + 1, NULL, 10);
	f = strtoll(crm_map_get(t->c->first, who.buf), NULL, 10);
	t->cnt[(size_t)(f - t->c->lo) * t->w + (size_t)(n - f)]++;
	if (n == f)
		t->size[f - t->c->lo]++;
	crm_buf_release(&who);
}

/* The text of period number n (its first day's period). */
static void
period_name(char out[32], int64_t n, enum period p)
{
	int64_t y = p == P_MONTH ? n / 12 : n / 4;
	int m = p == P_MONTH ? (int)(n % 12) + 1 : (int)(n % 4) * 3 + 1;

	if (p == P_MONTH)
		snprintf(out, 32, "%04lld-%02d", (long long)y, m);
	else
		snprintf(out, 32, "%04lld-Q%d", (long long)y, (m - 1) / 3 + 1);
}

int
crm_report_cohort(struct crm_table **out, struct crm_store *s,
		  const struct crm_report_opts *o)
{
	struct cohort c;
	struct tally ty;
	struct win w;
	struct crm_table *t = NULL;
	char **names = NULL, **cells = NULL;
	int *num = NULL;
	size_t i, k, ncols = 0;
	int64_t last, first;
	int rc;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	memset(&ty, 0, sizeof(ty));
	c.p = period_of(o->by && *o->by ? o->by : "month");
	if (c.p != P_MONTH && c.p != P_QUARTER)
		return crm_err_set(CRM_EUSAGE, "cohort --by takes month or quarter");
	if ((rc = window(&w, o)) < 0)
		return rc;
	c.first = crm_map_new();
	c.active = crm_strset_new();
	/* first purchases from the beginning: --since picks cohorts only */
	if ((rc = select_contacts(&c.sel, s, o, NULL)) < 0 ||
	    (rc = crm_store_buys(s, NULL, w.has1 ? w.until : NULL,
				 on_buy_cohort, &c)) < 0)
		goto out;
	last = c.hi;
	first = c.lo;
	{
		char key[32];

		if (w.has1)
			last = period_key(key, day_of(w.t1), c.p);
		if (w.has0)
			first = period_key(key, day_of(w.t0), c.p);
	}
	ncols = c.any ? (size_t)(last - c.lo + 1) : 0;
	ty.c = &c;
	ty.w = ncols;
	ty.cnt = crm_xcalloc(ncols * ncols + 1, sizeof(*ty.cnt));
	ty.size = crm_xcalloc(ncols + 1, sizeof(*ty.size));
	crm_strset_each(c.active, count_pair, &ty);
	names = crm_xcalloc(ncols + 2, sizeof(*names));
	num = crm_xcalloc(ncols + 2, sizeof(*num));
	names[0] = crm_xstrdup("cohort");
	names[1] = crm_xstrdup("customers");
	num[1] = 1;
	for (k = 0; k < ncols; k++) {
		struct crm_buf b = CRM_BUF_INIT;

		crm_buf_addf(&b, "%zu", k);
		names[k + 2] = crm_buf_detach(&b);
		num[k + 2] = 1;
	}
	t = crm_table_new(ncols + 2, (const char *const *)names, num);
	cells = crm_xcalloc(ncols + 2, sizeof(*cells));
	for (i = 0; i < ncols; i++) {
		int64_t n = c.lo + (int64_t)i;
		char key[32], *sz;

		period_name(key, n, c.p);
		/* cohorts that start before --since are left out */
		if (!ty.size[i] || n < first)
			continue;
		{
			struct crm_buf b = CRM_BUF_INIT;

			crm_buf_addf(&b, "%lld", (long long)ty.size[i]);
			sz = crm_buf_detach(&b);
		}
		cells[0] = crm_xstrdup(key);
		cells[1] = sz;
		for (k = 0; k < ncols; k++) {
			struct crm_buf b = CRM_BUF_INIT;
			int64_t v;

			cells[k + 2] = NULL;
			if (n + (int64_t)k > last)
				continue;	/* not yet: the triangle */
			v = ty.cnt[i * ncols + k];
			if (o->counts)
				crm_buf_addf(&b, "%lld", (long long)v);
			else
				crm_buf_addf(&b, "%.1f", 100.0 * (double)v /
					     (double)ty.size[i]);
			cells[k + 2] = crm_buf_detach(&b);
		}
		crm_table_row(t, (const char *const *)cells);
		for (k = 0; k < ncols + 2; k++) {
			free(cells[k]);
			cells[k] = NULL;
		}
	}
	*out = t;
	t = NULL;
out:
	if (names)
		for (k = 0; k < ncols + 2; k++)
			free(names[k]);
	free(names);
	free(num);
	free(cells);
	free(ty.cnt);
	free(ty.size);
	crm_table_free(t);
	crm_map_free(c.first);
	crm_strset_free(c.active);
	sel_release(&c.sel);
	return rc;
}

/* ---- Pareto ---- */

struct spend {
	struct sel sel;
	struct crm_map *at;	/* contact -> index + 1 */
	int64_t *rev;
	char *buyer;		/* 1: a purchase in the window */
	size_t n, alloc;
};

static int
on_buy_spend(const struct crm_buy *b, void *arg)
{
	struct spend *p = arg;
	const char *at;
	char num[24];

	if (!selected(&p->sel, b->contact))
		return 0;
	at = crm_map_get(p->at, b->contact);
	if (!at) {
		if (p->n == p->alloc) {
			p->alloc = p->alloc ? 2 * p->alloc : 256;
			p->rev = crm_xrealloc(p->rev, p->alloc * sizeof(*p->rev));
			p->buyer = crm_xrealloc(p->buyer, p->alloc);
		}
		p->rev[p->n] = 0;
		p->buyer[p->n] = 0;
		snprintf(num, sizeof(num), "%zu", ++p->n);
		crm_map_put(p->at, b->contact, num);
		at = crm_map_get(p->at, b->contact);
	}
	p->rev[strtoul(at, NULL, 10) - 1] += b->revenue;
	if (b->purchase)
		p->buyer[strtoul(at, NULL, 10) - 1] = 1;
	return 0;
}

static int
larger_first(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x > y ? -1 : x < y;
}

int
crm_report_pareto(struct crm_table **out, struct crm_store *s,
		  const struct crm_report_opts *o)
{
	static const char *const cols[] = { "top", "customers", "revenue", "share" };
	static const int num[] = { 0, 1, 1, 1 };
	static const int pct[] = { 1, 5, 10, 20, 50, 100 };
	struct spend p;
	struct win w;
	struct crm_table *t;
	int64_t total = 0, cum = 0;
	size_t i, k, done = 0;
	int rc, exp = store_exp(s);

	*out = NULL;
	memset(&p, 0, sizeof(p));
	if ((rc = window(&w, o)) < 0)
		return rc;
	p.at = crm_map_new();
	if ((rc = select_contacts(&p.sel, s, o, NULL)) < 0 ||
	    (rc = crm_store_buys(s, w.has0 ? w.since : NULL,
				 w.has1 ? w.until : NULL, on_buy_spend, &p)) < 0)
		goto out;
	/* customers: a purchase in the window; refunds alone make none */
	for (i = k = 0; i < p.n; i++)
		if (p.buyer[i])
			p.rev[k++] = p.rev[i];
	p.n = k;
	if (p.n)
		qsort(p.rev, p.n, sizeof(*p.rev), larger_first);
	for (i = 0; i < p.n; i++)
		total += p.rev[i];
	t = crm_table_new(4, cols, num);
	for (k = 0; k < sizeof(pct) / sizeof(*pct); k++) {
		size_t want = ((size_t)pct[k] * p.n + 99) / 100;
		char top[8], cu[24], sh[24], *rv;
		const char *row[4];

		if (want == 0 && p.n)
			want = 1;
		for (; done < want; done++)
			cum += p.rev[done];
		snprintf(top, sizeof(top), "%d%%", pct[k]);
		snprintf(cu, sizeof(cu), "%zu", want);
		snprintf(sh, sizeof(sh), "%.4f", total ? (double)cum / (double)total : 0.0);
		rv = money_text(cum, exp);
		row[0] = top;
		row[1] = cu;
		row[2] = rv;
		row[3] = sh;
		crm_table_row(t, row);
		free(rv);
	}
	*out = t;
out:
	free(p.rev);
	free(p.buyer);
	crm_map_free(p.at);
	sel_release(&p.sel);
	return rc;
}

/* ---- the summary ---- */

struct summary {
	struct crm_table *t;
	struct sel sel;
	int64_t now, m0, m1;		/* now; this month's and last month's start */
	int64_t stage_n[64];
	char *stage[64];
	size_t nstages;
	int64_t new30, new60;
	struct crm_map *types;		/* type -> "n30 n60" */
	int64_t open, overdue;
	char today[32];
	int64_t rev_this, rev_last;
	int64_t pipe, weighted;
	const struct crm_config *cfg;
	int exp;
	int ntop;
};

static void
summary_row(struct summary *m, const char *section, const char *item,
	    const char *value, const char *previous)
{
	const char *row[4] = { section, item, value, previous };

	crm_table_row(m->t, row);
}

static int
on_sum_contact(const struct crm_row *row, void *arg)
{
	struct summary *m = arg;
	const char *stage = row->values[0] ? row->values[0] : "";
	int64_t t;
	size_t i;

	if (!selected(&m->sel, row->id))
		return 0;
	for (i = 0; i < m->nstages && strcmp(m->stage[i], stage); i++)
		;
	if (i == m->nstages && i < 64)
		m->stage[m->nstages++] = crm_xstrdup(stage);
	if (i < 64)
		m->stage_n[i]++;
	if (row->values[1] && (t = time_of(row->values[1])) != INT64_MIN &&
	    t <= m->now) {
		if (t > m->now - 30 * DAY)
			m->new30++;
		else if (t > m->now - 60 * DAY)
			m->new60++;
	}
	return 0;
}

static int
on_sum_task(const char *contact, const char *due, const char *type, void *arg)
{
	struct summary *m = arg;

	if (!selected(&m->sel, contact))
		return 0;
	m->open++;
	if (*due && strncmp(due, m->today, 10) < 0)
		m->overdue++;
	return 0;
}

static int
on_sum_log(const char *contact, const char *at, const char *type, void *arg)
{
	struct summary *m = arg;
	const char *had;
	long long a = 0, b = 0;
	char num[48];
	int64_t t;

	if (!selected(&m->sel, contact))
		return 0;
	if ((t = time_of(at)) == INT64_MIN || t > m->now || t <= m->now - 60 * DAY)
		return 0;
	if ((had = crm_map_get(m->types, type)))
		sscanf(had, "%lld %lld", &a, &b);
	if (t > m->now - 30 * DAY)
		a++;
	else
		b++;
	snprintf(num, sizeof(num), "%lld %lld", a, b);
	crm_map_put(m->types, type, num);
	return 0;
}

static int
on_sum_buy(const struct crm_buy *b, void *arg)
{
	struct summary *m = arg;
	int64_t t;

	if (!selected(&m->sel, b->contact) || (t = time_of(b->at)) == INT64_MIN)
		return 0;
	if (t >= m->m0)
		m->rev_this += b->revenue;
	else if (t >= m->m1)
		m->rev_last += b->revenue;
	return 0;
}

static int
on_sum_deal(const struct crm_row *row, void *arg)
{
	struct summary *m = arg;
	const char *stage = row->values[0], *amount = row->values[1];
	const char *cur = row->values[2], *prob = row->values[3];
	const char *store_cur = crm_config_currency(m->cfg);
	int64_t minor;
	int p;

	if (!stage || strcmp(stage, "won") == 0 || strcmp(stage, "lost") == 0 ||
	    !amount || (cur && *cur && strcmp(cur, store_cur) != 0) ||
	    (row->values[4] && !selected(&m->sel, row->values[4])) ||
	    (!row->values[4] && m->sel.ids))
		return 0;
	if (crm_money_parse(&minor, amount, m->exp) < 0) {
		crm_err_clear();
		return 0;
	}
	p = prob && *prob ? atoi(prob) : crm_config_probability(m->cfg, stage);
	if (p < 0)
		p = 0;
	m->pipe += minor;
	m->weighted += mean_minor(minor * p, 100);
	return 0;
}

static int
on_sum_top(const struct crm_row *row, void *arg)
{
	struct summary *m = arg;

	/* five, those a selection leaves out skipped (the query runs on) */
	if (m->ntop == 5 || !selected(&m->sel, row->id))
		return 0;
	m->ntop++;
	summary_row(m, "top customers", row->values[0] ? row->values[0] : row->id,
		    row->values[1], NULL);
	return 0;
}

/* Calls fn for every record of kind k, with the columns cols. */
static int
walk(struct crm_store *s, enum crm_kind k, char **cols, size_t ncols,
     const char *sort, long limit, const struct crm_report_opts *o,
     int (*fn)(const struct crm_row *, void *), void *arg)
{
	struct crm_query q;

	memset(&q, 0, sizeof(q));
	q.kind = k;
	q.columns = cols;
	q.ncolumns = ncols;
	q.sort = sort;
	q.limit = limit;
	q.no_doc = 1;
	q.unordered = !sort;
	if (k == CRM_CONTACT && sort) {
		q.ids = o->ids;
		q.nids = o->nids;
		q.restrict_ids = o->restrict_ids;
	}
	return crm_store_query(s, &q, fn, arg);
}

int
crm_report_summary(struct crm_table **out, struct crm_store *s,
		   const struct crm_report_opts *o)
{
	static const char *const cols[] = { "section", "item", "value", "previous" };
	static const int num[] = { 0, 0, 1, 1 };
	static char *ccols[] = { "stage", "created", NULL };
	static char *dcols[] = { "stage", "amount", "currency", "probability",
				 "contact", NULL };
	static char *tcols[] = { "name", "revenue", NULL };
	static const char *const types[] = { "call", "email", "meeting", "note",
					     "purchase", "refund", "support",
					     "task" };
	struct summary m;
	struct crm_time at;
	size_t i;
	int rc, y, mo, d;

	*out = NULL;
	memset(&m, 0, sizeof(m));
	m.now = crm_now();
	if (o->at && *o->at) {
		if ((rc = crm_date_parse(&at, o->at, crm_now())) < 0)
			return crm_err_set(CRM_EUSAGE, "--at: %s", crm_err_msg());
		m.now = at.date_only ? at.t + DAY - 1 : at.t;
	}
	civil(day_of(m.now), &y, &mo, &d);
	snprintf(m.today, sizeof(m.today), "%04d-%02d-%02d", y, mo, d);
	m.m0 = civil_days(y, mo, 1) * DAY;
	m.m1 = civil_days(mo == 1 ? y - 1 : y, mo == 1 ? 12 : mo - 1, 1) * DAY;
	m.cfg = crm_store_config(s);
	m.exp = store_exp(s);
	m.types = crm_map_new();
	m.t = crm_table_new(4, cols, num);
	{
		char from[32];

		/* touches of the last 60 days; open tasks */
		iso(from, m.now - 60 * DAY, 0);
		if ((rc = select_contacts(&m.sel, s, o, NULL)) < 0 ||
		    (rc = walk(s, CRM_CONTACT, ccols, 2, NULL, -1, o,
			       on_sum_contact, &m)) < 0 ||
		    (rc = crm_store_touches(s, from, 0, on_sum_log, &m)) < 0 ||
		    (rc = crm_store_touches(s, NULL, 1, on_sum_task, &m)) < 0 ||
		    (rc = walk(s, CRM_DEAL, dcols, 5, NULL, -1, o,
			       on_sum_deal, &m)) < 0)
			goto out;
	}
	{
		char iso0[32], iso1[32];

		iso(iso0, m.m1, 1);
		iso(iso1, m.now, 0);
		if ((rc = crm_store_buys(s, iso0, iso1, on_sum_buy, &m)) < 0)
			goto out;
	}
	for (i = 0; i < m.nstages; i++) {
		char n[24];

		snprintf(n, sizeof(n), "%lld", (long long)m.stage_n[i]);
		summary_row(&m, "contacts by stage", *m.stage[i] ? m.stage[i] :
			    "(none)", n, NULL);
	}
	{
		char a[24], b[24];

		snprintf(a, sizeof(a), "%lld", (long long)m.new30);
		snprintf(b, sizeof(b), "%lld", (long long)m.new60);
		summary_row(&m, "new contacts", "last 30 days", a, b);
	}
	for (i = 0; i < sizeof(types) / sizeof(*types); i++) {
		const char *v = crm_map_get(m.types, types[i]);
		long long a = 0, b = 0;
		char x[24], z[24];

		if (v)
			sscanf(v, "%lld %lld", &a, &b);
		snprintf(x, sizeof(x), "%lld", a);
		snprintf(z, sizeof(z), "%lld", b);
		summary_row(&m, "interactions, last 30 days", types[i], x, z);
	}
	{
		char *a = money_text(m.rev_this, m.exp), *b = money_text(m.rev_last, m.exp);

		summary_row(&m, "revenue", "this month", a, b);
		free(a);
		free(b);
	}
	/* the five first: read on past those a selection leaves out */
	if ((rc = walk(s, CRM_CONTACT, tcols, 2, "-revenue,name",
		       m.sel.ids ? -1 : 5, o, on_sum_top, &m)) < 0)
		goto out;
	{
		char a[24], b[24];

		snprintf(a, sizeof(a), "%lld", (long long)m.open);
		snprintf(b, sizeof(b), "%lld", (long long)m.overdue);
		summary_row(&m, "tasks", "open", a, NULL);
		summary_row(&m, "tasks", "overdue", b, NULL);
	}
	{
		char *a = money_text(m.pipe, m.exp), *b = money_text(m.weighted, m.exp);

		summary_row(&m, "pipeline", "open deals", a, NULL);
		summary_row(&m, "pipeline", "weighted by probability", b, NULL);
		free(a);
		free(b);
	}
	*out = m.t;
	m.t = NULL;
out:
	crm_table_free(m.t);
	for (i = 0; i < m.nstages; i++)
		free(m.stage[i]);
	crm_map_free(m.types);
	sel_release(&m.sel);
	return rc;
}

/* ---- the pipeline ---- */

struct pline {
	char *key;
	int64_t deals, amount, weighted;
};

struct pipe_rep {
	struct sel sel;
	const struct crm_config *cfg;
	int exp;
	int64_t now;
	struct pline *stage, *close;
	size_t nstage, nclose;
	int64_t won, lost, won_amount, lost_amount;
	int64_t open_days, nopen, closed_days, nclosed;
};

static struct pline *
pline_get(struct pline **v, size_t *n, const char *key)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i].key, key) == 0)
			return &(*v)[i];
	*v = crm_xrealloc(*v, (*n + 1) * sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	(*v)[*n].key = crm_xstrdup(key);
	return &(*v)[(*n)++];
}

static int
on_deal(const struct crm_row *row, void *arg)
{
	struct pipe_rep *p = arg;
	const char *stage = row->values[0] ? row->values[0] : "";
	const char *amount = row->values[1], *cur = row->values[2];
	const char *prob = row->values[3], *close = row->values[4];
	const char *created = row->values[5], *updated = row->values[6];
	const char *contact = row->values[7];
	int64_t minor = 0, w, t0, t1;
	struct pline *l;
	int pr, open;

	if (p->sel.ids && (!contact || !crm_strset_has(p->sel.ids, contact)))
		return 0;
	/* amounts in another currency, or unreadable, count as none */
	if (amount && (!cur || !*cur || strcmp(cur, crm_config_currency(p->cfg)) == 0) &&
	    crm_money_parse(&minor, amount, p->exp) < 0) {
		crm_err_clear();
		minor = 0;
	}
	pr = prob && *prob ? atoi(prob) : crm_config_probability(p->cfg, stage);
	if (pr < 0)
		pr = 0;
	w = mean_minor(minor * pr, 100);
	l = pline_get(&p->stage, &p->nstage, stage);
	l->deals++;
	l->amount += minor;
	l->weighted += w;
	open = strcmp(stage, "won") && strcmp(stage, "lost");
	t0 = created ? time_of(created) : INT64_MIN;
	if (open) {
		char key[32];
		int64_t c = close ? time_of(close) : INT64_MIN;

		if (c != INT64_MIN)
			period_key(key, day_of(c), P_MONTH);
		else
			snprintf(key, sizeof(key), "(no close date)");
		l = pline_get(&p->close, &p->nclose, key);
		l->deals++;
		l->amount += minor;
		l->weighted += w;
		if (t0 != INT64_MIN && t0 <= p->now) {
			p->open_days += (p->now - t0) / DAY;
			p->nopen++;
		}
		return 0;
	}
	if (strcmp(stage, "won") == 0) {
		p->won++;
		p->won_amount += minor;
	} else {
		p->lost++;
		p->lost_amount += minor;
	}
	t1 = close ? time_of(close) : INT64_MIN;
	if (t1 == INT64_MIN && updated)
		t1 = time_of(updated);
	if (t0 != INT64_MIN && t1 != INT64_MIN && t1 >= t0) {
		p->closed_days += (t1 - t0) / DAY;
		p->nclosed++;
	}
	return 0;
}

/* The stays of deals in each stage, from the commits that moved them. */
struct stays {
	struct pipe_rep *p;
	struct pline *v;	/* key: stage; deals: stays; amount: seconds */
	size_t n;
};

static int
on_stay(const char *stage, const char *contact, int64_t seconds, int done,
	void *arg)
{
	struct stays *st = arg;
	struct pline *l;

	(void)done;
	if (st->p->sel.ids && !crm_strset_has(st->p->sel.ids, contact))
		return 0;
	/* won and lost are where deals end, not stages they pass */
	if (!strcmp(stage, "won") || !strcmp(stage, "lost"))
		return 0;
	l = pline_get(&st->v, &st->n, stage);
	l->deals++;
	l->amount += seconds;
	return 0;
}

static int
by_key(const void *a, const void *b)
{
	return strcmp(((const struct pline *)a)->key, ((const struct pline *)b)->key);
}

static void
pipe_row(struct crm_table *t, const char *section, const char *item,
	 int64_t deals, const char *amount, const char *weighted)
{
	char n[24];
	const char *row[5];

	snprintf(n, sizeof(n), "%lld", (long long)deals);
	row[0] = section;
	row[1] = item;
	row[2] = n;
	row[3] = amount;
	row[4] = weighted;
	crm_table_row(t, row);
}

int
crm_report_pipeline(struct crm_table **out, struct crm_store *s,
		    const struct crm_report_opts *o)
{
	static const char *const cols[] = { "section", "item", "deals", "value",
					    "weighted" };
	static const int num[] = { 0, 0, 1, 1, 1 };
	static char *dcols[] = { "stage", "amount", "currency", "probability",
				 "close", "created", "updated", "contact", NULL };
	struct pipe_rep p;
	struct crm_table *t = NULL;
	struct crm_query q;
	struct crm_time at;
	size_t i, k;
	int rc;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.cfg = crm_store_config(s);
	p.exp = store_exp(s);
	p.now = crm_now();
	if (o->at && *o->at) {
		if ((rc = crm_date_parse(&at, o->at, crm_now())) < 0)
			return crm_err_set(CRM_EUSAGE, "--at: %s", crm_err_msg());
		p.now = at.date_only ? at.t + DAY - 1 : at.t;
	}
	if ((rc = select_contacts(&p.sel, s, o, NULL)) < 0)
		goto out;
	memset(&q, 0, sizeof(q));
	q.kind = CRM_DEAL;
	q.columns = dcols;
	q.ncolumns = 8;
	q.limit = -1;
	q.no_doc = 1;
	q.unordered = 1;
	if ((rc = crm_store_query(s, &q, on_deal, &p)) < 0)
		goto out;
	t = crm_table_new(5, cols, num);
	/* the stages in crm.yaml's order, then any other, by name */
	for (k = 0; k <= crm_config_nstages(p.cfg); k++) {
		for (i = 0; i < p.nstage; i++) {
			const char *name = k < crm_config_nstages(p.cfg) ?
				crm_config_stage(p.cfg, k) : NULL;
			char *a, *w;

			if (name ? strcmp(p.stage[i].key, name) != 0 :
			    crm_config_probability(p.cfg, p.stage[i].key) >= 0)
				continue;
			a = money_text(p.stage[i].amount, p.exp);
			w = money_text(p.stage[i].weighted, p.exp);
			pipe_row(t, "stage", *p.stage[i].key ? p.stage[i].key :
				 "(none)", p.stage[i].deals, a, w);
			free(a);
			free(w);
		}
	}
	if (p.nclose)
		qsort(p.close, p.nclose, sizeof(*p.close), by_key);
	for (i = 0; i < p.nclose; i++) {
		char *a = money_text(p.close[i].amount, p.exp);
		char *w = money_text(p.close[i].weighted, p.exp);

		pipe_row(t, "expected close", p.close[i].key, p.close[i].deals, a, w);
		free(a);
		free(w);
	}
	{
		char *a = money_text(p.won_amount, p.exp);
		char *b = money_text(p.lost_amount, p.exp);
		char rate[32], days[32];

		pipe_row(t, "outcome", "won", p.won, a, NULL);
		pipe_row(t, "outcome", "lost", p.lost, b, NULL);
		if (p.won + p.lost)
			snprintf(rate, sizeof(rate), "%.1f", 100.0 * (double)p.won /
				 (double)(p.won + p.lost));
		else
			rate[0] = '\0';
		pipe_row(t, "outcome", "win rate (%)", p.won + p.lost, rate, NULL);
		free(a);
		free(b);
		if (p.nopen)
			snprintf(days, sizeof(days), "%.1f", (double)p.open_days /
				 (double)p.nopen);
		else
			days[0] = '\0';
		pipe_row(t, "days in the pipeline", "open deals, so far", p.nopen,
			 days, NULL);
		if (p.nclosed)
			snprintf(days, sizeof(days), "%.1f", (double)p.closed_days /
				 (double)p.nclosed);
		else
			days[0] = '\0';
		pipe_row(t, "days in the pipeline", "closed deals", p.nclosed, days,
			 NULL);
	}
	if (o->history) {
		struct stays st = { &p, NULL, 0 };

		if ((rc = crm_store_stage_stays(s, p.now, on_stay, &st)) == 0) {
			/* the stages in crm.yaml's order, then any other */
			for (k = 0; k <= crm_config_nstages(p.cfg); k++)
				for (i = 0; i < st.n; i++) {
					const char *name = k < crm_config_nstages(p.cfg) ?
						crm_config_stage(p.cfg, k) : NULL;
					char days[32];

					if (name ? strcmp(st.v[i].key, name) != 0 :
					    crm_config_probability(p.cfg, st.v[i].key) >= 0)
						continue;
					snprintf(days, sizeof(days), "%.1f",
						 (double)st.v[i].amount / DAY /
						 (double)st.v[i].deals);
					pipe_row(t, "days in stage", st.v[i].key,
						 st.v[i].deals, days, NULL);
				}
		}
		for (i = 0; i < st.n; i++)
			free(st.v[i].key);
		free(st.v);
		if (rc < 0)
			goto out;
	}
	*out = t;
	t = NULL;
out:
	crm_table_free(t);
	for (i = 0; i < p.nstage; i++)
		free(p.stage[i].key);
	for (i = 0; i < p.nclose; i++)
		free(p.close[i].key);
	free(p.stage);
	free(p.close);
	sel_release(&p.sel);
	return rc;
}

/* ---- activity ---- */

struct activity {
	struct sel sel;
	enum period p;
	const char *by;
	char today[32];
	struct groups gs;
};

static int
on_activity(const struct crm_row *row, void *arg)
{
	struct activity *a = arg;
	const char *type = row->values[0], *at = row->values[1];
	const char *contact = row->values[2], *channel = row->values[3];
	const char *due = row->values[4], *done = row->values[5];
	const char *key = "";
	char pk[32];
	int64_t order = 0, t;
	struct group *g;

	if (!type || !at || !contact || !selected(&a->sel, contact))
		return 0;
	if (a->p != P_NONE) {
		if ((t = time_of(at)) == INT64_MIN)
			return 0;
		order = period_key(pk, day_of(t), a->p);
		key = pk;
	} else if (strcmp(a->by, "type") == 0) {
		key = type;
	} else if (strcmp(a->by, "channel") == 0) {
		key = channel ? channel : "";
	} else {
		key = crm_map_get(a->sel.field, contact);
		if (!key)
			key = "";
	}
	g = group_get(&a->gs, key, order);
	g->count++;
	crm_strset_add(g->customers, contact);
	if (strcmp(type, "task") == 0) {
		if (done && *done)
			g->done++;
		else if (due && *due && strncmp(due, a->today, 10) < 0)
			g->overdue++;
	}
	return 0;
}

static int
by_count(const void *x, const void *y)
{
	const struct group *a = x, *b = y;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->key, b->key);
}

int
crm_report_activity(struct crm_table **out, struct crm_store *s,
		    const struct crm_report_opts *o)
{
	static const char *const cols[] = { "group", "interactions", "contacts",
					    "tasks_done", "tasks_overdue" };
	static const int num[] = { 0, 1, 1, 1, 1 };
	static char *lcols[] = { "type", "at", "contact", "channel", "due",
				 "done", NULL };
	struct activity a;
	struct crm_table *t = NULL;
	struct crm_filter *f = NULL;
	struct crm_buf fl = CRM_BUF_INIT;
	struct crm_query q;
	struct win w;
	size_t i;
	int rc, y, m, d;

	*out = NULL;
	memset(&a, 0, sizeof(a));
	a.by = o->by && *o->by ? o->by : "type";
	a.p = strcmp(a.by, "week") == 0 ? P_WEEK : P_NONE;
	if (a.p == P_NONE && strcmp(a.by, "owner") && strcmp(a.by, "type") &&
	    strcmp(a.by, "channel"))
		return crm_err_set(CRM_EUSAGE,
				   "activity --by takes owner, type, week or channel, not '%s'",
				   a.by);
	if ((rc = window(&w, o)) < 0)
		return rc;
	civil(day_of(w.has1 ? w.t1 : crm_now()), &y, &m, &d);
	snprintf(a.today, sizeof(a.today), "%04d-%02d-%02d", y, m, d);
	a.gs.at = crm_map_new();
	if ((rc = select_contacts(&a.sel, s, o,
				  strcmp(a.by, "owner") == 0 ? "owner" : NULL)) < 0)
		goto out;
	if (w.has0)
		crm_buf_addf(&fl, "at >= \"%s\"", w.since);
	if (w.has1)
		crm_buf_addf(&fl, "%sat <= \"%s\"", w.has0 ? " and " : "", w.until);
	if (fl.len && (rc = crm_filter_parse(&f, fl.buf, CRM_LOG, crm_store_config(s),
					     NULL, crm_now())) < 0)
		goto out;
	memset(&q, 0, sizeof(q));
	q.kind = CRM_LOG;
	q.filter = f;
	q.columns = lcols;
	q.ncolumns = 6;
	q.limit = -1;
	q.no_doc = 1;
	q.unordered = 1;
	if ((rc = crm_store_query(s, &q, on_activity, &a)) < 0)
		goto out;
	if (a.gs.n)
		qsort(a.gs.g, a.gs.n, sizeof(*a.gs.g), a.p != P_NONE ? by_number :
		      by_count);
	t = crm_table_new(5, cols, num);
	for (i = 0; i < a.gs.n; i++) {
		const struct group *g = &a.gs.g[i];
		char n[24], c[24], dn[24], ov[24];
		const char *row[5];

		snprintf(n, sizeof(n), "%lld", (long long)g->count);
		snprintf(c, sizeof(c), "%zu", crm_strset_count(g->customers));
		snprintf(dn, sizeof(dn), "%lld", (long long)g->done);
		snprintf(ov, sizeof(ov), "%lld", (long long)g->overdue);
		row[0] = g->key;
		row[1] = n;
		row[2] = c;
		row[3] = dn;
		row[4] = ov;
		crm_table_row(t, row);
	}
	*out = t;
out:
	crm_filter_free(f);
	crm_buf_release(&fl);
	groups_release(&a.gs);
	sel_release(&a.sel);
	return rc;
}

/* ---- lifetime value ---- */

struct clv_cust {
	char *id;
	int64_t orders, revenue;
	int64_t first, last;
};

struct clv {
	struct sel sel;
	struct clv_cust *c;
	size_t n;
};

static int
on_clv(const struct crm_figures *f, void *arg)
{
	struct clv *v = arg;
	struct clv_cust *c;

	if (f->part != 1 || f->orders <= 0 || !selected(&v->sel, f->contact) ||
	    !f->first_purchase || !f->last_purchase)
		return 0;
	v->c = crm_xrealloc(v->c, (v->n + 1) * sizeof(*v->c));
	c = &v->c[v->n++];
	c->id = crm_xstrdup(f->contact);
	c->orders = f->orders;
	c->revenue = f->revenue;
	c->first = time_of(f->first_purchase);
	c->last = time_of(f->last_purchase);
	return 0;
}

/* Purchases a year: orders x 365 / days since the first, 30 at least. */
static double
per_year(const struct clv_cust *c, int64_t now)
{
	int64_t days = c->first == INT64_MIN ? 0 : (now - c->first) / DAY;

	return (double)c->orders * 365.0 / (double)(days < 30 ? 30 : days);
}

/* A value in minor units rounded half away from zero. */
static int64_t
round_minor(double v)
{
	return (int64_t)(v >= 0 ? v + 0.5 : v - 0.5);
}

/* Pairs (clv, index), largest clv first, then in index order. */
static int
by_clv(const void *a, const void *b)
{
	const double *x = a, *y = b;

	return x[0] > y[0] ? -1 : x[0] < y[0] ? 1 : (x[1] < y[1] ? -1 : x[1] > y[1]);
}

int
crm_report_clv(struct crm_table **out, struct crm_store *s,
	       const struct crm_report_opts *o)
{
	static const char *const cols[] = { "id", "name", "revenue", "orders",
					    "average_order", "per_year",
					    "lifetime_years", "clv" };
	static const int num[] = { 0, 0, 1, 1, 1, 1, 1, 1 };
	static const char *const scols[] = { "segment", "customers", "revenue",
					     "average_clv" };
	static const int snum[] = { 0, 1, 1, 1 };
	struct clv v;
	struct crm_table *t = NULL;
	struct crm_map *seg = NULL;
	struct crm_time at;
	char until[32];
	double *order = NULL, lifetime;
	int64_t now, churned = 0, window;
	size_t i, k;
	int rc, exp = store_exp(s), by_seg;

	*out = NULL;
	memset(&v, 0, sizeof(v));
	by_seg = o->by && strcmp(o->by, "segment") == 0;
	if (o->by && !by_seg)
		return crm_err_set(CRM_EUSAGE, "clv --by takes segment, not '%s'", o->by);
	now = crm_now();
	if (o->at && *o->at) {
		if ((rc = crm_date_parse(&at, o->at, crm_now())) < 0)
			return crm_err_set(CRM_EUSAGE, "--at: %s", crm_err_msg());
		now = at.date_only ? at.t + DAY - 1 : at.t;
	}
	iso(until, now, 0);
	window = crm_config_window(crm_store_config(s), "passive");
	if (window <= 0)
		window = 365;
	if ((rc = select_contacts(&v.sel, s, o, "name")) < 0 ||
	    (rc = crm_store_figures(s, until, until, until, until, 0, on_clv, &v)) < 0)
		goto out;
	if (by_seg && (rc = rfm_segments(&seg, s, o)) < 0)
		goto out;
	/* the store's churn: customers without a purchase in the window */
	for (i = 0; i < v.n; i++)
		if (v.c[i].last != INT64_MIN && now - v.c[i].last > window * DAY)
			churned++;
	lifetime = churned ? (double)v.n / (double)churned : 10.0;
	if (lifetime > 10.0)
		lifetime = 10.0;
	order = crm_xcalloc(2 * v.n + 2, sizeof(*order));
	for (i = 0; i < v.n; i++) {
		struct clv_cust *c = &v.c[i];

		order[2 * i] = (double)mean_minor(c->revenue, c->orders) *
			       per_year(c, now) * lifetime;
		order[2 * i + 1] = (double)i;
	}
	if (v.n)
		qsort(order, v.n, 2 * sizeof(*order), by_clv);
	if (!by_seg) {
		t = crm_table_new(8, cols, num);
		for (k = 0; k < v.n; k++) {
			struct clv_cust *c = &v.c[(size_t)order[2 * k + 1]];
			char *rv = money_text(c->revenue, exp);
			char *aov = money_text(mean_minor(c->revenue, c->orders), exp);
			char *cl = money_text(round_minor(order[2 * k]), exp);
			char n[24], py[24], lt[24];
			const char *name = crm_map_get(v.sel.field, c->id);
			const char *row[8];

			snprintf(n, sizeof(n), "%lld", (long long)c->orders);
			snprintf(py, sizeof(py), "%.2f", per_year(c, now));
			snprintf(lt, sizeof(lt), "%.2f", lifetime);
			row[0] = c->id;
			row[1] = name ? name : "";
			row[2] = rv;
			row[3] = n;
			row[4] = aov;
			row[5] = py;
			row[6] = lt;
			row[7] = cl;
			crm_table_row(t, row);
			free(rv);
			free(aov);
			free(cl);
		}
	} else {
		struct groups gs;

		memset(&gs, 0, sizeof(gs));
		gs.at = crm_map_new();
		for (k = 0; k < v.n; k++) {
			struct clv_cust *c = &v.c[(size_t)order[2 * k + 1]];
			const char *sg = crm_map_get(seg, c->id);
			struct group *g = group_get(&gs, sg ? sg : "", 0);

			g->revenue += c->revenue;
			g->value += round_minor(order[2 * k]);
			crm_strset_add(g->customers, c->id);
		}
		if (gs.n)
			qsort(gs.g, gs.n, sizeof(*gs.g), by_revenue);
		t = crm_table_new(4, scols, snum);
		for (i = 0; i < gs.n; i++) {
			size_t nc = crm_strset_count(gs.g[i].customers);
			char cn[24], *rv = money_text(gs.g[i].revenue, exp);
			char *mc = money_text(mean_minor(gs.g[i].value, (int64_t)nc), exp);
			const char *row[4];

			snprintf(cn, sizeof(cn), "%zu", nc);
			row[0] = gs.g[i].key;
			row[1] = cn;
			row[2] = rv;
			row[3] = mc;
			crm_table_row(t, row);
			free(rv);
			free(mc);
		}
		groups_release(&gs);
	}
	*out = t;
	t = NULL;
out:
	crm_table_free(t);
	free(order);
	for (i = 0; i < v.n; i++)
		free(v.c[i].id);
	free(v.c);
	crm_map_free(seg);
	sel_release(&v.sel);
	return rc;
}

/* ---- charts ---- */

/*
 * Appends a column "chart" of horizontal bars, in eighths of a block,
 * for the numbers of column col: the largest gets width cells, a value
 * of 0 or less none.  For tables on a terminal.
 */
void
crm_report_chart(struct crm_table *t, size_t col, int width)
{
	static const char *const part[8] = {
		"", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a", "\u2589"
	};
	double max = 0, v;
	char **cells;
	size_t i, j, nc = t->ncols + 1;

	if (col >= t->ncols)
		return;
	for (i = 0; i < t->nrows; i++) {
		const char *c = t->cells[i * t->ncols + col];

		if (c && (v = strtod(c, NULL)) > max)
			max = v;
	}
	cells = crm_xcalloc(t->nrows * nc + 1, sizeof(*cells));
	for (i = 0; i < t->nrows; i++) {
		struct crm_buf b = CRM_BUF_INIT;
		const char *c = t->cells[i * t->ncols + col];
		long eighths;

		for (j = 0; j < t->ncols; j++)
			cells[i * nc + j] = t->cells[i * t->ncols + j];
		v = c ? strtod(c, NULL) : 0;
		eighths = max > 0 && v > 0 ? (long)(v / max * width * 8 + 0.5) : 0;
		for (j = 0; j < (size_t)(eighths / 8); j++)
			crm_buf_adds(&b, "\u2588");
		crm_buf_adds(&b, part[eighths % 8]);
		cells[i * nc + t->ncols] = crm_buf_detach(&b);
	}
	free(t->cells);
	t->cells = cells;
	t->alloc = t->nrows;
	t->names = crm_xrealloc(t->names, nc * sizeof(*t->names));
	t->names[t->ncols] = crm_xstrdup("chart");
	t->numeric = crm_xrealloc(t->numeric, nc * sizeof(*t->numeric));
	t->numeric[t->ncols] = 0;
	t->ncols = nc;
}

/*
 * Prints the column named col of t as a sparkline, a block of eight
 * heights for each row from the lowest value to the highest, with the
 * first and last labels (column 0) and the range: the shape of a series
 * at a glance, under its table.  The last rows when they are too many.
 */
void
crm_report_sparkline(FILE *fp, const struct crm_table *t, const char *col)
{
	static const char *const level[8] = {
		"\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586",
		"\u2587", "\u2588"
	};
	struct crm_buf b = CRM_BUF_INIT;
	size_t c, i, from = 0, width = crm_cli_width();
	double lo = 0, hi = 0, v;

	for (c = 0; c < t->ncols && strcmp(t->names[c], col); c++)
		;
	if (c == t->ncols || t->nrows < 2)
		return;
	width = width > 60 ? width - 50 : 10;
	if (t->nrows > width)
		from = t->nrows - width;
	for (i = from; i < t->nrows; i++) {
		v = strtod(t->cells[i * t->ncols + c] ? t->cells[i * t->ncols + c] :
			   "0", NULL);
		if (i == from || v < lo)
			lo = v;
		if (i == from || v > hi)
			hi = v;
	}
	crm_buf_addf(&b, "\n%s %s..%s  ", col, t->cells[from * t->ncols],
		     t->cells[(t->nrows - 1) * t->ncols]);
	for (i = from; i < t->nrows; i++) {
		v = strtod(t->cells[i * t->ncols + c] ? t->cells[i * t->ncols + c] :
			   "0", NULL);
		crm_buf_adds(&b, level[hi > lo ? (int)((v - lo) / (hi - lo) * 7 + 0.5) : 3]);
	}
	{
		char l[32], h[32];

		snprintf(l, sizeof(l), "%.15g", lo);
		snprintf(h, sizeof(h), "%.15g", hi);
		crm_buf_addf(&b, "  low %s, high %s\n", l, h);
	}
	fputs(b.buf, fp);
	crm_buf_release(&b);
}

/*
 * Shades the cells of a cohort table (columns from the third) by the
 * share of the cohort they hold: a block of four densities before the
 * figure, for the triangle to read at a glance on a terminal.
 */
void
crm_report_shade(struct crm_table *t, int counts)
{
	size_t i, j;

	for (i = 0; i < t->nrows; i++) {
		const char *sz = t->cells[i * t->ncols + 1];
		double size = sz ? strtod(sz, NULL) : 0;

		for (j = 2; j < t->ncols; j++) {
			char **c = &t->cells[i * t->ncols + j];
			struct crm_buf b = CRM_BUF_INIT;
			double v;

			if (!*c)
				continue;
			v = strtod(*c, NULL);
			if (counts)
				v = size > 0 ? 100.0 * v / size : 0;
			crm_buf_adds(&b, v >= 75 ? "\u2588" : v >= 50 ? "\u2593" :
				     v >= 25 ? "\u2592" : v > 0 ? "\u2591" : " ");
			crm_buf_addc(&b, ' ');
			crm_buf_adds(&b, *c);
			free(*c);
			*c = crm_buf_detach(&b);
		}
	}
	for (j = 2; j < t->ncols; j++)
		t->numeric[j] = 0;	/* text now: left-aligned */
}

/* ---- data quality ---- */

/*
 * An email address a mail server would take: a local part of the
 * characters RFC 5322 allows unquoted, dots between them; a domain of
 * two labels or more, of letters, digits and inner hyphens (or UTF-8,
 * for internationalised names), the last one not a number.  crm-add
 * only checks the shape (one '@', a dot after it); this is stricter.
 */
int
crm_email_plausible(const char *s)
{
	const char *at = strrchr(s, '@'), *p, *label;
	size_t n;
	int digits_only = 1;

	if (!at || at == s || strlen(s) > 254 || at - s > 64)
		return 0;
	for (p = s; p < at; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '.') {
			if (p == s || p + 1 == at || p[1] == '.')
				return 0;
		} else if (!(c >= 0x80 || (c >= 'a' && c <= 'z') ||
			     (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			     strchr("!#$%&'*+/=?^_`{|}~-", c)))
			return 0;
	}
	label = at + 1;
	for (p = label;; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '.' || c == '\0') {
			n = (size_t)(p - label);
			if (n == 0 || n > 63 || *label == '-' || p[-1] == '-')
				return 0;
			if (c == '\0')
				break;
			label = p + 1;
			digits_only = 1;
			continue;
		}
		if (!(c >= 0x80 || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-'))
			return 0;
		if (!(c >= '0' && c <= '9'))
			digits_only = 0;
	}
	return label != at + 1 && !digits_only && p - label >= 2;
}

/*
 * The digits of a phone number as people write them: an optional '+',
 * digits grouped by spaces, dots, dashes, slashes or parentheses, and
 * an optional extension ("x12", "ext. 12"); 7 to 15 digits (E.164 has at
 * most 15).  Returns the number of digits, 0 when it is not one.
 */
size_t
crm_phone_digits(char *out, size_t size, const char *s)
{
	const char *p = s;
	size_t n = 0;

	while (*p == ' ')
		p++;
	if (*p == '+')
		p++;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n + 1 < size)
				out[n] = *p;
			n++;
		} else if (*p == 'x' || *p == 'X' || *p == 'e' || *p == 'E' ||
			   *p == '#') {
			/* an extension ends the number */
			const char *q = p;

			if (strncasecmp(q, "ext", 3) == 0)
				q += 3;
			else
				q++;
			while (*q == '.' || *q == ' ' || *q == ':')
				q++;
			if (*q < '0' || *q > '9')
				return 0;
			while (*q >= '0' && *q <= '9')
				q++;
			while (*q == ' ')
				q++;
			if (*q)
				return 0;
			break;
		} else if (!strchr(" .-/()", *p))
			return 0;
	}
	if (size)
		out[n < size ? n : size - 1] = '\0';
	return n >= 7 && n <= 15 ? n : 0;
}

/* The fields a record of kind k is scored on when crm.yaml says none. */
static const char *const expected_default[CRM_NKINDS][7] = {
	[CRM_CONTACT] = { "name", "email", "phone", "org", "city", "country", NULL },
	[CRM_ORG] = { "name", "domain", "country", NULL },
	[CRM_DEAL] = { "contact", "amount", "close", "owner", NULL },
};

struct quality {
	const struct crm_report_opts *o;
	struct sel sel;
	enum crm_kind kind;
	char **cols;			/* fields walked; contacts end with
					   last_contact */
	size_t ncols;
	int64_t *have;			/* per field: records that have it */
	size_t *exp;			/* expected fields: their columns */
	size_t nexp;
	int64_t *missing;		/* per expected field */
	int64_t total, bad_email, bad_phone, never, score_sum;
	int64_t open, overdue;
	char today[32];
	struct crm_map *seen;		/* "e:mail" and the like -> first id */
	struct crm_strset *dups;	/* contacts that share one */
	struct crm_table *recs;		/* per contact, with o->records */
	struct crm_buf b;
};

/* Notes that contact id has key; a second contact with it is a duplicate. */
static void
dup_key(struct quality *q, const char *id, const char *key)
{
	const char *first = crm_map_get(q->seen, key);

	if (!first)
		crm_map_put(q->seen, key, id);
	else if (strcmp(first, id)) {
		crm_strset_add(q->dups, first);
		crm_strset_add(q->dups, id);
	}
}

/* Calls fn with each element of a list value (0x1f between them). */
static void
each_value(const char *v, void (*fn)(struct quality *, const char *,
				     const char *, int *), struct quality *q,
	   const char *id, int *bad)
{
	char one[320];
	const char *e;

	for (; v && *v; v = *e ? e + 1 : e) {
		if (!(e = strchr(v, 0x1f)))
			e = v + strlen(v);
		snprintf(one, sizeof(one), "%.*s", (int)(e - v), v);
		fn(q, id, one, bad);
	}
}

static void
check_email(struct quality *q, const char *id, const char *one, int *bad)
{
	if (!crm_email_plausible(one))
		*bad = 1;
	crm_buf_reset(&q->b);
	crm_buf_adds(&q->b, "e:");
	crm_text_fold(&q->b, one);
	dup_key(q, id, q->b.buf);
}

static void
check_phone(struct quality *q, const char *id, const char *one, int *bad)
{
	char digits[32];
	size_t n = crm_phone_digits(digits, sizeof(digits), one);

	if (!n) {
		*bad = 1;
		return;
	}
	/* the subscriber number: the last nine digits, whatever prefix */
	crm_buf_reset(&q->b);
	crm_buf_addf(&q->b, "p:%s", digits + (n > 9 ? n - 9 : 0));
	dup_key(q, id, q->b.buf);
}

static int
on_quality(const struct crm_row *row, void *arg)
{
	struct quality *q = arg;
	struct crm_buf missing = CRM_BUF_INIT, problems = CRM_BUF_INIT;
	const char *v;
	size_t i, got = 0;
	int bad_email = 0, bad_phone = 0, score;
	char sc[16];
	const char *cells[5];

	if (q->kind == CRM_CONTACT && !selected(&q->sel, row->id))
		return 0;
	q->total++;
	for (i = 0; i < q->ncols; i++)
		if (row->values[i] && *row->values[i])
			q->have[i]++;
	for (i = 0; i < q->nexp; i++) {
		v = row->values[q->exp[i]];
		if (v && *v) {
			got++;
			continue;
		}
		q->missing[i]++;
		crm_buf_addf(&missing, "%s%s", missing.len ? "," : "",
			     q->cols[q->exp[i]]);
	}
	score = q->nexp ? (int)((200 * got + q->nexp) / (2 * q->nexp)) : 100;
	q->score_sum += score;
	if (q->kind != CRM_CONTACT)
		goto out;
	/* the columns begin name, email, phone, org */
	each_value(row->values[1], check_email, q, row->id, &bad_email);
	each_value(row->values[2], check_phone, q, row->id, &bad_phone);
	if (row->values[0] && row->values[3] && *row->values[3]) {
		crm_buf_reset(&q->b);
		crm_buf_adds(&q->b, "n:");
		crm_text_fold(&q->b, row->values[0]);
		crm_buf_addf(&q->b, "\x1f%s", row->values[3]);
		dup_key(q, row->id, q->b.buf);
	}
	q->bad_email += bad_email;
	q->bad_phone += bad_phone;
	if (!row->values[q->ncols - 1])
		q->never++;
	if (!q->recs)
		goto out;
	if (bad_email)
		crm_buf_adds(&problems, "invalid email");
	if (bad_phone)
		crm_buf_addf(&problems, "%sinvalid phone", problems.len ? ", " : "");
	if (!row->values[q->ncols - 1])
		crm_buf_addf(&problems, "%snever contacted", problems.len ? ", " : "");
	snprintf(sc, sizeof(sc), "%d", score);
	cells[0] = row->id;
	cells[1] = row->values[0];
	cells[2] = sc;
	cells[3] = missing.len ? missing.buf : "";
	cells[4] = problems.len ? problems.buf : "";
	crm_table_row(q->recs, cells);
out:
	crm_buf_release(&missing);
	crm_buf_release(&problems);
	return 0;
}

static int
on_quality_task(const char *contact, const char *due, const char *type,
		void *arg)
{
	struct quality *q = arg;

	(void)type;
	if (!selected(&q->sel, contact))
		return 0;
	q->open++;
	if (*due && strncmp(due, q->today, 10) < 0)
		q->overdue++;
	return 0;
}

static void
share_text(char out[32], int64_t part, int64_t whole)
{
	if (whole > 0)
		snprintf(out, 32, "%.1f", 100.0 * (double)part / (double)whole);
	else
		*out = '\0';
}

static void
quality_row(struct crm_table *t, const char *section, const char *item,
	    int64_t n, int64_t whole)
{
	char a[24], b[32];
	const char *row[4] = { section, item, a, b };

	snprintf(a, sizeof(a), "%lld", (long long)n);
	share_text(b, n, whole);
	crm_table_row(t, row);
}

static void
quality_release(struct quality *q)
{
	crm_refs_free(q->cols, q->ncols);
	free(q->have);
	free(q->exp);
	free(q->missing);
	q->cols = NULL;
	q->have = NULL;
	q->exp = NULL;
	q->missing = NULL;
	q->ncols = q->nexp = 0;
}

/*
 * The fields of kind k to count: the core ones a person fills in, the
 * store's custom ones, and for contacts last_contact at the end; and the
 * expected ones among them.
 */
static int
quality_fields(struct quality *q, struct crm_store *s, enum crm_kind k)
{
	static const char *const skip[] = { "id", "created", "updated", "dnc",
					    "restricted", "cadence", "currency",
					    NULL };
	const struct crm_config *cfg = crm_store_config(s);
	const struct crm_field_def *d = crm_schema_fields(k);
	char **custom = NULL;
	size_t ncustom = 0, i, j, nx;
	int rc;

	if ((rc = crm_store_fields(&custom, &ncustom, s, k)) < 0)
		return rc;
	q->kind = k;
	q->cols = crm_xcalloc(64 + ncustom + 2, sizeof(*q->cols));
	for (; d->name; d++) {
		for (j = 0; skip[j] && strcmp(skip[j], d->name); j++)
			;
		if (!skip[j])
			q->cols[q->ncols++] = crm_xstrdup(d->name);
	}
	for (i = 0; i < ncustom; i++)
		if (!crm_schema_field(k, custom[i]))
			q->cols[q->ncols++] = crm_xstrdup(custom[i]);
	crm_refs_free(custom, ncustom);
	nx = crm_config_nexpected(cfg, k);
	if (!nx)
		for (; expected_default[k][nx]; nx++)
			;
	q->exp = crm_xcalloc(nx + 1, sizeof(*q->exp));
	q->missing = crm_xcalloc(nx + 1, sizeof(*q->missing));
	for (i = 0; i < nx; i++) {
		const char *name = crm_config_nexpected(cfg, k) ?
				   crm_config_expected(cfg, k, i) :
				   expected_default[k][i];

		for (j = 0; j < q->ncols && strcmp(q->cols[j], name); j++)
			;
		if (j == q->ncols)	/* a custom field no record has yet */
			q->cols[q->ncols++] = crm_xstrdup(name);
		q->exp[q->nexp++] = j;
	}
	if (k == CRM_CONTACT)
		q->cols[q->ncols++] = crm_xstrdup("last_contact");
	q->have = crm_xcalloc(q->ncols + 1, sizeof(*q->have));
	return 0;
}

/* Counts the fields of every record of kind k and adds their rows. */
static int
quality_kind(struct quality *q, struct crm_store *s, enum crm_kind k,
	     struct crm_table *t)
{
	char section[48];
	size_t i, shown;
	int rc;

	if ((rc = quality_fields(q, s, k)) < 0)
		return rc;
	q->total = 0;
	q->score_sum = 0;
	if ((rc = walk(s, k, q->cols, q->ncols, NULL, -1, q->o, on_quality,
		       q)) < 0)
		goto out;
	snprintf(section, sizeof(section), "%ss", crm_kind_name(k));
	quality_row(t, section, "total", q->total, 0);
	shown = k == CRM_CONTACT ? q->ncols - 1 : q->ncols;
	snprintf(section, sizeof(section), "%s fields", crm_kind_name(k));
	for (i = 0; i < shown; i++)
		quality_row(t, section, q->cols[i], q->have[i], q->total);
	snprintf(section, sizeof(section), "%s missing", crm_kind_name(k));
	for (i = 0; i < q->nexp; i++)
		quality_row(t, section, q->cols[q->exp[i]], q->missing[i],
			    q->total);
	if (q->total > 0) {
		char a[32];
		const char *row[4] = { "completeness", crm_kind_name(k), "", a };

		snprintf(a, sizeof(a), "%.1f",
			 (double)q->score_sum / (double)q->total);
		crm_table_row(t, row);
	}
out:
	quality_release(q);
	return rc;
}

static int
by_completeness(const void *a, const void *b, void *arg)
{
	char *const *x = a, *const *y = b;
	long sx = strtol(x[2], NULL, 10), sy = strtol(y[2], NULL, 10);
	int c;

	(void)arg;
	if (sx != sy)
		return sx < sy ? -1 : 1;
	if ((c = strcmp(x[1] ? x[1] : "", y[1] ? y[1] : "")))
		return c;
	return strcmp(x[0], y[0]);
}

int
crm_report_quality(struct crm_table **out, struct crm_store *s,
		   const struct crm_report_opts *o)
{
	static const char *const cols[] = { "section", "item", "records", "share" };
	static const int num[] = { 0, 0, 1, 1 };
	static const char *const rcols[] = { "id", "name", "completeness",
					     "missing", "problems" };
	static const int rnum[] = { 0, 0, 1, 0, 0 };
	struct quality q;
	struct crm_table *t = crm_table_new(4, cols, num);
	struct crm_time at;
	int64_t now = crm_now(), contacts;
	int rc, y, mo, d;

	*out = NULL;
	memset(&q, 0, sizeof(q));
	q.o = o;
	if (o->at && *o->at) {
		if ((rc = crm_date_parse(&at, o->at, crm_now())) < 0) {
			rc = crm_err_set(CRM_EUSAGE, "--at: %s", crm_err_msg());
			goto out;
		}
		now = at.t;
	}
	civil(day_of(now), &y, &mo, &d);
	snprintf(q.today, sizeof(q.today), "%04d-%02d-%02d", y, mo, d);
	q.seen = crm_map_new();
	q.dups = crm_strset_new();
	if (o->records)
		q.recs = crm_table_new(5, rcols, rnum);
	if ((rc = select_contacts(&q.sel, s, o, NULL)) < 0 ||
	    (rc = quality_kind(&q, s, CRM_CONTACT, t)) < 0)
		goto out;
	contacts = q.total;
	quality_row(t, "checks", "invalid emails", q.bad_email, contacts);
	quality_row(t, "checks", "invalid phones", q.bad_phone, contacts);
	quality_row(t, "checks", "likely duplicates",
		    (int64_t)crm_strset_count(q.dups), contacts);
	quality_row(t, "checks", "never contacted", q.never, contacts);
	if ((rc = crm_store_touches(s, NULL, 1, on_quality_task, &q)) < 0)
		goto out;
	quality_row(t, "checks", "overdue tasks", q.overdue, q.open);
	/* orgs and deals are not contacts: --where and - leave them out */
	if (!q.sel.chosen &&
	    ((rc = quality_kind(&q, s, CRM_ORG, t)) < 0 ||
	     (rc = quality_kind(&q, s, CRM_DEAL, t)) < 0))
		goto out;
	if (q.recs) {
		size_t i;

		/* the least complete first, then by name */
		qsort_r(q.recs->cells, q.recs->nrows, 5 * sizeof(char *),
			by_completeness, NULL);
		/* likely duplicates are known once every contact is seen */
		for (i = 0; i < q.recs->nrows; i++) {
			char **c = &q.recs->cells[i * 5];

			if (!crm_strset_has(q.dups, c[0]))
				continue;
			crm_buf_reset(&q.b);
			crm_buf_addf(&q.b, "%s%slikely duplicate", c[4],
				     *c[4] ? ", " : "");
			free(c[4]);
			c[4] = crm_buf_detach(&q.b);
		}
		crm_table_free(t);
		t = q.recs;
		q.recs = NULL;
	}
	*out = t;
	t = NULL;
out:
	crm_table_free(t);
	crm_table_free(q.recs);
	crm_map_free(q.seen);
	crm_strset_free(q.dups);
	crm_buf_release(&q.b);
	sel_release(&q.sel);
	quality_release(&q);
	return rc;
}
