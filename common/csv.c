/*
 * csv.c: a streaming reader of CSV as RFC 4180 defines it and as
 * spreadsheets and address books write it, for untrusted input: limits on
 * every size, every problem named by line, and reading on after a bad
 * record so that a caller can report them all.  It reads through its own
 * buffer and keeps one record at a time, so memory stays flat whatever
 * the size of the file.
 *
 * Declarations for crm.h:
 *
 * ---- CSV input (csv.c) ----
 *
 * A reader of CSV records.  The dialect:
 * - A UTF-8 byte order mark at the start is skipped.  A UTF-16 one is
 *   refused: transcode first.  Fields must be UTF-8 without NUL.
 * - Records end in LF, CRLF or CR alone (old Mac exports), and the last
 *   one may lack its line end.  Lines are counted the same way.
 * - Lines with nothing on them are skipped, so that a one-column file
 *   writes an empty value as "".
 * - A field starting with '"' is quoted: it ends at the next lone '"',
 *   "" inside stands for '"', and delimiters, CR and LF inside are data,
 *   kept byte for byte (CRLF stays CRLF).  The closing quote must be
 *   followed by the delimiter or the end of the record.
 * - Any other field is taken as it is: spaces around it are data, and a
 *   '"' inside it is an ordinary character.
 * - "a,b," has three fields, the last one empty.
 * Limits: 1 MiB a field; 10,000 fields and 16 MiB a record.
 *
 *	struct crm_csv;
 *
 * Reads from fp (borrowed, and read ahead past the record returned);
 * name is used in messages.
 *
 *	struct crm_csv *crm_csv_new(FILE *fp, const char *name);
 *	void crm_csv_free(struct crm_csv *c);
 *
 * Sets the field delimiter, ',' by default (';' and '\t' are common), for
 * the records read from now on.  CRM_EUSAGE unless delim is an ASCII
 * character other than NUL, '"', CR and LF.
 *
 *	int crm_csv_delimiter(struct crm_csv *c, int delim);
 *
 * Reads the next record: *fields is an array of *n NUL-terminated strings
 * and a NULL, borrowed until the next call or _free, and *line the line
 * the record starts on (from 1).  Returns 1 for a record, and 0 at the
 * end (*fields NULL, *n 0).  CRM_EDATA for a bad record (*line set,
 * *fields NULL), with the message "NAME:LINE: why" for its first problem,
 * LINE being the line of the problem itself:
 *	"byte B: invalid UTF-8", "byte B: NUL byte",
 *	"byte B: character after closing quote" (B: the byte's column, from 1;
 *	    " (opened on line L)" follows when the quote opened on another line),
 *	"field F longer than 1 MiB", "more than 10000 fields",
 *	"record longer than 16 MiB",
 *	"byte B: unterminated quoted field" (the line where the quote opened),
 *	"UTF-16 text, not UTF-8 (convert it with iconv)" (line 1).
 * The reader goes on after the end of the bad record, found by its quotes,
 * so that the caller can report every bad record; after an unterminated
 * quote, which runs to the end of the input, or UTF-16, the next call
 * returns 0.  CRM_EIO on a read error, and the reader is at its end.
 *
 *	int crm_csv_next(struct crm_csv *c, char ***fields, size_t *n,
 *			 long *line);
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "internal.h"

/* The fuzz target builds with a few bytes, to read astride every chunk. */
#ifndef CRM_CSV_CHUNK
#define CRM_CSV_CHUNK 65536
#endif
_Static_assert(CRM_CSV_CHUNK >= 3, "a byte order mark fits in a chunk");
#define FIELD_MAX (1u << 20)
#define RECORD_MAX (16u << 20)
#define FIELDS_MAX 10000

struct crm_csv {
	FILE *fp;
	char *name;
	int started;		/* the byte order mark was looked for */
	int eof;		/* fp gave its last byte */
	int ioerr;		/* errno of a failed read, or 0 */
	int done;		/* every call returns 0 */
	unsigned char stop[256];	/* bytes ending an unquoted stretch */
	unsigned char qstop[256];	/* and a quoted one */
	unsigned char in[CRM_CSV_CHUNK];
	size_t pos, len;	/* in[pos..len) is unread */
	long long base;		/* input offset of in[0] */
	long line;		/* the line of in[pos] */
	long long line_off;	/* input offset where that line starts */

	/* the record being read */
	struct crm_buf rec;	/* field contents, each followed by a NUL */
	size_t *off;		/* where each field starts in rec */
	char **fields;		/* the same as pointers, then NULL */
	size_t nfields, cap;
	int bad;		/* crm_err_set has named its problem */
	/* the field being read */
	long fline;		/* where its content starts */
	long long fcol;
	int fquoted;
	long qline;		/* where its opening quote was */
};

