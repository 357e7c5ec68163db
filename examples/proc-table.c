// SPDX-License-Identifier: MIT
/*
 * proc-table: keep a live table of the processes on this system from the
 * process events of a uio-ring, inside an epoll(7) event loop.
 *
 * What it shows:
 *   - libuio-ring in someone else's event loop: uio_ring_fd() is one more
 *     file descriptor in the epoll set; uio_ring_ack() after it was readable,
 *     uio_ring_arm() before going to sleep (see uio_ring_wait(3));
 *   - uio_ring_peek() / uio_ring_release() in batches, and
 *     uio_ring_proc_decode() to turn records into process events;
 *   - a signalfd for SIGINT and SIGTERM, so that a signal is one more event
 *     and never interrupts the loop half way; a timerfd for a summary every
 *     few seconds, another one for --duration;
 *   - what the events mean for a process table: threads versus processes,
 *     UIO_RING_PROC_F_GROUP_DEAD, and what to do about missed records.
 *
 * The table starts from a scan of /proc, made after the ring was opened:
 * every event from then on is in the ring, so whatever the scan saw is
 * corrected by the events that follow it (a process that exited during the
 * scan has its exit record after it).
 *
 * Build it with the rest of the tree (make), or on its own against an
 * installed libuio-ring (there the header is <uio-ring/uio-ring.h>):
 *   cc -o proc-table proc-table.c $(pkg-config --cflags --libs libuio-ring)
 * Switch the ring's process events on first, as root:
 *   echo 1 > /sys/class/uio/uio0/device/proc_events
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <uio-ring/uio-ring.h>

#define BATCH		64	/* records per uio_ring_peek() */
#define NR_BUCKETS	4096	/* hash buckets of the table: a power of two */

/* One process of the table, found by its process id (tgid). */
struct proc {
	struct proc *next;		/* in its hash bucket */
	uint32_t tgid;
	uint32_t ppid;
	uint32_t uid;
	uint64_t start_ns;		/* fork timestamp; 0: found by the /proc scan */
	char comm[16];
	char filename[UIO_RING_PROC_FILENAME_MAX];
};

struct counts {
	uint64_t forks;			/* new processes */
	uint64_t threads;		/* new threads */
	uint64_t execs;
	uint64_t exits;			/* exit records: every thread */
	uint64_t process_exits;		/* processes removed from the table */
	uint64_t malformed;		/* process events that did not decode */
	uint64_t other;			/* records of other types */
	uint64_t records;		/* all records consumed */
};

struct app {
	struct uio_ring *ring;
	struct proc *buckets[NR_BUCKETS];
	size_t live;			/* processes in the table */
	struct counts n;
	bool verbose;
	uint64_t max_records;		/* 0: no limit */
};

/* ------------------------------------------------------------------------ */
/* The table: a chained hash keyed by tgid.                                 */

static struct proc **bucket(struct app *a, uint32_t tgid)
{
	/* Knuth's multiplicative hash: pids are dense, this spreads them. */
	return &a->buckets[(tgid * 2654435761u) & (NR_BUCKETS - 1)];
}

static struct proc *lookup(struct app *a, uint32_t tgid)
{
	struct proc *p;

	for (p = *bucket(a, tgid); p; p = p->next)
		if (p->tgid == tgid)
			return p;
	return NULL;
}

/* The entry of tgid, created empty if there is none. NULL: out of memory. */
static struct proc *get(struct app *a, uint32_t tgid)
{
	struct proc **b = bucket(a, tgid), *p = lookup(a, tgid);

	if (p)
		return p;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->tgid = tgid;
	p->next = *b;
	*b = p;
	a->live++;
	return p;
}

/* Unlink and return the entry of tgid (to be freed), or NULL. */
static struct proc *take(struct app *a, uint32_t tgid)
{
	struct proc **pp, *p;

	for (pp = bucket(a, tgid); (p = *pp); pp = &p->next) {
		if (p->tgid == tgid) {
			*pp = p->next;
			a->live--;
			return p;
		}
	}
	return NULL;
}

static int cmp_tgid(const void *x, const void *y)
{
	const struct proc *p = *(const struct proc *const *)x;
	const struct proc *q = *(const struct proc *const *)y;

	return p->tgid < q->tgid ? -1 : p->tgid > q->tgid;
}

