/* SPDX-License-Identifier: MIT */
/*
 * peer-bench: what the driver (peer-bench.c) and the peers built apart
 * (peer-dpdk.c with DPDK's flags, peer-boost.cc in C++) share; ring-bench
 * uses two of the peers too (peer-plain.c: the pipe and memcpy).
 */
#ifndef PEER_BENCH_H
#define PEER_BENCH_H

#include <inttypes.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include <uio-ring/uio-ring.h>

#include "scaffold.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One timed transfer of count records of size bytes, producer -> consumer. */
struct peer_run {
	uint32_t size;		/* payload bytes per record */
	uint64_t count;		/* records */
	unsigned int burst;	/* producer burst, consumer batch of the peers */
	uint64_t ring_bytes;	/* payload bytes the queue holds, about */
	int cpu_prod, cpu_cons;	/* where the two threads are pinned */
	/* filled in by the run */
	double secs;		/* producer's start to consumer's last record */
	uint64_t bad;		/* records with a wrong length, order or byte */
	uint64_t preempted;	/* involuntary context switches of both threads */
	char err[160];		/* why the run failed (return -1) */
};

/*
 * The payload of record k is uio_ring_test_payload(peer_table, k), size
 * bytes (<uio-ring/abi.h>): the producer copies it in, the consumer
 * compares every byte with memcmp. The program that links the peers
 * defines peer_table and fills it with uio_ring_test_table() first.
 */
#define PEER_MAX_SIZE 65536u
#define PEER_TABLE_SIZE UIO_RING_TEST_TABLE_SIZE(PEER_MAX_SIZE)
extern uint8_t peer_table[];

/* The calling thread's involuntary context switches so far. */
static inline uint64_t peer_nivcsw(void)
{
	struct rusage ru;

	CHECK(getrusage(RUSAGE_THREAD, &ru) == 0, "getrusage: %s", strerror(errno));
	return (uint64_t)ru.ru_nivcsw;
}

#define PEER_ADD_PREEMPTED(sum, since) \
	__atomic_fetch_add((sum), peer_nivcsw() - (since), __ATOMIC_RELAXED)

/*
 * How a method's thread starts: pinned to cpu, then released with the
 * others by start. Returns peer_nivcsw() for PEER_ADD_PREEMPTED at its end.
 */
static inline uint64_t peer_thread_start(int cpu, pthread_barrier_t *start)
{
	bench_pin(cpu);
	pthread_barrier_wait(start);
	return peer_nivcsw();
}

/* Two threads, pinned; 0, or -1 with r->err set. */
int peer_dpdk_run(struct peer_run *r);		/* peer-dpdk.c */
int peer_boost_run(struct peer_run *r);		/* peer-boost.cc */
int peer_bare_run(struct peer_run *r);		/* peer-bare.c */
int peer_pipe_run(struct peer_run *r);		/* peer-plain.c: write() per record */
#define PEER_PIPE_READ	65536			/* and reads of this many bytes */
/*
 * memcpy, the machine's limit (peer-plain.c): on the calling thread, count
 * records of size bytes copied from src to dst, stride bytes apart, from 0
 * on and back to 0 at mask + 1 (each buffer holds mask + 1 + size bytes).
 * Seconds it took.
 */
double peer_memcpy_secs(uint8_t *dst, const uint8_t *src, uint32_t size, uint64_t stride,
			uint64_t mask, uint64_t count);
/* Sizes the Boost queue is instantiated for (its records are fixed-size). */
int peer_boost_has_size(uint32_t size);

#ifdef __cplusplus
}
#endif

/*
 * What both host drivers do before they measure: check the record sizes
 * (1 to PEER_MAX_SIZE bytes, a quarter of the ring at most), fill
 * peer_table, and allocate memcpy's two buffers, ring_bytes and a record
 * each, written once so that their pages are in before any clock starts.
 */
static inline void peer_setup(const uint32_t *sizes, unsigned int n, uint64_t ring_bytes,
			      uint8_t **src, uint8_t **dst)
{
	unsigned int s;

	for (s = 0; s < n; s++)
		if (sizes[s] == 0 || sizes[s] > PEER_MAX_SIZE ||
		    UIO_RING_REC_SIZE(sizes[s]) * 4 > ring_bytes)
			FAIL("size %u: must be 1 to %u bytes and a quarter of the ring at most",
			     sizes[s], PEER_MAX_SIZE);
	uio_ring_test_table(peer_table, PEER_TABLE_SIZE);
	*src = (uint8_t *)malloc(ring_bytes + PEER_MAX_SIZE);
	*dst = (uint8_t *)malloc(ring_bytes + PEER_MAX_SIZE);
	CHECK(*src && *dst, "out of memory");
	memset(*src, 0x5a, ring_bytes + PEER_MAX_SIZE);
	memset(*dst, 0xa5, ring_bytes + PEER_MAX_SIZE);
}

/*
 * The consumer's side of the ring methods: up to max records into recs,
 * peeked at once, or after up to spin more peeks (a pause between), or
 * after a uio_ring_wait for the doorbell. Nothing for 10 s, or an error,
 * ends the program (got of want records, for that message).
 */
static inline int peer_ring_peek(struct uio_ring *ring, struct uio_ring_record *recs,
				 unsigned int max, unsigned int spin, uint64_t got, uint64_t want)
{
	for (;;) {
		int n = uio_ring_peek(ring, recs, max);
		unsigned int k;

		for (k = 0; n == 0 && k < spin; k++) {
			bench_relax();
			n = uio_ring_peek(ring, recs, max);
		}
		CHECK(n >= 0, "uio_ring_peek: %s", uio_ring_errmsg());
		if (n > 0)
			return n;
		n = uio_ring_wait(ring, 10000);
		CHECK(n > 0, "uio_ring_wait: %s after %" PRIu64 " of %" PRIu64 " records",
		      n == 0 ? "nothing for 10 s" : uio_ring_errmsg(), got, want);
	}
}

/*
 * A run of a peer as the drivers count it: a peer that fails, or delivers
 * one wrong record, ends the program (name: the peer, in that message).
 */
static inline struct bench_result peer_result(int (*fn)(struct peer_run *), const char *name,
					      struct peer_run *r)
{
	struct bench_result res;

	memset(&res, 0, sizeof(res));	/* = { 0 } warns in C++ (peer-boost.cc) */
	CHECK(fn(r) == 0, "%s, %u B: %s", name, r->size, r->err);
	CHECK(r->bad == 0, "%s, %u B: %" PRIu64 " records wrong", name, r->size, r->bad);
	res.secs = r->secs;
	res.records = r->count;
	res.preempted = r->preempted;
	return res;
}

#endif /* PEER_BENCH_H */
