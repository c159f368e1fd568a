/* test-doc: the word-processor readers, rp_doc_to_text on .docx and .odt, seen through the
 * draft parser. Each fixture of fixtures/drafts/ (written by tests/make-office-fixtures.py)
 * gives its section numbers, headings and parents, and the text shows what the readers
 * keep and drop; small packages built here check each list number format; and damaged and
 * hostile files -- truncated, not a zip, a zip without its document, zip bombs with true
 * and understated sizes, entity declarations, text over the limit, deep nesting -- give the
 * right error, naming the file. Zips are built here with zlib, so the hostile ones need no
 * large files in the repository. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libxml/parser.h>
#include <zlib.h>

#include "harness.h"
#include "rapporteur/doc.h"
#include "rapporteur/draft.h"
#include "rapporteur/util.h"

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define ODF_NS                                                                                \
	"xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "                  \
	"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "                      \
	"xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""

/* ---- a zip writer ------------------------------------------------------------------------ */

/* A member: head, then `count` copies of fill, then tail. */
struct member {
	const char *name, *head;
	char fill;
	size_t count;
	const char *tail;
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

static void set32(struct rp_buf *b, size_t at, uint32_t v)
{
	int i;

	for (i = 0; i < 4; i++)
		b->buf[at + (size_t)i] = (char)((v >> (8 * i)) & 0xff);
}

static void deflate_into(z_stream *zs, struct rp_buf *out, const char *data, size_t len, int flush)
{
	zs->next_in = (Bytef *)data;
	zs->avail_in = (uInt)len;
	do {
		rp_buf_grow(out, 65536);
		zs->next_out = (Bytef *)out->buf + out->len;
		zs->avail_out = 65536;
		deflate(zs, flush);
		out->len += 65536 - zs->avail_out; /* rp_buf_setlen only shortens */
		out->buf[out->len] = '\0';
	} while (zs->avail_out == 0);
}

/* Append member m, deflated, to zip; its central directory entry to cd. A non-zero lie
 * is written as its inflated size, in both headers: what a zip bomb may claim. */
static void add_member(struct rp_buf *zip, struct rp_buf *cd, const struct member *m, uint32_t lie)
{
	static char chunk[65536];
	size_t at = zip->len, data, left = m->count, usize = 0;
	uint32_t crc = 0;
	z_stream zs;

	memset(&zs, 0, sizeof(zs));
	deflateInit2(&zs, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
	memset(chunk, m->fill, sizeof(chunk));
	put32(zip, 0x04034b50), put16(zip, 20), put16(zip, 0), put16(zip, 8), put16(zip, 0);
	put16(zip, 0x21), put32(zip, 0), put32(zip, 0), put32(zip, 0);
	put16(zip, (unsigned)strlen(m->name)), put16(zip, 0), rp_buf_adds(zip, m->name);
	data = zip->len;
	crc = crc32(crc, (const Bytef *)m->head, (uInt)strlen(m->head));
	deflate_into(&zs, zip, m->head, strlen(m->head), Z_NO_FLUSH);
	for (; left; left -= left < sizeof(chunk) ? left : sizeof(chunk)) {
		size_t n = left < sizeof(chunk) ? left : sizeof(chunk);
		crc = crc32(crc, (const Bytef *)chunk, (uInt)n);
		deflate_into(&zs, zip, chunk, n, Z_NO_FLUSH);
	}
	crc = crc32(crc, (const Bytef *)m->tail, (uInt)strlen(m->tail));
	deflate_into(&zs, zip, m->tail, strlen(m->tail), Z_FINISH);
	deflateEnd(&zs);
	usize = strlen(m->head) + m->count + strlen(m->tail);
	set32(zip, at + 14, crc);
	set32(zip, at + 18, (uint32_t)(zip->len - data));
	set32(zip, at + 22, lie ? lie : (uint32_t)usize);
	put32(cd, 0x02014b50), put16(cd, 20), put16(cd, 20), put16(cd, 0), put16(cd, 8);
	put16(cd, 0), put16(cd, 0x21), put32(cd, crc), put32(cd, (uint32_t)(zip->len - data));
	put32(cd, lie ? lie : (uint32_t)usize), put16(cd, (unsigned)strlen(m->name));
	put16(cd, 0), put16(cd, 0), put16(cd, 0), put16(cd, 0), put32(cd, 0);
	put32(cd, (uint32_t)at), rp_buf_adds(cd, m->name);
}

static void make_zip(struct rp_buf *zip, const struct member *m, size_t n, uint32_t lie)
{
	struct rp_buf cd = RP_BUF_INIT;
	size_t i, at;

	for (i = 0; i < n; i++)
		add_member(zip, &cd, &m[i], lie);
	at = zip->len;
	rp_buf_add(zip, cd.buf, cd.len);
	put32(zip, 0x06054b50), put16(zip, 0), put16(zip, 0), put16(zip, (unsigned)n);
	put16(zip, (unsigned)n), put32(zip, (uint32_t)cd.len), put32(zip, (uint32_t)at), put16(zip, 0);
	rp_buf_release(&cd);
}

/* A .docx of one document.xml (and a numbering.xml when given). */
static void make_docx(struct rp_buf *zip, const char *body, const char *numbering)
{
	struct rp_buf doc = RP_BUF_INIT;
	struct member m[2];

	rp_buf_addf(&doc, "<w:document " W_NS "><w:body>%s</w:body></w:document>", body);
	m[0] = (struct member){ "word/document.xml", doc.buf, ' ', 0, "" };
	m[1] = (struct member){ "word/numbering.xml", numbering ? numbering : "", ' ', 0, "" };
	make_zip(zip, m, numbering ? 2 : 1, 0);
	rp_buf_release(&doc);
}

static void make_odt(struct rp_buf *zip, const char *automatic, const char *body)
{
	struct rp_buf doc = RP_BUF_INIT;
	struct member m;

	rp_buf_addf(&doc,
		    "<office:document-content " ODF_NS "><office:automatic-styles>%s"
		    "</office:automatic-styles><office:body><office:text>%s</office:text>"
		    "</office:body></office:document-content>",
		    automatic, body);
	m = (struct member){ "content.xml", doc.buf, ' ', 0, "" };
	make_zip(zip, &m, 1, 0);
	rp_buf_release(&doc);
}

/* ---- the fixtures ------------------------------------------------------------------------ */

static char *read_text(const char *path, struct rp_error *err, int *rc)
{
	char *raw = NULL, *text = NULL;
	size_t len = 0, tlen = 0;

	if ((*rc = rp_read_file(path, RP_DOC_MAX_BYTES, &raw, &len, err)))
		return NULL;
	*rc = rp_doc_to_text(raw, len, rp_doc_kind(raw, len, path, NULL), path, &text, &tlen, err);
	free(raw);
	return text;
}

static int find(const struct rp_draft_doc *d, const char *number)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->sections[i].number && strcmp(d->sections[i].number, number) == 0)
			return (int)i;
	return -1;
}

struct expect {
	const char *number;
	const char *heading; /* NULL: none */
	const char *parent;  /* NULL: top level */
	int level;
};

/* The Word and the LibreOffice rendering of one draft: the same sections. */
static const struct expect draft_v3[] = {
	{ "1", "Introduction", NULL, 1 },
	{ "1.1", "Background", "1", 2 },
	{ "1.2", "Method", "1", 2 },
	{ "2", "A year-round forum", NULL, 1 },
	{ "Recommendation 1", NULL, "2", 2 },
	{ "3", "Outreach", NULL, 1 },
	{ "3.1", "Outreach to industry", "3", 2 },
	{ "3.8", "Best practice forums", "3", 2 },
	{ "3.9", "Issue teams", "3", 2 },
	{ "3.9.1", NULL, "3.9", 3 },
	{ "3.9.2", NULL, "3.9", 3 },
	{ "3.10", "Selection of issue team members", "3", 2 },
	{ "Recommendation 2", NULL, "3.10", 3 },
	{ "4", "Resources", NULL, 1 },
	{ "Recommendation 4", NULL, "4", 2 },
	{ "A", "Terms of reference", NULL, 1 },
};

