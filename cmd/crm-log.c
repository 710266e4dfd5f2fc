/*
 * crm-log: record interactions with contacts (calls, emails, meetings,
 * notes, purchases, refunds, support, tasks), show timelines and what is
 * due, close tasks, export them as iCalendar, import them in bulk.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "crm.h"

static const char usage_text[] =
	"usage: crm-log [-q] [-C dir] [-f format] [-o fields] ref|- type [summary]\n"
	"               [--at when] [--amount n] [--currency c] [--channel c]\n"
	"               [--direction in|out] [--deal ref] [--due when] [--body text|-]\n"
	"               [--set field=value] [--include-dnc]\n"
	"       crm-log [-q] [-C dir] [-f format] [-o fields] [-n limit] [--since when]\n"
	"               [--until when] [--type type] [--no-pager] [ref]\n"
	"       crm-log [-q] [-C dir] [-f format] --due [when]\n"
	"       crm-log [-q] [-C dir] [-f format] --done id...\n"
	"       crm-log [-C dir] --ical\n"
	"       crm-log [-q] [-C dir] --from file|- [--skip-bad] [--encoding charset]\n"
	"       crm-log [-q] [-C dir] [-f format] --from-mail [--add] [ref] < message\n";

static void
usage(FILE *fp)
{
	fputs(usage_text, fp);
}

enum {
	O_AT = 0x200, O_AMOUNT, O_CURRENCY, O_CHANNEL, O_DIRECTION, O_DEAL,
	O_DUE, O_BODY, O_SET, O_DNC, O_SINCE, O_UNTIL, O_TYPE, O_DONE, O_ICAL,
	O_FROM, O_SKIP_BAD, O_NO_PAGER, O_FROM_MAIL, O_ADD, O_ENCODING
};

struct opts {
	struct crm_cli cli;
	struct crm_log_opts log;
	struct crm_edit *edits;
	size_t nedits;
	const char *since, *until, *type, *from, *encoding;
	int due, done, ical, include_dnc, no_pager, from_mail, add;
	const char *due_by;
	char **args;
	size_t nargs;
	char **argv2;		/* argv with "--due WHEN" joined */
};

/*
 * "--due" takes a value when one follows ("--due +3d", a task's due
 * date or the day to list up to) and none when it stands alone ("what is
 * due today"): join a following date to it, for getopt.
 */
static char **
join_due(int argc, char **argv)
{
	char **v = crm_xcalloc((size_t)argc + 1, sizeof(*v));
	struct crm_time t;
	int i, j = 0;

	for (i = 0; i < argc; i++) {
		/* a date, or a word that is no option: a misspelt date */
		if (strcmp(argv[i], "--due") == 0 && i + 1 < argc &&
		    (crm_date_parse(&t, argv[i + 1], crm_now()) == 0 ||
		     argv[i + 1][0] != '-')) {
			v[j++] = crm_xasprintf("--due=%s", argv[i + 1]);
			i++;
			crm_err_clear();
			continue;
		}
		crm_err_clear();
		v[j++] = crm_xstrdup(argv[i]);
	}
	v[j] = NULL;
	return v;
}

