import Foundation

/// A mentee's data as typed in the form, sent by the API or read from an import row, checked
/// once for all three, with a Russian message per field.
struct MenteeDraft: Sendable {
    var lastName = ""
    var firstName = ""
    var middleName: String?
    /// `male` / `female` / nil (не указан); `genderGiven` is false when the source had no «Пол»
    /// (an import row, an API call without it), so a curator's correction is kept.
    var gender: String?
    var genderGiven = false
    var birthDate: Date?
    var age: Int?
    var className: String?
    var form: MentoringForm = .studentStudent
    var requests: [String] = []
    var requestNote: String?
    var channel: DataChannel = .classTeacher
    var enteredOn = FieldParsing.today()
    var status: MenteeStatus = .inBase
    var guardianName: String?
    var guardianPhone: String?
    var phone: String?
    var email: String?

    var isMinor: Bool {
        if let birthDate { return FieldParsing.age(birthDate: birthDate) < 18 }
        if let age { return age < 18 }
        // Pupils of schools are children unless told otherwise; teachers and employees are not.
        return form != .teacherTeacher && form != .employerStudent
    }

    /// Parses field values keyed by `MenteeFields` codes. Missing keys keep the defaults.
    static func parse(_ values: [String: String], catalogue: RequestCatalogue) -> (draft: MenteeDraft, errors: [String: String]) {
        var draft = MenteeDraft()
        var errors: [String: String] = [:]
        func value(_ key: String) -> String? { FieldParsing.trimmedOrNil(values[key]) }

        (draft.lastName, draft.firstName, draft.middleName) = FieldParsing.personName(values)
        if values.keys.contains("gender") {
            draft.genderGiven = true
            draft.gender = Gender.stored(fromForm: values["gender"])
            if let problem = Gender.problem(values["gender"]) { errors["gender"] = problem }
        }
        if draft.lastName.isEmpty { errors["lastName"] = "Укажите фамилию." }
        if draft.firstName.isEmpty { errors["firstName"] = "Укажите имя." }
        if draft.lastName.count > 100 || draft.firstName.count > 100 { errors["lastName"] = "Слишком длинное имя." }

        if let text = value("birthDate") {
            if let problem = FieldParsing.dateProblem(text, example: "14.03.2012", notAfter: Date(), what: "Дата рождения") { errors["birthDate"] = problem } else { draft.birthDate = FieldParsing.date(text) }
        }
        if let text = value("age") {
            if let age = Int(text), (5...100).contains(age) { draft.age = age } else { errors["age"] = "Возраст — целое число лет от 5 до 100." }
        }
        if let birthDate = draft.birthDate, draft.age == nil { draft.age = FieldParsing.age(birthDate: birthDate) }
        draft.className = value("className")
        if let text = value("form") {
            if let form: MentoringForm = FieldParsing.choice(text, names: { $0.russianName }) { draft.form = form }
            else { errors["form"] = "Неизвестная форма «\(text)». Допустимо: " + MentoringForm.allCases.map(\.russianName).joined(separator: ", ") + "." }
        } else {
            errors["form"] = "Выберите форму наставничества."
        }
        var unknown: [String] = []
        for item in FieldParsing.list(values["requests"] ?? "") {
            if let code = catalogue.code(for: item) { if !draft.requests.contains(code) { draft.requests.append(code) } } else { unknown.append(item) }
        }
        if !unknown.isEmpty {
            errors["requests"] = "Нет в перечне запросов: «\(unknown.joined(separator: "», «"))». Добавьте их в перечень или выберите из списка."
        } else if draft.requests.isEmpty {
            errors["requests"] = "Укажите хотя бы один запрос наставляемого."
        }
        draft.requestNote = value("requestNote")
        if let text = value("channel") {
            if let channel: DataChannel = FieldParsing.choice(text, names: { $0.russianName })
                ?? FieldParsing.choice(text, names: { $0.name(in: .college) }) ?? FieldParsing.choice(text, names: { $0.name(in: .enterprise) }) {
                draft.channel = channel
            }
            else { errors["channel"] = "Неизвестный источник «\(text)». Допустимо: " + DataChannel.allCases.map(\.russianName).joined(separator: ", ") + "." }
        }
        if let text = value("enteredOn") {
            if let problem = FieldParsing.dateProblem(text, example: "01.09.2026") { errors["enteredOn"] = problem } else if let date = FieldParsing.date(text) { draft.enteredOn = date }
        }
        if let text = value("status") {
            if let status: MenteeStatus = FieldParsing.choice(text, names: { $0.russianName }) { draft.status = status }
            else { errors["status"] = "Неизвестный статус «\(text)»." }
        }
        draft.guardianName = value("guardianName")
        draft.guardianPhone = value("guardianPhone")
        draft.phone = value("phone")
        if let email = value("email") {
            if email.contains("@"), !email.contains(" ") { draft.email = email } else { errors["email"] = "Адрес почты должен содержать @." }
        }
        return (draft, errors)
    }

    func apply(to mentee: Mentee) {
        mentee.lastName = lastName
        mentee.firstName = firstName
        mentee.middleName = middleName
        if genderGiven { mentee.storedGender = gender }
        mentee.birthDate = birthDate
        mentee.age = age
        mentee.isMinor = isMinor
        mentee.className = className
        mentee.form = form
        mentee.requestCodes = requests.joined(separator: ";")
        mentee.requestNote = requestNote
        mentee.channel = channel
        mentee.enteredOn = enteredOn
        mentee.status = status
        mentee.guardianName = guardianName
        mentee.guardianPhone = guardianPhone
        mentee.phone = phone
        mentee.email = email
        mentee.updateSearchKey()
    }

    /// The values as the form shows them again.
    static func formValues(of mentee: Mentee) -> [String: String] {
        [
            "lastName": mentee.lastName, "firstName": mentee.firstName, "middleName": mentee.middleName ?? "", "gender": mentee.storedGender ?? "",
            "birthDate": FieldParsing.text(mentee.birthDate), "age": mentee.age.map(String.init) ?? "",
            "className": mentee.className ?? "", "form": mentee.form.rawValue, "requests": mentee.requests.joined(separator: ";"),
            "requestNote": mentee.requestNote ?? "", "channel": mentee.channel.rawValue, "enteredOn": FieldParsing.text(mentee.enteredOn),
            "status": mentee.status.rawValue, "guardianName": mentee.guardianName ?? "", "guardianPhone": mentee.guardianPhone ?? "",
            "phone": mentee.phone ?? "", "email": mentee.email ?? "",
        ]
    }
}
