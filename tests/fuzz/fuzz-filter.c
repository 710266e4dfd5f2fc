/*
 * fuzz-filter.c: libFuzzer target for the filter compiler (filter.c).
 * Every input compiles for each kind or is refused with a message that
 * names a position; it never crashes, loops or leaks, whatever the
 * nesting, the quotes or the bytes.  (The SQL a compiled filter becomes
 * is prepared read-only by the index: see index.c.)
 * Build: make fuzz (see the Makefile), or like fuzz-yaml.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct crm_config *cfg;
	static char *known[] = { "industry", "source", "vip-level", NULL };
	char *text = malloc(size + 1);
	int kind;

	if (!text)
		abort();
	if (!cfg)
		cfg = crm_config_new();
	memcpy(text, data, size);
	text[size] = '\0';
	for (kind = 0; kind < CRM_NKINDS; kind++) {
		struct crm_filter *f = NULL;
		int rc = crm_filter_parse(&f, text, (enum crm_kind)kind, cfg, known,
					  1767225600);	/* 2026-01-01 */

		if (rc < 0) {
			if (!*crm_err_msg() || f)
				abort();	/* a refusal says why, and builds nothing */
			crm_err_clear();
		}
		crm_filter_free(f);
	}
	free(text);
	return 0;
}
