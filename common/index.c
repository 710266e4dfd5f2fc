/*
 * index.c: the SQLite index beside the git data (the only file that
 * includes <sqlite3.h>).  It is derived from the records at one commit,
 * which it records in the same transaction as the rows, so it can always
 * tell whether it is current and be rebuilt from the store.  WAL mode and
 * a busy timeout let readers and one writer work at once.
 */
#include <assert.h>
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"
#include "internal.h"

/* Bump when the tables change: an index of another version is rebuilt. */
#define INDEX_VERSION "12"

enum {
	S_HEAD, S_SET_HEAD, S_REC_ROWID, S_REC_DEL, S_REC_INS, S_FTS_DEL,
	S_FTS_INS, S_LIST_DEL, S_LIST_INS, S_LOG_BY_PATH, S_LOG_DEL_PATH,
	S_LOG_INS, S_FTSLOG_DEL, S_FTSLOG_INS, S_PROB_DEL, S_PROB_INS,
	S_REC_BY_PATH, S_RES_PREFIX, S_RES_PREFIX_LOG, S_RES_EMAIL,
	S_RES_ORG, S_EMAIL, S_ORGNAME, S_KIND_OF, S_META, S_FIELDNAME,
	S_LOG_CONTACTS, S_STATS_DEL, S_STATS_ONE, S_LOG_PATH, S_STATS_ZERO,
	S_STATS_FORGET, S_STATS_ZERO_IF, S_LOG_DONE, S_LOG_OLD, S_LOG_DEL_ROW,
	S_STATS_INS, S_FTSORG_DEL, S_FTSORG_INS, S_NSTMT
};

/*
 * The derived contact fields come from the rows of the interactions
 * (stats_add): a contact is any touch but notes and tasks; revenue is
 * purchases less refunds, in minor units of the store's currency (others
 * are left out).
 */
#define STATS_COLUMNS "type, at, amount, currency, done"

static const char *const sql[S_NSTMT] = {
	[S_HEAD] = "SELECT value FROM meta WHERE key = 'head'",
	[S_SET_HEAD] = "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
	[S_META] = "SELECT value FROM meta WHERE key = ?1",
	[S_FIELDNAME] = "INSERT OR IGNORE INTO fieldname(kind, name) VALUES (?1, ?2)",
	[S_LOG_CONTACTS] = "SELECT DISTINCT contact FROM interaction WHERE path = ?1",
	[S_STATS_DEL] = "DELETE FROM stats WHERE contact = ?1",
	[S_LOG_PATH] = "SELECT path FROM interaction WHERE id = ?1",
	[S_LOG_DONE] = "SELECT done IS NOT NULL FROM interaction WHERE id = ?1",
	[S_STATS_ZERO] = "INSERT OR IGNORE INTO stats VALUES (?1, 0, NULL, 0, 0, NULL, NULL, 0)",
	[S_STATS_FORGET] = "DELETE FROM stats WHERE contact = ?1",
	[S_STATS_ZERO_IF] = "INSERT OR IGNORE INTO stats SELECT ?1, 0, NULL, 0, 0, NULL, NULL, 0"
		" WHERE EXISTS (SELECT 1 FROM record WHERE id = ?1 AND kind = 0)",
	[S_STATS_ONE] = "SELECT " STATS_COLUMNS " FROM interaction WHERE contact = ?1",
	[S_STATS_INS] = "INSERT INTO stats VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[S_REC_ROWID] = "SELECT rowid FROM record WHERE id = ?1",
	[S_REC_DEL] = "DELETE FROM record WHERE rowid = ?1",
	[S_REC_INS] = "INSERT INTO record(id, kind, path, name, name_fold, org, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?7, ?6)",
	[S_FTS_DEL] = "DELETE FROM fts_record WHERE rowid = ?1",
	[S_FTS_INS] = "INSERT INTO fts_record(rowid, text) VALUES (?1, ?2)",
	[S_FTSORG_DEL] = "DELETE FROM fts_org WHERE rowid = ?1",
	[S_FTSORG_INS] = "INSERT INTO fts_org(rowid, text) VALUES (?1, ?2)",
	[S_LIST_DEL] = "DELETE FROM list WHERE rid = ?1",
	[S_LIST_INS] = "INSERT INTO list(rid, field, value, fold) VALUES (?1, ?2, ?3, ?4)",
	[S_LOG_BY_PATH] = "SELECT rowid FROM interaction WHERE path = ?1",
	[S_LOG_DEL_PATH] = "DELETE FROM interaction WHERE path = ?1",
	[S_LOG_INS] = "INSERT INTO interaction(id, path, at, contact, type, summary, amount, currency, deal, due, done, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	/* fts_log keeps no text: a deletion gives the words it indexed */
	[S_FTSLOG_DEL] = "INSERT INTO fts_log(fts_log, rowid, text) SELECT 'delete',"
		" rowid, coalesce(summary, '') FROM interaction WHERE rowid = ?1",
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
	[S_LOG_OLD] = "SELECT rowid, contact FROM interaction WHERE id = ?1",
	[S_LOG_DEL_ROW] = "DELETE FROM interaction WHERE rowid = ?1",
	[S_KIND_OF] = "SELECT kind FROM record WHERE id = ?1"
		" UNION ALL SELECT 3 FROM interaction WHERE id = ?1",
};

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
	"CREATE TABLE IF NOT EXISTS record(id TEXT PRIMARY KEY, kind INTEGER NOT NULL,"
	" path TEXT NOT NULL, name TEXT, name_fold TEXT, org TEXT, doc TEXT NOT NULL);"
	/* list values (emails, phones, tags) by the record's rowid */
	"CREATE TABLE IF NOT EXISTS list(rid INTEGER NOT NULL, field TEXT NOT NULL,"
	" value TEXT NOT NULL, fold TEXT NOT NULL);"
	/* ids unique through interaction_id, which a rebuild makes last */
	"CREATE TABLE IF NOT EXISTS interaction(id TEXT NOT NULL, path TEXT NOT NULL,"
	" at TEXT NOT NULL, contact TEXT NOT NULL, type TEXT NOT NULL, summary TEXT,"
	" amount INTEGER, currency TEXT, deal TEXT, due TEXT, done TEXT, doc TEXT);"
	"CREATE VIRTUAL TABLE IF NOT EXISTS fts_record USING fts5(text,"
	" tokenize='unicode61 remove_diacritics 2');"
	/* the summaries: words only, the text is in interaction */
	/*
	 * The organisations' words again, alone: a contact's full-text search
	 * also finds it by its organisation, without a second walk of every
	 * record's words.
	 */
	"CREATE VIRTUAL TABLE IF NOT EXISTS fts_org USING fts5(text,"
	" tokenize='unicode61 remove_diacritics 2');"
	"CREATE VIRTUAL TABLE IF NOT EXISTS fts_log USING fts5(text, content='',"
	" columnsize=0, tokenize='unicode61 remove_diacritics 2');"
	"CREATE TABLE IF NOT EXISTS problem(path TEXT PRIMARY KEY, message TEXT);"
	/* derived contact fields, kept in step with the interactions */
	"CREATE TABLE IF NOT EXISTS stats(contact TEXT PRIMARY KEY, interactions INTEGER,"
	" last_contact TEXT, revenue INTEGER, orders INTEGER, first_purchase TEXT,"
	" last_purchase TEXT, open_tasks INTEGER) WITHOUT ROWID;"
	/* the custom field names in use, for the filter's checks */
	"CREATE TABLE IF NOT EXISTS fieldname(kind INTEGER, name TEXT,"
	" PRIMARY KEY(kind, name)) WITHOUT ROWID;";
/*
 * Statistics for the query planner: a sample of the interactions' big
 * indexes, and the contact-sized tables in full.  A sample of those let
 * the planner think an id names ten records, and then walk every record
 * rather than the stats of a derived filter: 44 ms instead of 16.
 */
#define ANALYZE_SQL \
	"PRAGMA analysis_limit = 400; ANALYZE; PRAGMA analysis_limit = 0;" \
	" ANALYZE record; ANALYZE stats; ANALYZE list"

/* Secondary indexes: built after the rows in a rebuild, which is faster. */
static const char schema_indexes[] =
	"CREATE UNIQUE INDEX IF NOT EXISTS interaction_id ON interaction(id);"
	"CREATE INDEX IF NOT EXISTS record_org ON record(org) WHERE org IS NOT NULL;"
	"CREATE INDEX IF NOT EXISTS record_name ON record(kind, name_fold);"
	"CREATE INDEX IF NOT EXISTS record_namef ON record(name_fold);"
	"CREATE INDEX IF NOT EXISTS list_fold ON list(field, fold);"
	"CREATE INDEX IF NOT EXISTS list_rid ON list(rid);"
	"CREATE INDEX IF NOT EXISTS interaction_path ON interaction(path);"
	"CREATE INDEX IF NOT EXISTS interaction_contact ON interaction(contact, at, type);"
	/* covers the figures of purchases (crm-segment) without the table */
	"CREATE INDEX IF NOT EXISTS interaction_buy ON interaction(contact, at, type,"
	" amount, currency) WHERE type IN ('purchase', 'refund');"
	/* the open tasks, few among many interactions */
	"CREATE INDEX IF NOT EXISTS interaction_open ON interaction(due, contact)"
	" WHERE type = 'task' AND done IS NULL;";

struct crm_index {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *st[S_NSTMT];
	int in_txn;
	struct crm_buf fold, text, doc, canon;
	struct crm_strset *dirty;	/* contacts whose stats must be redone */
	char *currency;
	char store_cur[8];	/* the same, for the SQL functions */
	int defer_fts;		/* bulk: index summaries at commit */
	int rebuild;		/* a new file, filled once (crm reindex) */
	int all_dirty;		/* every contact's stats must be redone */
	size_t nputs;		/* rows written in this transaction */
	sqlite3_int64 fts_mark;	/* interactions past this rowid are new */
	size_t nlogs;		/* interactions added since defer_fts */
	int sorted_later;	/* bulk: interaction indexes dropped till commit */
	int prepared;		/* crm_index_prepare done in this transaction */
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

/* crm_fold(x): x case-folded as crm_text_fold does, for comparisons. */
static void
sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct crm_buf b = CRM_BUF_INIT;
	const unsigned char *t = sqlite3_value_text(argv[0]);

	if (!t) {
		sqlite3_result_null(ctx);
		return;
	}
	crm_text_fold(&b, (const char *)t);
	sqlite3_result_text(ctx, crm_buf_str(&b), (int)b.len, SQLITE_TRANSIENT);
	crm_buf_release(&b);
}

/* crm_major(minor, currency): an amount in major units of its currency. */
static void
sql_major(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *cur = sqlite3_value_text(argv[1]);
	int exp;

	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	exp = crm_money_exponent(cur ? (const char *)cur :
				 (const char *)sqlite3_user_data(ctx));
	sqlite3_result_double(ctx, (double)sqlite3_value_int64(argv[0]) /
			      pow(10, exp));
}

/* crm_money(minor, currency): the amount as exact decimal text. */
static void
sql_money(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *cur = sqlite3_value_text(argv[1]);
	struct crm_buf b = CRM_BUF_INIT;

	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	crm_money_format(&b, sqlite3_value_int64(argv[0]),
			 crm_money_exponent(cur ? (const char *)cur :
					    (const char *)sqlite3_user_data(ctx)));
	sqlite3_result_text(ctx, b.buf, (int)b.len, SQLITE_TRANSIENT);
	crm_buf_release(&b);
}

/*
 * An interaction's JSON from its columns alone, in the journal's key
 * order (id, at, contact, type, summary, amount, currency, deal, due,
 * done; the ones present).  A row whose document is exactly this stores
 * no doc: at a million interactions that is most of the index's size,
 * written and read again by every import and rebuild.  The amount is a
 * JSON number written with its currency's decimals.
 */
enum { LD_ID, LD_AT, LD_CONTACT, LD_TYPE, LD_SUMMARY, LD_AMOUNT, LD_CURRENCY,
       LD_DEAL, LD_DUE, LD_DONE, LD_N };

