// SPDX-License-Identifier: MIT
/*
 * Rings in a plain shared memory file, for machines without the module and
 * for rings between processes: the same three areas as a module ring, laid
 * out one after the other in the file (control page, consumer page, data),
 * with a doorbell file descriptor instead of the UIO event count: a FIFO
 * beside a ring file, or an eventfd beside a memfd.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

static int ur_shm_check_args(const char *name, uint64_t data_size)
{
	long page = sysconf(_SC_PAGESIZE);

	if (!name || !*name || strlen(name) >= UIO_RING_NAME_MAX)
		return ur_error(-EINVAL, "ring name must be 1 to %d bytes", UIO_RING_NAME_MAX - 1);
	if (data_size < UIO_RING_DATA_SIZE_MIN || data_size > UIO_RING_DATA_SIZE_MAX ||
	    (data_size & (data_size - 1)) || data_size % (uint64_t)page)
		return ur_error(-EINVAL, "data size %llu is not a power of two from %llu to %llu",
				(unsigned long long)data_size, UIO_RING_DATA_SIZE_MIN,
				UIO_RING_DATA_SIZE_MAX);
	return 0;
}

/* Size the file and write its control area; the magic goes last. */
static int ur_shm_init(int fd, const char *name, uint64_t data_size)
{
	long page = sysconf(_SC_PAGESIZE);
	struct uio_ring_ctrl *ctrl;

	if (ftruncate(fd, UIO_RING_SHM_DATA_PAGE * page + (off_t)data_size) < 0)
		return ur_error(-errno, "sizing ring '%s': %s", name, strerror(errno));
	ctrl = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (ctrl == MAP_FAILED)
		return ur_error(-errno, "mapping ring '%s': %s", name, strerror(errno));
	ctrl->abi_major = UIO_RING_ABI_MAJOR;
	ctrl->abi_minor = UIO_RING_ABI_MINOR;
	ctrl->ctrl_size = sizeof(*ctrl);
	ctrl->data_size = data_size;
	ctrl->max_payload = (uint32_t)(data_size - sizeof(struct uio_ring_rec));
	ctrl->page_size = (uint32_t)page;
	snprintf(ctrl->name, sizeof(ctrl->name), "%s", name);
	/* Pairs with the load-acquire of magic in ur_ring_check_ctrl(). */
	ur_store_release(&ctrl->magic, UIO_RING_MAGIC);
	munmap(ctrl, page);
	return 0;
}

int ur_shm_create(const char *name, uint64_t data_size, int *fdp)
{
	int fd, ret;

	ret = ur_shm_check_args(name, data_size);
	if (ret)
		return ret;
	if (!fdp)
		return ur_error(-EINVAL, "ring_fd: NULL");
	fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return ur_error(-errno, "memfd_create: %s", strerror(errno));
	ret = ur_shm_init(fd, name, data_size);
	if (ret) {
		close(fd);
		return ret;
	}
	*fdp = fd;
	return 0;
}

UR_EXPORT int uio_ring_memfd_create(const char *name, uint64_t data_size, int *ring_fd,
				    int *doorbell_fd)
{
	int fd, efd, ret;

	if (!ring_fd || !doorbell_fd)
		return ur_error(-EINVAL, "uio_ring_memfd_create: NULL argument");
	ret = ur_shm_create(name, data_size, &fd);
	if (ret)
		return ret;
	/*
	 * Whoever holds the fd could otherwise shrink the file under every
	 * mapping of it, and the next access there is a SIGBUS. (Growing it
	 * harms no mapping; new attachers refuse the file size.) The tests'
	 * ur_shm_create() rings stay unsealed, to be tampered with.
	 */
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_SEAL) < 0) {
		ret = ur_error(-errno, "sealing ring '%s': %s", name, strerror(errno));
		close(fd);
		return ret;
	}
	efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (efd < 0) {
		ret = ur_error(-errno, "eventfd: %s", strerror(errno));
		close(fd);
		return ret;
	}
	*ring_fd = fd;
	*doorbell_fd = efd;
	return 0;
}

static int ur_doorbell_path(const char *path, char *buf, size_t len)
{
	if ((size_t)snprintf(buf, len, "%s%s", path, UIO_RING_SHM_DOORBELL) >= len)
		return ur_error(-ENAMETOOLONG, "%s: path too long", path);
	return 0;
}

UR_EXPORT int uio_ring_shm_create(const char *path, const char *name, uint64_t data_size,
				  unsigned int mode)
{
	char bell[PATH_MAX];
	int fd, ret;

	if (!path || !*path)
		return ur_error(-EINVAL, "uio_ring_shm_create: no path");
	ret = ur_shm_check_args(name, data_size);
	if (!ret)
		ret = ur_doorbell_path(path, bell, sizeof(bell));
	if (ret)
		return ret;
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode & 07777);
	if (fd < 0)
		return ur_error(-errno, "%s: %s", path, strerror(errno));
	ret = ur_shm_init(fd, name, data_size);
	close(fd);
	if (!ret && mkfifo(bell, mode & 07777) < 0)
		ret = ur_error(-errno, "%s: %s", bell, strerror(errno));
	if (ret) {
		unlink(path);
		return ret;
	}
	return 0;
}

