/* SPDX-License-Identifier: MIT */
/*
 * The payload of UIO_RING_TYPE_TEST records, abi.h's test pattern, as
 * uio-ring-send writes it and uio-ring-dump checks it.
 */
#ifndef UIO_RING_TOOLS_TEST_PATTERN_H
#define UIO_RING_TOOLS_TEST_PATTERN_H

#include <stdbool.h>
#include <stdint.h>

/* Fill len bytes at payload as record seq's. */
void test_pattern_fill(void *payload, uint32_t len, uint64_t seq);

/* Whether the len bytes at payload are record seq's. */
bool test_pattern_ok(const void *payload, uint32_t len, uint64_t seq);

#endif /* UIO_RING_TOOLS_TEST_PATTERN_H */
