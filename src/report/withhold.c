/* withhold: the names and addresses a consolidated document leaves out of quoted comments
 * under the Chatham House rule. The rule forbids revealing who said what; a comment that
 * reads "+1 to Mark Carvell" or "as wout@example.org said" gives away a participant even
 * when no author is printed. Every name of the group's members and of the people who wrote
 * on the draft becomes "[name withheld]", and every e-mail address "[address withheld]".
 *
 * Names are matched word by word: a capitalised word (or one in capitals) that is a part of
 * a known name, its accents aside ("Crepin" for Crépin, "O’Brien" for O'Brien), and a run of
 * such words ("Mark Carvell", "Wout de Natris", "Mark's", "MARK GRANT") is one withheld
 * name. Parts that are English words are withheld only where the text can mean a person: a
 * word capitalised anyway (May, June) beside another part or after a greeting ("Thanks
 * May,"); a common word (Mark, Will, Best) when addressed, possessive, the subject of a
 * sentence it opens ("Mark is right"), or inside a sentence outside a run of capitalised
 * words ("the Best Practice Forums", "the Online Safety Bill" stay). Acronyms, particles
 * ("La" of "de La Chapelle"), titles ("St.", "Dr.") and role accounts ("IGF Secretariat";
 * a person's name before a role in brackets is kept) are not names. Addresses are found
 * in the forms people write them: a@b.c, "a"@b, a＠b.c, a [at] b.c, a(at)b.c, and
 * Mailman's a.b at c.org. The name a writer signs with ("Best regards,\nSeun") is a name
 * of theirs too. A nickname no one writes or signs under, a name typed in lower case, or a
 * self-description ("from the DC-ISSS side") is not found: the README says to read the
 * document before it leaves. Hand-written: no Debian library does named-entity redaction
 * against a given list of names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/members.h"
#include "report-private.h"
#include "rapporteur/text.h"
#include "rapporteur/util.h"

#define WITHHELD_NAME "[name withheld]"
#define WITHHELD_ADDRESS "[address withheld]"

struct rp_name_set {
	char **parts; /* sorted and distinct unless unsorted is set */
	size_t n, alloc;
	int unsorted;
};

/* Capitalised in running text whatever they mean: withheld only beside another name part. */
static const char *const capitalised_words[] = {
	"April", "August", "Christian", "Friday", "June", "May", "Monday", "Saturday",
	"Sunday", "Thursday", "Tuesday", "Wednesday", "English", "French", "German",
	"Dutch", "European", "American", "Internet", "Paris", "Geneva", "Florence",
};

/* English words that are also names ("Mark", "Will", "Best"): withheld alone only where they
 * read as a person (see common_name_here). */
static const char *const common_words[] = {
	"art", "baker", "bell", "best", "bill", "bishop", "black", "bond", "brown", "bush",
	"case", "chase", "cook", "cross", "dawn", "don", "faith", "fisher", "fox", "frank",
	"gene", "gold", "grace", "grant", "green", "guy", "hall", "hill", "hope", "hunt",
	"hunter", "joy", "king", "lane", "long", "mark", "mason", "max", "miles", "page",
	"park", "pat", "penny", "price", "ray", "reed", "rich", "rose", "sage", "short",
	"stone", "sue", "summer", "walker", "ward", "white", "will", "wood", "young",
};

/* Words after which a name is addressed ("Thanks May,", "Dear Will"). */
static const char *const greetings[] = {
	"thanks", "thank", "dear", "hi", "hello", "hey", "cheers", "congratulations", "sorry",
	"welcome", "morning", "afternoon", "evening",
};

/* Words a sentence that opens with a person's name goes on with ("Mark is right",
 * "Grant makes this point"), which the same word as an English verb or noun rarely does. */
static const char *const subject_verbs[] = {
	"is", "was", "has", "had", "said", "says", "wrote", "writes", "thinks", "makes", "made",
	"agrees", "agreed", "proposes", "proposed", "suggests", "suggested", "asks", "asked",
	"raises", "raised", "points", "notes", "noted", "mentions", "mentioned", "argues",
	"argued", "replied", "answered", "objects", "objected", "supports", "supported",
	"wants", "wanted", "believes", "feels", "knows", "and",
};

/* Closings that a comma follows without addressing anyone ("Best, Avri"), and the nouns
 * that make one of an English word ("Best regards", "Warm wishes"). */
