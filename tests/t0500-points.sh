#!/bin/sh
# Points and anchors on the bundled demo list: quote, explicit and inherited anchors,
# excluded messages with reasons, manual decisions that survive re-analysis, stable ids,
# decisions exported and imported; two drafts discussed on one list, each answered by its own
# thread.
. tests/lib.sh
DB=$T/db
$RP --db "$DB" import --list dc-coord "$FIX/demo/list.mbox" >/dev/null 2>&1
$RP --db "$DB" draft add --from-message draft-circulation@dc-coord.example.org >/dev/null
$RP --db "$DB" points --json 1 >"$T/p.json"
check_eq "points: exit 0" "$?" 0
# Import does not segment; the analysis segments what it reads and stores it.
check "analysis stored the blocks of the replies" \
	test "$(sqlite3 "$DB" 'select count(distinct message) from block')" -ge 20
check_eq "nothing segmented for excluded messages" "$(sqlite3 "$DB" \
	'select count(*) from block b join draft_message d on d.message = b.message and d.included = 0
	 where b.message not in (select message from draft_message where included = 1)')" 0
$RP --db "$DB" points --json 1 >"$T/p-again.json"
check "second analysis, from the stored blocks: the same points" cmp -s "$T/p.json" "$T/p-again.json"
# pt TEXT -> "id sections methods" of the first point containing TEXT
pt() {
	python3 - "$T/p.json" "$1" <<'PY'
import json, sys
for p in json.load(open(sys.argv[1]))["points"]:
    if sys.argv[2] in p["text"]:
        print(p["id"], ",".join(a["section"] for a in p["anchors"]),
              ",".join(a["method"] for a in p["anchors"]))
        break
PY
}
check_eq "inline answer under a quoted draft passage: quote anchor" \
	"$(pt 'Suggest adding at the end' | cut -d' ' -f2-)" "3.1 quote"
check_eq "\"3.9 and 3.10\": both sections, explicit" \
	"$(pt 'A follow-up on 3.9 and 3.10' | cut -d' ' -f2-)" "3.9,3.10 explicit,explicit"
check_eq "\"§4.2\" resolves" "$(pt 'On §4.2 I have no objection' | cut -d' ' -f2-)" "4.2 explicit"
check_eq "\"page 2, the part on the annual call\": narrowed to 3.2" \
	"$(pt 'On page 2, the part on the annual call' | cut -d' ' -f2-)" "3.2 explicit"
check_eq "\"+1 to Wout on the workshop call\" inherits Wout's section" \
	"$(pt '+1 to Wout on the workshop call' | cut -d' ' -f2-)" "3.2 inherited"
check_eq "quoted text is not a point" "$(pt 'The annual call for workshop proposals has' | wc -l)" 0
check "every point has an anchor" python3 -c '
import json,sys
sys.exit(0 if all(p["anchors"] for p in json.load(open(sys.argv[1]))["points"]) else 1)' "$T/p.json"
$RP --db "$DB" points --excluded --json 1 >"$T/x.json"
check "off-topic mail excluded with its reason" grep -q 'off-topic' "$T/x.json"
check_eq "the circulating message is not a comment" \
	"$(grep -c '"reason": "circulates the draft"' "$T/x.json")" 1

# Manual decisions: stored, applied, never overwritten, ids stable.
id=$(pt 'Suggest adding at the end' | cut -d' ' -f1)
check_rc "set section=3.2" 0 $RP --db "$DB" set "$id" section=3.2 stance=object disposition=accepted note="moved by hand"
$RP --db "$DB" points --json 1 >"$T/p2.json"
T_OLD=$T/p.json
cp "$T/p2.json" "$T/p.json"
check_eq "manual section applied, same point id" "$(pt 'Suggest adding at the end')" "$id 3.2 manual"
check_eq "manual stance applied" "$(python3 -c '
import json,sys
print([p["stance"]["label"] for p in json.load(open(sys.argv[1]))["points"] if p["id"]==int(sys.argv[2])][0])' "$T/p.json" "$id")" object
$RP --db "$DB" points --json 1 >"$T/p3.json"
check "re-analysis keeps the same ids and results" cmp -s "$T/p2.json" "$T/p3.json"
check_rc "bad section refused" 2 $RP --db "$DB" set "$id" section=9.9
check "bad section: says which" grep -q "no section '9.9'" "$T/err"
check_rc "bad stance refused" 2 $RP --db "$DB" set "$id" stance=maybe
check_rc "set: not a point id" 2 $RP --db "$DB" set abc stance=object
check "set: says the argument is no point id" grep -q "not a point id (see 'rapporteur points DRAFT'): 'abc'" "$T/err"
check_rc "set: include=maybe" 2 $RP --db "$DB" set --draft 1 --message x@example.org include=maybe
check "set: says include= takes yes or no" grep -q "include= takes yes or no, not 'maybe'" "$T/err"
check_rc "set: a point and nothing to set" 2 $RP --db "$DB" set "$id"
check "set: asks what to set" grep -q "what to set?" "$T/err"
check_rc "unknown point" 8 $RP --db "$DB" set 99999 stance=object
# A key given twice: refused, naming it, and nothing stored (one value was kept silently).
check_rc "set: a key given twice is refused" 2 $RP --db "$DB" set "$id" section=3.9 section=3.10
check "... naming the key" grep -q "section= given twice" "$T/err"
check_eq "... and the section set before stays" "$(pt 'Suggest adding at the end')" "$id 3.2 manual"
check_rc "set: include= given twice is refused" 2 $RP --db "$DB" set --draft 1 --message x@example.org include=yes include=no
check "... naming it" grep -q "include= given twice" "$T/err"
# --who's value is who decided, even with an '=' in it, never a decision of its own.
check_rc "set: --who's value is no key" 0 $RP --db "$DB" set "$id" --who "stance=question" note="moved by hand"
$RP --db "$DB" points --json 1 >"$T/who.json" 2>/dev/null
check_eq "... the stance set before stays" "$(python3 -c '
import json,sys
print([p["stance"]["label"] for p in json.load(open(sys.argv[1]))["points"] if p["id"]==int(sys.argv[2])][0])' "$T/who.json" "$id")" object
$RP --db "$DB" decisions --json 1 >"$T/d.json"
check_eq "decisions exported" "$(jget "$T/d.json" '["decisions"].__len__()')" 4
$RP --db "$T/db2" import --list dc-coord "$FIX/demo/list.mbox" >/dev/null 2>&1
$RP --db "$T/db2" draft add --from-message draft-circulation@dc-coord.example.org >/dev/null
check_rc "decisions imported" 0 $RP --db "$T/db2" decisions --import "$T/d.json" 1
$RP --db "$T/db2" decisions --json 1 | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["decisions"]))' >"$T/n"
check_eq "imported decisions present" "$(cat "$T/n")" 4
# The draft named must exist (it listed nothing, exit 0), and may be a title; a file from
# another draft is refused (its sections name that draft's numbering) unless --force; an
# unreadable file is said so, exit 1.
check_rc "decisions of a draft that does not exist: exit 8" 8 $RP --db "$DB" decisions 99
check "it says so" grep -q "no draft '99'" "$T/err"
title=$(sqlite3 "$DB" "select title from draft where id = 1")
check_rc "decisions by title" 0 $RP --db "$DB" decisions --json "$title"
check "by title: the same as by id" sh -c "$RP --db '$DB' decisions --json 1 | cmp -s - '$T/out'"
$RP --db "$T/db2" draft add "$FIX/demo/draft-v2.txt" --revises 1 >/dev/null 2>&1
check_rc "decisions of draft 1 into draft 2: refused (exit 1)" 1 $RP --db "$T/db2" decisions --import "$T/d.json" 2
check "refused: says whose decisions the file holds" grep -q "holds the decisions of draft 1, not of draft 2" "$T/err"
check_eq "refused: nothing imported" "$(sqlite3 "$T/db2" 'select count(*) from decision where draft = 2')" 0
check_rc "with --force: imported" 0 $RP --db "$T/db2" decisions --import "$T/d.json" --force 2
check_rc "an unreadable decisions file: exit 1" 1 $RP --db "$DB" decisions --import "$T/nonexistent.json" 1
check "it says it cannot read it, without a line number" grep -q "nonexistent.json: cannot read it" "$T/err"
check_rc "removing a decision (empty value)" 0 $RP --db "$DB" set "$id" note=
check "... stored" grep -q "^point $id (<.*> #[0-9]*): decision stored$" "$T/out"
# Removing a decision that is not there: said so, exit 0, the decisions untouched.
other=$(sqlite3 "$DB" "select min(id) from point where id <> $id")
sqlite3 "$DB" "select * from decision order by 1, 2, 3, 4" >"$T/dec-before"
check_rc "removing a disposition never set: exit 0" 0 $RP --db "$DB" set "$other" disposition=
check "... says there is none" grep -q "^point $other (<.*> #[0-9]*): no disposition decision to remove$" "$T/out"
check "... and stores nothing" sh -c "! grep -q 'decision stored' '$T/out'"
check_rc "removing the note again: exit 0" 0 $RP --db "$DB" set "$id" note=
check "... says there is none" grep -q "^point $id (<.*> #[0-9]*): no note decision to remove$" "$T/out"
sqlite3 "$DB" "select * from decision order by 1, 2, 3, 4" >"$T/dec-after"
check "the decisions untouched" cmp -s "$T/dec-before" "$T/dec-after"
check_rc "removing an unknown key: refused" 2 $RP --db "$DB" set "$id" colour=
check "... naming it" grep -q "colour: unknown key" "$T/err"

# Inclusion by hand.
off=$(python3 -c 'import json,sys; print([e["message_id"] for e in json.load(open(sys.argv[1]))["excluded"] if "off-topic" in (e["reason"] or "")][0])' "$T/x.json")
check_rc "include an excluded message by hand" 0 $RP --db "$DB" set --draft 1 --message "<$off>" include=yes --who coord
check "it echoes the Message-ID once bracketed" grep -q "^message <$off> included in draft 1" "$T/out"
$RP --db "$DB" points --json 1 >"$T/p4.json"
check "its points now listed" grep -q "\"$off\"" "$T/p4.json"
$RP --db "$DB" points --excluded --json 1 >"$T/x2.json"
check "and it is no longer excluded" sh -c "! grep -q '\"$off\"' '$T/x2.json'"
check_rc "unknown message" 8 $RP --db "$DB" set --draft 1 --message nosuch@example.org include=no

