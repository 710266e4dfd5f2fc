/*
 * add.c: creating and updating contacts, organisations and deals, one at
 * a time from command-line edits or in bulk from a record stream.  Each
 * entry point makes one commit through crm_store_write; the work runs
 * inside the transaction so that, when another writer got there first,
 * it is done again on the new HEAD.
 */
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "internal.h"

struct ctx {
	const struct crm_add_opts *o;
	struct crm_txn *txn;
	struct crm_store *s;
	const struct crm_config *cfg;
	char now[32];
	struct crm_buf notes;	/* emitted after the commit */
	struct crm_buf msg;
	size_t nmsg;
	struct crm_buf tmp;
	/* imports */
	struct crm_strset *emails, *neworgs;
	int validating;
	size_t nwrite, nbad, norgs;
	char *pending_org;	/* an organisation to create once r is valid */
};

static void
ctx_init(struct ctx *c, struct crm_store *s, const struct crm_add_opts *o)
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
ctx_reset(struct ctx *c, struct crm_txn *txn)
{
	c->txn = txn;
	crm_buf_reset(&c->notes);
	crm_buf_reset(&c->msg);
	c->nmsg = 0;
	c->nwrite = c->nbad = c->norgs = 0;
}

static void
ctx_release(struct ctx *c)
{
	crm_buf_release(&c->notes);
	crm_buf_release(&c->msg);
	crm_buf_release(&c->tmp);
	crm_strset_free(c->emails);
	crm_strset_free(c->neworgs);
	free(c->pending_org);
}

static void
emit_notes(struct ctx *c)
{
	char *p, *nl;

	if (!c->o->note || !c->notes.len)
		return;
	for (p = c->notes.buf; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		*nl = '\0';
		c->o->note(p, c->o->arg);
	}
}

/* Adds "add contact 3f9a0c7d" to the commit message (ids, never names). */
static void
log_change(struct ctx *c, const char *verb, enum crm_kind k, const char *id)
{
	if (c->nmsg++ < 3)
		crm_buf_addf(&c->msg, "%s%s %s %.8s", c->nmsg > 1 ? ", " : "",
			     verb, crm_kind_name(k), id);
}

static void
set_message(struct ctx *c, const char *verb, enum crm_kind k)
{
	if (c->nmsg > 3)
		crm_txn_message(c->txn, "%s %zu records", verb, c->nmsg);
	else
		crm_txn_message(c->txn, "%s", crm_buf_str(&c->msg));
	(void)k;
}

/*
 * A bad record of an import: reported at once.  Unless bad records are
 * skipped, nothing more is written (the transaction will be dropped) but
 * the rest is still checked, so that every bad record is listed.
 */
static int
bad_row(struct ctx *c, int rc)
{
	if (c->o->bad)
		c->o->bad(crm_err_msg(), c->o->arg);
	c->nbad++;
	if (!c->o->skip_bad)
		c->validating = 1;
	return rc;
}

/* ---- edits ---- */

/* Whether the edits set field key. */
static int
edits_field(const struct crm_add_opts *o, const char *key)
{
	size_t i;

	for (i = 0; i < o->nedits; i++)
		if (o->edits[i].key && strcmp(o->edits[i].key, key) == 0)
			return 1;
	return 0;
}

