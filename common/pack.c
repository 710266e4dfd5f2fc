/*
 * pack.c: writes a git pack stream (version 2, whole objects, no deltas)
 * for bulk imports, so that a hundred thousand records land in one pack
 * file instead of as many loose objects.  Objects are deflated with zlib
 * and the trailer is the SHA-1 of the stream (nettle).  The bytes go to a
 * sink the caller provides: store.c feeds them to libgit2's indexer.
 */
#include <nettle/sha1.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "crm.h"
#include "internal.h"

struct crm_pack {
	int (*sink)(const void *data, size_t len, void *arg);
	void *arg;
	struct sha1_ctx sha;
	size_t expected, written;
	struct crm_buf out;
	int failed;
};

static int
emit(struct crm_pack *p, const void *data, size_t len)
{
	sha1_update(&p->sha, len, data);
	if (p->sink(data, len, p->arg) < 0) {
		p->failed = 1;
		return -1;
	}
	return 0;
}

int
crm_pack_new(struct crm_pack **out, size_t nobjects,
	     int (*sink)(const void *data, size_t len, void *arg), void *arg)
{
	struct crm_pack *p = crm_xcalloc(1, sizeof(*p));
	unsigned char hdr[12] = { 'P', 'A', 'C', 'K', 0, 0, 0, 2 };

	if (nobjects > 0xffffffffu) {
		free(p);
		return crm_err_set(CRM_EDATA, "too many objects for one pack");
	}
	hdr[8] = (unsigned char)(nobjects >> 24);
	hdr[9] = (unsigned char)(nobjects >> 16);
	hdr[10] = (unsigned char)(nobjects >> 8);
	hdr[11] = (unsigned char)nobjects;
	p->sink = sink;
	p->arg = arg;
	p->expected = nobjects;
	sha1_init(&p->sha);
	*out = p;
	if (emit(p, hdr, sizeof(hdr)) < 0)
		return CRM_EIO;
	return 0;
}

int
crm_pack_add(struct crm_pack *p, int type, const void *data, size_t len)
{
	unsigned char hdr[16];
	size_t n = 0, size = len;
	z_stream z;
	int zrc;

	if (p->failed)
		return CRM_EIO;
	if (p->written >= p->expected)
		return crm_err_set(CRM_EINTERNAL,
				   "more objects than the pack announced");
	/* type in bits 4-6 of the first byte, size in 4 + 7k bits */
	hdr[n] = (unsigned char)((type << 4) | (size & 15));
	size >>= 4;
	while (size) {
		hdr[n++] |= 0x80;
		hdr[n] = (unsigned char)(size & 0x7f);
		size >>= 7;
	}
	n++;
	if (emit(p, hdr, n) < 0)
		return CRM_EIO;

	memset(&z, 0, sizeof(z));
	/* Level 1: records are small; speed matters more than bytes. */
	if (deflateInit(&z, 1) != Z_OK)
		return crm_err_set(CRM_EINTERNAL, "cannot start zlib");
	crm_buf_reset(&p->out);
	crm_buf_grow(&p->out, deflateBound(&z, len));
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)p->out.buf;
	z.avail_out = (uInt)(p->out.alloc - 1);
	zrc = deflate(&z, Z_FINISH);
	p->out.len = z.total_out;
	deflateEnd(&z);
	if (zrc != Z_STREAM_END)
		return crm_err_set(CRM_EINTERNAL, "zlib failed to compress");
	if (emit(p, p->out.buf, p->out.len) < 0)
		return CRM_EIO;
	p->written++;
	return 0;
}

int
crm_pack_finish(struct crm_pack *p)
{
	unsigned char digest[SHA1_DIGEST_SIZE];

	if (p->failed)
		return CRM_EIO;
	if (p->written != p->expected)
		return crm_err_set(CRM_EINTERNAL,
				   "pack announced %zu objects but holds %zu",
				   p->expected, p->written);
	sha1_digest(&p->sha, sizeof(digest), digest);
	/* The trailer is not part of its own hash. */
	if (p->sink(digest, sizeof(digest), p->arg) < 0)
		return CRM_EIO;
	return 0;
}

void
crm_pack_free(struct crm_pack *p)
{
	if (!p)
		return;
	crm_buf_release(&p->out);
	free(p);
}
