/*
 * money.c: exact amounts.  Amounts are decimal text in the files and
 * integer minor units (cents) in arithmetic, so that sums never round.
 * The number of decimals comes from the currency's ISO 4217 minor units.
 * Parsing reads the digits itself rather than through strtod(3), which
 * would round, or strtoll(3), which would take spaces and the locale's
 * conventions.
 */
#include <assert.h>
#include <inttypes.h>
#include <string.h>

#include "crm.h"
#include "internal.h"

/*
 * The limit on exp: 10^18 is the largest power of ten that an int64_t
 * holds, and no currency has more than 4 decimals.
 */
#define MAX_EXP 18

/* ISO 4217 currencies whose minor unit is not 2 decimals. */
static const struct {
	const char *code;
	int exp;
} exponents[] = {
	{ "BIF", 0 }, { "CLP", 0 }, { "DJF", 0 }, { "GNF", 0 }, { "ISK", 0 },
	{ "JPY", 0 }, { "KMF", 0 }, { "KRW", 0 }, { "PYG", 0 }, { "RWF", 0 },
	{ "UGX", 0 }, { "UYI", 0 }, { "VND", 0 }, { "VUV", 0 }, { "XAF", 0 },
	{ "XOF", 0 }, { "XPF", 0 },
	{ "BHD", 3 }, { "IQD", 3 }, { "JOD", 3 }, { "KWD", 3 }, { "LYD", 3 },
	{ "OMR", 3 }, { "TND", 3 },
	{ "CLF", 4 }, { "UYW", 4 },
};

/* ASCII only: strcasecmp(3) follows the locale (Turkish dotless i). */
static int
code_eq(const char *code, const char *s)
{
	size_t i;

	for (i = 0; code[i]; i++) {
		char c = s[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c != code[i])
			return 0;
	}
	return s[i] == '\0';
}

int
crm_money_exponent(const char *currency)
{
	size_t i;

	if (!currency)
		return 2;
	for (i = 0; i < sizeof(exponents) / sizeof(exponents[0]); i++)
		if (code_eq(exponents[i].code, currency))
			return exponents[i].exp;
	return 2;
}

/*
 * mag = mag * 10 + digit; sets *big instead when that would pass limit,
 * so that the caller can finish checking the syntax first.
 */
static void
push_digit(uint64_t *mag, int digit, uint64_t limit, int *big)
{
	if (*big || *mag > (limit - (uint64_t)digit) / 10)
		*big = 1;
	else
		*mag = *mag * 10 + (uint64_t)digit;
}

int
crm_money_parse(int64_t *out, const char *s, int exp)
{
	const char *p = s;
	uint64_t mag = 0, limit;
	int neg = 0, ndigits = 0, nfrac = 0, excess = 0, big = 0;

	assert(out && s && exp >= 0 && exp <= MAX_EXP);
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	/* -INT64_MIN does not fit an int64_t, but its magnitude is allowed. */
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; *p >= '0' && *p <= '9'; p++, ndigits++)
		push_digit(&mag, *p - '0', limit, &big);
	if (*p == '.') {
		/* ".5" is 0.5, but "5." is more likely a cut than a number. */
		if (p[1] < '0' || p[1] > '9')
			goto invalid;
		for (p++; *p >= '0' && *p <= '9'; p++, ndigits++) {
			/* "1.2300" is 1.23: zeros past exp add nothing. */
			if (nfrac == exp) {
				excess |= *p != '0';
				continue;
			}
			push_digit(&mag, *p - '0', limit, &big);
			nfrac++;
		}
	}
	if (*p || !ndigits)
		goto invalid;
	if (excess)
		return crm_err_set(CRM_EDATA,
				   "too many decimals in '%s' for a currency with %d",
				   s, exp);
	for (; nfrac < exp; nfrac++)
		push_digit(&mag, 0, limit, &big);
	if (big)
		return crm_err_set(CRM_EDATA, "invalid amount '%s': too large",
				   s);
	if (!neg)
		*out = (int64_t)mag;
	else if (mag == 0)
		*out = 0;
	else
		/* Written so that a magnitude of 2^63 gives INT64_MIN. */
		*out = -(int64_t)(mag - 1) - 1;
	return 0;

invalid:
	return crm_err_set(CRM_EDATA,
			   "invalid amount '%s': expected digits with an optional sign and decimal point, like -12.30",
			   s);
}

void
crm_money_format(struct crm_buf *out, int64_t minor, int exp)
{
	uint64_t mag, scale = 1;
	int i;

	assert(exp >= 0 && exp <= MAX_EXP);
	/* Negating INT64_MIN would overflow; its magnitude fits a uint64_t. */
	mag = minor < 0 ? (uint64_t)-(minor + 1) + 1 : (uint64_t)minor;
	for (i = 0; i < exp; i++)
		scale *= 10;
	crm_buf_addf(out, "%s%" PRIu64, minor < 0 ? "-" : "", mag / scale);
	if (exp)
		crm_buf_addf(out, ".%0*" PRIu64, exp, mag % scale);
}
