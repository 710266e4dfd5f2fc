/*
 * cli.c: what every command does the same way: the shared options, the
 * output format, opening the store, printing records, and closing stdout
 * so that a full disk is an error and a closed pipe is not.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "crm.h"
#include "internal.h"

void
crm_cli_init(struct crm_cli *cli)
{
	memset(cli, 0, sizeof(*cli));
	cli->format = CRM_FMT_AUTO;
	cli->limit = -1;
}

int
crm_cli_option(struct crm_cli *cli, int opt, const char *arg)
{
	long long n;
	int f;

	switch (opt) {
	case 'C':
		cli->store = arg;
		return 1;
	case 'q':
		cli->quiet = 1;
		return 1;
	case 'f':
		if (cli->html_ok && strcmp(arg, "html") == 0)
			f = CRM_FMT_HTML;
		else if ((f = crm_format_parse(arg)) < 0)
			return crm_err_set(CRM_EUSAGE,
					   "unknown format '%s' (expected table, tsv, csv, json%s)",
					   arg, cli->html_ok ? ", yaml or html" : " or yaml");
		cli->format = f;
		return 1;
	case 'o':
		cli->fields = arg;
		return 1;
	case 'n':
		if (crm_parse_int(&n, arg, 0, 1000000000, "--limit") < 0)
			return crm_err_set(CRM_EUSAGE, "%s", crm_err_msg());
		cli->limit = (long)n;
		return 1;
	case 0x101:
		cli->header = 1;
		return 1;
	case 0x102:
		cli->sort = arg;
		return 1;
	case 0x103:
		cli->count = 1;
		return 1;
	default:
		return 0;
	}
}

int
crm_cli_bad_option(int c, char **argv, const struct option *longopts)
{
	const char *arg = argv[optind - 1];
	const char *eq = strchr(arg, '=');
	size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
	const struct option *o;

	if (c == ':')
		return crm_err_set(CRM_EUSAGE, "option '%s' needs a value", arg);
	if (strncmp(arg, "--", 2) == 0) {
		for (o = longopts; o && o->name; o++)
			if (strlen(o->name) == n - 2 &&
			    strncmp(o->name, arg + 2, n - 2) == 0 && !o->has_arg)
				return crm_err_set(CRM_EUSAGE,
						   "option '%.*s' takes no value",
						   (int)n, arg);
		return crm_err_set(CRM_EUSAGE, "unknown option '%.*s'", (int)n, arg);
	}
	return crm_err_set(CRM_EUSAGE, "unknown option '-%c'", optopt ? optopt : '?');
}

void
crm_cli_version(void)
{
	printf("%s (crm) %s\n", crm_progname(), CRM_VERSION);
}

enum crm_format
crm_cli_format(const struct crm_cli *cli)
{
	if (cli->format != CRM_FMT_AUTO)
		return cli->format;
	return isatty(STDOUT_FILENO) ? CRM_FMT_TABLE : CRM_FMT_TSV;
}

size_t
crm_cli_width(void)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS");
	long long n;

	if (!isatty(STDOUT_FILENO))
		return 0;
	if (c && crm_parse_int(&n, c, 1, 100000, "COLUMNS") == 0)
		return (size_t)n;
	crm_err_clear();
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
		return ws.ws_col;
	return 80;
}

int
crm_cli_open(struct crm_store **out, const struct crm_cli *cli, int flags)
{
	struct crm_buf path = CRM_BUF_INIT;
	int rc;

	if ((rc = crm_store_locate(&path, cli->store)) == 0)
		rc = crm_store_open(out, path.buf,
				    flags | (cli->quiet ? CRM_OPEN_QUIET : 0));
	if (rc == 0 && crm_store_created(*out) && !cli->quiet)
		crm_warn("created the store at %s", path.buf);
	crm_buf_release(&path);
	return rc;
}

int
crm_cli_finish(int status)
{
	int err = 0;

	if (fflush(stdout) != 0 || ferror(stdout))
		err = errno ? errno : EIO;
	if (fclose(stdout) != 0 && !err)
		err = errno;
	if (!err || err == EPIPE)
		return status;
	/* a failing status has said why already (the write error itself) */
	if (status)
		return status;
	crm_warn("write error: %s", strerror(err));
	return 74;
}