struct crm_csv *
crm_csv_new(FILE *fp, const char *name)
{
	struct crm_csv *c = crm_xcalloc(1, sizeof(*c));

	c->fp = fp;
	c->name = crm_xstrdup(name);
	c->line = 1;
	c->qstop['"'] = c->qstop['\n'] = c->qstop['\r'] = 1;
	crm_csv_delimiter(c, ',');
	return c;
}

void
crm_csv_free(struct crm_csv *c)
{
	if (!c)
		return;
	crm_buf_release(&c->rec);
	free(c->off);
	free(c->fields);
	free(c->name);
	free(c);
}

int
crm_csv_delimiter(struct crm_csv *c, int delim)
{
	if (delim <= 0 || delim > 0x7f || delim == '"' || delim == '\n' ||
	    delim == '\r')
		return crm_err_set(CRM_EUSAGE,
				   "the CSV delimiter must be one ASCII character other than a quote or a line end");
	memset(c->stop, 0, sizeof(c->stop));
	c->stop[delim] = c->stop['\n'] = c->stop['\r'] = 1;
	return 0;
}

/* Makes in[pos] readable; 0 at the end of the input or on a read error. */
static int
fill(struct crm_csv *c)
{
	size_t n;

	if (c->pos < c->len)
		return 1;
	if (c->eof)
		return 0;
	c->base += (long long)c->len;
	c->pos = c->len = 0;
	errno = 0;
	n = fread(c->in, 1, sizeof(c->in), c->fp);
	if (n < sizeof(c->in)) {
		/* not again: a terminal would wait for a second end of file */
		c->eof = 1;
		if (ferror(c->fp)) {
			c->ioerr = errno ? errno : EIO;
			return 0;
		}
	}
	c->len = n;
	return n > 0;
}

/* The column, from 1, of in[i] on the current line. */
static long long
column(const struct crm_csv *c, size_t i)
{
	return c->base + (long long)i - c->line_off + 1;
}

/* Adds s[0..n) to the field, unless a limit is passed. */
static void
put(struct crm_csv *c, const void *s, size_t n)
{
	if (c->bad)
		return;
	if (c->rec.len - c->off[c->nfields] + n > FIELD_MAX) {
		c->bad = 1;
		crm_err_set(CRM_EDATA, "%s:%ld: field %zu longer than 1 MiB",
			    c->name, c->fline, c->nfields + 1);
		return;
	}
	if (c->rec.len + n > RECORD_MAX) {
		c->bad = 1;
		crm_err_set(CRM_EDATA, "%s:%ld: record longer than 16 MiB",
			    c->name, c->fline);
		return;
	}
	crm_buf_add(&c->rec, s, n);
}

/* Consumes the line end at in[pos] (LF, CR LF or CR), into the field if keep. */
static void
line_end(struct crm_csv *c, int keep)
{
	unsigned char ch = c->in[c->pos++];

	if (keep)
		put(c, &ch, 1);
	if (ch == '\r' && fill(c) && c->in[c->pos] == '\n') {
		c->pos++;
		if (keep)
			put(c, "\n", 1);
	}
	c->line++;
	c->line_off = c->base + (long long)c->pos;
}

/* Reads until a byte of stop, or the end of the input. */
static void
stretch(struct crm_csv *c, const unsigned char *stop)
{
	const unsigned char *p, *q, *e;

	while (fill(c)) {
		p = q = c->in + c->pos;
		e = c->in + c->len;
		while (q < e && !stop[*q])
			q++;
		put(c, p, (size_t)(q - p));
		c->pos = (size_t)(q - c->in);
		if (q < e)
			return;
	}
}

/*
 * Reads a quoted field from its opening quote at in[pos] through its
 * closing quote.  CRM_EDATA when the input ends first.
 */
static int
quoted(struct crm_csv *c)
{
	long qline = c->line;
	long long qcol = column(c, c->pos);

	c->pos++;
	c->fquoted = 1;
	c->fcol = qcol + 1;
	c->qline = qline;
	for (;;) {
		stretch(c, c->qstop);
		if (!fill(c)) {
			c->done = 1;
			c->bad = 1;
			/* it overrides any other problem: it explains them */
			return crm_err_set(CRM_EDATA,
					   "%s:%ld: byte %lld: unterminated quoted field",
					   c->name, qline, qcol);
		}
		if (c->in[c->pos] != '"') {
			line_end(c, 1);
			continue;
		}
		c->pos++;
		if (!fill(c) || c->in[c->pos] != '"')
			return 0;
		put(c, "\"", 1);
		c->pos++;
	}
}

static void
begin_field(struct crm_csv *c)
{
	c->fline = c->line;
	c->fcol = column(c, c->pos);
	c->fquoted = 0;
	if (!c->bad && c->nfields == FIELDS_MAX) {
		c->bad = 1;
		crm_err_set(CRM_EDATA, "%s:%ld: more than %d fields", c->name,
			    c->line, FIELDS_MAX);
	}
	if (c->bad)
		return;
	if (c->nfields == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->off = crm_xrealloc(c->off, c->cap * sizeof(*c->off));
		c->fields = crm_xrealloc(c->fields,
					 (c->cap + 1) * sizeof(*c->fields));
	}
	c->off[c->nfields] = c->rec.len;
}

