// SPDX-License-Identifier: MIT
/*
 * A producer against hostile peers, through the public API: whatever the
 * other side writes into the shared pages, each call returns an error or
 * works, never crashes, hangs or writes outside the ring's data area.
 *   - garbage producer_pos: not 8-byte aligned; far ahead of the consumer;
 *   - garbage consumer_pos: ahead of the producer; more than a ring behind;
 *     unaligned but within range;
 *   - the producer lock held by a process that died (taken over), by one
 *     that lives (-ETIMEDOUT after about a second), by a value that is no pid;
 *   - need_wakeup always set: a doorbell per commit, nothing worse;
 *   - a "consumer" process scribbling over the data area while this one
 *     produces and a real consumer reads.
 */
#include <fcntl.h>
#include <sys/wait.h>

#include "test.h"

#define DS (16 * 1024u)

struct ring {
	int rfd, dfd;
	struct uio_ring *r;
	struct uio_ring_producer *p;
	/* The hostile side's writable view: control and consumer pages, data. */
	struct uio_ring_ctrl *ctrl;
	struct uio_ring_consumer *cons;
	uint8_t *data;
	/* Where this producer's mapping of the data area lies. */
	uintptr_t lo, hi;
};

static void ring_init(struct ring *t)
{
	long page = sysconf(_SC_PAGESIZE);
	void *payload;
	uint8_t *map;

	memset(t, 0, sizeof(*t));
	T_OK(uio_ring_memfd_create("hostile", DS, &t->rfd, &t->dfd));
	T_OK(uio_ring_open_fd(t->rfd, t->dfd, 0, &t->r));
	T_OK(uio_ring_producer_open_fd(t->rfd, t->dfd, 0, &t->p));
	map = mmap(NULL, 2 * page + DS, PROT_READ | PROT_WRITE, MAP_SHARED, t->rfd, 0);
	T_ASSERT(map != MAP_FAILED, "mmap: %s", strerror(errno));
	t->ctrl = (void *)map;
	t->cons = (void *)(map + page);
	t->data = map + 2 * page;
	/*
	 * The producer's data mapping, from a record of its own: its header
	 * lies at base + (producer_pos & (DS - 1)).
	 */
	T_UEQ(t->ctrl->producer_pos, 0);
	T_OK(uio_ring_reserve(t->p, 8, 1, 0, &payload));
	T_OK(uio_ring_discard(t->p, payload));
	t->lo = (uintptr_t)payload - sizeof(struct uio_ring_rec);
	t->hi = t->lo + 2 * DS;
	T_ASSERT(t_in_maps((void *)t->lo, 2 * DS, "memfd:hostile"),
		 "[%p, +2 * %u) is not the ring's data mapping", (void *)t->lo, DS);
	T_EQ(uio_ring_peek(t->r, NULL, 0), 0);
}

static void ring_fini(struct ring *t)
{
	munmap(t->ctrl, 2 * sysconf(_SC_PAGESIZE) + DS);
	uio_ring_producer_close(t->p);
	uio_ring_close(t->r);
	close(t->rfd);
	close(t->dfd);
}

/* A payload the producer handed out lies within its data mapping. */
static void check_payload(const struct ring *t, const void *payload, uint32_t len)
{
	uintptr_t at = (uintptr_t)payload;

	T_ASSERT(at >= t->lo + sizeof(struct uio_ring_rec) && at + len <= t->hi,
		 "payload [%p, +%u) outside the data mapping [%p, %p)", payload, len,
		 (void *)t->lo, (void *)t->hi);
}

/* Reserve: 0 (filled and committed) or the error. */
static int try_put(struct ring *t, uint32_t len)
{
	void *payload;
	int ret = uio_ring_reserve(t->p, len, UIO_RING_TYPE_TEST, 0, &payload);

	if (ret)
		return ret;
	check_payload(t, payload, len);
	t_fill(payload, len, t_hdr(payload)->seq);
	T_OK(uio_ring_commit(t->p, payload));
	return 0;
}

/* A field of the shared pages, read as the other side would. */
#define load64(p) ((uint64_t)__atomic_load_n((p), __ATOMIC_RELAXED))

