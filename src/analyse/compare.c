/* compare: a member's copy of the draft edited without tracking changes ("I have edited the
 * text directly, see attached"), compared with the draft, paragraph by paragraph. Each
 * paragraph of the copy that the draft does not hold word for word is an edit of the draft
 * paragraph most like it (half its words at least): the words that differ, found by a
 * longest common subsequence of the two paragraphs' words, are worded as tracked changes
 * are ('Replace "two" with "three" in "rotate every two years".'); a paragraph like none
 * is an addition after the paragraph before it; a draft paragraph the copy drops between
 * two it keeps is a deletion. Written as an interleaved reply, each edit under the draft's
 * paragraph, for the points reader.
 *
 * Written here because no library in the stack diffs word sequences; the subsequence is
 * the textbook dynamic programme, over paragraphs cut at MAX_WORDS words. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyse-private.h"
#include "rapporteur/doc.h"

#define MAX_PARAS 5000
#define MAX_WORDS 400    /* words of a paragraph diffed; a longer one is proposed whole */
#define SIMILAR 0.5      /* share of words two paragraphs share to be one edited */
#define MAX_PAIRS 200000 /* paragraph pairs compared at most: a copy rewritten throughout
			  * is no edit of the draft to word */
#define MAX_EDITS 500    /* paragraphs worded as edits at most */

struct para {
	char *text; /* white space made single spaces */
	int matched; /* draft: the copy holds it, as it is or edited */
	uint64_t *keys; /* its words' hashes, sorted (made at first need) */
	size_t nkeys;
	uint64_t hash; /* of the whole text */
};

