/*
 * normal.c: values as records keep them, whichever way they came in (the
 * command line, an import, a vCard): text in Unicode NFC, names and
 * other one-line fields trimmed with inner runs of blanks folded to one
 * space, emails trimmed, phone numbers in E.164 ("+33123456789") when
 * they read as one, with the store's own country (crm.yaml "country:")
 * for numbers written the national way.  A number that does not read as
 * one (an extension, letters, too few digits, a national number and no
 * country) is kept as written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crm.h"
#include "internal.h"

/*
 * Countries by ISO 3166 code: the calling code, and the trunk prefix
 * dialled before a national number at home ("0" in France, "8" in
 * Russia, none in Spain or Italy, where a leading 0 belongs to the
 * number; "1" for the North American plan).  Countries not listed here
 * only have their international numbers normalised.
 */
static const struct {
	char iso[3];
	char cc[4];
	char trunk[3];
} countries[] = {
	{ "AE", "971", "0" }, { "AL", "355", "0" }, { "AR", "54", "0" },
	{ "AT", "43", "0" }, { "AU", "61", "0" }, { "BA", "387", "0" },
	{ "BD", "880", "0" }, { "BE", "32", "0" }, { "BG", "359", "0" },
	{ "BR", "55", "0" }, { "BY", "375", "8" }, { "CA", "1", "1" },
	{ "CH", "41", "0" }, { "CN", "86", "0" }, { "CY", "357", "" },
	{ "CZ", "420", "" }, { "DE", "49", "0" }, { "DK", "45", "" },
	{ "DZ", "213", "0" }, { "EE", "372", "" }, { "EG", "20", "0" },
	{ "ES", "34", "" }, { "FI", "358", "0" }, { "FR", "33", "0" },
	{ "GB", "44", "0" }, { "GR", "30", "" }, { "HK", "852", "" },
	{ "HR", "385", "0" }, { "HU", "36", "06" }, { "ID", "62", "0" },
	{ "IE", "353", "0" }, { "IL", "972", "0" }, { "IN", "91", "0" },
	{ "IS", "354", "" }, { "IT", "39", "" }, { "JP", "81", "0" },
	{ "KE", "254", "0" }, { "KR", "82", "0" }, { "KZ", "7", "8" },
	{ "LU", "352", "" }, { "LV", "371", "" }, { "MA", "212", "0" },
	{ "MC", "377", "" }, { "MT", "356", "" }, { "MX", "52", "" },
	{ "MY", "60", "0" }, { "NG", "234", "0" }, { "NL", "31", "0" },
	{ "NO", "47", "" }, { "NZ", "64", "0" }, { "PE", "51", "0" },
	{ "PH", "63", "0" }, { "PK", "92", "0" }, { "PL", "48", "" },
	{ "PT", "351", "" }, { "RO", "40", "0" }, { "RS", "381", "0" },
	{ "RU", "7", "8" }, { "SA", "966", "0" }, { "SE", "46", "0" },
	{ "SG", "65", "" }, { "SI", "386", "0" }, { "SK", "421", "0" },
	{ "TH", "66", "0" }, { "TR", "90", "0" }, { "TW", "886", "0" },
	{ "UA", "380", "0" }, { "UK", "44", "0" }, { "US", "1", "1" },
	{ "VN", "84", "0" }, { "ZA", "27", "0" },
};

int
crm_phone_country_known(const char *iso)
{
	size_t i;

	for (i = 0; iso && i < sizeof(countries) / sizeof(*countries); i++)
		if (strcasecmp(iso, countries[i].iso) == 0)
			return 1;
	return 0;
}

int
crm_phone_e164(struct crm_buf *out, const char *s, const char *country)
{
	char d[32];
	size_t n = 0, i;
	int plus = 0, any = 0;
	const char *p;

	/* only digits, '+' first, and the separators people write */
	p = s + strspn(s, " \t");
	if (*p == '+') {
		plus = 1;
		p++;
	}
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n + 1 >= sizeof(d))
				return 0;
			d[n++] = *p;
			any = 1;
		} else if (*p == '(' && p[1] == '0' && p[2] == ')' && plus && any) {
			p += 2;	/* "+33 (0)1 …": the trunk 0 said at home */
		} else if (!strchr(" \t-./()", *p)) {
			return 0;	/* letters, an extension, a second '+' */
		}
	}
	d[n] = '\0';
	if (!plus && country) {
		for (i = 0; i < sizeof(countries) / sizeof(*countries); i++)
			if (strcasecmp(country, countries[i].iso) == 0)
				break;
		if (i == sizeof(countries) / sizeof(*countries))
			return 0;
		if (strcmp(countries[i].cc, "1") == 0 && strncmp(d, "011", 3) == 0) {
			memmove(d, d + 3, n - 2);	/* dialled abroad from America */
			n -= 3;
			plus = 1;
		} else if (strcmp(countries[i].cc, "1") != 0 && n > 2 &&
			   d[0] == '0' && d[1] == '0') {
			memmove(d, d + 2, n - 1);
			n -= 2;
			plus = 1;
		} else {
			size_t t = strlen(countries[i].trunk);
			char nat[32];

			if (strcmp(countries[i].cc, "1") == 0) {
				/* ten digits, or eleven after the 1 */
				if (n == 11 && d[0] == '1')
					memmove(d, d + 1, n--);
				if (n != 10)
					return 0;
			} else if (t && strncmp(d, countries[i].trunk, t) == 0) {
				memmove(d, d + t, n - t + 1);
				n -= t;
			} else if (t) {
				return 0;	/* a national number says its trunk */
			}
			if (n < 6)
				return 0;	/* a short or service number */
			snprintf(nat, sizeof(nat), "%s", d);
			n = (size_t)snprintf(d, sizeof(d), "%s%s", countries[i].cc, nat);
			if (n >= sizeof(d))
				return 0;
			plus = 1;
		}
	} else if (!plus && n > 2 && d[0] == '0' && d[1] == '0') {
		memmove(d, d + 2, n - 1);
		n -= 2;
		plus = 1;
	}
	/* E.164: a country code, then at most 15 digits in all */
	if (!plus || n < 8 || n > 15 || d[0] == '0')
		return 0;
	crm_buf_addc(out, '+');
	crm_buf_add(out, d, n);
	return 1;
}

