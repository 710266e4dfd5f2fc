/*
 * buf.c: memory helpers that abort on exhaustion, the growable buffer
 * every module builds text in, whole-file reading and checked number
 * parsing.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"
#include "internal.h"

static void
oom(size_t n)
{
	fprintf(stderr, "%s: out of memory (%zu bytes)\n", crm_progname(), n);
	abort();
}

void *
crm_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *
crm_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom(n * size);
	return p;
}

void *
crm_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom(n);
	return q;
}

char *
crm_xstrdup(const char *s)
{
	return crm_xstrndup(s, strlen(s));
}

char *
crm_xstrndup(const char *s, size_t n)
{
	char *p = crm_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
crm_xasprintf(const char *fmt, ...)
{
	struct crm_buf b = CRM_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	crm_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return crm_buf_detach(&b);
}

void
crm_buf_grow(struct crm_buf *b, size_t extra)
{
	size_t want;

	if (extra > SIZE_MAX - b->len - 1)
		oom(SIZE_MAX);
	want = b->len + extra + 1;
	if (want <= b->alloc)
		return;
	if (want < b->alloc * 3 / 2)
		want = b->alloc * 3 / 2;
	if (want < 64)
		want = 64;
	b->buf = crm_xrealloc(b->buf, want);
	b->alloc = want;
}

void
crm_buf_add(struct crm_buf *b, const void *data, size_t n)
{
	crm_buf_grow(b, n);
	if (n)
		memcpy(b->buf + b->len, data, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

void
crm_buf_adds(struct crm_buf *b, const char *s)
{
	crm_buf_add(b, s, strlen(s));
}

void
crm_buf_addc(struct crm_buf *b, int c)
{
	crm_buf_grow(b, 1);
	b->buf[b->len++] = (char)c;
	b->buf[b->len] = '\0';
}

void
crm_buf_vaddf(struct crm_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	crm_buf_grow(b, (size_t)n);
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
crm_buf_addf(struct crm_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	crm_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void
crm_buf_reset(struct crm_buf *b)
{
	b->len = 0;
	if (b->buf)
		b->buf[0] = '\0';
}

void
crm_buf_release(struct crm_buf *b)
{
	free(b->buf);
	b->buf = NULL;
	b->len = b->alloc = 0;
}

char *
crm_buf_detach(struct crm_buf *b)
{
	char *s = b->buf ? b->buf : crm_xstrdup("");

	b->buf = NULL;
	b->len = b->alloc = 0;
	return s;
}

const char *
crm_buf_str(const struct crm_buf *b)
{
	return b->buf ? b->buf : "";
}

int
crm_read_file(struct crm_buf *out, const char *path, size_t max)
{
	FILE *fp;
	char chunk[65536];
	size_t n;
	int stdin_ = strcmp(path, "-") == 0;

	fp = stdin_ ? stdin : fopen(path, "rb");
	if (!fp)
		return crm_err_set(errno == ENOENT || errno == EACCES ?
				   CRM_ENOINPUT : CRM_EIO,
				   "%s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (out->len + n > max) {
			if (!stdin_)
				fclose(fp);
			return crm_err_set(CRM_EDATA,
					   "%s: larger than %zu bytes", path,
					   max);
		}
		crm_buf_add(out, chunk, n);
	}
	if (ferror(fp)) {
		int e = errno;

		if (!stdin_)
			fclose(fp);
		return crm_err_set(CRM_EIO, "%s: %s", path, strerror(e));
	}
	if (!stdin_)
		fclose(fp);
	if (!out->buf)
		crm_buf_grow(out, 0), out->buf[0] = '\0';
	return 0;
}

int
crm_parse_int(long long *out, const char *s, long long min, long long max,
	      const char *what)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (!*s || *end || errno == ERANGE || v < min || v > max)
		return crm_err_set(CRM_EDATA,
				   "%s: expected a whole number from %lld to %lld, not '%s'",
				   what, min, max, s);
	*out = v;
	return 0;
}

/* ---- a set of strings (open addressing, FNV-1a) ---- */

struct crm_strset {
	char **slot;
	size_t n, cap;
};

struct crm_strset *
crm_strset_new(void)
{
	return crm_xcalloc(1, sizeof(struct crm_strset));
}

void
crm_strset_free(struct crm_strset *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->cap; i++)
		free(set->slot[i]);
	free(set->slot);
	free(set);
}