/* "live TGID ppid=P uid=U start=S comm=C filename=F", sorted by tgid. */
static void print_table(struct app *a)
{
	struct proc **all = malloc((a->live ? a->live : 1) * sizeof(*all));
	size_t i, k = 0;

	if (!all) {
		fprintf(stderr, "proc-table: out of memory\n");
		return;
	}
	for (i = 0; i < NR_BUCKETS; i++)
		for (struct proc *p = a->buckets[i]; p; p = p->next)
			all[k++] = p;
	qsort(all, k, sizeof(*all), cmp_tgid);
	for (i = 0; i < k; i++) {
		printf("live %" PRIu32 " ppid=%" PRIu32 " uid=%" PRIu32, all[i]->tgid,
		       all[i]->ppid, all[i]->uid);
		if (all[i]->start_ns)
			printf(" start=%" PRIu64 ".%09" PRIu64, all[i]->start_ns / 1000000000u,
			       all[i]->start_ns % 1000000000u);
		else
			printf(" start=?");
		printf(" comm=%s filename=%s\n", all[i]->comm[0] ? all[i]->comm : "-",
		       all[i]->filename[0] ? all[i]->filename : "-");
	}
	free(all);
}

static void free_table(struct app *a)
{
	for (size_t i = 0; i < NR_BUCKETS; i++) {
		while (a->buckets[i]) {
			struct proc *p = a->buckets[i];

			a->buckets[i] = p->next;
			free(p);
		}
	}
	a->live = 0;
}

/* ------------------------------------------------------------------------ */
/* The starting point: the processes /proc shows.                           */

/* Fill p from /proc/TGID; false if the process went away meanwhile. */
static bool read_proc(struct proc *p)
{
	char path[64], line[512], *open, *close;
	ssize_t len;
	FILE *f;
	bool ok = false;

	/* /proc/TGID/stat: "TGID (COMM) STATE PPID ...", COMM may hold ')' */
	snprintf(path, sizeof(path), "/proc/%" PRIu32 "/stat", p->tgid);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (fgets(line, sizeof(line), f) && (open = strchr(line, '(')) &&
	    (close = strrchr(line, ')')) && close > open) {
		size_t n = (size_t)(close - open - 1);

		memcpy(p->comm, open + 1, n < sizeof(p->comm) ? n : sizeof(p->comm) - 1);
		ok = sscanf(close + 1, " %*c %" SCNu32, &p->ppid) == 1;
	}
	fclose(f);
	if (!ok)
		return false;

	/* The real uid: the first number of the "Uid:" line of status. */
	snprintf(path, sizeof(path), "/proc/%" PRIu32 "/status", p->tgid);
	f = fopen(path, "re");
	if (f) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "Uid: %" SCNu32, &p->uid) == 1)
				break;
		fclose(f);
	}

	/* The program, as a resolved path (exec records have the path given to
	 * execve); kernel threads have none, other users' processes may be
	 * unreadable. */
	snprintf(path, sizeof(path), "/proc/%" PRIu32 "/exe", p->tgid);
	len = readlink(path, p->filename, sizeof(p->filename) - 1);
	p->filename[len > 0 ? len : 0] = '\0';
	return true;
}

static int scan_proc(struct app *a)
{
	struct dirent *de;
	DIR *dir = opendir("/proc");

	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		char *end;
		unsigned long tgid = strtoul(de->d_name, &end, 10);
		struct proc *p;

		if (*end || de->d_name[0] < '1' || de->d_name[0] > '9' || tgid > UINT32_MAX)
			continue;
		p = get(a, (uint32_t)tgid);
		if (!p) {
			closedir(dir);
			return -ENOMEM;
		}
		if (!read_proc(p))
			free(take(a, (uint32_t)tgid));	/* gone already */
	}
	closedir(dir);
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Events.                                                                  */

