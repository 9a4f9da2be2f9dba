import Foundation
import HTTPTypes
import Hummingbird

/// The web UI at `/`: an HTML page, its script and style sheet, all compiled into the
/// binary (nothing is fetched from elsewhere at run time), and the example queries of
/// the configured `queries/` folder at `/ui/examples`.
struct WebUI: Sendable {
    let examplesDirectory: String?

    /// The embedded files by URL path.
    static let assets: [String: (mediaType: String, bytes: [UInt8])] = [
        "/": ("text/html; charset=utf-8", PackageResources.index_html),
        "/ui/app.js": ("text/javascript; charset=utf-8", PackageResources.app_js),
        "/ui/app.css": ("text/css; charset=utf-8", PackageResources.app_css),
        "/ui/favicon.svg": ("image/svg+xml", PackageResources.favicon_svg),
    ]

    func asset(_ path: String, head: Bool) -> Response {
        let key = path == "/index.html" ? "/" : path
        guard let asset = Self.assets[key] else {
            return ProtocolError(.notFound, "not-found", "no such page: \(path)").response(includeBody: !head)
        }
        return Response(status: .ok,
                        headers: [.contentType: asset.mediaType, .contentLength: String(asset.bytes.count), .cacheControl: "no-cache"],
                        body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }

    struct Example: Encodable {
        /// The file name without `.rq`.
        let name: String
        /// The first comment line of the file, or the name.
        let title: String
        let query: String
    }

    /// The `*.rq` files of the examples folder, sorted by name.
    func examples() -> [Example] {
        guard let directory = examplesDirectory,
              let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasSuffix(".rq") }.sorted().compactMap { file in
            guard let data = FileManager.default.contents(atPath: directory + "/" + file),
                  let text = String(data: data, encoding: .utf8) else { return nil }
            let name = String(file.dropLast(3))
            let firstLine = text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            let title = firstLine.hasPrefix("#") ? firstLine.drop { $0 == "#" || $0 == " " }.description : name
            return Example(name: name, title: title.isEmpty ? name : title, query: text)
        }
    }

    func examplesResponse() -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let bytes = Array((try? encoder.encode(examples())) ?? Data("[]".utf8))
        return Response(status: .ok, headers: [.contentType: "application/json", .contentLength: String(bytes.count), .cacheControl: "no-cache"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
