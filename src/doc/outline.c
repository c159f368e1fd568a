/* outline: the paragraphs a word-processor reader found, written as the text the draft
 * parser reads (src/draft/parse.c), so that the numbers members cite survive.
 *
 * The parser reads a draft with Markdown headings as Markdown: its sections are the ATX
 * headings ("## 3.9 Issue teams"), whose number it takes from the heading's first word,
 * and "Recommendation N" paragraphs; a plain "12. text" line there is no section. So a
 * document with headings or numbered paragraphs is written as Markdown -- the title as
 * "#", a heading of outline level L as L + 2 '#' (L + 1 without a title), and a numbered
 * paragraph that is a section as a heading one level under what encloses it, holding only
 * its number ("### 12.") with its text on the lines below, which the parser reads as
 * section 12 without a heading. Other list items keep their labels in the text ("(a) ...",
 * "- ..."). A document with neither is written as plain paragraphs, where the parser's
 * own plain-text rules (typed "1." numbers, ALL-CAPS headings) apply.
 *
 * Which numbered paragraphs are sections: a word processor numbers ordinary lists ("we
 * propose: 1. ... 2. ...") the same way as the paragraphs of a report, and an ordinary list
 * restarting in every section would give many sections "1". A numbering sequence's level
 * (a list, or a run of lists continuing each other) becomes sections when its numbers are
 * unique and either it runs across headings -- paragraph numbering -- or its numbers are
 * found nowhere else in the document; of two sequences running across headings whose
 * numbers meet, the longer is taken. Heading numbers always stand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc-private.h"

#define MAX_ATX 6
#define MAX_NEST 16

/* What each paragraph is charged against RP_DOC_MAX_TEXT besides its text and label. The
 * writer adds some 8 bytes of markup to each ("## ", blank lines), but a paragraph held
 * costs memory too: its struct and two small allocations, some 150 bytes. Charging only
 * the markup let 700,000 empty numbered paragraphs (a 200 KB .docx) hold 125 MB; at 64
 * bytes a paragraph, the outline holds at most 262,144 of them, some 40 MB, and a real
 * document -- a 300-page report has 10,000 paragraphs -- is far from the limit. */
#define PARA_COST 64

int rp_doc_outline_add(struct rp_doc_outline *o, const struct rp_doc_para *para)
{
	size_t n = (para->text ? strlen(para->text) : 0) + (para->label ? strlen(para->label) : 0) +
		   PARA_COST;
	char *text = para->text;

	if (o->bytes + n > RP_DOC_MAX_TEXT) {
		free(para->label);
		free(para->text);
		return RP_ELIMIT;
	}
	if (!text)
		text = calloc(1, 1);
	if (!text || (o->n == o->alloc && o->alloc > ((size_t)-1) / 2 / sizeof(*o->p)))
		goto oom;
	if (o->n == o->alloc) {
		size_t na = o->alloc ? 2 * o->alloc : 64;
		struct rp_doc_para *np = realloc(o->p, na * sizeof(*np));
		if (!np)
			goto oom;
		o->p = np;
		o->alloc = na;
	}
	o->p[o->n] = *para;
	o->p[o->n].text = text;
	o->p[o->n].section = 0;
	o->n++;
	o->bytes += n;
	return 0;
oom:
	free(para->label);
	free(text);
	return RP_ENOMEM;
}

void rp_doc_outline_release(struct rp_doc_outline *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		free(o->p[i].label);
		free(o->p[i].text);
	}
	free(o->p);
	memset(o, 0, sizeof(*o));
}

/* ---- which numbered paragraphs are sections -------------------------------------------- */

/* A number the draft parser reads as a section number (parse.c's parse_dotted): one to six
 * dotted parts of one to three digits, a closing '.' or ')' allowed. Normalised into num
 * ("03.09." -> "3.9"); s ends at its first blank. */
