extension Geometry {
    /// This geometry with its coordinates transformed from `source` to `target`
    /// (GeoSPARQL `geof:transform`, and how operands in different CRSs are
    /// brought together).
    ///
    /// Axis order follows the CRS definitions: a geometry in EPSG:4326 has
    /// latitude as X, one in CRS84 longitude as X, and transforming between
    /// them swaps the axes.
    /// - Throws: ``GeoError/Kind-swift.struct/proj`` when a CRS is unknown or a
    ///   coordinate cannot be transformed.
    public func transformed(from source: CRS, to target: CRS) throws -> Geometry {
        if source == target { return self }
        var shape = self.shape
        try shape.transform(from: source, to: target)
        return try Geometry(wkb: shape.wkb)
    }
}
