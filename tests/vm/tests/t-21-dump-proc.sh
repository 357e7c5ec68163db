#!/bin/sh
# uio-ring-dump and the module's process events: the source switched on by
# the proc_events= parameter (and a bad name refused), the text and JSON
# lines of fork, exec (a filename cut at 255 bytes too) and exit (by status
# and by signal), --pid and --type, and test records printed as before.
# Attaching the process event source patches kernel text: see vm-tcg in
# tests/vm/README.md.
# vm-tcg: single
. /tests/vmlib.sh

unload_ring || fail "cannot unload the module"
load_ring proc_events=no-such-ring 2>/dev/null && fail "proc_events=no-such-ring loaded"
load_ring proc_events=ring0 || fail "cannot load the module with proc_events=ring0"
dir=$(ring_dir ring0)
pe=$dir/device/proc_events
expect_eq "proc_events with proc_events=ring0" "$(cat "$pe")" 1

# Runs uio-ring-dump, shows its output, keeps it in $out and its status in $rc.
dump() { out=$(uio-ring-dump "$@" 2>/tmp/dump.err); rc=$?; echo "\$ uio-ring-dump $*"; echo "$out"; cat /tmp/dump.err; }

# run_child CMD: run "sh -c CMD" in the foreground; $child is its pid.
run_child() {
	sh -c "echo \$\$ >/tmp/child.pid; $1"
	child=$(cat /tmp/child.pid)
}

uio-ring-dump ring0 >/dev/null 2>&1	# what the shell did so far
run_child 'exit 3'
dump --pid="$child" ring0
expect_eq "text status" $rc 0
expect_eq "text lines for pid $child" "$(echo "$out" | wc -l)" 3
t='seq=[0-9]* time=[0-9]*\.[0-9]\{9\} cpu=[0-9]*'
echo "$out" | sed -n 1p | grep -q "^$t fork $$ -> $child ppid=[0-9]* uid=0 gid=0$" || fail "fork line"
echo "$out" | sed -n 2p | grep -q "^$t exec $child /[^ ]* comm=[^ ]* ppid=$$ uid=0 gid=0$" ||
	fail "exec line"
echo "$out" | sed -n 3p | grep -q "^$t exit $child code 3 group_dead ppid=$$ uid=0 gid=0$" ||
	fail "exit line"
grep -q "consumed=[1-9][0-9]* missed=0 dropped=0$" /tmp/dump.err || fail "summary"
# The sequence numbers grow, the times do not go back on one CPU.
echo "$out" | sed 's/^seq=\([0-9]*\) time=\([0-9.]*\) cpu=\([0-9]*\) .*/\1 \2 \3/' |
	awk 'NR > 1 && $1 <= s { exit 1 } { s = $1 } ' || fail "seq not increasing"

run_child 'kill -9 $$'
dump --format=json --type=exit --pid="$child" ring0
expect_eq "JSON lines for pid $child" "$(echo "$out" | wc -l)" 1
echo "$out" | grep -q "^{\"seq\":[0-9]*,\"type\":4,\"type_name\":\"exit\",\"len\":40,\"flags\":2,\"event\":\"exit\",\"timestamp_ns\":[0-9]*,\"cpu\":[0-9]*,\"pid\":$child,\"tgid\":$child,\"ppid\":$$,\"uid\":0,\"gid\":0,\"exit_code\":9,\"term_signal\":9,\"core_dumped\":false,\"exit_signal\":17,\"group_dead\":true}$" ||
	fail "JSON exit line"

run_child 'exit 0'
dump --format=json --type=fork,exec --pid="$child" ring0
expect_eq "JSON fork and exec lines" "$(echo "$out" | wc -l)" 2
echo "$out" | sed -n 1p | grep -q "^{\"seq\":[0-9]*,\"type\":2,\"type_name\":\"fork\",\"len\":40,\"flags\":0,\"event\":\"fork\",\"timestamp_ns\":[0-9]*,\"cpu\":[0-9]*,\"pid\":$$,\"tgid\":$$,\"ppid\":[0-9]*,\"uid\":0,\"gid\":0,\"child_pid\":$child,\"child_tgid\":$child}$" ||
	fail "JSON fork line"
echo "$out" | sed -n 2p | grep -q "^{\"seq\":[0-9]*,\"type\":3,\"type_name\":\"exec\",\"len\":[0-9]*,\"flags\":0,\"event\":\"exec\",.*,\"pid\":$child,\"tgid\":$child,\"ppid\":$$,.*\"old_pid\":$child,\"filename\":\"/[^\"]*\",\"comm\":\"[^\"]*\",\"truncated\":false}$" ||
	fail "JSON exec line"

# A program run by a path of more than 255 bytes: cut, and said so.
long=/tmp/$(printf '%0200d' 0)
mkdir -p "$long" || fail "mkdir"
ln -sf "$VM_TESTS_BIN/proc-table" "$long/$(printf 'p%.0s' $(seq 80))" || fail "ln"
path=$(echo "$long"/p*)
[ ${#path} -gt 255 ] || fail "path of ${#path} bytes"
cut255=$(echo "$path" | cut -c1-255)
"$path" --help >/dev/null || fail "$path --help"
dump --type=exec ring0
echo "$out" | grep -q "^$t exec [0-9]* $cut255 comm=p\{15\} truncated ppid=$$ uid=0 gid=0$" ||
	fail "truncated exec, text"
"$path" --help >/dev/null
dump --type=exec --format=json ring0
echo "$out" | grep -q "\"filename\":\"$cut255\",\"comm\":\"ppppppppppppppp\",\"truncated\":true}$" ||
	fail "truncated exec, JSON"
rm -rf "$long"

# Test records keep their lines, and --type picks them out of the others.
echo '3 8' >"$dir/device/emit"
run_child 'exit 0'
dump --type=test ring0
expect_eq "test records" "$(echo "$out" | grep -c '^seq=[0-9]* type=1 len=8 flags=0x[01] pattern=ok$')" 3
expect_eq "only test records" "$(echo "$out" | wc -l)" 3

# --count counts printed records: the rest of the ring stays.
run_child 'exit 0'
run_child 'exit 5'
dump -n 1 --type=exit ring0
echo "$out" | grep -q " exit [0-9]* code 0 " || fail "-n 1 --type=exit: first exit"
expect_eq "-n 1 --type=exit: lines" "$(echo "$out" | wc -l)" 1
dump --type=exit --pid="$child" ring0
echo "$out" | grep -q " exit $child code 5 " || fail "records after -n 1 were consumed"

# Switched off by sysfs: no more events.
echo 0 >"$pe" || fail "cannot switch proc_events off"
expect_eq "proc_events off" "$(cat "$pe")" 0
uio-ring-dump ring0 >/dev/null 2>&1
run_child 'exit 0'
dump ring0
expect_eq "records with proc_events off" "$out" ""

reload_ring || fail "cannot reload the module with the defaults"
