// SPDX-License-Identifier: MIT
/*
 * uio_ring_wait() semantics: a timeout waits its full time (also when
 * repeated, and with stale or spurious doorbells pending), a commit from
 * another thread wakes it promptly, a signal interrupts it with -EINTR;
 * uio_ring_pwait() sleeps with the mask it is given, so that a signal
 * blocked and pending before the call interrupts it at once;
 * and the event loop API (fd, arm, ack) with wakeup suppression.
 * Also built with TSan.
 */
#include <poll.h>
#include <pthread.h>

#include "test.h"

#define DS (16 * 1024u)
#define MS 1000000ull

static struct t_ring t;

static uint64_t ms_since(uint64_t t0)
{
	return (t_now_ns() - t0) / MS;
}

/* wait(timeout) on an empty ring returns 0 after at least timeout ms. */
static void expect_timeout(int timeout_ms)
{
	uint64_t t0 = t_now_ns(), ns;
	int ret = uio_ring_wait(t.r, timeout_ms);

	ns = t_now_ns() - t0;
	if (ret != 0)
		t_fail("wait(%d) returned %d (%s)", timeout_ms, ret, uio_ring_errmsg());
	if (ns < (uint64_t)timeout_ms * MS || ns > (uint64_t)timeout_ms * MS + 2000 * MS)
		t_fail("wait(%d) returned after %.3f ms", timeout_ms, (double)ns / 1e6);
	T_UEQ(t.cons->need_wakeup, 0);
}

static bool readable(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN);
}

static void ring(void)
{
	uint64_t one = 1;

	T_EQ(write(t.efd, &one, sizeof(one)), (ssize_t)sizeof(one));
}

static void drain_doorbell(void)
{
	uint64_t v;

	while (read(t.efd, &v, sizeof(v)) == (ssize_t)sizeof(v))
		;
}

static void consume_all(void)
{
	struct uio_ring_record recs[16];
	int n;

	while ((n = uio_ring_peek(t.r, recs, 16)) > 0)
		T_EQ(uio_ring_release(t.r, (unsigned int)n), 0);
	T_EQ(n, 0);
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Helper thread: after delay_ms, commit a record / ring / signal. */
enum action { COMMIT, SPURIOUS, SIGNAL };
struct helper {
	pthread_t th, target;
	enum action what;
	unsigned int delay_ms;
	volatile int stop;
};

static void *helper_fn(void *arg)
{
	struct helper *h = arg;

	sleep_ms(h->delay_ms);
	switch (h->what) {
	case COMMIT:
		t_put(t.p, 24, 1, 0, false);
		break;
	case SPURIOUS:
		/* doorbells without records, every 0.3 ms, until told to stop */
		while (!__atomic_load_n(&h->stop, __ATOMIC_RELAXED)) {
			ring();
			usleep(300);
		}
		break;
	case SIGNAL:
		pthread_kill(h->target, SIGUSR1);
		break;
	}
	return NULL;
}

static void helper_start(struct helper *h, enum action what, unsigned int delay_ms)
{
	memset(h, 0, sizeof(*h));
	h->what = what;
	h->delay_ms = delay_ms;
	h->target = pthread_self();
	T_EQ(pthread_create(&h->th, NULL, helper_fn, h), 0);
}

static void helper_join(struct helper *h)
{
	__atomic_store_n(&h->stop, 1, __ATOMIC_RELAXED);
	T_EQ(pthread_join(h->th, NULL), 0);
}

static volatile sig_atomic_t got_signal;

static void on_usr1(int sig)
{
	(void)sig;
	got_signal = 1;
}

/* SIGUSR1 sets got_signal, without SA_RESTART; got_signal starts at 0. */
static void catch_usr1(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };

	sigemptyset(&sa.sa_mask);
	T_EQ(sigaction(SIGUSR1, &sa, NULL), 0);
	got_signal = 0;
}

static void test_timeouts(void)
{
	int i;

	t_case = "timeout";
	T_EQ(uio_ring_wait(t.r, 0), 0);
	expect_timeout(200);
	t_case = "timeout, 3 in a row";
	for (i = 0; i < 3; i++)
		expect_timeout(200);
	t_case = "timeout with a stale doorbell";
	ring();
	expect_timeout(200);
	T_ASSERT(!readable(t.efd), "the stale doorbell is still pending");
	t_case = "timeout with 3 stale doorbells";
	ring();
	ring();
	ring();
	expect_timeout(200);
	t_case = "short timeouts";
	for (i = 0; i < 20; i++)
		expect_timeout(1 + i % 3);
	T_UEQ(t_stats(t.r).notifications, 0);
}

