/*
 * history.c: what the store's git history says of a record, or of the
 * store: every commit of the first-parent line (the store's own line, a
 * merge counted as one change) that changed the record's file, with the
 * fields that changed; for a contact, the interactions that came into
 * the journals or left them too.
 */
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "git.h"
#include "internal.h"

struct walk {
	const char *suffix;		/* appended to field names, or NULL */
	char **days;			/* the contact's journals */
	size_t ndays;
	struct crm_store *s;
	git_repository *repo;
	const char *path;		/* the record's file, or NULL */
	const char *contact;		/* its interactions too, or NULL */
	enum crm_kind kind;
	struct crm_version v;
	size_t alloc;
	struct crm_buf text;		/* the changes' strings */
	size_t *off;			/* per change: field, old, new offsets */
	int rc;
};

/* Adds a change; old or new NULL: none. */
static void
change(struct walk *w, const char *field, const char *old, const char *new)
{
	size_t *o;

	if (w->v.nchanges == w->alloc) {
		w->alloc = w->alloc ? 2 * w->alloc : 16;
		w->off = crm_xrealloc(w->off, 3 * w->alloc * sizeof(*w->off));
	}
	o = &w->off[3 * w->v.nchanges++];
	o[0] = w->text.len;
	crm_buf_adds(&w->text, field);
	if (w->suffix)
		crm_buf_adds(&w->text, w->suffix);
	crm_buf_addc(&w->text, '\0');
	o[1] = old ? w->text.len : (size_t)-1;
	if (old)
		crm_buf_add(&w->text, old, strlen(old) + 1);
	o[2] = new ? w->text.len : (size_t)-1;
	if (new)
		crm_buf_add(&w->text, new, strlen(new) + 1);
}

/* The values of field i of r joined by ", ". */
static void
joined(struct crm_buf *out, const struct crm_record *r, long i)
{
	size_t j;

	crm_buf_reset(out);
	if (i < 0)
		return;
	for (j = 0; j < crm_record_nvalues(r, (size_t)i); j++) {
		if (j)
			crm_buf_adds(out, ", ");
		crm_buf_adds(out, crm_record_value(r, (size_t)i, j));
	}
}

static int
has_value(const struct crm_record *r, long i, const char *v)
{
	size_t j;

	if (i < 0)
		return 0;
	for (j = 0; j < crm_record_nvalues(r, (size_t)i); j++)
		if (strcmp(crm_record_value(r, (size_t)i, j), v) == 0)
			return 1;
	return 0;
}

/*
 * The field changes from a to b (either may be NULL): scalars as old and
 * new; lists as the elements removed (old) and added (new).  "updated"
 * changes with every edit and says nothing the commit does not.
 */
static void
diff_records(struct walk *w, const struct crm_record *a,
	     const struct crm_record *b)
{
	struct crm_buf x = CRM_BUF_INIT, y = CRM_BUF_INIT;
	size_t i, j, pass;

	for (pass = 0; pass < 2; pass++) {
		/* pass 0: the fields of b, in its order; 1: those only in a */
		const struct crm_record *r = pass ? a : b;

		for (i = 0; r && i < crm_record_nfields(r); i++) {
			const char *k = crm_record_key(r, i);
			long ia = a ? crm_record_find(a, k) : -1;
			long ib = b ? crm_record_find(b, k) : -1;
			int list = crm_record_is_list(r, i);

			if (strcmp(k, "updated") == 0 || (pass && ib >= 0))
				continue;
			if (!list) {
				joined(&x, a, ia);
				joined(&y, b, ib);
				if (ia >= 0 && ib >= 0 && strcmp(x.buf, y.buf) == 0)
					continue;
				change(w, k, ia >= 0 ? x.buf : NULL,
				       ib >= 0 ? y.buf : NULL);
				continue;
			}
			crm_buf_reset(&x);
			crm_buf_reset(&y);
			for (j = 0; ia >= 0 && j < crm_record_nvalues(a, (size_t)ia); j++) {
				const char *v = crm_record_value(a, (size_t)ia, j);

				if (!has_value(b, ib, v))
					crm_buf_addf(&x, "%s%s", x.len ? ", " : "", v);
			}
			for (j = 0; ib >= 0 && j < crm_record_nvalues(b, (size_t)ib); j++) {
				const char *v = crm_record_value(b, (size_t)ib, j);

				if (!has_value(a, ia, v))
					crm_buf_addf(&y, "%s%s", y.len ? ", " : "", v);
			}
			if (x.len || y.len)
				change(w, k, x.len ? x.buf : NULL, y.len ? y.buf : NULL);
		}
	}
	crm_buf_release(&x);
	crm_buf_release(&y);
}

