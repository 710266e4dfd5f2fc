/*
 * admin.c: changes to the store as a whole: crm undo (a commit reverted
 * as a new commit), crm rm (records removed in one commit) and crm edit
 * (a record in the user's editor).  Journals
 * are changed document by document, so that undoing one crm-log leaves
 * the interactions logged after it on the same day where they are.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "crm.h"
#include "internal.h"

/* ---- journals as documents ---- */

struct doc {
	char *id;		/* NULL when the document has none (or no parse) */
	char *text;		/* the document as written, "---" line included */
};

struct journal {
	struct doc *d;
	size_t n;
};

static void
journal_free(struct journal *j)
{
	size_t i;

	for (i = 0; i < j->n; i++) {
		free(j->d[i].id);
		free(j->d[i].text);
	}
	free(j->d);
	memset(j, 0, sizeof(*j));
}

/* Splits a journal at its "---" lines, keeping each document's text. */
static void
journal_split(struct journal *j, const char *text, size_t len, const char *path)
{
	const char *p = text, *end = text + len, *start = text;

	memset(j, 0, sizeof(*j));
	while (start < end) {
		const char *q = start;
		struct crm_record *r = NULL;
		struct doc *d;

		/* the document runs to the next line that starts "---" */
		p = start;
		for (;;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));

			p = nl ? nl + 1 : end;
			if (p >= end || (end - p >= 3 && memcmp(p, "---", 3) == 0))
				break;
		}
		j->d = crm_xrealloc(j->d, (j->n + 1) * sizeof(*j->d));
		d = &j->d[j->n++];
		d->text = crm_xstrndup(q, (size_t)(p - q));
		d->id = NULL;
		if (crm_yaml_parse(&r, d->text, strlen(d->text), CRM_LOG, path) == 0 &&
		    crm_record_id(r))
			d->id = crm_xstrdup(crm_record_id(r));
		crm_err_clear();
		crm_record_free(r);
		start = p;
	}
}

static long
journal_find(const struct journal *j, const char *id)
{
	size_t i;

	for (i = 0; i < j->n; i++)
		if (j->d[i].id && strcmp(j->d[i].id, id) == 0)
			return (long)i;
	return -1;
}

static void
journal_drop(struct journal *j, size_t i)
{
	free(j->d[i].id);
	free(j->d[i].text);
	memmove(&j->d[i], &j->d[i + 1], (j->n - i - 1) * sizeof(*j->d));
	j->n--;
}

/* Writes j back to path, or removes the file when no document is left. */
static int
journal_put(struct crm_txn *txn, const char *path, const struct journal *j)
{
	struct crm_buf b = CRM_BUF_INIT;
	size_t i;
	int rc;

	if (j->n == 0)
		return crm_txn_remove(txn, path);
	for (i = 0; i < j->n; i++) {
		crm_buf_adds(&b, j->d[i].text);
		if (b.len && b.buf[b.len - 1] != '\n')
			crm_buf_addc(&b, '\n');
	}
	rc = crm_txn_put(txn, path, b.buf, b.len);
	crm_buf_release(&b);
	return rc;
}

/* The file at path in the transaction; *has 0 when there is none. */
static int
txn_file(struct crm_buf *out, int *has, struct crm_txn *txn, const char *path)
{
	int rc;

	crm_buf_reset(out);
	rc = crm_txn_read(out, txn, path);
	*has = rc == 0;
	if (rc == CRM_ENOTFOUND) {
		crm_err_clear();
		rc = 0;
	}
	return rc;
}

/* ---- undo ---- */

struct undo {
	struct crm_commit_info ci;
	int force;
	struct crm_buf conflicts;	/* the paths changed since */
};

static void
conflict(struct undo *u, const char *path)
{
	crm_buf_addf(&u->conflicts, "%s%s", u->conflicts.len ? ", " : "", path);
}

