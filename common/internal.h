/*
 * internal.h: interfaces shared between modules of common/ that commands
 * must not use.  Commands include crm.h only.
 */
#ifndef CRM_INTERNAL_H
#define CRM_INTERNAL_H

#include "crm.h"

/* ---- buf.c: a set of strings ---- */
/* FNV-1a hash of a string. */
size_t crm_strhash(const char *s);
struct crm_strset;
struct crm_strset *crm_strset_new(void);
void crm_strset_free(struct crm_strset *set);
/* 1 when s was added, 0 when it was there already. */
int crm_strset_add(struct crm_strset *set, const char *s);
int crm_strset_has(const struct crm_strset *set, const char *s);
size_t crm_strset_count(const struct crm_strset *set);
/* Calls fn for every string of the set, in no particular order. */
void crm_strset_each(const struct crm_strset *set,
		     void (*fn)(const char *s, void *arg), void *arg);

/*
 * ---- buf.c: a set of record ids ----
 * A record id (16 hex digits, crm_id_valid) is 64 bits: kept as one
 * integer each, 8 bytes a slot, rather than a string (about 48 bytes
 * with its pointer and allocation): an import of 10 million interactions
 * that carry their ids checks them for repeats in 128 MB, not 480.
 */
struct crm_idset;
struct crm_idset *crm_idset_new(void);
void crm_idset_free(struct crm_idset *set);
/* 1 when id (crm_id_valid) was added, 0 when it was there already. */
int crm_idset_add(struct crm_idset *set, const char *id);

/* 1 when s is one of the strings of list, which ends with NULL. */
int crm_str_in(const char *s, const char *const *list);

/* ---- buf.c: a map of strings to strings ---- */
struct crm_map;
struct crm_map *crm_map_new(void);
void crm_map_free(struct crm_map *m);
/* The value of k (borrowed), or NULL. */
const char *crm_map_get(const struct crm_map *m, const char *k);
void crm_map_put(struct crm_map *m, const char *k, const char *v);
/* Calls fn for every key and value of m, in no particular order. */
void crm_map_each(const struct crm_map *m, void (*fn)(const char *k,
						 const char *v, void *arg),
		  void *arg);

/* ---- segment.c ---- */
/*
 * The ids of the contacts that method ("rfm", "lifecycle", "value") puts
 * in label (NULL: any) with options o.
 */
int crm_segment_members(struct crm_strset **out, struct crm_store *s,
			const char *method, const char *label,
			const struct crm_seg_opts *o);

/*
 * Computes the members of every segment filter f names (segment=NAME,
 * rfm=LABEL, lifecycle=LABEL) into the index's temp.crm_seg, keyed
 * "field=value", for the query to test.
 */
int crm_segment_prepare(struct crm_store *s, const struct crm_filter *f);
/* The known labels of method ("rfm", "lifecycle", "value"), NULL-ended. */
const char *const *crm_segment_labels(const char *method);
/* 1 when name can be a saved segment's name. */
int crm_segment_name_valid(const char *name);

/* ---- index.c: a file parsed apart from its indexing ---- */
struct crm_index;
/*
 * What a file of the store holds, read without the index (so another
 * thread may do it): its records when crm's own layout gives them, or
 * else its text, which crm_index_put_parsed then reads with libyaml.
 */
struct crm_parsed {
	char *path;
	char *data;			/* NULL once the records are read */
	size_t len;
	struct crm_record **r;
	size_t n, alloc;
};
/* Takes path and data (malloc'd) into p and reads it.  No error. */
void crm_index_parse(struct crm_parsed *p, char *path, char *data, size_t len);
int crm_index_put_parsed(struct crm_index *idx, struct crm_parsed *p);
void crm_parsed_release(struct crm_parsed *p);
/* 1 while idx is a new file being filled (crm_index_open_rebuild). */
int crm_index_rebuilding(const struct crm_index *idx);

/* ---- segment.c: result tables, --where ---- */
/* The contact filter of a --where option (*out NULL when there is none). */
struct crm_filter;
int crm_where_filter(struct crm_filter **out, struct crm_store *s,
		     const char *where);
