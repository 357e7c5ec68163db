// SPDX-License-Identifier: MIT
/*
 * Full ring accounting: reserve fails when the ring is full and counts a
 * drop; drops leave gaps in seq that the consumer counts as missed; after
 * draining, consumed + discarded + missed == produced + dropped and
 * missed == dropped.
 */
#include "test.h"

#define DS (8 * 1024u)
#define NSEQ 200000

/* What the test expects of each seq: 0 dropped, 1 record, 2 discarded. */
static uint8_t fate[NSEQ];

struct model {
	uint64_t next_seq;	/* seq of the next reserve */
	uint64_t next_read;	/* seq the consumer expects next (at least) */
	uint64_t ok, dropped, discarded, consumed;
};

/* Reserve; record the fate of the seq. Returns false when dropped. */
static bool put(struct t_ring *t, struct model *m, uint32_t len, bool discard)
{
	uint64_t before_pos = t->ctrl->producer_pos, before_drop = t->ctrl->dropped;
	void *payload = t_reserve(t->p, len, 3, 0);
	uint64_t seq = m->next_seq++;

	T_ASSERT(seq < NSEQ, "test too long");
	if (!payload) {
		fate[seq] = 0;
		m->dropped++;
		T_UEQ(t->ctrl->dropped, before_drop + 1);
		T_UEQ(t->ctrl->producer_pos, before_pos);
		/* it really did not fit */
		T_UCMP(before_pos - t->cons->consumer_pos + UIO_RING_REC_SIZE(len), >, DS);
		return false;
	}
	T_UEQ(t_hdr(payload)->seq, seq);
	T_UEQ(t->ctrl->producer_pos, before_pos + UIO_RING_REC_SIZE(len));
	T_UCMP(t->ctrl->producer_pos - t->cons->consumer_pos, <=, DS);
	t_fill(payload, len, seq);
	if (discard) {
		uio_ring_discard(t->p, payload);
		fate[seq] = 2;
		m->discarded++;
	} else {
		uio_ring_commit(t->p, payload);
		fate[seq] = 1;
		m->ok++;
	}
	return true;
}

/* Consume up to max records, checking each against the model. */
static void drain(struct t_ring *t, struct model *m, uint64_t max)
{
	struct uio_ring_record recs[16];
	uint64_t done = 0;

	while (done < max) {
		int n = uio_ring_peek(t->r, recs, 16), i;

		T_CMP(n, >=, 0);
		if (n == 0)
			break;
		if ((uint64_t)n > max - done)
			n = (int)(max - done);
		for (i = 0; i < n; i++) {
			uint64_t s;

			/* everything skipped must have been dropped or discarded */
			for (s = m->next_read; s < recs[i].seq; s++)
				T_ASSERT(fate[s] != 1, "seq %" PRIu64 " was committed but skipped "
					 "(got seq %" PRIu64 ")", s, recs[i].seq);
			T_ASSERT(fate[recs[i].seq] == 1, "seq %" PRIu64 " fate %d returned",
				 recs[i].seq, fate[recs[i].seq]);
			T_CMP(t_check(recs[i].data, recs[i].len, recs[i].seq), <, 0);
			t_check_bounds(t->r, &recs[i]);
			m->next_read = recs[i].seq + 1;
		}
		T_EQ(uio_ring_release(t->r, (unsigned int)n), 0);
		m->consumed += (uint64_t)n;
		done += (uint64_t)n;
	}
}

static void check_stats(struct t_ring *t, struct model *m, bool drained)
{
	struct uio_ring_stats st = t_stats(t->r);

	T_UEQ(st.produced, m->ok + m->discarded);
	T_UEQ(st.dropped, m->dropped);
	T_UEQ(st.consumed, m->consumed);
	T_UEQ(t->ctrl->producer_next_seq, m->next_seq);
	T_UCMP(st.missed, <=, st.dropped);
	if (drained) {
		T_UEQ(st.pending_bytes, 0);
		T_UEQ(st.consumed + st.discarded + st.missed, st.produced + st.dropped);
		T_UEQ(st.missed, st.dropped);
		T_UEQ(st.discarded, m->discarded);
		T_UEQ(st.consumer_faults, 0);
	}
}

int main(void)
{
	struct model m = { 0 };
	struct t_ring t;
	uint64_t fills = 0, i;
	int cycle;

	t_watchdog(60);
	t_ring_init(&t, "full", DS, true);

	/* 1. Fill with equal records until the first drop. */
	t_case = "first fill";
	while (put(&t, &m, 100, false))
		T_ASSERT(m.ok < DS, "the ring never fills");
	T_UEQ(m.ok, DS / UIO_RING_REC_SIZE(100));
	T_UEQ(m.dropped, 1);
	check_stats(&t, &m, false);
	/* more drops while full */
	for (i = 0; i < 5; i++)
		T_ASSERT(!put(&t, &m, 100, false), "reserve succeeded in a full ring");
	T_UCMP(DS - (t.ctrl->producer_pos - t.cons->consumer_pos), <, UIO_RING_REC_SIZE(100));
	check_stats(&t, &m, false);
	/* The drops after the last record are not seen yet... */
	drain(&t, &m, UINT64_MAX);
	T_UEQ(t_stats(t.r).missed, 0);
	T_UEQ(t_stats(t.r).pending_bytes, 0);
	/* ...one record after them makes them visible as a gap. */
	T_ASSERT(put(&t, &m, 5, false), "reserve in an empty ring");
	drain(&t, &m, UINT64_MAX);
	T_UEQ(t_stats(t.r).missed, 6);
	check_stats(&t, &m, true);

	/* 1b. Full for big records, a small one still fits in the slack. */
	t_case = "slack";
	while (put(&t, &m, 100, false))
		;
	T_ASSERT(DS - (t.ctrl->producer_pos - t.cons->consumer_pos) >= 16,
		 "no slack: %llu bytes free",
		 (unsigned long long)(DS - (t.ctrl->producer_pos - t.cons->consumer_pos)));
	T_ASSERT(put(&t, &m, 0, false), "an empty record did not fit the slack");
	T_ASSERT(!put(&t, &m, 0, false) || !put(&t, &m, 0, false) || !put(&t, &m, 0, false),
		 "the slack holds more than it has room for");
	drain(&t, &m, UINT64_MAX);
	T_ASSERT(put(&t, &m, 1, false), "reserve in an empty ring");
	drain(&t, &m, UINT64_MAX);
	check_stats(&t, &m, true);

	/* 2. Cycles: fill with mixed sizes and discards, drain part, repeat. */
	for (cycle = 0; cycle < 400; cycle++) {
		uint32_t len = (uint32_t)(cycle * 37) % 700;
		unsigned int drops = 0;

		t_case = "cycles";
		while (drops < 1 + (unsigned int)cycle % 5) {
			bool discard = (m.next_seq % 7) == 3;

			if (!put(&t, &m, len, discard))
				drops++;
			len = (len * 13 + 5) % 900;
		}
		fills++;
		drain(&t, &m, (uint64_t)(cycle % 4) * 5);
		check_stats(&t, &m, false);
	}
	t_case = "final drain";
	T_ASSERT(put(&t, &m, 1, false) || (drain(&t, &m, UINT64_MAX), put(&t, &m, 1, false)),
		 "last record does not fit");
	drain(&t, &m, UINT64_MAX);
	check_stats(&t, &m, true);
	printf("PASS: full (%" PRIu64 " fills, %" PRIu64 " records, %" PRIu64 " dropped, %"
	       PRIu64 " discarded)\n", fills, m.ok, m.dropped, m.discarded);
	t_ring_fini(&t);
	return T_PASS;
}
