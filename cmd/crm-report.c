/*
 * crm-report: the figures a small business runs on: a summary, revenue
 * by period or by field, cohort retention, the Pareto table, the
 * pipeline, activity, lifetime value and data quality.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crm.h"

static const char usage_text[] =
	"usage: crm-report [-q] [-C dir] [-f format] [--header] [-n limit] [--count]\n"
	"                  [--as-of day] [--at day] [--where filter] [-]\n"
	"       crm-report [-q] [-C dir] [-f format] [--header] [-n limit] [--count]\n"
	"                  [--as-of day] [--since day] [--until day] [--where filter] [-]\n"
	"                  revenue [--by period|field]\n"
	"       crm-report [-q] [-C dir] [-f format] [--header] [-n limit] [--count]\n"
	"                  [--as-of day] [--since day] [--until day] [--where filter] [-]\n"
	"                  cohort [--by month|quarter] [--counts]\n"
	"       crm-report [-q] [-C dir] [-f format] [--header] [-n limit] [--count]\n"
	"                  [--as-of day] [--since day] [--until day] [--where filter] [-]\n"
	"                  pareto\n"
	"       crm-report [-q] [-C dir] [-f format] [--header] [-n limit] [--count]\n"
	"                  [--as-of day] [--at day] [--where filter] [-] pipeline\n"
	"       crm-report [-q] [-C dir] [-f format] [--header] [-n limit] [--count]\n"
	"                  [--as-of day] [--since day] [--until day] [--where filter] [-]\n"
	"                  activity [--by owner|type|week|channel]\n"
	"       crm-report [-q] [-C dir] [-f format] [--header] [-n limit] [--count]\n"
	"                  [--as-of day] [--at day] [--where filter] [-] clv [--by segment]\n"
	"       crm-report [-q] [-C dir] [-f format] [--header] [-n limit] [--count]\n"
	"                  [-o columns] [--sort columns] [--as-of day] [--at day]\n"
	"                  [--where filter] [-] quality\n"
	"Every report takes -o columns and --sort columns (-column: descending).\n";

struct opts {
	struct crm_cli cli;
	struct crm_report_opts rep;
	int from_stdin;
	const char *mode;
	const char *as_of;	/* --as-of */
	char commit[41];	/* and the commit it found */
	int64_t when;
};

enum { OPT_SINCE = 0x200, OPT_UNTIL, OPT_AT, OPT_WHERE, OPT_BY, OPT_COUNTS,
       OPT_AS_OF };

