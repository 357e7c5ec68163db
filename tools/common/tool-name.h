/* SPDX-License-Identifier: MIT */
/*
 * The name every message of a uio-ring tool starts with, for the code in
 * tools/common/ that prints them. Each tool defines it as its fixed PROG,
 * not argv[0]: libtool's wrapper runs a tool as lt-NAME.
 */
#ifndef UIO_RING_TOOLS_TOOL_NAME_H
#define UIO_RING_TOOLS_TOOL_NAME_H

extern const char tool_name[];

#endif /* UIO_RING_TOOLS_TOOL_NAME_H */