/* Joins the values of field i of r with sep into out. */
static void
join(struct crm_buf *out, const struct crm_record *r, size_t i, const char *sep)
{
	size_t j;

	for (j = 0; j < crm_record_nvalues(r, i); j++) {
		if (j)
			crm_buf_adds(out, sep);
		crm_buf_adds(out, crm_record_value(r, i, j));
	}
}

/* Column names: -o, else the kind's core fields present, then custom ones. */
static size_t
columns(char ***out, const struct crm_cli *cli, struct crm_record *const *r,
	size_t n, enum crm_format f)
{
	struct crm_strset *seen = crm_strset_new();
	char **cols = NULL;
	size_t nc = 0, i, k;

	if (cli->fields) {
		const char *p = cli->fields, *comma;

		for (;; p = comma + 1) {
			comma = strchr(p, ',');
			cols = crm_xrealloc(cols, (nc + 1) * sizeof(*cols));
			cols[nc++] = crm_xstrndup(p, comma ? (size_t)(comma - p) :
						  strlen(p));
			if (!comma)
				break;
		}
	} else if (f == CRM_FMT_TSV) {
		cols = crm_xmalloc(sizeof(*cols));
		cols[nc++] = crm_xstrdup("id");
	} else {
		for (i = 0; i < n; i++) {
			struct crm_record *s = crm_record_dup(r[i]);

			crm_record_sort(s);
			for (k = 0; k < crm_record_nfields(s); k++)
				if (crm_strset_add(seen, crm_record_key(s, k))) {
					cols = crm_xrealloc(cols, (nc + 1) * sizeof(*cols));
					cols[nc++] = crm_xstrdup(crm_record_key(s, k));
				}
			crm_record_free(s);
		}
	}
	crm_strset_free(seen);
	*out = cols;
	return nc;
}

int
crm_cli_print_records(const struct crm_cli *cli, struct crm_record *const *r,
		      size_t n)
{
	enum crm_format f = crm_cli_format(cli);
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_fmt *w;
	char **cols = NULL;
	const char **vals;
	struct crm_buf *cell;
	size_t nc, i, k;
	long fi;
	int rc = 0;

	if (cli->quiet)
		return 0;
	nc = columns(&cols, cli, r, n, f);
	if (f == CRM_FMT_JSON || f == CRM_FMT_YAML) {
		/* whole records, or the fields -o names, lists kept lists */
		for (i = 0; i < n && rc == 0; i++) {
			struct crm_record *p = cli->fields ?
					       crm_record_new(crm_record_kind(r[i])) :
					       NULL;

			for (k = 0; p && k < nc; k++) {
				size_t j;

				if ((fi = crm_record_find(r[i], cols[k])) < 0)
					continue;
				if (!crm_record_is_list(r[i], (size_t)fi)) {
					crm_record_set(p, cols[k],
						       crm_record_value(r[i], (size_t)fi, 0),
						       crm_record_plain(r[i], (size_t)fi, 0));
					continue;
				}
				crm_record_set_list(p, cols[k]);
				for (j = 0; j < crm_record_nvalues(r[i], (size_t)fi); j++)
					crm_record_append(p, cols[k],
							  crm_record_value(r[i], (size_t)fi, j),
							  crm_record_plain(r[i], (size_t)fi, j));
			}
			crm_buf_reset(&b);
			if (f == CRM_FMT_JSON)
				crm_json_write(&b, p ? p : r[i]);
			else
				rc = crm_yaml_write(&b, p ? p : r[i], 1);
			crm_record_free(p);
			fwrite(b.buf, 1, b.len, stdout);
		}
		crm_buf_release(&b);
		for (k = 0; k < nc; k++)
			free(cols[k]);
		free(cols);
		return rc;
	}
	w = crm_fmt_new(stdout, f, nc, (const char *const *)cols,
			cli->header || f == CRM_FMT_CSV || f == CRM_FMT_TABLE,
			f == CRM_FMT_TABLE ? crm_cli_width() : 0);
	vals = crm_xcalloc(nc, sizeof(*vals));
	cell = crm_xcalloc(nc, sizeof(*cell));
	for (i = 0; i < n && rc == 0; i++) {
		for (k = 0; k < nc; k++) {
			crm_buf_reset(&cell[k]);
			vals[k] = NULL;
			if ((fi = crm_record_find(r[i], cols[k])) < 0)
				continue;
			join(&cell[k], r[i], (size_t)fi,
			     f == CRM_FMT_TABLE ? ", " : ",");
			vals[k] = crm_buf_str(&cell[k]);
		}
		rc = crm_fmt_row(w, vals);
	}
	if (rc == 0)
		rc = crm_fmt_end(w);
	crm_fmt_free(w);
	for (k = 0; k < nc; k++) {
		free(cols[k]);
		crm_buf_release(&cell[k]);
	}
	free(cols);
	free(cell);
	free(vals);
	return rc;
}

