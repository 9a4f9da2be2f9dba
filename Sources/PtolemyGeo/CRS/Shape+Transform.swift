internal import CPROJ

extension Shape {
    /// Transforms every coordinate in place from `source` to `target` with PROJ
    /// (`proj_create_crs_to_crs` + `proj_trans_generic`, strided over the flat
    /// coordinate arrays so no copies are made). Z is transformed when present;
    /// M is left alone.
    mutating func transform(from source: CRS, to target: CRS) throws {
        if source == target { return }
        if Self.differOnlyInAxisOrder(source, target) {
            // EPSG:4326 and CRS84 (and their 3D forms) are the same WGS 84 datum
            // with the axes swapped: no need to ask PROJ.
            mutateSequences { coordinates, dimensions in
                var index = 0
                while index < coordinates.count {
                    coordinates.swapAt(index, index + 1)
                    index += dimensions.stride
                }
            }
            return
        }
        let context = PROJContext.current
        let transformation = try context.transformation(from: source, to: target)
        try mutateSequences { coordinates, dimensions in
            if coordinates.isEmpty { return }
            let stride = dimensions.stride
            let count = coordinates.count / stride
            let byteStride = stride * MemoryLayout<Double>.stride
            coordinates.withUnsafeMutableBufferPointer { buffer in
                let base = buffer.baseAddress!
                _ = proj_trans_generic(transformation, PJ_FWD,
                                       base, byteStride, count,
                                       base + 1, byteStride, count,
                                       dimensions.hasZ ? base + 2 : nil, dimensions.hasZ ? byteStride : 0, dimensions.hasZ ? count : 0,
                                       nil, 0, 0)
            }
            // PROJ marks coordinates it could not transform with HUGE_VAL.
            var index = 0
            while index < coordinates.count {
                if !coordinates[index].isFinite || !coordinates[index + 1].isFinite {
                    throw GeoError(.proj, "a coordinate cannot be transformed from \(source) to \(target) (outside the area of use?)")
                }
                index += stride
            }
        }
    }
}

extension Shape {
    static func differOnlyInAxisOrder(_ a: CRS, _ b: CRS) -> Bool {
        switch (a.identifier, b.identifier) {
        case (.crs84, .epsg(4326)), (.epsg(4326), .crs84), (.crs84h, .epsg(4979)), (.epsg(4979), .crs84h): true
        default: false
        }
    }
}
