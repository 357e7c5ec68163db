# The kernel module, built by kbuild against $(KDIR). kbuild wants the
# sources in the directory it builds in, so an out-of-tree (VPATH) build
# links them into the build directory first.
KMOD_FILES = uio_kmod/Kbuild uio_kmod/uio_ring.h uio_kmod/ring.c uio_kmod/proc.c
EXTRA_DIST += $(KMOD_FILES)

if BUILD_KMOD
KBUILD_FLAGS = -C $(KDIR) M=$(abs_builddir)/uio_kmod KBUILD_VERBOSE=$(if $(V:0=),1,0)

all-local: uio_kmod/uio_ring.ko

uio_kmod/uio_ring.ko: $(KMOD_FILES) include/uio-ring/abi.h
	@if test "$(abs_srcdir)" != "$(abs_builddir)"; then \
		$(MKDIR_P) uio_kmod $(abs_builddir)/include/uio-ring && \
		for f in $(KMOD_FILES); do ln -sf $(abs_srcdir)/$$f $$f; done && \
		ln -sf $(abs_srcdir)/include/uio-ring/abi.h $(abs_builddir)/include/uio-ring/abi.h; \
	fi
	$(AM_V_GEN)$(MAKE) $(KBUILD_FLAGS) W=1 modules

clean-local: clean-kmod
clean-kmod:
	-$(MAKE) $(KBUILD_FLAGS) clean >/dev/null 2>&1
	-if test "$(abs_srcdir)" != "$(abs_builddir)"; then \
		rm -f $(KMOD_FILES) include/uio-ring/abi.h; fi

# The module goes to the kernel's extra/ directory; depmod runs only for a
# real install into this system's module tree.
install-exec-local: install-kmod
install-kmod: uio_kmod/uio_ring.ko
	@if test -n "$(DESTDIR)" || test ! -d /lib/modules/$(KERNEL_RELEASE); then \
		echo "install-kmod: skipped (DESTDIR set or no /lib/modules/$(KERNEL_RELEASE)); the module is uio_kmod/uio_ring.ko"; \
	else \
		$(MAKE) $(KBUILD_FLAGS) INSTALL_MOD_DIR=extra modules_install && \
		depmod -a $(KERNEL_RELEASE); \
	fi

uninstall-local: uninstall-kmod
uninstall-kmod:
	@if test -z "$(DESTDIR)" && test -f /lib/modules/$(KERNEL_RELEASE)/extra/uio_ring.ko; then \
		rm -f /lib/modules/$(KERNEL_RELEASE)/extra/uio_ring.ko && depmod -a $(KERNEL_RELEASE); \
	fi
endif
.PHONY: clean-kmod install-kmod uninstall-kmod
