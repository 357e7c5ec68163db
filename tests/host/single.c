// SPDX-License-Identifier: MIT
/*
 * UIO_RING_PRODUCER_SINGLE (a producer that keeps the producer line to
 * itself and publishes it when it commits) and uio_ring_reserve_batch(), in
 * both kinds of handle: what the control area shows and when, out-of-order
 * commits, full rings, drops, a hostile consumer, close and reopen; then
 * streams between two threads (also built with TSan) that verify every byte
 * and would hang on a lost wakeup.
 */
#include <pthread.h>

#include "stream.h"

#define DS (64 * 1024u)
#define SINGLE UIO_RING_PRODUCER_SINGLE
#define NO_DROP UIO_RING_PRODUCER_NO_DROP

/* Fill n records from seq on with their pattern, and commit them at once. */
static void fill_commit(struct uio_ring_producer *p, void **pl, int n, uint32_t len, uint64_t seq)
{
	int i;

	for (i = 0; i < n; i++)
		t_fill(pl[i], len, seq + (uint64_t)i);
	T_OK(uio_ring_commit_batch(p, pl, (unsigned int)n));
}

/*
 * uio_ring_reserved_seq(): the first seq of the last successful reserve,
 * batch or fill, where a UIO_RING_PRODUCER_SINGLE batch has no header yet.
 * The ring is used once around first, so that a header not written yet
 * holds an old record's seq, not a zero that could pass for the answer.
 */
static void test_reserved_seq(unsigned int flags)
{
	const uint32_t len = 1000;
	uint64_t fit = DS / UIO_RING_REC_SIZE(len), seq = 0, i;
	struct uio_ring_fill f;
	struct uio_ring_producer *p;
	struct t_ring t;
	void *pl[16];

	t_case = flags & SINGLE ? "single: reserved_seq" : "locked: reserved_seq";
	t_ring_init(&t, "seq", DS, true);
	p = t_producer_open(&t, flags);
	T_EQ(uio_ring_reserved_seq(p, &seq), -ENODATA);
	T_EQ(uio_ring_reserved_seq(p, NULL), -EINVAL);
	T_EQ(uio_ring_reserved_seq(NULL, &seq), -EINVAL);
	for (i = 0; i < fit + 3; i++) {
		T_EQ(uio_ring_reserve_batch(p, len, UIO_RING_TYPE_TEST, 0, pl, 1), 1);
		T_OK(uio_ring_reserved_seq(p, &seq));
		T_UEQ(seq, i);
		fill_commit(p, pl, 1, len, i);
		t_expect_records(&t, i, 1, len, UIO_RING_TYPE_TEST, 0);
	}
	T_EQ(uio_ring_reserve_batch(p, len, UIO_RING_TYPE_TEST, 0, pl, 5), 5);
	T_OK(uio_ring_reserved_seq(p, &seq));
	T_UEQ(seq, fit + 3);
	if (flags & SINGLE)
		T_UCMP(t_hdr(pl[1])->seq, !=, fit + 4);	/* not written yet */
	fill_commit(p, pl, 5, len, fit + 3);
	T_OK(uio_ring_reserved_seq(p, &seq));	/* a commit changes nothing */
	T_UEQ(seq, fit + 3);
	T_EQ(uio_ring_fill_begin(p, len, UIO_RING_TYPE_TEST, 0, 2, &f), 2);
	T_OK(uio_ring_reserved_seq(p, &seq));
	T_UEQ(seq, fit + 8);
	while ((pl[0] = uio_ring_fill_next(&f)))
		t_fill(pl[0], len, seq++);
	T_EQ(uio_ring_fill_end(p, &f), 2);
	t_expect_records(&t, fit + 3, 7, len, UIO_RING_TYPE_TEST, 0);
	/* A dropped record leaves the last reserve's seq as it was. */
	while (uio_ring_reserve(p, len, UIO_RING_TYPE_TEST, 0, pl) == 0) {
		T_OK(uio_ring_reserved_seq(p, &seq));
		t_fill(pl[0], len, seq);
		T_OK(uio_ring_commit(p, pl[0]));
	}
	T_OK(uio_ring_reserved_seq(p, &i));
	T_UEQ(i, seq);
	uio_ring_producer_close(p);
	t_ring_fini(&t);
}

