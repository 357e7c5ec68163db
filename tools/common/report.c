// SPDX-License-Identifier: MIT
/* How every uio-ring tool reports a libuio-ring error. See report.h. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>

#include <uio-ring/uio-ring.h>

#include "exit-status.h"
#include "report.h"
#include "tool-name.h"

int report(const char *what, int err)
{
	return report_detail(what, err, uio_ring_errmsg());
}

int report_detail(const char *what, int err, const char *detail)
{
	if (detail && detail[0])
		fprintf(stderr, "%s: %s: %s: %s\n", tool_name, what,
			uio_ring_strerror(err), detail);
	else
		fprintf(stderr, "%s: %s: %s\n", tool_name, what, uio_ring_strerror(err));
	return exit_status_for(err);
}
