/* inline: comments a member typed into the original below an Outlook header block.
 *
 * Outlook, and the clients that copy it, mark nothing with '>': the message answered is
 * pasted whole under a "From: / Sent: / To: / Subject:" block, and a member who answers
 * point by point types between its paragraphs ("my comments are inline below, in red,
 * marked [MC]"); the colour is gone from the text. The segmentation can only call all of
 * it quoted, and the member's comments were lost. Here each paragraph of such a quote is
 * compared with the texts it may come from, the message answered and the draft: a
 * paragraph neither holds is the member's, and becomes new text under the paragraphs
 * before it, as in a reply quoted with '>'. Only where the rest of the quote is found in
 * those texts: when the message answered is not stored, or was rendered too differently,
 * nothing is taken for the member's words. A paragraph too short to compare (fewer than
 * four words: "Agreed.") is the member's only when it opens with their initials. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "analyse-private.h"

/* A paragraph is the original's when this share of its 4-grams is found in it; a quote
 * is read for the member's paragraphs only when this share of its 4-grams is found. */
#define FOUND_SHARE 0.5
#define QUOTE_FOUND_SHARE 0.6

/* The share of text's 4-grams held by the message answered or by the draft; -1 when the
 * text has none (fewer than four words). */
static double found_share(const char *text, const struct an_shingles *parent,
			  const struct an_shingles *draft, size_t n_sections, unsigned *buf,
			  unsigned *total)
{
	unsigned in_parent = 0, in_draft = 0;
	size_t i;

	if (parent->cap) {
		an_shingles_match(parent, text, buf, 1, NULL, total);
		in_parent = buf[0];
	}
	if (draft->cap && n_sections) {
		an_shingles_match(draft, text, buf, n_sections, NULL, total);
		for (i = 0; i < n_sections; i++)
			in_draft += buf[i];
	}
	if (!parent->cap && !(draft->cap && n_sections))
		an_shingles_match(parent, text, buf, 0, NULL, total);
	if (!*total)
		return -1;
	return (double)(in_parent > in_draft ? in_parent : in_draft) / *total;
}

/* Letters of name's words' initials, lower-cased ASCII ("Wout de Natris": "wdn"), and
 * of its first and last words ("wn"); of an address, the words of its local part
 * ("ann.baker@x": "ab"). */
static void initials_of(const char *name, char *all, char *ends, size_t size)
{
	size_t n = 0;
	const char *s = name;
	char last = 0;

	all[0] = ends[0] = '\0';
	while (s && *s && *s != '@') {
		while (*s && *s != '@' && !isalpha((unsigned char)*s))
			s++;
		if (!*s || *s == '@')
			break;
		if (n + 1 < size)
			all[n++] = (char)tolower((unsigned char)*s);
		last = (char)tolower((unsigned char)*s);
		while (isalpha((unsigned char)*s) || (unsigned char)*s >= 0x80 || *s == '\'')
			s++;
	}
	all[n] = '\0';
	if (n >= 2 && size >= 3) {
		ends[0] = all[0];
		ends[1] = last;
		ends[2] = '\0';
	}
}

/* Bytes of the member's initials opening a paragraph ("[MC] ", "MC: ", "<WdN> ",
 * "(MC) ", "MC> ") with the blanks and dash after them; 0 without. */
static size_t initials_tag(const char *p, const char *all, const char *ends)
{
	static const char *const open = "[<(", *const close = "]>)";
	const char *s = p, *w;
	char tag[8];
	size_t n = 0;
	int opened = 0;

	if (!all[0] || !all[1])
		return 0;
	if (*s && strchr(open, *s)) {
		opened = (int)(strchr(open, *s) - open) + 1;
		s++;
	}
	for (w = s; isalpha((unsigned char)*w) && n + 1 < sizeof(tag); w++)
		tag[n++] = (char)tolower((unsigned char)*w);
	tag[n] = '\0';
	if (n < 2 || isalpha((unsigned char)*w) || (strcmp(tag, all) != 0 && strcmp(tag, ends) != 0))
		return 0;
	/* "[MC]", "[MC: ...]" (the comment inside the brackets), "MC:", "MC>" */
	if (opened ? *w != close[opened - 1] && !(opened == 1 && *w == ':')
		   : (*w != ':' && *w != '>'))
		return 0;
	w++;
	if (*w && *w != ' ' && *w != '\t' && *w != '\n')
		return 0;
	while (*w == ' ' || *w == '\t' || *w == '-')
		w++;
	return (size_t)(w - p);
}

