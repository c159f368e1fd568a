/* parse: a circulated draft into numbered sections with headings, text and page ranges.
 *
 * Formats: Markdown (CommonMark ATX "## 3.9 Title" and setext underlines),
 * reStructuredText (underlined and over/underlined titles, levels by order of first use),
 * plain text with numbered headings or numbered paragraphs ("3.9", "3.9.", "III.", "(a)",
 * "Annex A", "Appendix 2", "Recommendation 4" and its French, German and Spanish forms,
 * ALL-CAPS headings), and `pdftotext -layout`
 * output where form feeds separate pages and running headers, footers and page numbers
 * are removed so that "page 5" can be resolved.
 *
 * Written by hand: no Debian library parses loosely structured drafts into numbered
 * sections (cmark and docutils know markup, not "3.9." paragraphs or PDF page furniture).
 * Every pass is linear in the input, so hostile drafts (from mail) cost bounded time. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "draft-private.h"
#include "rapporteur/draft.h"

#define MAX_DRAFT_BYTES (16u << 20)
#define MAX_SECTIONS 20000 /* further headings are kept as text */
#define MAX_PAGES 50000    /* more form feeds than this: not a paginated document */
#define MAX_COMPONENTS 6
#define RUNNING_ZONE 2 /* lines at the top and bottom of a page that may be furniture */

struct line {
	char *s;      /* trimmed, NUL-terminated (points into the working copy) */
	size_t len;   /* trimmed length */
	int page;     /* physical page, 1-based; 0 when the draft has no form feeds */
	int indent;   /* leading blanks before trimming */
	int drop;     /* running header/footer/page number */
};

enum head_kind { H_MARKUP, H_NUMERIC, H_ROMAN, H_ANNEX, H_CAPS, H_RECOMMENDATION, H_ITEM };

struct head {
	size_t line;     /* first line of the heading */
	size_t body;     /* first line of the section's text */
	char *number;    /* owned */
	char *heading;   /* owned, may be NULL */
	char *lead;      /* first words of text for numbered paragraphs (owned), may be NULL */
	int level;
	enum head_kind kind;
};

struct parser {
	struct line *lines;
	size_t n;
	int *page_label; /* physical page (1-based index) -> printed page number */
	int pages;
	struct head *heads;
	size_t nh, ah;
	/* numbering state for plausibility checks */
	int prev[MAX_COMPONENTS];
	int nprev;
	int prev_roman;
	int seen_roman;
	char next_item;     /* expected "(x)" letter */
	int struct_level;   /* level of the last structural (non-item) section */
	const char *struct_number;
	int markup;         /* 1 when the draft uses Markdown/RST headings */
	int atx;            /* 1 when it has ATX headings */
	char styles[32][2]; /* underline styles in order of first use: {char, overlined} */
	int nstyles;
	char annex;   /* letter of the current annex, for its parts "A.1" */
	int added; /* whether the last add_head added a heading (MAX_SECTIONS) */
};

static int is_blank(const struct line *l)
{
	return l->drop || l->len == 0;
}

static int underline_char(const struct line *l);

/* ---- lines and pages -------------------------------------------------------------- */

static int split_lines(struct parser *p, char *text, size_t len, int *has_ff)
{
	size_t i, start = 0, cap = 16, nl = 0;
	int page = 1, blank_run = 0;

	*has_ff = memchr(text, '\f', len) != NULL;
	p->lines = calloc(cap, sizeof(*p->lines));
	if (!p->lines)
		return RP_ENOMEM;
	for (i = 0; i <= len; i++) {
		char c = i < len ? text[i] : '\n';
		if (c != '\n' && c != '\f')
			continue;
		if (nl == cap) {
			struct line *nlines = realloc(p->lines, 2 * cap * sizeof(*nlines));
			if (!nlines)
				return RP_ENOMEM;
			p->lines = nlines;
			cap *= 2;
		}
		{
			struct line *l = &p->lines[nl++];
			size_t a = start, b = i;
			/* runs of blank lines on one page count as five at most (enough for
			 * undouble): hostile input of nothing but newlines must not cost a
			 * line record per byte */
			int blank = strspn(text + start, " \t\v\r") >= i - start;
			blank_run = blank && blank_run >= 0 && nl >= 2 &&
						    p->lines[nl - 2].page == (*has_ff ? page : 0)
					    ? blank_run + 1
					    : blank;
			if (blank_run > 5) {
				nl--;
				text[i] = '\0';
				if (c == '\f')
					page++;
				start = i + 1;
				continue;
			}
			text[i] = '\0';
			while (a < b && (text[a] == ' ' || text[a] == '\t' || text[a] == '\v'))
				a++;
			while (b > a && isspace((unsigned char)text[b - 1]))
				b--;
			text[b] = '\0';
			l->s = text + a;
			l->len = b - a;
			l->indent = (int)(a - start > 1000 ? 1000 : a - start);
			l->page = *has_ff ? page : 0;
			l->drop = 0;
		}
		if (c == '\f') {
			page++;
			/* A page that ends with a form feed but no newline starts its next line
			 * at the next character: nothing to do, start moves on below. */
		}
		start = i + 1;
	}
	p->n = nl;
	if (page > MAX_PAGES) {
		for (i = 0; i < nl; i++)
			p->lines[i].page = 0;
		*has_ff = 0;
	}
	p->pages = *has_ff ? page : 0;
	/* pdftotext ends the last page with a form feed: an empty trailing page is no page. */
	if (*has_ff) {
		int last = 0;
		for (i = 0; i < nl; i++)
			if (p->lines[i].len && p->lines[i].page > last)
				last = p->lines[i].page;
		p->pages = last ? last : 1;
	}
	return 0;
}

/* Display columns of a line: UTF-8 continuation bytes take none. */
static size_t columns(const struct line *l)
{
	size_t i, n = 0;

	for (i = 0; i < l->len; i++)
		n += ((unsigned char)l->s[i] & 0xc0) != 0x80;
	return n;
}

/* Whether a line starts with a lower-case letter: ASCII, Latin-1, Greek or Cyrillic. */
static int starts_lower(const struct line *l)
{
	uint32_t c;

	rp_utf8_decode(l->s, l->len, &c);
	return (c < 0x80 && islower((int)c)) || (c >= 0xdf && c <= 0xff && c != 0xf7) ||
	       (c >= 0x3ac && c <= 0x3ce) || (c >= 0x430 && c <= 0x45f);
}

/* Whether text line b, after one blank line, looks like the same paragraph as text line a
 * or its heading's underline: what a doubled line break leaves behind. A wrapped line is
 * short, does not end a sentence, and the next one carries on in lower case (list items
 * "a)" and "i." aside); an underline is about as long as its heading. */
