import Foundation

/// A QR Code (ISO/IEC 18004) of a text in byte mode at error correction level M, versions 1–10:
/// up to 213 bytes, enough for an invitation link. Drawn on the server as SVG, so a printed
/// sheet needs no script and no outside service ever sees the link.
struct QRCode: Sendable {
    enum EncodingError: Error, Equatable {
        /// The text does not fit into version 10 at level M.
        case tooLong(bytes: Int)
    }

    /// 1…10; the smallest that holds the text.
    let version: Int
    /// The data mask 0…7: the one with the lowest penalty unless one was asked for.
    private(set) var mask = 0
    /// Modules per side: 17 + 4 × version.
    let size: Int
    /// `modules[row][column]`, true for a dark module.
    private(set) var modules: [[Bool]]
    private var isFunction: [[Bool]]

    static let maxVersion = 10

    /// Error correction codewords per block at level M, by version.
    private static let eccPerBlock = [10, 16, 26, 18, 24, 16, 18, 22, 22, 26]
    /// Data codewords per block at level M, by version: (number of blocks, codewords each).
    private static let blockGroups: [[(count: Int, data: Int)]] = [
        [(1, 16)], [(1, 28)], [(1, 44)], [(2, 32)], [(2, 43)],
        [(4, 27)], [(4, 31)], [(2, 38), (2, 39)], [(3, 36), (2, 37)], [(4, 43), (1, 44)],
    ]
    /// Centres of alignment patterns along each axis, by version.
    private static let alignmentCentres: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
    ]

    func isDark(row: Int, column: Int) -> Bool { modules[row][column] }

    static func dataCodewords(version: Int) -> Int {
        blockGroups[version - 1].reduce(0) { $0 + $1.count * $1.data }
    }

    /// Bits the byte-mode header takes: the mode indicator and the character count.
    private static func headerBits(version: Int) -> Int { 4 + (version < 10 ? 8 : 16) }

    init(_ text: String, mask forcedMask: Int? = nil) throws {
        let bytes = Array(text.utf8)
        guard let version = (1...Self.maxVersion).first(where: {
            Self.headerBits(version: $0) + 8 * bytes.count <= 8 * Self.dataCodewords(version: $0)
        }) else { throw EncodingError.tooLong(bytes: bytes.count) }
        self.version = version
        size = 17 + 4 * version
        modules = Array(repeating: Array(repeating: false, count: size), count: size)
        isFunction = modules
        drawFunctionPatterns()
        drawCodewords(Self.interleaved(Self.dataCodewords(of: bytes, version: version), version: version))
        if let forcedMask, (0...7).contains(forcedMask) {
            mask = forcedMask
        } else {
            var best = (mask: 0, penalty: Int.max)
            for candidate in 0...7 {
                var trial = self
                trial.applyMask(candidate)
                trial.drawFormatBits(mask: candidate)
                let penalty = trial.penalty()
                if penalty < best.penalty { best = (candidate, penalty) }
            }
            mask = best.mask
        }
        applyMask(mask)
        drawFormatBits(mask: mask)
    }

    // MARK: Data

    /// The byte-mode segment with terminator and padding, as codewords.
    static func dataCodewords(of bytes: [UInt8], version: Int) -> [UInt8] {
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) {
            for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) }
        }
        append(0b0100, 4)
        append(bytes.count, version < 10 ? 8 : 16)
        for byte in bytes { append(Int(byte), 8) }
        let capacity = 8 * dataCodewords(version: version)
        append(0, min(4, capacity - bits.count))
        append(0, (8 - bits.count % 8) % 8)
        var codewords = stride(from: 0, to: bits.count, by: 8).map { start in
            (0..<8).reduce(UInt8(0)) { $0 << 1 | (bits[start + $1] ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while codewords.count < capacity / 8 {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// Splits the data into blocks, adds each block's Reed–Solomon codewords, and interleaves
    /// them: first the data codewords column by column, then the error correction ones.
    static func interleaved(_ data: [UInt8], version: Int) -> [UInt8] {
        let eccCount = eccPerBlock[version - 1]
        let generator = ReedSolomon.generator(degree: eccCount)
        var blocks: [[UInt8]] = []
        var offset = 0
        for group in blockGroups[version - 1] {
            for _ in 0..<group.count {
                blocks.append(Array(data[offset..<(offset + group.data)]))
                offset += group.data
            }
        }
        let eccBlocks = blocks.map { ReedSolomon.remainder($0, generator: generator) }
        var result: [UInt8] = []
        for i in 0..<(blocks.map(\.count).max() ?? 0) {
            for block in blocks where i < block.count { result.append(block[i]) }
        }
        for i in 0..<eccCount {
            for block in eccBlocks { result.append(block[i]) }
        }
        return result
    }

    // MARK: Function patterns

    private mutating func setFunction(row: Int, column: Int, _ dark: Bool) {
        modules[row][column] = dark
        isFunction[row][column] = true
    }

    private mutating func drawFunctionPatterns() {
        for i in 0..<size {
            setFunction(row: 6, column: i, i % 2 == 0)
            setFunction(row: i, column: 6, i % 2 == 0)
        }
        for (row, column) in [(3, 3), (3, size - 4), (size - 4, 3)] {
            // The finder with its light separator.
            for dy in -4...4 {
                for dx in -4...4 {
                    let r = row + dy, c = column + dx
                    guard (0..<size).contains(r), (0..<size).contains(c) else { continue }
                    let distance = max(abs(dx), abs(dy))
                    setFunction(row: r, column: c, distance != 2 && distance != 4)
                }
            }
        }
        let centres = Self.alignmentCentres[version - 1]
        for (i, row) in centres.enumerated() {
            for (j, column) in centres.enumerated() {
                let last = centres.count - 1
                // The three corners taken by finders have no alignment pattern.
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 { setFunction(row: row + dy, column: column + dx, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        drawFormatBits(mask: 0)
        drawVersionBits()
    }

    /// The 15 format bits for level M and a mask: BCH(15, 5) with the generator 0x537, XORed with 0x5412.
    static func formatBits(mask: Int) -> Int {
        let data = 0b00 << 3 | mask // level M is 00
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return (data << 10 | remainder) ^ 0x5412
    }

    /// The 18 version bits (versions 7 and up): BCH(18, 6) with the generator 0x1F25.
    static func versionBits(version: Int) -> Int {
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        return version << 12 | remainder
    }

    private mutating func drawFormatBits(mask: Int) {
        let bits = Self.formatBits(mask: mask)
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        // Around the top-left finder.
        for i in 0...5 { setFunction(row: i, column: 8, bit(i)) }
        setFunction(row: 7, column: 8, bit(6))
        setFunction(row: 8, column: 8, bit(7))
        setFunction(row: 8, column: 7, bit(8))
        for i in 9..<15 { setFunction(row: 8, column: 14 - i, bit(i)) }
        // The second copy, split between the other two finders.
        for i in 0..<8 { setFunction(row: 8, column: size - 1 - i, bit(i)) }
        for i in 8..<15 { setFunction(row: size - 15 + i, column: 8, bit(i)) }
        setFunction(row: size - 8, column: 8, true) // the dark module
    }

    private mutating func drawVersionBits() {
        guard version >= 7 else { return }
        let bits = Self.versionBits(version: version)
        for i in 0..<18 {
            let dark = (bits >> i) & 1 == 1
            let a = size - 11 + i % 3, b = i / 3
            setFunction(row: b, column: a, dark)
            setFunction(row: a, column: b, dark)
        }
    }

    // MARK: Codewords and masks

    /// Places the bits in the two-column zigzag from the bottom-right corner, skipping the
    /// vertical timing column and every function module.
    private mutating func drawCodewords(_ codewords: [UInt8]) {
        var index = 0
        let total = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for step in 0..<size {
                let row = upward ? size - 1 - step : step
                for column in [right, right - 1] where !isFunction[row][column] && index < total {
                    modules[row][column] = (codewords[index >> 3] >> (7 - UInt8(index & 7))) & 1 == 1
                    index += 1
                }
            }
            right -= 2
        }
    }

    static func maskCondition(_ mask: Int, row i: Int, column j: Int) -> Bool {
        switch mask {
        case 0: (i + j) % 2 == 0
        case 1: i % 2 == 0
        case 2: j % 3 == 0
        case 3: (i + j) % 3 == 0
        case 4: (i / 2 + j / 3) % 2 == 0
        case 5: i * j % 2 + i * j % 3 == 0
        case 6: (i * j % 2 + i * j % 3) % 2 == 0
        default: ((i + j) % 2 + i * j % 3) % 2 == 0
        }
    }

    private mutating func applyMask(_ mask: Int) {
        for row in 0..<size {
            for column in 0..<size where !isFunction[row][column] && Self.maskCondition(mask, row: row, column: column) {
                modules[row][column].toggle()
            }
        }
    }

    /// The four penalty rules of the standard: runs of five and more, 2×2 blocks, finder-like
    /// patterns (1:1:3:1:1 with four light modules on a side, the quiet zone counting as light),
    /// and the share of dark modules away from half.
    func penalty() -> Int {
        var score = 0
        let columns = (0..<size).map { column in (0..<size).map { modules[$0][column] } }
        for line in modules + columns {
            var colour = false, length = 0
            var history = [Int](repeating: 0, count: 7)
            for dark in line {
                if dark == colour {
                    length += 1
                    if length == 5 { score += 3 } else if length > 5 { score += 1 }
                } else {
                    addRun(length, to: &history)
                    if !colour { score += 40 * finderLikePatterns(history) }
                    colour = dark
                    length = 1
                }
            }
            if colour {
                addRun(length, to: &history)
                length = 0
            }
            addRun(length + size, to: &history)
            score += 40 * finderLikePatterns(history)
        }
        for row in 0..<(size - 1) {
            for column in 0..<(size - 1) {
                let colour = modules[row][column]
                if modules[row][column + 1] == colour, modules[row + 1][column] == colour, modules[row + 1][column + 1] == colour {
                    score += 3
                }
            }
        }
        let dark = modules.reduce(0) { $0 + $1.filter { $0 }.count }
        let total = size * size
        let k = (abs(dark * 20 - total * 10) + total - 1) / total - 1
        return score + 10 * k
    }

    /// Pushes a finished run, newest first; the first run of a line takes the light quiet zone.
    private func addRun(_ length: Int, to history: inout [Int]) {
        history.removeLast()
        history.insert(history[0] == 0 ? length + size : length, at: 0)
    }

    /// 1:1:3:1:1 (dark, light, dark ×3, light, dark) with a light run of four times the unit on either side.
    private func finderLikePatterns(_ runs: [Int]) -> Int {
        let n = runs[1]
        guard n > 0, runs[2] == n, runs[3] == 3 * n, runs[4] == n, runs[5] == n else { return 0 }
        return (runs[0] >= 4 * n && runs[6] >= n ? 1 : 0) + (runs[6] >= 4 * n && runs[0] >= n ? 1 : 0)
    }

    // MARK: Drawing

    /// The symbol as SVG with a four-module quiet zone; dark modules joined into one path of
    /// horizontal runs. `side` is the printed width and height (e.g. «32mm»).
    func svg(side: String = "32mm", label: String = "QR-код ссылки") -> String {
        let quiet = 4, extent = size + 2 * quiet
        var path = ""
        for row in 0..<size {
            var column = 0
            while column < size {
                guard modules[row][column] else { column += 1; continue }
                var end = column
                while end < size && modules[row][end] { end += 1 }
                path += "M\(column + quiet),\(row + quiet)h\(end - column)v1h-\(end - column)z"
                column = end
            }
        }
        let escapedLabel = label.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
        return """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(extent) \(extent)" width="\(side)" height="\(side)" \
        shape-rendering="crispEdges" role="img" aria-label="\(escapedLabel)">\
        <rect width="\(extent)" height="\(extent)" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
        """
    }
}

/// Reed–Solomon error correction over GF(256) with the QR polynomial x⁸ + x⁴ + x³ + x² + 1.
enum ReedSolomon {
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var product = 0
        for i in stride(from: 7, through: 0, by: -1) {
            product = (product << 1) ^ ((product >> 7) * 0x11D)
            product ^= Int((y >> UInt8(i)) & 1) * Int(x)
        }
        return UInt8(product & 0xFF)
    }

    /// The generator polynomial (x − α⁰)(x − α¹)…(x − α^(degree−1)), without its leading 1,
    /// highest power first.
    static func generator(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = multiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    /// The error correction codewords of a block: the remainder of data × x^degree by the generator.
    static func remainder(_ data: [UInt8], generator: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: generator.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for i in generator.indices { result[i] ^= multiply(generator[i], factor) }
        }
        return result
    }
}
