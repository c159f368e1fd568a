/* words: sentences and stemmed tokens of UTF-8 text, for matching replies against a draft
 * and against each other. Stemming is libstemmer's Snowball "english" algorithm; the stop
 * list is the Snowball English stop-word list. Sentence splitting is hand-written because
 * no Debian C library does it for mail prose: it keeps abbreviations ("e.g.", "Dr."),
 * section numbers ("3.9"), decimals and URLs intact. Both functions are linear in the
 * length of the text. */
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "rapporteur/text.h"

/* Sorted (strcmp order) for bsearch. Snowball's English stop words, apostrophe forms
 * included, which tokens keep ("don't"). */
static const char *const stopwords[] = {
	"a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any",
	"are", "aren't", "as", "at", "be", "because", "been", "before", "being", "below",
	"between", "both", "but", "by", "can't", "cannot", "could", "couldn't", "did", "didn't",
	"do", "does", "doesn't", "doing", "don't", "down", "during", "each", "few", "for", "from",
	"further", "had", "hadn't", "has", "hasn't", "have", "haven't", "having", "he", "he'd",
	"he'll", "he's", "her", "here", "here's", "hers", "herself", "him", "himself", "his",
	"how", "how's", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "isn't",
	"it", "it's", "its", "itself", "let's", "me", "more", "most", "mustn't", "my", "myself",
	"no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "ought", "our",
	"ours", "ourselves", "out", "over", "own", "same", "shan't", "she", "she'd", "she'll",
	"she's", "should", "shouldn't", "so", "some", "such", "than", "that", "that's", "the",
	"their", "theirs", "them", "themselves", "then", "there", "there's", "these", "they",
	"they'd", "they'll", "they're", "they've", "this", "those", "through", "to", "too",
	"under", "until", "up", "very", "was", "wasn't", "we", "we'd", "we'll", "we're", "we've",
	"were", "weren't", "what", "what's", "when", "when's", "where", "where's", "which",
	"while", "who", "who's", "whom", "why", "why's", "with", "won't", "would", "wouldn't",
	"you", "you'd", "you'll", "you're", "you've", "your", "yours", "yourself", "yourselves",
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int rp_text_is_stopword(const char *word)
{
	if (!word)
		return 0;
	return bsearch(&word, stopwords, sizeof(stopwords) / sizeof(stopwords[0]),
		       sizeof(stopwords[0]), cmp_str) != NULL;
}

void rp_strv_free(char **v, size_t n)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* A growable vector of owned strings. */
struct strv {
	char **v;
	size_t n, alloc;
};

static int strv_push(struct strv *s, char *str)
{
	if (!str)
		return RP_ENOMEM;
	if (s->n == s->alloc) {
		size_t na = s->alloc ? s->alloc * 2 : 16;
		char **nv = realloc(s->v, na * sizeof(*nv));
		if (!nv) {
			free(str);
			return RP_ENOMEM;
		}
		s->v = nv;
		s->alloc = na;
	}
	s->v[s->n++] = str;
	return 0;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || is_upper(c);
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Abbreviations after which a full stop does not end a sentence (lower case, without
 * the final dot). */
static const char *const abbrevs[] = {
	"al", "approx", "cf", "dept", "dr", "e.g", "eg", "esp", "etc", "fig", "i.e", "ie",
	"inc", "jr", "ltd", "mr", "mrs", "ms", "pp", "prof", "ref", "refs",
	"resp", "sec", "sect", "sr", "st", "vol", "vs", "viz",
};

/* The word ending just before the dot at text[dot]: is it an abbreviation or an initial? */
static int dot_is_abbrev(const char *text, size_t dot)
{
	size_t b = dot, n, i;
	char w[16];

	while (b > 0 && (is_alpha((unsigned char)text[b - 1]) || text[b - 1] == '.'))
		b--;
	n = dot - b;
	if (n == 0)
		return 0;
	if (n == 1 && is_upper((unsigned char)text[b]))
		return 1; /* an initial: "J. Smith" */
	if (n >= sizeof(w))
		return 0;
	for (i = 0; i < n; i++)
		w[i] = (char)(is_upper((unsigned char)text[b + i]) ? text[b + i] + 32 : text[b + i]);
	w[n] = 0;
	for (i = 0; i < sizeof(abbrevs) / sizeof(abbrevs[0]); i++)
		if (strcmp(w, abbrevs[i]) == 0)
			return 1;
	return 0;
}

/* Does a list item ("- ", "* ", "1) ", "2. ") start at text[i]? */
static int is_bullet(const char *text, size_t i)
{
	size_t j = i;

	if ((text[j] == '-' || text[j] == '*' || text[j] == '+') && text[j + 1] == ' ')
		return 1;
	while (is_digit((unsigned char)text[j]) && j - i < 3)
		j++;
	return j > i && (text[j] == ')' || text[j] == '.') && text[j + 1] == ' ';
}

/* Append text[b, e) to out with white space collapsed to single spaces and trimmed;
 * push it when not empty. */
static int emit_sentence(struct strv *out, const char *text, size_t b, size_t e)
{
	struct rp_buf s = RP_BUF_INIT;
	size_t i;
	int sp = 0, rc = 0;

	for (i = b; i < e && !rc; i++) {
		unsigned char c = (unsigned char)text[i];
		if (is_space(c)) {
			sp = s.len > 0;
			continue;
		}
		if (sp)
			rc = rp_buf_addch(&s, ' ');
		sp = 0;
		if (!rc)
			rc = rp_buf_addch(&s, (char)c);
	}
	if (!rc && s.len)
		rc = strv_push(out, rp_buf_detach(&s, NULL));
	rp_buf_release(&s);
	return rc;
}

int rp_text_sentences(const char *text, char ***out, size_t *n)
{
	struct strv v = { 0 };
	size_t i, start = 0, len;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!text)
		return 0;
	len = strlen(text);
	for (i = 0; i < len && !rc; i++) {
		unsigned char c = (unsigned char)text[i];
		size_t j;

		if (c == '\n') {
			/* A blank line ends a paragraph; a new line starting a list item ends
			 * the sentence before it. */
			j = i + 1;
			while (j < len && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r'))
				j++;
			if (j >= len || text[j] == '\n' || is_bullet(text, j)) {
				rc = emit_sentence(&v, text, start, i);
				start = i + 1;
			}
			continue;
		}
		if (c != '.' && c != '!' && c != '?')
			continue;
		/* Runs of terminators ("?!", "...") end together. */
		while (i + 1 < len && (text[i + 1] == '.' || text[i + 1] == '!' || text[i + 1] == '?'))
			i++;
		j = i + 1;
		/* Closing quotes and brackets belong to the sentence they end. */
		while (j < len && (text[j] == '"' || text[j] == '\'' || text[j] == ')' || text[j] == ']'))
			j++;
		/* "3.9", "example.org/x", "e.g.x": no white space after the dot. */
		if (j < len && !is_space((unsigned char)text[j]))
			continue;
		if (c == '.' && i > 0 && text[i - 1] != '.' && dot_is_abbrev(text, i))
			continue;
		/* The next word must look like a sentence start. */
		{
			size_t k = j;
			while (k < len && is_space((unsigned char)text[k]))
				k++;
			if (k < len && is_alpha((unsigned char)text[k]) && !is_upper((unsigned char)text[k]))
				continue;
		}
		rc = emit_sentence(&v, text, start, j);
		start = j;
		i = j - 1;
	}
	if (!rc)
		rc = emit_sentence(&v, text, start, len);
	if (rc) {
		rp_strv_free(v.v, v.n);
		return rc;
	}
	*out = v.v;
	*n = v.n;
	return 0;
}

static char *stem_with(struct sb_stemmer *st, const char *word, size_t len)
{
	const sb_symbol *s;

	s = sb_stemmer_stem(st, (const sb_symbol *)word, (int)len);
	if (!s)
		return NULL;
	return rp_strndup((const char *)s, (size_t)sb_stemmer_length(st));
}

char *rp_text_stem(const char *word)
{
	struct sb_stemmer *st = NULL;
	char *r = NULL;

	if (!word)
		return NULL;
	st = sb_stemmer_new("english", "UTF_8");
	if (!st)
		return NULL;
	r = stem_with(st, word, strlen(word));
	sb_stemmer_delete(st);
	return r;
}

/* Word characters: ASCII letters and digits, and every byte of a non-ASCII UTF-8
 * sequence (so "Grüße" stays one word; only ASCII is lower-cased, the stemmer being
 * English). */
static int is_word_byte(unsigned char c)
{
	return is_alpha(c) || is_digit(c) || c >= 0x80;
}

int rp_text_tokens(const char *text, char ***out, size_t *n)
{
	struct strv v = { 0 };
	struct sb_stemmer *st = NULL;
	struct rp_buf w = RP_BUF_INIT;
	size_t i = 0, len;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!text)
		return 0;
	st = sb_stemmer_new("english", "UTF_8");
	if (!st)
		return RP_ENOMEM;
	len = strlen(text);
	while (i < len && !rc) {
		int alpha = 0;

		if (!is_word_byte((unsigned char)text[i])) {
			i++;
			continue;
		}
		rp_buf_clear(&w);
		/* A word: word bytes, with inner apostrophes ("don't") and, between digits,
		 * dots ("3.9", "1.2.3") kept. */
		while (i < len && !rc) {
			unsigned char c = (unsigned char)text[i];
			if (is_word_byte(c)) {
				alpha |= !is_digit(c);
				rc = rp_buf_addch(&w, (char)(is_upper(c) ? c + 32 : c));
				i++;
			} else if ((c == '\'' || c == '.') && i + 1 < len && w.len &&
				   is_word_byte((unsigned char)text[i + 1]) &&
				   (c == '\'' ? is_alpha((unsigned char)text[i + 1])
					      : is_digit((unsigned char)w.buf[w.len - 1]) &&
							is_digit((unsigned char)text[i + 1]))) {
				rc = rp_buf_addch(&w, (char)c);
				i++;
			} else {
				break;
			}
		}
		if (rc)
			break;
		if (rp_text_is_stopword(w.buf))
			continue;
		if (!alpha) {
			rc = strv_push(&v, rp_strdup(w.buf));
			continue;
		}
		if (w.len == 1)
			continue; /* single letters carry nothing */
		rc = strv_push(&v, stem_with(st, w.buf, w.len));
	}
	rp_buf_release(&w);
	sb_stemmer_delete(st);
	if (rc) {
		rp_strv_free(v.v, v.n);
		return rc;
	}
	*out = v.v;
	*n = v.n;
	return 0;
}
