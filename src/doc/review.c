/* review: what reviewers marked in a returned Word document (.docx) -- its comments
 * (word/comments.xml), each with the text it is attached to, and its tracked changes
 * (w:ins, w:del), each paragraph's with the paragraph as it read -- with who marked them
 * (w:author); and the same in an OpenDocument text (.odt): its annotations
 * (office:annotation, to office:annotation-end when it marks a range) and its tracked
 * changes (text:tracked-changes, whose regions text:change-start/-end and text:change
 * place), with their dc:creator. A member who sends the draft back "with my comments and suggested edits in
 * track changes" made every comment that way, and the document's text alone is the draft
 * again, no comment.
 *
 * A paragraph's changes are one point ('Replace "a" with "b". Delete "c".'): a deletion
 * and an insertion with no unchanged text between them are one replacement. Moves
 * (w:moveFrom, w:moveTo) and formatting changes are not edits of the wording and are not
 * read; nor are text boxes, drawings and field codes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc-private.h"

#define MAX_MARKS 10000    /* comments and changed paragraphs read at most */
#define MAX_AUTHOR 128     /* bytes of an author's name kept */
#define MAX_OPEN 64        /* comment ranges open at once */
#define MAX_CONTEXT 600    /* bytes of text quoted above a mark */
#define MAX_CHANGES 64     /* changes in one paragraph */

struct comment {
	int id;
	char *text;
	char *author;
};

struct range {
	int id;
	struct rp_buf text;
};

struct change {
	struct rp_buf del, ins;
	char author[MAX_AUTHOR];
	size_t at;        /* bytes of the paragraph's text before it, as it reads */
	size_t at_before; /* and as it read */
};

struct review {
	struct rp_doc_status st;
	int comments_part; /* reading word/comments.xml */
	int skip;          /* depth inside an element whose content is not read */
	int depth_p;
	int in_t, in_deltext, ins, del; /* ins, del: depth of w:ins, w:del around */
	char author[MAX_AUTHOR]; /* of the innermost w:ins or w:del, or of the comment read */
	struct rp_buf before, after;   /* the paragraph as it read, and as it reads */
	struct change chg[MAX_CHANGES];
	size_t nchg;
	int chg_open; /* no unchanged text since the last change: the next one joins it */
	struct range open[MAX_OPEN];
	size_t nopen;
	struct comment *closed; /* ranges closed: id and the text they cover */
	size_t nclosed, aclosed;
	int refs[MAX_OPEN]; /* comments referred to in the paragraph */
	size_t nrefs;
	struct comment *comments; /* of comments.xml */
	size_t ncomments, acomments;
	int cur_id;
	struct rp_buf ctext;
	struct rp_doc_mark *marks;
	size_t nmarks, amarks;
	/* OpenDocument */
	int in_regions;   /* inside text:tracked-changes */
	int region_type;  /* of the region read: 1 insertion, 2 deletion, 0 another change */
	int region_open;  /* a text:changed-region is read (not past MAX_MARKS) */
	int in_creator;   /* inside a dc:creator */
	int in_date;      /* inside a dc:date (or another dc: or meta: element): not text */
	size_t unnamed;   /* annotations without a name so far */
	int annotation;   /* depth inside office:annotation */
	char ann_name[128];
	struct region {
		char *id, *author, *text;
		int type;
	} *regions;
	size_t nregions, aregions;
	char **names; /* annotation names: the id of a name is its index + 1 */
	size_t nnames, anames;
};

static int push_comment(struct review *r, struct comment **v, size_t *n, size_t *alloc, int id,
			const char *text, const char *author)
{
	struct comment *c;

	if (*n == *alloc) {
		size_t na = *alloc ? *alloc * 2 : 16;
		if (na > MAX_MARKS * 2 || !(c = realloc(*v, na * sizeof(*c)))) {
			rp_doc_stop(&r->st, na > MAX_MARKS * 2 ? RP_ELIMIT : RP_ENOMEM,
				    "too many comments");
			return -1;
		}
		*v = c;
		*alloc = na;
	}
	(*v)[*n].text = rp_strdup(text ? text : "");
	(*v)[*n].author = author && *author ? rp_strdup(author) : NULL;
	if (!(*v)[*n].text || (author && *author && !(*v)[*n].author)) {
		free((*v)[*n].text);
		free((*v)[*n].author);
		rp_doc_stop(&r->st, RP_ENOMEM, "out of memory");
		return -1;
	}
	(*v)[(*n)++].id = id;
	return 0;
}

