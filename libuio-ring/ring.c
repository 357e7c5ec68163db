// SPDX-License-Identifier: MIT
/*
 * The consumer side of a ring, whatever the transport: validation of the
 * control area, zero-copy peek and release, waiting with wakeup suppression.
 *
 * Everything read from shared memory is read once into a local, checked,
 * and only then used; a bad value stops consumption with -EBADMSG before
 * the first record it could affect.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

UR_EXPORT void uio_ring_close(struct uio_ring *ring)
{
	if (!ring)
		return;
	ur_mapping_close(&ring->m);
	free(ring->slots);
	free(ring);
}

/*
 * Check a control area before anything else of the ring is trusted, and
 * copy what was checked into geo (all but geo->device). Each field is read
 * once: a producer that changes one later cannot make us use the new value.
 */
int ur_ring_check_ctrl(const struct uio_ring_ctrl *ctrl, size_t map_len,
		       const char *what, struct uio_ring_info *geo)
{
	uint32_t magic, ctrl_size, max_payload, page_size;
	long our_page = sysconf(_SC_PAGESIZE);
	char name[UIO_RING_NAME_MAX];
	uint16_t major, minor;
	uint64_t data_size;

	if (map_len < sizeof(*ctrl))
		return ur_error(-EBADMSG, "%s: control area is %zu bytes, need %zu",
				what, map_len, sizeof(*ctrl));
	/* Pairs with the store-release of a producer that writes it last. */
	magic = ur_load_acquire(&ctrl->magic);
	major = ur_load_relaxed(&ctrl->abi_major);
	minor = ur_load_relaxed(&ctrl->abi_minor);
	ctrl_size = ur_load_relaxed(&ctrl->ctrl_size);
	data_size = ur_load_relaxed(&ctrl->data_size);
	max_payload = ur_load_relaxed(&ctrl->max_payload);
	page_size = ur_load_relaxed(&ctrl->page_size);
	memcpy(name, ctrl->name, sizeof(name));

	if (magic != UIO_RING_MAGIC)
		return ur_error(-EMEDIUMTYPE, "%s: bad magic 0x%08x (want 0x%08x)",
				what, magic, UIO_RING_MAGIC);
	if (major != UIO_RING_ABI_MAJOR)
		return ur_error(-EPROTONOSUPPORT,
				"%s: ring ABI version %u.%u, this library speaks %u.x",
				what, major, minor, UIO_RING_ABI_MAJOR);
	if (ctrl_size < sizeof(*ctrl) || ctrl_size > map_len)
		return ur_error(-EBADMSG, "%s: control area size %u out of range [%zu, %zu]",
				what, ctrl_size, sizeof(*ctrl), map_len);
	if ((long)page_size != our_page)
		return ur_error(-EBADMSG, "%s: page size %u, ours is %ld",
				what, page_size, our_page);
	if (data_size < UIO_RING_DATA_SIZE_MIN || data_size > UIO_RING_DATA_SIZE_MAX ||
	    (data_size & (data_size - 1)) || data_size % page_size)
		return ur_error(-EBADMSG,
				"%s: data size %llu is not a power of two from %llu to %llu",
				what, (unsigned long long)data_size,
				UIO_RING_DATA_SIZE_MIN, UIO_RING_DATA_SIZE_MAX);
	if (max_payload == 0 || max_payload > UIO_RING_REC_LEN_MASK ||
	    UIO_RING_REC_SIZE(max_payload) > data_size)
		return ur_error(-EBADMSG, "%s: max payload %u does not fit the %llu byte ring",
				what, max_payload, (unsigned long long)data_size);
	if (!memchr(name, '\0', sizeof(name)))
		return ur_error(-EBADMSG, "%s: ring name is not terminated", what);

	memcpy(geo->name, name, sizeof(geo->name));
	geo->data_size = data_size;
	geo->max_payload = max_payload;
	geo->flags = ur_load_relaxed(&ctrl->flags);
	geo->abi_major = major;
	geo->abi_minor = minor;
	return 0;
}

/*
 * One consumer per ring: an open file description lock on the ring's file,
 * which goes away with the holder however it exits. The holder's pid in
 * the consumer page only names it in the error.
 */