static struct crm_record *
parse_blob(struct walk *w, const git_oid *id, enum crm_kind k)
{
	struct crm_record *r = NULL;
	git_blob *b = NULL;

	if (git_blob_lookup(&b, w->repo, id) < 0)
		return NULL;
	if (crm_yaml_parse(&r, git_blob_rawcontent(b),
			   (size_t)git_blob_rawsize(b), k, w->path) < 0) {
		crm_err_clear();
		r = NULL;
	}
	git_blob_free(b);
	return r;
}

/*
 * Whether path differs between trees a and b (either may be NULL), level
 * by level: an equal subtree on the way ends the search without reading
 * further.  The blob ids at path go to ia and ib (*ha, *hb: whether
 * there is one).
 */
static int
path_changed(struct walk *w, git_tree *a, git_tree *b, const char *path,
	     git_oid *ia, int *ha, git_oid *ib, int *hb)
{
	char name[256];
	const char *p = path, *slash;
	git_tree *ta = a, *tb = b;
	int changed = 1;

	*ha = *hb = 0;
	for (;;) {
		const git_tree_entry *ea, *eb;
		size_t n;

		slash = strchr(p, '/');
		n = slash ? (size_t)(slash - p) : strlen(p);
		if (n >= sizeof(name))
			break;
		memcpy(name, p, n);
		name[n] = '\0';
		ea = ta ? git_tree_entry_byname(ta, name) : NULL;
		eb = tb ? git_tree_entry_byname(tb, name) : NULL;
		if (ea && eb && git_oid_equal(git_tree_entry_id(ea),
					      git_tree_entry_id(eb))) {
			changed = 0;
			break;
		}
		if (!slash) {
			if ((*ha = ea && git_tree_entry_type(ea) == GIT_OBJECT_BLOB))
				git_oid_cpy(ia, git_tree_entry_id(ea));
			if ((*hb = eb && git_tree_entry_type(eb) == GIT_OBJECT_BLOB))
				git_oid_cpy(ib, git_tree_entry_id(eb));
			changed = *ha || *hb;
			break;
		}
		{
			git_tree *na = NULL, *nb = NULL;

			if (ea && git_tree_entry_type(ea) == GIT_OBJECT_TREE)
				git_tree_lookup(&na, w->repo, git_tree_entry_id(ea));
			if (eb && git_tree_entry_type(eb) == GIT_OBJECT_TREE)
				git_tree_lookup(&nb, w->repo, git_tree_entry_id(eb));
			if (ta != a)
				git_tree_free(ta);
			if (tb != b)
				git_tree_free(tb);
			ta = na;
			tb = nb;
			if (!ta && !tb) {
				changed = 0;
				break;
			}
		}
		p = slash + 1;
	}
	if (ta != a)
		git_tree_free(ta);
	if (tb != b)
		git_tree_free(tb);
	return changed;
}

/* The name at depth (0: "log", 1: the year, ...) of a journal's path. */
static size_t
component(const char *path, int depth, const char **start)
{
	const char *p = path, *e;

	while (depth-- > 0 && (p = strchr(p, '/')))
		p++;
	if (!p) {
		*start = "";
		return 0;
	}
	e = strchr(p, '/');
	*start = p;
	return e ? (size_t)(e - p) : strlen(p);
}

