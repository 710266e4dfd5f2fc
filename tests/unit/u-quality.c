/*
 * u-quality.c: unit tests of the checks crm-report quality makes on
 * contact data: which email addresses a mail server would take, and which
 * phone numbers are numbers (with their digits, for finding duplicates).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crm.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void
test_quality__email(void **state)
{
	static const char *const good[] = {
		"ann@x.example", "first.last+tag@sub.example.org",
		"o'brien@example.ie", "a@b.co", "ünïcode@bücher.example",
		"x@xn--bcher-kva.example", "a_b-c@1-2.example.com",
	};
	static const char *const bad[] = {
		"bob@example.c",	/* a one-letter top-level domain */
		"bob@example",		/* one label */
		"bob@127.0.0.1",	/* a number as top-level domain */
		".ann@x.example", "ann.@x.example", "a..b@x.example",
		"ann@-x.example", "ann@x-.example", "ann@x..example",
		"ann@x.example.", "@x.example", "ann@", "ann",
		"an(n)@x.example", "ann@x_y.example", "ann x@x.example",
	};
	char longlocal[80];
	size_t i;

	(void)state;
	for (i = 0; i < N(good); i++)
		if (!crm_email_plausible(good[i]))
			fail_msg("refused %s", good[i]);
	for (i = 0; i < N(bad); i++)
		if (crm_email_plausible(bad[i]))
			fail_msg("took %s", bad[i]);
	/* a local part of 65 characters is one too many */
	memset(longlocal, 'a', 65);
	strcpy(longlocal + 65, "@x.example");
	assert_false(crm_email_plausible(longlocal));
	strcpy(longlocal + 64, "@x.example");
	assert_true(crm_email_plausible(longlocal));
}

static void
test_quality__phone(void **state)
{
	static const struct {
		const char *in, *digits;
	} good[] = {
		{ "+33 1 23 45 67 89", "33123456789" },
		{ "01.23.45.67.89", "0123456789" },
		{ "+1 (555) 010-9999 ext. 12", "15550109999" },
		{ "555-0199 x7", "5550199" },
		{ "030/1234567", "0301234567" },
		{ "+999999999999999", "999999999999999" },
	};
	static const char *const bad[] = {
		"call me", "12345", "+1234567890123456", "555-0199 x",
		"555-0199 ext 12 later", "0800 FLOWERS", "", "+",
	};
	char d[32];
	size_t i;

	(void)state;
	for (i = 0; i < N(good); i++) {
		size_t n = crm_phone_digits(d, sizeof(d), good[i].in);

		if (!n)
			fail_msg("refused %s", good[i].in);
		assert_string_equal(d, good[i].digits);
		assert_int_equal(n, strlen(good[i].digits));
	}
	for (i = 0; i < N(bad); i++)
		if (crm_phone_digits(d, sizeof(d), bad[i]))
			fail_msg("took %s", bad[i]);
	/* a small buffer is cut, not overrun */
	assert_int_equal(crm_phone_digits(d, 4, "+33 1 23 45 67 89"), 11);
	assert_string_equal(d, "331");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quality__email),
		cmocka_unit_test(test_quality__phone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
