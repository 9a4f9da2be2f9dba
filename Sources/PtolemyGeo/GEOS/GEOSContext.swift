internal import CGEOS

/// One thread's GEOS context handle, with the readers and writers that are reused
/// across calls on that thread, and the last error GEOS reported on it.
///
/// GEOS contexts are not thread-safe, so every thread gets its own (see
/// ``ThreadLocal``); everything in this module reaches GEOS through
/// `GEOSContext.current`. A context only carries error handlers and I/O settings:
/// geometries are not bound to the context that created them, which is what lets
/// a ``Geometry`` made on one thread be used (read-only) on another.
final class GEOSContext {
    let handle: OpaquePointer
    /// The message of the last GEOS error on this thread, consumed by ``error(_:)``.
    var lastError: String?
    let wkbReader: OpaquePointer
    /// Writes ISO WKB, little-endian, with Z when the geometry has it.
    let wkbWriter: OpaquePointer

    private static let perThread = ThreadLocal { GEOSContext() }

    /// The calling thread's context.
    @inline(__always)
    static var current: GEOSContext { perThread.value }

    private init() {
        guard let handle = GEOS_init_r() else {
            fatalError("GEOS_init_r failed: out of memory")
        }
        self.handle = handle
        wkbReader = GEOSWKBReader_create_r(handle)!
        wkbWriter = GEOSWKBWriter_create_r(handle)!
        GEOSWKBWriter_setByteOrder_r(handle, wkbWriter, Int32(GEOS_WKB_NDR.rawValue))
        GEOSWKBWriter_setFlavor_r(handle, wkbWriter, Int32(GEOS_WKB_ISO.rawValue))
        GEOSWKBWriter_setOutputDimension_r(handle, wkbWriter, 3)
        // GEOS reports errors through a callback, not a return value: capture the
        // message here so the failing call can throw it as a GeoError.
        let me = Unmanaged.passUnretained(self).toOpaque()
        GEOSContext_setErrorMessageHandler_r(handle, { message, userData in
            guard let userData else { return }
            let context = Unmanaged<GEOSContext>.fromOpaque(userData).takeUnretainedValue()
            context.lastError = message.map { String(cString: $0) } ?? "unknown GEOS error"
        }, me)
        // Notices (e.g. validity explanations) are informational: drop them.
        GEOSContext_setNoticeMessageHandler_r(handle, { _, _ in }, nil)
    }

    deinit {
        GEOSWKBReader_destroy_r(handle, wkbReader)
        GEOSWKBWriter_destroy_r(handle, wkbWriter)
        GEOS_finish_r(handle)
    }

    /// The error for a GEOS call that just failed, naming the operation and
    /// carrying GEOS's own message.
    func error(_ operation: String) -> GeoError {
        let message = lastError ?? "failed"
        lastError = nil
        return GeoError(.geos, "\(operation): \(message)")
    }

    /// Unwraps a geometry returned by GEOS, or throws its error.
    @inline(__always)
    func check(_ result: OpaquePointer?, _ operation: @autoclosure () -> String) throws -> OpaquePointer {
        guard let result else { throw error(operation()) }
        return result
    }

    /// Interprets a GEOS predicate result (1 true, 0 false, 2 exception).
    @inline(__always)
    func check(predicate result: CChar, _ operation: @autoclosure () -> String) throws -> Bool {
        switch result {
        case 1: return true
        case 0: return false
        default: throw error(operation())
        }
    }
}
