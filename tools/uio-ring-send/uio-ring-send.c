// SPDX-License-Identifier: MIT
/*
 * uio-ring-send: produce records into a uio-ring from user space: one per
 * line of standard input, one per fixed-size chunk of it, or test-pattern
 * records like the module's emit. Works on shared memory rings (by path,
 * optionally created first) and on module rings made with user_rings=.
 *
 * Records are filled in place (uio_ring_reserve() hands out a pointer into
 * the ring); test records are committed in batches with one
 * uio_ring_commit_batch() each, so the doorbell check is paid once a batch.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <uio-ring/uio-ring.h>

#include "../common/cmdline.h"
#include "../common/exit-status.h"
#include "../common/report.h"
#include "../common/stop-signal.h"
#include "../common/test-pattern.h"

#ifndef PACKAGE_VERSION
#error "PACKAGE_VERSION is not defined: build through configure"
#endif

/* Fixed, not argv[0]: libtool's wrapper runs us as lt-uio-ring-send. */
#define PROG "uio-ring-send"
const char tool_name[] = PROG;

/* Test records reserved before one commit_batch. */
#define BATCH 64u

/* Type of records read from standard input unless --type says otherwise. */
#define DEFAULT_INPUT_TYPE UIO_RING_TYPE_APP_MIN

/* --no-drop: sleep between attempts on a full ring, growing to the max. */
#define RETRY_MIN_NS 20000L
#define RETRY_MAX_NS 10000000L

enum source { SRC_LINES, SRC_RAW, SRC_PATTERN };

struct options {
	enum source source;
	uint64_t count;			/* SRC_PATTERN */
	uint32_t size;			/* SRC_PATTERN payload, SRC_RAW chunk */
	bool have_size, have_type;
	uint16_t type, flags;
	bool no_drop, quiet;
	bool create;
	uint64_t data_size;		/* --create */
	const char *name;		/* --create; NULL: RING's last component */
	unsigned int mode;		/* --create */
	const char *ring;
};

/* What one run did, for the summary. */
struct totals {
	uint64_t sent, bytes, dropped, waits;
};

/* ------------------------------------------------------------------------ */
/* Usage.                                                                   */

static void print_help(void)
{
	fputs(
"Usage: " PROG " [OPTIONS] RING\n"
"Write records into a uio-ring: one per line of standard input (without the\n"
"newline), one per SIZE-byte chunk of it, or COUNT test-pattern records.\n"
"\n"
"RING is the path of a shared memory ring, or a module ring made for\n"
"user-space producers (user_rings=): /dev/uio3, uio3, 3 or its name.\n"
"\n"
"  -n, --count=COUNT      write COUNT test records instead of reading standard\n"
"                         input: type 1, byte i = (seq + i) & 0xff\n"
"  -s, --size=BYTES       payload bytes of each test record (default 64)\n"
"      --stdin-raw=SIZE   one record per SIZE bytes of standard input (the\n"
"                         last one may be shorter)\n"
"  -T, --type=TYPE        record type, 1 to 65535 (default 1 for test records,\n"
"                         256 for records read from standard input)\n"
"      --flags=FLAGS      record flags, 0 to 65535 (default 0)\n"
"      --no-drop          when the ring is full, wait for room instead of\n"
"                         dropping the record\n"
"  -q, --quiet            no summary on standard error\n"
"      --create           create RING, a path, as a shared memory ring first\n"
"      --data-size=BYTES  with --create: data area bytes, a power of two with\n"
"                         an optional K, M or G suffix (default 1M)\n"
"      --name=NAME        with --create: ring name (default: RING's last\n"
"                         path component)\n"
"      --mode=MODE        with --create: octal file mode (default 0600)\n"
"  -h, --help             print this help and exit\n"
"  -V, --version          print the version and exit\n"
"\n"
"A summary (sent, dropped) goes to standard error. SIGINT and SIGTERM stop\n"
"after the record being written.\n"
"\n"
"Exit status:\n"
"  0  success (dropped records are  4  permission denied, or a ring the\n"
"     counted, not an error)           kernel writes\n"
"  1  other runtime error           5  not a uio-ring\n"
"  2  usage error                   6  ABI version mismatch\n"
"  3  no such ring                  8  corrupt ring\n"
"\n"
"See uio-ring-send(1).\n", stdout);
}