static const struct comment *comment_of(const struct comment *v, size_t n, int id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].id == id)
			return &v[i];
	return NULL;
}

/* Text as one line, appended to b: runs of white space become one space, ends trimmed,
 * at most max bytes when max is not 0 (cut between characters, "..." after a cut). */
static int add_line(struct rp_buf *b, const char *s, size_t max)
{
	size_t start = b->len, n = 0;
	int space = 0;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = n > 0;
			continue;
		}
		if ((space && rp_buf_addch(b, ' ')) || rp_buf_addch(b, *s))
			return RP_ENOMEM;
		space = 0;
		n++;
		if (max && b->len - start >= max) {
			rp_buf_setlen(b, start + rp_doc_utf8_cut(b->buf + start, b->len - start));
			return rp_buf_adds(b, "...");
		}
	}
	return 0;
}

/* Whether s holds anything but white space. */
static int has_text(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return 1;
	return 0;
}

/* A mark: text under context (made one line, cut at MAX_CONTEXT bytes), by author. */
static void add_mark(struct review *r, const char *context, const char *text, const char *author)
{
	struct rp_buf line = RP_BUF_INIT;
	struct rp_doc_mark *m;

	if (r->st.rc || !text || !has_text(text, strlen(text)))
		return;
	if (r->nmarks == MAX_MARKS) {
		rp_doc_stop(&r->st, RP_ELIMIT, "more than %d comments and changes", MAX_MARKS);
		return;
	}
	if (r->nmarks == r->amarks) {
		size_t na = r->amarks ? r->amarks * 2 : 16;
		if (!(m = realloc(r->marks, na * sizeof(*m)))) {
			rp_doc_stop(&r->st, RP_ENOMEM, "out of memory");
			return;
		}
		r->marks = m;
		r->amarks = na;
	}
	m = &r->marks[r->nmarks];
	memset(m, 0, sizeof(*m));
	if ((context && add_line(&line, context, MAX_CONTEXT)) ||
	    !(m->text = rp_strdup(text)) || (author && *author && !(m->author = rp_strdup(author)))) {
		rp_buf_release(&line);
		free(m->text);
		free(m->author);
		rp_doc_stop(&r->st, RP_ENOMEM, "out of memory");
		return;
	}
	m->context = line.len ? rp_buf_detach(&line, NULL) : NULL;
	rp_buf_release(&line);
	r->nmarks++;
}