/* A journal: the commit's documents taken back out, or put back. */
static int
undo_journal(struct undo *u, struct crm_txn *txn, const struct crm_commit_change *c)
{
	struct journal was, now, cur;
	struct crm_buf b = CRM_BUF_INIT;
	size_t i;
	long k;
	int rc, has;

	journal_split(&was, c->has_old ? c->old : "", c->has_old ? c->old_len : 0,
		      c->path);
	journal_split(&now, c->has_new ? c->new : "", c->has_new ? c->new_len : 0,
		      c->path);
	if ((rc = txn_file(&b, &has, txn, c->path)) < 0)
		goto out;
	journal_split(&cur, b.buf ? b.buf : "", b.len, c->path);
	/* added by the commit: out again; changed: back as they were */
	for (i = 0; i < now.n; i++) {
		const struct doc *d = &now.d[i];
		long o = d->id ? journal_find(&was, d->id) : -1;

		if (!d->id || (k = journal_find(&cur, d->id)) < 0)
			continue;
		if (strcmp(cur.d[k].text, d->text) && !u->force) {
			conflict(u, c->path);
			continue;
		}
		if (o < 0) {
			journal_drop(&cur, (size_t)k);
		} else if (strcmp(was.d[o].text, d->text)) {
			free(cur.d[k].text);
			cur.d[k].text = crm_xstrdup(was.d[o].text);
		}
	}
	/* removed by the commit: back at the end */
	for (i = 0; i < was.n; i++) {
		const struct doc *d = &was.d[i];

		if (!d->id || journal_find(&now, d->id) >= 0 ||
		    journal_find(&cur, d->id) >= 0)
			continue;
		cur.d = crm_xrealloc(cur.d, (cur.n + 1) * sizeof(*cur.d));
		cur.d[cur.n].id = crm_xstrdup(d->id);
		cur.d[cur.n].text = crm_xstrdup(d->text);
		cur.n++;
	}
	if (has || cur.n)
		rc = journal_put(txn, c->path, &cur);
	journal_free(&cur);
out:
	journal_free(&was);
	journal_free(&now);
	crm_buf_release(&b);
	return rc;
}

/* A record or a setting: back to what it was, unless changed since. */
static int
undo_file(struct undo *u, struct crm_txn *txn, const struct crm_commit_change *c)
{
	struct crm_buf b = CRM_BUF_INIT;
	int rc, has;

	if ((rc = txn_file(&b, &has, txn, c->path)) < 0)
		goto out;
	if (has != c->has_new ||
	    (has && (b.len != c->new_len || memcmp(b.buf, c->new, b.len)))) {
		if (!u->force) {
			conflict(u, c->path);
			goto out;
		}
	}
	if (c->has_old)
		rc = crm_txn_put(txn, c->path, c->old, c->old_len);
	else if (has)
		rc = crm_txn_remove(txn, c->path);
out:
	crm_buf_release(&b);
	return rc;
}

static int
undo_fn(struct crm_txn *txn, void *arg)
{
	struct undo *u = arg;
	size_t i;
	int rc = 0;

	crm_buf_reset(&u->conflicts);
	for (i = 0; i < u->ci.n && rc == 0; i++) {
		const struct crm_commit_change *c = &u->ci.c[i];

		rc = strncmp(c->path, "log/", 4) == 0 ? undo_journal(u, txn, c) :
			undo_file(u, txn, c);
	}
	if (rc == 0 && u->conflicts.len)
		rc = crm_err_set(CRM_EDATA,
				 "changed again after %.12s, so not undone: %s (--force undoes the commit's changes anyway)",
				 u->ci.id, u->conflicts.buf);
	if (rc == 0)
		crm_txn_message(txn, "undo %.12s: %s", u->ci.id, u->ci.subject);
	return rc;
}

int
crm_undo(char undone[41], size_t *nfiles, struct crm_store *s, const char *rev,
	 int force)
{
	struct undo u;
	int rc;

	memset(&u, 0, sizeof(u));
	*nfiles = 0;
	if ((rc = crm_store_commit(&u.ci, s, rev)) < 0)
		return rc;
	snprintf(undone, 41, "%s", u.ci.id);
	if (u.ci.parents == 0)
		rc = crm_err_set(CRM_EUSAGE,
				 "%.12s made the store: there is nothing before it",
				 u.ci.id);
	else if (u.ci.n == 0)
		rc = crm_err_set(CRM_EUSAGE, "%.12s changed no file", u.ci.id);
	else {
		u.force = force;
		rc = crm_store_write(s, undo_fn, &u);
		*nfiles = u.ci.n;
	}
	crm_buf_release(&u.conflicts);
	crm_commit_info_release(&u.ci);
	return rc;
}

/* ---- rm ---- */

struct rm_ref {
	enum crm_kind kind;
	char id[CRM_ID_LEN + 1];
	char *journal;		/* an interaction's journal */
};

