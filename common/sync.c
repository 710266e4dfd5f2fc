/*
 * sync.c: crm sync, the store shared through any git remote.  Fetch the
 * remote's main; when both sides moved, merge them here, record by
 * record and field by field (journals by union), as one merge commit;
 * then push, and when someone pushed first, fetch and merge again.
 *
 * The merge of one record, from the common base B, ours O and theirs T:
 * a field changed on one side only takes that change; changed on both to
 * different values, the side whose record has the later "updated" wins
 * (ours on a tie); list fields (emails, phones, tags) merge as sets, each
 * side's additions and removals applied.  A record deleted on one side
 * and edited on the other keeps the edit.  Journals keep every
 * interaction of either side; one edited on both keeps the later
 * version by the same rule.  The losing values stay in the history (the
 * other parent of the merge).  No file ever holds a conflict marker.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"
#include "git.h"
#include "internal.h"

#define BRANCH "refs/heads/main"

struct sync {
	struct crm_store *s;
	git_repository *repo;
	const char *remote;
	git_oid theirs;
	git_tree *tb, *tt;		/* the base's tree, theirs */
	void (*note)(const char *msg, void *arg);
	void *arg;
	size_t merged, kept_edits, conflicts;
	int cred_tries;
	int rejected;		/* the remote refused our update */
};

static void
note(struct sync *y, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
note(struct sync *y, const char *fmt, ...)
{
	struct crm_buf b = CRM_BUF_INIT;
	va_list ap;

	if (!y->note)
		return;
	va_start(ap, fmt);
	crm_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	y->note(b.buf, y->arg);
	crm_buf_release(&b);
}

static int
gitfail(int rc, const char *what)
{
	const git_error *e = git_error_last();

	(void)rc;
	return crm_err_set(CRM_EIO, "%s: %s", what, e && e->message ? e->message :
			   "git error");
}

/* ---- credentials: ssh-agent, then git's credential helpers ---- */

static int
helper_fill(git_credential **out, const char *url, const char *user)
{
	struct crm_buf in = CRM_BUF_INIT;
	char line[1024], *name = NULL, *pass = NULL;
	const char *p = strstr(url, "://");
	FILE *fp;
	int rc = GIT_PASSTHROUGH;
	char tmp[] = "/tmp/crm-cred-XXXXXX";
	int fd;

	if (!p)
		return GIT_PASSTHROUGH;
	/* git credential fill reads protocol, host and path on stdin */
	crm_buf_addf(&in, "protocol=%.*s\n", (int)(p - url), url);
	p += 3;
	crm_buf_addf(&in, "host=%.*s\n", (int)strcspn(p, "/"), p);
	if (p[strcspn(p, "/")])
		crm_buf_addf(&in, "path=%s\n", p + strcspn(p, "/") + 1);
	if (user && *user)
		crm_buf_addf(&in, "username=%s\n", user);
	crm_buf_adds(&in, "\n");
	if ((fd = mkstemp(tmp)) < 0)
		goto out;
	if (write(fd, in.buf, in.len) != (ssize_t)in.len) {
		close(fd);
		unlink(tmp);
		goto out;
	}
	close(fd);
	{
		struct crm_buf cmd = CRM_BUF_INIT;

		crm_buf_addf(&cmd, "GIT_TERMINAL_PROMPT=0 git credential fill <%s 2>/dev/null", tmp);
		fp = popen(cmd.buf, "r");
		crm_buf_release(&cmd);
	}
	if (fp) {
		while (fgets(line, sizeof(line), fp)) {
			line[strcspn(line, "\n")] = '\0';
			if (!strncmp(line, "username=", 9))
				name = crm_xstrdup(line + 9);
			else if (!strncmp(line, "password=", 9))
				pass = crm_xstrdup(line + 9);
		}
		pclose(fp);
	}
	unlink(tmp);
	if (name && pass)
		rc = git_credential_userpass_plaintext_new(out, name, pass);
out:
	if (pass)
		memset(pass, 0, strlen(pass));
	free(name);
	free(pass);
	crm_buf_release(&in);
	return rc;
}

static int
credentials(git_credential **out, const char *url, const char *user,
	    unsigned int allowed, void *payload)
{
	struct sync *y = payload;

	/* each way once: libgit2 asks again after a refusal */
	if (y->cred_tries++ >= 2)
		return GIT_EUSER;
	if ((allowed & GIT_CREDENTIAL_SSH_KEY) && y->cred_tries == 1)
		return git_credential_ssh_key_from_agent(out, user ? user : "git");
	if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT)
		return helper_fill(out, url, user);
	return GIT_PASSTHROUGH;
}

