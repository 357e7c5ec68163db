// SPDX-License-Identifier: MIT
/*
 * Wrap-around: in a 4096-byte ring, records starting at every 8-byte
 * offset, of sizes from 0 to the largest payload, come back contiguous and
 * intact, also those that run past the end of the data area (which the
 * consumer maps twice).
 */
#include "test.h"

#define DS 4096u
#define MAXP (DS - 16u)

/* Move the ring's position (both sides) to offset off of the data area. */
static void move_to(struct t_ring *t, uint32_t off, unsigned int *filler)
{
	struct uio_ring_record rec;
	uint64_t d = (off - t->ctrl->producer_pos) & (DS - 1);

	if (d == 8)
		d += DS;	/* no record is 8 bytes: go round once more */
	while (d) {
		uint64_t c = d > DS ? DS / 2 : d;
		/* alternate committed and discarded fillers */
		bool discard = (*filler)++ & 1;

		t_put(t->p, (uint32_t)(c - 16), 2, 0, discard);
		if (!discard) {
			T_EQ(uio_ring_peek(t->r, &rec, 1), 1);
			T_EQ(rec.len, c - 16);
			T_EQ(uio_ring_release(t->r, 1), 0);
		} else {
			T_EQ(uio_ring_peek(t->r, &rec, 1), 0);
		}
		d -= c;
	}
	T_UEQ(t->ctrl->producer_pos & (DS - 1), off);
	T_UEQ(t_stats(t->r).pending_bytes, 0);
}

int main(void)
{
	static const uint32_t lens[] = { 0, 1, 7, 8, 9, 15, 16, 17, 100, 1000, 2040, 2048,
					 4000, MAXP - 8, MAXP - 1, MAXP };
	struct uio_ring_record recs[4];
	unsigned int filler = 0, checked = 0, crossed = 0, li;
	struct uio_ring_stats st;
	uint32_t off;
	struct t_ring t;
	uint64_t records = 0;

	t_watchdog(120);
	if (sysconf(_SC_PAGESIZE) > (long)DS) {
		printf("SKIP: wrap: the page size is larger than the %u-byte test ring\n", DS);
		return T_SKIP;
	}
	t_ring_init(&t, "wrap", DS, true);
	T_EQ(t.r->data_size, DS);

	for (off = 0; off < DS; off += 8) {
		for (li = 0; li < sizeof(lens) / sizeof(lens[0]); li++) {
			uint32_t len = lens[li], len2;
			uint64_t seq, seq2 = 0;
			void *payload;
			int n, want = 1;

			move_to(&t, off, &filler);
			payload = t_reserve(t.p, len, UIO_RING_TYPE_TEST, (uint16_t)off);
			T_ASSERT(payload, "reserve(%u) at offset %u", len, off);
			seq = t_hdr(payload)->seq;
			t_fill(payload, len, seq);
			uio_ring_commit(t.p, payload);
			/* A second record right behind it, if it fits. */
			len2 = (off * 7 + len) % 97;
			if (UIO_RING_REC_SIZE(len) + UIO_RING_REC_SIZE(len2) <= DS) {
				seq2 = t_put(t.p, len2, UIO_RING_TYPE_TEST, 1, false);
				want = 2;
			}
			if (off + 16 + len > DS)
				crossed++;

			t_case = "wrap";
			n = uio_ring_peek(t.r, recs, 4);
			if (n != want)
				t_fail("offset %u len %u: peek returned %d, want %d (%s)",
				       off, len, n, want, uio_ring_errmsg());
			if ((const uint8_t *)recs[0].data != t.r->data + off + 16)
				t_fail("offset %u len %u: payload at data + %td, want %u", off, len,
				       (const uint8_t *)recs[0].data - t.r->data, off + 16);
			t_check_rec(t.r, &recs[0], seq, len);
			T_EQ(recs[0].type, UIO_RING_TYPE_TEST);
			T_EQ(recs[0].flags, (uint16_t)off);
			if (want == 2) {
				t_check_rec(t.r, &recs[1], seq2, len2);
				/* it starts where the first ends, in the first copy */
				T_EQ((const uint8_t *)recs[1].data - 16 - t.r->data,
				     (off + UIO_RING_REC_SIZE(len)) & (DS - 1));
			}
			T_EQ(uio_ring_release(t.r, (unsigned int)n), 0);
			T_EQ(uio_ring_peek(t.r, recs, 4), 0);
			records += (uint64_t)want;
			checked++;
		}
	}
	st = t_stats(t.r);
	T_UEQ(st.missed, 0);
	T_UEQ(st.dropped, 0);
	T_UEQ(st.consumed + st.discarded, st.produced);
	T_UEQ(st.pending_bytes, 0);
	T_ASSERT(crossed > 1000, "only %u records crossed the end of the data area", crossed);
	t_ring_fini(&t);
	printf("PASS: wrap (%u placements, %u crossing the end, %" PRIu64 " records checked)\n",
	       checked, crossed, records);
	return T_PASS;
}
