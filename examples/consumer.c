// SPDX-License-Identifier: MIT
/*
 * consumer: the consuming half of a pair of processes that talk through a
 * uio-ring in shared memory, without the kernel module (producer.c is the
 * other half).
 *
 * What it shows:
 *   - making a ring file by path with uio_ring_shm_create(), which the
 *     producer then opens by the same path, and removing it at the end
 *     with uio_ring_shm_unlink();
 *   - the ring in an epoll(7) loop beside a signalfd: uio_ring_fd() is one
 *     more descriptor in the set; the loop consumes until the ring is
 *     empty, calls uio_ring_arm() (and consumes again if it returns 1),
 *     sleeps in epoll_wait(), and calls uio_ring_ack() when the ring's
 *     descriptor was readable (see uio_ring_wait(3));
 *   - records read in place with uio_ring_peek() / uio_ring_release(),
 *     checked, and missed records found from the gaps in their sequence
 *     numbers (uio_ring_get_stats()).
 *
 * Usage: consumer PATH
 * It prints "ready PATH" once the ring exists, then one line per 1000
 * messages with -v, and at the end "received N messages, missed M";
 * it ends when the producer's last record arrives, or on SIGINT/SIGTERM.
 *
 * Build it with the rest of the tree (make), or on its own against an
 * installed libuio-ring (there the header is <uio-ring/uio-ring.h>):
 *   cc -o consumer consumer.c $(pkg-config --cflags --libs libuio-ring)
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <uio-ring/uio-ring.h>

/* The record types of this pair of programs; see producer.c. */
#define MSG_TYPE_TEXT	0x100	/* struct msg, then the text */
#define MSG_TYPE_END	0x101	/* struct msg: index = messages sent */

struct msg {
	uint64_t index;		/* 0, 1, 2, ... per producer run */
};

#define BATCH 64		/* records per uio_ring_peek() */

struct state {
	struct uio_ring *ring;
	uint64_t received;	/* text messages */
	uint64_t next_index;	/* index expected next */
	uint64_t bad;		/* messages that are not what they should be */
	uint64_t wakeups;	/* times the doorbell woke the loop */
	bool ended;		/* the END record arrived */
	bool verbose;
};

static void report(const char *what, int err)
{
	fprintf(stderr, "consumer: %s: %s (%s)\n", what, uio_ring_strerror(err),
		uio_ring_errmsg());
}

/* One record, in place: valid until it is released. */
static void handle(struct state *s, const struct uio_ring_record *rec)
{
	char want[64];
	struct msg m;
	int n;

	if (rec->len < sizeof(m)) {
		s->bad++;
		return;
	}
	/* The payload is 8-byte aligned, but copying is the portable way. */
	memcpy(&m, rec->data, sizeof(m));
	if (rec->type == MSG_TYPE_END) {
		s->ended = true;
		if (m.index != s->received)
			fprintf(stderr, "consumer: the producer sent %" PRIu64
				" messages, %" PRIu64 " arrived\n", m.index, s->received);
		return;
	}
	if (rec->type != MSG_TYPE_TEXT) {
		s->bad++;
		return;
	}
	/* The text must be "message INDEX", and the indexes must follow. */
	n = snprintf(want, sizeof(want), "message %" PRIu64, m.index);
	if (m.index != s->next_index || rec->len != sizeof(m) + (uint32_t)n ||
	    memcmp((const char *)rec->data + sizeof(m), want, (size_t)n))
		s->bad++;
	s->next_index = m.index + 1;
	s->received++;
	if (s->verbose && s->received % 1000 == 0)
		printf("%" PRIu64 " messages, seq %" PRIu64 "\n", s->received, rec->seq);
}

/* Consume every ready record. Returns 0, or a negative errno. */
static int drain(struct state *s)
{
	struct uio_ring_record recs[BATCH];
	int n, i;

	while ((n = uio_ring_peek(s->ring, recs, BATCH)) > 0) {
		for (i = 0; i < n; i++)
			handle(s, &recs[i]);
		/* Hand the space back: the producer may overwrite it now. */
		n = uio_ring_release(s->ring, (unsigned int)n);
		if (n < 0)
			break;
	}
	return n;
}

/* A signalfd for SIGINT and SIGTERM: signals become events of the loop. */
static int signal_fd(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

static int run(struct state *s)
{
	struct epoll_event ev = { .events = EPOLLIN }, events[2];
	int ep, sfd, ret = 0;
	bool stop = false;

	sfd = signal_fd();
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (sfd < 0 || ep < 0) {
		perror("consumer: signalfd/epoll");
		return -errno;
	}
	ev.data.fd = uio_ring_fd(s->ring);
	if (epoll_ctl(ep, EPOLL_CTL_ADD, ev.data.fd, &ev) < 0)
		goto fail;
	ev.data.fd = sfd;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ev) < 0)
		goto fail;

	while (!s->ended && !stop) {
		int n, i;

		/* 1. Consume until the ring is empty. */
		ret = drain(s);
		if (ret < 0 || s->ended)
			break;
		/* 2. Ask for the doorbell; 1 means records arrived meanwhile. */
		ret = uio_ring_arm(s->ring);
		if (ret < 0)
			break;
		if (ret == 1)
			continue;
		/* 3. Sleep until the doorbell or a signal. */
		n = epoll_wait(ep, events, 2, -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		for (i = 0; i < n; i++) {
			if (events[i].data.fd == sfd) {
				stop = true;	/* what is in the ring is read first */
			} else {
				/* 4. Clear the doorbell, then consume again. */
				s->wakeups++;
				ret = uio_ring_ack(s->ring);
				if (ret < 0)
					stop = true;
			}
		}
	}
	if (ret >= 0 && stop)
		ret = drain(s);
	close(ep);
	close(sfd);
	return ret < 0 ? ret : 0;
fail:
	ret = -errno;
	perror("consumer: epoll");
	close(ep);
	close(sfd);
	return ret;
}

int main(int argc, char **argv)
{
	struct state s = { .ring = NULL };
	struct uio_ring_stats st;
	const char *path;
	int ret, argi = 1;

	if (argc > 1 && !strcmp(argv[1], "-v")) {
		s.verbose = true;
		argi++;
	}
	if (argc - argi != 1) {
		fprintf(stderr, "usage: consumer [-v] PATH\n");
		return 2;
	}
	path = argv[argi];

	/*
	 * The consumer makes the ring: 256 KiB of records, readable and
	 * writable by this user only. It must not exist yet.
	 */
	ret = uio_ring_shm_create(path, "example", 256 * 1024, 0600);
	if (ret < 0) {
		report(path, ret);
		return 1;
	}
	ret = uio_ring_open(path, 0, &s.ring);
	if (ret < 0) {
		report(path, ret);
		uio_ring_shm_unlink(path);
		return 1;
	}
	printf("ready %s\n", path);
	fflush(stdout);		/* whoever waits for it may read a pipe */

	ret = run(&s);
	if (ret < 0)
		report("consuming", ret);
	uio_ring_get_stats(s.ring, &st);
	printf("received %" PRIu64 " messages, missed %" PRIu64 ", bad %" PRIu64
	       ", woken %" PRIu64 " times%s\n", s.received, st.missed, s.bad, s.wakeups,
	       s.ended ? "" : " (stopped before the end)");
	uio_ring_close(s.ring);
	uio_ring_shm_unlink(path);
	return ret < 0 || s.bad || st.missed || !s.ended;
}
