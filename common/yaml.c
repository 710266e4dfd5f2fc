/*
 * yaml.c: records to and from YAML, through libyaml's event API (the only
 * file that includes <yaml.h>).  Reading is strict and bounded: a record
 * is a mapping of scalars and lists of scalars; anchors, aliases, tags and
 * duplicate keys are refused, and documents, scalars and nesting have
 * size caps, because store files and imports may come from anywhere.
 * Writing quotes every string that a YAML 1.1 reader would take for
 * another type, so other tools read back exactly what we wrote.
 */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "crm.h"
#include "internal.h"

#define MAX_DOC (1u << 20)
#define MAX_SCALAR (256u << 10)
#define MAX_FIELDS 256
#define MAX_DEPTH 8

struct crm_yaml_reader {
	yaml_parser_t parser;
	char *name;
	int done;
	const char *data;	/* the input, when read from memory */
	size_t len;
};

static struct crm_yaml_reader *
reader_new(const char *name)
{
	struct crm_yaml_reader *y = crm_xcalloc(1, sizeof(*y));

	if (!yaml_parser_initialize(&y->parser)) {
		free(y);
		return NULL;
	}
	y->name = crm_xstrdup(name);
	return y;
}

struct crm_yaml_reader *
crm_yaml_reader_mem(const char *data, size_t len, const char *name)
{
	struct crm_yaml_reader *y = reader_new(name);

	if (y) {
		yaml_parser_set_input_string(&y->parser,
					     (const unsigned char *)data, len);
		y->data = data;
		y->len = len;
	}
	return y;
}

struct crm_yaml_reader *
crm_yaml_reader_file(FILE *fp, const char *name)
{
	struct crm_yaml_reader *y = reader_new(name);

	if (y)
		yaml_parser_set_input_file(&y->parser, fp);
	return y;
}

void
crm_yaml_reader_free(struct crm_yaml_reader *y)
{
	if (!y)
		return;
	yaml_parser_delete(&y->parser);
	free(y->name);
	free(y);
}

static int
parse_error(struct crm_yaml_reader *y)
{
	const yaml_parser_t *p = &y->parser;
	const yaml_mark_t *m = &p->problem_mark;
	const char *what = p->problem ? p->problem : "invalid YAML";

	if (p->error == YAML_READER_ERROR) {
		size_t i, line = 1, col = 1, off = p->problem_offset;

		if (!y->data || off > y->len)
			return crm_err_set(CRM_EDATA, "%s: byte %zu: %s", y->name,
					   off + 1, what);
		/* the start of the bad sequence, not its n-th byte */
		if (crm_text_invalid_at(y->data, y->len) < off)
			off = crm_text_invalid_at(y->data, y->len);
		/* libyaml gives an offset: count lines and characters */
		for (i = 0; i < off; i++) {
			if (y->data[i] == '\n')
				line++, col = 1;
			else if (((unsigned char)y->data[i] & 0xc0) != 0x80)
				col++;
		}
		return crm_err_set(CRM_EDATA, "%s:%zu:%zu: %s", y->name, line,
				   col, what);
	}
	if (p->error == YAML_MEMORY_ERROR)
		return crm_err_set(CRM_EINTERNAL, "%s: out of memory", y->name);
	if (p->context)
		return crm_err_set(CRM_EDATA, "%s:%zu:%zu: %s %s", y->name,
				   m->line + 1, m->column + 1, what,
				   p->context);
	return crm_err_set(CRM_EDATA, "%s:%zu:%zu: %s", y->name, m->line + 1,
			   m->column + 1, what);
}

static int
at(struct crm_yaml_reader *y, const yaml_event_t *e, const char *fmt,
   const char *arg)
{
	struct crm_buf b = CRM_BUF_INIT;
	int rc;

	crm_buf_addf(&b, fmt, arg);
	rc = crm_err_set(CRM_EDATA, "%s:%zu:%zu: %s", y->name,
			 e->start_mark.line + 1, e->start_mark.column + 1,
			 crm_buf_str(&b));
	crm_buf_release(&b);
	return rc;
}

