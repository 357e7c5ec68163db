// SPDX-License-Identifier: MIT
/*
 * Decoding of process event records. The record is copied out of the ring
 * before it is checked, so a producer that rewrites it meanwhile can make
 * the check fail but never make us read past what we copied.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

/* The largest process event payload: exec with the longest filename. */
#define UR_PROC_MAX (sizeof(struct uio_ring_proc_exec) + UIO_RING_PROC_FILENAME_MAX)

UR_EXPORT int uio_ring_proc_decode(const struct uio_ring_record *rec,
				   struct uio_ring_proc_event *ev)
{
	union {
		struct uio_ring_proc proc;
		struct uio_ring_proc_fork fork;
		struct uio_ring_proc_exec exec;
		struct uio_ring_proc_exit exit;
		unsigned char bytes[UR_PROC_MAX];
	} u;
	uint32_t want;

	if (!rec || !ev || (!rec->data && rec->len))
		return ur_error(-EINVAL, "uio_ring_proc_decode: NULL argument");
	switch (rec->type) {
	case UIO_RING_TYPE_PROC_FORK:
		want = sizeof(u.fork);
		break;
	case UIO_RING_TYPE_PROC_EXEC:
		want = sizeof(u.exec);	/* plus the filename, checked below */
		break;
	case UIO_RING_TYPE_PROC_EXIT:
		want = sizeof(u.exit);
		break;
	default:
		return ur_error(-ENOMSG, "record type %u is not a process event", rec->type);
	}
	if (rec->len < want || rec->len > UR_PROC_MAX ||
	    (rec->type != UIO_RING_TYPE_PROC_EXEC && rec->len != want))
		return rec->type == UIO_RING_TYPE_PROC_EXEC ?
			ur_error(-EBADMSG, "exec event: %u bytes, want %u to %zu",
				 rec->len, want + 1, UR_PROC_MAX) :
			ur_error(-EBADMSG, "process event type %u: %u bytes, want %u",
				 rec->type, rec->len, want);
	memcpy(u.bytes, rec->data, rec->len);

	/* Everything is checked before *ev is touched: a failure leaves it alone. */
	if (rec->type == UIO_RING_TYPE_PROC_EXEC) {
		uint32_t n = u.exec.filename_len;

		if (n == 0 || n > UIO_RING_PROC_FILENAME_MAX || rec->len != sizeof(u.exec) + n)
			return ur_error(-EBADMSG, "exec event: filename_len %u in a %u byte record",
					n, rec->len);
		if (memchr(u.exec.filename, '\0', n) != u.exec.filename + n - 1)
			return ur_error(-EBADMSG, "exec event: filename not ended by its only NUL");
		if (!memchr(u.exec.comm, '\0', sizeof(u.exec.comm)))
			return ur_error(-EBADMSG, "exec event: comm not terminated");
	}

	memset(ev, 0, sizeof(*ev));
	ev->seq = rec->seq;
	ev->type = rec->type;
	ev->flags = rec->flags;
	ev->timestamp_ns = u.proc.timestamp_ns;
	ev->cpu = u.proc.cpu;
	ev->pid = u.proc.pid;
	ev->tgid = u.proc.tgid;
	ev->ppid = u.proc.ppid;
	ev->uid = u.proc.uid;
	ev->gid = u.proc.gid;

	switch (rec->type) {
	case UIO_RING_TYPE_PROC_FORK:
		ev->child_pid = u.fork.child_pid;
		ev->child_tgid = u.fork.child_tgid;
		break;
	case UIO_RING_TYPE_PROC_EXIT:
		ev->exit_code = u.exit.exit_code;
		ev->exit_signal = u.exit.exit_signal;
		break;
	case UIO_RING_TYPE_PROC_EXEC:
		ev->old_pid = u.exec.old_pid;
		memcpy(ev->comm, u.exec.comm, sizeof(ev->comm));
		memcpy(ev->filename, u.exec.filename, u.exec.filename_len);
		break;
	}
	return 0;
}