/* BYTES with an optional binary K, M or G suffix. */
static bool parse_bytes(const char *arg, uint64_t *out)
{
	unsigned long long v;
	unsigned int shift = 0;
	char *end;

	if (arg[0] < '0' || arg[0] > '9')
		return false;
	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno)
		return false;
	switch (*end) {
	case '\0':
		break;
	case 'k':
	case 'K':
		shift = 10;
		break;
	case 'm':
	case 'M':
		shift = 20;
		break;
	case 'g':
	case 'G':
		shift = 30;
		break;
	default:
		return false;
	}
	if (*end && end[1])
		return false;
	if (v > (UINT64_MAX >> shift))
		return false;
	*out = (uint64_t)v << shift;
	return true;
}

static bool parse_mode(const char *arg, unsigned int *mode)
{
	unsigned long v;
	char *end;

	if (arg[0] < '0' || arg[0] > '7')
		return false;
	errno = 0;
	v = strtoul(arg, &end, 8);
	if (errno || *end || v > 07777)
		return false;
	*mode = (unsigned int)v;
	return true;
}

#define SHORTOPTS ":n:s:T:qhV"

/* Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct options *o)
{
	enum { OPT_RAW = 256, OPT_FLAGS, OPT_NO_DROP, OPT_CREATE, OPT_DATA_SIZE,
	       OPT_NAME, OPT_MODE };
	static const struct option longopts[] = {
		{ "count",	required_argument,	NULL, 'n' },
		{ "size",	required_argument,	NULL, 's' },
		{ "stdin-raw",	required_argument,	NULL, OPT_RAW },
		{ "type",	required_argument,	NULL, 'T' },
		{ "flags",	required_argument,	NULL, OPT_FLAGS },
		{ "no-drop",	no_argument,		NULL, OPT_NO_DROP },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "create",	no_argument,		NULL, OPT_CREATE },
		{ "data-size",	required_argument,	NULL, OPT_DATA_SIZE },
		{ "name",	required_argument,	NULL, OPT_NAME },
		{ "mode",	required_argument,	NULL, OPT_MODE },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	bool have_count = false, have_raw = false, have_ds = false, have_name = false,
	     have_mode = false;
	uint64_t v;
	int c, status;

	memset(o, 0, sizeof(*o));
	o->size = 64;
	o->data_size = 1u << 20;
	o->mode = 0600;
	opterr = 0;	/* our own messages, with our own name */
	while ((c = getopt_long(argc, argv, SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (!parse_uint(optarg, UINT64_MAX, &o->count))
				return usage_error("invalid count '%s'", optarg);
			have_count = true;
			break;
		case 's':
			if (!parse_uint(optarg, UIO_RING_REC_LEN_MASK, &v))
				return usage_error("invalid size '%s'", optarg);
			o->size = (uint32_t)v;
			o->have_size = true;
			break;
		case OPT_RAW:
			if (!parse_uint(optarg, UIO_RING_REC_LEN_MASK, &v) || v == 0)
				return usage_error("invalid chunk size '%s'", optarg);
			o->size = (uint32_t)v;
			have_raw = true;
			break;
		case 'T':
			if (!parse_uint(optarg, UINT16_MAX, &v) || v == 0)
				return usage_error("invalid type '%s' (1 to 65535)", optarg);
			o->type = (uint16_t)v;
			o->have_type = true;
			break;
		case OPT_FLAGS:
			if (!parse_uint(optarg, UINT16_MAX, &v))
				return usage_error("invalid flags '%s' (0 to 65535)", optarg);
			o->flags = (uint16_t)v;
			break;
		case OPT_NO_DROP:
			o->no_drop = true;
			break;
		case 'q':
			o->quiet = true;
			break;
		case OPT_CREATE:
			o->create = true;
			break;
		case OPT_DATA_SIZE:
			if (!parse_bytes(optarg, &o->data_size))
				return usage_error("invalid data size '%s'", optarg);
			have_ds = true;
			break;
		case OPT_NAME:
			o->name = optarg;
			have_name = true;
			break;
		case OPT_MODE:
			if (!parse_mode(optarg, &o->mode))
				return usage_error("invalid mode '%s' (octal, 0 to 07777)", optarg);
			have_mode = true;
			break;
		case 'h':
			print_help();
			return fflush(stdout) == EOF ? ST_ERROR : ST_OK;
		case 'V':
			puts(PROG " (uio-ring) " PACKAGE_VERSION);
			return fflush(stdout) == EOF ? ST_ERROR : ST_OK;
		default:
			return option_error(c, argv, SHORTOPTS);
		}
	}

	status = ring_operand(argc, argv, true, &o->ring);
	if (status >= 0)
		return status;

	if (have_count && have_raw)
		return usage_error("--count and --stdin-raw exclude each other");
	if (o->have_size && !have_count)
		return usage_error("--size needs --count (--stdin-raw takes its own size)");
	o->source = have_count ? SRC_PATTERN : have_raw ? SRC_RAW : SRC_LINES;
	if (!o->have_type)
		o->type = o->source == SRC_PATTERN ? UIO_RING_TYPE_TEST : DEFAULT_INPUT_TYPE;
	if (!o->create && (have_ds || have_name || have_mode))
		return usage_error("--data-size, --name and --mode need --create");
	if (o->create && !strchr(o->ring, '/'))
		return usage_error("--create needs a path for RING (with a '/'): './%s'", o->ring);
	return -1;
}

