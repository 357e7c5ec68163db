/* SPDX-License-Identifier: MIT */
/*
 * Helpers of the host tests: checks that print what failed with its
 * values, a ring fixture in a memfd with an eventfd doorbell, the record
 * pattern, and a watchdog so that no test can hang.
 *
 * Exit codes follow liburing's tests: 0 pass, 1 fail, 77 skip.
 * Each test is one .c file that includes this header once.
 */
#ifndef UR_TEST_H
#define UR_TEST_H

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define T_PASS 0
#define T_FAILED 1
#define T_SKIP 77

static const char *t_case = "";		/* the sub-case running, for messages */

#define t_fail(...) do {							\
	fprintf(stderr, "FAIL %s:%d [%s]: ", __FILE__, __LINE__, t_case);	\
	fprintf(stderr, __VA_ARGS__);						\
	fprintf(stderr, "\n");							\
	exit(T_FAILED);								\
} while (0)

#define T_ASSERT(cond, ...) do {						\
	if (!(cond)) {								\
		fprintf(stderr, "FAIL %s:%d [%s]: %s: ", __FILE__, __LINE__,	\
			t_case, #cond);						\
		fprintf(stderr, __VA_ARGS__);					\
		fprintf(stderr, "\n");						\
		exit(T_FAILED);							\
	}									\
} while (0)

/* Integer comparisons that print both sides. */
#define T_CMP(a, op, b) do {							\
	long long t_a_ = (long long)(a), t_b_ = (long long)(b);			\
	if (!(t_a_ op t_b_))							\
		t_fail("%s %s %s: %lld vs %lld (errmsg \"%s\")", #a, #op, #b,	\
		       t_a_, t_b_, uio_ring_errmsg());				\
} while (0)
#define T_EQ(a, b) T_CMP(a, ==, b)
#define T_UCMP(a, op, b) do {							\
	unsigned long long t_a_ = (unsigned long long)(a);			\
	unsigned long long t_b_ = (unsigned long long)(b);			\
	if (!(t_a_ op t_b_))							\
		t_fail("%s %s %s: %llu vs %llu", #a, #op, #b, t_a_, t_b_);	\
} while (0)
#define T_UEQ(a, b) T_UCMP(a, ==, b)

/* A call returning 0 or a negative errno that must succeed. */
#define T_OK(call) do {								\
	int t_r_ = (call);							\
	if (t_r_ < 0)								\
		t_fail("%s = %d (%s): %s", #call, t_r_, strerror(-t_r_),	\
		       uio_ring_errmsg());					\
} while (0)

/* Sanitizer defaults, for runs by hand; make check sets the same. */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);
const char *__tsan_default_options(void);
const char *__asan_default_options(void)
{
	return "halt_on_error=1:abort_on_error=0:detect_leaks=1:exitcode=1";
}
const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1";
}
const char *__tsan_default_options(void)
{
	return "halt_on_error=1:exitcode=66:second_deadlock_stack=1";
}

static inline uint64_t t_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void t_watchdog_fired(int sig)
{
	static const char msg[] = "FAIL: watchdog: the test did not finish in time (hang?)\n";

	(void)sig;
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0) {
		/* nothing else to do */
	}
	_exit(T_FAILED);
}

/* Kill the test with a failure if it runs longer than seconds. */
static inline void t_watchdog(unsigned int seconds)
{
	signal(SIGALRM, t_watchdog_fired);
	alarm(seconds);
}

/*
 * The record pattern of UIO_RING_TYPE_TEST (abi.h): t_payload(seq) is the
 * start of record seq's payload, T_PATTERN_MAX bytes of it at most; filled
 * before main(), so threads only ever read it.
 */
#define T_PATTERN_MAX 4096u
static uint8_t t_pattern[UIO_RING_TEST_TABLE_SIZE(T_PATTERN_MAX)];