static int doubled_break(const struct line *a, const struct line *b)
{
	size_t ca = columns(a), cb = columns(b);

	if (underline_char(b) && !underline_char(a))
		return cb + 2 >= ca && cb <= ca + 2;
	return ca <= 100 && !strchr(".:?!;", a->s[a->len - 1]) && starts_lower(b) && b->len > 1 &&
	       b->s[1] != ')' && b->s[1] != '.';
}

/* Some archives (and some copy-and-paste paths) double every line break, so that each
 * line is followed by a blank one and headings are cut from their underlines. A run of k
 * blank lines then stands for (k - 1) / 2 real ones. A draft written one line per
 * paragraph (a word processor's text export) looks the same at a glance -- each text line
 * followed by one blank line -- so doubling needs evidence too: wrapped lines whose
 * sentence goes on after the blank, or underlines cut from their headings; and lines too
 * long for a wrapped paragraph speak against it. */
static void undouble(struct parser *p)
{
	size_t i, j, text = 0, single = 0, adjacent = 0, evidence = 0, wide = 0, run;

	for (i = 0; i < p->n; i++) {
		if (!p->lines[i].len)
			continue;
		text++;
		if (i + 1 < p->n && p->lines[i + 1].len)
			adjacent++;
		if (i + 2 < p->n && !p->lines[i + 1].len && p->lines[i + 2].len) {
			single++;
			evidence += doubled_break(&p->lines[i], &p->lines[i + 2]);
			wide += columns(&p->lines[i]) > 100;
		}
	}
	/* hardly two text lines in a row, many followed by exactly one blank line, a good
	 * part of those breaks inside a paragraph, and few lines a paragraph long */
	if (text < 10 || adjacent * 10 > text || single * 4 < text)
		return;
	if (evidence < 2 || evidence * 4 < single || wide * 10 > single)
		return;
	for (i = j = 0; i < p->n;) {
		if (p->lines[i].len) {
			p->lines[j++] = p->lines[i++];
			continue;
		}
		for (run = 0; i < p->n && !p->lines[i].len; i++, run++)
			;
		for (run = (run - 1) / 2; run > 0; run--)
			p->lines[j++] = p->lines[i - 1]; /* a blank line (its page kept) */
	}
	p->n = j;
}

/* "12", "- 12 -", "Page 12", "page 12 of 40", "12/40", "12 | Page", "xii": a page number. */
static int page_number_line(const char *s, int *num)
{
	const char *q = s;
	int v = 0, digits = 0;

	while (*q == '-' || *q == ' ' || *q == '|' || *q == '[')
		q++;
	if (rp_istarts_with(q, "page")) {
		q += 4;
		while (*q == ' ' || *q == '.')
			q++;
	}
	while (*q >= '0' && *q <= '9' && digits < 5) {
		v = v * 10 + (*q++ - '0');
		digits++;
	}
	if (!digits) {
		/* lower-case roman numbers of front matter */
		const char *r = q;
		while (*r == 'i' || *r == 'v' || *r == 'x')
			r++;
		if (r == q || r - q > 6)
			return 0;
		q = r;
		v = -1;
	}
	while (*q == ' ' || *q == '-' || *q == '|' || *q == ']')
		q++;
	if (rp_istarts_with(q, "of ") || *q == '/') {
		q += *q == '/' ? 1 : 3;
		while (*q == ' ')
			q++;
		while (*q >= '0' && *q <= '9')
			q++;
	}
	while (*q == ' ' || *q == '-' || *q == '|')
		q++;
	if (rp_istarts_with(q, "page"))
		q += 4;
	if (*q)
		return 0;
	*num = v;
	return 1;
}

/* Normalised key of a furniture candidate: digits as '#', blanks folded, ASCII lower. */
static char *furniture_key(const char *s)
{
	struct rp_buf b = RP_BUF_INIT;
	int space = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ' || c == '\t') {
			space = 1;
			continue;
		}
		if (space && b.len && rp_buf_addch(&b, ' '))
			goto oom;
		space = 0;
		if (rp_buf_addch(&b, c >= '0' && c <= '9' ? '#' : (char)tolower(c)))
			goto oom;
	}
	return rp_buf_detach(&b, NULL);
oom:
	rp_buf_release(&b);
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collect the indices of the first and last RUNNING_ZONE non-blank lines of page pg. */
static size_t zone_lines(const struct parser *p, const size_t *first, int pg, size_t out[])
{
	size_t i, k = 0, top = 0, bottom = 0, end = first[pg + 1];

	for (i = first[pg]; i < end && top < RUNNING_ZONE; i++)
		if (p->lines[i].len) {
			out[k++] = i;
			top++;
		}
	for (i = end; i > first[pg] && bottom < RUNNING_ZONE; i--)
		if (p->lines[i - 1].len) {
			size_t j, dup = 0;
			for (j = 0; j < k; j++)
				dup |= out[j] == i - 1;
			if (!dup)
				out[k++] = i - 1;
			bottom++;
		}
	return k;
}

