#!/bin/sh
# Import of every archive format from fixtures/import, idempotence, identity rules and the
# bad inputs that must be reported without stopping the run.
. tests/lib.sh
I=$FIX/import
q() { sqlite3 "$1" "$2"; }

$RP --db "$T/a.db" import --json "$I/mboxo.mbox" >"$T/out" 2>"$T/err"
check_eq "mboxo: exit 0" "$?" 0
check_eq "mboxo: 3 new" "$(jget "$T/out" '["new"]')" 3
check_eq "mboxo: unescaped From line stays in its message" \
	"$(q "$T/a.db" "select count(*) from message_text where body like '%From the chair''s perspective%'")" 1

# Two mbox files concatenated, the first without the blank line after its last message: the
# second message's From_ line (a full envelope, then a header) still starts a message, and
# the import says so (exit 1) rather than hide it in the first one's body.
printf 'From a@b Mon Mar  4 10:00:00 2024\nFrom: a@x\nMessage-ID: <gz1@x>\n\nhi\n' >"$T/cat1.mbox"
printf 'From a@b Mon Mar  4 10:00:00 2024\nFrom: a@x\nMessage-ID: <gz2@x>\n\nhi\nFrom what I hear, fine.\nNote: x\n' >"$T/cat2.mbox"
cat "$T/cat1.mbox" "$T/cat2.mbox" >"$T/twomem.mbox"
$RP --db "$T/twomem.db" import "$T/twomem.mbox" >"$T/out" 2>"$T/err"
check_eq "no blank line before a From_ line: exit 1" "$?" 1
check_eq "no blank line before a From_ line: both messages stored" \
	"$(q "$T/twomem.db" "select group_concat(message_id) from (select message_id from message order by id)")" "gz1@x,gz2@x"
check "no blank line before a From_ line: said, with the offset" \
	grep -q "twomem.mbox at byte 68: no blank line before the From line at byte 68" "$T/err"
check_eq "no blank line before a From_ line: a From line in prose stays in the body" \
	"$(q "$T/twomem.db" "select count(*) from message_text where body like '%From what I hear, fine.%Note: x%'")" 1

# Blank lines or a byte order mark before the first From_ line: still an mbox.
{ printf '\n\r\n \t\n'; cat "$I/mboxo.mbox"; } >"$T/blank-lead.mbox"
{ printf '\357\273\277'; cat "$I/mboxo.mbox"; } >"$T/bom.mbox"
{ printf '\357\273\277\n'; cat "$I/mboxo.mbox"; } | gzip -n >"$T/bom-blank.mbox.gz"
for f in blank-lead.mbox bom.mbox bom-blank.mbox.gz; do
	$RP --db "$T/lead-$f.db" import --json "$T/$f" >"$T/out" 2>"$T/err"
	check_eq "$f: exit 0" "$?" 0
	check_eq "$f: 3 messages" "$(jget "$T/out" '["new"]' 2>/dev/null)" 3
	check_eq "$f: the same bytes as without the lead" \
		"$(q "$T/lead-$f.db" 'select hash from message order by hash')" "$(q "$T/a.db" 'select hash from message order by hash')"
done
$RP --db "$T/a.db" import --json "$I/mboxo.mbox" >"$T/out" 2>&1
check_eq "re-import: nothing new" "$(jget "$T/out" '["new"]')" 0
check_eq "re-import: 3 duplicates" "$(jget "$T/out" '["duplicates"]')" 3
check_eq "re-import: still 3 rows" "$(q "$T/a.db" 'select count(*) from message')" 3
check_eq "raw bytes kept" "$(q "$T/a.db" 'select count(*) from raw')" 3

$RP --db "$T/a.db" import "$I/mboxrd.mbox" >"$T/out" 2>&1
check_eq "mboxrd: >From unquoted one level" \
	"$(q "$T/a.db" "select count(*) from message m join message_text t using (id) where m.message_id='mboxrd-1@example.org' and t.body like '%'||char(10)||'From here on%' and t.body like '%'||char(10)||'>From the archive%'")" 1
check_eq "summary line" "$(cat "$T/out")" "imported 2 new, 0 already present, 0 with errors in $(sed -n 's/.* in \(.*\) s$/\1/p' "$T/out") s"