static const char *const closings[] = { "best", "cheers", "regards", "thanks", "yours" };
static const char *const closing_nouns[] = { "regards", "wishes" };

/* Titles and abbreviations of a display name that name nobody ("Dr.", "St. Amour"). */
static const char *const titles[] = {
	"dr", "jr", "mr", "mrs", "ms", "mx", "prof", "sir", "sr", "st", "phd",
};

/* Words that make a display name a role or a list, not a person. */
static const char *const role_words[] = {
	"admin", "administrator", "announce", "board", "bot", "chair", "chairs",
	"coalition", "committee", "coordinator", "council", "daemon", "discuss",
	"forum", "foundation", "group", "helpdesk", "info", "list", "mailer",
	"moderator", "network", "noreply", "notifications", "office", "org",
	"organisation", "organization", "secretariat", "society", "support", "team",
};

/* Particles that join the parts of a name ("Wout de Natris", "de La Chapelle"). */
static const char *const particles[] = {
	"al", "bin", "da", "de", "del", "della", "den", "der", "di", "du",
	"la", "le", "op", "ten", "ter", "van", "von",
};

static int in_list(const char *const *list, size_t n, const char *w, size_t len, int fold)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(list[i]) == len &&
		    (fold ? rp_ascii_ncasecmp(list[i], w, len) : strncmp(list[i], w, len)) == 0)
			return 1;
	return 0;
}
#define IN(list, w, len, fold) in_list(list, sizeof(list) / sizeof(list[0]), w, len, fold)

/* The length of the letter or digit at p, 0 when p is not one: ASCII letters and digits,
 * and every UTF-8 character (names are written in every script) other than Latin-1's
 * symbols (U+0080..U+00BF: no-break space, guillemets), the general punctuation block
 * (U+2000..U+206F: curly quotes and apostrophes, dashes) and CJK punctuation (U+3000..
 * U+303F). */
static size_t letter_at(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t n = 1;

	if (u[0] < 0x80)
		return (u[0] >= '0' && u[0] <= '9') || ((u[0] | 32) >= 'a' && (u[0] | 32) <= 'z');
	if (u[0] < 0xC2)
		return 0; /* a continuation byte out of place, or an invalid lead */
	if (u[0] == 0xC2)
		return 0;
	if ((u[0] == 0xE2 && (u[1] == 0x80 || u[1] == 0x81)) || (u[0] == 0xE3 && u[1] == 0x80))
		return 0;
	while (n < 4 && (u[n] & 0xC0) == 0x80)
		n++;
	return n;
}

/* An apostrophe at p ("'" or U+2019), its length, else 0. */
static size_t apostrophe_at(const char *p)
{
	if (*p == '\'')
		return 1;
	return strncmp(p, "\xE2\x80\x99", 3) == 0 ? 3 : 0;
}

/* True when the character before p (text starts at t) is a letter or digit. */
static int letter_before(const char *t, const char *p)
{
	const char *q = p;

	if (q == t)
		return 0;
	q--;
	while (q > t && ((unsigned char)*q & 0xC0) == 0x80)
		q--;
	return letter_at(q) == (size_t)(p - q);
}

/* Capitalised: an ASCII capital, or a non-ASCII letter other than Latin-1's small ones
 * (U+00DF..U+00FF, lead byte C3 then A0 or more is a small letter or a symbol). */
static int capital_start(const char *w)
{
	const unsigned char *u = (const unsigned char *)w;

	if (u[0] >= 'A' && u[0] <= 'Z')
		return 1;
	if (u[0] == 0xC3)
		return u[1] >= 0x80 && u[1] < 0x9F && u[1] != 0x97;
	return u[0] >= 0xC4;
}

/* Written in capitals: no small ASCII letter and at least two capitals ("IGF", "ISOC",
 * "CRÉPIN"). A display name's part in capitals is an acronym, not a name. */
static int acronym(const char *w, size_t len)
{
	size_t i, letters = 0;

	for (i = 0; i < len; i++) {
		if (w[i] >= 'a' && w[i] <= 'z')
			return 0;
		letters += w[i] >= 'A' && w[i] <= 'Z';
	}
	return letters >= 2;
}

/* The end of the word at p: letters, with an inner hyphen or an apostrophe before a
 * capital ("Jean-Pierre", "O'Brien"; not "Mark's"). */
