/* odt: OpenDocument text (.odt; ODF 1.2 Part 1), read as the draft parser's text.
 * content.xml is streamed paragraph by paragraph (text:p, text:h):
 *   - white space in the character data collapsed as ODF 6.1.2 says, text:s, text:tab and
 *     text:line-break written out;
 *   - tracked changes: deletions live apart, in text:tracked-changes, and are dropped;
 *     insertions are in the text and kept;
 *   - comments (office:annotation), frames and shapes (draw:), the table of contents and
 *     other indexes dropped; soft hyphens dropped;
 *   - a table row as one line, its cells joined with " | ";
 *   - a footnote or endnote marked "[citation]" where it is (not in a heading), its text
 *     given as a paragraph "[citation] ..." after the paragraph or table;
 *   - headings (text:h) numbered by the outline style (text:outline-style of styles.xml)
 *     unless they sit in a list, list items (text:list, text:list-item) numbered by their
 *     list style: a nested list is the next level, text:display-levels shows the levels
 *     above, a list continues another with text:continue-list or text:continue-numbering,
 *     and text:start-value restarts a count. The stored text:number is not trusted: the
 *     numbers are counted again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc-private.h"

#define MAX_LISTS 64       /* nested text:list tracked; deeper ones count as the last */
#define MAX_COUNTERS 50000 /* numbering sequences; beyond, lists share the last */
#define NAME_LEN 96

/* A numbering sequence: a list and the lists that continue it. */
struct counter {
	char style[NAME_LEN];
	int count[ODT_LEVELS];
	unsigned unset;
	int seq;
};

/* Lists by name, for lists that continue others: the sequence of the last list of each
 * list style (text:continue-numbering) and of each list with an xml:id
 * (text:continue-list). A hash table, since a hostile file may hold a million lists. */
struct slot {
	char key[NAME_LEN + 1]; /* 's' + style name, or '#' + xml:id; "" when free */
	int counter;
};

struct names {
	struct slot *s;
	size_t n, cap; /* cap: a power of two, or 0 */
};

struct open_list {
	int counter;
	char style[NAME_LEN];
	int in_item, numbered, header, start;
};

struct queued {
	char *label, *text;
};

/* Where text goes: a paragraph, or a note's text. ODF collapses white space in both. */
struct sink {
	struct rp_buf b;
	int space; /* the last thing written was a collapsible space (or nothing yet) */
};

struct odt {
	struct rp_doc_status st;
	struct odt_defs *defs;
	struct rp_doc_outline *out;
	int styles_part, in_text, found_text, skip;
	/* the paragraph */
	int depth_p, heading, header, restart, start_value;
	char style[NAME_LEN];
	struct sink text;
	/* lists */
	struct open_list lists[MAX_LISTS];
	int nl, nl_over;
	struct counter *ctr;
	size_t nctr, actr;
	struct names names;
	int outline[ODT_LEVELS];
	unsigned outline_unset;
	/* tables */
	int tbl, table_no, cells;
	struct rp_buf cell, row;
	/* notes */
	int in_note, in_citation, in_note_body, note_p;
	struct rp_buf citation;
	struct sink note;
	struct queued *queue;
	size_t nq, aq;
};

/* Character data: each run of white space is one space, none at the start. */
static void chars(struct odt *r, struct sink *k, const char *s, size_t n)
{
	size_t i, from = 0;

	for (i = 0; i < n; i++) {
		int ws = s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r';
		int soft = (unsigned char)s[i] == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xad;
		if (!ws && !soft) {
			k->space = 0;
			continue;
		}
		rp_doc_add(&r->st, &k->b, s + from, i - from);
		if (ws && !k->space)
			rp_doc_add(&r->st, &k->b, " ", 1);
		k->space |= ws;
		i += soft;
		from = i + 1;
	}
	rp_doc_add(&r->st, &k->b, s + from, n - from);
}

/* Text an element writes (text:s, text:tab, text:line-break): never collapsed. */
static void literal(struct odt *r, struct sink *k, const char *s, size_t n, int space_after)
{
	rp_doc_add(&r->st, &k->b, s, n);
	k->space = space_after;
}

