#!/bin/sh
# Comments sent as an attachment: a reply whose body is a cover note ("Please find our
# comments attached.") is read with its attached .docx, .txt or PDF; the points are anchored,
# weighed and credited to the sender, and say where they were read. An attachment that
# cannot be read (a legacy .doc, a scanned PDF, a damaged .docx) makes `check` report the message as not captured, with
# the reason. The draft the circulating message attaches, and a revised draft attached
# later, are no comments. Fixture: fixtures/attach/list.mbox (tests/make-attach-fixture.py).
. tests/lib.sh
DB=$T/db
$RP --db "$DB" import --list spectrum "$FIX/attach/list.mbox" >/dev/null 2>&1
$RP --db "$DB" draft add --from-message circ@spectrum.example.org >/dev/null
$RP --db "$DB" points --json 1 >"$T/p.json"
check_eq "points: exit 0" "$?" 0
# pts MESSAGE-ID -> one line per point: "sections stance source | first words"
pts() {
	python3 - "$T/p.json" "$1" <<'PY'
import json, sys
for p in json.load(open(sys.argv[1]))["points"]:
    if p["message_id"] == sys.argv[2]:
        print(",".join(a["section"] for a in p["anchors"]), p["stance"]["label"],
              p["source"], "|", " ".join(p["text"].split()[:3]))
PY
}
check_eq "the .docx's three comments: sections, stances, source; no cover note, no title" \
	"$(pts docx@pof.example.net)" "2.1 support attachment comments.docx | Section 2.1: We
Recommendation 2 object attachment comments.docx | Recommendation 2: We
3 question attachment comments.docx | On section 3,"
check_eq "the .txt's comment" "$(pts txt@ruralnet.example.org)" \
	"Recommendation 3 amend attachment comments.txt | Recommendation 3 should"
check_eq "the PDF's comment; \"Our comments are attached.\" is no point" \
	"$(pts pdf@ghana.example.org)" \
	"Recommendation 1 support attachment comments.pdf | Recommendation 1: We"
check_eq "a comment in the body says so" "$(pts body@isp.example.co.uk)" \
	"2.2 support body | We support the"
check_eq "the circulated draft attached to its message gives no point" \
	"$(pts circ@spectrum.example.org)" ""
check_eq "the revised draft attached by the secretariat gives no point" \
	"$(pts rev@spectrum.example.org | grep -c attachment)" 0
check_eq "no point quotes the draft's own text" \
	"$(grep -c 'Training of local technicians\|Light-touch licences exist' "$T/p.json")" 0
check_eq "the legacy .doc gives no point" "$(pts doc@netz.example.de)" ""
check_eq "nor the PDF without a text layer, nor the damaged .docx" \
	"$(pts scan@redes.example.mx)$(pts broken@ict.example.pl)" ""
$RP --db "$DB" points 1 >"$T/p.txt"
check "points: the text listing names the attachment" \
	grep -q 'support  (from attachment comments.docx)' "$T/p.txt"

# check: the member is told where each attached comment landed.
check_rc "check Helen: all captured, exit 0" 0 $RP --db "$DB" check helen@pof.example.net
check "check Helen: 3 of 3 captured" grep -q '^3 of 3 captured' "$T/out"
check "check Helen: the objection landed in Recommendation 2, from the attachment" \
	grep -q 'comments.docx)$' "$T/out"
check "check Helen: understood as an objection" \
	grep -q 'captured in section Recommendation 2, .*understood as object' "$T/out"
$RP --db "$DB" check --json helen@pof.example.net >"$T/c.json"
check_eq "check --json: the source of the point" \
	"$(jget "$T/c.json" '["points"][0]["source"]')" "attachment comments.docx"
$RP --db "$DB" check --html helen@pof.example.net >"$T/c.html"
check "check --html: the receipt names the attachment" grep -q 'from attachment comments.docx' "$T/c.html"
check_rc "check Lena: the unreadable .doc is not captured, exit 1" 1 \
	$RP --db "$DB" check lena@netz.example.de
check "check Lena: NOT CAPTURED with the reason" grep -q \
	"not captured: comments in attachment 'comments.doc' could not be read: a legacy word-processor file" \
	"$T/out"
