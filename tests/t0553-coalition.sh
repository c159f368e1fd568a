#!/bin/sh
# A coalition of civil-society organisations comments on its coordinator's draft joint
# statement (sections 1-5) over a week: an Outlook reply with the original below it
# unquoted, a Gmail inline reply, a member reading the list as a digest who answers the
# digest in German, a French objection, an HTML-only "+1" from a phone, comments in an
# attached text file under a one-line cover note, a question on the whole statement and the
# coordinator's answer, and a counter-proposal to a member's change. What the secretariat
# reads in the points, the consensus and each member's check.
. tests/lib.sh
python3 - "$T/s" <<'PY'
import os, sys
OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
TITLE = "Joint statement on the implementation of the AI Act"
SUBJ = "[coalition] Draft joint statement on AI Act implementation - comments by 20 May"
CIRC = "statement-v1@civic.example"
DRAFT = TITLE + """

1 Introduction

The undersigned organisations welcome the adoption of the AI Act and call on the Commission and the Member States to implement it in a way that protects fundamental rights.

2 Prohibited practices

The guidelines on prohibited practices should interpret the ban on emotion recognition broadly, covering workplaces and education without exception.

3 Enforcement

3.1 National authorities

Member States are encouraged to give market surveillance authorities sufficient staff and budget.

3.2 Complaints

Individuals must be able to lodge a complaint with an authority free of charge.

4 Civil society participation

The advisory forum should include at least one third of members from civil society organisations.

5 Timeline

We ask the Commission to publish the guidelines at least six months before the obligations apply.
"""
minute=[0]
def msg(sender, mid, body, parent=None, subject=None, day=13, hour=9, ctype="text/plain; charset=utf-8", extra="", raw_body=False):
    minute[0]+=1
    subject = subject or ("Re: " + SUBJ if parent else SUBJ)
    irt = "In-Reply-To: <%s>\nReferences: <%s>\n" % (parent, parent) if parent else ""
    return ("From x@y Mon May 13 10:00:00 2024\nFrom: %s\nTo: coalition@lists.civic.example\nSubject: %s\n"
            "Date: Mon, %02d May 2024 %02d:%02d:00 +0200\nMessage-ID: <%s>\n%s%sList-Id: <coalition.lists.civic.example>\nMIME-Version: 1.0\n"
            "Content-Type: %s\n\n%s\n\n" % (sender, subject, day, hour, minute[0], mid, irt, extra, ctype, body))