struct rm {
	struct rm_ref *r;
	size_t n;
	char **logs;		/* --with-log: interaction ids, with */
	char **log_paths;	/* their journals */
	size_t nlogs;
};

static int
count_row(const struct crm_row *row, void *arg)
{
	struct crm_buf *b = arg;

	crm_buf_addf(b, "%s%.8s", b->len ? ", " : "", row->id);
	return 0;
}

/* The ids (8 digits each, joined) of records of kind whose field is id. */
static int
referrers(struct crm_buf *out, struct crm_store *s, enum crm_kind kind,
	  const char *field, const char *id)
{
	return crm_store_named_by(s, kind, field, id, NULL, 0, NULL, 0, count_row,
				  out);
}

struct logs_of {
	struct rm *rm;
	struct crm_store *s;
	int rc;
};

static int
on_log_of(const struct crm_row *row, void *arg)
{
	struct logs_of *l = arg;
	struct crm_buf p = CRM_BUF_INIT;
	struct rm *rm = l->rm;

	if ((l->rc = crm_store_log_path(&p, l->s, row->id)) < 0)
		return l->rc;
	rm->logs = crm_xrealloc(rm->logs, (rm->nlogs + 1) * sizeof(*rm->logs));
	rm->log_paths = crm_xrealloc(rm->log_paths,
				     (rm->nlogs + 1) * sizeof(*rm->log_paths));
	rm->logs[rm->nlogs] = crm_xstrdup(row->id);
	rm->log_paths[rm->nlogs++] = crm_buf_detach(&p);
	return 0;
}

/* Drops the document id from the journal at path (staged). */
static int
drop_doc(struct crm_txn *txn, const char *path, const char *id)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct journal j;
	long k;
	int rc, has;

	if ((rc = txn_file(&b, &has, txn, path)) < 0 || !has)
		goto out;
	journal_split(&j, b.buf, b.len, path);
	if ((k = journal_find(&j, id)) >= 0) {
		journal_drop(&j, (size_t)k);
		rc = journal_put(txn, path, &j);
	}
	journal_free(&j);
out:
	crm_buf_release(&b);
	return rc;
}

static int
rm_fn(struct crm_txn *txn, void *arg)
{
	struct rm *rm = arg;
	struct crm_buf p = CRM_BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < rm->n && rc == 0; i++) {
		if (rm->r[i].kind == CRM_LOG) {
			rc = drop_doc(txn, rm->r[i].journal, rm->r[i].id);
			continue;
		}
		crm_buf_reset(&p);
		crm_record_path(&p, rm->r[i].kind, rm->r[i].id);
		rc = crm_txn_remove(txn, p.buf);
	}
	for (i = 0; i < rm->nlogs && rc == 0; i++)
		rc = drop_doc(txn, rm->log_paths[i], rm->logs[i]);
	if (rc == 0) {
		if (rm->n == 1)
			crm_txn_message(txn, "remove %s %.8s%s",
					crm_kind_name(rm->r[0].kind), rm->r[0].id,
					rm->nlogs ? " and its interactions" : "");
		else
			crm_txn_message(txn, "remove %zu records%s", rm->n,
					rm->nlogs ? " and their interactions" : "");
	}
	crm_buf_release(&p);
	return rc;
}

