/* SPDX-License-Identifier: MIT */
/*
 * A verifiable record stream between one producer and one consumer, in
 * threads (spsc.c) or processes (fork.c).
 *
 * The producer attempts n records; attempt i gets seq i (drops take a seq
 * too), payload length stream_len(i), flags i & 0xffff, bytes in the
 * UIO_RING_TYPE_TEST pattern; attempts with i % 101 == 50 are discarded.
 * A full ring drops the attempt, as the kernel does. At the end an END
 * record, retried until it fits, carries the producer's own counts.
 */
#ifndef UR_TEST_STREAM_H
#define UR_TEST_STREAM_H

#include <sched.h>

#include "test.h"

#define STREAM_TYPE_END 0x7e00

struct stream_end {
	uint64_t attempts;	/* test records attempted (n) */
	uint64_t drops;		/* of them dropped */
	uint64_t discards;	/* of them discarded */
	uint64_t end_drops;	/* END reserves that failed before this one */
};

static inline uint32_t stream_len(uint64_t i)
{
	uint32_t h = (uint32_t)(i * 2654435761u);

	if (i % 1000 == 999)
		return 2000 + h % 2048;		/* now and then a big one */
	return (h >> 8) % 300;
}

static inline bool stream_discard(uint64_t i)
{
	return i % 101 == 50;
}

/*
 * Batch streams (single.c, fill.c): batches of 1 to 31 records that never
 * cross a multiple of 32, all records of one of its first record's length.
 */
static inline uint32_t stream_batch_len(uint64_t seq)
{
	return stream_len(seq / 32 * 32);
}

/* How many records the batch at seq asks for, of the n - seq left. */
static inline unsigned int stream_batch_want(uint64_t seq, uint64_t n)
{
	unsigned int want = 1 + (unsigned int)(seq * 7 % 31), room = 32 - seq % 32;

	want = want < room ? want : room;
	return want < n - seq ? want : (unsigned int)(n - seq);
}


static inline void stream_produce(struct uio_ring_producer *p, uint64_t n, struct stream_end *end)
{
	struct stream_end *e;
	uint64_t i;

	memset(end, 0, sizeof(*end));
	end->attempts = n;
	for (i = 0; i < n; i++) {
		uint32_t len = stream_len(i);
		void *payload = t_reserve(p, len, UIO_RING_TYPE_TEST,
						    (uint16_t)i);
		uint64_t seq;

		if (!payload) {
			end->drops++;
			sched_yield();	/* let the consumer catch up */
			continue;
		}
		if (uio_ring_reserved_seq(p, &seq) < 0 || seq != i || t_hdr(payload)->seq != i) {
			fprintf(stderr, "FAIL: producer: attempt %" PRIu64 " got seq %" PRIu64 "\n",
				i, seq);
			exit(T_FAILED);
		}
		memcpy(payload, t_payload(seq), len);
		if (stream_discard(i)) {
			end->discards++;
			uio_ring_discard(p, payload);
		} else {
			uio_ring_commit(p, payload);
		}
	}
	while (!(e = t_reserve(p, sizeof(*e), STREAM_TYPE_END, 0))) {
		end->end_drops++;
		sched_yield();
	}
	*e = *end;
	uio_ring_commit(p, e);
}

struct stream_result {
	uint64_t records;	/* test records seen */
	uint64_t bytes;		/* payload bytes verified */
	uint64_t gaps;		/* seqs skipped between records */
	uint64_t waits, timeouts;
	struct stream_end end;
	struct uio_ring_stats st;
};

/*
 * Consume and verify until the END record. alive() is called when a wait
 * times out and says whether the producer can still finish.
 */
/* stream_consume() with the inline iterator instead of peek and release. */
static bool stream_iter;

