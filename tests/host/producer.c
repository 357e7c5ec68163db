// SPDX-License-Identifier: MIT
/*
 * The public producer API on memfd rings: several producer threads, each
 * with its own handle, committing in batches with uio_ring_commit_batch()
 * and discarding now and then, against one consumer that checks every
 * producer's counters, every byte and every seq; then, one by one, what a
 * full ring does with and without UIO_RING_PRODUCER_NO_DROP,
 * UIO_RING_PRODUCER_SINGLE, -EMSGSIZE, -EINVAL for payloads that are not
 * reserved records, discard, producer_space and get_info. Also built with
 * TSan.
 */
#include <pthread.h>
#include <sched.h>

#include "test.h"

#define DS (64 * 1024u)
#define NPROD 4
#define MAX_BATCH 16
#define TYPE_END 0x7e03

struct hdr {
	uint32_t id;
	uint32_t len;
	uint64_t counter;
};

struct prod {
	pthread_t th;
	struct uio_ring_producer *p;
	uint32_t id;
	uint64_t n;
	uint64_t waits, discards, batches;
};

static uint32_t rec_len(uint32_t id, uint64_t c)
{
	uint32_t h = (uint32_t)((c * 31 + id) * 2654435761u);

	return (uint32_t)sizeof(struct hdr) + (c % 777 == 3 ? 4000 : (h >> 9) % 180);
}

static bool rec_discard(uint32_t id, uint64_t c)
{
	return (c * 7 + id) % 61 == 5;
}

/* Payload: the header, then the pattern of the record's seq. */
static void fill(void *payload, uint32_t id, uint64_t c, uint32_t len)
{
	struct hdr h = { id, len, c };
	uint64_t seq = t_hdr(payload)->seq;

	memcpy(payload, &h, sizeof(h));
	t_fill((uint8_t *)payload + sizeof(h), len - (uint32_t)sizeof(h), seq + sizeof(h));
}

static void *producer(void *arg)
{
	struct prod *pr = arg;
	void *batch[MAX_BATCH];
	unsigned int nb = 0, want = 1;
	uint64_t c;
	int ret;

	for (c = 0; c <= pr->n; c++) {
		bool end = c == pr->n;
		uint32_t len = end ? (uint32_t)sizeof(struct hdr) : rec_len(pr->id, c);
		void *payload;

		/* Full: publish what we hold first, the consumer cannot pass it. */
		while ((ret = uio_ring_reserve(pr->p, len, end ? TYPE_END : UIO_RING_TYPE_TEST,
					       (uint16_t)pr->id, &payload)) == -EAGAIN) {
			if (nb) {
				T_OK(uio_ring_commit_batch(pr->p, batch, nb));
				pr->batches++;
				nb = 0;
			}
			pr->waits++;
			sched_yield();
		}
		T_OK(ret);
		fill(payload, pr->id, c, len);
		if (!end && rec_discard(pr->id, c)) {
			T_OK(uio_ring_discard(pr->p, payload));
			pr->discards++;
			continue;
		}
		batch[nb++] = payload;
		if (nb >= want || end) {
			T_OK(uio_ring_commit_batch(pr->p, batch, nb));
			pr->batches++;
			nb = 0;
			want = (unsigned int)(c % MAX_BATCH) + 1;
		}
	}
	return NULL;
}

