// SPDX-License-Identifier: MIT
/*
 * uio_ring_proc_decode(): process event records (fork, exec, exit) as the
 * module writes them, produced here by the user-space producer into a memfd
 * ring and peeked back, decode to the right fields; every malformed record
 * is refused with -EBADMSG and leaves the event alone; other record types
 * give -ENOMSG; bad arguments -EINVAL. A sweep over every length of every
 * type, with the payload in a buffer of exactly that length, lets ASan
 * catch any read past the record.
 */
#include "test.h"

#define DS (64 * 1024ull)

/* The largest exec payload: the struct and a filename of 255 bytes + NUL. */
#define EXEC_MAX (sizeof(struct uio_ring_proc_exec) + UIO_RING_PROC_FILENAME_MAX)

static struct t_ring ring;

/* A process header with recognisable values: every field differs. */
static void fill_proc(struct uio_ring_proc *h, uint32_t base)
{
	h->timestamp_ns = 0x0123456789abcdefull + base;
	h->cpu = base + 1;
	h->pid = base + 2;
	h->tgid = base + 3;
	h->ppid = base + 4;
	h->uid = base + 5;
	h->gid = base + 6;
}

/* Produce one record of len bytes from buf, peek it back into *rec. */
static void put_peek(uint16_t type, uint16_t flags, const void *buf, uint32_t len,
		     struct uio_ring_record *rec)
{
	void *payload = t_reserve(ring.p, len, type, flags);

	T_ASSERT(payload != NULL, "reserve(%u) failed", len);
	memcpy(payload, buf, len);
	uio_ring_commit(ring.p, payload);
	T_EQ(uio_ring_peek(ring.r, rec, 1), 1);
	t_check_bounds(ring.r, rec);
	T_EQ(rec->type, type);
	T_EQ(rec->flags, flags);
	T_EQ(rec->len, len);
}

static void release1(void)
{
	T_EQ(uio_ring_release(ring.r, 1), 0);
}

/* An exec payload: the struct, then filename_len bytes from name. */
static uint32_t make_exec(uint8_t *buf, uint32_t base, const char *comm,
			  const void *name, uint32_t filename_len)
{
	struct uio_ring_proc_exec ex;

	memset(&ex, 0, sizeof(ex));
	fill_proc(&ex.proc, base);
	ex.old_pid = base + 7;
	ex.filename_len = filename_len;
	memcpy(ex.comm, comm, strlen(comm) < sizeof(ex.comm) ? strlen(comm) + 1 : sizeof(ex.comm));
	memcpy(buf, &ex, sizeof(ex));
	memcpy(buf + sizeof(ex), name, filename_len);
	return (uint32_t)sizeof(ex) + filename_len;
}

static void check_proc(const struct uio_ring_proc_event *ev, const struct uio_ring_record *rec,
		       uint32_t base)
{
	T_UEQ(ev->seq, rec->seq);
	T_EQ(ev->type, rec->type);
	T_EQ(ev->flags, rec->flags);
	T_UEQ(ev->timestamp_ns, 0x0123456789abcdefull + base);
	T_UEQ(ev->cpu, base + 1);
	T_UEQ(ev->pid, base + 2);
	T_UEQ(ev->tgid, base + 3);
	T_UEQ(ev->ppid, base + 4);
	T_UEQ(ev->uid, base + 5);
	T_UEQ(ev->gid, base + 6);
}