/* ---- the merge of two sides ---- */

static int
blob_text(struct crm_buf *out, int *has, git_repository *repo, git_tree *tree,
	  const char *path)
{
	git_tree_entry *e = NULL;
	git_blob *b = NULL;

	crm_buf_reset(out);
	*has = 0;
	if (!tree || git_tree_entry_bypath(&e, tree, path) < 0) {
		crm_err_clear();
		return 0;
	}
	if (git_blob_lookup(&b, repo, git_tree_entry_id(e)) < 0) {
		git_tree_entry_free(e);
		return gitfail(-1, path);
	}
	crm_buf_add(out, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
	if (!out->buf)
		crm_buf_adds(out, "");
	*has = 1;
	git_blob_free(b);
	git_tree_entry_free(e);
	return 0;
}

static struct crm_record *
parse(const struct crm_buf *b, int has, enum crm_kind k, const char *path)
{
	struct crm_record *r = NULL;

	if (!has || crm_yaml_parse(&r, b->buf, b->len, k, path) < 0) {
		crm_err_clear();
		return NULL;
	}
	return r;
}

/* The values of field key of r joined by 0x1f; "" with none; NULL: no field. */
static char *
field_text(const struct crm_record *r, const char *key)
{
	struct crm_buf b = CRM_BUF_INIT;
	long i = r ? crm_record_find(r, key) : -1;
	size_t j;

	if (i < 0)
		return NULL;
	for (j = 0; j < crm_record_nvalues(r, (size_t)i); j++) {
		if (j)
			crm_buf_addc(&b, 0x1f);
		crm_buf_adds(&b, crm_record_value(r, (size_t)i, j));
	}
	if (!b.buf)
		crm_buf_adds(&b, "");
	return crm_buf_detach(&b);
}

static int
same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static int
in_list(const struct crm_record *r, long i, const char *v)
{
	size_t j;

	for (j = 0; i >= 0 && j < crm_record_nvalues(r, (size_t)i); j++)
		if (!strcmp(crm_record_value(r, (size_t)i, j), v))
			return 1;
	return 0;
}

/* Copies field key (all its values) of src into dst, or removes it. */
static void
copy_field(struct crm_record *dst, const struct crm_record *src, const char *key)
{
	long i = src ? crm_record_find(src, key) : -1;
	size_t j;

	crm_record_unset(dst, key);
	if (i < 0)
		return;
	if (crm_record_is_list(src, (size_t)i)) {
		crm_record_set_list(dst, key);
		for (j = 0; j < crm_record_nvalues(src, (size_t)i); j++)
			crm_record_append(dst, key, crm_record_value(src, (size_t)i, j),
					  crm_record_plain(src, (size_t)i, j));
	} else {
		crm_record_set(dst, key, crm_record_value(src, (size_t)i, 0),
			       crm_record_plain(src, (size_t)i, 0));
	}
}

/* A list field as sets: base plus each side's additions less its removals. */
static void
merge_list(struct crm_record *m, const struct crm_record *b,
	   const struct crm_record *o, const struct crm_record *t,
	   const char *key)
{
	long ib = b ? crm_record_find(b, key) : -1;
	long io = crm_record_find(o, key), it = crm_record_find(t, key);
	const struct crm_record *side[2] = { o, t };
	long is[2] = { io, it };
	size_t j, k;

	crm_record_unset(m, key);
	crm_record_set_list(m, key);
	/* what the base had and neither side removed */
	for (j = 0; ib >= 0 && j < crm_record_nvalues(b, (size_t)ib); j++) {
		const char *v = crm_record_value(b, (size_t)ib, j);

		if (in_list(o, io, v) && in_list(t, it, v))
			crm_record_append(m, key, v, crm_record_plain(b, (size_t)ib, j));
	}
	/* what either side added */
	for (k = 0; k < 2; k++)
		for (j = 0; is[k] >= 0 && j < crm_record_nvalues(side[k], (size_t)is[k]); j++) {
			const char *v = crm_record_value(side[k], (size_t)is[k], j);

			if (!in_list(b, ib, v) && !in_list(m, crm_record_find(m, key), v))
				crm_record_append(m, key, v,
						  crm_record_plain(side[k], (size_t)is[k], j));
		}
	if (crm_record_nvalues(m, (size_t)crm_record_find(m, key)) == 0)
		crm_record_unset(m, key);
}

/* ours and theirs both edited the record: field by field. */
static struct crm_record *
merge_record(struct sync *y, const struct crm_record *b,
	     const struct crm_record *o, const struct crm_record *t,
	     const char *path)
{
	struct crm_record *m = crm_record_dup(o);
	const char *uo = crm_record_get(o, "updated"), *ut = crm_record_get(t, "updated");
	int theirs_later = uo && ut && strcmp(ut, uo) > 0;
	size_t pass, i;

	for (pass = 0; pass < 2; pass++) {
		const struct crm_record *r = pass ? t : o;

		for (i = 0; i < crm_record_nfields(r); i++) {
			const char *key = crm_record_key(r, i);
			char *vb, *vo, *vt;

			if (!strcmp(key, "updated") || (pass && crm_record_find(o, key) >= 0))
				continue;
			vb = field_text(b, key);
			vo = field_text(o, key);
			vt = field_text(t, key);
			if (same(vo, vt) || same(vt, vb)) {
				/* ours has it already */
			} else if (same(vo, vb)) {
				copy_field(m, t, key);
			} else if (crm_record_is_list_name(crm_record_kind(o), key)) {
				merge_list(m, b, o, t, key);
			} else {
				/* both changed it: the later edit wins */
				if (theirs_later)
					copy_field(m, t, key);
				y->conflicts++;
				note(y, "%s: field '%s' changed on both sides: kept %s (the later edit)",
				     path, key, theirs_later ? "theirs" : "ours");
			}
			free(vb);
			free(vo);
			free(vt);
		}
	}
	if (theirs_later)
		crm_record_set(m, "updated", ut, 1);
	crm_record_sort(m);
	return m;
}

/* ---- journals by union ---- */

struct jdoc {
	char *id, *text, *updated;
};

struct jlist {
	struct jdoc *d;
	size_t n;
};

static void
jl_free(struct jlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->d[i].id);
		free(l->d[i].text);
		free(l->d[i].updated);
	}
	free(l->d);
	memset(l, 0, sizeof(*l));
}

