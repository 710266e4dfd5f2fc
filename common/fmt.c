/*
 * fmt.c: the output formats of SPEC "Pipes and output" for rows of named
 * columns.  tsv, csv, json (JSON Lines) and yaml rows are written as they
 * come, so a query streams in constant memory; a table is held until
 * crm_fmt_end, which aligns the columns by display width and fits them to
 * the terminal.  Whole records in YAML are yaml.c's business; here a yaml
 * row is a flat mapping of strings.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"
#include "internal.h"

/* A shrunken table column keeps at least this many columns. */
#define MINCOL 4

#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')

struct crm_fmt {
	FILE *fp;
	enum crm_format f;
	size_t ncols;
	char **names;
	int *numeric;		/* NULL when no column is numeric */
	int header;
	size_t width;
	int started;		/* the header (if any) is out */
	int ended;
	int err;		/* errno of the first failed write */
	struct crm_buf line;
	/* tables: nrows * ncols display-safe cells and their widths */
	char **cells;
	size_t *cellw;
	size_t nrows, arows;
};

int
crm_format_parse(const char *s)
{
	static const struct {
		const char *name;
		enum crm_format f;
	} formats[] = {
		{ "auto", CRM_FMT_AUTO },
		{ "table", CRM_FMT_TABLE },
		{ "tsv", CRM_FMT_TSV },
		{ "csv", CRM_FMT_CSV },
		{ "json", CRM_FMT_JSON },
		{ "yaml", CRM_FMT_YAML },
	};
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(s, formats[i].name) == 0)
			return (int)formats[i].f;
	crm_err_set(CRM_EUSAGE,
		    "unknown format '%s' (expected table, tsv, csv, json or yaml)",
		    s);
	return -1;
}

/*
 * Decodes the character at s (n > 0 bytes) into *cp and returns its
 * length, or 0 for an invalid byte.  text.c judges validity, so that
 * utf8proc stays in one module; a valid sequence is then easy to decode.
 */
static size_t
next_char(uint32_t *cp, const unsigned char *s, size_t n)
{
	size_t k, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (crm_text_invalid_at((const char *)s, n < 4 ? n : 4) == 0)
		return 0;
	k = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
	c = s[0] & (0x7f >> k);
	for (i = 1; i < k; i++)
		c = c << 6 | (s[i] & 0x3f);
	*cp = c;
	return k;
}

void
crm_fmt_tsv_escape(struct crm_buf *out, const char *s)
{
	size_t n;

	for (;;) {
		n = strcspn(s, "\t\n\r\\");
		crm_buf_add(out, s, n);
		s += n;
		switch (*s++) {
		case '\0':
			return;
		case '\t':
			crm_buf_adds(out, "\\t");
			break;
		case '\n':
			crm_buf_adds(out, "\\n");
			break;
		case '\r':
			crm_buf_adds(out, "\\r");
			break;
		default:
			crm_buf_adds(out, "\\\\");
			break;
		}
	}
}

/*
 * A cell a spreadsheet would run as a formula: one that starts with '=',
 * '+', '-', '@', a tab or a CR, unless it is a plain number ("-12.50",
 * "+33123456789"), which a spreadsheet reads as a number anyway.
 */
int
crm_fmt_csv_formula(const char *s)
{
	const char *p = s + 1;

	if (!*s || !strchr("=+-@\t\r", *s))
		return 0;
	if (*s == '+' || *s == '-') {
		size_t d = strspn(p, "0123456789");

		if (d && p[d] == '.')
			d += 1 + strspn(p + d + 1, "0123456789");
		if (d && !p[d])
			return 0;
	}
	return 1;
}

void
crm_fmt_csv_escape(struct crm_buf *out, const char *s)
{
	size_t n = strlen(s);
	const char *q;

	if (crm_fmt_csv_formula(s)) {
		/* as text: the quote a spreadsheet shows and crm-add drops */
		struct crm_buf t = CRM_BUF_INIT;

		crm_buf_addc(&t, '\'');
		crm_buf_adds(&t, s);
		crm_fmt_csv_escape(out, t.buf);
		crm_buf_release(&t);
		return;
	}

	/* spaces at either end are quoted, as readers that trim would lose them */
	if (!s[strcspn(s, ",\"\r\n")] &&
	    !(n && (s[0] == ' ' || s[n - 1] == ' '))) {
		crm_buf_add(out, s, n);
		return;
	}
	crm_buf_addc(out, '"');
	while ((q = strchr(s, '"'))) {
		crm_buf_add(out, s, (size_t)(q - s) + 1);
		crm_buf_addc(out, '"');
		s = q + 1;
	}
	crm_buf_adds(out, s);
	crm_buf_addc(out, '"');
}

