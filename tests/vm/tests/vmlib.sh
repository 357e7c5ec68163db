# Helpers for the guest tests in tests/vm/tests/ (busybox sh). Source with
#   . /tests/vmlib.sh
# Environment from the guest init: UIO_KO, UIO_RING_KO (paths in the guest),
# UIO_RING_MODULE_ARGS (tests/vm/run --module-args), VM_TESTS_BIN (/tests/bin,
# the programs built from tests/vm/guest/), VM_KERNEL_RELEASE.

UIO_RING_MODULE=uio_ring
UIO_RING_NAME=uio-ring

fail() { echo "error: $*" >&2; exit 1; }
skip() { echo "skip: $*"; exit 77; }
note() { echo "# $*"; }

# Succeeds if the uio_ring module is loaded.
ring_loaded() { [ -d /sys/module/$UIO_RING_MODULE ]; }

# load_ring [PARAM=VALUE...]: insmod uio_ring with these parameters.
load_ring() { insmod "$UIO_RING_KO" "$@"; }

# unload_ring: rmmod uio_ring if it is loaded.
unload_ring() { ! ring_loaded || rmmod $UIO_RING_MODULE; }

# reload_ring [PARAM=VALUE...]: unload, then load with these parameters.
reload_ring() { unload_ring && load_ring "$@"; }

# ring_uio_dirs: the /sys/class/uio/uioN directories of uio-ring devices.
ring_uio_dirs() {
	for d in /sys/class/uio/uio*; do
		[ -r "$d/name" ] && [ "$(cat "$d/name")" = "$UIO_RING_NAME" ] && echo "$d"
	done
	return 0
}

# map_size UIODIR N: size of map N as 0x<hex> without leading zeros
# (sysfs prints it with %pa: 0x0000000000001000).
map_size() { printf '0x%x\n' $(($(cat "$1/maps/map$2/size"))); }

# ring_count: how many uio-ring devices exist.
ring_count() { ring_uio_dirs | wc -l; }

# ring_dir NAME: the /sys/class/uio/uioN directory of ring NAME.
ring_dir() {
	for d in $(ring_uio_dirs); do
		[ "$(cat "$d/device/ring_name" 2>/dev/null)" = "$1" ] && { echo "$d"; return 0; }
	done
	return 1
}

# ring_dev NAME: the /dev/uioN node of ring NAME.
ring_dev() { d=$(ring_dir "$1") && echo "/dev/$(basename "$d")"; }

# as_user CMD [ARGS...]: run CMD as ringuser (uid 1000, gid 1000),
# keeping the environment.
as_user() {
	_cmd='exec'
	for _a in "$@"; do
		_cmd="$_cmd '$(printf '%s' "$_a" | sed "s/'/'\\\\''/g")'"
	done
	su -m -s /bin/sh -c "$_cmd" ringuser
}

# expect_eq WHAT GOT WANT
expect_eq() { [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"; }

# check_recovers RING WHAT: after WHAT (a misbehaving consumer), a new honest
# consumer of RING gets 10000 emitted records, every byte verified, and the
# module unloads.
check_recovers() {
	rm -f /tmp/ready
	vm-ring-test consume "$1" 10000 /tmp/ready & _consumer=$!
	while [ ! -e /tmp/ready ]; do kill -0 $_consumer 2>/dev/null || break; sleep 0.1; done
	echo '10000 64' >"$(ring_dir "$1")/device/emit" || fail "emit after $2 failed"
	wait $_consumer || fail "consumer after $2 failed"
	unload_ring || fail "rmmod after $2 failed"
}
