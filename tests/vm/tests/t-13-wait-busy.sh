#!/bin/sh
# Waiting: a timed wait waits its full time, each time; a blocked wait wakes
# for one record. Attaching: a second consumer gets -EBUSY naming the first,
# an observer may attach beside it; a user without access gets -EACCES.
. /tests/vmlib.sh
PATH=${VM_TESTS_BIN:-/tests/bin}:$PATH

ring_loaded || load_ring || fail "cannot load the module"
emit=$(ring_dir ring0)/device/emit
vm-ring-test wait ring0 || fail "timed waits"

rm -f /tmp/ready
vm-ring-test wake ring0 /tmp/ready & waiter=$!
while [ ! -e /tmp/ready ]; do kill -0 $waiter 2>/dev/null || break; sleep 0.1; done
sleep 1
echo '1 64' >$emit || fail "emit failed"
wait $waiter || fail "blocked wait did not wake for one record"

vm-ring-test busy ring0 || fail "second consumer"
vm-ring-test perm ring0 1000 || fail "permission denied"
