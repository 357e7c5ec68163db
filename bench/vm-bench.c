// SPDX-License-Identifier: MIT
/*
 * vm-bench: the guest side of part 2 of `make bench` (bench/vm-bench.sh runs
 * it in the QEMU guest; it is built as tests/vm/guest/vm-bench so that
 * tests/vm/run copies it in).
 *
 *   consume RING TOTAL READY_FILE   attach as the consumer, create READY_FILE,
 *                                   consume (peek/release, wait when empty)
 *                                   and compare every payload byte until TOTAL
 *                                   records were produced or dropped; print
 *                                   one "consume k=v ..." line
 *   emit EMIT_FILE COUNT SIZE       write "COUNT SIZE" to the emit attribute
 *                                   and print "emit start_ns=.. end_ns=.."
 *   header                          print the table's header
 *   row SIZE CPUS CONSUME_OUT EMIT_OUT...   print one table row from the
 *                                   outputs of consume and the emit writers
 *
 * Exit status: 0, or 1 with the reason on stderr (a wrong byte included).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uio-ring/uio-ring.h>

#include "scaffold.h"

#define MAX_SIZE	65536u
#define BATCH		256

/* Longer payloads (the emit attribute allows them) are checked byte by byte. */
static uint8_t table[UIO_RING_TEST_TABLE_SIZE(MAX_SIZE)];

static int bad_payload(const struct uio_ring_record *rec)
{
	const uint8_t *p = rec->data;
	uint32_t i;

	if (rec->type != UIO_RING_TYPE_TEST)
		return 1;
	if (rec->len <= MAX_SIZE)
		return memcmp(p, uio_ring_test_payload(table, rec->seq), rec->len) != 0;
	for (i = 0; i < rec->len; i++)
		if (p[i] != (uint8_t)(rec->seq + i))
			return 1;
	return 0;
}

static int cmd_consume(const char *spec, uint64_t total, const char *ready)
{
	struct uio_ring_record recs[BATCH];
	struct uio_ring_stats s0, s;
	struct uio_ring *ring;
	uint64_t got = 0, bad = 0, first = 0, last = 0, idle_since;
	int ret, fd, n, i;

	ret = uio_ring_open(spec, 0, &ring);
	CHECK(ret == 0, "uio_ring_open(%s): %s", spec, uio_ring_errmsg());
	/* Leftovers of an earlier run are not ours to count. */
	while ((n = uio_ring_peek(ring, recs, BATCH)) > 0)
		uio_ring_release(ring, (unsigned int)n);
	CHECK(n == 0, "draining: %s", uio_ring_errmsg());
	uio_ring_get_stats(ring, &s0);
	fd = open(ready, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0, "create %s: %s", ready, strerror(errno));
	close(fd);

	idle_since = bench_now_ns();
	for (;;) {
		n = uio_ring_peek(ring, recs, BATCH);
		CHECK(n >= 0, "peek: %s", uio_ring_errmsg());
		if (n > 0) {
			if (!first)
				first = bench_now_ns();
			for (i = 0; i < n; i++)
				bad += (uint64_t)bad_payload(&recs[i]);
			uio_ring_release(ring, (unsigned int)n);
			got += (uint64_t)n;
			last = idle_since = bench_now_ns();
			continue;
		}
		uio_ring_get_stats(ring, &s);
		if (s.produced + s.dropped - s0.produced - s0.dropped >= total &&
		    s.pending_bytes == 0)
			break;
		CHECK(bench_now_ns() - idle_since < 60000000000ull,
		      "no record for 60 s; %" PRIu64 " of %" PRIu64 " produced or dropped",
		      s.produced + s.dropped - s0.produced - s0.dropped, total);
		n = uio_ring_wait(ring, 100);
		CHECK(n >= 0, "wait: %s", uio_ring_errmsg());
	}
	uio_ring_get_stats(ring, &s);
	CHECK(bad == 0, "%" PRIu64 " records with a wrong payload byte or type", bad);
	CHECK(got == s.produced - s0.produced, "consumed %" PRIu64 ", produced %" PRIu64,
	      got, s.produced - s0.produced);
	printf("consume consumed=%" PRIu64 " produced=%" PRIu64 " dropped=%" PRIu64
	       " notifications=%" PRIu64 " wakeups=%" PRIu64 " missed=%" PRIu64
	       " first_ns=%" PRIu64 " last_ns=%" PRIu64 "\n",
	       got, s.produced - s0.produced, s.dropped - s0.dropped,
	       s.notifications - s0.notifications, s.wakeups - s0.wakeups,
	       s.missed - s0.missed, first, last);
	uio_ring_close(ring);
	return 0;
}

