import Foundation
import PtolemyEngine
import PtolemySPARQL
import PtolemyStorage
import Synchronization

/// A member of a federation: an endpoint whose data queries see as if it were local.
public struct FederationMember: Sendable, Equatable {
    /// The member's SPARQL endpoint URL.
    public var endpoint: String
    /// How bind joins shape their requests to it.
    public var limits: EndpointLimits

    public init(endpoint: String, limits: EndpointLimits = EndpointLimits()) {
        self.endpoint = endpoint
        self.limits = limits
    }
}

/// The members of a federation and how their statistics are kept.
public struct FederationConfiguration: Sendable, Equatable {
    public var members: [FederationMember] = []
    /// Seconds between two harvests of a member's statistics.
    public var refreshInterval: Double = 3600
    /// Seconds each harvesting query may take.
    public var harvestTimeout: Double = 120
    /// Where statistics are cached between runs (nil: not cached).
    public var cacheFile: String?

    public init(members: [FederationMember] = [], refreshInterval: Double = 3600, harvestTimeout: Double = 120,
                cacheFile: String? = nil) {
        self.members = members
        self.refreshInterval = refreshInterval
        self.harvestTimeout = harvestTimeout
        self.cacheFile = cacheFile
    }
}

/// The members' statistics, shared by the federation and its SERVICE handler.
final class StatisticsDirectory: Sendable {
    private let entries = Mutex<[String: MemberStatistics]>([:])

    subscript(endpoint: String) -> MemberStatistics? { entries.withLock { $0[endpoint] } }

    func set(_ stats: MemberStatistics) { entries.withLock { $0[stats.endpoint] = stats } }

    var all: [String: MemberStatistics] { entries.withLock { $0 } }
}

/// Transparent federation: queries without SERVICE read the local store and every member
/// as one dataset.
///
/// Members' statistics are harvested with ordinary SPARQL (``StatisticsHarvester``), kept
/// in a cache file between runs, and refreshed on a schedule. Each query's basic graph
/// patterns are spread over the sources that can hold them (``SourceSelection``), and the
/// engine joins the parts with bind joins ordered by the estimates these statistics give.
public final class Federation: QueryDistributor {
    public let configuration: FederationConfiguration
    /// The SERVICE handler of the federation's queries: members are allowed and estimated.
    public let handler: HTTPServiceHandler
    let directory: StatisticsDirectory
    private let state = Mutex<(refreshing: Set<String>, errors: [String: String], stopped: Bool)>(([], [:], false))

    /// - Parameter policy: the endpoints SERVICE may call besides the members.
    public init(configuration: FederationConfiguration, policy: EndpointPolicy, observer: (any FederationObserver)? = nil) throws {
        self.configuration = configuration
        var policy = policy
        for member in configuration.members {
            do { try policy.allow(member.endpoint) } catch let error as FederationConfigurationError {
                throw FederationConfigurationError("member \(member.endpoint): \(error.description)")
            }
            if let url = URL(string: member.endpoint) { policy.endpointLimits[url.absoluteString] = member.limits }
        }
        let directory = StatisticsDirectory()
        self.directory = directory
        handler = HTTPServiceHandler(policy: policy, observer: observer) { endpoint, pattern in
            directory[endpoint].flatMap { CardinalityEstimator(statistics: $0).rows(of: pattern) }
        }
        loadCache()
    }

    /// The members' endpoints.
    public var endpoints: [String] { configuration.members.map(\.endpoint) }

    /// The statistics of a member, when harvested.
    public func statistics(of endpoint: String) -> MemberStatistics? { directory[endpoint] }

    // MARK: - QueryDistributor

    public func membersUse(_ iri: String) -> Bool {
        for endpoint in endpoints {
            guard let stats = directory[endpoint] else { return true }
            if !stats.knowsPredicates || !stats.knowsClasses { return true }
            if stats.predicates[iri] != nil || stats.classes[iri] != nil { return true }
        }
        return false
    }

    public func distribute(_ algebra: Algebra, snapshot: StoreSnapshot) throws -> Algebra {
        let members = endpoints.map { (endpoint: $0, statistics: directory[$0]) }
        let selection = SourceSelection(members: members, snapshot: snapshot, usage: algebra.mentionCounts)
        let distributed = selection.distribute(algebra)
        if let problem = selection.problems.messages.first { throw QueryEvaluationError.unsupported(problem) }
        return distributed
    }

