/*
 * A minimal TAP producer for the unit tests: ok(), is_str(), is_int(),
 * then done() prints the plan and gives the exit status.
 */
#ifndef TAP_H
#define TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int tap_n, tap_failed;

static void
tap_result(int pass, const char *file, int line, const char *fmt, va_list ap)
{
	printf("%sok %d - ", pass ? "" : "not ", ++tap_n);
	vprintf(fmt, ap);
	putchar('\n');
	if (!pass) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
}

static __attribute__((format(printf, 4, 5), unused)) int
tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_result(pass, file, line, fmt, ap);
	va_end(ap);
	return pass;
}

static __attribute__((format(printf, 5, 6), unused)) int
tap_is_str(const char *got, const char *want, const char *file, int line,
    const char *fmt, ...)
{
	va_list ap;
	int pass = (got == NULL && want == NULL) ||
	    (got && want && strcmp(got, want) == 0);

	va_start(ap, fmt);
	tap_result(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass) {
		printf("#          got: %s\n", got ? got : "(null)");
		printf("#     expected: %s\n", want ? want : "(null)");
	}
	return pass;
}

static __attribute__((format(printf, 5, 6), unused)) int
tap_is_int(intmax_t got, intmax_t want, const char *file, int line,
    const char *fmt, ...)
{
	va_list ap;
	int pass = got == want;

	va_start(ap, fmt);
	tap_result(pass, file, line, fmt, ap);
	va_end(ap);
	if (!pass)
		printf("#          got: %jd\n#     expected: %jd\n", got, want);
	return pass;
}

#define ok(c, ...)	tap_ok(!!(c), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(g, w, ...) tap_is_str((g), (w), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(g, w, ...) tap_is_int((intmax_t)(g), (intmax_t)(w), __FILE__, \
	__LINE__, __VA_ARGS__)

static int
done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

/* A scratch file holding these bytes; the caller unlinks it. */
static __attribute__((unused)) char *
scratch_file(const char *data, size_t n)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof path, "/tmp/ecs-orders-test.XXXXXX");
	if ((fd = mkstemp(path)) < 0 || write(fd, data, n) != (ssize_t)n) {
		perror("scratch file");
		exit(99);
	}
	close(fd);
	return path;
}

#endif
