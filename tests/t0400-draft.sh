#!/bin/sh
# t0400-draft: `rapporteur draft add|list|show` end to end: each draft format, JSON shapes,
# --revises, --from-message (body and attachment) with the answering messages, usage errors.
. tests/lib.sh
DB=$T/rp.db
D=$FIX/drafts

# The list dc has no mail in the store yet: the config describes it, so a draft may name it.
printf '[server s]\nhost = imap.example.org\n\n[list dc]\nfolder = DC\n' >"$T/dc.cfg"
check_rc "draft add Markdown" 0 "$RP" --config "$T/dc.cfg" --db "$DB" draft add --json "$D/wgs-feedback.md" --list dc
check_eq "add --json gives the id" "$(jget "$T/out" '["id"]')" 1
check_eq "add --json gives the section count" "$(jget "$T/out" '["sections"]')" 22

check_rc "draft show --json" 0 "$RP" --db "$DB" draft show --json 1
check_eq "section 3.9 is Issue teams" \
	"$(jget "$T/out" '["sections"][[s["number"] for s in d["sections"]].index("3.9")]["heading"]')" \
	"Issue teams"
check_eq "Markdown has no pages" "$(jget "$T/out" '["sections"][1]["pages"]')" None
check_eq "parent of 3.10 is 3" \
	"$(jget "$T/out" '["sections"][[s["number"] for s in d["sections"]].index("3.10")]["parent"]')" 3

check_rc "draft add pdftotext -layout output" 0 "$RP" --db "$DB" draft add --json "$D/wgs-feedback-layout.txt" --revises 1
check_eq "a revision is version 2" "$(jget "$T/out" '["version"]')" 2
check_rc "show the layout draft" 0 "$RP" --db "$DB" draft show --json 2
check_eq "section 3.9 is on page 4" \
	"$(jget "$T/out" '["sections"][[s["number"] for s in d["sections"]].index("3.9")]["pages"]')" "[4, 4]"
check_eq "recommendation 4 runs over pages 5-6" \
	"$(jget "$T/out" '["sections"][[s["number"] for s in d["sections"]].index("Recommendation 4")]["pages"]')" "[5, 6]"

for f in wgs-feedback.rst wgs-feedback.txt; do
	check_rc "draft add $f" 0 "$RP" --db "$DB" draft add "$D/$f" --deadline 2026-12-15
	check "plain output names the new draft" grep -qi '^draft [0-9]*: DC feedback' "$T/out"
done
check_rc "show the plain-text draft" 0 "$RP" --db "$DB" draft show --json 4
check_eq "a numbered paragraph's first line is in its text once" \
	"$(jget "$T/out" '["sections"][[s["number"] for s in d["sections"]].index("3.9(a)")]["text"]')" \
	"Issue teams should be small, with no more than twelve members."
check_rc "draft list --json" 0 "$RP" --db "$DB" draft list --json
check_eq "four drafts listed" "$(jget "$T/out" '["drafts"].__len__()')" 4
check_eq "deadline kept as a day" "$(jget "$T/out" '["drafts"][2]["deadline"]')" 2026-12-15
check_rc "draft list (text)" 0 "$RP" --db "$DB" draft list
check "text list has a header and four rows" test "$(wc -l <"$T/out")" -eq 5
# An empty draft (a file saved before it was written, blank lines only) is refused: it was
# stored as an "untitled draft" of 0 sections.
printf ' \n\n\t\n' >"$T/blank.md"
check_rc "an empty draft file is refused" 9 "$RP" --db "$DB" draft add "$T/blank.md"
check "... saying it is empty, naming the file" grep -q "blank.md: no text: the draft is empty" "$T/err"
check_eq "... and nothing was stored" "$(sqlite3 "$DB" 'select count(*) from draft')" 4
# A title and nothing under it is no draft either (a subject line piped in, a title and a
# signature): refused, exit 9 as for an empty file. They were stored with 0 sections. One
# paragraph without headings is a draft of one unnumbered section.
check_rc "a title alone is refused" 9 sh -c 'printf "Strategy paper\n" | "$1" --db "$2" draft add -' sh "$RP" "$DB"
check "... saying it has no sections, naming the title" \
	grep -q "^rapporteur: -: no sections: after its title ('Strategy paper') the text has no heading, no numbered section and 0 characters of text" "$T/err"
