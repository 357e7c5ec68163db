#!/bin/sh
# What emit takes (docs/ABI.md, section 15): "COUNT SIZE" with white space
# around and between, decimal numbers of 32 bits; anything else is EINVAL
# and produces nothing. A number past 32 bits used to be taken modulo 2^32
# ("4294967297 8" made one record).
. /tests/vmlib.sh
PATH=${VM_TESTS_BIN:-/tests/bin}:$PATH

reload_ring || fail "cannot load the module"
emit=$(ring_dir ring0)/device/emit

produced() { vm-ring-test stats ring0 | sed -n 's/^produced=//p'; }

# emit WRITE RECORDS: the write (printf %b escapes) succeeds and makes that
# many records; with RECORDS "-", it fails and makes none.
emit() {
	before=$(produced)
	if printf '%b' "$1" >"$emit" 2>/dev/null; then ok=yes; else ok=no; fi
	made=$(($(produced) - before))
	if [ "$2" = - ]; then
		[ $ok = no ] || fail "emit '$1' was taken ($made records)"
		[ $made = 0 ] || fail "emit '$1' failed but made $made records"
	else
		[ $ok = yes ] || fail "emit '$1' was refused"
		[ $made = "$2" ] || fail "emit '$1' made $made records, want $2"
	fi
}

emit '2 8' 2
emit '  1 8\n' 1
emit '1\t8' 1
emit '0 8' 0
emit '3 0' 3
emit '1' -
emit '1 8 x' -
emit '1 8x' -
emit '-1 8' -
emit '+1 8' -
emit '0x1 8' -
emit '4294967297 8' -
emit '1 4294967304' -
emit '99999999999999999999 8' -
emit '1073741825 8' -
emit '1 1000000000' -
echo "emit parse: ok"
