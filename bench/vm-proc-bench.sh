#!/bin/sh
# Part 3 of `make bench`, run in the QEMU guest by tests/vm/run:
#   tests/vm/run bench/vm-proc-bench.sh [SCALE]
# 3a. Delivery capacity: records from the kernel to a user-space consumer
#     that checks every byte, at 64 B and 256 B: the ring (emit), generic
#     netlink multicast (tests/kmod/nl_bench.ko) and read() from a character
#     device's queue (tests/kmod/cdev_bench.ko); deliver-bench, 5 interleaved
#     rounds, medians.
# 3b. Process events under a fork storm (proc-workload storm: 2 processes
#     forking children that exit at once): the storm alone, with the proc
#     connector's listener, with the ring's source attached and its listener
#     running; listeners woken per event, or draining every 100 ms or every
#     second (5 interleaved rounds); then both draining once a second from
#     the same small buffer (ring_size 64 KiB, SO_RCVBUF 64 KiB), where the
#     connector overflows.
# SCALE multiplies the counts (default 1). Needs make kmod-tests.
. /tests/vmlib.sh
PATH=${VM_TESTS_BIN:-/tests/bin}:$PATH

scale=${1:-1}
dir=${UIO_RING_TEST_KO_DIR:-/nonexistent}
if [ ! -f "$dir/nl_bench.ko" ] || [ ! -f "$dir/cdev_bench.ko" ]; then
	fail "nl_bench.ko or cdev_bench.ko not found in $dir (make kmod-tests)"
fi
cpus=$(grep -c ^processor /proc/cpuinfo)

echo "Part 3a: delivery capacity, kernel -> user space, in the QEMU guest ($cpus vCPUs, TCG)"
echo "The kernel produces from CPU 0 (a write of \"COUNT SIZE\" to a sysfs emit attribute), the"
echo "consumer on CPU 1 checks every payload byte and sequence number. ring: uio_ring, 16 MiB,"
echo "records read in place; netlink: nl_bench.ko, generic netlink multicast, recvmmsg of 64,"
echo "SO_RCVBUF 16 MiB; read(): cdev_bench.ko, a 16 MiB queue, read() of 256 KiB, copy_to_user."
echo "delivered/s: records received / (last received - write started); produced/s: COUNT /"
echo "duration of the write; lost: records that did not fit; cpu ns/rec: the consumer's CPU"
echo "time per record received. Median of 5 interleaved runs."
echo
reload_ring ring_size=16777216 || fail "cannot load the module with a 16 MiB ring"
insmod "$dir/nl_bench.ko" || fail "insmod nl_bench.ko failed"
insmod "$dir/cdev_bench.ko" || fail "insmod cdev_bench.ko failed"
count_for() {
	case $1 in
	ring|cdev) echo $((300000 * scale)) ;;
	nl) echo $((40000 * scale)) ;;
	esac
}
rm -f /tmp/deliver.rows
for round in 1 2 3 4 5; do
	for size in 64 256; do
		for method in ring nl cdev; do
			deliver-bench $method "$(count_for $method)" $size >>/tmp/deliver.rows ||
				fail "deliver-bench $method $size failed"
		done
	done
done
deliver-bench table /tmp/deliver.rows
echo
echo "Each run:"
deliver-bench header
cat /tmp/deliver.rows
rmmod nl_bench cdev_bench || fail "rmmod of the test modules failed"

forks=$((600 * scale))
echo
echo "Part 3b: process events under a fork storm ($forks forks by 2 processes, each child exits"
echo "at once: $forks fork and $forks exit events per run, plus a few of the harness)."
echo "ring: proc_events on for ring0, the consumer uio_ring_consume + uio_ring_proc_decode;"
echo "cn: the netlink proc connector, PROC_CN_MCAST_LISTEN, recvmmsg of 64, parsing each event."
echo "Listeners are woken per event (wake), or drain every 100 ms (100ms) or every second (1s),"
echo "from 16 MiB (ring_size; SO_RCVBUF), or every second from 64 KiB (1s,64K: ring_size=65536;"
echo "SO_RCVBUF 65536, which the kernel doubles). 5 interleaved rounds (1s,64K: 3)."
echo "forks/s: the storm's rate, median; vs none: against the storm alone; events: produced"
echo "(ring: produced + dropped; cn: received + lost by per-CPU seq gaps), summed over runs;"
echo "CPU ns/ev: the listener's user + system time per event received, median."
echo

ring_on() { echo "$1" >"$(ring_dir ring0)/device/proc_events" || fail "proc_events=$1 failed"; }

# run LABEL [LISTENER ARGS...]: one storm, with that listener attached.
n=0
run() {
	label=$1; shift
	n=$((n + 1))
	out=/tmp/storm.$n lis=
	if [ $# -gt 0 ]; then
		lis=/tmp/listener.$n
		rm -f /tmp/lis.ready
		"$@" /tmp/lis.ready - >"$lis" 2>&1 &
		pid=$!
		while [ ! -e /tmp/lis.ready ]; do
			kill -0 $pid 2>/dev/null || { cat "$lis"; fail "$label: the listener did not start"; }
			sleep 0.05
		done
		[ "$1" = proc-test ] && [ "$2" = ring-listen ] && ring_on 1
	fi
	proc-workload storm "$forks" 2 >"$out" || fail "$label: the storm failed"
	if [ -n "$lis" ]; then
		[ "$2" = ring-listen ] && ring_on 0
		kill -TERM "$pid"
		wait "$pid" || { cat "$lis"; fail "$label: the listener failed"; }
	fi
	specs="$specs $label:$out${lis:+:$lis}"
	echo "$n $label $out $lis" >>/tmp/runs.txt
}

specs=
rm -f /tmp/runs.txt
for round in 1 2 3 4 5; do
	run none
	run cn,wake proc-test cn-listen mmsg 16777216 0
	run ring,wake proc-test ring-listen ring0 0
	run cn,100ms proc-test cn-listen mmsg 16777216 100
	run ring,100ms proc-test ring-listen ring0 100
	run cn,1s proc-test cn-listen mmsg 16777216 1000
	run ring,1s proc-test ring-listen ring0 1000
done
reload_ring ring_size=65536 || fail "cannot load the module with a 64 KiB ring"
for round in 1 2 3; do
	run cn,1s,64K proc-test cn-listen mmsg 65536 1000
	run ring,1s,64K proc-test ring-listen ring0 1000
done
# shellcheck disable=SC2086 # one argument per run
proc-test table $specs
echo
echo "Each run, in order:"
while read -r i label out lis; do
	echo "$i $label: $(cat "$out")"
	[ -n "$lis" ] && echo "    $(head -n 1 "$lis")"
done </tmp/runs.txt

unload_ring
load_ring || fail "cannot reload the module with its defaults"
