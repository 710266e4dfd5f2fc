/*
 * fsck.c: crm fsck, the store checked end to end: every file parses and
 * follows the schema, ids are unique and file names match them,
 * references resolve, journals are valid streams whose interactions sit
 * in the journal of their own day, the index reflects HEAD, and git's
 * own fsck finds the repository sound.  Each problem is reported as
 * "path[:line]: why"; --repair rebuilds the index and moves record files
 * that sit in the wrong folder, which needs no guess.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "crm.h"
#include "internal.h"

struct fsck {
	struct crm_store *s;
	const struct crm_config *cfg;
	void (*problem)(const char *msg, void *arg);
	void *arg;
	size_t nproblems;
	size_t counts[CRM_NKINDS];
	struct crm_map *ids;		/* id -> its file */
	struct crm_strset *kind[CRM_NKINDS];	/* the ids of each kind */
	/* references to check once every id is known: "path\x1fkind\x1fid" */
	char **refs;
	size_t nrefs;
	/* record files in the wrong folder: from, to */
	char **moves;
	size_t nmoves;
};

static void
report(struct fsck *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
report(struct fsck *f, const char *fmt, ...)
{
	struct crm_buf b = CRM_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	crm_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	f->nproblems++;
	if (f->problem)
		f->problem(b.buf, f->arg);
	crm_buf_release(&b);
}

static void
want_ref(struct fsck *f, const char *where, enum crm_kind k, const char *id)
{
	f->refs = crm_xrealloc(f->refs, (f->nrefs + 1) * sizeof(*f->refs));
	f->refs[f->nrefs++] = crm_xasprintf("%s\x1f%d\x1f%s", where, (int)k, id);
}

/* An id seen in path: unique across the store. */
static void
saw_id(struct fsck *f, enum crm_kind k, const char *id, const char *where)
{
	const char *first = crm_map_get(f->ids, id);

	if (first) {
		report(f, "%s: id %s is used already in %s", where, id, first);
		return;
	}
	crm_map_put(f->ids, id, where);
	crm_strset_add(f->kind[k], id);
	f->counts[k]++;
}

static void
record_refs(struct fsck *f, const struct crm_record *r, const char *where)
{
	static const struct {
		enum crm_kind of;
		const char *field;
		enum crm_kind to;
	} refs[] = {
		{ CRM_CONTACT, "org", CRM_ORG },
		{ CRM_DEAL, "contact", CRM_CONTACT },
		{ CRM_DEAL, "org", CRM_ORG },
		{ CRM_LOG, "contact", CRM_CONTACT },
		{ CRM_LOG, "deal", CRM_DEAL },
	};
	size_t i;
	const char *v;

	for (i = 0; i < sizeof(refs) / sizeof(*refs); i++)
		if (crm_record_kind(r) == refs[i].of &&
		    (v = crm_record_get(r, refs[i].field)) && *v)
			want_ref(f, where, refs[i].to, v);
}

/* contacts/ab/abcd....yaml and the like */
static void
check_record(struct fsck *f, enum crm_kind k, const char *path,
	     const char *data, size_t len)
{
	struct crm_record *r = NULL;
	struct crm_buf want = CRM_BUF_INIT;
	const char *base = strrchr(path, '/') + 1, *id;
	size_t blen = strlen(base);

	if (blen < 6 || strcmp(base + blen - 5, ".yaml")) {
		report(f, "%s: not a record file (NAME.yaml)", path);
		return;
	}
	if (crm_yaml_parse(&r, data, len, k, path) < 0) {
		report(f, "%s", crm_err_msg());
		crm_err_clear();
		return;
	}
	id = crm_record_id(r);
	if (!id || !crm_id_valid(id)) {
		report(f, "%s: field 'id': %s", path,
		       id ? "not a record id (16 hex digits)" : "missing");
		goto out;
	}
	if (strncmp(base, id, blen - 5) || strlen(id) != blen - 5) {
		report(f, "%s: field 'id': %s does not match the file's name", path, id);
		goto out;
	}
	crm_record_path(&want, k, id);
	if (strcmp(want.buf, path)) {
		report(f, "%s: belongs in %s", path, want.buf);
		f->moves = crm_xrealloc(f->moves, (f->nmoves + 2) * sizeof(*f->moves));
		f->moves[f->nmoves++] = crm_xstrdup(path);
		f->moves[f->nmoves++] = crm_buf_detach(&want);
	}
	saw_id(f, k, id, path);
	if (crm_record_check(r, f->cfg, path) < 0) {
		report(f, "%s", crm_err_msg());
		crm_err_clear();
		goto out;
	}
	record_refs(f, r, path);
out:
	crm_buf_release(&want);
	crm_record_free(r);
}

/* log/YYYY/MM/DD.yaml: a stream of interactions of that day. */
static void
check_journal(struct fsck *f, const char *path, const char *data, size_t len)
{
	struct crm_yaml_reader *y;
	struct crm_record *r;
	struct crm_buf want = CRM_BUF_INIT, where = CRM_BUF_INIT;
	int y4, m2, d2;
	char tail[8];
	long line;
	int rc;

	if (sscanf(path, "log/%4d/%2d/%2d.yam%1[l]", &y4, &m2, &d2, tail) != 4 ||
	    strlen(path) != strlen("log/2026/01/01.yaml")) {
		report(f, "%s: not a journal (log/YYYY/MM/DD.yaml)", path);
		return;
	}
	y = crm_yaml_reader_mem(data, len, path);
	for (;;) {
		rc = crm_yaml_read(&r, &line, y, CRM_LOG);
		if (rc < 0) {
			report(f, "%s", crm_err_msg());
			crm_err_clear();
			if (line < 0)
				break;
			continue;
		}
		if (!r)
			break;
		crm_buf_reset(&where);
		crm_buf_addf(&where, "%s:%ld", path, line);
		if (!crm_record_id(r) || !crm_id_valid(crm_record_id(r)))
			report(f, "%s: field 'id': %s", where.buf,
			       crm_record_id(r) ? "not a record id" : "missing");
		else
			saw_id(f, CRM_LOG, crm_record_id(r), where.buf);
		if (crm_record_check(r, f->cfg, where.buf) < 0) {
			report(f, "%s", crm_err_msg());
			crm_err_clear();
		} else {
			struct crm_time t;

			if (crm_date_parse(&t, crm_record_get(r, "at"), 0) == 0) {
				crm_buf_reset(&want);
				crm_log_path(&want, t.t);
				if (strcmp(want.buf, path))
					report(f, "%s: field 'at': %s belongs in %s",
					       where.buf, crm_record_get(r, "at"),
					       want.buf);
			}
			crm_err_clear();
			record_refs(f, r, where.buf);
		}
		crm_record_free(r);
	}
	crm_yaml_reader_free(y);
	crm_buf_release(&want);
	crm_buf_release(&where);
}

static int
on_file(const char *path, const char *data, size_t len, void *arg)
{
	struct fsck *f = arg;
	int k;

	if (!strcmp(path, ".gitattributes"))
		return 0;
	if (!strcmp(path, "crm.yaml")) {
		struct crm_config *c = crm_config_new();

		if (crm_config_parse(c, data, len, "crm.yaml") < 0) {
			report(f, "%s", crm_err_msg());
			crm_err_clear();
		}
		crm_config_free(c);
		return 0;
	}
	if (!strncmp(path, "log/", 4)) {
		check_journal(f, path, data, len);
		return 0;
	}
	if (!strncmp(path, "segments/", 9)) {
		struct crm_record *r = NULL;

		if (crm_yaml_parse(&r, data, len, CRM_CONTACT, path) < 0) {
			report(f, "%s", crm_err_msg());
			crm_err_clear();
		} else if (!crm_record_get(r, "filter")) {
			report(f, "%s: field 'filter' is missing", path);
		}
		crm_record_free(r);
		return 0;
	}
	for (k = 0; k < CRM_LOG; k++) {
		size_t n = strlen(crm_kind_dir(k));

		if (!strncmp(path, crm_kind_dir(k), n) && path[n] == '/') {
			check_record(f, k, path, data, len);
			return 0;
		}
	}
	report(f, "%s: not a file of a crm store", path);
	return 0;
}

/* git's own check of the objects and their links. */
static void
git_fsck(struct fsck *f)
{
	struct crm_buf cmd = CRM_BUF_INIT;
	char line[1024];
	FILE *p;
	int status;

	const char *q;

	/* the path single-quoted for the shell */
	crm_buf_adds(&cmd, "git --git-dir='");
	for (q = crm_store_path(f->s); *q; q++)
		if (*q == '\'')
			crm_buf_adds(&cmd, "'\\''");
		else
			crm_buf_addc(&cmd, *q);
	crm_buf_addc(&cmd, '\'');
	crm_buf_adds(&cmd, " fsck --strict --no-dangling --no-progress 2>&1");
	if (!(p = popen(cmd.buf, "r"))) {
		report(f, "cannot run git fsck: %s", strerror(errno));
		crm_buf_release(&cmd);
		return;
	}
	while (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = '\0';
		if (*line)
			report(f, "git fsck: %s", line);
	}
	status = pclose(p);
	if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 127)
		report(f, "git fsck: git is not installed, so the objects were not checked");
	else if (status != 0 && f->nproblems == 0)
		report(f, "git fsck: failed (exit %d)",
		       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	crm_buf_release(&cmd);
}

static int
move_fn(struct crm_txn *txn, void *arg)
{
	struct fsck *f = arg;
	struct crm_buf b = CRM_BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i + 1 < f->nmoves && rc == 0; i += 2) {
		crm_buf_reset(&b);
		if ((rc = crm_txn_read(&b, txn, f->moves[i])) < 0)
			break;
		if ((rc = crm_txn_put(txn, f->moves[i + 1], b.buf, b.len)) == 0)
			rc = crm_txn_remove(txn, f->moves[i]);
	}
	crm_txn_message(txn, "fsck: %zu record file%s moved to its folder",
			f->nmoves / 2, f->nmoves == 2 ? "" : "s");
	crm_buf_release(&b);
	return rc;
}

