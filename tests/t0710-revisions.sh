#!/bin/sh
# t0710-revisions: a second version of the demo draft (fixtures/demo/draft-v2.txt: a section
# inserted as 3.9 so 3.9 and 3.10 become 3.10 and 3.11, three members' proposed wordings
# taken in, 4.2 rewritten, A.2 removed) added with --revises; `compile 2 --changes-since 1`
# lists the changes crediting the members, in Markdown and JSON; `check` says for each
# point what became of it in version 2.
. tests/lib.sh
DB=$T/rp.db
export RAPPORTEUR_NO_PROGRESS=1
$RP --db "$DB" import --list dc-coord "$FIX/demo/list.mbox" >/dev/null 2>&1
$RP --db "$DB" draft add --from-message draft-circulation@dc-coord.example.org >/dev/null
$RP --db "$DB" draft add "$FIX/demo/draft-v2.txt" --revises 1 --list dc-coord >"$T/add" 2>&1
check "draft add --revises 1 makes version 2" grep -q "^draft 2: .*(version 2," "$T/add"
check "draft add --revises without --circulated: says it has no answering messages yet" \
	grep -q "revises draft 1 and has no answering messages" "$T/add"

$RP --db "$DB" compile 2 --changes-since 1 >"$T/ch.md" 2>"$T/err"
check_eq "compile --changes-since exits 0" "$?" 0
check "summary counts: 1 new, 1 removed, 2 renumbered" grep -q "1 new, 1 removed, 2 renumbered" "$T/ch.md"
check "the inserted section is new" grep -q "^- 3\.9 Youth participation in intersessional work: new section$" "$T/ch.md"
check "3.9 became 3.10, unchanged" grep -q "^- 3\.10 Issue-driven policy questions (was 3\.9): unchanged" "$T/ch.md"
check "3.10 became 3.11" grep -q "^- 3\.11 Issue teams (was 3\.10): unchanged" "$T/ch.md"
check "3.1 credits Mark Carvell's wording" \
	grep -q "^- 3\.1 .*: revised; adopts the wording proposed by Mark Carvell: \"and set out a timetable" "$T/ch.md"
check "3.6 credits Jutta Croll's wording" grep -q "^- 3\.6 .*adopts the wording proposed by Jutta Croll" "$T/ch.md"
check "5.2 credits Amy Crocker's wording" grep -q "^- 5\.2 .*adopts the wording proposed by Amy Crocker" "$T/ch.md"
check "4.2 revised, crediting who commented" grep -q "^- 4\.2 Proposed wording: revised; commented on by .*Mark Carvell" "$T/ch.md"
check "A.2 removed, crediting who commented" grep -q "^- A\.2 .*: removed; commented on by Elliott Mann" "$T/ch.md"
check "a phrase the draft already had is not an adopted proposal" sh -c "! grep -q 'wording proposed by [^:]*: \"talk shop\"' '$T/ch.md'"
check "unchanged sections with comments are listed" grep -q "^- 3\.5 Integration of DCs.*: unchanged; commented on by Amy Crocker" "$T/ch.md"
check "every listed unchanged section says who commented" \
	sh -c "sed -n '/^## Unchanged/,\$p' '$T/ch.md' | grep '^- ' | grep -v -q 'commented on by' && exit 1 || exit 0"

$RP --db "$DB" compile 2 --changes-since 1 --no-analyse --format json -o "$T/ch.json"
check_eq "JSON: schema_version" "$(jget "$T/ch.json" '["schema_version"]')" 1
check_eq "JSON: adopted count" "$(jget "$T/ch.json" '["summary"]["adopted"]')" 3
check_eq "JSON: one fate per point of version 1" \
	"$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["points"]))' "$T/ch.json")" \
	"$($RP --db "$DB" points 1 --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["points"]))')" 
check_eq "JSON: the removed section" \
	"$(python3 -c 'import json,sys; print([s["old"]["number"] for s in json.load(open(sys.argv[1]))["sections"] if s["change"] == "removed"])' "$T/ch.json")" \
	"['A.2']"
check_eq "JSON: Amy Crocker's 5.2 amendment adopted in 5.2" \
	"$(python3 -c 'import json,sys; print([(p["fate"], p["new_section"]) for p in json.load(open(sys.argv[1]))["points"] if p["member"] == "Amy Crocker" and p["section"] == "5.2"])' "$T/ch.json")" \
	"[('adopted', '5.2')]"
