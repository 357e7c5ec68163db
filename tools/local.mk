# tools: command-line programs built on libuio-ring, each in its own folder
# with its man page beside it, and what they share in tools/common/.

# Every tool is built from its own file and these, and linked with these.
tools_common_sources = tools/common/cmdline.c tools/common/cmdline.h \
	tools/common/report.c tools/common/report.h \
	tools/common/test-pattern.c tools/common/test-pattern.h \
	tools/common/exit-status.h tools/common/stop-signal.h \
	tools/common/tool-name.h
tools_common_ldadd = libuio-ring/libuio-ring.la

# uio-ring-dump: print a ring's records, its counters, or the list of rings.
bin_PROGRAMS += tools/uio-ring-dump/uio-ring-dump
tools_uio_ring_dump_uio_ring_dump_SOURCES = tools/uio-ring-dump/uio-ring-dump.c \
	$(tools_common_sources)
tools_uio_ring_dump_uio_ring_dump_LDADD = $(tools_common_ldadd)
dist_man_MANS += tools/uio-ring-dump/uio-ring-dump.1

# The tools' tests, end to end on the build host: uio-ring-dump's command
# line, which needs no ring, and shared memory rings made and filled by
# uio-ring-send, read back by uio-ring-dump.
tools_tests = tests/host/t-dump-cli.sh tests/host/t-dump-shm.sh
TESTS += $(tools_tests)
EXTRA_DIST += $(tools_tests)
