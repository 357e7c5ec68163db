// SPDX-License-Identifier: MIT
/*
 * vm-ring-test: the guest side of the integration tests, one subcommand per
 * behaviour of a real uio_ring device. The scripts in tests/vm/tests/ drive
 * the kernel producer (the sysfs emit attribute) and run these.
 *
 *   consume RING TOTAL READY_FILE  consume until TOTAL records were produced
 *                                  or dropped; verify every payload byte,
 *                                  seq order and the counters exactly
 *   hostile RING SECONDS READY_FILE  try every write the device allows and
 *                                  scribble garbage over the consumer page
 *   skip-busy RING SECONDS READY_FILE  keep moving consumer_pos to
 *                                  producer_pos, past records still BUSY,
 *                                  until the module counts a consumer fault
 *   doorbells RING SECONDS READY_FILE  consume, arming the doorbell whenever
 *                                  the ring is empty; notifications must
 *                                  never go backwards
 *   unload RING COUNT READY_FILE   attach, then (after the script rmmods the
 *                                  module) drain COUNT records and expect -ENODEV
 *   wait RING                      wait-with-timeout accuracy, repeated
 *   wake RING READY_FILE           a blocked wait wakes for one record
 *   busy RING                      a second consumer gets -EBUSY naming us
 *   perm RING UID                  as UID: -EACCES with a clear message
 *   stats RING                     print the counters as NAME=VALUE lines
 *   produce RING COUNT SIZE        produce COUNT test records from user space
 *                                  (the emit pattern), waiting for room
 *
 * Exit status: 0 pass, 1 fail (with the reason on stderr), 77 skip.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <uio-ring/uio-ring.h>

#define FAIL(...) do { fprintf(stderr, "FAIL: " __VA_ARGS__); fputc('\n', stderr); exit(1); } while (0)
#define CHECK(cond, ...) do { if (!(cond)) FAIL(__VA_ARGS__); } while (0)

static struct uio_ring *open_ring(const char *spec, unsigned int flags)
{
	struct uio_ring *ring;
	int ret = uio_ring_open(spec, flags, &ring);

	CHECK(ret == 0, "uio_ring_open(%s): %s: %s", spec, uio_ring_strerror(ret),
	      uio_ring_errmsg());
	return ring;
}

static void touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	CHECK(fd >= 0, "create %s: %s", path, strerror(errno));
	close(fd);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- consume ---------------------------------------------------------- */

struct verify {
	uint64_t records, bad_pattern, bad_type, last_seq;
	uint64_t per_cpu[64];
	int have_last;
};

static int verify_record(void *ctx, const struct uio_ring_record *rec)
{
	struct verify *v = ctx;
	const uint8_t *p = rec->data;
	uint8_t base = (uint8_t)rec->seq;
	uint32_t i;

	if (rec->type != UIO_RING_TYPE_TEST)
		v->bad_type++;
	for (i = 0; i < rec->len; i++) {
		if (p[i] != (uint8_t)(base + i)) {
			if (v->bad_pattern++ < 5)
				fprintf(stderr, "seq %" PRIu64 ": byte %u is %u, want %u\n",
					rec->seq, i, p[i], (uint8_t)(base + i));
			break;
		}
	}
	if (v->have_last && rec->seq <= v->last_seq)
		FAIL("seq %" PRIu64 " after %" PRIu64, rec->seq, v->last_seq);
	v->last_seq = rec->seq;
	v->have_last = 1;
	v->per_cpu[rec->flags % 64]++;
	v->records++;
	return 0;
}

