#!/usr/bin/env python3
"""(Re)makes the malformed-message corpus beside this script, and optionally fuzz seeds.

    python3 make_corpus.py                       # writes *.frames and expected.tsv here
    python3 make_corpus.py --fuzz-seeds DIR --vectors ../shared/vectors
                                                 # instead writes libFuzzer seeds to DIR

Each case is one multipart message, stored as NAME.frames in the container format of
../shared/vectors: one msgpack array whose element i is a bin holding the bytes of frame i
(so `90` is the zero-frame message). expected.tsv has one line per case,
`NAME<TAB>exact text of the error`, i.e. `BridgeDecodeError.description` as the decoder
must report it. Only msgpack (pip package) is needed; numpy too for --fuzz-seeds.
"""
import argparse
import os
import sys

import msgpack

HERE = os.path.dirname(os.path.abspath(__file__))


def pack(value):
    return msgpack.packb(value, use_bin_type=True)


G = pack({"source": "S", "content": "msgpack", "metadata": {"timestamp.tid": 42}})
E = pack({})
U16 = b"\x01\x00\x02\x00"  # uint16 [1, 2]


def array_header(**changes):
    fields = {"source": "S", "content": "array", "path": "a", "dtype": "uint16", "shape": [2]}
    for key, value in changes.items():
        if value is None:
            fields.pop(key)
        else:
            fields[key] = value
    return pack(fields)


def with_array(header, payload=U16):
    return [G, E, header, payload]


def numpy_v1(**changes):
    """A 1.0 message whose source 'S' holds one msgpack-numpy array 'a' (bin keys)."""
    fields = {b"nd": True, b"type": "<u2", b"kind": b"", b"shape": [2], b"data": U16}
    fields.update({key.encode(): value for key, value in changes.items()})
    return [pack({"S": {"a": fields}})]


def arr(msg):
    return f"frame 3: array 'a' of source 'S': {msg}"


INVALID = "frame {}: invalid msgpack: msgpack: {}"
TRUNCATED = "input ends inside a value (truncated message)"
T40 = 1 << 40

