/*
 * log.c: interactions (calls, emails, meetings, notes, purchases,
 * refunds, support, tasks).  Each lives in the journal of its own day,
 * log/YYYY/MM/DD.yaml, a YAML stream to which documents are appended, so
 * that two workstations logging the same day merge by union.  Logging,
 * closing tasks and bulk imports each make one commit.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"
#include "internal.h"

struct ctx {
	const struct crm_log_opts *o;
	struct crm_store *s;
	struct crm_txn *txn;
	const struct crm_config *cfg;
	char now[32];
	struct crm_buf tmp, msg;
	size_t n;
};

static void
ctx_init(struct ctx *c, struct crm_store *s, const struct crm_log_opts *o)
{
	struct crm_time t = { crm_now(), 0 };
	struct crm_buf b = CRM_BUF_INIT;

	memset(c, 0, sizeof(*c));
	c->o = o;
	c->s = s;
	c->cfg = crm_store_config(s);
	crm_date_format(&b, &t);
	snprintf(c->now, sizeof(c->now), "%s", b.buf);
	crm_buf_release(&b);
}

static void
ctx_release(struct ctx *c)
{
	crm_buf_release(&c->tmp);
	crm_buf_release(&c->msg);
}

static void
free_records(struct crm_record **r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		crm_record_free(r[i]);
	free(r);
}

/* The journal of the day of r's "at". */
static int
journal_of(struct crm_buf *out, const struct crm_record *r)
{
	struct crm_time t;
	int rc;

	if ((rc = crm_date_parse(&t, crm_record_get(r, "at"), 0)) < 0)
		return rc;
	crm_log_path(out, t.t);
	return 0;
}

static int
count_doc(struct crm_record *r, void *arg)
{
	(void)r;
	(*(size_t *)arg)++;
	return 0;
}

/*
 * Whether the journal at path reads: an interaction appended to one that
 * does not would be written but never seen.
 */
static int
journal_reads(const char *path, const struct crm_buf *j)
{
	struct crm_yaml_reader *y;
	struct crm_record *r = NULL;
	size_t n = 0;
	int rc;

	if (crm_yaml_fast(j->buf, j->len, CRM_LOG, count_doc, &n) == 0)
		return 0;
	if (!(y = crm_yaml_reader_mem(j->buf, j->len, path)))
		return crm_err_set(CRM_EINTERNAL, "cannot start the YAML parser");
	while ((rc = crm_yaml_read(&r, NULL, y, CRM_LOG)) == 0 && r) {
		crm_record_free(r);
		r = NULL;
	}
	crm_yaml_reader_free(y);
	if (rc < 0)
		rc = crm_err_set(CRM_EDATA,
				 "%s; fix that journal by hand before logging to its day",
				 crm_err_msg());
	return rc;
}

/*
 * Appends document doc (starting "---") of interaction r to the journal
 * at path.  The index, current with the journal before, gets the one
 * new row: the cost of a line does not grow with the day's journal.
 */
static int
append(struct ctx *c, const char *path, const struct crm_buf *doc,
       const struct crm_record *r)
{
	struct crm_buf j = CRM_BUF_INIT;
	int rc = crm_txn_read(&j, c->txn, path);

	if (rc == CRM_ENOTFOUND) {
		crm_err_clear();
		rc = 0;
	}
	/* a journal the index read at this commit reads: no second parse */
	if (rc == 0 && j.len && !crm_txn_journal_known(c->txn, path) &&
	    (rc = journal_reads(path, &j)) < 0)
		goto out;
	if (rc == 0) {
		/* a hand-edited journal may lack its last newline */
		if (j.len && j.buf[j.len - 1] != '\n')
			crm_buf_addc(&j, '\n');
		crm_buf_add(&j, doc->buf, doc->len);
		if ((rc = crm_txn_put_raw(c->txn, path, j.buf, j.len)) == 0)
			rc = crm_txn_index_log(c->txn, path, r);
	}
out:
	crm_buf_release(&j);
	return rc;
}