static int cmd_consume(const char *spec, uint64_t total, const char *ready)
{
	struct uio_ring *ring = open_ring(spec, 0);
	struct uio_ring_stats s0, s;
	struct verify v = { 0 };
	uint64_t trailing, earlier = 0;
	int64_t idle_since = now_ms();
	int n;

	/* Leftovers of an earlier test are not ours to count. */
	while ((n = uio_ring_consume(ring, 1u << 20, verify_record, &v)) > 0)
		;
	CHECK(n == 0, "draining leftovers: %s: %s", uio_ring_strerror(n), uio_ring_errmsg());
	uio_ring_get_stats(ring, &s0);
	/*
	 * Nor are the records an earlier test dropped after its last one: they
	 * show as a seq gap before our first record, not in our drop count.
	 */
	if (v.have_last)
		earlier = s0.produced + s0.dropped - (v.last_seq + 1);
	memset(&v, 0, sizeof(v));
	touch(ready);

	for (;;) {
		n = uio_ring_consume(ring, 4096, verify_record, &v);
		CHECK(n >= 0, "consume: %s: %s", uio_ring_strerror(n), uio_ring_errmsg());
		if (n > 0) {
			idle_since = now_ms();
			continue;
		}
		uio_ring_get_stats(ring, &s);
		if (s.produced + s.dropped - s0.produced - s0.dropped >= total &&
		    s.pending_bytes == 0)
			break;
		CHECK(now_ms() - idle_since < 120000,
		      "no record for 120 s; %" PRIu64 " of %" PRIu64 " seen",
		      s.produced + s.dropped - s0.produced - s0.dropped, total);
		n = uio_ring_wait(ring, 1000);
		CHECK(n >= 0, "wait: %s: %s", uio_ring_strerror(n), uio_ring_errmsg());
	}

	uio_ring_get_stats(ring, &s);
	for (n = 0; n < 64; n++) {
		if (v.per_cpu[n])
			printf("cpu %d: %" PRIu64 " records\n", n, v.per_cpu[n]);
	}
	printf("produced %" PRIu64 " dropped %" PRIu64 " consumed %" PRIu64
	       " missed %" PRIu64 " notifications %" PRIu64 " wakeups %" PRIu64
	       " (%.6f notifications per record)\n",
	       s.produced - s0.produced, s.dropped - s0.dropped, s.consumed - s0.consumed,
	       s.missed - s0.missed, s.notifications - s0.notifications,
	       s.wakeups - s0.wakeups,
	       (double)(s.notifications - s0.notifications) /
	       (double)(s.produced - s0.produced ? s.produced - s0.produced : 1));
	CHECK(v.bad_pattern == 0, "%" PRIu64 " records with a wrong payload byte", v.bad_pattern);
	CHECK(v.bad_type == 0, "%" PRIu64 " records of a wrong type", v.bad_type);
	CHECK(s.produced + s.dropped - s0.produced - s0.dropped == total,
	      "produced + dropped = %" PRIu64 ", want %" PRIu64,
	      s.produced + s.dropped - s0.produced - s0.dropped, total);
	CHECK(s.produced - s0.produced == s.consumed - s0.consumed,
	      "produced %" PRIu64 " != consumed %" PRIu64,
	      s.produced - s0.produced, s.consumed - s0.consumed);
	CHECK(v.records == s.consumed - s0.consumed, "callback saw %" PRIu64
	      " records, stats say %" PRIu64, v.records, s.consumed - s0.consumed);
	/*
	 * Drops after the last record leave no gap behind a later record: the
	 * counters tell how many seqs were handed out after it.
	 */
	trailing = s.produced + s.dropped - (v.have_last ? v.last_seq + 1 : 0);
	printf("seq gaps %" PRIu64 " - dropped before we started %" PRIu64
	       " + dropped after the last record %" PRIu64 " = %" PRIu64 "\n",
	       s.missed - s0.missed, earlier, trailing,
	       s.missed - s0.missed - earlier + trailing);
	CHECK(s.missed - s0.missed - earlier + trailing == s.dropped - s0.dropped,
	      "seq gaps %" PRIu64 " - %" PRIu64 " earlier + %" PRIu64 " trailing != dropped %" PRIu64,
	      s.missed - s0.missed, earlier, trailing, s.dropped - s0.dropped);
	CHECK(s.consumer_faults == s0.consumer_faults, "consumer faults counted: %" PRIu64,
	      s.consumer_faults - s0.consumer_faults);
	uio_ring_close(ring);
	return 0;
}

/* ---- hostile ---------------------------------------------------------- */

static void expect_map_fails(int fd, int map, size_t len, int prot, const char *what)
{
	long page = sysconf(_SC_PAGESIZE);
	void *p = mmap(NULL, len, prot, MAP_SHARED, fd, map * page);

	CHECK(p == MAP_FAILED, "%s: mmap succeeded", what);
	printf("refused as expected: %s (%s)\n", what, strerror(errno));
}

/*
 * Everything a consumer with the device open read-write can do to the
 * module, short of root's own powers: the kernel must shrug it all off.
 */
