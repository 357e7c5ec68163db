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
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define UR_PRODUCER_FLAGS (UIO_RING_PRODUCER_SINGLE | UIO_RING_PRODUCER_NO_DROP)

struct uio_ring_producer {
	struct uio_ring_ctrl *ctrl;
	struct uio_ring_consumer *cons;		/* untrusted */
	uint8_t *data;				/* mapped twice */
	uint64_t data_size, mask;
	uint32_t max_payload;
	uint32_t lock_id;			/* our pid, the lock's value */
	bool single;				/* UIO_RING_PRODUCER_SINGLE */
	bool no_drop;				/* UIO_RING_PRODUCER_NO_DROP */
	struct ur_mapping m;
};

static int64_t ur_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
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
	struct uio_ring_producer *p = calloc(1, sizeof(*p));

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
	ur_error_clear();
	ur_mapping_init(&m);
	if (ur_is_shm_path(spec))
		ret = ur_shm_map_path(spec, UR_PRODUCER, &m);
	else
		ret = ur_uio_map(spec, UR_PRODUCER, &m);
	if (ret) {
		ur_mapping_close(&m);
		return ret;
	}
	return ur_producer_new(&m, flags, pp);
}

UR_EXPORT int uio_ring_producer_open_fd(int ring_fd, int doorbell_fd, unsigned int flags,
					struct uio_ring_producer **pp)
{
	struct ur_mapping m;
	int ret;

	if (!pp || (flags & ~UR_PRODUCER_FLAGS))
		return ur_error(-EINVAL, "uio_ring_producer_open_fd: bad arguments");
	ur_error_clear();
	ur_mapping_init(&m);
	ret = ur_shm_map_fd(ring_fd, doorbell_fd, UR_PRODUCER, &m);
	if (ret) {
		ur_mapping_close(&m);
		return ret;
	}
	return ur_producer_new(&m, flags, pp);
}

UR_EXPORT void uio_ring_producer_close(struct uio_ring_producer *p)
{
	if (!p)
		return;
	ur_mapping_close(&p->m);
	free(p);
}

UR_EXPORT int uio_ring_producer_get_info(const struct uio_ring_producer *p,
					 struct uio_ring_info *info)
{
	if (!p || !info)
		return ur_error(-EINVAL, "uio_ring_producer_get_info: NULL argument");
	*info = p->m.info;
	return 0;
}

/* Bytes between the consumer and producer positions, or -EBADMSG. */
static int ur_producer_used(struct uio_ring_producer *p, uint64_t prod, uint64_t *used)
{
	/* Pairs with the consumer's store-release of consumer_pos. */
	uint64_t cons = ur_load_acquire(&p->cons->consumer_pos);

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
	ret = ur_producer_used(p, ur_load_acquire(&p->ctrl->producer_pos), &used);
	if (ret)
		return ret;
	*bytes = p->data_size - used;
	return 0;
}

UR_EXPORT int uio_ring_reserve(struct uio_ring_producer *p, uint32_t len, uint16_t type,
			       uint16_t flags, void **payload)
{
	struct uio_ring_ctrl *c;
	struct uio_ring_rec *rec;
	uint64_t size, prod, used, seq;
	int ret;

	if (!p || !payload)
		return ur_error(-EINVAL, "uio_ring_reserve: NULL argument");
	if (len > p->max_payload)
		return ur_error(-EMSGSIZE, "%s: a %u byte record, the ring takes %u at most",
				p->m.info.name, len, p->max_payload);
	size = UIO_RING_REC_SIZE(len);
	c = p->ctrl;
	ret = ur_producer_lock(p);
	if (ret)
		return ret;
	prod = ur_load_relaxed(&c->producer_pos);
	ret = ur_producer_used(p, prod, &used);
	if (!ret && used + size > p->data_size) {
		if (p->no_drop) {
			/* Nothing happened: no seq used, nothing counted. */
			ur_producer_unlock(p);
			return ur_error(-EAGAIN, "%s: ring full", p->m.info.name);
		}
		ret = ur_error(-ENOSPC, "%s: ring full: record dropped", p->m.info.name);
	}
	/* Every record from here on, dropped or not, takes a seq. */
	seq = ur_load_relaxed(&c->producer_next_seq);
	ur_store_relaxed(&c->producer_next_seq, seq + 1);
	if (ret) {
		if (ret == -EBADMSG && prod % UIO_RING_REC_ALIGN == 0)
			ur_store_relaxed(&c->consumer_faults, ur_load_relaxed(&c->consumer_faults) + 1);
		goto drop;
	}
	rec = (struct uio_ring_rec *)(p->data + (prod & p->mask));
	ur_store_relaxed(&rec->len, len | UIO_RING_REC_BUSY);
	ur_store_relaxed(&rec->type, type);
	ur_store_relaxed(&rec->flags, flags);
	ur_store_relaxed(&rec->seq, seq);
	ur_store_relaxed(&c->produced, ur_load_relaxed(&c->produced) + 1);
	/* Publishes the BUSY header: pairs with the consumer's load-acquire. */
	ur_store_release(&c->producer_pos, prod + size);
	ur_producer_unlock(p);
	*payload = rec + 1;
	return 0;
drop:
	ur_store_relaxed(&c->dropped, ur_load_relaxed(&c->dropped) + 1);
	ur_producer_unlock(p);
	return ret;
}