$RP --db "$T/b.db" import --list dc-coord "$I/2021-June.txt" >/dev/null 2>&1
check_eq "Mailman .txt: 2 messages" "$(q "$T/b.db" 'select count(*) from message')" 2
check_eq "Mailman .txt: list named" "$(q "$T/b.db" "select name from list l join message m on m.list_id=l.id group by l.id")" dc-coord
# Options after the paths are options, not paths ("import FILE --list wg").
check_rc "options after the path: exit 0" 0 $RP --db "$T/b2.db" import "$I/2021-June.txt" --list=dc-late --json
check_eq "options after the path: list named" "$(q "$T/b2.db" "select group_concat(distinct name) from list l join message m on m.list_id=l.id")" dc-late
check "options after the path: --json honoured" grep -q '"new"' "$T/out"
check_rc "--list without a name: usage error" 2 $RP --db "$T/b3.db" import "$I/2021-June.txt" --list
check "--list without a name: said so" grep -q "missing list name after '--list'" "$T/err"
check "--list without a name: nothing imported, no database created" [ ! -e "$T/b3.db" ]
mkdir -p "$T/dash" && cp "$I/2021-June.txt" "$T/dash/--list"
check_rc "after --, a path that looks like an option is a path" 0 $RP --db "$T/b4.db" import -- "$T/dash/--list"
gzip -n -c "$I/2021-June.txt" >"$T/2021-June.txt.gz"
$RP --db "$T/c.db" import --json "$T/2021-June.txt.gz" >"$T/out" 2>&1
check_eq "Mailman .txt.gz: 2 new" "$(jget "$T/out" '["new"]')" 2
check_eq ".txt and .txt.gz store the same bytes" \
	"$(q "$T/b.db" 'select hash from message order by hash')" "$(q "$T/c.db" 'select hash from message order by hash')"

# Mailman archives write the '@' of Message-ID, In-Reply-To and References as " at " too:
# the ids are stored as sent, and the replies thread under their parents.
check_rc "Mailman ids: exit 0" 0 $RP --db "$T/mm.db" import --list wg "$I/2022-March.txt"
check_eq "Mailman ids: stored with '@'" \
	"$(q "$T/mm.db" "select group_concat(message_id || '|' || coalesce(in_reply_to, '') || '|' || coalesce(refs, ''), ' ') from (select * from message order by id)")" \
	"ids-1@example.org|| 20220301113000.GA42@mail.example.net|ids-1@example.org| ids-3@example.net||ids-1@example.org 20220301113000.GA42@mail.example.net"
$RP --db "$T/mm.db" threads --json >"$T/mm.json" 2>"$T/err"
# the messages as "id<parent" (None for a root) in tree order; the threads' roots
mm_tree() { python3 -c 'import json,sys; print(" ".join("%s<%s" % (m["message_id"], m["parent"]) for m in json.load(open(sys.argv[1]))["messages"]))' "$T/mm.json"; }
mm_threads() { python3 -c 'import json,sys; print(" ".join(sorted({m["thread"] for m in json.load(open(sys.argv[1]))["messages"]})))' "$T/mm.json"; }
check_eq "Mailman ids: one thread" "$(mm_threads)" "ids-1@example.org"
check_eq "Mailman ids: parents from In-Reply-To and References" "$(mm_tree)" \
	"ids-1@example.org<None 20220301113000.GA42@mail.example.net<ids-1@example.org ids-3@example.net<20220301113000.GA42@mail.example.net"
check_rc "Mailman ids: show finds a reply by its real id" 0 $RP --db "$T/mm.db" show 20220301113000.GA42@mail.example.net
check "Mailman ids: show prints its parent's real id" grep -q '^In-Reply-To: <ids-1@example.org>$' "$T/out"

# A gzip stream cut short: what was read is kept, the last message carries the damage,
# the file is named and the exit status says so.
gzip -n -c "$FIX/demo/list.mbox" >"$T/whole.mbox.gz"
head -c $(($(stat -c %s "$T/whole.mbox.gz") * 6 / 10)) "$T/whole.mbox.gz" >"$T/cut.mbox.gz"
$RP --db "$T/cut.db" import --json "$T/cut.mbox.gz" >"$T/out" 2>"$T/err"
check_eq "truncated .gz: exit 1" "$?" 1
check "truncated .gz: named as truncated" grep -q "cut.mbox.gz: truncated gzip stream" "$T/err"
n=$(q "$T/cut.db" 'select count(*) from message')
check "truncated .gz: the messages before the cut kept ($n)" [ "$n" -ge 5 ]
check_eq "truncated .gz: the last message stored carries the error" \
	"$(q "$T/cut.db" "select parse_error like '%truncated gzip stream%' from message order by id desc limit 1")" 1
check_eq "truncated .gz: only that one" \
	"$(q "$T/cut.db" "select count(*) from message where parse_error like '%gzip%'")" 1
$RP --db "$T/cut.db" import "$T/cut.mbox.gz" >"$T/out" 2>"$T/err"
check_eq "truncated .gz: a second import says so again" "$?" 1

$RP --db "$T/d.db" import --json "$I/maildir" >"$T/out" 2>&1
check_eq "Maildir: cur/ and new/ read" "$(jget "$T/out" '["new"]')" 2
$RP --db "$T/d.db" import --json "$I/single.eml" >"$T/out" 2>&1
check_eq ".eml: one message" "$(jget "$T/out" '["new"]')" 1
$RP --db "$T/e.db" import --json - <"$I/single.eml" >"$T/out" 2>&1
check_eq "stdin: one message" "$(jget "$T/out" '["new"]')" 1
check_eq "stdin and file give the same identity" \
	"$(q "$T/d.db" "select message_id||hash from message where message_id like 'single-1%'")" \
	"$(q "$T/e.db" "select message_id||hash from message")"