static int is_blank_byte(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Where the k words of para before byte at begin. */
static size_t words_before(const char *para, size_t at, int k)
{
	while (at > 0 && is_blank_byte(para[at - 1]))
		at--;
	while (at > 0 && k-- > 0) {
		while (at > 0 && !is_blank_byte(para[at - 1]))
			at--;
		if (k > 0)
			while (at > 0 && is_blank_byte(para[at - 1]))
				at--;
	}
	return at;
}

/* Where the k words of para from byte at end. */
static size_t words_after(const char *para, size_t at, int k)
{
	size_t n = strlen(para);

	while (at < n && is_blank_byte(para[at]))
		at++;
	while (at < n && k-- > 0) {
		while (at < n && !is_blank_byte(para[at]))
			at++;
		if (k > 0)
			while (at < n && is_blank_byte(para[at]))
				at++;
	}
	return at;
}

/* ' <how> "para[from..to]"', made one line. */
static int add_span(struct rp_buf *b, const char *how, const char *para, size_t from, size_t to)
{
	char *w;
	int rc;

	/* the sentence's own full stop or comma would stand before the proposal's */
	while (to > from && strchr(".,;:", para[to - 1]))
		to--;
	w = rp_strndup(para + from, to - from);
	rc = !w || rp_buf_addf(b, " %s \"", how) || add_line(b, w, 0) || rp_buf_adds(b, "\"");

	free(w);
	return rc ? RP_ENOMEM : 0;
}

/* Fewer than four words: a replacement or deletion the reader needs the words around to
 * find. */
static int few_words(const char *s)
{
	int words = 0, in = 0;

	for (; *s; s++) {
		if (is_blank_byte(*s))
			in = 0;
		else if (!in++)
			words++;
	}
	return words < 4;
}

int rp_doc_edit_sentence(struct rp_buf *b, const char *del, size_t del_len, const char *ins,
			 size_t ins_len, const char *before, size_t del_at, const char *after,
			 size_t ins_at)
{
	struct rp_buf d = RP_BUF_INIT, n = RP_BUF_INIT;
	char *dc = rp_strndup(del ? del : "", del ? del_len : 0);
	char *nc = rp_strndup(ins ? ins : "", ins ? ins_len : 0);
	int rc = !dc || !nc ? RP_ENOMEM : 0;

	before = before ? before : "";
	after = after ? after : "";
	if (!rc && !(rc = add_line(&d, dc, 0)) && !(rc = add_line(&n, nc, 0)) && (d.len || n.len)) {
		if (b->len)
			rc = rp_buf_addch(b, ' ');
		if (!rc && d.len && n.len)
			rc = rp_buf_addf(b, "Replace \"%s\" with \"%s\"", d.buf, n.buf);
		else if (!rc && d.len)
			rc = rp_buf_addf(b, "Delete \"%s\"", d.buf);
		else if (!rc)
			rc = rp_buf_addf(b, "Add \"%s\"", n.buf);
		/* where: the words around a short replacement or deletion, the words an
		 * insertion follows (at most four), or the start */
		if (!rc && d.len && few_words(d.buf) && del_at + del_len <= strlen(before))
			rc = add_span(b, "in", before, words_before(before, del_at, 2),
				      words_after(before, del_at + del_len, 2));
		else if (!rc && !d.len && ins_at <= strlen(after)) {
			size_t s = words_before(after, ins_at, 4);
			rc = s == ins_at || !has_text(after + s, ins_at - s)
				     ? rp_buf_adds(b, " at the start")
				     : add_span(b, "after", after, s, ins_at);
		}
		if (!rc)
			rc = rp_buf_addch(b, '.');
	}
	free(dc);
	free(nc);
	rp_buf_release(&d);
	rp_buf_release(&n);
	return rc ? RP_ENOMEM : 0;
}

/* The paragraph's changes by one author, as one proposal:
 * 'Replace "a" with "b". Delete "c". Add "d".' */
static void write_changes_of(struct review *r, const char *author, unsigned char *done)
{
	struct rp_buf b = RP_BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < r->nchg && !rc; i++) {
		const struct change *c = &r->chg[i];

		if (done[i] || strcmp(c->author, author) != 0)
			continue;
		done[i] = 1;
		rc = rp_doc_edit_sentence(&b, c->del.buf, c->del.len, c->ins.buf, c->ins.len,
					  r->before.buf, c->at_before, r->after.buf, c->at);
	}
	if (rc)
		rp_doc_stop(&r->st, RP_ENOMEM, "out of memory");
	else if (b.len)
		add_mark(r, r->before.buf, b.buf, author);
	rp_buf_release(&b);
}

static void write_changes(struct review *r)
{
	unsigned char done[MAX_CHANGES] = { 0 };
	size_t i;

	for (i = 0; i < r->nchg && !r->st.rc; i++)
		if (!done[i])
			write_changes_of(r, r->chg[i].author, done);
}

static void begin_para(struct review *r)
{
	size_t i;

	rp_buf_clear(&r->before);
	rp_buf_clear(&r->after);
	for (i = 0; i < r->nchg; i++) {
		rp_buf_clear(&r->chg[i].del);
		rp_buf_clear(&r->chg[i].ins);
		r->chg[i].author[0] = '\0';
	}
	r->nchg = 0;
	r->chg_open = 0;
	r->nrefs = 0;
}

