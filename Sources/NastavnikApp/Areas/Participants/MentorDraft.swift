import Foundation

/// A mentor's data from the form, the API or an import row, checked once for all three.
struct MentorDraft: Sendable {
    var lastName = ""
    var firstName = ""
    var middleName: String?
    /// `male` / `female` / nil (не указан); `genderGiven` is false when the source had no «Пол»
    /// (an import row, an API call without it), so a curator's correction is kept.
    var gender: String?
    var genderGiven = false
    var birthDate: Date?
    var origin: MentorOrigin = .teacher
    var forms: [MentoringForm] = []
    var competencies: String?
    var lifeExperience: String?
    var interests: String?
    var subjects: String?
    var preferredAgeFrom: Int?
    var preferredAgeTo: Int?
    var hoursPerWeek: Double?
    var capacity = 1
    var meetingTimes: String?
    var meetingPlace: MeetingPlace = .inPerson
    var workplace: String?
    var position: String?
    /// A pupil's or student's class or group: moves with the academic year.
    var className: String?
    var phone: String?
    var email: String?
    var status: MentorStatus = .candidate
    var longTerm = false
    var formerMentee = false
    var enteredOn = FieldParsing.today()

    var isMinor: Bool {
        if let birthDate { return FieldParsing.age(birthDate: birthDate) < 18 }
        return origin == .student
    }

    static func parse(_ values: [String: String]) -> (draft: MentorDraft, errors: [String: String]) {
        var draft = MentorDraft()
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
        if let text = value("birthDate") {
            if let problem = FieldParsing.dateProblem(text, example: "21.06.1985", notAfter: Date(), what: "Дата рождения") { errors["birthDate"] = problem } else { draft.birthDate = FieldParsing.date(text) }
        }
        if let text = value("origin") {
            if let origin: MentorOrigin = FieldParsing.choice(text, names: { $0.russianName }) { draft.origin = origin }
            else { errors["origin"] = "Неизвестная категория «\(text)». Допустимо: " + MentorOrigin.allCases.map(\.russianName).joined(separator: ", ") + "." }
        } else {
            errors["origin"] = "Укажите, кто наставник: педагог, обучающийся, выпускник, сотрудник предприятия…"
        }
        var unknownForms: [String] = []
        for item in FieldParsing.list(values["forms"] ?? "") {
            if let form: MentoringForm = FieldParsing.choice(item, names: { $0.russianName }) { if !draft.forms.contains(form) { draft.forms.append(form) } }
            else { unknownForms.append(item) }
        }
        if !unknownForms.isEmpty { errors["forms"] = "Неизвестная форма «\(unknownForms.joined(separator: "», «"))»." }
        else if draft.forms.isEmpty { errors["forms"] = "Выберите хотя бы одну форму наставничества." }
        draft.competencies = value("competencies")
        draft.lifeExperience = value("lifeExperience")
        draft.interests = value("interests")
        draft.subjects = value("subjects")
        if let text = value("preferredAge") {
            let numbers = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            if let first = numbers.first, (5...100).contains(first), numbers.count <= 2, (numbers.last ?? first) >= first {
                draft.preferredAgeFrom = first
                draft.preferredAgeTo = numbers.last
            } else {
                errors["preferredAge"] = "Возраст наставляемых — например «12–15» или «14»."
            }
        }
        if let text = value("hoursPerWeek") {
            if let hours = Double(text.replacingOccurrences(of: ",", with: ".")), (0...40).contains(hours) { draft.hoursPerWeek = hours }
            else { errors["hoursPerWeek"] = "Ресурс времени — число часов в неделю от 0 до 40." }
        }
        if let text = value("capacity") {
            if let capacity = Int(text), (1...30).contains(capacity) { draft.capacity = capacity }
            else { errors["capacity"] = "Число наставляемых — от 1 до 30." }
        }
        draft.meetingTimes = value("meetingTimes")
        if let text = value("meetingPlace") {
            if let place: MeetingPlace = FieldParsing.choice(text, names: { $0.russianName }) { draft.meetingPlace = place }
            else { errors["meetingPlace"] = "Формат встреч — очно, онлайн или очно и онлайн." }
        }
        draft.workplace = value("workplace")
        draft.position = value("position")
        if let text = value("className") {
            if let problem = classProblem(text) { errors["className"] = problem } else { draft.className = text }
        }
        draft.phone = value("phone")
        if let email = value("email") {
            if email.contains("@"), !email.contains(" ") { draft.email = email } else { errors["email"] = "Адрес почты должен содержать @." }
        }
        if let text = value("status") {
            if let status: MentorStatus = FieldParsing.choice(text, names: { $0.russianName }) { draft.status = status }
            else { errors["status"] = "Неизвестный статус «\(text)»." }
        }
        for (key, path) in [("longTerm", \MentorDraft.longTerm), ("formerMentee", \MentorDraft.formerMentee)] {
            if let text = values[key] {
                if let flag = FieldParsing.bool(text) { draft[keyPath: path] = flag } else { errors[key] = "Ответ — «да» или «нет»." }
            }
        }
        if let text = value("enteredOn") {
            if let problem = FieldParsing.dateProblem(text, example: "01.09.2026") { errors["enteredOn"] = problem } else if let date = FieldParsing.date(text) { draft.enteredOn = date }
        }
        return (draft, errors)
    }