static const char *word_end(const char *p)
{
	size_t n;

	for (;;) {
		if ((n = letter_at(p)))
			p += n;
		else if (*p == '-' && letter_at(p + 1))
			p++;
		else if ((n = apostrophe_at(p)) && capital_start(p + n))
			p += n;
		else
			break;
	}
	return p;
}

/* "d'Avri", "l’Europe", "D'Avri": a French or Italian elision before the word; its length,
 * else 0. */
static size_t elision(const char *w, const char *e)
{
	size_t k, n;

	for (k = 1; k <= 3 && w + k < e; k++) {
		if ((w[k - 1] | 32) < 'a' || (w[k - 1] | 32) > 'z') /* "d'Avri", "D'Avri" */
			return 0;
		if ((n = apostrophe_at(w + k)))
			return k + n;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names compare folded (rp_text_fold_unaccented), so that "Crepin" in a comment is the
 * "Crépin" of a display name, with U+2019 read as an apostrophe first ("O’Brien" is the
 * roster's "O'Brien"). NULL when out of memory. */
static char *fold_name(const char *w, size_t len)
{
	char buf[256];
	size_t i, o = 0;

	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	for (i = 0; i < len; i++) {
		if (i + 3 <= len && strncmp(w + i, "\xE2\x80\x99", 3) == 0) {
			buf[o++] = '\'';
			i += 2;
		} else {
			buf[o++] = w[i];
		}
	}
	return rp_text_fold_unaccented(buf, o);
}

static int has_key(const struct rp_name_set *set, const char *key)
{
	return set->n && bsearch(&key, set->parts, set->n, sizeof(*set->parts), cmp_str) != NULL;
}

/* 1 when the word [w, w+len) is a part of a name of set, 0 when not, -1 out of memory. Only
 * a capitalised word can be one ("avri" is a word of the text, "Avri" a name). */
static int has_part(const struct rp_name_set *set, const char *w, size_t len)
{
	char *key;
	int found;

	if (len == 0 || len >= 128 || !set->n || !capital_start(w))
		return 0;
	if (!(key = fold_name(w, len)))
		return -1;
	found = has_key(set, key);
	free(key);
	return found;
}

/* 1 when the words a and b follow each other in a name of set ("Mark Grant"), 0 when not,
 * -1 out of memory. */
static int has_pair(const struct rp_name_set *set, const char *a, size_t alen, const char *b,
		    size_t blen)
{
	char *ka = fold_name(a, alen), *kb = fold_name(b, blen), *key = NULL;
	int found = -1;

	if (ka && kb && (key = malloc(strlen(ka) + strlen(kb) + 3))) {
		sprintf(key, "%s  %s", ka, kb); /* two blanks: no folded word holds them */
		found = has_key(set, key);
	}
	free(ka);
	free(kb);
	free(key);
	return found;
}

static int add_key(struct rp_name_set *set, char *key)
{
	if (set->n == set->alloc) {
		size_t na = set->alloc ? set->alloc * 2 : 32;
		char **p = realloc(set->parts, na * sizeof(*p));

		if (!p)
			return RP_ENOMEM;
		set->parts = p;
		set->alloc = na;
	}
	set->parts[set->n++] = key;
	set->unsorted = 1;
	return 0;
}

/* A word of a display name that can name its person: capitalised, two letters or more,
 * not an acronym, a particle ("La" of "de La Chapelle") or a title ("Dr", "St"). */
static int name_word(const char *w, size_t len)
{
	return len >= 2 && len < 128 && capital_start(w) && !acronym(w, len) &&
	       !IN(particles, w, len, 1) && !IN(titles, w, len, 1);
}

static int add_part(struct rp_name_set *set, const char *w, size_t len)
{
	char *key;

	if (!name_word(w, len))
		return 0;
	if (!(key = fold_name(w, len)))
		return RP_ENOMEM;
	if (add_key(set, key)) {
		free(key);
		return RP_ENOMEM;
	}
	return 0;
}

static int add_pair(struct rp_name_set *set, const char *a, size_t alen, const char *b, size_t blen)
{
	char *ka = fold_name(a, alen), *kb = fold_name(b, blen), *key = NULL;
	int rc = RP_ENOMEM;

	if (ka && kb && (key = malloc(strlen(ka) + strlen(kb) + 3))) {
		sprintf(key, "%s  %s", ka, kb);
		if (!(rc = add_key(set, key)))
			key = NULL;
	}
	free(ka);
	free(kb);
	free(key);
	return rc;
}

/* Sorted and without duplicates, for bsearch: once, after the names are added. */
static void settle(struct rp_name_set *set)
{
	size_t i, k = 0;

	if (!set->unsorted)
		return;
	qsort(set->parts, set->n, sizeof(*set->parts), cmp_str);
	for (i = 0; i < set->n; i++) {
		if (k && strcmp(set->parts[k - 1], set->parts[i]) == 0)
			free(set->parts[i]);
		else
			set->parts[k++] = set->parts[i];
	}
	set->n = k;
	set->unsorted = 0;
}

int rp_name_set_new(struct rp_name_set **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : RP_ENOMEM;
}

void rp_name_set_free(struct rp_name_set *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->n; i++)
		free(set->parts[i]);
	free(set->parts);
	free(set);
}

size_t rp_name_set_count(struct rp_name_set *set)
{
	if (!set)
		return 0;
	settle(set);
	return set->n;
}

/* The next word at or after p that starts before end, cut at end, its end in *e; NULL when
 * there is none. */
static const char *word_in(const char *p, const char *end, const char **e)
{
	while (p < end && !letter_at(p))
		p++;
	if (p >= end)
		return NULL;
	*e = word_end(p);
	if (*e > end)
		*e = end;
	return p;
}

/* The person's part of a display name, in buf: what parentheses and brackets hold ("Anja
 * Gengo (IGF Secretariat)"), and what follows " via " (Mailman's "Mark Carvell via
 * DC-ISSS"), " - ", " | " or " on behalf of ", left out. */
static void person_part(const char *display_name, char *buf, size_t cap)
{
	static const char *const cuts[] = { " via ", " - ", " | ", " on behalf of " };
	const char *p;
	size_t o = 0, i;
	int depth = 0;

	for (p = display_name; *p && o + 1 < cap; p++) {
		if (*p == '(' || *p == '[') {
			depth++;
			continue;
		}
		if ((*p == ')' || *p == ']') && depth) {
			depth--;
			continue;
		}
		if (!depth)
			buf[o++] = *p;
	}
	buf[o] = '\0';
	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		char *c = strstr(buf, cuts[i]);

		if (c)
			*c = '\0';
	}
}

int rp_name_set_add(struct rp_name_set *set, const char *display_name)
{
	char person[512];
	const char *p, *e, *end, *prev = NULL;
	size_t prev_len = 0;
	int rc;

	if (!display_name)
		return 0;
	person_part(display_name, person, sizeof(person));
	end = person + strlen(person);
	for (p = person; (p = word_in(p, end, &e)); p = e)
		if (IN(role_words, p, (size_t)(e - p), 1))
			return 0;
	for (p = person; (p = word_in(p, end, &e)); p = e) {
		const char *h;
		size_t len = (size_t)(e - p);

		if (!name_word(p, len) && !acronym(p, len))
			continue; /* particles and titles join the words around them */
		if ((rc = add_part(set, p, len)))
			return rc;
		/* Words that follow each other, capitals and all ("MARK GRANT"). */
		if (prev && (rc = add_pair(set, prev, prev_len, p, len)))
			return rc;
		prev = p;
		prev_len = len;
		/* Each half of a hyphenated name on its own too ("Jean" of "Jean-Pierre"). */
		for (h = p; h < e;) {
			const char *he = memchr(h, '-', (size_t)(e - h));

			if (!he)
				he = e;
			if (he - h != e - p && (rc = add_part(set, h, (size_t)(he - h))))
				return rc;
			h = he + 1;
		}
	}
	return 0;
}

/* True when the text before p, back to the last word, ends a sentence (or is empty). */
static int sentence_start(const char *text, const char *p)
{
	while (p > text) {
		unsigned char c = (unsigned char)p[-1];

		if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ':' || c == ';')
			return 1;
		if (c < 0x80 && (letter_at(p - 1) || c == ','))
			return 0;
		p--; /* non-ASCII bytes: opening quotes and letters of a word alike are passed */
	}
	return 1;
}

