// SPDX-License-Identifier: MIT
/*
 * Single-threaded records: produce, peek, release; payloads, types, flags
 * and seq; peek is repeatable until release; release() bounds; consume()
 * stop semantics; discarded records are skipped and counted, not missed;
 * uncommitted records stop the consumer.
 */
#include "test.h"

#define DS (64 * 1024ull)

static void test_basic(void)
{
	struct uio_ring_record recs[8], again[8];
	struct uio_ring_stats st;
	struct t_ring t;
	uint64_t seq;
	int i, n;

	t_case = "basic";
	t_ring_init(&t, "records", DS, true);
	T_EQ(uio_ring_peek(t.r, recs, 8), 0);
	T_EQ(uio_ring_release(t.r, 0), 0);
	T_EQ(uio_ring_release(t.r, 1), -EINVAL);

	for (i = 0; i < 5; i++) {
		seq = t_put(t.p, (uint32_t)(i * 13), (uint16_t)(100 + i), (uint16_t)(0xf00d + i),
			    false);
		T_UEQ(seq, i);
	}
	st = t_stats(t.r);
	T_UEQ(st.produced, 5);
	T_UEQ(st.pending_bytes, 16 + 32 + 48 + 56 + 72);

	n = uio_ring_peek(t.r, recs, 8);
	T_EQ(n, 5);
	for (i = 0; i < 5; i++) {
		t_check_rec(t.r, &recs[i], i, (uint32_t)(i * 13));
		T_EQ(recs[i].type, 100 + i);
		T_EQ(recs[i].flags, 0xf00d + i);
	}
	/* Records follow each other in the data area. */
	for (i = 1; i < 5; i++)
		T_EQ((const uint8_t *)recs[i].data - (const uint8_t *)recs[i - 1].data,
		     UIO_RING_REC_SIZE(recs[i - 1].len));

	/* Peeking again without releasing returns the very same records. */
	n = uio_ring_peek(t.r, again, 8);
	T_EQ(n, 5);
	for (i = 0; i < 5; i++) {
		T_ASSERT(again[i].data == recs[i].data, "record %d moved: %p vs %p", i,
			 again[i].data, recs[i].data);
		T_UEQ(again[i].seq, recs[i].seq);
		T_EQ(again[i].len, recs[i].len);
	}
	/* A smaller max returns a prefix. */
	T_EQ(uio_ring_peek(t.r, again, 2), 2);
	T_UEQ(again[1].seq, 1);
	T_EQ(uio_ring_release(t.r, 3), -EINVAL);	/* the last peek returned 2 */
	T_ASSERT(strstr(uio_ring_errmsg(), "3") && strstr(uio_ring_errmsg(), "2"),
		 "errmsg \"%s\"", uio_ring_errmsg());

	n = uio_ring_peek(t.r, recs, 8);
	T_EQ(n, 5);
	T_EQ(uio_ring_release(t.r, 6), -EINVAL);
	T_EQ(uio_ring_release(t.r, 2), 0);
	/* The peek is used up: nothing more to release until the next one. */
	T_EQ(uio_ring_release(t.r, 1), -EINVAL);
	st = t_stats(t.r);
	T_UEQ(st.consumed, 2);
	T_UEQ(st.pending_bytes, 48 + 56 + 72);
	T_UEQ(t.cons->consumer_pos, 16 + 32);

	n = uio_ring_peek(t.r, recs, 8);
	T_EQ(n, 3);
	t_check_rec(t.r, &recs[0], 2, 26);
	T_EQ(uio_ring_release(t.r, 3), 0);
	T_EQ(uio_ring_peek(t.r, recs, 8), 0);
	st = t_stats(t.r);
	T_UEQ(st.consumed, 5);
	T_UEQ(st.missed, 0);
	T_UEQ(st.discarded, 0);
	T_UEQ(st.dropped, 0);
	T_UEQ(st.pending_bytes, 0);
	T_UEQ(t.cons->consumer_pos, t.ctrl->producer_pos);

	t_case = "basic: largest and too large payloads";
	seq = t_put(t.p, (uint32_t)(DS - 16), 1, 0, false);
	T_EQ(uio_ring_peek(t.r, recs, 8), 1);
	t_check_rec(t.r, &recs[0], seq, (uint32_t)(DS - 16));
	T_EQ(uio_ring_release(t.r, 1), 0);
	T_ASSERT(t_reserve(t.p, (uint32_t)(DS - 15), 1, 0) == NULL,
		 "reserve accepted more than max_payload");
	T_ASSERT(t_reserve(t.p, UINT32_MAX, 1, 0) == NULL,
		 "reserve accepted UINT32_MAX");
	st = t_stats(t.r);
	T_UEQ(st.produced, 6);

	t_case = "basic: argument checks";
	T_EQ(uio_ring_peek(NULL, recs, 1), -EINVAL);
	T_EQ(uio_ring_peek(t.r, NULL, 1), -EINVAL);
	T_EQ(uio_ring_peek(t.r, NULL, 0), 0);
	T_EQ(uio_ring_release(NULL, 0), -EINVAL);
	T_EQ(uio_ring_consume(t.r, 1, NULL, NULL), -EINVAL);
	T_EQ(uio_ring_get_stats(t.r, NULL), -EINVAL);
	t_ring_fini(&t);
}