static void end_para(struct review *r)
{
	size_t i;

	write_changes(r);
	for (i = 0; i < r->nrefs && !r->st.rc; i++) {
		const struct comment *c = comment_of(r->comments, r->ncomments, r->refs[i]);
		const struct comment *range = comment_of(r->closed, r->nclosed, r->refs[i]);
		const char *ctx = range ? range->text : NULL;

		/* a comment on a point of the text is about its paragraph */
		if (c)
			add_mark(r, ctx && has_text(ctx, strlen(ctx)) ? ctx : r->after.buf, c->text,
				 c->author);
	}
	/* ranges still open run on into the next paragraph */
	for (i = 0; i < r->nopen; i++)
		rp_doc_add(&r->st, &r->open[i].text, " ", 1);
}

/* Text of the paragraph: unchanged, inserted or deleted. */
static void add_text(struct review *r, const char *s, size_t n, int deleted)
{
	size_t i;

	if (deleted || r->ins) {
		struct change *c;

		if (!r->chg_open) {
			if (r->nchg == MAX_CHANGES)
				return;
			r->nchg++;
			r->chg_open = 1;
		}
		c = &r->chg[r->nchg - 1];
		if (!c->author[0]) {
			memcpy(c->author, r->author, sizeof(c->author));
			c->at = r->after.len;
			c->at_before = r->before.len;
		}
		rp_doc_add(&r->st, deleted ? &c->del : &c->ins, s, n);
	} else if (has_text(s, n)) {
		r->chg_open = 0;
	}
	if (deleted || !r->ins)
		rp_doc_add(&r->st, &r->before, s, n);
	if (!deleted) {
		rp_doc_add(&r->st, &r->after, s, n);
		for (i = 0; i < r->nopen; i++)
			rp_doc_add(&r->st, &r->open[i].text, s, n);
	}
}

static void range_start(struct review *r, int id)
{
	if (r->nopen == MAX_OPEN)
		return;
	r->open[r->nopen].id = id;
	rp_buf_init(&r->open[r->nopen].text, MAX_CONTEXT * 4);
	r->nopen++;
}

static void range_end(struct review *r, int id)
{
	size_t i;

	for (i = 0; i < r->nopen; i++)
		if (r->open[i].id == id)
			break;
	if (i == r->nopen)
		return;
	if (push_comment(r, &r->closed, &r->nclosed, &r->aclosed, id,
			 r->open[i].text.buf ? r->open[i].text.buf : "", NULL) == 0) {
		rp_buf_release(&r->open[i].text);
		r->open[i] = r->open[--r->nopen];
	}
}

/* Elements whose content is not the wording: properties (and their tracked changes),
 * moved-away text, text boxes, drawings, field codes. */
static int skipped(const char *name)
{
	static const char *const tab[] = {
		"pPr", "rPr", "sectPr", "tblPr", "tblGrid", "trPr", "tcPr", "tblPrEx", "moveFrom",
		"txbxContent", "drawing", "pict", "object", "instrText", "delInstrText", "fldData",
		"sdtPr", "sdtEndPr", "rt", "footnoteReference", "endnoteReference",
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(name, tab[i]) == 0)
			return 1;
	return 0;
}

