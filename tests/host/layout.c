// SPDX-License-Identifier: MIT
/*
 * Control area validation: ur_ring_check_ctrl() and uio_ring_open_fd() reject
 * each bad field with its own errno and a message that names the problem;
 * uio_ring_strerror() has a text for each code.
 */
#include <ctype.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "test.h"

#define DS (16 * 4096ull)

struct bad {
	const char *what;
	void (*mutate)(struct uio_ring_ctrl *c, size_t page, uint64_t arg);
	uint64_t arg;
	int err;		/* 0: accepted */
	const char *words;	/* '|'-separated words errmsg must all contain */
};

static void m_magic(struct uio_ring_ctrl *c, size_t page, uint64_t a) { c->magic = (uint32_t)a; }
static void m_major(struct uio_ring_ctrl *c, size_t page, uint64_t a) { c->abi_major = (uint16_t)a; }
static void m_minor(struct uio_ring_ctrl *c, size_t page, uint64_t a) { c->abi_minor = (uint16_t)a; }
static void m_flags(struct uio_ring_ctrl *c, size_t page, uint64_t a) { c->flags = (uint32_t)a; }
static void m_ctrl_size(struct uio_ring_ctrl *c, size_t page, uint64_t a) { c->ctrl_size = (uint32_t)a; }
static void m_ctrl_size_page(struct uio_ring_ctrl *c, size_t page, uint64_t a)
{
	c->ctrl_size = (uint32_t)(page + a);
}
static void m_page(struct uio_ring_ctrl *c, size_t page, uint64_t a) { c->page_size = (uint32_t)a; }
static void m_page_mul(struct uio_ring_ctrl *c, size_t page, uint64_t a)
{
	c->page_size = (uint32_t)(page * a);
}
static void m_page_half(struct uio_ring_ctrl *c, size_t page, uint64_t a)
{
	c->page_size = (uint32_t)(page / 2);
}
static void m_data_size(struct uio_ring_ctrl *c, size_t page, uint64_t a) { c->data_size = a; }
static void m_max(struct uio_ring_ctrl *c, size_t page, uint64_t a) { c->max_payload = (uint32_t)a; }
static void m_max_rel(struct uio_ring_ctrl *c, size_t page, uint64_t a)
{
	/* a bytes less than the whole data area */
	c->max_payload = (uint32_t)(c->data_size - a);
}
static void m_name(struct uio_ring_ctrl *c, size_t page, uint64_t a)
{
	memset(c->name, (int)a, sizeof(c->name));
}

static const struct bad cases[] = {
	{ "magic 0", m_magic, 0, -EMEDIUMTYPE, "magic|0x00000000" },
	{ "magic byte-swapped", m_magic, 0x55494f52u, -EMEDIUMTYPE, "magic|0x55494f52" },
	{ "magic off by one", m_magic, UIO_RING_MAGIC + 1, -EMEDIUMTYPE, "magic" },
	{ "abi_major 0", m_major, 0, -EPROTONOSUPPORT, "version|0." },
	{ "abi_major 2", m_major, 2, -EPROTONOSUPPORT, "version|2." },
	{ "abi_major 0xffff", m_major, 0xffff, -EPROTONOSUPPORT, "version|65535" },
	{ "abi_minor 9 (accepted)", m_minor, 9, 0, NULL },
	{ "flags ~0 (accepted)", m_flags, 0xffffffffu, 0, NULL },
	{ "ctrl_size 0", m_ctrl_size, 0, -EBADMSG, "control area size|0" },
	{ "ctrl_size 319", m_ctrl_size, sizeof(struct uio_ring_ctrl) - 1, -EBADMSG,
	  "control area size|319" },
	{ "ctrl_size page+1", m_ctrl_size_page, 1, -EBADMSG, "control area size" },
	{ "ctrl_size page (accepted)", m_ctrl_size_page, 0, 0, NULL },
	{ "page_size 0", m_page, 0, -EBADMSG, "page size|0" },
	{ "page_size 2 pages", m_page_mul, 2, -EBADMSG, "page size" },
	{ "page_size half a page", m_page_half, 0, -EBADMSG, "page size" },
	{ "data_size 0", m_data_size, 0, -EBADMSG, "data size|0" },
	{ "data_size 2048", m_data_size, 2048, -EBADMSG, "data size|2048" },
	{ "data_size 3 * 16384", m_data_size, 3 * 16384, -EBADMSG, "data size|49152" },
	{ "data_size 16384 + 8", m_data_size, 16384 + 8, -EBADMSG, "data size|16392" },
	{ "data_size 2^31", m_data_size, 1ull << 31, -EBADMSG, "data size|2147483648" },
	{ "data_size 2^63", m_data_size, 1ull << 63, -EBADMSG, "data size" },
	{ "data_size ~0", m_data_size, ~0ull, -EBADMSG, "data size" },
	{ "max_payload 0", m_max, 0, -EBADMSG, "max payload|0" },
	{ "max_payload data_size - 15", m_max_rel, 15, -EBADMSG, "max payload|65521" },
	{ "max_payload data_size", m_max_rel, 0, -EBADMSG, "max payload|65536" },
	{ "max_payload 2^30", m_max, 1u << 30, -EBADMSG, "max payload|1073741824" },
	{ "max_payload ~0", m_max, 0xffffffffu, -EBADMSG, "max payload|4294967295" },
	{ "max_payload data_size - 16 (accepted)", m_max_rel, 16, 0, NULL },
	{ "max_payload 1 (accepted)", m_max, 1, 0, NULL },
	{ "name unterminated", m_name, 'x', -EBADMSG, "name" },
};

