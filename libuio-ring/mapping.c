// SPDX-License-Identifier: MIT
/*
 * A ring's three areas (control page, consumer page, data area mapped
 * twice): opening any kind of ring for a handle (device.c and shm.c know
 * each kind), mapping the areas, unmapping them, and keeping the process
 * alive when a peer shrinks the file under them.
 *
 * A ring file (uio_ring_shm_create()) can be truncated by anyone who may
 * write it, and the next access to a page past its new end is a SIGBUS.
 * Where the file cannot be sealed against shrinking (F_SEAL_SHRINK: memfds
 * made by uio_ring_memfd_create() are), its mappings are guarded: a SIGBUS
 * inside one of them replaces all three with private pages and marks the
 * mapping lost, and the access that faulted then reads what those pages
 * hold, which every reader of a ring refuses (positions out of range). The call that finds them reports
 * -ENODEV for a lost mapping where it would have said -EBADMSG. A SIGBUS
 * anywhere else goes to the handler installed before ours. Wayland's
 * wl_shm does the same for client buffers.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"

/*
 * What the SIGBUS handler may look at: a list it walks without a lock.
 * Entries are never freed, only taken and given back (busy), and every
 * field the handler reads is an atomic of its own.
 */
struct ur_guard {
	struct ur_guard *next;
	int busy;
	int lost;
	uintptr_t addr[UR_AREAS];
	size_t len[UR_AREAS];
	int prot[UR_AREAS];
};

static struct ur_guard *ur_guards;
static struct sigaction ur_old_sigbus;
static pthread_once_t ur_sigbus_once = PTHREAD_ONCE_INIT;
static int ur_sigbus_err;

/*
 * What readers of a lost area find: a producer position that is not 8-byte
 * aligned, and a consumer position that no producer position is within a
 * ring's size of.
 */
#define UR_LOST_PRODUCER_POS 1
#define UR_LOST_CONSUMER_POS ((1ull << 63) + 1)

/* Private pages over one guarded area, laid out so that readers refuse them. */
static bool ur_guard_replace(struct ur_guard *g, int area)
{
	uintptr_t addr = __atomic_load_n(&g->addr[area], __ATOMIC_RELAXED);
	size_t len = __atomic_load_n(&g->len[area], __ATOMIC_RELAXED);
	int prot = __atomic_load_n(&g->prot[area], __ATOMIC_RELAXED);
	void *p;

	if (!addr)
		return true;
	p = mmap((void *)addr, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (p == MAP_FAILED)
		return false;
	if (area == UR_AREA_CTRL)
		((struct uio_ring_ctrl *)p)->producer_pos = UR_LOST_PRODUCER_POS;
	else if (area == UR_AREA_CONS)
		((struct uio_ring_consumer *)p)->consumer_pos = UR_LOST_CONSUMER_POS;
	return prot == (PROT_READ | PROT_WRITE) || mprotect(p, len, prot) == 0;
}

static void ur_sigbus_chain(int sig, siginfo_t *si, void *uc)
{
	if (ur_old_sigbus.sa_flags & SA_SIGINFO) {
		ur_old_sigbus.sa_sigaction(sig, si, uc);
		return;
	}
	if (ur_old_sigbus.sa_handler != SIG_DFL && ur_old_sigbus.sa_handler != SIG_IGN) {
		ur_old_sigbus.sa_handler(sig);
		return;
	}
	/*
	 * What the signal would have done without us. A fault comes back when
	 * the access runs again; a SIGBUS sent with kill() is sent once more.
	 */
	signal(SIGBUS, SIG_DFL);
	if (si->si_code <= 0)
		raise(SIGBUS);
}

static void ur_sigbus(int sig, siginfo_t *si, void *uc)
{
	uintptr_t a = (uintptr_t)si->si_addr;
	struct ur_guard *g;
	int i, j;

	if (si->si_code == BUS_ADRERR) {
		for (g = __atomic_load_n(&ur_guards, __ATOMIC_ACQUIRE); g; g = g->next) {
			if (!__atomic_load_n(&g->busy, __ATOMIC_ACQUIRE))
				continue;
			for (i = 0; i < UR_AREAS; i++) {
				uintptr_t addr = __atomic_load_n(&g->addr[i], __ATOMIC_RELAXED);

				if (!addr || a - addr >= __atomic_load_n(&g->len[i], __ATOMIC_RELAXED))
					continue;
				__atomic_store_n(&g->lost, 1, __ATOMIC_RELAXED);
				for (j = 0; j < UR_AREAS; j++)
					if (!ur_guard_replace(g, j))
						goto chain;
				return;
			}
		}
	}
chain:
	ur_sigbus_chain(sig, si, uc);
}

static void ur_sigbus_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = ur_sigbus;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &ur_old_sigbus) < 0)
		ur_sigbus_err = errno;
}

