// SPDX-License-Identifier: MIT
/*
 * The doorbell, of every kind of ring: what it may be, ringing it (a
 * producer that finds need_wakeup set) and draining it (the consumer, in
 * uio_ring_ack()). A module ring's doorbell is its /dev/uioN: writing a
 * 4-byte 1 makes the module signal a UIO event, reading takes the 4-byte
 * event count. A ring file's is a FIFO beside it, a memfd ring's an
 * eventfd: any write makes it readable, and the consumer reads it empty.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/*
 * What a doorbell may be: a FIFO (a pipe too) or, for a descriptor passed
 * in, an eventfd. Anything else would never be drained by uio_ring_ack()
 * (a regular file, /dev/zero: readable, and read, for ever) or never wake
 * a poll(). An eventfd has no file type of its own: /proc tells.
 */
static bool ur_is_eventfd(int fd)
{
	static const char want[] = "anon_inode:[eventfd]";
	char link[64], target[sizeof(want)];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target));
	return n == (ssize_t)sizeof(want) - 1 && !memcmp(target, want, sizeof(want) - 1);
}

int ur_doorbell_check(int fd, bool eventfd_ok, int err, const char *what)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return ur_error(-errno, "%s: the doorbell: %s", what, strerror(errno));
	if (S_ISFIFO(st.st_mode) || (eventfd_ok && ur_is_eventfd(fd)))
		return 0;
	return ur_error(err, "%s: the doorbell is not a FIFO%s", what,
			eventfd_ok ? " or an eventfd" : "");
}

void ur_doorbell_ring(const struct ur_mapping *m)
{
	ssize_t ret;

	if (m->kind == UR_KIND_UIO) {
		/* The module turns this write into a UIO event. */
		int32_t one = 1;

		ret = write(m->doorbell_fd, &one, sizeof(one));
	} else {
		/* An eventfd adds it; a FIFO just becomes readable. */
		uint64_t one = 1;

		ret = write(m->doorbell_fd, &one, sizeof(one));
	}
	/* EAGAIN: a full eventfd or FIFO, which is readable anyway. */
	(void)ret;
}

/*
 * Read what woke the consumer: 0, or -errno (-EIO: the module's device
 * went away). EAGAIN is 0: nothing was there.
 */
int ur_doorbell_drain(const struct ur_mapping *m)
{
	uint64_t count = 0;
	ssize_t got;

	if (m->kind == UR_KIND_UIO) {
		got = read(m->doorbell_fd, &count, 4);
	} else {
		struct pollfd pfd = { .fd = m->doorbell_fd, .events = POLLIN };
		char buf[4096];
		int i;

		/*
		 * A passed doorbell may be blocking: read only what is there.
		 * And at most a FIFO's default capacity: producers that keep
		 * writing must not keep us here (what is left only makes the
		 * next poll return at once).
		 */
		got = 0;
		for (i = 0; i < 16 && got >= 0 && poll(&pfd, 1, 0) == 1 &&
			    (pfd.revents & POLLIN); i++)
			got = read(m->doorbell_fd, buf, sizeof(buf));
	}
	if (got >= 0 || errno == EAGAIN)
		return 0;
	return -errno;
}
