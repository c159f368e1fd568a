#!/bin/sh
# check: a point that sides with or against another member counts in the document under
# that member's stance ("+1 Priya." under her objection is an objection); the receipt says
# whom the words agree or disagree with, so "understood as object" is not read as an
# objection to Priya. A point summarised with other members' near-duplicates says with whose;
# one answering a message names it in words, not by Message-ID; a question or objection
# says whether it was answered, as the document does; a position replaced by a later one
# on the same section says so.
. tests/lib.sh
PYTHONPATH=tests python3 - "$T/s" <<'PY'
import sys
import minilist as ml
ml.write(sys.argv[1], [
    ml.reply("Priya Raman <priya@a.example>", "p1@a.example", ml.CIRC,
             "I object to section 2: many members join by phone and cannot use the chat.\n"),
    ml.reply("Ann Lee <ann@a.example>", "a1@a.example", "p1@a.example", "+1 Priya.\n\nAnn\n"),
    ml.reply("Bob Stone <bob@a.example>", "b1@a.example", "p1@a.example",
             "I disagree with Priya: section 2 is fine, the chat works on phones too.\n")])
PY
DB=$T/db
$RP --db "$DB" import --list wg "$T/s/list.mbox" >/dev/null 2>&1
$RP --db "$DB" draft add "$T/s/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
check_rc "check Ann: captured" 0 $RP --db "$DB" check ann@a.example
check "check Ann: counted as an objection, agreeing with Priya" \
	grep -q 'understood as object (agrees with Priya)' "$T/out"
check_rc "check Bob: captured" 0 $RP --db "$DB" check bob@a.example
check "check Bob: counted as support of the text, disagreeing with Priya" \
	grep -q 'understood as support of the text as it stands (disagrees with Priya)' "$T/out"
$RP --db "$DB" check --html bob@a.example >"$T/b.html"
check "check --html: the same words" grep -q 'understood as support of the text as it stands (disagrees with Priya)' "$T/b.html"
# A point summarised in one bullet with another member's near-duplicate: the receipt says
# with whose, and whether the bullet quotes the member's words or the other's, so a member
# who finds someone else's sentence in the summary knows their point is in it.
PYTHONPATH=tests python3 - "$T/d" <<'PY'
import sys
import minilist as ml
ml.write(sys.argv[1], [
    ml.reply("Wout Bakker <wout@a.example>", "w1@a.example", ml.CIRC,
             "On section 2: the chat excludes members who join by phone. "
             "The sentence on using the chat for questions should be deleted.\n\nWout\n"),
    ml.reply("Lars Berg <lars@a.example>", "l1@a.example", ml.CIRC,
             "Section 2: the sentence on using the chat for questions should be deleted.\n\nLars\n")])
PY
DD=$T/d.db
$RP --db "$DD" import --list wg "$T/d/list.mbox" >/dev/null 2>&1
$RP --db "$DD" draft add "$T/d/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
$RP --db "$DD" compile 1 >"$T/d.md" 2>/dev/null
check "the two points share one summary bullet" grep -q '(Wout Bakker and Lars Berg)\|(Lars Berg and Wout Bakker)' "$T/d.md"
check_rc "check Lars: captured" 0 $RP --db "$DD" check lars@a.example
check "check Lars: merged with Wout's, in his own words" \
	grep -q 'summary bullet 1 (merged with the similar comments of Wout Bakker, in your words)' "$T/out"
check_rc "check Wout: captured" 0 $RP --db "$DD" check wout@a.example
check "check Wout: merged with Lars's, in Lars's words" \
	grep -q 'summary bullet 1 (merged with the similar comments of Lars Berg, in their words)' "$T/out"
