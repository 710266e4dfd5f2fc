/*
 * json.c: records from JSON Lines (through jansson, the only file that
 * includes <jansson.h>) and records and strings to JSON.  Output is
 * written here rather than by jansson so that money keeps its exact
 * decimal text and fields keep the store's order.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "internal.h"

static int
scalar_text(struct crm_buf *out, int *plain, json_t *v)
{
	crm_buf_reset(out);
	*plain = 1;
	switch (json_typeof(v)) {
	case JSON_STRING:
		crm_buf_add(out, json_string_value(v), json_string_length(v));
		*plain = 0;
		return 0;
	case JSON_INTEGER:
		crm_buf_addf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return 0;
	case JSON_REAL: {
		/*
		 * 15 digits: what a double holds of a decimal exactly.  A
		 * number with more would come out rounded: refused, so that
		 * an amount never changes on its way in.
		 */
		double d = json_real_value(v);

		crm_buf_addf(out, "%.15g", d);
		if (strtod(out->buf, NULL) != d)
			return -2;
		return 0;
	}
	case JSON_TRUE:
		crm_buf_adds(out, "true");
		return 0;
	case JSON_FALSE:
		crm_buf_adds(out, "false");
		return 0;
	default:
		return -1;
	}
}

/* For the unit tests, which compare the two ways of reading. */
int crm_json_no_fast;

static const char *
skip_ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/*
 * A JSON string without escapes or control characters, in valid UTF-8,
 * from the opening quote at *pp; NULL when it is anything else.
 */
static const char *
flat_string(size_t *n, const char **pp, const char *e)
{
	const char *p = *pp + 1, *s = p;

	while (p < e && *p != '"') {
		if (*p == '\\' || (unsigned char)*p < 0x20)
			return NULL;
		p++;
	}
	if (p == e || !crm_text_valid(s, (size_t)(p - s)))
		return NULL;
	*n = (size_t)(p - s);
	*pp = p + 1;
	return s;
}

/*
 * The shape most JSON Lines have, an object of plain strings (or null),
 * read without building jansson's tree: a third of a bulk import's
 * reading.  Anything else (escapes, numbers, lists, a repeated key, an
 * error) returns 1 and is left to jansson, which reads every line the
 * same way and names what is wrong.
 */
static int
read_flat(struct crm_record **out, const char *p, size_t len,
	  enum crm_kind kind, struct crm_buf *key, struct crm_buf *val)
{
	const char *e = p + len, *s;
	struct crm_record *r;
	size_t n;

	p = skip_ws(p, e);
	if (p == e || *p++ != '{')
		return 1;
	r = crm_record_new(kind);
	p = skip_ws(p, e);
	if (p < e && *p == '}') {
		p++;
		goto end;
	}
	for (;;) {
		const char *k;

		if (p == e || *p != '"' || !(s = flat_string(&n, &p, e)))
			break;
		crm_buf_reset(key);
		crm_buf_add(key, s, n);
		p = skip_ws(p, e);
		if (p == e || *p++ != ':')
			break;
		p = skip_ws(p, e);
		k = crm_schema_canon(kind, key->buf);
		if (crm_record_find(r, k) >= 0)
			break;
		if (p < e && *p == '"') {
			if (!(s = flat_string(&n, &p, e)))
				break;
			crm_buf_reset(val);
			crm_buf_add(val, s, n);
			crm_record_set(r, k, val->buf, 0);
		} else if (e - p >= 4 && memcmp(p, "null", 4) == 0) {
			p += 4;
		} else {
			break;
		}
		p = skip_ws(p, e);
		if (p < e && *p == ',') {
			p = skip_ws(p + 1, e);
			continue;
		}
		if (p < e && *p == '}') {
			p++;
			goto end;
		}
		break;
	}
	crm_record_free(r);
	return 1;
end:
	if (skip_ws(p, e) != e) {
		crm_record_free(r);
		return 1;
	}
	*out = r;
	return 0;
}

int
crm_json_read(struct crm_record **out, const char *text, size_t len,
	      enum crm_kind kind, const char *name, long line)
{
	struct crm_buf b = CRM_BUF_INIT, kb = CRM_BUF_INIT;
	struct crm_record *r;
	json_error_t err;
	json_t *root, *v, *item;
	const char *key;
	size_t i;
	int plain, rc = 0;