/* More records than one peek may return. */
static void test_peek_max(void)
{
	static struct uio_ring_record recs[UR_PEEK_MAX + 10];
	struct t_ring t;
	int i, n;

	t_case = "peek max";
	t_ring_init(&t, "records", DS, true);
	for (i = 0; i < UR_PEEK_MAX + 10; i++)
		t_put(t.p, 0, 1, 0, false);
	n = uio_ring_peek(t.r, recs, UR_PEEK_MAX + 10);
	T_EQ(n, UR_PEEK_MAX);
	T_UEQ(recs[n - 1].seq, UR_PEEK_MAX - 1);
	T_EQ(uio_ring_release(t.r, UR_PEEK_MAX + 1), -EINVAL);
	T_EQ(uio_ring_release(t.r, (unsigned int)n), 0);
	n = uio_ring_peek(t.r, recs, UR_PEEK_MAX + 10);
	T_EQ(n, 10);
	T_UEQ(recs[0].seq, UR_PEEK_MAX);
	T_EQ(uio_ring_release(t.r, 10), 0);
	T_UEQ(t_stats(t.r).consumed, UR_PEEK_MAX + 10);
	t_ring_fini(&t);
}

struct cons_ctx {
	uint64_t next;		/* seq expected */
	int calls;
	int stop_at;		/* call number that stops */
	int stop_ret;
};

static int cons_fn(void *arg, const struct uio_ring_record *rec)
{
	struct cons_ctx *c = arg;
	long bad = t_check(rec->data, rec->len, rec->seq);

	T_UEQ(rec->seq, c->next);
	T_ASSERT(bad < 0, "seq %" PRIu64 " byte %ld", rec->seq, bad);
	c->next++;
	if (++c->calls == c->stop_at)
		return c->stop_ret;
	return 0;
}

static void test_consume(void)
{
	struct cons_ctx c = { 0 };
	struct t_ring t;
	int i;

	t_case = "consume";
	t_ring_init(&t, "records", DS, true);
	for (i = 0; i < 200; i++)
		t_put(t.p, (uint32_t)(i % 50), 1, 0, false);

	/* max bounds the count */
	T_EQ(uio_ring_consume(t.r, 10, cons_fn, &c), 10);
	T_EQ(c.calls, 10);
	T_UEQ(t_stats(t.r).consumed, 10);

	/* a positive return stops after that record, which counts as consumed */
	c.calls = 0;
	c.stop_at = 5;
	c.stop_ret = 1;
	T_EQ(uio_ring_consume(t.r, 100, cons_fn, &c), 5);
	T_EQ(c.calls, 5);
	T_UEQ(t_stats(t.r).consumed, 15);

	/* a negative return is passed back; the record is consumed */
	c.calls = 0;
	c.stop_at = 70;		/* past the first batch of 64 */
	c.stop_ret = -ECANCELED;
	T_EQ(uio_ring_consume(t.r, 1000, cons_fn, &c), -ECANCELED);
	T_EQ(c.calls, 70);
	T_UEQ(t_stats(t.r).consumed, 85);

	/* the next consume continues right after it */
	c.calls = 0;
	c.stop_at = 0;
	T_EQ(uio_ring_consume(t.r, 1000, cons_fn, &c), 115);
	T_UEQ(c.next, 200);
	T_EQ(uio_ring_consume(t.r, 1000, cons_fn, &c), 0);
	T_EQ(uio_ring_consume(t.r, 0, cons_fn, &c), 0);
	T_UEQ(t_stats(t.r).consumed, 200);
	T_UEQ(t_stats(t.r).missed, 0);
	t_ring_fini(&t);
}