/*
 * Builds the interaction of the options for contact id (resolved), with
 * a new id; checked against the schema.  where names the input.
 */
static int
build(struct crm_record **out, struct ctx *c, const char *contact,
      const char *where)
{
	const struct crm_log_opts *o = c->o;
	struct crm_record *r = crm_record_new(CRM_LOG);
	struct crm_match m;
	char id[CRM_ID_LEN + 1];
	size_t i;
	int rc, p;

	*out = NULL;
	if ((rc = crm_id_new(id)) < 0)
		goto fail;
	crm_record_set(r, "id", id, 0);
	crm_record_set(r, "at", o->at && *o->at ? o->at : c->now, 0);
	crm_record_set(r, "contact", contact, 0);
	crm_record_set(r, "type", o->type, 0);
	crm_record_set(r, "summary", o->summary && *o->summary ? o->summary : NULL, 0);
	crm_record_set(r, "amount", o->amount, 0);
	crm_record_set(r, "currency", o->currency, 0);
	if (o->amount && !o->currency)
		crm_record_set(r, "currency", crm_config_currency(c->cfg), 0);
	crm_record_set(r, "channel", o->channel, 0);
	crm_record_set(r, "direction", o->direction, 0);
	crm_record_set(r, "due", o->due, 0);
	crm_record_set(r, "body", o->body && *o->body ? o->body : NULL, 0);
	if (o->deal) {
		if ((rc = crm_ref_resolve(&m, c->s, CRM_DEAL, o->deal)) < 0) {
			rc = crm_err_set(rc, "--deal: %s", crm_err_msg());
			goto fail;
		}
		crm_record_set(r, "deal", m.id, 0);
		free(m.label);
	}
	for (i = 0; i < o->nedits; i++) {
		const struct crm_edit *e = &o->edits[i];

		if (crm_schema_field(CRM_LOG, e->key)) {
			rc = crm_err_set(CRM_EUSAGE,
					 "--set %s: use the option of that field", e->key);
			goto fail;
		}
		p = crm_value_coerce(&c->tmp, c->cfg, CRM_LOG, e->key, e->value);
		if (p < 0) {
			rc = p;
			goto fail;
		}
		crm_record_set(r, e->key, *e->value ? c->tmp.buf : NULL, p);
	}
	if (o->direction && strcmp(o->direction, "in") != 0 &&
	    strcmp(o->direction, "out") != 0) {
		rc = crm_err_set(CRM_EUSAGE, "--direction: expected in or out, not '%s'",
				 o->direction);
		goto fail;
	}
	if ((rc = crm_record_check(r, c->cfg, where)) < 0)
		goto fail;
	*out = r;
	return 0;
fail:
	crm_record_free(r);
	return rc;
}

/* ---- logging ---- */

struct add_arg {
	struct ctx c;
	char *const *contacts;	/* resolved ids */
	size_t n;
	char new_id[CRM_ID_LEN + 1];
	struct crm_record **out;
	size_t nout;
};

/* Creates the contact o->add_name, o->add_email asks for, as id. */
static int
add_contact(struct ctx *c, const char *id)
{
	struct crm_record *r = crm_record_new(CRM_CONTACT);
	struct crm_buf path = CRM_BUF_INIT, yaml = CRM_BUF_INIT;
	struct crm_match *m = NULL;
	size_t n = 0;
	int rc;

	crm_record_set(r, "id", id, 0);
	crm_record_set(r, "name", c->o->add_name, 0);
	crm_record_add(r, "email", c->o->add_email, 0);
	crm_record_set(r, "created", c->now, 1);
	crm_record_set(r, "updated", c->now, 1);
	if ((rc = crm_record_check(r, c->cfg, "mail")) < 0 ||
	    (rc = crm_index_by_email(&m, &n, c->s, c->o->add_email, NULL)) < 0)
		goto out;
	if (n) {
		rc = crm_err_set(CRM_EEXISTS, "%s is already the email of contact %s",
				 c->o->add_email, m[0].id);
		goto out;
	}
	crm_record_path(&path, CRM_CONTACT, id);
	if ((rc = crm_yaml_write(&yaml, r, 0)) == 0)
		rc = crm_txn_put_record(c->txn, path.buf, yaml.buf, yaml.len, r);
out:
	crm_matches_free(m, n);
	crm_record_free(r);
	crm_buf_release(&path);
	crm_buf_release(&yaml);
	return rc;
}