/* Refuses what a record never holds and what could be abused. */
static int
check_event(struct crm_yaml_reader *y, const yaml_event_t *e)
{
	const yaml_char_t *anchor = NULL, *tag = NULL;

	switch (e->type) {
	case YAML_ALIAS_EVENT:
		return at(y, e, "aliases are not allowed%s", "");
	case YAML_SCALAR_EVENT:
		anchor = e->data.scalar.anchor;
		tag = e->data.scalar.tag;
		if (e->data.scalar.length > MAX_SCALAR)
			return at(y, e, "value longer than 256 KiB%s", "");
		/* "\0" escapes would cut the value short in C strings */
		if (strlen((const char *)e->data.scalar.value) !=
		    e->data.scalar.length)
			return at(y, e, "NUL characters are not allowed%s", "");
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = e->data.sequence_start.anchor;
		tag = e->data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = e->data.mapping_start.anchor;
		tag = e->data.mapping_start.tag;
		break;
	default:
		break;
	}
	if (anchor)
		return at(y, e, "anchors are not allowed%s", "");
	if (tag)
		return at(y, e, "tags are not allowed (%s)", (const char *)tag);
	return 0;
}

static int
next(struct crm_yaml_reader *y, yaml_event_t *e)
{
	int rc;

	if (!yaml_parser_parse(&y->parser, e))
		return parse_error(y);
	if ((rc = check_event(y, e)) < 0)
		yaml_event_delete(e);
	return rc;
}

