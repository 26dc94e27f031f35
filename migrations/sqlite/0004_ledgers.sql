-- Ledgers (issue 4): what Annexes 1–4 need beyond the lifecycle. Screening
-- entries (Annex 1), a case's backlog and provincial details with its
-- follow-up contacts (Annexes 2 and 4), and the cadre roster (Annex 3).
-- Dates are stored as Unix milliseconds of local (UTC+8) midnight; due dates
-- as 24:00 of the day, i.e. the next day's 00:00, as milestones do.

CREATE TABLE screenings (
    id                INTEGER PRIMARY KEY,
    township_id       INTEGER NOT NULL REFERENCES orgs(id),
    village_id        INTEGER REFERENCES orgs(id),
    screened_at       INTEGER NOT NULL,
    screening_kind    TEXT,
    name              TEXT    NOT NULL,
    id_number         TEXT,
    phone             TEXT,
    poverty_status    TEXT,
    problem           TEXT    NOT NULL,
    category          TEXT    NOT NULL,
    newly_found       INTEGER,
    unit_id           INTEGER REFERENCES orgs(id),
    unit_text         TEXT    NOT NULL DEFAULT '',
    tri_reasonable    TEXT    NOT NULL,
    tri_unreasonable  TEXT    NOT NULL,
    tri_hardship      TEXT    NOT NULL,
    tri_unlawful      TEXT    NOT NULL,
    stable            INTEGER,
    remarks           TEXT    NOT NULL DEFAULT '',
    fingerprint       TEXT    NOT NULL,
    case_id           INTEGER REFERENCES cases(id),
    version           INTEGER NOT NULL DEFAULT 1,
    created_by        INTEGER REFERENCES users(id),
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    UNIQUE (township_id, fingerprint)
);
CREATE INDEX screenings_township ON screenings(township_id, screened_at);
CREATE INDEX screenings_unit ON screenings(unit_id);
CREATE INDEX screenings_case ON screenings(case_id);

CREATE TABLE case_ledgers (
    case_id          INTEGER PRIMARY KEY REFERENCES cases(id),
    first_visit_at   INTEGER,
    plan             TEXT    NOT NULL DEFAULT '',
    plan_due_at      INTEGER,
    due_at           INTEGER,
    review           TEXT    NOT NULL DEFAULT '',
    second_review    TEXT    NOT NULL DEFAULT '',
    legal_progress   TEXT    NOT NULL DEFAULT '',
    updated_by       INTEGER REFERENCES users(id),
    updated_at       INTEGER NOT NULL
);

CREATE TABLE case_followups (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    visited_at  INTEGER NOT NULL,
    note        TEXT    NOT NULL,
    created_by  INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX case_followups_case ON case_followups(case_id, visited_at);

CREATE TABLE cadre_roster (
    org_id               INTEGER PRIMARY KEY REFERENCES orgs(id),
    leader_name          TEXT    NOT NULL DEFAULT '',
    leader_title         TEXT    NOT NULL DEFAULT '',
    leader_office_phone  TEXT,
    leader_mobile        TEXT,
    cadre_name           TEXT    NOT NULL DEFAULT '',
    cadre_office_phone   TEXT,
    cadre_mobile         TEXT,
    updated_by           INTEGER REFERENCES users(id),
    updated_at           INTEGER NOT NULL
);
