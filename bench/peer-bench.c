// SPDX-License-Identifier: MIT
/*
 * peer-bench: libuio-ring against the fastest user-space queues, side by
 * side in one run (`make bench`, its peers part; bench/README.md).
 *
 * Same rules for every method: one producer thread and one consumer thread
 * pinned to two CPUs; the producer writes every payload byte (record k is
 * pattern + (k & 0xff), copied in with memcpy), the consumer reads every
 * byte (memcmp against the pattern) and checks the order; about 1 MiB of
 * records in flight at most; records of 64 B, 256 B and 4 KiB.
 *
 *   uio-ring         libuio-ring's public API only, as a fast application
 *                    uses it: a memfd ring (uio_ring_memfd_create), producer
 *                    opened UIO_RING_PRODUCER_SINGLE | _NO_DROP, a burst
 *                    filled in place with the inline fill
 *                    (uio_ring_fill_begin / _next / _end); on -EAGAIN (full)
 *                    it retries; consumer: the inline iterator
 *                    (uio_ring_iter_begin / _next / _end), up to --batch
 *                    records an iteration, up to --spin more begins when
 *                    empty, then uio_ring_wait (a real eventfd doorbell).
 *   uio-ring batch   uio-ring, a burst reserved with uio_ring_reserve_batch,
 *                    filled, committed with one uio_ring_commit_batch.
 *   uio-ring 1 by 1  uio-ring, reserving each record with uio_ring_reserve
 *                    and filling it at once (one pass over its lines),
 *                    bursts committed with one uio_ring_commit_batch.
 *   uio-ring peek    uio-ring, the consumer with uio_ring_peek /
 *                    uio_ring_release in batches of up to --batch.
 *   uio-ring locked  uio-ring with the default multi-producer handle (the
 *                    producer lock taken once per burst); NO_DROP only.
 *   rte_ring         DPDK, SPSC, bursts (peer-dpdk.c)
 *   boost spsc       Boost.Lockfree spsc_queue, records copied in and out
 *                    (peer-boost.cc)
 *   pipe             one write() per record, 64 KiB reads
 *   floor            the least any queue of records in place can do
 *                    (peer-bare.c): records laid out as uio-ring lays them
 *                    out, no library, no checks but the bytes
 *   memcpy           the machine's limit: one thread copying the same
 *                    records between two ring-sized buffers
 *
 *   peer-bench [--seconds S] [--reps N] [--sizes 64,256,4096] [--burst N]
 *              [--batch N] [--spin N] [--ring BYTES] [--only m1,m2,...]
 *              [--data FILE]
 *
 * Each (size, method) runs about S seconds (default 0.005) at a time, the
 * methods interleaved, until it has N runs (default 21) in which neither
 * thread was preempted (no involuntary context switch: on a shared machine
 * the others' work is what an interrupted run measures), or 4 N runs; the
 * median of those is printed. --data writes the medians for gnuplot
 * (bench/perf-user.gp). Exit status 0, or 1 with the reason on stderr (a
 * wrong byte included).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <uio-ring/uio-ring.h>
#include "peer-bench.h"

#define FAIL(...) do { fprintf(stderr, "peer-bench: " __VA_ARGS__); fputc('\n', stderr); exit(1); } while (0)
#define CHECK(cond, ...) do { if (!(cond)) FAIL(__VA_ARGS__); } while (0)

#define MAX_REPS	31
#define MAX_RUNS	(4 * MAX_REPS)	/* runs to find opt_reps undisturbed ones */
#define MAX_SIZES	8
#define MAX_BURST	64
#define MAX_BATCH	1024
#define PIPE_READ	65536

uint8_t peer_pattern[256 + PEER_MAX_SIZE];

static double opt_seconds = 0.005;
static unsigned int opt_reps = 21;
static unsigned int opt_burst = 32;
static unsigned int opt_batch = 256;
static unsigned int opt_spin = 10000;
static uint64_t opt_ring = 1u << 20;
static int cpu_a, cpu_b;

static void peer_pin(int cpu)
{
	cpu_set_t set;
	int ret;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	ret = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	CHECK(ret == 0, "pinning to CPU %d: %s", cpu, strerror(ret));
}

uint64_t peer_thread_start(int cpu, pthread_barrier_t *start)
{
	peer_pin(cpu);
	pthread_barrier_wait(start);
	return peer_nivcsw();
}

uint64_t peer_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t peer_nivcsw(void)
{
	struct rusage ru;

	CHECK(getrusage(RUSAGE_THREAD, &ru) == 0, "getrusage: %s", strerror(errno));
	return (uint64_t)ru.ru_nivcsw;
}

struct result {
	double secs;
	uint64_t records;
	uint64_t preempted;			/* involuntary context switches */
	uint64_t notifications, wakeups;	/* uio-ring only */
};

static double rate(const struct result *r)
{
	return (double)r->records / r->secs;
}

/* ---- libuio-ring, public API ------------------------------------------ */

