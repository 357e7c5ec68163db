// SPDX-License-Identifier: MIT
/*
 * ring-bench: part 1 of `make bench`, on the host.
 *
 * A user-space producer and a consumer on two threads pinned to two CPUs,
 * through a ring in a memfd (ur_shm_create, uio_ring_producer_open_fd) that the consumer
 * reads in place (uio_ring_peek/release in batches) and sleeps on with
 * uio_ring_wait when it is empty, so every doorbell is a real eventfd write.
 * The producer writes every payload byte (byte i = (seq + i) & 0xff), the
 * consumer compares every byte. Side by side in the same run: a pipe (one
 * write() per record, 64 KiB reads, the same pattern written and checked)
 * and a single-threaded memcpy of the same records over a ring-sized buffer.
 * Then single-threaded costs per record of the library's calls, no payload.
 *
 *   ring-bench [--seconds S] [--reps N] [--ring BYTES] [--batch N]
 *              [--spin N] [--sizes 64,256,4096]
 *
 * Each (size, method) is sized to take about S seconds (default 1), runs N
 * times (default 3), interleaved, and the median is printed. --spin N adds
 * a variant, interleaved with the others, whose consumer peeks N more times
 * (with a pause) before it sleeps in uio_ring_wait; the plain ring sleeps at
 * once, as the library's own wait loop does.
 * Exit status: 0, or 1 with the reason on stderr (a wrong byte included).
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"
#include "peer-bench.h"

#define MAX_REPS	15
#define MAX_SIZES	BENCH_MAX_SIZES

/* The payloads, for the ring and for the pipe of peer-plain.c. */
uint8_t peer_table[PEER_TABLE_SIZE];

static double opt_seconds = 1.0;
static unsigned int opt_reps = 3;
static uint64_t opt_ring = 1u << 20;
static unsigned int opt_batch = 256;
static unsigned int opt_spin;		/* empty peeks before uio_ring_wait */
static int cpu_a, cpu_b;

/* ---- ring: user-space producer -> consumer --------------------------- */

struct ring_run {
	struct uio_ring_producer *prod;
	struct uio_ring *ring;
	const struct uio_ring_ctrl *ctrl_view;		/* producer's own position */
	const struct uio_ring_consumer *cons_view;	/* producer's flow control */
	uint32_t size;
	uint64_t count;
	unsigned int spin;
	pthread_barrier_t start;
	uint64_t t0, t1;
	uint64_t bad, retries;
};

static void *ring_producer(void *arg)
{
	struct ring_run *r = arg;
	const struct uio_ring_ctrl *ctrl = r->ctrl_view;
	uint64_t data_size = ctrl->data_size;
	uint64_t rsize = UIO_RING_REC_SIZE(r->size);
	uint64_t cons = 0, i;

	bench_pin(cpu_a);
	pthread_barrier_wait(&r->start);
	r->t0 = bench_now_ns();
	for (i = 0; i < r->count; i++) {
		/*
		 * reserve() drops a record when the ring is full, so a lossless
		 * producer waits for room first, re-reading the consumer's
		 * position only when its cached copy says the ring is full.
		 * We are the only producer: producer_pos is ours.
		 */
		uint64_t pos = ur_load_relaxed(&ctrl->producer_pos);
		struct uio_ring_rec *hdr;
		uint8_t *p;

		while (pos + rsize - cons > data_size) {
			cons = ur_load_acquire(&r->cons_view->consumer_pos);
			if (pos + rsize - cons > data_size)
				bench_relax();
		}
		if (uio_ring_reserve(r->prod, r->size, UIO_RING_TYPE_TEST, 0, (void **)&p)) {
			r->retries++;	/* not expected: we checked for room */
			i--;
			continue;
		}
		hdr = (struct uio_ring_rec *)p - 1;
		memcpy(p, uio_ring_test_payload(peer_table, hdr->seq), r->size);
		uio_ring_commit(r->prod, p);
	}
	return NULL;
}