	*out = NULL;
	rc = crm_json_no_fast ? 1 : read_flat(out, text, len, kind, &kb, &b);
	crm_buf_release(&kb);
	crm_buf_release(&b);
	if (rc == 0)
		return 0;
	rc = 0;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (!root && err.column > 0)
		return crm_err_set(CRM_EDATA, "%s:%ld:%d: %s", name, line,
				   err.column, err.text);
	if (!root)
		return crm_err_set(CRM_EDATA, "%s:%ld: %s", name, line, err.text);
	if (!json_is_object(root)) {
		json_decref(root);
		return crm_err_set(CRM_EDATA, "%s:%ld: expected a JSON object",
				   name, line);
	}
	r = crm_record_new(kind);
	json_object_foreach(root, key, v) {
		const char *k = crm_schema_canon(kind, key);

		if (crm_record_find(r, k) >= 0) {
			rc = crm_err_set(CRM_EDATA, "%s:%ld: duplicate field '%s'",
					 name, line, k);
			break;
		}
		if (json_is_null(v))
			continue;
		if (json_is_array(v)) {
			crm_record_set_list(r, k);
			json_array_foreach(v, i, item) {
				if (json_is_null(item))
					continue;
				if ((rc = scalar_text(&b, &plain, item)) < 0) {
					rc = crm_err_set(CRM_EDATA, rc == -2 ?
							 "%s:%ld: field '%s': a number with more digits than JSON keeps exactly; give it as a string" :
							 "%s:%ld: field '%s': a list holds plain values only",
							 name, line, k);
					break;
				}
				crm_record_add(r, k, crm_buf_str(&b), plain);
			}
			if (rc < 0)
				break;
			continue;
		}
		if ((rc = scalar_text(&b, &plain, v)) < 0) {
			rc = crm_err_set(CRM_EDATA, rc == -2 ?
					 "%s:%ld: field '%s': a number with more digits than JSON keeps exactly; give it as a string" :
					 "%s:%ld: field '%s': nested objects are not allowed",
					 name, line, k);
			break;
		}
		crm_record_set(r, k, crm_buf_str(&b), plain);
	}
	json_decref(root);
	crm_buf_release(&b);
	if (rc < 0) {
		crm_record_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

/* Length of the valid UTF-8 character at s (n > 0 bytes), 0 if invalid. */
static size_t
char_len(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return 1;
	if (crm_text_invalid_at((const char *)s, n < 4 ? n : 4) == 0)
		return 0;
	return s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
}

/*
 * Beyond RFC 8259's required escapes, DEL, C1 controls, the line and
 * paragraph separators and the code points YAML calls non-printable are
 * written \uXXXX, so the string is safe in a terminal and is also a YAML
 * double-quoted scalar.  Invalid UTF-8 becomes U+FFFD.
 */
void
crm_json_string(struct crm_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), k;
	uint32_t c;

	crm_buf_addc(out, '"');
	while (n) {
		k = char_len(p, n);
		if (!k) {
			crm_buf_adds(out, "\xef\xbf\xbd");
			p++, n--;
			continue;
		}
		c = p[0];
		if (k > 1) {
			size_t i;

			c = p[0] & (0x7f >> k);
			for (i = 1; i < k; i++)
				c = c << 6 | (p[i] & 0x3f);
		}
		switch (c) {
		case '"': crm_buf_adds(out, "\\\""); break;
		case '\\': crm_buf_adds(out, "\\\\"); break;
		case '\n': crm_buf_adds(out, "\\n"); break;
		case '\r': crm_buf_adds(out, "\\r"); break;
		case '\t': crm_buf_adds(out, "\\t"); break;
		case '\b': crm_buf_adds(out, "\\b"); break;
		case '\f': crm_buf_adds(out, "\\f"); break;
		default:
			if (c < 0x20 || (c >= 0x7f && c < 0xa0) ||
			    c == 0x2028 || c == 0x2029 || c == 0xfeff ||
			    c == 0xfffe || c == 0xffff)
				crm_buf_addf(out, "\\u%04x", (unsigned)c);
			else
				crm_buf_add(out, p, k);
		}
		p += k, n -= k;
	}
	crm_buf_addc(out, '"');
}

/* 1 when the integer text s (sign, digits) fits in an int64. */
static int
fits_int64(const char *s)
{
	const char *d = s + (*s == '-');
	const char *max = *s == '-' ? "9223372036854775808" :
			  "9223372036854775807";
	size_t n = strlen(d);

	return n < 19 || (n == 19 && strcmp(d, max) <= 0);
}

/*
 * A plain value JSON can carry bare: a boolean, an integer JSON readers
 * hold exactly (64 bits), or a decimal of at most 15 significant digits
 * (a double's precision).  Other numbers are written as strings.
 */
int
crm_json_number(const char *s)
{
	const char *p = s;
	size_t digits = 0;
	int point = 0;

	if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)
		return 1;
	if (*p == '-')
		p++;
	if (*p == '0' && p[1] >= '0' && p[1] <= '9')
		return 0;
	if (!(*p >= '0' && *p <= '9'))
		return 0;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p == '.') {
		point = 1;
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++, digits++;
	}
	if (*p != '\0')
		return 0;
	return point ? digits <= 15 : fits_int64(s);
}

static void
json_value(struct crm_buf *out, const char *v, int plain)
{
	if (plain && crm_json_number(v))
		crm_buf_adds(out, v);
	else
		crm_json_string(out, v);
}

void
crm_json_write(struct crm_buf *out, const struct crm_record *r)
{
	size_t i, j, n = crm_record_nfields(r);

	crm_buf_addc(out, '{');
	for (i = 0; i < n; i++) {
		if (i)
			crm_buf_addc(out, ',');
		crm_json_string(out, crm_record_key(r, i));
		crm_buf_addc(out, ':');
		if (!crm_record_is_list(r, i)) {
			json_value(out, crm_record_value(r, i, 0),
				   crm_record_plain(r, i, 0));
			continue;
		}
		crm_buf_addc(out, '[');
		for (j = 0; j < crm_record_nvalues(r, i); j++) {
			if (j)
				crm_buf_addc(out, ',');
			json_value(out, crm_record_value(r, i, j),
				   crm_record_plain(r, i, j));
		}
		crm_buf_addc(out, ']');
	}
	crm_buf_adds(out, "}\n");
}