/* Names the line and column of the field's byte s[k], which is bad. */
static void
bad_byte(struct crm_csv *c, const char *s, size_t len, size_t k)
{
	long line = c->fline;
	long long col = c->fcol;
	size_t i;

	for (i = 0; i < k; i++) {
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= len ||
						      s[i + 1] != '\n')))
			line++, col = 1;
		else
			col += c->fquoted && s[i] == '"' ? 2 : 1;
	}
	c->bad = 1;
	crm_err_set(CRM_EDATA, "%s:%ld: byte %lld: %s", c->name, line, col,
		    s[k] ? "invalid UTF-8" : "NUL byte");
}

static void
end_field(struct crm_csv *c)
{
	const char *s;
	size_t len, k;

	if (c->bad)
		return;
	len = c->rec.len - c->off[c->nfields];
	if (len) {
		s = c->rec.buf + c->off[c->nfields];
		k = crm_text_invalid_at(s, len);
		if (k < len) {
			bad_byte(c, s, len, k);
			return;
		}
	}
	crm_buf_addc(&c->rec, '\0');
	c->nfields++;
}

/*
 * Names the byte after a closing quote, and where the quote opened when
 * that was on another line: often a quote left open long before.
 */
static void
after_quote(struct crm_csv *c)
{
	struct crm_buf where = CRM_BUF_INIT;

	if (c->qline != c->line)
		crm_buf_addf(&where, " (opened on line %ld)", c->qline);
	c->bad = 1;
	crm_err_set(CRM_EDATA,
		    "%s:%ld: byte %lld: character after closing quote%s",
		    c->name, c->line, column(c, c->pos), crm_buf_str(&where));
	crm_buf_release(&where);
}

/* Reads the fields of a record and its line end. */
static int
read_record(struct crm_csv *c)
{
	int rc;

	for (;;) {
		begin_field(c);
		if (c->in[c->pos] == '"') {
			if ((rc = quoted(c)) < 0)
				return rc;
			if (fill(c) && !c->stop[c->in[c->pos]] && !c->bad)
				after_quote(c);
		}
		/* after a bad closing quote too, to find the record's end */
		stretch(c, c->stop);
		end_field(c);
		if (!fill(c))
			return 0;
		if (c->in[c->pos] == '\n' || c->in[c->pos] == '\r') {
			line_end(c, 0);
			return 0;
		}
		c->pos++;
		/* a delimiter at the end of the input ends an empty field */
		if (!fill(c)) {
			begin_field(c);
			end_field(c);
			return 0;
		}
	}
}

/* Skips a UTF-8 byte order mark; refuses UTF-16 (and UTF-32). */
static int
start(struct crm_csv *c)
{
	const unsigned char *p;

	c->started = 1;
	/* fread fills the buffer unless the input is shorter */
	if (!fill(c))
		return 0;
	p = c->in + c->pos;
	if (c->len - c->pos >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		c->pos += 3;
		c->line_off = c->base + (long long)c->pos;
	} else if (c->len - c->pos >= 2 &&
		   (memcmp(p, "\xff\xfe", 2) == 0 ||
		    memcmp(p, "\xfe\xff", 2) == 0)) {
		c->done = 1;
		return crm_err_set(CRM_EDATA,
				   "%s:1: UTF-16 text, not UTF-8 (convert it with iconv)",
				   c->name);
	}
	return 0;
}

int
crm_csv_next(struct crm_csv *c, char ***fields, size_t *n, long *line)
{
	size_t i;
	int rc = 0;

	*fields = NULL;
	*n = 0;
	*line = c->line;
	if (c->done)
		return 0;
	if (!c->started && (rc = start(c)) < 0)
		return rc;
	while (fill(c) && (c->in[c->pos] == '\n' || c->in[c->pos] == '\r'))
		line_end(c, 0);
	*line = c->line;
	if (!c->ioerr && c->pos < c->len) {
		crm_buf_reset(&c->rec);
		c->nfields = 0;
		c->bad = 0;
		rc = read_record(c);
	} else {
		c->done = 1;
	}
	if (c->ioerr) {
		c->done = 1;
		return crm_err_set(CRM_EIO, "%s: %s", c->name,
				   strerror(c->ioerr));
	}
	if (c->done && !rc)
		return 0;
	if (rc < 0 || c->bad)
		return CRM_EDATA;
	for (i = 0; i < c->nfields; i++)
		c->fields[i] = c->rec.buf + c->off[i];
	c->fields[i] = NULL;
	*fields = c->fields;
	*n = c->nfields;
	return 1;
}
