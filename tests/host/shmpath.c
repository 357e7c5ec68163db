// SPDX-License-Identifier: MIT
/*
 * Shared memory rings through the public API only, end to end:
 *   - a ring file made by path in a temporary directory, its consumer in
 *     this process (uio_ring_open(path)) and its producer in another
 *     program (this one, exec'd: uio_ring_producer_open(path)), the FIFO
 *     doorbell between them; the producer writes in bursts so that the
 *     consumer sleeps in uio_ring_wait(); every byte and seq checked, and
 *     far fewer doorbells than records;
 *   - a memfd ring handed to a child over fork(), with uio_ring_open_fd()
 *     and uio_ring_producer_open_fd(); its seals; the fork rule (a child
 *     does not produce through its parent's handle);
 *   - file modes, the one-consumer rule by path, observers with read
 *     permission only;
 *   - uio_ring_shm_create(), uio_ring_shm_unlink() and the open functions
 *     on bad arguments and files that are not rings.
 */
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "test.h"

#define DS (64 * 1024u)
#define TYPE_END 0x7e02
#define BURST 500u

/* Payload length of the record with this seq: 0 to 1500 bytes, varied. */
static uint32_t rec_len(uint64_t seq)
{
	uint32_t h = (uint32_t)(seq * 2654435761u);

	return seq % 997 == 5 ? 1500 : (h >> 7) % 200;
}

static char tmpdir[PATH_MAX];
static pid_t tmpdir_owner;

/* At exit of the process that made it, not of a child that failed. */
static void cleanup(void)
{
	char cmd[PATH_MAX + 16];

	if (tmpdir[0] && getpid() == tmpdir_owner) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "warning: could not remove %s\n", tmpdir);
	}
}

static void make_tmpdir(void)
{
	const char *base = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/shmpath.XXXXXX", base && *base ? base : "/tmp");
	T_ASSERT(mkdtemp(tmpdir), "mkdtemp %s: %s", tmpdir, strerror(errno));
	tmpdir_owner = getpid();
	atexit(cleanup);
}

static void path_in_tmp(char *buf, size_t len, const char *name)
{
	T_ASSERT((size_t)snprintf(buf, len, "%s/%s", tmpdir, name) < len, "path too long");
}

static void wait_child(pid_t pid, const char *what)
{
	int status;

	T_EQ(waitpid(pid, &status, 0), pid);
	T_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: status 0x%x", what, status);
}

/*
 * The producer program (argv: produce PATH COUNT): writes COUNT pattern
 * records in bursts of BURST with a pause between, so that the consumer
 * catches up and sleeps, then an END record with the count. It never
 * drops: UIO_RING_PRODUCER_NO_DROP and a retry.
 */
static int produce_main(const char *path, uint64_t count)
{
	struct uio_ring_producer *p;
	struct uio_ring_info info;
	uint64_t i, waits = 0;
	void *payload;
	int ret;

	t_case = "exec'd producer";
	t_watchdog(200);
	T_OK(uio_ring_producer_open(path, UIO_RING_PRODUCER_NO_DROP, &p));
	T_OK(uio_ring_producer_get_info(p, &info));
	T_ASSERT(!strcmp(info.name, "pathring") && info.device[0] == '\0' &&
		 info.data_size == DS && info.max_payload == DS - 16 && info.flags == 0,
		 "producer info: '%s' '%s' %" PRIu64 " %u 0x%x", info.name, info.device,
		 info.data_size, info.max_payload, info.flags);
	for (i = 0; i <= count; i++) {
		bool end = i == count;
		uint32_t len = end ? 8 : rec_len(i);

		while ((ret = uio_ring_reserve(p, len, end ? TYPE_END : UIO_RING_TYPE_TEST,
					       (uint16_t)i, &payload)) == -EAGAIN) {
			waits++;
			usleep(100);
		}
		T_OK(ret);
		T_UEQ(t_hdr(payload)->seq, i);	/* the only producer, nothing dropped */
		if (end)
			memcpy(payload, &count, sizeof(count));
		else
			t_fill(payload, len, i);
		T_OK(uio_ring_commit(p, payload));
		if (i % BURST == BURST - 1)
			usleep(2000);	/* the consumer empties the ring and sleeps */
	}
	uio_ring_producer_close(p);
	printf("producer: %" PRIu64 " records, %" PRIu64 " waits for room\n", count, waits);
	return T_PASS;
}

