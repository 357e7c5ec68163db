# uio-ring-send: produce records into a shared memory ring or a module ring
# made for user-space producers (user_rings=), from standard input or a
# test-pattern generator.
bin_PROGRAMS += tools/uio-ring-send/uio-ring-send
tools_uio_ring_send_uio_ring_send_SOURCES = tools/uio-ring-send/uio-ring-send.c \
	tools/common/exit-status.h tools/common/stop-signal.h
tools_uio_ring_send_uio_ring_send_LDADD = libuio-ring/libuio-ring.la
dist_man_MANS += tools/uio-ring-send/uio-ring-send.1

# On the build host: shared memory rings made and filled by uio-ring-send,
# read back by uio-ring-dump.
TESTS += tests/host/t-dump-shm.sh
EXTRA_DIST += tests/host/t-dump-shm.sh
