import Fluent

extension ChecklistEvidence {
    /// Stage 5 is done in data once a pair or group of the program has formed with both sides' consent.
    static let pairingFacts: Source = { program, db in
        let formed = try await Pairing.query(on: db).filter(\.$program.$id == program.requireID())
            .filter(\.$status ~~ [.formed, .finished]).count()
        return formed > 0 ? [.pairsFormed] : []
    }
}
