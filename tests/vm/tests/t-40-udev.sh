#!/bin/sh
# The installed udev rules, applied by systemd-udevd: each ring gets
# /dev/uio-ring/NAME (from its parent's ring_name), the ring group and mode
# 0660; a user in the group consumes through the link and by name, one
# outside it gets the permission error (exit 4); a plain UIO device that is
# not a ring (tests/kmod/uio_other.ko, whose parent has a ring_name too) is
# left alone; unloading the module removes the links.
. /tests/udevlib.sh

udev_start
reload_ring nr_rings=2 ring_names=alpha,beta || fail "cannot load the module"
[ -f "$UIO_OTHER_KO" ] || fail "$UIO_OTHER_KO not in the guest (tests/kmod/uio_other.mk builds it)"
insmod "$UIO_OTHER_KO" || fail "insmod $UIO_OTHER_KO"
udevadm settle -t 60 || fail "udevadm settle timed out"

for name in alpha beta; do
	link=/dev/uio-ring/$name
	dev=$(ring_dev $name) || fail "no ring $name"
	note "$link -> $(readlink "$link")"
	[ -L "$link" ] || fail "$link is missing"
	expect_eq "$link resolves to" "$(readlink -f "$link")" "$dev"
	expect_eq "$dev owner:group" "$(stat -c %U:%G "$dev")" "root:$RING_GROUP"
	expect_eq "$dev mode" "$(stat -c %a "$dev")" 660
	udevadm info -q property -n "$dev" | grep -qx "UIO_RING_NAME=$name" ||
		fail "$dev: no UIO_RING_NAME=$name in udev's database"
done
expect_eq "/dev/uio-ring mode" "$(stat -c %a /dev/uio-ring)" 755
for f in /dev/uio*; do
	[ -c "$f" ] || continue
	[ $((0$(stat -c %a "$f") & 2)) = 0 ] || fail "$f is world-writable"
done

# A member of the group: through the link, and by name (libudev enumeration).
emit=$(ring_dir alpha)/device/emit
echo '3 16' >"$emit"
out=$(as_user uio-ring-dump -n 3 /dev/uio-ring/alpha 2>&1) || fail "ringuser: uio-ring-dump /dev/uio-ring/alpha: $out"
echo "$out"
expect_eq "records through the link" "$(echo "$out" | grep -c '^seq=[0-2] type=1 len=16 .*pattern=ok$')" 3
echo '2 16' >"$emit"
out=$(as_user uio-ring-dump -n 2 alpha 2>&1) || fail "ringuser: uio-ring-dump alpha: $out"
expect_eq "records by name" "$(echo "$out" | grep -c '^seq=[34] .*pattern=ok$')" 2

# Someone outside it.
for spec in alpha /dev/uio-ring/beta; do
	out=$(as_outsider uio-ring-dump -n 1 "$spec" 2>&1); rc=$?
	echo "outsider: $out"
	expect_eq "outsider, $spec: status" $rc 4
	echo "$out" | grep -q "permission denied" || fail "outsider, $spec: no 'permission denied'"
done

# The other UIO device: no link, no group, no mode, no ring name.
other=
for d in /sys/class/uio/uio*; do
	[ "$(cat "$d/name")" = uio-other ] && other=/dev/$(basename "$d")
done
[ -n "$other" ] || fail "uio_other registered no UIO device"
note "other UIO device: $other ($(stat -c '%U:%G %a' "$other"))"
expect_eq "$other owner:group" "$(stat -c %U:%G "$other")" root:root
expect_eq "$other mode" "$(stat -c %a "$other")" 600
[ -e /dev/uio-ring/impostor ] && fail "the other UIO device got a link"
if udevadm info -q property -n "$other" | grep -q '^UIO_RING_'; then
	fail "$other has UIO_RING_ properties"
fi
expect_eq "entries in /dev/uio-ring" "$(ls /dev/uio-ring | wc -l)" 2

# Unloading removes the links, and leaves the other device as it was.
rmmod uio_ring || fail "rmmod uio_ring"
udevadm settle -t 60 || fail "udevadm settle timed out"
[ -e /dev/uio-ring/alpha ] || [ -L /dev/uio-ring/alpha ] && fail "/dev/uio-ring/alpha is still there"
[ -e /dev/uio-ring/beta ] || [ -L /dev/uio-ring/beta ] && fail "/dev/uio-ring/beta is still there"
expect_eq "$other after the unload" "$(stat -c '%U:%G %a' "$other")" "root:root 600"
echo "ok: links, group, mode and permissions; the other UIO device untouched"