static void test_valid(void)
{
	struct uio_ring_proc_fork fk;
	struct uio_ring_proc_exit ex;
	struct uio_ring_proc_event ev;
	struct uio_ring_record rec;
	uint8_t buf[EXEC_MAX];
	char name[UIO_RING_PROC_FILENAME_MAX];
	uint32_t len;

	t_case = "fork";
	memset(&fk, 0, sizeof(fk));
	fill_proc(&fk.proc, 100);
	fk.child_pid = 4242;
	fk.child_tgid = 4243;
	put_peek(UIO_RING_TYPE_PROC_FORK, 0, &fk, sizeof(fk), &rec);
	memset(&ev, 0xa5, sizeof(ev));
	T_OK(uio_ring_proc_decode(&rec, &ev));
	check_proc(&ev, &rec, 100);
	T_UEQ(ev.child_pid, 4242);
	T_UEQ(ev.child_tgid, 4243);
	/* Fields of other types are zero, strings empty. */
	T_UEQ(ev.old_pid, 0);
	T_UEQ(ev.exit_code, 0);
	T_UEQ(ev.exit_signal, 0);
	T_EQ(ev.comm[0], 0);
	T_EQ(ev.filename[0], 0);
	release1();

	t_case = "exec";
	len = make_exec(buf, 200, "ls", "/bin/ls", 8);
	put_peek(UIO_RING_TYPE_PROC_EXEC, 0, buf, len, &rec);
	memset(&ev, 0xa5, sizeof(ev));
	T_OK(uio_ring_proc_decode(&rec, &ev));
	check_proc(&ev, &rec, 200);
	T_UEQ(ev.old_pid, 207);
	T_ASSERT(!strcmp(ev.comm, "ls"), "comm \"%s\"", ev.comm);
	T_ASSERT(!strcmp(ev.filename, "/bin/ls"), "filename \"%s\"", ev.filename);
	T_UEQ(ev.child_pid, 0);
	T_UEQ(ev.exit_code, 0);
	release1();
	/* The event is a copy: releasing and overwriting the record changes nothing. */
	T_ASSERT(!((const char *)ev.filename >= (const char *)ring.r->data &&
		   (const char *)ev.filename < (const char *)ring.r->data + 2 * ring.r->data_size),
		 "filename points into the ring");

	t_case = "exec-longest";
	memset(name, 'a', sizeof(name));
	name[sizeof(name) - 1] = '\0';
	/* A 15-character comm fills its 16 bytes with the NUL last. */
	len = make_exec(buf, 300, "abcdefghijklmno", name, sizeof(name));
	T_UEQ(len, EXEC_MAX);
	put_peek(UIO_RING_TYPE_PROC_EXEC, UIO_RING_PROC_F_TRUNCATED, buf, len, &rec);
	T_OK(uio_ring_proc_decode(&rec, &ev));
	check_proc(&ev, &rec, 300);
	T_EQ(ev.flags, UIO_RING_PROC_F_TRUNCATED);
	T_UEQ(strlen(ev.filename), UIO_RING_PROC_FILENAME_MAX - 1);
	T_ASSERT(!strcmp(ev.comm, "abcdefghijklmno"), "comm \"%s\"", ev.comm);
	release1();

	t_case = "exec-empty-filename";
	len = make_exec(buf, 350, "", "", 1);
	put_peek(UIO_RING_TYPE_PROC_EXEC, 0, buf, len, &rec);
	T_OK(uio_ring_proc_decode(&rec, &ev));
	T_EQ(ev.filename[0], 0);
	T_EQ(ev.comm[0], 0);
	release1();

	t_case = "exit";
	memset(&ex, 0, sizeof(ex));
	fill_proc(&ex.proc, 400);
	ex.exit_code = 7 << 8;
	ex.exit_signal = 17;
	put_peek(UIO_RING_TYPE_PROC_EXIT, UIO_RING_PROC_F_GROUP_DEAD, &ex, sizeof(ex), &rec);
	memset(&ev, 0xa5, sizeof(ev));
	T_OK(uio_ring_proc_decode(&rec, &ev));
	check_proc(&ev, &rec, 400);
	T_EQ(ev.flags, UIO_RING_PROC_F_GROUP_DEAD);
	T_UEQ(ev.exit_code, 7 << 8);
	T_UEQ(ev.exit_signal, 17);
	T_UEQ(ev.child_pid, 0);
	T_EQ(ev.filename[0], 0);
	release1();

	/* Unknown flag bits are passed on, not refused (a minor ABI may add some). */
	t_case = "unknown-flags";
	put_peek(UIO_RING_TYPE_PROC_EXIT, 0xff00, &ex, sizeof(ex), &rec);
	T_OK(uio_ring_proc_decode(&rec, &ev));
	T_EQ(ev.flags, 0xff00);
	release1();
}

/*
 * A malformed record, in the ring: -EBADMSG with a message, and *ev is
 * left exactly as it was.
 */