/* The next word after e, skipping spaces, and its end; NULL when punctuation comes first. */
static const char *next_word(const char *e, const char **next_end)
{
	while (*e == ' ' || *e == '\t')
		e++;
	if (!letter_at(e))
		return NULL;
	*next_end = word_end(e);
	return e;
}

/* How a word of the text can be a name (see classify). */
enum { NOT_NAME, WEAK_NAME, COMMON_NAME, NAME };

/* What the word [w, e) is: NOT_NAME; WEAK_NAME, a part of a name that is capitalised
 * anyway ("May", "June") or an English word in capitals ("MARK"), a name only beside
 * another part; COMMON_NAME, a part that is an English word ("Mark", "Best"), a name where
 * common_name_here says; NAME, any other part ("Carvell", "Avri-Doria" by its halves).
 * -1 when out of memory. */
static int classify(const struct rp_name_set *set, const char *w, const char *e)
{
	size_t len = (size_t)(e - w);
	int has = has_part(set, w, len);

	if (has < 0)
		return -1;
	if (!has) {
		/* a hyphenated word that holds a name ("Avri-Doria", "Crépin-Leblond") */
		const char *h = w, *he;

		if (!memchr(w, '-', len))
			return NOT_NAME;
		for (; h < e; h = he + 1) {
			int c;

			if (!(he = memchr(h, '-', (size_t)(e - h))))
				he = e;
			if ((c = has_part(set, h, (size_t)(he - h))) < 0)
				return -1;
			if (c && !IN(common_words, h, (size_t)(he - h), 1) &&
			    !IN(capitalised_words, h, (size_t)(he - h), 1))
				return NAME;
		}
		return NOT_NAME;
	}
	if (IN(capitalised_words, w, len, 1))
		return WEAK_NAME;
	if (IN(common_words, w, len, 1))
		return acronym(w, len) ? WEAK_NAME : COMMON_NAME;
	return NAME;
}

