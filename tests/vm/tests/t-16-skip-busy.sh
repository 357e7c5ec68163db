#!/bin/sh
# A consumer that moves consumer_pos past records another CPU is still
# writing (always in range, so only the module's pending bound can tell): the
# module counts it as a consumer fault and drops, rather than hand out the
# space of a record being written. Big records on CPU 0 keep one BUSY for
# long; small ones on CPU 1 reserve while it is. Afterwards an honest consumer
# verifies every byte and the module unloads cleanly (the runner checks the
# kernel log).
. /tests/vmlib.sh
PATH=${VM_TESTS_BIN:-/tests/bin}:$PATH

reload_ring || fail "cannot load the module"
emit=$(ring_dir ring0)/device/emit
rm -f /tmp/ready /tmp/stop
# emit_until_stop CPU COUNT SIZE: emit batches on CPU until /tmp/stop.
emit_until_stop() {
	taskset -c "$1" sh -c "while [ ! -e /tmp/stop ]; do echo '$2 $3' >$emit || exit 1; done"
}
vm-ring-test skip-busy ring0 60 /tmp/ready >/tmp/skip.out 2>&1 & skipper=$!
while [ ! -e /tmp/ready ]; do kill -0 $skipper 2>/dev/null || break; sleep 0.1; done
emit_until_stop 0 64 60000 & e0=$!
emit_until_stop 1 2000 64 & e1=$!
wait $skipper; rc=$?
touch /tmp/stop
wait $e0 || fail "emit on CPU 0 failed"
wait $e1 || fail "emit on CPU 1 failed"
cat /tmp/skip.out
[ $rc = 0 ] || fail "the pending bound did not catch a consumer skipping BUSY records"

check_recovers ring0 "the skipping consumer"
