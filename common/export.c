/*
 * export.c: records out of the store in the forms the imports read back
 * (crm export): vCards for phones and mail programs, CSV for
 * spreadsheets, JSON Lines and YAML streams.  References are written as
 * what an import resolves: an organisation by its name, a deal's contact
 * by its email; so an export loads into another store as it is.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "internal.h"

struct run {
	const struct crm_export_opts *o;
	FILE *out;
	struct crm_buf b;
	struct crm_strset *seen;	/* CSV: the fields the records have */
	char **cols;			/* CSV: the header's fields, in order */
	size_t ncols;
	size_t n;
	int pass;			/* CSV: 0 finds the columns, 1 writes */
};

int
crm_export_format(const char *s)
{
	if (!strcmp(s, "vcf") || !strcmp(s, "vcard"))
		return CRM_EXPORT_VCF;
	if (!strcmp(s, "csv"))
		return CRM_EXPORT_CSV;
	if (!strcmp(s, "json") || !strcmp(s, "jsonl"))
		return CRM_EXPORT_JSON;
	if (!strcmp(s, "yaml"))
		return CRM_EXPORT_YAML;
	return crm_err_set(CRM_EUSAGE,
			   "export writes vcf, csv, json or yaml, not '%s'", s);
}

/* The record of a row, its references as names. */
static int
record_of(struct crm_record **out, const struct crm_row *row, int kind)
{
	int rc = crm_json_read(out, row->doc, strlen(row->doc), kind, "the index", 0);
	const char *ref = kind != CRM_ORG && row->values ? row->values[0] : NULL;

	if (rc < 0)
		return rc;
	if (kind == CRM_CONTACT || kind == CRM_DEAL) {
		if (ref && *ref && crm_record_get(*out, "org"))
			crm_record_set(*out, "org", ref, 0);
	}
	if (kind == CRM_DEAL && row->values && row->values[1] && *row->values[1] &&
	    crm_record_get(*out, "contact")) {
		/* the first of the contact's emails (0x1f between them) */
		const char *e = row->values[1], *us = strchr(e, 0x1f);
		char *first = crm_xstrndup(e, us ? (size_t)(us - e) : strlen(e));

		crm_record_set(*out, "contact", first, 0);
		free(first);
	}
	return 0;
}

static void
csv_cell(struct crm_buf *b, const struct crm_record *r, const char *k)
{
	long f = crm_record_find(r, k);
	struct crm_buf v = CRM_BUF_INIT;
	size_t j;

	if (f < 0)
		return;
	/* list values joined as crm-add's CSV import splits them */
	for (j = 0; j < crm_record_nvalues(r, (size_t)f); j++) {
		if (j)
			crm_buf_adds(&v, "; ");
		crm_buf_adds(&v, crm_record_value(r, (size_t)f, j));
	}
	crm_fmt_csv_escape(b, crm_buf_str(&v));
	crm_buf_release(&v);
}

static int
row_fn(const struct crm_row *row, void *arg)
{
	struct run *x = arg;
	struct crm_record *r = NULL;
	size_t i;
	int rc;

	if ((rc = record_of(&r, row, x->o->kind)) < 0)
		return rc;
	crm_buf_reset(&x->b);
	switch (x->o->format) {
	case CRM_EXPORT_VCF:
		crm_vcard_write(&x->b, r, crm_record_get(r, "org"), x->o->vcard);
		break;
	case CRM_EXPORT_JSON:
		crm_json_write(&x->b, r);
		if (!x->b.len || x->b.buf[x->b.len - 1] != '\n')
			crm_buf_addc(&x->b, '\n');
		break;
	case CRM_EXPORT_YAML:
		crm_buf_adds(&x->b, "---\n");
		if ((rc = crm_yaml_write(&x->b, r, 0)) < 0)
			goto out;
		break;
	case CRM_EXPORT_CSV:
		if (x->pass == 0) {
			for (i = 0; i < crm_record_nfields(r); i++)
				crm_strset_add(x->seen, crm_record_key(r, i));
			break;
		}
		for (i = 0; i < x->ncols; i++) {
			if (i)
				crm_buf_addc(&x->b, ',');
			csv_cell(&x->b, r, x->cols[i]);
		}
		crm_buf_adds(&x->b, "\r\n");
		break;
	}
	if (x->b.len && fwrite(x->b.buf, 1, x->b.len, x->out) != x->b.len)
		rc = crm_err_set(CRM_EIO, "cannot write the export: %s", strerror(errno));
	x->n++;
out:
	crm_record_free(r);
	return rc;
}

