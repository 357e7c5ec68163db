#!/bin/sh
# Runs inside the demo guest, as root, with the module loaded.
set -eu
uio-ring-dump --list
emit=/sys/class/uio/$(basename "$(readlink -f /dev/uio0)")/device/emit
echo
echo "# uio-ring-dump --follow ring0, while the kernel produces:"
uio-ring-dump --follow --timeout 3 ring0 &
dump=$!
sleep 1
for size in 8 16 32; do
	echo "# kernel: echo '3 $size' > $emit" >&2
	echo "3 $size" >"$emit"
	sleep 0.3
done
echo "# kernel, on CPU 0 and CPU 1 at once: 4 records each" >&2
taskset -c 0 sh -c "echo '4 24' >$emit" &
taskset -c 1 sh -c "echo '4 24' >$emit" &
wait $dump
echo
echo "# uio-ring-dump --stats ring0"
uio-ring-dump --stats ring0
