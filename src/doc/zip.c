/* zip: the zip container of .docx and .odt files (PKWARE APPNOTE; ECMA-376 Part 2, Open
 * Packaging Conventions; ODF 1.2 Part 3) read with libzip from memory, and its XML members
 * streamed through libxml2's SAX2 push parser.
 *
 * A document from mail is hostile input. A member is inflated in 64 KB pieces straight
 * into the parser, never held whole, and counted: one larger than RP_DOC_MAX_PART -- by its
 * directory entry, or by the bytes it really inflates to, since libzip reads past a size
 * the entry understates -- fails with RP_ELIMIT. The parser runs with XML_PARSE_NONET and
 * without XML_PARSE_NOENT or XML_PARSE_DTDLOAD, so nothing outside the member is read; and
 * a member with a document type declaration is refused outright (Word and LibreOffice
 * write none), so no entity is ever declared and none can be expanded ("billion laughs").
 * libxml2 2.9.14 would stop that attack itself ("Detected an entity reference loop"), but
 * by an amplification heuristic that XML_PARSE_HUGE turns off; refusing the DTD does not
 * depend on it. The parser's own depth limit (256 elements) bounds nesting. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <zip.h>

#include "doc-private.h"

#define CHUNK 65536

/* The largest start tag let through to libxml2, by its attributes (every '=' outside a
 * quoted value: namespace declarations count) and by its bytes. libxml2 2.9.14 checks a
 * tag's attributes for duplicates pairwise, so a tag of n attributes costs n * n / 2
 * comparisons: 160,000 of them on one element (a 378 KB .docx) take some 18 seconds, and
 * nothing else bounds it, as .docx and .odt have no time limit. The most attributes a real
 * document carries are on its root element: Word's w:document and LibreOffice's
 * office:document-content declare some 35 to 45 namespaces; formatting elements
 * (style:text-properties, v:shape) stay under 50. 256 is five times that. The cost per
 * byte of a part packed with tags at the limit is some n / 7 comparisons (an attribute
 * takes at least 7 bytes with distinct names): 37 a byte at 256, a few seconds for a
 * 64 MB part, where 1024 would allow four times as long. The longest real tags are those
 * roots, a few kilobytes; a megabyte leaves room for any attribute value Word or
 * LibreOffice writes (pictures are parts of their own, not attributes). */
#define MAX_TAG_ATTRS 256
#define MAX_TAG_BYTES ((size_t)1 << 20)

/* Where the scan of a member stands, carried from one piece to the next. Comments, CDATA
 * sections and processing instructions are followed to their end, since a quote or a '>'
 * in one must not put the scan out of step with the tags that follow. */
enum scan_state {
	SCAN_TEXT,    /* outside any tag */
	SCAN_LT,      /* just after '<' */
	SCAN_BANG,    /* just after "<!" */
	SCAN_BANG2,   /* just after "<!-" */
	SCAN_TAG,     /* inside a tag (or a DOCTYPE), outside quotes */
	SCAN_QUOTE,   /* inside a quoted attribute value */
	SCAN_COMMENT, /* inside <!-- ... --> */
	SCAN_CDATA,   /* inside <![CDATA[ ... ]]> */
	SCAN_PI,      /* inside <? ... ?> */
};

struct tag_scan {
	enum scan_state state;
	char quote;   /* the quote that closes the value: '"' or '\'' */
	char prev[2]; /* the two bytes before, for the ends of comments and CDATA */
	size_t attrs; /* '=' outside quotes in the current tag */
	size_t bytes; /* bytes of the current tag, '<' included */
};

struct rp_doc_zip {
	zip_t *za;
	const char *what;
};

/* What the SAX callbacks get: the reader's callbacks and its context. */
struct part {
	const struct rp_doc_xml_cb *cb;
	void *ctx;
	struct rp_doc_status *st;
	xmlParserCtxtPtr parser;
	int dtd;         /* a document type declaration was met */
	char xmlerr[200]; /* the first XML error */
	int xmlline;
};

int rp_doc_zip_open(struct rp_doc_zip **out, const char *bytes, size_t len, const char *what,
		    struct rp_error *err)
{
	struct rp_doc_zip *z = NULL;
	zip_source_t *src = NULL;
	zip_error_t ze;
	int rc;