/* Lazy publication: nothing in the control area until the commit. */
static void test_publish(void)
{
	struct uio_ring_record recs[8];
	struct t_ring t;
	struct uio_ring_producer *p;
	void *pl[8];
	int i;

	t_case = "single: publish at commit";
	t_ring_init(&t, "single", DS, true);
	p = t_producer_open(&t, SINGLE | NO_DROP);
	T_EQ(uio_ring_reserve_batch(p, 100, UIO_RING_TYPE_TEST, 7, pl, 5), 5);
	for (i = 1; i < 5; i++)
		T_UEQ((uint8_t *)pl[i] - (uint8_t *)pl[i - 1], UIO_RING_REC_SIZE(100));
	T_UEQ(t.ctrl->producer_pos, 0);
	T_UEQ(t.ctrl->produced, 0);
	T_UEQ(t.ctrl->producer_next_seq, 0);
	T_EQ(uio_ring_peek(t.r, recs, 8), 0);
	for (i = 0; i < 5; i++)
		t_fill(pl[i], 100, (uint64_t)i);
	/* The middle one alone: all five published, the others BUSY. */
	T_OK(uio_ring_commit(p, pl[2]));
	T_UEQ(t.ctrl->producer_pos, 5 * UIO_RING_REC_SIZE(100));
	T_UEQ(t.ctrl->produced, 5);
	T_UEQ(t.ctrl->producer_next_seq, 5);
	for (i = 0; i < 5; i++) {
		T_UEQ(t_hdr(pl[i])->seq, i);
		T_UEQ(t_hdr(pl[i])->flags, 7);
		T_UEQ(t_hdr(pl[i])->type, UIO_RING_TYPE_TEST);
		T_UEQ(t_hdr(pl[i])->len, 100 | (i == 2 ? 0 : UIO_RING_REC_BUSY));
	}
	T_EQ(uio_ring_peek(t.r, recs, 8), 0);
	pl[2] = pl[4];
	T_OK(uio_ring_commit_batch(p, pl, 4));
	t_expect_records(&t, 0, 5, 100, UIO_RING_TYPE_TEST, 7);

	/* A reserve after a batch gives the batch its BUSY headers first. */
	t_case = "single: batch, then reserve";
	T_EQ(uio_ring_reserve_batch(p, 24, UIO_RING_TYPE_TEST, 1, pl, 3), 3);
	T_OK(uio_ring_reserve(p, 32, UIO_RING_TYPE_TEST, 2, &pl[3]));
	for (i = 0; i < 3; i++) {
		T_UEQ(t_hdr(pl[i])->len, 24 | UIO_RING_REC_BUSY);
		T_UEQ(t_hdr(pl[i])->seq, 5 + i);
	}
	T_UEQ(t_hdr(pl[3])->seq, 8);
	for (i = 0; i < 4; i++)
		t_fill(pl[i], i < 3 ? 24 : 32, 5 + (uint64_t)i);
	T_OK(uio_ring_commit_batch(p, pl, 4));
	T_EQ(uio_ring_peek(t.r, recs, 8), 4);
	for (i = 0; i < 4; i++)
		t_check_rec(t.r, &recs[i], 5 + (uint64_t)i, i < 3 ? 24 : 32);
	T_OK(uio_ring_release(t.r, 4));

	/* Out of order: the consumer waits at the older, still reserved one. */
	t_case = "single: commit out of order";
	T_OK(uio_ring_reserve(p, 10, UIO_RING_TYPE_TEST, 0, &pl[0]));
	T_OK(uio_ring_reserve(p, 20, UIO_RING_TYPE_TEST, 0, &pl[1]));
	t_fill(pl[1], 20, 10);
	T_OK(uio_ring_commit(p, pl[1]));
	T_UEQ(t.ctrl->producer_pos, 5 * UIO_RING_REC_SIZE(100) + 3 * UIO_RING_REC_SIZE(24) +
	      UIO_RING_REC_SIZE(32) + UIO_RING_REC_SIZE(10) + UIO_RING_REC_SIZE(20));
	T_EQ(uio_ring_peek(t.r, recs, 8), 0);
	t_fill(pl[0], 10, 9);
	T_OK(uio_ring_commit(p, pl[0]));
	T_EQ(uio_ring_peek(t.r, recs, 8), 2);
	t_check_rec(t.r, &recs[0], 9, 10);
	t_check_rec(t.r, &recs[1], 10, 20);
	T_OK(uio_ring_release(t.r, 2));

	/* A discard publishes too; space says what is reserved. */
	t_case = "single: discard, space";
	{
		uint64_t before, after;

		T_OK(uio_ring_producer_space(p, &before));
		T_OK(uio_ring_reserve(p, 30, UIO_RING_TYPE_TEST, 0, &pl[0]));
		T_OK(uio_ring_producer_space(p, &after));
		T_UEQ(before - after, UIO_RING_REC_SIZE(30));
		T_OK(uio_ring_discard(p, pl[0]));
		T_EQ(uio_ring_peek(t.r, recs, 8), 0);
		T_UEQ(t_stats(t.r).discarded, 1);
		T_UEQ(t.ctrl->producer_next_seq, 12);
	}

	/* Close publishes what was reserved; the next producer goes on. */
	t_case = "single: close and reopen";
	T_OK(uio_ring_reserve(p, 40, UIO_RING_TYPE_TEST, 0, &pl[0]));
	{
		uint64_t pos = t.ctrl->producer_pos;

		uio_ring_producer_close(p);
		T_UEQ(t.ctrl->producer_pos, pos + UIO_RING_REC_SIZE(40));
		T_UEQ(t.ctrl->producer_next_seq, 13);
		T_UEQ(t.ctrl->produced, 13);
	}
	T_EQ(uio_ring_peek(t.r, recs, 8), 0);	/* seq 12 stays reserved */
	p = t_producer_open(&t, SINGLE);
	T_OK(uio_ring_reserve(p, 50, UIO_RING_TYPE_TEST, 0, &pl[0]));
	T_UEQ(t_hdr(pl[0])->seq, 13);
	/* Close with a batch reserved: published, BUSY. */
	T_EQ(uio_ring_reserve_batch(p, 60, UIO_RING_TYPE_TEST, 0, &pl[1], 2), 2);
	{
		uint64_t pos = t.ctrl->producer_pos;

		/* the second of the batch, seen in the consumer's map */
		const struct uio_ring_rec *h = (const void *)
			(t.r->data + ((pos + UIO_RING_REC_SIZE(50) + UIO_RING_REC_SIZE(60)) & (DS - 1)));

		uio_ring_producer_close(p);
		T_UEQ(t.ctrl->producer_pos, pos + UIO_RING_REC_SIZE(50) + 2 * UIO_RING_REC_SIZE(60));
		T_UEQ(h->len, 60 | UIO_RING_REC_BUSY);
		T_UEQ(h->seq, 15);
		T_UEQ(t.ctrl->producer_next_seq, 16);
	}
	t_ring_fini(&t);
}

