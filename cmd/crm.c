/*
 * crm: the dispatcher and store administration.  "crm add ARGS" runs
 * crm-add ARGS, found beside crm first and then on PATH, as git runs
 * git-<cmd>; crm's own verbs (init, reindex, help) sit in a table.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crm.h"

static const char usage_text[] =
	"usage: crm [-q] [-C dir] [--version] [-h] command [args]\n"
	"commands:\n"
	"   init [dir]      create a store (default: the store crm uses)\n"
	"   reindex         rebuild the store's index from its records\n"
	"   history [ref]   the versions of a record, or the store's commits\n"
	"   undo [commit]   revert the last commit (or that one) as a new commit\n"
	"   rm ref...       remove records in one commit\n"
	"   edit ref        change a record in $VISUAL or $EDITOR\n"
	"   fsck            check the store: files, ids, references, index, git\n"
	"   sync [remote]   fetch, merge field by field, push (--add name url)\n"
	"   forget ref      erase a person from the whole history (--yes, --push)\n"
	"   export          records as vCards, CSV, JSON or YAML; --subject: a person\n"
	"   dedupe          contacts that look like one person, with a score\n"
	"   merge keep dup  fold duplicates into one contact, in one commit\n"
	"   help [command]  show help for crm or a command\n"
	"   add             create and update contacts, orgs and deals (crm-add)\n"
	"   find            query records with filters and full text (crm-find)\n"
	"   log             record interactions; timelines; due tasks (crm-log)\n"
	"   segment         RFM, lifecycle, value and saved segments (crm-segment)\n"
	"   report          summary, revenue, cohorts, Pareto (crm-report)\n"
	"   NAME            any crm-NAME program beside crm or on PATH\n";

static void
usage(FILE *fp)
{
	fputs(usage_text, fp);
}

struct opts {
	struct crm_cli cli;
};

static int
cmd_init(struct opts *o, int argc, char **argv)
{
	struct crm_buf path = CRM_BUF_INIT;
	struct crm_store *s = NULL;
	int rc;

	const char *dir = NULL;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0)
			o->cli.quiet = 1;
		else if (argv[i][0] == '-' && argv[i][1])
			return crm_err_set(CRM_EUSAGE, "init: unknown option '%s'",
					   argv[i]);
		else if (dir)
			return crm_err_set(CRM_EUSAGE, "init takes one folder at most");
		else
			dir = argv[i];
	}
	if ((rc = crm_store_locate(&path, dir ? dir : o->cli.store)) < 0)
		goto out;
	rc = crm_store_init(path.buf);
	if (rc == CRM_EEXISTS && crm_store_open(&s, path.buf, 0) == 0) {
		if (!o->cli.quiet)
			crm_warn("the store at %s exists already", path.buf);
		rc = 0;
		goto out;
	}
	if (rc == 0 && !o->cli.quiet)
		crm_warn("created the store at %s", path.buf);
	if (rc == CRM_EEXISTS)
		rc = crm_err_set(CRM_EDATA, "%s exists and is not a crm store",
				 path.buf);
out:
	crm_store_free(s);
	crm_buf_release(&path);
	return rc;
}

static void
problem(const char *path, const char *msg, void *arg)
{
	/* msg names the file already when the parser found the fault */
	if (strncmp(msg, path, strlen(path)) == 0)
		crm_warn("%s", msg);
	else
		crm_warn("%s: %s", path, msg);
}

static int
cmd_reindex(struct opts *o, int argc, char **argv)
{
	struct crm_store *s = NULL;
	size_t n = 0, bad = 0;
	int rc;

	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0)
			o->cli.quiet = 1;
		else
			return crm_err_set(CRM_EUSAGE, "reindex takes no arguments");
	}
	if ((rc = crm_cli_open(&s, &o->cli, 0)) == 0 &&
	    (rc = crm_store_reindex(s, &n)) == 0 &&
	    (rc = crm_store_problems(&bad, s, problem, NULL)) == 0 &&
	    !o->cli.quiet)
		crm_warn("indexed %zu record%s", n, n == 1 ? "" : "s");
	if (rc == 0 && bad)
		rc = crm_err_set(CRM_EDATA, "%zu file%s could not be read", bad,
				 bad == 1 ? "" : "s");
	crm_store_free(s);
	return rc;
}

