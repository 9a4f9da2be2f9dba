internal import CPROJ

/// One thread's PROJ context, with the transformations created on it.
///
/// PROJ contexts and the `PJ` objects made with them must not be used from two
/// threads at once, so, as for GEOS, each thread has its own (see
/// ``ThreadLocal``), and each context keeps its own cache of
/// `proj_create_crs_to_crs` results: creating a transformation costs a database
/// look-up (milliseconds), applying it microseconds.
final class PROJContext {
    let handle: OpaquePointer
    /// The last message PROJ logged on this context (PROJ reports details such
    /// as "crs not found" through its logger, not its error codes).
    var lastMessage: String?
    private var transformations: [String: OpaquePointer] = [:]

    private static let perThread = ThreadLocal { PROJContext() }
    private static let cacheLimit = 256

    static var current: PROJContext { perThread.value }

    private init() {
        handle = proj_context_create()
        proj_context_set_enable_network(handle, 0)
        proj_log_level(handle, PJ_LOG_ERROR)
        let me = Unmanaged.passUnretained(self).toOpaque()
        // Capture rather than print: PROJ's default logger writes to stderr.
        proj_log_func(handle, me) { userData, _, message in
            guard let userData, let message else { return }
            Unmanaged<PROJContext>.fromOpaque(userData).takeUnretainedValue().lastMessage = String(cString: message)
        }
    }

    deinit {
        for transformation in transformations.values { proj_destroy(transformation) }
        proj_context_destroy(handle)
    }

    /// An error for the PROJ call that just failed, with PROJ's explanation.
    func error(_ operation: String) -> GeoError {
        var details: [String] = []
        let code = proj_context_errno(handle)
        if code != 0, let text = proj_context_errno_string(handle, code) { details.append(String(cString: text)) }
        if let lastMessage { details.append(lastMessage) }
        lastMessage = nil
        return GeoError(.proj, details.isEmpty ? operation : "\(operation): \(details.joined(separator: "; "))")
    }

    /// The cached transformation from `source` to `target` (axis order as the
    /// CRS definitions state it: no normalization for visualization).
    func transformation(from source: CRS, to target: CRS) throws -> OpaquePointer {
        let key = source.projIdentifier + "\u{0}" + target.projIdentifier
        if let cached = transformations[key] { return cached }
        guard let created = proj_create_crs_to_crs(handle, source.projIdentifier, target.projIdentifier, nil) else {
            throw error("no transformation from \(source) to \(target)")
        }
        // Bound the cache: per-geometry local projections (metric buffers) would
        // otherwise accumulate for ever.
        if transformations.count >= Self.cacheLimit {
            for transformation in transformations.values { proj_destroy(transformation) }
            transformations.removeAll(keepingCapacity: true)
        }
        transformations[key] = created
        return created
    }

    /// Creates a PROJ object for a CRS; the caller destroys it.
    func createCRS(_ crs: CRS) throws -> OpaquePointer {
        guard let object = proj_create(handle, crs.projIdentifier) else {
            throw error("unknown CRS \(crs)")
        }
        return object
    }
}