int
crm_rm(size_t *removed, struct crm_store *s, char *const *refs, size_t n,
       int with_log, int force)
{
	struct rm rm;
	struct crm_buf who = CRM_BUF_INIT;
	size_t i, j;
	int rc = 0;

	memset(&rm, 0, sizeof(rm));
	*removed = 0;
	rm.r = crm_xcalloc(n + 1, sizeof(*rm.r));
	for (i = 0; i < n && rc == 0; i++) {
		struct crm_match m;

		if ((rc = crm_ref_resolve(&m, s, -1, refs[i])) < 0)
			break;
		free(m.label);
		for (j = 0; j < rm.n && strcmp(rm.r[j].id, m.id); j++)
			;
		if (j < rm.n)
			continue;	/* named twice */
		rm.r[rm.n].kind = m.kind;
		snprintf(rm.r[rm.n].id, sizeof(rm.r[rm.n].id), "%s", m.id);
		if (m.kind == CRM_LOG) {
			struct crm_buf p = CRM_BUF_INIT;

			if ((rc = crm_store_log_path(&p, s, m.id)) < 0)
				break;
			rm.r[rm.n].journal = crm_buf_detach(&p);
		}
		rm.n++;
		/* what still points at it: deals at a contact, anything at an org */
		crm_buf_reset(&who);
		if (m.kind == CRM_CONTACT)
			rc = referrers(&who, s, CRM_DEAL, "contact", m.id);
		else if (m.kind == CRM_ORG &&
			 (rc = referrers(&who, s, CRM_CONTACT, "org", m.id)) == 0)
			rc = referrers(&who, s, CRM_DEAL, "org", m.id);
		if (rc == 0 && who.len && !force)
			rc = crm_err_set(CRM_EDATA,
					 "%s %.8s is still named by %s (--force removes it anyway)",
					 crm_kind_name(m.kind), m.id, who.buf);
		if (rc == 0 && with_log && m.kind == CRM_CONTACT) {
			struct logs_of l = { &rm, s, 0 };

			rc = crm_store_named_by(s, CRM_LOG, "contact", m.id, NULL, 0,
						NULL, 0, on_log_of, &l);
		}
	}
	if (rc == 0 && rm.n)
		rc = crm_store_write(s, rm_fn, &rm);
	if (rc == 0)
		*removed = rm.n + rm.nlogs;
	for (i = 0; i < rm.n; i++)
		free(rm.r[i].journal);
	free(rm.r);
	for (i = 0; i < rm.nlogs; i++) {
		free(rm.logs[i]);
		free(rm.log_paths[i]);
	}
	free(rm.logs);
	free(rm.log_paths);
	crm_buf_release(&who);
	return rc;
}

/* ---- merge ---- */

struct merge {
	char keep[CRM_ID_LEN + 1];
	char (*dup)[CRM_ID_LEN + 1];
	size_t n;
	struct crm_strset *journals;	/* the days the duplicates appear in */
	char **deals;			/* deals whose contact is a duplicate */
	size_t ndeals;
	const struct crm_config *cfg;
	size_t moved;			/* interactions re-pointed */
};

struct merge_logs {
	struct merge *m;
	struct crm_store *s;
};

static int
on_merge_log(const struct crm_row *row, void *arg)
{
	struct merge_logs *l = arg;
	struct crm_buf p = CRM_BUF_INIT;
	int rc;

	if ((rc = crm_store_log_path(&p, l->s, row->id)) == 0)
		crm_strset_add(l->m->journals, p.buf);
	crm_buf_release(&p);
	return rc;
}

static int
on_merge_deal(const struct crm_row *row, void *arg)
{
	struct merge *m = arg;

	m->deals = crm_xrealloc(m->deals, (m->ndeals + 1) * sizeof(*m->deals));
	m->deals[m->ndeals++] = crm_xstrdup(row->id);
	return 0;
}

static int
is_dup(const struct merge *m, const char *id)
{
	size_t i;

	for (i = 0; id && i < m->n; i++)
		if (strcmp(m->dup[i], id) == 0)
			return 1;
	return 0;
}

/* The record at path in the transaction, parsed. */
static int
txn_record(struct crm_record **out, struct crm_txn *txn, enum crm_kind kind,
	   const char *path)
{
	struct crm_buf b = CRM_BUF_INIT;
	int rc;

	*out = NULL;
	if ((rc = crm_txn_read(&b, txn, path)) == 0)
		rc = crm_yaml_parse(out, b.buf, b.len, kind, path);
	crm_buf_release(&b);
	return rc;
}

/* Writes r back to its file (and the index). */
static int
txn_write(struct crm_txn *txn, struct crm_record *r, const char *path,
	  const struct crm_config *cfg)
{
	struct crm_buf b = CRM_BUF_INIT;
	int rc;

	crm_record_sort(r);
	if ((rc = crm_record_check(r, cfg, path)) == 0 &&
	    (rc = crm_yaml_write(&b, r, 0)) == 0)
		rc = crm_txn_put(txn, path, b.buf, b.len);
	crm_buf_release(&b);
	return rc;
}

