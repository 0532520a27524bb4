/*
 * Eight bytes at a time (SIMD within a register), for the loops that skip
 * long runs of plain ASCII.  Each test says exactly whether some byte of
 * a word matches (not which one does), but swar_eq, which says which.
 */
#ifndef SWAR_H
#define SWAR_H

#include <stdint.h>
#include <string.h>

#define SWAR_ONES	UINT64_C(0x0101010101010101)
#define SWAR_HIGH	UINT64_C(0x8080808080808080)

static inline uint64_t
swar_load(const void *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof w);
	return w;
}

/* Nonzero when a byte of w is below b; b at most 0x80, and the test
 * exact for words without the high bit, those of ASCII text. */
static inline uint64_t
swar_less(uint64_t w, unsigned b)
{
	return (w - SWAR_ONES * b) & ~w & SWAR_HIGH;
}

/* Nonzero when a byte of w is b. */
static inline uint64_t
swar_has(uint64_t w, unsigned b)
{
	return swar_less(w ^ (SWAR_ONES * b), 1);
}

/* The high bit of each byte of w that is b, and of no other: no sum
 * carries out of its byte, so which bytes is exact too. */
static inline uint64_t
swar_eq(uint64_t w, unsigned b)
{
	uint64_t x = w ^ (SWAR_ONES * b), low = ~SWAR_HIGH;

	return ~(((x & low) + low) | x) & SWAR_HIGH;
}

#endif
