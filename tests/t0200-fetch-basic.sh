#!/bin/sh
# IMAP fetch against a private Dovecot: first sync over IMAPS and STARTTLS with the test CA,
# incremental sync, the no-op sync, a UIDVALIDITY change, the List-Id filter for a
# personal INBOX, and --watch picking up new mail through IDLE.
. tests/lib.sh
. tests/lib-dovecot.sh
q() { sqlite3 "$T/$1" "$2"; }
dove_start || { notok "dovecot starts"; exit 1; }
dove_load_mbox "$FIX/imap/list.mbox" >/dev/null || notok "mbox loaded"
dove_config "$T/imaps.cfg" foo imaps
dove_config "$T/starttls.cfg" foo starttls

$RP --config "$T/imaps.cfg" --db "$T/a.db" fetch --json >"$T/out" 2>"$T/err"
check_eq "IMAPS first sync: exit 0" "$?" 0
check_eq "IMAPS first sync: 6 new" "$(jget "$T/out" '["new"]')" 6
check_eq "JSON: list name" "$(jget "$T/out" '["lists"][0]["name"]')" foo
check_eq "JSON: list new" "$(jget "$T/out" '["lists"][0]["new"]')" 6
uv=$(dove_adm -f flow mailbox status -u "$DOVE_USER" uidvalidity INBOX | sed 's/.*uidvalidity=//')
check_eq "JSON: uidvalidity is the server's" "$(jget "$T/out" '["lists"][0]["uidvalidity"]')" "$uv"
check_eq "list state stored" "$(q a.db "select uidvalidity||' '||highest_uid||' '||server||' '||folder from list where name='foo'")" "$uv 6 local INBOX"
check_eq "uids stored with messages" "$(q a.db 'select group_concat(uid) from (select uid from message order by uid)')" "1,2,3,4,5,6"
check_eq "headers parsed on the way in" "$(q a.db "select from_addr from message where message_id='c1@example.com'")" "carla@example.com"
check_eq "HIGHESTMODSEQ recorded (CONDSTORE)" "$(q a.db "select highestmodseq > 0 from list where name='foo'")" 1

# options may follow the list names, as for import
$RP --config "$T/imaps.cfg" --db "$T/a.db" fetch foo --json >"$T/out" 2>"$T/err"
check_eq "no-op sync (options after the list name): exit 0" "$?" 0
check_eq "no-op sync: nothing fetched" "$(jget "$T/out" '["lists"][0]["fetched"]')" 0
check_eq "no-op sync: nothing new" "$(jget "$T/out" '["new"]')" 0

python3 tests/mailtool.py gen 3 99 >"$T/more.mbox"
python3 - "$T/more.mbox" "$T/m" <<'PY'
import sys
parts = open(sys.argv[1]).read().split("\nFrom ")
for i, p in enumerate(parts):
    body = p.split("\n", 1)[1]
    open("%s%d.eml" % (sys.argv[2], i), "w").write(body)
PY
for i in 0 1 2; do dove_save "$T/m$i.eml"; done
$RP --config "$T/imaps.cfg" --db "$T/a.db" fetch --json >"$T/out" 2>"$T/err"
check_eq "incremental: 3 new" "$(jget "$T/out" '["new"]')" 3
check_eq "incremental: only the 3 new fetched" "$(jget "$T/out" '["lists"][0]["fetched"]')" 3
check_eq "incremental: highest UID 9" "$(q a.db "select highest_uid from list where name='foo'")" 9