    // MARK: - statistics

    /// Harvests every member whose statistics are missing or older than the refresh
    /// interval (all of them with `force`), one member per thread, and caches the result.
    public func refresh(force: Bool = false) {
        let due = endpoints.filter { endpoint in
            guard !force, let stats = directory[endpoint] else { return true }
            return Date().timeIntervalSince(stats.harvested) >= configuration.refreshInterval
        }
        let claimed = state.withLock { s -> [String] in
            let free = due.filter { !s.refreshing.contains($0) }
            s.refreshing.formUnion(free)
            return free
        }
        guard !claimed.isEmpty else { return }
        let harvester = StatisticsHarvester(handler: handler, timeout: configuration.harvestTimeout)
        DispatchQueue.concurrentPerform(iterations: claimed.count) { i in
            let endpoint = claimed[i]
            let stats = harvester.harvest(endpoint)
            directory.set(stats)
            state.withLock { s in
                s.refreshing.remove(endpoint)
                if stats.predicates.isEmpty && !stats.knowsPredicates { s.errors[endpoint] = stats.notes.first } else { s.errors[endpoint] = nil }
            }
        }
        saveCache()
    }

    /// Refreshes the statistics on a background thread every refresh interval, until ``stop()``.
    public func startRefreshing() {
        let thread = Thread { [weak self] in
            while let self, !self.isStopped {
                self.refresh()
                let interval = max(1, min(self.configuration.refreshInterval, 60))
                var waited = 0.0
                while waited < interval, !self.isStopped {
                    Thread.sleep(forTimeInterval: 0.5)
                    waited += 0.5
                }
            }
        }
        thread.name = "federation-statistics"
        thread.start()
    }

    /// Stops the background refresh.
    public func stop() { state.withLock { $0.stopped = true } }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    private func loadCache() {
        guard let file = configuration.cacheFile, let data = FileManager.default.contents(atPath: file) else { return }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let cached = try? decoder.decode([MemberStatistics].self, from: data) else { return }
        let wanted = Set(endpoints)
        for stats in cached where wanted.contains(stats.endpoint) { directory.set(stats) }
    }

    private func saveCache() {
        guard let file = configuration.cacheFile else { return }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(endpoints.compactMap { directory[$0] }) else { return }
        let url = URL(fileURLWithPath: file)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? data.write(to: url, options: .atomic)
    }

    // MARK: - reporting

    /// What `GET /federation` shows: each member with its statistics' summary (with
    /// `detail`, every predicate and class count too).
    public func report(detail: Bool) -> [String: Any] {
        let (refreshing, errors) = state.withLock { ($0.refreshing, $0.errors) }
        let formatter = ISO8601DateFormatter()
        var members: [[String: Any]] = []
        for endpoint in endpoints {
            var entry: [String: Any] = ["endpoint": endpoint, "refreshing": refreshing.contains(endpoint)]
            if let error = errors[endpoint] { entry["error"] = error }
            if let stats = directory[endpoint] {
                entry["harvested"] = formatter.string(from: stats.harvested)
                entry["triples"] = stats.triples
                entry["predicates"] = stats.predicates.count
                entry["classes"] = stats.classes.count
                entry["functions"] = stats.functions.sorted()
                if let e = stats.geometryExtent { entry["extent"] = [e.minX, e.minY, e.maxX, e.maxY] }
                entry["classExtents"] = stats.classExtents.mapValues { [$0.minX, $0.minY, $0.maxX, $0.maxY] }
                entry["notes"] = stats.notes
                if detail {
                    entry["predicateCounts"] = stats.predicates.mapValues { p -> [String: Any] in
                        var out: [String: Any] = ["triples": p.triples]
                        if let s = p.distinctSubjects { out["distinctSubjects"] = s }
                        if let o = p.distinctObjects { out["distinctObjects"] = o }
                        return out
                    }
                    entry["classCounts"] = stats.classes
                }
            } else {
                entry["harvested"] = NSNull()
            }
            if let limits = handler.policy.endpointLimits[endpoint] {
                entry["limits"] = ["bindingsPerRequest": limits.bindingsPerRequest, "concurrentRequests": limits.concurrentRequests,
                                   "maxQueryBytes": limits.maxQueryBytes]
            }
            members.append(entry)
        }
        return ["members": members, "refreshInterval": configuration.refreshInterval,
                "allowlist": handler.policy.allowed.map(\.description)]
    }
}