/*
 * commit_batch of a reserved batch: in order (the usual case), then out of
 * order, and a bad pointer after good ones, which commits nothing.
 */
static void test_commit_order(void)
{
	struct uio_ring_record recs[8];
	uint64_t bogus[4] = { 0 };
	struct t_ring t;
	struct uio_ring_producer *p;
	void *pl[6], *bad[3];
	int i;

	t_case = "single: commit_batch, bad pointer after good ones";
	t_ring_init(&t, "single", DS, true);
	p = t_producer_open(&t, SINGLE | NO_DROP);
	T_EQ(uio_ring_reserve_batch(p, 40, UIO_RING_TYPE_TEST, 3, pl, 6), 6);
	for (i = 0; i < 6; i++)
		t_fill(pl[i], 40, (uint64_t)i);
	bad[0] = pl[0];
	bad[1] = pl[1];
	bad[2] = &bogus[2];
	T_EQ(uio_ring_commit_batch(p, bad, 3), -EINVAL);
	T_UEQ(t.ctrl->producer_pos, 0);
	T_EQ(uio_ring_peek(t.r, recs, 8), 0);
	/* The last four: published, the first two still reserved (BUSY). */
	T_OK(uio_ring_commit_batch(p, &pl[2], 4));
	T_UEQ(t.ctrl->producer_pos, 6 * UIO_RING_REC_SIZE(40));
	T_UEQ(t_hdr(pl[0])->len, 40 | UIO_RING_REC_BUSY);
	T_UEQ(t_hdr(pl[1])->len, 40 | UIO_RING_REC_BUSY);
	T_EQ(uio_ring_peek(t.r, recs, 8), 0);
	T_OK(uio_ring_commit_batch(p, pl, 2));
	t_expect_records(&t, 0, 6, 40, UIO_RING_TYPE_TEST, 3);

	t_case = "single: commit_batch in order, then out of order";
	T_EQ(uio_ring_reserve_batch(p, 40, UIO_RING_TYPE_TEST, 3, pl, 6), 6);
	for (i = 0; i < 6; i++)
		t_fill(pl[i], 40, 6 + (uint64_t)i);
	T_OK(uio_ring_commit_batch(p, pl, 2));
	T_UEQ(t.ctrl->producer_pos, 12 * UIO_RING_REC_SIZE(40));
	for (i = 2; i < 6; i++)
		T_UEQ(t_hdr(pl[i])->len, 40 | UIO_RING_REC_BUSY);
	T_EQ(uio_ring_peek(t.r, recs, 8), 2);
	bad[0] = pl[3];
	bad[1] = pl[5];
	T_OK(uio_ring_commit_batch(p, bad, 2));
	T_EQ(uio_ring_peek(t.r, recs, 8), 2);	/* seq 8 still reserved */
	T_OK(uio_ring_commit_batch(p, &pl[2], 1));
	T_EQ(uio_ring_peek(t.r, recs, 8), 4);	/* seq 10 still reserved */
	T_OK(uio_ring_commit(p, pl[4]));
	T_EQ(uio_ring_peek(t.r, recs, 8), 6);
	for (i = 0; i < 6; i++) {
		t_check_rec(t.r, &recs[i], 6 + (uint64_t)i, 40);
		T_EQ(recs[i].type, UIO_RING_TYPE_TEST);
		T_EQ(recs[i].flags, 3);
	}
	T_OK(uio_ring_release(t.r, 6));
	uio_ring_producer_close(p);
	t_ring_fini(&t);
}

