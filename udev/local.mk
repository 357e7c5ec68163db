# udev: rules that give each ring /dev/uio-ring/NAME, the ring group and mode
# 0660; auto-attach of uio-ring-dump through a systemd template unit, or
# without systemd through a RUN helper; the sysusers.d file for the group.
# The .in files are filled in at make time, so that ${prefix}-style
# directories come out expanded.
UDEV_GENERATED = \
	udev/70-uio-ring.rules \
	udev/79-uio-ring-attach.rules \
	udev/uio-ring-attach \
	udev/uio-ring-dump@.service \
	udev/uio-ring.conf
EXTRA_DIST += $(UDEV_GENERATED:=.in)
CLEANFILES += $(UDEV_GENERATED)

udev_edit = $(SED) \
	-e 's|@bindir[@]|$(bindir)|g' \
	-e 's|@libexecdir[@]|$(libexecdir)|g' \
	-e 's|@RING_GROUP[@]|$(RING_GROUP)|g' \
	-e 's|@ATTACH_USER[@]|$(ATTACH_USER)|g' \
	-e 's|@PACKAGE_VERSION[@]|$(PACKAGE_VERSION)|g'

$(UDEV_GENERATED): %: %.in Makefile
	$(AM_V_GEN)$(MKDIR_P) udev && rm -f $@ $@.tmp && \
	$(udev_edit) $(srcdir)/$@.in >$@.tmp && \
	if grep -n '@[A-Za-z_]*@' $@.tmp; then \
		echo "$@: unreplaced @VARIABLE@ above" >&2; rm -f $@.tmp; exit 1; \
	fi && \
	mv $@.tmp $@

udevrules_DATA = udev/70-uio-ring.rules udev/79-uio-ring-attach.rules
uioringlibexecdir = $(libexecdir)/uio-ring
uioringlibexec_SCRIPTS = udev/uio-ring-attach
if HAVE_SYSTEMD
systemdsystemunit_DATA = udev/uio-ring-dump@.service
endif
if HAVE_SYSUSERS
sysusers_DATA = udev/uio-ring.conf
endif

# Not the system's directories: distcheck installs and uninstalls as anyone.
AM_DISTCHECK_CONFIGURE_FLAGS += \
	--with-udevrulesdir='$${prefix}/lib/udev/rules.d' \
	--with-systemdsystemunitdir='$${prefix}/lib/systemd/system' \
	--with-sysusersdir='$${prefix}/lib/sysusers.d'
