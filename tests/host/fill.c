// SPDX-License-Identifier: MIT
/*
 * uio_ring_fill_begin / _next / _end, on both kinds of handle: what the
 * consumer and the control area see and when, records handed out and
 * not, the calls refused while a fill is open, ends that are not of the
 * open fill, close, full and corrupt rings, batches and pending records
 * before a fill; then a stream between two threads (also built with TSan)
 * that verifies every byte, with fills ended part way.
 */
#include <pthread.h>

#include "stream.h"

#define DS (64 * 1024u)
#define SINGLE UIO_RING_PRODUCER_SINGLE
#define NO_DROP UIO_RING_PRODUCER_NO_DROP

/* Hand out k records of f, each filled with the pattern of its seq. */
static void fill_some(struct uio_ring_fill *f, unsigned int k, uint32_t len)
{
	unsigned int i;

	for (i = 0; i < k; i++) {
		uint64_t seq = f->head.seq;
		void *payload = uio_ring_fill_next(f);

		T_ASSERT(payload != NULL, "fill_next: NULL at %u of %u", i, k);
		t_fill(payload, len, seq);
	}
}

/* The handle still works: one more record, with seq seq, reads back. */
static void put_one_more(struct t_ring *t, struct uio_ring_producer *p, uint64_t seq)
{
	T_UEQ(t_put(p, 8, UIO_RING_TYPE_TEST, 0, false), seq);
	t_expect_records(t, seq, 1, 8, UIO_RING_TYPE_TEST, 0);
}

static void nothing_ready(struct t_ring *t)
{
	struct uio_ring_record rec;

	T_EQ(uio_ring_peek(t->r, &rec, 1), 0);
}

/* All handed out: one publish at end, the headers written by fill_next. */
static void test_whole(unsigned int flags)
{
	const uint32_t len = 100, size = UIO_RING_REC_SIZE(len);
	struct uio_ring_fill f;
	struct uio_ring_producer *p;
	struct t_ring t;
	uint8_t *first;

	t_case = flags & SINGLE ? "single: whole fill" : "locked: whole fill";
	t_ring_init(&t, "fill", DS, true);
	p = t_producer_open(&t, flags | NO_DROP);
	T_EQ(uio_ring_fill_begin(p, len, 0x1234, 7, 5, &f), 5);
	T_UEQ(f.count, 5);
	T_UEQ(f.left, 5);
	T_UEQ(f.size, size);
	T_UEQ(f.head.seq, 0);
	if (flags & SINGLE) {
		/* Nothing published, no header written yet. */
		T_UEQ(t.ctrl->producer_pos, 0);
		T_UEQ(t.ctrl->produced, 0);
		T_UEQ(t.ctrl->producer_next_seq, 0);
		T_UEQ(((struct uio_ring_rec *)f.data)->len, 0);
	} else {
		/* Published at once, BUSY. */
		T_UEQ(t.ctrl->producer_pos, 5 * size);
		T_UEQ(t.ctrl->produced, 5);
		T_UEQ(t.ctrl->producer_next_seq, 5);
		T_UEQ(((struct uio_ring_rec *)f.data)->len, len | UIO_RING_REC_BUSY);
	}
	first = uio_ring_fill_next(&f);
	T_ASSERT(first == f.data + sizeof(struct uio_ring_rec), "first payload at %p",
		 (void *)first);
	t_fill(first, len, 0);
	if (flags & SINGLE) {
		T_UEQ(t_hdr(first)->len, len);	/* final, and still unpublished */
		T_UEQ(t_hdr(first)->seq, 0);
		T_UEQ(t.ctrl->producer_pos, 0);
	}
	fill_some(&f, 4, len);
	T_ASSERT(uio_ring_fill_next(&f) == NULL, "a sixth record handed out");
	T_UEQ(f.left, 0);
	nothing_ready(&t);
	T_EQ(uio_ring_fill_end(p, &f), 5);
	T_UEQ(t.ctrl->producer_pos, 5 * size);
	T_UEQ(t.ctrl->produced, 5);
	T_UEQ(t.ctrl->producer_next_seq, 5);
	t_expect_records(&t, 0, 5, len, 0x1234, 7);
	/* Ended: not twice, and the handle works as before. */
	T_EQ(uio_ring_fill_end(p, &f), -EINVAL);
	put_one_more(&t, p, 5);
	uio_ring_producer_close(p);
	t_ring_fini(&t);
}

