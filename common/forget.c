/*
 * forget.c: crm forget, the right to erasure.  Every commit of the
 * store's branch is written again without the person: their record file
 * gone, their interactions taken out of the journals, the deals that
 * named them left without a contact.  The branch moves to the new
 * history; the other references (what was fetched from remotes) and the
 * reflogs go; git gc prunes every object no longer reachable; the index
 * is rebuilt into a new file.  Nothing else of the store changes: each
 * commit keeps its author, time and message (which name kinds and ids,
 * never personal data).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "crm.h"
#include "git.h"
#include "internal.h"

#define BRANCH "refs/heads/main"

struct forget {
	git_repository *repo;
	const char *id;			/* the person's record id */
	const char *path;		/* and its file */
	struct crm_map *blobs;		/* "kind:old" -> new blob ("" gone) */
	struct crm_map *trees;		/* "kind:old" -> new tree */
	struct crm_map *commits;	/* old -> new */
	size_t dropped_logs, commits_rewritten;
	int rc;
};

static int
gerr(const char *what)
{
	const git_error *e = git_error_last();

	return crm_err_set(CRM_EIO, "%s: %s", what, e && e->message ? e->message :
			   "git error");
}

/*
 * A blob as it is without the person: NULL out when it is to go, else
 * the oid of its new content (the same oid when nothing of them is in
 * it).  kind is the record kind of the folder it sits in.
 */
static int
forget_blob(struct forget *f, int kind, const char *path, const git_oid *id,
	    git_oid *out, int *gone)
{
	char key[64], hex[GIT_OID_HEXSZ + 1];
	const char *memo;
	git_blob *b = NULL;
	const char *data;
	size_t len;
	struct crm_buf nb = CRM_BUF_INIT;
	int rc = 0;

	*gone = 0;
	git_oid_tostr(hex, sizeof(hex), id);
	snprintf(key, sizeof(key), "%d:%s", kind, hex);
	if ((memo = crm_map_get(f->blobs, key))) {
		if (!*memo)
			*gone = 1;
		else
			git_oid_fromstr(out, memo);
		return 0;
	}
	git_oid_cpy(out, id);
	if (git_blob_lookup(&b, f->repo, id) < 0)
		return gerr(path);
	data = git_blob_rawcontent(b);
	len = (size_t)git_blob_rawsize(b);
	if (!memmem(data, len, f->id, strlen(f->id)))
		goto done;		/* nothing of them here */
	if (kind == CRM_CONTACT || kind == CRM_ORG || kind == CRM_DEAL) {
		struct crm_record *r = NULL;
		const char *rid;

		if (crm_yaml_parse(&r, data, len, (enum crm_kind)kind, path) < 0) {
			crm_err_clear();
			goto done;
		}
		rid = crm_record_id(r);
		if (rid && !strcmp(rid, f->id)) {
			*gone = 1;
		} else {
			/* a record that named them: the reference goes */
			if (crm_record_get(r, "contact") &&
			    !strcmp(crm_record_get(r, "contact"), f->id))
				crm_record_unset(r, "contact");
			if (crm_record_get(r, "org") &&
			    !strcmp(crm_record_get(r, "org"), f->id))
				crm_record_unset(r, "org");
			if ((rc = crm_yaml_write(&nb, r, 0)) == 0 &&
			    git_blob_create_from_buffer(out, f->repo, nb.buf, nb.len) < 0)
				rc = gerr(path);
		}
		crm_record_free(r);
	} else if (kind == CRM_LOG) {
		/* the journal less their documents, the others as written */
		const char *start = data, *p, *end = data + len;

		while (start < end) {
			struct crm_record *r = NULL;
			int theirs = 0;
			char *doc;

			p = start;
			for (;;) {
				const char *nl = memchr(p, '\n', (size_t)(end - p));

				p = nl ? nl + 1 : end;
				if (p >= end || (end - p >= 3 && !memcmp(p, "---", 3)))
					break;
			}
			doc = crm_xstrndup(start, (size_t)(p - start));
			if (memmem(doc, strlen(doc), f->id, strlen(f->id)) &&
			    crm_yaml_parse(&r, doc, strlen(doc), CRM_LOG, path) == 0 &&
			    crm_record_get(r, "contact") &&
			    !strcmp(crm_record_get(r, "contact"), f->id))
				theirs = 1;
			crm_err_clear();
			crm_record_free(r);
			if (theirs)
				f->dropped_logs++;
			else
				crm_buf_adds(&nb, doc);
			free(doc);
			start = p;
		}
		if (!nb.len)
			*gone = 1;
		else if (git_blob_create_from_buffer(out, f->repo, nb.buf, nb.len) < 0)
			rc = gerr(path);
	}
done:
	git_blob_free(b);
	crm_buf_release(&nb);
	if (rc == 0) {
		char nhex[GIT_OID_HEXSZ + 1];

		git_oid_tostr(nhex, sizeof(nhex), out);
		crm_map_put(f->blobs, key, *gone ? "" : nhex);
	}
	return rc;
}