static void test_threads(void)
{
	struct prod prods[NPROD];
	uint64_t next[NPROD] = { 0 }, records = 0, discards = 0, last_seq = 0, n;
	struct uio_ring_record recs[64];
	struct uio_ring_stats st;
	unsigned int ended = 0, i, idle = 0;
	const char *env = getenv("UR_TEST_RECORDS");
	struct uio_ring *r;
	int rfd, dfd;
	bool first = true;

	t_case = "threads with commit_batch";
#ifdef __SANITIZE_THREAD__
	n = (env ? strtoull(env, NULL, 0) : 100000) / NPROD;
#else
	n = (env ? strtoull(env, NULL, 0) : 800000) / NPROD;
#endif
	T_OK(uio_ring_memfd_create("producer", DS, &rfd, &dfd));
	T_OK(uio_ring_open_fd(rfd, dfd, 0, &r));
	for (i = 0; i < NPROD; i++) {
		prods[i] = (struct prod){ .id = i, .n = n };
		T_OK(uio_ring_producer_open_fd(rfd, dfd, UIO_RING_PRODUCER_NO_DROP, &prods[i].p));
		T_EQ(pthread_create(&prods[i].th, NULL, producer, &prods[i]), 0);
	}
	while (ended < NPROD) {
		int k = uio_ring_peek(r, recs, 64), j;

		T_CMP(k, >=, 0);
		if (k == 0) {
			int w = uio_ring_wait(r, 1000);

			T_CMP(w, >=, 0);
			if (w == 0)
				T_ASSERT(++idle < 20, "no record for 20 s");
			continue;
		}
		idle = 0;
		for (j = 0; j < k; j++) {
			const struct uio_ring_record *rec = &recs[j];
			struct hdr h;
			long bad;

			t_check_bounds(r, rec);
			T_ASSERT(rec->len >= sizeof(h), "seq %" PRIu64 " len %u", rec->seq, rec->len);
			memcpy(&h, rec->data, sizeof(h));
			/* NO_DROP: no gaps but the discarded records' */
			if (!first)
				T_UCMP(rec->seq, >, last_seq);
			first = false;
			last_seq = rec->seq;
			T_ASSERT(h.id < NPROD && h.id == rec->flags && h.len == rec->len,
				 "seq %" PRIu64 ": id %u flags %u len %u/%u", rec->seq, h.id,
				 rec->flags, h.len, rec->len);
			while (next[h.id] < h.counter && rec_discard(h.id, next[h.id])) {
				next[h.id]++;
				discards++;
			}
			T_UEQ(h.counter, next[h.id]);
			next[h.id]++;
			records++;
			if (rec->type == TYPE_END) {
				T_UEQ(h.counter, n);
				ended++;
				continue;
			}
			T_EQ(rec->type, UIO_RING_TYPE_TEST);
			T_EQ(rec->len, rec_len(h.id, h.counter));
			bad = t_check((const uint8_t *)rec->data + sizeof(h),
				      rec->len - (uint32_t)sizeof(h), rec->seq + sizeof(h));
			T_ASSERT(bad < 0, "seq %" PRIu64 ": byte %ld of the pattern", rec->seq,
				 bad + (long)sizeof(h));
		}
		T_OK(uio_ring_release(r, (unsigned int)k));
	}
	for (i = 0; i < NPROD; i++) {
		T_EQ(pthread_join(prods[i].th, NULL), 0);
		uio_ring_producer_close(prods[i].p);
	}
	st = t_stats(r);
	T_UEQ(records, NPROD * (n + 1) - discards);
	T_UEQ(st.produced, NPROD * (n + 1));
	T_UEQ(st.dropped, 0);
	T_UEQ(st.missed, 0);
	T_UEQ(st.discarded, discards);
	T_UEQ(st.consumed, records);
	T_UEQ(last_seq, NPROD * (n + 1) - 1);
	for (i = 0; i < NPROD; i++)
		printf("producer %u: %" PRIu64 " batches, %" PRIu64 " discards, %" PRIu64
		       " waits\n", i, prods[i].batches, prods[i].discards, prods[i].waits);
	printf("PASS: %u threads, %" PRIu64 " records, %" PRIu64 " doorbells, %" PRIu64
	       " wakeups\n", NPROD, records, st.notifications, st.wakeups);
	uio_ring_close(r);
	close(rfd);
	close(dfd);
}

/* A small ring, a consumer, and a producer with the given flags. */
struct small {
	int rfd, dfd;
	struct uio_ring *r;
	struct uio_ring_producer *p;
	struct uio_ring_info info;
};