/* Remove running headers, footers and page numbers; learn printed page numbers. */
static int strip_furniture(struct parser *p)
{
	size_t *first = NULL, zone[2 * RUNNING_ZONE], nz, i, j, nkeys = 0;
	char **keys = NULL, **sorted = NULL;
	int pg, rc = RP_ENOMEM, offsets[7] = { 0 }, best = 3, *printed = NULL;

	first = calloc((size_t)p->pages + 2, sizeof(*first));
	printed = calloc((size_t)p->pages + 1, sizeof(*printed));
	p->page_label = calloc((size_t)p->pages + 1, sizeof(*p->page_label));
	keys = calloc((size_t)p->pages * 2 * RUNNING_ZONE + 1, sizeof(*keys));
	if (!first || !printed || !p->page_label || !keys)
		goto cleanup;
	/* first[pg] = index of the first line of page pg+1 (0-based pages here) */
	for (i = 0, pg = 0; pg <= p->pages; pg++) {
		while (i < p->n && p->lines[i].page < pg + 1)
			i++;
		first[pg] = i;
	}
	first[p->pages + 1] = p->n;
	first[p->pages] = p->n;
	for (pg = 0; pg < p->pages; pg++) {
		size_t base = nkeys;
		nz = zone_lines(p, first, pg, zone);
		for (j = 0; j < nz; j++) {
			char *k = furniture_key(p->lines[zone[j]].s);
			size_t m;
			int dup = 0;
			if (!k)
				goto cleanup;
			/* count each key once per page */
			for (m = base; m < nkeys && !dup; m++)
				dup = strcmp(keys[m], k) == 0;
			if (dup)
				free(k);
			else
				keys[nkeys++] = k;
		}
	}
	sorted = malloc((nkeys + 1) * sizeof(*sorted));
	if (!sorted)
		goto cleanup;
	memcpy(sorted, keys, nkeys * sizeof(*sorted));
	qsort(sorted, nkeys, sizeof(*sorted), cmp_str);
	for (pg = 0; pg < p->pages; pg++) {
		nz = zone_lines(p, first, pg, zone);
		for (j = 0; j < nz; j++) {
			struct line *l = &p->lines[zone[j]];
			char *k = NULL;
			size_t lo, hi, count = 0;
			int num = 0;
			if (page_number_line(l->s, &num)) {
				l->drop = 1;
				if (num > 0)
					printed[pg + 1] = num;
				continue;
			}
			k = furniture_key(l->s);
			if (!k)
				goto cleanup;
			/* occurrences of k among all pages' zones */
			lo = 0;
			hi = nkeys;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (strcmp(sorted[mid], k) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			while (lo + count < nkeys && strcmp(sorted[lo + count], k) == 0)
				count++;
			if (p->pages >= 2 && count >= 2 && count * 2 >= (size_t)p->pages) {
				l->drop = 1;
				/* "Draft report - page 5" style footers carry the printed number */
				for (const char *d = l->s; *d; d++)
					if (*d >= '0' && *d <= '9' && rp_ascii_casestr(l->s, "page")) {
						printed[pg + 1] = atoi(d);
						break;
					}
			}
			free(k);
		}
	}
	/* Printed numbers usually run at a fixed offset from physical pages (an unnumbered
	 * cover): take the most frequent offset in -3..3 and apply it to every page. */
	for (pg = 1; pg <= p->pages; pg++)
		if (printed[pg] && printed[pg] - pg >= -3 && printed[pg] - pg <= 3)
			offsets[printed[pg] - pg + 3]++;
	for (i = 0; i < 7; i++)
		if (offsets[i] > offsets[best])
			best = (int)i;
	for (pg = 1; pg <= p->pages; pg++) {
		int label = pg + best - 3;
		/* front matter before printed page 1 (a cover) gets no page number */
		p->page_label[pg] = label > 0 ? label : 0;
	}
	rc = 0;
cleanup:
	for (i = 0; i < nkeys; i++)
		free(keys[i]);
	free(keys);
	free(sorted);
	free(first);
	free(printed);
	return rc;
}

/* ---- numbers -------------------------------------------------------------------------- */

int rp_draft_roman_value(const char *s, size_t n)
{
	static const char *const tab[] = { "I",   "II",   "III",   "IV",  "V",   "VI",  "VII",
					   "VIII", "IX",  "X",     "XI",  "XII", "XIII", "XIV",
					   "XV",  "XVI",  "XVII", "XVIII", "XIX", "XX" };
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strlen(tab[i]) == n && rp_ascii_ncasecmp(tab[i], s, n) == 0)
			return (int)i + 1;
	return 0;
}

/* Parse "3.9" / "3.9." at s: components into c (at most MAX_COMPONENTS, each 1-3 digits).
 * Returns bytes consumed (trailing dot included) or 0. */
static size_t parse_dotted(const char *s, int *c, int *nc)
{
	const char *q = s;
	int n = 0;

	for (;;) {
		int v = 0, d = 0;
		while (*q >= '0' && *q <= '9' && d < 4) {
			v = v * 10 + (*q++ - '0');
			d++;
		}
		if (!d || d > 3 || (*q >= '0' && *q <= '9'))
			return 0;
		if (n == MAX_COMPONENTS)
			return 0;
		c[n++] = v;
		if (*q == '.' && q[1] >= '0' && q[1] <= '9') {
			q++;
			continue;
		}
		if (*q == '.')
			q++;
		break;
	}
	*nc = n;
	return (size_t)(q - s);
}

static int plausible(const struct parser *p, const int *c, int nc)
{
	int j, k;

	if (p->nprev == 0)
		return c[0] >= 0 && c[0] <= 20;
	for (j = 0; j < nc && j < p->nprev; j++) {
		if (c[j] == p->prev[j])
			continue;
		if (c[j] != p->prev[j] + 1 && c[j] != p->prev[j] + 2)
			return 0;
		for (k = j + 1; k < nc; k++)
			if (c[k] != 1 && c[k] != 0)
				return 0;
		return 1;
	}
	if (nc <= p->nprev)
		return 0; /* the same number again */
	for (k = p->nprev; k < nc; k++)
		if (c[k] != 1 && c[k] != 0)
			return 0;
	return 1;
}

static char *dotted_string(const int *c, int nc)
{
	struct rp_buf b = RP_BUF_INIT;
	int i;

	for (i = 0; i < nc; i++)
		if (rp_buf_addf(&b, i ? ".%d" : "%d", c[i])) {
			rp_buf_release(&b);
			return NULL;
		}
	return rp_buf_detach(&b, NULL);
}

/* Skip separators between a number and its heading: ":", ".", ")", dashes, blanks. */
static const char *skip_sep(const char *s)
{
	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == ':' || *s == '.' || *s == ')' || *s == '-' ||
		    *s == '*')
			s++;
		else if (rp_starts_with(s, "\xe2\x80\x93") || rp_starts_with(s, "\xe2\x80\x94"))
			s += 3; /* en and em dash */
		else
			return s;
	}
}

/* Leading emphasis a Markdown or Word export puts around a number: "**", "__", "*". */
static const char *skip_emphasis(const char *s)
{
	while (*s == '*' || *s == '_')
		s++;
	return s;
}

/* "Annex A", "Appendix 2", "ANNEX IV": canonical "Annex A" into *num; returns the rest. */
/* A number that does not follow the one before ("3", then "3.9": an extract of a longer
 * report) is a section still when the next numbered paragraph goes on from it ("3.10"):
 * two numbers in sequence are no accident of a sentence opening with a figure. Sub-levels
 * only ("3.9", not "9"), and the text after the number must start like a heading's. */
static int confirmed_jump(const struct parser *p, size_t i, const int *c, int nc)
{
	size_t j;

	if (nc < 2)
		return 0;
	for (j = i + 1; j < p->n; j++) {
		const char *s;
		int c2[MAX_COMPONENTS], nc2 = 0;
		size_t k;

		if (p->lines[j].drop || p->lines[j - 1].len != 0)
			continue;
		s = skip_emphasis(p->lines[j].s);
		if (!(k = parse_dotted(s, c2, &nc2)) || (s[k] != ' ' && s[k] != '\t') ||
		    !isalpha((unsigned char)*skip_sep(s + k)))
			continue;
		return nc2 == nc && memcmp(c, c2, sizeof(int) * (size_t)(nc - 1)) == 0 &&
		       c2[nc - 1] == c[nc - 1] + 1;
	}
	return 0;
}

