/*
 * html.c: a report as one self-contained HTML page: its table and an SVG
 * chart (bars, a line, or a heat map for cohorts), with the styles inline
 * and no script, no font and no image to fetch, so that the file reads
 * the same offline, in a mail attachment and on paper.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "internal.h"

#define BAR_ROWS 60		/* bars drawn at most */
#define LINE_POINTS 500		/* points of a line at most */
#define HEAT_SIDE 80		/* rows and columns of a heat map at most */

static void
esc(struct crm_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			crm_buf_adds(b, "&amp;");
			break;
		case '<':
			crm_buf_adds(b, "&lt;");
			break;
		case '>':
			crm_buf_adds(b, "&gt;");
			break;
		case '"':
			crm_buf_adds(b, "&quot;");
			break;
		case '\'':
			crm_buf_adds(b, "&#39;");
			break;
		default:
			crm_buf_addc(b, *s);
		}
	}
}

static long
column(const struct crm_table *t, const char *name)
{
	size_t i;

	for (i = 0; name && i < t->ncols; i++)
		if (strcmp(t->names[i], name) == 0)
			return (long)i;
	return -1;
}

/* The rows of the chart: those of its section, at most max. */
static size_t
chart_rows(size_t **out, const struct crm_table *t, const struct crm_chart *c,
	   size_t max)
{
	size_t i, n = 0;

	*out = crm_xcalloc(t->nrows + 1, sizeof(**out));
	for (i = 0; i < t->nrows && n < max; i++) {
		const char *s = t->cells[i * t->ncols];

		if (c->section && (!s || strcmp(s, c->section)))
			continue;
		(*out)[n++] = i;
	}
	return n;
}

static double
num(const char *s)
{
	char *end;
	double v;

	if (!s || !*s)
		return 0;
	v = strtod(s, &end);
	return isfinite(v) ? v : 0;
}

/* A number for an axis: short, without needless decimals. */
static void
axis_text(char out[32], double v)
{
	double a = fabs(v);

	if (a >= 1e9)
		snprintf(out, 32, "%.3gG", v / 1e9);
	else if (a >= 1e6)
		snprintf(out, 32, "%.3gM", v / 1e6);
	else if (a >= 1e4)
		snprintf(out, 32, "%.3gk", v / 1e3);
	else
		snprintf(out, 32, "%.4g", v);
}

static void
svg_open(struct crm_buf *b, int w, int h, const char *label)
{
	crm_buf_addf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		     "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
		     "role=\"img\" aria-label=\"", w, h, w, h);
	esc(b, label);
	crm_buf_adds(b, "\"><title>");
	esc(b, label);
	crm_buf_adds(b, "</title>\n");
}