static int ur_ring_lock_consumer(struct uio_ring *ring, const char *what)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	char comm[64] = "", path[64];
	uint32_t pid;
	FILE *f;

	if (fcntl(ring->m.fd, F_OFD_SETLK, &fl) == 0)
		return 0;
	if (errno != EAGAIN && errno != EACCES)
		return ur_error(-errno, "%s: cannot lock: %s", what, strerror(errno));
	pid = ur_load_relaxed(&ring->cons->owner_pid);
	snprintf(path, sizeof(path), "/proc/%u/comm", pid);
	f = pid ? fopen(path, "re") : NULL;
	if (f) {
		if (fgets(comm, sizeof(comm), f))
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
	}
	return ur_error(-EBUSY, "%s: in use by another consumer (pid %u%s%s)",
			what, pid, comm[0] ? ", " : "", comm);
}

/*
 * Take the geometry ur_ring_check_ctrl() checked into ring->info, and pick
 * up where the last consumer stopped.
 */
static void ur_ring_start(struct uio_ring *ring)
{
	const struct uio_ring_ctrl *ctrl = ring->ctrl;
	uint64_t prod, cons;

	ring->data_size = ring->info.data_size;
	ring->mask = ring->data_size - 1;
	ring->max_payload = ring->info.max_payload;

	prod = ur_load_acquire(&ctrl->producer_pos);
	cons = ur_load_acquire(&ring->cons->consumer_pos);
	/*
	 * A previous consumer may have left garbage: then start at the
	 * producer, on a record boundary, and say nothing about seq gaps.
	 */
	if (prod - cons > ring->data_size || cons % UIO_RING_REC_ALIGN)
		cons = prod & ~(uint64_t)(UIO_RING_REC_ALIGN - 1);
	ring->cons_pos = cons;
	ring->seq_known = cons == 0;
	ring->next_seq = 0;
	if (!ring->observe) {
		ur_store_release(&ring->cons->consumer_pos, cons);
		ur_store_relaxed(&ring->cons->need_wakeup, 0);
		ur_store_relaxed(&ring->cons->owner_pid, (uint32_t)getpid());
	}
}

/*
 * Make a consumer (or observer) handle of a mapped ring; the handle owns
 * the mapping from here on, also when this fails.
 */
int ur_ring_attach(struct ur_mapping *m, unsigned int flags, struct uio_ring **ringp)
{
	struct uio_ring *ring = calloc(1, sizeof(*ring));
	int ret;

	if (ring)
		ring->slots = calloc(UR_PEEK_MAX, sizeof(*ring->slots));
	if (!ring || !ring->slots) {
		free(ring);
		ur_mapping_close(m);
		return ur_error(-ENOMEM, "out of memory");
	}
	ring->m = *m;
	ur_mapping_init(m);
	ring->observe = flags & UIO_RING_OPEN_OBSERVE;
	ring->info = ring->m.info;
	ring->ctrl = ring->m.ctrl;
	ring->cons = ring->m.cons;
	ring->data = ring->m.data;
	if (!ring->observe) {
		ret = ur_ring_lock_consumer(ring, ring->info.device[0] ? ring->info.device :
					    ring->info.name);
		if (ret) {
			uio_ring_close(ring);
			return ret;
		}
	}
	ur_ring_start(ring);
	*ringp = ring;
	return 0;
}

UR_EXPORT int uio_ring_open(const char *spec, unsigned int flags, struct uio_ring **ringp)
{
	enum ur_role role = flags & UIO_RING_OPEN_OBSERVE ? UR_OBSERVER : UR_CONSUMER;
	struct ur_mapping m;
	int ret;

	if (!spec || !*spec || !ringp || (flags & ~UIO_RING_OPEN_OBSERVE))
		return ur_error(-EINVAL, "uio_ring_open: bad arguments");
	ret = ur_mapping_open(spec, role, &m);
	return ret ? ret : ur_ring_attach(&m, flags, ringp);
}

UR_EXPORT int uio_ring_open_fd(int ring_fd, int doorbell_fd, unsigned int flags,
			       struct uio_ring **ringp)
{
	enum ur_role role = flags & UIO_RING_OPEN_OBSERVE ? UR_OBSERVER : UR_CONSUMER;
	struct ur_mapping m;
	int ret;