static void
jl_split(struct jlist *l, const struct crm_buf *b, int has, const char *path)
{
	const char *start, *p, *end;

	memset(l, 0, sizeof(*l));
	if (!has)
		return;
	start = b->buf;
	end = b->buf + b->len;
	while (start < end) {
		struct crm_record *r = NULL;
		struct jdoc *d;

		p = start;
		for (;;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));

			p = nl ? nl + 1 : end;
			if (p >= end || (end - p >= 3 && !memcmp(p, "---", 3)))
				break;
		}
		l->d = crm_xrealloc(l->d, (l->n + 1) * sizeof(*l->d));
		d = &l->d[l->n++];
		memset(d, 0, sizeof(*d));
		d->text = crm_xstrndup(start, (size_t)(p - start));
		if (crm_yaml_parse(&r, d->text, strlen(d->text), CRM_LOG, path) == 0) {
			if (crm_record_id(r))
				d->id = crm_xstrdup(crm_record_id(r));
			if (crm_record_get(r, "done"))
				d->updated = crm_xstrdup(crm_record_get(r, "done"));
		}
		crm_err_clear();
		crm_record_free(r);
		start = p;
	}
}

static long
jl_find(const struct jlist *l, const char *id)
{
	size_t i;

	for (i = 0; id && i < l->n; i++)
		if (l->d[i].id && !strcmp(l->d[i].id, id))
			return (long)i;
	return -1;
}