check "check Lena: 0 of 1 captured" grep -q '^0 of 1 captured' "$T/out"
check_rc "check Ana: the scanned PDF is not captured" 1 $RP --db "$DB" check ana@redes.example.mx
check "check Ana: the reason" grep -q \
	"comments in attachment 'comments-scan.pdf' could not be read: the PDF has no text layer" "$T/out"
check_rc "check Marta: the damaged .docx is not captured" 1 $RP --db "$DB" check marta@ict.example.pl
check "check Marta: the reason" grep -q \
	"comments in attachment 'comments.docx' could not be read: a damaged file" "$T/out"
check_rc "check Omar: the .txt comment captured" 0 $RP --db "$DB" check omar@ruralnet.example.org
check "check Omar: in Recommendation 3, as an amendment" \
	grep -q 'captured in section Recommendation 3, .*understood as amend' "$T/out"

# The report carries the attached comments like any other.
$RP --db "$DB" compile 1 -o "$T/r.md" >/dev/null 2>&1
check "compile: Helen's objection in the document" grep -q 'Helen Park' "$T/r.md"

# Comments in an HTML attachment are read like a document's; a part named like a file but
# shown inline ("note.txt", Content-Disposition: inline) is read once, as the body.
mkdir -p "$T/h"
PYTHONPATH=tests python3 - "$T/h" <<'PY'
import sys
import minilist as ml
page = ("<html><head><title>Comments</title><style>p{color:red}</style></head><body><h1>Comments from ISOC</h1>"
        "<p>On section 3: two weeks is far too slow; the summary should be out within three working days.</p>"
        "<p>On section 2: we object to requiring the chat for questions, since many join by phone.</p></body></html>")
ml.write(sys.argv[1], [
    ml.reply("Jo Park <jo@isoc.example>", "j1@a.example", ml.CIRC,
             "--BB\nContent-Type: text/plain; charset=utf-8\n\nDear all,\n\nPlease find our comments attached.\n\nBest,\nJo\n\n"
             "--BB\nContent-Type: text/html; charset=utf-8; name=\"comments.html\"\n"
             "Content-Disposition: attachment; filename=\"comments.html\"\n\n" + page + "\n--BB--\n",
             'Content-Type: multipart/mixed; boundary="BB"\n\n'),
    ml.reply("Kim Ito <kim@a.example>", "k1@a.example", ml.CIRC,
             "--CC\nContent-Type: text/plain; charset=utf-8; name=\"note.txt\"\n"
             "Content-Disposition: inline; filename=\"note.txt\"\n\nI support section 1 as drafted.\n\n--CC--\n",
             'Content-Type: multipart/mixed; boundary="CC"\n\n')])
PY
HD="$T/h.db"
$RP --db "$HD" import --list wg "$T/h/list.mbox" >/dev/null 2>&1
$RP --db "$HD" draft add "$T/h/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
$RP --db "$HD" points --json 1 >"$T/p.json"
check_eq "HTML attachment: its two comments, anchored and weighed; no cover note, no page title" \
	"$(pts j1@a.example)" "3 amend attachment comments.html | On section 3:
2 object attachment comments.html | On section 2:"
check_eq "inline part named like a file: its comment once" "$(pts k1@a.example)" "1 support body | I support section"
check_rc "check Jo: both captured" 0 $RP --db "$HD" check jo@isoc.example
check "check Jo: 2 of 2, from the HTML attachment" grep -q '^2 of 2 captured' "$T/out"

# A reply with more to say than a cover note is read with its attachment when it says its
# comments are there ("Our detailed comments on sections 2 and 3 are in the attached
# document."): the body's points stay, the announcement goes. An attached study the reply
# only cites is no comment.
mkdir -p "$T/a"
PYTHONPATH=tests python3 - "$T/a" <<'PY'
import sys
import minilist as ml
body = ("Dear all,\n\nI fully support section 1 as drafted: it describes the way we work well, and the secretariat has done a careful job of it. "
        "The introduction is clear and I would not change a word of it, even though some of us wanted a longer text last year. "
        "It matches what the group agreed in Geneva and in the two calls since then, and I think everybody can live with it.\n\n"
        "I am less sure about the tools, and we have discussed this at length in our delegation before the meeting. "
        "Many of our members join by phone from places where the connection is poor, and the chat is not something they can use.\n\n"
        "%s\n\nBest regards,\nJo\n")