/* A journal's documents that name a duplicate, re-pointed at the keeper. */
static void
merge_journal(const char *path, void *arg)
{
	struct {
		struct merge *m;
		struct crm_txn *txn;
		int rc;
	} *x = arg;
	struct crm_buf b = CRM_BUF_INIT, t = CRM_BUF_INIT;
	struct journal j;
	size_t i;
	int has, changed = 0;

	if (x->rc < 0)
		return;
	if ((x->rc = txn_file(&b, &has, x->txn, path)) < 0 || !has)
		goto out;
	journal_split(&j, b.buf, b.len, path);
	for (i = 0; i < j.n; i++) {
		struct crm_record *r = NULL;

		if (crm_yaml_parse(&r, j.d[i].text, strlen(j.d[i].text), CRM_LOG,
				   path) == 0 && is_dup(x->m, crm_record_get(r, "contact"))) {
			crm_record_set(r, "contact", x->m->keep, 0);
			crm_buf_reset(&t);
			if (crm_yaml_write_line(&t, r) == 0) {
				free(j.d[i].text);
				j.d[i].text = crm_xstrdup(t.buf);
				changed = 1;
				x->m->moved++;
			}
		}
		crm_err_clear();
		crm_record_free(r);
	}
	if (changed)
		x->rc = journal_put(x->txn, path, &j);
	journal_free(&j);
out:
	crm_buf_release(&b);
	crm_buf_release(&t);
}

static int
merge_fn(struct crm_txn *txn, void *arg)
{
	struct merge *m = arg;
	struct crm_record *keep = NULL, *dup = NULL;
	struct crm_buf path = CRM_BUF_INIT, msg = CRM_BUF_INIT;
	struct {
		struct merge *m;
		struct crm_txn *txn;
		int rc;
	} x = { m, txn, 0 };
	size_t i, f, j;
	int rc;

	m->moved = 0;
	crm_record_path(&path, CRM_CONTACT, m->keep);
	if ((rc = txn_record(&keep, txn, CRM_CONTACT, path.buf)) < 0)
		goto out;
	for (i = 0; i < m->n; i++) {
		crm_buf_reset(&path);
		crm_record_path(&path, CRM_CONTACT, m->dup[i]);
		if ((rc = txn_record(&dup, txn, CRM_CONTACT, path.buf)) < 0)
			goto out;
		/* KEEP's fields win; lists take the union; the earlier created */
		for (f = 0; f < crm_record_nfields(dup); f++) {
			const char *k = crm_record_key(dup, f);

			if (!strcmp(k, "id") || !strcmp(k, "updated"))
				continue;
			if (!strcmp(k, "created")) {
				const char *kc = crm_record_get(keep, "created");

				if (!kc || strcmp(crm_record_value(dup, f, 0), kc) < 0)
					crm_record_set(keep, k, crm_record_value(dup, f, 0),
						       crm_record_plain(dup, f, 0));
				continue;
			}
			if (crm_record_is_list(dup, f)) {
				for (j = 0; j < crm_record_nvalues(dup, f); j++)
					crm_record_add(keep, k, crm_record_value(dup, f, j),
						       crm_record_plain(dup, f, j));
			} else if (crm_record_find(keep, k) < 0) {
				crm_record_set(keep, k, crm_record_value(dup, f, 0),
					       crm_record_plain(dup, f, 0));
			}
		}
		crm_record_free(dup);
		dup = NULL;
		/* gone first, so that its emails are free for the keeper */
		if ((rc = crm_txn_remove(txn, path.buf)) < 0)
			goto out;
	}
	{
		struct crm_time t = { crm_now(), 0 };
		struct crm_buf now = CRM_BUF_INIT;

		crm_date_format(&now, &t);
		crm_record_set(keep, "updated", now.buf, 1);
		crm_buf_release(&now);
	}
	crm_buf_reset(&path);
	crm_record_path(&path, CRM_CONTACT, m->keep);
	if ((rc = txn_write(txn, keep, path.buf, m->cfg)) < 0)
		goto out;
	for (i = 0; i < m->ndeals; i++) {
		struct crm_record *d = NULL;

		crm_buf_reset(&path);
		crm_record_path(&path, CRM_DEAL, m->deals[i]);
		if ((rc = txn_record(&d, txn, CRM_DEAL, path.buf)) == 0) {
			crm_record_set(d, "contact", m->keep, 0);
			rc = txn_write(txn, d, path.buf, m->cfg);
		}
		crm_record_free(d);
		if (rc < 0)
			goto out;
	}
	crm_strset_each(m->journals, merge_journal, &x);
	if ((rc = x.rc) < 0)
		goto out;
	crm_buf_addf(&msg, "merge contact %.8s", m->keep);
	for (i = 0; i < m->n; i++)
		crm_buf_addf(&msg, " %.8s", m->dup[i]);
	crm_txn_message(txn, "%s", msg.buf);
out:
	crm_record_free(keep);
	crm_record_free(dup);
	crm_buf_release(&path);
	crm_buf_release(&msg);
	return rc;
}

