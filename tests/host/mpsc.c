// SPDX-License-Identifier: MIT
/*
 * Several producer threads into one ring, one consumer: each producer puts
 * its id and a counter in the payload and retries a dropped record, so the
 * consumer must see each producer's counters 0, 1, 2, ... in order, every
 * byte intact, and the totals must balance. Also built with TSan.
 */
#include <pthread.h>
#include <sched.h>

#include "test.h"

#define DS (64 * 1024u)
#define NPROD 4
#define TYPE_END 0x7e01

struct hdr {
	uint32_t id;
	uint32_t len;		/* payload length, again */
	uint64_t counter;
};

struct prod {
	pthread_t th;
	struct uio_ring_producer *p;
	uint32_t id;
	uint64_t n;
	uint64_t drops, discards;
};


static uint32_t rec_len(uint32_t id, uint64_t c)
{
	uint32_t h = (uint32_t)((c + id * 7919u) * 2654435761u);

	return (uint32_t)sizeof(struct hdr) + (c % 500 == 499 ? 3000 : (h >> 9) % 200);
}

static bool rec_discard(uint32_t id, uint64_t c)
{
	return (c + id) % 97 == 13;
}

static void *producer(void *arg)
{
	struct prod *pr = arg;
	uint64_t c;

	for (c = 0; c <= pr->n; c++) {
		bool end = c == pr->n;
		uint32_t len = end ? (uint32_t)sizeof(struct hdr) : rec_len(pr->id, c);
		uint8_t *payload;
		struct hdr h = { pr->id, len, c };
		uint64_t seq;

		while (!(payload = t_reserve(pr->p, len, end ? TYPE_END : UIO_RING_TYPE_TEST,
						       (uint16_t)pr->id))) {
			pr->drops++;
			sched_yield();
		}
		seq = t_hdr(payload)->seq;
		memcpy(payload, &h, sizeof(h));
		memcpy(payload + sizeof(h), t_payload(seq), len - sizeof(h));
		if (!end && rec_discard(pr->id, c)) {
			pr->discards++;
			uio_ring_discard(pr->p, payload);
		} else {
			uio_ring_commit(pr->p, payload);
		}
	}
	return NULL;
}

