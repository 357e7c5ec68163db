// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the consumer against a ring image built from the input.
 *
 * The input describes a shared memory ring (control area, positions, data
 * bytes) and a short script of consumer operations, interleaved with moves
 * of producer_pos as a misbehaving producer would make them. The target
 * attaches with uio_ring_open_fd() and peeks and releases until an error or
 * an empty ring. It checks that attach fails only with -EBADMSG,
 * -EMEDIUMTYPE or -EPROTONOSUPPORT, that every record handed out lies
 * inside the consumer's map of the data area (ASan covers the rest), that
 * peek fails only with -EBADMSG, and that draining ends within the number
 * of records the ring can hold. Every record peeked also goes through
 * uio_ring_proc_decode(), which must accept or refuse it cleanly.
 *
 * Input layout (native byte order), all of it optional (missing bytes are 0):
 *   0   u8  flags   bit 0: take the control area verbatim from the input
 *                   bit 1: file one page longer than the ring
 *                   bit 2: attach as an observer too
 *                   bit 3: leave the magic (built control areas only) bad
 *   1   u8  data_size = 4096 << (v % 3)
 *   2   u8  records per peek (0 means 1; at most 64)
 *   3   u8  abi_major override when non-zero (built control areas only)
 *   4   u32 max_payload (0: data_size - 16) (built control areas only)
 *   8   u64 producer_pos
 *   16  u64 consumer_pos
 *   24  u8[8]  reserved
 *   32  u8[32] operations, one per byte, until a 0 byte:
 *           op & 3 == 0: peek and release all of it
 *           op & 3 == 1: with op & 4, iterate (uio_ring_iter_*) over up to
 *                        max records and release them; without, peek and
 *                        release (op >> 3) % (n + 1) of it
 *           op & 3 == 2: wait(0), arm, ack, stats
 *           op & 3 == 3: producer_pos += (op >> 2) * 8 - 128
 *   64  struct uio_ring_ctrl (320 bytes), only with flags bit 0
 *   ... data area bytes, from data offset consumer_pos & (data_size - 1)
 *
 * The same file builds as a plain replay driver (-DUR_FUZZ_REPLAY), with a
 * main() that runs the files and directories given as arguments, or
 * $srcdir/tests/fuzz/corpus without arguments.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define HDR_SIZE 64
#define OPS_OFF 32
#define NOPS 32
#define CTRL_OFF HDR_SIZE

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size);

static int ring_fd = -1, bell_fd = -1;
static size_t page;

#define fuzz_assert(cond, ...) do {						\
	if (!(cond)) {								\
		fprintf(stderr, "fuzz-consumer: %s:%d: %s: ", __FILE__,		\
			__LINE__, #cond);					\
		fprintf(stderr, __VA_ARGS__);					\
		fprintf(stderr, " (errmsg \"%s\")\n", uio_ring_errmsg());	\
		abort();							\
	}									\
} while (0)

/* Read an input field; the missing tail of a short input reads as 0. */
static void field(const uint8_t *in, size_t size, size_t off, void *dst, size_t len)
{
	memset(dst, 0, len);
	if (off < size)
		memcpy(dst, in + off, size - off < len ? size - off : len);
}

static void setup_once(void)
{
	if (ring_fd >= 0)
		return;
	page = (size_t)sysconf(_SC_PAGESIZE);
	ring_fd = memfd_create("fuzz-ring", MFD_CLOEXEC);
	bell_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (ring_fd < 0 || bell_fd < 0) {
		perror("fuzz-consumer: setup");
		abort();
	}
}

/*
 * Decode every record as a process event: -ENOMSG exactly for the other
 * types, otherwise 0 or -EBADMSG; a decoded event copies the header and has
 * its strings terminated, and a refused one leaves the event alone.
 */
