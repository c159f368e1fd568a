/* docx: Office Open XML word-processing documents (.docx; ECMA-376 Part 1, 17), read as
 * the draft parser's text. word/document.xml is streamed paragraph by paragraph
 * (w:p): the text of its runs (w:t), tabs and breaks, with
 *   - tracked deletions (w:del, w:moveFrom) dropped and insertions kept; a paragraph whose
 *     mark is deleted runs on into the next one, as Word shows it;
 *   - fields shown by their results (a cross-reference shows "3.9"), their codes dropped,
 *     and a table of contents (a TOC field, or "toc N" styles) dropped, since its lines
 *     repeat every heading;
 *   - hidden text (w:vanish on the run), comments, text boxes, drawings, equations and
 *     ruby annotations dropped;
 *   - a table row as one line, its cells joined with " | " (a nested table's cells run on
 *     inside its cell);
 *   - footnotes and endnotes (word/footnotes.xml, word/endnotes.xml) marked where they are
 *     referred to, "[1]" (endnotes "[i]", as Word numbers them by default), and their text
 *     given as a paragraph "[1] ..." after the paragraph or table that refers to them.
 * Headings, the title and list numbers come from docx-defs.c; outline.c writes the text. */
#include <stdlib.h>
#include <string.h>

#include "doc-private.h"

#define MAX_FIELDS 32  /* nested fields tracked; deeper ones hide their text */
#define MAX_NOTES 100000

struct note {
	int id, endnote;
	char *text;
};

struct field {
	int result; /* past its w:fldChar "separate": what follows is shown */
	int toc;
};

struct queued {
	char *label;
	const char *text; /* borrowed from the notes */
};

struct docx {
	struct rp_doc_status st;
	struct docx_defs *defs;
	struct rp_doc_outline *out;
	int notes_part;   /* reading footnotes.xml or endnotes.xml: 1, 2 for endnotes */
	int skip;         /* depth inside an element whose content is dropped */
	int depth_p;      /* w:p nesting (a stray paragraph inside one joins it) */
	int in_ppr, in_ppr_rpr, in_numpr, in_r, in_rpr, in_t, in_instr;
	int mark_deleted, hidden;
	struct docx_pprops pp;
	struct rp_buf text;    /* the paragraph's text */
	struct rp_buf pending; /* paragraphs whose mark is deleted, running on */
	int tbl, table_no, cells;
	struct rp_buf cell, row;
	struct field fld[MAX_FIELDS];
	int nfld, fld_over;
	char instr[64];
	size_t ninstr;
	struct note *notes;
	size_t nnotes, anotes, note_bytes;
	int note_id, note_skip;
	struct rp_buf note;
	struct queued *queue;
	size_t nq, aq;
	int nfoot, nend; /* notes referred to so far */
};

static int fields_shown(const struct docx *r)
{
	int i;

	if (r->fld_over)
		return 0;
	for (i = 0; i < r->nfld; i++)
		if (!r->fld[i].result || r->fld[i].toc)
			return 0;
	return 1;
}

/* Text of a w:t: line breaks and tabs in it are spaces to Word; soft hyphens show only
 * where a line breaks, so never in this text. */
static void run_text(struct docx *r, const char *s, size_t n)
{
	size_t i, from = 0;

	for (i = 0; i < n; i++) {
		int soft = (unsigned char)s[i] == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xad;
		if (s[i] != '\n' && s[i] != '\r' && s[i] != '\t' && !soft)
			continue;
		rp_doc_add(&r->st, &r->text, s + from, i - from);
		if (!soft)
			rp_doc_add(&r->st, &r->text, " ", 1);
		i += soft;
		from = i + 1;
	}
	rp_doc_add(&r->st, &r->text, s + from, n - from);
}

/* ---- fields --------------------------------------------------------------------------- */

static int is_toc(const char *instr)
{
	while (*instr == ' ')
		instr++;
	return rp_istarts_with(instr, "TOC") && (instr[3] == ' ' || instr[3] == '\0');
}

static void field_begin(struct docx *r, int result, const char *instr)
{
	if (r->nfld == MAX_FIELDS) {
		r->fld_over++;
		return;
	}
	r->fld[r->nfld].result = result;
	r->fld[r->nfld].toc = instr && is_toc(instr);
	r->nfld++;
	r->ninstr = 0;
}

