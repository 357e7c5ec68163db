#!/bin/sh
# tests/vm/kernel-log-problems names every report the guest kernels can
# write about a bug (the debug kernel's KASAN, lockdep, UBSAN and debug
# objects included): each first line below, as Linux 6.1 prints it, must be
# caught, and the debug kernel's own boot banners must not be.
srcdir=${srcdir:-.}
list=$srcdir/tests/vm/kernel-log-problems
[ -r "$list" ] || { echo "no $list"; exit 1; }
# The same expression tests/vm/run and tests/vm/check-vm.sh build.
bad=$(sed -e '/^#/d' -e '/^$/d' "$list" | tr '\n' '|')
bad=${bad%|}
[ -n "$bad" ] || { echo "$list names nothing"; exit 1; }

fail=0
while IFS= read -r line; do
	if ! printf '%s\n' "$line" | grep -qE "$bad"; then
		echo "not caught: $line"
		fail=1
	fi
done <<'REPORTS'
[   12.345678] BUG: KASAN: slab-out-of-bounds in uio_ring_emit+0x1a/0x40 [uio_ring]
[   12.345678] BUG: KASAN: use-after-free in ring_release+0x2c/0x90 [uio_ring]
[   12.345678] KASAN: null-ptr-deref in range [0x0000000000000008-0x000000000000000f]
[   12.345678] WARNING: possible circular locking dependency detected
[   12.345678] WARNING: possible recursive locking detected
[   12.345678] WARNING: inconsistent lock state
[   12.345678] INFO: trying to register non-static key.
[   12.345678] turning off the locking correctness validator.
[   12.345678] BUG: sleeping function called from invalid context at mm/slab.h:723
[   12.345678] BUG: using smp_processor_id() in preemptible [00000000] code: sh/77
[   12.345678] UBSAN: array-index-out-of-bounds in uio_kmod/ring.c:210:9
[   12.345678] UBSAN: shift-out-of-bounds in uio_kmod/proc.c:88:20
[   12.345678] ODEBUG: free active (active state 0) object type: timer_list hint: 0x0
[   12.345678] list_add corruption. prev->next should be next (ffff888003e1c0a8), but was 0000000000000000.
[   12.345678] list_del corruption, ffff888003e1c0a8->next is LIST_POISON1 (dead000000000100)
[   12.345678] refcount_t: underflow; use-after-free.
[   12.345678] watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [vm-ring-test:88]
[   12.345678] INFO: task rmmod:91 blocked for more than 120 seconds.
[   12.345678] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:
[   12.345678] general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1] PREEMPT SMP KASAN
[   12.345678] kernel BUG at mm/usercopy.c:101!
[   12.345678] Kernel panic - not syncing: corrupted stack end detected inside scheduler
[   12.345678] Oops: 0000 [#1] PREEMPT SMP
[   12.345678] Call Trace:
REPORTS

while IFS= read -r line; do
	if printf '%s\n' "$line" | grep -qE "$bad"; then
		echo "caught, but not a problem: $line"
		fail=1
	fi
done <<'BANNERS'
[    0.000000] kasan: KernelAddressSanitizer initialized
[    0.000000] Lock dependency validator: Copyright (c) 2006 Red Hat, Inc., Ingo Molnar
[    0.000000] rcu: 	RCU lockdep checking is enabled.
[    0.000000] ... MAX_LOCKDEP_SUBCLASSES:  8
[    1.234567] uio_ring: 1 ring(s) of 1048576 bytes
BANNERS

[ "$fail" = 0 ] && echo "ok: every report caught, no banner"
exit "$fail"
