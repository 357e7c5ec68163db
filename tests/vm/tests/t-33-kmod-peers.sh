#!/bin/sh
# The peers make bench measures the ring against (tests/kmod): nl_bench.ko
# (generic netlink multicast) and cdev_bench.ko (read() from a queue) load,
# deliver records whose every byte and sequence number deliver-bench checks,
# as the ring does through emit, and unload cleanly. Correctness only: the
# speed is make bench's business.
. /tests/vmlib.sh
PATH=${VM_TESTS_BIN:-/tests/bin}:$PATH

[ "${UIO_RING_NO_LOAD:-0}" = 1 ] && skip "run with --no-load"
dir=${UIO_RING_TEST_KO_DIR:-/nonexistent}
if [ ! -f "$dir/nl_bench.ko" ] || [ ! -f "$dir/cdev_bench.ko" ]; then
	skip "nl_bench.ko or cdev_bench.ko not found (make kmod-tests)"
fi

reload_ring ring_size=16777216 || fail "cannot load the module with a 16 MiB ring"
insmod "$dir/nl_bench.ko" || fail "insmod nl_bench.ko failed"
insmod "$dir/cdev_bench.ko" || fail "insmod cdev_bench.ko failed"
[ -c /dev/cdev_bench ] || fail "no /dev/cdev_bench"
[ -w /sys/kernel/nl_bench/emit ] || fail "no /sys/kernel/nl_bench/emit"

deliver-bench header
for size in 64 256; do
	for method in ring nl cdev; do
		deliver-bench $method 20000 $size || fail "$method, $size B"
	done
done
cat /sys/kernel/nl_bench/stats /sys/class/misc/cdev_bench/stats
# Nothing was lost: the counters of the modules say so too.
grep -q ' dropped=0 .*failed=0' /sys/kernel/nl_bench/stats || fail "nl_bench dropped or failed"
grep -q ' dropped=0 ' /sys/class/misc/cdev_bench/stats || fail "cdev_bench dropped"

rmmod nl_bench || fail "rmmod nl_bench failed"
rmmod cdev_bench || fail "rmmod cdev_bench failed"
[ -d /sys/module/nl_bench ] && fail "nl_bench still loaded"
[ -d /sys/module/cdev_bench ] && fail "cdev_bench still loaded"
[ -e /dev/cdev_bench ] && fail "/dev/cdev_bench left behind"
[ -e /sys/kernel/nl_bench ] && fail "/sys/kernel/nl_bench left behind"
reload_ring || fail "cannot reload the module with its defaults"
echo ok
