import ArgumentParser
import PtolemyEngine
import PtolemyFederation

/// Which remote endpoints SERVICE may call (`query`, `update`, `benchmark`).
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

    /// The engine, with SERVICE going over HTTP under the policy.
    func engine() throws -> QueryEngine {
        QueryEngine(services: HTTPServiceHandler(policy: try policy()))
    }
}
