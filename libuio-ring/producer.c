// SPDX-License-Identifier: MIT
/*
 * A user-space producer: the same reserve/commit protocol as the kernel
 * module's, with the producer state that the kernel keeps privately held
 * in the control area's producer line instead, under a spinlock there, so
 * that threads and processes can produce into one ring.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"

struct ur_producer {
	struct uio_ring_ctrl *ctrl;
	const struct uio_ring_consumer *cons;	/* untrusted */
	uint8_t *data;
	uint64_t data_size, mask;
	uint32_t max_payload;
	int doorbell_fd;
	size_t page;
};

static void ur_producer_lock(struct ur_producer *p)
{
	while (__atomic_exchange_n(&p->ctrl->producer_lock, 1, __ATOMIC_ACQUIRE)) {
		while (ur_load_relaxed(&p->ctrl->producer_lock))
			ur_cpu_relax();
	}
}

static void ur_producer_unlock(struct ur_producer *p)
{
	__atomic_store_n(&p->ctrl->producer_lock, 0, __ATOMIC_RELEASE);
}

int ur_producer_attach_shm(int fd, int doorbell_fd, struct ur_producer **pp)
{
	struct uio_ring_info geo;
	struct ur_producer *p;
	void *map;
	int ret;

	p = calloc(1, sizeof(*p));
	if (!p)
		return ur_error(-ENOMEM, "out of memory");
	p->page = (size_t)sysconf(_SC_PAGESIZE);
	p->doorbell_fd = doorbell_fd;
	map = mmap(NULL, 2 * p->page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		ret = ur_error(-errno, "mmap: %s", strerror(errno));
		free(p);
		return ret;
	}
	p->ctrl = map;
	p->cons = (const void *)((uint8_t *)map + UIO_RING_SHM_CONSUMER_PAGE * p->page);
	ret = ur_ring_check_ctrl(p->ctrl, p->page, "producer", &geo);
	if (!ret) {
		p->data_size = geo.data_size;
		p->mask = p->data_size - 1;
		p->max_payload = geo.max_payload;
		ret = ur_map_data_twice(fd, UIO_RING_SHM_DATA_PAGE * p->page, p->data_size,
					PROT_READ | PROT_WRITE, (void **)&p->data);
	}
	if (ret) {
		munmap(map, 2 * p->page);
		free(p);
		return ret;
	}
	*pp = p;
	return 0;
}

void ur_producer_close(struct ur_producer *p)
{
	if (!p)
		return;
	munmap(p->data, 2 * p->data_size);
	munmap(p->ctrl, 2 * p->page);
	free(p);
}

const struct uio_ring_ctrl *ur_producer_ctrl(const struct ur_producer *p)
{
	return p->ctrl;
}

void *ur_producer_reserve(struct ur_producer *p, uint32_t len, uint16_t type,
			  uint16_t flags)
{
	struct uio_ring_ctrl *c = p->ctrl;
	struct uio_ring_rec *rec;
	uint64_t size = UIO_RING_REC_SIZE(len);
	uint64_t prod, cons, used, seq;

	if (len > p->max_payload)
		return NULL;
	ur_producer_lock(p);
	seq = c->producer_next_seq++;
	prod = c->producer_pos;
	/* Pairs with the consumer's store-release of consumer_pos. */
	cons = ur_load_acquire(&p->cons->consumer_pos);
	used = prod - cons;
	if (used > p->data_size) {
		ur_store_relaxed(&c->consumer_faults, c->consumer_faults + 1);
		goto drop;
	}
	if (used + size > p->data_size)
		goto drop;
	rec = (struct uio_ring_rec *)(p->data + (prod & p->mask));
	ur_store_relaxed(&rec->len, len | UIO_RING_REC_BUSY);
	rec->type = type;
	rec->flags = flags;
	rec->seq = seq;
	ur_store_relaxed(&c->produced, c->produced + 1);
	/* Pairs with the consumer's load-acquire of producer_pos. */
	ur_store_release(&c->producer_pos, prod + size);
	ur_producer_unlock(p);
	return rec + 1;
drop:
	ur_store_relaxed(&c->dropped, c->dropped + 1);
	ur_producer_unlock(p);
	return NULL;
}

static void ur_producer_finish(struct ur_producer *p, void *payload, uint32_t bits)
{
	struct uio_ring_rec *rec = (struct uio_ring_rec *)payload - 1;
	uint32_t len = ur_load_relaxed(&rec->len) & UIO_RING_REC_LEN_MASK;
	uint64_t one = 1;

	/*
	 * Commits the record: pairs with the consumer's load-acquire of len.
	 * Sequentially consistent, with the need_wakeup load after it, against
	 * the consumer's need_wakeup store and re-check in uio_ring_arm():
	 * either it sees this record or we see its flag.
	 */
	ur_store_seq_cst(&rec->len, len | bits);
	if (ur_load_seq_cst(&p->cons->need_wakeup) &&
	    __atomic_exchange_n((uint32_t *)&p->cons->need_wakeup, 0, __ATOMIC_RELAXED)) {
		__atomic_fetch_add(&p->ctrl->notifications, 1, __ATOMIC_RELAXED);
		if (write(p->doorbell_fd, &one, sizeof(one)) < 0) {
			/* an eventfd write fails only when its counter is full: it is readable */
		}
	}
}

void ur_producer_commit(struct ur_producer *p, void *payload)
{
	ur_producer_finish(p, payload, 0);
}

void ur_producer_discard(struct ur_producer *p, void *payload)
{
	ur_producer_finish(p, payload, UIO_RING_REC_DISCARD);
}
