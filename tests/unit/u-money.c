/*
 * u-money.c: unit tests of money.c: the ISO 4217 minor units, exact
 * parsing into minor units with its refusals (syntax, excess decimals,
 * int64 overflow at both ends), formatting including INT64_MIN, and
 * round trips.
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

static char *
fmt(int64_t minor, int exp)
{
	struct crm_buf b = CRM_BUF_INIT;

	crm_money_format(&b, minor, exp);
	return crm_buf_detach(&b);
}

#define ASSERT_FMT(minor, exp, expect) do { \
	char *got_ = fmt((minor), (exp)); \
	assert_string_equal(got_, (expect)); \
	free(got_); \
} while (0)

/*
 * s must be refused with CRM_EDATA, leave *out alone, and give exactly
 * the message want.
 */
static void
assert_bad(const char *s, int exp, const char *want)
{
	int64_t v = 777;

	crm_err_clear();
	if (crm_money_parse(&v, s, exp) != CRM_EDATA)
		fail_msg("'%s' (exp %d) was accepted as %lld", s, exp,
			 (long long)v);
	assert_int_equal(crm_err_code(), CRM_EDATA);
	assert_int_equal(v, 777);
	if (strcmp(crm_err_msg(), want) != 0)
		fail_msg("'%s' (exp %d): message '%s', want '%s'", s, exp,
			 crm_err_msg(), want);
}

static void
assert_invalid(const char *s, int exp)
{
	struct crm_buf want = CRM_BUF_INIT;

	crm_buf_addf(&want, "invalid amount '%s': expected digits with an "
		     "optional sign and decimal point, like -12.30", s);
	assert_bad(s, exp, want.buf);
	crm_buf_release(&want);
}

static void
test_money__exponent(void **state)
{
	static const char *const zero[] = {
		"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG",
		"RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
	};
	static const char *const three[] = {
		"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND",
	};
	size_t i;

	for (i = 0; i < N(zero); i++)
		assert_int_equal(crm_money_exponent(zero[i]), 0);
	for (i = 0; i < N(three); i++)
		assert_int_equal(crm_money_exponent(three[i]), 3);
	assert_int_equal(crm_money_exponent("CLF"), 4);
	assert_int_equal(crm_money_exponent("UYW"), 4);
	assert_int_equal(crm_money_exponent("EUR"), 2);
	assert_int_equal(crm_money_exponent("USD"), 2);
	/* Any case. */
	assert_int_equal(crm_money_exponent("jpy"), 0);
	assert_int_equal(crm_money_exponent("Jpy"), 0);
	assert_int_equal(crm_money_exponent("kwD"), 3);
	assert_int_equal(crm_money_exponent("clf"), 4);
	/* Unknown, partial or longer codes are 2. */
	assert_int_equal(crm_money_exponent(NULL), 2);
	assert_int_equal(crm_money_exponent(""), 2);
	assert_int_equal(crm_money_exponent("XYZ"), 2);
	assert_int_equal(crm_money_exponent("JP"), 2);
	assert_int_equal(crm_money_exponent("JPYY"), 2);
	assert_int_equal(crm_money_exponent(" JPY"), 2);
	assert_int_equal(crm_money_exponent("JPY "), 2);
}

static void
test_money__parse(void **state)
{
	static const struct {
		const char *s;
		int exp;
		int64_t want;
	} ok[] = {
		{ "480", 2, 48000 }, { "480.5", 2, 48050 },
		{ "480.50", 2, 48050 }, { "-12.30", 2, -1230 },
		{ "+12.3", 2, 1230 }, { "480", 0, 480 }, { "0", 2, 0 },
		{ "-0", 2, 0 }, { "-0.00", 2, 0 }, { "0.01", 2, 1 },
		{ "-0.05", 2, -5 }, { ".5", 2, 50 }, { "-.5", 2, -50 },
		{ "+.05", 2, 5 }, { "007", 2, 700 }, { "1.2300", 2, 123 },
		{ "1.000000000000000000000000000", 2, 100 },
		{ "1.0", 0, 1 }, { "-3.000", 0, -3 }, { "1.5", 3, 1500 },
		{ "1.234", 3, 1234 }, { "0.0001", 4, 1 },
		{ "12", 4, 120000 },
		{ "000000000000000000000000000001", 0, 1 },
		{ "9223372036854775807", 0, INT64_MAX },
		{ "-9223372036854775808", 0, INT64_MIN },
		{ "92233720368547758.07", 2, INT64_MAX },
		{ "-92233720368547758.08", 2, INT64_MIN },
		{ "-92233720368547758.0800", 2, INT64_MIN },
		{ "92233720368547758", 2, 9223372036854775800LL },
		{ "9.223372036854775807", 18, INT64_MAX },
		{ "0.000000000000000001", 18, 1 },
	};
	size_t i;

	for (i = 0; i < N(ok); i++) {
		int64_t v = 777;

		if (crm_money_parse(&v, ok[i].s, ok[i].exp) != 0)
			fail_msg("'%s' (exp %d): %s", ok[i].s, ok[i].exp,
				 crm_err_msg());
		if (v != ok[i].want)
			fail_msg("'%s' (exp %d): got %lld, want %lld",
				 ok[i].s, ok[i].exp, (long long)v,
				 (long long)ok[i].want);
	}
}

