import HTTPTypes
import Hummingbird

/// Restricts CORS to a list of origins: a request from another origin loses its `Origin`
/// header before the CORS middleware sees it, so it gets no CORS headers and the browser
/// keeps its response from the page that asked.
struct OriginFilterMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowed: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], !allowed.contains(origin) else { return try await next(request, context) }
        var head = request.head
        head.headerFields[.origin] = nil
        return try await next(Request(head: head, body: request.body), context)
    }
}