/* ------------------------------------------------------------------------ */
/* Producing.                                                               */

/* --no-drop: a short, growing sleep between attempts on a full ring. */
static void backoff(long *ns)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = *ns };

	nanosleep(&ts, NULL);
	*ns = *ns * 2 > RETRY_MAX_NS ? RETRY_MAX_NS : *ns * 2;
}

/*
 * Test records reserved and not yet committed, and the room the ring had
 * for more when the batch began, less what the batch took since.
 */
struct pending {
	void *payloads[BATCH];
	unsigned int count;
	uint64_t room;
};

static int commit_pending(struct uio_ring_producer *p, struct pending *pend)
{
	int err = uio_ring_commit_batch(p, pend->payloads, pend->count);

	pend->count = 0;
	return err;
}

/*
 * Before reserving into a batch: the consumer cannot pass the batch's
 * records while they are reserved, so a ring filled up by them is full
 * for good. Commit them first when the next record may not fit in the
 * room left; a reserve that then finds the ring full finds it full of
 * records the consumer can take, and a drop is a real one.
 */
static int make_room(struct uio_ring_producer *p, struct pending *pend, uint32_t len)
{
	uint64_t size = UIO_RING_REC_SIZE(len);
	int err;

	if (pend->count && pend->room < size) {
		err = commit_pending(p, pend);
		if (err < 0)
			return err;
	}
	/* On an error, no room: the reserve says what is wrong, and counts it. */
	if (!pend->count && uio_ring_producer_space(p, &pend->room) < 0)
		pend->room = 0;
	pend->room = pend->room < size ? 0 : pend->room - size;
	return 0;
}

/*
 * Reserve a record: 0 and *payload, 1 if the ring was full and the record
 * dropped (counted), or a negative errno (-EINTR: stopped by a signal). With
 * --no-drop a full ring is waited out, after committing what pend holds:
 * the consumer cannot pass a reserved record, so it would never make room.
 * A drop commits what pend holds too: other producers can have filled the
 * room make_room() counted on, and holding on would keep the ring full.
 */
