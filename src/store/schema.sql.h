/* The schema, version 1. Each later version adds a migration step in store.c;
 * a released step is never edited. Kept as a C string so the binary is self-contained. */
static const char rp_schema_v1[] =
	/* Mailing lists (or import sources) and their IMAP sync state. */
	"CREATE TABLE list ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  server TEXT, folder TEXT,"
	"  uidvalidity INTEGER, highest_uid INTEGER NOT NULL DEFAULT 0,"
	"  highestmodseq INTEGER, last_sync INTEGER);"
	/* Raw messages, addressed by the SHA-256 of their bytes: each byte sequence is
	 * written once whatever the number of lists or Message-IDs that point at it. */
	"CREATE TABLE raw ("
	"  hash TEXT PRIMARY KEY,"
	"  bytes BLOB NOT NULL) WITHOUT ROWID;"
	/* One row per distinct (Message-ID, content) pair: the same message imported twice is
	 * stored once; two different messages sharing a Message-ID are both kept. */
	"CREATE TABLE message ("
	"  id INTEGER PRIMARY KEY,"
	"  message_id TEXT NOT NULL,"
	"  hash TEXT NOT NULL REFERENCES raw(hash),"
	"  synthetic_id INTEGER NOT NULL DEFAULT 0,"
	"  list_id INTEGER REFERENCES list(id),"
	"  uid INTEGER, uidvalidity INTEGER,"
	"  date INTEGER, date_zone INTEGER,"
	"  from_name TEXT, from_addr TEXT,"
	"  to_addrs TEXT, cc_addrs TEXT,"
	"  subject TEXT, in_reply_to TEXT, refs TEXT, list_header TEXT,"
	"  body TEXT,"
	"  size INTEGER NOT NULL,"
	"  parse_error TEXT,"
	"  source TEXT,"
	"  imported_at INTEGER NOT NULL,"
	"  UNIQUE(message_id, hash));"
	"CREATE INDEX message_list_date ON message(list_id, date);"
	"CREATE INDEX message_from ON message(from_addr);"
	"CREATE INDEX message_irt ON message(in_reply_to);"
	"CREATE TABLE attachment ("
	"  message INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,"
	"  ordinal INTEGER NOT NULL,"
	"  name TEXT, type TEXT, size INTEGER, text TEXT,"
	"  PRIMARY KEY(message, ordinal)) WITHOUT ROWID;"
	/* Segmentation of each body into ordered blocks (text module). */
	"CREATE TABLE block ("
	"  message INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,"
	"  ordinal INTEGER NOT NULL,"
	"  kind TEXT NOT NULL, depth INTEGER NOT NULL DEFAULT 0,"
	"  text TEXT NOT NULL,"
	"  PRIMARY KEY(message, ordinal)) WITHOUT ROWID;"
	/* JWZ threading: one row per message or ghost container, keyed by Message-ID. */
	"CREATE TABLE thread_node ("
	"  message_id TEXT PRIMARY KEY,"
	"  parent TEXT,"
	"  thread TEXT NOT NULL,"
	"  ghost INTEGER NOT NULL DEFAULT 0,"
	"  depth INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
	"CREATE INDEX thread_node_thread ON thread_node(thread);"
	"CREATE INDEX thread_node_parent ON thread_node(parent);"
	/* Drafts and their sections. */
	"CREATE TABLE draft ("
	"  id INTEGER PRIMARY KEY,"
	"  title TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1,"
	"  source TEXT, circulated TEXT, list_id INTEGER REFERENCES list(id),"
	"  deadline INTEGER, revises INTEGER REFERENCES draft(id),"
	"  text TEXT NOT NULL, created INTEGER NOT NULL);"
	"CREATE TABLE section ("
	"  id INTEGER PRIMARY KEY,"
	"  draft INTEGER NOT NULL REFERENCES draft(id) ON DELETE CASCADE,"
	"  ordinal INTEGER NOT NULL,"
	"  number TEXT, heading TEXT, text TEXT NOT NULL,"
	"  level INTEGER NOT NULL DEFAULT 1, parent INTEGER,"
	"  page_from INTEGER, page_to INTEGER,"
	"  UNIQUE(draft, ordinal));"
	/* Which messages answer a draft, and why others were excluded. manual = set by hand. */
	"CREATE TABLE draft_message ("
	"  draft INTEGER NOT NULL REFERENCES draft(id) ON DELETE CASCADE,"
	"  message INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,"
	"  included INTEGER NOT NULL, reason TEXT, manual INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY(draft, message)) WITHOUT ROWID;"
	/* Points: one thing a member said. Identified by (draft, message, ordinal) so manual
	 * decisions survive re-analysis. */
	"CREATE TABLE point ("
	"  id INTEGER PRIMARY KEY,"
	"  draft INTEGER NOT NULL REFERENCES draft(id) ON DELETE CASCADE,"
	"  message INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,"
	"  ordinal INTEGER NOT NULL,"
	"  text TEXT NOT NULL, quoted TEXT,"
	"  responds_to INTEGER REFERENCES point(id) ON DELETE SET NULL,"
	"  UNIQUE(draft, message, ordinal));"
	"CREATE TABLE anchor ("
	"  point INTEGER NOT NULL REFERENCES point(id) ON DELETE CASCADE,"
	"  section INTEGER REFERENCES section(id) ON DELETE CASCADE," /* NULL = general */
	"  method TEXT NOT NULL, confidence REAL NOT NULL, evidence TEXT);"
	"CREATE INDEX anchor_point ON anchor(point);"
	"CREATE TABLE stance ("
	"  point INTEGER PRIMARY KEY REFERENCES point(id) ON DELETE CASCADE,"
	"  label TEXT NOT NULL, secondary TEXT,"
	"  target_kind TEXT, target TEXT,"
	"  cues TEXT, confidence REAL NOT NULL, proposed TEXT);"
	/* Members of the group: canonical address, display name, affiliation, aliases. */
	"CREATE TABLE member ("
	"  id INTEGER PRIMARY KEY,"
	"  address TEXT NOT NULL UNIQUE,"
	"  name TEXT, affiliation TEXT);"
	"CREATE TABLE member_alias ("
	"  member INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,"
	"  alias TEXT NOT NULL,"
	"  PRIMARY KEY(member, alias)) WITHOUT ROWID;"
	/* Manual decisions (anchor, stance, disposition, inclusion), keyed by the stable
	 * identity of what they apply to; never touched by re-analysis. */
	"CREATE TABLE decision ("
	"  draft INTEGER NOT NULL REFERENCES draft(id) ON DELETE CASCADE,"
	"  message_id TEXT NOT NULL, ordinal INTEGER NOT NULL,"
	"  key TEXT NOT NULL, value TEXT NOT NULL, note TEXT, who TEXT,"
	"  set_at INTEGER NOT NULL,"
	"  PRIMARY KEY(draft, message_id, ordinal, key)) WITHOUT ROWID;"
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;";

