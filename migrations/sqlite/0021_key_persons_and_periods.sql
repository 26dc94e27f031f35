-- Issue 11 (items 2 and 3). 重点人员: people at risk of escalated petitions,
-- their ID number and phone sealed like petitioners' (id_index links their
-- cases by the petitioners' id_index), their explicit links to cases and
-- screening entries, the 稳控 contact log and the district's 督办 of a due
-- contact. The risk score is not stored: it is computed from the cases when
-- read. risk_grade is the grade 三级研判 decides (NULL until assessed), kept
-- apart from the computed level. A dismissed proposal is remembered by id_index.
CREATE TABLE key_persons (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    name                TEXT    NOT NULL,
    id_number           TEXT,
    id_index            TEXT,
    phone               TEXT,
    township_id         INTEGER NOT NULL REFERENCES orgs(id),
    village_id          INTEGER REFERENCES orgs(id),
    escalations         TEXT    NOT NULL DEFAULT '[]',
    intends_to_escalate INTEGER NOT NULL DEFAULT 0,
    intention           TEXT,
    notes               TEXT    NOT NULL DEFAULT '',
    guardian_user_id    INTEGER REFERENCES users(id),
    guardian_name       TEXT,
    contact_every_days  INTEGER,
    risk_grade          TEXT,
    risk_grade_at       INTEGER,
    registered_on       TEXT    NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1,
    created_by          INTEGER REFERENCES users(id),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE UNIQUE INDEX key_persons_id_index ON key_persons(id_index);
CREATE INDEX key_persons_township ON key_persons(township_id);

CREATE TABLE key_person_cases (
    person_id INTEGER NOT NULL REFERENCES key_persons(id),
    case_id   INTEGER NOT NULL REFERENCES cases(id),
    PRIMARY KEY (person_id, case_id)
);
CREATE INDEX key_person_cases_case ON key_person_cases(case_id);

CREATE TABLE key_person_screenings (
    person_id    INTEGER NOT NULL REFERENCES key_persons(id),
    screening_id INTEGER NOT NULL REFERENCES screenings(id),
    PRIMARY KEY (person_id, screening_id)
);

CREATE TABLE key_person_contacts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id     INTEGER NOT NULL REFERENCES key_persons(id),
    contact_date  TEXT    NOT NULL,
    method        TEXT    NOT NULL,
    contacted_by  TEXT    NOT NULL,
    content       TEXT    NOT NULL,
    result        TEXT    NOT NULL,
    recorded_by   INTEGER REFERENCES users(id),
    recorded_at   INTEGER NOT NULL
);
CREATE INDEX key_person_contacts_person ON key_person_contacts(person_id, contact_date);

CREATE TABLE key_person_urges (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id  INTEGER NOT NULL REFERENCES key_persons(id),
    due_on     TEXT    NOT NULL,
    note       TEXT    NOT NULL,
    urged_by   INTEGER REFERENCES users(id),
    urged_at   INTEGER NOT NULL
);
CREATE INDEX key_person_urges_person ON key_person_urges(person_id, due_on);

CREATE TABLE key_person_dismissals (
    id_index    TEXT    PRIMARY KEY,
    reason      TEXT    NOT NULL,
    decided_by  INTEGER REFERENCES users(id),
    decided_at  INTEGER NOT NULL
);

-- 敏感节点 and the townships' daily 零报告 (one per township and day).
CREATE TABLE sensitive_periods (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    name               TEXT    NOT NULL,
    starts_on          TEXT    NOT NULL,
    ends_on            TEXT    NOT NULL,
    contact_every_days INTEGER NOT NULL,
    note               TEXT    NOT NULL DEFAULT '',
    created_by         INTEGER REFERENCES users(id),
    created_at         INTEGER NOT NULL
);
CREATE INDEX sensitive_periods_dates ON sensitive_periods(starts_on, ends_on);

CREATE TABLE zero_reports (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    period_id    INTEGER NOT NULL REFERENCES sensitive_periods(id),
    township_id  INTEGER NOT NULL REFERENCES orgs(id),
    report_date  TEXT    NOT NULL,
    outcome      TEXT    NOT NULL,
    issues       TEXT,
    reported_by  INTEGER REFERENCES users(id),
    reported_at  INTEGER NOT NULL,
    UNIQUE (township_id, report_date)
);
CREATE INDEX zero_reports_date ON zero_reports(report_date);

-- The well-known periods (春节, 全国两会, 国庆, 党的二十大) are seeded by the
-- store when the district is set up (Store::seed_sensitive_periods), not
-- here: a migrated schema stays empty, as a restore expects.
