/*
 * fuzz-id.c: libFuzzer target for ids and store paths (record.c): what
 * crm_id_valid accepts is 16 lowercase hex digits, and the path made of
 * it stays in its kind's folder; what crm_path_parse accepts as a
 * record's path is exactly the path crm_record_path makes of its kind
 * and id (no "..", no second slash, no other spelling): an id or a path
 * from a hostile file never names a file outside the layout.
 * Build: make fuzz (see the Makefile), or like fuzz-yaml.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_path(const char *p, enum crm_kind k, const char *id)
{
	static const char *const dirs[] = { "contacts/", "orgs/", "deals/" };
	size_t i;

	if (strstr(p, "..") || strstr(p, "//") || p[0] == '/' || p[0] == '.')
		abort();
	for (i = 0; i < 3; i++)
		if (!strncmp(p, dirs[i], strlen(dirs[i])))
			break;
	if (i == 3 && k != CRM_LOG)
		abort();
	if (strlen(p) != strlen(dirs[i < 3 ? i : 0]) + 3 + CRM_ID_LEN + 5 ||
	    strncmp(p + strlen(p) - 5, ".yaml", 5) ||
	    strncmp(strrchr(p, '/') + 1, id, CRM_ID_LEN))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), id[CRM_ID_LEN + 1];
	struct crm_buf p = CRM_BUF_INIT;
	enum crm_kind k;
	size_t i;

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	if (crm_id_valid(s)) {
		if (strlen(s) != CRM_ID_LEN || strspn(s, "0123456789abcdef") != CRM_ID_LEN)
			abort();
		for (i = 0; i < 3; i++) {
			k = i == 0 ? CRM_CONTACT : i == 1 ? CRM_ORG : CRM_DEAL;
			crm_buf_reset(&p);
			crm_record_path(&p, k, s);
			check_path(p.buf, k, s);
		}
	}
	if (crm_id_prefix_valid(s) &&
	    (strlen(s) < 4 || strlen(s) > CRM_ID_LEN ||
	     strspn(s, "0123456789abcdef") != strlen(s)))
		abort();
	if (crm_path_parse(&k, id, s) == 0 && id[0]) {
		/* a record's path: exactly the one its kind and id make */
		crm_buf_reset(&p);
		crm_record_path(&p, k, id);
		if (strcmp(p.buf, s) != 0)
			abort();
		check_path(p.buf, k, id);
	}
	crm_err_clear();
	crm_buf_release(&p);
	free(s);
	return 0;
}