/* The word before p in text t (its start, its end in *end), NULL at the start of a
 * sentence or when punctuation other than blanks comes between. */
static const char *word_before(const char *t, const char *p, const char **end)
{
	const char *q = p, *s;

	while (q > t && (q[-1] == ' ' || q[-1] == '\t'))
		q--;
	if (q == t || !letter_before(t, q))
		return NULL;
	s = q;
	while (s > t && letter_before(t, s)) {
		s--;
		while (s > t && ((unsigned char)*s & 0xC0) == 0x80)
			s--;
	}
	*end = q;
	return s;
}

/* Whether a word of common_words standing alone at [w, e) reads as a person: addressed
 * ("Thanks Will", "Mark, I agree"), possessive ("Mark's"), the subject of a sentence that
 * opens with it ("Mark is right"), or inside a sentence and not in a run of capitalised
 * words ("the Online Safety Bill", "Best Practice Forums", "White Paper"). */
static int common_name_here(const struct rp_name_set *set, const char *t, const char *w,
			    const char *e)
{
	const char *pw, *pe = NULL, *nw, *ne = NULL;
	size_t ap = apostrophe_at(e);
	int opening = sentence_start(t, w);

	if (ap && e[ap] == 's' && !letter_at(e + ap + 1))
		return 1;
	pw = word_before(t, w, &pe);
	if (pw && IN(greetings, pw, (size_t)(pe - pw), 1))
		return 1;
	if (*e == ',' || *e == ':')
		return !(opening && IN(closings, w, (size_t)(e - w), 1));
	nw = next_word(e, &ne);
	if (nw && IN(closing_nouns, nw, (size_t)(ne - nw), 1)) /* "Best regards", "Best wishes" */
		return 0;
	if (opening)
		return nw && IN(subject_verbs, nw, (size_t)(ne - nw), 0);
	if (pw && capital_start(pw) && !has_part(set, pw, (size_t)(pe - pw)))
		return 0;
	if (nw && capital_start(nw) && !(ne - nw == 1 && *nw == 'I') && !has_part(set, nw, (size_t)(ne - nw)))
		return 0;
	return 1;
}

/* A weak part standing alone is a name only when addressed after a greeting ("Thanks May,"). */
static int weak_name_here(const char *t, const char *w, const char *e)
{
	const char *pw, *pe = NULL;

	pw = word_before(t, w, &pe);
	return pw && IN(greetings, pw, (size_t)(pe - pw), 1) &&
	       (*e == ',' || *e == '!' || *e == '\n' || *e == '\0');
}

/* The name at the word [w, e) of the address-free text t: the end of what to withhold, or
 * NULL when the word is no name there; *oom set when out of memory. A run of parts joined by
 * blanks and lower-case particles is one name when one of them is a NAME or two of them
 * follow each other in a known name ("MARK GRANT"); a part alone as classify says. */