printf 'Strategy paper\n\nThanks,\nSec\n' >"$T/signed.txt"
check_rc "a title and a signature are refused" 9 "$RP" --db "$DB" draft add "$T/signed.txt"
check "... counting the characters of text" grep -q "signed.txt: no sections: .* and 11 characters of text" "$T/err"
check_eq "... and nothing was stored" "$(sqlite3 "$DB" 'select count(*) from draft')" 4
printf 'Just one paragraph of text with no headings at all.\n' >"$T/para.txt"
check_rc "one paragraph without headings is a draft" 0 "$RP" --db "$T/para.db" draft add --json "$T/para.txt"
check_eq "... of one section" "$(jget "$T/out" '["sections"]')" 1
check_rc "... in text" 0 "$RP" --db "$T/para2.db" draft add "$T/para.txt"
check "... says \"1 section\"" grep -q "^draft 1: .*(version 1, 1 section)$" "$T/out"
check_rc "... draft show of it" 0 "$RP" --db "$T/para2.db" draft show 1
check "... says \"1 section\" too" grep -q "^draft 1: .*(version 1, 1 section)$" "$T/out"
check_rc "draft show (text)" 0 "$RP" --db "$DB" draft show 2
check "text outline shows pages" grep -q '3.9 *Issue teams  (p. 4)' "$T/out"

# A circulated draft: the message carries the draft as a text attachment; one reply.
python3 - "$DB" "$D/wgs-feedback.txt" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
draft = open(sys.argv[2]).read()
c = db.cursor()
c.execute("INSERT INTO list (name) VALUES ('dc-coord')")
lid = c.lastrowid
rows = [("circ@dc.example", 1795000000, "[DC] DC feedback on the Working Group on Strategy paper",
         "Dear all,\n\nplease find the draft attached.\n\nBest, Markus", None),
        ("reply@dc.example", 1795086400, "Re: [DC] DC feedback on the Working Group on Strategy paper",
         "I support section 3.9.", "circ@dc.example"),
        ("other@dc.example", 1795086400, "Hotel booking", "Any tips?", None),
        ("inline@dc.example", 1794900000, "Draft for comment", draft, None)]
for i, (mid, date, subj, body, irt) in enumerate(rows):
    c.execute("INSERT INTO raw (hash, bytes) VALUES (?, ?)", ("h%d" % i, body.encode()))
    c.execute("INSERT INTO message (message_id, hash, list_id, date, subject, body, in_reply_to, size, imported_at)"
              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)", (mid, "h%d" % i, lid, date, subj, body, irt, len(body)))
    if i == 0:
        c.execute("INSERT INTO attachment (message, ordinal, name, type, size, text) VALUES (?, 1, 'draft.txt', 'text/plain', ?, ?)",
                  (c.lastrowid, len(draft), draft))
db.commit()
PY
check_rc "draft add --from-message (attachment)" 0 "$RP" --db "$DB" draft add --json --from-message '<circ@dc.example>' --deadline 2026-11-30
check_eq "sections come from the attachment" "$(jget "$T/out" '["sections"]')" 24
check_eq "title from the attached draft" "$(jget "$T/out" '["title"]')" "DC FEEDBACK ON THE WORKING GROUP ON STRATEGY PAPER"
check_eq "the reply answers the draft" "$(jget "$T/out" '["messages"]')" 1
check_rc "draft add --from-message (body)" 0 "$RP" --db "$DB" draft add --json --from-message inline@dc.example --title "Inline draft"
check_eq "sections come from the body" "$(jget "$T/out" '["sections"]')" 24
check_rc "show the circulated draft" 0 "$RP" --db "$DB" draft show --json 5
check_eq "circulating message recorded" "$(jget "$T/out" '["circulated"]')" circ@dc.example
check_eq "its list recorded" "$(jget "$T/out" '["list"]')" dc-coord

check_rc "unknown message" 8 "$RP" --db "$DB" draft add --from-message nobody@example.org

# A draft circulated in the body ends with the chair's sign-off, signature and the list's
# footer: they are not the text of its last section (an appendix here).
cat >"$T/body.mbox" <<'MBOX'
From x@y Mon Mar  2 09:05:12 2026
From: Hannah Berger <hannah@wg.example>
To: wg@lists.example
Subject: [wg] Call for comments: draft charter
Date: Mon, 2 Mar 2026 09:05:12 +0100
Message-ID: <charter@wg.example>
Content-Type: text/plain; charset=UTF-8

Dear all,

Below is the first draft of our charter.

# Charter of the Metrics Working Group

## 1 Scope

The WG develops exposition formats for metrics.

## Appendix A: Glossary

- Exporter: software that exposes metrics.
- Collector: software that pulls metrics.

Best regards,
Hannah
-- 
Hannah Berger, WG chair

_______________________________________________
wg mailing list
wg@lists.example
https://lists.example/mailman/listinfo/wg

MBOX
$RP --db "$T/body.db" import --list wg "$T/body.mbox" >/dev/null 2>&1
check_rc "draft add --from-message, a draft in the body with a sign-off and footer" 0 \
	"$RP" --db "$T/body.db" draft add --from-message charter@wg.example
check_rc "... draft show" 0 "$RP" --db "$T/body.db" draft show --json 1
check_eq "the appendix ends with its own text, without sign-off, signature or footer" \
	"$(python3 -c 'import json, sys; print(repr(json.load(open(sys.argv[1]))["sections"][-1]["text"]))' "$T/out")" \
	"'- Exporter: software that exposes metrics.\\n- Collector: software that pulls metrics.'"
