// SPDX-License-Identifier: MIT
/*
 * uio-ring-dump: print the records of a uio-ring as text or JSON lines, the
 * counters of one ring, or the rings on this system.
 *
 * Records are printed in place from the ring (uio_ring_consume() hands us
 * pointers into shared memory); nothing is copied but the formatted text,
 * and process events, which uio_ring_proc_decode() checks in a copy.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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

/* Fixed, not argv[0]: libtool's wrapper runs us as lt-uio-ring-dump. */
#define PROG "uio-ring-dump"
const char tool_name[] = PROG;

/* Records per uio_ring_consume() call: between two signal checks. */
#define CONSUME_BATCH 256u

/* Largest --timeout: keeps the nanosecond arithmetic far from overflow. */
#define TIMEOUT_MAX_S 1e9

enum mode { MODE_DUMP, MODE_LIST, MODE_STATS };
enum format { FORMAT_TEXT, FORMAT_JSON };

/* --type: the record types to print, one bit per TYPE_BIT(). */
#define TYPE_BIT(t)	(1u << (t))
#define PROC_TYPES	(TYPE_BIT(UIO_RING_TYPE_PROC_FORK) | \
			 TYPE_BIT(UIO_RING_TYPE_PROC_EXEC) | \
			 TYPE_BIT(UIO_RING_TYPE_PROC_EXIT))

struct options {
	enum mode mode;
	enum format format;
	bool hex;
	bool follow;
	bool have_count;
	uint64_t count;
	bool have_timeout;
	uint64_t timeout_ns;
	bool have_types;
	uint32_t types;			/* TYPE_BIT()s, with have_types */
	bool have_pid;
	uint32_t pid;
	const char *ring;		/* NULL: the only ring on the system */
};

/* State of one dump, shared with the uio_ring_consume() callback. */
struct dump {
	const struct options *opt;
	uint64_t printed;		/* records printed (what --count counts) */
	uint64_t bad_patterns;		/* test records whose payload is wrong */
	uint64_t malformed;		/* process events that do not decode */
};

/* First error writing standard output (an errno value), 0 if none. */
static int out_errno;

/* Block-buffered stdout for pipes and files: one write per 256 KiB. */
static char out_buffer[256 * 1024];

static const char *const type_names[] = {
	[UIO_RING_TYPE_TEST] = "test",
	[UIO_RING_TYPE_PROC_FORK] = "fork",
	[UIO_RING_TYPE_PROC_EXEC] = "exec",
	[UIO_RING_TYPE_PROC_EXIT] = "exit",
};
#define NR_TYPE_NAMES (sizeof(type_names) / sizeof(type_names[0]))

/* ------------------------------------------------------------------------ */
/* Output to stdout: every failure is remembered, the first one reported.  */

static void out_failed(void)
{
	if (!out_errno)
		out_errno = errno ? errno : EIO;
}

__attribute__((format(printf, 1, 2)))
static void out_printf(const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vprintf(fmt, ap);
	va_end(ap);
	if (ret < 0)
		out_failed();
}

static void out_write(const void *buf, size_t len)
{
	if (len && fwrite(buf, 1, len, stdout) != len)
		out_failed();
}

static void out_puts(const char *s)
{
	out_write(s, strlen(s));
}

static void out_flush(void)
{
	if (fflush(stdout) == EOF)
		out_failed();
}

static void setup_stdout(void)
{
	/* Interactive readers see each record at once, pipes get throughput. */
	setvbuf(stdout, out_buffer, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF,
		sizeof(out_buffer));
}

/* A JSON string from at most max bytes of s; anything not printable ASCII
 * is escaped so that the output stays valid whatever a ring name or a
 * filename holds. */
static void out_json_string(const char *s, size_t max)
{
	static const char hexdigits[] = "0123456789abcdef";
	char buf[6 * UIO_RING_NAME_MAX + 2];
	size_t n = 0;

	buf[n++] = '"';
	for (size_t i = 0; i < max && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (n > sizeof(buf) - 8) {
			out_write(buf, n);
			n = 0;
		}
		if (c == '"' || c == '\\') {
			buf[n++] = '\\';
			buf[n++] = (char)c;
		} else if (c < 0x20 || c >= 0x7f) {
			memcpy(buf + n, "\\u00", 4);
			n += 4;
			buf[n++] = hexdigits[c >> 4];
			buf[n++] = hexdigits[c & 15];
		} else {
			buf[n++] = (char)c;
		}
	}
	buf[n++] = '"';
	out_write(buf, n);
}