static const char *name_at(const struct rp_name_set *set, const char *t, const char *w,
			   const char *e, int *oom)
{
	const char *run_end = e, *prev = w, *prev_end = e, *nw, *ne = NULL;
	int c = classify(set, w, e), strong, pair = 0, parts = 1;

	if (c <= NOT_NAME) {
		*oom |= c < 0;
		return NULL;
	}
	strong = c == NAME;
	for (;;) {
		const char *q = run_end;
		int k, pr;

		while ((nw = next_word(q, &ne)) && IN(particles, nw, (size_t)(ne - nw), 1))
			q = ne;
		if (!nw)
			break;
		if ((k = classify(set, nw, ne)) <= NOT_NAME) {
			*oom |= k < 0;
			break;
		}
		if ((pr = has_pair(set, prev, (size_t)(prev_end - prev), nw, (size_t)(ne - nw))) < 0) {
			*oom = 1;
			break;
		}
		pair |= pr;
		strong |= k == NAME;
		prev = nw;
		prev_end = run_end = ne;
		parts++;
	}
	if (parts > 1)
		return strong || pair ? run_end : NULL;
	if (c == NAME)
		return e;
	if (c == COMMON_NAME)
		return common_name_here(set, t, w, e) ? e : NULL;
	return weak_name_here(t, w, e) ? e : NULL;
}

/* How an address's local part and domain may be joined in a text. */
enum at_kind { AT_SIGN, AT_BRACKETED, AT_WORD };

/* The start of the local part that ends at p (text starts at t), or p when there is none. */
static const char *local_start(const char *t, const char *p)
{
	while (p > t && (unsigned char)p[-1] < 0x80 &&
	       (letter_at(p - 1) || (p[-1] && strchr(".-_+%='\"", p[-1]))))
		p--;
	return p;
}

/* The end of the domain that starts at p; *dot set when it has a dot between letters. */
static const char *domain_end(const char *p, int *dot)
{
	const char *e = p;

	*dot = 0;
	while (*e && (unsigned char)*e < 0x80 && (letter_at(e) || *e == '.' || *e == '-')) {
		*dot |= *e == '.' && e > p && letter_at(e + 1);
		e++;
	}
	while (e > p && (e[-1] == '.' || e[-1] == '-')) /* a sentence's full stop */
		e--;
	return e;
}

/* The address around a joining mark [m, m_end) of kind k: its start in *start and its end,
 * or NULL. "a@b.c" and "avri@localhost" (a domain of two letters or more), "a [at] b.c"
 * and "a(at)b.c" (a dotted domain), and Mailman's "mark.grant at ex.org" (a dotted domain,
 * and a local part with a dot, digit, '_', '-' or '+', which "look at example.com" lacks). */
static const char *address_around(const char *t, const char *m, const char *m_end, enum at_kind k,
				  const char **start)
{
	const char *ls, *le = m, *ds = m_end, *de, *q;
	int dot, marked = 0;

	if (k == AT_BRACKETED)
		while (le > t && le[-1] == ' ')
			le--;
	if (k == AT_BRACKETED)
		while (*ds == ' ')
			ds++;
	ls = local_start(t, le);
	de = domain_end(ds, &dot);
	if (ls == le || de - ds < 2)
		return NULL;
	if (k != AT_SIGN && !dot)
		return NULL;
	for (q = ls; q < le; q++)
		marked |= strchr("._-+", *q) || (*q >= '0' && *q <= '9');
	if (k == AT_WORD && (!marked || le - ls < 3))
		return NULL;
	*start = ls;
	return de;
}

/* The next joining mark at or after p: its start, its end in *end, its kind in *k. */
static const char *next_mark(const char *p, const char **end, enum at_kind *k)
{
	static const char *const bracketed[] = { "[at]", "(at)", "{at}" };

	for (; *p; p++) {
		size_t i;

		if (*p == '@' || strncmp(p, "\xEF\xBC\xA0", 3) == 0) { /* '@', full-width U+FF20 */
			*end = p + (*p == '@' ? 1 : 3);
			*k = AT_SIGN;
			return p;
		}
		for (i = 0; i < sizeof(bracketed) / sizeof(bracketed[0]); i++)
			if (rp_ascii_ncasecmp(p, bracketed[i], 4) == 0) {
				*end = p + 4;
				*k = AT_BRACKETED;
				return p;
			}
		if (strncmp(p, " at ", 4) == 0) {
			*end = p + 4;
			*k = AT_WORD;
			return p;
		}
	}
	return NULL;
}