static const char *annex_prefix(const char *s, char **num)
{
	const char *word = rp_istarts_with(s, "annex") ? "Annex"
			   : rp_istarts_with(s, "appendix") ? "Appendix"
							    : NULL;
	const char *q, *id;
	size_t n;

	if (!word)
		return NULL;
	q = s + strlen(word);
	if (*q != ' ')
		return NULL;
	while (*q == ' ')
		q++;
	id = q;
	while (isalnum((unsigned char)*q) && q - id < 5)
		q++;
	n = (size_t)(q - id);
	if (!n || isalnum((unsigned char)*q))
		return NULL;
	/* a single letter, a number, or a roman number */
	if (!(n == 1 && isupper((unsigned char)id[0])) && strspn(id, "0123456789") != n &&
	    !rp_draft_roman_value(id, n))
		return NULL;
	if (*q && *q != ':' && *q != '.' && *q != ' ' && *q != '-' && *q != ')' &&
	    !rp_starts_with(q, "\xe2\x80\x93") && !rp_starts_with(q, "\xe2\x80\x94"))
		return NULL;
	{
		struct rp_buf b = RP_BUF_INIT;
		size_t k;
		/* "Annex A" is numbered "A" (its parts "A.1"); "Annex 2" keeps its word so
		 * that it is not taken for section 2 */
		if (!(n == 1 && isalpha((unsigned char)id[0])) && rp_buf_addf(&b, "%s ", word))
			return NULL;
		for (k = 0; k < n; k++)
			if (rp_buf_addch(&b, (char)toupper((unsigned char)id[k]))) {
				rp_buf_release(&b);
				return NULL;
			}
		*num = rp_buf_detach(&b, NULL);
	}
	return *num ? skip_sep(q) : NULL;
}

const char *const rp_draft_rec_words[] = {
	"Recommendation", "Recommandation", "Handlungsempfehlung", "Empfehlung",
	"Recomendaci\xc3\xb3n", "Recomendacion", NULL,
};

/* "Recommendation 4", "Empfehlung 4": "Recommendation 4", "Empfehlung 4" into *num (the
 * item keeps the word of its draft's language); returns the rest. */
static const char *recommendation_prefix(const char *s, char **num)
{
	const char *q = NULL, *word = NULL;
	int v = 0, d = 0;
	size_t k;

	for (k = 0; rp_draft_rec_words[k] && !q; k++) {
		size_t n = strlen(rp_draft_rec_words[k]);
		if (rp_istarts_with(s, rp_draft_rec_words[k]) && s[n] == ' ') {
			word = rp_draft_rec_words[k];
			q = s + n + 1;
		}
	}
	if (!q)
		return NULL;
	while (*q >= '0' && *q <= '9' && d < 4) {
		v = v * 10 + (*q++ - '0');
		d++;
	}
	if (!d || d > 3 || isalnum((unsigned char)*q))
		return NULL;
	if (*q && *q != ':' && *q != '.' && *q != ' ' && *q != ')' && *q != '-' &&
	    !rp_starts_with(q, "\xe2\x80\x93"))
		return NULL;
	{
		struct rp_buf b = RP_BUF_INIT;
		if (rp_buf_addf(&b, "%s %d", word, v))
			return NULL;
		*num = rp_buf_detach(&b, NULL);
	}
	return *num ? skip_sep(q) : NULL;
}

/* Heading words without the emphasis around the whole heading or its number
 * ("**3.9 Issue teams**", "**3.9** Issue teams") and without a closing colon, but with
 * the emphasis inside kept whole ("Scope *(draft)*"). skip_emphasis drops the opening
 * run; a run of '*' or '_' that closes no run opened in the heading (its partner was
 * dropped, or it is stray) goes, and so does one left dangling at the end. A run closes
 * after a non-blank and opens before one; '_' does neither inside a word. */
static char *clean_heading(const char *s)
{
	size_t n, i, j, k = 0;
	int open[2] = { 0, 0 };
	char *h;

	s = skip_emphasis(s);
	n = strlen(s);
	if (!(h = malloc(n + 1)))
		return NULL;
	for (i = 0; i < n; i = j) {
		int u = s[i] == '_', closes, opens;
		unsigned char before, after;
		if (s[i] != '*' && s[i] != '_') {
			h[k++] = s[i];
			j = i + 1;
			continue;
		}
		for (j = i; j < n && s[j] == s[i]; j++)
			;
		before = i ? (unsigned char)s[i - 1] : ' ';
		after = j < n ? (unsigned char)s[j] : ' ';
		closes = !isspace(before) && !(u && isalnum(after));
		opens = !isspace(after) && !(u && isalnum(before));
		if (closes && open[u])
			open[u]--;
		else if (opens)
			open[u]++;
		else if (closes || j == n)
			continue;
		memcpy(h + k, s + i, j - i);
		k += j - i;
	}
	while (k && (h[k - 1] == ' ' || h[k - 1] == ':'))
		k--;
	h[k] = '\0';
	if (!k) {
		free(h);
		return NULL;
	}
	return h;
}

/* "A.1" / "A.1.2." of annex A: number into *num, components count into *nc; returns the
 * bytes consumed or 0. */
static size_t annex_part(const struct parser *p, const char *s, char **num, int *nc)
{
	int c[MAX_COMPONENTS];
	size_t k;
	struct rp_buf b = RP_BUF_INIT;
	int i;

	if (!p->annex || s[0] != p->annex || s[1] != '.' || !isdigit((unsigned char)s[2]))
		return 0;
	if (!(k = parse_dotted(s + 2, c, nc)))
		return 0;
	if (s[2 + k] != ' ' && s[2 + k] != '\t' && s[2 + k] != '\0' && s[2 + k] != ':')
		return 0;
	if (rp_buf_addch(&b, s[0]))
		return 0;
	for (i = 0; i < *nc; i++)
		if (rp_buf_addf(&b, ".%d", c[i])) {
			rp_buf_release(&b);
			return 0;
		}
	*num = rp_buf_detach(&b, NULL);
	return *num ? k + 2 : 0;
}

/* ---- heading detection ---------------------------------------------------------------- */

static int add_head(struct parser *p, size_t line, size_t body, char *number, char *heading,
		    int level, enum head_kind kind)
{
	if (p->nh == p->ah && p->nh < MAX_SECTIONS) {
		size_t na = p->ah ? 2 * p->ah : 32;
		struct head *nh = realloc(p->heads, na * sizeof(*nh));
		if (!nh) {
			free(number);
			free(heading);
			return RP_ENOMEM;
		}
		p->heads = nh;
		p->ah = na;
	}
	p->added = 0;
	if (p->nh >= MAX_SECTIONS) {
		free(number);
		free(heading);
		return 0;
	}
	p->added = 1;
	p->heads[p->nh].line = line;
	p->heads[p->nh].body = body;
	p->heads[p->nh].number = number;
	p->heads[p->nh].heading = heading;
	p->heads[p->nh].lead = NULL;
	p->heads[p->nh].level = level < 1 ? 1 : level;
	p->heads[p->nh].kind = kind;
	p->nh++;
	if (kind != H_ITEM && kind != H_RECOMMENDATION) {
		p->struct_level = level;
		p->struct_number = number;
		p->next_item = 'a';
	}
	return 0;
}

