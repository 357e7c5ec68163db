// SPDX-License-Identifier: MIT
/*
 * One producer thread, one consumer thread: millions of records of varying
 * sizes, every byte verified, seq order, accounting, and wakeup
 * suppression (doorbells far fewer than records). Also built with TSan.
 */
#include <pthread.h>

#include "stream.h"

#define DS (64 * 1024u)

struct prod_arg {
	struct uio_ring_producer *p;
	uint64_t n;
	struct stream_end end;
};

static void *producer(void *arg)
{
	struct prod_arg *a = arg;

	stream_produce(a->p, a->n, &a->end);
	return NULL;
}

static bool thread_alive(void)
{
	return true;	/* a dead thread takes the process with it */
}

/* A stream of n records, consumed with peek or with the iterator. */
static void run(uint64_t n, bool iter)
{
	struct stream_result res;
	struct prod_arg a;
	struct t_ring t;
	pthread_t th;
	uint64_t t0;

	t_case = iter ? "spsc, iterator" : "spsc, peek";
	stream_iter = iter;
	t_ring_init(&t, "spsc", DS, true);
	a.p = t.p;
	a.n = n;
	t0 = t_now_ns();
	T_EQ(pthread_create(&th, NULL, producer, &a), 0);
	stream_consume(t.r, &res, thread_alive);
	T_EQ(pthread_join(th, NULL), 0);
	/* The END record must carry what the producer counted. */
	T_UEQ(res.end.attempts, a.end.attempts);
	T_UEQ(res.end.drops, a.end.drops);
	T_UEQ(res.end.discards, a.end.discards);
	stream_check(&res, t_case);
	printf("%s: %.2f s\n", t_case, (double)(t_now_ns() - t0) / 1e9);
	t_ring_fini(&t);
}

int main(void)
{
	uint64_t n = stream_count(2400000);

	t_watchdog(150);
	run(n, false);
	run(n / 2, true);
	printf("PASS: spsc\n");
	return T_PASS;
}