/* Part handed out: those committed, the rest given back (or discarded). */
static void test_part(unsigned int flags)
{
	const uint32_t len = 40, size = UIO_RING_REC_SIZE(len);
	struct uio_ring_fill f;
	struct uio_ring_producer *p;
	struct t_ring t;
	uint64_t next;

	t_case = flags & SINGLE ? "single: part of a fill" : "locked: part of a fill";
	t_ring_init(&t, "fill", DS, true);
	p = t_producer_open(&t, flags | NO_DROP);
	T_EQ(uio_ring_fill_begin(p, len, UIO_RING_TYPE_TEST, 0, 8, &f), 8);
	fill_some(&f, 3, len);
	T_EQ(uio_ring_fill_end(p, &f), 3);
	t_expect_records(&t, 0, 3, len, UIO_RING_TYPE_TEST, 0);
	/* Single: the five given back are reserved again; locked: skipped. */
	next = flags & SINGLE ? 3 : 8;
	T_UEQ(t.ctrl->producer_pos, (flags & SINGLE ? 3 : 8) * size);
	T_UEQ(t.ctrl->produced, next);
	T_UEQ(t.ctrl->producer_next_seq, next);
	T_EQ(uio_ring_fill_begin(p, len, UIO_RING_TYPE_TEST, 0, 2, &f), 2);
	T_UEQ(f.head.seq, next);
	fill_some(&f, 2, len);
	T_EQ(uio_ring_fill_end(p, &f), 2);
	t_expect_records(&t, next, 2, len, UIO_RING_TYPE_TEST, 0);
	/* None handed out. */
	T_EQ(uio_ring_fill_begin(p, len, UIO_RING_TYPE_TEST, 0, 4, &f), 4);
	T_EQ(uio_ring_fill_end(p, &f), 0);
	nothing_ready(&t);
	next += 2 + (flags & SINGLE ? 0 : 4);
	T_UEQ(t.ctrl->producer_next_seq, next);
	put_one_more(&t, p, next);
	T_UEQ(t_stats(t.r).missed, 0);	/* discards are no gap */
	uio_ring_producer_close(p);
	t_ring_fini(&t);
}

/* While a fill is open, the handle's other reserve and commit calls wait. */
static void test_busy(unsigned int flags)
{
	struct uio_ring_fill f, g;
	struct uio_ring_producer *p;
	struct t_ring t;
	void *pl[2], *payload;
	uint64_t pos;

	t_case = flags & SINGLE ? "single: calls during a fill" : "locked: calls during a fill";
	t_ring_init(&t, "fill", DS, true);
	p = t_producer_open(&t, flags | NO_DROP);
	T_EQ(uio_ring_reserve_batch(p, 16, UIO_RING_TYPE_TEST, 0, pl, 1), 1);
	T_EQ(uio_ring_fill_begin(p, 16, UIO_RING_TYPE_TEST, 0, 2, &f), 2);
	pos = t.ctrl->producer_pos;
	payload = uio_ring_fill_next(&f);
	T_EQ(uio_ring_reserve(p, 16, UIO_RING_TYPE_TEST, 0, &payload), -EBUSY);
	T_EQ(uio_ring_reserve_batch(p, 16, UIO_RING_TYPE_TEST, 0, pl + 1, 1), -EBUSY);
	T_EQ(uio_ring_commit(p, pl[0]), -EBUSY);
	T_EQ(uio_ring_discard(p, pl[0]), -EBUSY);
	T_EQ(uio_ring_commit_batch(p, pl, 1), -EBUSY);
	T_EQ(uio_ring_fill_begin(p, 16, UIO_RING_TYPE_TEST, 0, 2, &g), -EBUSY);
	T_ASSERT(strstr(uio_ring_errmsg(), "fill is open") != NULL, "errmsg: %s",
		 uio_ring_errmsg());
	T_UEQ(t.ctrl->producer_pos, pos);
	T_UEQ(t.ctrl->dropped, 0);
	T_EQ(uio_ring_fill_end(p, &f), 1);
	/* The batch's record, reserved before the fill, is still to commit. */
	nothing_ready(&t);
	t_fill(pl[0], 16, 0);
	T_OK(uio_ring_commit(p, pl[0]));
	{
		struct uio_ring_record recs[4];

		T_EQ(uio_ring_peek(t.r, recs, 4), 2);
		t_check_rec(t.r, &recs[0], 0, 16);
		T_UEQ(recs[1].seq, 1);
		T_OK(uio_ring_release(t.r, 2));
	}
	uio_ring_producer_close(p);
	t_ring_fini(&t);
}

