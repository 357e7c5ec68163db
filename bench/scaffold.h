/* SPDX-License-Identifier: MIT */
/*
 * scaffold: what every bench program needs around the thing it measures,
 * in one place so that they all fail, pin, time and summarise alike.
 * Header only (static inline), C and C++ (peer-boost.cc), so that the
 * guest programs built from bench/ (tests/vm/guest/vm-bench, deliver-bench)
 * and the peers built apart (libpeer-dpdk.a, libpeer-boost.a) need no
 * extra source to link.
 *
 * The payload pattern of UIO_RING_TYPE_TEST records is not here: it is the
 * ABI's (uio_ring_test_table and uio_ring_test_payload in
 * <uio-ring/abi.h>).
 */
#ifndef BENCH_SCAFFOLD_H
#define BENCH_SCAFFOLD_H

#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

/*
 * What failed, on stderr after the program's name (as errx() has it, so
 * that code shared by two programs names the right one), then exit status
 * 1: the figures of a bench that saw a wrong byte mean nothing.
 */
#define FAIL(...) do { fprintf(stderr, "%s: ", program_invocation_short_name); \
	fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); exit(1); } while (0)
#define CHECK(cond, ...) do { if (!(cond)) FAIL(__VA_ARGS__); } while (0)

/* ---- CPUs and clocks ---------------------------------------------------- */

/*
 * Pin the calling thread to cpu. sched_setaffinity(0) acts on the calling
 * thread, as pthread_setaffinity_np(pthread_self()) does, without needing
 * -pthread in the programs that have one thread.
 */
static inline void bench_pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	CHECK(sched_setaffinity(0, sizeof(set), &set) == 0, "pinning to CPU %d: %s", cpu,
	      strerror(errno));
}

/*
 * The first two CPUs this process may run on, for a producer (*a) and a
 * consumer (*b); with one CPU only, both are that one, and a WARNING line
 * says so, since the figures then measure time sharing.
 */
static inline void bench_two_cpus(int *a, int *b)
{
	cpu_set_t set;
	int c;

	CHECK(sched_getaffinity(0, sizeof(set), &set) == 0, "sched_getaffinity: %s",
	      strerror(errno));
	*a = *b = -1;
	for (c = 0; c < CPU_SETSIZE; c++) {
		if (!CPU_ISSET(c, &set))
			continue;
		if (*a < 0)
			*a = c;
		else if (*b < 0)
			*b = c;
	}
	if (*b < 0) {
		*b = *a;
		printf("WARNING: only one CPU available: producer and consumer share it\n");
	}
}

/* Wait a little in a spin loop without starving the other hyperthread. */
static inline void bench_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#else
	__asm__ __volatile__("" ::: "memory");
#endif
}

/* Wall time on the monotonic clock, in ns. */
static inline uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* User plus system time of the whole process, in ns. */
static inline uint64_t bench_cpu_ns(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ((uint64_t)ru.ru_utime.tv_sec + (uint64_t)ru.ru_stime.tv_sec) * 1000000000u +
	       ((uint64_t)ru.ru_utime.tv_usec + (uint64_t)ru.ru_stime.tv_usec) * 1000u;
}

/* ---- statistics of repeated runs ---------------------------------------- */

/*
 * Index of the value that sorts k-th (from 0) in v[0..n-1], the first of
 * equal ones. No copy and no sort: n is a few dozen runs at most, and the
 * caller wants the run itself (its other counters), not only its value.
 */
static inline unsigned int bench_nth(const double *v, unsigned int n, unsigned int k)
{
	unsigned int i, j, lt, le;

	for (i = 0; i < n; i++) {
		for (lt = le = j = 0; j < n; j++) {
			lt += v[j] < v[i];
			le += v[j] <= v[i];
		}
		if (lt <= k && k < le)
			return i;
	}
	return 0;
}

/* The run with the median value; of an even number, the upper middle one. */
static inline unsigned int bench_median_index(const double *v, unsigned int n)
{
	return bench_nth(v, n, n / 2);
}

/* The median value; of an even number, the mean of the two middle ones; 0 of none. */
static inline double bench_median(const double *v, unsigned int n)
{
	if (!n)
		return 0;
	return (v[bench_nth(v, n, (n - 1) / 2)] + v[bench_nth(v, n, n / 2)]) / 2;
}

static inline double bench_max(const double *v, unsigned int n)
{
	double hi = v[0];
	unsigned int i;

	for (i = 1; i < n; i++)
		hi = v[i] > hi ? v[i] : hi;
	return hi;
}

/* (max - min) / median (bench_median_index's), in percent. */
static inline double bench_spread(const double *v, unsigned int n)
{
	double lo = v[0], hi = v[0];
	unsigned int i;

	for (i = 1; i < n; i++) {
		lo = v[i] < lo ? v[i] : lo;
		hi = v[i] > hi ? v[i] : hi;
	}
	return 100.0 * (hi - lo) / v[bench_median_index(v, n)];
}

/* ---- what the host benches share (ring-bench, peer-bench) --------------- */

/* One timed run of a method: count records of one size. */
struct bench_result {
	double secs;
	uint64_t records;
	uint64_t preempted;			/* involuntary context switches */
	uint64_t notifications, wakeups;	/* libuio-ring's methods only */
};