/* A tree as it is without the person (memoised: trees repeat). */
static int
forget_tree(struct forget *f, int kind, const char *dir, const git_oid *id,
	    git_oid *out, int *empty)
{
	char key[64], hex[GIT_OID_HEXSZ + 1];
	const char *memo;
	git_tree *t = NULL;
	git_treebuilder *tb = NULL;
	struct crm_buf path = CRM_BUF_INIT;
	size_t i, n;
	int rc = 0, changed = 0;

	git_oid_tostr(hex, sizeof(hex), id);
	snprintf(key, sizeof(key), "%d:%s", kind, hex);
	if ((memo = crm_map_get(f->trees, key))) {
		*empty = !*memo;
		if (*memo)
			git_oid_fromstr(out, memo);
		return 0;
	}
	if (git_tree_lookup(&t, f->repo, id) < 0 ||
	    git_treebuilder_new(&tb, f->repo, t) < 0) {
		rc = gerr("cannot read a tree of the history");
		goto out;
	}
	n = git_tree_entrycount(t);
	for (i = 0; i < n && rc == 0; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);
		const char *name = git_tree_entry_name(e);
		int k = kind, gone = 0;
		git_oid nid;

		crm_buf_reset(&path);
		crm_buf_addf(&path, "%s%s%s", dir, *dir ? "/" : "", name);
		if (!*dir) {
			/* the top: which kind each folder holds */
			for (k = 0; k < CRM_NKINDS; k++)
				if (!strcmp(name, crm_kind_dir((enum crm_kind)k)))
					break;
		}
		if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
			rc = forget_tree(f, k, path.buf, git_tree_entry_id(e), &nid, &gone);
		else if (k < CRM_NKINDS)
			rc = forget_blob(f, k, path.buf, git_tree_entry_id(e), &nid, &gone);
		else
			continue;	/* crm.yaml and the like */
		if (rc < 0)
			break;
		if (gone) {
			git_treebuilder_remove(tb, name);
			changed = 1;
		} else if (!git_oid_equal(&nid, git_tree_entry_id(e))) {
			git_treebuilder_insert(NULL, tb, name, &nid,
					       git_tree_entry_filemode(e));
			changed = 1;
		}
	}
	if (rc < 0)
		goto out;
	*empty = git_treebuilder_entrycount(tb) == 0;
	if (!changed)
		git_oid_cpy(out, id);
	else if (!*empty && git_treebuilder_write(out, tb) < 0)
		rc = gerr("cannot write a tree");
	if (rc == 0) {
		char nhex[GIT_OID_HEXSZ + 1];

		git_oid_tostr(nhex, sizeof(nhex), out);
		crm_map_put(f->trees, key, *empty ? "" : nhex);
	}
out:
	crm_buf_release(&path);
	git_treebuilder_free(tb);
	git_tree_free(t);
	return rc;
}