static unsigned int check_proc(const struct uio_ring_record *rec)
{
	bool is_proc = rec->type == UIO_RING_TYPE_PROC_FORK ||
		       rec->type == UIO_RING_TYPE_PROC_EXEC ||
		       rec->type == UIO_RING_TYPE_PROC_EXIT;
	struct uio_ring_proc_event ev, before;
	int ret;

	memset(&ev, 0xa5, sizeof(ev));
	before = ev;
	ret = uio_ring_proc_decode(rec, &ev);
	if (!is_proc) {
		fuzz_assert(ret == -ENOMSG, "decode of type %u returned %d", rec->type, ret);
		fuzz_assert(!memcmp(&ev, &before, sizeof(ev)), "-ENOMSG changed the event");
		return 0;
	}
	fuzz_assert(ret == 0 || ret == -EBADMSG, "decode of type %u returned %d", rec->type, ret);
	if (ret < 0) {
		fuzz_assert(uio_ring_errmsg()[0], "-EBADMSG without errmsg");
		fuzz_assert(!memcmp(&ev, &before, sizeof(ev)), "-EBADMSG changed the event");
		return 0;
	}
	fuzz_assert(ev.seq == rec->seq && ev.type == rec->type && ev.flags == rec->flags,
		    "decoded header differs from the record's");
	fuzz_assert(memchr(ev.comm, 0, sizeof(ev.comm)), "comm unterminated");
	fuzz_assert(memchr(ev.filename, 0, sizeof(ev.filename)), "filename unterminated");
	if (rec->type == UIO_RING_TYPE_PROC_EXEC)
		fuzz_assert(rec->len == sizeof(struct uio_ring_proc_exec) + strlen(ev.filename) + 1,
			    "exec of %u bytes decoded a %zu byte filename", rec->len,
			    strlen(ev.filename));
	else
		fuzz_assert(rec->len == (rec->type == UIO_RING_TYPE_PROC_FORK ?
					 sizeof(struct uio_ring_proc_fork) :
					 sizeof(struct uio_ring_proc_exit)) &&
			    !ev.comm[0] && !ev.filename[0], "fork/exit of %u bytes decoded",
			    rec->len);
	return ev.pid + ev.child_pid + ev.exit_code;
}

/* A record the consumer handed out lies inside its data map; touch it. */
static unsigned int check_rec(const struct uio_ring *r, const struct uio_ring_record *rec)
{
	const uint8_t *lo = r->data, *hi = r->data + 2 * r->data_size;
	const uint8_t *d = rec->data;
	unsigned int sum = 0;
	uint32_t i;

	fuzz_assert(d >= lo + sizeof(struct uio_ring_rec) && d <= hi &&
		    rec->len <= (size_t)(hi - d),
		    "record seq %llu len %u at %p outside [%p, %p)",
		    (unsigned long long)rec->seq, rec->len, (const void *)d,
		    (const void *)lo, (const void *)hi);
	fuzz_assert(d < lo + r->data_size + sizeof(struct uio_ring_rec),
		    "record starts in the second copy of the data area");
	fuzz_assert(rec->len <= r->max_payload, "len %u > max_payload %u", rec->len,
		    r->max_payload);
	for (i = 0; i < rec->len; i++)
		sum += d[i];
	return sum;
}

/*
 * Peek once and release some of it. Returns the records peeked (> 0),
 * 0 when empty, -1 on an error (which must be -EBADMSG).
 */
static int peek_release(struct uio_ring *r, unsigned int max, unsigned int how,
			uint64_t *consumed, volatile unsigned int *sink)
{
	struct uio_ring_record recs[64];
	unsigned int rel;
	int n, i;

	n = uio_ring_peek(r, recs, max);
	if (n < 0) {
		fuzz_assert(n == -EBADMSG, "peek returned %d", n);
		fuzz_assert(uio_ring_errmsg()[0], "no errmsg");
		fuzz_assert(uio_ring_release(r, 1) == -EINVAL, "release after a failed peek");
		return -1;
	}
	fuzz_assert((unsigned int)n <= max, "peek returned %d > %u", n, max);
	for (i = 0; i < n; i++) {
		*sink += check_rec(r, &recs[i]);
		*sink += check_proc(&recs[i]);
		if (i)
			fuzz_assert(recs[i].seq > recs[i - 1].seq, "seq %llu after %llu",
				    (unsigned long long)recs[i].seq,
				    (unsigned long long)recs[i - 1].seq);
	}
	if (n == 0)
		return 0;
	rel = how == 0 ? (unsigned int)n : how % ((unsigned int)n + 1);
	fuzz_assert(uio_ring_release(r, (unsigned int)n + 1) == -EINVAL, "over-release");
	fuzz_assert(uio_ring_release(r, rel) == 0, "release(%u) of %d", rel, n);
	*consumed += rel;
	return n;
}

/*
 * The same with the inline iterator, up to max records. Returns the
 * records handed out (> 0), 0 when none, -1 on an error (-EBADMSG).
 */
