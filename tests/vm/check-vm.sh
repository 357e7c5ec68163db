#!/bin/sh
# Guest-side runner of `make check-vm` (busybox sh, run by tests/vm/run):
#   check-vm.sh [--tcg single|multi] [NAME...]
# runs every /tests/t-*.sh in order (or those whose names contain one of the
# NAMEs), each in its own process group with its own timeout, and prints
#   PASS: vm/t-NN-name | FAIL: vm/t-NN-name | SKIP: vm/t-NN-name
# with the test's output indented beneath, then "N passed, M failed, K skipped".
# A test exiting 77 is skipped. Before each test uio_ring is loaded if it is
# not (with $UIO_RING_MODULE_ARGS, empty by default); after it, kernel log
# lines that look like an oops, WARN or BUG and that are newer than the
# test's start fail the test.
#
# A test's timeout is VM_TEST_TIMEOUT (default 300 s) unless the test has a
# line "# vm-timeout: SECONDS".
#
# --tcg MODE runs only the tests meant for a guest on QEMU's MODE-threaded
# TCG: a test with a line "# vm-tcg: single" (it makes the kernel patch its
# own text while other CPUs run, see tests/vm/README.md) only with single,
# every other test only with multi. Without --tcg, all tests run.
#   check-vm.sh --list [--tcg MODE] [NAME...]
# prints the names that would run, and runs nothing; it works on the build
# host too, with VM_TESTS_DIR (default /tests) naming the test directory.

list=0 tcg=
while [ $# -gt 0 ]; do
	case $1 in
	--list) list=1 ;;
	--tcg) tcg=$2; shift ;;
	*) break ;;
	esac
	shift
done
# The kernel log lines that fail a test; tests/vm/run puts the list
# beside this script. (--list runs no test and needs none.)
if [ "$list" = 0 ]; then
	BAD=$(sed -e '/^#/d' -e '/^$/d' "$(dirname "$0")/kernel-log-problems" | tr '\n' '|')
	BAD=${BAD%|}
	[ -n "$BAD" ] || { echo "check-vm.sh: no kernel-log-problems beside $0"; exit 1; }
fi
cd "${VM_TESTS_DIR:-/tests}" || exit 1
default_timeout=${VM_TEST_TIMEOUT:-300}
pass=0 fail=0 skipped=0

# wants_tcg FILE: the TCG threading FILE's test needs ("# vm-tcg: MODE").
wants_tcg() {
	m=$(sed -n 's/^# vm-tcg: *\([a-z]*\).*/\1/p' "$1" | head -n 1)
	echo "${m:-multi}"
}

# selected FILE [PATTERN...]: FILE's test is for this guest's TCG threading
# (or no --tcg was given), and there are no patterns or its name contains one.
selected() {
	[ -z "$tcg" ] || [ "$(wants_tcg "$1")" = "$tcg" ] || return 1
	n=$(basename "$1" .sh); shift
	[ $# -eq 0 ] && return 0
	for pat in "$@"; do
		case $n in *"$pat"*) return 0 ;; esac
	done
	return 1
}

ensure_loaded() {
	[ -d /sys/module/uio ] || insmod "$UIO_KO" || return 1
	[ "${UIO_RING_NO_LOAD:-0}" = 1 ] && return 0
	[ -d /sys/module/uio_ring ] && return 0
	# shellcheck disable=SC2086 # the module arguments are split on purpose
	insmod "$UIO_RING_KO" $UIO_RING_MODULE_ARGS
}

# Stop a test after $2 seconds: TERM, then KILL, its whole process group.
watchdog() {
	sleep "$2"
	echo timeout >"$3"
	kill -TERM -- "-$1" 2>/dev/null
	sleep 5
	kill -KILL -- "-$1" 2>/dev/null
}

for t in t-*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	selected "$t" "$@" || continue
	if [ "$list" = 1 ]; then echo "$name"; continue; fi
	log=/tmp/vm-test-$name.log
	flag=/tmp/vm-test-$name.timeout
	rm -f "$flag"
	echo "uio-ring-vm: begin $name" >/dev/kmsg

	tmo=$(sed -n 's/^# vm-timeout: *\([0-9][0-9]*\).*/\1/p' "$t" | head -n 1)
	tmo=${tmo:-$default_timeout}
	if ! ensure_loaded >"$log" 2>&1; then
		echo "check-vm: could not load $UIO_RING_KO $UIO_RING_MODULE_ARGS before the test" >>"$log"
		rc=1
	else
		start=$(date +%s)
		setsid sh "$PWD/$t" >>"$log" 2>&1 </dev/null &
		pid=$!
		watchdog "$pid" "$tmo" "$flag" >/dev/null 2>&1 &
		wd=$!
		# (stderr: no "Terminated" from the shell when the watchdog fires)
		wait "$pid" 2>/dev/null
		rc=$?
		kill "$wd" 2>/dev/null
		# Leftover background processes of the test would hold devices open.
		kill -KILL -- "-$pid" 2>/dev/null
		if [ -e "$flag" ]; then
			echo "check-vm: timed out after ${tmo}s (# vm-timeout: SECONDS to change)" >>"$log"
			rc=124
		fi
		echo "check-vm: exit status $rc after $(($(date +%s) - start))s" >>"$log"
	fi
	echo "uio-ring-vm: end $name" >/dev/kmsg

	klog=$(dmesg | sed -n "/uio-ring-vm: begin $name\$/,\$p" | grep -E "$BAD")
	if [ -n "$klog" ]; then
		{
			echo "check-vm: the kernel log shows a problem during this test:"
			echo "$klog"
		} >>"$log"
		rc=1
	fi

	case $rc in
	0) result=PASS; pass=$((pass + 1)) ;;
	77) result=SKIP; skipped=$((skipped + 1)) ;;
	*) result=FAIL; fail=$((fail + 1)) ;;
	esac
	echo "$result: vm/$name"
	sed 's/^/    /' "$log"
done

[ "$list" = 1 ] && exit 0
echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