	if (!ringp || (flags & ~UIO_RING_OPEN_OBSERVE))
		return ur_error(-EINVAL, "uio_ring_open_fd: bad arguments");
	ret = ur_mapping_open_fd(ring_fd, doorbell_fd, role, &m);
	return ret ? ret : ur_ring_attach(&m, flags, ringp);
}

static int ur_corrupt(struct uio_ring *ring, unsigned int n, const char *fmt,
		      unsigned long long a, unsigned long long b)
{
	char msg[160];

	ring->peeked = n;
	if (n)
		return (int)n;	/* the good records first; the next peek fails */
	if (ur_mapping_lost(&ring->m))
		return ur_mapping_lost_error(&ring->m);
	snprintf(msg, sizeof(msg), fmt, a, b);
	return ur_error(-EBADMSG, "%s: %s at consumer position %llu", ring->info.name,
			msg, (unsigned long long)ring->cons_pos);
}

/* Hand the space of what the slots cover back to the producer. */
static void ur_account(struct uio_ring *ring, uint64_t seq_after, uint32_t covered)
{
	uint64_t span = seq_after - ring->next_seq;

	/* peek checked that seqs only grow, so span >= covered */
	if (ring->seq_known)
		ring->missed += span - covered;
	ring->next_seq = seq_after;
	ring->seq_known = true;
}

static void ur_advance(struct uio_ring *ring, uint64_t pos)
{
	ring->cons_pos = pos;
	/*
	 * Pairs with the producer's load-acquire of consumer_pos: our reads of
	 * the released records happen before it may overwrite them.
	 */
	ur_store_release(&ring->cons->consumer_pos, pos);
}

/*
 * Release everything before pos, whose last record has seq seq - 1: what
 * an iterator handed out, all in order (nothing discarded, no gap).
 */
static void ur_release_in_order(struct uio_ring *ring, uint64_t pos, uint64_t seq)
{
	ring->consumed += seq - ring->next_seq;
	ring->next_seq = seq;
	ur_advance(ring, pos);
}

/* The producer's position, or false if it is not within reach of ours. */
static bool ur_producer_pos(const struct uio_ring *ring, uint64_t *prod)
{
	/* Pairs with the producer's store-release of producer_pos. */
	*prod = ur_load_acquire(&ring->ctrl->producer_pos);
	return *prod - ring->cons_pos <= ring->data_size && *prod % UIO_RING_REC_ALIGN == 0;
}

/*
 * An iterator over the records from pos to prod, seqs from seq on: the
 * one per-record check of the library, uio_ring_iter_next() of the public
 * header, serves peek's and consume's usual case too.
 */
static inline void ur_iter_init(const struct uio_ring *ring, struct uio_ring_iter *it,
				uint64_t pos, uint64_t prod, uint64_t seq)
{
	it->data = ring->data;
	it->mask = ring->mask;
	it->pos = pos;
	it->end = prod;
	it->seq = seq;
	it->max_payload = ring->max_payload;
	it->count = 0;
	it->check = 0;
}