static void test_spurious(void)
{
	struct helper h;

	t_case = "timeout with spurious doorbells";
	helper_start(&h, SPURIOUS, 0);
	expect_timeout(200);
	expect_timeout(50);
	helper_join(&h);
	drain_doorbell();
	T_UCMP(t_stats(t.r).wakeups, >, 10);
}

static void test_wakeup(void)
{
	struct uio_ring_stats st0 = t_stats(t.r), st;
	struct uio_ring_record rec;
	struct helper h;
	uint64_t t0, ms;
	int ret, round;

	for (round = 0; round < 5; round++) {
		t_case = "wakeup by a commit";
		t0 = t_now_ns();
		helper_start(&h, COMMIT, 50 + 20 * round);
		ret = uio_ring_wait(t.r, round == 4 ? -1 : 5000);
		ms = ms_since(t0);
		helper_join(&h);
		T_EQ(ret, 1);
		T_UCMP(ms, >=, 50 + 20 * round);
		T_UCMP(ms, <, 1000 + 20 * round);
		T_UEQ(t.cons->need_wakeup, 0);
		T_EQ(uio_ring_peek(t.r, &rec, 1), 1);
		T_EQ(rec.len, 24);
		T_EQ(uio_ring_release(t.r, 1), 0);
	}
	st = t_stats(t.r);
	T_UEQ(st.notifications, st0.notifications + 5);
	T_UCMP(st.wakeups, >=, st0.wakeups + 5);

	t_case = "wait with a record ready";
	t_put(t.p, 8, 1, 0, false);
	t0 = t_now_ns();
	T_EQ(uio_ring_wait(t.r, 5000), 1);
	T_EQ(uio_ring_wait(t.r, -1), 1);
	T_EQ(uio_ring_wait(t.r, 0), 1);
	T_UCMP(ms_since(t0), <, 100);
	T_UEQ(t_stats(t.r).notifications, st.notifications);
	consume_all();

	t_case = "no doorbells while the consumer is not waiting";
	st = t_stats(t.r);
	for (round = 0; round < 100; round++)
		t_put(t.p, 8, 1, 0, false);
	T_UEQ(t_stats(t.r).notifications, st.notifications);
	T_ASSERT(!readable(t.efd), "doorbell rung for a consumer that is not waiting");
	consume_all();
}

static void test_eintr(void)
{
	struct helper h;
	uint64_t t0, ms;
	int ret;

	t_case = "EINTR";
	catch_usr1();
	t0 = t_now_ns();
	helper_start(&h, SIGNAL, 100);
	ret = uio_ring_wait(t.r, 5000);
	ms = ms_since(t0);
	helper_join(&h);
	T_EQ(ret, -EINTR);
	T_EQ(got_signal, 1);
	T_UCMP(ms, >=, 100);
	T_UCMP(ms, <, 2000);
	T_UEQ(t.cons->need_wakeup, 0);
	T_ASSERT(uio_ring_errmsg()[0], "no errmsg for EINTR");
	/* forever, too */
	got_signal = 0;
	helper_start(&h, SIGNAL, 50);
	ret = uio_ring_wait(t.r, -1);
	helper_join(&h);
	T_EQ(ret, -EINTR);
	T_EQ(got_signal, 1);
	/* and the ring still works */
	expect_timeout(20);
}

static bool blocked(int sig)
{
	sigset_t cur;

	T_EQ(pthread_sigmask(SIG_SETMASK, NULL, &cur), 0);
	return sigismember(&cur, sig) == 1;
}

/*
 * uio_ring_pwait(): SIGUSR1 is blocked, so it cannot land between a check
 * and the sleep; it is pending when the wait begins, and only pwait, which
 * unblocks it for the sleep, sees it.
 */