$RP --db "$DD" check wout@a.example --json >"$T/w.json"
check_eq "check --json: merged_with" "$(jget "$T/w.json" '["points"][0]["merged_with"]')" "Lars Berg"
# A point that answers a message rather than a section or a member ("Agreed." under a quote
# of the draft, a bare "+1" under a member's mail) names that message in the member's
# words, not by its Message-ID; --json keeps the target as the analysis gives it.
PYTHONPATH=tests python3 - "$T/m" <<'PY'
import sys
import minilist as ml
ml.write(sys.argv[1], [
    ml.reply("Priya Raman <priya@a.example>", "p1@a.example", ml.CIRC,
             "I object to section 2: many members join by phone and cannot use the chat.\n"),
    ml.reply("Carl Moe <carl@a.example>", "c1@a.example", "p1@a.example", "+1\n\nCarl\n"),
    ml.reply("Dina Roy <dina@a.example>", "d1@a.example", ml.CIRC,
             "> The secretariat publishes a summary of each meeting within two weeks.\n\nAgreed.\n\nDina\n"),
    ml.reply("Eva Lund <eva@a.example>", "e1@a.example", ml.CIRC,
             "A question on section 3: is the summary published on the website as well?\n\nEva\n"),
    ml.reply("Fay Dale <fay@a.example>", "f1@a.example", "e1@a.example",
             "Eva, yes: the secretariat posts it on the website and on the list.\n\nFay\n"),
    ml.reply("Gus Hart <gus@a.example>", "g1@a.example", ml.CIRC,
             "A question on section 1: who collects the comments made in meetings?\n\nGus\n")])
PY
DM=$T/m.db
$RP --db "$DM" import --list wg "$T/m/list.mbox" >/dev/null 2>&1
$RP --db "$DM" draft add "$T/m/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
check_rc "check Carl: captured" 0 $RP --db "$DM" check carl@a.example
check "check Carl: answering Priya's message, by her name" grep -q "(answering Priya Raman's message)" "$T/out"
check "... not by its Message-ID" sh -c "! grep -q 'message p1@a.example' '$T/out'"
check_rc "check Dina: captured" 0 $RP --db "$DM" check dina@a.example
check "check Dina: answering the draft, not its Message-ID" grep -q "(answering the draft as circulated)" "$T/out"
$RP --db "$DM" check dina@a.example --json >"$T/dina.json"
check_eq "check --json: the target as the analysis gives it" \
	"$(jget "$T/dina.json" '["points"][0]["target"]')" "message circ@list.example"
# A question, as the document lists it: answered when another member replied, or not yet.
check_rc "check Eva: captured" 0 $RP --db "$DM" check eva@a.example
check "check Eva: her question listed, answered on the list" \
	grep -q "listed under questions (answered on the list)" "$T/out"
check_rc "check Gus: captured" 0 $RP --db "$DM" check gus@a.example
check "check Gus: his question listed, not answered yet" grep -q "listed under questions (not answered yet)" "$T/out"
$RP --db "$DM" check eva@a.example --json >"$T/eva.json"
check_eq "check --json: listed and answered" \
	"$(jget "$T/eva.json" '["points"][0]["listed"], d["points"][0]["answered"]')" "('questions', True)"
# A position the member changed later on the same section ("I object to section 2", then
# "I withdraw my objection to section 2"): the consensus counts the latest, and the
# receipt says so of the earlier point rather than list both as if both counted.
PYTHONPATH=tests python3 - "$T/w" <<'PY'
import sys
import minilist as ml
ml.write(sys.argv[1], [
    ml.reply("Priya Raman <priya@a.example>", "p1@a.example", ml.CIRC,
             "I object to section 2: many members join by phone and cannot use the chat.\n\nPriya\n"),
    ml.reply("Ann Lee <ann@a.example>", "a1@a.example", "p1@a.example",
             "Priya, the chat works on phones too.\n\nAnn\n"),
    ml.reply("Priya Raman <priya@a.example>", "p2@a.example", "a1@a.example",
             "Thanks Ann. I withdraw my objection to section 2.\n\nPriya\n")])