static int
parse_args(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		CRM_CLI_LONGOPTS,
		{ "at", 1, NULL, O_AT },
		{ "amount", 1, NULL, O_AMOUNT },
		{ "currency", 1, NULL, O_CURRENCY },
		{ "channel", 1, NULL, O_CHANNEL },
		{ "direction", 1, NULL, O_DIRECTION },
		{ "deal", 1, NULL, O_DEAL },
		{ "due", 2, NULL, O_DUE },
		{ "body", 1, NULL, O_BODY },
		{ "set", 1, NULL, O_SET },
		{ "include-dnc", 0, NULL, O_DNC },
		{ "since", 1, NULL, O_SINCE },
		{ "until", 1, NULL, O_UNTIL },
		{ "type", 1, NULL, O_TYPE },
		{ "done", 0, NULL, O_DONE },
		{ "ical", 0, NULL, O_ICAL },
		{ "from", 1, NULL, O_FROM },
		{ "skip-bad", 0, NULL, O_SKIP_BAD },
		{ "no-pager", 0, NULL, O_NO_PAGER },
		{ "from-mail", 0, NULL, O_FROM_MAIL },
		{ "add", 0, NULL, O_ADD },
		{ "encoding", 1, NULL, O_ENCODING },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	crm_cli_init(&o->cli);
	while ((c = crm_cli_getopt(&o->cli, argc, argv, "", longopts,
				   usage_text)) != -1) {
		if (c < 0)
			return c;
		switch (c) {
		case O_AT: o->log.at = optarg; break;
		case O_AMOUNT: o->log.amount = optarg; break;
		case O_CURRENCY: o->log.currency = optarg; break;
		case O_CHANNEL: o->log.channel = optarg; break;
		case O_DIRECTION: o->log.direction = optarg; break;
		case O_DEAL: o->log.deal = optarg; break;
		case O_DUE:
			o->due = 1;
			o->due_by = optarg;
			break;
		case O_BODY: o->log.body = optarg; break;
		case O_SET: {
			char *eq = strchr(optarg, '=');

			if (!eq || eq == optarg)
				return crm_err_set(CRM_EUSAGE,
						   "--set: expected field=value, not '%s'",
						   optarg);
			*eq = '\0';
			o->edits = crm_xrealloc(o->edits, (o->nedits + 1) *
						sizeof(*o->edits));
			o->edits[o->nedits].op = CRM_EDIT_SET;
			o->edits[o->nedits].key = optarg;
			o->edits[o->nedits].value = eq + 1;
			o->edits[o->nedits].opt = "--set";
			o->nedits++;
			break;
		}
		case O_DNC: o->include_dnc = 1; break;
		case O_SINCE: o->since = optarg; break;
		case O_UNTIL: o->until = optarg; break;
		case O_TYPE: o->type = optarg; break;
		case O_DONE: o->done = 1; break;
		case O_ICAL: o->ical = 1; break;
		case O_FROM: o->from = optarg; break;
		case O_SKIP_BAD: o->log.skip_bad = 1; break;
		case O_ENCODING: o->encoding = optarg; break;
		case O_NO_PAGER: o->no_pager = 1; break;
		case O_FROM_MAIL: o->from_mail = 1; break;
		case O_ADD: o->add = 1; break;
		default:
			return crm_cli_bad_option(c, argv, longopts);
		}
	}
	o->args = argv + optind;
	o->nargs = (size_t)(argc - optind);
	o->log.edits = o->edits;
	o->log.nedits = o->nedits;
	return 0;
}

static void
say_bad(const char *msg, void *arg)
{
	crm_warn("%s", msg);
}

/* ---- recording ---- */