static int
apply_edits(struct ctx *c, struct crm_record *r, const char *where)
{
	enum crm_kind k = crm_record_kind(r);
	size_t i;
	int p, t;

	for (i = 0; i < c->o->nedits; i++) {
		const struct crm_edit *e = &c->o->edits[i];

		if (strcmp(e->opt, "--set") != 0 && !crm_schema_field(k, e->key))
			return crm_err_set(CRM_EUSAGE, "%s does not apply to a%s %s",
					   e->opt, k == CRM_ORG ? "n" : "",
					   crm_kind_name(k));
		if (strcmp(e->key, "id") == 0)
			return crm_err_set(CRM_EUSAGE, "%s: the id cannot change",
					   e->opt);
		t = crm_config_type(c->cfg, k, e->key);
		switch (e->op) {
		case CRM_EDIT_SET:
			if (!e->value || !*e->value) {
				crm_record_unset(r, e->key);
				break;
			}
			if (t == CRM_T_LIST) {
				const char *v = e->value, *comma;

				crm_record_unset(r, e->key);
				crm_record_set_list(r, e->key);
				for (; ; v = comma + 1) {
					comma = strchr(v, ',');
					crm_buf_reset(&c->tmp);
					crm_buf_add(&c->tmp, v, comma ?
						    (size_t)(comma - v) : strlen(v));
					if (c->tmp.len)
						crm_record_add(r, e->key, c->tmp.buf, 0);
					if (!comma)
						break;
				}
				break;
			}
			if (t >= 0) {
				/*
				 * References are resolved, typed values
				 * checked (money in the record's currency)
				 * when the record is complete.
				 */
				crm_record_set(r, e->key, e->value, 0);
				if (k == CRM_DEAL && strcmp(e->key, "stage") == 0 &&
				    !edits_field(c->o, "probability"))
					crm_record_unset(r, "probability");
				break;
			}
			p = crm_value_coerce(&c->tmp, c->cfg, k, e->key, e->value);
			if (p < 0)
				return p;
			crm_record_set(r, e->key, c->tmp.buf, p);
			break;
		case CRM_EDIT_ADD:
			if (t >= 0 && t != CRM_T_LIST)
				return crm_err_set(CRM_EUSAGE,
						   "%s: field '%s' is not a list",
						   e->opt, e->key);
			crm_record_add(r, e->key, e->value, 0);
			break;
		case CRM_EDIT_DEL:
			crm_record_remove(r, e->key, e->value);
			break;
		}
	}
	(void)where;
	return 0;
}

/* ---- references between records ---- */

static int
create_org(struct ctx *c, char id[CRM_ID_LEN + 1], const char *name,
	   const char *where)
{
	struct crm_record *org = crm_record_new(CRM_ORG);
	struct crm_buf path = CRM_BUF_INIT, yaml = CRM_BUF_INIT;
	int rc;

	if ((rc = crm_id_new(id)) < 0)
		goto out;
	crm_record_set(org, "id", id, 0);
	crm_record_set(org, "name", name, 0);
	crm_record_set(org, "created", c->now, 1);
	crm_record_set(org, "updated", c->now, 1);
	if ((rc = crm_record_check(org, c->cfg, where)) < 0)
		goto out;
	crm_record_path(&path, CRM_ORG, id);
	if ((rc = crm_yaml_write(&yaml, org, 0)) < 0 ||
	    (rc = crm_txn_put_record(c->txn, path.buf, yaml.buf, yaml.len, org)) < 0)
		goto out;
	log_change(c, "add", CRM_ORG, id);
	if (!c->emails)	/* imports sum them up instead */
		crm_buf_addf(&c->notes, "created org %s (%s)\n", id, name);
	c->nwrite++;
	c->norgs++;
out:
	crm_record_free(org);
	crm_buf_release(&path);
	crm_buf_release(&yaml);
	return rc;
}

/*
 * Replaces the reference in field key by the id it names.  An unknown
 * organisation name creates the organisation (or, while validating an
 * import, is counted once).
 */
static int
resolve_field(struct ctx *c, struct crm_record *r, const char *key,
	      enum crm_kind want, int create, const char *where)
{
	const char *v = crm_record_get(r, key);
	struct crm_match m;
	char id[CRM_ID_LEN + 1];
	int rc;

	if (!v)
		return 0;
	rc = crm_ref_resolve(&m, c->s, want, v);
	if (rc == 0) {
		crm_record_set(r, key, m.id, 0);
		free(m.label);
		return 0;
	}
	if (rc != CRM_ENOTFOUND || !create || crm_id_valid(v))
		return crm_err_set(rc, "%s: field '%s': %s", where, key,
				   crm_err_msg());
	/*
	 * A new organisation: created once the record proves valid, so a
	 * bad record leaves nothing behind.  A stand-in id lets it
	 * validate meanwhile.
	 */
	free(c->pending_org);
	c->pending_org = crm_xstrdup(v);
	crm_record_set(r, key, "0000000000000000", 0);
	(void)id;
	return 0;
}

