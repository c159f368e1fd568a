#!/bin/sh
# Two replies whose words could mislead the compiled document: a proposal whose text says
# "I think 4.1 ..." moved to 4.2 by its writer's "Sorry, I meant 4.2, not 4.1.", and an
# objection written above an "Acked-by:" trailer. The moved proposal is shown under 4.2
# only, and the trailer does not turn the objection into support.
. tests/lib.sh
python3 - "$T" <<'PY'
import sys, os
OUT = sys.argv[1]
D = """Data policy

4 Retention

4.1 Period

Logs are kept for 90 days.

4.2 Access

Only administrators may read logs.
"""
def m(frm, mid, body, parent=None, minute=0):
    subj = "Draft for comment: Data policy"
    h = ("From x@y Mon Mar  4 10:00:00 2024\nFrom: %s\nTo: l@l.example\nSubject: %s\n"
         "Date: Mon, 04 Mar 2024 10:%02d:00 +0100\nMessage-ID: <%s>\n"
         % (frm, ("Re: " + subj) if parent else subj, minute, mid))
    if parent:
        h += "In-Reply-To: <%s>\nReferences: <%s>\n" % (parent, parent)
    return h + "Content-Type: text/plain; charset=utf-8\n\n" + body + "\n"
M = [m("Erik Lund <erik@x.example>", "d1@x", "Please comment.\n\n" + D),
     m("Bob Berg <bob@x.example>", "b1@x", "I think 4.1 should say who may extend the period.\n\nBob", "d1@x", 2),
     m("Bob Berg <bob@x.example>", "b2@x", "Sorry, I meant 4.2, not 4.1.\n\nBob", "b1@x", 3),
     m("Cid Holm <cid@x.example>", "c1@x", "I object to 4.2: administrators should not read logs without a ticket.\n\nAcked-by: Cid Holm <cid@x.example>\n", "d1@x", 4)]
open(os.path.join(OUT, "list.mbox"), "w").write("".join(M))
open(os.path.join(OUT, "draft.txt"), "w").write(D)
PY
DB=$T/db
$RP --db "$DB" import --list l "$T/list.mbox" >/dev/null 2>&1
$RP --db "$DB" draft add "$T/draft.txt" --list l --circulated d1@x >/dev/null 2>&1
$RP --db "$DB" consensus --json 1 >"$T/c.json"
members() {
	python3 -c 'import json,sys
for s in json.load(open(sys.argv[1]))["sections"]:
    if s["section"] == sys.argv[3]: print(" ".join(sorted(s["members"].get(sys.argv[2], []))))' "$T/c.json" "$1" "$2"
}
# The corrected proposal: under 4.2 in the document's sections, and nowhere under 4.1
# (the annexes list every point once more).
$RP --db "$DB" compile 1 --no-analyse -o "$T/doc.md" 2>/dev/null
section_of() {
	awk -v w="$1" '/^## /{s=""} /^## [0-9]/{s=$2} s != "" && index($0, w){print s}' "$T/doc.md" | sort -u | tr '\n' ' '
}
check_eq "a proposal moved by its writer's correction is shown under 4.2 only" \
	"$(section_of 'who may extend the period')" "4.2 "
check_eq "... counted as an amendment of 4.2" "$(members amend 4.2)" "bob@x.example"
# "Acked-by:" below an objection: the objection stays one.
check_eq "an objection above an Acked-by trailer stays an objection" "$(members object 4.2)" "cid@x.example"
check_eq "... and is no support of 4.2" "$(members support 4.2)" ""
check_rc "check Cid: captured" 0 $RP --db "$DB" check cid@x.example
check "... as an objection on 4.2" grep -q 'captured in section 4.2, .*understood as object' "$T/out"
