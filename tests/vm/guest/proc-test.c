// SPDX-License-Identifier: MIT
/*
 * proc-test: the listeners and checks of the process event tests
 * (tests/vm/tests/t-30-proc-events.sh, t-32-proc-reload.sh) and of the
 * process event part of `make bench` (bench/vm-proc-bench.sh). The processes
 * they watch come from proc-workload.
 *
 *   ring-listen RING INTERVAL_MS READY OUT
 *                        consume process events from RING (uio-ring)
 *   cn-listen MODE RCVBUF INTERVAL_MS READY OUT
 *                        listen to the netlink proc connector: MODE recv
 *                        (one recv() per event) or mmsg (recvmmsg, up to 64
 *                        per call); RCVBUF bytes asked for with SO_RCVBUFFORCE
 *   check WORKLOAD METHOD EVENTS
 *                        every child in WORKLOAD (proc-workload's OUT) appears
 *                        in EVENTS (a listener's OUT; METHOD ring or cn) with
 *                        its fork, exec and exit, with the right values
 *   table LABEL:STORM_OUT[:LISTENER_OUT]...
 *                        the bench table from storm and listener outputs
 *
 * A listener with INTERVAL_MS 0 sleeps until the next event (uio_ring_wait;
 * a blocking receive); with INTERVAL_MS > 0 it drains what is there every
 * INTERVAL_MS milliseconds and sleeps in between, trading latency for
 * batches. It creates READY once attached and runs until SIGTERM or SIGINT;
 * then it drains what is queued, prints one summary line ("ring ..." or
 * "cn ...", key=value) and, unless OUT is "-", writes every event to OUT:
 *   F PID TGID PPID TS CHILD_PID CHILD_TGID          fork (PID/TGID: parent)
 *   E PID TGID PPID TS OLD_PID COMM FILENAME          exec (cn: - -)
 *   X PID TGID PPID TS EXIT_CODE EXIT_SIGNAL FLAGS    exit (cn: FLAGS -1)
 * and a last line "D LOST": events the method lost (ring: dropped records;
 * cn: the estimate from per-CPU sequence gaps, at least 1 after ENOBUFS).
 *
 * ring-listen also checks what the ring guarantees: every record decodes,
 * records of each CPU never go back in time, consumed + dropped == produced
 * and the seq gaps it saw plus the drops after its last record == dropped.
 * The source must be quiet when it starts and stops (the script switches
 * proc_events on after READY and off before SIGTERM), so that the counters
 * it compares cover exactly what it consumed.
 *
 * Exit status: 0 pass, 1 fail (the reason on stderr).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <uio-ring/uio-ring.h>

#include "scaffold.h"


#define MAX_CPUS 256

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	stop = 1;
}

/* SIGTERM/SIGINT interrupt blocking calls (no SA_RESTART) and set stop. */
static void catch_stop(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

static void touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	CHECK(fd >= 0, "create %s: %s", path, strerror(errno));
	close(fd);
}

static FILE *open_out(const char *path)
{
	FILE *f;

	if (!strcmp(path, "-"))
		return NULL;
	f = fopen(path, "we");
	CHECK(f, "create %s: %s", path, strerror(errno));
	return f;
}

/* Strings go into space-separated lines: no spaces, never empty. */
static void put_word(FILE *f, const char *s)
{
	if (!*s)
		s = "?";
	for (; *s; s++)
		fputc(*s == ' ' || *s == '\n' || *s == '\t' ? '?' : *s, f);
}

/* ---- the ring's listener ---------------------------------------------- */

struct ring_listener {
	FILE *out;
	uint64_t events, forks, execs, exits, other, bad, backwards;
	uint64_t last_ts[MAX_CPUS];
	uint64_t next_seq;		/* the seq expected next */
	uint64_t gaps, seq_range;	/* seqs skipped; seqs outside the window */
	int in_window;
};