/* The header of a payload reserve handed out, or NULL. */
static struct uio_ring_rec *ur_producer_rec(struct uio_ring_producer *p, void *payload)
{
	uint8_t *at = payload;

	if (!payload || at < p->data + sizeof(struct uio_ring_rec) ||
	    at >= p->data + 2 * p->data_size || (at - p->data) % UIO_RING_REC_ALIGN) {
		ur_error(-EINVAL, "%s: not a reserved record", p ? p->m.info.name : "?");
		return NULL;
	}
	return (struct uio_ring_rec *)payload - 1;
}

void ur_ring_doorbell(const struct ur_mapping *m)
{
	ssize_t ret;

	if (m->kind == UR_KIND_UIO) {
		/* The module turns this write into a UIO event. */
		int32_t one = 1;

		ret = write(m->doorbell_fd, &one, sizeof(one));
	} else {
		/* An eventfd adds it; a FIFO just becomes readable. */
		uint64_t one = 1;

		ret = write(m->doorbell_fd, &one, sizeof(one));
	}
	/* EAGAIN: a full eventfd or FIFO, which is readable anyway. */
	(void)ret;
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
		ur_ring_doorbell(&p->m);
	}
}

/* ThreadSanitizer does not model fences: its builds use seq_cst stores only. */
#ifdef __SANITIZE_THREAD__
static const bool ur_no_fences = true;
#else
static const bool ur_no_fences = false;
#endif

static int ur_producer_finish(struct uio_ring_producer *p, void *const *payloads,
			      unsigned int n, uint32_t bits)
{
	struct uio_ring_rec *rec;
	unsigned int i;

	if (!p || (!payloads && n))
		return ur_error(-EINVAL, "commit: NULL argument");
	for (i = 0; i < n; i++)
		if (!ur_producer_rec(p, payloads[i]))
			return -EINVAL;
	for (i = 0; i < n; i++) {
		uint32_t len;

		rec = ur_producer_rec(p, payloads[i]);
		len = ur_load_relaxed(&rec->len) & UIO_RING_REC_LEN_MASK;
		/*
		 * Commits the record: pairs with the consumer's load-acquire of
		 * len. Every commit must be ordered before the need_wakeup load
		 * in ur_producer_wake(): a single one is a sequentially
		 * consistent store; a batch is released, then fenced once.
		 */
		if (n == 1 || ur_no_fences)
			ur_store_seq_cst(&rec->len, len | bits);
		else
			ur_store_release(&rec->len, len | bits);
	}
	if (n > 1 && !ur_no_fences)
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (n)
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

/* The tests' shorthands. */
int ur_producer_attach_shm(int fd, int doorbell_fd, struct ur_producer **pp)
{
	return uio_ring_producer_open_fd(fd, doorbell_fd, 0, pp);
}

void ur_producer_close(struct ur_producer *p)
{
	uio_ring_producer_close(p);
}

void *ur_producer_reserve(struct ur_producer *p, uint32_t len, uint16_t type,
			  uint16_t flags)
{
	void *payload;

	return uio_ring_reserve(p, len, type, flags, &payload) ? NULL : payload;
}

void ur_producer_commit(struct ur_producer *p, void *payload)
{
	uio_ring_commit(p, payload);
}

void ur_producer_discard(struct ur_producer *p, void *payload)
{
	uio_ring_discard(p, payload);
}

const struct uio_ring_ctrl *ur_producer_ctrl(const struct ur_producer *p)
{
	return p->ctrl;
}
