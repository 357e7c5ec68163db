#!/bin/sh
# A ring for user-space producers: a producer process and a consumer
# process on the module's device, the producer's doorbell a write() that
# the module turns into a UIO event; every byte and counter checked, and
# wakeups suppressed while the consumer is busy. The kernel refuses to
# produce into such a ring, and a user producer into a kernel ring.
. /tests/vmlib.sh
PATH=${VM_TESTS_BIN:-/tests/bin}:$PATH

reload_ring nr_rings=2 ring_names=kern,user user_rings=user ring_size=262144 ||
	fail "cannot load the module with a user ring"
user=$(ring_dir user)
kern=$(ring_dir kern)

rm -f /tmp/ready
vm-ring-test consume user 200000 /tmp/ready >/tmp/consume.out 2>&1 & consumer=$!
while [ ! -e /tmp/ready ]; do kill -0 $consumer 2>/dev/null || break; sleep 0.1; done
[ -e /tmp/ready ] || { cat /tmp/consume.out; fail "consumer did not start"; }
vm-ring-test produce user 100000 64 & p1=$!
vm-ring-test produce user 100000 200 & p2=$!
wait $p1 || fail "producer 1 failed"
wait $p2 || fail "producer 2 failed"
wait $consumer; rc=$?
cat /tmp/consume.out
[ $rc = 0 ] || fail "consumer failed"
grep -q "dropped 0 " /tmp/consume.out || fail "the waiting producers dropped records"
uio-ring-dump --stats user | grep -q "flags: *0x0$" || fail "user ring flags"

if echo '1 8' >"$user/device/emit" 2>/dev/null; then fail "emit into a user ring worked"; fi
if echo 1 >"$user/device/proc_events" 2>/dev/null; then fail "proc_events on a user ring worked"; fi
out=$(vm-ring-test produce kern 1 8 2>&1) && fail "a user producer opened a kernel ring"
echo "$out"
echo "$out" | grep -q "written by the kernel" || fail "no clear error for a kernel ring"

insmod_fails() { unload_ring; if load_ring "$@" 2>/dev/null; then fail "insmod $* worked"; fi; }
insmod_fails user_rings=nosuch
load_ring || fail "reload"
