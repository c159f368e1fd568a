/* doc: which kind of document a draft file is, and the dispatch to its reader. The kind
 * is read from the content first (magic numbers), since attachments are often sent as
 * application/octet-stream or with a wrong extension. */
#include <stdlib.h>
#include <string.h>

#include "doc-private.h"
#include "rapporteur/mime.h"

static int has_prefix(const char *bytes, size_t len, const char *magic, size_t k)
{
	return len >= k && memcmp(bytes, magic, k) == 0;
}

/* A zip archive. OpenDocument puts an uncompressed "mimetype" member first (ODF 1.2
 * part 3, 3.3), so its type can be read at a fixed offset: only a text document is read,
 * a spreadsheet or a presentation is no draft. Office Open XML is known by its main part's
 * name, which a zip stores uncompressed (in the local header and the central directory),
 * or by the file's name or type: the reader then says so if word/document.xml is missing.
 * Any other zip -- logs.zip, a .xlsx -- is no document, so a message's body stays the
 * draft. */
static enum rp_doc_kind zip_kind(const char *bytes, size_t len, const char *name,
				 const char *type)
{
	static const char odf[] = "mimetypeapplication/vnd.oasis.opendocument.";
	static const char word[] = "word/document.xml";
	size_t k = 30 + sizeof(odf) - 1;

	if (len >= k && memcmp(bytes + 30, odf, sizeof(odf) - 1) == 0) {
		/* "text" and then the next member's header, not "text-template" */
		if (len >= k + 5 && memcmp(bytes + k, "textP", 5) == 0)
			return RP_DOC_ODT;
		return RP_DOC_OTHER;
	}
	if (memmem(bytes, len, word, sizeof(word) - 1) || rp_iends_with(name, ".docx") ||
	    rp_iends_with(name, ".docm") || rp_iends_with(name, ".dotx") ||
	    (type && rp_istarts_with(type, "application/vnd.openxmlformats-officedocument."
					   "wordprocessingml")))
		return RP_DOC_DOCX;
	if (rp_iends_with(name, ".odt") ||
	    (type && rp_ascii_casecmp(type, "application/vnd.oasis.opendocument.text") == 0))
		return RP_DOC_ODT;
	return RP_DOC_OTHER;
}