/* ---- rows of queries ---- */

struct crm_cli_out {
	enum crm_format f;
	int whole, quiet;
	struct crm_store *s;
	enum crm_kind kind;
	size_t ncols;
	char **cols;
	const int *numeric;
	struct crm_fmt *w;
	struct crm_buf *cells;
	const char **vals;
	struct crm_buf b;
};

const char *
crm_cli_default_columns(enum crm_kind k)
{
	switch (k) {
	case CRM_CONTACT:
		return "id,name,email,org.name,city,tags";
	case CRM_ORG:
		return "id,name,domain,city,country";
	case CRM_DEAL:
		return "id,title,org.name,amount,currency,stage,close";
	default:
		return "id,at,contact.name,type,summary,amount";
	}
}

struct crm_cli_out *
crm_cli_out_new(const struct crm_cli *cli, struct crm_store *s, enum crm_kind k,
		char *const *cols, size_t ncols, const int *numeric, int whole)
{
	struct crm_cli_out *o = crm_xcalloc(1, sizeof(*o));
	size_t i;

	o->f = crm_cli_format(cli);
	o->quiet = cli->quiet;
	o->whole = whole && (o->f == CRM_FMT_JSON || o->f == CRM_FMT_YAML);
	o->s = s;
	o->kind = k;
	o->ncols = ncols;
	o->cols = crm_xcalloc(ncols + 1, sizeof(*o->cols));
	for (i = 0; i < ncols; i++)
		o->cols[i] = crm_xstrdup(cols[i]);
	/* borrowed: the query fills it in before the first row */
	o->numeric = numeric;
	o->cells = crm_xcalloc(ncols + 1, sizeof(*o->cells));
	o->vals = crm_xcalloc(ncols + 1, sizeof(*o->vals));
	if (!o->quiet && !o->whole && o->f != CRM_FMT_JSON && o->f != CRM_FMT_YAML) {
		o->w = crm_fmt_new(stdout, o->f, ncols, (const char *const *)o->cols,
				   cli->header || o->f == CRM_FMT_CSV ||
				   o->f == CRM_FMT_TABLE,
				   o->f == CRM_FMT_TABLE ? crm_cli_width() : 0);
	}
	return o;
}

