#!/bin/sh
# rmmod/insmod uio_ring with several parameter sets; invalid parameters make
# insmod fail and leave no device behind, and two rings of one name are
# refused with a message naming both (not a sysfs warning: the runner fails
# on a Call Trace). Ends with the module loaded with default parameters.
# vm-timeout: 300
. /tests/vmlib.sh

[ "${UIO_RING_NO_LOAD:-0}" = 1 ] && skip "run with --no-load"

check_gone() {
	ring_loaded && fail "$1: module still loaded"
	expect_eq "$1: uio-ring devices" "$(ring_count)" 0
}

# check_rings WHAT SIZE NAME...: the loaded module has exactly these rings.
check_rings() {
	what=$1 size=$2; shift 2
	expect_eq "$what: uio-ring devices" "$(ring_count)" $#
	for name in "$@"; do
		d=$(ring_dir "$name") || fail "$what: no ring named $name"
		expect_eq "$what: $name map2 size" "$(map_size "$d" 2)" \
			"$(printf '0x%x' $((2 * size)))"
		[ -c "/dev/$(basename "$d")" ] || fail "$what: no /dev/$(basename "$d")"
	done
}

for round in 1 2 3; do
	note "round $round"
	unload_ring || fail "round $round: rmmod failed"
	check_gone "round $round, after rmmod"

	load_ring nr_rings=3 ring_names=a,b,c ring_size=65536 ||
		fail "round $round: insmod nr_rings=3 ring_names=a,b,c ring_size=65536 failed"
	check_rings "round $round, 3 rings" 65536 a b c
	unload_ring || fail "round $round: rmmod (3 rings) failed"
	check_gone "round $round, after rmmod of 3 rings"

	load_ring nr_rings=2 ring_size=4096 || fail "round $round: insmod nr_rings=2 ring_size=4096 failed"
	check_rings "round $round, 2 rings" 4096 ring0 ring1
	unload_ring || fail "round $round: rmmod (2 rings) failed"

	load_ring || fail "round $round: insmod with defaults failed"
	check_rings "round $round, defaults" 1048576 ring0
done

for bad in "ring_size=1000" "nr_rings=0" "ring_size=0" "ring_size=65537"; do
	unload_ring || fail "rmmod failed"
	if load_ring $bad 2>/dev/null; then
		fail "insmod $bad succeeded"
	fi
	check_gone "after insmod $bad"
done

# Two rings of one name, given twice or given once beside a default name.
for dup in "nr_rings=2 ring_names=a,a:rings 0 and 1 are both named a" \
	"nr_rings=3 ring_names=ring1:rings 0 and 1 are both named ring1"; do
	args=${dup%%:*} want=${dup#*:}
	unload_ring || fail "rmmod failed"
	if load_ring $args 2>/dev/null; then
		fail "insmod $args succeeded"
	fi
	check_gone "after insmod $args"
	dmesg | grep -q "$want: ring names must differ" ||
		{ dmesg | tail -n 20; fail "insmod $args: no message '$want: ring names must differ'"; }
	[ -z "$(ls -d /sys/devices/uio-ring* 2>/dev/null)" ] ||
		fail "insmod $args left $(ls -d /sys/devices/uio-ring*)"
done

load_ring || fail "final insmod with defaults failed"
check_rings "final, defaults" 1048576 ring0
echo "ok"
