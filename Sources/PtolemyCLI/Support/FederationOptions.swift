import ArgumentParser
import Foundation
import PtolemyEngine
import PtolemyFederation

/// Which remote endpoints SERVICE may call, and the members of a transparent federation
/// (`query`, `update`, `benchmark`).
struct FederationOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "An endpoint URL prefix SERVICE may call (repeatable). Without any, every SERVICE is refused (SILENT: the empty solution).",
        valueName: "prefix"))
    var serviceAllow: [String] = []

    @Option(name: .long, help: ArgumentHelp("IRI=URL: send SERVICE <IRI> to URL instead (repeatable; the alias is allowed).",
                                            valueName: "iri=url"))
    var serviceAlias: [String] = []

    @Option(name: .long, help: ArgumentHelp("Seconds one SERVICE request may take (default 300; capped by --timeout).",
                                            valueName: "seconds"))
    var serviceTimeout: Double?

    @Option(name: .long, help: ArgumentHelp(
        "A federation member's endpoint (repeatable): queries without SERVICE read its data as if it were local.",
        valueName: "url"))
    var member: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "Where members' statistics are cached (default: $XDG_CACHE_HOME/ptolemy/federation-statistics.json).", valueName: "file"))
    var federationCache: String?

    @Flag(name: .long, help: "Harvest the members' statistics again even when the cached ones are fresh.")
    var refreshStatistics = false

    /// The endpoint policy these options describe.
    func policy() throws -> EndpointPolicy {
        var policy = EndpointPolicy()
        do {
            for prefix in serviceAllow { try policy.allow(prefix) }
            for spec in serviceAlias {
                guard let split = spec.firstIndex(of: "="), split != spec.startIndex else {
                    throw ValidationError("--service-alias expects IRI=URL, got '\(spec)'")
                }
                try policy.alias(String(spec[..<split]), to: String(spec[spec.index(after: split)...]))
            }
        } catch let error as FederationConfigurationError {
            throw ValidationError(error.description)
        }
        if let serviceTimeout { policy.requestTimeout = serviceTimeout }
        return policy
    }

    /// The engine: SERVICE over HTTP under the policy, and with members, queries spread
    /// over them (their statistics harvested first unless the cached ones are fresh).
    func engine() throws -> QueryEngine {
        let policy = try policy()
        guard !member.isEmpty else { return QueryEngine(services: HTTPServiceHandler(policy: policy)) }
        let configuration = FederationConfiguration(members: member.map { FederationMember(endpoint: $0) },
                                                    cacheFile: federationCache ?? Self.defaultCacheFile)
        let federation: Federation
        do { federation = try Federation(configuration: configuration, policy: policy) } catch let error as FederationConfigurationError {
            throw ValidationError(error.description)
        }
        federation.refresh(force: refreshStatistics)
        for endpoint in federation.endpoints {
            if let notes = federation.statistics(of: endpoint)?.notes, !notes.isEmpty {
                printError("member <\(endpoint)>: statistics incomplete: \(notes.joined(separator: "; "))")
            }
        }
        return QueryEngine(services: federation.handler, distributor: federation)
    }

    static var defaultCacheFile: String {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSTemporaryDirectory()) + "/.cache"
        return base + "/ptolemy/federation-statistics.json"
    }
}