static void *ring_consumer(void *arg)
{
	struct ring_run *r = arg;
	struct uio_ring_record *recs = calloc(opt_batch, sizeof(*recs));
	uint64_t got = 0;

	CHECK(recs, "out of memory");
	bench_pin(cpu_b);
	pthread_barrier_wait(&r->start);
	while (got < r->count) {
		int n = peer_ring_peek(r->ring, recs, opt_batch, r->spin, got, r->count), i;

		for (i = 0; i < n; i++) {
			if (recs[i].len != r->size ||
			    memcmp(recs[i].data, uio_ring_test_payload(peer_table, recs[i].seq),
				   r->size))
				r->bad++;
		}
		CHECK(uio_ring_release(r->ring, (unsigned int)n) == 0, "uio_ring_release: %s",
		      uio_ring_errmsg());
		got += (uint64_t)n;
	}
	r->t1 = bench_now_ns();
	free(recs);
	return NULL;
}

struct shm_ring {
	int fd, efd;
	struct uio_ring_producer *prod;
	struct uio_ring *ring;
	void *ctrl_map, *cons_map;
};

static void shm_ring_open(struct shm_ring *s)
{
	long page = sysconf(_SC_PAGESIZE);

	CHECK(ur_shm_create("bench", opt_ring, &s->fd) == 0, "ur_shm_create: %s",
	      uio_ring_errmsg());
	s->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	CHECK(s->efd >= 0, "eventfd: %s", strerror(errno));
	CHECK(uio_ring_producer_open_fd(s->fd, s->efd, 0, &s->prod) == 0,
	      "uio_ring_producer_open_fd: %s", uio_ring_errmsg());
	CHECK(uio_ring_open_fd(s->fd, s->efd, 0, &s->ring) == 0, "uio_ring_open_fd: %s",
	      uio_ring_errmsg());
	s->ctrl_map = mmap(NULL, (size_t)page, PROT_READ, MAP_SHARED, s->fd, 0);
	CHECK(s->ctrl_map != MAP_FAILED, "mmap: %s", strerror(errno));
	s->cons_map = mmap(NULL, (size_t)page, PROT_READ, MAP_SHARED, s->fd,
			   UIO_RING_SHM_CONSUMER_PAGE * page);
	CHECK(s->cons_map != MAP_FAILED, "mmap: %s", strerror(errno));
}

static void shm_ring_close(struct shm_ring *s)
{
	munmap(s->cons_map, (size_t)sysconf(_SC_PAGESIZE));
	munmap(s->ctrl_map, (size_t)sysconf(_SC_PAGESIZE));
	uio_ring_close(s->ring);
	uio_ring_producer_close(s->prod);
	close(s->efd);
	close(s->fd);
}

static struct bench_result run_ring_spin(uint32_t size, uint64_t count, unsigned int spin)
{
	struct ring_run r = { .size = size, .count = count, .spin = spin };
	struct uio_ring_stats st;
	struct shm_ring s;
	struct bench_result res;
	pthread_t tp, tc;

	shm_ring_open(&s);
	r.prod = s.prod;
	r.ring = s.ring;
	r.ctrl_view = s.ctrl_map;
	r.cons_view = s.cons_map;
	pthread_barrier_init(&r.start, NULL, 2);
	CHECK(pthread_create(&tc, NULL, ring_consumer, &r) == 0, "pthread_create");
	CHECK(pthread_create(&tp, NULL, ring_producer, &r) == 0, "pthread_create");
	pthread_join(tp, NULL);
	pthread_join(tc, NULL);
	pthread_barrier_destroy(&r.start);
	uio_ring_get_stats(s.ring, &st);
	CHECK(r.bad == 0, "ring, %u B: %" PRIu64 " records with a wrong payload", size, r.bad);
	CHECK(st.consumed == count && st.produced == count && st.dropped == r.retries &&
	      st.missed == r.retries,
	      "ring, %u B: produced %" PRIu64 " consumed %" PRIu64 " dropped %" PRIu64
	      " missed %" PRIu64 ", want %" PRIu64, size, st.produced, st.consumed,
	      st.dropped, st.missed, count);
	CHECK(r.retries == 0, "ring, %u B: reserve dropped %" PRIu64
	      " records although there was room", size, r.retries);
	res.secs = (double)(r.t1 - r.t0) / 1e9;
	res.records = count;
	res.notifications = st.notifications;
	res.wakeups = st.wakeups;
	shm_ring_close(&s);
	return res;
}

static struct bench_result run_ring(uint32_t size, uint64_t count)
{
	return run_ring_spin(size, count, 0);
}

/* ---- pipe and memcpy (peer-plain.c) ----------------------------------- */