static void
merge_journal(struct sync *y, struct crm_buf *out, const struct crm_buf *bb,
	      int hb, const struct crm_buf *bo, int ho, const struct crm_buf *bt,
	      int ht, const char *path)
{
	struct jlist b, o, t;
	size_t i;

	jl_split(&b, bb, hb, path);
	jl_split(&o, bo, ho, path);
	jl_split(&t, bt, ht, path);
	crm_buf_reset(out);
	/* ours, in its order, with theirs' edits and deletions applied */
	for (i = 0; i < o.n; i++) {
		const struct jdoc *d = &o.d[i];
		long kb = jl_find(&b, d->id), kt = jl_find(&t, d->id);
		const char *text = d->text;

		if (d->id && kt < 0 && kb >= 0 && !strcmp(b.d[kb].text, d->text))
			continue;	/* deleted by them, untouched by us */
		if (kt >= 0 && strcmp(t.d[kt].text, d->text)) {
			if (kb >= 0 && !strcmp(b.d[kb].text, d->text))
				text = t.d[kt].text;	/* only they changed it */
			else if (!(kb >= 0 && !strcmp(b.d[kb].text, t.d[kt].text))) {
				/* both changed it: the one done, else ours */
				if (t.d[kt].updated && (!d->updated ||
							strcmp(t.d[kt].updated, d->updated) > 0))
					text = t.d[kt].text;
				y->conflicts++;
				note(y, "%s: interaction %s changed on both sides: kept %s",
				     path, d->id, text == d->text ? "ours" : "theirs");
			}
		}
		crm_buf_adds(out, text);
		if (out->len && out->buf[out->len - 1] != '\n')
			crm_buf_addc(out, '\n');
	}
	/* theirs that ours lacks: new on their side (not deleted by us) */
	for (i = 0; i < t.n; i++) {
		const struct jdoc *d = &t.d[i];

		if (jl_find(&o, d->id) >= 0 || (d->id && jl_find(&b, d->id) >= 0))
			continue;
		if (!d->id && ho && strstr(bo->buf, d->text))
			continue;
		crm_buf_adds(out, d->text);
		if (out->len && out->buf[out->len - 1] != '\n')
			crm_buf_addc(out, '\n');
	}
	jl_free(&b);
	jl_free(&o);
	jl_free(&t);
}

/* ---- the merge commit ---- */

struct merge_run {
	struct sync *y;
	git_diff *theirs;	/* base -> theirs */
};

struct merge_delta {
	struct sync *y;
	struct crm_txn *txn;
	git_tree *to;
	int rc;
};

static enum crm_kind
kind_of(const char *path)
{
	int k;

	for (k = 0; k < CRM_LOG; k++) {
		size_t n = strlen(crm_kind_dir(k));

		if (!strncmp(path, crm_kind_dir(k), n) && path[n] == '/')
			return (enum crm_kind)k;
	}
	return !strncmp(path, "log/", 4) ? CRM_LOG : CRM_NKINDS;
}

static int
merge_path(struct merge_delta *md, const char *path)
{
	struct sync *y = md->y;
	struct crm_buf bb = CRM_BUF_INIT, bo = CRM_BUF_INIT, bt = CRM_BUF_INIT;
	struct crm_buf out = CRM_BUF_INIT;
	enum crm_kind k = kind_of(path);
	int hb, ho, ht, rc;

	if ((rc = blob_text(&bb, &hb, y->repo, y->tb, path)) < 0 ||
	    (rc = blob_text(&bt, &ht, y->repo, y->tt, path)) < 0)
		goto out;
	rc = crm_txn_read(&bo, md->txn, path);
	ho = rc == 0;
	if (rc == CRM_ENOTFOUND) {
		crm_err_clear();
		rc = 0;
	}
	if (rc < 0)
		goto out;
	if (!bo.buf)
		crm_buf_adds(&bo, "");
	/* one side only, or both the same: nothing to merge */
	if (ho == ht && (!ho || (bo.len == bt.len && !memcmp(bo.buf, bt.buf, bo.len))))
		goto out;
	if (ho == hb && (!ho || (bo.len == bb.len && !memcmp(bo.buf, bb.buf, bo.len)))) {
		rc = ht ? crm_txn_put(md->txn, path, bt.buf, bt.len) :
			  crm_txn_remove(md->txn, path);
		y->merged++;
		goto out;
	}
	/* both changed it */
	y->merged++;
	if (k == CRM_LOG) {
		merge_journal(y, &out, &bb, hb, &bo, ho, &bt, ht, path);
		rc = out.len ? crm_txn_put(md->txn, path, out.buf, out.len) :
			       crm_txn_remove(md->txn, path);
	} else if (k < CRM_LOG) {
		struct crm_record *b = parse(&bb, hb, k, path), *o = parse(&bo, ho, k, path);
		struct crm_record *t = parse(&bt, ht, k, path), *m;

		if (!o || !t) {
			/* deleted on one side, edited on the other: the edit */
			if (!o && ht) {
				rc = crm_txn_put(md->txn, path, bt.buf, bt.len);
				y->kept_edits++;
				note(y, "%s: deleted here, edited there: kept the edit", path);
			} else if (!t && ho) {
				y->kept_edits++;
				note(y, "%s: deleted there, edited here: kept the edit", path);
			}
		} else {
			m = merge_record(y, b, o, t, path);
			crm_buf_reset(&out);
			if ((rc = crm_yaml_write(&out, m, 0)) == 0)
				rc = crm_txn_put(md->txn, path, out.buf, out.len);
			crm_record_free(m);
		}
		crm_record_free(b);
		crm_record_free(o);
		crm_record_free(t);
	} else {
		/* crm.yaml, segments: ours, said */
		y->conflicts++;
		note(y, "%s: changed on both sides: kept ours", path);
	}
out:
	crm_buf_release(&bb);
	crm_buf_release(&bo);
	crm_buf_release(&bt);
	crm_buf_release(&out);
	return rc;
}

