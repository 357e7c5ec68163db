// SPDX-License-Identifier: GPL-2.0
/*
 * cdev_bench: a test module, not part of uio_ring. It is the read() peer the
 * ring's delivery capacity is measured against in `make bench`
 * (bench/vm-deliver-bench.sh, bench/deliver-bench.c): the usual way a
 * driver hands records to user space, a bounded queue in kernel memory that
 * read() copies out of with copy_to_user.
 *
 * Writing "COUNT SIZE" to /sys/class/misc/cdev_bench/emit produces COUNT
 * records of SIZE payload bytes from the writer's context, as fast as
 * possible, into the queue (queue_size bytes, 16 MiB by default, the same
 * size as the ring it is compared with). The records are laid out as in a
 * uio-ring (include/uio-ring/abi.h): a struct uio_ring_rec header (type
 * UIO_RING_TYPE_TEST, seq counting every record, dropped ones included),
 * the payload (byte i = (seq + i) & 0xff, as uio_ring's emit), padding to 8
 * bytes. A record that does not fit is dropped and counted, as in the ring.
 *
 * read() of /dev/cdev_bench returns as many whole records as fit in the
 * buffer (at least one: a buffer too small for the next record gets
 * -EINVAL), blocking while the queue is empty unless O_NONBLOCK; poll()
 * reports POLLIN when a record is queued. One reader at a time (a mutex);
 * several writers may produce at once (a spinlock, as the ring's reserve).
 * /sys/class/misc/cdev_bench/stats holds the running totals.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include <uio-ring/abi.h>

#define CDB_MAX_SIZE	65536u

static unsigned long queue_size = 16UL << 20;
module_param(queue_size, ulong, 0444);
MODULE_PARM_DESC(queue_size, "Queue bytes: a power of two, 64 KiB to 256 MiB (default 16 MiB)");

static struct cdb_queue {
	u8 *buf;
	u64 mask;
	spinlock_t lock;		/* producers: head, next_seq, counters */
	u64 head;			/* bytes produced; store-release */
	u64 tail;			/* bytes read; store-release by the reader */
	u64 next_seq;
	u64 produced, dropped;
	struct mutex read_lock;		/* one reader at a time */
	wait_queue_head_t wait;
} q;

/* Bytes 0..255 twice: any 256-byte run of the pattern is one memcpy. */
static u8 cdb_pattern[UIO_RING_TEST_TABLE_SIZE(256)];	/* abi.h's test pattern */

/* Copy len bytes into the queue at position pos, across its end if need be. */
static void cdb_put(u64 pos, const void *src, u32 len)
{
	u64 off = pos & q.mask;
	u32 first = min_t(u64, len, q.mask + 1 - off);

	memcpy(q.buf + off, src, first);
	if (first < len)
		memcpy(q.buf, (const u8 *)src + first, len - first);
}

static void cdb_get(u64 pos, void *dst, u32 len)
{
	u64 off = pos & q.mask;
	u32 first = min_t(u64, len, q.mask + 1 - off);

	memcpy(dst, q.buf + off, first);
	if (first < len)
		memcpy((u8 *)dst + first, q.buf, len - first);
}

static void cdb_produce(u32 len, u16 flags)
{
	struct uio_ring_rec hdr = { .len = len, .type = UIO_RING_TYPE_TEST, .flags = flags };
	u64 size = UIO_RING_REC_SIZE(len), pos;
	unsigned long irqflags;
	u32 off, n;

	spin_lock_irqsave(&q.lock, irqflags);
	hdr.seq = q.next_seq++;
	pos = q.head;
	/* Pairs with the reader's store-release of tail: it is done with the bytes. */
	if (pos + size - smp_load_acquire(&q.tail) > q.mask + 1) {
		q.dropped++;
		spin_unlock_irqrestore(&q.lock, irqflags);
		return;
	}
	cdb_put(pos, &hdr, sizeof(hdr));
	for (off = 0; off < len; off += n) {
		n = min_t(u32, len - off, 256);
		cdb_put(pos + sizeof(hdr) + off, uio_ring_test_payload(cdb_pattern, hdr.seq + off), n);
	}
	q.produced++;
	/* Publishes the record: pairs with the reader's load-acquire of head. */
	smp_store_release(&q.head, pos + size);
	spin_unlock_irqrestore(&q.lock, irqflags);
	/* wq_has_sleeper() has the barrier that pairs with the waiter's. */
	if (wq_has_sleeper(&q.wait))
		wake_up_interruptible(&q.wait);
}

static bool cdb_empty(void)
{
	return smp_load_acquire(&q.head) == q.tail;
}

