import Fluent

extension ChecklistEvidence {
    /// What selection and training show for a program: its mentors are trained when it selected
    /// someone and every selected mentor meets the rule (or is already trained or mentoring);
    /// student mentors are tested when every selected one has a recorded test.
    static let selectionFacts: Source = { program, db in
        let progress = try await TrainingService.progress(in: program, on: db)
        guard !progress.isEmpty else { return [] }
        var facts = Set<ChecklistFact>()
        if progress.allSatisfy({ $0.meetsRule || [.trained, .active].contains($0.mentor.status) }) { facts.insert(.mentorsTrained) }
        let students = Set(progress.map(\.mentor).filter { $0.origin == .student }.compactMap(\.id))
        if !students.isEmpty {
            let tested = try await MentorSelection.query(on: db).filter(\.$program.$id == program.requireID())
                .filter(\.$mentor.$id ~~ students).filter(\.$testedOn != nil).count()
            if tested == students.count { facts.insert(.studentMentorsTested) }
        }
        return facts
    }
}
