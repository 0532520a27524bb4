/* Replays inputs through a fuzz harness: each argument a file, or a
 * directory of files.  Exit 0 when every input ran. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int
one(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL;
	size_t n = 0, cap = 0, k;

	if (f == NULL) {
		perror(path);
		return 1;
	}
	do {
		if (n == cap) {
			unsigned char *q = realloc(p, cap = cap ? 2 * cap : 4096);

			if (q == NULL) {
				perror(path);
				abort();
			}
			p = q;
		}
		k = fread(p + n, 1, cap - n, f);
		n += k;
	} while (k > 0);
	fclose(f);
	LLVMFuzzerTestOneInput(p, n);
	free(p);
	return 0;
}

int
main(int argc, char **argv)
{
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		struct stat st;
		DIR *d;
		struct dirent *e;
		char path[4096];

		if (stat(argv[i], &st) < 0 || !S_ISDIR(st.st_mode)) {
			rc |= one(argv[i]);
			continue;
		}
		if ((d = opendir(argv[i])) == NULL)
			continue;
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
			rc |= one(path);
		}
		closedir(d);
	}
	return rc;
}