static ssize_t cdb_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	u64 tail, head, pos, end, off;
	struct uio_ring_rec hdr;
	size_t first;
	ssize_t ret;

	if (mutex_lock_interruptible(&q.read_lock))
		return -ERESTARTSYS;
	while (cdb_empty()) {
		mutex_unlock(&q.read_lock);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(q.wait, !cdb_empty()))
			return -ERESTARTSYS;
		if (mutex_lock_interruptible(&q.read_lock))
			return -ERESTARTSYS;
	}
	tail = q.tail;
	head = smp_load_acquire(&q.head);
	/* Whole records only, as many as fit. */
	for (pos = tail; pos != head; pos += UIO_RING_REC_SIZE(hdr.len)) {
		cdb_get(pos, &hdr, sizeof(hdr));
		if (pos + UIO_RING_REC_SIZE(hdr.len) - tail > count)
			break;
	}
	if (pos == tail) {
		ret = -EINVAL;		/* the buffer cannot hold the next record */
		goto out;
	}
	end = pos;
	off = tail & q.mask;
	first = min_t(u64, end - tail, q.mask + 1 - off);
	if (copy_to_user(ubuf, q.buf + off, first) ||
	    copy_to_user(ubuf + first, q.buf, end - tail - first)) {
		ret = -EFAULT;
		goto out;
	}
	/* The producers may reuse the bytes: pairs with their load-acquire. */
	smp_store_release(&q.tail, end);
	ret = (ssize_t)(end - tail);
out:
	mutex_unlock(&q.read_lock);
	return ret;
}

static __poll_t cdb_poll(struct file *file, struct poll_table_struct *wait)
{
	poll_wait(file, &q.wait, wait);
	return cdb_empty() ? 0 : EPOLLIN | EPOLLRDNORM;
}

static const struct file_operations cdb_fops = {
	.owner = THIS_MODULE,
	.read = cdb_read,
	.poll = cdb_poll,
	.llseek = noop_llseek,
};

/* "COUNT SIZE": produce COUNT records of SIZE payload bytes. */
static ssize_t emit_store(struct device *dev, struct device_attribute *attr,
			  const char *buf, size_t count)
{
	unsigned int n, size, i;
	char extra;

	if (sscanf(buf, "%u %u %c", &n, &size, &extra) != 2 || size > CDB_MAX_SIZE ||
	    UIO_RING_REC_SIZE(size) > q.mask + 1)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		cdb_produce(size, (u16)raw_smp_processor_id());
		if ((i & 255) == 255) {
			if (fatal_signal_pending(current))
				return -EINTR;
			cond_resched();
		}
	}
	return count;
}
static DEVICE_ATTR_WO(emit);

static ssize_t stats_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	unsigned long irqflags;
	u64 seq, produced, dropped, head;

	spin_lock_irqsave(&q.lock, irqflags);
	seq = q.next_seq;
	produced = q.produced;
	dropped = q.dropped;
	head = q.head;
	spin_unlock_irqrestore(&q.lock, irqflags);
	return sysfs_emit(buf, "seq=%llu produced=%llu dropped=%llu pending_bytes=%llu\n",
			  seq, produced, dropped, head - READ_ONCE(q.tail));
}
static DEVICE_ATTR_RO(stats);

static struct attribute *cdb_attrs[] = {
	&dev_attr_emit.attr,
	&dev_attr_stats.attr,
	NULL,
};
ATTRIBUTE_GROUPS(cdb);

static struct miscdevice cdb_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "cdev_bench",
	.fops = &cdb_fops,
	.groups = cdb_groups,
	.mode = 0600,
};

static int __init cdb_init(void)
{
	int ret;

	if (!is_power_of_2(queue_size) || queue_size < (64UL << 10) ||
	    queue_size > (256UL << 20)) {
		pr_err("queue_size=%lu: must be a power of two from 64 KiB to 256 MiB\n", queue_size);
		return -EINVAL;
	}
	uio_ring_test_table(cdb_pattern, sizeof(cdb_pattern));
	q.buf = vmalloc(queue_size);
	if (!q.buf)
		return -ENOMEM;
	q.mask = queue_size - 1;
	spin_lock_init(&q.lock);
	mutex_init(&q.read_lock);
	init_waitqueue_head(&q.wait);
	ret = misc_register(&cdb_dev);
	if (ret) {
		pr_err("cannot register the misc device: %d\n", ret);
		vfree(q.buf);
	}
	return ret;
}

static void __exit cdb_exit(void)
{
	/* Waits for a running emit; open files pin the module (fops.owner). */
	misc_deregister(&cdb_dev);
	vfree(q.buf);
}

module_init(cdb_init);
module_exit(cdb_exit);

MODULE_DESCRIPTION("uio-ring test: records read() from a character device");
MODULE_LICENSE("GPL");
