/*
 * Shared by the fuzz harnesses: each defines LLVMFuzzerTestOneInput, for
 * libFuzzer (make fuzz) and for driver.c, which replays files (make
 * check).  A property that fails aborts, so both report it.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define must(c) do { \
	if (!(c)) { \
		fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, \
		    __LINE__, #c); \
		abort(); \
	} \
} while (0)

#endif