static int
add_fn(struct crm_txn *txn, void *arg)
{
	struct add_arg *a = arg;
	struct ctx *c = &a->c;
	struct crm_buf path = CRM_BUF_INIT, doc = CRM_BUF_INIT;
	struct crm_record *r = NULL;
	size_t i;
	int rc = 0;

	c->txn = txn;
	free_records(a->out, a->nout);
	a->out = NULL;
	a->nout = 0;
	if (c->o->add_email && (rc = add_contact(c, a->new_id)) < 0)
		goto out;
	for (i = 0; i < a->n && rc == 0; i++) {
		crm_buf_reset(&path);
		crm_buf_reset(&doc);
		if ((rc = build(&r, c, *a->contacts[i] ? a->contacts[i] : a->new_id,
				"command line")) < 0 ||
		    (rc = journal_of(&path, r)) < 0 ||
		    (rc = crm_yaml_write_line(&doc, r)) < 0 ||
		    (rc = append(c, path.buf, &doc, r)) < 0) {
			crm_record_free(r);
			break;
		}
		a->out = crm_xrealloc(a->out, (a->nout + 1) * sizeof(*a->out));
		a->out[a->nout++] = r;
	}
	if (rc == 0 && a->nout == 1 && c->o->add_email)
		crm_txn_message(txn, "add contact %.8s, log %s %.8s", a->new_id,
				c->o->type, crm_record_id(a->out[0]));
	else if (rc == 0 && a->nout == 1)
		crm_txn_message(txn, "log %s %.8s", c->o->type,
				crm_record_id(a->out[0]));
	else if (rc == 0)
		crm_txn_message(txn, "log %s to %zu contacts", c->o->type, a->nout);
out:
	crm_buf_release(&path);
	crm_buf_release(&doc);
	return rc;
}

int
crm_log_add(struct crm_record ***out, size_t *nout, struct crm_store *s,
	    char *const *contacts, size_t n, const struct crm_log_opts *o)
{
	struct add_arg a;
	int rc;

	memset(&a, 0, sizeof(a));
	ctx_init(&a.c, s, o);
	a.contacts = contacts;
	a.n = n;
	if (o->add_email && (rc = crm_id_new(a.new_id)) < 0)
		return rc;
	rc = n ? crm_store_write(s, add_fn, &a) : 0;
	if (rc == 0) {
		*out = a.out;
		*nout = a.nout;
	} else {
		free_records(a.out, a.nout);
		*out = NULL;
		*nout = 0;
	}
	ctx_release(&a.c);
	return rc;
}

/* ---- closing tasks ---- */

struct done_arg {
	struct ctx c;
	char *const *ids;
	size_t n;
	struct crm_record **out;
	size_t nout;
};