static void expect_bad(const char *what, uint16_t type, const void *buf, uint32_t len)
{
	struct uio_ring_proc_event ev, before;
	struct uio_ring_record rec;

	t_case = what;
	put_peek(type, 0, buf, len, &rec);
	memset(&ev, 0x5a, sizeof(ev));
	before = ev;
	ur_error_clear();
	T_EQ(uio_ring_proc_decode(&rec, &ev), -EBADMSG);
	T_ASSERT(uio_ring_errmsg()[0], "no error message");
	T_ASSERT(!memcmp(&ev, &before, sizeof(ev)), "a failed decode changed the event");
	release1();
}

static void test_malformed(void)
{
	uint8_t buf[EXEC_MAX + 64], zero[EXEC_MAX + 64];
	char name[UIO_RING_PROC_FILENAME_MAX + 8];
	struct uio_ring_proc_exec *ex = (void *)buf;
	uint32_t len;

	memset(zero, 0, sizeof(zero));

	/* Wrong length per type. */
	expect_bad("fork-empty", UIO_RING_TYPE_PROC_FORK, zero, 0);
	expect_bad("fork-short", UIO_RING_TYPE_PROC_FORK, zero,
		   sizeof(struct uio_ring_proc_fork) - 1);
	expect_bad("fork-header-only", UIO_RING_TYPE_PROC_FORK, zero,
		   sizeof(struct uio_ring_proc));
	expect_bad("fork-long", UIO_RING_TYPE_PROC_FORK, zero,
		   sizeof(struct uio_ring_proc_fork) + 1);
	expect_bad("fork-long8", UIO_RING_TYPE_PROC_FORK, zero,
		   sizeof(struct uio_ring_proc_fork) + 8);
	expect_bad("exit-empty", UIO_RING_TYPE_PROC_EXIT, zero, 0);
	expect_bad("exit-short", UIO_RING_TYPE_PROC_EXIT, zero,
		   sizeof(struct uio_ring_proc_exit) - 1);
	expect_bad("exit-long", UIO_RING_TYPE_PROC_EXIT, zero,
		   sizeof(struct uio_ring_proc_exit) + 1);
	expect_bad("exec-empty", UIO_RING_TYPE_PROC_EXEC, zero, 0);
	expect_bad("exec-short", UIO_RING_TYPE_PROC_EXEC, zero,
		   sizeof(struct uio_ring_proc_exec) - 1);
	/* The fixed part alone: filename_len 0 and no filename. */
	expect_bad("exec-no-filename", UIO_RING_TYPE_PROC_EXEC, zero,
		   sizeof(struct uio_ring_proc_exec));

	/* filename_len 0, even with a byte after the struct. */
	len = make_exec(buf, 0, "sh", "\0", 1);
	ex->filename_len = 0;
	expect_bad("exec-filename_len-0", UIO_RING_TYPE_PROC_EXEC, buf, len);

	/* filename_len beyond UIO_RING_PROC_FILENAME_MAX, matching the length. */
	memset(name, 'b', sizeof(name));
	name[UIO_RING_PROC_FILENAME_MAX] = '\0';
	len = make_exec(buf, 0, "sh", name, UIO_RING_PROC_FILENAME_MAX + 1);
	expect_bad("exec-filename-too-long", UIO_RING_TYPE_PROC_EXEC, buf, len);
	/* ... and a huge one that would wrap a 32-bit sum. */
	len = make_exec(buf, 0, "sh", "/bin/sh", 8);
	ex->filename_len = UINT32_MAX - (uint32_t)sizeof(*ex) + 9;
	expect_bad("exec-filename_len-wraps", UIO_RING_TYPE_PROC_EXEC, buf, len);
	ex->filename_len = UINT32_MAX;
	expect_bad("exec-filename_len-max", UIO_RING_TYPE_PROC_EXEC, buf, len);

	/* filename_len and the record length disagree, both ways. */
	len = make_exec(buf, 0, "sh", "/bin/sh\0", 9);
	ex->filename_len = 8;
	expect_bad("exec-record-longer", UIO_RING_TYPE_PROC_EXEC, buf, len);
	len = make_exec(buf, 0, "sh", "/bin/sh", 8);
	ex->filename_len = 9;
	expect_bad("exec-record-shorter", UIO_RING_TYPE_PROC_EXEC, buf, len);

	/* No NUL at all, a NUL before the end, two NULs. */
	len = make_exec(buf, 0, "sh", "/bin/shX", 8);
	expect_bad("exec-no-nul", UIO_RING_TYPE_PROC_EXEC, buf, len);
	len = make_exec(buf, 0, "sh", "/bin\0shX", 8);
	expect_bad("exec-nul-early", UIO_RING_TYPE_PROC_EXEC, buf, len);
	len = make_exec(buf, 0, "sh", "/bin\0sh", 8);
	expect_bad("exec-two-nuls", UIO_RING_TYPE_PROC_EXEC, buf, len);
	len = make_exec(buf, 0, "sh", "\0\0", 2);
	expect_bad("exec-only-nuls", UIO_RING_TYPE_PROC_EXEC, buf, len);

	/* A comm of 16 bytes without a NUL. */
	len = make_exec(buf, 0, "0123456789abcdef", "/bin/sh", 8);
	T_ASSERT(memchr(ex->comm, 0, sizeof(ex->comm)) == NULL, "comm has a NUL");
	expect_bad("exec-comm-unterminated", UIO_RING_TYPE_PROC_EXEC, buf, len);

	/* Longer than any exec: the struct plus 300 bytes. */
	memset(name, 'c', sizeof(name));
	name[sizeof(name) - 1] = '\0';
	len = make_exec(buf, 0, "sh", name, sizeof(name));
	expect_bad("exec-record-too-long", UIO_RING_TYPE_PROC_EXEC, buf, len);
}

