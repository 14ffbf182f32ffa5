import Foundation
import Testing
@testable import NastavnikApp

/// Issue 18, item 3: the QR code on an invitation sheet is drawn on the server. The encoder is
/// checked against the standard's vectors, against matrices made by an independent encoder
/// (Project Nayuki's qrcodegen 1.8, byte mode, level M, the same mask), and by a real decoder
/// (zbarimg) reading the SVG rendered to PNG.
@Suite("QR-код ссылки-приглашения")
struct QRCodeTests {
    static func picture(_ code: QRCode) -> [String] {
        (0..<code.size).map { row in String((0..<code.size).map { code.isDark(row: row, column: $0) ? "#" : "." }) }
    }

    @Test("Биты формата для уровня M и каждой маски совпадают с таблицей стандарта")
    func formatBits() {
        let table = [0b101010000010010, 0b101000100100101, 0b101111001111100, 0b101101101001011,
                     0b100010111111001, 0b100000011001110, 0b100111110010111, 0b100101010100000]
        #expect((0...7).map { QRCode.formatBits(mask: $0) } == table)
    }

    @Test("Биты версии 7–10 совпадают с таблицей стандарта")
    func versionBits() {
        #expect((7...10).map { QRCode.versionBits(version: $0) } == [0x07C94, 0x085BC, 0x09A99, 0x0A4D3])
    }