/* Version 2: raw becomes a rowid table. As a WITHOUT ROWID table keyed by a random hash,
 * every insert landed in the middle of the b-tree with its whole message, so a batch
 * rewrote (and the WAL wrote again) pages full of earlier messages; appended by rowid,
 * each message's bytes are written in new pages only, and the hash has its own small
 * index. Needs foreign_keys off (message.hash references raw), set by the caller. */
static const char rp_schema_v2[] =
	"CREATE TABLE raw_v2 ("
	"  id INTEGER PRIMARY KEY,"
	"  hash TEXT NOT NULL UNIQUE,"
	"  bytes BLOB NOT NULL);"
	"INSERT INTO raw_v2(hash, bytes) SELECT hash, bytes FROM raw;"
	"DROP TABLE raw;"
	"ALTER TABLE raw_v2 RENAME TO raw;";

/* Version 3: the index that keeps threading incremental (thread/store.c). thread_key maps
 * a 64-bit key to the messages that have it: each id a message names (In-Reply-To,
 * References), its base subject, and that subject again when the message falls back on
 * it; a message's own id is found through message(message_id). Triggers make the next
 * thread update start from nothing when a message is deleted or a threading header
 * edited; the tree is rebuilt once after this migration. */
static const char rp_schema_v3[] =
	"CREATE TABLE thread_key ("
	"  key INTEGER NOT NULL,"
	"  message INTEGER NOT NULL,"
	"  PRIMARY KEY(key, message)) WITHOUT ROWID;"
	"CREATE TRIGGER message_thread_delete AFTER DELETE ON message BEGIN"
	"  DELETE FROM meta WHERE key = 'thread_upto'; END;"
	"CREATE TRIGGER message_thread_update AFTER UPDATE OF id, message_id, in_reply_to, refs,"
	"  subject, date, list_id ON message BEGIN"
	"  DELETE FROM meta WHERE key = 'thread_upto'; END;"
	"DELETE FROM meta WHERE key IN ('thread_stamp', 'thread_upto');";

