import Foundation
import Crypto

/// SHA-256 hex digests (swift-crypto), to compare our bytes with h5py's `hashlib.sha256` digests.
enum SHA256Hex {
    /// The lowercase hex digest of `bytes`.
    static func hex(_ bytes: [UInt8]) -> String {
        Crypto.SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
