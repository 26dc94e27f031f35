-- Issue 11 (item 5). 信访舆情隐患分析排查会议: each township's monthly risk
-- meeting (the month is its date's), and the measures it decided, each a
-- tracked task with an owner and a due day (YYYY-MM-DD) until marked done.
CREATE TABLE meetings (
    id          BIGSERIAL PRIMARY KEY,
    township_id BIGINT NOT NULL REFERENCES orgs(id),
    month       TEXT    NOT NULL,
    held_on     TEXT    NOT NULL,
    place       TEXT    NOT NULL,
    chair       TEXT    NOT NULL,
    attendees   TEXT    NOT NULL,
    risks       TEXT    NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX meetings_month ON meetings(month, township_id);
CREATE INDEX meetings_township ON meetings(township_id, held_on);

CREATE TABLE meeting_measures (
    id          BIGSERIAL PRIMARY KEY,
    meeting_id  BIGINT NOT NULL REFERENCES meetings(id),
    township_id BIGINT NOT NULL REFERENCES orgs(id),
    seq         BIGINT NOT NULL,
    content     TEXT    NOT NULL,
    owner       TEXT    NOT NULL,
    due_on      TEXT    NOT NULL,
    done_on     TEXT,
    done_note   TEXT,
    done_by     BIGINT REFERENCES users(id),
    done_at     BIGINT
);
CREATE INDEX meeting_measures_meeting ON meeting_measures(meeting_id, seq);
CREATE INDEX meeting_measures_open ON meeting_measures(township_id, due_on) WHERE done_on IS NULL;

-- Issue 11 (item 6). The 扶贫日 week view reads the visits made in a week.
CREATE INDEX case_events_kind_time ON case_events(kind, occurred_at);