# The mail's greeting and cover line above the document's title heading are no part of the
# draft: they were its preamble, and the subject its title.
check_eq "the title is the document's heading, the cover note is no section" \
	"$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(d["title"], "|", [s["number"] or s["heading"] for s in d["sections"]])' "$T/out")" \
	"Charter of the Metrics Working Group | ['1', 'A']"
check_eq "... nor in the draft's text" \
	"$(sqlite3 "$T/body.db" "SELECT instr(text, 'Dear all') || ' ' || instr(text, '# Charter of the Metrics') FROM draft WHERE id = 1")" "0 1"
check_rc "unknown draft" 8 "$RP" --db "$DB" draft show 99
check_rc "revising an unknown draft" 8 "$RP" --db "$DB" draft add "$D/wgs-feedback.md" --revises 99
check_rc "no FILE" 2 "$RP" --db "$DB" draft add
check_rc "bad deadline" 2 "$RP" --db "$DB" draft add "$D/wgs-feedback.md" --deadline tomorrow
# A day the month does not have was rolled over into the next month (2024-02-30 became
# 2024-03-01): a usage error naming the value, as for threads --since.
# A year before 1970 was stored as a negative time and shown as 0000-00-00.
for day in 2024-02-30 2024-04-31 2023-02-29 0000-01-01 1969-12-31; do
	check_rc "deadline $day: no such day" 2 "$RP" --db "$DB" draft add "$D/wgs-feedback.md" --deadline $day
	check "... named in the error" grep -q "^rapporteur draft: --deadline wants a date YYYY-MM-DD from 1970 on that the calendar has, not '$day'" "$T/err"
done
check_rc "deadline 2024-02-29, a leap day" 0 "$RP" --db "$T/leap.db" draft add --json "$D/wgs-feedback.md" --deadline 2024-02-29
check_rc "draft list of the leap-day draft" 0 "$RP" --db "$T/leap.db" draft list --json
check_eq "... kept as that day" "$(jget "$T/out" '["drafts"][0]["deadline"]')" 2024-02-29
check_rc "threads --since a day that does not exist" 2 "$RP" --db "$DB" threads --since 2024-04-31
# --list naming a list neither the store nor the config knows (a typo) made a new, empty
# list: refused, not found, naming the lists there are.
check_rc "--list naming no known list" 8 "$RP" --db "$DB" draft add "$D/wgs-feedback.md" --list nolist
check "... says so, listing the known lists" \
	grep -q "no list named 'nolist' in the store or the config (known lists: dc, dc-coord); import or fetch its mail first" "$T/err"
check_eq "... and creates no list" "$(sqlite3 "$DB" "select count(*) from list where name = 'nolist'")" 0
check_rc "unknown subcommand" 2 "$RP" --db "$DB" draft frobnicate
check_rc "missing file" 8 "$RP" --db "$DB" draft add "$T/nonexistent.md"
# A failed draft add on a new database path (a typo in --db, a draft file not there yet)
# leaves no empty store behind; an existing store is kept as it was.
check_rc "missing file, new database" 8 "$RP" --db "$T/typo/new.db" draft add "$T/nonexistent.md"
check "... creates no database" [ ! -e "$T/typo/new.db" ] && [ ! -e "$T/typo/new.db-wal" ] && [ ! -e "$T/typo/new.db-shm" ]
check_rc "an empty draft, new database" 9 "$RP" --db "$T/typo/new.db" draft add /dev/null
check "... creates no database either" [ ! -e "$T/typo/new.db" ]
check_rc "help" 0 "$RP" --db "$DB" draft --help
check "help mentions pdftotext" grep -q pdftotext "$T/out"
check_rc "nothing half-written by failures" 0 "$RP" --db "$DB" draft list --json
check_eq "still six drafts" "$(jget "$T/out" '["drafts"].__len__()')" 6

# A draft attached as application/octet-stream with a .md name is read as text. A legacy
# .doc is refused, naming it, rather than its cover note taken for the draft (--body takes
# the body all the same).
cat >"$T/att.mbox" <<'MBOX'
From chair@example.org Mon Jun  7 09:00:00 2021
From: Chair <chair@example.org>
Subject: Draft strategy paper
Date: Mon, 07 Jun 2021 09:00:00 +0000
Message-ID: <octet@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

Dear all, please find our draft attached. Comments by Friday.

--b1
Content-Type: application/octet-stream; name="strategy.md"
Content-Disposition: attachment; filename="strategy.md"
Content-Transfer-Encoding: base64

IyBTdHJhdGVneSBwYXBlcgoKIyMgMS4gR29hbHMKCldlIHdpbGwgZ3Jvdy4KCiMjIDIuIE1lYW5z
CgpXZSB3aWxsIHNwZW5kLgo=
--b1--

