/* cluster: near-duplicate points ("raised by Mark, Wout and Rajendra") and the sentence that
 * best represents a group. Points are compared as sets of stemmed tokens (the text module's
 * Snowball English stems, stop words removed) with the Jaccard coefficient and joined by
 * single link; the representative sentence is the one with the highest degree centrality in
 * the sentence-similarity graph (LexRank's degree variant, Erkan & Radev 2004), not the first. */
#include <stdlib.h>
#include <string.h>

#include "rapporteur/analyse.h"
#include "rapporteur/text.h"

#include "analyse-private.h"

/* Bounds for hostile input: tokens per text, texts compared pairwise, sentences ranked. */
#define MAX_SET 256
#define MAX_PAIRWISE 3000
#define MAX_SENTENCES 600
#define LEX_EDGE 0.1 /* sentence similarity that counts as an edge (LexRank degree threshold) */

struct set {
	uint64_t *h; /* sorted, unique hashes of stems */
	size_t n;
};

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

/* Stemmed token set of the len bytes at s, through the text module's tokenizer (Snowball
 * English stems, stop words removed), hashed, sorted and made unique. */
static int make_set(const char *s, size_t len, struct set *out)
{
	char *copy = rp_strndup(s, len), **tok = NULL;
	size_t nt = 0, k, j;
	int rc;

	out->n = 0;
	out->h = NULL;
	if (!copy)
		return RP_ENOMEM;
	rc = rp_text_tokens(copy, &tok, &nt);
	free(copy);
	if (rc)
		return rc;
	out->h = malloc((nt < MAX_SET ? nt : MAX_SET) * sizeof(*out->h) + 1);
	if (!out->h) {
		rp_strv_free(tok, nt);
		return RP_ENOMEM;
	}
	for (k = 0; k < nt && out->n < MAX_SET; k++)
		out->h[out->n++] = fnv1a(tok[k], strlen(tok[k]));
	rp_strv_free(tok, nt);
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
		if (make_set(t, strnlen(t, 65536), &sets[i]))
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
	return rc;
}

struct sentence {
	size_t text;
	char *s; /* owned */
	size_t len;
};

/* Append the sentences of text number ti (the text module's splitter keeps "3.9", "e.g."
 * and URLs intact), at most MAX_SENTENCES in all. */
static int split(const char *t, size_t ti, struct sentence **v, size_t *n, size_t *alloc)
{
	char **sv = NULL, *copy = rp_strndup(t, strnlen(t, 65536));
	size_t ns = 0, i;
	int rc;

	if (!copy)
		return RP_ENOMEM;
	rc = rp_text_sentences(copy, &sv, &ns);
	free(copy);
	if (rc)
		return rc;
	for (i = 0; i < ns && *n < MAX_SENTENCES; i++) {
		if (*n == *alloc) {
			size_t na = *alloc ? *alloc * 2 : 16;
			struct sentence *nv = realloc(*v, na * sizeof(*nv));
			if (!nv) {
				rp_strv_free(sv, ns);
				return RP_ENOMEM;
			}
			*v = nv;
			*alloc = na;
		}
		(*v)[*n].text = ti;
		(*v)[*n].s = sv[i];
		(*v)[*n].len = strlen(sv[i]);
		sv[i] = NULL;
		(*n)++;
	}
	rp_strv_free(sv, ns);
	return 0;
}

/* How well a sentence says a position: 2 when it reads as want, 1 for another position,
 * 0 for none (a note, a courtesy). */
static int position_rank(const char *sentence, enum rp_stance_label want)
{
	struct rp_stance st;
	int rank = 0;

	if (want == RP_STANCE_NONE || rp_stance_classify(&st, sentence, NULL))
		return 0;
	if (st.label == want)
		rank = 2;
	else if (st.label != RP_STANCE_NOTE && st.label != RP_STANCE_NONE)
		rank = 1;
	rp_stance_release(&st);
	return rank;
}

/* Does the sentence take its position by pointing at a member or a message ("+1 to
 * Kwabena.", "I agree with the previous speaker.") rather than saying it? */
static int points_at_someone(const char *sentence)
{
	struct rp_stance st;
	int yes;

	if (rp_stance_classify(&st, sentence, NULL))
		return 0;
	yes = st.target_kind == RP_TARGET_MEMBER || st.target_kind == RP_TARGET_MESSAGE;
	rp_stance_release(&st);
	return yes;
}

int rp_cluster_representative(char **out, size_t *which, const char *const *texts, size_t n)
{
	return rp_cluster_representative_for(out, which, texts, n, RP_STANCE_NONE);
}

int rp_cluster_representative_for(char **out, size_t *which, const char *const *texts, size_t n,
				  enum rp_stance_label want)
{
	struct sentence *sv = NULL;
	struct set *sets = NULL;
	size_t ns = 0, alloc = 0, i, j, best = 0;
	double best_deg = -1.0, best_sum = -1.0;
	int rc = RP_ENOMEM, best_rank = -1;
	int rank_first = want == RP_STANCE_AMEND || want == RP_STANCE_QUESTION;

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
		if (make_set(sv[i].s, sv[i].len, &sets[i]))
			goto cleanup;
	for (i = 0; i < ns; i++) {
		double deg = 0.0, sum = 0.0;
		int rank;
		/* thanks says nothing of the text: any other sentence sums it up better
		 * ("Thank you for the comments so far." before the chair's summary) */
		if (!sets[i].n || (ns > 1 && an_courtesy_sentence(sv[i].s)))
			continue;
		for (j = 0; j < ns; j++) {
			double sim;
			if (i == j)
				continue;
			sim = jaccard(&sets[i], &sets[j]);
			deg += sim >= LEX_EDGE;
			sum += sim;
		}
		/* An amendment or a question alone: the sentence that proposes or asks first,
		 * then its degree, then total similarity, so its summary is the proposal and
		 * not the complaint the rest of the point repeats. Otherwise degree first (a
		 * support or an objection is best said by what it is about, "Startling is too
		 * polite." says little), then the position taken. A tie keeps the earlier
		 * sentence. */
		rank = position_rank(sv[i].s, want);
		if (rank_first && rank != best_rank) {
			if (rank < best_rank)
				continue;
		} else if (deg < best_deg) {
			continue;
		}
		if (deg > best_deg || rank > best_rank || (rank == best_rank && sum > best_sum + 1e-12)) {
			best_deg = deg;
			best_sum = sum;
			best_rank = rank;
			best = i;
		}
	}
	if (best_deg < 0)
		best = 0;
	if (best + 1 < ns && sv[best + 1].text == sv[best].text && points_at_someone(sv[best].s)) {
		/* "I agree with the previous speaker." names whose position it takes, not what
		 * it is: the sentence after it, the substance, goes with it. */
		struct rp_buf b = RP_BUF_INIT;
		if (rp_buf_add(&b, sv[best].s, sv[best].len) || rp_buf_addch(&b, ' ') ||
		    rp_buf_add(&b, sv[best + 1].s, sv[best + 1].len)) {
			rp_buf_release(&b);
			goto cleanup;
		}
		*out = rp_buf_detach(&b, NULL);
	} else {
		*out = rp_strndup(sv[best].s, sv[best].len);
	}
	if (!*out)
		goto cleanup;
	if (which)
		*which = sv[best].text;
	rc = 0;
cleanup:
	for (i = 0; sets && i < ns; i++)
		free(sets[i].h);
	free(sets);
	for (i = 0; i < ns; i++)
		free(sv[i].s);
	free(sv);
	return rc;
}