static void journal_changes(struct walk *w, const git_oid *ia, int ha,
			    const git_oid *ib, int hb);

/*
 * The contact's journals days[lo, hi) (sorted) that differ between trees
 * a and b, their interactions compared: one walk down the log/ folder
 * for all of them, each subtree looked up once, an equal one left at
 * once.  1 when some changed.
 */
static int
days_changed(struct walk *w, git_tree *a, git_tree *b, size_t lo, size_t hi,
	     int depth)
{
	size_t i = lo, j;
	int changed = 0;

	while (i < hi) {
		const char *name;
		char buf[64];
		size_t n = component(w->days[i], depth, &name);
		const git_tree_entry *ea, *eb;
		int leaf = !strchr(name, '/');

		/* the run of days sharing this component */
		for (j = i + 1; j < hi; j++) {
			const char *other;

			if (component(w->days[j], depth, &other) != n ||
			    memcmp(other, name, n))
				break;
		}
		if (n == 0 || n >= sizeof(buf)) {
			i = j;
			continue;
		}
		memcpy(buf, name, n);
		buf[n] = '\0';
		ea = a ? git_tree_entry_byname(a, buf) : NULL;
		eb = b ? git_tree_entry_byname(b, buf) : NULL;
		if ((ea || eb) && !(ea && eb && git_oid_equal(git_tree_entry_id(ea),
							      git_tree_entry_id(eb)))) {
			if (leaf) {
				int ha = ea && git_tree_entry_type(ea) == GIT_OBJECT_BLOB;
				int hb = eb && git_tree_entry_type(eb) == GIT_OBJECT_BLOB;
				size_t before = w->v.nchanges;

				if (ha || hb) {
					journal_changes(w, ha ? git_tree_entry_id(ea) : NULL, ha,
							hb ? git_tree_entry_id(eb) : NULL, hb);
					changed |= w->v.nchanges > before;
				}
			} else {
				git_tree *na = NULL, *nb = NULL;

				if (ea && git_tree_entry_type(ea) == GIT_OBJECT_TREE)
					git_tree_lookup(&na, w->repo, git_tree_entry_id(ea));
				if (eb && git_tree_entry_type(eb) == GIT_OBJECT_TREE)
					git_tree_lookup(&nb, w->repo, git_tree_entry_id(eb));
				if (na || nb)
					changed |= days_changed(w, na, nb, i, j, depth + 1);
				git_tree_free(na);
				git_tree_free(nb);
			}
		}
		i = j;
	}
	return changed;
}