static int
run_record(struct opts *o, struct crm_store *s)
{
	struct crm_record **out = NULL;
	struct crm_buf body = CRM_BUF_INIT;
	char **ids = NULL, **refs = NULL;
	size_t nids = 0, nrefs = 0, nout = 0, i, dnc = 0;
	struct crm_match m;
	int rc = 0, bulk = strcmp(o->args[0], "-") == 0;

	if (o->nargs > 3)
		return crm_err_set(CRM_EUSAGE,
				   "unexpected argument '%s' (quote the summary)",
				   o->args[3]);
	o->log.type = o->args[1];
	o->log.summary = o->nargs > 2 ? o->args[2] : NULL;
	o->log.due = o->due_by;
	if (o->due && !o->due_by)
		return crm_err_set(CRM_EUSAGE, "--due: give the day the task is due");
	if (o->log.body && strcmp(o->log.body, "-") == 0) {
		if (bulk)
			return crm_err_set(CRM_EUSAGE,
					   "--body - and the reference - both want stdin");
		if ((rc = crm_read_file(&body, "-", 1u << 20)) < 0)
			return rc;
		o->log.body = crm_buf_str(&body);
	}
	if (bulk) {
		if ((rc = crm_refs_read(&refs, &nrefs, stdin, "stdin")) < 0)
			goto out;
	} else {
		refs = crm_xcalloc(1, sizeof(*refs));
		refs[0] = crm_xstrdup(o->args[0]);
		nrefs = 1;
	}
	for (i = 0; i < nrefs; i++) {
		struct crm_record *c = NULL;

		if ((rc = crm_ref_resolve(&m, s, CRM_CONTACT, refs[i])) < 0)
			goto out;
		/* bulk mail to a contact who asked for none is left out */
		if (bulk && !o->include_dnc &&
		    crm_store_get(&c, s, CRM_CONTACT, m.id) == 0 &&
		    crm_record_get(c, "dnc") &&
		    strcmp(crm_record_get(c, "dnc"), "true") == 0) {
			dnc++;
			crm_record_free(c);
			free(m.label);
			continue;
		}
		crm_record_free(c);
		crm_err_clear();
		ids = crm_xrealloc(ids, (nids + 1) * sizeof(*ids));
		ids[nids++] = crm_xstrdup(m.id);
		free(m.label);
	}
	if (dnc && !o->cli.quiet)
		crm_warn("left out %zu contact%s marked do-not-contact (dnc: true); --include-dnc logs them too",
			 dnc, dnc == 1 ? "" : "s");
	if ((rc = crm_log_add(&out, &nout, s, ids, nids, &o->log)) == 0)
		rc = crm_cli_print_records(&o->cli, out, nout);
out:
	for (i = 0; i < nout; i++)
		crm_record_free(out[i]);
	free(out);
	crm_refs_free(ids, nids);
	crm_refs_free(refs, nrefs);
	crm_buf_release(&body);
	return rc;
}

/* ---- reading ---- */

/* A filter value in quotes (dates and types hold no quotes of their own). */
static void
add_cond(struct crm_buf *f, const char *field, const char *op, const char *v)
{
	if (f->len)
		crm_buf_adds(f, " and ");
	crm_buf_addf(f, "%s %s \"%s\"", field, op, v);
}

struct rows {
	struct crm_cli_out *out;
	size_t n;
};

static int
on_row(const struct crm_row *row, void *arg)
{
	struct rows *r = arg;

	r->n++;
	return crm_cli_out_row(r->out, row);
}

/* Starts $CRM_PAGER, $PAGER or less, when a person reads a long table. */
static void
start_pager(const struct opts *o)
{
	const char *pager = getenv("CRM_PAGER");
	int fd[2];
	pid_t pid;

	if (o->no_pager || !isatty(STDOUT_FILENO) ||
	    crm_cli_format(&o->cli) != CRM_FMT_TABLE)
		return;
	if (!pager || !*pager)
		pager = getenv("PAGER");
	if (!pager || !*pager)
		pager = "less";
	if (strcmp(pager, "cat") == 0 || pipe(fd) < 0)
		return;
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return;
	}
	if (pid > 0) {
		/* the pager reads what we write; we wait for it at exit */
		dup2(fd[1], STDOUT_FILENO);
		close(fd[0]);
		close(fd[1]);
		return;
	}
	dup2(fd[0], STDIN_FILENO);
	close(fd[0]);
	close(fd[1]);
	/* quit at once when it fits, keep colours, leave the screen as is */
	setenv("LESS", getenv("LESS") ? getenv("LESS") : "FRX", 1);
	execl("/bin/sh", "sh", "-c", pager, (char *)NULL);
	_exit(127);
}

struct count {
	size_t n;
};

static int
on_count(const struct crm_row *row, void *arg)
{
	((struct count *)arg)->n = row->count;
	return 0;
}

static const char *const types[] = {
	"call", "email", "meeting", "note", "purchase", "refund", "support",
	"task", NULL
};