struct para {
	char *text;
	int mine; /* the member's own words */
};

/* The end of the paragraph starting at s: a blank line, or the writer's initials opening
 * a line (a comment typed right under the original's line, no blank between) or in
 * brackets after a word ("... within eighteen months. [MC] Too short."). */
static const char *paragraph_end(const char *s, const char *all, const char *ends)
{
	const char *e;

	for (e = s + 1; *e; e++) {
		if (*e == '\n' && (e[1] == '\n' || initials_tag(e + 1, all, ends)))
			return e;
		if (*e == '[' && (e[-1] == ' ' || e[-1] == '\t') && initials_tag(e, all, ends))
			return e;
	}
	return e;
}

/* The paragraphs of a quote block (blank lines between them). */
static int split_paragraphs(const char *text, const char *all, const char *ends,
			    struct para **out, size_t *n)
{
	const char *s = text;
	size_t alloc = 0;

	*out = NULL;
	*n = 0;
	while (*s) {
		const char *e;
		size_t len;

		while (*s == '\n')
			s++;
		if (!*s)
			break;
		e = paragraph_end(s, all, ends);
		len = (size_t)(e - s);
		while (len && (s[len - 1] == '\n' || s[len - 1] == ' '))
			len--;
		if (len) {
			if (*n == alloc) {
				struct para *np;
				alloc = alloc ? alloc * 2 : 8;
				if (!(np = realloc(*out, alloc * sizeof(*np))))
					return RP_ENOMEM;
				*out = np;
			}
			if (!((*out)[*n].text = rp_strndup(s, len)))
				return RP_ENOMEM;
			(*out)[(*n)++].mine = 0;
		}
		s = e;
	}
	return 0;
}

static void paragraphs_free(struct para *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(p[i].text);
	free(p);
}

/* Where in text the words of sentence (white space made single spaces by the sentence
 * splitter) end, white space compared as white space; NULL when they are not there. */
static const char *sentence_end(const char *text, const char *sentence)
{
	const char *t;

	for (t = text; *t; t++) {
		const char *a = t, *b = sentence;
		while (*a && *b) {
			if (isspace((unsigned char)*a) && isspace((unsigned char)*b)) {
				while (isspace((unsigned char)*a))
					a++;
				while (isspace((unsigned char)*b))
					b++;
			} else if (*a == *b) {
				a++, b++;
			} else {
				break;
			}
		}
		if (!*b)
			return a;
	}
	return NULL;
}

/* Is s, white space aside, part of the original's body? For sentences too short for
 * 4-grams ("Best regards, Chair"). */
static int in_original(const char *body, const char *s)
{
	return body && *s && sentence_end(body, s) != NULL;
}

/* A comment typed into the original's paragraph ("... by video call. [MC] Too often.
 * Minutes are published ...") runs on with the original's words: the sentences after it
 * that the original holds go back to it. */
static int trim_original_tail(char *text, const struct an_shingles *parent, const char *body,
			      const struct an_shingles *draft, size_t n_sections, unsigned *buf)
{
	char **sent = NULL;
	size_t n = 0, keep, k;
	unsigned total;
	int rc;

	if ((rc = rp_text_sentences(text, &sent, &n)))
		return rc;
	for (keep = n; keep > 1; keep--) {
		double share = found_share(sent[keep - 1], parent, draft, n_sections, buf, &total);
		if (share >= 0 ? share < FOUND_SHARE : !in_original(body, sent[keep - 1]))
			break;
	}
	if (keep < n) {
		const char *at = text;
		for (k = 0; k < keep && at; k++)
			at = sentence_end(at, sent[k]);
		if (at)
			text[at - text] = '\0';
	}
	rp_strv_free(sent, n);
	return 0;
}

