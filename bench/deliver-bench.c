// SPDX-License-Identifier: MIT
/*
 * deliver-bench: records from the kernel to user space, three ways, in the
 * QEMU guest (bench/vm-deliver-bench.sh; tests/vm/tests/t-33-kmod-peers.sh
 * runs it small as a test). Built as tests/vm/guest/deliver-bench so that
 * tests/vm/run copies it in.
 *
 *   deliver-bench METHOD COUNT SIZE
 *     ring  the uio_ring module's emit attribute -> ring0, consumed in place
 *           (uio_ring_peek/release, uio_ring_wait when empty)
 *     nl    tests/kmod/nl_bench.ko: generic netlink multicast messages,
 *           received with recvmmsg (64 per call) on a socket with
 *           SO_RCVBUFFORCE 16 MiB
 *     cdev  tests/kmod/cdev_bench.ko: read() of whole records (256 KiB
 *           buffer) from its 16 MiB queue, copied out with copy_to_user
 *   deliver-bench header
 *   deliver-bench table FILE   medians of the rows in FILE (several runs),
 *                              and the ring's ratios to the others
 *
 * The consumer (this process) runs on CPU 1 and drains what a previous run
 * left; a child pinned to CPU 0 then writes "COUNT SIZE" to the method's
 * emit attribute, so the kernel produces COUNT records of SIZE payload bytes
 * (byte i = (seq + i) & 0xff) from CPU 0 as fast as it can. The consumer
 * checks every payload byte and the sequence numbers, and stops when the
 * writer is done and nothing is left. It prints one table row:
 *   delivered/s  records received / (last received - write started)
 *   produced/s   COUNT / time the write took (drops included)
 *   lost         records the kernel could not queue (seq gaps)
 *   cpu ns/rec   the consumer's user + system CPU time per record received
 *   calls/rec    the consumer's system calls (receive, wait) per record
 * Exit status: 0, 1 on a wrong byte, a wrong count or an error.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <uio-ring/uio-ring.h>

#include "scaffold.h"

#define MAX_SIZE	65536u
#define BATCH		256
#define NL_SLOTS	64
#define NL_SLOT_SIZE	(MAX_SIZE + 256)
#define CDEV_BUF	(256u << 10)
#define RCVBUF		(16 << 20)

/* Must match tests/kmod/nl_bench.c. */
#define NLB_FAMILY_NAME	"uioring_nlb"
#define NLB_MCGRP_NAME	"records"
#define NLB_CMD_RECORD	1
#define NLB_ATTR_SEQ	1
#define NLB_ATTR_DATA	2
#define NLB_EMIT	"/sys/kernel/nl_bench/emit"
#define CDB_DEV		"/dev/cdev_bench"
#define CDB_EMIT	"/sys/class/misc/cdev_bench/emit"

static uint8_t table[UIO_RING_TEST_TABLE_SIZE(MAX_SIZE)];

/* Shared with the writer child. */
struct shared {
	volatile uint64_t start_ns, end_ns;
	volatile int done, failed;
};

struct result {
	uint64_t got, bad, lost, calls, first_seq, next_seq, last_ns, cpu0_ns;
	int have_seq;
};

/* One record: the sequence numbers only grow; a gap is a loss. */
static void account(struct result *r, uint64_t seq, const uint8_t *p, uint32_t len,
		    uint32_t size)
{
	if (len != size || memcmp(p, uio_ring_test_payload(table, seq), len)) {
		if (r->bad++ < 5)
			fprintf(stderr, "deliver-bench: seq %" PRIu64 ": %u bytes, wrong length or byte\n",
				seq, len);
	}
	if (r->have_seq && seq < r->next_seq)
		FAIL("seq %" PRIu64 " after %" PRIu64, seq, r->next_seq - 1);
	if (!r->have_seq)
		r->first_seq = seq;
	else
		r->lost += seq - r->next_seq;
	r->have_seq = 1;
	r->next_seq = seq + 1;
	r->got++;
}

static void write_emit(const char *path, unsigned long count, unsigned int size,
		       struct shared *sh)
{
	char buf[64];
	int len = snprintf(buf, sizeof(buf), "%lu %u", count, size);
	int fd = open(path, O_WRONLY);
	ssize_t w;

	bench_pin(0);
	if (fd < 0) {
		fprintf(stderr, "deliver-bench: open %s: %s\n", path, strerror(errno));
		sh->failed = 1;
		sh->done = 1;
		_exit(1);
	}
	sh->start_ns = bench_now_ns();
	w = write(fd, buf, (size_t)len);
	sh->end_ns = bench_now_ns();
	if (w != len) {
		fprintf(stderr, "deliver-bench: write '%s' to %s: %s\n", buf, path,
			w < 0 ? strerror(errno) : "short");
		sh->failed = 1;
	}
	__atomic_store_n(&sh->done, 1, __ATOMIC_RELEASE);
	_exit(sh->failed);
}