int main(void)
{
	struct prod prods[NPROD];
	uint64_t next[NPROD] = { 0 }, got[NPROD] = { 0 };
	uint64_t records = 0, bytes = 0, last_seq = 0, gaps = 0, drops = 0, discards = 0;
	uint64_t n, t0, waits = 0;
	struct uio_ring_record recs[64];
	struct uio_ring_stats st;
	unsigned int ended = 0, i, timeouts = 0;
	const char *env = getenv("UR_TEST_RECORDS");
	struct t_ring t;
	bool first = true;

	t_watchdog(150);
	n = (env ? strtoull(env, NULL, 0) : 2000000) / NPROD;
	t_ring_init(&t, "mpsc", DS, true);
	t0 = t_now_ns();
	for (i = 0; i < NPROD; i++) {
		prods[i] = (struct prod){ .id = i, .n = n };
		/* each thread its own producer handle, as separate processes would */
		T_OK(uio_ring_producer_open_fd(t.fd, t.efd, 0, &prods[i].p));
		T_EQ(pthread_create(&prods[i].th, NULL, producer, &prods[i]), 0);
	}
	t_case = "mpsc consumer";
	while (ended < NPROD) {
		int k = uio_ring_peek(t.r, recs, 64), j;

		if (k < 0)
			t_fail("peek: %d %s", k, uio_ring_errmsg());
		if (k == 0) {
			int w = uio_ring_wait(t.r, 2000);

			waits++;
			T_CMP(w, >=, 0);
			if (w == 0)
				T_ASSERT(++timeouts < 10, "no records for 20 s");
			continue;
		}
		for (j = 0; j < k; j++) {
			const struct uio_ring_record *rec = &recs[j];
			struct hdr h;

			t_check_bounds(t.r, rec);
			T_ASSERT(rec->len >= sizeof(h), "seq %" PRIu64 " len %u", rec->seq, rec->len);
			memcpy(&h, rec->data, sizeof(h));
			if (!first && rec->seq <= last_seq)
				t_fail("seq %" PRIu64 " after %" PRIu64, rec->seq, last_seq);
			gaps += rec->seq - (first ? 0 : last_seq + 1);
			first = false;
			last_seq = rec->seq;
			if (h.id >= NPROD || h.id != rec->flags || h.len != rec->len)
				t_fail("seq %" PRIu64 ": producer id %u flags %u len %u/%u", rec->seq,
				       h.id, rec->flags, h.len, rec->len);
			/* skip over the counters this producer discarded */
			while (next[h.id] < h.counter && rec_discard(h.id, next[h.id]))
				next[h.id]++;
			if (h.counter != next[h.id])
				t_fail("producer %u: counter %" PRIu64 ", want %" PRIu64 " (seq %" PRIu64 ")",
				       h.id, h.counter, next[h.id], rec->seq);
			next[h.id]++;
			if (rec->type == TYPE_END) {
				T_UEQ(h.counter, n);
				ended++;
				continue;
			}
			T_EQ(rec->type, UIO_RING_TYPE_TEST);
			T_EQ(rec->len, rec_len(h.id, h.counter));
			T_ASSERT(!rec_discard(h.id, h.counter), "producer %u counter %" PRIu64
				 " was discarded", h.id, h.counter);
			if (memcmp((const uint8_t *)rec->data + sizeof(h), t_payload(rec->seq),
				   rec->len - sizeof(h))) {
				long bad = t_check((const uint8_t *)rec->data + sizeof(h),
						   (uint32_t)(rec->len - sizeof(h)), rec->seq);

				t_fail("seq %" PRIu64 ": byte %ld of the pattern is wrong", rec->seq, bad);
			}
			got[h.id]++;
			records++;
			bytes += rec->len;
		}
		T_OK(uio_ring_release(t.r, (unsigned int)k));
	}
	for (i = 0; i < NPROD; i++) {
		T_EQ(pthread_join(prods[i].th, NULL), 0);
		drops += prods[i].drops;
		discards += prods[i].discards;
		t_case = "mpsc per producer";
		T_UEQ(got[i] + prods[i].discards, n);
		T_UEQ(next[i], n + 1);
		uio_ring_producer_close(prods[i].p);
	}
	T_EQ(uio_ring_peek(t.r, recs, 64), 0);
	st = t_stats(t.r);
	t_case = "mpsc totals";
	T_UEQ(st.produced, NPROD * (n + 1));
	T_UEQ(st.consumed, records + NPROD);
	T_UEQ(st.discarded, discards);
	T_UEQ(st.consumed + st.discarded, st.produced);
	T_UEQ(st.dropped, drops);
	T_UEQ(st.missed, st.dropped);
	T_UEQ(gaps, drops + discards);
	T_UEQ(last_seq + 1, st.produced + st.dropped);
	T_UEQ(t.ctrl->producer_next_seq, st.produced + st.dropped);
	T_UEQ(st.consumer_faults, 0);
	T_UEQ(t.ctrl->producer_lock, 0);
	printf("mpsc: %d producers, %" PRIu64 " records (%" PRIu64 " MiB) verified, %" PRIu64
	       " discarded, %" PRIu64 " dropped; %" PRIu64 " notifications (%.5f per record), %"
	       PRIu64 " waits\n", NPROD, records, bytes >> 20, discards, drops,
	       st.notifications, (double)st.notifications / (double)st.consumed, waits);
	T_UCMP(st.notifications * 4, <, records);
	printf("PASS: mpsc (%.2f s)\n", (double)(t_now_ns() - t0) / 1e9);
	t_ring_fini(&t);
	return T_PASS;
}