static int
cmd_history(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		CRM_CLI_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	static const char usage_h[] =
		"usage: crm history [-C dir] [-f format] [--header] [-n limit] [ref]\n";
	struct crm_store *s = NULL;
	const char *ref = NULL;
	int c, rc;

	optind = 0;	/* a fresh scan: main's stopped at the command */
	while ((c = crm_cli_getopt(&o->cli, argc, argv, "", longopts,
				   usage_h)) != -1) {
		if (c < 0)
			return c;
		return crm_cli_bad_option(c, argv, longopts);
	}
	if (optind < argc)
		ref = argv[optind++];
	if (optind < argc)
		return crm_err_set(CRM_EUSAGE, "history takes one record at most");
	if ((rc = crm_cli_open(&s, &o->cli, CRM_OPEN_READ)) == 0)
		rc = crm_cli_history(&o->cli, s, ref);
	crm_store_free(s);
	return rc;
}

static int
cmd_undo(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "force", 0, NULL, 'F' },
		{ "quiet", 0, NULL, 'q' },
		{ "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char usage_u[] = "usage: crm undo [-q] [--force] [commit]\n";
	struct crm_store *s = NULL;
	char undone[41];
	size_t n = 0;
	int c, rc, force = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		if (c == 'F')
			force = 1;
		else if (c == 'q')
			o->cli.quiet = 1;
		else if (c == 'h') {
			fputs(usage_u, stdout);
			return 0;
		} else
			return crm_cli_bad_option(c, argv, longopts);
	}
	if (argc - optind > 1)
		return crm_err_set(CRM_EUSAGE, "undo takes one commit at most");
	if ((rc = crm_cli_open(&s, &o->cli, 0)) == 0 &&
	    (rc = crm_undo(undone, &n, s, optind < argc ? argv[optind] : NULL,
			   force)) == 0 && !o->cli.quiet)
		crm_warn("undid %.12s (%zu file%s)", undone, n, n == 1 ? "" : "s");
	crm_store_free(s);
	return rc;
}

static int
cmd_rm(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "force", 0, NULL, 'F' },
		{ "with-log", 0, NULL, 'L' },
		{ "quiet", 0, NULL, 'q' },
		{ "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char usage_r[] =
		"usage: crm rm [-q] [--force] [--with-log] ref... | -\n";
	struct crm_store *s = NULL;
	char **refs = NULL;
	size_t nrefs = 0, n = 0;
	int c, rc, force = 0, with_log = 0, from_stdin = 0, i;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		if (c == 'F')
			force = 1;
		else if (c == 'L')
			with_log = 1;
		else if (c == 'q')
			o->cli.quiet = 1;
		else if (c == 'h') {
			fputs(usage_r, stdout);
			return 0;
		} else
			return crm_cli_bad_option(c, argv, longopts);
	}
	if (optind == argc)
		return crm_err_set(CRM_EUSAGE, "rm: which records? (ids, emails, names, or - for stdin)");
	if ((rc = crm_cli_open(&s, &o->cli, 0)) < 0)
		goto out;
	for (i = optind; i < argc; i++)
		if (strcmp(argv[i], "-") == 0)
			from_stdin = 1;
	if (from_stdin && (rc = crm_refs_read(&refs, &nrefs, stdin, "stdin")) < 0)
		goto out;
	for (i = optind; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0)
			continue;
		refs = crm_xrealloc(refs, (nrefs + 2) * sizeof(*refs));
		refs[nrefs++] = crm_xstrdup(argv[i]);
		refs[nrefs] = NULL;
	}
	if ((rc = crm_rm(&n, s, refs, nrefs, with_log, force)) == 0 &&
	    !o->cli.quiet)
		crm_warn("removed %zu record%s", n, n == 1 ? "" : "s");
out:
	crm_refs_free(refs, nrefs);
	crm_store_free(s);
	return rc;
}

static int
cmd_edit(struct opts *o, int argc, char **argv)
{
	struct crm_store *s = NULL;
	int rc, changed = 0;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs("usage: crm edit ref\n", stdout);
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-')
		return crm_err_set(CRM_EUSAGE, "edit takes one record: crm edit ref");
	if ((rc = crm_cli_open(&s, &o->cli, 0)) == 0 &&
	    (rc = crm_edit(&changed, s, argv[1])) == 0 && !o->cli.quiet)
		crm_warn("%s", changed ? "saved" : "no changes");
	crm_store_free(s);
	return rc;
}

