/* doc-private: the readers behind rp_doc_to_text, one per format (doc.c dispatches), and
 * what the word-processor readers share: the zip container and its XML parts (zip.c), list
 * number formats (number.c), and the paragraphs both readers produce, written out as the
 * text the draft parser reads (outline.c). Each reader has rp_doc_to_text's contract for
 * its own kind. */
#ifndef RAPPORTEUR_DOC_PRIVATE_H
#define RAPPORTEUR_DOC_PRIVATE_H

#include "rapporteur/doc.h"

/* The largest text a reader produces: the draft parser's limit. */
#define RP_DOC_MAX_TEXT ((size_t)16 << 20)
/* The largest XML member of a .docx or .odt read, by its inflated size. Some ten times
 * the XML of a 300-page report; a member that inflates to more is a zip bomb. */
#define RP_DOC_MAX_PART ((size_t)64 << 20)

int rp_doc_docx_text(const char *bytes, size_t len, const char *what, char **out,
		     size_t *out_len, struct rp_error *err); /* docx.c */
int rp_doc_odt_text(const char *bytes, size_t len, const char *what, char **out,
		    size_t *out_len, struct rp_error *err); /* odt.c */
int rp_doc_pdf_text(const char *bytes, size_t len, const char *what, char **out,
		    size_t *out_len, struct rp_error *err); /* pdf.c */

/* ---- the zip container and its XML members (zip.c) ----------------------------------- */

/* Namespaces the readers tell apart; an element's namespace URI is mapped to one. */
enum rp_doc_ns {
	RP_NS_OTHER,
	RP_NS_W,      /* WordprocessingML, transitional or strict */
	RP_NS_MC,     /* markup compatibility (mc:AlternateContent) */
	RP_NS_OFFICE, /* ODF office: */
	RP_NS_TEXT,   /* ODF text: */
	RP_NS_TABLE,  /* ODF table: */
	RP_NS_STYLE,  /* ODF style: */
	RP_NS_DRAW,   /* ODF draw:, svg:, dr3d: -- frames and shapes */
};