struct crm_table *crm_table_new(size_t ncols, const char *const *names,
				const int *numeric);
/* Appends a row; values (ncols of them) are copied, NULL allowed. */
void crm_table_row(struct crm_table *t, const char *const *v);

/* ---- json.c ---- */
/* Non-zero: crm_json_read leaves every line to jansson (unit tests). */
extern int crm_json_no_fast;

/* ---- yamlfast.c: crm's own YAML layout without libyaml ---- */
/* What crm_yaml_fast returns for text it leaves to libyaml. */
#define CRM_YAML_NOT_FAST 1
/* What its fn returns when it keeps the record (and frees it later). */
#define CRM_YAML_KEPT 2

/*
 * Reads every document of data[0..len) as a record of kind and calls fn
 * for each, in order, when the text is entirely in the layout
 * crm_yaml_write and crm_yaml_write_line produce: documents of
 * "key: value" lines (each value plain, quoted, a one-line [list] or a
 * "|" literal block) or one-line documents "--- {key: value, ...}".
 * The records are exactly those crm_yaml_read gives: the same keys
 * (through crm_schema_canon), values, list flags and plainness, null
 * values left out.  fn borrows r: it is freed when fn returns.
 *
 * Returns 0 when everything was read; CRM_YAML_NOT_FAST when any part of
 * the text is outside that layout or would be refused by crm_yaml_read,
 * before fn has seen any record, so that the caller can read the text
 * with crm_yaml_read from the start; or the first non-zero value fn
 * returns (fn should return 0 or a CRM_E* code), after which no further
 * record is passed.  Never sets an error of its own.
 */
int crm_yaml_fast(const char *data, size_t len, enum crm_kind kind,
		  int (*fn)(struct crm_record *r, void *arg), void *arg);


/* ---- pack.c: a pack of whole objects, spooled in dir ---- */
struct crm_pack;
int crm_pack_new(struct crm_pack **out, const char *dir);
/* Adds one object of git type (1 commit, 2 tree, 3 blob). */
int crm_pack_add(struct crm_pack *p, int type, const void *data, size_t len);
size_t crm_pack_count(const struct crm_pack *p);
/* Writes header, objects and trailer to sink; CRM_EIO when it fails. */
int crm_pack_write(struct crm_pack *p,
		   int (*sink)(const void *data, size_t len, void *arg),
		   void *arg);
void crm_pack_free(struct crm_pack *p);

/* ---- index.c: the SQLite index ---- */
struct crm_index;

/*
 * Opens (creating) the index database at path.  A database of another
 * schema version, or one SQLite finds corrupt, is replaced by an empty
 * one (the index is derived data).
 */
int crm_index_open(struct crm_index **out, const char *path);
/* Copies the index idx into a new file at path (SQLite's backup). */
int crm_index_copy(struct crm_index *idx, const char *path);
void crm_index_free(struct crm_index *idx);
/*
 * A new index file at path for a full rebuild: no journal, secondary
 * indexes built by crm_index_finish_rebuild after the rows.
 */
int crm_index_open_rebuild(struct crm_index **out, const char *path);
int crm_index_finish_rebuild(struct crm_index *idx);
/* BEGIN IMMEDIATE (waiting while another writer holds it), COMMIT, ROLLBACK. */
int crm_index_begin(struct crm_index *idx);
int crm_index_commit(struct crm_index *idx);
void crm_index_rollback(struct crm_index *idx);
/* The commit the index reflects ("" when none); appended to out. */
int crm_index_head(struct crm_buf *out, struct crm_index *idx);
int crm_index_set_head(struct crm_index *idx, const char *hex);
/* Other values kept with the index: "config" is crm.yaml at the head. */
int crm_index_meta(struct crm_buf *out, struct crm_index *idx, const char *key);
int crm_index_set_meta(struct crm_index *idx, const char *key,
		       const char *value);
/* The store's currency: revenue counts amounts in it. */
void crm_index_set_currency(struct crm_index *idx, const char *cur);
/* Empties every table (before a rebuild). */
int crm_index_clear(struct crm_index *idx);
/*
 * Indexes the file at path with content data: a record file replaces the
 * record, a journal replaces that day's interactions.  A file that cannot
 * be read is recorded as a problem (see crm_index_problems), not an
 * error: one bad hand edit must not stop every command.
 */