static int
is_null(const yaml_event_t *e)
{
	const char *v = (const char *)e->data.scalar.value;

	if (e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	return !*v || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
	       strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

static int
is_plain(const yaml_event_t *e)
{
	return e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	       crm_yaml_ambiguous((const char *)e->data.scalar.value);
}

/* Reads the fields of a mapping whose MAPPING-START was just read. */
static int
read_fields(struct crm_record *r, struct crm_yaml_reader *y, size_t start)
{
	yaml_event_t e, v;
	const char *key;
	int rc = 0;

	for (;;) {
		if ((rc = next(y, &e)) < 0)
			return rc;
		if (e.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&e);
			return 0;
		}
		if (e.start_mark.index - start > MAX_DOC) {
			rc = at(y, &e, "record larger than 1 MiB%s", "");
			goto out;
		}
		if (e.type != YAML_SCALAR_EVENT) {
			rc = at(y, &e, "expected a field name%s", "");
			goto out;
		}
		key = crm_schema_canon(crm_record_kind(r),
				       (const char *)e.data.scalar.value);
		if (crm_record_find(r, key) >= 0) {
			rc = at(y, &e, "duplicate field '%s'", key);
			goto out;
		}
		if (crm_record_nfields(r) >= MAX_FIELDS) {
			rc = at(y, &e, "more than 256 fields%s", "");
			goto out;
		}
		if ((rc = next(y, &v)) < 0)
			goto out;
		if (v.end_mark.index - start > MAX_DOC) {
			rc = at(y, &v, "record larger than 1 MiB%s", "");
			yaml_event_delete(&v);
			goto out;
		}
		if (v.type == YAML_SCALAR_EVENT) {
			if (!is_null(&v))
				crm_record_set(r, key,
					       (const char *)v.data.scalar.value,
					       is_plain(&v));
		} else if (v.type == YAML_SEQUENCE_START_EVENT) {
			yaml_event_t item;

			crm_record_set_list(r, key);
			for (;;) {
				if ((rc = next(y, &item)) < 0)
					break;
				if (item.type == YAML_SEQUENCE_END_EVENT) {
					yaml_event_delete(&item);
					break;
				}
				if (item.end_mark.index - start > MAX_DOC) {
					rc = at(y, &item, "record larger than 1 MiB%s", "");
					yaml_event_delete(&item);
					break;
				}
				if (item.type != YAML_SCALAR_EVENT) {
					rc = at(y, &item,
						"field '%s': a list holds plain values only",
						key);
					yaml_event_delete(&item);
					break;
				}
				if (!is_null(&item)) {
					long fi = crm_record_find(r, key);

					if (crm_record_nvalues(r, (size_t)fi) >=
					    4096) {
						rc = at(y, &item,
							"field '%s': more than 4096 values",
							key);
						yaml_event_delete(&item);
						break;
					}
					/* Keep the values as written. */
					crm_record_append(r, key,
							  (const char *)item.data.scalar.value,
							  is_plain(&item));
				}
				yaml_event_delete(&item);
			}
		} else {
			rc = at(y, &v, "field '%s': nested mappings are not allowed",
				key);
		}
		yaml_event_delete(&v);
		if (rc < 0)
			goto out;
		yaml_event_delete(&e);
	}
out:
	yaml_event_delete(&e);
	return rc;
}

int
crm_yaml_read(struct crm_record **out, long *line, struct crm_yaml_reader *y,
	      enum crm_kind kind)
{
	struct crm_record *r = NULL;
	yaml_event_t e;
	size_t start;
	int rc;

	*out = NULL;
	if (y->done)
		return 0;
	for (;;) {
		if ((rc = next(y, &e)) < 0)
			return rc;
		if (e.type == YAML_STREAM_END_EVENT) {
			y->done = 1;
			yaml_event_delete(&e);
			return 0;
		}
		if (e.type == YAML_STREAM_START_EVENT) {
			yaml_event_delete(&e);
			continue;
		}
		if (e.type != YAML_DOCUMENT_START_EVENT) {
			rc = at(y, &e, "expected a document%s", "");
			goto out;
		}
		start = e.start_mark.index;
		if (line)
			*line = (long)e.start_mark.line + 1;
		yaml_event_delete(&e);
		if ((rc = next(y, &e)) < 0)
			return rc;
		if (e.type == YAML_SCALAR_EVENT && is_null(&e)) {
			/* An empty document ("---" alone) holds no record. */
			yaml_event_delete(&e);
			if ((rc = next(y, &e)) < 0)
				return rc;
			yaml_event_delete(&e);
			continue;
		}
		if (e.type != YAML_MAPPING_START_EVENT) {
			rc = at(y, &e, "expected a record (a mapping of fields)%s",
				"");
			goto out;
		}
		if (line)
			*line = (long)e.start_mark.line + 1;
		yaml_event_delete(&e);
		r = crm_record_new(kind);
		if ((rc = read_fields(r, y, start)) < 0) {
			crm_record_free(r);
			return rc;
		}
		if ((rc = next(y, &e)) < 0) {
			crm_record_free(r);
			return rc;
		}
		/* DOCUMENT-END */
		yaml_event_delete(&e);
		*out = r;
		return 0;
	}
out:
	yaml_event_delete(&e);
	return rc;
}

int
crm_yaml_parse(struct crm_record **out, const char *data, size_t len,
	       enum crm_kind kind, const char *name)
{
	struct crm_yaml_reader *y = crm_yaml_reader_mem(data, len, name);
	int rc;

	*out = NULL;
	if (!y)
		return crm_err_set(CRM_EINTERNAL, "cannot start the YAML parser");
	rc = crm_yaml_read(out, NULL, y, kind);
	if (rc == 0 && *out) {
		/* a record file holds one record */
		struct crm_record *more = NULL;
		long line = -1;

		if (crm_yaml_read(&more, &line, y, kind) < 0 || more) {
			crm_record_free(more);
			crm_record_free(*out);
			*out = NULL;
			rc = crm_err_set(CRM_EDATA,
					 "%s: more than one document: a record file holds one record",
					 name);
		}
	}
	crm_yaml_reader_free(y);
	if (rc == 0 && !*out)
		rc = crm_err_set(CRM_EDATA, "%s: empty file", name);
	return rc;
}

/* ---- the generic tree ---- */

void
crm_node_free(struct crm_node *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->n; i++) {
		crm_node_free(n->kids[i]);
		if (n->keys)
			free(n->keys[i]);
	}
	free(n->kids);
	free(n->keys);
	free(n->scalar);
	free(n);
}