From chair@example.org Mon Jun  7 10:00:00 2021
From: Chair <chair@example.org>
Subject: Draft budget
Date: Mon, 07 Jun 2021 10:00:00 +0000
Message-ID: <doc@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b2"

--b2
Content-Type: text/plain; charset=utf-8

Dear all, the draft budget is attached as a Word file.

--b2
Content-Type: application/msword; name="budget.doc"
Content-Disposition: attachment; filename="budget.doc"
Content-Transfer-Encoding: base64

0M8R4KGxGuEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
--b2--

From chair@example.org Mon Jun  7 10:30:00 2021
From: Chair <chair@example.org>
Subject: Draft budget v2
Date: Mon, 07 Jun 2021 10:30:00 +0000
Message-ID: <cover@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b7"

--b7
Content-Type: text/plain; charset=utf-8

Cover note: please see attached.

--b7
Content-Type: application/msword; name="budget-v2.doc"
Content-Disposition: attachment; filename="budget-v2.doc"
Content-Transfer-Encoding: base64

0M8R4KGxGuEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
--b7--
MBOX
$RP --db "$T/att.db" import "$T/att.mbox" >/dev/null 2>&1
check_rc "draft add from an octet-stream .md attachment" 0 $RP --db "$T/att.db" draft add --json --from-message octet@example.org
check_eq "its two sections were read" "$(jget "$T/out" '["sections"]')" 2
check_eq "titled by the attachment's title" "$(jget "$T/out" '["title"]')" "Strategy paper"
check_rc "draft add from a message carrying a .doc: refused" 2 $RP --db "$T/att.db" draft add --from-message doc@example.org
check "the refusal names the attachment and the way out" grep -q "attachment 'budget.doc' of <doc@example.org> is a legacy word-processor file.*save it as .docx, .odt or PDF.*--body" "$T/err"
check_eq "no draft stored for it" "$(sqlite3 "$T/att.db" "select count(*) from draft where circulated = 'doc@example.org'")" 0
check_rc "--body takes the body all the same" 0 $RP --db "$T/att.db" draft add --from-message doc@example.org --body
check_rc "--body, but the body is a one-line cover note: refused" 9 $RP --db "$T/att.db" draft add --from-message cover@example.org --body
check "the refusal names the body and says it looks like a cover note" \
	grep -q "the body of <cover@example.org>: no sections: after its title ('Cover note: please see attached.') .*is the body a cover note? Add the draft from its file: rapporteur draft add FILE --circulated cover@example.org" "$T/err"
check_eq "no draft stored for the cover note" "$(sqlite3 "$T/att.db" "select count(*) from draft where circulated = 'cover@example.org'")" 0
printf '{\\rtf1\\ansi Draft}' >"$T/old.rtf"
check_rc "an RTF draft file: refused" 2 $RP --db "$T/att.db" draft add "$T/old.rtf"
check "the refusal names the file and the way out" grep -q "old.rtf: a legacy word-processor file.*save it as .docx" "$T/err"
# A file that is no text (random bytes, an image renamed .md) is refused, naming the file and
# what is wrong, exit 2 as for a legacy .doc: it was stored titled with its control bytes.
python3 -c 'import random, sys; random.seed(7); sys.stdout.buffer.write(bytes(random.randrange(256) for _ in range(5000)))' >"$T/junk.md"
check_rc "a binary file: refused" 2 $RP --db "$T/att.db" draft add "$T/junk.md"
check "the refusal names the file and counts its control bytes" \
	grep -q "junk.md: not a text document: [0-9]* control bytes in the first 4 KB; give a .md, .txt, .docx, .odt or PDF" "$T/err"
