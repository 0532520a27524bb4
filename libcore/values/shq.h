/*
 * Quoting for the POSIX shell: the receipts' api_call is a command line
 * that an operator may pipe to sh(1), so each argument put into it must
 * stay one word whatever it holds.
 */
#ifndef SHQ_H
#define SHQ_H

struct buf;

/* Append s as one shell word: as it is when it holds nothing but
 * letters, digits and ._:/@%+=,- (and is not empty), else in single
 * quotes, a quote inside written '\''. */
void	shq_add(struct buf *, const char *);

#endif