    func apply(to mentor: Mentor) {
        mentor.lastName = lastName
        mentor.firstName = firstName
        mentor.middleName = middleName
        if genderGiven { mentor.storedGender = gender }
        mentor.birthDate = birthDate
        mentor.isMinor = isMinor
        mentor.origin = origin
        mentor.contour = origin.contour
        mentor.formsMask = MentoringForm.mask(forms)
        mentor.competencies = competencies
        mentor.lifeExperience = lifeExperience
        mentor.interests = interests
        mentor.subjects = subjects
        mentor.preferredAgeFrom = preferredAgeFrom
        mentor.preferredAgeTo = preferredAgeTo
        mentor.hoursPerWeek = hoursPerWeek
        mentor.capacity = capacity
        mentor.meetingTimes = meetingTimes
        mentor.meetingPlace = meetingPlace
        mentor.workplace = workplace
        mentor.position = position
        mentor.className = className
        mentor.phone = phone
        mentor.email = email
        mentor.status = status
        mentor.longTerm = longTerm
        mentor.formerMentee = formerMentee
        mentor.enteredOn = enteredOn
        mentor.updateSearchKey()
    }

    /// A class or group is one short name a step of the academic year can move: «10А», «ТД-21»,
    /// «2 курс» — not a list of classes, not a sentence.
    static func classProblem(_ text: String) -> String? {
        if text.count > 30 { return "Не длиннее 30 знаков: одно название, например 10А или ТД-21." }
        let allowed = CharacterSet.letters.union(.decimalDigits).union(CharacterSet(charactersIn: " -.«»\"/"))
        if text.unicodeScalars.contains(where: { !allowed.contains($0) }) || !text.contains(where: { $0.isLetter || $0.isNumber }) {
            return "«\(text)» — не название класса или группы: укажите одно, например 10А или ТД-21."
        }
        return nil
    }

    static func preferredAgeText(_ mentor: Mentor) -> String {
        switch (mentor.preferredAgeFrom, mentor.preferredAgeTo) {
        case let (from?, to?) where to != from: "\(from)–\(to)"
        case let (from?, _): "\(from)"
        default: ""
        }
    }

    static func formValues(of mentor: Mentor) -> [String: String] {
        [
            "lastName": mentor.lastName, "firstName": mentor.firstName, "middleName": mentor.middleName ?? "", "gender": mentor.storedGender ?? "",
            "birthDate": FieldParsing.text(mentor.birthDate), "origin": mentor.origin.rawValue,
            "forms": mentor.forms.map(\.rawValue).joined(separator: ";"), "competencies": mentor.competencies ?? "",
            "lifeExperience": mentor.lifeExperience ?? "", "interests": mentor.interests ?? "", "subjects": mentor.subjects ?? "",
            "preferredAge": preferredAgeText(mentor), "hoursPerWeek": mentor.hoursPerWeek.map { String($0) } ?? "",
            "capacity": String(mentor.capacity), "meetingTimes": mentor.meetingTimes ?? "", "meetingPlace": mentor.meetingPlace.rawValue,
            "workplace": mentor.workplace ?? "", "position": mentor.position ?? "", "className": mentor.className ?? "", "phone": mentor.phone ?? "", "email": mentor.email ?? "",
            "status": mentor.status.rawValue, "longTerm": mentor.longTerm ? "да" : "нет", "formerMentee": mentor.formerMentee ? "да" : "нет",
            "enteredOn": FieldParsing.text(mentor.enteredOn),
        ]
    }
}
