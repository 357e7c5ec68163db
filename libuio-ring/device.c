// SPDX-License-Identifier: MIT
/*
 * Rings of the uio_ring kernel module: finding them (libudev, sysfs),
 * checking them against what sysfs says, and mapping them.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libudev.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "internal.h"

#define UR_SYSFS_UIO "/sys/class/uio"

/* Read one line of a sysfs attribute, without its newline. */
static int ur_sysfs_read(const char *path, char *buf, size_t len)
{
	ssize_t got;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	got = read(fd, buf, len - 1);
	close(fd);
	if (got < 0)
		return -errno;
	buf[got] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int ur_uio_attr(unsigned int num, const char *attr, char *buf, size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), UR_SYSFS_UIO "/uio%u/%s", num, attr);
	return ur_sysfs_read(path, buf, len);
}

static int ur_uio_map_size(unsigned int num, int map, uint64_t *size)
{
	char attr[32], buf[64], *end;
	int ret;

	snprintf(attr, sizeof(attr), "maps/map%d/size", map);
	ret = ur_uio_attr(num, attr, buf, sizeof(buf));
	if (ret)
		return ur_error(-EMEDIUMTYPE, "uio%u has no map %d", num, map);
	errno = 0;
	*size = strtoull(buf, &end, 0);
	if (errno || end == buf || *end)
		return ur_error(-EMEDIUMTYPE, "uio%u: map %d size '%s' unreadable", num, map, buf);
	return 0;
}

static bool ur_parse_uint(const char *s, unsigned int *out)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > INT_MAX)
		return false;
	*out = (unsigned int)v;
	return true;
}

/* Which uioN is the character device at path? */
static int ur_uio_of_path(const char *path, unsigned int *num)
{
	char link[PATH_MAX], target[PATH_MAX];
	struct stat st;
	const char *base;
	ssize_t len;

	if (stat(path, &st) < 0) {
		int err = errno;

		return ur_error(-err, "%s: %s", path, strerror(err));
	}
	if (!S_ISCHR(st.st_mode))
		return ur_error(-EMEDIUMTYPE, "%s: not a character device", path);
	snprintf(link, sizeof(link), "/sys/dev/char/%u:%u", major(st.st_rdev),
		 minor(st.st_rdev));
	len = readlink(link, target, sizeof(target) - 1);
	if (len < 0)
		return ur_error(-EMEDIUMTYPE, "%s: device %u:%u is unknown to sysfs", path,
				major(st.st_rdev), minor(st.st_rdev));
	target[len] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (strncmp(base, "uio", 3) || !ur_parse_uint(base + 3, num) ||
	    !strstr(target, "/uio/"))
		return ur_error(-EMEDIUMTYPE, "%s: not a UIO device (%s)", path, base);
	return 0;
}

/*
 * Call fn for every uio-ring device, with its number and ring name,
 * until fn returns non-zero (which is returned).
 */
typedef int (*ur_uio_fn)(void *ctx, unsigned int num, const char *ring_name);

static int ur_for_each_uio_ring(ur_uio_fn fn, void *ctx)
{
	struct udev_list_entry *entry;
	struct udev_enumerate *en;
	struct udev *udev;
	int ret = 0;

	udev = udev_new();
	if (!udev)
		return ur_error(-ENOMEM, "udev_new failed");
	en = udev_enumerate_new(udev);
	if (!en || udev_enumerate_add_match_subsystem(en, "uio") < 0 ||
	    udev_enumerate_add_match_sysattr(en, "name", UIO_RING_UIO_NAME) < 0 ||
	    udev_enumerate_scan_devices(en) < 0) {
		ret = ur_error(-EIO, "cannot enumerate UIO devices through libudev");
		goto out;
	}
	udev_list_entry_foreach(entry, udev_enumerate_get_list_entry(en)) {
		struct udev_device *dev, *parent;
		const char *sysname, *name;
		unsigned int num;

		dev = udev_device_new_from_syspath(udev, udev_list_entry_get_name(entry));
		if (!dev)
			continue;
		sysname = udev_device_get_sysname(dev);
		parent = udev_device_get_parent(dev);
		name = parent ? udev_device_get_sysattr_value(parent, "ring_name") : NULL;
		if (sysname && !strncmp(sysname, "uio", 3) &&
		    ur_parse_uint(sysname + 3, &num))
			ret = fn(ctx, num, name ? name : "");
		udev_device_unref(dev);
		if (ret)
			break;
	}
out:
	udev_enumerate_unref(en);
	udev_unref(udev);
	return ret;
}

struct ur_find_ctx {
	const char *name;
	unsigned int num;
};

