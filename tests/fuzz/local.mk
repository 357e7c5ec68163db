# tests/fuzz: a libFuzzer target for the consumer (fuzz-consumer.c), built
# with $(CLANG) -fsanitize=fuzzer,address,undefined when configure found
# clang, and run by make check for FUZZ_TIME seconds (default 20) through
# run-fuzz.sh, which skips loudly without clang. The same source builds
# with $(CC) as a replay driver over the seed corpus (fuzz-replay-asan),
# which runs everywhere. tests/fuzz/gen-corpus.py rewrites the seeds.
#
# Fuzz longer by hand:  make tests/fuzz/fuzz-consumer && \
#   tests/fuzz/fuzz-consumer -max_total_time=600 $(srcdir)/tests/fuzz/corpus

FUZZ_SRC = tests/fuzz/fuzz-consumer.c $(filter %.c,$(LIBUIO_RING_SRC))
FUZZ_CLANG_FLAGS = -g -O1 -std=gnu11 -Wall -Wextra -Wno-unused-parameter \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer

EXTRA_DIST += \
	tests/fuzz/fuzz-consumer.c \
	tests/fuzz/run-fuzz.sh \
	tests/fuzz/gen-corpus.py \
	tests/fuzz/corpus
CLEANFILES += tests/fuzz/fuzz-consumer tests/fuzz/crash-* tests/fuzz/leak-* \
	tests/fuzz/timeout-* tests/fuzz/oom-* tests/fuzz/slow-unit-*

AM_TESTS_ENVIRONMENT += CLANG='$(CLANG)'; export CLANG;
TESTS += tests/fuzz/run-fuzz.sh

# The replay driver: the target's code under ASan+UBSan with gcc (without
# an ASan runtime, tests/host/local.mk counts it as skipped).
if HAVE_ASAN
check_PROGRAMS += tests/fuzz/fuzz-replay-asan
TESTS += tests/fuzz/fuzz-replay-asan
tests_fuzz_fuzz_replay_asan_SOURCES = tests/fuzz/fuzz-consumer.c
tests_fuzz_fuzz_replay_asan_CPPFLAGS = $(AM_CPPFLAGS) -DUR_FUZZ_REPLAY
tests_fuzz_fuzz_replay_asan_CFLAGS = $(HOST_ASAN_CFLAGS) -Wno-missing-prototypes
tests_fuzz_fuzz_replay_asan_LDFLAGS = $(HOST_ASAN_FLAGS)
tests_fuzz_fuzz_replay_asan_LDADD = $(HOST_ASAN_LDADD)
endif

if HAVE_CLANG
check_SCRIPTS = tests/fuzz/fuzz-consumer
tests/fuzz/fuzz-consumer: $(FUZZ_SRC) $(LIBUIO_RING_SRC) $(top_srcdir)/include/uio-ring/abi.h \
		$(top_srcdir)/include/uio-ring/uio-ring.h
	@$(MKDIR_P) tests/fuzz
	$(AM_V_CCLD)$(CLANG) $(FUZZ_CLANG_FLAGS) $(AM_CPPFLAGS) $(LIBUDEV_CFLAGS) \
		-o $@ $(addprefix $(srcdir)/,$(FUZZ_SRC)) $(LIBUDEV_LIBS)
endif
