/* SPDX-License-Identifier: MIT */
/*
 * SIGINT and SIGTERM ask a uio-ring tool to stop, the same way in every
 * tool: the handler only records the signal in stop_signal, which the
 * tool's loops check. No SA_RESTART, so a blocking call (uio_ring_wait(),
 * read()) returns EINTR and the loop sees it; a signal that lands between
 * a check and the sleep is seen at the next record or timeout, and
 * SA_RESETHAND makes a second one end the process at once.
 */
#ifndef UIO_RING_TOOLS_STOP_SIGNAL_H
#define UIO_RING_TOOLS_STOP_SIGNAL_H

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t stop_signal;	/* the signal that asked, or 0 */

static void stop_signal_handler(int sig)
{
	stop_signal = sig;
}

static inline void stop_signal_setup(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = stop_signal_handler;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

#endif /* UIO_RING_TOOLS_STOP_SIGNAL_H */