const struct crm_node *
crm_node_get(const struct crm_node *n, const char *key)
{
	size_t i;

	if (!n || n->type != CRM_NODE_MAP)
		return NULL;
	for (i = 0; i < n->n; i++)
		if (strcmp(n->keys[i], key) == 0)
			return n->kids[i];
	return NULL;
}

static void
node_push(struct crm_node *p, char *key, struct crm_node *kid)
{
	p->kids = crm_xrealloc(p->kids, (p->n + 1) * sizeof(*p->kids));
	if (p->type == CRM_NODE_MAP)
		p->keys = crm_xrealloc(p->keys, (p->n + 1) * sizeof(*p->keys));
	p->kids[p->n] = kid;
	if (p->type == CRM_NODE_MAP)
		p->keys[p->n] = key;
	p->n++;
}

/* Builds the node that event e starts; recursion is bounded by depth. */
static int
load_node(struct crm_node **out, struct crm_yaml_reader *y, yaml_event_t *e,
	  int depth)
{
	struct crm_node *n = crm_xcalloc(1, sizeof(*n));
	yaml_event_t k, v;
	int rc = 0;

	n->line = (long)e->start_mark.line + 1;
	n->col = (long)e->start_mark.column + 1;
	if (e->type == YAML_SCALAR_EVENT) {
		n->type = CRM_NODE_SCALAR;
		n->scalar = crm_xstrdup((const char *)e->data.scalar.value);
		n->plain = is_plain(e);
		*out = n;
		return 0;
	}
	if (depth >= MAX_DEPTH) {
		crm_node_free(n);
		return at(y, e, "nested deeper than 8 levels%s", "");
	}
	n->type = e->type == YAML_MAPPING_START_EVENT ? CRM_NODE_MAP :
		  CRM_NODE_SEQ;
	for (;;) {
		struct crm_node *kid = NULL;
		char *key = NULL;

		if ((rc = next(y, &k)) < 0)
			break;
		if (k.type == YAML_MAPPING_END_EVENT ||
		    k.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&k);
			break;
		}
		if (n->n >= 4096) {
			rc = at(y, &k, "more than 4096 entries%s", "");
			yaml_event_delete(&k);
			break;
		}
		if (n->type == CRM_NODE_MAP) {
			if (k.type != YAML_SCALAR_EVENT) {
				rc = at(y, &k, "expected a key%s", "");
				yaml_event_delete(&k);
				break;
			}
			if (crm_node_get(n, (const char *)k.data.scalar.value)) {
				rc = at(y, &k, "duplicate key '%s'",
					(const char *)k.data.scalar.value);
				yaml_event_delete(&k);
				break;
			}
			key = crm_xstrdup((const char *)k.data.scalar.value);
			yaml_event_delete(&k);
			if ((rc = next(y, &v)) < 0) {
				free(key);
				break;
			}
			rc = load_node(&kid, y, &v, depth + 1);
			yaml_event_delete(&v);
		} else {
			rc = load_node(&kid, y, &k, depth + 1);
			yaml_event_delete(&k);
		}
		if (rc < 0) {
			free(key);
			break;
		}
		node_push(n, key, kid);
	}
	if (rc < 0) {
		crm_node_free(n);
		return rc;
	}
	*out = n;
	return 0;
}