static int reserve(struct uio_ring_producer *p, const struct options *o, uint32_t len,
		   struct pending *pend, struct totals *t, void **payload)
{
	long wait_ns = RETRY_MIN_NS;
	int err;

	if (pend) {
		err = make_room(p, pend, len);
		if (err < 0)
			return err;
	}
	for (;;) {
		err = uio_ring_reserve(p, len, o->type, o->flags, payload);
		if (err == -EDEADLK && pend && pend->count) {
			/* The consumer waits for our batch: let it have it. */
			err = commit_pending(p, pend);
			if (err < 0)
				return err;
			continue;
		}
		if (err == -EBADMSG)
			t->dropped++;	/* counted by the ring too (a consumer fault) */
		if (err == -ENOSPC) {
			t->dropped++;
			if (pend && pend->count) {
				err = commit_pending(p, pend);
				if (err < 0)
					return err;
			}
			return 1;
		}
		if (err != -EAGAIN)
			return err;
		if (pend && pend->count) {
			err = commit_pending(p, pend);
			if (err < 0)
				return err;
		}
		if (stop_signal)
			return -EINTR;
		t->waits++;
		backoff(&wait_ns);
	}
}

/* Returns 0 or a negative errno of the library. */
static int send_pattern(struct uio_ring_producer *p, const struct options *o,
			struct totals *t)
{
	struct pending pend = { .count = 0 };
	uint64_t i;
	int err = 0;

	for (i = 0; i < o->count && !stop_signal; i++) {
		void *payload;

		err = reserve(p, o, o->size, &pend, t, &payload);
		if (err < 0)
			break;
		if (err == 0) {
			uint64_t seq;

			err = uio_ring_reserved_seq(p, &seq);
			if (err < 0)
				break;
			test_pattern_fill(payload, o->size, seq);
			pend.payloads[pend.count++] = payload;
			t->sent++;
			t->bytes += o->size;
		}
		err = 0;
		if (pend.count == BATCH) {
			err = commit_pending(p, &pend);
			if (err < 0)
				break;
		}
	}
	/* Whatever failed, what was reserved is committed: never leave BUSY records. */
	if (pend.count) {
		int ret = commit_pending(p, &pend);

		if (!err)
			err = ret;
	}
	return err == -EINTR ? 0 : err;
}

/* Read up to len bytes: fewer only at the end of input. -errno on failure. */
static ssize_t read_full(int fd, uint8_t *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);

		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR && !stop_signal)
				continue;
			return -errno;
		}
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* One record from buf. Returns 0 (sent or dropped) or a negative errno. */
static int send_one(struct uio_ring_producer *p, const struct options *o, const void *buf,
		    uint32_t len, struct totals *t)
{
	void *payload;
	int err = reserve(p, o, len, NULL, t, &payload);

	if (err)
		return err < 0 ? err : 0;
	memcpy(payload, buf, len);
	err = uio_ring_commit(p, payload);
	if (err < 0)
		return err;
	t->sent++;
	t->bytes += len;
	return 0;
}

/*
 * Records from standard input. Returns 0, a negative errno of the library,
 * or a positive exit status after printing why.
 */