/* Creates the organisation resolve_field left pending, and links it. */
static int
create_pending_org(struct ctx *c, struct crm_record *r, const char *where)
{
	char id[CRM_ID_LEN + 1];
	int rc;

	if (!c->pending_org)
		return 0;
	if (c->validating) {
		crm_buf_reset(&c->tmp);
		crm_text_fold(&c->tmp, c->pending_org);
		if (crm_strset_add(c->neworgs, c->tmp.buf))
			c->nwrite++;
		rc = 0;
	} else if ((rc = create_org(c, id, c->pending_org, where)) == 0) {
		crm_record_set(r, "org", id, 0);
	}
	free(c->pending_org);
	c->pending_org = NULL;
	return rc;
}

static int
resolve_refs(struct ctx *c, struct crm_record *r, const char *where)
{
	enum crm_kind k = crm_record_kind(r);
	int rc = 0;

	if (k == CRM_CONTACT)
		rc = resolve_field(c, r, "org", CRM_ORG, 1, where);
	if (k == CRM_DEAL) {
		if ((rc = resolve_field(c, r, "contact", CRM_CONTACT, 0, where)) < 0 ||
		    (rc = resolve_field(c, r, "org", CRM_ORG, 1, where)) < 0)
			return rc;
	}
	return rc;
}

static int read_record(struct crm_record **out, struct ctx *c,
		       enum crm_kind k, const char *id);

/* Deals: default stage, probability, currency and organisation. */
static int
deal_defaults(struct ctx *c, struct crm_record *r)
{
	const char *stage = crm_record_get(r, "stage");
	const char *contact = crm_record_get(r, "contact");
	struct crm_record *cr = NULL;
	char pr[16];
	int p;

	if (crm_record_kind(r) != CRM_DEAL)
		return 0;
	if (!stage && crm_config_nstages(c->cfg)) {
		stage = crm_config_stage(c->cfg, 0);
		crm_record_set(r, "stage", stage, 0);
	}
	if (stage && !crm_record_get(r, "probability") &&
	    (p = crm_config_probability(c->cfg, stage)) >= 0) {
		snprintf(pr, sizeof(pr), "%d", p);
		crm_record_set(r, "probability", pr, 1);
	}
	if (crm_record_get(r, "amount") && !crm_record_get(r, "currency"))
		crm_record_set(r, "currency", crm_config_currency(c->cfg), 0);
	if (contact && !crm_record_get(r, "org") && crm_id_valid(contact) &&
	    strcmp(contact, "0000000000000000") != 0) {
		/* the deal is with the contact's organisation */
		if (read_record(&cr, c, CRM_CONTACT, contact) == 0 &&
		    crm_record_get(cr, "org"))
			crm_record_set(r, "org", crm_record_get(cr, "org"), 0);
		crm_err_clear();
		crm_record_free(cr);
	}
	return 0;
}

/* Refuses an email another contact has (in the store or this import). */
static int
check_emails(struct ctx *c, struct crm_record *r, const char *where,
	     int creating)
{
	struct crm_match *m = NULL;
	long i = crm_record_find(r, "email");
	size_t j, n = 0;
	int rc = 0;

	if (crm_record_kind(r) != CRM_CONTACT || i < 0)
		return 0;
	for (j = 0; j < crm_record_nvalues(r, (size_t)i) && rc == 0; j++) {
		const char *e = crm_record_value(r, (size_t)i, j);

		if (c->emails) {
			crm_buf_reset(&c->tmp);
			crm_buf_adds(&c->tmp, "e:");
			crm_text_fold(&c->tmp, e);
			if (crm_strset_has(c->emails, c->tmp.buf)) {
				rc = crm_err_set(CRM_EEXISTS,
						 "%s: field 'email': %s appears twice in this import",
						 where, e);
				break;
			}
		}
		if ((rc = crm_index_by_email(&m, &n, c->s, e,
					     crm_record_id(r))) < 0)
			break;
		if (n)
			rc = crm_err_set(CRM_EEXISTS,
					 "%s: field 'email': %s is already the email of contact %s (%s)%s",
					 where, e, m[0].id, m[0].label,
					 c->o->upsert || !creating ? "" :
					 "; use --upsert to update it");
		crm_matches_free(m, n);
		if (rc == 0 && c->emails)
			crm_strset_add(c->emails, c->tmp.buf);
	}
	return rc;
}

/*
 * Refuses a second organisation of the same name: names are how people
 * refer to organisations (--org Acme), so they must stay unique.
 */