UR_EXPORT int uio_ring_peek(struct uio_ring *ring, struct uio_ring_record *recs,
			    unsigned int max)
{
	struct uio_ring_record *rec, *rec_end;
	struct ur_peek_slot *slot;
	uint64_t pos, prod, expect, mask;
	const uint8_t *data;
	uint32_t max_payload, covered = 0;
	bool seq_known;
	unsigned int n;

	if (__builtin_expect(!ring || (!recs && max), 0))
		return ur_error(-EINVAL, "uio_ring_peek: NULL argument");
	if (__builtin_expect(ring->observe, 0))
		return ur_error(-EPERM, "%s: opened to observe, not to consume",
				ring->info.name);
	if (max > UR_PEEK_MAX)
		max = UR_PEEK_MAX;
	ring->peeked = 0;
	ring->iter_gen++;

	pos = ring->cons_pos;
	if (__builtin_expect(!ur_producer_pos(ring, &prod), 0))
		return ur_corrupt(ring, 0, "producer position %llu is not within %llu bytes",
				  (unsigned long long)prod,
				  (unsigned long long)ring->data_size);
	/*
	 * The loop's state in locals (its stores through rec and slot cannot
	 * change them), records and slots by pointer: n = rec - recs.
	 */
	data = ring->data;
	mask = ring->mask;
	max_payload = ring->max_payload;
	expect = ring->next_seq;
	seq_known = ring->seq_known;
	rec = recs;
	rec_end = recs + max;
	slot = ring->slots;

	/*
	 * The usual case first, with the least work per record: committed
	 * records, seqs from the one expected on, no discarded record. The
	 * first that is anything else (or not valid) ends it; the loop after
	 * this one takes over from there and says what it is.
	 */
	if (__builtin_expect(seq_known, 1)) {
		struct uio_ring_iter it;

		ur_iter_init(ring, &it, pos, prod, expect);
		while (rec != rec_end && uio_ring_iter_next(&it, rec)) {
			slot->end = it.pos;
			slot++;
			rec++;
		}
		pos = it.pos;
		expect = it.seq;
	}
	ring->regular = covered = (uint32_t)(rec - recs);

	while (pos != prod) {
		const struct uio_ring_rec *hdr = (const void *)(data + (pos & mask));
		uint64_t avail = prod - pos, size, seq;
		uint32_t word, len;

		if (__builtin_expect(avail < sizeof(*hdr), 0))
			return ur_corrupt(ring, (unsigned int)(rec - recs),
					  "record header cut off: %llu bytes left of %llu",
					  (unsigned long long)avail, sizeof(*hdr));
		/* Pairs with the producer's store-release that commits the record. */
		word = ur_load_acquire(&hdr->len);
		if (word & UIO_RING_REC_BUSY)
			break;		/* not committed yet: stop here */
		len = word & UIO_RING_REC_LEN_MASK;
		size = UIO_RING_REC_SIZE(len);
		if (__builtin_expect(len > max_payload || size > avail, 0))
			return ur_corrupt(ring, (unsigned int)(rec - recs),
					  "record length %llu overruns the %llu bytes produced",
					  len, (unsigned long long)avail);
		seq = ur_load_relaxed(&hdr->seq);
		if (__builtin_expect(!seq_known, 0)) {
			/* The first record this handle sees sets the baseline. */
			ring->seq_known = seq_known = true;
			ring->next_seq = expect = seq;
		}
		/* seq < expect || seq == UINT64_MAX, in one unsigned compare */
		if (__builtin_expect(seq - expect >= ~expect, 0))
			return ur_corrupt(ring, (unsigned int)(rec - recs),
					  "sequence number %llu went back (expected >= %llu)",
					  (unsigned long long)seq, (unsigned long long)expect);
		expect = seq + 1;

		if (__builtin_expect(word & UIO_RING_REC_DISCARD, 0)) {
			pos += size;
			if (rec == recs) {
				/* Nothing to hand out before it: skip it now. */
				ur_account(ring, seq + 1, 1);
				ring->discarded++;
				ur_advance(ring, pos);
			} else {
				/* That slot no longer follows the rule of regular ones. */
				if (ring->regular >= (unsigned int)(rec - recs))
					ring->regular = (unsigned int)(rec - recs) - 1;
				slot[-1].end = pos;
				slot[-1].seq_after = seq + 1;
				slot[-1].covered = ++covered;	/* running total */
			}
			continue;
		}
		if (rec == rec_end)
			break;
		rec->data = hdr + 1;
		rec->len = len;
		rec->type = ur_load_relaxed(&hdr->type);
		rec->flags = ur_load_relaxed(&hdr->flags);
		rec->seq = seq;
		rec++;
		pos += size;
		slot->end = pos;
		slot->seq_after = seq + 1;
		slot->covered = ++covered;
		slot++;
	}
	n = (unsigned int)(rec - recs);
	ring->peeked = n;
	return (int)n;
}

UR_EXPORT int uio_ring_release(struct uio_ring *ring, unsigned int n)
{
	const struct ur_peek_slot *last;

	if (__builtin_expect(!ring, 0))
		return ur_error(-EINVAL, "uio_ring_release: NULL ring");
	if (__builtin_expect(n > ring->peeked, 0))
		return ur_error(-EINVAL, "%s: releasing %u records, the last peek returned %u",
				ring->info.name, n, ring->peeked);
	ring->iter_gen++;
	if (n == 0)
		return 0;
	last = &ring->slots[n - 1];
	if (n <= ring->regular) {
		/* seqs next_seq to next_seq + n - 1, nothing discarded */
		ring->next_seq += n;
	} else {
		/* The slots' covered counts are running totals: one step for all n. */
		ur_account(ring, last->seq_after, last->covered);
		ring->discarded += last->covered - n;
	}
	ring->consumed += n;
	ring->peeked = 0;
	ur_advance(ring, ring->slots[n - 1].end);
	return 0;
}