char *rp_name_set_withhold(struct rp_name_set *set, const char *text, size_t *n_withheld)
{
	struct rp_buf b = RP_BUF_INIT;
	const char *p = text, *copied = text;
	size_t n = 0;
	int oom = 0;

	if (!text)
		return NULL;
	settle(set);
	/* Addresses first, in a copy, so that their local parts are not read as names. */
	for (;;) {
		const char *m_end = NULL, *s, *e, *m;
		enum at_kind k = AT_SIGN;

		if (!(m = next_mark(p, &m_end, &k)))
			break;
		if ((e = address_around(text, m, m_end, k, &s)) && s >= copied) {
			oom |= rp_buf_add(&b, copied, (size_t)(s - copied)) || rp_buf_adds(&b, WITHHELD_ADDRESS);
			copied = p = e;
			n++;
		} else {
			p = m + 1;
		}
	}
	oom |= rp_buf_adds(&b, copied);
	if (oom) {
		rp_buf_release(&b);
		return NULL;
	}
	{
		char *addr_free = rp_buf_detach(&b, NULL);
		struct rp_buf out = RP_BUF_INIT;
		const char *t = addr_free;

		if (!addr_free)
			return NULL;
		p = copied = t;
		while (*p && !oom) {
			const char *e, *name_end;
			size_t el;

			if (!letter_at(p) || letter_before(t, p)) {
				p++;
				continue;
			}
			e = word_end(p);
			if (!(name_end = name_at(set, t, p, e, &oom))) {
				/* "d'Avri": the name after the elision is read again on its own */
				p = (el = elision(p, e)) ? p + el : e;
				continue;
			}
			oom |= rp_buf_add(&out, copied, (size_t)(p - copied)) || rp_buf_adds(&out, WITHHELD_NAME);
			copied = p = name_end;
			n++;
		}
		oom |= rp_buf_adds(&out, copied);
		free(addr_free);
		if (oom) {
			rp_buf_release(&out);
			return NULL;
		}
		if (n_withheld)
			*n_withheld += n;
		return rp_buf_detach(&out, NULL);
	}
}

/* Replace *text by its withheld form; 0 or RP_ENOMEM. */
static int withhold(struct rp_name_set *set, char **text, size_t *n)
{
	char *w;

	if (!*text)
		return 0;
	if (!(w = rp_name_set_withhold(set, *text, n)))
		return RP_ENOMEM;
	free(*text);
	*text = w;
	return 0;
}

static int withhold_items(struct rp_name_set *set, struct rp_report_item *v, size_t k, size_t *n)
{
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < k; i++)
		rc = withhold(set, &v[i].text, n) || withhold(set, &v[i].proposed, n) ? RP_ENOMEM : 0;
	return rc;
}

static int withhold_section(struct rp_name_set *set, struct rp_report_section *sec, size_t *n)
{
	size_t i;

	for (i = 0; i < sec->n_bullets; i++)
		if (withhold(set, &sec->bullets[i].text, n))
			return RP_ENOMEM;
	if (withhold_items(set, sec->amendments, sec->n_amendments, n) ||
	    withhold_items(set, sec->open_objections, sec->n_open_objections, n) ||
	    withhold_items(set, sec->questions, sec->n_questions, n))
		return RP_ENOMEM;
	return 0;
}

/* The name a participant signs with, from the last line of a sign-off block ("Best
 * regards,\nSeun"): one to three capitalised words, no punctuation of a phrase, and none
 * of them a word of the closing itself ("Many thanks", "Kind regards", "All the best",
 * "Take care" end a block without a name). Members write to each other by that name ("Thank you
 * Seun"), which their From header may not hold (Oluwaseun). Empty when there is none. */