/* errmsg contains every '|'-separated word of words, case-insensitively. */
static void check_msg(const char *what, const char *words)
{
	const char *msg = uio_ring_errmsg();
	char buf[128], *w, *save = NULL;

	T_ASSERT(msg && msg[0], "%s: uio_ring_errmsg() is empty", what);
	snprintf(buf, sizeof(buf), "%s", words);
	for (w = strtok_r(buf, "|", &save); w; w = strtok_r(NULL, "|", &save))
		T_ASSERT(strcasestr(msg, w), "%s: errmsg \"%s\" does not mention \"%s\"",
			 what, msg, w);
}

static void valid_ctrl(struct uio_ring_ctrl *c, size_t page)
{
	memset(c, 0, sizeof(*c));
	c->magic = UIO_RING_MAGIC;
	c->abi_major = UIO_RING_ABI_MAJOR;
	c->abi_minor = UIO_RING_ABI_MINOR;
	c->ctrl_size = sizeof(*c);
	c->data_size = DS;
	c->max_payload = (uint32_t)(DS - sizeof(struct uio_ring_rec));
	c->page_size = (uint32_t)page;
	strcpy(c->name, "layout");
}

/* ur_ring_check_ctrl(); on success, the geometry it returns is the ring's. */
static int check(const struct uio_ring_ctrl *c, size_t map_len)
{
	struct uio_ring_info geo;
	int ret;

	memset(&geo, 0xa5, sizeof(geo));
	ret = ur_ring_check_ctrl(c, map_len, "t", &geo);
	if (ret == 0) {
		T_UEQ(geo.data_size, c->data_size);
		T_UEQ(geo.max_payload, c->max_payload);
		T_UEQ(geo.flags, c->flags);
		T_EQ(geo.abi_major, c->abi_major);
		T_EQ(geo.abi_minor, c->abi_minor);
		T_ASSERT(!strcmp(geo.name, c->name), "name \"%s\"", geo.name);
	}
	return ret;
}

static void test_check_ctrl(size_t page)
{
	struct uio_ring_ctrl *c = aligned_alloc(page, page);
	unsigned int i;
	int ret;

	T_ASSERT(c, "aligned_alloc");
	t_case = "check_ctrl valid";
	valid_ctrl(c, page);
	ur_error_clear();
	T_EQ(check(c, page), 0);

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t_case = cases[i].what;
		valid_ctrl(c, page);
		cases[i].mutate(c, page, cases[i].arg);
		ur_error_clear();
		ret = check(c, page);
		T_ASSERT(ret == cases[i].err, "check_ctrl returned %d (%s), want %d; errmsg \"%s\"",
			 ret, strerror(-ret), cases[i].err, uio_ring_errmsg());
		if (cases[i].err)
			check_msg(cases[i].what, cases[i].words);
	}

	t_case = "check_ctrl map shorter than the control area";
	valid_ctrl(c, page);
	ur_error_clear();
	T_EQ(check(c, sizeof(*c) - 1), -EBADMSG);
	check_msg(t_case, "control area|319");
	/* ctrl_size must also fit the map it came in */
	t_case = "check_ctrl ctrl_size beyond map_len";
	c->ctrl_size = sizeof(*c) + 8;
	ur_error_clear();
	T_EQ(check(c, sizeof(*c)), -EBADMSG);
	check_msg(t_case, "control area size");
	free(c);
}

