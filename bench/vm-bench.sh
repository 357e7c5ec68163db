#!/bin/sh
# Part 2 of `make bench`, run in the QEMU guest by tests/vm/run:
#   tests/vm/run bench/vm-bench.sh [SCALE]
# The kernel producer (the emit attribute) -> a user-space consumer
# (vm-bench consume, built from bench/vm-bench.c) that verifies every byte.
# For 64 B, 256 B and 4 KiB records, emit from CPU 0 alone (consumer pinned
# to CPU 1), then from CPUs 0 and 1 at once (consumer unpinned). SCALE
# multiplies the record counts (default 1). Prints one table.
. /tests/vmlib.sh
PATH=${VM_TESTS_BIN:-/tests/bin}:$PATH

scale=${1:-1}
ring_size=16777216
reload_ring ring_size=$ring_size || fail "cannot load the module with ring_size=$ring_size"
emit=$(ring_dir ring0)/device/emit
[ -w "$emit" ] || fail "no emit attribute for ring0"

# Records per writer, chosen for a few seconds each under TCG.
count_for() {
	case $1 in
	64) echo $((800000 * scale)) ;;
	256) echo $((500000 * scale)) ;;
	*) echo $((40000 * scale)) ;;
	esac
}

echo "Part 2: kernel producer (emit) -> user-space consumer in the QEMU guest" \
	"($(grep -c ^processor /proc/cpuinfo) vCPUs, TCG, ring_size=$ring_size)"
echo "produced/s: records the ring accepted / wall time of the emit writes;" \
	"consumed/s: records / first-to-last consumed;"
echo "dropped: % of records emitted that did not fit; notif/rec: doorbells per" \
	"consumed record; wakeups: consumer sleeps that ended in a doorbell."
echo
vm-bench header
rc=0
for size in 64 256 4096; do
	for cpus in 1 2; do
		n=$(count_for "$size")
		total=$((n * cpus))
		rm -f /tmp/ready /tmp/consume.out /tmp/emit.*
		if [ "$cpus" = 1 ]; then
			taskset -c 1 vm-bench consume ring0 "$total" /tmp/ready >/tmp/consume.out &
		else
			vm-bench consume ring0 "$total" /tmp/ready >/tmp/consume.out &
		fi
		consumer=$!
		while [ ! -e /tmp/ready ]; do
			kill -0 $consumer 2>/dev/null || break
			sleep 0.05
		done
		[ -e /tmp/ready ] || fail "the consumer did not start"
		if [ "$cpus" = 1 ]; then
			taskset -c 0 vm-bench emit "$emit" "$n" "$size" >/tmp/emit.0 ||
				fail "emit on CPU 0 failed"
		else
			taskset -c 0 vm-bench emit "$emit" "$n" "$size" >/tmp/emit.0 & e0=$!
			taskset -c 1 vm-bench emit "$emit" "$n" "$size" >/tmp/emit.1 & e1=$!
			wait $e0 || fail "emit on CPU 0 failed"
			wait $e1 || fail "emit on CPU 1 failed"
		fi
		if ! wait $consumer; then
			echo "FAIL: consumer, $size B from $cpus CPU(s)"
			rc=1
			continue
		fi
		vm-bench row "$size" "$cpus" /tmp/consume.out /tmp/emit.* || rc=1
	done
done
unload_ring
load_ring || rc=1
exit $rc
