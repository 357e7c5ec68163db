#!/bin/sh
# Every kernel version switch of the module is in uio_kmod/compat.h: the
# rest of uio_kmod/ names no kernel version (tests/vm/kernels/list is where
# each switch is proven). Fails with the lines that do.
srcdir=${srcdir:-.}
[ -f "$srcdir/uio_kmod/compat.h" ] || { echo "no $srcdir/uio_kmod/compat.h"; exit 1; }
hits=$(grep -nE 'LINUX_VERSION_CODE|KERNEL_VERSION|RHEL_RELEASE|<linux/version\.h>' \
	"$srcdir"/uio_kmod/*.c "$srcdir"/uio_kmod/*.h | grep -v '/compat\.h:')
if [ -n "$hits" ]; then
	echo "kernel version checks outside uio_kmod/compat.h:"
	echo "$hits"
	exit 1
fi
n=$(grep -c 'KERNEL_VERSION(' "$srcdir/uio_kmod/compat.h")
echo "ok: $n version switches, all in uio_kmod/compat.h"