static int
check_org_name(struct ctx *c, struct crm_record *r, const char *where,
	       int creating)
{
	const char *name = crm_record_get(r, "name");
	struct crm_match *m = NULL;
	size_t n = 0;
	int rc;

	if (crm_record_kind(r) != CRM_ORG || !name)
		return 0;
	if (c->emails) {
		crm_buf_reset(&c->tmp);
		crm_buf_adds(&c->tmp, "o:");
		crm_text_fold(&c->tmp, name);
		if (crm_strset_has(c->emails, c->tmp.buf))
			return crm_err_set(CRM_EEXISTS,
					   "%s: field 'name': %s appears twice in this import",
					   where, name);
	}
	if ((rc = crm_index_by_org_name(&m, &n, c->s, name,
					crm_record_id(r))) < 0)
		return rc;
	if (n)
		rc = crm_err_set(CRM_EEXISTS,
				 "%s: field 'name': org %s is already named %s%s",
				 where, m[0].id, m[0].label,
				 c->o->upsert || !creating ? "" :
				 "; use --upsert to update it");
	crm_matches_free(m, n);
	if (rc == 0 && c->emails)
		crm_strset_add(c->emails, c->tmp.buf);
	return rc;
}

/*
 * The record r would duplicate, for --upsert: the contact that has one
 * of its emails, or the organisation of the same name.
 */
static int
find_existing(char id[CRM_ID_LEN + 1], struct ctx *c, const struct crm_record *r)
{
	struct crm_match *m = NULL;
	long i = crm_record_find(r, "email");
	size_t j, n = 0;
	int rc;

	id[0] = '\0';
	if (crm_record_kind(r) == CRM_ORG && crm_record_get(r, "name")) {
		rc = crm_index_by_org_name(&m, &n, c->s, crm_record_get(r, "name"),
					   NULL);
		if (rc == 0 && n)
			snprintf(id, CRM_ID_LEN + 1, "%s", m[0].id);
		crm_matches_free(m, n);
		return rc;
	}
	if (crm_record_kind(r) != CRM_CONTACT || i < 0)
		return 0;
	for (j = 0; j < crm_record_nvalues(r, (size_t)i); j++) {
		rc = crm_index_by_email(&m, &n, c->s,
					crm_record_value(r, (size_t)i, j), NULL);
		if (rc < 0)
			return rc;
		if (n)
			snprintf(id, CRM_ID_LEN + 1, "%s", m[0].id);
		crm_matches_free(m, n);
		if (id[0])
			return 0;
	}
	return 0;
}

static int
read_record(struct crm_record **out, struct ctx *c, enum crm_kind k,
	    const char *id)
{
	struct crm_buf path = CRM_BUF_INIT, data = CRM_BUF_INIT;
	int rc;

	*out = NULL;
	crm_record_path(&path, k, id);
	if ((rc = crm_txn_read(&data, c->txn, path.buf)) == 0)
		rc = crm_yaml_parse(out, data.buf, data.len, k, path.buf);
	crm_buf_release(&path);
	crm_buf_release(&data);
	return rc;
}

/* The YAML of r without its "updated" stamp, to tell real changes. */
static void
content_of(struct crm_buf *out, const struct crm_record *r)
{
	struct crm_record *d = crm_record_dup(r);

	crm_record_unset(d, "updated");
	crm_record_sort(d);
	crm_buf_reset(out);
	crm_yaml_write(out, d, 0);
	crm_record_free(d);
}

/*
 * Validates r and, unless validating, writes it.  old is the stored
 * version (NULL for a new record): an unchanged record is not written.
 * *wrote says whether it was (or would be) written.
 */
