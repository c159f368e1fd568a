#!/bin/sh
# A national research-ethics committee discusses its secretariat's draft "Guidelines on
# consent for reuse of health data" (sections 1-6 with subsections) over a week: a lawyer's
# numbered comments, a patient representative's objection, a clinician's two lines from a
# phone, a member answering another's question, "+1 to Ingrid's point 2", quoted sentences
# with "Suggest:" below, a late "Sorry, I meant 4.2, not 4.1", the chair's interim summary,
# an out-of-office reply and a request to leave the list. What the secretariat reads in the
# consensus and in each member's check.
. tests/lib.sh
python3 - "$T/s" <<'PY'
import sys, os
OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
TITLE = "Guidelines on consent for reuse of health data"
SUBJ = "Draft for comment: " + TITLE
CIRC = "draft-consent@nek.example"
DRAFT = TITLE + """

1 Purpose and scope

1.1 Purpose

These guidelines set out when health data collected in routine care or in earlier studies may be reused for research, and what consent the research participants must give.

1.2 Scope

The guidelines apply to every research project reviewed by a regional ethics committee that reuses identifiable or pseudonymised health data.

2 Definitions

2.1 Health data

Health data means personal data about the physical or mental health of a person, including data from the provision of health care.

2.2 Pseudonymised data

Pseudonymised data are data that can no longer be attributed to a person without additional information kept separately.

3 Consent models

3.1 Specific consent

Specific consent covers one research project described to the participant before the data are collected.

3.2 Broad consent

Participants may give broad consent to future research within defined areas of research. The information given to participants must describe these areas.

3.3 Dynamic consent

Where a digital platform allows it, participants may be asked to consent to each new project as it starts.

4 Reuse without new consent

4.1 Opt-out

Data from routine care may be reused for research unless the patient has registered an objection in the national opt-out register. Hospitals must inform patients of the opt-out at least once.

4.2 Exemption from consent

A committee may exempt a project from the requirement of consent where obtaining consent is impracticable and the public interest in the research clearly outweighs the interests of the persons concerned.

5 Safeguards

5.1 Data minimisation

Projects must use only the data needed to answer their research question.

5.2 Secure processing environments

Identifiable data must be analysed in a secure processing environment approved by the data controller.

5.3 Transparency

Committees publish a list of approved projects that reuse health data without consent.

6 Oversight

6.1 Role of the committees

Regional committees assess each application against these guidelines.

6.2 Review of the guidelines

The national committee reviews these guidelines every three years.
"""
# Messages of March 2024, day and hour given, each a minute later than the one before.
minute = [0]
def msg(sender, mid, body, parent=None, subject=None, extra="", day_=None, hour=9):
    subject = subject or ("Re: " + SUBJ if parent else SUBJ)
    irt = "In-Reply-To: <%s>\nReferences: <%s>\n" % (parent, parent) if parent else ""
    d = day_
    return ("From x@y Mon Mar  4 10:00:00 2024\nFrom: %s\nTo: nek-members@lists.nek.example\nSubject: %s\n"
            "Date: %s, %02d Mar 2024 %02d:%02d:00 +0100\nMessage-ID: <%s>\n%s%sMIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=utf-8\n\n%s\n"
            % (sender, subject, ["Mon","Tue","Wed","Thu","Fri","Sat","Sun"][(d-4)%7], d, hour, minute[0] % 60, mid, irt, extra, body))
SEC = "Hanne Dahl <secretariat@nek.example>"
CHAIR = "Erik Lund <erik.lund@uni.example>"
LAW = "Ingrid Saether <ingrid.saether@law.example>"
MONA = "Mona Berg <mona.berg@patients.example>"
TOR = "Tor Hagen <tor.hagen@patients.example>"
AHMED = "Ahmed Karimi <ahmed.karimi@hospital.example>"
LISE = "Lise Nygaard <lise.nygaard@hospital.example>"
JONAS = "Jonas Vik <jonas.vik@registry.example>"
KARI = "Kari Holm <kari.holm@uni.example>"
PER = "Per Olsen <per.olsen@uni.example>"
SVEIN = "Svein Ruud <svein.ruud@hospital.example>"
M = []
def add(*a, **k):
    minute[0] += 1
    M.append(msg(*a, **k))