/* The words after a paragraph's number: the start of the section's text. */
static int set_lead(struct parser *p, const char *rest)
{
	if (!p->added)
		return 0;
	p->heads[p->nh - 1].lead = rp_strdup(rest);
	return p->heads[p->nh - 1].lead ? 0 : RP_ENOMEM;
}

static int underline_char(const struct line *l)
{
	static const char set[] = "=-~^\"'`*+#:._";
	size_t i;

	if (l->drop || l->len < 3 || !strchr(set, l->s[0]))
		return 0;
	for (i = 1; i < l->len; i++)
		if (l->s[i] != l->s[0])
			return 0;
	return (unsigned char)l->s[0];
}

static int style_level(struct parser *p, int ch, int over)
{
	int i;

	if (p->atx && !over)
		return ch == '=' ? 1 : 2;
	for (i = 0; i < p->nstyles; i++)
		if (p->styles[i][0] == ch && p->styles[i][1] == over)
			return i + 1;
	if (p->nstyles < 32) {
		p->styles[p->nstyles][0] = (char)ch;
		p->styles[p->nstyles][1] = (char)over;
		p->nstyles++;
	}
	return p->nstyles;
}

static int atx_level(const struct line *l)
{
	size_t k = 0;

	if (l->indent > 3)
		return 0;
	while (k < l->len && l->s[k] == '#')
		k++;
	if (k < 1 || k > 6 || (k < l->len && l->s[k] != ' ' && l->s[k] != '\t'))
		return 0;
	return (int)k;
}

/* Line i underlined as a Setext/RST heading: short, not a sentence (a paragraph's last line
 * above a list footer's "_____" rule is no heading). The markup test and the heading pass
 * ask the same question. */
static int underlined_heading(const struct parser *p, size_t i)
{
	const struct line *l = &p->lines[i];

	return i + 1 < p->n && l->len && !l->drop && !underline_char(l) &&
	       underline_char(&p->lines[i + 1]) && l->len <= 120 && !strchr(".,;", l->s[l->len - 1]);
}

/* Split a markup heading's text into number and words. */
static int markup_head(struct parser *p, size_t line, size_t body, const char *text, int level)
{
	char *num = NULL;
	const char *rest = NULL;
	int c[MAX_COMPONENTS], nc = 0;
	size_t k;

	text = skip_emphasis(text);
	if ((rest = annex_prefix(text, &num))) {
		p->annex = num[1] ? 0 : num[0];
		return add_head(p, line, body, num, clean_heading(rest), level, H_MARKUP);
	}
	if ((rest = recommendation_prefix(text, &num)))
		return add_head(p, line, body, num, clean_heading(rest), level, H_MARKUP);
	if ((k = annex_part(p, text, &num, &nc)))
		return add_head(p, line, body, num, clean_heading(skip_sep(text + k)), level,
				H_MARKUP);
	if (rp_istarts_with(text, "section ") || rp_istarts_with(text, "chapter ") ||
	    rp_istarts_with(text, "part "))
		text = strchr(text, ' ') + 1;
	if ((k = parse_dotted(text, c, &nc)) && (text[k] == ' ' || text[k] == '\0' ||
						  text[k] == ':' || text[k] == ')')) {
		if (!(num = dotted_string(c, nc)))
			return RP_ENOMEM;
		memcpy(p->prev, c, sizeof(int) * (size_t)nc);
		p->nprev = nc;
		return add_head(p, line, body, num, clean_heading(skip_sep(text + k)), level,
				H_MARKUP);
	}
	for (k = 0; isupper((unsigned char)text[k]) && k < 6; k++)
		;
	if (k && (text[k] == '.' || text[k] == ')') && text[k + 1] == ' ' &&
	    rp_draft_roman_value(text, k)) {
		if (!(num = rp_strndup(text, k)))
			return RP_ENOMEM;
		return add_head(p, line, body, num, clean_heading(skip_sep(text + k)), level,
				H_MARKUP);
	}
	return add_head(p, line, body, NULL, clean_heading(text), level, H_MARKUP);
}

static int para_start(const struct parser *p, size_t i)
{
	size_t j = i;

	while (j > 0 && p->lines[j - 1].drop)
		j--;
	if (j == 0 || p->lines[j - 1].len == 0)
		return 1;
	/* right after a heading line */
	return p->nh && p->heads[p->nh - 1].body == i;
}

static int next_blank(const struct parser *p, size_t i)
{
	size_t j = i + 1;

	while (j < p->n && p->lines[j].drop)
		j++;
	return j >= p->n || p->lines[j].len == 0;
}

static int prev_ends_sentence(const struct parser *p, size_t i)
{
	const struct line *l;

	while (i > 0 && p->lines[i - 1].drop)
		i--;
	if (i == 0)
		return 1;
	l = &p->lines[i - 1];
	return l->len && strchr(".:;", l->s[l->len - 1]) != NULL;
}

/* A heading stands alone: a blank line follows, or the next line is clearly longer (a
 * heading run into its paragraph), while the first line of a wrapped paragraph is about
 * as long as the lines after it. */
static int short_heading(const struct parser *p, size_t i, const char *rest)
{
	size_t n = strlen(rest), j = i + 1;

	if (!n || n > 90)
		return 0;
	if (rest[n - 1] == '.' || rest[n - 1] == ',' || rest[n - 1] == ';')
		return 0;
	/* the next text line; blank lines around page furniture do not end a paragraph */
	while (j < p->n && is_blank(&p->lines[j]))
		j++;
	if (j >= p->n)
		return 1;
	if (p->lines[j].page == p->lines[i].page) {
		size_t k;
		for (k = i + 1; k < j; k++)
			if (!p->lines[k].drop && p->lines[k].len == 0)
				return 1;
	}
	return n <= 60 && p->lines[i].len * 4 < p->lines[j].len * 3;
}

/* An ALL-CAPS line is a heading ("SUMMARY OF COMMENTS") when it is short and no
 * sentence: at most eight words and no closing '.', ',' or ';'. A paragraph typed in
 * capitals ("THE GROUP NOTES THAT THE CONSULTATION RAN LATE AND ...") is text. */
static int caps_heading(const struct line *l)
{
	size_t i, letters = 0, words = 0;

	if (l->len > 60 || strchr(".,;", l->s[l->len - 1]))
		return 0;
	for (i = 0; i < l->len; i++) {
		unsigned char c = (unsigned char)l->s[i];
		if (islower(c))
			return 0;
		letters += isupper(c) != 0;
		words += !isspace(c) && (i == 0 || isspace((unsigned char)l->s[i - 1]));
	}
	return letters >= 4 && words <= 8;
}