static int
run_timeline(struct opts *o, struct crm_store *s)
{
	struct crm_buf f = CRM_BUF_INIT;
	struct crm_filter *flt = NULL;
	struct crm_query q;
	struct crm_match m;
	struct rows r = { NULL, 0 };
	char **cols = NULL;
	int numeric[8] = { 0 }, rc;
	size_t ncols = 0;
	const char *spec;
	char *p, *copy, *tok;

	memset(&q, 0, sizeof(q));
	if (o->nargs == 1) {
		if ((rc = crm_ref_resolve(&m, s, CRM_CONTACT, o->args[0])) < 0)
			return rc;
		add_cond(&f, "contact", "=", m.id);
		free(m.label);
	}
	if (o->since)
		add_cond(&f, "at", ">=", o->since);
	if (o->until)
		add_cond(&f, "at", "<=", o->until);
	if (o->type) {
		const char *const *t;

		for (t = types; *t && strcmp(*t, o->type) != 0; t++)
			;
		if (!*t) {
			rc = crm_err_set(CRM_EUSAGE,
					 "--type: '%s' is not one of call, email, meeting, note, purchase, refund, support, task",
					 o->type);
			goto out;
		}
		add_cond(&f, "type", "=", o->type);
	}
	if ((rc = crm_filter_parse(&flt, crm_buf_str(&f), CRM_LOG,
				   crm_store_config(s), NULL, crm_now())) < 0) {
		/* a bad --since, not the filter we built, is what to report */
		const char *col = strstr(crm_err_msg(), ": ");

		rc = crm_err_set(CRM_EUSAGE, "%s", col ? col + 2 : crm_err_msg());
		goto out;
	}
	spec = o->cli.fields ? o->cli.fields :
	       o->nargs == 1 ? "id,at,type,summary,amount" :
	       "id,at,contact.name,type,summary,amount";
	copy = crm_xstrdup(spec);
	for (p = copy; (tok = strsep(&p, ",")); ) {
		if (!*tok)
			continue;
		cols = crm_xrealloc(cols, (ncols + 2) * sizeof(*cols));
		cols[ncols++] = crm_xstrdup(tok);
		cols[ncols] = NULL;
	}
	free(copy);
	q.kind = CRM_LOG;
	q.filter = flt;
	q.columns = cols;
	q.ncolumns = ncols;
	q.sort = o->cli.sort;
	/* the store's recent activity: the last 20 unless told */
	q.limit = o->cli.limit >= 0 ? o->cli.limit : o->nargs ? -1 : 20;
	q.numeric = ncols <= 8 ? numeric : NULL;
	q.count_only = o->cli.count;
	if (o->cli.count) {
		struct count c = { 0 };

		if ((rc = crm_store_query(s, &q, on_count, &c)) == 0) {
			if (!o->cli.quiet)
				printf("%zu\n", c.n);
		}
		goto out;
	}
	/* format and width are read from the terminal before the pager */
	r.out = crm_cli_out_new(&o->cli, s, CRM_LOG, cols, ncols, q.numeric,
				o->cli.fields == NULL);
	start_pager(o);
	rc = crm_store_query(s, &q, on_row, &r);
	if (crm_cli_out_end(r.out) < 0 && rc == 0)
		rc = CRM_EIO;

out:
	crm_refs_free(cols, ncols);
	crm_filter_free(flt);
	crm_buf_release(&f);
	return rc;
}

/* ---- follow-ups ---- */

struct due_row {
	char *due, *id, *who, *type, *summary;
};

struct due_list {
	struct due_row *r;
	size_t n;
	const char *until;	/* end of the day listed up to */
	int64_t now;
	const struct crm_config *cfg;
	struct crm_cadence *cad;
};

static void
due_push(struct due_list *l, const char *due, const char *id, const char *who,
	 const char *type, const char *summary)
{
	struct due_row *d;

	l->r = crm_xrealloc(l->r, (l->n + 1) * sizeof(*l->r));
	d = &l->r[l->n++];
	d->due = crm_xstrdup(due ? due : "");
	d->id = crm_xstrdup(id);
	d->who = crm_xstrdup(who ? who : "");
	d->type = crm_xstrdup(type);
	d->summary = crm_xstrdup(summary ? summary : "");
}

static int
on_task(const struct crm_row *row, void *arg)
{
	struct due_list *l = arg;

	due_push(l, row->values[0], row->id, row->values[1], "task",
		 row->values[2]);
	return 0;
}

/*
 * A contact with a cadence ("30d": stay in touch every 30 days), from
 * its own field or from its tags in crm.yaml, is due when its last
 * contact is older than that.
 */