static int cmd_hostile(const char *spec, int seconds, const char *ready)
{
	long page = sysconf(_SC_PAGESIZE);
	struct uio_ring_info info;
	struct uio_ring *probe = open_ring(spec, UIO_RING_OPEN_OBSERVE);
	uint64_t x = 0x9e3779b97f4a7c15ull, rounds = 0;
	size_t data_len;
	char node[64];
	uint8_t *cons, *ro;
	int32_t count;
	int64_t end;
	int fd;

	uio_ring_get_info(probe, &info);
	uio_ring_close(probe);
	data_len = 2 * info.data_size;
	snprintf(node, sizeof(node), "/dev/%s", info.device);
	fd = open(node, O_RDWR);
	CHECK(fd >= 0, "open %s: %s", node, strerror(errno));

	expect_map_fails(fd, UIO_RING_MAP_CTRL, page, PROT_READ | PROT_WRITE, "control page writable");
	expect_map_fails(fd, UIO_RING_MAP_DATA, data_len, PROT_READ | PROT_WRITE, "data writable");
	expect_map_fails(fd, UIO_RING_MAP_DATA, data_len + page, PROT_READ, "data map too long");
	expect_map_fails(fd, UIO_RING_MAP_CONSUMER, 2 * page, PROT_READ | PROT_WRITE,
			 "consumer map too long");
	expect_map_fails(fd, 3, page, PROT_READ, "map 3");
	expect_map_fails(fd, 4096, page, PROT_READ, "offset far beyond the maps");

	ro = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, UIO_RING_MAP_CTRL * page);
	CHECK(ro != MAP_FAILED, "mmap control read-only: %s", strerror(errno));
	CHECK(mprotect(ro, page, PROT_READ | PROT_WRITE) < 0, "mprotect made the control page writable");
	printf("refused as expected: mprotect of the control page (%s)\n", strerror(errno));
	munmap(ro, page);
	ro = mmap(NULL, data_len, PROT_READ, MAP_PRIVATE, fd, UIO_RING_MAP_DATA * page);
	CHECK(ro != MAP_FAILED, "mmap data private read-only: %s", strerror(errno));
	CHECK(mprotect(ro, data_len, PROT_READ | PROT_WRITE) < 0,
	      "mprotect made a private data mapping writable");
	munmap(ro, data_len);

	CHECK(read(fd, &count, 2) < 0 && errno == EINVAL, "2-byte read not refused with EINVAL");
	count = 1;
	CHECK(write(fd, &count, 4) < 0, "write to the device succeeded");
	printf("refused as expected: write of the event count (%s)\n", strerror(errno));

	cons = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, UIO_RING_MAP_CONSUMER * page);
	CHECK(cons != MAP_FAILED, "mmap consumer page: %s", strerror(errno));
	touch(ready);
	/* Garbage, all of it, again and again, while the kernel produces. */
	end = now_ms() + seconds * 1000;
	while (now_ms() < end) {
		long i;

		for (i = 0; i < page; i += 8) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			memcpy(cons + i, &x, 8);
		}
		/* And the worst single values too. */
		memcpy(cons, (uint64_t[]){ rounds & 1 ? ~0ull : 1ull << 63 }, 8);
		rounds++;
	}
	printf("scribbled over the consumer page %" PRIu64 " times\n", rounds);
	munmap(cons, page);
	close(fd);
	return 0;
}

/* ---- unload ----------------------------------------------------------- */

static int count_record(void *ctx, const struct uio_ring_record *rec)
{
	(*(uint64_t *)ctx)++;
	return 0;
}

static int cmd_unload(const char *spec, uint64_t count, const char *ready)
{
	struct uio_ring *ring = open_ring(spec, 0);
	uint64_t got = 0;
	int ret;

	touch(ready);
	/* The script emits COUNT records, then rmmods the module, then tells us. */
	while (access("/tmp/unloaded", F_OK) != 0)
		usleep(10000);
	ret = uio_ring_wait(ring, 1000);
	CHECK(ret == 1, "wait after unload with records left: %d (%s)", ret, uio_ring_errmsg());
	while ((ret = uio_ring_consume(ring, 1024, count_record, &got)) > 0)
		;
	CHECK(ret == 0, "consume after unload: %s", uio_ring_strerror(ret));
	CHECK(got == count, "drained %" PRIu64 " records after unload, want %" PRIu64, got, count);
	ret = uio_ring_wait(ring, 2000);
	CHECK(ret == -ENODEV, "wait on an unloaded ring: %d (%s), want -ENODEV", ret,
	      uio_ring_strerror(ret));
	printf("after unload: drained %" PRIu64 " records, then: %s: %s\n", got,
	       uio_ring_strerror(ret), uio_ring_errmsg());
	uio_ring_close(ring);
	return 0;
}