static void
fsck_problem(const char *msg, void *arg)
{
	(void)arg;
	printf("%s\n", msg);
}

static int
cmd_fsck(struct opts *o, int argc, char **argv)
{
	struct crm_store *s = NULL;
	size_t n = 0;
	int rc, i, repair = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--repair"))
			repair = 1;
		else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet"))
			o->cli.quiet = 1;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs("usage: crm fsck [-q] [--repair]\n", stdout);
			return 0;
		} else
			return crm_err_set(CRM_EUSAGE, "fsck: unknown option '%s'",
					   argv[i]);
	}
	if ((rc = crm_cli_open(&s, &o->cli, 0)) == 0)
		rc = crm_fsck(&n, s, repair, o->cli.quiet ? NULL : fsck_problem,
			      NULL);
	if (rc == 0 && n) {
		rc = crm_err_set(CRM_EDATA, "%zu problem%s%s", n, n == 1 ? "" : "s",
				 repair ? " (the index was rebuilt)" : "");
	} else if (rc == 0 && !o->cli.quiet)
		crm_warn("the store is sound%s", repair ? " (the index was rebuilt)" : "");
	crm_store_free(s);
	return rc;
}

static void
sync_note(const char *msg, void *arg)
{
	const struct opts *o = arg;

	if (!o->cli.quiet)
		crm_warn("%s", msg);
}

static int
cmd_sync(struct opts *o, int argc, char **argv)
{
	struct crm_sync_result r;
	struct crm_store *s = NULL;
	const char *name = NULL;
	int rc, i, add = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--add"))
			add = 1;
		else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet"))
			o->cli.quiet = 1;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs("usage: crm sync [-q] [remote]\n"
			      "       crm sync --add name url\n", stdout);
			return 0;
		} else if (argv[i][0] == '-')
			return crm_err_set(CRM_EUSAGE, "sync: unknown option '%s'",
					   argv[i]);
		else
			break;
	}
	if (add ? argc - i != 2 : argc - i > 1)
		return crm_err_set(CRM_EUSAGE, add ?
				   "sync --add takes a name and a URL" :
				   "sync takes one remote at most");
	name = i < argc ? argv[i] : NULL;
	if ((rc = crm_cli_open(&s, &o->cli, 0)) < 0)
		goto out;
	if (add) {
		if ((rc = crm_sync_add(s, argv[i], argv[i + 1])) == 0 &&
		    !o->cli.quiet)
			crm_warn("added the remote %s: crm sync %s shares the store with it",
				 argv[i], argv[i]);
		goto out;
	}
	if ((rc = crm_sync(&r, s, name, sync_note, o)) == 0 && !o->cli.quiet)
		crm_warn("synced: %s%s%s%s",
			 r.fast_forward ? "took the remote's changes" :
			 r.merged ? "merged" : "fetched",
			 r.merged ? "" : "", r.pushed ? ", pushed" : ", nothing to push",
			 r.conflicts ? " (fields changed on both sides: see above)" : "");
out:
	crm_store_free(s);
	return rc;
}