/* A record reserved one by one and not committed before a fill blocks it. */
static void test_pending_before(void)
{
	const uint32_t len = 24;
	struct uio_ring_fill f;
	struct uio_ring_producer *p;
	struct t_ring t;
	void *one;

	t_case = "single: a pending record before a fill";
	t_ring_init(&t, "fill", DS, true);
	p = t_producer_open(&t, SINGLE | NO_DROP);
	T_OK(uio_ring_reserve(p, len, UIO_RING_TYPE_TEST, 0, &one));
	T_EQ(uio_ring_fill_begin(p, len, UIO_RING_TYPE_TEST, 0, 3, &f), 3);
	T_UEQ(f.head.seq, 1);
	fill_some(&f, 3, len);
	T_EQ(uio_ring_fill_end(p, &f), 3);
	/* Published with the fill, BUSY: the consumer waits at it. */
	T_UEQ(t_hdr(one)->len, len | UIO_RING_REC_BUSY);
	nothing_ready(&t);
	t_fill(one, len, 0);
	T_OK(uio_ring_commit(p, one));
	t_expect_records(&t, 0, 4, len, UIO_RING_TYPE_TEST, 0);
	uio_ring_producer_close(p);
	t_ring_fini(&t);
}

/* Ends of a fill that is not the open one, or was changed. */
static void test_bad_end(unsigned int flags)
{
	const uint32_t len = 16, size = UIO_RING_REC_SIZE(len);
	struct uio_ring_fill f, copy;
	struct uio_ring_producer *p;
	struct t_ring t;
	void *payload;
	uint64_t seq;

	t_case = flags & SINGLE ? "single: bad fill ends" : "locked: bad fill ends";
	t_ring_init(&t, "fill", DS, true);
	p = t_producer_open(&t, flags | NO_DROP);
	memset(&f, 0, sizeof(f));
	T_EQ(uio_ring_fill_end(p, &f), -EINVAL);	/* none open */
	T_EQ(uio_ring_fill_end(NULL, &f), -EINVAL);
	T_EQ(uio_ring_fill_begin(p, len, UIO_RING_TYPE_TEST, 0, 4, &f), 4);
	T_EQ(uio_ring_fill_end(p, NULL), -EINVAL);
	/* A stale copy: refused, the open fill stays open. */
	copy = f;
	copy.check--;
	T_EQ(uio_ring_fill_end(p, &copy), -EINVAL);
	T_EQ(uio_ring_reserve(p, len, UIO_RING_TYPE_TEST, 0, &payload), -EBUSY);
	fill_some(&f, 2, len);
	/* Changed other than by fill_next: nothing committed, the fill ends. */
	copy = f;
	copy.left++;
	T_EQ(uio_ring_fill_end(p, &copy), -EINVAL);
	T_ASSERT(strstr(uio_ring_errmsg(), "changed") != NULL, "errmsg: %s", uio_ring_errmsg());
	T_EQ(uio_ring_fill_end(p, &f), -EINVAL);	/* ended by the one before */
	nothing_ready(&t);
	seq = flags & SINGLE ? 0 : 4;
	T_UEQ(t.ctrl->producer_next_seq, seq);
	T_UEQ(t.ctrl->producer_pos, seq * size);
	/* Each field end checks. */
	{
		static const char *const what[] = { "data", "mask", "pos", "seq", "len", "type",
						     "flags", "size", "count", "write_head" };
		unsigned int w;

		for (w = 0; w < sizeof(what) / sizeof(what[0]); w++) {
			T_EQ(uio_ring_fill_begin(p, len, UIO_RING_TYPE_TEST, 0, 4, &f), 4);
			fill_some(&f, 1, len);
			copy = f;
			switch (w) {
			case 0: copy.data += 8; break;
			case 1: copy.mask >>= 1; break;
			case 2: copy.pos += 8; break;
			case 3: copy.head.seq++; break;
			case 4: copy.head.len++; break;
			case 5: copy.head.type++; break;
			case 6: copy.head.flags++; break;
			case 7: copy.size += 8; break;
			case 8: copy.count++; break;
			case 9: copy.write_head = !copy.write_head; break;
			}
			T_ASSERT(uio_ring_fill_end(p, &copy) == -EINVAL, "a changed %s accepted",
				 what[w]);
		}
		seq += flags & SINGLE ? 0 : 4 * w;
	}
	nothing_ready(&t);
	put_one_more(&t, p, seq);
	uio_ring_producer_close(p);
	t_ring_fini(&t);
}