static int iter_release(struct uio_ring *r, unsigned int max, uint64_t *consumed,
			volatile unsigned int *sink)
{
	struct uio_ring_record rec;
	struct uio_ring_iter it;
	uint64_t last = 0;
	unsigned int k = 0;
	int n;

	n = uio_ring_iter_begin(r, &it);
	if (n < 0) {
		fuzz_assert(n == -EBADMSG, "iter_begin returned %d", n);
		fuzz_assert(uio_ring_errmsg()[0], "no errmsg");
		fuzz_assert(uio_ring_iter_end(r, &it) == -EINVAL, "end after a failed begin");
		return -1;
	}
	while (k < max && uio_ring_iter_next(&it, &rec)) {
		*sink += check_rec(r, &rec);
		*sink += check_proc(&rec);
		fuzz_assert(!k || rec.seq > last, "seq %llu after %llu",
			    (unsigned long long)rec.seq, (unsigned long long)last);
		last = rec.seq;
		k++;
	}
	fuzz_assert(uio_ring_iter_end(r, &it) == (int)k, "iter_end of %u", k);
	fuzz_assert(uio_ring_iter_end(r, &it) == -EINVAL, "iter_end twice");
	*consumed += k;
	return (int)k;
}

/* Attach and consume; the ring image is in ring_fd. */
static void consume(const uint8_t *in, size_t size, uint8_t flags, unsigned int max)
{
	volatile unsigned int sink = 0;
	struct uio_ring_stats st;
	struct uio_ring *r = NULL, *o = NULL;
	uint64_t consumed = 0, bound;
	uint8_t ops[NOPS];
	unsigned int i;
	int ret, n;

	ret = uio_ring_open_fd(ring_fd, bell_fd, 0, &r);
	fuzz_assert(ret == 0 || ret == -EBADMSG || ret == -EMEDIUMTYPE ||
		    ret == -EPROTONOSUPPORT, "attach returned %d", ret);
	if (flags & 4) {
		int ret2 = uio_ring_open_fd(ring_fd, bell_fd, UIO_RING_OPEN_OBSERVE, &o);

		fuzz_assert(ret2 == ret, "observe attach %d, consumer attach %d", ret2, ret);
	}
	if (ret) {
		fuzz_assert(uio_ring_errmsg()[0], "attach failed without errmsg");
		return;
	}
	fuzz_assert(r->data_size >= UIO_RING_DATA_SIZE_MIN &&
		    r->data_size <= UIO_RING_DATA_SIZE_MAX, "data_size %llu",
		    (unsigned long long)r->data_size);

	field(in, size, OPS_OFF, ops, sizeof(ops));
	for (i = 0; i < NOPS && ops[i]; i++) {
		uint8_t op = ops[i];

		switch (op & 3) {
		case 0:
		case 1:
			if ((op & 3) == 1 && (op & 4)) {
				if (iter_release(r, max, &consumed, &sink) < 0)
					goto drained;
			} else if (peek_release(r, max, (op & 3) ? op >> 3 : 0, &consumed,
						&sink) < 0) {
				goto drained;
			}
			break;
		case 2:
			ret = uio_ring_wait(r, 0);
			fuzz_assert(ret == 0 || ret == 1, "wait(0) returned %d", ret);
			ret = uio_ring_arm(r);
			fuzz_assert(ret == 0 || ret == 1, "arm returned %d", ret);
			fuzz_assert(uio_ring_ack(r) == 0, "ack");
			fuzz_assert(uio_ring_get_stats(r, &st) == 0, "stats");
			if (o)
				fuzz_assert(uio_ring_get_stats(o, &st) == 0, "observer stats");
			break;
		default: {
			/* a producer moving its position under the consumer */
			uint64_t pos;

			fuzz_assert(pread(ring_fd, &pos, 8, offsetof(struct uio_ring_ctrl,
								    producer_pos)) == 8, "pread");
			pos += (uint64_t)(op >> 2) * 8 - 128;
			fuzz_assert(pwrite(ring_fd, &pos, 8, offsetof(struct uio_ring_ctrl,
								     producer_pos)) == 8, "pwrite");
			break;
		}
		}
	}
	/*
	 * Drain. With producer_pos fixed, every release moves the consumer at
	 * least one 16-byte record forward through at most data_size bytes.
	 */
	bound = r->data_size / sizeof(struct uio_ring_rec) + 2;
	for (;;) {
		n = peek_release(r, max, 0, &consumed, &sink);
		if (n <= 0)
			break;
		fuzz_assert(bound-- > 0, "draining does not end");
	}
drained:
	fuzz_assert(uio_ring_get_stats(r, &st) == 0, "stats");
	fuzz_assert(st.consumed == consumed, "stats.consumed %llu, released %llu",
		    (unsigned long long)st.consumed, (unsigned long long)consumed);
	uio_ring_close(o);
	uio_ring_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
	struct uio_ring_ctrl ctrl;
	struct uio_ring_consumer cons;
	uint64_t data_size, prod, cpos, fsize, eat, off;
	uint32_t max_payload;
	uint8_t flags, shift, max, major;
	size_t data_off;
	uint64_t drain;

	setup_once();
	field(in, size, 0, &flags, 1);
	field(in, size, 1, &shift, 1);
	field(in, size, 2, &max, 1);
	field(in, size, 3, &major, 1);
	field(in, size, 4, &max_payload, 4);
	field(in, size, 8, &prod, 8);
	field(in, size, 16, &cpos, 8);

	data_size = 4096ull << (shift % 3);
	if (data_size < page)
		data_size = page;
	if (flags & 1) {
		field(in, size, CTRL_OFF, &ctrl, sizeof(ctrl));
		data_off = CTRL_OFF + sizeof(ctrl);
	} else {
		memset(&ctrl, 0, sizeof(ctrl));
		ctrl.magic = flags & 8 ? UIO_RING_MAGIC ^ 1 : UIO_RING_MAGIC;
		ctrl.abi_major = major ? major : UIO_RING_ABI_MAJOR;
		ctrl.ctrl_size = sizeof(ctrl);
		ctrl.data_size = data_size;
		ctrl.max_payload = max_payload ? max_payload :
			(uint32_t)(data_size - sizeof(struct uio_ring_rec));
		ctrl.page_size = (uint32_t)page;
		strcpy(ctrl.name, "fuzz");
		data_off = CTRL_OFF;
	}
	ctrl.producer_pos = prod;
	memset(&cons, 0, sizeof(cons));
	cons.consumer_pos = cpos;

	/* The file: ring size by the built geometry; a verbatim one may lie. */
	fsize = 2 * page + data_size + (flags & 2 ? page : 0);
	if (ftruncate(ring_fd, 0) || ftruncate(ring_fd, (off_t)fsize) ||
	    pwrite(ring_fd, &ctrl, sizeof(ctrl), 0) != sizeof(ctrl) ||
	    pwrite(ring_fd, &cons, sizeof(cons), (off_t)page) != sizeof(cons)) {
		perror("fuzz-consumer: writing the ring");
		abort();
	}
	/* Data bytes from the consumer's position on, wrapping around. */
	off = cpos & (data_size - 1);
	for (drain = 0; data_off < size && drain < data_size; drain += eat) {
		eat = size - data_off;
		if (eat > data_size - off)
			eat = data_size - off;
		if (eat > data_size - drain)
			eat = data_size - drain;
		if (pwrite(ring_fd, in + data_off, eat, (off_t)(2 * page + off)) != (ssize_t)eat) {
			perror("fuzz-consumer: writing data");
			abort();
		}
		data_off += eat;
		off = (off + eat) & (data_size - 1);
	}
	{
		uint64_t v;

		while (read(bell_fd, &v, sizeof(v)) == sizeof(v))
			;
	}
	consume(in, size, flags, max == 0 ? 1 : max > 64 ? 64 : max);
	return 0;
}