	*out = NULL;
	zip_error_init(&ze);
	if (!(z = calloc(1, sizeof(*z)))) {
		zip_error_fini(&ze);
		return rp_error_set(err, RP_ENOMEM, what, "out of memory");
	}
	z->what = what;
	if ((src = zip_source_buffer_create(bytes, len, 0, &ze)) &&
	    (z->za = zip_open_from_source(src, ZIP_RDONLY, &ze))) {
		zip_error_fini(&ze);
		*out = z;
		return 0;
	}
	/* zip_open_from_source leaves the source to the caller when it fails */
	zip_source_free(src);
	rc = zip_error_code_zip(&ze) == ZIP_ER_MEMORY ? RP_ENOMEM : RP_EPARSE;
	rp_error_set(err, rc, what, "a damaged file: not a readable zip archive (%s)",
		     zip_error_strerror(&ze));
	zip_error_fini(&ze);
	free(z);
	return rc;
}

void rp_doc_zip_close(struct rp_doc_zip *z)
{
	if (!z)
		return;
	zip_discard(z->za);
	free(z);
}

int rp_doc_zip_has(struct rp_doc_zip *z, const char *name)
{
	return zip_name_locate(z->za, name, ZIP_FL_NOCASE) >= 0;
}

void rp_doc_stop(struct rp_doc_status *st, int rc, const char *fmt, ...)
{
	va_list ap;

	if (!st->rc) {
		st->rc = rc;
		va_start(ap, fmt);
		vsnprintf(st->msg, sizeof(st->msg), fmt, ap);
		va_end(ap);
	}
	if (st->parser)
		xmlStopParser(st->parser);
}

void rp_doc_stop_buf(struct rp_doc_status *st, int rc)
{
	if (rc == RP_ELIMIT)
		rp_doc_stop(st, RP_ELIMIT,
			    "the document's text is larger than the %zu MB limit of a draft",
			    RP_DOC_MAX_TEXT >> 20);
	else if (rc)
		rp_doc_stop(st, RP_ENOMEM, "out of memory");
}

void rp_doc_add(struct rp_doc_status *st, struct rp_buf *b, const char *s, size_t n)
{
	rp_doc_stop_buf(st, rp_buf_add(b, s, n));
}

static enum rp_doc_ns ns_of(const xmlChar *uri)
{
	static const struct {
		const char *uri;
		enum rp_doc_ns ns;
	} tab[] = {
		{ "http://schemas.openxmlformats.org/wordprocessingml/2006/main", RP_NS_W },
		{ "http://purl.oclc.org/ooxml/wordprocessingml/main", RP_NS_W },
		{ "http://schemas.openxmlformats.org/markup-compatibility/2006", RP_NS_MC },
		{ "urn:oasis:names:tc:opendocument:xmlns:office:1.0", RP_NS_OFFICE },
		{ "urn:oasis:names:tc:opendocument:xmlns:text:1.0", RP_NS_TEXT },
		{ "urn:oasis:names:tc:opendocument:xmlns:table:1.0", RP_NS_TABLE },
		{ "urn:oasis:names:tc:opendocument:xmlns:style:1.0", RP_NS_STYLE },
		{ "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0", RP_NS_DRAW },
		{ "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0", RP_NS_DRAW },
		{ "urn:oasis:names:tc:opendocument:xmlns:dr3d:1.0", RP_NS_DRAW },
	};
	size_t i;

	if (!uri)
		return RP_NS_OTHER;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp((const char *)uri, tab[i].uri) == 0)
			return tab[i].ns;
	return RP_NS_OTHER;
}

static void on_start(void *user, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
		     int nns, const xmlChar **nss, int nattr, int ndefaulted, const xmlChar **attrs)
{
	struct part *pt = user;

	(void)prefix, (void)nns, (void)nss, (void)ndefaulted;
	pt->cb->start(pt->ctx, ns_of(uri), (const char *)local, nattr, (const char **)attrs);
}

