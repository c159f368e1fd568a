/* cluster: near-duplicate points ("raised by Mark, Wout and Rajendra") and the sentence that
 * best represents a group. Points are compared as sets of stemmed tokens (Snowball English
 * stemmer from libstemmer, stop words removed) with the Jaccard coefficient and joined by
 * single link; the representative sentence is the one with the highest degree centrality in
 * the sentence-similarity graph (LexRank's degree variant, Erkan & Radev 2004), not the first. */
#include <ctype.h>
#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/analyse.h"

/* Bounds for hostile input: tokens per text, texts compared pairwise, sentences ranked. */
#define MAX_SET 256
#define MAX_PAIRWISE 3000
#define MAX_SENTENCES 600
#define LEX_EDGE 0.1 /* sentence similarity that counts as an edge (LexRank degree threshold) */

struct set {
	uint64_t *h; /* sorted, unique hashes of stems */
	size_t n;
};

static const char *const stopwords[] = {
	"a",	 "an",	  "the",   "and",   "or",    "but",   "of",    "to",    "in",    "on",
	"for",	 "with",  "at",	   "by",    "from",  "as",    "is",    "are",   "was",   "were",
	"be",	 "been",  "being", "it",    "its",   "this",  "that",  "these", "those", "i",
	"we",	 "you",	  "he",	   "she",   "they",  "me",    "us",    "him",   "her",   "them",
	"my",	 "our",	  "your",  "their", "his",   "do",    "does",  "did",   "have",  "has",
	"had",	 "not",	  "no",	   "so",    "if",    "then",  "than",  "there", "here",  "would",
	"could", "should", "will", "shall", "can",   "may",   "might", "must",  "also",  "very",
	"just",	 "which", "who",   "what",  "when",  "where", "why",   "how",   "all",   "any",
	"some",	 "such",  "into",  "about", "there", "only",  "too",   "am",    "i'm",   "it's",
};

static int is_stop(const char *w, size_t n)
{
	size_t k;
	for (k = 0; k < sizeof(stopwords) / sizeof(stopwords[0]); k++)
		if (strlen(stopwords[k]) == n && memcmp(stopwords[k], w, n) == 0)
			return 1;
	return 0;
}