static void small_init(struct small *s, unsigned int flags)
{
	T_OK(uio_ring_memfd_create("small", 4096, &s->rfd, &s->dfd));
	T_OK(uio_ring_open_fd(s->rfd, s->dfd, 0, &s->r));
	T_OK(uio_ring_producer_open_fd(s->rfd, s->dfd, flags, &s->p));
	T_OK(uio_ring_producer_get_info(s->p, &s->info));
}

static void small_fini(struct small *s)
{
	uio_ring_producer_close(s->p);
	uio_ring_close(s->r);
	close(s->rfd);
	close(s->dfd);
}

/* Reserve, fill with the pattern, commit. Returns the seq. */
static uint64_t put(struct uio_ring_producer *p, uint32_t len)
{
	void *payload;
	uint64_t seq;

	T_OK(uio_ring_reserve(p, len, UIO_RING_TYPE_TEST, 0, &payload));
	seq = t_hdr(payload)->seq;
	t_fill(payload, len, seq);
	T_OK(uio_ring_commit(p, payload));
	return seq;
}

/* Fill the ring with 100-byte records; returns how many fit. */
static uint64_t fill_up(struct small *s, int full_error)
{
	uint64_t k = 0, space;
	void *payload;
	int ret;

	while ((ret = uio_ring_reserve(s->p, 100, UIO_RING_TYPE_TEST, 0, &payload)) == 0) {
		T_UEQ(t_hdr(payload)->seq, k);
		t_fill(payload, 100, k);
		T_OK(uio_ring_commit(s->p, payload));
		k++;
	}
	T_EQ(ret, full_error);
	T_UEQ(k, 4096 / UIO_RING_REC_SIZE(100));
	T_OK(uio_ring_producer_space(s->p, &space));
	T_UCMP(space, <, UIO_RING_REC_SIZE(100));
	return k;
}

/* Consume everything; the seq of each record must follow. */
static void drain(struct small *s, uint64_t first, uint64_t count, uint32_t len)
{
	struct uio_ring_record recs[64];
	uint64_t i;
	int n;

	n = uio_ring_peek(s->r, recs, 64);
	T_EQ(n, count);
	for (i = 0; i < count; i++)
		t_check_rec(s->r, &recs[i], first + i, len);
	T_OK(uio_ring_release(s->r, (unsigned int)n));
}