static int dotted(const char *s, char num[40])
{
	int parts = 0, k = 0;

	for (;;) {
		int v = 0, d = 0;
		while (*s >= '0' && *s <= '9' && d < 4) {
			v = v * 10 + (*s++ - '0');
			d++;
		}
		if (!d || d > 3 || ++parts > 6)
			return 0;
		k += snprintf(num + k, 40 - (size_t)k, parts > 1 ? ".%d" : "%d", v);
		if (*s == '.' && s[1] >= '0' && s[1] <= '9') {
			s++;
			continue;
		}
		if (*s == '.' || *s == ')')
			s++;
		return *s == '\0' || *s == ' ' || *s == '\t';
	}
}

struct entry {
	char num[40];
	size_t para;
	int list, level; /* the sequence's identity; -1 for a heading's number */
	int ctx;         /* how many headings precede the paragraph */
	int group;       /* index into the groups, -1 for a heading's number */
	int bucket;      /* entries with the same number share a bucket */
};

struct group {
	size_t size, first;
	int ctx_min, ctx_max;
	int bad; /* a number twice in the sequence */
	int ok;
};

static int by_sequence(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->list != y->list)
		return x->list < y->list ? -1 : 1;
	if (x->level != y->level)
		return x->level < y->level ? -1 : 1;
	return x->para < y->para ? -1 : x->para > y->para;
}

static int by_number(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->num, y->num);

	return c ? c : (x->group > y->group) - (x->group < y->group);
}

/* Groups in the order they claim numbers: across headings first, longer first. */
struct claim_key {
	int group, across;
	size_t size, first;
};

static int by_claim(const void *a, const void *b)
{
	const struct claim_key *x = a, *y = b;

	if (x->across != y->across)
		return y->across - x->across;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first;
}

/* The entries: every heading's number and every numbered list paragraph's. */
static size_t collect(const struct rp_doc_outline *o, struct entry *e, int *headings)
{
	struct entry spare;
	size_t i, n = 0;
	int ctx = 0;

	for (i = 0; i < o->n; i++) {
		const struct rp_doc_para *p = &o->p[i];
		struct entry *x = e ? &e[n] : &spare;

		if (p->kind == RP_PARA_HEADING) {
			ctx++;
			if (!(p->label && dotted(p->label, x->num)) && !dotted(p->text, x->num))
				continue;
			x->list = x->level = -1;
		} else if (p->kind == RP_PARA_BODY && p->label && !p->bullet && p->list >= 0 &&
			   dotted(p->label, x->num)) {
			x->list = p->list;
			x->level = p->level;
		} else {
			continue;
		}
		x->para = i;
		x->ctx = ctx;
		x->group = -1;
		n++;
	}
	*headings = ctx;
	return n;
}

/* Sort the entries into sequences (groups), and say which run across headings. */
static size_t make_groups(struct entry *e, size_t n, struct group *g, int headings)
{
	size_t i, ng = 0;

	qsort(e, n, sizeof(*e), by_sequence);
	for (i = 0; i < n; i++) {
		struct group *cur;
		if (e[i].list < 0)
			continue;
		if (i == 0 || e[i - 1].list != e[i].list || e[i - 1].level != e[i].level) {
			cur = &g[ng++];
			memset(cur, 0, sizeof(*cur));
			cur->first = e[i].para;
			cur->ctx_min = cur->ctx_max = e[i].ctx;
		}
		cur = &g[ng - 1];
		e[i].group = (int)(ng - 1);
		cur->size++;
		if (e[i].ctx < cur->ctx_min)
			cur->ctx_min = e[i].ctx;
		if (e[i].ctx > cur->ctx_max)
			cur->ctx_max = e[i].ctx;
	}
	/* without headings, every sequence counts as paragraph numbering */
	if (!headings)
		for (i = 0; i < ng; i++)
			g[i].ctx_max = g[i].ctx_min + 1;
	return ng;
}