/* Marks interaction id of the journal at path done; *changed if it was open. */
static int
mark_done(struct done_arg *a, const char *path, const char *id, int *changed)
{
	struct ctx *c = &a->c;
	struct crm_buf j = CRM_BUF_INIT, out = CRM_BUF_INIT;
	struct crm_yaml_reader *y = NULL;
	struct crm_record *r = NULL, **recs = NULL;
	struct crm_map *seen = crm_map_new();
	size_t n = 0, i;
	int rc, found = 0, dups = 0;

	*changed = 0;
	if ((rc = crm_txn_read(&j, c->txn, path)) < 0)
		goto out;
	if (!(y = crm_yaml_reader_mem(j.buf, j.len, path))) {
		rc = crm_err_set(CRM_EINTERNAL, "cannot start the YAML parser");
		goto out;
	}
	/*
	 * The journal's documents, one per id: a union merge of a task
	 * closed on one workstation leaves two copies, of which the closed
	 * one is kept, in the place of the first.
	 */
	while ((rc = crm_yaml_read(&r, NULL, y, CRM_LOG)) == 0 && r) {
		const char *rid = crm_record_id(r);
		const char *at = rid ? crm_map_get(seen, rid) : NULL;

		if (at) {
			size_t k = (size_t)strtoul(at, NULL, 10);

			dups = 1;
			if (crm_record_get(r, "done") && !crm_record_get(recs[k], "done")) {
				crm_record_free(recs[k]);
				recs[k] = r;
			} else {
				crm_record_free(r);
			}
			r = NULL;
			continue;
		}
		if (rid) {
			char num[24];

			snprintf(num, sizeof(num), "%zu", n);
			crm_map_put(seen, rid, num);
		}
		recs = crm_xrealloc(recs, (n + 1) * sizeof(*recs));
		recs[n++] = r;
		r = NULL;
	}
	if (rc < 0)
		goto out;
	for (i = 0; i < n && rc == 0; i++) {
		const char *rid = crm_record_id(recs[i]);

		if (rid && strcmp(rid, id) == 0) {
			const char *type = crm_record_get(recs[i], "type");

			found = 1;
			if (!type || strcmp(type, "task") != 0) {
				rc = crm_err_set(CRM_EUSAGE,
						 "%s is a%s %s, not a task", id,
						 type && strchr("aeiou", type[0]) ? "n" : "",
						 type ? type : "record");
				break;
			}
			if (!crm_record_get(recs[i], "done")) {
				crm_record_set(recs[i], "done", c->now, 1);
				a->out = crm_xrealloc(a->out, (a->nout + 1) *
						      sizeof(*a->out));
				a->out[a->nout++] = crm_record_dup(recs[i]);
				*changed = 1;
			}
		}
		/*
		 * The journal is written again: each document in the store's
		 * form (a hand-written one too, when it is valid).
		 */
		{
			struct crm_record *canon = crm_record_dup(recs[i]);

			if (crm_record_check(canon, c->cfg, path) == 0) {
				crm_record_free(recs[i]);
				recs[i] = canon;
			} else {
				crm_err_clear();
				crm_record_free(canon);
				crm_record_sort(recs[i]);
			}
		}
		rc = crm_yaml_write_line(&out, recs[i]);
	}
	if (rc == 0 && !found)
		rc = crm_err_set(CRM_ENOTFOUND, "interaction %s not found in %s",
				 id, path);
	if (rc == 0 && (*changed || dups))
		rc = crm_txn_put(c->txn, path, out.buf, out.len);
out:
	for (i = 0; i < n; i++)
		crm_record_free(recs[i]);
	free(recs);
	crm_record_free(r);
	crm_map_free(seen);
	crm_yaml_reader_free(y);
	crm_buf_release(&j);
	crm_buf_release(&out);
	return rc;
}

static int
done_fn(struct crm_txn *txn, void *arg)
{
	struct done_arg *a = arg;
	struct crm_buf path = CRM_BUF_INIT;
	struct crm_match m;
	size_t i, changed = 0;
	int rc = 0, ch;

	a->c.txn = txn;
	free_records(a->out, a->nout);
	a->out = NULL;
	a->nout = 0;
	for (i = 0; i < a->n && rc == 0; i++) {
		if ((rc = crm_ref_resolve(&m, a->c.s, CRM_LOG, a->ids[i])) < 0)
			break;
		crm_buf_reset(&path);
		if ((rc = crm_store_log_path(&path, a->c.s, m.id)) == 0 &&
		    (rc = mark_done(a, path.buf, m.id, &ch)) == 0 && ch)
			changed++;
		free(m.label);
	}
	if (rc == 0 && a->nout == 1)
		crm_txn_message(txn, "done task %.8s", crm_record_id(a->out[0]));
	else if (rc == 0)
		crm_txn_message(txn, "done %zu tasks", changed);
	crm_buf_release(&path);
	return rc;
}

