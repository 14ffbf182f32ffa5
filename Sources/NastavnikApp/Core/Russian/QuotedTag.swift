import Leaf
import LeafKit

/// `#quoted(content.programName)`: the title in Russian quotes, never doubled when the title was
/// typed with its own («Работодатель – студент»), inner quotes as „…“. See `String.quoted`.
struct QuotedTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard ctx.parameters.count == 1, let text = ctx.parameters[0].string else {
            throw LeafError(.unknownError("#quoted(text) takes one text"))
        }
        return .string(text.quoted())
    }
}
