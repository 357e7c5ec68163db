// SPDX-License-Identifier: MIT
/*
 * The command line every uio-ring tool shares: its usage errors and the
 * option arguments more than one tool takes. See cmdline.h.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "exit-status.h"
#include "tool-name.h"

int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", tool_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return usage_hint();
}

int usage_hint(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", tool_name);
	return ST_USAGE;
}

int option_error(int c, char **argv, const char *shortopts)
{
	if (c == ':')
		return usage_error("option '%s' needs an argument", argv[optind - 1]);
	/* optopt is 0 or a known option's letter for a bad long option
	 * ("--hex=1"), an unknown letter otherwise. */
	if (optopt > 0 && optopt < 128 && !strchr(shortopts, optopt))
		return usage_error("invalid option '-%c'", optopt);
	return usage_error("invalid option '%s'", argv[optind - 1]);
}

int ring_operand(int argc, char **argv, bool needed, const char **ring)
{
	*ring = NULL;
	if (argc - optind < 1)
		return needed ? usage_error("no RING given") : -1;
	if (argc - optind > 1)
		return usage_error("more than one RING: '%s'", argv[optind + 1]);
	*ring = argv[optind];
	if (!(*ring)[0])
		return usage_error("empty RING");
	return -1;
}

/* strtoull() alone would take "-1", " 1" and "". */
bool parse_uint(const char *arg, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (arg[0] < '0' || arg[0] > '9')
		return false;
	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}
