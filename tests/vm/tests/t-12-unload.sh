#!/bin/sh
# rmmod while a consumer has the ring open and mapped: the module unloads,
# the consumer drains what was produced, then gets -ENODEV ("ring device was
# removed"), and nothing crashes.
. /tests/vmlib.sh
PATH=${VM_TESTS_BIN:-/tests/bin}:$PATH

reload_ring || fail "cannot load the module"
emit=$(ring_dir ring0)/device/emit
rm -f /tmp/ready /tmp/unloaded
vm-ring-test unload ring0 100 /tmp/ready & consumer=$!
while [ ! -e /tmp/ready ]; do kill -0 $consumer 2>/dev/null || break; sleep 0.1; done
[ -e /tmp/ready ] || fail "consumer did not start"
echo '100 64' >$emit || fail "emit failed"
rmmod uio_ring || fail "rmmod with a consumer attached failed"
ring_loaded && fail "module still loaded"
touch /tmp/unloaded
wait $consumer || fail "consumer did not see a clean removal"
load_ring || fail "reload after the removal failed"