static int
finish_record(struct ctx *c, struct crm_record *r, const struct crm_record *old,
	      const char *where, int *wrote)
{
	struct crm_buf a = CRM_BUF_INIT, b = CRM_BUF_INIT, path = CRM_BUF_INIT;
	int rc;

	*wrote = 0;
	free(c->pending_org);
	c->pending_org = NULL;
	crm_record_normalise(r, old, crm_config_country(c->cfg));
	if ((rc = resolve_refs(c, r, where)) < 0 ||
	    (rc = deal_defaults(c, r)) < 0)
		goto out;
	if (!crm_record_get(r, "created"))
		crm_record_set(r, "created", old && crm_record_get(old, "created") ?
			       crm_record_get(old, "created") : c->now, 1);
	if (!old && !crm_record_get(r, "updated"))
		crm_record_set(r, "updated", c->now, 1);
	if ((rc = crm_record_check(r, c->cfg, where)) < 0) {
		struct crm_record *o2;

		/* A fault the stored file had already: say which file. */
		if (!old)
			goto out;
		crm_buf_reset(&a);
		crm_buf_addf(&a, "%s", crm_err_msg());
		crm_record_path(&path, crm_record_kind(old), crm_record_id(old));
		o2 = crm_record_dup(old);
		if (crm_record_check(o2, c->cfg, path.buf) == 0)
			rc = crm_err_set(rc, "%s", a.buf);
		crm_record_free(o2);
		goto out;
	}
	if ((rc = check_emails(c, r, where, !old)) < 0 ||
	    (rc = check_org_name(c, r, where, !old)) < 0 ||
	    (rc = create_pending_org(c, r, where)) < 0)
		goto out;
	if (old) {
		content_of(&a, old);
		content_of(&b, r);
		if (strcmp(crm_buf_str(&a), crm_buf_str(&b)) == 0)
			goto out;	/* nothing changed */
		crm_record_set(r, "updated", c->now, 1);
		crm_record_sort(r);
	}
	*wrote = 1;
	if (c->validating)
		goto out;
	crm_buf_reset(&b);
	crm_buf_reset(&path);
	crm_record_path(&path, crm_record_kind(r), crm_record_id(r));
	if ((rc = crm_yaml_write(&b, r, 0)) < 0 ||
	    (rc = crm_txn_put_record(c->txn, path.buf, b.buf, b.len, r)) < 0)
		goto out;
	log_change(c, old ? "update" : "add", crm_record_kind(r), crm_record_id(r));
out:
	free(c->pending_org);
	c->pending_org = NULL;
	crm_buf_release(&a);
	crm_buf_release(&b);
	crm_buf_release(&path);
	return rc;
}

/* ---- one record from the command line ---- */

struct create_arg {
	struct ctx c;
	char id[CRM_ID_LEN + 1];
	struct crm_record *out;
};

static int
create_fn(struct crm_txn *txn, void *arg)
{
	struct create_arg *a = arg;
	struct ctx *c = &a->c;
	struct crm_record *r = crm_record_new(c->o->kind), *old = NULL;
	char id[CRM_ID_LEN + 1];
	int rc, wrote;

	ctx_reset(c, txn);
	crm_record_free(a->out);
	a->out = NULL;
	crm_record_set(r, "id", a->id, 0);
	if ((rc = apply_edits(c, r, "command line")) < 0)
		goto out;
	if (c->o->upsert) {
		if ((rc = find_existing(id, c, r)) < 0)
			goto out;
		if (id[0]) {
			/* --upsert: the edits go to the existing record. */
			crm_record_free(r);
			r = NULL;
			if ((rc = read_record(&old, c, c->o->kind, id)) < 0)
				goto out;
			r = crm_record_dup(old);
			if ((rc = apply_edits(c, r, "command line")) < 0)
				goto out;
		}
	}
	if ((rc = finish_record(c, r, old, "command line", &wrote)) < 0)
		goto out;
	set_message(c, "add", c->o->kind);
	a->out = r;
	r = NULL;
out:
	crm_record_free(r);
	crm_record_free(old);
	return rc;
}

int
crm_add_create(struct crm_record **out, struct crm_store *s,
	       const struct crm_add_opts *o)
{
	struct create_arg a;
	int rc;

	*out = NULL;
	memset(&a, 0, sizeof(a));
	ctx_init(&a.c, s, o);
	if ((rc = crm_id_new(a.id)) < 0)
		return rc;
	rc = crm_store_write(s, create_fn, &a);
	if (rc == 0) {
		emit_notes(&a.c);
		*out = a.out;
	} else {
		crm_record_free(a.out);
	}
	ctx_release(&a.c);
	return rc;
}

/* ---- edits to existing records ---- */

struct update_arg {
	struct ctx c;
	char *const *refs;
	size_t nrefs;
	struct crm_record **out;
	size_t nout;
};

static void
free_records(struct crm_record **r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		crm_record_free(r[i]);
	free(r);
}

