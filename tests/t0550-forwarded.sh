#!/bin/sh
# Comments forwarded to the list on behalf of someone who is not subscribed: the forwarded
# message's words, inline under a forward marker and attached as a message as well, are
# read once, anchored and weighed as points of the member's message, each saying whose
# forwarded message it came from, credited to that writer (one voice of their own in the
# consensus, named with the member who forwarded them in the document, found by their own
# `check`), and `check` tells the member who forwarded them they were captured. A forwarded copy
# of a list member's own message (read in that message already) and a forwarded copy of
# the draft give no point. Under the Chatham House rule the forwarded writer's name is
# withheld where a comment quotes it.
. tests/lib.sh
python3 - "$T/f" <<'PY'
import sys
sys.path.insert(0, "tests")
import minilist as ml
fatou = ("From: Fatou Ndiaye <fatou@univ.example>\nTo: Moussa Sow <moussa@a.example>\n"
         "Subject: comments\nDate: Tue, 05 Mar 2024 08:10:00 +0000\n\n"
         "Dear Moussa,\n\nSection 3 should say where the summary is published, not only when.\n\n"
         "Section 2 should allow questions by phone as well as in the chat.\n\n"
         "Best regards,\nFatou Ndiaye\n")
ml.write(sys.argv[1], [
    ml.reply("Priya Raman <priya@a.example>", "p1@a.example", ml.CIRC,
             "I object to section 1: members also comment in meetings.\n\nPriya\n"),
    ml.reply("Moussa Sow <moussa@a.example>", "m1@a.example", ml.CIRC,
             "--BB\nContent-Type: text/plain; charset=utf-8\n\nDear all,\n\n"
             "Forwarding on behalf of Dr. Fatou Ndiaye, who is not subscribed: her comments below.\n\nMoussa\n\n"
             "---------- Forwarded message ---------\n" + fatou +
             "\n--BB\nContent-Type: message/rfc822\nContent-Disposition: attachment\n\n" + fatou + "\n--BB--\n",
             'Content-Type: multipart/mixed; boundary="BB"\n\n'),
    ml.reply("Lee Chan <lee@a.example>", "l1@a.example", ml.CIRC,
             "Forwarding Priya's view for those who missed it.\n\n"
             "---------- Forwarded message ---------\nFrom: Priya Raman <priya@a.example>\n"
             "Date: Mon, 4 Mar 2024 at 10:01\nSubject: Re: comments\n\n"
             "I object to section 1: members also comment in meetings.\n\nPriya\n"),
    ml.reply("Tom Berg <tom@a.example>", "t1@a.example", "m1@a.example",
             "I agree with Dr. Ndiaye on section 3: the place matters as much as the date.\n"),
    ml.reply("Ines Roy <ines@a.example>", "i1@a.example", ml.CIRC,
             "My colleague asked me to pass this on.\n\n"
             "-------- Forwarded Message --------\nSubject: \tcomments\nDate: \tMon, 4 Mar 2024 08:00:00 +0100\n"
             "From: \tJon Doe <jon@ngo.example>\nTo: \tInes Roy <ines@a.example>\n\n"
             "I object to section 1: it leaves out comments made in meetings.\n"),
    ml.reply("Ada Berg <ada@a.example>", "a1@a.example", ml.CIRC,
             "FYI, the text as we received it.\n\n"
             "Begin forwarded message:\n\nFrom: Sec <other@elsewhere.example>\nSubject: draft\n"
             "Date: 4 March 2024 at 09:00:00 CET\nTo: ada@a.example\n\n"
             + ml.DRAFT)])
PY
DB=$T/db
$RP --db "$DB" import --list wg "$T/f/list.mbox" >/dev/null 2>&1
$RP --db "$DB" draft add "$T/f/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
$RP --db "$DB" points --json 1 >"$T/p.json"
check_eq "points: exit 0" "$?" 0
# pts MESSAGE-ID -> one line per point: "sections stance | source"
pts() {
	python3 - "$T/p.json" "$1" <<'PY'
import json, sys
for p in json.load(open(sys.argv[1]))["points"]:
    if p["message_id"] == sys.argv[2]:
        print(",".join(a["section"] for a in p["anchors"]), p["stance"]["label"], "|", p["source"])
PY
}
check_eq "the forwarded comments, each once, anchored, saying whose message they came from" \
	"$(pts m1@a.example | grep -v '| body$')" "3 amend | message of Fatou Ndiaye, forwarded
