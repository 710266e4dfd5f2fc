/*
 * store.c: the record store, a bare git repository written through
 * libgit2 (the only file that includes <git2.h>).  Every change is one
 * commit: blobs are written (loose, or one pack for bulk imports), the new
 * tree is built from HEAD's trees for the changed paths only, and the
 * branch moves by compare-and-swap.  When another writer moved it first,
 * the change is applied again on the new HEAD.  Writers of this toolkit
 * also take an flock(2) on the store, so they queue instead of retrying.
 * The SQLite index is kept in step in the same pass.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crm.h"
#include "git.h"
#include "internal.h"

#define BRANCH "refs/heads/main"
#define LOCK_WAIT_MS 30000
#define RETRY_MS 5000
/* a day's journal may be large; records are capped by the YAML reader */
#define MAX_BLOB (64u << 20)

struct crm_store {
	char *path;
	git_repository *repo;
	struct crm_config *config;
	char head[GIT_OID_HEXSZ + 1];
	struct crm_index *idx;
	int idx_synced;
	int created;
	int scans;		/* crm_store_for_scans: 1 asked, 2 done */
	int asof_fd;		/* crm_store_as_of: its lock, else -1 */
	git_oid asof;		/* and its commit */
	int64_t asof_time;
	git_odb *fast;		/* loose objects at zlib level 1: big journals */
};

struct update {
	char *path;
	git_oid oid;
	int remove;
	char *data;	/* staged content, kept for crm_txn_read */
	size_t len;
};

struct crm_txn {
	struct crm_store *s;
	git_tree *base;
	struct update *u;
	size_t n, alloc;
	/* open-addressing map from path to update index + 1 */
	size_t *slots, nslots;
	struct crm_buf msg;
	struct crm_pack *pack;		/* bulk mode: blobs go here */
	struct crm_strset *packed;	/* blob ids in the pack */
	/* crm_txn_prepare_index: the index's end work, in a thread */
	pthread_t prep;
	int prepping, prep_rc;
	char *prep_msg;
	/* crm_txn_merge: the other parent of a merge commit */
	git_oid merge;
	int merging;
	git_oid base_oid;	/* the commit the transaction builds on */
};

static int git_ready;

/* Appends the path of file name inside the store's git directory. */
static void
gitdir_file(struct crm_buf *out, git_repository *repo, const char *name)
{
	const char *d = git_repository_path(repo);
	size_t n = strlen(d);

	crm_buf_addf(out, "%s%s%s", d, n && d[n - 1] == '/' ? "" : "/", name);
}

static int
git_fail(int code, const char *what)
{
	const git_error *e = git_error_last();
	int rc = code == GIT_ELOCKED || code == GIT_EMODIFIED ? CRM_EBUSY :
		 CRM_EINTERNAL;

	if (e && e->klass == GIT_ERROR_OS)
		rc = CRM_EIO;
	return crm_err_set(rc, "%s: %s", what,
			   e && e->message ? e->message : "git error");
}

static int
git_start(void)
{
	int rc;

	if (git_ready)
		return 0;
	if ((rc = crm_git_load()) < 0)
		return rc;
	if (git_libgit2_init() < 0)
		return git_fail(-1, "cannot start libgit2");
	/* Durability is opt-in in libgit2: objects and refs are fsynced. */
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	git_ready = 1;
	return 0;
}

int
crm_store_locate(struct crm_buf *out, const char *dir)
{
	const char *e;

	if (dir && *dir) {
		crm_buf_adds(out, dir);
		return 0;
	}
	if ((e = getenv("CRM_DIR")) && *e) {
		crm_buf_adds(out, e);
		return 0;
	}
	/* XDG: unset, empty or relative means the default. */
	if ((e = getenv("XDG_DATA_HOME")) && *e == '/') {
		crm_buf_addf(out, "%s/crm", e);
		return 0;
	}
	if ((e = getenv("HOME")) && *e) {
		crm_buf_addf(out, "%s/.local/share/crm", e);
		return 0;
	}
	return crm_err_set(CRM_EUSAGE,
			   "no store: set CRM_DIR or HOME, or use --store DIR");
}

/* mkdir -p with private permissions for what it creates. */
static int
mkdirs(const char *path)
{
	struct crm_buf b = CRM_BUF_INIT;
	char *p;
	int rc = 0;

	crm_buf_adds(&b, path);
	for (p = b.buf + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(b.buf, 0700) < 0 && errno != EEXIST) {
			rc = crm_err_set(CRM_EIO, "cannot create %s: %s", b.buf,
					 strerror(errno));
			break;
		}
		*p = c;
		if (!c)
			break;
	}
	crm_buf_release(&b);
	return rc;
}

static int
rm_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(p) < 0 && errno != ENOENT ? -1 : 0;
}

static void
rm_tree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int
signature_clock(git_signature **out, git_repository *repo)
{
	const char *a = getenv("CRM_AUTHOR");
	char host[256] = "localhost";
	struct passwd *pw;
	int rc;

	if (a && *a) {
		const char *lt = strchr(a, '<'), *gt = lt ? strchr(lt, '>') : NULL;

		if (lt && gt) {
			char *name = crm_xstrndup(a, (size_t)(lt - a));
			char *mail = crm_xstrndup(lt + 1, (size_t)(gt - lt - 1));
			size_t n = strlen(name);

			while (n && name[n - 1] == ' ')
				name[--n] = '\0';
			rc = git_signature_now(out, name, mail);
			free(name);
			free(mail);
		} else {
			rc = git_signature_now(out, a, "");
		}
		if (rc < 0)
			return crm_err_set(CRM_EUSAGE,
					   "CRM_AUTHOR: expected 'Name <email>'");
		return 0;
	}
	if (repo && git_signature_default(out, repo) == 0)
		return 0;
	pw = getpwuid(getuid());
	gethostname(host, sizeof(host) - 1);
	{
		const char *login = pw && pw->pw_name ? pw->pw_name : "crm";
		char *mail = crm_xasprintf("%s@%s", login, host);

		rc = git_signature_now(out, login, mail);
		free(mail);
	}
	if (rc < 0)
		return git_fail(rc, "cannot make the commit's author");
	return 0;
}

/*
 * The commit's author and committer: signature_clock's, at $CRM_NOW when
 * it is set (tests and scripts that replay a history), else now.
 */
static int
signature(git_signature **out, git_repository *repo)
{
	git_signature *sig = NULL;
	int rc;

	if ((rc = signature_clock(&sig, repo)) < 0)
		return rc;
	if (!getenv("CRM_NOW")) {
		*out = sig;
		return 0;
	}
	rc = git_signature_new(out, sig->name, sig->email,
			       (git_time_t)crm_now(), 0);
	git_signature_free(sig);
	return rc < 0 ? git_fail(rc, "cannot make the commit's author") : 0;
}

/* Writes the root commit of a new repository. */
static int
root_commit(git_repository *repo)
{
	struct crm_config *c = crm_config_new();
	struct crm_buf yaml = CRM_BUF_INIT;
	static const char attrs[] =
		"# journals are append-only: merge them by union\n"
		"log/** merge=union\n";
	git_treebuilder *tb = NULL;
	git_signature *sig = NULL;
	git_oid blob, tree_id, commit;
	git_tree *tree = NULL;
	int rc;

	crm_config_write(&yaml, c);
	crm_config_free(c);
	if ((rc = git_treebuilder_new(&tb, repo, NULL)) < 0 ||
	    (rc = git_blob_create_from_buffer(&blob, repo, yaml.buf, yaml.len)) < 0 ||
	    (rc = git_treebuilder_insert(NULL, tb, "crm.yaml", &blob,
					 GIT_FILEMODE_BLOB)) < 0 ||
	    (rc = git_blob_create_from_buffer(&blob, repo, attrs,
					      sizeof(attrs) - 1)) < 0 ||
	    (rc = git_treebuilder_insert(NULL, tb, ".gitattributes", &blob,
					 GIT_FILEMODE_BLOB)) < 0 ||
	    (rc = git_treebuilder_write(&tree_id, tb)) < 0 ||
	    (rc = git_tree_lookup(&tree, repo, &tree_id)) < 0) {
		rc = git_fail(rc, "cannot write the first commit");
		goto out;
	}
	if ((rc = signature(&sig, repo)) < 0)
		goto out;
	if ((rc = git_commit_create(&commit, repo, BRANCH, sig, sig, "UTF-8",
				    "init store", tree, 0, NULL)) < 0)
		rc = git_fail(rc, "cannot write the first commit");
out:
	git_signature_free(sig);
	git_tree_free(tree);
	git_treebuilder_free(tb);
	crm_buf_release(&yaml);
	return rc;
}

/* Creates a repository at tmp, complete with its first commit. */
static int
init_at(const char *tmp)
{
	git_repository_init_options o;
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	int rc;

	git_repository_init_options_init(&o, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	o.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH |
		  GIT_REPOSITORY_INIT_NO_REINIT;
	o.mode = GIT_REPOSITORY_INIT_SHARED_UMASK;
	o.initial_head = "main";
	o.description = "crm record store\n";
	if ((rc = git_repository_init_ext(&repo, tmp, &o)) < 0)
		return git_fail(rc, "cannot create the store");
	if (git_repository_config(&cfg, repo) == 0) {
		/* git commands run on the store must not repack behind us,
		 * and must keep its files private. */
		git_config_set_string(cfg, "core.sharedRepository", "0600");
		git_config_set_int32(cfg, "gc.auto", 0);
		git_config_set_string(cfg, "core.fsync", "all");
		git_config_free(cfg);
	}
	rc = root_commit(repo);
	git_repository_free(repo);
	return rc;
}

static int
create_store(const char *path, int quiet)
{
	struct crm_buf parent = CRM_BUF_INIT, tmp = CRM_BUF_INIT;
	char *slash;
	int rc;

	crm_buf_adds(&parent, path);
	while (parent.len > 1 && parent.buf[parent.len - 1] == '/')
		parent.buf[--parent.len] = '\0';
	slash = strrchr(parent.buf, '/');
	if (!slash)
		crm_buf_reset(&parent), crm_buf_adds(&parent, ".");
	else if (slash == parent.buf)
		slash[1] = '\0';
	else
		*slash = '\0';
	if ((rc = mkdirs(parent.buf)) < 0)
		goto out;
	/*
	 * Build the store aside, then rename it into place: several
	 * processes making the first write at once end with one store.
	 */
	crm_buf_addf(&tmp, "%s/.crm-new-XXXXXX", parent.buf);
	if (!mkdtemp(tmp.buf)) {
		rc = crm_err_set(CRM_EIO, "cannot create the store in %s: %s",
				 parent.buf, strerror(errno));
		goto out;
	}
	if ((rc = init_at(tmp.buf)) < 0) {
		rm_tree(tmp.buf);
		goto out;
	}
	if (rename(tmp.buf, path) < 0) {
		int e = errno;

		rm_tree(tmp.buf);
		if (e == EEXIST || e == ENOTEMPTY)
			rc = CRM_EEXISTS;
		else
			rc = crm_err_set(CRM_EIO, "cannot create %s: %s", path,
					 strerror(e));
		goto out;
	}
	(void)quiet;
out:
	crm_buf_release(&parent);
	crm_buf_release(&tmp);
	return rc;
}

int
crm_store_init(const char *path)
{
	struct stat st;
	int rc;

	if ((rc = git_start()) < 0)
		return rc;
	if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode))
		return crm_err_set(CRM_EEXISTS, "%s exists and is not a folder",
				   path);
	rc = create_store(path, 1);
	if (rc == CRM_EEXISTS)
		return crm_err_set(CRM_EEXISTS, "%s exists already", path);
	return rc;
}