/* Close with a fill open: its records are given back, or discarded. */
static void test_close_open(unsigned int flags)
{
	const uint32_t len = 16, size = UIO_RING_REC_SIZE(len);
	struct uio_ring_fill f;
	struct uio_ring_producer *p;
	struct t_ring t;

	t_case = flags & SINGLE ? "single: close with a fill open" :
		"locked: close with a fill open";
	t_ring_init(&t, "fill", DS, true);
	p = t_producer_open(&t, flags | NO_DROP);
	T_EQ(t_put(p, 8, UIO_RING_TYPE_TEST, 0, false), 0);
	T_EQ(uio_ring_fill_begin(p, len, UIO_RING_TYPE_TEST, 0, 3, &f), 3);
	fill_some(&f, 2, len);
	uio_ring_producer_close(p);
	t_expect_records(&t, 0, 1, 8, UIO_RING_TYPE_TEST, 0);
	nothing_ready(&t);	/* and nothing blocks the ring */
	T_UEQ(t.ctrl->producer_next_seq, flags & SINGLE ? 1 : 4);
	T_UEQ(t.ctrl->producer_pos, UIO_RING_REC_SIZE(8) + (flags & SINGLE ? 0 : 3 * size));
	p = t_producer_open(&t, flags | NO_DROP);
	put_one_more(&t, p, flags & SINGLE ? 1 : 4);
	uio_ring_producer_close(p);
	t_ring_fini(&t);
}

