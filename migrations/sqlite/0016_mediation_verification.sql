-- Issue 12. 调解 on a case: its kind, when and where, the mediators and the
-- participants by role (JSON arrays: names; {role, name}), the outcome and
-- the agreement's text, the signed agreement one of the case's attachments.
CREATE TABLE case_mediations (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    kind          TEXT    NOT NULL,
    held_at       INTEGER NOT NULL,
    place         TEXT    NOT NULL,
    mediators     TEXT    NOT NULL,
    participants  TEXT    NOT NULL,
    outcome       TEXT    NOT NULL,
    agreement     TEXT,
    attachment_id INTEGER REFERENCES attachments(id),
    recorded_by   INTEGER REFERENCES users(id),
    recorded_at   INTEGER NOT NULL
);
CREATE INDEX case_mediations_case ON case_mediations(case_id, held_at);
CREATE INDEX case_mediations_held ON case_mediations(held_at);

-- 实地跟踪核查 on a case, and for a 需整改 verdict the rectification demanded
-- of the case's responsible unit (整改要求, 整改期限 as YYYY-MM-DD) and the
-- unit's answer (整改情况) when it came.
CREATE TABLE case_verifications (
    id                   INTEGER PRIMARY KEY,
    case_id              INTEGER NOT NULL REFERENCES cases(id),
    verified_at          INTEGER NOT NULL,
    method               TEXT    NOT NULL,
    findings             TEXT    NOT NULL,
    verdict              TEXT    NOT NULL,
    rectification_demand TEXT,
    rectification_due    TEXT,
    rectification_unit_id INTEGER REFERENCES orgs(id),
    answered_at          INTEGER,
    answer               TEXT,
    answer_attachment_id INTEGER REFERENCES attachments(id),
    answered_by          INTEGER REFERENCES users(id),
    answer_recorded_at   INTEGER,
    recorded_by          INTEGER REFERENCES users(id),
    recorded_at          INTEGER NOT NULL
);
CREATE INDEX case_verifications_case ON case_verifications(case_id, verified_at);