/* Entries with the same number share a bucket; a heading's number claims its bucket. */
static size_t make_buckets(struct entry *e, size_t n, struct group *g, size_t *size, int *claimed)
{
	size_t i, nb = 0;

	qsort(e, n, sizeof(*e), by_number);
	for (i = 0; i < n; i++) {
		if (i == 0 || strcmp(e[i - 1].num, e[i].num) != 0) {
			size[nb] = 0;
			claimed[nb++] = 0;
		} else if (e[i].group >= 0 && e[i - 1].group == e[i].group) {
			g[e[i].group].bad = 1;
		}
		e[i].bucket = (int)(nb - 1);
		size[nb - 1]++;
		if (e[i].group < 0)
			claimed[nb - 1] = 1;
	}
	return nb;
}

static void claim(struct entry *e, size_t n, struct group *g, size_t ng, const size_t *size,
		  int *claimed, struct claim_key *order, const size_t *start)
{
	size_t k, i;

	for (k = 0; k < ng; k++) {
		order[k].group = (int)k;
		order[k].across = g[k].ctx_min != g[k].ctx_max;
		order[k].size = g[k].size;
		order[k].first = g[k].first;
	}
	qsort(order, ng, sizeof(*order), by_claim);
	for (k = 0; k < ng; k++) {
		int id = order[k].group, ok = !g[id].bad;
		for (i = start[id]; ok && i < n && e[i].group == id; i++)
			ok = !claimed[e[i].bucket] && (order[k].across || size[e[i].bucket] == 1);
		g[id].ok = ok;
		for (i = start[id]; ok && i < n && e[i].group == id; i++)
			claimed[e[i].bucket] = 1;
	}
}

static int mark_sections(struct rp_doc_outline *o)
{
	int headings = 0, rc = RP_ENOMEM;
	size_t n = collect(o, NULL, &headings), ng, i;
	struct entry *e = calloc(n + 1, sizeof(*e));
	struct group *g = calloc(n + 1, sizeof(*g));
	size_t *size = calloc(n + 1, sizeof(*size)), *start = calloc(n + 1, sizeof(*start));
	int *claimed = calloc(n + 1, sizeof(*claimed));
	struct claim_key *order = calloc(n + 1, sizeof(*order));

	if (!e || !g || !size || !start || !claimed || !order)
		goto cleanup;
	collect(o, e, &headings);
	ng = make_groups(e, n, g, headings);
	make_buckets(e, n, g, size, claimed);
	qsort(e, n, sizeof(*e), by_sequence); /* back into sequences, buckets kept */
	for (i = n; i > 0; i--)
		if (e[i - 1].group >= 0)
			start[e[i - 1].group] = i - 1;
	claim(e, n, g, ng, size, claimed, order, start);
	for (i = 0; i < n; i++)
		if (e[i].group >= 0 && g[e[i].group].ok)
			o->p[e[i].para].section = 1;
	rc = 0;
cleanup:
	free(e);
	free(g);
	free(size);
	free(start);
	free(claimed);
	free(order);
	return rc;
}

/* ---- writing ---------------------------------------------------------------------------- */

struct writer {
	struct rp_buf b;
	int markup;
	int base;     /* 1 when the title is written as "#" */
	int cur;      /* '#' count of the enclosing heading */
	int stack[MAX_NEST][2]; /* open numbered paragraphs: sequence, level */
	int ns;
	int table;    /* the table of the row just written, -1 */
	int started;  /* something was written */
	int rc;
};

static void put(struct writer *w, const char *s, size_t n)
{
	if (!w->rc)
		w->rc = rp_buf_add(&w->b, s, n);
}

static void puts_(struct writer *w, const char *s)
{
	put(w, s, strlen(s));
}

/* A new block: after a blank line (a table row: after a line break in the same table). */
static void block(struct writer *w, int table)
{
	if (w->started)
		puts_(w, table >= 0 && table == w->table ? "\n" : "\n\n");
	w->started = 1;
	w->table = table;
}

static void hashes(struct writer *w, int n)
{
	static const char h[] = "######";

	put(w, h, (size_t)(n < 1 ? 1 : n > MAX_ATX ? MAX_ATX : n));
	puts_(w, " ");
}