/* Consume until the END record; check every record. Returns the count. */
static uint64_t consume_all(struct uio_ring *r, pid_t producer)
{
	struct uio_ring_record recs[64];
	uint64_t next = 0;
	unsigned int idle = 0;

	for (;;) {
		int n = uio_ring_peek(r, recs, 64), i;

		T_CMP(n, >=, 0);
		if (n == 0) {
			int w = uio_ring_wait(r, 1000);

			T_CMP(w, >=, 0);
			if (w == 0) {
				int status;

				T_ASSERT(waitpid(producer, &status, WNOHANG) == 0,
					 "producer exited (status 0x%x) before its END record", status);
				T_ASSERT(++idle < 30, "no record for 30 s");
			}
			/*
			 * A consumer with work of its own between wakeups: the
			 * producer goes on meanwhile, without ringing. (One that
			 * only waits may wake for every record on a busy machine.)
			 */
			if (w == 1)
				usleep(1000);
			continue;
		}
		idle = 0;
		for (i = 0; i < n; i++) {
			if (recs[i].type == TYPE_END) {
				uint64_t count;

				T_UEQ(recs[i].seq, next);
				T_UEQ(recs[i].len, 8);
				memcpy(&count, recs[i].data, sizeof(count));
				T_UEQ(count, next);
				T_OK(uio_ring_release(r, (unsigned int)i + 1));
				return next;
			}
			T_EQ(recs[i].type, UIO_RING_TYPE_TEST);
			T_EQ(recs[i].flags, (uint16_t)next);
			t_check_rec(r, &recs[i], next, rec_len(next));
			next++;
		}
		T_OK(uio_ring_release(r, (unsigned int)n));
	}
}

static void test_path_processes(const char *self)
{
	char path[PATH_MAX], bell[PATH_MAX + 16], count_arg[32];
	const char *env = getenv("UR_TEST_RECORDS");
	uint64_t count = env ? strtoull(env, NULL, 0) : 200000, got;
	struct uio_ring_stats st;
	struct uio_ring_info info;
	struct uio_ring *r, *r2, *obs;
	struct stat sb;
	pid_t pid;

	t_case = "path: two processes";
	path_in_tmp(path, sizeof(path), "ring");
	snprintf(bell, sizeof(bell), "%s%s", path, UIO_RING_SHM_DOORBELL);
	umask(022);
	T_OK(uio_ring_shm_create(path, "pathring", DS, 0666));
	T_EQ(stat(path, &sb), 0);
	T_ASSERT(S_ISREG(sb.st_mode) && (sb.st_mode & 07777) == 0644,
		 "ring file mode 0%o", sb.st_mode);
	T_EQ((long long)sb.st_size, 2 * sysconf(_SC_PAGESIZE) + DS);
	T_EQ(stat(bell, &sb), 0);
	T_ASSERT(S_ISFIFO(sb.st_mode) && (sb.st_mode & 07777) == 0644,
		 "doorbell mode 0%o", sb.st_mode);

	T_OK(uio_ring_open(path, 0, &r));
	T_OK(uio_ring_get_info(r, &info));
	T_ASSERT(!strcmp(info.name, "pathring") && !info.device[0] && info.data_size == DS &&
		 !(info.flags & UIO_RING_F_KERNEL_PRODUCER), "info '%s' '%s'", info.name,
		 info.device);
	/* One consumer per ring, by path too; observers beside it. */
	T_EQ(uio_ring_open(path, 0, &r2), -EBUSY);
	T_OK(uio_ring_open(path, UIO_RING_OPEN_OBSERVE, &obs));
	T_EQ(uio_ring_peek(obs, NULL, 0), -EPERM);

	snprintf(count_arg, sizeof(count_arg), "%" PRIu64, count);
	pid = fork();
	T_ASSERT(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		execl(self, self, "produce", path, count_arg, (char *)NULL);
		fprintf(stderr, "FAIL: exec %s: %s\n", self, strerror(errno));
		_exit(T_FAILED);
	}
	got = consume_all(r, pid);
	wait_child(pid, "producer");
	T_UEQ(got, count);
	st = t_stats(r);
	T_UEQ(st.produced, count + 1);
	T_UEQ(st.dropped, 0);
	T_UEQ(st.missed, 0);
	T_UEQ(st.consumed, count + 1);
	T_UEQ(st.pending_bytes, 0);
	/* It slept between bursts, and was woken only then. */
	T_UCMP(st.wakeups, >=, 1);
	T_UCMP(st.notifications, >=, 1);
	T_UCMP(st.notifications, <=, count / 20);
	printf("path: %" PRIu64 " records, %" PRIu64 " doorbells, %" PRIu64 " wakeups\n",
	       count, st.notifications, st.wakeups);
	T_OK(uio_ring_get_stats(obs, &st));
	T_UEQ(st.produced, count + 1);
	uio_ring_close(obs);

	/* Unlinked: attached handles go on, the path is gone. */
	{
		struct uio_ring_producer *p;
		struct uio_ring_record rec;
		void *payload;

		T_OK(uio_ring_producer_open(path, 0, &p));
		T_OK(uio_ring_shm_unlink(path));
		T_EQ(access(path, F_OK), -1);
		T_EQ(access(bell, F_OK), -1);
		T_EQ(uio_ring_open(path, 0, &r2), -ENOENT);
		T_EQ(uio_ring_producer_open(path, 0, &p), -ENOENT);
		T_EQ(uio_ring_shm_unlink(path), -ENOENT);
		T_OK(uio_ring_reserve(p, 10, UIO_RING_TYPE_TEST, 0, &payload));
		t_fill(payload, 10, count + 1);
		T_OK(uio_ring_commit(p, payload));
		T_EQ(uio_ring_wait(r, 1000), 1);
		T_EQ(uio_ring_peek(r, &rec, 1), 1);
		t_check_rec(r, &rec, count + 1, 10);
		T_OK(uio_ring_release(r, 1));
		uio_ring_producer_close(p);
	}
	uio_ring_close(r);
	printf("PASS: path: two processes\n");
}