static int need_repo(struct crm_store *s);

static int
load_head(struct crm_store *s, git_oid *oid)
{
	git_reference *ref = NULL;
	int rc;

	if ((rc = need_repo(s)) < 0)
		return rc;
	rc = git_reference_lookup(&ref, s->repo, BRANCH);

	if (rc == GIT_ENOTFOUND) {
		memset(oid, 0, sizeof(*oid));
		s->head[0] = '\0';
		return 0;
	}
	if (rc < 0)
		return git_fail(rc, "cannot read the branch");
	if (git_reference_type(ref) != GIT_REFERENCE_DIRECT) {
		git_reference_free(ref);
		return crm_err_set(CRM_EDATA, "%s is not a plain branch", BRANCH);
	}
	git_oid_cpy(oid, git_reference_target(ref));
	git_oid_tostr(s->head, sizeof(s->head), oid);
	git_reference_free(ref);
	return 0;
}

static int
read_blob(struct crm_buf *out, git_repository *repo, git_tree *tree,
	  const char *path)
{
	git_tree_entry *te = NULL;
	git_blob *blob = NULL;
	int rc;

	if (!tree)
		return crm_err_set(CRM_ENOTFOUND, "%s: no such file", path);
	rc = git_tree_entry_bypath(&te, tree, path);
	if (rc == GIT_ENOTFOUND)
		return crm_err_set(CRM_ENOTFOUND, "%s: no such file", path);
	if (rc < 0)
		return git_fail(rc, path);
	if (git_tree_entry_type(te) != GIT_OBJECT_BLOB) {
		git_tree_entry_free(te);
		return crm_err_set(CRM_EDATA, "%s is not a file", path);
	}
	rc = git_blob_lookup(&blob, repo, git_tree_entry_id(te));
	git_tree_entry_free(te);
	if (rc < 0)
		return git_fail(rc, path);
	crm_buf_add(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return 0;
}

static int
head_tree(git_tree **out, struct crm_store *s, const git_oid *oid)
{
	git_commit *c = NULL;
	int rc;

	*out = NULL;
	if (git_oid_is_zero(oid))
		return 0;
	if ((rc = git_commit_lookup(&c, s->repo, oid)) < 0 ||
	    (rc = git_commit_tree(out, c)) < 0)
		rc = git_fail(rc, "cannot read HEAD");
	git_commit_free(c);
	return rc;
}

static int
load_config(struct crm_store *s)
{
	struct crm_buf b = CRM_BUF_INIT;
	git_tree *tree = NULL;
	git_oid oid;
	int rc;

	if ((rc = load_head(s, &oid)) < 0 || (rc = head_tree(&tree, s, &oid)) < 0)
		return rc;
	rc = read_blob(&b, s->repo, tree, "crm.yaml");
	if (rc == 0)
		rc = crm_config_parse(s->config, b.buf, b.len, "crm.yaml");
	else if (rc == CRM_ENOTFOUND)
		/* any bare repository is not a store: ours have crm.yaml */
		rc = crm_err_set(CRM_EDATA,
				 "%s is not a crm store: a git repository without crm.yaml on branch main",
				 s->path);
	git_tree_free(tree);
	crm_buf_release(&b);
	return rc;
}

/* Opens the git repository of s, on first need (see crm_store_open). */
static int
need_repo(struct crm_store *s)
{
	int rc;

	if (s->repo)
		return 0;
	if ((rc = git_start()) < 0)
		return rc;
	rc = git_repository_open_ext(&s->repo, s->path,
				     GIT_REPOSITORY_OPEN_NO_SEARCH |
				     GIT_REPOSITORY_OPEN_BARE, NULL);
	if (rc < 0) {
		const git_error *e = git_error_last();
		struct stat st;

		s->repo = NULL;
		/*
		 * libgit2 1.5 refuses a repository another user owns (git's
		 * safe.directory rule) with a "not found" that says nothing
		 * of the reason: say it.
		 */
		if (stat(s->path, &st) == 0 && st.st_uid != geteuid()) {
			struct passwd *pw = getpwuid(st.st_uid);

			return crm_err_set(CRM_ENOINPUT,
					   "%s belongs to %s (uid %ld), not to you: crm, like git, does not work in a store another user owns; run it as that user, or take the store over with chown -R",
					   s->path, pw ? pw->pw_name : "another user",
					   (long)st.st_uid);
		}
		return crm_err_set(CRM_EDATA, "%s is not a crm store: %s", s->path,
				   e && e->message ? e->message : "not a git repository");
	}
	if (!git_repository_is_bare(s->repo))
		return crm_err_set(CRM_EDATA,
				   "%s is not a crm store (a git work tree, not a bare repository)",
				   s->path);
	return 0;
}

/*
 * The commit the branch names, read from the ref files without libgit2:
 * refs/heads/main, else its line in packed-refs.  -1 when neither says.
 */
static int
read_tip(char out[GIT_OID_HEXSZ + 1], const char *path)
{
	struct crm_buf f = CRM_BUF_INIT;
	const char *p;
	int rc = -1;

	crm_buf_addf(&f, "%s/refs/heads/main", path);
	{
		FILE *fp = fopen(f.buf, "r");
		char line[64];

		if (fp) {
			if (fgets(line, sizeof(line), fp) &&
			    strspn(line, "0123456789abcdef") == GIT_OID_HEXSZ &&
			    (line[GIT_OID_HEXSZ] == '\n' || !line[GIT_OID_HEXSZ])) {
				memcpy(out, line, GIT_OID_HEXSZ);
				out[GIT_OID_HEXSZ] = '\0';
				rc = 0;
			}
			fclose(fp);
			crm_buf_release(&f);
			return rc;
		}
	}
	crm_buf_reset(&f);
	crm_buf_addf(&f, "%s/packed-refs", path);
	{
		struct crm_buf d = CRM_BUF_INIT;

		if (crm_read_file(&d, f.buf, 1u << 24) == 0 &&
		    (p = strstr(d.buf, " refs/heads/main\n")) &&
		    p - d.buf >= GIT_OID_HEXSZ &&
		    (p - d.buf == GIT_OID_HEXSZ || p[-GIT_OID_HEXSZ - 1] == '\n')) {
			memcpy(out, p - GIT_OID_HEXSZ, GIT_OID_HEXSZ);
			out[GIT_OID_HEXSZ] = '\0';
			rc = 0;
		}
		crm_err_clear();
		crm_buf_release(&d);
	}
	crm_buf_release(&f);
	return rc;
}

/*
 * Opens a store for reading without starting libgit2 (5 ms): possible
 * when the index reflects the commit the branch names, and then holds
 * the settings of that commit too.  0 when it worked.
 */
static int
open_fast(struct crm_store *s)
{
	struct crm_buf p = CRM_BUF_INIT, ih = CRM_BUF_INIT, cfg = CRM_BUF_INIT;
	char tip[GIT_OID_HEXSZ + 1];
	int rc = -1;

	crm_buf_addf(&p, "%s/crm-index.sqlite", s->path);
	if (access(p.buf, F_OK) != 0 || read_tip(tip, s->path) < 0 ||
	    crm_index_open(&s->idx, p.buf) < 0)
		goto out;
	if (crm_index_head(&ih, s->idx) == 0 && strcmp(crm_buf_str(&ih), tip) == 0 &&
	    crm_index_meta(&cfg, s->idx, "config") == 0 && cfg.len &&
	    crm_config_parse(s->config, cfg.buf, cfg.len, "crm.yaml") == 0) {
		crm_index_set_currency(s->idx, crm_config_currency(s->config));
		snprintf(s->head, sizeof(s->head), "%s", tip);
		s->idx_synced = 1;
		rc = 0;
	}
out:
	crm_err_clear();
	crm_buf_release(&p);
	crm_buf_release(&ih);
	crm_buf_release(&cfg);
	return rc;
}

int
crm_store_open(struct crm_store **out, const char *path, int flags)
{
	struct crm_store *s;
	struct stat st;
	int rc, created = 0;

	*out = NULL;
	/*
	 * stat first: libgit2 reports a store it refuses to open (another
	 * owner) as "not found", which must not read as "create one".
	 */
	if (stat(path, &st) < 0) {
		if (errno != ENOENT)
			return crm_err_set(CRM_EIO, "%s: %s", path, strerror(errno));
		if (lstat(path, &st) == 0)
			return crm_err_set(CRM_EIO, "%s: a broken symbolic link",
					   path);
		if (!(flags & CRM_OPEN_CREATE))
			return crm_err_set(CRM_ENOINPUT,
					   "no store at %s (crm init creates one)",
					   path);
		if ((rc = git_start()) < 0)
			return rc;
		rc = create_store(path, flags & CRM_OPEN_QUIET);
		if (rc < 0 && rc != CRM_EEXISTS)
			return rc;
		created = rc == 0;
	} else if (!S_ISDIR(st.st_mode)) {
		return crm_err_set(CRM_EDATA, "%s is not a crm store", path);
	}
	s = crm_xcalloc(1, sizeof(*s));
	s->asof_fd = -1;
	s->created = created;
	s->path = crm_xstrdup(path);
	s->config = crm_config_new();
	if ((flags & CRM_OPEN_READ) && open_fast(s) == 0) {
		*out = s;
		return 0;
	}
	if ((rc = need_repo(s)) < 0 || (rc = load_config(s)) < 0)
		goto fail;
	*out = s;
	return 0;
fail:
	crm_store_free(s);
	return rc;
}

void
crm_store_free(struct crm_store *s)
{
	if (!s)
		return;
	crm_index_free(s->idx);
	if (s->asof_fd >= 0)
		close(s->asof_fd);
	crm_config_free(s->config);
	if (s->fast)
		git_odb_free(s->fast);
	if (s->repo)	/* libgit2 is loaded only once a repository was opened */
		git_repository_free(s->repo);
	free(s->path);
	free(s);
}

int
crm_store_created(const struct crm_store *s)
{
	return s->created;
}

const char *
crm_store_path(const struct crm_store *s)
{
	return s->path;
}

const struct crm_config *
crm_store_config(struct crm_store *s)
{
	return s->config;
}

const char *
crm_store_head(struct crm_store *s)
{
	git_oid oid;

	if (load_head(s, &oid) < 0)
		s->head[0] = '\0';
	return s->head;
}

int
crm_store_read(struct crm_buf *out, struct crm_store *s, const char *path)
{
	git_tree *tree = NULL;
	git_oid oid;
	int rc;

	if ((rc = load_head(s, &oid)) < 0 || (rc = head_tree(&tree, s, &oid)) < 0)
		return rc;
	rc = read_blob(out, s->repo, tree, path);
	git_tree_free(tree);
	return rc;
}

/* ---- walking trees, for the index ---- */

struct walk {
	git_repository *repo;
	const char *prefix;
	int (*fn)(const char *path, const char *data, size_t len, void *arg);
	void *arg;
	int rc;
	struct crm_buf path;
};

static int
walk_cb(const char *root, const git_tree_entry *te, void *payload)
{
	struct walk *w = payload;
	git_blob *blob = NULL;
	int rc;

	if (git_tree_entry_type(te) == GIT_OBJECT_TREE) {
		/* Skip folders outside the prefix without reading them. */
		if (w->prefix && !*root &&
		    strcmp(git_tree_entry_name(te), w->prefix) != 0)
			return 1;
		return 0;
	}
	if (git_tree_entry_type(te) != GIT_OBJECT_BLOB)
		return 0;
	crm_buf_reset(&w->path);
	crm_buf_addf(&w->path, "%s%s", root, git_tree_entry_name(te));
	if (w->prefix && strncmp(w->path.buf, w->prefix, strlen(w->prefix)) != 0)
		return 0;
	if ((rc = git_blob_lookup(&blob, w->repo, git_tree_entry_id(te))) < 0) {
		w->rc = git_fail(rc, w->path.buf);
		return -1;
	}
	rc = w->fn(w->path.buf, git_blob_rawcontent(blob),
		   (size_t)git_blob_rawsize(blob), w->arg);
	git_blob_free(blob);
	if (rc) {
		w->rc = rc;
		return -1;
	}
	return 0;
}

static int
walk_tree(struct crm_store *s, git_tree *tree, const char *dir,
	  int (*fn)(const char *, const char *, size_t, void *), void *arg)
{
	struct walk w = { s->repo, dir, fn, arg, 0, CRM_BUF_INIT };
	int rc;

	if (!tree)
		return 0;
	rc = git_tree_walk(tree, GIT_TREEWALK_PRE, walk_cb, &w);
	crm_buf_release(&w.path);
	if (w.rc)
		return w.rc;
	if (rc < 0)
		return git_fail(rc, "cannot read the store");
	return 0;
}

int
crm_store_walk(struct crm_store *s, const char *dir,
	       int (*fn)(const char *path, const char *data, size_t len,
			 void *arg),
	       void *arg)
{
	git_tree *tree = NULL;
	git_oid oid;
	int rc;

	if ((rc = load_head(s, &oid)) < 0 || (rc = head_tree(&tree, s, &oid)) < 0)
		return rc;
	rc = walk_tree(s, tree, dir, fn, arg);
	git_tree_free(tree);
	return rc;
}

/* ---- keeping the index in step ---- */

static int
index_put_cb(const char *path, const char *data, size_t len, void *arg)
{
	return crm_index_put(arg, path, data, len);
}

/*
 * A rebuild reads every file of the store: git's work (finding,
 * inflating) and parsing run in a second thread, a few files ahead of
 * the indexing in this one, which has SQLite to itself.  Files reach
 * the index in the order of the walk, as walk_tree gives them.
 */
#define PIPE_DEPTH 4

struct pipe_item {
	struct crm_parsed p;
	struct pipe_item *next;
};

struct pipe {
	pthread_mutex_t mu;
	pthread_cond_t more, room;
	struct pipe_item *head, *tail;
	struct pipe_item *used;		/* indexed, for the reader to free */
	size_t n;
	int done;		/* the reader has finished */
	int stop;		/* the indexing failed: read no further */
	int rc;			/* the reader's failure, with msg */
	char *msg;
	git_repository *repo;
	git_tree *tree;
	struct crm_buf path;
};

static int
pipe_cb(const char *root, const git_tree_entry *te, void *payload)
{
	struct pipe *q = payload;
	struct pipe_item *it;
	git_blob *blob = NULL;
	char *data;
	size_t len;
	int rc;

	if (git_tree_entry_type(te) != GIT_OBJECT_BLOB)
		return 0;
	crm_buf_reset(&q->path);
	crm_buf_adds(&q->path, root);
	crm_buf_adds(&q->path, git_tree_entry_name(te));
	if ((rc = git_blob_lookup(&blob, q->repo, git_tree_entry_id(te))) < 0) {
		q->rc = git_fail(rc, q->path.buf);
		q->msg = crm_xstrdup(crm_err_msg());
		crm_err_clear();
		return -1;
	}
	len = (size_t)git_blob_rawsize(blob);
	data = crm_xmalloc(len + 1);
	memcpy(data, git_blob_rawcontent(blob), len);
	data[len] = '\0';
	git_blob_free(blob);
	it = crm_xcalloc(1, sizeof(*it));
	crm_index_parse(&it->p, crm_xstrdup(q->path.buf), data, len);
	pthread_mutex_lock(&q->mu);
	/* what the indexer is done with is freed here, off its thread */
	while (q->used) {
		struct pipe_item *u = q->used;

		q->used = u->next;
		pthread_mutex_unlock(&q->mu);
		crm_parsed_release(&u->p);
		free(u);
		pthread_mutex_lock(&q->mu);
	}
	while (q->n >= PIPE_DEPTH && !q->stop)
		pthread_cond_wait(&q->room, &q->mu);
	if (q->stop) {
		pthread_mutex_unlock(&q->mu);
		crm_parsed_release(&it->p);
		free(it);
		return -1;
	}
	if (q->tail)
		q->tail->next = it;
	else
		q->head = it;
	q->tail = it;
	q->n++;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->mu);
	return 0;
}

