# tests/host: make check tests of libuio-ring that need no root and no
# kernel module: rings in a memfd with an eventfd doorbell, the user-space
# producer, and the consumer API. One program per case family (exit 0 pass,
# 1 fail, 77 skip), each built with ASan+UBSan (NAME-asan); those with
# threads also with TSan (NAME-tsan). The library is built once per
# sanitizer (libuio-ring-asan.la, libuio-ring-tsan.la) and linked into every
# test of that kind, so the sanitizers see it too. Where configure found no
# runtime for a sanitizer, the tests of that kind are not built, and make
# check counts each of them as skipped (tests/host/skip-test.sh says why).
#
# The families: layout (control area checks), records (peek, release,
# consume, discard, seq gaps), wrap (records across the end), full (drops),
# corrupt (hostile headers), spsc/mpsc (streams between threads), fork
# (a producer process), wait (sleeping and doorbells), busy (one consumer),
# proc (process event decoding), producer (threads, batches, commit
# checks), shmpath (ring files between processes, memfds over fork),
# hostile (hostile peers), truncate (ring files truncated under their
# mappings), single (UIO_RING_PRODUCER_SINGLE and reserve_batch), fill
# (uio_ring_fill_*).
#
# Run one by hand: tests/host/spsc-asan (UR_TEST_RECORDS=N changes the
# record count of spsc, mpsc and fork).

HOST_ASAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
HOST_TSAN_FLAGS = -fsanitize=thread -fno-omit-frame-pointer
HOST_ASAN_CFLAGS = $(AM_CFLAGS) $(LIBUDEV_CFLAGS) $(HOST_ASAN_FLAGS)
HOST_TSAN_CFLAGS = $(AM_CFLAGS) $(LIBUDEV_CFLAGS) $(HOST_TSAN_FLAGS)
HOST_LDADD = $(LIBUDEV_LIBS) -lpthread

# Any sanitizer report fails the test. Options set by the caller come
# last, so they can add to (or, to debug, override) these.
AM_TESTS_ENVIRONMENT = \
	ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:exitcode=1$${ASAN_OPTIONS:+:$$ASAN_OPTIONS}"; \
	UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1$${UBSAN_OPTIONS:+:$$UBSAN_OPTIONS}"; \
	TSAN_OPTIONS="halt_on_error=1:exitcode=66:second_deadlock_stack=1$${TSAN_OPTIONS:+:$$TSAN_OPTIONS}"; \
	export ASAN_OPTIONS UBSAN_OPTIONS TSAN_OPTIONS;

HOST_ASAN_TESTS = tests/host/layout-asan tests/host/records-asan tests/host/wrap-asan tests/host/full-asan tests/host/corrupt-asan tests/host/spsc-asan tests/host/mpsc-asan tests/host/fork-asan tests/host/wait-asan tests/host/busy-asan tests/host/proc-asan tests/host/producer-asan tests/host/shmpath-asan tests/host/hostile-asan tests/host/truncate-asan tests/host/single-asan tests/host/fill-asan
HOST_TSAN_TESTS = tests/host/spsc-tsan tests/host/mpsc-tsan tests/host/wait-tsan tests/host/producer-tsan tests/host/single-tsan tests/host/fill-tsan

# A test that cannot be built here: tests/host/unbuilt/NAME.skip, one
# SKIP line each, with the reason.
TEST_EXTENSIONS = .skip
SKIP_LOG_COMPILER = $(SHELL) $(srcdir)/tests/host/skip-test.sh
EXTRA_DIST += tests/host/skip-test.sh
%.skip:
	@$(MKDIR_P) $(@D)
	@echo "$(@F:.skip=) needs the $(if $(findstring -tsan,$@),ThreadSanitizer runtime (Debian: libtsan2),AddressSanitizer and UBSan runtimes (Debian: libasan8 and libubsan1)), which configure did not find" >$@
