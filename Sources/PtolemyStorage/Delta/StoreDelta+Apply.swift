extension StoreDelta {
    /// Adds a row (subject order: a = subject, b = object); false when the store already holds it.
    mutating func insert(key: PartitionKey, row: Row, segment: PartitionSegment?) throws -> Bool {
        var d = partitions[key] ?? PartitionDelta()
        defer { partitions[key] = d.isEmpty ? nil : d }
        let swapped = Row(a: row.b, b: row.a, g: row.g)
        if d.deletedSO.removeSorted(row) {
            if !key.isClassPartition { _ = d.deletedOS.removeSorted(swapped) }
            return true
        }
        if d.addedSO.containsSorted(row) { return false }
        if try segment?.contains(subject: row.a, object: row.b, graph: row.g) == true { return false }
        _ = d.addedSO.insertSorted(row)
        if !key.isClassPartition { _ = d.addedOS.insertSorted(swapped) }
        return true
    }

    /// Removes a row; false when the store does not hold it.
    mutating func delete(key: PartitionKey, row: Row, segment: PartitionSegment?) throws -> Bool {
        var d = partitions[key] ?? PartitionDelta()
        defer { partitions[key] = d.isEmpty ? nil : d }
        let swapped = Row(a: row.b, b: row.a, g: row.g)
        if d.addedSO.removeSorted(row) {
            if !key.isClassPartition { _ = d.addedOS.removeSorted(swapped) }
            return true
        }
        if d.deletedSO.containsSorted(row) { return false }
        guard try segment?.contains(subject: row.a, object: row.b, graph: row.g) == true else { return false }
        _ = d.deletedSO.insertSorted(row)
        if !key.isClassPartition { _ = d.deletedOS.insertSorted(swapped) }
        return true
    }
}
