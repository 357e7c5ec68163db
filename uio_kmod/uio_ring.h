/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uio_ring internals shared by the ring (ring.c) and its producers:
 * the emit test source in ring.c and the process events in proc.c.
 */
#ifndef UIO_RING_KMOD_H
#define UIO_RING_KMOD_H

#include <linux/irq_work.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uio_driver.h>

#include <uio-ring/abi.h>

#define UIO_RING_MAX_RINGS	16

/*
 * One ring of the module, its producer's side. Named apart from
 * libuio-ring's struct uio_ring (a consumer's handle) and its
 * uio_ring_reserve()/uio_ring_commit() (a user-space producer's calls).
 */
struct uio_kring {
	struct device *parent;		/* root device: sysfs ring_name, emit */
	struct uio_info info;
	struct uio_ring_ctrl *ctrl;	/* map0: ctrl_page */
	struct uio_ring_consumer *cons;	/* map1: cons_page, untrusted */
	void *data;			/* map2: pages, vmapped */
	struct page *ctrl_page, *cons_page;
	struct page **pages;		/* the nr_pages data pages, twice over */
	unsigned int nr_pages;
	u64 data_size;
	u32 max_payload;

	raw_spinlock_t lock;		/* serialises reserve and the counters */
	u64 prod_pos;			/* private copies: never read back */
	u64 next_seq;			/* from shared memory */
	u64 pending_pos;		/* oldest record maybe still BUSY */
	u64 produced, dropped, faults, notifications;
	struct irq_work notify_work;
	bool registered;
	bool name_created, emit_created;
	bool stopping;			/* unload in progress: emit stops */
	bool proc_events;		/* process event source attached */
	bool user_producer;		/* user space produces; we ring its doorbell */
	char name[UIO_RING_NAME_MAX];
};

extern struct uio_kring *rings;
extern unsigned int nr_rings;

/*
 * Produce a record: reserve returns its header with the payload after it,
 * or NULL when the record was dropped (and counted). Callable from any
 * context that may take a raw spinlock with interrupts off; never sleeps.
 */
struct uio_ring_rec *uio_kring_reserve(struct uio_kring *ring, u32 len,
				      u16 type, u16 flags);
void uio_kring_commit(struct uio_kring *ring, struct uio_ring_rec *rec);

/* proc.c: the process event source, switched per ring in sysfs. */
extern struct device_attribute dev_attr_proc_events;
void uio_ring_proc_find(void);
int uio_ring_proc_init(void);
void uio_ring_proc_detach(struct uio_kring *ring);

#endif /* UIO_RING_KMOD_H */
