/*
 * yamlfast.h: the fast reader of crm's own YAML layout (yamlfast.c).
 * Internal to common/; to be folded into internal.h.
 */
#ifndef CRM_YAMLFAST_H
#define CRM_YAMLFAST_H

#include "crm.h"

/* What crm_yaml_fast returns for text it leaves to libyaml. */
#define CRM_YAML_NOT_FAST 1

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

#endif
