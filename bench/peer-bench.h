/* SPDX-License-Identifier: MIT */
/*
 * peer-bench: what the driver (peer-bench.c) and the peers built apart
 * (peer-dpdk.c with DPDK's flags, peer-boost.cc in C++) share.
 */
#ifndef PEER_BENCH_H
#define PEER_BENCH_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

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
 * The payload of record k is pattern + (k & 0xff), size bytes: the
 * producer copies it in, the consumer compares every byte with memcmp.
 */
extern uint8_t peer_pattern[];
#define PEER_PATTERN(k) (peer_pattern + ((k) & 0xff))
#define PEER_MAX_SIZE 65536u

uint64_t peer_now_ns(void);
/* The calling thread's involuntary context switches so far. */
uint64_t peer_nivcsw(void);
#define PEER_ADD_PREEMPTED(sum, since) \
	__atomic_fetch_add((sum), peer_nivcsw() - (since), __ATOMIC_RELAXED)
/*
 * How a method's thread starts: pinned to cpu, then released with the
 * others by start. Returns peer_nivcsw() for PEER_ADD_PREEMPTED at its end.
 */
uint64_t peer_thread_start(int cpu, pthread_barrier_t *start);

static inline void peer_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#else
	__asm__ __volatile__("" ::: "memory");
#endif
}

/* Two threads, pinned; 0, or -1 with r->err set. */
int peer_dpdk_run(struct peer_run *r);		/* peer-dpdk.c */
int peer_boost_run(struct peer_run *r);		/* peer-boost.cc */
int peer_bare_run(struct peer_run *r);		/* peer-bare.c */
/* Sizes the Boost queue is instantiated for (its records are fixed-size). */
int peer_boost_has_size(uint32_t size);

#ifdef __cplusplus
}
#endif

#endif /* PEER_BENCH_H */
