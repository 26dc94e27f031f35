-- Issue 10. The plan's goals: a 网络舆情 carries its 舆情等级 (ordinary,
-- serious, major; NULL for incidents registered before it was asked and for
-- every other kind), and the district keeps the ranks the city and the
-- province publish of its 信访件总量, one row per period and level.
ALTER TABLE cases ADD COLUMN online_severity TEXT;
CREATE INDEX cases_online_severity ON cases(online_severity) WHERE online_severity IS NOT NULL;

CREATE TABLE published_ranks (
    id              BIGSERIAL PRIMARY KEY,
    period          TEXT    NOT NULL,
    period_start    TEXT    NOT NULL,
    level           TEXT    NOT NULL,
    rank            BIGINT  NOT NULL,
    ranked_count    BIGINT  NOT NULL,
    published_total BIGINT,
    source          TEXT    NOT NULL,
    note            TEXT,
    entered_by      BIGINT  REFERENCES users(id),
    entered_at      BIGINT  NOT NULL,
    UNIQUE (period, level)
);