/*
 * Discarded records: leading, middle, trailing, runs of them, and a ring
 * holding only discards. 'D' discard, 'R' record.
 */
static void run_pattern(const char *pat, unsigned int max)
{
	struct uio_ring_record recs[64];
	struct uio_ring_stats st;
	uint64_t want[64];
	unsigned int nr = 0, nd = 0, got = 0, i;
	struct t_ring t;
	int n, rounds = 0;

	t_case = pat;
	t_ring_init(&t, "records", DS, true);
	for (i = 0; pat[i]; i++) {
		uint64_t seq = t_put(t.p, i * 3, 7, (uint16_t)i, pat[i] == 'D');

		if (pat[i] == 'R')
			want[nr++] = seq;
		else
			nd++;
	}
	while ((n = uio_ring_peek(t.r, recs, max)) > 0) {
		T_ASSERT(++rounds < 100, "peek keeps returning records");
		for (i = 0; i < (unsigned int)n; i++) {
			T_ASSERT(got < nr, "more records than committed");
			t_check_rec(t.r, &recs[i], want[got], (uint32_t)(want[got] * 3));
			T_EQ(recs[i].type, 7);
			got++;
		}
		T_EQ(uio_ring_release(t.r, (unsigned int)n), 0);
	}
	T_EQ(n, 0);
	T_EQ(got, nr);
	st = t_stats(t.r);
	T_UEQ(st.consumed, nr);
	T_UEQ(st.discarded, nd);
	T_UEQ(st.missed, 0);
	T_UEQ(st.produced, nr + nd);
	T_UEQ(st.pending_bytes, 0);
	t_ring_fini(&t);
}

static void test_discard(void)
{
	static const char *pats[] = {
		"DRRR", "RRDR", "RRRD", "DRDRDRD", "DDDRDDDRDDD", "D", "DDDD", "R",
		"RDDDDDDDDDDDDDDDDDDDR", "DRDDRRDDDRRRDDDD",
	};
	unsigned int i, max;

	for (i = 0; i < sizeof(pats) / sizeof(pats[0]); i++)
		for (max = 1; max <= 4; max++)
			run_pattern(pats[i], max);
}

/*
 * consume past what its one-pass loop takes (a discard, a seq gap) and
 * back: every record once, in order, the skipped ones counted.
 */
static int seq_fn(void *arg, const struct uio_ring_record *rec)
{
	uint64_t *seqs = arg;

	T_ASSERT(t_check(rec->data, rec->len, rec->seq) < 0, "seq %" PRIu64 " payload", rec->seq);
	seqs[++seqs[0]] = rec->seq;
	return 0;
}

static void test_consume_irregular(void)
{
	static const uint64_t want[] = { 0, 1, 3, 6, 7 };
	uint64_t seqs[16] = { 0 };
	struct uio_ring_stats st;
	struct t_ring t;
	void *payload;
	unsigned int i;

	t_case = "consume: discard and gap";
	t_ring_init(&t, "records", DS, true);
	t_put(t.p, 10, 1, 0, false);	/* 0 */
	t_put(t.p, 11, 1, 0, false);	/* 1 */
	t_put(t.p, 12, 1, 0, true);	/* 2 discarded */
	t_put(t.p, 13, 1, 0, false);	/* 3 */
	payload = t_reserve(t.p, 14, 1, 0);	/* 4, written as 6 */
	T_ASSERT(payload != NULL, "reserve failed");
	t_hdr(payload)->seq = 6;
	t_fill(payload, 14, 6);
	uio_ring_commit(t.p, payload);
	payload = t_reserve(t.p, 15, 1, 0);	/* 5, written as 7 */
	T_ASSERT(payload != NULL, "reserve failed");
	t_hdr(payload)->seq = 7;
	t_fill(payload, 15, 7);
	uio_ring_commit(t.p, payload);
	T_EQ(uio_ring_consume(t.r, 100, seq_fn, seqs), 5);
	T_UEQ(seqs[0], 5);
	for (i = 0; i < 5; i++)
		T_UEQ(seqs[i + 1], want[i]);
	st = t_stats(t.r);
	T_UEQ(st.consumed, 5);
	T_UEQ(st.discarded, 1);
	T_UEQ(st.missed, 2);
	T_UEQ(st.pending_bytes, 0);
	T_EQ(uio_ring_consume(t.r, 100, seq_fn, seqs), 0);
	t_ring_fini(&t);
}

