// SPDX-License-Identifier: MIT
/*
 * proc-workload: the processes whose events the process event tests and
 * benchmarks listen to (tests/vm/tests/t-30-proc-events.sh, t-32, and
 * bench/vm-proc-bench.sh). Linked statically and without the library: under
 * TCG a fork costs in proportion to what the parent has mapped.
 *
 *   workload N PAR HELPER OUT [vfork|fork]
 *                               create N children, PAR at a time, with vfork
 *                               (default) or fork; child I execs HELPER I
 *                               (proc-helper), which exits with
 *                               (I * 7 + 1) & 0xff; check every wait status;
 *                               write "workload PID N HELPER" and one
 *                               "I PID STATUS" line per child to OUT
 *   storm N PAR                 fork storm: PAR processes fork N children in
 *                               all, as fast as they can, each child _exits(0)
 *                               at once and is reaped; N forks, N exits
 *
 * Each prints one key=value line: "workload pid=.. children=.. ns=.. rate=.."
 * or "storm forks=.. par=.. ns=.. rate=..". Exit status: 0, 1 on a failure
 * (the reason on stderr).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FAIL(...) do { fprintf(stderr, "proc-workload: FAIL: " __VA_ARGS__); fputc('\n', stderr); exit(1); } while (0)
#define CHECK(cond, ...) do { if (!(cond)) FAIL(__VA_ARGS__); } while (0)

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* What proc-helper IDX exits with. */
static unsigned int helper_code(unsigned long idx)
{
	return (unsigned int)((idx * 7 + 1) & 0xff);
}

/*
 * A child that execs HELPER ARG. vfork (the default) spares a copy of the
 * parent's page tables that the exec would throw away at once: the same
 * events (a fork, an exec, an exit), for less of the emulator's time.
 */
static __attribute__((noinline)) pid_t spawn(const char *helper, const char *arg, int use_vfork)
{
	pid_t pid = use_vfork ? vfork() : fork();

	if (pid == 0) {
		execl(helper, helper, arg, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static int cmd_workload(unsigned long n, unsigned int par, const char *helper, const char *out,
			int use_vfork)
{
	pid_t *pids = calloc(n, sizeof(*pids));
	int *status = calloc(n, sizeof(*status));
	unsigned long next = 0, done = 0, i, bad = 0;
	unsigned int running = 0;
	uint64_t t0, t1;
	FILE *f;

	CHECK(pids && status && par > 0, "workload: bad arguments or no memory");
	t0 = now_ns();
	while (done < n) {
		pid_t pid;
		int st;

		while (running < par && next < n) {
			char arg[24];

			snprintf(arg, sizeof(arg), "%lu", next);
			pid = spawn(helper, arg, use_vfork);
			if (pid < 0 && errno == EAGAIN && running > 0)
				break;		/* reap one first */
			CHECK(pid > 0, "fork: %s", strerror(errno));
			pids[next++] = pid;
			running++;
		}
		pid = waitpid(-1, &st, 0);
		CHECK(pid > 0, "waitpid: %s", strerror(errno));
		/* Recent children are the likely ones: search backwards. */
		for (i = next; i-- > 0;)
			if (pids[i] == pid)
				break;
		CHECK(i < next, "waitpid returned %d, not one of ours", (int)pid);
		status[i] = st;
		running--;
		done++;
	}
	t1 = now_ns();

	f = fopen(out, "we");
	CHECK(f, "create %s: %s", out, strerror(errno));
	fprintf(f, "workload %d %lu %s\n", (int)getpid(), n, helper);
	for (i = 0; i < n; i++) {
		fprintf(f, "%lu %d %d\n", i, (int)pids[i], status[i]);
		if (!WIFEXITED(status[i]) || WEXITSTATUS(status[i]) != (int)helper_code(i)) {
			if (bad++ < 5)
				fprintf(stderr, "child %lu (pid %d): wait status 0x%x, want exit %u\n",
					i, (int)pids[i], status[i], helper_code(i));
		}
	}
	CHECK(fclose(f) == 0, "write %s: %s", out, strerror(errno));
	printf("workload pid=%d children=%lu par=%u ns=%" PRIu64 " rate=%.0f\n", (int)getpid(),
	       n, par, t1 - t0, (double)n / ((double)(t1 - t0) / 1e9));
	CHECK(bad == 0, "%lu children exited with the wrong status", bad);
	free(pids);
	free(status);
	return 0;
}

static void storm_forker(unsigned long n, pid_t driver)
{
	unsigned long i;
	pid_t pid;
	int st;

	/* Stop with the driver (killed by a test, say), not fork on alone. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != driver)
		_exit(1);
	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid < 0 || waitpid(pid, &st, 0) != pid)
			_exit(1);
	}
	_exit(0);
}

static int cmd_storm(unsigned long n, unsigned int par)
{
	pid_t pid, driver = getpid();
	unsigned int p;
	uint64_t t0, t1;
	int st, bad = 0;

	CHECK(par > 0 && par <= 64, "storm: PAR 1 to 64");
	t0 = now_ns();
	for (p = 0; p < par; p++) {
		pid = fork();
		CHECK(pid >= 0, "fork: %s", strerror(errno));
		if (pid == 0)
			storm_forker(n / par + (p < n % par), driver);
	}
	while ((pid = wait(&st)) > 0)
		bad += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	t1 = now_ns();
	CHECK(bad == 0, "%d forkers failed", bad);
	printf("storm forks=%lu par=%u ns=%" PRIu64 " rate=%.0f\n", n, par, t1 - t0,
	       (double)n / ((double)(t1 - t0) / 1e9));
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(cmd, "workload") && (argc == 6 || argc == 7) &&
	    (argc == 6 || !strcmp(argv[6], "fork") || !strcmp(argv[6], "vfork")))
		return cmd_workload(strtoul(argv[2], NULL, 0), (unsigned int)atoi(argv[3]), argv[4],
				    argv[5], argc == 6 || !strcmp(argv[6], "vfork"));
	if (!strcmp(cmd, "storm") && argc == 4)
		return cmd_storm(strtoul(argv[2], NULL, 0), (unsigned int)atoi(argv[3]));
	fprintf(stderr, "usage: proc-workload workload N PAR HELPER OUT [vfork|fork] | storm N PAR\n");
	return 2;
}
