/* SPDX-License-Identifier: MIT */
/*
 * Clocks of the guest programs that measure (proc-test, deliver-bench):
 * wall time on the monotonic clock and this process's CPU time, in ns.
 */
#ifndef UIO_RING_GUEST_CLOCK_H
#define UIO_RING_GUEST_CLOCK_H

#include <stdint.h>
#include <sys/resource.h>
#include <time.h>

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* User plus system time of the whole process. */
static inline uint64_t cpu_ns(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ((uint64_t)ru.ru_utime.tv_sec + (uint64_t)ru.ru_stime.tv_sec) * 1000000000u +
	       ((uint64_t)ru.ru_utime.tv_usec + (uint64_t)ru.ru_stime.tv_usec) * 1000u;
}

#endif /* UIO_RING_GUEST_CLOCK_H */