static int cmd_emit(const char *path, const char *count, const char *size)
{
	char buf[64];
	uint64_t t0, t1;
	ssize_t w;
	int fd = open(path, O_WRONLY);
	int len = snprintf(buf, sizeof(buf), "%s %s", count, size);

	CHECK(fd >= 0, "open %s: %s", path, strerror(errno));
	t0 = bench_now_ns();
	w = write(fd, buf, (size_t)len);
	t1 = bench_now_ns();
	CHECK(w == len, "write '%s' to %s: %s", buf, path, w < 0 ? strerror(errno) : "short");
	close(fd);
	printf("emit start_ns=%" PRIu64 " end_ns=%" PRIu64 " cpu=%d\n", t0, t1, sched_getcpu());
	return 0;
}

static void read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");

	CHECK(f, "open %s: %s", path, strerror(errno));
	CHECK(fgets(buf, (int)len, f), "%s: empty", path);
	fclose(f);
}

static void header(void)
{
	printf("%-7s %4s %12s %12s %9s %9s %8s %9s\n", "size", "CPUs", "produced/s",
	       "consumed/s", "cons/prod", "dropped", "notif/rec", "wakeups");
}

static int cmd_row(int argc, char **argv)
{
	uint64_t consumed, produced, dropped, notif, wakeups, missed, first, last;
	uint64_t start = UINT64_MAX, end = 0, t0, t1;
	unsigned int size = (unsigned int)atoi(argv[0]);
	double prod_rate, cons_rate;
	char line[512], sz[16];
	int i;

	read_line(argv[2], line, sizeof(line));
	CHECK(sscanf(line, "consume consumed=%" SCNu64 " produced=%" SCNu64
		     " dropped=%" SCNu64 " notifications=%" SCNu64 " wakeups=%" SCNu64
		     " missed=%" SCNu64 " first_ns=%" SCNu64 " last_ns=%" SCNu64,
		     &consumed, &produced, &dropped, &notif, &wakeups, &missed, &first,
		     &last) == 8, "%s: not a consume line: %s", argv[2], line);
	for (i = 3; i < argc; i++) {
		read_line(argv[i], line, sizeof(line));
		CHECK(sscanf(line, "emit start_ns=%" SCNu64 " end_ns=%" SCNu64, &t0, &t1) == 2,
		      "%s: not an emit line: %s", argv[i], line);
		start = t0 < start ? t0 : start;
		end = t1 > end ? t1 : end;
	}
	prod_rate = (double)produced / ((double)(end - start) / 1e9);
	cons_rate = last > first ? (double)consumed / ((double)(last - first) / 1e9) : 0;
	printf("%-7s %4s %10.3f M %10.3f M %9.2f %8.2f%% %9.4f %9" PRIu64 "\n",
	       bench_size_str(size, sz, sizeof(sz)), argv[1],
	       prod_rate / 1e6, cons_rate / 1e6, cons_rate / prod_rate,
	       100.0 * (double)dropped / (double)(produced + dropped ? produced + dropped : 1),
	       (double)notif / (double)(consumed ? consumed : 1), wakeups);
	return 0;
}

int main(int argc, char **argv)
{
	uio_ring_test_table(table, sizeof(table));
	if (argc == 5 && !strcmp(argv[1], "consume"))
		return cmd_consume(argv[2], strtoull(argv[3], NULL, 0), argv[4]);
	if (argc == 5 && !strcmp(argv[1], "emit"))
		return cmd_emit(argv[2], argv[3], argv[4]);
	if (argc == 2 && !strcmp(argv[1], "header")) {
		header();
		return 0;
	}
	if (argc >= 6 && !strcmp(argv[1], "row"))
		return cmd_row(argc - 2, argv + 2);
	fprintf(stderr, "usage: vm-bench consume RING TOTAL READY_FILE | emit EMIT_FILE COUNT SIZE"
		" | header | row SIZE CPUS CONSUME_OUT EMIT_OUT...\n");
	return 2;
}
