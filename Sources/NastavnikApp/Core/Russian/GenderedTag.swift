import Leaf
import LeafKit

/// `#gendered(name, "записал", "записала")`: the verb that agrees with a person named by a full
/// name kept as text («записала Иванова Мария Петровна»); both forms in one, «записал(а)», when
/// the name does not show the gender. See `Gender.guess(fullName:)`.
struct GenderedTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard ctx.parameters.count == 3, let male = ctx.parameters[1].string, let female = ctx.parameters[2].string else {
            throw LeafError(.unknownError("#gendered(name, male, female) takes a name and two forms"))
        }
        let gender = ctx.parameters[0].string.flatMap(Gender.guess(fullName:))
        return .string(Gender.form(gender, male: male, female: female))
    }
}
