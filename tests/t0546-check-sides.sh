#!/bin/sh
# check: a point that sides with or against another member counts in the document under
# that member's stance ("+1 Priya." under her objection is an objection); the receipt says
# whom the words agree or disagree with, so "understood as object" is not read as an
# objection to Priya.
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
check "check Bob: counted as support, disagreeing with Priya" \
	grep -q 'understood as support (disagrees with Priya)' "$T/out"
$RP --db "$DB" check --html bob@a.example >"$T/b.html"
check "check --html: the same words" grep -q 'understood as support (disagrees with Priya)' "$T/b.html"