int
crm_merge(size_t *moved, struct crm_store *s, const char *keep,
	  char *const *dups, size_t n)
{
	struct merge m;
	struct crm_match r;
	size_t i, j;
	int rc = 0;

	*moved = 0;
	memset(&m, 0, sizeof(m));
	m.cfg = crm_store_config(s);
	m.journals = crm_strset_new();
	m.dup = crm_xcalloc(n + 1, sizeof(*m.dup));
	if ((rc = crm_ref_resolve(&r, s, CRM_CONTACT, keep)) < 0)
		goto out;
	snprintf(m.keep, sizeof(m.keep), "%s", r.id);
	free(r.label);
	for (i = 0; i < n && rc == 0; i++) {
		if ((rc = crm_ref_resolve(&r, s, CRM_CONTACT, dups[i])) < 0)
			break;
		free(r.label);
		if (strcmp(r.id, m.keep) == 0) {
			rc = crm_err_set(CRM_EUSAGE, "'%s' is the contact to keep: a record is not merged into itself",
					 dups[i]);
			break;
		}
		for (j = 0; j < m.n && strcmp(m.dup[j], r.id); j++)
			;
		if (j < m.n)
			continue;	/* named twice */
		snprintf(m.dup[m.n++], sizeof(*m.dup), "%s", r.id);
	}
	for (i = 0; i < m.n && rc == 0; i++) {
		struct merge_logs l = { &m, s };

		if ((rc = crm_store_named_by(s, CRM_LOG, "contact", m.dup[i], NULL, 0,
					     NULL, 0, on_merge_log, &l)) == 0)
			rc = crm_store_named_by(s, CRM_DEAL, "contact", m.dup[i], NULL,
						0, NULL, 0, on_merge_deal, &m);
	}
	if (rc == 0 && m.n)
		rc = crm_store_write(s, merge_fn, &m);
	if (rc == 0)
		*moved = m.moved;
out:
	for (i = 0; i < m.ndeals; i++)
		free(m.deals[i]);
	free(m.deals);
	free(m.dup);
	crm_strset_free(m.journals);
	return rc;
}

/* ---- edit ---- */

static void
edit_bad(const char *msg, void *arg)
{
	(void)arg;
	crm_warn("%s", msg);
}

