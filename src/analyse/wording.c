/* wording: phrases a member quotes inline from the draft ('the "draft position" that
 * participation...', 'the "clear objective" wording') and the section that holds each.
 * A phrase names a section only when it is found word for word in that section and in no
 * other: a phrase found in several sections, or in none (the member's own proposal, a
 * quote of another document), names nothing, and so does a quoted name without spaces
 * (an address, an identifier).
 *
 * Words are compared lower-cased (ASCII), letters, digits and any non-ASCII byte being
 * word characters; each section is normalised once to " w1 w2 ... " so a phrase is one
 * substring search per section. */
#include <stdlib.h>
#include <string.h>

#include "analyse-private.h"

#define PHRASE_MIN_WORDS 2
#define PHRASE_MAX_WORDS 40
#define PHRASE_MAX_BYTES 400
/* Quotation marks tried per text: with the window above, hostile text full of opening
 * marks costs a bounded amount of work per point. */
#define MAX_QUOTATIONS 64

/* Append the words of s[0..len) to out as " w1 w2 ... " (a leading and a trailing
 * space), folded as membership folds text (rp_text_fold). Returns the number of words, -1
 * when out of memory. */
static long norm_words(struct rp_buf *out, const char *s, size_t len)
{
	char *f = rp_text_fold(s, len);
	const char *p;
	long words = 0;
	int rc;

	if (!f)
		return -1;
	rc = !out->len ? rp_buf_addch(out, ' ') : 0;
	if (!rc && *f) {
		for (words = 1, p = f; *p; p++)
			words += *p == ' ';
		rc = rp_buf_adds(out, f);
		if (!rc)
			rc = rp_buf_addch(out, ' ');
	}
	free(f);
	return rc ? -1 : words;
}

int an_wording_init(struct an_wording *w, const struct rp_draft_doc *d)
{
	size_t i;

	memset(w, 0, sizeof(*w));
	w->norm = calloc(d->n + 1, sizeof(*w->norm));
	if (!w->norm)
		return RP_ENOMEM;
	w->n = d->n;
	for (i = 0; i < d->n; i++) {
		const struct rp_section *sec = &d->sections[i];
		struct rp_buf b = RP_BUF_INIT;
		if ((sec->heading && norm_words(&b, sec->heading, strlen(sec->heading)) < 0) ||
		    (sec->text && norm_words(&b, sec->text, strlen(sec->text)) < 0) ||
		    !(w->norm[i] = rp_buf_detach(&b, NULL))) {
			rp_buf_release(&b);
			an_wording_release(w);
			return RP_ENOMEM;
		}
	}
	return 0;
}

void an_wording_release(struct an_wording *w)
{
	size_t i;

	for (i = 0; w->norm && i < w->n; i++)
		free(w->norm[i]);
	free(w->norm);
	memset(w, 0, sizeof(*w));
}

/* Opening quotation marks and the marks that may close each. */
static const struct {
	const char *open, *close1, *close2;
} marks[] = {
	{ "\"", "\"", NULL },
	{ "\xe2\x80\x9c", "\xe2\x80\x9d", NULL },		 /* “ ” */
	{ "\xe2\x80\x9e", "\xe2\x80\x9c", "\xe2\x80\x9d" }, /* „ “ or ” */
	{ "\xc2\xab", "\xc2\xbb", NULL },			 /* « » */
};

/* The opening mark at s: its index in marks, -1 for none. */
static int mark_at(const char *s)
{
	size_t m;

	for (m = 0; m < sizeof(marks) / sizeof(marks[0]); m++)
		if (strncmp(s, marks[m].open, strlen(marks[m].open)) == 0)
			return (int)m;
	return -1;
}

/* Length of the closing mark of marks[m] at s, 0 when none closes there. */
static size_t close_at(const char *s, int m)
{
	size_t l1 = strlen(marks[m].close1);

	if (strncmp(s, marks[m].close1, l1) == 0)
		return l1;
	if (marks[m].close2 && strncmp(s, marks[m].close2, strlen(marks[m].close2)) == 0)
		return strlen(marks[m].close2);
	return 0;
}

/* The quotation that mark m opens at s: its closing mark within PHRASE_MAX_BYTES and the
 * same paragraph. Sets *body and *blen; returns the bytes up to and past the closing
 * mark, 0 when the quotation does not close. */
static size_t quotation_at(const char *s, int m, const char **body, size_t *blen)
{
	size_t ol = strlen(marks[m].open), k, cl;

	for (k = ol; s[k] && k < PHRASE_MAX_BYTES; k++) {
		if (s[k] == '\n' && s[k + 1] == '\n')
			return 0;
		if ((cl = close_at(s + k, m))) {
			*body = s + ol;
			*blen = k - ol;
			return k + cl;
		}
	}
	return 0;
}

/* The phrase as evidence: at most cap - 1 bytes, cut between characters, line breaks as
 * spaces. */
static void copy_phrase(char *dst, size_t cap, const char *s, size_t n)
{
	size_t i = 0, o = 0, len, k;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		len = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		if (i + len > n || o + len >= cap)
			break;
		for (k = 0; k < len; k++, i++)
			dst[o++] = s[i] == '\n' || s[i] == '\t' ? ' ' : s[i];
	}
	dst[o] = '\0';
}

