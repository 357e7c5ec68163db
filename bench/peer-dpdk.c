// SPDX-License-Identifier: MIT
/*
 * peer-bench's DPDK peer: rte_ring, single producer and single consumer,
 * bursts, records in buffers of a pool, passed by pointer and read in place.
 *
 * No EAL: rte_ring_init() on memory of our own (rte_ring_get_memsize()),
 * which needs nothing of the EAL. Two rings, as a DPDK application with a
 * mempool has: "full" carries filled buffers to the consumer, "free" brings
 * them back once read, so the producer never overwrites a buffer the
 * consumer still reads. The pool holds about ring_bytes of payload.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ring.h>

#include "peer-bench.h"

#define MAX_BURST 256

struct dpdk_run {
	struct peer_run *r;
	struct rte_ring *full, *free;
	pthread_barrier_t start;
	uint64_t t0, t1;
};

static void *dpdk_producer(void *arg)
{
	struct dpdk_run *d = arg;
	struct peer_run *r = d->r;
	void *bufs[MAX_BURST];
	uint64_t sent = 0, csw;

	csw = peer_thread_start(r->cpu_prod, &d->start);
	d->t0 = bench_now_ns();
	while (sent < r->count) {
		unsigned int want = r->count - sent < r->burst ? (unsigned int)(r->count - sent) :
				    r->burst;
		unsigned int n, i, k;

		n = rte_ring_sc_dequeue_burst(d->free, bufs, want, NULL);
		if (!n) {
			bench_relax();
			continue;
		}
		for (i = 0; i < n; i++)
			memcpy(bufs[i], uio_ring_test_payload(peer_table, sent + i), r->size);
		for (k = 0; k < n;) {
			unsigned int m = rte_ring_sp_enqueue_burst(d->full, bufs + k, n - k, NULL);

			if (!m)
				bench_relax();
			k += m;
		}
		sent += n;
	}
	PEER_ADD_PREEMPTED(&r->preempted, csw);
	return NULL;
}

static void *dpdk_consumer(void *arg)
{
	struct dpdk_run *d = arg;
	struct peer_run *r = d->r;
	void *bufs[MAX_BURST];
	uint64_t got = 0, csw;

	csw = peer_thread_start(r->cpu_cons, &d->start);
	while (got < r->count) {
		unsigned int n = rte_ring_sc_dequeue_burst(d->full, bufs, r->burst, NULL), i;

		if (!n) {
			bench_relax();
			continue;
		}
		for (i = 0; i < n; i++)
			if (memcmp(bufs[i], uio_ring_test_payload(peer_table, got + i), r->size))
				r->bad++;
		/* The free ring holds the whole pool: this always fits. */
		if (rte_ring_sp_enqueue_bulk(d->free, bufs, n, NULL) != n)
			r->bad++;
		got += n;
	}
	d->t1 = bench_now_ns();
	PEER_ADD_PREEMPTED(&r->preempted, csw);
	return NULL;
}

static struct rte_ring *dpdk_ring(const char *name, unsigned int count, char *err, size_t len)
{
	ssize_t bytes = rte_ring_get_memsize(count);
	struct rte_ring *ring;
	int ret;

	if (bytes < 0) {
		snprintf(err, len, "rte_ring_get_memsize(%u): %zd", count, bytes);
		return NULL;
	}
	ring = aligned_alloc(64, ((size_t)bytes + 63) & ~(size_t)63);
	if (!ring) {
		snprintf(err, len, "out of memory");
		return NULL;
	}
	memset(ring, 0, (size_t)bytes);		/* faulted in before the clock starts */
	ret = rte_ring_init(ring, name, count, RING_F_SP_ENQ | RING_F_SC_DEQ);
	if (ret) {
		snprintf(err, len, "rte_ring_init: %s", strerror(-ret));
		free(ring);
		return NULL;
	}
	return ring;
}

int peer_dpdk_run(struct peer_run *r)
{
	struct dpdk_run d = { .r = r };
	unsigned int nbuf = 64, count = 1, i;
	size_t stride = ((size_t)r->size + 63) & ~(size_t)63;
	uint8_t *pool;
	pthread_t tp, tc;
	int ret = -1;

	if (r->burst < 1 || r->burst > MAX_BURST) {
		snprintf(r->err, sizeof(r->err), "burst %u: 1 to %u", r->burst, MAX_BURST);
		return -1;
	}
	while ((uint64_t)nbuf * 2 * r->size <= r->ring_bytes)
		nbuf *= 2;
	while (count <= nbuf)		/* a ring of count holds count - 1 */
		count *= 2;
	pool = aligned_alloc(64, stride * nbuf);
	d.full = dpdk_ring("peer-full", count, r->err, sizeof(r->err));
	d.free = d.full ? dpdk_ring("peer-free", count, r->err, sizeof(r->err)) : NULL;
	if (!pool || !d.free) {
		if (!pool)
			snprintf(r->err, sizeof(r->err), "out of memory");
		goto out;
	}
	memset(pool, 0, stride * nbuf);
	for (i = 0; i < nbuf; i++) {
		void *b = pool + (size_t)i * stride;

		if (rte_ring_sp_enqueue(d.free, b)) {
			snprintf(r->err, sizeof(r->err), "filling the free ring failed");
			goto out;
		}
	}
	pthread_barrier_init(&d.start, NULL, 2);
	if (pthread_create(&tc, NULL, dpdk_consumer, &d) ||
	    pthread_create(&tp, NULL, dpdk_producer, &d)) {
		snprintf(r->err, sizeof(r->err), "pthread_create failed");
		exit(1);
	}
	pthread_join(tp, NULL);
	pthread_join(tc, NULL);
	pthread_barrier_destroy(&d.start);
	r->secs = (double)(d.t1 - d.t0) / 1e9;
	ret = 0;
out:
	free(d.full);
	free(d.free);
	free(pool);
	return ret;
}
