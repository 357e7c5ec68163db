# tests/host: make check tests of libuio-ring that need no root and no
# kernel module: rings in a memfd with an eventfd doorbell, the user-space
# producer, and the consumer API. One program per case family (exit 0 pass,
# 1 fail, 77 skip). Each is built with ASan+UBSan; those with threads also
# with TSan. The library sources are compiled into every test with the
# sanitizer flags (not linked from the .la), so the sanitizers see them too.
#
# Run one by hand: tests/host/spsc-asan (UR_TEST_RECORDS=N changes the
# record count of spsc, mpsc and fork).

HOST_ASAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
HOST_TSAN_FLAGS = -fsanitize=thread -fno-omit-frame-pointer
HOST_ASAN_CFLAGS = $(AM_CFLAGS) $(LIBUDEV_CFLAGS) $(HOST_ASAN_FLAGS)
HOST_TSAN_CFLAGS = $(AM_CFLAGS) $(LIBUDEV_CFLAGS) $(HOST_TSAN_FLAGS)
HOST_LDADD = $(LIBUDEV_LIBS) -lpthread
HOST_COMMON = tests/host/test.h $(LIBUIO_RING_SRC)

# Any sanitizer report fails the test. Options set by the caller come
# last, so they can add to (or, to debug, override) these.
AM_TESTS_ENVIRONMENT = \
	ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:exitcode=1$${ASAN_OPTIONS:+:$$ASAN_OPTIONS}"; \
	UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1$${UBSAN_OPTIONS:+:$$UBSAN_OPTIONS}"; \
	TSAN_OPTIONS="halt_on_error=1:exitcode=66:second_deadlock_stack=1$${TSAN_OPTIONS:+:$$TSAN_OPTIONS}"; \
	export ASAN_OPTIONS UBSAN_OPTIONS TSAN_OPTIONS;

HOST_TESTS = \
	tests/host/layout-asan \
	tests/host/records-asan \
	tests/host/wrap-asan \
	tests/host/full-asan \
	tests/host/corrupt-asan \
	tests/host/spsc-asan \
	tests/host/mpsc-asan \
	tests/host/fork-asan \
	tests/host/wait-asan \
	tests/host/busy-asan \
	tests/host/proc-asan \
	tests/host/spsc-tsan \
	tests/host/mpsc-tsan \
	tests/host/wait-tsan
check_PROGRAMS += $(HOST_TESTS)
TESTS += $(HOST_TESTS)

tests_host_layout_asan_SOURCES = tests/host/layout.c $(HOST_COMMON)
tests_host_layout_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_layout_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_layout_asan_LDADD = $(HOST_LDADD)

tests_host_records_asan_SOURCES = tests/host/records.c $(HOST_COMMON)
tests_host_records_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_records_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_records_asan_LDADD = $(HOST_LDADD)

tests_host_wrap_asan_SOURCES = tests/host/wrap.c $(HOST_COMMON)
tests_host_wrap_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_wrap_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_wrap_asan_LDADD = $(HOST_LDADD)

tests_host_full_asan_SOURCES = tests/host/full.c $(HOST_COMMON)
tests_host_full_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_full_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_full_asan_LDADD = $(HOST_LDADD)

tests_host_corrupt_asan_SOURCES = tests/host/corrupt.c $(HOST_COMMON)
tests_host_corrupt_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_corrupt_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_corrupt_asan_LDADD = $(HOST_LDADD)

tests_host_spsc_asan_SOURCES = tests/host/spsc.c tests/host/stream.h $(HOST_COMMON)
tests_host_spsc_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_spsc_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_spsc_asan_LDADD = $(HOST_LDADD)

tests_host_mpsc_asan_SOURCES = tests/host/mpsc.c $(HOST_COMMON)
tests_host_mpsc_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_mpsc_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_mpsc_asan_LDADD = $(HOST_LDADD)

tests_host_fork_asan_SOURCES = tests/host/fork.c tests/host/stream.h $(HOST_COMMON)
tests_host_fork_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_fork_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_fork_asan_LDADD = $(HOST_LDADD)

tests_host_wait_asan_SOURCES = tests/host/wait.c $(HOST_COMMON)
tests_host_wait_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_wait_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_wait_asan_LDADD = $(HOST_LDADD)

tests_host_busy_asan_SOURCES = tests/host/busy.c $(HOST_COMMON)
tests_host_busy_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_busy_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_busy_asan_LDADD = $(HOST_LDADD)

tests_host_proc_asan_SOURCES = tests/host/proc.c $(HOST_COMMON)
tests_host_proc_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_proc_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_proc_asan_LDADD = $(HOST_LDADD)

tests_host_spsc_tsan_SOURCES = tests/host/spsc.c tests/host/stream.h $(HOST_COMMON)
tests_host_spsc_tsan_CFLAGS = $(HOST_TSAN_CFLAGS)
tests_host_spsc_tsan_LDFLAGS = $(HOST_TSAN_FLAGS)
tests_host_spsc_tsan_LDADD = $(HOST_LDADD)

tests_host_mpsc_tsan_SOURCES = tests/host/mpsc.c $(HOST_COMMON)
tests_host_mpsc_tsan_CFLAGS = $(HOST_TSAN_CFLAGS)
tests_host_mpsc_tsan_LDFLAGS = $(HOST_TSAN_FLAGS)
tests_host_mpsc_tsan_LDADD = $(HOST_LDADD)