struct uio_run {
	struct uio_ring_producer *prod;
	struct uio_ring *ring;
	uint32_t size;
	enum { UIO_FILL, UIO_BATCH, UIO_ONE } produce;
	int peek;			/* consumer: peek/release, not the iterator */
	uint64_t count, warm;
	pthread_barrier_t start;
	uint64_t t0, t1, bad, preempted;
	struct uio_ring_stats warm_stats;	/* after the warm-up */
};

/* Everything through the uio-ring methods, warm-ups and calibration included. */
static uint64_t uio_total_records, uio_total_notifications;

/* Records from (seq) to: reserve and fill bursts, commit each at once. */
static void uio_produce(struct uio_run *r, uint64_t sent, uint64_t to)
{
	void *payloads[MAX_BURST];

	while (sent < to && r->produce == UIO_FILL) {
		unsigned int want = to - sent < opt_burst ? (unsigned int)(to - sent) : opt_burst;
		struct uio_ring_fill f;
		int n = uio_ring_fill_begin(r->prod, r->size, UIO_RING_TYPE_TEST, 0, want, &f);
		void *payload;

		if (n == -EAGAIN) {
			peer_relax();	/* full: wait for room */
			continue;
		}
		CHECK(n > 0, "uio_ring_fill_begin: %s", uio_ring_errmsg());
		while ((payload = uio_ring_fill_next(&f)))
			memcpy(payload, PEER_PATTERN(sent++), r->size);
		CHECK(uio_ring_fill_end(r->prod, &f) == n, "uio_ring_fill_end: %s",
		      uio_ring_errmsg());
	}
	while (sent < to && r->produce == UIO_BATCH) {
		unsigned int want = to - sent < opt_burst ? (unsigned int)(to - sent) : opt_burst;
		int n = uio_ring_reserve_batch(r->prod, r->size, UIO_RING_TYPE_TEST, 0, payloads,
					       want), i;

		if (n == -EAGAIN) {
			peer_relax();	/* full: wait for room */
			continue;
		}
		CHECK(n > 0, "uio_ring_reserve_batch: %s", uio_ring_errmsg());
		for (i = 0; i < n; i++)
			memcpy(payloads[i], PEER_PATTERN(sent + (uint64_t)i), r->size);
		CHECK(uio_ring_commit_batch(r->prod, payloads, (unsigned int)n) == 0,
		      "uio_ring_commit_batch: %s", uio_ring_errmsg());
		sent += (uint64_t)n;
	}
	while (sent < to) {
		unsigned int want = to - sent < opt_burst ? (unsigned int)(to - sent) : opt_burst;
		unsigned int k = 0;

		while (k < want) {
			int ret = uio_ring_reserve(r->prod, r->size, UIO_RING_TYPE_TEST, 0,
						   &payloads[k]);

			if (ret == -EAGAIN) {
				/* Full: publish what we have, wait for room. */
				if (k)
					break;
				peer_relax();
				continue;
			}
			CHECK(ret == 0, "uio_ring_reserve: %s", uio_ring_errmsg());
			memcpy(payloads[k], PEER_PATTERN(sent + k), r->size);
			k++;
		}
		CHECK(uio_ring_commit_batch(r->prod, payloads, k) == 0,
		      "uio_ring_commit_batch: %s", uio_ring_errmsg());
		sent += k;
	}
}

/*
 * Records from (seq) to, with the inline iterator: each record checked as
 * it comes, released at the end of each iteration (at most --batch).
 */
static void uio_iterate(struct uio_run *r, uint64_t got, uint64_t to)
{
	struct uio_ring_record rec;
	struct uio_ring_iter it;

	while (got < to) {
		int n = uio_ring_iter_begin(r->ring, &it);
		unsigned int spin, k;

		for (spin = 0; n == 0 && spin < opt_spin; spin++) {
			peer_relax();
			n = uio_ring_iter_begin(r->ring, &it);
		}
		CHECK(n >= 0, "uio_ring_iter_begin: %s", uio_ring_errmsg());
		if (n == 0) {
			CHECK(uio_ring_iter_end(r->ring, &it) == 0, "uio_ring_iter_end: %s",
			      uio_ring_errmsg());
			n = uio_ring_wait(r->ring, 10000);
			CHECK(n > 0, "uio_ring_wait: %s after %" PRIu64 " of %" PRIu64 " records",
			      n == 0 ? "nothing for 10 s" : uio_ring_errmsg(), got, to);
			continue;
		}
		for (k = 0; k < opt_batch && uio_ring_iter_next(&it, &rec); k++, got++)
			if (rec.len != r->size || rec.seq != got ||
			    memcmp(rec.data, PEER_PATTERN(got), r->size))
				r->bad++;
		CHECK(uio_ring_iter_end(r->ring, &it) == (int)k, "uio_ring_iter_end: %s",
		      uio_ring_errmsg());
	}
}