static void on_start(void *ctx, enum rp_doc_ns ns, const char *name, int nattr, const char **attrs)
{
	struct review *r = ctx;

	if (r->skip) {
		r->skip++;
		return;
	}
	if (ns == RP_NS_MC && strcmp(name, "Fallback") == 0) {
		r->skip = 1;
		return;
	}
	if (ns != RP_NS_W)
		return;
	if (skipped(name)) {
		r->skip = 1;
	} else if (r->comments_part) {
		if (strcmp(name, "comment") == 0) {
			r->cur_id = rp_doc_attr_int(attrs, nattr, "id", -1);
			if (!rp_doc_attr(attrs, nattr, "author", r->author, sizeof(r->author)))
				r->author[0] = '\0';
			rp_buf_clear(&r->ctext);
		} else if (strcmp(name, "p") == 0 && r->ctext.len) {
			rp_doc_add(&r->st, &r->ctext, "\n\n", 2);
		} else if (strcmp(name, "t") == 0) {
			r->in_t = 1;
		} else if (strcmp(name, "tab") == 0 || strcmp(name, "br") == 0) {
			rp_doc_add(&r->st, &r->ctext, " ", 1);
		}
	} else if (strcmp(name, "p") == 0) {
		if (r->depth_p++ == 0)
			begin_para(r);
	} else if (strcmp(name, "ins") == 0 || strcmp(name, "del") == 0) {
		if (name[0] == 'i')
			r->ins++;
		else
			r->del++;
		if (!rp_doc_attr(attrs, nattr, "author", r->author, sizeof(r->author)))
			r->author[0] = '\0';
	} else if (strcmp(name, "t") == 0) {
		r->in_t = 1;
	} else if (strcmp(name, "delText") == 0) {
		r->in_deltext = 1;
	} else if (strcmp(name, "tab") == 0 || strcmp(name, "br") == 0 || strcmp(name, "cr") == 0) {
		add_text(r, " ", 1, r->del > 0);
	} else if (strcmp(name, "commentRangeStart") == 0) {
		range_start(r, rp_doc_attr_int(attrs, nattr, "id", -1));
	} else if (strcmp(name, "commentRangeEnd") == 0) {
		range_end(r, rp_doc_attr_int(attrs, nattr, "id", -1));
	} else if (strcmp(name, "commentReference") == 0 && r->nrefs < MAX_OPEN) {
		r->refs[r->nrefs++] = rp_doc_attr_int(attrs, nattr, "id", -1);
	}
}

static void on_end(void *ctx, enum rp_doc_ns ns, const char *name)
{
	struct review *r = ctx;

	if (r->skip) {
		r->skip--;
		return;
	}
	if (ns != RP_NS_W)
		return;
	if (strcmp(name, "t") == 0) {
		r->in_t = 0;
	} else if (r->comments_part) {
		if (strcmp(name, "comment") == 0)
			push_comment(r, &r->comments, &r->ncomments, &r->acomments, r->cur_id,
				     r->ctext.buf ? r->ctext.buf : "", r->author);
	} else if (strcmp(name, "p") == 0) {
		if (r->depth_p > 0 && --r->depth_p == 0)
			end_para(r);
	} else if (strcmp(name, "ins") == 0 && r->ins > 0) {
		r->ins--;
	} else if (strcmp(name, "del") == 0 && r->del > 0) {
		r->del--;
	} else if (strcmp(name, "delText") == 0) {
		r->in_deltext = 0;
	}
}

static void on_text(void *ctx, const char *s, size_t len)
{
	struct review *r = ctx;

	if (r->skip)
		return;
	if (r->comments_part) {
		if (r->in_t)
			rp_doc_add(&r->st, &r->ctext, s, len);
	} else if (r->in_t && !r->del) {
		add_text(r, s, len, 0);
	} else if (r->in_deltext || (r->in_t && r->del)) {
		add_text(r, s, len, 1);
	}
}

/* ---- OpenDocument ------------------------------------------------------------------- */

static const struct region *region_of(const struct review *r, const char *id)
{
	size_t i;

	for (i = 0; id && i < r->nregions; i++)
		if (r->regions[i].id && strcmp(r->regions[i].id, id) == 0)
			return &r->regions[i];
	return NULL;
}

static void region_begin(struct review *r, const char *id)
{
	struct region *g;

	r->region_open = 0;
	if (r->nregions == MAX_MARKS)
		return;
	if (r->nregions == r->aregions) {
		size_t na = r->aregions ? r->aregions * 2 : 16;
		if (!(g = realloc(r->regions, na * sizeof(*g)))) {
			rp_doc_stop(&r->st, RP_ENOMEM, "out of memory");
			return;
		}
		r->regions = g;
		r->aregions = na;
	}
	g = &r->regions[r->nregions++];
	memset(g, 0, sizeof(*g));
	r->region_open = 1;
	if (id && !(g->id = rp_strdup(id)))
		rp_doc_stop(&r->st, RP_ENOMEM, "out of memory");
	r->region_type = 0;
	r->author[0] = '\0';
	rp_buf_clear(&r->ctext);
}