/* json and yaml with -o: a record of the columns, lists kept lists. */
static int
out_record(struct crm_cli_out *o, const struct crm_row *row)
{
	struct crm_record *r = crm_record_new(o->kind);
	size_t i;
	int rc = 0;

	for (i = 0; i < o->ncols; i++) {
		const char *v = row->values[i], *sep;

		if (!v)
			continue;
		if (!strchr(v, '\x1f') && !(o->numeric && o->numeric[i] == 2)) {
			int num = o->numeric ? o->numeric[i] : 0;

			/* typed: a number of an undeclared field stays one */
			crm_record_set(r, o->cols[i], v,
				       ((num == 1 || (row->typed && row->typed[i])) &&
					crm_json_number(v)) ||
				       (num == 3 && (strcmp(v, "true") == 0 ||
						     strcmp(v, "false") == 0)));
			continue;
		}
		crm_record_set_list(r, o->cols[i]);
		for (; ; v = sep + 1) {
			sep = strchr(v, '\x1f');
			crm_buf_reset(&o->b);
			crm_buf_add(&o->b, v, sep ? (size_t)(sep - v) : strlen(v));
			crm_record_append(r, o->cols[i], o->b.buf, 0);
			if (!sep)
				break;
		}
	}
	crm_buf_reset(&o->b);
	if (o->f == CRM_FMT_JSON)
		crm_json_write(&o->b, r);
	else
		rc = crm_yaml_write(&o->b, r, 1);
	crm_record_free(r);
	if (rc == 0 && fwrite(o->b.buf, 1, o->b.len, stdout) != o->b.len)
		rc = crm_err_set(CRM_EIO, "write error");
	return rc;
}

/* json and yaml without -o: the record whole. */
static int
out_whole(struct crm_cli_out *o, const struct crm_row *row)
{
	struct crm_record *r = NULL;
	int rc;

	crm_buf_reset(&o->b);
	if (o->f == CRM_FMT_JSON) {
		crm_buf_adds(&o->b, row->doc);
		crm_buf_addc(&o->b, '\n');
	} else if (o->kind != CRM_LOG) {
		/* the file as stored, byte for byte */
		struct crm_buf path = CRM_BUF_INIT;

		crm_buf_adds(&o->b, "---\n");
		crm_record_path(&path, o->kind, row->id);
		rc = crm_store_read(&o->b, o->s, path.buf);
		crm_buf_release(&path);
		if (rc < 0)
			return rc;
	} else {
		/* the document as its journal holds it (types included) */
		struct crm_buf path = CRM_BUF_INIT, j = CRM_BUF_INIT;
		struct crm_yaml_reader *y = NULL;

		rc = crm_store_log_path(&path, o->s, row->id);
		if (rc == 0)
			rc = crm_store_read(&j, o->s, path.buf);
		if (rc == 0 && !(y = crm_yaml_reader_mem(j.buf, j.len, path.buf)))
			rc = crm_err_set(CRM_EINTERNAL, "cannot start the YAML parser");
		while (rc == 0 && (rc = crm_yaml_read(&r, NULL, y, CRM_LOG)) == 0 && r) {
			if (crm_record_id(r) && strcmp(crm_record_id(r), row->id) == 0) {
				rc = crm_yaml_write(&o->b, r, 1);
				crm_record_free(r);
				r = NULL;
				break;
			}
			crm_record_free(r);
			r = NULL;
		}
		crm_yaml_reader_free(y);
		crm_buf_release(&path);
		crm_buf_release(&j);
		if (rc < 0)
			return rc;
	}
	if (fwrite(o->b.buf, 1, o->b.len, stdout) != o->b.len)
		return crm_err_set(CRM_EIO, "write error");
	return 0;
}

int
crm_cli_out_row(struct crm_cli_out *o, const struct crm_row *row)
{
	size_t i;

	if (o->quiet)
		return 0;
	if (o->whole)
		return out_whole(o, row);
	if (o->f == CRM_FMT_JSON || o->f == CRM_FMT_YAML)
		return out_record(o, row);
	for (i = 0; i < o->ncols; i++) {
		const char *v = row->values[i], *sep;

		o->vals[i] = NULL;
		if (!v)
			continue;
		crm_buf_reset(&o->cells[i]);
		for (; ; v = sep + 1) {
			sep = strchr(v, '\x1f');
			crm_buf_add(&o->cells[i], v, sep ? (size_t)(sep - v) : strlen(v));
			if (!sep)
				break;
			crm_buf_adds(&o->cells[i], o->f == CRM_FMT_TABLE ? ", " : ",");
		}
		o->vals[i] = crm_buf_str(&o->cells[i]);
	}
	return crm_fmt_row(o->w, o->vals);
}