/* The consumer's CPU time counts from here: setup is not delivery. */
static pid_t start_writer(const char *path, unsigned long count, unsigned int size,
			  struct shared *sh, struct result *r)
{
	pid_t pid;

	r->cpu0_ns = bench_cpu_ns();
	pid = fork();

	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0)
		write_emit(path, count, size, sh);
	return pid;
}

static int writer_done(const struct shared *sh)
{
	return __atomic_load_n(&sh->done, __ATOMIC_ACQUIRE);
}

/* ---- ring ------------------------------------------------------------- */

static int ring_drain(struct uio_ring *ring, struct result *r, unsigned int size, int count)
{
	struct uio_ring_record recs[BATCH];
	int n, i, total = 0;

	while ((n = uio_ring_peek(ring, recs, BATCH)) > 0) {
		if (count) {
			for (i = 0; i < n; i++) {
				if (recs[i].type != UIO_RING_TYPE_TEST)
					FAIL("record type %u", recs[i].type);
				account(r, recs[i].seq, recs[i].data, recs[i].len, size);
			}
			r->last_ns = bench_now_ns();
		}
		uio_ring_release(ring, (unsigned int)n);
		total += n;
	}
	CHECK(n == 0, "peek: %s", uio_ring_errmsg());
	return total;
}

static void run_ring(unsigned long count, unsigned int size, struct shared *sh,
		     struct result *r)
{
	struct uio_ring *ring;
	struct uio_ring_info info;
	struct uio_ring_stats s0, s;
	char emit[128];
	int ret;

	ret = uio_ring_open("ring0", 0, &ring);
	CHECK(ret == 0, "uio_ring_open(ring0): %s", uio_ring_errmsg());
	uio_ring_get_info(ring, &info);
	snprintf(emit, sizeof(emit), "/sys/class/uio/%s/device/emit", info.device);
	ring_drain(ring, r, size, 0);
	uio_ring_get_stats(ring, &s0);
	start_writer(emit, count, size, sh, r);
	for (;;) {
		int done = writer_done(sh);

		if (ring_drain(ring, r, size, 1) > 0)
			continue;
		if (done)
			break;
		r->calls++;
		ret = uio_ring_wait(ring, 100);
		CHECK(ret >= 0, "wait: %s", uio_ring_errmsg());
	}
	uio_ring_get_stats(ring, &s);
	/* The ring's own counters must agree with what we saw. */
	CHECK(s.produced - s0.produced == r->got, "ring produced %" PRIu64 ", consumed %" PRIu64,
	      s.produced - s0.produced, r->got);
	CHECK(s.produced + s.dropped - s0.produced - s0.dropped == count,
	      "ring produced + dropped %" PRIu64 ", want %lu",
	      s.produced + s.dropped - s0.produced - s0.dropped, count);
	/* poll + the doorbell read in each uio_ring_wait that slept */
	r->calls += s.wakeups - s0.wakeups;
	uio_ring_close(ring);
}

/* ---- generic netlink -------------------------------------------------- */

