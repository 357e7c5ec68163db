// SPDX-License-Identifier: MIT
/*
 * The structs that grow (uio_ring_stats, uio_ring_info): copying the
 * library's edition into the caller's, whatever size the caller was
 * compiled with, and the entry points that binaries linked before the
 * structs could grow still bind to.
 *
 * A caller passes the size it knows. The library fills what both know and
 * zeroes the rest, so a field the library does not have yet reads as 0; it
 * returns the bytes it filled, so a caller can also tell. Old binaries call
 * the LIBUIO_RING_0.1 symbols, which fill the first edition and no more.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "internal.h"

/* The first editions: what every caller has at least. Never changes. */
#define UR_STATS_SIZE_0_1 72
#define UR_INFO_SIZE_0_1 88
_Static_assert(offsetof(struct uio_ring_stats, pending_bytes) + 8 == UR_STATS_SIZE_0_1,
	       "the first edition of struct uio_ring_stats changed");
_Static_assert(offsetof(struct uio_ring_info, abi_minor) + 2 + 4 == UR_INFO_SIZE_0_1 &&
		       _Alignof(struct uio_ring_info) == 8,
	       "the first edition of struct uio_ring_info changed");

static int ur_sized_check(size_t size, size_t first, const char *fn)
{
	if (size < first)
		return ur_error(-EINVAL, "%s: size %zu, less than the %zu bytes of the "
				"struct's first edition", fn, size, first);
	return 0;
}

int ur_stats_size_check(size_t size, const char *fn)
{
	return ur_sized_check(size, UR_STATS_SIZE_0_1, fn);
}

int ur_info_size_check(size_t size, const char *fn)
{
	return ur_sized_check(size, UR_INFO_SIZE_0_1, fn);
}

/* Checked by the caller against the first edition: size is large enough. */
int ur_copy_sized(void *dst, size_t size, const void *src, size_t have)
{
	size_t n = size < have ? size : have;

	memcpy(dst, src, n);
	memset((char *)dst + n, 0, size - n);
	return (int)n;
}

/*
 * LIBUIO_RING_0.1: the calls as they were before the _sized ones, now
 * inline functions of the header. Not the default version: new code links
 * to the _sized calls.
 */
UR_EXPORT __attribute__((symver("uio_ring_get_stats@LIBUIO_RING_0.1")))
int ur_get_stats_0_1(struct uio_ring *ring, struct uio_ring_stats *stats)
{
	int ret = uio_ring_get_stats_sized(ring, stats, UR_STATS_SIZE_0_1);

	return ret < 0 ? ret : 0;
}

UR_EXPORT __attribute__((symver("uio_ring_get_info@LIBUIO_RING_0.1")))
int ur_get_info_0_1(const struct uio_ring *ring, struct uio_ring_info *info)
{
	int ret = uio_ring_get_info_sized(ring, info, UR_INFO_SIZE_0_1);

	return ret < 0 ? ret : 0;
}

UR_EXPORT __attribute__((symver("uio_ring_producer_get_info@LIBUIO_RING_0.1")))
int ur_producer_get_info_0_1(const struct uio_ring_producer *p, struct uio_ring_info *info)
{
	int ret = uio_ring_producer_get_info_sized(p, info, UR_INFO_SIZE_0_1);

	return ret < 0 ? ret : 0;
}

UR_EXPORT __attribute__((symver("uio_ring_list@LIBUIO_RING_0.1")))
int ur_list_0_1(struct uio_ring_info **list, size_t *count)
{
	int ret = uio_ring_list_sized(list, count, UR_INFO_SIZE_0_1);

	return ret < 0 ? ret : 0;
}
