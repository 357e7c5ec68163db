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
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uio-ring/uio-ring.h>
#include "peer-bench.h"

#define MAX_REPS	31
#define MAX_RUNS	(4 * MAX_REPS)	/* runs to find opt_reps undisturbed ones */
#define MAX_SIZES	BENCH_MAX_SIZES
#define MAX_BURST	64
#define MAX_BATCH	1024

uint8_t peer_table[PEER_TABLE_SIZE];

static double opt_seconds = 0.005;
static unsigned int opt_reps = 21;
static unsigned int opt_burst = 32;
static unsigned int opt_batch = 256;
static unsigned int opt_spin = 10000;
static uint64_t opt_ring = 1u << 20;
static int cpu_a, cpu_b;

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
			bench_relax();	/* full: wait for room */
			continue;
		}
		CHECK(n > 0, "uio_ring_fill_begin: %s", uio_ring_errmsg());
		while ((payload = uio_ring_fill_next(&f)))
			memcpy(payload, uio_ring_test_payload(peer_table, sent++), r->size);
		CHECK(uio_ring_fill_end(r->prod, &f) == n, "uio_ring_fill_end: %s",
		      uio_ring_errmsg());
	}
	while (sent < to && r->produce == UIO_BATCH) {
		unsigned int want = to - sent < opt_burst ? (unsigned int)(to - sent) : opt_burst;
		int n = uio_ring_reserve_batch(r->prod, r->size, UIO_RING_TYPE_TEST, 0, payloads,
					       want), i;

		if (n == -EAGAIN) {
			bench_relax();	/* full: wait for room */
			continue;
		}
		CHECK(n > 0, "uio_ring_reserve_batch: %s", uio_ring_errmsg());
		for (i = 0; i < n; i++)
			memcpy(payloads[i], uio_ring_test_payload(peer_table, sent + (uint64_t)i),
			       r->size);
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
				bench_relax();
				continue;
			}
			CHECK(ret == 0, "uio_ring_reserve: %s", uio_ring_errmsg());
			memcpy(payloads[k], uio_ring_test_payload(peer_table, sent + k), r->size);
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
			bench_relax();
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
			    memcmp(rec.data, uio_ring_test_payload(peer_table, got), r->size))
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
		int n = peer_ring_peek(r->ring, recs, opt_batch, opt_spin, got, to), i;

		for (i = 0; i < n; i++)
			if (recs[i].len != r->size || recs[i].seq != got + (uint64_t)i ||
			    memcmp(recs[i].data, uio_ring_test_payload(peer_table, got + (uint64_t)i),
				   r->size))
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

	bench_pin(cpu_a);
	pthread_barrier_wait(&r->start);
	uio_produce(r, 0, r->warm);
	pthread_barrier_wait(&r->start);
	csw = peer_nivcsw();
	r->t0 = bench_now_ns();
	uio_produce(r, r->warm, r->warm + r->count);
	PEER_ADD_PREEMPTED(&r->preempted, csw);
	return NULL;
}

static void *uio_consumer(void *arg)
{
	struct uio_run *r = arg;
	uint64_t csw;

	bench_pin(cpu_b);
	pthread_barrier_wait(&r->start);
	uio_consume(r, 0, r->warm);
	CHECK(uio_ring_get_stats(r->ring, &r->warm_stats) == 0, "uio_ring_get_stats");
	pthread_barrier_wait(&r->start);
	csw = peer_nivcsw();
	uio_consume(r, r->warm, r->warm + r->count);
	r->t1 = bench_now_ns();
	PEER_ADD_PREEMPTED(&r->preempted, csw);
	return NULL;
}