size_t
crm_strhash(const char *s)
{
	size_t h = 14695981039346656037u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static char **
strset_slot(const struct crm_strset *set, const char *s)
{
	size_t j = crm_strhash(s) & (set->cap - 1);

	while (set->slot[j] && strcmp(set->slot[j], s) != 0)
		j = (j + 1) & (set->cap - 1);
	return &set->slot[j];
}

int
crm_strset_has(const struct crm_strset *set, const char *s)
{
	return set->cap && *strset_slot(set, s) != NULL;
}

int
crm_strset_add(struct crm_strset *set, const char *s)
{
	char **slot;

	if ((set->n + 1) * 2 > set->cap) {
		struct crm_strset bigger = { NULL, 0, set->cap ? set->cap * 2 : 64 };
		size_t i;

		bigger.slot = crm_xcalloc(bigger.cap, sizeof(char *));
		for (i = 0; i < set->cap; i++)
			if (set->slot[i])
				*strset_slot(&bigger, set->slot[i]) = set->slot[i];
		free(set->slot);
		set->slot = bigger.slot;
		set->cap = bigger.cap;
	}
	slot = strset_slot(set, s);
	if (*slot)
		return 0;
	*slot = crm_xstrdup(s);
	set->n++;
	return 1;
}

size_t
crm_strset_count(const struct crm_strset *set)
{
	return set->n;
}

void
crm_strset_each(const struct crm_strset *set,
		void (*fn)(const char *s, void *arg), void *arg)
{
	size_t i;

	for (i = 0; i < set->cap; i++)
		if (set->slot[i])
			fn(set->slot[i], arg);
}

int
crm_str_in(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/* ---- a set of record ids, as integers ---- */

struct crm_idset {
	uint64_t *slot;		/* 0: empty (the id 0 is kept aside) */
	size_t n, cap;
	int zero;
};

struct crm_idset *
crm_idset_new(void)
{
	return crm_xcalloc(1, sizeof(struct crm_idset));
}

void
crm_idset_free(struct crm_idset *set)
{
	if (!set)
		return;
	free(set->slot);
	free(set);
}

static uint64_t *
idset_slot(const struct crm_idset *set, uint64_t v)
{
	/* ids are random, but a file may hold any: mix them (Fibonacci) */
	size_t j = (size_t)((v * 0x9e3779b97f4a7c15u) >> 32) & (set->cap - 1);

	while (set->slot[j] && set->slot[j] != v)
		j = (j + 1) & (set->cap - 1);
	return &set->slot[j];
}

int
crm_idset_add(struct crm_idset *set, const char *id)
{
	uint64_t v = 0, *slot;
	size_t i;

	for (i = 0; id[i]; i++)
		v = v << 4 | (uint64_t)(id[i] <= '9' ? id[i] - '0' : id[i] - 'a' + 10);
	if (v == 0) {
		if (set->zero)
			return 0;
		return set->zero = 1;
	}
	if ((set->n + 1) * 5 > set->cap * 4) {	/* at most 80 % full */
		struct crm_idset bigger = { NULL, 0, set->cap ? set->cap * 2 : 1024, 0 };

		bigger.slot = crm_xcalloc(bigger.cap, sizeof(uint64_t));
		for (i = 0; i < set->cap; i++)
			if (set->slot[i])
				*idset_slot(&bigger, set->slot[i]) = set->slot[i];
		free(set->slot);
		set->slot = bigger.slot;
		set->cap = bigger.cap;
	}
	slot = idset_slot(set, v);
	if (*slot)
		return 0;
	*slot = v;
	set->n++;
	return 1;
}

/* ---- a map of strings to strings (same scheme as the set) ---- */

struct crm_map {
	char **key, **val;
	size_t n, cap;
};

struct crm_map *
crm_map_new(void)
{
	return crm_xcalloc(1, sizeof(struct crm_map));
}

void
crm_map_free(struct crm_map *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->cap; i++) {
		free(m->key[i]);
		free(m->val[i]);
	}
	free(m->key);
	free(m->val);
	free(m);
}

static size_t
map_slot(const struct crm_map *m, const char *k)
{
	size_t j = crm_strhash(k) & (m->cap - 1);

	while (m->key[j] && strcmp(m->key[j], k) != 0)
		j = (j + 1) & (m->cap - 1);
	return j;
}

const char *
crm_map_get(const struct crm_map *m, const char *k)
{
	size_t j;

	if (!m->cap)
		return NULL;
	j = map_slot(m, k);
	return m->key[j] ? m->val[j] : NULL;
}

void
crm_map_put(struct crm_map *m, const char *k, const char *v)
{
	size_t j;

	if ((m->n + 1) * 2 > m->cap) {
		struct crm_map b = { NULL, NULL, 0, m->cap ? m->cap * 2 : 64 };
		size_t i;

		b.key = crm_xcalloc(b.cap, sizeof(char *));
		b.val = crm_xcalloc(b.cap, sizeof(char *));
		for (i = 0; i < m->cap; i++)
			if (m->key[i]) {
				j = map_slot(&b, m->key[i]);
				b.key[j] = m->key[i];
				b.val[j] = m->val[i];
			}
		free(m->key);
		free(m->val);
		m->key = b.key;
		m->val = b.val;
		m->cap = b.cap;
	}
	j = map_slot(m, k);
	if (m->key[j]) {
		free(m->val[j]);
	} else {
		m->key[j] = crm_xstrdup(k);
		m->n++;
	}
	m->val[j] = crm_xstrdup(v);
}

void
crm_map_each(const struct crm_map *m, void (*fn)(const char *k, const char *v,
						 void *arg), void *arg)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		if (m->key[i])
			fn(m->key[i], m->val[i], arg);
}
