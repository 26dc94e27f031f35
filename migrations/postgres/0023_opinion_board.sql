-- Issue 11 (item 7). The opinion board (网络舆情): an online incident's
-- disposal status over time (the latest row is the status; none means
-- 监测中), the 正面发声 made about it, and the petitions it is linked to.
CREATE TABLE opinion_states (
    id          BIGSERIAL PRIMARY KEY,
    case_id     BIGINT NOT NULL REFERENCES cases(id),
    status      TEXT    NOT NULL,
    note        TEXT,
    changed_at  BIGINT NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX opinion_states_case ON opinion_states(case_id, id);

CREATE TABLE opinion_voices (
    id          BIGSERIAL PRIMARY KEY,
    case_id     BIGINT NOT NULL REFERENCES cases(id),
    speaker     TEXT    NOT NULL,
    channel     TEXT    NOT NULL,
    platform    TEXT,
    spoken_at   BIGINT NOT NULL,
    content     TEXT    NOT NULL,
    link        TEXT,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX opinion_voices_case ON opinion_voices(case_id, spoken_at);

CREATE TABLE opinion_links (
    case_id        BIGINT NOT NULL REFERENCES cases(id),
    linked_case_id BIGINT NOT NULL REFERENCES cases(id),
    note           TEXT,
    recorded_by    BIGINT REFERENCES users(id),
    recorded_at    BIGINT NOT NULL,
    PRIMARY KEY (case_id, linked_case_id)
);
CREATE INDEX opinion_links_linked ON opinion_links(linked_case_id);