/* A plain-text line that opens a section; 1 when one was added. */
static int plain_head(struct parser *p, size_t i, int *rc)
{
	struct line *l = &p->lines[i];
	const char *s = skip_emphasis(l->s), *rest = NULL;
	char *num = NULL;
	int c[MAX_COMPONENTS], nc = 0, start = para_start(p, i), nb = next_blank(p, i), v;
	size_t k;
	char *heading = NULL;

	*rc = 0;
	if (!start && !prev_ends_sentence(p, i))
		return 0;
	if (start && (rest = annex_prefix(s, &num))) {
		p->nprev = 0; /* annexes restart numbering */
		p->annex = num[1] ? 0 : num[0];
		*rc = add_head(p, i, i + 1, num, clean_heading(rest), 1, H_ANNEX);
		return 1;
	}
	if ((rest = recommendation_prefix(s, &num))) {
		int lvl = p->struct_level + 1;
		if (short_heading(p, i, rest)) {
			*rc = add_head(p, i, i + 1, num, clean_heading(rest), lvl, H_RECOMMENDATION);
		} else {
			*rc = add_head(p, i, i, num, NULL, lvl, H_RECOMMENDATION);
			if (!*rc)
				*rc = set_lead(p, rest);
		}
		return 1;
	}
	if (start && (k = annex_part(p, s, &num, &nc))) {
		rest = skip_sep(s + k);
		if (*rest && short_heading(p, i, rest)) {
			*rc = add_head(p, i, i + 1, num, clean_heading(rest), nc + 1, H_NUMERIC);
		} else {
			*rc = add_head(p, i, i, num, NULL, nc + 1, H_NUMERIC);
			if (!*rc)
				*rc = set_lead(p, rest);
		}
		return 1;
	}
	if ((k = parse_dotted(s, c, &nc)) && (s[k] == ' ' || s[k] == '\t') &&
	    (s[k - 1] == '.' || nc > 1 || start) &&
	    (plausible(p, c, nc) || (start && confirmed_jump(p, i, c, nc)))) {
		rest = skip_sep(s + k);
		if (!*rest || !(isalpha((unsigned char)*rest) || (unsigned char)*rest >= 0x80 ||
				*rest == '"' || *rest == '(' || *rest == '*'))
			return 0;
		if (!(num = dotted_string(c, nc))) {
			*rc = RP_ENOMEM;
			return 1;
		}
		memcpy(p->prev, c, sizeof(int) * (size_t)nc);
		p->nprev = nc;
		if (short_heading(p, i, rest) && isupper((unsigned char)*skip_emphasis(rest))) {
			*rc = add_head(p, i, i + 1, num, clean_heading(rest), nc + p->seen_roman,
				       H_NUMERIC);
		} else {
			*rc = add_head(p, i, i, num, NULL, nc + p->seen_roman, H_NUMERIC);
			if (!*rc)
				*rc = set_lead(p, rest);
		}
		return 1;
	}
	for (k = 0; isupper((unsigned char)s[k]) && k < 6; k++)
		;
	if (start && k && (s[k] == '.' || s[k] == ')') && s[k + 1] == ' ' &&
	    (v = rp_draft_roman_value(s, k)) && v == p->prev_roman + 1 &&
	    !(k == 1 && s[0] == 'I' && p->prev_roman != 0)) {
		p->prev_roman = v;
		p->seen_roman = 1;
		p->nprev = 0;
		if (!(num = rp_strndup(s, k))) {
			*rc = RP_ENOMEM;
			return 1;
		}
		rest = skip_sep(s + k);
		heading = short_heading(p, i, rest) ? clean_heading(rest) : NULL;
		*rc = add_head(p, i, heading ? i + 1 : i, num, heading, 1, H_ROMAN);
		if (!*rc && !heading)
			*rc = set_lead(p, rest);
		return 1;
	}
	/* "(a)" / "a)" items, in sequence, inside a structural section */
	{
		const char *q = s;
		if (*q == '(')
			q++;
		if (*q == p->next_item && q[1] == ')' && q[2] == ' ') {
			struct rp_buf b = RP_BUF_INIT;
			int lvl = p->struct_level + 1;
			if (p->struct_number && isdigit((unsigned char)p->struct_number[0]))
				*rc = rp_buf_addf(&b, "%s(%c)", p->struct_number, *q);
			else
				*rc = rp_buf_addf(&b, "(%c)", *q);
			if (*rc)
				return 1;
			p->next_item++;
			rest = skip_sep(q + 2);
			*rc = add_head(p, i, i, rp_buf_detach(&b, NULL), NULL, lvl, H_ITEM);
			if (!*rc)
				*rc = set_lead(p, rest);
			return 1;
		}
	}
	if (start && nb && caps_heading(l) && i > 0) {
		*rc = add_head(p, i, i + 1, NULL, clean_heading(l->s), 1, H_CAPS);
		return 1;
	}
	return 0;
}

static int detect_headings(struct parser *p)
{
	size_t i;
	int fence = 0, rc = 0, markup_count = 0;

	/* Is this Markdown/RST? Count markup headings first. */
	for (i = 0; i < p->n; i++) {
		if (rp_starts_with(p->lines[i].s, "```") || rp_starts_with(p->lines[i].s, "~~~"))
			fence = !fence;
		if (fence)
			continue;
		if (atx_level(&p->lines[i])) {
			p->atx = 1;
			markup_count++;
		} else if (underlined_heading(p, i)) {
			markup_count++;
		}
	}
	p->markup = markup_count >= 1;
	fence = 0;
	for (i = 0; i < p->n && !rc; i++) {
		struct line *l = &p->lines[i];
		int ch, lvl;
		if (is_blank(l))
			continue;
		if (rp_starts_with(l->s, "```") || rp_starts_with(l->s, "~~~"))
			fence = !fence;
		if (fence)
			continue;
		if (p->markup) {
			if ((lvl = atx_level(l))) {
				const char *t = l->s + lvl;
				char *copy = NULL;
				size_t n;
				while (*t == ' ' || *t == '\t')
					t++;
				copy = rp_strdup(t);
				if (!copy)
					return RP_ENOMEM;
				n = strlen(copy);
				while (n && (copy[n - 1] == '#' || copy[n - 1] == ' '))
					copy[--n] = '\0';
				rc = markup_head(p, i, i + 1, copy, lvl);
				free(copy);
				continue;
			}
			if (underlined_heading(p, i)) {
				int over;
				ch = underline_char(&p->lines[i + 1]);
				over = i > 0 && underline_char(&p->lines[i - 1]) == ch;
				rc = markup_head(p, i, i + 2, l->s, style_level(p, ch, over));
				i++;
				continue;
			}
			if (underline_char(l))
				continue;
			{
				const char *s = skip_emphasis(l->s), *rest;
				char *num = NULL;
				if (para_start(p, i) && (rest = recommendation_prefix(s, &num))) {
					rc = add_head(p, i, i, num, NULL, p->struct_level + 1,
						      H_RECOMMENDATION);
					if (!rc)
						rc = set_lead(p, rest);
				}
			}
			continue;
		}
		plain_head(p, i, &rc);
	}
	return rc;
}