/*
 * Records reserved one at a time and committed later, more of them than
 * the handle tracks (64): the ones not committed when a commit publishes
 * are BUSY, whichever way their headers were written; a discard among them.
 */
static void test_one_by_one(void)
{
	struct uio_ring_record recs[80];
	struct t_ring t;
	struct uio_ring_producer *p;
	void *pl[70];
	int i, n = 70;

	t_case = "single: reserve one by one, commit later";
	t_ring_init(&t, "single", DS, true);
	p = t_producer_open(&t, SINGLE | NO_DROP);
	for (i = 0; i < n; i++) {
		T_OK(uio_ring_reserve(p, 8, UIO_RING_TYPE_TEST, 5, &pl[i]));
		t_fill(pl[i], 8, (uint64_t)i);
	}
	T_UEQ(t.ctrl->producer_pos, 0);
	/* All but 3 (tracked), 66 (not tracked) and 68 (discarded). */
	for (i = 0; i < n; i++)
		if (i != 3 && i != 66 && i != 68)
			T_OK(uio_ring_commit(p, pl[i]));
	T_UEQ(t.ctrl->producer_pos, (uint64_t)n * UIO_RING_REC_SIZE(8));
	T_UEQ(t_hdr(pl[3])->len, 8 | UIO_RING_REC_BUSY);
	T_UEQ(t_hdr(pl[66])->len, 8 | UIO_RING_REC_BUSY);
	T_UEQ(t_hdr(pl[68])->len, 8 | UIO_RING_REC_BUSY);
	T_EQ(uio_ring_peek(t.r, recs, 80), 3);
	T_OK(uio_ring_commit(p, pl[3]));
	T_EQ(uio_ring_peek(t.r, recs, 80), 66);
	T_OK(uio_ring_discard(p, pl[68]));
	T_EQ(uio_ring_peek(t.r, recs, 80), 66);
	T_OK(uio_ring_commit(p, pl[66]));
	T_EQ(uio_ring_peek(t.r, recs, 80), n - 1);
	for (i = 0; i < n - 1; i++) {
		t_check_rec(t.r, &recs[i], (uint64_t)(i < 68 ? i : i + 1), 8);
		T_EQ(recs[i].flags, 5);
	}
	T_OK(uio_ring_release(t.r, (unsigned int)(n - 1)));
	T_UEQ(t_stats(t.r).discarded, 1);

	/* A bad pointer after good ones commits nothing. */
	t_case = "single: one by one, bad pointer after good ones";
	{
		uint64_t bogus[4] = { 0 };
		void *bad[3];

		for (i = 0; i < 3; i++) {
			T_OK(uio_ring_reserve(p, 8, UIO_RING_TYPE_TEST, 5, &pl[i]));
			t_fill(pl[i], 8, (uint64_t)n + (uint64_t)i);
		}
		bad[0] = pl[0];
		bad[1] = pl[1];
		bad[2] = &bogus[2];
		T_EQ(uio_ring_commit_batch(p, bad, 3), -EINVAL);
		T_OK(uio_ring_commit(p, pl[2]));
		T_UEQ(t_hdr(pl[0])->len, 8 | UIO_RING_REC_BUSY);
		T_UEQ(t_hdr(pl[1])->len, 8 | UIO_RING_REC_BUSY);
		T_EQ(uio_ring_peek(t.r, recs, 80), 0);
		T_OK(uio_ring_commit_batch(p, pl, 2));
		T_EQ(uio_ring_peek(t.r, recs, 80), 3);
		for (i = 0; i < 3; i++)
			t_check_rec(t.r, &recs[i], (uint64_t)n + (uint64_t)i, 8);
		T_OK(uio_ring_release(t.r, 3));
		n += 3;
	}

	/* Discarded before anything published; close publishes the rest BUSY. */
	t_case = "single: one by one, discard, close";
	T_OK(uio_ring_reserve(p, 16, UIO_RING_TYPE_TEST, 0, &pl[0]));
	T_OK(uio_ring_reserve(p, 16, UIO_RING_TYPE_TEST, 0, &pl[1]));
	T_OK(uio_ring_reserve(p, 16, UIO_RING_TYPE_TEST, 0, &pl[2]));
	t_fill(pl[1], 16, (uint64_t)n + 1);
	T_OK(uio_ring_discard(p, pl[0]));
	T_OK(uio_ring_commit(p, pl[1]));
	T_EQ(uio_ring_peek(t.r, recs, 80), 1);
	t_check_rec(t.r, &recs[0], (uint64_t)n + 1, 16);
	T_OK(uio_ring_release(t.r, 1));
	T_UEQ(t_hdr(pl[2])->len, 16 | UIO_RING_REC_BUSY);
	uio_ring_producer_close(p);
	T_UEQ(t.ctrl->producer_pos, (uint64_t)n * UIO_RING_REC_SIZE(8) + 3 * UIO_RING_REC_SIZE(16));
	T_EQ(uio_ring_peek(t.r, recs, 80), 0);	/* the third stays reserved */
	t_ring_fini(&t);
}