static int nl_resolve(int *family, uint32_t *group)
{
	struct {
		struct nlmsghdr nl;
		struct genlmsghdr genl;
		char attrs[64];
	} req;
	static char buf[16384];
	struct nlmsghdr *nl = (struct nlmsghdr *)buf;
	struct nlattr *a;
	int sk, len, ret = -ENOENT;
	ssize_t n;

	sk = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	CHECK(sk >= 0, "socket(NETLINK_GENERIC): %s", strerror(errno));
	memset(&req, 0, sizeof(req));
	req.genl.cmd = CTRL_CMD_GETFAMILY;
	req.genl.version = 1;
	a = (struct nlattr *)req.attrs;
	a->nla_type = CTRL_ATTR_FAMILY_NAME;
	a->nla_len = (uint16_t)NLA_HDRLEN + sizeof(NLB_FAMILY_NAME);
	memcpy((char *)a + NLA_HDRLEN, NLB_FAMILY_NAME, sizeof(NLB_FAMILY_NAME));
	req.nl.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN + NLA_ALIGN(a->nla_len));
	req.nl.nlmsg_type = GENL_ID_CTRL;
	req.nl.nlmsg_flags = NLM_F_REQUEST;
	CHECK(send(sk, &req, req.nl.nlmsg_len, 0) == (ssize_t)req.nl.nlmsg_len,
	      "send CTRL_CMD_GETFAMILY: %s", strerror(errno));
	n = recv(sk, buf, sizeof(buf), 0);
	close(sk);
	CHECK(n > 0, "recv CTRL_CMD_GETFAMILY: %s", strerror(errno));
	if (!NLMSG_OK(nl, (size_t)n) || nl->nlmsg_type == NLMSG_ERROR)
		return -ENOENT;		/* nl_bench.ko is not loaded */
	len = (int)nl->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	a = (struct nlattr *)((char *)NLMSG_DATA(nl) + GENL_HDRLEN);
	*family = -1;
	for (; len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= len;
	     len -= NLA_ALIGN(a->nla_len), a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len))) {
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID)
			*family = *(uint16_t *)((char *)a + NLA_HDRLEN);
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_MCAST_GROUPS) {
			/* Nested: one nest per group, each with a name and an id. */
			struct nlattr *g = (struct nlattr *)((char *)a + NLA_HDRLEN);
			int glen = a->nla_len - NLA_HDRLEN;

			for (; glen >= NLA_HDRLEN && g->nla_len >= NLA_HDRLEN && g->nla_len <= glen;
			     glen -= NLA_ALIGN(g->nla_len),
			     g = (struct nlattr *)((char *)g + NLA_ALIGN(g->nla_len))) {
				struct nlattr *f = (struct nlattr *)((char *)g + NLA_HDRLEN);
				int flen = g->nla_len - NLA_HDRLEN, named = 0;
				uint32_t id = 0;

				for (; flen >= NLA_HDRLEN && f->nla_len >= NLA_HDRLEN && f->nla_len <= flen;
				     flen -= NLA_ALIGN(f->nla_len),
				     f = (struct nlattr *)((char *)f + NLA_ALIGN(f->nla_len))) {
					if (f->nla_type == CTRL_ATTR_MCAST_GRP_NAME)
						named = !strcmp((char *)f + NLA_HDRLEN, NLB_MCGRP_NAME);
					if (f->nla_type == CTRL_ATTR_MCAST_GRP_ID)
						id = *(uint32_t *)((char *)f + NLA_HDRLEN);
				}
				if (named && id) {
					*group = id;
					ret = 0;
				}
			}
		}
	}
	return *family >= 0 ? ret : -ENOENT;
}

static void nl_message(struct result *r, const char *buf, size_t len, int family,
		       unsigned int size)
{
	const struct nlmsghdr *nl = (const void *)buf;
	const struct nlattr *a;
	const uint8_t *data = NULL;
	uint64_t seq = 0;
	uint32_t dlen = 0;
	int alen, have_seq = 0;

	CHECK(NLMSG_OK(nl, len) && nl->nlmsg_type == family, "not a nl_bench message (%zu bytes)",
	      len);
	alen = (int)nl->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	a = (const struct nlattr *)((const char *)NLMSG_DATA(nl) + GENL_HDRLEN);
	for (; alen >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= alen;
	     alen -= NLA_ALIGN(a->nla_len),
	     a = (const struct nlattr *)((const char *)a + NLA_ALIGN(a->nla_len))) {
		if (a->nla_type == NLB_ATTR_SEQ && a->nla_len == NLA_HDRLEN + 8) {
			memcpy(&seq, (const char *)a + NLA_HDRLEN, 8);
			have_seq = 1;
		} else if (a->nla_type == NLB_ATTR_DATA) {
			data = (const uint8_t *)a + NLA_HDRLEN;
			dlen = a->nla_len - NLA_HDRLEN;
		}
	}
	CHECK(have_seq && data, "nl_bench message without seq or data");
	account(r, seq, data, dlen, size);
}