int
crm_yaml_load(struct crm_node **out, const char *data, size_t len,
	      const char *name)
{
	struct crm_yaml_reader *y;
	struct crm_node *root = NULL;
	yaml_event_t e;
	int rc = 0, docs = 0;

	*out = NULL;
	if (len > MAX_DOC)
		return crm_err_set(CRM_EDATA, "%s: larger than 1 MiB", name);
	y = crm_yaml_reader_mem(data, len, name);
	if (!y)
		return crm_err_set(CRM_EINTERNAL, "cannot start the YAML parser");
	for (;;) {
		if ((rc = next(y, &e)) < 0)
			break;
		if (e.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&e);
			break;
		}
		if (e.type == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
			rc = at(y, &e, "expected one document%s", "");
			yaml_event_delete(&e);
			break;
		}
		if (e.type == YAML_SCALAR_EVENT ||
		    e.type == YAML_SEQUENCE_START_EVENT ||
		    e.type == YAML_MAPPING_START_EVENT) {
			if (e.type == YAML_SCALAR_EVENT && is_null(&e)) {
				yaml_event_delete(&e);
				continue;
			}
			rc = load_node(&root, y, &e, 0);
			yaml_event_delete(&e);
			if (rc < 0)
				break;
			continue;
		}
		yaml_event_delete(&e);
	}
	crm_yaml_reader_free(y);
	if (rc < 0) {
		crm_node_free(root);
		return rc;
	}
	*out = root;
	return 0;
}

/* ---- writing ---- */

static int
in_set(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(s, *set) == 0)
			return 1;
	return 0;
}

/* All of s[0..) in set, and at least one character. */
static int
only(const char *s, const char *set)
{
	return *s && s[strspn(s, set)] == '\0';
}

int
crm_yaml_ambiguous(const char *s)
{
	static const char *const words[] = {
		"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
		"true", "True", "TRUE", "false", "False", "FALSE",
		"on", "On", "ON", "off", "Off", "OFF",
		"null", "Null", "NULL", "~", "", "=", "<<", NULL
	};
	const char *p = s, *e;
	size_t len = strlen(s);

	/* the words are short and start with one of these: skip the rest */
	if (len <= 5 && (!len || strchr("yYnNtTfFoO~=<", s[0])) && in_set(s, words))
		return 1;
	if (*p == '-' || *p == '+')
		p++;
	/* .inf, .nan, .5 and friends */
	if (*p == '.')
		return 1;
	if (!(*p >= '0' && *p <= '9'))
		return 0;
	/* timestamps: 2026-11-02, 2026-1-2, 2026-11-02T10:00:00Z */
	if (strspn(p, "0123456789") == 4 && p[4] == '-' &&
	    p[5] >= '0' && p[5] <= '9')
		return only(p, "0123456789-:.TtZz +\t");
	/* hexadecimal, octal and binary integers (YAML 1.1 and 1.2) */
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		return only(p + 2, "0123456789abcdefABCDEF_");
	if (p[0] == '0' && p[1] == 'o')
		return only(p + 2, "01234567");
	if (p[0] == '0' && p[1] == 'b')
		return only(p + 2, "01_");
	/*
	 * Decimal integers and floats of either version, with '_'
	 * separators and base-60 parts ("1:20"), and an exponent at the
	 * end ("1e5" is a float to YAML 1.2).
	 */
	e = p + strspn(p, "0123456789_.:");
	if (*e == 'e' || *e == 'E') {
		e++;
		if (*e == '-' || *e == '+')
			e++;
		return only(e, "0123456789");
	}
	return *e == '\0';
}

/*
 * Writing.  libyaml's emitter escapes every character outside the Basic
 * Multilingual Plane, so an emoji in a name would be stored as
 * "\U0001F389", which git grep and people cannot read.  Records are flat,
 * so we write them ourselves, choosing per value the plainest style that
 * reads back exactly: plain, single-quoted, a literal block for
 * multi-line text, or double-quoted with escapes for what nothing else
 * can hold.  libyaml reads all of them (the unit tests check both ways).
 */

/* Length of the UTF-8 sequence at s, 1 for a stray byte. */
static size_t
seq_len(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80)
		return 2;
	if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80)
		return 3;
	if ((s[0] & 0xf8) == 0xf0 && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80)
		return 4;
	return 1;
}

/*
 * Characters YAML cannot hold as they are (they need a double-quoted
 * escape): C0 controls but tab and newline, DEL, C1 controls (NEL
 * included), the line and paragraph separators, the byte order mark, and
 * invalid bytes.
 */