/* Full rings: a batch takes what fits; none fits: EAGAIN, or a drop. */
static void test_full(unsigned int flags)
{
	struct uio_ring_record recs[64];
	const uint32_t len = 1000;
	uint64_t fit = DS / UIO_RING_REC_SIZE(len), got = 0, seq;
	struct uio_ring_producer *p;
	struct t_ring t;
	void *pl[64];
	int n;

	t_case = flags & SINGLE ? "single: full" : "locked: full";
	t_ring_init(&t, "full", DS, true);
	p = t_producer_open(&t, flags | NO_DROP);
	while (got < fit) {
		n = uio_ring_reserve_batch(p, len, UIO_RING_TYPE_TEST, 0, pl, 16);
		T_CMP(n, >, 0);
		T_UCMP((uint64_t)n, <=, fit - got);
		fill_commit(p, pl, n, len, got);
		got += (uint64_t)n;
	}
	T_EQ(uio_ring_reserve_batch(p, len, UIO_RING_TYPE_TEST, 0, pl, 16), -EAGAIN);
	T_EQ(uio_ring_reserve(p, len, UIO_RING_TYPE_TEST, 0, pl), -EAGAIN);
	T_UEQ(t.ctrl->dropped, 0);
	T_UEQ(t.ctrl->producer_next_seq, fit);
	/* Room for two: a batch of 16 gets two. */
	T_EQ(uio_ring_peek(t.r, recs, 2), 2);
	T_OK(uio_ring_release(t.r, 2));
	T_EQ(uio_ring_reserve_batch(p, len, UIO_RING_TYPE_TEST, 0, pl, 16), 2);
	fill_commit(p, pl, 2, len, fit);
	T_EQ(uio_ring_reserve_batch(p, len, UIO_RING_TYPE_TEST, 0, pl, 0), 0);
	T_EQ(uio_ring_reserve_batch(p, len, UIO_RING_TYPE_TEST, 0, NULL, 1), -EINVAL);
	T_EQ(uio_ring_reserve_batch(p, DS, UIO_RING_TYPE_TEST, 0, pl, 1), -EMSGSIZE);
	uio_ring_producer_close(p);

	/* Without NO_DROP: one record dropped per failed batch, seq used. */
	p = t_producer_open(&t, flags);
	T_EQ(uio_ring_reserve_batch(p, len, UIO_RING_TYPE_TEST, 0, pl, 16), -ENOSPC);
	T_UEQ(t.ctrl->dropped, 1);
	T_UEQ(t.ctrl->producer_next_seq, fit + 3);
	T_UEQ(t.ctrl->produced, fit + 2);
	/* Drain, then the gap shows as one missed record. */
	for (seq = 2; seq < fit + 2;) {
		n = uio_ring_peek(t.r, recs, 64);
		T_CMP(n, >, 0);
		T_UEQ(recs[0].seq, seq);
		seq += (uint64_t)n;
		T_OK(uio_ring_release(t.r, (unsigned int)n));
	}
	T_EQ(uio_ring_reserve_batch(p, 8, UIO_RING_TYPE_TEST, 0, pl, 3), 3);
	fill_commit(p, pl, 3, 8, fit + 3);
	T_EQ(uio_ring_peek(t.r, recs, 64), 3);
	T_UEQ(recs[0].seq, fit + 3);
	T_OK(uio_ring_release(t.r, 3));
	T_UEQ(t_stats(t.r).missed, 1);
	uio_ring_producer_close(p);
	t_ring_fini(&t);
}