/* A name in text output: printable ASCII but space as is, the rest \xNN,
 * so that "key=value" lines split on spaces. */
static void out_text_name(const char *s, size_t max)
{
	if (max == 0 || !s[0]) {
		out_puts("-");
		return;
	}
	for (size_t i = 0; i < max && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c > 0x20 && c < 0x7f && c != '\\')
			out_write(&c, 1);
		else
			out_printf("\\x%02x", c);
	}
}

/* After the last write to stdout. Returns 0, or the exit status for an
 * output error; a reader that went away (EPIPE) is not an error. */
static int finish_stdout(bool *quiet_exit)
{
	out_flush();
	*quiet_exit = out_errno == EPIPE;
	if (!out_errno || out_errno == EPIPE)
		return ST_OK;
	fprintf(stderr, PROG ": standard output: %s\n", strerror(out_errno));
	return ST_ERROR;
}

/* ------------------------------------------------------------------------ */
/* Usage.                                                                   */

static void print_help(void)
{
	out_puts(
"Usage: " PROG " [OPTIONS] [RING]\n"
"Print the records of a uio-ring, its counters, or the rings on this system.\n"
"\n"
"RING is a device path (/dev/uio3), a device name (uio3), a device number (3)\n"
"or a ring name (events). Without RING, the only ring on the system is used.\n"
"\n"
"  -f, --follow           when the ring is empty, wait for more records\n"
"                         instead of exiting\n"
"  -n, --count=COUNT      exit after COUNT records printed\n"
"  -t, --timeout=SECONDS  with --follow: exit after SECONDS (fractions allowed)\n"
"                         without a new record printed\n"
"      --format=FORMAT    text (the default) or json (one object per line)\n"
"  -x, --hex              hex dump each payload (json: a \"hex\" field)\n"
"      --type=TYPES       print only records of these types, a comma list of\n"
"                         fork, exec, exit and test; the others are consumed\n"
"                         but not printed\n"
"      --pid=PID          print only process events of PID: its pid, tgid,\n"
"                         ppid, or the pid or tgid of the child it forked\n"
"  -l, --list             list the rings: name, device, geometry, counters\n"
"  -s, --stats            print the counters of RING; works while another\n"
"                         consumer is attached\n"
"  -h, --help             print this help and exit\n"
"  -V, --version          print the version and exit\n"
"\n"
"Process events are printed by name: fork, exec, exit. In text mode a summary\n"
"(consumed, missed, dropped) goes to standard error at exit. SIGINT and\n"
"SIGTERM end the dump cleanly.\n"
"\n"
"Exit status:\n"
"  0  success                    5  not a uio-ring device\n"
"  1  other runtime error        6  ABI version mismatch\n"
"  2  usage error                7  ring busy: another consumer is attached\n"
"  3  no such ring               8  corrupt ring contents\n"
"  4  permission denied          9  device removed\n"
"\n"
"See uio-ring-dump(1).\n");
}

static bool parse_timeout(const char *arg, uint64_t *ns)
{
	char *end;
	double s;

	if (!((arg[0] >= '0' && arg[0] <= '9') || arg[0] == '.'))
		return false;
	errno = 0;
	s = strtod(arg, &end);
	/* The comparison is false for NaN too. */
	if (errno || *end || !(s >= 0 && s <= TIMEOUT_MAX_S))
		return false;
	*ns = (uint64_t)(s * 1e9 + 0.5);
	return true;
}

/* --type: a comma list of type names, each at most once. */
static bool parse_types(const char *arg, uint32_t *types)
{
	const char *p = arg;

	*types = 0;
	for (;;) {
		size_t n = strcspn(p, ",");
		unsigned int t;

		for (t = 1; t < NR_TYPE_NAMES; t++)
			if (type_names[t] && strlen(type_names[t]) == n &&
			    !strncmp(p, type_names[t], n))
				break;
		if (t == NR_TYPE_NAMES || (*types & TYPE_BIT(t)))
			return false;
		*types |= TYPE_BIT(t);
		if (!p[n])
			return true;
		p += n + 1;
	}
}