static const char *const ld_key[LD_N] = {
	"id", "at", "contact", "type", "summary", "amount", "currency",
	"deal", "due", "done"
};

static void
log_doc(struct crm_buf *out, const char *const v[LD_N], const int64_t *minor)
{
	int i, first = 1;

	crm_buf_addc(out, '{');
	for (i = 0; i < LD_N; i++) {
		if (i == LD_AMOUNT ? !minor : !v[i])
			continue;
		if (!first)
			crm_buf_addc(out, ',');
		first = 0;
		crm_json_string(out, ld_key[i]);
		crm_buf_addc(out, ':');
		if (i == LD_AMOUNT)
			crm_money_format(out, *minor,
					 crm_money_exponent(v[LD_CURRENCY]));
		else
			crm_json_string(out, v[i]);
	}
	crm_buf_addc(out, '}');
}

/*
 * Whether crm_json_write(r) would write exactly log_doc(v, minor), found
 * without writing either (a rebuild asks a million times): the fields are
 * columns, in log_doc's order, scalars, with the columns' very text, none
 * a plain number (JSON would write it unquoted) but the amount, which must
 * read as its currency's decimals write it.
 */
static int
log_plain(const struct crm_record *r, const char *const v[LD_N],
	  const int64_t *minor, struct crm_buf *tmp)
{
	size_t i, n = crm_record_nfields(r);
	int k = 0, seen = 0, want = 0;

	for (i = 0; i < n; i++, k++) {
		const char *f = crm_record_key(r, i), *x;

		if (crm_record_is_list(r, i))
			return 0;
		while (k < LD_N && strcmp(ld_key[k], f) != 0)
			k++;
		if (k == LD_N || !(x = crm_record_value(r, i, 0)))
			return 0;
		if (k == LD_AMOUNT) {
			if (!minor || !crm_record_plain(r, i, 0) || !crm_json_number(x))
				return 0;
			crm_buf_reset(tmp);
			crm_money_format(tmp, *minor, crm_money_exponent(v[LD_CURRENCY]));
			if (strcmp(crm_buf_str(tmp), x) != 0)
				return 0;
		} else if (!v[k] || strcmp(v[k], x) != 0 ||
			   (crm_record_plain(r, i, 0) && crm_json_number(x))) {
			return 0;
		}
		seen++;
	}
	for (k = 0; k < LD_N; k++)
		want += k == LD_AMOUNT ? minor != NULL : v[k] != NULL;
	return seen == want;
}

/* crm_logdoc(id, at, contact, ..., done): log_doc in SQL, for rows without doc. */
static void
sql_logdoc(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct crm_buf b = CRM_BUF_INIT;
	const char *v[LD_N];
	int64_t minor = 0;
	int i, has = 0;

	for (i = 0; i < LD_N && i < argc; i++)
		v[i] = (const char *)sqlite3_value_text(argv[i]);
	if (sqlite3_value_type(argv[LD_AMOUNT]) != SQLITE_NULL) {
		minor = sqlite3_value_int64(argv[LD_AMOUNT]);
		has = 1;
	}
	log_doc(&b, v, has ? &minor : NULL);
	sqlite3_result_text(ctx, b.buf, (int)b.len, SQLITE_TRANSIENT);
	crm_buf_release(&b);
}

static int
open_db(struct crm_index *idx)
{
	static int configured;
	sqlite3_stmt *s = NULL;
	const char *v = NULL;
	int ok, rc;

	/*
	 * One thread uses SQLite: no mutexes, no memory statistics (they
	 * take a lock on every allocation).  Fails harmlessly when SQLite
	 * was started already.
	 */
	if (!configured) {
		sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		configured = 1;
	}
	rc = sqlite3_open_v2(idx->path, &idx->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			     SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK)
		return db_error(idx, "cannot open");
	sqlite3_busy_timeout(idx->db, 10000);
	sqlite3_create_function(idx->db, "crm_fold", 1,
				SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
				NULL, sql_fold, NULL, NULL);
	/* amounts without a currency are in the store's: see set_currency */
	sqlite3_create_function(idx->db, "crm_major", 2,
				SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
				idx->store_cur, sql_major, NULL, NULL);
	sqlite3_create_function(idx->db, "crm_money", 2,
				SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
				idx->store_cur, sql_money, NULL, NULL);
	sqlite3_create_function(idx->db, "crm_logdoc", LD_N,
				SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
				NULL, sql_logdoc, NULL, NULL);
	sqlite3_db_config(idx->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(idx->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	/*
	 * Limits no query of crm's comes near: a record is at most 1 MiB,
	 * and the index is never attached to another database.
	 */
	sqlite3_limit(idx->db, SQLITE_LIMIT_LENGTH, 64 << 20);
	sqlite3_limit(idx->db, SQLITE_LIMIT_SQL_LENGTH, 16 << 20);
	sqlite3_limit(idx->db, SQLITE_LIMIT_ATTACHED, 0);
	/*
	 * SQLite's default cache (2 MB) for reading: a query that visits
	 * thousands of pages recycles it, where a large cache would fault in
	 * fresh memory for each page (a third of crm-find's time).  Writers
	 * take a larger one in crm_index_begin.
	 *
	 * The index is derived: after a power cut it may lose its last
	 * transaction and then catches up from git, so NORMAL is enough.  A
	 * rebuild writes a new file nobody reads yet: no journal at all.
	 */
	if ((rc = exec(idx, idx->rebuild ?
		       "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
		       " PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;" :
		       "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")) < 0)
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
		       "DROP TABLE IF EXISTS fts_org;"
		       "DROP TABLE IF EXISTS problem; DROP TABLE IF EXISTS stats;"
		       "DROP TABLE IF EXISTS fieldname;")) < 0 ||
	    (rc = exec(idx, schema)) < 0 ||
	    (!idx->rebuild && (rc = exec(idx, schema_indexes)) < 0) ||
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

int
crm_index_copy(struct crm_index *idx, const char *path)
{
	sqlite3 *to = NULL;
	sqlite3_backup *b;
	struct crm_buf side = CRM_BUF_INIT;
	int rc;

	/* no journal of an older file may meet the new one */
	unlink(path);
	crm_buf_addf(&side, "%s-wal", path);
	unlink(side.buf);
	crm_buf_reset(&side);
	crm_buf_addf(&side, "%s-shm", path);
	unlink(side.buf);
	crm_buf_release(&side);
	rc = sqlite3_open_v2(path, &to, SQLITE_OPEN_READWRITE |
			     SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		rc = crm_err_set(CRM_EIO, "%s: cannot create: %s", path,
				 sqlite3_errmsg(to));
		goto out;
	}
	/* a consistent copy, even while a writer works on the index */
	if (!(b = sqlite3_backup_init(to, "main", idx->db, "main"))) {
		rc = crm_err_set(CRM_EIO, "%s: cannot copy the index: %s", path,
				 sqlite3_errmsg(to));
		goto out;
	}
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
	       rc == SQLITE_LOCKED)
		sqlite3_sleep(20);
	rc = sqlite3_backup_finish(b) == SQLITE_OK && rc == SQLITE_DONE ? 0 :
	     crm_err_set(CRM_EIO, "%s: cannot copy the index: %s", path,
			 sqlite3_errmsg(to));
out:
	sqlite3_close(to);
	if (rc < 0)
		unlink(path);
	return rc;
}

int
crm_index_open_rebuild(struct crm_index **out, const char *path)
{
	struct crm_index *idx = crm_xcalloc(1, sizeof(*idx));
	const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	struct crm_buf p = CRM_BUF_INIT;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(ext) / sizeof(*ext); i++) {
		crm_buf_reset(&p);
		crm_buf_addf(&p, "%s%s", path, ext[i]);
		unlink(p.buf);
	}
	crm_buf_release(&p);
	idx->path = crm_xstrdup(path);
	idx->rebuild = 1;
	if ((rc = open_db(idx)) < 0) {
		crm_index_free(idx);
		return rc;
	}
	*out = idx;
	return 0;
}

int
crm_index_finish_rebuild(struct crm_index *idx)
{
	int rc;

	/* indexes from sorted rows, then the journal readers expect */
	if ((rc = exec(idx, "PRAGMA cache_size=-8192")) < 0 ||
	    (rc = exec(idx, schema_indexes)) < 0 ||
	    (rc = exec(idx, ANALYZE_SQL ";"
			    " PRAGMA journal_mode=WAL")) < 0)
		return rc;
	idx->rebuild = 0;
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
	crm_buf_release(&idx->canon);
	crm_strset_free(idx->dirty);
	free(idx->currency);
	free(idx);
}

void
crm_index_set_currency(struct crm_index *idx, const char *cur)
{
	free(idx->currency);
	idx->currency = crm_xstrdup(cur);
	snprintf(idx->store_cur, sizeof(idx->store_cur), "%s", cur);
}

int
crm_index_begin(struct crm_index *idx)
{
	/* writers read little: no mapping (crm_index_map) */
	int rc = exec(idx, "PRAGMA mmap_size=0; PRAGMA cache_size=-24576;"
		      " BEGIN IMMEDIATE");

	idx->nputs = 0;
	idx->prepared = 0;

	if (rc == 0)
		idx->in_txn = 1;
	return rc;
}

static int step_done(struct crm_index *idx, sqlite3_stmt *s);
static int step_rowid(struct crm_index *idx, int which, sqlite3_int64 rowid);
static int drop_log_row(struct crm_index *idx, sqlite3_int64 rowid,
			const char *contact);
struct old_rows;
static int load_old_rows(struct old_rows *o, struct crm_index *idx,
			 const char *path);

/* How many contacts' figures are redone one by one before all at once. */
#define STATS_ALL 2000

static void
mark_dirty(struct crm_index *idx, const char *contact)
{
	/* a rebuild redoes every contact's stats at commit anyway */
	if (idx->rebuild || idx->all_dirty) {
		idx->all_dirty = 1;
		return;
	}
	if (!idx->dirty)
		idx->dirty = crm_strset_new();
	crm_strset_add(idx->dirty, contact);
	/* past STATS_ALL contacts, all are redone in one pass anyway */
	if (crm_strset_count(idx->dirty) > STATS_ALL) {
		crm_strset_free(idx->dirty);
		idx->dirty = NULL;
		idx->all_dirty = 1;
	}
}

static void bind_str(sqlite3_stmt *s, int i, const char *v);

/* One contact's derived fields, as they are summed up. */
struct stats {
	char *contact;
	int64_t n, revenue, orders, open_tasks;
	char last_contact[32], first_purchase[32], last_purchase[32];
};

/*
 * at into slot when it is later (want > 0) or earlier (want < 0).  The
 * index holds dates in their canonical form, 20 characters at most; a
 * longer text is no date, and the figures skip it.
 */
static void
keep_at(char slot[32], const char *at, int want)
{
	int c;

	if (!at || strlen(at) >= 32)
		return;
	c = *slot ? strcmp(at, slot) : want;
	if ((want > 0 && c > 0) || (want < 0 && c < 0))
		strcpy(slot, at);
}

/* Adds an interaction (a row of STATS_COLUMNS from s) to st. */
static void
stats_add(struct stats *st, sqlite3_stmt *s, int col, const char *store_cur)
{
	const char *type = (const char *)sqlite3_column_text(s, col);
	const char *at = (const char *)sqlite3_column_text(s, col + 1);
	const char *cur = (const char *)sqlite3_column_text(s, col + 3);
	int64_t amount = sqlite3_column_int64(s, col + 2);	/* NULL: 0 */
	int buy, refund;

	st->n++;
	if (!type)
		return;
	buy = strcmp(type, "purchase") == 0;
	refund = strcmp(type, "refund") == 0;
	if (buy || refund || strcmp(type, "call") == 0 ||
	    strcmp(type, "email") == 0 || strcmp(type, "meeting") == 0 ||
	    strcmp(type, "support") == 0)
		keep_at(st->last_contact, at, 1);
	if (!cur || strcmp(cur, store_cur) == 0)
		st->revenue += buy ? amount : refund ? -llabs(amount) : 0;
	if (buy) {
		st->orders++;
		keep_at(st->first_purchase, at, -1);
		keep_at(st->last_purchase, at, 1);
	}
	if (strcmp(type, "task") == 0 && sqlite3_column_type(s, col + 4) == SQLITE_NULL)
		st->open_tasks++;
}

