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
# Compiling that revision gives a document with no comments: compile says why, and how to
# get what was probably wanted, on standard error (the document is still written).
check_rc "compile of a revision not circulated yet: exit 0" 0 "$RP" --db "$DB" compile 2
check "... says it has no answering messages" \
	grep -q "compile: draft 2 has no answering messages, so the document holds no comments" "$T/err"
check "... and points to --circulated and --changes-since" \
	grep -q -e "--circulated MESSAGE-ID.*compile 2 --changes-since 1" "$T/err"
check "... the document is written all the same" grep -q "^# Consolidated feedback" "$T/out"
check "... with no 'unknown to unknown' period" sh -c "! grep -q 'unknown to unknown' '$T/out'"
"$RP" --db "$DB" compile 1 >/dev/null 2>"$T/err1"
check "compile of the discussed draft says nothing of the kind" sh -c "! grep -q 'no answering messages' '$T/err1'"

$RP --db "$DB" compile 2 --changes-since 1 >"$T/ch.md" 2>"$T/err"
check_eq "compile --changes-since exits 0" "$?" 0
check "summary counts: 1 new, 1 removed, 2 renumbered" grep -q "1 new, 1 removed, 2 renumbered" "$T/ch.md"
check "the inserted section is new" grep -q "^- 3\.9 Youth participation in intersessional work: new section$" "$T/ch.md"
check "3.9 became 3.10, unchanged" grep -q "^- 3\.10 Issue-driven policy questions (was 3\.9): unchanged" "$T/ch.md"
check "3.10 became 3.11" grep -q "^- 3\.11 Issue teams (was 3\.10): unchanged" "$T/ch.md"
# A point on two sections ("A follow-up on 3.9 and 3.10") is credited in both: in the
# changes, in the participants table and in check.
check "3.11 (was 3.10) credits Mark Carvell's question on 3.9 and 3.10" \
	grep -q "^- 3\.11 Issue teams (was 3\.10): unchanged; commented on by .*Mark Carvell" "$T/ch.md"
$RP --db "$DB" points --json 1 >"$T/pts.json" 2>/dev/null
$RP --db "$DB" compile 1 --no-analyse --format json >"$T/c1.json" 2>/dev/null
check "participants: every section a member's point is anchored to is among their sections" python3 -c '
import json, sys
pts = json.load(open(sys.argv[1]))["points"]
secs = {p["address"]: set(p["sections"]) for p in json.load(open(sys.argv[2]))["participants"]}
miss = [(p["author"]["name"], a["section"]) for p in pts for a in p["anchors"]
        if a["section"] != "general" and a["section"] not in secs.get(p["author"]["address"], ())]
print(miss) if miss else None
sys.exit(1 if miss else 0)' "$T/pts.json" "$T/c1.json"
$RP --db "$DB" check --no-analyse --draft 1 "Mark Carvell" >"$T/mark.txt" 2>&1
check "check: the question on 3.9 and 3.10 captured in both" \
	grep -q "captured in section 3\.9, summary bullet [0-9]* (also in section 3\.10, summary bullet [0-9]*), comment matrix ID" "$T/mark.txt"
$RP --db "$DB" check --no-analyse --draft 1 --json "Mark Carvell" >"$T/mark.json" 2>&1
check_eq "check --json: where.also names the other section" "$(python3 -c '
import json, sys
print([[a["section"] for a in p["where"]["also"]] for p in json.load(open(sys.argv[1]))["points"]
       if p["where"] and p["where"]["also"]])' "$T/mark.json")" "[['3.10']]"
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
# The count is of members, not of the one label they all print as.
$RP --db "$DB" compile 2 --changes-since 1 --no-analyse >"$T/named.md"
check_eq "--attribution none: as many members as the names of the named document" \
	"$(grep -o 'commented on by [0-9]* members\?' "$T/anon.md" | head -n 1 | grep -o '[0-9]*')" \
	"$(grep 'commented on by' "$T/named.md" | head -n 1 | sed 's/.*commented on by //' | python3 -c 'import re,sys; print(len(re.split(r", | and ", sys.stdin.read().strip())))')"
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
# The two drafts the wrong way round: refused too, rather than a diff read backwards.
check_rc "changes of a draft since its revision: usage error" 2 $RP --db "$DB" compile 1 --changes-since 2 --no-analyse
check "... naming both versions" grep -q "earlier version than draft 1 (version 1), and draft 2 (version 2) revises it" "$T/err"

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

# A third version, revising the second (fixtures/demo/draft-v3.txt: a section 5 inserted so
# 5, 5.1, 5.2, 6 and 7 become 6, 6.1, 6.2, 7 and 8; the sentence 3.6 took from Jutta Croll
# in version 2 dropped again; 3.11, version 1's 3.10, rewritten under a new heading; the
# annex removed): check follows the revisions to the newest and says where each point
# stands there, its section followed version by version.
$RP --db "$DB" draft add "$FIX/demo/draft-v3.txt" --revises 2 --list dc-coord >"$T/add3" 2>&1
check "draft add --revises 2 makes version 3" grep -q "^draft [0-9]*: .*(version 3," "$T/add3"
$RP --db "$DB" check --no-analyse "Amy Crocker" >"$T/amy3.txt"
check "check: the newest version, the adopted wording where it now stands" \
	grep -q "in version 3: the proposed wording is in section 6\.2$" "$T/amy3.txt"
