/*
 * date.c: the dates of records and of the command line.  Parses ISO 8601
 * days and times, "now", "today", "yesterday", "tomorrow" and offsets such
 * as -30d or +4h into UTC seconds, and writes them back in one canonical
 * form.  Calendar arithmetic is our own (Howard Hinnant's days_from_civil
 * and civil_from_days) rather than timegm(3) or mktime(3), so that results
 * depend neither on TZ nor on the locale that cron and CI run in.  Days
 * are UTC days, stored as UTC midnight, so that "2026-11-02" reads and
 * writes the same whatever the machine's time zone.
 */
#include <assert.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crm.h"
#include "internal.h"

#define DAY 86400

/* Reasons parse_iso and parse_relative fail, told apart for the message. */
enum {
	BAD_SYNTAX = 1,
	BAD_DAY,	/* the day is past the end of its month */
	BAD_RANGE,	/* outside the years 0001 to 9999 */
};

static int
is_leap(int64_t y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int
month_days(int64_t y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* The day of t, rounding down so that times before 1970 work too. */
static int64_t
day_of(int64_t t)
{
	return t / DAY - (t % DAY < 0);
}

static int64_t
min_time(void)
{
	return days_from_civil(1, 1, 1) * DAY;
}

static int64_t
max_time(void)
{
	return days_from_civil(9999, 12, 31) * DAY + DAY - 1;
}

static int
in_range(int64_t t)
{
	return t >= min_time() && t <= max_time();
}

/*
 * Reads exactly n ASCII digits; isdigit(3) would depend on the locale and
 * strtol(3) would take signs and spaces.
 */
static int
digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* Reads "+HH:MM", "+HHMM", "-HH:MM" or "-HHMM", which must end s. */
static int
parse_offset(const char *s, int64_t *off)
{
	int sign = *s == '-' ? -1 : 1, hh, mm;

	s++;
	if (digits(s, 2, &hh) < 0)
		return BAD_SYNTAX;
	s += 2;
	if (*s == ':')
		s++;
	if (digits(s, 2, &mm) < 0 || s[2] || hh > 23 || mm > 59)
		return BAD_SYNTAX;
	*off = sign * (int64_t)(hh * 3600 + mm * 60);
	return 0;
}

/*
 * Parses the absolute forms: "YYYY-MM-DD", or that followed by "T" or a
 * space and "HH:MM[:SS[.fff]]" with an optional "Z" or offset.  A time
 * without a zone is taken as UTC, not local time: the store writes UTC,
 * and cron and CI run in UTC, so this reads our own output back
 * unchanged whatever TZ says.  Fractions of a second are dropped.
 * Returns 0 or a BAD_* reason; sets no error message, so that crm_now and
 * crm_date_is_canonical can use it quietly.
 */
static int
parse_iso(struct crm_time *out, const char *s)
{
	int y, mo, d, h, mi, sec = 0, n;
	int64_t t, off = 0;

	if (digits(s, 4, &y) < 0 || s[4] != '-' ||
	    digits(s + 5, 2, &mo) < 0 || s[7] != '-' ||
	    digits(s + 8, 2, &d) < 0)
		return BAD_SYNTAX;
	if (y < 1 || mo < 1 || mo > 12 || d < 1)
		return BAD_SYNTAX;
	if (d > month_days(y, mo))
		return BAD_DAY;
	t = days_from_civil(y, mo, d) * DAY;
	s += 10;
	if (!*s) {
		out->t = t;
		out->date_only = 1;
		return 0;
	}
	if (*s != 'T' && *s != ' ')
		return BAD_SYNTAX;
	s++;
	if (digits(s, 2, &h) < 0 || s[2] != ':' || digits(s + 3, 2, &mi) < 0)
		return BAD_SYNTAX;
	s += 5;
	if (*s == ':') {
		if (digits(s + 1, 2, &sec) < 0)
			return BAD_SYNTAX;
		s += 3;
		if (*s == '.') {
			/* Up to nanoseconds, to keep the input bounded. */
			for (n = 0, s++; *s >= '0' && *s <= '9'; s++)
				n++;
			if (n < 1 || n > 9)
				return BAD_SYNTAX;
		}
	}
	/* A leap second (":60") cannot be told from the next second's :00. */
	if (h > 23 || mi > 59 || sec > 59)
		return BAD_SYNTAX;
	if (*s == 'Z') {
		if (s[1])
			return BAD_SYNTAX;
	} else if (*s == '+' || *s == '-') {
		if (parse_offset(s, &off))
			return BAD_SYNTAX;
	} else if (*s) {
		return BAD_SYNTAX;
	}
	t += h * 3600 + mi * 60 + sec - off;
	if (!in_range(t))
		return BAD_RANGE;
	out->t = t;
	out->date_only = 0;
	return 0;
}

/* Adds n calendar months to day, keeping the day of the month if it can. */
static int
add_months(int64_t *day, int64_t n)
{
	int64_t y, months;
	int m, d;

	civil_from_days(*day, &y, &m, &d);
	months = y * 12 + (m - 1) + n;
	y = months / 12 - (months % 12 < 0);
	m = (int)(months - y * 12) + 1;
	if (y < 1 || y > 9999)
		return BAD_RANGE;
	/* 2026-03-31 -1m is 2026-02-28, the last day of the shorter month. */
	if (d > month_days(y, m))
		d = month_days(y, m);
	*day = days_from_civil(y, m, d);
	return 0;
}

/* Parses "[+-]N(d|w|m|y|h)" from now. */
static int
parse_relative(struct crm_time *out, const char *s, int64_t now)
{
	/*
	 * Any offset past these limits leaves the years 0001 to 9999 from
	 * any now inside them; stopping there keeps the sums from
	 * overflowing.
	 */
	const int64_t max_days = 10000LL * 366, max_months = 10000LL * 12;
	int64_t n = 0, day;
	int neg = *s == '-', rc;

	if (*s != '+' && *s != '-')
		return BAD_SYNTAX;
	s++;
	if (*s < '0' || *s > '9')
		return BAD_SYNTAX;
	for (; *s >= '0' && *s <= '9'; s++)
		if (n <= max_days * 24)
			n = n * 10 + (*s - '0');
	if (!*s || s[1])
		return BAD_SYNTAX;
	if (neg)
		n = -n;
	if (!in_range(now))
		return BAD_RANGE;
	day = day_of(now);
	switch (*s) {
	case 'h':
		if (llabs(n) > max_days * 24)
			return BAD_RANGE;
		out->t = now + n * 3600;
		out->date_only = 0;
		return in_range(out->t) ? 0 : BAD_RANGE;
	case 'd':
	case 'w':
		if (llabs(n) > max_days)
			return BAD_RANGE;
		day += *s == 'w' ? n * 7 : n;
		break;
	case 'm':
	case 'y':
		if (llabs(n) > max_months)
			return BAD_RANGE;
		if ((rc = add_months(&day, *s == 'y' ? n * 12 : n)))
			return rc;
		break;
	default:
		return BAD_SYNTAX;
	}
	out->t = day * DAY;
	out->date_only = 1;
	return in_range(out->t) ? 0 : BAD_RANGE;
}

#define NOT_A_DAY 2

/* The shift in days of "yesterday", "today" and "tomorrow". */
static int
day_word(const char *s)
{
	if (!strcmp(s, "yesterday"))
		return -1;
	if (!strcmp(s, "today"))
		return 0;
	if (!strcmp(s, "tomorrow"))
		return 1;
	return NOT_A_DAY;
}

int64_t
crm_now(void)
{
	const char *s = getenv("CRM_NOW");
	struct crm_time t;

	/*
	 * A CRM_NOW that does not parse is ignored rather than reported:
	 * this function has no error to return (see crm.h).
	 */
	if (s && !parse_iso(&t, s))
		return t.t;
	return (int64_t)time(NULL);
}

int
crm_date_parse(struct crm_time *out, const char *s, int64_t now)
{
	struct crm_time t;
	int rc, y, m, shift;

	assert(out && s);
	if (!strcmp(s, "now")) {
		t.t = now;
		t.date_only = 0;
		rc = in_range(now) ? 0 : BAD_RANGE;
	} else if ((shift = day_word(s)) != NOT_A_DAY) {
		/* now first: a day of a huge now times DAY would overflow. */
		rc = BAD_RANGE;
		if (in_range(now)) {
			t.t = (day_of(now) + shift) * DAY;
			t.date_only = 1;
			rc = in_range(t.t) ? 0 : BAD_RANGE;
		}
	} else if (*s == '+' || *s == '-') {
		rc = parse_relative(&t, s, now);
	} else {
		rc = parse_iso(&t, s);
	}
	switch (rc) {
	case 0:
		*out = t;
		return 0;
	case BAD_DAY:
		/* parse_iso has checked the digits. */
		digits(s, 4, &y);
		digits(s + 5, 2, &m);
		return crm_err_set(CRM_EDATA,
				   "invalid date '%s': %04d-%02d has %d days",
				   s, y, m, month_days(y, m));
	case BAD_RANGE:
		return crm_err_set(CRM_EDATA,
				   "invalid date '%s': outside the years 0001 to 9999",
				   s);
	default:
		return crm_err_set(CRM_EDATA,
				   "invalid date '%s': expected YYYY-MM-DD[THH:MM[:SS][Z|+HH:MM]], "
				   "now, today, yesterday, tomorrow or an offset like -30d",
				   s);
	}
}

void
crm_date_format(struct crm_buf *out, const struct crm_time *t)
{
	/* Not t - day * DAY, which overflows for t near INT64_MIN. */
	int64_t secs = (t->t % DAY + DAY) % DAY, y;
	int m, d;

	civil_from_days(day_of(t->t), &y, &m, &d);
	if (y < 0 || y > 9999) {
		crm_buf_addf(out, "%04" PRId64 "-%02d-%02d", y, m, d);
	} else {
		/* on the hot path of imports: no printf */
		char b[20] = "0000-00-00T00:00:00Z";
		int h = (int)(secs / 3600), mi = (int)(secs / 60 % 60),
		    se = (int)(secs % 60);

		b[0] = (char)('0' + y / 1000);
		b[1] = (char)('0' + y / 100 % 10);
		b[2] = (char)('0' + y / 10 % 10);
		b[3] = (char)('0' + y % 10);
		b[5] = (char)('0' + m / 10);
		b[6] = (char)('0' + m % 10);
		b[8] = (char)('0' + d / 10);
		b[9] = (char)('0' + d % 10);
		if (t->date_only) {
			crm_buf_add(out, b, 10);
			return;
		}
		b[11] = (char)('0' + h / 10);
		b[12] = (char)('0' + h % 10);
		b[14] = (char)('0' + mi / 10);
		b[15] = (char)('0' + mi % 10);
		b[17] = (char)('0' + se / 10);
		b[18] = (char)('0' + se % 10);
		crm_buf_add(out, b, 20);
		return;
	}
	if (!t->date_only)
		crm_buf_addf(out, "T%02d:%02d:%02dZ", (int)(secs / 3600),
			     (int)(secs / 60 % 60), (int)(secs % 60));
}

int
crm_date_is_canonical(const char *s)
{
	struct crm_buf b = CRM_BUF_INIT;
	struct crm_time t;
	int ok;

	assert(s);
	/* Parsing then writing back is the definition of canonical. */
	if (parse_iso(&t, s))
		return 0;
	crm_date_format(&b, &t);
	ok = !strcmp(crm_buf_str(&b), s);
	crm_buf_release(&b);
	return ok;
}