static int
needs_escape(const unsigned char *p, size_t n)
{
	if (n == 1)
		return (p[0] < 0x20 && p[0] != '\t' && p[0] != '\n') ||
		       p[0] == 0x7f || p[0] >= 0x80;
	if (n == 2)
		return p[0] == 0xc2 && p[1] <= 0x9f;
	if (n == 3)
		return (p[0] == 0xe2 && p[1] == 0x80 &&
			(p[2] == 0xa8 || p[2] == 0xa9)) ||
		       (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) ||
		       /* U+FFFE and U+FFFF: not printable to YAML */
		       (p[0] == 0xef && p[1] == 0xbf && p[2] >= 0xbe);
	return 0;
}

static int
any_escape(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	for (; *p; p += n) {
		n = seq_len(p);
		if (needs_escape(p, n))
			return 1;
	}
	return 0;
}

/* Whether s can be written plain; flow: inside a [list]. */
static int
plain_ok(const char *s, int flow)
{
	size_t n = strlen(s);
	const char *p;

	if (!n || crm_yaml_ambiguous(s) || s[0] == ' ' || s[n - 1] == ' ' ||
	    s[n - 1] == ':' || strchr("-?:,[]{}#&*!|>'\"%@`\t", s[0]))
		return 0;
	for (p = s; *p; p++) {
		if (*p == '\n' || *p == '\t' || (*p == ':' && p[1] == ' ') ||
		    (*p == ' ' && p[1] == '#'))
			return 0;
		/* PyYAML and libyaml disagree on ':' and '?' in flow */
		if (flow && strchr(",[]{}:?#", *p))
			return 0;
	}
	return !any_escape(s);
}

/* Whether s (holding a newline) can be a literal block. */
static int
literal_ok(const char *s)
{
	const char *line = s, *nl;

	if (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || any_escape(s) ||
	    strchr(s, '\r'))
		return 0;
	/* a line of spaces alone would read back as an empty line */
	for (; *line; line = nl + 1) {
		size_t len;

		nl = strchr(line, '\n');
		len = nl ? (size_t)(nl - line) : strlen(line);
		if (len && strspn(line, " ") == len)
			return 0;
		if (!nl)
			break;
	}
	return 1;
}

static void
write_single(struct crm_buf *out, const char *s)
{
	crm_buf_addc(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			crm_buf_addc(out, '\'');
		crm_buf_addc(out, *s);
	}
	crm_buf_addc(out, '\'');
}

static void
write_double(struct crm_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	crm_buf_addc(out, '"');
	for (; *p; p += n) {
		n = seq_len(p);
		if (n == 1) {
			switch (*p) {
			case '"': crm_buf_adds(out, "\\\""); continue;
			case '\\': crm_buf_adds(out, "\\\\"); continue;
			case '\n': crm_buf_adds(out, "\\n"); continue;
			case '\t': crm_buf_adds(out, "\\t"); continue;
			case '\r': crm_buf_adds(out, "\\r"); continue;
			case 0x1b: crm_buf_adds(out, "\\e"); continue;
			default:
				break;
			}
		}
		if (!needs_escape(p, n)) {
			crm_buf_add(out, p, n);
		} else if (n == 1) {
			/* a control, DEL, or a byte that is not UTF-8 */
			crm_buf_addf(out, "\\x%02x", *p);
		} else if (n == 2) {
			crm_buf_addf(out, "\\x%02x", p[1]);	/* U+0080..U+009F */
		} else {
			unsigned cp = ((unsigned)(p[0] & 0x0f) << 12) |
				      ((unsigned)(p[1] & 0x3f) << 6) |
				      (unsigned)(p[2] & 0x3f);

			crm_buf_addf(out, "\\u%04X", cp);
		}
	}
	crm_buf_addc(out, '"');
}

/*
 * Appends "|", "|-" or "|+" and the lines of s indented by two spaces;
 * the caller's newline ends the last line.
 */
