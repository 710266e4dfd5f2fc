/*
 * u-date.c: unit tests of date.c: ISO 8601 parsing with its range checks,
 * the words and relative offsets against a fixed now, month clamping and
 * leap years, the canonical form, and $CRM_NOW.  The calendar is checked
 * day by day against gmtime_r(3), which is independent of TZ.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "crm.h"

/* 2026-11-02T14:03:00Z, a Monday, and other reference times. */
#define NOW 1793628180LL
#define DAY1 1793577600LL		/* 2026-11-02 */
#define MIN_T (-62135596800LL)		/* 0001-01-01T00:00:00Z */
#define MAX_T 253402300799LL		/* 9999-12-31T23:59:59Z */

/*
 * Parses s against now and returns what crm_date_format writes, with "+"
 * before it for a date_only result ("+2026-11-02" shows the flag), or
 * "error: " and the message.  The caller frees.
 */
static char *
parse_fmt(const char *s, int64_t now)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_time t;

	crm_err_clear();
	if (crm_date_parse(&t, s, now) < 0) {
		crm_buf_addf(&b, "error: %s", crm_err_msg());
		return crm_buf_detach(&b);
	}
	if (t.date_only)
		crm_buf_addc(&b, '+');
	crm_date_format(&b, &t);
	return crm_buf_detach(&b);
}

#define ASSERT_PARSE(s, now, expect) do { \
	char *got_ = parse_fmt((s), (now)); \
	assert_string_equal(got_, (expect)); \
	free(got_); \
} while (0)

/* Parses s and returns t, failing the test when s is refused. */
static int64_t
parse_t(const char *s, int64_t now)
{
	struct crm_time t;

	assert_int_equal(crm_date_parse(&t, s, now), 0);
	return t.t;
}

/*
 * s must be refused with CRM_EDATA, leave *out alone, and name s in the
 * message, with what in it too.
 */
static void
assert_bad(const char *s, const char *what)
{
	struct crm_buf want = CRM_BUF_INIT;
	struct crm_time t = { 12345, 7 };

	crm_err_clear();
	assert_int_equal(crm_date_parse(&t, s, NOW), CRM_EDATA);
	assert_int_equal(crm_err_code(), CRM_EDATA);
	assert_int_equal(t.t, 12345);
	assert_int_equal(t.date_only, 7);
	crm_buf_addf(&want, "invalid date '%s': ", s);
	if (strncmp(crm_err_msg(), want.buf, want.len) != 0)
		fail_msg("message for '%s' is '%s'", s, crm_err_msg());
	if (!strstr(crm_err_msg(), what))
		fail_msg("message for '%s' is '%s', lacks '%s'", s,
			 crm_err_msg(), what);
	crm_buf_release(&want);
}

static void
test_date__day(void **state)
{
	struct crm_time t;

	assert_int_equal(crm_date_parse(&t, "2026-11-02", NOW), 0);
	assert_int_equal(t.t, DAY1);
	assert_int_equal(t.date_only, 1);
	assert_int_equal(parse_t("1970-01-01", NOW), 0);
	assert_int_equal(parse_t("1969-12-31", NOW), -86400);
	assert_int_equal(parse_t("0001-01-01", NOW), MIN_T);
	assert_int_equal(parse_t("2024-02-29", NOW), 1709164800LL);
	ASSERT_PARSE("9999-12-31", NOW, "+9999-12-31");
}

static void
test_date__leap_days(void **state)
{
	ASSERT_PARSE("2024-02-29", NOW, "+2024-02-29");
	ASSERT_PARSE("2000-02-29", NOW, "+2000-02-29");
	ASSERT_PARSE("0004-02-29", NOW, "+0004-02-29");
	ASSERT_PARSE("2026-02-29", NOW,
		     "error: invalid date '2026-02-29': 2026-02 has 28 days");
	ASSERT_PARSE("1900-02-29", NOW,
		     "error: invalid date '1900-02-29': 1900-02 has 28 days");
	ASSERT_PARSE("2024-02-30", NOW,
		     "error: invalid date '2024-02-30': 2024-02 has 29 days");
	ASSERT_PARSE("2026-04-31", NOW,
		     "error: invalid date '2026-04-31': 2026-04 has 30 days");
	ASSERT_PARSE("2026-12-31", NOW, "+2026-12-31");
}