/* Read permission only: an observer may attach, a consumer or producer not. */
static void test_read_only(void)
{
	char path[PATH_MAX], bell[PATH_MAX + 16];
	struct uio_ring_producer *p;
	struct uio_ring *r;
	pid_t pid;

	t_case = "path: read permission only";
	path_in_tmp(path, sizeof(path), "ro");
	snprintf(bell, sizeof(bell), "%s%s", path, UIO_RING_SHM_DOORBELL);
	T_OK(uio_ring_shm_create(path, "ro", DS, 0644));
	T_EQ(chmod(tmpdir, 0755), 0);
	pid = fork();
	T_ASSERT(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		/*
		 * Root ignores permission bits: be somebody else, to whom
		 * 0644 gives read permission only; anyone else takes its own
		 * write permission away.
		 */
		if (geteuid() == 0) {
			T_EQ(setgid(65534), 0);
			T_EQ(setuid(65534), 0);
		} else {
			T_EQ(chmod(path, 0444), 0);
			T_EQ(chmod(bell, 0444), 0);
		}
		T_EQ(uio_ring_open(path, 0, &r), -EACCES);
		T_EQ(uio_ring_producer_open(path, 0, &p), -EACCES);
		T_OK(uio_ring_open(path, UIO_RING_OPEN_OBSERVE, &r));
		uio_ring_close(r);
		_exit(T_PASS);
	}
	wait_child(pid, "read-only child");
	T_OK(uio_ring_shm_unlink(path));
	printf("PASS: path: read permission only\n");
}

