# tools: command-line programs built on libuio-ring, each in its own folder
# with its man page beside it.

# uio-ring-dump: print a ring's records, its counters, or the list of rings.
bin_PROGRAMS += tools/uio-ring-dump/uio-ring-dump
tools_uio_ring_dump_uio_ring_dump_SOURCES = tools/uio-ring-dump/uio-ring-dump.c \
	tools/common/exit-status.h tools/common/stop-signal.h
tools_uio_ring_dump_uio_ring_dump_LDADD = libuio-ring/libuio-ring.la
dist_man_MANS += tools/uio-ring-dump/uio-ring-dump.1

# Its command-line test needs no ring, so it runs on the build host.
TESTS += tests/host/t-dump-cli.sh
EXTRA_DIST += tests/host/t-dump-cli.sh