static int
parse_args(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		CRM_CLI_LONGOPTS,
		{ "fields", 1, NULL, 'o' },
		{ "since", 1, NULL, OPT_SINCE },
		{ "until", 1, NULL, OPT_UNTIL },
		{ "at", 1, NULL, OPT_AT },
		{ "where", 1, NULL, OPT_WHERE },
		{ "by", 1, NULL, OPT_BY },
		{ "counts", 0, NULL, OPT_COUNTS },
		{ "as-of", 1, NULL, OPT_AS_OF },
		{ NULL, 0, NULL, 0 },
	};
	int c, at_mode;

	crm_cli_init(&o->cli);
	o->cli.html_ok = 1;
	while ((c = crm_cli_getopt(&o->cli, argc, argv, "", longopts,
				   usage_text)) != -1) {
		if (c < 0)
			return c;
		switch (c) {
		case OPT_SINCE:
			o->rep.since = optarg;
			break;
		case OPT_UNTIL:
			o->rep.until = optarg;
			break;
		case OPT_AT:
			o->rep.at = optarg;
			break;
		case OPT_WHERE:
			o->rep.where = optarg;
			break;
		case OPT_BY:
			o->rep.by = optarg;
			break;
		case OPT_COUNTS:
			o->rep.counts = 1;
			break;
		case OPT_AS_OF:
			o->as_of = optarg;
			break;
		default:
			return crm_cli_bad_option(c, argv, longopts);
		}
	}
	for (; optind < argc; optind++) {
		if (strcmp(argv[optind], "-") == 0)
			o->from_stdin = 1;
		else if (!o->mode)
			o->mode = argv[optind];
		else
			return crm_err_set(CRM_EUSAGE, "unexpected '%s'", argv[optind]);
	}
	if (!o->mode)
		o->mode = "summary";
	if (strcmp(o->mode, "summary") && strcmp(o->mode, "revenue") &&
	    strcmp(o->mode, "cohort") && strcmp(o->mode, "pareto") &&
	    strcmp(o->mode, "pipeline") && strcmp(o->mode, "activity") &&
	    strcmp(o->mode, "clv") && strcmp(o->mode, "quality"))
		return crm_err_set(CRM_EUSAGE,
				   "unknown report '%s' (revenue, cohort, pareto, pipeline, activity, clv, quality, or none for the summary)",
				   o->mode);
	at_mode = !strcmp(o->mode, "summary") || !strcmp(o->mode, "pipeline") ||
		  !strcmp(o->mode, "clv") || !strcmp(o->mode, "quality");
	if (o->rep.at && !at_mode)
		return crm_err_set(CRM_EUSAGE, "--at goes with the summary, pipeline, clv and quality; the others take --since and --until");
	if ((o->rep.since || o->rep.until) && at_mode)
		return crm_err_set(CRM_EUSAGE, "the summary, pipeline, clv and quality take --at, not --since or --until");
	if (strcmp(o->mode, "quality") == 0 && o->cli.fields) {
		/* -o naming a contact's columns asks for a row per contact */
		static const char *const per[] = { "id", "name", "completeness",
						   "missing", "problems" };
		char **f;
		size_t n, i, j;

		f = crm_cli_split(o->cli.fields, &n);
		for (i = 0; i < n; i++)
			for (j = 0; j < sizeof(per) / sizeof(*per); j++)
				if (strcmp(f[i], per[j]) == 0)
					o->rep.records = 1;
		crm_refs_free(f, n);
	}
	if (o->rep.by && strcmp(o->mode, "revenue") && strcmp(o->mode, "cohort") &&
	    strcmp(o->mode, "activity") && strcmp(o->mode, "clv"))
		return crm_err_set(CRM_EUSAGE, "--by goes with revenue, cohort, activity or clv");
	if (o->rep.counts && strcmp(o->mode, "cohort"))
		return crm_err_set(CRM_EUSAGE, "--counts goes with cohort");
	return 0;
}

/*
 * --as-of: the store as it stood at the end of that day (or at that
 * time), and the report's reference time then, unless --at or --until
 * says another.
 */
static int
as_of(struct opts *o, struct crm_store *s)
{
	struct crm_time t;
	int at_mode = !strcmp(o->mode, "summary") || !strcmp(o->mode, "pipeline") ||
		      !strcmp(o->mode, "clv") || !strcmp(o->mode, "quality");
	int64_t end;
	int rc;

	if (crm_date_parse(&t, o->as_of, crm_now()) < 0)
		return crm_err_set(CRM_EUSAGE, "--as-of: %s", crm_err_msg());
	end = t.date_only ? t.t + 86400 - 1 : t.t;
	rc = crm_store_as_of(s, end, o->commit, &o->when);
	if (rc == CRM_ENOTFOUND)
		return crm_err_set(CRM_EUSAGE, "--as-of %s: the store has no commit that old",
				   o->as_of);
	if (rc < 0)
		return rc;
	if (at_mode && !o->rep.at)
		o->rep.at = o->as_of;
	if (!at_mode && !o->rep.until)
		o->rep.until = o->as_of;
	return 0;
}

/* Whether the report's rows are periods in time order. */
static int
by_period(const struct opts *o)
{
	static const char *const periods[] = { "day", "week", "month",
					       "quarter", "year" };
	size_t i;

	if (strcmp(o->mode, "revenue") == 0 && !o->rep.by)
		return 1;
	if (strcmp(o->mode, "activity") == 0)
		return o->rep.by && strcmp(o->rep.by, "week") == 0;
	if (strcmp(o->mode, "revenue"))
		return 0;
	for (i = 0; i < sizeof(periods) / sizeof(*periods); i++)
		if (strcmp(o->rep.by, periods[i]) == 0)
			return 1;
	return 0;
}