UR_EXPORT int uio_ring_iter_begin(struct uio_ring *ring, struct uio_ring_iter *it)
{
	struct uio_ring_record first;
	uint64_t prod;
	int n;

	if (!ring || !it)
		return ur_error(-EINVAL, "uio_ring_iter_begin: NULL argument");
	memset(it, 0, sizeof(*it));
	ring->iter_gen++;	/* the iterator before is stale, and this one until the end */
	/*
	 * What the inline loop leaves to us, at the head: discarded records
	 * (peek skips them), the first seq, a corrupt record, a seq gap.
	 */
	n = uio_ring_peek(ring, &first, 1);
	ring->peeked = 0;
	if (n < 0)
		return n;
	if (n && first.seq != ring->next_seq)
		ur_account(ring, first.seq, 0);	/* the gap: counted missed */
	if (!ur_producer_pos(ring, &prod))
		return ur_corrupt(ring, 0, "producer position %llu is not within %llu bytes",
				  (unsigned long long)prod,
				  (unsigned long long)ring->data_size);
	ur_iter_init(ring, it, ring->cons_pos, prod, ring->next_seq);
	it->check = ++ring->iter_gen;
	ring->iter_end = prod;
	return n;
}

UR_EXPORT int uio_ring_iter_end(struct uio_ring *ring, const struct uio_ring_iter *it)
{
	if (!ring || !it)
		return ur_error(-EINVAL, "uio_ring_iter_end: NULL argument");
	/* All the iterator can have become: pos and seq moved by count records. */
	if (it->check != ring->iter_gen || it->data != ring->data ||
	    it->mask != ring->mask || it->max_payload != ring->max_payload ||
	    it->end != ring->iter_end || it->pos % UIO_RING_REC_ALIGN ||
	    it->pos - ring->cons_pos > it->end - ring->cons_pos ||
	    it->seq - ring->next_seq != it->count || (it->count == 0) != (it->pos == ring->cons_pos))
		return ur_error(-EINVAL, "%s: not this handle's current iterator", ring->info.name);
	ring->iter_gen++;	/* ended: not twice */
	if (it->count)
		ur_release_in_order(ring, it->pos, it->seq);
	return (int)it->count;
}

/*
 * consume's usual case, in one pass: each record handed to fn as soon as
 * its header is checked, so that fn reads the payload while the line the
 * header shares with it is still at hand (peek first walks all headers,
 * then the caller comes back for the payloads). The records peek's fast
 * loop takes (committed, seqs in order, no discard); at the first other
 * one it stops, and consume goes on through peek. Released every 64
 * records and at the end. Returns how many fn saw; *stop is fn's non-zero
 * return, if any.
 */
static unsigned int ur_consume_in_order(struct uio_ring *ring, unsigned int max,
					uio_ring_record_fn fn, void *ctx, int *stop)
{
	struct uio_ring_record rec;
	struct uio_ring_iter it;
	unsigned int n = 0;
	uint64_t prod;

	*stop = 0;
	ring->peeked = 0;
	ring->iter_gen++;
	if (!ring->seq_known || !ur_producer_pos(ring, &prod))
		return 0;	/* peek says what is wrong */
	ur_iter_init(ring, &it, ring->cons_pos, prod, ring->next_seq);
	while (n < max && uio_ring_iter_next(&it, &rec)) {
		int ret = fn(ctx, &rec);

		n++;
		if (it.seq - ring->next_seq == 64 || ret)
			ur_release_in_order(ring, it.pos, it.seq);
		if (ret) {
			*stop = ret;
			return n;
		}
	}
	if (it.seq != ring->next_seq)
		ur_release_in_order(ring, it.pos, it.seq);
	return n;
}

