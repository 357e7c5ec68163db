#!/bin/sh
# `make bench`: bench/bench.sh RING_BENCH "RING_BENCH_FLAGS" VM_SCRIPT "VM_ARGS"
# Run from the top build directory after `make all`.
#   part 1: RING_BENCH (bench/ring-bench) on the host
#   part 2: tests/vm/run VM_SCRIPT VM_ARGS in the QEMU guest (its whole output,
#           guest kernel log included, goes to bench/vm-bench.log); a loud
#           SKIP line if the guest cannot run (tests/vm/run exits 77).
#   part 3: tests/vm/run vm-proc-bench.sh (beside VM_SCRIPT) in another guest:
#           process events and delivery capacity (bench/vm-proc-bench.log)
# BENCH_VM=no skips parts 2 and 3, BENCH_PROC=no part 3. Exit status: 0, or 1
# if a part failed.
set -u

ring_bench=$1 ring_flags=$2 vm_script=$3 vm_args=$4
log=bench/vm-bench.log

echo "uio-ring make bench, $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -srm)," \
	"$(getconf _NPROCESSORS_ONLN) CPUs: $(sed -n 's/^model name[[:space:]]*: //p' \
	/proc/cpuinfo 2>/dev/null | head -n 1)"
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)." \
	"Figures move from run to run on a shared machine: compare within one run."
echo

# shellcheck disable=SC2086 # the flags are split on purpose
"$ring_bench" $ring_flags || { echo "FAIL: part 1 (bench/ring-bench) failed"; exit 1; }
echo

if [ "${BENCH_VM:-yes}" = no ]; then
	echo "Part 2 not run (BENCH_VM=no)."
	exit 0
fi

# guest_report PART WHAT LOG STATUS: print the guest's table and the
# harness's own lines from LOG, not the guest kernel log; exit 1 if WHAT
# failed.
guest_report() {
	awk '/^=+ guest kernel (log|console)/ { skip = 1 }
	     !skip && !/^vm-run: (kept|guest booted)/ { print }
	     /^=+ end of guest kernel/ { skip = 0 }' "$3"
	if [ "$4" != 0 ]; then
		echo "FAIL: part $1 ($2) exited with status $4;" \
			"the whole output is in $3"
		exit 1
	fi
	echo "(guest output and kernel log: $3)"
}

mkdir -p bench
# Truly parallel guest CPUs (tests/vm/README.md): the producer and the
# consumer run at once, as on a real machine.
# shellcheck disable=SC2086
tests/vm/run --tcg multi --timeout 240 "$vm_script" $vm_args >"$log" 2>&1
rc=$?
if [ "$rc" = 77 ]; then
	echo "=================================================================="
	echo "SKIP: part 2 (kernel producer in the QEMU guest) did not run:"
	sed -n 's/^SKIP: /SKIP:   /p' "$log"
	echo "=================================================================="
	exit 0
fi
guest_report 2 "tests/vm/run $vm_script" "$log" "$rc"

# Part 3, in a guest of its own: process events (the ring against the proc
# connector under a fork storm) and delivery capacity (the ring against
# netlink and read(): tests/kmod). BENCH_PROC=no in the environment skips it.
if [ "${BENCH_PROC:-yes}" = no ]; then
	echo "Part 3 not run (BENCH_PROC=no)."
	exit 0
fi
echo
log3=bench/vm-proc-bench.log
# Parallel CPUs here too, for a storm on both. The process event switch
# flips (and the kernel patches its text) only between storms: QEMU's race
# needs a CPU running the patched code meanwhile, which is then unlikely,
# not impossible. A guest that hangs fails this part on its timeout.
tests/vm/run --tcg multi --timeout 900 "$(dirname "$vm_script")/vm-proc-bench.sh" >"$log3" 2>&1
rc=$?
guest_report 3 "tests/vm/run vm-proc-bench.sh" "$log3" "$rc"
exit 0
