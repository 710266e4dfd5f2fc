/*
 * crm-segment: customer segments (RFM, lifecycle, value x service,
 * Pareto, groups by a field) and saved segments.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crm.h"

static const char usage_text[] =
	"usage: crm-segment [-q] [-C dir] [-f format] [--header] [-n limit] [--count]\n"
	"                   [--at day] [--where filter] [-] rfm [--bins n] [--summary]\n"
	"                   [--tag prefix]\n"
	"       crm-segment [-q] [-C dir] [-f format] [--at day] [--where filter] [-]\n"
	"                   lifecycle [--windows spans] [--tag prefix]\n"
	"       crm-segment [-q] [-C dir] [-f format] [--at day] [--where filter] [-]\n"
	"                   value [--share fraction] [--since day] [--tag prefix]\n"
	"       crm-segment [-q] [-C dir] [-f format] [--at day] [--where filter] [-]\n"
	"                   pareto [--share fraction]\n"
	"       crm-segment [-q] [-C dir] [-f format] [--at day] [--where filter] [-]\n"
	"                   by field\n"
	"       crm-segment [-q] [-C dir] save name filter ...\n"
	"       crm-segment [-q] [-C dir] rm name\n"
	"       crm-segment [-q] [-C dir] [-f format] [-o fields] [--sort fields]\n"
	"                   [--where filter] [-] name\n"
	"       crm-segment [-C dir] [-f format] --list\n";

static void
usage(FILE *fp)
{
	fputs(usage_text, fp);
}

struct opts {
	struct crm_cli cli;
	struct crm_seg_opts seg;
	const char *tag;
	const char *since;
	int windows;
	int list;
	int from_stdin;
	char **args;
	size_t nargs;
};

enum { OPT_AT = 0x200, OPT_WHERE, OPT_BINS, OPT_SUMMARY, OPT_SHARE,
       OPT_TAG, OPT_LIST, OPT_SINCE, OPT_WINDOWS };

/* --windows new=60d,active=120d: the lifecycle windows to use. */
static int
parse_windows(long win[3], const char *spec)
{
	static const char *const names[3] = { "new", "active", "passive" };
	char *copy = crm_xstrdup(spec), *p = copy, *tok, *eq;
	int rc = 0, k;

	while (rc == 0 && (tok = strsep(&p, ","))) {
		eq = strchr(tok, '=');
		for (k = 0; eq && k < 3; k++)
			if ((size_t)(eq - tok) == strlen(names[k]) &&
			    strncmp(tok, names[k], (size_t)(eq - tok)) == 0)
				break;
		if (!eq || k == 3 || (win[k] = crm_span_days(eq + 1)) <= 0)
			rc = crm_err_set(CRM_EUSAGE,
					 "--windows: expected new=, active= or passive= with a span such as 90d, not '%s'",
					 tok);
	}
	free(copy);
	return rc;
}

static int
parse_args(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		CRM_CLI_LONGOPTS,
		{ "fields", 1, NULL, 'o' },
		{ "at", 1, NULL, OPT_AT },
		{ "where", 1, NULL, OPT_WHERE },
		{ "bins", 1, NULL, OPT_BINS },
		{ "summary", 0, NULL, OPT_SUMMARY },
		{ "share", 1, NULL, OPT_SHARE },
		{ "since", 1, NULL, OPT_SINCE },
		{ "tag", 1, NULL, OPT_TAG },
		{ "list", 0, NULL, OPT_LIST },
		{ "windows", 1, NULL, OPT_WINDOWS },
		{ NULL, 0, NULL, 0 },
	};
	long long v;
	char *end;
	int c, rc;

	crm_cli_init(&o->cli);
	while ((c = crm_cli_getopt(&o->cli, argc, argv, "", longopts,
				   usage_text)) != -1) {
		if (c < 0)
			return c;
		switch (c) {
		case OPT_AT:
			o->seg.at = optarg;
			break;
		case OPT_WHERE:
			o->seg.where = optarg;
			break;
		case OPT_BINS:
			if ((rc = crm_parse_int(&v, optarg, 2, 100, "--bins")) < 0)
				return rc;
			o->seg.bins = (int)v;
			break;
		case OPT_SUMMARY:
			o->seg.summary = 1;
			break;
		case OPT_SHARE:
			o->seg.share = strtod(optarg, &end);
			if (end == optarg || *end || !(o->seg.share > 0) ||
			    o->seg.share > 1)
				return crm_err_set(CRM_EUSAGE,
						   "--share: expected a fraction above 0 and up to 1, such as 0.8, not '%s'",
						   optarg);
			break;
		case OPT_SINCE:
			o->since = optarg;
			break;
		case OPT_TAG:
			o->tag = optarg;
			break;
		case OPT_LIST:
			o->list = 1;
			break;
		case OPT_WINDOWS:
			if ((rc = parse_windows(o->seg.windows, optarg)) < 0)
				return rc;
			o->windows = 1;
			break;
		default:
			return crm_cli_bad_option(c, argv, longopts);
		}
	}
	for (; optind < argc; optind++) {
		if (strcmp(argv[optind], "-") == 0) {
			o->from_stdin = 1;
			continue;
		}
		o->args = realloc(o->args, (o->nargs + 1) * sizeof(*o->args));
		if (!o->args)
			abort();
		o->args[o->nargs++] = argv[optind];
	}
	if (!o->list && o->nargs == 0)
		return crm_err_set(CRM_EUSAGE, "a mode is needed (rfm, lifecycle, value, pareto, by, save, rm) or a segment's name");
	return 0;
}

