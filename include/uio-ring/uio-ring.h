/* SPDX-License-Identifier: MIT */
/*
 * libuio-ring: consume records that the kernel (or another process) writes
 * into a ring in shared memory, without copying them.
 *
 * Functions that can fail return 0 or a count on success and a negative
 * errno value on failure; uio_ring_strerror() explains the codes this
 * library gives a meaning of its own, and uio_ring_errmsg() says what went
 * wrong in detail in the calling thread's last failed call. The library
 * never prints. A handle is used by one thread at a time.
 */
#ifndef UIO_RING_H
#define UIO_RING_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <uio-ring/abi.h>

#ifdef __cplusplus
extern "C" {
#endif

struct uio_ring;

/* uio_ring_open() flags */
#define UIO_RING_OPEN_OBSERVE	(1u << 0)	/* read counters only: no consumer
						 * lock, nothing mapped writable */

/*
 * Open a ring. spec is one of:
 *   a path        "/dev/uio3", "/dev/uio-ring/events" (any path to a uio node),
 *                 or the path of a shared memory ring (uio_ring_shm_create())
 *   a device name "uio3"
 *   a number      "3"
 *   a ring name   "events" (the module's ring_names= parameter)
 * Errors: -ENOENT no such ring, -EACCES permission denied, -EMEDIUMTYPE not a
 * uio-ring device, -EPROTONOSUPPORT ABI version mismatch, -EBADMSG corrupt
 * control area, -EBUSY another consumer is attached, -EINVAL bad arguments;
 * or what a system call failed with (-ENOMEM, -EIO from libudev, ...).
 */
int uio_ring_open(const char *spec, unsigned int flags, struct uio_ring **ringp);
void uio_ring_close(struct uio_ring *ring);

/* A record, as seen in place in shared memory. */
struct uio_ring_record {
	const void *data;	/* payload, contiguous, valid until released */
	uint32_t len;		/* payload bytes */
	uint16_t type;		/* UIO_RING_TYPE_* */
	uint16_t flags;		/* meaning set by type */
	uint64_t seq;		/* producer's sequence number */
};

/*
 * Look at up to max ready records, oldest first, without consuming them.
 * Returns how many were stored in recs (0: none ready), or -EBADMSG when the
 * ring's contents are corrupt (nothing past the last good record is used),
 * -ENODEV when its ring file was truncated (nothing is left).
 * Peeking again before releasing returns the same records. At most 1024
 * records are returned at once. Consuming functions (peek, consume, wait,
 * arm) return -EPERM on a handle opened with UIO_RING_OPEN_OBSERVE.
 */
int uio_ring_peek(struct uio_ring *ring, struct uio_ring_record *recs,
		  unsigned int max);

/*
 * Release the n oldest records returned by the last uio_ring_peek(), handing
 * their space back to the producer. Returns 0, or -EINVAL if n is more than
 * that peek returned.
 */
int uio_ring_release(struct uio_ring *ring, unsigned int n);

/*
 * Call fn for up to max ready records and release them. fn returning
 * non-zero stops the loop after that record (which counts as consumed);
 * a negative return is passed back. Returns the number consumed.
 */
typedef int (*uio_ring_record_fn)(void *ctx, const struct uio_ring_record *rec);
int uio_ring_consume(struct uio_ring *ring, unsigned int max,
		     uio_ring_record_fn fn, void *ctx);

/*
 * Iterate over ready records in place, inline: the fastest way to consume
 * (no call and nothing stored per record, each record checked and handed
 * out in one pass).
 *
 *	struct uio_ring_iter it;
 *	struct uio_ring_record rec;
 *
 *	while (uio_ring_iter_begin(ring, &it) > 0) {
 *		while (uio_ring_iter_next(&it, &rec))
 *			use(&rec);
 *		uio_ring_iter_end(ring, &it);
 *	}
 *
 * uio_ring_iter_begin() returns 1 when a record is ready, 0 when none is,
 * or an error as uio_ring_peek() does (it skips discarded records and
 * counts seq gaps first). uio_ring_iter_next() returns 1 and the next
 * record, or 0 at the end of what was ready at begin, or at a record it
 * leaves to the next begin (discarded, a seq gap, not committed, or
 * corrupt: the next begin says which). uio_ring_iter_end() releases the
 * records the iterator handed out (valid until then) and returns how many,
 * or -EINVAL if it is not the handle's current iterator, unchanged but
 * for what uio_ring_iter_next() did to it. A peek, consume or release
 * between begin and end makes end fail.
 */
struct uio_ring_iter {
	/* Set by uio_ring_iter_begin(), advanced by uio_ring_iter_next(). */
	const uint8_t *data;	/* the data area, mapped twice */
	uint64_t mask;		/* data_size - 1 */
	uint64_t pos;		/* the next record's position */
	uint64_t end;		/* the producer's position at begin */
	uint64_t seq;		/* the seq the next record must have */
	uint32_t max_payload;
	uint32_t count;		/* records handed out */
	uint64_t check;		/* what end checks the iterator against */
};

int uio_ring_iter_begin(struct uio_ring *ring, struct uio_ring_iter *it);
int uio_ring_iter_end(struct uio_ring *ring, const struct uio_ring_iter *it);

static inline int uio_ring_iter_next(struct uio_ring_iter *it, struct uio_ring_record *rec)
{
	const struct uio_ring_rec *hdr;
	uint64_t size;
	uint32_t len;

	if (it->pos == it->end)
		return 0;
	hdr = (const struct uio_ring_rec *)(it->data + (it->pos & it->mask));
	/* Pairs with the producer's store-release that commits the record. */
	len = __atomic_load_n(&hdr->len, __ATOMIC_ACQUIRE);
	/* Not committed, discarded, or too long: all above max_payload. */
	if (len > it->max_payload)
		return 0;
	size = UIO_RING_REC_SIZE(len);
	if (size > it->end - it->pos || __atomic_load_n(&hdr->seq, __ATOMIC_RELAXED) != it->seq)
		return 0;
	rec->data = hdr + 1;
	rec->len = len;
	rec->type = __atomic_load_n(&hdr->type, __ATOMIC_RELAXED);
	rec->flags = __atomic_load_n(&hdr->flags, __ATOMIC_RELAXED);
	rec->seq = it->seq++;
	it->pos += size;
	it->count++;
	return 1;
}

/*
 * Wait until a record is ready, for at most timeout_ms milliseconds (-1:
 * forever, 0: just check). Returns 1 when records are ready, 0 on timeout,
 * -EINTR if a signal arrived, -ENODEV if the ring's device was removed
 * (records already in the ring stay readable) or its ring file truncated
 * (nothing is left).
 */
int uio_ring_wait(struct uio_ring *ring, int timeout_ms);

/*
 * uio_ring_wait(), with the calling thread's signal mask replaced by
 * *sigmask while it sleeps, atomically, as ppoll() does (NULL: unchanged).
 * Block a signal, check for it, then wait with it unblocked here: it cannot
 * slip in between the check and the sleep. sigset_t is POSIX, not ISO C:
 * strict ISO C (-std=c11 without _POSIX_C_SOURCE) does not see this one.
 */
#if defined(_POSIX_C_SOURCE) || defined(_XOPEN_SOURCE) || defined(_GNU_SOURCE) || \
	defined(_DEFAULT_SOURCE) || defined(_BSD_SOURCE) || defined(__cplusplus)
int uio_ring_pwait(struct uio_ring *ring, int timeout_ms, const sigset_t *sigmask);
#endif

/*
 * The file descriptor to poll for POLLIN in an event loop. When it is
 * readable, call uio_ring_ack() before consuming, then call
 * uio_ring_arm() when the ring is empty and before polling again; if
 * uio_ring_arm() returns 1, records arrived meanwhile: consume them first.
 */
int uio_ring_fd(const struct uio_ring *ring);
int uio_ring_ack(struct uio_ring *ring);
int uio_ring_arm(struct uio_ring *ring);

/*
 * These structs grow: fields are only ever added at their end. The
 * *_sized() functions take the size the caller was compiled with, fill that
 * much of what the library knows, zero the rest and return the number of
 * bytes they filled: a caller newer than the library reads its new fields as
 * 0, or compares that count with offsetof() to tell. The functions of the
 * same names without _sized, inline here, pass sizeof and return 0. A size
 * smaller than the first edition of a struct (the fields up to pending_bytes,
 * or up to abi_minor) is -EINVAL.
 */
struct uio_ring_stats {
	uint64_t produced;	/* records the producer reserved (ring counter) */
	uint64_t dropped;	/* records the producer dropped (ring counter) */
	uint64_t notifications;	/* doorbells the producer rang (ring counter) */
	uint64_t consumer_faults; /* bad consumer positions the producer saw */
	uint64_t consumed;	/* records this handle released */
	uint64_t discarded;	/* discarded records this handle skipped */
	uint64_t missed;	/* records this handle never saw, by seq gaps */
	uint64_t wakeups;	/* times this handle slept and was woken */
	uint64_t pending_bytes;	/* bytes between consumer and producer now */
};
int uio_ring_get_stats_sized(struct uio_ring *ring, struct uio_ring_stats *stats,
			     size_t size);

static inline int uio_ring_get_stats(struct uio_ring *ring, struct uio_ring_stats *stats)
{
	int ret = uio_ring_get_stats_sized(ring, stats, sizeof(*stats));

	return ret < 0 ? ret : 0;
}

struct uio_ring_info {
	char name[UIO_RING_NAME_MAX];	/* ring name */
	char device[32];		/* "uio3"; empty for a shared memory ring */
	uint64_t data_size;		/* data area bytes */
	uint32_t max_payload;		/* largest payload */
	uint32_t flags;			/* UIO_RING_F_* */
	uint16_t abi_major, abi_minor;
};
int uio_ring_get_info_sized(const struct uio_ring *ring, struct uio_ring_info *info,
			    size_t size);

static inline int uio_ring_get_info(const struct uio_ring *ring, struct uio_ring_info *info)
{
	int ret = uio_ring_get_info_sized(ring, info, sizeof(*info));

	return ret < 0 ? ret : 0;
}

/*
 * List the uio-ring devices on this system. On success *list is an array of
 * *count entries (possibly 0) to be freed with free(). Devices that cannot be
 * opened are listed with what sysfs says of them. uio_ring_list_sized() lays
 * the array out in entries of size bytes, each filled as
 * uio_ring_get_info_sized() fills one, and returns the bytes filled of each.
 */
int uio_ring_list_sized(struct uio_ring_info **list, size_t *count, size_t size);

static inline int uio_ring_list(struct uio_ring_info **list, size_t *count)
{
	int ret = uio_ring_list_sized(list, count, sizeof(**list));

	return ret < 0 ? ret : 0;
}

/*
 * Rings in shared memory, without the kernel module: the same layout in a
 * file, with a doorbell file descriptor instead of the UIO event count.
 *
 * uio_ring_shm_create() makes a ring file at path (mode as for open(2),
 * umask applied; it must not exist) and its doorbell, a FIFO at
 * path + ".doorbell". uio_ring_open() and uio_ring_producer_open() then
 * take the path. uio_ring_shm_unlink() removes both files.
 *
 * uio_ring_memfd_create() makes an anonymous ring (memfd) with an eventfd
 * doorbell, to hand to other processes by fork() or SCM_RIGHTS; both sides
 * then attach with uio_ring_open_fd() / uio_ring_producer_open_fd(), which
 * take their own references to the descriptors.
 *
 * data_size: a power of two, a multiple of the page size, 4 KiB to 1 GiB.
 */
int uio_ring_shm_create(const char *path, const char *name, uint64_t data_size,
			unsigned int mode);
int uio_ring_shm_unlink(const char *path);
int uio_ring_memfd_create(const char *name, uint64_t data_size, int *ring_fd,
			  int *doorbell_fd);
int uio_ring_open_fd(int ring_fd, int doorbell_fd, unsigned int flags,
		     struct uio_ring **ringp);

/*
 * Producing from user space: into a shared memory ring, or into a module
 * ring created for user-space producers (module parameter user_rings=).
 * Several producers, in threads or processes, may produce into one ring.
 */
struct uio_ring_producer;

/* uio_ring_producer_open() flags */
#define UIO_RING_PRODUCER_SINGLE (1u << 0)	/* this handle, in one thread,
						 * is the only producer: no lock */
#define UIO_RING_PRODUCER_NO_DROP (1u << 1)	/* a full ring is -EAGAIN from
						 * reserve, not a dropped record */

/* spec: a shared memory ring's path, or anything uio_ring_open() takes. */
int uio_ring_producer_open(const char *spec, unsigned int flags,
			   struct uio_ring_producer **pp);
int uio_ring_producer_open_fd(int ring_fd, int doorbell_fd, unsigned int flags,
			      struct uio_ring_producer **pp);
void uio_ring_producer_close(struct uio_ring_producer *p);

/*
 * Reserve room for a record of len payload bytes and set *payload to it:
 * fill it in place, then commit (or discard) it. Returns 0, or:
 * -ENOSPC the ring is full: the record is dropped, counted in "dropped",
 *         and its sequence number used up, so the consumer sees the gap;
 * -EDEADLK the ring is full and its consumer waits at a record this
 *         handle reserved and did not commit (without NO_DROP): nothing
 *         happened; commit or discard what the handle holds, then retry;
 * -EAGAIN the ring is full and the handle was opened with
 *         UIO_RING_PRODUCER_NO_DROP: nothing happened, try again later
 *         (after committing what the handle holds);
 * -EMSGSIZE len is more than the ring's max_payload;
 * -EBADMSG the ring's shared state is corrupt (a bad consumer position is
 *         also counted in consumer_faults); nothing was written;
 * -ENODEV  the ring file was truncated under the handle (a single producer
 *         learns it when it next reads the consumer's position);
 * -ETIMEDOUT another producer held the ring's lock for over a second;
 * -ENOMEM   no memory to note the record for commit to check.
 */
int uio_ring_reserve(struct uio_ring_producer *p, uint32_t len, uint16_t type,
		     uint16_t flags, void **payload);
/*
 * Reserve up to n records of len payload bytes each, of type type and flags
 * flags, at once (one lock, one look at the consumer's position): payloads[i]
 * is set to the i-th, in ring order. Returns how many, 1 to n (fewer when
 * only that many fit), 0 if n is 0, or the error uio_ring_reserve() returns
 * for a record that does not fit (then nothing is reserved).
 */
int uio_ring_reserve_batch(struct uio_ring_producer *p, uint32_t len, uint16_t type,
			   uint16_t flags, void **payloads, unsigned int n);
/*
 * The sequence number of the first record the last successful
 * uio_ring_reserve(), uio_ring_reserve_batch() or uio_ring_fill_begin()
 * through this handle reserved; record i of a batch or fill has that plus
 * i. Read the headers for it never: some are written only at commit.
 * -ENODATA: nothing reserved yet.
 */
int uio_ring_reserved_seq(const struct uio_ring_producer *p, uint64_t *seq);
/*
 * Publish a reserved record, or mark it discarded (the consumer skips it);
 * ring the consumer's doorbell only if it is waiting. commit_batch commits
 * n records with one doorbell check. -EINVAL: not a payload this handle
 * reserved and has not committed or discarded yet (nothing committed).
 */
int uio_ring_commit(struct uio_ring_producer *p, void *payload);
int uio_ring_discard(struct uio_ring_producer *p, void *payload);
int uio_ring_commit_batch(struct uio_ring_producer *p, void *const *payloads,
			  unsigned int n);

/*
 * Fill records in place, inline: the fastest way to produce (no call and
 * nothing stored per record but its header, which is written right before
 * the payload, so that each line of the record is written once).
 *
 *	struct uio_ring_fill f;
 *	void *payload;
 *
 *	if (uio_ring_fill_begin(p, len, type, flags, n, &f) > 0) {
 *		while ((payload = uio_ring_fill_next(&f)))
 *			write len bytes at payload;
 *		uio_ring_fill_end(p, &f);
 *	}
 *
 * uio_ring_fill_begin() reserves up to n records of len payload bytes, as
 * uio_ring_reserve_batch() does, and returns how many, or the error
 * uio_ring_reserve_batch() would return. uio_ring_fill_next() hands out
 * the next of them, or NULL after the last. uio_ring_fill_end() commits
 * the records handed out, gives back the others (discards them if the
 * handle is not UIO_RING_PRODUCER_SINGLE), rings the consumer's doorbell
 * if it is waiting, and returns how many it committed; or -EINVAL if f is
 * not the handle's open fill (nothing happens), or is but was changed other
 * than by uio_ring_fill_next() (the fill ends, none of it committed).
 * Between begin and end, the handle's other reserve, commit and fill calls
 * fail with -EBUSY; uio_ring_producer_close() gives the records back.
 */
struct uio_ring_fill {
	/* Set by uio_ring_fill_begin(), advanced by uio_ring_fill_next(). */
	uint8_t *data;		/* the data area, mapped twice */
	uint64_t mask;		/* data_size - 1 */
	uint64_t pos;		/* the next record's position */
	struct uio_ring_rec head;	/* the next record's header */
	uint32_t size;		/* bytes a record takes: UIO_RING_REC_SIZE(len) */
	uint32_t left;		/* records not handed out yet */
	uint32_t count;		/* records reserved */
	uint32_t write_head;	/* next writes the header (begin has not) */
	uint64_t check;		/* what end checks the fill against */
};

int uio_ring_fill_begin(struct uio_ring_producer *p, uint32_t len, uint16_t type,
			uint16_t flags, unsigned int n, struct uio_ring_fill *f);
int uio_ring_fill_end(struct uio_ring_producer *p, const struct uio_ring_fill *f);

static inline void *uio_ring_fill_next(struct uio_ring_fill *f)
{
	struct uio_ring_rec *hdr;

	if (!f->left)
		return NULL;
	hdr = (struct uio_ring_rec *)(f->data + (f->pos & f->mask));
	/* Unpublished until end: plain stores, in any order. */
	if (f->write_head)
		*hdr = f->head;
	f->head.seq++;
	f->pos += f->size;
	f->left--;
	return hdr + 1;
}
/* Free bytes in the ring now; a record takes UIO_RING_REC_SIZE(len). */
int uio_ring_producer_space(struct uio_ring_producer *p, uint64_t *bytes);
int uio_ring_producer_get_info_sized(const struct uio_ring_producer *p,
				     struct uio_ring_info *info, size_t size);

static inline int uio_ring_producer_get_info(const struct uio_ring_producer *p,
					     struct uio_ring_info *info)
{
	int ret = uio_ring_producer_get_info_sized(p, info, sizeof(*info));

	return ret < 0 ? ret : 0;
}

/*
 * A process event (record types UIO_RING_TYPE_PROC_FORK, _EXEC, _EXIT),
 * decoded and checked. Everything is copied out of the ring: the event
 * stays valid after the record is released.
 */
struct uio_ring_proc_event {
	uint64_t seq;			/* the record's sequence number */
	uint64_t timestamp_ns;		/* CLOCK_MONOTONIC */
	uint16_t type;			/* UIO_RING_TYPE_PROC_* */
	uint16_t flags;			/* UIO_RING_PROC_F_* */
	uint32_t cpu;
	uint32_t pid, tgid, ppid;	/* the task (fork: the parent) */
	uint32_t uid, gid;		/* (uint32_t)-1: unmapped */
	uint32_t child_pid, child_tgid;	/* fork */
	uint32_t old_pid;		/* exec */
	uint32_t exit_code;		/* exit: a wait(2) status */
	uint32_t exit_signal;		/* exit: signal to the parent */
	char comm[16];			/* exec: NUL-terminated */
	char filename[UIO_RING_PROC_FILENAME_MAX];	/* exec: NUL-terminated */
};

/*
 * Decode a process event record. Returns 0; -ENOMSG if the record is not a
 * process event; -EBADMSG if it is malformed (a length that does not match
 * its type, a string without its NUL).
 */
int uio_ring_proc_decode(const struct uio_ring_record *rec,
			 struct uio_ring_proc_event *ev);

/* Text for an error this library returned (negative or positive errno). */
const char *uio_ring_strerror(int err);
/* Detail of the calling thread's last failed call, or "" if none. */
const char *uio_ring_errmsg(void);

#ifdef __cplusplus
}
#endif

#endif /* UIO_RING_H */