static int
by_path(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* One line of an interaction: "call 2026-01-05T10:00:00Z Summary". */
static void
describe(struct crm_buf *out, const struct crm_record *r)
{
	const char *type = crm_record_get(r, "type"), *at = crm_record_get(r, "at");
	const char *sum = crm_record_get(r, "summary");
	const char *amount = crm_record_get(r, "amount");

	crm_buf_reset(out);
	crm_buf_addf(out, "%s %s", type ? type : "?", at ? at : "?");
	if (amount)
		crm_buf_addf(out, " %s%s%s", amount,
			     crm_record_get(r, "currency") ? " " : "",
			     crm_record_get(r, "currency") ?
			     crm_record_get(r, "currency") : "");
	if (sum && *sum)
		crm_buf_addf(out, " %s", sum);
}

/* The contact's interactions of a journal blob, by id. */
static void
journal_of(struct crm_map *out, struct walk *w, const git_oid *id)
{
	struct crm_yaml_reader *y;
	struct crm_record *r;
	struct crm_buf d = CRM_BUF_INIT;
	git_blob *b = NULL;
	long line;

	if (git_blob_lookup(&b, w->repo, id) < 0)
		return;
	/* most journals hold nothing of the contact: skip them unread */
	if (!memmem(git_blob_rawcontent(b), (size_t)git_blob_rawsize(b),
		    w->contact, strlen(w->contact))) {
		git_blob_free(b);
		return;
	}
	y = crm_yaml_reader_mem(git_blob_rawcontent(b),
				(size_t)git_blob_rawsize(b), "journal");
	while (crm_yaml_read(&r, &line, y, CRM_LOG) == 0 && r) {
		const char *c = crm_record_get(r, "contact");
		const char *rid = crm_record_id(r);

		if (c && rid && strcmp(c, w->contact) == 0) {
			describe(&d, r);
			crm_map_put(out, rid, d.buf);
		}
		crm_record_free(r);
	}
	crm_err_clear();
	crm_yaml_reader_free(y);
	git_blob_free(b);
	crm_buf_release(&d);
}

struct jdiff {
	struct walk *w;
	struct crm_map *other;	/* the journal on the other side */
};

static void
came(const char *id, const char *text, void *arg)
{
	struct jdiff *j = arg;
	const char *was = crm_map_get(j->other, id);

	if (!was)
		change(j->w, "log", NULL, text);
	else if (strcmp(was, text))
		change(j->w, "log", was, text);
}

static void
left(const char *id, const char *text, void *arg)
{
	struct jdiff *j = arg;

	if (!crm_map_get(j->other, id))
		change(j->w, "log", text, NULL);
}

/* Interactions of the contact that came into or left a journal. */
static void
journal_changes(struct walk *w, const git_oid *ia, int ha, const git_oid *ib,
		int hb)
{
	struct crm_map *a = crm_map_new(), *b = crm_map_new();
	struct jdiff j = { w, a };

	if (ha)
		journal_of(a, w, ia);
	if (hb)
		journal_of(b, w, ib);
	crm_map_each(b, came, &j);
	j.other = b;
	crm_map_each(a, left, &j);	/* those only before */
	crm_map_free(a);
	crm_map_free(b);
}

static int
on_day(const struct crm_row *row, void *arg)
{
	struct walk *w = arg;
	struct crm_time t;
	struct crm_buf p = CRM_BUF_INIT;
	size_t i;

	if (!row->values[0] || crm_date_parse(&t, row->values[0], 0) < 0) {
		crm_err_clear();
		return 0;
	}
	crm_log_path(&p, t.t);
	for (i = 0; i < w->ndays && strcmp(w->days[i], p.buf); i++)
		;
	if (i == w->ndays) {
		w->days = crm_xrealloc(w->days, (w->ndays + 1) * sizeof(*w->days));
		w->days[w->ndays++] = crm_buf_detach(&p);
	}
	crm_buf_release(&p);
	return 0;
}

/* The journals that hold the contact's interactions, from the index. */
static int
contact_days(struct walk *w)
{
	static char *cols[] = { "at", NULL };
	int rc = crm_store_named_by(w->s, CRM_LOG, "contact", w->contact, cols, 1,
				    NULL, 0, on_day, w);

	/* sorted, for one walk down the folders (days_changed) */
	if (rc == 0 && w->ndays > 1)
		qsort(w->days, w->ndays, sizeof(*w->days), by_path);
	return rc;
}

/* The first line of a commit message. */
static void
summary_of(struct crm_buf *out, const char *msg)
{
	const char *nl = strchr(msg, '\n');

	crm_buf_reset(out);
	crm_buf_add(out, msg, nl ? (size_t)(nl - msg) : strlen(msg));
}

/* For the store's history: per folder, the files added, changed, removed. */
struct touched {
	const char *dir[CRM_NKINDS + 1];
	size_t n[CRM_NKINDS + 1][3];
};

static int
on_touched(const git_diff_delta *d, float progress, void *payload)
{
	struct touched *t = payload;
	const char *p = d->status == GIT_DELTA_DELETED ? d->old_file.path :
			d->new_file.path;
	size_t k, len;

	(void)progress;
	for (k = 0; k < CRM_NKINDS; k++) {
		len = strlen(t->dir[k]);
		if (strncmp(p, t->dir[k], len) == 0 && p[len] == '/')
			break;
	}
	t->n[k][d->status == GIT_DELTA_ADDED ? 0 :
		d->status == GIT_DELTA_DELETED ? 2 : 1]++;
	return 0;
}

static void
store_changes(struct walk *w, git_tree *before, git_tree *after)
{
	struct touched t;
	git_diff *diff = NULL;
	git_diff_options o;
	struct crm_buf b = CRM_BUF_INIT;
	size_t k;

	memset(&t, 0, sizeof(t));
	for (k = 0; k < CRM_NKINDS; k++)
		t.dir[k] = crm_kind_dir(k);
	t.dir[CRM_NKINDS] = "";
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	if (git_diff_tree_to_tree(&diff, w->repo, before, after, &o) < 0 ||
	    git_diff_foreach(diff, on_touched, NULL, NULL, NULL, &t) < 0) {
		crm_err_clear();
		git_diff_free(diff);
		return;
	}
	git_diff_free(diff);
	for (k = 0; k <= CRM_NKINDS; k++) {
		if (!t.n[k][0] && !t.n[k][1] && !t.n[k][2])
			continue;
		crm_buf_reset(&b);
		if (t.n[k][0])
			crm_buf_addf(&b, "+%zu", t.n[k][0]);
		if (t.n[k][1])
			crm_buf_addf(&b, "%s~%zu", b.len ? " " : "", t.n[k][1]);
		if (t.n[k][2])
			crm_buf_addf(&b, "%s-%zu", b.len ? " " : "", t.n[k][2]);
		change(w, k < CRM_NKINDS ? t.dir[k] : "other", NULL, b.buf);
	}
	crm_buf_release(&b);
}

int
crm_store_history(struct crm_store *s, enum crm_kind kind, const char *id,
		  long limit, int (*fn)(const struct crm_version *v, void *arg),
		  void *arg)
{
	struct walk w;
	struct crm_buf path = CRM_BUF_INIT, subj = CRM_BUF_INIT;
	struct crm_buf author = CRM_BUF_INIT;
	git_commit *c = NULL, *pc = NULL;
	git_tree *tree = NULL, *ptree = NULL;
	git_oid oid;
	const char **fields = NULL;
	long shown = 0;
	int rc;

	memset(&w, 0, sizeof(w));
	w.s = s;
	if ((rc = crm_store_git(&w.repo, s)) < 0 ||
	    (rc = crm_store_head_oid(s, &oid)) < 0)
		return rc;
	/*
	 * A walk reads thousands of trees, each hashed again by default to
	 * check it: git's own log does not, and crm fsck is the place for
	 * it.  The object cache kept small: a walk reads each tree twice at
	 * most, one after the other (90 MB peak at 10,000 commits, 61 MB).
	 * Trees up to 256 KB are cached (libgit2's default stops at 4 KB, so
	 * the contacts/ tree of 256 folders was parsed again for each side
	 * of each commit): 9 % fewer instructions at 10,000 commits.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)(16 << 20));
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE,
			 (size_t)(256 << 10));
	if (id) {
		crm_record_path(&path, kind, id);
		w.path = path.buf;
		w.kind = kind;
		if (kind == CRM_CONTACT) {
			w.contact = id;
			if ((rc = contact_days(&w)) < 0)
				goto out;
		}
	}
	while (!git_oid_is_zero(&oid) && (limit < 0 || shown < limit)) {
		const git_signature *sig;
		int changed = 0;

		if ((rc = git_commit_lookup(&c, w.repo, &oid)) < 0 ||
		    (!tree && (rc = git_commit_tree(&tree, c)) < 0)) {
			rc = crm_err_set(CRM_EIO, "cannot read the history");
			break;
		}
		pc = NULL;
		ptree = NULL;
		if (git_commit_parentcount(c) &&
		    (git_commit_lookup(&pc, w.repo, git_commit_parent_id(c, 0)) < 0 ||
		     git_commit_tree(&ptree, pc) < 0)) {
			rc = crm_err_set(CRM_EIO, "cannot read the history");
			break;
		}
		w.v.nchanges = 0;
		crm_buf_reset(&w.text);
		if (!w.path) {
			store_changes(&w, ptree, tree);
			changed = 1;
		} else {
			git_oid ia, ib;
			int ha, hb;

			/* the record's file, then the contact's journals */
			if (path_changed(&w, ptree, tree, w.path, &ia, &ha, &ib, &hb)) {
				struct crm_record *a = ha ? parse_blob(&w, &ia, kind) : NULL;
				struct crm_record *b = hb ? parse_blob(&w, &ib, kind) : NULL;

				diff_records(&w, a, b);
				crm_record_free(a);
				crm_record_free(b);
				changed = 1;
			}
			/*
			 * a merge (crm sync): what the other side had that the
			 * merge did not keep, beside what won
			 */
			if (git_commit_parentcount(c) > 1) {
				git_commit *oc = NULL;
				git_tree *ot = NULL;

				if (git_commit_lookup(&oc, w.repo,
						      git_commit_parent_id(c, 1)) == 0 &&
				    git_commit_tree(&ot, oc) == 0 &&
				    path_changed(&w, ot, tree, w.path, &ia, &ha, &ib, &hb) &&
				    ha && hb) {
					struct crm_record *a = parse_blob(&w, &ia, kind);
					struct crm_record *b = parse_blob(&w, &ib, kind);
					size_t before = w.v.nchanges;

					w.suffix = " (the other side)";
					diff_records(&w, a, b);
					w.suffix = NULL;
					changed |= w.v.nchanges > before;
					crm_record_free(a);
					crm_record_free(b);
				}
				crm_err_clear();
				git_tree_free(ot);
				git_commit_free(oc);
			}
			if (w.ndays && days_changed(&w, ptree, tree, 0, w.ndays, 0))
				changed = 1;
		}
		if (changed && w.v.nchanges) {
			size_t i;

			sig = git_commit_author(c);
			git_oid_tostr(w.v.commit, sizeof(w.v.commit), &oid);
			w.v.time = (int64_t)git_commit_time(c);
			crm_buf_reset(&author);
			crm_buf_addf(&author, "%s <%s>", sig->name, sig->email);
			w.v.author = author.buf;
			summary_of(&subj, git_commit_message(c));
			w.v.message = subj.buf;
			fields = crm_xrealloc(fields, 3 * w.v.nchanges * sizeof(*fields));
			for (i = 0; i < 3 * w.v.nchanges; i++)
				fields[i] = w.off[i] == (size_t)-1 ? NULL :
					    w.text.buf + w.off[i];
			w.v.changes = fields;
			shown++;
			if ((rc = fn(&w.v, arg)) != 0)
				break;
		}
		if (pc)
			git_oid_cpy(&oid, git_commit_id(pc));
		else
			memset(&oid, 0, sizeof(oid));
		/* the parent's tree is the next commit's */
		git_tree_free(tree);
		tree = ptree;
		ptree = NULL;
		git_commit_free(c);
		git_commit_free(pc);
		c = pc = NULL;
	}
