// SPDX-License-Identifier: MIT
/*
 * Error reporting: negative errno values, and a per-thread message that
 * says what exactly failed. The library never prints.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static __thread char ur_errmsg_buf[256];
static __thread char ur_strerror_buf[128];

int ur_error(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ur_errmsg_buf, sizeof(ur_errmsg_buf), fmt, ap);
	va_end(ap);
	return err;
}

void ur_error_clear(void)
{
	ur_errmsg_buf[0] = '\0';
}

UR_EXPORT const char *uio_ring_errmsg(void)
{
	return ur_errmsg_buf;
}

UR_EXPORT const char *uio_ring_strerror(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case 0:
		return "success";
	case ENOENT:
		return "no such ring";
	case EACCES:
	case EPERM:
		return "permission denied";
	case EMEDIUMTYPE:
		return "not a uio-ring device";
	case EPROTONOSUPPORT:
		return "ring ABI version not supported";
	case EBADMSG:
		return "corrupt ring";
	case EBUSY:
		return "ring already has a consumer";
	case ENODEV:
		return "ring device removed, or ring file truncated";
	default:
		/* GNU strerror_r returns a string, not necessarily our buffer. */
		return strerror_r(err, ur_strerror_buf, sizeof(ur_strerror_buf));
	}
}
