#!/bin/sh
# A message cross-posted to two lists is stored once and belongs to both: imported for a
# second list it is a duplicate that the second list now holds too (added_to_list), counted
# in that list's status, shown by threads --list and votes --list, and considered by the
# analysis of a draft circulated on that list.
. tests/lib.sh
I=$FIX/import
DB=$T/db
q() { sqlite3 "$DB" "$1"; }

check_rc "first list: exit 0" 0 $RP --db "$DB" import --list wg-a "$I/mboxo.mbox"
check_rc "second list, with one more archive: exit 0" 0 \
	$RP --db "$DB" import --list wg-b "$I/mboxo.mbox" "$I/mboxrd.mbox"
check_eq "summary: the messages stored before are already present, and added to the list" \
	"$(sed 's/ in [0-9.]* s$//' "$T/out")" \
	"imported 2 new, 3 already present (3 of them added to list wg-b), 0 with errors"
check_eq "stored once" "$(q 'select count(*) from message')" 5

check_rc "re-import into the second list: exit 0" 0 \
	$RP --db "$DB" import --json --list wg-b "$I/mboxo.mbox" "$I/mboxrd.mbox"
check_eq "re-import: nothing new" "$(jget "$T/out" '["new"]')" 0
check_eq "re-import: 5 duplicates" "$(jget "$T/out" '["duplicates"]')" 5
check_eq "re-import: none added to the list, it has them all" "$(jget "$T/out" '["added_to_list"]')" 0
check_rc "a third list in JSON: exit 0" 0 $RP --db "$DB" import --json --list wg-c "$I/mboxrd.mbox"
check_eq "third list: 2 duplicates" "$(jget "$T/out" '["duplicates"]')" 2
check_eq "third list: both added to it" "$(jget "$T/out" '["added_to_list"]')" 2

check_rc "status --json: exit 0" 0 $RP --db "$DB" status --json
lists() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join("%s=%d" % (l["name"], l["messages"]) for l in d["lists"]))' "$T/out"; }
check_eq "status: each list counts the messages it received" "$(lists)" "wg-a=3 wg-b=5 wg-c=2"
check_eq "status: the total counts each message once" "$(jget "$T/out" '["messages"]')" 5
check_rc "status: exit 0" 0 $RP --db "$DB" status
check "status: the second list's line" grep -q '^wg-b  *5  *0  2021-06-08  2021-06-10$' "$T/out"

ids() { python3 -c 'import json,sys; print(",".join(sorted(m["message_id"] for m in json.load(open(sys.argv[1]))["messages"])))' "$T/out"; }
check_rc "threads --list of the second list: exit 0" 0 $RP --db "$DB" threads --list wg-b --json
check_eq "threads --list: the cross-posted thread is there" "$(ids)" \
	"mboxo-1@example.org,mboxo-2@example.net,mboxo-3@example.com,mboxrd-1@example.org,mboxrd-2@example.org"
check_rc "threads --list of the third list: exit 0" 0 $RP --db "$DB" threads --list wg-c --json
check_eq "threads --list: only that list's threads" "$(ids)" "mboxrd-1@example.org,mboxrd-2@example.org"

# A vote called on one list and cross-posted to another is counted on both.
check_rc "votes: exit 0" 0 $RP --db "$DB" import --list wg-a "$FIX/votes/call.mbox"
check_rc "votes cross-posted: exit 0" 0 $RP --db "$DB" import --list wg-c "$FIX/votes/call.mbox"
$RP --db "$DB" votes --list wg-a >"$T/votes-a" 2>&1
check_rc "votes --list of the second list: exit 0" 0 $RP --db "$DB" votes --list wg-c
check "votes --list of the first list: a vote thread" grep -q VOTE "$T/votes-a"
check_eq "votes --list: the same tally on the list it was cross-posted to" "$(cat "$T/out")" "$(cat "$T/votes-a")"

# A draft circulated on a list whose mail was stored first for another list: the
# analysis considers that mail as the list's (the list's traffic that is no reply).
D1=$T/one.db D2=$T/two.db
$RP --db "$D1" import --list dc-coord "$FIX/demo/list.mbox" >/dev/null 2>&1
$RP --db "$D1" draft add --from-message draft-circulation@dc-coord.example.org >/dev/null 2>&1
$RP --db "$D2" import --list plenary "$FIX/demo/list.mbox" >/dev/null 2>&1
$RP --db "$D2" import --list dc-coord "$FIX/demo/list.mbox" >/dev/null 2>&1
check_rc "draft on the second list: exit 0" 0 $RP --db "$D2" draft add --list dc-coord \
	--from-message draft-circulation@dc-coord.example.org
$RP --db "$D1" points --excluded 1 >"$T/ex1" 2>&1
check_rc "points --excluded: exit 0" 0 $RP --db "$D2" points --excluded 1
check "the list's off-topic mail is considered" grep -q 'Logistics.*off-topic' "$T/out"
check_eq "membership as when the list stored the mail first" "$(cat "$T/out")" "$(cat "$T/ex1")"
$RP --db "$D1" points --json 1 >"$T/p1" 2>&1
check_rc "points: exit 0" 0 $RP --db "$D2" points --json 1
check_eq "the same points" "$(cat "$T/out")" "$(cat "$T/p1")"

# Mail added to the list after an analysis makes the next one consider it: the draft is on
# a list that first holds only one message of the archive.
python3 - "$FIX/demo/list.mbox" "$T/logistics.mbox" <<'PY'
import sys
msgs = open(sys.argv[1], encoding="utf-8", errors="surrogateescape").read().split("\nFrom ")
keep = [m for m in msgs if "Logistics: DC main session" in m.split("\n\n", 1)[0]]
out = "\n".join(m if m.startswith("From ") else "From " + m for m in keep[:1])
open(sys.argv[2], "w", encoding="utf-8", errors="surrogateescape").write(out.rstrip("\n") + "\n\n")
PY
D4=$T/four.db
$RP --db "$D4" import --list plenary "$T/logistics.mbox" >/dev/null 2>&1
$RP --db "$D4" import --list plenary "$I/mboxo.mbox" >/dev/null 2>&1
$RP --db "$D4" import --list dc-coord "$FIX/demo/list.mbox" >/dev/null 2>&1
$RP --db "$D4" draft add --list plenary --from-message draft-circulation@dc-coord.example.org >/dev/null 2>&1
$RP --db "$D4" points --excluded 1 >"$T/before" 2>&1
check "a draft on the other list: the logistics mail is the list's, considered" \
	grep -q 'Logistics.*off-topic' "$T/before"
check_eq "the rest of dc-coord's mail is not that list's" \
	"$(grep -c 'off-topic' "$T/before")" 1
check_rc "the rest of the archive cross-posted to the draft's list: exit 0" 0 \
	$RP --db "$D4" import --json --list plenary "$FIX/demo/list.mbox"
check_eq "added to the list: all but the one it had" "$(jget "$T/out" '["added_to_list"]')" 31
check_rc "points --excluded after: exit 0" 0 $RP --db "$D4" points --excluded 1
check "the newly added mail is considered at the next analysis" \
	test "$(grep -c 'off-topic' "$T/out")" -gt 1