/* Iterate until begin finds nothing; returns the records handed out. */
static unsigned int iter_all(struct uio_ring *r, uint64_t *seqs, unsigned int *rounds)
{
	struct uio_ring_record rec;
	struct uio_ring_iter it;
	unsigned int total = 0;
	int n;

	while ((n = uio_ring_iter_begin(r, &it)) > 0) {
		int k = 0;

		T_ASSERT(++*rounds < 100, "iteration does not end");
		while (uio_ring_iter_next(&it, &rec)) {
			t_check_rec(r, &rec, rec.seq, rec.len);
			seqs[total++] = rec.seq;
			k++;
		}
		T_EQ(uio_ring_iter_end(r, &it), k);
		T_EQ(uio_ring_iter_end(r, &it), -EINVAL);	/* not twice */
	}
	T_EQ(n, 0);
	T_EQ(uio_ring_iter_end(r, &it), 0);
	return total;
}

/*
 * The inline iterator: records in order, the ones it leaves to begin
 * (discarded, a seq gap, not committed), corrupt records, stale and
 * changed iterators, an observer.
 */
static void test_iter(void)
{
	static const uint64_t want[] = { 0, 1, 3, 6, 7 };
	struct uio_ring_record rec;
	struct uio_ring_stats st;
	struct uio_ring_iter it;
	struct uio_ring *o;
	uint64_t seqs[256];
	unsigned int i, rounds = 0;
	struct t_ring t;
	void *payload;

	t_case = "iter: in order";
	t_ring_init(&t, "records", DS, true);
	for (i = 0; i < 200; i++)
		t_put(t.p, i % 70, 1, 0, false);
	T_EQ(iter_all(t.r, seqs, &rounds), 200);
	T_EQ(rounds, 1);
	for (i = 0; i < 200; i++)
		T_UEQ(seqs[i], i);
	st = t_stats(t.r);
	T_UEQ(st.consumed, 200);
	T_UEQ(st.pending_bytes, 0);
	t_ring_fini(&t);

	t_case = "iter: discard, gap";
	t_ring_init(&t, "records", DS, true);
	t_put(t.p, 10, 1, 0, false);	/* 0 */
	t_put(t.p, 11, 1, 0, false);	/* 1 */
	t_put(t.p, 12, 1, 0, true);	/* 2 discarded */
	t_put(t.p, 13, 1, 0, false);	/* 3 */
	for (i = 4; i < 6; i++) {	/* 4 and 5, written as 6 and 7 */
		payload = t_reserve(t.p, 14, 1, 0);
		T_ASSERT(payload != NULL, "reserve failed");
		t_hdr(payload)->seq = i + 2;
		t_fill(payload, 14, i + 2);
		uio_ring_commit(t.p, payload);
	}
	rounds = 0;
	T_EQ(iter_all(t.r, seqs, &rounds), 5);
	T_EQ(rounds, 3);
	for (i = 0; i < 5; i++)
		T_UEQ(seqs[i], want[i]);
	st = t_stats(t.r);
	T_UEQ(st.consumed, 5);
	T_UEQ(st.discarded, 1);
	T_UEQ(st.missed, 2);
	T_UEQ(st.pending_bytes, 0);

	t_case = "iter: not committed";
	payload = t_reserve(t.p, 20, 1, 0);
	T_ASSERT(payload != NULL, "reserve failed");
	T_EQ(uio_ring_iter_begin(t.r, &it), 0);
	T_EQ(uio_ring_iter_next(&it, &rec), 0);
	T_EQ(uio_ring_iter_end(t.r, &it), 0);
	t_hdr(payload)->seq = 8;	/* after the 7 above */
	t_fill(payload, 20, 8);
	uio_ring_commit(t.p, payload);
	T_EQ(uio_ring_iter_begin(t.r, &it), 1);
	T_EQ(uio_ring_iter_next(&it, &rec), 1);
	t_check_rec(t.r, &rec, 8, 20);

	t_case = "iter: stale or changed iterators";
	{
		struct uio_ring_record recs[4];
		struct uio_ring_iter copy = it;

		copy.count++;
		T_EQ(uio_ring_iter_end(t.r, &copy), -EINVAL);
		copy = it;
		copy.pos += 8;
		T_EQ(uio_ring_iter_end(t.r, &copy), -EINVAL);
		copy = it;
		copy.end += 8;
		T_EQ(uio_ring_iter_end(t.r, &copy), -EINVAL);
		/* a peek in between: the iterator is stale, nothing released */
		T_EQ(uio_ring_peek(t.r, recs, 4), 1);
		T_EQ(uio_ring_iter_end(t.r, &it), -EINVAL);
		T_UEQ(t_stats(t.r).consumed, 5);
		T_OK(uio_ring_release(t.r, 1));
		T_UEQ(t_stats(t.r).consumed, 6);
	}
	T_EQ(uio_ring_iter_end(t.r, NULL), -EINVAL);
	T_EQ(uio_ring_iter_begin(NULL, &it), -EINVAL);

	t_case = "iter: corrupt record";
	payload = t_reserve(t.p, 8, 1, 0);
	T_ASSERT(payload != NULL, "reserve failed");
	uio_ring_commit(t.p, payload);
	t_hdr(payload)->len = (uint32_t)t.r->max_payload + 8;
	T_EQ(uio_ring_iter_begin(t.r, &it), -EBADMSG);
	T_EQ(uio_ring_iter_end(t.r, &it), -EINVAL);

	t_case = "iter: observer";
	T_OK(uio_ring_open_fd(t.fd, t.efd, UIO_RING_OPEN_OBSERVE, &o));
	T_EQ(uio_ring_iter_begin(o, &it), -EPERM);
	uio_ring_close(o);
	t_ring_fini(&t);
}

