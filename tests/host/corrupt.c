// SPDX-License-Identifier: MIT
/*
 * Corruption: a bad producer_pos, record length, seq or a cut-off header
 * makes peek return the good records first and then -EBADMSG, without
 * reading out of bounds or looping. A garbage consumer_pos left by an old
 * consumer is resynced on attach; one written by a hostile consumer makes
 * the producer count a consumer fault and drop, writing nothing.
 */
#include "test.h"

#define DS (16 * 1024u)
#define NREC 6
#define LEN 40u

struct fixture {
	struct t_ring t;
	struct uio_ring_rec *hdr[NREC];	/* producer's view of each header */
	uint64_t pos[NREC + 1];		/* position of each record, and the end */
};

/* A ring with some consumed history, then NREC committed records. */
static void setup(struct fixture *f, uint32_t history)
{
	struct uio_ring_record rec;
	uint32_t i;

	t_ring_init(&f->t, "corrupt", DS, true);
	for (i = 0; i < history; i++) {
		t_put(f->t.p, 1000, 1, 0, false);
		T_EQ(uio_ring_peek(f->t.r, &rec, 1), 1);
		T_EQ(uio_ring_release(f->t.r, 1), 0);
	}
	for (i = 0; i < NREC; i++) {
		void *payload = t_reserve(f->t.p, LEN, 1, 0);

		T_ASSERT(payload, "reserve");
		f->pos[i] = f->t.ctrl->producer_pos - UIO_RING_REC_SIZE(LEN);
		f->hdr[i] = t_hdr(payload);
		t_fill(payload, LEN, f->hdr[i]->seq);
		uio_ring_commit(f->t.p, payload);
	}
	f->pos[NREC] = f->t.ctrl->producer_pos;
}

/*
 * Peek until it fails: it must return good records (the first ngood of
 * them, checked) and then -EBADMSG with a message containing word.
 */
static void expect_bad(struct fixture *f, unsigned int ngood, const char *word)
{
	struct uio_ring_record recs[16];
	struct uio_ring *r = f->t.r;
	unsigned int got = 0, rounds;
	uint64_t seq0 = f->hdr[0]->seq;
	int n = 0, i;

	for (rounds = 0; rounds < 2 * NREC + 4; rounds++) {
		/* peek twice: the same answer without a release */
		n = uio_ring_peek(r, recs, 2);
		T_EQ(uio_ring_peek(r, recs, 2), n);
		if (n <= 0)
			break;
		for (i = 0; i < n; i++) {
			t_check_rec(r, &recs[i], seq0 + got, LEN);
			got++;
		}
		T_EQ(uio_ring_release(r, (unsigned int)n), 0);
	}
	T_ASSERT(n == -EBADMSG, "peek returned %d after %u good records (want -EBADMSG)",
		 n, got);
	T_EQ(got, ngood);
	T_ASSERT(strstr(uio_ring_errmsg(), word), "errmsg \"%s\" does not say \"%s\"",
		 uio_ring_errmsg(), word);
	/* It stays failed, without progress, and release has nothing to give. */
	T_EQ(uio_ring_peek(r, recs, 16), -EBADMSG);
	T_EQ(uio_ring_release(r, 1), -EINVAL);
	/* wait() reports corruption as ready, so the caller peeks and sees it */
	T_EQ(uio_ring_wait(r, 1000), 1);
	T_EQ(uio_ring_consume(r, 10, NULL, NULL), -EINVAL);
}