/* Text on one line: breaks and tabs become single spaces. */
static void flat(struct writer *w, const char *s)
{
	int space = 0;

	for (; *s; s++) {
		if (*s == '\n' || *s == '\t' || *s == ' ' || *s == '\r') {
			space = 1;
			continue;
		}
		if (space)
			put(w, " ", 1);
		space = 0;
		put(w, s, 1);
	}
}

/* A line of underline characters ("-----", "====="): under a text line it would make
 * that line a Setext or reStructuredText heading. */
static int underline(const char *s, size_t n)
{
	size_t i;

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	if (n < 3 || !strchr("=-~^\"'`*+#:._", *s))
		return 0;
	for (i = 1; i < n; i++)
		if (s[i] != s[0])
			return 0;
	return 1;
}

/* Body text, line by line, kept from reading as markup: a line opening with '#' is
 * indented past what an ATX heading allows (the parser trims the indent away), and an
 * underline line is parted from the line above it. */
static void body(struct writer *w, const char *prefix, const char *s)
{
	int first = 1;

	while (*s || first) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		const char *t = first && prefix ? prefix : s;
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
			n--;
		if (!first)
			puts_(w, underline(s, n) ? "\n\n" : "\n");
		while (*t == ' ' || *t == '\t')
			t++;
		if (*t == '#')
			puts_(w, "    ");
		if (first && prefix)
			puts_(w, prefix);
		put(w, s, n);
		first = 0;
		if (!e)
			break;
		s = e + 1;
	}
}

/* A numbered paragraph short enough to be a heading, much as parse.c's short_heading
 * decides for plain text: one line of at most 90 bytes opening with a capital, and no
 * closing '.', ',', ';' or ':' (a paragraph ending in a colon leads into a list). */
static int heading_like(const char *s)
{
	size_t n = strlen(s);

	return n && n <= 90 && !strchr(s, '\n') && !strchr(".,;:", s[n - 1]) &&
	       ((*s >= 'A' && *s <= 'Z') || (unsigned char)*s >= 0x80);
}

/* Heading words: one line, not a sentence. A paragraph given an outline level (LibreOffice
 * writes it as a heading) with a sentence in it is a numbered paragraph, or text. */
static int heading_words(const char *s)
{
	size_t n = strlen(s);

	return n <= 150 && !strchr(s, '\n') && (!n || !strchr(".,;", s[n - 1]));
}

static void heading(struct writer *w, const struct rp_doc_para *p)
{
	if (!p->label && !*p->text)
		return;
	if (!p->label && !heading_words(p->text)) {
		block(w, -1);
		body(w, NULL, p->text);
		return;
	}
	block(w, -1);
	w->cur = w->base + p->level + 1;
	w->ns = 0;
	hashes(w, w->cur);
	if (p->label)
		flat(w, p->label);
	if (!heading_words(p->text)) {
		puts_(w, "\n");
		body(w, NULL, p->text);
		return;
	}
	if (p->label && *p->text)
		puts_(w, " ");
	flat(w, p->text);
}

/* A numbered paragraph that is a section: a heading one level under the heading or
 * numbered paragraph that encloses it, holding its number. */
static void section(struct writer *w, const struct rp_doc_para *p)
{
	while (w->ns && (w->stack[w->ns - 1][0] != p->list || w->stack[w->ns - 1][1] >= p->level))
		w->ns--;
	block(w, -1);
	hashes(w, w->cur + 1 + w->ns);
	if (w->ns < MAX_NEST) {
		w->stack[w->ns][0] = p->list;
		w->stack[w->ns++][1] = p->level;
	}
	flat(w, p->label);
	if (heading_like(p->text)) {
		puts_(w, " ");
		flat(w, p->text);
	} else if (*p->text) {
		puts_(w, "\n");
		body(w, NULL, p->text);
	}
}