static int
on_cadence(const struct crm_row *row, void *arg)
{
	struct due_list *l = arg;
	const char *cadence = row->values[1], *last = row->values[2];
	struct crm_time base;
	struct crm_buf due = CRM_BUF_INIT, why = CRM_BUF_INIT;
	int64_t shift;

	long days;

	/* its own cadence, else the shortest of its tags' and segments' */
	cadence = crm_cadence_for(l->cad, row->id, cadence, row->values[3]);
	if (!cadence || (days = crm_span_days(cadence)) <= 0)
		return 0;
	shift = (int64_t)days * 86400;
	if (last && crm_date_parse(&base, last, 0) == 0) {
		base.t += shift;
		base.date_only = 1;
		crm_buf_addf(&why, "no contact since %.10s (every %s)", last,
			     cadence);
	} else {
		base.t = l->now;
		base.date_only = 1;
		crm_buf_addf(&why, "never contacted (every %s)", cadence);
	}
	crm_err_clear();
	crm_date_format(&due, &base);
	if (strcmp(due.buf, l->until) <= 0)
		due_push(l, due.buf, row->id, row->values[0], "cadence", why.buf);
	crm_buf_release(&due);
	crm_buf_release(&why);
	return 0;
}

static int
due_cmp(const void *a, const void *b)
{
	const struct due_row *x = a, *y = b;
	int c = strcmp(x->due, y->due);

	return c ? c : strcmp(x->id, y->id);
}

static int
run_due(struct opts *o, struct crm_store *s)
{
	static char *task_cols[] = { "due", "contact.name", "summary", NULL };
	static char *cad_cols[] = { "name", "cadence", "last_contact", "tags", NULL };
	static const char *const names[] = { "id", "due", "contact", "type", "summary" };
	struct due_list l;
	struct crm_filter *f = NULL;
	struct crm_query q;
	struct crm_buf text = CRM_BUF_INIT, until = CRM_BUF_INIT;
	struct crm_time t;
	struct crm_fmt *w = NULL;
	size_t i;
	int rc;

	memset(&l, 0, sizeof(l));
	l.now = crm_now();
	l.cfg = crm_store_config(s);
	if ((rc = crm_date_parse(&t, o->due_by ? o->due_by : "today", l.now)) < 0)
		return crm_err_set(CRM_EUSAGE, "--due: %s", crm_err_msg());
	/* up to the end of that day */
	if (t.date_only)
		t.t += 86399;
	t.date_only = 0;
	crm_date_format(&until, &t);
	l.until = until.buf;
	crm_buf_addf(&text, "type = task and done = \"\" and due <= \"%s\"",
		     until.buf);
	memset(&q, 0, sizeof(q));
	if ((rc = crm_filter_parse(&f, text.buf, CRM_LOG, l.cfg, NULL, l.now)) < 0)
		goto out;
	q.kind = CRM_LOG;
	q.filter = f;
	q.columns = task_cols;
	q.ncolumns = 3;
	q.limit = -1;
	if ((rc = crm_store_query(s, &q, on_task, &l)) < 0)
		goto out;
	crm_filter_free(f);
	f = NULL;
	/* contacts with a cadence, their own or their tags' */
	q.kind = CRM_CONTACT;
	q.filter = NULL;
	q.columns = cad_cols;
	q.ncolumns = 4;
	if ((rc = crm_cadence_new(&l.cad, s)) < 0)
		goto out;
	if (crm_config_has_cadence(l.cfg) ||
	    (rc = crm_filter_parse(&f, "cadence != \"\"", CRM_CONTACT, l.cfg,
				   NULL, l.now)) == 0) {
		q.filter = f;
		if ((rc = crm_store_query(s, &q, on_cadence, &l)) < 0)
			goto out;
	}
	if (rc < 0)
		goto out;
	if (l.n)
		qsort(l.r, l.n, sizeof(*l.r), due_cmp);
	if (!o->cli.quiet) {
		enum crm_format fmt = crm_cli_format(&o->cli);

		w = crm_fmt_new(stdout, fmt, 5, names,
				o->cli.header || fmt == CRM_FMT_CSV ||
				fmt == CRM_FMT_TABLE,
				fmt == CRM_FMT_TABLE ? crm_cli_width() : 0);
		for (i = 0; i < l.n && rc == 0; i++) {
			const char *v[5] = { l.r[i].id, l.r[i].due, l.r[i].who,
					     l.r[i].type, l.r[i].summary };

			rc = crm_fmt_row(w, v);
		}
		if (rc == 0)
			rc = crm_fmt_end(w);
		crm_fmt_free(w);
	}
	if (rc == 0 && l.n == 0)
		rc = CRM_ENOMATCH;
out:
	for (i = 0; i < l.n; i++) {
		free(l.r[i].due);
		free(l.r[i].id);
		free(l.r[i].who);
		free(l.r[i].type);
		free(l.r[i].summary);
	}
	free(l.r);
	crm_cadence_free(l.cad);
	crm_filter_free(f);
	crm_buf_release(&text);
	crm_buf_release(&until);
	return rc;
}