/* HTML by its opening: "<!doctype html" or "<html" after white space (and a BOM). */
static int looks_like_html(const char *bytes, size_t len)
{
	size_t i = 0;

	if (has_prefix(bytes, len, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n'))
		i++;
	return (len - i >= 14 && rp_ascii_ncasecmp(bytes + i, "<!doctype html", 14) == 0) ||
	       (len - i >= 5 && rp_ascii_ncasecmp(bytes + i, "<html", 5) == 0);
}

enum rp_doc_kind rp_doc_kind(const char *bytes, size_t len, const char *name, const char *type)
{
	if (has_prefix(bytes, len, "%PDF-", 5))
		return RP_DOC_PDF;
	if (has_prefix(bytes, len, "PK\x03\x04", 4))
		return zip_kind(bytes, len, name, type);
	if (has_prefix(bytes, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) ||
	    has_prefix(bytes, len, "{\\rtf", 5))
		return RP_DOC_LEGACY;
	if (looks_like_html(bytes, len) || rp_iends_with(name, ".html") ||
	    rp_iends_with(name, ".htm") || (type && rp_ascii_casecmp(type, "text/html") == 0))
		return RP_DOC_HTML;
	return RP_DOC_TEXT;
}

const char *rp_doc_kind_name(enum rp_doc_kind kind)
{
	switch (kind) {
	case RP_DOC_TEXT:
		return "text";
	case RP_DOC_HTML:
		return "HTML";
	case RP_DOC_DOCX:
		return "Word (.docx)";
	case RP_DOC_ODT:
		return "OpenDocument (.odt)";
	case RP_DOC_PDF:
		return "PDF";
	case RP_DOC_OTHER:
		return "archive or other";
	case RP_DOC_LEGACY:
		break;
	}
	return "legacy word-processor file";
}

/* ---- text or not ------------------------------------------------------------------------ */

/* Bytes looked at to tell text from other data, as file(1) and git do with the start of a
 * file: a binary file shows itself in its first few kilobytes. */
#define TEXT_SAMPLE 4096

/* What the start of a file holds that text does not, or holds only in small numbers. */
struct text_sample {
	size_t len;      /* bytes looked at */
	size_t controls; /* C0 controls but tab, LF, CR, FF, VT; DEL; C1 controls; NUL included */
	size_t nul;      /* NUL bytes */
	size_t valid_mb; /* well-formed multi-byte UTF-8 sequences */
	size_t broken;   /* ill-formed UTF-8 sequences */
};

static int is_control(uint32_t c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') ||
	       (c >= 0x7F && c <= 0x9F);
}

static void sample_text(const char *s, size_t len, struct text_sample *t)
{
	size_t i = 0, n;
	uint32_t cp;

	memset(t, 0, sizeof(*t));
	t->len = len < TEXT_SAMPLE ? len : TEXT_SAMPLE;
	while (i < t->len) {
		if ((unsigned char)s[i] < 0x80) {
			t->nul += s[i] == '\0';
			t->controls += is_control((unsigned char)s[i]);
			i++;
			continue;
		}
		/* decoded against the whole text: a character cut by the sample's end is whole */
		n = rp_utf8_decode(s + i, len - i, &cp);
		if (cp == 0xFFFD && !(n == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
			t->broken++;
		else
			t->valid_mb++, t->controls += is_control(cp);
		i += n;
	}
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

int rp_doc_check_text(const char *bytes, size_t len, const char *what, struct rp_error *err)
{
	struct text_sample t;
	size_t broken;

	if (has_prefix(bytes, len, "\xFF\xFE", 2) || has_prefix(bytes, len, "\xFE\xFF", 2))
		return rp_error_set(err, RP_EUSAGE, what,
				    "not a text document rapporteur reads: UTF-16 text (it starts "
				    "with a UTF-16 byte order mark); save it as UTF-8, or give a "
				    ".docx, .odt or PDF");
	sample_text(bytes, len, &t);
	/* Bytes above 0x7F that are no UTF-8, in a text where well-formed multi-byte sequences
	 * are as few, are an 8-bit charset (Latin-1, windows-1252, KOI8-R): text all the same.
	 * In a text that is otherwise UTF-8 they are damage, and count with the controls. */
	broken = t.valid_mb > t.broken ? t.broken : 0;
	if (!t.nul && (t.controls + broken) * 32 <= t.len)
		return 0;
	if (broken)
		return rp_error_set(err, RP_EUSAGE, what,
				    "not a text document: %zu control byte%s and %zu broken UTF-8 "
				    "sequence%s in the first 4 KB; give a .md, .txt, .docx, .odt or "
				    "PDF",
				    t.controls, plural(t.controls), broken, plural(broken));
	return rp_error_set(err, RP_EUSAGE, what,
			    "not a text document: %zu control byte%s in the first 4 KB; give a "
			    ".md, .txt, .docx, .odt or PDF",
			    t.controls, plural(t.controls));
}

/* Text and HTML go to the draft parser as they are or shrunk, and are held to its limit
 * here, so that the refusal names the file. */
static int too_long(size_t len, enum rp_doc_kind kind, const char *what, struct rp_error *err)
{
	return rp_error_set(err, RP_ELIMIT, what,
			    "the %s%s file is %zu bytes, larger than the %zu MB limit for a draft",
			    kind == RP_DOC_TEXT ? "" : "text of the ", rp_doc_kind_name(kind), len,
			    RP_DOC_MAX_TEXT >> 20);
}

/* Text that is not UTF-8 is an 8-bit charset (rp_doc_check_text let it pass): a draft
 * saved as Latin-1 or windows-1252 by an older editor. It is read as windows-1252, a
 * superset of Latin-1's printable characters, as mail without a charset is; a text that is
 * UTF-8 with a few broken sequences keeps its characters and gets U+FFFD for those. */
static int utf8_copy(const char *bytes, size_t len, char **out, size_t *out_len)
{
	struct rp_buf b = RP_BUF_INIT;

	if (rp_utf8_valid(bytes, len)) {
		if (!(*out = rp_strndup(bytes, len)))
			return RP_ENOMEM;
		*out_len = len;
		return 0;
	}
	if (rp_charset_to_utf8(&b, "utf-8", bytes, len, NULL)) {
		rp_buf_release(&b);
		return RP_ENOMEM;
	}
	*out = rp_buf_detach(&b, out_len);
	return *out ? 0 : RP_ENOMEM;
}

static int copy_text(const char *bytes, size_t len, const char *what, char **out,
		     size_t *out_len, struct rp_error *err)
{
	int rc;

	if (len > RP_DOC_MAX_TEXT)
		return too_long(len, RP_DOC_TEXT, what, err);
	if ((rc = rp_doc_check_text(bytes, len, what, err)))
		return rc;
	if (utf8_copy(bytes, len, out, out_len))
		return rp_error_set(err, RP_ENOMEM, "draft", "out of memory");
	return 0;
}

static int html_text(const char *bytes, size_t len, const char *what, char **out,
		     size_t *out_len, struct rp_error *err)
{
	int rc;

	/* the text, not the page, is held to the limit: pages saved from Word are mostly
	 * markup, and the page itself is within RP_DOC_MAX_BYTES */
	char *page;
	size_t page_len;

	if ((rc = rp_doc_check_text(bytes, len, what, err)))
		return rc;
	if (utf8_copy(bytes, len, &page, &page_len))
		return rp_error_set(err, RP_ENOMEM, "draft", "out of memory");
	*out = rp_html_draft_to_text(page, page_len);
	free(page);
	if (!*out)
		return rp_error_set(err, RP_ENOMEM, "draft", "out of memory");
	*out_len = strlen(*out);
	if (*out_len > RP_DOC_MAX_TEXT) {
		free(*out);
		*out = NULL;
		*out_len = 0;
		return too_long(len, RP_DOC_HTML, what, err);
	}
	return 0;
}

int rp_doc_to_text(const char *bytes, size_t len, enum rp_doc_kind kind, const char *what,
		   char **out, size_t *out_len, struct rp_error *err)
{
	*out = NULL;
	*out_len = 0;
	if (len > RP_DOC_MAX_BYTES)
		return rp_error_set(err, RP_ELIMIT, what, "the %s file is larger than the %zu MB limit",
				    rp_doc_kind_name(kind), RP_DOC_MAX_BYTES >> 20);
	switch (kind) {
	case RP_DOC_TEXT:
		return copy_text(bytes, len, what, out, out_len, err);
	case RP_DOC_HTML:
		return html_text(bytes, len, what, out, out_len, err);
	case RP_DOC_DOCX:
		return rp_doc_docx_text(bytes, len, what, out, out_len, err);
	case RP_DOC_ODT:
		return rp_doc_odt_text(bytes, len, what, out, out_len, err);
	case RP_DOC_PDF:
		return rp_doc_pdf_text(bytes, len, what, out, out_len, err);
	case RP_DOC_OTHER:
		return rp_error_set(err, RP_EUSAGE, what,
				    "not a document rapporteur reads (a zip archive, a "
				    "spreadsheet, a presentation...); a draft is text, HTML, "
				    ".docx, .odt or PDF");
	case RP_DOC_LEGACY:
		break;
	}
	return rp_error_set(err, RP_EUSAGE, what,
			    "a legacy word-processor file (.doc, RTF) that rapporteur does not "
			    "read; save it as .docx, .odt or PDF");
}