/* Records from (seq) to: peek and check batches, release each at once. */
static void uio_consume(struct uio_run *r, uint64_t got, uint64_t to)
{
	static __thread struct uio_ring_record recs[MAX_BATCH];

	if (!r->peek) {
		uio_iterate(r, got, to);
		return;
	}
	while (got < to) {
		int n = uio_ring_peek(r->ring, recs, opt_batch), i;
		unsigned int spin;

		for (spin = 0; n == 0 && spin < opt_spin; spin++) {
			peer_relax();
			n = uio_ring_peek(r->ring, recs, opt_batch);
		}
		CHECK(n >= 0, "uio_ring_peek: %s", uio_ring_errmsg());
		if (n == 0) {
			n = uio_ring_wait(r->ring, 10000);
			CHECK(n > 0, "uio_ring_wait: %s after %" PRIu64 " of %" PRIu64 " records",
			      n == 0 ? "nothing for 10 s" : uio_ring_errmsg(), got, to);
			continue;
		}
		for (i = 0; i < n; i++)
			if (recs[i].len != r->size || recs[i].seq != got + (uint64_t)i ||
			    memcmp(recs[i].data, PEER_PATTERN(got + (uint64_t)i), r->size))
				r->bad++;
		CHECK(uio_ring_release(r->ring, (unsigned int)n) == 0, "uio_ring_release: %s",
		      uio_ring_errmsg());
		got += (uint64_t)n;
	}
}

/*
 * Two laps of the ring untimed first, so that its pages are faulted in and
 * cached as the other methods' buffers are; then the timed records.
 */
static void *uio_producer(void *arg)
{
	struct uio_run *r = arg;
	uint64_t csw;

	peer_pin(cpu_a);
	pthread_barrier_wait(&r->start);
	uio_produce(r, 0, r->warm);
	pthread_barrier_wait(&r->start);
	csw = peer_nivcsw();
	r->t0 = peer_now_ns();
	uio_produce(r, r->warm, r->warm + r->count);
	PEER_ADD_PREEMPTED(&r->preempted, csw);
	return NULL;
}

static void *uio_consumer(void *arg)
{
	struct uio_run *r = arg;
	uint64_t csw;

	peer_pin(cpu_b);
	pthread_barrier_wait(&r->start);
	uio_consume(r, 0, r->warm);
	CHECK(uio_ring_get_stats(r->ring, &r->warm_stats) == 0, "uio_ring_get_stats");
	pthread_barrier_wait(&r->start);
	csw = peer_nivcsw();
	uio_consume(r, r->warm, r->warm + r->count);
	r->t1 = peer_now_ns();
	PEER_ADD_PREEMPTED(&r->preempted, csw);
	return NULL;
}

static struct result run_uio_flags(uint32_t size, uint64_t count, unsigned int flags,
				   int produce, int peek)
{
	struct uio_run r = {
		.size = size, .count = count, .warm = 2 * opt_ring / UIO_RING_REC_SIZE(size),
		.produce = produce, .peek = peek,
	};
	struct uio_ring_stats st;
	struct result res = { 0 };
	int fd, efd, ret;
	pthread_t tp, tc;

	ret = uio_ring_memfd_create("peer-bench", opt_ring, &fd, &efd);
	CHECK(ret == 0, "uio_ring_memfd_create: %s", uio_ring_errmsg());
	ret = uio_ring_producer_open_fd(fd, efd, flags, &r.prod);
	CHECK(ret == 0, "uio_ring_producer_open_fd: %s", uio_ring_errmsg());
	ret = uio_ring_open_fd(fd, efd, 0, &r.ring);
	CHECK(ret == 0, "uio_ring_open_fd: %s", uio_ring_errmsg());
	close(fd);
	close(efd);
	pthread_barrier_init(&r.start, NULL, 2);
	CHECK(pthread_create(&tc, NULL, uio_consumer, &r) == 0, "pthread_create");
	CHECK(pthread_create(&tp, NULL, uio_producer, &r) == 0, "pthread_create");
	pthread_join(tp, NULL);
	pthread_join(tc, NULL);
	pthread_barrier_destroy(&r.start);
	CHECK(uio_ring_get_stats(r.ring, &st) == 0, "uio_ring_get_stats");
	CHECK(r.bad == 0, "uio-ring, %u B: %" PRIu64 " records wrong", size, r.bad);
	count += r.warm;
	CHECK(st.consumed == count && st.produced == count && !st.dropped && !st.missed,
	      "uio-ring, %u B: produced %" PRIu64 " consumed %" PRIu64 " dropped %" PRIu64
	      " missed %" PRIu64 ", want %" PRIu64, size, st.produced, st.consumed,
	      st.dropped, st.missed, count);
	uio_total_records += count;
	uio_total_notifications += st.notifications;
	uio_ring_close(r.ring);
	uio_ring_producer_close(r.prod);
	res.secs = (double)(r.t1 - r.t0) / 1e9;
	res.records = count - r.warm;
	res.notifications = st.notifications - r.warm_stats.notifications;
	res.wakeups = st.wakeups - r.warm_stats.wakeups;
	res.preempted = r.preempted;
	return res;
}