static void on_end(void *user, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	struct part *pt = user;

	(void)prefix;
	pt->cb->end(pt->ctx, ns_of(uri), (const char *)local);
}

static void on_text(void *user, const xmlChar *s, int len)
{
	struct part *pt = user;

	if (len > 0)
		pt->cb->text(pt->ctx, (const char *)s, (size_t)len);
}

/* A DOCTYPE: refused before its internal subset is read, so no entity gets declared. */
static void on_doctype(void *user, const xmlChar *name, const xmlChar *pub, const xmlChar *sys)
{
	struct part *pt = user;

	(void)name, (void)pub, (void)sys;
	pt->dtd = 1;
	xmlStopParser(pt->parser);
}

/* Never reached with the DTD refused; declared so that no default resolver is used. */
static void on_entity_decl(void *user, const xmlChar *name, int type, const xmlChar *pub,
			   const xmlChar *sys, xmlChar *content)
{
	(void)name, (void)type, (void)pub, (void)sys, (void)content;
	on_doctype(user, NULL, NULL, NULL);
}

static xmlEntityPtr no_entity(void *user, const xmlChar *name)
{
	(void)user, (void)name;
	return NULL;
}

static void on_error(void *user, xmlErrorPtr e)
{
	struct part *pt = user;
	size_t n;

	if (!e || e->level < XML_ERR_ERROR || pt->xmlerr[0])
		return;
	snprintf(pt->xmlerr, sizeof(pt->xmlerr), "%s", e->message ? e->message : "error");
	n = strlen(pt->xmlerr);
	while (n && (pt->xmlerr[n - 1] == '\n' || pt->xmlerr[n - 1] == ' '))
		pt->xmlerr[--n] = '\0';
	pt->xmlline = e->line;
}

static void init_sax(xmlSAXHandler *h)
{
	memset(h, 0, sizeof(*h));
	h->initialized = XML_SAX2_MAGIC;
	h->startElementNs = on_start;
	h->endElementNs = on_end;
	h->characters = on_text;
	h->cdataBlock = on_text;
	h->ignorableWhitespace = on_text;
	h->internalSubset = on_doctype;
	h->externalSubset = on_doctype;
	h->entityDecl = on_entity_decl;
	h->getEntity = no_entity;
	h->getParameterEntity = no_entity;
	h->serror = on_error;
}

/* Follow byte c inside a tag; returns 1 when the tag passes a limit. */
static int scan_tag_byte(struct tag_scan *sc, char c)
{
	if (++sc->bytes > MAX_TAG_BYTES)
		return 1;
	if (sc->state == SCAN_QUOTE) {
		if (c == sc->quote)
			sc->state = SCAN_TAG;
		return 0;
	}
	sc->state = SCAN_TAG;
	if (c == '>')
		sc->state = SCAN_TEXT;
	else if (c == '"' || c == '\'')
		sc->state = SCAN_QUOTE, sc->quote = c;
	else if (c == '=' && ++sc->attrs > MAX_TAG_ATTRS)
		return 1;
	return 0;
}

/* Follow byte c; returns 1 when a tag passes a limit. */
static int scan_byte(struct tag_scan *sc, char c)
{
	int over = 0;

	switch (sc->state) {
	case SCAN_TEXT:
		if (c == '<')
			sc->state = SCAN_LT, sc->attrs = 0, sc->bytes = 1;
		break;
	case SCAN_LT:
		if (c == '?')
			sc->state = SCAN_PI;
		else if (c == '!')
			sc->state = SCAN_BANG;
		else
			over = scan_tag_byte(sc, c);
		break;
	case SCAN_BANG:
		if (c == '-')
			sc->state = SCAN_BANG2;
		else if (c == '[')
			sc->state = SCAN_CDATA;
		else
			over = scan_tag_byte(sc, c); /* <!DOCTYPE, refused by the parser */
		break;
	case SCAN_BANG2:
		if (c == '-')
			sc->state = SCAN_COMMENT;
		else
			over = scan_tag_byte(sc, c);
		break;
	case SCAN_TAG:
	case SCAN_QUOTE:
		over = scan_tag_byte(sc, c);
		break;
	case SCAN_COMMENT:
		if (c == '>' && sc->prev[0] == '-' && sc->prev[1] == '-')
			sc->state = SCAN_TEXT;
		break;
	case SCAN_CDATA:
		if (c == '>' && sc->prev[0] == ']' && sc->prev[1] == ']')
			sc->state = SCAN_TEXT;
		break;
	case SCAN_PI:
		if (c == '>' && sc->prev[1] == '?')
			sc->state = SCAN_TEXT;
		break;
	}
	sc->prev[0] = sc->prev[1], sc->prev[1] = c;
	return over;
}

