-- Issue 11 (items 1 and 4). 排查活动: a screening campaign (集中排查 /
-- 日常排查 / 敏感节点排查) run by the district or, for its own villages, a
-- township, over a period and the townships and villages it covers, with
-- its focus categories. Entries are reported under a campaign (old ones
-- keep no campaign) and carry a risk grade (一般/较大/重大, 分级分类). A
-- village with nothing to report says so (已排查无风险), so coverage means
-- something. 三级研判: each screening entry (and later each key person) is
-- assessed village → township → district; the district's grade is final.
CREATE TABLE screening_campaigns (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    starts_on   TEXT    NOT NULL,
    ends_on     TEXT    NOT NULL,
    categories  TEXT    NOT NULL DEFAULT '',
    remarks     TEXT    NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX screening_campaigns_period ON screening_campaigns(starts_on, ends_on);

CREATE TABLE screening_campaign_townships (
    campaign_id INTEGER NOT NULL REFERENCES screening_campaigns(id),
    township_id INTEGER NOT NULL REFERENCES orgs(id),
    PRIMARY KEY (campaign_id, township_id)
);
CREATE INDEX screening_campaign_townships_township ON screening_campaign_townships(township_id);

CREATE TABLE screening_campaign_villages (
    campaign_id INTEGER NOT NULL REFERENCES screening_campaigns(id),
    village_id  INTEGER NOT NULL REFERENCES orgs(id),
    township_id INTEGER NOT NULL REFERENCES orgs(id),
    PRIMARY KEY (campaign_id, village_id)
);

CREATE TABLE screening_clear_reports (
    campaign_id INTEGER NOT NULL REFERENCES screening_campaigns(id),
    village_id  INTEGER NOT NULL REFERENCES orgs(id),
    township_id INTEGER NOT NULL REFERENCES orgs(id),
    screened_on TEXT    NOT NULL,
    remarks     TEXT    NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES users(id),
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, village_id)
);

ALTER TABLE screenings ADD COLUMN campaign_id INTEGER REFERENCES screening_campaigns(id);
ALTER TABLE screenings ADD COLUMN risk_grade TEXT;
CREATE INDEX screenings_campaign ON screenings(campaign_id);

CREATE TABLE risk_assessments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    subject_kind TEXT    NOT NULL,
    subject_id   INTEGER NOT NULL,
    level        TEXT    NOT NULL,
    opinion      TEXT    NOT NULL,
    grade        TEXT    NOT NULL,
    measures     TEXT    NOT NULL,
    org_id       INTEGER NOT NULL REFERENCES orgs(id),
    recorded_by  INTEGER REFERENCES users(id),
    recorded_at  INTEGER NOT NULL,
    UNIQUE (subject_kind, subject_id, level)
);