static int send_input(struct uio_ring_producer *p, const struct options *o,
		      uint32_t max_payload, struct totals *t)
{
	uint64_t record = 0;
	uint8_t *buf = NULL;
	size_t cap = 0;
	int err = 0;

	if (o->source == SRC_RAW) {
		if (o->size > max_payload) {
			fprintf(stderr, PROG ": %s: --stdin-raw %" PRIu32 ": the ring takes %"
				PRIu32 " bytes at most\n", o->ring, o->size, max_payload);
			return ST_ERROR;
		}
		buf = malloc(o->size);
		if (!buf) {
			fputs(PROG ": out of memory\n", stderr);
			return ST_ERROR;
		}
	}
	while (!stop_signal) {
		ssize_t len;

		if (o->source == SRC_RAW) {
			len = read_full(STDIN_FILENO, buf, o->size);
			if (len == 0)
				break;
		} else {
			char *line = (char *)buf;

			errno = 0;
			len = getline(&line, &cap, stdin);
			buf = (uint8_t *)line;
			if (len < 0 && !errno)
				break;		/* end of input */
			if (len < 0)
				len = -errno;
			else if (line[len - 1] == '\n')
				len--;		/* an empty line is an empty record */
		}
		if (len < 0) {
			if (len == -EINTR && stop_signal)
				break;
			fprintf(stderr, PROG ": standard input: %s\n", strerror((int)-len));
			err = ST_ERROR;
			break;
		}
		record++;
		if ((uint64_t)len > max_payload) {
			fprintf(stderr, PROG ": %s: record %" PRIu64 " is %zd bytes, the ring takes %"
				PRIu32 " at most\n", o->ring, record, len, max_payload);
			err = ST_ERROR;
			break;
		}
		err = send_one(p, o, buf, (uint32_t)len, t);
		if (err < 0)
			break;
		if (o->source == SRC_RAW && (size_t)len < o->size)
			break;	/* a short chunk is the last */
	}
	free(buf);
	return err == -EINTR ? 0 : err;
}

/* RING's last path component, the default name of a created ring. */
static int default_name(const char *path, char *name, size_t size)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (!*base || strlen(base) >= size) {
		fprintf(stderr, PROG ": %s: cannot name the ring after '%s' (1 to %zu bytes): "
			"use --name\n", path, base, size - 1);
		return ST_USAGE;
	}
	snprintf(name, size, "%s", base);
	return -1;
}

int main(int argc, char **argv)
{
	struct totals t = { 0 };
	struct uio_ring_producer *p;
	struct uio_ring_info info;
	char name[UIO_RING_NAME_MAX];
	struct options o;
	int status, err;

	status = parse_options(argc, argv, &o);
	if (status >= 0)
		return status;

	if (o.create) {
		if (!o.name) {
			status = default_name(o.ring, name, sizeof(name));
			if (status >= 0)
				return status;
			o.name = name;
		}
		err = uio_ring_shm_create(o.ring, o.name, o.data_size, o.mode);
		if (err < 0)
			return report(o.ring, err);
	}
	err = uio_ring_producer_open(o.ring, o.no_drop ? UIO_RING_PRODUCER_NO_DROP : 0, &p);
	if (err < 0)
		return report(o.ring, err);
	err = uio_ring_producer_get_info(p, &info);
	if (err < 0) {
		status = report(o.ring, err);
		uio_ring_producer_close(p);
		return status;
	}
	if (o.source == SRC_PATTERN && o.size > info.max_payload) {
		fprintf(stderr, PROG ": %s: --size %" PRIu32 ": the ring takes %" PRIu32
			" bytes at most\n", o.ring, o.size, info.max_payload);
		uio_ring_producer_close(p);
		return ST_ERROR;
	}
	stop_signal_setup();

	if (o.source == SRC_PATTERN)
		err = send_pattern(p, &o, &t);
	else
		err = send_input(p, &o, info.max_payload, &t);
	status = err < 0 ? report(o.ring, err) : err;
	if (!o.quiet) {
		fprintf(stderr, PROG ": %s: sent %" PRIu64 " records (%" PRIu64 " bytes), dropped %"
			PRIu64, o.ring, t.sent, t.bytes, t.dropped);
		if (o.no_drop)
			fprintf(stderr, ", waited %" PRIu64 " times for room", t.waits);
		if (stop_signal)
			fprintf(stderr, ", stopped by signal %d", (int)stop_signal);
		fputc('\n', stderr);
	}
	uio_ring_producer_close(p);
	return status;
}