2 amend | message of Fatou Ndiaye, forwarded"
check_eq "forwarded by Thunderbird (its header block subject first): the writer named" \
	"$(pts i1@a.example | grep -v '| body$')" "1 object | message of Jon Doe, forwarded"
check_eq "a forwarded copy of a member's list mail adds no point" \
	"$(pts l1@a.example | grep -vc '| body$')" 0
check_eq "Priya's objection is read once, from her own message" \
	"$(grep -c 'members also comment in meetings' "$T/p.json")" 1
check_eq "a forwarded copy of the draft adds no point" "$(pts a1@a.example | grep -vc '| body$')" 0
check_rc "check Moussa: captured, exit 0" 0 $RP --db "$DB" check moussa@a.example
check "check Moussa: the forwarded comment, where it landed and where it came from" \
	grep -q 'where the summary is published.*(from message of Fatou Ndiaye, forwarded)' "$T/out"
check "check Moussa: 2 of 2 captured" grep -q '^2 of 2 captured' "$T/out"
# The forwarded comments are their writer's: one voice of her own in the consensus, credited
# to her in the document, and found by her own check.
$RP --db "$DB" consensus --json 1 >"$T/c.json"
check_eq "consensus: the forwarded amendments are the writer's voice, not the forwarder's" \
	"$(python3 -c '
import json, sys
for s in json.load(open(sys.argv[1]))["sections"][:3]:
    print(s["section"], " ".join(a + ":" + ",".join(m) for a, m in sorted(s["members"].items()) if m))' "$T/c.json")" \
	"1 object:jon@ngo.example,priya@a.example
2 amend:fatou@univ.example
3 amend:fatou@univ.example,tom@a.example"
check_eq "points --json: the writer of forwarded comments named with her address" \
	"$(python3 -c '
import json, sys
print(sorted({(p["forwarded_from"]["name"], p["forwarded_from"]["address"], p["author"]["address"])
              for p in json.load(open(sys.argv[1]))["points"] if "forwarded_from" in p}))' "$T/p.json")" \
	"[('Fatou Ndiaye', 'fatou@univ.example', 'moussa@a.example'), ('Jon Doe', 'jon@ngo.example', 'ines@a.example')]"
$RP --db "$DB" compile 1 -o "$T/names.md" 2>/dev/null
check "compile: the amendment credited to its writer, saying who forwarded it" \
	grep -q '^- Fatou Ndiaye (forwarded by Moussa Sow): Section 3 should say where' "$T/names.md"
check "compile: the writer among the participants" \
	grep -q '^| Fatou Ndiaye (forwarded by Moussa Sow) |  | 2 | 2, 3 |' "$T/names.md"
check "compile: in a summary's parentheses the credit opens none of its own" \
	grep -q '^- \*amend\*: .*(Fatou Ndiaye, forwarded by Moussa Sow\(; [A-Z][a-z]* [A-Z][a-z]*\)*)' "$T/names.md"
check "... nowhere" sh -c "! grep -q '(Fatou Ndiaye (' '$T/names.md'"
$RP --db "$DB" compile 1 --format json -o "$T/names.json" 2>/dev/null
check_eq "compile --format json: the participant's name, and who forwarded for her" \
	"$(python3 -c '
import json, sys
print([(p["name"], p.get("forwarded_by")) for p in json.load(open(sys.argv[1]))["participants"] if p["address"] == "fatou@univ.example"])' "$T/names.json")" \
	"[('Fatou Ndiaye', 'Moussa Sow')]"
check_rc "check Fatou Ndiaye: found, captured, exit 0" 0 $RP --db "$DB" check Fatou Ndiaye
check "check Fatou Ndiaye: her comment, where it landed, who forwarded it" \
	grep -q 'where the summary is published.*(forwarded by Moussa Sow)' "$T/out"