static int ur_find_cb(void *data, unsigned int num, const char *ring_name)
{
	struct ur_find_ctx *ctx = data;

	if (strcmp(ctx->name, ring_name))
		return 0;
	ctx->num = num;
	return 1;
}

/* Turn an open spec into a uio number and the device node to open. */
static int ur_resolve(const char *spec, unsigned int *num, char *node, size_t len)
{
	struct ur_find_ctx ctx = { .name = spec };
	int ret;

	if (spec[0] == '/') {
		snprintf(node, len, "%s", spec);
		return ur_uio_of_path(spec, num);
	}
	if (ur_parse_uint(spec, num) ||
	    (!strncmp(spec, "uio", 3) && ur_parse_uint(spec + 3, num))) {
		snprintf(node, len, "/dev/uio%u", *num);
		return 0;
	}
	ret = ur_for_each_uio_ring(ur_find_cb, &ctx);
	if (ret < 0)
		return ret;
	if (ret == 0)
		return ur_error(-ENOENT, "no ring named '%s' (is the uio_ring module loaded?)",
				spec);
	*num = ctx.num;
	snprintf(node, len, "/dev/uio%u", ctx.num);
	return 0;
}

static int ur_open_node(const char *node, enum ur_role role)
{
	int fd = open(node, (role == UR_OBSERVER ? O_RDONLY : O_RDWR) | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	int err;

	if (fd >= 0)
		return fd;
	err = errno;
	if (err == EACCES || err == EPERM) {
		if (stat(node, &st) == 0)
			return ur_error(-EACCES, "%s: permission denied (mode %04o, uid %u, gid %u; "
					"%s needs read%s access)", node,
					st.st_mode & 07777, st.st_uid, st.st_gid,
					role == UR_OBSERVER ? "observing" :
					role == UR_CONSUMER ? "consuming" : "producing",
					role == UR_OBSERVER ? "" : " and write");
		return ur_error(-EACCES, "%s: permission denied", node);
	}
	if (err == ENOENT || err == ENXIO || err == ENODEV)
		return ur_error(-ENOENT, "%s: %s", node, strerror(err));
	return ur_error(-err, "%s: %s", node, strerror(err));
}

static int ur_uio_mmap(struct ur_mapping *m, int map, size_t len, int prot,
		       void **addr, const char *what)
{
	long page = sysconf(_SC_PAGESIZE);

	*addr = mmap(NULL, len, prot, MAP_SHARED, m->fd, map * page);
	if (*addr == MAP_FAILED)
		return ur_error(-errno, "%s: cannot map the %s: %s", m->info.device, what,
				strerror(errno));
	return 0;
}

int ur_uio_map(const char *spec, enum ur_role role, struct ur_mapping *m)
{
	int prot_rw = PROT_READ | PROT_WRITE;
	uint64_t size_ctrl, size_cons, size_data;
	char node[PATH_MAX], buf[128];
	const char *dev = m->info.device;
	bool kernel;
	unsigned int num;
	int ret;

	ret = ur_resolve(spec, &num, node, sizeof(node));
	if (ret)
		return ret;
	m->kind = UR_KIND_UIO;
	snprintf(m->info.device, sizeof(m->info.device), "uio%u", num);
	ret = ur_uio_attr(num, "name", buf, sizeof(buf));
	if (ret == -ENOENT)
		return ur_error(-ENOENT, "%s: no such UIO device", dev);
	if (ret)
		return ur_error(ret, "%s: cannot read its sysfs name: %s", dev, strerror(-ret));
	if (strcmp(buf, UIO_RING_UIO_NAME))
		return ur_error(-EMEDIUMTYPE, "%s is the UIO device '%s', not a uio-ring", dev, buf);
	ret = ur_uio_map_size(num, UIO_RING_MAP_CTRL, &size_ctrl);
	if (!ret)
		ret = ur_uio_map_size(num, UIO_RING_MAP_CONSUMER, &size_cons);
	if (!ret)
		ret = ur_uio_map_size(num, UIO_RING_MAP_DATA, &size_data);
	if (ret)
		return ret;
	if (size_ctrl > (1u << 20) || size_cons < sizeof(struct uio_ring_consumer) ||
	    size_cons > (1u << 20))
		return ur_error(-EBADMSG, "%s: sysfs map sizes %" PRIu64 " and %" PRIu64
				" are not a control and a consumer page", dev, size_ctrl, size_cons);

	m->fd = ur_open_node(node, role);
	if (m->fd < 0)
		return m->fd;
	m->doorbell_fd = m->fd;

	ret = ur_uio_mmap(m, UIO_RING_MAP_CTRL, size_ctrl, PROT_READ, &m->ctrl, "control area");
	if (ret)
		return ret;
	m->len_ctrl = size_ctrl;
	ret = ur_ring_check_ctrl(m->ctrl, size_ctrl, dev, &m->info);
	if (ret)
		return ret;
	if (size_data != 2 * m->info.data_size)
		return ur_error(-EBADMSG, "%s: sysfs says the data map is %" PRIu64
				" bytes, the control area says twice %" PRIu64, dev, size_data,
				m->info.data_size);
	if (ur_uio_attr(num, "device/ring_name", buf, sizeof(buf)) == 0 &&
	    strcmp(buf, m->info.name))
		return ur_error(-EBADMSG, "%s: sysfs names the ring '%s', its control area '%s'",
				dev, buf, m->info.name);
	kernel = m->info.flags & UIO_RING_F_KERNEL_PRODUCER;
	if (role == UR_PRODUCER && kernel)
		return ur_error(-EPERM, "%s: ring '%s' is written by the kernel; user-space "
				"producers need a ring made with user_rings=", dev, m->info.name);
	if (role == UR_PRODUCER) {
		/* The module maps the control area writable only for user rings. */
		munmap(m->ctrl, m->len_ctrl);
		ret = ur_uio_mmap(m, UIO_RING_MAP_CTRL, size_ctrl, prot_rw, &m->ctrl,
				  "control area");
		if (ret)
			return ret;
	}

	ret = ur_uio_mmap(m, UIO_RING_MAP_CONSUMER, size_cons,
			  role == UR_OBSERVER ? PROT_READ : prot_rw, &m->cons, "consumer page");
	if (ret)
		return ret;
	m->len_cons = size_cons;
	/* The module maps the data pages twice itself. */
	ret = ur_uio_mmap(m, UIO_RING_MAP_DATA, size_data,
			  role == UR_PRODUCER ? prot_rw : PROT_READ, &m->data, "data area");
	if (ret)
		return ret;
	m->len_data = size_data;
	return 0;
}

struct ur_list_ctx {
	struct uio_ring_info *list;
	size_t count, cap;
};

static int ur_list_cb(void *data, unsigned int num, const char *ring_name)
{
	struct ur_list_ctx *ctx = data;
	struct uio_ring_info *info;
	struct uio_ring *ring;
	char spec[32];
	uint64_t size;

	if (ctx->count == ctx->cap) {
		size_t cap = ctx->cap ? 2 * ctx->cap : 8;
		void *list = realloc(ctx->list, cap * sizeof(*ctx->list));

		if (!list)
			return ur_error(-ENOMEM, "out of memory");
		ctx->list = list;
		ctx->cap = cap;
	}
	info = &ctx->list[ctx->count++];
	memset(info, 0, sizeof(*info));
	snprintf(spec, sizeof(spec), "uio%u", num);
	if (uio_ring_open(spec, UIO_RING_OPEN_OBSERVE, &ring) == 0) {
		*info = ring->info;
		uio_ring_close(ring);
		return 0;
	}
	/* Not readable by us: what sysfs tells anyone. */
	snprintf(info->name, sizeof(info->name), "%s", ring_name);
	snprintf(info->device, sizeof(info->device), "uio%u", num);
	if (ur_uio_map_size(num, UIO_RING_MAP_DATA, &size) == 0)
		info->data_size = size / 2;
	return 0;
}

UR_EXPORT int uio_ring_list_sized(struct uio_ring_info **list, size_t *count, size_t size)
{
	struct ur_list_ctx ctx = { 0 };
	char *out;
	size_t i;
	int ret;

	if (!list || !count)
		return ur_error(-EINVAL, "uio_ring_list: NULL argument");
	ret = ur_info_size_check(size, "uio_ring_list_sized");
	if (ret)
		return ret;
	ret = ur_for_each_uio_ring(ur_list_cb, &ctx);
	if (ret < 0) {
		free(ctx.list);
		return ret;
	}
	/* The caller's entries may be larger or smaller than ours. */
	out = calloc(ctx.count ? ctx.count : 1, size);
	if (!out) {
		free(ctx.list);
		return ur_error(-ENOMEM, "out of memory");
	}
	for (i = 0; i < ctx.count; i++)
		ur_copy_sized(out + i * size, size, &ctx.list[i], sizeof(ctx.list[i]));
	free(ctx.list);
	ur_error_clear();
	*list = (struct uio_ring_info *)(void *)out;
	*count = ctx.count;
	return (int)(size < sizeof(*ctx.list) ? size : sizeof(*ctx.list));
}