static void region_end(struct review *r)
{
	struct region *g;

	if (!r->region_open || !r->nregions)
		return;
	r->region_open = 0;
	g = &r->regions[r->nregions - 1];
	g->type = r->region_type;
	g->author = r->author[0] ? rp_strdup(r->author) : NULL;
	g->text = rp_strdup(r->ctext.buf ? r->ctext.buf : "");
	if ((r->author[0] && !g->author) || !g->text)
		rp_doc_stop(&r->st, RP_ENOMEM, "out of memory");
}

/* The id of an annotation's name, a new one for a name not seen before. */
static int name_id(struct review *r, const char *name)
{
	size_t i;
	char **v;

	for (i = 0; i < r->nnames; i++)
		if (strcmp(r->names[i], name) == 0)
			return (int)i + 1;
	if (r->nnames == MAX_MARKS)
		return -1;
	if (r->nnames == r->anames) {
		size_t na = r->anames ? r->anames * 2 : 16;
		if (!(v = realloc(r->names, na * sizeof(*v)))) {
			rp_doc_stop(&r->st, RP_ENOMEM, "out of memory");
			return -1;
		}
		r->names = v;
		r->anames = na;
	}
	if (!(r->names[r->nnames] = rp_strdup(name))) {
		rp_doc_stop(&r->st, RP_ENOMEM, "out of memory");
		return -1;
	}
	return (int)++r->nnames;
}

/* An annotation read: a range opened at it (closed at its office:annotation-end) when it
 * is named, else a mark on its paragraph. */
static void annotation_end(struct review *r)
{
	char own[32];
	int id;

	if (!r->ann_name[0])
		snprintf(own, sizeof(own), "\001%zu", r->unnamed++); /* no document's name */
	id = name_id(r, r->ann_name[0] ? r->ann_name : own);
	if (id < 0 || r->st.rc)
		return;
	if (push_comment(r, &r->comments, &r->ncomments, &r->acomments, id,
			 r->ctext.buf ? r->ctext.buf : "", r->author))
		return;
	if (r->ann_name[0])
		range_start(r, id);
	else if (r->nrefs < MAX_OPEN)
		r->refs[r->nrefs++] = id;
}

