/*
 * crm.h: the public interface of libcrm, the library every crm command
 * links.  Commands in cmd/ include this header and nothing else from
 * common/.
 *
 * Conventions (after libgit2's docs/conventions.md):
 * - Functions return 0 on success or a negative CRM_E* code.  They never
 *   print and never exit; the reason for a failure is kept by
 *   crm_err_set() and read with crm_err_msg().
 * - Output parameters come first and are named out.  Whoever receives an
 *   object through _new or **out owns it and calls the matching _free,
 *   which accepts NULL.  Getters return borrowed pointers that live as
 *   long as their parent.
 * - Out of memory aborts with a message (crm_xmalloc and relatives).
 */
#ifndef CRM_H
#define CRM_H

#include <getopt.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CRM_VERSION "0.1.0"

/* ---- errors (err.c) ---------------------------------------------------- */

enum {
	CRM_OK = 0,
	CRM_ENOMATCH = -1,	/* nothing matched (exit 1) */
	CRM_EUSAGE = -2,	/* bad command line (exit 64) */
	CRM_EDATA = -3,		/* bad input data (exit 65) */
	CRM_EEXISTS = -4,	/* would duplicate an existing record (exit 65) */
	CRM_ENOINPUT = -5,	/* input file missing or unreadable (exit 66) */
	CRM_ENOTFOUND = -6,	/* reference not found (exit 67) */
	CRM_EAMBIG = -7,	/* reference ambiguous (exit 67) */
	CRM_EIO = -8,		/* I/O error (exit 74) */
	CRM_EBUSY = -9,		/* store busy after retries (exit 75) */
	CRM_EINTERNAL = -10,	/* bug or library failure (exit 70) */
	CRM_ERETRY = -11,	/* internal: the store's HEAD moved, re-apply */
};

/*
 * Records the reason for the last failure and returns code, so that a
 * failing path reads "return crm_err_set(CRM_EDATA, "%s:%d: ...", ...)".
 * The message is lowercase, with no full stop; it names the file, line and
 * field where there is one.
 */
int crm_err_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The message of the last crm_err_set(), or "" if none. */
const char *crm_err_msg(void);
/* The code of the last crm_err_set(), or 0. */
int crm_err_code(void);
void crm_err_clear(void);
/* Maps a CRM_E* code to the exit status of the SPEC. */
int crm_err_exit(int code);

/* The program name used in every message ("crm-add"). */
void crm_set_progname(const char *argv0);
const char *crm_progname(void);
/*
 * Prints "prog: message\n" to stderr.  The only function of libcrm that
 * writes to stderr; commands report through it (and crm_die_rc below).
 */
void crm_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Reports the last error as "prog: [what: ]msg" and returns its exit code. */
int crm_report(int rc, const char *what);

/* ---- memory and buffers (buf.c) ----------------------------------------- */

void *crm_xmalloc(size_t n);
void *crm_xcalloc(size_t n, size_t size);
void *crm_xrealloc(void *p, size_t n);
char *crm_xstrdup(const char *s);
char *crm_xstrndup(const char *s, size_t n);
char *crm_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A growable byte buffer.  Invariant: buf is NULL when alloc is 0,
 * otherwise buf[len] == '\0' so that buf is always a C string.
 */
