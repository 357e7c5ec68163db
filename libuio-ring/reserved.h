/* SPDX-License-Identifier: MIT */
/*
 * What a producer handle reserved and has not committed or discarded yet,
 * so that a commit can tell a payload the handle handed out from any other
 * pointer into the data area: another handle's record, one committed
 * already, or a pointer 8 or 16 bytes off, whose "header" is payload bytes.
 *
 * A FIFO of the records' offsets in the data area, oldest first. A handle
 * reserves at increasing positions, so the FIFO is in ring order, and all
 * its records lie within one ring's size, since they are in the ring at
 * once: an offset names one record. Offsets are below 2^30
 * (UIO_RING_DATA_SIZE_MAX), which leaves bit 31 to mark a record done
 * while an older one is still out. Four bytes a record, grown as needed.
 */
#ifndef UIO_RING_RESERVED_H
#define UIO_RING_RESERVED_H

#include <stdint.h>

#define UR_RESERVED_DONE (1u << 31)

struct ur_reserved {
	uint32_t *off;		/* cap (a power of two) of them, from head */
	uint32_t head, count, cap;
	uint64_t mask;		/* data_size - 1 */
};

void ur_reserved_init(struct ur_reserved *t, uint64_t data_size);
void ur_reserved_free(struct ur_reserved *t);
/*
 * Before a reserve of up to n records of size bytes: room for them, so
 * that ur_reserved_add() needs none. 0 or -ENOMEM (nothing changed).
 */
int ur_reserved_room(struct ur_reserved *t, uint64_t size, unsigned int n);

/* n records of size bytes were reserved from ring position pos on. */
static inline void ur_reserved_add(struct ur_reserved *t, uint64_t pos, uint32_t size,
				   unsigned int n)
{
	uint32_t *q = t->off, m = t->cap - 1, at = t->head + t->count, i;
	uint64_t mask = t->mask;

	for (i = 0; i < n; i++, pos += size)
		q[(at + i) & m] = (uint32_t)(pos & mask);
	t->count += n;
}

/* Is the oldest record not done the one at ring position pos? */
static inline int ur_reserved_oldest_at(const struct ur_reserved *t, uint64_t pos)
{
	return t->count && t->off[t->head] == (uint32_t)(pos & t->mask);
}

/*
 * Mark the records of these payloads (in the data area mapped at data)
 * done, and forget the oldest ones that are: all of them or, if one is not
 * the payload of a reserved record not done yet (or comes twice), none.
 * Returns 0 or -EINVAL.
 */
int ur_reserved_take(struct ur_reserved *t, const uint8_t *data, void *const *payloads,
		     unsigned int n);

#endif /* UIO_RING_RESERVED_H */