static void field_end(struct docx *r)
{
	if (r->fld_over)
		r->fld_over--;
	else if (r->nfld)
		r->nfld--;
}

static void fld_char(struct docx *r, int nattr, const char **attrs)
{
	char type[16];

	if (!rp_doc_attr(attrs, nattr, "fldCharType", type, sizeof(type)))
		return;
	if (strcmp(type, "begin") == 0) {
		field_begin(r, 0, NULL);
	} else if (strcmp(type, "separate") == 0 && !r->fld_over && r->nfld) {
		r->instr[r->ninstr] = '\0';
		r->fld[r->nfld - 1].result = 1;
		r->fld[r->nfld - 1].toc = is_toc(r->instr);
	} else if (strcmp(type, "end") == 0) {
		field_end(r);
	}
}

static void instr_text(struct docx *r, const char *s, size_t n)
{
	if (r->fld_over || !r->nfld || r->fld[r->nfld - 1].result)
		return;
	if (n > sizeof(r->instr) - 1 - r->ninstr)
		n = sizeof(r->instr) - 1 - r->ninstr;
	memcpy(r->instr + r->ninstr, s, n);
	r->ninstr += n;
}

/* ---- notes ---------------------------------------------------------------------------- */

static int cmp_note(const void *a, const void *b)
{
	const struct note *x = a, *y = b;

	if (x->endnote != y->endnote)
		return x->endnote - y->endnote;
	return (x->id > y->id) - (x->id < y->id);
}

static void note_begin(struct docx *r, int nattr, const char **attrs)
{
	char type[32];

	/* separators are the rule above the notes, not a note */
	r->note_skip = rp_doc_attr(attrs, nattr, "type", type, sizeof(type)) &&
		       strcmp(type, "normal") != 0;
	r->note_id = rp_doc_attr_int(attrs, nattr, "id", -1);
	rp_buf_clear(&r->note);
}

static void note_end(struct docx *r)
{
	struct note *n;

	if (r->note_skip || r->nnotes >= MAX_NOTES)
		return;
	if (r->note_bytes + r->note.len > RP_DOC_MAX_TEXT) {
		rp_doc_stop_buf(&r->st, RP_ELIMIT);
		return;
	}
	if (r->nnotes == r->anotes) {
		size_t na = r->anotes ? 2 * r->anotes : 16;
		struct note *nn = realloc(r->notes, na * sizeof(*nn));
		if (!nn) {
			rp_doc_stop_buf(&r->st, RP_ENOMEM);
			return;
		}
		r->notes = nn;
		r->anotes = na;
	}
	n = &r->notes[r->nnotes];
	n->id = r->note_id;
	n->endnote = r->notes_part == 2;
	r->note_bytes += r->note.len;
	if (!(n->text = rp_buf_detach(&r->note, NULL))) {
		rp_doc_stop_buf(&r->st, RP_ENOMEM);
		return;
	}
	r->nnotes++;
}

/* Whether the paragraph being read is a heading or the title: its properties come before
 * its runs, so they are known when a note is referred to. */
static int heading_para(struct docx *r)
{
	struct docx_role role;

	docx_role(r->defs, &r->pp, &role);
	return role.title || role.outline >= 0;
}

/* A footnote or endnote reference: "[n]" in the text (not in a heading, whose words are
 * the section's name), the note queued for after the paragraph. */