static void on_fork(struct app *a, const struct uio_ring_proc_event *ev)
{
	const struct proc *parent;
	struct proc *p;

	/* A new thread of an existing process: nothing changes in the table. */
	if (ev->child_pid != ev->child_tgid) {
		a->n.threads++;
		return;
	}
	a->n.forks++;
	/*
	 * An entry may already be there: the /proc scan saw the child, or the
	 * exit of an earlier process with this tgid was missed. Either way the
	 * fork record is the newer truth.
	 */
	p = get(a, ev->child_tgid);
	if (!p) {
		fprintf(stderr, "proc-table: out of memory\n");
		return;
	}
	/*
	 * The child's parent is the forking process, except after
	 * clone(CLONE_PARENT), which the record does not tell; the child's
	 * exec or exit record will carry the right ppid.
	 */
	p->ppid = ev->tgid;
	p->uid = ev->uid;
	p->start_ns = ev->timestamp_ns;
	/* Until it executes something, the child runs its parent's program. */
	parent = lookup(a, ev->tgid);
	memcpy(p->comm, parent ? parent->comm : "", parent ? sizeof(p->comm) : 1);
	memcpy(p->filename, parent ? parent->filename : "", parent ? sizeof(p->filename) : 1);
	if (a->verbose)
		printf("+ %" PRIu32 " ppid=%" PRIu32 " uid=%" PRIu32 " comm=%s\n", p->tgid,
		       p->ppid, p->uid, p->comm[0] ? p->comm : "-");
}

static void on_exec(struct app *a, const struct uio_ring_proc_event *ev)
{
	/* Created if missing: a process the scan did not see, whose fork was
	 * missed. Its start time stays unknown. */
	struct proc *p = get(a, ev->tgid);

	a->n.execs++;
	if (!p) {
		fprintf(stderr, "proc-table: out of memory\n");
		return;
	}
	p->ppid = ev->ppid;
	p->uid = ev->uid;
	memcpy(p->comm, ev->comm, sizeof(p->comm));
	memcpy(p->filename, ev->filename, sizeof(p->filename));
	if (a->verbose)
		printf("* %" PRIu32 " exec %s comm=%s%s\n", p->tgid, p->filename,
		       p->comm[0] ? p->comm : "-",
		       ev->flags & UIO_RING_PROC_F_TRUNCATED ? " truncated" : "");
}

static void on_exit_event(struct app *a, const struct uio_ring_proc_event *ev)
{
	int code = (int)ev->exit_code;
	struct proc *p;

	a->n.exits++;
	/*
	 * Every thread has an exit record; only GROUP_DEAD ends the process.
	 * Threads that exit together may all carry GROUP_DEAD, and other
	 * threads' records may come after it: the first one removes the
	 * entry, the others find nothing.
	 */
	if (!(ev->flags & UIO_RING_PROC_F_GROUP_DEAD))
		return;
	p = take(a, ev->tgid);
	if (!p)
		return;
	a->n.process_exits++;
	if (a->verbose) {
		printf("- %" PRIu32 " exit ", p->tgid);
		if (WIFSIGNALED(code))
			printf("signal %d", WTERMSIG(code));
		else
			printf("code %d", WEXITSTATUS(code));
		if (p->start_ns && ev->timestamp_ns >= p->start_ns)
			printf(" after %.6fs", (double)(ev->timestamp_ns - p->start_ns) / 1e9);
		printf(" comm=%s\n", p->comm[0] ? p->comm : "-");
	}
	free(p);
}

static void handle_record(struct app *a, const struct uio_ring_record *rec)
{
	struct uio_ring_proc_event ev;
	int ret = uio_ring_proc_decode(rec, &ev);

	if (ret == -ENOMSG) {
		a->n.other++;		/* test records, say: not ours */
		return;
	}
	if (ret < 0) {
		/* A bad record, not a bad ring: count it and go on. */
		a->n.malformed++;
		fprintf(stderr, "proc-table: record %" PRIu64 ": %s\n", rec->seq,
			uio_ring_errmsg());
		return;
	}
	switch (ev.type) {
	case UIO_RING_TYPE_PROC_FORK:
		on_fork(a, &ev);
		break;
	case UIO_RING_TYPE_PROC_EXEC:
		on_exec(a, &ev);
		break;
	case UIO_RING_TYPE_PROC_EXIT:
		on_exit_event(a, &ev);
		break;
	}
}

static bool limit_reached(const struct app *a)
{
	return a->max_records && a->n.records >= a->max_records;
}

/*
 * Consume until the ring is empty (or --records is reached). Returns 0, or
 * a negative errno from the ring (-EBADMSG: its contents are corrupt).
 */