int
crm_log_done(struct crm_record ***out, size_t *nout, struct crm_store *s,
	     char *const *ids, size_t n)
{
	struct done_arg a;
	int rc;

	memset(&a, 0, sizeof(a));
	ctx_init(&a.c, s, NULL);
	a.ids = ids;
	a.n = n;
	rc = crm_store_write(s, done_fn, &a);
	if (rc == 0) {
		*out = a.out;
		*nout = a.nout;
	} else {
		free_records(a.out, a.nout);
		*out = NULL;
		*nout = 0;
	}
	ctx_release(&a.c);
	return rc;
}

/* ---- bulk imports ---- */

/*
 * Interactions arrive in any order, and each goes to the journal of its
 * day.  Their documents are spooled to a private file as they are
 * checked, with a small entry each (day, order, place); the entries are
 * sorted by day and each journal is then written once: old content plus
 * its new documents.  Memory holds the entries, not the documents.
 */
struct entry {
	int32_t day;		/* days since 1970-01-01 */
	uint32_t len;
	int64_t off;		/* grows with the order of arrival */
};

struct import_arg {
	struct ctx c;
	struct crm_input *in;
	FILE *ids;		/* the new ids, for the caller after the commit */
	size_t written, bad;
	struct crm_map *contacts;	/* reference -> contact id */
	struct crm_idset *seen;	/* ids given in this import */
	FILE *spool;
	struct entry *e;
	size_t ne, ae;
	int writing;
	int unsorted;		/* an entry came before its predecessor's day */
};

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* The contact a reference names, through a cache: imports repeat them. */
static int
contact_of(const char **out, struct import_arg *a, const char *ref,
	   const char *where)
{
	const char *id = crm_map_get(a->contacts, ref);
	struct crm_match m;
	int rc;

	if (id) {
		*out = id;
		return 0;
	}
	if (crm_id_valid(ref) && crm_index_kind(a->c.s, ref) == CRM_CONTACT) {
		crm_map_put(a->contacts, ref, ref);
	} else {
		crm_err_clear();
		if ((rc = crm_ref_resolve(&m, a->c.s, CRM_CONTACT, ref)) < 0)
			return crm_err_set(rc, "%s: field 'contact': %s", where,
					   crm_err_msg());
		crm_map_put(a->contacts, ref, m.id);
		free(m.label);
	}
	*out = crm_map_get(a->contacts, ref);
	return 0;
}

