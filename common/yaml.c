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
	if (!yaml_parser_parse(&y->parser, e))
		return parse_error(y);
	return check_event(y, e);
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

	if (in_set(s, words))
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
		return 1;
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

static int
write_handler(void *data, unsigned char *buffer, size_t size)
{
	crm_buf_add(data, buffer, size);
	return 1;
}

static int
emit(yaml_emitter_t *em, yaml_event_t *e)
{
	return yaml_emitter_emit(em, e) ? 0 : -1;
}

static int
emit_scalar(yaml_emitter_t *em, const char *s, int plain)
{
	yaml_event_t e;
	yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;

	if (!plain) {
		if (strchr(s, '\n'))
			style = YAML_LITERAL_SCALAR_STYLE;
		else if (crm_yaml_ambiguous(s))
			style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
	}
	yaml_scalar_event_initialize(&e, NULL, NULL, (const yaml_char_t *)s,
				     (int)strlen(s), 1, 1, style);
	return emit(em, &e);
}

int
crm_yaml_write(struct crm_buf *out, const struct crm_record *r, int doc_start)
{
	yaml_emitter_t em;
	yaml_event_t e;
	size_t i, j, n = crm_record_nfields(r);
	int rc = 0;

	if (!yaml_emitter_initialize(&em))
		return crm_err_set(CRM_EINTERNAL, "cannot start the YAML emitter");
	yaml_emitter_set_output(&em, write_handler, out);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);
	yaml_emitter_set_break(&em, YAML_LN_BREAK);

	yaml_stream_start_event_initialize(&e, YAML_UTF8_ENCODING);
	rc |= emit(&em, &e);
	yaml_document_start_event_initialize(&e, NULL, NULL, NULL, !doc_start);
	rc |= emit(&em, &e);
	yaml_mapping_start_event_initialize(&e, NULL, NULL, 1,
					    YAML_BLOCK_MAPPING_STYLE);
	rc |= emit(&em, &e);
	for (i = 0; i < n && rc == 0; i++) {
		rc |= emit_scalar(&em, crm_record_key(r, i), 0);
		if (!crm_record_is_list(r, i)) {
			rc |= emit_scalar(&em, crm_record_value(r, i, 0),
					  crm_record_plain(r, i, 0));
			continue;
		}
		yaml_sequence_start_event_initialize(&e, NULL, NULL, 1,
						     YAML_FLOW_SEQUENCE_STYLE);
		rc |= emit(&em, &e);
		for (j = 0; j < crm_record_nvalues(r, i); j++) {
			const char *v = crm_record_value(r, i, j);

			/* A list item cannot be a block scalar. */
			if (strchr(v, '\n')) {
				yaml_scalar_event_initialize(&e, NULL, NULL,
							     (const yaml_char_t *)v,
							     (int)strlen(v), 1, 1,
							     YAML_DOUBLE_QUOTED_SCALAR_STYLE);
				rc |= emit(&em, &e);
			} else {
				rc |= emit_scalar(&em, v,
						  crm_record_plain(r, i, j));
			}
		}
		yaml_sequence_end_event_initialize(&e);
		rc |= emit(&em, &e);
	}
	yaml_mapping_end_event_initialize(&e);
	rc |= emit(&em, &e);
	yaml_document_end_event_initialize(&e, 1);
	rc |= emit(&em, &e);
	yaml_stream_end_event_initialize(&e);
	rc |= emit(&em, &e);
	if (rc)
		rc = crm_err_set(CRM_EINTERNAL, "cannot write YAML: %s",
				 em.problem ? em.problem : "emitter error");
	yaml_emitter_delete(&em);
	return rc;
}
