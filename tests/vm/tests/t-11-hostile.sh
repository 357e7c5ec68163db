#!/bin/sh
# A hostile consumer: every write the device might allow is refused, and
# garbage scribbled over the whole consumer page while the kernel produces
# is counted and survived. Afterwards the module still produces to a new
# consumer and unloads cleanly (the runner checks the kernel log).
. /tests/vmlib.sh
PATH=${VM_TESTS_BIN:-/tests/bin}:$PATH

reload_ring || fail "cannot load the module"
emit=$(ring_dir ring0)/device/emit
rm -f /tmp/ready
vm-ring-test hostile ring0 4 /tmp/ready & hostile=$!
while [ ! -e /tmp/ready ]; do kill -0 $hostile 2>/dev/null || break; sleep 0.1; done
[ -e /tmp/ready ] || fail "hostile consumer did not start"
while kill -0 $hostile 2>/dev/null; do echo '20000 64' >$emit || fail "emit failed"; done
wait $hostile || fail "hostile consumer failed"

vm-ring-test stats ring0 >/tmp/stats || fail "stats"
cat /tmp/stats
faults=$(sed -n 's/^consumer_faults=//p' /tmp/stats)
[ "$faults" -gt 0 ] || fail "no consumer fault counted"

check_recovers ring0 "the hostile consumer"