HOST_ASAN_UNBUILT = tests/host/unbuilt/layout-asan.skip tests/host/unbuilt/records-asan.skip tests/host/unbuilt/wrap-asan.skip tests/host/unbuilt/full-asan.skip tests/host/unbuilt/corrupt-asan.skip tests/host/unbuilt/spsc-asan.skip tests/host/unbuilt/mpsc-asan.skip tests/host/unbuilt/fork-asan.skip tests/host/unbuilt/wait-asan.skip tests/host/unbuilt/busy-asan.skip tests/host/unbuilt/proc-asan.skip tests/host/unbuilt/producer-asan.skip tests/host/unbuilt/shmpath-asan.skip tests/host/unbuilt/hostile-asan.skip tests/host/unbuilt/truncate-asan.skip tests/host/unbuilt/single-asan.skip tests/host/unbuilt/fill-asan.skip tests/host/unbuilt/fuzz-replay-asan.skip
HOST_TSAN_UNBUILT = tests/host/unbuilt/spsc-tsan.skip tests/host/unbuilt/mpsc-tsan.skip tests/host/unbuilt/wait-tsan.skip tests/host/unbuilt/producer-tsan.skip tests/host/unbuilt/single-tsan.skip tests/host/unbuilt/fill-tsan.skip
CLEANFILES += $(HOST_ASAN_UNBUILT) $(HOST_TSAN_UNBUILT)

if HAVE_ASAN
check_LTLIBRARIES += libuio-ring/libuio-ring-asan.la
libuio_ring_libuio_ring_asan_la_SOURCES = $(LIBUIO_RING_SRC)
libuio_ring_libuio_ring_asan_la_CFLAGS = $(HOST_ASAN_CFLAGS)
HOST_ASAN_LDADD = libuio-ring/libuio-ring-asan.la $(HOST_LDADD)
check_PROGRAMS += $(HOST_ASAN_TESTS)
TESTS += $(HOST_ASAN_TESTS)
else
TESTS += $(HOST_ASAN_UNBUILT)
endif

if HAVE_TSAN
check_LTLIBRARIES += libuio-ring/libuio-ring-tsan.la
libuio_ring_libuio_ring_tsan_la_SOURCES = $(LIBUIO_RING_SRC)
libuio_ring_libuio_ring_tsan_la_CFLAGS = $(HOST_TSAN_CFLAGS)
HOST_TSAN_LDADD = libuio-ring/libuio-ring-tsan.la $(HOST_LDADD)
check_PROGRAMS += $(HOST_TSAN_TESTS)
TESTS += $(HOST_TSAN_TESTS)
else
TESTS += $(HOST_TSAN_UNBUILT)
endif

# Each test: its source, its flags, the library of its kind (automake
# wants them spelled out per program).

tests_host_layout_asan_SOURCES = tests/host/layout.c tests/host/test.h
tests_host_layout_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_layout_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_layout_asan_LDADD = $(HOST_ASAN_LDADD)

tests_host_records_asan_SOURCES = tests/host/records.c tests/host/test.h
tests_host_records_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_records_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_records_asan_LDADD = $(HOST_ASAN_LDADD)

tests_host_wrap_asan_SOURCES = tests/host/wrap.c tests/host/test.h
tests_host_wrap_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_wrap_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_wrap_asan_LDADD = $(HOST_ASAN_LDADD)

tests_host_full_asan_SOURCES = tests/host/full.c tests/host/test.h
tests_host_full_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_full_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_full_asan_LDADD = $(HOST_ASAN_LDADD)

tests_host_corrupt_asan_SOURCES = tests/host/corrupt.c tests/host/test.h
tests_host_corrupt_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_corrupt_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_corrupt_asan_LDADD = $(HOST_ASAN_LDADD)

tests_host_spsc_asan_SOURCES = tests/host/spsc.c tests/host/test.h tests/host/stream.h
tests_host_spsc_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_spsc_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_spsc_asan_LDADD = $(HOST_ASAN_LDADD)

tests_host_mpsc_asan_SOURCES = tests/host/mpsc.c tests/host/test.h
tests_host_mpsc_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_mpsc_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_mpsc_asan_LDADD = $(HOST_ASAN_LDADD)

tests_host_fork_asan_SOURCES = tests/host/fork.c tests/host/test.h tests/host/stream.h
tests_host_fork_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_fork_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_fork_asan_LDADD = $(HOST_ASAN_LDADD)

tests_host_wait_asan_SOURCES = tests/host/wait.c tests/host/test.h
tests_host_wait_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_wait_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_wait_asan_LDADD = $(HOST_ASAN_LDADD)

tests_host_busy_asan_SOURCES = tests/host/busy.c tests/host/test.h
tests_host_busy_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_busy_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_busy_asan_LDADD = $(HOST_ASAN_LDADD)

