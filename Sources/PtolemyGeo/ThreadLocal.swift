#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A per-thread instance of a non-thread-safe C library handle (a GEOS or PROJ
/// context), created lazily on first use by each thread and released when the
/// thread exits.
///
/// Why pthread keys rather than a pool: the calls into GEOS/PROJ are
/// synchronous, so a call never migrates between threads half-way through, and a
/// thread-local lookup (`pthread_getspecific`) costs a few nanoseconds with no
/// locking. Swift concurrency runs tasks on a small fixed pool of threads, so the
/// number of live contexts stays bounded by the number of threads.
struct ThreadLocal<Value: AnyObject>: Sendable {
    private let key: pthread_key_t
    private let make: @Sendable () -> Value

    init(_ make: @escaping @Sendable () -> Value) {
        var key = pthread_key_t()
        // Each thread's value is retained through an Unmanaged reference stored in
        // the key; the destructor drops that reference when the thread exits.
        let status = pthread_key_create(&key) { pointer in
            #if canImport(Darwin)
            Unmanaged<AnyObject>.fromOpaque(pointer).release()
            #else
            if let pointer { Unmanaged<AnyObject>.fromOpaque(pointer).release() }
            #endif
        }
        precondition(status == 0, "pthread_key_create failed (\(status))")
        self.key = key
        self.make = make
    }

    /// This thread's value, created on first use.
    @inline(__always)
    var value: Value {
        if let pointer = pthread_getspecific(key) {
            // Value is a class, so the stored pointer is the object itself.
            return Unmanaged<Value>.fromOpaque(pointer).takeUnretainedValue()
        }
        return makeValue()
    }

    @inline(never)
    private func makeValue() -> Value {
        let value = make()
        let pointer = Unmanaged<Value>.passRetained(value).toOpaque()
        pthread_setspecific(key, pointer)
        return value
    }
}
