/*
 * fuzz-vcard.c: libFuzzer target for the vCard reader (vcard.c).  Reads
 * every card of the input and checks what the reader promises: a card
 * read is a contact with a name, every value valid UTF-8; a bad card is
 * an error naming the input; the reader always ends.
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
	FILE *fp = size ? fmemopen((void *)data, size, "r") : fopen("/dev/null", "r");
	struct crm_vcard *v;
	struct crm_record *r;
	long line;
	size_t cards = 0, i, j;
	int rc;

	if (!fp)
		abort();
	v = crm_vcard_new(fp, "fuzz.vcf");
	for (;;) {
		rc = crm_vcard_next(&r, &line, v);
		if (rc < 0) {
			if (!strstr(crm_err_msg(), "fuzz.vcf"))
				abort();	/* a message must name the input */
			crm_err_clear();
		} else if (!r) {
			break;
		} else {
			if (crm_record_kind(r) != CRM_CONTACT || !crm_record_get(r, "name"))
				abort();
			for (i = 0; i < crm_record_nfields(r); i++)
				for (j = 0; j < crm_record_nvalues(r, i); j++) {
					const char *s = crm_record_value(r, i, j);

					if (!crm_text_valid(s, strlen(s)))
						abort();
				}
			crm_record_free(r);
		}
		if (++cards > size + 2)
			abort();	/* more cards than bytes: a loop */
	}
	crm_vcard_free(v);
	fclose(fp);
	return 0;
}