static void *
pipe_reader(void *arg)
{
	struct pipe *q = arg;
	int rc = git_tree_walk(q->tree, GIT_TREEWALK_PRE, pipe_cb, q);

	if (rc < 0 && !q->rc && !q->stop) {
		q->rc = git_fail(rc, "cannot read the store");
		q->msg = crm_xstrdup(crm_err_msg());
	}
	crm_err_clear();
	crm_buf_release(&q->path);
	pthread_mutex_lock(&q->mu);
	q->done = 1;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

static int
walk_tree_piped(struct crm_store *s, git_tree *tree)
{
	struct pipe q;
	struct pipe_item *it;
	sigset_t all, old;
	pthread_t th;
	int rc = 0;

	memset(&q, 0, sizeof(q));
	pthread_mutex_init(&q.mu, NULL);
	pthread_cond_init(&q.more, NULL);
	pthread_cond_init(&q.room, NULL);
	q.repo = s->repo;
	q.tree = tree;
	/* signals are this thread's to take */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if (pthread_create(&th, NULL, pipe_reader, &q) != 0) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return walk_tree(s, tree, NULL, index_put_cb, s->idx);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	for (;;) {
		pthread_mutex_lock(&q.mu);
		while (!q.head && !q.done)
			pthread_cond_wait(&q.more, &q.mu);
		it = q.head;
		if (it) {
			q.head = it->next;
			if (!q.head)
				q.tail = NULL;
			q.n--;
			pthread_cond_signal(&q.room);
		}
		pthread_mutex_unlock(&q.mu);
		if (!it)
			break;
		if (rc == 0)
			rc = crm_index_put_parsed(s->idx, &it->p);
		pthread_mutex_lock(&q.mu);
		it->next = q.used;
		q.used = it;
		pthread_mutex_unlock(&q.mu);
		if (rc < 0) {
			pthread_mutex_lock(&q.mu);
			q.stop = 1;
			pthread_cond_signal(&q.room);
			pthread_mutex_unlock(&q.mu);
		}
	}
	pthread_join(th, NULL);
	while ((it = q.used)) {
		q.used = it->next;
		crm_parsed_release(&it->p);
		free(it);
	}
	if (rc == 0 && q.rc)
		rc = crm_err_set(q.rc, "%s", q.msg);
	free(q.msg);
	pthread_mutex_destroy(&q.mu);
	pthread_cond_destroy(&q.more);
	pthread_cond_destroy(&q.room);
	return rc;
}

struct diff_ctx {
	struct crm_store *s;
	int rc;
	struct crm_buf data;
};

static int
diff_file_cb(const git_diff_delta *d, float progress, void *payload)
{
	struct diff_ctx *c = payload;
	struct crm_index *idx = c->s->idx;
	git_blob *blob = NULL;
	int rc = 0;

	switch (d->status) {
	case GIT_DELTA_DELETED:
		rc = crm_index_remove(idx, d->old_file.path);
		break;
	case GIT_DELTA_ADDED:
	case GIT_DELTA_MODIFIED:
	case GIT_DELTA_TYPECHANGE:
		if (d->new_file.mode != GIT_FILEMODE_BLOB &&
		    d->new_file.mode != GIT_FILEMODE_BLOB_EXECUTABLE) {
			rc = crm_index_remove(idx, d->new_file.path);
			break;
		}
		if ((rc = git_blob_lookup(&blob, c->s->repo, &d->new_file.id)) < 0) {
			rc = git_fail(rc, d->new_file.path);
			break;
		}
		rc = crm_index_put(idx, d->new_file.path,
				   git_blob_rawcontent(blob),
				   (size_t)git_blob_rawsize(blob));
		git_blob_free(blob);
		break;
	default:
		break;
	}
	if (rc < 0) {
		c->rc = rc;
		return -1;
	}
	return 0;
}

/*
 * Brings the index from the commit it reflects to the commit oid, inside
 * a transaction the caller opened: by diffing the two trees, or by
 * reading everything when the old commit is unknown.
 */
static int
index_catch_up(struct crm_store *s, const git_oid *oid)
{
	struct crm_buf ih = CRM_BUF_INIT;
	git_tree *old_tree = NULL, *new_tree = NULL;
	git_oid old;
	git_diff *diff = NULL;
	git_diff_options o;
	char hex[GIT_OID_HEXSZ + 1];
	int rc;

	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	git_oid_tostr(hex, sizeof(hex), oid);
	if ((rc = crm_index_head(&ih, s->idx)) < 0)
		goto out;
	if (strcmp(crm_buf_str(&ih), hex) == 0)
		goto out;
	if ((rc = head_tree(&new_tree, s, oid)) < 0)
		goto out;
	if (ih.len == GIT_OID_HEXSZ && git_oid_fromstr(&old, ih.buf) == 0 &&
	    head_tree(&old_tree, s, &old) == 0) {
		struct diff_ctx c = { s, 0, CRM_BUF_INIT };

		rc = git_diff_tree_to_tree(&diff, s->repo, old_tree, new_tree, &o);
		if (rc < 0) {
			rc = git_fail(rc, "cannot compare commits");
			goto out;
		}
		rc = git_diff_foreach(diff, diff_file_cb, NULL, NULL, NULL, &c);
		crm_buf_release(&c.data);
		if (c.rc < 0) {
			rc = c.rc;
			goto out;
		}
		if (rc < 0) {
			rc = git_fail(rc, "cannot compare commits");
			goto out;
		}
	} else {
		crm_err_clear();
		if ((rc = crm_index_clear(s->idx)) < 0 ||
		    (rc = crm_index_rebuilding(s->idx) ?
			  walk_tree_piped(s, new_tree) :
			  walk_tree(s, new_tree, NULL, index_put_cb, s->idx)) < 0)
			goto out;
	}
	/* the settings of this commit, for reads that skip libgit2 */
	{
		struct crm_buf cfg = CRM_BUF_INIT;

		if (read_blob(&cfg, s->repo, new_tree, "crm.yaml") < 0)
			crm_err_clear();
		rc = crm_index_set_meta(s->idx, "config", crm_buf_str(&cfg));
		crm_buf_release(&cfg);
		if (rc < 0)
			goto out;
	}
	rc = crm_index_set_head(s->idx, hex);
out:
	git_diff_free(diff);
	git_tree_free(old_tree);
	git_tree_free(new_tree);
	crm_buf_release(&ih);
	return rc;
}

static int
open_index(struct crm_store *s)
{
	struct crm_buf p = CRM_BUF_INIT;
	int rc;

	if (s->idx)
		return 0;
	/* the store is a bare repository: its folder is the git folder */
	crm_buf_addf(&p, "%s/crm-index.sqlite", s->path);
	rc = crm_index_open(&s->idx, p.buf);
	if (rc == 0)
		crm_index_set_currency(s->idx, crm_config_currency(s->config));
	crm_buf_release(&p);
	return rc;
}

static int rebuild_empty(struct crm_store *s);

static int
sync_index(struct crm_store *s)
{
	struct crm_buf ih = CRM_BUF_INIT;
	git_oid oid;
	int rc;

	if ((rc = open_index(s)) < 0 || (rc = load_head(s, &oid)) < 0)
		return rc;
	/* The common case, read without a write lock: nothing to do. */
	if ((rc = crm_index_head(&ih, s->idx)) < 0)
		goto out;
	if (strcmp(crm_buf_str(&ih), s->head) == 0)
		goto out;
	if (!*crm_buf_str(&ih) && *s->head && (rc = rebuild_empty(s)) != 0) {
		if (rc > 0)
			rc = 0;
		goto out;
	}
	if ((rc = crm_index_begin(s->idx)) < 0)
		goto out;
	if ((rc = load_head(s, &oid)) < 0 || (rc = index_catch_up(s, &oid)) < 0) {
		crm_index_rollback(s->idx);
		goto out;
	}
	rc = crm_index_commit(s->idx);
out:
	crm_buf_release(&ih);
	return rc;
}

int
crm_store_index(struct crm_index **out, struct crm_store *s)
{
	int rc;

	if (!s->idx_synced) {
		if ((rc = sync_index(s)) < 0)
			return rc;
		s->idx_synced = 1;
	}
	if (s->scans == 1) {
		if ((rc = crm_index_map(s->idx)) < 0)
			return rc;
		s->scans = 2;	/* done */
	}
	*out = s->idx;
	return 0;
}

void
crm_store_for_scans(struct crm_store *s)
{
	s->scans = 1;
}

static int lock_store(struct crm_store *s, int *fd);

/*
 * A full rebuild writes a new file without a journal, builds the
 * secondary indexes from the sorted rows at the end, and renames it over
 * the old one: several times faster than refilling the live index.
 * Writers are kept out meanwhile.
 */
static int
reindex_locked(struct crm_store *s, size_t *n)
{
	struct crm_buf path = CRM_BUF_INIT, tmp = CRM_BUF_INIT, side = CRM_BUF_INIT;
	struct crm_index *fresh = NULL, *live;
	size_t k, c;
	git_oid oid;
	int rc;

	*n = 0;
	crm_buf_addf(&path, "%s/crm-index.sqlite", s->path);
	crm_buf_addf(&tmp, "%s/crm-index.sqlite.new", s->path);
	if ((rc = crm_index_open_rebuild(&fresh, tmp.buf)) < 0)
		goto out;
	crm_index_set_currency(fresh, crm_config_currency(s->config));
	live = s->idx;
	s->idx = fresh;
	rc = crm_index_begin(fresh);
	if (rc == 0 && ((rc = load_head(s, &oid)) < 0 ||
			(rc = index_catch_up(s, &oid)) < 0))
		crm_index_rollback(fresh);
	else if (rc == 0)
		rc = crm_index_commit(fresh);
	if (rc == 0)
		rc = crm_index_finish_rebuild(fresh);
	s->idx = live;
	if (rc < 0)
		goto out;
	for (k = 0; k < CRM_NKINDS && rc == 0; k++)
		if ((rc = crm_index_kind_count(&c, fresh, k)) == 0)
			*n += c;
	crm_index_free(fresh);
	fresh = NULL;
	/* the old file's journal must not meet the new file */
	crm_index_free(s->idx);
	s->idx = NULL;
	crm_buf_addf(&side, "%s-wal", path.buf);
	unlink(side.buf);
	crm_buf_reset(&side);
	crm_buf_addf(&side, "%s-shm", path.buf);
	unlink(side.buf);
	if (rename(tmp.buf, path.buf) < 0) {
		rc = crm_err_set(CRM_EIO, "cannot replace %s: %s", path.buf,
				 strerror(errno));
		goto out;
	}
	s->idx_synced = 0;
	rc = open_index(s);
	if (rc == 0)
		s->idx_synced = 1;
	/* the index of crm-report --as-of is a cache: the next one copies this */
	for (k = 0; k < 3; k++) {
		crm_buf_reset(&side);
		crm_buf_addf(&side, "%s/crm-index-asof.sqlite%s", s->path,
			     k == 0 ? "" : k == 1 ? "-wal" : "-shm");
		unlink(side.buf);
	}
out:
	if (fresh) {
		crm_index_free(fresh);
		unlink(tmp.buf);
	}
	crm_buf_release(&path);
	crm_buf_release(&tmp);
	crm_buf_release(&side);
	return rc;
}

int
crm_store_reindex(struct crm_store *s, size_t *n)
{
	int rc, fd = -1;

	*n = 0;
	if ((rc = need_repo(s)) < 0 || (rc = lock_store(s, &fd)) < 0)
		return rc;
	rc = reindex_locked(s, n);
	close(fd);
	return rc;
}

/*
 * An index with nothing in it (new, or of an older version) over a store
 * with a branch: built by the rebuild path when no writer holds the
 * store.  1 when done, 0 when the store is held (the caller catches up
 * as usual: that writer may be this very process).
 */
static int
rebuild_empty(struct crm_store *s)
{
	struct crm_buf p = CRM_BUF_INIT;
	size_t n;
	int fd, rc;

	gitdir_file(&p, s->repo, "crm.lock");
	fd = open(p.buf, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	crm_buf_release(&p);
	if (fd < 0)
		return 0;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		return 0;
	}
	rc = reindex_locked(s, &n);
	close(fd);
	return rc < 0 ? rc : 1;
}

/* ---- the store as it was ---- */

int
crm_store_git(git_repository **out, struct crm_store *s)
{
	int rc = need_repo(s);

	*out = rc == 0 ? s->repo : NULL;
	return rc;
}

int
crm_store_head_oid(struct crm_store *s, git_oid *out)
{
	if (!git_oid_is_zero(&s->asof)) {
		git_oid_cpy(out, &s->asof);
		return 0;
	}
	return load_head(s, out);
}

struct stage_walk {
	struct crm_store *s;
	int64_t t;			/* the commit's time */
	struct crm_map *stage;		/* deal path -> "stage\x1fcontact" */
	struct crm_map *since;		/* deal path -> time it entered it */
	int (*fn)(const char *stage, const char *contact, int64_t seconds,
		  int done, void *arg);
	void *arg;
	int rc;
};

/*
 * The last commit of main's first-parent line (the store's own
 * history, as this clone saw it) committed at or before t.
 */
static int
commit_at(git_oid *out, int64_t *when, struct crm_store *s, int64_t t)
{
	git_commit *c = NULL;
	git_oid oid;
	int rc;

	if ((rc = load_head(s, &oid)) < 0)
		return rc;
	while (!git_oid_is_zero(&oid)) {
		if ((rc = git_commit_lookup(&c, s->repo, &oid)) < 0)
			return git_fail(rc, "cannot read the history");
		if ((int64_t)git_commit_time(c) <= t) {
			git_oid_cpy(out, &oid);
			*when = (int64_t)git_commit_time(c);
			git_commit_free(c);
			return 0;
		}
		if (git_commit_parentcount(c) == 0)
			memset(&oid, 0, sizeof(oid));
		else
			git_oid_cpy(&oid, git_commit_parent_id(c, 0));
		git_commit_free(c);
	}
	return crm_err_set(CRM_ENOTFOUND, "the store has no commit that old");
}

int
crm_store_as_of(struct crm_store *s, int64_t t, char commit[41], int64_t *when)
{
	struct crm_buf path = CRM_BUF_INIT, lock = CRM_BUF_INIT, cfg = CRM_BUF_INIT;
	struct crm_index *live = NULL, *old = NULL;
	git_tree *tree = NULL;
	git_oid oid;
	int rc, fresh, scans;

	/* the live index read, not mapped: its pages would count as ours */
	scans = s->scans;
	s->scans = 0;
	rc = need_repo(s);
	if (rc == 0)
		rc = crm_store_index(&live, s);
	s->scans = scans;
	if (rc < 0 || (rc = commit_at(&oid, when, s, t)) < 0)
		goto out;
	git_oid_tostr(commit, GIT_OID_HEXSZ + 1, &oid);
	/*
	 * A second index, kept for the next time: a copy of the live one,
	 * brought back to that commit by a diff of the two trees (what
	 * changed since, not the whole store).  One report at a time uses
	 * it, under its lock.
	 */
	gitdir_file(&lock, s->repo, "crm-asof.lock");
	s->asof_fd = open(lock.buf, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
			  0600);
	if (s->asof_fd < 0 || flock(s->asof_fd, LOCK_EX) < 0) {
		rc = crm_err_set(CRM_EIO, "%s: %s", lock.buf, strerror(errno));
		goto out;
	}
	crm_buf_addf(&path, "%s/crm-index-asof.sqlite", s->path);
	fresh = access(path.buf, F_OK) != 0;
	if ((fresh && (rc = crm_index_copy(live, path.buf)) < 0) ||
	    (rc = crm_index_open(&old, path.buf)) < 0)
		goto out;
	crm_index_set_currency(old, crm_config_currency(s->config));
	s->idx = old;
	if ((rc = crm_index_begin(old)) < 0)
		goto back;
	if ((rc = index_catch_up(s, &oid)) < 0) {
		crm_index_rollback(old);
		goto back;
	}
	if ((rc = crm_index_commit(old)) < 0)
		goto back;
	/* the settings of then */
	if ((rc = head_tree(&tree, s, &oid)) < 0)
		goto back;
	if (read_blob(&cfg, s->repo, tree, "crm.yaml") == 0 &&
	    (rc = crm_config_parse(s->config, cfg.buf, cfg.len, "crm.yaml")) < 0)
		goto back;
	crm_err_clear();
	crm_index_set_currency(old, crm_config_currency(s->config));
	crm_index_free(live);
	old = live = NULL;
	git_oid_cpy(&s->asof, &oid);
	s->asof_time = *when;
	s->idx_synced = 1;
	s->scans = scans ? 1 : 0;	/* the copy mapped, if asked */
	rc = 0;
	goto out;
back:
	s->idx = live;
out:
	crm_index_free(old);
	git_tree_free(tree);
	crm_buf_release(&path);
	crm_buf_release(&lock);
	crm_buf_release(&cfg);
	return rc;
}

/*
 * The stage a deal's YAML gives and its contact, as "stage\x1fcontact"
 * ("" without a stage), by the record's own parser.
 */
static void
deal_stage(char out[128], const char *data, size_t len, const char *path)
{
	struct crm_record *r = NULL;
	const char *v, *c;

	*out = '\0';
	if (crm_yaml_parse(&r, data, len, CRM_DEAL, path) < 0) {
		crm_err_clear();
		return;
	}
	if ((v = crm_record_get(r, "stage")) && *v) {
		c = crm_record_get(r, "contact");
		snprintf(out, 128, "%.63s\x1f%.40s", v, c ? c : "");
	}
	crm_record_free(r);
}

/* Calls w->fn for a stay in "stage\x1fcontact" of that many seconds. */
static int
stay(struct stage_walk *w, const char *sc, int64_t seconds, int done)
{
	char stage[64];
	const char *us = strchr(sc, 0x1f);

	snprintf(stage, sizeof(stage), "%.*s", us ? (int)(us - sc) : 63, sc);
	return w->fn(stage, us ? us + 1 : "", seconds, done, w->arg);
}


static int
stage_delta(const git_diff_delta *d, float progress, void *payload)
{
	struct stage_walk *w = payload;
	const char *path = d->new_file.path;
	const char *was = crm_map_get(w->stage, path);
	char now[128] = "", t[24];
	git_blob *blob = NULL;

	(void)progress;
	if (d->status != GIT_DELTA_DELETED) {
		if (git_blob_lookup(&blob, w->s->repo, &d->new_file.id) < 0) {
			w->rc = git_fail(-1, path);
			return -1;
		}
		deal_stage(now, git_blob_rawcontent(blob),
			   (size_t)git_blob_rawsize(blob), path);
		git_blob_free(blob);
	}
	if (was && strcmp(was, now) == 0)
		return 0;
	/* a stay that ends: the deal left its stage (or the store) */
	if (was && *was)
		w->rc = stay(w, was, w->t - strtoll(crm_map_get(w->since, path),
						     NULL, 10), 1);
	crm_map_put(w->stage, path, now);
	snprintf(t, sizeof(t), "%lld", (long long)w->t);
	crm_map_put(w->since, path, t);
	return w->rc < 0 ? -1 : 0;
}

struct stage_left {
	struct stage_walk *w;
	int64_t end;
};

static void
stage_open(const char *path, const char *stage, void *arg)
{
	struct stage_left *l = arg;
	int64_t since = strtoll(crm_map_get(l->w->since, path), NULL, 10);

	if (l->w->rc < 0 || !*stage)
		return;
	l->w->rc = stay(l->w, stage, l->end > since ? l->end - since : 0, 0);
}

int
crm_store_stage_stays(struct crm_store *s, int64_t end,
		      int (*fn)(const char *stage, const char *contact,
				int64_t seconds, int done, void *arg), void *arg)
{
	struct stage_walk w = { s, 0, NULL, NULL, fn, arg, 0 };
	git_oid *chain = NULL, oid;
	git_commit *c = NULL;
	git_tree *prev = NULL, *cur = NULL;
	git_diff *diff = NULL;
	git_diff_options o;
	size_t n = 0, alloc = 0, i;
	int rc;

	if ((rc = need_repo(s)) < 0)
		return rc;
	if (!git_oid_is_zero(&s->asof))
		git_oid_cpy(&oid, &s->asof);
	else if ((rc = load_head(s, &oid)) < 0)
		return rc;
	/* the first-parent line, newest first, of the commits that changed
	 * deals/ (the same subtree as the parent's: nothing to read) */
	while (!git_oid_is_zero(&oid)) {
		const git_oid *parent;
		git_commit *pc = NULL;
		git_tree_entry *a = NULL, *b = NULL;
		git_tree *t1 = NULL, *t2 = NULL;
		int same = 0;

		if ((rc = git_commit_lookup(&c, s->repo, &oid)) < 0) {
			rc = git_fail(rc, "cannot read the history");
			goto out;
		}
		parent = git_commit_parentcount(c) ? git_commit_parent_id(c, 0) : NULL;
		if (parent && git_commit_lookup(&pc, s->repo, parent) == 0 &&
		    git_commit_tree(&t1, c) == 0 && git_commit_tree(&t2, pc) == 0) {
			int ea = git_tree_entry_bypath(&a, t1, "deals");
			int eb = git_tree_entry_bypath(&b, t2, "deals");

			same = (ea != 0 && eb != 0) ||
			       (ea == 0 && eb == 0 &&
				git_oid_equal(git_tree_entry_id(a),
					      git_tree_entry_id(b)));
		}
		if (!same) {
			if (n == alloc) {
				alloc = alloc ? 2 * alloc : 256;
				chain = crm_xrealloc(chain, alloc * sizeof(*chain));
			}
			git_oid_cpy(&chain[n++], &oid);
		}
		git_tree_entry_free(a);
		git_tree_entry_free(b);
		git_tree_free(t1);
		git_tree_free(t2);
		git_commit_free(pc);
		if (parent)
			git_oid_cpy(&oid, parent);
		else
			memset(&oid, 0, sizeof(oid));
		git_commit_free(c);
		c = NULL;
	}
	/* oldest first: each commit against the one before it on the list */
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	{
		char *spec = "deals/";

		o.pathspec.strings = &spec;
		o.pathspec.count = 1;
		w.stage = crm_map_new();
		w.since = crm_map_new();
		for (i = n; i-- > 0 && rc == 0;) {
			if ((rc = git_commit_lookup(&c, s->repo, &chain[i])) < 0 ||
			    (rc = git_commit_tree(&cur, c)) < 0) {
				rc = git_fail(rc, "cannot read the history");
				break;
			}
			w.t = (int64_t)git_commit_time(c);
			git_commit_free(c);
			c = NULL;
			rc = git_diff_tree_to_tree(&diff, s->repo, prev, cur, &o);
			if (rc < 0) {
				rc = git_fail(rc, "cannot compare commits");
				break;
			}
			rc = git_diff_foreach(diff, stage_delta, NULL, NULL, NULL, &w);
			if (w.rc < 0)
				rc = w.rc;
			else if (rc < 0)
				rc = git_fail(rc, "cannot compare commits");
			git_diff_free(diff);
			diff = NULL;
			git_tree_free(prev);
			prev = cur;
			cur = NULL;
		}
	}
	/* the stays still going on at the end */
	if (rc == 0) {
		struct stage_left left = { &w, end };

		crm_map_each(w.stage, stage_open, &left);
		rc = w.rc;
	}
out:
	git_commit_free(c);
	git_tree_free(prev);
	git_tree_free(cur);
	crm_map_free(w.stage);
	crm_map_free(w.since);
	free(chain);
	return rc;
}

/* ---- transactions ---- */

static void
map_grow(struct crm_txn *t)
{
	size_t i, j, n = t->nslots ? t->nslots * 2 : 64;

	free(t->slots);
	t->slots = crm_xcalloc(n, sizeof(*t->slots));
	t->nslots = n;
	for (i = 0; i < t->n; i++) {
		j = crm_strhash(t->u[i].path) & (n - 1);
		while (t->slots[j])
			j = (j + 1) & (n - 1);
		t->slots[j] = i + 1;
	}
}

/* The staged update of path, or NULL. */
static struct update *
map_find(struct crm_txn *t, const char *path)
{
	size_t j;

	if (!t->nslots)
		return NULL;
	for (j = crm_strhash(path) & (t->nslots - 1); t->slots[j];
	     j = (j + 1) & (t->nslots - 1))
		if (strcmp(t->u[t->slots[j] - 1].path, path) == 0)
			return &t->u[t->slots[j] - 1];
	return NULL;
}

static struct update *
stage(struct crm_txn *t, const char *path)
{
	struct update *u = map_find(t, path);

	if (u) {
		free(u->data);
		u->data = NULL;
		u->len = 0;
		return u;
	}
	if (t->n == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 16;
		t->u = crm_xrealloc(t->u, t->alloc * sizeof(*t->u));
	}
	u = &t->u[t->n++];
	memset(u, 0, sizeof(*u));
	u->path = crm_xstrdup(path);
	if (t->n * 2 > t->nslots)
		map_grow(t);
	else {
		size_t j = crm_strhash(path) & (t->nslots - 1);

		while (t->slots[j])
			j = (j + 1) & (t->nslots - 1);
		t->slots[j] = t->n;
	}
	return u;
}

static void *
prep_main(void *arg)
{
	struct crm_txn *t = arg;

	if ((t->prep_rc = crm_index_prepare(t->s->idx)) < 0)
		t->prep_msg = crm_xstrdup(crm_err_msg());
	crm_err_clear();
	return NULL;
}

/*
 * A bulk import's index work (indexes built from sorted rows, derived
 * fields, words) runs in a second thread while this one writes the
 * journals and the pack: SQLite on one side, git and zlib on the
 * other, each touched by one thread only.  Joined before the branch
 * moves, so a failure there still cancels the whole change.
 */
void
crm_txn_prepare_index(struct crm_txn *txn)
{
	sigset_t all, old;

	if (txn->prepping)
		return;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	txn->prepping = pthread_create(&txn->prep, NULL, prep_main, txn) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Waits for crm_txn_prepare_index's thread, and takes its outcome. */
static int
txn_join(struct crm_txn *t)
{
	int rc = 0;

	if (!t->prepping)
		return 0;
	pthread_join(t->prep, NULL);
	t->prepping = 0;
	if (t->prep_rc < 0)
		rc = crm_err_set(t->prep_rc, "%s", t->prep_msg ? t->prep_msg :
				 "cannot update the index");
	free(t->prep_msg);
	t->prep_msg = NULL;
	return rc;
}

static void
txn_release(struct crm_txn *t)
{
	size_t i;

	txn_join(t);

	for (i = 0; i < t->n; i++) {
		free(t->u[i].path);
		free(t->u[i].data);
	}
	free(t->u);
	free(t->slots);
	crm_buf_release(&t->msg);
	crm_pack_free(t->pack);
	crm_strset_free(t->packed);
	git_tree_free(t->base);
	memset(t, 0, sizeof(*t));
}

int
crm_txn_journal_known(struct crm_txn *txn, const char *path)
{
	int rc;

	if (map_find(txn, path))
		return 1;
	/* the index is at the transaction's base (crm_store_write) */
	if (!txn->s->idx || (rc = crm_index_has_problem(txn->s->idx, path)) < 0) {
		crm_err_clear();
		return 0;
	}
	return !rc;
}

struct crm_store *
crm_txn_store(struct crm_txn *txn)
{
	return txn->s;
}

int
crm_txn_read(struct crm_buf *out, struct crm_txn *txn, const char *path)
{
	struct update *u = map_find(txn, path);

	if (u) {
		if (u->remove)
			return crm_err_set(CRM_ENOTFOUND, "%s: no such file", path);
		if (!u->data)
			return crm_err_set(CRM_EINTERNAL,
					   "%s: staged in a bulk import", path);
		crm_buf_add(out, u->data, u->len);
		return 0;
	}
	return read_blob(out, txn->s->repo, txn->base, path);
}

static int
exists_in_base(struct crm_txn *t, const char *path)
{
	git_tree_entry *te = NULL;

	if (!t->base || git_tree_entry_bypath(&te, t->base, path) < 0)
		return 0;
	git_tree_entry_free(te);
	return 1;
}

static int stage_blob(struct crm_txn *txn, const char *path, const char *data,
		      size_t len);

int
crm_txn_put(struct crm_txn *txn, const char *path, const char *data,
	    size_t len)
{
	int rc = stage_blob(txn, path, data, len);

	return rc < 0 ? rc : crm_index_put(txn->s->idx, path, data, len);
}

int
crm_txn_put_record(struct crm_txn *txn, const char *path, const char *data,
		   size_t len, const struct crm_record *r)
{
	int rc = stage_blob(txn, path, data, len);

	return rc < 0 ? rc : crm_index_put_record(txn->s->idx, path, r);
}

int
crm_txn_put_raw(struct crm_txn *txn, const char *path, const char *data,
		size_t len)
{
	return stage_blob(txn, path, data, len);
}

void
crm_txn_defer_fts(struct crm_txn *txn)
{
	crm_index_defer_fts(txn->s->idx);
}

int
crm_txn_index_log(struct crm_txn *txn, const char *path,
		  const struct crm_record *r)
{
	return crm_index_add_log(txn->s->idx, path, r);
}

/* Writes the blob of path and stages it. */
/*
 * One blob, loose.  A day's journal grows to megabytes in a busy store,
 * and libgit2 deflates at zlib's default level: a crm-log there spent
 * most of its time compressing.  Blobs of 64 KiB and more go through a
 * second loose-object writer at level 1 (the one bulk imports' packs
 * use), fsynced like the rest; git gc recompresses them as it packs.
 */
static int
put_blob(git_oid *oid, struct crm_store *s, const char *data, size_t len)
{
	if (len >= 65536) {
		if (!s->fast) {
			struct crm_buf dir = CRM_BUF_INIT;
			git_odb_backend *be = NULL;
			int rc;

			crm_buf_addf(&dir, "%sobjects", git_repository_path(s->repo));
			if ((rc = git_odb_new(&s->fast)) < 0 ||
			    (rc = git_odb_backend_loose(&be, dir.buf, 1, 1, 0700, 0400)) < 0 ||
			    (rc = git_odb_add_backend(s->fast, be, 1)) < 0) {
				if (s->fast)
					git_odb_free(s->fast);
				s->fast = NULL;
				crm_buf_release(&dir);
				return rc;
			}
			crm_buf_release(&dir);
		}
		return git_odb_write(oid, s->fast, data, len, GIT_OBJECT_BLOB);
	}
	return git_blob_create_from_buffer(oid, s->repo, data, len);
}

static int
stage_blob(struct crm_txn *txn, const char *path, const char *data,
	   size_t len)
{
	struct update *u;
	int rc;

	if (len > MAX_BLOB)
		return crm_err_set(CRM_EDATA, "%s: larger than 1 MiB", path);
	if (txn->pack) {
		git_oid oid;
		char hex[GIT_OID_HEXSZ + 1];

		if ((rc = git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB)) < 0)
			return git_fail(rc, path);
		git_oid_tostr(hex, sizeof(hex), &oid);
		if (crm_strset_add(txn->packed, hex) &&
		    (rc = crm_pack_add(txn->pack, GIT_OBJECT_BLOB, data, len)) < 0)
			return rc;
		u = stage(txn, path);
		u->oid = oid;
		/* Only updates of existing files are read back. */
		if (exists_in_base(txn, path)) {
			u->data = crm_xstrndup(data, len);
			u->len = len;
		}
	} else {
		git_oid oid;

		if ((rc = put_blob(&oid, txn->s, data, len)) < 0)
			return git_fail(rc, path);
		u = stage(txn, path);
		u->oid = oid;
		u->data = crm_xstrndup(data, len);
		u->len = len;
	}
	u->remove = 0;
	return 0;
}

int
crm_txn_remove(struct crm_txn *txn, const char *path)
{
	struct update *u = stage(txn, path);

	u->remove = 1;
	return crm_index_remove(txn->s->idx, path);
}

void
crm_txn_message(struct crm_txn *txn, const char *fmt, ...)
{
	va_list ap;

	crm_buf_reset(&txn->msg);
	va_start(ap, fmt);
	crm_buf_vaddf(&txn->msg, fmt, ap);
	va_end(ap);
}

size_t
crm_txn_count(const struct crm_txn *txn)
{
	return txn->n;
}

int
crm_txn_bulk(struct crm_txn *txn)
{
	struct crm_buf dir = CRM_BUF_INIT;
	int rc;

	if (txn->pack || txn->n)
		return crm_err_set(CRM_EINTERNAL, "bulk mode starts a transaction");
	/* not objects/pack: its mtime tells libgit2 to rescan packs */
	gitdir_file(&dir, txn->s->repo, "");
	rc = crm_pack_new(&txn->pack, dir.buf);
	crm_buf_release(&dir);
	if (rc == 0)
		txn->packed = crm_strset_new();
	return rc;
}

/*
 * Builds the new tree from the base tree and the staged updates, and the
 * commit, in repo.  *same when the tree did not change.
 */
static int
build_commit(git_oid *out, git_repository *repo, struct crm_txn *t,
	     const git_oid *parent, int *same)
{
	git_tree_update *ups = NULL;
	git_tree *tree = NULL, *base = NULL;
	git_commit *pc = NULL;
	git_signature *sig = NULL;
	git_oid tree_id;
	const git_commit *parents[2];
	git_commit *mc = NULL;
	size_t i;
	int rc;

	*same = 0;
	if (t->base && (rc = git_tree_lookup(&base, repo, git_tree_id(t->base))) < 0)
		return git_fail(rc, "cannot read HEAD");
	ups = crm_xcalloc(t->n, sizeof(*ups));
	for (i = 0; i < t->n; i++) {
		ups[i].action = t->u[i].remove ? GIT_TREE_UPDATE_REMOVE :
			       GIT_TREE_UPDATE_UPSERT;
		ups[i].id = t->u[i].oid;
		ups[i].filemode = GIT_FILEMODE_BLOB;
		ups[i].path = t->u[i].path;
	}
	rc = git_tree_create_updated(&tree_id, repo, base, t->n, ups);
	free(ups);
	if (rc < 0) {
		rc = git_fail(rc, "cannot build the new tree");
		goto out;
	}
	if (base && git_oid_equal(&tree_id, git_tree_id(base)) && !t->merging) {
		*same = 1;
		goto out;
	}
	if ((rc = signature(&sig, repo)) < 0)
		goto out;
	if (t->merging && (rc = git_commit_lookup(&mc, repo, &t->merge)) < 0) {
		rc = git_fail(rc, "cannot read the commit to merge");
		goto out;
	}
	if ((rc = git_tree_lookup(&tree, repo, &tree_id)) < 0 ||
	    (!git_oid_is_zero(parent) &&
	     (rc = git_commit_lookup(&pc, repo, parent)) < 0)) {
		rc = git_fail(rc, "cannot build the commit");
		goto out;
	}
	parents[0] = pc;
	parents[1] = mc;
	if (!t->msg.len)
		crm_buf_adds(&t->msg, "update");
	crm_buf_addc(&t->msg, '\n');
	rc = git_commit_create(out, repo, NULL, sig, sig, "UTF-8",
			       t->msg.buf, tree, pc ? (mc ? 2 : 1) : 0, parents);
	t->msg.buf[--t->msg.len] = '\0';
	if (rc < 0)
		rc = git_fail(rc, "cannot write the commit");
out:
	git_commit_free(pc);
	git_commit_free(mc);
	git_tree_free(tree);
	git_tree_free(base);
	git_signature_free(sig);
	return rc;
}

void
crm_txn_merge(struct crm_txn *txn, const git_oid *other)
{
	git_oid_cpy(&txn->merge, other);
	txn->merging = 1;
}

void
crm_txn_base(struct crm_txn *txn, git_oid *out)
{
	git_oid_cpy(out, &txn->base_oid);
}

/* Copies an object the memory backend holds into the pack. */
static int
pack_from_mempack(struct crm_pack *p, git_odb_backend *mp, const git_oid *id)
{
	void *data = NULL;
	size_t len = 0;
	git_object_t type;
	int rc;

	if ((rc = mp->read(&data, &len, &type, mp, id)) < 0)
		return git_fail(rc, "cannot read a new tree");
	rc = crm_pack_add(p, (int)type, data, len);
	git_odb_backend_data_free(mp, data);
	return rc;
}

/* Adds the trees new in this commit: those the memory backend holds. */
static int
pack_new_trees(struct crm_pack *p, git_repository *repo, git_odb_backend *mp,
	       const git_oid *id)
{
	git_tree *tree = NULL;
	size_t i, n;
	int rc;

	if (!mp->exists(mp, id))
		return 0;
	if ((rc = pack_from_mempack(p, mp, id)) < 0)
		return rc;
	if ((rc = git_tree_lookup(&tree, repo, id)) < 0)
		return git_fail(rc, "cannot read a new tree");
	n = git_tree_entrycount(tree);
	for (i = 0; i < n && rc == 0; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);

		if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
			rc = pack_new_trees(p, repo, mp, git_tree_entry_id(e));
	}
	git_tree_free(tree);
	return rc;
}