/* How a reader stops the parse from a callback, and why. */
struct rp_doc_status {
	void *parser; /* the libxml2 parser context while a member is parsed */
	int rc;       /* 0, or the first failure: RP_ENOMEM, RP_ELIMIT, RP_EPARSE */
	char msg[256];
};
/* Record rc and its message (the first failure wins) and stop the parser. */
void rp_doc_stop(struct rp_doc_status *st, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Stop on a failed rp_buf call (rc: RP_ELIMIT, the draft's text limit, or another error,
 * taken for memory); 0 does nothing. */
void rp_doc_stop_buf(struct rp_doc_status *st, int rc);
/* rp_buf_add(b, s, n), stopping the parse when it fails. */
void rp_doc_add(struct rp_doc_status *st, struct rp_buf *b, const char *s, size_t n);

/* A reader's SAX callbacks. attrs holds nattr libxml2 SAX2 attribute 5-tuples (local name,
 * prefix, URI, value start, value end); read them with rp_doc_attr. */
struct rp_doc_xml_cb {
	void (*start)(void *ctx, enum rp_doc_ns ns, const char *name, int nattr,
		      const char **attrs);
	void (*end)(void *ctx, enum rp_doc_ns ns, const char *name);
	void (*text)(void *ctx, const char *s, size_t len);
};

struct rp_doc_zip;
/* Open the zip archive in bytes (borrowed until rp_doc_zip_close). Returns 0, RP_EPARSE
 * (not a readable zip archive: the message names `what` and says so), RP_ENOMEM. */
int rp_doc_zip_open(struct rp_doc_zip **out, const char *bytes, size_t len, const char *what,
		    struct rp_error *err);
void rp_doc_zip_close(struct rp_doc_zip *z); /* NULL-safe */
/* Whether the archive has member name (compared without case, as OPC part names are). */
int rp_doc_zip_has(struct rp_doc_zip *z, const char *name);
/* Stream member name through cb with ctx; st is the status the callbacks stop with.
 * Returns 0; RP_ENOTFOUND when there is no such member (err untouched); RP_ELIMIT when it
 * inflates to more than RP_DOC_MAX_PART; RP_EPARSE for a damaged member, XML that is not
 * well-formed, or a document type declaration; or the callbacks' st->rc. */
int rp_doc_zip_parse(struct rp_doc_zip *z, const char *name, const struct rp_doc_xml_cb *cb,
		     void *ctx, struct rp_doc_status *st, struct rp_error *err);

/* The value of attribute `name` (its local name, any namespace) among a start tag's
 * attributes, copied into buf (at most n - 1 bytes, NUL-terminated); NULL when absent. */
const char *rp_doc_attr(const char **attrs, int nattr, const char *name, char *buf, size_t n);
/* The attribute as an integer clamped to [-RP_DOC_NUM_MAX, RP_DOC_NUM_MAX]; dflt when it is
 * absent or not a number. */
int rp_doc_attr_int(const char **attrs, int nattr, const char *name, int dflt);
/* The length of the first k bytes of UTF-8 text s without a character cut at its end. */
size_t rp_doc_utf8_cut(const char *s, size_t k);
/* Whether the attribute is present and true ("true", "1", "on"); dflt when absent. */
int rp_doc_attr_bool(const char **attrs, int nattr, const char *name, int dflt);

/* ---- list numbers (number.c) ---------------------------------------------------------- */

/* Counters are kept in this range, whatever start values a hostile document gives. */
#define RP_DOC_NUM_MAX 1000000

enum rp_doc_numfmt {
	RP_NUM_DECIMAL,
	RP_NUM_DECIMAL_ZERO, /* 01, 02 ... 10 */
	RP_NUM_LOWER_LETTER,
	RP_NUM_UPPER_LETTER,
	RP_NUM_LOWER_ROMAN,
	RP_NUM_UPPER_ROMAN,
	RP_NUM_BULLET,
	RP_NUM_NONE, /* the level shows no number */
};
/* Append value in format fmt. Letters go a..z then aa, bb (Word; ODF's
 * style:num-letter-sync) or, with letter_sync 0, aa, ab (ODF's default). Values a format
 * cannot show (roman above 3999, letters below 1) are written in decimal. Bullets and
 * none append nothing. Returns 0 or RP_ENOMEM. */
int rp_doc_number(struct rp_buf *b, int value, enum rp_doc_numfmt fmt, int letter_sync);

/* ---- the paragraphs of a document and the text written for them (outline.c) ---------- */

enum rp_doc_para_kind {
	RP_PARA_BODY,    /* a paragraph of text, a list item */
	RP_PARA_TITLE,   /* the document's title (a Title-styled paragraph) */
	RP_PARA_HEADING, /* a heading: level is its outline level, 0 = top */
	RP_PARA_ROW,     /* a table row, its cells joined with " | " */
	RP_PARA_NOTE,    /* a footnote or endnote, label "[1]" */
};

struct rp_doc_para {
	enum rp_doc_para_kind kind;
	int level;   /* heading: outline level; list item: list level; 0 = top */
	int list;    /* list item: the numbering sequence its label counts in, -1 none */
	int bullet;  /* a bulleted list item */
	int table;   /* row: the table it belongs to */
	char *label; /* the number as the word processor shows it ("3.9", "12.", "(a)"), NULL */
	char *text;  /* never NULL once added */
	int section; /* set when writing: the label is written as a section number */
};

struct rp_doc_outline {
	struct rp_doc_para *p;
	size_t n, alloc;
	size_t bytes; /* text held and a fixed charge per paragraph, against RP_DOC_MAX_TEXT */
};

/* Append a copy of *para, taking over its label and text (freed on failure too; a NULL
 * text is an empty one). Returns 0, RP_ENOMEM, RP_ELIMIT (the text, with a fixed charge for
 * each paragraph, passed RP_DOC_MAX_TEXT). */
int rp_doc_outline_add(struct rp_doc_outline *o, const struct rp_doc_para *para);
void rp_doc_outline_release(struct rp_doc_outline *o);
/* s without blanks, tabs and line breaks at either end (cut in place). */
char *rp_doc_trim(char *s);
/* Tables, one line a row. A cell ended: its trimmed text joins row, after " | " unless it
 * is the row's first (*cells counts them); cell is emptied. Returns 0 or rp_buf's error. */
int rp_doc_cell_end(struct rp_buf *row, struct rp_buf *cell, int *cells);
/* A row ended: its text without the empty cells at its end, trimmed, malloc'ed into *text
 * (NULL when nothing is left); row and *cells start over. Returns 0, RP_ENOMEM. */
int rp_doc_row_end(struct rp_buf *row, int *cells, char **text);
/* The text for rp_draft_parse: Markdown headings when the document has headings or
 * numbered paragraphs of its own, else plain paragraphs. *out is malloc'ed. Returns 0,
 * RP_ENOMEM, RP_ELIMIT. */
int rp_doc_outline_write(struct rp_doc_outline *o, char **out, size_t *out_len);

/* ---- WordprocessingML styles and numbering (docx-defs.c) ------------------------------- */

struct docx_defs;

/* A paragraph's own properties (w:pPr), as far as headings and numbering go. */
struct docx_pprops {
	char style[96]; /* w:pStyle, "" for the default paragraph style */
	int num_id;     /* w:numPr/w:numId, -1 when not given */
	int ilvl;       /* w:numPr/w:ilvl, -1 when not given */
	int outline;    /* w:outlineLvl, -1 when not given */
};

/* What a paragraph is, from its properties and styles. */
struct docx_role {
	int title;     /* Title style */
	int toc;       /* a table of contents entry ("toc 1", "TOC Heading") */
	int outline;   /* heading outline level 0-8, -1 for body text */
};

/* Read word/styles.xml and word/numbering.xml (both optional) of z into *out. Returns 0,
 * RP_ENOMEM, RP_ELIMIT, RP_EPARSE (err names `what`). */
int docx_defs_load(struct docx_defs **out, struct rp_doc_zip *z, const char *what,
		   struct rp_error *err);
void docx_defs_free(struct docx_defs *d); /* NULL-safe */
void docx_role(struct docx_defs *d, const struct docx_pprops *pp, struct docx_role *out);
/* Number the paragraph (advancing the list's counters as Word does): its label (NULL when
 * unnumbered; malloc'ed), whether it is a bullet, its sequence and list level into p.
 * Returns 0 or RP_ENOMEM. */
int docx_number(struct docx_defs *d, const struct docx_pprops *pp, struct rp_doc_para *p);

/* ---- OpenDocument styles, list styles and outline numbering (odt-defs.c) ----------- */

#define ODT_LEVELS 10 /* list and outline levels, 1-10 in ODF */

/* How one level of a list style (or of the outline style) numbers. */
struct odt_level {
	int defined;
	int bullet;            /* text:list-level-style-bullet or -image */
	enum rp_doc_numfmt fmt; /* style:num-format */
	int sync;              /* style:num-letter-sync */
	char prefix[32], suffix[32];
	int display;           /* text:display-levels: how many levels' numbers are shown */
	int start;             /* text:start-value */
};

/* What a paragraph style says, through its parents. */
struct odt_pinfo {
	int title;              /* a Title style */
	int outline;            /* style:default-outline-level, 0 when none */
	char list_style[96];    /* style:list-style-name, "" when none */
};

struct odt_defs;
int odt_defs_new(struct odt_defs **out);
void odt_defs_free(struct odt_defs *d); /* NULL-safe */
/* SAX events of styles.xml (automatic 0: its automatic styles are its headers' and
 * footers') and of content.xml before its body (automatic 1). Style elements are
 * recorded; everything else is passed over. */
void odt_defs_start(struct odt_defs *d, struct rp_doc_status *st, int automatic, enum rp_doc_ns ns,
		    const char *name, int nattr, const char **attrs);
void odt_defs_end(struct odt_defs *d, enum rp_doc_ns ns, const char *name);
/* Ready the look-ups once the styles are read (content.xml's body has begun). */
void odt_defs_done(struct odt_defs *d);
void odt_pinfo(const struct odt_defs *d, const char *style, struct odt_pinfo *out);
/* Level lv (0-based) of list style `name` or, for NULL, of the outline style; NULL when
 * the style or the level is not defined. */
const struct odt_level *odt_level(const struct odt_defs *d, const char *name, int lv);

#endif
