# libuio-ring: the shared library, its public headers and pkg-config file.
lib_LTLIBRARIES += libuio-ring/libuio-ring.la
uioringincludedir = $(includedir)/uio-ring
uioringinclude_HEADERS = include/uio-ring/abi.h include/uio-ring/uio-ring.h

# Sources shared by the library and by the sanitizer builds of the tests.
LIBUIO_RING_SRC = \
	libuio-ring/internal.h \
	libuio-ring/error.c \
	libuio-ring/doorbell.c \
	libuio-ring/mapping.c \
	libuio-ring/ring.c \
	libuio-ring/producer.c \
	libuio-ring/reserved.h \
	libuio-ring/reserved.c \
	libuio-ring/sized.c \
	libuio-ring/shm.c \
	libuio-ring/device.c \
	libuio-ring/proc.c

# The library as objects to link in, for programs that run where it is not
# installed (the QEMU guest's, the benches'): built when one of them is.
EXTRA_LTLIBRARIES += libuio-ring/libuio-ring-static.la
libuio_ring_libuio_ring_static_la_SOURCES = $(LIBUIO_RING_SRC)
libuio_ring_libuio_ring_static_la_CFLAGS = $(AM_CFLAGS) $(LIBUDEV_CFLAGS)
LIBUIO_RING_STATIC = libuio-ring/libuio-ring-static.la $(LIBUDEV_LIBS)

libuio_ring_libuio_ring_la_SOURCES = $(LIBUIO_RING_SRC)
libuio_ring_libuio_ring_la_CFLAGS = $(AM_CFLAGS) -fvisibility=hidden $(LIBUDEV_CFLAGS)
libuio_ring_libuio_ring_la_LIBADD = $(LIBUDEV_LIBS)
libuio_ring_libuio_ring_la_LDFLAGS = -version-info $(LIBUIO_RING_LT_VERSION) \
	-Wl,--version-script=$(srcdir)/libuio-ring/libuio-ring.sym -Wl,--no-undefined
EXTRA_libuio_ring_libuio_ring_la_DEPENDENCIES = libuio-ring/libuio-ring.sym
EXTRA_DIST += libuio-ring/libuio-ring.sym
pkgconfig_DATA += libuio-ring/libuio-ring.pc
