internal import CGEOS

/// A geometry held by GEOS: the value every predicate, construction and
/// measure of this module works on.
///
/// `Geometry` owns one GEOS geometry handle and destroys it in `deinit`; no
/// pointer ever leaves this module.
///
/// ## Thread safety
/// `Geometry` is `Sendable` because a GEOS geometry is immutable after
/// creation: this wrapper never mutates it, every method creates new
/// geometries, and every GEOS call goes through the *calling* thread's own
/// context (``GEOSContext/current``), so no context is shared between threads.
/// The one piece of lazily-computed state inside a GEOS geometry, its cached
/// envelope, is forced at construction (it is how ``boundingBox`` is filled), so
/// concurrent readers never race to compute it.
///
/// GEOS 3.11 geometries have no M ordinate: M values in the input are dropped
/// when a `Geometry` is made. Use ``GeometryLiteral`` (which keeps the WKB
/// bytes) to round-trip M values.
public final class Geometry: @unchecked Sendable {
    /// The owned GEOS handle.
    let handle: OpaquePointer
    /// The geometry's envelope in its own coordinates; ``BoundingBox/empty`` for
    /// an empty geometry.
    public let boundingBox: BoundingBox

    /// Takes ownership of a geometry returned by GEOS.
    init(owning handle: OpaquePointer, context: GEOSContext = .current) {
        self.handle = handle
        var minX = 0.0, minY = 0.0, maxX = 0.0, maxY = 0.0
        // Returns 0 for an empty geometry. Also primes GEOS's cached envelope.
        if GEOSisEmpty_r(context.handle, handle) == 0,
           GEOSGeom_getExtent_r(context.handle, handle, &minX, &minY, &maxX, &maxY) == 1 {
            boundingBox = BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
        } else {
            boundingBox = .empty
        }
    }

    deinit {
        GEOSGeom_destroy_r(GEOSContext.current.handle, handle)
    }

    // MARK: Binary input and output

    /// Reads a geometry from WKB (either byte order; ISO or extended/PostGIS
    /// dimension flags; an embedded SRID is ignored).
    ///
    /// M ordinates are dropped (GEOS 3.11 does not model them).
    /// - Throws: ``GeoError/Kind-swift.struct/syntax`` naming the byte offset
    ///   when the bytes are not valid WKB.
    public convenience init(wkb: some Collection<UInt8>) throws {
        let context = GEOSContext.current
        let result: OpaquePointer?
        if let direct = wkb.withContiguousStorageIfAvailable({ buffer in
            GEOSWKBReader_read_r(context.handle, context.wkbReader, buffer.baseAddress, buffer.count)
        }) {
            result = direct
        } else {
            let bytes = Array(wkb)
            result = bytes.withUnsafeBufferPointer { buffer in
                GEOSWKBReader_read_r(context.handle, context.wkbReader, buffer.baseAddress, buffer.count)
            }
        }
        guard let result else {
            // GEOS's reader message carries no position; re-check with our own
            // decoder, which names the offset of the fault.
            let geosError = context.error("reading WKB")
            _ = try WKBDecoder.decode(Array(wkb))
            throw GeoError(.syntax, geosError.message)
        }
        self.init(owning: result, context: context)
    }

    /// The geometry as ISO WKB, little-endian (NDR), with a Z ordinate when the
    /// geometry has one. This is the form the store persists.
    public var wkb: [UInt8] {
        let context = GEOSContext.current
        var size = 0
        guard let buffer = GEOSWKBWriter_write_r(context.handle, context.wkbWriter, handle, &size) else {
            // Writing WKB cannot fail for a geometry GEOS built itself, short of
            // memory exhaustion.
            fatalError("GEOSWKBWriter_write_r failed: \(context.error("writing WKB"))")
        }
        defer { GEOSFree_r(context.handle, buffer) }
        return Array(UnsafeBufferPointer(start: buffer, count: size))
    }

    /// The geometry as ISO WKB, little-endian, with or without its Z ordinate.
    public func wkb(includingZ: Bool) -> [UInt8] {
        if includingZ { return wkb }
        let context = GEOSContext.current
        // The writer belongs to this thread's context: switching its output
        // dimension for one call cannot affect another thread.
        GEOSWKBWriter_setOutputDimension_r(context.handle, context.wkbWriter, 2)
        defer { GEOSWKBWriter_setOutputDimension_r(context.handle, context.wkbWriter, 3) }
        return wkb
    }

    /// A deep copy, owned separately (used when a component must outlive its parent).
    func cloned(context: GEOSContext = .current) -> Geometry {
        Geometry(owning: GEOSGeom_clone_r(context.handle, handle)!, context: context)
    }
}