/* Checks that the mode got the operands and options it takes. */
static int
check_mode(const struct opts *o, const char *mode)
{
	size_t want = strcmp(mode, "by") == 0 || strcmp(mode, "rm") == 0 ? 2 :
		      strcmp(mode, "save") == 0 ? 3 : 1;

	if (o->list)
		return o->nargs ? crm_err_set(CRM_EUSAGE, "--list takes no mode") :
		       o->tag || o->seg.bins || o->seg.summary || o->seg.share > 0 ||
		       o->since || o->windows ? crm_err_set(CRM_EUSAGE, "--list takes no mode's options") :
		       0;
	if (strcmp(mode, "save") == 0 ? o->nargs < want : o->nargs != want)
		return crm_err_set(CRM_EUSAGE, "'%s' takes %s", mode,
				   want == 1 ? "no operand" :
				   strcmp(mode, "by") == 0 ? "a field name" :
				   strcmp(mode, "rm") == 0 ? "a segment's name" :
				   "a name and a filter");
	if (o->tag && strcmp(mode, "rfm") && strcmp(mode, "lifecycle") &&
	    strcmp(mode, "value"))
		return crm_err_set(CRM_EUSAGE, "--tag goes with rfm, lifecycle or value");
	if ((o->seg.bins || o->seg.summary) && strcmp(mode, "rfm"))
		return crm_err_set(CRM_EUSAGE, "--bins and --summary go with rfm");
	if (o->seg.share > 0 && strcmp(mode, "value") && strcmp(mode, "pareto"))
		return crm_err_set(CRM_EUSAGE, "--share goes with value or pareto");
	if (o->since && strcmp(mode, "value"))
		return crm_err_set(CRM_EUSAGE, "--since goes with value");
	if (o->windows && strcmp(mode, "lifecycle"))
		return crm_err_set(CRM_EUSAGE, "--windows goes with lifecycle");
	if (o->tag && o->seg.summary)
		return crm_err_set(CRM_EUSAGE, "--tag and --summary do not go together");
	if (o->tag && (!*o->tag || strchr(o->tag, ':') || strchr(o->tag, ',')))
		return crm_err_set(CRM_EUSAGE, "--tag: expected a prefix such as rfm (no ':' or ',')");
	return 0;
}

static const struct crm_table *sort_table;

static int
by_row_id(const void *a, const void *b)
{
	const struct crm_table *t = sort_table;

	return strcmp(t->cells[*(const size_t *)a * t->ncols],
		      t->cells[*(const size_t *)b * t->ncols]);
}

static int
find_id(const void *key, const void *elem)
{
	const struct crm_table *t = sort_table;

	return strcmp(key, t->cells[*(const size_t *)elem * t->ncols]);
}

/*
 * --tag: every contact the mode looked at gets "prefix:label" in place
 * of its old tags of that prefix; those the table leaves out (rfm and
 * value look at customers only) lose them.
 */