static void odt_start(void *ctx, enum rp_doc_ns ns, const char *name, int nattr, const char **attrs)
{
	struct review *r = ctx;
	char v[128];

	if (r->skip) {
		r->skip++;
		return;
	}
	if (ns == RP_NS_OTHER) {
		if (strcmp(name, "creator") == 0) {
			r->in_creator = 1;
			r->author[0] = '\0';
		} else if (strcmp(name, "date") == 0 || strcmp(name, "date-string") == 0 ||
			   strcmp(name, "sender-initials") == 0) {
			r->in_date++;
		}
		return;
	}
	if (ns == RP_NS_DRAW || (ns == RP_NS_OFFICE && strcmp(name, "change-info") != 0 &&
				 strcmp(name, "annotation") != 0 && strcmp(name, "annotation-end") != 0 &&
				 strcmp(name, "text") != 0 && strcmp(name, "body") != 0 &&
				 strcmp(name, "document-content") != 0)) {
		r->skip = ns == RP_NS_DRAW || strcmp(name, "automatic-styles") == 0 ||
			  strcmp(name, "font-face-decls") == 0 || strcmp(name, "scripts") == 0;
		return;
	}
	if (ns == RP_NS_OFFICE && strcmp(name, "annotation") == 0) {
		if (r->annotation++ == 0) {
			if (!rp_doc_attr(attrs, nattr, "name", r->ann_name, sizeof(r->ann_name)))
				r->ann_name[0] = '\0';
			r->author[0] = '\0';
			rp_buf_clear(&r->ctext);
		}
		return;
	}
	if (ns == RP_NS_OFFICE && strcmp(name, "annotation-end") == 0) {
		if (rp_doc_attr(attrs, nattr, "name", v, sizeof(v)) && *v) {
			int id = name_id(r, v);
			if (id > 0) {
				range_end(r, id);
				if (r->nrefs < MAX_OPEN)
					r->refs[r->nrefs++] = id;
			}
		}
		return;
	}
	if (ns != RP_NS_TEXT)
		return;
	if (r->annotation) {
		if ((strcmp(name, "p") == 0 || strcmp(name, "h") == 0) && r->ctext.len)
			rp_doc_add(&r->st, &r->ctext, "\n\n", 2);
		else if (strcmp(name, "s") == 0 || strcmp(name, "tab") == 0 || strcmp(name, "line-break") == 0)
			rp_doc_add(&r->st, &r->ctext, " ", 1);
		return;
	}
	if (strcmp(name, "tracked-changes") == 0) {
		r->in_regions = 1;
	} else if (r->in_regions) {
		if (strcmp(name, "changed-region") == 0)
			region_begin(r, rp_doc_attr(attrs, nattr, "id", v, sizeof(v)));
		else if (strcmp(name, "insertion") == 0)
			r->region_type = 1;
		else if (strcmp(name, "deletion") == 0)
			r->region_type = 2;
		else if ((strcmp(name, "p") == 0 || strcmp(name, "h") == 0) && r->ctext.len)
			rp_doc_add(&r->st, &r->ctext, " ", 1);
	} else if (strcmp(name, "note") == 0 || strcmp(name, "tracked-changes") == 0 ||
		   strcmp(name, "table-of-content") == 0 || strcmp(name, "ruby-text") == 0) {
		r->skip = 1;
	} else if (strcmp(name, "p") == 0 || strcmp(name, "h") == 0) {
		if (r->depth_p++ == 0)
			begin_para(r);
	} else if (r->depth_p && (strcmp(name, "s") == 0 || strcmp(name, "tab") == 0 ||
				  strcmp(name, "line-break") == 0)) {
		add_text(r, " ", 1, 0);
	} else if (r->depth_p && strcmp(name, "change") == 0) {
		const struct region *g = region_of(r, rp_doc_attr(attrs, nattr, "change-id", v, sizeof(v)));
		if (g && g->type == 2 && g->text) {
			snprintf(r->author, sizeof(r->author), "%s", g->author ? g->author : "");
			add_text(r, g->text, strlen(g->text), 1);
		}
	} else if (r->depth_p && (strcmp(name, "change-start") == 0 || strcmp(name, "change-end") == 0)) {
		const struct region *g = region_of(r, rp_doc_attr(attrs, nattr, "change-id", v, sizeof(v)));
		if (g && g->type == 1) {
			if (name[7] == 's') {
				r->ins++;
				snprintf(r->author, sizeof(r->author), "%s", g->author ? g->author : "");
			} else if (r->ins > 0) {
				r->ins--;
			}
		}
	}
}

static void odt_end(void *ctx, enum rp_doc_ns ns, const char *name)
{
	struct review *r = ctx;

	if (r->skip) {
		r->skip--;
		return;
	}
	if (ns == RP_NS_OTHER) {
		if (strcmp(name, "creator") == 0)
			r->in_creator = 0;
		else if (r->in_date > 0 && (strcmp(name, "date") == 0 || strcmp(name, "date-string") == 0 ||
					    strcmp(name, "sender-initials") == 0))
			r->in_date--;
		return;
	}
	if (ns == RP_NS_OFFICE && strcmp(name, "annotation") == 0) {
		if (r->annotation > 0 && --r->annotation == 0)
			annotation_end(r);
		return;
	}
	if (ns != RP_NS_TEXT || r->annotation)
		return;
	if (strcmp(name, "tracked-changes") == 0)
		r->in_regions = 0;
	else if (r->in_regions && strcmp(name, "changed-region") == 0)
		region_end(r);
	else if (!r->in_regions && (strcmp(name, "p") == 0 || strcmp(name, "h") == 0) &&
		 r->depth_p > 0 && --r->depth_p == 0)
		end_para(r);
}