static int
import_one(struct import_arg *a, struct crm_record *r, long line)
{
	struct ctx *c = &a->c;
	struct crm_buf where = CRM_BUF_INIT, path = CRM_BUF_INIT;
	const char *ref = crm_record_get(r, "contact"), *id, *cid = NULL;
	char nid[CRM_ID_LEN + 1];
	struct crm_time t;
	int rc;

	{
		char num[24];
		int k = (int)sizeof(num);
		long v = line < 0 ? 0 : line;

		/* "file:line" without printf: this runs a million times */
		num[--k] = '\0';
		do
			num[--k] = (char)('0' + v % 10);
		while ((v /= 10) && k > 0);
		crm_buf_adds(&where, crm_input_name(a->in));
		crm_buf_addc(&where, ':');
		crm_buf_adds(&where, num + k);
	}
	if (!ref || !*ref) {
		rc = crm_err_set(CRM_EDATA, "%s: field 'contact' is missing",
				 where.buf);
		goto out;
	}
	if ((rc = contact_of(&cid, a, ref, where.buf)) < 0)
		goto out;
	crm_record_set(r, "contact", cid, 0);
	if ((id = crm_record_id(r))) {
		if (!crm_id_valid(id)) {
			rc = crm_err_set(CRM_EDATA,
					 "%s: field 'id': '%s' is not a record id",
					 where.buf, id);
			goto out;
		}
		if (!crm_idset_add(a->seen, id) || crm_index_kind(c->s, id) >= 0) {
			rc = crm_err_set(CRM_EEXISTS, "%s: interaction %s exists already",
					 where.buf, id);
			goto out;
		}
		crm_err_clear();
	} else {
		if ((rc = crm_id_new(nid)) < 0)
			goto out;
		crm_record_set(r, "id", nid, 0);
	}
	if (crm_record_get(r, "amount") && !crm_record_get(r, "currency"))
		crm_record_set(r, "currency", crm_config_currency(c->cfg), 0);
	if ((rc = crm_record_check(r, c->cfg, where.buf)) < 0)
		goto out;
	if (!a->writing)
		goto out;
	/* spool the document, index the row */
	if ((rc = crm_date_parse(&t, crm_record_get(r, "at"), 0)) < 0 ||
	    (rc = journal_of(&path, r)) < 0)
		goto out;
	crm_buf_reset(&c->tmp);
	if ((rc = crm_yaml_write_line(&c->tmp, r)) < 0)
		goto out;
	if (a->ne == a->ae) {
		a->ae = a->ae ? a->ae + a->ae / 2 : 1024;
		a->e = crm_xrealloc(a->e, a->ae * sizeof(*a->e));
	}
	a->e[a->ne].day = (int32_t)((t.t - ((t.t % 86400) + 86400) % 86400) / 86400);
	if (a->ne && a->e[a->ne].day < a->e[a->ne - 1].day)
		a->unsorted = 1;
	a->e[a->ne].len = (uint32_t)c->tmp.len;
	a->e[a->ne].off = ftello(a->spool);
	if (fwrite(c->tmp.buf, 1, c->tmp.len, a->spool) != c->tmp.len) {
		rc = crm_err_set(CRM_EIO, "cannot spool the import: %s",
				 strerror(errno));
		goto out;
	}
	a->ne++;
	if ((rc = crm_txn_index_log(c->txn, path.buf, r)) < 0)
		goto out;
	if (a->ids && fprintf(a->ids, "%s\n", crm_record_id(r)) < 0) {
		rc = crm_err_set(CRM_EIO, "cannot spool the import: %s",
				 strerror(errno));
		goto out;
	}
	a->written++;
out:
	crm_buf_release(&where);
	crm_buf_release(&path);
	return rc;
}

/* Writes each day's journal once: what it held, then its new documents. */
static int
write_journals(struct import_arg *a)
{
	struct crm_buf j = CRM_BUF_INIT, path = CRM_BUF_INIT;
	size_t i = 0, k;
	int rc = 0;

	if (fflush(a->spool) != 0)
		return crm_err_set(CRM_EIO, "cannot spool the import: %s",
				   strerror(errno));
	/*
	 * An export comes in order of time: then the entries are in order
	 * already, and sorting them would take a copy of them (glibc's
	 * merge sort), 16 bytes an interaction.
	 */
	if (a->ne && a->unsorted)
		qsort(a->e, a->ne, sizeof(*a->e), entry_cmp);
	while (i < a->ne && rc == 0) {
		crm_buf_reset(&path);
		crm_buf_reset(&j);
		crm_log_path(&path, (int64_t)a->e[i].day * 86400);
		rc = crm_txn_read(&j, a->c.txn, path.buf);
		if (rc == CRM_ENOTFOUND) {
			crm_err_clear();
			rc = 0;
		}
		if (rc < 0)
			break;
		if (j.len && j.buf[j.len - 1] != '\n')
			crm_buf_addc(&j, '\n');
		for (k = i; k < a->ne && a->e[k].day == a->e[i].day; k++) {
			crm_buf_grow(&j, a->e[k].len);
			if (pread(fileno(a->spool), j.buf + j.len, a->e[k].len,
				  a->e[k].off) != (ssize_t)a->e[k].len) {
				rc = crm_err_set(CRM_EIO, "cannot read the spooled import: %s",
						 strerror(errno));
				break;
			}
			j.len += a->e[k].len;
			j.buf[j.len] = '\0';
		}
		if (rc == 0)
			rc = crm_txn_put_raw(a->c.txn, path.buf, j.buf, j.len);
		i = k;
	}
	crm_buf_release(&j);
	crm_buf_release(&path);
	return rc;
}

