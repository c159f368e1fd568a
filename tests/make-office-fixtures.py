#!/usr/bin/env python3
"""make-office-fixtures: write the word-processor drafts under fixtures/drafts/.

    python3 tests/make-office-fixtures.py [OUTDIR]      (default: fixtures/drafts)
    python3 tests/make-office-fixtures.py --seeds DIR   fuzzing seeds (tests/fuzz/seeds/office)

The files are committed, so the tests need no generation step; this script says how they
were made. Only the standard library is used (zipfile). Each package is laid out the way
Microsoft Word or LibreOffice Writer lays it out -- part names, content types,
relationships, styles, list definitions, tracked changes, fields, notes -- kept small:

  draft-report-v3.docx  Word: a Title; headings numbered "1", "1.1" ... "3.9", "3.10" by a
                        multilevel list linked to the heading styles; paragraphs numbered
                        "3.9.1." on the same list through a paragraph style, with "(a)"
                        items; an ordinary list "1. 2. 3." restarted later (a w:num with a
                        start override); "Recommendation N:" items continued across w:num
                        instances of one abstract list; bullets; a table; a tracked
                        deletion and insertion; a paragraph mark deleted; a footnote; a
                        comment; a cross-reference field; a table of contents; a text box;
                        an unnumbered "Annex A" heading (numId 0 in its style).
  draft-report-v3.odt   LibreOffice: the same draft. Headings numbered by the outline
                        style, the "3.9.1." paragraphs at outline level 3 (LibreOffice
                        writes them as text:h), lists by list styles, continued with
                        text:continue-list and text:continue-numbering.
  draft-report-v3-reviewed.docx, draft-report-v3-reviewed.odt
                        the same draft sent back by a member (Ana Souza) with her comments
                        and tracked changes, the secretariat's marks still in it.
  draft-report-v3-edited.docx
                        the same draft edited in place without tracking the changes.
  review-report.docx    Word, as UN reports are numbered: chapters "I.", "II." and sections
                        "1.1" (legal numbering) from a list defined by a numbering style
                        (w:numStyleLink), paragraphs numbered "1." to "5." across the
                        chapters with "(a)" and "(i)" levels, the "(i)" level restarting only
                        with a new paragraph (w:lvlRestart), and an annex list whose level
                        is redefined in a w:lvlOverride.

The zip members carry a fixed date, so the files are the same at every run.
"""
import os
import shutil
import sys
import tempfile
import zipfile
from xml.sax.saxutils import escape

DATE = (2026, 11, 20, 10, 0, 0)

# ---------------------------------------------------------------------------------------
# The draft both draft-report-v3 files hold. Inline runs: a string, or a tuple
# ("footnote", text) ("del", text) ("ins", text) ("xref", shown) ("comment", text)
# ("br",) ("tab",) ("soft",) ("textbox", text).

OUTREACH = [
    ("Outreach to industry", "Participation from industry has fallen since 2015."),
    ("Outreach to parliamentarians", "Parliamentarians should take part during the year."),
    ("Regional and national initiatives", "National and regional initiatives are partners."),
    ("Youth", "Travel support should include young people."),
    ("Gender balance", "Panels should respect the gender balance guidelines."),
    ("Remote participation", "Hybrid participation must remain a first-class way of taking part."),
    ("Languages", "Key outputs should be translated into the six UN languages."),
    ("Best practice forums", "Best practice forums should coordinate their topics."),
]

DRAFT = [
    ("title", "Draft report of the Working Group on Strategy"),
    ("toc",),
    ("p", [("textbox", "DRAFT"), "Version 3, circulated for comment. Please send comments by 15 December 2026."]),
    ("h", 1, "Introduction"),
    ("p", ["The Working Group on Strategy was asked to review the forum's ",
           "inter", ("soft",), "sessional work."]),
    ("h", 2, "Background"),
    ("p", ["The group was set up in 2024", ("footnote", "Decision 12 of the MAG, March 2024."), "."]),
    ("h", 2, "Method"),
    ("p", ["We held ", ("del", "eleven"), ("ins", "twelve"), " meetings."]),
    ("p-markdel", "We also met "),
    ("p", "online twice."),
    ("bullet", "Consultations with members"),
    ("bullet", "A public call for input"),
    ("h", 1, "A year-round forum"),
    ("p", "The forum should work between its annual meetings:"),
    ("step", "Publish a calendar early"),
    ("step", "Hold monthly calls"),
    ("step", "Report twice a year"),
    ("rec", "Adopt a multi-year programme of work."),
    ("h", 1, "Outreach"),
    ("p", "The paper rightly asks the forum to reach communities that rarely attend."),
] + [x for name, text in OUTREACH for x in (("h", 2, name), ("p", text))] + [
    ("h", 2, "Issue teams"),
    ("p", ["The paper proposes issue teams; their members are chosen as section ",
           ("xref", "3.10"), " says."]),
    ("npara", "We support issue teams, provided that coalitions working on a theme are members of the team by right."),
    ("sub", "Issue teams should be small."),
    ("sub", "Members should rotate every two years."),
    ("npara", "The teams should report to the MAG once a year."),
    ("step-restart", "Agree the themes"),
    ("step", "Call for members"),
    ("h", 2, "Selection of issue team members"),
    ("p", ["Members are selected by the MAG", ("comment", "Which MAG? The new one?"),
           " in an open call."]),
    ("rec", "Publish the selection criteria."),
    ("table", [["Body", "Role", "Members"], ["MAG", "Selects the teams", "55"],
               ["Secretariat", "Supports the teams", "4"]]),
    ("h", 1, "Resources"),
    ("p", "None of the proposals can be carried out without resources."),
    ("rec", "Report on the use of funds every year."),
    ("rec", "Establish a trust fund for intersessional work."),
    ("annex", "Annex A: Terms of reference"),
    ("p", ["The Working Group reports to the MAG.", ("br",), "It meets four times a year."]),
]


