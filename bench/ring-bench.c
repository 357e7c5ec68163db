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
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define FAIL(...) do { fprintf(stderr, "ring-bench: " __VA_ARGS__); fputc('\n', stderr); exit(1); } while (0)
#define CHECK(cond, ...) do { if (!(cond)) FAIL(__VA_ARGS__); } while (0)

#define MAX_SIZE	65536u
#define MAX_REPS	15
#define MAX_SIZES	8
#define PIPE_READ	65536

/* pattern[j] = j & 0xff: record seq's payload is pattern + (seq & 0xff). */
static uint8_t pattern[256 + MAX_SIZE];

static double opt_seconds = 1.0;
static unsigned int opt_reps = 3;
static uint64_t opt_ring = 1u << 20;
static unsigned int opt_batch = 256;
static unsigned int opt_spin;		/* empty peeks before uio_ring_wait */
static int cpu_a, cpu_b;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void pin(int cpu)
{
	cpu_set_t set;
	int ret;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	ret = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	CHECK(ret == 0, "pinning to CPU %d: %s", cpu, strerror(ret));
}

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#else
	__asm__ volatile("" ::: "memory");
#endif
}

struct result {
	double secs;
	uint64_t records;
	uint64_t notifications;
	uint64_t wakeups;
};

static double rate(const struct result *r)
{
	return (double)r->records / r->secs;
}

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

	pin(cpu_a);
	pthread_barrier_wait(&r->start);
	r->t0 = now_ns();
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
				cpu_relax();
		}
		if (uio_ring_reserve(r->prod, r->size, UIO_RING_TYPE_TEST, 0, (void **)&p)) {
			r->retries++;	/* not expected: we checked for room */
			i--;
			continue;
		}
		hdr = (struct uio_ring_rec *)p - 1;
		memcpy(p, pattern + (hdr->seq & 0xff), r->size);
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
	pin(cpu_b);
	pthread_barrier_wait(&r->start);
	while (got < r->count) {
		int n = uio_ring_peek(r->ring, recs, opt_batch), i;
		unsigned int spin;

		for (spin = 0; n == 0 && spin < r->spin; spin++) {
			cpu_relax();
			n = uio_ring_peek(r->ring, recs, opt_batch);
		}
		CHECK(n >= 0, "uio_ring_peek: %s", uio_ring_errmsg());
		if (n == 0) {
			n = uio_ring_wait(r->ring, 10000);
			CHECK(n > 0, "uio_ring_wait: %s after %" PRIu64 " of %" PRIu64 " records",
			      n == 0 ? "nothing for 10 s" : uio_ring_errmsg(), got, r->count);
			continue;
		}
		for (i = 0; i < n; i++) {
			if (recs[i].len != r->size ||
			    memcmp(recs[i].data, pattern + (recs[i].seq & 0xff), r->size))
				r->bad++;
		}
		CHECK(uio_ring_release(r->ring, (unsigned int)n) == 0, "uio_ring_release: %s",
		      uio_ring_errmsg());
		got += (uint64_t)n;
	}
	r->t1 = now_ns();
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