mkdir -p "$T/tree/a/b"
cp "$I/mboxo.mbox" "$T/tree/a/"
cp -r "$I/maildir" "$T/tree/a/b/"
cp "$I/single.eml" "$T/tree/"
$RP --db "$T/f.db" import --json "$T/tree" >"$T/out" 2>&1
check_eq "directory: recursive over mbox, Maildir and .eml" "$(jget "$T/out" '["new"]')" 6

# Symbolic links back into the tree: each directory is read once, the walk ends.
mkdir -p "$T/loop/sub"
ln -s . "$T/loop/a"
ln -s . "$T/loop/b"
ln -s .. "$T/loop/sub/up"
ln -s sub "$T/loop/again"
cp "$I/mboxo.mbox" "$T/loop/sub/"
timeout 30 $RP --db "$T/loop.db" import --json "$T/loop" >"$T/out" 2>"$T/err"
check_eq "symlink loop: the walk ends, exit 0" "$?" 0
check_eq "symlink loop: the mbox read once" "$(jget "$T/out" '["messages"]')" 3
check "symlink loop: the skipped link is named" grep -q "loop/a: directory already read" "$T/err"

# Identity: same Message-ID with different content is kept twice; no Message-ID gets a
# stable synthetic id.
printf 'From: A <a@example.org>\nMessage-ID: <same@example.org>\nSubject: one\n\nfirst\n' >"$T/s1.eml"
printf 'From: A <a@example.org>\nMessage-ID: <same@example.org>\nSubject: two\n\nsecond\n' >"$T/s2.eml"
printf 'From: A <a@example.org>\nSubject: no id\n\nbody\n' >"$T/noid.eml"
$RP --db "$T/g.db" import "$T/s1.eml" "$T/s2.eml" "$T/noid.eml" >/dev/null 2>&1
check_eq "two messages sharing a Message-ID are both kept" \
	"$(q "$T/g.db" "select count(*) from message where message_id='same@example.org'")" 2
id1=$(q "$T/g.db" "select message_id from message where synthetic_id=1")
$RP --db "$T/h.db" import "$T/noid.eml" >/dev/null 2>&1
check_eq "synthetic Message-ID is stable" "$(q "$T/h.db" "select message_id from message where synthetic_id=1")" "$id1"
case $id1 in sha256-*@rapporteur.invalid) ok "synthetic id from the content hash" ;; *) notok "synthetic id form: $id1" ;; esac
# An empty Message-ID ("<>") is no id: two such messages are two, each with its own.
printf 'From: A <a@example.org>\nMessage-ID: <>\nSubject: empty one\n\nfirst\n' >"$T/e1.eml"
printf 'From: B <b@example.org>\nMessage-ID: <>\nSubject: empty two\n\nsecond\n' >"$T/e2.eml"
$RP --db "$T/emptyid.db" import "$T/e1.eml" "$T/e2.eml" >/dev/null 2>&1
check_eq "Message-ID <>: synthetic ids, one per message" \
	"$(q "$T/emptyid.db" "select count(distinct message_id) || ' ' || sum(message_id like 'sha256-%@rapporteur.invalid') from message")" "2 2"

# Bad input: each is reported with its file name, the run goes on, exit status 1.
$RP --db "$T/i.db" import "$T/missing.mbox" "$I/single.eml" >"$T/out" 2>"$T/err"
check_eq "missing path: exit 1" "$?" 1
check "missing path: named in the error" grep -q "missing.mbox" "$T/err"
check_eq "missing path: the rest imported" "$(q "$T/i.db" 'select count(*) from message')" 1
$RP --db "$T/none.db" import "$T/missing.mbox" "$T/missing2" >"$T/out" 2>"$T/err"
check_eq "only missing paths: exit 1" "$?" 1
check "only missing paths: each named, with the reason" sh -c "grep -q 'missing.mbox: No such file' '$T/err' && grep -q 'missing2: No such file' '$T/err'"
check "only missing paths: nothing imported, said so" grep -q "nothing imported" "$T/err"
$RP --db "$T/none.db" import --json --list dc "$T/missing.mbox" "$T/missing2" >"$T/out" 2>"$T/err"
check_eq "only missing paths, --json: exit 1" "$?" 1
check_eq "only missing paths, --json: the one object, an error per path" \
	"$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(sorted(d.items()))' "$T/out" 2>/dev/null)" \
	"[('added_to_list', 0), ('bytes', 0), ('duplicates', 0), ('errors', 2), ('messages', 0), ('new', 0), ('seconds', 0.0)]"