static int on_ring_record(void *ctx, const struct uio_ring_record *rec)
{
	struct ring_listener *l = ctx;
	struct uio_ring_proc_event ev;
	int ret;

	if (l->in_window) {
		/* seqs count drops too: a gap is records the producer dropped */
		if (rec->seq < l->next_seq && l->seq_range++ < 5)
			fprintf(stderr, "seq %" PRIu64 ": before the window or going back (expected %"
				PRIu64 ")\n", rec->seq, l->next_seq);
		if (rec->seq >= l->next_seq)
			l->gaps += rec->seq - l->next_seq;
		l->next_seq = rec->seq + 1;
	}
	ret = uio_ring_proc_decode(rec, &ev);
	if (ret) {
		if (ret == -ENOMSG)
			l->other++;
		else if (l->bad++ < 5)
			fprintf(stderr, "seq %" PRIu64 ": %s\n", rec->seq, uio_ring_errmsg());
		return 0;
	}
	if (ev.cpu >= MAX_CPUS) {
		if (l->bad++ < 5)
			fprintf(stderr, "seq %" PRIu64 ": cpu %u\n", rec->seq, ev.cpu);
		return 0;
	}
	l->events++;
	if (ev.timestamp_ns < l->last_ts[ev.cpu] && l->backwards++ < 5)
		fprintf(stderr, "seq %" PRIu64 ": CPU %u went back in time: %" PRIu64 " after %"
			PRIu64 "\n", rec->seq, ev.cpu, ev.timestamp_ns, l->last_ts[ev.cpu]);
	if (ev.timestamp_ns > l->last_ts[ev.cpu])
		l->last_ts[ev.cpu] = ev.timestamp_ns;

	switch (ev.type) {
	case UIO_RING_TYPE_PROC_FORK:
		l->forks++;
		if (l->out)
			fprintf(l->out, "F %u %u %u %" PRIu64 " %u %u\n", ev.pid, ev.tgid, ev.ppid,
				ev.timestamp_ns, ev.child_pid, ev.child_tgid);
		break;
	case UIO_RING_TYPE_PROC_EXEC:
		l->execs++;
		if (l->out) {
			fprintf(l->out, "E %u %u %u %" PRIu64 " %u ", ev.pid, ev.tgid, ev.ppid,
				ev.timestamp_ns, ev.old_pid);
			put_word(l->out, ev.comm);
			fputc(' ', l->out);
			put_word(l->out, ev.filename);
			fputc('\n', l->out);
		}
		break;
	case UIO_RING_TYPE_PROC_EXIT:
		l->exits++;
		if (l->out)
			fprintf(l->out, "X %u %u %u %" PRIu64 " %u %u %u\n", ev.pid, ev.tgid, ev.ppid,
				ev.timestamp_ns, ev.exit_code, ev.exit_signal, ev.flags);
		break;
	}
	return 0;
}

static int drain(struct uio_ring *ring, struct ring_listener *l)
{
	int n, total = 0;

	while ((n = uio_ring_consume(ring, 4096, on_ring_record, l)) > 0)
		total += n;
	CHECK(n == 0, "consume: %s: %s", uio_ring_strerror(n), uio_ring_errmsg());
	return total;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);	/* a signal ends it early: fine */
}

