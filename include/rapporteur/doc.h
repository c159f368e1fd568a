/* doc: a draft circulated as a document file -- a word processor's (.docx, .odt), a PDF,
 * an HTML page -- read as the text the draft parser takes (rp_draft_parse). Section
 * numbers a word processor generates (its automatic list numbering) are written into
 * the text, since members cite them ("on 3.9 ..."); PDF page breaks are kept as form
 * feeds, since members cite pages. */
#ifndef RAPPORTEUR_DOC_H
#define RAPPORTEUR_DOC_H

#include <stddef.h>

#include "rapporteur/util.h"

/* The largest document file read (a PDF or .docx with pictures); its text must still fit
 * the draft parser's limit. */
#define RP_DOC_MAX_BYTES ((size_t)64 << 20)

enum rp_doc_kind {
	RP_DOC_TEXT,   /* plain text, Markdown, reStructuredText: read as it is */
	RP_DOC_HTML,   /* an HTML page */
	RP_DOC_DOCX,   /* Office Open XML word processing (.docx) */
	RP_DOC_ODT,    /* OpenDocument text (.odt) */
	RP_DOC_PDF,    /* PDF */
	RP_DOC_LEGACY, /* a format rapporteur does not read: .doc (OLE), RTF, .pages... */
	RP_DOC_OTHER,  /* no document at all: an archive, a spreadsheet, a presentation... */
};

/* Kind of a document from its first bytes, then its file name and MIME type (either may
 * be NULL). Content decides over names: a PDF named draft.txt is a PDF. A zip archive is
 * Word only when it holds word/document.xml or is named or typed as Word, OpenDocument
 * only for a text document; any other zip (logs.zip, a spreadsheet) is RP_DOC_OTHER. */
enum rp_doc_kind rp_doc_kind(const char *bytes, size_t len, const char *name, const char *type);

/* Short name of a kind for messages ("Word .docx", "PDF"...). */
const char *rp_doc_kind_name(enum rp_doc_kind kind);

/* 0 when bytes read as a text document; else RP_EUSAGE, err naming `what` and saying why:
 * the first 4 KB hold a NUL byte, or control characters (tab, line and page breaks aside)
 * and broken UTF-8 sequences in an otherwise UTF-8 text make more than one byte in 32 of
 * them (a binary file, an image, an archive); or the text is UTF-16. Broken UTF-8 alone,
 * with no well-formed multi-byte sequence, is an 8-bit charset and passes. */
int rp_doc_check_text(const char *bytes, size_t len, const char *what, struct rp_error *err);

/* The text of a document of the given kind, for rp_draft_parse: malloc'ed, NUL-terminated
 * UTF-8 in *out (*out_len bytes, not counting the NUL). `what` names the document in error
 * messages (its file name, or "attachment 'x' of <id>"). Returns 0; RP_EPARSE for a damaged
 * or unreadable document (the message says what is wrong), RP_EUSAGE for a format
 * rapporteur does not read (the message says how to convert it), RP_DOC_OTHER, or text
 * and HTML that rp_doc_check_text refuses,
 * RP_ELIMIT when the document or its text exceeds the draft size limit, RP_ENOMEM.
 * A PDF is read by running `pdftotext -layout` (poppler-utils): RP_EIO when it cannot be run
 * (not installed), RP_ELIMIT when it takes longer than $RAPPORTEUR_PDF_TIMEOUT seconds
 * (default 60), RP_EPARSE for a PDF without a text layer (a scan). */
int rp_doc_to_text(const char *bytes, size_t len, enum rp_doc_kind kind, const char *what,
		   char **out, size_t *out_len, struct rp_error *err);

/* What reviewers marked in a document returned with comments, in document order: each
 * comment, with the text it is attached to, and each paragraph's tracked changes by one
 * author, as one proposal ('Replace "a" with "b". Delete "c". Add "d".') with the
 * paragraph as it read. */
struct rp_doc_mark {
	char *author;  /* as the document names them (w:author), or NULL */
	char *context; /* the text marked, one line (cut at 600 bytes, "..."), or NULL */
	char *text;    /* the comment, or the proposal */
};
/* Word .docx (comments, w:ins, w:del) and OpenDocument .odt (office:annotation, tracked
 * changes); *out (n marks, none when the document has none or is of another kind) is freed
 * with rp_doc_marks_free. Returns 0, RP_EPARSE (a damaged
 * document), RP_ELIMIT (more than 10,000 marks), RP_ENOMEM. */
int rp_doc_review_marks(const char *bytes, size_t len, enum rp_doc_kind kind, const char *what,
			struct rp_doc_mark **out, size_t *n, struct rp_error *err);
void rp_doc_marks_free(struct rp_doc_mark *m, size_t n);

/* One proposed edit in words, appended to b as a sentence (after a space when b holds
 * text already): 'Replace "a" with "b" in "the words around"', 'Delete "a"', 'Add "b"
 * after "the words before"' or '... at the start'. del (del_len bytes) is what goes, found
 * at byte del_at of before (the paragraph as it read); ins (ins_len bytes) what comes,
 * at byte ins_at of after (as it reads); either may be empty, both empty write nothing.
 * White space is made single spaces. Returns 0 or RP_ENOMEM. */
int rp_doc_edit_sentence(struct rp_buf *b, const char *del, size_t del_len, const char *ins,
			 size_t ins_len, const char *before, size_t del_at, const char *after,
			 size_t ins_at);

#endif
