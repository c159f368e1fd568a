/* fuzz-office: libFuzzer target for the .docx and .odt readers (rp_doc_to_text) and the
 * reader of their comments and tracked changes (rp_doc_review_marks). An input
 * that starts with "PK" is a whole file, given to both readers as it is. Any other input is
 * a document's XML parts separated by NUL bytes -- document.xml (content.xml for the .odt),
 * styles.xml, numbering.xml, footnotes.xml, endnotes.xml, comments.xml -- packed here into an
 * uncompressed zip, so that mutations reach the XML rather than die on a zip checksum.
 * Seeds: tests/fuzz/seeds/office/, written by tests/make-office-fixtures.py --seeds.
 * Must never crash or leak; what a reader returns is valid UTF-8 without NUL bytes, within
 * the draft limit, and parses as a draft; a refusal says why. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "rapporteur/doc.h"
#include "rapporteur/draft.h"
#include "rapporteur/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct part {
	const char *name;
	const uint8_t *data;
	size_t len;
};

static void put16(struct rp_buf *b, unsigned v)
{
	rp_buf_addch(b, (char)(v & 0xff));
	rp_buf_addch(b, (char)((v >> 8) & 0xff));
}

static void put32(struct rp_buf *b, uint32_t v)
{
	put16(b, v & 0xffff);
	put16(b, v >> 16);
}

/* A zip of the parts, stored without compression. */
static void make_zip(struct rp_buf *zip, const struct part *p, int n)
{
	struct rp_buf cd = RP_BUF_INIT;
	size_t at;
	int i;

	for (i = 0; i < n; i++) {
		uint32_t crc = (uint32_t)crc32(0, p[i].data, (uInt)p[i].len);
		at = zip->len;
		put32(zip, 0x04034b50), put16(zip, 20), put16(zip, 0), put16(zip, 0);
		put16(zip, 0), put16(zip, 0x21), put32(zip, crc), put32(zip, (uint32_t)p[i].len);
		put32(zip, (uint32_t)p[i].len), put16(zip, (unsigned)strlen(p[i].name)), put16(zip, 0);
		rp_buf_adds(zip, p[i].name);
		rp_buf_add(zip, p[i].data, p[i].len);
		put32(&cd, 0x02014b50), put16(&cd, 20), put16(&cd, 20), put16(&cd, 0), put16(&cd, 0);
		put16(&cd, 0), put16(&cd, 0x21), put32(&cd, crc), put32(&cd, (uint32_t)p[i].len);
		put32(&cd, (uint32_t)p[i].len), put16(&cd, (unsigned)strlen(p[i].name)), put16(&cd, 0);
		put16(&cd, 0), put16(&cd, 0), put16(&cd, 0), put32(&cd, 0), put32(&cd, (uint32_t)at);
		rp_buf_adds(&cd, p[i].name);
	}
	at = zip->len;
	rp_buf_add(zip, cd.buf, cd.len);
	put32(zip, 0x06054b50), put16(zip, 0), put16(zip, 0), put16(zip, (unsigned)n);
	put16(zip, (unsigned)n), put32(zip, (uint32_t)cd.len), put32(zip, (uint32_t)at), put16(zip, 0);
	rp_buf_release(&cd);
}

static void check_utf8(const char *s)
{
	if (s && !rp_utf8_valid(s, strlen(s)))
		abort();
}

static void read_marks(const char *bytes, size_t len, enum rp_doc_kind kind)
{
	struct rp_error err = { 0 };
	struct rp_doc_mark *m = NULL;
	size_t n = 0, i;
	int rc = rp_doc_review_marks(bytes, len, kind, "fuzz", &m, &n, &err);

	if (rc && (m || n || !err.msg[0]))
		abort();
	for (i = 0; i < n; i++) {
		if (!m[i].text)
			abort();
		check_utf8(m[i].text);
		check_utf8(m[i].context);
		check_utf8(m[i].author);
	}
	rp_doc_marks_free(m, n);
}

static void read_as(const char *bytes, size_t len, enum rp_doc_kind kind)
{
	struct rp_error err = { 0 };
	struct rp_draft_doc *d = NULL;
	char *text = NULL;
	size_t n = 0;
	int rc = rp_doc_to_text(bytes, len, kind, "fuzz", &text, &n, &err);

	if (rc) {
		if (text || !err.msg[0] || (rc != RP_EPARSE && rc != RP_ELIMIT && rc != RP_ENOMEM))
			abort();
		return;
	}
	if (!text || n != strlen(text) || n > ((size_t)16 << 20) || !rp_utf8_valid(text, n))
		abort();
	if (rp_draft_parse(&d, text, n, NULL) != 0)
		abort();
	rp_draft_doc_free(d);
	free(text);
	read_marks(bytes, len, kind);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const docx[] = { "word/document.xml", "word/styles.xml",
					    "word/numbering.xml", "word/footnotes.xml",
					    "word/endnotes.xml", "word/comments.xml" };
	static const char *const odt[] = { "content.xml", "styles.xml" };
	struct part p[6];
	struct rp_buf zip = RP_BUF_INIT;
	size_t start = 0, i;
	int n = 0;

	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		read_as((const char *)data, size, RP_DOC_DOCX);
		read_as((const char *)data, size, RP_DOC_ODT);
		return 0;
	}
	for (i = 0; i <= size && n < 6; i++)
		if (i == size || data[i] == '\0') {
			p[n].name = docx[n];
			p[n].data = data + start;
			p[n++].len = i - start;
			start = i + 1;
		}
	make_zip(&zip, p, n);
	read_as(zip.buf, zip.len, RP_DOC_DOCX);
	rp_buf_clear(&zip);
	for (i = 0; i < 2 && i < (size_t)n; i++)
		p[i].name = odt[i];
	make_zip(&zip, p, n < 2 ? n : 2);
	read_as(zip.buf, zip.len, RP_DOC_ODT);
	rp_buf_release(&zip);
	return 0;
}