#define UIO_SINGLE (UIO_RING_PRODUCER_SINGLE | UIO_RING_PRODUCER_NO_DROP)

static struct result run_uio(uint32_t size, uint64_t count)
{
	return run_uio_flags(size, count, UIO_SINGLE, UIO_FILL, 0);
}

static struct result run_uio_batch(uint32_t size, uint64_t count)
{
	return run_uio_flags(size, count, UIO_SINGLE, UIO_BATCH, 0);
}

static struct result run_uio_one(uint32_t size, uint64_t count)
{
	return run_uio_flags(size, count, UIO_SINGLE, UIO_ONE, 0);
}

static struct result run_uio_peek(uint32_t size, uint64_t count)
{
	return run_uio_flags(size, count, UIO_SINGLE, UIO_BATCH, 1);
}

static struct result run_uio_locked(uint32_t size, uint64_t count)
{
	return run_uio_flags(size, count, UIO_RING_PRODUCER_NO_DROP, UIO_BATCH, 0);
}

/* ---- peers built apart ------------------------------------------------ */

static __attribute__((unused)) struct result
run_peer(int (*fn)(struct peer_run *), const char *name, uint32_t size, uint64_t count)
{
	struct peer_run r = {
		.size = size, .count = count, .burst = opt_burst, .ring_bytes = opt_ring,
		.cpu_prod = cpu_a, .cpu_cons = cpu_b,
	};
	struct result res = { 0 };

	CHECK(fn(&r) == 0, "%s, %u B: %s", name, size, r.err);
	CHECK(r.bad == 0, "%s, %u B: %" PRIu64 " records wrong", name, size, r.bad);
	res.secs = r.secs;
	res.records = count;
	res.preempted = r.preempted;
	return res;
}

#ifdef HAVE_DPDK
static struct result run_dpdk(uint32_t size, uint64_t count)
{
	return run_peer(peer_dpdk_run, "rte_ring", size, count);
}
#endif

static struct result run_bare(uint32_t size, uint64_t count)
{
	return run_peer(peer_bare_run, "floor", size, count);
}

#ifdef HAVE_BOOST_LOCKFREE
static struct result run_boost(uint32_t size, uint64_t count)
{
	return run_peer(peer_boost_run, "boost spsc_queue", size, count);
}
#endif

/* ---- pipe: one write() per record, 64 KiB reads ----------------------- */

struct pipe_run {
	int fds[2];
	uint32_t size;
	uint64_t count;
	pthread_barrier_t start;
	uint64_t t0, t1, bytes, bad, preempted;
};

static void *pipe_writer(void *arg)
{
	struct pipe_run *r = arg;
	uint8_t *buf = malloc(r->size);
	uint64_t k, csw;

	CHECK(buf, "out of memory");
	csw = peer_thread_start(cpu_a, &r->start);
	r->t0 = peer_now_ns();
	for (k = 0; k < r->count; k++) {
		size_t off = 0;

		memcpy(buf, PEER_PATTERN(k), r->size);
		while (off < r->size) {
			ssize_t n = write(r->fds[1], buf + off, r->size - off);

			CHECK(n > 0, "pipe write: %s", strerror(errno));
			off += (size_t)n;
		}
	}
	close(r->fds[1]);
	PEER_ADD_PREEMPTED(&r->preempted, csw);
	free(buf);
	return NULL;
}

static void *pipe_reader(void *arg)
{
	struct pipe_run *r = arg;
	uint8_t *buf = malloc(PIPE_READ);
	uint64_t k = 0;		/* record of the next byte */
	uint32_t i = 0;		/* its offset in that record */
	uint64_t csw;

	CHECK(buf, "out of memory");
	csw = peer_thread_start(cpu_b, &r->start);
	for (;;) {
		ssize_t n = read(r->fds[0], buf, PIPE_READ);
		const uint8_t *p = buf;

		CHECK(n >= 0, "pipe read: %s", strerror(errno));
		if (n == 0)
			break;
		r->bytes += (uint64_t)n;
		while (n > 0) {
			uint32_t m = r->size - i < (uint64_t)n ? r->size - i : (uint32_t)n;

			if (memcmp(p, PEER_PATTERN(k) + i, m))
				r->bad++;
			p += m;
			n -= m;
			i += m;
			if (i == r->size) {
				i = 0;
				k++;
			}
		}
	}
	r->t1 = peer_now_ns();
	PEER_ADD_PREEMPTED(&r->preempted, csw);
	free(buf);
	return NULL;
}

static struct result run_pipe(uint32_t size, uint64_t count)
{
	struct pipe_run r = { .size = size, .count = count };
	struct result res = { 0 };
	pthread_t tw, tr;

