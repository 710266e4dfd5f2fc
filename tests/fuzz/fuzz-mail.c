/*
 * fuzz-mail.c: libFuzzer target for the mail header reader (mail.c).
 * Besides crashes and sanitizer reports it checks what crm_mail_parse
 * promises: only CRM_EDATA for bad input, a From address on success,
 * every string valid UTF-8 on one line with no control characters, names
 * and subjects trimmed and never empty, and dates within 0001-9999.
 *
 * Build like fuzz-yaml.c:
 *   clang -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Icommon \
 *     tests/fuzz/fuzz-mail.c common/mail.c build-asan/libcrm.a \
 *     $(pkg-config --libs ...)
 * Seeds: the messages in tests/data/mail.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
die(const char *what, const char *s)
{
	fprintf(stderr, "fuzz-mail: %s: '%s'\n", what, s ? s : "(null)");
	abort();
}

/* Valid UTF-8 with no C0, DEL or C1 controls, nor U+2028 or U+2029. */
static void
check_line(const char *what, const char *s)
{
	const unsigned char *p;

	if (!crm_text_valid(s, strlen(s)))
		die(what, s);
	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f ||
		    (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0) ||
		    (p[0] == 0xe2 && p[1] == 0x80 &&
		     (p[2] == 0xa8 || p[2] == 0xa9)))
			die(what, s);
}

/* A display name or subject: also trimmed, one space at a time, not empty. */
static void
check_text(const char *what, const char *s)
{
	size_t n;

	if (!s)
		return;
	check_line(what, s);
	n = strlen(s);
	if (!n || s[0] == ' ' || s[n - 1] == ' ' || strstr(s, "  "))
		die(what, s);
}

static void
check_addr(const struct crm_mail_addr *a)
{
	const char *at;

	if (!a->addr)
		die("address missing", a->name);
	check_line("address", a->addr);
	at = strrchr(a->addr, '@');
	if (!at || at == a->addr || !at[1])
		die("address without local part or domain", a->addr);
	for (at++; *at; at++)
		if (*at >= 'A' && *at <= 'Z')
			die("domain not lowercased", a->addr);
	check_text("name", a->name);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crm_mail *m = (struct crm_mail *)&m;
	FILE *fp;
	size_t i;
	int rc;

	if (!size)
		return 0;
	fp = fmemopen((void *)data, size, "r");
	if (!fp)
		abort();
	rc = crm_mail_parse(&m, fp, "fuzz.eml");
	if (rc == 0 && getc(fp) != EOF)
		die("body not read to the end", NULL);
	fclose(fp);
	if (rc != 0) {
		if (rc != CRM_EDATA || m)
			die("unexpected failure", crm_err_msg());
		if (strncmp(crm_err_msg(), "fuzz.eml", 8) != 0)
			die("message without the name", crm_err_msg());
		return 0;
	}
	check_addr(&m->from);
	for (i = 0; i < m->nto; i++)
		check_addr(&m->to[i]);
	check_text("subject", m->subject);
	if (m->message_id) {
		check_line("message id", m->message_id);
		if (!*m->message_id || strchr(m->message_id, ' '))
			die("message id", m->message_id);
	}
	if (m->has_date &&
	    (m->date < -62135596800LL || m->date > 253402300799LL))
		die("date out of range", NULL);
	crm_mail_free(m);
	return 0;
}
