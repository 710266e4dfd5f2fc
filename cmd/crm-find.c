/*
 * crm-find: query records with the filter language and full-text
 * search, and print them in any output format.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crm.h"

static const char usage_text[] =
	"usage: crm-find [-q] [-C dir] [-k kind] [-f format] [-o fields] [--header]\n"
	"                [--sort fields] [-n limit] [--count] [filter ...] [-]\n"
	"kinds: contact (default), org, deal, log\n";

static void
usage(FILE *fp)
{
	fputs(usage_text, fp);
}

struct opts {
	struct crm_cli cli;
	int kind;
	struct crm_buf filter;
	int from_stdin;
};

static int
parse_args(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		CRM_CLI_LONGOPTS,
		{ "kind", 1, NULL, 'k' },
		{ "fields", 1, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	crm_cli_init(&o->cli);
	o->kind = CRM_CONTACT;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":" CRM_CLI_SHORTOPTS "hk:", longopts,
				NULL)) != -1) {
		if ((rc = crm_cli_option(&o->cli, c, optarg)) < 0)
			return rc;
		if (rc)
			continue;
		switch (c) {
		case 'h':
			usage(stdout);
			exit(crm_cli_finish(0));
		case CRM_OPT_VERSION:
			crm_cli_version();
			exit(crm_cli_finish(0));
		case 'k':
			o->kind = crm_kind_parse(optarg);
			if (o->kind < 0)
				return crm_err_set(CRM_EUSAGE,
						   "unknown kind '%s' (expected contact, org, deal or log)",
						   optarg);
			break;
		default:
			return crm_cli_bad_option(c, argv, longopts);
		}
	}
	/* the filter: every operand but "-", joined by spaces */
	for (; optind < argc; optind++) {
		if (strcmp(argv[optind], "-") == 0) {
			o->from_stdin = 1;
			continue;
		}
		if (o->filter.len)
			crm_buf_addc(&o->filter, ' ');
		crm_buf_adds(&o->filter, argv[optind]);
	}
	return 0;
}

/* The ids named on stdin; an unknown reference is an error. */
static int
read_ids(char ***ids, size_t *n, struct crm_store *s, int kind)
{
	struct crm_match m;
	size_t i;
	int rc;

	if ((rc = crm_refs_read(ids, n, stdin, "stdin")) < 0)
		return rc;
	for (i = 0; i < *n; i++) {
		/* an id: one primary-key lookup to know it is there */
		if (crm_id_valid((*ids)[i]) && crm_index_kind(s, (*ids)[i]) == kind)
			continue;
		crm_err_clear();
		if ((rc = crm_ref_resolve(&m, s, kind, (*ids)[i])) < 0)
			return rc;
		free((*ids)[i]);
		(*ids)[i] = crm_xstrdup(m.id);
		free(m.label);
	}
	return 0;
}

struct run {
	struct crm_cli_out *out;
	size_t rows, count;
};

static int
on_row(const struct crm_row *row, void *arg)
{
	struct run *r = arg;

	r->rows++;
	r->count = row->count;
	return r->out ? crm_cli_out_row(r->out, row) : 0;
}

/* Splits "a,b,c" into a NULL-terminated array. */
static char **
split(const char *spec, size_t *n)
{
	char **v = NULL, *copy = crm_xstrdup(spec), *p = copy, *tok;

	*n = 0;
	while ((tok = strsep(&p, ","))) {
		if (!*tok)
			continue;
		v = crm_xrealloc(v, (*n + 2) * sizeof(*v));
		v[(*n)++] = crm_xstrdup(tok);
		v[*n] = NULL;
	}
	free(copy);
	return v;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct crm_store *s = NULL;
	struct crm_filter *f = NULL;
	struct crm_query q;
	struct run r;
	char **known = NULL, **ids = NULL, **cols = NULL;
	size_t nknown = 0, nids = 0, ncols = 0;
	int *numeric = NULL, rc;

	umask(077);
	crm_set_progname(argv[0]);
	memset(&o, 0, sizeof(o));
	memset(&q, 0, sizeof(q));
	memset(&r, 0, sizeof(r));
	if ((rc = parse_args(&o, argc, argv)) < 0) {
		crm_warn("%s", crm_err_msg());
		usage(stderr);
		rc = 64;
		goto out;
	}
	if ((rc = crm_cli_open(&s, &o.cli, CRM_OPEN_READ)) < 0 ||
	    (rc = crm_store_fields(&known, &nknown, s, o.kind)) < 0 ||
	    (rc = crm_filter_parse(&f, crm_buf_str(&o.filter), o.kind,
				   crm_store_config(s), known, crm_now())) < 0)
		goto out;
	if (o.from_stdin && (rc = read_ids(&ids, &nids, s, o.kind)) < 0)
		goto out;
	crm_cli_warn_problems(&o.cli, s);
	cols = split(o.cli.fields ? o.cli.fields : crm_cli_default_columns(o.kind),
		     &ncols);
	numeric = crm_xcalloc(ncols + 1, sizeof(*numeric));
	q.kind = o.kind;
	q.filter = f;
	q.columns = cols;
	q.ncolumns = ncols;
	q.sort = o.cli.sort;
	q.limit = o.cli.limit;
	q.ids = ids;
	q.nids = nids;
	q.restrict_ids = o.from_stdin;
	q.count_only = o.cli.count;
	q.numeric = numeric;
	/* the whole record is printed only as json without -o */
	q.no_doc = o.cli.fields || crm_cli_format(&o.cli) != CRM_FMT_JSON;
	if (!o.cli.count)
		r.out = crm_cli_out_new(&o.cli, s, o.kind, cols, ncols, numeric,
					o.cli.fields == NULL);
	rc = crm_store_query(s, &q, on_row, &r);
	if (r.out) {
		int rc2 = crm_cli_out_end(r.out);

		if (rc == 0)
			rc = rc2;
	}
	if (rc == 0 && o.cli.count) {
		if (!o.cli.quiet)
			printf("%zu\n", r.count);
		r.rows = r.count;
	}
	/* like grep: 1 when nothing matched */
	if (rc == 0 && r.rows == 0)
		rc = 1;
out:
	if (rc < 0)
		rc = crm_report(rc, NULL);
	crm_filter_free(f);
	crm_refs_free(known, nknown);
	crm_refs_free(ids, nids);
	crm_refs_free(cols, ncols);
	free(numeric);
	crm_store_free(s);
	crm_buf_release(&o.filter);
	return crm_cli_finish(rc);
}