check "check: the version in between is not reported" sh -c "! grep -q 'in version 2' '$T/amy3.txt'"
# Compared with version 1 directly, 3.11 has neither its number nor its heading nor its
# text: only followed through version 2 is it found.
check "check: renumbered in version 2, rewritten in 3 under a new heading" \
	grep -q "in version 3: section 3\.11 revised" "$T/amy3.txt"
$RP --db "$DB" check --no-analyse --json "Amy Crocker" >"$T/amy3.json"
check_eq "check --json: the newest version and the section the point now stands in" \
	"$(python3 -c 'import json,sys; print([p["revision"] for p in json.load(open(sys.argv[1]))["points"] if p["where"] and p["where"]["section"] == "5.2"])' "$T/amy3.json")" \
	"[{'fate': 'adopted', 'section': '6.2', 'version': 3}]"
# By address: the mail imported into "other" above has another Mark Carvell.
$RP --db "$DB" check --no-analyse mark.carvell@dcisss.example.org >"$T/mark3.txt"
check "check: revised in version 2, unchanged in 3, is revised" grep -q "in version 3: section 4\.2 revised" "$T/mark3.txt"
check "check: renumbered in version 3" grep -q "in version 3: section 7 unchanged" "$T/mark3.txt"
check "check: wording adopted in version 2 and still there" \
	grep -q "in version 3: the proposed wording is in section 3\.1$" "$T/mark3.txt"
$RP --db "$DB" check --no-analyse "Jutta Croll" >"$T/jutta3.txt"
check "check: wording adopted in version 2 and dropped in 3 is not adopted" \
	sh -c "grep -q 'in version 3: section 3\.6 revised' '$T/jutta3.txt' && ! grep -q 'proposed wording is in section 3\.6' '$T/jutta3.txt'"
$RP --db "$DB" check --no-analyse --json "Elliott Mann" >"$T/em3.json"
check_eq "check --json: removed in version 2 (A.2) or in 3 (A.1), removed" \
	"$(python3 -c 'import json,sys; print(sorted({(p["where"]["section"], p["revision"]["fate"], p["revision"]["section"], p["revision"]["version"]) for p in json.load(open(sys.argv[1]))["points"] if p["where"] and p["where"]["section"].startswith("A.")}))' "$T/em3.json")" \
	"[('A.1', 'removed', None, 3), ('A.2', 'removed', None, 3)]"
$RP --db "$DB" check --no-analyse --draft 2 "Amy Crocker" >/dev/null 2>&1
check_eq "check on the undiscussed version 2, revised by 3: still nothing there (exit 8)" "$?" 8
v3=$(sed -n 's/^draft \([0-9]*\): .*(version 3,.*/\1/p' "$T/add3")
$RP --db "$DB" compile "$v3" --changes-since 1 --no-analyse >"$T/ch3.md" 2>"$T/err"
check "compile --changes-since two versions back: sections followed version by version" \
	grep -q "^- 6\.2 Financial sustainability and independence (was 5\.2): revised; adopts the wording proposed by Amy Crocker" "$T/ch3.md"
check "... 3.10, renumbered then rewritten, followed" \
	grep -q "^- 3\.11 Joining the MAG's teams (was 3\.10): revised; commented on by" "$T/ch3.md"
check "... a section removed in between stays removed" grep -q "^- A\.2 .*: removed; commented on by Elliott Mann" "$T/ch3.md"

# A revision of a draft nobody commented on: no empty "Unchanged sections" heading.
$RP --db "$T/quiet.db" draft add "$FIX/demo/draft.txt" >/dev/null 2>&1
$RP --db "$T/quiet.db" draft add "$FIX/demo/draft-v2.txt" --revises 1 >/dev/null 2>&1
$RP --db "$T/quiet.db" compile 2 --changes-since 1 >"$T/quiet.md" 2>"$T/err"
check_eq "no comments at all: compile --changes-since exits 0" "$?" 0
check "no comments at all: the sections revised are listed" grep -q "^## " "$T/quiet.md"
check "no comments at all: no empty 'Unchanged sections that received comments' heading" \
	sh -c "! grep -q 'Unchanged sections that received comments' '$T/quiet.md'"

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
# The second version added without --revises is a draft of its own, version 1 too: the
# changes since draft 1 name both drafts, since "version 1 since version 1" tells nothing.
$RP --db "$DB" draft add --json "$FIX/demo/draft-v2.txt" --list dc-coord >"$T/out" 2>/dev/null
same=$(jget "$T/out" '["id"]')
$RP --db "$DB" compile "$same" --changes-since 1 >"$T/same.md" 2>/dev/null
check "changes between two version-1 drafts: named by draft" \
	grep -q "^# Changes in draft $same (version 1) since draft 1 (version 1): " "$T/same.md"
$RP --db "$DB" compile 2 --changes-since 1 >"$T/v2.md" 2>/dev/null
check "changes of a revision: still named by version" grep -q "^# Changes in version 2 since version 1: " "$T/v2.md"