/* Scan a piece of a member for a tag over MAX_TAG_ATTRS or MAX_TAG_BYTES before libxml2
 * sees it. Returns 0, or RP_ELIMIT with err set (naming the part). */
static int scan_tags(struct tag_scan *sc, const char *p, size_t n, const char *what,
		     const char *name, struct rp_error *err)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (scan_byte(sc, p[i]))
			break;
	if (i == n)
		return 0;
	if (sc->bytes > MAX_TAG_BYTES)
		return rp_error_set(err, RP_ELIMIT, what,
				    "%s has a tag longer than %zu bytes, which no word processor "
				    "writes; refused, as it could take libxml2 too long to read",
				    name, MAX_TAG_BYTES);
	return rp_error_set(err, RP_ELIMIT, what,
			    "%s has a tag with more than %d attributes, which no word processor "
			    "writes; refused, as libxml2 checks them pairwise and would take too "
			    "long to read it",
			    name, MAX_TAG_ATTRS);
}

/* Inflate the member into the parser, counting what it really inflates to. */
static int feed(struct rp_doc_zip *z, zip_file_t *zf, const char *name, struct part *pt,
		struct rp_error *err)
{
	char *buf = malloc(CHUNK);
	struct tag_scan sc = { SCAN_TEXT, 0, { 0, 0 }, 0, 0 };
	size_t total = 0;
	zip_int64_t n;
	int rc = 0;

	if (!buf)
		return rp_error_set(err, RP_ENOMEM, z->what, "out of memory");
	while ((n = zip_fread(zf, buf, CHUNK)) > 0) {
		total += (size_t)n;
		if (total > RP_DOC_MAX_PART) {
			rc = rp_error_set(err, RP_ELIMIT, z->what,
					  "%s inflates to more than %zu MB, the limit for a part "
					  "of a document (a zip bomb?)",
					  name, RP_DOC_MAX_PART >> 20);
			break;
		}
		if ((rc = scan_tags(&sc, buf, (size_t)n, z->what, name, err)))
			break;
		/* xmlParseChunk's return value also reports warnings: go by the state */
		xmlParseChunk(pt->parser, buf, (int)n, 0);
		if (pt->st->rc || pt->dtd || !pt->parser->wellFormed || pt->parser->disableSAX)
			break;
	}
	if (!rc && n < 0)
		rc = rp_error_set(err, RP_EPARSE, z->what, "a damaged file: %s cannot be inflated (%s)",
				  name, zip_file_strerror(zf));
	if (!rc && n == 0 && !pt->st->rc && !pt->dtd && pt->parser->wellFormed)
		xmlParseChunk(pt->parser, NULL, 0, 1);
	free(buf);
	return rc;
}

/* The outcome of a parse that read the whole member, or stopped. */
static int verdict(struct rp_doc_zip *z, const char *name, struct part *pt, struct rp_error *err)
{
	if (pt->st->rc)
		return rp_error_set(err, pt->st->rc, z->what, "%s", pt->st->msg);
	if (pt->dtd)
		return rp_error_set(err, RP_EPARSE, z->what,
				    "%s declares a document type (DTD), which Word and LibreOffice "
				    "never write; refused, as entities declared there could expand "
				    "without bound",
				    name);
	if (!pt->parser->wellFormed || pt->xmlerr[0])
		return rp_error_set(err, RP_EPARSE, z->what,
				    "a damaged file: %s is not well-formed XML (line %d: %s)", name,
				    pt->xmlline, pt->xmlerr[0] ? pt->xmlerr : "error");
	return 0;
}