static struct sink *sink(struct odt *r)
{
	if (r->in_note_body)
		return r->note_p ? &r->note : NULL;
	return r->depth_p ? &r->text : NULL;
}

/* ---- list and outline numbering ---------------------------------------------------------- */

static int new_counter(struct odt *r, const char *style)
{
	struct counter *c;

	if (r->nctr >= MAX_COUNTERS)
		return (int)r->nctr - 1;
	if (r->nctr == r->actr) {
		size_t na = r->actr ? 2 * r->actr : 16;
		struct counter *nc = realloc(r->ctr, na * sizeof(*nc));
		if (!nc) {
			rp_doc_stop_buf(&r->st, RP_ENOMEM);
			return -1;
		}
		r->ctr = nc;
		r->actr = na;
	}
	c = &r->ctr[r->nctr];
	memset(c, 0, sizeof(*c));
	snprintf(c->style, sizeof(c->style), "%s", style);
	c->unset = (1u << ODT_LEVELS) - 1;
	c->seq = (int)r->nctr;
	return (int)r->nctr++;
}

static struct slot *slot_of(const struct names *m, const char *key)
{
	size_t i = (size_t)rp_hash64(0, key, strlen(key)) & (m->cap - 1);

	while (m->s[i].key[0] && strcmp(m->s[i].key, key) != 0)
		i = (i + 1) & (m->cap - 1);
	return &m->s[i];
}

static int names_grow(struct names *m)
{
	struct names bigger = { NULL, 0, m->cap ? 2 * m->cap : 256 };
	size_t i;

	if (!(bigger.s = calloc(bigger.cap, sizeof(*bigger.s))))
		return RP_ENOMEM;
	for (i = 0; i < m->cap; i++)
		if (m->s[i].key[0])
			*slot_of(&bigger, m->s[i].key) = m->s[i];
	bigger.n = m->n;
	free(m->s);
	*m = bigger;
	return 0;
}

/* Remember that `name` of the given kind ('s' style, '#' id) counts in counter. The table
 * stops taking new names at 2 * MAX_COUNTERS (an id and a style for each sequence): past
 * MAX_COUNTERS every new list shares the last counter anyway, and a hostile file of
 * millions of lists with ids would otherwise hold some hundred bytes for each. */
static void remember(struct odt *r, char kind, const char *name, int counter)
{
	struct slot *sl;
	char key[NAME_LEN + 1];

	if (!*name || counter < 0)
		return;
	snprintf(key, sizeof(key), "%c%s", kind, name);
	if (r->names.n >= 2 * MAX_COUNTERS) {
		sl = slot_of(&r->names, key);
		if (sl->key[0])
			sl->counter = counter;
		return;
	}
	if ((r->names.n + 1) * 2 > r->names.cap && names_grow(&r->names)) {
		rp_doc_stop_buf(&r->st, RP_ENOMEM);
		return;
	}
	sl = slot_of(&r->names, key);
	if (!sl->key[0]) {
		memcpy(sl->key, key, sizeof(key));
		r->names.n++;
	}
	sl->counter = counter;
}

static int recall(const struct odt *r, char kind, const char *name)
{
	const struct slot *sl;
	char key[NAME_LEN + 1];

	if (!r->names.cap)
		return -1;
	snprintf(key, sizeof(key), "%c%s", kind, name);
	sl = slot_of(&r->names, key);
	return sl->key[0] ? sl->counter : -1;
}

/* The sequence a top-level list counts in: the one it continues, or a new one. */
static int top_counter(struct odt *r, const char *style, int nattr, const char **attrs)
{
	char cont[64];
	int c = -1;

	if (rp_doc_attr(attrs, nattr, "continue-list", cont, sizeof(cont)))
		c = recall(r, '#', cont);
	else if (rp_doc_attr_bool(attrs, nattr, "continue-numbering", 0))
		c = recall(r, 's', style); /* the preceding list of the same list style */
	return c >= 0 ? c : new_counter(r, style);
}