static int
on_their_delta(const git_diff_delta *d, float progress, void *payload)
{
	struct merge_delta *md = payload;

	(void)progress;
	md->rc = merge_path(md, d->status == GIT_DELTA_DELETED ? d->old_file.path :
			    d->new_file.path);
	return md->rc < 0 ? -1 : 0;
}

static int
merge_fn(struct crm_txn *txn, void *arg)
{
	struct sync *y = arg;
	struct merge_delta md = { y, txn, NULL, 0 };
	git_oid ours, base;
	git_commit *cb = NULL, *ct = NULL;
	git_diff *diff = NULL;
	git_diff_options o;
	char hb[GIT_OID_HEXSZ + 1];
	int rc;

	y->merged = y->kept_edits = y->conflicts = 0;
	crm_txn_base(txn, &ours);
	if (git_merge_base(&base, y->repo, &ours, &y->theirs) < 0)
		memset(&base, 0, sizeof(base));
	git_tree_free(y->tb);
	git_tree_free(y->tt);
	y->tb = y->tt = NULL;
	if ((!git_oid_is_zero(&base) &&
	     (git_commit_lookup(&cb, y->repo, &base) < 0 ||
	      git_commit_tree(&y->tb, cb) < 0)) ||
	    git_commit_lookup(&ct, y->repo, &y->theirs) < 0 ||
	    git_commit_tree(&y->tt, ct) < 0) {
		rc = gitfail(-1, "cannot read the commits to merge");
		goto out;
	}
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	if (git_diff_tree_to_tree(&diff, y->repo, y->tb, y->tt, &o) < 0) {
		rc = gitfail(-1, "cannot compare the commits to merge");
		goto out;
	}
	rc = git_diff_foreach(diff, on_their_delta, NULL, NULL, NULL, &md);
	if (md.rc < 0)
		rc = md.rc;
	else if (rc < 0)
		rc = gitfail(rc, "cannot compare the commits to merge");
	if (rc == 0) {
		crm_txn_merge(txn, &y->theirs);
		git_oid_tostr(hb, sizeof(hb), &y->theirs);
		crm_txn_message(txn, "sync: merge %s (%.12s)", y->remote, hb);
	}
out:
	git_diff_free(diff);
	git_commit_free(cb);
	git_commit_free(ct);
	return rc;
}

/* ---- fetch, merge, push ---- */

static int
push_ref(const char *refname, const char *status, void *data)
{
	struct sync *y = data;

	(void)refname;
	if (status)
		y->rejected = 1;
	return 0;
}

static int
remote_of(git_remote **out, struct sync *y, const char *name)
{
	git_strarray names = { NULL, 0 };
	int rc;

	if (!name) {
		if (git_remote_list(&names, y->repo) < 0)
			return gitfail(-1, "cannot list the remotes");
		if (names.count == 0)
			rc = crm_err_set(CRM_EUSAGE,
					 "the store has no remote: crm sync --add NAME URL adds one");
		else if (names.count == 1)
			rc = git_remote_lookup(out, y->repo, names.strings[0]);
		else if (git_remote_lookup(out, y->repo, "origin") == 0)
			rc = 0;
		else
			rc = crm_err_set(CRM_EUSAGE,
					 "the store has %zu remotes and none is 'origin': name one",
					 names.count);
		git_strarray_dispose(&names);
		return rc < 0 && rc != CRM_EUSAGE ? gitfail(rc, "cannot read the remote") : rc;
	}
	rc = git_remote_lookup(out, y->repo, name);
	if (rc == GIT_ENOTFOUND)
		return crm_err_set(CRM_ENOTFOUND,
				   "no remote '%s': crm sync --add %s URL adds it", name, name);
	return rc < 0 ? gitfail(rc, "cannot read the remote") : 0;
}