check_rc "a binary file on stdin: refused" 2 sh -c '"$1" --db "$2" draft add - <"$3"' sh "$RP" "$T/att.db" "$T/junk.md"
{
	printf 'From chair@example.org Mon Jun  7 09:30:00 2021\nFrom: Chair <chair@example.org>\n'
	printf 'Subject: Draft notes\nDate: Mon, 07 Jun 2021 09:30:00 +0000\nMessage-ID: <junk@example.org>\n'
	printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b6"\n\n--b6\n'
	printf 'Content-Type: text/plain\n\nDear all, our notes are attached.\n\n--b6\n'
	printf 'Content-Type: application/octet-stream; name="notes.md"\nContent-Transfer-Encoding: base64\n\n'
	base64 "$T/junk.md"
	printf -- '--b6--\n'
} >"$T/junk.mbox"
$RP --db "$T/junk.db" import "$T/junk.mbox" >/dev/null 2>&1
check_rc "a binary .md attachment: refused" 2 $RP --db "$T/junk.db" draft add --from-message junk@example.org
check "the refusal names the attachment" grep -q "attachment 'notes.md' of <junk@example.org>: not a text document: [0-9]* control bytes" "$T/err"
printf 'Notes\n\000\n1. Scope\n\nText.\n' >"$T/nul.txt"
check_rc "a NUL byte: refused" 2 $RP --db "$T/att.db" draft add "$T/nul.txt"
check_eq "no draft stored for them" "$(sqlite3 "$T/att.db" "select count(*) from draft where source in ('-') or source like '%junk.md' or source like '%nul.txt'")" 0
printf '<!DOCTYPE html>\n<html><body><h1>Budget</h1><h2>1. Income</h2><p>Fees &amp; grants.</p><h2>2. Spending</h2><p>Travel.</p></body></html>\n' >"$T/draft.html"
check_rc "an HTML draft file" 0 $RP --db "$T/att.db" draft add --json "$T/draft.html"
check_eq "its numbered sections were read" "$(jget "$T/out" '["sections"]')" 2
# A page saved from a site: the title is the <h1>'s (the <title> shorter, a "Contents" link
# first), the navigation and the footer are no part of the draft, and a table row's cells
# are joined as in .docx and .odt drafts.
cat >"$T/page.html" <<'HTML'
<!DOCTYPE html><html><head><title>Draft report</title><style>p{margin:0}</style></head><body>
<nav><a href="#s1">Contents</a></nav>
<h1>Draft report on meaningful connectivity in rural areas</h1>
<h2 id="s1">1 Introduction</h2><p>This report summarises the work of 2024 &amp; 2025.</p>
<h2>2 Recommendations</h2><p>Governments should reserve spectrum.</p>
<table><tr><td>Country</td><td>Operators</td></tr><tr><td>Ghana</td><td>12</td></tr></table>
<footer>&copy; PNCC 2025</footer>
</body></html>
HTML
check_rc "an HTML page as draft" 0 $RP --db "$T/att.db" draft add --json "$T/page.html"
pg=$(jget "$T/out" '["id"]')
check_eq "its title is the <h1>'s" "$(jget "$T/out" '["title"]')" "Draft report on meaningful connectivity in rural areas"
$RP --db "$T/att.db" draft show --json "$pg" >"$T/page.json"
check_eq "no preamble, no footer section: the two numbered sections only" \
	"$(python3 -c 'import json,sys; print([s["number"] for s in json.load(open(sys.argv[1]))["sections"]])' "$T/page.json")" \
	"['1', '2']"
check "the table row's cells joined with ' | '" grep -q 'Country | Operators\\nGhana | 12' "$T/page.json"
check "the footer left out" sh -c "! grep -q 'PNCC 2025' '$T/page.json'"
# A draft saved in Latin-1 or windows-1252 by an older editor is read as windows-1252: its
# accented letters and typographic quotes are kept (they were U+FFFD), and the user is told.
printf '# Projet\n\n## 1. R\351sum\351\n\nLe caf\351 co\373te \223cher\224.\n\n## 2. Suite\n\nFin.\n' >"$T/latin1.md"
check_rc "a Latin-1 draft file" 0 $RP --db "$T/att.db" draft add --json "$T/latin1.md"
check "the user is told how it was read" grep -q "latin1.md: not UTF-8; read as windows-1252 (Latin-1)" "$T/err"
l1=$(jget "$T/out" '["id"]')
check_eq "its heading keeps its accents" \
	"$(sqlite3 "$T/att.db" "select heading from section where draft = $l1 and number = '1'")" "Résumé"
check_eq "its text keeps its letters and quotes" \
	"$(sqlite3 "$T/att.db" "select text from section where draft = $l1 and number = '1'")" "Le café coûte “cher”."

# PDF drafts, read through pdftotext -layout: sections and printed pages, from a file and
# from a message's attachment sent as application/pdf or application/octet-stream. An
# unreadable PDF is refused naming it, exit 9 as for other input that cannot be read.
check_rc "draft add a PDF" 0 "$RP" --db "$T/pdf.db" draft add --json "$D/wgs-feedback.pdf"
check_eq "the PDF's sections were read" "$(jget "$T/out" '["sections"]')" 24
check_eq "the PDF has pages" "$(jget "$T/out" '["pages"]')" True
check_rc "show the PDF draft" 0 "$RP" --db "$T/pdf.db" draft show --json 1
check_eq "3.9 runs over printed pages 3-4" \
	"$(jget "$T/out" '["sections"][[s["number"] for s in d["sections"]].index("3.9")]["pages"]')" "[3, 4]"
check_eq "recommendation 4 is on page 5" \
	"$(jget "$T/out" '["sections"][[s["number"] for s in d["sections"]].index("Recommendation 4")]["pages"]')" "[5, 5]"