static void
write_literal(struct crm_buf *out, const char *s)
{
	size_t n = strlen(s), trail = 0;
	const char *p, *end;

	while (trail < n && s[n - 1 - trail] == '\n')
		trail++;
	crm_buf_adds(out, trail == 0 ? "|-" : trail == 1 ? "|" : "|+");
	end = s + n - (trail ? 1 : 0);
	for (p = s;;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		crm_buf_addc(out, '\n');
		if (len)
			crm_buf_adds(out, "  ");
		crm_buf_add(out, p, len);
		if (!nl)
			break;
		p = nl + 1;
	}
}

static void
write_scalar(struct crm_buf *out, const char *s, int plain, int flow)
{
	/* a typed literal is one word; anything else is quoted as text */
	if (plain && (!*s || strpbrk(s, "\n\t#,[]{}") || strstr(s, ": ") ||
		      s[strlen(s) - 1] == ':' ||
		      s[0] == ' ' || s[strlen(s) - 1] == ' ' || any_escape(s)))
		plain = 0;
	if (plain) {
		crm_buf_adds(out, s);
	} else if (plain_ok(s, flow)) {
		crm_buf_adds(out, s);
	} else if (!flow && strchr(s, '\n') && literal_ok(s)) {
		/* flow is also how keys are written: never as blocks */
		write_literal(out, s);
	} else if (!strchr(s, '\n') && !any_escape(s) && !strchr(s, '\t')) {
		write_single(out, s);
	} else {
		write_double(out, s);
	}
}

void
crm_yaml_scalar(struct crm_buf *out, const char *s, int plain)
{
	/* the flow style is the one-line style */
	write_scalar(out, s, plain, 1);
}

int
crm_yaml_write_line(struct crm_buf *out, const struct crm_record *r)
{
	size_t i, j, n = crm_record_nfields(r);

	/*
	 * One document per line: git's union merge keeps both sides' lines
	 * but folds lines the two sides share, which would interleave
	 * documents of several lines.
	 */
	crm_buf_adds(out, "--- {");
	for (i = 0; i < n; i++) {
		if (i)
			crm_buf_adds(out, ", ");
		write_scalar(out, crm_record_key(r, i), 0, 1);
		crm_buf_adds(out, ": ");
		if (!crm_record_is_list(r, i)) {
			write_scalar(out, crm_record_value(r, i, 0),
				     crm_record_plain(r, i, 0), 1);
			continue;
		}
		crm_buf_addc(out, '[');
		for (j = 0; j < crm_record_nvalues(r, i); j++) {
			if (j)
				crm_buf_adds(out, ", ");
			write_scalar(out, crm_record_value(r, i, j),
				     crm_record_plain(r, i, j), 1);
		}
		crm_buf_addc(out, ']');
	}
	crm_buf_adds(out, "}\n");
	return 0;
}

int
crm_yaml_write(struct crm_buf *out, const struct crm_record *r, int doc_start)
{
	size_t i, j, n = crm_record_nfields(r);

	if (doc_start)
		crm_buf_adds(out, "---\n");
	for (i = 0; i < n; i++) {
		const char *k = crm_record_key(r, i);
		size_t start = out->len;

		/* keys are one line: plain, or quoted, never a block */
		write_scalar(out, k, 0, 1);
		/* a key longer than 1024 characters must be explicit */
		if (out->len - start > 1000) {
			out->len = start;
			out->buf[start] = '\0';
			crm_buf_adds(out, "? ");
			write_double(out, k);
			crm_buf_addc(out, '\n');
		}
		crm_buf_addc(out, ':');
		if (!crm_record_is_list(r, i)) {
			crm_buf_addc(out, ' ');
			write_scalar(out, crm_record_value(r, i, 0),
				     crm_record_plain(r, i, 0), 0);
			crm_buf_addc(out, '\n');
			continue;
		}
		crm_buf_adds(out, " [");
		for (j = 0; j < crm_record_nvalues(r, i); j++) {
			if (j)
				crm_buf_adds(out, ", ");
			write_scalar(out, crm_record_value(r, i, j),
				     crm_record_plain(r, i, j), 1);
		}
		crm_buf_adds(out, "]\n");
	}
	if (n == 0)
		crm_buf_adds(out, "{}\n");
	return 0;
}
