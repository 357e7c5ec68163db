// SPDX-License-Identifier: GPL-2.0
/*
 * uio_ring: rings of records in memory shared with user space, exposed as
 * UIO devices, with the UIO event count as the consumer's doorbell.
 *
 * The module only produces: the ring protocol, parsing and policy live in
 * user space (libuio-ring). The layout is include/uio-ring/abi.h and the
 * protocol docs/ABI.md. Each ring is one UIO device with three maps:
 *   map0  struct uio_ring_ctrl       one page, read-only to user space
 *   map1  struct uio_ring_consumer   one page, the only page user space writes
 *   map2  data pages, mapped twice back to back, read-only to user space
 * so a record is contiguous in both the kernel's and the consumer's view.
 *
 * The consumer page is untrusted: every field is read once, validated, and
 * garbage is counted and makes the producer drop rather than overwrite.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/device.h>
#include <linux/irq_work.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/stringify.h>
#include <linux/uio_driver.h>
#include <linux/vmalloc.h>

#include "compat.h"
#include "uio_ring.h"

#define UIO_RING_EMIT_MAX	(1u << 30)


unsigned int nr_rings = 1;
module_param(nr_rings, uint, 0444);
MODULE_PARM_DESC(nr_rings, "Number of rings (1-16, default 1)");

static unsigned long ring_size = 1UL << 20;
module_param(ring_size, ulong, 0444);
MODULE_PARM_DESC(ring_size, "Data bytes per ring: a power of two, a page to 256 MiB (default 1 MiB)");

static char *ring_names[UIO_RING_MAX_RINGS];
static int nr_ring_names;
module_param_array(ring_names, charp, &nr_ring_names, 0444);
MODULE_PARM_DESC(ring_names, "Comma-separated ring names (default ring0, ring1, ...)");

static char *user_rings[UIO_RING_MAX_RINGS];
static int nr_user_rings;
module_param_array(user_rings, charp, &nr_user_rings, 0444);
MODULE_PARM_DESC(user_rings, "Comma-separated rings that user-space producers write (the kernel only rings their doorbell)");

struct uio_kring *rings;

/*
 * Move pending_pos past the records committed since: it stays at the
 * oldest record still BUSY, or at prod_pos. Only this module writes the
 * data pages of its rings (user space maps them read-only), so the headers
 * it reads back are its own. Called under ring->lock.
 */
static u64 uio_ring_pending_pos(struct uio_kring *ring)
{
	u64 pos = ring->pending_pos;
	u32 len;

	while (pos != ring->prod_pos) {
		struct uio_ring_rec *rec = ring->data + (pos & (ring->data_size - 1));

		/* Pairs with the committer's store-release of len. */
		len = smp_load_acquire(&rec->len);
		if (len & UIO_RING_REC_BUSY)
			break;
		pos += UIO_RING_REC_SIZE(len & UIO_RING_REC_LEN_MASK);
	}
	ring->pending_pos = pos;
	return pos;
}

/*
 * Reserve a record of @len payload bytes. Returns its header, marked BUSY,
 * or NULL when the ring is full or the consumer position is garbage; the
 * record is then counted as dropped and its sequence number is skipped, so
 * the consumer sees the gap.
 */
struct uio_ring_rec *uio_kring_reserve(struct uio_kring *ring, u32 len,
				      u16 type, u16 flags)
{
	struct uio_ring_rec *rec = NULL;
	u64 size = UIO_RING_REC_SIZE(len);
	unsigned long irqflags;
	u64 cons_pos, used, seq;

	raw_spin_lock_irqsave(&ring->lock, irqflags);
	seq = ring->next_seq++;
	/* Pairs with the consumer's release store of consumer_pos. */
	cons_pos = smp_load_acquire(&ring->cons->consumer_pos);
	used = ring->prod_pos - cons_pos;
	/*
	 * Ahead of the producer, a whole lap behind, or past a record another
	 * CPU is still writing (a consumer stops at the first BUSY record):
	 * impossible for an honest consumer. Space past a BUSY record is never
	 * handed out again, so a record is never written twice at once.
	 */
	if (unlikely(used > ring->data_size ||
		     used < ring->prod_pos - uio_ring_pending_pos(ring))) {
		ring->faults++;
		WRITE_ONCE(ring->ctrl->consumer_faults, ring->faults);
		goto drop;
	}
	if (used + size > ring->data_size)
		goto drop;

	rec = ring->data + (ring->prod_pos & (ring->data_size - 1));
	WRITE_ONCE(rec->len, len | UIO_RING_REC_BUSY);
	rec->type = type;
	rec->flags = flags;
	rec->seq = seq;
	ring->prod_pos += size;
	WRITE_ONCE(ring->ctrl->produced, ++ring->produced);
	/*
	 * Publishes the BUSY header together with the new position: pairs with
	 * the consumer's load-acquire of producer_pos.
	 */
	smp_store_release(&ring->ctrl->producer_pos, ring->prod_pos);
	raw_spin_unlock_irqrestore(&ring->lock, irqflags);
	return rec;

drop:
	WRITE_ONCE(ring->ctrl->dropped, ++ring->dropped);
	raw_spin_unlock_irqrestore(&ring->lock, irqflags);
	return NULL;
}