static void
test_date__time(void **state)
{
	struct crm_time t;

	assert_int_equal(crm_date_parse(&t, "2026-11-02T14:03:00Z", 0), 0);
	assert_int_equal(t.t, NOW);
	assert_int_equal(t.date_only, 0);
	/* No zone means UTC; the space form is the same time. */
	assert_int_equal(parse_t("2026-11-02T14:03:00", 0), NOW);
	assert_int_equal(parse_t("2026-11-02 14:03", 0), NOW);
	assert_int_equal(parse_t("2026-11-02T14:03Z", 0), NOW);
	assert_int_equal(parse_t("2026-11-02 14:03:00Z", 0), NOW);
	assert_int_equal(parse_t("2026-11-02T16:03:00+02:00", 0), NOW);
	assert_int_equal(parse_t("2026-11-02T16:03+0200", 0), NOW);
	assert_int_equal(parse_t("2026-11-02T09:33:00-04:30", 0), NOW);
	assert_int_equal(parse_t("2026-11-02T14:03:00-00:00", 0), NOW);
	/* Fractions are dropped, never rounded up to the next second. */
	assert_int_equal(parse_t("2026-11-02T14:03:00.999Z", 0), NOW);
	assert_int_equal(parse_t("2026-11-02T14:03:00.123456789+00:00", 0),
			 NOW);
	ASSERT_PARSE("2026-11-02T00:00:00Z", 0, "2026-11-02T00:00:00Z");
	ASSERT_PARSE("2026-11-02T23:59:59Z", 0, "2026-11-02T23:59:59Z");
	/* Offsets move the time across days, months and years. */
	ASSERT_PARSE("2026-11-02T00:30+01:00", 0, "2026-11-01T23:30:00Z");
	ASSERT_PARSE("2026-12-31T23:30-01:00", 0, "2027-01-01T00:30:00Z");
	ASSERT_PARSE("2024-03-01T00:00+00:01", 0, "2024-02-29T23:59:00Z");
	ASSERT_PARSE("1969-12-31T23:59:59Z", 0, "1969-12-31T23:59:59Z");
	ASSERT_PARSE("0001-01-01T00:00:00Z", 0, "0001-01-01T00:00:00Z");
	ASSERT_PARSE("9999-12-31T23:59:59Z", 0, "9999-12-31T23:59:59Z");
	ASSERT_PARSE("0001-01-01T00:30+00:30", 0, "0001-01-01T00:00:00Z");
}