	CHECK(pipe2(r.fds, O_CLOEXEC) == 0, "pipe: %s", strerror(errno));
	pthread_barrier_init(&r.start, NULL, 2);
	CHECK(pthread_create(&tr, NULL, pipe_reader, &r) == 0, "pthread_create");
	CHECK(pthread_create(&tw, NULL, pipe_writer, &r) == 0, "pthread_create");
	pthread_join(tw, NULL);
	pthread_join(tr, NULL);
	pthread_barrier_destroy(&r.start);
	close(r.fds[0]);
	CHECK(r.bad == 0 && r.bytes == count * size,
	      "pipe, %u B: %" PRIu64 " bytes read (want %" PRIu64 "), %" PRIu64 " wrong",
	      size, r.bytes, count * size, r.bad);
	res.secs = (double)(r.t1 - r.t0) / 1e9;
	res.records = count;
	res.preempted = r.preempted;
	return res;
}

/* ---- memcpy of the same records between two ring-sized buffers -------- */

static uint8_t *mc_src, *mc_dst;

static struct result run_memcpy(uint32_t size, uint64_t count)
{
	uint64_t mask = opt_ring - 1, k, off = 0;
	struct result res = { 0 };
	uint64_t csw = peer_nivcsw(), t0 = peer_now_ns();

	for (k = 0; k < count; k++) {
		memcpy(mc_dst + off, mc_src + off, size);
		/* The copy is used: the compiler may not drop it. */
		__asm__ __volatile__("" : : "r"(mc_dst) : "memory");
		off = (off + size) & mask;
	}
	res.secs = (double)(peer_now_ns() - t0) / 1e9;
	res.records = count;
	res.preempted = peer_nivcsw() - csw;
	return res;
}

/* ---- driver ------------------------------------------------------------ */

typedef struct result (*run_fn)(uint32_t size, uint64_t count);

struct method {
	const char *key;	/* --only */
	const char *name;	/* table and plot */
	run_fn fn;		/* NULL: not built */
	const char *skip;	/* why not */
	int only;
};

enum { M_UIO, M_UIO_BATCH, M_UIO_ONE, M_UIO_PEEK, M_UIO_LOCKED, M_DPDK, M_BOOST, M_PIPE, M_BARE, M_MEMCPY, NM };

static struct method methods[NM] = {
	[M_UIO] = { "uio", "uio-ring", run_uio, NULL, 0 },
	[M_UIO_BATCH] = { "uio-batch", "uio-ring batch", run_uio_batch, NULL, 0 },
	/* uio-ring with uio_ring_reserve(), record by record. */
	[M_UIO_ONE] = { "uio-one", "uio-ring 1 by 1", run_uio_one, NULL, 0 },
	[M_UIO_PEEK] = { "uio-peek", "uio-ring peek", run_uio_peek, NULL, 0 },
	[M_UIO_LOCKED] = { "uio-locked", "uio-ring locked", run_uio_locked, NULL, 0 },
#ifdef HAVE_DPDK
	[M_DPDK] = { "dpdk", "rte_ring SPSC", run_dpdk, NULL, 0 },
#else
	[M_DPDK] = { "dpdk", "rte_ring SPSC", NULL,
		     "DPDK's rte_ring not built: configure found no libdpdk (pkg-config)", 0 },
#endif
#ifdef HAVE_BOOST_LOCKFREE
	[M_BOOST] = { "boost", "boost spsc_queue", run_boost, NULL, 0 },
#else
	[M_BOOST] = { "boost", "boost spsc_queue", NULL,
		      "Boost.Lockfree not built: configure found no C++ compiler with "
		      "boost/lockfree/spsc_queue.hpp", 0 },
#endif
	[M_PIPE] = { "pipe", "pipe", run_pipe, NULL, 0 },
	[M_BARE] = { "floor", "floor (2 CPUs)", run_bare, NULL, 0 },
	[M_MEMCPY] = { "memcpy", "memcpy", run_memcpy, NULL, 0 },
};

static int method_runs(int m, uint32_t size)
{
	if (!methods[m].fn || !methods[m].only)
		return 0;
#ifdef HAVE_BOOST_LOCKFREE
	if (m == M_BOOST && !peer_boost_has_size(size))
		return 0;
#endif
	return 1;
}