/* The same through uio_ring_open_fd on a real memfd ring, with the file checks. */
static void test_attach(size_t page)
{
	struct uio_ring_ctrl *c, saved;
	struct uio_ring *r = NULL;
	unsigned int i;
	int fd, efd, ret;

	T_OK(ur_shm_create("layout", DS, &fd));
	efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	T_ASSERT(efd >= 0, "eventfd");
	c = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	T_ASSERT(c != MAP_FAILED, "mmap");
	saved = *c;

	t_case = "attach valid";
	T_OK(uio_ring_open_fd(fd, efd, 0, &r));
	uio_ring_close(r);

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t_case = cases[i].what;
		*c = saved;
		cases[i].mutate(c, page, cases[i].arg);
		ur_error_clear();
		r = NULL;
		ret = uio_ring_open_fd(fd, efd, 0, &r);
		/* data_size 2^30 etc. pass check_ctrl but not the file size check */
		T_ASSERT(ret == cases[i].err, "attach returned %d (%s), want %d; errmsg \"%s\"",
			 ret, strerror(-ret), cases[i].err, uio_ring_errmsg());
		if (ret == 0) {
			T_ASSERT(r != NULL, "attach succeeded without a ring");
			uio_ring_close(r);
		} else {
			check_msg(cases[i].what, cases[i].words);
		}
		/* observers check the same things */
		r = NULL;
		ret = uio_ring_open_fd(fd, efd, UIO_RING_OPEN_OBSERVE, &r);
		T_ASSERT(ret == cases[i].err, "observe attach returned %d, want %d",
			 ret, cases[i].err);
		uio_ring_close(r);
	}
	*c = saved;

	t_case = "attach: valid data_size that does not match the file";
	c->data_size = 2 * DS;
	c->max_payload = (uint32_t)(2 * DS - 16);
	ur_error_clear();
	T_EQ(uio_ring_open_fd(fd, efd, 0, &r), -EBADMSG);
	check_msg(t_case, "file|bytes");
	*c = saved;

	t_case = "attach: file larger than the ring";
	T_EQ(ftruncate(fd, (off_t)(2 * page + DS + page)), 0);
	ur_error_clear();
	T_EQ(uio_ring_open_fd(fd, efd, 0, &r), -EBADMSG);
	check_msg(t_case, "file|bytes");

	t_case = "attach: file shorter than the ring";
	T_EQ(ftruncate(fd, (off_t)(2 * page + DS / 2)), 0);
	ur_error_clear();
	T_EQ(uio_ring_open_fd(fd, efd, 0, &r), -EBADMSG);
	check_msg(t_case, "file|bytes");

	t_case = "attach: file shorter than two pages";
	munmap(c, page);
	T_EQ(ftruncate(fd, (off_t)page), 0);
	ur_error_clear();
	T_EQ(uio_ring_open_fd(fd, efd, 0, &r), -EMEDIUMTYPE);
	check_msg(t_case, "small");

	t_case = "attach: empty file";
	T_EQ(ftruncate(fd, 0), 0);
	ur_error_clear();
	T_EQ(uio_ring_open_fd(fd, efd, 0, &r), -EMEDIUMTYPE);

	t_case = "attach: bad arguments";
	T_EQ(uio_ring_open_fd(-1, efd, 0, &r), -EINVAL);
	T_EQ(uio_ring_open_fd(fd, -1, 0, &r), -EINVAL);
	T_EQ(uio_ring_open_fd(fd, efd, 0x80, &r), -EINVAL);
	T_EQ(uio_ring_open_fd(fd, efd, 0, NULL), -EINVAL);

	t_case = "create: bad arguments";
	T_EQ(ur_shm_create("x", 3 * 4096, &ret), -EINVAL);
	T_EQ(ur_shm_create("x", 2048, &ret), -EINVAL);
	T_EQ(ur_shm_create("x", 1ull << 31, &ret), -EINVAL);
	T_EQ(ur_shm_create("a-name-that-is-way-too-long-for-a-ring", DS, &ret), -EINVAL);
	close(efd);
	close(fd);
}