static void test_producer_pos(void)
{
	static const struct {
		const char *what;
		int64_t delta;		/* added to the real producer_pos */
		unsigned int ngood;
		const char *word;
	} c[] = {
		{ "producer_pos data_size + 8 ahead", DS + 8, 0, "producer position" },
		{ "producer_pos 2^63 ahead", INT64_MIN, 0, "producer position" },
		{ "producer_pos unaligned (+3)", 3, 0, "producer position" },
		{ "producer_pos unaligned (-1)", -1, 0, "producer position" },
		{ "producer_pos behind the consumer", -(int64_t)(NREC * UIO_RING_REC_SIZE(LEN)) - 8,
		  0, "producer position" },
		{ "header cut off (+8)", 8, NREC, "cut off" },
		{ "producer_pos inside the last record", -8, NREC - 1, "overrun" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct fixture f;
		uint64_t good;

		t_case = c[i].what;
		setup(&f, 20);
		good = f.t.ctrl->producer_pos;
		f.t.ctrl->producer_pos = good + (uint64_t)c[i].delta;
		expect_bad(&f, c[i].ngood, c[i].word);
		/* Once the producer position is sane again, so is the ring. */
		if (c[i].ngood == 0) {
			struct uio_ring_record recs[NREC];

			f.t.ctrl->producer_pos = good;
			T_EQ(uio_ring_peek(f.t.r, recs, NREC), NREC);
			T_UEQ(recs[0].seq, f.hdr[0]->seq);
		}
		t_ring_fini(&f.t);
	}
}

static void test_records(void)
{
	unsigned int bad, what;

	for (what = 0; what < 8; what++) {
		for (bad = 0; bad < NREC; bad++) {
			struct fixture f;
			struct uio_ring_rec *h;
			const char *word;
			uint32_t max, room;

			setup(&f, 30 + bad);
			h = f.hdr[bad];
			max = f.t.r->max_payload;
			room = (uint32_t)(f.pos[NREC] - f.pos[bad] - 16);
			switch (what) {
			case 0:
				t_case = "len > max_payload";
				h->len = max + 1;
				word = "length";
				break;
			case 1:
				t_case = "len = LEN_MASK, discarded";
				h->len = UIO_RING_REC_LEN_MASK | UIO_RING_REC_DISCARD;
				word = "length";
				break;
			case 2:
				t_case = "len overruns producer_pos by 1";
				h->len = room + 1;
				if (UIO_RING_REC_SIZE(room + 1) <= room + 16)
					h->len = room + 8;
				word = "length";
				break;
			case 3:
				t_case = "len overruns producer_pos, discarded";
				h->len = (room + 9) | UIO_RING_REC_DISCARD;
				word = "length";
				break;
			case 4:
				t_case = "seq goes back by one";
				h->seq = bad ? f.hdr[bad - 1]->seq : f.hdr[0]->seq - 1;
				word = "sequence";
				break;
			case 5:
				t_case = "seq goes back to 0";
				h->seq = 0;	/* the history makes 0 a step back */
				word = "sequence";
				break;
			default:
				/*
				 * 2^64 - 1, then 0: no producer gets there, and
				 * taking seq + 1 = 0 as the next lowest seq lets
				 * the seq go back (found by fuzz-consumer).
				 */
				t_case = what == 6 ? "seq 2^64 - 1, then 0" :
					"seq 2^64 - 1 discarded, then 0";
				h->seq = UINT64_MAX;
				if (what == 7)
					h->len |= UIO_RING_REC_DISCARD;
				if (bad + 1 < NREC)
					f.hdr[bad + 1]->seq = 0;
				word = "sequence";
				break;
			}
			expect_bad(&f, bad, word);
			t_ring_fini(&f.t);
		}
	}
}

/*
 * A ring that says its records are at most 100 bytes, with a longer one
 * that fits in what was produced: the consumer holds the producer to its
 * max_payload.
 */
static void test_small_max_payload(void)
{
	struct uio_ring_record recs[4];
	struct t_ring t;

	t_case = "len > a small max_payload";
	t_ring_init(&t, "corrupt", DS, false);
	t.ctrl->max_payload = 100;	/* the producer attached before: it allows more */
	T_OK(uio_ring_open_fd(t.fd, t.efd, 0, &t.r));
	T_EQ(t.r->max_payload, 100);
	t_put(t.p, 100, 1, 0, false);
	t_put(t.p, 101, 1, 0, false);
	T_EQ(uio_ring_peek(t.r, recs, 4), 1);
	T_EQ(recs[0].len, 100);
	T_EQ(uio_ring_release(t.r, 1), 0);
	T_EQ(uio_ring_peek(t.r, recs, 4), -EBADMSG);
	T_ASSERT(strstr(uio_ring_errmsg(), "length"), "errmsg \"%s\"", uio_ring_errmsg());
	t_ring_fini(&t);
}

/* A seq that jumps ahead is not corruption: it is a gap, counted as missed. */
static void test_seq_jump(void)
{
	struct uio_ring_record recs[NREC];
	struct fixture f;

	t_case = "seq jumps ahead";
	setup(&f, 0);
	f.hdr[3]->seq += 1000;
	f.hdr[4]->seq += 1000;
	f.hdr[5]->seq += 1000;
	T_EQ(uio_ring_peek(f.t.r, recs, NREC), NREC);
	T_EQ(uio_ring_release(f.t.r, NREC), 0);
	T_UEQ(t_stats(f.t.r).missed, 1000);
	t_ring_fini(&f.t);
}

/* A consumer position left behind by a previous consumer. */
static void test_stale_consumer_pos(void)
{
	static const struct {
		const char *what;
		int64_t delta;		/* from producer_pos */
		bool resync;		/* the new consumer starts at the producer */
	} c[] = {
		{ "consumer_pos ahead of the producer by 8", 8, true },
		{ "consumer_pos ahead by data_size", DS, true },
		{ "consumer_pos 2^63 away", INT64_MIN, true },
		{ "consumer_pos data_size + 8 behind", -(int64_t)DS - 8, true },
		{ "consumer_pos unaligned, 3 behind", -3, true },
		{ "consumer_pos unaligned, 1 ahead", 1, true },
		{ "consumer_pos valid, NREC records behind",
		  -(int64_t)(NREC * UIO_RING_REC_SIZE(LEN)), false },
	};
	unsigned int i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct uio_ring_record recs[NREC + 1];
		struct fixture f;
		uint64_t seq;
		int n;

		t_case = c[i].what;
		setup(&f, 25);
		uio_ring_close(f.t.r);
		f.t.r = NULL;
		f.t.cons->consumer_pos = f.t.ctrl->producer_pos + (uint64_t)c[i].delta;
		f.t.cons->need_wakeup = 0xdeadbeef;
		T_OK(uio_ring_open_fd(f.t.fd, f.t.efd, 0, &f.t.r));
		T_UEQ(f.t.cons->need_wakeup, 0);
		T_EQ(f.t.cons->owner_pid, getpid());
		if (c[i].resync) {
			T_UEQ(f.t.cons->consumer_pos, f.t.ctrl->producer_pos);
			T_UEQ(t_stats(f.t.r).pending_bytes, 0);
			T_EQ(uio_ring_peek(f.t.r, recs, NREC), 0);
			seq = t_put(f.t.p, 9, 1, 0, false);
			T_EQ(uio_ring_peek(f.t.r, recs, NREC), 1);
			t_check_rec(f.t.r, &recs[0], seq, 9);
		} else {
			n = uio_ring_peek(f.t.r, recs, NREC + 1);
			T_EQ(n, NREC);
			t_check_rec(f.t.r, &recs[0], f.hdr[0]->seq, LEN);
		}
		T_OK(uio_ring_release(f.t.r, (unsigned int)uio_ring_peek(f.t.r, recs, NREC)));
		/* The first record a resynced consumer sees is no gap. */
		T_UEQ(t_stats(f.t.r).missed, 0);
		t_ring_fini(&f.t);
	}
}