static void paragraph(struct writer *w, const struct rp_doc_para *p)
{
	struct rp_buf prefix = RP_BUF_INIT;

	if (!p->label && !p->bullet && !*p->text)
		return;
	if (p->bullet)
		w->rc = w->rc ? w->rc : rp_buf_adds(&prefix, "- ");
	else if (p->label)
		w->rc = w->rc ? w->rc : rp_buf_addf(&prefix, "%s ", p->label);
	block(w, p->kind == RP_PARA_ROW ? p->table : -1);
	body(w, prefix.len ? prefix.buf : NULL, p->text);
	rp_buf_release(&prefix);
}

/* The title: the first run of Title paragraphs, joined. Returns the index after it. */
static size_t title(struct writer *w, const struct rp_doc_outline *o, size_t i)
{
	block(w, -1);
	if (w->markup)
		hashes(w, 1);
	for (; i < o->n && o->p[i].kind == RP_PARA_TITLE; i++) {
		if (!*o->p[i].text)
			continue;
		if (w->b.len && w->b.buf[w->b.len - 1] != ' ' && w->b.buf[w->b.len - 1] != '\n')
			puts_(w, " ");
		flat(w, o->p[i].text);
	}
	return i;
}

static int first_title(const struct rp_doc_outline *o, size_t *at)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		if (o->p[i].kind == RP_PARA_TITLE && *o->p[i].text) {
			*at = i;
			return 1;
		}
	return 0;
}

int rp_doc_outline_write(struct rp_doc_outline *o, char **out, size_t *out_len)
{
	struct writer w = { RP_BUF_INIT, 0, 0, 0, { { 0 } }, 0, -1, 0, 0 };
	size_t i, t = 0;
	int has_title, rc;

	*out = NULL;
	*out_len = 0;
	if ((rc = mark_sections(o)))
		return rc;
	rp_buf_init(&w.b, RP_DOC_MAX_TEXT);
	for (i = 0; i < o->n; i++)
		w.markup |= o->p[i].kind == RP_PARA_HEADING || o->p[i].section;
	has_title = first_title(o, &t);
	w.base = w.cur = w.markup && has_title;
	for (i = 0; i < o->n && !w.rc;) {
		const struct rp_doc_para *p = &o->p[i];
		if (has_title && i == t) {
			i = title(&w, o, i);
			continue;
		}
		if (p->kind == RP_PARA_HEADING || (p->kind == RP_PARA_TITLE && w.markup)) {
			struct rp_doc_para h = *p;
			if (p->kind == RP_PARA_TITLE)
				h.level = 0;
			heading(&w, &h);
		} else if (p->section) {
			section(&w, p);
		} else {
			paragraph(&w, p);
		}
		i++;
	}
	if (!w.rc && w.started)
		w.rc = rp_buf_addch(&w.b, '\n');
	if (w.rc) {
		rp_buf_release(&w.b);
		return w.rc;
	}
	*out = rp_buf_detach(&w.b, out_len);
	return *out ? 0 : RP_ENOMEM;
}

char *rp_doc_trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

int rp_doc_cell_end(struct rp_buf *row, struct rp_buf *cell, int *cells)
{
	char *t = rp_doc_trim(cell->buf);
	int rc = 0;

	if ((*cells)++)
		rc = rp_buf_add(row, " | ", 3);
	if (!rc)
		rc = rp_buf_add(row, t, strlen(t));
	rp_buf_clear(cell);
	return rc;
}

int rp_doc_row_end(struct rp_buf *row, int *cells, char **text)
{
	char *t;

	*text = NULL;
	/* cells left empty at the end of a row say nothing */
	while (row->len >= 3 && memcmp(row->buf + row->len - 3, " | ", 3) == 0)
		rp_buf_setlen(row, row->len - 3);
	t = rp_doc_trim(row->buf);
	if (*t && !(*text = rp_strdup(t))) {
		rp_buf_clear(row);
		*cells = 0;
		return RP_ENOMEM;
	}
	rp_buf_clear(row);
	*cells = 0;
	return 0;
}