/* A memfd ring and a child producer that got the descriptors over fork(). */
static void test_memfd_fork(void)
{
	struct uio_ring_record recs[64];
	struct uio_ring *r;
	uint64_t next = 0, n = 50000;
	int rfd, dfd, status;
	pid_t pid;

	t_case = "memfd over fork";
	T_OK(uio_ring_memfd_create("memring", DS, &rfd, &dfd));
	T_ASSERT(fcntl(rfd, F_GETFD) & FD_CLOEXEC, "ring fd not close-on-exec");
	T_ASSERT(fcntl(dfd, F_GETFD) & FD_CLOEXEC, "doorbell not close-on-exec");
	/* Sealed: nobody can shrink the file under the mappings. */
	T_EQ(ftruncate(rfd, 4096), -1);
	T_EQ(errno, EPERM);
	T_ASSERT(fcntl(rfd, F_GET_SEALS) & F_SEAL_SHRINK, "not sealed");
	T_OK(uio_ring_open_fd(rfd, dfd, 0, &r));

	pid = fork();
	T_ASSERT(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		struct uio_ring_producer *p;
		struct uio_ring *r2;
		uint64_t i;
		void *payload;
		int ret;

		t_case = "memfd child";
		/* Its own file description: the parent's consumer lock holds. */
		T_EQ(uio_ring_open_fd(rfd, dfd, 0, &r2), -EBUSY);
		T_OK(uio_ring_producer_open_fd(rfd, dfd, UIO_RING_PRODUCER_NO_DROP, &p));
		close(rfd);	/* the handle has its own references */
		close(dfd);
		for (i = 0; i < n; i++) {
			uint32_t len = rec_len(i);

			while ((ret = uio_ring_reserve(p, len, UIO_RING_TYPE_TEST, 0, &payload)) ==
			       -EAGAIN)
				usleep(100);
			T_OK(ret);
			t_fill(payload, len, i);
			T_OK(uio_ring_commit(p, payload));
			if (i % BURST == BURST - 1)
				usleep(1000);
		}
		uio_ring_producer_close(p);
		_exit(T_PASS);
	}
	close(rfd);
	close(dfd);
	while (next < n) {
		int k = uio_ring_peek(r, recs, 64), i;

		T_CMP(k, >=, 0);
		if (k == 0) {
			int w = uio_ring_wait(r, 1000);

			T_CMP(w, >=, 0);
			if (w == 0)
				T_ASSERT(waitpid(pid, &status, WNOHANG) == 0,
					 "producer exited (status 0x%x) after %" PRIu64 " records",
					 status, next);
			continue;
		}
		for (i = 0; i < k; i++, next++)
			t_check_rec(r, &recs[i], next, rec_len(next));
		T_OK(uio_ring_release(r, (unsigned int)k));
	}
	wait_child(pid, "memfd producer");
	T_UEQ(t_stats(r).missed, 0);
	uio_ring_close(r);
	printf("PASS: memfd over fork\n");
}

/*
 * The fork rule: a child's copy of a producer handle refuses to produce
 * (EPERM), whatever the handle's kind, and closing it leaves the parent's
 * records alone; a handle the child opens works. Records: A reserved by
 * the parent before the fork and committed after the child is gone, B by
 * the child's own handle, C by the parent after; seqs 0, 1, 2.
 */
