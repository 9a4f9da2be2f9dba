extension Geometry {
    /// The points within `metres` of this geometry, whose coordinates are in
    /// `crs`, returned in `crs`: `geof:buffer` with a metric unit.
    ///
    /// For a projected CRS this is a planar buffer by the distance in CRS units.
    /// Degrees cannot be buffered by metres directly, so for a geographic CRS the
    /// geometry is projected to an azimuthal equidistant projection centred on
    /// its bounding box (centre rounded to 0.1° so nearby geometries share a
    /// cached transformation), buffered in metres there, and projected back.
    /// Distances from the projection centre are exact; elsewhere the scale error
    /// grows with the square of the distance from the centre: about 0.03 % at
    /// 100 km, 3 % at 1000 km.
    /// - Throws: ``GeoError`` when the CRS is unknown or not geographic or projected.
    public func bufferInMetres(_ metres: Double, crs: CRS, quadrantSegments: Int = 8) throws -> Geometry {
        let measure = try MetricMeasure(crs)
        guard let axes = measure.axes, !isEmpty else {
            return try buffer(metres / measure.metresPerUnit, quadrantSegments: quadrantSegments)
        }
        let box = boundingBox
        let (latitude, longitude) = axes.latitudeLongitude([box.centerX, box.centerY], 0)
        func tenth(_ value: Double) -> Double { (value * 10).rounded() / 10 }
        let ellipsoid = measure.ellipsoid
        let local = CRS(.other("+proj=aeqd +lat_0=\(tenth(latitude)) +lon_0=\(tenth(longitude)) +x_0=0 +y_0=0 "
            + "+a=\(ellipsoid.semiMajorAxis) +rf=\(ellipsoid.flattening == 0 ? 0 : 1 / ellipsoid.flattening) +units=m +no_defs +type=crs"))
        let projected = try transformed(from: crs, to: local)
        return try projected.buffer(metres, quadrantSegments: quadrantSegments).transformed(from: local, to: crs)
    }
}