int
crm_fsck(size_t *problems, struct crm_store *s, int repair,
	 void (*problem)(const char *msg, void *arg), void *arg)
{
	struct fsck f;
	size_t i, k, n;
	int rc;

	memset(&f, 0, sizeof(f));
	f.s = s;
	f.cfg = crm_store_config(s);
	f.problem = problem;
	f.arg = arg;
	f.ids = crm_map_new();
	for (k = 0; k < CRM_NKINDS; k++)
		f.kind[k] = crm_strset_new();
	if ((rc = crm_store_walk(s, NULL, on_file, &f)) < 0) {
		/* an object HEAD needs is missing or broken: say so, go on */
		report(&f, "%s", crm_err_msg());
		crm_err_clear();
		rc = 0;
	}
	/* references, now that every id is known */
	for (i = 0; i < f.nrefs; i++) {
		char *where = f.refs[i], *a = strchr(where, 0x1f), *b;

		*a++ = '\0';
		b = strchr(a, 0x1f);
		*b++ = '\0';
		k = (size_t)atoi(a);
		if (!crm_strset_has(f.kind[k], b))
			report(&f, "%s: refers to %s %s, which is not in the store",
			       where, crm_kind_name((enum crm_kind)k), b);
	}
	/* the index: at HEAD, with the records there are */
	for (k = 0; k < CRM_NKINDS && rc == 0; k++) {
		if ((rc = crm_index_count(&n, s, (enum crm_kind)k)) < 0)
			break;
		if (n != f.counts[k] && !repair)
			report(&f, "the index holds %zu %s record%s where the store has %zu (crm fsck --repair rebuilds it)",
			       n, crm_kind_name((enum crm_kind)k), n == 1 ? "" : "s",
			       f.counts[k]);
	}
	if (rc < 0)
		goto out;
	git_fsck(&f);
	if (repair) {
		if (f.nmoves && (rc = crm_store_write(s, move_fn, &f)) < 0)
			goto out;
		rc = crm_store_reindex(s, &n);
	}
out:
	*problems = f.nproblems;
	crm_map_free(f.ids);
	for (k = 0; k < CRM_NKINDS; k++)
		crm_strset_free(f.kind[k]);
	for (i = 0; i < f.nrefs; i++)
		free(f.refs[i]);
	free(f.refs);
	for (i = 0; i < f.nmoves; i++)
		free(f.moves[i]);
	free(f.moves);
	return rc;
}