/*
 * An unaligned producer_pos when a consumer attaches (with a garbage
 * consumer_pos, so it resyncs): the consumer must not take the unaligned
 * value as its position, or every later header it reads is misaligned
 * (found by fuzz-consumer; UBSan reports the misaligned access in
 * ur_ready() when the producer moves on).
 */
static void test_unaligned_resync(void)
{
	static const int64_t deltas[] = { 3, -5, 1 };
	struct uio_ring_record recs[NREC];
	unsigned int i;

	for (i = 0; i < sizeof(deltas) / sizeof(deltas[0]); i++) {
		struct fixture f;
		uint64_t good;
		int ret;

		t_case = "resync to an unaligned producer_pos";
		setup(&f, 9);
		uio_ring_close(f.t.r);
		f.t.r = NULL;
		good = f.t.ctrl->producer_pos;
		f.t.ctrl->producer_pos = good + (uint64_t)deltas[i];
		f.t.cons->consumer_pos = good + 1;	/* garbage: resync */
		ret = uio_ring_open_fd(f.t.fd, f.t.efd, 0, &f.t.r);
		T_ASSERT(ret == 0 || ret == -EBADMSG, "attach returned %d", ret);
		if (ret == 0) {
			T_UEQ(f.t.r->cons_pos % UIO_RING_REC_ALIGN, 0);
			T_UEQ(f.t.cons->consumer_pos % UIO_RING_REC_ALIGN, 0);
			/* the producer moves on, still unaligned */
			f.t.ctrl->producer_pos += 64;
			T_EQ(uio_ring_wait(f.t.r, 0), 1);	/* corruption counts as ready */
			T_EQ(uio_ring_arm(f.t.r), 1);
			T_EQ(uio_ring_peek(f.t.r, recs, NREC), -EBADMSG);
		}
		t_ring_fini(&f.t);
	}
}

/*
 * A stale position that is in range and aligned but not on a record
 * boundary: the consumer parses junk. Whatever it makes of it, it stays in
 * bounds and ends in records or -EBADMSG.
 */
