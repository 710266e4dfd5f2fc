/*
 * index.c: the SQLite index beside the git data (the only file that
 * includes <sqlite3.h>).  It is derived from the records at one commit,
 * which it records in the same transaction as the rows, so it can always
 * tell whether it is current and be rebuilt from the store.  WAL mode and
 * a busy timeout let readers and one writer work at once.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"
#include "internal.h"

/* Bump when the tables change: an index of another version is rebuilt. */
#define INDEX_VERSION "3"

enum {
	S_HEAD, S_SET_HEAD, S_REC_ROWID, S_REC_DEL, S_REC_INS, S_FTS_DEL,
	S_FTS_INS, S_LIST_DEL, S_LIST_INS, S_LOG_BY_PATH, S_LOG_DEL_PATH,
	S_LOG_INS, S_FTSLOG_DEL, S_FTSLOG_INS, S_PROB_DEL, S_PROB_INS,
	S_REC_BY_PATH, S_RES_PREFIX, S_RES_PREFIX_LOG, S_RES_EMAIL,
	S_RES_ORG, S_EMAIL, S_ORGNAME, S_KIND_OF, S_META, S_NSTMT
};

static const char *const sql[S_NSTMT] = {
	[S_HEAD] = "SELECT value FROM meta WHERE key = 'head'",
	[S_SET_HEAD] = "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
	[S_META] = "SELECT value FROM meta WHERE key = ?1",
	[S_REC_ROWID] = "SELECT rowid FROM record WHERE id = ?1",
	[S_REC_DEL] = "DELETE FROM record WHERE rowid = ?1",
	[S_REC_INS] = "INSERT INTO record(id, kind, path, name, name_fold, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[S_FTS_DEL] = "DELETE FROM fts_record WHERE rowid = ?1",
	[S_FTS_INS] = "INSERT INTO fts_record(rowid, text) VALUES (?1, ?2)",
	[S_LIST_DEL] = "DELETE FROM list WHERE rid = ?1",
	[S_LIST_INS] = "INSERT INTO list(rid, field, value, fold) VALUES (?1, ?2, ?3, ?4)",
	[S_LOG_BY_PATH] = "SELECT rowid FROM interaction WHERE path = ?1",
	[S_LOG_DEL_PATH] = "DELETE FROM interaction WHERE path = ?1",
	[S_LOG_INS] = "INSERT OR REPLACE INTO interaction(id, path, at, contact, type, summary, amount, currency, deal, due, done, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[S_FTSLOG_DEL] = "DELETE FROM fts_log WHERE rowid = ?1",
	[S_FTSLOG_INS] = "INSERT INTO fts_log(rowid, text) VALUES (?1, ?2)",
	[S_PROB_DEL] = "DELETE FROM problem WHERE path = ?1",
	[S_PROB_INS] = "INSERT OR REPLACE INTO problem(path, message) VALUES (?1, ?2)",
	[S_REC_BY_PATH] = "SELECT rowid, id FROM record WHERE id = ?1",
	[S_RES_PREFIX] = "SELECT kind, id, name FROM record WHERE id >= ?1 AND id < ?2"
		" AND (?3 < 0 OR kind = ?3) ORDER BY id LIMIT 50",
	[S_RES_PREFIX_LOG] = "SELECT 3, id, summary FROM interaction WHERE id >= ?1 AND id < ?2"
		" AND ?3 = ?3 ORDER BY id LIMIT 50",
	[S_RES_EMAIL] = "SELECT r.kind, r.id, r.name FROM list l JOIN record r ON r.rowid = l.rid"
		" WHERE l.field = 'email' AND l.fold = ?1 AND r.kind = 0"
		" AND ?3 = ?3 ORDER BY r.id LIMIT 50",
	[S_RES_ORG] = "SELECT kind, id, name FROM record WHERE kind = 1 AND name_fold = ?1"
		" AND ?3 = ?3 ORDER BY id LIMIT 50",
	[S_EMAIL] = "SELECT r.kind, r.id, r.name FROM list l JOIN record r ON r.rowid = l.rid"
		" WHERE l.field = 'email' AND l.fold = ?1 AND r.kind = ?3"
		" AND r.id IS NOT ?2 ORDER BY r.id",
	[S_ORGNAME] = "SELECT kind, id, name FROM record WHERE kind = ?3 AND name_fold = ?1"
		" AND id IS NOT ?2 ORDER BY id",
	[S_KIND_OF] = "SELECT kind FROM record WHERE id = ?1"
		" UNION ALL SELECT 3 FROM interaction WHERE id = ?1",
};

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
	"CREATE TABLE IF NOT EXISTS record(id TEXT PRIMARY KEY, kind INTEGER NOT NULL,"
	" path TEXT NOT NULL, name TEXT, name_fold TEXT, doc TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS record_name ON record(kind, name_fold);"
	/* list values (emails, phones, tags) by the record's rowid */
	"CREATE TABLE IF NOT EXISTS list(rid INTEGER NOT NULL, field TEXT NOT NULL,"
	" value TEXT NOT NULL, fold TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS list_fold ON list(field, fold);"
	"CREATE INDEX IF NOT EXISTS list_rid ON list(rid);"
	"CREATE TABLE IF NOT EXISTS interaction(id TEXT PRIMARY KEY, path TEXT NOT NULL,"
	" at TEXT NOT NULL, contact TEXT NOT NULL, type TEXT NOT NULL, summary TEXT,"
	" amount INTEGER, currency TEXT, deal TEXT, due TEXT, done TEXT, doc TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS interaction_path ON interaction(path);"
	"CREATE INDEX IF NOT EXISTS interaction_contact ON interaction(contact, at);"
	"CREATE VIRTUAL TABLE IF NOT EXISTS fts_record USING fts5(text,"
	" tokenize='unicode61 remove_diacritics 2');"
	"CREATE VIRTUAL TABLE IF NOT EXISTS fts_log USING fts5(text,"
	" tokenize='unicode61 remove_diacritics 2');"
	"CREATE TABLE IF NOT EXISTS problem(path TEXT PRIMARY KEY, message TEXT);";

