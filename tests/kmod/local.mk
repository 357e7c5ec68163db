# tests/kmod: test-only kernel modules, not part of uio_ring and never
# installed. `make kmod-tests` builds them with kbuild against $(KDIR);
# make check-vm and make bench build them first, and tests/vm/run copies
# tests/kmod/*.ko into the guest ($UIO_RING_TEST_KO_DIR there).
#   nl_bench.ko    records as generic netlink multicast messages (bench)
#   cdev_bench.ko  records read() from a character device's queue (bench)
#   tp_probes.ko   lists the probes on the sched_process_* tracepoints (t-32)
KMOD_TEST_FILES = tests/kmod/Kbuild tests/kmod/nl_bench.c tests/kmod/cdev_bench.c \
	tests/kmod/tp_probes.c
EXTRA_DIST += $(KMOD_TEST_FILES)

.PHONY: kmod-tests clean-kmod-tests
check-vm: kmod-tests
bench: kmod-tests

if BUILD_KMOD
KMOD_TEST_KBUILD = -C $(KDIR) M=$(abs_builddir)/tests/kmod \
	UIO_RING_TOP=$(abs_top_srcdir) KBUILD_VERBOSE=$(if $(V:0=),1,0)

kmod-tests: $(KMOD_DIR)/tests/kmod/nl_bench.ko

# One kbuild run builds all three; one target for it keeps make -j from
# starting two, and the touch keeps it from running again for nothing.
# KMOD_DIR and KMAKE: see uio_kmod/local.mk.
$(KMOD_DIR)/tests/kmod/nl_bench.ko: $(KMOD_TEST_FILES) include/uio-ring/abi.h
	@$(call kmod_link,$(KMOD_TEST_FILES))
	+$(AM_V_GEN)$(KMAKE) M=$(KMOD_BUILD)/tests/kmod UIO_RING_TOP=$(abs_top_srcdir) \
		$(KMOD_KBUILD_FLAGS) modules
	@touch $@

clean-local: clean-kmod-tests
clean-kmod-tests:
	-$(MAKE) $(KMOD_TEST_KBUILD) clean >/dev/null 2>&1
	-if test "$(abs_srcdir)" != "$(abs_builddir)"; then rm -f $(KMOD_TEST_FILES); fi
else
kmod-tests:
	@echo "kmod-tests: skipped (configure --disable-kmod)"
clean-kmod-tests:
endif
