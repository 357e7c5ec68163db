# The kernel module, built by kbuild. By default for configure's kernel,
# $(KDIR), in this build tree; make check-vm builds it again for each kernel
# it boots (tests/vm/local.mk) by setting KMOD_DIR, where the module trees
# go, and KMAKE, that kernel's make -C.
KMOD_FILES = uio_kmod/Kbuild uio_kmod/compat.h uio_kmod/uio_ring.h uio_kmod/ring.c uio_kmod/proc.c
EXTRA_DIST += $(KMOD_FILES)

KMOD_DIR = .
KMAKE = $(MAKE) -C $(KDIR)
KMOD_BUILD = $(patsubst %/.,%,$(abs_builddir)/$(KMOD_DIR))
KMOD_KBUILD_FLAGS = KBUILD_VERBOSE=$(if $(V:0=),1,0) W=1
# $(call kmod_link,FILES): kbuild wants the sources in the directory it
# builds in, so link FILES from the source tree into $(KMOD_BUILD), unless
# that is the source tree itself.
kmod_link = $(MKDIR_P) $(KMOD_BUILD) && \
	if test "`cd $(abs_srcdir) && pwd -P`" != "`cd $(KMOD_BUILD) && pwd -P`"; then \
		for f in $(1); do \
			$(MKDIR_P) $(KMOD_BUILD)/`dirname $$f` && \
			ln -sf $(abs_srcdir)/$$f $(KMOD_BUILD)/$$f || exit 1; \
		done; \
	fi

if BUILD_KMOD
KBUILD_FLAGS = -C $(KDIR) M=$(abs_builddir)/uio_kmod KBUILD_VERBOSE=$(if $(V:0=),1,0)

all-local: $(KMOD_DIR)/uio_kmod/uio_ring.ko

$(KMOD_DIR)/uio_kmod/uio_ring.ko: $(KMOD_FILES) include/uio-ring/abi.h
	@$(call kmod_link,$(KMOD_FILES) include/uio-ring/abi.h)
	+$(AM_V_GEN)$(KMAKE) M=$(KMOD_BUILD)/uio_kmod $(KMOD_KBUILD_FLAGS) modules

clean-local: clean-kmod
clean-kmod:
	-$(MAKE) $(KBUILD_FLAGS) clean >/dev/null 2>&1
	-if test "$(abs_srcdir)" != "$(abs_builddir)"; then \
		rm -f $(KMOD_FILES) include/uio-ring/abi.h; fi

# make install puts the module in $(kmoddir) (configure --with-kmoddir; by
# default the kernel's extra/ directory) and runs depmod when that is in
# /lib/modules/$(KERNEL_RELEASE)/. It is skipped, and says so, with DESTDIR
# (a package builds the module for each kernel through uio_kmod/dkms.conf),
# with --with-kmoddir=no, or when that kernel has no /lib/modules directory.
KMOD_DEPMOD = PATH="$$PATH:/sbin:/usr/sbin" depmod -a $(KERNEL_RELEASE)
install-exec-local: install-kmod
install-kmod: uio_kmod/uio_ring.ko
	@dir='$(kmoddir)'; why=; \
	case $$dir in /lib/modules/$(KERNEL_RELEASE)/*) sys=1 ;; *) sys=0 ;; esac; \
	if test -n "$(DESTDIR)"; then why="DESTDIR is set; packages build it with uio_kmod/dkms.conf"; \
	elif test "$$dir" = no; then why="--with-kmoddir=no"; \
	elif test $$sys = 1 && test ! -d /lib/modules/$(KERNEL_RELEASE); then \
		why="no /lib/modules/$(KERNEL_RELEASE)"; fi; \
	if test -n "$$why"; then \
		echo "install-kmod: skipped ($$why); the module is uio_kmod/uio_ring.ko"; \
	else \
		$(MKDIR_P) "$$dir" && \
		$(INSTALL_DATA) uio_kmod/uio_ring.ko "$$dir/uio_ring.ko" && \
		echo "install-kmod: $$dir/uio_ring.ko" && \
		if test $$sys = 1; then $(KMOD_DEPMOD); fi; \
	fi

uninstall-local: uninstall-kmod
uninstall-kmod:
	@dir='$(kmoddir)'; \
	case $$dir in /lib/modules/$(KERNEL_RELEASE)/*) sys=1 ;; *) sys=0 ;; esac; \
	if test -z "$(DESTDIR)" && test "$$dir" != no && test -f "$$dir/uio_ring.ko"; then \
		rm -f "$$dir/uio_ring.ko" && \
		if test $$sys = 1; then $(KMOD_DEPMOD); fi; \
	fi
endif
# Not this system's module tree: distcheck installs and uninstalls it too.
AM_DISTCHECK_CONFIGURE_FLAGS += --with-kmoddir='$${prefix}/lib/modules/extra'
EXTRA_DIST += uio_kmod/dkms.conf.in

# make install-dkms: the module's sources as DKMS wants them (see
# uio_kmod/dkms.conf), in $(DESTDIR)$(dkmssrcdir); then dkms add/install.
dkmssrcdir = /usr/src/$(PACKAGE_TARNAME)-$(PACKAGE_VERSION)
DKMS_FILES = $(KMOD_FILES) include/uio-ring/abi.h
install-dkms: uio_kmod/dkms.conf
	@for f in $(DKMS_FILES); do \
		$(MKDIR_P) "$(DESTDIR)$(dkmssrcdir)/$${f%/*}" && \
		$(INSTALL_DATA) "$(srcdir)/$$f" "$(DESTDIR)$(dkmssrcdir)/$$f" || exit 1; \
	done
	$(INSTALL_DATA) uio_kmod/dkms.conf "$(DESTDIR)$(dkmssrcdir)/dkms.conf"
	@echo "install-dkms: $(DESTDIR)$(dkmssrcdir); next: dkms add $(PACKAGE_TARNAME)/$(PACKAGE_VERSION)"
uninstall-dkms:
	rm -f "$(DESTDIR)$(dkmssrcdir)/dkms.conf"
	@for f in $(DKMS_FILES); do rm -f "$(DESTDIR)$(dkmssrcdir)/$$f"; done
	-rmdir "$(DESTDIR)$(dkmssrcdir)/include/uio-ring" "$(DESTDIR)$(dkmssrcdir)/include" \
		"$(DESTDIR)$(dkmssrcdir)/uio_kmod" "$(DESTDIR)$(dkmssrcdir)"
.PHONY: clean-kmod install-kmod uninstall-kmod install-dkms uninstall-dkms