/* The one section holding the normalised phrase, -1 for none or several. */
static int only_section(const struct an_wording *w, const char *phrase)
{
	size_t i;
	int found = -1;

	for (i = 0; i < w->n; i++) {
		if (!strstr(w->norm[i], phrase))
			continue;
		if (found >= 0)
			return -1;
		found = (int)i;
	}
	return found;
}

size_t an_wording_find(const struct an_wording *w, const char *text, struct an_wording_hit *hits,
		       size_t max)
{
	const char *s = text;
	size_t n = 0, tried = 0;

	while (s && *s && n < max && tried < MAX_QUOTATIONS) {
		const char *body = NULL;
		size_t blen = 0, used, k;
		struct rp_buf b = RP_BUF_INIT;
		long words;
		int sec, m = mark_at(s);

		if (m < 0) {
			s++;
			continue;
		}
		tried++;
		if (!(used = quotation_at(s, m, &body, &blen))) {
			s++;
			continue;
		}
		/* "x" hugs its words: a mark with a space inside closes one quotation and
		 * opens the next ('"a long one" and then "b"' is not ' and then '). */
		if (!blen || body[0] == ' ' || body[0] == '\n' || body[blen - 1] == ' ' ||
		    body[blen - 1] == '\n') {
			s++;
			continue;
		}
		/* Wording has spaces between its words; "stable@example.org" or
		 * "foo_bar()" in quotation marks is a name, not a phrase of the draft. */
		if (!memchr(body, ' ', blen) && !memchr(body, '\n', blen)) {
			s += used;
			continue;
		}
		words = norm_words(&b, body, blen);
		sec = words >= PHRASE_MIN_WORDS && words <= PHRASE_MAX_WORDS ? only_section(w, b.buf) : -1;
		for (k = 0; k < n && sec >= 0; k++)
			if (hits[k].section == sec)
				sec = -1; /* already named */
		if (sec >= 0) {
			hits[n].section = sec;
			copy_phrase(hits[n].phrase, sizeof(hits[n].phrase), body, blen);
			n++;
		}
		rp_buf_release(&b);
		s += used;
	}
	return n;
}

/* Words before a quotation that bring the words quoted into the text ("replace the last
 * sentence with "...""; "it could say "...""): after one, a phrase the draft holds is
 * still proposed, as a shortened sentence is. */
static const char *const bringing[] = {
	"with", "say", "says", "read", "reads", "add", "adding", "insert", "inserting", "to",
	"by", "use", "using", "propose", "suggest", "keep", "retain", "par", "durch", "por", NULL,
};

/* The word of text ending right before offset at (white space and a colon skipped): is it
 * one of bringing? */
static int brought_at(const char *text, size_t at)
{
	size_t e = at, b, k;

	while (e > 0 && (text[e - 1] == ' ' || text[e - 1] == '\n' || text[e - 1] == ':'))
		e--;
	for (b = e; b > 0 && e - b < 16 && ((text[b - 1] >= 'a' && text[b - 1] <= 'z') ||
					    (text[b - 1] >= 'A' && text[b - 1] <= 'Z'));)
		b--;
	for (k = 0; bringing[k] && b < e; k++)
		if (strlen(bringing[k]) == e - b && rp_ascii_ncasecmp(text + b, bringing[k], e - b) == 0)
			return 1;
	return 0;
}

/* The offset in text of the opening mark that ends right at offset at ("...", or the
 * several bytes of “, „ and «), or -1 for none. Proposed wording may also stand in the
 * marks the stance reads and a phrase search does not (‘…’, '…', ‹…›, 「…」, 『…』): a
 * phrase of the draft in them is no proposal either. */
static long mark_before(const char *text, size_t at)
{
	static const char *const more[] = { "\xe2\x80\x98", "'", "\xe2\x80\xb9", "\xe3\x80\x8c",
					    "\xe3\x80\x8e" };
	size_t m, ol;

	for (m = 0; m < sizeof(marks) / sizeof(marks[0]); m++) {
		ol = strlen(marks[m].open);
		if (ol <= at && strncmp(text + at - ol, marks[m].open, ol) == 0)
			return (long)(at - ol);
	}
	for (m = 0; m < sizeof(more) / sizeof(more[0]); m++) {
		ol = strlen(more[m]);
		if (ol <= at && strncmp(text + at - ol, more[m], ol) == 0)
			return (long)(at - ol);
	}
	return -1;
}

int an_wording_quotes_section(const struct an_wording *w, int section, const char *text,
			      const char *phrase)
{
	struct rp_buf b = RP_BUF_INIT;
	const char *at;
	long mark;
	int yes;

	if (section < 0 || (size_t)section >= w->n || !w->norm[section] || !phrase || !*phrase)
		return 0;
	if (!(at = strstr(text, phrase)) || (mark = mark_before(text, (size_t)(at - text))) < 0 ||
	    brought_at(text, (size_t)mark))
		return 0;
	if (norm_words(&b, phrase, strlen(phrase)) < 0) {
		rp_buf_release(&b);
		return -1;
	}
	yes = b.len > 2 && strstr(w->norm[section], b.buf) != NULL;
	rp_buf_release(&b);
	return yes;
}