/* A consumer position out of range: every attempt fails and is counted. */
static void test_hostile(unsigned int flags)
{
	struct t_ring t;
	struct uio_ring_producer *p;
	void *pl[4];
	uint64_t prod;
	int k;

	t_case = flags & SINGLE ? "single: hostile consumer" : "locked: hostile consumer";
	t_ring_init(&t, "hostile", DS, true);
	p = t_producer_open(&t, flags);
	T_EQ(uio_ring_reserve_batch(p, 16, UIO_RING_TYPE_TEST, 0, pl, 4), 4);
	fill_commit(p, pl, 4, 16, 0);
	prod = t.ctrl->producer_pos;
	t.cons->consumer_pos = prod + 8;
	for (k = 0; k < 5; k++) {
		T_EQ(uio_ring_reserve_batch(p, 16, UIO_RING_TYPE_TEST, 0, pl, 4), -EBADMSG);
		T_EQ(uio_ring_reserve(p, 16, UIO_RING_TYPE_TEST, 0, pl), -EBADMSG);
	}
	T_UEQ(t.ctrl->consumer_faults, 10);
	T_UEQ(t.ctrl->dropped, 10);
	T_UEQ(t.ctrl->producer_pos, prod);
	uio_ring_producer_close(p);
	T_UEQ(t.ctrl->producer_pos, prod);
	T_UEQ(t.ctrl->producer_next_seq, 14);
	t_ring_fini(&t);

	/* A producer position that is not a multiple of 8 when it opens. */
	if (!(flags & SINGLE))
		return;
	t_case = "single: unaligned producer_pos";
	t_ring_init(&t, "unaligned", DS, true);
	t.ctrl->producer_pos = 12;
	p = t_producer_open(&t, flags | NO_DROP);
	T_EQ(uio_ring_reserve(p, 16, UIO_RING_TYPE_TEST, 0, pl), -EBADMSG);
	T_EQ(uio_ring_reserve_batch(p, 16, UIO_RING_TYPE_TEST, 0, pl, 2), -EBADMSG);
	T_UEQ(t.ctrl->consumer_faults, 0);
	T_UEQ(t.ctrl->dropped, 2);
	T_UEQ(t.ctrl->producer_pos, 12);
	uio_ring_producer_close(p);
	t_ring_fini(&t);
}

