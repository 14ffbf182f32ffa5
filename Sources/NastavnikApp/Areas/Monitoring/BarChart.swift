import Foundation

/// A horizontal bar chart drawn as SVG on the server: no scripts, prints as it shows, and reads
/// without colour (each bar carries its figure as text).
enum BarChart {
    struct Bar: Sendable {
        let label: String
        let value: Double?
        let text: String
    }

    static func svg(_ bars: [Bar], title: String, maximum: Double? = nil) -> String {
        let rowHeight = 26.0, labelWidth = 260.0, chartWidth = 420.0, textWidth = 90.0
        let top = max(maximum ?? 0, bars.compactMap(\.value).max() ?? 0, 1)
        let height = Double(bars.count) * rowHeight + 8
        var svg = """
        <svg class="chart" role="img" aria-label="\(escape(title))" viewBox="0 0 \(Int(labelWidth + chartWidth + textWidth)) \(Int(height))" \
        xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="13"><title>\(escape(title))</title>
        """
        for (index, bar) in bars.enumerated() {
            let y = Double(index) * rowHeight + 4
            let label = bar.label.count > 38 ? String(bar.label.prefix(37)) + "…" : bar.label
            svg += "<text x=\"\(Int(labelWidth - 8))\" y=\"\(Int(y + 17))\" text-anchor=\"end\" fill=\"#1f2933\">\(escape(label))</text>"
            svg += "<rect x=\"\(Int(labelWidth))\" y=\"\(Int(y + 4))\" width=\"\(Int(chartWidth))\" height=\"16\" fill=\"#eef2f7\"/>"
            if let value = bar.value {
                let width = max(1, chartWidth * min(value, top) / top)
                svg += "<rect x=\"\(Int(labelWidth))\" y=\"\(Int(y + 4))\" width=\"\(Int(width))\" height=\"16\" fill=\"#1f5fa8\"/>"
            }
            svg += "<text x=\"\(Int(labelWidth + chartWidth + 8))\" y=\"\(Int(y + 17))\" fill=\"#1f2933\">\(escape(bar.text))</text>"
        }
        return svg + "</svg>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
