#!/bin/sh
# SPDX-License-Identifier: MIT
#
# uio-ring-send and uio-ring-dump on shared memory rings by path, on the
# build host: create and fill a ring with the sender, read it back with the
# dump in text and JSON; lines and raw chunks from standard input; drops
# without --no-drop and none with it; a sender that does not jam the ring
# with its own batch; exit statuses; doorbells that are not FIFOs; a ring
# file truncated under both. Exit codes as for
# automake: 0 pass, 1 fail, 99 hard error.
#
# Run from the build directory (make check does), or set UIO_RING_SEND and
# UIO_RING_DUMP to the programs to test.

send=${UIO_RING_SEND:-./tools/uio-ring-send/uio-ring-send}
dump=${UIO_RING_DUMP:-./tools/uio-ring-dump/uio-ring-dump}
for p in "$send" "$dump"; do
	if [ ! -x "$p" ]; then
		echo "t-dump-shm: $p: not built (run from the build directory)" >&2
		exit 99
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/t-dump-shm.XXXXXX") || exit 99
bg=
trap 'test -n "$bg" && kill $bg 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

failures=0
checks=0
ring=$tmp/ring

fail() {
	echo "FAIL: $*" >&2
	for f in out err; do
		if [ -s "$tmp/$f" ]; then
			echo "  std$f:" >&2
			sed 's/^/    /' "$tmp/$f" | head -n 20 >&2
		fi
	done
	failures=$((failures + 1))
}

# run PROGRAM ARGS...: status in $rc, output in $tmp/out and $tmp/err.
run() {
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	checks=$((checks + 1))
}

# run_in INPUT PROGRAM ARGS...: the same with INPUT on standard input.
run_in() {
	in=$1
	shift
	"$@" >"$tmp/out" 2>"$tmp/err" <"$in"
	rc=$?
	checks=$((checks + 1))
}

expect() {
	if [ "$rc" -ne "$1" ]; then
		fail "$2: exit status $rc, expected $1"
		return 1
	fi
	return 0
}

# lines N WHAT: stdout has N lines.
lines() {
	n=$(wc -l <"$tmp/out")
	[ "$n" -eq "$1" ] || fail "$2: $n lines, expected $1"
}

# ---------------------------------------------------------------------------
# Create and fill a ring, then dump it in parts.
run "$send" --create --data-size 64K --name dumpshm --count 100 --size 48 "$ring"
expect 0 "send --create" &&
	grep -q "sent 100 records (4800 bytes), dropped 0" "$tmp/err" ||
	fail "send --create: summary"
[ -f "$ring" ] && [ -p "$ring.doorbell" ] || fail "send --create: no ring file or FIFO"

run "$dump" --stats "$ring"
expect 0 "dump --stats" &&
	grep -q '^name: *dumpshm$' "$tmp/out" && grep -q '^produced: *100$' "$tmp/out" &&
	grep -q '^device: *-$' "$tmp/out" && grep -q '^data_size: *65536$' "$tmp/out" ||
	fail "dump --stats: content"

run "$dump" -n 60 "$ring"
expect 0 "dump -n 60 text" && lines 60 "dump -n 60 text"
i=0
while read -r line; do
	want="seq=$i type=1 len=48 flags=0x0 pattern=ok"
	if [ "$line" != "$want" ]; then
		fail "dump text line $i: '$line', expected '$want'"
		break
	fi
	i=$((i + 1))
done <"$tmp/out"

run "$dump" -n 40 --format=json "$ring"
expect 0 "dump -n 40 json" && lines 40 "dump -n 40 json"
i=60
while read -r line; do
	want="{\"seq\":$i,\"type\":1,\"type_name\":\"test\",\"len\":48,\"flags\":0,\"pattern_ok\":true}"
	if [ "$line" != "$want" ]; then
		fail "dump json line $i: '$line', expected '$want'"
		break
	fi
	i=$((i + 1))
done <"$tmp/out"

run "$dump" "$ring"
expect 0 "dump of an empty ring" && lines 0 "dump of an empty ring"

# ---------------------------------------------------------------------------
# Standard input: lines (an empty one, a last one without a newline), type.
printf 'alpha\nbeta\n\ngamma' >"$tmp/lines"
run_in "$tmp/lines" "$send" --type 300 --flags 7 "$ring"
expect 0 "send lines" && grep -q "sent 4 records (14 bytes)" "$tmp/err" ||
	fail "send lines: summary"
