/// Russian number agreement: which of the three forms a noun takes after a count.
///
/// Russian picks the form by the last two digits: «1 пара», «2 пары», «5 пар», «11 пар»,
/// «21 пара», «22 пары», «111 пар». Every page, message and document that puts a noun after a
/// count goes through here, so «1 свободных мест» or «стаж 22 лет» cannot be written by hand.
public enum RussianPlural {
    /// The form of a noun after `count`: `one` for 1, 21, 101…; `few` for 2–4, 22–24…;
    /// `many` for 0, 5–20, 25–30, 111–114…
    ///
    ///     RussianPlural.form(21, "пара", "пары", "пар") // "пара"
    public static func form(_ count: Int, _ one: String, _ few: String, _ many: String) -> String {
        let n = count.magnitude
        let lastTwo = n % 100
        let last = n % 10
        if (11...14).contains(lastTwo) { return many }
        if last == 1 { return one }
        if (2...4).contains(last) { return few }
        return many
    }

    /// The count followed by the agreeing form: «5 пар», «1 свободное место» when the forms
    /// given are whole phrases (`"свободное место", "свободных места", "свободных мест"`).
    public static func count(_ count: Int, _ one: String, _ few: String, _ many: String) -> String {
        "\(count) \(form(count, one, few, many))"
    }
}

extension Int {
    /// «5 пар»: this number with the noun in the form it takes after it (see `RussianPlural`).
    public func russian(_ one: String, _ few: String, _ many: String) -> String {
        RussianPlural.count(self, one, few, many)
    }
}
