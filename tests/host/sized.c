// SPDX-License-Identifier: MIT
/*
 * The structs that grow (uio_ring_stats, uio_ring_info), against the
 * shipped shared library, not a copy compiled into the test:
 *   - the LIBUIO_RING_0.1 symbols that binaries linked before the _sized
 *     calls bind to fill the first edition of the struct and not one byte
 *     more;
 *   - the _sized calls fill what the library knows of a larger struct, zero
 *     the rest and return the bytes filled; a size below the first edition
 *     is -EINVAL with the buffer untouched;
 *   - uio_ring_list_sized() lays its array out in the caller's entry size.
 */
#include <dlfcn.h>

#include "test.h"

#define DS (64 * 1024u)
#define GUARD 0xa5
#define PAD 64

typedef int stats_fn(struct uio_ring *, struct uio_ring_stats *);
typedef int info_fn(const struct uio_ring *, struct uio_ring_info *);
typedef int pinfo_fn(const struct uio_ring_producer *, struct uio_ring_info *);
typedef int list_fn(struct uio_ring_info **, size_t *);

static void *old_symbol(const char *name)
{
	void *f = dlvsym(RTLD_DEFAULT, name, "LIBUIO_RING_0.1");
	Dl_info where = { 0 };

	T_ASSERT(f, "dlvsym(%s@LIBUIO_RING_0.1): %s", name, dlerror());
	/* The shipped library's, not a copy compiled into the test. */
	T_ASSERT(dladdr(f, &where) && where.dli_fname && strstr(where.dli_fname, "libuio-ring.so"),
		 "%s is in %s", name, where.dli_fname ? where.dli_fname : "?");
	return f;
}

/* Bytes from off on all still GUARD. */
static void check_guard(const void *buf, size_t off, size_t len, const char *what)
{
	const uint8_t *b = buf;
	size_t i;

	for (i = off; i < len; i++)
		T_ASSERT(b[i] == GUARD, "%s: byte %zu written (0x%02x)", what, i, b[i]);
}

static void check_zero(const void *buf, size_t off, size_t len, const char *what)
{
	const uint8_t *b = buf;
	size_t i;

	for (i = off; i < len; i++)
		T_ASSERT(b[i] == 0, "%s: byte %zu not zeroed (0x%02x)", what, i, b[i]);
}

int main(void)
{
	union {
		struct uio_ring_stats st;
		struct uio_ring_info info;
		uint8_t b[sizeof(struct uio_ring_info) + PAD];
	} buf;
	struct uio_ring_producer *p;
	struct uio_ring_info *list;
	struct uio_ring *r;
	size_t count, i;
	int fd, efd, ret;
	void *payload;

	t_watchdog(30);
	T_OK(uio_ring_memfd_create("sized", DS, &fd, &efd));
	T_OK(uio_ring_producer_open_fd(fd, efd, 0, &p));
	T_OK(uio_ring_open_fd(fd, efd, 0, &r));
	for (i = 0; i < 5; i++) {
		T_OK(uio_ring_reserve(p, 16, UIO_RING_TYPE_TEST, 0, &payload));
		T_OK(uio_ring_commit(p, payload));
	}

	t_case = "stats 0.1";
	memset(&buf, GUARD, sizeof(buf));
	T_EQ(((stats_fn *)old_symbol("uio_ring_get_stats"))(r, &buf.st), 0);
	T_UEQ(buf.st.produced, 5);
	T_UEQ(buf.st.pending_bytes, 5 * UIO_RING_REC_SIZE(16));
	check_guard(&buf, 72, sizeof(buf), t_case);

	t_case = "info 0.1";
	memset(&buf, GUARD, sizeof(buf));
	T_EQ(((info_fn *)old_symbol("uio_ring_get_info"))(r, &buf.info), 0);
	T_ASSERT(!strcmp(buf.info.name, "sized"), "name %.32s", buf.info.name);
	T_UEQ(buf.info.data_size, DS);
	check_guard(&buf, 88, sizeof(buf), t_case);

	t_case = "producer info 0.1";
	memset(&buf, GUARD, sizeof(buf));
	T_EQ(((pinfo_fn *)old_symbol("uio_ring_producer_get_info"))(p, &buf.info), 0);
	T_UEQ(buf.info.data_size, DS);
	check_guard(&buf, 88, sizeof(buf), t_case);

	t_case = "list 0.1";
	ret = ((list_fn *)old_symbol("uio_ring_list"))(&list, &count);
	T_ASSERT(ret == 0, "%d: %s", ret, uio_ring_errmsg());
	free(list);

	t_case = "stats larger";
	memset(&buf, GUARD, sizeof(buf));
	T_EQ(uio_ring_get_stats_sized(r, &buf.st, sizeof(buf)), sizeof(struct uio_ring_stats));
	T_UEQ(buf.st.produced, 5);
	check_zero(&buf, sizeof(struct uio_ring_stats), sizeof(buf), t_case);

	t_case = "info larger";
	memset(&buf, GUARD, sizeof(buf));
	T_EQ(uio_ring_get_info_sized(r, &buf.info, sizeof(buf)), sizeof(struct uio_ring_info));
	T_UEQ(buf.info.data_size, DS);
	check_zero(&buf, sizeof(struct uio_ring_info), sizeof(buf), t_case);
	memset(&buf, GUARD, sizeof(buf));
	T_EQ(uio_ring_producer_get_info_sized(p, &buf.info, sizeof(buf)),
	     sizeof(struct uio_ring_info));
	T_UEQ(buf.info.data_size, DS);
	check_zero(&buf, sizeof(struct uio_ring_info), sizeof(buf), t_case);

	t_case = "below the first edition";
	memset(&buf, GUARD, sizeof(buf));
	T_EQ(uio_ring_get_stats_sized(r, &buf.st, 71), -EINVAL);
	T_EQ(uio_ring_get_info_sized(r, &buf.info, 87), -EINVAL);
	T_EQ(uio_ring_producer_get_info_sized(p, &buf.info, 0), -EINVAL);
	T_EQ(uio_ring_list_sized(&list, &count, 80), -EINVAL);
	check_guard(&buf, 0, sizeof(buf), t_case);

	t_case = "first edition exactly";
	memset(&buf, GUARD, sizeof(buf));
	T_EQ(uio_ring_get_stats_sized(r, &buf.st, 72), 72);
	check_guard(&buf, 72, sizeof(buf), t_case);

	t_case = "list larger";
	list = NULL;
	ret = uio_ring_list_sized(&list, &count, sizeof(buf));
	T_EQ(ret, sizeof(struct uio_ring_info));
	for (i = 0; i < count; i++)
		check_zero((uint8_t *)list + i * sizeof(buf), sizeof(struct uio_ring_info),
			   sizeof(buf), t_case);
	free(list);

	t_case = "inline";
	T_EQ(uio_ring_get_stats(r, &buf.st), 0);
	T_EQ(uio_ring_get_info(r, &buf.info), 0);

	uio_ring_close(r);
	uio_ring_producer_close(p);
	close(fd);
	close(efd);
	printf("PASS sized\n");
	return T_PASS;
}