/* A guard for m, if its file can shrink under it: before m maps anything. */
int ur_mapping_guard(struct ur_mapping *m)
{
	struct ur_guard *g;
	int seals = fcntl(m->fd, F_GET_SEALS);

	if (seals >= 0 && (seals & F_SEAL_SHRINK))
		return 0;
	pthread_once(&ur_sigbus_once, ur_sigbus_install);
	if (ur_sigbus_err)
		return ur_error(-ur_sigbus_err, "installing the SIGBUS handler: %s",
				strerror(ur_sigbus_err));
	for (g = __atomic_load_n(&ur_guards, __ATOMIC_ACQUIRE); g; g = g->next) {
		int idle = 0;

		if (__atomic_compare_exchange_n(&g->busy, &idle, 1, false, __ATOMIC_ACQ_REL,
						__ATOMIC_RELAXED))
			break;
	}
	if (!g) {
		g = calloc(1, sizeof(*g));
		if (!g)
			return ur_error(-ENOMEM, "out of memory");
		g->busy = 1;
		g->next = __atomic_load_n(&ur_guards, __ATOMIC_RELAXED);
		while (!__atomic_compare_exchange_n(&ur_guards, &g->next, g, false,
						    __ATOMIC_RELEASE, __ATOMIC_RELAXED))
			;
	}
	__atomic_store_n(&g->lost, 0, __ATOMIC_RELAXED);
	m->guard = g;
	return 0;
}

static void ur_guard_cover(struct ur_mapping *m, int area, void *addr, size_t len, int prot)
{
	struct ur_guard *g = m->guard;

	if (!g)
		return;
	__atomic_store_n(&g->len[area], len, __ATOMIC_RELAXED);
	__atomic_store_n(&g->prot[area], prot, __ATOMIC_RELAXED);
	__atomic_store_n(&g->addr[area], (uintptr_t)addr, __ATOMIC_RELEASE);
}

static void ur_guard_give_back(struct ur_mapping *m)
{
	struct ur_guard *g = m->guard;
	int i;

	if (!g)
		return;
	for (i = 0; i < UR_AREAS; i++)
		__atomic_store_n(&g->addr[i], 0, __ATOMIC_RELAXED);
	__atomic_store_n(&g->busy, 0, __ATOMIC_RELEASE);
	m->guard = NULL;
}

bool ur_mapping_lost(const struct ur_mapping *m)
{
	return m->guard && __atomic_load_n(&m->guard->lost, __ATOMIC_RELAXED);
}

int ur_mapping_lost_error(const struct ur_mapping *m)
{
	return ur_error(-ENODEV, "%s: the ring file was truncated under its mapping",
			m->info.name[0] ? m->info.name : "ring");
}

void ur_mapping_init(struct ur_mapping *m)
{
	memset(m, 0, sizeof(*m));
	m->fd = m->doorbell_fd = -1;
	m->ctrl = m->cons = m->data = MAP_FAILED;
}

/*
 * Every handle's way in: the ring spec names, a ring file by its path or a
 * module ring (device.c says how it is found), mapped for role. On failure
 * nothing is left open.
 */
int ur_mapping_open(const char *spec, enum ur_role role, struct ur_mapping *m)
{
	int ret;

	ur_error_clear();
	ur_mapping_init(m);
	ret = ur_is_shm_path(spec) ? ur_shm_map_path(spec, role, m) : ur_uio_map(spec, role, m);
	if (ret)
		ur_mapping_close(m);
	return ret;
}

/* The same for a ring file and its doorbell passed as descriptors. */
int ur_mapping_open_fd(int fd, int doorbell_fd, enum ur_role role, struct ur_mapping *m)
{
	int ret;

	ur_error_clear();
	ur_mapping_init(m);
	ret = ur_shm_map_fd(fd, doorbell_fd, role, m);
	if (ret)
		ur_mapping_close(m);
	return ret;
}

int ur_map_area(struct ur_mapping *m, int area, size_t len, int prot, off_t offset,
		void **addr)
{
	void *p = mmap(NULL, len, prot, MAP_SHARED, m->fd, offset);

	if (p == MAP_FAILED)
		return -errno;
	ur_guard_cover(m, area, p, len, prot);
	*addr = p;
	return 0;
}

/*
 * Reserve 2 * data_size of address space and map the data area into both
 * halves, so a record that runs past the end continues in the second copy.
 */
int ur_map_data_twice(struct ur_mapping *m, off_t offset, uint64_t data_size, int prot)
{
	uint8_t *base, *a, *b;

	base = mmap(NULL, 2 * data_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return -errno;
	a = mmap(base, data_size, prot, MAP_SHARED | MAP_FIXED, m->fd, offset);
	b = a == MAP_FAILED ? a :
	    mmap(base + data_size, data_size, prot, MAP_SHARED | MAP_FIXED, m->fd, offset);
	if (a == MAP_FAILED || b == MAP_FAILED) {
		int err = -errno;

		munmap(base, 2 * data_size);
		return err;
	}
	ur_guard_cover(m, UR_AREA_DATA, base, 2 * data_size, prot);
	m->data = base;
	m->len_data = 2 * data_size;
	return 0;
}

void ur_mapping_close(struct ur_mapping *m)
{
	/* Not ours to replace any more once unmapped: first out of the guard. */
	ur_guard_give_back(m);
	if (m->data != MAP_FAILED)
		munmap(m->data, m->len_data);
	if (m->cons != MAP_FAILED)
		munmap(m->cons, m->len_cons);
	if (m->ctrl != MAP_FAILED)
		munmap(m->ctrl, m->len_ctrl);
	if (m->doorbell_fd >= 0 && m->doorbell_fd != m->fd)
		close(m->doorbell_fd);
	if (m->fd >= 0)
		close(m->fd);	/* also drops a consumer lock */
	ur_mapping_init(m);
}