/* Commit a reserved record and ring the doorbell if the consumer sleeps. */
void uio_kring_commit(struct uio_kring *ring, struct uio_ring_rec *rec)
{
	/* Pairs with the consumer's load-acquire of the record's len. */
	smp_store_release(&rec->len, READ_ONCE(rec->len) & ~UIO_RING_REC_BUSY);
	/*
	 * Full barrier between the commit and the need_wakeup load; pairs with
	 * the consumer's full barrier between setting need_wakeup and looking
	 * at the next record. Either it sees this record or we see its flag.
	 */
	smp_mb();
	if (READ_ONCE(ring->cons->need_wakeup) && xchg(&ring->cons->need_wakeup, 0))
		irq_work_queue(&ring->notify_work);
}

/*
 * uio_event_notify() takes locks: defer it out of whatever context
 * produced. The work can run on two CPUs at once; the count is stored
 * under the ring's lock so that it never goes backwards in shared memory.
 */
static void uio_ring_notify_work(struct irq_work *work)
{
	struct uio_kring *ring = container_of(work, struct uio_kring, notify_work);
	unsigned long irqflags;

	raw_spin_lock_irqsave(&ring->lock, irqflags);
	WRITE_ONCE(ring->ctrl->notifications, ++ring->notifications);
	raw_spin_unlock_irqrestore(&ring->lock, irqflags);
	uio_event_notify(&ring->info);
}

/*
 * The test pattern's table (abi.h), for payloads of up to 256 bytes; a
 * longer one is copied 256 bytes at a time, which keeps the pattern.
 */
static u8 uio_ring_pattern[UIO_RING_TEST_TABLE_SIZE(256)];

static void uio_ring_fill_test(struct uio_ring_rec *rec, u32 len)
{
	u8 *p = (u8 *)(rec + 1);
	u32 off, n;

	for (off = 0; off < len; off += n) {
		n = min_t(u32, len - off, 256);
		memcpy(p + off, uio_ring_test_payload(uio_ring_pattern, rec->seq + off), n);
	}
}

/*
 * "COUNT SIZE": produce COUNT test records of SIZE payload bytes from the
 * writer's context as fast as possible. Several writers on several CPUs
 * (taskset) produce concurrently.
 */
/*
 * A decimal number of at most 32 bits at *p, after white space: 0 and *p
 * past it, or -EINVAL (no digit, or too large: sscanf("%u") would take
 * 2^32 + 1 for 1).
 */
static int uio_ring_parse_u32(const char **p, const char *end, u32 *val)
{
	const char *s = *p;
	u64 v = 0;

	while (s < end && isspace(*s))
		s++;
	if (s == end || !isdigit(*s))
		return -EINVAL;
	for (; s < end && isdigit(*s); s++) {
		v = v * 10 + (*s - '0');
		if (v > U32_MAX)
			return -EINVAL;
	}
	*p = s;
	*val = (u32)v;
	return 0;
}

/* "COUNT SIZE", white space around and between, then the end or a NUL. */
static int uio_ring_parse_emit(const char *buf, size_t count, u32 *n, u32 *size)
{
	const char *p = buf, *end = buf + count;

	if (uio_ring_parse_u32(&p, end, n) || p == end || !isspace(*p) ||
	    uio_ring_parse_u32(&p, end, size))
		return -EINVAL;
	while (p < end && isspace(*p))
		p++;
	return p == end || !*p ? 0 : -EINVAL;
}

