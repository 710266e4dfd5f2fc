/*
 * crm-add: create and update contacts, organisations and deals, one from
 * the command line or many from a YAML stream or JSON Lines.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "crm.h"

static const char usage_text[] =
	"usage: crm-add [-q] [-C dir] [-f format] [-o fields] contact|org|deal\n"
	"               [field options] [--upsert]\n"
	"       crm-add [-q] [-C dir] contact|org|deal --from file|- [--upsert] [--skip-bad]\n"
	"               [--map 'Column=field']... [--strict] [--encoding charset]\n"
	"       crm-add [-q] [-C dir] [-f format] [-o fields] --update ref|- [field options]\n"
	"       crm-add [-q] [-C dir] --update - [--skip-bad] < records\n"
	"field options: --name --email --phone --org --title --city --country --tag\n"
	"               --owner --stage --domain --industry --size --contact --amount\n"
	"               --currency --probability --close --set field=value\n";

static void
usage(FILE *fp)
{
	fputs(usage_text, fp);
}

enum {
	O_UPDATE = 0x200, O_FROM, O_UPSERT, O_SKIP_BAD, O_SET, O_MAP, O_STRICT,
	O_ENCODING, O_FIELD
};

/* Field options: a long option each, all handled alike. */
static const struct {
	const char *opt;
	const char *key;
	int list;
} field_opts[] = {
	{ "--name", "name", 0 }, { "--email", "email", 1 },
	{ "--phone", "phone", 1 }, { "--org", "org", 0 },
	{ "--title", "title", 0 }, { "--city", "city", 0 },
	{ "--country", "country", 0 }, { "--tag", "tags", 1 },
	{ "--owner", "owner", 0 }, { "--stage", "stage", 0 },
	{ "--domain", "domain", 0 }, { "--industry", "industry", 0 },
	{ "--size", "size", 0 }, { "--contact", "contact", 0 },
	{ "--amount", "amount", 0 }, { "--currency", "currency", 0 },
	{ "--probability", "probability", 0 }, { "--close", "close", 0 },
};
#define NFIELD_OPTS (sizeof(field_opts) / sizeof(*field_opts))

struct opts {
	struct crm_cli cli;
	struct crm_add_opts add;
	struct crm_edit *edits;
	size_t nedits;
	char **refs;
	size_t nrefs;
	const char *from;
	int update;
	struct crm_input_opts in;
	char **map;
};

static void
add_edit(struct opts *o, enum crm_edit_op op, const char *key,
	 const char *value, const char *opt)
{
	o->edits = crm_xrealloc(o->edits, (o->nedits + 1) * sizeof(*o->edits));
	o->edits[o->nedits].op = op;
	o->edits[o->nedits].key = key;
	o->edits[o->nedits].value = value;
	o->edits[o->nedits].opt = opt;
	o->nedits++;
}

static int
parse_args(struct opts *o, int argc, char **argv)
{
	static struct option longopts[NFIELD_OPTS + 19] = {
		CRM_CLI_LONGOPTS,
		{ "update", 1, NULL, O_UPDATE },
		{ "from", 1, NULL, O_FROM },
		{ "upsert", 0, NULL, O_UPSERT },
		{ "skip-bad", 0, NULL, O_SKIP_BAD },
		{ "set", 1, NULL, O_SET },
		{ "map", 1, NULL, O_MAP },
		{ "strict", 0, NULL, O_STRICT },
		{ "encoding", 1, NULL, O_ENCODING },
	};
	size_t i, base = 17;
	int c;

	for (i = 0; i < NFIELD_OPTS; i++) {
		longopts[base + i].name = field_opts[i].opt + 2;
		longopts[base + i].has_arg = 1;
		longopts[base + i].flag = NULL;
		longopts[base + i].val = O_FIELD + (int)i;
	}
	memset(&longopts[base + NFIELD_OPTS], 0, sizeof(*longopts));
	crm_cli_init(&o->cli);
	while ((c = crm_cli_getopt(&o->cli, argc, argv, "", longopts,
				   usage_text)) != -1) {
		if (c < 0)
			return c;
		switch (c) {
		case O_UPDATE:
			o->update = 1;
			o->refs = crm_xrealloc(o->refs, (o->nrefs + 1) * sizeof(*o->refs));
			o->refs[o->nrefs++] = optarg;
			break;
		case O_FROM:
			o->from = optarg;
			break;
		case O_UPSERT:
			o->add.upsert = 1;
			break;
		case O_SKIP_BAD:
			o->add.skip_bad = 1;
			break;
		case O_MAP:
			o->map = crm_xrealloc(o->map, (o->in.nmap + 1) * sizeof(*o->map));
			o->map[o->in.nmap++] = optarg;
			o->in.map = o->map;
			break;
		case O_STRICT:
			o->in.strict = 1;
			break;
		case O_ENCODING:
			o->in.encoding = optarg;
			break;
		case O_SET:
			/* the field is named once the kind is known, below */
			add_edit(o, CRM_EDIT_SET, NULL, optarg, "--set");
			break;
		default:
			if (c < O_FIELD || c >= O_FIELD + (int)NFIELD_OPTS)
				return crm_cli_bad_option(c, argv, longopts);
			i = (size_t)(c - O_FIELD);
			if (field_opts[i].list && optarg[0] == '-')
				add_edit(o, CRM_EDIT_DEL, field_opts[i].key,
					 optarg + 1, field_opts[i].opt);
			else
				add_edit(o, field_opts[i].list ? CRM_EDIT_ADD :
					 CRM_EDIT_SET, field_opts[i].key, optarg,
					 field_opts[i].opt);
		}
	}
	if (o->update) {
		if (optind < argc)
			return crm_err_set(CRM_EUSAGE,
					   "--update takes no kind ('%s')", argv[optind]);
		if (o->from)
			return crm_err_set(CRM_EUSAGE,
					   "--update and --from do not go together; use --update -");
	} else {
		if (optind >= argc)
			return crm_err_set(CRM_EUSAGE,
					   "what to add: contact, org or deal");
		c = crm_kind_parse(argv[optind]);
		if (c < 0 || c == CRM_LOG)
			return crm_err_set(CRM_EUSAGE,
					   "cannot add '%s': expected contact, org or deal%s",
					   argv[optind], c == CRM_LOG ? " (crm-log records interactions)" : "");
		o->add.kind = c;
		if (optind + 1 < argc)
			return crm_err_set(CRM_EUSAGE, "unexpected argument '%s'",
					   argv[optind + 1]);
		if (!o->from && (o->in.nmap || o->in.strict || o->in.encoding))
			return crm_err_set(CRM_EUSAGE,
					   "--map, --strict and --encoding read an import: give --from file");
		if (o->from && o->nedits)
			return crm_err_set(CRM_EUSAGE,
					   "--from imports records as they are; field options do not apply");
	}
	for (i = 0; i < o->nedits; i++) {
		char *arg, *eq;

		if (o->edits[i].key)
			continue;
		arg = (char *)o->edits[i].value;
		eq = strchr(arg, '=');
		if (!eq || eq == arg)
			return crm_err_set(CRM_EUSAGE,
					   "--set: expected field=value, not '%s'", arg);
		*eq = '\0';
		o->edits[i].key = crm_schema_canon(o->add.kind, arg);
		o->edits[i].value = eq + 1;
	}
	o->add.edits = o->edits;
	o->add.nedits = o->nedits;
	return 0;
}