static void list_start(struct odt *r, int nattr, const char **attrs)
{
	struct open_list *l, *up = r->nl ? &r->lists[r->nl - 1] : NULL;
	char id[64];

	if (r->nl == MAX_LISTS) {
		r->nl_over++;
		return;
	}
	l = &r->lists[r->nl];
	memset(l, 0, sizeof(*l));
	l->start = -1;
	/* a nested list keeps its parent's style unless it names one */
	if (!rp_doc_attr(attrs, nattr, "style-name", l->style, sizeof(l->style)) && up)
		memcpy(l->style, up->style, sizeof(l->style));
	l->counter = up ? up->counter : top_counter(r, l->style, nattr, attrs);
	if (!up && rp_doc_attr(attrs, nattr, "id", id, sizeof(id)))
		remember(r, '#', id, l->counter);
	if (!up)
		remember(r, 's', l->style, l->counter);
	r->nl++;
}

static void list_end(struct odt *r)
{
	if (r->nl_over)
		r->nl_over--;
	else if (r->nl)
		r->nl--;
}

/* Level lv's label: the numbers of the text:display-levels levels up to it, each in its
 * own level's format, joined with '.', between the level's prefix and suffix. */
static int label_of(const struct odt_defs *d, const char *style, const int *count, unsigned unset,
		    int lv, struct rp_buf *b)
{
	const struct odt_level *x = odt_level(d, style, lv);
	int k, first;

	if (!x || x->bullet || x->fmt == RP_NUM_NONE)
		return 0;
	first = lv - (x->display < 1 ? 1 : x->display) + 1;
	if (rp_buf_adds(b, x->prefix))
		return RP_ENOMEM;
	for (k = first < 0 ? 0 : first; k <= lv; k++) {
		const struct odt_level *y = odt_level(d, style, k);
		int v = unset & (1u << k) ? (y ? y->start : 1) : count[k];
		if ((k > (first < 0 ? 0 : first) && rp_buf_addch(b, '.')) ||
		    rp_doc_number(b, v, y && !y->bullet ? y->fmt : RP_NUM_DECIMAL, y && y->sync))
			return RP_ENOMEM;
	}
	return rp_buf_adds(b, x->suffix) ? RP_ENOMEM : 0;
}

/* Count level lv: start (a given start value), else its first number, else one more; the
 * levels below start again. */
static void count_level(int *count, unsigned *unset, int lv, int start, int first)
{
	if (start >= 0)
		count[lv] = start;
	else if (*unset & (1u << lv))
		count[lv] = first;
	else if (count[lv] < RP_DOC_NUM_MAX)
		count[lv]++;
	*unset &= ~(1u << lv);
	*unset |= ((1u << ODT_LEVELS) - 1) & ~((2u << lv) - 1);
}

/* The first paragraph of a list item carries the item's number. */
static int number_item(struct odt *r, struct rp_doc_para *p)
{
	struct open_list *l = &r->lists[r->nl - 1];
	struct counter *c;
	const struct odt_level *x;
	struct rp_buf b = RP_BUF_INIT;
	int lv = r->nl - 1 < ODT_LEVELS ? r->nl - 1 : ODT_LEVELS - 1;

	l->numbered = 1;
	if (l->header || l->counter < 0)
		return 0;
	c = &r->ctr[l->counter];
	x = odt_level(r->defs, l->style, lv);
	count_level(c->count, &c->unset, lv, l->start, x ? x->start : 1);
	p->list = c->seq;
	p->level = lv;
	if (!x)
		return 0;
	if (x->bullet) {
		p->bullet = 1;
		return 0;
	}
	if (label_of(r->defs, l->style, c->count, c->unset, lv, &b)) {
		rp_buf_release(&b);
		return RP_ENOMEM;
	}
	if (b.len && !(p->label = rp_buf_detach(&b, NULL)))
		return RP_ENOMEM;
	rp_buf_release(&b);
	return 0;
}

/* A heading outside lists: numbered by the outline style. */
static int number_heading(struct odt *r, struct rp_doc_para *p)
{
	const struct odt_level *x = odt_level(r->defs, NULL, p->level);
	struct rp_buf b = RP_BUF_INIT;

	if (r->header)
		return 0;
	count_level(r->outline, &r->outline_unset, p->level, r->restart ? r->start_value : -1,
		    x ? x->start : 1);
	if (label_of(r->defs, NULL, r->outline, r->outline_unset, p->level, &b)) {
		rp_buf_release(&b);
		return RP_ENOMEM;
	}
	if (b.len && !(p->label = rp_buf_detach(&b, NULL)))
		return RP_ENOMEM;
	rp_buf_release(&b);
	return 0;
}