# status says, per list fetched over IMAP, where from, when it last completed, UIDVALIDITY
# and the last UID; a failed fetch is said with its time and error (never the password)
# until a fetch completes again.
$RP --db "$T/a.db" status --json >"$T/st.json"
check_eq "status --json: fetch server, account, folder" "$(jget "$T/st.json" '["lists"][0]["fetch"]["server"]') $(jget "$T/st.json" '["lists"][0]["fetch"]["account"]') $(jget "$T/st.json" '["lists"][0]["fetch"]["folder"]')" "local $DOVE_USER@localhost INBOX"
check_eq "status --json: UIDVALIDITY and last UID" "$(jget "$T/st.json" '["lists"][0]["fetch"]["uidvalidity"]') $(jget "$T/st.json" '["lists"][0]["fetch"]["highest_uid"]')" "$uv 9"
check "status --json: last fetched, an ISO time" sh -c "python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))[\"lists\"][0][\"fetch\"]; sys.exit(not (d[\"last_fetched\"] or \"\").endswith(\"Z\") or d[\"last_failure\"] is not None)' '$T/st.json'"
$RP --db "$T/a.db" status >"$T/st.txt"
check "status: the list's fetch line" grep -q "^foo: server local ($DOVE_USER@localhost), folder INBOX; last fetched [0-9T:-]*Z; UIDVALIDITY $uv, last UID 9\$" "$T/st.txt"
cp "$T/imaps.cfg" "$T/badpw.cfg"
sed -i "s|^password_file = .*|password_file = $T/badpw.pw|" "$T/badpw.cfg"
printf 'Wrong-Pass-4711\n' >"$T/badpw.pw"
chmod 600 "$T/badpw.pw"
check_rc "wrong password: exit 7" 7 $RP --config "$T/badpw.cfg" --db "$T/a.db" fetch
$RP --db "$T/a.db" status --json >"$T/st.json"
check "status --json: the failure, its time and the server's refusal" sh -c "python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))[\"lists\"][0][\"fetch\"][\"last_failure\"]; sys.exit(not (f and f[\"time\"].endswith(\"Z\") and \"LOGIN\" in f[\"error\"] and \"localhost\" in f[\"error\"]))' '$T/st.json'"
check_eq "status --json: the last success still said" "$(jget "$T/st.json" '["lists"][0]["fetch"]["highest_uid"]')" 9
$RP --db "$T/a.db" status >"$T/st.txt"
check "status: the failure line" grep -q "^foo: last fetch failed [0-9T:-]*Z: server local (localhost:$DOVE_TLSPORT) folder INBOX: .*LOGIN" "$T/st.txt"
check "status: no password, in either form" sh -c "! grep -q 'Wrong-Pass-4711\\|$DOVE_PASS' '$T/st.txt' '$T/st.json'"
$RP --config "$T/imaps.cfg" --db "$T/a.db" fetch >/dev/null 2>&1
$RP --db "$T/a.db" status --json >"$T/st.json"
check_eq "status --json: a good fetch clears the failure" "$(jget "$T/st.json" '["lists"][0]["fetch"]["last_failure"]')" None
# A list whose first fetch failed has its failure said, and nothing else.
$RP --config "$T/badpw.cfg" --db "$T/never.db" fetch >/dev/null 2>&1
$RP --db "$T/never.db" status >"$T/st.txt"
check "status: never fetched, the failure said" sh -c "grep -q '^foo: never fetched to the end\$' '$T/st.txt' && grep -q '^foo: last fetch failed .*LOGIN' '$T/st.txt'"

$RP --config "$T/starttls.cfg" --db "$T/b.db" fetch >"$T/out" 2>"$T/err"
check_eq "STARTTLS with the test CA: exit 0" "$?" 0
check_eq "summary line" "$(sed 's/ in [0-9.]* s$//' "$T/out")" "fetched 9 new, 0 already present, 0 with errors from 1 list"
check_eq "IMAPS and STARTTLS store the same messages" "$(q a.db 'select hash from message order by hash')" "$(q b.db 'select hash from message order by hash')"

# UIDVALIDITY change: every stored UID is void; the folder is read again, nothing doubles.
dove_adm mailbox update -u "$DOVE_USER" --uid-validity 7 INBOX
dove_save "$T/m0.eml" # the same bytes again: a duplicate, whatever its new UID
$RP --config "$T/imaps.cfg" --db "$T/a.db" fetch --json >"$T/out" 2>"$T/err"
check_eq "UIDVALIDITY change: exit 0" "$?" 0
check_eq "UIDVALIDITY change: resynced" "$(jget "$T/out" '["lists"][0]["resynced"]')" True
check_eq "UIDVALIDITY change: all 10 read again" "$(jget "$T/out" '["lists"][0]["fetched"]')" 10
check_eq "UIDVALIDITY change: nothing new" "$(jget "$T/out" '["new"]')" 0
check_eq "UIDVALIDITY change: no duplicate rows" "$(q a.db 'select count(*) from message')" 9
check_eq "UIDVALIDITY change: new value stored" "$(q a.db "select uidvalidity||' '||highest_uid from list where name='foo'")" "7 10"

# A personal INBOX: only the list's traffic, selected by the server (UID SEARCH).
cp "$T/imaps.cfg" "$T/filter.cfg"
printf 'list_id = foo.list.example.org\n' >>"$T/filter.cfg"
$RP --config "$T/filter.cfg" --db "$T/c.db" fetch --json >"$T/out" 2>"$T/err"
check_eq "List-Id filter: 5 of the 6 fixture messages (plus 3 generated)" "$(jget "$T/out" '["new"]')" 8
check_eq "List-Id filter: the personal message left out" "$(q c.db "select count(*) from message where message_id='lunch@example.com'")" 0
check_eq "List-Id filter: highest UID still covers it" "$(q c.db "select highest_uid from list")" 10