/* Full, too big, none asked, NULL; a bad consumer position. */
static void test_limits(unsigned int flags)
{
	const uint32_t len = 1000;
	uint64_t fit = DS / UIO_RING_REC_SIZE(len), got = 0;
	struct uio_ring_record recs[64];
	struct uio_ring_fill f;
	struct uio_ring_producer *p;
	struct t_ring t;
	int n;

	t_case = flags & SINGLE ? "single: fill limits" : "locked: fill limits";
	t_ring_init(&t, "fill", DS, true);
	p = t_producer_open(&t, flags | NO_DROP);
	while (got < fit) {
		n = uio_ring_fill_begin(p, len, UIO_RING_TYPE_TEST, 0, 16, &f);
		T_CMP(n, >, 0);
		T_UCMP((uint64_t)n, <=, fit - got);
		fill_some(&f, (unsigned int)n, len);
		T_EQ(uio_ring_fill_end(p, &f), n);
		got += (uint64_t)n;
	}
	T_EQ(uio_ring_fill_begin(p, len, UIO_RING_TYPE_TEST, 0, 16, &f), -EAGAIN);
	T_UEQ(t.ctrl->dropped, 0);
	T_UEQ(t.ctrl->producer_next_seq, fit);
	T_EQ(uio_ring_fill_end(p, &f), -EINVAL);	/* nothing open */
	T_EQ(uio_ring_peek(t.r, recs, 3), 3);
	T_OK(uio_ring_release(t.r, 3));
	T_EQ(uio_ring_fill_begin(p, len, UIO_RING_TYPE_TEST, 0, 16, &f), 3);
	T_EQ(uio_ring_fill_end(p, &f), 0);
	T_EQ(uio_ring_fill_begin(p, len, UIO_RING_TYPE_TEST, 0, 0, &f), 0);
	T_EQ(uio_ring_fill_begin(p, len, UIO_RING_TYPE_TEST, 0, 1, NULL), -EINVAL);
	T_EQ(uio_ring_fill_begin(NULL, len, UIO_RING_TYPE_TEST, 0, 1, &f), -EINVAL);
	T_EQ(uio_ring_fill_begin(p, DS, UIO_RING_TYPE_TEST, 0, 1, &f), -EMSGSIZE);
	uio_ring_producer_close(p);

	/* Without NO_DROP: drained, filled up, then one record dropped. */
	p = t_producer_open(&t, flags);
	while ((n = uio_ring_peek(t.r, recs, 64)) > 0)
		T_OK(uio_ring_release(t.r, (unsigned int)n));
	T_EQ(n, 0);
	T_UEQ(t_stats(t.r).pending_bytes, 0);
	for (got = 0; (n = uio_ring_fill_begin(p, len, UIO_RING_TYPE_TEST, 0, 16, &f)) > 0;
	     got += (uint64_t)n) {
		fill_some(&f, (unsigned int)n, len);
		T_EQ(uio_ring_fill_end(p, &f), n);
	}
	T_EQ(n, -ENOSPC);
	T_UEQ(got, fit);
	T_UEQ(t.ctrl->dropped, 1);

	/* A consumer position beyond the producer's: refused, counted. */
	t.cons->consumer_pos = t.ctrl->producer_pos + 8;
	T_EQ(uio_ring_fill_begin(p, 8, UIO_RING_TYPE_TEST, 0, 4, &f), -EBADMSG);
	T_UEQ(t.ctrl->consumer_faults, 1);
	T_UEQ(t.ctrl->dropped, 2);
	uio_ring_producer_close(p);
	t_ring_fini(&t);
}

/* ---- two threads --------------------------------------------------- */

struct fill_arg {
	struct uio_ring_producer *p;
	unsigned int flags;
	uint64_t n;
	uint64_t partial;	/* fills ended before their last record */
};

static void *fill_producer(void *arg)
{
	struct fill_arg *a = arg;
	uint64_t k = 0, seq = 0;	/* records committed; seq of the next */

	while (k < a->n) {
		uint32_t len = stream_batch_len(k);
		unsigned int want = stream_batch_want(k, a->n), use;
		struct uio_ring_fill f;
		int n;

		n = uio_ring_fill_begin(a->p, len, UIO_RING_TYPE_TEST, (uint16_t)k, want, &f);
		if (n == -EAGAIN) {
			sched_yield();
			continue;
		}
		T_CMP(n, >, 0);
		T_UEQ(f.head.seq, seq);
		/* Now and then end a fill of several before its last record. */
		use = (unsigned int)n;
		if (n > 1 && k % 3 == 1) {
			use--;
			a->partial++;
		}
		while (use--) {
			uint8_t *payload = uio_ring_fill_next(&f);

			/* The payload holds its record's index; the rest the pattern. */
			memcpy(payload, t_payload(k), len);
			if (len >= 8)
				memcpy(payload, &k, sizeof(k));
			k++;
		}
		T_EQ(uio_ring_fill_end(a->p, &f), n - (int)f.left);
		/* Single: the unused record is given back; locked: discarded. */
		seq = a->flags & SINGLE ? f.head.seq : f.head.seq + f.left;
	}
	return NULL;
}