/* Records for about opt_seconds: grow a trial until it takes 40 ms. */
static uint64_t calibrate(run_fn fn, uint32_t size)
{
	uint64_t n = 2000;
	struct result r;

	for (;;) {
		r = fn(size, n);
		if (r.secs >= 0.04 || n >= (1ull << 34))
			break;
		n = (uint64_t)((double)n * (r.secs > 0.004 ? 0.05 / r.secs : 10.0));
	}
	n = (uint64_t)(rate(&r) * opt_seconds);
	return n < 1000 ? 1000 : n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static unsigned int median(const struct result *r, unsigned int n)
{
	double v[MAX_RUNS];
	unsigned int i;

	for (i = 0; i < n; i++)
		v[i] = rate(&r[i]);
	qsort(v, n, sizeof(v[0]), cmp_double);
	for (i = 0; i < n; i++)
		if (rate(&r[i]) == v[n / 2])
			return i;
	return 0;
}

static double best(const struct result *r, unsigned int n)
{
	double hi = rate(&r[0]);
	unsigned int i;

	for (i = 1; i < n; i++)
		hi = rate(&r[i]) > hi ? rate(&r[i]) : hi;
	return hi;
}

static double spread(const struct result *r, unsigned int n)
{
	double lo = rate(&r[0]), hi = lo;
	unsigned int i;

	for (i = 1; i < n; i++) {
		lo = rate(&r[i]) < lo ? rate(&r[i]) : lo;
		hi = rate(&r[i]) > hi ? rate(&r[i]) : hi;
	}
	return 100.0 * (hi - lo) / rate(&r[median(r, n)]);
}

static const char *size_str(uint32_t size, char *buf, size_t len)
{
	if (size >= 1024 && size % 1024 == 0)
		snprintf(buf, len, "%u KiB", size / 1024);
	else
		snprintf(buf, len, "%u B", size);
	return buf;
}

static void usage(void)
{
	fprintf(stderr, "usage: peer-bench [--seconds S] [--reps N] [--sizes 64,256,4096] "
		"[--burst N] [--batch N] [--spin N] [--ring BYTES] [--only uio,uio-one,"
		"uio-batch,uio-peek,uio-locked,dpdk,boost,pipe,floor,memcpy] [--data FILE]\n");
	exit(2);
}

static void parse_only(const char *v)
{
	char *copy = strdup(v), *tok, *save = NULL;
	int m;

	CHECK(copy, "out of memory");
	for (m = 0; m < NM; m++)
		methods[m].only = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (m = 0; m < NM && strcmp(tok, methods[m].key); m++)
			;
		if (m == NM)
			usage();
		methods[m].only = 1;
	}
	free(copy);
}

/* "met" or "MISSED" for a ratio against its target. */
static const char *verdict(double ratio, double target)
{
	return ratio >= target ? "met" : "MISSED";
}