__attribute__((constructor)) static void t_pattern_init(void)
{
	uio_ring_test_table(t_pattern, sizeof(t_pattern));
}

static inline const uint8_t *t_payload(uint64_t seq)
{
	return uio_ring_test_payload(t_pattern, seq);
}

/* Any length: the pattern repeats every 256 bytes. */
static inline void t_fill(void *buf, uint32_t len, uint64_t seq)
{
	uint8_t *b = buf;
	uint32_t off, n;

	for (off = 0; off < len; off += n) {
		n = len - off < T_PATTERN_MAX ? len - off : T_PATTERN_MAX;
		memcpy(b + off, t_payload(seq + off), n);
	}
}

/* Index of the first byte that breaks the pattern, or -1. */
static inline long t_check(const void *buf, uint32_t len, uint64_t seq)
{
	const uint8_t *b = buf;
	uint32_t i;

	for (i = 0; i < len; i++)
		if (b[i] != t_payload(seq + i)[0])
			return i;
	return -1;
}

/* The header of a payload the producer handed out. */
static inline struct uio_ring_rec *t_hdr(void *payload)
{
	return (struct uio_ring_rec *)payload - 1;
}

/* uio_ring_reserve(): the payload, or NULL for any error. */
static inline void *t_reserve(struct uio_ring_producer *p, uint32_t len, uint16_t type,
			      uint16_t flags)
{
	void *payload;

	return uio_ring_reserve(p, len, type, flags, &payload) ? NULL : payload;
}

/* A ring in a memfd, its doorbell, a producer, and optionally a consumer. */
struct t_ring {
	int fd, efd;
	uint64_t data_size;
	size_t page;
	struct uio_ring_producer *p;
	struct uio_ring *r;
	/* Read-write view of the control and consumer pages, for tampering. */
	void *map;
	struct uio_ring_ctrl *ctrl;
	struct uio_ring_consumer *cons;
};

static inline void t_ring_init(struct t_ring *t, const char *name, uint64_t data_size,
			       bool consumer)
{
	memset(t, 0, sizeof(*t));
	t->page = (size_t)sysconf(_SC_PAGESIZE);
	t->data_size = data_size;
	if (data_size % t->page) {
		printf("SKIP: the test's %" PRIu64 "-byte ring is not a multiple of the %zu-byte page\n",
		       data_size, t->page);
		exit(T_SKIP);
	}
	T_OK(ur_shm_create(name, data_size, &t->fd));
	t->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	T_ASSERT(t->efd >= 0, "eventfd: %s", strerror(errno));
	T_OK(uio_ring_producer_open_fd(t->fd, t->efd, 0, &t->p));
	t->map = mmap(NULL, 2 * t->page, PROT_READ | PROT_WRITE, MAP_SHARED, t->fd, 0);
	T_ASSERT(t->map != MAP_FAILED, "mmap: %s", strerror(errno));
	t->ctrl = t->map;
	t->cons = (void *)((uint8_t *)t->map + UIO_RING_SHM_CONSUMER_PAGE * t->page);
	if (consumer)
		T_OK(uio_ring_open_fd(t->fd, t->efd, 0, &t->r));
}

static inline void t_ring_fini(struct t_ring *t)
{
	uio_ring_close(t->r);
	uio_ring_producer_close(t->p);
	munmap(t->map, 2 * t->page);
	close(t->efd);
	close(t->fd);
	memset(t, 0, sizeof(*t));
}

/* Another producer handle on t's ring, with these UIO_RING_PRODUCER_* flags. */
static inline struct uio_ring_producer *t_producer_open(struct t_ring *t, unsigned int flags)
{
	struct uio_ring_producer *p;

	T_OK(uio_ring_producer_open_fd(t->fd, t->efd, flags, &p));
	return p;
}

/*
 * Reserve and fill a record with the pattern of its seq, then commit or
 * discard it. Returns its seq; fails the test if the ring is full.
 */