static inline void stream_consume(struct uio_ring *r, struct stream_result *res,
				  bool (*alive)(void))
{
	struct uio_ring_record recs[64];
	struct uio_ring_iter it;
	uint64_t next = 0;	/* lowest seq acceptable next */
	bool done = false;

	memset(res, 0, sizeof(*res));
	while (!done) {
		int n, i, w;

		if (stream_iter) {
			n = uio_ring_iter_begin(r, &it);
			if (n > 0)
				for (n = 0; n < 64 && uio_ring_iter_next(&it, &recs[n]); n++)
					;
			if (n == 0)
				T_EQ(uio_ring_iter_end(r, &it), 0);
		} else {
			n = uio_ring_peek(r, recs, 64);
		}
		if (n < 0)
			t_fail("peek: %d %s", n, uio_ring_errmsg());
		if (n == 0) {
			res->waits++;
			w = uio_ring_wait(r, 2000);
			if (w < 0)
				t_fail("wait: %d %s", w, uio_ring_errmsg());
			if (w == 0) {
				res->timeouts++;
				T_ASSERT(alive && alive(), "the producer is gone without END");
				T_ASSERT(res->timeouts < 10, "no records for 20 s");
			}
			continue;
		}
		for (i = 0; i < n; i++) {
			const struct uio_ring_record *rec = &recs[i];

			if (rec->seq < next)
				t_fail("seq %" PRIu64 " after %" PRIu64, rec->seq, next - 1);
			res->gaps += rec->seq - next;
			next = rec->seq + 1;
			t_check_bounds(r, rec);
			if (rec->type == STREAM_TYPE_END) {
				T_EQ(rec->len, sizeof(res->end));
				memcpy(&res->end, rec->data, sizeof(res->end));
				T_EQ(i, n - 1);
				done = true;
				break;
			}
			if (rec->type != UIO_RING_TYPE_TEST || rec->len != stream_len(rec->seq) ||
			    rec->flags != (uint16_t)rec->seq || stream_discard(rec->seq))
				t_fail("record seq %" PRIu64 ": type %u len %u flags %u, want "
				       "type %u len %u flags %u%s", rec->seq, rec->type, rec->len,
				       rec->flags, UIO_RING_TYPE_TEST, stream_len(rec->seq),
				       (uint16_t)rec->seq,
				       stream_discard(rec->seq) ? " (and it was discarded)" : "");
			if (memcmp(rec->data, t_payload(rec->seq), rec->len)) {
				long bad = t_check(rec->data, rec->len, rec->seq);

				t_fail("record seq %" PRIu64 " len %u: byte %ld is 0x%02x, want 0x%02x",
				       rec->seq, rec->len, bad, ((const uint8_t *)rec->data)[bad],
				       (uint8_t)(rec->seq + (uint64_t)bad));
			}
			res->records++;
			res->bytes += rec->len;
		}
		if (stream_iter)
			T_EQ(uio_ring_iter_end(r, &it), n);
		else
			T_OK(uio_ring_release(r, (unsigned int)n));
	}
	T_EQ(uio_ring_peek(r, recs, 64), 0);
	res->st = t_stats(r);
}

/* The accounting every stream must balance. */
static inline void stream_check(const struct stream_result *res, const char *name)
{
	const struct stream_end *e = &res->end;
	const struct uio_ring_stats *st = &res->st;
	uint64_t drops = e->drops + e->end_drops;

	t_case = name;
	T_UEQ(res->records + e->discards + e->drops, e->attempts);
	T_UEQ(st->consumed, res->records + 1);
	T_UEQ(st->discarded, e->discards);
	T_UEQ(st->dropped, drops);
	T_UEQ(st->produced, e->attempts - e->drops + 1);
	T_UEQ(st->produced, st->consumed + st->discarded);
	T_UEQ(st->missed, st->dropped);
	T_UEQ(res->gaps, e->drops + e->end_drops + e->discards);
	T_UEQ(st->consumer_faults, 0);
	T_UEQ(st->pending_bytes, 0);
	printf("%s: %" PRIu64 " records (%" PRIu64 " MiB) verified, %" PRIu64 " discarded, %"
	       PRIu64 " dropped; %" PRIu64 " notifications (%.5f per record), %" PRIu64
	       " wakeups, %" PRIu64 " waits\n", name, res->records, res->bytes >> 20,
	       e->discards, drops, st->notifications,
	       (double)st->notifications / (double)(res->records + 1), st->wakeups, res->waits);
	/* Wakeup suppression: far fewer doorbells than records. */
	T_UCMP(st->notifications * 4, <, res->records);
}

/* Records to stream: n, or $UR_TEST_RECORDS. */
static inline uint64_t stream_count(uint64_t n)
{
	const char *env = getenv("UR_TEST_RECORDS");

	return env ? strtoull(env, NULL, 0) : n;
}

#endif /* UR_TEST_STREAM_H */