/* The indexer keeps its count in one progress record across calls. */
struct writepack {
	git_odb_writepack *wp;
	git_indexer_progress stats;
};

static int
writepack_sink(const void *data, size_t len, void *arg)
{
	struct writepack *w = arg;

	return w->wp->append(w->wp, data, len, &w->stats) < 0 ? -1 : 0;
}

/*
 * The commit of a bulk transaction: trees and commit are built in memory
 * (a second handle on the repository with a memory backend in front),
 * then written with the blobs as one pack, indexed by libgit2.
 */
static int
bulk_commit(git_oid *out, struct crm_txn *t, const git_oid *parent, int *same)
{
	git_repository *r2 = NULL;
	git_odb *odb2 = NULL, *odb = NULL;
	git_odb_backend *mp = NULL;
	struct writepack w;
	git_commit *c = NULL;
	int rc;

	memset(&w, 0, sizeof(w));
	if ((rc = git_repository_open_ext(&r2, t->s->path,
					  GIT_REPOSITORY_OPEN_NO_SEARCH |
					  GIT_REPOSITORY_OPEN_BARE, NULL)) < 0 ||
	    (rc = git_repository_odb(&odb2, r2)) < 0 ||
	    (rc = git_mempack_new(&mp)) < 0) {
		rc = git_fail(rc, "cannot prepare the pack");
		goto out;
	}
	if ((rc = git_odb_add_backend(odb2, mp, 999)) < 0) {
		mp->free(mp);
		mp = NULL;
		rc = git_fail(rc, "cannot prepare the pack");
		goto out;
	}
	/* The blobs are in our pack, not yet in the object database. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
	rc = build_commit(out, r2, t, parent, same);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 1);
	if (rc < 0 || *same)
		goto out;
	if ((rc = git_commit_lookup(&c, r2, out)) < 0) {
		rc = git_fail(rc, "cannot read the new commit");
		goto out;
	}
	if ((rc = pack_new_trees(t->pack, r2, mp, git_commit_tree_id(c))) < 0 ||
	    (rc = pack_from_mempack(t->pack, mp, out)) < 0)
		goto out;
	if ((rc = git_repository_odb(&odb, t->s->repo)) < 0 ||
	    (rc = git_odb_write_pack(&w.wp, odb, NULL, NULL)) < 0) {
		rc = git_fail(rc, "cannot write the pack");
		goto out;
	}
	if ((rc = crm_pack_write(t->pack, writepack_sink, &w)) < 0) {
		if (rc == CRM_EIO && !*crm_err_msg())
			rc = git_fail(-1, "cannot write the pack");
		goto out;
	}
	if ((rc = w.wp->commit(w.wp, &w.stats)) < 0) {
		rc = git_fail(rc, "cannot write the pack");
		goto out;
	}
	/*
	 * Reopen the repository so its object database sees the new pack:
	 * git_odb_refresh trusts the pack folder's mtime, which has a
	 * resolution of one second.
	 */
	git_odb_free(odb);
	odb = NULL;
	git_tree_free(t->base);
	t->base = NULL;
	git_repository_free(t->s->repo);
	t->s->repo = NULL;
	if ((rc = git_repository_open_ext(&t->s->repo, t->s->path,
					  GIT_REPOSITORY_OPEN_NO_SEARCH |
					  GIT_REPOSITORY_OPEN_BARE, NULL)) < 0)
		rc = git_fail(rc, "cannot reopen the store");
out:
	if (w.wp)
		w.wp->free(w.wp);
	git_commit_free(c);
	git_odb_free(odb);
	git_odb_free(odb2);
	git_repository_free(r2);
	return rc;
}