struct ical {
	struct crm_buf b;
	int64_t now;
};

static int
on_ical(const struct crm_row *row, void *arg)
{
	struct ical *c = arg;
	struct crm_record *r = NULL;
	int rc;

	if ((rc = crm_json_read(&r, row->doc, strlen(row->doc), CRM_LOG, "index",
				1)) < 0)
		return rc;
	crm_ical_task(&c->b, r, row->values[0], c->now);
	crm_record_free(r);
	return 0;
}

static int
run_ical(struct opts *o, struct crm_store *s)
{
	static char *cols[] = { "contact.name", NULL };
	struct crm_filter *f = NULL;
	struct crm_query q;
	struct ical c;
	int rc;

	memset(&q, 0, sizeof(q));
	memset(&c, 0, sizeof(c));
	c.now = crm_now();
	if ((rc = crm_filter_parse(&f, "type = task and done = \"\"", CRM_LOG,
				   crm_store_config(s), NULL, c.now)) < 0)
		return rc;
	q.kind = CRM_LOG;
	q.filter = f;
	q.columns = cols;
	q.ncolumns = 1;
	q.sort = "due";
	q.limit = -1;
	crm_ical_begin(&c.b);
	if ((rc = crm_store_query(s, &q, on_ical, &c)) == 0) {
		crm_ical_end(&c.b);
		fwrite(c.b.buf, 1, c.b.len, stdout);
	}
	crm_filter_free(f);
	crm_buf_release(&c.b);
	return rc;
}

static int
run_done(struct opts *o, struct crm_store *s)
{
	struct crm_record **out = NULL;
	size_t nout = 0, i;
	int rc;

	if (!o->nargs)
		return crm_err_set(CRM_EUSAGE, "--done: which task? give its id");
	rc = crm_log_done(&out, &nout, s, o->args, o->nargs);
	if (rc == 0)
		rc = crm_cli_print_records(&o->cli, out, nout);
	for (i = 0; i < nout; i++)
		crm_record_free(out[i]);
	free(out);
	return rc;
}

/* Whether an email with this Message-ID is in the store already. */
static int
logged_before(struct crm_store *s, const char *message_id)
{
	static char *known[] = { "message_id", NULL };
	struct crm_filter *f = NULL;
	struct crm_query q;
	struct count c = { 0 };
	struct crm_buf t = CRM_BUF_INIT;
	const char *p;

	crm_buf_adds(&t, "message_id = \"");
	for (p = message_id; *p; p++) {
		if (*p == '"' || *p == '\\')
			crm_buf_addc(&t, '\\');
		crm_buf_addc(&t, *p);
	}
	crm_buf_addc(&t, '"');
	memset(&q, 0, sizeof(q));
	if (crm_filter_parse(&f, t.buf, CRM_LOG, crm_store_config(s), known,
			     crm_now()) == 0) {
		q.kind = CRM_LOG;
		q.filter = f;
		q.count_only = 1;
		q.limit = -1;
		if (crm_store_query(s, &q, on_count, &c) < 0)
			c.n = 0;
	}
	crm_err_clear();
	crm_filter_free(f);
	crm_buf_release(&t);
	return c.n > 0;
}

