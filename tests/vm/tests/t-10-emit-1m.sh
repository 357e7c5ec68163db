#!/bin/sh
# 1,000,000 records produced through emit from 2 CPUs at once while one
# consumer reads: produced == consumed + dropped exactly, the seq gaps the
# consumer sees equal the drops, and every payload byte is verified.
. /tests/vmlib.sh
PATH=${VM_TESTS_BIN:-/tests/bin}:$PATH

reload_ring ring_size=4194304 || fail "cannot load the module"
emit=$(ring_dir ring0)/device/emit
rm -f /tmp/ready
vm-ring-test consume ring0 1000000 /tmp/ready >/tmp/consume.out 2>&1 &
consumer=$!
while [ ! -e /tmp/ready ]; do kill -0 $consumer 2>/dev/null || break; sleep 0.1; done
[ -e /tmp/ready ] || { cat /tmp/consume.out; fail "consumer did not start"; }

taskset -c 0 sh -c "echo '500000 64' >$emit" & e0=$!
taskset -c 1 sh -c "echo '500000 200' >$emit" & e1=$!
wait $e0 || fail "emit on CPU 0 failed"
wait $e1 || fail "emit on CPU 1 failed"
wait $consumer; rc=$?
cat /tmp/consume.out
[ $rc = 0 ] || fail "consumer failed ($rc)"
cpus=$(grep -c '^cpu [0-9]*: ' /tmp/consume.out)
expect_eq "CPUs that produced" "$cpus" 2