static int is_space_byte(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The paragraphs of text (blank lines between), each made one line. */
static int paragraphs(const char *text, struct para **out, size_t *n)
{
	const char *s = text;
	size_t alloc = 0;

	*out = NULL;
	*n = 0;
	while (*s && *n < MAX_PARAS) {
		const char *e = strstr(s, "\n\n");
		const char *stop = e ? e : s + strlen(s);
		struct rp_buf b = RP_BUF_INIT;
		int space = 0;

		/* Markdown's heading marks: the same heading in a Word copy has none */
		while (s < stop && (*s == '#' || is_space_byte(*s)))
			s++;
		for (; s < stop; s++) {
			if (is_space_byte(*s)) {
				space = b.len > 0;
				continue;
			}
			if ((space && rp_buf_addch(&b, ' ')) || rp_buf_addch(&b, *s)) {
				rp_buf_release(&b);
				return RP_ENOMEM;
			}
			space = 0;
		}
		if (b.len) {
			if (*n == alloc) {
				struct para *np;
				alloc = alloc ? alloc * 2 : 64;
				if (!(np = realloc(*out, alloc * sizeof(*np)))) {
					rp_buf_release(&b);
					return RP_ENOMEM;
				}
				*out = np;
			}
			memset(&(*out)[*n], 0, sizeof(**out));
			(*out)[*n].hash = rp_hash64(0, b.buf, b.len);
			(*out)[(*n)++].text = rp_buf_detach(&b, NULL);
		}
		rp_buf_release(&b);
		while (*s == '\n')
			s++;
	}
	return 0;
}

static void paragraphs_free(struct para *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(p[i].text), free(p[i].keys);
	free(p);
}

/* Words of a one-line paragraph: start offsets and lengths, at most MAX_WORDS. */
struct words {
	size_t at[MAX_WORDS], len[MAX_WORDS];
	size_t n;
	int cut; /* more words than MAX_WORDS */
};

static void split_words(const char *s, struct words *w)
{
	const char *p = s;

	w->n = 0;
	w->cut = 0;
	while (*p) {
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (w->n == MAX_WORDS) {
			w->cut = 1;
			return;
		}
		w->at[w->n] = (size_t)(p - s);
		w->len[w->n++] = len;
		p += len;
		while (*p == ' ')
			p++;
	}
}

/* A word's length without the punctuation that ends it ("people." is "people" before "and
 * students"), never less than one byte. */
static size_t core_len(const char *w, size_t len)
{
	while (len > 1 && strchr(".,;:!?)\"'", w[len - 1]))
		len--;
	return len;
}

static int same_word(const char *a, const struct words *wa, size_t i, const char *b,
		     const struct words *wb, size_t j)
{
	size_t la = core_len(a + wa->at[i], wa->len[i]), lb = core_len(b + wb->at[j], wb->len[j]);

	return la == lb && rp_ascii_ncasecmp(a + wa->at[i], b + wb->at[j], la) == 0;
}

/* A list label a word processor numbers ("4:", "3.9.1.", "(b)", "iv)"): renumbered when
 * an item above is added or dropped, which is no edit of the wording. */
static int is_label(const char *w, size_t len)
{
	size_t i, core = 0;

	for (i = 0; i < len; i++) {
		char c = w[i];
		if ((c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'))
			core++;
		else if (!strchr("().:", c))
			return 0;
	}
	return core >= 1 && core <= 6 && len <= 10 && strchr("().:", w[len - 1]);
}

static int cmp_key(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The paragraph's words as sorted hashes (punctuation at their ends and ASCII case aside). */
static int para_keys(struct para *p)
{
	struct words *w;
	size_t i, k;

	if (p->keys)
		return 0;
	if (!(w = malloc(sizeof(*w))))
		return RP_ENOMEM;
	split_words(p->text, w);
	if (!(p->keys = malloc((w->n + 1) * sizeof(*p->keys)))) {
		free(w);
		return RP_ENOMEM;
	}
	for (i = 0; i < w->n; i++) {
		uint64_t h = 1469598103934665603ULL;
		size_t len = core_len(p->text + w->at[i], w->len[i]);
		for (k = 0; k < len; k++) {
			unsigned char c = (unsigned char)p->text[w->at[i] + k];
			h = (h ^ (uint64_t)(c >= 'A' && c <= 'Z' ? c + 32 : c)) * 1099511628211ULL;
		}
		p->keys[i] = h;
	}
	p->nkeys = w->n;
	qsort(p->keys, p->nkeys, sizeof(*p->keys), cmp_key);
	free(w);
	return 0;
}

/* Words a and b share (as a multiset, in any order) against the words of both (Dice), to
 * tell the draft paragraph a copy's paragraph edits. */
static double shared(const struct para *a, const struct para *b)
{
	size_t i = 0, j = 0, hits = 0;

	if (!a->nkeys || !b->nkeys)
		return 0;
	while (i < a->nkeys && j < b->nkeys) {
		if (a->keys[i] == b->keys[j])
			hits++, i++, j++;
		else if (a->keys[i] < b->keys[j])
			i++;
		else
			j++;
	}
	return 2.0 * (double)hits / (double)(a->nkeys + b->nkeys);
}

/* The edits turning old into new, worded into b. */
static int diff_words(struct rp_buf *b, const char *old, const char *new)
{
	struct words *wo = malloc(sizeof(*wo)), *wn = malloc(sizeof(*wn));
	unsigned short *lcs = NULL;
	size_t i, j, m, n;
	int rc = 0;

	if (!wo || !wn) {
		rc = RP_ENOMEM;
		goto out;
	}
	split_words(old, wo);
	split_words(new, wn);
	m = wo->n;
	n = wn->n;
	if (wo->cut || wn->cut) {
		/* too long to diff word by word: the paragraph as the copy has it */
		rc = rp_buf_addf(b, "%sReplace the paragraph with: \"%s\".", b->len ? " " : "", new);
		goto out;
	}
	/* lcs[i][j]: the longest common subsequence of old's words from i and new's from j */
	if (!(lcs = calloc((m + 1) * (n + 1), sizeof(*lcs)))) {
		rc = RP_ENOMEM;
		goto out;
	}
#define L(i, j) lcs[(i) * (n + 1) + (j)]
	for (i = m; i-- > 0;)
		for (j = n; j-- > 0;)
			L(i, j) = same_word(old, wo, i, new, wn, j)
					  ? (unsigned short)(L(i + 1, j + 1) + 1)
					  : (L(i + 1, j) > L(i, j + 1) ? L(i + 1, j) : L(i, j + 1));
	i = j = 0;
	while ((i < m || j < n) && !rc) {
		size_t di = i, dj = j;

		if (i < m && j < n && same_word(old, wo, i, new, wn, j)) {
			i++, j++;
			continue;
		}
		/* a run of differences: old's words di..i go, new's dj..j come */
		while ((i < m || j < n) && !(i < m && j < n && same_word(old, wo, i, new, wn, j))) {
			if (j < n && (i == m || L(i, j + 1) >= L(i + 1, j)))
				j++;
			else
				i++;
		}
		{
			size_t d_at = di < m ? wo->at[di] : strlen(old);
			size_t d_end = i > di ? wo->at[i - 1] + wo->len[i - 1] : d_at;
			size_t n_at = dj < n ? wn->at[dj] : strlen(new);
			size_t n_end = j > dj ? wn->at[j - 1] + wn->len[j - 1] : n_at;

			/* a list label renumbered at the start of the paragraph */
			if (i - di == 1 && j - dj == 1 && di <= 1 && is_label(old + d_at, d_end - d_at) &&
			    is_label(new + n_at, n_end - n_at))
				continue;
			rc = rp_doc_edit_sentence(b, old + d_at, d_end - d_at, new + n_at, n_end - n_at,
						  old, d_at, new, n_at);
		}
	}
#undef L
out:
	free(lcs);
	free(wo);
	free(wn);
	return rc;
}

/* "> context\n\ntext\n\n" */
static int add_edit(struct rp_buf *out, const char *context, const char *text)
{
	if (context && *context && rp_buf_addf(out, "> %s\n\n", context))
		return RP_ENOMEM;
	return rp_buf_addf(out, "%s\n\n", text) ? RP_ENOMEM : 0;
}

/* The first bytes of s, at most max, not cut inside a character. */
static int short_form(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return (int)n;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return (int)max;
}

int an_compare_copy(const char *draft, const char *copy, char **out)
{
	struct para *dp = NULL, *cp = NULL;
	size_t nd = 0, nc = 0, i, j, last = (size_t)-1;
	struct rp_buf res = RP_BUF_INIT, edit = RP_BUF_INIT;
	long *match = NULL; /* per copy paragraph: the draft paragraph, -1 new, -2 same */
	size_t pairs = 0, edits = 0;
	int rc = 0;

	*out = NULL;
	if ((rc = paragraphs(draft, &dp, &nd)) || (rc = paragraphs(copy, &cp, &nc)) ||
	    (nc && !(match = malloc(nc * sizeof(*match))))) {
		rc = RP_ENOMEM;
		goto done;
	}
	/* paragraphs the draft holds as they are */
	for (j = 0; j < nc; j++) {
		match[j] = -1;
		for (i = 0; i < nd; i++)
			if (!dp[i].matched && dp[i].hash == cp[j].hash &&
			    strcmp(dp[i].text, cp[j].text) == 0) {
				dp[i].matched = 1;
				match[j] = -2;
				break;
			}
	}
	/* the others: edits of the draft paragraph most like them, or additions */
	for (j = 0; j < nc; j++) {
		double best = SIMILAR;
		long bi = -1;

		if (match[j] == -2)
			continue;
		if (para_keys(&cp[j])) {
			rc = RP_ENOMEM;
			goto done;
		}
		for (i = 0; i < nd; i++) {
			double sh;
			if (dp[i].matched)
				continue;
			if (++pairs > MAX_PAIRS)
				goto done; /* rewritten throughout: nothing to word as edits */
			if (para_keys(&dp[i])) {
				rc = RP_ENOMEM;
				goto done;
			}
			if ((sh = shared(&dp[i], &cp[j])) >= best)
				best = sh, bi = (long)i;
		}
		match[j] = bi;
		if (bi >= 0)
			dp[bi].matched = 1;
	}
	rc = 0;
	for (j = 0; j < nc && !rc && edits < MAX_EDITS; j++) {
		if (match[j] == -2) {
			last = j;
			continue;
		}
		edits++;
		if (match[j] >= 0)
			rc = diff_words(&edit, dp[match[j]].text, cp[j].text);
		else if (last == (size_t)-1)
			rc = rp_buf_addf(&edit, "Add the paragraph \"%s\" at the start.", cp[j].text);
		else
			rc = rp_buf_addf(&edit, "Add the paragraph \"%s\" after \"%.*s%s\".", cp[j].text,
					 short_form(cp[last].text, 80), cp[last].text,
					 strlen(cp[last].text) > 80 ? "..." : "");
		if (!rc && edit.len)
			rc = add_edit(&res, match[j] >= 0 ? dp[match[j]].text
					  : last != (size_t)-1 ? cp[last].text : NULL,
				      edit.buf);
		rp_buf_clear(&edit);
		last = j;
	}
	/* a draft paragraph the copy drops between two it keeps */
	for (i = 1; i + 1 < nd && !rc; i++)
		if (!dp[i].matched && dp[i - 1].matched && dp[i + 1].matched &&
		    !(rc = rp_buf_addf(&edit, "Delete the paragraph \"%s\".", dp[i].text))) {
			rc = add_edit(&res, dp[i].text, edit.buf);
			rp_buf_clear(&edit);
		}
	if (!rc && res.len && !(*out = rp_buf_detach(&res, NULL)))
		rc = RP_ENOMEM;
done:
	paragraphs_free(dp, nd);
	paragraphs_free(cp, nc);
	rp_buf_release(&res);
	rp_buf_release(&edit);
	free(match);
	return rc ? RP_ENOMEM : 0;
}
