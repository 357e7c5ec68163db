// SPDX-License-Identifier: MIT
/*
 * A producer in a child process over the memfd and the eventfd, the
 * consumer in the parent attached with uio_ring_open_fd: the same stream and
 * checks as spsc, across processes.
 */
#include <sys/wait.h>

#include "stream.h"

#define DS (128 * 1024u)

static pid_t child;

static bool child_alive(void)
{
	int status;

	return waitpid(child, &status, WNOHANG) == 0;
}

int main(void)
{
	struct stream_result res;
	struct uio_ring *r;
	uint64_t n, t0;
	int fd, efd, status;

	t_watchdog(150);
	n = stream_count(1000000);
	T_OK(ur_shm_create("fork", DS, &fd));
	efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	T_ASSERT(efd >= 0, "eventfd: %s", strerror(errno));
	T_OK(uio_ring_open_fd(fd, efd, 0, &r));
	t0 = t_now_ns();

	child = fork();
	T_ASSERT(child >= 0, "fork: %s", strerror(errno));
	if (child == 0) {
		struct uio_ring_producer *p;
		struct stream_end end;
		int ret;

		uio_ring_close(r);	/* the child has no business consuming */
		ret = uio_ring_producer_open_fd(fd, efd, 0, &p);
		if (ret) {
			fprintf(stderr, "FAIL: child: producer attach: %d %s\n", ret,
				uio_ring_errmsg());
			_exit(T_FAILED);
		}
		stream_produce(p, n, &end);
		uio_ring_producer_close(p);
		_exit(0);
	}
	stream_consume(r, &res, child_alive);
	T_EQ(waitpid(child, &status, 0), child);
	T_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		 "producer child: status 0x%x", status);
	t_case = "fork";
	T_UEQ(res.end.attempts, n);
	stream_check(&res, "fork");
	printf("PASS: fork (%.2f s)\n", (double)(t_now_ns() - t0) / 1e9);
	uio_ring_close(r);
	close(efd);
	close(fd);
	return T_PASS;
}
