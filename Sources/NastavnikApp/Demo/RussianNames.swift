/// Generated Russian names for demo and scale data: surnames with their feminine forms,
/// first names, and patronymics built from male names. No real person's data.
struct RussianNames {
    enum Sex { case male, female }

    struct Person {
        let lastName: String
        let firstName: String
        let middleName: String
        let sex: Sex
    }

    static let maleSurnames = [
        "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров",
        "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев",
        "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев",
        "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
        "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов", "Тарасов",
    ]
    static let maleFirstNames = [
        "Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл", "Михаил",
        "Никита", "Матвей", "Роман", "Егор", "Арсений", "Иван", "Денис", "Евгений", "Тимофей", "Владимир",
        "Павел", "Глеб", "Константин", "Степан", "Фёдор", "Ярослав", "Николай", "Олег", "Виктор", "Юрий",
    ]
    static let femaleFirstNames = [
        "Анастасия", "Мария", "Анна", "Виктория", "Екатерина", "Наталья", "Марина", "Полина", "Дарья", "Алиса",
        "Ксения", "Елизавета", "Софья", "Юлия", "Ольга", "Татьяна", "Ирина", "Светлана", "Елена", "Варвара",
        "Вероника", "Алёна", "Людмила", "Надежда", "Галина", "Валентина", "Кристина", "Милана", "Ульяна", "Таисия",
    ]
    /// Patronymic stems of male names: the masculine and feminine endings are added.
    static let patronymics: [(male: String, female: String)] = [
        ("Александрович", "Александровна"), ("Дмитриевич", "Дмитриевна"), ("Сергеевич", "Сергеевна"),
        ("Андреевич", "Андреевна"), ("Алексеевич", "Алексеевна"), ("Михайлович", "Михайловна"),
        ("Иванович", "Ивановна"), ("Николаевич", "Николаевна"), ("Владимирович", "Владимировна"),
        ("Павлович", "Павловна"), ("Викторович", "Викторовна"), ("Юрьевич", "Юрьевна"),
        ("Олегович", "Олеговна"), ("Евгеньевич", "Евгеньевна"), ("Петрович", "Петровна"),
        ("Игоревич", "Игоревна"), ("Романович", "Романовна"), ("Константинович", "Константиновна"),
    ]

    var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    mutating func person(_ sex: Sex? = nil) -> Person {
        let sex = sex ?? (generator.next() % 2 == 0 ? .male : .female)
        let surname = Self.maleSurnames[Int(generator.next() % UInt64(Self.maleSurnames.count))]
        let patronymic = Self.patronymics[Int(generator.next() % UInt64(Self.patronymics.count))]
        switch sex {
        case .male:
            return Person(lastName: surname, firstName: Self.maleFirstNames[Int(generator.next() % UInt64(Self.maleFirstNames.count))],
                          middleName: patronymic.male, sex: .male)
        case .female:
            return Person(lastName: Self.feminine(surname), firstName: Self.femaleFirstNames[Int(generator.next() % UInt64(Self.femaleFirstNames.count))],
                          middleName: patronymic.female, sex: .female)
        }
    }

    /// Иванов → Иванова, Ильин → Ильина.
    static func feminine(_ surname: String) -> String { surname + "а" }

    /// The same family name in the form for the given sex (the generated surnames all end in -ов/-ев/-ин).
    static func surname(_ surname: String, as sex: Sex) -> String {
        let masculine = maleSurnames.contains(surname) ? surname : String(surname.dropLast())
        return sex == .male ? masculine : feminine(masculine)
    }

    /// A login from a name: «Соколова Елена» → «sokolova.e».
    static func login(lastName: String, firstName: String) -> String {
        transliterate(lastName.lowercased()) + "." + transliterate(String(firstName.prefix(1)).lowercased())
    }

    static func transliterate(_ text: String) -> String {
        let table: [Character: String] = [
            "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i", "й": "y",
            "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
            "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
        ]
        return text.map { table[$0] ?? String($0) }.joined()
    }
}

/// A small deterministic generator (SplitMix64), so the same seed gives the same demo.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
