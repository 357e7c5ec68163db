// SPDX-License-Identifier: MIT
/*
 * The public header from C++: it compiles with -Wall -Wextra -Werror, and
 * its inline functions work there (a fill of records, then an iteration
 * over them, on a memfd ring).
 */
#include <cstdio>
#include <cstring>
#include <unistd.h>

#include <uio-ring/uio-ring.h>

#define CHECK(cond) do { \
	if (!(cond)) { \
		std::fprintf(stderr, "FAIL %s:%d: %s (%s)\n", __FILE__, __LINE__, #cond, \
			     uio_ring_errmsg()); \
		return 1; \
	} \
} while (0)

int main()
{
	struct uio_ring_producer *p = nullptr;
	struct uio_ring *ring = nullptr;
	struct uio_ring_record rec;
	struct uio_ring_iter it;
	struct uio_ring_fill f;
	unsigned int i = 0;
	void *payload;
	int fd, efd;

	CHECK(uio_ring_memfd_create("cxx", 1 << 16, &fd, &efd) == 0);
	CHECK(uio_ring_producer_open_fd(fd, efd, UIO_RING_PRODUCER_SINGLE, &p) == 0);
	CHECK(uio_ring_open_fd(fd, efd, 0, &ring) == 0);
	close(fd);
	close(efd);
	CHECK(uio_ring_fill_begin(p, 24, UIO_RING_TYPE_TEST, 5, 3, &f) == 3);
	while ((payload = uio_ring_fill_next(&f)))
		std::memset(payload, 'a' + i++, 24);
	CHECK(i == 3);
	CHECK(uio_ring_fill_end(p, &f) == 3);
	CHECK(uio_ring_iter_begin(ring, &it) == 1);
	for (i = 0; uio_ring_iter_next(&it, &rec); i++) {
		CHECK(rec.seq == i && rec.len == 24 && rec.flags == 5);
		CHECK(static_cast<const char *>(rec.data)[23] == static_cast<char>('a' + i));
	}
	CHECK(i == 3);
	CHECK(uio_ring_iter_end(ring, &it) == 3);
	uio_ring_close(ring);
	uio_ring_producer_close(p);
	std::printf("PASS: cxx\n");
	return 0;
}