UR_EXPORT int uio_ring_shm_unlink(const char *path)
{
	char bell[PATH_MAX];
	int ret;

	if (!path || !*path)
		return ur_error(-EINVAL, "uio_ring_shm_unlink: no path");
	ret = ur_doorbell_path(path, bell, sizeof(bell));
	if (ret)
		return ret;
	if (unlink(path) < 0)
		return ur_error(-errno, "%s: %s", path, strerror(errno));
	if (unlink(bell) < 0 && errno != ENOENT)
		return ur_error(-errno, "%s: %s", bell, strerror(errno));
	return 0;
}

bool ur_is_shm_path(const char *spec)
{
	struct stat st;

	return strchr(spec, '/') && stat(spec, &st) == 0 && S_ISREG(st.st_mode);
}

/* Map the ring whose file and doorbell m already holds. */
static int ur_shm_map(struct ur_mapping *m, enum ur_role role, const char *what)
{
	int prot_rw = PROT_READ | PROT_WRITE;
	long page = sysconf(_SC_PAGESIZE);
	struct stat st;
	uint64_t data_size;
	int ret;

	m->kind = UR_KIND_SHM;
	if (fstat(m->fd, &st) < 0)
		return ur_error(-errno, "%s: %s", what, strerror(errno));
	if (!S_ISREG(st.st_mode) || st.st_size < UIO_RING_SHM_DATA_PAGE * page)
		return ur_error(-EMEDIUMTYPE, "%s: file too small for a ring", what);
	/* The file may shrink before the first access below already. */
	ret = ur_mapping_guard(m);
	if (ret)
		return ret;
	m->len_ctrl = (size_t)page;
	ret = ur_map_area(m, UR_AREA_CTRL, m->len_ctrl, role == UR_PRODUCER ? prot_rw : PROT_READ,
			  0, &m->ctrl);
	if (ret)
		return ur_error(ret, "%s: mmap: %s", what, strerror(-ret));
	ret = ur_ring_check_ctrl(m->ctrl, m->len_ctrl, what, &m->info);
	if (ret)
		return ret;
	data_size = m->info.data_size;
	if ((uint64_t)st.st_size != UIO_RING_SHM_DATA_PAGE * page + data_size)
		return ur_error(-EBADMSG, "%s: file is %lld bytes, the ring needs %llu",
				what, (long long)st.st_size,
				(unsigned long long)(UIO_RING_SHM_DATA_PAGE * page + data_size));
	m->len_cons = (size_t)page;
	ret = ur_map_area(m, UR_AREA_CONS, m->len_cons, role == UR_OBSERVER ? PROT_READ : prot_rw,
			  UIO_RING_SHM_CONSUMER_PAGE * page, &m->cons);
	if (ret)
		return ur_error(ret, "%s: mmap: %s", what, strerror(-ret));
	ret = ur_map_data_twice(m, UIO_RING_SHM_DATA_PAGE * page, data_size,
				role == UR_PRODUCER ? prot_rw : PROT_READ);
	if (ret)
		return ur_error(ret, "%s: mapping the data area: %s", what, strerror(-ret));
	return 0;
}

int ur_shm_map_fd(int fd, int doorbell_fd, enum ur_role role, struct ur_mapping *m)
{
	char path[64];
	int ret;

	if (fd < 0 || doorbell_fd < 0)
		return ur_error(-EINVAL, "shared memory ring: bad file descriptor");
	/*
	 * A file description of our own, not a dup: the consumer lock belongs
	 * to the description, and a dup (or an fd inherited over fork) shares
	 * the lock of the one it came from.
	 */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	m->fd = open(path, (role == UR_OBSERVER ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (m->fd < 0)
		return ur_error(-errno, "reopening the ring's file: %s", strerror(errno));
	m->doorbell_fd = fcntl(doorbell_fd, F_DUPFD_CLOEXEC, 0);
	if (m->doorbell_fd < 0)
		return ur_error(-errno, "duplicating the doorbell: %s", strerror(errno));
	ret = ur_shm_map(m, role, "shared memory ring");
	if (!ret)
		ret = ur_doorbell_check(m->doorbell_fd, true, -EINVAL, "shared memory ring");
	return ret;
}

int ur_shm_map_path(const char *path, enum ur_role role, struct ur_mapping *m)
{
	char bell[PATH_MAX];
	struct stat st;
	int ret;

	ret = ur_doorbell_path(path, bell, sizeof(bell));
	if (ret)
		return ret;
	/* Not even opened if it is not a FIFO: opening a device can act. */
	if (stat(bell, &st) == 0 && !S_ISFIFO(st.st_mode))
		return ur_error(-EMEDIUMTYPE, "%s: not a FIFO", bell);
	m->fd = open(path, (role == UR_OBSERVER ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (m->fd < 0)
		return ur_error(errno == EACCES || errno == EPERM ? -EACCES : -errno,
				"%s: %s", path, strerror(errno));
	/*
	 * Read-write on a FIFO never blocks and never hangs up: the consumer
	 * sees no POLLHUP when no producer has it open, and a producer gets no
	 * SIGPIPE when no consumer has. An observer never waits nor rings: it
	 * needs only read permission, as on the ring file.
	 */
	m->doorbell_fd = open(bell, (role == UR_OBSERVER ? O_RDONLY : O_RDWR) |
			      O_NONBLOCK | O_CLOEXEC);
	if (m->doorbell_fd < 0)
		return ur_error(errno == ENOENT ? -EMEDIUMTYPE : -errno,
				"%s: no doorbell: %s", bell, strerror(errno));
	/* What was opened, which a peer could have swapped since stat(). */
	ret = ur_doorbell_check(m->doorbell_fd, false, -EMEDIUMTYPE, bell);
	if (ret)
		return ret;
	return ur_shm_map(m, role, path);
}