/* s without blanks around it, inner runs of blanks as one space. */
static void
fold_blanks(struct crm_buf *out, const char *s)
{
	int gap = 0;

	for (s += strspn(s, " \t"); *s; s++) {
		if (*s == ' ' || *s == '\t') {
			gap = 1;
			continue;
		}
		if (gap)
			crm_buf_addc(out, ' ');
		gap = 0;
		crm_buf_addc(out, *s);
	}
}

/* Fields of one line whose blanks are never meant. */
static int
one_line(const char *k)
{
	static const char *const names[] = {
		"name", "title", "org", "city", "country", "owner", "domain",
		"industry", "contact", "stage", "currency", NULL,
	};

	return crm_str_in(k, names);
}

/* Whether old has value v (exactly) in field k: kept as it is. */
static int
kept(const struct crm_record *old, const char *k, const char *v)
{
	long i = old ? crm_record_find(old, k) : -1;
	size_t j;

	if (i < 0)
		return 0;
	for (j = 0; j < crm_record_nvalues(old, (size_t)i); j++)
		if (strcmp(crm_record_value(old, (size_t)i, j), v) == 0)
			return 1;
	return 0;
}

/* The value as kept: NFC, and what the field's kind of value asks. */
static void
normal_value(struct crm_buf *out, const char *k, const char *v,
	     const char *country)
{
	struct crm_buf t = CRM_BUF_INIT;

	crm_text_nfc(&t, v);
	if (strcmp(k, "phone") == 0) {
		crm_buf_reset(out);
		if (!crm_phone_e164(out, t.buf, country)) {
			crm_buf_reset(out);
			fold_blanks(out, t.buf);
		}
	} else if (strcmp(k, "email") == 0 || one_line(k)) {
		fold_blanks(out, t.buf);
	} else {
		crm_buf_adds(out, crm_buf_str(&t));
	}
	crm_buf_release(&t);
}

void
crm_record_normalise(struct crm_record *r, const struct crm_record *old,
		     const char *country)
{
	struct crm_buf b = CRM_BUF_INIT;
	size_t i, j, n;
	int resort = 0;

	for (i = 0; i < crm_record_nfields(r); i++) {
		const char *k = crm_record_key(r, i);
		int change = 0;

		if (!strcmp(k, "id") || !strcmp(k, "created") || !strcmp(k, "updated"))
			continue;
		n = crm_record_nvalues(r, i);
		for (j = 0; j < n && !change; j++) {
			const char *v = crm_record_value(r, i, j);

			if (crm_record_plain(r, i, j) || kept(old, k, v))
				continue;
			crm_buf_reset(&b);
			normal_value(&b, k, v, country);
			change = strcmp(crm_buf_str(&b), v) != 0;
		}
		if (!change)
			continue;
		if (!crm_record_is_list(r, i)) {
			crm_record_set(r, k, crm_buf_str(&b), 0);
			continue;
		}
		{
			/* the list again, each value as kept, without repeats */
			struct crm_record *tmp = crm_record_new(crm_record_kind(r));
			char *key = crm_xstrdup(k);
			long f;

			crm_record_set_list(tmp, key);
			for (j = 0; j < n; j++) {
				const char *v = crm_record_value(r, i, j);
				int plain = crm_record_plain(r, i, j);

				crm_buf_reset(&b);
				if (plain || kept(old, key, v))
					crm_buf_adds(&b, v);
				else
					normal_value(&b, key, v, country);
				if (b.len)
					crm_record_add(tmp, key, b.buf, plain);
			}
			crm_record_unset(r, key);
			crm_record_set_list(r, key);
			f = crm_record_find(tmp, key);
			for (j = 0; f >= 0 && j < crm_record_nvalues(tmp, (size_t)f); j++)
				crm_record_add(r, key, crm_record_value(tmp, (size_t)f, j),
					       crm_record_plain(tmp, (size_t)f, j));
			crm_record_free(tmp);
			free(key);
			resort = 1;
			i = 0;	/* the fields moved: start again (kept ones stay) */
			i--;
		}
	}
	if (resort)
		crm_record_sort(r);
	crm_buf_release(&b);
}
