extension PairingAnswer {
    /// The answer in the words agreeing with the person who gave it: «Согласна», «Отказался»,
    /// «Ещё не ответила»; both forms when the gender is unknown.
    func russianName(for gender: Gender?) -> String {
        switch self {
        case .pending: "Ещё не " + Gender.form(gender, male: "ответил", female: "ответила")
        case .accepted: Gender.form(gender, male: "Согласен", female: "Согласна")
        case .declined: Gender.form(gender, male: "Отказался", female: "Отказалась")
        }
    }
}