int rp_doc_zip_parse(struct rp_doc_zip *z, const char *name, const struct rp_doc_xml_cb *cb,
		     void *ctx, struct rp_doc_status *st, struct rp_error *err)
{
	struct part pt = { cb, ctx, st, NULL, 0, "", 0 };
	xmlSAXHandler sax;
	zip_stat_t sb;
	zip_file_t *zf = NULL;
	int rc;

	zip_stat_init(&sb);
	if (zip_stat(z->za, name, ZIP_FL_NOCASE, &sb) != 0)
		return RP_ENOTFOUND;
	if ((sb.valid & ZIP_STAT_SIZE) && sb.size > RP_DOC_MAX_PART)
		return rp_error_set(err, RP_ELIMIT, z->what,
				    "%s inflates to %llu bytes, more than the %zu MB limit for a "
				    "part of a document (a zip bomb?)",
				    name, (unsigned long long)sb.size, RP_DOC_MAX_PART >> 20);
	if (!(zf = zip_fopen_index(z->za, sb.index, 0)))
		return rp_error_set(err, RP_EPARSE, z->what, "a damaged file: %s cannot be read (%s)",
				    name, zip_strerror(z->za));
	xmlInitParser();
	init_sax(&sax);
	if (!(pt.parser = xmlCreatePushParserCtxt(&sax, &pt, NULL, 0, name))) {
		zip_fclose(zf);
		return rp_error_set(err, RP_ENOMEM, z->what, "out of memory");
	}
	/* Never XML_PARSE_NOENT or XML_PARSE_DTDLOAD: see the top of this file. */
	xmlCtxtUseOptions(pt.parser, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	st->parser = pt.parser;
	if (!(rc = feed(z, zf, name, &pt, err)))
		rc = verdict(z, name, &pt, err);
	st->parser = NULL;
	xmlFreeParserCtxt(pt.parser);
	zip_fclose(zf);
	return rc;
}

size_t rp_doc_utf8_cut(const char *s, size_t k)
{
	size_t i = k, need;
	unsigned char c;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
		i--;
	if (i == 0)
		return k;
	c = (unsigned char)s[i - 1];
	need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	return k - (i - 1) < need ? i - 1 : k;
}

/* Attribute values reach SAX2 callbacks with "&amp;" kept as "&#38;" (libxml2 decodes it
 * only when it builds a tree): decode that one reference. A value cut to fit is cut
 * between characters. */
static size_t copy_value(char *buf, size_t n, const char *v, const char *end)
{
	size_t k = 0;

	while (v < end && k + 1 < n) {
		if (end - v >= 5 && memcmp(v, "&#38;", 5) == 0) {
			buf[k++] = '&';
			v += 5;
		} else {
			buf[k++] = *v++;
		}
	}
	if (v < end)
		k = rp_doc_utf8_cut(buf, k);
	buf[k] = '\0';
	return k;
}

const char *rp_doc_attr(const char **attrs, int nattr, const char *name, char *buf, size_t n)
{
	int i;

	for (i = 0; i < nattr; i++)
		if (strcmp(attrs[5 * i], name) == 0) {
			copy_value(buf, n, attrs[5 * i + 3], attrs[5 * i + 4]);
			return buf;
		}
	return NULL;
}

int rp_doc_attr_int(const char **attrs, int nattr, const char *name, int dflt)
{
	char buf[32], *end = NULL;
	long v;

	if (!rp_doc_attr(attrs, nattr, name, buf, sizeof(buf)))
		return dflt;
	v = strtol(buf, &end, 10);
	if (end == buf)
		return dflt;
	if (v > RP_DOC_NUM_MAX)
		return RP_DOC_NUM_MAX;
	if (v < -RP_DOC_NUM_MAX)
		return -RP_DOC_NUM_MAX;
	return (int)v;
}

int rp_doc_attr_bool(const char **attrs, int nattr, const char *name, int dflt)
{
	char buf[8];

	if (!rp_doc_attr(attrs, nattr, name, buf, sizeof(buf)))
		return dflt;
	return strcmp(buf, "true") == 0 || strcmp(buf, "1") == 0 || strcmp(buf, "on") == 0;
}