int
crm_cli_out_end(struct crm_cli_out *o)
{
	size_t i;
	int rc = 0;

	if (o->w) {
		rc = crm_fmt_end(o->w);
		crm_fmt_free(o->w);
	}
	for (i = 0; i < o->ncols; i++) {
		free(o->cols[i]);
		crm_buf_release(&o->cells[i]);
	}
	free(o->cols);
	free(o->cells);
	free(o->vals);
	crm_buf_release(&o->b);
	free(o);
	return rc;
}

struct names {
	struct crm_buf b;
	size_t n;
};

static void
add_name(const char *path, const char *msg, void *arg)
{
	struct names *w = arg;

	if (w->n++ < 3)
		crm_buf_addf(&w->b, "%s%s", w->n > 1 ? ", " : "", path);
}

void
crm_cli_warn_problems(const struct crm_cli *cli, struct crm_store *s)
{
	struct names w = { CRM_BUF_INIT, 0 };
	size_t n = 0;

	if (crm_store_problems(&n, s, add_name, &w) < 0) {
		crm_err_clear();
		n = 0;
	}
	if (n && !cli->quiet)
		crm_warn("warning: %s%s could not be read and %s left out; 'crm reindex' says why",
			 w.b.buf, n > 3 ? " and others" : "",
			 n == 1 ? "is" : "are");
	crm_buf_release(&w.b);
}

int
crm_cli_read_ids(char ***ids, size_t *n, struct crm_store *s, int kind)
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