tests_host_wait_tsan_SOURCES = tests/host/wait.c $(HOST_COMMON)
tests_host_wait_tsan_CFLAGS = $(HOST_TSAN_CFLAGS)
tests_host_wait_tsan_LDFLAGS = $(HOST_TSAN_FLAGS)
tests_host_wait_tsan_LDADD = $(HOST_LDADD)

# User-space producers and shared memory rings through the public API:
# threads and batches (producer), rings by path between processes and memfd
# rings over fork (shmpath), hostile peers (hostile), ring files truncated
# under their mappings (truncate).
HOST_PRODUCER_TESTS = \
	tests/host/producer-asan \
	tests/host/producer-tsan \
	tests/host/shmpath-asan \
	tests/host/hostile-asan \
	tests/host/truncate-asan
check_PROGRAMS += $(HOST_PRODUCER_TESTS)
TESTS += $(HOST_PRODUCER_TESTS)

tests_host_producer_asan_SOURCES = tests/host/producer.c $(HOST_COMMON)
tests_host_producer_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_producer_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_producer_asan_LDADD = $(HOST_LDADD)

tests_host_producer_tsan_SOURCES = tests/host/producer.c $(HOST_COMMON)
tests_host_producer_tsan_CFLAGS = $(HOST_TSAN_CFLAGS)
tests_host_producer_tsan_LDFLAGS = $(HOST_TSAN_FLAGS)
tests_host_producer_tsan_LDADD = $(HOST_LDADD)

tests_host_shmpath_asan_SOURCES = tests/host/shmpath.c $(HOST_COMMON)
tests_host_shmpath_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_shmpath_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_shmpath_asan_LDADD = $(HOST_LDADD)

tests_host_hostile_asan_SOURCES = tests/host/hostile.c $(HOST_COMMON)
tests_host_hostile_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_hostile_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_hostile_asan_LDADD = $(HOST_LDADD)

tests_host_truncate_asan_SOURCES = tests/host/truncate.c $(HOST_COMMON)
tests_host_truncate_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_truncate_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_truncate_asan_LDADD = $(HOST_LDADD)

# The examples, built and run against an installed copy (make install
# DESTDIR=...) with nothing but pkg-config's flags.
TESTS += tests/host/t-examples-installed.sh
EXTRA_DIST += tests/host/t-examples-installed.sh

# The module's kernel version switches all live in uio_kmod/compat.h.
TESTS += tests/host/t-kmod-compat.sh
EXTRA_DIST += tests/host/t-kmod-compat.sh

# The guest harness's list of kernel log problems catches every checker's
# report (tests/vm/kernel-log-problems).
TESTS += tests/host/t-kernel-log-problems.sh
EXTRA_DIST += tests/host/t-kernel-log-problems.sh

# UIO_RING_PRODUCER_SINGLE (publication at commit) and uio_ring_reserve_batch,
# with streams between two threads: also built with TSan.
check_PROGRAMS += tests/host/single-asan tests/host/single-tsan
TESTS += tests/host/single-asan tests/host/single-tsan
tests_host_single_asan_SOURCES = tests/host/single.c tests/host/stream.h $(HOST_COMMON)
tests_host_single_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_single_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_single_asan_LDADD = $(HOST_LDADD)
tests_host_single_tsan_SOURCES = tests/host/single.c tests/host/stream.h $(HOST_COMMON)
tests_host_single_tsan_CFLAGS = $(HOST_TSAN_CFLAGS)
tests_host_single_tsan_LDFLAGS = $(HOST_TSAN_FLAGS)
tests_host_single_tsan_LDADD = $(HOST_LDADD)

# uio_ring_fill_begin/_next/_end on both kinds of handle, with a stream
# between two threads: also built with TSan.
check_PROGRAMS += tests/host/fill-asan tests/host/fill-tsan
TESTS += tests/host/fill-asan tests/host/fill-tsan
tests_host_fill_asan_SOURCES = tests/host/fill.c tests/host/stream.h $(HOST_COMMON)
tests_host_fill_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_fill_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_fill_asan_LDADD = $(HOST_LDADD)
tests_host_fill_tsan_SOURCES = tests/host/fill.c tests/host/stream.h $(HOST_COMMON)
tests_host_fill_tsan_CFLAGS = $(HOST_TSAN_CFLAGS)
tests_host_fill_tsan_LDFLAGS = $(HOST_TSAN_FLAGS)
tests_host_fill_tsan_LDADD = $(HOST_LDADD)

# The public header compiled as C++ and as strict ISO C11, its inline
# functions used there (tests/host/header-use.c, both times).
check_PROGRAMS += tests/host/cxx tests/host/strict-c
TESTS += tests/host/cxx tests/host/strict-c
tests_host_cxx_SOURCES = tests/host/cxx.cc
tests_host_cxx_CXXFLAGS = -Wall -Wextra -Werror
tests_host_cxx_LDADD = libuio-ring/libuio-ring.la
tests_host_strict_c_SOURCES = tests/host/header-use.c
tests_host_strict_c_CPPFLAGS = -I$(top_srcdir)/include
tests_host_strict_c_CFLAGS = -std=c11 -pedantic -Wall -Wextra -Werror
tests_host_strict_c_LDADD = libuio-ring/libuio-ring.la

# The structs that grow, against the shipped shared library: its 0.1
# symbols, and the _sized calls.
check_PROGRAMS += tests/host/sized
TESTS += tests/host/sized
tests_host_sized_SOURCES = tests/host/sized.c tests/host/test.h
tests_host_sized_CFLAGS = $(AM_CFLAGS) $(HOST_ASAN_FLAGS)
tests_host_sized_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_sized_LDADD = libuio-ring/libuio-ring.la
