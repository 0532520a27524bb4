/*
 * yamlpass: one bare libyaml pass over a file, every event parsed and
 * dropped; the floor bench/run sets a YAML ledger's change beside.  It
 * is built by bench/run, not by make: only the benchmark needs it.
 *
 *	yamlpass FILE
 */
#include <stdio.h>

#include <yaml.h>

int
main(int argc, char **argv)
{
	yaml_parser_t p;
	yaml_event_t e;
	FILE *f;
	unsigned long n = 0;
	int end = 0;

	if (argc != 2 || (f = fopen(argv[1], "rb")) == NULL) {
		fprintf(stderr, "usage: yamlpass FILE (a readable one)\n");
		return 2;
	}
	if (!yaml_parser_initialize(&p)) {
		fclose(f);
		return 1;
	}
	yaml_parser_set_input_file(&p, f);
	while (!end) {
		if (!yaml_parser_parse(&p, &e)) {
			fprintf(stderr, "yamlpass: %s: line %lu: %s\n", argv[1],
			    (unsigned long)p.problem_mark.line + 1,
			    p.problem ? p.problem : "cannot parse");
			yaml_parser_delete(&p);
			fclose(f);
			return 1;
		}
		end = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
		n++;
	}
	yaml_parser_delete(&p);
	fclose(f);
	printf("%lu events\n", n);
	return 0;
}
