// SPDX-License-Identifier: MIT
/*
 * The plain peers that both host benches (ring-bench, peer-bench) measure
 * the ring against: a pipe, what two processes use without any library,
 * and memcpy, the machine's limit on moving the same bytes.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <unistd.h>

#include "peer-bench.h"

struct pipe_run {
	struct peer_run *r;
	int fds[2];
	pthread_barrier_t start;
	uint64_t t0, t1, bytes;
};

/* One write() per record, the pattern copied into a buffer first. */
static void *pipe_writer(void *arg)
{
	struct pipe_run *p = arg;
	struct peer_run *r = p->r;
	uint8_t *buf = malloc(r->size);
	uint64_t k, csw;

	CHECK(buf, "out of memory");
	csw = peer_thread_start(r->cpu_prod, &p->start);
	p->t0 = bench_now_ns();
	for (k = 0; k < r->count; k++) {
		size_t off = 0;

		memcpy(buf, uio_ring_test_payload(peer_table, k), r->size);
		while (off < r->size) {
			ssize_t n = write(p->fds[1], buf + off, r->size - off);

			CHECK(n > 0, "pipe write: %s", strerror(errno));
			off += (size_t)n;
		}
	}
	close(p->fds[1]);
	PEER_ADD_PREEMPTED(&r->preempted, csw);
	free(buf);
	return NULL;
}

/* Reads of PEER_PIPE_READ bytes, whatever records they cut, every byte compared. */
static void *pipe_reader(void *arg)
{
	struct pipe_run *p = arg;
	struct peer_run *r = p->r;
	uint8_t *buf = malloc(PEER_PIPE_READ);
	uint64_t k = 0;		/* record of the next byte */
	uint32_t i = 0;		/* its offset in that record */
	uint64_t csw;

	CHECK(buf, "out of memory");
	csw = peer_thread_start(r->cpu_cons, &p->start);
	for (;;) {
		ssize_t n = read(p->fds[0], buf, PEER_PIPE_READ);
		const uint8_t *b = buf;

		CHECK(n >= 0, "pipe read: %s", strerror(errno));
		if (n == 0)
			break;
		p->bytes += (uint64_t)n;
		while (n > 0) {
			uint32_t m = r->size - i < (uint64_t)n ? r->size - i : (uint32_t)n;

			if (memcmp(b, uio_ring_test_payload(peer_table, k) + i, m))
				r->bad++;
			b += m;
			n -= m;
			i += m;
			if (i == r->size) {
				i = 0;
				k++;
			}
		}
	}
	p->t1 = bench_now_ns();
	PEER_ADD_PREEMPTED(&r->preempted, csw);
	free(buf);
	return NULL;
}

int peer_pipe_run(struct peer_run *r)
{
	struct pipe_run p = { .r = r };
	pthread_t tw, tr;

	CHECK(pipe2(p.fds, O_CLOEXEC) == 0, "pipe: %s", strerror(errno));
	pthread_barrier_init(&p.start, NULL, 2);
	CHECK(pthread_create(&tr, NULL, pipe_reader, &p) == 0, "pthread_create");
	CHECK(pthread_create(&tw, NULL, pipe_writer, &p) == 0, "pthread_create");
	pthread_join(tw, NULL);
	pthread_join(tr, NULL);
	pthread_barrier_destroy(&p.start);
	close(p.fds[0]);
	r->secs = (double)(p.t1 - p.t0) / 1e9;
	if (p.bytes != r->count * r->size) {
		snprintf(r->err, sizeof(r->err), "%" PRIu64 " bytes read, want %" PRIu64,
			 p.bytes, r->count * r->size);
		return -1;
	}
	return 0;
}

double peer_memcpy_secs(uint8_t *dst, const uint8_t *src, uint32_t size, uint64_t stride,
			uint64_t mask, uint64_t count)
{
	uint64_t k, off = 0, t0 = bench_now_ns();

	for (k = 0; k < count; k++) {
		memcpy(dst + off, src + off, size);
		/* The copy is used: the compiler may not drop it. */
		__asm__ __volatile__("" : : "r"(dst) : "memory");
		off = (off + stride) & mask;
	}
	return (double)(bench_now_ns() - t0) / 1e9;
}