static int
stats_put(struct crm_index *idx, const struct stats *st)
{
	sqlite3_stmt *s = stmt(idx, S_STATS_INS);

	if (!s)
		return db_error(idx, "cannot update");
	sqlite3_bind_text(s, 1, st->contact, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, st->n);
	bind_str(s, 3, *st->last_contact ? st->last_contact : NULL);
	sqlite3_bind_int64(s, 4, st->revenue);
	sqlite3_bind_int64(s, 5, st->orders);
	bind_str(s, 6, *st->first_purchase ? st->first_purchase : NULL);
	bind_str(s, 7, *st->last_purchase ? st->last_purchase : NULL);
	sqlite3_bind_int64(s, 8, st->open_tasks);
	return step_done(idx, s);
}

static const char *
store_currency(const struct crm_index *idx)
{
	return idx->currency ? idx->currency : "EUR";
}

struct flush {
	struct crm_index *idx;
	int rc;
};

static void
flush_one(const char *contact, void *arg)
{
	struct flush *f = arg;
	struct stats st;
	sqlite3_stmt *s;
	int rc;

	if (f->rc < 0)
		return;
	s = stmt(f->idx, S_STATS_DEL);
	if (s)
		sqlite3_bind_text(s, 1, contact, -1, SQLITE_STATIC);
	if ((f->rc = step_done(f->idx, s)) < 0)
		return;
	memset(&st, 0, sizeof(st));
	st.contact = (char *)contact;
	if (!(s = stmt(f->idx, S_STATS_ONE))) {
		f->rc = db_error(f->idx, "cannot read");
		return;
	}
	sqlite3_bind_text(s, 1, contact, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		stats_add(&st, s, 0, store_currency(f->idx));
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		f->rc = db_error(f->idx, "cannot read");
		return;
	}
	if (st.n) {
		f->rc = stats_put(f->idx, &st);
		return;
	}
	s = stmt(f->idx, S_STATS_ZERO_IF);
	if (s)
		sqlite3_bind_text(s, 1, contact, -1, SQLITE_STATIC);
	f->rc = step_done(f->idx, s);
}

static size_t
stats_hash(const char *c)
{
	size_t h = 5381;

	for (; *c; c++)
		h = h * 33 + (unsigned char)*c;
	return h;
}

/*
 * Every contact's figures in one pass over the interactions, in table
 * order, summed by contact (a dense array, and a hash table of places in
 * it): several times faster than SQL's GROUP BY, which sorts a million
 * rows first.
 */
static int
stats_all(struct crm_index *idx)
{
	struct stats *a = NULL;
	uint32_t *slot = NULL;
	size_t cap = 0, n = 0, na = 0, i, h;
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = exec(idx, "DELETE FROM stats")) < 0)
		return rc;
	if (sqlite3_prepare_v2(idx->db, "SELECT contact, " STATS_COLUMNS
			       " FROM interaction", -1, &s, NULL) != SQLITE_OK)
		return db_error(idx, "cannot read");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(s, 0);

		if (!c)
			continue;
		if (2 * (n + 1) > cap) {
			cap = cap ? cap * 2 : 1024;
			free(slot);
			slot = crm_xcalloc(cap, sizeof(*slot));
			for (i = 0; i < n; i++) {
				for (h = stats_hash(a[i].contact); slot[h & (cap - 1)]; h++)
					;
				slot[h & (cap - 1)] = (uint32_t)(i + 1);
			}
		}
		for (h = stats_hash(c); slot[h & (cap - 1)]; h++)
			if (strcmp(a[slot[h & (cap - 1)] - 1].contact, c) == 0)
				break;
		if (!slot[h & (cap - 1)]) {
			if (n == na) {
				na = na ? na * 2 : 1024;
				a = crm_xrealloc(a, na * sizeof(*a));
			}
			memset(&a[n], 0, sizeof(*a));
			a[n].contact = crm_xstrdup(c);
			slot[h & (cap - 1)] = (uint32_t)++n;
		}
		stats_add(&a[slot[h & (cap - 1)] - 1], s, 1, store_currency(idx));
	}
	sqlite3_finalize(s);
	rc = rc == SQLITE_DONE ? 0 : db_error(idx, "cannot read");
	free(slot);
	for (i = 0; i < n; i++) {
		if (rc == 0)
			rc = stats_put(idx, &a[i]);
		free(a[i].contact);
	}
	free(a);
	if (rc == 0)
		rc = exec(idx, "INSERT OR IGNORE INTO stats SELECT id, 0, NULL, 0, 0,"
			  " NULL, NULL, 0 FROM record WHERE kind = 0");
	return rc;
}

/*
 * Redoes the derived fields of the contacts whose interactions changed:
 * one by one through the (contact, at) index, or all in one pass when
 * many changed (a rebuild, a big import).
 */
static int
flush_stats(struct crm_index *idx)
{
	struct flush f = { idx, 0 };
	size_t n = idx->dirty ? crm_strset_count(idx->dirty) : 0;

	if (!n && !idx->all_dirty)
		return 0;
	if (n > STATS_ALL || idx->all_dirty) {
		idx->all_dirty = 0;
		f.rc = stats_all(idx);
	} else {
		crm_strset_each(idx->dirty, flush_one, &f);
	}
	crm_strset_free(idx->dirty);
	idx->dirty = NULL;
	return f.rc;
}

void
crm_index_defer_fts(struct crm_index *idx)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(idx->db, "SELECT coalesce(max(rowid), 0) FROM interaction",
			       -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW) {
		idx->fts_mark = sqlite3_column_int64(s, 0);
		idx->defer_fts = 1;
		idx->nlogs = 0;
	}
	sqlite3_finalize(s);
}

/*
 * A bulk import that at least doubles the interactions drops their
 * secondary indexes and builds them again at commit from sorted rows:
 * inserting a million rows into indexes in random order (by contact)
 * thrashes the page cache, and sorting is several times faster.  Inside
 * the transaction, so a rollback brings them back; nothing the import
 * reads meanwhile needs them.
 */
#define BULK_MIN 20000

static int
bulk_grow(struct crm_index *idx)
{
	if (!idx->defer_fts || idx->sorted_later || idx->rebuild ||
	    ++idx->nlogs < BULK_MIN || (sqlite3_int64)idx->nlogs < idx->fts_mark)
		return 0;
	idx->sorted_later = 1;
	return exec(idx, "DROP INDEX IF EXISTS interaction_path;"
		    " DROP INDEX IF EXISTS interaction_contact;"
		    " DROP INDEX IF EXISTS interaction_buy;"
		    " DROP INDEX IF EXISTS interaction_open");
}

/* The summaries of the interactions a bulk import added, in one pass. */
static int
flush_fts(struct crm_index *idx)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (!idx->defer_fts)
		return 0;
	idx->defer_fts = 0;
	if (sqlite3_prepare_v2(idx->db, "INSERT INTO fts_log(rowid, text)"
			       " SELECT rowid, coalesce(summary, '') FROM interaction"
			       " WHERE rowid > ?1", -1, &s, NULL) != SQLITE_OK)
		return db_error(idx, "cannot update");
	sqlite3_bind_int64(s, 1, idx->fts_mark);
	rc = step_done(idx, s);
	sqlite3_finalize(s);
	return rc;
}

/*
 * The work a transaction leaves for its end: indexes a bulk import
 * dropped, derived fields, deferred words, planner statistics.  Done
 * once; crm_index_commit does it when nobody did before.
 */
/*
 * A rebuild inserts interactions without their unique index on id,
 * which random ids make the dearest to keep up row by row; it is built
 * here from sorted rows.  Should the journals hold an id twice, one copy
 * stays as in the live index (put_interaction): a done one over one not
 * done, else the one read last.
 */