static void test_full(void)
{
	struct uio_ring_stats st;
	struct uio_ring_record rec;
	struct small s;
	uint64_t k;
	void *payload = NULL;
	int i;

	t_case = "full ring, default: drop";
	small_init(&s, 0);
	k = fill_up(&s, -ENOSPC);
	T_ASSERT(strstr(uio_ring_errmsg(), "full"), "errmsg '%s'", uio_ring_errmsg());
	for (i = 0; i < 2; i++)
		T_EQ(uio_ring_reserve(s.p, 100, UIO_RING_TYPE_TEST, 0, &payload), -ENOSPC);
	T_ASSERT(payload == NULL, "a failed reserve stored a payload");
	st = t_stats(s.r);
	T_UEQ(st.produced, k);
	T_UEQ(st.dropped, 3);
	drain(&s, 0, k, 100);
	T_UEQ(put(s.p, 100), k + 3);	/* three seqs went to the drops */
	T_EQ(uio_ring_peek(s.r, &rec, 1), 1);
	t_check_rec(s.r, &rec, k + 3, 100);
	T_OK(uio_ring_release(s.r, 1));
	T_UEQ(t_stats(s.r).missed, 3);
	small_fini(&s);

	t_case = "full ring, NO_DROP: -EAGAIN";
	small_init(&s, UIO_RING_PRODUCER_NO_DROP);
	k = fill_up(&s, -EAGAIN);
	for (i = 0; i < 5; i++)
		T_EQ(uio_ring_reserve(s.p, 100, UIO_RING_TYPE_TEST, 0, &payload), -EAGAIN);
	st = t_stats(s.r);
	T_UEQ(st.produced, k);
	T_UEQ(st.dropped, 0);
	drain(&s, 0, k, 100);
	T_UEQ(put(s.p, 100), k);	/* no seq was used up */
	T_EQ(uio_ring_peek(s.r, &rec, 1), 1);
	t_check_rec(s.r, &rec, k, 100);
	T_OK(uio_ring_release(s.r, 1));
	T_UEQ(t_stats(s.r).missed, 0);
	small_fini(&s);
	/*
	 * A handle that holds the record its consumer waits at, on a full
	 * ring, is told so (-EDEADLK) instead of dropping, for ever, every
	 * record after: nothing counted. NO_DROP keeps -EAGAIN (above).
	 */
	for (i = 0; i < 2; i++) {
		unsigned int fl = i ? UIO_RING_PRODUCER_SINGLE : 0;
		uint64_t n = 0;
		void *held, *pl;
		int ret;

		t_case = i ? "full ring held by its producer, single" : "full ring held by its producer";
		small_init(&s, fl);
		T_OK(uio_ring_reserve(s.p, 100, UIO_RING_TYPE_TEST, 0, &held));	/* seq 0 */
		t_fill(held, 100, 0);
		while ((ret = uio_ring_reserve(s.p, 100, UIO_RING_TYPE_TEST, 0, &pl)) == 0) {
			t_fill(pl, 100, ++n);
			T_OK(uio_ring_commit(s.p, pl));
		}
		T_EQ(ret, -EDEADLK);
		T_ASSERT(strstr(uio_ring_errmsg(), "commit or discard it first"), "errmsg '%s'",
			 uio_ring_errmsg());
		T_EQ(uio_ring_reserve_batch(s.p, 100, UIO_RING_TYPE_TEST, 0, &pl, 1), -EDEADLK);
		T_UEQ(t_stats(s.r).dropped, 0);
		T_EQ(uio_ring_peek(s.r, &rec, 1), 0);		/* held back by seq 0 */
		T_OK(uio_ring_commit(s.p, held));
		drain(&s, 0, n + 1, 100);
		T_UEQ(put(s.p, 100), n + 1);			/* no seq used up */
		T_UEQ(t_stats(s.r).missed, 0);
		small_fini(&s);
	}
	printf("PASS: full ring: -ENOSPC drops and counts, -EAGAIN does nothing, "
	       "-EDEADLK when the producer holds the head\n");
}

static void test_single(void)
{
	struct uio_ring_ctrl *ctrl;
	struct small s;
	uint64_t t0;
	int i;

	t_case = "SINGLE";
	small_init(&s, UIO_RING_PRODUCER_SINGLE | UIO_RING_PRODUCER_NO_DROP);
	ctrl = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, s.rfd, 0);
	T_ASSERT(ctrl != MAP_FAILED, "mmap: %s", strerror(errno));
	/* A lock held by a live process does not stop the single producer. */
	__atomic_store_n(&ctrl->producer_lock, (uint32_t)getpid(), __ATOMIC_RELAXED);
	t0 = t_now_ns();
	for (i = 0; i < 10; i++)
		T_UEQ(put(s.p, 50), i);
	T_UCMP(t_now_ns() - t0, <, 500000000ull);
	T_EQ(__atomic_load_n(&ctrl->producer_lock, __ATOMIC_RELAXED), getpid());
	drain(&s, 0, 10, 50);
	munmap(ctrl, 4096);
	small_fini(&s);
	printf("PASS: SINGLE takes no lock\n");
}

