#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the seed corpus of fuzz-consumer (see the input layout there).

Run from anywhere: python3 tests/fuzz/gen-corpus.py; it rewrites
tests/fuzz/corpus/seed-*. The seeds are committed, so building and
`make check` need no Python.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus")
MAGIC = 0x524F4955
BUSY, DISCARD = 1 << 31, 1 << 30
PAGE = 4096


def rec_size(n):
    return (16 + n + 7) & ~7


def record(length, seq, typ=1, flags=0, bits=0):
    payload = bytes((seq + i) & 0xFF for i in range(length))
    raw = struct.pack("<IHHQ", length | bits, typ, flags, seq) + payload
    return raw + b"\0" * (rec_size(length) - len(raw))


def raw_record(typ, payload, seq, flags=0, bits=0):
    raw = struct.pack("<IHHQ", len(payload) | bits, typ, flags, seq) + payload
    return raw + b"\0" * (rec_size(len(payload)) - len(raw))


# Process events (abi.h): struct uio_ring_proc, then the type's fields.
FORK, EXEC, EXIT = 2, 3, 4
TRUNCATED, GROUP_DEAD = 1, 2


def proc_head(pid, tgid=None, ppid=1, ts=1000000000, cpu=0, uid=0, gid=0):
    return struct.pack("<QIIIIII", ts, cpu, pid, pid if tgid is None else tgid,
                       ppid, uid, gid)


def fork_rec(seq, pid, child, child_tgid=None):
    return raw_record(FORK, proc_head(pid) + struct.pack(
        "<II", child, child if child_tgid is None else child_tgid), seq)


def exec_rec(seq, pid, filename, comm=b"x", filename_len=None, flags=0):
    n = len(filename) if filename_len is None else filename_len
    comm = (comm + b"\0" * 16)[:16]
    return raw_record(EXEC, proc_head(pid) + struct.pack("<II16s", pid, n, comm) +
                      filename, seq, flags)


def exit_rec(seq, pid, code, signal=17, flags=GROUP_DEAD, extra=b""):
    return raw_record(EXIT, proc_head(pid) + struct.pack("<II", code, signal) + extra,
                      seq, flags)


def ctrl(data_size, max_payload=None, magic=MAGIC, major=1, name=b"fuzz"):
    if max_payload is None:
        max_payload = data_size - 16
    c = struct.pack("<IHHIIQII32s", magic, major, 0, 320, 0, data_size,
                    max_payload, PAGE, name)
    return c + b"\0" * (320 - len(c))


def seed(flags=0, shift=0, maxrec=16, major=0, max_payload=0, prod=0, cons=0,
         ops=b"\0", verbatim=None, data=b""):
    hdr = struct.pack("<BBBBIQQ8x", flags, shift, maxrec, major, max_payload,
                      prod, cons)
    ops = (ops + b"\0" * 32)[:32]
    return hdr + ops + (verbatim or b"") + data


def records(seq0, lens, bits=None):
    out, seq = b"", seq0
    for i, n in enumerate(lens):
        out += record(n, seq, flags=i, bits=(bits or {}).get(i, 0))
        seq += 1
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    seeds = {}
    seeds["empty"] = seed()
    d = records(0, [0, 1, 7, 8, 100, 300])
    seeds["records"] = seed(prod=len(d), data=d)
    d = records(10, [40, 90, 7, 200])
    cons = 5 * 4096 - 24
    seeds["wrap"] = seed(prod=cons + len(d), cons=cons, maxrec=2, data=d)
    d = records(3, [5, 6, 7, 8, 9, 10], bits={0: DISCARD, 2: DISCARD, 5: DISCARD})
    seeds["discards"] = seed(prod=len(d), data=d, maxrec=1)
    d = records(0, [16, 16, 16], bits={1: BUSY})
    seeds["busy"] = seed(prod=len(d), data=d, ops=bytes([2, 0, 2]))
    d = records(0, [12, 12]) + struct.pack("<IHHQ", 5000, 1, 0, 2)
    seeds["bad-len"] = seed(prod=len(d) + 16, data=d)
    d = records(7, [3, 3]) + record(3, 2)
    seeds["seq-back"] = seed(prod=len(d), data=d)
    d = records(0, [20] * 8)
    seeds["ops"] = seed(prod=len(d) - 8, data=d, maxrec=3,
                        ops=bytes([1 | (1 << 2), 3 | (17 << 2), 0, 2,
                                   3 | (15 << 2), 1 | (2 << 2), 0]))
    d = records(0, [16384 - 16])
    seeds["max-record"] = seed(shift=2, prod=len(d), data=d)
    seeds["verbatim"] = seed(flags=1, prod=48, verbatim=ctrl(4096),
                             data=records(0, [10, 9]))
    seeds["verbatim-big"] = seed(flags=1, verbatim=ctrl(1 << 30))
    seeds["bad-magic"] = seed(flags=8)
    seeds["bad-major"] = seed(major=2)
    seeds["bad-max"] = seed(max_payload=4090)
    seeds["long-file"] = seed(flags=2 | 4)
    d = records(0, [24] * 4)
    seeds["observe"] = seed(flags=4, prod=len(d), data=d, ops=bytes([2, 1 | (1 << 2), 2]))
    seeds["garbage-cons"] = seed(prod=64, cons=(1 << 64) - 8,
                                 data=records(0, [0, 0, 0, 0]))
    # Regression (found by fuzzing): an unaligned producer_pos when the
    # consumer resyncs, then the producer moves on and the consumer waits.
    seeds["regress-unaligned-resync"] = seed(prod=0x1003, cons=1,
                                             ops=bytes([3 | (20 << 2), 2, 0]))
    # Regression (found by fuzzing): seq 2^64 - 1 (discarded), then 0.
    d = record(4, 5) + record(4, (1 << 64) - 1, bits=DISCARD) + record(4, 0)
    seeds["regress-seq-wrap"] = seed(prod=len(d), data=d)
    # Process events, well formed: a fork, a thread, an exec, the longest
    # exec (truncated), exits by status and by signal.
    d = (fork_rec(0, 100, 200) + fork_rec(1, 200, 201, 200) +
         exec_rec(2, 200, b"/bin/sh\0", b"sh") +
         exec_rec(3, 200, b"a" * 255 + b"\0", b"aaaaaaaaaaaaaaa", flags=TRUNCATED) +
         exit_rec(4, 201, 0, 0, flags=0) + exit_rec(5, 200, 7 << 8) +
         exit_rec(6, 100, 9))
    seeds["proc-events"] = seed(prod=len(d), data=d, maxrec=4)
    # Process events, malformed, between test records: wrong lengths,
    # filename_len 0 / too long / not the record's, no NUL, NUL early, comm
    # without NUL.
    d = (record(8, 0) + raw_record(FORK, proc_head(1) + b"\0" * 4, 1) +
         exit_rec(2, 5, 0, extra=b"\0") +
         exec_rec(3, 6, b"\0", filename_len=0) +
         exec_rec(4, 7, b"b" * 256 + b"\0") +
         exec_rec(5, 8, b"/bin/ls\0", filename_len=7) +
         exec_rec(6, 9, b"/bin/lsX") +
         exec_rec(7, 10, b"/b\0n/ls\0") +
         exec_rec(8, 11, b"/bin/ls\0", comm=b"c" * 16) +
         record(8, 9))
    seeds["proc-malformed"] = seed(prod=len(d), data=d, maxrec=3)
    for name, blob in seeds.items():
        with open(os.path.join(OUT, "seed-" + name), "wb") as f:
            f.write(blob)


if __name__ == "__main__":
    main()