out:
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(c);
	git_commit_free(pc);
	free(fields);
	while (w.ndays)
		free(w.days[--w.ndays]);
	free(w.days);
	free(w.off);
	crm_buf_release(&w.text);
	crm_buf_release(&path);
	crm_buf_release(&subj);
	crm_buf_release(&author);
	return rc;
}

/* ---- crm history: printing ---- */

struct print {
	const struct crm_cli *cli;
	enum crm_kind kind;
	struct crm_fmt *w;		/* machine formats */
	int text;			/* the log-like text */
	size_t n;
};

/* " +a +b" for "a, b". */
static void
list_marks(const char *mark, const char *joined_values)
{
	const char *p = joined_values, *e;

	while (p && *p) {
		e = strstr(p, ", ");
		printf(" %s%.*s", mark, (int)(e ? e - p : (long)strlen(p)), p);
		p = e ? e + 2 : NULL;
	}
}

static int
print_version(const struct crm_version *v, void *arg)
{
	struct print *p = arg;
	struct crm_buf when = CRM_BUF_INIT;
	struct crm_time t = { v->time, 0 };
	size_t i;
	int rc = 0;

	crm_date_format(&when, &t);
	if (p->text) {
		printf("%scommit %.12s\nDate:   %s\nAuthor: %s\n\n    %s\n",
		       p->n++ ? "\n" : "", v->commit, when.buf, v->author,
		       v->message);
		for (i = 0; i < v->nchanges; i++) {
			const char *f = v->changes[3 * i];
			const char *o = v->changes[3 * i + 1];
			const char *n = v->changes[3 * i + 2];

			if (strcmp(f, "log") == 0)
				printf("    log: %s %s%s%s\n", o && n ? "~" : n ? "+" : "-",
				       o && n ? o : n ? n : o, o && n ? " -> " : "",
				       o && n ? n : "");
			else if (crm_record_is_list_name(p->kind, f)) {
				/* tags: +vip -newsletter */
				printf("    %s:", f);
				list_marks("+", n);
				list_marks("-", o);
				printf("\n");
			} else if (o && n)
				printf("    %s: %s -> %s\n", f, o, n);
			else
				printf("    %s: %s%s\n", f, n ? "" : "(removed) ",
				       n ? n : o);
		}
	} else {
		for (i = 0; i < v->nchanges && rc == 0; i++) {
			const char *row[7] = { v->commit, when.buf, v->author,
					       v->message, v->changes[3 * i],
					       v->changes[3 * i + 1],
					       v->changes[3 * i + 2] };

			rc = crm_fmt_row(p->w, row);
		}
	}
	crm_buf_release(&when);
	return rc;
}

