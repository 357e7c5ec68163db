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
#   tests/vm/run [--no-load] [--module-args ARGS] SCRIPT [ARGS...]
#                            one guest running any script or program by hand
# The whole guest log is also kept in tests/vm/check-vm.log.

EXTRA_DIST += \
	tests/vm/README.md \
	tests/vm/run.in \
	tests/vm/init \
	tests/vm/check-vm.sh \
	tests/vm/tests
CLEANFILES += tests/vm/check-vm.log tests/vm/check-vm.log.multi \
	tests/vm/check-vm.log.single tests/vm/check-vm.status.multi \
	tests/vm/check-vm.status.single

VM_TESTS =
VM_RUN_FLAGS =
VM_RUN = tests/vm/run

.PHONY: check-vm
# One guest per TCG threading that has tests selected: the tests that make the
# kernel patch its text (# vm-tcg: single) run with the guest CPUs on one host
# thread, every other test on truly parallel CPUs (tests/vm/README.md).
check-vm: all tests/vm/run
	@log=tests/vm/check-vm.log; st=tests/vm/check-vm.status; \
	rm -f $$st.* $$log.*; : >$$log; rc=0; \
	for tcg in multi single; do \
	  names=`VM_TESTS_DIR=$(srcdir)/tests/vm/tests sh $(srcdir)/tests/vm/check-vm.sh \
	    --list --tcg $$tcg $(VM_TESTS)`; \
	  test -n "$$names" || continue; \
	  { $(VM_RUN) --tcg $$tcg $(VM_RUN_FLAGS) $(srcdir)/tests/vm/check-vm.sh \
	      --tcg $$tcg $(VM_TESTS); \
	    echo $$? >$$st.$$tcg; } 2>&1 | tee $$log.$$tcg; \
	  cat $$log.$$tcg >>$$log; \
	  r=`cat $$st.$$tcg 2>/dev/null || echo 1`; \
	  if test "$$r" = 77; then rc=77; break; fi; \
	  if test "$$r" = 124; then \
	    echo "FAIL: vm/boot-$$tcg (the guest timed out or never reported a status, see above)" | tee -a $$log; \
	  elif test "$$r" != 0 && ! grep -q '^FAIL: vm/' $$log.$$tcg; then \
	    echo "FAIL: vm/run-$$tcg (tests/vm/run exited with status $$r, see above)" | tee -a $$log; \
	  fi; \
	done; \
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
	if test "$$skip" = 0; then \
	  echo "$$pass passed, $$fail failed"; \
	else \
	  echo "$$pass passed, $$fail failed, $$skip skipped"; \
	fi; \
	test "$$fail" = 0
