#!/bin/sh
# SPDX-License-Identifier: MIT
#
# The examples as a user builds them: "make install DESTDIR=..." of this
# build tree, then every examples/*.c compiled against the installed copy
# with nothing but pkg-config's flags (-Wall -Wextra -Werror), then the
# producer and the consumer run as a pair on a shared memory ring, with the
# installed library; the consumer must get every message.
#
# The sources are compiled as they are: they include <uio-ring/uio-ring.h>,
# as any application does. Exit codes as for automake: 0 pass, 1 fail,
# 77 skip, 99 hard error. Run from the build directory (make check does).

: "${srcdir:=.}"
top_builddir=$(pwd)
if [ ! -f "$top_builddir/Makefile" ] || [ ! -f "$srcdir/examples/producer.c" ]; then
	echo "t-examples-installed: run from the build directory (srcdir=$srcdir)" >&2
	exit 99
fi
cc=${CC:-cc}
command -v pkg-config >/dev/null 2>&1 || { echo "SKIP: pkg-config not found"; exit 77; }
command -v "$cc" >/dev/null 2>&1 || { echo "SKIP: $cc not found"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/t-examples.XXXXXX") || exit 99
consumer_pid=
trap 'test -n "$consumer_pid" && kill $consumer_pid 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM
dest=$tmp/dest

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# --- Install. A make of its own, not a part of the one running the tests.
if ! (unset MAKEFLAGS MFLAGS MAKELEVEL; ${MAKE:-make} -C "$top_builddir" install \
	DESTDIR="$dest" >"$tmp/install.log" 2>&1); then
	tail -n 30 "$tmp/install.log" >&2
	fail "make install DESTDIR=$dest"
fi
pc=$(find "$dest" -name libuio-ring.pc | head -n 1)
[ -n "$pc" ] || fail "make install put no libuio-ring.pc under $dest"
pcdir=$(dirname "$pc")
libdir=$(dirname "$pcdir")
[ -e "$libdir/libuio-ring.so" ] || fail "no libuio-ring.so beside $pc"

# pkg-config of the staged copy: its paths, with DESTDIR in front.
PKG_CONFIG_PATH=$pcdir${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
PKG_CONFIG_SYSROOT_DIR=$dest
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
flags=$(pkg-config --cflags --libs libuio-ring) || fail "pkg-config libuio-ring"
case $flags in
*"$dest"*) ;;
*) fail "pkg-config flags '$flags' do not point into $dest" ;;
esac

# --- Build every example.
mkdir "$tmp/src" "$tmp/bin" || exit 99
n=0
for src in "$srcdir"/examples/*.c; do
	name=$(basename "$src" .c)
	cp "$src" "$tmp/src/$name.c" || exit 99
	# shellcheck disable=SC2086 # $flags is a list of words
	if ! "$cc" -Wall -Wextra -Werror -o "$tmp/bin/$name" "$tmp/src/$name.c" $flags \
		>"$tmp/cc.log" 2>&1; then
		cat "$tmp/cc.log" >&2
		fail "examples/$name.c does not build against the installed library"
	fi
	# It runs on the installed library, not the build tree's.
	LD_LIBRARY_PATH=$libdir ldd "$tmp/bin/$name" 2>/dev/null | grep -q "$libdir/libuio-ring.so" ||
		fail "examples/$name does not load $libdir/libuio-ring.so"
	n=$((n + 1))
done
for name in producer consumer; do
	[ -x "$tmp/bin/$name" ] || fail "examples/$name.c is missing"
done

# --- The pair: the consumer makes the ring, the producer fills it.
LD_LIBRARY_PATH=$libdir
export LD_LIBRARY_PATH
ring=$tmp/ring
count=20000
"$tmp/bin/consumer" "$ring" >"$tmp/consumer.out" 2>"$tmp/consumer.err" &
consumer_pid=$!
i=0
until grep -q "^ready $ring\$" "$tmp/consumer.out" 2>/dev/null; do
	kill -0 "$consumer_pid" 2>/dev/null || break
	i=$((i + 1))
	[ "$i" -lt 100 ] || break
	sleep 0.1
done
grep -q "^ready $ring\$" "$tmp/consumer.out" ||
	{ cat "$tmp/consumer.err" >&2; fail "the consumer did not get ready"; }
"$tmp/bin/producer" "$ring" "$count" >"$tmp/producer.out" 2>&1 ||
	{ cat "$tmp/producer.out" >&2; fail "the producer failed"; }
i=0
while kill -0 "$consumer_pid" 2>/dev/null; do
	i=$((i + 1))
	[ "$i" -lt 300 ] || fail "the consumer did not end after the producer's last record"
	sleep 0.1
done
wait "$consumer_pid"
rc=$?
consumer_pid=
cat "$tmp/producer.out" "$tmp/consumer.out" "$tmp/consumer.err"
[ "$rc" -eq 0 ] || fail "consumer: exit status $rc"
grep -q "^received $count messages, missed 0, bad 0, " "$tmp/consumer.out" ||
	fail "the consumer did not get every message"
[ -e "$ring" ] && fail "the consumer left its ring behind"
echo "PASS: t-examples-installed ($n examples built, $count messages)"
exit 0