/* Runs the user's editor on path, as a shell would ("$EDITOR" path). */
static int
run_editor(const char *path)
{
	const char *ed = getenv("VISUAL");
	pid_t pid;
	int status;

	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	fflush(NULL);
	if ((pid = fork()) < 0)
		return crm_err_set(CRM_EINTERNAL, "cannot start the editor: %s",
				   strerror(errno));
	if (pid == 0) {
		struct crm_buf cmd = CRM_BUF_INIT;

		/* the editor may carry arguments: "emacs -nw", "code --wait" */
		crm_buf_addf(&cmd, "%s \"$1\"", ed);
		execl("/bin/sh", "sh", "-c", cmd.buf, "sh", path, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return crm_err_set(CRM_EINTERNAL, "cannot wait for the editor: %s",
					   strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return crm_err_set(CRM_EDATA,
				   "the editor (%s) failed; nothing was written", ed);
	return 0;
}

static int
read_file(struct crm_buf *out, const char *path)
{
	FILE *fp = fopen(path, "rb");
	char buf[8192];
	size_t n;

	crm_buf_reset(out);
	if (!fp)
		return crm_err_set(CRM_EIO, "%s: %s", path, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		crm_buf_add(out, buf, n);
	fclose(fp);
	if (!out->buf)
		crm_buf_adds(out, "");
	return 0;
}

/* On a terminal: "(e)dit again or (a)bort?"; 1 to edit again. */
static int
again(void)
{
	char line[64];
	FILE *tty;
	int yes;

	if (!isatty(STDIN_FILENO) || !(tty = fopen("/dev/tty", "r+")))
		return 0;
	fprintf(tty, "%s: (e)dit again or (a)bort? [e] ", crm_progname());
	fflush(tty);
	yes = fgets(line, sizeof(line), tty) != NULL &&
	      (line[0] == 'e' || line[0] == 'E' || line[0] == '\n');
	fclose(tty);
	return yes;
}

/*
 * The edited text must be one record of the same kind and id: crm-add's
 * replace import checks and writes it (emails, organisations, types).
 */
static int
edit_apply(size_t *written, struct crm_store *s, const char *path,
	   enum crm_kind kind, const char *id)
{
	struct crm_add_opts o;
	struct crm_input *in = NULL;
	struct crm_record *r = NULL, *r2 = NULL;
	long line;
	int rc;

	if ((rc = crm_input_open(&in, path)) < 0)
		return rc;
	if ((rc = crm_input_next(&r, &line, in, kind)) < 0)
		goto out;
	if (!r) {
		rc = crm_err_set(CRM_EDATA, "%s: empty: nothing was written", path);
		goto out;
	}
	if (crm_input_next(&r2, &line, in, kind) < 0 || r2) {
		crm_err_clear();
		rc = crm_err_set(CRM_EDATA, "%s: one record only, please", path);
		goto out;
	}
	if (!crm_record_id(r) || strcmp(crm_record_id(r), id)) {
		rc = crm_err_set(CRM_EDATA, "%s: field 'id': it cannot change (it is %s)",
				 path, id);
		goto out;
	}
	memset(&o, 0, sizeof(o));
	o.kind = kind;
	o.bad = edit_bad;
	if ((rc = crm_input_rewind(in)) == 0)
		rc = crm_add_import(written, NULL, s, in, 1, &o);
out:
	crm_record_free(r);
	crm_record_free(r2);
	crm_input_free(in);
	return rc;
}

int
crm_edit(int *changed, struct crm_store *s, const char *ref)
{
	struct crm_buf path = CRM_BUF_INIT, orig = CRM_BUF_INIT, now = CRM_BUF_INIT;
	struct crm_buf tmp = CRM_BUF_INIT;
	struct crm_match m;
	const char *dir = getenv("TMPDIR");
	size_t written = 0;
	int rc, fd = -1;

	*changed = 0;
	memset(&m, 0, sizeof(m));
	if ((rc = crm_ref_resolve(&m, s, -1, ref)) < 0)
		return rc;
	if (m.kind == CRM_LOG) {
		rc = crm_err_set(CRM_EUSAGE,
				 "%.8s is an interaction: crm edit takes contacts, organisations and deals",
				 m.id);
		goto out;
	}
	crm_record_path(&path, m.kind, m.id);
	if ((rc = crm_store_read(&orig, s, path.buf)) < 0)
		goto out;
	crm_buf_addf(&tmp, "%s/crm-edit-%.8s-XXXXXX.yaml", dir && *dir ? dir : "/tmp",
		     m.id);
	if ((fd = mkstemps(tmp.buf, 5)) < 0 ||
	    write(fd, orig.buf, orig.len) != (ssize_t)orig.len || close(fd) < 0) {
		rc = crm_err_set(CRM_EIO, "%s: %s", tmp.buf, strerror(errno));
		if (fd >= 0)
			unlink(tmp.buf);
		fd = -1;
		goto out;
	}
	for (;;) {
		if ((rc = run_editor(tmp.buf)) < 0 ||
		    (rc = read_file(&now, tmp.buf)) < 0)
			break;
		if (now.len == orig.len && memcmp(now.buf, orig.buf, now.len) == 0)
			break;		/* untouched: no commit */
		rc = edit_apply(&written, s, tmp.buf, m.kind, m.id);
		if (rc == 0) {
			*changed = written > 0;
			break;
		}
		if (rc != CRM_EDATA && rc != CRM_EEXISTS && rc != CRM_ENOTFOUND &&
		    rc != CRM_EAMBIG)
			break;
		crm_warn("%s", crm_err_msg());
		if (!again()) {
			rc = crm_err_set(rc, "%s: not saved; nothing was written",
					 tmp.buf);
			break;
		}
	}
	unlink(tmp.buf);
out:
	free(m.label);
	crm_buf_release(&path);
	crm_buf_release(&orig);
	crm_buf_release(&now);
	crm_buf_release(&tmp);
	return rc;
}
