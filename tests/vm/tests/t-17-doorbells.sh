#!/bin/sh
# The notifications counter in the control area never goes backwards, and at
# rest it equals the device's UIO event count: one per doorbell the module
# rang. Producers on both CPUs ring it as often as they can (the consumer
# arms it whenever the ring is empty), so the notify work runs on both.
# The race this guards against (two notify works storing out of order) is a
# few instructions wide; it was never seen to fire under TCG, so this test
# asserts the invariant rather than proving the old code wrong.
. /tests/vmlib.sh
PATH=${VM_TESTS_BIN:-/tests/bin}:$PATH

reload_ring || fail "cannot load the module"
dir=$(ring_dir ring0)
emit=$dir/device/emit
rm -f /tmp/ready /tmp/stop
vm-ring-test doorbells ring0 20 /tmp/ready & watcher=$!
while [ ! -e /tmp/ready ]; do kill -0 $watcher 2>/dev/null || break; sleep 0.1; done
for cpu in 0 1; do
	taskset -c $cpu sh -c "while [ ! -e /tmp/stop ]; do echo '200 64' >$emit || exit 1; done" &
	eval e$cpu=\$!
done
wait $watcher; rc=$?
touch /tmp/stop
wait $e0 || fail "emit on CPU 0 failed"
wait $e1 || fail "emit on CPU 1 failed"
[ $rc = 0 ] || fail "notifications went backwards"

vm-ring-test stats ring0 >/tmp/stats || fail "stats"
cat /tmp/stats
notifications=$(sed -n 's/^notifications=//p' /tmp/stats)
[ "$notifications" -gt 100 ] || fail "only $notifications doorbells rung: the test did not exercise them"
expect_eq "notifications against the UIO event count" "$notifications" "$(cat "$dir/event")"