/* Takes the writers' lock of the store, waiting a while for it. */
static int
lock_store(struct crm_store *s, int *fd)
{
	struct crm_buf p = CRM_BUF_INIT;
	struct timespec ts = { 0, 2000000 };
	long waited = 0, limit = LOCK_WAIT_MS;
	const char *e = getenv("CRM_LOCK_TIMEOUT");
	long long secs;

	/* scripts may choose how long to queue behind another writer */
	if (e && *e && crm_parse_int(&secs, e, 0, 86400, "CRM_LOCK_TIMEOUT") == 0)
		limit = (long)secs * 1000;
	crm_err_clear();

	gitdir_file(&p, s->repo, "crm.lock");
	*fd = open(p.buf, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (*fd < 0) {
		int rc = crm_err_set(CRM_EIO, "cannot open %s: %s", p.buf,
				     strerror(errno));

		crm_buf_release(&p);
		return rc;
	}
	while (flock(*fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			crm_buf_release(&p);
			close(*fd);
			return crm_err_set(CRM_EIO, "cannot lock the store: %s",
					   strerror(errno));
		}
		if (waited >= limit) {
			int rc = crm_err_set(CRM_EBUSY,
					     "the store is busy: another crm command holds %s",
					     p.buf);

			crm_buf_release(&p);
			close(*fd);
			return rc;
		}
		nanosleep(&ts, NULL);
		waited += 2;
	}
	crm_buf_release(&p);
	return 0;
}

static void
backoff(int attempt)
{
	long ms = 1L << (attempt < 8 ? attempt : 8);
	struct timespec ts;

	ms += rand() % (ms + 1);
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000;
	nanosleep(&ts, NULL);
}

/* Whether error rc is an object write that lost its folder to a git gc. */
static int
gc_raced(int rc)
{
	const char *m = crm_err_msg();

	return rc == CRM_EIO && strstr(m, "/objects/") &&
	       (strstr(m, "No such file or directory") || strstr(m, "rename"));
}

int
crm_store_write(struct crm_store *s, int (*fn)(struct crm_txn *txn, void *arg),
		void *arg)
{
	struct crm_txn t;
	struct timespec t0, t1;
	sigset_t block, old;
	git_oid base, commit;
	git_reference *ref = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	int fd = -1, rc, attempt = 0, same;

	memset(&t, 0, sizeof(t));
	if ((rc = need_repo(s)) < 0 || (rc = lock_store(s, &fd)) < 0)
		return rc;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	srand((unsigned)(getpid() ^ t0.tv_nsec));
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	for (;;) {
again:
		if ((rc = sync_index(s)) < 0)
			goto out;
		s->idx_synced = 1;
		if ((rc = crm_index_begin(s->idx)) < 0)
			goto out;
		t.s = s;
		if ((rc = load_head(s, &base)) < 0 ||
		    (rc = index_catch_up(s, &base)) < 0 ||
		    (rc = head_tree(&t.base, s, &base)) < 0)
			goto fail;
		git_oid_cpy(&t.base_oid, &base);
		if ((rc = fn(&t, arg)) < 0) {
			txn_join(&t);
			goto fail;
		}
		if (t.n == 0 && !t.merging) {
			txn_join(&t);
			crm_index_rollback(s->idx);
			goto out;
		}
		rc = t.pack ? bulk_commit(&commit, &t, &base, &same) :
		     build_commit(&commit, s->repo, &t, &base, &same);
		if (txn_join(&t) < 0 && rc == 0)
			rc = crm_err_code();
		if (rc < 0)
			goto fail;
		if (same) {
			crm_index_rollback(s->idx);
			goto out;
		}
		/* From here the change is published or dropped, not cut. */
		sigprocmask(SIG_BLOCK, &block, &old);
		rc = git_reference_create_matching(&ref, s->repo, BRANCH, &commit,
						   1, &base, t.msg.buf);
		git_reference_free(ref);
		ref = NULL;
		if (rc == 0) {
			git_oid_tostr(hex, sizeof(hex), &commit);
			if (crm_index_set_head(s->idx, hex) < 0 ||
			    crm_index_commit(s->idx) < 0) {
				/* The next command catches the index up. */
				crm_index_rollback(s->idx);
				crm_err_clear();
			}
			git_oid_cpy(&base, &commit);
			git_oid_tostr(s->head, sizeof(s->head), &commit);
			sigprocmask(SIG_SETMASK, &old, NULL);
			goto out;
		}
		sigprocmask(SIG_SETMASK, &old, NULL);
		if (rc != GIT_EMODIFIED && rc != GIT_ELOCKED && rc != GIT_EEXISTS) {
			rc = git_fail(rc, "cannot move the branch");
			goto fail;
		}
		/* Someone else committed: do the change again on theirs. */
		crm_index_rollback(s->idx);
		txn_release(&t);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if ((t1.tv_sec - t0.tv_sec) * 1000 +
		    (t1.tv_nsec - t0.tv_nsec) / 1000000 > RETRY_MS + LOCK_WAIT_MS) {
			rc = crm_err_set(CRM_EBUSY,
					 "the store is busy: its branch kept moving");
			goto out;
		}
		backoff(attempt++);
	}
fail:
	crm_index_rollback(s->idx);
	if (gc_raced(rc) && attempt < 8) {
		/*
		 * A git gc beside us pruned an empty objects/xx/ folder while
		 * libgit2 wrote into it (git itself retries that; libgit2 1.5
		 * does not): nothing was published, so write it all again.
		 */
		crm_err_clear();
		txn_release(&t);
		backoff(attempt++);
		goto again;
	}
out:
	txn_release(&t);
	if (fd >= 0)
		close(fd);
	return rc;
}

int
crm_store_get(struct crm_record **out, struct crm_store *s, enum crm_kind k,
	      const char *id)
{
	struct crm_buf path = CRM_BUF_INIT, data = CRM_BUF_INIT;
	int rc;

	*out = NULL;
	crm_record_path(&path, k, id);
	if ((rc = crm_store_read(&data, s, path.buf)) == 0)
		rc = crm_yaml_parse(out, data.buf, data.len, k, path.buf);
	crm_buf_release(&path);
	crm_buf_release(&data);
	return rc;
}

/* ---- references, through the index ---- */

void
crm_matches_free(struct crm_match *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(m[i].label);
	free(m);
}

int
crm_ref_resolve(struct crm_match *out, struct crm_store *s, int kind,
		const char *ref)
{
	struct crm_index *idx;
	struct crm_match *m = NULL;
	struct crm_buf b = CRM_BUF_INIT;
	size_t n = 0, i;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = crm_store_index(&idx, s)) < 0)
		return rc;
	if ((rc = crm_index_resolve(&m, &n, idx, kind, ref)) < 0)
		return rc;
	if (n == 1) {
		*out = m[0];
		free(m);
		return 0;
	}
	if (n == 0) {
		rc = crm_err_set(CRM_ENOTFOUND, "%s '%s' not found",
				 kind == CRM_LOG ? "interaction" :
				 kind >= 0 ? crm_kind_name(kind) : "record", ref);
	} else {
		for (i = 0; i < n && i < 10; i++)
			crm_buf_addf(&b, "\n  %s %s %s", crm_kind_name(m[i].kind),
				     m[i].id, m[i].label);
		if (n > 10)
			crm_buf_addf(&b, "\n  ... and %zu more", n - 10);
		rc = crm_err_set(CRM_EAMBIG, "'%s' is ambiguous; it matches:%s",
				 ref, crm_buf_str(&b));
	}
	crm_matches_free(m, n);
	crm_buf_release(&b);
	return rc;
}

