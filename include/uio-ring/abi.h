/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * uio-ring shared memory layout.
 *
 * This header is the contract between every producer (the uio_ring kernel
 * module, or a user-space producer) and every consumer. The kernel module and
 * libuio-ring both compile it, and both check the offsets below at build time,
 * so neither side can drift. docs/ABI.md describes the protocol around it.
 *
 * Only fixed-width types, explicit padding and reserved fields (which are
 * written as zero and ignored on read). All fields are in the producer's
 * native byte order; a ring is only ever shared within one machine.
 */
#ifndef UIO_RING_ABI_H
#define UIO_RING_ABI_H

#include <linux/types.h>
#ifdef __KERNEL__
#include <linux/stddef.h>
#else
#include <stddef.h>
#endif

/* "UIOR" in memory on a little-endian machine. */
#define UIO_RING_MAGIC		0x524f4955u

/*
 * A consumer accepts a ring whose abi_major equals its own and whose
 * abi_minor is any value. A minor version may only add what older
 * consumers can ignore: meaning for reserved fields, flag bits, record
 * types, and fields after the end of the control area (ctrl_size grows).
 */
#define UIO_RING_ABI_MAJOR	1
#define UIO_RING_ABI_MINOR	0

/* The UIO device name (sysfs "name") of every uio-ring device. */
#define UIO_RING_UIO_NAME	"uio-ring"

/* UIO map indexes (mmap offset = index * page size) and their sizes. */
#define UIO_RING_MAP_CTRL	0	/* struct uio_ring_ctrl: one page, read-only */
#define UIO_RING_MAP_CONSUMER	1	/* struct uio_ring_consumer: one page, read-write */
#define UIO_RING_MAP_DATA	2	/* data pages mapped twice: 2 * data_size, read-only */
#define UIO_RING_NR_MAPS	3

/*
 * The same three areas in a plain shared memory file (memfd or /dev/shm):
 * control page at file offset 0, consumer page at page_size, data at
 * 2 * page_size (data_size bytes, which the consumer maps twice back to back).
 */
#define UIO_RING_SHM_CTRL_PAGE		0
#define UIO_RING_SHM_CONSUMER_PAGE	1
#define UIO_RING_SHM_DATA_PAGE		2
/* The doorbell of a ring file at PATH: a FIFO at PATH UIO_RING_SHM_DOORBELL. */
#define UIO_RING_SHM_DOORBELL		".doorbell"

#define UIO_RING_NAME_MAX	32	/* including the terminating NUL */

/*
 * uio_ring_ctrl.flags. Without KERNEL_PRODUCER, user-space producers write
 * the records and the control area's producer line: on a module ring the
 * control and data maps are then writable, and the module's part is only
 * the doorbell (a 4-byte write() to /dev/uioN becomes a UIO event).
 */
#define UIO_RING_F_KERNEL_PRODUCER	(1u << 0)	/* the kernel writes the records */

/*
 * Producer-owned control area, at offset 0 of map UIO_RING_MAP_CTRL.
 * Consumers never write it (the module maps it read-only).
 */
struct uio_ring_ctrl {
	/* Identity and geometry: set once, before the ring is published. */
	__u32 magic;			/* UIO_RING_MAGIC */
	__u16 abi_major;		/* UIO_RING_ABI_MAJOR */
	__u16 abi_minor;		/* UIO_RING_ABI_MINOR */
	__u32 ctrl_size;		/* sizeof(struct uio_ring_ctrl) of the producer */
	__u32 flags;			/* UIO_RING_F_* */
	__u64 data_size;		/* data area bytes: a power of two, a page multiple */
	__u32 max_payload;		/* largest record payload the producer writes */
	__u32 page_size;		/* the producer's page size */
	char name[UIO_RING_NAME_MAX];	/* NUL-terminated ring name */

	/* Cache line 1: written by producers on every record. */
	__u64 producer_pos;		/* bytes reserved since creation (release) */
	__u64 produced;			/* records reserved (committed or to be) */
	__u64 dropped;			/* records dropped: ring full or consumer fault */
	__u64 notifications;		/* doorbells rung (UIO events, eventfd writes) */
	__u64 consumer_faults;		/* invalid consumer_pos values seen */
	__u64 reserved1[3];

