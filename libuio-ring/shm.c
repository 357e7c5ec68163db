// SPDX-License-Identifier: MIT
/*
 * Rings in a plain shared memory file (memfd, /dev/shm) with an eventfd as
 * the doorbell: the same layout as a module ring, for tests and for rings
 * between processes on machines without the module.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

int ur_shm_create(const char *name, uint64_t data_size, int *fdp)
{
	long page = sysconf(_SC_PAGESIZE);
	struct uio_ring_ctrl *ctrl;
	int fd, err;

	if (!name || strlen(name) >= UIO_RING_NAME_MAX || !fdp ||
	    data_size < UIO_RING_DATA_SIZE_MIN || data_size > UIO_RING_DATA_SIZE_MAX ||
	    (data_size & (data_size - 1)) || data_size % page)
		return ur_error(-EINVAL, "ur_shm_create: bad name or size");
	fd = memfd_create(name, MFD_CLOEXEC);
	if (fd < 0)
		return ur_error(-errno, "memfd_create: %s", strerror(errno));
	if (ftruncate(fd, UIO_RING_SHM_DATA_PAGE * page + (off_t)data_size) < 0)
		goto fail;
	ctrl = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (ctrl == MAP_FAILED)
		goto fail;
	ctrl->abi_major = UIO_RING_ABI_MAJOR;
	ctrl->abi_minor = UIO_RING_ABI_MINOR;
	ctrl->ctrl_size = sizeof(*ctrl);
	ctrl->data_size = data_size;
	ctrl->max_payload = (uint32_t)(data_size - sizeof(struct uio_ring_rec));
	ctrl->page_size = (uint32_t)page;
	snprintf(ctrl->name, sizeof(ctrl->name), "%s", name);
	/* The magic goes last: a ring is valid once it is there. */
	ur_store_release(&ctrl->magic, UIO_RING_MAGIC);
	munmap(ctrl, page);
	*fdp = fd;
	return 0;
fail:
	err = errno;
	close(fd);
	return ur_error(-err, "creating ring '%s': %s", name, strerror(err));
}

int ur_shm_attach(int fd, int doorbell_fd, unsigned int flags, struct uio_ring **ringp)
{
	long page = sysconf(_SC_PAGESIZE);
	struct uio_ring *ring;
	char path[64];
	struct stat st;
	uint64_t data_size;
	int ret;

	if (fd < 0 || doorbell_fd < 0 || !ringp || (flags & ~UIO_RING_OPEN_OBSERVE))
		return ur_error(-EINVAL, "ur_shm_attach: bad arguments");
	ret = ur_ring_new(&ring);
	if (ret)
		return ret;
	ring->kind = UR_KIND_SHM;
	ring->observe = flags & UIO_RING_OPEN_OBSERVE;
	/*
	 * A file description of our own, not a dup: the consumer lock belongs
	 * to the description, and a dup (or an fd inherited over fork) shares
	 * the lock of the one it came from.
	 */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ring->fd = open(path, (ring->observe ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	ring->doorbell_fd = fcntl(doorbell_fd, F_DUPFD_CLOEXEC, 0);
	if (ring->fd < 0 || ring->doorbell_fd < 0) {
		ret = ur_error(-errno, "reopening the ring's file: %s", strerror(errno));
		goto fail;
	}
	if (fstat(fd, &st) < 0 || st.st_size < UIO_RING_SHM_DATA_PAGE * page) {
		ret = ur_error(-EMEDIUMTYPE, "shared memory ring: file too small");
		goto fail;
	}
	ring->len_ctrl = page;
	ring->map_ctrl = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, 0);
	if (ring->map_ctrl == MAP_FAILED) {
		ret = ur_error(-errno, "mmap: %s", strerror(errno));
		goto fail;
	}
	ring->ctrl = ring->map_ctrl;
	ret = ur_ring_check_ctrl(ring->ctrl, page, "shared memory ring", &ring->info);
	if (ret)
		goto fail;
	data_size = ring->info.data_size;
	if ((uint64_t)st.st_size != UIO_RING_SHM_DATA_PAGE * page + data_size) {
		ret = ur_error(-EBADMSG, "shared memory ring: file is %lld bytes, not %llu",
			       (long long)st.st_size,
			       (unsigned long long)(UIO_RING_SHM_DATA_PAGE * page + data_size));
		goto fail;
	}
	ring->len_cons = page;
	ring->map_cons = mmap(NULL, page, ring->observe ? PROT_READ : PROT_READ | PROT_WRITE,
			      MAP_SHARED, fd, UIO_RING_SHM_CONSUMER_PAGE * page);
	if (ring->map_cons == MAP_FAILED) {
		ret = ur_error(-errno, "mmap: %s", strerror(errno));
		goto fail;
	}
	ring->cons = ring->map_cons;
	if (!ring->observe) {
		ret = ur_ring_lock_consumer(ring, "shared memory ring");
		if (ret)
			goto fail;
	}
	ring->len_data = 2 * data_size;
	ret = ur_map_data_twice(fd, UIO_RING_SHM_DATA_PAGE * page, data_size, PROT_READ,
				&ring->map_data);
	if (ret) {
		ret = ur_error(ret, "mapping the data area: %s", strerror(-ret));
		goto fail;
	}
	ring->data = ring->map_data;
	ur_ring_start(ring);
	*ringp = ring;
	return 0;
fail:
	uio_ring_close(ring);
	return ret;
}