static int cmd_ring_listen(const char *spec, int interval_ms, const char *ready,
			   const char *outpath)
{
	struct ring_listener *l = calloc(1, sizeof(*l));
	struct uio_ring_stats s0, s;
	struct uio_ring *ring;
	uint64_t c0, c1, t0, t1, produced, dropped, consumed, missed, trailing, seq_end;
	int ret;

	CHECK(l, "no memory");
	catch_stop();
	ret = uio_ring_open(spec, 0, &ring);
	CHECK(ret == 0, "uio_ring_open(%s): %s: %s", spec, uio_ring_strerror(ret),
	      uio_ring_errmsg());
	/*
	 * Leftovers are not ours to count. The window starts with an empty
	 * ring: every seq handed out before it was consumed just now or
	 * dropped, so the first one of ours is produced + dropped.
	 */
	do {
		drain(ring, l);
		uio_ring_get_stats(ring, &s0);
	} while (s0.pending_bytes);
	memset(l, 0, sizeof(*l));
	l->in_window = 1;
	l->next_seq = s0.produced + s0.dropped;
	l->out = open_out(outpath);
	c0 = bench_cpu_ns();
	t0 = bench_now_ns();
	touch(ready);

	while (!stop) {
		if (drain(ring, l) > 0 && !interval_ms)
			continue;
		if (interval_ms) {
			sleep_ms(interval_ms);
			continue;
		}
		ret = uio_ring_wait(ring, 1000);
		CHECK(ret >= 0 || ret == -EINTR, "wait: %s: %s", uio_ring_strerror(ret),
		      uio_ring_errmsg());
	}
	/* The source is off now: what is in the ring is all there is. */
	drain(ring, l);
	c1 = bench_cpu_ns();
	t1 = bench_now_ns();
	uio_ring_get_stats(ring, &s);

	produced = s.produced - s0.produced;
	dropped = s.dropped - s0.dropped;
	consumed = s.consumed - s0.consumed;
	missed = s.missed - s0.missed;	/* the library's count, for the record */
	/* Drops after the last record leave no gap behind a later one. */
	seq_end = s.produced + s.dropped;
	trailing = seq_end >= l->next_seq ? seq_end - l->next_seq : 0;
	printf("ring interval_ms=%d events=%" PRIu64 " fork=%" PRIu64 " exec=%" PRIu64 " exit=%" PRIu64
	       " produced=%" PRIu64 " dropped=%" PRIu64 " consumed=%" PRIu64 " gaps=%" PRIu64
	       " trailing=%" PRIu64 " lib_missed=%" PRIu64 " backwards=%" PRIu64 " bad=%" PRIu64 " other=%" PRIu64
	       " wakeups=%" PRIu64 " cpu_ns=%" PRIu64 " wall_ns=%" PRIu64 " ns_per_event=%.0f\n",
	       interval_ms, l->events, l->forks, l->execs, l->exits, produced, dropped, consumed, l->gaps,
	       trailing, missed, l->backwards, l->bad, l->other, s.wakeups - s0.wakeups, c1 - c0, t1 - t0,
	       (double)(c1 - c0) / (double)(l->events ? l->events : 1));
	if (l->out) {
		fprintf(l->out, "D %" PRIu64 "\n", dropped);
		CHECK(fclose(l->out) == 0, "write %s: %s", outpath, strerror(errno));
	}
	CHECK(l->bad == 0, "%" PRIu64 " records did not decode", l->bad);
	CHECK(l->other == 0, "%" PRIu64 " records were not process events", l->other);
	CHECK(l->backwards == 0, "%" PRIu64 " records went back in time on their CPU",
	      l->backwards);
	CHECK(s.pending_bytes == 0, "%" PRIu64 " bytes left in the ring: is the source still on?",
	      s.pending_bytes);
	CHECK(consumed == l->events + l->other + l->bad, "the handle counted %" PRIu64
	      " records, the callback %" PRIu64, consumed, l->events + l->other + l->bad);
	CHECK(produced == consumed, "produced %" PRIu64 " != consumed %" PRIu64
	      " (dropped %" PRIu64 ")", produced, consumed, dropped);
	CHECK(l->seq_range == 0 && l->next_seq <= seq_end, "%" PRIu64 " records with a seq"
	      " outside the window [%" PRIu64 ", %" PRIu64 ")", l->seq_range + (l->next_seq > seq_end),
	      s0.produced + s0.dropped, seq_end);
	CHECK(l->gaps + trailing == dropped, "seq gaps %" PRIu64 " + %" PRIu64
	      " after the last record != dropped %" PRIu64, l->gaps, trailing, dropped);
	CHECK(s.consumer_faults == s0.consumer_faults, "consumer faults: %" PRIu64,
	      s.consumer_faults - s0.consumer_faults);
	uio_ring_close(ring);
	free(l);
	return 0;
}

/* ---- the proc connector's listener ------------------------------------- */

#define CN_SLOTS	64
#define CN_SLOT_SIZE	512

struct cn_listener {
	FILE *out;
	uint64_t events, forks, execs, exits, other, enobufs, calls;
	uint64_t first_seq[MAX_CPUS], next_seq[MAX_CPUS], seen[MAX_CPUS];
};

static int cn_control(int sk, enum proc_cn_mcast_op op)
{
	struct {
		struct nlmsghdr nl;
		struct cn_msg cn;
		enum proc_cn_mcast_op op;
	} __attribute__((packed)) req;

	memset(&req, 0, sizeof(req));
	req.nl.nlmsg_len = sizeof(req);
	req.nl.nlmsg_type = NLMSG_DONE;
	req.nl.nlmsg_pid = (uint32_t)getpid();
	req.cn.id.idx = CN_IDX_PROC;
	req.cn.id.val = CN_VAL_PROC;
	req.cn.len = sizeof(req.op);
	req.op = op;
	return send(sk, &req, sizeof(req), 0) == (ssize_t)sizeof(req) ? 0 : -errno;
}