int
crm_index_by_email(struct crm_match **out, size_t *n, struct crm_store *s,
		   const char *email, const char *skip)
{
	struct crm_index *idx;
	int rc;

	if ((rc = crm_store_index(&idx, s)) < 0)
		return rc;
	return crm_index_email(out, n, idx, email, skip);
}

int
crm_index_by_org_name(struct crm_match **out, size_t *n, struct crm_store *s,
		      const char *name, const char *skip)
{
	struct crm_index *idx;
	int rc;

	if ((rc = crm_store_index(&idx, s)) < 0)
		return rc;
	return crm_index_org_name(out, n, idx, name, skip);
}

int
crm_store_problems(size_t *out, struct crm_store *s,
		   void (*fn)(const char *path, const char *msg, void *arg),
		   void *arg)
{
	struct crm_index *idx;
	int rc;

	*out = 0;
	if ((rc = crm_store_index(&idx, s)) < 0)
		return rc;
	return crm_index_problems(out, idx, fn, arg);
}

int
crm_index_kind(struct crm_store *s, const char *id)
{
	struct crm_index *idx;
	int rc;

	if ((rc = crm_store_index(&idx, s)) < 0)
		return rc;
	return crm_index_kind_of(idx, id);
}

int
crm_index_count(size_t *out, struct crm_store *s, enum crm_kind k)
{
	struct crm_index *idx;
	int rc;

	if ((rc = crm_store_index(&idx, s)) < 0)
		return rc;
	return crm_index_kind_count(out, idx, k);
}

