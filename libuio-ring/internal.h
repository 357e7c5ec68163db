/* SPDX-License-Identifier: MIT */
/*
 * libuio-ring internals, shared by the library's files and its tests.
 * Nothing here is part of the public ABI.
 */
#ifndef UIO_RING_INTERNAL_H
#define UIO_RING_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <uio-ring/uio-ring.h>

#define UR_EXPORT __attribute__((visibility("default")))
#define UR_PRINTF(a, b) __attribute__((format(printf, a, b)))

/*
 * Shared memory accessors. Every load of a field another process may write
 * goes through these, so it is one load (never re-read by the compiler), and
 * each says which ordering it needs; docs/ABI.md names the pairs.
 */
#define ur_load_relaxed(p)	__atomic_load_n((p), __ATOMIC_RELAXED)
#define ur_load_acquire(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define ur_store_relaxed(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define ur_store_release(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)
/*
 * The wakeup handshake (need_wakeup against the record commit) is a store
 * followed by a load of the other side's variable on both sides: it needs
 * sequentially consistent accesses, the C11 form of the kernel's smp_mb()
 * between the two. (On x86 the store is an xchg, the load a plain load.)
 */
#define ur_store_seq_cst(p, v)	__atomic_store_n((p), (v), __ATOMIC_SEQ_CST)
#define ur_load_seq_cst(p)	__atomic_load_n((p), __ATOMIC_SEQ_CST)

static inline void ur_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#endif
}

/* Most records one peek returns; peek clamps max to it. */
#define UR_PEEK_MAX 1024

enum ur_kind {
	UR_KIND_UIO,		/* /dev/uioN of the uio_ring module */
	UR_KIND_SHM,		/* shared memory file; eventfd or FIFO doorbell */
};

/* What a handle needs mapped, and how. */
enum ur_role {
	UR_CONSUMER,		/* ctrl and data read-only, consumer page writable */
	UR_OBSERVER,		/* everything read-only */
	UR_PRODUCER,		/* everything writable */
};

/*
 * A ring's three areas, mapped, with the geometry checked in its control
 * area (info). Consumers and producers each hold one.
 */
struct ur_guard;

/* The areas of a mapping, as mapping.c guards them. */
enum { UR_AREA_CTRL, UR_AREA_CONS, UR_AREA_DATA, UR_AREAS };

struct ur_mapping {
	enum ur_kind kind;
	int fd;				/* /dev/uioN, or the shared memory file */
	int doorbell_fd;		/* fd for uio; an eventfd or FIFO for shm */
	void *ctrl, *cons, *data;	/* MAP_FAILED until mapped */
	size_t len_ctrl, len_cons, len_data;
	struct uio_ring_info info;
	struct ur_guard *guard;		/* a ring file that can shrink: mapping.c */
};

/* mapping.c: mapping and unmapping the areas, guarding them from SIGBUS. */
void ur_mapping_init(struct ur_mapping *m);
int ur_mapping_open(const char *spec, enum ur_role role, struct ur_mapping *m);
int ur_mapping_open_fd(int fd, int doorbell_fd, enum ur_role role, struct ur_mapping *m);
void ur_mapping_close(struct ur_mapping *m);
int ur_mapping_guard(struct ur_mapping *m);
int ur_map_area(struct ur_mapping *m, int area, size_t len, int prot, off_t offset,
		void **addr);
int ur_map_data_twice(struct ur_mapping *m, off_t offset, uint64_t data_size, int prot);
bool ur_mapping_lost(const struct ur_mapping *m);
int ur_mapping_lost_error(const struct ur_mapping *m);
/* device.c: a module ring, by uio_ring_open() spec. */
int ur_uio_map(const char *spec, enum ur_role role, struct ur_mapping *m);
/* shm.c: a shared memory ring, by path or by its file descriptors. */
bool ur_is_shm_path(const char *spec);
int ur_shm_map_path(const char *path, enum ur_role role, struct ur_mapping *m);
int ur_shm_map_fd(int fd, int doorbell_fd, enum ur_role role, struct ur_mapping *m);
/* doorbell.c: what a doorbell may be; ringing it; draining it. */
int ur_doorbell_check(int fd, bool eventfd_ok, int err, const char *what);
void ur_doorbell_ring(const struct ur_mapping *m);
int ur_doorbell_drain(const struct ur_mapping *m);

/* What one peeked record covers: itself plus the discarded records after it. */
struct ur_peek_slot {
	uint64_t end;		/* consumer position after it */
	uint64_t seq_after;	/* seq after the last record it covers */
	uint32_t covered;	/* records the slots up to this one cover,
				 * themselves included (a running total) */
};

struct uio_ring {
	/* Hot consumer state first. */
	const struct uio_ring_ctrl *ctrl;
	struct uio_ring_consumer *cons;
	const uint8_t *data;		/* data area, mapped twice */
	uint64_t data_size;		/* validated copies of the geometry */
	uint64_t mask;
	uint32_t max_payload;
	uint64_t cons_pos;		/* ours: we are its only writer */
	uint64_t next_seq;		/* seq expected next, if seq_known */
	bool seq_known;
	bool observe;			/* UIO_RING_OPEN_OBSERVE */
	bool removed;			/* the device went away */
	unsigned int peeked;		/* records the last peek returned */
	/*
	 * The first `regular` records of the last peek had consecutive seqs
	 * from next_seq on and no discarded record after them: their slots
	 * hold only end, release() knows the rest.
	 */
	unsigned int regular;
	struct ur_peek_slot *slots;	/* UR_PEEK_MAX of them */
	/*
	 * The current uio_ring_iter: its token (begin, end, peek, release and
	 * consume change it, so that a stale or ended iterator is refused)
	 * and the producer position it ends at.
	 */
	uint64_t iter_gen;
	uint64_t iter_end;

	uint64_t consumed, discarded, missed, wakeups;

	struct ur_mapping m;
	struct uio_ring_info info;	/* m.info, device name included */
};

/* error.c */
int ur_error(int err, const char *fmt, ...) UR_PRINTF(2, 3);
void ur_error_clear(void);

/* sized.c: the structs that grow. */
int ur_stats_size_check(size_t size, const char *fn);
int ur_info_size_check(size_t size, const char *fn);
int ur_copy_sized(void *dst, size_t size, const void *src, size_t have);
int ur_get_stats_0_1(struct uio_ring *ring, struct uio_ring_stats *stats);
int ur_get_info_0_1(const struct uio_ring *ring, struct uio_ring_info *info);
int ur_producer_get_info_0_1(const struct uio_ring_producer *p, struct uio_ring_info *info);
int ur_list_0_1(struct uio_ring_info **list, size_t *count);

/* ring.c: the transport-neutral part of a consumer handle. */
int ur_ring_check_ctrl(const struct uio_ring_ctrl *ctrl, size_t map_len,
		       const char *what, struct uio_ring_info *geo);
int ur_ring_attach(struct ur_mapping *m, unsigned int flags, struct uio_ring **ringp);

/*
 * shm.c: a memfd ring, unsealed and with no doorbell, which
 * uio_ring_memfd_create() seals and gives an eventfd (the tests tamper
 * with unsealed ones).
 */
int ur_shm_create(const char *name, uint64_t data_size, int *fdp);

#endif /* UIO_RING_INTERNAL_H */