static void
test_money__bad_syntax(void **state)
{
	static const char *const bad[] = {
		"", "-", "+", ".", "-.", "+.", "1.", "-1.", "1..5", "1.2.3",
		" 1", "1 ", "1 000", "1,000", "1,5", "1_000", "1'000", "1e5",
		"1E5", "0x10", "--1", "+-1", "-+1", "- 1", "1-", "12.3-",
		"abc", "12abc", "NaN", "inf", "\xd9\xa1", "１", "1.5\n",
		"$5", "5 EUR", "1.2345x",
	};
	size_t i;

	for (i = 0; i < N(bad); i++)
		assert_invalid(bad[i], 2);
	assert_invalid("1.", 0);
	assert_invalid(".", 0);
	/* The syntax is reported before the size or the decimals. */
	assert_invalid("99999999999999999999x", 2);
	assert_invalid("1.234x", 2);
}

static void
test_money__decimals(void **state)
{
	assert_bad("1.234", 2,
		   "too many decimals in '1.234' for a currency with 2");
	assert_bad("1.5", 0, "too many decimals in '1.5' for a currency with 0");
	assert_bad("0.05", 0,
		   "too many decimals in '0.05' for a currency with 0");
	assert_bad("1.2301", 2,
		   "too many decimals in '1.2301' for a currency with 2");
	assert_bad("1.23000000001", 2,
		   "too many decimals in '1.23000000001' for a currency with 2");
	assert_bad("-0.001", 2,
		   "too many decimals in '-0.001' for a currency with 2");
	assert_bad("1.00005", 4,
		   "too many decimals in '1.00005' for a currency with 4");
}

static void
test_money__overflow(void **state)
{
	static const struct {
		const char *s;
		int exp;
	} big[] = {
		{ "9223372036854775808", 0 },
		{ "-9223372036854775809", 0 },
		{ "92233720368547758.08", 2 },
		{ "-92233720368547758.09", 2 },
		{ "92233720368547759", 2 },
		{ "92233720368547758.1", 2 },
		{ "18446744073709551616", 0 },
		{ "-18446744073709551616", 0 },
		{ "99999999999999999999999999999999999999", 2 },
		{ "10", 18 },
		{ "9.223372036854775808", 18 },
	};
	struct crm_buf want = CRM_BUF_INIT;
	size_t i;

	for (i = 0; i < N(big); i++) {
		crm_buf_reset(&want);
		crm_buf_addf(&want, "invalid amount '%s': too large", big[i].s);
		assert_bad(big[i].s, big[i].exp, want.buf);
	}
	crm_buf_release(&want);
}

static void
test_money__format(void **state)
{
	struct crm_buf b = CRM_BUF_INIT;

	ASSERT_FMT(48050, 2, "480.50");
	ASSERT_FMT(48000, 2, "480.00");
	ASSERT_FMT(-1230, 2, "-12.30");
	ASSERT_FMT(-5, 2, "-0.05");
	ASSERT_FMT(5, 2, "0.05");
	ASSERT_FMT(0, 2, "0.00");
	ASSERT_FMT(-100, 2, "-1.00");
	ASSERT_FMT(480, 0, "480");
	ASSERT_FMT(-480, 0, "-480");
	ASSERT_FMT(0, 0, "0");
	ASSERT_FMT(1, 3, "0.001");
	ASSERT_FMT(-1234, 3, "-1.234");
	ASSERT_FMT(1, 4, "0.0001");
	ASSERT_FMT(INT64_MAX, 0, "9223372036854775807");
	ASSERT_FMT(INT64_MIN, 0, "-9223372036854775808");
	ASSERT_FMT(INT64_MAX, 2, "92233720368547758.07");
	ASSERT_FMT(INT64_MIN, 2, "-92233720368547758.08");
	ASSERT_FMT(INT64_MIN + 1, 2, "-92233720368547758.07");
	ASSERT_FMT(INT64_MIN, 18, "-9.223372036854775808");
	ASSERT_FMT(1, 18, "0.000000000000000001");
	/* It appends. */
	crm_buf_adds(&b, "amount: ");
	crm_money_format(&b, 12000, 2);
	assert_string_equal(crm_buf_str(&b), "amount: 120.00");
	crm_buf_release(&b);
}

static void
test_money__round_trip(void **state)
{
	static const int64_t values[] = {
		0, 1, -1, 5, -5, 99, 100, -100, 48050, -1230, 123456789,
		-987654321012LL, INT64_MAX, INT64_MIN, INT64_MAX - 1,
		INT64_MIN + 1, 1000000000000000000LL,
	};
	size_t i;
	int exp;

	for (exp = 0; exp <= 18; exp++)
		for (i = 0; i < N(values); i++) {
			char *s = fmt(values[i], exp);
			int64_t v;

			if (crm_money_parse(&v, s, exp) != 0)
				fail_msg("'%s' (exp %d): %s", s, exp,
					 crm_err_msg());
			if (v != values[i])
				fail_msg("'%s' (exp %d) read back as %lld", s,
					 exp, (long long)v);
			free(s);
		}
	/* And text in the canonical form comes back unchanged. */
	{
		static const char *const text[] = {
			"480.50", "-12.30", "0.00", "-0.05", "1000000.01",
		};

		for (i = 0; i < N(text); i++) {
			int64_t v;
			char *s;

			assert_int_equal(crm_money_parse(&v, text[i], 2), 0);
			s = fmt(v, 2);
			assert_string_equal(s, text[i]);
			free(s);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money__exponent),
		cmocka_unit_test(test_money__parse),
		cmocka_unit_test(test_money__bad_syntax),
		cmocka_unit_test(test_money__decimals),
		cmocka_unit_test(test_money__overflow),
		cmocka_unit_test(test_money__format),
		cmocka_unit_test(test_money__round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