/* The charts of each report, for -f html. */
static size_t
charts_of(struct crm_chart *c, const struct opts *o)
{
	const char *m = o->mode;
	size_t n = 0;

	memset(c, 0, 3 * sizeof(*c));
	if (strcmp(m, "summary") == 0) {
		c[n++] = (struct crm_chart){ CRM_CHART_BARS, "item", "value",
			"contacts by stage", 0, 0, "Contacts by stage" };
		c[n++] = (struct crm_chart){ CRM_CHART_BARS, "item", "value",
			"interactions, last 30 days", 0, 0,
			"Interactions of the last 30 days, by type" };
	} else if (strcmp(m, "revenue") == 0)
		c[n++] = (struct crm_chart){ by_period(o) ? CRM_CHART_LINE :
			CRM_CHART_BARS, by_period(o) ? "period" : "value",
			"revenue", NULL, 0, 0, "Revenue (purchases less refunds)" };
	else if (strcmp(m, "cohort") == 0)
		c[n++] = (struct crm_chart){ CRM_CHART_HEAT, "cohort", NULL, NULL,
			2, o->rep.counts, o->rep.counts ?
			"Customers of each cohort buying again, by period after the first purchase" :
			"Share of each cohort buying again (%), by period after the first purchase" };
	else if (strcmp(m, "pareto") == 0)
		c[n++] = (struct crm_chart){ CRM_CHART_LINE, "top", "share", NULL,
			0, 0, "Share of revenue from the top customers" };
	else if (strcmp(m, "pipeline") == 0) {
		c[n++] = (struct crm_chart){ CRM_CHART_BARS, "item", "value",
			"stage", 0, 0, "Deal value by stage" };
		c[n++] = (struct crm_chart){ CRM_CHART_BARS, "item", "weighted",
			"expected close", 0, 0,
			"Weighted value by expected close month" };
	} else if (strcmp(m, "activity") == 0)
		c[n++] = (struct crm_chart){ by_period(o) ? CRM_CHART_LINE :
			CRM_CHART_BARS, "group", "interactions", NULL, 0, 0,
			"Interactions" };
	else if (strcmp(m, "clv") == 0)
		c[n++] = o->rep.by ?
			(struct crm_chart){ CRM_CHART_BARS, "segment",
				"average_clv", NULL, 0, 0,
				"Average predicted lifetime value by segment" } :
			(struct crm_chart){ CRM_CHART_BARS, "name", "clv", NULL,
				0, 0, "Predicted lifetime value, highest first" };
	else if (strcmp(m, "quality") == 0 && !o->rep.records)
		c[n++] = (struct crm_chart){ CRM_CHART_BARS, "item", "share",
			"contact fields", 0, 0,
			"Share of contacts with each field (%)" };
	return n;
}