static int drain(struct app *a)
{
	struct uio_ring_record recs[BATCH];
	int n, i;

	while (!limit_reached(a)) {
		unsigned int max = BATCH;

		if (a->max_records && a->max_records - a->n.records < max)
			max = (unsigned int)(a->max_records - a->n.records);
		n = uio_ring_peek(a->ring, recs, max);
		if (n <= 0)
			return n;
		for (i = 0; i < n; i++)
			handle_record(a, &recs[i]);
		a->n.records += (uint64_t)n;
		/* One release per batch: the producer reads consumer_pos once. */
		uio_ring_release(a->ring, (unsigned int)n);
	}
	return 0;
}

/* "forks=... live=... missed=...": the counts and the ring's own. */
static void print_counts(struct app *a, const char *what)
{
	struct uio_ring_stats st;

	if (uio_ring_get_stats(a->ring, &st) < 0)
		memset(&st, 0, sizeof(st));
	printf("%s forks=%" PRIu64 " threads=%" PRIu64 " execs=%" PRIu64 " exits=%" PRIu64
	       " process_exits=%" PRIu64 " live=%zu missed=%" PRIu64 " malformed=%" PRIu64
	       " other=%" PRIu64 "\n", what, a->n.forks, a->n.threads, a->n.execs, a->n.exits,
	       a->n.process_exits, a->live, st.missed, a->n.malformed, a->n.other);
	/*
	 * Records were dropped (ring full): some forks or exits are unknown,
	 * and the table may hold dead processes or lack live ones. A real
	 * program would scan /proc again here.
	 */
	if (st.missed)
		printf("%s warning: %" PRIu64 " records missed, the table may be stale\n", what,
		       st.missed);
}

/* ------------------------------------------------------------------------ */
/* The event loop.                                                          */

enum { EV_RING, EV_SIGNAL, EV_SUMMARY, EV_DEADLINE };

static int add_fd(int epfd, int fd, uint32_t tag)
{
	struct epoll_event e = { .events = EPOLLIN, .data.u32 = tag };

	return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &e);
}

/* A timerfd that fires after seconds, and then every interval seconds. */
static int make_timer(double seconds, double interval)
{
	struct itimerspec its = {
		.it_value = { (time_t)seconds, (long)((seconds - (time_t)seconds) * 1e9) },
		.it_interval = { (time_t)interval, (long)((interval - (time_t)interval) * 1e9) },
	};
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);

	if (fd >= 0 && timerfd_settime(fd, 0, &its, NULL) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int run(struct app *a, double summary_s, double duration_s)
{
	int epfd, sigfd = -1, summary_fd = -1, deadline_fd = -1, ret = 0;
	bool stop = false;
	sigset_t mask;

	/* Signals become readable events; blocked, they interrupt nothing. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, NULL);

	epfd = epoll_create1(EPOLL_CLOEXEC);
	sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (summary_s > 0)
		summary_fd = make_timer(summary_s, summary_s);
	if (duration_s > 0)
		deadline_fd = make_timer(duration_s, 0);
	if (epfd < 0 || sigfd < 0 || (summary_s > 0 && summary_fd < 0) ||
	    (duration_s > 0 && deadline_fd < 0) ||
	    add_fd(epfd, uio_ring_fd(a->ring), EV_RING) < 0 ||
	    add_fd(epfd, sigfd, EV_SIGNAL) < 0 ||
	    (summary_fd >= 0 && add_fd(epfd, summary_fd, EV_SUMMARY) < 0) ||
	    (deadline_fd >= 0 && add_fd(epfd, deadline_fd, EV_DEADLINE) < 0)) {
		ret = -errno;
		goto out;
	}

	for (;;) {
		struct epoll_event evs[4];
		int n, i;

		/* 1. Consume what is there. On the way out too: nothing that was
		 *    produced before we stopped is left behind. */
		ret = drain(a);
		if (ret < 0 || stop || limit_reached(a))
			break;
		/* 2. Ask for the doorbell; records that came meanwhile: step 1. */
		ret = uio_ring_arm(a->ring);
		if (ret < 0)
			break;
		if (ret > 0)
			continue;
		/* 3. Sleep until the ring, a signal or a timer has something. */
		n = epoll_wait(epfd, evs, 4, -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			break;
		}
		for (i = 0; i < n; i++) {
			uint64_t ticks;
			struct signalfd_siginfo si;

			switch (evs[i].data.u32) {
			case EV_RING:
				/* 4. Clear the doorbell, then back to step 1. */
				ret = uio_ring_ack(a->ring);
				if (ret == -ENODEV) {
					/* The module went away: what is left can still be read. */
					fprintf(stderr, "proc-table: %s\n", uio_ring_errmsg());
					stop = true;
				} else if (ret < 0) {
					goto out;
				}
				break;
			case EV_SIGNAL:
				if (read(sigfd, &si, sizeof(si)) == sizeof(si))
					stop = true;
				break;
			case EV_SUMMARY:
				if (read(summary_fd, &ticks, sizeof(ticks)) == sizeof(ticks))
					print_counts(a, "summary");
				break;
			case EV_DEADLINE:
				if (read(deadline_fd, &ticks, sizeof(ticks)) == sizeof(ticks))
					stop = true;
				break;
			}
		}
	}
out:
	if (deadline_fd >= 0)
		close(deadline_fd);
	if (summary_fd >= 0)
		close(summary_fd);
	if (sigfd >= 0)
		close(sigfd);
	if (epfd >= 0)
		close(epfd);
	return ret < 0 ? ret : 0;
}

