/*
 * pack.c: writes a git pack (version 2, whole objects, no deltas) for
 * bulk imports, so that a hundred thousand records land in one pack file
 * instead of as many loose objects.  Objects are deflated with zlib into
 * a private spool file as they come, since their number is only known at
 * the end; then the header, the spooled objects and the SHA-1 trailer
 * (nettle) go to a sink the caller provides: store.c feeds them to
 * libgit2's indexer.  Memory stays flat whatever the number of objects.
 */
#include <errno.h>
#include <nettle/sha1.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "crm.h"
#include "internal.h"

struct crm_pack {
	FILE *spool;
	size_t count;
	struct crm_buf out;
	z_stream z[2];		/* for small objects, for large ones */
	int zready[2];
};

/* Objects from this size (journals, mostly) take zlib's default window. */
#define PACK_LARGE 16384

int
crm_pack_new(struct crm_pack **out, const char *dir)
{
	struct crm_pack *p = crm_xcalloc(1, sizeof(*p));
	struct crm_buf path = CRM_BUF_INIT;
	int fd;

	crm_buf_addf(&path, "%s/crm-pack-XXXXXX", dir);
	fd = mkstemp(path.buf);
	if (fd >= 0) {
		/* Unlinked at once: nothing is left behind if we are killed. */
		unlink(path.buf);
		p->spool = fdopen(fd, "w+b");
	}
	if (!p->spool) {
		int rc = crm_err_set(CRM_EIO, "cannot create %s: %s", path.buf,
				     strerror(errno));

		if (fd >= 0)
			close(fd);
		crm_buf_release(&path);
		free(p);
		return rc;
	}
	crm_buf_release(&path);
	*out = p;
	return 0;
}

int
crm_pack_add(struct crm_pack *p, int type, const void *data, size_t len)
{
	unsigned char hdr[16];
	size_t n = 0, size = len;
	z_stream *z;
	int zrc;

	/* type in bits 4-6 of the first byte, size in 4 + 7k bits */
	hdr[n] = (unsigned char)((type << 4) | (size & 15));
	size >>= 4;
	while (size) {
		hdr[n++] |= 0x80;
		hdr[n] = (unsigned char)(size & 0x7f);
		size >>= 7;
	}
	n++;
	{
		/*
		 * Level 1.  A record is small: a 1 KiB window and small hash
		 * tables, which deflateReset clears per object.  A journal of
		 * a day is large: the default window compresses it better
		 * and nearly four times as fast (150 against 41 MB/s here).
		 */
		int big = len >= PACK_LARGE;

		z = &p->z[big];
		if (!p->zready[big]) {
			if (deflateInit2(z, 1, Z_DEFLATED, big ? 15 : 10, big ? 8 : 2,
					 Z_DEFAULT_STRATEGY) != Z_OK)
				return crm_err_set(CRM_EINTERNAL, "cannot start zlib");
			p->zready[big] = 1;
		} else if (deflateReset(z) != Z_OK) {
			return crm_err_set(CRM_EINTERNAL, "cannot reset zlib");
		}
	}
	crm_buf_reset(&p->out);
	crm_buf_grow(&p->out, deflateBound(z, len));
	z->next_in = (Bytef *)data;
	z->avail_in = (uInt)len;
	z->next_out = (Bytef *)p->out.buf;
	z->avail_out = (uInt)(p->out.alloc - 1);
	zrc = deflate(z, Z_FINISH);
	if (zrc != Z_STREAM_END)
		return crm_err_set(CRM_EINTERNAL, "zlib failed to compress");
	p->out.len = z->total_out;
	if (fwrite(hdr, 1, n, p->spool) != n ||
	    fwrite(p->out.buf, 1, p->out.len, p->spool) != p->out.len)
		return crm_err_set(CRM_EIO, "cannot write the pack: %s",
				   strerror(errno));
	p->count++;
	return 0;
}

size_t
crm_pack_count(const struct crm_pack *p)
{
	return p->count;
}

int
crm_pack_write(struct crm_pack *p,
	       int (*sink)(const void *data, size_t len, void *arg), void *arg)
{
	unsigned char hdr[12] = { 'P', 'A', 'C', 'K', 0, 0, 0, 2 };
	unsigned char digest[SHA1_DIGEST_SIZE];
	char buf[65536];
	struct sha1_ctx sha;
	size_t n;

	if (p->count > 0xffffffffu)
		return crm_err_set(CRM_EDATA, "too many objects for one pack");
	hdr[8] = (unsigned char)(p->count >> 24);
	hdr[9] = (unsigned char)(p->count >> 16);
	hdr[10] = (unsigned char)(p->count >> 8);
	hdr[11] = (unsigned char)p->count;
	if (fflush(p->spool) != 0 || fseek(p->spool, 0, SEEK_SET) != 0)
		return crm_err_set(CRM_EIO, "cannot write the pack: %s",
				   strerror(errno));
	sha1_init(&sha);
	sha1_update(&sha, sizeof(hdr), hdr);
	if (sink(hdr, sizeof(hdr), arg) < 0)
		return CRM_EIO;
	while ((n = fread(buf, 1, sizeof(buf), p->spool)) > 0) {
		sha1_update(&sha, n, (const uint8_t *)buf);
		if (sink(buf, n, arg) < 0)
			return CRM_EIO;
	}
	if (ferror(p->spool))
		return crm_err_set(CRM_EIO, "cannot read the pack spool: %s",
				   strerror(errno));
	/* The trailer is the hash of everything before it. */
	sha1_digest(&sha, sizeof(digest), digest);
	if (sink(digest, sizeof(digest), arg) < 0)
		return CRM_EIO;
	return 0;
}

void
crm_pack_free(struct crm_pack *p)
{
	if (!p)
		return;
	if (p->zready[0])
		deflateEnd(&p->z[0]);
	if (p->zready[1])
		deflateEnd(&p->z[1]);
	if (p->spool)
		fclose(p->spool);
	crm_buf_release(&p->out);
	free(p);
}