static void run_nl(unsigned long count, unsigned int size, struct shared *sh, struct result *r)
{
	static char bufs[NL_SLOTS][NL_SLOT_SIZE];
	struct mmsghdr msgs[NL_SLOTS];
	struct iovec iov[NL_SLOTS];
	struct sockaddr_nl sa;
	int sk, family, rcvbuf = RCVBUF, i, n;
	uint32_t group;

	CHECK(nl_resolve(&family, &group) == 0, "generic netlink family %s not found:"
	      " is nl_bench.ko loaded?", NLB_FAMILY_NAME);
	sk = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_GENERIC);
	CHECK(sk >= 0, "socket: %s", strerror(errno));
	if (setsockopt(sk, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		CHECK(setsockopt(sk, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)) == 0,
		      "SO_RCVBUF: %s", strerror(errno));
	/* Bound, it has a port id: an unbound one (0) looks like the kernel sender. */
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	CHECK(bind(sk, (struct sockaddr *)&sa, sizeof(sa)) == 0, "bind: %s", strerror(errno));
	CHECK(setsockopt(sk, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) == 0,
	      "NETLINK_ADD_MEMBERSHIP %u: %s", group, strerror(errno));
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < NL_SLOTS; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = NL_SLOT_SIZE;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	start_writer(NLB_EMIT, count, size, sh, r);
	for (;;) {
		int done = writer_done(sh);

		r->calls++;
		n = recvmmsg(sk, msgs, NL_SLOTS, 0, NULL);
		if (n > 0) {
			for (i = 0; i < n; i++)
				nl_message(r, bufs[i], msgs[i].msg_len, family, size);
			r->last_ns = bench_now_ns();
			continue;
		}
		if (n < 0 && errno == ENOBUFS)
			continue;	/* overrun: the gap shows in the seqs */
		CHECK(n < 0 && (errno == EAGAIN || errno == EINTR), "recvmmsg: %s", strerror(errno));
		if (done)
			break;
		r->calls++;
		poll(&(struct pollfd){ .fd = sk, .events = POLLIN }, 1, 100);
	}
	close(sk);
}

/* ---- character device -------------------------------------------------- */

static void run_cdev(unsigned long count, unsigned int size, struct shared *sh,
		     struct result *r)
{
	uint8_t *buf = malloc(CDEV_BUF);
	int fd = open(CDB_DEV, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct uio_ring_rec hdr;
	ssize_t n, off;

	CHECK(buf, "no memory");
	CHECK(fd >= 0, "open %s: %s: is cdev_bench.ko loaded?", CDB_DEV, strerror(errno));
	while (read(fd, buf, CDEV_BUF) > 0)
		;		/* leftovers */
	start_writer(CDB_EMIT, count, size, sh, r);
	for (;;) {
		int done = writer_done(sh);

		r->calls++;
		n = read(fd, buf, CDEV_BUF);
		if (n > 0) {
			for (off = 0; off < n; off += (ssize_t)UIO_RING_REC_SIZE(hdr.len)) {
				CHECK(n - off >= (ssize_t)sizeof(hdr), "record header cut at %zd of %zd",
				      off, n);
				memcpy(&hdr, buf + off, sizeof(hdr));
				CHECK(hdr.type == UIO_RING_TYPE_TEST &&
				      (ssize_t)UIO_RING_REC_SIZE(hdr.len) <= n - off,
				      "bad record at %zd: type %u len %u", off, hdr.type, hdr.len);
				account(r, hdr.seq, buf + off + sizeof(hdr), hdr.len, size);
			}
			r->last_ns = bench_now_ns();
			continue;
		}
		CHECK(n < 0 && errno == EAGAIN, "read %s: %s", CDB_DEV, n < 0 ? strerror(errno) : "EOF");
		if (done)
			break;
		r->calls++;
		poll(&(struct pollfd){ .fd = fd, .events = POLLIN }, 1, 100);
	}
	close(fd);
	free(buf);
}

/* ---- main ------------------------------------------------------------- */

static void header(void)
{
	printf("%-6s %6s %9s %13s %13s %8s %10s %9s\n", "method", "size", "records",
	       "delivered/s", "produced/s", "lost", "cpu ns/rec", "calls/rec");
}

#define MAX_RUNS 16

struct cell {
	char method[8];
	unsigned int size;
	int runs;
	double delivered[MAX_RUNS], produced[MAX_RUNS], lost[MAX_RUNS], cpu[MAX_RUNS];
};

static struct cell *find_cell(struct cell *cells, int n, const char *method, unsigned int size)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(cells[i].method, method) && cells[i].size == size)
			return &cells[i];
	return NULL;
}

/*
 * table FILE: FILE holds rows of several runs (interleaved rounds); print
 * the median of each method and size, then the ring's ratios to the others.
 */