static void
say(const char *msg, void *arg)
{
	const struct opts *o = arg;

	if (!o->cli.quiet)
		crm_warn("%s", msg);
}

static void
say_bad(const char *msg, void *arg)
{
	crm_warn("%s", msg);
}

static int
run_import(struct opts *o, struct crm_store *s, const char *file, int replace)
{
	struct crm_input *in = NULL;
	struct crm_buf ids = CRM_BUF_INIT;
	size_t n = 0;
	int rc;

	o->in.cfg = crm_store_config(s);
	if ((rc = crm_input_open_with(&in, file, &o->in)) < 0)
		return rc;
	rc = crm_add_import(&n, &ids, s, in, replace, &o->add);
	if (rc == 0 && !o->cli.quiet) {
		fwrite(ids.buf ? ids.buf : "", 1, ids.len, stdout);
		crm_warn("%s %zu record%s from %s", replace ? "updated" : "imported",
			 n, n == 1 ? "" : "s", crm_input_name(in));
	}
	crm_buf_release(&ids);
	crm_input_free(in);
	return rc;
}

static int
run_update(struct opts *o, struct crm_store *s)
{
	struct crm_record **out = NULL;
	char **refs = NULL;
	size_t nrefs = 0, nout = 0, i;
	int rc = 0, from_stdin = 0;

	for (i = 0; i < o->nrefs; i++)
		if (strcmp(o->refs[i], "-") == 0)
			from_stdin = 1;
	/* "--update -" with no edits: stdin holds whole records. */
	if (from_stdin && o->nedits == 0)
		return run_import(o, s, "-", 1);
	if (o->nedits == 0)
		return crm_err_set(CRM_EUSAGE,
				   "nothing to change: give field options such as --set field=value");
	for (i = 0; i < o->nrefs && rc == 0; i++) {
		if (strcmp(o->refs[i], "-") == 0) {
			char **more = NULL;
			size_t nmore = 0, j;

			if ((rc = crm_refs_read(&more, &nmore, stdin, "stdin")) < 0)
				break;
			refs = crm_xrealloc(refs, (nrefs + nmore + 1) * sizeof(*refs));
			for (j = 0; j < nmore; j++)
				refs[nrefs++] = more[j];
			free(more);
		} else {
			refs = crm_xrealloc(refs, (nrefs + 1) * sizeof(*refs));
			refs[nrefs++] = crm_xstrdup(o->refs[i]);
		}
	}
	if (rc == 0 && nrefs)
		rc = crm_add_update(&out, &nout, s, refs, nrefs, &o->add);
	if (rc == 0)
		rc = crm_cli_print_records(&o->cli, out, nout);
	for (i = 0; i < nout; i++)
		crm_record_free(out[i]);
	free(out);
	crm_refs_free(refs, nrefs);
	return rc;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct crm_store *s = NULL;
	struct crm_record *r = NULL;
	int rc;

	umask(077);
	crm_set_progname(argv[0]);
	memset(&o, 0, sizeof(o));
	o.add.note = say;
	o.add.bad = say_bad;
	o.add.arg = &o;
	if ((rc = parse_args(&o, argc, argv)) < 0) {
		if (*crm_err_msg())
			crm_warn("%s", crm_err_msg());
		usage(stderr);
		rc = 64;
		goto out;
	}
	if ((rc = crm_cli_open(&s, &o.cli, o.update ? 0 : CRM_OPEN_CREATE)) < 0)
		goto out;
	if (o.update)
		rc = run_update(&o, s);
	else if (o.from)
		rc = run_import(&o, s, o.from, 0);
	else if ((rc = crm_add_create(&r, s, &o.add)) == 0)
		rc = crm_cli_print_records(&o.cli, &r, 1);
out:
	if (rc < 0)
		rc = crm_report(rc, NULL);
	crm_record_free(r);
	crm_store_free(s);
	free(o.edits);
	free(o.refs);
	free(o.map);
	return crm_cli_finish(rc);
}
