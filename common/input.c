/*
 * input.c: streams of records (YAML streams and JSON Lines) read from
 * files or stdin, and lists of record references read from a pipe.
 * Imports read their input twice, to validate and then to write, so
 * stdin is first copied to a private temporary file: memory stays flat
 * however large the input.
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crm.h"
#include "internal.h"

#define MAX_LINE (1u << 20)

struct crm_input {
	FILE *fp;
	char *name;
	int format;
	struct crm_yaml_reader *y;
	struct crm_csv *csv;
	struct crm_csvmap *map;	/* CSV: the field of each column */
	struct crm_input_opts opts;
	char *line;
	size_t cap;
	long lineno;
	int broken;
	struct crm_vcard *vc;
	FILE *mem;		/* a UTF-16 vCard file, as UTF-8 */
	char *membuf;
};

static const char *
ext(const char *path)
{
	const char *dot = strrchr(path, '.');

	return dot && !strchr(dot, '/') ? dot + 1 : "";
}

/*
 * The format of a file without a telling extension, from its first line:
 * "{" JSON Lines, "---" or "key: value" YAML, else CSV.
 */
static int
sniff(FILE *fp)
{
	char line[4096];
	size_t k;

	if (!fgets(line, sizeof(line), fp)) {
		rewind(fp);
		return CRM_IN_YAML;
	}
	rewind(fp);
	k = strspn(line, " \t\r\n");
	if (strncasecmp(line + k, "BEGIN:VCARD", 11) == 0 ||
	    strncasecmp(line + k, "\xef\xbb\xbf" "BEGIN:VCARD", 14) == 0)
		return CRM_IN_VCF;
	if (line[k] == '{')
		return CRM_IN_JSON;
	if (strncmp(line + k, "---", 3) == 0 || line[k] == '\0')
		return CRM_IN_YAML;
	k = strspn(line, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
	if (k && line[k] == ':' && (line[k + 1] == ' ' || line[k + 1] == '\n' ||
				    line[k + 1] == '\r'))
		return CRM_IN_YAML;
	return CRM_IN_CSV;
}

/* Copies stdin to an unlinked temporary file. */
static int
spool(FILE **out)
{
	char buf[65536];
	FILE *fp = tmpfile();
	size_t n;

	if (!fp)
		return crm_err_set(CRM_EIO, "cannot make a temporary file: %s",
				   strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		if (fwrite(buf, 1, n, fp) != n) {
			fclose(fp);
			return crm_err_set(CRM_EIO, "cannot spool stdin: %s",
					   strerror(errno));
		}
	if (ferror(stdin) || fflush(fp) != 0) {
		fclose(fp);
		return crm_err_set(CRM_EIO, "cannot read stdin: %s",
				   strerror(errno));
	}
	rewind(fp);
	*out = fp;
	return 0;
}

/*
 * fp, in the character set enc, as UTF-8 in a private temporary file
 * (a chunk at a time: memory stays flat).  A byte enc does not have is
 * named by its offset.
 */
static int
transcode(FILE **fp, const char *enc, const char *name)
{
	char in[65536], outb[4 * sizeof(in)];
	size_t have = 0, n, done = 0;
	iconv_t cd = iconv_open("UTF-8", enc);
	FILE *tmp;
	int rc = 0, eof = 0;

	if (cd == (iconv_t)-1)
		return crm_err_set(CRM_EUSAGE,
				   "--encoding %s: not a character set iconv knows (iconv -l lists them)",
				   enc);
	if (!(tmp = tmpfile())) {
		iconv_close(cd);
		return crm_err_set(CRM_EIO, "cannot make a temporary file: %s",
				   strerror(errno));
	}
	while (rc == 0 && !eof) {
		char *src = in, *dst = outb;
		size_t left, room = sizeof(outb);

		n = fread(in + have, 1, sizeof(in) - have, *fp);
		if (n == 0) {
			if (ferror(*fp)) {
				rc = crm_err_set(CRM_EIO, "%s: %s", name, strerror(errno));
				break;
			}
			eof = 1;
		}
		have += n;
		left = have;
		if (iconv(cd, &src, &left, &dst, &room) == (size_t)-1 &&
		    (errno != EINVAL || eof))
			rc = crm_err_set(CRM_EDATA,
					 "%s: byte %zu: %s in %s",
					 name, done + (size_t)(src - in) + 1,
					 errno == EINVAL ? "a character cut short" :
					 "not a character", enc);
		if (fwrite(outb, 1, (size_t)(dst - outb), tmp) != (size_t)(dst - outb))
			rc = crm_err_set(CRM_EIO, "cannot write a temporary file: %s",
					 strerror(errno));
		done += (size_t)(src - in);
		memmove(in, src, left);	/* a character astride two reads */
		have = left;
	}
	iconv_close(cd);
	if (rc == 0 && fflush(tmp) != 0)
		rc = crm_err_set(CRM_EIO, "cannot write a temporary file: %s",
				 strerror(errno));
	if (rc < 0) {
		fclose(tmp);
		return rc;
	}
	rewind(tmp);
	fclose(*fp);
	*fp = tmp;
	return 0;
}

int
crm_input_open(struct crm_input **out, const char *path)
{
	return crm_input_open_with(out, path, NULL);
}

int
crm_input_open_with(struct crm_input **out, const char *path,
		    const struct crm_input_opts *o)
{
	struct crm_input *in;
	const char *e = ext(path);
	FILE *fp = NULL;
	int rc;

	*out = NULL;
	if (strcmp(path, "-") == 0) {
		if ((rc = spool(&fp)) < 0)
			return rc;
	} else if (!(fp = fopen(path, "rb"))) {
		return crm_err_set(errno == ENOENT || errno == EACCES ||
				   errno == EISDIR ? CRM_ENOINPUT : CRM_EIO,
				   "%s: %s", path, strerror(errno));
	} else {
		struct stat st;

		if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
			fclose(fp);
			return crm_err_set(CRM_ENOINPUT, "%s: %s", path,
					   strerror(EISDIR));
		}
	}
	if (o && o->encoding && (rc = transcode(&fp, o->encoding,
						strcmp(path, "-") == 0 ? "stdin" : path)) < 0) {
		fclose(fp);
		return rc;
	}
	in = crm_xcalloc(1, sizeof(*in));
	in->fp = fp;
	if (o)
		in->opts = *o;
	in->name = crm_xstrdup(strcmp(path, "-") == 0 ? "stdin" : path);
	if (strcmp(e, "yaml") == 0 || strcmp(e, "yml") == 0)
		in->format = CRM_IN_YAML;
	else if (strcmp(e, "csv") == 0 || strcmp(e, "tsv") == 0)
		in->format = CRM_IN_CSV;
	else if (strcmp(e, "jsonl") == 0 || strcmp(e, "json") == 0 ||
		 strcmp(e, "ndjson") == 0)
		in->format = CRM_IN_JSON;
	else if (strcmp(e, "vcf") == 0 || strcmp(e, "vcard") == 0)
		in->format = CRM_IN_VCF;
	else
		in->format = sniff(fp);
	*out = in;
	return crm_input_rewind(in);
}

static void
free_head(struct crm_input *in)
{
	crm_csvmap_free(in->map);
	in->map = NULL;
}

void
crm_input_free(struct crm_input *in)
{
	if (!in)
		return;
	crm_yaml_reader_free(in->y);
	crm_csv_free(in->csv);
	free_head(in);
	crm_vcard_free(in->vc);
	if (in->mem)
		fclose(in->mem);
	free(in->membuf);
	if (in->fp)
		fclose(in->fp);
	free(in->line);
	free(in->name);
	free(in);
}

const char *
crm_input_name(const struct crm_input *in)
{
	return in->name;
}

/*
 * A vCard file: after a UTF-8 byte-order mark; a UTF-16 one (some phones
 * export those) read whole and converted to UTF-8 first.
 */
static int
vcard_start(struct crm_input *in)
{
	unsigned char bom[3] = { 0, 0, 0 };
	size_t n = fread(bom, 1, 3, in->fp);

	if (n >= 2 && ((bom[0] == 0xff && bom[1] == 0xfe) ||
		       (bom[0] == 0xfe && bom[1] == 0xff))) {
		struct crm_buf raw = CRM_BUF_INIT, out = CRM_BUF_INIT;
		char buf[8192], *src, *dst;
		size_t k, left, room;
		iconv_t cd;

		fseek(in->fp, 0, SEEK_SET);
		while ((k = fread(buf, 1, sizeof(buf), in->fp)) > 0)
			crm_buf_add(&raw, buf, k);
		if ((cd = iconv_open("UTF-8", "UTF-16")) == (iconv_t)-1) {
			crm_buf_release(&raw);
			return crm_err_set(CRM_EINTERNAL, "iconv cannot read UTF-16");
		}
		crm_buf_grow(&out, 2 * raw.len + 4);
		src = raw.buf;
		left = raw.len;
		dst = out.buf;
		room = 2 * raw.len + 3;
		k = iconv(cd, &src, &left, &dst, &room);
		iconv_close(cd);
		if (k == (size_t)-1) {
			crm_buf_release(&raw);
			crm_buf_release(&out);
			return crm_err_set(CRM_EDATA, "%s: byte %zu: not valid UTF-16",
					   in->name, (size_t)(src - raw.buf) + 1);
		}
		out.len = (size_t)(dst - out.buf);
		out.buf[out.len] = '\0';
		k = out.len;
		crm_buf_release(&raw);
		in->membuf = crm_buf_detach(&out);
		if (!(in->mem = fmemopen(in->membuf, k ? k : 1, "r")))
			return crm_err_set(CRM_EIO, "%s: %s", in->name, strerror(errno));
		in->vc = crm_vcard_new(in->mem, in->name);
		return 0;
	}
	fseek(in->fp, n == 3 && bom[0] == 0xef && bom[1] == 0xbb && bom[2] == 0xbf ?
	      3 : 0, SEEK_SET);
	in->vc = crm_vcard_new(in->fp, in->name);
	return 0;
}

int
crm_input_rewind(struct crm_input *in)
{
	crm_yaml_reader_free(in->y);
	in->y = NULL;
	in->lineno = 0;
	in->broken = 0;
	if (fseek(in->fp, 0, SEEK_SET) < 0)
		return crm_err_set(CRM_EIO, "%s: %s", in->name, strerror(errno));
	clearerr(in->fp);
	crm_csv_free(in->csv);
	in->csv = NULL;
	free_head(in);
	crm_vcard_free(in->vc);
	in->vc = NULL;
	if (in->mem)
		fclose(in->mem);
	in->mem = NULL;
	free(in->membuf);
	in->membuf = NULL;
	if (in->format == CRM_IN_VCF)
		return vcard_start(in);
	if (in->format == CRM_IN_CSV) {
		const char *e = ext(in->name);

		in->csv = crm_csv_new(in->fp, in->name);
		if (strcmp(e, "tsv") == 0)
			crm_csv_delimiter(in->csv, '\t');
		return 0;
	}
	if (in->format == CRM_IN_YAML) {
		in->y = crm_yaml_reader_file(in->fp, in->name);
		if (!in->y)
			return crm_err_set(CRM_EINTERNAL,
					   "cannot start the YAML parser");
	}
	return 0;
}

static int
blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

/* The next CSV row as a record; the first row names the fields. */
static int
csv_next(struct crm_record **out, long *line, struct crm_input *in,
	 enum crm_kind kind)
{
	char **f;
	size_t n;
	int rc;

	while (!in->map) {
		rc = crm_csv_next(in->csv, &f, &n, line);
		if (rc <= 0) {
			if (rc < 0 && *line < 0)
				in->broken = 1;
			return rc;
		}
		if ((rc = crm_csvmap_new(&in->map, f, n, kind, &in->opts,
					 in->name, *line)) < 0) {
			in->broken = 1;	/* no row can be read without its header */
			return rc;
		}
	}
	rc = crm_csv_next(in->csv, &f, &n, line);
	if (rc <= 0)
		return rc;
	return crm_csvmap_row(out, in->map, f, n, in->name, *line);
}

int
crm_input_next(struct crm_record **out, long *line, struct crm_input *in,
	       enum crm_kind kind)
{
	ssize_t n;
	int rc;

	*out = NULL;
	*line = -1;
	if (in->broken)
		return 0;
	if (in->format == CRM_IN_VCF) {
		if (kind != CRM_CONTACT)
			return crm_err_set(CRM_EUSAGE,
					   "%s: vCards hold contacts, not %ss",
					   in->name, crm_kind_name(kind));
		return crm_vcard_next(out, line, in->vc);
	}
	if (in->format == CRM_IN_CSV) {
		for (;;) {
			rc = csv_next(out, line, in, kind);
			if (rc != 0 || *out || !in->map)
				break;
			/* an empty row: the header only, or the end */
			if (rc == 0 && !*out)
				break;
		}
		return rc < 0 ? rc : 0;
	}
	if (in->format == CRM_IN_YAML) {
		rc = crm_yaml_read(out, line, in->y, kind);
		if (rc < 0) {
			/* libyaml cannot resume after a syntax error. */
			in->broken = 1;
			*line = -1;
		}
		return rc;
	}
	for (;;) {
		errno = 0;
		n = getline(&in->line, &in->cap, in->fp);
		if (n < 0) {
			if (ferror(in->fp))
				return crm_err_set(CRM_EIO, "%s: %s", in->name,
						   strerror(errno));
			return 0;
		}
		in->lineno++;
		if ((size_t)n > MAX_LINE) {
			*line = in->lineno;
			return crm_err_set(CRM_EDATA, "%s:%ld: line longer than 1 MiB",
					   in->name, in->lineno);
		}
		if (blank(in->line))
			continue;
		*line = in->lineno;
		if (!crm_text_valid(in->line, (size_t)n))
			return crm_err_set(CRM_EDATA,
					   "%s:%ld: byte %zu: invalid UTF-8 or NUL",
					   in->name, in->lineno,
					   crm_text_invalid_at(in->line, (size_t)n) + 1);
		return crm_json_read(out, in->line, (size_t)n, kind, in->name,
				     in->lineno);
	}
}

/* ---- references ---- */

static void
push(char ***refs, size_t *n, const char *s, size_t len)
{
	*refs = crm_xrealloc(*refs, (*n + 1) * sizeof(**refs));
	(*refs)[(*n)++] = crm_xstrndup(s, len);
}

void
crm_refs_free(char **refs, size_t n)
{
	size_t i;

	for (i = 0; refs && i < n; i++)
		free(refs[i]);
	free(refs);
}

/* A YAML stream starts with "---" or with a "key:" line. */
static int
looks_yaml(const char *p)
{
	size_t k;

	if (strncmp(p, "---", 3) == 0)
		return 1;
	k = strspn(p, "abcdefghijklmnopqrstuvwxyz_");
	return k > 0 && p[k] == ':' && (p[k + 1] == ' ' || p[k + 1] == '\n');
}

static int
refs_yaml(char ***out, size_t *n, const struct crm_buf *b, const char *name)
{
	struct crm_yaml_reader *y = crm_yaml_reader_mem(b->buf, b->len, name);
	struct crm_record *r;
	const char *id;
	long line;
	int rc;

	if (!y)
		return crm_err_set(CRM_EINTERNAL, "cannot start the YAML parser");
	while ((rc = crm_yaml_read(&r, &line, y, CRM_CONTACT)) == 0 && r) {
		id = crm_record_id(r);
		if (!id)
			rc = crm_err_set(CRM_EDATA,
					 "%s:%ld: a YAML document without an id",
					 name, line);
		else
			push(out, n, id, strlen(id));
		crm_record_free(r);
		if (rc < 0)
			break;
	}
	crm_yaml_reader_free(y);
	return rc;
}

int
crm_refs_read(char ***out, size_t *n, FILE *fp, const char *name)
{
	struct crm_buf b = CRM_BUF_INIT;
	char buf[65536], *p, *eol;
	size_t got, len;
	long lineno = 0;
	int rc = 0;

	*out = NULL;
	*n = 0;
	while ((got = fread(buf, 1, sizeof(buf), fp)) > 0)
		crm_buf_add(&b, buf, got);
	if (ferror(fp)) {
		crm_buf_release(&b);
		return crm_err_set(CRM_EIO, "%s: %s", name, strerror(errno));
	}
	p = b.buf ? b.buf + strspn(b.buf, " \t\r\n") : "";
	if (*p && looks_yaml(p)) {
		rc = refs_yaml(out, n, &b, name);
		goto out;
	}
	for (p = b.buf; p && *p; p = eol ? eol + 1 : NULL) {
		lineno++;
		eol = strchr(p, '\n');
		if (eol)
			*eol = '\0';
		len = strlen(p);
		while (len && (p[len - 1] == '\r' || p[len - 1] == ' '))
			p[--len] = '\0';
		p += strspn(p, " \t");
		if (!*p)
			continue;
		if (*p == '{') {
			struct crm_record *r = NULL;
			const char *id;

			if ((rc = crm_json_read(&r, p, strlen(p), CRM_CONTACT, name,
						lineno)) < 0)
				break;
			id = crm_record_id(r);
			if (!id)
				rc = crm_err_set(CRM_EDATA,
						 "%s:%ld: a JSON line without an \"id\"",
						 name, lineno);
			else
				push(out, n, id, strlen(id));
			crm_record_free(r);
			if (rc < 0)
				break;
			continue;
		}
		/* a header row ("id", "id\tname...") names no record */
		if (lineno == 1 && strncmp(p, "id", 2) == 0 &&
		    (p[2] == '\0' || p[2] == '\t' || p[2] == ','))
			continue;
		/* the first field of a tsv line, or the line itself */
		push(out, n, p, strcspn(p, "\t"));
	}
out:
	crm_buf_release(&b);
	if (rc < 0) {
		crm_refs_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