/* Every commit of the branch again, oldest first, parents mapped. */
static int
rewrite(struct forget *f, git_oid *tip)
{
	git_revwalk *w = NULL;
	git_oid oid, ntree, ncommit;
	int rc = 0;

	if (git_revwalk_new(&w, f->repo) < 0 ||
	    git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) < 0 ||
	    git_revwalk_push(w, tip) < 0)
		return gerr("cannot walk the history");
	while (git_revwalk_next(&oid, w) == 0) {
		git_commit *c = NULL;
		git_tree *nt = NULL;
		const git_commit *parents[16];
		git_commit *pc[16];
		size_t np, i;
		int empty = 0;
		char hex[GIT_OID_HEXSZ + 1], nhex[GIT_OID_HEXSZ + 1];

		if (git_commit_lookup(&c, f->repo, &oid) < 0) {
			rc = gerr("cannot read a commit");
			break;
		}
		np = git_commit_parentcount(c);
		if (np > 16)
			np = 16;
		memset(pc, 0, sizeof(pc));
		for (i = 0; i < np && rc == 0; i++) {
			const char *m;
			git_oid po;

			git_oid_tostr(hex, sizeof(hex), git_commit_parent_id(c, (unsigned)i));
			m = crm_map_get(f->commits, hex);
			git_oid_fromstr(&po, m ? m : hex);
			if (git_commit_lookup(&pc[i], f->repo, &po) < 0)
				rc = gerr("cannot read a commit");
			parents[i] = pc[i];
		}
		if (rc == 0)
			rc = forget_tree(f, CRM_NKINDS, "", git_commit_tree_id(c), &ntree,
					 &empty);
		if (rc == 0 && empty) {
			/* nothing left at all: the empty tree */
			git_treebuilder *tb = NULL;

			if (git_treebuilder_new(&tb, f->repo, NULL) < 0 ||
			    git_treebuilder_write(&ntree, tb) < 0)
				rc = gerr("cannot write a tree");
			git_treebuilder_free(tb);
		}
		if (rc == 0) {
			int same = git_oid_equal(&ntree, git_commit_tree_id(c));

			for (i = 0; i < np; i++)
				same &= git_oid_equal(git_commit_id(pc[i]),
						      git_commit_parent_id(c, (unsigned)i));
			if (same) {
				git_oid_cpy(&ncommit, &oid);	/* untouched */
			} else if (git_tree_lookup(&nt, f->repo, &ntree) < 0 ||
				   git_commit_create(&ncommit, f->repo, NULL,
						     git_commit_author(c),
						     git_commit_committer(c),
						     git_commit_message_encoding(c),
						     git_commit_message(c), nt, np,
						     parents) < 0) {
				rc = gerr("cannot write a commit");
			} else {
				f->commits_rewritten++;
			}
		}
		if (rc == 0) {
			git_oid_tostr(hex, sizeof(hex), &oid);
			git_oid_tostr(nhex, sizeof(nhex), &ncommit);
			crm_map_put(f->commits, hex, nhex);
			git_oid_cpy(tip, &ncommit);
		}
		for (i = 0; i < np; i++)
			git_commit_free(pc[i]);
		git_tree_free(nt);
		git_commit_free(c);
		if (rc < 0)
			break;
	}
	git_revwalk_free(w);
	return rc;
}

