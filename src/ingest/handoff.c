/* handoff: a bounded FIFO of raw messages from the thread that reads a connection to the
 * thread that stores them, so that neither waits for the other message by message. The
 * reader also computes each message's identity hash (SHA-256), sparing the other thread.
 * Bounded in messages and in bytes (one message always fits), so memory stays flat
 * whatever the folder size: a full queue makes the reader wait, and the server with it.
 *
 * Wake-ups cost a system call and two context switches each. A consumer faster than the
 * producer would sleep and be woken for every message (28,000 futex calls for 10,000
 * messages over TLS, where the reader is slower): it is woken once HANDOFF_WAKE_BATCH
 * messages or half the bytes wait, when the producer finds the queue full, or at the end;
 * the producer, once full, when half the queue is free. */
#include <stdlib.h>
#include <string.h>

#include "ingest-private.h"

#define HANDOFF_WAKE_BATCH 32

int rp_handoff_init(struct rp_handoff *q, size_t max_items, size_t max_bytes)
{
	memset(q, 0, sizeof(*q));
	q->items = calloc(max_items, sizeof(*q->items));
	if (!q->items)
		return RP_ENOMEM;
	q->cap = max_items;
	q->max_bytes = max_bytes;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->cond_get, NULL);
	pthread_cond_init(&q->cond_put, NULL);
	return 0;
}

void rp_handoff_release(struct rp_handoff *q)
{
	if (!q->items)
		return;
	while (q->head < q->tail)
		free(q->items[q->head++ % q->cap].raw);
	free(q->items);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->cond_get);
	pthread_cond_destroy(&q->cond_put);
	memset(q, 0, sizeof(*q));
}

static int full(const struct rp_handoff *q, size_t len)
{
	return q->tail - q->head >= q->cap ||
	       (q->tail > q->head && q->bytes + len > q->max_bytes);
}

int rp_handoff_put(struct rp_handoff *q, uint32_t uid, const char *raw, size_t len,
		   const int64_t *arrival)
{
	struct rp_handoff_item it = { NULL, len, uid, "", arrival != NULL, arrival ? *arrival : 0 };
	int rc = 0;

	/* Copied and hashed before taking the lock: that is the producer's work, done on its
	 * thread, not the consumer's. */
	it.raw = malloc(len ? len : 1);
	if (it.raw) {
		memcpy(it.raw, raw, len);
		rp_sha256_hex(raw, len, it.hash);
	}
	pthread_mutex_lock(&q->lock);
	while (!q->closed && full(q, len)) {
		/* A consumer asleep before the batch filled must drain the queue now: the
		 * byte bound can fill it with fewer messages than a batch. */
		if (q->get_waiting)
			pthread_cond_signal(&q->cond_get);
		q->put_waiting = 1;
		pthread_cond_wait(&q->cond_put, &q->lock);
		q->put_waiting = 0;
	}
	if (q->closed) {
		rc = 1;
	} else if (!it.raw) {
		q->failed = 1;
		rc = RP_ENOMEM;
	} else {
		q->items[q->tail++ % q->cap] = it;
		q->bytes += len;
		it.raw = NULL;
		if (q->get_waiting &&
		    (q->tail - q->head >= HANDOFF_WAKE_BATCH || q->bytes >= q->max_bytes / 2))
			pthread_cond_signal(&q->cond_get);
	}
	pthread_mutex_unlock(&q->lock);
	free(it.raw);
	return rc;
}

void rp_handoff_end(struct rp_handoff *q)
{
	pthread_mutex_lock(&q->lock);
	q->ended = 1;
	pthread_cond_signal(&q->cond_get);
	pthread_mutex_unlock(&q->lock);
}

int rp_handoff_get(struct rp_handoff *q, struct rp_handoff_item *out)
{
	int got = 0;

	pthread_mutex_lock(&q->lock);
	while (q->head == q->tail && !q->ended) {
		q->get_waiting = 1;
		pthread_cond_wait(&q->cond_get, &q->lock);
		q->get_waiting = 0;
	}
	if (q->head < q->tail) {
		*out = q->items[q->head++ % q->cap];
		q->bytes -= out->len;
		got = 1;
		if (q->put_waiting && q->tail - q->head <= q->cap / 2 && q->bytes <= q->max_bytes / 2)
			pthread_cond_signal(&q->cond_put);
	}
	pthread_mutex_unlock(&q->lock);
	return got;
}

int rp_handoff_failed(struct rp_handoff *q)
{
	int failed;

	pthread_mutex_lock(&q->lock);
	failed = q->failed;
	pthread_mutex_unlock(&q->lock);
	return failed;
}

void rp_handoff_close(struct rp_handoff *q)
{
	pthread_mutex_lock(&q->lock);
	q->closed = 1;
	while (q->head < q->tail) {
		struct rp_handoff_item *it = &q->items[q->head++ % q->cap];
		q->bytes -= it->len;
		free(it->raw);
	}
	pthread_cond_signal(&q->cond_put);
	pthread_mutex_unlock(&q->lock);
}