#ifdef UR_FUZZ_REPLAY
/* Replay driver for builds without libFuzzer. */
static int replay_file(const char *path)
{
	struct stat st;
	uint8_t *buf;
	FILE *f;
	size_t got;

	if (stat(path, &st) < 0 || !(f = fopen(path, "rb"))) {
		fprintf(stderr, "fuzz-replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		fclose(f);
		return -1;
	}
	got = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, got);
	free(buf);
	return 0;
}

static int replay(const char *path, unsigned int *count)
{
	struct dirent *de;
	struct stat st;
	char sub[4096];
	DIR *dir;
	int ret = 0;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "fuzz-replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return replay_file(path);
	}
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		if (replay(sub, count))
			ret = -1;
	}
	closedir(dir);
	return ret;
}

int main(int argc, char **argv)
{
	const char *srcdir = getenv("srcdir");
	unsigned int count = 0;
	char def[4096];
	int i, ret = 0;

	if (argc < 2) {
		snprintf(def, sizeof(def), "%s/tests/fuzz/corpus", srcdir ? srcdir : ".");
		ret = replay(def, &count);
	}
	for (i = 1; i < argc; i++)
		if (replay(argv[i], &count))
			ret = -1;
	if (ret || count == 0) {
		fprintf(stderr, "FAIL: fuzz-replay: %s\n", count ? "unreadable inputs" : "no inputs");
		return 1;
	}
	printf("PASS: fuzz-replay: %u inputs\n", count);
	return 0;
}
#endif