static void test_pwait(void)
{
	sigset_t usr1, during;
	struct helper h;
	uint64_t t0, ms;
	int ret;

	t_case = "pwait";
	catch_usr1();
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	T_EQ(pthread_sigmask(SIG_BLOCK, &usr1, &during), 0);
	sigdelset(&during, SIGUSR1);
	T_EQ(pthread_kill(pthread_self(), SIGUSR1), 0);	/* pending now */
	T_EQ(got_signal, 0);

	/* uio_ring_wait() keeps it blocked: the wait runs its full time. */
	t0 = t_now_ns();
	T_EQ(uio_ring_wait(t.r, 100), 0);
	T_UCMP(ms_since(t0), >=, 100);
	T_EQ(got_signal, 0);

	/* Records ready: pwait returns 1 without sleeping; still pending. */
	t_put(t.p, 8, 1, 0, false);
	T_EQ(uio_ring_pwait(t.r, 5000, &during), 1);
	T_EQ(got_signal, 0);
	consume_all();

	/* Empty: pwait unblocks it for the sleep and returns -EINTR at once. */
	t0 = t_now_ns();
	ret = uio_ring_pwait(t.r, 5000, &during);
	ms = ms_since(t0);
	T_EQ(ret, -EINTR);
	T_EQ(got_signal, 1);
	T_UCMP(ms, <, 2000);
	T_UEQ(t.cons->need_wakeup, 0);
	T_ASSERT(uio_ring_errmsg()[0], "no errmsg for EINTR");
	T_ASSERT(blocked(SIGUSR1), "pwait did not restore the signal mask");

	/* A mask that keeps it blocked: a commit still wakes pwait. */
	got_signal = 0;
	helper_start(&h, COMMIT, 50);
	t0 = t_now_ns();
	ret = uio_ring_pwait(t.r, 5000, NULL);
	ms = ms_since(t0);
	helper_join(&h);
	T_EQ(ret, 1);
	T_UCMP(ms, <, 2000);
	consume_all();
	/* ... and a signal sent meanwhile waits, blocked, until pwait's next sleep. */
	helper_start(&h, SIGNAL, 20);
	t0 = t_now_ns();
	T_EQ(uio_ring_pwait(t.r, 150, NULL), 0);	/* NULL: the mask as it is */
	T_UCMP(ms_since(t0), >=, 150);
	helper_join(&h);
	T_EQ(got_signal, 0);
	T_EQ(uio_ring_pwait(t.r, 5000, &during), -EINTR);
	T_EQ(got_signal, 1);

	T_EQ(pthread_sigmask(SIG_UNBLOCK, &usr1, NULL), 0);
	T_EQ(uio_ring_pwait(NULL, 0, &during), -EINVAL);
	expect_timeout(20);
}

/* The event loop API: fd, arm, ack. */
static void test_event_loop(void)
{
	struct uio_ring_stats st0 = t_stats(t.r);
	int fd = uio_ring_fd(t.r);

	t_case = "event loop";
	T_CMP(fd, >=, 0);
	T_ASSERT(!readable(fd), "doorbell readable on an idle ring");
	T_EQ(uio_ring_arm(t.r), 0);
	T_UEQ(t.cons->need_wakeup, 1);
	t_put(t.p, 8, 1, 0, false);
	T_UEQ(t.cons->need_wakeup, 0);
	T_ASSERT(readable(fd), "no doorbell after a commit to an armed ring");
	t_put(t.p, 8, 1, 0, false);
	T_UEQ(t_stats(t.r).notifications, st0.notifications + 1);
	T_EQ(uio_ring_ack(t.r), 0);
	T_ASSERT(!readable(fd), "doorbell still readable after ack");
	T_EQ(uio_ring_ack(t.r), 0);	/* nothing to read: still fine */
	/* arm with records ready says so and does not arm */
	T_EQ(uio_ring_arm(t.r), 1);
	T_UEQ(t.cons->need_wakeup, 0);
	consume_all();
	T_EQ(uio_ring_arm(t.r), 0);
	/* an uncommitted record is not ready */
	{
		void *p = t_reserve(t.p, 8, 1, 0);

		T_ASSERT(p, "reserve");
		T_EQ(uio_ring_arm(t.r), 0);
		T_ASSERT(!readable(fd), "doorbell on reserve");
		uio_ring_commit(t.p, p);
		T_ASSERT(readable(fd), "no doorbell on commit");
	}
	/* a discard rings too: the consumer must look to skip it */
	T_EQ(uio_ring_ack(t.r), 0);
	consume_all();
	T_EQ(uio_ring_arm(t.r), 0);
	t_put(t.p, 8, 1, 0, true);
	T_ASSERT(readable(fd), "no doorbell on discard");
	T_EQ(uio_ring_ack(t.r), 0);
	consume_all();
	T_UEQ(t_stats(t.r).notifications, st0.notifications + 3);
	T_UEQ(t_stats(t.r).pending_bytes, 0);
	T_EQ(uio_ring_arm(NULL), -EINVAL);
	T_EQ(uio_ring_ack(NULL), -EINVAL);
	T_EQ(uio_ring_fd(NULL), -EINVAL);
	T_EQ(uio_ring_wait(NULL, 0), -EINVAL);
	T_EQ(uio_ring_ack(t.r), 0);
}

int main(void)
{
	uint64_t t0 = t_now_ns();

	t_watchdog(60);
	t_ring_init(&t, "wait", DS, true);
	test_timeouts();
	test_wakeup();
	test_eintr();
	test_pwait();
	test_event_loop();
	/* last: the helper thread keeps ringing the doorbell */
	test_spurious();
	t_ring_fini(&t);
	printf("PASS: wait (%.2f s)\n", (double)(t_now_ns() - t0) / 1e9);
	return T_PASS;
}