/* A fresh ring is what a consumer expects. */
static void test_create(size_t page)
{
	struct uio_ring_info info;
	struct uio_ring *r;
	int fd, efd;
	struct stat st;

	t_case = "create: geometry";
	T_OK(ur_shm_create("geom", DS, &fd));
	T_EQ(fstat(fd, &st), 0);
	T_EQ(st.st_size, 2 * page + DS);
	efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	T_OK(uio_ring_open_fd(fd, efd, 0, &r));
	T_OK(uio_ring_get_info(r, &info));
	T_ASSERT(!strcmp(info.name, "geom"), "name \"%s\"", info.name);
	T_ASSERT(info.device[0] == '\0', "device \"%s\" for a shm ring", info.device);
	T_UEQ(info.data_size, DS);
	T_UEQ(info.max_payload, DS - sizeof(struct uio_ring_rec));
	T_EQ(info.abi_major, UIO_RING_ABI_MAJOR);
	T_EQ(info.abi_minor, UIO_RING_ABI_MINOR);
	T_EQ(uio_ring_fd(r) >= 0, 1);
	T_ASSERT(uio_ring_fd(r) != efd, "the ring uses the caller's eventfd, not its own dup");
	uio_ring_close(r);
	close(efd);
	close(fd);
}

static void test_strerror(void)
{
	static const int own[] = { EMEDIUMTYPE, EPROTONOSUPPORT, EBADMSG, EBUSY, ENODEV,
				   ENOENT, EACCES };
	static const int other[] = { 0, EINVAL, EINTR, ENOMEM, EPERM, 4095 };
	char seen[16][128];
	unsigned int i, j;

	t_case = "strerror";
	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
		const char *s = uio_ring_strerror(-own[i]);

		T_ASSERT(s && s[0], "uio_ring_strerror(-%d) is empty", own[i]);
		T_ASSERT(!strcmp(s, uio_ring_strerror(own[i])),
			 "uio_ring_strerror(%d) \"%s\" differs for -%d", own[i],
			 uio_ring_strerror(own[i]), own[i]);
		snprintf(seen[i], sizeof(seen[i]), "%s", s);
		for (j = 0; j < i; j++)
			T_ASSERT(strcmp(seen[i], seen[j]), "codes %d and %d share the text \"%s\"",
				 own[i], own[j], s);
		printf("  strerror(-%-3d) = %s\n", own[i], s);
	}
	T_ASSERT(strcasestr(uio_ring_strerror(-EBADMSG), "corrupt"), "EBADMSG: \"%s\"",
		 uio_ring_strerror(-EBADMSG));
	T_ASSERT(strcasestr(uio_ring_strerror(-EBUSY), "consumer"), "EBUSY: \"%s\"",
		 uio_ring_strerror(-EBUSY));
	T_ASSERT(strcasestr(uio_ring_strerror(-EPROTONOSUPPORT), "version"),
		 "EPROTONOSUPPORT: \"%s\"", uio_ring_strerror(-EPROTONOSUPPORT));
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		const char *s = uio_ring_strerror(-other[i]);

		T_ASSERT(s && s[0], "uio_ring_strerror(-%d) is empty", other[i]);
		T_ASSERT(!strcmp(s, uio_ring_strerror(other[i])), "sign matters for %d", other[i]);
	}
	T_ASSERT(!strcmp(uio_ring_strerror(-ENOMEM), strerror(ENOMEM)),
		 "ENOMEM: \"%s\" vs \"%s\"", uio_ring_strerror(-ENOMEM), strerror(ENOMEM));
	ur_error_clear();
	T_ASSERT(uio_ring_errmsg() && uio_ring_errmsg()[0] == '\0',
		 "errmsg not empty after clear: \"%s\"", uio_ring_errmsg());
}

int main(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	t_watchdog(60);
	test_check_ctrl(page);
	test_attach(page);
	test_create(page);
	test_strerror();
	printf("PASS: layout (%zu cases)\n", sizeof(cases) / sizeof(cases[0]));
	return T_PASS;
}
