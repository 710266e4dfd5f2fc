/*
 * u-idset.c: unit tests of the set of record ids in buf.c (an import's
 * check for ids given twice): each id added once, repeats found across
 * growth, the id of all zeros, ids that differ in one digit, and
 * agreement with the string set on many random ids.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crm.h"
#include "internal.h"

static void
test_idset__once(void **state)
{
	struct crm_idset *s = crm_idset_new();

	(void)state;
	assert_int_equal(crm_idset_add(s, "3f9a0c7d21e84b65"), 1);
	assert_int_equal(crm_idset_add(s, "3f9a0c7d21e84b65"), 0);
	assert_int_equal(crm_idset_add(s, "3f9a0c7d21e84b66"), 1);
	assert_int_equal(crm_idset_add(s, "0000000000000000"), 1);
	assert_int_equal(crm_idset_add(s, "0000000000000000"), 0);
	assert_int_equal(crm_idset_add(s, "0000000000000001"), 1);
	assert_int_equal(crm_idset_add(s, "ffffffffffffffff"), 1);
	assert_int_equal(crm_idset_add(s, "ffffffffffffffff"), 0);
	crm_idset_free(s);
}

/* Ids in a pattern a weak hash would pile up: every 1024th number. */
static void
test_idset__growth(void **state)
{
	struct crm_idset *s = crm_idset_new();
	char id[32];
	unsigned long long i;

	(void)state;
	for (i = 0; i < 200000; i++) {
		snprintf(id, sizeof(id), "%016llx", i << 10);
		assert_int_equal(crm_idset_add(s, id), 1);
	}
	for (i = 0; i < 200000; i += 997) {
		snprintf(id, sizeof(id), "%016llx", i << 10);
		assert_int_equal(crm_idset_add(s, id), 0);
		snprintf(id, sizeof(id), "%016llx", (i << 10) | 1);
		assert_int_equal(crm_idset_add(s, id), 1);
	}
	crm_idset_free(s);
}

/* The same answers as the string set, on random ids with repeats. */
static void
test_idset__like_strset(void **state)
{
	struct crm_idset *s = crm_idset_new();
	struct crm_strset *t = crm_strset_new();
	char id[32];
	int i;

	(void)state;
	srand(7);
	for (i = 0; i < 50000; i++) {
		/* a small range of ids, so that about half repeat */
		unsigned long long v = ((unsigned long long)(rand() % 40000) << 40) ^
				       0x5a5a5a5a5aULL;

		snprintf(id, sizeof(id), "%016llx", v);
		assert_int_equal(crm_idset_add(s, id), crm_strset_add(t, id));
	}
	crm_strset_free(t);
	crm_idset_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idset__once),
		cmocka_unit_test(test_idset__growth),
		cmocka_unit_test(test_idset__like_strset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
