# tests/kmod/uio_other.ko: a plain UIO device that is not a ring, for the
# udev tests in the guest (tests/vm/tests/t-40-udev.sh; tests/vm/run copies
# it in). kbuild builds it in a directory of its own under the build tree,
# with a generated Kbuild, so other test modules in tests/kmod/ are free to
# have theirs.
EXTRA_DIST += tests/kmod/uio_other.c

if BUILD_KMOD
UIO_OTHER_DIR = tests/kmod/uio_other-build
UIO_OTHER_KBUILD = -C $(KDIR) M=$(abs_builddir)/$(UIO_OTHER_DIR) \
	KBUILD_VERBOSE=$(if $(V:0=),1,0)

all-local: $(UIO_OTHER_DIR)/uio_other.ko

$(UIO_OTHER_DIR)/uio_other.ko: tests/kmod/uio_other.c
	@$(MKDIR_P) $(UIO_OTHER_DIR) && \
	echo 'obj-m := uio_other.o' >$(UIO_OTHER_DIR)/Kbuild && \
	ln -sf $(abs_srcdir)/tests/kmod/uio_other.c $(UIO_OTHER_DIR)/uio_other.c
	$(AM_V_GEN)$(MAKE) $(UIO_OTHER_KBUILD) W=1 modules

clean-local: clean-uio-other
clean-uio-other:
	-rm -rf $(UIO_OTHER_DIR)
endif
.PHONY: clean-uio-other