int
crm_sync_add(struct crm_store *s, const char *name, const char *url)
{
	git_repository *repo;
	git_remote *r = NULL;
	int rc;

	if (!name || !*name || strchr(name, '/') || strchr(name, ' ') || *name == '-')
		return crm_err_set(CRM_EUSAGE, "'%s' is not a remote name", name ? name : "");
	if ((rc = crm_store_git(&repo, s)) < 0)
		return rc;
	rc = git_remote_create(&r, repo, name, url);
	git_remote_free(r);
	if (rc == GIT_EEXISTS)
		return crm_err_set(CRM_EUSAGE, "the remote '%s' exists already", name);
	return rc < 0 ? gitfail(rc, "cannot add the remote") : 0;
}

int
crm_sync(struct crm_sync_result *res, struct crm_store *s, const char *name,
	 void (*notefn)(const char *msg, void *arg), void *arg)
{
	struct sync y;
	git_remote *remote = NULL;
	git_fetch_options fo;
	git_push_options po;
	git_oid ours;
	char refspec[512], track[300];
	char *fetch_spec[1], *push_spec[1] = { BRANCH ":" BRANCH };
	git_strarray fs = { fetch_spec, 1 }, ps = { push_spec, 1 };
	int rc, attempt, rejected;

	memset(&y, 0, sizeof(y));
	memset(res, 0, sizeof(*res));
	y.s = s;
	y.note = notefn;
	y.arg = arg;
	if ((rc = crm_store_git(&y.repo, s)) < 0 ||
	    (rc = remote_of(&remote, &y, name)) < 0)
		return rc;
	y.remote = git_remote_name(remote);
	snprintf(track, sizeof(track), "refs/remotes/%s/main", y.remote);
	snprintf(refspec, sizeof(refspec), "+%s:%s", BRANCH, track);
	fetch_spec[0] = refspec;
	for (attempt = 0; attempt < 5; attempt++) {
		int have_theirs;

		git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
		fo.callbacks.credentials = credentials;
		fo.callbacks.payload = &y;
		y.cred_tries = 0;
		if ((rc = git_remote_fetch(remote, &fs, &fo, "crm sync")) < 0) {
			rc = gitfail(rc, "cannot fetch");
			goto out;
		}
		res->fetched = 1;
		have_theirs = git_reference_name_to_id(&y.theirs, y.repo, track) == 0;
		if ((rc = crm_store_head_oid(s, &ours)) < 0)
			goto out;
		if (have_theirs && !git_oid_equal(&ours, &y.theirs) &&
		    !git_graph_descendant_of(y.repo, &ours, &y.theirs)) {
			if (git_oid_is_zero(&ours) ||
			    git_graph_descendant_of(y.repo, &y.theirs, &ours)) {
				/* only they moved: take their commits as they are */
				git_reference *ref = NULL;

				rc = git_reference_create_matching(&ref, y.repo, BRANCH,
								   &y.theirs, 1, &ours,
								   "crm sync: fast-forward");
				git_reference_free(ref);
				if (rc < 0) {
					rc = rc == GIT_EMODIFIED ?
					     crm_err_set(CRM_EBUSY, "the store moved during the sync: try again") :
					     gitfail(rc, "cannot move the branch");
					goto out;
				}
				res->fast_forward = 1;
				git_oid_cpy(&ours, &y.theirs);
			} else {
				/* both moved: merge here */
				if ((rc = crm_store_write(s, merge_fn, &y)) < 0)
					goto out;
				res->merged += y.merged;
				res->kept_edits += y.kept_edits;
				res->conflicts += y.conflicts;
				if ((rc = crm_store_head_oid(s, &ours)) < 0)
					goto out;
			}
		}
		if (have_theirs && git_oid_equal(&ours, &y.theirs))
			break;		/* nothing to push */
		git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
		po.callbacks.credentials = credentials;
		po.callbacks.push_update_reference = push_ref;
		po.callbacks.payload = &y;
		y.cred_tries = 0;
		y.rejected = 0;
		rc = git_remote_push(remote, &ps, &po);
		if (rc == 0 && !y.rejected) {
			res->pushed = 1;
			break;
		}
		/* someone pushed first: fetch and merge again */
		rejected = y.rejected || rc == GIT_ENONFASTFORWARD;
		if (!rejected) {
			rc = gitfail(rc, "cannot push");
			goto out;
		}
		rc = 0;
		crm_err_clear();
		note(&y, "the remote moved meanwhile: fetching again");
	}
	if (attempt == 5)
		rc = crm_err_set(CRM_EBUSY, "the remote kept moving: try again");
out:
	git_tree_free(y.tb);
	git_tree_free(y.tt);
	git_remote_free(remote);
	return rc;
}