/* The header: the kind's fields in their order, then custom ones by name. */
static void
csv_columns(struct run *x, struct crm_store *s)
{
	const struct crm_field_def *d;
	char **known = NULL;
	size_t nknown = 0, i;

	for (d = crm_schema_fields(x->o->kind); d->name; d++)
		if (crm_strset_has(x->seen, d->name)) {
			x->cols = crm_xrealloc(x->cols, (x->ncols + 1) * sizeof(*x->cols));
			x->cols[x->ncols++] = crm_xstrdup(d->name);
		}
	if (crm_store_fields(&known, &nknown, s, x->o->kind) == 0)
		for (i = 0; i < nknown; i++)
			if (crm_strset_has(x->seen, known[i]) &&
			    !crm_schema_field(x->o->kind, known[i])) {
				x->cols = crm_xrealloc(x->cols, (x->ncols + 1) * sizeof(*x->cols));
				x->cols[x->ncols++] = crm_xstrdup(known[i]);
			}
	crm_err_clear();
	crm_refs_free(known, nknown);
}

int
crm_export(size_t *n, FILE *out, struct crm_store *s,
	   const struct crm_export_opts *o)
{
	struct crm_filter *f = NULL;
	struct crm_query q;
	struct run x;
	char **known = NULL;
	size_t nknown = 0, i;
	char *cols[2] = { "org.name", "contact.email" };
	int rc;

	*n = 0;
	if (o->format == CRM_EXPORT_VCF && o->kind != CRM_CONTACT)
		return crm_err_set(CRM_EUSAGE, "vCards hold contacts, not %ss",
				   crm_kind_name(o->kind));
	if (o->kind == CRM_LOG)
		return crm_err_set(CRM_EUSAGE,
				   "interactions are exported by crm-find -k log -f json (or yaml)");
	memset(&x, 0, sizeof(x));
	x.o = o;
	x.out = out;
	if ((rc = crm_store_fields(&known, &nknown, s, o->kind)) < 0 ||
	    (rc = crm_filter_parse(&f, o->filter ? o->filter : "", o->kind,
				   crm_store_config(s), known, crm_now())) < 0)
		goto out;
	memset(&q, 0, sizeof(q));
	q.kind = o->kind;
	q.filter = f;
	q.columns = cols;
	q.ncolumns = o->kind == CRM_DEAL ? 2 : o->kind == CRM_CONTACT ? 1 : 0;
	if (o->kind == CRM_ORG)
		q.columns = NULL;
	q.sort = o->kind == CRM_DEAL ? "title,id" : "name,id";
	q.limit = -1;
	q.ids = o->ids;
	q.nids = o->nids;
	q.restrict_ids = o->restrict_ids;
	if (o->format == CRM_EXPORT_CSV) {
		x.seen = crm_strset_new();
		if ((rc = crm_store_query(s, &q, row_fn, &x)) < 0)
			goto out;
		csv_columns(&x, s);
		x.pass = 1;
		x.n = 0;
		if (x.ncols) {
			crm_buf_reset(&x.b);
			for (i = 0; i < x.ncols; i++) {
				if (i)
					crm_buf_addc(&x.b, ',');
				crm_fmt_csv_escape(&x.b, x.cols[i]);
			}
			crm_buf_adds(&x.b, "\r\n");
			if (fwrite(x.b.buf, 1, x.b.len, out) != x.b.len) {
				rc = crm_err_set(CRM_EIO, "cannot write the export: %s", strerror(errno));
				goto out;
			}
		}
	}
	rc = crm_store_query(s, &q, row_fn, &x);
	*n = x.n;
out:
	crm_filter_free(f);
	crm_refs_free(known, nknown);
	crm_refs_free(x.cols, x.ncols);
	crm_strset_free(x.seen);
	crm_buf_release(&x.b);
	return rc;
}