/* ---- skip-busy -------------------------------------------------------- */

/*
 * A consumer that releases what it has not read: it keeps storing
 * producer_pos into consumer_pos, so it often lands past a record another
 * CPU is still writing. Every such position is in range (never ahead of the
 * producer, never a lap behind): only the module's pending bound can tell
 * it from an honest one. Passes when a consumer fault is counted; fails
 * after SECONDS without one, saying how often it skipped a BUSY record.
 */
static int cmd_skip_busy(const char *spec, int seconds, const char *ready)
{
	long page = sysconf(_SC_PAGESIZE);
	struct uio_ring_info info;
	struct uio_ring *probe = open_ring(spec, UIO_RING_OPEN_OBSERVE);
	const struct uio_ring_ctrl *ctrl;
	struct uio_ring_consumer *cons;
	uint64_t jumps = 0, busy_skips = 0, pos, last, faults0, faults;
	const uint8_t *data;
	char node[64];
	int64_t t0, end;
	int fd;

	uio_ring_get_info(probe, &info);
	uio_ring_close(probe);
	snprintf(node, sizeof(node), "/dev/%s", info.device);
	fd = open(node, O_RDWR);
	CHECK(fd >= 0, "open %s: %s", node, strerror(errno));
	ctrl = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, UIO_RING_MAP_CTRL * page);
	cons = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, UIO_RING_MAP_CONSUMER * page);
	data = mmap(NULL, 2 * info.data_size, PROT_READ, MAP_SHARED, fd, UIO_RING_MAP_DATA * page);
	CHECK(ctrl != MAP_FAILED && cons != MAP_FAILED && data != MAP_FAILED, "mmap %s: %s",
	      node, strerror(errno));
	faults0 = __atomic_load_n(&ctrl->consumer_faults, __ATOMIC_RELAXED);
	last = __atomic_load_n(&cons->consumer_pos, __ATOMIC_RELAXED);
	touch(ready);
	t0 = now_ms();
	end = t0 + seconds * 1000;
	do {
		pos = __atomic_load_n(&ctrl->producer_pos, __ATOMIC_ACQUIRE);
		/* For the report only: did this jump pass a BUSY header? */
		while (last != pos && pos - last <= info.data_size) {
			const struct uio_ring_rec *rec =
				(const void *)(data + (last & (info.data_size - 1)));
			uint32_t len = __atomic_load_n(&rec->len, __ATOMIC_ACQUIRE);

			if (len & UIO_RING_REC_BUSY) {
				busy_skips++;
				break;
			}
			if ((len & UIO_RING_REC_LEN_MASK) > info.max_payload)
				break;
			last += UIO_RING_REC_SIZE(len & UIO_RING_REC_LEN_MASK);
		}
		last = pos;
		__atomic_store_n(&cons->consumer_pos, pos, __ATOMIC_RELEASE);
		jumps++;
		faults = __atomic_load_n(&ctrl->consumer_faults, __ATOMIC_RELAXED);
	} while (faults == faults0 && now_ms() < end);
	printf("skip-busy: %" PRIu64 " jumps to producer_pos, %" PRIu64
	       " past a BUSY record, %" PRIu64 " consumer faults counted, after %" PRId64 " ms\n",
	       jumps, busy_skips, faults - faults0, now_ms() - t0);
	CHECK(faults != faults0, "consumer_pos moved past BUSY records %" PRIu64
	      " times in %d s and no consumer fault was counted", busy_skips, seconds);
	close(fd);
	return 0;
}

/* ---- doorbells -------------------------------------------------------- */

/*
 * A consumer that arms the doorbell each time the ring is empty, so that
 * producers on every CPU ring it as often as they can; the notifications
 * counter in the control area is sampled after every step and must never
 * go backwards. The script compares its final value with the device's
 * UIO event count.
 */
