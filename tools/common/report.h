/* SPDX-License-Identifier: MIT */
/*
 * Errors libuio-ring returns, reported the same way by every uio-ring tool:
 * "TOOL: WHAT: <error>[: <detail>]" on stderr, and the exit status that
 * exit-status.h gives the error, for the tool to return.
 */
#ifndef UIO_RING_TOOLS_REPORT_H
#define UIO_RING_TOOLS_REPORT_H

/* Call right after the failed library call: its detail is thread state. */
int report(const char *what, int err);

/* The same with a detail kept from earlier (NULL or "" for none). */
int report_detail(const char *what, int err, const char *detail);

#endif /* UIO_RING_TOOLS_REPORT_H */
