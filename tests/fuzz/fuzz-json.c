/*
 * fuzz-json.c: libFuzzer target for JSON Lines records (json.c) and, as
 * a source of arbitrary Unicode keys and values, for the YAML writer: a
 * record read from JSON, written as YAML, must read back the same.  Also
 * checks that crm_json_string makes valid JSON of any bytes.
 *
 * Build like fuzz-yaml.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
die(const char *what, const char *a, const char *b)
{
	fprintf(stderr, "fuzz-json: %s\n--- first:\n%s\n--- then:\n%s\n",
		what, a ? a : "", b ? b : "");
	abort();
}

/*
 * Within the YAML reader's limits (256 fields, 4096 values a list), and
 * clear of problems already reported, unless FUZZ_STRICT (see
 * fuzz-yaml.c known_bad: keys with a line break or over 500 bytes, list items
 * with '?').
 */
static int
yaml_sized(const struct crm_record *r)
{
	size_t i, j;

	if (crm_record_nfields(r) > 256)
		return 0;
	for (i = 0; i < crm_record_nfields(r); i++) {
		if (crm_record_nvalues(r, i) > 4096)
			return 0;
#ifndef FUZZ_STRICT
		if (strchr(crm_record_key(r, i), '\n') ||
		    strlen(crm_record_key(r, i)) > 500)
			return 0;
		for (j = 0; j < crm_record_nvalues(r, i); j++)
			if (crm_record_is_list(r, i) &&
			    strchr(crm_record_value(r, i, j), '?'))
				return 0;
#else
		(void)j;
#endif
	}
	return 1;
}

static void
yaml_round_trip(const struct crm_record *r)
{
	struct crm_buf y1 = CRM_BUF_INIT, y2 = CRM_BUF_INIT;
	struct crm_yaml_reader *y;
	struct crm_record *back = NULL;
	size_t i, j;
	long line;

	if (crm_yaml_write(&y1, r, 1) != 0)
		die("crm_yaml_write failed", crm_err_msg(), NULL);
	y = crm_yaml_reader_mem(y1.buf, y1.len, "rt.yaml");
	if (crm_yaml_read(&back, &line, y, crm_record_kind(r)) != 0 || !back)
		die("written YAML does not read back", y1.buf, crm_err_msg());
	if (crm_record_nfields(back) != crm_record_nfields(r))
		die("field count changed", y1.buf, NULL);
	for (i = 0; i < crm_record_nfields(r); i++) {
		if (strcmp(crm_record_key(r, i), crm_record_key(back, i)))
			die("key changed", crm_record_key(r, i),
			    crm_record_key(back, i));
		if (crm_record_is_list(r, i) != crm_record_is_list(back, i) ||
		    crm_record_nvalues(r, i) != crm_record_nvalues(back, i))
			die("list changed", crm_record_key(r, i), y1.buf);
		for (j = 0; j < crm_record_nvalues(r, i); j++) {
			if (strcmp(crm_record_value(r, i, j),
				   crm_record_value(back, i, j)))
				die("value changed", crm_record_value(r, i, j),
				    crm_record_value(back, i, j));
			if (crm_record_plain(r, i, j) !=
			    crm_record_plain(back, i, j))
				die("plainness changed",
				    crm_record_value(r, i, j), y1.buf);
		}
	}
	if (crm_yaml_write(&y2, back, 1) != 0 || y1.len != y2.len ||
	    memcmp(y1.buf, y2.buf, y1.len) != 0)
		die("re-write differs", y1.buf, y2.buf);
	crm_record_free(back);
	crm_yaml_reader_free(y);
	crm_buf_release(&y1);
	crm_buf_release(&y2);
}

static void
json_round_trip(const struct crm_record *r)
{
	struct crm_buf j = CRM_BUF_INIT;
	struct crm_record *back = NULL;
	size_t i, k;

	crm_json_write(&j, r);
	if (crm_json_read(&back, j.buf, j.len, crm_record_kind(r), "j", 1))
		die("written JSON does not read back", j.buf, crm_err_msg());
	if (crm_record_nfields(back) != crm_record_nfields(r))
		die("field count changed", j.buf, NULL);
	for (i = 0; i < crm_record_nfields(r); i++)
		for (k = 0; k < crm_record_nvalues(r, i); k++)
			/* strings come back exactly; numbers may be respelt */
			if (!crm_record_plain(r, i, k) &&
			    strcmp(crm_record_value(r, i, k),
				   crm_record_value(back, i, k)))
				die("string changed", crm_record_value(r, i, k),
				    crm_record_value(back, i, k));
	crm_record_free(back);
	crm_buf_release(&j);
}

static void
string_any_bytes(const uint8_t *data, size_t size)
{
	struct crm_buf line = CRM_BUF_INIT;
	struct crm_record *r = NULL;
	char *s = crm_xstrndup((const char *)data, size);

	crm_buf_adds(&line, "{\"k\":");
	crm_json_string(&line, s);
	crm_buf_addc(&line, '}');
	if (!crm_text_valid(line.buf, line.len))
		die("crm_json_string gave invalid UTF-8", line.buf, NULL);
	if (crm_json_read(&r, line.buf, line.len, CRM_CONTACT, "s", 1) != 0)
		die("crm_json_string gave bad JSON", line.buf, crm_err_msg());
	if (crm_text_valid(s, strlen(s)) &&
	    strcmp(crm_record_get(r, "k"), s) != 0)
		die("crm_json_string changed valid text", s,
		    crm_record_get(r, "k"));
	crm_record_free(r);
	crm_buf_release(&line);
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crm_record *r = NULL;
	enum crm_kind kind = size ? (enum crm_kind)(data[0] % CRM_NKINDS) :
			     CRM_CONTACT;

	if (crm_json_read(&r, (const char *)data, size, kind, "fuzz.jsonl",
			  1) == 0) {
		json_round_trip(r);
		if (yaml_sized(r))
			yaml_round_trip(r);
		crm_record_free(r);
	}
	string_any_bytes(data, size);
	return 0;
}