/* Version 4: a body that is the raw message's own tail (plain text in its charset, no
 * transfer encoding: most list mail) is not written a second time. Such a row has body
 * NULL and body_at, the byte offset in raw.bytes where its body starts; read it through
 * RP_SQL_BODY (store.h) or the view message_text. Older rows keep their body. */
static const char rp_schema_v4[] =
	"ALTER TABLE message ADD COLUMN body_at INTEGER;"
	"CREATE VIEW message_text(id, body) AS"
	"  SELECT m.id, coalesce(m.body, CAST(substr(r.bytes, m.body_at + 1) AS TEXT))"
	"  FROM message m LEFT JOIN raw r ON r.hash = m.hash;";

/* Version 5: comments sent as an attachment to a reply (analyse/attach.c). point.source
 * names where a point was read when not in the message's body ("attachment
 * comments.docx"); unread_attachment keeps, per draft, the attachments that should have
 * carried a reply's comments but could not be read, so `check` reports them. */
static const char rp_schema_v5[] =
	"ALTER TABLE point ADD COLUMN source TEXT;"
	"CREATE TABLE unread_attachment ("
	"  draft INTEGER NOT NULL REFERENCES draft(id) ON DELETE CASCADE,"
	"  message INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL, reason TEXT NOT NULL,"
	"  PRIMARY KEY(draft, message, name)) WITHOUT ROWID;";

/* Version 6: the lists a message belongs to. A message is stored once (Message-ID and
 * content), but the same message cross-posted to two lists belongs to both: message.list_id
 * stays the first list that stored it, and message_list holds one row per list. added_later
 * marks a list that received the message after another had stored it (the index on it
 * stays as small as those rows); date is the message's, copied so that a list's window
 * is read from the index alone, and kept in step by a trigger. Whoever writes a message
 * row writes its first list here too (ingest/import.c): a trigger on that insert, even
 * an empty one, made an import of 20,000 messages take 40% more CPU. */
static const char rp_schema_v6[] =
	"CREATE TABLE message_list ("
	"  list INTEGER NOT NULL REFERENCES list(id),"
	"  message INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,"
	"  date INTEGER,"
	"  added_later INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY(list, message)) WITHOUT ROWID;"
	"CREATE INDEX message_list_message ON message_list(message);"
	"CREATE INDEX message_list_window ON message_list(list, date);"
	"CREATE INDEX message_list_later ON message_list(list, message) WHERE added_later;"
	/* a duplicate's rows are found by its bytes' hash, before any parsing */
	"CREATE INDEX message_hash ON message(hash);"
	"INSERT INTO message_list(list, message, date)"
	"  SELECT list_id, id, date FROM message WHERE list_id IS NOT NULL;"
	"CREATE TRIGGER message_list_date AFTER UPDATE OF date ON message BEGIN"
	"  UPDATE message_list SET date = new.date WHERE message = new.id; END;"
	/* also when foreign keys are off (the sqlite3 shell): a row id used again must not
	 * find the lists of the message deleted */
	"CREATE TRIGGER message_list_delete AFTER DELETE ON message BEGIN"
	"  DELETE FROM message_list WHERE message = old.id; END;";

/* Version 7: who set an inclusion by hand (set --message ID include=... --who), and when,
 * as the decision table records it for decisions on points. */
static const char rp_schema_v7[] =
	"ALTER TABLE draft_message ADD COLUMN who TEXT;"
	"ALTER TABLE draft_message ADD COLUMN set_at INTEGER;";
