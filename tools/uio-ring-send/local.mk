# uio-ring-send: produce records into a shared memory ring or a module ring
# made for user-space producers (user_rings=), from standard input or a
# test-pattern generator. What the tools share, and their tests, are in
# tools/local.mk, included before this file.
bin_PROGRAMS += tools/uio-ring-send/uio-ring-send
tools_uio_ring_send_uio_ring_send_SOURCES = tools/uio-ring-send/uio-ring-send.c \
	$(tools_common_sources)
tools_uio_ring_send_uio_ring_send_LDADD = $(tools_common_ldadd)
dist_man_MANS += tools/uio-ring-send/uio-ring-send.1