/* ------------------------------------------------------------------------ */

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: proc-table [OPTIONS] [RING]\n"
		"Keep a table of the live processes from the process events of RING\n"
		"(default ring0), until SIGINT or SIGTERM.\n"
		"\n"
		"  -v, --verbose           print every change: + fork, * exec, - exit\n"
		"  -l, --list              print the table at exit\n"
		"  -i, --interval=SECONDS  print a summary every SECONDS (default 10, 0: never)\n"
		"  -d, --duration=SECONDS  exit after SECONDS\n"
		"  -n, --records=COUNT     exit after COUNT records\n"
		"  -h, --help              print this help\n"
		"\n"
		"It prints \"ready\" once it watches the ring, and the counts at exit.\n"
		"Switch the ring's process events on first, as root:\n"
		"  echo 1 > /sys/class/uio/uioN/device/proc_events\n");
}

static bool parse_seconds(const char *arg, double *s)
{
	char *end;

	errno = 0;
	*s = strtod(arg, &end);
	return !errno && end != arg && !*end && *s >= 0 && *s <= 1e6;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "list",	no_argument,		NULL, 'l' },
		{ "interval",	required_argument,	NULL, 'i' },
		{ "duration",	required_argument,	NULL, 'd' },
		{ "records",	required_argument,	NULL, 'n' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	/* The table is large (NR_BUCKETS pointers): not on the stack. */
	static struct app app;
	double summary_s = 10, duration_s = 0;
	const char *spec = "ring0";
	bool list = false;
	char *end;
	int c, ret;

	while ((c = getopt_long(argc, argv, "vli:d:n:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'v':
			app.verbose = true;
			break;
		case 'l':
			list = true;
			break;
		case 'i':
			if (!parse_seconds(optarg, &summary_s))
				goto bad_usage;
			break;
		case 'd':
			if (!parse_seconds(optarg, &duration_s) || duration_s == 0)
				goto bad_usage;
			break;
		case 'n':
			errno = 0;
			app.max_records = strtoull(optarg, &end, 10);
			if (errno || *end || optarg[0] < '1' || optarg[0] > '9')
				goto bad_usage;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			goto bad_usage;
		}
	}
	if (argc - optind > 1)
		goto bad_usage;
	if (argc - optind == 1)
		spec = argv[optind];
	/* Each line as it is printed, also into a pipe or a file. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	ret = uio_ring_open(spec, 0, &app.ring);
	if (ret < 0) {
		fprintf(stderr, "proc-table: %s: %s: %s\n", spec, uio_ring_strerror(ret),
			uio_ring_errmsg());
		return 1;
	}
	/* After the open: whatever changes during the scan is in the ring. */
	ret = scan_proc(&app);
	if (ret < 0) {
		fprintf(stderr, "proc-table: /proc: %s\n", strerror(-ret));
		uio_ring_close(app.ring);
		return 1;
	}
	printf("ready ring=%s live=%zu\n", spec, app.live);

	ret = run(&app, summary_s, duration_s);
	if (ret < 0)
		fprintf(stderr, "proc-table: %s: %s%s%s\n", spec, uio_ring_strerror(ret),
			uio_ring_errmsg()[0] ? ": " : "", uio_ring_errmsg());
	print_counts(&app, "total");
	if (list)
		print_table(&app);
	free_table(&app);
	uio_ring_close(app.ring);
	return ret < 0;

bad_usage:
	usage(stderr);
	return 2;
}
