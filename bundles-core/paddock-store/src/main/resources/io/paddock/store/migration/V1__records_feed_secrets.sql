-- Paddock store schema. Runs unchanged on PostgreSQL and on H2 (MODE=PostgreSQL); the only
-- difference is ${nameCollation}: byte order ("C") on PostgreSQL, so that name order, keyset
-- pagination and prefix matching use the index and agree with H2's code-point order.

-- One row: the global write sequence. Every write increments it inside its transaction, which
-- row-locks it until commit, so sequence order is commit order and the feed never skips a
-- sequence that commits later. compacted_through: events up to it were removed from the feed.
CREATE TABLE store_state (
    id                INTEGER PRIMARY KEY,
    last_sequence     BIGINT  NOT NULL,
    compacted_through BIGINT  NOT NULL
);
INSERT INTO store_state (id, last_sequence, compacted_through) VALUES (1, 0, 0);

-- id is the sequence of the record's creation: unique without a second sequence.
-- Times are epoch milliseconds: exact and identical comparisons on both databases.
CREATE TABLE store_records (
    id               BIGINT                               PRIMARY KEY,
    kind             VARCHAR(63)                          NOT NULL,
    name             VARCHAR(253) ${nameCollation}        NOT NULL,
    resource_version BIGINT                               NOT NULL,
    labels           VARCHAR                              NOT NULL,
    data             VARCHAR                              NOT NULL,
    created_at       BIGINT                               NOT NULL,
    updated_at       BIGINT                               NOT NULL,
    CONSTRAINT store_records_kind_name UNIQUE (kind, name)
);
CREATE INDEX store_records_kind_created ON store_records (kind, created_at, name);
CREATE INDEX store_records_kind_updated ON store_records (kind, updated_at, name);

-- Labels again, one row per pair, for selectors answered by the index.
CREATE TABLE store_labels (
    record_id   BIGINT       NOT NULL REFERENCES store_records (id) ON DELETE CASCADE,
    label_key   VARCHAR(317) NOT NULL,
    label_value VARCHAR(63)  NOT NULL,
    PRIMARY KEY (record_id, label_key)
);
CREATE INDEX store_labels_pair ON store_labels (label_key, label_value, record_id);

-- ciphertext: base64 of the 96-bit nonce followed by the AES-GCM output; key_id names the key.
CREATE TABLE store_secrets (
    record_id  BIGINT       NOT NULL REFERENCES store_records (id) ON DELETE CASCADE,
    secret_key VARCHAR(253) NOT NULL,
    key_id     VARCHAR(64)  NOT NULL,
    ciphertext VARCHAR      NOT NULL,
    PRIMARY KEY (record_id, secret_key)
);
CREATE INDEX store_secrets_key_id ON store_secrets (key_id);

-- The change feed; never holds secrets. recorded_at drives compaction.
CREATE TABLE store_events (
    seq              BIGINT       PRIMARY KEY,
    event_type       VARCHAR(8)   NOT NULL,
    kind             VARCHAR(63)  NOT NULL,
    name             VARCHAR(253) NOT NULL,
    resource_version BIGINT       NOT NULL,
    labels           VARCHAR      NOT NULL,
    data             VARCHAR      NOT NULL,
    created_at       BIGINT       NOT NULL,
    updated_at       BIGINT       NOT NULL,
    recorded_at      BIGINT       NOT NULL
);
CREATE INDEX store_events_recorded ON store_events (recorded_at);