static void note_ref(struct docx *r, int endnote, int nattr, const char **attrs)
{
	struct note key, *n;
	struct rp_buf b = RP_BUF_INIT;

	if (r->notes_part || r->hidden || !fields_shown(r) || !r->nnotes)
		return;
	key.id = rp_doc_attr_int(attrs, nattr, "id", -1);
	key.endnote = endnote;
	if (!(n = bsearch(&key, r->notes, r->nnotes, sizeof(key), cmp_note)))
		return;
	if (rp_buf_addch(&b, '[') || rp_doc_number(&b, endnote ? ++r->nend : ++r->nfoot,
						   endnote ? RP_NUM_LOWER_ROMAN : RP_NUM_DECIMAL, 1) ||
	    rp_buf_addch(&b, ']'))
		goto fail;
	if (!heading_para(r))
		rp_doc_add(&r->st, &r->text, b.buf, b.len);
	if (r->nq == r->aq) {
		size_t na = r->aq ? 2 * r->aq : 8;
		struct queued *nq = realloc(r->queue, na * sizeof(*nq));
		if (!nq)
			goto fail;
		r->queue = nq;
		r->aq = na;
	}
	r->queue[r->nq].text = n->text;
	if (!(r->queue[r->nq].label = rp_buf_detach(&b, NULL)))
		goto fail;
	r->nq++;
	return;
fail:
	rp_buf_release(&b);
	rp_doc_stop_buf(&r->st, RP_ENOMEM);
}

static void add_para(struct docx *r, struct rp_doc_para *p)
{
	int rc = rp_doc_outline_add(r->out, p);

	if (rc == RP_ELIMIT)
		rp_doc_stop_buf(&r->st, RP_ELIMIT);
	else if (rc)
		rp_doc_stop_buf(&r->st, RP_ENOMEM);
}

/* The notes referred to since the last paragraph, as paragraphs of their own. */
static void flush_notes(struct docx *r)
{
	size_t i;

	for (i = 0; i < r->nq; i++) {
		struct rp_doc_para p = { RP_PARA_NOTE, 0, -1, 0, 0, r->queue[i].label, NULL, 0 };
		r->queue[i].label = NULL;
		if (r->st.rc || !(p.text = rp_strdup(r->queue[i].text))) {
			free(p.label);
			if (!r->st.rc)
				rp_doc_stop_buf(&r->st, RP_ENOMEM);
			continue;
		}
		add_para(r, &p);
	}
	r->nq = 0;
}

/* ---- paragraphs and tables -------------------------------------------------------------- */

/* The text with blanks trimmed at both ends (in place); returns its start. */
static void begin_para(struct docx *r)
{
	memset(&r->pp, 0, sizeof(r->pp));
	r->pp.num_id = r->pp.ilvl = r->pp.outline = -1;
	r->mark_deleted = 0;
	r->in_ppr = r->in_ppr_rpr = r->in_numpr = r->in_r = r->in_rpr = r->in_t = 0;
	rp_buf_clear(&r->text);
}

/* A paragraph of the body: a heading, the title, or text, numbered or not. */
static void body_para(struct docx *r, char *text)
{
	struct rp_doc_para p = { RP_PARA_BODY, 0, -1, 0, 0, NULL, NULL, 0 };
	struct docx_role role;

	docx_role(r->defs, &r->pp, &role);
	if (role.toc)
		return;
	if (docx_number(r->defs, &r->pp, &p)) {
		rp_doc_stop_buf(&r->st, RP_ENOMEM);
		return;
	}
	if (role.title) {
		p.kind = RP_PARA_TITLE;
		free(p.label);
		p.label = NULL;
	} else if (role.outline >= 0) {
		p.kind = RP_PARA_HEADING;
		p.level = role.outline;
	}
	text = rp_doc_trim(text);
	if (!*text && !(p.label && !p.bullet)) {
		free(p.label);
		return;
	}
	if (!(p.text = rp_strdup(text))) {
		free(p.label);
		rp_doc_stop_buf(&r->st, RP_ENOMEM);
		return;
	}
	add_para(r, &p);
}

/* A paragraph in a table cell: numbered as any, its label and text run on in the cell. */
static void cell_para(struct docx *r, char *text)
{
	struct rp_doc_para p = { RP_PARA_BODY, 0, -1, 0, 0, NULL, NULL, 0 };
	struct docx_role role;
	char *c;

	docx_role(r->defs, &r->pp, &role);
	if (role.toc)
		return;
	if (docx_number(r->defs, &r->pp, &p)) {
		rp_doc_stop_buf(&r->st, RP_ENOMEM);
		return;
	}
	for (c = text; *c; c++)
		if (*c == '\n' || *c == '\t')
			*c = ' ';
	text = rp_doc_trim(text);
	if (*text || p.label) {
		if (r->cell.len)
			rp_doc_add(&r->st, &r->cell, " ", 1);
		if (p.bullet)
			rp_doc_add(&r->st, &r->cell, "- ", 2);
		else if (p.label) {
			rp_doc_add(&r->st, &r->cell, p.label, strlen(p.label));
			rp_doc_add(&r->st, &r->cell, " ", 1);
		}
		rp_doc_add(&r->st, &r->cell, text, strlen(text));
	}
	free(p.label);
}

