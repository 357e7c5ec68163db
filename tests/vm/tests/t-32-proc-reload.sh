#!/bin/sh
# Load, attach, detach and unload uio_ring over and over while a fork storm
# runs: no oops (check-vm scans the kernel log), and the tracepoint probes
# come and go with the module. tp_probes.ko (tests/kmod) lists the probes on
# the sched_process_* tracepoints: after every rmmod they must be back to
# what they were before the first load. At the end the storm is still
# forking, and a fresh insmod with proc_events on produces events.
# vm-timeout: 240
# Attaching the process event source patches kernel text: see vm-tcg in
# tests/vm/README.md.
# vm-tcg: single
. /tests/vmlib.sh
PATH=${VM_TESTS_BIN:-/tests/bin}:$PATH

[ "${UIO_RING_NO_LOAD:-0}" = 1 ] && skip "run with --no-load"
tp_ko=${UIO_RING_TEST_KO_DIR:-/nonexistent}/tp_probes.ko
[ -f "$tp_ko" ] || skip "tp_probes.ko not found (make kmod-tests)"
ROUNDS=12

insmod "$tp_ko" || fail "insmod tp_probes.ko failed"
probes() { cat /sys/kernel/debug/tp_probes; }
# ours: how many sched_process_* probes belong to uio_ring
ours() { probes | tr ' ' '\n' | grep -c '\[uio_ring\]$'; }

unload_ring || fail "rmmod uio_ring failed"
baseline=$(probes)
echo "before any load:"; echo "$baseline"
[ "$(echo "$baseline" | grep -c '^sched_process_\(fork\|exec\|exit\) ')" = 3 ] ||
	fail "tp_probes does not list the three tracepoints"
expect_eq "uio_ring probes before loading" "$(ours)" 0

# forks: how many processes the kernel has created since boot.
forks() { sed -n 's/^processes //p' /proc/stat; }
# One forker per vCPU, so that probes run on every CPU while they come and go.
proc-workload storm 100000000 2 >/tmp/storm.out 2>&1 &
storm=$!

f0=$(forks)
round=1
while [ $round -le $ROUNDS ]; do
	case $((round % 3)) in
	0)	# attached at load, on two rings, detached by rmmod
		load_ring nr_rings=2 ring_size=65536 proc_events=ring0,ring1 ||
			fail "round $round: insmod with proc_events=ring0,ring1 failed"
		expect_eq "round $round: probes with two rings attached" "$(ours)" 3 ;;
	1)	# attached at load, detached in sysfs, reattached, then rmmod
		load_ring ring_size=65536 proc_events=ring0 ||
			fail "round $round: insmod with proc_events=ring0 failed"
		expect_eq "round $round: probes attached at load" "$(ours)" 3
		dev=$(ring_dir ring0)/device
		echo 0 >"$dev/proc_events" || fail "round $round: detach failed"
		expect_eq "round $round: probes after detaching" "$(ours)" 0
		echo 1 >"$dev/proc_events" || fail "round $round: reattach failed"
		expect_eq "round $round: probes after reattaching" "$(ours)" 3 ;;
	2)	# attached in sysfs on one of two rings, toggled on the other
		load_ring nr_rings=2 ring_size=65536 || fail "round $round: insmod failed"
		expect_eq "round $round: probes before attaching" "$(ours)" 0
		echo 1 >"$(ring_dir ring1)/device/proc_events" || fail "round $round: attach failed"
		echo 1 >"$(ring_dir ring0)/device/proc_events" || fail "round $round: attach failed"
		echo 0 >"$(ring_dir ring0)/device/proc_events" || fail "round $round: detach failed"
		expect_eq "round $round: probes with ring1 attached" "$(ours)" 3 ;;
	esac
	produced=$(vm-ring-test stats ring0 | sed -n 's/^produced=//p')
	refcnt=$(cat /sys/module/uio_ring/refcnt)
	unload_ring || fail "round $round: rmmod failed"
	ring_loaded && fail "round $round: still loaded after rmmod"
	expect_eq "round $round: probes after rmmod" "$(probes)" "$baseline"
	echo "round $round: ok (ring0 produced $produced records, refcnt $refcnt before rmmod)"
	kill -0 $storm 2>/dev/null || { cat /tmp/storm.out; fail "round $round: the fork storm died"; }
	round=$((round + 1))
done
f1=$(forks)
sleep 1
f2=$(forks)
echo "forks during the rounds: $((f1 - f0)); in the second after the last rmmod: $((f2 - f1))"
[ $((f2 - f1)) -gt 10 ] || fail "the fork storm stalled after the last rmmod"
kill $storm
wait $storm 2>/dev/null

# A fresh load still attaches and produces.
load_ring proc_events=ring0 || fail "the last insmod failed"
expect_eq "probes after the last insmod" "$(ours)" 3
before=$(vm-ring-test stats ring0 | sed -n 's/^produced=//p')
sh -c 'exit 3'
/bin/true
after=$(vm-ring-test stats ring0 | sed -n 's/^produced=//p')
echo "process events produced by a few commands: $((after - before))"
[ $((after - before)) -ge 6 ] || fail "no process events after the last insmod"
unload_ring || fail "rmmod failed"
expect_eq "probes at the end" "$(probes)" "$baseline"
rmmod tp_probes || fail "rmmod tp_probes failed"
load_ring || fail "cannot reload the module with its defaults"
echo ok