run "$dump" --format=json -x "$ring"
expect 0 "dump lines" && lines 4 "dump lines"
for pair in "100:616c706861" "101:62657461" "102:" "103:67616d6d61"; do
	seq=${pair%%:*} hex=${pair#*:}
	grep -q "^{\"seq\":$seq,\"type\":300,.*\"flags\":7,\"hex\":\"$hex\"}\$" "$tmp/out" ||
		fail "dump lines: no record seq $seq with payload '$hex'"
done

# Raw chunks: 1000 bytes in chunks of 256.
head -c 1000 /dev/urandom >"$tmp/raw" 2>/dev/null || dd if=/dev/urandom of="$tmp/raw" bs=1000 count=1 2>/dev/null
run_in "$tmp/raw" "$send" --stdin-raw 256 "$ring"
expect 0 "send --stdin-raw" && grep -q "sent 4 records (1000 bytes)" "$tmp/err" ||
	fail "send --stdin-raw: summary"
run "$dump" --format=json -x "$ring"
expect 0 "dump raw" && lines 4 "dump raw"
hex=$(od -An -v -tx1 "$tmp/raw" | tr -d ' \n')
got=$(sed 's/.*"hex":"\([0-9a-f]*\)".*/\1/' "$tmp/out" | tr -d '\n')
[ "$got" = "$hex" ] || fail "dump raw: the payloads are not the input"
[ "$(sed -n 's/.*"len":\([0-9]*\).*/\1/p' "$tmp/out" | tr '\n' ' ')" = "256 256 256 232 " ] ||
	fail "dump raw: lengths"

# ---------------------------------------------------------------------------
# A full ring drops (and says so), and the consumer sees the gap.
run "$send" --count 2000 --size 100 "$ring"
expect 0 "send into a full ring" || :
sent=$(sed -n 's/.*sent \([0-9]*\) records.*dropped \([0-9]*\).*/\1/p' "$tmp/err")
dropped=$(sed -n 's/.*sent \([0-9]*\) records.*dropped \([0-9]*\).*/\2/p' "$tmp/err")
if [ -z "$sent" ] || [ "$dropped" -eq 0 ] 2>/dev/null || [ $((sent + dropped)) -ne 2000 ]; then
	fail "send into a full ring: sent '$sent' dropped '$dropped'"
fi
run "$dump" -n 10 "$ring"
expect 0 "dump -n 10 of a full ring" && lines 10 "dump -n 10 of a full ring"
run "$send" -q --count 1 --size 8 "$ring"
expect 0 "send after the drops" && [ ! -s "$tmp/err" ] || fail "send -q wrote to stderr"
run "$dump" "$ring"
expect 0 "dump after drops" && lines $((sent - 10 + 1)) "dump after drops"
grep -q "missed=$dropped " "$tmp/err" || fail "dump after drops: missed=$dropped not reported"
grep -vq "pattern=ok" "$tmp/out" && fail "dump after drops: a bad pattern"

# --no-drop waits for room: a sender blocked on a full ring, a consumer
# that follows; nothing is dropped and every record arrives.
run "$send" --count 700 --size 100 "$ring"
full=$(sed -n 's/.*sent \([0-9]*\) records.*/\1/p' "$tmp/err")
[ "${full:-0}" -gt 0 ] && grep -q "dropped [1-9]" "$tmp/err" || fail "filling the ring: summary"
"$send" --no-drop --count 3000 --size 100 "$ring" >"$tmp/nd.out" 2>"$tmp/nd.err" &
bg=$!
sleep 1	# it finds the ring full and waits
want=$((${full:-0} + 3000))
run "$dump" --follow --count "$want" --timeout 20 "$ring"
expect 0 "dump --follow of a --no-drop sender" && lines "$want" "dump --follow"
[ "$(grep -c 'pattern=ok' "$tmp/out")" -eq "$want" ] || fail "dump --follow: bad patterns"
wait "$bg"
rc=$? bg=
[ "$rc" -eq 0 ] || fail "send --no-drop: exit status $rc"
grep -q "sent 3000 records (300000 bytes), dropped 0, waited [1-9][0-9]* times" "$tmp/nd.err" ||
	{ cat "$tmp/nd.err" >&2; fail "send --no-drop: summary"; }

# ---------------------------------------------------------------------------
# SIGINT and SIGTERM end a dump --follow asleep on an empty ring at once:
# exit status 0 and the summary. (The ring was drained just above.)
for sig in INT TERM; do
	"$dump" --follow "$ring" >"$tmp/out" 2>"$tmp/err" </dev/null &
	bg=$!
	# Until the dump's handlers are in place, for at most 5 s: a job started
	# with & begins with SIGINT ignored, and a signal sent before the
	# handlers would be lost. After that, one sent before the dump sleeps
	# must still stop it. Its handlers: SigCgt has SIGINT (0x2) and SIGTERM
	# (0x4000), and not SIGCHLD (0x10000), which this shell catches: until
	# exec has reset them, the child still shows the shell's, under the
	# new name already.
	i=0
	while [ $i -lt 50 ]; do
		cgt=$(sed -n 's/^SigCgt:[[:space:]]*//p' "/proc/$bg/status" 2>/dev/null)
		[ "$(cat "/proc/$bg/comm" 2>/dev/null)" = uio-ring-dump ] && [ -n "$cgt" ] &&
			[ $((0x$cgt & 0x14002)) -eq $((0x4002)) ] && break
		sleep 0.1
		i=$((i + 1))
	done
	t0=$(date +%s)
	kill -"$sig" "$bg"
	( sleep 10; kill -KILL "$bg" 2>/dev/null ) &
	guard=$!
	wait "$bg"
	rc=$? bg=
	kill "$guard" 2>/dev/null
	checks=$((checks + 1))
	expect 0 "dump --follow stopped by SIG$sig" &&
		grep -q "consumed=0 " "$tmp/err" || fail "dump --follow, SIG$sig: summary"
	[ $(($(date +%s) - t0)) -le 5 ] || fail "dump --follow took more than 5 s to stop on SIG$sig"
done

# ---------------------------------------------------------------------------
# Exit statuses.
run "$send" --count 1 "$tmp/nosuch"
expect 3 "send to a missing path"
echo plain >"$tmp/plain"
run "$send" --count 1 "$tmp/plain"
expect 5 "send to a plain file" && grep -q "not a uio-ring" "$tmp/err" || fail "plain file: message"
run "$dump" "$tmp/plain"
expect 5 "dump of a plain file"
run "$send" --create --count 1 "$ring"
expect 1 "send --create over an existing ring" && grep -q "exists" "$tmp/err" ||
	fail "--create over a ring: message"
run "$send" --create --data-size 1000 "$tmp/bad"
expect 1 "send --create --data-size 1000"
[ -e "$tmp/bad" ] && fail "a failed --create left $tmp/bad"
run "$send" --create --data-size 4K --count 1 --size 5000 "$tmp/small"
expect 1 "--size over max_payload" && grep -q "4080 bytes at most" "$tmp/err" ||
	fail "--size over max_payload: message"
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "x"; print "" }' >"$tmp/long"
run_in "$tmp/long" "$send" "$tmp/small"
expect 1 "a line over max_payload" && grep -q "record 1 is 5000 bytes" "$tmp/err" ||
	fail "a line over max_payload: message"