/* ---- two threads --------------------------------------------------- */

struct batch_arg {
	struct uio_ring_producer *p;
	uint64_t n;
};

static void *batch_producer(void *arg)
{
	struct batch_arg *a = arg;
	void *pl[32];
	uint64_t seq = 0;

	while (seq < a->n) {
		uint32_t len = stream_batch_len(seq);
		unsigned int want = stream_batch_want(seq, a->n);
		int n, i;

		n = uio_ring_reserve_batch(a->p, len, UIO_RING_TYPE_TEST, (uint16_t)seq, pl, want);
		if (n == -EAGAIN) {
			sched_yield();
			continue;
		}
		T_CMP(n, >, 0);
		for (i = 0; i < n; i++)
			memcpy(pl[i], t_payload(seq + (uint64_t)i), len);
		/* Now and then one commit per record, in reverse order. */
		if (seq % 5 == 3) {
			for (i = n - 1; i >= 0; i--)
				T_OK(uio_ring_commit(a->p, pl[i]));
		} else {
			T_OK(uio_ring_commit_batch(a->p, pl, (unsigned int)n));
		}
		seq += (uint64_t)n;
	}
	return NULL;
}

static void batch_stream(unsigned int flags, uint64_t n)
{
	struct uio_ring_record recs[64];
	struct batch_arg a;
	struct uio_ring_stats st;
	struct t_ring t;
	pthread_t th;
	uint64_t seq = 0, waits = 0;

	t_case = flags & SINGLE ? "single: batch stream" : "locked: batch stream";
	t_ring_init(&t, "stream", DS, true);
	a.p = t_producer_open(&t, flags | NO_DROP);
	a.n = n;
	T_EQ(pthread_create(&th, NULL, batch_producer, &a), 0);
	while (seq < n) {
		int k = uio_ring_peek(t.r, recs, 64), i;

		T_CMP(k, >=, 0);
		if (k == 0) {
			waits++;
			T_EQ(uio_ring_wait(t.r, 10000), 1);	/* 10 s: a lost wakeup */
			continue;
		}
		for (i = 0; i < k; i++, seq++) {
			T_UEQ(recs[i].seq, seq);
			T_UEQ(recs[i].len, stream_batch_len(seq));
			T_ASSERT(!memcmp(recs[i].data, t_payload(seq), recs[i].len),
				 "record %" PRIu64 ": wrong bytes", seq);
		}
		T_OK(uio_ring_release(t.r, (unsigned int)k));
	}
	T_EQ(pthread_join(th, NULL), 0);
	uio_ring_producer_close(a.p);
	st = t_stats(t.r);
	T_UEQ(st.produced, n);
	T_UEQ(st.consumed, n);
	T_UEQ(st.missed, 0);
	T_UEQ(st.dropped, 0);
	T_UEQ(st.pending_bytes, 0);
	printf("%s: %" PRIu64 " records verified, %" PRIu64 " notifications, %" PRIu64
	       " waits\n", t_case, n, st.notifications, waits);
	t_ring_fini(&t);
}

struct stream_arg {
	struct uio_ring_producer *p;
	uint64_t n;
	struct stream_end end;
};

static void *stream_producer(void *arg)
{
	struct stream_arg *a = arg;

	stream_produce(a->p, a->n, &a->end);
	return NULL;
}

static bool thread_alive(void)
{
	return true;
}

