/// A node of a parsed XML document: the document, an element, an attribute or text.
///
/// The tree is built once and only read afterwards, by any number of threads (the
/// engine maps records of one document in parallel), hence `@unchecked Sendable`.
/// Parents are weak: the document owns its children.
final class XMLNode: @unchecked Sendable {
    enum Kind: Sendable {
        case document, element, attribute, text
    }

    let kind: Kind
    /// The qualified name as written (`ex:name`), for elements and attributes.
    let name: String
    /// The local part of the name.
    let localName: String
    /// The namespace URI, when the name is in a namespace.
    let namespaceURI: String?
    /// The text of a text or attribute node.
    let value: String
    private(set) var attributes: [XMLNode] = []
    private(set) var children: [XMLNode] = []
    private(set) weak var parent: XMLNode?
    /// Position in document order (attributes follow their element).
    let order: Int
    /// 1-based line where the node starts, for messages.
    let line: Int

    init(kind: Kind, name: String = "", namespaceURI: String? = nil, value: String = "", order: Int, line: Int) {
        self.kind = kind
        self.name = name
        if let colon = name.firstIndex(of: ":") {
            localName = String(name[name.index(after: colon)...])
        } else {
            localName = name
        }
        self.namespaceURI = namespaceURI
        self.value = value
        self.order = order
        self.line = line
    }

    func append(child: XMLNode) {
        child.parent = self
        children.append(child)
    }

    func append(attribute: XMLNode) {
        attribute.parent = self
        attributes.append(attribute)
    }

    /// The XPath string value: the text of a text or attribute node; the concatenated
    /// descendant text of an element or the document.
    var stringValue: String {
        switch kind {
        case .text, .attribute: return value
        case .element, .document:
            if children.count == 1, children[0].kind == .text { return children[0].value }
            var out = ""
            appendText(to: &out)
            return out
        }
    }

    private func appendText(to out: inout String) {
        for child in children {
            if child.kind == .text { out += child.value } else { child.appendText(to: &out) }
        }
    }

    /// A path for messages: `/students/student[3]`.
    var path: String {
        switch kind {
        case .document: return "/"
        case .attribute: return (parent?.path ?? "") + "/@" + name
        case .text: return (parent?.path ?? "") + "/text()"
        case .element:
            guard let parent else { return "/" + name }
            let siblings = parent.children.filter { $0.kind == .element && $0.name == name }
            let prefix = parent.kind == .document ? "" : parent.path
            if siblings.count > 1, let index = siblings.firstIndex(where: { $0 === self }) {
                return prefix + "/" + name + "[\(index + 1)]"
            }
            return prefix + "/" + name
        }
    }
}