static int cmd_doorbells(const char *spec, int seconds, const char *ready)
{
	struct uio_ring *ring = open_ring(spec, 0);
	uint64_t got = 0, samples = 0, arms = 0, prev = 0;
	struct uio_ring_stats s;
	int64_t end;
	int ret;

	touch(ready);
	end = now_ms() + seconds * 1000;
	while (now_ms() < end) {
		while ((ret = uio_ring_consume(ring, 64, count_record, &got)) > 0)
			;
		CHECK(ret == 0, "consume: %s: %s", uio_ring_strerror(ret), uio_ring_errmsg());
		if (uio_ring_arm(ring) == 0)
			arms++;
		uio_ring_get_stats(ring, &s);
		CHECK(s.notifications >= prev, "notifications went backwards: %" PRIu64
		      " after %" PRIu64 " (sample %" PRIu64 ")", s.notifications, prev, samples);
		prev = s.notifications;
		samples++;
	}
	printf("doorbells: %" PRIu64 " records, %" PRIu64 " arms, %" PRIu64
	       " samples, notifications %" PRIu64 ", never backwards\n", got, arms, samples, prev);
	uio_ring_close(ring);
	return 0;
}

/* ---- wait, wake, busy, perm ------------------------------------------- */

static int cmd_wait(const char *spec)
{
	struct uio_ring *ring = open_ring(spec, 0);
	int i, ret;

	while (uio_ring_consume(ring, 1u << 20, count_record, &(uint64_t){ 0 }) > 0)
		;
	for (i = 0; i < 3; i++) {
		int64_t t0 = now_ms(), took;

		ret = uio_ring_wait(ring, 300);
		took = now_ms() - t0;
		printf("wait(300 ms) #%d: %d after %" PRId64 " ms\n", i + 1, ret, took);
		CHECK(ret == 0, "wait on an empty ring returned %d", ret);
		CHECK(took >= 300 && took < 5000, "wait took %" PRId64 " ms, want 300", took);
	}
	ret = uio_ring_wait(ring, 0);
	CHECK(ret == 0, "wait(0) on an empty ring returned %d", ret);
	uio_ring_close(ring);
	return 0;
}

static int cmd_wake(const char *spec, const char *ready)
{
	struct uio_ring *ring = open_ring(spec, 0);
	struct uio_ring_stats s;
	struct uio_ring_record rec;
	int64_t t0;
	int ret;

	while (uio_ring_consume(ring, 1u << 20, count_record, &(uint64_t){ 0 }) > 0)
		;
	touch(ready);
	t0 = now_ms();
	ret = uio_ring_wait(ring, 60000);
	CHECK(ret == 1, "wait for one record returned %d", ret);
	printf("woke after %" PRId64 " ms\n", now_ms() - t0);
	CHECK(uio_ring_peek(ring, &rec, 1) == 1, "no record after the wakeup");
	CHECK(rec.type == UIO_RING_TYPE_TEST && rec.len == 64, "record type %u len %u",
	      rec.type, rec.len);
	uio_ring_release(ring, 1);
	uio_ring_get_stats(ring, &s);
	CHECK(s.wakeups >= 1, "no wakeup counted");
	uio_ring_close(ring);
	return 0;
}

static int cmd_busy(const char *spec)
{
	struct uio_ring *first = open_ring(spec, 0), *second, *observer;
	char want[32];
	int ret;

	ret = uio_ring_open(spec, 0, &second);
	CHECK(ret == -EBUSY, "second consumer: %d (%s), want -EBUSY", ret, uio_ring_strerror(ret));
	printf("second consumer: %s: %s\n", uio_ring_strerror(ret), uio_ring_errmsg());
	snprintf(want, sizeof(want), "pid %d", (int)getpid());
	CHECK(strstr(uio_ring_errmsg(), want), "message does not name %s", want);

	/* In another process too, where the pid is not its own. */
	if (fork() == 0) {
		ret = uio_ring_open(spec, 0, &second);
		_exit(ret == -EBUSY && strstr(uio_ring_errmsg(), want) ? 0 : 1);
	}
	wait(&ret);
	CHECK(WIFEXITED(ret) && WEXITSTATUS(ret) == 0, "child did not get -EBUSY naming us");

	observer = open_ring(spec, UIO_RING_OPEN_OBSERVE);
	uio_ring_close(observer);
	uio_ring_close(first);
	second = open_ring(spec, 0);
	uio_ring_close(second);
	return 0;
}