COORD="Sofia Marin <sofia.marin@civic.example>"
JAN="Jan de Vries <jan.devries@bitsoffreedom.example>"
ANNA="Anna Keller <anna.keller@digitalrights.example>"
KLAUS="Klaus Berger <k.berger@verbraucher.example>"
CLAIRE="Claire Dubois <claire.dubois@ldh.example>"
TOM="Tom Walsh <tom.walsh@iccl.example>"
EVA="Eva Novak <eva.novak@iuridicum.example>"
PIOTR="Piotr Zielinski <piotr@panoptykon.example>"
M=[]
M.append(msg(COORD, CIRC, "Dear all,\n\nBelow is the draft joint statement on the implementation of the AI Act. Please send comments to the list by 20 May; we will circulate a revised version after that.\n\nBest,\nSofia\n\n"+DRAFT))
# Outlook top-post with original below, unquoted
M.append(msg(JAN, "jan1@bof.example", "Hi Sofia,\n\nWe support the statement. Only on section 3.1 I would strengthen the language: replace \"are encouraged to\" by \"must\".\n\nBest regards,\nJan\n\n-----Original Message-----\nFrom: Sofia Marin <sofia.marin@civic.example>\nSent: Monday, May 13, 2024 9:01 AM\nTo: coalition@lists.civic.example\nSubject: "+SUBJ+"\n\nDear all,\n\nBelow is the draft joint statement on the implementation of the AI Act.\n\n"+DRAFT, CIRC, hour=11))
# inline Gmail reply
M.append(msg(ANNA, "anna1@dr.example", """On Mon, 13 May 2024 at 09:01, Sofia Marin <sofia.marin@civic.example> wrote:
> 2 Prohibited practices
>
> The guidelines on prohibited practices should interpret the ban on emotion recognition broadly, covering workplaces and education without exception.

I am worried that "without exception" will be read as naive: the Act itself has a medical and safety exception. I suggest "with only the exceptions the Act itself provides".

> 4 Civil society participation
>
> The advisory forum should include at least one third of members from civil society organisations.

Agreed, this is essential.

Anna
""", CIRC, day=14, hour=10))
# digest reply
M.append(msg(KLAUS, "klaus1@vz.example", """Ich stimme dem Entwurf grundsätzlich zu. Zu Abschnitt 5: sechs Monate sind zu knapp, bitte "sechs" durch "zwölf" ersetzen.

Klaus

> Today's Topics:
>
>    1. Re: Draft joint statement on AI Act implementation (Anna Keller)
>
> ----------------------------------------------------------------------
>
> Message: 1
> Date: Tue, 14 May 2024 10:03:00 +0200
> From: Anna Keller <anna.keller@digitalrights.example>
> Subject: Re: [coalition] Draft joint statement
>
> Agreed, this is essential.
""", None, subject="Re: coalition Digest, Vol 12, Issue 3", day=14, hour=18))
M.append(msg(CLAIRE, "claire1@ldh.example", """Bonjour à tous,

Je ne suis pas d'accord avec le point 4 tel qu'il est rédigé : un tiers ne suffit pas, nous demandons la moitié.

Claire
""", CIRC, day=15, hour=9))
# HTML-only phone reply
M.append(msg(TOM, "tom1@iccl.example", """<html><body><div dir="auto">+1 to Jan on 3.1</div><div dir="auto"><br></div><div dir="auto">Sent from my phone</div><br><div class="gmail_quote"><div dir="ltr">On Mon, 13 May 2024, 11:02 Jan de Vries wrote:<br></div><blockquote class="gmail_quote">We support the statement. Only on section 3.1 I would strengthen the language: replace "are encouraged to" by "must".</blockquote></div></body></html>""", "jan1@bof.example", ctype="text/html; charset=utf-8", day=15, hour=12))
# comments in attachment
M.append(msg(EVA, "eva1@iu.example", """--b1
Content-Type: text/plain; charset=utf-8

Dear Sofia, our comments are in the attached file.
Eva

--b1
Content-Type: text/plain; charset=utf-8; name="comments-iuridicum.txt"
Content-Disposition: attachment; filename="comments-iuridicum.txt"

Comments from Iuridicum Remedium

Section 3.2: we propose to add "and to receive a reasoned decision within three months".

Section 5: fine as it stands.

--b1--
""", CIRC, ctype='multipart/mixed; boundary="b1"', day=16, hour=14))
# question + answer
M.append(msg(PIOTR, "piotr1@pan.example", "Quick question: will the statement be published with the logos of all signatories, or only as a list of names?\n\nPiotr\n", CIRC, day=16, hour=15))
M.append(msg(COORD, "sofia2@civic.example", "Piotr, with logos, as last time.\n\nSofia\n", "piotr1@pan.example", day=16, hour=16))
# late disagreement with Jan
M.append(msg(ANNA, "anna2@dr.example", """> replace "are encouraged to" by "must".

I disagree with Jan's change: the Act leaves staffing to the Member States, so "must" overstates what we can ask. I'd keep "are encouraged to" but add "as a matter of urgency".

Anna
""", "jan1@bof.example", day=17, hour=9))
open(os.path.join(OUT, "list.mbox"), "w", encoding="utf-8").write("".join(M))
open(os.path.join(OUT, "draft.txt"), "w", encoding="utf-8").write(DRAFT)
PY
DB=$T/db
check_rc "import the coalition's week of mail" 0 $RP --db "$DB" import --list coalition "$T/s/list.mbox"
$RP --db "$DB" draft add "$T/s/draft.txt" --list coalition --circulated statement-v1@civic.example >/dev/null 2>&1
$RP --db "$DB" points --json 1 >"$T/p.json"
$RP --db "$DB" consensus --json 1 >"$T/c.json"
# pts FROM: "section label proposed | text" of each point of the sender, one per line
pts() {
	python3 -c 'import json,sys
for p in json.load(open(sys.argv[1]))["points"]:
    if p["author"]["address"] == sys.argv[2]:
        st = p["stance"]
        print(p["anchors"][0]["section"], st["label"], st["proposed"], "|", p["text"])' "$T/p.json" "$1"
}
# Klaus reads the list as a digest and answers it, in German: "Re: coalition Digest, Vol
# 12, Issue 3", no reply headers; the digest's topic line he quotes names the statement.
check_eq "... its comment on section 5 is an amendment proposing 'zwölf'" \
	"$(pts k.berger@verbraucher.example | cut -d'|' -f1)" "5 amend zwölf "
# Eva's comments are in an attached file under "Dear Sofia, our comments are in the
# attached file." and her name: the greeting's line is no greeting alone, the cover note
# no point, and her name no comment.
check_eq "the attached comments, and nothing else of Eva's" \
	"$(pts eva.novak@iuridicum.example | cut -d'|' -f1 | tr '\n' ';')" "3.2 amend and to receive a reasoned decision within three months ;5 support None ;"
# "Piotr, with logos, as last time." answers a question on the statement as a whole.
check_eq "the coordinator's answer to a general question is general" \
	"$(pts sofia.marin@civic.example | cut -d' ' -f1)" "general"
# Jan's Outlook reply has the whole draft under "-----Original Message-----": one point.
check_eq "the Outlook reply: its own words only" "$(pts jan.devries@bitsoffreedom.example | wc -l | tr -d ' ')" 1
# Tom's HTML-only "+1 to Jan on 3.1" shares Jan's amendment.
check_eq "the phone's +1 is on 3.1" "$(pts tom.walsh@iccl.example | cut -d' ' -f1)" "3.1"
check "... and shares Jan's amendment there" python3 -c 'import json,sys
sys.exit(not any(s["section"] == "3.1" and "tom.walsh@iccl.example" in s["members"].get("amend", [])
                 for s in json.load(open(sys.argv[1]))["sections"]))' "$T/c.json"
# Anna disagrees with Jan's change and proposes another: all three would amend 3.1, not
# the same way.
level() {
	python3 -c 'import json,sys
for s in json.load(open(sys.argv[1]))["sections"]:
    if s["section"] == sys.argv[2]: print(s["level"])' "$T/c.json" "$1"
}
check_eq "a counter-proposal: 3.1 in rough consensus, not agreed" "$(level 3.1)" "rough consensus"
check_eq "Claire's French objection leaves 4 contested" "$(level 4)" "contested"
check_rc "check Klaus: captured" 0 $RP --db "$DB" check k.berger@verbraucher.example
check "... in section 5, as an amendment" grep -q 'captured in section 5, .*understood as amend' "$T/out"