char **
crm_cli_split(const char *spec, size_t *n)
{
	char **v = NULL, *copy = crm_xstrdup(spec), *p = copy, *tok;

	*n = 0;
	v = crm_xcalloc(1, sizeof(*v));
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

struct find_run {
	struct crm_cli_out *out;
	size_t rows, count;
};

static int
find_row(const struct crm_row *row, void *arg)
{
	struct find_run *r = arg;

	r->rows++;
	r->count = row->count;
	return r->out ? crm_cli_out_row(r->out, row) : 0;
}

int
crm_cli_find(size_t *rows, const struct crm_cli *cli, struct crm_store *s,
	     int kind, const char *filter, char *const *ids, size_t nids,
	     int restrict_ids)
{
	struct crm_filter *f = NULL;
	struct crm_query q;
	struct find_run r;
	char **known = NULL, **cols = NULL;
	size_t nknown = 0, ncols = 0;
	int *numeric = NULL, rc;

	*rows = 0;
	memset(&q, 0, sizeof(q));
	memset(&r, 0, sizeof(r));
	if ((rc = crm_store_fields(&known, &nknown, s, kind)) < 0 ||
	    (rc = crm_filter_parse(&f, filter, kind, crm_store_config(s), known,
				   crm_now())) < 0)
		goto out;
	cols = crm_cli_split(cli->fields ? cli->fields :
			     crm_cli_default_columns(kind), &ncols);
	numeric = crm_xcalloc(ncols + 1, sizeof(*numeric));
	q.kind = kind;
	q.filter = f;
	q.columns = cols;
	q.ncolumns = ncols;
	q.sort = cli->sort;
	q.limit = cli->limit;
	q.ids = ids;
	q.nids = nids;
	q.restrict_ids = restrict_ids;
	q.count_only = cli->count;
	q.numeric = numeric;
	/* the whole record is printed only as json without -o */
	q.no_doc = cli->fields || crm_cli_format(cli) != CRM_FMT_JSON;
	if (!cli->count)
		r.out = crm_cli_out_new(cli, s, kind, cols, ncols, numeric,
					cli->fields == NULL);
	rc = crm_store_query(s, &q, find_row, &r);
	if (r.out) {
		int rc2 = crm_cli_out_end(r.out);

		if (rc == 0)
			rc = rc2;
	}
	if (rc == 0 && cli->count) {
		if (!cli->quiet)
			printf("%zu\n", r.count);
		r.rows = r.count;
	}
	*rows = r.rows;
out:
	crm_filter_free(f);
	crm_refs_free(known, nknown);
	crm_refs_free(cols, ncols);
	free(numeric);
	return rc;
}

/* --sort on a computed table: its keys, in order, and the rows' cells. */
struct table_sort {
	const struct crm_table *t;
	size_t *col;
	int *desc;
	size_t n;
};
static const struct table_sort *the_sort;

static int
by_sort_keys(const void *a, const void *b)
{
	const struct table_sort *k = the_sort;
	size_t ra = *(const size_t *)a, rb = *(const size_t *)b, i;

	for (i = 0; i < k->n; i++) {
		const char *x = k->t->cells[ra * k->t->ncols + k->col[i]];
		const char *y = k->t->cells[rb * k->t->ncols + k->col[i]];
		int c;

		/* an empty cell sorts last either way */
		if (!x || !*x || !y || !*y)
			c = (!x || !*x) - (!y || !*y);
		else if (k->t->numeric && k->t->numeric[k->col[i]]) {
			double dx = strtod(x, NULL), dy = strtod(y, NULL);

			c = (dx > dy) - (dx < dy);
			if (k->desc[i])
				c = -c;
		} else {
			c = strcmp(x, y);
			if (k->desc[i])
				c = -c;
		}
		if (c)
			return c;
	}
	return (ra > rb) - (ra < rb);	/* stable */
}

/* The column of t named name, or -1 with a usage error naming them all. */
static long
table_column(const struct crm_table *t, const char *name, const char *opt)
{
	struct crm_buf all = CRM_BUF_INIT;
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->names[i], name) == 0)
			return (long)i;
	for (i = 0; i < t->ncols; i++)
		if (*t->names[i])
			crm_buf_addf(&all, "%s%s", all.len ? ", " : "",
				     t->names[i]);
	crm_err_set(CRM_EUSAGE, "%s: no column '%s' here (the columns: %s)",
		    opt, name, all.buf ? all.buf : "");
	crm_buf_release(&all);
	return -1;
}

/*
 * The rows and columns of t that -o, --sort and -n leave, in their
 * order, as a table that borrows t's strings (free with view_free).
 */