def mixed(sender, mid, text, name, attached):
    return ml.reply(sender, mid, ml.CIRC,
                    "--BB\nContent-Type: text/plain; charset=utf-8\n\n" + body % text +
                    '\n--BB\nContent-Type: text/plain; charset=utf-8; name="%s"\nContent-Disposition: attachment; filename="%s"\n\n' % (name, name) +
                    attached + "\n--BB--\n", 'Content-Type: multipart/mixed; boundary="BB"\n\n')
comments = ("Comments of the ISOC delegation\n\nSection 2: we object to requiring the chat for questions, since many join by phone.\n\n"
            "Section 3: the summary should be out within three working days, not two weeks.\n")
study = "How members join meetings\n\nA survey of 300 members.\n\nMost members join by phone. Few use the chat. The survey ran in 2023 across twelve countries.\n"
ml.write(sys.argv[1], [
    mixed("Jo Park <jo@isoc.example>", "j1@a.example",
          "Our detailed comments on sections 2 and 3 are in the attached document.", "comments.txt", comments),
    mixed("Kim Ito <kim@a.example>", "k1@a.example",
          "The attached study from our members shows how people join meetings.", "study.txt", study)])
PY
AD="$T/a.db"
$RP --db "$AD" import --list wg "$T/a/list.mbox" >/dev/null 2>&1
$RP --db "$AD" draft add "$T/a/draft.txt" --list wg --circulated circ@list.example >/dev/null 2>&1
$RP --db "$AD" points --json 1 >"$T/p.json"
check_eq "comments announced in a long reply: the body's points, then the attachment's" \
	"$(pts j1@a.example)" "1 support body | I fully support
general note body | I am less
2 object attachment comments.txt | Section 2: we
3 amend attachment comments.txt | Section 3: the"
check "an attached study a long reply only cites: no point from it" \
	sh -c "! grep -q 'attachment study.txt' '$T/p.json'"

# The draft sent back as a Word copy with the member's comments and tracked changes: each
# comment and each paragraph's changes is a point of hers, under the text it marks; the
# marks the circulated draft already had (the secretariat's change, another reader's
# comment) are not hers.
for kind in docx odt; do
mkdir -p "$T/rv"
python3 - "$T/rv/list.mbox" "$FIX/drafts/draft-report-v3.$kind" "$FIX/drafts/draft-report-v3-reviewed.$kind" $kind <<'PY'
import base64, sys
kind = sys.argv[4]
mime = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "odt": "application/vnd.oasis.opendocument.text"}[kind]
def msg(sender, mid, subject, parent, text, name, path):
    data = base64.encodebytes(open(path, "rb").read()).decode()
    head = "From x@y Mon Nov 23 09:00:00 2026\nFrom: %s\nTo: wg@lists.example\nSubject: %s\n" % (sender, subject)
    head += "Date: Mon, 23 Nov 2026 %s +0000\nMessage-ID: <%s>\n" % ("09:00:00" if not parent else "11:00:00", mid)
    if parent:
        head += "In-Reply-To: <%s>\nReferences: <%s>\n" % (parent, parent)
    return (head + 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="BB"\n\n'
            "--BB\nContent-Type: text/plain; charset=utf-8\n\n" + text + "\n"
            "--BB\nContent-Type: %s; "
            'name="%s"\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename="%s"\n\n%s'
            "--BB--\n\n" % (mime, name, name, data))
open(sys.argv[1], "w").write(
    msg("Secretariat <sec@wg.example>", "call@wg.example", "[wg] Draft report v3 for comments", None,
        "Dear all,\n\nPlease find the draft report attached. Comments by 15 December.\n\nSecretariat\n",
        "draft-report-v3." + kind, sys.argv[2]) +
    msg("Ana Souza <ana@wg.example>", "ana@wg.example", "Re: [wg] Draft report v3 for comments", "call@wg.example",
        "Dear all,\n\nPlease find attached the draft with my comments and suggested changes in track changes.\n\nAna\n",
        "draft-report-v3-AS." + kind, sys.argv[3]))