static int
import_fn(struct crm_txn *txn, void *arg)
{
	struct import_arg *a = arg;
	struct crm_record *r;
	long line;
	int rc;

	a->c.txn = txn;
	a->written = a->bad = a->ne = 0;
	a->writing = 1;
	a->unsorted = 0;
	if (a->ids && (fflush(a->ids) != 0 || ftruncate(fileno(a->ids), 0) < 0 ||
		       fseeko(a->ids, 0, SEEK_SET) < 0))
		return crm_err_set(CRM_EIO, "cannot spool the import: %s",
				   strerror(errno));
	crm_map_free(a->contacts);
	a->contacts = crm_map_new();
	crm_idset_free(a->seen);
	a->seen = crm_idset_new();
	if (a->spool)
		fclose(a->spool);
	if (!(a->spool = tmpfile()))
		return crm_err_set(CRM_EIO, "cannot make a temporary file: %s",
				   strerror(errno));
	if ((rc = crm_txn_bulk(txn)) < 0 || (rc = crm_input_rewind(a->in)) < 0)
		return rc;
	crm_txn_defer_fts(txn);
	for (;;) {
		rc = crm_input_next(&r, &line, a->in, CRM_LOG);
		if (rc == CRM_EIO)
			return rc;
		if (rc == 0 && !r)
			break;
		if (rc == 0) {
			rc = import_one(a, r, line);
			crm_record_free(r);
		}
		if (rc == CRM_EIO || rc == CRM_EBUSY || rc == CRM_EINTERNAL)
			return rc;
		if (rc < 0) {
			if (a->c.o->bad)
				a->c.o->bad(crm_err_msg(), a->c.o->arg);
			a->bad++;
			/* keep checking, to list every bad record */
			if (!a->c.o->skip_bad)
				a->writing = 0;
			if (line < 0)
				break;
		}
	}
	if (a->bad && !a->c.o->skip_bad)
		return crm_err_set(CRM_EDATA, "%s: %zu bad record%s; nothing was written",
				   crm_input_name(a->in), a->bad, a->bad == 1 ? "" : "s");
	/* what only the reading needed: the commit has its own peak */
	crm_map_free(a->contacts);
	a->contacts = NULL;
	crm_idset_free(a->seen);
	a->seen = NULL;
	/* the index's end work meanwhile, in a second thread */
	crm_txn_prepare_index(txn);
	if ((rc = write_journals(a)) < 0)
		return rc;
	free(a->e);
	a->e = NULL;
	a->ne = a->ae = 0;
	fclose(a->spool);
	a->spool = NULL;
	crm_txn_message(txn, "import %zu interaction%s", a->written,
			a->written == 1 ? "" : "s");
	return 0;
}

int
crm_log_import(size_t *written, FILE *ids, struct crm_store *s,
	       struct crm_input *in, const struct crm_log_opts *o)
{
	struct import_arg a;
	int rc;

	memset(&a, 0, sizeof(a));
	ctx_init(&a.c, s, o);
	a.in = in;
	if (ids && !(a.ids = tmpfile())) {
		ctx_release(&a.c);
		return crm_err_set(CRM_EIO, "cannot make a temporary file: %s",
				   strerror(errno));
	}
	rc = crm_store_write(s, import_fn, &a);
	*written = rc == 0 ? a.written : 0;
	if (rc == 0 && a.ids) {
		/* the ids, now that they are in the store */
		char buf[65536];
		size_t k;

		if (fflush(a.ids) != 0 || fseeko(a.ids, 0, SEEK_SET) < 0)
			rc = crm_err_set(CRM_EIO, "cannot read the spooled ids: %s",
					 strerror(errno));
		while (rc == 0 && (k = fread(buf, 1, sizeof(buf), a.ids)) > 0)
			if (fwrite(buf, 1, k, ids) != k)
				break;	/* the caller sees the stream's error */
	}
	if (a.ids)
		fclose(a.ids);
	crm_map_free(a.contacts);
	crm_idset_free(a.seen);
	if (a.spool)
		fclose(a.spool);
	free(a.e);
	ctx_release(&a.c);
	return rc;
}

