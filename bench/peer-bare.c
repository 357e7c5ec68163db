// SPDX-License-Identifier: MIT
/*
 * peer-bench's floor: the least that any queue of records in shared memory
 * has to do, to measure the others against. Records laid out as
 * libuio-ring lays them out (a 16-byte header holding the seq, the payload
 * after it, the next record at the next multiple of 8), in a buffer of
 * about ring_bytes; the producer publishes one position per burst, the
 * consumer one per batch, and each reads the other's only when the copy it
 * keeps says it must wait. No validation, no drops, no doorbell, no
 * library: nothing an application could give up and still have a queue.
 * What it cannot beat is the machine: every payload line written on one
 * CPU and read on the other.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "peer-bench.h"

struct bare_run {
	struct peer_run *r;
	uint8_t *buf;
	uint64_t slot, slots;		/* record stride, records the buffer holds */
	pthread_barrier_t start;
	uint64_t t0, t1;
	/* Each on a line of its own: written by one side, read by the other. */
	_Alignas(64) uint64_t prod_seq;	/* records published */
	_Alignas(64) uint64_t cons_seq;	/* records released */
	_Alignas(64) char pad;
};

static void *bare_producer(void *arg)
{
	struct bare_run *b = arg;
	struct peer_run *r = b->r;
	uint64_t sent = 0, cons = 0, csw;

	csw = peer_thread_start(r->cpu_prod, &b->start);
	b->t0 = bench_now_ns();
	while (sent < r->count) {
		uint64_t n = r->count - sent < r->burst ? r->count - sent : r->burst, i;

		while (sent + n - cons > b->slots) {
			cons = __atomic_load_n(&b->cons_seq, __ATOMIC_ACQUIRE);
			if (sent + n - cons > b->slots)
				bench_relax();
		}
		for (i = 0; i < n; i++) {
			uint8_t *rec = b->buf + ((sent + i) % b->slots) * b->slot;
			uint64_t seq = sent + i;

			memcpy(rec, &seq, sizeof(seq));
			memcpy(rec + 16, uio_ring_test_payload(peer_table, seq), r->size);
		}
		sent += n;
		__atomic_store_n(&b->prod_seq, sent, __ATOMIC_RELEASE);
	}
	PEER_ADD_PREEMPTED(&r->preempted, csw);
	return NULL;
}

static void *bare_consumer(void *arg)
{
	struct bare_run *b = arg;
	struct peer_run *r = b->r;
	uint64_t got = 0, prod = 0, csw;

	csw = peer_thread_start(r->cpu_cons, &b->start);
	while (got < r->count) {
		if (got == prod) {
			prod = __atomic_load_n(&b->prod_seq, __ATOMIC_ACQUIRE);
			if (got == prod) {
				bench_relax();
				continue;
			}
		}
		for (; got < prod; got++) {
			const uint8_t *rec = b->buf + (got % b->slots) * b->slot;
			uint64_t seq;

			memcpy(&seq, rec, sizeof(seq));
			if (seq != got ||
			    memcmp(rec + 16, uio_ring_test_payload(peer_table, got), r->size))
				r->bad++;
		}
		__atomic_store_n(&b->cons_seq, got, __ATOMIC_RELEASE);
	}
	b->t1 = bench_now_ns();
	PEER_ADD_PREEMPTED(&r->preempted, csw);
	return NULL;
}

int peer_bare_run(struct peer_run *r)
{
	struct bare_run *b = aligned_alloc(64, sizeof(*b));
	pthread_t tp, tc;
	int ret = -1;

	if (!b) {
		snprintf(r->err, sizeof(r->err), "out of memory");
		return -1;
	}
	memset(b, 0, sizeof(*b));
	b->r = r;
	b->slot = (16 + (uint64_t)r->size + 7) & ~(uint64_t)7;
	b->slots = r->ring_bytes / b->slot;
	if (b->slots < r->burst) {
		snprintf(r->err, sizeof(r->err), "%llu-byte records: %llu fit, burst %u",
			 (unsigned long long)b->slot, (unsigned long long)b->slots, r->burst);
		goto out;
	}
	b->buf = aligned_alloc(4096, b->slots * b->slot + 4096);
	if (!b->buf) {
		snprintf(r->err, sizeof(r->err), "out of memory");
		goto out;
	}
	memset(b->buf, 0, b->slots * b->slot);	/* faulted in before the clock */
	pthread_barrier_init(&b->start, NULL, 2);
	if (pthread_create(&tc, NULL, bare_consumer, b) ||
	    pthread_create(&tp, NULL, bare_producer, b)) {
		snprintf(r->err, sizeof(r->err), "pthread_create failed");
		exit(1);
	}
	pthread_join(tp, NULL);
	pthread_join(tc, NULL);
	pthread_barrier_destroy(&b->start);
	r->secs = (double)(b->t1 - b->t0) / 1e9;
	ret = 0;
out:
	free(b->buf);
	free(b);
	return ret;
}
