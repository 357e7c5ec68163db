#!/bin/bash
# Host-side driver of `make check-vm`:
#   check-kernels.sh [--kernels "NAME..."|all] [--dkms SOURCETREE]
#                    [--readme FILE] [PATTERN...]
# For each kernel (none given: the one configure found), boots one guest per
# TCG threading that has tests selected (tests/vm/README.md, "# vm-tcg:")
# with tests/vm/run, which runs tests/vm/check-vm.sh in it on the tests
# whose names contain a PATTERN (all without one). Prints the guest's
#   PASS: vm/KERNEL/t-NN-name | FAIL: ... | SKIP: ...
# lines (vm/t-NN-name for configure's kernel), then per kernel
#   kernel NAME (RELEASE): N passed, M failed[, K skipped]
# and last the total "N passed, M failed[, K skipped]". A kernel whose
# guest times out (FAIL: vm/KERNEL/boot-MODE), whose run fails without a
# failing test (FAIL: .../run-MODE) or whose kernel log shows a problem
# (FAIL: .../kernel-log) fails; one that cannot be had today (tests/vm/run
# exits 77) is one SKIP: vm/KERNEL line. With --dkms, each kernel also
# gets a DKMS build of SOURCETREE/uio-ring-VERSION (tests/vm/kernels/dkms-build:
# PASS:/FAIL: vm/KERNEL/dkms-build). "all" is every kernel of
# tests/vm/kernels/list; with --readme, the README's table of kernels must
# then name the same kernels, each with the version series it booted
# (PASS:/FAIL: vm/readme-kernels). Exits 1 if anything failed.
#
# Environment: VM_RUN (tests/vm/run), VM_RUN_FLAGS (more options for it),
# VM_SRCDIR (the source tree's tests/vm), VM_LOG (the whole log, appended),
# UIO_RING_KERNELS_DIR (where tests/vm/run keeps the kernels; for --dkms).
set -uo pipefail

run=${VM_RUN:-tests/vm/run}
srcdir=${VM_SRCDIR:-$(dirname "$0")}
log=${VM_LOG:-/dev/null}
kernels='' readme='' dkms=''
kernels_dir=${UIO_RING_KERNELS_DIR:-tests/vm/kernels}
while [ $# -gt 0 ]; do
	case $1 in
	--kernels) kernels=$2; shift ;;
	--dkms) dkms=$2; shift ;;
	--readme) readme=$2; shift ;;
	*) break ;;
	esac
	shift
done
list=$srcdir/kernels/list
[ "$kernels" = all ] && kernels=$(awk '!/^#/ && NF { print $1 }' "$list")
# shellcheck disable=SC2206 # words on purpose
run_flags=(${VM_RUN_FLAGS:-})

total_pass=0 total_fail=0 total_skip=0
declare -A released=()
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# count PATTERN: the lines of this kernel's output that match.
count() { grep -cE "$1" "$out"; }

for k in ${kernels:-"-"}; do
	[ "$k" = - ] && k=''
	name=vm${k:+/$k}
	: >"$out"
	skipped=0
	for tcg in multi single; do
		names=$(VM_TESTS_DIR=$srcdir/tests sh "$srcdir/check-vm.sh" --list --tcg "$tcg" "$@") ||
			{ echo "check-kernels: check-vm.sh --list failed: $names" >&2; exit 1; }
		[ -n "$names" ] || continue
		# The guest names its tests vm/t-NN; here they become vm/KERNEL/t-NN.
		"$run" ${k:+--kernel "$k"} --tcg "$tcg" "${run_flags[@]}" \
			"$srcdir/check-vm.sh" --tcg "$tcg" "$@" 2>&1 |
			sed -u "s#^\(PASS\|FAIL\|SKIP\): vm/#\1: $name/#" | tee -a "$out" "$log"
		rc=${PIPESTATUS[0]}
		if [ "$rc" = 77 ]; then
			why=$(sed -n 's/^vm-run: SKIP: \(.*\) -- the guest did not run$/\1/p' "$out" | head -n 1)
			echo "SKIP: ${k:+$name}${k:-vm/all} (${why:-tests/vm/run exited 77})" | tee -a "$log"
			skipped=1
			break
		elif [ "$rc" = 124 ]; then
			echo "FAIL: $name/boot-$tcg (the guest timed out, never reported a status or did not end, see above)" |
				tee -a "$out" "$log"
		elif [ "$rc" != 0 ] && ! grep -q "^FAIL: $name/" "$out"; then
			echo "FAIL: $name/run-$tcg (tests/vm/run exited with status $rc, see above)" |
				tee -a "$out" "$log"
		fi
	done
	if [ "$skipped" = 1 ]; then
		total_skip=$((total_skip + 1))
		continue
	fi
	if [ -n "$dkms" ] && [ -n "$k" ]; then
		work=$(pwd)/tests/vm/dkms/$k
		if "$srcdir/kernels/dkms-build" "$kernels_dir/$k" "$dkms" "$work" >"$out.dkms" 2>&1; then
			echo "PASS: $name/dkms-build"
		else
			echo "FAIL: $name/dkms-build"
		fi | tee -a "$out" "$log"
		sed 's/^/    /' "$out.dkms" | tee -a "$log"
		rm -f "$out.dkms"
	fi
	if grep -q '^vm-run: KERNEL LOG:' "$out"; then
		echo "FAIL: $name/kernel-log (the guest kernel log shows a problem, see above)" | tee -a "$out" "$log"
	fi
	pass=$(count "^PASS: $name/") fail=$(count "^FAIL: $name/") skip=$(count "^SKIP: $name/")
	release=$(sed -n 's/^vm-run: kernel release \([^ ]*\).*/\1/p' "$out" | head -n 1)
	[ -n "$k" ] && released[$k]=$release
	line="$pass passed, $fail failed"
	[ "$skip" = 0 ] || line="$line, $skip skipped"
	echo "kernel ${k:-configured} (${release:-unknown}): $line" | tee -a "$log"
	total_pass=$((total_pass + pass)) total_fail=$((total_fail + fail)) total_skip=$((total_skip + skip))
done

# The README's "Kernels the tests run on" table: | NAME | SERIES | ... |
if [ -n "$readme" ]; then
	problems=''
	table=$(sed -n '/^## Kernels the tests run on/,/^## /{s/^| *`\{0,1\}\([^ |`]*\)`\{0,1\} *| *\([0-9][0-9.]*\) *|.*/\1 \2/p}' "$readme")
	want=$(awk '!/^#/ && NF { print $1 }' "$list" | sort)
	have=$(awk '{ print $1 }' <<<"$table" | sort)
	[ "$want" = "$have" ] ||
		problems="$problems; tests/vm/kernels/list has: $(echo $want), the README's table: $(echo $have)"
	while read -r kname series; do
		[ -n "$kname" ] || continue
		rel=${released[$kname]:-}
		[ -n "$rel" ] || continue	# not booted (skipped, or not selected)
		case $rel in
		"$series"|"$series".*|"$series"-*|"$series"+*) ;;
		*) problems="$problems; $kname booted $rel, the README says $series" ;;
		esac
	done <<<"$table"
	if [ -z "$problems" ]; then
		echo "PASS: vm/readme-kernels" | tee -a "$log"
		total_pass=$((total_pass + 1))
	else
		echo "FAIL: vm/readme-kernels (${problems#; })" | tee -a "$log"
		total_fail=$((total_fail + 1))
	fi
fi

line="$total_pass passed, $total_fail failed"
[ "$total_skip" = 0 ] || line="$line, $total_skip skipped"
echo "$line" | tee -a "$log"
[ "$total_fail" = 0 ]
