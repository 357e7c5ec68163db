# Guest-side test programs: plain (non-libtool) executables with the library
# linked in, so tests/vm/run can copy them into the guest as they are. Built
# by make check-vm (VM_GUEST_EXES, here and in examples/ and bench/),
# not by make.
VM_GUEST_EXES = tests/vm/guest/vm-ring-test tests/vm/guest/proc-test \
	tests/vm/guest/proc-workload tests/vm/guest/proc-helper
EXTRA_PROGRAMS += $(VM_GUEST_EXES)
CLEANFILES += $(VM_GUEST_EXES)
tests_vm_guest_vm_ring_test_SOURCES = tests/vm/guest/vm-ring-test.c
tests_vm_guest_vm_ring_test_LDADD = $(LIBUIO_RING_STATIC)

# Process events (t-30, t-31, make bench): proc-test has the ring's and the
# proc connector's listeners and the checks; proc-workload (static, no
# library: under TCG a fork costs what the parent has mapped) the workload
# and the fork storm; proc-helper is what the workload's children exec,
# static and on x86-64 without libc, so that an exec touches few pages.
tests_vm_guest_proc_test_SOURCES = tests/vm/guest/proc-test.c bench/scaffold.h
tests_vm_guest_proc_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/bench
tests_vm_guest_proc_test_CFLAGS = $(AM_CFLAGS) -O2
tests_vm_guest_proc_test_LDADD = $(LIBUIO_RING_STATIC)
tests_vm_guest_proc_workload_SOURCES = tests/vm/guest/proc-workload.c
tests_vm_guest_proc_workload_CFLAGS = $(AM_CFLAGS) -O2
tests_vm_guest_proc_workload_LDFLAGS = -all-static
PROC_HELPER_NOSTDLIB = $(if $(filter x86_64,$(host_cpu)),yes)
tests_vm_guest_proc_helper_SOURCES = tests/vm/guest/proc-helper.c
tests_vm_guest_proc_helper_CPPFLAGS = $(if $(PROC_HELPER_NOSTDLIB),-DPROC_HELPER_NOSTDLIB)
tests_vm_guest_proc_helper_CFLAGS = $(AM_CFLAGS) -O2 \
	$(if $(PROC_HELPER_NOSTDLIB),-fno-stack-protector -fno-asynchronous-unwind-tables)
tests_vm_guest_proc_helper_LDFLAGS = -all-static $(if $(PROC_HELPER_NOSTDLIB),-nostdlib)