static void test_fork_rule(void)
{
	struct uio_ring_producer *p, *ps;
	struct uio_ring_record recs[4];
	struct uio_ring_fill f;
	struct uio_ring *r, *r2;
	void *a, *c, *pl[2];
	uint64_t space;
	int rfd, dfd, rfd2, dfd2;
	pid_t pid;

	t_case = "fork rule";
	T_OK(uio_ring_memfd_create("forkrule", DS, &rfd, &dfd));
	T_OK(uio_ring_open_fd(rfd, dfd, 0, &r));
	T_OK(uio_ring_producer_open_fd(rfd, dfd, 0, &p));
	T_OK(uio_ring_memfd_create("forksingle", DS, &rfd2, &dfd2));
	T_OK(uio_ring_open_fd(rfd2, dfd2, 0, &r2));
	T_OK(uio_ring_producer_open_fd(rfd2, dfd2, UIO_RING_PRODUCER_SINGLE, &ps));
	T_OK(uio_ring_reserve(p, 32, UIO_RING_TYPE_TEST, 0, &a));
	t_fill(a, 32, 0);
	T_OK(uio_ring_reserve(ps, 32, UIO_RING_TYPE_TEST, 0, &pl[0]));

	pid = fork();
	T_ASSERT(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		struct uio_ring_producer *own;
		void *b;

		t_case = "fork rule, child";
		T_EQ(uio_ring_reserve(p, 32, UIO_RING_TYPE_TEST, 0, &b), -EPERM);
		T_ASSERT(strstr(uio_ring_errmsg(), "opens its own"), "message: %s",
			 uio_ring_errmsg());
		T_EQ(uio_ring_reserve_batch(p, 32, UIO_RING_TYPE_TEST, 0, pl, 2), -EPERM);
		T_EQ(uio_ring_fill_begin(p, 32, UIO_RING_TYPE_TEST, 0, 2, &f), -EPERM);
		T_EQ(uio_ring_commit(p, a), -EPERM);
		T_EQ(uio_ring_discard(p, a), -EPERM);
		T_EQ(uio_ring_commit_batch(p, &a, 1), -EPERM);
		T_EQ(uio_ring_producer_space(p, &space), -EPERM);
		T_EQ(uio_ring_reserve(ps, 32, UIO_RING_TYPE_TEST, 0, &b), -EPERM);
		T_EQ(uio_ring_commit(ps, pl[0]), -EPERM);
		/* Closing the copies publishes nothing of the parent's. */
		uio_ring_producer_close(p);
		uio_ring_producer_close(ps);
		T_OK(uio_ring_producer_open_fd(rfd, dfd, 0, &own));
		T_OK(uio_ring_reserve(own, 32, UIO_RING_TYPE_TEST, 0, &b));
		t_fill(b, 32, 1);
		T_OK(uio_ring_commit(own, b));
		uio_ring_producer_close(own);
		_exit(T_PASS);
	}
	wait_child(pid, "fork rule child");
	T_EQ(uio_ring_peek(r, recs, 4), 0);		/* A is still BUSY */
	T_OK(uio_ring_commit(p, a));
	T_OK(uio_ring_reserve(p, 32, UIO_RING_TYPE_TEST, 0, &c));
	t_fill(c, 32, 2);
	T_OK(uio_ring_commit(p, c));
	T_EQ(uio_ring_peek(r, recs, 4), 3);
	t_check_rec(r, &recs[0], 0, 32);
	t_check_rec(r, &recs[1], 1, 32);
	t_check_rec(r, &recs[2], 2, 32);
	T_OK(uio_ring_release(r, 3));
	T_UEQ(t_stats(r).missed, 0);
	/* The single producer's reserve survived its child's close unpublished. */
	T_UEQ(t_stats(r2).produced, 0);
	T_OK(uio_ring_commit(ps, pl[0]));
	T_UEQ(t_stats(r2).produced, 1);
	uio_ring_close(r2);
	uio_ring_producer_close(ps);
	uio_ring_producer_close(p);
	uio_ring_close(r);
	close(rfd);
	close(dfd);
	close(rfd2);
	close(dfd2);
	printf("PASS: fork rule\n");
}

/*
 * A doorbell that is not a FIFO (by path) or a FIFO or an eventfd (passed
 * in) is refused at open: uio_ring_ack() would read a regular file or
 * /dev/zero for ever. A pipe is a FIFO and is taken.
 */