# A typo in the list's address: the first fetch finds none of its mail and says so; once
# the address is corrected, the mail the typo left out is read (the stored UIDs passed it).
cp "$T/imaps.cfg" "$T/typo.cfg"
printf 'address = foo@lists.example.org\n' >>"$T/typo.cfg"
$RP --config "$T/typo.cfg" --db "$T/typo.db" fetch >"$T/out" 2>"$T/err"
check_eq "address typo: exit 0, nothing stored" "$?:$(q typo.db 'select count(*) from message')" "0:0"
check "address typo: said, with the folder and the address" grep -q "foo: warning: none of the 10 messages in folder INBOX has address foo@lists.example.org in To or Cc; check the \[list foo\] settings" "$T/err"
# The right address with a since after all the folder's mail: the since is named too, and
# the count given as the folder's, not as the mail since that day.
sed 's/^address = .*/address = foo@list.example.org/' "$T/typo.cfg" >"$T/late.cfg"
printf 'since = 2099-01-01\n' >>"$T/late.cfg"
chmod 600 "$T/late.cfg"
$RP --config "$T/late.cfg" --db "$T/late.db" fetch >"$T/out" 2>"$T/err"
check "since after all mail: said, naming the since and the folder's count" \
	grep -q "foo: warning: no message received since 2099-01-01 in folder INBOX (10 in all) has address foo@list.example.org in To or Cc; check the \[list foo\] settings: since" "$T/err"
sed 's/^address = .*/address = foo@list.example.org/' "$T/typo.cfg" >"$T/fixed.cfg"
chmod 600 "$T/fixed.cfg"
$RP --config "$T/fixed.cfg" --db "$T/typo.db" fetch --json >"$T/out" 2>"$T/err"
check_eq "address corrected: the list's mail is read" "$(jget "$T/out" '["new"]')" "$(q c.db 'select count(*) from message')"
check "address corrected: said why the folder is read again" grep -q "foo: address or list_id changed: reading the folder from the start" "$T/err"
check_eq "address corrected: resynced" "$(jget "$T/out" '["lists"][0]["resynced"]')" True
$RP --config "$T/fixed.cfg" --db "$T/typo.db" fetch --json >"$T/out" 2>"$T/err"
check_eq "address unchanged: nothing read again" "$(jget "$T/out" '["lists"][0]["fetched"]'):$(jget "$T/out" '["lists"][0]["resynced"]')" "0:False"
# A filter added where there was none narrows what was read: nothing to read again.
$RP --config "$T/imaps.cfg" --db "$T/narrow.db" fetch >/dev/null 2>&1
$RP --config "$T/filter.cfg" --db "$T/narrow.db" fetch --json >"$T/out" 2>"$T/err"
check_eq "filter added: not read again" "$(jget "$T/out" '["lists"][0]["resynced"]')" False