static int
update_fn(struct crm_txn *txn, void *arg)
{
	struct update_arg *a = arg;
	struct ctx *c = &a->c;
	struct crm_record *old = NULL, *r = NULL;
	struct crm_match m;
	size_t i;
	int rc = 0, wrote;

	ctx_reset(c, txn);
	free_records(a->out, a->nout);
	a->out = NULL;
	a->nout = 0;
	for (i = 0; i < a->nrefs && rc == 0; i++) {
		if ((rc = crm_ref_resolve(&m, c->s, -1, a->refs[i])) < 0)
			break;
		if (m.kind == CRM_LOG) {
			free(m.label);
			rc = crm_err_set(CRM_EUSAGE,
					 "%s is an interaction: crm-log changes those",
					 a->refs[i]);
			break;
		}
		rc = read_record(&old, c, m.kind, m.id);
		free(m.label);
		if (rc < 0)
			break;
		r = crm_record_dup(old);
		if ((rc = apply_edits(c, r, "command line")) == 0 &&
		    (rc = finish_record(c, r, old, "command line", &wrote)) == 0) {
			a->out = crm_xrealloc(a->out, (a->nout + 1) * sizeof(*a->out));
			a->out[a->nout++] = r;
			r = NULL;
		}
		crm_record_free(r);
		crm_record_free(old);
		r = old = NULL;
	}
	if (rc == 0)
		set_message(c, "update", CRM_CONTACT);
	return rc;
}

int
crm_add_update(struct crm_record ***out, size_t *nout, struct crm_store *s,
	       char *const *refs, size_t nrefs, const struct crm_add_opts *o)
{
	struct update_arg a;
	int rc;

	memset(&a, 0, sizeof(a));
	ctx_init(&a.c, s, o);
	a.refs = refs;
	a.nrefs = nrefs;
	rc = crm_store_write(s, update_fn, &a);
	if (rc == 0)
		emit_notes(&a.c);
	if (rc == 0 && out) {
		*out = a.out;
		*nout = a.nout;
	} else {
		free_records(a.out, a.nout);
		if (out) {
			*out = NULL;
			*nout = 0;
		}
	}
	ctx_release(&a.c);
	return rc;
}

/* ---- bulk imports ---- */

struct import_arg {
	struct ctx c;
	struct crm_input *in;
	int replace;
	struct crm_buf *ids;
	size_t written;
};

