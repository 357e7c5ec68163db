# tests/vm: tests that need the kernel module, run in a QEMU guest.
#
# check-vm-help:
#   make check-vm            build, then boot two guests (Debian's kernel
#                            @KERNEL_RELEASE@ under QEMU, software emulation,
#                            one with parallel CPUs, one with the CPUs on one
#                            host thread for the tests marked "# vm-tcg:
#                            single") that run every tests/vm/tests/t-*.sh through
#                            tests/vm/check-vm.sh; prints PASS:/FAIL:/SKIP:
#                            vm/<name> lines and ends with one line
#                            "N passed, M failed[, K skipped]". Fails if a
#                            test fails, the guest kernel log shows an oops,
#                            WARN or BUG (FAIL: vm/kernel-log), or the guest
#                            times out (FAIL: vm/boot-MODE). Without QEMU, the
#                            kernel image or uio.ko: SKIP: vm/all, exit 0.
#   make check-vm VM_TESTS="t-01 reload"
#                            only the tests whose names contain one of these
#   make check-vm VM_RUN_FLAGS="--timeout 1800 --smp 1"
#                            options for tests/vm/run (see tests/vm/README.md)
#   make check-vm UIO_RING_KO=/path/other.ko
#                            load another build of the module as uio_ring
#   make check-vm KERNELS="5.10 newest"
#                            the same on each of these kernels of
#                            tests/vm/kernels/list instead (fetched or built
#                            on first use, the module built for each), with a
#                            line "kernel NAME (RELEASE): N passed, M failed"
#                            per kernel before the total; KERNELS=all: every
#                            kernel of the list, and the README's table of
#                            kernels must agree (vm/readme-kernels)
#   tests/vm/run [--kernel NAME] [--no-load] [--module-args ARGS] SCRIPT [ARGS...]
#                            one guest running any script or program by hand
# The whole guest log is also kept in tests/vm/check-vm.log; the driver is
# tests/vm/check-kernels.sh.

EXTRA_DIST += \
	tests/vm/README.md \
	tests/vm/run.in \
	tests/vm/init \
	tests/vm/check-vm.sh \
	tests/vm/check-kernels.sh \
	tests/vm/kernel-log-problems \
	tests/vm/kernels \
	tests/vm/tests
CLEANFILES += tests/vm/check-vm.log

VM_TESTS =
VM_RUN_FLAGS =
VM_RUN = tests/vm/run
KERNELS =

.PHONY: check-vm vm-kernel-modules vm-guest
# What tests/vm/run puts in the guest besides the installed tree: the
# programs of tests/vm/guest/ and the test modules. make check-vm builds
# them; make vm-guest before running tests/vm/run by hand.
vm-guest: $(VM_GUEST_EXES) uio-other-ko kmod-tests
# The guests and the tally: tests/vm/check-kernels.sh. With KERNELS, each
# kernel also gets a DKMS build of the tree make install-dkms installs.
check-vm: all vm-guest tests/vm/run $(if $(KERNELS),vm-dkms-stage)
	@: >tests/vm/check-vm.log; \
	VM_RUN=$(VM_RUN) VM_RUN_FLAGS='$(VM_RUN_FLAGS)' VM_SRCDIR=$(srcdir)/tests/vm \
	VM_LOG=tests/vm/check-vm.log UIO_RING_KERNELS_DIR=$(VM_KERNELS_DIR) \
	$(SHELL) $(srcdir)/tests/vm/check-kernels.sh \
	  $(if $(KERNELS),--kernels '$(KERNELS)' --dkms $(abs_builddir)/tests/vm/dkms-stage/usr/src) \
	  $(if $(filter all,$(KERNELS)),--readme $(srcdir)/README.md) $(VM_TESTS)

vm-dkms-stage:
	@rm -rf tests/vm/dkms-stage && \
	$(MAKE) -s install-dkms DESTDIR=$(abs_builddir)/tests/vm/dkms-stage >/dev/null
.PHONY: vm-dkms-stage

# The modules for kernel KERNEL of tests/vm/kernels/list, once
# tests/vm/kernels/get has made it ready in $(VM_KERNELS_DIR)/KERNEL, in
# tests/vm/modules/KERNEL/ (tests/vm/run --kernel calls both).
VM_KERNELS_DIR = $(or $(UIO_RING_KERNELS_DIR),$(abs_builddir)/tests/vm/kernels)
if BUILD_KMOD
KMOD_ALL = $(KMOD_DIR)/uio_kmod/uio_ring.ko $(KMOD_DIR)/tests/kmod/nl_bench.ko \
	$(KMOD_DIR)/$(UIO_OTHER_DIR)/uio_other.ko
kmod-all: $(KMOD_ALL)
vm-kernel-modules:
	@test -x "$(VM_KERNELS_DIR)/$(KERNEL)/kmake" || \
		{ echo "vm-kernel-modules: no kernel '$(KERNEL)' ready in $(VM_KERNELS_DIR) (tests/vm/kernels/get)"; exit 1; }
	@$(MAKE) kmod-all KMOD_DIR=tests/vm/modules/$(KERNEL) \
		KMAKE="$(VM_KERNELS_DIR)/$(KERNEL)/kmake --bind $(abs_srcdir) --bind $(abs_builddir)"
clean-local: clean-vm-modules
clean-vm-modules:
	-rm -rf tests/vm/modules tests/vm/dkms-stage tests/vm/dkms
distclean-local: distclean-vm-kernels
distclean-vm-kernels:
	-rm -rf tests/vm/kernels
else
vm-kernel-modules:
	@echo "vm-kernel-modules: configure --disable-kmod builds no module"; exit 1
endif
.PHONY: kmod-all clean-vm-modules distclean-vm-kernels