static int
cmd_forget(struct opts *o, int argc, char **argv)
{
	struct crm_forget_result r;
	struct crm_store *s = NULL;
	const char *ref = NULL;
	size_t i;
	int rc, a, yes = 0, push = 0;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--yes") || !strcmp(argv[a], "-y"))
			yes = 1;
		else if (!strcmp(argv[a], "--push"))
			push = 1;
		else if (!strcmp(argv[a], "-q") || !strcmp(argv[a], "--quiet"))
			o->cli.quiet = 1;
		else if (!strcmp(argv[a], "-h") || !strcmp(argv[a], "--help")) {
			fputs("usage: crm forget [-q] [--yes] [--push] ref\n", stdout);
			return 0;
		} else if (argv[a][0] == '-')
			return crm_err_set(CRM_EUSAGE, "forget: unknown option '%s'",
					   argv[a]);
		else if (ref)
			return crm_err_set(CRM_EUSAGE, "forget takes one record");
		else
			ref = argv[a];
	}
	if (!ref)
		return crm_err_set(CRM_EUSAGE, "forget: whom? (an id, an email)");
	if ((rc = crm_cli_open(&s, &o->cli, 0)) < 0)
		goto out;
	if (!yes) {
		/* the whole history is written again: ask, on a terminal */
		struct crm_match m;
		char line[128];
		FILE *tty;

		if ((rc = crm_ref_resolve(&m, s, -1, ref)) < 0)
			goto out;
		if (!isatty(STDIN_FILENO) || !(tty = fopen("/dev/tty", "r+"))) {
			free(m.label);
			rc = crm_err_set(CRM_EUSAGE,
					 "forget rewrites the whole history: confirm with --yes");
			goto out;
		}
		fprintf(tty, "crm: erase %s %.8s (%s) from the whole history of %s?\n"
			"crm: type its id's first 8 digits to confirm: ",
			crm_kind_name(m.kind), m.id, m.label ? m.label : "",
			crm_store_path(s));
		fflush(tty);
		if (!fgets(line, sizeof(line), tty) || strncmp(line, m.id, 8)) {
			fclose(tty);
			free(m.label);
			rc = crm_err_set(CRM_EUSAGE, "not confirmed: nothing was changed");
			goto out;
		}
		fclose(tty);
		free(m.label);
	}
	if ((rc = crm_forget(&r, s, ref, push)) < 0)
		goto out;
	if (!o->cli.quiet) {
		crm_warn("forgot %.8s: %zu commit%s written again, %zu interaction version%s dropped; reflogs expired, old objects pruned, index rebuilt",
			 r.id, r.commits, r.commits == 1 ? "" : "s", r.interactions,
			 r.interactions == 1 ? "" : "s");
		for (i = 0; i < r.nremotes; i++)
			if (r.remote_pushed[i])
				crm_warn("the remote %s was updated: it may keep the old objects until its own git gc",
					 r.remotes[i]);
			else
				crm_warn("the remote %s still holds the old history: crm forget --push updates it (or git push --force)",
					 r.remotes[i]);
		crm_warn("every other clone of the store still holds the old history: delete it and clone again");
	}
out:
	crm_store_free(s);
	return rc;
}

static const char export_usage[] =
	"usage: crm export [-k contact|org|deal] [-f vcf|csv|json|yaml] [--vcard 3.0|4.0]\n"
	"                  [filter ...] [-]\n"
	"       crm export --subject ref\n";

static int
cmd_export(struct opts *o, int argc, char **argv)
{
	struct crm_export_opts eo;
	struct crm_buf out = CRM_BUF_INIT, filter = CRM_BUF_INIT;
	struct crm_store *s = NULL;
	const char *subject = NULL;
	char **ids = NULL;
	size_t nids = 0, n = 0;
	int i, rc = 0, stdin_refs = 0;

	memset(&eo, 0, sizeof(eo));
	eo.kind = CRM_CONTACT;
	eo.format = CRM_EXPORT_YAML;
	eo.vcard = 4;
	for (i = 1; i < argc && rc == 0; i++) {
		const char *a = argv[i], *v = NULL;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(export_usage, stdout);
			goto out;
		}
		if (!strcmp(a, "-")) {
			stdin_refs = 1;
			continue;
		}
		if (a[0] != '-') {
			if (filter.len)
				crm_buf_addc(&filter, ' ');
			crm_buf_adds(&filter, a);
			continue;
		}
		/* an option and its value: "-k org", "-korg", "--kind=org" */
		if (!strncmp(a, "--", 2) && strchr(a, '=')) {
			v = strchr(a, '=') + 1;
		} else if (a[1] != '-' && a[2]) {
			v = a + 2;
		} else if (strcmp(a, "--subject") && strcmp(a, "-k") &&
			   strcmp(a, "--kind") && strcmp(a, "-f") &&
			   strcmp(a, "--format") && strcmp(a, "--vcard")) {
			rc = crm_err_set(CRM_EUSAGE, "export: unknown option '%s'", a);
			break;
		} else if (i + 1 < argc) {
			v = argv[++i];
		} else {
			rc = crm_err_set(CRM_EUSAGE, "export: %s needs a value", a);
			break;
		}
		if (!strncmp(a, "--subject", 9)) {
			subject = v;
		} else if (!strncmp(a, "-k", 2) || !strncmp(a, "--kind", 6)) {
			eo.kind = crm_kind_parse(v);
			if (eo.kind < 0 || eo.kind == CRM_LOG)
				rc = crm_err_set(CRM_EUSAGE,
						 "export: kinds are contact, org and deal, not '%s'%s",
						 v, eo.kind == CRM_LOG ?
						 " (crm-find -k log -f json exports interactions)" : "");
		} else if (!strncmp(a, "-f", 2) || !strncmp(a, "--format", 8)) {
			if ((eo.format = crm_export_format(v)) < 0)
				rc = eo.format;
		} else if (!strncmp(a, "--vcard", 7)) {
			if (!strcmp(v, "3.0") || !strcmp(v, "3"))
				eo.vcard = 3;
			else if (!strcmp(v, "4.0") || !strcmp(v, "4"))
				eo.vcard = 4;
			else
				rc = crm_err_set(CRM_EUSAGE, "--vcard: 3.0 or 4.0, not '%s'", v);
		} else {
			rc = crm_err_set(CRM_EUSAGE, "export: unknown option '%s'", a);
		}
	}
	if (rc < 0)
		goto out;
	if (subject && (filter.len || stdin_refs))
		rc = crm_err_set(CRM_EUSAGE, "--subject takes one person, and no filter");
	else if (eo.format == CRM_EXPORT_VCF && eo.kind != CRM_CONTACT)
		rc = crm_err_set(CRM_EUSAGE, "vCards hold contacts, not %ss",
				 crm_kind_name(eo.kind));
	if (rc < 0 || (rc = crm_cli_open(&s, &o->cli, CRM_OPEN_READ)) < 0)
		goto out;
	if (subject) {
		if ((rc = crm_export_subject(&out, s, subject)) == 0 &&
		    fwrite(out.buf, 1, out.len, stdout) != out.len)
			rc = crm_err_set(CRM_EIO, "standard output: %s", strerror(errno));
		goto out;
	}
	if (stdin_refs && (rc = crm_cli_read_ids(&ids, &nids, s, eo.kind)) < 0)
		goto out;
	eo.filter = crm_buf_str(&filter);
	eo.ids = ids;
	eo.nids = nids;
	eo.restrict_ids = stdin_refs;
	rc = crm_export(&n, stdout, s, &eo);
