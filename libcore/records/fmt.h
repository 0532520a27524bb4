/*
 * The formats records are read in (SPEC 2.1), as the reader and the
 * ledger name them, for the headers that need only the name: given, or
 * FMT_AUTO to tell from the content.
 */
#ifndef FMT_H
#define FMT_H

enum fmt { FMT_AUTO, FMT_CSV, FMT_TSV, FMT_YAML, FMT_JSON };

#endif
