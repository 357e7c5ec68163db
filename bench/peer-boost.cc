// SPDX-License-Identifier: MIT
/*
 * peer-bench's Boost.Lockfree peer: spsc_queue of fixed-size records,
 * copied in (push of a burst) and copied out (pop of a batch), as that
 * queue is used. One queue per record size, with a compile-time capacity
 * of 1 MiB of records (no allocation at all), in static storage.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <boost/lockfree/spsc_queue.hpp>

#include "peer-bench.h"

namespace {

const unsigned int kMaxBurst = 64;
const size_t kQueueBytes = 1u << 20;

template <uint32_t S> struct Rec {
	uint8_t b[S];
};

template <uint32_t S> struct Bench {
	typedef boost::lockfree::spsc_queue<Rec<S>,
		boost::lockfree::capacity<kQueueBytes / S> > Queue;
	static Queue q;

	struct Run {
		peer_run *r;
		pthread_barrier_t start;
		uint64_t t0, t1;
	};

	static void *producer(void *arg)
	{
		Run *d = static_cast<Run *>(arg);
		peer_run *r = d->r;
		Rec<S> batch[kMaxBurst];	/* on the stack: at most 256 KiB */
		uint64_t sent = 0, csw;

		csw = peer_thread_start(r->cpu_prod, &d->start);
		d->t0 = bench_now_ns();
		while (sent < r->count) {
			unsigned int n = r->count - sent < r->burst ?
					 (unsigned int)(r->count - sent) : r->burst;
			unsigned int i, k;

			for (i = 0; i < n; i++)
				memcpy(batch[i].b, uio_ring_test_payload(peer_table, sent + i), S);
			for (k = 0; k < n;) {
				size_t m = q.push(batch + k, n - k);

				if (!m)
					bench_relax();
				k += (unsigned int)m;
			}
			sent += n;
		}
		PEER_ADD_PREEMPTED(&r->preempted, csw);
		return NULL;
	}

	static void *consumer(void *arg)
	{
		Run *d = static_cast<Run *>(arg);
		peer_run *r = d->r;
		Rec<S> batch[kMaxBurst];	/* on the stack: at most 256 KiB */
		uint64_t got = 0, csw;

		csw = peer_thread_start(r->cpu_cons, &d->start);
		while (got < r->count) {
			size_t n = q.pop(batch, r->burst), i;

			if (!n) {
				bench_relax();
				continue;
			}
			for (i = 0; i < n; i++)
				if (memcmp(batch[i].b, uio_ring_test_payload(peer_table, got + i), S))
					r->bad++;
			got += n;
		}
		d->t1 = bench_now_ns();
		PEER_ADD_PREEMPTED(&r->preempted, csw);
		return NULL;
	}

	static int run(peer_run *r)
	{
		Run d;
		pthread_t tp, tc;

		d.r = r;
		d.t0 = d.t1 = 0;
		pthread_barrier_init(&d.start, NULL, 2);
		if (pthread_create(&tc, NULL, consumer, &d) ||
		    pthread_create(&tp, NULL, producer, &d)) {
			snprintf(r->err, sizeof(r->err), "pthread_create failed");
			return -1;
		}
		pthread_join(tp, NULL);
		pthread_join(tc, NULL);
		pthread_barrier_destroy(&d.start);
		r->secs = (double)(d.t1 - d.t0) / 1e9;
		return 0;
	}
};

template <uint32_t S> typename Bench<S>::Queue Bench<S>::q;

} // namespace

extern "C" int peer_boost_has_size(uint32_t size)
{
	return size == 64 || size == 256 || size == 4096;
}

extern "C" int peer_boost_run(peer_run *r)
{
	if (r->burst < 1 || r->burst > kMaxBurst) {
		snprintf(r->err, sizeof(r->err), "burst %u: 1 to %u", r->burst, kMaxBurst);
		return -1;
	}
	switch (r->size) {
	case 64:
		return Bench<64>::run(r);
	case 256:
		return Bench<256>::run(r);
	case 4096:
		return Bench<4096>::run(r);
	}
	snprintf(r->err, sizeof(r->err), "no queue for %u-byte records (64, 256, 4096)", r->size);
	return -1;
}