UR_EXPORT int uio_ring_consume(struct uio_ring *ring, unsigned int max,
			       uio_ring_record_fn fn, void *ctx)
{
	struct uio_ring_record recs[64];
	unsigned int done = 0;
	int stop;

	if (!ring || !fn)
		return ur_error(-EINVAL, "uio_ring_consume: NULL argument");
	if (ring->observe)
		return ur_error(-EPERM, "%s: opened to observe, not to consume",
				ring->info.name);
	if (max > INT_MAX)
		max = INT_MAX;	/* the count must fit the return value */
	done = ur_consume_in_order(ring, max, fn, ctx, &stop);
	if (stop)
		return stop < 0 ? stop : (int)done;
	while (done < max) {
		unsigned int want = max - done < 64 ? max - done : 64;
		int n = uio_ring_peek(ring, recs, want);
		int i, ret;

		if (n < 0)
			return done ? (int)done : n;
		if (n == 0)
			break;
		for (i = 0; i < n; i++) {
			ret = fn(ctx, &recs[i]);
			if (ret) {
				uio_ring_release(ring, i + 1);
				return ret < 0 ? ret : (int)(done + i + 1);
			}
		}
		uio_ring_release(ring, n);
		done += n;
	}
	return (int)done;
}

/*
 * Is the next record committed? Corruption counts as ready: peek reports it.
 * The loads are sequentially consistent for the wakeup handshake (see
 * uio_ring_arm()); they are also acquires, as peek's are.
 */
static bool ur_ready(const struct uio_ring *ring)
{
	uint64_t prod = ur_load_seq_cst(&ring->ctrl->producer_pos);
	const struct uio_ring_rec *hdr;

	if (prod == ring->cons_pos)
		return false;
	if (prod - ring->cons_pos > ring->data_size ||
	    prod - ring->cons_pos < sizeof(*hdr) || prod % UIO_RING_REC_ALIGN)
		return true;
	hdr = (const void *)(ring->data + (ring->cons_pos & ring->mask));
	return !(ur_load_seq_cst(&hdr->len) & UIO_RING_REC_BUSY);
}

UR_EXPORT int uio_ring_fd(const struct uio_ring *ring)
{
	if (!ring)
		return ur_error(-EINVAL, "uio_ring_fd: NULL ring");
	return ring->m.doorbell_fd;
}

UR_EXPORT int uio_ring_arm(struct uio_ring *ring)
{
	if (!ring)
		return ur_error(-EINVAL, "uio_ring_arm: NULL ring");
	if (ring->observe)
		return ur_error(-EPERM, "%s: opened to observe, not to consume",
				ring->info.name);
	/*
	 * Store the flag, then look at the next record, both sequentially
	 * consistent; the producer commits a record, then loads the flag, with
	 * a full barrier between (smp_mb() in the kernel, seq_cst in user
	 * space). Either we see its record or it sees our flag.
	 */
	ur_store_seq_cst(&ring->cons->need_wakeup, 1);
	if (ur_ready(ring)) {
		ur_store_relaxed(&ring->cons->need_wakeup, 0);
		return 1;
	}
	return 0;
}

UR_EXPORT int uio_ring_ack(struct uio_ring *ring)
{
	int ret;

	if (!ring)
		return ur_error(-EINVAL, "uio_ring_ack: NULL ring");
	/* An observer must not drain the doorbell the consumer waits on. */
	if (ring->observe)
		return ur_error(-EPERM, "%s: opened to observe, not to consume",
				ring->info.name);
	ur_store_relaxed(&ring->cons->need_wakeup, 0);
	ret = ur_doorbell_drain(&ring->m);
	if (ret == -EIO) {
		ring->removed = true;
		return ur_error(-ENODEV, "%s: the ring's device was removed",
				ring->info.name);
	}
	if (ret)
		return ur_error(ret, "%s: reading the doorbell: %s", ring->info.name,
				strerror(-ret));
	return 0;
}

static int64_t ur_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * uio_ring_wait() and uio_ring_pwait(): sigmask NULL keeps the thread's
 * signal mask, as poll() would.
 */