run "$send"
expect 2 "no RING"
run "$send" --count 1 --stdin-raw 8 "$ring"
expect 2 "--count with --stdin-raw"
run "$send" --type 0 "$ring"
expect 2 "--type 0"
run "$send" --data-size 64K "$ring"
expect 2 "--data-size without --create"
run "$send" --create --count 1 relative
expect 2 "--create without a /"
run "$send" --help
expect 0 "--help" && grep -q '^Usage: uio-ring-send \[OPTIONS\] RING' "$tmp/out" ||
	fail "--help: usage line"
for word in --count --size --stdin-raw --type --flags --no-drop --create --data-size \
	    --name --mode --quiet --version 'Exit status'; do
	grep -q -e "$word" "$tmp/out" || fail "--help: does not mention $word"
done
run "$send" --version
expect 0 "--version" && grep -Eq '^uio-ring-send \(uio-ring\) [0-9]+\.[0-9]+' "$tmp/out" ||
	fail "--version: bad line"

# The sender's own reserved records must not keep the ring full: 1010-byte
# records, 63 to a 64 KiB ring, with a consumer following. A sender that
# held its batch while the ring was full dropped all the rest: exactly 63
# arrived. Every record sent must arrive, and many more than one ring's
# worth (the consumer frees room all along).
jam=$tmp/jam
run "$send" --create --data-size 64K --name jam --count 0 "$jam"
expect 0 "send --create for the jam check"
"$dump" --follow --timeout 3 "$jam" >"$tmp/jam.out" 2>"$tmp/jam.err" &
bg=$!
sleep 0.5
run "$send" --count 200000 --size 1010 "$jam"
expect 0 "send 200000 records of 1010 bytes while a consumer follows"
wait "$bg"
bg=
sent=$(sed -n 's/.*: sent \([0-9]*\) records.*/\1/p' "$tmp/err")
got=$(grep -c 'pattern=ok' "$tmp/jam.out")
if [ -z "$sent" ] || [ "$got" != "$sent" ]; then
	fail "jam: sent ${sent:-?} records, the consumer got $got"
