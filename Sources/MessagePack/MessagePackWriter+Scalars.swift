import ByteSlices
import CMsgPack

extension MessagePackWriter {
    /// Writes nil (0xc0).
    public func packNil() { check(msgpack_pack_nil(packer)) }

    /// Writes true (0xc3) or false (0xc2).
    public func pack(_ b: Bool) { check(b ? msgpack_pack_true(packer) : msgpack_pack_false(packer)) }

    /// Writes an integer in its smallest encoding (non-negative values as unsigned formats).
    public func pack(_ i: Int64) { check(msgpack_pack_int64(packer, i)) }

    /// Writes an integer in its smallest encoding (non-negative values as unsigned formats).
    public func pack(_ i: Int) { pack(Int64(i)) }

    /// Writes an unsigned integer in its smallest encoding.
    public func pack(_ u: UInt64) { check(msgpack_pack_uint64(packer, u)) }

    /// Writes a float64 (0xcb).
    public func pack(_ d: Double) { check(msgpack_pack_double(packer, d)) }

    /// Writes a float32 (0xca).
    public func pack(_ f: Float) { check(msgpack_pack_float(packer, f)) }

    /// Writes a str (fixstr / str 8 / 16 / 32) holding the UTF-8 of `s`.
    public func pack(_ s: String) {
        var s = s
        s.withUTF8 { (utf8: UnsafeBufferPointer<UInt8>) in
            check(msgpack_pack_str_with_body(packer, utf8.baseAddress, checkedLength(utf8.count, "str too long")))
        }
    }

    /// Writes a bin (bin 8 / 16 / 32) holding `bytes`.
    public func packBinary(_ bytes: UnsafeRawBufferPointer) {
        check(msgpack_pack_bin_with_body(packer, bytes.baseAddress, checkedLength(bytes.count, "bin too long")))
    }

    /// Writes a bin (bin 8 / 16 / 32) holding the bytes of `slice`.
    public func packBinary(_ slice: ByteSlice) {
        slice.withUnsafeBytes { packBinary($0) }
    }

    /// Writes an ext value (fixext 1/2/4/8/16 or ext 8/16/32) of application type `type`.
    public func packExtension(type: Int8, data: UnsafeRawBufferPointer) {
        check(msgpack_pack_ext_with_body(packer, data.baseAddress, checkedLength(data.count, "ext too long"), type))
    }

    /// Writes an array header; the next `count` values are its elements.
    public func beginArray(count: Int) {
        check(msgpack_pack_array(packer, checkedLength(count, "array too long")))
    }

    /// Writes a map header; the next `2 * count` values are its keys and values, alternating.
    public func beginMap(count: Int) {
        check(msgpack_pack_map(packer, checkedLength(count, "map too long")))
    }
}
