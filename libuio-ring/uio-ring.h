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
 *   a path        "/dev/uio3", "/dev/uio-ring/events" (any path to a uio node)
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
 * ring's contents are corrupt (nothing past the last good record is used).
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
 * Wait until a record is ready, for at most timeout_ms milliseconds (-1:
 * forever, 0: just check). Returns 1 when records are ready, 0 on timeout,
 * -EINTR if a signal arrived, -ENODEV if the ring's device was removed.
 * Records already in the ring stay readable after -ENODEV.
 */
int uio_ring_wait(struct uio_ring *ring, int timeout_ms);

/*
 * The file descriptor to poll for POLLIN in an event loop. When it is
 * readable, call uio_ring_ack() before consuming, then call
 * uio_ring_arm() when the ring is empty and before polling again; if
 * uio_ring_arm() returns 1, records arrived meanwhile: consume them first.
 */
int uio_ring_fd(const struct uio_ring *ring);
int uio_ring_ack(struct uio_ring *ring);
int uio_ring_arm(struct uio_ring *ring);

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
int uio_ring_get_stats(struct uio_ring *ring, struct uio_ring_stats *stats);

struct uio_ring_info {
	char name[UIO_RING_NAME_MAX];	/* ring name */
	char device[32];		/* "uio3"; empty for a shared memory ring */
	uint64_t data_size;		/* data area bytes */
	uint32_t max_payload;		/* largest payload */
	uint32_t flags;			/* UIO_RING_F_* */
	uint16_t abi_major, abi_minor;
};
int uio_ring_get_info(const struct uio_ring *ring, struct uio_ring_info *info);

/*
 * List the uio-ring devices on this system. On success *list is an array of
 * *count entries (possibly 0) to be freed with free(). Devices that cannot be
 * opened are listed with what sysfs says of them.
 */
int uio_ring_list(struct uio_ring_info **list, size_t *count);

/* Text for an error this library returned (negative or positive errno). */
const char *uio_ring_strerror(int err);
/* Detail of the calling thread's last failed call, or "" if none. */
const char *uio_ring_errmsg(void);

#ifdef __cplusplus
}
#endif

#endif /* UIO_RING_H */