static inline uint64_t t_put(struct uio_ring_producer *p, uint32_t len, uint16_t type,
			     uint16_t flags, bool discard)
{
	void *payload = t_reserve(p, len, type, flags);
	uint64_t seq;

	T_ASSERT(payload != NULL, "reserve(%u) returned NULL (ring full?)", len);
	T_OK(uio_ring_reserved_seq(p, &seq));
	T_UEQ(t_hdr(payload)->seq, seq);	/* a single reserve writes it */
	t_fill(payload, len, seq);
	if (discard)
		uio_ring_discard(p, payload);
	else
		uio_ring_commit(p, payload);
	return seq;
}

/* A peeked record lies inside the consumer's double map of the data area. */
static inline void t_check_bounds(const struct uio_ring *r, const struct uio_ring_record *rec)
{
	const uint8_t *lo = r->data, *hi = r->data + 2 * r->data_size;
	const uint8_t *d = rec->data;

	T_ASSERT(d >= lo + sizeof(struct uio_ring_rec) && d <= hi &&
		 rec->len <= (uint64_t)(hi - d),
		 "record seq %" PRIu64 " len %u at %p is outside the data map [%p, %p)",
		 rec->seq, rec->len, (const void *)d, (const void *)lo, (const void *)hi);
	T_ASSERT((uintptr_t)(d - lo) % UIO_RING_REC_ALIGN == 0,
		 "record seq %" PRIu64 " payload at offset %td is not aligned",
		 rec->seq, d - lo);
}

/* Check a record: bounds, type, pattern of its seq. */
static inline void t_check_rec(const struct uio_ring *r, const struct uio_ring_record *rec,
			       uint64_t seq, uint32_t len)
{
	long bad;

	t_check_bounds(r, rec);
	T_UEQ(rec->seq, seq);
	T_UEQ(rec->len, len);
	bad = t_check(rec->data, rec->len, rec->seq);
	T_ASSERT(bad < 0, "record seq %" PRIu64 " len %u: byte %ld is 0x%02x, want 0x%02x",
		 rec->seq, rec->len, bad, ((const uint8_t *)rec->data)[bad],
		 (uint8_t)(rec->seq + (uint64_t)bad));
}

/* Peek everything ready, check it is records first .. first + n - 1, release. */
static inline void t_expect_records(struct t_ring *t, uint64_t first, unsigned int n,
				    uint32_t len, uint16_t type, uint16_t flags)
{
	struct uio_ring_record recs[64];
	unsigned int i;

	T_EQ(uio_ring_peek(t->r, recs, 64), (int)n);
	for (i = 0; i < n; i++) {
		t_check_rec(t->r, &recs[i], first + i, len);
		T_UEQ(recs[i].type, type);
		T_UEQ(recs[i].flags, flags);
	}
	if (n)
		T_OK(uio_ring_release(t->r, n));
}

static inline struct uio_ring_stats t_stats(struct uio_ring *r)
{
	struct uio_ring_stats st;

	T_OK(uio_ring_get_stats(r, &st));
	return st;
}

/*
 * Is [p, p + len) inside file mappings whose /proc/self/maps path contains
 * needle (consecutive mappings count as one)? For producer pointers, whose
 * mapping the tests cannot see otherwise.
 */
static inline bool t_in_maps(const void *p, size_t len, const char *needle)
{
	uintptr_t lo = (uintptr_t)p, hi = lo + len, covered = lo;
	char line[512];
	FILE *f = fopen("/proc/self/maps", "re");
	bool ok = false;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		unsigned long s, e;

		if (sscanf(line, "%lx-%lx", &s, &e) != 2 || !strstr(line, needle))
			continue;
		if (s <= covered && e > covered)
			covered = e;
		if (covered >= hi) {
			ok = true;
			break;
		}
	}
	fclose(f);
	return ok;
}

#endif /* UR_TEST_H */