# Inclusions by hand are decisions too: listed, exported and imported back; an empty
# include= removes one, and the message is judged again as it was before.
inclusions() { python3 -c '
import json, sys
print([(d["message_id"], d["ordinal"], d["value"], d["point"], d["reason"], d["who"])
       for d in json.load(open(sys.argv[1]))["decisions"] if d["key"] == "include"])' "$1"; }
$RP --db "$DB" decisions --json 1 >"$T/d-inc.json"
check_eq "decisions --json exports the inclusion, with who set it" "$(inclusions "$T/d-inc.json")" \
	"[('$off', 0, 'yes', None, 'included by hand', 'coord')]"
check "... and when" test "$(sqlite3 "$DB" "select dm.set_at > 0 from draft_message dm join message m on m.id = dm.message where m.message_id = '$off' and dm.manual")" = 1
check_eq "next to the decisions on points" "$(jget "$T/d-inc.json" '["decisions"].__len__()')" 4
check_rc "decisions lists it" 0 $RP --db "$DB" decisions 1
check "as include = yes, with its reason and who set it" grep -q "^message <$off>  include = yes  (included by hand)  by coord$" "$T/out"
I=$T/inc.db
$RP --db "$I" import --list dc-coord "$FIX/demo/list.mbox" >/dev/null 2>&1
$RP --db "$I" draft add --from-message draft-circulation@dc-coord.example.org >/dev/null
check_rc "decisions --import into another store" 0 $RP --db "$I" decisions --import "$T/d-inc.json" 1
check_eq "the inclusion came back, set by hand, by whom" "$(sqlite3 "$I" "select dm.included, dm.manual, dm.reason, dm.who
	from draft_message dm join message m on m.id = dm.message where m.message_id = '$off'")" "1|1|included by hand|coord"
$RP --db "$I" points --json 1 >"$T/p-inc.json"
check "its points are listed there too" grep -q "\"$off\"" "$T/p-inc.json"
$RP --db "$I" decisions --json 1 >"$T/d-inc2.json"
check_eq "exported again: the same inclusion" "$(inclusions "$T/d-inc2.json")" "$(inclusions "$T/d-inc.json")"
check_rc "include= (empty value) removes the decision" 0 $RP --db "$DB" set --draft 1 --message "$off" include=
check "it says so" grep -q "^message <$off>: decision on its inclusion in draft 1 removed" "$T/out"
$RP --db "$DB" points --excluded --json 1 >"$T/x3.json"
check_eq "the message is judged again: off-topic, not by hand" "$(python3 -c '
import json, sys
print([(e["reason"], e["manual"]) for e in json.load(open(sys.argv[1]))["excluded"] if e["message_id"] == sys.argv[2]])' "$T/x3.json" "$off")" \
	"[('off-topic: no reference to the draft', False)]"
$RP --db "$DB" decisions --json 1 >"$T/d-inc3.json"
check_eq "and no longer among the decisions" "$(inclusions "$T/d-inc3.json")" "[]"
check_rc "include= again: nothing to remove, exit 0" 0 $RP --db "$DB" set --draft 1 --message "$off" include=
check "it says there was none" grep -q "no decision on its inclusion in draft 1 to remove" "$T/out"
check_rc "include= on an unknown message: exit 8" 8 $RP --db "$DB" set --draft 1 --message nosuch@example.org include=
check_rc "include= with reason=: refused" 2 $RP --db "$DB" set --draft 1 --message "$off" include= reason=why
# A file written before inclusions were exported imports as before; an inclusion of a
# message this store does not hold is left out, said, exit 1, and the rest is imported.
cat >"$T/d-old.json" <<JSON
{"draft": 1, "decisions": [{"message_id": "$off", "ordinal": 0, "key": "note", "value": "older file", "who": "ann", "point": null}]}
JSON
check_rc "a decisions file without inclusions imports" 0 $RP --db "$I" decisions --import "$T/d-old.json" 1
check_eq "its note is stored" "$(sqlite3 "$I" "select value, who from decision where key = 'note' and message_id = '$off'")" "older file|ann"
cat >"$T/d-missing.json" <<JSON
{"draft": 1, "decisions": [
 {"message_id": "not-here@example.org", "ordinal": 0, "key": "include", "value": "yes", "who": null, "point": null, "reason": null},
 {"message_id": "$off", "key": "include", "value": "no", "reason": "logistics only"},
 {"message_id": "$off", "ordinal": 1, "key": "note", "value": "imported anyway", "who": null, "point": null}]}
JSON
check_rc "an inclusion of a message not stored: exit 1" 1 $RP --db "$I" decisions --import "$T/d-missing.json" 1
check "it names the message" grep -q "decision 0: no message <not-here@example.org> here" "$T/err"
check_eq "the rest is imported: the exclusion (no ordinal needed) and the note" "$(sqlite3 "$I" "select dm.included, dm.reason
	from draft_message dm join message m on m.id = dm.message where m.message_id = '$off'")
$(sqlite3 "$I" "select value from decision where ordinal = 1 and message_id = '$off'")" "0|logistics only
imported anyway"
printf '{"draft": 1, "decisions": [{"message_id": "%s", "ordinal": 0, "key": "include", "value": "maybe"}]}\n' "$off" >"$T/d-bad.json"
check_rc "include=maybe in a file: refused, as a problem in the file (exit 1)" 1 $RP --db "$I" decisions --import "$T/d-bad.json" 1
check "... naming the file and the decision, and saying nothing was imported" \
	sh -c "grep -q 'd-bad.json: decision 0' '$T/err' && grep -q 'decisions: nothing imported' '$T/err'"
check_eq "nothing changed" "$(sqlite3 "$I" "select dm.included from draft_message dm join message m on m.id = dm.message where m.message_id = '$off'")" 0

# Sides taken with a member: under a quote of their words, or by comparison with them.
$RP --db "$T/db2" points --json 1 >"$T/p5.json"
target_of() { python3 -c 'import json,sys; print([(p["stance"]["label"], p["stance"]["target"]["kind"], p["stance"]["target"]["id"]) for p in json.load(open(sys.argv[1]))["points"] if p["text"].startswith(sys.argv[2])])' "$T/p5.json" "$1"; }
check_eq "an objection under a member's quoted words targets that member" \
	"$(target_of 'Weight with governments')" "[('object', 'member', 'Rajendra Pratap Gupta')]"
check_eq "\"not as worried as Avri\" objects to Avri" \
	"$(target_of 'I see this a little differently')" "[('object', 'member', 'Avri')]"
check_eq "an objection naming a section keeps the section as its target" \
	"$(target_of 'I do not agree with the first sentence of 3.6')" "[('object', 'section', '3.6')]"

# Proposed wording, whatever the quotation marks (printed ASCII-escaped), the lines the
# mailer wrapped joined again.
proposed_of() { python3 -c 'import json,sys; print(ascii([p["stance"]["proposed"] for p in json.load(open(sys.argv[1]))["points"] if p["text"].startswith(sys.argv[2])]))' "$T/p5.json" "$1"; }
check_eq "wording in French guillemets is proposed wording" "$(proposed_of 'Cela dit, je propose')" \
	"['Les coalitions dynamiques sont agiles et peuvent changer de cap rapidement, ce qui peut inqui\\xe9ter des structures con\\xe7ues pour la continuit\\xe9.']"
check_eq "a phrase naming the sentence a deletion removes is no proposed wording" \
	"$(proposed_of 'On 3.6, Jutta')" "[None]"
check_eq "the wording after \"start the section with:\" is" "$(proposed_of 'I would propose to delete that sentence')" \
	"['Outreach to industry must go beyond the well-known Internet platforms to companies across all sectors, since the whole economy is affected by Internet governance.']"

# A proposal of 120 KB on one line: capped with an ellipsis, without the cue's colon and mark.
L=$T/long.db
$RP --db "$L" import --list dc-coord "$FIX/demo/list.mbox" >/dev/null 2>&1
$RP --db "$L" draft add --from-message draft-circulation@dc-coord.example.org >/dev/null
python3 - "$T/long.eml" <<'PY'
import sys
open(sys.argv[1], "w").write("""From: Long Member <long@example.org>
To: dc-coord@example.org
Subject: Re: [DC-coord] DC feedback on the WG Strategy paper - draft for comments by Friday
Message-ID: <long-proposal@example.org>
In-Reply-To: <draft-circulation@dc-coord.example.org>
References: <draft-circulation@dc-coord.example.org>
Date: Fri, 11 Jun 2021 11:00:00 +0000

On 3.5, please replace the second sentence with: "%s"
""" % ("very long wording " * 7000)[:120000])
PY
$RP --db "$L" import --list dc-coord "$T/long.eml" >/dev/null 2>&1
$RP --db "$L" points --json 1 >"$T/long.json"
check_eq "a 120 KB proposal: its first 16 KB and an ellipsis" "$(python3 -c '
import json, sys
p = [p["stance"]["proposed"] for p in json.load(open(sys.argv[1]))["points"] if p["message_id"] == "long-proposal@example.org"][0]
print(len(p.encode()) <= 16384 + 3, p[:9], p[-1] == "\u2026")' "$T/long.json")" "True very long True"

# The analysis is skipped when nothing it reads changed, and only then.
S=$T/stamp.db
$RP --db "$S" import --list dc-coord "$FIX/demo/list.mbox" >/dev/null 2>&1
$RP --db "$S" draft add --from-message draft-circulation@dc-coord.example.org >/dev/null
# skipped|analysed OUT: run the analysis, listing into OUT; did it skip?
skipped() { $RP -v -v -v --db "$S" points --json 1 2>"$T/stamp.err" >"$1" && grep -q "nothing it reads changed" "$T/stamp.err"; }
analysed() { $RP -v -v -v --db "$S" points --json 1 2>"$T/stamp.err" >"$1" && ! grep -q "nothing it reads changed" "$T/stamp.err"; }
check "first analysis runs" analysed "$T/stamp0.json"
check "the same analysis again is skipped" skipped "$T/stamp.json"
check "and lists the same points" cmp -s "$T/stamp0.json" "$T/stamp.json"
n0=$(sqlite3 "$S" 'select count(*) from point where draft = 1')
# a message of the list that does not answer the draft: membership runs, the analysis not
cat >"$T/other.eml" <<'EML'
From: Someone <someone@example.org>
To: dc-coord@example.org
Subject: [DC-coord] Lunch on Thursday
Message-ID: <lunch@example.org>
Date: Fri, 11 Jun 2021 09:00:00 +0000

Who is coming to lunch on Thursday?
EML
$RP --db "$S" import --list dc-coord "$T/other.eml" >/dev/null 2>&1
check "mail that does not answer the draft: still skipped" skipped "$T/stamp.json"
# a reply that does: analysed again, its point listed
cat >"$T/reply.eml" <<'EML'
From: Late Member <late@example.org>
To: dc-coord@example.org
Subject: Re: [DC-coord] DC feedback on the WG Strategy paper - draft for comments by Friday
Message-ID: <late-reply@example.org>
In-Reply-To: <draft-circulation@dc-coord.example.org>
References: <draft-circulation@dc-coord.example.org>
Date: Fri, 11 Jun 2021 10:00:00 +0000

On 3.5, I support the proposal as drafted.
EML
$RP --db "$S" import --list dc-coord "$T/reply.eml" >/dev/null 2>&1
check "a new answering message: analysed again" analysed "$T/stamp1.json"
check "its point is listed" grep -q "late-reply@example.org" "$T/stamp1.json"
check "then skipped again" skipped "$T/stamp.json"
# a manual decision: analysed again and applied
pid=$(python3 -c 'import json,sys; print([p["id"] for p in json.load(open(sys.argv[1]))["points"] if p["message_id"] == "late-reply@example.org"][0])' "$T/stamp1.json")
$RP --db "$S" set "$pid" stance=object >/dev/null
check "a decision: not skipped" analysed "$T/stamp2.json"
check_eq "the decision applies" "$(sqlite3 "$S" "select label from stance where point = $pid")" object
# results deleted behind its back (or a draft re-created under the same id): analysed again
sqlite3 "$S" 'PRAGMA foreign_keys=ON; DELETE FROM point WHERE draft = 1'
check "deleted results: not skipped" analysed /dev/null
check_eq "and the points are back" "$(sqlite3 "$S" 'select count(*) from point where draft = 1')" "$((n0 + 1))"
# a draft edited in place: analysed again
sqlite3 "$S" "UPDATE section SET text = text || ' Edited.' WHERE draft = 1 AND number = '3.5'"
check "an edited section: not skipped" analysed /dev/null

# consensus runs the analysis itself when nothing (or something stale) is stored, and
# then says what points and compile say.
D2=$T/fresh.db
$RP --db "$D2" import --list dc-coord "$FIX/demo/list.mbox" >/dev/null 2>&1
$RP --db "$D2" draft add --from-message draft-circulation@dc-coord.example.org >/dev/null
check_rc "consensus on a store never analysed: exit 0" 0 $RP --db "$D2" consensus --json 1
check "consensus on a store never analysed: members found" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
n = sum(len(v) for s in d["sections"] for v in s["members"].values())
sys.exit(0 if n >= 10 else 1)' "$T/out"
cp "$T/out" "$T/cons-fresh.json"
$RP --db "$D2" points 1 >/dev/null 2>&1
$RP --db "$D2" consensus --no-analyse --json 1 >"$T/cons-analysed.json" 2>/dev/null
check "consensus: the same answer as after points" cmp -s "$T/cons-fresh.json" "$T/cons-analysed.json"
# Proposed wording quoted across the lines the mailer wrapped is one line, as typed: in
# consensus, in the Markdown's quotation and in the CSV's proposed column.
FR="Les coalitions dynamiques sont agiles et peuvent changer de cap rapidement, ce qui peut inquiéter des structures conçues pour la continuité."
$RP --db "$D2" consensus --no-analyse 1 >"$T/cons.txt" 2>&1
check "consensus: wrapped proposed wording on one line" grep -qF "\"$FR\"" "$T/cons.txt"
$RP --db "$D2" compile --no-analyse 1 >"$T/fr.md" 2>/dev/null
check "compile: its quotation one line" grep -qxF "    > $FR" "$T/fr.md"
$RP --db "$D2" compile --no-analyse --format csv 1 >"$T/fr.csv" 2>/dev/null
check "compile --format csv: the proposed column one line" python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
col = rows[0].index([h for h in rows[0] if "ropos" in h][0])
sys.exit(0 if sys.argv[2] in [r[col] for r in rows[1:]] else 1)' "$T/fr.csv" "$FR"

# points takes DRAFT as compile does: an id or the exact title; an unknown one is named.
title=$(sqlite3 "$D2" "select title from draft where id = 1")
check_rc "points by title" 0 $RP --db "$D2" points --json "$title"
check "by title: the same points as by id" sh -c "$RP --db '$D2' points --json 1 | cmp -s - '$T/out'"
check_rc "points 0: no such draft" 8 $RP --db "$D2" points 0
check "it says so" grep -q "no draft '0'" "$T/err"

# A sign-off left in the new text ("Markus" on its own line above the quoted draft) is
# no point; short answers that take a position ("+1") stay points.
check "no point is a lone sign-off name" python3 -c '
import json, sys
pts = json.load(open(sys.argv[1]))["points"]
sys.exit(any(p["text"].strip() in ("Markus", "Wout", "Best, Markus", "Jutta") for p in pts))' "$T/p.json"
check "the lone +1 is still a point" python3 -c '
import json, sys
sys.exit(not any(p["text"].strip() == "+1" for p in json.load(open(sys.argv[1]))["points"]))' "$T/p.json"

# A stance set by hand is what the point counts for, even when the words agree with someone
# ("Jutta's proposal ... seems right to me" counted as Jutta's amendment): the summary and
# the comment matrix then say support (they kept the copied label).
M=$T/manual.db
$RP --db "$M" import --list dc-coord "$FIX/demo/list.mbox" >/dev/null 2>&1
$RP --db "$M" draft add --from-message draft-circulation@dc-coord.example.org >/dev/null
$RP --db "$M" points --json 1 >"$T/m.json"
mid=$(python3 -c '
import json, sys
print([p["id"] for p in json.load(open(sys.argv[1]))["points"] if "proposal to delete" in p["text"]][0])' "$T/m.json")
# row_type POINT: the comment matrix type of POINT in the compiled JSON
row_type() {
	$RP --db "$M" compile 1 --format json 2>/dev/null | python3 -c '
import json, sys
print([r["type"] for r in json.load(sys.stdin)["matrix"] if r["id"] == int(sys.argv[1])][0])' "$1"
}
check_eq "agreement with an amendment: counted as amend before any decision" "$(row_type "$mid")" amend
check_rc "set stance=support on it" 0 $RP --db "$M" set "$mid" stance=support
check_eq "the matrix says support" "$(row_type "$mid")" support
$RP --db "$M" consensus --json 1 >"$T/mc.json"
check "the section's support counts its author" python3 -c '
import json, sys
pts = json.load(open(sys.argv[1]))["points"]
p = [p for p in pts if p["id"] == int(sys.argv[3])][0]
secs = json.load(open(sys.argv[2]))["sections"]
s = [s for s in secs if s["section"] == "3.6"][0]
sys.exit(not any("markus" in a for a in s["members"]["support"]))' "$T/m.json" "$T/mc.json" "$mid"
check_eq "the point keeps its section (inherited from the person agreed with)" \
	"$($RP --db "$M" points --json 1 | python3 -c '
import json, sys
p = [p for p in json.load(sys.stdin)["points"] if p["id"] == int(sys.argv[1])][0]
print(p["anchors"][0]["section"])' "$mid")" 3.6
# The JSON's promises about bullets (doc/report-schema.md): a row's bullet holds the point;
# a point is in at most one bullet per section; it is in a bullet of its row's section.
$RP --db "$M" compile 1 --format json >"$T/mcomp.json" 2>/dev/null
check "compile --json: bullets and matrix rows agree" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
where = {}
secs = [(s["number"], s) for s in d["sections"]] + [(None, d["general"])]
for num, s in secs:
    for i, b in enumerate(s.get("bullets", [])):
        for p in b["points"]:
            where.setdefault(p, []).append((num, i + 1))
bad = []
for pid, w in where.items():
    if len({n for n, _ in w}) != len(w):
        bad.append(("twice in one section", pid, w))
for r in d["matrix"]:
    b = r["bullet"]
    if b and (b["section"], b["bullet"]) not in where.get(r["id"], []):
        bad.append(("row bullet without the point", r["id"], b))
if bad: print(bad)
sys.exit(bool(bad))' "$T/mcomp.json"

# Chatham House: the comments' own mentions of members ("+1 to Mark", "d'Avri") and any
# address are withheld in every format; under names the same comments are quoted whole.
$RP --db "$M" compile 1 --format json --no-analyse >"$T/names.json" 2>/dev/null
check "compile: the demo's comments name members (+1 to Wout ...)" grep -q '+1 to Wout' "$T/names.json"
for fmt in markdown html json csv email; do
	$RP --db "$M" compile 1 --no-analyse --attribution none --format $fmt >"$T/ch.$fmt" 2>"$T/ch.err"
	check "Chatham House ($fmt): no participant's name, first or last, in any comment" python3 -c '
import json, re, sys
names = [p["name"] for p in json.load(open(sys.argv[1]))["participants"] if p["name"]]
text = open(sys.argv[2], encoding="utf-8").read()
parts = {w for n in names for w in re.split(r"[\s-]+", n) if len(w) > 2 and w[0].isupper()}
found = sorted(w for w in parts if re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", text))
if found: print(found)
sys.exit(bool(found) or len(parts) < 15)' "$T/names.json" "$T/ch.$fmt"
	check "Chatham House ($fmt): the comments say [name withheld]" grep -q 'name withheld' "$T/ch.$fmt"
done
check "Chatham House: compile says how many names it withheld" \
	grep -q "withheld [1-9][0-9]* names or addresses quoted in comments" "$T/ch.err"

# Two drafts circulated on one list, each in its message's body, under subjects sharing
# "Draft ... for comments by 20 June": each draft's points are its own thread's replies;
# the other draft's circulation and replies are excluded, saying whose they are.
W=$T/two.db
$RP --db "$W" import --list wg "$FIX/membership/two-drafts.mbox" >/dev/null 2>&1
$RP --db "$W" draft add --from-message ca@wg.example.org --body >"$T/two-add" 2>&1
$RP --db "$W" draft add --from-message cb@wg.example.org --body >>"$T/two-add" 2>&1
check "two drafts: the charter has one answering message" \
	grep -q "^draft 1: Draft charter .*, 1 answering message)" "$T/two-add"
check "two drafts: the budget has three, Dee's reply to Ben included" \
	grep -q "^draft 2: Draft budget plan .*, 3 answering messages)" "$T/two-add"
authors() { $RP --db "$W" points --json "$1" | python3 -c '
import json, sys
print(" ".join(sorted({p["author"]["name"] for p in json.load(sys.stdin)["points"]})))'; }
check_eq "two drafts: the charter's points are Ann's alone" "$(authors 1)" "Ann"
check_eq "two drafts: the budget's points are Ben's, Cy's and Dee's" "$(authors 2)" "Ben Cy Dee"
# reason DRAFT MSGID: why the message was left out of the draft's discussion
reason() { $RP --db "$W" points --excluded --json "$1" | python3 -c '
import json, sys
x = json.load(sys.stdin)["excluded"]
print([e["reason"] for e in x if e["message_id"] == sys.argv[1]][0])' "$2"; }
BUDGET="2: Draft budget plan for comments by 20 June"
check_eq "two drafts: the budget's circulation is no comment on the charter" \
	"$(reason 1 cb@wg.example.org)" "circulates another draft ($BUDGET)"
check_eq "two drafts: Ben's reply answers the budget" \
	"$(reason 1 rb1@wg.example.org)" "answers another draft ($BUDGET)"
check_eq "two drafts: so does Dee's, a reply to Ben's" \
	"$(reason 1 rb3@wg.example.org)" "answers another draft ($BUDGET)"
check_eq "two drafts: Ann's objection answers the charter" \
	"$(reason 2 ra1@wg.example.org)" "answers another draft (1: Draft charter for comments by 20 June)"
$RP --db "$W" check Ben --draft 1 >"$T/two-ben" 2>&1
check "two drafts: check Ben on the charter says his reply answers the budget" \
	grep -q "^    not about the draft: answers another draft (2: Draft budget plan" "$T/two-ben"
check "two drafts: ... not counted" grep -q "^0 of 0 captured" "$T/two-ben"
check_rc "two drafts: check Ben on the budget finds it captured" 0 $RP --db "$W" check Ben --draft 2

# A comment that opens with thanks or praise is a point when it says more: Eve's first
# paragraph thanks and objects, Fred's praises and objects; their closing thanks is no point.
TH=$T/thanks.db
cat >"$T/thanks.mbox" <<'MBOX'
From x Thu Jun 13 10:00:00 2024
From: Eve <eve@example.org>
Subject: Re: [wg] Draft charter for comments by 20 June
Date: Thu, 13 Jun 2024 10:00:00 +0000
Message-ID: <th1@wg.example.org>
List-Id: <wg.example.org>
In-Reply-To: <ca@wg.example.org>

Thanks Sec, and I object to section 2: open membership invites capture by one vendor.

On section 1, the purpose should also mention capacity building.

From x Thu Jun 13 11:00:00 2024
From: Fred <fred@example.org>
Subject: Re: [wg] Draft charter for comments by 20 June
Date: Thu, 13 Jun 2024 11:00:00 +0000
Message-ID: <th2@wg.example.org>
List-Id: <wg.example.org>
In-Reply-To: <ca@wg.example.org>

The charter is a good basis, but I object to section 2: members must be sponsored.

Thanks for the draft.

MBOX
$RP --db "$TH" import --list wg "$FIX/membership/two-drafts.mbox" "$T/thanks.mbox" >/dev/null 2>&1
$RP --db "$TH" draft add --from-message ca@wg.example.org --body >/dev/null 2>&1
$RP --db "$TH" points --json 1 >"$T/th.json" 2>&1
# thpt AUTHOR -> "section stance | ..." of the author's points, in order
thpt() { python3 -c '
import json, sys
ps = [p for p in json.load(open(sys.argv[1]))["points"] if p["author"]["name"] == sys.argv[2]]
print(" | ".join(",".join(a["section"] for a in p["anchors"]) + " " + str(p["stance"]["label"]) for p in ps))' "$T/th.json" "$1"; }
check_eq "thanks, and an objection: a point, on section 2" "$(thpt Eve)" "2 object | 1 amend"
check_eq "praise, but an objection: a point; the closing thanks is none" "$(thpt Fred)" "2 object"
$RP --db "$TH" check eve@example.org --draft 1 >"$T/th-eve" 2>&1
check_eq "thanks, and an objection: check exits 0" "$?" 0
check "thanks, and an objection: check shows it captured in section 2" \
	grep -A2 -q "Thanks Sec, and I object to section 2" "$T/th-eve"
check "... where it landed" grep -q "captured in section 2," "$T/th-eve"
check "... and both of Eve's points captured" grep -q "^2 of 2 captured" "$T/th-eve"
check "... understood as an objection to section 2, not to the one thanked" \
	grep -q "captured in section 2, .*understood as object (section 2)" "$T/th-eve"

# A message the analysis left out as not about the draft (an auto-reply, list logistics) is
# shown as such and not counted: Rajendra's out-of-office reply and his logistics reply do
# not fail his check; the off-topic one says how to have it read if it was a comment. A reply that answers the draft and yields no point still does: Gil's,
# which quotes the draft and adds nothing (his comment lost), next to his auto-reply.
$RP --db "$DB" check rajendra.gupta@internetjobs.example.com >"$T/raj" 2>&1
check_eq "check: an auto-reply and an off-topic reply do not fail it (exit 0)" "$?" 0
check "... the auto-reply shown as not about the draft" \
	grep -A1 -q -- "^--  2021-06-10 <PN2PR01MB44120B7E2C1D9A41F3D2B6E1A8359@" "$T/raj"
check "... saying why" grep -q "^    not about the draft: auto-reply; not counted" "$T/raj"
check "... the logistics reply too" grep -q "^    not about the draft: off-topic: no reference to the draft" "$T/raj"
check "... saying what to do if it was a comment after all (the analysis judged its words)" \
	grep -q "off-topic: .*; not counted (if it comments on the draft, ask the secretariat to include it)" "$T/raj"
check "... the auto-reply not" sh -c "! grep -q 'auto-reply; not counted (' '$T/raj'"
check "... nothing said not captured" sh -c "! grep -qi 'not captured' '$T/raj'"
check "... and the count leaves them out" grep -q "^6 of 6 captured" "$T/raj"
$RP --db "$DB" check rajendra.gupta@internetjobs.example.com --json >"$T/raj.json" 2>&1
check_eq "check --json: flagged unrelated, not uncaptured" \
	"$(jget "$T/raj.json" '["points"][0]["unrelated"]') $(jget "$T/raj.json" '["points"][0]["captured"]') $(jget "$T/raj.json" '["uncaptured"]') $(jget "$T/raj.json" '["unrelated"]')" \
	"True False 0 2"
GD=$T/gil.db
cat >"$T/gil.mbox" <<'MBOX'
From x Wed Jun 12 09:00:00 2024
From: Gil <gil@example.org>
Subject: Automatic reply: [wg] Draft charter for comments by 20 June
Date: Wed, 12 Jun 2024 09:00:00 +0000
Message-ID: <gil-ooo@wg.example.org>
List-Id: <wg.example.org>
In-Reply-To: <ca@wg.example.org>
Auto-Submitted: auto-replied

I am out of the office until 24 June.

From x Thu Jun 13 12:00:00 2024
From: Gil <gil@example.org>
Subject: Re: [wg] Draft charter for comments by 20 June
Date: Thu, 13 Jun 2024 12:00:00 +0000
Message-ID: <gil-1@wg.example.org>
List-Id: <wg.example.org>
In-Reply-To: <ca@wg.example.org>

> Draft charter for comments by 20 June

-- 
Gil

MBOX
$RP --db "$GD" import --list wg "$FIX/membership/two-drafts.mbox" "$T/gil.mbox" >/dev/null 2>&1
$RP --db "$GD" draft add --from-message ca@wg.example.org --body >/dev/null 2>&1
$RP --db "$GD" check gil@example.org --draft 1 >"$T/gil" 2>&1
check_eq "check: a reply to the draft with no point still fails it (exit 1)" "$?" 1
check "... NOT CAPTURED" grep -A1 -q "^NOT CAPTURED  2024-06-13 <gil-1@wg.example.org>" "$T/gil"
check "... the auto-reply beside it not counted" grep -A1 -q -- "^--  2024-06-12 <gil-ooo@wg.example.org>" "$T/gil"
check "... so 0 of 1" grep -q "^0 of 1 captured" "$T/gil"

# Whoever circulated the draft: the circulating message is no comment, neither captured
# nor uncaptured, and not counted.
$RP --db "$DB" check sorina >"$T/sorina" 2>&1
check_eq "check the circulator: exit 0" "$?" 0
check "check the circulator: the circulation shown as such" \
	grep -A1 -q -- "^--  .* <draft-circulation@dc-coord.example.org>" "$T/sorina"
check "... circulated the draft, not counted" grep -q "^    circulated the draft: .*not counted" "$T/sorina"
check "... nothing said not captured" sh -c "! grep -qi 'not captured' '$T/sorina'"
check "... and the count leaves it out" grep -q "^2 of 2 captured" "$T/sorina"
# Her note that the deadline has passed and a revised version follows is no comment either.
check "... her note closing the round: shown as such, not counted" \
	grep -q "^    speaks of the process (the round closed, the next version) and gives no comment: nothing to capture; not counted" "$T/sorina"
$RP --db "$DB" check sorina --json >"$T/sorina.json" 2>&1
check_eq "check --json: the circulation is flagged" \
	"$(jget "$T/sorina.json" '["points"][0]["circulation"]') $(jget "$T/sorina.json" '["points"][0]["captured"]') $(jget "$T/sorina.json" '["uncaptured"]')" \
	"True False 0"
$RP --db "$DB" check sorina --html >"$T/sorina.html" 2>&1
check "check --html: the circulation neither yes nor no" \
	grep -q '<li><span class="circ">circulated the draft' "$T/sorina.html"
$RP --db "$W" check sec@example.org --draft 1 >"$T/two-sec" 2>&1
check_eq "two drafts: check the circulator of both on the charter: exit 0" "$?" 0
check "... the budget's circulation is another draft's" \
	grep -q "^    circulated another draft (2: Draft budget plan" "$T/two-sec"

# Without --draft, check looks at the draft the member's messages answer: Ann answered the
# charter, the older of the two drafts, Ben the budget.
$RP --db "$W" check Ann >"$T/two-ann-default" 2>&1
check_eq "two drafts: check Ann without --draft: exit 0" "$?" 0
check "... on the charter, her draft" grep -q "^Check for Ann <ann@example.org> on draft 1," "$T/two-ann-default"
check "... her objection captured" grep -q "^1 of 1 captured" "$T/two-ann-default"
$RP --db "$W" check Ben >"$T/two-ben-default" 2>&1
check_eq "two drafts: check Ben without --draft: exit 0, on the budget" \
	"$? $(head -n1 "$T/two-ben-default" | grep -o 'on draft [0-9]*')" "0 on draft 2"
# Mail imported since the last analysis counts too: Gil answers the charter.
cat >"$T/gil.mbox" <<'MBOX'
From x Fri Jun 14 10:00:00 2024
From: Gil <gil@example.org>
Subject: Re: [wg] Draft charter for comments by 20 June
Date: Fri, 14 Jun 2024 10:00:00 +0000
Message-ID: <rg1@wg.example.org>
List-Id: <wg.example.org>
In-Reply-To: <ca@wg.example.org>

I object to section 2: membership should need a sponsor.

MBOX
$RP --db "$W" import --list wg "$T/gil.mbox" >/dev/null 2>&1
$RP --db "$W" check gil@example.org >"$T/two-gil" 2>&1
check_eq "two drafts: check of mail new since the analysis: exit 0, on the charter" \
	"$? $(head -n1 "$T/two-gil" | grep -o 'on draft [0-9]*')" "0 on draft 1"
check "... an unknown member without mail: the newest discussed draft, as before" \
	sh -c "$RP --db '$W' check nobody@example.org 2>&1 | grep -q 'nothing from .nobody@example.org. about draft 2'"
# Gil takes his objection back: his latest stance counts, the objection is no longer open.
cat >"$T/gil2.mbox" <<'MBOX'
From x Sat Jun 15 10:00:00 2024
From: Gil <gil@example.org>
Subject: Re: [wg] Draft charter for comments by 20 June
Date: Sat, 15 Jun 2024 10:00:00 +0000
Message-ID: <rg2@wg.example.org>
List-Id: <wg.example.org>
In-Reply-To: <rg1@wg.example.org>

I withdraw my objection to section 2; it can stay as it is.

MBOX
$RP --db "$W" import --list wg "$T/gil2.mbox" >/dev/null 2>&1
$RP --db "$W" consensus --json 1 >"$T/two-cons.json" 2>&1
check_eq "a withdrawn objection: consensus runs" "$?" 0
check_eq "... Gil's withdrawal reads as support" "$(python3 -c '
import json,sys
for s in json.load(open(sys.argv[1]))["sections"]:
    if "gil@example.org" in s["members"].get("support", []): print(s["section"])' "$T/two-cons.json")" 2
check_eq "... and no objection of his is open" "$(python3 -c '
import json,sys
print(sum(o["address"] == "gil@example.org" for s in json.load(open(sys.argv[1]))["sections"]
          for o in s.get("open_objections", [])))' "$T/two-cons.json")" 0

# A sign-off without "-- " that opens with the sender's name is no point, whatever follows
# the name (an organisation with no title word, an aside in brackets), and the Chatham House
# document does not print it; a last sentence that names its author stays a point.
SO=$T/signoff.db
cat >"$T/signoff.mbox" <<'MBOX'
From x Thu Jun 13 10:00:00 2024
From: Kwame Mensah <kwame@ghanacn.example.org>
Subject: Re: [wg] Draft charter for comments by 20 June
Date: Thu, 13 Jun 2024 10:00:00 +0000
Message-ID: <so1@wg.example.org>
List-Id: <wg.example.org>
In-Reply-To: <ca@wg.example.org>

On section 1, the purpose should also mention capacity building.

Kwame Mensah
GhanaCN

From x Thu Jun 13 11:00:00 2024
From: Mark Ndlovu <mark.ndlovu@mail.example.com>
Subject: Re: [wg] Draft charter for comments by 20 June
Date: Thu, 13 Jun 2024 11:00:00 +0000
Message-ID: <so2@wg.example.org>
List-Id: <wg.example.org>
In-Reply-To: <ca@wg.example.org>

I object to section 2: members must be sponsored.

Mark Ndlovu will circulate a revised text for section 2

Mark (from my personal account)

MBOX
$RP --db "$SO" import --list wg "$FIX/membership/two-drafts.mbox" "$T/signoff.mbox" >/dev/null 2>&1
$RP --db "$SO" draft add --from-message ca@wg.example.org --body >/dev/null 2>&1
$RP --db "$SO" points --json 1 >"$T/so.json" 2>&1
check "sign-offs: no point holds one" python3 -c '
import json, sys
pts = json.load(open(sys.argv[1]))["points"]
sys.exit(any("GhanaCN" in p["text"] or "personal account" in p["text"] for p in pts))' "$T/so.json"
check "sign-offs: the comments above them are points" python3 -c '
import json, sys
t = [p["text"] for p in json.load(open(sys.argv[1]))["points"]]
sys.exit(not (any("capacity building" in x for x in t) and any("members must be sponsored" in x for x in t)))' "$T/so.json"
check "sign-offs: a last sentence naming its author stays a point" python3 -c '
import json, sys
sys.exit(not any("will circulate a revised text" in p["text"] for p in json.load(open(sys.argv[1]))["points"]))' "$T/so.json"
$RP --db "$SO" compile 1 --no-analyse --attribution none >"$T/so-anon.md" 2>/dev/null
check "sign-offs: the Chatham House document prints none of them" \
	sh -c "grep -q 'capacity building' '$T/so-anon.md' && ! grep -q -e GhanaCN -e 'personal account' '$T/so-anon.md'"

# A line that only announces the comments after it is no point, above the quotes or under
# one; the comments it announces are.
FR=$T/framing.db
cat >"$T/framing.mbox" <<'MBOX'
From x Thu Jun 13 12:00:00 2024
From: Tom <tom@example.org>
Subject: Re: [wg] Draft charter for comments by 20 June
Date: Thu, 13 Jun 2024 12:00:00 +0000
Message-ID: <fr1@wg.example.org>
List-Id: <wg.example.org>
In-Reply-To: <ca@wg.example.org>

Replying to several messages at once.

Ann wrote:
> I object to section 2.

I disagree with Ann: open membership is the point of the group.

Two more small points:
- the purpose in section 1 should mention capacity building
- section 3 should name a chair

MBOX
$RP --db "$FR" import --list wg "$FIX/membership/two-drafts.mbox" "$T/framing.mbox" >/dev/null 2>&1
$RP --db "$FR" draft add --from-message ca@wg.example.org --body >/dev/null 2>&1
$RP --db "$FR" points --json 1 >"$T/fr.json" 2>&1
check "framing lines: no point is one" python3 -c '
import json, sys
t = [p["text"] for p in json.load(open(sys.argv[1]))["points"] if p["author"]["name"] == "Tom"]
sys.exit(any("Replying to" in x or "Two more small points" in x for x in t))' "$T/fr.json"
check_eq "framing lines: the comments after them are points" "$(python3 -c '
import json, sys
print(len([p for p in json.load(open(sys.argv[1]))["points"] if p["author"]["name"] == "Tom"]))' "$T/fr.json")" 3

# One reply answering two messages: a bare "+1" under a quote of Priya's point (not from the
# message it answers, Carol's) is for Priya, and copies her position on her section.
mkdir -p "$T/several"
PYTHONPATH=tests python3 - "$T/several" <<'PY'
import sys
import minilist as ml
ml.write(sys.argv[1], [
    ml.reply("Priya Raman <priya@a.example>", "p1@a.example", ml.CIRC,
             "> The secretariat publishes a summary of each meeting within two weeks.\n\n"
             "Two weeks is far too slow; the summary should be out within three working days.\n"),
    ml.reply("Carol Diaz <carol@a.example>", "c1@a.example", ml.CIRC,
             "> Participants mute their microphone when not speaking\n\n"
             "I object to forcing people to use the chat for questions; many join by phone.\n"),
    ml.reply("Ann Lee <ann@a.example>", "a1@a.example", "c1@a.example",
             "Priya Raman wrote:\n> Two weeks is far too slow; the summary should be out within three working days.\n\n+1\n\n"
             "Carol Diaz wrote:\n> I object to forcing people to use the chat for questions; many join by phone.\n\n+1\n"),
    ml.reply("Tom Berg <tom@a.example>", "t1@a.example", "p1@a.example",
             "> Two weeks is far too slow; the summary should be out within three working days.\n\n+1\n")])
PY
SV="$T/several.db"
$RP --db "$SV" import --list wg "$T/several/list.mbox" >/dev/null 2>&1
$RP --db "$SV" draft add "$T/several/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
$RP --db "$SV" points --json 1 >"$T/sv.json" 2>&1
sv_target() { # sv_target AUTHOR N: kind and id of the target of the author's Nth point
	python3 -c '
import json, sys
ps = [p for p in json.load(open(sys.argv[1]))["points"] if p["author"]["name"] == sys.argv[2]]
t = ps[int(sys.argv[3])]["stance"]["target"]
print(t["kind"], t["id"])' "$T/sv.json" "$1" "$2"
}
check_eq "answering several messages: +1 under Priya's words is for Priya" "$(sv_target 'Ann Lee' 0)" "member Priya Raman"
check_eq "... +1 under the words of the message answered is for that message" "$(sv_target 'Ann Lee' 1)" "message c1@a.example"
check_eq "... a +1 to the message it quotes stays for the message" "$(sv_target 'Tom Berg' 0)" "message p1@a.example"
$RP --db "$SV" consensus --json 1 >"$T/svc.json" 2>&1
check "... and Ann takes Priya's position (an amendment) on section 3, as Tom does" python3 -c '
import json, sys
s = [x for x in json.load(open(sys.argv[1]))["sections"] if x["section"] == "3"][0]
sys.exit(s["members"]["amend"] != ["ann@a.example", "priya@a.example", "tom@a.example"])' "$T/svc.json"

# The text listing shows each point on one line, cut between characters: a point in French
# wrapped by the mail client, whose 160th byte falls inside an accented letter.
cat >"$T/long.mbox" <<'MBOX'
From x Fri Jun 14 12:00:00 2024
From: Marie <marie@example.org>
Subject: Re: [wg] Draft charter for comments by 20 June
Date: Fri, 14 Jun 2024 12:00:00 +0000
Message-ID: <fr-long@wg.example.org>
List-Id: <wg.example.org>
In-Reply-To: <ca@wg.example.org>
Content-Type: text/plain; charset=UTF-8

Je ne suis pas d'accord avec la section 2 telle qu'elle est rédigée : publier la liste
des membres peut nuire aux petits opérateurs éloignés et à leurs réseaux.

MBOX
$RP --db "$FR" import --list wg "$T/long.mbox" >/dev/null 2>&1
$RP --db "$FR" points 1 >"$T/fr.txt" 2>&1
check "points: the listing is valid UTF-8" python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$T/fr.txt"
check "points: a wrapped point is shown on one line" grep -q "^    Je ne suis pas .*rédigée : publier la liste des membres" "$T/fr.txt"

# A thread started anew ("Meeting summaries") that names the draft in no way the analysis
# sees is included by hand: its replies come along, then and when they arrive
# later, as the circulating message's do; other threads stay out.
mkdir -p "$T/hand"
PYTHONPATH=tests python3 - "$T/hand" <<'PY'
import sys
import minilist as ml
d = sys.argv[1]
re = "Re: Meeting summaries"
ml.write(d, [
    ml.message("Priya Raman <priya@a.example>", "p1@a.example",
               "Two weeks is far too slow for the meeting summary; it should be out within three working days.\n",
               "Meeting summaries"),
    ml.message("Carol Diaz <carol@a.example>", "c1@a.example",
               "> Two weeks is far too slow for the meeting summary\n\nI agree with Priya: three working days is right.\n",
               re, "p1@a.example"),
    ml.message("Tom Berg <tom@a.example>", "t1@a.example", "Who is up for lunch on Friday?\n", "Lunch on Friday")])
open(d + "/later.mbox", "w").write(
    ml.message("Ann Lee <ann@a.example>", "a1@a.example",
               "> I agree with Priya: three working days is right.\n\nSo do I: three days.\n", re, "c1@a.example"))
PY
HB="$T/hand.db"
$RP --db "$HB" import --list wg "$T/hand/list.mbox" >/dev/null 2>&1
$RP --db "$HB" draft add "$T/hand/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
$RP --db "$HB" set --draft 1 --message p1@a.example include=yes >/dev/null 2>&1
$RP --db "$HB" points --excluded 1 >"$T/hand.ex" 2>&1
check "included by hand: the reply to the message is included too" sh -c "! grep -q '^<c1@a.example>' '$T/hand.ex'"
check "... another thread stays out" grep -q '^<t1@a.example>.*off-topic' "$T/hand.ex"
check_rc "... check Carol: captured" 0 $RP --db "$HB" check carol@a.example
check "... 1 of 1" grep -q '^1 of 1 captured' "$T/out"
$RP --db "$HB" import --list wg "$T/hand/later.mbox" >/dev/null 2>&1
$RP --db "$HB" points --excluded 1 >"$T/hand.ex2" 2>&1
check "... a reply arriving later is included" sh -c "! grep -q '^<a1@a.example>' '$T/hand.ex2'"
check_rc "... check Ann: captured" 0 $RP --db "$HB" check ann@a.example
$RP --db "$HB" set --draft 1 --message p1@a.example include= >/dev/null 2>&1
$RP --db "$HB" points --excluded 1 >"$T/hand.ex3" 2>&1
check "... the inclusion removed, the replies go out again" grep -q '^<c1@a.example>.*off-topic' "$T/hand.ex3"

# An annex named by its letter under a quote of another section ("In Annex A, please add
# ..." under a quote of section 2) is what the comment is about, as "section 3.2" is.
mkdir -p "$T/annex"
PYTHONPATH=tests python3 - "$T/annex" <<'PY'
import sys
import minilist as ml
ml.write(sys.argv[1], [
    ml.reply("Priya Raman <priya@a.example>", "p1@a.example", ml.CIRC,
             "> Participants mute their microphone when not speaking and use the chat for questions.\n\nFine.\n\n"
             "In Annex A, please add a third part listing the regional focal points.\n")],
    ml.DRAFT.split("3 Reporting")[0] +
    "Annex A Contacts\n\nA.1 Secretariat\n\nThe secretariat answers within a week.\n\n"
    "A.2 Chairs\n\nThe chairs answer within two weeks.\n")
PY
AX="$T/annex.db"
$RP --db "$AX" import --list wg "$T/annex/list.mbox" >/dev/null 2>&1
$RP --db "$AX" draft add "$T/annex/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
check_eq "an annex named under a quote of another section: the annex only" "$($RP --db "$AX" points --json 1 | python3 -c '
import json, sys
for p in json.load(sys.stdin)["points"]:
    if p["text"].startswith("In Annex A"):
        print(",".join(a["section"] + " " + a["method"] for a in p["anchors"]))')" "A explicit"

# A member who starts a thread of their own to comment ("Comments on the paper", "Our
# feedback") while the draft is the one the list is commenting on is part of its
# discussion, and the replies to that thread come along ("+1 to Ana"). A subject naming
# something the draft does not ("the workshop venue"), a text sharing nothing with the
# draft, another draft open on the list at the time, or a later version circulated since,
# keep it out.
mkdir -p "$T/anew"
PYTHONPATH=tests python3 - "$T/anew" <<'PY'
import sys
import minilist as ml
d = sys.argv[1]
ana = ml.message("Ana Lopez <ana@a.example>", "a1@a.example",
                 "Dear all,\n\nThe summary within two weeks is too slow; one week would serve members better.\n\nAna\n",
                 "Comments on the paper")
dan = ml.message("Dan Wu <dan@a.example>", "d1@a.example", "+1 to Ana.\n", "Re: Comments on the paper",
                 "a1@a.example")
ml.write(d, [ana, dan,
    ml.message("Bo Li <bo@a.example>", "b1@a.example",
               "Hello,\n\nWe support the guidelines. The microphone rule is good.\n", "Our feedback"),
    ml.message("Cy Ng <cy@a.example>", "c1@a.example", "The meeting room is booked for Tuesday.\n",
               "Room booking"),
    ml.message("Ed Fox <ed@a.example>", "e1@a.example",
               "Any feedback on the venue for the workshop? The hotel asked.\n",
               "Feedback on the workshop venue"),
    ml.message("Fay Roy <fay@a.example>", "f1@a.example",
               "Lunch menus are on the wiki; vegetarian options too.\n", "Comments")])
# the reply stored before the message it answers (another folder fetched first)
circ = open(d + "/list.mbox").read().split("\nFrom x@y ")[0] + "\n"
open(d + "/first.mbox", "w").write(circ + dan)
open(d + "/then.mbox", "w").write(ana)
# a second draft circulated on the list the same day, then a comment with no name for either
open(d + "/other.mbox", "w").write(
    ml.message("Sec <sec@list.example>", "circ2@list.example", "Please comment.\n\nBudget 2025\n\n1 Costs\n\nTravel costs rise.\n",
               "Call for comments: Budget 2025") +
    ml.message("Gil Sá <gil@a.example>", "g1@a.example",
               "The summary within two weeks is too slow for members.\n", "Comments on the paper"))
open(d + "/budget.txt", "w").write("Budget 2025\n\n1 Costs\n\nTravel costs rise.\n")
PY
AN="$T/anew.db"
$RP --db "$AN" import --list wg "$T/anew/list.mbox" >/dev/null 2>&1
$RP --db "$AN" draft add "$T/anew/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
$RP --db "$AN" points --excluded 1 >"$T/anew.ex" 2>&1
check "a thread started anew to comment: included" sh -c "! grep -q '^<a1@a.example>' '$T/anew.ex'"
check "... a reply to it too" sh -c "! grep -q '^<d1@a.example>' '$T/anew.ex'"
check "... \"Our feedback\" too" sh -c "! grep -q '^<b1@a.example>' '$T/anew.ex'"
check "... not a thread on something else" grep -q '^<c1@a.example>.*off-topic' "$T/anew.ex"
check "... nor feedback on what the draft does not name" grep -q '^<e1@a.example>.*off-topic' "$T/anew.ex"
check "... nor \"Comments\" sharing no word with the draft" grep -q '^<f1@a.example>.*off-topic' "$T/anew.ex"
check_rc "... check Ana: captured" 0 $RP --db "$AN" check ana@a.example
check "... 1 of 1" grep -q '^1 of 1 captured' "$T/out"
$RP --db "$AN" points 1 >"$T/anew.pts" 2>&1
check "... Dan's +1 is a point" grep -q '^#[0-9]*  Dan Wu' "$T/anew.pts"
# a second draft open on the list: a comment naming neither is not taken for either
$RP --db "$AN" import --list wg "$T/anew/other.mbox" >/dev/null 2>&1
$RP --db "$AN" draft add "$T/anew/budget.txt" --list wg --circulated circ2@list.example >/dev/null 2>&1
$RP --db "$AN" points --excluded 1 >"$T/anew.ex2" 2>&1
$RP --db "$AN" points --excluded 2 >"$T/anew.ex3" 2>&1
check "two drafts open: a comment naming neither is in neither" sh -c \
	"grep -q '^<g1@a.example>.*off-topic' '$T/anew.ex2' && grep -q '^<g1@a.example>.*off-topic' '$T/anew.ex3'"
check "... the comments sent before the second draft stay" sh -c "! grep -q '^<a1@a.example>' '$T/anew.ex2'"
# the reply stored first, the message it answers later (another folder fetched first): both
# end up included, as when they arrive together
AL="$T/anew-late.db"
$RP --db "$AL" import --list wg "$T/anew/first.mbox" >/dev/null 2>&1
$RP --db "$AL" draft add "$T/anew/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
$RP --db "$AL" points --excluded 1 >"$T/anew.ex4" 2>&1
check "a reply stored before the message it answers: out at first" grep -q '^<d1@a.example>.*off-topic' "$T/anew.ex4"
$RP --db "$AL" import --list wg "$T/anew/then.mbox" >/dev/null 2>&1
$RP --db "$AL" points --excluded 1 >"$T/anew.ex5" 2>&1
check "... in once that message is stored" sh -c "! grep -q '^<d1@a.example>' '$T/anew.ex5' && ! grep -q '^<a1@a.example>' '$T/anew.ex5'"

# A change proposed and argued over: John proposes one week, Di agrees with him; Ana
# disagrees with John, Cy does not agree with him, Bo finds the current wording works (all
# three under John's words). The three keep the text, the two want the change: the
# section is not "agreed".
mkdir -p "$T/dispute"
PYTHONPATH=tests python3 - "$T/dispute" <<'PY'
import sys
import minilist as ml
q = "> Two weeks is too slow. I propose one week instead.\n\n"
ml.write(sys.argv[1], [
    ml.reply("John Carter <john@a.example>", "j1@a.example", ml.CIRC,
             "> The secretariat publishes a summary of each meeting within two weeks.\n\n"
             "Two weeks is too slow. I propose one week instead.\n"),
    ml.reply("Ana Lopez <ana@a.example>", "a1@a.example", "j1@a.example",
             q + "John, with respect, I disagree. The secretariat is small; two weeks is realistic.\n"),
    ml.reply("Bo Li <bo@a.example>", "b1@a.example", "j1@a.example",
             q + "John, I see the risk, but the current wording works.\n"),
    ml.reply("Cy Ng <cy@a.example>", "c1@a.example", "j1@a.example",
             q + "I don't agree with John here; the text is fine as it is.\n"),
    ml.reply("Di Wu <di@a.example>", "d1@a.example", "j1@a.example",
             q + "Agree with John, one week is better.\n")])
PY
DB2="$T/dispute.db"
$RP --db "$DB2" import --list wg "$T/dispute/list.mbox" >/dev/null 2>&1
$RP --db "$DB2" draft add "$T/dispute/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
check_eq "a change proposed and opposed: who keeps the text, who wants the change, the level" \
	"$($RP --db "$DB2" consensus --json 1 | python3 -c '
import json, sys
for s in json.load(sys.stdin)["sections"]:
    if s["section"] == "3":
        m = s["members"]
        print(s["level"], "|", " ".join(sorted(x.split("@")[0] for x in m["support"])),
              "|", " ".join(sorted(x.split("@")[0] for x in m["amend"])))')" \
	"rough consensus | ana bo cy | di john"

# A section with subsections named beside another section ("section 2 ... but not section
# 3") is not given up for that other one: the narrowing of a broad reference to the
# subsection the words match only ever replaces the broad reference. The contrast's two
# sides are two points, the second against Ann, each on its own section.
mkdir -p "$T/broad"
PYTHONPATH=tests python3 - "$T/broad" <<'PY'
import sys
import minilist as ml
ml.write(sys.argv[1], [
    ml.reply("Priya Raman <priya@a.example>", "p1@a.example", ml.CIRC,
             "I agree with Ann on section 2 but not on section 3: a summary of each meeting "
             "within two weeks is too slow for the secretariat to be useful.\n")],
    ml.DRAFT.split("2 Tools")[0] +
    "2 Tools\n\n2.1 Microphones\n\nParticipants mute their microphone when not speaking.\n\n"
    "2.2 Chat\n\nParticipants use the chat for questions.\n\n"
    "3 Reporting\n\nThe secretariat publishes a summary of each meeting within two weeks.\n")
PY
BR="$T/broad.db"
$RP --db "$BR" import --list wg "$T/broad/list.mbox" >/dev/null 2>&1
$RP --db "$BR" draft add "$T/broad/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
check_eq "a section with subsections named beside another: both kept" "$($RP --db "$BR" points --json 1 | python3 -c '
import json, sys
print(" | ".join(",".join(sorted(a["section"] + " " + a["method"] for a in p["anchors"])) + " " +
                 p["stance"]["label"] for p in json.load(sys.stdin)["points"]))')" "2 explicit support | 3 explicit object"

# A revised version sent in the thread ("Here is version 2 with your comments in") before
# it is added as a draft of its own holds the draft, not comments on it: no points from
# its body; a comment in the same thread still counts.
mkdir -p "$T/v2body"
PYTHONPATH=tests python3 - "$T/v2body" <<'PY'
import sys
import minilist as ml
v2 = ml.DRAFT.replace("within two weeks", "within one week").replace("Tools", "Tools and etiquette")
ml.write(sys.argv[1], [
    ml.reply("Priya Raman <priya@a.example>", "p1@a.example", ml.CIRC,
             "> The secretariat publishes a summary of each meeting within two weeks.\n\n"
             "Two weeks is too slow; one week would serve members better.\n"),
    ml.reply("Sec <sec@list.example>", "v2@list.example", "p1@a.example",
             "Dear all,\n\nHere is version 2 with your comments in.\n\n" + v2 + "\nBest,\nSec\n")])
PY
VB="$T/v2body.db"
$RP --db "$VB" import --list wg "$T/v2body/list.mbox" >/dev/null 2>&1
$RP --db "$VB" draft add "$T/v2body/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
$RP --db "$VB" points 1 >"$T/v2body.pts" 2>&1
check "a revision sent in the body of a reply: no points from it" sh -c "! grep -q 'sec@list.example' '$T/v2body.pts'"
check "... the comment before it counts" grep -q 'Priya Raman' "$T/v2body.pts"

# A reviewer on a development list answers with a diff: the line introducing it ("it needs
# this:") proposes the change the diff makes, though its words alone say nothing; the diff
# itself is no point, and "Otherwise fine." after it supports the text.
mkdir -p "$T/hunk"
PYTHONPATH=tests python3 - "$T/hunk" <<'PY'
import sys
import minilist as ml
ml.write(sys.argv[1], [
    ml.reply("Priya Raman <priya@a.example>", "h1@a.example", ml.CIRC,
             "> The secretariat publishes a summary of each meeting within two weeks.\n\n"
             "The example in the annex does not match; it needs this:\n\n"
             "--- a/annex.txt\n+++ b/annex.txt\n@@ -1,2 +1,2 @@\n summary:\n-  due: 14 days\n"
             "+  due: 7 days\n\nOtherwise fine.\n")])
PY
HK="$T/hunk.db"
$RP --db "$HK" import --list wg "$T/hunk/list.mbox" >/dev/null 2>&1
$RP --db "$HK" draft add "$T/hunk/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
check_eq "a diff in a reply: the line introducing it amends, the diff is no point" "$($RP --db "$HK" points --json 1 | python3 -c '
import json, sys
print(" | ".join(p["stance"]["label"] + " " + ",".join(a["section"] for a in p["anchors"]) +
                 " " + p["text"] for p in json.load(sys.stdin)["points"]))')" \
	"amend 3 The example in the annex does not match; it needs this: | support 3 Otherwise fine."

# Comments typed into the original below an Outlook header block (no '>' markers; in red,
# marked with the writer's initials), in an HTML reply and in a plain one: the member's
# own paragraphs are points, tied to the section above them; the original's are not.
cat >"$T/outlook.mbox" <<'MBOX'
From chair@wg.example Mon Mar  4 09:00:00 2024
From: Chair Person <chair@wg.example>
To: wg@lists.example
Subject: [wg] Draft charter for review
Date: Mon, 4 Mar 2024 09:00:00 +0000
Message-ID: <call@wg.example>
List-Id: <wg.lists.example>

Dear all,

Please find below the draft charter. Comments by Friday please.

# Charter of the Widgets Working Group

## 1. Scope

The working group develops interoperable widget formats for public archives
and keeps a registry of widget types used by libraries.

## 2. Deliverables

The group publishes a widget format specification and a test suite within
eighteen months of its creation.

## 3. Membership

Membership is open to any organisation that deposits widgets in a public archive.

Best regards,
Chair

From mark@wg.example Tue Mar  5 09:00:00 2024
From: Mark Carvell <mark@wg.example>
To: wg@lists.example
Subject: RE: [wg] Draft charter for review
Date: Tue, 5 Mar 2024 09:00:00 +0000
Message-ID: <mark1@wg.example>
In-Reply-To: <call@wg.example>
References: <call@wg.example>
List-Id: <wg.lists.example>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><body>
<p class=MsoNormal>Dear Chair, my comments are inline below in red, marked [MC].</p>
<p class=MsoNormal>Mark</p>
<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">
<p class=MsoNormal><b>From:</b> Chair Person &lt;chair@wg.example&gt;<br>
<b>Sent:</b> Monday, March 4, 2024 9:00 AM<br>
<b>To:</b> wg@lists.example<br>
<b>Subject:</b> [wg] Draft charter for review</p>
</div>
<p class=MsoNormal>Dear all,</p>
<p class=MsoNormal>Please find below the draft charter. Comments by Friday please.</p>
<h1>Charter of the Widgets Working Group</h1>
<h2>1. Scope</h2>
<p class=MsoNormal>The working group develops interoperable widget formats for public archives
and keeps a registry of widget types used by libraries.</p>
<p class=MsoNormal><span style="color:red">[MC] The registry is a big job; I would drop it from the scope and leave it to the libraries.</span></p>
<h2>2. Deliverables</h2>
<p class=MsoNormal>The group publishes a widget format specification and a test suite within
eighteen months of its creation.</p>
<p class=MsoNormal><span style="color:red">[MC] Eighteen months is too short for the test suite; I suggest twenty-four months.</span></p>
<h2>3. Membership</h2>
<p class=MsoNormal>Membership is open to any organisation that deposits widgets in a public archive.</p>
<p class=MsoNormal>Best regards,<br>Chair</p>
</body></html>

From wout@wg.example Tue Mar  5 10:00:00 2024
From: Wout de Natris <wout@wg.example>
To: wg@lists.example
Subject: RE: [wg] Draft charter for review
Date: Tue, 5 Mar 2024 10:00:00 +0000
Message-ID: <wout1@wg.example>
In-Reply-To: <call@wg.example>
References: <call@wg.example>
List-Id: <wg.lists.example>

Hello all, my comments below, preceded by WdN.

-----Original Message-----
From: Chair Person <chair@wg.example>
Sent: Monday, March 4, 2024 9:00 AM
To: wg@lists.example
Subject: [wg] Draft charter for review

Dear all,

Please find below the draft charter. Comments by Friday please.

# Charter of the Widgets Working Group

## 1. Scope

The working group develops interoperable widget formats for public archives
and keeps a registry of widget types used by libraries.

WdN: I support keeping the registry in scope; libraries asked for it.

## 2. Deliverables

The group publishes a widget format specification and a test suite within
eighteen months of its creation.

## 3. Membership

Membership is open to any organisation that deposits widgets in a public archive.

WdN: Should individuals be able to join too, or only organisations?

Best regards,
Chair

From jutta@wg.example Tue Mar  5 11:00:00 2024
From: Jutta Croll <jutta@wg.example>
To: wg@lists.example
Subject: RE: [wg] Draft charter for review
Date: Tue, 5 Mar 2024 11:00:00 +0000
Message-ID: <jutta1@wg.example>
In-Reply-To: <call@wg.example>
References: <call@wg.example>
List-Id: <wg.lists.example>

See my remarks in the text, in brackets.

From: Chair Person <chair@wg.example>
Sent: Monday, March 4, 2024 9:00 AM
To: wg@lists.example
Subject: [wg] Draft charter for review

Dear all,

Please find below the draft charter. Comments by Friday please.

# Charter of the Widgets Working Group

## 1. Scope

The working group develops interoperable widget formats for public archives [JC: and for
museums too?] and keeps a registry of widget types used by libraries.

## 2. Deliverables

The group publishes a widget format specification and a test suite within
eighteen months of its creation.

## 3. Membership

Membership is open to any organisation that deposits widgets in a public archive. [JC] I
would open it to individual experts as well. Best regards,
Chair

MBOX
OL="$T/outlook.db"
$RP --db "$OL" import --list wg "$T/outlook.mbox" >/dev/null 2>&1
$RP --db "$OL" draft add --from-message call@wg.example >/dev/null 2>&1
$RP --db "$OL" points --json 1 >"$T/ol.json" 2>&1
check_eq "comments inline below an Outlook header: the writer's paragraphs, with their sections" \
	"$(python3 -c 'import json, sys
for p in json.load(open(sys.argv[1]))["points"]:
    print(p["author"]["address"], ",".join(a["section"] for a in p["anchors"]), p["stance"]["label"], " ".join(p["text"].split())[:30])' "$T/ol.json")" \
	"mark@wg.example 1 amend The registry is a big job; I w
mark@wg.example 2 amend Eighteen months is too short f
wout@wg.example 1 support I support keeping the registry
wout@wg.example 3 question Should individuals be able to 
jutta@wg.example 1 question and for museums too?
jutta@wg.example 3 note I would open it to individual "
check_rc "... and Wout's check finds them" 0 "$RP" --db "$OL" check wout@wg.example

# A note written above the whole draft quoted back (top-posting) answers the whole text,
# not the last section the quote holds: Ann's support of the charter as a whole is a
# general comment, and her remark that names section 1 stays on section 1.
cat >"$T/toppost.mbox" <<'MBOX'
From chair@wg.example Mon Mar  4 09:00:00 2024
From: Chair Person <chair@wg.example>
To: wg@lists.example
Subject: [wg] Draft charter for review
Date: Mon, 4 Mar 2024 09:00:00 +0000
Message-ID: <tcall@wg.example>
List-Id: <wg.lists.example>

Dear all,

Please find below the draft charter. Comments by Friday please.

# Charter of the Widgets Working Group

## 1. Scope

The working group develops interoperable widget formats for public archives
and keeps a registry of widget types used by libraries.

## 2. Deliverables

The group publishes a widget format specification and a test suite within
eighteen months of its creation.

## 3. Membership

Membership is open to any organisation that deposits widgets in a public archive.

Best regards,
Chair

From ann@wg.example Tue Mar  5 09:00:00 2024
From: Ann Lee <ann@wg.example>
To: wg@lists.example
Subject: Re: [wg] Draft charter for review
Date: Tue, 5 Mar 2024 09:00:00 +0000
Message-ID: <ann1@wg.example>
In-Reply-To: <tcall@wg.example>
References: <tcall@wg.example>
List-Id: <wg.lists.example>

I support the charter as a whole; it is ready to go to the board.

On section 1, the registry should be public.

Ann

On Mon, 4 Mar 2024 at 09:00, Chair Person <chair@wg.example> wrote:
> Dear all,
>
> Please find below the draft charter. Comments by Friday please.
>
> # Charter of the Widgets Working Group
>
> ## 1. Scope
>
> The working group develops interoperable widget formats for public archives
> and keeps a registry of widget types used by libraries.
>
> ## 2. Deliverables
>
> The group publishes a widget format specification and a test suite within
> eighteen months of its creation.
>
> ## 3. Membership
>
> Membership is open to any organisation that deposits widgets in a public archive.
>
> Best regards,
> Chair

MBOX
TP="$T/toppost.db"
$RP --db "$TP" import --list wg "$T/toppost.mbox" >/dev/null 2>&1
$RP --db "$TP" draft add --from-message tcall@wg.example --body >/dev/null 2>&1
$RP --db "$TP" points --json 1 >"$T/tp.json" 2>&1
check_eq "a note above the whole draft quoted back: general, not the quote's last section" \
	"$(python3 -c 'import json, sys
for p in json.load(open(sys.argv[1]))["points"]:
    print(",".join(a["section"] for a in p["anchors"]), p["stance"]["label"], " ".join(p["text"].split())[:30])' "$T/tp.json")" \
	"general support I support the charter as a who
1 amend On section 1, the registry sho"

# A phrase quoted from the section commented on is the text discussed, not wording
# proposed ('the registry is "used by libraries"'); wording brought in by "replace ...
# with" stays proposed though the draft holds it (a sentence cut short).
cat >"$T/quoted-draft.mbox" <<'MBOX'
From chair@wg.example Mon Mar  4 09:00:00 2024
From: Chair Person <chair@wg.example>
To: wg@lists.example
Subject: [wg] Draft charter for review
Date: Mon, 4 Mar 2024 09:00:00 +0000
Message-ID: <tcall@wg.example>
List-Id: <wg.lists.example>

Dear all,

Please find below the draft charter. Comments by Friday please.

# Charter of the Widgets Working Group

## 1. Scope

The working group develops interoperable widget formats for public archives
and keeps a registry of widget types used by libraries.

## 2. Deliverables

The group publishes a widget format specification and a test suite within
eighteen months of its creation.

## 3. Membership

Membership is open to any organisation that deposits widgets in a public archive.

Best regards,
Chair

From ann@wg.example Tue Mar  5 09:00:00 2024
From: Ann Lee <ann@wg.example>
To: wg@lists.example
Subject: Re: [wg] Draft charter for review
Date: Tue, 5 Mar 2024 09:00:00 +0000
Message-ID: <ann2@wg.example>
In-Reply-To: <tcall@wg.example>
References: <tcall@wg.example>
List-Id: <wg.lists.example>

> The working group develops interoperable widget formats for public archives
> and keeps a registry of widget types used by libraries.

I am not sure the registry is "used by libraries" in practice. I would delete the
second half of the sentence.

> Membership is open to any organisation that deposits widgets in a public archive.

Please replace the sentence with "Membership is open to any organisation".

From bo@wg.example Tue Mar  5 10:00:00 2024
From: Bo Berg <bo@wg.example>
To: wg@lists.example
Subject: Re: [wg] Draft charter for review
Date: Tue, 5 Mar 2024 10:00:00 +0000
Message-ID: <bo2@wg.example>
In-Reply-To: <tcall@wg.example>
References: <tcall@wg.example>
List-Id: <wg.lists.example>

> The group publishes a widget format specification and a test suite within
> eighteen months of its creation.

I doubt a test suite can be done “within eighteen months of its creation”. I would delete the deadline.

From cy@wg.example Tue Mar  5 11:00:00 2024
From: Cy Diaz <cy@wg.example>
To: wg@lists.example
Subject: Re: [wg] Draft charter for review
Date: Tue, 5 Mar 2024 11:00:00 +0000
Message-ID: <cy2@wg.example>
In-Reply-To: <tcall@wg.example>
References: <tcall@wg.example>
List-Id: <wg.lists.example>

> The working group develops interoperable widget formats for public archives
> and keeps a registry of widget types used by libraries.

I doubt the registry is 'used by libraries' at all. I would delete the second half of the sentence.

MBOX
QD="$T/quoted-draft.db"
$RP --db "$QD" import --list wg "$T/quoted-draft.mbox" >/dev/null 2>&1
$RP --db "$QD" draft add --from-message tcall@wg.example --body >/dev/null 2>&1
$RP --db "$QD" points --json 1 >"$T/qd.json" 2>&1
check_eq "a phrase quoted from the draft is no proposed wording; a shortened sentence is" \
	"$(python3 -c 'import json, sys
for p in json.load(open(sys.argv[1]))["points"]:
    print(",".join(a["section"] for a in p["anchors"]), p["stance"]["label"], p["stance"]["proposed"])' "$T/qd.json")" \
	"1 amend None
3 amend Membership is open to any organisation
2 amend None
1 amend None"