static void test_positions(void)
{
	uint64_t prod, cons, seq0, faults, dropped, space;
	struct uio_ring_record rec;
	struct ring t;
	int i;

	t_case = "producer_pos not aligned";
	ring_init(&t);
	for (i = 0; i < 10; i++)
		T_OK(try_put(&t, 100));
	prod = load64(&t.ctrl->producer_pos);
	seq0 = load64(&t.ctrl->producer_next_seq);
	faults = load64(&t.ctrl->consumer_faults);
	dropped = load64(&t.ctrl->dropped);
	__atomic_store_n(&t.ctrl->producer_pos, prod + 3, __ATOMIC_RELEASE);
	T_EQ(try_put(&t, 100), -EBADMSG);
	T_ASSERT(strstr(uio_ring_errmsg(), "aligned"), "errmsg '%s'", uio_ring_errmsg());
	T_EQ(uio_ring_producer_space(t.p, &space), -EBADMSG);
	T_UEQ(load64(&t.ctrl->producer_next_seq), seq0 + 1);	/* drops take a seq */
	T_UEQ(load64(&t.ctrl->dropped), dropped + 1);
	T_UEQ(load64(&t.ctrl->consumer_faults), faults);	/* not the consumer's fault */
	T_UEQ(load64(&t.ctrl->producer_pos), prod + 3);		/* nothing moved */
	T_EQ(uio_ring_peek(t.r, &rec, 1), -EBADMSG);		/* the consumer refuses it */

	t_case = "producer_pos far ahead";
	__atomic_store_n(&t.ctrl->producer_pos, prod + 64 * DS, __ATOMIC_RELEASE);
	T_EQ(try_put(&t, 100), -EBADMSG);
	T_UEQ(load64(&t.ctrl->consumer_faults), faults + 1);	/* cannot tell whose */
	T_EQ(uio_ring_peek(t.r, &rec, 1), -EBADMSG);
	__atomic_store_n(&t.ctrl->producer_pos, prod, __ATOMIC_RELEASE);
	T_OK(try_put(&t, 100));

	t_case = "consumer_pos garbage";
	prod = load64(&t.ctrl->producer_pos);
	cons = load64(&t.cons->consumer_pos);
	faults = load64(&t.ctrl->consumer_faults);
	__atomic_store_n(&t.cons->consumer_pos, prod + 8, __ATOMIC_RELEASE);	/* ahead */
	T_EQ(try_put(&t, 100), -EBADMSG);
	__atomic_store_n(&t.cons->consumer_pos, prod - DS - 8, __ATOMIC_RELEASE);	/* behind */
	T_EQ(try_put(&t, 100), -EBADMSG);
	__atomic_store_n(&t.cons->consumer_pos, prod + 4096, __ATOMIC_RELEASE);
	T_EQ(try_put(&t, 100), -EBADMSG);
	T_EQ(uio_ring_producer_space(t.p, &space), -EBADMSG);
	T_UEQ(load64(&t.ctrl->consumer_faults), faults + 3);
	T_UEQ(load64(&t.ctrl->producer_pos), prod);
	/*
	 * Unaligned but in range: the producer takes it as the consumer's word
	 * and overwrites the records the consumer had not read. Only the
	 * consumer loses, and the producer stays within the data area.
	 */
	__atomic_store_n(&t.cons->consumer_pos, prod - 5, __ATOMIC_RELEASE);
	for (i = 0; i < 1000; i++) {
		int ret = try_put(&t, (uint32_t)(i * 37 % 500));

		T_ASSERT(ret == 0 || ret == -ENOSPC, "reserve %d: %d", i, ret);
		if (ret)
			break;
	}
	T_EQ(try_put(&t, 500), -ENOSPC);
	T_UCMP(load64(&t.ctrl->producer_pos) - (prod - 5), <=, DS);
	/* The consumer, still at cons, finds the producer more than a ring ahead. */
	T_UCMP(load64(&t.ctrl->producer_pos) - cons, >, DS);
	T_EQ(uio_ring_peek(t.r, &rec, 1), -EBADMSG);
	ring_fini(&t);
	printf("PASS: garbage positions\n");
}

static pid_t spawn_sleeper(void)
{
	pid_t pid = fork();

	T_ASSERT(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		pause();
		_exit(0);
	}
	return pid;
}