static void test_misaligned_resume(void)
{
	struct uio_ring_record recs[64];
	unsigned int off, rounds;

	for (off = 8; off < 2 * UIO_RING_REC_SIZE(LEN); off += 8) {
		struct fixture f;
		int n = 0, i;

		t_case = "consumer_pos inside a record";
		setup(&f, 11);
		uio_ring_close(f.t.r);
		f.t.r = NULL;
		f.t.cons->consumer_pos = f.pos[0] + off;
		T_OK(uio_ring_open_fd(f.t.fd, f.t.efd, 0, &f.t.r));
		for (rounds = 0; rounds < NREC * 4; rounds++) {
			n = uio_ring_peek(f.t.r, recs, 64);
			if (n <= 0)
				break;
			for (i = 0; i < n; i++)
				t_check_bounds(f.t.r, &recs[i]);
			T_EQ(uio_ring_release(f.t.r, (unsigned int)n), 0);
		}
		T_ASSERT(n == 0 || n == -EBADMSG, "offset %u: peek returned %d", off, n);
		T_ASSERT(rounds < NREC * 4, "offset %u: peek never ends", off);
		t_ring_fini(&f.t);
	}
}

/* Read the whole ring file. */
static uint8_t *snapshot(struct t_ring *t, size_t *len)
{
	size_t n = 2 * t->page + DS;
	uint8_t *buf = malloc(n);

	T_ASSERT(buf, "malloc");
	T_EQ(pread(t->fd, buf, n, 0), (ssize_t)n);
	*len = n;
	return buf;
}

/* A consumer that writes garbage into consumer_pos under the producer. */
static void test_hostile_consumer(void)
{
	static const struct {
		const char *what;
		int64_t delta;		/* from producer_pos */
		bool fault;
	} c[] = {
		{ "hostile: consumer_pos ahead by 8", 8, true },
		{ "hostile: consumer_pos ahead by 2^40", 1ll << 40, true },
		{ "hostile: consumer_pos 2^63", INT64_MIN, true },
		{ "hostile: consumer_pos data_size + 8 behind", -(int64_t)DS - 8, true },
		{ "hostile: consumer_pos data_size behind (full)", -(int64_t)DS, false },
		{ "hostile: consumer_pos unaligned, 5 behind", -5, false },
		{ "hostile: consumer_pos equal", 0, false },
	};
	unsigned int i, k;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct uio_ring_record recs[NREC];
		struct fixture f;
		struct uio_ring_stats st0, st;
		uint8_t *before, *after;
		size_t len;
		uint64_t prod;

		t_case = c[i].what;
		setup(&f, 17);
		/* the consumer catches up, then turns hostile */
		T_EQ(uio_ring_peek(f.t.r, recs, NREC), NREC);
		T_EQ(uio_ring_release(f.t.r, NREC), 0);
		prod = f.t.ctrl->producer_pos;
		f.t.cons->consumer_pos = prod + (uint64_t)c[i].delta;
		st0 = t_stats(f.t.r);
		before = snapshot(&f.t, &len);
		for (k = 0; k < 10; k++) {
			uint32_t l = k * 500;
			void *p = t_reserve(f.t.p, l, 1, 0);

			if (c[i].fault || c[i].delta == -(int64_t)DS) {
				T_ASSERT(p == NULL, "reserve(%u) succeeded with consumer_pos %+lld",
					 l, (long long)c[i].delta);
				continue;
			}
			if (!p)
				continue;	/* full: a plain drop */
			/* The producer writes only inside its map of the ring. */
			T_ASSERT(t_in_maps(t_hdr(p), 16 + l, "memfd:corrupt"),
				 "payload %p + %u is outside the ring's mapping", p, l);
			T_UEQ(f.t.ctrl->producer_pos % UIO_RING_REC_ALIGN, 0);
			uio_ring_discard(f.t.p, p);
		}
		st = t_stats(f.t.r);
		T_UEQ(st.produced + st.dropped, st0.produced + st0.dropped + 10);
		if (c[i].fault) {
			T_UEQ(st.consumer_faults, st0.consumer_faults + 10);
			T_UEQ(st.dropped, st0.dropped + 10);
			T_UEQ(f.t.ctrl->producer_pos, prod);
			/* nothing but the producer's counters changed */
			after = snapshot(&f.t, &len);
			T_ASSERT(!memcmp(before + f.t.page, after + f.t.page, len - f.t.page),
				 "the producer wrote into the ring while dropping");
			T_ASSERT(!memcmp(before, after, offsetof(struct uio_ring_ctrl, producer_pos)),
				 "the producer changed the ring's identity");
			free(after);
		} else {
			T_UEQ(st.consumer_faults, st0.consumer_faults);
		}
		free(before);
		T_UEQ(f.t.ctrl->producer_lock, 0);
		t_ring_fini(&f.t);
	}
}

int main(void)
{
	t_watchdog(60);
	test_producer_pos();
	test_records();
	test_small_max_payload();
	test_seq_jump();
	test_stale_consumer_pos();
	test_misaligned_resume();
	test_unaligned_resync();
	test_hostile_consumer();
	printf("PASS: corrupt\n");
	return T_PASS;
}