check "only missing paths, --json: the paths named on stderr" sh -c "grep -q 'missing.mbox: No such file' '$T/err' && grep -q 'missing2: No such file' '$T/err'"
check "only missing paths: no empty database left behind" [ ! -e "$T/none.db" ] && [ ! -e "$T/none.db-wal" ]
$RP --db "$T/none2.db" import "$T/missing.mbox" "$I/single.eml" >/dev/null 2>&1
check_eq "a missing path beside one imported: the database is kept" "$(q "$T/none2.db" 'select count(*) from message')" 1
# An archive already stored under another list (cross-posted): the second list holds it
# too (t0110); a list that receives nothing is not left behind.
$RP --db "$T/twice.db" import --list first "$I/single.eml" >/dev/null 2>&1
$RP --db "$T/twice.db" import --list second "$I/single.eml" >"$T/out" 2>&1
check_eq "already stored under another list: exit 0" "$?" 0
check_eq "already stored under another list: the second list holds it too" "$(q "$T/twice.db" 'select group_concat(name) from list')" first,second
: >"$T/empty.mbox"
$RP --db "$T/twice.db" import --list third "$T/empty.mbox" >"$T/out" 2>&1
check_eq "a list that receives nothing is not left behind" "$(q "$T/twice.db" 'select group_concat(name) from list')" first,second
head -c 3000 /dev/zero | tr '\0' '\001' >"$T/binary.bin"
$RP --db "$T/i.db" import "$T/binary.bin" >"$T/out" 2>"$T/err"
check_eq "binary file: exit 1" "$?" 1
check "binary file: says so" grep -q "binary.bin: binary data" "$T/err"
$RP --db "$T/i.db" import "$I/truncated.mbox" >"$T/out" 2>"$T/err"
check_eq "truncated mbox: exit 1" "$?" 1
check "truncated mbox: named, with the offset of the message cut" \
	grep -q "truncated.mbox at byte [0-9]*: the mbox ends in the middle of this message's last line" "$T/err"
check_eq "truncated mbox: both messages stored" \
	"$(q "$T/i.db" "select count(*) from message where source like '%truncated.mbox%'")" 2
check_eq "truncated mbox: the last one carries the note, the first none" \
	"$(q "$T/i.db" "select group_concat(coalesce(parse_error, '') like '%cut short%', ',') from (select parse_error from message where source like '%truncated.mbox%' order by id)")" "0,1"
$RP --db "$T/i.db" import "$I/nul-invalid.eml" >"$T/out" 2>"$T/err"
check_eq "NUL and invalid bytes: stored as valid UTF-8 without NUL" \
	"$(q "$T/i.db" "select instr(t.body, char(0)) = 0 and t.body like '%before%after%' from message join message_text t using (id) where source like '%nul-invalid%'")" 1