/*
 * Appends s made safe for a terminal: a name must not be able to move
 * the cursor, recolour the screen or reorder the line.  Newline, tab and
 * carriage return show as \n \t \r; other C0 controls, DEL and invalid
 * bytes as \xHH (the byte); C1 controls, the bidirectional embeddings,
 * overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the line and
 * paragraph separators as \uXXXX.
 */
static void
sanitize(struct crm_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), k;
	uint32_t c;

	while (n) {
		k = next_char(&c, p, n);
		if (!k) {
			crm_buf_addf(out, "\\x%02x", *p);
			p++, n--;
			continue;
		}
		if (c == '\n')
			crm_buf_adds(out, "\\n");
		else if (c == '\t')
			crm_buf_adds(out, "\\t");
		else if (c == '\r')
			crm_buf_adds(out, "\\r");
		else if (c < 0x20 || c == 0x7f)
			crm_buf_addf(out, "\\x%02x", (unsigned)c);
		else if ((c >= 0x80 && c < 0xa0) ||
			 (c >= 0x202a && c <= 0x202e) ||
			 (c >= 0x2066 && c <= 0x2069) ||
			 c == 0x2028 || c == 0x2029)
			crm_buf_addf(out, "\\u%04x", (unsigned)c);
		else
			crm_buf_add(out, p, k);
		p += k, n -= k;
	}
}

struct crm_fmt *
crm_fmt_new(FILE *fp, enum crm_format f, size_t ncols,
	    const char *const *names, int header, size_t width)
{
	struct crm_fmt *w = crm_xcalloc(1, sizeof(*w));
	size_t i;

	/* callers normally resolve AUTO (crm_cli_format); same rule here */
	if (f == CRM_FMT_AUTO)
		f = isatty(fileno(fp)) ? CRM_FMT_TABLE : CRM_FMT_TSV;
	w->fp = fp;
	w->f = f;
	w->ncols = ncols;
	w->header = header;
	w->width = width;
	w->names = crm_xcalloc(ncols, sizeof(*w->names));
	for (i = 0; i < ncols; i++)
		w->names[i] = crm_xstrdup(names[i] ? names[i] : "");
	return w;
}

void
crm_fmt_numeric(struct crm_fmt *w, const int *numeric)
{
	free(w->numeric);
	w->numeric = NULL;
	if (!numeric)
		return;
	w->numeric = crm_xcalloc(w->ncols, sizeof(*w->numeric));
	memcpy(w->numeric, numeric, w->ncols * sizeof(*numeric));
}

static int
is_numeric(const struct crm_fmt *w, size_t i)
{
	return w->numeric && w->numeric[i];
}

/* Writes w->line; the first failure's errno is kept for crm_fmt_end. */
static int
flush_line(struct crm_fmt *w)
{
	if (w->line.len &&
	    fwrite(w->line.buf, 1, w->line.len, w->fp) != w->line.len &&
	    !w->err)
		w->err = errno ? errno : EIO;
	crm_buf_reset(&w->line);
	if (ferror(w->fp))
		return crm_err_set(CRM_EIO, "write error: %s",
				   strerror(w->err ? w->err : EIO));
	return 0;
}

static void
add_header(struct crm_fmt *w)
{
	size_t i;

	for (i = 0; i < w->ncols; i++) {
		if (w->f == CRM_FMT_TSV) {
			if (i)
				crm_buf_addc(&w->line, '\t');
			crm_fmt_tsv_escape(&w->line, w->names[i]);
		} else {
			if (i)
				crm_buf_addc(&w->line, ',');
			crm_fmt_csv_escape(&w->line, w->names[i]);
		}
	}
	crm_buf_adds(&w->line, w->f == CRM_FMT_TSV ? "\n" : "\r\n");
}

static void
add_tsv(struct crm_fmt *w, const char *const *v)
{
	size_t i;

	for (i = 0; i < w->ncols; i++) {
		if (i)
			crm_buf_addc(&w->line, '\t');
		if (v[i])
			crm_fmt_tsv_escape(&w->line, v[i]);
	}
	crm_buf_addc(&w->line, '\n');
}