/*
 * One message on stdin (a mail client's "pipe message"): an email
 * logged with the other party, its subject and its date; the direction
 * says whether it came from one of our own addresses ("me:").
 */
static int
run_mail(struct opts *o, struct crm_store *s)
{
	const struct crm_config *cfg = crm_store_config(s);
	struct crm_mail *m = NULL;
	const struct crm_mail_addr *other = NULL;
	struct crm_record **out = NULL;
	struct crm_match *found = NULL;
	struct crm_match ref;
	struct crm_buf at = CRM_BUF_INIT, local = CRM_BUF_INIT;
	struct crm_time t;
	char *id = NULL;
	size_t nfound = 0, nout = 0, i;
	int rc, outgoing;

	if (o->nargs > 1)
		return crm_err_set(CRM_EUSAGE, "unexpected argument '%s'", o->args[1]);
	if ((rc = crm_mail_parse(&m, stdin, "stdin")) < 0)
		return rc;
	outgoing = crm_config_is_me(cfg, m->from.addr);
	if (!outgoing) {
		other = &m->from;
	} else {
		for (i = 0; i < m->nto && !other; i++)
			if (!crm_config_is_me(cfg, m->to[i].addr))
				other = &m->to[i];
	}
	if (m->message_id && logged_before(s, m->message_id)) {
		if (!o->cli.quiet)
			crm_warn("this message (%s) is logged already", m->message_id);
		goto out;
	}
	if (o->nargs == 1) {
		if ((rc = crm_ref_resolve(&ref, s, CRM_CONTACT, o->args[0])) < 0)
			goto out;
		id = crm_xstrdup(ref.id);
		free(ref.label);
	} else if (!other) {
		rc = crm_err_set(CRM_EDATA,
				 "stdin: every address of this message is one of ours (me: in crm.yaml); name the contact");
		goto out;
	} else {
		if ((rc = crm_index_by_email(&found, &nfound, s, other->addr, NULL)) < 0)
			goto out;
		if (nfound) {
			id = crm_xstrdup(found[0].id);
		} else if (o->add) {
			/* a new contact named by the message */
			id = crm_xstrdup("");
			crm_buf_add(&local, other->addr,
				    strcspn(other->addr, "@"));
			o->log.add_name = other->name ? other->name : local.buf;
			o->log.add_email = other->addr;
		} else {
			rc = crm_err_set(CRM_ENOTFOUND,
					 "no contact has the email %s (--add creates one)",
					 other->addr);
			goto out;
		}
	}
	o->log.type = "email";
	o->log.summary = m->subject ? m->subject : "(no subject)";
	o->log.direction = outgoing ? "out" : "in";
	if (m->has_date) {
		t.t = m->date;
		t.date_only = 0;
		crm_date_format(&at, &t);
		o->log.at = at.buf;
	}
	if (m->message_id) {
		static struct crm_edit e;

		e.op = CRM_EDIT_SET;
		e.key = "message_id";
		e.value = m->message_id;
		e.opt = "--from-mail";
		o->log.edits = &e;
		o->log.nedits = 1;
	}
	if ((rc = crm_log_add(&out, &nout, s, &id, 1, &o->log)) == 0)
		rc = crm_cli_print_records(&o->cli, out, nout);
	if (rc == 0 && o->log.add_email && !o->cli.quiet)
		crm_warn("created contact %s <%s>", o->log.add_name, o->log.add_email);
out:
	for (i = 0; i < nout; i++)
		crm_record_free(out[i]);
	free(out);
	crm_matches_free(found, nfound);
	free(id);
	crm_mail_free(m);
	crm_buf_release(&at);
	crm_buf_release(&local);
	return rc;
}

static int
run_import(struct opts *o, struct crm_store *s)
{
	struct crm_input *in = NULL;
	struct crm_input_opts io = { 0 };
	size_t n = 0;
	int rc;

	io.encoding = o->encoding;
	if ((rc = crm_input_open_with(&in, o->from, &io)) < 0)
		return rc;
	o->log.bad = say_bad;
	rc = crm_log_import(&n, o->cli.quiet ? NULL : stdout, s, in, &o->log);
	if (rc == 0 && !o->cli.quiet)
		crm_warn("imported %zu interaction%s from %s", n, n == 1 ? "" : "s",
			 crm_input_name(in));
	crm_input_free(in);
	return rc;
}

