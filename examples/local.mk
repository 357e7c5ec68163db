# examples: small, commented programs that use libuio-ring the way an
# application would. Built by make check (not installed), so they keep
# compiling as the library changes; see examples/README.md.

# proc-table: a live process table from the ring's process events, in an
# epoll loop with a signalfd and a timerfd.
check_PROGRAMS += examples/proc-table
examples_proc_table_SOURCES = examples/proc-table.c
examples_proc_table_LDADD = libuio-ring/libuio-ring.la
EXTRA_DIST += examples/README.md

# The same program as a plain executable with the library compiled in, for
# the QEMU guest: tests/vm/run copies the programs of tests/vm/guest/ into
# the guest's /tests/bin (used by tests/vm/tests/t-31-proc-table.sh).
VM_GUEST_EXES += tests/vm/guest/proc-table
tests_vm_guest_proc_table_SOURCES = examples/proc-table.c
tests_vm_guest_proc_table_LDADD = $(LIBUIO_RING_STATIC)

# producer and consumer: two processes on a shared memory ring by path, no
# module needed; the consumer in an epoll loop. tests/host/t-examples-installed.sh
# builds them against an installed copy and runs the pair.
check_PROGRAMS += examples/producer examples/consumer
examples_producer_SOURCES = examples/producer.c
examples_producer_LDADD = libuio-ring/libuio-ring.la
examples_consumer_SOURCES = examples/consumer.c
examples_consumer_LDADD = libuio-ring/libuio-ring.la