static int
unique_ids(struct crm_index *idx)
{
	static const char uniq[] =
		"CREATE UNIQUE INDEX IF NOT EXISTS interaction_id ON interaction(id)";
	sqlite3_stmt *s = NULL;
	sqlite3_int64 *rows = NULL;
	size_t n = 0, i;
	int rc;

	if (sqlite3_exec(idx->db, uniq, NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	if ((sqlite3_errcode(idx->db) & 0xff) != SQLITE_CONSTRAINT)
		return db_error(idx, "cannot update");
	if ((rc = exec(idx, "CREATE INDEX interaction_dup ON interaction(id)")) < 0)
		return rc;
	if (sqlite3_prepare_v2(idx->db, "SELECT i.rowid FROM interaction i"
			       " WHERE EXISTS (SELECT 1 FROM interaction j"
			       " WHERE j.id = i.id AND j.rowid != i.rowid AND"
			       " ((j.done IS NOT NULL) > (i.done IS NOT NULL) OR"
			       " ((j.done IS NOT NULL) = (i.done IS NOT NULL) AND"
			       " j.rowid > i.rowid)))", -1, &s, NULL) != SQLITE_OK)
		return db_error(idx, "cannot read");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		rows = crm_xrealloc(rows, (n + 1) * sizeof(*rows));
		rows[n++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	rc = rc == SQLITE_DONE ? 0 : db_error(idx, "cannot read");
	for (i = 0; i < n && rc == 0; i++)
		if ((rc = step_rowid(idx, S_FTSLOG_DEL, rows[i])) == 0)
			rc = step_rowid(idx, S_LOG_DEL_ROW, rows[i]);
	free(rows);
	if (rc == 0)
		rc = exec(idx, "DROP INDEX interaction_dup");
	if (rc == 0)
		rc = exec(idx, uniq);
	return rc;
}

int
crm_index_prepare(struct crm_index *idx)
{
	int rc = 0;

	if (idx->prepared)
		return 0;
	/*
	 * SQLite sorts in as much memory as its cache may take: a bulk
	 * import ends with both, beside its own buffers and git's.
	 */
	if (idx->defer_fts && (rc = exec(idx, "PRAGMA cache_size=-8192")) < 0)
		return rc;
	if (idx->rebuild && (rc = unique_ids(idx)) < 0)
		return rc;
	if (idx->sorted_later) {
		idx->sorted_later = 0;
		rc = exec(idx, schema_indexes);
	}
	if (rc == 0)
		rc = flush_stats(idx);
	if (rc == 0)
		rc = flush_fts(idx);
	/*
	 * After a big change the query planner needs fresh statistics, or
	 * it scans every contact for an email; a sample is enough.
	 */
	if (rc == 0 && idx->nputs > 1000 && !idx->rebuild)
		rc = exec(idx, ANALYZE_SQL);
	idx->nputs = 0;
	idx->prepared = rc == 0;
	return rc;
}

int
crm_index_commit(struct crm_index *idx)
{
	int rc = crm_index_prepare(idx);

	if (rc == 0)
		rc = exec(idx, "COMMIT");
	if (rc < 0)
		crm_index_rollback(idx);
	idx->prepared = 0;
	idx->in_txn = 0;
	return rc;
}

void
crm_index_rollback(struct crm_index *idx)
{
	idx->prepared = 0;
	idx->defer_fts = 0;
	idx->sorted_later = 0;
	idx->all_dirty = 0;
	idx->nlogs = 0;
	crm_strset_free(idx->dirty);
	idx->dirty = NULL;
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
			 "INSERT INTO fts_log(fts_log) VALUES ('delete-all');"
			 "DELETE FROM fts_org;"
			 "DELETE FROM problem;"
			 "DELETE FROM stats; DELETE FROM fieldname;"
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

/* Runs statement which, whose one parameter is a path. */
static int
step_path(struct crm_index *idx, int which, const char *path)
{
	sqlite3_stmt *s = stmt(idx, which);

	if (s)
		bind_str(s, 1, path);
	return step_done(idx, s);
}

/* Runs statement which, whose one parameter is a rowid. */
static int
step_rowid(struct crm_index *idx, int which, sqlite3_int64 rowid)
{
	sqlite3_stmt *s = stmt(idx, which);

	if (s)
		sqlite3_bind_int64(s, 1, rowid);
	return step_done(idx, s);
}

static int
forget_record_rowid(struct crm_index *idx, sqlite3_int64 rowid)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(idx->db, "DELETE FROM stats WHERE contact ="
			       " (SELECT id FROM record WHERE rowid = ?1 AND kind = 0)",
			       -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(s, 1, rowid);
		rc = step_done(idx, s);
		sqlite3_finalize(s);
		if (rc < 0)
			return rc;
	}

	if ((rc = step_rowid(idx, S_FTS_DEL, rowid)) < 0 ||
	    (rc = step_rowid(idx, S_FTSORG_DEL, rowid)) < 0 ||
	    (rc = step_rowid(idx, S_REC_DEL, rowid)) < 0)
		return rc;
	return step_rowid(idx, S_LIST_DEL, rowid);
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
		/* a journal: its interactions, and their contacts' stats */
		s = stmt(idx, S_LOG_CONTACTS);
		if (!s)
			return db_error(idx, "cannot read");
		bind_str(s, 1, path);
		while (sqlite3_step(s) == SQLITE_ROW)
			mark_dirty(idx, (const char *)sqlite3_column_text(s, 0));
		sqlite3_reset(s);
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
			/* words a bulk import has yet to index are not there */
			if (idx->defer_fts && rows[i] > idx->fts_mark)
				continue;
			rc = step_rowid(idx, S_FTSLOG_DEL, rows[i]);
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

static int put_interaction2(struct crm_index *idx, const char *path,
			    const struct crm_record *r, const char *at,
			    const char *due, const char *done);

/* Remembers the custom field names of r, for the filter's checks. */
static int
note_fields(struct crm_index *idx, const struct crm_record *r)
{
	enum crm_kind k = crm_record_kind(r);
	sqlite3_stmt *s;
	size_t i;
	int rc;

	for (i = 0; i < crm_record_nfields(r); i++) {
		const char *key = crm_record_key(r, i);

		/*
		 * restricted too, once a contact has it: the cheap sign that
		 * reports and segments must leave some contacts out
		 */
		if (crm_schema_field(k, key) && strcmp(key, "restricted"))
			continue;
		s = stmt(idx, S_FIELDNAME);
		if (!s)
			return db_error(idx, "cannot update");
		sqlite3_bind_int(s, 1, (int)k);
		bind_str(s, 2, key);
		if ((rc = step_done(idx, s)) < 0)
			return rc;
	}
	return 0;
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

/*
 * The canonical UTC form of a date a person may have written otherwise
 * ("2026-11-05T10:00:00+02:00"), so that the index compares instants.
 */
static const char *
canon_date(struct crm_buf *b, const char *v)
{
	struct crm_time t;

	if (!v || crm_date_is_canonical(v))
		return v;
	if (crm_date_parse(&t, v, 0) < 0) {
		crm_err_clear();
		return v;
	}
	crm_buf_reset(b);
	crm_date_format(b, &t);
	return b->buf;
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
	{
		/* dates a person wrote with an offset, as instants */
		struct crm_record *c = NULL;
		struct crm_buf d = CRM_BUF_INIT;
		size_t f;

		for (f = 0; f < crm_record_nfields(r); f++) {
			const struct crm_field_def *def =
				crm_schema_field(k, crm_record_key(r, f));
			const char *v = crm_record_value(r, f, 0);

			if (!def || def->type != CRM_T_DATE ||
			    crm_record_is_list(r, f) || canon_date(&d, v) == v)
				continue;
			if (!c)
				c = crm_record_dup(r);
			crm_record_set(c, crm_record_key(r, f), d.buf, 1);
		}
		crm_json_write(&idx->doc, c ? c : r);
		crm_record_free(c);
		crm_buf_release(&d);
	}
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
	bind_str(s, 7, crm_record_get(r, "org"));
	if ((rc = step_done(idx, s)) < 0 || (rc = note_fields(idx, r)) < 0)
		return rc;
	idx->nputs++;
	rowid = sqlite3_last_insert_rowid(idx->db);
	/* every contact has its derived fields, zero until interactions come */
	if (k == CRM_CONTACT) {
		s = stmt(idx, S_STATS_ZERO);
		if (!s)
			return db_error(idx, "cannot update");
		bind_str(s, 1, id);
		if ((rc = step_done(idx, s)) < 0)
			return rc;
		/* redone from its interactions at commit (it may have some) */
		mark_dirty(idx, id);
	}

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
	if ((rc = step_done(idx, s)) < 0 || k != CRM_ORG)
		return rc;
	s = stmt(idx, S_FTSORG_INS);
	if (!s)
		return db_error(idx, "cannot update");
	sqlite3_bind_int64(s, 1, rowid);
	bind_str(s, 2, crm_buf_str(&idx->text));
	return step_done(idx, s);
}

static int
put_interaction(struct crm_index *idx, const char *path,
		const struct crm_record *r)
{
	struct crm_buf d1 = CRM_BUF_INIT, d2 = CRM_BUF_INIT, d3 = CRM_BUF_INIT;
	int rc;

	/*
	 * Two copies of one interaction come from a union merge of a task
	 * closed on one workstation while the other appended to its day:
	 * a task once done stays done, whichever copy comes last.  (A
	 * rebuild sorts copies out at its end: unique_ids.)
	 */
	if (!idx->rebuild && !crm_record_get(r, "done")) {
		sqlite3_stmt *s = stmt(idx, S_LOG_DONE);
		int done = 0;

		if (!s)
			return db_error(idx, "cannot read");
		bind_str(s, 1, crm_record_id(r));
		if (sqlite3_step(s) == SQLITE_ROW)
			done = sqlite3_column_int(s, 0);
		sqlite3_reset(s);
		if (done)
			return 0;
	}

	rc = put_interaction2(idx, path, r,
			      canon_date(&d1, crm_record_get(r, "at")),
			      canon_date(&d2, crm_record_get(r, "due")),
			      canon_date(&d3, crm_record_get(r, "done")));
	crm_buf_release(&d1);
	crm_buf_release(&d2);
	crm_buf_release(&d3);
	return rc;
}

/*
 * Takes the interaction at rowid out of the index: its words (unless a
 * bulk import has yet to index them) and its row; its contact's figures
 * are redone (contact NULL: the caller saw to that).
 */
static int
drop_log_row(struct crm_index *idx, sqlite3_int64 rowid, const char *contact)
{
	int rc;

	if (contact)
		mark_dirty(idx, contact);
	if ((!idx->defer_fts || rowid <= idx->fts_mark) &&
	    (rc = step_rowid(idx, S_FTSLOG_DEL, rowid)) < 0)
		return rc;
	return step_rowid(idx, S_LOG_DEL_ROW, rowid);
}

/*
 * Takes interaction id out of the index: its words (unless a bulk import
 * has yet to index them), its row, and its contact's figures.
 */
static int
forget_log_id(struct crm_index *idx, const char *id)
{
	sqlite3_stmt *s = stmt(idx, S_LOG_OLD);
	sqlite3_int64 rowid;

	if (!s)
		return db_error(idx, "cannot read");
	bind_str(s, 1, id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return db_error(idx, "cannot update");
	}
	rowid = sqlite3_column_int64(s, 0);
	mark_dirty(idx, (const char *)sqlite3_column_text(s, 1));
	sqlite3_reset(s);
	return drop_log_row(idx, rowid, NULL);
}

static int
put_interaction2(struct crm_index *idx, const char *path,
		 const struct crm_record *r, const char *at, const char *due,
		 const char *done)
{
	const char *amount = crm_record_get(r, "amount");
	const char *v[LD_N];
	sqlite3_stmt *s;
	int64_t minor;
	int rc, money, plain;

	v[LD_ID] = crm_record_id(r);
	v[LD_AT] = at;
	v[LD_CONTACT] = crm_record_get(r, "contact");
	v[LD_TYPE] = crm_record_get(r, "type");
	v[LD_SUMMARY] = crm_record_get(r, "summary");
	v[LD_AMOUNT] = NULL;
	v[LD_CURRENCY] = crm_record_get(r, "currency");
	v[LD_DEAL] = crm_record_get(r, "deal");
	v[LD_DUE] = due;
	v[LD_DONE] = done;
	money = amount && crm_money_parse(&minor, amount,
					  crm_money_exponent(v[LD_CURRENCY])) == 0;
	plain = log_plain(r, v, money ? &minor : NULL, &idx->canon);
#ifndef NDEBUG
	/* the tests check the shortcut against what it stands for */
	crm_buf_reset(&idx->doc);
	crm_json_write(&idx->doc, r);
	idx->doc.buf[--idx->doc.len] = '\0';
	crm_buf_reset(&idx->canon);
	log_doc(&idx->canon, v, money ? &minor : NULL);
	assert(plain == (strcmp(idx->canon.buf, idx->doc.buf) == 0));
#endif
	if (!plain) {
		crm_buf_reset(&idx->doc);
		crm_json_write(&idx->doc, r);
		idx->doc.buf[--idx->doc.len] = '\0';
	}
	s = stmt(idx, S_LOG_INS);
	if (!s)
		return db_error(idx, "cannot update");
	bind_str(s, 1, v[LD_ID]);
	bind_str(s, 2, path);
	bind_str(s, 3, at);
	bind_str(s, 4, v[LD_CONTACT]);
	bind_str(s, 5, v[LD_TYPE]);
	bind_str(s, 6, v[LD_SUMMARY]);
	if (money)
		sqlite3_bind_int64(s, 7, minor);
	bind_str(s, 8, v[LD_CURRENCY]);
	bind_str(s, 9, v[LD_DEAL]);
	bind_str(s, 10, due);
	bind_str(s, 11, done);
	/* what the columns rebuild exactly needs no copy */
	if (plain)
		sqlite3_bind_null(s, 12);
	else
		bind_str(s, 12, idx->doc.buf);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_CONSTRAINT) {
		/* the id is indexed already (a copy in another journal, which
		 * the store should not hold): the copy indexed last wins */
		if ((rc = forget_log_id(idx, v[LD_ID])) < 0)
			return rc;
		rc = sqlite3_step(s);
		sqlite3_reset(s);
	}
	if (rc != SQLITE_DONE)
		return db_error(idx, "cannot update");
	if ((rc = note_fields(idx, r)) < 0)
		return rc;
	mark_dirty(idx, v[LD_CONTACT]);
	idx->nputs++;
	if (idx->defer_fts)
		return bulk_grow(idx);
	s = stmt(idx, S_FTSLOG_INS);
	if (!s)
		return db_error(idx, "cannot update");
	sqlite3_bind_int64(s, 1, sqlite3_last_insert_rowid(idx->db));
	bind_str(s, 2, v[LD_SUMMARY] ? v[LD_SUMMARY] : "");
	return step_done(idx, s);
}

/*
 * What a store file must satisfy to be indexed: it parses, and records
 * carry the id their file name says.  Full validation is crm fsck's job.
 */
int
crm_index_add_log(struct crm_index *idx, const char *path,
		  const struct crm_record *r)
{
	return put_interaction(idx, path, (struct crm_record *)r);
}

int
crm_index_log_path(struct crm_buf *out, struct crm_index *idx, const char *id)
{
	sqlite3_stmt *s = stmt(idx, S_LOG_PATH);
	int rc;

	if (!s)
		return db_error(idx, "cannot read");
	bind_str(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		crm_buf_adds(out, (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return crm_err_set(CRM_ENOTFOUND, "interaction %s not found", id);
	if (rc != SQLITE_ROW)
		return db_error(idx, "cannot read");
	return 0;
}

/* What crm_index_put passes to put_one for each record of a file. */
/* The rows a journal had in the index, while it is read again. */
struct old_row {
	sqlite3_int64 rowid;
	char *contact;
	char *doc;		/* its document's JSON */
	int seen;
};

struct old_rows {
	struct crm_map *at;	/* id -> index + 1 */
	struct old_row *r;
	size_t n;
};

struct put_arg {
	struct crm_index *idx;
	const char *path;
	enum crm_kind kind;
	const char *id;		/* of a record file, from its name */
	int seen;		/* records of the file so far */
	struct old_rows *old;	/* a journal read again: what it held */
};

/*
 * Indexes one record of a store file: every interaction of a journal,
 * the first record of a record file.  A bad one is a problem, not an
 * error.
 */
static int
put_one(struct crm_record *r, void *arg)
{
	struct put_arg *a = arg;
	const char *rid = crm_record_id(r);

	if (a->kind == CRM_LOG) {
		if (!rid || !crm_id_valid(rid) || !crm_record_get(r, "at") ||
		    !crm_record_get(r, "contact") || !crm_record_get(r, "type"))
			return problem(a->idx, a->path,
				       "an interaction lacks a valid id, at, contact or type");
		if (a->old) {
			const char *at = crm_map_get(a->old->at, rid);
			struct old_row *o = at ? &a->old->r[strtoul(at, NULL, 10) - 1] : NULL;
			struct crm_buf *d = &a->idx->doc;
			int rc;

			if (o && !o->seen) {
				o->seen = 1;
				crm_buf_reset(d);
				crm_json_write(d, r);
				d->buf[--d->len] = '\0';
				if (strcmp(d->buf, o->doc) == 0)
					return 0;	/* as it was */
				if ((rc = drop_log_row(a->idx, o->rowid, o->contact)) < 0)
					return rc;
			}
		}
		return put_interaction(a->idx, a->path, r);
	}
	if (a->seen++) {
		/* a record file holds one record: none of them is taken */
		int rc = a->seen == 2 ? forget_path(a->idx, a->path) : 0;

		return rc < 0 || a->seen > 2 ? rc :
			problem(a->idx, a->path,
				"more than one document: a record file holds one record");
	}
	if (!rid || strcmp(rid, a->id) != 0)
		return problem(a->idx, a->path,
			       "the id inside differs from the file name");
	return put_record(a->idx, a->path, r);
}

int
crm_index_put(struct crm_index *idx, const char *path, const char *data,
	      size_t len)
{
	struct put_arg a = { idx, path, CRM_CONTACT, NULL, 0, NULL };
	struct crm_yaml_reader *y = NULL;
	struct crm_record *r = NULL;
	struct old_rows old;
	char id[CRM_ID_LEN + 1];
	int rc, parsed = crm_path_parse(&a.kind, id, path) == 0;

	memset(&old, 0, sizeof(old));
	if (!idx->rebuild) {
		/*
		 * A journal read again keeps the rows that did not change
		 * (a line appended to a day of a thousand touches one row,
		 * and one contact's figures); any other file starts afresh.
		 */
		if (parsed && a.kind == CRM_LOG) {
			if ((rc = load_old_rows(&old, idx, path)) < 0)
				goto out;
			a.old = &old;
		} else if ((rc = forget_path(idx, path)) < 0) {
			return rc;
		}
	}
	if (!parsed)
		return 0;	/* crm.yaml, segments, README: not records */
	a.id = id;
	/* crm's own layout without libyaml: a rebuild reads every journal */
	if ((rc = crm_yaml_fast(data, len, a.kind, put_one, &a)) !=
	    CRM_YAML_NOT_FAST)
		goto out;
	y = crm_yaml_reader_mem(data, len, path);
	if (!y) {
		rc = crm_err_set(CRM_EINTERNAL, "cannot start the YAML parser");
		goto out;
	}
	for (;;) {
		rc = crm_yaml_read(&r, NULL, y, a.kind);
		if (rc < 0) {
			rc = problem(idx, path, crm_err_msg());
			break;
		}
		if (!r)
			break;
		rc = put_one(r, &a);
		crm_record_free(r);
		r = NULL;
		if (rc < 0 || (a.kind != CRM_LOG && a.seen > 1))
			break;
	}
	crm_yaml_reader_free(y);
out:
	if (a.old) {
		size_t i;

		/* the rows the journal no longer holds */
		for (i = 0; i < old.n; i++) {
			if (rc >= 0 && !old.r[i].seen)
				rc = drop_log_row(idx, old.r[i].rowid, old.r[i].contact);
			free(old.r[i].contact);
			free(old.r[i].doc);
		}
		free(old.r);
		crm_map_free(old.at);
	}
	return rc;
}

/* What the index holds of journal path, and its problem forgotten. */
static int
load_old_rows(struct old_rows *o, struct crm_index *idx, const char *path)
{
	sqlite3_stmt *s = NULL;
	char num[24];
	int rc;

	o->at = crm_map_new();
	if ((rc = step_path(idx, S_PROB_DEL, path)) < 0)
		return rc;
	if (sqlite3_prepare_v2(idx->db, "SELECT rowid, id, contact, coalesce(doc,"
			       " crm_logdoc(id, at, contact, type, summary, amount,"
			       " currency, deal, due, done)) FROM interaction WHERE path = ?1",
			       -1, &s, NULL) != SQLITE_OK)
		return db_error(idx, "cannot read");
	bind_str(s, 1, path);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct old_row *r;

		o->r = crm_xrealloc(o->r, (o->n + 1) * sizeof(*o->r));
		r = &o->r[o->n];
		r->rowid = sqlite3_column_int64(s, 0);
		r->contact = crm_xstrdup((const char *)sqlite3_column_text(s, 2));
		r->doc = crm_xstrdup((const char *)sqlite3_column_text(s, 3));
		r->seen = 0;
		snprintf(num, sizeof(num), "%zu", ++o->n);
		crm_map_put(o->at, (const char *)sqlite3_column_text(s, 1), num);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_error(idx, "cannot read");
}

static int
keep_one(struct crm_record *r, void *arg)
{
	struct crm_parsed *p = arg;

	if (p->n == p->alloc) {
		p->alloc = p->alloc ? p->alloc * 2 : 16;
		p->r = crm_xrealloc(p->r, p->alloc * sizeof(*p->r));
	}
	p->r[p->n++] = r;
	return CRM_YAML_KEPT;
}

void
crm_index_parse(struct crm_parsed *p, char *path, char *data, size_t len)
{
	enum crm_kind kind;
	char id[CRM_ID_LEN + 1];

	memset(p, 0, sizeof(*p));
	p->path = path;
	p->data = data;
	p->len = len;
	if (crm_path_parse(&kind, id, path) < 0 ||
	    crm_yaml_fast(data, len, kind, keep_one, p) != 0) {
		/* not a record, or not crm's layout: libyaml's, later
		 * (yamlfast gives up before it hands over any record) */
		size_t i;

		for (i = 0; i < p->n; i++)
			crm_record_free(p->r[i]);
		free(p->r);
		p->r = NULL;
		p->n = p->alloc = 0;
		return;
	}
	free(p->data);
	p->data = NULL;
}

int
crm_index_put_parsed(struct crm_index *idx, struct crm_parsed *p)
{
	struct put_arg a = { idx, p->path, CRM_CONTACT, NULL, 0, NULL };
	char id[CRM_ID_LEN + 1];
	size_t i;
	int rc = 0;

	if (p->data)
		return crm_index_put(idx, p->path, p->data, p->len);
	if (!idx->rebuild && (rc = forget_path(idx, p->path)) < 0)
		return rc;
	if (crm_path_parse(&a.kind, id, p->path) < 0)
		return 0;
	a.id = id;
	for (i = 0; i < p->n && rc == 0; i++)
		rc = put_one(p->r[i], &a);
	return rc;
}

void
crm_parsed_release(struct crm_parsed *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		crm_record_free(p->r[i]);
	free(p->r);
	free(p->path);
	free(p->data);
	memset(p, 0, sizeof(*p));
}

int
crm_index_rebuilding(const struct crm_index *idx)
{
	return idx->rebuild;
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

int
crm_index_has_problem(struct crm_index *idx, const char *path)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(idx->db, "SELECT 1 FROM problem WHERE path = ?1",
			       -1, &s, NULL) != SQLITE_OK)
		return db_error(idx, "cannot read");
	sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_error(idx, "cannot read");
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

/* ---- queries: filters compiled to SQL with bound parameters ---- */

enum { P_TEXT, P_NUM, P_INT };

struct qparam {
	int type;
	char *text;
	double num;
	sqlite3_int64 i;
};

struct qc {
	struct crm_buf sql;
	struct qparam *p;
	size_t np;
	enum crm_kind kind;
	int exp;		/* decimals of the store's currency */
};

static void
param_text(struct qc *q, const char *t)
{
	q->p = crm_xrealloc(q->p, (q->np + 1) * sizeof(*q->p));
	q->p[q->np].type = P_TEXT;
	q->p[q->np].text = crm_xstrdup(t);
	q->np++;
	crm_buf_addc(&q->sql, '?');
}

static void
param_num(struct qc *q, double v)
{
	q->p = crm_xrealloc(q->p, (q->np + 1) * sizeof(*q->p));
	q->p[q->np].type = P_NUM;
	q->p[q->np].text = NULL;
	q->p[q->np].num = v;
	q->np++;
	crm_buf_addc(&q->sql, '?');
}

static void
param_int(struct qc *q, sqlite3_int64 v)
{
	q->p = crm_xrealloc(q->p, (q->np + 1) * sizeof(*q->p));
	q->p[q->np].type = P_INT;
	q->p[q->np].text = NULL;
	q->p[q->np].i = v;
	q->np++;
	crm_buf_addc(&q->sql, '?');
}

static void
qc_release(struct qc *q)
{
	size_t i;

	for (i = 0; i < q->np; i++)
		free(q->p[i].text);
	free(q->p);
	crm_buf_release(&q->sql);
}

/* The JSON path of a field: '$."name"' (names are checked, but quoted). */
static void
param_path(struct qc *q, const char *field)
{
	struct crm_buf b = CRM_BUF_INIT;

	crm_buf_addf(&b, "$.\"%s\"", field);
	param_text(q, b.buf);
	crm_buf_release(&b);
}

/* Columns of the interaction table, by field. */
static int
log_column(const char *f)
{
	static const char *const cols[] = {
		"id", "at", "contact", "type", "summary", "currency", "deal",
		"due", "done", NULL
	};
	const char *const *c;

	for (c = cols; *c; c++)
		if (strcmp(*c, f) == 0)
			return 1;
	return 0;
}

/* Appends the SQL value of field n on the record (alias a) of kind k. */
static void
value_expr(struct qc *q, const struct crm_fnode *n, const char *a,
	   enum crm_kind k)
{
	if (n->src == CRM_SRC_STAT) {
		crm_buf_adds(&q->sql, crm_filter_stat(n->field));
		return;
	}
	if (k == CRM_LOG && strcmp(n->field, "amount") == 0) {
		/* minor units, read in the interaction's own currency */
		crm_buf_addf(&q->sql, "crm_major(%s.amount, %s.currency)", a, a);
		return;
	}
	if (k == CRM_LOG && log_column(n->field)) {
		crm_buf_addf(&q->sql, "%s.%s", a, n->field);
		return;
	}
	switch (n->src) {
	case CRM_SRC_ID:
		crm_buf_addf(&q->sql, "%s.id", a);
		return;
	case CRM_SRC_NAME:
		crm_buf_addf(&q->sql, "%s.name", a);
		return;
	default:
		crm_buf_addf(&q->sql, "json_extract(%s.doc, ", a);
		param_path(q, n->field);
		crm_buf_addc(&q->sql, ')');
	}
}

/*
 * The field as the text people see: JSON's true and false come out of
 * json_extract as 1 and 0, and an amount 1500.50 as 1500.5.
 */
static void
text_expr(struct qc *q, const struct crm_fnode *n, const char *a, enum crm_kind k)
{
	if (n->ftype == CRM_T_BOOL && n->src == CRM_SRC_DOC) {
		crm_buf_adds(&q->sql, "(CASE ");
		value_expr(q, n, a, k);
		crm_buf_adds(&q->sql, " WHEN 1 THEN 'true' WHEN 0 THEN 'false' ELSE ");
		value_expr(q, n, a, k);
		crm_buf_adds(&q->sql, " END)");
		return;
	}
	if (n->ftype == CRM_T_MONEY && n->src == CRM_SRC_DOC) {
		crm_buf_addf(&q->sql, "printf('%%.%df', ", q->exp);
		value_expr(q, n, a, k);
		crm_buf_addc(&q->sql, ')');
		return;
	}
	value_expr(q, n, a, k);
}

static const char *const sql_op[] = { "=", "!=", "<", "<=", ">", ">=" };

/* Minor units are what money columns hold (interaction amounts, revenue). */
static int
holds_minor(const struct crm_fnode *n, enum crm_kind k)
{
	return n->src == CRM_SRC_STAT;
}

/*
 * The positive test of comparison n (= for !=, ~ for !~) on the value
 * expression of n, for the record (alias a) of kind k.
 */
static void
positive(struct qc *q, const struct crm_fnode *n, const char *a, enum crm_kind k,
	 enum crm_fop op)
{
	switch (n->vt) {
	case CRM_VT_EMPTY:
		crm_buf_adds(&q->sql, "COALESCE(");
		value_expr(q, n, a, k);
		crm_buf_adds(&q->sql, ", '') = ''");
		return;
	case CRM_VT_NUM:
	case CRM_VT_MONEY:
		crm_buf_adds(&q->sql, "CAST(");
		value_expr(q, n, a, k);
		crm_buf_addf(&q->sql, " AS REAL) %s ", sql_op[op]);
		if (n->vt == CRM_VT_MONEY && holds_minor(n, k))
			param_num(q, n->num * pow(10, q->exp));
		else
			param_num(q, n->num);
		return;
	case CRM_VT_BOOL:
		value_expr(q, n, a, k);
		crm_buf_adds(&q->sql, " = ");
		param_int(q, (sqlite3_int64)n->num);
		return;
	case CRM_VT_DAY:
		crm_buf_addc(&q->sql, '(');
		value_expr(q, n, a, k);
		switch (op) {
		case CRM_OP_EQ:
			crm_buf_adds(&q->sql, " >= ");
			param_text(q, n->value);
			crm_buf_adds(&q->sql, " AND ");
			value_expr(q, n, a, k);
			crm_buf_adds(&q->sql, " < ");
			param_text(q, n->value2);
			break;
		case CRM_OP_LT:
			crm_buf_adds(&q->sql, " < ");
			param_text(q, n->value);
			break;
		case CRM_OP_LE:
			crm_buf_adds(&q->sql, " < ");
			param_text(q, n->value2);
			break;
		case CRM_OP_GT:
			crm_buf_adds(&q->sql, " >= ");
			param_text(q, n->value2);
			break;
		default:
			crm_buf_adds(&q->sql, " >= ");
			param_text(q, n->value);
			break;
		}
		crm_buf_addc(&q->sql, ')');
		return;
	case CRM_VT_TIME:
		value_expr(q, n, a, k);
		crm_buf_addf(&q->sql, " %s ", sql_op[op]);
		param_text(q, n->value);
		return;
	default:
		break;
	}
	/* text, compared case-folded */
	if (op == CRM_OP_HAS) {
		crm_buf_adds(&q->sql, "instr(");
		if (n->src == CRM_SRC_NAME)
			crm_buf_addf(&q->sql, "%s.name_fold", a);
		else {
			crm_buf_adds(&q->sql, "crm_fold(");
			text_expr(q, n, a, k);
			crm_buf_addc(&q->sql, ')');
		}
		crm_buf_adds(&q->sql, ", ");
		param_text(q, n->value);
		crm_buf_adds(&q->sql, ") > 0");
		return;
	}
	if (n->src == CRM_SRC_NAME) {
		crm_buf_addf(&q->sql, "%s.name_fold %s ", a, sql_op[op]);
	} else if (n->src == CRM_SRC_ID) {
		crm_buf_addf(&q->sql, "%s.id %s ", a, sql_op[op]);
	} else {
		crm_buf_adds(&q->sql, "crm_fold(");
		text_expr(q, n, a, k);
		crm_buf_addf(&q->sql, ") %s ", sql_op[op]);
	}
	param_text(q, n->value);
}

/* "has an element" tests of list fields. */
static void
list_test(struct qc *q, const struct crm_fnode *n, const char *a, enum crm_kind k,
	  enum crm_fop op)
{
	if (k == CRM_LOG && n->vt == CRM_VT_EMPTY) {
		crm_buf_adds(&q->sql, "NOT EXISTS (SELECT 1 FROM json_each(");
		crm_buf_addf(&q->sql, "%s.doc, ", a);
		param_path(q, n->field);
		crm_buf_adds(&q->sql, "))");
		return;
	}
	if (k == CRM_LOG) {
		crm_buf_adds(&q->sql, "EXISTS (SELECT 1 FROM json_each(");
		crm_buf_addf(&q->sql, "%s.doc, ", a);
		param_path(q, n->field);
		crm_buf_adds(&q->sql, ") WHERE ");
		if (op == CRM_OP_HAS) {
			crm_buf_adds(&q->sql, "instr(crm_fold(value), ");
			param_text(q, n->value);
			crm_buf_adds(&q->sql, ") > 0)");
		} else {
			crm_buf_addf(&q->sql, "crm_fold(value) %s ", sql_op[op]);
			param_text(q, n->value);
			crm_buf_addc(&q->sql, ')');
		}
		return;
	}
	if (n->vt == CRM_VT_EMPTY) {
		/* an empty list: no element at all */
		crm_buf_addf(&q->sql, "%s.rowid NOT IN (SELECT rid FROM list WHERE field = ", a);
		param_text(q, n->field);
		crm_buf_addc(&q->sql, ')');
		return;
	}
	crm_buf_addf(&q->sql, "%s.rowid IN (SELECT rid FROM list WHERE field = ", a);
	param_text(q, n->field);
	if (op == CRM_OP_HAS) {
		crm_buf_adds(&q->sql, " AND instr(fold, ");
		param_text(q, n->value);
		crm_buf_adds(&q->sql, ") > 0)");
		return;
	}
	crm_buf_addf(&q->sql, " AND fold %s ", sql_op[op]);
	param_text(q, n->value);
	crm_buf_addc(&q->sql, ')');
}

/* Tests of org, contact and deal fields: by id, or by the record's name. */
static void
ref_test(struct qc *q, const struct crm_fnode *n, const char *a, enum crm_kind k,
	 enum crm_fop op)
{
	if (op == CRM_OP_EQ) {
		crm_buf_addc(&q->sql, '(');
		value_expr(q, n, a, k);
		crm_buf_adds(&q->sql, " = ");
		param_text(q, n->value);
		crm_buf_adds(&q->sql, " OR ");
		value_expr(q, n, a, k);
		crm_buf_adds(&q->sql, " IN (SELECT id FROM record WHERE kind = ");
		param_int(q, n->ref_kind);
		crm_buf_adds(&q->sql, " AND name_fold = ");
		param_text(q, n->value);
		crm_buf_addc(&q->sql, ')');
		if (n->ref_kind == CRM_CONTACT) {
			/* a contact is also named by its email */
			crm_buf_adds(&q->sql, " OR ");
			value_expr(q, n, a, k);
			crm_buf_adds(&q->sql, " IN (SELECT r2.id FROM list l JOIN record r2"
				     " ON r2.rowid = l.rid WHERE l.field = 'email' AND l.fold = ");
			param_text(q, n->value);
			crm_buf_addc(&q->sql, ')');
		}
		crm_buf_addc(&q->sql, ')');
		return;
	}
	/* ~ and orders compare the referred record's name */
	crm_buf_adds(&q->sql, "(SELECT ");
	if (op == CRM_OP_HAS)
		crm_buf_adds(&q->sql, "instr(name_fold, ");
	else
		crm_buf_adds(&q->sql, "name_fold");
	if (op == CRM_OP_HAS) {
		param_text(q, n->value);
		crm_buf_adds(&q->sql, ") > 0");
	} else {
		crm_buf_addf(&q->sql, " %s ", sql_op[op]);
		param_text(q, n->value);
	}
	crm_buf_adds(&q->sql, " FROM record WHERE id = ");
	value_expr(q, n, a, k);
	crm_buf_addc(&q->sql, ')');
}

static void compile_node(struct qc *q, const struct crm_fnode *n, const char *a,
			 enum crm_kind k);

/* The id in the reference field a via node follows (org, contact). */
static void
ref_expr(struct qc *q, const struct crm_fnode *n, const char *a, enum crm_kind k)
{
	if (k == CRM_LOG && log_column(n->via_field)) {
		crm_buf_addf(&q->sql, "%s.%s", a, n->via_field);
	} else {
		crm_buf_addf(&q->sql, "json_extract(%s.doc, ", a);
		param_path(q, n->via_field);
		crm_buf_addc(&q->sql, ')');
	}
}

static void
compile_cmp(struct qc *q, const struct crm_fnode *n, const char *a, enum crm_kind k)
{
	enum crm_fop op = n->op;
	int negate = op == CRM_OP_NE || op == CRM_OP_HASNOT;

	if (negate)
		op = op == CRM_OP_NE ? CRM_OP_EQ : CRM_OP_HAS;
	/* a missing field is "not equal": NOT of a test that is false or NULL */
	if (negate && n->vt != CRM_VT_EMPTY)
		crm_buf_adds(&q->sql, "NOT COALESCE((");
	else if (negate)
		crm_buf_adds(&q->sql, "NOT (");
	if (n->via >= 0) {
		struct crm_fnode sub = *n;

		/* org.city: the referred record passes the test */
		sub.via = -1;
		sub.op = op;
		if (n->vt == CRM_VT_EMPTY) {
			/* no organisation: its city is missing too */
			crm_buf_adds(&q->sql, "(COALESCE(");
			ref_expr(q, n, a, k);
			crm_buf_adds(&q->sql, ", '') = '' OR ");
		}
		ref_expr(q, n, a, k);
		crm_buf_adds(&q->sql, " IN (SELECT v.id FROM record v");
		if (n->via == CRM_CONTACT && n->src == CRM_SRC_STAT)
			crm_buf_adds(&q->sql, " JOIN stats s ON s.contact = v.id");
		crm_buf_adds(&q->sql, " WHERE v.kind = ");
		param_int(q, n->via);
		crm_buf_adds(&q->sql, " AND ");
		compile_node(q, &sub, "v", n->via);
		crm_buf_addc(&q->sql, ')');
		if (n->vt == CRM_VT_EMPTY)
			crm_buf_addc(&q->sql, ')');
	} else if (n->src == CRM_SRC_SEG) {
		/* members computed beforehand (crm_segment_prepare) */
		crm_buf_addf(&q->sql, "%s.id IN (SELECT id FROM temp.crm_seg WHERE k = ", a);
		param_text(q, n->value);
		crm_buf_addc(&q->sql, ')');
	} else if (n->src == CRM_SRC_LIST) {
		list_test(q, n, a, k, op);
	} else if (n->src == CRM_SRC_REF && n->vt == CRM_VT_TEXT) {
		ref_test(q, n, a, k, op);
	} else {
		positive(q, n, a, k, op);
	}
	if (negate && n->vt != CRM_VT_EMPTY)
		crm_buf_adds(&q->sql, "), 0)");
	else if (negate)
		crm_buf_addc(&q->sql, ')');
}

static void
compile_text(struct qc *q, const struct crm_fnode *n, const char *a, enum crm_kind k)
{
	if (k == CRM_LOG) {
		crm_buf_addf(&q->sql, "%s.rowid IN (SELECT rowid FROM fts_log WHERE fts_log MATCH ",
			     a);
		param_text(q, n->text);
		crm_buf_addc(&q->sql, ')');
		return;
	}
	/*
	 * One IN on the rowid, of a UNION: an OR of three tests would make
	 * SQLite walk every contact.
	 */
	crm_buf_addf(&q->sql, "%s.rowid IN (SELECT rowid FROM fts_record WHERE fts_record MATCH ",
		     a);
	param_text(q, n->text);
	if (k == CRM_CONTACT) {
		/* a contact is found by its organisation and its interactions */
		crm_buf_adds(&q->sql, " UNION SELECT ft1.rowid FROM record ft1"
			     " WHERE ft1.org IN (SELECT id FROM record WHERE"
			     " rowid IN (SELECT rowid FROM fts_org WHERE fts_org MATCH ");
		param_text(q, n->text);
		crm_buf_adds(&q->sql, ")) UNION SELECT ft2.rowid FROM record ft2 WHERE ft2.id IN"
			     " (SELECT contact FROM interaction WHERE rowid IN"
			     " (SELECT rowid FROM fts_log WHERE fts_log MATCH ");
		param_text(q, n->text);
		crm_buf_adds(&q->sql, "))");
	}
	crm_buf_addc(&q->sql, ')');
}

static void
compile_chain(struct qc *q, const struct crm_fnode *n, enum crm_fnode_type t,
	      const char *a, enum crm_kind k)
{
	if (n->type != t) {
		compile_node(q, n, a, k);
		return;
	}
	compile_chain(q, n->a, t, a, k);
	crm_buf_adds(&q->sql, t == CRM_FN_AND ? " AND " : " OR ");
	compile_chain(q, n->b, t, a, k);
}

static void
compile_node(struct qc *q, const struct crm_fnode *n, const char *a, enum crm_kind k)
{
	switch (n->type) {
	case CRM_FN_AND:
	case CRM_FN_OR:
		/* "a or b or c" as one flat list, not nested pairs */
		crm_buf_addc(&q->sql, '(');
		compile_chain(q, n, n->type, a, k);
		crm_buf_addc(&q->sql, ')');
		return;
	case CRM_FN_NOT:
		crm_buf_adds(&q->sql, "NOT COALESCE((");
		compile_node(q, n->a, a, k);
		crm_buf_adds(&q->sql, "), 0)");
		return;
	case CRM_FN_TEXT:
		compile_text(q, n, a, k);
		return;
	case CRM_FN_CMP:
		compile_cmp(q, n, a, k);
		return;
	}
}

/* The SQL of an output column or sort key: field n on alias a. */
static void
column_expr(struct qc *q, const struct crm_fnode *n, const char *a, enum crm_kind k)
{
	if (n->via >= 0) {
		struct crm_fnode sub = *n;

		sub.via = -1;
		crm_buf_adds(&q->sql, "(SELECT ");
		column_expr(q, &sub, "v", n->via);
		crm_buf_adds(&q->sql, " FROM record v");
		if (n->via == CRM_CONTACT && n->src == CRM_SRC_STAT)
			crm_buf_adds(&q->sql, " JOIN stats s ON s.contact = v.id");
		crm_buf_adds(&q->sql, " WHERE v.id = ");
		if (k == CRM_LOG && log_column(n->via_field)) {
			crm_buf_addf(&q->sql, "%s.%s", a, n->via_field);
		} else {
			crm_buf_addf(&q->sql, "json_extract(%s.doc, ", a);
			param_path(q, n->via_field);
			crm_buf_addc(&q->sql, ')');
		}
		crm_buf_addc(&q->sql, ')');
		return;
	}
	if (n->src == CRM_SRC_LIST) {
		if (k == CRM_LOG) {
			crm_buf_adds(&q->sql, "(SELECT group_concat(value, char(31)) FROM json_each(");
			crm_buf_addf(&q->sql, "%s.doc, ", a);
			param_path(q, n->field);
			crm_buf_adds(&q->sql, "))");
		} else {
			crm_buf_addf(&q->sql, "(SELECT group_concat(value, char(31)) FROM list"
				     " WHERE rid = %s.rowid AND field = ", a);
			param_text(q, n->field);
			crm_buf_addc(&q->sql, ')');
		}
		return;
	}
	if (k == CRM_LOG && strcmp(n->field, "amount") == 0 && n->src != CRM_SRC_STAT) {
		/* exact text, with its currency's decimals */
		crm_buf_addf(&q->sql, "crm_money(%s.amount, %s.currency)", a, a);
		return;
	}
	if (n->ftype == CRM_T_BOOL)
		text_expr(q, n, a, k);
	else
		value_expr(q, n, a, k);
}

static int
bind_all(struct crm_index *idx, sqlite3_stmt *s, const struct qc *q)
{
	size_t i;

	for (i = 0; i < q->np; i++) {
		int rc;

		switch (q->p[i].type) {
		case P_TEXT:
			rc = sqlite3_bind_text(s, (int)i + 1, q->p[i].text, -1,
					       SQLITE_STATIC);
			break;
		case P_NUM:
			rc = sqlite3_bind_double(s, (int)i + 1, q->p[i].num);
			break;
		default:
			rc = sqlite3_bind_int64(s, (int)i + 1, q->p[i].i);
			break;
		}
		if (rc != SQLITE_OK)
			return db_error(idx, "cannot query");
	}
	return 0;
}

int
crm_index_fields(char ***out, size_t *n, struct crm_index *idx, int kind)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(idx->db, "SELECT DISTINCT name FROM fieldname"
			       " WHERE ?1 < 0 OR kind = ?1 ORDER BY name", -1, &s,
			       NULL) != SQLITE_OK)
		return db_error(idx, "cannot read");
	sqlite3_bind_int(s, 1, kind);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = crm_xrealloc(*out, (*n + 2) * sizeof(**out));
		(*out)[(*n)++] = crm_xstrdup((const char *)sqlite3_column_text(s, 0));
		(*out)[*n] = NULL;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_error(idx, "cannot read");
	return 0;
}

/* Fills the temporary table of ids a query is restricted to. */
static int
restrict_ids(struct crm_index *idx, char *const *ids, size_t n)
{
	sqlite3_stmt *s = NULL;
	size_t i;
	int rc;

	if ((rc = exec(idx, "CREATE TEMP TABLE IF NOT EXISTS crm_ids(id TEXT PRIMARY KEY);"
		       "DELETE FROM temp.crm_ids")) < 0)
		return rc;
	if (sqlite3_prepare_v2(idx->db, "INSERT OR IGNORE INTO temp.crm_ids VALUES (?1)",
			       -1, &s, NULL) != SQLITE_OK)
		return db_error(idx, "cannot query");
	for (i = 0; i < n && rc == 0; i++) {
		sqlite3_bind_text(s, 1, ids[i], -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = db_error(idx, "cannot query");
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return rc;
}

struct seg_add {
	struct crm_index *idx;
	sqlite3_stmt *s;
	int rc;
};

static void
seg_add_one(const char *id, void *arg)
{
	struct seg_add *a = arg;

	if (a->rc)
		return;
	sqlite3_bind_text(a->s, 2, id, -1, SQLITE_STATIC);
	if (sqlite3_step(a->s) != SQLITE_DONE)
		a->rc = db_error(a->idx, "cannot query");
	sqlite3_reset(a->s);
}

int
crm_index_seg_clear(struct crm_index *idx)
{
	return exec(idx, "CREATE TEMP TABLE IF NOT EXISTS crm_seg(k TEXT, id TEXT,"
		    " PRIMARY KEY(k, id)) WITHOUT ROWID; DELETE FROM temp.crm_seg");
}

int
crm_index_seg_add(struct crm_index *idx, const char *key,
		  const struct crm_strset *ids)
{
	struct seg_add a = { idx, NULL, 0 };

	if (sqlite3_prepare_v2(idx->db, "INSERT OR IGNORE INTO temp.crm_seg VALUES (?1, ?2)",
			       -1, &a.s, NULL) != SQLITE_OK)
		return db_error(idx, "cannot query");
	sqlite3_bind_text(a.s, 1, key, -1, SQLITE_STATIC);
	crm_strset_each(ids, seg_add_one, &a);
	sqlite3_finalize(a.s);
	return a.rc;
}

/* Whether n or its children read a derived field (the stats table). */
static int
uses_stats(const struct crm_fnode *n)
{
	if (!n)
		return 0;
	if (n->type == CRM_FN_CMP)
		return n->src == CRM_SRC_STAT && n->via < 0;
	return uses_stats(n->a) || uses_stats(n->b);
}

/* The authorizer of queries built from filters: reading only. */
static int
read_only(void *arg, int action, const char *a, const char *b, const char *db,
	  const char *trigger)
{
	(void)arg;
	(void)b;
	(void)db;
	(void)trigger;
	switch (action) {
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	case SQLITE_FUNCTION:
		return a && !strcmp(a, "load_extension") ? SQLITE_DENY : SQLITE_OK;
	case SQLITE_PRAGMA:
		/* full-text tables ask whether the file changed */
		return a && !b && !strcmp(a, "data_version") ? SQLITE_OK : SQLITE_DENY;
	case SQLITE_UPDATE:
		/*
		 * A full-text table connecting declares its columns, which
		 * SQLite reports as a change to the schema's "type"; the
		 * connection's defensive mode forbids real writes to it.
		 */
		return a && !strcmp(a, "sqlite_master") ? SQLITE_OK : SQLITE_DENY;
	default:
		return SQLITE_DENY;
	}
}

int
crm_index_query(struct crm_index *idx, const struct crm_query *query,
		const struct crm_fnode *const *cols,
		const struct crm_fnode *const *sorts, const int *desc, size_t nsort,
		int (*fn)(const struct crm_row *row, void *arg), void *arg)
{
	enum crm_kind k = query->kind;
	const char *a = k == CRM_LOG ? "i" : "r";
	struct qc q;
	sqlite3_stmt *s = NULL;
	const char **vals = NULL;
	int *typed = NULL;
	struct crm_buf *cells = NULL;
	struct crm_row row;
	size_t i;
	int rc;

	memset(&q, 0, sizeof(q));
	q.kind = k;
	q.exp = query->filter ? query->filter->money_exp :
		crm_money_exponent(idx->currency);
	if (query->restrict_ids &&
	    (rc = restrict_ids(idx, query->ids, query->nids)) < 0)
		return rc;
	if (query->count_only)
		crm_buf_adds(&q.sql, "SELECT count(*)");
	else if (query->no_doc)
		crm_buf_addf(&q.sql, "SELECT %s.id, NULL", a);
	else if (k == CRM_LOG)
		crm_buf_addf(&q.sql, "SELECT %s.id, coalesce(%s.doc, crm_logdoc(%s.id,"
			     " %s.at, %s.contact, %s.type, %s.summary, %s.amount,"
			     " %s.currency, %s.deal, %s.due, %s.done))",
			     a, a, a, a, a, a, a, a, a, a, a, a);
	else
		crm_buf_addf(&q.sql, "SELECT %s.id, %s.doc", a, a);
	for (i = 0; !query->count_only && i < query->ncolumns; i++) {
		crm_buf_adds(&q.sql, ", ");
		column_expr(&q, cols[i], a, k);
	}
	if (k == CRM_LOG) {
		crm_buf_adds(&q.sql, " FROM interaction i WHERE 1");
	} else {
		int stats = query->filter && uses_stats(query->filter->root);

		for (i = 0; i < query->ncolumns; i++)
			stats |= uses_stats(cols[i]);
		for (i = 0; i < nsort; i++)
			stats |= uses_stats(sorts[i]);
		crm_buf_adds(&q.sql, " FROM record r");
		/* the derived fields, when something reads them */
		if (k == CRM_CONTACT && stats)
			crm_buf_adds(&q.sql, " JOIN stats s ON s.contact = r.id");
		/*
		 * With a filter, "+" keeps SQLite from walking the kind index
		 * for the order: the filter's own indexes find fewer rows.
		 */
		crm_buf_adds(&q.sql, (query->filter && query->filter->root) ||
			     query->restrict_ids || query->unordered ?
			     " WHERE +r.kind = " : " WHERE r.kind = ");
		param_int(&q, k);
	}
	if (query->filter && query->filter->root) {
		crm_buf_adds(&q.sql, " AND ");
		compile_node(&q, query->filter->root, a, k);
	}
	if (query->restrict_ids)
		crm_buf_addf(&q.sql, " AND %s.id IN (SELECT id FROM temp.crm_ids)", a);
	if (!query->count_only && !query->unordered) {
		crm_buf_adds(&q.sql, " ORDER BY ");
		for (i = 0; i < nsort; i++) {
			int text = sorts[i]->vt == CRM_VT_TEXT &&
				   sorts[i]->src != CRM_SRC_NAME;

			if (sorts[i]->src == CRM_SRC_NAME && sorts[i]->via < 0) {
				crm_buf_addf(&q.sql, "%s.name_fold", a);
			} else if (sorts[i]->ftype < 0 && sorts[i]->src == CRM_SRC_DOC &&
				   sorts[i]->via < 0) {
				/* undeclared: numbers first, by value; then text */
				crm_buf_adds(&q.sql, "(CASE WHEN typeof(");
				column_expr(&q, sorts[i], a, k);
				crm_buf_adds(&q.sql, ") IN ('integer', 'real') THEN ");
				column_expr(&q, sorts[i], a, k);
				crm_buf_addf(&q.sql, " END) %s NULLS LAST, crm_fold(",
					     desc[i] ? "DESC" : "ASC");
				column_expr(&q, sorts[i], a, k);
				crm_buf_addc(&q.sql, ')');
			} else {
				if (text)
					crm_buf_adds(&q.sql, "crm_fold(");
				else if (sorts[i]->vt == CRM_VT_NUM ||
					 sorts[i]->vt == CRM_VT_MONEY)
					crm_buf_adds(&q.sql, "CAST(");
				column_expr(&q, sorts[i], a, k);
				if (text)
					crm_buf_addc(&q.sql, ')');
				else if (sorts[i]->vt == CRM_VT_NUM ||
					 sorts[i]->vt == CRM_VT_MONEY)
					crm_buf_adds(&q.sql, " AS REAL)");
			}
			/* missing values last, whichever the direction */
			crm_buf_addf(&q.sql, " %s NULLS LAST, ", desc[i] ? "DESC" : "ASC");
		}
		if (k == CRM_LOG)
			crm_buf_addf(&q.sql, "%s.at DESC, %s.id", a, a);
		else if ((query->filter && query->filter->root) || query->restrict_ids)
			/* sort what the filter found, not walk a name index */
			crm_buf_addf(&q.sql, "+%s.name_fold, %s.id", a, a);
		else
			crm_buf_addf(&q.sql, "%s.name_fold, %s.id", a, a);
		if (query->limit >= 0) {
			crm_buf_adds(&q.sql, " LIMIT ");
			param_int(&q, query->limit);
		}
	}
	/* CRM_DEBUG_SQL=1 shows the SQL a filter compiled to (bound
	 * parameters stay '?'), for developers tuning plans */
	if (getenv("CRM_DEBUG_SQL"))
		fprintf(stderr, "%s\n", q.sql.buf);
	/*
	 * SQL built from a user's filter is prepared read-only: whatever the
	 * compiler let through could read, never write, attach or change a
	 * setting.
	 */
	sqlite3_set_authorizer(idx->db, read_only, NULL);
	if (sqlite3_prepare_v2(idx->db, q.sql.buf, -1, &s, NULL) != SQLITE_OK) {
		sqlite3_set_authorizer(idx->db, NULL, NULL);
		rc = db_error(idx, "cannot query");
		goto out;
	}
	sqlite3_set_authorizer(idx->db, NULL, NULL);
	if ((rc = bind_all(idx, s, &q)) < 0)
		goto out;
	vals = crm_xcalloc(query->ncolumns + 1, sizeof(*vals));
	typed = crm_xcalloc(query->ncolumns + 1, sizeof(*typed));
	cells = crm_xcalloc(query->ncolumns + 1, sizeof(*cells));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (query->count_only) {
			row.id = NULL;
			row.doc = NULL;
			row.count = (size_t)sqlite3_column_int64(s, 0);
			row.values = NULL;
			row.typed = NULL;
		} else {
			row.id = (const char *)sqlite3_column_text(s, 0);
			row.doc = (const char *)sqlite3_column_text(s, 1);
			row.count = 0;
			for (i = 0; i < query->ncolumns; i++) {
				int t = sqlite3_column_type(s, (int)i + 2);

				crm_buf_reset(&cells[i]);
				/* JSON numbers come out of json_extract typed */
				typed[i] = t == SQLITE_INTEGER || t == SQLITE_FLOAT;
				if (t == SQLITE_NULL) {
					vals[i] = NULL;
					continue;
				}
				if (cols[i]->vt == CRM_VT_MONEY && holds_minor(cols[i],
						cols[i]->via >= 0 ?
						(enum crm_kind)cols[i]->via : k))
					crm_money_format(&cells[i],
							 sqlite3_column_int64(s, (int)i + 2),
							 q.exp);
				else if (cols[i]->vt == CRM_VT_MONEY &&
					 (t == SQLITE_FLOAT || t == SQLITE_INTEGER))
					/* JSON numbers lose "12000.00"'s zeros */
					crm_buf_addf(&cells[i], "%.*f", q.exp,
						     sqlite3_column_double(s, (int)i + 2));
				else if (t == SQLITE_FLOAT)
					crm_buf_addf(&cells[i], "%.15g",
						     sqlite3_column_double(s, (int)i + 2));
				else
					crm_buf_adds(&cells[i], (const char *)
						     sqlite3_column_text(s, (int)i + 2));
				vals[i] = crm_buf_str(&cells[i]);
			}
			row.values = vals;
			row.typed = typed;
		}
		if ((rc = fn(&row, arg)) != 0)
			break;
	}
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		rc = 0;
	else if (rc > 0)
		rc = db_error(idx, "cannot query");
out:
	sqlite3_finalize(s);
	for (i = 0; cells && i <= query->ncolumns; i++)
		crm_buf_release(&cells[i]);
	free(cells);
	free(vals);
	free(typed);
	qc_release(&q);
	return rc;
}

/* ---- per-contact figures as of a day, for segments and reports ---- */

/* The revenue of a purchase or refund in the store's currency (?5). */
#define FIG_REVENUE \
	"CASE WHEN currency IS NOT NULL AND currency != ?5 THEN 0" \
	" WHEN type = 'purchase' THEN coalesce(amount, 0)" \
	" ELSE -abs(coalesce(amount, 0)) END"

int
crm_index_figures(struct crm_index *idx, const char *until, const char *since,
		  const char *recent, const char *prior, int touches,
		  int (*fn)(const struct crm_figures *f, void *arg), void *arg)
{
	/* purchases and refunds alone: from the partial index interaction_buy */
	static const char buys[] =
		"SELECT contact, sum(type = 'purchase'), sum(" FIG_REVENUE "),"
		" min(CASE WHEN type = 'purchase' THEN at END),"
		" max(CASE WHEN type = 'purchase' THEN at END),"
		" sum(CASE WHEN at >= ?3 THEN " FIG_REVENUE " ELSE 0 END),"
		" sum(CASE WHEN at >= ?4 AND at < ?3 THEN " FIG_REVENUE " ELSE 0 END)"
		" FROM interaction WHERE type IN ('purchase', 'refund') AND at <= ?1"
		" GROUP BY contact";
	/* every touch: from the index interaction_contact */
	static const char touch[] =
		"SELECT contact,"
		" max(CASE WHEN type IN ('call','email','meeting','purchase','refund','support')"
		"  THEN at END),"
		" sum(type IN ('support','call','meeting') AND at >= ?2)"
		" FROM interaction WHERE at <= ?1 GROUP BY contact";
	struct crm_figures f;
	sqlite3_stmt *s = NULL;
	int rc = SQLITE_DONE, part;

	for (part = 1; part <= (touches ? 2 : 1); part++) {
		if (sqlite3_prepare_v2(idx->db, part == 1 ? buys : touch, -1, &s,
				       NULL) != SQLITE_OK)
			return db_error(idx, "cannot query");
		sqlite3_bind_text(s, 1, until, -1, SQLITE_STATIC);
		if (part == 1) {
			sqlite3_bind_text(s, 3, recent, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 4, prior, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 5, idx->currency ? idx->currency : "EUR",
					  -1, SQLITE_STATIC);
		} else {
			sqlite3_bind_text(s, 2, since, -1, SQLITE_STATIC);
		}
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			memset(&f, 0, sizeof(f));
			f.part = part;
			f.contact = (const char *)sqlite3_column_text(s, 0);
			if (part == 1) {
				f.orders = sqlite3_column_int64(s, 1);
				f.revenue = sqlite3_column_int64(s, 2);
				f.first_purchase = (const char *)sqlite3_column_text(s, 3);
				f.last_purchase = (const char *)sqlite3_column_text(s, 4);
				f.recent = sqlite3_column_int64(s, 5);
				f.prior = sqlite3_column_int64(s, 6);
			} else {
				f.last_contact = (const char *)sqlite3_column_text(s, 1);
				f.service = sqlite3_column_int64(s, 2);
			}
			if ((rc = fn(&f, arg)) != 0)
				break;
		}
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			break;
	}
	if (rc == SQLITE_DONE)
		return 0;
	if (rc > 0)
		return db_error(idx, "cannot query");
	return rc;
}

int
crm_index_buys(struct crm_index *idx, const char *since, const char *until,
	       int (*fn)(const struct crm_buy *b, void *arg), void *arg)
{
	/* a walk of the partial index interaction_buy, which covers these */
	static const char q[] =
		"SELECT contact, at, type = 'purchase', " FIG_REVENUE
		" FROM interaction WHERE type IN ('purchase', 'refund')"
		" AND at >= ?1 AND at <= ?2";
	struct crm_buy b;
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(idx->db, q, -1, &s, NULL) != SQLITE_OK)
		return db_error(idx, "cannot query");
	sqlite3_bind_text(s, 1, since ? since : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, until ? until : "\x7f", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, idx->currency ? idx->currency : "EUR", -1,
			  SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		b.contact = (const char *)sqlite3_column_text(s, 0);
		b.at = (const char *)sqlite3_column_text(s, 1);
		b.purchase = sqlite3_column_int(s, 2);
		b.revenue = sqlite3_column_int64(s, 3);
		if (!b.contact || !b.at)
			continue;
		if ((rc = fn(&b, arg)) != 0)
			break;
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc > 0)
		return db_error(idx, "cannot query");
	return rc;
}

int
crm_index_touches(struct crm_index *idx, const char *since, int tasks,
		  int (*fn)(const char *contact, const char *at,
			    const char *type, void *arg), void *arg)
{
	/*
	 * tasks: the open ones, from the partial index interaction_open, with
	 * their due day as "at"; else every interaction after since, from the
	 * (contact, at, type) index, narrower than the table.
	 */
	static const char *const q[] = {
		"SELECT contact, at, type FROM interaction INDEXED BY"
		" interaction_contact WHERE at > ?1",
		"SELECT contact, coalesce(due, ''), 'task' FROM interaction"
		" WHERE type = 'task' AND done IS NULL",
	};
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(idx->db, q[tasks != 0], -1, &s, NULL) != SQLITE_OK)
		return db_error(idx, "cannot query");
	if (!tasks)
		sqlite3_bind_text(s, 1, since ? since : "", -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(s, 0);
		const char *at = (const char *)sqlite3_column_text(s, 1);
		const char *type = (const char *)sqlite3_column_text(s, 2);

		if (c && at && type && (rc = fn(c, at, type, arg)) != 0)
			break;
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc > 0)
		return db_error(idx, "cannot query");
	return rc;
}

/*
 * For commands that scan much of the index (reports): the file mapped,
 * so that a walk of a million rows reads pages in place rather than by
 * a pread(2) each, a third of a report's time.  Not for the others: a
 * query that visits a few thousand pages once pays a page fault for
 * each where the small cache recycles its buffers.
 */
int
crm_index_map(struct crm_index *idx)
{
	return exec(idx, "PRAGMA mmap_size=1073741824");
}
