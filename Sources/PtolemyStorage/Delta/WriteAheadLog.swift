import Foundation
import PtolemyCompression

/// The write-ahead log: one record per committed write transaction, fsynced before the
/// commit is acknowledged, replayed into the delta when the store opens.
///
/// Record: `length u32 | crc32 u32 | payload`. The payload lists the transaction's new
/// terms (ID and key) and its operations on IDs, so replay reproduces the same IDs.
/// Only the tail can be torn (records are appended and synced one at a time); a torn
/// tail was never acknowledged and is cut off on the next read-write open.
final class WriteAheadLog: @unchecked Sendable {
    // Invariant: `fd` is only written under the store's write lock.
    let path: String
    private let fd: Int32
    private(set) var size: UInt64

    enum Operation: Equatable {
        case insert(PartitionKey, Row)
        case delete(PartitionKey, Row)
        case createGraph(UInt64)
        case dropGraph(UInt64)
    }

    struct Record {
        var terms: [(TermID, [UInt8])]
        var operations: [Operation]
    }

    /// Opens (creating when absent) the log at `path` for appending.
    init(path: String, validLength: UInt64) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT, 0o644)
        guard fd >= 0 else { throw StorageError.io(path: path, message: String(cString: strerror(errno))) }
        // Cut a torn tail so that new records follow the last good one.
        guard ftruncate(fd, off_t(validLength)) == 0 else {
            close(fd)
            throw StorageError.io(path: path, message: "truncate: \(String(cString: strerror(errno)))")
        }
        size = validLength
    }

    deinit { close(fd) }

    /// Appends a record and makes it durable.
    func append(_ record: Record) throws {
        var payload = ByteWriter()
        payload.varint(UInt64(record.terms.count))
        for (id, key) in record.terms {
            payload.u64(id.rawValue)
            payload.blob(key)
        }
        payload.varint(UInt64(record.operations.count))
        for op in record.operations {
            switch op {
            case .insert(let key, let row), .delete(let key, let row):
                payload.u8(op == .insert(key, row) ? 1 : 2)
                payload.u64(key.predicate.rawValue)
                payload.u64(key.typeClass.rawValue)
                payload.u64(row.a); payload.u64(row.b); payload.u64(row.g)
            case .createGraph(let g):
                payload.u8(3); payload.u64(g)
            case .dropGraph(let g):
                payload.u8(4); payload.u64(g)
            }
        }
        var framed = ByteWriter(capacity: payload.count + 8)
        framed.u32(UInt32(payload.count))
        framed.u32(CRC32.checksum(payload.bytes))
        framed.bytes.append(contentsOf: payload.bytes)
        var done = 0
        while done < framed.count {
            let n = framed.bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + done, framed.count - done, off_t(size) + off_t(done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw StorageError.io(path: path, message: "write: \(String(cString: strerror(errno)))")
            }
            done += n
        }
        guard fdatasync(fd) == 0 else { throw StorageError.io(path: path, message: "fsync: \(String(cString: strerror(errno)))") }
        size += UInt64(framed.count)
    }

    /// Reads every intact record of the log at `path` (none when it does not exist),
    /// and the length of the intact prefix.
    static func read(path: String) throws -> (records: [Record], validLength: UInt64) {
        guard let data = FileManager.default.contents(atPath: path) else { return ([], 0) }
        let bytes = [UInt8](data)
        var records: [Record] = []
        var offset = 0
        while offset + 8 <= bytes.count {
            var header = ByteReader(bytes, offset: offset, source: path)
            let length = Int(try header.u32())
            let crc = try header.u32()
            guard offset + 8 + length <= bytes.count else { break } // torn tail
            let payload = Array(bytes[(offset + 8)..<(offset + 8 + length)])
            guard CRC32.checksum(payload) == crc else {
                // A bad record followed by more data is damage, not a torn append.
                if offset + 8 + length < bytes.count {
                    throw StorageError.corruption(file: path, message: "checksum mismatch in the record at byte \(offset)")
                }
                break
            }
            var r = ByteReader(payload, source: path)
            var record = Record(terms: [], operations: [])
            for _ in 0..<(try r.int()) {
                let id = TermID(rawValue: try r.u64())
                record.terms.append((id, Array(try r.blob())))
            }
            for _ in 0..<(try r.int()) {
                let kind = try r.u8()
                switch kind {
                case 1, 2:
                    let key = PartitionKey(predicate: TermID(rawValue: try r.u64()), typeClass: TermID(rawValue: try r.u64()))
                    let row = Row(a: try r.u64(), b: try r.u64(), g: try r.u64())
                    record.operations.append(kind == 1 ? .insert(key, row) : .delete(key, row))
                case 3: record.operations.append(.createGraph(try r.u64()))
                case 4: record.operations.append(.dropGraph(try r.u64()))
                default: throw StorageError.corruption(file: path, message: "unknown operation \(kind) at byte \(offset)")
                }
            }
            records.append(record)
            offset += 8 + length
        }
        return (records, UInt64(offset))
    }
}