static int cmd_table(const char *path)
{
	static struct cell cells[32];
	FILE *f = fopen(path, "re");
	char line[256], method[16];
	unsigned int size;
	unsigned long count;
	double d, p, l, c, calls;
	int n = 0, i;

	CHECK(f, "open %s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		struct cell *x;

		if (sscanf(line, "%15s %u B %lu %lf M %lf M %lf%% %lf %lf", method, &size, &count, &d,
			   &p, &l, &c, &calls) != 8)
			continue;
		x = find_cell(cells, n, method, size);
		if (!x) {
			CHECK(n < 32, "table: too many rows");
			x = &cells[n++];
			snprintf(x->method, sizeof(x->method), "%.7s", method);
			x->size = size;
		}
		CHECK(x->runs < MAX_RUNS, "table: too many runs");
		x->delivered[x->runs] = d;
		x->produced[x->runs] = p;
		x->lost[x->runs] = l;
		x->cpu[x->runs] = c;
		x->runs++;
	}
	fclose(f);
	printf("%-6s %6s %4s %13s %13s %8s %10s\n", "method", "size", "runs", "delivered/s",
	       "produced/s", "lost", "cpu ns/rec");
	for (i = 0; i < n; i++) {
		const struct cell *x = &cells[i];

		printf("%-6s %4u B %4d %11.3f M %11.3f M %7.2f%% %10.0f\n", x->method, x->size,
		       x->runs, bench_median(x->delivered, x->runs),
		       bench_median(x->produced, x->runs), bench_median(x->lost, x->runs),
		       bench_median(x->cpu, x->runs));
	}
	printf("\nring vs the others, records delivered per second (medians; targets at 64 B:"
	       " >= 5x netlink, >= 2x read()):\n");
	for (i = 0; i < n; i++) {
		struct cell *r = &cells[i], *nl, *cd;
		double delivered, cpu;

		if (strcmp(r->method, "ring"))
			continue;
		nl = find_cell(cells, n, "nl", r->size);
		cd = find_cell(cells, n, "cdev", r->size);
		delivered = bench_median(r->delivered, r->runs);
		cpu = bench_median(r->cpu, r->runs);
		printf("  %4u B: ring/netlink %.1fx, ring/read() %.1fx; consumer CPU per record:"
		       " ring/netlink %.2f, ring/read() %.2f\n", r->size,
		       nl ? delivered / bench_median(nl->delivered, nl->runs) : 0,
		       cd ? delivered / bench_median(cd->delivered, cd->runs) : 0,
		       nl ? cpu / bench_median(nl->cpu, nl->runs) : 0,
		       cd ? cpu / bench_median(cd->cpu, cd->runs) : 0);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct shared *sh;
	struct result r;
	unsigned long count;
	unsigned int size;
	uint64_t c0, c1;
	double delivered, produced;
	int st;

	if (argc == 2 && !strcmp(argv[1], "header")) {
		header();
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "table"))
		return cmd_table(argv[2]);
	if (argc != 4) {
		fprintf(stderr, "usage: deliver-bench ring|nl|cdev COUNT SIZE | header | table FILE\n");
		return 2;
	}
	count = strtoul(argv[2], NULL, 0);
	size = (unsigned int)strtoul(argv[3], NULL, 0);
	CHECK(count > 0 && size <= MAX_SIZE, "COUNT > 0, SIZE <= %u", MAX_SIZE);
	uio_ring_test_table(table, sizeof(table));
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED, "mmap: %s", strerror(errno));
	memset(&r, 0, sizeof(r));
	bench_pin(1);
	if (!strcmp(argv[1], "ring"))
		run_ring(count, size, sh, &r);
	else if (!strcmp(argv[1], "nl"))
		run_nl(count, size, sh, &r);
	else if (!strcmp(argv[1], "cdev"))
		run_cdev(count, size, sh, &r);
	else
		FAIL("unknown method %s", argv[1]);
	c1 = bench_cpu_ns();
	c0 = r.cpu0_ns;
	CHECK(wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0 && !sh->failed,
	      "the writer failed");

	/* Drops after the last record received leave no gap behind it. */
	if (r.have_seq)
		r.lost += count - (r.next_seq - r.first_seq);
	else
		r.lost = count;
	CHECK(r.bad == 0, "%" PRIu64 " records with a wrong length or byte", r.bad);
	CHECK(r.got + r.lost == count, "received %" PRIu64 " + lost %" PRIu64 " != %lu", r.got,
	      r.lost, count);
	delivered = r.got && r.last_ns > sh->start_ns ?
		    (double)r.got / ((double)(r.last_ns - sh->start_ns) / 1e9) : 0;
	produced = (double)count / ((double)(sh->end_ns - sh->start_ns) / 1e9);
	printf("%-6s %4u B %9lu %11.3f M %11.3f M %7.2f%% %10.0f %9.4f\n", argv[1], size, count,
	       delivered / 1e6, produced / 1e6, 100.0 * (double)r.lost / (double)count,
	       (double)(c1 - c0) / (double)(r.got ? r.got : 1),
	       (double)r.calls / (double)(r.got ? r.got : 1));
	return 0;
}