elif [ "$sent" -le 126 ]; then
	fail "jam: only $sent records of 200000 went in (63 fill the ring)"
fi

# A consumer fault (a consumer position ahead of the producer's) stops the
# sender with status 8, and the record the ring counted as dropped is in
# the summary too.
if [ "$(getconf PAGESIZE)" = 4096 ]; then
	printf '\000\000\001\000\000\000\000\000' |
		dd of="$jam" bs=1 seek=4096 conv=notrunc status=none
	run "$send" --count 5 "$jam"
	expect 8 "send after a consumer fault" &&
		grep -q "dropped 1" "$tmp/err" || fail "a consumer fault: summary"
fi

# A doorbell that is not a FIFO is refused when the ring is opened: read,
# a regular file or /dev/zero never ends. (timeout: a hang fails, 137.)
bell=$tmp/bell
run "$send" --create --data-size 64K --name bell --count 3 "$bell"
expect 0 "send --create for the doorbell checks"
rm -f "$bell.doorbell" && echo x >"$bell.doorbell"
run timeout -s KILL 20 "$dump" --follow --timeout 1 "$bell"
expect 5 "dump --follow, a regular file as the doorbell" &&
	grep -q "doorbell: not a FIFO" "$tmp/err" || fail "a regular file as the doorbell: message"
run timeout -s KILL 20 "$send" --count 1 "$bell"
expect 5 "send, a regular file as the doorbell"
rm -f "$bell.doorbell" && ln -s /dev/zero "$bell.doorbell"
run timeout -s KILL 20 "$dump" --follow --timeout 1 "$bell"
expect 5 "dump --follow, /dev/zero as the doorbell" &&
	grep -q "doorbell: not a FIFO" "$tmp/err" || fail "/dev/zero as the doorbell: message"

# A ring file truncated under a following dump, and under a sender that
# waits for room in a full ring: both stop with status 9 (ENODEV) and say
# why; neither dies of SIGBUS.
cut=$tmp/cut
run "$send" --create --data-size 64K --name cut --count 3 "$cut"
expect 0 "send --create for the truncation checks"
timeout -s KILL 20 "$dump" --follow "$cut" >"$tmp/cut.out" 2>"$tmp/cut.err" &
dump_pid=$!
full=$tmp/full
run "$send" --create --data-size 64K --name full --count 0 "$full"
timeout -s KILL 20 "$send" --no-drop --count 100000 "$full" 2>"$tmp/full.err" &
send_pid=$!
sleep 1
: >"$cut"
echo x >"$cut.doorbell"
: >"$full"
wait $dump_pid; rc=$?
expect 9 "dump --follow of a truncated ring file" &&
	grep -q "truncated" "$tmp/cut.err" || fail "dump of a truncated ring file: $(cat "$tmp/cut.err")"
wait $send_pid; rc=$?
expect 9 "send --no-drop into a truncated ring file" &&
	grep -q "truncated" "$tmp/full.err" ||
	fail "send into a truncated ring file: $(cat "$tmp/full.err")"

if [ "$failures" -ne 0 ]; then
	echo "t-dump-shm: $failures of $checks checks failed" >&2
	exit 1
fi
echo "PASS: t-dump-shm ($checks checks)"
exit 0
