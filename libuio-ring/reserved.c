// SPDX-License-Identifier: MIT
/*
 * What a producer handle reserved and has not committed: see reserved.h.
 * Commits mostly come in the order of the reserves: the oldest record is
 * tried first, one compare; anything else is found by a binary search on
 * the ring distance from the oldest.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "internal.h"
#include "reserved.h"

void ur_reserved_init(struct ur_reserved *t, uint64_t data_size)
{
	*t = (struct ur_reserved){ .mask = data_size - 1 };
}

void ur_reserved_free(struct ur_reserved *t)
{
	free(t->off);
	t->off = NULL;
	t->head = t->count = t->cap = 0;
}

int ur_reserved_room(struct ur_reserved *t, uint64_t size, unsigned int n)
{
	uint64_t fit = (t->mask + 1) / size, want, cap;
	uint32_t *off, i;

	if (n > fit)
		n = (unsigned int)fit;	/* no reserve takes more */
	want = (uint64_t)t->count + n;
	if (want <= t->cap)
		return 0;
	cap = t->cap ? t->cap : 64;
	while (cap < want)
		cap *= 2;
	if (cap > (1ull << 31))
		return -ENOMEM;
	off = malloc(cap * sizeof(*off));
	if (!off)
		return -ENOMEM;
	/* Unwrapped into the new array: head 0. */
	for (i = 0; i < t->count; i++)
		off[i] = t->off[(t->head + i) & (t->cap - 1)];
	free(t->off);
	t->off = off;
	t->head = 0;
	t->cap = (uint32_t)cap;
	return 0;
}

static inline uint32_t *nth(const struct ur_reserved *t, uint32_t i)
{
	return &t->off[(t->head + i) & (t->cap - 1)];
}

/*
 * The index of the record whose header is at data area offset off, done
 * or not, or -1. A reserved record's offset is below data_size: a pointer
 * into the second mapping of the data area was never handed out.
 */
static int64_t find(const struct ur_reserved *t, uint64_t off)
{
	uint64_t base, rel;
	uint32_t lo, hi;

	if (!t->count || off > t->mask)
		return -1;
	base = *nth(t, 0) & ~UR_RESERVED_DONE;
	rel = (off - base) & t->mask;	/* ring distance from the oldest */
	lo = 0;
	hi = t->count;
	while (lo < hi) {		/* the first at or past rel */
		uint32_t mid = lo + (hi - lo) / 2;

		if ((((*nth(t, mid) & ~UR_RESERVED_DONE) - base) & t->mask) < rel)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->count && (*nth(t, lo) & ~UR_RESERVED_DONE) == off)
		return lo;
	return -1;
}

int ur_reserved_take(struct ur_reserved *t, const uint8_t *data, void *const *payloads,
		     unsigned int n)
{
	/* In locals: the stores into off[] could alias the struct otherwise. */
	uint32_t *q = t->off, m = t->cap - 1, head = t->head, count = t->count;
	uintptr_t base = (uintptr_t)data + sizeof(struct uio_ring_rec);
	uint32_t oldest = 0;		/* the oldest records, taken in order */
	unsigned int i;
	int64_t k;

	for (i = 0; i < n; i++) {
		uint64_t off = (uint64_t)((uintptr_t)payloads[i] - base);

		/* The usual case: the oldest record not taken yet. */
		if (oldest < count && q[(head + oldest) & m] == off) {
			oldest++;
			continue;
		}
		/* Not one of those taken in order above, nor done before. */
		k = find(t, off);
		if (k < (int64_t)oldest || (q[(head + (uint32_t)k) & m] & UR_RESERVED_DONE))
			goto undo;
		q[(head + (uint32_t)k) & m] |= UR_RESERVED_DONE;
	}
	/* Forget the oldest: those taken in order, then those done before. */
	head += oldest;
	count -= oldest;
	while (count && (q[head & m] & UR_RESERVED_DONE)) {
		head++;
		count--;
	}
	t->head = head & m;
	t->count = count;
	return 0;
undo:
	/* Nothing is taken: clear the marks this call set. */
	while (i--) {
		k = find(t, (uint64_t)((uintptr_t)payloads[i] - base));
		if (k >= (int64_t)oldest)
			q[(head + (uint32_t)k) & m] &= ~UR_RESERVED_DONE;
	}
	return -EINVAL;
}
