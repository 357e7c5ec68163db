#!/bin/sh
# The uio_ring module is loaded and each of its rings is a UIO device named
# uio-ring with the three maps of include/uio-ring/abi.h and the ring_name
# and emit attributes on its parent device.
. /tests/vmlib.sh

[ "${UIO_RING_NO_LOAD:-0}" = 1 ] && skip "run with --no-load"
ring_loaded || fail "module $UIO_RING_MODULE is not loaded"
lsmod | grep -q "^$UIO_RING_MODULE " || fail "lsmod does not list $UIO_RING_MODULE"

# The module's parameters, as loaded.
p=/sys/module/$UIO_RING_MODULE/parameters
want_rings=1 ring_size=1048576
[ -r $p/nr_rings ] && want_rings=$(cat $p/nr_rings)
[ -r $p/ring_size ] && ring_size=$(cat $p/ring_size)
note "nr_rings=$want_rings ring_size=$ring_size"

expect_eq "as_user id -u" "$(as_user id -u)" 1000

n=0
for d in $(ring_uio_dirs); do
	n=$((n + 1))
	u=$(basename "$d")
	note "$u: $(cat "$d/device/ring_name" 2>/dev/null || echo '?')"
	for i in 0 1 2; do
		[ -d "$d/maps/map$i" ] || fail "$u: no maps/map$i"
	done
	[ -e "$d/maps/map3" ] && fail "$u: unexpected maps/map3"
	expect_eq "$u map0 size" "$(map_size "$d" 0)" 0x1000
	expect_eq "$u map1 size" "$(map_size "$d" 1)" 0x1000
	expect_eq "$u map2 size" "$(map_size "$d" 2)" "$(printf '0x%x' $((2 * ring_size)))"
	[ -c "/dev/$u" ] || fail "$u: no /dev/$u"

	name=$(cat "$d/device/ring_name") || fail "$u: device/ring_name is not readable"
	[ -n "$name" ] || fail "$u: device/ring_name is empty"
	[ -e "$d/device/emit" ] || fail "$u: no device/emit"
	expect_eq "$u device/emit mode" "$(stat -L -c %a "$d/device/emit")" 200
	mode=$(stat -L -c %a "$d/device/ring_name")
	[ $((0$mode & 0222)) = 0 ] || fail "$u: device/ring_name is writable (mode $mode)"
	if as_user sh -c "echo '1 8' >'$d/device/emit'" 2>/dev/null; then
		fail "$u: ringuser could write device/emit"
	fi
done
expect_eq "uio-ring devices" "$n" "$want_rings"
[ "$n" -ge 1 ] || fail "no uio-ring device"
echo "ok: $n uio-ring device(s)"