int
crm_cli_history(const struct crm_cli *cli, struct crm_store *s,
		const char *ref)
{
	static const char *const cols[] = { "commit", "date", "author", "message",
					    "field", "old", "new" };
	struct crm_match m;
	struct print p;
	enum crm_format f = crm_cli_format(cli);
	int rc;

	memset(&p, 0, sizeof(p));
	memset(&m, 0, sizeof(m));
	p.cli = cli;
	if (ref && (rc = crm_ref_resolve(&m, s, -1, ref)) < 0)
		return rc;
	p.text = f == CRM_FMT_TABLE;
	p.kind = ref ? m.kind : CRM_NKINDS;
	if (!p.text)
		p.w = crm_fmt_new(stdout, f, 7, cols, cli->header ||
				  f == CRM_FMT_CSV, 0);
	rc = crm_store_history(s, m.kind, ref ? m.id : NULL, cli->limit,
			       print_version, &p);
	if (p.w) {
		if (rc == 0)
			rc = crm_fmt_end(p.w);
		crm_fmt_free(p.w);
	}
	free(m.label);
	return rc;
}

/* ---- one commit's changes, for crm undo ---- */

static int
read_blob_text(char **out, size_t *len, git_repository *repo, const git_oid *id)
{
	git_blob *b = NULL;

	if (git_blob_lookup(&b, repo, id) < 0)
		return crm_err_set(CRM_EIO, "cannot read an object of the history");
	*len = (size_t)git_blob_rawsize(b);
	*out = crm_xmalloc(*len + 1);
	memcpy(*out, git_blob_rawcontent(b), *len);
	(*out)[*len] = '\0';
	git_blob_free(b);
	return 0;
}

