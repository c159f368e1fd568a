#!/usr/bin/env python3
"""make-attach-fixture: write fixtures/attach/list.mbox, replies whose comments are attached.

    python3 tests/make-attach-fixture.py [OUT]      (default: fixtures/attach/list.mbox)

The mbox is committed, so the tests need no generation step; this script says how it was
made. Only the standard library is used (email, zipfile). The messages:

  circ@      the secretariat circulates the draft as draft.txt (text/plain attachment)
  docx@      Helen: "Please find our comments attached." + comments.docx (three comments:
             support on 2.1, an objection to Recommendation 2, a question on section 3)
  txt@       Omar: a cover note + comments.txt (an amendment to Recommendation 3)
  doc@       Lena: a cover note + comments.doc (a legacy Word file, unreadable)
  pdf@       Kofi: a cover note + comments.pdf (a support of Recommendation 1)
  scan@      Ana: a cover note + comments-scan.pdf (a page without text, as scanned)
  broken@    Marta: a cover note + comments.docx cut short (a damaged file)
  body@      Paul: comments in the body, no attachment
  rev@       the secretariat: "a revised draft is attached" + draft-v2.txt (mostly the draft)

The zip members carry a fixed date, so the files are the same at every run.
"""
import io
import os
import sys
import zipfile
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from xml.sax.saxutils import escape

DATE = (2026, 11, 20, 10, 0, 0)

DRAFT = """Draft report on rural spectrum

1 Introduction

This report sets out how regulators can open spectrum to small rural
operators. It is circulated for comments before the plenary.

2 Findings

2.1 Skills

Training of local technicians is the main bottleneck for community
networks in the regions surveyed, ahead of equipment costs.

2.2 Licensing

Light-touch licences exist in a third of the countries surveyed but
their application process often takes more than a year.

3 Financing

Universal service funds rarely reach community networks; most of their
disbursements go to the large operators.

4 Recommendations

Recommendation 1: Regulators should publish licence processing times.

Recommendation 2: Regulators should set up a new peer-learning network
on rural spectrum.

Recommendation 3: Universal service funds should reserve 10 per cent of
their disbursements for community networks.
"""

DOCX_COMMENTS = [
    "Comments of the Pacific Operators Forum on the draft report",
    "Section 2.1: We strongly support the finding on skills. Training is the main "
    "bottleneck in the Pacific too.",
    "Recommendation 2: We object to this recommendation. A peer-learning network of "
    "regulators already exists and a new one would duplicate it.",
    "On section 3, which funds were surveyed? Could the report list them?",
]

TXT_COMMENTS = """Recommendation 3 should read "at least 25 per cent of their
disbursements" instead of "10 per cent".

Omar Haddad / RuralNet
"""


def docx(paragraphs):
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '</Relationships>')
    body = "".join('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % escape(p)
                   for p in paragraphs)
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                '<w:body>%s</w:body></w:document>' % body)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", ct), ("_rels/.rels", rels),
                           ("word/document.xml", document)):
            z.writestr(zipfile.ZipInfo(name, DATE), data)
    return out.getvalue()