static void
add_csv(struct crm_fmt *w, const char *const *v)
{
	size_t i;

	/* a lone empty field would be a blank line, which readers skip */
	if (w->ncols == 1 && (!v[0] || !*v[0])) {
		crm_buf_adds(&w->line, "\"\"\r\n");
		return;
	}
	for (i = 0; i < w->ncols; i++) {
		if (i)
			crm_buf_addc(&w->line, ',');
		if (v[i])
			crm_fmt_csv_escape(&w->line, v[i]);
	}
	crm_buf_adds(&w->line, "\r\n");
}

static void
add_json(struct crm_fmt *w, const char *const *v)
{
	size_t i;
	int first = 1;

	crm_buf_addc(&w->line, '{');
	for (i = 0; i < w->ncols; i++) {
		if (!v[i])
			continue;
		if (!first)
			crm_buf_addc(&w->line, ',');
		first = 0;
		crm_json_string(&w->line, w->names[i]);
		crm_buf_addc(&w->line, ':');
		if (is_numeric(w, i) && crm_json_number(v[i]))
			crm_buf_adds(&w->line, v[i]);
		else
			crm_json_string(&w->line, v[i]);
	}
	crm_buf_adds(&w->line, "}\n");
}

static void
add_yaml(struct crm_fmt *w, const char *const *v)
{
	size_t i;
	int empty = 1;

	crm_buf_adds(&w->line, "---\n");
	for (i = 0; i < w->ncols; i++) {
		if (!v[i])
			continue;
		empty = 0;
		crm_yaml_scalar(&w->line, w->names[i], 0);
		crm_buf_adds(&w->line, ": ");
		crm_yaml_scalar(&w->line, v[i],
				is_numeric(w, i) && crm_json_number(v[i]));
		crm_buf_addc(&w->line, '\n');
	}
	/* "---" alone would be a null document, not an empty mapping */
	if (empty) {
		w->line.len--;
		crm_buf_adds(&w->line, " {}\n");
	}
}

static void
add_table_row(struct crm_fmt *w, const char *const *v)
{
	struct crm_buf cell = CRM_BUF_INIT;
	size_t i, base;

	if (w->nrows == w->arows) {
		w->arows = w->arows ? w->arows * 2 : 16;
		w->cells = crm_xrealloc(w->cells, w->arows * w->ncols *
					sizeof(*w->cells));
		w->cellw = crm_xrealloc(w->cellw, w->arows * w->ncols *
					sizeof(*w->cellw));
	}
	base = w->nrows * w->ncols;
	for (i = 0; i < w->ncols; i++) {
		sanitize(&cell, v[i] ? v[i] : "");
		w->cellw[base + i] = crm_text_width(crm_buf_str(&cell));
		w->cells[base + i] = crm_buf_detach(&cell);
	}
	w->nrows++;
}

int
crm_fmt_row(struct crm_fmt *w, const char *const *values)
{
	if (w->f == CRM_FMT_TABLE) {
		add_table_row(w, values);
		return 0;
	}
	if (!w->started) {
		w->started = 1;
		if (w->f == CRM_FMT_CSV || (w->f == CRM_FMT_TSV && w->header))
			add_header(w);
	}
	switch (w->f) {
	case CRM_FMT_CSV:
		add_csv(w, values);
		break;
	case CRM_FMT_JSON:
		add_json(w, values);
		break;
	case CRM_FMT_YAML:
		add_yaml(w, values);
		break;
	default:
		add_tsv(w, values);
		break;
	}
	return flush_line(w);
}

/*
 * Fits the column widths colw (the widest cell of each) into width
 * terminal columns, two of them between columns.  The widest columns
 * give way first: every column is capped at the largest c for which the
 * total fits, and the columns left at the cap share what remains.  No
 * column goes below MINCOL (or its natural width when smaller); when
 * even that is too wide, lines run over.
 */