int crm_index_put(struct crm_index *idx, const char *path, const char *data,
		  size_t len);
/* The same for a record file whose record the caller has at hand. */
int crm_index_put_record(struct crm_index *idx, const char *path,
			 const struct crm_record *r);
/* Adds one interaction of journal path (bulk imports, the file staged raw). */
int crm_index_add_log(struct crm_index *idx, const char *path,
		      const struct crm_record *r);
/* The journal holding interaction id; CRM_ENOTFOUND. */
int crm_index_log_path(struct crm_buf *out, struct crm_index *idx,
		       const char *id);
/*
 * Bulk imports of interactions: their summaries go to the full-text
 * index in one pass at commit, not one by one.
 */
void crm_index_defer_fts(struct crm_index *idx);
/* Forgets what path held. */
int crm_index_remove(struct crm_index *idx, const char *path);
/* The store files the index could not read: counted, and passed to fn. */
int crm_index_problems(size_t *out, struct crm_index *idx,
		       void (*fn)(const char *path, const char *msg, void *arg),
		       void *arg);

/* Lookups behind crm_ref_resolve and crm_index_by_email. */
int crm_index_resolve(struct crm_match **out, size_t *n,
		      struct crm_index *idx, int kind, const char *ref);
int crm_index_email(struct crm_match **out, size_t *n, struct crm_index *idx,
		    const char *email, const char *skip);
int crm_index_org_name(struct crm_match **out, size_t *n,
		       struct crm_index *idx, const char *name,
		       const char *skip);
/* The kind of the record or interaction id, or CRM_ENOTFOUND. */
int crm_index_kind_of(struct crm_index *idx, const char *id);
int crm_index_kind_count(size_t *out, struct crm_index *idx, enum crm_kind k);

/* ---- filter.c: the parsed filter, compiled to SQL by index.c ---- */
enum crm_fnode_type { CRM_FN_AND, CRM_FN_OR, CRM_FN_NOT, CRM_FN_CMP, CRM_FN_TEXT };
enum crm_fop { CRM_OP_EQ, CRM_OP_NE, CRM_OP_LT, CRM_OP_LE, CRM_OP_GT,
	       CRM_OP_GE, CRM_OP_HAS, CRM_OP_HASNOT };
/* Where a field's value comes from. */
enum crm_fsrc {
	CRM_SRC_ID,	/* the record's id */
	CRM_SRC_NAME,	/* name (title of deals): indexed, folded */
	CRM_SRC_DOC,	/* a scalar field of the record */
	CRM_SRC_LIST,	/* a list field: "has an element" */
	CRM_SRC_REF,	/* org or contact: by id or by the named record's name */
	CRM_SRC_STAT,	/* a derived contact field (revenue, last_contact, ...) */
	CRM_SRC_COL,	/* a column of the interaction table (at, type, ...) */
	CRM_SRC_SEG,	/* segment=, rfm=, lifecycle=: membership, computed
			   before the query into temp.crm_seg (segment.c) */
};
/* How values compare. */
enum crm_vtype { CRM_VT_TEXT, CRM_VT_NUM, CRM_VT_MONEY, CRM_VT_DAY,
		 CRM_VT_TIME, CRM_VT_BOOL, CRM_VT_EMPTY };

struct crm_fnode {
	enum crm_fnode_type type;
	struct crm_fnode *a, *b;	/* AND, OR: both; NOT: a */
	/* CMP */
	enum crm_fop op;
	char *field;		/* canonical name */
	enum crm_fsrc src;
	int ref_kind;		/* CRM_SRC_REF: the kind referred to */
	int via;		/* -1, or the kind of "org."/"contact." */
	char *via_field;	/* the reference field followed (org, contact) */
	enum crm_vtype vt;
	int ftype;		/* the field's enum crm_type, -1 undeclared */
	char *value;		/* folded text, number, or day/time start */
	char *value2;		/* CRM_VT_DAY: the next day */
	double num;
	/* TEXT: an FTS5 query */
	char *text;
};

