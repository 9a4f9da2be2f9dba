/// Compiled regular expressions of one query, by (pattern, flags).
///
/// REGEX and REPLACE usually get a constant pattern, so the last entry is checked first
/// (string equality on the same storage is a pointer comparison) before the table.
/// The table is bounded: a query that builds a new pattern per row does not grow it without limit.
final class RegexCache {
    private struct Key: Hashable {
        var pattern: String
        var flags: String
    }

    private var table: [Key: CompiledRegex] = [:]
    private var last: (key: Key, regex: CompiledRegex)?
    private let capacity: Int

    init(capacity: Int = 512) {
        self.capacity = capacity
    }

    /// The compiled form of `pattern` with `flags`, compiling it on first use.
    func regex(_ pattern: String, flags: String) throws(ExpressionError) -> CompiledRegex {
        if let last, last.key.pattern == pattern, last.key.flags == flags { return last.regex }
        let key = Key(pattern: pattern, flags: flags)
        let compiled: CompiledRegex
        if let cached = table[key] {
            compiled = cached
        } else {
            compiled = try CompiledRegex(pattern: pattern, flags: flags)
            if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            table[key] = compiled
        }
        last = (key, compiled)
        return compiled
    }
}