static void cn_message(struct cn_listener *l, const void *buf, size_t len)
{
	const struct nlmsghdr *nl = buf;
	const struct cn_msg *cn;
	const struct proc_event *ev;
	unsigned int cpu;

	if (!NLMSG_OK(nl, len) || nl->nlmsg_type != NLMSG_DONE ||
	    nl->nlmsg_len < NLMSG_LENGTH(sizeof(*cn)))
		return;
	cn = NLMSG_DATA(nl);
	if (cn->id.idx != CN_IDX_PROC || cn->id.val != CN_VAL_PROC ||
	    cn->len < sizeof(*ev) || nl->nlmsg_len < NLMSG_LENGTH(sizeof(*cn) + cn->len))
		return;
	ev = (const void *)cn->data;
	if (ev->what == PROC_EVENT_NONE)
		return;		/* the ack of PROC_CN_MCAST_LISTEN */

	cpu = ev->cpu;
	if (cpu < MAX_CPUS) {
		/* Sequence numbers count every event sent on that CPU. */
		if (!l->seen[cpu]++)
			l->first_seq[cpu] = cn->seq;
		l->next_seq[cpu] = cn->seq + 1;
	}
	l->events++;
	switch (ev->what) {
	case PROC_EVENT_FORK:
		l->forks++;
		if (l->out)
			fprintf(l->out, "F %d %d 0 %llu %d %d\n", ev->event_data.fork.parent_pid,
				ev->event_data.fork.parent_tgid,
				(unsigned long long)ev->timestamp_ns, ev->event_data.fork.child_pid,
				ev->event_data.fork.child_tgid);
		break;
	case PROC_EVENT_EXEC:
		l->execs++;
		if (l->out)
			fprintf(l->out, "E %d %d 0 %llu %d - -\n", ev->event_data.exec.process_pid,
				ev->event_data.exec.process_tgid,
				(unsigned long long)ev->timestamp_ns, ev->event_data.exec.process_pid);
		break;
	case PROC_EVENT_EXIT:
		l->exits++;
		if (l->out)
			fprintf(l->out, "X %d %d %d %llu %u %u -1\n", ev->event_data.exit.process_pid,
				ev->event_data.exit.process_tgid, ev->event_data.exit.parent_tgid,
				(unsigned long long)ev->timestamp_ns, ev->event_data.exit.exit_code,
				ev->event_data.exit.exit_signal);
		break;
	default:
		l->other++;
		break;
	}
}

/* One receive call: returns messages handled, 0 when none (EAGAIN, EINTR). */
static int cn_receive(int sk, struct cn_listener *l, int mmsg, int dontwait,
		      struct mmsghdr *msgs, char (*bufs)[CN_SLOT_SIZE])
{
	int n, i;

	l->calls++;
	if (mmsg)
		n = recvmmsg(sk, msgs, CN_SLOTS, dontwait ? MSG_DONTWAIT : MSG_WAITFORONE, NULL);
	else {
		ssize_t r = recv(sk, bufs[0], CN_SLOT_SIZE, dontwait ? MSG_DONTWAIT : 0);

		n = r < 0 ? -1 : 1;
		msgs[0].msg_len = r < 0 ? 0 : (unsigned int)r;
	}
	if (n < 0) {
		if (errno == ENOBUFS) {
			l->enobufs++;	/* the socket overflowed: events were lost */
			return -1;
		}
		CHECK(errno == EAGAIN || errno == EINTR, "recv: %s", strerror(errno));
		return 0;
	}
	for (i = 0; i < n; i++)
		cn_message(l, bufs[i], msgs[i].msg_len);
	return n;
}

