-- Issue 10. The plan's goals: a 网络舆情 carries its 舆情等级 (ordinary,
-- serious, major; NULL for incidents registered before it was asked and for
-- every other kind), and the district keeps the ranks the city and the
-- province publish of its 信访件总量, one row per period and level.
ALTER TABLE cases ADD COLUMN online_severity TEXT;
CREATE INDEX cases_online_severity ON cases(online_severity) WHERE online_severity IS NOT NULL;

CREATE TABLE published_ranks (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    period          TEXT    NOT NULL,
    period_start    TEXT    NOT NULL,
    level           TEXT    NOT NULL,
    rank            INTEGER NOT NULL,
    ranked_count    INTEGER NOT NULL,
    published_total INTEGER,
    source          TEXT    NOT NULL,
    note            TEXT,
    entered_by      INTEGER REFERENCES users(id),
    entered_at      INTEGER NOT NULL,
    UNIQUE (period, level)
);