# (name, frames, exact error)
CASES = [
    ("no_frames", [], "message has no frames"),
    ("odd_frame_count", [G, E, G], "message has 3 frames; protocol 2.2 needs header/payload pairs (an even count)"),
    ("error_reply", [b"Error: bad request hello"], "server replied with an error: Error: bad request hello"),
    ("empty_header_frame", [b"", E], INVALID.format(0, "empty input")),
    ("truncated_header", [G[:-3], E], INVALID.format(0, TRUNCATED)),
    ("truncated_payload", [G, pack({"x": 1.5})[:-4]], INVALID.format(1, TRUNCATED)),
    ("truncated_array_header", [G, E, array_header()[:-2], U16], INVALID.format(2, TRUNCATED)),
    ("huge_str_length", [G, b"\x81\xa1x\xdb\xff\xff\xff\xff"], INVALID.format(1, TRUNCATED)),
    ("trailing_garbage_header", [G + b"\xc0", E], INVALID.format(0, "1 unexpected byte(s) after the value")),
    ("trailing_garbage_payload", [G, E + b"garbage"], INVALID.format(1, "7 unexpected byte(s) after the value")),
    ("invalid_type_byte", [G, b"\x81\xa1x\xc1"], INVALID.format(1, "invalid byte at offset 3")),
    ("huge_map_count", [b"\xdf\xff\xff\xff\xff", E],
     INVALID.format(0, "too large: map of 4294967295 entries at offset 0 cannot fit in the 0 bytes that remain")),
    ("huge_array_count", [G, b"\x81\xa1x\xdd\x7f\xff\xff\xff\x01"],
     INVALID.format(1, "too large: array of 2147483647 elements at offset 3 cannot fit in the 1 bytes that remain")),
    ("header_not_map", [pack([]), E], "frame 0: header is a msgpack array, not a map"),
    ("header_is_text", [b"hello", E], INVALID.format(0, "4 unexpected byte(s) after the value")),
    ("source_missing", [pack({"content": "msgpack"}), E], "frame 0: header has no 'source'"),
    ("source_mistyped", [pack({"source": 1, "content": "msgpack"}), E], "frame 0: header 'source' is msgpack uint, expected str"),
    ("content_missing", [pack({"source": "S"}), E], "frame 0: header has no 'content'"),
    ("content_mistyped", [pack({"source": "S", "content": b"msgpack"}), E],
     "frame 0: header 'content' is msgpack bin, expected str"),
    ("content_unknown", [pack({"source": "S", "content": "pickle.HIGHEST_PROTOCOL"}), E],
     "frame 0: unknown content 'pickle.HIGHEST_PROTOCOL'"),
    ("metadata_mistyped", [pack({"source": "S", "content": "msgpack", "metadata": [1]}), E],
     "frame 0: header 'metadata' is msgpack array, expected map"),
    ("payload_not_map", [G, pack("x")], "frame 1: data of source 'S' is a msgpack str, not a map"),
    ("array_before_source", [array_header(), U16, G, E],
     "frame 0: array 'a' of source 'S' came before the source's msgpack pair"),
    ("path_missing", with_array(array_header(path=None)), "frame 2: header has no 'path'"),
    ("path_mistyped", with_array(array_header(path=["a"])), "frame 2: header 'path' is msgpack array, expected str"),
    ("dtype_missing", with_array(array_header(dtype=None)), "frame 2: header has no 'dtype'"),
    ("dtype_mistyped", with_array(array_header(dtype=2)), "frame 2: header 'dtype' is msgpack uint, expected str"),
    ("dtype_unknown", with_array(array_header(dtype="banana")), "frame 2: array 'a' of source 'S': unknown dtype 'banana'"),
    ("dtype_empty", with_array(array_header(dtype="")), "frame 2: array 'a' of source 'S': unknown dtype ''"),
    ("dtype_bad_size", with_array(array_header(dtype="uint17")), "frame 2: array 'a' of source 'S': unknown dtype 'uint17'"),
    ("shape_missing", with_array(array_header(shape=None)), "frame 2: header has no 'shape'"),
    ("shape_mistyped", with_array(array_header(shape="2")), "frame 2: header 'shape' is msgpack str, expected list of int"),
    ("shape_negative", with_array(array_header(shape=[-2])),
     "frame 2: array 'a' of source 'S': shape entry 0 is -2, not a non-negative int"),
    ("shape_float", with_array(array_header(shape=[2, 1.0])),
     "frame 2: array 'a' of source 'S': shape entry 1 is the float 1.0, not a non-negative int"),
    ("shape_beyond_int64", with_array(array_header(shape=[(1 << 64) - 1])),
     "frame 2: array 'a' of source 'S': shape entry 0 is 18446744073709551615, not a non-negative int"),
    ("shape_product_overflow", with_array(array_header(shape=[T40, T40]), b""),
     arr("shape [1099511627776, 1099511627776] overflows the element count")),
    ("shape_zero_extent_overflow", with_array(array_header(shape=[3, 0, T40, T40]), b""),
     arr("shape [3, 0, 1099511627776, 1099511627776] overflows the element count")),
    ("shape_zero_extent_bytes_overflow", with_array(array_header(dtype="float64", shape=[0, 1 << 61]), b""),
     arr("shape [0, 2305843009213693952] overflows the element count")),
    ("shape_bytes_overflow", with_array(array_header(shape=[1 << 62]), b""),
     arr("shape [4611686018427387904] overflows the element count")),
    ("shape_huge_declared", with_array(array_header(dtype="uint8", shape=[T40]), bytes(8)),
     arr("array of uint8 [1099511627776] needs 1099511627776 bytes but the payload has 8")),
    ("shape_huge_zero_size_dtype", with_array(array_header(dtype="datetime64[ns]", shape=[T40]), bytes(8)),
     arr("array of datetime64[ns] [1099511627776] declares 1099511627776 elements of unknown size "
         "but the payload has only 8 bytes")),
    ("array_bytes_short", with_array(array_header(), U16[:3]), arr("array of uint16 [2] needs 4 bytes but the payload has 3")),
    ("array_bytes_long", with_array(array_header(), U16 + b"\x00"),
     arr("array of uint16 [2] needs 4 bytes but the payload has 5")),
    ("non_utf8_source",
     [msgpack.packb({b"source": b"S\xff", b"content": b"msgpack"}, use_bin_type=False), E],
     INVALID.format(0, "str whose bytes start at offset 9 is not valid UTF-8")),
    ("non_utf8_key", [G, b"\x81\xa2\xc3\x28\x01"], INVALID.format(1, "str whose bytes start at offset 2 is not valid UTF-8")),
    ("nested_10000_maps", [G, b"\x81\xa1k" * 10000 + b"\xc0"], INVALID.format(1, "containers nested deeper than 32 levels")),
    ("nested_10000_arrays_v1", [b"\x81\xa1S" + b"\x91" * 10000 + b"\x01"],
     INVALID.format(0, "containers nested deeper than 32 levels")),
    ("v1_not_a_map", [pack([1])], "frame 0: protocol 1.0 message is a msgpack array, not a map"),
    ("v1_source_not_map", [pack({"S": 1})], "frame 0: protocol 1.0 message has source 'S' whose value is a uint, not a map"),
    ("v1_numpy_bytes_short", numpy_v1(data=U16[:3]),
     "frame 0: array 'a' of source 'S': array of <u2 [2] needs 4 bytes but the payload has 3"),
    ("v1_numpy_huge_shape", numpy_v1(shape=[T40], data=bytes(8)),
     "frame 0: array 'a' of source 'S': array of <u2 [1099511627776] needs 2199023255552 bytes but the payload has 8"),
    ("v1_numpy_negative_shape", numpy_v1(shape=[-1], data=b""),
     "frame 0: array 'a' of source 'S': shape entry 0 is -1, not a non-negative int"),
    ("v1_numpy_unknown_dtype", numpy_v1(type="banana"),
     "frame 0: array 'a' of source 'S': unknown dtype 'banana'"),
]