struct crm_buf {
	char *buf;
	size_t len, alloc;
};
#define CRM_BUF_INIT { NULL, 0, 0 }
void crm_buf_grow(struct crm_buf *b, size_t extra);
void crm_buf_add(struct crm_buf *b, const void *data, size_t n);
void crm_buf_adds(struct crm_buf *b, const char *s);
void crm_buf_addc(struct crm_buf *b, int c);
void crm_buf_addf(struct crm_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void crm_buf_vaddf(struct crm_buf *b, const char *fmt, va_list ap);
void crm_buf_reset(struct crm_buf *b);	/* len = 0, memory kept */
void crm_buf_release(struct crm_buf *b);
/* Returns the string (never NULL) and leaves b empty; caller frees. */
char *crm_buf_detach(struct crm_buf *b);
/* The C string of b, "" when b holds nothing. */
const char *crm_buf_str(const struct crm_buf *b);

/* Reads a whole file (or stdin for "-") into out, at most max bytes. */
int crm_read_file(struct crm_buf *out, const char *path, size_t max);

/*
 * Parses a decimal integer that must fill s; CRM_EDATA (with a message
 * naming what) when it does not or is outside [min, max].
 */
int crm_parse_int(long long *out, const char *s, long long min,
		  long long max, const char *what);

/* ---- text: UTF-8, case folding and display width (text.c, utf8proc) ----- */

/* 1 when s[0..n) is valid UTF-8 without NUL bytes, else 0. */
int crm_text_valid(const char *s, size_t n);
/* Byte offset of the first invalid byte in s[0..n), or n when valid. */
size_t crm_text_invalid_at(const char *s, size_t n);
/*
 * Appends to out the case-folded NFKC form of s, for case-insensitive
 * comparison in any script and any locale ("München" and "MÜNCHEN" fold
 * equal).  Invalid UTF-8 is copied byte for byte.
 */
void crm_text_fold(struct crm_buf *out, const char *s);
/* Terminal columns of s: wide characters 2, combining marks 0, controls 0. */
size_t crm_text_width(const char *s);
/*
 * Appends to out the longest prefix of s whose width is at most cols,
 * ending in "…" when s was cut.  Never splits a character.
 */
void crm_text_cut(struct crm_buf *out, const char *s, size_t cols);
/* Appends s in Unicode normalisation form C (invalid UTF-8 as it is). */
void crm_text_nfc(struct crm_buf *out, const char *s);
/*
 * Appends a column heading as a field name: accents dropped, case folded,
 * other characters as single '_' ("Business Country/Region" is
 * "business_country_region"); nothing when no ASCII letter or digit is left.
 */
void crm_text_field_name(struct crm_buf *out, const char *s);

/* ---- normalisation on the way in (normal.c) ------------------------------ */

struct crm_record;

/*
 * Appends s as an E.164 number ("+33123456789") and returns 1 when it
 * reads as one: international ("+33 1 23 45 67 89", "0033 …", "+33 (0)1
 * …") or national with its trunk prefix in country (ISO 3166, may be
 * NULL).  Returns 0 and appends nothing otherwise.
 */
int crm_phone_e164(struct crm_buf *out, const char *s, const char *country);
/* 1 when country is an ISO 3166 code crm knows the calling code of. */
int crm_phone_country_known(const char *iso);
/*
 * The values of r as records keep them: NFC; one-line fields and emails
 * trimmed, inner blanks folded; phones in E.164 where they read as one
 * (crm_phone_e164).  Values old (the stored version, may be NULL)
 * already has are left as they are; lists lose the repeats this makes.
 */
void crm_record_normalise(struct crm_record *r, const struct crm_record *old,
			  const char *country);

/* ---- dates (date.c) ------------------------------------------------------ */

/*
 * A point in time (UTC seconds since the epoch) and whether it was given
 * as a day ("2026-11-02", "today") or as a time of day.
 */
struct crm_time {
	int64_t t;
	int date_only;
};

/*
 * The reference "now": $CRM_NOW when set and valid (ISO 8601, for
 * reproducible tests and reports; an invalid value is ignored), else the
 * clock.
 */
int64_t crm_now(void);
/*
 * Parses ISO 8601 ("2026-11-02", "2026-11-02T14:03:00Z", "...+02:00",
 * "2026-11-02 14:03"), "now", "today", "yesterday", "tomorrow" and
 * relative offsets ("-30d", "+2w", "-6m", "-1y", "+4h") from now.  Days
 * are UTC days, and t is their UTC midnight; a time without a zone is
 * UTC.  d/w/m/y offsets give a day (date_only), clamped to the month's
 * end ("2026-03-31" -1m is "2026-02-28"); h gives a time.  Fractions of a
 * second are dropped.  Years 0001 to 9999.  CRM_EDATA otherwise, with *out
 * unchanged.
 */
int crm_date_parse(struct crm_time *out, const char *s, int64_t now);
/*
 * Appends "2026-11-02T14:03:00Z" (UTC), or "2026-11-02" when date_only.
 * Values outside the years 0001-9999 are written but not canonical.
 */
void crm_date_format(struct crm_buf *out, const struct crm_time *t);
/* 1 when s is the canonical text crm_date_format writes, else 0. */
int crm_date_is_canonical(const char *s);

/* ---- money (money.c) ----------------------------------------------------- */

/*
 * Decimal places of an ISO 4217 currency code (2 unless listed: JPY 0,
 * BHD 3, ...).  Unknown or NULL codes give 2.
 */
int crm_money_exponent(const char *currency);
/*
 * Parses "480", "480.5", "-12.30", ".5" exactly into minor units with exp
 * (0 to 18) decimals.  Extra trailing zeros are fine ("1.2300", exp 2).
 * More significant decimals than exp, "5.", thousands separators,
 * exponents or overflow give CRM_EDATA.
 */
int crm_money_parse(int64_t *out, const char *s, int exp);
/* Appends minor units as "480.50" (exp 2), "-0.05", "480" (exp 0). */
void crm_money_format(struct crm_buf *out, int64_t minor, int exp);

/* ---- records (record.c) -------------------------------------------------- */

enum crm_kind {
	CRM_CONTACT,
	CRM_ORG,
	CRM_DEAL,
	CRM_LOG,	/* an interaction, kept in the daily journals */
	CRM_NKINDS
};

/* "contact", "org", "deal", "log"; and back (-1 when unknown). */
const char *crm_kind_name(enum crm_kind k);
int crm_kind_parse(const char *s);
/* The folder of a kind in the store: "contacts", "orgs", "deals", "log". */
const char *crm_kind_dir(enum crm_kind k);

/* The type of a field, from the schema or crm.yaml's "fields". */
enum crm_type {
	CRM_T_TEXT,
	CRM_T_LIST,	/* a list of strings */
	CRM_T_NUMBER,	/* decimal number */
	CRM_T_INT,
	CRM_T_MONEY,	/* exact decimal, currency from the record */
	CRM_T_DATE,	/* a day or a time (ISO 8601) */
	CRM_T_BOOL,
	CRM_T_REF,	/* the id of a record */
};
const char *crm_type_name(enum crm_type t);
int crm_type_parse(const char *s);

/* Length of a record id, in lowercase hex digits. */
#define CRM_ID_LEN 16
/* Writes a new random id (CRM_ID_LEN hex digits and a NUL) to out. */
int crm_id_new(char out[CRM_ID_LEN + 1]);
/* 1 when s is a well-formed id, else 0. */
int crm_id_valid(const char *s);
/* 1 when s could be an id prefix (4 to CRM_ID_LEN hex digits). */
int crm_id_prefix_valid(const char *s);
/*
 * Appends the path of a record in the store: "contacts/3f/3f9a....yaml".
 * Interactions have no file of their own: see crm_log_path.
 */
void crm_record_path(struct crm_buf *out, enum crm_kind k, const char *id);
/* Appends the journal path of the day of t: "log/2026/11/02.yaml". */
void crm_log_path(struct crm_buf *out, int64_t t);
/*
 * Parses a store path back into kind and id; CRM_EDATA when it is not the
 * path of a record (id is left empty for journals).
 */
int crm_path_parse(enum crm_kind *kind, char id[CRM_ID_LEN + 1],
		   const char *path);

/*
 * A record: an ordered list of fields.  A field is a scalar or a list of
 * strings.  Each value remembers whether it is a string or a plain typed
 * literal (number, boolean, date), so that writing it back gives the same
 * YAML.
 */
struct crm_record;

struct crm_record *crm_record_new(enum crm_kind kind);
void crm_record_free(struct crm_record *r);
struct crm_record *crm_record_dup(const struct crm_record *r);
enum crm_kind crm_record_kind(const struct crm_record *r);
void crm_record_set_kind(struct crm_record *r, enum crm_kind k);
/* The id field, or NULL. */
const char *crm_record_id(const struct crm_record *r);

/* Number of fields; the i-th field's key; whether it is a list. */
size_t crm_record_nfields(const struct crm_record *r);
const char *crm_record_key(const struct crm_record *r, size_t i);
int crm_record_is_list(const struct crm_record *r, size_t i);
/* Number of values of field i (1 for a scalar); value j; its plainness. */
size_t crm_record_nvalues(const struct crm_record *r, size_t i);
const char *crm_record_value(const struct crm_record *r, size_t i, size_t j);
int crm_record_plain(const struct crm_record *r, size_t i, size_t j);
/* Index of the field named key, or -1. */
long crm_record_find(const struct crm_record *r, const char *key);
/* The first value of field key, or NULL. */
const char *crm_record_get(const struct crm_record *r, const char *key);

/*
 * Sets scalar field key to value (a copy), replacing what was there;
 * value NULL removes the field.  plain: the value is a typed literal
 * written without quotes.
 */
void crm_record_set(struct crm_record *r, const char *key,
		    const char *value, int plain);
/* Makes key a list field (empty if new); keeps existing values. */
void crm_record_set_list(struct crm_record *r, const char *key);
/*
 * Appends value to list field key (created if missing) unless an equal
 * value (case-insensitively) is there; returns 1 when added, 0 when not.
 */
int crm_record_add(struct crm_record *r, const char *key, const char *value,
		   int plain);
/* Appends value to list field key even when an equal one is there. */
void crm_record_append(struct crm_record *r, const char *key,
		       const char *value, int plain);
/* Removes value (case-insensitively) from list key; 1 when removed. */
int crm_record_remove(struct crm_record *r, const char *key,
		      const char *value);
/* Removes field key entirely. */
void crm_record_unset(struct crm_record *r, const char *key);
/*
 * 1 when k may name a custom field: a lowercase letter, then lowercase
 * letters, digits, '_' or '-', 64 characters at most.
 */
int crm_field_name_valid(const char *k);
/* Puts the fields in the store's order: core fields, then custom by name. */
void crm_record_sort(struct crm_record *r);

/* Schema of the core fields of kind: NULL-terminated. */
struct crm_field_def {
	const char *name;
	enum crm_type type;
	int required;
};
const struct crm_field_def *crm_schema_fields(enum crm_kind k);
/* The definition of core field name of kind, or NULL when custom. */
const struct crm_field_def *crm_schema_field(enum crm_kind k,
					     const char *name);
/* 1 when name is a list field of kind's schema (email, phone, tags). */
int crm_record_is_list_name(enum crm_kind k, const char *name);
/* "tag" -> "tags", "emails" -> "email": the singular and plural aliases. */
const char *crm_schema_canon(enum crm_kind k, const char *name);

/* ---- store settings: crm.yaml (config.c) --------------------------------- */

struct crm_config;

/* Defaults: schema 1, currency EUR, the default pipeline, no fields. */
struct crm_config *crm_config_new(void);
void crm_config_free(struct crm_config *c);
/* Parses crm.yaml text; CRM_EDATA naming line and field. */
int crm_config_parse(struct crm_config *c, const char *text, size_t len,
		     const char *name);
/* The crm.yaml text of c (what crm init writes). */
void crm_config_write(struct crm_buf *out, const struct crm_config *c);
const char *crm_config_currency(const struct crm_config *c);
/* The store's country (crm.yaml "country:"), for phone numbers; or NULL. */
const char *crm_config_country(const struct crm_config *c);
/* Pipeline stages in order; probability of a stage, or -1 if unknown. */
size_t crm_config_nstages(const struct crm_config *c);
const char *crm_config_stage(const struct crm_config *c, size_t i);
int crm_config_probability(const struct crm_config *c, const char *stage);
/*
 * Days in a span "30d", "2w", "3m" (a month is 30 days), "1y" (365); -1
 * when s is not one.
 */
long crm_span_days(const char *s);
/* Whether addr is one of the store's own ("me:" in crm.yaml), any case. */
int crm_config_is_me(const struct crm_config *c, const char *addr);
/*
 * The fields crm.yaml's "expected:" says records of kind k should have
 * (crm-report quality counts the records missing them), in its order.
 */
size_t crm_config_nexpected(const struct crm_config *c, enum crm_kind k);
const char *crm_config_expected(const struct crm_config *c, enum crm_kind k,
				size_t i);
/* Whether crm.yaml's "fields:" declares name. */
int crm_config_declared(const struct crm_config *c, const char *name);
/* Whether crm.yaml sets a cadence for some tag. */
int crm_config_has_cadence(const struct crm_config *c);
/* The cadences of crm.yaml, key i (folded tag, or "segment=NAME") and span. */
size_t crm_config_ncadence(const struct crm_config *c);
const char *crm_config_cadence_key(const struct crm_config *c, size_t i,
				   const char **every);
/*
 * A lifecycle window of crm-segment(1) in days: "new" (90), "active"
 * (180) or "passive" (365) unless crm.yaml's lifecycle sets it; -1 for
 * another name.
 */
long crm_config_window(const struct crm_config *c, const char *name);
/*
 * The shortest cadence ("30d") crm.yaml's "cadence:" sets for any of
 * tags (separated by the byte 0x1f), or NULL.
 */
const char *crm_config_cadence(const struct crm_config *c, const char *tags);
/*
 * The type of field name on kind: the core schema, then crm.yaml's
 * "fields", else -1 (custom and undeclared).
 */
int crm_config_type(const struct crm_config *c, enum crm_kind k,
		    const char *name);

/*
 * Checks and normalises a record against the schema and c: required
 * fields, ids, types (dates to canonical form, money exact, numbers),
 * emails.  Messages name where (e.g. "contacts.yaml:12") and the field.
 * CRM_EDATA on the first problem.
 */
int crm_record_check(struct crm_record *r, const struct crm_config *c,
		     const char *where);
/*
 * Converts a value given on the command line or in JSON to the field's
 * type: returns the plainness to store it with, or CRM_EDATA.  Custom
 * undeclared fields guess: numbers, true/false and ISO dates are plain.
 */
int crm_value_coerce(struct crm_buf *out, const struct crm_config *c,
		     enum crm_kind k, const char *key, const char *value);

/* ---- YAML (yaml.c, libyaml) ---------------------------------------------- */

/*
 * A reader of a YAML stream of records (one document each).  Input limits:
 * 1 MiB per document, 256 KiB per scalar, 256 fields, nesting 2 (a map of
 * scalars and lists of scalars); anchors, aliases, tags and duplicate keys
 * are refused.  Errors name "name:line:column".
 */
struct crm_yaml_reader;

/* Reads from a memory buffer (borrowed until _free) or from a FILE. */
struct crm_yaml_reader *crm_yaml_reader_mem(const char *data, size_t len,
					    const char *name);
struct crm_yaml_reader *crm_yaml_reader_file(FILE *fp, const char *name);
void crm_yaml_reader_free(struct crm_yaml_reader *y);
/*
 * Reads the next document as a record of kind (the caller decides the
 * kind).  *out is NULL at the end of the stream.  *line is the line the
 * document starts on.  CRM_EDATA on bad YAML.
 */
int crm_yaml_read(struct crm_record **out, long *line,
		  struct crm_yaml_reader *y, enum crm_kind kind);

/*
 * Reads the record of a record file (its first document) as kind;
 * CRM_EDATA when it does not parse or is empty.
 */
int crm_yaml_parse(struct crm_record **out, const char *data, size_t len,
		   enum crm_kind kind, const char *name);

/*
 * Appends the YAML document of r: fields in r's order, strings that YAML
 * 1.1 would read as another type quoted, lists in flow style, multi-line
 * text as literal blocks.  With doc_start, begins with "---".
 */
int crm_yaml_write(struct crm_buf *out, const struct crm_record *r,
		   int doc_start);

/*
 * Appends r as one line, "--- {key: value, ...}": how journals hold
 * interactions, so that git's union merge of two workstations' appends
 * keeps every document whole.
 */
int crm_yaml_write_line(struct crm_buf *out, const struct crm_record *r);

/*
 * A generic YAML tree, for crm.yaml and saved segments: maps keep their
 * order.  Same limits as the reader, nesting up to 8.
 */
enum crm_node_type { CRM_NODE_SCALAR, CRM_NODE_SEQ, CRM_NODE_MAP };
struct crm_node {
	enum crm_node_type type;
	long line, col;
	char *scalar;		/* CRM_NODE_SCALAR */
	int plain;
	size_t n;		/* children of SEQ and MAP */
	char **keys;		/* MAP only */
	struct crm_node **kids;
};
int crm_yaml_load(struct crm_node **out, const char *data, size_t len,
		  const char *name);
void crm_node_free(struct crm_node *n);
/* The child of map n named key, or NULL. */
const struct crm_node *crm_node_get(const struct crm_node *n, const char *key);

/*
 * Appends s as one YAML scalar on one line, in the plainest style that
 * reads back exactly (quoted when YAML would take it for another type);
 * plain: s is a typed literal (a number, a date) to write as it is.
 */
void crm_yaml_scalar(struct crm_buf *out, const char *s, int plain);

/*
 * YAML 1.1's reading of a plain scalar: 1 when a YAML reader would take s
 * for something other than a string (bool, null, int, float, timestamp),
 * so a string s must be quoted.
 */
int crm_yaml_ambiguous(const char *s);

/* ---- JSON (json.c, jansson) ---------------------------------------------- */

/*
 * Parses one JSON object (a line of a JSON Lines file) into a record of
 * kind: strings, numbers, booleans and arrays of them.  Errors name
 * "name:line:column".
 */
int crm_json_read(struct crm_record **out, const char *text, size_t len,
		  enum crm_kind kind, const char *name, long line);
/* Appends r as one JSON object on one line, with a newline. */
void crm_json_write(struct crm_buf *out, const struct crm_record *r);
/*
 * Appends s as a JSON string with quotes (RFC 8259 escapes, plus \uXXXX
 * for DEL, C1 controls, U+2028/2029 and U+FEFF/FFFE/FFFF, so that it is
 * also a YAML double-quoted scalar); invalid UTF-8 becomes U+FFFD.
 */
void crm_json_string(struct crm_buf *out, const char *s);
/*
 * 1 when s may be written as a bare JSON number that readers hold
 * exactly: a 64-bit integer, or a decimal of at most 15 significant
 * digits, in JSON's grammar without an exponent.
 */
int crm_json_number(const char *s);

/* ---- the store (store.c, libgit2) ---------------------------------------- */

struct crm_store;
struct crm_txn;

/*
 * Where the store is: dir if not NULL, else $CRM_DIR, else
 * $XDG_DATA_HOME/crm, else ~/.local/share/crm.  Appends the path to out.
 */
int crm_store_locate(struct crm_buf *out, const char *dir);

/* Open flags. */
enum {
	CRM_OPEN_CREATE = 1,	/* create it if missing (first write) */
	CRM_OPEN_QUIET = 2,	/* do not say on stderr where it was created */
	CRM_OPEN_READ = 4,	/* for reading: skip libgit2 if the index is current */
};
/*
 * Opens the store at path (from crm_store_locate).  With CRM_OPEN_CREATE a
 * missing store is created (private permissions, root commit with
 * crm.yaml and .gitattributes), atomically even when several processes
 * race.  CRM_ENOINPUT when it does not exist and may not be created;
 * CRM_EDATA when path is not a crm store.
 */
int crm_store_open(struct crm_store **out, const char *path, int flags);
/* Creates a new store at path; CRM_EEXISTS when there is one. */
int crm_store_init(const char *path);
void crm_store_free(struct crm_store *s);
const char *crm_store_path(const struct crm_store *s);
/* 1 when crm_store_open created the store (the first write). */
int crm_store_created(const struct crm_store *s);
/* The store's settings (crm.yaml at HEAD); borrowed. */
const struct crm_config *crm_store_config(struct crm_store *s);
/* HEAD's commit id as 40 hex digits, or "" when unborn; borrowed. */
const char *crm_store_head(struct crm_store *s);

/*
 * Reads the file at path in HEAD's tree into out.  CRM_ENOTFOUND when
 * there is no such file.
 */
int crm_store_read(struct crm_buf *out, struct crm_store *s,
		   const char *path);

/*
 * Makes one commit.  fn is called with a transaction on HEAD's tree; it
 * reads what it needs with crm_txn_read and stages its changes with
 * crm_txn_put/crm_txn_remove.  Then the new tree is built from HEAD's
 * trees for the changed paths only, committed with message msg (set by fn
 * through crm_txn_message) and published with a compare-and-swap on the
 * branch.  When the branch moved meanwhile (another writer, a git push),
 * fn runs again on the new HEAD, so no update is lost.  Writers of this
 * toolkit are serialised by a lock on the store; CRM_EBUSY when it stays
 * held.  The index is updated in step.  If fn returns non-zero nothing is
 * written and that code is returned.  A transaction that stages nothing
 * makes no commit.
 */
int crm_store_write(struct crm_store *s,
		    int (*fn)(struct crm_txn *txn, void *arg), void *arg);

/* The store the transaction belongs to. */
struct crm_store *crm_txn_store(struct crm_txn *txn);
/* Reads path as it stands in the transaction (staged changes included). */
int crm_txn_read(struct crm_buf *out, struct crm_txn *txn, const char *path);
/* Stages path with content data; the blob is written at once. */
int crm_txn_put(struct crm_txn *txn, const char *path, const char *data,
		size_t len);
/* Stages the removal of path. */
int crm_txn_remove(struct crm_txn *txn, const char *path);
/* Sets the commit message (no personal data: kinds and ids). */
void crm_txn_message(struct crm_txn *txn, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * Switches the transaction to bulk mode before its first put: blobs,
 * trees and the commit are written as one pack instead of loose objects.
 */
int crm_txn_bulk(struct crm_txn *txn);
/* The number of paths staged so far. */
size_t crm_txn_count(const struct crm_txn *txn);
/*
 * Calls fn for every file under dir/ in HEAD's tree (all files when dir
 * is NULL), with its path and content.  Stops at a non-zero return.
 */
int crm_store_walk(struct crm_store *s, const char *dir,
		   int (*fn)(const char *path, const char *data, size_t len,
			     void *arg),
		   void *arg);

/* ---- the index (index.c, SQLite) ------------------------------------------ */

/*
 * The SQLite index beside the git data: derived, rebuilt on demand.  The
 * store opens it and keeps it in step with HEAD; these calls query it.
 */

/* Rebuilds the index from HEAD (crm reindex); counts records in *n. */
int crm_store_reindex(struct crm_store *s, size_t *n);
/*
 * The store files the index could not read (a bad hand edit): counted in
 * *out, each passed to fn (may be NULL) with the reason.
 */
int crm_store_problems(size_t *out, struct crm_store *s,
		       void (*fn)(const char *path, const char *msg, void *arg),
		       void *arg);

/* A match of a reference lookup. */
struct crm_match {
	enum crm_kind kind;
	char id[CRM_ID_LEN + 1];
	char *label;		/* name, title or summary, for messages */
};
void crm_matches_free(struct crm_match *m, size_t n);

/*
 * Resolves a reference to one record: an id or a unique id prefix of 4+
 * hex digits, a contact's email (any case), an organisation's exact name
 * (any case).  kind -1 searches every kind, else only that one.
 * CRM_ENOTFOUND when nothing matches; CRM_EAMBIG when several do, with
 * the message listing them.
 */
int crm_ref_resolve(struct crm_match *out, struct crm_store *s, int kind,
		    const char *ref);
/*
 * Every contact having email (any case), excluding id skip (may be NULL).
 * *out is an array of *n matches (caller frees with crm_matches_free).
 */
int crm_index_by_email(struct crm_match **out, size_t *n, struct crm_store *s,
		       const char *email, const char *skip);
/* Every organisation named name (any case), excluding id skip. */
int crm_index_by_org_name(struct crm_match **out, size_t *n,
			  struct crm_store *s, const char *name,
			  const char *skip);
/* The kind of the record or interaction with this exact id, or CRM_ENOTFOUND. */
int crm_index_kind(struct crm_store *s, const char *id);
/* Number of records of kind in the index. */
int crm_index_count(size_t *out, struct crm_store *s, enum crm_kind k);

/*
 * Reads the record kind/id from HEAD.  CRM_ENOTFOUND when it is not
 * there.
 */
int crm_store_get(struct crm_record **out, struct crm_store *s,
		  enum crm_kind k, const char *id);

/* ---- CSV input (csv.c) ------------------------------------------------------- */

/*
 * Dialect: a UTF-8 byte order mark at the start is skipped, UTF-16 is
 * refused.  Records end in LF, CRLF or CR alone, and the last may lack
 * its line end; lines are counted the same way.  Empty lines are skipped
 * (write an empty one-column value as "").  A field starting with '"' is
 * quoted: "" inside is '"', and delimiters, CR and LF inside are kept
 * byte for byte; after the closing quote comes the delimiter or the
 * record's end.  Other fields are taken as they are: spaces are data and
 * a '"' inside is an ordinary character.  "a,b," has 3 fields.  Fields
 * must be UTF-8 without NUL.  Limits: 1 MiB a field; 10,000 fields and
 * 16 MiB a record.
 */
struct crm_csv;
/* Reads from fp (borrowed, read ahead); name (copied) is used in messages. */
struct crm_csv *crm_csv_new(FILE *fp, const char *name);
void crm_csv_free(struct crm_csv *c);
/*
 * ',' by default; applies from the next record.  CRM_EUSAGE unless delim
 * is ASCII other than NUL, '"', CR, LF.
 */
int crm_csv_delimiter(struct crm_csv *c, int delim);
/*
 * 1: *fields holds *n strings followed by a NULL, borrowed until the next
 * call or _free; *line is the record's first line (from 1).  0 at the end
 * (*fields NULL, *n 0).  CRM_EDATA: *line set, *fields NULL, message
 * "NAME:LINE: why" (invalid UTF-8, NUL, a character after a closing
 * quote, a field over 1 MiB, too many fields, a record over 16 MiB, an
 * unterminated quoted field named at the line where it opened, UTF-16).
 * Reading goes on after the bad record's end, found by following its
 * quotes; after an unterminated quote or UTF-16 the next call returns 0.
 * CRM_EIO on a read error, and the reader is at its end.
 */
int crm_csv_next(struct crm_csv *c, char ***fields, size_t *n, long *line);

/* ---- vCards (vcard.c) ------------------------------------------------------ */
struct crm_vcard;
struct crm_vcard *crm_vcard_new(FILE *fp, const char *name);
void crm_vcard_free(struct crm_vcard *v);
/*
 * Reads the next card as a contact; *out NULL at the end; *line the line
 * of its BEGIN.  CRM_EDATA naming file, line and property for a card
 * that does not read (the next call goes on with the next card).
 */
int crm_vcard_next(struct crm_record **out, long *line, struct crm_vcard *v);

/* ---- records out (export.c, vcfout.c) ------------------------------------ */

/*
 * Appends contact r as a vCard: version 3 (RFC 2426) or 4 (RFC 6350),
 * CRLF-ended lines folded at 75 octets, org the organisation's name (or
 * NULL).  Fields vCard has no property for are X-CRM- properties, which
 * crm_vcard_next reads back.
 */
void crm_vcard_write(struct crm_buf *out, const struct crm_record *r,
		     const char *org, int version);

enum { CRM_EXPORT_VCF, CRM_EXPORT_CSV, CRM_EXPORT_JSON, CRM_EXPORT_YAML };
/* The CRM_EXPORT_ value of a format name, or CRM_EUSAGE. */
int crm_export_format(const char *s);
struct crm_export_opts {
	int kind;		/* contact, org or deal */
	int format;		/* CRM_EXPORT_ */
	int vcard;		/* 3 or 4 */
	const char *filter;	/* crm-find's filter language; NULL: all */
	char *const *ids;	/* with restrict_ids: only these records */
	size_t nids;
	int restrict_ids;
};
/*
 * Writes the records of o->kind that match to out, sorted by name (deals
 * by title): an organisation named by its name, a deal's contact by its
 * email, so that crm-add --from reads the export into any store.  CSV
 * has a header of the fields the records have (the kind's in order, then
 * custom ones by name), list values joined with "; ".  *n: how many.
 */
int crm_export(size_t *n, FILE *out, struct crm_store *s,
	       const struct crm_export_opts *o);

/* ---- record input streams (input.c) -------------------------------------- */

enum crm_input_format { CRM_IN_YAML, CRM_IN_JSON, CRM_IN_CSV, CRM_IN_VCF };

/*
 * A stream of records from a file: a YAML stream (one document each),
 * JSON Lines, CSV whose header row names the fields (tab-separated for
 * .tsv), or vCards (contacts; see vcard.c), told by the extension (.yaml
 * .yml, .jsonl .json .ndjson, .csv .tsv, .vcf .vcard) or else by the
 * first line.  "-" reads stdin, which is copied to a
 * private temporary file so the stream can be read twice (validate, then
 * write) with flat memory.  CRM_ENOINPUT when the file is missing.
 */
struct crm_input;
int crm_input_open(struct crm_input **out, const char *path);
/*
 * How an import reads its file.  encoding: the file's character set when
 * it is not UTF-8 ("latin1", "cp1252", any name iconv knows), converted
 * to UTF-8 first.  map: "Column=field" pairs naming CSV columns ("-"
 * leaves one out; first_name, middle_name and last_name make up the
 * name).  strict: a CSV column that is no field of the kind (nor a custom
 * field declared in cfg) is an error instead of a custom field.
 */
struct crm_input_opts {
	const char *encoding;
	char *const *map;
	size_t nmap;
	int strict;
	const struct crm_config *cfg;
};
int crm_input_open_with(struct crm_input **out, const char *path,
			const struct crm_input_opts *o);
void crm_input_free(struct crm_input *in);
/* The name used in messages: the path, or "stdin". */
const char *crm_input_name(const struct crm_input *in);
/* Starts again from the first record. */
int crm_input_rewind(struct crm_input *in);
/*
 * Reads the next record as kind; *out is NULL at the end.  *line is the
 * line the record starts on.  CRM_EDATA for a record that does not
 * parse; the stream cannot go on after a YAML syntax error (*line < 0),
 * but can after a bad JSON line.
 */
int crm_input_next(struct crm_record **out, long *line, struct crm_input *in,
		   enum crm_kind kind);

/*
 * Reads record references from fp, one per line (SPEC "Pipes"): the first
 * field of a tsv line, the "id" of a JSON line, the "id:" of a YAML
 * document, or a bare email.  Blank lines are skipped.  *out is an array
 * of *n strings; free it with crm_refs_free.
 */
int crm_refs_read(char ***out, size_t *n, FILE *fp, const char *name);
void crm_refs_free(char **refs, size_t n);

/* ---- adding and updating records (add.c) ---------------------------------- */

enum crm_edit_op {
	CRM_EDIT_SET,	/* set a scalar field (or replace a list) */
	CRM_EDIT_ADD,	/* add to a list field */
	CRM_EDIT_DEL,	/* remove from a list field */
};

/* One change asked for on the command line, e.g. --tag vip. */
struct crm_edit {
	enum crm_edit_op op;
	const char *key;	/* canonical field name */
	const char *value;	/* NULL or "" with SET removes the field */
	const char *opt;	/* the option, for messages ("--tag") */
};

struct crm_add_opts {
	enum crm_kind kind;		/* for new records and imports */
	const struct crm_edit *edits;
	size_t nedits;
	int upsert;			/* a known email updates that contact */
	int skip_bad;			/* imports: leave bad records out */
	/* Called for every bad record of an import, and for notes such as
	 * "created org 81c2e6a0 (Acme)".  Both may be NULL. */
	void (*bad)(const char *msg, void *arg);
	void (*note)(const char *msg, void *arg);
	void *arg;
};

/*
 * Creates one record of o->kind from o->edits in one commit (or, with
 * upsert, updates the contact that has its email).  Organisations named
 * by --org are linked, and created when there is none.  *out is the
 * record as written (caller frees).  CRM_EDATA for invalid fields,
 * CRM_EEXISTS for a duplicate email, CRM_ENOTFOUND/CRM_EAMBIG for a bad
 * reference.
 */
int crm_add_create(struct crm_record **out, struct crm_store *s,
		   const struct crm_add_opts *o);
/*
 * Applies o->edits to each record named in refs, all in one commit.
 * out (may be NULL) receives the records as written; a record the edits
 * leave unchanged is not rewritten.
 */
int crm_add_update(struct crm_record ***out, size_t *nout, struct crm_store *s,
		   char *const *refs, size_t nrefs, const struct crm_add_opts *o);
/*
 * Imports every record of in, in one commit written as one pack.  With
 * replace, each record must carry the id of an existing record, whose
 * content it replaces (the crm-find -f yaml | edit | crm-add --update -
 * round trip); otherwise records are new (those with an email already in
 * the store are refused, or merged with upsert).  Everything is validated
 * first; every bad record is passed to o->bad and, without skip_bad,
 * nothing is written and CRM_EDATA returned.  ids (may be NULL) receives
 * the written ids, one per line.
 */
int crm_add_import(size_t *written, struct crm_buf *ids, struct crm_store *s,
		   struct crm_input *in, int replace,
		   const struct crm_add_opts *o);

/*
 * Gives each contact ids[i] the tag "prefix:labels[i]" (none when
 * labels[i] is NULL) in place of its tags starting "prefix:", all in one
 * commit; *changed says how many contacts were rewritten.
 */
int crm_add_retag(size_t *changed, struct crm_store *s, const char *prefix,
		  char *const *ids, char *const *labels, size_t n);

/* ---- interactions (log.c) ---------------------------------------------------- */

/* What to log, from crm-log's options. */
struct crm_log_opts {
	const char *type;	/* call, email, meeting, note, purchase, ... */
	const char *summary;
	const char *at;		/* WHEN, or NULL for now */
	const char *amount, *currency, *channel, *direction, *deal, *due, *body;
	const struct crm_edit *edits;	/* --set field=value */
	size_t nedits;
	const char *add_name;	/* a contact to create first (--from-mail */
	const char *add_email;	/* --add): its name and email */
	int skip_bad;			/* imports */
	void (*bad)(const char *msg, void *arg);
	void *arg;
};

/*
 * Logs one interaction per contact id in contacts (resolved ids), each
 * appended to the journal of its day, all in one commit.  With
 * o->add_email, a contact of that email and o->add_name is created in the
 * same commit, and an empty id in contacts stands for it.  *out receives
 * the interactions written (caller frees each and the array).
 */
int crm_log_add(struct crm_record ***out, size_t *nout, struct crm_store *s,
		char *const *contacts, size_t n, const struct crm_log_opts *o);
/*
 * Marks the tasks named by ids (ids or prefixes) done now, in one
 * commit; a task done already is left as it is.  *out receives the tasks
 * that changed.  CRM_EUSAGE for an interaction that is not a task.
 */
int crm_log_done(struct crm_record ***out, size_t *nout, struct crm_store *s,
		 char *const *ids, size_t n);
/*
 * Imports every interaction of in (contact by id or email) in one commit
 * written as one pack, each to the journal of its day; memory holds a
 * small entry per interaction, not the interactions.  Bad records are
 * passed to o->bad and, without skip_bad, nothing is written (CRM_EDATA).
 * ids (may be NULL) receives the new interactions' ids, a line each,
 * once the commit is made (they wait in a temporary file meanwhile).
 */
int crm_log_import(size_t *written, FILE *ids, struct crm_store *s,
		   struct crm_input *in, const struct crm_log_opts *o);

/* iCalendar (RFC 5545): a VCALENDAR of VTODO items, lines CRLF-ended. */
void crm_ical_begin(struct crm_buf *out);
/* Appends task r as a VTODO; who names the contact (may be NULL). */
void crm_ical_task(struct crm_buf *out, const struct crm_record *r,
		   const char *who, int64_t now);
void crm_ical_end(struct crm_buf *out);

/* ---- mail: the header of one RFC 5322 message (mail.c) ------------------ */

/*
 * One mailbox.  addr is "local@domain" with the domain's ASCII letters
 * lowercased and the local part as sent; a local part that is not a
 * dot-atom stays quoted ("\"jane doe\"@acme.example"), and one quoted
 * without need loses its quotes.  name is the display name, or when there
 * is none the text of a comment ("jane@acme.example (Jane Doe)"), decoded
 * like a subject (see crm_mail_parse); NULL when there is neither, or when
 * it only repeats the address.
 */
struct crm_mail_addr {
	char *name;
	char *addr;
};

/*
 * What crm-log --from-mail needs of a message.  Every string is valid
 * UTF-8 on one line.
 */
struct crm_mail {
	struct crm_mail_addr from;	/* the first From address */
	struct crm_mail_addr *to;	/* the To addresses, then Cc's */
	size_t nto;
	char *subject;		/* the first Subject; NULL if none or empty */
	int64_t date;		/* the first Date, in UTC seconds ... */
	int has_date;		/* ... when there is one that reads */
	char *message_id;	/* the first Message-ID without <>, or NULL */
};

/*
 * Reads one message from fp (borrowed; name is for messages): its header
 * up to the empty line, then the body, read and discarded so that the
 * program piping it in never sees a broken pipe.  A leading mbox "From "
 * line is skipped.  On success *out is the caller's, to release with
 * crm_mail_free.
 *
 * Header fields are unfolded (CRLF or LF line ends) and their names
 * compared ignoring case.  The Subject and display names have their
 * RFC 2047 encoded-words decoded (B and Q, any charset iconv(3) knows;
 * ISO-8859-1 and US-ASCII are read as their superset Windows-1252; a word
 * in an unknown charset stays as it is).  Header text that is not valid
 * UTF-8 is read as Windows-1252, what the 8-bit mailers that send it
 * mostly mean; any byte a charset does not define becomes U+FFFD.  Control
 * characters and runs of white space become one space, and text is
 * trimmed.  The Date is RFC 5322's, obsolete forms included (no day name,
 * two-digit years, zone names, no seconds, comments), asctime(3)'s and
 * ISO 8601; a zone that is missing or unknown counts as UTC, and a Date
 * that does not read as a date leaves has_date 0.
 *
 * CRM_EDATA "NAME:LINE: header larger than 1 MiB", "NAME: no From header",
 * "NAME:LINE: no address in From header"; CRM_EIO when reading fails.
 */
int crm_mail_parse(struct crm_mail **out, FILE *fp, const char *name);
void crm_mail_free(struct crm_mail *m);

/* ---- filters (filter.c) ----------------------------------------------------- */

/*
 * A parsed filter (SPEC "Filter language"): comparisons on fields,
 * and/or/not, parentheses, bare words and quoted phrases as full-text
 * terms.  known: NULL-terminated names of the custom fields the store
 * holds (for the unknown-field check; may be NULL).  Dates resolve
 * against now.  CRM_EUSAGE with "filter:1:COL: why" for a syntax error
 * or an unknown field.  Empty text selects every record.
 */
struct crm_filter;
int crm_filter_parse(struct crm_filter **out, const char *text,
		     enum crm_kind kind, const struct crm_config *c,
		     char *const *known, int64_t now);
void crm_filter_free(struct crm_filter *f);

/* A query of the index: crm-find's work. */
struct crm_query {
	enum crm_kind kind;
	const struct crm_filter *filter;	/* NULL: every record */
	char *const *columns;	/* values to compute per row (any field,
				   derived fields, org.name); may be NULL */
	size_t ncolumns;
	const char *sort;	/* "name,-revenue", or NULL */
	long limit;		/* -1: no limit */
	char *const *ids;	/* with restrict_ids: only these records */
	size_t nids;
	int restrict_ids;
	int count_only;		/* one row whose count says how many */
	int no_doc;		/* rows without the record (doc NULL) */
	int unordered;		/* rows in any order (no sort, no limit):
				   a walk of the table, the fastest */
	int *numeric;		/* out (may be NULL): per column, 1 when it
				   holds numbers, 2 when it is a list,
				   3 when it holds true and false */
};

/*
 * A row of a query, valid during the callback: the record's id, the
 * record as one JSON object (as crm_json_write writes it), and the
 * values of the columns (NULL when the record has none; list values
 * separated by the byte 0x1f).
 */
struct crm_row {
	const char *id;
	const char *doc;
	const char *const *values;
	const int *typed;	/* per value: 1 when the record holds it as a
				   number or boolean (not text) */
	size_t count;		/* count_only */
};

/*
 * Runs q on the store's index, calling fn for each row in order; a
 * non-zero return from fn stops and is returned.  Columns and sort keys
 * are checked like filter fields (CRM_EUSAGE when unknown).
 */
int crm_store_query(struct crm_store *s, const struct crm_query *q,
		    int (*fn)(const struct crm_row *row, void *arg), void *arg);
/*
 * The names of the custom fields records of kind hold in the store (kind
 * -1: any), as a NULL-terminated array; free with crm_refs_free.
 */
int crm_store_fields(char ***out, size_t *n, struct crm_store *s, int kind);

/*
 * What a contact's interactions up to a time add up to, for segments and
 * reports.  Amounts are in minor units of the store's currency; those in
 * other currencies are left out.  Strings are borrowed for the callback.
 * The figures come in two parts: part 1, from purchases and refunds, for
 * every contact that has any; part 2 (when asked for), from every
 * interaction, for every contact that has any.
 */
struct crm_figures {
	int part;		/* 1 or 2 */
	const char *contact;
	/* part 1 */
	int64_t orders;		/* purchases */
	int64_t revenue;	/* purchases less refunds */
	const char *first_purchase, *last_purchase;	/* NULL: none */
	int64_t recent;		/* revenue from "recent" on */
	int64_t prior;		/* revenue from "prior" to "recent" */
	/* part 2 */
	const char *last_contact;	/* latest touch point, NULL: none */
	int64_t service;	/* support, call and meeting since "since" */
};
/*
 * Calls fn with the figures of every contact from its interactions at or
 * before until (ISO 8601, as the index holds times); part 2 too when
 * touches is set.  A non-zero return of fn stops.
 */
int crm_store_figures(struct crm_store *s, const char *until, const char *since,
		      const char *recent, const char *prior, int touches,
		      int (*fn)(const struct crm_figures *f, void *arg),
		      void *arg);

/*
 * Points s at the store as it stood at time t: the last commit of main's
 * first-parent line committed at or before t (its id in commit, its time
 * in *when).  Queries after read a second index, kept in the store's
 * folder and brought to that commit by a diff.  CRM_ENOTFOUND when the
 * store has no commit that old.
 */
int crm_store_as_of(struct crm_store *s, int64_t t, char commit[41],
		    int64_t *when);
/*
 * Calls fn for every stay of a deal in a stage, read from the commits of
 * the first-parent line (to the crm_store_as_of commit, else HEAD) that
 * changed deals/, with the deal's contact id (or ""): seconds from the
 * commit that put the deal in the stage
 * to the one that moved it on (done 1), or to end for the stays still
 * going on (done 0).  A non-zero return of fn stops and is returned.
 */
int crm_store_stage_stays(struct crm_store *s, int64_t end,
			  int (*fn)(const char *stage, const char *contact,
				    int64_t seconds, int done, void *arg),
			  void *arg);

/*
 * A version of a record (or, for the store, a commit) as crm history
 * shows it: the commit, its time, author ("Name <email>") and first line,
 * and the changes it made: for each, a field, the old value and the new
 * one (NULL: none).  List fields give the elements removed (old) and
 * added (new), joined by ", "; a contact's interactions come as field
 * "log" with a line each; the store's history gives per folder the files
 * added, changed and removed ("+2 ~1").  Strings live until fn returns.
 */
struct crm_version {
	char commit[41];
	int64_t time;
	const char *author, *message;
	const char *const *changes;	/* field, old, new; nchanges times */
	size_t nchanges;
};
/*
 * Calls fn with the versions of record id of kind (id NULL: every commit
 * of the store), newest first, along the first-parent line of the branch
 * (or of the crm_store_as_of commit), at most limit of them (-1: all).
 * A non-zero return of fn stops and is returned.
 */
int crm_store_history(struct crm_store *s, enum crm_kind kind, const char *id,
		      long limit, int (*fn)(const struct crm_version *v,
					    void *arg), void *arg);

/* One commit and the files it changed against its first parent. */
struct crm_commit_change {
	char *path;
	int has_old, has_new;		/* the file before, after */
	char *old, *new;		/* their content (NUL-terminated) */
	size_t old_len, new_len;
};
struct crm_commit_info {
	char id[41];
	const char *subject;		/* the message's first line */
	int parents;
	struct crm_commit_change *c;
	size_t n;
	struct crm_buf subject_buf;
};
/*
 * Reads commit rev (4 to 40 hex digits; NULL or "HEAD": the branch's
 * tip) and its changes.  CRM_ENOTFOUND, CRM_EAMBIG, CRM_EUSAGE for a rev
 * that is not one.  Release with crm_commit_info_release.
 */
int crm_store_commit(struct crm_commit_info *out, struct crm_store *s,
		     const char *rev);
void crm_commit_info_release(struct crm_commit_info *ci);

/*
 * crm undo: reverts commit rev (NULL: the last) as a new commit.  A
 * record or setting it changed goes back to what it was before; in a
 * journal, the interactions it added are taken out and those it changed
 * or removed put back, leaving the day's other interactions alone.  A
 * file changed again since is named in a CRM_EDATA error and nothing is
 * written, unless force.  undone gets the commit's id, *nfiles the
 * number of files it touched.
 */
int crm_undo(char undone[41], size_t *nfiles, struct crm_store *s,
	     const char *rev, int force);
/*
 * crm rm: removes the records refs name (any kind; an interaction from
 * its journal) in one commit.  A contact named by deals, or an
 * organisation named by contacts or deals, is refused (CRM_EDATA naming
 * them) unless force; with_log takes a contact's interactions out of the
 * journals too.  *removed counts the records and interactions removed.
 */
int crm_rm(size_t *removed, struct crm_store *s, char *const *refs, size_t n,
	   int with_log, int force);

/*
 * crm edit: opens the record ref names in $VISUAL, $EDITOR or vi (a copy
 * in $TMPDIR), and writes it back as crm-add --update - would: checked,
 * one commit.  An untouched file makes no commit (*changed 0).  When the
 * text does not pass, the message is shown and, on a terminal, the user
 * may edit again or abort; elsewhere (or aborted) the error is returned
 * and nothing written.
 */
int crm_edit(int *changed, struct crm_store *s, const char *ref);

/*
 * crm fsck: checks every file of HEAD (parses, schema, ids unique and
 * matching file names, references resolve, journals valid and each
 * interaction in its day's journal), the index against the store, and
 * runs git fsck on the repository.  Each problem goes to problem (may be
 * NULL) as "path[:line]: why"; *problems counts them.  repair moves
 * record files into their folder (one commit) and rebuilds the index.
 */
int crm_fsck(size_t *problems, struct crm_store *s, int repair,
	     void (*problem)(const char *msg, void *arg), void *arg);

/* What crm sync did. */
struct crm_sync_result {
	int fetched, fast_forward, pushed;
	size_t merged;		/* files merged from both sides */
	size_t kept_edits;	/* deleted on one side, edited on the other */
	size_t conflicts;	/* fields changed on both sides */
};
/*
 * crm sync: fetches the remote's main (name NULL: the store's only
 * remote, or origin), merges it with the store's when both moved (record
 * by record, field by field; journals by union; see sync.c), and pushes;
 * a push the remote refuses because it moved is fetched and merged again.
 * note (may be NULL) hears of each field kept from one side.
 */
int crm_sync(struct crm_sync_result *res, struct crm_store *s,
	     const char *name, void (*note)(const char *msg, void *arg),
	     void *arg);
/* Adds a remote to the store (any git URL or path). */
int crm_sync_add(struct crm_store *s, const char *name, const char *url);

/* What crm forget did. */
struct crm_forget_result {
	char id[CRM_ID_LEN + 1];	/* the record forgotten */
	size_t commits;			/* commits written again */
	size_t interactions;		/* interaction versions dropped */
	char remotes[8][64];		/* the store's remotes */
	int remote_pushed[8];		/* and whether each was updated */
	size_t nremotes, pushed;
};
/*
 * crm forget: the right to erasure.  Writes the whole history of the
 * branch again without the record ref names (its file gone, its
 * interactions out of the journals, the records that named it without
 * the reference), moves the branch, removes the other references and the
 * reflogs, prunes the old objects (git gc) and rebuilds the index into a
 * new file.  With push, force-pushes the new branch to every remote.
 */
int crm_forget(struct crm_forget_result *res, struct crm_store *s,
	       const char *ref, int push);

/*
 * crm export --subject: everything the store holds on the person ref
 * names (right of access), as one JSON object: the record, their
 * interactions (oldest first), the deals that name them, and the
 * history of changes to their record (as crm history gives it).
 */
int crm_export_subject(struct crm_buf *out, struct crm_store *s,
		       const char *ref);

/*
 * crm merge: the contacts dups (references) folded into keep, in one
 * commit: keep's fields win, a field it lacks comes from a duplicate,
 * lists (emails, phones, tags) take every value once, the earliest
 * created stays; the duplicates' interactions and deals name keep, and
 * the duplicates are removed.  *moved: the interactions re-pointed.
 */
int crm_merge(size_t *moved, struct crm_store *s, const char *keep,
	      char *const *dups, size_t n);
/*
 * crm dedupe: pairs of contacts that look like one person, with a score
 * (0-100) and the reasons, best first; those under min_score left out.
 */
struct crm_table;
int crm_dedupe(struct crm_table **out, struct crm_store *s, int min_score);

/*
 * Calls fn for every record of kind whose field is id ("contact = ID"):
 * the columns cols, sorted by sort (NULL: in any order), with the record
 * as JSON when with_doc.
 */
int crm_store_named_by(struct crm_store *s, enum crm_kind kind,
		       const char *field, const char *id, char *const *cols,
		       size_t ncols, const char *sort, int with_doc,
		       int (*fn)(const struct crm_row *row, void *arg),
		       void *arg);
/* Whether some contact was given restricted: true (kept out of reports). */
int crm_store_restricts(struct crm_store *s);

/* Tells s that the command reads much of the index (a report). */
void crm_store_for_scans(struct crm_store *s);

/* A purchase or a refund, as reports read them. */
struct crm_buy {
	const char *contact;
	const char *at;		/* as the index holds it (UTC, canonical) */
	int purchase;		/* 1: a purchase, 0: a refund */
	int64_t revenue;	/* minor units of the store's currency: the
				   amount, negative for a refund, 0 in others */
};
/*
 * Calls fn for every purchase and refund at or after since and at or
 * before until (index times; NULL: unbounded), in no order.  A non-zero
 * return of fn stops and is returned.
 */
int crm_store_buys(struct crm_store *s, const char *since, const char *until,
		   int (*fn)(const struct crm_buy *b, void *arg), void *arg);

/* ---- reports (report.c) ---------------------------------------------------- */
struct crm_table;

struct crm_report_opts {
	const char *since, *until;	/* days or times; NULL: unbounded */
	const char *at;		/* the summary's day; NULL: now */
	const char *where;	/* a filter on the contacts; NULL: all */
	char *const *ids;	/* with restrict_ids: only these contacts */
	size_t nids;
	int restrict_ids;
	const char *by;		/* revenue: day, week, month (default),
				   quarter, year, segment or a field;
				   cohort: month (default) or quarter */
	int counts;		/* cohort: counts, not shares */
	int records;		/* quality: a row per contact */
	int history;		/* pipeline: days in each stage, from the
				   commits (reads the history) */
};
/* One row per period (every one of the window) or per value of a field. */
int crm_report_revenue(struct crm_table **out, struct crm_store *s,
		       const struct crm_report_opts *o);
/* One row per cohort of first purchases; a column per later period. */
int crm_report_cohort(struct crm_table **out, struct crm_store *s,
		      const struct crm_report_opts *o);
/* The revenue of the top 1, 5, 10, 20, 50 and 100 % of customers. */
int crm_report_pareto(struct crm_table **out, struct crm_store *s,
		      const struct crm_report_opts *o);
/* Rows of section, item, deals, value, weighted: deals by stage, by
 * expected close month, outcomes, days in the pipeline. */
int crm_report_pipeline(struct crm_table **out, struct crm_store *s,
			const struct crm_report_opts *o);
/* Interactions, contacts touched, tasks done and overdue, by o->by
 * (owner, type, week or channel). */
int crm_report_activity(struct crm_table **out, struct crm_store *s,
			const struct crm_report_opts *o);
/* Per customer (or per RFM segment with o->by "segment"): revenue,
 * orders, average order, purchases a year, expected lifetime, value. */
int crm_report_clv(struct crm_table **out, struct crm_store *s,
		   const struct crm_report_opts *o);
/* Shades a cohort table's cells by the share of their cohort. */
void crm_report_shade(struct crm_table *t, int counts);
/* Appends a column of bars drawn from the numbers of column col. */
void crm_report_chart(struct crm_table *t, size_t col, int width);
/* Prints column col of t as a line of eight-level blocks, with its range. */
void crm_report_sparkline(FILE *fp, const struct crm_table *t,
			  const char *col);
/*
 * Rows of section, item, records, share: per field the records that have
 * it, those missing an expected one, invalid emails and phones, likely
 * duplicates, contacts never contacted, overdue tasks, completeness; with
 * o->records, a row per contact: id, name, completeness, missing,
 * problems.
 */
int crm_report_quality(struct crm_table **out, struct crm_store *s,
		       const struct crm_report_opts *o);
/* Whether s has the shape crm-add takes for an email (one '@', a dot after). */
int crm_email_valid(const char *s);
/* Whether an email address is one a mail server would take. */
int crm_email_plausible(const char *s);
/*
 * The digits of a phone number (7 to 15, an optional '+', the usual
 * separators and an extension allowed) into out; 0 when it is not one.
 */
size_t crm_phone_digits(char *out, size_t size, const char *s);
/* A chart of a report's table, for HTML (columns by name). */
enum crm_chart_kind { CRM_CHART_BARS, CRM_CHART_LINE, CRM_CHART_HEAT };
struct crm_chart {
	enum crm_chart_kind kind;
	const char *label;	/* the column of the labels */
	const char *value;	/* the column of the values (bars, line) */
	const char *section;	/* only rows whose first cell is this */
	size_t first;		/* heat: the first column of values; the one
				   before holds the row's size */
	int counts;		/* heat: values are counts of that size */
	const char *caption;
};
struct crm_html_page {
	const char *title;	/* the heading */
	const char *meta;	/* a line under it: the command, the time */
	const struct crm_chart *charts;
	size_t ncharts;
};
/*
 * Writes t as one self-contained HTML page to fp: the charts as inline
 * SVG (a chart whose columns t lacks is left out), then the table.
 */
int crm_report_html(FILE *fp, const struct crm_table *t,
		    const struct crm_html_page *page);
/* Rows of section, item, value, previous: the store at a glance. */
int crm_report_summary(struct crm_table **out, struct crm_store *s,
		       const struct crm_report_opts *o);

/*
 * Calls fn(contact, at, type) for every interaction after since (index
 * time), in no order; with tasks, for every open task instead, with its
 * due day (or "") as at.  A non-zero return of fn stops and is returned.
 */
int crm_store_touches(struct crm_store *s, const char *since, int tasks,
		      int (*fn)(const char *contact, const char *at,
				const char *type, void *arg), void *arg);

/* ---- segments (segment.c) ------------------------------------------------- */

/* A computed table: ncols named columns, nrows rows of cells (NULL: none). */
struct crm_table {
	size_t ncols;
	char **names;
	int *numeric;		/* per column: 1 when it holds numbers */
	size_t nrows;
	char **cells;		/* row-major, nrows x ncols */
	size_t alloc;		/* rows allocated */
};
void crm_table_free(struct crm_table *t);

/* What a segmentation looks at (crm-segment(1)). */
struct crm_seg_opts {
	const char *at;		/* reference day or time; NULL: now */
	const char *where;	/* a filter on the contacts; NULL: all */
	char *const *ids;	/* with restrict_ids: only these contacts */
	size_t nids;
	int restrict_ids;
	int bins;		/* rfm: scores 1..bins (0: 5) */
	double share;		/* value, pareto: revenue share (0: 0.8) */
	int summary;		/* rfm: one row per segment */
	int64_t since;		/* value: service counted from (0: a year) */
	long windows[3];	/* lifecycle: new, active, passive in days
				   (0: from crm.yaml) */
};
/* One row per customer: recency, frequency, monetary, scores, segment. */
int crm_segment_rfm(struct crm_table **out, struct crm_store *s,
		    const struct crm_seg_opts *o);
/* One row per contact: its lifecycle stage and the dates behind it. */
int crm_segment_lifecycle(struct crm_table **out, struct crm_store *s,
			  const struct crm_seg_opts *o);
/* One row per customer: its value x service-load quadrant. */
int crm_segment_value(struct crm_table **out, struct crm_store *s,
		      const struct crm_seg_opts *o);
/* The fewest customers whose revenue reaches the share, largest first. */
int crm_segment_pareto(struct crm_table **out, struct crm_store *s,
		       const struct crm_seg_opts *o);
/* One row per value of field (each element of a list). */
int crm_segment_by(struct crm_table **out, struct crm_store *s,
		   const struct crm_seg_opts *o, const char *field);

/*
 * Saved segments: segments/NAME.yaml holds "filter: TEXT".  Names are
 * lowercase letters, digits, '-' and '_', and not a mode's name.
 */
/* Saves (or replaces) segment name in one commit; the filter is checked. */
int crm_segment_save(struct crm_store *s, const char *name, const char *filter);
/* Removes segment name in one commit; CRM_ENOTFOUND when there is none. */
int crm_segment_remove(struct crm_store *s, const char *name);
/* The filter text of segment name (caller frees); CRM_ENOTFOUND. */
int crm_segment_filter(char **out, struct crm_store *s, const char *name);
/* Every saved segment: columns name, filter. */
int crm_segment_list(struct crm_table **out, struct crm_store *s);

/*
 * Stay-in-touch cadences (crm-log --due): a contact's own cadence field,
 * else the shortest span crm.yaml's cadence gives its tags and the saved
 * segments it is a member of now (keys "segment=NAME").
 */
struct crm_cadence;
int crm_cadence_new(struct crm_cadence **out, struct crm_store *s);
/* The span of contact id ("30d"), own its cadence field, or NULL. */
const char *crm_cadence_for(const struct crm_cadence *c, const char *id,
			    const char *own, const char *tags);
void crm_cadence_free(struct crm_cadence *c);

/* The journal holding interaction id ("log/2026/11/02.yaml"). */
int crm_store_log_path(struct crm_buf *out, struct crm_store *s,
		       const char *id);

/* ---- output formats (fmt.c) ------------------------------------------------ */

enum crm_format {
	CRM_FMT_AUTO,	/* table on a terminal, tsv otherwise */
	CRM_FMT_TABLE,
	CRM_FMT_TSV,
	CRM_FMT_CSV,
	CRM_FMT_JSON,
	CRM_FMT_YAML,
	CRM_FMT_HTML,	/* crm-report only (crm_cli.html_ok) */
};
int crm_format_parse(const char *s);

/*
 * A writer of rows to a stream in one format.  Columns are named once;
 * each row gives one string per column (NULL for none).  Tables are
 * buffered to align columns by display width, then cut to width columns
 * (0: no limit).  tsv escapes tab, newline, carriage return and
 * backslash as \t \n \r \\; csv follows RFC 4180 with a header; json
 * writes one object per row (values typed when numeric[i] says so).
 */
struct crm_fmt;
struct crm_fmt *crm_fmt_new(FILE *fp, enum crm_format f, size_t ncols,
			    const char *const *names, int header,
			    size_t width);
/* numeric[i] non-zero: column i holds numbers (json writes them bare). */
void crm_fmt_numeric(struct crm_fmt *w, const int *numeric);
int crm_fmt_row(struct crm_fmt *w, const char *const *values);
/* Flushes (tables are written here); CRM_EIO on a write error. */
int crm_fmt_end(struct crm_fmt *w);
void crm_fmt_free(struct crm_fmt *w);
/* Appends s with the tsv escapes. */
void crm_fmt_tsv_escape(struct crm_buf *out, const char *s);
/*
 * Appends s as an RFC 4180 field (quoted when needed); a cell a
 * spreadsheet would run as a formula (crm_fmt_csv_formula) gets a
 * leading "'", which crm-add's CSV import drops again.
 */
void crm_fmt_csv_escape(struct crm_buf *out, const char *s);
/* 1 when s starts like a spreadsheet formula and is not a plain number. */
int crm_fmt_csv_formula(const char *s);

/* ---- shared command-line handling (cli.c) ---------------------------------- */

/* The options every binary shares (SPEC "Pipes and output"). */
struct crm_cli {
	const char *store;	/* -C/--store */
	int quiet;		/* -q */
	enum crm_format format;	/* -f/--format */
	const char *fields;	/* -o */
	int header;		/* --header */
	const char *sort;	/* --sort */
	long limit;		/* -n/--limit, -1 for none */
	int count;		/* --count */
	int html_ok;		/* set before parsing: -f html is taken */
};
void crm_cli_init(struct crm_cli *cli);
/*
 * Handles one option getopt_long returned that is a shared one.  Returns
 * 1 when it was shared and handled, 0 when it is the command's own, or
 * CRM_EUSAGE with a message.
 */
int crm_cli_option(struct crm_cli *cli, int opt, const char *arg);
/* getopt_long short option letters and long options of crm_cli_option. */
#define CRM_CLI_SHORTOPTS "C:qf:o:n:"
#define CRM_CLI_LONGOPTS \
	{ "store", 1, NULL, 'C' }, \
	{ "quiet", 0, NULL, 'q' }, \
	{ "format", 1, NULL, 'f' }, \
	{ "header", 0, NULL, 0x101 }, \
	{ "sort", 1, NULL, 0x102 }, \
	{ "limit", 1, NULL, 'n' }, \
	{ "count", 0, NULL, 0x103 }, \
	{ "help", 0, NULL, 'h' }, \
	{ "version", 0, NULL, 0x104 }
#define CRM_OPT_HELP 'h'
#define CRM_OPT_VERSION 0x104
/*
 * The usage error for what getopt_long (with opterr = 0 and optstring
 * starting ':') returned as c: "unknown option '--x'", "option '--x'
 * needs a value", "option '--x' takes no value".  Returns CRM_EUSAGE.
 */
int crm_cli_bad_option(int c, char **argv, const struct option *longopts);
/*
 * getopt_long for a command: handles the shared options (into cli), -h
 * (prints usage, exits 0), --version and unknown options; returns the
 * command's next own option, -1 at the end, or CRM_EUSAGE.  shortopts
 * are the command's own letters.
 */
int crm_cli_getopt(struct crm_cli *cli, int argc, char **argv,
		   const char *shortopts, const struct option *longopts,
		   const char *usage);
/* Prints "prog (crm) VERSION" to stdout. */
void crm_cli_version(void);
/* Resolved output format: AUTO becomes table or tsv by isatty(stdout). */
enum crm_format crm_cli_format(const struct crm_cli *cli);
/* Terminal width of stdout: $COLUMNS, the tty, or 0 when not a tty. */
size_t crm_cli_width(void);
/*
 * Opens the store for cli with CRM_OPEN_* flags (when it creates the
 * store, says where on stderr unless quiet).
 */
int crm_cli_open(struct crm_store **out, const struct crm_cli *cli, int flags);
/* Warns on stderr (unless quiet) when store files could not be indexed. */
void crm_cli_warn_problems(const struct crm_cli *cli, struct crm_store *s);
/*
 * Flushes and closes stdout; a write error (full disk) is reported and
 * gives 74, a closed pipe is quiet.  Returns the exit status to use,
 * status unless stdout failed.
 */
int crm_cli_finish(int status);
/*
 * Prints the rows of a query in the cli's format: the columns named, or
 * with whole set and no -o, each record whole (json: as in the index;
 * yaml: the stored file, read from git).  List values are joined with
 * "," (", " in tables); json and yaml keep them lists.  numeric is the
 * query's array of the same name, borrowed: filled in when rows come.
 */
struct crm_cli_out;
struct crm_cli_out *crm_cli_out_new(const struct crm_cli *cli,
				    struct crm_store *s, enum crm_kind k,
				    char *const *cols, size_t ncols,
				    const int *numeric, int whole);
int crm_cli_out_row(struct crm_cli_out *o, const struct crm_row *row);
/* Flushes; CRM_EIO on a write error.  Frees o. */
int crm_cli_out_end(struct crm_cli_out *o);
/* The columns crm-find shows for kind when -o is not given. */
const char *crm_cli_default_columns(enum crm_kind k);

/*
 * Reads references (ids, emails, names; one per line) from stdin and
 * resolves each to the id of a record of kind; an unknown one is an error.
 */
int crm_cli_read_ids(char ***ids, size_t *n, struct crm_store *s, int kind);
/* Splits "a,b,c" into a NULL-terminated array (free: crm_refs_free). */
char **crm_cli_split(const char *spec, size_t *n);
/*
 * crm-find's work: the records of kind matching the filter text (and,
 * with restrict_ids, among ids), printed as cli says (-o, --sort, -n,
 * --count, format).  *rows says how many matched.
 */
int crm_cli_find(size_t *rows, const struct crm_cli *cli, struct crm_store *s,
		 int kind, const char *filter, char *const *ids, size_t nids,
		 int restrict_ids);
/* Prints a computed table in the cli's format (-o, --sort, -n and --count apply). */
struct crm_table;
int crm_cli_table(const struct crm_cli *cli, const struct crm_table *t);
/*
 * crm history: the versions of the record ref names (NULL: the store's
 * commits), newest first, -n of them: as text like git log on a
 * terminal (-f table), else a row per change in the cli's format.
 */
int crm_cli_history(const struct crm_cli *cli, struct crm_store *s,
		    const char *ref);
/* The same, with page's heading and charts when the format is html. */
struct crm_html_page;
int crm_cli_table_page(const struct crm_cli *cli, const struct crm_table *t,
		       const struct crm_html_page *page);

/* Writes records in the format: tsv prints ids, others whole records. */
int crm_cli_print_records(const struct crm_cli *cli,
			  struct crm_record *const *r, size_t n);

#endif
