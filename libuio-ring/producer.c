// SPDX-License-Identifier: MIT
/*
 * Producing from user space: the same reserve/commit protocol as the
 * kernel module's. The producer state the kernel keeps privately (position,
 * next seq) lives in the control area's producer line instead, under a
 * spinlock there, so that threads and processes can produce into one ring.
 *
 * Everything in shared memory may have been written by a hostile peer:
 * each value is read once and checked, and a bad one makes this producer
 * return an error, never write outside the data area.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "reserved.h"

#define UR_PRODUCER_FLAGS (UIO_RING_PRODUCER_SINGLE | UIO_RING_PRODUCER_NO_DROP)

#define UR_PEND_MAX 64				/* bits of pend_done */

struct uio_ring_producer {
	struct uio_ring_ctrl *ctrl;
	struct uio_ring_consumer *cons;		/* untrusted */
	uint8_t *data;				/* mapped twice */
	uint64_t data_size, mask;
	uint32_t max_payload;
	uint32_t lock_id;			/* our pid, the lock's value */
	unsigned int forks;			/* ur_forks when opened */
	uint64_t last_seq;			/* the last reserve's first seq */
	bool single;				/* UIO_RING_PRODUCER_SINGLE */
	bool no_drop;				/* UIO_RING_PRODUCER_NO_DROP */
	/*
	 * UIO_RING_PRODUCER_SINGLE: the producer line is ours alone, so we
	 * keep it here and store it into the control area when a commit
	 * publishes (ur_producer_publish()), not on every reserve: the
	 * consumer reads that line, and each store to it takes it back.
	 */
	bool pos_bad;				/* producer_pos unaligned at open */
	uint64_t pos;				/* after the last record reserved */
	uint64_t published;			/* last pos stored in producer_pos */
	uint64_t next_seq;			/* producer_next_seq */
	uint64_t produced;			/* the produced counter */
	/*
	 * UIO_RING_PRODUCER_SINGLE: the records of the last
	 * uio_ring_reserve_batch(), whose headers are written when they are
	 * committed, or as BUSY before anything publishes them, not at
	 * reserve: the payload is written first and each header line is
	 * touched twice, not three times at three moments (measured: up to
	 * twice the throughput with a consumer on another CPU).
	 */
	uint64_t def_pos;			/* position of the first */
	uint64_t def_seq;			/* its seq */
	uint64_t def_done;			/* bit i: record i has its header */
	uint64_t def_size;			/* UIO_RING_REC_SIZE(def_len) */
	uint8_t *def_cursor;			/* header commit expects next */
	uint32_t def_n;				/* how many, 0 to UR_DEFER_MAX */
	uint32_t def_next;			/* its index */
	uint32_t def_len;
	uint16_t def_type, def_flags;
	/*
	 * UIO_RING_PRODUCER_SINGLE: records of uio_ring_reserve() not yet
	 * published. Their header is written whole at reserve, as committed,
	 * so that a producer filling record by record writes each line once;
	 * the ones still not committed when something publishes get BUSY
	 * first (ur_pend_flush()). Beyond UR_PEND_MAX, reserve writes BUSY.
	 */
	struct uio_ring_rec *pend[UR_PEND_MAX];
	uint64_t pend_done;			/* bit i: pend[i] committed */
	uint32_t pend_n, pend_next;		/* how many; where commit looks first */
	/*
	 * The open uio_ring_fill, if fill_n: its records from fill_pos on.
	 * With UIO_RING_PRODUCER_SINGLE they are unpublished and have no
	 * header until uio_ring_fill_next() writes it; otherwise published,
	 * BUSY, since begin.
	 */
	struct uio_ring_rec fill_head;		/* the first record's header */
	uint64_t fill_pos;
	uint64_t fill_gen;			/* the open fill's check; bumped at end */
	uint32_t fill_n, fill_size;
	/* What reserve and reserve_batch handed out, for commit to check. */
	struct ur_reserved rsv;
	struct ur_mapping m;
};

#define UR_DEFER_MAX 64				/* bits of def_done */

/* The k low bits of a done mask (k <= 64). */
static inline uint64_t ur_low_bits(unsigned int k)
{
	return k >= 64 ? ~0ull : (1ull << k) - 1;
}

/* A record header as two words: len, type and flags in the first. */
struct ur_rec_words {
	uint64_t word;
	uint64_t seq;
};
union ur_rec_view {
	struct uio_ring_rec rec;
	struct ur_rec_words words;
};
_Static_assert(sizeof(struct ur_rec_words) == sizeof(struct uio_ring_rec) &&
	       offsetof(struct uio_ring_rec, seq) == 8, "a header is two words, seq the second");

static int64_t ur_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * A child's copy of a handle must not produce: it would hold the ring's
 * lock under its parent's pid, and a single producer's private position
 * would be used twice. Each process counts the fork()s that made it (the
 * handler runs in the child, alone), and a handle remembers the count it
 * was opened under: one load and compare on the hot path, where getpid()
 * would be a system call.
 */
static unsigned int ur_forks;
static int ur_forks_err;
static pthread_once_t ur_forks_once = PTHREAD_ONCE_INIT;

static void ur_forks_child(void)
{
	ur_forks++;
}

static void ur_forks_watch(void)
{
	ur_forks_err = pthread_atfork(NULL, NULL, ur_forks_child);
}

static inline bool ur_forked(const struct uio_ring_producer *p)
{
	return __builtin_expect(p->forks != ur_forks, 0);
}

static int __attribute__((noinline)) ur_forked_refuse(const struct uio_ring_producer *p)
{
	return ur_error(-EPERM, "%s: this producer handle was opened by process %u: "
			"a child process opens its own", p->m.info.name, p->lock_id);
}

