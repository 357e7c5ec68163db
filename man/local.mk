# man: the section 3 pages of libuio-ring, one per exported function (the
# pages that share a description are .so redirects), plus an overview.
# check-man.sh keeps this list, the symbol map and the header in step.
dist_man_MANS += \
	man/libuio-ring.3 \
	man/uio_ring_open.3 \
	man/uio_ring_close.3 \
	man/uio_ring_peek.3 \
	man/uio_ring_release.3 \
	man/uio_ring_consume.3 \
	man/uio_ring_iter_begin.3 \
	man/uio_ring_iter_next.3 \
	man/uio_ring_iter_end.3 \
	man/uio_ring_wait.3 \
	man/uio_ring_pwait.3 \
	man/uio_ring_fd.3 \
	man/uio_ring_arm.3 \
	man/uio_ring_ack.3 \
	man/uio_ring_get_stats.3 \
	man/uio_ring_get_info.3 \
	man/uio_ring_get_stats_sized.3 \
	man/uio_ring_get_info_sized.3 \
	man/uio_ring_list.3 \
	man/uio_ring_list_sized.3 \
	man/uio_ring_proc_decode.3 \
	man/uio_ring_strerror.3 \
	man/uio_ring_errmsg.3

# Producing from user space, and rings in shared memory.
dist_man_MANS += \
	man/uio_ring_producer_open.3 \
	man/uio_ring_producer_open_fd.3 \
	man/uio_ring_producer_close.3 \
	man/uio_ring_producer_get_info_sized.3 \
	man/uio_ring_producer_get_info.3 \
	man/uio_ring_reserve.3 \
	man/uio_ring_reserve_batch.3 \
	man/uio_ring_commit.3 \
	man/uio_ring_discard.3 \
	man/uio_ring_commit_batch.3 \
	man/uio_ring_fill_begin.3 \
	man/uio_ring_fill_next.3 \
	man/uio_ring_fill_end.3 \
	man/uio_ring_producer_space.3 \
	man/uio_ring_reserved_seq.3 \
	man/uio_ring_shm_create.3 \
	man/uio_ring_shm_unlink.3 \
	man/uio_ring_memfd_create.3 \
	man/uio_ring_open_fd.3

TESTS += man/check-man.sh
EXTRA_DIST += man/check-man.sh
