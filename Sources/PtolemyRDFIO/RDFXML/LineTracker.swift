/// Remembers the tail of a streamed document, to put a column on an error that raptor
/// reports with a line only.
///
/// raptor's RDF/XML parser gives the line of an error but (through libxml2's SAX
/// interface) no column. The tracker keeps the last 64-128 KiB of input, split at line
/// breaks, and answers with the column of the first non-blank character of the reported
/// line: where the element (the usual culprit) starts.
struct LineTracker {
    /// Lines seen so far (1 + line breaks fed).
    private(set) var line = 1
    private var window: [UInt8] = []
    /// The line number of `window[0]`'s line (the window starts at a line start).
    private var windowFirstLine = 1
    private static let keep = 1 << 16

    mutating func append(_ chunk: UnsafeRawBufferPointer) {
        for byte in chunk where byte == 0x0A { line += 1 }
        window.append(contentsOf: chunk)
        if window.count > 2 * Self.keep {
            // Drop whole lines from the front, keeping about `keep` bytes.
            var cut = window.count - Self.keep
            while cut < window.count && window[cut - 1] != 0x0A { cut += 1 }
            if cut >= window.count { return }
            for byte in window[0..<cut] where byte == 0x0A { windowFirstLine += 1 }
            window.removeFirst(cut)
        }
    }

    /// The 1-based column of the first non-blank character of `line`, or 1 when the line is
    /// no longer (or not yet) in the window.
    func column(ofLine target: Int) -> Int {
        guard target >= windowFirstLine else { return 1 }
        var current = windowFirstLine
        var i = 0
        while current < target && i < window.count {
            if window[i] == 0x0A { current += 1 }
            i += 1
        }
        guard current == target else { return 1 }
        var column = 1
        while i < window.count, window[i] == 0x20 || window[i] == 0x09 || window[i] == 0x0D {
            column += 1
            i += 1
        }
        return i < window.count && window[i] != 0x0A ? column : 1
    }
}