static void test_errors(void)
{
	struct uio_ring_producer *p2;
	struct uio_ring_record rec[4];
	struct uio_ring_stats st;
	uint64_t space, *heap;
	void *pl[3], *payload = NULL;
	struct small s;

	t_case = "EMSGSIZE";
	small_init(&s, 0);
	T_EQ(s.info.max_payload, 4096 - 16);
	T_EQ(uio_ring_reserve(s.p, s.info.max_payload + 1, 1, 0, &payload), -EMSGSIZE);
	T_EQ(uio_ring_reserve(s.p, UINT32_MAX, 1, 0, &payload), -EMSGSIZE);
	st = t_stats(s.r);
	T_UEQ(st.produced + st.dropped, 0);
	T_UEQ(put(s.p, s.info.max_payload), 0);	/* the largest fits an empty ring */
	drain(&s, 0, 1, s.info.max_payload);

	t_case = "EINVAL";
	T_EQ(uio_ring_reserve(NULL, 1, 1, 0, &payload), -EINVAL);
	T_EQ(uio_ring_reserve(s.p, 1, 1, 0, NULL), -EINVAL);
	T_EQ(uio_ring_producer_space(NULL, &space), -EINVAL);
	T_EQ(uio_ring_producer_space(s.p, NULL), -EINVAL);
	T_EQ(uio_ring_producer_get_info(s.p, NULL), -EINVAL);
	T_EQ(uio_ring_producer_get_info(NULL, &s.info), -EINVAL);
	heap = malloc(64);
	T_ASSERT(heap, "malloc");
	T_EQ(uio_ring_commit(s.p, heap), -EINVAL);
	T_EQ(uio_ring_discard(s.p, heap + 2), -EINVAL);
	T_EQ(uio_ring_commit(s.p, NULL), -EINVAL);
	T_EQ(uio_ring_commit(NULL, heap), -EINVAL);
	free(heap);
	T_EQ(uio_ring_commit_batch(s.p, NULL, 0), 0);
	T_EQ(uio_ring_commit_batch(s.p, NULL, 1), -EINVAL);
	/* One bad pointer in a batch: nothing of it is committed. */
	T_OK(uio_ring_reserve(s.p, 20, 1, 0, &pl[0]));
	T_OK(uio_ring_reserve(s.p, 20, 1, 0, &pl[1]));
	t_fill(pl[0], 20, t_hdr(pl[0])->seq);
	t_fill(pl[1], 20, t_hdr(pl[1])->seq);
	pl[2] = (uint8_t *)pl[1] + 4;	/* misaligned, inside the data area */
	T_EQ(uio_ring_commit(s.p, pl[2]), -EINVAL);
	T_EQ(uio_ring_commit_batch(s.p, pl, 3), -EINVAL);
	T_EQ(uio_ring_peek(s.r, rec, 4), 0);	/* both still reserved */
	/* Another handle's payload lies outside this handle's mapping. */
	T_OK(uio_ring_producer_open_fd(s.rfd, s.dfd, 0, &p2));
	T_EQ(uio_ring_commit(p2, pl[0]), -EINVAL);
	uio_ring_producer_close(p2);
	T_OK(uio_ring_commit_batch(s.p, pl, 2));
	T_EQ(uio_ring_peek(s.r, rec, 4), 2);
	t_check_rec(s.r, &rec[0], 1, 20);
	t_check_rec(s.r, &rec[1], 2, 20);
	T_OK(uio_ring_release(s.r, 2));

	t_case = "discard";
	T_OK(uio_ring_reserve(s.p, 30, 1, 0, &pl[0]));
	T_OK(uio_ring_reserve(s.p, 40, 1, 0, &pl[1]));
	T_OK(uio_ring_reserve(s.p, 50, 1, 0, &pl[2]));
	t_fill(pl[0], 30, 3);
	t_fill(pl[2], 50, 5);
	T_OK(uio_ring_discard(s.p, pl[1]));
	T_EQ(uio_ring_peek(s.r, rec, 4), 0);	/* the first is still reserved */
	T_OK(uio_ring_commit(s.p, pl[2]));
	T_OK(uio_ring_commit(s.p, pl[0]));
	T_EQ(uio_ring_peek(s.r, rec, 4), 2);
	t_check_rec(s.r, &rec[0], 3, 30);
	t_check_rec(s.r, &rec[1], 5, 50);
	T_OK(uio_ring_release(s.r, 2));
	st = t_stats(s.r);
	T_UEQ(st.discarded, 1);
	T_UEQ(st.missed, 0);

	t_case = "producer_space";
	T_OK(uio_ring_producer_space(s.p, &space));
	T_UEQ(space, 4096);
	T_OK(uio_ring_reserve(s.p, 100, 1, 0, &payload));
	T_OK(uio_ring_producer_space(s.p, &space));
	T_UEQ(space, 4096 - UIO_RING_REC_SIZE(100));	/* reserved counts as used */
	T_OK(uio_ring_discard(s.p, payload));
	T_OK(uio_ring_producer_space(s.p, &space));
	T_UEQ(space, 4096 - UIO_RING_REC_SIZE(100));	/* until the consumer passes it */
	T_EQ(uio_ring_peek(s.r, rec, 4), 0);
	T_OK(uio_ring_producer_space(s.p, &space));
	T_UEQ(space, 4096);

	t_case = "get_info";
	T_ASSERT(!strcmp(s.info.name, "small") && !s.info.device[0] &&
		 s.info.data_size == 4096 && s.info.flags == 0 &&
		 s.info.abi_major == UIO_RING_ABI_MAJOR, "info '%s' '%s' %" PRIu64 " 0x%x",
		 s.info.name, s.info.device, s.info.data_size, s.info.flags);
	uio_ring_producer_close(NULL);
	small_fini(&s);
	printf("PASS: -EMSGSIZE, -EINVAL, discard, space, info\n");
}