static void test_lock(void)
{
	uint64_t seq0, t0, ns;
	struct ring t;
	pid_t pid;
	int status;

	ring_init(&t);

	t_case = "lock held by a dead process";
	pid = fork();
	T_ASSERT(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0)
		_exit(0);
	T_EQ(waitpid(pid, &status, 0), pid);
	__atomic_store_n(&t.ctrl->producer_lock, (uint32_t)pid, __ATOMIC_RELEASE);
	t0 = t_now_ns();
	T_OK(try_put(&t, 64));
	T_UCMP(t_now_ns() - t0, <, 500000000ull);
	T_EQ(__atomic_load_n(&t.ctrl->producer_lock, __ATOMIC_ACQUIRE), 0);

	t_case = "lock held by a live process";
	pid = spawn_sleeper();
	seq0 = load64(&t.ctrl->producer_next_seq);
	__atomic_store_n(&t.ctrl->producer_lock, (uint32_t)pid, __ATOMIC_RELEASE);
	t0 = t_now_ns();
	T_EQ(try_put(&t, 64), -ETIMEDOUT);
	ns = t_now_ns() - t0;
	T_ASSERT(ns >= 900000000ull && ns < 5000000000ull, "gave up after %.3f s",
		 (double)ns / 1e9);
	T_ASSERT(strstr(uio_ring_errmsg(), "lock"), "errmsg '%s'", uio_ring_errmsg());
	T_UEQ(load64(&t.ctrl->producer_next_seq), seq0);	/* nothing happened */
	T_EQ(__atomic_load_n(&t.ctrl->producer_lock, __ATOMIC_ACQUIRE), pid);
	/* Its holder dies: the next reserve takes the lock over. */
	T_EQ(kill(pid, SIGKILL), 0);
	T_EQ(waitpid(pid, &status, 0), pid);
	T_OK(try_put(&t, 64));

	t_case = "lock word that is no pid";
	__atomic_store_n(&t.ctrl->producer_lock, 0xfffffff0u, __ATOMIC_RELEASE);
	T_EQ(try_put(&t, 64), -ETIMEDOUT);
	__atomic_store_n(&t.ctrl->producer_lock, 0, __ATOMIC_RELEASE);
	T_OK(try_put(&t, 64));

	t_case = "need_wakeup always set";
	{
		uint64_t before = load64(&t.ctrl->notifications);
		int i;

		for (i = 0; i < 100; i++) {
			__atomic_store_n(&t.cons->need_wakeup, 1, __ATOMIC_SEQ_CST);
			T_OK(try_put(&t, 8));
		}
		T_UEQ(load64(&t.ctrl->notifications), before + 100);
		T_EQ(__atomic_load_n(&t.cons->need_wakeup, __ATOMIC_RELAXED), 0);
	}
	ring_fini(&t);
	printf("PASS: the producer lock\n");
}

/* The vandal: random bytes at random places of the data area, for a while. */
static void vandal(uint8_t *data, uint64_t ns)
{
	uint64_t x = 88172645463325252ull, end = t_now_ns() + ns;
	unsigned int i;

	while (t_now_ns() < end) {
		for (i = 0; i < 1000; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			data[x % DS] = (uint8_t)(x >> 32);
		}
		usleep(10);
	}
}

static void test_scribbler(void)
{
	uint64_t puts = 0, full = 0, good = 0, corrupt = 0;
	struct uio_ring_record recs[32];
	struct ring t;
	pid_t pid;
	int status;

	t_case = "a consumer scribbling over the data area";
	ring_init(&t);
	pid = fork();
	T_ASSERT(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		/* Not the consumer: its inherited description would keep the lock. */
		uio_ring_close(t.r);
		vandal(t.data, 1500000000ull);
		_exit(0);
	}
	while (waitpid(pid, &status, WNOHANG) == 0) {
		int ret = try_put(&t, (uint32_t)(puts * 13 % 300)), n, i;

		puts++;
		T_ASSERT(ret == 0 || ret == -ENOSPC, "reserve: %d (%s)", ret, uio_ring_errmsg());
		full += ret == -ENOSPC;
		n = uio_ring_peek(t.r, recs, 32);
		if (n == -EBADMSG) {
			/*
			 * What a consumer can do about its own corrupt ring:
			 * skip to the producer and attach again.
			 */
			corrupt++;
			uio_ring_close(t.r);
			__atomic_store_n(&t.cons->consumer_pos, load64(&t.ctrl->producer_pos),
					 __ATOMIC_RELEASE);
			T_OK(uio_ring_open_fd(t.rfd, t.dfd, 0, &t.r));
			continue;
		}
		T_CMP(n, >=, 0);
		for (i = 0; i < n; i++)
			t_check_bounds(t.r, &recs[i]);
		good += (uint64_t)n;
		T_OK(uio_ring_release(t.r, (unsigned int)n));
	}
	T_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0, "vandal: 0x%x", status);
	/* Once it stopped, the ring works again from a clean start. */
	uio_ring_close(t.r);
	__atomic_store_n(&t.cons->consumer_pos, load64(&t.ctrl->producer_pos), __ATOMIC_RELEASE);
	T_OK(uio_ring_open_fd(t.rfd, t.dfd, 0, &t.r));
	T_OK(try_put(&t, 100));
	T_EQ(uio_ring_peek(t.r, recs, 32), 1);
	t_check_rec(t.r, &recs[0], recs[0].seq, 100);
	printf("PASS: scribbler: %" PRIu64 " reserves (%" PRIu64 " full), %" PRIu64
	       " records read, %" PRIu64 " corruptions seen\n", puts, full, good, corrupt);
	T_UCMP(corrupt, >=, 1);	/* it did hit something */
	ring_fini(&t);
}

int main(void)
{
	t_watchdog(120);
	test_positions();
	test_lock();
	test_scribbler();
	return T_PASS;
}