static void test_bad_doorbells(void)
{
	char path[PATH_MAX], bell[PATH_MAX + 16];
	struct uio_ring_producer *p = NULL;
	struct uio_ring *r = NULL;
	int rfd, dfd, fd, pipefd[2];

	t_case = "doorbell: a regular file";
	path_in_tmp(path, sizeof(path), "bell");
	snprintf(bell, sizeof(bell), "%s%s", path, UIO_RING_SHM_DOORBELL);
	T_OK(uio_ring_shm_create(path, "bell", DS, 0600));
	T_EQ(unlink(bell), 0);
	fd = open(bell, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	T_ASSERT(fd >= 0, "%s: %s", bell, strerror(errno));
	T_EQ(write(fd, "x\n", 2), 2);
	close(fd);
	T_EQ(uio_ring_open(path, 0, &r), -EMEDIUMTYPE);
	T_ASSERT(strstr(uio_ring_errmsg(), "not a FIFO"), "message: %s", uio_ring_errmsg());
	T_EQ(uio_ring_open(path, UIO_RING_OPEN_OBSERVE, &r), -EMEDIUMTYPE);
	T_EQ(uio_ring_producer_open(path, 0, &p), -EMEDIUMTYPE);

	t_case = "doorbell: /dev/zero through a symlink";
	T_EQ(unlink(bell), 0);
	T_EQ(symlink("/dev/zero", bell), 0);
	T_EQ(uio_ring_open(path, 0, &r), -EMEDIUMTYPE);
	T_EQ(uio_ring_producer_open(path, 0, &p), -EMEDIUMTYPE);
	T_EQ(unlink(bell), 0);
	T_EQ(unlink(path), 0);

	t_case = "doorbell fd: /dev/zero, a regular file, a pipe";
	T_OK(uio_ring_memfd_create("bellfd", DS, &rfd, &dfd));
	fd = open("/dev/zero", O_RDWR | O_CLOEXEC);
	T_ASSERT(fd >= 0, "/dev/zero: %s", strerror(errno));
	T_EQ(uio_ring_open_fd(rfd, fd, 0, &r), -EINVAL);
	T_ASSERT(strstr(uio_ring_errmsg(), "not a FIFO or an eventfd"), "message: %s",
		 uio_ring_errmsg());
	T_EQ(uio_ring_producer_open_fd(rfd, fd, 0, &p), -EINVAL);
	close(fd);
	T_EQ(uio_ring_open_fd(rfd, rfd, 0, &r), -EINVAL);	/* the memfd itself */
	T_ASSERT(p == NULL && r == NULL, "a failed open stored a handle");
	T_EQ(pipe2(pipefd, O_NONBLOCK | O_CLOEXEC), 0);
	T_OK(uio_ring_open_fd(rfd, pipefd[0], 0, &r));
	T_OK(uio_ring_producer_open_fd(rfd, pipefd[1], 0, &p));
	T_OK(uio_ring_ack(r));
	uio_ring_producer_close(p);
	uio_ring_close(r);
	close(pipefd[0]);
	close(pipefd[1]);
	T_OK(uio_ring_open_fd(rfd, dfd, 0, &r));		/* its eventfd */
	uio_ring_close(r);
	close(rfd);
	close(dfd);
}

static void test_bad_args(void)
{
	char path[PATH_MAX], other[PATH_MAX], bell[PATH_MAX + 16], name32[33];
	static char longpath[PATH_MAX + 8];
	struct uio_ring_producer *p = NULL;
	struct uio_ring *r = NULL;
	int rfd, dfd, fd;

	t_case = "shm_create errors";
	path_in_tmp(path, sizeof(path), "bad");
	T_OK(uio_ring_shm_create(path, "bad", 4096 * 2, 0600));
	T_EQ(uio_ring_shm_create(path, "bad", 4096 * 2, 0600), -EEXIST);
	T_ASSERT(uio_ring_errmsg()[0], "no error message");
	memset(name32, 'n', 32);
	name32[32] = '\0';
	path_in_tmp(other, sizeof(other), "other");
	T_EQ(uio_ring_shm_create(other, name32, DS, 0600), -EINVAL);
	T_EQ(uio_ring_shm_create(other, "", DS, 0600), -EINVAL);
	T_EQ(uio_ring_shm_create(other, NULL, DS, 0600), -EINVAL);
	T_EQ(uio_ring_shm_create(NULL, "x", DS, 0600), -EINVAL);
	T_EQ(uio_ring_shm_create("", "x", DS, 0600), -EINVAL);
	T_EQ(uio_ring_shm_create(other, "x", 0, 0600), -EINVAL);
	T_EQ(uio_ring_shm_create(other, "x", 2048, 0600), -EINVAL);
	T_EQ(uio_ring_shm_create(other, "x", 3 * 4096, 0600), -EINVAL);
	T_EQ(uio_ring_shm_create(other, "x", 2 * UIO_RING_DATA_SIZE_MAX, 0600), -EINVAL);
	T_EQ(uio_ring_shm_create(other, "x", DS + 1, 0600), -EINVAL);
	T_EQ(access(other, F_OK), -1);	/* nothing was made */
	memset(longpath, 'a', PATH_MAX - 4);
	longpath[0] = '/';
	T_EQ(uio_ring_shm_create(longpath, "x", DS, 0600), -ENAMETOOLONG);
	path_in_tmp(other, sizeof(other), "nodir/ring");
	T_EQ(uio_ring_shm_create(other, "x", DS, 0600), -ENOENT);
	/* A doorbell in the way: EEXIST, and the ring file is not left behind. */
	path_in_tmp(other, sizeof(other), "bellfirst");
	snprintf(bell, sizeof(bell), "%s%s", other, UIO_RING_SHM_DOORBELL);
	fd = open(bell, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	T_ASSERT(fd >= 0, "%s: %s", bell, strerror(errno));
	close(fd);
	T_EQ(uio_ring_shm_create(other, "x", DS, 0600), -EEXIST);
	T_EQ(access(other, F_OK), -1);
	T_EQ(unlink(bell), 0);

	t_case = "shm_unlink";
	T_EQ(uio_ring_shm_unlink(NULL), -EINVAL);
	T_EQ(uio_ring_shm_unlink(""), -EINVAL);
	T_EQ(uio_ring_shm_unlink(other), -ENOENT);

	t_case = "memfd_create errors";
	T_EQ(uio_ring_memfd_create("x", DS, NULL, &dfd), -EINVAL);
	T_EQ(uio_ring_memfd_create("x", DS, &rfd, NULL), -EINVAL);
	T_EQ(uio_ring_memfd_create("x", 5000, &rfd, &dfd), -EINVAL);
	T_EQ(uio_ring_memfd_create(name32, DS, &rfd, &dfd), -EINVAL);

	t_case = "open errors";
	T_EQ(uio_ring_producer_open(NULL, 0, &p), -EINVAL);
	T_EQ(uio_ring_producer_open("", 0, &p), -EINVAL);
	T_EQ(uio_ring_producer_open(path, 0, NULL), -EINVAL);
	T_EQ(uio_ring_producer_open(path, 1u << 7, &p), -EINVAL);
	T_EQ(uio_ring_producer_open_fd(-1, 0, 0, &p), -EINVAL);
	T_EQ(uio_ring_open_fd(0, -1, 0, &r), -EINVAL);
	T_EQ(uio_ring_open_fd(0, 0, 1u << 5, &r), -EINVAL);
	T_EQ(uio_ring_open_fd(0, 0, 0, NULL), -EINVAL);
	/* Not an open descriptor. */
	T_EQ(uio_ring_producer_open_fd(999, 0, 0, &p), -ENOENT);
	T_EQ(uio_ring_open_fd(999, 0, 0, &r), -ENOENT);
	T_ASSERT(p == NULL && r == NULL, "a failed open stored a handle");

	/* Regular files that are not rings. */
	path_in_tmp(other, sizeof(other), "plain");
	fd = open(other, O_CREAT | O_RDWR | O_CLOEXEC, 0600);
	T_ASSERT(fd >= 0, "%s: %s", other, strerror(errno));
	snprintf(bell, sizeof(bell), "%s%s", other, UIO_RING_SHM_DOORBELL);
	T_EQ(uio_ring_producer_open(other, 0, &p), -EMEDIUMTYPE);	/* no doorbell */
	T_EQ(mkfifo(bell, 0600), 0);
	T_EQ(uio_ring_producer_open(other, 0, &p), -EMEDIUMTYPE);	/* empty */
	T_EQ(ftruncate(fd, 3 * 4096), 0);
	T_EQ(uio_ring_open(other, 0, &r), -EMEDIUMTYPE);		/* no magic */
	T_EQ(uio_ring_producer_open_fd(fd, fd, 0, &p), -EMEDIUMTYPE);
	close(fd);
	T_OK(uio_ring_shm_unlink(other));
	/* A ring file whose size does not match its control area. */
	T_EQ(truncate(path, 2 * sysconf(_SC_PAGESIZE) + 4 * 4096), 0);
	T_EQ(uio_ring_producer_open(path, 0, &p), -EBADMSG);
	T_EQ(uio_ring_open(path, 0, &r), -EBADMSG);
	T_ASSERT(p == NULL && r == NULL, "a failed open stored a handle");
	T_OK(uio_ring_shm_unlink(path));
	test_bad_doorbells();
	printf("PASS: bad arguments and files\n");
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "produce"))
		return produce_main(argv[2], strtoull(argv[3], NULL, 0));
	t_watchdog(200);
	if (sysconf(_SC_PAGESIZE) != 4096) {
		printf("SKIP: the test's ring sizes assume 4 KiB pages\n");
		return T_SKIP;
	}
	make_tmpdir();
	test_bad_args();
	test_read_only();
	test_memfd_fork();
	test_fork_rule();
	test_path_processes("/proc/self/exe");
	return T_PASS;
}