static int cmd_cn_listen(const char *mode, int rcvbuf, int interval_ms, const char *ready,
			 const char *outpath)
{
	static char bufs[CN_SLOTS][CN_SLOT_SIZE];
	struct mmsghdr msgs[CN_SLOTS];
	struct iovec iov[CN_SLOTS];
	struct cn_listener *l = calloc(1, sizeof(*l));
	struct sockaddr_nl sa;
	uint64_t c0, c1, t0, t1, lost = 0;
	int sk, i, mmsg = !strcmp(mode, "mmsg"), got;
	socklen_t optlen = sizeof(got);

	CHECK(l, "no memory");
	CHECK(mmsg || !strcmp(mode, "recv"), "cn-listen: MODE is recv or mmsg");
	catch_stop();
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < CN_SLOTS; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = CN_SLOT_SIZE;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	sk = socket(PF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_CONNECTOR);
	CHECK(sk >= 0, "socket(NETLINK_CONNECTOR): %s", strerror(errno));
	if (setsockopt(sk, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		CHECK(setsockopt(sk, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)) == 0,
		      "SO_RCVBUF: %s", strerror(errno));
	getsockopt(sk, SOL_SOCKET, SO_RCVBUF, &got, &optlen);
	/* A SIGTERM just before a blocking receive must not leave us waiting. */
	CHECK(setsockopt(sk, SOL_SOCKET, SO_RCVTIMEO, &(struct timeval){ .tv_sec = 1 },
			 sizeof(struct timeval)) == 0, "SO_RCVTIMEO: %s", strerror(errno));
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	sa.nl_groups = CN_IDX_PROC;
	CHECK(bind(sk, (struct sockaddr *)&sa, sizeof(sa)) == 0, "bind: %s", strerror(errno));
	CHECK(cn_control(sk, PROC_CN_MCAST_LISTEN) == 0, "PROC_CN_MCAST_LISTEN: %s",
	      strerror(errno));
	l->out = open_out(outpath);
	c0 = bench_cpu_ns();
	t0 = bench_now_ns();
	touch(ready);

	while (!stop) {
		if (!interval_ms) {
			cn_receive(sk, l, mmsg, 0, msgs, bufs);
			continue;
		}
		while (!stop && cn_receive(sk, l, mmsg, 1, msgs, bufs) != 0)
			;
		sleep_ms(interval_ms);
	}
	/* Everything sent before the stop is queued on the socket already. */
	while (cn_receive(sk, l, mmsg, 1, msgs, bufs) != 0)
		;
	c1 = bench_cpu_ns();
	t1 = bench_now_ns();
	cn_control(sk, PROC_CN_MCAST_IGNORE);
	close(sk);

	for (i = 0; i < MAX_CPUS; i++)
		if (l->seen[i])
			lost += l->next_seq[i] - l->first_seq[i] - l->seen[i];
	if (l->enobufs && !lost)
		lost = 1;	/* lost, but behind the last event we saw */
	printf("cn mode=%s interval_ms=%d rcvbuf=%d events=%" PRIu64 " fork=%" PRIu64 " exec=%" PRIu64
	       " exit=%" PRIu64 " other=%" PRIu64 " enobufs=%" PRIu64 " lost=%" PRIu64
	       " calls=%" PRIu64 " cpu_ns=%" PRIu64 " wall_ns=%" PRIu64 " ns_per_event=%.0f\n",
	       mode, interval_ms, got, l->events, l->forks, l->execs, l->exits, l->other, l->enobufs, lost,
	       l->calls, c1 - c0, t1 - t0, (double)(c1 - c0) / (double)(l->events ? l->events : 1));
	if (l->out) {
		fprintf(l->out, "D %" PRIu64 "\n", lost);
		CHECK(fclose(l->out) == 0, "write %s: %s", outpath, strerror(errno));
	}
	free(l);
	return 0;
}

/* ---- check ------------------------------------------------------------ */

struct child {
	int pid, status;
	unsigned int forks, execs, exits, wrong;
	uint64_t ts_fork, ts_exec, ts_exit;
};

struct workload {
	int pid;
	unsigned long n;
	char helper[256];
	struct child *c;
	long *slot;		/* open addressing: pid -> index in c, -1 empty */
	unsigned long nslots;
};

static struct child *find_child(const struct workload *w, long pid)
{
	unsigned long h = (unsigned long)pid * 2654435761u % w->nslots;

	for (; w->slot[h] >= 0; h = (h + 1) % w->nslots)
		if (w->c[w->slot[h]].pid == pid)
			return &w->c[w->slot[h]];
	return NULL;
}

static void read_workload(const char *path, struct workload *w)
{
	FILE *f = fopen(path, "re");
	unsigned long i, idx, h;
	int pid, st;

	CHECK(f, "open %s: %s", path, strerror(errno));
	CHECK(fscanf(f, "workload %d %lu %255s", &w->pid, &w->n, w->helper) == 3,
	      "%s: no workload line", path);
	w->c = calloc(w->n, sizeof(*w->c));
	w->nslots = 2 * w->n + 1;
	w->slot = malloc(w->nslots * sizeof(*w->slot));
	CHECK(w->c && w->slot, "no memory");
	memset(w->slot, 0xff, w->nslots * sizeof(*w->slot));
	for (i = 0; i < w->n; i++) {
		CHECK(fscanf(f, "%lu %d %d", &idx, &pid, &st) == 3 && idx == i,
		      "%s: bad line for child %lu", path, i);
		CHECK(!find_child(w, pid), "%s: pid %d twice", path, pid);
		w->c[i].pid = pid;
		w->c[i].status = st;
		for (h = (unsigned long)pid * 2654435761u % w->nslots; w->slot[h] >= 0;
		     h = (h + 1) % w->nslots)
			;
		w->slot[h] = (long)i;
	}
	fclose(f);
}

#define WRONG(c, ...) do { \
	if ((c)->wrong++ == 0 && wrong_shown++ < 10) \
		fprintf(stderr, __VA_ARGS__); \
} while (0)