static void fill_stream(unsigned int flags, uint64_t n)
{
	struct uio_ring_record rec;
	struct uio_ring_iter it;
	struct fill_arg a;
	struct uio_ring_stats st;
	struct t_ring t;
	pthread_t th;
	uint64_t k = 0, seq = 0, waits = 0;

	t_case = flags & SINGLE ? "single: fill stream" : "locked: fill stream";
	t_ring_init(&t, "fstream", DS, true);
	a = (struct fill_arg){ .p = t_producer_open(&t, flags | NO_DROP), .flags = flags, .n = n };
	T_EQ(pthread_create(&th, NULL, fill_producer, &a), 0);
	while (k < n) {
		int ret = uio_ring_iter_begin(t.r, &it);

		T_CMP(ret, >=, 0);
		if (ret == 0) {
			T_EQ(uio_ring_iter_end(t.r, &it), 0);
			waits++;
			T_EQ(uio_ring_wait(t.r, 10000), 1);	/* 10 s: a lost wakeup */
			continue;
		}
		while (uio_ring_iter_next(&it, &rec)) {
			uint32_t len = stream_batch_len(k);
			uint64_t idx = k;

			/* Locked: a record discarded after a fill ended early. */
			T_UCMP(rec.seq, >=, seq);
			T_UCMP(rec.seq - seq, <=, flags & SINGLE ? 0 : 1);
			T_UEQ(rec.len, len);
			T_UCMP((uint16_t)(k - rec.flags), <, 32);	/* its fill's first */
			if (len >= 8)
				memcpy(&idx, rec.data, sizeof(idx));
			T_UEQ(idx, k);
			T_ASSERT(len < 8 || !memcmp((const uint8_t *)rec.data + 8,
						    t_payload(k) + 8, len - 8),
				 "record %" PRIu64 ": wrong bytes", k);
			T_ASSERT(len >= 8 || !memcmp(rec.data, t_payload(k), len),
				 "record %" PRIu64 ": wrong bytes", k);
			seq = rec.seq + 1;
			k++;
		}
		T_CMP(uio_ring_iter_end(t.r, &it), >, 0);
	}
	T_EQ(pthread_join(th, NULL), 0);
	uio_ring_producer_close(a.p);
	st = t_stats(t.r);
	T_UEQ(st.consumed, n);
	T_UEQ(st.produced, flags & SINGLE ? n : n + a.partial);
	T_UEQ(st.missed, 0);
	T_UEQ(st.dropped, 0);
	T_UEQ(st.pending_bytes, 0);
	T_UCMP(a.partial, >, 0);
	printf("%s: %" PRIu64 " records verified, %" PRIu64 " fills ended early, %" PRIu64
	       " notifications, %" PRIu64 " waits\n", t_case, n, a.partial, st.notifications,
	       waits);
	t_ring_fini(&t);
}

int main(void)
{
	uint64_t n = stream_count(600000);
	unsigned int i;

	t_watchdog(150);
	for (i = 0; i < 2; i++) {
		unsigned int flags = i ? 0 : SINGLE;

		test_whole(flags);
		test_part(flags);
		test_busy(flags);
		test_bad_end(flags);
		test_close_open(flags);
		test_limits(flags);
	}
	test_pending_before();
	fill_stream(SINGLE, n);
	fill_stream(0, n / 4);
	printf("PASS: fill\n");
	return T_PASS;
}