static struct result run_ring_spin(uint32_t size, uint64_t count, unsigned int spin)
{
	struct ring_run r = { .size = size, .count = count, .spin = spin };
	struct uio_ring_stats st;
	struct shm_ring s;
	struct result res;
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

static struct result run_ring(uint32_t size, uint64_t count)
{
	return run_ring_spin(size, count, 0);
}

/* ---- pipe: one write() per record, 64 KiB reads ----------------------- */

struct pipe_run {
	int fds[2];
	uint32_t size;
	uint64_t count;
	pthread_barrier_t start;
	uint64_t t0, t1, bytes, bad;
};

static void *pipe_writer(void *arg)
{
	struct pipe_run *r = arg;
	uint8_t *buf = malloc(r->size);
	uint64_t k;

	CHECK(buf, "out of memory");
	pin(cpu_a);
	pthread_barrier_wait(&r->start);
	r->t0 = now_ns();
	for (k = 0; k < r->count; k++) {
		size_t off = 0;

		memcpy(buf, pattern + (k & 0xff), r->size);
		while (off < r->size) {
			ssize_t n = write(r->fds[1], buf + off, r->size - off);

			CHECK(n > 0, "pipe write: %s", strerror(errno));
			off += (size_t)n;
		}
	}
	close(r->fds[1]);
	free(buf);
	return NULL;
}

static void *pipe_reader(void *arg)
{
	struct pipe_run *r = arg;
	uint8_t *buf = malloc(PIPE_READ);
	uint64_t k = 0;		/* record of the next byte */
	uint32_t i = 0;		/* its offset in that record */

	CHECK(buf, "out of memory");
	pin(cpu_b);
	pthread_barrier_wait(&r->start);
	for (;;) {
		ssize_t n = read(r->fds[0], buf, PIPE_READ);
		const uint8_t *p = buf;

		CHECK(n >= 0, "pipe read: %s", strerror(errno));
		if (n == 0)
			break;
		r->bytes += (uint64_t)n;
		while (n > 0) {
			uint32_t m = r->size - i < (uint64_t)n ? r->size - i : (uint32_t)n;

			if (memcmp(p, pattern + (k & 0xff) + i, m))
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
	r->t1 = now_ns();
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
	return res;
}

/* ---- memcpy of the same records over a ring-sized buffer ------------- */

static uint8_t *mc_src, *mc_dst;

static struct result run_memcpy(uint32_t size, uint64_t count)
{
	uint64_t rsize = UIO_RING_REC_SIZE(size), mask = opt_ring - 1, k, off = 0;
	struct result res = { 0 };
	uint64_t t0 = now_ns();

	for (k = 0; k < count; k++) {
		memcpy(mc_dst + off, mc_src + off, size);
		/* The copy is used: the compiler may not drop it. */
		__asm__ volatile("" : : "r"(mc_dst) : "memory");
		off = (off + rsize) & mask;
	}
	res.secs = (double)(now_ns() - t0) / 1e9;
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
		uint64_t t0 = now_ns(), i, left;

		for (i = 0; i < per_fill; i++) {
			void *p;

			CHECK(uio_ring_reserve(s.prod, size, UIO_RING_TYPE_TEST, 0, &p) == 0,
			      "reserve failed on an empty ring");
			uio_ring_commit(s.prod, p);
		}
		t_prod += now_ns() - t0;
		t0 = now_ns();
		for (left = per_fill; left;) {
			int n = uio_ring_peek(s.ring, recs, opt_batch);

			CHECK(n > 0, "peek: %d", n);
			uio_ring_release(s.ring, (unsigned int)n);
			left -= (uint64_t)n;
		}
		t_cons += now_ns() - t0;
		done += per_fill;
	}
	*prod_ns = (double)t_prod / (double)done;
	*cons_ns = (double)t_cons / (double)done;
	shm_ring_close(&s);
	free(recs);
}

/* ---- driver ----------------------------------------------------------- */

typedef struct result (*run_fn)(uint32_t size, uint64_t count);

/* Records for about opt_seconds: grow a trial until it takes 50 ms. */
static uint64_t calibrate(run_fn fn, uint32_t size)
{
	uint64_t n = 2000;
	struct result r;

	for (;;) {
		r = fn(size, n);
		if (r.secs >= 0.05 || n >= (1ull << 34))
			break;
		n = (uint64_t)((double)n * (r.secs > 0.005 ? 0.06 / r.secs : 10.0));
	}
	n = (uint64_t)(rate(&r) * opt_seconds);
	return n < 1000 ? 1000 : n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Index of the run with the median rate. */
static unsigned int median(const struct result *r, unsigned int n)
{
	double v[MAX_REPS];
	unsigned int i;

	for (i = 0; i < n; i++)
		v[i] = rate(&r[i]);
	qsort(v, n, sizeof(v[0]), cmp_double);
	for (i = 0; i < n; i++)
		if (rate(&r[i]) == v[n / 2])
			return i;
	return 0;
}

/* (max - min) / median of the rates, in percent. */
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
	unsigned int nsizes = 3, s, k, i;
	struct result ring[MAX_REPS], pipe_r[MAX_REPS], mc[MAX_REPS], spun[MAX_REPS];
	double spin_rate[MAX_SIZES], spin_notif[MAX_SIZES], spin_ratio[MAX_SIZES];
	double prod_ns[MAX_SIZES], cons_ns[MAX_SIZES];
	char b1[32], b2[32], b3[32];
	cpu_set_t set;
	int cpus = 0, c;

	for (i = 1; i < (unsigned int)argc; i++) {
		const char *v = i + 1 < (unsigned int)argc ? argv[i + 1] : NULL;

		if (!v)
			usage();
		if (!strcmp(argv[i], "--seconds"))
			opt_seconds = atof(v);
		else if (!strcmp(argv[i], "--reps"))
			opt_reps = (unsigned int)atoi(v);
		else if (!strcmp(argv[i], "--ring"))
			opt_ring = strtoull(v, NULL, 0);
		else if (!strcmp(argv[i], "--spin"))
			opt_spin = (unsigned int)atoi(v);
		else if (!strcmp(argv[i], "--batch"))
			opt_batch = (unsigned int)atoi(v);
		else if (!strcmp(argv[i], "--sizes")) {
			char *copy = strdup(v), *tok, *save = NULL;

			for (nsizes = 0, tok = strtok_r(copy, ",", &save); tok && nsizes < MAX_SIZES;
			     tok = strtok_r(NULL, ",", &save))
				sizes[nsizes++] = (uint32_t)atoi(tok);
			free(copy);
		} else
			usage();
		i++;
	}
	if (opt_seconds <= 0 || opt_reps < 1 || opt_reps > MAX_REPS || opt_batch < 1 ||
	    opt_batch > UR_PEEK_MAX || nsizes == 0)
		usage();
	for (s = 0; s < nsizes; s++)
		if (sizes[s] == 0 || sizes[s] > MAX_SIZE ||
		    UIO_RING_REC_SIZE(sizes[s]) * 4 > opt_ring)
			FAIL("size %u: must be 1 to %u bytes and a quarter of the ring at most",
			     sizes[s], MAX_SIZE);

	for (i = 0; i < sizeof(pattern); i++)
		pattern[i] = (uint8_t)i;
	mc_src = malloc(opt_ring + MAX_SIZE);
	mc_dst = malloc(opt_ring + MAX_SIZE);
	CHECK(mc_src && mc_dst, "out of memory");
	memset(mc_src, 0x5a, opt_ring + MAX_SIZE);
	memset(mc_dst, 0xa5, opt_ring + MAX_SIZE);

	CHECK(sched_getaffinity(0, sizeof(set), &set) == 0, "sched_getaffinity: %s",
	      strerror(errno));
	cpu_a = cpu_b = -1;
	for (c = 0; c < CPU_SETSIZE; c++) {
		if (!CPU_ISSET(c, &set))
			continue;
		cpus++;
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
	       opt_ring / 1024, opt_batch, PIPE_READ / 1024, opt_reps, opt_seconds);
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
		mi = median(ring, opt_reps);
		rr = rate(&ring[mi]);
		pr = rate(&pipe_r[median(pipe_r, opt_reps)]);
		mr = rate(&mc[median(mc, opt_reps)]);
		printf("%-7s %11s %9.2f %9.4f %6.0f%% | %11s %9.2f | %11.2f | %8.1fx %11.2f\n",
		       size_str(size, b1, sizeof(b1)), mega(rr, b2, sizeof(b2)), rr * gb,
		       (double)ring[mi].notifications / (double)ring[mi].records,
		       spread(ring, opt_reps), mega(pr, b3, sizeof(b3)), pr * gb, mr * gb,
		       rr / pr, rr / mr);
		fflush(stdout);
		if (opt_spin) {
			mi = median(spun, opt_reps);
			spin_rate[s] = rate(&spun[mi]);
			spin_notif[s] = (double)spun[mi].notifications / (double)spun[mi].records;
			spin_ratio[s] = spin_rate[s] / rr;
		}
	}
	if (opt_spin) {
		printf("\nThe same ring, consumer peeking up to %u more times before it sleeps "
		       "(runs interleaved with the above):\n", opt_spin);
		printf("%-7s %11s %9s %12s\n", "size", "rec/s", "notif/rec", "vs ring");
		for (s = 0; s < nsizes; s++)
			printf("%-7s %11s %9.4f %11.2fx\n", size_str(sizes[s], b1, sizeof(b1)),
			       mega(spin_rate[s], b2, sizeof(b2)), spin_notif[s], spin_ratio[s]);
	}

	printf("\nLibrary calls alone, one thread, ring refilled and drained, no payload "
	       "touched (ns per record):\n");
	printf("%-7s %16s %21s\n", "size", "reserve+commit", "peek+release (batch)");
	for (s = 0; s < nsizes; s++) {
		call_costs(sizes[s], &prod_ns[s], &cons_ns[s]);
		printf("%-7s %16.1f %21.1f\n", size_str(sizes[s], b1, sizeof(b1)),
		       prod_ns[s], cons_ns[s]);
	}
	free(mc_src);
	free(mc_dst);
	return 0;
}