def write_zip(path, members, stored_first=None):
    """members: [(name, text)]; stored_first: a member written first, uncompressed."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        if stored_first:
            info = zipfile.ZipInfo(stored_first[0], DATE)
            info.compress_type = zipfile.ZIP_STORED
            z.writestr(info, stored_first[1])
        for name, text in members:
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


# ---------------------------------------------------------------------------------------
# Word

W_NS = ('xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
        'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'mc:Ignorable="w14 w15 wp14"')
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
REV = 'w:author="Secretariat" w:date="2026-11-20T10:00:00Z"'


def rev(author=None):
    """The attributes of a tracked change; the secretariat's unless an author is given."""
    return REV if author is None else 'w:author="%s" w:date="2026-11-24T10:00:00Z"' % escape(author)


class Word:
    """Writes document.xml runs and paragraphs; collects footnotes and comments."""

    def __init__(self):
        self.footnotes = []
        self.comments = []
        self.rev = 100
        self.para = 0

    def t(self, text):
        sp = ' xml:space="preserve"' if text != text.strip() else ""
        return "<w:r><w:t%s>%s</w:t></w:r>" % (sp, escape(text))

    def run(self, r):
        if isinstance(r, str):
            return self.t(r)
        kind = r[0]
        self.rev += 1
        if kind == "footnote":
            self.footnotes.append(r[1])
            return ('<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                    '<w:footnoteReference w:id="%d"/></w:r>' % len(self.footnotes))
        if kind == "del":
            return ('<w:del w:id="%d" %s><w:r w:rsidDel="00B1"><w:delText>%s</w:delText></w:r></w:del>'
                    % (self.rev, rev(*r[2:]), escape(r[1])))
        if kind == "ins":
            return '<w:ins w:id="%d" %s>%s</w:ins>' % (self.rev, rev(*r[2:]), self.t(r[1]))
        if kind == "xref":
            return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                    '<w:r><w:instrText xml:space="preserve"> REF _Ref310 \\r \\h </w:instrText></w:r>'
                    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>%s'
                    '<w:r><w:fldChar w:fldCharType="end"/></w:r>' % self.t(r[1]))
        if kind == "comment":
            cid = len(self.comments)
            self.comments.append((r[1], r[2] if len(r) > 2 else "A. Member"))
            return ('<w:commentRangeStart w:id="%d"/><w:commentRangeEnd w:id="%d"/>'
                    '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
                    '<w:commentReference w:id="%d"/></w:r>' % (cid, cid, cid))
        if kind == "br":
            return "<w:r><w:br/></w:r>"
        if kind == "tab":
            return "<w:r><w:tab/></w:r>"
        if kind == "soft":
            return "<w:r><w:softHyphen/></w:r>"
        if kind == "textbox":
            box = '<w:txbxContent><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:txbxContent>' % r[1]
            return ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
                    '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
                    'relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
                    '<wp:simplePos x="0" y="0"/><wp:extent cx="1371600" cy="457200"/>'
                    '<wp:docPr id="1" name="Text Box 1"/><a:graphic><a:graphicData '
                    'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
                    '<wps:wsp><wps:txbx>%s</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData>'
                    '</a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>'
                    '<v:shape id="Text Box 1" type="#_x0000_t202"><v:textbox>%s</v:textbox>'
                    '</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>' % (box, box))
        raise ValueError(kind)

    def runs(self, content):
        if isinstance(content, str):
            content = [content]
        return "".join(self.run(r) for r in content)

    def p(self, content, style=None, num=None, extra_ppr=""):
        self.para += 1
        ppr = ""
        if style:
            ppr += '<w:pStyle w:val="%s"/>' % style
        if num:
            ppr += '<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>' % num
        ppr += extra_ppr
        ppr = "<w:pPr>%s</w:pPr>" % ppr if ppr else ""
        return ('<w:p w14:paraId="%08X" w14:textId="77777777" w:rsidR="00A1" w:rsidRDefault="00A1">'
                '%s%s</w:p>' % (0x1000 + self.para, ppr, self.runs(content)))

    def table(self, rows):
        grid = "".join('<w:gridCol w:w="3005"/>' for _ in rows[0])
        out = ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
               '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
               'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>%s</w:tblGrid>' % grid)
        for row in rows:
            out += "<w:tr>"
            for cell in row:
                out += ('<w:tc><w:tcPr><w:tcW w:w="3005" w:type="dxa"/></w:tcPr>%s</w:tc>'
                        % self.p(cell))
            out += "</w:tr>"
        return out + "</w:tbl>"

    def toc(self, entries):
        out = ('<w:sdt><w:sdtPr><w:id w:val="-1740009291"/><w:docPartObj><w:docPartGallery '
               'w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtEndPr/>'
               '<w:sdtContent>' + self.p("Contents", "TOCHeading"))
        for i, (level, number, text) in enumerate(entries):
            begin = ""
            if i == 0:
                begin = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
                         'xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
                         '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
            link = ('<w:hyperlink w:anchor="_Toc%d" w:history="1">%s<w:r><w:tab/></w:r>%s'
                    '<w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r>'
                    '<w:instrText xml:space="preserve"> PAGEREF _Toc%d \\h </w:instrText></w:r>'
                    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>%s<w:r><w:fldChar '
                    'w:fldCharType="end"/></w:r></w:hyperlink>'
                    % (i, self.t(number), self.t(text), i, self.t(str(1 + i // 4))))
            self.para += 1
            out += ('<w:p><w:pPr><w:pStyle w:val="TOC%d"/><w:tabs><w:tab w:val="right" '
                    'w:leader="dot" w:pos="9016"/></w:tabs></w:pPr>%s%s</w:p>' % (level, begin, link))
        out += '<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        return out + "</w:sdtContent></w:sdt>"

    def document(self, body):
        return (XML_DECL + '<w:document %s><w:body>%s<w:sectPr w:rsidR="00A1"><w:footnotePr>'
                '<w:numFmt w:val="decimal"/></w:footnotePr><w:pgSz w:w="11906" w:h="16838"/>'
                '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" '
                'w:header="708" w:footer="708" w:gutter="0"/><w:cols w:space="708"/>'
                '<w:docGrid w:linePitch="360"/></w:sectPr></w:body></w:document>' % (W_NS, body))

    def notes_part(self):
        sep = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
               'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
               '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
               'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
               '</w:r></w:p></w:footnote>')
        notes = "".join(
            '<w:footnote w:id="%d"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr>'
            '<w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t '
            'xml:space="preserve"> %s</w:t></w:r></w:p></w:footnote>' % (i + 1, escape(t))
            for i, t in enumerate(self.footnotes))
        foot = XML_DECL + "<w:footnotes %s>%s%s</w:footnotes>" % (W_NS, sep, notes)
        end = XML_DECL + "<w:endnotes %s>%s</w:endnotes>" % (
            W_NS, sep.replace("w:footnote", "w:endnote"))
        return foot, end

    def comments_part(self):
        return XML_DECL + "<w:comments %s>%s</w:comments>" % (W_NS, "".join(
            '<w:comment w:id="%d" w:author="%s" w:date="2026-11-21T09:00:00Z" w:initials="AM">'
            '<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr><w:r><w:rPr><w:rStyle '
            'w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r><w:r><w:t>%s</w:t></w:r>'
            '</w:p></w:comment>' % (i, escape(a), escape(t)) for i, (t, a) in enumerate(self.comments)))


def style(sid, name, kind="paragraph", based=None, ppr="", extra="", default=False):
    out = '<w:style w:type="%s"%s w:styleId="%s"><w:name w:val="%s"/>' % (
        kind, ' w:default="1"' if default else "", sid, name)
    if based:
        out += '<w:basedOn w:val="%s"/>' % based
    out += extra
    if ppr:
        out += "<w:pPr>%s</w:pPr>" % ppr
    return out + "</w:style>"


def numpr(num, ilvl=None):
    lvl = '<w:ilvl w:val="%d"/>' % ilvl if ilvl is not None else ""
    return '<w:numPr>%s<w:numId w:val="%d"/></w:numPr>' % (lvl, num)


def heading_style(n, numbering):
    return style("Heading%d" % n, "heading %d" % n, based="Normal",
                 extra='<w:next w:val="Normal"/><w:link w:val="Heading%dChar"/>'
                       '<w:uiPriority w:val="9"/><w:qFormat/>' % n,
                 ppr='<w:keepNext/><w:keepLines/>%s<w:spacing w:before="240" w:after="0"/>'
                     '<w:outlineLvl w:val="%d"/>' % (numbering, n - 1))


def styles_part(extra_styles):
    return (XML_DECL + '<w:styles %s><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts '
            'w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/><w:sz w:val="22"/><w:lang '
            'w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" '
            'w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
            '<w:latentStyles w:defLockedState="0" w:defUIPriority="99" w:defSemiHidden="0" '
            'w:defUnhideWhenUsed="0" w:defQFormat="0" w:count="376"><w:lsdException w:name="Normal" '
            'w:uiPriority="0" w:qFormat="1"/><w:lsdException w:name="heading 1" w:uiPriority="9" '
            'w:qFormat="1"/></w:latentStyles>' % W_NS
            + style("Normal", "Normal", default=True, extra="<w:qFormat/>")
            + style("DefaultParagraphFont", "Default Paragraph Font", "character", default=True,
                    extra='<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>')
            + style("Title", "Title", based="Normal",
                    extra='<w:next w:val="Normal"/><w:link w:val="TitleChar"/><w:qFormat/>',
                    ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:contextualSpacing/>')
            + style("FootnoteText", "footnote text", based="Normal",
                    ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>')
            + style("FootnoteReference", "footnote reference", "character",
                    based="DefaultParagraphFont", extra='<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>')
            + style("CommentReference", "annotation reference", "character", based="DefaultParagraphFont")
            + style("CommentText", "annotation text", based="Normal")
            + style("TableGrid", "Table Grid", "table", extra='<w:tblPr><w:tblBorders><w:top '
                    'w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr>')
            + extra_styles + "</w:styles>")


def lvl(ilvl, fmt, text, start=1, pstyle=None, extra=""):
    ps = '<w:pStyle w:val="%s"/>' % pstyle if pstyle else ""
    return ('<w:lvl w:ilvl="%d"><w:start w:val="%d"/><w:numFmt w:val="%s"/>%s%s<w:lvlText '
            'w:val="%s"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="%d" w:hanging="360"/></w:pPr>'
            '</w:lvl>' % (ilvl, start, fmt, ps, extra, escape(text, {'"': "&quot;"}), 360 * (ilvl + 1)))


def bullet_lvl(ilvl, char):
    return ('<w:lvl w:ilvl="%d"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText '
            'w:val="%s"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="%d" w:hanging="360"/></w:pPr>'
            '<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr></w:lvl>'
            % (ilvl, char, 720 * (ilvl + 1)))


def abstract(aid, nsid, levels, multi="hybridMultilevel", extra=""):
    return ('<w:abstractNum w:abstractNumId="%d" w15:restartNumberingAfterBreak="0"><w:nsid '
            'w:val="%s"/><w:multiLevelType w:val="%s"/><w:tmpl w:val="0809000F"/>%s%s'
            '</w:abstractNum>' % (aid, nsid, multi, extra, "".join(levels)))


def num(nid, aid, override=""):
    return '<w:num w:numId="%d"><w:abstractNumId w:val="%d"/>%s</w:num>' % (nid, aid, override)


def numbering_part(body):
    return XML_DECL + "<w:numbering %s>%s</w:numbering>" % (W_NS, body)


def settings_part():
    return (XML_DECL + '<w:settings %s><w:zoom w:percent="100"/><w:trackRevisions/>'
            '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
            '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
            '<w:endnotePr><w:endnote w:id="-1"/><w:endnote w:id="0"/></w:endnotePr>'
            '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
            'w:val="15"/></w:compat><w:rsids><w:rsidRoot w:val="00A1"/><w:rsid w:val="00A1"/>'
            '</w:rsids><w:themeFontLang w:val="en-GB"/><w:decimalSymbol w:val="."/>'
            '<w:listSeparator w:val=","/></w:settings>' % W_NS)


def word_package(path, title, document, styles, numbering, word):
    foot, end = word.notes_part()
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Types '
          'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
          '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
          '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
          '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
          '<Override PartName="/word/endnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/>'
          '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>'
          '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
          '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
          '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '</Relationships>')
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    doc_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships '
                'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + "".join(
                    '<Relationship Id="rId%d" Type="%s%s" Target="%s.xml"/>' % (i + 1, base, t, t)
                    for i, t in enumerate(["numbering", "styles", "settings", "footnotes",
                                           "endnotes", "comments"])) + "</Relationships>")
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>%s</dc:title>'
            '<dc:creator>Secretariat</dc:creator><cp:lastModifiedBy>Secretariat</cp:lastModifiedBy>'
            '<cp:revision>3</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2026-11-01T09:00:00Z'
            '</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-20T10:00:00Z'
            '</dcterms:modified></cp:coreProperties>' % escape(title))
    app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Properties '
           'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
           'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           '<Template>Normal.dotm</Template><TotalTime>42</TotalTime><Pages>3</Pages>'
           '<Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity>'
           '<AppVersion>16.0000</AppVersion></Properties>')
    write_zip(path, [("[Content_Types].xml", ct), ("_rels/.rels", rels),
                     ("word/document.xml", document), ("word/_rels/document.xml.rels", doc_rels),
                     ("word/footnotes.xml", foot), ("word/endnotes.xml", end),
                     ("word/comments.xml", word.comments_part()),
                     ("word/styles.xml", styles), ("word/numbering.xml", numbering),
                     ("word/settings.xml", settings_part()),
                     ("docProps/core.xml", core), ("docProps/app.xml", app)])


def toc_entries():
    entries, h1, h2 = [], 0, 0
    for b in DRAFT:
        if b[0] == "h" and b[1] == 1:
            h1, h2 = h1 + 1, 0
            entries.append((1, str(h1), b[2]))
        elif b[0] == "h":
            h2 += 1
            entries.append((2, "%d.%d" % (h1, h2), b[2]))
    return entries


# The draft as a member sends it back: the same document, with her comments and tracked
# changes (the secretariat's marks of the circulated draft still in it).
ANA = "Ana Souza"
REVIEWED = {
    "Travel support should include young people.":
        ("p", ["Travel support should include young people",
               ("ins", " and students from developing countries", ANA), "."]),
    "The paper rightly asks the forum to reach communities that rarely attend.":
        ("p", ["The paper rightly asks the forum to reach communities that rarely attend.",
               ("comment", "Which communities? Small island states should be named here.", ANA)]),
    "Members should rotate every two years.":
        ("sub", ["Members should rotate every ", ("del", "two", ANA), ("ins", "three", ANA),
                 " years."]),
    "Establish a trust fund for intersessional work.":
        ("rec", ["Establish a trust fund", ("del", " for intersessional work", ANA), "."]),
}


def reviewed_draft():
    return [REVIEWED.get(b[-1], b) if isinstance(b[-1], str) else b for b in DRAFT]


# The draft as a member sends it back edited in place, changes not tracked: two paragraphs
# reworded, one added, one recommendation dropped.
def edited_draft():
    out = []
    for b in DRAFT:
        text = b[-1] if isinstance(b[-1], str) else None
        if text == "Travel support should include young people.":
            out.append(("p", "Travel support should include young people and students from developing countries."))
            out.append(("p", "Mentoring should pair newcomers with experienced members."))
        elif text == "Members should rotate every two years.":
            out.append(("sub", "Members should rotate every three years."))
        elif text == "Report on the use of funds every year.":
            continue
        else:
            out.append(b)
    return out


def draft_docx(path, draft=None):
    draft = DRAFT if draft is None else draft
    w = Word()
    # numIds: 1 headings and numbered paragraphs, 3 steps, 4 steps restarted,
    # 5 and 6 recommendations (one abstract list), 7 bullets
    numbers = {"step": (0, 3), "step-restart": (0, 4), "bullet": (0, 7)}
    body, rec = [], 0
    for b in draft:
        kind = b[0]
        if kind == "title":
            body.append(w.p(b[1], "Title"))
        elif kind == "toc":
            body.append(w.toc(toc_entries()))
        elif kind == "p":
            body.append(w.p(b[1]))
        elif kind == "p-markdel":
            body.append(w.p(b[1], extra_ppr='<w:rPr><w:del w:id="99" %s/></w:rPr>' % REV))
        elif kind == "h":
            body.append(w.p(b[2], "Heading%d" % b[1]))
        elif kind == "npara":
            body.append(w.p(b[1], "NumberedPara"))
        elif kind == "sub":
            body.append(w.p(b[1], "NumberedSubPara"))
        elif kind == "rec":
            rec += 1
            body.append(w.p(b[1], "ListParagraph", (0, 5 if rec == 1 else 6)))
        elif kind in numbers:
            body.append(w.p(b[1], "ListParagraph", numbers[kind]))
        elif kind == "table":
            body.append(w.table(b[1]))
        elif kind == "annex":
            body.append(w.p(b[1], "AnnexHeading"))
        else:
            raise ValueError(kind)
    styles = styles_part(
        heading_style(1, numpr(1)) + heading_style(2, numpr(1, 1))
        + style("NumberedPara", "Numbered Para", based="Normal", extra="<w:qFormat/>",
                ppr=numpr(1, 2))
        + style("NumberedSubPara", "Numbered Sub Para", based="Normal", ppr=numpr(1, 3))
        + style("ListParagraph", "List Paragraph", based="Normal", extra="<w:qFormat/>",
                ppr='<w:ind w:left="720"/><w:contextualSpacing/>')
        # an unnumbered heading: numId 0 takes away the numbering Heading 1 gives
        + style("AnnexHeading", "Annex Heading", based="Heading1", ppr=numpr(0) + '<w:outlineLvl w:val="0"/>')
        + style("TOCHeading", "TOC Heading", based="Heading1",
                ppr='<w:outlineLvl w:val="9"/>', extra='<w:next w:val="Normal"/>')
        + style("TOC1", "toc 1", based="Normal", ppr='<w:spacing w:after="100"/>')
        + style("TOC2", "toc 2", based="Normal", ppr='<w:spacing w:after="100"/><w:ind w:left="220"/>'))
    outline = [lvl(0, "decimal", "%1", pstyle="Heading1"), lvl(1, "decimal", "%1.%2", pstyle="Heading2"),
               lvl(2, "decimal", "%1.%2.%3.", pstyle="NumberedPara"),
               lvl(3, "lowerLetter", "(%4)", pstyle="NumberedSubPara")] + [
        lvl(i, "decimal", ".".join("%%%d" % (k + 1) for k in range(i + 1))) for i in range(4, 9)]
    steps = [lvl(0, "decimal", "%1."), lvl(1, "lowerLetter", "%2."), lvl(2, "lowerRoman", "%3.")]
    recs = [lvl(0, "decimal", "Recommendation %1:")]
    bullets = [bullet_lvl(0, "\uf0b7"), bullet_lvl(1, "o")]
    numbering = numbering_part(
        abstract(0, "2A1B3C4D", outline, "multilevel") + abstract(1, "11223344", bullets)
        + abstract(2, "55667788", steps) + abstract(3, "0F0E0D0C", recs)
        + num(1, 0) + num(3, 2)
        + num(4, 2, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>')
        + num(5, 3) + num(6, 3) + num(7, 1))
    word_package(path, "Draft report v3", w.document("".join(body)), styles, numbering, w)


def review_docx(path):
    """UN-style numbering: chapters I., II., sections 1.1 (isLgl), paragraphs 1.-5."""
    w = Word()
    para = lambda text, lv=0: w.p(text, ["SingleTxt", "SubPara", "SubSubPara"][lv])
    body = "".join([
        w.p("Report of the review of the Forum", "Title"),
        w.p("Introduction", "Heading1"),
        para("The review began in May 2026 and ended in October."),
        para("It met eleven times:"),
        para("six times in Geneva;", 1), para("five times online.", 1),
        w.p("Scope", "Heading2"),
        para("The review covered the work of the Forum since 2020:"),
        para("its annual meetings, with", 1),
        para("their programme;", 2), para("their participants;", 2),
        para("its intersessional work, with", 1),
        para("its best practice forums.", 2),
        w.p("Findings", "Heading1"),
        para("Participation rose in every region."),
        w.p("Participation", "Heading2"),
        para("Remote participation doubled."),
        # numId 0 on the paragraph itself: no chapter number for the annex
        w.p("Annex A: Participants", "Heading1", (0, 0)),
        w.p("Member states", "ListParagraph", (0, 4)),
        w.p("Observers", "ListParagraph", (0, 4)),
    ])
    styles = styles_part(
        heading_style(1, numpr(2)) + heading_style(2, numpr(2, 1))
        # the numbering style that defines the chapter list (Word's list styles)
        + style("ReportHeadings", "Report Headings", "numbering", ppr=numpr(1))
        + style("SingleTxt", "Single Txt", based="Normal", ppr=numpr(3))
        + style("SubPara", "Sub Para", based="SingleTxt", ppr=numpr(3, 1))
        + style("SubSubPara", "Sub Sub Para", based="SingleTxt", ppr=numpr(3, 2))
        + style("ListParagraph", "List Paragraph", based="Normal", ppr='<w:ind w:left="720"/>'))
    chapters = [lvl(0, "upperRoman", "%1.", pstyle="Heading1"),
                lvl(1, "decimal", "%1.%2", pstyle="Heading2", extra="<w:isLgl/>")]
    paras = [lvl(0, "decimal", "%1.", pstyle="SingleTxt"),
             lvl(1, "lowerLetter", "(%2)", pstyle="SubPara"),
             # (i), (ii) ... go on under a new (b): only a new paragraph restarts them
             lvl(2, "lowerRoman", "(%3)", pstyle="SubSubPara", extra='<w:lvlRestart w:val="1"/>')]
    numbering = numbering_part(
        abstract(10, "6B1C2D3E", chapters, "multilevel",
                 '<w:styleLink w:val="ReportHeadings"/>')
        + abstract(11, "7C2D3E4F", [], "multilevel", '<w:numStyleLink w:val="ReportHeadings"/>')
        + abstract(12, "1A2B3C4D", paras, "multilevel")
        + num(1, 10) + num(2, 11) + num(3, 12)
        # the annex list: level 0 redefined as capital letters, started again
        + num(4, 12, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>%s</w:lvlOverride>'
              % lvl(0, "upperLetter", "%1.")))
    word_package(path, "Review report", w.document(body), styles, numbering, w)


# ---------------------------------------------------------------------------------------
# LibreOffice

ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
          'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
          'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
          'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" '
          'office:version="1.3"')
ODF_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'
CHANGE = ('<office:change-info><dc:creator>Secretariat</dc:creator><dc:date>2026-11-20T10:00:00'
          '</dc:date></office:change-info>')


def change_info(author=None):
    """The office:change-info of a tracked change; the secretariat's unless an author is given."""
    if author is None:
        return CHANGE
    return ('<office:change-info><dc:creator>%s</dc:creator><dc:date>2026-11-24T10:00:00'
            '</dc:date></office:change-info>' % escape(author))


def label_alignment(level):
    return ('<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
            '<style:list-level-label-alignment text:label-followed-by="listtab" '
            'text:list-tab-stop-position="%.3fcm" fo:text-indent="-0.635cm" fo:margin-left="%.3fcm"/>'
            '</style:list-level-properties>' % (0.635 * level, 0.635 * level))


def list_style(name, first, rest="1", suffix="."):
    out = '<text:list-style style:name="%s">' % name
    for level in range(1, 11):
        spec = first if level == 1 else {"format": rest, "suffix": suffix}
        if spec.get("bullet"):
            out += ('<text:list-level-style-bullet text:level="%d" text:style-name="Bullet_20_Symbols" '
                    'text:bullet-char="%s">%s</text:list-level-style-bullet>'
                    % (level, spec["bullet"], label_alignment(level)))
            continue
        attrs = 'style:num-format="%s"' % spec["format"]
        if spec.get("prefix"):
            attrs = 'style:num-prefix="%s" ' % spec["prefix"] + attrs
        if spec.get("suffix"):
            attrs = 'style:num-suffix="%s" ' % spec["suffix"] + attrs
        out += ('<text:list-level-style-number text:level="%d" text:style-name="Numbering_20_Symbols" '
                '%s>%s</text:list-level-style-number>' % (level, attrs, label_alignment(level)))
    return out + "</text:list-style>"


class Odt:
    def __init__(self):
        self.notes = 0
        self.changes = []
        self.annotations = 0

    def run(self, r):
        if isinstance(r, str):
            return escape(r)
        kind = r[0]
        if kind == "footnote":
            self.notes += 1
            return ('<text:note text:id="ftn%d" text:note-class="footnote"><text:note-citation>%d'
                    '</text:note-citation><text:note-body><text:p text:style-name="Footnote">%s'
                    '</text:p></text:note-body></text:note>' % (self.notes, self.notes, escape(r[1])))
        if kind == "del":
            cid = "ct%d" % (len(self.changes) + 1)
            self.changes.append('<text:changed-region xml:id="%s" text:id="%s"><text:deletion>%s'
                                '<text:p text:style-name="Text_20_body">%s</text:p></text:deletion>'
                                '</text:changed-region>' % (cid, cid, change_info(*r[2:]), escape(r[1])))
            return '<text:change text:change-id="%s"/>' % cid
        if kind == "ins":
            cid = "ct%d" % (len(self.changes) + 1)
            self.changes.append('<text:changed-region xml:id="%s" text:id="%s"><text:insertion>%s'
                                '</text:insertion></text:changed-region>' % (cid, cid, change_info(*r[2:])))
            return ('<text:change-start text:change-id="%s"/>%s<text:change-end text:change-id="%s"/>'
                    % (cid, escape(r[1]), cid))
        if kind == "xref":
            return ('<text:bookmark-ref text:reference-format="chapter" '
                    'text:ref-name="__RefHeading___Toc310">%s</text:bookmark-ref>' % r[1])
        if kind == "comment":
            self.annotations += 1
            return ('<office:annotation office:name="__Annotation__%d"><dc:creator>%s'
                    '</dc:creator><dc:date>2026-11-21T09:00:00</dc:date><text:p>%s</text:p>'
                    '</office:annotation><office:annotation-end office:name="__Annotation__%d"/>'
                    % (self.annotations, escape(r[2] if len(r) > 2 else "A. Member"), escape(r[1]),
                       self.annotations))
        if kind == "br":
            return "<text:line-break/>"
        if kind == "tab":
            return "<text:tab/>"
        if kind == "soft":
            return "\u00ad"
        if kind == "textbox":
            return ('<draw:frame draw:style-name="fr1" draw:name="Frame1" text:anchor-type="paragraph" '
                    'svg:width="4cm" draw:z-index="0"><draw:text-box fo:min-height="1cm"><text:p '
                    'text:style-name="Frame_20_contents">%s</text:p></draw:text-box></draw:frame>' % r[1])
        raise ValueError(kind)

    def runs(self, content):
        if isinstance(content, str):
            content = [content]
        return "".join(self.run(r) for r in content)

    def p(self, content, style="Text_20_body"):
        return '<text:p text:style-name="%s">%s</text:p>' % (style, self.runs(content))


def draft_odt(path, draft=None):
    DRAFT_ = DRAFT if draft is None else draft
    o = Odt()
    body, i = [], 0
    lists = {"step": "L1", "step-restart": "L1", "sub": "L2", "bullet": "L3", "rec": "L4"}
    rec_lists = 0
    while i < len(DRAFT_):
        b = DRAFT_[i]
        kind = b[0]
        if kind in lists:
            # a run of items of one kind is one text:list
            items = []
            while i < len(DRAFT_) and (DRAFT_[i][0] == kind or (kind == "step-restart" and DRAFT_[i][0] == "step")):
                items.append(DRAFT_[i][1])
                i += 1
            attrs = ""
            if kind == "rec":
                rec_lists += 1
                attrs = [' xml:id="list-rec"', ' text:continue-list="list-rec"',
                         ' text:continue-numbering="true"'][min(rec_lists - 1, 2)]
            elif kind == "step":
                attrs = ' xml:id="list-steps"'
            # "step-restart": a new list of the same style, continuing nothing, starts at 1
            body.append('<text:list%s text:style-name="%s">%s</text:list>' % (attrs, lists[kind], "".join(
                '<text:list-item>%s</text:list-item>' % o.p(t, "P%s" % lists[kind]) for t in items)))
            continue
        if kind == "title":
            body.append(o.p(b[1], "P1"))
            body.append('<text:table-of-content text:style-name="Sect1" text:protected="true" '
                        'text:name="Table of Contents1"><text:table-of-content-source text:outline-level="3">'
                        '<text:index-title-template text:style-name="Contents_20_Heading">Table of Contents'
                        '</text:index-title-template></text:table-of-content-source><text:index-body>'
                        '<text:index-title text:style-name="Sect1" text:name="Table of Contents1_Head">'
                        '<text:p text:style-name="Contents_20_Heading">Table of Contents</text:p>'
                        '</text:index-title>' + "".join(
                            '<text:p text:style-name="Contents_20_%d"><text:a xlink:type="simple" '
                            'xlink:href="#__RefHeading___Toc%d" text:style-name="Index_20_Link">%s %s'
                            '<text:tab/>1</text:a></text:p>' % (lv, n, num_, escape(t))
                            for n, (lv, num_, t) in enumerate(toc_entries()))
                        + '</text:index-body></text:table-of-content>')
        elif kind == "toc":
            pass
        elif kind == "p":
            body.append(o.p(b[1]))
        elif kind == "p-markdel":
            # Writer keeps a deleted paragraph end in the tracked changes; the text reads on
            body.append(o.p([b[1], DRAFT_[i + 1][1]]))
            i += 1
        elif kind == "h":
            body.append('<text:h text:style-name="Heading_20_%d" text:outline-level="%d">'
                        '<text:bookmark-start text:name="__RefHeading___Toc%d"/>%s'
                        '<text:bookmark-end text:name="__RefHeading___Toc%d"/></text:h>'
                        % (b[1], b[1], i, escape(b[2]), i))
        elif kind == "npara":
            body.append('<text:h text:style-name="Numbered_20_Paragraph" text:outline-level="3">%s</text:h>'
                        % escape(b[1]))
        elif kind == "table":
            rows = b[1]
            cells = lambda row, st: "".join(
                '<table:table-cell table:style-name="Table1.A1" office:value-type="string">'
                '<text:p text:style-name="%s">%s</text:p></table:table-cell>' % (st, escape(c)) for c in row)
            body.append('<table:table table:name="Table1" table:style-name="Table1">'
                        '<table:table-column table:style-name="Table1.A" table:number-columns-repeated="%d"/>'
                        '<table:table-header-rows><table:table-row>%s</table:table-row></table:table-header-rows>'
                        '%s</table:table>' % (len(rows[0]), cells(rows[0], "Table_20_Heading"), "".join(
                            '<table:table-row>%s</table:table-row>' % cells(r, "Table_20_Contents")
                            for r in rows[1:])))
        elif kind == "annex":
            body.append('<text:h text:style-name="Heading_20_1" text:outline-level="1" '
                        'text:is-list-header="true">%s</text:h>' % escape(b[1]))
        else:
            raise ValueError(kind)
        i += 1
    auto = ('<office:automatic-styles>'
            '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Title"/>'
            + "".join('<style:style style:name="P%s" style:family="paragraph" style:parent-style-name="List" '
                      'style:list-style-name="%s"/>' % (l, l) for l in ["L1", "L2", "L3", "L4"])
            + '<style:style style:name="Table1" style:family="table"><style:table-properties '
              'style:width="17cm" table:align="margins"/></style:style>'
              '<style:style style:name="Sect1" style:family="section"><style:section-properties '
              'style:editable="false"/></style:style>'
            + list_style("L1", {"format": "1", "suffix": "."})
            + list_style("L2", {"format": "a", "prefix": "(", "suffix": ")"})
            + list_style("L3", {"bullet": "\u2022"})
            + list_style("L4", {"format": "1", "prefix": "Recommendation ", "suffix": ":"})
            + "</office:automatic-styles>")
    content = (ODF_DECL + '<office:document-content %s><office:scripts/><office:font-face-decls>'
               '<style:font-face style:name="Liberation Serif" svg:font-family="\'Liberation Serif\'" '
               'style:font-family-generic="roman" style:font-pitch="variable"/></office:font-face-decls>'
               '%s<office:body><office:text><text:tracked-changes text:track-changes="true">%s'
               '</text:tracked-changes><text:sequence-decls><text:sequence-decl text:display-outline-level="0" '
               'text:name="Table"/></text:sequence-decls>%s</office:text></office:body>'
               '</office:document-content>' % (ODF_NS, auto, "".join(o.changes), "".join(body)))
    pstyle = lambda name, display, parent, extra="", cls="text": (
        '<style:style style:name="%s"%s style:family="paragraph" style:parent-style-name="%s" '
        'style:class="%s"%s/>' % (name, ' style:display-name="%s"' % display if display else "",
                                   parent, cls, extra))
    outline = ('<text:outline-style style:name="Outline">' + "".join(
        '<text:outline-level-style text:level="%d" style:num-format="%s"%s>%s</text:outline-level-style>'
        % (lv, "1" if lv <= 3 else "", {1: "", 2: ' text:display-levels="2"',
                                        3: ' style:num-suffix="." text:display-levels="3"'}.get(lv, ""),
           label_alignment(lv)) for lv in range(1, 11)) + "</text:outline-style>")
    styles = (ODF_DECL + '<office:document-styles %s><office:font-face-decls/><office:styles>' % ODF_NS
              + '<style:default-style style:family="paragraph"><style:paragraph-properties '
              'fo:hyphenation-ladder-count="no-limit"/><style:text-properties fo:language="en" '
              'fo:country="GB"/></style:default-style>'
              '<style:style style:name="Standard" style:family="paragraph" style:class="text"/>'
              + pstyle("Heading", None, "Standard", ' style:next-style-name="Text_20_body"')
              + pstyle("Text_20_body", "Text body", "Standard")
              + pstyle("List", None, "Text_20_body", cls="list")
              + pstyle("Title", None, "Heading", ' style:next-style-name="Subtitle"', "chapter")
              + pstyle("Heading_20_1", "Heading 1", "Heading", ' style:default-outline-level="1"')
              + pstyle("Heading_20_2", "Heading 2", "Heading", ' style:default-outline-level="2"')
              + pstyle("Numbered_20_Paragraph", "Numbered Paragraph", "Text_20_body",
                       ' style:default-outline-level="3"')
              + pstyle("Footnote", None, "Standard", cls="extra")
              + pstyle("Contents_20_Heading", "Contents Heading", "Heading", cls="index")
              + pstyle("Contents_20_1", "Contents 1", "Standard", cls="index")
              + pstyle("Contents_20_2", "Contents 2", "Standard", cls="index")
              + pstyle("Table_20_Contents", "Table Contents", "Standard", cls="extra")
              + pstyle("Table_20_Heading", "Table Heading", "Table_20_Contents", cls="extra")
              + pstyle("Frame_20_contents", "Frame contents", "Standard", cls="extra")
              + outline
              + '<text:notes-configuration text:note-class="footnote" style:num-format="1" '
                'text:start-value="0" text:footnotes-position="page" text:start-numbering-at="document"/>'
                '</office:styles><office:automatic-styles><style:page-layout style:name="pm1">'
                '<style:page-layout-properties fo:page-width="21.001cm" fo:page-height="29.7cm"/>'
                '</style:page-layout><style:style style:name="MP1" style:family="paragraph" '
                'style:parent-style-name="Standard"/></office:automatic-styles><office:master-styles>'
                '<style:master-page style:name="Standard" style:page-layout-name="pm1"><style:footer>'
                '<text:p text:style-name="MP1">Draft v3 - page <text:page-number '
                'text:select-page="current">1</text:page-number></text:p></style:footer>'
                '</style:master-page></office:master-styles></office:document-styles>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" manifest:version="1.3" '
                'manifest:media-type="application/vnd.oasis.opendocument.text"/>' + "".join(
                    '<manifest:file-entry manifest:full-path="%s" manifest:media-type="text/xml"/>' % f
                    for f in ["content.xml", "styles.xml", "meta.xml", "settings.xml"])
                + "</manifest:manifest>")
    meta = (ODF_DECL + '<office:document-meta %s><office:meta><meta:generator>LibreOffice/7.4.7.2'
            '</meta:generator><dc:title>Draft report v3</dc:title><meta:editing-cycles>3'
            '</meta:editing-cycles></office:meta></office:document-meta>' % ODF_NS)
    settings = (ODF_DECL + '<office:document-settings %s xmlns:config="urn:oasis:names:tc:opendocument:'
                'xmlns:config:1.0"><office:settings/></office:document-settings>' % ODF_NS)
    write_zip(path, [("content.xml", content), ("styles.xml", styles), ("meta.xml", meta),
                     ("settings.xml", settings), ("META-INF/manifest.xml", manifest)],
              stored_first=("mimetype", b"application/vnd.oasis.opendocument.text"))


def seeds(out):
    """Seeds for tests/fuzz/fuzz-office.c: each file whole, and its XML parts joined by NUL
    bytes (document or content, styles, numbering, footnotes, endnotes, comments), the
    harness's other input form."""
    os.makedirs(out, exist_ok=True)
    parts = {"docx": ["word/document.xml", "word/styles.xml", "word/numbering.xml",
                      "word/footnotes.xml", "word/endnotes.xml", "word/comments.xml"],
             "odt": ["content.xml", "styles.xml"]}
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in [("draft-report-v3.docx", draft_docx), ("draft-report-v3.odt", draft_odt),
                           ("review-report.docx", review_docx),
                           ("draft-report-v3-reviewed.docx",
                            lambda path: draft_docx(path, reviewed_draft())),
                           ("draft-report-v3-reviewed.odt",
                            lambda path: draft_odt(path, reviewed_draft()))]:
            path = os.path.join(tmp, name)
            make(path)
            shutil.copy(path, os.path.join(out, name))
            with zipfile.ZipFile(path) as z:
                joined = b"\0".join(z.read(m) if m in z.namelist() else b""
                                     for m in parts[name.rsplit(".", 1)[1]])
            with open(os.path.join(out, name.replace(".", "-") + ".parts"), "wb") as f:
                f.write(joined)


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--seeds":
        seeds(sys.argv[2])
        return
    out = sys.argv[1] if len(sys.argv) > 1 else "fixtures/drafts"
    os.makedirs(out, exist_ok=True)
    draft_docx(os.path.join(out, "draft-report-v3.docx"))
    draft_docx(os.path.join(out, "draft-report-v3-reviewed.docx"), reviewed_draft())
    draft_docx(os.path.join(out, "draft-report-v3-edited.docx"), edited_draft())
    draft_odt(os.path.join(out, "draft-report-v3.odt"))
    draft_odt(os.path.join(out, "draft-report-v3-reviewed.odt"), reviewed_draft())
    review_docx(os.path.join(out, "review-report.docx"))


if __name__ == "__main__":
    main()