/* Horizontal bars, one a row, from a zero line (negative ones leftwards). */
static void
bars(struct crm_buf *b, const struct crm_table *t, const struct crm_chart *c,
     long lc, long vc)
{
	const int lw = 200, bw = 480, rh = 22, top = 8;
	size_t *rows, n = chart_rows(&rows, t, c, BAR_ROWS), i;
	double lo = 0, hi = 0, v, x0, scale;
	int h = top * 2 + (int)n * rh;

	for (i = 0; i < n; i++) {
		v = num(t->cells[rows[i] * t->ncols + vc]);
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	scale = hi > lo ? bw / (hi - lo) : 0;
	x0 = lw + (0 - lo) * scale;
	svg_open(b, lw + bw + 110, h, c->caption);
	for (i = 0; i < n; i++) {
		const char *label = t->cells[rows[i] * t->ncols + lc];
		const char *val = t->cells[rows[i] * t->ncols + vc];
		double y = top + (double)i * rh, x, w;

		v = num(val);
		w = fabs(v) * scale;
		x = v < 0 ? x0 - w : x0;
		crm_buf_addf(b, "<text class=\"label\" x=\"%d\" y=\"%.1f\">",
			     lw - 8, y + rh * 0.68);
		esc(b, label && *label ? label : "(none)");
		crm_buf_addf(b, "</text><rect class=\"bar%s\" x=\"%.1f\" y=\"%.1f\" "
			     "width=\"%.1f\" height=\"%d\"><title>",
			     v < 0 ? " neg" : "", x, y + 3, w, rh - 6);
		esc(b, label);
		crm_buf_adds(b, ": ");
		esc(b, val);
		crm_buf_addf(b, "</title></rect><text class=\"value\" x=\"%.1f\" "
			     "y=\"%.1f\">", (v < 0 ? x0 : x + w) + 6, y + rh * 0.68);
		esc(b, val);
		crm_buf_adds(b, "</text>\n");
	}
	crm_buf_addf(b, "<line class=\"axis\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
		     "y2=\"%d\"/>\n", x0, top, x0, h - top);
	crm_buf_adds(b, "</svg>\n");
	free(rows);
}

/* A line over the rows in order (periods), with a grid and its labels. */
static void
line(struct crm_buf *b, const struct crm_table *t, const struct crm_chart *c,
     long lc, long vc)
{
	const int w = 760, h = 280, ml = 70, mr = 44, mt = 16, mb = 44;
	size_t *rows, n = chart_rows(&rows, t, c, LINE_POINTS), i, every;
	double lo = 0, hi = 0, v, x, y, pw = w - ml - mr, ph = h - mt - mb;
	char a[32];
	int k;

	for (i = 0; i < n; i++) {
		v = num(t->cells[rows[i] * t->ncols + vc]);
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	if (hi <= lo)
		hi = lo + 1;
	svg_open(b, w, h, c->caption);
	for (k = 0; k <= 4; k++) {
		v = lo + (hi - lo) * k / 4;
		y = mt + ph - (v - lo) / (hi - lo) * ph;
		axis_text(a, v);
		crm_buf_addf(b, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" "
			     "x2=\"%d\" y2=\"%.1f\"/><text class=\"label\" "
			     "x=\"%d\" y=\"%.1f\">%s</text>\n",
			     ml, y, w - mr, y, ml - 6, y + 4, a);
	}
	every = n > 12 ? (n + 11) / 12 : 1;
	crm_buf_adds(b, "<polyline class=\"line\" points=\"");
	for (i = 0; i < n; i++) {
		x = ml + (n > 1 ? pw * (double)i / (double)(n - 1) : pw / 2);
		y = mt + ph - (num(t->cells[rows[i] * t->ncols + vc]) - lo) /
			     (hi - lo) * ph;
		crm_buf_addf(b, "%s%.1f,%.1f", i ? " " : "", x, y);
	}
	crm_buf_adds(b, "\"/>\n");
	for (i = 0; i < n; i++) {
		const char *label = t->cells[rows[i] * t->ncols + lc];
		const char *val = t->cells[rows[i] * t->ncols + vc];

		x = ml + (n > 1 ? pw * (double)i / (double)(n - 1) : pw / 2);
		y = mt + ph - (num(val) - lo) / (hi - lo) * ph;
		crm_buf_addf(b, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" "
			     "r=\"3\"><title>", x, y);
		esc(b, label);
		crm_buf_adds(b, ": ");
		esc(b, val);
		crm_buf_adds(b, "</title></circle>\n");
		if (i % every == 0 || i == n - 1) {
			crm_buf_addf(b, "<text class=\"tick\" x=\"%.1f\" y=\"%d\">",
				     x, h - mb + 18);
			esc(b, label);
			crm_buf_adds(b, "</text>\n");
		}
	}
	crm_buf_adds(b, "</svg>\n");
	free(rows);
}

/*
 * A cohort's triangle: a cell per cohort and later period, darker as
 * the share of the cohort it holds grows (counts are shares of the
 * cohort's size, the column before the first value).
 */
static void
heat(struct crm_buf *b, const struct crm_table *t, const struct crm_chart *c,
     long lc)
{
	const int cw = 46, ch = 24, ml = 90, mt = 24;
	size_t *rows, n = chart_rows(&rows, t, c, HEAT_SIDE), i, j;
	size_t first = c->first, ncol = t->ncols > first ? t->ncols - first : 0;
	int w, h;

	if (ncol > HEAT_SIDE)
		ncol = HEAT_SIDE;
	w = ml + (int)ncol * cw + 10;
	h = mt + (int)n * ch + 10;
	svg_open(b, w, h, c->caption);
	for (j = 0; j < ncol; j++) {
		crm_buf_addf(b, "<text class=\"tick\" x=\"%d\" y=\"%d\">",
			     ml + (int)j * cw + cw / 2, mt - 8);
		esc(b, t->names[first + j]);
		crm_buf_adds(b, "</text>\n");
	}
	for (i = 0; i < n; i++) {
		const char *const *row = (const char *const *)&t->cells[rows[i] * t->ncols];
		double size = first > 0 ? num(row[first - 1]) : 0;
		int y = mt + (int)i * ch;

		crm_buf_addf(b, "<text class=\"label\" x=\"%d\" y=\"%d\">",
			     ml - 8, y + ch * 2 / 3);
		esc(b, row[lc]);
		crm_buf_adds(b, "</text>\n");
		for (j = 0; j < ncol; j++) {
			const char *cell = row[first + j];
			double share;
			int x = ml + (int)j * cw, light;

			if (!cell || !*cell)
				continue;
			share = c->counts ? (size > 0 ? 100 * num(cell) / size : 0) :
					    num(cell);
			share = share < 0 ? 0 : share > 100 ? 100 : share;
			/* from #eef3fb to #1d4f91 */
			light = share < 50;
			crm_buf_addf(b, "<rect class=\"cell\" x=\"%d\" y=\"%d\" "
				     "width=\"%d\" height=\"%d\" fill=\"rgb(%d,%d,%d)\">"
				     "<title>", x, y, cw - 2, ch - 2,
				     (int)(238 - share * 2.09), (int)(243 - share * 1.64),
				     (int)(251 - share * 1.06));
			esc(b, row[lc]);
			crm_buf_addf(b, " +%s: ", t->names[first + j]);
			esc(b, cell);
			crm_buf_addf(b, "</title></rect><text class=\"%s\" x=\"%d\" "
				     "y=\"%d\">", light ? "in" : "in dark",
				     x + (cw - 2) / 2, y + ch * 2 / 3);
			esc(b, cell);
			crm_buf_adds(b, "</text>\n");
		}
	}
	crm_buf_adds(b, "</svg>\n");
	free(rows);
}

static const char style[] =
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,"
	"'DejaVu Sans',sans-serif;color:#1b1f24;margin:2em auto;max-width:"
	"60em;padding:0 1em}\n"
	"h1{font-size:1.5em;margin:0 0 .2em}\n"
	".meta{color:#57606a;margin:0 0 1.5em}\n"
	"figure{margin:0 0 1.5em;break-inside:avoid}\n"
	"figcaption{color:#57606a;font-size:.9em}\n"
	"svg{max-width:100%;height:auto;display:block}\n"
	"svg text{font:12px system-ui,'DejaVu Sans',sans-serif;fill:#1b1f24}\n"
	"svg .label{text-anchor:end}\n"
	"svg .tick,svg .in{text-anchor:middle}\n"
	"svg .in.dark{fill:#fff}\n"
	"svg .bar{fill:#2f6fbf}\n"
	"svg .bar.neg{fill:#c0392b}\n"
	"svg .axis{stroke:#57606a}\n"
	"svg .grid{stroke:#d0d7de;stroke-width:1}\n"
	"svg .line{fill:none;stroke:#2f6fbf;stroke-width:2}\n"
	"svg .point{fill:#2f6fbf}\n"
	"table{border-collapse:collapse;margin:0 0 1.5em}\n"
	"th,td{padding:.25em .8em;border-bottom:1px solid #d0d7de;"
	"text-align:left;vertical-align:top}\n"
	"th{border-bottom:2px solid #57606a}\n"
	"td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	"tbody tr:nth-child(even){background:#f6f8fa}\n"
	"@media print{body{margin:0;max-width:none}"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"tr{break-inside:avoid}}\n";

int
crm_report_html(FILE *fp, const struct crm_table *t,
		const struct crm_html_page *page)
{
	struct crm_buf b = CRM_BUF_INIT;
	size_t i, j;
	int rc = 0;

	crm_buf_adds(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		     "<meta charset=\"utf-8\">\n"
		     "<meta name=\"viewport\" content=\"width=device-width, "
		     "initial-scale=1\">\n<meta name=\"generator\" content=\"crm ");
	esc(&b, CRM_VERSION);
	crm_buf_adds(&b, "\">\n<title>");
	esc(&b, page->title);
	crm_buf_adds(&b, "</title>\n<style>\n");
	crm_buf_adds(&b, style);
	crm_buf_adds(&b, "</style>\n</head>\n<body>\n<header>\n<h1>");
	esc(&b, page->title);
	crm_buf_adds(&b, "</h1>\n<p class=\"meta\">");
	esc(&b, page->meta);
	crm_buf_adds(&b, "</p>\n</header>\n<main>\n");
	for (i = 0; i < page->ncharts; i++) {
		const struct crm_chart *c = &page->charts[i];
		long lc = column(t, c->label), vc = column(t, c->value);

		/* a chart whose columns -o left out, or of no rows, is none */
		if (lc < 0 || (c->kind != CRM_CHART_HEAT && vc < 0) ||
		    t->nrows == 0 || (c->kind == CRM_CHART_HEAT &&
				      c->first >= t->ncols))
			continue;
		crm_buf_adds(&b, "<figure>\n");
		if (c->kind == CRM_CHART_BARS)
			bars(&b, t, c, lc, vc);
		else if (c->kind == CRM_CHART_LINE)
			line(&b, t, c, lc, vc);
		else
			heat(&b, t, c, lc);
		crm_buf_adds(&b, "<figcaption>");
		esc(&b, c->caption);
		crm_buf_adds(&b, "</figcaption>\n</figure>\n");
	}
	crm_buf_adds(&b, "<table>\n<thead><tr>");
	for (j = 0; j < t->ncols; j++) {
		crm_buf_addf(&b, "<th%s>", t->numeric && t->numeric[j] ?
			     " class=\"num\"" : "");
		esc(&b, t->names[j]);
		crm_buf_adds(&b, "</th>");
	}
	crm_buf_adds(&b, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < t->nrows; i++) {
		crm_buf_adds(&b, "<tr>");
		for (j = 0; j < t->ncols; j++) {
			crm_buf_addf(&b, "<td%s>", t->numeric && t->numeric[j] ?
				     " class=\"num\"" : "");
			esc(&b, t->cells[i * t->ncols + j]);
			crm_buf_adds(&b, "</td>");
		}
		crm_buf_adds(&b, "</tr>\n");
		if (b.len > 1 << 16) {
			if (fwrite(b.buf, 1, b.len, fp) != b.len)
				rc = crm_err_set(CRM_EIO, "standard output: write error");
			crm_buf_reset(&b);
		}
	}
	crm_buf_adds(&b, "</tbody>\n</table>\n</main>\n</body>\n</html>\n");
	if (rc == 0 && fwrite(b.buf, 1, b.len, fp) != b.len)
		rc = crm_err_set(CRM_EIO, "standard output: write error");
	crm_buf_release(&b);
	return rc;
}