/* ---- building the document ------------------------------------------------------------ */

static int page_of(const struct parser *p, size_t i)
{
	int pg = p->lines[i].page;
	if (!p->page_label || pg < 1 || pg > p->pages)
		return pg;
	return p->page_label[pg];
}

/* Text of lines [from, to) with runs of blank lines folded to one. */
static char *join_lines(const struct parser *p, const char *lead, size_t from, size_t to,
			int *pfrom, int *pto)
{
	struct rp_buf b = RP_BUF_INIT;
	size_t i;
	int blank = 0;

	if (lead && *lead && rp_buf_adds(&b, lead))
		goto oom;
	for (i = from; i < to && i < p->n; i++) {
		const struct line *l = &p->lines[i];
		if (l->drop)
			continue;
		if (!l->len) {
			blank = b.len > 0;
			continue;
		}
		if (underline_char(l) && p->markup && i > from && p->lines[i - 1].len == 0)
			continue; /* transitions / horizontal rules */
		if (b.len && rp_buf_adds(&b, blank ? "\n\n" : "\n"))
			goto oom;
		blank = 0;
		if (rp_buf_add(&b, l->s, l->len))
			goto oom;
		if (pfrom && !*pfrom)
			*pfrom = page_of(p, i);
		if (pto)
			*pto = page_of(p, i);
	}
	return rp_buf_detach(&b, NULL);
oom:
	rp_buf_release(&b);
	return NULL;
}

/* Words that open a cover's subtitle or status line ("Draft for comment, version 1",
 * "Version 2.1", "Prepared by the secretariat"), never the second half of a wrapped title. */
static const char *const subtitle_openers[] = { "draft", "version", "revision", "rev.", "prepared",
						"submitted", "status", "date", "dated", "updated",
						"last updated", "circulated", NULL };
static const char *const month_names[] = { "january", "february", "march", "april", "may",
					   "june", "july", "august", "september", "october",
					   "november", "december", NULL };

/* Is the word at s (n bytes) a month's name? */
static int month_word(const char *s, size_t n)
{
	size_t k;

	for (k = 0; month_names[k]; k++)
		if (strlen(month_names[k]) == n && rp_ascii_ncasecmp(s, month_names[k], n) == 0)
			return 1;
	return 0;
}

/* A subtitle or a date under a cover's title: it opens with a status word, or dates the
 * draft ("1 March 2027", "March 2027", "2027-03-01"): a month's name next to a year of
 * four digits, or an ISO date. */
static int subtitle_line(const struct line *l)
{
	const char *p = l->s, *e = l->s + l->len;
	size_t k, n, prev_month = 0;

	while (p < e && isspace((unsigned char)*p))
		p++;
	for (k = 0; subtitle_openers[k]; k++) {
		n = strlen(subtitle_openers[k]);
		if ((size_t)(e - p) >= n && rp_ascii_ncasecmp(p, subtitle_openers[k], n) == 0 &&
		    (p + n == e || !isalpha((unsigned char)p[n])))
			return 1;
	}
	while (p < e) {
		const char *w = p;
		while (p < e && (isalnum((unsigned char)*p) || *p == '-'))
			p++;
		n = (size_t)(p - w);
		if (n == 10 && isdigit((unsigned char)w[0]) && w[4] == '-' && w[7] == '-')
			return 1;
		if (n == 4 && isdigit((unsigned char)w[0]) && isdigit((unsigned char)w[3]) &&
		    (w[0] == '1' || w[0] == '2') && prev_month)
			return 1;
		prev_month = n && month_word(w, n);
		while (p < e && !(isalnum((unsigned char)*p) || *p == '-'))
			p++;
	}
	return 0;
}

/* A printed cover wraps a long title over two or three lines with nothing between them
 * ("DC feedback on the Working" / "Group on Strategy paper"), and sets a subtitle or a
 * date apart by white space: in a paged draft, the short lines right under the title's
 * first line, on its page and before the first section, continue it. Plain text is left
 * alone, where a line under the title is as often a subtitle typed without a blank; so
 * is, in a paged draft too, a line that reads as a subtitle or a date. */
static char *wrapped_title(struct parser *p, char *title, size_t *next)
{
	size_t j = *next, first = *next - 1, joined = 0;
	struct rp_buf b = RP_BUF_INIT;

	if (!p->pages || rp_buf_adds(&b, title))
		goto done;
	for (; j < p->n && joined < 2 && !is_blank(&p->lines[j]); j++, joined++) {
		const struct line *l = &p->lines[j];

		if (l->page != p->lines[first].page || l->len > 80 || b.len + l->len > 160 ||
		    subtitle_line(l) ||
		    (p->nh && p->heads[0].line <= j) || strchr(".:;", b.buf[b.len - 1]))
			break;
		if (rp_buf_addch(&b, ' ') || rp_buf_add(&b, l->s, l->len))
			goto done;
	}
	if (joined) {
		free(title);
		title = rp_buf_detach(&b, NULL);
		*next = j;
	}
done:
	rp_buf_release(&b);
	return title;
}

/* The first markup heading is the title when it is unnumbered and no other heading is at
 * its level or above; the first line of a plain draft is the title when it precedes the
 * first section and is not a sentence. */
static char *take_title(struct parser *p, size_t *title_line, size_t *skip_to, int *marked)
{
	size_t i;
	char *t = NULL;

	*skip_to = *title_line = 0;
	*marked = 0;
	if (p->nh && !p->heads[0].number && p->heads[0].kind != H_CAPS) {
		int lvl = p->heads[0].level, unique = 1;
		for (i = 1; i < p->nh; i++)
			if (p->heads[i].level <= lvl)
				unique = 0;
		if (unique) {
			t = p->heads[0].heading;
			*marked = 1;
			p->heads[0].heading = NULL;
			*skip_to = p->heads[0].body;
			*title_line = p->heads[0].line;
			/* an RST overline belongs to the title */
			if (*title_line > 0 && underline_char(&p->lines[*title_line - 1]))
				(*title_line)--;
			free(p->heads[0].number);
			free(p->heads[0].lead);
			memmove(p->heads, p->heads + 1, (p->nh - 1) * sizeof(*p->heads));
			p->nh--;
			for (i = 0; i < p->nh; i++)
				if (p->heads[i].level > 1)
					p->heads[i].level--;
			return t;
		}
	}
	for (i = 0; i < p->n; i++)
		if (!is_blank(&p->lines[i]))
			break;
	if (i < p->n && (!p->nh || p->heads[0].line > i) && p->lines[i].len <= 160 &&
	    !underline_char(&p->lines[i])) {
		const char *s = p->lines[i].s;
		size_t n = p->lines[i].len;
		if (s[n - 1] != '.' || n < 40) {
			while (*s == '#' || *s == ' ')
				s++;
			t = clean_heading(s);
			*skip_to = i + 1;
			*title_line = i;
			if (i + 1 < p->n && underline_char(&p->lines[i + 1]))
				*skip_to = i + 2;
			else if (t)
				t = wrapped_title(p, t, skip_to);
		}
	}
	return t;
}