add(SEC, CIRC, "Dear members,\n\nPlease find below the secretariat's draft guidelines on consent for reuse of health data. Comments to the list by Friday 15 March.\n\nBest regards,\nHanne Dahl\nSecretariat\n\n" + DRAFT, day_=4)
add(LAW, "law1@law.example", """Dear all,

Thank you for the draft. My comments from a legal point of view:

1. Section 3.2: broad consent is only compatible with the GDPR if the areas of research are defined narrowly. I suggest adding "and the areas must be described so that participants can foresee the kind of research" at the end of the first sentence.

2. In 4.1, the opt-out cannot by itself be the legal basis for the processing. Informing patients once is not enough; they must be reminded when their data are used. I object to the current wording.

3. Section 4.2: the committee should record its reasons in writing when it grants an exemption.

4. 5.3 should refer to Article 14 GDPR on the information owed to data subjects.

Best regards,
Ingrid Saether
Legal adviser
""", CIRC, day_=5, hour=8)
add(MONA, "mona1@patients.example", """Dear all,

I have to say I am upset by section 4.1. Patients trust their doctors with the most private things about their lives, and now we are told that all of it can be used for research unless we go and register in some national register that most of our members have never heard of. That is not consent.

Many of the people I represent are elderly or very ill. They will never see the one notice the hospital is supposed to give them. I cannot support the opt-out as it stands. Please think about who this leaves out.

Mona Berg
Patient Association
""", CIRC, day_=5, hour=11)
add(AHMED, "ahmed1@hospital.example", """Fine with 3.2. 4.1 unworkable in busy clinics - who gives the info?

Sent from my iPhone
""", CIRC, day_=5, hour=13)
add(JONAS, "jonas1@registry.example", """Question on 5.2: does the secure processing environment have to be run by the hospital, or can a national platform such as the health data service be used?

Jonas
""", CIRC, day_=5, hour=15)
add(LISE, "lise1@hospital.example", """Jonas, the national platform counts: nothing in the text requires that the hospital runs the environment. We already use it for the registry projects.

Lise
""", "jonas1@registry.example", day_=6, hour=8)
add(TOR, "tor1@patients.example", """+1 to Ingrid's point 2.

Tor
""", "law1@law.example", day_=6, hour=9)
add(KARI, "kari1@uni.example", """> Participants may give broad consent to future research within defined areas of research.

Suggest: "Participants may give broad consent to future research within defined areas of research, and may withdraw it at any time."

> A committee may exempt a project from the requirement of consent where obtaining consent is impracticable

Suggest: replace "impracticable" with "impossible or would involve a disproportionate effort", which is the wording of the GDPR.

Kari
""", CIRC, day_=6, hour=10)
add(LISE, "lise2@hospital.example", """I think 4.1 gives the committees too much room: a patient representative should always be heard before a project is let off the consent requirement.

Lise
""", CIRC, day_=6, hour=14)
add(LISE, "lise3@hospital.example", """Sorry, I meant 4.2, not 4.1.

Lise
""", "lise2@hospital.example", day_=6, hour=15)
add(PER, "per1@uni.example", """I am out of the office until 18 March with limited access to e-mail. For urgent matters please contact the department office.

Per Olsen
""", CIRC, subject="Out of Office: " + SUBJ, day_=6, hour=15)
add(CHAIR, "chair1@uni.example", """Dear all,

Thank you for the comments so far. So far I see agreement on 3.2 but not on 4.1. Ingrid, Mona and Ahmed have raised concerns about the opt-out, while nobody has objected to broad consent as such.

Let us keep the discussion on 4.1 going until Friday.

Erik
""", CIRC, day_=7, hour=9)
add(SVEIN, "svein1@hospital.example", """Please remove me from this list. I left the committee in January.

Svein Ruud
""", "chair1@uni.example", day_=7, hour=10)
add(KARI, "kari2@uni.example", """Ahmed, the hospital gives the information, as 4.1 says. In practice that would be the admissions office, not the clinician in the consultation.

Kari
""", "ahmed1@hospital.example", day_=7, hour=11)
add(LAW, "law2@law.example", """Erik, I am not sure there is agreement on 3.2 yet: my first point still stands.

Ingrid
""", "chair1@uni.example", day_=7, hour=12)
add(MONA, "mona2@patients.example", """Thank you Erik. To be clear, we are not against research. I could accept 4.1 if patients were asked actively at their first visit instead of having to find the register themselves.

Mona
""", "chair1@uni.example", day_=7, hour=14)
add(TOR, "tor2@patients.example", """The transparency section should go further: the list of projects must be written in plain language so that patients can understand what their data are used for.

Tor Hagen
""", CIRC, day_=8, hour=9)
add(JONAS, "jonas2@registry.example", """5.1 is fine as drafted. Thanks Lise for the answer on 5.2.

Jonas
""", "lise1@hospital.example", day_=8, hour=10)
add(SEC, "sec2@nek.example", """Dear members,

A reminder that comments on the draft are due by Friday 15 March.

Hanne Dahl
Secretariat
""", CIRC, day_=11, hour=9)
add(AHMED, "ahmed2@hospital.example", """Agree w Kari on 4.2 wording

Sent from my iPhone
""", "kari1@uni.example", day_=11, hour=12)
add(CHAIR, "chair2@uni.example", """Speaking for myself and not as chair: I support 4.2 as drafted, with Kari's wording.

Erik
""", CIRC, day_=12, hour=9)
with open(os.path.join(OUT, "list.mbox"), "w", encoding="utf-8") as f:
    f.write("".join(M))
