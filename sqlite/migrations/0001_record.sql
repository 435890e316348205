-- The public record: entries and their RFC 6962 tree hashes (tlog's
-- stored-hash order), and the latest signed checkpoint.
CREATE TABLE record_entries (
	idx   INTEGER PRIMARY KEY CHECK (idx >= 0),
	time  INTEGER NOT NULL,
	actor TEXT NOT NULL,
	kind  TEXT NOT NULL,
	body  BLOB NOT NULL
) STRICT;

CREATE TABLE record_hashes (
	idx  INTEGER PRIMARY KEY CHECK (idx >= 0),
	hash BLOB NOT NULL CHECK (length(hash) = 32)
) STRICT;

CREATE TABLE record_checkpoint (
	id     INTEGER PRIMARY KEY CHECK (id = 1),
	size   INTEGER NOT NULL CHECK (size >= 0),
	signed BLOB NOT NULL
) STRICT;

-- Off the record: credentials and installation settings.
CREATE TABLE credentials (
	member INTEGER PRIMARY KEY,
	hash   TEXT NOT NULL
) STRICT;

CREATE TABLE tokens (
	digest  BLOB PRIMARY KEY CHECK (length(digest) = 32),
	member  INTEGER NOT NULL,
	created INTEGER NOT NULL,
	revoked INTEGER
) STRICT;

CREATE INDEX tokens_member ON tokens (member);

CREATE TABLE settings (
	name  TEXT PRIMARY KEY,
	value BLOB NOT NULL
) STRICT;