static int build(struct parser *p, struct rp_draft_doc *d)
{
	size_t skip = 0, title_line = 0, i, first_line, k = 0;
	int pf = 0, pt = 0;
	char *pre = NULL, *before = NULL;

	d->title = take_title(p, &title_line, &skip, &d->title_marked);
	first_line = p->nh ? p->heads[0].line : p->n;
	/* the preamble: what precedes the title (a licence note, a cover line) and what
	 * follows it up to the first section */
	before = join_lines(p, NULL, 0, title_line, &pf, &pt);
	pre = before ? join_lines(p, before, skip, first_line, &pf, &pt) : NULL;
	if (before && pre && *before && strlen(pre) > strlen(before)) {
		/* join_lines glued the two parts with one line break: make it a paragraph */
		char *two = malloc(strlen(pre) + 2);
		size_t bl = strlen(before);
		if (two) {
			memcpy(two, pre, bl);
			two[bl] = '\n';
			strcpy(two + bl + 1, pre + bl);
		}
		free(pre);
		pre = two;
	}
	free(before);
	if (!pre)
		return RP_ENOMEM;
	d->sections = calloc(p->nh + 1, sizeof(*d->sections));
	if (!d->sections) {
		free(pre);
		return RP_ENOMEM;
	}
	if (*pre) {
		struct rp_section *s = &d->sections[k++];
		d->n = k;
		s->text = pre;
		s->level = 1;
		s->parent = -1;
		s->page_from = pf;
		s->page_to = pt;
	} else {
		free(pre);
	}
	for (i = 0; i < p->nh; i++) {
		struct head *h = &p->heads[i];
		struct rp_section *s = &d->sections[k];
		size_t end = i + 1 < p->nh ? p->heads[i + 1].line : p->n;
		int j;
		pf = pt = 0;
		d->n = k + 1;
		s->number = h->number;
		s->heading = h->heading;
		h->number = h->heading = NULL;
		/* a numbered paragraph's first line is its lead: the text goes on below it */
		s->text = join_lines(p, h->lead, h->lead ? h->line + 1 : h->body, end, &pf, &pt);
		if (!s->text)
			return RP_ENOMEM;
		s->level = h->level;
		s->page_from = page_of(p, h->line);
		s->page_to = pt > s->page_from ? pt : s->page_from;
		s->parent = -1;
		for (j = (int)k - 1; j >= 0; j--)
			if (d->sections[j].level < s->level && (d->sections[j].number || d->sections[j].heading)) {
				s->parent = j;
				break;
			}
		k++;
	}
	d->n = k;
	d->has_pages = p->pages > 0;
	return 0;
}

static void parser_release(struct parser *p)
{
	size_t i;

	for (i = 0; i < p->nh; i++) {
		free(p->heads[i].number);
		free(p->heads[i].heading);
		free(p->heads[i].lead);
	}
	free(p->heads);
	free(p->lines);
	free(p->page_label);
}

int rp_draft_parse(struct rp_draft_doc **out, const char *text, size_t len, struct rp_error *err)
{
	struct parser p = { 0 };
	struct rp_draft_doc *d = NULL;
	char *work = NULL;
	size_t i, j;
	int rc = RP_ENOMEM, has_ff = 0;

	*out = NULL;
	if (len > MAX_DRAFT_BYTES)
		return rp_error_set(err, RP_ELIMIT, "draft", "draft larger than %u bytes",
				    MAX_DRAFT_BYTES);
	work = rp_utf8_sanitize(text ? text : "", text ? len : 0, NULL);
	d = calloc(1, sizeof(*d));
	if (!work || !d)
		goto cleanup;
	/* a byte order mark (Windows editors write one) is no part of the first line */
	for (i = 0; rp_starts_with(work + i, "\xef\xbb\xbf"); i += 3)
		;
	/* CRLF and lone CR become LF */
	for (j = 0; work[i]; i++) {
		if (work[i] == '\r' && work[i + 1] == '\n')
			continue;
		work[j++] = work[i] == '\r' ? '\n' : work[i];
	}
	work[j] = '\0';
	/* other controls (binary junk, escape sequences) would reach titles and headings */
	j = rp_utf8_blank_controls(work, j, "\t\n\f");
	p.next_item = 'a';
	if ((rc = split_lines(&p, work, j, &has_ff)))
		goto cleanup;
	undouble(&p);
	if (has_ff && (rc = strip_furniture(&p)))
		goto cleanup;
	if ((rc = detect_headings(&p)) || (rc = build(&p, d)))
		goto cleanup;
	*out = d;
	d = NULL;
cleanup:
	if (rc == RP_ENOMEM)
		rp_error_set(err, rc, "draft", "out of memory parsing the draft");
	parser_release(&p);
	free(work);
	rp_draft_doc_free(d);
	return rc;
}

/* The line without its markup: blanks, ATX hashes, emphasis and underline characters. */
static int is_markup_char(char c)
{
	return c == ' ' || c == '\t' || c == '#' || c == '*' || c == '_' || c == '=' || c == '\r';
}

static int line_is_rule(const char *s, size_t n)
{
	size_t i;

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\r'))
		n--;
	if (n < 3 || !strchr("=-~*^#+", s[0]))
		return 0;
	for (i = 1; i < n; i++)
		if (s[i] != s[0])
			return 0;
	return 1;
}

size_t rp_draft_cover_length(const char *text, const struct rp_draft_doc *doc)
{
	const char *line = text, *prev = NULL, *end;
	size_t tl;
	int seen_text = 0;

	if (!text || !doc || !doc->title || !doc->title_marked || !(tl = strlen(doc->title)))
		return 0;
	for (; *line; line = *end ? end + 1 : end) {
		const char *s = line, *e;

		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		for (e = end; e > s && is_markup_char(e[-1]); e--)
			;
		while (s < e && is_markup_char(*s))
			s++;
		if ((size_t)(e - s) == tl && memcmp(s, doc->title, tl) == 0) {
			/* an RST overline belongs to the title */
			if (prev && line_is_rule(prev, (size_t)(line - 1 - prev)))
				line = prev;
			return seen_text ? (size_t)(line - text) : 0;
		}
		if (s < e && !line_is_rule(line, (size_t)(end - line)))
			seen_text = 1;
		prev = line;
	}
	return 0;
}

void rp_draft_doc_free(struct rp_draft_doc *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->n; i++) {
		free(d->sections[i].number);
		free(d->sections[i].heading);
		free(d->sections[i].text);
	}
	free(d->sections);
	free(d->title);
	free(d);
}
