#!/bin/sh
# Auto-attach without systemd, as the installed rules do it: a ring whose
# UIO_RING_AUTOATTACH is "run" (set here for alpha only, the way the README
# tells users to) gets uio-ring-dump --follow started by the RUN helper
# uio-ring-attach, detached, as UIO_RING_ATTACH_USER, which consumes what the
# kernel produces into /var/log/uio-ring/alpha.log; another add event does
# not start a second one; removing the ring ends it. beta is not attached.
. /tests/udevlib.sh

udev_start
log=/var/log/uio-ring/alpha.log pidfile=/run/uio-ring/alpha.pid
rm -rf /var/log/uio-ring /run/uio-ring
{
	# The guest has no ld.so cache: RUN programs, whose environment is the
	# device's properties, need the staged library directory.
	[ -n "${LD_LIBRARY_PATH:-}" ] &&
		echo "ENV{UIO_RING_NAME}==\"?*\", ENV{LD_LIBRARY_PATH}=\"$LD_LIBRARY_PATH\""
	echo 'ENV{UIO_RING_NAME}=="alpha", ENV{UIO_RING_AUTOATTACH}="run", ENV{UIO_RING_ATTACH_USER}="ringuser"'
} >/etc/udev/rules.d/75-uio-ring-test.rules
cat /etc/udev/rules.d/75-uio-ring-test.rules
udevadm control --reload || fail "udevadm control --reload"

reload_ring nr_rings=2 ring_names=alpha,beta || fail "cannot load the module"
udevadm settle -t 60 || fail "udevadm settle timed out"

is_dump() { [ "$(cat "/proc/$1/comm" 2>/dev/null)" = uio-ring-dump ]; }
wait_for 10 test -s $pidfile || {
	udevadm info -q property -p "$(ring_dir alpha)"
	ls -l /run/uio-ring /var/log/uio-ring 2>&1
	fail "no $pidfile: uio-ring-attach did not run"
}
pid=$(cat $pidfile)
wait_for 10 is_dump "$pid" || fail "pid $pid is not uio-ring-dump: $(tr '\0' ' ' </proc/$pid/cmdline 2>&1)"
note "pid $pid: $(tr '\0' ' ' </proc/$pid/cmdline)"
expect_eq "its uid" "$(awk '/^Uid:/ { print $2 }' /proc/$pid/status)" 1000
expect_eq "its session" "$(cut -d' ' -f6 /proc/$pid/stat)" "$pid"
[ -e /run/uio-ring/beta.pid ] && fail "beta was attached"
[ -e /var/log/uio-ring/beta.log ] && fail "beta has a log"

has_records() { [ "$(grep -c '^seq=[0-9]* type=1 len=24 .*pattern=ok$' $log)" = "$1" ]; }
echo '5 24' >"$(ring_dir alpha)/device/emit"
wait_for 20 has_records 5 || { cat $log; fail "the log does not have the 5 records"; }
expect_eq "log mode and group" "$(stat -c '%a %G' $log)" "640 $RING_GROUP"
expect_eq "log directory mode" "$(stat -c '%a %U:%G' /var/log/uio-ring)" "2750 root:$RING_GROUP"

# Coldplug sends the add event again: still the same single dump.
udevadm trigger --action=add --subsystem-match=uio
udevadm settle -t 60 || fail "udevadm settle timed out"
expect_eq "pid after a second add" "$(cat $pidfile)" "$pid"
is_dump "$pid" || fail "the dump is gone after a second add event"
expect_eq "dumps running" "$(for p in $(pidof uio-ring-dump); do echo $p; done | wc -l)" 1
echo '2 24' >"$(ring_dir alpha)/device/emit"
wait_for 20 has_records 7 || { cat $log; fail "the log does not have the 7 records"; }

# The ring goes away: the dump drains, says so and ends.
rmmod uio_ring || fail "rmmod uio_ring"
wait_for 20 sh -c "! kill -0 $pid 2>/dev/null" || fail "the dump did not end with its ring"
cat $log
grep -q 'removed' $log || fail "the log does not say the ring was removed"
echo "ok: attached, consumed, not twice, ended with the ring"
