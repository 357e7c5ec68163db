// SPDX-License-Identifier: MIT
/*
 * producer: the producing half of a pair of processes that talk through a
 * uio-ring in shared memory, without the kernel module (consumer.c is the
 * other half, and makes the ring).
 *
 * What it shows:
 *   - opening a ring by path with uio_ring_producer_open(): any number of
 *     producers, in any processes, may write into one ring at once;
 *   - writing a record in place: uio_ring_reserve() hands out a pointer
 *     into the ring, the record is filled there, and uio_ring_commit()
 *     publishes it (and rings the consumer's doorbell only if it sleeps);
 *   - what to do when the ring is full: with UIO_RING_PRODUCER_NO_DROP,
 *     reserve fails with -EAGAIN and changes nothing, so the producer
 *     waits a little and tries again (without it, the record would be
 *     dropped and counted, and reserve would fail with -ENOSPC);
 *   - never leaving a reservation behind: a reserved record that is not
 *     committed (or discarded) holds back every record after it.
 *
 * Usage: producer PATH [COUNT]
 * Sends COUNT messages (default 10000), "message 0", "message 1", ...,
 * then an end record with the count.
 *
 * Build it with the rest of the tree (make), or on its own against an
 * installed libuio-ring (there the header is <uio-ring/uio-ring.h>):
 *   cc -o producer producer.c $(pkg-config --cflags --libs libuio-ring)
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <uio-ring/uio-ring.h>

/* The record types of this pair of programs; see consumer.c. */
#define MSG_TYPE_TEXT	0x100	/* struct msg, then the text */
#define MSG_TYPE_END	0x101	/* struct msg: index = messages sent */

struct msg {
	uint64_t index;
};

/*
 * Reserve a record, waiting while the ring is full. Returns 0 and the
 * payload, or a negative errno.
 */
static int reserve_waiting(struct uio_ring_producer *p, uint32_t len, uint16_t type,
			   void **payload, uint64_t *waits)
{
	struct timespec pause = { .tv_sec = 0, .tv_nsec = 100000 };	/* 0.1 ms */
	int ret;

	while ((ret = uio_ring_reserve(p, len, type, 0, payload)) == -EAGAIN) {
		(*waits)++;
		nanosleep(&pause, NULL);
	}
	return ret;
}

int main(int argc, char **argv)
{
	uint64_t count = 10000, i, waits = 0;
	struct uio_ring_producer *p;
	struct msg m;
	void *payload;
	int ret;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: producer PATH [COUNT]\n");
		return 2;
	}
	if (argc == 3)
		count = strtoull(argv[2], NULL, 10);

	ret = uio_ring_producer_open(argv[1], UIO_RING_PRODUCER_NO_DROP, &p);
	if (ret < 0) {
		fprintf(stderr, "producer: %s: %s (%s)\n", argv[1], uio_ring_strerror(ret),
			uio_ring_errmsg());
		return 1;
	}
	for (i = 0; i <= count; i++) {
		char text[64] = "";
		int len = i < count ? snprintf(text, sizeof(text), "message %" PRIu64, i) : 0;

		ret = reserve_waiting(p, (uint32_t)(sizeof(m) + (size_t)len),
				      i < count ? MSG_TYPE_TEXT : MSG_TYPE_END, &payload, &waits);
		if (ret < 0)
			break;
		/* Fill the record where it lies in the ring... */
		m.index = i;
		memcpy(payload, &m, sizeof(m));
		memcpy((char *)payload + sizeof(m), text, (size_t)len);
		/* ...and publish it. */
		ret = uio_ring_commit(p, payload);
		if (ret < 0)
			break;
	}
	if (ret < 0)
		fprintf(stderr, "producer: %s: %s (%s)\n", argv[1], uio_ring_strerror(ret),
			uio_ring_errmsg());
	else
		printf("sent %" PRIu64 " messages, waited %" PRIu64 " times for room\n",
		       count, waits);
	uio_ring_producer_close(p);
	return ret < 0;
}