static void
test_date__bad_syntax(void **state)
{
	static const char *const bad[] = {
		"", "2026", "2026-11", "26-11-02", "2026-1-02", "2026-11-2",
		"20261102", "2026/11/02", "2026-11-02x", "+2026-11-02",
		" 2026-11-02", "2026-11-02 ", "2026-11-02\n", "2026-11-02T",
		"2026-11-02T14", "2026-11-02T14:3", "2026-11-02T1403",
		"2026-11-02t14:03", "2026-11-02T14:03z", "2026-11-02  14:03",
		"2026-11-02T14:03:0", "2026-11-02T14:03.5",
		"2026-11-02T14:03:00.", "2026-11-02T14:03:00.1234567890Z",
		"2026-11-02T14:03:00,5", "2026-11-02T14:03:00ZZ",
		"2026-11-02T14:03:00Z ", "2026-11-02T14:03+02",
		"2026-11-02T14:03+2:00", "2026-11-02T14:03+02:0",
		"2026-11-02T14:03+02:00:00", "2026-11-02T14:03 +02:00",
		"2026-11-02T14:03UTC",
		"2026-13-01", "2026-00-10", "2026-11-00", "0000-01-01",
		"2026-11-02T24:00", "2026-11-02T12:60", "2026-11-02T23:59:60",
		"2026-11-02T12:00+24:00", "2026-11-02T12:00+01:60",
		"１２３４-01-01", "2026-11-0\xd9\xa2",
		"Today", "TODAY", "today ", " now", "nowx", "yesterday1",
		"30d", "-30", "-d", "+", "-", "+3x", "+3dd", "--3d", "+-3d",
		"+ 3d", "+3 d", "+3D", "-1.5d", "-0x10d", "-30d ", "+3s",
		"+3M",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_bad(bad[i], "expected YYYY-MM-DD");
}

static void
test_date__message(void **state)
{
	ASSERT_PARSE("2026-13-01", NOW,
		     "error: invalid date '2026-13-01': expected "
		     "YYYY-MM-DD[THH:MM[:SS][Z|+HH:MM]], now, today, "
		     "yesterday, tomorrow or an offset like -30d");
}

static void
test_date__out_of_range(void **state)
{
	static const char *const bad[] = {
		"0001-01-01T00:00+00:01", "0001-01-01T00:59:59+01:00",
		"9999-12-31T23:59:59-00:01", "9999-12-31T23:30-01:00",
		"+7974y", "-2026y", "+95928m", "+3660000d", "+522858w",
		"+70000000h", "-24311m",
		/* Huge counts must not overflow on the way. */
		"+99999999999999999999999999999999d",
		"-9223372036854775808d", "+9223372036854775807w",
		"-9223372036854775808m", "+9223372036854775807y",
		"+9223372036854775807h", "-18446744073709551616h",
		"+153722867280912930d",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_bad(bad[i], "outside the years 0001 to 9999");
	/* The edges themselves are fine. */
	ASSERT_PARSE("+7973y", NOW, "+9999-11-02");
	ASSERT_PARSE("-2025y", NOW, "+0001-11-02");
	ASSERT_PARSE("-24310m", NOW, "+0001-01-02");
	/* A now outside the years gives no day either. */
	{
		struct crm_time t;

		assert_int_equal(crm_date_parse(&t, "today", MAX_T + 1),
				 CRM_EDATA);
		assert_int_equal(crm_date_parse(&t, "-1d", INT64_MAX),
				 CRM_EDATA);
		assert_int_equal(crm_date_parse(&t, "+1h", INT64_MIN),
				 CRM_EDATA);
		assert_int_equal(crm_date_parse(&t, "now", INT64_MIN),
				 CRM_EDATA);
		assert_int_equal(crm_date_parse(&t, "today", INT64_MIN),
				 CRM_EDATA);
		assert_int_equal(crm_date_parse(&t, "tomorrow", INT64_MAX),
				 CRM_EDATA);
		assert_int_equal(crm_date_parse(&t, "-1y", INT64_MIN),
				 CRM_EDATA);
		assert_int_equal(crm_date_parse(&t, "tomorrow", MAX_T),
				 CRM_EDATA);
		assert_int_equal(crm_date_parse(&t, "yesterday", MIN_T),
				 CRM_EDATA);
		assert_int_equal(crm_date_parse(&t, "today", MIN_T), 0);
		assert_int_equal(t.t, MIN_T);
	}
}

static void
test_date__words(void **state)
{
	struct crm_time t;

	assert_int_equal(crm_date_parse(&t, "now", NOW), 0);
	assert_int_equal(t.t, NOW);
	assert_int_equal(t.date_only, 0);
	assert_int_equal(crm_date_parse(&t, "today", NOW), 0);
	assert_int_equal(t.t, DAY1);
	assert_int_equal(t.date_only, 1);
	ASSERT_PARSE("now", NOW, "2026-11-02T14:03:00Z");
	ASSERT_PARSE("today", NOW, "+2026-11-02");
	ASSERT_PARSE("yesterday", NOW, "+2026-11-01");
	ASSERT_PARSE("tomorrow", NOW, "+2026-11-03");
	/* Across the ends of months and years, and at midnight. */
	ASSERT_PARSE("tomorrow", 1798761599LL, "+2027-01-01");
	ASSERT_PARSE("today", 1798761599LL, "+2026-12-31");
	ASSERT_PARSE("yesterday", DAY1, "+2026-11-01");
	ASSERT_PARSE("today", DAY1, "+2026-11-02");
	ASSERT_PARSE("yesterday", 0, "+1969-12-31");
	/* Before 1970 the day still rounds down, not towards zero. */
	ASSERT_PARSE("today", -43200, "+1969-12-31");
	ASSERT_PARSE("today", -1, "+1969-12-31");
	ASSERT_PARSE("today", -86400, "+1969-12-31");
	ASSERT_PARSE("today", -86401, "+1969-12-30");
}

static void
test_date__relative(void **state)
{
	struct crm_time t;

	assert_int_equal(crm_date_parse(&t, "-30d", NOW), 0);
	assert_int_equal(t.date_only, 1);
	assert_int_equal(t.t, DAY1 - 30 * 86400);
	ASSERT_PARSE("-30d", NOW, "+2026-10-03");
	ASSERT_PARSE("+30d", NOW, "+2026-12-02");
	ASSERT_PARSE("+2w", NOW, "+2026-11-16");
	ASSERT_PARSE("-1w", NOW, "+2026-10-26");
	ASSERT_PARSE("-6m", NOW, "+2026-05-02");
	ASSERT_PARSE("+2m", NOW, "+2027-01-02");
	ASSERT_PARSE("-11m", NOW, "+2025-12-02");
	ASSERT_PARSE("-13m", NOW, "+2025-10-02");
	ASSERT_PARSE("-1y", NOW, "+2025-11-02");
	ASSERT_PARSE("+12m", NOW, "+2027-11-02");
	ASSERT_PARSE("-0d", NOW, "+2026-11-02");
	ASSERT_PARSE("+0y", NOW, "+2026-11-02");
	ASSERT_PARSE("+007d", NOW, "+2026-11-09");
	ASSERT_PARSE("+365d", NOW, "+2027-11-02");
	/* Hours keep the time of day and give a time. */
	assert_int_equal(crm_date_parse(&t, "+4h", NOW), 0);
	assert_int_equal(t.date_only, 0);
	assert_int_equal(t.t, NOW + 4 * 3600);
	ASSERT_PARSE("+4h", NOW, "2026-11-02T18:03:00Z");
	ASSERT_PARSE("-15h", NOW, "2026-11-01T23:03:00Z");
	ASSERT_PARSE("+0h", NOW, "2026-11-02T14:03:00Z");
	ASSERT_PARSE("+48h", NOW, "2026-11-04T14:03:00Z");
	/* Days count from the UTC day, late in the evening too. */
	ASSERT_PARSE("+1d", 1798761599LL, "+2027-01-01");
}

static void
test_date__month_clamping(void **state)
{
	int64_t mar31 = parse_t("2026-03-31T10:00Z", 0);
	int64_t leap = parse_t("2024-02-29T10:00Z", 0);

	ASSERT_PARSE("-1m", mar31, "+2026-02-28");
	ASSERT_PARSE("+1m", mar31, "+2026-04-30");
	ASSERT_PARSE("+2m", mar31, "+2026-05-31");
	ASSERT_PARSE("-2m", mar31, "+2026-01-31");
	ASSERT_PARSE("-25m", mar31, "+2024-02-29");
	ASSERT_PARSE("-1m", parse_t("2024-03-31", 0), "+2024-02-29");
	ASSERT_PARSE("+1m", parse_t("2026-01-31", 0), "+2026-02-28");
	ASSERT_PARSE("+1m", parse_t("2024-01-30", 0), "+2024-02-29");
	ASSERT_PARSE("+1y", leap, "+2025-02-28");
	ASSERT_PARSE("-1y", leap, "+2023-02-28");
	ASSERT_PARSE("+4y", leap, "+2028-02-29");
	ASSERT_PARSE("+76y", leap, "+2100-02-28");
	ASSERT_PARSE("-124y", leap, "+1900-02-28");
	ASSERT_PARSE("-24y", leap, "+2000-02-29");
	ASSERT_PARSE("+12m", leap, "+2025-02-28");
	ASSERT_PARSE("+1m", parse_t("2026-12-31", 0), "+2027-01-31");
	ASSERT_PARSE("-1m", parse_t("2027-01-15", 0), "+2026-12-15");
	ASSERT_PARSE("-1m", parse_t("1970-01-31T05:00Z", 0), "+1969-12-31");
}

static void
test_date__format(void **state)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_time t = { NOW, 0 };

	crm_buf_adds(&b, "at ");
	crm_date_format(&b, &t);
	assert_string_equal(crm_buf_str(&b), "at 2026-11-02T14:03:00Z");
	crm_buf_reset(&b);
	/* A day written from a time that is not midnight gives its day. */
	t.date_only = 1;
	crm_date_format(&b, &t);
	assert_string_equal(crm_buf_str(&b), "2026-11-02");
	crm_buf_reset(&b);
	t.t = -1;
	t.date_only = 0;
	crm_date_format(&b, &t);
	assert_string_equal(crm_buf_str(&b), "1969-12-31T23:59:59Z");
	crm_buf_reset(&b);
	t.t = -1;
	t.date_only = 1;
	crm_date_format(&b, &t);
	assert_string_equal(crm_buf_str(&b), "1969-12-31");
	crm_buf_reset(&b);
	/* Out of range values are written without undefined behaviour. */
	t.t = INT64_MIN;
	crm_date_format(&b, &t);
	crm_buf_reset(&b);
	t.t = INT64_MAX;
	t.date_only = 0;
	crm_date_format(&b, &t);
	crm_buf_release(&b);
}

static void
test_date__canonical(void **state)
{
	static const char *const yes[] = {
		"2026-11-02", "2026-11-02T14:03:00Z", "0001-01-01",
		"9999-12-31T23:59:59Z", "2024-02-29", "1969-12-31T23:59:59Z",
		"2026-11-02T00:00:00Z",
	};
	static const char *const no[] = {
		"", "today", "now", "-30d", "2026-11-02T14:03Z",
		"2026-11-02 14:03:00Z", "2026-11-02T14:03:00",
		"2026-11-02T14:03:00+00:00", "2026-11-02T16:03:00+02:00",
		"2026-11-02T14:03:00.0Z", "2026-02-29", "2026-13-01",
		"0000-01-01", "2026-11-02T24:00:00Z", " 2026-11-02",
		"2026-11-02 ", "2026-11-02t14:03:00z", "26-11-02",
	};
	size_t i;

	crm_err_clear();
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (crm_date_is_canonical(yes[i]) != 1)
			fail_msg("'%s' should be canonical", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (crm_date_is_canonical(no[i]) != 0)
			fail_msg("'%s' should not be canonical", no[i]);
	/* A question, not a failure: the last error stays untouched. */
	assert_string_equal(crm_err_msg(), "");
	assert_int_equal(crm_err_code(), 0);
}

/*
 * The calendar against gmtime_r: format, parse back, and the canonical
 * check, with a time of day that walks through the day.  Every day of
 * 1890 to 2210 (the centuries rules in 1900, 2000 and 2100), then every
 * 61st day to the ends of the range, to stay fast under the sanitizers.
 */
static void
test_date__calendar(void **state)
{
	struct crm_buf b = CRM_BUF_INIT, want = CRM_BUF_INIT;
	struct crm_time t, back;
	struct tm tm;
	const int64_t dense_from = -29219, dense_to = 87659;
	int64_t day, secs = 0;

	for (day = MIN_T / 86400; day <= MAX_T / 86400;
	     day += day >= dense_from && day <= dense_to ? 1 : 61) {
		time_t tt = (time_t)(day * 86400 + secs);

		assert_non_null(gmtime_r(&tt, &tm));
		crm_buf_reset(&want);
		crm_buf_addf(&want, "%04d-%02d-%02dT%02d:%02d:%02dZ",
			     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			     tm.tm_hour, tm.tm_min, tm.tm_sec);
		t.t = (int64_t)tt;
		t.date_only = 0;
		crm_buf_reset(&b);
		crm_date_format(&b, &t);
		if (strcmp(b.buf, want.buf) != 0)
			fail_msg("%lld: got %s, want %s", (long long)t.t,
				 b.buf, want.buf);
		assert_int_equal(crm_date_parse(&back, b.buf, 0), 0);
		assert_int_equal(back.t, t.t);
		assert_int_equal(back.date_only, 0);
		assert_int_equal(crm_date_is_canonical(b.buf), 1);
		/* The day alone, which must parse to its midnight. */
		b.buf[10] = '\0';
		assert_int_equal(crm_date_parse(&back, b.buf, 0), 0);
		assert_int_equal(back.t, day * 86400);
		assert_int_equal(back.date_only, 1);
		assert_int_equal(crm_date_is_canonical(b.buf), 1);
		secs = (secs + 7919) % 86400;
	}
	crm_buf_release(&b);
	crm_buf_release(&want);
}

static void
test_date__crm_now(void **state)
{
	/* Not absolute, or not a date: the clock. */
	static const char *const ignored[] = {
		"", "garbage", "today", "-1d", "2026-02-30", "2026-11-02 ",
	};
	int64_t clock;
	struct crm_time t;
	size_t i;

	assert_int_equal(setenv("CRM_NOW", "2026-11-02T14:03:00Z", 1), 0);
	assert_int_equal(crm_now(), NOW);
	assert_int_equal(crm_date_parse(&t, "yesterday", crm_now()), 0);
	assert_int_equal(t.t, DAY1 - 86400);
	assert_int_equal(setenv("CRM_NOW", "2026-11-02", 1), 0);
	assert_int_equal(crm_now(), DAY1);
	assert_int_equal(setenv("CRM_NOW", "2026-11-02 16:03+02:00", 1), 0);
	assert_int_equal(crm_now(), NOW);
	for (i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++) {
		assert_int_equal(setenv("CRM_NOW", ignored[i], 1), 0);
		clock = (int64_t)time(NULL);
		assert_in_range(crm_now(), clock - 5, clock + 5);
	}
	assert_int_equal(unsetenv("CRM_NOW"), 0);
	clock = (int64_t)time(NULL);
	assert_in_range(crm_now(), clock - 5, clock + 5);
}

static void
test_date__round_trip(void **state)
{
	static const char *const in[] = {
		"2026-11-02", "2026-11-02T14:03:00Z", "2024-02-29",
		"0001-01-01", "9999-12-31T23:59:59Z",
	};
	size_t i;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		char *got = parse_fmt(in[i], NOW);

		/* Skip the "+" date_only marker of parse_fmt. */
		assert_string_equal(got + (got[0] == '+'), in[i]);
		free(got);
	}
	ASSERT_PARSE("2026-11-02 14:03", NOW, "2026-11-02T14:03:00Z");
	ASSERT_PARSE("2026-11-02T15:03:07.5+01:00", NOW,
		     "2026-11-02T14:03:07Z");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date__day),
		cmocka_unit_test(test_date__leap_days),
		cmocka_unit_test(test_date__time),
		cmocka_unit_test(test_date__bad_syntax),
		cmocka_unit_test(test_date__message),
		cmocka_unit_test(test_date__out_of_range),
		cmocka_unit_test(test_date__words),
		cmocka_unit_test(test_date__relative),
		cmocka_unit_test(test_date__month_clamping),
		cmocka_unit_test(test_date__format),
		cmocka_unit_test(test_date__canonical),
		cmocka_unit_test(test_date__calendar),
		cmocka_unit_test(test_date__crm_now),
		cmocka_unit_test(test_date__round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
