import Foundation

/// The printable consent (DOCX) a person or a legal representative signs: consent to processing
/// (152-FZ art. 9) and, separately as art. 10.1 requires, consent to publication by category.
enum ConsentForm {
    struct Subject {
        var fullName: String?
        var birthDate: Date?
        var className: String?
        var isMinor: Bool
        var kind: BaseKind
        /// The name in the genitive («несовершеннолетнего Иванова Ивана Ивановича»).
        var genitiveName: String? = nil
    }

    static func document(organization: Organization, subject: Subject) -> DOCXDocument {
        let blank = "________________________________________"
        let person = subject.fullName ?? blank
        // The child stands in the genitive: «законным представителем несовершеннолетнего Иванова Ивана».
        let child = subject.genitiveName ?? person
        let org = ConsentTexts.operatorLine(organization)
        let role = subject.kind == .mentee ? "наставляемого" : "наставника"
        var blocks: [DOCXDocument.Block] = [
            .text("Руководителю \(organization.shortName)", alignment: .right),
            .heading("СОГЛАСИЕ", level: 1),
            .text(subject.isMinor
                  ? "законного представителя на обработку персональных данных несовершеннолетнего — участника программы наставничества"
                  : "на обработку персональных данных участника программы наставничества", alignment: .center),
        ]
        if subject.isMinor {
            blocks.append(.paragraph([
                .init("Я, \(blank), паспорт серия ______ № __________, выдан __________________________, "),
                .init("являясь законным представителем (\("мать / отец / опекун — нужное подчеркнуть")) несовершеннолетнего "),
                .init(child, bold: subject.fullName != nil),
                .init(subject.birthDate.map { ", \(FieldParsing.text($0)) г. р." } ?? ", ____________ г. р."),
                .init(subject.className.map { ", обучающегося \($0)" } ?? ""),
                .init(", в соответствии со статьями 9 и 64 Семейного кодекса РФ и статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных»"),
            ], alignment: .justify))
        } else {
            blocks.append(.paragraph([
                .init("Я, "), .init(person, bold: subject.fullName != nil),
                .init(", паспорт серия ______ № __________, выдан __________________________, в соответствии со статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных»"),
            ], alignment: .justify))
        }
        blocks += [
        ] + ConsentTexts.processingParagraphs(operator: org, role: role).map { DOCXDocument.Block.text($0, alignment: .justify) } + [
            .text("«___» ______________ 20___ г.        ______________ / ______________________", alignment: .left),
            .text("(подпись)                    (расшифровка подписи)", alignment: .right),
            .pageBreak,
            .heading("СОГЛАСИЕ", level: 1),
            .text("на обработку персональных данных, разрешённых для распространения (ст. 10.1 Федерального закона № 152-ФЗ)", alignment: .center),
            .text("Я, \(subject.isMinor ? blank + ", законный представитель " + child : person), даю согласие оператору — \(org) — на размещение в открытом доступе (\(ConsentTexts.publicationPlaces)) только тех сведений, которые отмечены ниже:", alignment: .justify),
            .table(.init(
                header: ["Категория сведений", "Разрешаю (да / нет)", "Условия и запреты"],
                rows: [
                    ["Фамилия, имя, отчество", "", ""],
                    ["Класс (группа) или место работы, должность", "", ""],
                    ["Описание наставнической практики, цели и результаты (без фото)", "", ""],
                    ["Фотографии и видеозаписи", "", ""],
                    ["Сведения о поощрениях и номинациях («Наставник года», «Лучшая пара»)", "", ""],
                ],
                columnWidths: [5, 2, 3]
            )),
            .text(ConsentTexts.publicationValidity, alignment: .justify),
            .text("«___» ______________ 20___ г.        ______________ / ______________________", alignment: .left),
            .paragraph([.init("Версия текста согласия: \(Consents.currentTextVersion)", italic: true)], alignment: .right),
        ]
        return DOCXDocument(blocks: blocks)
    }
}