static void test_not_proc(void)
{
	static const uint16_t types[] = { 0, UIO_RING_TYPE_TEST, 5, 100, 0xffff };
	struct uio_ring_proc_event ev, before;
	struct uio_ring_proc_fork fk;
	struct uio_ring_record rec;
	unsigned int i;

	t_case = "not-proc";
	memset(&fk, 0, sizeof(fk));
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		/* Even a payload of the right size for a fork is not one. */
		put_peek(types[i], 0, &fk, sizeof(fk), &rec);
		memset(&ev, 0x3c, sizeof(ev));
		before = ev;
		ur_error_clear();
		T_EQ(uio_ring_proc_decode(&rec, &ev), -ENOMSG);
		T_ASSERT(uio_ring_errmsg()[0], "no error message for type %u", types[i]);
		T_ASSERT(!memcmp(&ev, &before, sizeof(ev)), "-ENOMSG changed the event");
		release1();
	}
}

static void test_args(void)
{
	struct uio_ring_proc_event ev;
	struct uio_ring_record rec;
	struct uio_ring_proc_fork fk;

	t_case = "args";
	memset(&fk, 0, sizeof(fk));
	memset(&rec, 0, sizeof(rec));
	rec.type = UIO_RING_TYPE_PROC_FORK;
	rec.data = &fk;
	rec.len = sizeof(fk);
	T_OK(uio_ring_proc_decode(&rec, &ev));
	T_EQ(uio_ring_proc_decode(NULL, &ev), -EINVAL);
	T_EQ(uio_ring_proc_decode(&rec, NULL), -EINVAL);
	rec.data = NULL;
	T_EQ(uio_ring_proc_decode(&rec, &ev), -EINVAL);
	/* No data and no length: just malformed. */
	rec.len = 0;
	T_EQ(uio_ring_proc_decode(&rec, &ev), -EBADMSG);
}

/*
 * Every length of every type, with the payload in a heap buffer of exactly
 * that length (ASan catches any read past it), holding a well-formed
 * record's bytes where they fit: decode succeeds only at the right length.
 */
