# Helpers for the udev tests (t-40-udev.sh, t-41-autoattach.sh), busybox sh.
# Source with
#   . /tests/udevlib.sh
# systemd-udevd runs standalone in the guest (tests/vm/run copies udevadm in)
# with the rules `make install` put in. udev_start starts it and arranges
# that the test leaves no trace: on exit udevd stops, the files the test
# changed come back and uio_ring is loaded again with the defaults.
. /tests/vmlib.sh

UDEVD=/lib/systemd/systemd-udevd
UIO_OTHER_KO=/lib/modules/$VM_KERNEL_RELEASE/extra/uio_other.ko

# The installed rules, where udevd reads them.
udev_rules=
for _d in /etc/udev/rules.d /run/udev/rules.d /usr/local/lib/udev/rules.d /usr/lib/udev/rules.d; do
	[ -f "$_d/70-uio-ring.rules" ] && { udev_rules=$_d/70-uio-ring.rules; break; }
done

# The ring group, as configured (--with-ring-group).
ring_group() { sed -n 's/.*GROUP="\([^"]*\)".*/\1/p' "$udev_rules" | head -n 1; }

udev_cleanup() {
	udevadm control --exit 2>/dev/null
	rm -f /etc/udev/rules.d/75-uio-ring-test.rules
	cp /tmp/udev-test.passwd /etc/passwd 2>/dev/null
	cp /tmp/udev-test.group /etc/group 2>/dev/null
	[ -d /sys/module/uio_other ] && rmmod uio_other
	reload_ring >/dev/null 2>&1
}

# udev_start: the ring group with ringuser in it, a user "outsider" (uid
# 1001) not in it, and systemd-udevd running with the installed rules.
udev_start() {
	[ -x "$UDEVD" ] || skip "no systemd-udevd in the guest (udevadm not found on the host)"
	[ -n "$udev_rules" ] || fail "70-uio-ring.rules is not installed where udevd reads rules"
	note "rules: $udev_rules"
	RING_GROUP=$(ring_group)
	[ -n "$RING_GROUP" ] || fail "no GROUP= in $udev_rules"
	cp /etc/passwd /tmp/udev-test.passwd
	cp /etc/group /tmp/udev-test.group
	trap 'udev_cleanup' EXIT
	trap 'exit 143' TERM
	echo "$RING_GROUP:x:900:ringuser" >>/etc/group
	echo "outsider:x:1001:1001:not in the ring group:/tmp:/bin/sh" >>/etc/passwd
	echo "outsider:x:1001:" >>/etc/group
	# One udevd at a time: one still on its way out (the last test's, told
	# to exit) would share the uevents and the control socket's path.
	pidof systemd-udevd >/dev/null && udevadm control --exit
	wait_for 10 sh -c '! pidof systemd-udevd >/dev/null' ||
		fail "the last systemd-udevd does not exit"
	# Its messages (a RUN program that failed, say) go to the kernel log,
	# which the guest prints.
	SYSTEMD_LOG_TARGET=kmsg "$UDEVD" --daemon || fail "systemd-udevd --daemon failed"
	udevadm settle -t 30 || fail "udevadm settle: udevd does not answer"
}

# as_outsider CMD [ARGS...]: run CMD as the user outside the ring group.
as_outsider() {
	_cmd='exec'
	for _a in "$@"; do
		_cmd="$_cmd '$(printf '%s' "$_a" | sed "s/'/'\\\\''/g")'"
	done
	su -m -s /bin/sh -c "$_cmd" outsider
}

# wait_for SECONDS CMD [ARGS...]: until CMD succeeds, polling every 0.2 s.
wait_for() {
	_n=$(($1 * 5)); shift
	while ! "$@"; do
		_n=$((_n - 1))
		[ "$_n" -gt 0 ] || return 1
		usleep 200000
	done
}