static uint64_t fnv1a(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL;
	while (n--) {
		h ^= *s++;
		h *= 1099511628211ULL;
	}
	return h;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Stemmed token set of the n bytes at s. A hand-written word splitter rather than the text
 * module's tokenizer keeps this file independent of it; both use the same stemmer. */
static int make_set(struct sb_stemmer *stem, const char *s, size_t len, struct set *out)
{
	size_t i = 0, k, j;
	char w[64];

	out->n = 0;
	out->h = malloc(MAX_SET * sizeof(*out->h));
	if (!out->h)
		return RP_ENOMEM;
	while (i < len && out->n < MAX_SET) {
		size_t wl = 0;
		while (i < len && !(isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80))
			i++;
		while (i < len && (isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80 || s[i] == '\'')) {
			if (wl < sizeof(w) - 1)
				w[wl++] = (char)tolower((unsigned char)s[i]);
			i++;
		}
		if (!wl || is_stop(w, wl) || (wl == 1 && !isdigit((unsigned char)w[0])))
			continue;
		if (stem) {
			const sb_symbol *st = sb_stemmer_stem(stem, (const sb_symbol *)w, (int)wl);
			if (st) {
				out->h[out->n++] = fnv1a(st, (size_t)sb_stemmer_length(stem));
				continue;
			}
		}
		out->h[out->n++] = fnv1a(w, wl);
	}
	qsort(out->h, out->n, sizeof(*out->h), cmp_u64);
	for (k = j = 0; k < out->n; k++)
		if (!j || out->h[j - 1] != out->h[k])
			out->h[j++] = out->h[k];
	out->n = j;
	return 0;
}

static double jaccard(const struct set *a, const struct set *b)
{
	size_t i = 0, j = 0, inter = 0, uni;

	if (!a->n && !b->n)
		return 0.0;
	while (i < a->n && j < b->n) {
		if (a->h[i] == b->h[j]) {
			inter++;
			i++;
			j++;
		} else if (a->h[i] < b->h[j]) {
			i++;
		} else {
			j++;
		}
	}
	uni = a->n + b->n - inter;
	return uni ? (double)inter / (double)uni : 0.0;
}

static size_t find(size_t *parent, size_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

static int equal_sets(const struct set *a, const struct set *b)
{
	return a->n == b->n && (a->n == 0 || memcmp(a->h, b->h, a->n * sizeof(*a->h)) == 0);
}

static void join(size_t *parent, size_t i, size_t j)
{
	size_t a = find(parent, i), b = find(parent, j);
	if (a != b)
		parent[a > b ? a : b] = a < b ? a : b;
}

/* qsort has no context argument; this is only set during one rp_cluster_points call. */
static _Thread_local const struct set *sort_sets;

static int cmp_set_idx(const void *x, const void *y)
{
	const struct set *a = &sort_sets[*(const size_t *)x], *b = &sort_sets[*(const size_t *)y];
	size_t k;
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (k = 0; k < a->n; k++)
		if (a->h[k] != b->h[k])
			return a->h[k] < b->h[k] ? -1 : 1;
	return *(const size_t *)x < *(const size_t *)y ? -1 : 1;
}

int rp_cluster_points(const char *const *texts, size_t n, double threshold, size_t *cluster_of,
		      size_t *n_clusters)
{
	struct sb_stemmer *stem = sb_stemmer_new("english", "UTF_8");
	struct set *sets = calloc(n ? n : 1, sizeof(*sets));
	size_t *parent = malloc((n ? n : 1) * sizeof(*parent));
	size_t *label = malloc((n ? n : 1) * sizeof(*label));
	size_t i, j, c = 0;
	int rc = RP_ENOMEM;

	*n_clusters = 0;
	if (!sets || !parent || !label)
		goto cleanup;
	for (i = 0; i < n; i++) {
		const char *t = texts[i] ? texts[i] : "";
		if (make_set(stem, t, strnlen(t, 65536), &sets[i]))
			goto cleanup;
		parent[i] = i;
	}
	/* Pairwise comparison is quadratic: past MAX_PAIRWISE points only identical token sets
	 * are joined (sorted by set, then adjacent equal sets), so time stays bounded. */
	if (n <= MAX_PAIRWISE) {
		for (i = 0; i < n; i++)
			for (j = i + 1; j < n; j++)
				if (sets[i].n && jaccard(&sets[i], &sets[j]) >= threshold)
					join(parent, i, j);
	} else {
		for (i = 0; i < n; i++)
			label[i] = i;
		sort_sets = sets;
		qsort(label, n, sizeof(*label), cmp_set_idx);
		for (i = 1; i < n; i++)
			if (sets[label[i]].n && equal_sets(&sets[label[i - 1]], &sets[label[i]]))
				join(parent, label[i - 1], label[i]);
	}
	/* Number clusters by their first point. */
	for (i = 0; i < n; i++)
		label[i] = (size_t)-1;
	for (i = 0; i < n; i++) {
		size_t r = find(parent, i);
		if (label[r] == (size_t)-1)
			label[r] = c++;
		cluster_of[i] = label[r];
	}
	*n_clusters = c;
	rc = 0;
cleanup:
	for (i = 0; sets && i < n; i++)
		free(sets[i].h);
	free(sets);
	free(parent);
	free(label);
	if (stem)
		sb_stemmer_delete(stem);
	return rc;
}

struct sentence {
	size_t text;
	const char *s;
	size_t len;
};

/* Split a text into sentences at '.', '!' or '?' followed by white space, and at blank
 * lines; a dot between digits ("3.9") or after a single letter ("e.g.") does not end one. */
static int split(const char *t, size_t ti, struct sentence **v, size_t *n, size_t *alloc)
{
	size_t len = strnlen(t, 65536), a = 0, i;

	for (i = 0; i <= len && *n < MAX_SENTENCES; i++) {
		int end = i == len;
		if (!end && (t[i] == '.' || t[i] == '!' || t[i] == '?') &&
		    (i + 1 == len || isspace((unsigned char)t[i + 1])) &&
		    !(t[i] == '.' && i >= 2 && isalpha((unsigned char)t[i - 1]) && !isalnum((unsigned char)t[i - 2])))
			end = 1, i++;
		else if (!end && t[i] == '\n' && i + 1 < len && t[i + 1] == '\n')
			end = 1;
		if (!end)
			continue;
		while (a < i && isspace((unsigned char)t[a]))
			a++;
		if (i > a) {
			size_t e = i;
			while (e > a && isspace((unsigned char)t[e - 1]))
				e--;
			if (*n == *alloc) {
				size_t na = *alloc ? *alloc * 2 : 16;
				struct sentence *nv = realloc(*v, na * sizeof(*nv));
				if (!nv)
					return RP_ENOMEM;
				*v = nv;
				*alloc = na;
			}
			(*v)[*n].text = ti;
			(*v)[*n].s = t + a;
			(*v)[*n].len = e - a;
			(*n)++;
		}
		a = i;
	}
	return 0;
}

int rp_cluster_representative(char **out, size_t *which, const char *const *texts, size_t n)
{
	struct sb_stemmer *stem = sb_stemmer_new("english", "UTF_8");
	struct sentence *sv = NULL;
	struct set *sets = NULL;
	size_t ns = 0, alloc = 0, i, j, best = 0;
	double best_deg = -1.0, best_sum = -1.0;
	int rc = RP_ENOMEM;

	*out = NULL;
	for (i = 0; i < n; i++)
		if (texts[i] && (rc = split(texts[i], i, &sv, &ns, &alloc)) != 0)
			goto cleanup;
	rc = RP_ENOTFOUND;
	if (!ns)
		goto cleanup;
	rc = RP_ENOMEM;
	sets = calloc(ns, sizeof(*sets));
	if (!sets)
		goto cleanup;
	for (i = 0; i < ns; i++)
		if (make_set(stem, sv[i].s, sv[i].len, &sets[i]))
			goto cleanup;
	for (i = 0; i < ns; i++) {
		double deg = 0.0, sum = 0.0;
		if (!sets[i].n)
			continue;
		for (j = 0; j < ns; j++) {
			double sim;
			if (i == j)
				continue;
			sim = jaccard(&sets[i], &sets[j]);
			deg += sim >= LEX_EDGE;
			sum += sim;
		}
		/* Degree first, then total similarity; a tie keeps the earlier sentence. */
		if (deg > best_deg || (deg == best_deg && sum > best_sum + 1e-12)) {
			best_deg = deg;
			best_sum = sum;
			best = i;
		}
	}
	if (best_deg < 0)
		best = 0;
	*out = rp_strndup(sv[best].s, sv[best].len);
	if (!*out)
		goto cleanup;
	if (which)
		*which = sv[best].text;
	rc = 0;
cleanup:
	for (i = 0; sets && i < ns; i++)
		free(sets[i].h);
	free(sets);
	free(sv);
	if (stem)
		sb_stemmer_delete(stem);
	return rc;
}