/* ---- notes ------------------------------------------------------------------------------ */

static void add_para(struct odt *r, struct rp_doc_para *p)
{
	int rc = rp_doc_outline_add(r->out, p);

	if (rc == RP_ELIMIT)
		rp_doc_stop_buf(&r->st, RP_ELIMIT);
	else if (rc)
		rp_doc_stop_buf(&r->st, RP_ENOMEM);
}

static void flush_notes(struct odt *r)
{
	size_t i;

	for (i = 0; i < r->nq; i++) {
		struct rp_doc_para p = { RP_PARA_NOTE, 0, -1, 0, 0, NULL, NULL, 0 };

		p.label = r->queue[i].label;
		p.text = r->queue[i].text;
		r->queue[i].label = r->queue[i].text = NULL;
		if (r->st.rc) {
			free(p.label);
			free(p.text);
			continue;
		}
		add_para(r, &p);
	}
	r->nq = 0;
}

/* The citation is known: mark it in the paragraph (not in a heading). */
static void note_cited(struct odt *r)
{
	if (!r->heading && r->depth_p) {
		literal(r, &r->text, "[", 1, 0);
		literal(r, &r->text, r->citation.buf, r->citation.len, 0);
		literal(r, &r->text, "]", 1, 0);
	}
}

static void note_end(struct odt *r)
{
	struct rp_buf label = RP_BUF_INIT;
	char *text;

	if (r->st.rc)
		return;
	if (r->nq == r->aq) {
		size_t na = r->aq ? 2 * r->aq : 8;
		struct queued *nq = realloc(r->queue, na * sizeof(*nq));
		if (!nq) {
			rp_doc_stop_buf(&r->st, RP_ENOMEM);
			return;
		}
		r->queue = nq;
		r->aq = na;
	}
	if (rp_buf_addf(&label, "[%s]", r->citation.buf) ||
	    !(text = rp_buf_detach(&r->note.b, NULL))) {
		rp_buf_release(&label);
		rp_doc_stop_buf(&r->st, RP_ENOMEM);
		return;
	}
	r->queue[r->nq].label = rp_buf_detach(&label, NULL);
	r->queue[r->nq].text = text;
	if (!r->queue[r->nq].label) {
		free(text);
		rp_doc_stop_buf(&r->st, RP_ENOMEM);
		return;
	}
	r->nq++;
	if (!r->depth_p && !r->tbl)
		flush_notes(r);
}

/* ---- paragraphs and tables -------------------------------------------------------------- */

static void begin_para(struct odt *r, const char *name, int nattr, const char **attrs)
{
	struct odt_pinfo info;

	r->style[0] = '\0';
	rp_doc_attr(attrs, nattr, "style-name", r->style, sizeof(r->style));
	r->heading = 0;
	if (strcmp(name, "h") == 0) {
		odt_pinfo(r->defs, r->style, &info);
		r->heading = rp_doc_attr_int(attrs, nattr, "outline-level",
					     info.outline > 0 ? info.outline : 1);
		if (r->heading < 1)
			r->heading = 1;
		if (r->heading > ODT_LEVELS)
			r->heading = ODT_LEVELS;
	}
	r->header = rp_doc_attr_bool(attrs, nattr, "is-list-header", 0);
	r->restart = rp_doc_attr_bool(attrs, nattr, "restart-numbering", 0);
	r->start_value = rp_doc_attr_int(attrs, nattr, "start-value", -1);
	rp_buf_clear(&r->text.b);
	r->text.space = 1;
}

