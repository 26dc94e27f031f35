-- xinfang schema, version 1 (SQLite). Times are Unix milliseconds (UTC);
-- flags are 0/1 integers; enum values are the domain's machine keys.

CREATE TABLE orgs (
    id          INTEGER PRIMARY KEY,
    code        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    parent_id   INTEGER REFERENCES orgs(id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX orgs_parent ON orgs(parent_id);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    username       TEXT    NOT NULL UNIQUE,
    display_name   TEXT    NOT NULL,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    roles          TEXT    NOT NULL,
    phone          TEXT,
    password_hash  TEXT    NOT NULL,
    active         INTEGER NOT NULL DEFAULT 1,
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    locked_until   INTEGER,
    created_at     INTEGER NOT NULL
);
CREATE INDEX users_org ON users(org_id);

CREATE TABLE sessions (
    token_hash  TEXT    PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    csrf_token  TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    name          TEXT    NOT NULL,
    token_hash    TEXT    NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    revoked       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE petitioners (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL,
    id_number       TEXT    UNIQUE,
    phone           TEXT,
    address         TEXT,
    poverty_status  TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX petitioners_name ON petitioners(name);

CREATE TABLE case_counters (
    year      INTEGER PRIMARY KEY,
    last_seq  INTEGER NOT NULL
);

CREATE TABLE cases (
    id                    INTEGER PRIMARY KEY,
    number                TEXT    NOT NULL UNIQUE,
    year                  INTEGER NOT NULL,
    seq                   INTEGER NOT NULL,
    kind                  TEXT    NOT NULL,
    channel               TEXT    NOT NULL,
    source_level          TEXT    NOT NULL,
    key_assigned          INTEGER NOT NULL DEFAULT 0,
    received_at           INTEGER NOT NULL,
    township_id           INTEGER NOT NULL REFERENCES orgs(id),
    village_id            INTEGER REFERENCES orgs(id),
    summary               TEXT    NOT NULL,
    category              TEXT    NOT NULL,
    status                TEXT    NOT NULL,
    petitioner_id         INTEGER REFERENCES petitioners(id),
    companions            TEXT    NOT NULL DEFAULT '[]',
    handler_user_id       INTEGER REFERENCES users(id),
    handler_name          TEXT,
    handler_phone         TEXT,
    leader_user_id        INTEGER REFERENCES users(id),
    finding               TEXT,
    tri_reasonable        TEXT,
    tri_unreasonable      TEXT,
    tri_hardship          TEXT,
    tri_unlawful          TEXT,
    opinion               TEXT,
    satisfaction          TEXT,
    return_visit_at       INTEGER,
    stable                INTEGER,
    backlog               INTEGER NOT NULL DEFAULT 0,
    backlog_reason        TEXT,
    remarks               TEXT,
    online_platform       TEXT,
    online_link           TEXT,
    online_poster         TEXT,
    online_posted_at      INTEGER,
    online_discovered_at  INTEGER,
    online_reach          TEXT,
    related_case_id       INTEGER REFERENCES cases(id),
    supervision_level     INTEGER NOT NULL DEFAULT 0,
    closed_at             INTEGER,
    version               INTEGER NOT NULL DEFAULT 1,
    created_by            INTEGER REFERENCES users(id),
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    UNIQUE (year, seq)
);
CREATE INDEX cases_received ON cases(received_at);
CREATE INDEX cases_township ON cases(township_id, received_at);
CREATE INDEX cases_status ON cases(status, received_at);
CREATE INDEX cases_petitioner ON cases(petitioner_id);
CREATE INDEX cases_leader ON cases(leader_user_id);

CREATE TABLE case_units (
    case_id  INTEGER NOT NULL REFERENCES cases(id),
    org_id   INTEGER NOT NULL REFERENCES orgs(id),
    lead     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (case_id, org_id)
);
CREATE INDEX case_units_org ON case_units(org_id);

CREATE TABLE case_events (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    kind         TEXT    NOT NULL,
    actor_id     INTEGER REFERENCES users(id),
    actor_name   TEXT    NOT NULL,
    occurred_at  INTEGER NOT NULL,
    recorded_at  INTEGER NOT NULL,
    body         TEXT    NOT NULL
);
CREATE INDEX case_events_case ON case_events(case_id, occurred_at);

CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    sha256        TEXT    NOT NULL,
    filename      TEXT    NOT NULL,
    content_type  TEXT    NOT NULL,
    size          INTEGER NOT NULL,
    note          TEXT,
    uploaded_by   INTEGER REFERENCES users(id),
    uploaded_at   INTEGER NOT NULL
);
CREATE INDEX attachments_case ON attachments(case_id);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    actor_id    INTEGER,
    actor_name  TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    entity      TEXT    NOT NULL,
    entity_id   INTEGER,
    before      TEXT,
    after       TEXT,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