pdf_message() { # MESSAGE-ID TYPE NAME FILE
	printf 'From chair@example.org Mon Jun  7 11:00:00 2021\nFrom: Chair <chair@example.org>\n'
	printf 'Subject: Draft report\nDate: Mon, 07 Jun 2021 11:00:00 +0000\nMessage-ID: <%s>\n' "$1"
	printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b3"\n\n--b3\n'
	printf 'Content-Type: text/plain; charset=utf-8\n\nDear all, the draft report is attached.\n\n'
	printf -- '--b3\nContent-Type: %s; name="%s"\nContent-Disposition: attachment; filename="%s"\n' "$2" "$3" "$3"
	printf 'Content-Transfer-Encoding: base64\n\n'
	base64 "$4"
	printf -- '--b3--\n\n'
}
{
	pdf_message pdf@example.org application/pdf report.pdf "$D/wgs-feedback.pdf"
	pdf_message octet-pdf@example.org application/octet-stream report.pdf "$D/wgs-feedback.pdf"
	pdf_message cut-pdf@example.org application/pdf x.pdf "$D/wgs-feedback-truncated.pdf"
} >"$T/pdf.mbox"
$RP --db "$T/pdf.db" import "$T/pdf.mbox" >/dev/null 2>&1
n=1
for m in pdf octet-pdf; do
	n=$((n + 1))
	check_rc "draft add --from-message, the PDF attached ($m)" 0 "$RP" --db "$T/pdf.db" draft add --json --from-message "$m@example.org"
	check_eq "the attached PDF's sections ($m)" "$(jget "$T/out" '["sections"]')" 24
	check_eq "the attached PDF has pages ($m)" "$(jget "$T/out" '["pages"]')" True
	check_rc "show the attached PDF draft ($m)" 0 "$RP" --db "$T/pdf.db" draft show --json $n
	check_eq "its 3.9 is on printed pages 3-4 ($m)" \
		"$(jget "$T/out" '["sections"][[s["number"] for s in d["sections"]].index("3.9")]["pages"]')" "[3, 4]"
done
check_rc "a damaged PDF attachment: refused" 9 "$RP" --db "$T/pdf.db" draft add --from-message cut-pdf@example.org
check "the refusal names the attachment and the damage" grep -q "attachment 'x.pdf' of <cut-pdf@example.org>: the PDF is cut short" "$T/err"
check_eq "no draft stored for it" "$(sqlite3 "$T/pdf.db" "select count(*) from draft where circulated = 'cut-pdf@example.org'")" 0
printf '%%PDF-1.4\nnot a PDF body\n%%%%EOF\n' >"$T/bad.pdf"
check_rc "a damaged PDF file: refused" 9 "$RP" --db "$T/pdf.db" draft add "$T/bad.pdf"
check "the refusal names the file and what pdftotext said" grep -q "bad.pdf: a damaged PDF: pdftotext could not read it (exit status 1: .*xref" "$T/err"
check_rc "a scanned PDF: refused" 9 "$RP" --db "$T/pdf.db" draft add "$D/wgs-feedback-scan.pdf"
check "the refusal says to run OCR" grep -q "wgs-feedback-scan.pdf: the PDF has no text layer.*OCR" "$T/err"
check_rc "an encrypted PDF: refused" 9 "$RP" --db "$T/pdf.db" draft add "$D/wgs-feedback-encrypted.pdf"
check "the refusal says it is encrypted" grep -q "wgs-feedback-encrypted.pdf: the PDF is encrypted with a password" "$T/err"
# Without pdftotext on PATH the error says what to install; a pdftotext that hangs is
# killed at $RAPPORTEUR_PDF_TIMEOUT.
check_rc "no pdftotext on PATH" 9 env PATH=/nonexistent "$RP" --db "$T/pdf.db" draft add "$D/wgs-feedback.pdf"
check "the error says to install poppler-utils" grep -q "wgs-feedback.pdf: cannot read a PDF: pdftotext is not installed.*install poppler-utils" "$T/err"
mkdir -p "$T/slow"
printf '#!/bin/sh\nexec sleep 30\n' >"$T/slow/pdftotext"
chmod +x "$T/slow/pdftotext"
start=$(date +%s)
check_rc "a pdftotext that hangs" 9 env PATH="$T/slow:$PATH" RAPPORTEUR_PDF_TIMEOUT=1 "$RP" --db "$T/pdf.db" draft add "$D/wgs-feedback.pdf"
check "it is stopped at the timeout" test $(($(date +%s) - start)) -lt 10
check "the error names the time limit" grep -q "did not finish reading the PDF within 1 s.*RAPPORTEUR_PDF_TIMEOUT" "$T/err"
check_eq "only the three readable PDFs stored" "$(sqlite3 "$T/pdf.db" "select count(*) from draft")" 3