# --watch: stays connected and fetches what arrives (IDLE), analyses the list's draft
# again with the new mail, ends cleanly on SIGTERM.
$RP --config "$T/imaps.cfg" --db "$T/d.db" fetch --watch foo >"$T/wout" 2>"$T/werr" &
wpid=$!
n=0
while [ "$(q d.db 'select count(*) from message' 2>/dev/null)" != 9 ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
printf 'Comments on draft-ietf-foo-bar-02\n\n1. Introduction\n\nThe protocol exchanges bars.\n\n2. Security Considerations\n\nBars are signed with a shared key.\n' >"$T/draft.txt"
$RP --db "$T/d.db" draft add "$T/draft.txt" --list foo --circulated cfc-02@example.org >/dev/null 2>&1
check_rc "--watch: a draft circulated on the list" 0 $RP --db "$T/d.db" points --json 1
printf 'From: Eve <eve@example.net>\nTo: foo@list.example.org\nSubject: Re: Call for comments: draft-ietf-foo-bar-02, two weeks\nMessage-ID: <late@example.net>\nIn-Reply-To: <cfc-02@example.org>\nReferences: <cfc-02@example.org>\nList-Id: <foo.list.example.org>\n\nOn section 2, I object: a shared key is too weak.\n' >"$T/late.eml"
dove_save "$T/late.eml"
n=0
while [ "$(q d.db 'select count(*) from message' 2>/dev/null)" != 10 ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
check_eq "--watch: new mail fetched while idling" "$(q d.db "select count(*) from message where message_id='late@example.net'")" 1
late_sections() { q d.db "select group_concat(s.number) from point p join message m on m.id = p.message
	join anchor a on a.point = p.id join section s on s.id = a.section where m.message_id = 'late@example.net'"; }
n=0
while [ -z "$(late_sections 2>/dev/null)" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
check_eq "--watch: the draft analysed again: the new point is anchored" "$(late_sections)" 2
kill -TERM $wpid
wait $wpid
check_eq "--watch: SIGTERM ends it with exit 0" "$?" 0
check "--watch: reported the new mail" grep -q "1 new message" "$T/werr"
check "--watch: reported the analysis" grep -q "draft 1 re-analysed" "$T/werr"

# A message without a Date header, and one whose Date does not read, are dated by the
# server's arrival time (INTERNALDATE, which Dovecot's Maildir takes from the file's
# mtime), as an import dates them by their arrival, the zone left unknown; a message with
# a Date keeps it.
dove_adm mailbox create -u "$DOVE_USER" Undated
ud="$DOVE_MAILDIR/.Undated/cur"
mkdir -p "$ud"
printf 'From: nodate@example.org\nTo: foo@list.example.org\nSubject: no date\nMessage-ID: <nodate@example.org>\n\nNo Date header here.\n' >"$ud/1700000001.M1P1.t0200:2,"
printf 'From: baddate@example.org\nTo: foo@list.example.org\nSubject: bad date\nDate: the day after tomorrow\nMessage-ID: <baddate@example.org>\n\nA Date that does not read.\n' >"$ud/1700000002.M2P1.t0200:2,"
printf 'From: dated@example.org\nTo: foo@list.example.org\nSubject: dated\nDate: Tue, 02 Jan 2024 10:00:00 +0100\nMessage-ID: <dated@example.org>\n\nA Date that reads.\n' >"$ud/1700000003.M3P1.t0200:2,"
TZ=UTC touch -d '2023-03-04 05:06:07' "$ud/1700000001.M1P1.t0200:2,"
TZ=UTC touch -d '2023-05-06 07:08:09' "$ud/1700000002.M2P1.t0200:2,"
TZ=UTC touch -d '2023-07-08 09:10:11' "$ud/1700000003.M3P1.t0200:2,"
dove_fix_owner
dove_adm force-resync -u "$DOVE_USER" Undated
# The server in a zone half an hour off UTC: its INTERNALDATE is local time, "+0530".
dove_down
TZ=Asia/Kolkata dove_up
check "the server says INTERNALDATE in its zone, +0530" python3 - "$DOVE_PORT" "$DOVE_USER" "$DOVE_PASS" <<'PY'
import imaplib, sys
m = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
m.login(sys.argv[2], sys.argv[3])
m.select("Undated")
typ, data = m.fetch("1", "(INTERNALDATE)")
sys.exit(0 if b'"04-Mar-2023 10:36:07 +0530"' in data[0] else 1)
PY
sed 's/^folder = INBOX$/folder = Undated/' "$T/imaps.cfg" >"$T/undated.cfg"
chmod 600 "$T/undated.cfg"
TZ=America/New_York $RP --config "$T/undated.cfg" --db "$T/u.db" fetch >"$T/out" 2>"$T/err"
check_eq "INTERNALDATE: fetch exit 1 (the unreadable Date is reported)" "$?" 1
check_eq "no Date: dated by INTERNALDATE (the file's mtime), zone unknown" \
	"$(q u.db "select date||' '||ifnull(date_zone,'null') from message where message_id='nodate@example.org'")" \
	"$(TZ=UTC date -d '2023-03-04 05:06:07' +%s) null"
check_eq "unreadable Date: dated by INTERNALDATE" \
	"$(q u.db "select date from message where message_id='baddate@example.org'")" \
	"$(TZ=UTC date -d '2023-05-06 07:08:09' +%s)"
check "unreadable Date: the note names the server's arrival time" \
	grep -q "dated by its arrival instead (the server's INTERNALDATE)" "$T/err"
RAPPORTEUR_NO_THREADS=1 $RP --config "$T/undated.cfg" --db "$T/u1.db" fetch >"$T/out" 2>"$T/err"
check_eq "INTERNALDATE on one thread: the same dates" "$(q u1.db 'select group_concat(date) from (select date from message order by id)')" \
	"$(q u.db 'select group_concat(date) from (select date from message order by id)')"
check_eq "a Date that reads is kept" \
	"$(q u.db "select date||' '||date_zone from message where message_id='dated@example.org'")" \
	"$(TZ=UTC date -d '2024-01-02 09:00:00' +%s) 60"
$RP --db "$T/u.db" show --json nodate@example.org >"$T/show.json" 2>/dev/null
check_eq "show --json: the fetched message's date" "$(jget "$T/show.json" '["date"]')" "2023-03-04T05:06:07Z"

# Messages of about 1 MB: the reader's queue (8 MB) fills with fewer of them than it
# hands over at a time, and must still be handed over; the fetch ends, every one stored.
dove_adm mailbox create -u "$DOVE_USER" Big
dove_save_big Big
sed 's/^folder = INBOX$/folder = Big/' "$T/imaps.cfg" >"$T/big.cfg"
chmod 600 "$T/big.cfg"
timeout 60 $RP --config "$T/big.cfg" --db "$T/e.db" fetch >"$T/out" 2>"$T/err"
check_eq "messages of 1 MB: the fetch ends, exit 0" "$?" 0
check_eq "messages of 1 MB: all 24 stored" "$(q e.db 'select count(*) from message')" 24
