# bench/peers.mk, included by bench/local.mk: the peers part of `make bench`,
# libuio-ring against DPDK's rte_ring, Boost.Lockfree's spsc_queue, a pipe
# and memcpy, side by side in one run (bench/README.md, docs/PERFORMANCE.md).
#
#   make bench                         the peers part runs after the others
#   make bench BENCH_PEER_FLAGS="--seconds 0.2 --reps 9"  options of bench/peer-bench
#   make bench BENCH_PEERS=no          without it
#   make bench-peers                   the peers part alone
#   make bench-plot                    docs/perf-user.png from its last run
#                                      (runs it first if there is none)
#
# The peers are built when configure found them (scripts/install-bench-deps);
# otherwise peer-bench prints a SKIP line for each and measures the rest.
# bench/hot-path is the one-thread record path for callgrind (and perf).
BENCH_EXES += bench/peer-bench bench/hot-path
EXTRA_PROGRAMS += bench/peer-bench bench/hot-path
bench_peer_bench_SOURCES = bench/peer-bench.c bench/peer-bench.h bench/scaffold.h \
	bench/peer-bare.c bench/peer-plain.c
bench_peer_bench_CPPFLAGS = $(AM_CPPFLAGS)
bench_peer_bench_CFLAGS = $(AM_CFLAGS) -O2 -pthread
# The installed library, as an application links it.
bench_peer_bench_LDADD = libuio-ring/libuio-ring.la -lpthread
bench_hot_path_SOURCES = bench/hot-path.c bench/scaffold.h
bench_hot_path_CFLAGS = $(AM_CFLAGS) -O2
bench_hot_path_LDADD = libuio-ring/libuio-ring.la

# Each peer in a library of its own, with its own flags (DPDK's headers
# want theirs; the Boost one is C++), so that the program links as C.
EXTRA_LIBRARIES =
if HAVE_DPDK
EXTRA_LIBRARIES += bench/libpeer-dpdk.a
bench_libpeer_dpdk_a_SOURCES = bench/peer-dpdk.c bench/peer-bench.h bench/scaffold.h
bench_libpeer_dpdk_a_CFLAGS = $(AM_CFLAGS) -O2 $(DPDK_CFLAGS)
bench_peer_bench_CPPFLAGS += -DHAVE_DPDK
bench_peer_bench_LDADD += bench/libpeer-dpdk.a $(DPDK_LIBS)
endif
if HAVE_BOOST_LOCKFREE
EXTRA_LIBRARIES += bench/libpeer-boost.a
bench_libpeer_boost_a_SOURCES = bench/peer-boost.cc bench/peer-bench.h bench/scaffold.h
bench_libpeer_boost_a_CXXFLAGS = -O2 -Wall -Wextra -Werror -Wno-unused-parameter \
	-fno-exceptions -fno-rtti
bench_peer_bench_CPPFLAGS += -DHAVE_BOOST_LOCKFREE
bench_peer_bench_LDADD += bench/libpeer-boost.a -lstdc++
endif
EXTRA_DIST += bench/peer-bench.sh bench/perf-user.gp
CLEANFILES += bench/perf-user.dat bench/perf-user.png

BENCH_PEER_FLAGS =
BENCH_PEERS = yes
GNUPLOT = gnuplot

.PHONY: bench-peers bench-plot
bench-peers: bench/peer-bench
	@GNUPLOT="$(GNUPLOT)" $(SHELL) $(srcdir)/bench/peer-bench.sh bench/peer-bench \
	  "$(BENCH_PEER_FLAGS)" $(srcdir)/bench/perf-user.gp

# The committed plot: docs/perf-user.png in the source tree.
bench-plot:
	@test -s bench/perf-user.dat || $(MAKE) $(AM_MAKEFLAGS) bench-peers
	@if ! command -v "$(GNUPLOT)" >/dev/null; then \
	  echo "bench-plot: no $(GNUPLOT) (scripts/install-bench-deps)" >&2; exit 1; fi
	$(GNUPLOT) -e "datafile='bench/perf-user.dat'; outfile='$(srcdir)/docs/perf-user.png'" \
	  $(srcdir)/bench/perf-user.gp
	@echo "bench-plot: wrote $(srcdir)/docs/perf-user.png from bench/perf-user.dat"