static void test_sweep(void)
{
	static const uint16_t types[] = {
		UIO_RING_TYPE_PROC_FORK, UIO_RING_TYPE_PROC_EXEC, UIO_RING_TYPE_PROC_EXIT,
	};
	uint8_t good[EXEC_MAX + 16];
	struct uio_ring_proc_event ev;
	struct uio_ring_record rec;
	uint32_t len, good_len;
	unsigned int i, ok;

	t_case = "sweep";
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		memset(good, 0, sizeof(good));
		if (types[i] == UIO_RING_TYPE_PROC_EXEC)
			good_len = make_exec(good, 1, "x", "/x", 3);
		else
			good_len = types[i] == UIO_RING_TYPE_PROC_FORK ?
				sizeof(struct uio_ring_proc_fork) : sizeof(struct uio_ring_proc_exit);
		ok = 0;
		for (len = 0; len <= sizeof(good); len++) {
			uint8_t *p = malloc(len ? len : 1);
			int ret;

			T_ASSERT(p != NULL, "malloc");
			memcpy(p, good, len);
			if (types[i] == UIO_RING_TYPE_PROC_EXEC && len >= sizeof(struct uio_ring_proc_exec)) {
				/* filename_len that matches this length, filename all NUL */
				uint32_t n = len - (uint32_t)sizeof(struct uio_ring_proc_exec);

				memcpy(p + offsetof(struct uio_ring_proc_exec, filename_len), &n,
				       sizeof(n));
				memset(p + sizeof(struct uio_ring_proc_exec), 0, n);
			}
			memset(&rec, 0, sizeof(rec));
			rec.type = types[i];
			rec.data = p;
			rec.len = len;
			ret = uio_ring_proc_decode(&rec, &ev);
			if (types[i] == UIO_RING_TYPE_PROC_EXEC) {
				/* All-NUL filename: only a 1-byte one is well formed. */
				if (len == sizeof(struct uio_ring_proc_exec) + 1) {
					T_EQ(ret, 0);
					ok++;
				} else {
					T_EQ(ret, -EBADMSG);
				}
			} else if (len == good_len) {
				T_EQ(ret, 0);
				ok++;
			} else {
				T_EQ(ret, -EBADMSG);
			}
			free(p);
		}
		T_UEQ(ok, 1);
	}
	/* A well-formed exec at exactly its length decodes. */
	rec.type = UIO_RING_TYPE_PROC_EXEC;
	good_len = make_exec(good, 1, "x", "/bin/true", 10);
	rec.data = good;
	rec.len = good_len;
	T_OK(uio_ring_proc_decode(&rec, &ev));
	T_ASSERT(!strcmp(ev.filename, "/bin/true"), "filename \"%s\"", ev.filename);
}

/* Random bytes in every field of records of every length: never a crash. */
static void test_random(void)
{
	struct uio_ring_proc_event ev;
	struct uio_ring_record rec;
	uint64_t x = 0x9e3779b97f4a7c15ull;
	unsigned int round, decoded = 0;

	t_case = "random";
	for (round = 0; round < 20000; round++) {
		uint32_t len = (uint32_t)(round % (EXEC_MAX + 24));
		uint8_t *p = malloc(len ? len : 1);
		uint32_t i;
		int ret;

		T_ASSERT(p != NULL, "malloc");
		for (i = 0; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			p[i] = (uint8_t)x;
		}
		/* Now and then a plausible filename_len, so the deeper checks run. */
		if (len > sizeof(struct uio_ring_proc_exec) && round % 3 == 0) {
			uint32_t n = len - (uint32_t)sizeof(struct uio_ring_proc_exec);

			memcpy(p + offsetof(struct uio_ring_proc_exec, filename_len), &n, 4);
			if (round % 2)
				p[len - 1] = 0;
		}
		memset(&rec, 0, sizeof(rec));
		rec.type = (uint16_t)(UIO_RING_TYPE_PROC_FORK + (round / 7) % 3);
		rec.data = p;
		rec.len = len;
		ret = uio_ring_proc_decode(&rec, &ev);
		T_ASSERT(ret == 0 || ret == -EBADMSG, "decode returned %d", ret);
		if (ret == 0) {
			decoded++;
			T_ASSERT(memchr(ev.comm, 0, sizeof(ev.comm)) != NULL, "comm unterminated");
			T_ASSERT(memchr(ev.filename, 0, sizeof(ev.filename)) != NULL,
				 "filename unterminated");
		}
		free(p);
	}
	/* The fork and exit rounds of the right length decode whatever the bytes. */
	T_UCMP(decoded, >, 0);
}

int main(void)
{
	t_watchdog(60);
	t_ring_init(&ring, "proc", DS, true);
	test_valid();
	test_malformed();
	test_not_proc();
	t_ring_fini(&ring);
	test_args();
	test_sweep();
	test_random();
	printf("PASS: proc\n");
	return T_PASS;
}