static void
fit_columns(size_t *colw, size_t ncols, size_t width)
{
	size_t sep = 2 * (ncols - 1), total = sep, maxw = 0, budget, lo, hi,
	       mid, sum, i, *orig;

	for (i = 0; i < ncols; i++) {
		total += colw[i];
		if (colw[i] > maxw)
			maxw = colw[i];
	}
	if (!width || total <= width)
		return;
	budget = width > sep ? width - sep : 0;
	orig = crm_xmalloc(ncols * sizeof(*orig));
	memcpy(orig, colw, ncols * sizeof(*orig));

	/* largest cap lo in [0, maxw) whose total is within budget */
	lo = 0;
	hi = maxw;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		for (sum = 0, i = 0; i < ncols; i++)
			sum += orig[i] < mid ? orig[i] :
			       mid > MINCOL ? mid :
			       orig[i] < MINCOL ? orig[i] : MINCOL;
		if (sum <= budget)
			lo = mid;
		else
			hi = mid;
	}
	for (sum = 0, i = 0; i < ncols; i++) {
		if (orig[i] > lo)
			colw[i] = lo > MINCOL ? lo :
				  orig[i] < MINCOL ? orig[i] : MINCOL;
		sum += colw[i];
	}
	/* fewer columns sit at the cap than there are spare columns left */
	for (i = 0; i < ncols && sum < budget; i++)
		if (colw[i] == lo && orig[i] > lo && lo >= MINCOL) {
			colw[i]++;
			sum++;
		}
	free(orig);
}

/* Adds one table line of cells (widths cw) to w->line and writes it. */
static int
table_line(struct crm_fmt *w, char *const *cells, const size_t *cw,
	   const size_t *colw)
{
	struct crm_buf cut = CRM_BUF_INIT;
	const char *s;
	size_t i, n;

	for (i = 0; i < w->ncols; i++) {
		s = cells[i];
		n = cw[i];
		if (n > colw[i]) {
			crm_buf_reset(&cut);
			crm_text_cut(&cut, s, colw[i]);
			s = crm_buf_str(&cut);
			n = crm_text_width(s);
		}
		crm_buf_adds(&w->line, s);
		if (i + 1 < w->ncols)
			for (n = colw[i] - n + 2; n; n--)
				crm_buf_addc(&w->line, ' ');
	}
	crm_buf_release(&cut);
	/* empty trailing cells must not leave padding behind */
	while (w->line.len && w->line.buf[w->line.len - 1] == ' ')
		w->line.len--;
	crm_buf_addc(&w->line, '\n');
	return flush_line(w);
}

static int
write_table(struct crm_fmt *w)
{
	char **hcells;
	size_t *hw, *colw, i, r;
	struct crm_buf cell = CRM_BUF_INIT;
	int rc = 0;

	/* no rows, no table: like ls(1) in an empty directory */
	if (!w->nrows)
		return 0;
	hcells = crm_xcalloc(w->ncols, sizeof(*hcells));
	hw = crm_xcalloc(w->ncols, sizeof(*hw));
	colw = crm_xcalloc(w->ncols, sizeof(*colw));
	for (i = 0; i < w->ncols; i++) {
		sanitize(&cell, w->names[i]);
		hw[i] = colw[i] = crm_text_width(crm_buf_str(&cell));
		hcells[i] = crm_buf_detach(&cell);
	}
	for (r = 0; r < w->nrows; r++)
		for (i = 0; i < w->ncols; i++)
			if (w->cellw[r * w->ncols + i] > colw[i])
				colw[i] = w->cellw[r * w->ncols + i];
	if (w->ncols)
		fit_columns(colw, w->ncols, w->width);

	rc = table_line(w, hcells, hw, colw);
	for (r = 0; r < w->nrows && !rc; r++)
		rc = table_line(w, w->cells + r * w->ncols,
				w->cellw + r * w->ncols, colw);

	for (i = 0; i < w->ncols; i++)
		free(hcells[i]);
	free(hcells);
	free(hw);
	free(colw);
	return rc;
}

int
crm_fmt_end(struct crm_fmt *w)
{
	int rc = 0;

	if (w->ended)
		return 0;
	w->ended = 1;
	if (w->f == CRM_FMT_TABLE) {
		rc = write_table(w);
	} else if (!w->started) {
		/* an empty result still names its columns where a header is due */
		w->started = 1;
		if (w->f == CRM_FMT_CSV || (w->f == CRM_FMT_TSV && w->header)) {
			add_header(w);
			rc = flush_line(w);
		}
	}
	if (fflush(w->fp) != 0 && !w->err)
		w->err = errno;
	if (rc == 0 && ferror(w->fp))
		rc = crm_err_set(CRM_EIO, "write error: %s",
				 strerror(w->err ? w->err : EIO));
	return rc;
}

void
crm_fmt_free(struct crm_fmt *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->ncols; i++)
		free(w->names[i]);
	free(w->names);
	free(w->numeric);
	for (i = 0; i < w->nrows * w->ncols; i++)
		free(w->cells[i]);
	free(w->cells);
	free(w->cellw);
	crm_buf_release(&w->line);
	free(w);
}
