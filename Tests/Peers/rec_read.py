"""An independent reader of trainspotter raw recordings, written from docs/recording-format.md.

usage: rec_read.py PATH        (a recording directory or one seg-NNNNN.tsr file)

Prints one JSON line per complete record: {"segment", "offset", "train_id", "received_ns",
"flags", "frames": [sha256 hex, ...], "sizes": [...]}, then {"summary": {...}}.
Records are verified with XXH64 (implemented below, pure Python); a torn or damaged tail
ends the segment. Pure Python hashing is slow: use it on small recordings.
"""
import glob
import hashlib
import json
import os
import struct
import sys

M = 0xFFFFFFFFFFFFFFFF
P1, P2, P3, P4, P5 = (0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                      0x85EBCA77C2B2AE63, 0x27D4EB2F165667C5)


def _rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & M


def _round(acc, lane):
    return (_rotl((acc + lane * P2) & M, 31) * P1) & M


def _merge(acc, v):
    return (((acc ^ _round(0, v)) * P1) + P4) & M


def xxh64(data, seed=0):
    n = len(data)
    i = 0
    if n >= 32:
        v = [(seed + P1 + P2) & M, (seed + P2) & M, seed, (seed - P1) & M]
        lanes = struct.unpack_from('<%dQ' % ((n // 32) * 4), data, 0)
        for k in range(0, len(lanes), 4):
            v[0] = _round(v[0], lanes[k]); v[1] = _round(v[1], lanes[k + 1])
            v[2] = _round(v[2], lanes[k + 2]); v[3] = _round(v[3], lanes[k + 3])
        i = (n // 32) * 32
        h = (_rotl(v[0], 1) + _rotl(v[1], 7) + _rotl(v[2], 12) + _rotl(v[3], 18)) & M
        for x in v:
            h = _merge(h, x)
    else:
        h = (seed + P5) & M
    h = (h + n) & M
    while i + 8 <= n:
        (k,) = struct.unpack_from('<Q', data, i)
        h = ((_rotl(h ^ _round(0, k), 27) * P1) + P4) & M
        i += 8
    if i + 4 <= n:
        (k,) = struct.unpack_from('<I', data, i)
        h = ((_rotl(h ^ ((k * P1) & M), 23) * P2) + P3) & M
        i += 4
    while i < n:
        h = (_rotl(h ^ ((data[i] * P5) & M), 11) * P1) & M
        i += 1
    h ^= h >> 33; h = (h * P2) & M
    h ^= h >> 29; h = (h * P3) & M
    h ^= h >> 32
    return h


def align8(n):
    return (n + 7) & ~7


def read_segment(path, out):
    data = open(path, 'rb').read()
    assert data[:8] == b'\x89TSR\r\n\x1a\n', 'not a segment'
    major, minor, number, created = struct.unpack_from('<HHIq', data, 8)
    assert major == 1, 'unsupported version'
    (json_len,) = struct.unpack_from('<I', data, 40)
    (check,) = struct.unpack_from('<Q', data, 48)
    assert xxh64(data[:48] + data[64:64 + json_len]) == check, 'segment header checksum'
    description = json.loads(data[64:64 + json_len])
    off = 64 + align8(json_len)
    records = 0
    while off + 40 <= len(data):
        magic, nframes, body, tid, recv, flags, hcheck = struct.unpack_from('<4sIQQqII', data, off)
        if magic != b'TSRc' or xxh64(data[off:off + 36]) & 0xFFFFFFFF != hcheck:
            break
        end = off + 40 + body + 16
        if end > len(data):
            break
        checksum, length = struct.unpack_from('<QQ', data, end - 16)
        if length != end - off or xxh64(data[off:end - 16]) != checksum:
            break
        sizes = struct.unpack_from('<%dQ' % nframes, data, off + 40)
        pos = off + 40 + 8 * nframes
        frames = []
        for size in sizes:
            frames.append(hashlib.sha256(data[pos:pos + size]).hexdigest())
            pos += align8(size)
        out.append({'segment': number, 'offset': off, 'train_id': tid if flags & 1 else None,
                    'received_ns': recv, 'flags': flags, 'frames': frames, 'sizes': list(sizes)})
        records += 1
        off = end
    return {'path': path, 'number': number, 'records': records, 'ignored_bytes': len(data) - off,
            'description': description}


path = sys.argv[1]
files = sorted(glob.glob(os.path.join(path, '*.tsr'))) if os.path.isdir(path) else [path]
records, segments = [], []
for f in files:
    segments.append(read_segment(f, records))
for r in records:
    print(json.dumps(r))
print(json.dumps({'summary': {'records': len(records), 'segments': segments}}))