/* One record of an import: checks it, and writes it unless validating. */
static int
import_record(struct import_arg *a, struct crm_record *r, long line)
{
	struct ctx *c = &a->c;
	struct crm_record *old = NULL, *merged = NULL;
	struct crm_buf where = CRM_BUF_INIT;
	const char *id = crm_record_id(r);
	char found[CRM_ID_LEN + 1], nid[CRM_ID_LEN + 1];
	int rc = 0, wrote = 0, kind;

	crm_buf_addf(&where, "%s:%ld", crm_input_name(a->in), line);
	if (a->replace) {
		if (!id) {
			rc = crm_err_set(CRM_EDATA, "%s: field 'id' is missing",
					 where.buf);
			goto out;
		}
		if (!crm_id_valid(id)) {
			rc = crm_err_set(CRM_EDATA,
					 "%s: field 'id': '%s' is not a record id",
					 where.buf, id);
			goto out;
		}
		if ((kind = crm_index_kind(c->s, id)) < 0) {
			rc = kind == CRM_ENOTFOUND ?
			     crm_err_set(CRM_ENOTFOUND, "%s: record '%s' not found",
					 where.buf, id) : kind;
			goto out;
		}
		if (kind == CRM_LOG) {
			rc = crm_err_set(CRM_EDATA,
					 "%s: %s is an interaction: crm-log changes those",
					 where.buf, id);
			goto out;
		}
		crm_record_set_kind(r, kind);
		if ((rc = read_record(&old, c, kind, id)) < 0)
			goto out;
		if (!crm_record_get(r, "updated") && crm_record_get(old, "updated"))
			crm_record_set(r, "updated", crm_record_get(old, "updated"), 1);
		rc = finish_record(c, r, old, where.buf, &wrote);
		goto out;
	}
	if (id) {
		if (!crm_id_valid(id)) {
			rc = crm_err_set(CRM_EDATA,
					 "%s: field 'id': '%s' is not a record id",
					 where.buf, id);
			goto out;
		}
		kind = crm_index_kind(c->s, id);
		if (kind >= 0) {
			rc = crm_err_set(CRM_EEXISTS,
					 "%s: %s %s exists already; crm-add --update - replaces records",
					 where.buf, crm_kind_name(kind), id);
			goto out;
		}
		if (kind != CRM_ENOTFOUND) {
			rc = kind;
			goto out;
		}
	} else {
		if ((rc = crm_id_new(nid)) < 0)
			goto out;
		crm_record_set(r, "id", nid, 0);
	}
	if (c->o->upsert) {
		if ((rc = find_existing(found, c, r)) < 0)
			goto out;
		if (found[0]) {
			size_t i, j;

			if ((rc = read_record(&old, c, crm_record_kind(r), found)) < 0)
				goto out;
			/* The import's fields win; lists gain its values. */
			merged = crm_record_dup(old);
			for (i = 0; i < crm_record_nfields(r); i++) {
				const char *k = crm_record_key(r, i);

				if (strcmp(k, "id") == 0 || strcmp(k, "created") == 0)
					continue;
				if (crm_record_is_list(r, i) ||
				    crm_config_type(c->cfg, crm_record_kind(r), k) ==
				    CRM_T_LIST) {
					for (j = 0; j < crm_record_nvalues(r, i); j++)
						crm_record_add(merged, k,
							       crm_record_value(r, i, j),
							       crm_record_plain(r, i, j));
				} else {
					crm_record_set(merged, k,
						       crm_record_value(r, i, 0),
						       crm_record_plain(r, i, 0));
				}
			}
			rc = finish_record(c, merged, old, where.buf, &wrote);
			if (wrote && !c->validating && a->ids)
				crm_buf_addf(a->ids, "%s\n", found);
			goto out;
		}
	}
	rc = finish_record(c, r, NULL, where.buf, &wrote);
out:
	if (rc == 0 && wrote) {
		c->nwrite++;
		if (!c->validating && a->ids && !merged)
			crm_buf_addf(a->ids, "%s\n", crm_record_id(r));
	}
	crm_record_free(old);
	crm_record_free(merged);
	crm_buf_release(&where);
	return rc;
}

/* Reads the whole input once; validating or writing. */
static int
import_pass(struct import_arg *a)
{
	struct ctx *c = &a->c;
	struct crm_record *r;
	long line;
	int rc;

	crm_strset_free(c->emails);
	c->emails = crm_strset_new();
	if ((rc = crm_input_rewind(a->in)) < 0)
		return rc;
	for (;;) {
		rc = crm_input_next(&r, &line, a->in, c->o->kind);
		if (rc == CRM_EIO || rc == CRM_EUSAGE)
			return rc;	/* a bad --map: no record is to blame */
		if (rc < 0) {
			bad_row(c, rc);
			if (line < 0)
				break;	/* a YAML syntax error ends the stream */
			continue;
		}
		if (!r)
			break;
		rc = import_record(a, r, line);
		crm_record_free(r);
		if (rc == CRM_EIO || rc == CRM_EBUSY || rc == CRM_EINTERNAL)
			return rc;
		if (rc < 0)
			bad_row(c, rc);
	}
	return 0;
}

/*
 * One pass over the input: every record is checked and written to the
 * pack as it comes; a bad record stops the writing (unless skipped) and
 * the transaction is dropped at the end, so nothing is written, but the
 * rest is still read to list every bad record.
 */