static int
write_tags(const struct opts *o, struct crm_store *s, const char *mode,
	   const struct crm_table *t)
{
	struct crm_table *pop = NULL;
	char **ids = NULL, **labels = NULL;
	size_t i, *order, changed = 0, col = t->ncols - 1;
	int rc;

	/* the population: lifecycle has every contact the options select */
	if (strcmp(mode, "lifecycle") == 0)
		col = 1;
	if ((rc = crm_segment_lifecycle(&pop, s, &o->seg)) < 0)
		return rc;
	order = crm_xcalloc(t->nrows + 1, sizeof(*order));
	for (i = 0; i < t->nrows; i++)
		order[i] = i;
	sort_table = t;
	qsort(order, t->nrows, sizeof(*order), by_row_id);
	ids = crm_xcalloc(pop->nrows + 1, sizeof(*ids));
	labels = crm_xcalloc(pop->nrows + 1, sizeof(*labels));
	for (i = 0; i < pop->nrows; i++) {
		const size_t *at;

		ids[i] = pop->cells[i * pop->ncols];
		at = bsearch(ids[i], order, t->nrows, sizeof(*order), find_id);
		labels[i] = at ? t->cells[*at * t->ncols + col] : NULL;
	}
	rc = crm_add_retag(&changed, s, o->tag, ids, labels, pop->nrows);
	if (rc == 0 && !o->cli.quiet)
		fprintf(stderr, "%s: tagged %zu of %zu contacts with %s:*\n",
			crm_progname(), changed, pop->nrows, o->tag);
	free(order);
	free(ids);
	free(labels);
	crm_table_free(pop);
	return rc;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct crm_store *s = NULL;
	struct crm_table *t = NULL;
	struct crm_buf filter = CRM_BUF_INIT;
	char **ids = NULL, *saved = NULL;
	size_t nids = 0, rows = 0, i;
	const char *mode;
	struct crm_time since;
	int rc;

	umask(077);
	crm_set_progname(argv[0]);
	memset(&o, 0, sizeof(o));
	if ((rc = parse_args(&o, argc, argv)) < 0 ||
	    (rc = check_mode(&o, mode = o.nargs ? o.args[0] : "")) < 0) {
		crm_warn("%s", crm_err_msg());
		usage(stderr);
		rc = 64;
		goto out;
	}
	if (o.since) {
		if ((rc = crm_date_parse(&since, o.since, crm_now())) < 0) {
			rc = crm_err_set(CRM_EUSAGE, "--since: %s", crm_err_msg());
			goto out;
		}
		o.seg.since = since.t;
	}
	if (o.list || strcmp(mode, "rm") == 0 || strcmp(mode, "save") == 0) {
		if (o.from_stdin || o.seg.at || o.seg.where) {
			rc = crm_err_set(CRM_EUSAGE, "--at, --where and - go with the segment modes");
			goto out;
		}
	}
	if ((rc = crm_cli_open(&s, &o.cli, o.list || (strcmp(mode, "save") &&
				 strcmp(mode, "rm")) ? CRM_OPEN_READ :
				 0)) < 0)
		goto out;
	if (o.from_stdin &&
	    (rc = crm_cli_read_ids(&ids, &nids, s, CRM_CONTACT)) < 0)
		goto out;
	o.seg.ids = ids;
	o.seg.nids = nids;
	o.seg.restrict_ids = o.from_stdin;
	crm_cli_warn_problems(&o.cli, s);
	if (o.list)
		rc = crm_segment_list(&t, s);
	else if (strcmp(mode, "save") == 0) {
		for (i = 2; i < o.nargs; i++) {
			if (filter.len)
				crm_buf_addc(&filter, ' ');
			crm_buf_adds(&filter, o.args[i]);
		}
		rc = crm_segment_save(s, o.args[1], filter.buf);
		goto out;
	} else if (strcmp(mode, "rm") == 0) {
		rc = crm_segment_remove(s, o.args[1]);
		goto out;
	} else if (strcmp(mode, "rfm") == 0)
		rc = crm_segment_rfm(&t, s, &o.seg);
	else if (strcmp(mode, "lifecycle") == 0)
		rc = crm_segment_lifecycle(&t, s, &o.seg);
	else if (strcmp(mode, "value") == 0)
		rc = crm_segment_value(&t, s, &o.seg);
	else if (strcmp(mode, "pareto") == 0)
		rc = crm_segment_pareto(&t, s, &o.seg);
	else if (strcmp(mode, "by") == 0)
		rc = crm_segment_by(&t, s, &o.seg, o.args[1]);
	else {
		/* a saved segment: its members now, like crm-find */
		if ((rc = crm_segment_filter(&saved, s, mode)) < 0)
			goto out;
		crm_buf_addf(&filter, "segment=%s", mode);
		if (o.seg.where)
			crm_buf_addf(&filter, " and (%s)", o.seg.where);
		rc = crm_cli_find(&rows, &o.cli, s, CRM_CONTACT, filter.buf, ids,
				  nids, o.from_stdin);
		if (rc == 0 && rows == 0)
			rc = 1;
		goto out;
	}
	if (rc < 0)
		goto out;
	if (o.tag) {
		if ((rc = write_tags(&o, s, mode, t)) < 0)
			goto out;
	}
	rc = crm_cli_table(&o.cli, t);
out:
	if (rc < 0)
		rc = crm_report(rc, NULL);
	crm_table_free(t);
	crm_refs_free(ids, nids);
	free(saved);
	free(o.args);
	crm_buf_release(&filter);
	crm_store_free(s);
	return crm_cli_finish(rc);
}