check "check Fatou Ndiaye: 2 of 2 captured" grep -q '^2 of 2 captured' "$T/out"
check_rc "check fatou (part of the name) finds her" 0 $RP --db "$DB" check fatou
# As the forwarding message calls her: a title before the name is passed over, alone it
# names nobody.
check_rc "check Dr. Ndiaye (a title the name does not hold) finds her" 0 $RP --db "$DB" check Dr. Ndiaye
check "... the same check" grep -q '^Check for Fatou Ndiaye <fatou@univ.example>' "$T/out"
check_rc "check Prof Moussa Sow finds him" 0 $RP --db "$DB" check Prof Moussa Sow
check_rc "check Dr: a title alone names nobody" 8 $RP --db "$DB" check Dr.
# Two participants share a name (Tom Berg, Ada Berg): an initial tells them apart.
check_rc "check Berg: two people, exit 2" 2 $RP --db "$DB" check Berg
check_rc "check T. Berg: an initial for the first name" 0 $RP --db "$DB" check T. Berg
check "... Tom Berg's check" grep -q '^Check for Tom Berg <tom@a.example>' "$T/out"
check_rc "check B: an initial alone names nobody" 8 $RP --db "$DB" check B
check_rc "check by her address finds her" 0 $RP --db "$DB" check fatou@univ.example --json
check_eq "check --json: forwarded_by on her points" \
	"$(python3 -c '
import json, sys
print([p.get("forwarded_by") for p in json.load(open(sys.argv[1]))["points"]])' "$T/out")" \
	"['Moussa Sow', 'Moussa Sow']"
$RP --db "$DB" check moussa@a.example --json >"$T/m.json"
check_eq "check Moussa --json: his forwarded points say whom they are credited to" \
	"$(python3 -c '
import json, sys
print([p.get("credited_to") for p in json.load(open(sys.argv[1]))["points"]])' "$T/m.json")" \
	"['Fatou Ndiaye', 'Fatou Ndiaye']"
$RP --db "$DB" check moussa@a.example >"$T/m.txt"
check "check Moussa: says the forwarded comment is credited to its writer" \
	grep -q 'credited to Fatou Ndiaye, whose comments you forwarded' "$T/m.txt"
$RP --db "$DB" check "Fatou Ndiaye" --html >"$T/f.html"
check "check Fatou --html: who forwarded it" grep -q '<small>forwarded by Moussa Sow</small>' "$T/f.html"
# Under the Chatham House rule the writer of forwarded comments is withheld as a member is.
$RP --db "$DB" compile 1 --attribution none -o "$T/none.md" 2>/dev/null
check_eq "attribution none: the forwarded comments' writer is not named" \
	"$(grep -c 'Ndiaye' "$T/none.md")" 0
check "attribution none: ... but withheld where quoted" grep -qF 'agree with Dr. \[name withheld\]' "$T/none.md"
# A member who comments in their own words and forwards a colleague's in the same message:
# both are kept (the forwarded points were numbered from 0 too and took the place of the
# member's own), the line passing them on is no point.
python3 - "$T/h" <<'PY'
import sys
sys.path.insert(0, "tests")
import minilist as ml
ml.write(sys.argv[1], [
    ml.reply("Ana Souza <ana@a.example>", "s1@a.example", ml.CIRC,
             "I support section 1 as drafted.\n\nSection 2 should mention captions.\n\n"
             "Forwarding on behalf of Kofi Boateng, who is not subscribed.\n\nAna\n\n"
             "---------- Forwarded message ---------\nFrom: Kofi Boateng <kofi@ngo.example>\n"
             "Date: Mon, 4 Mar 2024 at 10:01\nSubject: comments\n\n"
             "I object to section 3: two weeks is too long.\n")])
PY
HB=$T/h.db
$RP --db "$HB" import --list wg "$T/h/list.mbox" >/dev/null 2>&1
$RP --db "$HB" draft add "$T/h/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
$RP --db "$HB" points --json 1 >"$T/h.json"
check_eq "own points and forwarded ones of one message, each kept, numbered in turn" \
	"$(python3 -c '
import json, sys
for p in json.load(open(sys.argv[1]))["points"]:
    print(p["ordinal"], p["stance"]["label"], p["source"])' "$T/h.json")" \
	"0 support body
