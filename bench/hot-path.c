// SPDX-License-Identifier: MIT
/*
 * hot-path: libuio-ring's record path on one thread, for instruction
 * counts (valgrind --tool=callgrind; perf stat where the machine has
 * counters). docs/PERFORMANCE.md shows how it is used.
 *
 *   hot-path [--size BYTES] [--records N] [--burst N] [--batch N] [--locked]
 *            [--reserve-one] [--fill] [--iter]
 *
 * A memfd ring of 1 MiB; rounds of: reserve + fill a burst of records,
 * uio_ring_commit_batch, until about half the ring is full, then peek,
 * compare every byte and release in batches until it is empty. Public API
 * only, as peer-bench's uio-ring method uses it; the producer is opened
 * UIO_RING_PRODUCER_SINGLE | _NO_DROP (--locked: _NO_DROP only). Bursts are
 * reserved with uio_ring_reserve_batch() where the library has it (a weak
 * reference), else (and with --reserve-one) with uio_ring_reserve().
 * --fill: the producer fills each burst in place with uio_ring_fill_begin /
 * _next / _end instead. --iter: the consumer uses the inline iterator
 * instead of peek/release.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uio-ring/uio-ring.h>

#include "scaffold.h"

#define MAX_SIZE	65536u

static uint8_t table[UIO_RING_TEST_TABLE_SIZE(MAX_SIZE)];

int uio_ring_reserve_batch(struct uio_ring_producer *p, uint32_t len, uint16_t type,
			   uint16_t flags, void **payloads, unsigned int n) __attribute__((weak));

static void usage(void)
{
	FAIL("usage: hot-path [--size BYTES] [--records N] [--burst N] "
	     "[--batch N] [--locked] [--reserve-one] [--fill] [--iter]");
}

int main(int argc, char **argv)
{
	unsigned int size = 64, burst = 32, batch = 256, flags;
	uint64_t records = 1000000, sent = 0, got = 0, ring_bytes = 1u << 20, half;
	struct uio_ring_producer *prod;
	struct uio_ring_record *recs;
	struct uio_ring *ring;
	void *payloads[1024];
	int fd, efd, i, ret, one = !uio_ring_reserve_batch, iter = 0;
	int use_fill = 0, locked = 0;
	const struct bench_opt opts[] = {
		{ "--size", BENCH_UINT, &size, NULL },
		{ "--records", BENCH_U64, &records, NULL },
		{ "--burst", BENCH_UINT, &burst, NULL },
		{ "--batch", BENCH_UINT, &batch, NULL },
		{ "--locked", BENCH_FLAG, &locked, NULL },
		{ "--reserve-one", BENCH_FLAG, &one, NULL },
		{ "--fill", BENCH_FLAG, &use_fill, NULL },
		{ "--iter", BENCH_FLAG, &iter, NULL },
	};

	bench_options(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), usage);
	flags = locked ? UIO_RING_PRODUCER_NO_DROP :
		UIO_RING_PRODUCER_SINGLE | UIO_RING_PRODUCER_NO_DROP;
	CHECK(size >= 1 && size <= MAX_SIZE && burst >= 1 && burst <= 1024 && batch >= 1 &&
	      batch <= 1024, "bad arguments");
	uio_ring_test_table(table, sizeof(table));
	recs = calloc(batch, sizeof(*recs));
	CHECK(recs, "out of memory");
	ret = uio_ring_memfd_create("hot-path", ring_bytes, &fd, &efd);
	CHECK(ret == 0, "uio_ring_memfd_create: %s", uio_ring_errmsg());
	CHECK(uio_ring_producer_open_fd(fd, efd, flags, &prod) == 0, "producer: %s",
	      uio_ring_errmsg());
	CHECK(uio_ring_open_fd(fd, efd, 0, &ring) == 0, "consumer: %s", uio_ring_errmsg());
	half = ring_bytes / 2 / UIO_RING_REC_SIZE(size);

	while (got < records) {
		uint64_t fill = 0;

		while (fill < half && sent < records) {
			unsigned int k, n = burst;

			if (n > records - sent)
				n = (unsigned int)(records - sent);
			if (use_fill) {
				struct uio_ring_fill f;
				void *payload;

				ret = uio_ring_fill_begin(prod, size, UIO_RING_TYPE_TEST, 0, n, &f);
				CHECK(ret > 0, "fill_begin: %s", uio_ring_errmsg());
				for (k = 0; (payload = uio_ring_fill_next(&f)); k++)
					memcpy(payload, uio_ring_test_payload(table, sent + k), size);
				CHECK(uio_ring_fill_end(prod, &f) == ret, "fill_end: %s",
				      uio_ring_errmsg());
				sent += (unsigned int)ret;
				fill += (unsigned int)ret;
				continue;
			}
			if (!one) {
				ret = uio_ring_reserve_batch(prod, size, UIO_RING_TYPE_TEST, 0,
							     payloads, n);
				CHECK(ret > 0, "reserve_batch: %s", uio_ring_errmsg());
				n = (unsigned int)ret;
			}
			for (k = 0; k < n; k++) {
				if (one) {
					ret = uio_ring_reserve(prod, size, UIO_RING_TYPE_TEST, 0,
							       &payloads[k]);
					CHECK(ret == 0, "reserve: %s", uio_ring_errmsg());
				}
				memcpy(payloads[k], uio_ring_test_payload(table, sent + k), size);
			}
			CHECK(uio_ring_commit_batch(prod, payloads, n) == 0, "commit: %s",
			      uio_ring_errmsg());
			sent += n;
			fill += n;
		}
		while (iter && got < sent) {
			struct uio_ring_record rec;
			struct uio_ring_iter it;
			unsigned int k;

			CHECK(uio_ring_iter_begin(ring, &it) > 0, "iter_begin: %s", uio_ring_errmsg());
			for (k = 0; k < batch && uio_ring_iter_next(&it, &rec); k++, got++)
				CHECK(rec.seq == got && rec.len == size &&
				      !memcmp(rec.data, uio_ring_test_payload(table, got), size),
				      "record %" PRIu64 " is wrong", got);
			CHECK(uio_ring_iter_end(ring, &it) == (int)k, "iter_end");
		}
		while (got < sent) {
			int n = uio_ring_peek(ring, recs, batch);

			CHECK(n > 0, "peek: %d", n);
			for (i = 0; i < n; i++)
				CHECK(recs[i].seq == got + (uint64_t)i && recs[i].len == size &&
				      !memcmp(recs[i].data,
					      uio_ring_test_payload(table, got + (uint64_t)i), size),
				      "record %" PRIu64 " is wrong", got + (uint64_t)i);
			CHECK(uio_ring_release(ring, (unsigned int)n) == 0, "release");
			got += (uint64_t)n;
		}
	}
	uio_ring_close(ring);
	uio_ring_producer_close(prod);
	close(fd);
	close(efd);
	free(recs);
	printf("hot-path: %" PRIu64 " records of %u bytes, %s, %s\n", records, size,
	       use_fill ? "uio_ring_fill_*" : one ? "uio_ring_reserve" : "uio_ring_reserve_batch",
	       iter ? "uio_ring_iter_*" : "uio_ring_peek");
	return 0;
}
