#!/bin/sh
# Process events through the ring, proved against a known workload and,
# side by side, against the netlink proc connector.
#
# 1. A 16 MiB ring, proc_events switched on in sysfs. proc-workload forks
#    10,000 children, two at a time; child I execs /tests/bin/proc-helper I,
#    which exits with (I * 7 + 1) & 0xff. The ring's listener must see every
#    child with the right fork (parent = the workload), exec (filename, comm)
#    and exit (wait status, SIGCHLD, parent), each once and in that order;
#    records of one CPU never go back in time; consumed + dropped ==
#    produced and the seq gaps match the drops. The proc connector's
#    listener, running at the same time, must see the same children (fork
#    child pids, exec pids, exit pids and codes) unless it lost events.
# 2. A 4 KiB ring attached at load (proc_events=ring0), a listener that
#    drains only once a second: the ring overflows, and every event is still
#    accounted for: delivered, or counted as dropped, never wrong.
# vm-timeout: 420
# Attaching the process event source patches kernel text: see vm-tcg in
# tests/vm/README.md.
# vm-tcg: single
. /tests/vmlib.sh
PATH=${VM_TESTS_BIN:-/tests/bin}:$PATH

[ "${UIO_RING_NO_LOAD:-0}" = 1 ] && skip "run with --no-load"
N=10000
helper=${VM_TESTS_BIN:-/tests/bin}/proc-helper
[ -x "$helper" ] || fail "$helper is missing"

# start_listener NAME CMD...: run a listener in the background, wait until
# it is attached. Its pid in $listener_pid, its output in /tmp/NAME.out.
start_listener() {
	name=$1; shift
	rm -f "/tmp/$name.ready"
	"$@" >"/tmp/$name.out" 2>&1 &
	listener_pid=$!
	while [ ! -e "/tmp/$name.ready" ]; do
		kill -0 $listener_pid 2>/dev/null || { cat "/tmp/$name.out"; fail "$name did not start"; }
		sleep 0.1
	done
}

# stop_listener NAME PID: SIGTERM, wait, show its summary; fail if it failed.
stop_listener() {
	kill -TERM "$2"
	wait "$2"; rc=$?
	cat "/tmp/$1.out"
	[ $rc = 0 ] || fail "$1 failed ($rc)"
}

note "part 1: $N children, the ring and the proc connector side by side"
reload_ring ring_size=16777216 || fail "cannot load the module with a 16 MiB ring"
dev=$(ring_dir ring0)/device
expect_eq "proc_events after a plain load" "$(cat "$dev/proc_events")" 0

# Both drain every 20 ms rather than waking for each event: under TCG a
# wakeup per event would slow the workload down more than it tests.
start_listener ring proc-test ring-listen ring0 20 /tmp/ring.ready /tmp/ring.ev
ring_pid=$listener_pid
start_listener cn proc-test cn-listen mmsg 33554432 20 /tmp/cn.ready /tmp/cn.ev
cn_pid=$listener_pid
echo 1 >"$dev/proc_events" || fail "cannot switch proc_events on"
expect_eq "proc_events switched on" "$(cat "$dev/proc_events")" 1
proc-workload workload $N 2 "$helper" /tmp/workload.txt || fail "the workload failed"
echo 0 >"$dev/proc_events" || fail "cannot switch proc_events off"
stop_listener ring $ring_pid
stop_listener cn $cn_pid

proc-test check /tmp/workload.txt ring /tmp/ring.ev || fail "the ring's events are wrong"
grep -q ' dropped=0 ' /tmp/ring.out ||
	note "the 16 MiB ring dropped events (accounted for above)"
cn_lost=$(sed -n 's/.* lost=\([0-9]*\) .*/\1/p' /tmp/cn.out)
if [ "$cn_lost" = 0 ] && grep -q ' dropped=0 ' /tmp/ring.out; then
	# Neither lost anything: both saw exactly the workload's children.
	proc-test check /tmp/workload.txt cn /tmp/cn.ev || fail "the connector's events differ"
	note "the ring and the proc connector saw the same $N children"
else
	note "a listener lost events (connector: $cn_lost): the comparison is skipped"
fi

note "part 2: a 4 KiB ring that overflows"
reload_ring ring_size=4096 proc_events=ring0 || fail "cannot load with proc_events=ring0"
dev=$(ring_dir ring0)/device
expect_eq "proc_events=ring0 at load" "$(cat "$dev/proc_events")" 1
start_listener small proc-test ring-listen ring0 1000 /tmp/small.ready /tmp/small.ev
small_pid=$listener_pid
proc-workload workload 500 2 "$helper" /tmp/workload2.txt || fail "the workload failed"
echo 0 >"$dev/proc_events" || fail "cannot switch proc_events off"
stop_listener small $small_pid
grep -q ' dropped=0 ' /tmp/small.out && fail "the 4 KiB ring did not overflow: nothing tested"
proc-test check /tmp/workload2.txt ring /tmp/small.ev || fail "events lost beyond the drops"

reload_ring || fail "cannot reload the module with its defaults"
echo ok
