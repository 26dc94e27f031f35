-- 单位信息: the district bureau's own details as printed on its ledgers and
-- packages (填报单位, 联系人, 联系电话, 地址, 邮编, 电子邮箱). One row.
CREATE TABLE unit_info (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    name            TEXT    NOT NULL,
    contact_person  TEXT    NOT NULL,
    phone           TEXT    NOT NULL,
    address         TEXT    NOT NULL,
    postcode        TEXT    NOT NULL,
    email           TEXT    NOT NULL,
    updated_by      INTEGER REFERENCES users(id),
    updated_at      INTEGER NOT NULL
);

-- 出具文书: a notice as issued (受理告知书 when first printed, 处理意见书 when
-- the opinion is given). Reprints and archives reproduce `content` (the
-- notice's every printed field as JSON, sealed: it carries the petitioner's
-- ID number, phone and address) with its own date; a new opinion is a new
-- notice with the next `seq`.
CREATE TABLE issued_notices (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    document        TEXT    NOT NULL,
    seq             INTEGER NOT NULL,
    issued_on       TEXT    NOT NULL,
    issued_at       INTEGER NOT NULL,
    issued_by       INTEGER REFERENCES users(id),
    issued_by_name  TEXT    NOT NULL,
    content         TEXT    NOT NULL
);
CREATE UNIQUE INDEX issued_notices_case_document_seq ON issued_notices(case_id, document, seq);

-- 报送记录: each Friday package sent to the city (办结一批报送一批): who, when,
-- the file as sent (content-addressed beside the attachments, sealed).
CREATE TABLE report_sendings (
    id              INTEGER PRIMARY KEY,
    sent_at         INTEGER NOT NULL,
    sent_by         INTEGER REFERENCES users(id),
    sent_by_name    TEXT    NOT NULL,
    since           INTEGER,
    case_count      INTEGER NOT NULL,
    filename        TEXT    NOT NULL,
    sha256          TEXT    NOT NULL,
    size            INTEGER NOT NULL
);

-- The cases of each package; a case is in exactly one (the unique index).
-- `missing` lists what its folder lacked when sent, one item a line.
CREATE TABLE report_sending_cases (
    sending_id      INTEGER NOT NULL REFERENCES report_sendings(id),
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    missing         TEXT    NOT NULL,
    PRIMARY KEY (sending_id, case_id)
);
CREATE UNIQUE INDEX report_sending_cases_case ON report_sending_cases(case_id);