/* The heading of the HTML page, and the line under it. */
static void
page_of(struct crm_buf *title, struct crm_buf *meta, const struct opts *o)
{
	struct crm_buf when = CRM_BUF_INIT;
	struct crm_time now = { crm_now(), 0 };

	if (strcmp(o->mode, "summary") == 0)
		crm_buf_adds(title, "Summary");
	else {
		crm_buf_addc(title, o->mode[0] - 'a' + 'A');
		crm_buf_adds(title, o->mode + 1);
		if (strcmp(o->mode, "clv") == 0 || strcmp(o->mode, "quality") == 0)
			crm_buf_reset(title), crm_buf_adds(title,
				strcmp(o->mode, "clv") ? "Data quality" :
				"Customer lifetime value");
	}
	if (o->rep.by)
		crm_buf_addf(title, " by %s", o->rep.by);
	crm_date_format(&when, &now);
	crm_buf_addf(meta, " \u00b7 %s \u00b7 crm %s", when.buf, CRM_VERSION);
	if (o->as_of) {
		struct crm_time c = { o->when, 0 };

		crm_buf_reset(&when);
		crm_date_format(&when, &c);
		crm_buf_addf(meta, " \u00b7 the store as of commit %.12s of %s",
			     o->commit, when.buf);
	}
	crm_buf_release(&when);
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct crm_store *s = NULL;
	struct crm_table *t = NULL;
	struct crm_buf meta = CRM_BUF_INIT;
	char **ids = NULL;
	size_t nids = 0;
	int rc, a;

	umask(077);
	crm_set_progname(argv[0]);
	memset(&o, 0, sizeof(o));
	/* the command line as typed, before getopt reorders it */
	crm_buf_adds(&meta, "crm-report");
	for (a = 1; a < argc; a++)
		crm_buf_addf(&meta, " %s", argv[a]);
	if ((rc = parse_args(&o, argc, argv)) < 0) {
		crm_warn("%s", crm_err_msg());
		fputs(usage_text, stderr);
		rc = 64;
		goto out;
	}
	if ((rc = crm_cli_open(&s, &o.cli, CRM_OPEN_READ)) < 0)
		goto out;
	crm_store_for_scans(s);
	if (o.as_of && (rc = as_of(&o, s)) < 0)
		goto out;
	if (strcmp(o.mode, "pipeline") == 0)
		o.rep.history = 1;
	if (o.from_stdin &&
	    (rc = crm_cli_read_ids(&ids, &nids, s, CRM_CONTACT)) < 0)
		goto out;
	o.rep.ids = ids;
	o.rep.nids = nids;
	o.rep.restrict_ids = o.from_stdin;
	crm_cli_warn_problems(&o.cli, s);
	if (strcmp(o.mode, "revenue") == 0)
		rc = crm_report_revenue(&t, s, &o.rep);
	else if (strcmp(o.mode, "cohort") == 0)
		rc = crm_report_cohort(&t, s, &o.rep);
	else if (strcmp(o.mode, "pareto") == 0)
		rc = crm_report_pareto(&t, s, &o.rep);
	else if (strcmp(o.mode, "pipeline") == 0)
		rc = crm_report_pipeline(&t, s, &o.rep);
	else if (strcmp(o.mode, "activity") == 0)
		rc = crm_report_activity(&t, s, &o.rep);
	else if (strcmp(o.mode, "clv") == 0)
		rc = crm_report_clv(&t, s, &o.rep);
	else if (strcmp(o.mode, "quality") == 0)
		rc = crm_report_quality(&t, s, &o.rep);
	else
		rc = crm_report_summary(&t, s, &o.rep);
	/* on a terminal, a bar beside each row's main figure; cohorts shaded */
	if (rc == 0 && crm_cli_format(&o.cli) == CRM_FMT_TABLE &&
	    isatty(STDOUT_FILENO) && !o.cli.count) {
		static const struct { const char *mode; size_t col; } charts[] = {
			{ "revenue", 1 }, { "pareto", 3 }, { "activity", 1 },
			{ "clv", 7 },
		};
		size_t i, col = o.rep.by && !strcmp(o.mode, "clv") ? 3 : 0;

		for (i = 0; i < sizeof(charts) / sizeof(*charts); i++)
			if (strcmp(o.mode, charts[i].mode) == 0)
				crm_report_chart(t, col ? col : charts[i].col, 20);
		if (strcmp(o.mode, "cohort") == 0)
			crm_report_shade(t, o.rep.counts);
	}
	if (rc == 0 && crm_cli_format(&o.cli) == CRM_FMT_HTML) {
		struct crm_chart charts[3];
		struct crm_buf title = CRM_BUF_INIT;
		struct crm_html_page page;

		page_of(&title, &meta, &o);
		page.title = title.buf;
		page.meta = meta.buf;
		page.charts = charts;
		page.ncharts = charts_of(charts, &o);
		rc = crm_cli_table_page(&o.cli, t, &page);
		crm_buf_release(&title);
	} else if (rc == 0)
		rc = crm_cli_table(&o.cli, t);
	/* on a terminal, a sparkline of a series of periods */
	if (rc == 0 && crm_cli_format(&o.cli) == CRM_FMT_TABLE &&
	    isatty(STDOUT_FILENO) && !o.cli.count && !o.cli.quiet &&
	    by_period(&o))
		crm_report_sparkline(stdout, t, strcmp(o.mode, "activity") ?
				     "revenue" : "interactions");
out:
	if (rc < 0)
		rc = crm_report(rc, NULL);
	crm_table_free(t);
	crm_refs_free(ids, nids);
	crm_buf_release(&meta);
	crm_store_free(s);
	return crm_cli_finish(rc);
}
