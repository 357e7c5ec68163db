// SPDX-License-Identifier: MIT
/*
 * A peer that truncates a ring file under its mappings (libuio-ring/
 * mapping.c): every side gets -ENODEV, none dies of SIGBUS.
 *   - consumer, observer, locked producer and single producer of one ring
 *     file, the file truncated by a third descriptor: peek, wait, reserve
 *     all fail with -ENODEV, the single producer within one ring's worth of
 *     records; close is clean, and the file is refused when opened again;
 *   - a consumer asleep in uio_ring_wait() while another process truncates
 *     the file and rings the doorbell;
 *   - a SIGBUS outside any ring still reaches the handler installed before
 *     the library's, and with no handler still kills the process, for a
 *     fault and for kill(SIGBUS) alike;
 *   - a memfd ring of uio_ring_memfd_create() is sealed: it cannot shrink.
 */
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "test.h"

#define DS (64 * 1024u)

static char dir[] = "/tmp/truncate.XXXXXX";
static char path[PATH_MAX], other[PATH_MAX];

static void cleanup(void)
{
	uio_ring_shm_unlink(path);
	unlink(other);
	rmdir(dir);
}

static void produce(struct uio_ring_producer *p, unsigned int n)
{
	void *payload;

	while (n--) {
		T_OK(uio_ring_reserve(p, 32, UIO_RING_TYPE_TEST, 0, &payload));
		T_OK(uio_ring_commit(p, payload));
	}
}

static void shrink(const char *file)
{
	int fd = open(file, O_RDWR);

	T_ASSERT(fd >= 0, "%s: %s", file, strerror(errno));
	T_ASSERT(ftruncate(fd, 0) == 0, "%s", strerror(errno));
	close(fd);
}

/* A page of a file of its own, mapped, then the file truncated under it. */
static volatile char *doomed_page(void)
{
	long page = sysconf(_SC_PAGESIZE);
	int fd = open(other, O_RDWR | O_CREAT | O_TRUNC, 0600);
	void *m;

	T_ASSERT(fd >= 0 && ftruncate(fd, page) == 0, "%s", strerror(errno));
	m = mmap(NULL, (size_t)page, PROT_READ, MAP_SHARED, fd, 0);
	T_ASSERT(m != MAP_FAILED, "%s", strerror(errno));
	T_ASSERT(ftruncate(fd, 0) == 0, "%s", strerror(errno));
	close(fd);
	return m;
}

static sigjmp_buf app_jump;
static volatile sig_atomic_t app_armed, app_caught;

/* An application's handler: a fault it expects, or the default action. */
static void app_sigbus(int sig)
{
	(void)sig;
	if (!app_armed) {
		signal(SIGBUS, SIG_DFL);
		return;
	}
	app_armed = 0;
	app_caught++;
	siglongjmp(app_jump, 1);
}

static void case_all_sides(void)
{
	struct uio_ring_producer *locked, *single;
	struct uio_ring_record rec;
	struct uio_ring *r, *obs;
	struct uio_ring_stats st;
	unsigned int i;
	void *payload;
	int ret = 0;

	t_case = "all sides";
	T_OK(uio_ring_shm_create(path, "trunc", DS, 0600));
	T_OK(uio_ring_open(path, 0, &r));
	T_OK(uio_ring_open(path, UIO_RING_OPEN_OBSERVE, &obs));
	T_OK(uio_ring_producer_open(path, 0, &locked));
	T_OK(uio_ring_producer_open(path, UIO_RING_PRODUCER_SINGLE, &single));
	produce(locked, 10);
	T_EQ(uio_ring_peek(r, &rec, 1), 1);
	T_OK(uio_ring_release(r, 1));

	shrink(path);
	T_EQ(uio_ring_peek(r, &rec, 1), -ENODEV);
	T_ASSERT(strstr(uio_ring_errmsg(), "truncated"), "%s", uio_ring_errmsg());
	T_EQ(uio_ring_wait(r, 0), -ENODEV);
	T_EQ(uio_ring_peek(r, &rec, 1), -ENODEV);
	T_EQ(uio_ring_reserve(locked, 32, UIO_RING_TYPE_TEST, 0, &payload), -ENODEV);
	/* The single producer trusts its own position; the consumer's tells it. */
	for (i = 0; i <= DS / UIO_RING_REC_SIZE(32); i++) {
		ret = uio_ring_reserve(single, 32, UIO_RING_TYPE_TEST, 0, &payload);
		if (ret < 0)
			break;
		T_OK(uio_ring_commit(single, payload));
	}
	T_EQ(ret, -ENODEV);
	/* Counters are read, not trusted: no fault, whatever they say. */
	T_OK(uio_ring_get_stats(obs, &st));
	uio_ring_producer_close(single);
	uio_ring_producer_close(locked);
	uio_ring_close(obs);
	uio_ring_close(r);
	T_EQ(uio_ring_open(path, 0, &r), -EMEDIUMTYPE);
	T_OK(uio_ring_shm_unlink(path));
}