static void end_para(struct docx *r)
{
	if (r->notes_part) {
		char *t = rp_doc_trim(r->text.buf);
		if (*t && r->note.len)
			rp_doc_add(&r->st, &r->note, " ", 1);
		rp_doc_add(&r->st, &r->note, t, strlen(t));
		return;
	}
	if (r->mark_deleted && !r->tbl) {
		rp_doc_add(&r->st, &r->pending, r->text.buf, r->text.len);
		return;
	}
	if (r->pending.len) {
		rp_doc_add(&r->st, &r->pending, r->text.buf, r->text.len);
		rp_buf_clear(&r->text);
		rp_doc_add(&r->st, &r->text, r->pending.buf, r->pending.len);
		rp_buf_clear(&r->pending);
	}
	if (r->st.rc)
		return;
	if (r->tbl) {
		cell_para(r, r->text.buf);
		return;
	}
	body_para(r, r->text.buf);
	flush_notes(r);
}

static void end_cell(struct docx *r)
{
	rp_doc_stop_buf(&r->st, rp_doc_cell_end(&r->row, &r->cell, &r->cells));
}

static void end_row(struct docx *r)
{
	struct rp_doc_para p = { RP_PARA_ROW, 0, -1, 0, r->table_no, NULL, NULL, 0 };

	if (rp_doc_row_end(&r->row, &r->cells, &p.text))
		rp_doc_stop_buf(&r->st, RP_ENOMEM);
	else if (p.text && !r->st.rc)
		add_para(r, &p);
	else
		free(p.text);
}

/* ---- the SAX callbacks ---------------------------------------------------------------- */

/* Elements whose content is no text of the document. */
static int dropped(const char *name)
{
	static const char *const tab[] = {
		"del", "moveFrom", "delText", "delInstrText", "txbxContent", "drawing", "pict",
		"object", "sdtPr", "sdtEndPr", "sectPr", "tblPr", "tblGrid", "trPr", "tcPr",
		"tblPrEx", "customXmlPr", "smartTagPr", "footnotePr", "endnotePr", "fldData",
		"rt", /* ruby: the reading aid above the text */
	};
	size_t i;

	if (strstr(name, "Change")) /* pPrChange, rPrChange...: properties as they were */
		return 1;
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(name, tab[i]) == 0)
			return 1;
	return 0;
}

static void ppr_start(struct docx *r, const char *name, int nattr, const char **attrs)
{
	if (strcmp(name, "pStyle") == 0) {
		rp_doc_attr(attrs, nattr, "val", r->pp.style, sizeof(r->pp.style));
	} else if (strcmp(name, "numPr") == 0) {
		r->in_numpr = 1;
	} else if (r->in_numpr && strcmp(name, "ilvl") == 0) {
		r->pp.ilvl = rp_doc_attr_int(attrs, nattr, "val", -1);
	} else if (r->in_numpr && strcmp(name, "numId") == 0) {
		r->pp.num_id = rp_doc_attr_int(attrs, nattr, "val", -1);
	} else if (strcmp(name, "outlineLvl") == 0) {
		r->pp.outline = rp_doc_attr_int(attrs, nattr, "val", -1);
	} else if (strcmp(name, "rPr") == 0) {
		r->in_ppr_rpr = 1;
	}
}

static void run_start(struct docx *r, const char *name, int nattr, const char **attrs)
{
	if (strcmp(name, "t") == 0)
		r->in_t = 1;
	else if (strcmp(name, "instrText") == 0)
		r->in_instr = 1;
	else if (strcmp(name, "fldChar") == 0)
		fld_char(r, nattr, attrs); /* hidden or not, fields nest */
	else if (r->hidden || !fields_shown(r))
		return;
	else if (strcmp(name, "tab") == 0 || strcmp(name, "ptab") == 0)
		rp_doc_add(&r->st, &r->text, "\t", 1);
	else if (strcmp(name, "br") == 0 || strcmp(name, "cr") == 0)
		rp_doc_add(&r->st, &r->text, "\n", 1);
	else if (strcmp(name, "noBreakHyphen") == 0)
		rp_doc_add(&r->st, &r->text, "-", 1);
	else if (strcmp(name, "footnoteReference") == 0 || strcmp(name, "endnoteReference") == 0)
		note_ref(r, name[0] == 'e', nattr, attrs);
}

