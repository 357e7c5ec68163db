/* SPDX-License-Identifier: MIT */
/*
 * SIGINT and SIGTERM ask a uio-ring tool to stop, the same way in every
 * tool: the handler only records the signal in stop_signal, which the
 * tool's loops check. No SA_RESTART, so a blocking call (uio_ring_pwait(),
 * read()) returns EINTR and the loop sees it. Before it sleeps on a ring, a
 * tool blocks both (stop_signal_block()), checks, and sleeps in
 * uio_ring_pwait() with them unblocked: one that lands between the check
 * and the sleep interrupts the sleep. Elsewhere, say in a read() of
 * standard input, it is seen at the next line or end of file, and
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

/*
 * Block SIGINT and SIGTERM; *sleep_mask gets the mask from before, which
 * does not block them (setup unblocks nothing: a tool started with them
 * blocked keeps them blocked). Restore it with stop_signal_unblock().
 */
static inline void stop_signal_block(sigset_t *sleep_mask)
{
	sigset_t stops;

	sigemptyset(&stops);
	sigaddset(&stops, SIGINT);
	sigaddset(&stops, SIGTERM);
	sigprocmask(SIG_BLOCK, &stops, sleep_mask);
}

static inline void stop_signal_unblock(const sigset_t *sleep_mask)
{
	sigprocmask(SIG_SETMASK, sleep_mask, NULL);
}

#endif /* UIO_RING_TOOLS_STOP_SIGNAL_H */