static ssize_t emit_store(struct device *dev, struct device_attribute *attr,
			  const char *buf, size_t count)
{
	struct uio_kring *ring = dev_get_drvdata(dev);
	struct uio_ring_rec *rec;
	u32 n, size, i;

	if (ring->user_producer)
		return -EOPNOTSUPP;	/* its producer state is not ours to trust */
	if (uio_ring_parse_emit(buf, count, &n, &size))
		return -EINVAL;
	if (n > UIO_RING_EMIT_MAX || size > ring->max_payload)
		return -EINVAL;

	for (i = 0; i < n; i++) {
		if (READ_ONCE(ring->stopping))
			return -ESHUTDOWN;
		rec = uio_kring_reserve(ring, size, UIO_RING_TYPE_TEST,
				       (u16)raw_smp_processor_id());
		if (rec) {
			uio_ring_fill_test(rec, size);
			uio_kring_commit(ring, rec);
		}
		if ((i & 255) == 255) {
			if (fatal_signal_pending(current))
				return -EINTR;
			cond_resched();
		}
	}
	return count;
}
static DEVICE_ATTR_WO(emit);

static ssize_t ring_name_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	struct uio_kring *ring = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%s\n", ring->name);
}
static DEVICE_ATTR_RO(ring_name);

/*
 * ring_name exists before the UIO device appears, so that udev rules for
 * the uio device's "add" event can read it; the producers (emit and the
 * proc_events switch) only once the device is registered, since a produced
 * record may ring its doorbell.
 */
static struct attribute *uio_ring_name_attrs[] = {
	&dev_attr_ring_name.attr,
	NULL,
};
static const struct attribute_group uio_ring_name_group = {
	.attrs = uio_ring_name_attrs,
};
static struct attribute *uio_ring_emit_attrs[] = {
	&dev_attr_emit.attr,
	&dev_attr_proc_events.attr,
	NULL,
};
static const struct attribute_group uio_ring_emit_group = {
	.attrs = uio_ring_emit_attrs,
};

/*
 * A user-space producer's doorbell: its 4-byte write() to /dev/uioN. The
 * value is ignored; the module reads nothing of the ring for it.
 */
static int uio_ring_irqcontrol(struct uio_info *info, s32 value)
{
	/* The producers count their doorbells in the control area themselves. */
	uio_event_notify(info);
	return 0;
}

/*
 * On a kernel-producer ring only the consumer page may be mapped writable;
 * on a user-producer ring everything is (the kernel then reads none of it).
 * The pages are inserted up front and hold their own references, so a
 * mapping outlives the module without calling back into it.
 */
static int uio_ring_mmap(struct uio_info *info, uio_ring_vma_t *vma)
{
	struct uio_kring *ring = info->priv;
	unsigned long mi = uio_ring_vma_map_index(vma);
	struct page **pages;
	unsigned long nr;

	switch (mi) {
	case UIO_RING_MAP_CTRL:
		pages = &ring->ctrl_page, nr = 1;
		break;
	case UIO_RING_MAP_CONSUMER:
		pages = &ring->cons_page, nr = 1;
		break;
	case UIO_RING_MAP_DATA:
		pages = ring->pages, nr = 2 * ring->nr_pages;
		break;
	default:
		return -EINVAL;
	}
	if (mi != UIO_RING_MAP_CONSUMER && !ring->user_producer) {
		if (uio_ring_vma_writable(vma))
			return -EPERM;
		uio_ring_vma_forbid_write(vma);
	}
	/* uio_mmap() checked that the vma is no larger than the map. */
	return uio_ring_vma_map_pages(vma, pages, nr);
}

/*
 * The data pages are listed twice, so that one vmap() and one user mapping
 * of the list each see the ring twice back to back.
 */
static int uio_ring_alloc(struct uio_kring *ring)
{
	unsigned int i, n = ring->data_size >> PAGE_SHIFT;

	ring->ctrl_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	ring->cons_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	ring->pages = kvcalloc(2 * n, sizeof(*ring->pages), GFP_KERNEL);
	if (!ring->ctrl_page || !ring->cons_page || !ring->pages)
		return -ENOMEM;
	ring->ctrl = page_address(ring->ctrl_page);
	ring->cons = page_address(ring->cons_page);
	for (i = 0; i < n; i++) {
		ring->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!ring->pages[i])
			return -ENOMEM;
		ring->pages[n + i] = ring->pages[i];
		ring->nr_pages++;
	}
	ring->data = vmap(ring->pages, 2 * n, VM_MAP, PAGE_KERNEL);
	return ring->data ? 0 : -ENOMEM;
}

static void uio_ring_free(struct uio_kring *ring)
{
	unsigned int i;

	if (ring->data)
		vunmap(ring->data);
	/* Pages still mapped by a consumer live on until it unmaps them. */
	for (i = 0; i < ring->nr_pages; i++)
		__free_page(ring->pages[i]);
	kvfree(ring->pages);
	if (ring->cons_page)
		__free_page(ring->cons_page);
	if (ring->ctrl_page)
		__free_page(ring->ctrl_page);
}