$RP --db "$DB" compile 2 --changes-since 1 --no-analyse --attribution none >"$T/anon.md"
check "--attribution none: no names in the changes" sh -c "! grep -q -e 'Mark Carvell' -e 'Amy Crocker' '$T/anon.md'"
check "--attribution none: counts instead" grep -q "commented on by [0-9]* member" "$T/anon.md"
$RP --db "$DB" compile 2 --changes-since 1 --no-analyse --attribution none --format json >"$T/anon.json"
check "--attribution none (json): no Message-ID of a point" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if d["points"] and all(p["message_id"] is None for p in d["points"]) else 1)' "$T/anon.json"
$RP --db "$DB" compile 2 --changes-since 1 --format html >/dev/null 2>"$T/err"
check_eq "--changes-since --format html is a usage error" "$?" 2
$RP --db "$DB" compile 2 --changes-since 99 >/dev/null 2>"$T/err"
check "an unknown old draft: clear error" grep -q "no draft" "$T/err"
check_rc "changes of a draft since itself: usage error" 2 $RP --db "$DB" compile 1 --changes-since 1 --no-analyse
check "... saying an earlier version is wanted" grep -q "wants an earlier version than draft 1 itself" "$T/err"

# check: the default draft is the one discussed; each point's fate in version 2.
$RP --db "$DB" check --no-analyse "Amy Crocker" >"$T/amy.txt"
check "check defaults to the discussed draft" grep -q "on draft 1," "$T/amy.txt"
# Analysed (compile 2 above), the uncirculated revision still has no answering message:
# it took over version 1's whole discussion, and check then defaulted to it.
msgs_of() { $RP --db "$DB" draft list --json | python3 -c '
import json, sys
print([d["messages"] for d in json.load(sys.stdin)["drafts"] if d["id"] == int(sys.argv[1])][0])' "$1"; }
$RP --db "$DB" points 2 >/dev/null 2>&1
check_eq "an uncirculated revision, analysed: no answering messages" "$(msgs_of 2)" 0
$RP --db "$DB" check "Amy Crocker" >"$T/amy2.txt" 2>&1
check "check, analysing: still defaults to the discussed draft" grep -q "on draft 1," "$T/amy2.txt"
# A mistyped circulating Message-ID: warned, and no message answers (it took the mail of
# every list, with no list and no window).
$RP --db "$DB" import --list other "$FIX/import/mboxo.mbox" >/dev/null 2>&1
$RP --db "$DB" draft add "$FIX/demo/draft.txt" --circulated nosuch@example.org >"$T/out" 2>"$T/err"
check "a circulating id nothing has: draft add warns, naming it" \
	grep -q "warning: no stored message has Message-ID <nosuch@example.org>" "$T/err"
$RP --db "$DB" points 3 >/dev/null 2>&1
check_eq "a circulating id nothing has: no answering messages" "$(msgs_of 3)" 0
check "check: adopted wording" grep -q "in version 2: the proposed wording is in section 5\.2" "$T/amy.txt"
# Amy's question on the issue teams (3.10) is about a section renumbered 3.11 in version 2.
check "check: renumbered, unchanged" grep -q "in version 2: section 3\.11 unchanged" "$T/amy.txt"
$RP --db "$DB" check --no-analyse --json "Elliott Mann" >"$T/em.json"
check_eq "check --json: revision of a point on the removed section" \
	"$(python3 -c 'import json,sys; print(sorted({(p["where"]["section"], p["revision"]["fate"]) for p in json.load(open(sys.argv[1]))["points"] if p["where"] and p["revision"] and p["where"]["section"] == "A.2"}))' "$T/em.json")" \
	"[('A.2', 'removed')]"
$RP --db "$DB" check --no-analyse --draft 2 "Amy Crocker" >/dev/null 2>&1
check_eq "check on the undiscussed version 2: nothing there (exit 8)" "$?" 8
# A revision added without --list stays on the list of the draft it revises (it was on
# none, and its document read "List: unknown"); --list still names another.
$RP --db "$DB" draft add --json "$FIX/demo/draft-v2.txt" --revises 1 >"$T/out" 2>/dev/null
rev=$(jget "$T/out" '["id"]')
$RP --db "$DB" draft show --json "$rev" >"$T/show.json"
check_eq "--revises without --list: the revised draft's list" "$(jget "$T/show.json" '["list"]')" dc-coord
check_eq "... and not its circulating message" "$(jget "$T/show.json" '["circulated"]')" None
$RP --db "$DB" compile "$rev" >"$T/rev.md" 2>"$T/err"
check "its document names the list" grep -q "^- List: dc-coord$" "$T/rev.md"
$RP --db "$DB" draft add --json "$FIX/demo/draft-v2.txt" --revises 1 --list other >"$T/out" 2>/dev/null
$RP --db "$DB" draft show --json "$(jget "$T/out" '["id"]')" >"$T/show.json"
check_eq "--revises with --list: the list given" "$(jget "$T/show.json" '["list"]')" other
