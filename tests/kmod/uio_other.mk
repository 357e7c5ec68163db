# tests/kmod/uio_other.ko: a plain UIO device that is not a ring, for the
# udev tests in the guest (tests/vm/tests/t-40-udev.sh; tests/vm/run copies
# it in). kbuild builds it in a directory of its own under the build tree,
# with a generated Kbuild, so other test modules in tests/kmod/ are free to
# have theirs.
EXTRA_DIST += tests/kmod/uio_other.c

.PHONY: uio-other-ko

if BUILD_KMOD
UIO_OTHER_DIR = tests/kmod/uio_other-build

uio-other-ko: $(KMOD_DIR)/$(UIO_OTHER_DIR)/uio_other.ko

# KMOD_DIR and KMAKE: see uio_kmod/local.mk.
$(KMOD_DIR)/$(UIO_OTHER_DIR)/uio_other.ko: tests/kmod/uio_other.c
	@d=$(KMOD_BUILD)/$(UIO_OTHER_DIR) && $(MKDIR_P) $$d && \
	echo 'obj-m := uio_other.o' >$$d/Kbuild && \
	ln -sf $(abs_srcdir)/tests/kmod/uio_other.c $$d/uio_other.c
	+$(AM_V_GEN)$(KMAKE) M=$(KMOD_BUILD)/$(UIO_OTHER_DIR) $(KMOD_KBUILD_FLAGS) modules

clean-local: clean-uio-other
clean-uio-other:
	-rm -rf $(UIO_OTHER_DIR)
else
uio-other-ko:
endif
.PHONY: clean-uio-other