/* --pid: a decimal pid from 0 to 2^32 - 1 (the ABI's ids are 32 bits). */
static bool parse_pid(const char *arg, uint32_t *pid)
{
	uint64_t v;

	if (!parse_uint(arg, UINT32_MAX, &v))
		return false;
	*pid = (uint32_t)v;
	return true;
}

/* Leading ':': getopt_long() returns ':' for a missing argument. */
#define SHORTOPTS ":fn:t:xlshV"

/* Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct options *o)
{
	enum { OPT_FORMAT = 256, OPT_TYPE, OPT_PID };
	static const struct option longopts[] = {
		{ "follow",	no_argument,		NULL, 'f' },
		{ "count",	required_argument,	NULL, 'n' },
		{ "timeout",	required_argument,	NULL, 't' },
		{ "format",	required_argument,	NULL, OPT_FORMAT },
		{ "hex",	no_argument,		NULL, 'x' },
		{ "type",	required_argument,	NULL, OPT_TYPE },
		{ "pid",	required_argument,	NULL, OPT_PID },
		{ "list",	no_argument,		NULL, 'l' },
		{ "stats",	no_argument,		NULL, 's' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	bool list = false, stats = false;
	int c, status;

	memset(o, 0, sizeof(*o));
	opterr = 0;	/* our own messages, with our own name */
	while ((c = getopt_long(argc, argv, SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			o->follow = true;
			break;
		case 'n':
			if (!parse_uint(optarg, UINT64_MAX, &o->count))
				return usage_error("invalid count '%s'", optarg);
			o->have_count = true;
			break;
		case 't':
			if (!parse_timeout(optarg, &o->timeout_ns))
				return usage_error("invalid timeout '%s' (seconds, 0 to %.0f)",
						   optarg, TIMEOUT_MAX_S);
			o->have_timeout = true;
			break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "text"))
				o->format = FORMAT_TEXT;
			else if (!strcmp(optarg, "json"))
				o->format = FORMAT_JSON;
			else
				return usage_error("invalid format '%s' (text or json)", optarg);
			break;
		case 'x':
			o->hex = true;
			break;
		case OPT_TYPE:
			if (!parse_types(optarg, &o->types))
				return usage_error("invalid type list '%s' (a comma list of fork, exec, exit, test, each once)",
						   optarg);
			o->have_types = true;
			break;
		case OPT_PID:
			if (!parse_pid(optarg, &o->pid))
				return usage_error("invalid pid '%s'", optarg);
			o->have_pid = true;
			break;
		case 'l':
			list = true;
			break;
		case 's':
			stats = true;
			break;
		case 'h':
			print_help();
			return ST_OK;
		case 'V':
			out_puts(PROG " (uio-ring) " PACKAGE_VERSION "\n");
			return ST_OK;
		default:
			return option_error(c, argv, SHORTOPTS);
		}
	}

	status = ring_operand(argc, argv, false, &o->ring);
	if (status >= 0)
		return status;

	if (list && stats)
		return usage_error("--list and --stats exclude each other");
	if (list || stats) {
		const char *mode = list ? "--list" : "--stats";

		o->mode = list ? MODE_LIST : MODE_STATS;
		if (o->follow || o->have_count || o->have_timeout || o->hex ||
		    o->have_types || o->have_pid)
			return usage_error("%s takes none of --follow, --count, --timeout, --hex, --type, --pid",
					   mode);
		if (list && o->ring)
			return usage_error("--list takes no RING");
	}
	if (o->have_timeout && !o->follow)
		return usage_error("--timeout needs --follow");
	return -1;
}

/* ------------------------------------------------------------------------ */
/* Records.                                                                 */

