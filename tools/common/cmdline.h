/* SPDX-License-Identifier: MIT */
/*
 * The command line, read the same way by every uio-ring tool: getopt_long()
 * with opterr = 0 and SHORTOPTS starting with ':', so that what is wrong is
 * said in the tools' own words, with their own name (tool_name), on one
 * line, followed by a pointer to --help; the exit status is then ST_USAGE.
 * The tests match these messages.
 */
#ifndef UIO_RING_TOOLS_CMDLINE_H
#define UIO_RING_TOOLS_CMDLINE_H

#include <stdbool.h>
#include <stdint.h>

/* "TOOL: <message>" and the --help pointer on stderr; returns ST_USAGE. */
__attribute__((format(printf, 1, 2)))
int usage_error(const char *fmt, ...);

/* Only the --help pointer, after a message of the tool's own; ST_USAGE. */
int usage_hint(void);

/* What getopt_long() returned ':' (missing argument) or '?' for; ST_USAGE. */
int option_error(int c, char **argv, const char *shortopts);

/*
 * The RING operand after the options: -1 with *ring set (NULL if there is
 * none and it is not needed), or ST_USAGE after saying what is wrong.
 */
int ring_operand(int argc, char **argv, bool needed, const char **ring);

/* An option's decimal number up to max. */
bool parse_uint(const char *arg, uint64_t max, uint64_t *out);

#endif /* UIO_RING_TOOLS_CMDLINE_H */
