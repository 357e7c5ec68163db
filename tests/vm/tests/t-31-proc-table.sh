#!/bin/sh
# examples/proc-table against the module's process events on ring0: switch
# them on in sysfs, keep a table while a workload runs (50 `sh -c 'exit 7'`,
# a program executed by path, a process killed by SIGKILL, one that stays),
# and check what proc-table saw: the forks, execs and exits with their
# codes, and a live table without the workload's processes but with those
# that still run. Then --records, --duration, --interval, the switch off,
# and a usage error.
# Attaching the process event source patches kernel text: see vm-tcg in
# tests/vm/README.md.
# vm-tcg: single
. /tests/vmlib.sh

reload_ring || fail "cannot load the module"
pe=$(ring_dir ring0)/device/proc_events
[ -f "$pe" ] || fail "no $pe"
expect_eq "proc_events after load" "$(cat "$pe")" 0
echo 1 >"$pe" || fail "cannot switch proc_events on"
expect_eq "proc_events switched on" "$(cat "$pe")" 1

out=/tmp/proc-table.out
err=/tmp/proc-table.err

# wait_ready FILE: until proc-table printed "ready" (it opened the ring and
# scanned /proc), at most 20 s.
wait_ready() {
	_i=0
	until grep -q '^ready ring=ring0 live=[1-9]' "$1"; do
		_i=$((_i + 1))
		[ $_i -le 200 ] || { cat "$1" "$err"; fail "proc-table never got ready"; }
		sleep 0.1
	done
}

proc-table -v -l -i 0 -d 240 ring0 >"$out" 2>"$err" & table=$!
wait_ready "$out"

# The workload. Every process ends before the next starts, so all of its
# exit records are in the ring before proc-table is told to stop.
sleep 600 & keeper=$!
i=0
while [ $i -lt 50 ]; do
	sh -c 'exit 7'
	i=$((i + 1))
done
"$VM_TESTS_BIN/proc-table" --help >/dev/null || fail "proc-table --help"
sh -c 'kill -9 $$'
sleep 0.5 &	# one more process, reaped by this shell before the check
last=$!		# every process started later is not for the table to know
wait $last

kill -TERM $table
wait $table
rc=$?
echo "# proc-table exited with $rc; its output:"
grep -v '^live ' "$out" | tail -n 20
cat "$err"
expect_eq "proc-table status after SIGTERM" $rc 0
[ -s "$err" ] && fail "proc-table wrote to stderr"

# The 50 exits with code 7: each with its fork and its exec before it.
grep '^- [0-9]* exit code 7 ' "$out" | cut -d' ' -f2 >/tmp/code7
expect_eq "exits with code 7" "$(wc -l </tmp/code7)" 50
for pid in $(cat /tmp/code7); do
	fork_line=$(grep -n "^+ $pid ppid=$$ uid=0 " "$out" | cut -d: -f1)
	exec_line=$(grep -n "^\* $pid exec " "$out" | cut -d: -f1)
	exit_line=$(grep -n "^- $pid exit code 7 " "$out" | cut -d: -f1)
	[ -n "$fork_line" ] || fail "pid $pid: no fork by this shell ($$)"
	[ -n "$exec_line" ] || fail "pid $pid: no exec"
	[ "$fork_line" -lt "$exec_line" ] && [ "$exec_line" -lt "$exit_line" ] ||
		fail "pid $pid: fork, exec, exit out of order (lines $fork_line, $exec_line, $exit_line)"
done

# The program executed by its path, and the process killed by SIGKILL.
grep -q "^\* [0-9]* exec $VM_TESTS_BIN/proc-table comm=proc-table$" "$out" ||
	fail "no exec of $VM_TESTS_BIN/proc-table"
expect_eq "exits by SIGKILL" "$(grep -c '^- [0-9]* exit signal 9 ' "$out")" 1

# The table at exit: the processes that still run are in it with the right
# parent and program, the workload's are not.
grep -q "^live $keeper ppid=$$ uid=0 start=[0-9]*\.[0-9]* comm=" "$out" ||
	fail "the running sleep ($keeper) is not in the table"