/* hexdump -C layout, indented under the record line. */
static void out_hex_text(const uint8_t *p, uint32_t len)
{
	static const char hexdigits[] = "0123456789abcdef";
	char line[96];

	for (uint32_t off = 0; off < len; off += 16) {
		uint32_t n = len - off < 16 ? len - off : 16;
		size_t pos = (size_t)snprintf(line, sizeof(line), "    %08" PRIx32 " ", off);

		for (uint32_t i = 0; i < 16; i++) {
			if (i == 8)
				line[pos++] = ' ';
			line[pos++] = ' ';
			if (i < n) {
				line[pos++] = hexdigits[p[off + i] >> 4];
				line[pos++] = hexdigits[p[off + i] & 15];
			} else {
				line[pos++] = ' ';
				line[pos++] = ' ';
			}
		}
		line[pos++] = ' ';
		line[pos++] = ' ';
		line[pos++] = '|';
		for (uint32_t i = 0; i < n; i++) {
			uint8_t c = p[off + i];

			line[pos++] = c >= 0x20 && c < 0x7f ? (char)c : '.';
		}
		line[pos++] = '|';
		line[pos++] = '\n';
		out_write(line, pos);
	}
}

static void out_hex_json(const uint8_t *p, uint32_t len)
{
	static const char hexdigits[] = "0123456789abcdef";
	char buf[512];
	size_t n = 0;

	out_puts(",\"hex\":\"");
	for (uint32_t i = 0; i < len; i++) {
		if (n == sizeof(buf)) {
			out_write(buf, n);
			n = 0;
		}
		buf[n++] = hexdigits[p[i] >> 4];
		buf[n++] = hexdigits[p[i] & 15];
	}
	out_write(buf, n);
	out_puts("\"");
}

/* Process events: "fork", "exec", "exit"; type is a UIO_RING_TYPE_PROC_*. */
static const char *proc_name(uint16_t type)
{
	return type_names[type];
}

static bool is_proc_type(uint16_t type)
{
	return type < 32 && (TYPE_BIT(type) & PROC_TYPES);
}

/* --pid: the event concerns PID as the task, its process, its parent, or
 * (fork) the task or process it created. */
static bool proc_matches_pid(const struct uio_ring_proc_event *ev, uint32_t pid)
{
	if (ev->pid == pid || ev->tgid == pid || ev->ppid == pid)
		return true;
	return ev->type == UIO_RING_TYPE_PROC_FORK &&
	       (ev->child_pid == pid || ev->child_tgid == pid);
}

/* "fork 12 -> 34", "exec 34 /bin/ls comm=ls", "exit 34 code 0", after the
 * seq, the time (seconds.nanoseconds of CLOCK_MONOTONIC) and the CPU. */
static void out_proc_text(const struct uio_ring_proc_event *ev)
{
	int code = (int)ev->exit_code;

	out_printf("seq=%" PRIu64 " time=%" PRIu64 ".%09" PRIu64 " cpu=%" PRIu32 " %s %" PRIu32,
		   ev->seq, ev->timestamp_ns / 1000000000u, ev->timestamp_ns % 1000000000u,
		   ev->cpu, proc_name(ev->type), ev->pid);
	/* A thread's process, when it is not the thread itself. */
	if (ev->tgid != ev->pid)
		out_printf(" (tgid %" PRIu32 ")", ev->tgid);
	switch (ev->type) {
	case UIO_RING_TYPE_PROC_FORK:
		out_printf(" -> %" PRIu32, ev->child_pid);
		if (ev->child_tgid != ev->child_pid)
			out_printf(" (tgid %" PRIu32 ")", ev->child_tgid);
		break;
	case UIO_RING_TYPE_PROC_EXEC:
		if (ev->old_pid != ev->pid)
			out_printf(" (was %" PRIu32 ")", ev->old_pid);
		out_puts(" ");
		out_text_name(ev->filename, sizeof(ev->filename));
		out_puts(" comm=");
		out_text_name(ev->comm, sizeof(ev->comm));
		if (ev->flags & UIO_RING_PROC_F_TRUNCATED)
			out_puts(" truncated");
		break;
	case UIO_RING_TYPE_PROC_EXIT:
		if (WIFEXITED(code))
			out_printf(" code %d", WEXITSTATUS(code));
		else if (WIFSIGNALED(code))
			out_printf(" signal %d%s", WTERMSIG(code), WCOREDUMP(code) ? " core" : "");
		else
			out_printf(" status 0x%x", (unsigned int)code);
		if (ev->flags & UIO_RING_PROC_F_GROUP_DEAD)
			out_puts(" group_dead");
		break;
	}
	out_printf(" ppid=%" PRIu32 " uid=%" PRIu32 " gid=%" PRIu32 "\n",
		   ev->ppid, ev->uid, ev->gid);
}

