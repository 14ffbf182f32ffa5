import Leaf
import LeafKit

/// `#plural(count, "пара", "пары", "пар")`: the form of the noun that agrees with `count`
/// («1 пара», «2 пары», «5 пар»), without the number itself, so a template can set the number in
/// bold and still never write «1 свободных мест». See `RussianPlural`.
struct PluralTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard ctx.parameters.count == 4, let count = ctx.parameters[0].int,
              let one = ctx.parameters[1].string, let few = ctx.parameters[2].string, let many = ctx.parameters[3].string else {
            throw LeafError(.unknownError("#plural(count, one, few, many) takes a number and three forms"))
        }
        return .string(RussianPlural.form(count, one, few, many))
    }
}