static struct bench_result run_pipe(uint32_t size, uint64_t count)
{
	struct peer_run r = {
		.size = size, .count = count, .cpu_prod = cpu_a, .cpu_cons = cpu_b,
	};

	return peer_result(peer_pipe_run, "pipe", &r);
}

/* The same records, as the ring lays them out, over a ring-sized buffer. */
static uint8_t *mc_src, *mc_dst;

static struct bench_result run_memcpy(uint32_t size, uint64_t count)
{
	struct bench_result res = { 0 };

	res.secs = peer_memcpy_secs(mc_dst, mc_src, size, UIO_RING_REC_SIZE(size),
				    opt_ring - 1, count);
	res.records = count;
	return res;
}

/* ---- single-threaded costs of the calls, no payload touched ---------- */

/* ns per record of reserve+commit, and of peek+release in batches of opt_batch. */
static void call_costs(uint32_t size, double *prod_ns, double *cons_ns)
{
	struct uio_ring_record *recs = calloc(opt_batch, sizeof(*recs));
	uint64_t per_fill = (opt_ring / UIO_RING_REC_SIZE(size)) - 1;
	uint64_t done = 0, t_prod = 0, t_cons = 0;
	struct shm_ring s;
	double budget = opt_seconds * 0.2e9;

	CHECK(recs, "out of memory");
	shm_ring_open(&s);
	while ((double)(t_prod + t_cons) < budget || done < 100000) {
		uint64_t t0 = bench_now_ns(), i, left;

		for (i = 0; i < per_fill; i++) {
			void *p;

			CHECK(uio_ring_reserve(s.prod, size, UIO_RING_TYPE_TEST, 0, &p) == 0,
			      "reserve failed on an empty ring");
			uio_ring_commit(s.prod, p);
		}
		t_prod += bench_now_ns() - t0;
		t0 = bench_now_ns();
		for (left = per_fill; left;) {
			int n = uio_ring_peek(s.ring, recs, opt_batch);

			CHECK(n > 0, "peek: %d", n);
			uio_ring_release(s.ring, (unsigned int)n);
			left -= (uint64_t)n;
		}
		t_cons += bench_now_ns() - t0;
		done += per_fill;
	}
	*prod_ns = (double)t_prod / (double)done;
	*cons_ns = (double)t_cons / (double)done;
	shm_ring_close(&s);
	free(recs);
}

/* ---- driver ----------------------------------------------------------- */

/* Records for about opt_seconds: trials up to 50 ms, aimed at 60 ms. */
static uint64_t calibrate(bench_run_fn fn, uint32_t size)
{
	return bench_calibrate(fn, size, opt_seconds, 0.05, 0.06);
}

static const char *mega(double v, char *buf, size_t len)
{
	snprintf(buf, len, "%.2f M", v / 1e6);
	return buf;
}