static int cmd_check(const char *wpath, const char *method, const char *epath)
{
	struct workload w;
	struct child *c;
	const char *comm;
	FILE *f = fopen(epath, "re");
	char line[1024], s1[300], s2[300];
	int ring = !strcmp(method, "ring"), wrong_shown = 0;
	unsigned long long ts, lost = ~0ull;
	unsigned int pid, tgid, ppid, a, b, fl, other_children = 0;
	unsigned long i, missing = 0, dup = 0, wrong = 0, order = 0, no_parent = 0;
	int flags;

	CHECK(ring || !strcmp(method, "cn"), "check: METHOD is ring or cn");
	CHECK(f, "open %s: %s", epath, strerror(errno));
	memset(&w, 0, sizeof(w));
	read_workload(wpath, &w);
	comm = strrchr(w.helper, '/') ? strrchr(w.helper, '/') + 1 : w.helper;

	while (fgets(line, sizeof(line), f)) {
		switch (line[0]) {
		case 'F':
			CHECK(sscanf(line, "F %u %u %u %llu %u %u", &pid, &tgid, &ppid, &ts, &a, &b) == 6,
			      "%s: bad line %s", epath, line);
			if ((int)tgid != w.pid)
				break;
			c = find_child(&w, a);
			if (!c) {
				other_children++;
				break;
			}
			c->forks++;
			c->ts_fork = ts;
			if (b != a || pid != tgid)
				WRONG(c, "fork of pid %u: child_tgid %u, parent pid %u tgid %u\n", a, b,
				      pid, tgid);
			break;
		case 'E':
			CHECK(sscanf(line, "E %u %u %u %llu %u %299s %299s", &pid, &tgid, &ppid, &ts, &a,
				     s1, s2) == 7, "%s: bad line %s", epath, line);
			c = find_child(&w, pid);
			if (!c)
				break;
			c->execs++;
			c->ts_exec = ts;
			if (tgid != pid || a != pid)
				WRONG(c, "exec of pid %u: tgid %u, old_pid %u\n", pid, tgid, a);
			if (ring && (ppid != (unsigned int)w.pid || strcmp(s2, w.helper) ||
				     strncmp(s1, comm, 15)))
				WRONG(c, "exec of pid %u: ppid %u, comm %s, filename %s; want %d, %.15s, %s\n",
				      pid, ppid, s1, s2, w.pid, comm, w.helper);
			break;
		case 'X':
			CHECK(sscanf(line, "X %u %u %u %llu %u %u %d", &pid, &tgid, &ppid, &ts, &a, &b,
				     &flags) == 7, "%s: bad line %s", epath, line);
			c = find_child(&w, pid);
			if (!c)
				break;
			c->exits++;
			c->ts_exit = ts;
			fl = (unsigned int)flags;
			/*
			 * The connector reads the parent after exit_notify(): when
			 * the parent has reaped the child by then, it says 0.
			 */
			if (!ring && ppid != (unsigned int)w.pid)
				no_parent++;
			if (tgid != pid || a != (unsigned int)c->status || b != SIGCHLD ||
			    (ring && (ppid != (unsigned int)w.pid || !(fl & UIO_RING_PROC_F_GROUP_DEAD))))
				WRONG(c, "exit of pid %u: tgid %u, code 0x%x, signal %u, ppid %u, flags %d;"
				      " want code 0x%x, SIGCHLD, ppid %d\n", pid, tgid, a, b, ppid,
				      flags, c->status, w.pid);
			break;
		case 'D':
			CHECK(sscanf(line, "D %llu", &lost) == 1, "%s: bad line %s", epath, line);
			break;
		}
	}
	fclose(f);
	CHECK(lost != ~0ull, "%s: no D line: the listener did not finish", epath);

	for (i = 0; i < w.n; i++) {
		c = &w.c[i];
		missing += (c->forks == 0) + (c->execs == 0) + (c->exits == 0);
		dup += (c->forks > 1) + (c->execs > 1) + (c->exits > 1);
		wrong += c->wrong != 0;
		if (c->forks == 1 && c->execs == 1 && c->exits == 1 &&
		    !(c->ts_fork <= c->ts_exec && c->ts_exec <= c->ts_exit) && order++ < 5)
			fprintf(stderr, "pid %d: fork at %llu, exec at %llu, exit at %llu\n", c->pid,
				(unsigned long long)c->ts_fork, (unsigned long long)c->ts_exec,
				(unsigned long long)c->ts_exit);
	}
	printf("check %s: %lu children of pid %d: %lu events expected, %lu missing, %lu"
	       " duplicated, %lu children with a wrong value, %lu out of order, %u other"
	       " children; the listener lost %llu events\n", method, w.n, w.pid, 3 * w.n,
	       missing, dup, wrong, order, other_children, lost);
	if (no_parent)
		printf("check %s: %lu exit events name a parent other than pid %d (reaped first)\n",
		       method, no_parent, w.pid);
	CHECK(wrong == 0, "%lu children with a wrong value", wrong);
	CHECK(dup == 0, "%lu events seen twice", dup);
	CHECK(order == 0, "%lu children whose fork, exec and exit are out of order", order);
	CHECK(other_children == 0, "%u fork events of pid %d for children it never had",
	      other_children, w.pid);
	CHECK(missing <= lost, "%lu events missing, but the listener lost only %llu",
	      missing, lost);
	return 0;
}