static void uio_ring_init_ctrl(struct uio_kring *ring)
{
	struct uio_ring_ctrl *c = ring->ctrl;

	c->magic = UIO_RING_MAGIC;
	c->abi_major = UIO_RING_ABI_MAJOR;
	c->abi_minor = UIO_RING_ABI_MINOR;
	c->ctrl_size = sizeof(*c);
	c->flags = ring->user_producer ? 0 : UIO_RING_F_KERNEL_PRODUCER;
	c->data_size = ring->data_size;
	c->max_payload = ring->max_payload;
	c->page_size = PAGE_SIZE;
	strscpy(c->name, ring->name, sizeof(c->name));
}

static void uio_ring_destroy(struct uio_kring *ring)
{
	WRITE_ONCE(ring->stopping, true);
	if (ring->emit_created)
		/*
		 * Waits for a running emit, which sees ->stopping and returns,
		 * and for a proc_events write, which attaches no more.
		 */
		sysfs_remove_group(&ring->parent->kobj, &uio_ring_emit_group);
	/* No probe writes into the ring once this returns. */
	uio_ring_proc_detach(ring);
	/* Nothing produces now; a pending doorbell still needs the UIO device. */
	irq_work_sync(&ring->notify_work);
	if (ring->registered)
		/* After this, UIO calls nothing of ours and readers get EIO. */
		uio_unregister_device(&ring->info);
	if (ring->parent) {
		if (ring->name_created)
			sysfs_remove_group(&ring->parent->kobj, &uio_ring_name_group);
		root_device_unregister(ring->parent);
	}
	uio_ring_free(ring);
}

/*
 * Name ring @idx from ring_names= or as ringN. A name must be unique (it
 * names the ring's device and its /dev/uio-ring/ link) and must not read as
 * a device ("3", "uio3"), which could not be opened by name.
 */
static int uio_ring_set_name(struct uio_kring *ring, unsigned int idx)
{
	unsigned int i;
	int ret;

	if (idx < nr_ring_names)
		ret = strscpy(ring->name, ring_names[idx], sizeof(ring->name));
	else
		ret = snprintf(ring->name, sizeof(ring->name), "ring%u", idx);
	if (ret <= 0 || ret >= (int)sizeof(ring->name) ||
	    strcspn(ring->name, "/ \t\n") != (size_t)ret ||
	    isdigit(ring->name[0]) ||
	    (!strncmp(ring->name, "uio", 3) && isdigit(ring->name[3]))) {
		pr_err("ring name %u is empty, too long, has '/' or spaces, or reads as a device number\n",
		       idx);
		return -EINVAL;
	}
	for (i = 0; i < idx; i++) {
		if (!strcmp(rings[i].name, ring->name)) {
			pr_err("rings %u and %u are both named %s: ring names must differ\n",
			       i, idx, ring->name);
			return -EINVAL;
		}
	}
	return 0;
}