/*
 * The lock word holds its holder's pid. A holder that died is taken over;
 * one alive but holding on for a second is an error, not a hang.
 */
static int ur_producer_lock(struct uio_ring_producer *p)
{
	uint32_t *word = &p->ctrl->producer_lock;
	int64_t deadline = 0;
	unsigned int spins = 0;
	uint32_t holder = 0;

	if (p->single)
		return 0;
	while (!__atomic_compare_exchange_n(word, &holder, p->lock_id, false,
					    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		ur_cpu_relax();
		if (++spins % 4096)
			goto retry;
		if (!deadline)
			deadline = ur_now_ns() + 1000000000;
		if (holder <= INT32_MAX && kill((pid_t)holder, 0) < 0 && errno == ESRCH) {
			/* Take over from a dead holder, if it is still the holder. */
			if (__atomic_compare_exchange_n(word, &holder, p->lock_id, false,
							__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
				return 0;
		} else if (ur_now_ns() > deadline) {
			return ur_error(-ETIMEDOUT, "%s: producer lock held by pid %u for over a second",
					p->m.info.name, holder);
		}
retry:
		holder = 0;
	}
	return 0;
}

static void ur_producer_unlock(struct uio_ring_producer *p)
{
	if (!p->single)
		__atomic_store_n(&p->ctrl->producer_lock, 0, __ATOMIC_RELEASE);
}

static int ur_producer_new(struct ur_mapping *m, unsigned int flags,
			   struct uio_ring_producer **pp)
{
	struct uio_ring_producer *p;

	pthread_once(&ur_forks_once, ur_forks_watch);
	p = ur_forks_err ? NULL : calloc(1, sizeof(*p));
	if (!p) {
		ur_mapping_close(m);
		return ur_error(-ENOMEM, "out of memory");
	}
	p->m = *m;
	ur_mapping_init(m);
	p->ctrl = p->m.ctrl;
	p->cons = p->m.cons;
	p->data = p->m.data;
	p->data_size = p->m.info.data_size;
	p->mask = p->data_size - 1;
	p->max_payload = p->m.info.max_payload;
	p->single = flags & UIO_RING_PRODUCER_SINGLE;
	p->no_drop = flags & UIO_RING_PRODUCER_NO_DROP;
	p->lock_id = (uint32_t)getpid();
	p->forks = ur_forks;
	p->last_seq = UINT64_MAX;		/* nothing reserved: never a seq */
	ur_reserved_init(&p->rsv, p->data_size);
	if (p->single) {
		/* Pick up where the last producer stopped; checked once, here. */
		p->pos = p->published = ur_load_acquire(&p->ctrl->producer_pos);
		p->pos_bad = p->pos % UIO_RING_REC_ALIGN != 0;
		p->next_seq = ur_load_relaxed(&p->ctrl->producer_next_seq);
		p->produced = ur_load_relaxed(&p->ctrl->produced);
	}
	*pp = p;
	return 0;
}

UR_EXPORT int uio_ring_producer_open(const char *spec, unsigned int flags,
				     struct uio_ring_producer **pp)
{
	struct ur_mapping m;
	int ret;

	if (!spec || !*spec || !pp || (flags & ~UR_PRODUCER_FLAGS))
		return ur_error(-EINVAL, "uio_ring_producer_open: bad arguments");
	ret = ur_mapping_open(spec, UR_PRODUCER, &m);
	return ret ? ret : ur_producer_new(&m, flags, pp);
}

UR_EXPORT int uio_ring_producer_open_fd(int ring_fd, int doorbell_fd, unsigned int flags,
					struct uio_ring_producer **pp)
{
	struct ur_mapping m;
	int ret;

	if (!pp || (flags & ~UR_PRODUCER_FLAGS))
		return ur_error(-EINVAL, "uio_ring_producer_open_fd: bad arguments");
	ret = ur_mapping_open_fd(ring_fd, doorbell_fd, UR_PRODUCER, &m);
	return ret ? ret : ur_producer_new(&m, flags, pp);
}

static void ur_producer_publish(struct uio_ring_producer *p);
static void ur_defer_flush(struct uio_ring_producer *p);
static void ur_fill_finish(struct uio_ring_producer *p, uint32_t used);

UR_EXPORT void uio_ring_producer_close(struct uio_ring_producer *p)
{
	if (!p)
		return;
	/* A child's copy: the parent's records and positions are not ours. */
	if (ur_forked(p))
		goto unmap;
	/* An open fill's records are given back (or discarded), as documented. */
	if (p->fill_n)
		ur_fill_finish(p, 0);
	/* Records reserved and never committed stay reserved, as documented. */
	if (p->single) {
		ur_defer_flush(p);
		ur_producer_publish(p);
	}
unmap:
	ur_reserved_free(&p->rsv);
	ur_mapping_close(&p->m);
	free(p);
}

UR_EXPORT int uio_ring_producer_get_info_sized(const struct uio_ring_producer *p,
					       struct uio_ring_info *info, size_t size)
{
	int ret;

	if (!p || !info)
		return ur_error(-EINVAL, "uio_ring_producer_get_info: NULL argument");
	ret = ur_info_size_check(size, "uio_ring_producer_get_info_sized");
	if (ret)
		return ret;
	return ur_copy_sized(info, size, &p->m.info, sizeof(p->m.info));
}

/* What the other calls say while a uio_ring_fill is open. */
static int __attribute__((noinline)) ur_fill_busy(const struct uio_ring_producer *p)
{
	return ur_error(-EBUSY, "%s: a fill is open: uio_ring_fill_end() it first",
			p->m.info.name);
}

/* Why ur_reserve_ok() said no (out of line: the check is on the hot path). */
static int __attribute__((noinline)) ur_reserve_refuse(const struct uio_ring_producer *p,
						      uint32_t len)
{
	if (ur_forked(p))
		return ur_forked_refuse(p);
	if (p->fill_n)
		return ur_fill_busy(p);
	return ur_error(-EMSGSIZE, "%s: a %u byte record, the ring takes %u at most",
			p->m.info.name, len, p->max_payload);
}

/*
 * What every reserve checks first: no fill open, a record that fits at
 * all, a handle this process opened.
 */
static inline bool ur_reserve_ok(const struct uio_ring_producer *p, uint32_t len)
{
	return __builtin_expect(p->fill_n == 0 && len <= p->max_payload &&
				p->forks == ur_forks, 1);
}

/* Bytes between the consumer and producer positions, or -EBADMSG. */
static int ur_producer_used(struct uio_ring_producer *p, uint64_t prod, uint64_t *used)
{
	/* Pairs with the consumer's store-release of consumer_pos. */
	uint64_t cons = ur_load_acquire(&p->cons->consumer_pos);

	if ((prod % UIO_RING_REC_ALIGN || prod - cons > p->data_size) && ur_mapping_lost(&p->m))
		return ur_mapping_lost_error(&p->m);
	if (prod % UIO_RING_REC_ALIGN)
		return ur_error(-EBADMSG, "%s: producer position %llu is not 8-byte aligned",
				p->m.info.name, (unsigned long long)prod);
	if (prod - cons > p->data_size)
		return ur_error(-EBADMSG, "%s: consumer position %llu is not within %llu bytes "
				"behind the producer's %llu", p->m.info.name,
				(unsigned long long)cons, (unsigned long long)p->data_size,
				(unsigned long long)prod);
	*used = prod - cons;
	return 0;
}

UR_EXPORT int uio_ring_producer_space(struct uio_ring_producer *p, uint64_t *bytes)
{
	uint64_t used;
	int ret;

	if (!p || !bytes)
		return ur_error(-EINVAL, "uio_ring_producer_space: NULL argument");
	if (ur_forked(p))
		return ur_forked_refuse(p);
	ret = ur_producer_used(p, p->single ? p->pos : ur_load_acquire(&p->ctrl->producer_pos),
			       &used);
	if (ret)
		return ret;
	*bytes = p->data_size - used;
	return 0;
}

/* A record header, the length word last (relaxed: nothing publishes it yet). */
static inline void ur_write_header(struct uio_ring_rec *rec, uint32_t word, uint16_t type,
				   uint16_t flags, uint64_t seq)
{
	ur_store_relaxed(&rec->type, type);
	ur_store_relaxed(&rec->flags, flags);
	ur_store_relaxed(&rec->seq, seq);
	ur_store_relaxed(&rec->len, word);
}

/*
 * Give the deferred records of the last batch that have no header yet a
 * BUSY one, before anything can publish them (or reserve after them).
 */
static void __attribute__((noinline)) ur_defer_flush(struct uio_ring_producer *p)
{
	uint64_t size = p->def_size;
	uint32_t i;

	if (p->def_done == ur_low_bits(p->def_n)) {
		p->def_n = 0;	/* all committed */
		return;
	}
	for (i = 0; i < p->def_n; i++) {
		if (p->def_done & (1ull << i))
			continue;
		ur_write_header((struct uio_ring_rec *)(p->data + ((p->def_pos + i * size) & p->mask)),
				p->def_len | UIO_RING_REC_BUSY, p->def_type, p->def_flags,
				p->def_seq + i);
	}
	p->def_n = 0;
}

/*
 * Write a BUSY header at prod (ours: we checked there is room) and take it.
 * Always inlined, as ur_reserve_single() is: the compiler stopped inlining
 * them once the commit check's bookkeeping came in (callgrind, bench/hot-path
 * --reserve-one: 8 instructions a record for the call).
 */
static inline __attribute__((always_inline))
void ur_reserve_single_at(struct uio_ring_producer *p, uint64_t prod,
			  uint64_t size, uint32_t len, uint16_t type,
			  uint16_t flags, void **payload)
{
	struct uio_ring_rec *rec = (struct uio_ring_rec *)(p->data + (prod & p->mask));
	uint32_t busy = UIO_RING_REC_BUSY;

	if (p->pend_n < UR_PEND_MAX) {
		/* Unpublished until a commit: written as committed (see pend). */
		p->pend[p->pend_n++] = rec;
		busy = 0;
	}
	ur_store_relaxed(&rec->len, len | busy);
	ur_store_relaxed(&rec->type, type);
	ur_store_relaxed(&rec->flags, flags);
	ur_store_relaxed(&rec->seq, p->next_seq);
	p->last_seq = p->next_seq;
	p->next_seq++;
	p->produced++;
	p->pos = prod + size;
	ur_reserved_add(&p->rsv, prod, (uint32_t)size, 1);
	*payload = rec + 1;
}

/* UIO_RING_PRODUCER_SINGLE: bytes in use from the consumer up to p->pos. */
static int ur_single_used(struct uio_ring_producer *p, uint64_t *used)
{
	if (p->pos_bad)
		return ur_error(-EBADMSG, "%s: producer position %llu is not 8-byte aligned",
				p->m.info.name, (unsigned long long)p->pos);
	return ur_producer_used(p, p->pos, used);
}

/*
 * A full ring whose consumer waits at the oldest record this handle holds
 * reserved gets no room until the handle commits or discards it: every
 * record after would be dropped, a loss the caller can avoid. (With
 * UIO_RING_PRODUCER_NO_DROP, -EAGAIN already tells the caller to commit
 * what it holds before it retries, and callers do.) Out of line: only a
 * full ring asks.
 */
static int __attribute__((noinline)) ur_holds_consumer(const struct uio_ring_producer *p)
{
	/* Pairs with the consumer's store-release of consumer_pos (#6). */
	uint64_t cons = ur_load_acquire(&p->cons->consumer_pos);

	if (!ur_reserved_oldest_at(&p->rsv, cons))
		return 0;
	return ur_error(-EDEADLK, "%s: ring full, and its consumer waits for a record this "
			"handle reserved: commit or discard it first", p->m.info.name);
}

/*
 * A UIO_RING_PRODUCER_SINGLE reserve that found no room (ret 0) or the
 * ring corrupt (ret the error): -EAGAIN, -EDEADLK, or the record is
 * dropped.
 */
static int ur_single_refuse(struct uio_ring_producer *p, int ret)
{
	struct uio_ring_ctrl *c = p->ctrl;

	if (!ret) {
		ret = p->no_drop ? 0 : ur_holds_consumer(p);
		if (ret)
			return ret;	/* nothing happened */
		if (p->no_drop)
			return ur_error(-EAGAIN, "%s: ring full", p->m.info.name);
		ret = ur_error(-ENOSPC, "%s: ring full: record dropped", p->m.info.name);
	} else if (!p->pos_bad) {
		ur_store_relaxed(&c->consumer_faults, ur_load_relaxed(&c->consumer_faults) + 1);
	}
	/* A dropped record takes a seq: the counters say so at once. */
	p->next_seq++;
	ur_store_relaxed(&c->producer_next_seq, p->next_seq);
	ur_store_relaxed(&c->dropped, ur_load_relaxed(&c->dropped) + 1);
	return ret;
}

/*
 * The full, dropping and corrupt cases of a UIO_RING_PRODUCER_SINGLE
 * reserve, which the fast path below sends here.
 */
static int __attribute__((noinline)) ur_reserve_single_slow(struct uio_ring_producer *p,
							    uint32_t len, uint16_t type,
							    uint16_t flags, void **payload)
{
	uint64_t prod = p->pos, size = UIO_RING_REC_SIZE(len), used;
	int ret = ur_single_used(p, &used);

	if (!ret && used + size <= p->data_size) {
		/* Room after all: the consumer moved meanwhile. */
		ur_reserve_single_at(p, prod, size, len, type, flags, payload);
		return 0;
	}
	return ur_single_refuse(p, ret);
}

static int ur_reserve_single_after_batch(struct uio_ring_producer *p, uint32_t len,
					 uint16_t type, uint16_t flags, void **payload);

/*
 * Reserve with UIO_RING_PRODUCER_SINGLE: no lock, nothing stored into the
 * control area (the next commit publishes), one load of consumer_pos.
 */
static inline __attribute__((always_inline))
int ur_reserve_single(struct uio_ring_producer *p, uint32_t len, uint16_t type,
		      uint16_t flags, void **payload)
{
	uint64_t size = UIO_RING_REC_SIZE(len), prod = p->pos;
	/* Pairs with the consumer's store-release of consumer_pos (#6). */
	uint64_t cons = ur_load_acquire(&p->cons->consumer_pos);

	if (__builtin_expect(p->def_n != 0, 0))
		return ur_reserve_single_after_batch(p, len, type, flags, payload);
	/*
	 * One test for both a valid consumer position (prod - cons <=
	 * data_size) and room (+ size): size <= data_size, checked at open.
	 */
	if (__builtin_expect(p->pos_bad || prod - cons > p->data_size - size, 0))
		return ur_reserve_single_slow(p, len, type, flags, payload);
	ur_reserve_single_at(p, prod, size, len, type, flags, payload);
	return 0;
}

/* A reserve right after a batch: the batch's headers first (out of line). */
static int __attribute__((noinline)) ur_reserve_single_after_batch(struct uio_ring_producer *p,
								   uint32_t len, uint16_t type,
								   uint16_t flags, void **payload)
{
	ur_defer_flush(p);
	return ur_reserve_single(p, len, type, flags, payload);
}

/*
 * Under the ring's lock, k records of size bytes that fit from prod on:
 * take their seqs, write their BUSY headers, hand out their payloads
 * (unless payloads is NULL), and publish them. Returns the first seq.
 */
static uint64_t ur_locked_take(struct uio_ring_producer *p, uint64_t prod, uint64_t size,
			       unsigned int k, uint32_t len, uint16_t type, uint16_t flags,
			       void **payloads)
{
	struct uio_ring_ctrl *c = p->ctrl;
	uint64_t seq = ur_load_relaxed(&c->producer_next_seq);
	unsigned int i;

	ur_store_relaxed(&c->producer_next_seq, seq + k);
	p->last_seq = seq;
	if (payloads)	/* not a fill's: commit checks these */
		ur_reserved_add(&p->rsv, prod, (uint32_t)size, k);
	for (i = 0; i < k; i++) {
		struct uio_ring_rec *rec = (struct uio_ring_rec *)(p->data + (prod & p->mask));

		ur_store_relaxed(&rec->len, len | UIO_RING_REC_BUSY);
		ur_store_relaxed(&rec->type, type);
		ur_store_relaxed(&rec->flags, flags);
		ur_store_relaxed(&rec->seq, seq + i);
		if (payloads)
			payloads[i] = rec + 1;
		prod += size;
	}
	ur_store_relaxed(&c->produced, ur_load_relaxed(&c->produced) + k);
	/* Publishes the BUSY headers: pairs with the consumer's load-acquire. */
	ur_store_release(&c->producer_pos, prod);
	return seq;
}

/*
 * A reserve under the ring's lock that found no room at prod (ret 0) or
 * the ring corrupt (ret the error): -EAGAIN, -EDEADLK, or the record is
 * dropped. Unlocks.
 */
static int ur_locked_refuse(struct uio_ring_producer *p, uint64_t prod, int ret)
{
	struct uio_ring_ctrl *c = p->ctrl;

	if (!ret) {
		ret = p->no_drop ? 0 : ur_holds_consumer(p);
		if (ret || p->no_drop) {
			/* Nothing happened: no seq used, nothing counted. */
			ur_producer_unlock(p);
			return ret ? ret : ur_error(-EAGAIN, "%s: ring full", p->m.info.name);
		}
		ret = ur_error(-ENOSPC, "%s: ring full: record dropped", p->m.info.name);
	} else if (ret == -EBADMSG && prod % UIO_RING_REC_ALIGN == 0) {
		ur_store_relaxed(&c->consumer_faults, ur_load_relaxed(&c->consumer_faults) + 1);
	}
	/* A dropped record takes a seq too. */
	ur_store_relaxed(&c->producer_next_seq, ur_load_relaxed(&c->producer_next_seq) + 1);
	ur_store_relaxed(&c->dropped, ur_load_relaxed(&c->dropped) + 1);
	ur_producer_unlock(p);
	return ret;
}

/* Reserve for the default handle: under the ring's lock, position shared. */
static int __attribute__((noinline)) ur_reserve_locked(struct uio_ring_producer *p, uint32_t len,
						       uint16_t type, uint16_t flags,
						       void **payload)
{
	uint64_t size = UIO_RING_REC_SIZE(len), prod, used;
	int ret;

	ret = ur_producer_lock(p);
	if (ret)
		return ret;
	prod = ur_load_relaxed(&p->ctrl->producer_pos);
	ret = ur_producer_used(p, prod, &used);
	if (ret || used + size > p->data_size)
		return ur_locked_refuse(p, prod, ret);
	ur_locked_take(p, prod, size, 1, len, type, flags, payload);
	ur_producer_unlock(p);
	return 0;
}

UR_EXPORT int uio_ring_reserve(struct uio_ring_producer *p, uint32_t len, uint16_t type,
			       uint16_t flags, void **payload)
{
	if (__builtin_expect(!p || !payload, 0))
		return ur_error(-EINVAL, "uio_ring_reserve: NULL argument");
	if (!ur_reserve_ok(p, len))
		return ur_reserve_refuse(p, len);
	if (__builtin_expect(p->rsv.count + 1 > p->rsv.cap, 0) &&
	    ur_reserved_room(&p->rsv, UIO_RING_REC_SIZE(len), 1))
		return ur_error(-ENOMEM, "%s: out of memory", p->m.info.name);
	if (p->single)
		return ur_reserve_single(p, len, type, flags, payload);
	return ur_reserve_locked(p, len, type, flags, payload);
}

/*
 * What a call for n records checks first, as every reserve does, with n cut
 * so that the count fits the return value: 1 to go on, or what the call
 * returns (an error, or 0 records for n == 0).
 */
static inline int ur_batch_start(const struct uio_ring_producer *p, uint32_t len,
				 unsigned int *n)
{
	if (!ur_reserve_ok(p, len))
		return ur_reserve_refuse(p, len);
	if (*n > INT_MAX)
		*n = INT_MAX;
	return *n ? 1 : 0;
}

/* How many records of size bytes fit in free bytes, at most n. */
static inline unsigned int ur_fit(uint64_t free, uint64_t size, unsigned int n)
{
	uint64_t k = free / size;

	return k < n ? (unsigned int)k : n;
}

/*
 * Take the lock and see how many of n records of size bytes fit at the
 * producer position: *k, 0 when the ring is full or its shared state
 * corrupt (*why: ur_producer_used()'s error, or 0 for full). Returns the
 * lock's error, the lock not held; else 0, the lock held.
 */
static int ur_locked_room(struct uio_ring_producer *p, uint64_t size, unsigned int n,
			  uint64_t *prod, unsigned int *k, int *why)
{
	uint64_t used;
	int ret = ur_producer_lock(p);

	if (ret)
		return ret;
	*prod = ur_load_relaxed(&p->ctrl->producer_pos);
	*why = ur_producer_used(p, *prod, &used);
	*k = *why ? 0 : ur_fit(p->data_size - used, size, n);
	return 0;
}

UR_EXPORT int uio_ring_reserve_batch(struct uio_ring_producer *p, uint32_t len, uint16_t type,
				     uint16_t flags, void **payloads, unsigned int n)
{
	uint64_t size, prod, used, cons;
	unsigned int k;
	int ret, why;

	if (__builtin_expect(!p || (!payloads && n), 0))
		return ur_error(-EINVAL, "uio_ring_reserve_batch: NULL argument");
	ret = ur_batch_start(p, len, &n);
	if (ret <= 0)
		return ret;
	size = UIO_RING_REC_SIZE(len);
	/* Room to note them: a division in ur_reserved_room(), so only when short. */
	if ((uint64_t)p->rsv.count + n > p->rsv.cap && ur_reserved_room(&p->rsv, size, n))
		return ur_error(-ENOMEM, "%s: out of memory", p->m.info.name);
	if (p->single) {
		unsigned int i;

		if (p->def_n)
			ur_defer_flush(p);
		prod = p->pos;
		/* Pairs with the consumer's store-release of consumer_pos (#6). */
		cons = ur_load_acquire(&p->cons->consumer_pos);
		used = prod - cons;
		k = used <= p->data_size ? ur_fit(p->data_size - used, size, n) : 0;
		if (__builtin_expect(p->pos_bad || !k, 0)) {
			/* Full, or corrupt: what one reserve does (room: one record). */
			ret = ur_reserve_single_slow(p, len, type, flags, payloads);
			return ret ? ret : 1;
		}
		if (k > UR_DEFER_MAX)
			k = UR_DEFER_MAX;
		/* No headers yet: commit writes them (or ur_defer_flush(), BUSY). */
		p->def_pos = prod;
		p->def_seq = p->last_seq = p->next_seq;
		p->def_done = 0;
		p->def_size = size;
		p->def_cursor = p->data + (prod & p->mask);
		p->def_n = k;
		p->def_next = 0;
		p->def_len = len;
		p->def_type = type;
		p->def_flags = flags;
		{
			uint8_t *rec = p->def_cursor, *end = p->data + p->data_size;

			for (i = 0; i < k; i++) {
				payloads[i] = rec + sizeof(struct uio_ring_rec);
				rec += size;
				if (rec >= end)
					rec -= p->data_size;
			}
		}
		p->pos = prod + k * size;
		p->next_seq += k;
		p->produced += k;
		ur_reserved_add(&p->rsv, prod, (uint32_t)size, k);
		return (int)k;
	}
	ret = ur_locked_room(p, size, n, &prod, &k, &why);
	if (ret)
		return ret;
	if (!k) {
		/* Full, or corrupt: what one reserve does, with its own locking. */
		ur_producer_unlock(p);
		ret = ur_reserve_locked(p, len, type, flags, payloads);
		return ret ? ret : 1;
	}
	ur_locked_take(p, prod, size, k, len, type, flags, payloads);
	ur_producer_unlock(p);
	return (int)k;
}

/*
 * The headers cannot tell: a UIO_RING_PRODUCER_SINGLE batch's are written
 * at commit, so the handle keeps the seq itself.
 */
UR_EXPORT int uio_ring_reserved_seq(const struct uio_ring_producer *p, uint64_t *seq)
{
	if (!p || !seq)
		return ur_error(-EINVAL, "uio_ring_reserved_seq: NULL argument");
	if (ur_forked(p))
		return ur_forked_refuse(p);
	if (p->last_seq == UINT64_MAX)
		return ur_error(-ENODATA, "%s: nothing reserved through this handle yet",
				p->m.info.name);
	*seq = p->last_seq;
	return 0;
}

/*
 * After committing records: if the consumer said it is about to sleep,
 * wake it, once. The load is sequentially consistent against the
 * consumer's need_wakeup store and re-check in uio_ring_arm().
 */
static void ur_producer_wake(struct uio_ring_producer *p)
{
	if (ur_load_seq_cst(&p->cons->need_wakeup) &&
	    __atomic_exchange_n(&p->cons->need_wakeup, 0, __ATOMIC_RELAXED)) {
		__atomic_fetch_add(&p->ctrl->notifications, 1, __ATOMIC_RELAXED);
		ur_doorbell_ring(&p->m);
	}
}

/* ThreadSanitizer does not model fences: its builds use seq_cst stores only. */
#ifdef __SANITIZE_THREAD__
static const bool ur_no_fences = true;
#else
static const bool ur_no_fences = false;
#endif

/* Before a publish: BUSY on the pending records not committed. */
static void ur_pend_flush(struct uio_ring_producer *p)
{
	uint32_t i;

	for (i = 0; i < p->pend_n; i++)
		if (!(p->pend_done & (1ull << i)))
			ur_store_relaxed(&p->pend[i]->len,
					 ur_load_relaxed(&p->pend[i]->len) | UIO_RING_REC_BUSY);
	p->pend_n = p->pend_next = 0;
	p->pend_done = 0;
}

/*
 * If rec is a pending record, take it as committed (with bits, its length
 * word rewritten) and return true.
 */
static inline bool ur_pend_commit(struct uio_ring_producer *p, struct uio_ring_rec *rec,
				  uint32_t bits)
{
	uint32_t i = p->pend_next;

	/* Commits mostly come in the order of the reserves. */
	if (i >= p->pend_n || p->pend[i] != rec)
		for (i = 0; i < p->pend_n && p->pend[i] != rec; i++)
			;
	if (i >= p->pend_n)
		return false;
	if (bits)
		ur_store_relaxed(&rec->len, ur_load_relaxed(&rec->len) | bits);
	p->pend_done |= 1ull << i;
	p->pend_next = i + 1;
	return true;
}

/*
 * UIO_RING_PRODUCER_SINGLE: store what reserve kept to itself. The
 * counters first, then the position with a store-release (#1), which
 * publishes the BUSY headers reserve wrote (and the commits before it).
 */
static void ur_producer_publish(struct uio_ring_producer *p)
{
	struct uio_ring_ctrl *c = p->ctrl;

	if (p->pos == p->published)
		return;
	if (p->pend_n)
		ur_pend_flush(p);
	ur_store_relaxed(&c->produced, p->produced);
	ur_store_relaxed(&c->producer_next_seq, p->next_seq);
	if (ur_no_fences)
		ur_store_seq_cst(&c->producer_pos, p->pos);
	else
		ur_store_release(&c->producer_pos, p->pos);
	p->published = p->pos;
}

/* The index of rec among the deferred records of the last batch, or -1. */
static int ur_defer_index(const struct uio_ring_producer *p, const uint8_t *rec)
{
	uint64_t off = (uint64_t)(rec - p->data), d = (off - p->def_pos) & p->mask;

	if (off >= p->data_size || d % p->def_size || d / p->def_size >= p->def_n)
		return -1;
	return (int)(d / p->def_size);
}

/*
 * Commit the n checked payloads, some of them perhaps deferred records of
 * the last batch (their whole header now, the length last). The deferred
 * state in locals: the stores into the ring could alias it otherwise.
 */
static inline void ur_commit_deferred(struct uio_ring_producer *p, void *const *payloads,
				      unsigned int n, uint32_t bits)
{
	uint8_t *cursor = p->def_cursor, *end = p->data + p->data_size;
	uint64_t size = p->def_size, seq = p->def_seq, done = p->def_done;
	uint32_t next = p->def_next, dn = p->def_n, dlen = p->def_len;
	uint16_t type = p->def_type, flags = p->def_flags;
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct uio_ring_rec *rec = (struct uio_ring_rec *)payloads[i] - 1;
		uint32_t len;
		int d;

		/* Commits mostly come in the order of the reserve. */
		if ((uint8_t *)rec == cursor && next < dn) {
			d = (int)next++;
			cursor += size;
			if (cursor >= end)
				cursor -= p->data_size;
		} else {
			d = ur_defer_index(p, (uint8_t *)rec);
		}
		if (d >= 0) {
			ur_store_relaxed(&rec->type, type);
			ur_store_relaxed(&rec->flags, flags);
			ur_store_relaxed(&rec->seq, seq + (uint64_t)d);
			done |= 1ull << d;
			len = dlen;
		} else if (p->pend_n && ur_pend_commit(p, rec, bits)) {
			continue;
		} else {
			len = ur_load_relaxed(&rec->len) & UIO_RING_REC_LEN_MASK;
		}
		/* #2, and #3 by the fence that follows (a publish follows) */
		if (ur_no_fences)
			ur_store_seq_cst(&rec->len, len | bits);
		else
			ur_store_release(&rec->len, len | bits);
	}
	p->def_cursor = cursor;
	p->def_next = next;
	p->def_done = done;
}

/*
 * The usual commit of a UIO_RING_PRODUCER_SINGLE batch: the next deferred
 * records, in the order reserved. Writes their headers (unpublished yet,
 * so in any order, two 8-byte stores each) until a payload is not the
 * next one; returns how many it took.
 */
static inline unsigned int ur_commit_in_order(struct uio_ring_producer *p,
					      void *const *payloads, unsigned int n)
{
	uint8_t *cursor = p->def_cursor, *end = p->data + p->data_size;
	uint64_t size = p->def_size, seq = p->def_seq + p->def_next;
	union ur_rec_view head = { .rec = { .len = p->def_len, .type = p->def_type,
					   .flags = p->def_flags } };
	uint64_t word = head.words.word;	/* len, type and flags as laid out */
	unsigned int i, left = p->def_n - p->def_next;

	if (n > left)
		n = left;
	for (i = 0; i < n; i++) {
		struct ur_rec_words *rec = (struct ur_rec_words *)cursor;

		if (payloads[i] != cursor + sizeof(struct uio_ring_rec))
			break;
		ur_store_relaxed(&rec->word, word);
		ur_store_relaxed(&rec->seq, seq + i);
		cursor += size;
		if (cursor >= end)
			cursor -= p->data_size;
	}
	if (i) {
		p->def_done |= ur_low_bits(i) << p->def_next;
		p->def_next += i;
		p->def_cursor = cursor;
	}
	return i;
}

/*
 * The usual commit of records reserved one by one: the next pending ones,
 * in the order reserved. Nothing to write (their headers are final);
 * returns how many it took.
 */
static inline unsigned int ur_pend_commit_in_order(struct uio_ring_producer *p,
						   void *const *payloads, unsigned int n)
{
	uint32_t next = p->pend_next, left = p->pend_n - next;
	unsigned int k = 0;

	if (n > left)
		n = left;
	while (k < n && (struct uio_ring_rec *)payloads[k] - 1 == p->pend[next + k])
		k++;
	if (k) {
		p->pend_done |= ur_low_bits(k) << next;
		p->pend_next = next + k;
	}
	return k;
}

static int ur_producer_finish(struct uio_ring_producer *p, void *const *payloads,
			      unsigned int n, uint32_t bits)
{
	unsigned int i, first = 0;
	bool publish;

	if (__builtin_expect(!p || (!payloads && n), 0))
		return ur_error(-EINVAL, "commit: NULL argument");
	if (__builtin_expect(p->fill_n != 0 || ur_forked(p), 0))
		return ur_forked(p) ? ur_forked_refuse(p) : ur_fill_busy(p);
	if (!n)
		return 0;
	/* Each one a record this handle reserved and did not commit, or none. */
	if (__builtin_expect(ur_reserved_take(&p->rsv, p->data, payloads, n) != 0, 0))
		return ur_error(-EINVAL, "%s: not a record this handle reserved and did not "
				"commit yet: nothing committed", p->m.info.name);
	if (p->def_n && !bits)
		first = ur_commit_in_order(p, payloads, n);
	else if (p->pend_n && !bits)
		first = ur_pend_commit_in_order(p, payloads, n);
	publish = p->single && p->pos != p->published;
	if (p->def_n) {
		/* Deferred records are unpublished: publish is true. */
		ur_commit_deferred(p, payloads + first, n - first, bits);
	} else {
		/* The first `first` were pending records, taken in order above. */
		for (i = first; i < n; i++) {
			struct uio_ring_rec *rec = (struct uio_ring_rec *)payloads[i] - 1;
			uint32_t len;

			/* Pending: unpublished, so publish is true (fence below). */
			if (p->pend_n && ur_pend_commit(p, rec, bits))
				continue;
			len = ur_load_relaxed(&rec->len) & UIO_RING_REC_LEN_MASK;

			/*
			 * Commits the record (#2): pairs with the consumer's
			 * load-acquire of len. Every store here must be ordered
			 * before the need_wakeup load in ur_producer_wake() (#3):
			 * when this store is the only one, it is sequentially
			 * consistent; otherwise all are released and one full
			 * fence follows.
			 */
			if (ur_no_fences || (n == 1 && !publish))
				ur_store_seq_cst(&rec->len, len | bits);
			else
				ur_store_release(&rec->len, len | bits);
		}
	}
	if (publish) {
		/* Deferred records not committed get their BUSY header first. */
		if (p->def_n)
			ur_defer_flush(p);
		ur_producer_publish(p);
	}
	if ((n > 1 || publish) && !ur_no_fences)
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	ur_producer_wake(p);
	return 0;
}

UR_EXPORT int uio_ring_commit(struct uio_ring_producer *p, void *payload)
{
	return ur_producer_finish(p, &payload, 1, 0);
}

UR_EXPORT int uio_ring_discard(struct uio_ring_producer *p, void *payload)
{
	return ur_producer_finish(p, &payload, 1, UIO_RING_REC_DISCARD);
}

UR_EXPORT int uio_ring_commit_batch(struct uio_ring_producer *p, void *const *payloads,
				    unsigned int n)
{
	return ur_producer_finish(p, payloads, n, 0);
}

UR_EXPORT int uio_ring_fill_begin(struct uio_ring_producer *p, uint32_t len, uint16_t type,
				  uint16_t flags, unsigned int n, struct uio_ring_fill *f)
{
	uint64_t size, prod, used, seq;
	unsigned int k;
	int ret, why;

	if (__builtin_expect(!p || !f, 0))
		return ur_error(-EINVAL, "uio_ring_fill_begin: NULL argument");
	ret = ur_batch_start(p, len, &n);
	if (ret <= 0)
		return ret;
	size = UIO_RING_REC_SIZE(len);
	if (p->single) {
		/* Nothing stored: fill_next() writes each header, end publishes. */
		if (p->def_n)
			ur_defer_flush(p);
		prod = p->pos;
		ret = ur_single_used(p, &used);
		k = ret ? 0 : ur_fit(p->data_size - used, size, n);
		if (__builtin_expect(!k, 0))
			return ur_single_refuse(p, ret);
		seq = p->last_seq = p->next_seq;
		p->pos = prod + k * size;
		p->next_seq += k;
		p->produced += k;
	} else {
		/* BUSY headers, published now, as reserve_batch does. */
		ret = ur_locked_room(p, size, n, &prod, &k, &why);
		if (ret)
			return ret;
		if (!k)
			return ur_locked_refuse(p, prod, why);
		seq = ur_locked_take(p, prod, size, k, len, type, flags, NULL);
		ur_producer_unlock(p);
	}
	p->fill_head = (struct uio_ring_rec){ .len = len, .type = type, .flags = flags,
					      .seq = seq };
	p->fill_pos = prod;
	p->fill_n = k;
	p->fill_size = (uint32_t)size;	/* < 2^31: len <= UIO_RING_REC_LEN_MASK */
	*f = (struct uio_ring_fill){ .data = p->data, .mask = p->mask, .pos = prod,
				     .head = p->fill_head, .size = (uint32_t)size,
				     .left = k, .count = k, .write_head = p->single,
				     .check = ++p->fill_gen };
	return (int)k;
}

/*
 * End the open fill: commit its first `used` records, give back the
 * others (discard them where they are published already), and wake the
 * consumer if it waits.
 */
static void ur_fill_finish(struct uio_ring_producer *p, uint32_t used)
{
	uint64_t size = p->fill_size;
	uint32_t n = p->fill_n, i;

	p->fill_n = 0;
	p->fill_gen++;	/* ended: not twice */
	if (p->single) {
		/* Unpublished: taking them back is forgetting them. */
		uint32_t back = n - used;

		p->pos -= back * size;
		p->next_seq -= back;
		p->produced -= back;
		if (!used)
			return;
		/* Their headers are final since fill_next(): #1 publishes them. */
		ur_producer_publish(p);
	} else {
		for (i = 0; i < n; i++) {
			struct uio_ring_rec *rec = (struct uio_ring_rec *)
				(p->data + ((p->fill_pos + i * size) & p->mask));
			uint32_t word = p->fill_head.len | (i < used ? 0 : UIO_RING_REC_DISCARD);

			/* #2, and #3 by the fence below */
			if (ur_no_fences)
				ur_store_seq_cst(&rec->len, word);
			else
				ur_store_release(&rec->len, word);
		}
	}
	if (!ur_no_fences)
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	ur_producer_wake(p);
}

UR_EXPORT int uio_ring_fill_end(struct uio_ring_producer *p, const struct uio_ring_fill *f)
{
	uint32_t used;

	if (!p || !f)
		return ur_error(-EINVAL, "uio_ring_fill_end: NULL argument");
	if (ur_forked(p))
		return ur_forked_refuse(p);
	if (!p->fill_n || f->check != p->fill_gen)
		return ur_error(-EINVAL, "%s: not this handle's open fill", p->m.info.name);
	/* All the fill can have become: pos and seq moved by used records. */
	used = f->count - f->left;
	if (f->data != p->data || f->mask != p->mask || f->count != p->fill_n ||
	    f->left > f->count || f->size != p->fill_size || f->write_head != p->single ||
	    f->pos != p->fill_pos + (uint64_t)used * f->size ||
	    f->head.seq != p->fill_head.seq + used || f->head.len != p->fill_head.len ||
	    f->head.type != p->fill_head.type || f->head.flags != p->fill_head.flags) {
		ur_fill_finish(p, 0);
		return ur_error(-EINVAL, "%s: the open fill was changed: none of it committed",
				p->m.info.name);
	}
	ur_fill_finish(p, used);
	return (int)used;
}
