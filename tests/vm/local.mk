# tests/vm: tests that need the kernel module, run in a QEMU guest.
#
# check-vm-help:
#   make check-vm            build, then boot ONE guest (Debian's kernel
#                            @KERNEL_RELEASE@ under QEMU, software emulation)
#                            that runs every tests/vm/tests/t-*.sh through
#                            tests/vm/check-vm.sh; prints PASS:/FAIL:/SKIP:
#                            vm/<name> lines and ends with one line
#                            "N passed, M failed[, K skipped]". Fails if a
#                            test fails, the guest kernel log shows an oops,
#                            WARN or BUG (FAIL: vm/kernel-log), or the guest
#                            times out (FAIL: vm/boot). Without QEMU, the
#                            kernel image or uio.ko: SKIP: vm/all, exit 0.
#   make check-vm VM_TESTS="t-01 reload"
#                            only the tests whose names contain one of these
#   make check-vm VM_RUN_FLAGS="--timeout 1800 --smp 1"
#                            options for tests/vm/run (see tests/vm/README.md)
#   make check-vm UIO_RING_KO=/path/other.ko
#                            load another build of the module as uio_ring
#   tests/vm/run [--no-load] [--module-args ARGS] SCRIPT [ARGS...]
#                            one guest running any script or program by hand
# The whole guest log is also kept in tests/vm/check-vm.log.

EXTRA_DIST += \
	tests/vm/README.md \
	tests/vm/run.in \
	tests/vm/init \
	tests/vm/check-vm.sh \
	tests/vm/tests
CLEANFILES += tests/vm/check-vm.log tests/vm/check-vm.status

VM_TESTS =
VM_RUN_FLAGS =
VM_RUN = tests/vm/run

.PHONY: check-vm
check-vm: all tests/vm/run
	@log=tests/vm/check-vm.log; st=tests/vm/check-vm.status; \
	rm -f $$st; \
	{ $(VM_RUN) $(VM_RUN_FLAGS) $(srcdir)/tests/vm/check-vm.sh $(VM_TESTS); \
	  echo $$? >$$st; } 2>&1 | tee $$log; \
	rc=`cat $$st 2>/dev/null || echo 1`; \
	if test "$$rc" = 77; then \
	  why=`sed -n 's/^vm-run: SKIP: \(.*\) -- the guest did not run$$/\1/p' $$log | head -n 1`; \
	  echo "SKIP: vm/all ($${why:-tests/vm/run exited 77})"; \
	  echo "0 passed, 0 failed, 1 skipped"; \
	  exit 0; \
	fi; \
	pass=`grep -c '^PASS: vm/' $$log`; \
	fail=`grep -c '^FAIL: vm/' $$log`; \
	skip=`grep -c '^SKIP: vm/' $$log`; \
	if grep -q '^vm-run: KERNEL LOG:' $$log; then \
	  echo "FAIL: vm/kernel-log (the guest kernel log shows a problem, see above)"; \
	  fail=`expr $$fail + 1`; \
	fi; \
	if test "$$rc" = 124; then \
	  echo "FAIL: vm/boot (the guest timed out or never reported a status, see above)"; \
	  fail=`expr $$fail + 1`; \
	elif test "$$rc" != 0 && test "$$fail" = 0; then \
	  echo "FAIL: vm/run (tests/vm/run exited with status $$rc, see above)"; \
	  fail=`expr $$fail + 1`; \
	fi; \
	if test "$$skip" = 0; then \
	  echo "$$pass passed, $$fail failed"; \
	else \
	  echo "$$pass passed, $$fail failed, $$skip skipped"; \
	fi; \
	test "$$fail" = 0
