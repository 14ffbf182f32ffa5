import Leaf
import LeafKit

/// `#path("pairs.index", content.organizationID, content.programID)`: the link of a route of the
/// site's table (`SiteRoute`), with the values in its parameters' places. An unknown name or a wrong
/// number of values fails the render rather than printing a dead link.
struct PathTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let name = ctx.parameters.first?.string else {
            throw LeafError(.unknownError("#path(name, values…) needs the route's name first"))
        }
        guard let route = SiteRoute.named(name) else {
            throw LeafError(.unknownError("#path: no route named «\(name)» in SiteRoute"))
        }
        let values = try ctx.parameters.dropFirst().map { value -> String in
            guard let text = value.string, !text.isEmpty else {
                throw LeafError(.unknownError("#path(\"\(name)\"): a value is empty or missing"))
            }
            return text
        }
        guard let path = route.path(segments: values) else {
            throw LeafError(.unknownError("#path(\"\(name)\") takes \(route.parameterNames.count) values (\(route.parameterNames.joined(separator: ", "))), got \(values.count)"))
        }
        return .string(path)
    }
}
