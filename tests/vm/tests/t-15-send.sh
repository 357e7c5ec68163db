#!/bin/sh
# uio-ring-send on the module's rings: test records into a ring made for
# user-space producers (user_rings=), read back by uio-ring-dump with every
# byte checked; a doorbell for a consumer that waits; lines from standard
# input; and a ring the kernel writes refused with a clear message and
# uio-ring-dump's exit status for permission denied (4).
. /tests/vmlib.sh

reload_ring nr_rings=2 ring_names=kern,user user_rings=user ring_size=262144 ||
	fail "cannot load the module with a user ring"

# Runs a command, shows its output, keeps stdout in /tmp/out, stderr in
# /tmp/err and its status in $rc.
run() { "$@" >/tmp/out 2>/tmp/err; rc=$?; echo "\$ $* -> $rc"; head -n 5 /tmp/out; cat /tmp/err; }

run uio-ring-send --count 1000 --size 64 user
expect_eq "send status" $rc 0
grep -q "sent 1000 records (64000 bytes), dropped 0" /tmp/err || fail "send summary"

run uio-ring-dump -n 1000 user
expect_eq "dump status" $rc 0
expect_eq "records dumped" "$(wc -l </tmp/out)" 1000
expect_eq "records with pattern=ok" \
	"$(grep -c '^seq=[0-9]* type=1 len=64 flags=0x0 pattern=ok$' /tmp/out)" 1000
head -n 1 /tmp/out | grep -q '^seq=0 ' || fail "the first record is not seq 0"
tail -n 1 /tmp/out | grep -q '^seq=999 ' || fail "the last record is not seq 999"

run uio-ring-dump --stats user
grep -q '^produced: *1000$' /tmp/out || fail "produced counter"
grep -q '^dropped: *0$' /tmp/out || fail "dropped counter"
grep -q '^flags: *0x0$' /tmp/out || fail "a user ring has no kernel-producer flag"

# A consumer that waits gets the doorbell: the module turns the producer's
# write() to /dev/uioN into a UIO event.
uio-ring-dump --follow -n 500 --timeout 30 user >/tmp/follow.out 2>&1 & follower=$!
sleep 1
run uio-ring-send --no-drop --count 500 --size 200 user
expect_eq "send --no-drop status" $rc 0
wait $follower || { cat /tmp/follow.out; fail "the waiting consumer failed"; }
expect_eq "records the waiting consumer got" \
	"$(grep -c '^seq=[0-9]* type=1 len=200 flags=0x0 pattern=ok$' /tmp/follow.out)" 500
run uio-ring-dump --stats user
notifications=$(sed -n 's/^notifications: *//p' /tmp/out)
[ "${notifications:-0}" -ge 1 ] || fail "no doorbell was rung"

# Lines of standard input, type 300.
printf 'hello\nring\n' | uio-ring-send --type 300 user 2>/tmp/err ||
	{ cat /tmp/err; fail "send of lines"; }
run uio-ring-dump --format=json --hex user
grep -q '"type":300,.*"len":5,.*"hex":"68656c6c6f"' /tmp/out || fail "first line"
grep -q '"type":300,.*"len":4,.*"hex":"72696e67"' /tmp/out || fail "second line"

# A ring the kernel writes takes no records from user space.
run uio-ring-send --count 1 --size 8 kern
expect_eq "send into a kernel ring: status" $rc 4
grep -q "written by the kernel" /tmp/err || fail "no clear message for a kernel ring"
run uio-ring-dump --stats kern
grep -q '^produced: *0$' /tmp/out || fail "something was produced into the kernel ring"

# Without write permission on the device: permission denied, status 4.
chmod 0644 "$(ring_dev user)"
out=$(as_user uio-ring-send --count 1 user 2>&1); rc=$?
echo "$out"
expect_eq "send without permission: status" $rc 4

reload_ring || fail "cannot reload the module with its defaults"