static int
table_view(struct crm_table *v, const struct crm_cli *cli,
	   const struct crm_table *t)
{
	struct table_sort k = { t, NULL, NULL, 0 };
	char **keys = NULL, **pick = NULL;
	size_t i, j, n = t->nrows, nkeys = 0, npick = 0, *order = NULL, *col;
	int rc = 0;
	long c;

	memset(v, 0, sizeof(*v));
	/* -o: these columns, in this order */
	if (cli->fields)
		pick = crm_cli_split(cli->fields, &npick);
	else
		npick = t->ncols;
	col = crm_xcalloc(npick + 1, sizeof(*col));
	for (j = 0; j < npick; j++) {
		if (pick && (c = table_column(t, pick[j], "-o")) < 0) {
			rc = CRM_EUSAGE;
			goto out;
		}
		col[j] = pick ? (size_t)c : j;
	}
	/* --sort: rows in this order */
	order = crm_xcalloc(t->nrows + 1, sizeof(*order));
	for (i = 0; i < t->nrows; i++)
		order[i] = i;
	if (cli->sort) {
		keys = crm_cli_split(cli->sort, &nkeys);
		k.col = crm_xcalloc(nkeys + 1, sizeof(*k.col));
		k.desc = crm_xcalloc(nkeys + 1, sizeof(*k.desc));
		for (j = 0; j < nkeys; j++) {
			const char *name = keys[j];

			if (*name == '-' || *name == '+')
				k.desc[j] = *name++ == '-';
			if ((c = table_column(t, name, "--sort")) < 0) {
				rc = CRM_EUSAGE;
				goto out;
			}
			k.col[j] = (size_t)c;
		}
		k.n = nkeys;
		the_sort = &k;
		qsort(order, t->nrows, sizeof(*order), by_sort_keys);
		the_sort = NULL;
	}
	if (cli->limit >= 0 && (size_t)cli->limit < n)
		n = (size_t)cli->limit;
	v->ncols = npick;
	v->nrows = v->alloc = n;
	v->names = crm_xcalloc(npick + 1, sizeof(*v->names));
	v->numeric = crm_xcalloc(npick + 1, sizeof(*v->numeric));
	v->cells = crm_xcalloc(n * npick + 1, sizeof(*v->cells));
	for (j = 0; j < npick; j++) {
		v->names[j] = t->names[col[j]];
		v->numeric[j] = t->numeric ? t->numeric[col[j]] : 0;
		for (i = 0; i < n; i++)
			v->cells[i * npick + j] = t->cells[order[i] * t->ncols + col[j]];
	}
out:
	crm_refs_free(pick, npick);
	crm_refs_free(keys, nkeys);
	free(k.col);
	free(k.desc);
	free(col);
	free(order);
	return rc;
}

static void
view_free(struct crm_table *v)
{
	free(v->names);
	free(v->numeric);
	free(v->cells);
}

int
crm_cli_table_page(const struct crm_cli *cli, const struct crm_table *t,
		   const struct crm_html_page *page)
{
	enum crm_format f = crm_cli_format(cli);
	struct crm_fmt *w;
	struct crm_table v;
	size_t i;
	int rc;

	if ((rc = table_view(&v, cli, t)) < 0)
		return rc;
	if (cli->count) {
		if (!cli->quiet)
			printf("%zu\n", v.nrows);
	} else if (f == CRM_FMT_HTML) {
		struct crm_html_page none = { "", "", NULL, 0 };

		rc = crm_report_html(stdout, &v, page ? page : &none);
	} else {
		w = crm_fmt_new(stdout, f, v.ncols, (const char *const *)v.names,
				cli->header || f == CRM_FMT_CSV || f == CRM_FMT_TABLE,
				f == CRM_FMT_TABLE ? crm_cli_width() : 0);
		crm_fmt_numeric(w, v.numeric);
		for (i = 0; i < v.nrows && rc == 0; i++)
			rc = crm_fmt_row(w, (const char *const *)&v.cells[i * v.ncols]);
		if (rc == 0)
			rc = crm_fmt_end(w);
		crm_fmt_free(w);
	}
	view_free(&v);
	return rc;
}

int
crm_cli_table(const struct crm_cli *cli, const struct crm_table *t)
{
	return crm_cli_table_page(cli, t, NULL);
}

int
crm_cli_getopt(struct crm_cli *cli, int argc, char **argv, const char *shortopts,
	       const struct option *longopts, const char *usage)
{
	char opts[64];
	int c, rc;

	snprintf(opts, sizeof(opts), ":%sh%s", CRM_CLI_SHORTOPTS, shortopts);
	opterr = 0;
	while ((c = getopt_long(argc, argv, opts, longopts, NULL)) != -1) {
		if ((rc = crm_cli_option(cli, c, optarg)) < 0)
			return rc;
		if (rc)
			continue;
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			exit(crm_cli_finish(0));
		case CRM_OPT_VERSION:
			crm_cli_version();
			exit(crm_cli_finish(0));
		case '?':
		case ':':
			return crm_cli_bad_option(c, argv, longopts);
		default:
			return c;
		}
	}
	return -1;
}
