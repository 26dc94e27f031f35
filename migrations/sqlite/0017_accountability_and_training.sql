-- Issue 12 (items 3 and 4). 问责: an accountability action the district takes
-- against a unit (and a person in it) after a 通报 or a 需整改 verdict,
-- linked to one or more cases. 信访能力大提升: training courses and which
-- people of the Annex 3 roster attended (the name kept as it was then, so a
-- cadre who replaces another starts untrained).
CREATE TABLE accountability_actions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id         INTEGER NOT NULL REFERENCES orgs(id),
    person          TEXT,
    kind            TEXT    NOT NULL,
    basis           TEXT    NOT NULL,
    reason          TEXT    NOT NULL,
    action_date     TEXT    NOT NULL,
    document_number TEXT,
    recorded_by     INTEGER REFERENCES users(id),
    recorded_at     INTEGER NOT NULL
);
CREATE INDEX accountability_actions_unit ON accountability_actions(unit_id, action_date);

CREATE TABLE accountability_cases (
    action_id INTEGER NOT NULL REFERENCES accountability_actions(id),
    case_id   INTEGER NOT NULL REFERENCES cases(id),
    PRIMARY KEY (action_id, case_id)
);
CREATE INDEX accountability_cases_case ON accountability_cases(case_id);

CREATE TABLE training_courses (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    course_date TEXT    NOT NULL,
    topic       TEXT    NOT NULL,
    topic_other TEXT,
    half_hours  INTEGER NOT NULL,
    trainer     TEXT    NOT NULL,
    place       TEXT    NOT NULL,
    recorded_by INTEGER REFERENCES users(id),
    recorded_at INTEGER NOT NULL
);
CREATE INDEX training_courses_date ON training_courses(course_date);

CREATE TABLE training_attendance (
    course_id INTEGER NOT NULL REFERENCES training_courses(id),
    org_id    INTEGER NOT NULL REFERENCES orgs(id),
    post      TEXT    NOT NULL,
    name      TEXT    NOT NULL,
    PRIMARY KEY (course_id, org_id, post)
);
CREATE INDEX training_attendance_org ON training_attendance(org_id);
