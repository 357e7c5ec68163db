#!/bin/sh
# uio-ring-dump against the real device: every output format (text, JSON
# lines, hex, --list, --stats), every way to name a ring, --follow with -n
# and --timeout, and the exit code of each error it can meet here.
. /tests/vmlib.sh

reload_ring || fail "cannot load the module"
emit=$(ring_dir ring0)/device/emit
dev=$(ring_dev ring0)
uio=$(basename "$dev")

# Runs uio-ring-dump, shows its output, keeps it in $out and its status in $rc.
dump() { out=$(uio-ring-dump "$@" 2>/tmp/dump.err); rc=$?; echo "\$ uio-ring-dump $*"; echo "$out"; cat /tmp/dump.err; }

dump --list
expect_eq "--list status" $rc 0
echo "$out" | grep -q "^ring0 device=$uio data_size=1048576 .*produced=0 dropped=0" || fail "--list line"
dump --list --format=json
echo "$out" | grep -q "^{\"name\":\"ring0\",\"device\":\"$uio\",\"data_size\":1048576,.*\"produced\":0,.*}$" ||
	fail "--list JSON line"

echo '10 16' >"$emit"
dump -n 10 ring0
expect_eq "text status" $rc 0
expect_eq "text records" "$(echo "$out" | grep -c '^seq=[0-9]* type=1 len=16 flags=0x[01] pattern=ok$')" 10
echo "$out" | head -n 1 | grep -q '^seq=0 ' || fail "first record is not seq 0"

echo '5 32' >"$emit"
dump -n 5 --format=json ring0
expect_eq "JSON records" "$(echo "$out" | grep -c '^{"seq":[0-9]*,"type":1,"type_name":"test","len":32,"flags":[01],"pattern_ok":true}$')" 5
echo "$out" | head -n 1 | grep -q '^{"seq":10,' || fail "first JSON record is not seq 10"

echo '1 20' >"$emit"
dump -n 1 --hex ring0
# seq 15: the payload is 0f 10 11 ...
echo "$out" | grep -q '^    00000000  0f 10 11 12 13 14 15 16  17 18 19 1a 1b 1c 1d 1e  |................|$' ||
	fail "hex dump of seq 15"
echo "$out" | grep -q '^    00000010  1f 20 21 22 ' || fail "second hex line of seq 15"

echo '1 4' >"$emit"
dump -n 1 --hex --format=json ring0
echo "$out" | grep -q '"seq":16,.*"hex":"10111213"' || fail "JSON hex of seq 16"

echo '1 8' >"$emit"
dump -n 1 "$dev"
echo "$out" | grep -q '^seq=17 ' || fail "open by path"
echo '1 8' >"$emit"
dump -n 1 "$uio"
echo "$out" | grep -q '^seq=18 ' || fail "open by device name"
echo '1 8' >"$emit"
dump -n 1 "${uio#uio}"
echo "$out" | grep -q '^seq=19 ' || fail "open by number"
echo '1 8' >"$emit"
dump -n 1
echo "$out" | grep -q '^seq=20 ' || fail "the only ring, unnamed"

uio-ring-dump --follow -n 4 ring0 >/tmp/follow.out 2>&1 & follower=$!
sleep 1
echo '4 8' >"$emit"
wait $follower || fail "--follow -n 4 failed"
cat /tmp/follow.out
expect_eq "--follow records" "$(grep -c '^seq=2[1-4] .* pattern=ok$' /tmp/follow.out)" 4

start=$(date +%s)
dump --follow --timeout 2 ring0
expect_eq "--follow --timeout status" $rc 0
[ $(($(date +%s) - start)) -ge 2 ] || fail "--timeout 2 returned early"

dump --stats ring0
echo "$out" | grep -q '^produced: *25$' || fail "--stats produced"
echo "$out" | grep -q '^dropped: *0$' || fail "--stats dropped"
dump --stats --format=json ring0
echo "$out" | grep -q '"produced":25,"dropped":0,' || fail "--stats JSON"

dump no-such-ring
expect_eq "no such ring: status" $rc 3
grep -q "no such ring" /tmp/dump.err || fail "no such ring: message"
out=$(as_user uio-ring-dump ring0 2>&1); rc=$?
echo "$out"
expect_eq "permission denied: status" $rc 4
echo "$out" | grep -q "permission denied" || fail "permission denied: message"
dump /dev/null
expect_eq "not a uio-ring device: status" $rc 5

uio-ring-dump --follow ring0 >/dev/null 2>/tmp/holder.err & holder=$!
sleep 1
dump ring0
expect_eq "busy: status" $rc 7
grep -q "pid $holder" /tmp/dump.err || fail "busy: the holder's pid is not named"

echo '3 8' >"$emit"
sleep 1
rmmod uio_ring || fail "rmmod under uio-ring-dump --follow"
wait $holder; rc=$?
cat /tmp/holder.err
expect_eq "device removed: status" $rc 9
grep -q "removed" /tmp/holder.err || fail "device removed: message"
load_ring || fail "reload"