/* Mark the member's paragraphs of one quote: those the original does not hold. None when
 * the rest of the quote is not mostly found there (a rendering too far from the stored
 * one, a message answered that quotes a third one): then nothing can be told apart.
 * Returns how many were marked, or -1 when out of memory. */
static int mark_mine(struct para *p, size_t n, const struct an_shingles *parent,
		     const char *body, const struct an_shingles *draft, size_t n_sections,
		     const char *all, const char *ends, unsigned *buf)
{
	unsigned total, orig_grams = 0, mine_grams = 0;
	double orig_found = 0;
	size_t i;
	int mine = 0;

	for (i = 0; i < n; i++) {
		size_t tag = initials_tag(p[i].text, all, ends);
		double share = found_share(p[i].text, parent, draft, n_sections, buf, &total);

		/* the writer's initials mark their words, whatever they repeat */
		if (!tag && (share >= FOUND_SHARE || share < 0)) {
			orig_grams += total;
			orig_found += share * total;
			continue;
		}
		mine_grams += total;
		p[i].mine = 1;
		mine++;
	}
	if (!mine || orig_grams < mine_grams || orig_found < QUOTE_FOUND_SHARE * orig_grams ||
	    orig_grams < 8) {
		for (i = 0; i < n; i++)
			p[i].mine = 0;
		return 0;
	}
	for (i = 0; i < n; i++) {
		size_t tag = p[i].mine ? initials_tag(p[i].text, all, ends) : 0, len;
		int bracket;

		if (!p[i].mine)
			continue;
		/* "[MC: ...]": the brackets close after the comment */
		bracket = tag && p[i].text[0] == '[' && !memchr(p[i].text, ']', tag);
		memmove(p[i].text, p[i].text + tag, strlen(p[i].text + tag) + 1);
		if (bracket && strchr(p[i].text, ']')) /* the original resumes after it */
			*strchr(p[i].text, ']') = '\0';
		if (trim_original_tail(p[i].text, parent, body, draft, n_sections, buf))
			return -1;
		len = strlen(p[i].text);
		while (len && isspace((unsigned char)p[i].text[len - 1]))
			len--;
		if (bracket && len && p[i].text[len - 1] == ']')
			len--;
		p[i].text[len] = '\0';
	}
	return mine;
}

static int push(struct rp_segments *out, size_t *alloc, enum rp_block_kind kind, int depth,
		int unmarked, char *text)
{
	if (out->n == *alloc) {
		size_t na = *alloc ? *alloc * 2 : 16;
		struct rp_block *nb = realloc(out->blocks, na * sizeof(*nb));
		if (!nb) {
			free(text);
			return RP_ENOMEM;
		}
		out->blocks = nb;
		*alloc = na;
	}
	out->blocks[out->n].kind = kind;
	out->blocks[out->n].depth = depth;
	out->blocks[out->n].unmarked = unmarked;
	out->blocks[out->n].text = text;
	out->n++;
	return 0;
}

/* Rewrite one quote block's paragraphs into quote and new blocks, appended to out. Each
 * paragraph of the original is a quote block of its own, so that a comment's quoted
 * passage is the paragraph right above it, as where a member trims a '>' quote, and not
 * the whole document down to it; the paragraphs above stay its quoted run. */
static int split_block(struct rp_segments *out, size_t *alloc, const struct rp_block *b,
		       struct para *p, size_t n)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && !rc; i++) {
		rc = p[i].mine ? push(out, alloc, RP_BLOCK_NEW, 0, 0, p[i].text)
			       : push(out, alloc, RP_BLOCK_QUOTE, b->depth, 1, p[i].text);
		p[i].text = NULL;
	}
	return rc;
}

/* Words saying the comments are typed into the quoted text ("my comments inline", "in red
 * below", "interspersed"): then a quote marked with '>' (an HTML reply whose blockquote
 * the writer typed into) is read for the writer's paragraphs too. */