/* stream.h's stream (drops, discards, END) from a SINGLE producer. */
static void single_stream(uint64_t n)
{
	struct stream_result res;
	struct stream_arg a;
	struct t_ring t;
	pthread_t th;

	t_ring_init(&t, "sstream", DS, true);
	a.p = t_producer_open(&t, SINGLE);
	a.n = n;
	T_EQ(pthread_create(&th, NULL, stream_producer, &a), 0);
	stream_consume(t.r, &res, thread_alive);
	T_EQ(pthread_join(th, NULL), 0);
	uio_ring_producer_close(a.p);
	t_case = "single: stream";
	T_UEQ(res.end.attempts, a.end.attempts);
	T_UEQ(res.end.drops, a.end.drops);
	stream_check(&res, "single: stream");
	t_ring_fini(&t);
}

/* Two locked producers reserving batches at once: each one's records in order. */
struct mp_arg {
	struct t_ring *t;
	uint16_t id;
	uint64_t n;
};

static void *mp_producer(void *arg)
{
	struct mp_arg *a = arg;
	struct uio_ring_producer *p = t_producer_open(a->t, NO_DROP);
	uint64_t k = 0;
	void *pl[16];

	while (k < a->n) {
		unsigned int want = 1 + (unsigned int)(k % 16);
		int n, i;

		if (want > a->n - k)
			want = (unsigned int)(a->n - k);
		n = uio_ring_reserve_batch(p, 16, UIO_RING_TYPE_TEST, a->id, pl, want);
		if (n == -EAGAIN) {
			sched_yield();
			continue;
		}
		T_CMP(n, >, 0);
		for (i = 0; i < n; i++) {
			uint64_t v[2] = { a->id, k + (uint64_t)i };

			memcpy(pl[i], v, sizeof(v));
		}
		T_OK(uio_ring_commit_batch(p, pl, (unsigned int)n));
		k += (uint64_t)n;
	}
	uio_ring_producer_close(p);
	return NULL;
}

static void mp_stream(uint64_t n)
{
	struct uio_ring_record recs[64];
	struct mp_arg a[2];
	struct t_ring t;
	pthread_t th[2];
	uint64_t next[2] = { 0, 0 }, seq = 0;
	int i;

	t_case = "locked: two producers, batches";
	t_ring_init(&t, "mp", DS, true);
	for (i = 0; i < 2; i++) {
		a[i] = (struct mp_arg){ .t = &t, .id = (uint16_t)i, .n = n };
		T_EQ(pthread_create(&th[i], NULL, mp_producer, &a[i]), 0);
	}
	while (next[0] + next[1] < 2 * n) {
		int k = uio_ring_peek(t.r, recs, 64), j;

		T_CMP(k, >=, 0);
		if (k == 0) {
			T_EQ(uio_ring_wait(t.r, 10000), 1);
			continue;
		}
		for (j = 0; j < k; j++, seq++) {
			uint64_t v[2];

			T_UEQ(recs[j].seq, seq);
			T_UEQ(recs[j].len, 16);
			memcpy(v, recs[j].data, sizeof(v));
			T_UEQ(v[0], recs[j].flags);
			T_ASSERT(v[0] < 2, "producer id %" PRIu64, v[0]);
			T_UEQ(v[1], next[v[0]]);
			next[v[0]]++;
		}
		T_OK(uio_ring_release(t.r, (unsigned int)k));
	}
	for (i = 0; i < 2; i++)
		T_EQ(pthread_join(th[i], NULL), 0);
	T_UEQ(t_stats(t.r).produced, 2 * n);
	T_UEQ(t.ctrl->producer_lock, 0);
	printf("%s: %" PRIu64 " records verified\n", t_case, 2 * n);
	t_ring_fini(&t);
}

int main(void)
{
	uint64_t n = stream_count(600000);

	t_watchdog(150);
	test_reserved_seq(SINGLE);
	test_reserved_seq(0);
	test_publish();
	test_commit_order();
	test_one_by_one();
	test_full(SINGLE);
	test_full(0);
	test_hostile(SINGLE);
	test_hostile(0);
	batch_stream(SINGLE, n);
	batch_stream(0, n / 4);
	single_stream(n);
	mp_stream(n / 4);
	printf("PASS: single\n");
	return T_PASS;
}