static const struct expect review[] = {
	{ "I", "Introduction", NULL, 1 }, { "1", NULL, "I", 2 },      { "2", NULL, "I", 2 },
	{ "1.1", "Scope", "I", 2 },	  { "3", NULL, "1.1", 3 },    { "II", "Findings", NULL, 1 },
	{ "4", NULL, "II", 2 },		  { "2.1", "Participation", "II", 2 },
	{ "5", NULL, "2.1", 3 },	  { "A", "Participants", NULL, 1 },
};

/* What the text holds ("+...") or must not hold ("-..."), and what a section's text holds
 * ("3.9.1=(a) Issue ..."). */
static const char *const draft_v3_text[] = {
	"+We held twelve meetings.",	       /* an insertion kept */
	"-eleven",			       /* a deletion dropped */
	"+We also met online twice.",	       /* a deleted paragraph mark */
	"+forum's intersessional work",	       /* a soft hyphen */
	"+as section 3.10 says",	       /* a cross-reference's result */
	"-REF _Ref",			       /* ... not its code */
	"-Contents",			       /* the table of contents */
	"-Table of Contents",
	"-DRAFT",			       /* a text box */
	"-Which MAG",			       /* a comment */
	"-Draft v3 - page",		       /* a page footer */
	"+- Consultations with members",       /* bullets */
	"+Body | Role | Members\nMAG | Selects the teams | 55\n", /* a table */
	"+reports to the MAG.\nIt meets",      /* a line break */
	"1.1=set up in 2024[1].",	       /* a footnote marked... */
	"1.1=[1] Decision 12 of the MAG, March 2024.", /* ...and given after its paragraph */
	"3.9.1=We support issue teams",
	"3.9.1=(a) Issue teams should be small.\n\n(b) Members should rotate",
	"3.9.2=1. Agree the themes\n\n2. Call for members", /* a restarted list: text */
	"2=1. Publish a calendar early",       /* a list inside a section: text */
	"Recommendation 4=Establish a trust fund", /* continued across lists */
	NULL,
};

static const char *const review_text[] = {
	"3=(a) its annual meetings, with\n\n(i) their programme;\n\n(ii) their participants;",
	"3=(b) its intersessional work, with\n\n(iii) its best practice forums.", /* lvlRestart */
	"A=A. Member states\n\nB. Observers", /* a level redefined by an override */
	"2=It met eleven times:\n\n(a) six times in Geneva;",
	NULL,
};

static const struct fixture {
	const char *path, *title;
	size_t n; /* sections, the preamble included */
	const struct expect *sections;
	size_t nsections;
	const char *const *text;
} fixtures[] = {
	{ "fixtures/drafts/draft-report-v3.docx", "Draft report of the Working Group on Strategy", 24,
	  draft_v3, sizeof(draft_v3) / sizeof(draft_v3[0]), draft_v3_text },
	{ "fixtures/drafts/draft-report-v3.odt", "Draft report of the Working Group on Strategy", 24,
	  draft_v3, sizeof(draft_v3) / sizeof(draft_v3[0]), draft_v3_text },
	{ "fixtures/drafts/review-report.docx", "Report of the review of the Forum", 10, review,
	  sizeof(review) / sizeof(review[0]), review_text },
};

static void check_section(const struct fixture *f, const struct rp_draft_doc *d,
			  const struct expect *e)
{
	int k = find(d, e->number);

	CHECK(k >= 0);
	if (k < 0) {
		fprintf(stderr, "  %s: no section %s\n", f->path, e->number);
		return;
	}
	if (e->heading)
		CHECK_STR(d->sections[k].heading, e->heading);
	else
		CHECK(d->sections[k].heading == NULL);
	CHECK_INT(d->sections[k].level, e->level);
	CHECK_INT(d->sections[k].parent, e->parent ? find(d, e->parent) : -1);
}

static void check_text(const struct fixture *f, const struct rp_draft_doc *d, const char *text,
		       const char *want)
{
	const char *eq = strchr(want, '=');

	if (want[0] == '+' || want[0] == '-') {
		int has = strstr(text, want + 1) != NULL;
		if (has != (want[0] == '+'))
			fprintf(stderr, "  %s: text %s \"%s\"\n", f->path,
				has ? "holds" : "lacks", want + 1);
		CHECK(has == (want[0] == '+'));
	} else if (eq) {
		char number[40];
		int k;
		snprintf(number, sizeof(number), "%.*s", (int)(eq - want), want);
		k = find(d, number);
		CHECK(k >= 0 && strstr(d->sections[k].text, eq + 1));
		if (k >= 0 && !strstr(d->sections[k].text, eq + 1))
			fprintf(stderr, "  %s: section %s lacks \"%s\" in \"%s\"\n", f->path, number,
				eq + 1, d->sections[k].text);
	}
}

static void test_fixtures(void)
{
	size_t i, j;

	for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		const struct fixture *f = &fixtures[i];
		struct rp_error err = { 0 };
		struct rp_draft_doc *d = NULL;
		int rc;
		char *text = read_text(f->path, &err, &rc);

		CHECK_INT(rc, 0);
		if (!text) {
			fprintf(stderr, "  %s: %s\n", f->path, rp_error_text(&err));
			continue;
		}
		CHECK_INT(rp_draft_parse(&d, text, strlen(text), &err), 0);
		if (d) {
			CHECK_STR(d->title, f->title);
			CHECK_INT(d->n, f->n);
			for (j = 0; j < f->nsections; j++)
				check_section(f, d, &f->sections[j]);
			for (j = 0; f->text[j]; j++)
				check_text(f, d, text, f->text[j]);
		}
		rp_draft_doc_free(d);
		free(text);
	}
}

static void check_error(const char *what, int rc, int code, const struct rp_error *err,
			const char *msg)
{
	CHECK_INT(rc, code);
	CHECK_STR(err->where, what);
	CHECK(strstr(err->msg, msg) != NULL);
	if (!strstr(err->msg, msg))
		fprintf(stderr, "  %s: \"%s\" lacks \"%s\"\n", what, rp_error_text(err), msg);
}

/* The start of a zip whose first member, stored, is an OpenDocument "mimetype" (only the
 * bytes the kind is read from). */
static void odf_head(struct rp_buf *b, const char *mimetype)
{
	rp_buf_add(b, "PK\x03\x04", 4);
	while (b->len < 30)
		rp_buf_addch(b, '\0');
	rp_buf_addf(b, "mimetypeapplication/vnd.oasis.opendocument.%sPK\x03\x04", mimetype);
}

/* The kind is read from the content: a .docx named .txt is Word, an .odt by its mimetype,
 * a PDF named .txt is a PDF; a zip is Word only by its word/document.xml, its name or its
 * type, and a zip that is neither Word nor an OpenDocument text is no document. */
