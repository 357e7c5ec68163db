// SPDX-License-Identifier: MIT
/*
 * The public header from another language mode: this file is compiled as
 * strict ISO C11 (tests/host/strict-c: -std=c11 -pedantic, no feature test
 * macros, so no sigset_t and no uio_ring_pwait()) and as C++ (tests/host/cxx
 * includes it). Either way it compiles with -Wall -Wextra -Werror, and the
 * header's inline functions work: a fill of records, then an iteration over
 * them, on a memfd ring.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <uio-ring/uio-ring.h>

#ifdef __cplusplus
#define LANGUAGE "cxx"
#else
#define LANGUAGE "strict-c"
#endif

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "FAIL %s:%d: %s (%s)\n", __FILE__, __LINE__, #cond, \
			uio_ring_errmsg()); \
		return 1; \
	} \
} while (0)

int main(void)
{
	struct uio_ring_producer *p = NULL;
	struct uio_ring *ring = NULL;
	struct uio_ring_record rec;
	struct uio_ring_iter it;
	struct uio_ring_fill f;
	unsigned int i = 0;
	void *payload;
	int fd, efd;

	CHECK(uio_ring_memfd_create(LANGUAGE, 1 << 16, &fd, &efd) == 0);
	CHECK(uio_ring_producer_open_fd(fd, efd, UIO_RING_PRODUCER_SINGLE, &p) == 0);
	CHECK(uio_ring_open_fd(fd, efd, 0, &ring) == 0);
	close(fd);
	close(efd);
	CHECK(uio_ring_fill_begin(p, 24, UIO_RING_TYPE_TEST, 5, 3, &f) == 3);
	while ((payload = uio_ring_fill_next(&f)))
		memset(payload, 'a' + i++, 24);
	CHECK(i == 3);
	CHECK(uio_ring_fill_end(p, &f) == 3);
	CHECK(uio_ring_iter_begin(ring, &it) == 1);
	for (i = 0; uio_ring_iter_next(&it, &rec); i++) {
		CHECK(rec.seq == i && rec.len == 24 && rec.flags == 5);
		CHECK(((const char *)rec.data)[23] == (char)('a' + i));
	}
	CHECK(i == 3);
	CHECK(uio_ring_iter_end(ring, &it) == 3);
#ifdef __cplusplus
	CHECK(uio_ring_pwait(ring, 0, NULL) == 0);	/* declared for C++: empty, no wait */
#else
	CHECK(uio_ring_wait(ring, 0) == 0);
#endif
	uio_ring_close(ring);
	uio_ring_producer_close(p);
	printf("PASS: " LANGUAGE "\n");
	return 0;
}
