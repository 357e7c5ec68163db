// SPDX-License-Identifier: MIT
/*
 * One consumer per ring: a second consumer gets -EBUSY naming the
 * holder's pid (also from another process), observers attach alongside,
 * and once the consumer closes (or dies) a new one attaches and finds the
 * records it left.
 */
#include <sys/wait.h>

#include "test.h"

#define DS (16 * 1024u)

/* consumer position after the first n records of length 0, 10, 20, ... */
static uint64_t pos_after(unsigned int n)
{
	uint64_t pos = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		pos += UIO_RING_REC_SIZE(i * 10);
	return pos;
}

static void expect_busy(struct t_ring *t, pid_t holder)
{
	struct uio_ring *r2 = (void *)1;
	char pid[32];
	int ret;

	ur_error_clear();
	ret = uio_ring_open_fd(t->fd, t->efd, 0, &r2);
	T_EQ(ret, -EBUSY);
	T_ASSERT(r2 == (void *)1, "a failed attach stored a ring");
	snprintf(pid, sizeof(pid), "%d", (int)holder);
	T_ASSERT(strstr(uio_ring_errmsg(), pid), "errmsg \"%s\" does not name pid %s",
		 uio_ring_errmsg(), pid);
	T_ASSERT(strstr(uio_ring_errmsg(), "in use"), "errmsg \"%s\"", uio_ring_errmsg());
}

int main(void)
{
	struct uio_ring_record recs[16];
	struct uio_ring_stats st;
	struct uio_ring *o1, *o2, *r;
	struct t_ring t;
	int i, n, pfd[2], status;
	pid_t child;
	char c;

	t_watchdog(60);
	t_ring_init(&t, "busy", DS, true);
	for (i = 0; i < 10; i++)
		t_put(t.p, (uint32_t)i * 10, 1, 0, false);
	T_EQ(uio_ring_peek(t.r, recs, 3), 3);
	T_EQ(uio_ring_release(t.r, 3), 0);

	t_case = "second consumer in the same process";
	expect_busy(&t, getpid());
	expect_busy(&t, getpid());
	/* the failed attempts did not disturb the consumer */
	T_EQ(t.cons->owner_pid, getpid());
	T_UEQ(t.cons->consumer_pos, pos_after(3));

	t_case = "observers alongside";
	T_OK(uio_ring_open_fd(t.fd, t.efd, UIO_RING_OPEN_OBSERVE, &o1));
	T_OK(uio_ring_open_fd(t.fd, t.efd, UIO_RING_OPEN_OBSERVE, &o2));
	T_OK(uio_ring_get_stats(o1, &st));
	T_UEQ(st.produced, 10);
	T_UEQ(st.pending_bytes, t.ctrl->producer_pos - (pos_after(3)));
	uio_ring_close(o2);
	expect_busy(&t, getpid());

	t_case = "second consumer in another process";
	child = fork();
	T_ASSERT(child >= 0, "fork");
	if (child == 0) {
		struct uio_ring *cr = NULL;
		int ret = uio_ring_open_fd(t.fd, t.efd, 0, &cr);
		char pid[32];

		snprintf(pid, sizeof(pid), "pid %d", (int)getppid());
		if (ret != -EBUSY || !strstr(uio_ring_errmsg(), pid)) {
			fprintf(stderr, "FAIL: child: attach %d, errmsg \"%s\", want -EBUSY "
				"naming %s\n", ret, uio_ring_errmsg(), pid);
			_exit(1);
		}
		_exit(0);
	}
	T_EQ(waitpid(child, &status, 0), child);
	T_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status 0x%x", status);

	t_case = "new consumer after close";
	uio_ring_close(t.r);
	t.r = NULL;
	T_OK(uio_ring_open_fd(t.fd, t.efd, 0, &t.r));
	n = uio_ring_peek(t.r, recs, 16);
	T_EQ(n, 7);
	for (i = 0; i < n; i++)
		t_check_rec(t.r, &recs[i], 3 + (uint64_t)i, (uint32_t)(3 + i) * 10);
	T_EQ(uio_ring_release(t.r, 2), 0);
	expect_busy(&t, getpid());
	/* the observer that stayed sees the new consumer's progress */
	T_OK(uio_ring_get_stats(o1, &st));
	T_UEQ(st.pending_bytes, t.ctrl->producer_pos - t.cons->consumer_pos);
	T_UEQ(t.cons->consumer_pos, pos_after(5));
	uio_ring_close(o1);

	t_case = "a consumer process that dies";
	uio_ring_close(t.r);
	t.r = NULL;
	T_EQ(pipe(pfd), 0);
	child = fork();
	T_ASSERT(child >= 0, "fork");
	if (child == 0) {
		struct uio_ring *cr = NULL;

		close(pfd[0]);
		if (uio_ring_open_fd(t.fd, t.efd, 0, &cr) || uio_ring_peek(cr, recs, 1) != 1 ||
		    uio_ring_release(cr, 1))
			_exit(1);
		if (write(pfd[1], "x", 1) != 1)
			_exit(1);
		pause();	/* killed by the parent, lock held */
		_exit(1);
	}
	close(pfd[1]);
	T_EQ(read(pfd[0], &c, 1), 1);
	close(pfd[0]);
	expect_busy(&t, child);
	T_EQ(kill(child, SIGKILL), 0);
	T_EQ(waitpid(child, &status, 0), child);
	T_OK(uio_ring_open_fd(t.fd, t.efd, 0, &r));
	T_EQ(uio_ring_peek(r, recs, 16), 4);
	t_check_rec(r, &recs[0], 6, 60);
	T_EQ(uio_ring_release(r, 4), 0);
	T_EQ(uio_ring_peek(r, recs, 16), 0);
	t.r = r;
	t_ring_fini(&t);
	printf("PASS: busy\n");
	return T_PASS;
}
