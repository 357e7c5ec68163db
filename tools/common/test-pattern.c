// SPDX-License-Identifier: MIT
/*
 * The test pattern from abi.h's table. As in the module's emit, the table
 * is for 256 bytes and a longer payload is taken 256 bytes at a time,
 * which keeps the pattern: a record of any length, with a small table.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <uio-ring/uio-ring.h>

#include "test-pattern.h"

#define CHUNK 256u

static uint8_t table[UIO_RING_TEST_TABLE_SIZE(CHUNK)];

/* The pattern of record seq from byte off of its payload, CHUNK bytes. */
static const uint8_t *chunk(uint64_t seq, uint32_t off)
{
	static bool filled;

	if (!filled) {
		uio_ring_test_table(table, sizeof(table));
		filled = true;
	}
	return uio_ring_test_payload(table, seq + off);
}

void test_pattern_fill(void *payload, uint32_t len, uint64_t seq)
{
	uint8_t *p = payload;
	uint32_t off, n;

	for (off = 0; off < len; off += n) {
		n = len - off < CHUNK ? len - off : CHUNK;
		memcpy(p + off, chunk(seq, off), n);
	}
}

bool test_pattern_ok(const void *payload, uint32_t len, uint64_t seq)
{
	const uint8_t *p = payload;
	uint32_t off, n;

	for (off = 0; off < len; off += n) {
		n = len - off < CHUNK ? len - off : CHUNK;
		if (memcmp(p + off, chunk(seq, off), n))
			return false;
	}
	return true;
}