/* ---- table ------------------------------------------------------------ */

/* The value of KEY in a "key=value ..." line, or -1. */
static double field(const char *line, const char *key)
{
	size_t n = strlen(key);
	const char *p;

	for (p = line; (p = strstr(p, key)); p += n)
		if ((p == line || p[-1] == ' ') && p[n] == '=')
			return strtod(p + n + 1, NULL);
	return -1;
}

/* The first line of PATH that starts with PREFIX, or "". */
static void read_line(const char *path, const char *prefix, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	int found = 0;

	buf[0] = '\0';
	if (!f)
		return;
	while (!found && fgets(buf, (int)len, f))
		found = !strncmp(buf, prefix, strlen(prefix));
	if (!found)
		buf[0] = '\0';
	fclose(f);
}

#define MAX_RUNS 16
#define MAX_ROWS 16

struct row {
	char label[64];
	int runs, listener;
	double rate[MAX_RUNS], nspe[MAX_RUNS];
	double events, lost, enobufs;
};

static struct row *find_row(struct row *rows, int *nrows, const char *label)
{
	int i;

	for (i = 0; i < *nrows; i++)
		if (!strcmp(rows[i].label, label))
			return &rows[i];
	CHECK(*nrows < MAX_ROWS, "table: too many labels");
	snprintf(rows[*nrows].label, sizeof(rows[*nrows].label), "%.63s", label);
	return &rows[(*nrows)++];
}

/*
 * table LABEL:STORM_OUT[:LISTENER_OUT] ...: one row per label, medians over
 * the runs that share it (events and losses: totals). The first label is
 * the baseline (no listener). Then, for each pair of labels "ring,X" and
 * "cn,X", the ratios the issue sets targets for.
 */