tests_host_proc_asan_SOURCES = tests/host/proc.c tests/host/test.h
tests_host_proc_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_proc_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_proc_asan_LDADD = $(HOST_ASAN_LDADD)

tests_host_producer_asan_SOURCES = tests/host/producer.c tests/host/test.h
tests_host_producer_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_producer_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_producer_asan_LDADD = $(HOST_ASAN_LDADD)

tests_host_shmpath_asan_SOURCES = tests/host/shmpath.c tests/host/test.h
tests_host_shmpath_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_shmpath_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_shmpath_asan_LDADD = $(HOST_ASAN_LDADD)

tests_host_hostile_asan_SOURCES = tests/host/hostile.c tests/host/test.h
tests_host_hostile_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_hostile_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_hostile_asan_LDADD = $(HOST_ASAN_LDADD)

tests_host_truncate_asan_SOURCES = tests/host/truncate.c tests/host/test.h
tests_host_truncate_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_truncate_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_truncate_asan_LDADD = $(HOST_ASAN_LDADD)

tests_host_single_asan_SOURCES = tests/host/single.c tests/host/test.h tests/host/stream.h
tests_host_single_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_single_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_single_asan_LDADD = $(HOST_ASAN_LDADD)

tests_host_fill_asan_SOURCES = tests/host/fill.c tests/host/test.h tests/host/stream.h
tests_host_fill_asan_CFLAGS = $(HOST_ASAN_CFLAGS)
tests_host_fill_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_host_fill_asan_LDADD = $(HOST_ASAN_LDADD)

tests_host_spsc_tsan_SOURCES = tests/host/spsc.c tests/host/test.h tests/host/stream.h
tests_host_spsc_tsan_CFLAGS = $(HOST_TSAN_CFLAGS)
tests_host_spsc_tsan_LDFLAGS = $(HOST_TSAN_FLAGS)
tests_host_spsc_tsan_LDADD = $(HOST_TSAN_LDADD)

tests_host_mpsc_tsan_SOURCES = tests/host/mpsc.c tests/host/test.h
tests_host_mpsc_tsan_CFLAGS = $(HOST_TSAN_CFLAGS)
tests_host_mpsc_tsan_LDFLAGS = $(HOST_TSAN_FLAGS)
tests_host_mpsc_tsan_LDADD = $(HOST_TSAN_LDADD)

tests_host_wait_tsan_SOURCES = tests/host/wait.c tests/host/test.h
tests_host_wait_tsan_CFLAGS = $(HOST_TSAN_CFLAGS)
tests_host_wait_tsan_LDFLAGS = $(HOST_TSAN_FLAGS)
tests_host_wait_tsan_LDADD = $(HOST_TSAN_LDADD)

tests_host_producer_tsan_SOURCES = tests/host/producer.c tests/host/test.h
tests_host_producer_tsan_CFLAGS = $(HOST_TSAN_CFLAGS)
tests_host_producer_tsan_LDFLAGS = $(HOST_TSAN_FLAGS)
tests_host_producer_tsan_LDADD = $(HOST_TSAN_LDADD)

tests_host_single_tsan_SOURCES = tests/host/single.c tests/host/test.h tests/host/stream.h
tests_host_single_tsan_CFLAGS = $(HOST_TSAN_CFLAGS)
tests_host_single_tsan_LDFLAGS = $(HOST_TSAN_FLAGS)
tests_host_single_tsan_LDADD = $(HOST_TSAN_LDADD)

tests_host_fill_tsan_SOURCES = tests/host/fill.c tests/host/test.h tests/host/stream.h
tests_host_fill_tsan_CFLAGS = $(HOST_TSAN_CFLAGS)
tests_host_fill_tsan_LDFLAGS = $(HOST_TSAN_FLAGS)
tests_host_fill_tsan_LDADD = $(HOST_TSAN_LDADD)

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
# symbols, and the _sized calls (under ASan+UBSan where there is a runtime).
check_PROGRAMS += tests/host/sized
TESTS += tests/host/sized
tests_host_sized_SOURCES = tests/host/sized.c tests/host/test.h
if HAVE_ASAN
tests_host_sized_CFLAGS = $(AM_CFLAGS) $(HOST_ASAN_FLAGS)
tests_host_sized_LDFLAGS = $(HOST_ASAN_FLAGS)
endif
tests_host_sized_LDADD = libuio-ring/libuio-ring.la
