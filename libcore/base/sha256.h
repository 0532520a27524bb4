/*
 * SHA-256 (FIPS 180-4), for the journal's record of which bytes a run
 * read and which it wrote: a digest of the orders file says whether a
 * change landed, whatever happened to the process that made it.
 */
#ifndef SHA256_H
#define SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN	32
#define SHA256_HEX	(2 * SHA256_LEN + 1)	/* lower-case hex, a NUL */

struct sha256 {
	uint32_t	 h[8];
	uint64_t	 bytes;		/* hashed so far */
	unsigned char	 block[64];	/* the part of a block not hashed */
	size_t		 nblock;
	int		 accel;		/* the CPU's SHA instructions do the
					 * rounds (sha256_init sets it where
					 * there are some; 0 to do without) */
};

void	sha256_init(struct sha256 *);
/* Go on from h, the state after bytes (a multiple of 64) were hashed:
 * a digest of data with a known start need not hash the start again. */
void	sha256_resume(struct sha256 *, const uint32_t h[8], uint64_t bytes);
void	sha256_update(struct sha256 *, const void *, size_t);
/* The digest of everything given, as hex; the state is spent. */
char	*sha256_hex(struct sha256 *, char hex[SHA256_HEX]);
/* The digest of n bytes at p, as hex. */
char	*sha256_of(const void *p, size_t n, char hex[SHA256_HEX]);

#endif