/* The members after the common ones ("seq" ... "flags"). */
static void out_proc_json(const struct uio_ring_proc_event *ev)
{
	int code = (int)ev->exit_code;

	out_puts(",\"event\":");
	out_json_string(proc_name(ev->type), SIZE_MAX);
	out_printf(",\"timestamp_ns\":%" PRIu64 ",\"cpu\":%" PRIu32 ",\"pid\":%" PRIu32
		   ",\"tgid\":%" PRIu32 ",\"ppid\":%" PRIu32 ",\"uid\":%" PRIu32
		   ",\"gid\":%" PRIu32, ev->timestamp_ns, ev->cpu, ev->pid, ev->tgid,
		   ev->ppid, ev->uid, ev->gid);
	switch (ev->type) {
	case UIO_RING_TYPE_PROC_FORK:
		out_printf(",\"child_pid\":%" PRIu32 ",\"child_tgid\":%" PRIu32,
			   ev->child_pid, ev->child_tgid);
		break;
	case UIO_RING_TYPE_PROC_EXEC:
		out_printf(",\"old_pid\":%" PRIu32 ",\"filename\":", ev->old_pid);
		out_json_string(ev->filename, sizeof(ev->filename));
		out_puts(",\"comm\":");
		out_json_string(ev->comm, sizeof(ev->comm));
		out_puts(ev->flags & UIO_RING_PROC_F_TRUNCATED ? ",\"truncated\":true" :
			 ",\"truncated\":false");
		break;
	case UIO_RING_TYPE_PROC_EXIT:
		out_printf(",\"exit_code\":%" PRIu32, ev->exit_code);
		if (WIFEXITED(code))
			out_printf(",\"exit_status\":%d", WEXITSTATUS(code));
		else if (WIFSIGNALED(code))
			out_printf(",\"term_signal\":%d,\"core_dumped\":%s", WTERMSIG(code),
				   WCOREDUMP(code) ? "true" : "false");
		out_printf(",\"exit_signal\":%" PRIu32 ",\"group_dead\":%s", ev->exit_signal,
			   ev->flags & UIO_RING_PROC_F_GROUP_DEAD ? "true" : "false");
		break;
	}
}

/*
 * One record. A process event is decoded first; one that does not decode is
 * printed with the reason and counted, and the dump goes on: the ring itself
 * is fine. Records --type or --pid leave out are consumed all the same.
 */