static void case_asleep(void)
{
	char bell[PATH_MAX + 16];
	struct uio_ring_record rec;
	struct uio_ring *r;
	int status, ret;
	pid_t pid;

	t_case = "asleep";
	T_OK(uio_ring_shm_create(path, "trunc", DS, 0600));
	T_OK(uio_ring_open(path, 0, &r));
	pid = fork();
	T_ASSERT(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		int fd;

		usleep(200 * 1000);
		shrink(path);
		snprintf(bell, sizeof(bell), "%s.doorbell", path);
		fd = open(bell, O_WRONLY | O_NONBLOCK);
		_exit(fd >= 0 && write(fd, "x", 1) == 1 ? 0 : 1);
	}
	ret = uio_ring_wait(r, 5000);
	T_ASSERT(ret == 1 || ret == -ENODEV, "wait: %d (%s)", ret, uio_ring_errmsg());
	T_EQ(uio_ring_peek(r, &rec, 1), -ENODEV);
	T_EQ(uio_ring_wait(r, 0), -ENODEV);
	T_ASSERT(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		 WEXITSTATUS(status) == 0, "child status 0x%x", status);
	uio_ring_close(r);
	T_OK(uio_ring_shm_unlink(path));
}

/* In a child with no SIGBUS handler of its own: the default action. */
static void case_default_kills(bool by_kill)
{
	struct uio_ring *r;
	int status;
	pid_t pid;

	t_case = by_kill ? "kill(SIGBUS) kills" : "a fault outside rings kills";
	pid = fork();
	T_ASSERT(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		volatile char *m;

		signal(SIGBUS, SIG_DFL);
		T_OK(uio_ring_shm_create(path, "trunc", DS, 0600));
		T_OK(uio_ring_open(path, 0, &r));
		if (by_kill) {
			kill(getpid(), SIGBUS);
		} else {
			m = doomed_page();
			(void)m[0];
		}
		_exit(3);
	}
	T_ASSERT(waitpid(pid, &status, 0) == pid, "%s", strerror(errno));
	T_ASSERT(WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS, "child status 0x%x", status);
	uio_ring_shm_unlink(path);
}

/* The handler the application had before the library's still gets its faults. */
static void case_chained(void)
{
	struct sigaction sa, old;
	volatile char *m;
	struct uio_ring *r;

	t_case = "chained";
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = app_sigbus;
	sigemptyset(&sa.sa_mask);
	T_ASSERT(sigaction(SIGBUS, &sa, &old) == 0, "%s", strerror(errno));
	T_OK(uio_ring_shm_create(path, "trunc", DS, 0600));
	T_OK(uio_ring_open(path, 0, &r));
	m = doomed_page();
	app_armed = 1;
	if (sigsetjmp(app_jump, 1) == 0)
		(void)m[0];
	T_EQ(app_caught, 1);
	uio_ring_close(r);
	T_OK(uio_ring_shm_unlink(path));
}

static void case_memfd_sealed(void)
{
	int fd, efd;

	t_case = "memfd sealed";
	T_OK(uio_ring_memfd_create("trunc", DS, &fd, &efd));
	T_ASSERT(ftruncate(fd, 0) < 0 && errno == EPERM, "ftruncate: %s", strerror(errno));
	close(fd);
	close(efd);
}

int main(void)
{
	t_watchdog(60);
	T_ASSERT(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
	snprintf(path, sizeof(path), "%s/ring", dir);
	snprintf(other, sizeof(other), "%s/other", dir);
	atexit(cleanup);
	/* Before anything installs the library's handler in this process. */
	case_default_kills(false);
	case_default_kills(true);
	case_chained();
	case_all_sides();
	case_asleep();
	case_memfd_sealed();
	printf("PASS truncate\n");
	return T_PASS;
}
