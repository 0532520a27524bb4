/*
 * Records handed from a thread that reads them to the one that uses
 * them (ledger_priv.h): a batch holds the records of a run of rows with
 * the reader that read them, so that their names and bytes stay valid,
 * and a queue holds a few batches, so that the reading thread keeps at
 * most HANDOFF_DEPTH ahead and the memory stays flat; the batches taken
 * are given back and filled again, without a malloc for each record.
 */
#include "config.h"

#include <stdlib.h>

#include "base/xalloc.h"
#include "ledger/ledger_priv.h"
#include "records/reader.h"

#define HANDOFF_DEPTH	4

void
batch_add(struct batch *b, size_t recno, const struct rec *r)
{
	struct rec *c;

	if (b->nrec == b->made) {
		b->rec = xgrow(b->rec, &b->caprec, b->made, sizeof *b->rec);
		rec_init(&b->rec[b->made++]);
	}
	c = &b->rec[b->nrec];
	rec_copy_read(c, r);	/* its reader and bytes are the batch's */
	b->recno = xgrow(b->recno, &b->caprecno, b->nrec, sizeof *b->recno);
	b->recno[b->nrec++] = recno;
}

static void
batch_free(struct batch *b)
{
	size_t i;

	for (i = 0; i < b->made; i++)
		rec_free(&b->rec[i]);
	free(b->rec);
	rd_close(b->rd);
	buf_free(&b->one);
	free(b->recno);
	free(b);
}

/* All of a list of batches freed. */
static void
free_all(struct batch *b)
{
	struct batch *next;

	for (; b != NULL; b = next) {
		next = b->next;
		batch_free(b);
	}
}

void
handoff_init(struct handoff *h)
{
	h->head = h->tail = h->spare = NULL;
	h->n = 0;
	h->done = h->stop = 0;
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->more, NULL);
	pthread_cond_init(&h->room, NULL);
}

struct batch *
handoff_blank(struct handoff *h)
{
	struct batch *b;

	pthread_mutex_lock(&h->mu);
	if ((b = h->spare) != NULL)
		h->spare = b->next;
	pthread_mutex_unlock(&h->mu);
	return b != NULL ? b : xcalloc(1, sizeof *b);
}

void
handoff_give(struct handoff *h, struct batch *b)
{
	rd_close(b->rd);
	b->rd = NULL;
	b->nrec = 0;
	buf_reset(&b->one);
	pthread_mutex_lock(&h->mu);
	b->next = h->spare;
	h->spare = b;
	pthread_mutex_unlock(&h->mu);
}

int
handoff_put(struct handoff *h, struct batch *b)
{
	pthread_mutex_lock(&h->mu);
	while (h->n >= HANDOFF_DEPTH && !h->stop)
		pthread_cond_wait(&h->room, &h->mu);
	if (h->stop) {
		pthread_mutex_unlock(&h->mu);
		handoff_give(h, b);
		return -1;
	}
	b->next = NULL;
	if (h->tail != NULL)
		h->tail->next = b;
	else
		h->head = b;
	h->tail = b;
	h->n++;
	pthread_cond_signal(&h->more);
	pthread_mutex_unlock(&h->mu);
	return 0;
}

void
handoff_done(struct handoff *h)
{
	pthread_mutex_lock(&h->mu);
	h->done = 1;
	pthread_cond_signal(&h->more);
	pthread_mutex_unlock(&h->mu);
}

struct batch *
handoff_take(struct handoff *h)
{
	struct batch *b;

	pthread_mutex_lock(&h->mu);
	while (h->head == NULL && !h->done)
		pthread_cond_wait(&h->more, &h->mu);
	if ((b = h->head) != NULL) {
		if ((h->head = b->next) == NULL)
			h->tail = NULL;
		h->n--;
		pthread_cond_signal(&h->room);
	}
	pthread_mutex_unlock(&h->mu);
	return b;
}

void
handoff_stop(struct handoff *h)
{
	pthread_mutex_lock(&h->mu);
	h->stop = 1;
	pthread_cond_signal(&h->room);
	pthread_mutex_unlock(&h->mu);
}

void
handoff_free(struct handoff *h)
{
	free_all(h->head);
	free_all(h->spare);
	pthread_mutex_destroy(&h->mu);
	pthread_cond_destroy(&h->more);
	pthread_cond_destroy(&h->room);
}