/* Options that belong to another mode are errors, not silently ignored. */
static int
check_mode(const struct opts *o)
{
	int modes = !!o->from + !!o->done + !!o->ical + !!o->from_mail;
	int recording = o->nargs >= 2 && !o->done && !o->from && !o->ical &&
			!o->from_mail;
	const char *rec_opt = o->log.at ? "--at" : o->log.amount ? "--amount" :
			      o->log.currency ? "--currency" :
			      o->log.channel ? "--channel" :
			      o->log.direction ? "--direction" :
			      o->log.deal ? "--deal" : o->log.body ? "--body" :
			      o->nedits ? "--set" : o->include_dnc ? "--include-dnc" :
			      NULL;
	const char *read_opt = o->since ? "--since" : o->until ? "--until" :
			       o->type ? "--type" : NULL;

	if (modes > 1)
		return crm_err_set(CRM_EUSAGE,
				   "--from, --from-mail, --done and --ical go alone");
	if (o->add && !o->from_mail)
		return crm_err_set(CRM_EUSAGE, "--add applies to --from-mail");
	if (o->encoding && !o->from)
		return crm_err_set(CRM_EUSAGE, "--encoding applies to --from");
	if ((o->from || o->ical) && o->nargs)
		return crm_err_set(CRM_EUSAGE, "unexpected argument '%s'", o->args[0]);
	if (rec_opt && !recording)
		return crm_err_set(CRM_EUSAGE,
				   "%s applies when logging: crm-log REF TYPE [SUMMARY] %s ...",
				   rec_opt, rec_opt);
	if (read_opt && (recording || o->due || modes))
		return crm_err_set(CRM_EUSAGE, "%s applies to timelines", read_opt);
	if (o->due && !recording && o->nargs)
		return crm_err_set(CRM_EUSAGE, "unexpected argument '%s'", o->args[0]);
	return 0;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct crm_store *s = NULL;
	int rc, writes, i;

	umask(077);
	crm_set_progname(argv[0]);
	memset(&o, 0, sizeof(o));
	o.argv2 = join_due(argc, argv);
	for (argc = 0; o.argv2[argc]; argc++)
		;
	if ((rc = parse_args(&o, argc, o.argv2)) < 0) {
		crm_warn("%s", crm_err_msg());
		usage(stderr);
		rc = 64;
		goto out;
	}
	if ((rc = check_mode(&o)) < 0) {
		crm_warn("%s", crm_err_msg());
		usage(stderr);
		rc = 64;
		goto out;
	}
	/* interactions need contacts: crm-log never creates a store */
	writes = o.from || o.done || o.from_mail || (o.nargs >= 2 && !o.ical);
	rc = crm_cli_open(&s, &o.cli, writes ? 0 : CRM_OPEN_READ);
	if (rc < 0)
		goto out;
	if (o.from)
		rc = run_import(&o, s);
	else if (o.from_mail)
		rc = run_mail(&o, s);
	else if (o.done)
		rc = run_done(&o, s);
	else if (o.ical)
		rc = run_ical(&o, s);
	else if (o.nargs >= 2)
		rc = run_record(&o, s);
	else if (o.due) {
		crm_cli_warn_problems(&o.cli, s);
		rc = run_due(&o, s);
	} else {
		crm_cli_warn_problems(&o.cli, s);
		rc = run_timeline(&o, s);
	}
out:
	if (rc == CRM_ENOMATCH)
		rc = 1;
	else if (rc < 0)
		rc = crm_report(rc, NULL);
	crm_store_free(s);
	free(o.edits);
	for (i = 0; o.argv2 && o.argv2[i]; i++)
		free(o.argv2[i]);
	free(o.argv2);
	rc = crm_cli_finish(rc);
	/* let a pager finish reading before the shell prompt returns */
	while (wait(NULL) > 0)
		;
	return rc;
}