out:
	crm_refs_free(ids, nids);
	crm_buf_release(&out);
	crm_buf_release(&filter);
	crm_store_free(s);
	return rc;
}

static int
cmd_dedupe(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		CRM_CLI_LONGOPTS,
		{ "min-score", 1, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	static const char usage_d[] =
		"usage: crm dedupe [-C dir] [-f format] [--header] [-n limit] [--min-score N]\n";
	struct crm_store *s = NULL;
	struct crm_table *t = NULL;
	long long min = 50;
	int c, rc;

	optind = 0;
	while ((c = crm_cli_getopt(&o->cli, argc, argv, "", longopts,
				   usage_d)) != -1) {
		if (c < 0)
			return c;
		if (c == 'm') {
			if (crm_parse_int(&min, optarg, 0, 100, "--min-score") < 0)
				return crm_err_set(CRM_EUSAGE,
						   "--min-score: a whole number from 0 to 100, not '%s'",
						   optarg);
			continue;
		}
		return crm_cli_bad_option(c, argv, longopts);
	}
	if (optind < argc)
		return crm_err_set(CRM_EUSAGE, "dedupe takes no argument ('%s')",
				   argv[optind]);
	if ((rc = crm_cli_open(&s, &o->cli, CRM_OPEN_READ)) == 0 &&
	    (rc = crm_dedupe(&t, s, (int)min)) == 0 && !o->cli.quiet)
		rc = crm_cli_table(&o->cli, t);
	crm_table_free(t);
	crm_store_free(s);
	return rc;
}

static int
cmd_merge(struct opts *o, int argc, char **argv)
{
	struct crm_store *s = NULL;
	size_t moved = 0;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs("usage: crm merge [-q] keep duplicate...\n", stdout);
			return 0;
		}
		if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
			o->cli.quiet = 1;
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1])
			return crm_err_set(CRM_EUSAGE, "merge: unknown option '%s'", argv[i]);
	}
	/* the references, options taken out */
	{
		char **refs = crm_xcalloc((size_t)argc, sizeof(*refs));
		size_t n = 0;

		for (i = 1; i < argc; i++)
			if (strcmp(argv[i], "-q") && strcmp(argv[i], "--quiet"))
				refs[n++] = argv[i];
		if (n < 2) {
			free(refs);
			return crm_err_set(CRM_EUSAGE,
					   "merge: the contact to keep, then the duplicates");
		}
		if ((rc = crm_cli_open(&s, &o->cli, 0)) == 0 &&
		    (rc = crm_merge(&moved, s, refs[0], refs + 1, n - 1)) == 0 &&
		    !o->cli.quiet)
			crm_warn("merged %zu contact%s into %s; %zu interaction%s moved",
				 n - 1, n == 2 ? "" : "s", refs[0], moved,
				 moved == 1 ? "" : "s");
		free(refs);
	}
	crm_store_free(s);
	return rc;
}