/* A discard in the middle of a partly released peek; trailing discards. */
static void test_discard_release(void)
{
	struct uio_ring_record recs[8];
	struct uio_ring_stats st;
	struct t_ring t;

	t_case = "discard: partial release";
	t_ring_init(&t, "records", DS, true);
	t_put(t.p, 1, 1, 0, false);	/* 0 */
	t_put(t.p, 1, 1, 0, true);	/* 1 D */
	t_put(t.p, 1, 1, 0, false);	/* 2 */
	t_put(t.p, 1, 1, 0, true);	/* 3 D */
	t_put(t.p, 1, 1, 0, true);	/* 4 D */
	T_EQ(uio_ring_peek(t.r, recs, 8), 2);
	T_UEQ(recs[1].seq, 2);
	T_EQ(uio_ring_release(t.r, 1), 0);
	st = t_stats(t.r);
	T_UEQ(st.consumed, 1);
	T_UEQ(st.discarded, 1);	/* seq 1 went with seq 0 */
	T_UEQ(st.pending_bytes, 3 * 24);
	T_EQ(uio_ring_peek(t.r, recs, 8), 1);
	T_UEQ(recs[0].seq, 2);
	T_EQ(uio_ring_release(t.r, 1), 0);
	st = t_stats(t.r);
	T_UEQ(st.discarded, 3);
	T_UEQ(st.pending_bytes, 0);
	T_UEQ(st.missed, 0);
	t_ring_fini(&t);
}

/*
 * A seq gap after records in order, the peek released in parts on either
 * side of it: the records skipped are counted missed once, when the record
 * after the gap is released.
 */
