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
	z_stream z;
	int zready;
};

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
	if (!p->zready) {
		/*
		 * Level 1 with a 1 KiB window and small hash tables: records
		 * are small, and deflateReset clears the tables per object.
		 */
		if (deflateInit2(&p->z, 1, Z_DEFLATED, 10, 2,
				 Z_DEFAULT_STRATEGY) != Z_OK)
			return crm_err_set(CRM_EINTERNAL, "cannot start zlib");
		p->zready = 1;
	} else if (deflateReset(&p->z) != Z_OK) {
		return crm_err_set(CRM_EINTERNAL, "cannot reset zlib");
	}
	crm_buf_reset(&p->out);
	crm_buf_grow(&p->out, deflateBound(&p->z, len));
	p->z.next_in = (Bytef *)data;
	p->z.avail_in = (uInt)len;
	p->z.next_out = (Bytef *)p->out.buf;
	p->z.avail_out = (uInt)(p->out.alloc - 1);
	zrc = deflate(&p->z, Z_FINISH);
	if (zrc != Z_STREAM_END)
		return crm_err_set(CRM_EINTERNAL, "zlib failed to compress");
	p->out.len = p->z.total_out;
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
	if (p->zready)
		deflateEnd(&p->z);
	if (p->spool)
		fclose(p->spool);
	crm_buf_release(&p->out);
	free(p);
}