static void test_kind(void)
{
	static const struct {
		const char *src; /* a fixture, "zip:NAME" (a zip with member NAME), "odf:TYPE",
				  * or the bytes themselves */
		const char *name, *type;
		enum rp_doc_kind kind;
		int code; /* what rp_doc_to_text returns: a refusal, or 0 (not tried) */
		const char *msg;
	} cases[] = {
		{ "fixtures/drafts/draft-report-v3.odt", "draft.docx", NULL, RP_DOC_ODT, 0, NULL },
		{ "fixtures/drafts/draft-report-v3.docx", "draft.txt", "text/plain", RP_DOC_DOCX, 0, NULL },
		{ "fixtures/drafts/draft-report-v3.docx", NULL, NULL, RP_DOC_DOCX, 0, NULL },
		{ "fixtures/drafts/wgs-feedback.pdf", "draft.txt", "text/plain", RP_DOC_PDF, 0, NULL },
		{ "odf:text", NULL, NULL, RP_DOC_ODT, 0, NULL },
		{ "odf:spreadsheet", "budget.ods", NULL, RP_DOC_OTHER, RP_EUSAGE, "not a document" },
		{ "odf:presentation", "talk.odt", NULL, RP_DOC_OTHER, 0, NULL },
		{ "odf:text-template", "draft.ott", NULL, RP_DOC_OTHER, 0, NULL },
		{ "zip:server.log", "logs.zip", "application/zip", RP_DOC_OTHER, RP_EUSAGE,
		  "not a document rapporteur reads (a zip archive" },
		{ "zip:xl/workbook.xml", "budget.xlsx", NULL, RP_DOC_OTHER, 0, NULL },
		{ "zip:server.log", "draft.DOCX", NULL, RP_DOC_DOCX, RP_EPARSE, "no word/document.xml" },
		{ "zip:server.log", "x", "application/vnd.openxmlformats-officedocument."
		  "wordprocessingml.document", RP_DOC_DOCX, 0, NULL },
		{ "zip:server.log", "draft.odt", NULL, RP_DOC_ODT, 0, NULL },
		{ "zip:word/document.xml", "attachment.bin", NULL, RP_DOC_DOCX, 0, NULL },
		{ "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "budget.doc", NULL, RP_DOC_LEGACY, 0, NULL },
		{ "{\\rtf1\\ansi Draft}", "draft.txt", NULL, RP_DOC_LEGACY, 0, NULL },
		{ "  <!DOCTYPE html><html>", "draft", NULL, RP_DOC_HTML, 0, NULL },
		{ "# Draft\n", "draft.md", "application/octet-stream", RP_DOC_TEXT, 0, NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rp_buf b = RP_BUF_INIT;
		struct rp_error err = { 0 };
		char *raw = NULL, *text = NULL;
		size_t len = 0;
		int rc;

		if (strncmp(cases[i].src, "fixtures/", 9) == 0) {
			CHECK_INT(rp_read_file(cases[i].src, RP_DOC_MAX_BYTES, &raw, &len, NULL), 0);
			rp_buf_add(&b, raw, len);
			free(raw);
		} else if (strncmp(cases[i].src, "zip:", 4) == 0) {
			struct member m = { cases[i].src + 4, "<x/>", ' ', 0, "" };
			make_zip(&b, &m, 1, 0);
		} else if (strncmp(cases[i].src, "odf:", 4) == 0) {
			odf_head(&b, cases[i].src + 4);
		} else {
			rp_buf_adds(&b, cases[i].src);
		}
		CHECK_INT(rp_doc_kind(b.buf, b.len, cases[i].name, cases[i].type), cases[i].kind);
		if (rp_doc_kind(b.buf, b.len, cases[i].name, cases[i].type) != cases[i].kind)
			fprintf(stderr, "  case %zu: %s named %s\n", i, cases[i].src,
				cases[i].name ? cases[i].name : "(none)");
		if (cases[i].code) {
			rc = rp_doc_to_text(b.buf, b.len, cases[i].kind, cases[i].name, &text, &len,
					    &err);
			check_error(cases[i].name, rc, cases[i].code, &err, cases[i].msg);
			free(text);
		}
		rp_buf_release(&b);
	}
}

/* Text and HTML over the draft limit are refused, naming the file; an HTML page larger
 * than the limit whose text fits is read. */
static void test_text_limit(void)
{
	size_t big = ((size_t)17 << 20);
	char *raw = malloc(big + 64), *text = NULL;
	struct rp_error err = { 0 };
	size_t len = 0;
	int rc;

	CHECK(raw != NULL);
	if (!raw)
		return;
	memset(raw, 'a', big);
	rc = rp_doc_to_text(raw, big, RP_DOC_TEXT, "notes.txt", &text, &len, &err);
	check_error("notes.txt", rc, RP_ELIMIT, &err, "16 MB limit");
	CHECK(text == NULL);
	memcpy(raw, "<html><body><p>", 15);
	memcpy(raw + big - 18, "</p></body></html>", 18);
	memset(&err, 0, sizeof(err));
	rc = rp_doc_to_text(raw, big, RP_DOC_HTML, "page.html", &text, &len, &err);
	check_error("page.html", rc, RP_ELIMIT, &err, "16 MB limit");
	CHECK(text == NULL);
	free(text);
	text = NULL;
	memcpy(raw, "<html><body><!--", 16);
	memcpy(raw + big - 40, "--><p>short</p></body></html>", 29);
	rc = rp_doc_to_text(raw, big - 11, RP_DOC_HTML, "page.html", &text, &len, NULL);
	CHECK(rc == 0 && text && strstr(text, "short"));
	free(text);
	free(raw);
}

/* rp_doc_check_text on bytes; 1 when they pass as text, else 0 with *err filled. */
static int passes_as_text(const char *bytes, size_t len, struct rp_error *err)
{
	memset(err, 0, sizeof(*err));
	return rp_doc_check_text(bytes, len, "f.txt", err) == 0;
}

/* A file that is no text (random bytes, NUL bytes, controls, UTF-8 broken beyond repair,
 * UTF-16) is refused naming the file and what is wrong; text in UTF-8 or an 8-bit charset,
 * with its tabs, CRLF and form feeds, passes. */
static void test_text_check(void)
{
	struct rp_error err = { 0 };
	struct rp_buf b = RP_BUF_INIT;
	char noise[5000], *text = NULL;
	uint32_t x = 2463534242u;
	size_t i, len = 0;

	for (i = 0; i < sizeof(noise); i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5; /* xorshift32 */
		noise[i] = (char)(x >> 24);
	}
	CHECK(!passes_as_text(noise, sizeof(noise), &err));
	check_error("f.txt", err.code, RP_EUSAGE, &err, "not a text document: ");
	CHECK(strstr(err.msg, " control bytes in the first 4 KB; give a .md, .txt, .docx, .odt or "
			      "PDF") != NULL);
	/* through rp_doc_to_text as well, for text and HTML */
	memset(&err, 0, sizeof(err));
	CHECK_INT(rp_doc_to_text(noise, sizeof(noise), RP_DOC_TEXT, "x.txt", &text, &len, &err),
		  RP_EUSAGE);
	CHECK(text == NULL && strstr(err.msg, "not a text document") != NULL);
	CHECK_INT(rp_doc_to_text(noise, sizeof(noise), RP_DOC_HTML, "x.html", &text, &len, &err),
		  RP_EUSAGE);
	CHECK(text == NULL);

	CHECK(!passes_as_text("# Title\n\0\nText.\n", 16, &err)); /* one NUL is enough */
	CHECK(strstr(err.msg, "1 control byte in") != NULL);
	CHECK(!passes_as_text("\xFF\xFE#\0 \0T\0\n\0", 10, &err));
	CHECK(strstr(err.msg, "UTF-16") != NULL);
	/* UTF-8 text with more broken sequences than good ones in it */
	for (i = 0; i < 40; i++)
		rp_buf_adds(&b, "caf\xC3\xA9 r\xC3\xA9sum\xC3\xA9 \xE9\xA0 ");
	CHECK(!passes_as_text(b.buf, b.len, &err));
	CHECK(strstr(err.msg, "broken UTF-8 sequences in the first 4 KB") != NULL);
	rp_buf_release(&b);

	CHECK(passes_as_text("# Title\r\n\r\n## 1. Scope\tand aims\r\n\fPage two.\n", 44, &err));
	CHECK(passes_as_text("", 0, &err));
	/* Latin-1 and KOI8-R: all their letters are bytes UTF-8 does not decode */
	for (i = 0; i < 100; i++)
		rp_buf_adds(&b, "Le caf\xE9 cr\xE8me co\xFBte cher. ");
	CHECK(passes_as_text(b.buf, b.len, &err));
	rp_buf_setlen(&b, 0);
	for (i = 0; i < 200; i++)
		rp_buf_adds(&b, "\xF0\xD2\xC9\xD7\xC5\xD4 \xED\xC9\xD2! ");
	CHECK(passes_as_text(b.buf, b.len, &err));
	/* UTF-8 text with a character cut at the end of the first 4 KB */
	rp_buf_setlen(&b, 0);
	while (b.len < 5000)
		rp_buf_adds(&b, "\xE2\x80\x94 r\xC3\xA9sum\xC3\xA9 ");
	CHECK(passes_as_text(b.buf, b.len, &err));
	/* a stray escape sequence in a page of text is under the share refused */
	rp_buf_setlen(&b, 0);
	rp_buf_adds(&b, "Title \x1b[1mbold\x1b[0m\n\n");
	for (i = 0; i < 10; i++)
		rp_buf_adds(&b, "A paragraph of the draft, long enough to be a page of text.\n");
	CHECK(passes_as_text(b.buf, b.len, &err));
	rp_buf_release(&b);
}

/* A text or HTML draft in an 8-bit charset comes out as UTF-8, read as windows-1252 (its
 * letters and typographic quotes kept, not U+FFFD); UTF-8 with a stray broken byte keeps
 * its characters and gets one U+FFFD. */
static void test_eight_bit_text(void)
{
	static const char latin1[] = "# Rapport\n\n## 1. R\xE9sum\xE9\n\nLe caf\xE9 co\xFBte "
				     "\x93" "cher\x94 \x96 na\xEFve.\n";
	static const char html[] = "<html><body><h2>1. Pr\xE9" "ambule</h2><p>D\xE9j\xE0 "
				   "vu&nbsp;!</p></body></html>";
	static const char damaged[] = "# Titre\n\n## 1. R\xC3\xA9sum\xC3\xA9 \xE9t\xC3\xA9\n\n"
				      "Le texte du r\xC3\xA9sum\xC3\xA9, assez long pour une page.\n";
	struct rp_error err = { 0 };
	char *text = NULL;
	size_t len = 0;

	CHECK_INT(rp_doc_to_text(latin1, sizeof(latin1) - 1, RP_DOC_TEXT, "l.md", &text, &len,
				 &err), 0);
	CHECK(text && rp_utf8_valid(text, len) && len == strlen(text));
	CHECK(text && strstr(text, "## 1. R\xC3\xA9sum\xC3\xA9\n") != NULL);
	CHECK(text && strstr(text, "co\xC3\xBBte \xE2\x80\x9C" "cher\xE2\x80\x9D \xE2\x80\x93 "
				   "na\xC3\xAFve.") != NULL);
	free(text);
	text = NULL;
	CHECK_INT(rp_doc_to_text(html, sizeof(html) - 1, RP_DOC_HTML, "l.html", &text, &len, &err),
		  0);
	CHECK(text && rp_utf8_valid(text, len));
	CHECK(text && strstr(text, "Pr\xC3\xA9" "ambule") && strstr(text, "D\xC3\xA9j\xC3\xA0 vu"));
	free(text);
	text = NULL;
	CHECK_INT(rp_doc_to_text(damaged, sizeof(damaged) - 1, RP_DOC_TEXT, "d.md", &text, &len,
				 &err), 0);
	CHECK(text && strstr(text, "R\xC3\xA9sum\xC3\xA9 \xEF\xBF\xBDt\xC3\xA9") != NULL);
	free(text);
}

/* ---- list numbers, one format at a time --------------------------------------------------- */

/* The text holds label then words, on one line or (a numbered section) the next. */
static int labelled(const char *text, const char *label, const char *words)
{
	char a[128], b[128];

	snprintf(a, sizeof(a), "%s %s", label, words);
	snprintf(b, sizeof(b), "%s\n%s", label, words);
	return strstr(text, a) || strstr(text, b);
}

static char *convert(const struct rp_buf *zip, enum rp_doc_kind kind, struct rp_error *err)
{
	char *text = NULL;
	size_t len;

	if (rp_doc_to_text(zip->buf, zip->len, kind, "list.doc", &text, &len, err))
		fprintf(stderr, "  %s\n", rp_error_text(err));
	return text;
}

static void test_word_formats(void)
{
	static const struct {
		const char *fmt, *lvl_text;
		int start;
		const char *label;
	} cases[] = {
		{ "decimal", "%1.", 1, "1." },
		{ "decimalZero", "%1.", 7, "07." },
		{ "lowerLetter", "(%1)", 27, "(aa)" },
		{ "upperLetter", "%1)", 3, "C)" },
		{ "lowerRoman", "%1.", 1999, "mcmxcix." },
		{ "upperRoman", "Chapter %1", 14, "Chapter XIV" },
		{ "ordinal", "%1", 3, "3" },		   /* a format not kept: the number */
		{ "none", "Part", 1, "Part" },		   /* no number, the text of the level */
		{ "bullet", "\xef\x82\xb7", 1, "-" },	   /* a bullet item */
		{ "upperLetter", "%1.%1", 2, "B.B" },
		{ "decimal", "Recommendation %1:", 4, "Recommendation 4:" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rp_buf numbering = RP_BUF_INIT, body = RP_BUF_INIT, zip = RP_BUF_INIT;
		struct rp_error err = { 0 };
		char *text;

		rp_buf_addf(&numbering,
			    "<w:numbering " W_NS "><w:abstractNum w:abstractNumId=\"3\"><w:lvl "
			    "w:ilvl=\"0\"><w:start w:val=\"%d\"/><w:numFmt w:val=\"%s\"/><w:lvlText "
			    "w:val=\"%s\"/></w:lvl></w:abstractNum><w:num w:numId=\"9\">"
			    "<w:abstractNumId w:val=\"3\"/></w:num></w:numbering>",
			    cases[i].start, cases[i].fmt, cases[i].lvl_text);
		rp_buf_adds(&body, "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"9\"/>"
				   "</w:numPr></w:pPr><w:r><w:t>item</w:t></w:r></w:p>");
		make_docx(&zip, body.buf, numbering.buf);
		text = convert(&zip, RP_DOC_DOCX, &err);
		CHECK(text && labelled(text, cases[i].label, "item"));
		if (text && !labelled(text, cases[i].label, "item"))
			fprintf(stderr, "  %s: no \"%s item\" in \"%s\"\n", cases[i].fmt, cases[i].label, text);
		free(text);
		rp_buf_release(&numbering);
		rp_buf_release(&body);
		rp_buf_release(&zip);
	}
}

/* Counting: a level below restarts under a new number above; a level never used shows its
 * start less one (Word's "0.1"); w:lvlRestart 0 never restarts. */
static void test_word_counting(void)
{
	static const char numbering[] =
		"<w:numbering " W_NS "><w:abstractNum w:abstractNumId=\"0\">"
		"<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:lvlText w:val=\"%1.\"/></w:lvl>"
		"<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:lvlText w:val=\"%1.%2\"/></w:lvl>"
		"<w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/>"
		"<w:lvlRestart w:val=\"0\"/><w:lvlText w:val=\"(%3)\"/></w:lvl>"
		"</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
		"</w:numbering>";
	static const struct {
		int ilvl;
		const char *word, *label;
	} paras[] = {
		{ 1, "orphan", "0.1" }, { 0, "one", "1." },   { 1, "oneone", "1.1" },
		{ 2, "x", "(a)" },	{ 1, "onetwo", "1.2" }, { 2, "y", "(b)" },
		{ 0, "two", "2." },	{ 1, "twoone", "2.1" }, { 2, "z", "(c)" },
	};
	struct rp_buf body = RP_BUF_INIT, zip = RP_BUF_INIT;
	struct rp_error err = { 0 };
	char *text;
	size_t i;

	for (i = 0; i < sizeof(paras) / sizeof(paras[0]); i++)
		rp_buf_addf(&body,
			    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"%d\"/><w:numId w:val=\"1\"/>"
			    "</w:numPr></w:pPr><w:r><w:t>%s</w:t></w:r></w:p>",
			    paras[i].ilvl, paras[i].word);
	make_docx(&zip, body.buf, numbering);
	text = convert(&zip, RP_DOC_DOCX, &err);
	for (i = 0; text && i < sizeof(paras) / sizeof(paras[0]); i++) {
		CHECK(labelled(text, paras[i].label, paras[i].word));
		if (!labelled(text, paras[i].label, paras[i].word))
			fprintf(stderr, "  no \"%s %s\" in:\n%s\n", paras[i].label, paras[i].word, text);
	}
	CHECK(text != NULL);
	free(text);
	rp_buf_release(&body);
	rp_buf_release(&zip);
}

static void test_odt_formats(void)
{
	static const struct {
		const char *attrs;
		int start;
		const char *label;
	} cases[] = {
		{ "style:num-format=\"1\" style:num-suffix=\".\"", 1, "1." },
		{ "style:num-format=\"a\"", 27, "aa" },
		{ "style:num-format=\"a\"", 28, "ab" },
		{ "style:num-format=\"a\" style:num-letter-sync=\"true\"", 28, "bb" },
		{ "style:num-format=\"I\" style:num-prefix=\"Part \"", 4, "Part IV" },
		{ "style:num-format=\"i\" style:num-prefix=\"(\" style:num-suffix=\")\"", 9, "(ix)" },
		{ "style:num-format=\"\"", 1, "item" }, /* no number */
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rp_buf styles = RP_BUF_INIT, zip = RP_BUF_INIT;
		struct rp_error err = { 0 };
		char *text;

		rp_buf_addf(&styles,
			    "<text:list-style style:name=\"L1\"><text:list-level-style-number "
			    "text:level=\"1\" %s text:start-value=\"%d\"/></text:list-style>",
			    cases[i].attrs, cases[i].start);
		make_odt(&zip, styles.buf,
			 "<text:list text:style-name=\"L1\"><text:list-item><text:p>item</text:p>"
			 "</text:list-item></text:list>");
		text = convert(&zip, RP_DOC_ODT, &err);
		CHECK(text && (labelled(text, cases[i].label, "item") ||
			       (strcmp(cases[i].label, "item") == 0 && strcmp(text, "item\n") == 0)));
		if (text && !labelled(text, cases[i].label, "item") && strcmp(text, "item\n"))
			fprintf(stderr, "  %s: no \"%s item\" in \"%s\"\n", cases[i].attrs,
				cases[i].label, text);
		free(text);
		rp_buf_release(&styles);
		rp_buf_release(&zip);
	}
}

/* Nested lists show display-levels numbers; a list continues another by its id; a list item
 * restarts with text:start-value; headings count by the outline style. */
static void test_odt_counting(void)
{
	static const char styles[] =
		"<text:list-style style:name=\"L1\">"
		"<text:list-level-style-number text:level=\"1\" style:num-format=\"1\" style:num-suffix=\".\"/>"
		"<text:list-level-style-number text:level=\"2\" style:num-format=\"1\" text:display-levels=\"2\"/>"
		"</text:list-style>";
	static const char body[] =
		"<text:list xml:id=\"a\" text:style-name=\"L1\"><text:list-item><text:p>one</text:p>"
		"<text:list><text:list-item><text:p>oneone</text:p></text:list-item>"
		"<text:list-item><text:p>onetwo</text:p><text:p>more of onetwo</text:p></text:list-item>"
		"</text:list></text:list-item></text:list>"
		"<text:p>between</text:p>"
		"<text:list text:continue-list=\"a\" text:style-name=\"L1\"><text:list-item>"
		"<text:p>two</text:p></text:list-item><text:list-item text:start-value=\"7\">"
		"<text:p>seven</text:p></text:list-item></text:list>"
		"<text:list text:style-name=\"L1\"><text:list-item><text:p>again</text:p>"
		"</text:list-item></text:list>";
	struct rp_buf zip = RP_BUF_INIT;
	struct rp_error err = { 0 };
	char *text;

	make_odt(&zip, styles, body);
	text = convert(&zip, RP_DOC_ODT, &err);
	CHECK(text != NULL);
	if (text) {
		CHECK(labelled(text, "1.", "one"));
		CHECK(labelled(text, "1.1", "oneone"));
		CHECK(labelled(text, "1.2", "onetwo"));
		CHECK(strstr(text, "\nmore of onetwo") != NULL); /* an item's second paragraph */
		CHECK(labelled(text, "2.", "two"));
		CHECK(labelled(text, "7.", "seven"));
		CHECK(labelled(text, "1.", "again"));
	}
	free(text);
	rp_buf_release(&zip);
}

/* A file of many lists with ids: the table of list names stops growing at 100,000 names
 * (2 * MAX_COUNTERS in odt.c), so a list whose id comes after them is not found when
 * another continues it, and the file is read quickly in bounded memory. */
static void test_odt_many_ids(void)
{
	static const char styles[] =
		"<text:list-style style:name=\"L1\"><text:list-level-style-number "
		"text:level=\"1\" style:num-format=\"1\" style:num-suffix=\".\"/></text:list-style>";
	struct rp_buf body = RP_BUF_INIT, zip = RP_BUF_INIT;
	struct rp_error err = { 0 };
	time_t t0 = time(NULL);
	char *text;
	size_t i;

	rp_buf_adds(&body, "<text:list xml:id=\"a\" text:style-name=\"L1\"/>");
	for (i = 0; i < 100000; i++)
		rp_buf_addf(&body, "<text:list xml:id=\"i%zu\" text:continue-list=\"a\"/>", i);
	rp_buf_adds(&body, "<text:list xml:id=\"last\" text:style-name=\"L1\"><text:list-item>"
			   "<text:p>one</text:p></text:list-item></text:list>"
			   "<text:list text:continue-list=\"last\" text:style-name=\"L1\">"
			   "<text:list-item><text:p>two</text:p></text:list-item></text:list>");
	make_odt(&zip, styles, body.buf);
	text = convert(&zip, RP_DOC_ODT, &err);
	CHECK(text && labelled(text, "1.", "one"));
	CHECK(text && labelled(text, "1.", "two")); /* "last" was not remembered */
	CHECK(time(NULL) - t0 < 5);
	free(text);
	rp_buf_release(&body);
	rp_buf_release(&zip);
}

/* ---- damaged and hostile files -------------------------------------------------------------- */

static const char laughs_dtd[] =
	"<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY l \"lol\">"
	"<!ENTITY l1 \"&l;&l;&l;&l;&l;&l;&l;&l;&l;&l;\"><!ENTITY l2 \"&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;\">"
	"<!ENTITY l3 \"&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;\"><!ENTITY l4 \"&l3;&l3;&l3;&l3;&l3;&l3;&l3;\">"
	"<!ENTITY l5 \"&l4;&l4;&l4;&l4;&l4;&l4;&l4;\"><!ENTITY l6 \"&l5;&l5;&l5;&l5;&l5;&l5;&l5;\">"
	"<!ENTITY l7 \"&l6;&l6;&l6;&l6;&l6;&l6;&l6;\"><!ENTITY l8 \"&l7;&l7;&l7;&l7;&l7;&l7;&l7;\">"
	"<!ENTITY l9 \"&l8;&l8;&l8;&l8;&l8;&l8;&l8;&l8;&l8;&l8;\">]>"
	"<w:document " W_NS "><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>";
static const char one_entity[] =
	"<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY x \"harmless\">]>"
	"<w:document " W_NS "><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>";
static const char external_entity[] =
	"<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
	"<w:document " W_NS "><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>";
static const char odt_dtd[] =
	"<!DOCTYPE office:document-content SYSTEM \"http://example.org/office.dtd\">"
	"<office:document-content " ODF_NS "><office:body><office:text><text:p>x</text:p>"
	"</office:text></office:body></office:document-content>";

#define DOC_HEAD "<w:document " W_NS "><w:body>"
#define DOC_TAIL "</w:body></w:document>"
#define BIG ((size_t)65 << 20) /* past the 64 MB limit of a member */
#define JUST_OVER (((size_t)64 << 20) + 1024) /* 67109888 bytes, past it by a kilobyte */

static const struct hostile {
	const char *what; /* the file name the message must give */
	enum rp_doc_kind kind;
	struct member m[2];
	size_t n;
	uint32_t lie;     /* the inflated size the headers claim, 0 for the truth */
	int code;
	const char *msg;
} hostile[] = {
	{ "no-document.docx", RP_DOC_DOCX, { { "[Content_Types].xml", "<Types/>", ' ', 0, "" } }, 1,
	  0, RP_EPARSE, "no word/document.xml" },
	{ "no-content.odt", RP_DOC_ODT, { { "styles.xml", "<x/>", ' ', 0, "" } }, 1, 0, RP_EPARSE,
	  "no content.xml" },
	{ "sheet.odt", RP_DOC_ODT,
	  { { "content.xml", "<office:document-content " ODF_NS "><office:body><office:spreadsheet/>"
			     "</office:body></office:document-content>", ' ', 0, "" } },
	  1, 0, RP_EPARSE, "no office:text" },
	{ "bomb.docx", RP_DOC_DOCX, { { "word/document.xml", DOC_HEAD, ' ', BIG, DOC_TAIL } }, 1, 0,
	  RP_ELIMIT, "zip bomb" },
	{ "bomb64.docx", RP_DOC_DOCX,
	  { { "word/document.xml", DOC_HEAD, ' ', JUST_OVER - sizeof(DOC_HEAD DOC_TAIL) + 1,
	      DOC_TAIL } },
	  1, 0, RP_ELIMIT, "inflates to 67109888 bytes, more than the 64 MB limit" },
	{ "liar.docx", RP_DOC_DOCX, { { "word/document.xml", DOC_HEAD, ' ', BIG, DOC_TAIL } }, 1, 1000,
	  RP_ELIMIT, "inflates to more than 64 MB" },
	{ "styles-bomb.docx", RP_DOC_DOCX,
	  { { "word/document.xml", DOC_HEAD DOC_TAIL, ' ', 0, "" },
	    { "word/styles.xml", "<w:styles " W_NS ">", ' ', BIG, "</w:styles>" } },
	  2, 4096, RP_ELIMIT, "word/styles.xml inflates" },
	{ "laughs.docx", RP_DOC_DOCX, { { "word/document.xml", laughs_dtd, ' ', 0, "" } }, 1, 0,
	  RP_EPARSE, "declares a document type" },
	{ "entity.docx", RP_DOC_DOCX, { { "word/document.xml", one_entity, ' ', 0, "" } }, 1, 0,
	  RP_EPARSE, "declares a document type" },
	{ "external.docx", RP_DOC_DOCX, { { "word/document.xml", external_entity, ' ', 0, "" } }, 1,
	  0, RP_EPARSE, "declares a document type" },
	{ "dtd.odt", RP_DOC_ODT, { { "content.xml", odt_dtd, ' ', 0, "" } }, 1, 0, RP_EPARSE,
	  "declares a document type" },
	{ "cut.docx", RP_DOC_DOCX, { { "word/document.xml", DOC_HEAD "<w:p><w:r><w:t>a", ' ', 0, "" } },
	  1, 0, RP_EPARSE, "not well-formed" },
	{ "empty.docx", RP_DOC_DOCX, { { "word/document.xml", "", ' ', 0, "" } }, 1, 0, RP_EPARSE,
	  "not well-formed" },
	{ "huge.docx", RP_DOC_DOCX,
	  { { "word/document.xml", DOC_HEAD "<w:p><w:r><w:t>", 'a', (size_t)17 << 20,
	      "</w:t></w:r></w:p>" DOC_TAIL } },
	  1, 0, RP_ELIMIT, "16 MB" },
};

static void test_hostile(void)
{
	size_t i;

	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		const struct hostile *h = &hostile[i];
		struct rp_buf zip = RP_BUF_INIT;
		struct rp_error err = { 0 };
		char *text = NULL;
		size_t len = 0;
		int rc;

		make_zip(&zip, h->m, h->n, h->lie);
		rc = rp_doc_to_text(zip.buf, zip.len, h->kind, h->what, &text, &len, &err);
		check_error(h->what, rc, h->code, &err, h->msg);
		CHECK(text == NULL);
		free(text);
		rp_buf_release(&zip);
	}
}

/* One start tag with n attributes, distinct as they must be to reach libxml2's pairwise
 * check (what makes such a tag cost seconds). */
static void make_wide_tag(struct rp_buf *zip, size_t n)
{
	struct rp_buf doc = RP_BUF_INIT;
	struct member m;
	size_t i;

	rp_buf_adds(&doc, DOC_HEAD "<w:p");
	for (i = 0; i < n; i++)
		rp_buf_addf(&doc, " a%zu=\"\"", i);
	rp_buf_adds(&doc, "/>" DOC_TAIL);
	m = (struct member){ "word/document.xml", doc.buf, ' ', 0, "" };
	make_zip(zip, &m, 1, 0);
	rp_buf_release(&doc);
}

/* A tag of 80,000 attributes, which libxml2 alone reads in seconds, is refused at once; a
 * quote or '>' in a comment does not put the scan out of step; a tag over a megabyte is
 * refused too. */
static void test_wide_tags(void)
{
	static const char commented[] =
		DOC_HEAD "<!-- it's > <x ' --><w:p a=\"=>'\"><w:r><w:t>kept</w:t></w:r></w:p>" DOC_TAIL;
	struct rp_buf zip = RP_BUF_INIT;
	struct rp_error err = { 0 };
	struct member m;
	char *text = NULL;
	size_t len = 0;
	time_t t0 = time(NULL);
	int rc;

	make_wide_tag(&zip, 80000);
	rc = rp_doc_to_text(zip.buf, zip.len, RP_DOC_DOCX, "wide.docx", &text, &len, &err);
	check_error("wide.docx", rc, RP_ELIMIT, &err, "word/document.xml has a tag with more than");
	CHECK(text == NULL);
	CHECK(time(NULL) - t0 < 2);
	rp_buf_clear(&zip);
	make_wide_tag(&zip, 200); /* a root's namespaces, several times over */
	rc = rp_doc_to_text(zip.buf, zip.len, RP_DOC_DOCX, "wide.docx", &text, &len, NULL);
	CHECK_INT(rc, 0);
	free(text);
	text = NULL;
	rp_buf_clear(&zip);
	m = (struct member){ "word/document.xml", commented, ' ', 0, "" };
	make_zip(&zip, &m, 1, 0);
	rc = rp_doc_to_text(zip.buf, zip.len, RP_DOC_DOCX, "comment.docx", &text, &len, NULL);
	CHECK(rc == 0 && text && strstr(text, "kept"));
	free(text);
	text = NULL;
	rp_buf_clear(&zip);
	m = (struct member){ "word/document.xml", DOC_HEAD "<w:p a=\"", 'x', (size_t)2 << 20,
			     "\"/>" DOC_TAIL };
	make_zip(&zip, &m, 1, 0);
	memset(&err, 0, sizeof(err));
	rc = rp_doc_to_text(zip.buf, zip.len, RP_DOC_DOCX, "long.docx", &text, &len, &err);
	check_error("long.docx", rc, RP_ELIMIT, &err, "word/document.xml has a tag longer than");
	CHECK(text == NULL);
	rp_buf_release(&zip);
}

/* What libxml2 (2.9.14) does by itself with the entities the readers refuse: without
 * XML_PARSE_NOENT it still expands internal entities to check them, and stops the billion
 * laughs only by an amplification heuristic ("Detected an entity reference loop") that
 * XML_PARSE_HUGE turns off -- the reason the readers refuse any DTD instead. */
static void test_libxml2_entities(void)
{
	xmlDocPtr doc = xmlReadMemory(laughs_dtd, (int)strlen(laughs_dtd), "laughs.xml", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlErrorPtr e = xmlGetLastError();

	CHECK(doc == NULL);
	CHECK(e && e->code == XML_ERR_ENTITY_LOOP);
	xmlFreeDoc(doc);
	xmlResetLastError();
	doc = xmlReadMemory(one_entity, (int)strlen(one_entity), "entity.xml", NULL,
			    XML_PARSE_NONET | XML_PARSE_NOENT | XML_PARSE_NOERROR);
	CHECK(doc != NULL); /* a declared entity is read and substituted when asked */
	if (doc) {
		xmlChar *t = xmlNodeGetContent(xmlDocGetRootElement(doc));
		CHECK(t && strstr((const char *)t, "harmless"));
		xmlFree(t);
	}
	xmlFreeDoc(doc);
}

/* A file cut short, and bytes that only start like a zip. */
static void test_damaged(void)
{
	static const char not_zip[] = "PK\x03\x04 this is no zip archive at all, just text.";
	char *raw = NULL, *text = NULL;
	size_t len = 0, tlen;
	struct rp_error err = { 0 };
	int rc;

	CHECK_INT(rp_read_file("fixtures/drafts/draft-report-v3.docx", RP_DOC_MAX_BYTES, &raw, &len, NULL), 0);
	if (raw) {
		rc = rp_doc_to_text(raw, len / 2, RP_DOC_DOCX, "Draft report v3.docx", &text, &tlen, &err);
		check_error("Draft report v3.docx", rc, RP_EPARSE, &err, "damaged file");
		CHECK(text == NULL);
		/* the end of the archive is there, the document's data is not */
		char *at = memmem(raw, len, "word/document.xml", 17);
		CHECK(at != NULL);
		if (at)
			memset(at + 17, 0x55, 300);
		memset(&err, 0, sizeof(err));
		rc = rp_doc_to_text(raw, len, RP_DOC_DOCX, "holes.docx", &text, &tlen, &err);
		CHECK_INT(rc, RP_EPARSE);
		CHECK_STR(err.where, "holes.docx");
		CHECK(text == NULL);
	}
	free(raw);
	memset(&err, 0, sizeof(err));
	rc = rp_doc_to_text(not_zip, sizeof(not_zip) - 1, RP_DOC_ODT, "odd.odt", &text, &tlen, &err);
	check_error("odd.odt", rc, RP_EPARSE, &err, "not a readable zip archive");
}

/* Deep nesting reads: tables in tables run on in their cell, lists past ten levels count
 * at the tenth. */
static void test_nesting(void)
{
	struct rp_buf body = RP_BUF_INIT, zip = RP_BUF_INIT;
	struct rp_error err = { 0 };
	char *text;
	int i;

	for (i = 0; i < 60; i++)
		rp_buf_adds(&body, "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p>");
	for (i = 0; i < 60; i++)
		rp_buf_adds(&body, "</w:tc></w:tr></w:tbl>");
	make_docx(&zip, body.buf, NULL);
	text = convert(&zip, RP_DOC_DOCX, &err);
	CHECK(text && strncmp(text, "cell cell cell", 14) == 0 && !strchr(text, '|'));
	free(text);
	rp_buf_clear(&body);
	rp_buf_clear(&zip);
	for (i = 0; i < 40; i++)
		rp_buf_adds(&body, "<text:list text:style-name=\"L\"><text:list-item>");
	rp_buf_adds(&body, "<text:p>deep</text:p>");
	for (i = 0; i < 40; i++)
		rp_buf_adds(&body, "</text:list-item></text:list>");
	make_odt(&zip, "<text:list-style style:name=\"L\"><text:list-level-style-number "
		       "text:level=\"10\" style:num-format=\"1\" text:display-levels=\"3\"/>"
		       "</text:list-style>",
		 body.buf);
	text = convert(&zip, RP_DOC_ODT, &err);
	CHECK(text && labelled(text, "1.1.1", "deep"));
	free(text);
	rp_buf_release(&body);
	rp_buf_release(&zip);
}

/* Empty numbered paragraphs cost memory though they hold no text: each is charged, so
 * 300,000 of them (a 200 KB .docx) are refused as over the limit, quickly. */
static void test_empty_numbered(void)
{
	static const char numbering[] =
		"<w:numbering " W_NS "><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\">"
		"<w:start w:val=\"1\"/><w:lvlText w:val=\"%1.\"/></w:lvl></w:abstractNum>"
		"<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>";
	struct rp_buf doc = RP_BUF_INIT, zip = RP_BUF_INIT;
	struct rp_error err = { 0 };
	struct member m[2];
	char *text = NULL;
	size_t len = 0, i;
	time_t t0 = time(NULL);
	int rc;

	rp_buf_adds(&doc, DOC_HEAD);
	for (i = 0; i < 300000; i++)
		rp_buf_adds(&doc, "<w:p><w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:p>");
	rp_buf_adds(&doc, DOC_TAIL);
	m[0] = (struct member){ "word/document.xml", doc.buf, ' ', 0, "" };
	m[1] = (struct member){ "word/numbering.xml", numbering, ' ', 0, "" };
	make_zip(&zip, m, 2, 0);
	rc = rp_doc_to_text(zip.buf, zip.len, RP_DOC_DOCX, "empty.docx", &text, &len, &err);
	check_error("empty.docx", rc, RP_ELIMIT, &err, "16 MB");
	CHECK(text == NULL);
	CHECK(time(NULL) - t0 < 10);
	free(text);
	rp_buf_release(&doc);
	rp_buf_release(&zip);
}

/* The marks of a draft sent back with comments and tracked changes: each comment with the
 * text it is attached to (its range, across paragraphs too, else its paragraph) and its
 * author; each paragraph's changes by one author as one proposal, under the paragraph as
 * it read; blank changes and comments missing from comments.xml give nothing. */
static void test_review_marks(void)
{
	static const struct {
		const char *body, *comments;
		const char *want; /* "author|context|text" lines */
	} rows[] = {
		{ "<w:p><w:commentRangeStart w:id=\"1\"/><w:r><w:t>First part.</w:t></w:r></w:p>"
		  "<w:p><w:r><w:t xml:space=\"preserve\">Second </w:t></w:r><w:r><w:t>part.</w:t></w:r>"
		  "<w:commentRangeEnd w:id=\"1\"/><w:r><w:commentReference w:id=\"1\"/></w:r></w:p>",
		  "<w:comment w:id=\"1\" w:author=\"Bo Lind\"><w:p><w:r><w:t>Too long.</w:t></w:r></w:p>"
		  "<w:p><w:r><w:t>Cut it.</w:t></w:r></w:p></w:comment>",
		  "Bo Lind|First part. Second part.|Too long.\n\nCut it.\n" },
		{ "<w:p><w:r><w:t>Members meet monthly.</w:t></w:r><w:r><w:commentReference w:id=\"7\"/></w:r>"
		  "<w:r><w:commentReference w:id=\"8\"/></w:r></w:p>",
		  "<w:comment w:id=\"7\"><w:p><w:r><w:t>Why monthly?</w:t></w:r></w:p></w:comment>",
		  "-|Members meet monthly.|Why monthly?\n" },
		{ "<w:p><w:r><w:t xml:space=\"preserve\">We held </w:t></w:r>"
		  "<w:del w:author=\"Ana\"><w:r><w:delText>eleven</w:delText></w:r></w:del>"
		  "<w:ins w:author=\"Ana\"><w:r><w:t>twelve</w:t></w:r></w:ins>"
		  "<w:r><w:t xml:space=\"preserve\"> meetings in </w:t></w:r>"
		  "<w:del w:author=\"Ana\"><w:r><w:delText>Geneva and</w:delText></w:r></w:del>"
		  "<w:r><w:t xml:space=\"preserve\"> Paris</w:t></w:r>"
		  "<w:ins w:author=\"Bo\"><w:r><w:t>, mostly online</w:t></w:r></w:ins>"
		  "<w:ins w:author=\"Ana\"><w:r><w:t xml:space=\"preserve\">  </w:t></w:r></w:ins>"
		  "<w:r><w:rPr><w:rPrChange w:author=\"Ana\"><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr>"
		  "<w:t>.</w:t></w:r></w:p>",
		  NULL,
		  "Ana|We held eleven meetings in Geneva and Paris.|Replace \"eleven\" with \"twelve\" "
		  "in \"We held eleven meetings in\". Delete \"Geneva and\" in \"meetings in Geneva and "
		  "Paris\".\n"
		  "Bo|We held eleven meetings in Geneva and Paris.|Add \", mostly online\" after "
		  "\"twelve meetings in Paris\".\n" },
		{ "<w:p><w:ins w:author=\"Ana\"><w:r><w:t>A new opening.</w:t></w:r></w:ins></w:p>", NULL,
		  "Ana|-|Add \"A new opening.\" at the start.\n" },
		{ "<w:p><w:r><w:t>Nothing marked.</w:t></w:r></w:p>", NULL, "" },
	};
	size_t i, k;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct rp_buf zip = RP_BUF_INIT, doc = RP_BUF_INIT, com = RP_BUF_INIT, got = RP_BUF_INIT;
		struct rp_error err = { 0 };
		struct rp_doc_mark *m = NULL;
		struct member parts[2];
		size_t n = 0;

		rp_buf_addf(&doc, "<w:document " W_NS "><w:body>%s</w:body></w:document>", rows[i].body);
		parts[0] = (struct member){ "word/document.xml", doc.buf, ' ', 0, "" };
		if (rows[i].comments)
			rp_buf_addf(&com, "<w:comments " W_NS ">%s</w:comments>", rows[i].comments);
		parts[1] = (struct member){ "word/comments.xml", com.buf ? com.buf : "", ' ', 0, "" };
		make_zip(&zip, parts, rows[i].comments ? 2 : 1, 0);
		CHECK_INT(rp_doc_review_marks(zip.buf, zip.len, RP_DOC_DOCX, "t.docx", &m, &n, &err), 0);
		for (k = 0; k < n; k++)
			rp_buf_addf(&got, "%s|%s|%s\n", m[k].author ? m[k].author : "-",
				    m[k].context ? m[k].context : "-", m[k].text);
		CHECK_STR(got.buf ? got.buf : "", rows[i].want);
		rp_doc_marks_free(m, n);
		rp_buf_release(&zip);
		rp_buf_release(&doc);
		rp_buf_release(&com);
		rp_buf_release(&got);
	}
	/* the member's copy of the draft, as Word and as LibreOffice write it: the same marks */
	{
		static const char *const files[] = { "fixtures/drafts/draft-report-v3-reviewed.docx",
						      "fixtures/drafts/draft-report-v3-reviewed.odt" };
		static const char want[] =
			"Secretariat|We held eleven meetings.|Replace \"eleven\" with \"twelve\" in \"We "
			"held eleven meetings\".\n"
			"Ana Souza|The paper rightly asks the forum to reach communities that rarely "
			"attend.|Which communities? Small island states should be named here.\n"
			"Ana Souza|Travel support should include young people.|Add \"and students from "
			"developing countries\" after \"should include young people\".\n"
			"Ana Souza|Members should rotate every two years.|Replace \"two\" with \"three\" in "
			"\"rotate every two years\".\n"
			"A. Member|Members are selected by the MAG in an open call.|Which MAG? The new one?\n"
			"Ana Souza|Establish a trust fund for intersessional work.|Delete \"for intersessional "
			"work\" in \"trust fund for intersessional work\".\n";
		for (i = 0; i < 2; i++) {
			struct rp_buf got = RP_BUF_INIT;
			struct rp_doc_mark *m = NULL;
			struct rp_error err = { 0 };
			char *data = NULL;
			size_t len = 0, n = 0;

			CHECK_INT(rp_read_file(files[i], 1 << 24, &data, &len, &err), 0);
			CHECK_INT(rp_doc_review_marks(data, len, rp_doc_kind(data, len, files[i], NULL),
						      files[i], &m, &n, &err), 0);
			for (k = 0; k < n; k++)
				rp_buf_addf(&got, "%s|%s|%s\n", m[k].author ? m[k].author : "-",
					    m[k].context ? m[k].context : "-", m[k].text);
			CHECK_STR(got.buf ? got.buf : "", want);
			rp_doc_marks_free(m, n);
			rp_buf_release(&got);
			free(data);
		}
	}
	/* another kind has no marks to read; a zip that is no Word document is refused */
	{
		struct rp_doc_mark *m = NULL;
		struct rp_error err = { 0 };
		size_t n = 1;
		CHECK_INT(rp_doc_review_marks("%PDF-1.4", 8, RP_DOC_PDF, "x.pdf", &m, &n, &err), 0);
		CHECK_INT(n, 0);
		CHECK(m == NULL);
	}
}

RP_TEST_MAIN(T(test_fixtures), T(test_review_marks), T(test_kind), T(test_text_limit), T(test_text_check), T(test_eight_bit_text),
	     T(test_word_formats),
	     T(test_word_counting), T(test_odt_formats), T(test_odt_counting), T(test_odt_many_ids),
	     T(test_hostile), T(test_wide_tags), T(test_libxml2_entities), T(test_damaged),
	     T(test_nesting), T(test_empty_numbered))