static const char *const inline_words[] = {
	"inline", "in-line", "interspersed", "in red", "in blue", "in green",
	"in bold", "in italics", "in colour", "in color", "in the text below", "within the text",
	"en rouge", "en bleu", "en rojo", "en azul", "in rot", "in blau",
	/* how the comments are set apart from the original ("see my notes in brackets") */
	"in brackets", "in square brackets", "my initials", "entre crochets", "in klammern",
	"entre corchetes", NULL
};

/* w in t as whole words, ASCII case aside ("in red", not "in reducing"). */
static int has_phrase(const char *t, const char *w)
{
	size_t n = strlen(w);
	const char *f;

	for (f = strcasestr(t, w); f; f = strcasestr(f + 1, w))
		if ((f == t || !isalpha((unsigned char)f[-1])) && !isalpha((unsigned char)f[n]))
			return 1;
	return 0;
}

static int announces_inline(const struct rp_segments *seg)
{
	size_t i, k;

	for (i = 0; i < seg->n; i++) {
		const char *t = seg->blocks[i].text;
		if (seg->blocks[i].kind != RP_BLOCK_NEW || !t)
			continue;
		for (k = 0; inline_words[k]; k++)
			if (has_phrase(t, inline_words[k]))
				return 1;
	}
	return 0;
}

/* Whether block b may hold the writer's words typed into the original. */
static int readable_quote(const struct rp_block *b, int announced)
{
	return b->kind == RP_BLOCK_QUOTE && b->depth == 1 && (b->unmarked || announced);
}

int an_inline_candidate(const struct rp_segments *seg)
{
	size_t i;
	int announced = -1;

	for (i = 0; i < seg->n; i++) {
		if (seg->blocks[i].kind != RP_BLOCK_QUOTE || seg->blocks[i].depth != 1)
			continue;
		if (seg->blocks[i].unmarked)
			return 1;
		if (announced < 0)
			announced = announces_inline(seg);
		if (announced)
			return 1;
	}
	return 0;
}

int an_unquote_inline(struct rp_segments *seg, const char *parent_body,
		      const struct an_shingles *draft_sh, size_t n_sections, const char *sender)
{
	struct an_shingles parent = { 0 };
	struct rp_segments out = { NULL, 0 };
	size_t i, alloc = 0, took = 0;
	unsigned *buf = NULL;
	char all[16], ends[4];
	int rc = 0, announced;

	if (!parent_body || !*parent_body || !an_inline_candidate(seg))
		return 0; /* nothing to tell the member's words from, or no quote to read */
	announced = announces_inline(seg);
	if (an_shingles_add(&parent, parent_body, 0) || !(buf = calloc(n_sections + 1, sizeof(*buf)))) {
		rc = RP_ENOMEM;
		goto out;
	}
	initials_of(sender, all, ends, sizeof(all));
	for (i = 0; i < seg->n && !rc; i++) {
		const struct rp_block *b = &seg->blocks[i];
		struct para *p = NULL;
		size_t np = 0;
		int mine = 0;

		if (readable_quote(b, announced) &&
		    !(rc = split_paragraphs(b->text, all, ends, &p, &np)) &&
		    (mine = mark_mine(p, np, &parent, parent_body, draft_sh, n_sections, all, ends,
				      buf)) < 0)
			rc = RP_ENOMEM;
		if (mine > 0 && !rc) {
			rc = split_block(&out, &alloc, b, p, np);
			took++;
		} else if (!rc) {
			char *copy = rp_strdup(b->text);
			rc = copy ? push(&out, &alloc, b->kind, b->depth, b->unmarked, copy) : RP_ENOMEM;
		}
		paragraphs_free(p, np);
	}
	if (!rc && took) {
		rp_segments_release(seg);
		*seg = out;
		out.blocks = NULL;
		out.n = 0;
	}
out:
	rp_segments_release(&out);
	an_shingles_release(&parent);
	free(buf);
	return rc;
}