int
crm_store_fields(char ***out, size_t *n, struct crm_store *s, int kind)
{
	struct crm_index *idx;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = crm_store_index(&idx, s)) < 0)
		return rc;
	return crm_index_fields(out, n, idx, kind);
}

int
crm_store_query(struct crm_store *s, const struct crm_query *q,
		int (*fn)(const struct crm_row *row, void *arg), void *arg)
{
	struct crm_index *idx;
	struct crm_fnode **cols = NULL, **sorts = NULL;
	char **known = NULL, *spec = NULL, *p, *tok;
	int *desc = NULL, rc;
	size_t nknown = 0, nsort = 0, i;

	if ((rc = crm_store_index(&idx, s)) < 0 ||
	    (rc = crm_index_fields(&known, &nknown, idx, q->kind)) < 0)
		return rc;
	cols = crm_xcalloc(q->ncolumns + 1, sizeof(*cols));
	for (i = 0; i < q->ncolumns && rc == 0; i++) {
		rc = crm_filter_field(&cols[i], q->columns[i], q->kind, s->config,
				      known);
		if (rc == 0 && q->numeric)
			q->numeric[i] = cols[i]->src == CRM_SRC_LIST ? 2 :
					cols[i]->ftype == CRM_T_BOOL ? 3 :
					cols[i]->vt == CRM_VT_NUM ||
					cols[i]->vt == CRM_VT_MONEY;
	}
	if (rc == 0 && q->sort && *q->sort) {
		spec = crm_xstrdup(q->sort);
		for (p = spec; rc == 0 && (tok = strsep(&p, ",")); ) {
			int d = *tok == '-';

			if (*tok == '-' || *tok == '+')
				tok++;
			sorts = crm_xrealloc(sorts, (nsort + 1) * sizeof(*sorts));
			desc = crm_xrealloc(desc, (nsort + 1) * sizeof(*desc));
			desc[nsort] = d;
			rc = crm_filter_field(&sorts[nsort], tok, q->kind, s->config,
					      known);
			if (rc == 0)
				nsort++;
		}
	}
	/* segment=, rfm=, lifecycle=: their members, before the query */
	if (rc == 0)
		rc = crm_segment_prepare(s, q->filter);
	if (rc == 0)
		rc = crm_index_query(idx, q, (const struct crm_fnode *const *)cols,
				     (const struct crm_fnode *const *)sorts, desc,
				     nsort, fn, arg);
	for (i = 0; i < q->ncolumns; i++)
		crm_fnode_free(cols[i]);
	for (i = 0; i < nsort; i++)
		crm_fnode_free(sorts[i]);
	free(cols);
	free(sorts);
	free(desc);
	free(spec);
	crm_refs_free(known, nknown);
	return rc;
}