    @Test("Коды Рида — Соломона для примера стандарта «01234567», версия 1-M")
    func reedSolomonExample() {
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        #expect(ReedSolomon.remainder(data, generator: ReedSolomon.generator(degree: 10))
                == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    @Test("Матрица версии 3 с маской 3 совпадает с независимым кодировщиком")
    func matrixVersion3() throws {
        let code = try QRCode("https://nastavnik.example/invitations/abc", mask: 3)
        #expect(code.version == 3)
        #expect(Self.picture(code) == Self.referenceVersion3)
    }

    @Test("Матрица версии 9 (кириллица в UTF-8, биты версии) совпадает с независимым кодировщиком")
    func matrixVersion9() throws {
        let code = try QRCode(Self.longText, mask: 6)
        #expect(code.version == 9)
        #expect(Self.picture(code) == Self.referenceVersion9)
    }

    @Test("Маска выбирается по штрафам стандарта так же, как у независимого кодировщика")
    func automaticMask() throws {
        #expect(try QRCode("https://nastavnik.example/invitations/abc").mask == 3)
        #expect(try QRCode(Self.longText).mask == 0)
    }

    @Test("Слишком длинный текст не кодируется, а не превращается в неверный код")
    func tooLong() {
        #expect(throws: QRCode.EncodingError.tooLong(bytes: 214)) { try QRCode(String(repeating: "a", count: 214)) }
        #expect((try? QRCode(String(repeating: "a", count: 213)))?.version == 10)
    }

    @Test("zbarimg читает ссылку из SVG, отрисованного в PNG")
    func decodedByZbar() throws {
        let tools = ["/usr/bin/zbarimg", "/usr/bin/rsvg-convert"]
        guard tools.allSatisfy(FileManager.default.isExecutableFile(atPath:)) else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record("zbarimg или rsvg-convert не установлены (пакеты zbar-tools, librsvg2-bin), а в CI проверка обязательна")
            } else {
                print("zbarimg или rsvg-convert не установлены: проверка чтения QR-кода пропущена (CI их ставит).")
            }
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let links = ["https://nastavnik.example/invitations/abc", Self.longText,
                     "https://наставник.школа.рф/invitations/" + String(repeating: "Zz0-_", count: 9)]
        for (index, link) in links.enumerated() {
            let svg = folder.appendingPathComponent("\(index).svg"), png = folder.appendingPathComponent("\(index).png")
            try QRCode(link).svg(side: "200px").write(to: svg, atomically: true, encoding: .utf8)
            try Self.run(tools[1], ["-w", "400", "-o", png.path, svg.path])
            let decoded = try Self.run(tools[0], ["--raw", "-q", "-Sbinary", png.path])
            #expect(String(decoding: decoded, as: UTF8.self).trimmingCharacters(in: .newlines) == link)
        }
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> Data {
        try ChildProcess.run(tool, arguments).output
    }

    static let longText = "https://школа.рф/invitations/Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg?класс=7Б&xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

    static let referenceVersion3 = [
        "#######.#...#.#.#..##.#######",
        "#.....#.###..##..#....#.....#",
        "#.###.#...#..###...##.#.###.#",
        "#.###.#.##.###...#.#..#.###.#",
        "#.###.#...#######..#..#.###.#",
        "#.....#..####.#...###.#.....#",
        "#######.#.#.#.#.#.#.#.#######",
        "........#......###..#........",
        "#.##.###.###..######..#..#.##",
        ".##.##.#..#.#...#.#######...#",
        ".....##.#####.#.###.#..#..##.",
        "#........###.##.#.##.###....#",
        ".###..##.##.###..####..#.##..",
        "##..##...#.#..###..#.##...###",
        "#..####..#.##...#########.###",
        ".##.##..##.#...##...###.#..#.",
        "..###.####.#.#..#.#.##..##.#.",
        ".......#.#.#.#.#.#..#..#.###.",
        "#..#.##..##..#.##.#...###.#..",
        "..####....##.....###..##..#..",
        ".####.##.##..#..###.#######..",
        "........#....#..###.#...#####",
        "#######.#....#....###.#.##.#.",
        "#.....#.##..#......##...##.##",
        "#.###.#...###.####..#####.###",
        "#.###.#.#.#...######.#.###..#",
        "#.###.#.#####....####..#..#.#",
        "#.....#..##.####..#.###..#.#.",
        "#######.#.#..#.#..####..#..#.",
    ]

    static let referenceVersion9 = [
        "#######.##.....##.###.#####...#.#..#...#.##...#######",
        "#.....#.##..#..#....#####.##...###.#.####.##..#.....#",
        "#.###.#.####.##.#####...##.##..##.###.#....#..#.###.#",
        "#.###.#..#.#.#.###.#.###.##...###...#..####.#.#.###.#",
        "#.###.#.#.#..##......##.#####.##.#..##.#..#...#.###.#",
        "#.....#..##..#....###.###...#..###.###....#...#.....#",
        "#######.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#.#######",
        ".........##.#.##.#.#.##.#...#..#####.#.##.##.........",
        "#..########..#.##.....#.#####.#.#.####.#.##.##..#.###",
        ".##..#.#.##.#.#..##.###..###.##...#.###.#..##.##...#.",
        ".#.##.###..#..#.#.#####...#....#..##.###.##.#.###....",
        "####.#...#.##.....##..#.##..#####......###..#....#..#",
        "##....##..##....#..#..####.#..#.#######.#.#.#.#.##.#.",
        "#...#....#.#...#####.##...#.#.####.##..####..#..#.###",
        ".#.#..###.###...##.#.#...#..#####...#..##...##......#",
        "#.#.#...#.#.....#.#...#####.#..#.#.##..#..##.###.##.#",
        ".#.##.#..#.##..#...#...######.#####.#.########..#.###",
        "#.......#.#..#..#..#.#..#.##..#.##.###..##.#.####.##.",
        "...##.##....#..##..#...#.##.##..####...##...#.##.##.#",
        "...#.#...###..#.#.#...###.##.##......###...#..#...#..",
        "..##.##.##.##.##....#..##.##..##..#.#..##.#..####.##.",
        "..##...#.#..#.#.#####.#.....###.....#.######.####....",
        "#..##.#..#..##..#...#.###.#.#.####.#####...#..###.#..",
        "####....##.....#....#....#...#..#.###..#.#.##...##.##",
        ".########.#.##.######.###########.#..##.###.#####..##",
        "#..##...##..#.....#######...######...#...##.#...#.##.",
        "#.###.#.#..#.####.####.##.#.##...#.#..##.#..#.#.##..#",
        "#####...#...##..##.#..###...#..#####.####...#...####.",
        "#...#########...#.###...#######.#.#.#...###.######..#",
        "##..##..##.#.#..#..####..###..##.#.##..#......#.###..",
        "#.#..##.#...#####..#.#.##......##.##...#..#...##..#.#",
        "#.#.##.....###.#.##.#...##.#.#....#.###.##...########",
        "#.#...#####.#..#.###..##..###....##.....####.#.#..##.",
        "###..#.##....##.####.#.#..#..#..#####....##.#..##..#.",
        "###..####...#..#....#####.#.###...###.#..###.#.##.#..",
        ".#.##.....###..#.#..#.####.##...#.#.#.####.#...###..#",
        ".#...###..####...##...#...####.##.#.###..#.#.....###.",
        ".##.##...######.#...#####...###.#..#..#.##...#.###.##",
        "###.####.#..###..######.###..#.#..#.#.##.####.#.##..#",
        "#.........#.#.##..#..###..###...#.##.#..#..#..#..##.#",
        "#.....########..#..###.#####.#####.#....###.###..#.##",
        "##..#..##.#..#..#######..#....#..#.####...###.#.#.##.",
        "##.####..#.#####....##.###.#.#.#..#####....##.#######",
        ".##......#..#.##..###....###...###.###.##...#.#...#.#",
        "...#..##.#.#.#.###.##.#.#####.###.#.#.#.#.#######.#.#",
        "........##.#..#.#..#.#.##...##########..#.###...###..",
        "#######.####........#.###.#.#...##.##########.#.#.##.",
        "#.....#.#..##...##.#...##...##....#..#.#.####...##.#.",
        "#.###.#.##.#.###.##....########..##.####.##.#####..##",
        "#.###.#.##.##.##.###...##.#.####..#.#.#.......##.#.#.",
        "#.###.#..#.####.####.##.#.#.##..#.#..#####...##.#..#.",
        "#.....#...##.##.#..#.#.#...##.##...##.##.##.###..##.#",
        "#######.#..##.......###.#.##..####...###.#....#.##...",
    ]
}