def write_corpus():
    for old in os.listdir(HERE):
        if old.endswith(".frames"):
            os.remove(os.path.join(HERE, old))
    names = set()
    lines = []
    for name, frames, error in CASES:
        assert name not in names and "\t" not in error and "\n" not in error, name
        names.add(name)
        with open(os.path.join(HERE, name + ".frames"), "wb") as f:
            f.write(pack([bytes(frame) for frame in frames]))
        lines.append(f"{name}\t{error}\n")
    with open(os.path.join(HERE, "expected.tsv"), "w") as f:
        f.writelines(lines)
    return len(CASES)


SEPARATOR = b"\xc1FRM"  # Sources/DecoderFuzzer/FuzzInput.swift


def shrink_shape(shape, dtype, payload):
    import numpy
    itemsize = numpy.dtype(dtype).itemsize
    small = [min(int(extent), 2) for extent in shape]
    count = 1
    for extent in small:
        count *= extent
    return small, payload[:count * itemsize]


def shrink_v2(frames):
    out = list(frames)
    for h in range(0, len(frames) - 1, 2):
        header = msgpack.unpackb(frames[h], raw=False)
        if isinstance(header, dict) and header.get("content") == "array" and len(frames[h + 1]) > 256:
            header["shape"], out[h + 1] = shrink_shape(header["shape"], header["dtype"], frames[h + 1])
            out[h] = pack(header)
    return out


def shrink_v1(frame):
    message = msgpack.unpackb(frame, raw=False, strict_map_key=False)
    for data in message.values():
        for key, value in data.items():
            if isinstance(value, dict) and value.get(b"nd") and len(value.get(b"data", b"")) > 256:
                value[b"shape"], value[b"data"] = shrink_shape(value[b"shape"], value[b"type"], value[b"data"])
    return pack(message)


def write_seeds(directory, vectors):
    os.makedirs(directory, exist_ok=True)
    count = 0
    for folder in sorted(os.listdir(vectors)):
        path = os.path.join(vectors, folder)
        if not os.path.isdir(path):
            continue
        for name in sorted(os.listdir(path)):
            if not name.endswith(".msgpack"):
                continue
            with open(os.path.join(path, name), "rb") as f:
                frames = msgpack.unpackb(f.read(), raw=False, max_bin_len=2**31 - 1)
            if len(frames) == 1 and not frames[0].startswith(b"Error"):
                frames = [shrink_v1(frames[0])]
            elif len(frames) % 2 == 0:
                frames = shrink_v2(frames)
            with open(os.path.join(directory, f"vector-{folder}-{name}"), "wb") as f:
                f.write(SEPARATOR.join(frames))
            count += 1
    for name, frames, _ in CASES:
        with open(os.path.join(directory, f"case-{name}"), "wb") as f:
            f.write(SEPARATOR.join(frames))
        count += 1
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fuzz-seeds", metavar="DIR", help="write libFuzzer seeds instead of the corpus (frames joined by c1 46 52 4d)")
    parser.add_argument("--vectors", metavar="DIR", default=os.path.join(HERE, "../../../../shared/vectors"))
    args = parser.parse_args()
    if args.fuzz_seeds:  # seeds only: the checked-in corpus is left as it is
        print(f"fuzz seeds: {write_seeds(args.fuzz_seeds, args.vectors)} inputs in {args.fuzz_seeds}")
    else:
        print(f"corpus: {write_corpus()} cases in {HERE}")


if __name__ == "__main__":
    sys.exit(main())