/*
 * Commit and discard take only what this handle reserved and did not
 * commit yet: another handle's record (its place in this handle's
 * mapping), one committed already, a pointer 8 or 16 bytes into a
 * payload, the same record twice in a batch, its twin in the second
 * mapping of the data area. Each is -EINVAL and changes nothing: the
 * consumer sees exactly the records committed properly, in order.
 */
static void test_commit_checks(unsigned int flags)
{
	struct uio_ring_producer *p, *q;
	struct uio_ring_record rec[8];
	struct uio_ring *r;
	void *a, *b, *c, *pl[3], *bad[3];
	uint64_t seq, bseq;
	int rfd, dfd, i;

	t_case = flags ? "commit checks, single" : "commit checks";
	T_OK(uio_ring_memfd_create("checks", 65536, &rfd, &dfd));
	T_OK(uio_ring_open_fd(rfd, dfd, 0, &r));
	T_OK(uio_ring_producer_open_fd(rfd, dfd, flags, &p));
	T_OK(uio_ring_reserve(p, 64, UIO_RING_TYPE_TEST, 0, &a));	/* seq 0 */
	t_fill(a, 64, 0);
	T_OK(uio_ring_commit(p, a));
	T_EQ(uio_ring_commit(p, a), -EINVAL);			/* again */
	T_EQ(uio_ring_discard(p, a), -EINVAL);
	T_ASSERT(strstr(uio_ring_errmsg(), "did not commit yet"), "message: %s",
		 uio_ring_errmsg());
	if (!flags) {
		/* Another handle's record, right after a. */
		T_OK(uio_ring_producer_open_fd(rfd, dfd, 0, &q));
		T_OK(uio_ring_reserve(q, 64, UIO_RING_TYPE_TEST, 0, &b));
		T_OK(uio_ring_reserved_seq(q, &bseq));
		T_EQ(uio_ring_commit(p, (uint8_t *)a + UIO_RING_REC_SIZE(64)), -EINVAL);
		T_EQ(uio_ring_discard(p, (uint8_t *)a + UIO_RING_REC_SIZE(64)), -EINVAL);
		T_UEQ(t_hdr(b)->len, 64 | UIO_RING_REC_BUSY);	/* untouched */
	}
	T_OK(uio_ring_reserve(p, 64, UIO_RING_TYPE_TEST, 0, &c));
	T_OK(uio_ring_reserved_seq(p, &seq));
	t_fill(c, 64, seq);
	for (i = 1; i <= 3; i++)
		T_EQ(uio_ring_commit(p, (uint8_t *)c + 8 * i), -EINVAL);
	T_EQ(uio_ring_commit(p, (uint8_t *)c + 65536), -EINVAL);	/* second mapping */
	pl[0] = c;
	pl[1] = c;
	T_EQ(uio_ring_commit_batch(p, pl, 2), -EINVAL);		/* twice */
	/* A batch with one bad pointer: none of it is committed. */
	T_EQ(uio_ring_reserve_batch(p, 32, UIO_RING_TYPE_TEST, 0, pl, 3), 3);
	T_OK(uio_ring_reserved_seq(p, &seq));
	for (i = 0; i < 3; i++)
		t_fill(pl[i], 32, seq + (uint64_t)i);
	bad[0] = pl[0];
	bad[1] = (uint8_t *)pl[1] + 16;
	bad[2] = pl[2];
	T_EQ(uio_ring_commit_batch(p, bad, 3), -EINVAL);
	T_EQ(uio_ring_peek(r, rec, 8), 1);			/* a alone */
	T_OK(uio_ring_release(r, 1));
	/* Done right, all of them go. */
	T_OK(uio_ring_commit(p, c));
	T_OK(uio_ring_commit_batch(p, pl, 3));
	if (!flags) {
		t_fill(b, 64, bseq);
		T_OK(uio_ring_commit(q, b));
		uio_ring_producer_close(q);
	}
	T_EQ(uio_ring_peek(r, rec, 8), flags ? 4 : 5);
	for (i = 0; i < (flags ? 4 : 5); i++) {
		T_UEQ(rec[i].seq, (uint64_t)i + 1);
		T_UEQ(rec[i].len, i < (flags ? 1 : 2) ? 64 : 32);
		t_check_rec(r, &rec[i], rec[i].seq, rec[i].len);
	}
	T_OK(uio_ring_release(r, flags ? 4 : 5));
	/* Many out at once, committed last first: each found, none twice. */
	{
		static void *many[1000];
		uint64_t first = 0;
		int got = 0, k;

		for (i = 0; i < 1000; i++) {
			T_OK(uio_ring_reserve(p, 8, UIO_RING_TYPE_TEST, 0, &many[i]));
			T_OK(uio_ring_reserved_seq(p, &seq));
			if (!i)
				first = seq;
			t_fill(many[i], 8, seq);
		}
		for (i = 999; i >= 0; i--) {
			T_OK(uio_ring_commit(p, many[i]));
			T_EQ(uio_ring_commit(p, many[i]), -EINVAL);
		}
		while (got < 1000) {
			k = uio_ring_peek(r, rec, 8);
			T_CMP(k, >, 0);
			for (i = 0; i < k; i++)
				t_check_rec(r, &rec[i], first + (uint64_t)(got + i), 8);
			T_OK(uio_ring_release(r, (unsigned int)k));
			got += k;
		}
	}
	T_UEQ(t_stats(r).missed, 0);
	uio_ring_producer_close(p);
	uio_ring_close(r);
	close(rfd);
	close(dfd);
	printf("PASS: %s\n", t_case);
}

int main(void)
{
	t_watchdog(200);
	if (sysconf(_SC_PAGESIZE) != 4096) {
		printf("SKIP: the test's ring sizes assume 4 KiB pages\n");
		return T_SKIP;
	}
	test_full();
	test_commit_checks(0);
	test_commit_checks(UIO_RING_PRODUCER_SINGLE);
	test_single();
	test_errors();
	test_threads();
	return T_PASS;
}