int main(int argc, char **argv)
{
	uint32_t sizes[MAX_SIZES] = { 64, 256, 4096 };
	static struct result res[MAX_SIZES][NM][MAX_RUNS], dirty[NM][MAX_RUNS];
	unsigned int nrun[NM], nclean[NM];
	double med[MAX_SIZES][NM];
	unsigned int nsizes = 3, s, k, i;
	const char *data_path = NULL;
	char b1[32];
	cpu_set_t set;
	int m, c, skipped = 0;

	for (m = 0; m < NM; m++)
		methods[m].only = 1;
	for (i = 1; i < (unsigned int)argc; i++) {
		const char *v = i + 1 < (unsigned int)argc ? argv[i + 1] : NULL;

		if (!v)
			usage();
		if (!strcmp(argv[i], "--seconds"))
			opt_seconds = atof(v);
		else if (!strcmp(argv[i], "--reps"))
			opt_reps = (unsigned int)atoi(v);
		else if (!strcmp(argv[i], "--burst"))
			opt_burst = (unsigned int)atoi(v);
		else if (!strcmp(argv[i], "--batch"))
			opt_batch = (unsigned int)atoi(v);
		else if (!strcmp(argv[i], "--spin"))
			opt_spin = (unsigned int)atoi(v);
		else if (!strcmp(argv[i], "--ring"))
			opt_ring = strtoull(v, NULL, 0);
		else if (!strcmp(argv[i], "--only"))
			parse_only(v);
		else if (!strcmp(argv[i], "--data"))
			data_path = v;
		else if (!strcmp(argv[i], "--sizes")) {
			char *copy = strdup(v), *tok, *save = NULL;

			CHECK(copy, "out of memory");
			for (nsizes = 0, tok = strtok_r(copy, ",", &save); tok && nsizes < MAX_SIZES;
			     tok = strtok_r(NULL, ",", &save))
				sizes[nsizes++] = (uint32_t)atoi(tok);
			free(copy);
		} else
			usage();
		i++;
	}
	if (opt_seconds <= 0 || opt_reps < 1 || opt_reps > MAX_REPS || opt_burst < 1 ||
	    opt_burst > MAX_BURST || opt_batch < 1 || opt_batch > MAX_BATCH || nsizes == 0 ||
	    opt_ring < 65536 || (opt_ring & (opt_ring - 1)))
		usage();
	for (s = 0; s < nsizes; s++)
		if (sizes[s] == 0 || sizes[s] > PEER_MAX_SIZE ||
		    UIO_RING_REC_SIZE(sizes[s]) * 4 > opt_ring)
			FAIL("size %u: must be 1 to %u bytes and a quarter of the ring at most",
			     sizes[s], PEER_MAX_SIZE);

	for (i = 0; i < sizeof(peer_pattern); i++)
		peer_pattern[i] = (uint8_t)i;
	mc_src = malloc(opt_ring + PEER_MAX_SIZE);
	mc_dst = malloc(opt_ring + PEER_MAX_SIZE);
	CHECK(mc_src && mc_dst, "out of memory");
	memset(mc_src, 0x5a, opt_ring + PEER_MAX_SIZE);
	memset(mc_dst, 0xa5, opt_ring + PEER_MAX_SIZE);

	CHECK(sched_getaffinity(0, sizeof(set), &set) == 0, "sched_getaffinity: %s",
	      strerror(errno));
	cpu_a = cpu_b = -1;
	for (c = 0; c < CPU_SETSIZE; c++) {
		if (!CPU_ISSET(c, &set))
			continue;
		if (cpu_a < 0)
			cpu_a = c;
		else if (cpu_b < 0)
			cpu_b = c;
	}
	if (cpu_b < 0) {
		cpu_b = cpu_a;
		printf("WARNING: only one CPU available: producer and consumer share it\n");
	}
#ifndef __OPTIMIZE__
	printf("WARNING: peer-bench was built without optimization: the figures mean little\n");
#endif

	peer_pin(cpu_a);	/* memcpy runs here, the others on threads of their own */
	printf("Peers: libuio-ring against its peers, producer thread on CPU %d -> consumer "
	       "thread on CPU %d\n", cpu_a, cpu_b);
	printf("Every payload byte written (memcpy) and read (memcmp); about %" PRIu64
	       " KiB of records in flight at most.\n", opt_ring / 1024);
	printf("uio-ring: memfd ring, producer SINGLE|NO_DROP, bursts of %u filled in place "
	       "(uio_ring_fill_*); consumer: inline iterator, up to %u\n"
	       "  records an iteration, %u more begins when empty, then uio_ring_wait. "
	       "uio-ring batch: uio_ring_reserve_batch, fill,\n"
	       "  commit_batch. uio-ring 1 by 1: each record reserved with uio_ring_reserve and "
	       "filled at once, the burst committed\n"
	       "  with commit_batch. uio-ring peek: batch, consumer peek/release. uio-ring locked: "
	       "batch, default multi-producer handle.\n"
	       "rte_ring: SPSC, bursts of %u, pool buffers by pointer, read in place, returned "
	       "on a second ring. boost: spsc_queue, push/pop\n"
	       "  of bursts of %u records copied in and out. pipe: write() per record, %u KiB "
	       "reads. memcpy: one thread, same records, ring-sized buffers.\n"
	       "floor: no library, records laid out as uio-ring's, one position published per "
	       "burst of %u and per batch, nothing checked but the bytes.\n"
	       "Runs of ~%.2g s, methods interleaved; for each, the median of the first %u runs that no other\n"
	       "  task interrupted (clean: such runs / runs made; *: fewer than 3, median of all runs);\n"
	       "  spread = (max - min) / median; best = the fastest of those runs.\n",
	       opt_burst, opt_batch, opt_spin, opt_burst,
	       opt_burst, PIPE_READ / 1024, opt_burst,
	       opt_seconds, opt_reps);
	for (m = 0; m < NM; m++) {
		if (methods[m].fn || !methods[m].only)
			continue;
		if (!skipped++)
			printf("==================================================================\n");
		printf("SKIP: %s: %s; scripts/install-bench-deps, then ./configure\n",
		       methods[m].name, methods[m].skip);
	}
	if (skipped)
		printf("==================================================================\n");
	printf("\n%-7s %-17s %11s %9s %7s %11s %7s %10s %13s\n", "size", "method", "rec/s",
	       "GB/s", "spread", "best rec/s", "clean", "notif/rec", "uio-ring/this");
	fflush(stdout);

	for (s = 0; s < nsizes; s++) {
		uint32_t size = sizes[s];
		uint64_t n[NM];

		for (m = 0; m < NM; m++) {
			med[s][m] = 0;
			n[m] = method_runs(m, size) ? calibrate(methods[m].fn, size) : 0;
		}
		/*
		 * Rounds of one run of each method, the order rotated, until each
		 * has opt_reps runs that no other task interrupted (no involuntary
		 * context switch of either thread), or 4 * opt_reps rounds: on a
		 * shared machine the interrupted ones measure the others' work.
		 */
		memset(nrun, 0, sizeof(nrun));
		memset(nclean, 0, sizeof(nclean));
		for (k = 0; k < 4 * opt_reps; k++) {
			int more = 0;

			for (i = 0; i < NM; i++) {
				struct result r;

				m = (int)((i + k) % NM);
				if (!n[m] || nclean[m] >= opt_reps)
					continue;
				r = methods[m].fn(size, n[m]);
				if (!r.preempted)
					res[s][m][nclean[m]++] = r;
				else
					dirty[m][nrun[m] - nclean[m]] = r;
				nrun[m]++;
				more |= nclean[m] < opt_reps;
			}
			if (!more)
				break;
		}
		for (m = 0; m < NM; m++) {
			const struct result *r = res[s][m];
			unsigned int mi, nr = nclean[m];
			char nb[16] = "", cl[16];

			if (nr < 3) {
				/* Too few clean runs: all of them, flagged. */
				memcpy(&res[s][m][nr], dirty[m], (nrun[m] - nr) * sizeof(dirty[m][0]));
				nr = nrun[m];
			}
			snprintf(cl, sizeof(cl), "%u/%u%s", nclean[m], nrun[m],
				 nclean[m] < 3 ? "*" : "");

			if (!n[m]) {
				if (methods[m].only)
					printf("%-7s %-17s %11s\n", size_str(size, b1, sizeof(b1)),
					       methods[m].name, "SKIP");
				continue;
			}
			mi = median(r, nr);
			med[s][m] = rate(&r[mi]);
			if (m <= M_UIO_LOCKED)	/* the uio-ring methods */
				snprintf(nb, sizeof(nb), "%.4f",
					 (double)r[mi].notifications / (double)r[mi].records);
			printf("%-7s %-17s %9.2f M %9.2f %6.0f%% %9.2f M %7s %10s",
			       size_str(size, b1, sizeof(b1)), methods[m].name, med[s][m] / 1e6,
			       med[s][m] * size / 1e9, spread(r, nr), best(r, nr) / 1e6, cl, nb);
			if (m != M_UIO && med[s][M_UIO] > 0)
				printf(" %12.2fx", med[s][M_UIO] / med[s][m]);
			printf("\n");
		}
		fflush(stdout);
	}

	if (med[0][M_UIO] > 0) {
		printf("\nTargets (ratios of medians in this run):\n");
		for (s = 0; s < nsizes; s++) {
			double u = med[s][M_UIO];

			if (med[s][M_DPDK] > 0) {
				double t = sizes[s] == 64 ? 1.3 : 1.0;

				printf("  %-7s uio-ring / rte_ring records/s %5.2fx, target >= %.2fx: %s\n",
				       size_str(sizes[s], b1, sizeof(b1)), u / med[s][M_DPDK], t,
				       verdict(u / med[s][M_DPDK], t));
				if (med[s][M_UIO_BATCH] > 0)
					printf("  %-7s   (uio-ring batch / rte_ring     %5.2fx)\n",
					       size_str(sizes[s], b1, sizeof(b1)),
					       med[s][M_UIO_BATCH] / med[s][M_DPDK]);
				if (med[s][M_UIO_ONE] > 0)
					printf("  %-7s   (uio-ring 1 by 1 / rte_ring    %5.2fx)\n",
					       size_str(sizes[s], b1, sizeof(b1)),
					       med[s][M_UIO_ONE] / med[s][M_DPDK]);
			}
			if (sizes[s] == 4096 && med[s][M_MEMCPY] > 0)
				printf("  %-7s uio-ring / memcpy bytes/s     %5.2f,  target >= 0.85:  %s\n",
				       size_str(sizes[s], b1, sizeof(b1)), u / med[s][M_MEMCPY],
				       verdict(u / med[s][M_MEMCPY], 0.85));
		}
		if (med[0][M_BARE] > 0) {
			printf("What the machine allows: floor = uio-ring's record layout moved with "
			       "no library and no checks\n");
			for (s = 0; s < nsizes; s++) {
				double f = med[s][M_BARE];

				printf("  %-7s uio-ring / floor %4.2f", size_str(sizes[s], b1, sizeof(b1)),
				       med[s][M_UIO] / f);
				if (med[s][M_DPDK] > 0)
					printf(";  floor / rte_ring %5.2fx", f / med[s][M_DPDK]);
				if (med[s][M_MEMCPY] > 0)
					printf(";  floor / memcpy bytes/s %4.2f", f / med[s][M_MEMCPY]);
				printf("\n");
			}
		}
	}

	if (uio_total_records)
		printf("\nuio-ring methods, all runs (warm-up and calibration included): %" PRIu64
		       " records, %" PRIu64 " doorbells (eventfd writes)\n", uio_total_records,
		       uio_total_notifications);
	if (data_path) {
		FILE *f = fopen(data_path, "w");
		int ran[NM];

		CHECK(f, "%s: %s", data_path, strerror(errno));
		/* The methods that ran at one size at least; ? where one did not. */
		for (m = 0; m < NM; m++)
			for (ran[m] = 0, s = 0; s < nsizes; s++)
				ran[m] |= med[s][m] > 0;
		fprintf(f, "# peer-bench medians, records/s; ? = not run\nsize");
		for (m = 0; m < NM; m++)
			if (ran[m])
				fprintf(f, " \"%s\"", methods[m].name);
		fprintf(f, "\n");
		for (s = 0; s < nsizes; s++) {
			fprintf(f, "\"%s\"", size_str(sizes[s], b1, sizeof(b1)));
			for (m = 0; m < NM; m++)
				if (!ran[m])
					continue;
				else if (med[s][m] > 0)
					fprintf(f, " %.6g", med[s][m]);
				else
					fprintf(f, " ?");
			fprintf(f, "\n");
		}
		CHECK(fclose(f) == 0, "%s: %s", data_path, strerror(errno));
	}
	free(mc_src);
	free(mc_dst);
	return 0;
}