grep -q "^live $$ " "$out" || fail "this shell ($$) is not in the table"
grep -q "^live 1 ppid=0 " "$out" || fail "init is not in the table"
for pid in $(cat /tmp/code7); do
	grep -q "^live $pid " "$out" && fail "pid $pid exited but is in the table"
done
# Every user process of the table is alive (kernel threads, children of
# kthreadd, come and go on their own; proc-table listed itself, alive then).
grep '^live ' "$out" | while read -r _ pid ppid _; do
	[ "$pid" = 2 ] || [ "$ppid" = ppid=2 ] || [ "$pid" = "$table" ] || [ -d "/proc/$pid" ] ||
		fail "pid $pid ($ppid) is in the table but not alive"
done || exit 1
# ... and every user process alive now (not a zombie) that started before
# proc-table stopped is in it.
for pid in $(ls /proc | grep '^[0-9][0-9]*$'); do
	[ "$pid" -le "$last" ] && [ "$pid" != 2 ] || continue
	state_ppid=$(sed -n 's/.*) \(.\) \([0-9]*\) .*/\1 \2/p' "/proc/$pid/stat" 2>/dev/null)
	case $state_ppid in
	""|Z*|*" 2") continue ;;	# gone meanwhile, a zombie, a kernel thread
	esac
	grep -q "^live $pid " "$out" || fail "pid $pid ($state_ppid) is alive but not in the table"
done

# The totals agree with the lines.
total=$(grep '^total ' "$out")
echo "$total" | grep -q ' missed=0 malformed=0 ' || fail "records missed or malformed: $total"
live=$(echo "$total" | sed -n 's/.* live=\([0-9]*\) .*/\1/p')
expect_eq "live= and the live lines" "$live" "$(grep -c '^live ' "$out")"
forks=$(echo "$total" | sed -n 's/.* forks=\([0-9]*\) .*/\1/p')
[ "$forks" -ge 54 ] || fail "forks=$forks, want at least 54"
expect_eq "exit lines and process_exits" "$(grep -c '^- ' "$out")" \
	"$(echo "$total" | sed -n 's/.* process_exits=\([0-9]*\) .*/\1/p')"
kill $keeper
wait $keeper 2>/dev/null

# --records: exits by itself after that many records.
proc-table -i 0 -n 5 ring0 >"$out" 2>"$err" & table=$!
wait_ready "$out"
i=0
while [ $i -lt 5 ]; do sh -c 'exit 0'; i=$((i + 1)); done
wait $table
expect_eq "--records 5 status" $? 0
cat "$out"
sum=$(sed -n 's/^total forks=\([0-9]*\) threads=\([0-9]*\) execs=\([0-9]*\) exits=\([0-9]*\) process_exits=[0-9]* live=[0-9]* missed=[0-9]* malformed=\([0-9]*\) other=\([0-9]*\)$/\1+\2+\3+\4+\5+\6/p' "$out")
[ -n "$sum" ] || fail "--records: no total line"
expect_eq "--records 5: records handled" $(($sum)) 5
uio-ring-dump ring0 >/dev/null 2>&1	# drain what is left

# --duration and --interval: exits by itself, with summaries on the way.
start=$(date +%s)
proc-table -i 1 -d 3 ring0 >"$out" 2>"$err"
expect_eq "--duration status" $? 0
end=$(date +%s)
[ $((end - start)) -ge 2 ] && [ $((end - start)) -le 30 ] ||
	fail "--duration 3 took $((end - start)) s"
[ "$(grep -c '^summary forks=' "$out")" -ge 2 ] || fail "fewer than 2 summaries in 3 s"

# Switched off: no more process events.
echo 0 >"$pe" || fail "cannot switch proc_events off"
expect_eq "proc_events switched off" "$(cat "$pe")" 0
uio-ring-dump ring0 >/dev/null 2>&1	# the events from before
proc-table -i 0 -d 2 ring0 >"$out" 2>"$err" & table=$!
wait_ready "$out"
sh -c 'exit 7'
wait $table
grep -q '^total forks=0 threads=0 execs=0 exits=0 ' "$out" ||
	fail "events with proc_events off: $(grep '^total' "$out")"

# A usage error.
proc-table --bogus >/dev/null 2>&1
expect_eq "usage error status" $? 2