static void test_gap_release(void)
{
	struct uio_ring_record recs[8];
	struct uio_ring_stats st;
	struct t_ring t;
	unsigned int split;

	for (split = 0; split <= 3; split++) {
		void *payload;
		unsigned int i;

		t_case = "gap: partial release";
		t_ring_init(&t, "records", DS, true);
		T_UEQ(t_put(t.p, 8, 1, 0, false), 0);
		T_UEQ(t_put(t.p, 8, 1, 0, false), 1);
		/* seq 2 written as 5: seqs 2 to 4 never come */
		payload = t_reserve(t.p, 8, 1, 0);
		T_ASSERT(payload != NULL, "reserve failed");
		t_hdr(payload)->seq = 5;
		t_fill(payload, 8, 5);
		uio_ring_commit(t.p, payload);
		T_EQ(uio_ring_peek(t.r, recs, 8), 3);
		for (i = 0; i < 3; i++)
			t_check_rec(t.r, &recs[i], i < 2 ? i : 5, 8);
		if (split) {
			T_OK(uio_ring_release(t.r, split));
			st = t_stats(t.r);
			T_UEQ(st.consumed, split);
			T_UEQ(st.missed, split == 3 ? 3 : 0);
			T_EQ(uio_ring_peek(t.r, recs, 8), (int)(3 - split));
		}
		T_OK(uio_ring_release(t.r, 3 - split));
		st = t_stats(t.r);
		T_UEQ(st.consumed, 3);
		T_UEQ(st.missed, 3);
		T_UEQ(st.discarded, 0);
		T_UEQ(st.pending_bytes, 0);
		t_ring_fini(&t);
	}
}

/* An uncommitted (busy) record hides everything after it. */
static void test_busy_record(void)
{
	struct uio_ring_record recs[8];
	struct t_ring t;
	void *a, *b;

	t_case = "uncommitted records";
	t_ring_init(&t, "records", DS, true);
	t_put(t.p, 4, 1, 0, false);
	a = t_reserve(t.p, 8, 1, 0);
	b = t_reserve(t.p, 8, 1, 0);
	T_ASSERT(a && b, "reserve");
	t_fill(a, 8, 1);
	t_fill(b, 8, 2);
	uio_ring_commit(t.p, b);	/* out of order */
	T_EQ(uio_ring_peek(t.r, recs, 8), 1);
	T_EQ(uio_ring_release(t.r, 1), 0);
	T_EQ(uio_ring_peek(t.r, recs, 8), 0);
	T_EQ(uio_ring_wait(t.r, 0), 0);
	uio_ring_commit(t.p, a);
	T_EQ(uio_ring_wait(t.r, 0), 1);
	T_EQ(uio_ring_peek(t.r, recs, 8), 2);
	t_check_rec(t.r, &recs[0], 1, 8);
	t_check_rec(t.r, &recs[1], 2, 8);
	T_EQ(uio_ring_release(t.r, 2), 0);

	/* a reserved-then-discarded record behind a busy one */
	a = t_reserve(t.p, 8, 1, 0);
	b = t_reserve(t.p, 8, 1, 0);
	uio_ring_discard(t.p, b);
	T_EQ(uio_ring_peek(t.r, recs, 8), 0);
	uio_ring_discard(t.p, a);
	T_EQ(uio_ring_peek(t.r, recs, 8), 0);
	T_UEQ(t_stats(t.r).discarded, 2);
	T_UEQ(t_stats(t.r).pending_bytes, 0);
	t_ring_fini(&t);
}

/* An observer sees the counters but cannot consume. */
static void test_observe(void)
{
	struct uio_ring_record recs[4];
	struct uio_ring_stats st;
	struct uio_ring *o;
	struct t_ring t;

	t_case = "observe";
	t_ring_init(&t, "records", DS, true);
	T_OK(uio_ring_open_fd(t.fd, t.efd, UIO_RING_OPEN_OBSERVE, &o));
	t_put(t.p, 10, 1, 0, false);
	t_put(t.p, 10, 1, 0, false);
	T_EQ(uio_ring_peek(o, recs, 4), -EPERM);
	T_EQ(uio_ring_release(o, 1), -EINVAL);
	T_EQ(uio_ring_arm(o), -EPERM);
	T_OK(uio_ring_get_stats(o, &st));
	T_UEQ(st.produced, 2);
	T_UEQ(st.pending_bytes, 64);
	T_EQ(uio_ring_peek(t.r, recs, 4), 2);
	T_EQ(uio_ring_release(t.r, 1), 0);
	T_OK(uio_ring_get_stats(o, &st));
	T_UEQ(st.pending_bytes, 32);
	T_UEQ(st.consumed, 0);
	uio_ring_close(o);
	t_ring_fini(&t);
}

int main(void)
{
	t_watchdog(60);
	test_basic();
	test_peek_max();
	test_consume();
	test_consume_irregular();
	test_iter();
	test_discard();
	test_discard_release();
	test_gap_release();
	test_busy_record();
	test_observe();
	printf("PASS: records\n");
	return T_PASS;
}