static void block_start(struct docx *r, const char *name, int nattr, const char **attrs)
{
	char instr[64];

	if (strcmp(name, "p") == 0) {
		if (r->depth_p++ == 0)
			begin_para(r);
	} else if (strcmp(name, "pPr") == 0 && r->depth_p == 1) {
		r->in_ppr = 1;
	} else if (strcmp(name, "r") == 0) {
		r->in_r = 1;
		r->hidden = 0;
	} else if (strcmp(name, "rPr") == 0 && r->in_r) {
		r->in_rpr = 1;
	} else if (r->in_r) {
		run_start(r, name, nattr, attrs);
	} else if (strcmp(name, "fldSimple") == 0) {
		field_begin(r, 1, rp_doc_attr(attrs, nattr, "instr", instr, sizeof(instr)));
	} else if (strcmp(name, "tbl") == 0) {
		if (r->tbl++ == 0)
			r->table_no++;
	} else if (strcmp(name, "footnote") == 0 || strcmp(name, "endnote") == 0) {
		if (r->notes_part)
			note_begin(r, nattr, attrs);
	}
}

static void on_start(void *ctx, enum rp_doc_ns ns, const char *name, int nattr, const char **attrs)
{
	struct docx *r = ctx;

	if (r->skip) {
		r->skip++;
		return;
	}
	if (ns == RP_NS_MC && strcmp(name, "Fallback") == 0) {
		r->skip = 1; /* the same content again, for older readers */
		return;
	}
	if (ns != RP_NS_W)
		return;
	if (dropped(name)) {
		if (r->in_ppr_rpr && (strcmp(name, "del") == 0 || strcmp(name, "moveFrom") == 0))
			r->mark_deleted = 1;
		r->skip = 1;
	} else if (r->in_ppr) {
		ppr_start(r, name, nattr, attrs);
	} else if (r->in_rpr) {
		if (strcmp(name, "vanish") == 0 || strcmp(name, "webHidden") == 0)
			r->hidden = rp_doc_attr_bool(attrs, nattr, "val", 1);
	} else {
		block_start(r, name, nattr, attrs);
	}
}

static void block_end(struct docx *r, const char *name)
{
	if (strcmp(name, "p") == 0) {
		if (r->depth_p > 0 && --r->depth_p == 0)
			end_para(r);
	} else if (strcmp(name, "r") == 0) {
		r->in_r = r->hidden = 0;
	} else if (strcmp(name, "t") == 0) {
		r->in_t = 0;
	} else if (strcmp(name, "instrText") == 0) {
		r->in_instr = 0;
	} else if (strcmp(name, "fldSimple") == 0) {
		field_end(r);
	} else if (strcmp(name, "tc") == 0 && r->tbl == 1 && !r->notes_part) {
		end_cell(r);
	} else if (strcmp(name, "tr") == 0 && r->tbl == 1 && !r->notes_part) {
		end_row(r);
	} else if (strcmp(name, "tbl") == 0 && r->tbl > 0) {
		if (--r->tbl == 0 && !r->notes_part)
			flush_notes(r);
	} else if ((strcmp(name, "footnote") == 0 || strcmp(name, "endnote") == 0) &&
		   r->notes_part) {
		note_end(r);
	}
}

static void on_end(void *ctx, enum rp_doc_ns ns, const char *name)
{
	struct docx *r = ctx;

	if (r->skip) {
		r->skip--;
		return;
	}
	if (ns != RP_NS_W)
		return;
	if (r->in_ppr) {
		if (strcmp(name, "rPr") == 0)
			r->in_ppr_rpr = 0;
		else if (strcmp(name, "numPr") == 0)
			r->in_numpr = 0;
		else if (strcmp(name, "pPr") == 0)
			r->in_ppr = 0;
		return;
	}
	if (r->in_rpr) {
		if (strcmp(name, "rPr") == 0)
			r->in_rpr = 0;
		return;
	}
	block_end(r, name);
}