static int ur_wait(struct uio_ring *ring, int timeout_ms, const sigset_t *sigmask,
		   const char *fn)
{
	int64_t deadline;
	int ret;

	if (!ring)
		return ur_error(-EINVAL, "%s: NULL ring", fn);
	if (ring->observe)
		return ur_error(-EPERM, "%s: opened to observe, not to consume",
				ring->info.name);
	/* Nothing is left to read of a ring file truncated under us. */
	if (ur_mapping_lost(&ring->m))
		return ur_mapping_lost_error(&ring->m);
	if (ur_ready(ring))
		return 1;
	if (ring->removed)
		return ur_error(-ENODEV, "%s: the ring's device was removed",
				ring->info.name);
	/* Measure from a fixed deadline, so waking early never shortens it. */
	deadline = timeout_ms < 0 ? -1 : ur_now_ns() + (int64_t)timeout_ms * 1000000;
	for (;;) {
		struct pollfd pfd = { .fd = ring->m.doorbell_fd, .events = POLLIN };
		struct timespec left, *leftp = NULL;

		ret = uio_ring_arm(ring);
		if (ret)
			return ret;
		if (deadline >= 0) {
			int64_t ns = deadline - ur_now_ns();

			if (ns < 0)
				ns = 0;
			left.tv_sec = ns / 1000000000;
			left.tv_nsec = ns % 1000000000;
			leftp = &left;
		}
		/* ppoll() swaps the signal mask in and sleeps in one step. */
		ret = ppoll(&pfd, 1, leftp, sigmask);
		if (ret < 0) {
			ret = errno;
			ur_store_relaxed(&ring->cons->need_wakeup, 0);
			return ur_error(-ret, "%s: poll: %s", ring->info.name, strerror(ret));
		}
		if (ret > 0) {
			ret = uio_ring_ack(ring);
			ring->wakeups++;
			if (ur_ready(ring))
				return 1;
			if (ret < 0)
				return ret;
			if (pfd.revents & (POLLERR | POLLHUP | POLLNVAL)) {
				ring->removed = true;
				return ur_error(-ENODEV, "%s: the ring's device was removed",
						ring->info.name);
			}
		}
		if (deadline >= 0 && ur_now_ns() >= deadline) {
			ur_store_relaxed(&ring->cons->need_wakeup, 0);
			return ur_ready(ring) ? 1 : 0;
		}
	}
}

UR_EXPORT int uio_ring_wait(struct uio_ring *ring, int timeout_ms)
{
	return ur_wait(ring, timeout_ms, NULL, "uio_ring_wait");
}

UR_EXPORT int uio_ring_pwait(struct uio_ring *ring, int timeout_ms, const sigset_t *sigmask)
{
	return ur_wait(ring, timeout_ms, sigmask, "uio_ring_pwait");
}

UR_EXPORT int uio_ring_get_stats_sized(struct uio_ring *ring, struct uio_ring_stats *stats,
				       size_t size)
{
	struct uio_ring_stats s = { 0 }, *st = &s;
	uint64_t prod;
	int ret;

	if (!ring || !stats)
		return ur_error(-EINVAL, "uio_ring_get_stats: NULL argument");
	ret = ur_stats_size_check(size, "uio_ring_get_stats_sized");
	if (ret)
		return ret;
	st->produced = ur_load_relaxed(&ring->ctrl->produced);
	st->dropped = ur_load_relaxed(&ring->ctrl->dropped);
	st->notifications = ur_load_relaxed(&ring->ctrl->notifications);
	st->consumer_faults = ur_load_relaxed(&ring->ctrl->consumer_faults);
	st->consumed = ring->consumed;
	st->discarded = ring->discarded;
	st->missed = ring->missed;
	st->wakeups = ring->wakeups;
	prod = ur_load_acquire(&ring->ctrl->producer_pos);
	if (ring->observe)
		ring->cons_pos = ur_load_acquire(&ring->cons->consumer_pos);
	st->pending_bytes = prod - ring->cons_pos;
	return ur_copy_sized(stats, size, st, sizeof(*st));
}

UR_EXPORT int uio_ring_get_info_sized(const struct uio_ring *ring, struct uio_ring_info *info,
				      size_t size)
{
	int ret;

	if (!ring || !info)
		return ur_error(-EINVAL, "uio_ring_get_info: NULL argument");
	ret = ur_info_size_check(size, "uio_ring_get_info_sized");
	if (ret)
		return ret;
	return ur_copy_sized(info, size, &ring->info, sizeof(ring->info));
}