/* The paragraph's kind and number. */
static int classify(struct odt *r, struct rp_doc_para *p)
{
	struct open_list *l = r->nl ? &r->lists[r->nl - 1] : NULL;
	struct odt_pinfo info;

	if (r->heading) {
		p->kind = RP_PARA_HEADING;
		p->level = r->heading - 1;
	} else {
		odt_pinfo(r->defs, r->style, &info);
		p->kind = info.title ? RP_PARA_TITLE : RP_PARA_BODY;
	}
	if (l && l->in_item && !l->numbered && !r->nl_over) {
		int level = p->level, rc = number_item(r, p);
		if (r->heading)
			p->level = level;
		return rc;
	}
	if (r->heading && !l)
		return number_heading(r, p);
	return 0;
}

static void cell_para(struct odt *r, const struct rp_doc_para *p, char *text)
{
	char *c;

	for (c = text; *c; c++)
		if (*c == '\n' || *c == '\t')
			*c = ' ';
	if (!*text && !p->label)
		return;
	if (r->cell.len)
		rp_doc_add(&r->st, &r->cell, " ", 1);
	if (p->bullet)
		rp_doc_add(&r->st, &r->cell, "- ", 2);
	else if (p->label) {
		rp_doc_add(&r->st, &r->cell, p->label, strlen(p->label));
		rp_doc_add(&r->st, &r->cell, " ", 1);
	}
	rp_doc_add(&r->st, &r->cell, text, strlen(text));
}

static void end_para(struct odt *r)
{
	struct rp_doc_para p = { RP_PARA_BODY, 0, -1, 0, 0, NULL, NULL, 0 };
	char *text = rp_doc_trim(r->text.b.buf);

	if (r->st.rc)
		return;
	if (classify(r, &p)) {
		rp_doc_stop_buf(&r->st, RP_ENOMEM);
		return;
	}
	if (p.kind == RP_PARA_TITLE) {
		free(p.label);
		p.label = NULL;
	}
	if (r->tbl) {
		cell_para(r, &p, text);
		free(p.label);
		return;
	}
	if (!*text && !(p.label && !p.bullet)) {
		free(p.label);
		flush_notes(r);
		return;
	}
	if (!(p.text = rp_strdup(text))) {
		free(p.label);
		rp_doc_stop_buf(&r->st, RP_ENOMEM);
		return;
	}
	add_para(r, &p);
	flush_notes(r);
}

static void end_cell(struct odt *r)
{
	rp_doc_stop_buf(&r->st, rp_doc_cell_end(&r->row, &r->cell, &r->cells));
}

static void end_row(struct odt *r)
{
	struct rp_doc_para p = { RP_PARA_ROW, 0, -1, 0, r->table_no, NULL, NULL, 0 };

	if (rp_doc_row_end(&r->row, &r->cells, &p.text))
		rp_doc_stop_buf(&r->st, RP_ENOMEM);
	else if (p.text && !r->st.rc)
		add_para(r, &p);
	else
		free(p.text);
}

/* ---- the SAX callbacks ------------------------------------------------------------------ */

static int dropped(enum rp_doc_ns ns, const char *name)
{
	static const char *const text[] = {
		"tracked-changes", "number", "table-of-content", "illustration-index",
		"table-index", "object-index", "user-index", "alphabetical-index", "bibliography",
		"sequence-decls", "variable-decls", "user-field-decls", "dde-connection-decls",
		"hidden-text", "ruby-text", "index-title",
	};
	size_t i;

	if (ns == RP_NS_DRAW)
		return 1; /* frames, text boxes, shapes */
	if (ns == RP_NS_OFFICE)
		return strcmp(name, "annotation") == 0 || strcmp(name, "forms") == 0;
	if (ns == RP_NS_TABLE)
		return strcmp(name, "covered-table-cell") == 0 || strcmp(name, "table-columns") == 0 ||
		       strcmp(name, "table-column") == 0 || strcmp(name, "table-header-columns") == 0;
	if (ns != RP_NS_TEXT)
		return 0;
	for (i = 0; i < sizeof(text) / sizeof(text[0]); i++)
		if (strcmp(name, text[i]) == 0)
			return 1;
	return 0;
}