PY
DW=$T/w.db
$RP --db "$DW" import --list wg "$T/w/list.mbox" >/dev/null 2>&1
$RP --db "$DW" draft add "$T/w/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
check_rc "check Priya: captured" 0 $RP --db "$DW" check priya@a.example
check "check Priya: the objection replaced by her later support, said on the objection" \
	grep -q 'understood as object (section 2); replaced by your later position on this section (support, 2024-03-04): the latest counts' "$T/out"
check_eq "... and not on the withdrawal" "$(grep -c 'replaced by your later' "$T/out")" 1
$RP --db "$DW" check priya@a.example --json >"$T/pw.json"
check_eq "check --json: superseded_by names the later point" \
	"$(jget "$T/pw.json" '["points"][0]["superseded_by"] == d["points"][1]["point"]')" True
# Siding with a member who took positions on two sections in the message answered ("+1 to
# Maria", "I disagree with Maria here"): each of her positions is shared or opposed, on
# its own section; a proposal its author scratches later no longer counts as live.
PYTHONPATH=tests python3 - "$T/x" <<'PY'
import sys
import minilist as ml
ml.write(sys.argv[1], [
    ml.reply("Maria Silva <maria@a.example>", "m1@a.example", ml.CIRC,
             "I object to section 2: many members join by phone and cannot use the chat.\n\n"
             "On section 3, two weeks is too long; the summary should be out within one week.\n\nMaria\n"),
    ml.reply("Ann Lee <ann@a.example>", "a1@a.example", "m1@a.example", "+1 to Maria\n\nAnn\n"),
    ml.reply("Bob Stone <bob@a.example>", "b1@a.example", "m1@a.example",
             "I disagree with Maria here.\n\nBob\n"),
    ml.reply("Carl Moe <carl@a.example>", "c1@a.example", ml.CIRC,
             "Section 2 should also say how members who join by phone ask questions.\n\nCarl\n"),
    ml.reply("Carl Moe <carl@a.example>", "c2@a.example", "c1@a.example",
             "Thinking again, scratch my earlier proposal.\n\nCarl\n")])
PY
DX=$T/x.db
$RP --db "$DX" import --list wg "$T/x/list.mbox" >/dev/null 2>&1
$RP --db "$DX" draft add "$T/x/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
$RP --db "$DX" consensus --json 1 >"$T/x.json"
# members LABEL SECTION: the sorted addresses counted for LABEL on SECTION
members() {
	python3 -c 'import json,sys
for s in json.load(open(sys.argv[1]))["sections"]:
    if s["section"] == sys.argv[3]: print(" ".join(sorted(s["members"][sys.argv[2]])))' "$T/x.json" "$1" "$2"
}
check_eq "+1 to Maria: her objection on section 2 shared" "$(members object 2)" "ann@a.example maria@a.example"
check_eq "... and her amendment on section 3" "$(members amend 3)" "ann@a.example maria@a.example"
check_eq "disagreeing with Maria: support of section 2 against her objection, and Carl's proposal scratched" \
	"$(members support 2)" "bob@a.example carl@a.example"
check_eq "... and support of section 3 against her amendment" "$(members support 3)" "bob@a.example"
check_eq "the scratched proposal is no amendment on section 2" "$(members amend 2)" ""
# Ann's receipt says how her "+1" counts on each section: an objection on section 2 and an
# amendment on section 3, not one label for both.
check_rc "check Ann: her +1 captured" 0 $RP --db "$DX" check ann@a.example
check "... counted on section 3 as an amendment, said so" \
	grep -q "also in section 3, summary bullet [0-9]*, understood there as amend).*understood as object (agrees with Maria)" "$T/out"
$RP --db "$DX" check ann@a.example --json >"$T/ann-x.json"
check_eq "check --json: the stance on each other section" \
	"$(jget "$T/ann-x.json" '["points"][0]["where"]["also"][0]["stance"], d["points"][0]["where"]["section"]')" "('amend', '2')"
check_rc "check Bob: captured" 0 $RP --db "$DX" check bob@a.example
check "... the same stance on both sections: said once" sh -c "! grep -q 'understood there' '$T/out'"