static int uio_ring_create(struct uio_kring *ring)
{
	char devname[sizeof("uio-ring.") + UIO_RING_NAME_MAX];
	int ret;

	raw_spin_lock_init(&ring->lock);
	init_irq_work(&ring->notify_work, uio_ring_notify_work);
	for (ret = 0; ret < nr_user_rings; ret++)
		if (!strcmp(user_rings[ret], ring->name))
			ring->user_producer = true;
	ring->data_size = ring_size;
	ring->max_payload = min_t(u64, ring_size - sizeof(struct uio_ring_rec),
				  UIO_RING_REC_LEN_MASK);
	ret = uio_ring_alloc(ring);
	if (ret)
		return ret;
	uio_ring_init_ctrl(ring);

	snprintf(devname, sizeof(devname), "uio-ring.%s", ring->name);
	ring->parent = root_device_register(devname);
	if (IS_ERR(ring->parent)) {
		ret = PTR_ERR(ring->parent);
		ring->parent = NULL;
		pr_err("ring %s: cannot register device %s: %d\n", ring->name, devname, ret);
		return ret;
	}
	dev_set_drvdata(ring->parent, ring);
	ret = sysfs_create_group(&ring->parent->kobj, &uio_ring_name_group);
	if (ret) {
		pr_err("ring %s: cannot create sysfs attributes: %d\n", ring->name, ret);
		return ret;
	}
	ring->name_created = true;

	/*
	 * addr stays 0: our mmap handler maps the pages, and a real address
	 * in sysfs maps/mapN/addr (world-readable) would leak kernel layout.
	 */
	ring->info.name = UIO_RING_UIO_NAME;
	ring->info.version = __stringify(UIO_RING_ABI_MAJOR) "." __stringify(UIO_RING_ABI_MINOR);
	ring->info.irq = UIO_IRQ_CUSTOM;
	uio_ring_set_mmap(&ring->info, uio_ring_mmap);
	if (ring->user_producer)
		ring->info.irqcontrol = uio_ring_irqcontrol;
	ring->info.priv = ring;
	ring->info.mem[UIO_RING_MAP_CTRL] = (struct uio_mem){
		.name = "ctrl", .size = PAGE_SIZE, .memtype = UIO_MEM_VIRTUAL };
	ring->info.mem[UIO_RING_MAP_CONSUMER] = (struct uio_mem){
		.name = "consumer", .size = PAGE_SIZE, .memtype = UIO_MEM_VIRTUAL };
	ring->info.mem[UIO_RING_MAP_DATA] = (struct uio_mem){
		.name = "data", .size = 2 * ring->data_size, .memtype = UIO_MEM_VIRTUAL };

	/*
	 * No owner: an open /dev/uioN must not pin the module, so that it can
	 * be unloaded under a consumer. uio_unregister_device() makes UIO stop
	 * calling into us, and no vm_operations of ours are left in any vma.
	 */
	ret = __uio_register_device(NULL, ring->parent, &ring->info);
	if (ret) {
		pr_err("ring %s: cannot register UIO device: %d\n", ring->name, ret);
		return ret;
	}
	ring->registered = true;

	ret = sysfs_create_group(&ring->parent->kobj, &uio_ring_emit_group);
	if (ret) {
		pr_err("ring %s: cannot create sysfs attributes: %d\n", ring->name, ret);
		return ret;
	}
	ring->emit_created = true;
	return 0;
}

static void uio_ring_destroy_all(unsigned int n)
{
	while (n--)
		uio_ring_destroy(&rings[n]);
	kfree(rings);
	rings = NULL;
}

static int __init uio_ring_init(void)
{
	unsigned int i, j;
	int ret;

	if (nr_rings < 1 || nr_rings > UIO_RING_MAX_RINGS) {
		pr_err("nr_rings=%u: must be 1 to %d\n", nr_rings, UIO_RING_MAX_RINGS);
		return -EINVAL;
	}
	if (!is_power_of_2(ring_size) || ring_size < PAGE_SIZE ||
	    ring_size > (256UL << 20)) {
		pr_err("ring_size=%lu: must be a power of two from %lu to %lu\n",
		       ring_size, PAGE_SIZE, 256UL << 20);
		return -EINVAL;
	}
	if (nr_ring_names > nr_rings) {
		pr_err("%d ring_names for %u rings\n", nr_ring_names, nr_rings);
		return -EINVAL;
	}

	uio_ring_test_table(uio_ring_pattern, sizeof(uio_ring_pattern));
	uio_ring_proc_find();
	rings = kcalloc(nr_rings, sizeof(*rings), GFP_KERNEL);
	if (!rings)
		return -ENOMEM;
	/* Every name is checked before anything is registered under one. */
	for (i = 0; i < nr_rings; i++) {
		ret = uio_ring_set_name(&rings[i], i);
		if (ret) {
			kfree(rings);
			rings = NULL;
			return ret;
		}
	}
	for (i = 0; i < nr_rings; i++) {
		ret = uio_ring_create(&rings[i]);
		if (ret) {
			/* The ring that failed half way is torn down too. */
			uio_ring_destroy_all(i + 1);
			return ret;
		}
	}
	for (j = 0; j < nr_user_rings; j++) {
		for (i = 0; i < nr_rings; i++)
			if (!strcmp(user_rings[j], rings[i].name))
				break;
		if (i == nr_rings) {
			pr_err("user_rings: no ring named %s\n", user_rings[j]);
			uio_ring_destroy_all(nr_rings);
			return -EINVAL;
		}
	}
	ret = uio_ring_proc_init();
	if (ret) {
		uio_ring_destroy_all(nr_rings);
		return ret;
	}
	pr_info("%u ring(s) of %lu bytes\n", nr_rings, ring_size);
	return 0;
}

static void __exit uio_ring_exit(void)
{
	uio_ring_destroy_all(nr_rings);
}

module_init(uio_ring_init);
module_exit(uio_ring_exit);

MODULE_DESCRIPTION("Record rings in shared memory, exposed as UIO devices");
MODULE_LICENSE("GPL");