# Damaged base64: decoded as far as it goes, reported, stored with the error. The clean
# message beside them (blanks at line ends, a list footer after the data) is not, in LF
# or CRLF files alike.
sed 's/$/\r/' "$I/base64-damaged.mbox" >"$T/base64-crlf.mbox"
obj="I object to section 2.2 of the draft because annual testing is too expensive"
for f in "$I/base64-damaged.mbox" "$T/base64-crlf.mbox"; do
	n=${f##*/}
	$RP --db "$T/b64-$n.db" import "$f" >"$T/out" 2>"$T/err"
	check_eq "$n: exit 1" "$?" 1
	check_eq "$n: the two damaged messages reported, the clean one not" "$(grep -c 'invalid base64' "$T/err")" 2
	check "$n: the bad character named with its part" grep -q "$n at byte [0-9]*: invalid base64 in part 1 (text/plain): 1 bad character skipped" "$T/err"
	check_eq "$n: all stored, the errors with the damaged ones" \
		"$(q "$T/b64-$n.db" "select group_concat(message_id || '=' || coalesce(parse_error, ''), ' ') from (select * from message order by id)")" \
		"b64-clean@example.org= b64-onebad@example.net=invalid base64 in part 1 (text/plain): 1 bad character skipped b64-none@example.net=invalid base64 in part 1 (text/plain): no base64 data; kept as is"
	check_eq "$n: one bad character loses its group of four ('or '), not its line" \
		"$(q "$T/b64-$n.db" "select t.body from message_text t join message m using (id) where m.message_id = 'b64-onebad@example.net'")" \
		"$(printf '%s fsmall members.\n%s for small members.\n%s for small members.' "$obj" "$obj" "$obj")"
	check_eq "$n: the clean one decoded, without its footer" \
		"$(q "$T/b64-$n.db" "select t.body from message_text t join message m using (id) where m.message_id = 'b64-clean@example.org'")" \
		"$(printf 'Section 3 is fine as it stands.\nI support the timeline in section 4.\n\nAlice')"
	check_eq "$n: no base64 at all: the text kept as is" \
		"$(q "$T/b64-$n.db" "select t.body like '!!!!not base64 at all\$\$\$%' from message_text t join message m using (id) where m.message_id = 'b64-none@example.net'")" 1
done
# Base64 cut short (the data stops inside a group of 4 characters): decoded as far as it
# goes, reported with the file, the message's place and the part, counted by status.
{
	printf 'From a@b Mon Jun 10 10:00:00 2024\nFrom: a@example.org\nMessage-ID: <b64-cut@example.org>\n'
	printf 'MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n'
	printf 'SSBvYmplY3QgdG8gc2VjdGlvbiAyLjIg\nb2YgdGhlIGRyYWZ0IGJlY2F1c2UgYW5udWFsIHRlc3Rp\nbmcgaXMgdG9vIGV4cGVuc2l2ZS\n\n'
	printf 'From b@b Mon Jun 10 11:00:00 2024\nFrom: b@example.org\nMessage-ID: <after-cut@example.org>\n\nfine\n'
} >"$T/b64-cut.mbox"
$RP --db "$T/b64-cut.db" import "$T/b64-cut.mbox" >"$T/out" 2>"$T/err"
check_eq "base64 cut short: exit 1" "$?" 1
check "base64 cut short: said, with the file, the message's offset and the part" \
	grep -q "b64-cut.mbox at byte 0: base64 in part 1 (text/plain) truncated" "$T/err"
check_eq "base64 cut short: only that message reported" "$(grep -c 'truncated' "$T/err")" 1
check_eq "base64 cut short: stored with the error, decoded as far as it goes" \
	"$(q "$T/b64-cut.db" "select m.parse_error || '|' || t.body from message m join message_text t using (id) where m.message_id = 'b64-cut@example.org'")" \
	"base64 in part 1 (text/plain) truncated: it ends inside a group of 4 characters; decoded up to there|I object to section 2.2 of the draft because annual testing is too expensive"
check_rc "base64 cut short: status --json" 0 $RP --db "$T/b64-cut.db" status --json
check_eq "base64 cut short: counted by status" "$(jget "$T/out" '["parse_errors"]')" 1
$RP --db "$T/i.db" import "$I/noheaders.eml" >"$T/out" 2>"$T/err"
check_eq "message without headers: stored" \
	"$(q "$T/i.db" "select count(*) from message where source like '%noheaders.eml'")" 1

# A message over the size cap (50 MB) is stored truncated with an error; the next one is fine.
{
	printf 'From big@example.org Tue Jun  8 10:02:00 2021\nFrom: Big <big@example.org>\nMessage-ID: <big@example.org>\nSubject: big\n\n'
	head -c 52000000 /dev/zero | tr '\0' 'x' | fold -w 76
	printf '\n\nFrom small@example.org Tue Jun  8 10:03:00 2021\nFrom: Small <small@example.org>\nMessage-ID: <small@example.org>\nSubject: small\n\nok\n'
} >"$T/big.mbox"
$RP --db "$T/j.db" import --json "$T/big.mbox" >"$T/out" 2>"$T/err"
check_eq "50 MB message: exit 1" "$?" 1
check "50 MB message: reported as over the limit" grep -q "big.mbox at byte 0: message larger than the size limit" "$T/err"
check_eq "50 MB message: both stored" "$(q "$T/j.db" 'select count(*) from message')" 2
rm -f "$T/big.mbox"

check_eq "database is created mode 0600" "$(stat -c %a "$T/a.db")" 600
check_eq "integrity" "$(q "$T/a.db" 'pragma integrity_check')" ok

# A bad RAPPORTEUR_BATCH is named and the default used; the import goes on.
RAPPORTEUR_BATCH=lots $RP --db "$T/batch.db" import --json "$I/mboxo.mbox" >"$T/out" 2>"$T/err"
check_eq "bad RAPPORTEUR_BATCH: exit 0" "$?" 0
check "bad RAPPORTEUR_BATCH: named on stderr" grep -q "RAPPORTEUR_BATCH=lots: not a number from 1 to 1000000; using 4000" "$T/err"
check_eq "bad RAPPORTEUR_BATCH: imported" "$(jget "$T/out" '["new"]')" 3

# The store kept in the directory it imports is not read as mail, nor reported; a pipe
# named on the command line (/dev/stdin, a process substitution) is read as a stream.
mkdir -p "$T/arch"
cp "$I/2021-June.txt" "$T/arch/"
check_rc "import a directory holding the store itself" 0 $RP --db "$T/arch/rapporteur.db" import "$T/arch"
check_rc "again, with its -wal and -shm beside it" 0 $RP --db "$T/arch/rapporteur.db" import "$T/arch"
check "nothing reported about the store's files" sh -c "! grep -q 'rapporteur.db' '$T/err'"
check_eq "only the archive's messages" "$(q "$T/arch/rapporteur.db" "select count(*) from message")" 2
check_rc "import /dev/stdin from a pipe" 0 sh -c "cat '$I/2021-June.txt' | $RP --db '$T/stdin.db' import /dev/stdin"
check_eq "/dev/stdin: the messages" "$(q "$T/stdin.db" "select count(*) from message")" 2

# Archives collected from the members and the lists' web archives (fixtures/import/routes,
# see its README): each program's form, the same messages through several of them.
R=$I/routes
ids() { q "$1" "select group_concat(message_id, ' ') from (select message_id from message order by message_id)"; }
# A Maildir++ tree: the folders are dot-directories beside cur/ (.Lists.wg), read after the
# inbox's own mail; the indexes, UID lists and keywords around them are no mail.
check_rc "Maildir++: exit 0" 0 $RP --db "$T/mdpp.db" import --json "$R/Maildir"
check_eq "Maildir++: the inbox and the folder .Lists.wg" "$(ids "$T/mdpp.db")" \
	"carol-1@example.com draft-1@example.org lunch-1@example.org sven-1@example.se"
check_eq "Maildir++: nothing reported but the draft left out" "$(grep -vc "a draft, never sent" "$T/err")" 0
check_rc "Maildir++ folder named itself: exit 0" 0 $RP --db "$T/mdpp2.db" import --json "$R/Maildir/.Lists.wg"
check_eq "Maildir++ folder named itself: its three messages" "$(jget "$T/out" '["new"]')" 3
# The files a mail program keeps beside its mail are passed over in a directory, not
# reported as archives that could not be read (exit 0): Thunderbird's .msf summary and
# filter rules, Apple Mail's Info.plist and table_of_contents.
for prog in thunderbird apple; do
	check_rc "$prog: exit 0" 0 $RP --db "$T/client-$prog.db" import --json "$R/$prog"
	check_eq "$prog: nothing reported but a draft" "$(grep -vc "a draft or template, never sent" "$T/err")" 0
	check_eq "$prog: no error counted" "$(jget "$T/out" '["errors"]')" 0
done
check_eq "thunderbird: the folder's messages" "$(ids "$T/client-thunderbird.db")" \
	"bob-1@example.net carol-1@example.com draft-1@example.org"
check_eq "thunderbird: the >From line of a body unquoted" \
	"$(q "$T/client-thunderbird.db" "select count(*) from message_text where body like '%'||char(10)||'From our side the budget%'")" 1
check_eq "apple: the export's messages" "$(ids "$T/client-apple.db")" "draft-1@example.org eve-1@example.org"
# Named on the command line, such a file is reported for what it is.
check_rc "a .msf named on the command line: exit 1" 1 $RP --db "$T/msf.db" import "$R/thunderbird/wg.msf"
check "a .msf named on the command line: reported" grep -q "wg.msf: not an mbox" "$T/err"
# HyperKitty (Mailman 3) writes each From of its mbox download as one encoded word, the
# address inside it: the sender is read from the decoded mailbox.
check_rc "HyperKitty download: exit 0" 0 $RP --db "$T/hk.db" import "$R/hyperkitty"
check_eq "HyperKitty download: senders read" \
	"$(q "$T/hk.db" "select group_concat(from_name || ' <' || from_addr || '>', ', ') from (select * from message order by id)")" \
	"Anna Chair <chair@example.org>, Bob Smith <bob@example.net>, Ève Martin <eve@example.org>"
# The same message through two routes (a member's Thunderbird folder, the secretariat's
# Gmail Takeout): other bytes (X-Mozilla-Status, X-GM-THRID, Received, CRLF line ends), one
# Message-ID, Date and sender: stored once, the second copy already present.
check_rc "two routes: exit 0" 0 $RP --db "$T/routes.db" import --json "$R/thunderbird" "$R/takeout-wg.mbox"
check_eq "two routes: 4 messages, 2 of them twice, the draft left out" "$(jget "$T/out" '["new"]') $(jget "$T/out" '["duplicates"]')" "4 2"
check_eq "two routes: one row each" "$(q "$T/routes.db" "select count(*), count(distinct message_id) from message")" "4|4"
check_eq "two routes: the copy read first is kept" \
	"$(q "$T/routes.db" "select source from message where message_id = 'bob-1@example.net'")" "$R/thunderbird/wg at byte 665"
check_rc "two routes: show" 0 $RP --db "$T/routes.db" show bob-1@example.net
check "two routes: show finds one message, not two copies" sh -c "! grep -q '^Copy:' '$T/out'"
check_rc "two routes: status" 0 $RP --db "$T/routes.db" status --json
check_eq "two routes: status counts each message once" "$(jget "$T/out" '["messages"]')" 4
check_eq "two routes: one thread" "$(jget "$T/out" '["threads"]')" 1
# Every route at once (the directory): 22 copies of 9 messages, and three drafts never sent.
check_rc "every route: exit 0" 0 $RP --db "$T/every.db" import --json --list wg "$R"
check_eq "every route: 24 read (two drafts among them), 9 messages, 13 copies present, no error" \
	"$(jget "$T/out" '["messages"]') $(jget "$T/out" '["new"]') $(jget "$T/out" '["duplicates"]') $(jget "$T/out" '["errors"]')" "24 9 13 0"
check_eq "every route: nothing reported but the drafts left out" "$(grep -vc "a draft.* never sent" "$T/err")" 0
check_rc "every route: again, all present" 0 $RP --db "$T/every.db" import --json --list wg "$R"
check_eq "every route: again, nothing new" "$(jget "$T/out" '["new"]') $(jget "$T/out" '["duplicates"]')" "0 22"
# Another route for another list: the stored message is that list's too.
check_rc "a copy for another list: exit 0" 0 $RP --db "$T/routes.db" import --json --list plenary "$R/pipermail"
check_eq "a copy for another list: the 3 stored, added to it; Eve's new" \
	"$(jget "$T/out" '["new"]') $(jget "$T/out" '["duplicates"]') $(jget "$T/out" '["added_to_list"]')" "1 3 3"
# One Message-ID, one Date, another sender (a mailer that reuses ids): two messages.
printf 'From: A <a@example.org>\nMessage-ID: <reused@example.org>\nDate: Mon, 4 Jan 2021 10:00:00 +0000\nSubject: one\n\nfirst\n' >"$T/r1.eml"
printf 'From: B <b@example.org>\nMessage-ID: <reused@example.org>\nDate: Mon, 4 Jan 2021 10:00:00 +0000\nSubject: two\n\nsecond\n' >"$T/r2.eml"
$RP --db "$T/reused.db" import "$T/r1.eml" "$T/r2.eml" >/dev/null 2>&1
check_eq "one Message-ID and Date, two senders: both kept" \
	"$(q "$T/reused.db" "select count(*) from message where message_id = 'reused@example.org'")" 2
# A message dragged out of Outlook for Windows is a .msg file (an OLE compound file), not
# Internet mail: said so, with what to give instead; renamed .eml it is no message either.
mkdir -p "$T/msg"
{ printf '\320\317\021\340\241\261\032\341'; head -c 1024 /dev/zero; printf 'S\000u\000b\000j\000'; } >"$T/msg/RE [wg] Draft.msg"
cp "$T/msg/RE [wg] Draft.msg" "$T/msg/renamed.eml"
check_rc "Outlook .msg: exit 1" 1 $RP --db "$T/msg.db" import --json "$T/msg"
check_eq "Outlook .msg: both named as Outlook .msg files" "$(grep -c 'an Outlook .msg file' "$T/err")" 2
check_eq "Outlook .msg: nothing stored, two errors" "$(jget "$T/out" '["new"]') $(jget "$T/out" '["errors"]')" "0 2"
# A reply a member kept in Drafts and never sent (Maildir flag D) is no list mail: left out,
# with a note, exit 0.
check_rc "Maildir draft: exit 0" 0 $RP --db "$T/mddraft.db" import --json "$R/Maildir"
check_eq "Maildir draft: not stored" "$(q "$T/mddraft.db" "select count(*) from message where message_id = 'unsent-1@example.se'")" 0
check "Maildir draft: said so" grep -q "Drafts/cur/1614700000.M7P1.mail,S=500:2,DS: a draft, never sent (Maildir flag D): skipped" "$T/err"
# A reply saved in Thunderbird's Drafts (X-Mozilla-Draft-Info) and never sent: left out,
# with a note, exit 0.
check_rc "Thunderbird draft: exit 0" 0 $RP --db "$T/tbdraft.db" import --json "$R/thunderbird"
check_eq "Thunderbird draft: not stored" "$(q "$T/tbdraft.db" "select count(*) from message where message_id = '7a3e1c2b-unsent@example.net'")" 0
check "Thunderbird draft: said so" grep -q "thunderbird/Drafts at byte 0: a draft or template, never sent (X-Mozilla-Draft-Info): skipped" "$T/err"
# ... and one a Gmail Takeout holds under the label Drafts.
check_rc "Gmail draft: exit 0" 0 $RP --db "$T/gmdraft.db" import --json "$R/takeout-wg.mbox"
check_eq "Gmail draft: not stored" "$(q "$T/gmdraft.db" "select count(*) from message where from_addr = 'secretariat@gmail.com'")" 0
check "Gmail draft: said so" grep -q "takeout-wg.mbox at byte [0-9]*: a draft or template, never sent (X-Gmail-Labels: Drafts): skipped" "$T/err"
# Only Dovecot's own file names are passed over: the archive of its list is mail.
mkdir -p "$T/dovecot-names"
cp "$I/mboxo.mbox" "$T/dovecot-names/dovecot-2021.mbox"
cp "$R/Maildir/dovecot-uidlist" "$R/Maildir/dovecot.index.log" "$T/dovecot-names/"
check_rc "an archive named dovecot-2021.mbox: exit 0" 0 $RP --db "$T/dvnames.db" import --json "$T/dovecot-names"
check_eq "an archive named dovecot-2021.mbox: read" "$(jget "$T/out" '["new"]')" 3
# A message without a Date header is dated by its arrival: an mbox message by the date of
# its From_ line, a Maildir message by the delivery time its file name starts with; the zone
# stays unknown (NULL). An unreadable Date is still an error, which says so; a Date that
# reads wins over the envelope. A lone .eml has no arrival: no date.
check_rc "no Date: exit 1 (one Date unreadable)" 1 $RP --db "$T/nodate.db" import --json "$I/nodate.mbox" "$I/nodate-maildir" "$I/noheaders.eml"
check_eq "no Date: dated by the From_ line, the Maildir name; a Date header wins; none for a lone .eml" \
	"$(q "$T/nodate.db" "select group_concat(coalesce(message_id, '-') || '=' || coalesce(datetime(date, 'unixepoch'), 'none') || '/' || coalesce(date_zone, 'null'), ' ') from (select * from message order by id)")" \
	"nodate-1@example.org=2021-06-01 10:00:00/null baddate-1@example.net=2021-06-01 11:30:00/null dated-1@example.com=2021-06-01 16:00:00/120 nodate-2@example.org=2021-06-01 10:00:00/null $(q "$T/nodate.db" "select message_id from message where source like '%noheaders.eml'")=none/null"
check "unreadable Date: said, with the date used instead" \
	grep -q "nodate.mbox at byte [0-9]*: unreadable Date \"sometime last week\"; dated by its arrival instead" "$T/err"
check_eq "no Date: the list's dates too" \
	"$(q "$T/nodate.db" "select count(*) from message_list where date is null")" 1
# A message deleted in Thunderbird stays in the folder's mbox file, flagged expunged (0x0008
# in X-Mozilla-Status), until the folder is compacted: left out with a note, exit 0; read
# (0001) and replied-to (0011) mail is kept.
check_rc "Thunderbird deleted, not compacted: exit 0" 0 $RP --db "$T/expunged.db" import --json "$I/expunged"
check_eq "Thunderbird deleted, not compacted: the live messages only" "$(ids "$T/expunged.db")" "live-1@example.org replied-1@example.com"
check_eq "Thunderbird deleted, not compacted: read 3, 2 new, no error" \
	"$(jget "$T/out" '["messages"]') $(jget "$T/out" '["new"]') $(jget "$T/out" '["errors"]')" "3 2 0"
check "Thunderbird deleted, not compacted: said so" \
	grep -q "expunged at byte [0-9]*: deleted, not yet compacted out of the folder (X-Mozilla-Status flag 0x0008, expunged): skipped" "$T/err"
# HyperKitty (Mailman 3) archives write an address's '@' as "(a)": the sender's address is
# read with its '@' back; a body keeps the archive's text.
check_rc "HyperKitty (a): exit 0" 0 $RP --db "$T/hkat.db" import "$I/hyperkitty-at.mbox"
check_eq "HyperKitty (a): senders read" \
	"$(q "$T/hkat.db" "select group_concat(from_name || ' <' || from_addr || '>', ', ') from (select * from message order by id)")" \
	"Bob Smith <bob@example.net>, Eve Martin <eve@example.org>"
check_eq "HyperKitty (a): the body as written" \
	"$(q "$T/hkat.db" "select count(*) from message_text where body like '%the figures are with carol(a)example.com.%'")" 1
# Apple Mail's .emlx: a first line with the message's length in bytes, the message, then a
# property list of Apple's, which is no mail: the message is read by its length, in a
# directory and named on the command line; a file cut short says so. The Attachments
# folder beside Messages holds a partial message's attachments as plain files: no mail.
E=$I/apple-emlx/INBOX.mbox/Messages
check_rc "emlx directory: exit 0" 0 $RP --db "$T/emlx.db" import --json "$I/apple-emlx"
check_eq "emlx directory: both messages, no error" "$(jget "$T/out" '["new"]') $(jget "$T/out" '["errors"]')" "2 0"
check_eq "emlx directory: nothing reported" "$(cat "$T/err")" ""
check_eq "emlx directory: the messages read" "$(ids "$T/emlx.db")" "emlx-1@example.org emlx-2@example.net"
# An .emlx message without a Date header is dated by the property list's date-received
# (seconds since 2001-01-01), as an mbox message by its From_ line.
mkdir -p "$T/emlx-nodate"
msg='From: Ann <ann@example.org>
Subject: undated
Message-ID: <emlx-nodate@example.org>

no Date header here
'
{ printf '%s\n' "$(printf '%s' "$msg" | wc -c)"; printf '%s' "$msg"
  printf '<?xml version="1.0"?>\n<plist version="1.0"><dict><key>date-received</key>\n\t<real>800000000.5</real><key>flags</key><integer>1</integer></dict></plist>\n'
} > "$T/emlx-nodate/7.emlx"
check_rc "emlx without Date: exit 0" 0 $RP --db "$T/emlx-nodate.db" import "$T/emlx-nodate/7.emlx"
check_eq "emlx without Date: dated by date-received" \
	"$(q "$T/emlx-nodate.db" "select date from message where message_id = 'emlx-nodate@example.org'")" \
	"$((800000000 + 978307200))"
check_eq "emlx: the message's bytes only, by the length its first line gives" \
	"$(q "$T/emlx.db" "select group_concat(length(r.bytes) || ':' || instr(r.bytes, 'plist'), ' ') from (select * from message order by id) m join raw r using (hash)")" \
	"$(head -1 "$E/101.emlx" | tr -d ' '):0 $(head -1 "$E/102.partial.emlx" | tr -d ' '):0"
check_eq "emlx: the body without the property list" \
	"$(q "$T/emlx.db" "select body from message_text where body like '%support section 2%'")" "I support section 2 as written."
check_rc "emlx named on the command line: exit 0" 0 $RP --db "$T/emlx1.db" import --json "$E/101.emlx"
check_eq "emlx named on the command line: its message" "$(ids "$T/emlx1.db")" "emlx-1@example.org"
head -c 150 "$E/101.emlx" >"$T/short.emlx"
check_rc "emlx cut short: exit 1" 1 $RP --db "$T/emlx2.db" import --json "$T/short.emlx"
check "emlx cut short: said so" grep -q "short.emlx: an Apple Mail .emlx file 124 bytes shorter than the message length its first line gives" "$T/err"
