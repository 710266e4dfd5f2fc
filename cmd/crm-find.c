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
	int c;

	crm_cli_init(&o->cli);
	o->kind = CRM_CONTACT;
	while ((c = crm_cli_getopt(&o->cli, argc, argv, "k:", longopts,
				   usage_text)) != -1) {
		if (c < 0)
			return c;
		switch (c) {
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

int
main(int argc, char **argv)
{
	struct opts o;
	struct crm_store *s = NULL;
	char **ids = NULL;
	size_t nids = 0, rows = 0;
	int rc;

	umask(077);
	crm_set_progname(argv[0]);
	memset(&o, 0, sizeof(o));
	if ((rc = parse_args(&o, argc, argv)) < 0) {
		crm_warn("%s", crm_err_msg());
		usage(stderr);
		rc = 64;
		goto out;
	}
	if ((rc = crm_cli_open(&s, &o.cli, CRM_OPEN_READ)) < 0)
		goto out;
	if (o.from_stdin && (rc = crm_cli_read_ids(&ids, &nids, s, o.kind)) < 0)
		goto out;
	crm_cli_warn_problems(&o.cli, s);
	rc = crm_cli_find(&rows, &o.cli, s, o.kind, crm_buf_str(&o.filter), ids,
			  nids, o.from_stdin);
	/* like grep: 1 when nothing matched */
	if (rc == 0 && rows == 0)
		rc = 1;
out:
	if (rc < 0)
		rc = crm_report(rc, NULL);
	crm_refs_free(ids, nids);
	crm_store_free(s);
	crm_buf_release(&o.filter);
	return crm_cli_finish(rc);
}