static void on_text(void *ctx, const char *s, size_t len)
{
	struct docx *r = ctx;

	if (r->skip || !r->in_r)
		return;
	if (r->in_t && !r->hidden && fields_shown(r))
		run_text(r, s, len);
	else if (r->in_instr)
		instr_text(r, s, len);
}

/* ---- the reader ------------------------------------------------------------------------- */

static void reader_release(struct docx *r)
{
	size_t i;

	for (i = 0; i < r->nnotes; i++)
		free(r->notes[i].text);
	for (i = 0; i < r->nq; i++)
		free(r->queue[i].label);
	free(r->notes);
	free(r->queue);
	rp_buf_release(&r->text);
	rp_buf_release(&r->pending);
	rp_buf_release(&r->cell);
	rp_buf_release(&r->row);
	rp_buf_release(&r->note);
}

static int parse(struct docx *r, struct rp_doc_zip *z, const char *name, int notes,
		 struct rp_error *err)
{
	static const struct rp_doc_xml_cb cb = { on_start, on_end, on_text };
	int rc;

	r->notes_part = notes;
	r->skip = r->depth_p = r->tbl = r->nfld = r->fld_over = 0;
	r->in_r = r->in_t = r->in_instr = r->in_rpr = r->in_ppr = 0;
	rc = rp_doc_zip_parse(z, name, &cb, r, &r->st, err);
	if (notes && r->nnotes)
		qsort(r->notes, r->nnotes, sizeof(*r->notes), cmp_note);
	return rc;
}

static int read_parts(struct docx *r, struct rp_doc_zip *z, struct rp_error *err)
{
	int rc;

	if ((rc = parse(r, z, "word/footnotes.xml", 1, err)) && rc != RP_ENOTFOUND)
		return rc;
	if ((rc = parse(r, z, "word/endnotes.xml", 2, err)) && rc != RP_ENOTFOUND)
		return rc;
	if ((rc = parse(r, z, "word/document.xml", 0, err)))
		return rc;
	/* a last paragraph whose mark is deleted still has its words */
	if (r->pending.len) {
		begin_para(r);
		end_para(r);
		if (r->st.rc)
			return r->st.rc;
	}
	return 0;
}

int rp_doc_docx_text(const char *bytes, size_t len, const char *what, char **out,
		     size_t *out_len, struct rp_error *err)
{
	struct rp_doc_outline o = { 0 };
	struct rp_doc_zip *z = NULL;
	struct docx r;
	int rc;

	*out = NULL;
	*out_len = 0;
	memset(&r, 0, sizeof(r));
	r.out = &o;
	rp_buf_init(&r.text, RP_DOC_MAX_TEXT);
	rp_buf_init(&r.pending, RP_DOC_MAX_TEXT);
	rp_buf_init(&r.cell, RP_DOC_MAX_TEXT);
	rp_buf_init(&r.row, RP_DOC_MAX_TEXT);
	rp_buf_init(&r.note, RP_DOC_MAX_TEXT);
	if ((rc = rp_doc_zip_open(&z, bytes, len, what, err)))
		goto cleanup;
	if (!rp_doc_zip_has(z, "word/document.xml")) {
		rc = rp_error_set(err, RP_EPARSE, what,
				  "not a Word document: the zip archive holds no word/document.xml");
		goto cleanup;
	}
	if ((rc = docx_defs_load(&r.defs, z, what, err)) || (rc = read_parts(&r, z, err)))
		goto cleanup;
	if ((rc = rp_doc_outline_write(&o, out, out_len)))
		rp_error_set(err, rc, what, rc == RP_ELIMIT ? "the document's text is larger than "
							      "the 16 MB limit of a draft"
							    : "out of memory");
cleanup:
	if (rc == RP_ENOTFOUND)
		rc = rp_error_set(err, RP_EPARSE, what, "not a Word document");
	reader_release(&r);
	docx_defs_free(r.defs);
	rp_doc_outline_release(&o);
	rp_doc_zip_close(z);
	return rc;
}