with open(os.path.join(OUT, "draft.txt"), "w", encoding="utf-8") as f:
    f.write(DRAFT)
PY
DB=$T/db
$RP --db "$DB" import --list nek "$T/s/list.mbox" >/dev/null 2>&1
$RP --db "$DB" draft add "$T/s/draft.txt" --list nek --circulated draft-consent@nek.example >/dev/null 2>&1
$RP --db "$DB" consensus --json 1 >"$T/c.json"
# members LABEL SECTION: the sorted addresses counted for LABEL on SECTION
members() {
	python3 -c 'import json,sys
for s in json.load(open(sys.argv[1]))["sections"]:
    if s["section"] == sys.argv[3]: print(" ".join(sorted(s["members"].get(sys.argv[2], []))))' "$T/c.json" "$1" "$2"
}
# The chair's interim summary ("So far I see agreement on 3.2 but not on 4.1. Ingrid, Mona
# and Ahmed have raised concerns ... Let us keep the discussion on 4.1 going") reports the
# others' views: it is no objection nor amendment of his.
check_eq "the chair's summary: no objection of his on 4.1" "$(members object 4.1 | grep -c erik)" 0
check_eq "... nor an amendment" "$(members amend 4.1 | grep -c erik)" 0
# "I see agreement on 3.2 but not on 4.1" takes no side: it is not cut at "but", which
# left a summary bullet reading "but not on 4.1." ("I agree with Wout on 3.9 but not on
# 3.10", which does, is).
$RP --db "$DB" compile 1 --no-analyse -o "$T/doc.md" 2>/dev/null
check "the chair's summary is no fragment in the document" sh -c "! grep -q '^- \*[a-z]*\*: but not' '$T/doc.md'"
check "... but one sentence under both sections" \
	sh -c "[ \$(grep -c 'So far I see agreement on 3.2 but not on 4.1' '$T/doc.md') -ge 2 ]"
