# bench: `make bench`, performance figures (bench/README.md, docs/PERFORMANCE.md).
#
# bench-help:
#   make bench                      build, then part 1 on the host (bench/ring-bench)
#                                   and part 2 in the QEMU guest (tests/vm/run
#                                   bench/vm-bench.sh); SKIP line if no guest
#   make bench BENCH_FLAGS="--seconds 2 --reps 5"   options for bench/ring-bench
#   make bench BENCH_VM_ARGS="2"    count multiplier for the guest part
#   make bench BENCH_VM=no          host part only
#   BENCH_PROC=no make bench        without part 3 (bench/vm-proc-bench.sh in a
#                                   second guest: process events, delivery)
#
# Plain programs with the library linked in, built by make bench (not by
# make). The guest ones are built as tests/vm/guest/NAME because
# tests/vm/run copies the executables of that directory into the guest
# (VM_GUEST_EXES); their sources and rules stay here.
BENCH_EXES = bench/ring-bench
EXTRA_PROGRAMS += bench/ring-bench
VM_GUEST_EXES += tests/vm/guest/vm-bench
bench_ring_bench_SOURCES = bench/ring-bench.c bench/scaffold.h bench/peer-bench.h \
	bench/peer-plain.c
bench_ring_bench_CFLAGS = $(AM_CFLAGS) -O2 -pthread
bench_ring_bench_LDADD = $(LIBUIO_RING_STATIC) -lpthread
tests_vm_guest_vm_bench_SOURCES = bench/vm-bench.c bench/scaffold.h
tests_vm_guest_vm_bench_CFLAGS = $(AM_CFLAGS) -O2
tests_vm_guest_vm_bench_LDADD = $(LIBUIO_RING_STATIC)
EXTRA_DIST += bench/README.md bench/bench.sh bench/vm-bench.sh
CLEANFILES += bench/vm-bench.log

BENCH_FLAGS =
BENCH_VM_ARGS =
BENCH_VM = yes

.PHONY: bench
bench: all $(BENCH_EXES) vm-guest
	@BENCH_VM=$(BENCH_VM) $(SHELL) $(srcdir)/bench/bench.sh \
	  bench/ring-bench "$(BENCH_FLAGS)" $(srcdir)/bench/vm-bench.sh "$(BENCH_VM_ARGS)"
	@if test "$(BENCH_PEERS)" != no; then echo; $(MAKE) $(AM_MAKEFLAGS) bench-peers; fi

# Part 3 (bench/vm-proc-bench.sh, in its own guest): process events under a
# fork storm, the ring's listener against the netlink proc connector's
# (tests/vm/guest/proc-test, proc-workload); and delivery capacity, the ring
# against generic netlink and read() from a character device (deliver-bench,
# with tests/kmod/nl_bench.ko and cdev_bench.ko: make kmod-tests).
VM_GUEST_EXES += tests/vm/guest/deliver-bench
tests_vm_guest_deliver_bench_SOURCES = bench/deliver-bench.c bench/scaffold.h
tests_vm_guest_deliver_bench_CFLAGS = $(AM_CFLAGS) -O2
tests_vm_guest_deliver_bench_LDADD = $(LIBUIO_RING_STATIC)
EXTRA_DIST += bench/vm-proc-bench.sh
CLEANFILES += bench/vm-proc-bench.log

# Peers: libuio-ring against rte_ring, Boost.Lockfree, a pipe and memcpy on
# the host, after the parts above (bench/peers.mk; BENCH_PEERS=no skips it).
include $(srcdir)/bench/peers.mk