static void odt_text(void *ctx, const char *s, size_t len)
{
	struct review *r = ctx;

	if (r->skip || r->in_date)
		return;
	if (r->in_creator) {
		size_t have = strlen(r->author);
		if (have + len < sizeof(r->author)) {
			memcpy(r->author + have, s, len);
			r->author[have + len] = '\0';
		}
	} else if (r->annotation || (r->in_regions && r->region_type == 2)) {
		rp_doc_add(&r->st, &r->ctext, s, len);
	} else if (!r->in_regions && r->depth_p) {
		add_text(r, s, len, 0);
	}
}

static void review_release(struct review *r)
{
	size_t i;

	for (i = 0; i < MAX_CHANGES; i++) {
		rp_buf_release(&r->chg[i].del);
		rp_buf_release(&r->chg[i].ins);
	}
	for (i = 0; i < r->nopen; i++)
		rp_buf_release(&r->open[i].text);
	for (i = 0; i < r->nclosed; i++)
		free(r->closed[i].text), free(r->closed[i].author);
	for (i = 0; i < r->ncomments; i++)
		free(r->comments[i].text), free(r->comments[i].author);
	rp_doc_marks_free(r->marks, r->nmarks);
	free(r->closed);
	free(r->comments);
	for (i = 0; i < r->nregions; i++)
		free(r->regions[i].id), free(r->regions[i].author), free(r->regions[i].text);
	for (i = 0; i < r->nnames; i++)
		free(r->names[i]);
	free(r->regions);
	free(r->names);
	rp_buf_release(&r->before);
	rp_buf_release(&r->after);
	rp_buf_release(&r->ctext);
}

void rp_doc_marks_free(struct rp_doc_mark *m, size_t n)
{
	size_t i;

	for (i = 0; m && i < n; i++) {
		free(m[i].author);
		free(m[i].context);
		free(m[i].text);
	}
	free(m);
}

int rp_doc_review_marks(const char *bytes, size_t len, enum rp_doc_kind kind, const char *what,
			struct rp_doc_mark **out, size_t *n, struct rp_error *err)
{
	static const struct rp_doc_xml_cb cb = { on_start, on_end, on_text };
	struct rp_doc_zip *z = NULL;
	struct review *r;
	size_t i;
	int rc;

	*out = NULL;
	*n = 0;
	if (kind != RP_DOC_DOCX && kind != RP_DOC_ODT)
		return 0;
	if (!(r = calloc(1, sizeof(*r))))
		return rp_error_set(err, RP_ENOMEM, what, "out of memory");
	rp_buf_init(&r->before, RP_DOC_MAX_TEXT);
	rp_buf_init(&r->after, RP_DOC_MAX_TEXT);
	rp_buf_init(&r->ctext, RP_DOC_MAX_TEXT);
	for (i = 0; i < MAX_CHANGES; i++) {
		rp_buf_init(&r->chg[i].del, RP_DOC_MAX_TEXT);
		rp_buf_init(&r->chg[i].ins, RP_DOC_MAX_TEXT);
	}
	if ((rc = rp_doc_zip_open(&z, bytes, len, what, err)))
		goto out;
	if (kind == RP_DOC_ODT) {
		static const struct rp_doc_xml_cb odt = { odt_start, odt_end, odt_text };
		if ((rc = rp_doc_zip_parse(z, "content.xml", &odt, r, &r->st, err)))
			goto out;
		goto done;
	}
	r->comments_part = 1;
	rc = rp_doc_zip_parse(z, "word/comments.xml", &cb, r, &r->st, err);
	if (rc && rc != RP_ENOTFOUND)
		goto out;
	r->comments_part = 0;
	r->skip = r->in_t = 0;
	if ((rc = rp_doc_zip_parse(z, "word/document.xml", &cb, r, &r->st, err)))
		goto out;
done:
	*out = r->marks;
	*n = r->nmarks;
	r->marks = NULL;
	r->nmarks = 0;
out:
	if (rc == RP_ENOTFOUND)
		rc = rp_error_set(err, RP_EPARSE, what,
				  kind == RP_DOC_ODT ? "not an OpenDocument text" : "not a Word document");
	rp_doc_zip_close(z);
	review_release(r);
	free(r);
	return rc;
}