static int print_record(void *arg, const struct uio_ring_record *rec)
{
	struct dump *d = arg;
	const struct options *o = d->opt;
	struct uio_ring_proc_event ev;
	const char *type_name = NULL;
	bool is_test = rec->type == UIO_RING_TYPE_TEST;
	bool is_proc = is_proc_type(rec->type);
	bool pattern_ok = false;
	char error[300] = "";

	if (o->have_types && (rec->type >= 32 || !(o->types & TYPE_BIT(rec->type))))
		return 0;
	if (is_proc && uio_ring_proc_decode(rec, &ev) < 0)
		snprintf(error, sizeof(error), "malformed: %s", uio_ring_errmsg());
	/* Only process events have pids; a malformed one is shown all the same. */
	if (o->have_pid && !(is_proc && (error[0] || proc_matches_pid(&ev, o->pid))))
		return 0;

	if (rec->type < NR_TYPE_NAMES)
		type_name = type_names[rec->type];
	d->printed++;
	if (is_test) {
		pattern_ok = test_pattern_ok(rec->data, rec->len, rec->seq);
		if (!pattern_ok)
			d->bad_patterns++;
	}
	if (error[0])
		d->malformed++;

	if (o->format == FORMAT_JSON) {
		out_printf("{\"seq\":%" PRIu64 ",\"type\":%u,\"type_name\":",
			   rec->seq, (unsigned int)rec->type);
		if (type_name)
			out_json_string(type_name, SIZE_MAX);
		else
			out_puts("null");
		out_printf(",\"len\":%" PRIu32 ",\"flags\":%u", rec->len,
			   (unsigned int)rec->flags);
		if (is_test)
			out_puts(pattern_ok ? ",\"pattern_ok\":true" : ",\"pattern_ok\":false");
		if (error[0]) {
			out_puts(",\"error\":");
			out_json_string(error, sizeof(error));
		} else if (is_proc) {
			out_proc_json(&ev);
		}
		if (o->hex)
			out_hex_json(rec->data, rec->len);
		out_puts("}\n");
	} else {
		if (is_proc && !error[0])
			out_proc_text(&ev);
		else
			out_printf("seq=%" PRIu64 " type=%u len=%" PRIu32 " flags=0x%x%s%s%s%s\n",
				   rec->seq, (unsigned int)rec->type, rec->len,
				   (unsigned int)rec->flags,
				   !is_test ? "" : pattern_ok ? " pattern=ok" : " pattern=BAD",
				   error[0] ? " error=\"" : "", error, error[0] ? "\"" : "");
		if (o->hex)
			out_hex_text(rec->data, rec->len);
	}
	/* Stop early once output is gone; this record counts as consumed. */
	return out_errno ? 1 : 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The uio_ring_pwait() timeout until deadline; *expired when it has passed. */
static int wait_ms(const struct options *o, uint64_t deadline, bool *expired)
{
	uint64_t now, ms;

	*expired = false;
	if (!o->have_timeout)
		return -1;
	now = now_ns();
	if (now >= deadline) {
		*expired = true;
		return 0;
	}
	/* Round up: waking before the deadline would only loop. */
	ms = (deadline - now + 999999) / 1000000;
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

static void print_summary(const char *spec, struct uio_ring *ring,
			  const struct dump *d, const struct uio_ring_stats *start)
{
	struct uio_ring_stats end;

	if (uio_ring_get_stats(ring, &end) < 0) {
		fprintf(stderr, PROG ": %s: consumed=%" PRIu64 "\n", spec, d->printed);
		return;
	}
	fprintf(stderr, PROG ": %s: consumed=%" PRIu64 " missed=%" PRIu64
		" dropped=%" PRIu64, spec, end.consumed, end.missed,
		end.dropped - start->dropped);
	if (d->bad_patterns)
		fprintf(stderr, " bad_pattern=%" PRIu64, d->bad_patterns);
	if (d->malformed)
		fprintf(stderr, " malformed=%" PRIu64, d->malformed);
	fputc('\n', stderr);
}

static int dump_ring(const struct options *o, const char *spec)
{
	struct dump d = { .opt = o };
	struct uio_ring_stats start;
	struct uio_ring *ring;
	char removed_detail[256] = "";
	bool follow = o->follow, removed = false, quiet;
	uint64_t deadline = 0;
	int status = ST_OK, out_status, err;

	err = uio_ring_open(spec, 0, &ring);
	if (err < 0)
		return report(spec, err);
	err = uio_ring_get_stats(ring, &start);
	if (err < 0) {
		status = report(spec, err);
		uio_ring_close(ring);
		return status;
	}
	stop_signal_setup();
	if (o->have_timeout)
		deadline = now_ns() + o->timeout_ns;

	while (!stop_signal) {
		unsigned int max = CONSUME_BATCH;
		uint64_t printed = d.printed;
		sigset_t sleep_mask;
		bool expired;
		int n;

		if (o->have_count) {
			uint64_t left = o->count - d.printed;

			if (left == 0)
				break;
			if (left < max)
				max = (unsigned int)left;
		}
		n = uio_ring_consume(ring, max, print_record, &d);
		if (n < 0) {
			status = report(spec, n);
			break;
		}
		if (out_errno)
			break;
		if (n > 0) {
			/* The clock restarts with a printed record: with --type or
			 * --pid, records left out do not keep the dump alive. */
			if (o->have_timeout) {
				if (d.printed != printed)
					deadline = now_ns() + o->timeout_ns;
				else if (now_ns() >= deadline)
					break;
			}
			continue;
		}
		if (!follow)
			break;

		/* Empty: whoever reads a pipe must see what we have before we sleep. */
		out_flush();
		if (out_errno)
			break;
		/* A stop signal between this check and the sleep interrupts it. */
		stop_signal_block(&sleep_mask);
		if (stop_signal) {
			stop_signal_unblock(&sleep_mask);
			break;
		}
		n = uio_ring_pwait(ring, wait_ms(o, deadline, &expired), &sleep_mask);
		stop_signal_unblock(&sleep_mask);
		if (expired)
			break;
		if (n >= 0 || n == -EINTR)
			continue;
		if (n == -ENODEV) {
			/* What the device left in the ring is still readable. */
			snprintf(removed_detail, sizeof(removed_detail), "%s",
				 uio_ring_errmsg());
			removed = true;
			follow = false;
			continue;
		}
		status = report(spec, n);
		break;
	}

	out_status = finish_stdout(&quiet);
	if (quiet) {
		/* The reader went away: no summary, but a ring error stands. */
		uio_ring_close(ring);
		return status;
	}
	if (status == ST_OK)
		status = out_status;
	if (status == ST_OK && removed)
		status = report_detail(spec, -ENODEV, removed_detail);
	if (o->format == FORMAT_TEXT)
		print_summary(spec, ring, &d, &start);
	uio_ring_close(ring);
	return status;
}

/* ------------------------------------------------------------------------ */
/* --list and --stats.                                                      */

/* One ring; stats is NULL when they could not be read, err then says why. */
static void print_ring_json(const struct uio_ring_info *info,
			    const struct uio_ring_stats *stats, int err)
{
	out_puts("{\"name\":");
	out_json_string(info->name, sizeof(info->name));
	out_puts(",\"device\":");
	out_json_string(info->device, sizeof(info->device));
	out_printf(",\"data_size\":%" PRIu64 ",\"max_payload\":%" PRIu32
		   ",\"flags\":%" PRIu32 ",\"kernel_producer\":%s"
		   ",\"abi_major\":%u,\"abi_minor\":%u",
		   info->data_size, info->max_payload, info->flags,
		   info->flags & UIO_RING_F_KERNEL_PRODUCER ? "true" : "false",
		   (unsigned int)info->abi_major, (unsigned int)info->abi_minor);
	if (stats) {
		out_printf(",\"produced\":%" PRIu64 ",\"dropped\":%" PRIu64
			   ",\"notifications\":%" PRIu64
			   ",\"consumer_faults\":%" PRIu64
			   ",\"pending_bytes\":%" PRIu64,
			   stats->produced, stats->dropped, stats->notifications,
			   stats->consumer_faults, stats->pending_bytes);
	} else {
		out_puts(",\"error\":");
		out_json_string(uio_ring_strerror(err), SIZE_MAX);
	}
	out_puts("}\n");
}

static void print_ring_line(const struct uio_ring_info *info,
			    const struct uio_ring_stats *stats, int err)
{
	out_text_name(info->name, sizeof(info->name));
	out_puts(" device=");
	out_text_name(info->device, sizeof(info->device));
	out_printf(" data_size=%" PRIu64 " max_payload=%" PRIu32 " flags=0x%" PRIx32
		   " abi=%u.%u", info->data_size, info->max_payload, info->flags,
		   (unsigned int)info->abi_major, (unsigned int)info->abi_minor);
	if (stats)
		out_printf(" produced=%" PRIu64 " dropped=%" PRIu64
			   " notifications=%" PRIu64 " consumer_faults=%" PRIu64
			   " pending_bytes=%" PRIu64 "\n",
			   stats->produced, stats->dropped, stats->notifications,
			   stats->consumer_faults, stats->pending_bytes);
	else
		out_printf(" error=\"%s\"\n", uio_ring_strerror(err));
}

static void print_ring_block(const struct uio_ring_info *info,
			     const struct uio_ring_stats *stats)
{
	out_puts("name:            ");
	out_text_name(info->name, sizeof(info->name));
	out_puts("\ndevice:          ");
	out_text_name(info->device, sizeof(info->device));
	out_printf("\ndata_size:       %" PRIu64 "\n"
		   "max_payload:     %" PRIu32 "\n"
		   "flags:           0x%" PRIx32 "%s\n"
		   "abi:             %u.%u\n"
		   "produced:        %" PRIu64 "\n"
		   "dropped:         %" PRIu64 "\n"
		   "notifications:   %" PRIu64 "\n"
		   "consumer_faults: %" PRIu64 "\n"
		   "pending_bytes:   %" PRIu64 "\n",
		   info->data_size, info->max_payload, info->flags,
		   info->flags & UIO_RING_F_KERNEL_PRODUCER ? " (kernel producer)" : "",
		   (unsigned int)info->abi_major, (unsigned int)info->abi_minor,
		   stats->produced, stats->dropped, stats->notifications,
		   stats->consumer_faults, stats->pending_bytes);
}

/* What to pass to uio_ring_open() for a listed ring. */
static const char *info_spec(const struct uio_ring_info *info)
{
	return info->device[0] ? info->device : info->name;
}

static int list_rings(const struct options *o)
{
	struct uio_ring_info *list;
	size_t count;
	bool quiet;
	int err;

	err = uio_ring_list(&list, &count);
	if (err < 0)
		return report("listing rings", err);
	if (count == 0 && o->format == FORMAT_TEXT)
		fputs(PROG ": no uio-ring devices\n", stderr);

	for (size_t i = 0; i < count && !out_errno; i++) {
		struct uio_ring_stats stats;
		struct uio_ring *ring;

		err = uio_ring_open(info_spec(&list[i]), UIO_RING_OPEN_OBSERVE, &ring);
		if (!err) {
			err = uio_ring_get_stats(ring, &stats);
			uio_ring_close(ring);
		}
		if (o->format == FORMAT_JSON)
			print_ring_json(&list[i], err < 0 ? NULL : &stats, err);
		else
			print_ring_line(&list[i], err < 0 ? NULL : &stats, err);
	}
	free(list);
	return finish_stdout(&quiet);
}

static int print_stats(const struct options *o, const char *spec)
{
	struct uio_ring_stats stats;
	struct uio_ring_info info;
	struct uio_ring *ring;
	bool quiet;
	int err;

	err = uio_ring_open(spec, UIO_RING_OPEN_OBSERVE, &ring);
	if (err < 0)
		return report(spec, err);
	err = uio_ring_get_info(ring, &info);
	if (!err)
		err = uio_ring_get_stats(ring, &stats);
	if (err < 0) {
		int status = report(spec, err);

		uio_ring_close(ring);
		return status;
	}
	uio_ring_close(ring);

	if (o->format == FORMAT_JSON)
		print_ring_json(&info, &stats, 0);
	else
		print_ring_block(&info, &stats);
	return finish_stdout(&quiet);
}

/* ------------------------------------------------------------------------ */

/*
 * Without RING: the only ring on the system. Returns -1 with *spec set, or
 * the exit status after saying why there is no single ring.
 */
static int default_ring(char *spec, size_t size)
{
	struct uio_ring_info *list;
	size_t count;
	int err;

	err = uio_ring_list(&list, &count);
	if (err < 0)
		return report("listing rings", err);
	if (count == 1) {
		snprintf(spec, size, "%s", info_spec(&list[0]));
		free(list);
		return -1;
	}
	if (count == 0) {
		free(list);
		fputs(PROG ": no uio-ring devices (is the uio_ring module loaded?)\n",
		      stderr);
		return ST_NO_RING;
	}
	fprintf(stderr, PROG ": %zu rings, name one of:", count);
	for (size_t i = 0; i < count; i++)
		fprintf(stderr, " %.*s (%.*s)", (int)sizeof(list[i].name), list[i].name,
			(int)sizeof(list[i].device), list[i].device);
	fputc('\n', stderr);
	free(list);
	return usage_hint();
}

int main(int argc, char **argv)
{
	char spec_buf[sizeof(((struct uio_ring_info *)0)->device) + UIO_RING_NAME_MAX];
	const char *spec;
	struct options opt;
	bool quiet;
	int status;

	setup_stdout();
	/* Writes to a closed pipe fail with EPIPE, which we handle. */
	signal(SIGPIPE, SIG_IGN);

	status = parse_options(argc, argv, &opt);
	if (status >= 0) {
		int out_status = finish_stdout(&quiet);

		return status ? status : out_status;
	}

	if (opt.mode == MODE_LIST)
		return list_rings(&opt);

	spec = opt.ring;
	if (!spec) {
		status = default_ring(spec_buf, sizeof(spec_buf));
		if (status >= 0)
			return status;
		spec = spec_buf;
	}
	return opt.mode == MODE_STATS ? print_stats(&opt, spec) : dump_ring(&opt, spec);
}