static int
import_fn(struct crm_txn *txn, void *arg)
{
	struct import_arg *a = arg;
	struct ctx *c = &a->c;
	int rc;

	ctx_reset(c, txn);
	crm_strset_free(c->neworgs);
	c->neworgs = crm_strset_new();
	c->validating = 0;
	a->written = 0;
	if (a->ids)
		crm_buf_reset(a->ids);
	if ((rc = crm_txn_bulk(txn)) < 0 || (rc = import_pass(a)) < 0)
		return rc;
	if (c->nbad && !c->o->skip_bad)
		return crm_err_set(CRM_EDATA, "%s: %zu bad record%s; nothing was written",
				   crm_input_name(a->in), c->nbad,
				   c->nbad == 1 ? "" : "s");
	a->written = c->nwrite - c->norgs;
	if (c->norgs)
		crm_buf_addf(&c->notes, "created %zu org%s named in %s\n", c->norgs,
			     c->norgs == 1 ? "" : "s", crm_input_name(a->in));
	if (c->nmsg <= 3)
		crm_txn_message(txn, "%s", crm_buf_str(&c->msg));
	else if (a->replace)
		crm_txn_message(txn, "update %zu records", c->nmsg);
	else if (c->norgs)
		crm_txn_message(txn, "import %zu %s, add %zu org%s",
				c->nmsg - c->norgs, crm_kind_dir(c->o->kind),
				c->norgs, c->norgs == 1 ? "" : "s");
	else
		crm_txn_message(txn, "import %zu %s", c->nmsg,
				crm_kind_dir(c->o->kind));
	return 0;
}

int
crm_add_import(size_t *written, struct crm_buf *ids, struct crm_store *s,
	       struct crm_input *in, int replace, const struct crm_add_opts *o)
{
	struct import_arg a;
	int rc;

	memset(&a, 0, sizeof(a));
	ctx_init(&a.c, s, o);
	a.in = in;
	a.replace = replace;
	a.ids = ids;
	rc = crm_store_write(s, import_fn, &a);
	if (rc == 0)
		emit_notes(&a.c);
	*written = rc == 0 ? a.written : 0;
	ctx_release(&a.c);
	return rc;
}

/* ---- tags from a computation (crm-segment --tag) ---- */

struct retag_arg {
	struct ctx c;
	const char *prefix;
	char *const *ids;
	char *const *labels;
	size_t n, changed;
};

static int
retag_fn(struct crm_txn *txn, void *arg)
{
	struct retag_arg *a = arg;
	struct ctx *c = &a->c;
	struct crm_buf want = CRM_BUF_INIT;
	size_t plen = strlen(a->prefix), i;
	int rc = 0, wrote;

	ctx_reset(c, txn);
	a->changed = 0;
	if (a->n > 1000 && (rc = crm_txn_bulk(txn)) < 0)
		return rc;
	for (i = 0; i < a->n && rc == 0; i++) {
		struct crm_record *old = NULL, *r;
		long f;
		size_t j;

		if ((rc = read_record(&old, c, CRM_CONTACT, a->ids[i])) < 0)
			break;
		r = crm_record_dup(old);
		/* drop this prefix's tags, then add the one computed */
		f = crm_record_find(r, "tags");
		for (j = f >= 0 ? crm_record_nvalues(r, (size_t)f) : 0; j-- > 0;) {
			const char *t = crm_record_value(r, (size_t)f, j);

			if (strncmp(t, a->prefix, plen) == 0 && t[plen] == ':') {
				char *copy = crm_xstrdup(t);

				crm_record_remove(r, "tags", copy);
				free(copy);
			}
		}
		if (a->labels[i]) {
			crm_buf_reset(&want);
			crm_buf_addf(&want, "%s:%s", a->prefix, a->labels[i]);
			crm_record_add(r, "tags", want.buf, 0);
		}
		f = crm_record_find(r, "tags");
		if (f >= 0 && crm_record_nvalues(r, (size_t)f) == 0)
			crm_record_unset(r, "tags");
		rc = finish_record(c, r, old, crm_record_id(old), &wrote);
		if (rc == 0 && wrote)
			a->changed++;
		crm_record_free(r);
		crm_record_free(old);
	}
	crm_buf_release(&want);
	if (rc == 0)
		crm_txn_message(txn, "tag %zu contacts %s:*", a->changed, a->prefix);
	return rc;
}

int
crm_add_retag(size_t *changed, struct crm_store *s, const char *prefix,
	      char *const *ids, char *const *labels, size_t n)
{
	struct crm_add_opts o;
	struct retag_arg a;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&a, 0, sizeof(a));
	o.kind = CRM_CONTACT;
	ctx_init(&a.c, s, &o);
	a.prefix = prefix;
	a.ids = ids;
	a.labels = labels;
	a.n = n;
	rc = crm_store_write(s, retag_fn, &a);
	*changed = rc == 0 ? a.changed : 0;
	ctx_release(&a.c);
	return rc;
}