# "+1 to Ingrid's point 2." shares her second numbered comment, an objection on 4.1; it
# is not about section 2 of the draft.
check_eq "+1 to Ingrid's point 2: her objection on 4.1 shared" \
	"$(members object 4.1 | tr ' ' '\n' | grep -c 'ingrid\|tor')" 2
check_eq "... and nothing on section 2" "$(members support 2)$(members object 2)" ""
# "Sorry, I meant 4.2, not 4.1.": Lise's proposal moves to 4.2, and nothing of hers stays on 4.1.
check "the corrected proposal on 4.2" sh -c "echo '$(members amend 4.2)' | grep -q lise.nygaard"
check_eq "... and none of Lise's on 4.1" \
	"$(for l in support object amend question note; do members $l 4.1; done | grep -c lise)" 0
# The clinician's two lines from a phone ("Fine with 3.2. 4.1 unworkable in busy clinics -
# who gives the info?"): support of 3.2, and the rest on 4.1 alone.
check_eq "the phone reply: support of 3.2" "$(members support 3.2)" "ahmed.karimi@hospital.example"
check_eq "... and its question on 4.1 only" "$(members question 3.2)" ""
# A request to leave the list and an out-of-office reply are no comments.
$RP --db "$DB" points 1 >"$T/points.txt"
check "a request to leave the list is no point" sh -c "! grep -q 'Svein Ruud' '$T/points.txt'"
check_rc "check Svein: nothing to capture" 0 $RP --db "$DB" check svein.ruud@hospital.example
check "... the message asks to leave the list" grep -q 'asks to leave the list and gives no comment' "$T/out"
$RP --db "$DB" points --excluded 1 >"$T/excluded.txt"
check "the out-of-office reply is left out as an auto-reply" grep -q 'per1@uni.example.*auto-reply' "$T/excluded.txt"
# Each member's check: where their words went and how they were understood.
check_rc "check Tor: captured" 0 $RP --db "$DB" check tor.hagen@patients.example
check "... his +1 in section 4.1, as Ingrid's objection" \
	grep -q 'captured in section 4.1, .*understood as object (agrees with Ingrid)' "$T/out"
check_rc "check Lise: captured" 0 $RP --db "$DB" check lise.nygaard@hospital.example
check "... her proposal in section 4.2" grep -q 'captured in section 4.2, .*understood as amend (section 4.2)' "$T/out"
check_rc "check Ingrid: captured" 0 $RP --db "$DB" check ingrid.saether@law.example
check "... her numbered comments each on its section" \
	sh -c "grep -q 'captured in section 3.2' '$T/out' && grep -q 'captured in section 4.1' '$T/out' && grep -q 'captured in section 4.2' '$T/out' && grep -q 'captured in section 5.3' '$T/out'"
# "Thank you for the draft. My comments from a legal point of view:" announces the
# numbered comments that follow, as "A few nits below." does: no general note of its own.
check "an opening that announces the comments is no point" \
	sh -c "! grep -q 'Ingrid Saether.*\[general' '$T/points.txt'"
# "my first point still stands" in Ingrid's second mail repeats her proposal on 3.2: her
# latest position there stays the amendment, not an objection nor a note.
check_eq "a re-affirmed amendment stays an amendment" "$(members amend 3.2 | grep -c ingrid)" 1
check_eq "... and is no objection" "$(members object 3.2 | grep -c ingrid)" 0
# "Thank you Erik. ... I could accept 4.1 if patients were asked actively ...": Erik is
# thanked, not agreed with; the acceptance is Mona's latest position on 4.1, with the
# change it asks for as its second stance.
check_eq "a conditional acceptance after thanks: support of 4.1" "$(members support 4.1)" "mona.berg@patients.example"
$RP --db "$DB" points --json 1 >"$T/points.json"
check_eq "... with the condition read as an amendment" "$(python3 -c 'import json,sys
for p in json.load(open(sys.argv[1]))["points"]:
    if "could accept 4.1 if" in p["text"]: print(p["stance"]["label"], p["stance"]["secondary"], p["stance"]["target"]["kind"])' "$T/points.json")" "support amend section"