struct crm_filter {
	enum crm_kind kind;
	struct crm_fnode *root;	/* NULL: every record */
	int money_exp;		/* decimals of the store's currency */
};

/*
 * Resolves field name of kind (as for -o and --sort) into a CMP node
 * without a value; CRM_EUSAGE for an unknown field.
 */
int crm_filter_field(struct crm_fnode **out, const char *name,
		     enum crm_kind kind, const struct crm_config *c,
		     char *const *known);
void crm_fnode_free(struct crm_fnode *n);
/* The SQL expression of a derived contact field, or NULL. */
const char *crm_filter_stat(const char *name);
/* The type derived field name has, or -1. */
int crm_filter_stat_type(const char *name);

/* Custom field names in use (kind -1: any); a NULL-terminated array. */
int crm_index_fields(char ***out, size_t *n, struct crm_index *idx, int kind);
/* Runs query with its output columns and sort keys resolved. */
int crm_index_query(struct crm_index *idx, const struct crm_query *query,
		    const struct crm_fnode *const *cols,
		    const struct crm_fnode *const *sorts, const int *desc,
		    size_t nsort,
		    int (*fn)(const struct crm_row *row, void *arg), void *arg);

/* Empties temp.crm_seg (creating it). */
int crm_index_seg_clear(struct crm_index *idx);
/* Adds the members of segment key to temp.crm_seg. */
int crm_index_seg_add(struct crm_index *idx, const char *key,
		      const struct crm_strset *ids);
int crm_index_touches(struct crm_index *idx, const char *since, int tasks,
		      int (*fn)(const char *contact, const char *at,
				const char *type, void *arg), void *arg);
int crm_index_prepare(struct crm_index *idx);
int crm_index_map(struct crm_index *idx);
int crm_index_buys(struct crm_index *idx, const char *since, const char *until,
		   int (*fn)(const struct crm_buy *b, void *arg), void *arg);
int crm_index_figures(struct crm_index *idx, const char *until,
		      const char *since, const char *recent, const char *prior,
		      int touches, int (*fn)(const struct crm_figures *f, void *arg),
		      void *arg);

/* 1 when the index could not read the file at path (a bad hand edit). */
int crm_index_has_problem(struct crm_index *idx, const char *path);

/* ---- store.c ---- */
/*
 * 1 when the journal at path is known to read as it stands in the
 * transaction: staged by it, or indexed at its base without a problem.
 */
int crm_txn_journal_known(struct crm_txn *txn, const char *path);
/* Stages path without indexing it (the caller indexes what it adds). */
int crm_txn_put_raw(struct crm_txn *txn, const char *path, const char *data,
		    size_t len);
/* Defers the full-text index of interactions to the commit. */
void crm_txn_prepare_index(struct crm_txn *txn);
void crm_txn_defer_fts(struct crm_txn *txn);
/* Indexes one interaction the caller adds to journal path. */
int crm_txn_index_log(struct crm_txn *txn, const char *path,
		      const struct crm_record *r);
/* crm_txn_put for a record file, with its record (saves parsing it). */
int crm_txn_put_record(struct crm_txn *txn, const char *path,
		       const char *data, size_t len,
		       const struct crm_record *r);
/* The store's index, brought up to HEAD first. */
int crm_store_index(struct crm_index **out, struct crm_store *s);

/*
 * A CSV header row read as fields (csvmap.c): crm's own names, the
 * address-book layouts for contacts, o's --map and --strict.  CRM_EDATA
 * naming the column when a heading gives no field name, CRM_EUSAGE for a
 * bad --map.
 */
struct crm_csvmap;
int crm_csvmap_new(struct crm_csvmap **out, char **cells, size_t n,
		   enum crm_kind kind, const struct crm_input_opts *o,
		   const char *name, long line);
/* One data row as a record of the map's kind. */
int crm_csvmap_row(struct crm_record **out, const struct crm_csvmap *m,
		   char **cells, size_t n, const char *name, long line);
void crm_csvmap_free(struct crm_csvmap *m);

#endif