static struct bench_result run_uio_flags(uint32_t size, uint64_t count, unsigned int flags,
				   int produce, int peek)
{
	struct uio_run r = {
		.size = size, .count = count, .warm = 2 * opt_ring / UIO_RING_REC_SIZE(size),
		.produce = produce, .peek = peek,
	};
	struct uio_ring_stats st;
	struct bench_result res = { 0 };
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

static struct bench_result run_uio(uint32_t size, uint64_t count)
{
	return run_uio_flags(size, count, UIO_SINGLE, UIO_FILL, 0);
}

static struct bench_result run_uio_batch(uint32_t size, uint64_t count)
{
	return run_uio_flags(size, count, UIO_SINGLE, UIO_BATCH, 0);
}

static struct bench_result run_uio_one(uint32_t size, uint64_t count)
{
	return run_uio_flags(size, count, UIO_SINGLE, UIO_ONE, 0);
}

static struct bench_result run_uio_peek(uint32_t size, uint64_t count)
{
	return run_uio_flags(size, count, UIO_SINGLE, UIO_BATCH, 1);
}

static struct bench_result run_uio_locked(uint32_t size, uint64_t count)
{
	return run_uio_flags(size, count, UIO_RING_PRODUCER_NO_DROP, UIO_BATCH, 0);
}

/* ---- peers built apart ------------------------------------------------ */

static struct bench_result run_peer(int (*fn)(struct peer_run *), const char *name,
				   uint32_t size, uint64_t count)
{
	struct peer_run r = {
		.size = size, .count = count, .burst = opt_burst, .ring_bytes = opt_ring,
		.cpu_prod = cpu_a, .cpu_cons = cpu_b,
	};

	return peer_result(fn, name, &r);
}

#ifdef HAVE_DPDK
static struct bench_result run_dpdk(uint32_t size, uint64_t count)
{
	return run_peer(peer_dpdk_run, "rte_ring", size, count);
}
#endif

static struct bench_result run_bare(uint32_t size, uint64_t count)
{
	return run_peer(peer_bare_run, "floor", size, count);
}

#ifdef HAVE_BOOST_LOCKFREE
static struct bench_result run_boost(uint32_t size, uint64_t count)
{
	return run_peer(peer_boost_run, "boost spsc_queue", size, count);
}
#endif

/* ---- pipe and memcpy (peer-plain.c) ------------------------------------ */

static struct bench_result run_pipe(uint32_t size, uint64_t count)
{
	return run_peer(peer_pipe_run, "pipe", size, count);
}

/* The same records between two ring-sized buffers, on this thread. */
static uint8_t *mc_src, *mc_dst;

static struct bench_result run_memcpy(uint32_t size, uint64_t count)
{
	struct bench_result res = { 0 };
	uint64_t csw = peer_nivcsw();

	res.secs = peer_memcpy_secs(mc_dst, mc_src, size, size, opt_ring - 1, count);
	res.records = count;
	res.preempted = peer_nivcsw() - csw;
	return res;
}

/* ---- driver ------------------------------------------------------------ */

struct method {
	const char *key;	/* --only */
	const char *name;	/* table and plot */
	bench_run_fn fn;	/* NULL: not built */
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
	static struct bench_result res[MAX_SIZES][NM][MAX_RUNS], dirty[NM][MAX_RUNS];
	unsigned int nrun[NM], nclean[NM];
	double med[MAX_SIZES][NM];
	unsigned int nsizes = 3, s, k, i;
	const char *data_path = NULL, *only = NULL;
	char b1[32];
	int m, skipped = 0;
	const struct bench_opt opts[] = {
		{ "--seconds", BENCH_DOUBLE, &opt_seconds, NULL },
		{ "--reps", BENCH_UINT, &opt_reps, NULL },
		{ "--burst", BENCH_UINT, &opt_burst, NULL },
		{ "--batch", BENCH_UINT, &opt_batch, NULL },
		{ "--spin", BENCH_UINT, &opt_spin, NULL },
		{ "--ring", BENCH_U64, &opt_ring, NULL },
		{ "--only", BENCH_STR, &only, NULL },
		{ "--data", BENCH_STR, &data_path, NULL },
		{ "--sizes", BENCH_SIZES, sizes, &nsizes },
	};

	bench_options(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), usage);
	for (m = 0; m < NM; m++)
		methods[m].only = 1;
	if (only)
		parse_only(only);
	if (opt_seconds <= 0 || opt_reps < 1 || opt_reps > MAX_REPS || opt_burst < 1 ||
	    opt_burst > MAX_BURST || opt_batch < 1 || opt_batch > MAX_BATCH || nsizes == 0 ||
	    opt_ring < 65536 || (opt_ring & (opt_ring - 1)))
		usage();
	peer_setup(sizes, nsizes, opt_ring, &mc_src, &mc_dst);
	bench_two_cpus(&cpu_a, &cpu_b);
#ifndef __OPTIMIZE__
	printf("WARNING: peer-bench was built without optimization: the figures mean little\n");
#endif

	bench_pin(cpu_a);	/* memcpy runs here, the others on threads of their own */
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
	       opt_burst, PEER_PIPE_READ / 1024, opt_burst,
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
			/* Trials up to 40 ms, aimed at 50 ms, for runs of opt_seconds. */
			n[m] = method_runs(m, size) ?
			       bench_calibrate(methods[m].fn, size, opt_seconds, 0.04, 0.05) : 0;
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
				struct bench_result r;

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
			const struct bench_result *r = res[s][m];
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
					printf("%-7s %-17s %11s\n", bench_size_str(size, b1, sizeof(b1)),
					       methods[m].name, "SKIP");
				continue;
			}
			mi = bench_runs_median(r, nr);
			med[s][m] = bench_rate(&r[mi]);
			if (m <= M_UIO_LOCKED)	/* the uio-ring methods */
				snprintf(nb, sizeof(nb), "%.4f",
					 (double)r[mi].notifications / (double)r[mi].records);
			printf("%-7s %-17s %9.2f M %9.2f %6.0f%% %9.2f M %7s %10s",
			       bench_size_str(size, b1, sizeof(b1)), methods[m].name, med[s][m] / 1e6,
			       med[s][m] * size / 1e9, bench_runs_spread(r, nr),
			       bench_runs_best(r, nr) / 1e6, cl, nb);
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
				       bench_size_str(sizes[s], b1, sizeof(b1)), u / med[s][M_DPDK], t,
				       verdict(u / med[s][M_DPDK], t));
				if (med[s][M_UIO_BATCH] > 0)
					printf("  %-7s   (uio-ring batch / rte_ring     %5.2fx)\n",
					       bench_size_str(sizes[s], b1, sizeof(b1)),
					       med[s][M_UIO_BATCH] / med[s][M_DPDK]);
				if (med[s][M_UIO_ONE] > 0)
					printf("  %-7s   (uio-ring 1 by 1 / rte_ring    %5.2fx)\n",
					       bench_size_str(sizes[s], b1, sizeof(b1)),
					       med[s][M_UIO_ONE] / med[s][M_DPDK]);
			}
			if (sizes[s] == 4096 && med[s][M_MEMCPY] > 0)
				printf("  %-7s uio-ring / memcpy bytes/s     %5.2f,  target >= 0.85:  %s\n",
				       bench_size_str(sizes[s], b1, sizeof(b1)), u / med[s][M_MEMCPY],
				       verdict(u / med[s][M_MEMCPY], 0.85));
		}
		if (med[0][M_BARE] > 0) {
			printf("What the machine allows: floor = uio-ring's record layout moved with "
			       "no library and no checks\n");
			for (s = 0; s < nsizes; s++) {
				double f = med[s][M_BARE];

				printf("  %-7s uio-ring / floor %4.2f", bench_size_str(sizes[s], b1, sizeof(b1)),
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
			fprintf(f, "\"%s\"", bench_size_str(sizes[s], b1, sizeof(b1)));
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