static void signoff_name(const char *closing, char *buf, size_t cap)
{
	static const char *const closings[] = {
		"best", "thanks", "thank", "cheers", "regards", "merci", "saludos", "cordialement",
		"ciao", "yours", "sincerely", "greetings", "gracias", "danke", "bye", "care",
		"wishes", "kind", "warm", "warmest", "many", "love", "cordially", "respectfully",
		"atentamente", "amicalement", "gruss", "grüße", "grüsse", "freundlichen", "again",
	};
	const char *b = closing, *e, *p;
	size_t len, words = 0;

	buf[0] = '\0';
	for (p = closing; *p; p++)
		if (*p == '\n' && p[1])
			b = p + 1;
	while (*b == ' ' || *b == '\t')
		b++;
	for (e = b + strlen(b); e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r');)
		e--;
	len = (size_t)(e - b);
	if (!len || len >= cap || len > 60 || !capital_start(b))
		return;
	for (p = b; p < e; p++) {
		if (strchr(",;:!?()<>@/0123456789\"", *p))
			return;
		words += *p == ' ' && p + 1 < e && p[1] != ' ';
	}
	if (words > 2)
		return;
	for (p = b; p < e; p = word_end(p)) {
		while (p < e && *p == ' ')
			p++;
		if (p < e && IN(closings, p, (size_t)(word_end(p) - p), 1))
			return;
		if (word_end(p) == p)
			p++;
	}
	memcpy(buf, b, len);
	buf[len] = '\0';
}

/* The sign-off names of the messages read for the draft (their closing blocks). */
static int add_signoff_names(struct rp_name_set *set, struct rp_store *s, int64_t draft,
			     struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	char name[128];
	int rc;

	if ((rc = rp_store_prepare(s, &st,
				   "SELECT text FROM block WHERE kind = 'closing' AND depth = 0 AND"
				   " (message IN (SELECT message FROM draft_message WHERE draft = ?1)"
				   "  OR message IN (SELECT message FROM point WHERE draft = ?1))",
				   err)))
		return rc;
	sqlite3_bind_int64(st, 1, draft);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *closing = (const char *)sqlite3_column_text(st, 0);

		if (!closing)
			continue;
		signoff_name(closing, name, sizeof(name));
		if (name[0] && (rc = rp_name_set_add(set, name)))
			break;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc != RP_ENOMEM)
		rc = rp_store_error(s, err, "reading the names to withhold");
	sqlite3_finalize(st);
	return rc;
}

int rp_report_withhold_names(struct rp_report *r, struct rp_store *s, size_t *n_withheld,
			     struct rp_error *err)
{
	struct rp_name_set *set = NULL;
	sqlite3_stmt *st = NULL;
	size_t i, n = 0;
	int rc;

	if ((rc = rp_name_set_new(&set)))
		return rp_error_set(err, rc, "report", "out of memory");
	for (i = 0; !rc && i < r->n_participants; i++)
		rc = rp_name_set_add(set, r->participants[i].name);
	/* The group's members, and everyone who wrote on the draft, included or not, and
	 * whose comments a member forwarded (a point's source "message of NAME, forwarded"). */
	if (!rc && !(rc = rp_store_prepare(
			     s, &st,
			     "SELECT name FROM member WHERE name IS NOT NULL"
			     " UNION SELECT from_name FROM message WHERE from_name IS NOT NULL AND"
			     "  (id IN (SELECT message FROM draft_message WHERE draft = ?1)"
			     "   OR id IN (SELECT message FROM point WHERE draft = ?1))"
			     " UNION SELECT coalesce(" RP_SQL_FWD_NAME("source") ","
			     "  substr(source, 12, length(source) - 22)) FROM point"
			     "  WHERE draft = ?1 AND source LIKE 'message of %, forwarded'",
			     err))) {
		sqlite3_bind_int64(st, 1, r->draft);
		while (!rc && (rc = sqlite3_step(st)) == SQLITE_ROW)
			rc = rp_name_set_add(set, (const char *)sqlite3_column_text(st, 0));
		if (rc == SQLITE_DONE)
			rc = 0;
		else if (rc != RP_ENOMEM)
			rc = rp_store_error(s, err, "reading the names to withhold");
		sqlite3_finalize(st);
	}
	if (!rc)
		rc = add_signoff_names(set, s, r->draft, err);
	/* Bullets and items repeat texts of the matrix, where each is counted once. */
	for (i = 0; !rc && i < r->n_sections; i++)
		rc = withhold_section(set, &r->sections[i], NULL);
	if (!rc)
		rc = withhold_section(set, &r->general, NULL);
	for (i = 0; !rc && i < r->n_matrix; i++)
		if (withhold(set, &r->matrix[i].comment, &n) || withhold(set, &r->matrix[i].proposed, &n) ||
		    withhold(set, &r->matrix[i].note, &n))
			rc = RP_ENOMEM;
	rp_name_set_free(set);
	if (rc == RP_ENOMEM && !err->code)
		rp_error_set(err, rc, "report", "out of memory");
	if (!rc && n_withheld)
		*n_withheld = n;
	return rc;
}