typedef struct bench_result (*bench_run_fn)(uint32_t size, uint64_t count);

static inline double bench_rate(const struct bench_result *r)
{
	return (double)r->records / r->secs;
}

#define BENCH_MAX_RUNS	128

/* Records per second of r[0..n-1] into v, for the statistics above. */
static inline const double *bench_rates(const struct bench_result *r, unsigned int n,
					double v[BENCH_MAX_RUNS])
{
	unsigned int i;

	CHECK(n <= BENCH_MAX_RUNS, "%u runs, at most %u", n, BENCH_MAX_RUNS);
	for (i = 0; i < n; i++)
		v[i] = bench_rate(&r[i]);
	return v;
}

/* Of runs r[0..n-1], by their rates: the index of the median run, ... */
static inline unsigned int bench_runs_median(const struct bench_result *r, unsigned int n)
{
	double v[BENCH_MAX_RUNS];

	return bench_median_index(bench_rates(r, n, v), n);
}

/* ... the spread (percent), ... */
static inline double bench_runs_spread(const struct bench_result *r, unsigned int n)
{
	double v[BENCH_MAX_RUNS];

	return bench_spread(bench_rates(r, n, v), n);
}

/* ... and the best rate. */
static inline double bench_runs_best(const struct bench_result *r, unsigned int n)
{
	double v[BENCH_MAX_RUNS];

	return bench_max(bench_rates(r, n, v), n);
}

/*
 * Records for about seconds of fn: trials grow (by 10, or to about aim
 * seconds once one takes a tenth of stop) until one takes stop seconds,
 * long enough for its rate to mean something; 1000 at least.
 */
static inline uint64_t bench_calibrate(bench_run_fn fn, uint32_t size, double seconds,
				       double stop, double aim)
{
	uint64_t n = 2000;
	struct bench_result r;

	for (;;) {
		r = fn(size, n);
		if (r.secs >= stop || n >= (1ull << 34))
			break;
		n = (uint64_t)((double)n * (r.secs > stop / 10 ? aim / r.secs : 10.0));
	}
	n = (uint64_t)(bench_rate(&r) * seconds);
	return n < 1000 ? 1000 : n;
}

/* --sizes 64,256,4096: up to max sizes into sizes; how many. */
static inline unsigned int bench_parse_sizes(const char *v, uint32_t *sizes, unsigned int max)
{
	char *copy = strdup(v), *tok, *save = NULL;
	unsigned int n = 0;

	CHECK(copy, "out of memory");
	for (tok = strtok_r(copy, ",", &save); tok && n < max; tok = strtok_r(NULL, ",", &save))
		sizes[n++] = (uint32_t)atoi(tok);
	free(copy);
	return n;
}

/* ---- command line ------------------------------------------------------- */

enum bench_opt_type {
	BENCH_FLAG,		/* int, set to 1; takes no value */
	BENCH_DOUBLE,		/* double, atof */
	BENCH_UINT,		/* unsigned int, atoi */
	BENCH_U64,		/* uint64_t, strtoull (0x... too) */
	BENCH_STR,		/* const char *, the argument itself */
	BENCH_SIZES,		/* uint32_t[BENCH_MAX_SIZES], "64,256,4096"; *count set */
};

#define BENCH_MAX_SIZES	8

struct bench_opt {
	const char *name;	/* "--seconds" */
	enum bench_opt_type type;
	void *value;
	unsigned int *count;	/* BENCH_SIZES only */
};

/*
 * The options "--name value" (BENCH_FLAG: "--name") of argv, as the n
 * opts describe them, in any order, the last one winning; usage() (which
 * does not return) for any other argument or a missing value. The ranges
 * are the caller's to check.
 */
static inline void bench_options(int argc, char **argv, const struct bench_opt *opts,
				 unsigned int n, void (*usage)(void))
{
	int i;

	for (i = 1; i < argc; i++) {
		const struct bench_opt *o = opts;
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		while (o < opts + n && strcmp(argv[i], o->name))
			o++;
		if (o == opts + n || (o->type != BENCH_FLAG && !v)) {
			usage();
			exit(2);	/* in case usage() returns */
		}
		switch (o->type) {
		case BENCH_FLAG:
			*(int *)o->value = 1;
			continue;
		case BENCH_DOUBLE:
			*(double *)o->value = atof(v);
			break;
		case BENCH_UINT:
			*(unsigned int *)o->value = (unsigned int)atoi(v);
			break;
		case BENCH_U64:
			*(uint64_t *)o->value = strtoull(v, NULL, 0);
			break;
		case BENCH_STR:
			*(const char **)o->value = v;
			break;
		case BENCH_SIZES:
			*o->count = bench_parse_sizes(v, (uint32_t *)o->value, BENCH_MAX_SIZES);
			break;
		}
		i++;
	}
}

/* A record size as the tables print it: "64 B", "4 KiB". */
static inline const char *bench_size_str(uint32_t size, char *buf, size_t len)
{
	if (size >= 1024 && size % 1024 == 0)
		snprintf(buf, len, "%u KiB", size / 1024);
	else
		snprintf(buf, len, "%u B", size);
	return buf;
}

#endif /* BENCH_SCAFFOLD_H */