int
crm_store_named_by(struct crm_store *s, enum crm_kind kind, const char *field,
		   const char *id, char *const *cols, size_t ncols,
		   const char *sort, int with_doc,
		   int (*fn)(const struct crm_row *row, void *arg), void *arg)
{
	struct crm_filter *f = NULL;
	struct crm_buf text = CRM_BUF_INIT;
	struct crm_query q;
	int rc;

	crm_buf_addf(&text, "%s = %s", field, id);
	rc = crm_filter_parse(&f, text.buf, kind, crm_store_config(s), NULL,
			      crm_now());
	crm_buf_release(&text);
	if (rc < 0)
		return rc;
	memset(&q, 0, sizeof(q));
	q.kind = kind;
	q.filter = f;
	q.columns = cols;
	q.ncolumns = ncols;
	q.sort = sort;
	q.limit = -1;
	q.no_doc = !with_doc;
	q.unordered = !sort;
	rc = crm_store_query(s, &q, fn, arg);
	crm_filter_free(f);
	return rc;
}

int
crm_store_log_path(struct crm_buf *out, struct crm_store *s, const char *id)
{
	struct crm_index *idx;
	int rc;

	if ((rc = crm_store_index(&idx, s)) < 0)
		return rc;
	return crm_index_log_path(out, idx, id);
}

int
crm_store_figures(struct crm_store *s, const char *until, const char *since,
		  const char *recent, const char *prior, int touches,
		  int (*fn)(const struct crm_figures *f, void *arg), void *arg)
{
	struct crm_index *idx;
	int rc;

	if ((rc = crm_store_index(&idx, s)) < 0)
		return rc;
	return crm_index_figures(idx, until, since, recent, prior, touches, fn,
				 arg);
}

int
crm_store_buys(struct crm_store *s, const char *since, const char *until,
	       int (*fn)(const struct crm_buy *b, void *arg), void *arg)
{
	struct crm_index *idx;
	int rc;

	if ((rc = crm_store_index(&idx, s)) < 0)
		return rc;
	return crm_index_buys(idx, since, until, fn, arg);
}

int
crm_store_touches(struct crm_store *s, const char *since, int tasks,
		  int (*fn)(const char *contact, const char *at,
			    const char *type, void *arg), void *arg)
{
	struct crm_index *idx;
	int rc;

	if ((rc = crm_store_index(&idx, s)) < 0)
		return rc;
	return crm_index_touches(idx, since, tasks, fn, arg);
}
