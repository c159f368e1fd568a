/* align: which section of a draft's new version continues which section of the version it
 * revises, and whether a member's proposed wording made it into the new text. Pure
 * functions over parsed drafts: no SQL.
 *
 * Sections are compared on their stemmed words (cosine of the word sets) for the heading
 * and for the text, plus a smaller weight for an equal number; every pair above a floor is
 * ranked and taken greedily, best first, each section used once. Greedy matching is
 * enough here: drafts have tens to hundreds of sections and a renumbered or rewritten
 * section almost always has one clearly best partner. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/draft.h"
#include "rapporteur/text.h"

/* Weights of the score and the floor below which two sections are unrelated. */
#define W_TEXT 0.50
#define W_HEADING 0.35
#define W_NUMBER 0.15
#define MATCH_FLOOR 0.30

struct wordset {
	char **w; /* sorted, distinct */
	size_t n;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int wordset_make(struct wordset *ws, const char *text)
{
	size_t i, k = 0;

	ws->w = NULL;
	ws->n = 0;
	if (!text || !*text)
		return 0;
	if (rp_text_tokens(text, &ws->w, &ws->n))
		return -1;
	if (ws->n < 2)
		return 0;
	qsort(ws->w, ws->n, sizeof(*ws->w), cmp_str);
	for (i = 1; i < ws->n; i++) {
		if (strcmp(ws->w[i], ws->w[k]) == 0) {
			free(ws->w[i]);
			continue;
		}
		ws->w[++k] = ws->w[i];
	}
	ws->n = k + 1;
	return 0;
}

/* Cosine of two word sets; -1 when both are empty (nothing to compare). */
static double cosine(const struct wordset *a, const struct wordset *b)
{
	size_t i = 0, j = 0, common = 0;

	if (!a->n && !b->n)
		return -1;
	if (!a->n || !b->n)
		return 0;
	while (i < a->n && j < b->n) {
		int c = strcmp(a->w[i], b->w[j]);
		if (c == 0)
			common++, i++, j++;
		else if (c < 0)
			i++;
		else
			j++;
	}
	return (double)common / sqrt((double)a->n * (double)b->n);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Equal after collapsing runs of white space, leading and trailing ones ignored (NULL
 * equals ""). */
static int same_text(const char *a, const char *b)
{
	a = a ? a : "";
	b = b ? b : "";
	while (is_space(*a))
		a++;
	while (is_space(*b))
		b++;
	while (*a && *b) {
		if (is_space(*a) && is_space(*b)) {
			while (is_space(*a))
				a++;
			while (is_space(*b))
				b++;
			continue;
		}
		if (*a != *b)
			return 0;
		a++, b++;
	}
	while (is_space(*a))
		a++;
	while (is_space(*b))
		b++;
	return !*a && !*b;
}

static int same_number(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

struct pair {
	double score;
	double distance; /* difference of relative positions, to break ties */
	size_t old_i, new_i;
};

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if (x->distance != y->distance)
		return x->distance < y->distance ? -1 : 1;
	if (x->new_i != y->new_i)
		return x->new_i < y->new_i ? -1 : 1;
	return x->old_i < y->old_i ? -1 : x->old_i > y->old_i;
}

static void wordsets_free(struct wordset *ws, size_t n)
{
	size_t i;

	for (i = 0; ws && i < n; i++)
		rp_strv_free(ws[i].w, ws[i].n);
	free(ws);
}

static int wordsets_of(struct wordset **heads, struct wordset **texts, const struct rp_draft_doc *d)
{
	size_t i;

	*heads = calloc(d->n + 1, sizeof(**heads));
	*texts = calloc(d->n + 1, sizeof(**texts));
	if (!*heads || !*texts)
		return -1;
	for (i = 0; i < d->n; i++)
		if (wordset_make(&(*heads)[i], d->sections[i].heading) ||
		    wordset_make(&(*texts)[i], d->sections[i].text))
			return -1;
	return 0;
}

static double score_of(const struct rp_section *o, const struct rp_section *n,
		       const struct wordset *oh, const struct wordset *nh,
		       const struct wordset *ot, const struct wordset *nt)
{
	double h = cosine(oh, nh), t = cosine(ot, nt);

	if (same_text(o->heading, n->heading) && same_text(o->text, n->text) &&
	    (o->heading || o->text[0]))
		return 1.0;
	if (h < 0 && t < 0)
		return same_number(o->number, n->number) ? W_NUMBER : 0;
	if (h < 0) /* neither has a heading: the text decides */
		h = t;
	if (t < 0) /* neither has text of its own (a heading over subsections) */
		t = h;
	return W_TEXT * t + W_HEADING * h + W_NUMBER * same_number(o->number, n->number);
}

static int is_preamble(const struct rp_draft_doc *d, size_t i)
{
	return i == 0 && d->n && !d->sections[0].number && !d->sections[0].heading;
}

/* The text before the first heading is one place in every version, whatever it says: a
 * rewritten preamble is the old one revised, not a new section beside a removed one. Only
 * between versions that share some other section: an unrelated draft continues nothing. */
static void match_preambles(const struct rp_draft_doc *old_doc, const struct rp_draft_doc *new_doc,
			    struct rp_section_match *m, const unsigned char *old_used, double score)
{
	size_t j, related = 0;

	if (!is_preamble(old_doc, 0) || !is_preamble(new_doc, 0) || old_used[0] || m[0].prev >= 0)
		return;
	for (j = 1; j < new_doc->n; j++)
		related += m[j].prev >= 0;
	if (!related)
		return;
	m[0].prev = 0;
	m[0].similarity = score;
	m[0].text_changed = 1;
	m[0].renumbered = 0;
}

int rp_draft_align(const struct rp_draft_doc *old_doc, const struct rp_draft_doc *new_doc,
		   struct rp_section_match **out, struct rp_error *err)
{
	struct wordset *oh = NULL, *ot = NULL, *nh = NULL, *nt = NULL;
	struct rp_section_match *m = NULL;
	struct pair *pairs = NULL;
	unsigned char *old_used = NULL;
	size_t i, j, np = 0;
	int rc = 0;

	*out = NULL;
	m = calloc(new_doc->n + 1, sizeof(*m));
	old_used = calloc(old_doc->n + 1, 1);
	if (!m || !old_used || wordsets_of(&oh, &ot, old_doc) || wordsets_of(&nh, &nt, new_doc))
		goto nomem;
	if (old_doc->n && new_doc->n &&
	    !(pairs = malloc(old_doc->n * new_doc->n * sizeof(*pairs))))
		goto nomem;
	for (j = 0; j < new_doc->n; j++) {
		m[j].prev = -1;
		for (i = 0; i < old_doc->n; i++) {
			double s = score_of(&old_doc->sections[i], &new_doc->sections[j], &oh[i], &nh[j],
					    &ot[i], &nt[j]);
			if (s < MATCH_FLOOR)
				continue;
			pairs[np].score = s;
			pairs[np].distance = fabs((double)i / (double)old_doc->n -
						  (double)j / (double)new_doc->n);
			pairs[np].old_i = i;
			pairs[np].new_i = j;
			np++;
		}
	}
	if (np)
		qsort(pairs, np, sizeof(*pairs), cmp_pair);
	for (i = 0; i < np; i++) {
		const struct pair *p = &pairs[i];
		const struct rp_section *o = &old_doc->sections[p->old_i];
		const struct rp_section *n = &new_doc->sections[p->new_i];

		if (old_used[p->old_i] || m[p->new_i].prev >= 0)
			continue;
		old_used[p->old_i] = 1;
		m[p->new_i].prev = (long)p->old_i;
		m[p->new_i].similarity = p->score;
		m[p->new_i].text_changed = !same_text(o->heading, n->heading) || !same_text(o->text, n->text);
		m[p->new_i].renumbered = !(o->number ? n->number && strcmp(o->number, n->number) == 0
						     : !n->number);
	}
	if (old_doc->n && new_doc->n)
		match_preambles(old_doc, new_doc, m, old_used,
				score_of(&old_doc->sections[0], &new_doc->sections[0], &oh[0], &nh[0],
					 &ot[0], &nt[0]));
	*out = m;
	m = NULL;
	goto cleanup;
nomem:
	rc = rp_error_set(err, RP_ENOMEM, "draft", "out of memory");
cleanup:
	wordsets_free(oh, old_doc->n);
	wordsets_free(ot, old_doc->n);
	wordsets_free(nh, new_doc->n);
	wordsets_free(nt, new_doc->n);
	free(pairs);
	free(old_used);
	free(m);
	return rc;
}

/* Lower-cased words of text (ASCII letters and digits, and any non-ASCII byte, are word
 * characters), appended to *w. Returns 0 or -1 (out of memory). */
static int words_of(const char *text, char ***w, size_t *n)
{
	size_t alloc = 0, k;
	const unsigned char *p = (const unsigned char *)text;

	*w = NULL;
	*n = 0;
	while (*p) {
		const unsigned char *s;
		char *word;

		while (*p && !(*p >= 0x80 || (*p >= '0' && *p <= '9') || ((*p | 32) >= 'a' && (*p | 32) <= 'z')))
			p++;
		if (!*p)
			break;
		for (s = p; *p && (*p >= 0x80 || (*p >= '0' && *p <= '9') || ((*p | 32) >= 'a' && (*p | 32) <= 'z')); p++)
			;
		if (*n == alloc) {
			size_t na = alloc ? alloc * 2 : 64;
			void *q = realloc(*w, na * sizeof(**w));
			if (!q)
				return -1;
			*w = q;
			alloc = na;
		}
		if (!(word = malloc((size_t)(p - s) + 1)))
			return -1;
		for (k = 0; k < (size_t)(p - s); k++)
			word[k] = (char)(s[k] < 0x80 ? (s[k] | (s[k] >= 'A' && s[k] <= 'Z' ? 32 : 0)) : s[k]);
		word[k] = '\0';
		(*w)[(*n)++] = word;
	}
	return 0;
}

/* Does the run of m words at pat occur in the n words of hay? */
static int run_in(char **hay, size_t n, char **pat, size_t m)
{
	size_t i, j;

	for (i = 0; m && i + m <= n; i++) {
		for (j = 0; j < m && strcmp(hay[i + j], pat[j]) == 0; j++)
			;
		if (j == m)
			return 1;
	}
	return 0;
}

int rp_draft_wording_appears(const char *wording, const char *text)
{
	char **pw = NULL, **tw = NULL;
	size_t np = 0, nt = 0, i, found = 0;
	int r = 0;

	if (!wording || !text || words_of(wording, &pw, &np) || words_of(text, &tw, &nt) || !np)
		goto done;
	if (run_in(tw, nt, pw, np)) {
		r = 1;
		goto done;
	}
	if (np >= 6) {
		for (i = 0; i + 3 <= np; i++)
			found += (size_t)run_in(tw, nt, pw + i, 3);
		r = (double)found >= 0.8 * (double)(np - 2);
	}
done:
	rp_strv_free(pw, np);
	rp_strv_free(tw, nt);
	return r;
}