static void text_start(struct odt *r, const char *name, int nattr, const char **attrs)
{
	struct sink *k = sink(r);

	if (strcmp(name, "p") == 0 || strcmp(name, "h") == 0) {
		if (r->in_note_body) {
			if (r->note_p++ == 0 && r->note.b.len)
				literal(r, &r->note, " ", 1, 1);
		} else if (r->depth_p++ == 0) {
			begin_para(r, name, nattr, attrs);
		}
	} else if (strcmp(name, "list") == 0) {
		list_start(r, nattr, attrs);
	} else if (strcmp(name, "list-item") == 0 || strcmp(name, "list-header") == 0) {
		if (r->nl && !r->nl_over) {
			struct open_list *l = &r->lists[r->nl - 1];
			l->in_item = 1;
			l->numbered = 0;
			l->header = name[5] == 'h';
			l->start = rp_doc_attr_int(attrs, nattr, "start-value", -1);
		}
	} else if (strcmp(name, "note") == 0 && !r->in_note) {
		r->in_note = 1;
		rp_buf_clear(&r->citation);
		rp_buf_clear(&r->note.b);
		r->note.space = 1;
	} else if (strcmp(name, "note-citation") == 0 && r->in_note) {
		r->in_citation = 1;
	} else if (strcmp(name, "note-body") == 0 && r->in_note) {
		r->in_note_body = 1;
	} else if (k && strcmp(name, "s") == 0) {
		int c = rp_doc_attr_int(attrs, nattr, "c", 1);
		for (; c > 0 && c <= 1000 && !r->st.rc; c--)
			literal(r, k, " ", 1, 0);
	} else if (k && strcmp(name, "tab") == 0) {
		literal(r, k, "\t", 1, 0);
	} else if (k && strcmp(name, "line-break") == 0) {
		literal(r, k, "\n", 1, 1);
	}
}

static void body_start(struct odt *r, enum rp_doc_ns ns, const char *name, int nattr,
		       const char **attrs)
{
	if (dropped(ns, name)) {
		r->skip = 1;
		return;
	}
	if (ns == RP_NS_TEXT) {
		text_start(r, name, nattr, attrs);
	} else if (ns == RP_NS_TABLE && strcmp(name, "table") == 0) {
		if (r->tbl++ == 0)
			r->table_no++;
	}
}

static void on_start(void *ctx, enum rp_doc_ns ns, const char *name, int nattr, const char **attrs)
{
	struct odt *r = ctx;

	if (r->skip) {
		r->skip++;
		return;
	}
	if (r->in_text) {
		body_start(r, ns, name, nattr, attrs);
		return;
	}
	if (ns == RP_NS_OFFICE && strcmp(name, "text") == 0 && !r->styles_part) {
		odt_defs_done(r->defs);
		r->in_text = r->found_text = 1;
		return;
	}
	odt_defs_start(r->defs, &r->st, !r->styles_part, ns, name, nattr, attrs);
}

static void text_end(struct odt *r, const char *name)
{
	if (strcmp(name, "p") == 0 || strcmp(name, "h") == 0) {
		if (r->in_note_body) {
			if (r->note_p > 0)
				r->note_p--;
		} else if (r->depth_p > 0 && --r->depth_p == 0) {
			end_para(r);
		}
	} else if (strcmp(name, "list") == 0) {
		list_end(r);
	} else if ((strcmp(name, "list-item") == 0 || strcmp(name, "list-header") == 0) && r->nl &&
		   !r->nl_over) {
		r->lists[r->nl - 1].in_item = 0;
	} else if (strcmp(name, "note-citation") == 0 && r->in_citation) {
		r->in_citation = 0;
		note_cited(r);
	} else if (strcmp(name, "note-body") == 0 && r->in_note_body) {
		r->in_note_body = 0;
		r->note_p = 0;
	} else if (strcmp(name, "note") == 0 && r->in_note) {
		r->in_note = 0;
		note_end(r);
	}
}