struct collect {
	struct crm_commit_info *ci;
	git_repository *repo;
	size_t alloc;
	int rc;
};

static int
on_change(const git_diff_delta *d, float progress, void *payload)
{
	struct collect *c = payload;
	struct crm_commit_change *ch;

	(void)progress;
	if (c->ci->n == c->alloc) {
		c->alloc = c->alloc ? 2 * c->alloc : 16;
		c->ci->c = crm_xrealloc(c->ci->c, c->alloc * sizeof(*c->ci->c));
	}
	ch = &c->ci->c[c->ci->n++];
	memset(ch, 0, sizeof(*ch));
	ch->path = crm_xstrdup(d->status == GIT_DELTA_DELETED ? d->old_file.path :
			       d->new_file.path);
	if (d->status != GIT_DELTA_ADDED) {
		ch->has_old = 1;
		if ((c->rc = read_blob_text(&ch->old, &ch->old_len, c->repo,
					    &d->old_file.id)) < 0)
			return -1;
	}
	if (d->status != GIT_DELTA_DELETED) {
		ch->has_new = 1;
		if ((c->rc = read_blob_text(&ch->new, &ch->new_len, c->repo,
					    &d->new_file.id)) < 0)
			return -1;
	}
	return 0;
}

int
crm_store_commit(struct crm_commit_info *out, struct crm_store *s,
		 const char *rev)
{
	struct collect col;
	git_repository *repo;
	git_commit *c = NULL, *p = NULL;
	git_tree *t = NULL, *pt = NULL;
	git_diff *diff = NULL;
	git_diff_options o;
	git_oid oid;
	size_t n;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = crm_store_git(&repo, s)) < 0)
		return rc;
	if (!rev || !strcmp(rev, "HEAD")) {
		if ((rc = crm_store_head_oid(s, &oid)) < 0)
			return rc;
		rc = git_oid_is_zero(&oid) ? -1 : git_commit_lookup(&c, repo, &oid);
	} else {
		n = strlen(rev);
		if (n < 4 || n > 40 || strspn(rev, "0123456789abcdef") != n ||
		    git_oid_fromstrn(&oid, rev, n) < 0)
			return crm_err_set(CRM_EUSAGE,
					   "'%s' is not a commit: give 4 to 40 hex digits of one",
					   rev);
		rc = git_commit_lookup_prefix(&c, repo, &oid, n);
		if (rc == GIT_EAMBIGUOUS)
			return crm_err_set(CRM_EAMBIG, "commit '%s' is ambiguous: give more digits",
					   rev);
	}
	if (rc < 0)
		return crm_err_set(CRM_ENOTFOUND, "no commit '%s' in the store",
				   rev ? rev : "HEAD");
	git_oid_tostr(out->id, sizeof(out->id), git_commit_id(c));
	summary_of(&out->subject_buf, git_commit_message(c));
	out->subject = out->subject_buf.buf;
	out->parents = (int)git_commit_parentcount(c);
	if (out->parents &&
	    (git_commit_lookup(&p, repo, git_commit_parent_id(c, 0)) < 0 ||
	     git_commit_tree(&pt, p) < 0)) {
		rc = crm_err_set(CRM_EIO, "cannot read the history");
		goto out;
	}
	if (git_commit_tree(&t, c) < 0) {
		rc = crm_err_set(CRM_EIO, "cannot read the history");
		goto out;
	}
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	memset(&col, 0, sizeof(col));
	col.ci = out;
	col.repo = repo;
	if (git_diff_tree_to_tree(&diff, repo, pt, t, &o) < 0) {
		rc = crm_err_set(CRM_EIO, "cannot compare commits");
		goto out;
	}
	if (git_diff_foreach(diff, on_change, NULL, NULL, NULL, &col) < 0)
		rc = col.rc < 0 ? col.rc :
		     crm_err_set(CRM_EIO, "cannot compare commits");
out:
	git_diff_free(diff);
	git_tree_free(t);
	git_tree_free(pt);
	git_commit_free(c);
	git_commit_free(p);
	if (rc < 0)
		crm_commit_info_release(out);
	return rc;
}

void
crm_commit_info_release(struct crm_commit_info *ci)
{
	size_t i;

	for (i = 0; i < ci->n; i++) {
		free(ci->c[i].path);
		free(ci->c[i].old);
		free(ci->c[i].new);
	}
	free(ci->c);
	crm_buf_release(&ci->subject_buf);
	memset(ci, 0, sizeof(*ci));
}
