# Guest-side test programs: plain (non-libtool) executables with the library
# compiled in, so tests/vm/run can copy them into the guest as they are.
noinst_PROGRAMS += tests/vm/guest/vm-ring-test
tests_vm_guest_vm_ring_test_SOURCES = tests/vm/guest/vm-ring-test.c $(LIBUIO_RING_SRC)
tests_vm_guest_vm_ring_test_CFLAGS = $(AM_CFLAGS) $(LIBUDEV_CFLAGS)
tests_vm_guest_vm_ring_test_LDADD = $(LIBUDEV_LIBS)
