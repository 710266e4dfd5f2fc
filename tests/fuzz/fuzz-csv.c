/*
 * fuzz-csv.c: libFuzzer target for the CSV reader (csv.c).  It reads
 * every record of the input, with ',' and with a delimiter the first byte
 * picks, and checks what the reader promises: fields are valid UTF-8
 * within the limits, NULL follows the last one, records start on later
 * and later lines, messages name the input and a line at or after the
 * record's.  A clean input, written back with every field quoted, reads
 * back the same.
 *
 * Build with the modules it needs, and a tiny read chunk so that quotes,
 * CR LF and marks fall astride chunks:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
 *     -DCRM_CSV_CHUNK=5 -Icommon tests/fuzz/fuzz-csv.c common/csv.c \
 *     common/buf.c common/err.c common/text.c \
 *     $(pkg-config --cflags --libs libutf8proc) -o fuzz-csv
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz-csv: %s\n%s\n", what, detail ? detail : "");
	abort();
}

/* The records of data, each field quoted, one per line (CRLF). */
struct dump {
	struct crm_buf csv;
	size_t records;
};

/* Reads data to its end; clean: 1 when it had no bad record. */
static int
read_all(struct dump *out, const uint8_t *data, size_t size, int delim)
{
	FILE *fp = size ? fmemopen((void *)data, size, "r") :
			  fopen("/dev/null", "r");
	struct crm_csv *c;
	char **f;
	size_t n, i, len;
	const char *p;
	long line, last = 0, lines = 1, at;
	int rc, clean = 1, guard = 0;

	if (!fp)
		die("cannot open the input", NULL);
	for (i = 0; i < size; i++)
		if (data[i] == '\n' ||
		    (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n')))
			lines++;
	c = crm_csv_new(fp, "fuzz.csv");
	if (crm_csv_delimiter(c, delim) != 0)
		die("delimiter refused", crm_err_msg());
	while ((rc = crm_csv_next(c, &f, &n, &line)) != 0) {
		if (++guard > 1 + (int)size)
			die("more returns than bytes", NULL);
		if (line <= last || line > lines)
			die("record line out of order or past the end", NULL);
		last = line;
		if (rc == CRM_EDATA) {
			clean = 0;
			if (f || n)
				die("fields given with an error", crm_err_msg());
			p = crm_err_msg();
			if (strncmp(p, "fuzz.csv:", 9) != 0)
				die("message does not name the input", p);
			at = strtol(p + 9, NULL, 10);
			if (at < line || at > lines)
				die("message names a line out of the record", p);
			continue;
		}
		if (rc != 1)
			die("unexpected return", crm_err_msg());
		if (n < 1 || n > 10000 || !f || f[n])
			die("bad field array", NULL);
		if (out->records++)
			crm_buf_adds(&out->csv, "\r\n");
		for (i = 0; i < n; i++) {
			len = strlen(f[i]);
			if (len > 1 << 20 || !crm_text_valid(f[i], len))
				die("bad field", f[i]);
			if (i)
				crm_buf_addc(&out->csv, delim);
			crm_buf_addc(&out->csv, '"');
			for (p = f[i]; *p; p++) {
				if (*p == '"')
					crm_buf_addc(&out->csv, '"');
				crm_buf_addc(&out->csv, *p);
			}
			crm_buf_addc(&out->csv, '"');
		}
	}
	if (f || n)
		die("fields given at the end", NULL);
	if (crm_csv_next(c, &f, &n, &line) != 0)
		die("the end did not stay the end", NULL);
	crm_csv_free(c);
	fclose(fp);
	return clean;
}

static void
round_trip(const uint8_t *data, size_t size, int delim)
{
	struct dump a = { CRM_BUF_INIT, 0 }, b = { CRM_BUF_INIT, 0 };

	if (read_all(&a, data, size, delim)) {
		if (!read_all(&b, (const uint8_t *)crm_buf_str(&a.csv),
			      a.csv.len, delim))
			die("written records do not read back", a.csv.buf);
		if (a.records != b.records || a.csv.len != b.csv.len ||
		    memcmp(crm_buf_str(&a.csv), crm_buf_str(&b.csv),
			   a.csv.len) != 0)
			die("records changed on the way back", a.csv.buf);
	}
	crm_buf_release(&a.csv);
	crm_buf_release(&b.csv);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[] = ",;\t| ";

	round_trip(data, size, ',');
	if (size)
		round_trip(data, size, delims[data[0] % (sizeof(delims) - 1)]);
	return 0;
}