# A draft circulated in a list message ends with the list's footer under a "_____" rule:
# the paragraph above the rule is no Setext heading, and the numbered sections stay.
printf 'Strategy feedback\n\n1. Introduction\n\nWe welcome the paper.\n\n2. Issue teams\n\nWe support issue teams.\n_______________________________________________\nYou are receiving this because you are on the list.\nhttps://lists.example.org/mailman/listinfo/wg\n' >"$T/footer.txt"
check_rc "a draft ending in a list footer" 0 $RP --db "$T/footer.db" draft add --json "$T/footer.txt"
check_eq "both numbered sections found" "$(jget "$T/out" '["sections"]')" 2
# Unnumbered subsections: the parent is the enclosing heading, numbered or not.
printf '# 1. Introduction\n\nIntro.\n\n## Background\n\nBack.\n\n### History\n\nOld.\n\n# 2. Scope\n\nAll.\n' >"$T/sub.md"
check_rc "draft add unnumbered subsections" 0 "$RP" --db "$T/sub.db" draft add --json "$T/sub.md"
sub=$(jget "$T/out" '["id"]')
check_rc "show unnumbered subsections" 0 "$RP" --db "$T/sub.db" draft show --json "$sub"
check_eq "an unnumbered subsection's parent is its numbered section" \
	"$(jget "$T/out" '["sections"][[s["heading"] for s in d["sections"]].index("Background")]["parent"]')" 1
check_eq "an unnumbered section's child names it by its heading" \
	"$(jget "$T/out" '["sections"][[s["heading"] for s in d["sections"]].index("History")]["parent"]')" Background
check_eq "a top-level section has no parent" \
	"$(jget "$T/out" '["sections"][[s["heading"] for s in d["sections"]].index("Scope")]["parent"]')" None

# Word and OpenDocument drafts: the numbers Word and LibreOffice generate (outline-numbered
# headings, numbered paragraphs, "Recommendation N" items) become section numbers.
cp "$D/draft-report-v3.docx" "$T/Draft report v3.docx"
check_rc "draft add a .docx" 0 "$RP" --db "$T/office.db" draft add --json "$T/Draft report v3.docx"
check_eq "its sections were read" "$(jget "$T/out" '["sections"]')" 24
check_eq "titled by its Title paragraph" "$(jget "$T/out" '["title"]')" "Draft report of the Working Group on Strategy"
docx=$(jget "$T/out" '["id"]')
check_rc "show the .docx draft" 0 "$RP" --db "$T/office.db" draft show --json "$docx"
check_eq "section 3.9 of the .docx is Issue teams" \
	"$(jget "$T/out" '["sections"][[s["number"] for s in d["sections"]].index("3.9")]["heading"]')" \
	"Issue teams"
check_eq "3.10 follows 3.9 under 3" \
	"$(jget "$T/out" '["sections"][[s["number"] for s in d["sections"]].index("3.10")]["parent"]')" 3
check_eq "a numbered paragraph 3.9.1 under 3.9" \
	"$(jget "$T/out" '["sections"][[s["number"] for s in d["sections"]].index("3.9.1")]["parent"]')" 3.9
check_eq "Recommendation 4 is a section, under 4" \
	"$(jget "$T/out" '["sections"][[s["number"] for s in d["sections"]].index("Recommendation 4")]["parent"]')" 4
check_eq "a tracked deletion is not in the draft" \
	"$(jget "$T/out" '["sections"][[s["number"] for s in d["sections"]].index("1.2")]["text"].split("\n")[0]')" \
	"We held twelve meetings."
check_rc "draft add an .odt" 0 "$RP" --db "$T/office.db" draft add --json "$D/draft-report-v3.odt"
check_eq "the .odt has the same sections" "$(jget "$T/out" '["sections"]')" 24
check_rc "show the .odt draft" 0 "$RP" --db "$T/office.db" draft show "$(jget "$T/out" '["id"]')"
check "text outline shows 3.10" grep -q '3\.10 *Selection of issue team members' "$T/out"
head -c 3000 "$D/draft-report-v3.docx" >"$T/cut.docx"
check_rc "a .docx cut short: refused" 9 "$RP" --db "$T/office.db" draft add "$T/cut.docx"
check "the refusal names the file" grep -q "cut.docx: a damaged file" "$T/err"

# A draft circulated as a Word attachment; a reply cites its sections.
python3 - "$D/draft-report-v3.docx" >"$T/docx.mbox" <<'PY'
import base64, sys
data = base64.encodebytes(open(sys.argv[1], "rb").read()).decode()
print("""From secretariat@example.org Fri Nov 20 10:00:00 2026
From: Secretariat <secretariat@example.org>
To: wg@lists.example.org
Subject: [WG] Draft report v3 for comment
Date: Fri, 20 Nov 2026 10:00:00 +0000
Message-ID: <v3@example.org>
List-Id: <wg.lists.example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b3"

--b3
Content-Type: text/plain; charset=utf-8

Dear all, please find the third draft attached. Comments by 15 December.

--b3
Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name="Draft report v3.docx"
Content-Disposition: attachment; filename="Draft report v3.docx"
Content-Transfer-Encoding: base64

%s
--b3--

From member@example.org Sat Nov 21 09:00:00 2026
From: A. Member <member@example.org>
To: wg@lists.example.org
Subject: Re: [WG] Draft report v3 for comment
Date: Sat, 21 Nov 2026 09:00:00 +0000
Message-ID: <reply@example.org>
In-Reply-To: <v3@example.org>
References: <v3@example.org>
List-Id: <wg.lists.example.org>

On 3.9 and 3.10: we support the issue teams. Recommendation 4 should name a sum.
""" % data)
PY
"$RP" --db "$T/docx.db" import "$T/docx.mbox" >/dev/null 2>&1
check_rc "draft add --from-message with a .docx attachment" 0 "$RP" --db "$T/docx.db" draft add --json --from-message v3@example.org
check_eq "sections come from the Word attachment" "$(jget "$T/out" '["sections"]')" 24
check_eq "titled by the attached draft" "$(jget "$T/out" '["title"]')" "Draft report of the Working Group on Strategy"
check_eq "the reply answers the draft" "$(jget "$T/out" '["messages"]')" 1