static void on_end(void *ctx, enum rp_doc_ns ns, const char *name)
{
	struct odt *r = ctx;

	if (r->skip) {
		r->skip--;
		return;
	}
	if (!r->in_text) {
		odt_defs_end(r->defs, ns, name);
		return;
	}
	if (ns == RP_NS_TEXT) {
		text_end(r, name);
	} else if (ns == RP_NS_TABLE && r->tbl == 1 && strcmp(name, "table-cell") == 0) {
		end_cell(r);
	} else if (ns == RP_NS_TABLE && r->tbl == 1 && strcmp(name, "table-row") == 0) {
		end_row(r);
	} else if (ns == RP_NS_TABLE && strcmp(name, "table") == 0 && r->tbl > 0) {
		if (--r->tbl == 0)
			flush_notes(r);
	} else if (ns == RP_NS_OFFICE && strcmp(name, "text") == 0) {
		r->in_text = 0;
	}
}

static void on_text(void *ctx, const char *s, size_t len)
{
	struct odt *r = ctx;
	struct sink *k;

	if (r->skip || !r->in_text)
		return;
	if (r->in_citation) {
		/* a mark is a number or a symbol or two: keep 32 bytes of a longer one */
		if (r->citation.len < 32)
			rp_doc_add(&r->st, &r->citation, s, rp_doc_utf8_cut(s, len < 32 ? len : 32));
	}
	else if ((k = sink(r)))
		chars(r, k, s, len);
}

/* ---- the reader ------------------------------------------------------------------------- */

static void reader_release(struct odt *r)
{
	size_t i;

	for (i = 0; i < r->nq; i++) {
		free(r->queue[i].label);
		free(r->queue[i].text);
	}
	free(r->queue);
	free(r->ctr);
	free(r->names.s);
	rp_buf_release(&r->text.b);
	rp_buf_release(&r->note.b);
	rp_buf_release(&r->cell);
	rp_buf_release(&r->row);
	rp_buf_release(&r->citation);
}

static int read_parts(struct odt *r, struct rp_doc_zip *z, const char *what, struct rp_error *err)
{
	static const struct rp_doc_xml_cb cb = { on_start, on_end, on_text };
	int rc;

	r->styles_part = 1;
	if ((rc = rp_doc_zip_parse(z, "styles.xml", &cb, r, &r->st, err)) && rc != RP_ENOTFOUND)
		return rc;
	r->styles_part = 0;
	r->skip = 0;
	if ((rc = rp_doc_zip_parse(z, "content.xml", &cb, r, &r->st, err)))
		return rc;
	if (!r->found_text)
		return rp_error_set(err, RP_EPARSE, what,
				    "not an OpenDocument text: content.xml holds no office:text (a "
				    "spreadsheet or a presentation?)");
	return 0;
}

int rp_doc_odt_text(const char *bytes, size_t len, const char *what, char **out,
		    size_t *out_len, struct rp_error *err)
{
	struct rp_doc_outline o = { 0 };
	struct rp_doc_zip *z = NULL;
	struct odt r;
	int rc;

	*out = NULL;
	*out_len = 0;
	memset(&r, 0, sizeof(r));
	r.out = &o;
	r.outline_unset = (1u << ODT_LEVELS) - 1;
	rp_buf_init(&r.text.b, RP_DOC_MAX_TEXT);
	rp_buf_init(&r.note.b, RP_DOC_MAX_TEXT);
	rp_buf_init(&r.cell, RP_DOC_MAX_TEXT);
	rp_buf_init(&r.row, RP_DOC_MAX_TEXT);
	if ((rc = odt_defs_new(&r.defs))) {
		rc = rp_error_set(err, rc, what, "out of memory");
		goto cleanup;
	}
	if ((rc = rp_doc_zip_open(&z, bytes, len, what, err)))
		goto cleanup;
	if (!rp_doc_zip_has(z, "content.xml")) {
		rc = rp_error_set(err, RP_EPARSE, what,
				  "not an OpenDocument text: the zip archive holds no content.xml");
		goto cleanup;
	}
	if ((rc = read_parts(&r, z, what, err)))
		goto cleanup;
	if ((rc = rp_doc_outline_write(&o, out, out_len)))
		rp_error_set(err, rc, what, rc == RP_ELIMIT ? "the document's text is larger than "
							      "the 16 MB limit of a draft"
							    : "out of memory");
cleanup:
	reader_release(&r);
	odt_defs_free(r.defs);
	rp_doc_outline_release(&o);
	rp_doc_zip_close(z);
	return rc;
}