	/*
	 * Cache line 2: shared state of user-space producers, which may live
	 * in several threads or processes. The kernel keeps its own privately.
	 */
	__u32 producer_lock;		/* 0 free, else the holder's pid */
	__u32 reserved2;
	__u64 producer_next_seq;	/* seq of the next reserve */
	__u64 reserved3[6];

	__u64 reserved4[16];
};

/*
 * Consumer-owned area, at offset 0 of map UIO_RING_MAP_CONSUMER. Producers
 * read it, trust nothing in it, and write only need_wakeup (to clear it).
 */
struct uio_ring_consumer {
	__u64 consumer_pos;		/* bytes released by the consumer (release) */
	__u32 need_wakeup;		/* non-zero: the consumer is about to sleep */
	__u32 owner_pid;		/* informational: pid of the attached consumer */
	__u64 reserved[6];
};

/*
 * Record header, at data offset (position & (data_size - 1)), 8-byte aligned.
 * The payload follows it; the next record starts at the next multiple of 8.
 */
struct uio_ring_rec {
	__u32 len;			/* payload bytes | UIO_RING_REC_BUSY | _DISCARD */
	__u16 type;			/* UIO_RING_TYPE_* */
	__u16 flags;			/* meaning set by type */
	__u64 seq;			/* 0, 1, 2, ... in reserve order, drops included */
};

#define UIO_RING_REC_BUSY	(1u << 31)	/* reserved, not yet committed */
#define UIO_RING_REC_DISCARD	(1u << 30)	/* committed as discarded: skip it */
#define UIO_RING_REC_LEN_MASK	((1u << 30) - 1)

#define UIO_RING_REC_ALIGN	8u
/* Bytes a record of payload length len occupies in the data area. */
#define UIO_RING_REC_SIZE(len) \
	(((__u64)sizeof(struct uio_ring_rec) + (len) + UIO_RING_REC_ALIGN - 1) & \
	 ~(__u64)(UIO_RING_REC_ALIGN - 1))

/* Record types. 0 is never written. */
#define UIO_RING_TYPE_TEST	1	/* emit pattern: byte i = (seq + i) & 0xff,
					 * flags = producing CPU */
#define UIO_RING_TYPE_PROC_FORK	2	/* struct uio_ring_proc_fork */
#define UIO_RING_TYPE_PROC_EXEC	3	/* struct uio_ring_proc_exec + filename */
#define UIO_RING_TYPE_PROC_EXIT	4	/* struct uio_ring_proc_exit */
/* Types from here up are the applications' own; below, the project's. */
#define UIO_RING_TYPE_APP_MIN	0x100

/*
 * The payload of a UIO_RING_TYPE_TEST record: byte i of record seq is
 * (seq + i) & 0xff. Every writer and checker of it (the module's emit, the
 * tools, the tests, the benches) works from one table whose byte j is
 * j & 0xff, filled once with uio_ring_test_table(): the payload of record
 * seq is then its len bytes from uio_ring_test_payload(table, seq) on, to
 * memcpy() or memcmp(). The table needs 256 + the longest payload bytes.
 */
#define UIO_RING_TEST_TABLE_SIZE(max_len)	(256 + (max_len))

static inline void uio_ring_test_table(__u8 *table, __u64 size)
{
	__u64 j;

	for (j = 0; j < size; j++)
		table[j] = (__u8)j;
}

static inline const __u8 *uio_ring_test_payload(const __u8 *table, __u64 seq)
{
	return table + (seq & 0xff);
}

/*
 * Process events (the module's proc_events source). Every payload starts
 * with struct uio_ring_proc. Ids are those of the initial namespaces
 * (global pids, uids and gids as root sees them on the host).
 */
struct uio_ring_proc {
	__u64 timestamp_ns;		/* CLOCK_MONOTONIC when it happened */
	__u32 cpu;			/* CPU it happened on */
	__u32 pid;			/* thread id of the task (fork: the parent) */
	__u32 tgid;			/* its process id */
	__u32 ppid;			/* its parent's process id */
	__u32 uid;			/* its real uid, (__u32)-1 if unmapped */
	__u32 gid;			/* its real gid, (__u32)-1 if unmapped */
};

/* A task was created: uio_ring_proc describes the parent. */
struct uio_ring_proc_fork {
	struct uio_ring_proc proc;
	__u32 child_pid;		/* the new task's thread id */
	__u32 child_tgid;		/* its process id (== tgid for a thread) */
};

