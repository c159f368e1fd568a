#!/bin/sh
# Store migrations: a database of schema version 1 (raw as a WITHOUT ROWID table keyed by
# hash) opened by this rapporteur is migrated in place to version 7 (raw appended by rowid,
# the thread_key index of incremental threading, bodies stored by reference, points read
# from attachments and the attachments that could not be read, the lists of each message,
# who set an inclusion by hand)
# with every raw byte, message, body and reference kept and the same thread tree; a
# version 5 database gets each message's list recorded in message_list, so a message
# cross-posted afterwards is counted in both lists; a newer schema is refused.
. tests/lib.sh
DB=$T/db
$RP --db "$DB" import --list dc-coord "$FIX/demo/list.mbox" >/dev/null 2>&1
check_eq "a new database is at schema version 7" "$(sqlite3 "$DB" 'pragma user_version')" 7
cp "$DB" "$T/v5.db"
bodies() { sqlite3 "$DB" "select m.message_id, t.body from message m join message_text t using (id) order by 1" | md5sum; }
bodies_before=$(bodies)
check "most demo bodies are stored by reference" \
	test "$(sqlite3 "$DB" 'select count(*) from message where body is null and body_at is not null')" -ge 10
tree() { sqlite3 "$DB" "select message_id, parent, thread, ghost, depth from thread_node order by 1" | md5sum; }
tree_before=$(tree)
check "its thread tree is not empty" test "$(sqlite3 "$DB" 'select count(*) from thread_node')" -gt 10
check "its raw table is a rowid table" sh -c "sqlite3 '$DB' \"select sql from sqlite_master where name='raw'\" | grep -qv 'WITHOUT ROWID'"

# Turn it into what version 1 wrote.
sqlite3 "$DB" "PRAGMA foreign_keys=OFF; BEGIN;
ALTER TABLE draft_message DROP COLUMN who; ALTER TABLE draft_message DROP COLUMN set_at;
DROP TRIGGER message_list_date; DROP TRIGGER message_list_delete; DROP TABLE message_list;
DROP INDEX message_hash;
UPDATE message SET body = (SELECT body FROM message_text t WHERE t.id = message.id), body_at = NULL;
DROP VIEW message_text; ALTER TABLE message DROP COLUMN body_at;
DROP TRIGGER message_thread_delete; DROP TRIGGER message_thread_update; DROP TABLE thread_key;
DROP TABLE unread_attachment; ALTER TABLE point DROP COLUMN source;
CREATE TABLE raw_v1(hash TEXT PRIMARY KEY, bytes BLOB NOT NULL) WITHOUT ROWID;
INSERT INTO raw_v1 SELECT hash, bytes FROM raw; DROP TABLE raw;
ALTER TABLE raw_v1 RENAME TO raw; PRAGMA user_version = 1; COMMIT;"
check "version 1 database made" sh -c "sqlite3 '$DB' \"select sql from sqlite_master where name='raw'\" | grep -q 'WITHOUT ROWID'"
raw_sum() { sqlite3 "$DB" "select hash || ':' || hex(bytes) from raw order by hash" | md5sum; }
before=$(raw_sum)
msgs=$(sqlite3 "$DB" "select count(*) from message")

check_rc "status on a version 1 database: exit 0" 0 $RP --db "$DB" status --json
check_eq "messages reported after migration" "$(jget "$T/out" '["messages"]')" "$msgs"
check_eq "migrated to version 7" "$(sqlite3 "$DB" 'pragma user_version')" 7
check "version 5: points have a source, unread attachments a table" \
	sqlite3 "$DB" "select source from point limit 0; select reason from unread_attachment limit 0"
check_eq "every body kept (stored in the row, as version 1 wrote it)" "$(bodies)" "$bodies_before"
check "raw is now a rowid table" sh -c "sqlite3 '$DB' \"select sql from sqlite_master where name='raw'\" | grep -qv 'WITHOUT ROWID'"
check_eq "every raw byte kept" "$(raw_sum)" "$before"
check_eq "no dangling reference" "$(sqlite3 "$DB" 'pragma foreign_key_check' | wc -l)" 0
check_eq "integrity" "$(sqlite3 "$DB" 'pragma integrity_check')" ok
check_eq "foreign keys still enforced afterwards" \
	"$(sqlite3 "$DB" "select sql like '%REFERENCES raw(hash)%' from sqlite_master where name='message'")" 1
check_rc "threads after migration: exit 0" 0 $RP --db "$DB" threads
check_eq "the thread tree rebuilt after migration is the same" "$(tree)" "$tree_before"
check "the thread key index is filled" test "$(sqlite3 "$DB" 'select count(*) from thread_key')" -gt 10
check_rc "re-import after migration: exit 0" 0 $RP --db "$DB" import --json --list dc-coord "$FIX/demo/list.mbox"
check_eq "re-import after migration: nothing new" "$(jget "$T/out" '["new"]')" 0

# Version 5 to 6: message_list filled from message.list_id, one row per message.
V5=$T/v5.db
sqlite3 "$V5" "PRAGMA foreign_keys=OFF; BEGIN;
ALTER TABLE draft_message DROP COLUMN who; ALTER TABLE draft_message DROP COLUMN set_at;
DROP TRIGGER message_list_date; DROP TRIGGER message_list_delete; DROP TABLE message_list;
DROP INDEX message_hash; PRAGMA user_version = 5; COMMIT;"
check_eq "version 5 database made" "$(sqlite3 "$V5" "select count(*) from sqlite_master where name = 'message_list' or tbl_name = 'message_list'")" 0
msgs5=$(sqlite3 "$V5" "select count(*) from message")
check_rc "status on a version 5 database: exit 0" 0 $RP --db "$V5" status --json
check_eq "migrated from version 5 to 7" "$(sqlite3 "$V5" 'pragma user_version')" 7
check_eq "status: the list's messages counted through message_list" \
	"$(jget "$T/out" '["lists"][0]["messages"]')" "$msgs5"
check_eq "every message has its list, and its date, in message_list" \
	"$(sqlite3 "$V5" "select count(*) from message m join message_list ml on ml.message = m.id and ml.list = m.list_id and ml.date is m.date and not ml.added_later")" "$msgs5"
check_eq "and no other list" "$(sqlite3 "$V5" 'select count(*) from message_list')" "$msgs5"
check "version 7: an inclusion records who set it and when" \
	sqlite3 "$V5" "select who, set_at from draft_message limit 0"
check_eq "v5 migration: no dangling reference" "$(sqlite3 "$V5" 'pragma foreign_key_check' | wc -l)" 0
check_rc "cross-posting after migration: exit 0" 0 $RP --db "$V5" import --json --list plenary "$FIX/demo/list.mbox"
check_eq "cross-posting after migration: nothing new" "$(jget "$T/out" '["new"]')" 0
check_eq "cross-posting after migration: every message added to the list" \
	"$(jget "$T/out" '["added_to_list"]')" "$msgs5"
check_rc "status after cross-posting: exit 0" 0 $RP --db "$V5" status --json
check_eq "both lists count every message" \
	"$(python3 -c 'import json,sys; print(sorted(l["messages"] for l in json.load(open(sys.argv[1]))["lists"]))' "$T/out")" \
	"[$msgs5, $msgs5]"

sqlite3 "$DB" "PRAGMA user_version = 99"
check_rc "a newer schema is refused" 5 $RP --db "$DB" status
check "with a message that says so" grep -q 'schema version 99 is newer than this rapporteur' "$T/err"
