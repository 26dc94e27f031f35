-- Deadlines (issue 3): milestones per case, extensions, supervision notices,
-- organisation webhooks, and administrator-loaded calendar years and rule sets.

CREATE TABLE milestones (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    key            TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    is_window      INTEGER NOT NULL DEFAULT 0,
    started_at     INTEGER,
    due_at         INTEGER,
    completed_at   INTEGER,
    state          TEXT    NOT NULL,
    explanation    TEXT    NOT NULL DEFAULT '',
    warnings       TEXT    NOT NULL DEFAULT '',
    warn_from      INTEGER,
    notice_level   INTEGER NOT NULL DEFAULT 0,
    updated_at     INTEGER NOT NULL,
    UNIQUE (case_id, key)
);
CREATE INDEX milestones_due ON milestones(state, due_at);

CREATE TABLE extensions (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    milestone_key   TEXT    NOT NULL,
    days            INTEGER NOT NULL,
    reason          TEXT    NOT NULL,
    petitioner_told INTEGER NOT NULL DEFAULT 0,
    requested_by    INTEGER REFERENCES users(id),
    requested_at    INTEGER NOT NULL,
    approved_by     INTEGER REFERENCES users(id),
    approved_at     INTEGER
);
CREATE INDEX extensions_case ON extensions(case_id);

CREATE TABLE notifications (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    case_id       INTEGER REFERENCES cases(id),
    milestone_id  INTEGER REFERENCES milestones(id),
    level         INTEGER NOT NULL,
    title         TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    read_at       INTEGER
);
CREATE INDEX notifications_user ON notifications(user_id, read_at);

CREATE TABLE webhooks (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    kind        TEXT    NOT NULL,
    url         TEXT    NOT NULL,
    markdown    INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
    id               INTEGER PRIMARY KEY,
    webhook_id       INTEGER NOT NULL REFERENCES webhooks(id),
    payload          TEXT    NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT,
    delivered_at     INTEGER,
    created_at       INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(delivered_at, next_attempt_at);

CREATE TABLE calendar_years (
    year        INTEGER PRIMARY KEY,
    body        TEXT    NOT NULL,
    updated_by  INTEGER REFERENCES users(id),
    updated_at  INTEGER NOT NULL
);

CREATE TABLE rule_sets (
    name        TEXT    PRIMARY KEY,
    body        TEXT    NOT NULL,
    updated_by  INTEGER REFERENCES users(id),
    updated_at  INTEGER NOT NULL
);