def pdf(lines):
    """A one-page PDF writing lines in Helvetica; none gives a page without text."""
    ops = "".join("BT /F1 12 Tf 72 %d Td (%s) Tj ET\n" % (760 - 18 * i, l.replace("(", "\\(")
                                                          .replace(")", "\\)"))
                  for i, l in enumerate(lines))
    if not lines:  # a grey box: what a scanner leaves once the picture is gone
        ops = "0.5 g 72 72 451 698 re f\n"
    objs = ["<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            " /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length %d >>\nstream\n%sendstream" % (len(ops), ops),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = "%PDF-1.4\n", []
    for i, o in enumerate(objs):
        offsets.append(len(out))
        out += "%d 0 obj\n%s\nendobj\n" % (i + 1, o)
    xref = len(out)
    out += "xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += "".join("%010d 00000 n \n" % o for o in offsets)
    out += "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out.encode("latin-1")


# The start of an OLE compound file (a Word 97-2003 .doc): what rapporteur refuses.
LEGACY_DOC = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 504 + b"WordDocument" + b"\0" * 500


def message(mid, sender, subject, date, body, attachments, parent=None):
    m = MIMEMultipart() if attachments else MIMEText(body, "plain", "utf-8")
    if attachments:
        m.set_boundary("=-part-" + mid.split("@")[0])  # the same file at every run
        m.attach(MIMEText(body, "plain", "utf-8"))
        for name, ctype, data in attachments:
            if ctype.startswith("text/"):
                part = MIMEText(data, ctype.split("/")[1], "utf-8")
            else:
                part = MIMEApplication(data, ctype.split("/")[1])
                part.replace_header("Content-Type", ctype)
            part.add_header("Content-Disposition", "attachment", filename=name)
            m.attach(part)
    m["From"] = sender
    m["To"] = "spectrum@lists.example.org"
    m["Subject"] = subject
    m["Date"] = date
    m["Message-ID"] = "<%s>" % mid
    m["List-Id"] = "<spectrum.lists.example.org>"
    if parent:
        m["In-Reply-To"] = "<%s>" % parent
        m["References"] = "<%s>" % parent
    return "From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n" + m.as_string() + "\n"


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "fixtures/attach/list.mbox"
    sec = "Spectrum secretariat <secretariat@spectrum.example.org>"
    re = "Re: Draft report on rural spectrum for comment"
    v2 = DRAFT.replace("10 per cent", "20 per cent").replace(
        "ahead of equipment costs.", "ahead of equipment costs and power.")
    msgs = [
        message("circ@spectrum.example.org", sec, "Draft report on rural spectrum for comment",
                "Mon, 3 Mar 2025 09:00:00 +0000",
                "Dear all,\n\nPlease find the draft report attached. Comments by 17 March.\n\n"
                "The secretariat\n", [("draft.txt", "text/plain", DRAFT)]),
        message("docx@pof.example.net", "Helen Park <helen@pof.example.net>", re,
                "Tue, 4 Mar 2025 10:00:00 +0000",
                "Dear colleagues,\n\nPlease find our comments attached.\n\nBest regards,\nHelen\n",
                [("comments.docx",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  docx(DOCX_COMMENTS))], "circ@spectrum.example.org"),
        message("txt@ruralnet.example.org", "Omar Haddad <omar@ruralnet.example.org>", re,
                "Wed, 5 Mar 2025 11:00:00 +0000",
                "Hi all,\n\nPlease find attached our comments.\n\nOmar\n",
                [("comments.txt", "text/plain", TXT_COMMENTS)], "circ@spectrum.example.org"),
        message("doc@netz.example.de", "Lena Roth <lena@netz.example.de>", re,
                "Thu, 6 Mar 2025 12:00:00 +0000",
                "Dear all,\n\nPlease find our comments attached.\n\nLena\n",
                [("comments.doc", "application/msword", LEGACY_DOC)],
                "circ@spectrum.example.org"),
        message("pdf@ghana.example.org", "Kofi Mensah <kofi@ghana.example.org>", re,
                "Thu, 6 Mar 2025 13:00:00 +0000", "Dear all,\n\nOur comments are attached.\n\nKofi\n",
                [("comments.pdf", "application/pdf",
                  pdf(["Recommendation 1: We fully support publishing licence processing times."]))],
                "circ@spectrum.example.org"),
        message("scan@redes.example.mx", "Ana Ruiz <ana@redes.example.mx>", re,
                "Thu, 6 Mar 2025 13:30:00 +0000", "Hola,\n\nPlease find our comments attached.\n\nAna\n",
                [("comments-scan.pdf", "application/pdf", pdf([]))], "circ@spectrum.example.org"),
        message("broken@ict.example.pl", "Marta Nowak <marta@ict.example.pl>", re,
                "Thu, 6 Mar 2025 14:00:00 +0000", "Dear all,\n\nPlease find our comments attached.\n\nMarta\n",
                [("comments.docx",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  docx(DOCX_COMMENTS)[:300])], "circ@spectrum.example.org"),
        message("body@isp.example.co.uk", "Paul Grant <paul@isp.example.co.uk>", re,
                "Thu, 6 Mar 2025 15:00:00 +0000",
                "We support the finding on licensing in 2.2. The processing times are the "
                "real problem.\n\nPaul\n", [], "circ@spectrum.example.org"),
        message("rev@spectrum.example.org", sec, re, "Mon, 10 Mar 2025 09:00:00 +0000",
                "Dear all,\n\nThank you for your comments. A revised draft is attached.\n\n"
                "The secretariat\n", [("draft-v2.txt", "text/plain", v2)],
                "circ@spectrum.example.org"),
    ]
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(msgs))


if __name__ == "__main__":
    main()