static int cmd_perm(const char *spec, unsigned int uid)
{
	struct uio_ring *ring;
	int ret;

	CHECK(setgid(uid) == 0 && setuid(uid) == 0, "setuid(%u): %s", uid, strerror(errno));
	ret = uio_ring_open(spec, 0, &ring);
	printf("as uid %u: %s: %s\n", uid, uio_ring_strerror(ret), uio_ring_errmsg());
	CHECK(ret == -EACCES, "open as uid %u: %d, want -EACCES", uid, ret);
	CHECK(strstr(uio_ring_errmsg(), "permission denied"), "message does not say why");
	return 0;
}

static int cmd_stats(const char *spec)
{
	struct uio_ring *ring = open_ring(spec, UIO_RING_OPEN_OBSERVE);
	struct uio_ring_stats s;

	uio_ring_get_stats(ring, &s);
	printf("produced=%" PRIu64 "\ndropped=%" PRIu64 "\nnotifications=%" PRIu64
	       "\nconsumer_faults=%" PRIu64 "\npending_bytes=%" PRIu64 "\n",
	       s.produced, s.dropped, s.notifications, s.consumer_faults, s.pending_bytes);
	uio_ring_close(ring);
	return 0;
}

/* ---- produce ---------------------------------------------------------- */

static int cmd_produce(const char *spec, uint64_t count, uint32_t size)
{
	struct uio_ring_producer *p;
	uint64_t i;
	void *payload;
	int ret;

	/* Wait for room rather than drop: this producer loses nothing. */
	ret = uio_ring_producer_open(spec, UIO_RING_PRODUCER_NO_DROP, &p);
	CHECK(ret == 0, "uio_ring_producer_open(%s): %s: %s", spec, uio_ring_strerror(ret),
	      uio_ring_errmsg());
	for (i = 0; i < count; i++) {
		while ((ret = uio_ring_reserve(p, size, UIO_RING_TYPE_TEST, 0, &payload)) == -EAGAIN)
			sched_yield();
		CHECK(ret == 0, "reserve: %s: %s", uio_ring_strerror(ret), uio_ring_errmsg());
		/* The seq is only known from the header the library wrote. */
		{
			const struct uio_ring_rec *rec = (const struct uio_ring_rec *)payload - 1;
			uint8_t *b = payload, base = (uint8_t)rec->seq;
			uint32_t j;

			for (j = 0; j < size; j++)
				b[j] = (uint8_t)(base + j);
		}
		ret = uio_ring_commit(p, payload);
		CHECK(ret == 0, "commit: %s", uio_ring_errmsg());
	}
	uio_ring_producer_close(p);
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(cmd, "consume") && argc == 5)
		return cmd_consume(argv[2], strtoull(argv[3], NULL, 0), argv[4]);
	if (!strcmp(cmd, "hostile") && argc == 5)
		return cmd_hostile(argv[2], atoi(argv[3]), argv[4]);
	if (!strcmp(cmd, "skip-busy") && argc == 5)
		return cmd_skip_busy(argv[2], atoi(argv[3]), argv[4]);
	if (!strcmp(cmd, "doorbells") && argc == 5)
		return cmd_doorbells(argv[2], atoi(argv[3]), argv[4]);
	if (!strcmp(cmd, "unload") && argc == 5)
		return cmd_unload(argv[2], strtoull(argv[3], NULL, 0), argv[4]);
	if (!strcmp(cmd, "wait") && argc == 3)
		return cmd_wait(argv[2]);
	if (!strcmp(cmd, "wake") && argc == 4)
		return cmd_wake(argv[2], argv[3]);
	if (!strcmp(cmd, "busy") && argc == 3)
		return cmd_busy(argv[2]);
	if (!strcmp(cmd, "perm") && argc == 4)
		return cmd_perm(argv[2], (unsigned int)atoi(argv[3]));
	if (!strcmp(cmd, "stats") && argc == 3)
		return cmd_stats(argv[2]);
	if (!strcmp(cmd, "produce") && argc == 5)
		return cmd_produce(argv[2], strtoull(argv[3], NULL, 0),
				   (uint32_t)strtoul(argv[4], NULL, 0));
	fprintf(stderr, "usage: vm-ring-test consume|hostile|skip-busy|doorbells|unload|wait|wake|busy|perm|stats|produce ...\n");
	return 2;
}