static int run_external(const char *name, int argc, char **argv);

static int
cmd_help(struct opts *o, int argc, char **argv)
{
	if (argc < 2) {
		usage(stdout);
		return 0;
	}
	{
		char *args[] = { argv[1], "--help", NULL };

		return run_external(argv[1], 2, args);
	}
}

static const struct {
	const char *name;
	int (*fn)(struct opts *o, int argc, char **argv);
} commands[] = {
	{ "init", cmd_init },
	{ "reindex", cmd_reindex },
	{ "history", cmd_history },
	{ "undo", cmd_undo },
	{ "rm", cmd_rm },
	{ "edit", cmd_edit },
	{ "fsck", cmd_fsck },
	{ "sync", cmd_sync },
	{ "forget", cmd_forget },
	{ "export", cmd_export },
	{ "dedupe", cmd_dedupe },
	{ "merge", cmd_merge },
	{ "help", cmd_help },
};

/* The folder crm was run from, to find its siblings first. */
static void
self_dir(struct crm_buf *out)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n <= 0)
		return;
	buf[n] = '\0';
	if ((slash = strrchr(buf, '/')))
		*slash = '\0';
	crm_buf_adds(out, buf);
}

static int
valid_name(const char *s)
{
	if (!*s || *s == '-')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-'))
			return 0;
	return 1;
}

static int
run_external(const char *name, int argc, char **argv)
{
	struct crm_buf prog = CRM_BUF_INIT, path = CRM_BUF_INIT;
	int e, rc;

	if (!valid_name(name))
		return crm_err_set(CRM_EUSAGE,
				   "'%s' is not a crm command; see 'crm help'", name);
	self_dir(&path);
	crm_buf_addf(&prog, "crm-%s", name);
	argv[0] = prog.buf;
	if (path.len) {
		crm_buf_addf(&path, "/%s", prog.buf);
		if (access(path.buf, X_OK) == 0)
			execv(path.buf, argv);
		else
			execvp(prog.buf, argv);
	} else {
		execvp(prog.buf, argv);
	}
	e = errno;
	(void)argc;
	if (e == ENOENT)
		rc = crm_err_set(CRM_EUSAGE,
				 "'%s' is not a crm command; see 'crm help'", name);
	else
		rc = crm_err_set(CRM_EINTERNAL, "cannot run %s: %s", prog.buf,
				 strerror(e));
	crm_buf_release(&prog);
	crm_buf_release(&path);
	return rc;
}

int
main(int argc, char **argv)
{
	static struct option longopts[] = {
		{ "store", 1, NULL, 'C' },
		{ "quiet", 0, NULL, 'q' },
		{ "help", 0, NULL, 'h' },
		{ "version", 0, NULL, CRM_OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o;
	size_t i;
	int c, rc;

	umask(077);
	crm_set_progname(argv[0]);
	crm_cli_init(&o.cli);
	/* '+': stop at the command, whose options are its own. */
	while ((c = getopt_long(argc, argv, "+C:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'C':
			o.cli.store = optarg;
			break;
		case 'q':
			o.cli.quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return crm_cli_finish(0);
		case CRM_OPT_VERSION:
			crm_cli_version();
			return crm_cli_finish(0);
		default:
			usage(stderr);
			return 64;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage(stderr);
		return 64;
	}
	/* Commands run by crm see the store crm was given. */
	if (o.cli.store && setenv("CRM_DIR", o.cli.store, 1) < 0)
		return crm_report(crm_err_set(CRM_EINTERNAL, "setenv failed"), NULL);
	rc = 1;
	for (i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		if (strcmp(argv[0], commands[i].name) == 0)
			break;
	if (i < sizeof(commands) / sizeof(*commands))
		rc = commands[i].fn(&o, argc, argv);
	else
		rc = run_external(argv[0], argc, argv);
	if (rc < 0) {
		rc = crm_report(rc, NULL);
		if (rc == 64 && i < sizeof(commands) / sizeof(*commands))
			usage(stderr);
	}
	return crm_cli_finish(rc);
}