# A zip that is no document (logs.zip) leaves the body as the draft; of a legacy .doc and
# a PDF of the same report, the PDF is read, though the .doc is larger.
python3 - "$D/wgs-feedback.pdf" >"$T/other.mbox" <<'PY'
import base64, io, sys, zipfile
pdf = open(sys.argv[1], "rb").read()
z = io.BytesIO()
with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as f:
    f.writestr("server.log", "12:00 started\n" * 500)
doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * (len(pdf) + 10000)
def b64(b):
    return base64.encodebytes(b).decode()
print("""From chair@example.org Mon Jun  7 12:00:00 2021
From: Chair <chair@example.org>
Subject: Draft strategy paper, logs attached
Date: Mon, 07 Jun 2021 12:00:00 +0000
Message-ID: <logs@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b4"

--b4
Content-Type: text/plain; charset=utf-8

# Strategy paper

## 1. Goals

We will grow.

## 2. Means

We will spend.

--b4
Content-Type: application/zip; name="logs.zip"
Content-Disposition: attachment; filename="logs.zip"
Content-Transfer-Encoding: base64

%s
--b4--

From chair@example.org Mon Jun  7 13:00:00 2021
From: Chair <chair@example.org>
Subject: Draft report
Date: Mon, 07 Jun 2021 13:00:00 +0000
Message-ID: <doc-pdf@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b5"

--b5
Content-Type: text/plain; charset=utf-8

Dear all, the draft report is attached, as Word and as PDF.

--b5
Content-Type: application/msword; name="report.doc"
Content-Disposition: attachment; filename="report.doc"
Content-Transfer-Encoding: base64

%s
--b5
Content-Type: application/pdf; name="report.pdf"
Content-Disposition: attachment; filename="report.pdf"
Content-Transfer-Encoding: base64

%s
--b5--
""" % (b64(z.getvalue()), b64(doc), b64(pdf)))
PY
"$RP" --db "$T/other.db" import "$T/other.mbox" >/dev/null 2>&1
check_rc "draft add --from-message, a body and logs.zip" 0 "$RP" --db "$T/other.db" draft add --json --from-message logs@example.org
check_eq "the body is the draft" "$(jget "$T/out" '["sections"]')" 2
check_rc "draft add --from-message, report.doc and report.pdf" 0 "$RP" --db "$T/other.db" draft add --json --from-message doc-pdf@example.org
check_eq "the PDF is read" "$(jget "$T/out" '["sections"]')" 24
check_eq "the PDF's pages are kept" "$(jget "$T/out" '["pages"]')" True

# --from-message parses the message again under the caps of the config's [limits], those
# it was imported under: a .docx nested deeper than the default 32 levels is found.
python3 - "$D/draft-report-v3.docx" >"$T/deep.mbox" <<'PY'
import base64, sys
data = base64.encodebytes(open(sys.argv[1], "rb").read()).decode()
depth = 34
head = """From chair@example.org Mon Jun  7 14:00:00 2021
From: Chair <chair@example.org>
Subject: Draft report, forwarded many times
Date: Mon, 07 Jun 2021 14:00:00 +0000
Message-ID: <deep@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="d0"

--d0
Content-Type: text/plain; charset=utf-8

Dear all, the draft report is attached, deep down.

"""
body = head
for i in range(1, depth):
    body += '--d%d\nContent-Type: multipart/mixed; boundary="d%d"\n\n' % (i - 1, i)
body += ('--d%d\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;'
         ' name="deep.docx"\nContent-Disposition: attachment; filename="deep.docx"\n'
         'Content-Transfer-Encoding: base64\n\n%s\n' % (depth - 1, data))
for i in reversed(range(depth)):
    body += '--d%d--\n' % i
print(body)
PY
printf '[limits]\nmime_depth = 40\n' >"$T/deep.cfg"
"$RP" --config "$T/deep.cfg" --db "$T/deep.db" import "$T/deep.mbox" >/dev/null 2>&1
check_rc "draft add --from-message, a .docx 34 levels deep" 0 "$RP" --config "$T/deep.cfg" --db "$T/deep.db" draft add --json --from-message deep@example.org
check_eq "the deep .docx is the draft" "$(jget "$T/out" '["sections"]')" 24