PY
RV="$T/rv-$kind.db"
$RP --db "$RV" import --list wg "$T/rv/list.mbox" >/dev/null 2>&1
$RP --db "$RV" draft add --from-message call@wg.example >/dev/null 2>&1
$RP --db "$RV" points --json 1 >"$T/p.json"
check_eq "a copy returned with comments and tracked changes ($kind): her marks, each where it is" \
	"$(pts ana@wg.example)" \
	"3 question attachment draft-report-v3-AS.$kind | Which communities? Small
3.4 amend attachment draft-report-v3-AS.$kind | Add \"and students
3.9.1 amend attachment draft-report-v3-AS.$kind | Replace \"two\" with
Recommendation 4 amend attachment draft-report-v3-AS.$kind | Delete \"for intersessional"
check_rc "check Ana ($kind): captured, exit 0" 0 "$RP" --db "$RV" check ana@wg.example
check "check Ana ($kind): 4 of 4 captured" grep -q '^4 of 4 captured' "$T/out"
done

# A copy edited in place, changes not tracked ("I have edited the text directly"): what it
# changes, adds and drops, each an edit under the draft's paragraph; a list number Word
# renumbered after a dropped item is no edit.
python3 - "$T/ed.mbox" "$FIX/drafts/draft-report-v3.docx" "$FIX/drafts/draft-report-v3-edited.docx" <<'PY'
import base64, sys
def msg(sender, mid, subject, parent, text, name, path):
    data = base64.encodebytes(open(path, "rb").read()).decode()
    head = "From x@y Mon Nov 23 09:00:00 2026\nFrom: %s\nTo: wg@lists.example\nSubject: %s\n" % (sender, subject)
    head += "Date: Mon, 23 Nov 2026 %s +0000\nMessage-ID: <%s>\n" % ("09:00:00" if not parent else "11:00:00", mid)
    if parent:
        head += "In-Reply-To: <%s>\nReferences: <%s>\n" % (parent, parent)
    return (head + 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="BB"\n\n'
            "--BB\nContent-Type: text/plain; charset=utf-8\n\n" + text + "\n"
            "--BB\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; "
            'name="%s"\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename="%s"\n\n%s'
            "--BB--\n\n" % (name, name, data))
open(sys.argv[1], "w").write(
    msg("Secretariat <sec@wg.example>", "call@wg.example", "[wg] Draft report v3 for comments", None,
        "Dear all,\n\nPlease find the draft report attached. Comments by 15 December.\n\nSecretariat\n",
        "draft-report-v3.docx", sys.argv[2]) +
    msg("Bo Lind <bo@wg.example>", "bo@wg.example", "Re: [wg] Draft report v3 for comments", "call@wg.example",
        "Hi,\n\nI have edited the text directly, see attached.\n\nBo\n", "draft-report-v3-BL.docx", sys.argv[3]))
PY
ED="$T/ed.db"
$RP --db "$ED" import --list wg "$T/ed.mbox" >/dev/null 2>&1
$RP --db "$ED" draft add --from-message call@wg.example >/dev/null 2>&1
$RP --db "$ED" points --json 1 >"$T/p.json"
check_eq "a copy edited without tracked changes: its edits, each where it is" \
	"$(python3 -c 'import json, sys
for p in json.load(open(sys.argv[1]))["points"]:
    print(",".join(a["section"] for a in p["anchors"]), p["stance"]["label"], "|", p["text"][:60].rstrip())' "$T/p.json")" \
	"3.4 amend | Add \"and students from developing countries.\" after \"should
3.4 amend | Add the paragraph \"Mentoring should pair newcomers with expe
3.9.1 amend | Replace \"two\" with \"three\" in \"rotate every two years\".
Recommendation 3 amend | Delete the paragraph \"Recommendation 3: Report on the use of"
check_rc "check Bo: captured" 0 "$RP" --db "$ED" check bo@wg.example