1 amend body
2 object message of Kofi Boateng, forwarded"
check_rc "check Ana: her own points and the one she forwarded" 0 $RP --db "$HB" check ana@a.example
check "... 3 of 3 captured" grep -q '^3 of 3 captured' "$T/out"
check_rc "check Kofi Boateng" 0 $RP --db "$HB" check Kofi Boateng
check "... 1 of 1 captured" grep -q '^1 of 1 captured' "$T/out"
# The writer of forwarded comments who has other mail in the store (an announcement on
# another list, months before): her forwarded comments are no copy of it, so they are read
# and credited to her as before, not dropped as a forwarded copy of list mail.
python3 - "$T/k" <<'PY'
import sys
sys.path.insert(0, "tests")
import minilist as ml
ml.write(sys.argv[1], [
    ml.reply("Ana Souza <ana@a.example>", "s2@a.example", ml.CIRC,
             "Forwarding on behalf of Kofi Boateng.\n\n"
             "---------- Forwarded message ---------\nFrom: Kofi Boateng <kofi@ngo.example>\n"
             "Date: Mon, 4 Mar 2024 at 10:01\nSubject: comments\n\n"
             "I object to section 3: two weeks is too long for a summary.\n")])
open(sys.argv[1] + "/other.mbox", "w").write(
    "From x@y Mon Jan  1 10:00:00 2024\nFrom: Kofi Boateng <kofi@ngo.example>\nTo: events@list.example\n"
    "Subject: Seminar moved\nDate: Mon, 01 Jan 2024 10:00:00 +0000\nMessage-ID: <kofi-seminar@ngo.example>\n\n"
    "The seminar on data protection is moved to Thursday.\n\nKofi\n")
PY
KB=$T/k.db
$RP --db "$KB" import --list events "$T/k/other.mbox" >/dev/null 2>&1
$RP --db "$KB" import --list wg "$T/k/list.mbox" >/dev/null 2>&1
$RP --db "$KB" draft add "$T/k/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
check_rc "a writer with other mail in the store: her forwarded comments are read" 0 \
	$RP --db "$KB" check Kofi Boateng
check "... her objection captured, forwarded by Ana" \
	grep -q 'two weeks is too long.*(forwarded by Ana Souza)' "$T/out"
# A member forwarding comments they wrote from another of their addresses (an alias on the
# roster): the comments are theirs, not credited to someone else.
python3 - "$T/o" <<'PY'
import sys
sys.path.insert(0, "tests")
import minilist as ml
ml.write(sys.argv[1], [
    ml.reply("Ana Souza <ana@a.example>", "s3@a.example", ml.CIRC,
             "Forwarding what I wrote at home.\n\n"
             "---------- Forwarded message ---------\nFrom: Ana Souza <ana.home@b.example>\n"
             "Date: Mon, 4 Mar 2024 at 10:01\nSubject: comments\n\n"
             "I object to section 3: two weeks is too long for a summary.\n")])
PY
OB=$T/o.db
$RP --db "$OB" members add ana@a.example --name "Ana Souza" --alias ana.home@b.example >/dev/null 2>&1
$RP --db "$OB" import --list wg "$T/o/list.mbox" >/dev/null 2>&1
$RP --db "$OB" draft add "$T/o/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
check_rc "a member's own comments forwarded from her alias: captured" 0 $RP --db "$OB" check ana@a.example
check "... as hers, not credited to someone else" sh -c "grep -q 'two weeks is too long' '$T/out' && ! grep -q 'credited to' '$T/out'"
# A forwarded message whose From line gives a name and no address (as some clients quote
# it) names no writer to look up: the analysis goes on, the member's own words count.
python3 - "$T/g" <<'PY'
import sys
sys.path.insert(0, "tests")
import minilist as ml
ml.write(sys.argv[1], [
    ml.reply("Ines Roy <ines@a.example>", "i2@a.example", ml.CIRC,
             "I object to section 1: members also comment in meetings.\n\n"
             "---------- Forwarded message ---------\nFrom: Jon Doe\n"
             "Date: Mon, 4 Mar 2024 at 10:01\nSubject: comments\n\n"
             "Section 3 should say where the summary is published.\n")])
PY
GB=$T/g.db
$RP --db "$GB" import --list wg "$T/g/list.mbox" >/dev/null 2>&1
$RP --db "$GB" draft add "$T/g/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
check_rc "a forwarded From line without an address: the analysis runs" 0 $RP --db "$GB" points 1
check "... the member's own objection is a point" grep -q 'Ines Roy' "$T/out"
