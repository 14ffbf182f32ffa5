import Foundation

extension Double {
    /// The number as Russian text writes it: a decimal comma, `digits` after it («8,5», «17,50»).
    func russian(digits: Int = 1) -> String {
        String(format: "%.\(digits)f", self).replacingOccurrences(of: ".", with: ",")
    }
}