/*
 * A task executed a program. The record's payload is this struct followed
 * by filename_len bytes of filename, the last of them NUL. The filename is
 * the path as exec was asked for it, cut to UIO_RING_PROC_FILENAME_MAX - 1
 * bytes (record flag UIO_RING_PROC_F_TRUNCATED then set).
 */
struct uio_ring_proc_exec {
	struct uio_ring_proc proc;
	__u32 old_pid;			/* thread id before exec (differs when a
					 * non-leader thread execs) */
	__u32 filename_len;		/* bytes that follow, NUL included */
	char comm[16];			/* the new comm, NUL-terminated */
	char filename[];
};
#define UIO_RING_PROC_FILENAME_MAX	256

/* A task exited. */
struct uio_ring_proc_exit {
	struct uio_ring_proc proc;
	__u32 exit_code;		/* status as wait(2) reports it: exit
					 * status << 8, or the killing signal */
	__u32 exit_signal;		/* signal sent to the parent (SIGCHLD),
					 * 0 for a thread */
};

/* uio_ring_rec.flags of process events */
#define UIO_RING_PROC_F_TRUNCATED	(1u << 0)	/* exec: filename cut */
#define UIO_RING_PROC_F_GROUP_DEAD	(1u << 1)	/* exit: no thread of its
							 * process is left alive:
							 * always set on the last
							 * exit, and possibly on
							 * others that raced it */

/* Limits of the geometry a consumer accepts. */
#define UIO_RING_DATA_SIZE_MIN	4096ull
#define UIO_RING_DATA_SIZE_MAX	(1ull << 30)

/*
 * Build-time checks of the layout, compiled by the module and the library.
 * A change that moves a field fails to build on both sides.
 */
#ifdef __cplusplus
#define UIO_RING_ABI_CHECK(cond) static_assert(cond, "uio-ring ABI: " #cond)
#else
#define UIO_RING_ABI_CHECK(cond) _Static_assert(cond, "uio-ring ABI: " #cond)
#endif
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_ctrl, magic) == 0);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_ctrl, abi_major) == 4);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_ctrl, abi_minor) == 6);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_ctrl, ctrl_size) == 8);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_ctrl, flags) == 12);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_ctrl, data_size) == 16);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_ctrl, max_payload) == 24);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_ctrl, page_size) == 28);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_ctrl, name) == 32);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_ctrl, producer_pos) == 64);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_ctrl, produced) == 72);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_ctrl, dropped) == 80);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_ctrl, notifications) == 88);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_ctrl, consumer_faults) == 96);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_ctrl, producer_lock) == 128);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_ctrl, producer_next_seq) == 136);
UIO_RING_ABI_CHECK(sizeof(struct uio_ring_ctrl) == 320);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_consumer, consumer_pos) == 0);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_consumer, need_wakeup) == 8);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_consumer, owner_pid) == 12);
UIO_RING_ABI_CHECK(sizeof(struct uio_ring_consumer) == 64);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_rec, len) == 0);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_rec, type) == 4);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_rec, flags) == 6);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_rec, seq) == 8);
UIO_RING_ABI_CHECK(sizeof(struct uio_ring_rec) == 16);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_proc, timestamp_ns) == 0);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_proc, cpu) == 8);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_proc, pid) == 12);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_proc, tgid) == 16);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_proc, ppid) == 20);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_proc, uid) == 24);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_proc, gid) == 28);
UIO_RING_ABI_CHECK(sizeof(struct uio_ring_proc) == 32);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_proc_fork, child_pid) == 32);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_proc_fork, child_tgid) == 36);
UIO_RING_ABI_CHECK(sizeof(struct uio_ring_proc_fork) == 40);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_proc_exec, old_pid) == 32);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_proc_exec, filename_len) == 36);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_proc_exec, comm) == 40);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_proc_exec, filename) == 56);
UIO_RING_ABI_CHECK(sizeof(struct uio_ring_proc_exec) == 56);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_proc_exit, exit_code) == 32);
UIO_RING_ABI_CHECK(offsetof(struct uio_ring_proc_exit, exit_signal) == 36);
UIO_RING_ABI_CHECK(sizeof(struct uio_ring_proc_exit) == 40);

#endif /* UIO_RING_ABI_H */
