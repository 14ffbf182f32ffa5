/// Who the people of a program are, by its form and the organization's kind (issue 17, item 6):
/// the words a built-in questionnaire uses for them. A college's students meet «после занятий»
/// and are counted by courses, an enterprise's mentors meet around their working day, a young
/// teacher is asked about lessons and the class, not about homework.
struct TemplateWording: Equatable, Sendable {
    enum Mentee: Sendable { case pupil, student, youngTeacher }
    enum Mentor: Sendable { case pupil, student, teacher, employee }

    let form: MentoringForm
    let mentee: Mentee
    let mentor: Mentor
    /// A school says «урок», a college «занятие».
    let school: Bool

    init(form: MentoringForm, kind: OrganizationKind) {
        self.form = form
        school = kind == .school
        switch form {
        case .studentStudent:
            mentee = school ? .pupil : .student
            mentor = school ? .pupil : .student
        case .teacherTeacher: mentee = .youngTeacher; mentor = .teacher
        case .collegeStudentPupil: mentee = .pupil; mentor = .student
        case .employerPupil: mentee = .pupil; mentor = .employee
        case .employerStudent: mentee = .student; mentor = .employee
        }
    }

    /// «уроков» or «занятий»: what the day of the organization is made of.
    var lessons: String { school ? "уроков" : "занятий" }

    /// The mentor questionnaire's times: read by matching (`MeetingAnswers`) through «утр», «днём», «вечер», «выходн».
    var mentorMeetingTimes: [String] {
        switch mentor {
        case .employee: ["Утром, до начала рабочего дня", "Днём, в обеденный перерыв", "Вечером, после работы", "В выходные", "Время обсудим отдельно"]
        case .student: ["Утром, до занятий", "Днём, после занятий", "Вечером", "В выходные", "Время обсудим отдельно"]
        case .pupil, .teacher: ["Утром, до \(lessons)", "Днём, после \(lessons)", "Вечером", "В выходные", "Время обсудим отдельно"]
        }
    }

    /// The mentee questionnaire's times.
    var menteeMeetingTimes: [String] {
        switch mentee {
        case .pupil: ["Утром", "Днём", "Вечером", "В выходные"]
        case .student: ["Утром, до занятий", "Днём, после занятий", "Вечером", "В выходные"]
        case .youngTeacher: ["Утром, до \(lessons)", "Днём, после \(lessons)", "Вечером", "В выходные"]
        }
    }

    /// Whom the mentor would like to work with: ages of pupils, courses of students, experience of
    /// teachers. Read by matching through «N–M лет», «студент», «молод», «не важно».
    var menteeAgeQuestion: String {
        switch mentee {
        case .pupil: "С обучающимися какого возраста вы хотели бы работать?"
        case .student: "Со студентами какого курса вы хотели бы работать?"
        case .youngTeacher: "С какими педагогами вы хотели бы работать?"
        }
    }

    var menteeAgeOptions: [String] {
        switch (mentee, mentor) {
        case (.pupil, .pupil): ["7–10 лет (1–4 классы)", "11–14 лет (5–8 классы)", "15–18 лет (9–11 классы)", "Не важно"]
        // Enterprises and colleges work with pupils of the middle and senior classes.
        case (.pupil, _): ["11–14 лет (5–8 классы)", "15–18 лет (9–11 классы)", "Не важно"]
        case (.student, _): ["15–17 лет (1–2 курсы)", "18–20 лет (3–4 курсы)", "Выпускники, молодые специалисты", "Не важно"]
        case (.youngTeacher, _): ["Молодые специалисты в первые три года работы", "Не важно"]
        }
    }

    /// The mentee as the mentor's test names them in its situations.
    var menteeInSituation: String {
        switch (mentee, mentor) {
        case (.pupil, .pupil): "Младший школьник"
        case (.pupil, _): "Школьник"
        case (.student, .student): "Студент младшего курса"
        case (.student, _): "Студент"
        case (.youngTeacher, _): "Молодой педагог"
        }
    }

    /// What upsets a mentee in the test's second situation.
    var menteeSetback: String {
        switch mentee {
        case .pupil: "Наставляемый расстроен из-за плохой оценки. Что вы ему скажете?"
        case .student: "Наставляемый расстроен из-за неудачи на практике или экзамене. Что вы ему скажете?"
        case .youngTeacher: "Наставляемый расстроен из-за неудачного открытого урока. Что вы ему скажете?"
        }
    }

    /// What the mentee questionnaire offers as directions of work. For students the seeds' requests
    /// of «работодатель – студент», for young teachers seed 000's problems of the first years.
    var menteeInterests: [String] {
        switch mentee {
        case .pupil:
            ["Учёба, подготовка к экзаменам", "Проекты и исследования", "Олимпиады и конкурсы", "Творчество", "Спорт",
             "Выбор профессии", "Общение и уверенность в себе", "Адаптация в новом коллективе"]
        case .student:
            ["Учёба, подготовка к экзаменам", "Прикладные профессиональные навыки", "Практика и стажировка на предприятии",
             "Подготовка к трудоустройству", "Проекты и конкурсы профессионального мастерства", "Собственное дело",
             "Общение и уверенность в себе", "Адаптация в новом коллективе"]
        case .youngTeacher:
            ["Организация урока", "Дисциплина на уроке", "Работа с детьми с ОВЗ", "Работа с родителями",
             "Методика преподавания предмета", "Участие в конкурсах профессионального мастерства",
             "Повышение квалификационной категории", "Адаптация в педагогическом коллективе"]
        }
    }

    /// Besides lessons or classes: seed 003's clubs and sections for pupils and students.
    var extracurricularQuestion: String { "Где вы занимаетесь помимо \(lessons)?" }

    var extracurricularOptions: [String] {
        mentee == .student
            ? ["Творческий кружок", "Спортивная секция", "Студенческое объединение", "Проект", "Нигде"]
            : ["Творческий кружок", "Спортивная секция", "Внеурочное объединение", "Проект", "Нигде"]
    }

    /// The mentor's own work or study in the satisfaction survey.
    var mentorOwnWork: String {
        switch mentor {
        case .pupil, .student: "Насколько вы удовлетворены своей учёбой?"
        case .teacher, .employee: "Насколько вы удовлетворены собственной профессиональной деятельностью?"
        }
    }

    var mentorCollective: String {
        switch mentor {
        case .employee: "Насколько комфортно вам в коллективе вашей организации?"
        case .teacher: "Насколько комфортно вам в педагогическом коллективе?"
        case .pupil: "Насколько комфортно вам в коллективе школы?"
        case .student: "Насколько комфортно вам в коллективе колледжа?"
        }
    }
}
