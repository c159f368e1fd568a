#!/bin/sh
# Comments forwarded to the list on behalf of someone who is not subscribed: the forwarded
# message's words, inline under a forward marker and attached as a message as well, are
# read once, anchored and weighed as the member's points, each saying whose forwarded
# message it came from, and `check` tells the member they were captured. A forwarded copy
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
# Under the Chatham House rule the writer of forwarded comments is withheld as a member is.
$RP --db "$DB" compile 1 --attribution none -o "$T/none.md" 2>/dev/null
check_eq "attribution none: the forwarded comments' writer is not named" \
	"$(grep -c 'Ndiaye' "$T/none.md")" 0
check "attribution none: ... but withheld where quoted" grep -qF 'agree with Dr. \[name withheld\]' "$T/none.md"
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