static int
run_git(const char *gitdir, const char *args)
{
	struct crm_buf cmd = CRM_BUF_INIT;
	const char *q;
	int st;

	crm_buf_adds(&cmd, "git --git-dir='");
	for (q = gitdir; *q; q++)
		if (*q == '\'')
			crm_buf_adds(&cmd, "'\\''");
		else
			crm_buf_addc(&cmd, *q);
	crm_buf_addf(&cmd, "' %s >/dev/null 2>&1", args);
	st = system(cmd.buf);
	crm_buf_release(&cmd);
	return st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

int
crm_forget(struct crm_forget_result *res, struct crm_store *s, const char *ref,
	   int push)
{
	struct forget f;
	struct crm_match m;
	struct crm_buf path = CRM_BUF_INIT;
	git_strarray refs = { NULL, 0 }, remotes = { NULL, 0 };
	git_reference *head = NULL;
	git_oid tip, old;
	size_t i, n;
	int rc;

	memset(&f, 0, sizeof(f));
	memset(res, 0, sizeof(*res));
	memset(&m, 0, sizeof(m));
	if ((rc = crm_ref_resolve(&m, s, -1, ref)) < 0)
		return rc;
	if (m.kind == CRM_LOG) {
		rc = crm_err_set(CRM_EUSAGE,
				 "%.8s is an interaction: crm forget takes the person (a contact)",
				 m.id);
		goto out;
	}
	if (run_git("/dev/null", "--version") < 0) {
		rc = crm_err_set(CRM_EUSAGE,
				 "crm forget needs git(1) to prune the old objects: install git");
		goto out;
	}
	snprintf(res->id, sizeof(res->id), "%s", m.id);
	if ((rc = crm_store_git(&f.repo, s)) < 0 ||
	    (rc = crm_store_head_oid(s, &tip)) < 0)
		goto out;
	crm_record_path(&path, m.kind, m.id);
	f.id = m.id;
	f.path = path.buf;
	f.blobs = crm_map_new();
	f.trees = crm_map_new();
	f.commits = crm_map_new();
	git_oid_cpy(&old, &tip);
	if ((rc = rewrite(&f, &tip)) < 0)
		goto out;
	/* the branch moves (if nobody wrote meanwhile: crm writers hold the
	 * store's lock; the compare-and-swap catches the others) */
	rc = git_reference_create_matching(&head, f.repo, BRANCH, &tip, 1, &old,
					   "crm forget");
	git_reference_free(head);
	if (rc < 0) {
		rc = rc == GIT_EMODIFIED ?
		     crm_err_set(CRM_EBUSY, "the store moved meanwhile: run crm forget again") :
		     gerr("cannot move the branch");
		goto out;
	}
	res->commits = f.commits_rewritten;
	res->interactions = f.dropped_logs;
	/* every other reference (remote-tracking) kept the old history */
	if (git_reference_list(&refs, f.repo) == 0) {
		for (i = 0; i < refs.count; i++)
			if (strcmp(refs.strings[i], BRANCH))
				git_reference_remove(f.repo, refs.strings[i]);
		git_strarray_dispose(&refs);
	}
	if (git_remote_list(&remotes, f.repo) == 0) {
		for (i = 0; i < remotes.count && i < 8; i++) {
			snprintf(res->remotes[i], sizeof(res->remotes[i]), "%s",
				 remotes.strings[i]);
			res->nremotes++;
			if (push) {
				git_remote *r = NULL;
				git_push_options po;
				char *spec[1] = { "+" BRANCH ":" BRANCH };
				git_strarray ps = { spec, 1 };

				git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
				if (git_remote_lookup(&r, f.repo, remotes.strings[i]) < 0 ||
				    git_remote_push(r, &ps, &po) < 0) {
					crm_warn("could not update the remote %s: %s",
						 remotes.strings[i],
						 git_error_last() ? git_error_last()->message : "?");
				} else {
					res->pushed++;
					res->remote_pushed[i] = 1;
				}
				git_remote_free(r);
			}
		}
		git_strarray_dispose(&remotes);
	}
	/* the reflogs, then every object no longer reachable */
	if (run_git(crm_store_path(s), "reflog expire --expire=now --expire-unreachable=now --all") < 0 ||
	    run_git(crm_store_path(s), "gc --prune=now --quiet") < 0) {
		rc = crm_err_set(CRM_EIO, "git gc failed: the old objects may remain; run git gc --prune=now in %s",
				 crm_store_path(s));
		goto out;
	}
	/* the index from scratch, in a new file */
	if ((rc = crm_store_reindex(s, &n)) < 0)
		goto out;
out:
	free(m.label);
	crm_buf_release(&path);
	crm_map_free(f.blobs);
	crm_map_free(f.trees);
	crm_map_free(f.commits);
	return rc;
}

/* ---- crm export --subject: all that is held on a person ---- */

struct subject {
	struct crm_buf *out;
	int first;
};

static int
on_subject_row(const struct crm_row *row, void *arg)
{
	struct subject *j = arg;

	crm_buf_adds(j->out, j->first ? "\n    " : ",\n    ");
	crm_buf_adds(j->out, row->doc ? row->doc : "null");
	j->first = 0;
	return 0;
}

/* Every record of kind whose field names id, as JSON objects. */
static int
subject_rows(struct crm_buf *out, struct crm_store *s, enum crm_kind kind,
	     const char *field, const char *id)
{
	struct subject j = { out, 1 };
	int rc = crm_store_named_by(s, kind, field, id, NULL, 0,
				    kind == CRM_LOG ? "at" : NULL, 1,
				    on_subject_row, &j);

	crm_buf_adds(out, j.first ? "]" : "\n  ]");
	return rc;
}

static int
on_subject_version(const struct crm_version *v, void *arg)
{
	struct subject *j = arg;
	struct crm_buf when = CRM_BUF_INIT;
	struct crm_time t = { v->time, 0 };
	size_t i;

	crm_date_format(&when, &t);
	crm_buf_adds(j->out, j->first ? "\n    {\"commit\": " : ",\n    {\"commit\": ");
	crm_json_string(j->out, v->commit);
	crm_buf_adds(j->out, ", \"date\": ");
	crm_json_string(j->out, when.buf);
	crm_buf_adds(j->out, ", \"author\": ");
	crm_json_string(j->out, v->author);
	crm_buf_adds(j->out, ", \"message\": ");
	crm_json_string(j->out, v->message);
	crm_buf_adds(j->out, ", \"changes\": [");
	for (i = 0; i < v->nchanges; i++) {
		crm_buf_adds(j->out, i ? ", {\"field\": " : "{\"field\": ");
		crm_json_string(j->out, v->changes[3 * i]);
		crm_buf_adds(j->out, ", \"old\": ");
		if (v->changes[3 * i + 1])
			crm_json_string(j->out, v->changes[3 * i + 1]);
		else
			crm_buf_adds(j->out, "null");
		crm_buf_adds(j->out, ", \"new\": ");
		if (v->changes[3 * i + 2])
			crm_json_string(j->out, v->changes[3 * i + 2]);
		else
			crm_buf_adds(j->out, "null");
		crm_buf_adds(j->out, "}");
	}
	crm_buf_adds(j->out, "]}");
	j->first = 0;
	crm_buf_release(&when);
	return 0;
}

int
crm_export_subject(struct crm_buf *out, struct crm_store *s, const char *ref)
{
	struct crm_match m;
	struct crm_record *r = NULL;
	struct subject j = { out, 1 };
	struct crm_buf now = CRM_BUF_INIT;
	struct crm_time t = { crm_now(), 0 };
	int rc;

	memset(&m, 0, sizeof(m));
	if ((rc = crm_ref_resolve(&m, s, -1, ref)) < 0)
		return rc;
	if (m.kind == CRM_LOG) {
		rc = crm_err_set(CRM_EUSAGE,
				 "%.8s is an interaction: --subject takes the person (a contact)",
				 m.id);
		goto out;
	}
	if ((rc = crm_store_get(&r, s, m.kind, m.id)) < 0)
		goto out;
	crm_date_format(&now, &t);
	crm_buf_adds(out, "{\n  \"exported\": ");
	crm_json_string(out, now.buf);
	crm_buf_adds(out, ",\n  \"store\": ");
	crm_json_string(out, crm_store_path(s));
	crm_buf_adds(out, ",\n  \"record\": ");
	crm_json_write(out, r);
	crm_buf_adds(out, ",\n  \"interactions\": [");
	if ((rc = subject_rows(out, s, CRM_LOG, "contact", m.id)) < 0)
		goto out;
	crm_buf_adds(out, ",\n  \"deals\": [");
	if ((rc = subject_rows(out, s, CRM_DEAL,
			       m.kind == CRM_ORG ? "org" : "contact", m.id)) < 0)
		goto out;
	crm_buf_adds(out, ",\n  \"history\": [");
	if ((rc = crm_store_history(s, m.kind, m.id, -1, on_subject_version, &j)) < 0)
		goto out;
	crm_buf_adds(out, j.first ? "]\n}\n" : "\n  ]\n}\n");
out:
	crm_record_free(r);
	free(m.label);
	crm_buf_release(&now);
	return rc;
}