struct crm_index {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *st[S_NSTMT];
	int in_txn;
	struct crm_buf fold, text, doc;
};

static int
db_error(struct crm_index *idx, const char *what)
{
	int code = sqlite3_errcode(idx->db);
	int rc = code == SQLITE_BUSY || code == SQLITE_LOCKED ? CRM_EBUSY :
		 code == SQLITE_FULL || code == SQLITE_IOERR ? CRM_EIO :
		 CRM_EINTERNAL;

	return crm_err_set(rc, "index %s: %s: %s", idx->path, what,
			   sqlite3_errmsg(idx->db));
}

static int
exec(struct crm_index *idx, const char *q)
{
	if (sqlite3_exec(idx->db, q, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(idx, "cannot update");
	return 0;
}

static sqlite3_stmt *
stmt(struct crm_index *idx, int which)
{
	sqlite3_stmt *s = idx->st[which];

	if (!s && sqlite3_prepare_v3(idx->db, sql[which], -1,
				     SQLITE_PREPARE_PERSISTENT, &s,
				     NULL) != SQLITE_OK)
		return NULL;
	idx->st[which] = s;
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

static void
close_db(struct crm_index *idx)
{
	int i;

	for (i = 0; i < S_NSTMT; i++) {
		sqlite3_finalize(idx->st[i]);
		idx->st[i] = NULL;
	}
	sqlite3_close(idx->db);
	idx->db = NULL;
}

static int
open_db(struct crm_index *idx)
{
	sqlite3_stmt *s = NULL;
	const char *v = NULL;
	int ok, rc;

	rc = sqlite3_open_v2(idx->path, &idx->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			     SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK)
		return db_error(idx, "cannot open");
	sqlite3_busy_timeout(idx->db, 10000);
	sqlite3_db_config(idx->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(idx->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	/*
	 * The index is derived: after a power cut it may lose its last
	 * transaction and then catches up from git, so NORMAL is enough.
	 */
	if ((rc = exec(idx, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-24576;")) < 0)
		return rc;
	ok = sqlite3_prepare_v2(idx->db,
				"SELECT value FROM meta WHERE key = 'version'",
				-1, &s, NULL) == SQLITE_OK;
	if (ok && sqlite3_step(s) == SQLITE_ROW)
		v = (const char *)sqlite3_column_text(s, 0);
	ok = ok && v && strcmp(v, INDEX_VERSION) == 0;
	sqlite3_finalize(s);
	if (ok)
		return 0;
	/* A new file, or another version: start afresh. */
	if ((rc = exec(idx, "BEGIN IMMEDIATE")) < 0)
		return rc;
	if ((rc = exec(idx,
		       "DROP TABLE IF EXISTS meta; DROP TABLE IF EXISTS record;"
		       "DROP TABLE IF EXISTS list; DROP TABLE IF EXISTS interaction;"
		       "DROP TABLE IF EXISTS fts_record; DROP TABLE IF EXISTS fts_log;"
		       "DROP TABLE IF EXISTS problem;")) < 0 ||
	    (rc = exec(idx, schema)) < 0 ||
	    (rc = exec(idx, "INSERT INTO meta VALUES ('version', '" INDEX_VERSION "');"
			    "COMMIT")) < 0) {
		exec(idx, "ROLLBACK");
		return rc;
	}
	return 0;
}

int
crm_index_open(struct crm_index **out, const char *path)
{
	struct crm_index *idx = crm_xcalloc(1, sizeof(*idx));
	int rc;

	idx->path = crm_xstrdup(path);
	rc = open_db(idx);
	if (rc < 0 && sqlite3_errcode(idx->db) != SQLITE_BUSY) {
		/* Corrupt or not a database: it holds nothing git lacks. */
		struct crm_buf p = CRM_BUF_INIT;

		close_db(idx);
		unlink(path);
		crm_buf_addf(&p, "%s-wal", path);
		unlink(p.buf);
		crm_buf_reset(&p);
		crm_buf_addf(&p, "%s-shm", path);
		unlink(p.buf);
		crm_buf_release(&p);
		rc = open_db(idx);
	}
	if (rc < 0) {
		crm_index_free(idx);
		return rc;
	}
	*out = idx;
	return 0;
}

void
crm_index_free(struct crm_index *idx)
{
	if (!idx)
		return;
	if (idx->in_txn)
		crm_index_rollback(idx);
	close_db(idx);
	free(idx->path);
	crm_buf_release(&idx->fold);
	crm_buf_release(&idx->text);
	crm_buf_release(&idx->doc);
	free(idx);
}

int
crm_index_begin(struct crm_index *idx)
{
	int rc = exec(idx, "BEGIN IMMEDIATE");

	if (rc == 0)
		idx->in_txn = 1;
	return rc;
}

int
crm_index_commit(struct crm_index *idx)
{
	int rc = exec(idx, "COMMIT");

	if (rc < 0)
		crm_index_rollback(idx);
	idx->in_txn = 0;
	return rc;
}

void
crm_index_rollback(struct crm_index *idx)
{
	sqlite3_exec(idx->db, "ROLLBACK", NULL, NULL, NULL);
	idx->in_txn = 0;
}

int
crm_index_head(struct crm_buf *out, struct crm_index *idx)
{
	sqlite3_stmt *s = stmt(idx, S_HEAD);
	int rc;

	if (!s)
		return db_error(idx, "cannot read");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		crm_buf_adds(out, (const char *)sqlite3_column_text(s, 0));
	else if (rc != SQLITE_DONE)
		return db_error(idx, "cannot read");
	sqlite3_reset(s);
	return 0;
}

static int
step_done(struct crm_index *idx, sqlite3_stmt *s)
{
	int rc = s ? sqlite3_step(s) : SQLITE_ERROR;

	if (s)
		sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_error(idx, "cannot update");
	return 0;
}

int
crm_index_set_head(struct crm_index *idx, const char *hex)
{
	return crm_index_set_meta(idx, "head", hex);
}

int
crm_index_meta(struct crm_buf *out, struct crm_index *idx, const char *key)
{
	sqlite3_stmt *s = stmt(idx, S_META);
	int rc;

	if (!s)
		return db_error(idx, "cannot read");
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		crm_buf_adds(out, (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(idx, "cannot read");
	return 0;
}

int
crm_index_set_meta(struct crm_index *idx, const char *key, const char *value)
{
	sqlite3_stmt *s = stmt(idx, S_SET_HEAD);

	if (s) {
		sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, value, -1, SQLITE_TRANSIENT);
	}
	return step_done(idx, s);
}

int
crm_index_clear(struct crm_index *idx)
{
	return exec(idx, "DELETE FROM record; DELETE FROM list;"
			 "DELETE FROM interaction; DELETE FROM fts_record;"
			 "DELETE FROM fts_log; DELETE FROM problem;"
			 "DELETE FROM meta WHERE key = 'head'");
}

static void
bind_str(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static int
problem(struct crm_index *idx, const char *path, const char *msg)
{
	sqlite3_stmt *s = stmt(idx, S_PROB_INS);

	if (s) {
		bind_str(s, 1, path);
		bind_str(s, 2, msg);
	}
	return step_done(idx, s);
}

static int
forget_record_rowid(struct crm_index *idx, sqlite3_int64 rowid)
{
	sqlite3_stmt *s;
	int rc;

	s = stmt(idx, S_FTS_DEL);
	if (s)
		sqlite3_bind_int64(s, 1, rowid);
	if ((rc = step_done(idx, s)) < 0)
		return rc;
	s = stmt(idx, S_REC_DEL);
	if (s)
		sqlite3_bind_int64(s, 1, rowid);
	if ((rc = step_done(idx, s)) < 0)
		return rc;
	s = stmt(idx, S_LIST_DEL);
	if (s)
		sqlite3_bind_int64(s, 1, rowid);
	return step_done(idx, s);
}

static int
forget_path(struct crm_index *idx, const char *path)
{
	sqlite3_stmt *s;
	sqlite3_int64 *rows = NULL;
	enum crm_kind kind;
	char id[CRM_ID_LEN + 1];
	size_t n = 0, i;
	int rc = 0;

	if (crm_path_parse(&kind, id, path) == 0 && kind != CRM_LOG) {
		/* a record file: the record its name gives */
		s = stmt(idx, S_REC_BY_PATH);
		if (!s)
			return db_error(idx, "cannot read");
		bind_str(s, 1, id);
		if (sqlite3_step(s) == SQLITE_ROW) {
			sqlite3_int64 rowid = sqlite3_column_int64(s, 0);

			sqlite3_reset(s);
			if ((rc = forget_record_rowid(idx, rowid)) < 0)
				return rc;
		} else {
			sqlite3_reset(s);
		}
	} else {
		/* a journal: its interactions */
		s = stmt(idx, S_LOG_BY_PATH);
		if (!s)
			return db_error(idx, "cannot read");
		bind_str(s, 1, path);
		while (sqlite3_step(s) == SQLITE_ROW) {
			rows = crm_xrealloc(rows, (n + 1) * sizeof(*rows));
			rows[n++] = sqlite3_column_int64(s, 0);
		}
		sqlite3_reset(s);
		for (i = 0; i < n && rc == 0; i++) {
			s = stmt(idx, S_FTSLOG_DEL);
			if (s)
				sqlite3_bind_int64(s, 1, rows[i]);
			rc = step_done(idx, s);
		}
		free(rows);
		if (rc < 0)
			return rc;
		s = stmt(idx, S_LOG_DEL_PATH);
		if (s)
			bind_str(s, 1, path);
		if ((rc = step_done(idx, s)) < 0)
			return rc;
	}
	s = stmt(idx, S_PROB_DEL);
	if (s)
		bind_str(s, 1, path);
	return step_done(idx, s);
}

int
crm_index_remove(struct crm_index *idx, const char *path)
{
	return forget_path(idx, path);
}

static const char *
fold(struct crm_index *idx, const char *s)
{
	crm_buf_reset(&idx->fold);
	crm_text_fold(&idx->fold, s);
	return crm_buf_str(&idx->fold);
}

/* The words full-text search finds a record by. */
static void
fts_text(struct crm_buf *out, const struct crm_record *r)
{
	static const char *const keys[] = {
		"name", "title", "email", "tags", "domain", "city", "summary",
		NULL
	};
	const char *const *k;
	size_t j;
	long i;

	crm_buf_reset(out);
	for (k = keys; *k; k++) {
		if ((i = crm_record_find(r, *k)) < 0)
			continue;
		for (j = 0; j < crm_record_nvalues(r, (size_t)i); j++) {
			crm_buf_adds(out, crm_record_value(r, (size_t)i, j));
			crm_buf_addc(out, ' ');
		}
	}
}

static int
put_record(struct crm_index *idx, const char *path, const struct crm_record *r)
{
	enum crm_kind k = crm_record_kind(r);
	const char *id = crm_record_id(r);
	const char *name = crm_record_get(r, k == CRM_DEAL ? "title" : "name");
	sqlite3_stmt *s;
	sqlite3_int64 rowid;
	size_t i, j;
	int rc;

	s = stmt(idx, S_REC_ROWID);
	if (!s)
		return db_error(idx, "cannot read");
	bind_str(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		rowid = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		if ((rc = forget_record_rowid(idx, rowid)) < 0)
			return rc;
	} else {
		sqlite3_reset(s);
	}
	crm_buf_reset(&idx->doc);
	crm_json_write(&idx->doc, r);
	idx->doc.buf[--idx->doc.len] = '\0';	/* the newline */
	s = stmt(idx, S_REC_INS);
	if (!s)
		return db_error(idx, "cannot update");
	bind_str(s, 1, id);
	sqlite3_bind_int(s, 2, (int)k);
	bind_str(s, 3, path);
	bind_str(s, 4, name);
	bind_str(s, 5, name ? fold(idx, name) : NULL);
	bind_str(s, 6, idx->doc.buf);
	if ((rc = step_done(idx, s)) < 0)
		return rc;
	rowid = sqlite3_last_insert_rowid(idx->db);

	for (i = 0; i < crm_record_nfields(r); i++) {
		if (!crm_record_is_list(r, i))
			continue;
		for (j = 0; j < crm_record_nvalues(r, i); j++) {
			const char *v = crm_record_value(r, i, j);

			s = stmt(idx, S_LIST_INS);
			if (!s)
				return db_error(idx, "cannot update");
			sqlite3_bind_int64(s, 1, rowid);
			bind_str(s, 2, crm_record_key(r, i));
			bind_str(s, 3, v);
			bind_str(s, 4, fold(idx, v));
			if ((rc = step_done(idx, s)) < 0)
				return rc;
		}
	}
	fts_text(&idx->text, r);
	s = stmt(idx, S_FTS_INS);
	if (!s)
		return db_error(idx, "cannot update");
	sqlite3_bind_int64(s, 1, rowid);
	bind_str(s, 2, crm_buf_str(&idx->text));
	return step_done(idx, s);
}

static int
put_interaction(struct crm_index *idx, const char *path, struct crm_record *r)
{
	const char *amount = crm_record_get(r, "amount");
	const char *cur = crm_record_get(r, "currency");
	sqlite3_stmt *s;
	int64_t minor;
	int rc;

	crm_buf_reset(&idx->doc);
	crm_json_write(&idx->doc, r);
	idx->doc.buf[--idx->doc.len] = '\0';
	s = stmt(idx, S_LOG_INS);
	if (!s)
		return db_error(idx, "cannot update");
	bind_str(s, 1, crm_record_id(r));
	bind_str(s, 2, path);
	bind_str(s, 3, crm_record_get(r, "at"));
	bind_str(s, 4, crm_record_get(r, "contact"));
	bind_str(s, 5, crm_record_get(r, "type"));
	bind_str(s, 6, crm_record_get(r, "summary"));
	if (amount && crm_money_parse(&minor, amount,
				      crm_money_exponent(cur)) == 0)
		sqlite3_bind_int64(s, 7, minor);
	bind_str(s, 8, cur);
	bind_str(s, 9, crm_record_get(r, "deal"));
	bind_str(s, 10, crm_record_get(r, "due"));
	bind_str(s, 11, crm_record_get(r, "done"));
	bind_str(s, 12, idx->doc.buf);
	if ((rc = step_done(idx, s)) < 0)
		return rc;
	fts_text(&idx->text, r);
	s = stmt(idx, S_FTSLOG_INS);
	if (!s)
		return db_error(idx, "cannot update");
	sqlite3_bind_int64(s, 1, sqlite3_last_insert_rowid(idx->db));
	bind_str(s, 2, crm_buf_str(&idx->text));
	return step_done(idx, s);
}

/*
 * What a store file must satisfy to be indexed: it parses, and records
 * carry the id their file name says.  Full validation is crm fsck's job.
 */
int
crm_index_put(struct crm_index *idx, const char *path, const char *data,
	      size_t len)
{
	struct crm_yaml_reader *y = NULL;
	struct crm_record *r = NULL;
	enum crm_kind kind;
	char id[CRM_ID_LEN + 1];
	const char *rid;
	int rc;

	if ((rc = forget_path(idx, path)) < 0)
		return rc;
	if (crm_path_parse(&kind, id, path) < 0)
		return 0;	/* crm.yaml, segments, README: not records */
	y = crm_yaml_reader_mem(data, len, path);
	if (!y)
		return crm_err_set(CRM_EINTERNAL, "cannot start the YAML parser");
	for (;;) {
		rc = crm_yaml_read(&r, NULL, y, kind);
		if (rc < 0) {
			rc = problem(idx, path, crm_err_msg());
			break;
		}
		if (!r)
			break;
		rid = crm_record_id(r);
		if (kind == CRM_LOG) {
			if (!rid || !crm_id_valid(rid) || !crm_record_get(r, "at") ||
			    !crm_record_get(r, "contact") ||
			    !crm_record_get(r, "type")) {
				rc = problem(idx, path,
					     "an interaction lacks a valid id, at, contact or type");
			} else {
				rc = put_interaction(idx, path, r);
			}
		} else if (!rid || strcmp(rid, id) != 0) {
			rc = problem(idx, path, "the id inside differs from the file name");
		} else {
			rc = put_record(idx, path, r);
		}
		crm_record_free(r);
		r = NULL;
		if (rc < 0 || kind != CRM_LOG)
			break;
	}
	crm_yaml_reader_free(y);
	return rc;
}

int
crm_index_put_record(struct crm_index *idx, const char *path,
		     const struct crm_record *r)
{
	int rc;

	if ((rc = forget_path(idx, path)) < 0)
		return rc;
	return put_record(idx, path, (struct crm_record *)r);
}

int
crm_index_problems(size_t *out, struct crm_index *idx,
		   void (*fn)(const char *path, const char *msg, void *arg),
		   void *arg)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = 0;
	if (sqlite3_prepare_v2(idx->db,
			       "SELECT path, message FROM problem ORDER BY path",
			       -1, &s, NULL) != SQLITE_OK)
		return db_error(idx, "cannot read");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		(*out)++;
		if (fn)
			fn((const char *)sqlite3_column_text(s, 0),
			   (const char *)sqlite3_column_text(s, 1), arg);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_error(idx, "cannot read");
	return 0;
}

/* ---- lookups ---- */

static void
match_push(struct crm_match **m, size_t *n, int kind, const char *id,
	   const char *label)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*m)[i].id, id) == 0)
			return;
	*m = crm_xrealloc(*m, (*n + 1) * sizeof(**m));
	(*m)[*n].kind = kind;
	snprintf((*m)[*n].id, sizeof((*m)[*n].id), "%s", id);
	(*m)[*n].label = crm_xstrdup(label ? label : "");
	(*n)++;
}

static int
collect(struct crm_match **m, size_t *n, struct crm_index *idx, int which,
	const char *a1, const char *a2, int kind)
{
	sqlite3_stmt *s = stmt(idx, which);
	int rc;

	if (!s)
		return db_error(idx, "cannot read");
	bind_str(s, 1, a1);
	if (a2)
		bind_str(s, 2, a2);
	sqlite3_bind_int(s, 3, kind);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < 50)
		match_push(m, n, sqlite3_column_int(s, 0),
			   (const char *)sqlite3_column_text(s, 1),
			   (const char *)sqlite3_column_text(s, 2));
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(idx, "cannot read");
	return 0;
}

int
crm_index_resolve(struct crm_match **out, size_t *n, struct crm_index *idx,
		  int kind, const char *ref)
{
	struct crm_buf hi = CRM_BUF_INIT;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (crm_id_prefix_valid(ref)) {
		/* ids in [ref, ref + 1): a range scan of the primary key */
		crm_buf_adds(&hi, ref);
		hi.buf[hi.len - 1]++;
		if (kind != CRM_LOG)
			rc = collect(out, n, idx, S_RES_PREFIX,
				     ref, hi.buf, kind);
		if (rc == 0 && (kind < 0 || kind == CRM_LOG))
			rc = collect(out, n, idx, S_RES_PREFIX_LOG,
				     ref, hi.buf, kind);
	}
	if (rc == 0 && strchr(ref, '@') && (kind < 0 || kind == CRM_CONTACT))
		rc = collect(out, n, idx, S_RES_EMAIL,
			     fold(idx, ref), NULL, kind);
	if (rc == 0 && (kind < 0 || kind == CRM_ORG))
		rc = collect(out, n, idx, S_RES_ORG,
			     fold(idx, ref), NULL, kind);
	crm_buf_release(&hi);
	return rc;
}

int
crm_index_email(struct crm_match **out, size_t *n, struct crm_index *idx,
		const char *email, const char *skip)
{
	*out = NULL;
	*n = 0;
	return collect(out, n, idx, S_EMAIL,
		       fold(idx, email), skip ? skip : "", CRM_CONTACT);
}

int
crm_index_org_name(struct crm_match **out, size_t *n, struct crm_index *idx,
		   const char *name, const char *skip)
{
	*out = NULL;
	*n = 0;
	return collect(out, n, idx, S_ORGNAME, fold(idx, name),
		       skip ? skip : "", CRM_ORG);
}

int
crm_index_kind_of(struct crm_index *idx, const char *id)
{
	sqlite3_stmt *s = stmt(idx, S_KIND_OF);
	int rc;

	if (!s)
		return db_error(idx, "cannot read");
	bind_str(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		rc = sqlite3_column_int(s, 0);
	else if (rc == SQLITE_DONE)
		rc = CRM_ENOTFOUND;
	else
		rc = db_error(idx, "cannot read");
	sqlite3_reset(s);
	return rc;
}

int
crm_index_kind_count(size_t *out, struct crm_index *idx, enum crm_kind k)
{
	sqlite3_stmt *s = NULL;
	const char *q = k == CRM_LOG ? "SELECT count(*) FROM interaction" :
			"SELECT count(*) FROM record WHERE kind = ?1";
	int rc = 0;

	if (sqlite3_prepare_v2(idx->db, q, -1, &s, NULL) != SQLITE_OK)
		return db_error(idx, "cannot read");
	if (k != CRM_LOG)
		sqlite3_bind_int(s, 1, (int)k);
	if (sqlite3_step(s) == SQLITE_ROW)
		*out = (size_t)sqlite3_column_int64(s, 0);
	else
		rc = db_error(idx, "cannot read");
	sqlite3_finalize(s);
	return rc;
}