static int cmd_table(int argc, char **argv)
{
	static struct row rows[MAX_ROWS];
	int nrows = 0, i, j;
	double base = 0;

	for (i = 0; i < argc; i++) {
		char spec[512], storm[512], lis[512];
		char *sp, *lp;
		struct row *r;

		snprintf(spec, sizeof(spec), "%s", argv[i]);
		sp = strchr(spec, ':');
		CHECK(sp, "table: LABEL:STORM_OUT[:LISTENER_OUT]");
		*sp++ = '\0';
		lp = strchr(sp, ':');
		if (lp)
			*lp++ = '\0';
		r = find_row(rows, &nrows, spec);
		CHECK(r->runs < MAX_RUNS, "table: too many runs of %s", spec);
		read_line(sp, "storm ", storm, sizeof(storm));
		CHECK(storm[0], "%s: no storm line", sp);
		r->rate[r->runs] = field(storm, "rate");
		lis[0] = '\0';
		if (lp) {
			read_line(lp, "ring ", lis, sizeof(lis));
			if (!lis[0])
				read_line(lp, "cn ", lis, sizeof(lis));
			CHECK(lis[0], "%s: no listener line", lp);
		}
		if (!strncmp(lis, "ring ", 5)) {
			r->listener = 1;
			r->lost += field(lis, "dropped");
			r->events += field(lis, "events") + field(lis, "dropped");
			r->nspe[r->runs] = field(lis, "ns_per_event");
		} else if (!strncmp(lis, "cn ", 3)) {
			r->listener = 1;
			r->lost += field(lis, "lost");
			r->events += field(lis, "events") + field(lis, "lost");
			r->enobufs += field(lis, "enobufs");
			r->nspe[r->runs] = field(lis, "ns_per_event");
		}
		r->runs++;
	}

	printf("%-16s %4s %9s %8s %9s %9s %8s %8s %10s\n", "listener", "runs", "forks/s",
	       "vs none", "events", "delivered", "lost", "ENOBUFS", "CPU ns/ev");
	for (i = 0; i < nrows; i++) {
		struct row *r = &rows[i];
		double rate = bench_median(r->rate, (unsigned int)r->runs);

		if (i == 0)
			base = rate;
		printf("%-16s %4d %9.0f %7.2fx", r->label, r->runs, rate, base > 0 ? rate / base : 0);
		if (r->listener)
			printf(" %9.0f %9.0f %8.0f %8.0f %10.0f\n", r->events, r->events - r->lost,
			       r->lost, r->enobufs, bench_median(r->nspe, (unsigned int)r->runs));
		else
			printf(" %9s %9s %8s %8s %10s\n", "-", "-", "-", "-", "-");
	}

	/* The targets, ring against connector, mode by mode. */
	printf("\nring vs connector, same storm, same listener mode (targets: CPU/event <= 0.33,"
	       " no loss where the connector lost, fork rate >= the connector's):\n");
	for (i = 0; i < nrows; i++) {
		if (strncmp(rows[i].label, "ring,", 5))
			continue;
		for (j = 0; j < nrows; j++) {
			struct row *r = &rows[i], *c = &rows[j];
			double rr, cr;

			if (strncmp(c->label, "cn,", 3) || strcmp(c->label + 3, r->label + 5))
				continue;
			rr = bench_median(r->rate, (unsigned int)r->runs);
			cr = bench_median(c->rate, (unsigned int)c->runs);
			printf("  %-10s CPU/event ring/cn %.2f; lost ring %.0f, cn %.0f (ENOBUFS %.0f);"
			       " fork rate ring/cn %.2f (%.2fx vs %.2fx of none)\n", r->label + 5,
			       bench_median(r->nspe, (unsigned int)r->runs) /
			       bench_median(c->nspe, (unsigned int)c->runs), r->lost, c->lost,
			       c->enobufs, rr / cr, base > 0 ? rr / base : 0, base > 0 ? cr / base : 0);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(cmd, "ring-listen") && argc == 6)
		return cmd_ring_listen(argv[2], atoi(argv[3]), argv[4], argv[5]);
	if (!strcmp(cmd, "cn-listen") && argc == 7)
		return cmd_cn_listen(argv[2], atoi(argv[3]), atoi(argv[4]), argv[5], argv[6]);
	if (!strcmp(cmd, "check") && argc == 5)
		return cmd_check(argv[2], argv[3], argv[4]);
	if (!strcmp(cmd, "table") && argc >= 3)
		return cmd_table(argc - 2, argv + 2);
	fprintf(stderr, "usage: proc-test ring-listen RING INTERVAL_MS READY OUT |"
		" cn-listen recv|mmsg RCVBUF INTERVAL_MS READY OUT | check WORKLOAD ring|cn EVENTS |"
		" table LABEL:STORM_OUT[:LISTENER_OUT]...\n");
	return 2;
}