static void usage(void)
{
	fprintf(stderr, "usage: ring-bench [--seconds S] [--reps N] [--ring BYTES] "
		"[--batch N] [--spin N] [--sizes 64,256,4096]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	uint32_t sizes[MAX_SIZES] = { 64, 256, 4096 };
	unsigned int nsizes = 3, s, k;
	struct bench_result ring[MAX_REPS], pipe_r[MAX_REPS], mc[MAX_REPS], spun[MAX_REPS];
	double spin_rate[MAX_SIZES], spin_notif[MAX_SIZES], spin_ratio[MAX_SIZES];
	double prod_ns[MAX_SIZES], cons_ns[MAX_SIZES];
	char b1[32], b2[32], b3[32];
	const struct bench_opt opts[] = {
		{ "--seconds", BENCH_DOUBLE, &opt_seconds, NULL },
		{ "--reps", BENCH_UINT, &opt_reps, NULL },
		{ "--ring", BENCH_U64, &opt_ring, NULL },
		{ "--spin", BENCH_UINT, &opt_spin, NULL },
		{ "--batch", BENCH_UINT, &opt_batch, NULL },
		{ "--sizes", BENCH_SIZES, sizes, &nsizes },
	};

	bench_options(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), usage);
	if (opt_seconds <= 0 || opt_reps < 1 || opt_reps > MAX_REPS || opt_batch < 1 ||
	    opt_batch > UR_PEEK_MAX || nsizes == 0)
		usage();
	peer_setup(sizes, nsizes, opt_ring, &mc_src, &mc_dst);
	bench_two_cpus(&cpu_a, &cpu_b);
#ifndef __OPTIMIZE__
	printf("WARNING: ring-bench was built without optimization (CFLAGS): "
	       "the figures below mean little\n");
#endif

	printf("Part 1: user-space producer -> consumer on the host (%ld CPUs online, "
	       "producer on CPU %d, consumer on CPU %d)\n",
	       sysconf(_SC_NPROCESSORS_ONLN), cpu_a, cpu_b);
	printf("ring: %" PRIu64 " KiB memfd, peek/release batches of up to %u, "
	       "uio_ring_wait as soon as it is empty; pipe: write() per record, %u KiB reads;\n"
	       "memcpy: the same records, one thread, over a ring-sized buffer. "
	       "Every payload byte written and compared.\n"
	       "Median of %u interleaved runs of ~%.1f s each; spread = (max - min) / median "
	       "of the ring's runs.\n\n",
	       opt_ring / 1024, opt_batch, PEER_PIPE_READ / 1024, opt_reps, opt_seconds);
	fflush(stdout);

	printf("%-7s %11s %9s %9s %7s | %11s %9s | %11s | %9s %11s\n",
	       "size", "ring rec/s", "ring GB/s", "notif/rec", "spread",
	       "pipe rec/s", "pipe GB/s", "memcpy GB/s", "ring/pipe", "ring/memcpy");
	for (s = 0; s < nsizes; s++) {
		uint32_t size = sizes[s];
		uint64_t n_ring = calibrate(run_ring, size);
		uint64_t n_pipe = calibrate(run_pipe, size);
		uint64_t n_mc = calibrate(run_memcpy, size) / 2;
		double rr, pr, mr, gb = size / 1e9;
		unsigned int mi;

		for (k = 0; k < opt_reps; k++) {
			ring[k] = run_ring(size, n_ring);
			pipe_r[k] = run_pipe(size, n_pipe);
			mc[k] = run_memcpy(size, n_mc);
			if (opt_spin)
				spun[k] = run_ring_spin(size, n_ring, opt_spin);
		}
		mi = bench_runs_median(ring, opt_reps);
		rr = bench_rate(&ring[mi]);
		pr = bench_rate(&pipe_r[bench_runs_median(pipe_r, opt_reps)]);
		mr = bench_rate(&mc[bench_runs_median(mc, opt_reps)]);
		printf("%-7s %11s %9.2f %9.4f %6.0f%% | %11s %9.2f | %11.2f | %8.1fx %11.2f\n",
		       bench_size_str(size, b1, sizeof(b1)), mega(rr, b2, sizeof(b2)), rr * gb,
		       (double)ring[mi].notifications / (double)ring[mi].records,
		       bench_runs_spread(ring, opt_reps), mega(pr, b3, sizeof(b3)), pr * gb,
		       mr * gb, rr / pr, rr / mr);
		fflush(stdout);
		if (opt_spin) {
			mi = bench_runs_median(spun, opt_reps);
			spin_rate[s] = bench_rate(&spun[mi]);
			spin_notif[s] = (double)spun[mi].notifications / (double)spun[mi].records;
			spin_ratio[s] = spin_rate[s] / rr;
		}
	}
	if (opt_spin) {
		printf("\nThe same ring, consumer peeking up to %u more times before it sleeps "
		       "(runs interleaved with the above):\n", opt_spin);
		printf("%-7s %11s %9s %12s\n", "size", "rec/s", "notif/rec", "vs ring");
		for (s = 0; s < nsizes; s++)
			printf("%-7s %11s %9.4f %11.2fx\n", bench_size_str(sizes[s], b1, sizeof(b1)),
			       mega(spin_rate[s], b2, sizeof(b2)), spin_notif[s], spin_ratio[s]);
	}

	printf("\nLibrary calls alone, one thread, ring refilled and drained, no payload "
	       "touched (ns per record):\n");
	printf("%-7s %16s %21s\n", "size", "reserve+commit", "peek+release (batch)");
	for (s = 0; s < nsizes; s++) {
		call_costs(sizes[s], &prod_ns[s], &cons_ns[s]);
		printf("%-7s %16.1f %21.1f\n", bench_size_str(sizes[s], b1, sizeof(b1)),
		       prod_ns[s], cons_ns[s]);
	}
	free(mc_src);
	free(mc_dst);
	return 0;
}