/* ---- iCalendar (RFC 5545) ---- */

/* Appends a content line, escaped and folded at 75 octets. */
static void
ical_line(struct crm_buf *out, const char *name, const char *value, int text)
{
	struct crm_buf l = CRM_BUF_INIT;
	size_t i, col = 0;

	crm_buf_adds(&l, name);
	crm_buf_addc(&l, ':');
	for (; *value; value++) {
		if (text && (*value == '\\' || *value == ';' || *value == ','))
			crm_buf_addc(&l, '\\');
		if (text && *value == '\n') {
			crm_buf_adds(&l, "\\n");
			continue;
		}
		if (*value == '\r')
			continue;
		crm_buf_addc(&l, *value);
	}
	for (i = 0; i < l.len; i++) {
		/* fold before 75 octets, never inside a UTF-8 sequence */
		if (col >= 74 && ((unsigned char)l.buf[i] & 0xc0) != 0x80) {
			crm_buf_adds(out, "\r\n ");
			col = 1;
		}
		crm_buf_addc(out, l.buf[i]);
		col++;
	}
	crm_buf_adds(out, "\r\n");
	crm_buf_release(&l);
}

/* "2026-11-02T14:03:00Z" -> "20261102T140300Z"; "2026-11-02" -> "20261102". */
static void
ical_time(struct crm_buf *out, const char *iso)
{
	for (; *iso; iso++)
		if (*iso != '-' && *iso != ':')
			crm_buf_addc(out, *iso);
}

void
crm_ical_begin(struct crm_buf *out)
{
	crm_buf_adds(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
	ical_line(out, "PRODID", "-//crm//crm-log " CRM_VERSION "//EN", 0);
}

void
crm_ical_task(struct crm_buf *out, const struct crm_record *r, const char *who,
	      int64_t now)
{
	struct crm_buf v = CRM_BUF_INIT, stamp = CRM_BUF_INIT;
	struct crm_time t = { now, 0 };
	const char *due = crm_record_get(r, "due");
	const char *summary = crm_record_get(r, "summary");

	crm_buf_adds(out, "BEGIN:VTODO\r\n");
	crm_buf_addf(&v, "%s@crm", crm_record_id(r));
	ical_line(out, "UID", v.buf, 0);
	crm_date_format(&stamp, &t);
	crm_buf_reset(&v);
	ical_time(&v, stamp.buf);
	ical_line(out, "DTSTAMP", v.buf, 0);
	crm_buf_reset(&v);
	crm_buf_addf(&v, "%s%s%s", summary ? summary : "task", who ? " - " : "",
		     who ? who : "");
	ical_line(out, "SUMMARY", v.buf, 1);
	if (due) {
		crm_buf_reset(&v);
		ical_time(&v, due);
		ical_line(out, strlen(due) == 10 ? "DUE;VALUE=DATE" : "DUE", v.buf, 0);
	}
	if (crm_record_get(r, "body"))
		ical_line(out, "DESCRIPTION", crm_record_get(r, "body"), 1);
	ical_line(out, "STATUS", "NEEDS-ACTION", 0);
	crm_buf_adds(out, "END:VTODO\r\n");
	crm_buf_release(&v);
	crm_buf_release(&stamp);
}

void
crm_ical_end(struct crm_buf *out)
{
	crm_buf_adds(out, "END:VCALENDAR\r\n");
}
