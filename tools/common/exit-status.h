/* SPDX-License-Identifier: MIT */
/*
 * The exit statuses every uio-ring tool shares, so that a script can tell
 * the errors a user must act on apart whichever tool met them. The tools'
 * man pages and --help list them; tests rely on them.
 */
#ifndef UIO_RING_TOOLS_EXIT_STATUS_H
#define UIO_RING_TOOLS_EXIT_STATUS_H

#include <errno.h>

enum {
	ST_OK = 0,
	ST_ERROR = 1,		/* any other runtime error */
	ST_USAGE = 2,
	ST_NO_RING = 3,		/* -ENOENT */
	ST_PERM = 4,		/* -EACCES, -EPERM */
	ST_NOT_RING = 5,	/* -EMEDIUMTYPE */
	ST_ABI = 6,		/* -EPROTONOSUPPORT */
	ST_BUSY = 7,		/* -EBUSY */
	ST_CORRUPT = 8,		/* -EBADMSG */
	ST_REMOVED = 9,		/* -ENODEV */
};

/* The exit status for an error libuio-ring returned. */
static inline int exit_status_for(int err)
{
	switch (err < 0 ? -err : err) {
	case ENOENT:
		return ST_NO_RING;
	case EACCES:
	case EPERM:
		return ST_PERM;
	case EMEDIUMTYPE:
		return ST_NOT_RING;
	case EPROTONOSUPPORT:
		return ST_ABI;
	case EBUSY:
		return ST_BUSY;
	case EBADMSG:
		return ST_CORRUPT;
	case ENODEV:
		return ST_REMOVED;
	default:
		return ST_ERROR;
	}
}

#endif /* UIO_RING_TOOLS_EXIT_STATUS_H */
