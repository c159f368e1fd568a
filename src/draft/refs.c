/* refs: the grammar of references members make to a draft, resolved to its sections.
 *
 * Recognised: "section 3.9", "§3.9", "sections 3.9 and 3.10", "3.9-3.11", "para 12",
 * "3.9(a)", "page 5", "pp. 5-6", "p5", "Annex A", "Appendix 2", "Recommendation 4",
 * "recommendation (c)" (item (c) under the heading Recommendations),
 * "the introduction", and a section's heading words ("the part on Parliamentarians",
 * "the issue teams proposal"). The item and section words also in French, German and
 * Spanish, case and accents aside ("la recommandation 4", "Empfehlung 4", "la recomendación
 * 4", "Abschnitt 4"). Bare numbers count only when they look like section numbers
 * ("3.9", not "12") and the draft has that very number; dates, times, versions, money and
 * quantities ("v2.3", "3.30pm", "3.9%", "USD 3.5", "1.5 million") never count, nor does
 * a member's own numbering ("Ingrid's point 2", "my point 1").
 *
 * Written by hand: a reference grammar for drafts is domain specific; the scanner is one
 * pass over the text with bounded look-ahead, so hostile mail costs linear time. Heading
 * words are compared after Snowball stemming (libstemmer) so "parliamentarians" meets
 * "Parliamentarian". */
#include <ctype.h>
#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draft-private.h"
#include "rapporteur/draft.h"

#define MAX_REF_TEXT (1u << 20) /* bytes of a message scanned */
#define MAX_RANGE 64             /* sections or pages in one range */
#define MAX_IDS 32               /* ids in one list */
#define MAX_TOKENS 200000
#define MAX_TOTAL_IDS 2000       /* references read from one message */
#define MAX_CANDIDATES 64        /* headings tried at one word */

enum kind { K_NONE, K_SECTION, K_PAGE, K_ANNEX, K_REC };

/* Section numbers sorted for lookup (lowest index first among equal numbers). */
struct numidx {
	const char *num;
	size_t section;
};

struct refs {
	struct rp_draft_ref *v;
	size_t n, a;
	int oom;
	const struct rp_draft_doc *doc;
	const struct numidx *idx; /* sorted section numbers (the draft's index) */
	size_t nidx;
	long *seen;         /* per section: its entry in v, or -1 */
	size_t ids;         /* ids read so far, capped by MAX_TOTAL_IDS */
	int words;          /* the number words the keyword read may be followed by (WORDS_*) */
};

static void add_ref(struct refs *r, size_t section, const char *ev, size_t evlen, double conf)
{
	char *e;

	if (section >= r->doc->n)
		return;
	if (r->seen[section] >= 0) {
		struct rp_draft_ref *old = &r->v[r->seen[section]];
		if (conf > old->confidence)
			old->confidence = conf;
		return;
	}
	if (r->n == r->a) {
		size_t na = r->a ? 2 * r->a : 8;
		struct rp_draft_ref *nv = realloc(r->v, na * sizeof(*nv));
		if (!nv) {
			r->oom = 1;
			return;
		}
		r->v = nv;
		r->a = na;
	}
	while (evlen && isspace((unsigned char)ev[evlen - 1]))
		evlen--;
	if (evlen > 200)
		evlen = 200;
	e = rp_strndup(ev, evlen);
	if (!e) {
		r->oom = 1;
		return;
	}
	r->v[r->n].section = section;
	r->v[r->n].evidence = e;
	r->v[r->n].confidence = conf;
	r->seen[section] = (long)r->n;
	r->n++;
}

static int alnum_at(const char *t, size_t i)
{
	return isalnum((unsigned char)t[i]) || (unsigned char)t[i] >= 0x80;
}

/* ---- keywords ------------------------------------------------------------------------- */

struct keyword {
	const char *word;
	enum kind kind;
	int glued; /* may be followed directly by a digit ("p5", "§3.9") */
};

/* Longest first within a family so "sections" wins over "section". */
static const struct keyword keywords[] = {
	{ "sections", K_SECTION, 0 },	 { "section", K_SECTION, 0 },	 { "secs.", K_SECTION, 0 },
	{ "sec.", K_SECTION, 0 },	 { "sect.", K_SECTION, 0 },	 { "\xc2\xa7\xc2\xa7", K_SECTION, 1 },
	{ "\xc2\xa7", K_SECTION, 1 },	 { "\xc2\xb6", K_SECTION, 1 },	 { "paragraphs", K_SECTION, 0 },
	{ "paragraph", K_SECTION, 0 },	 { "paras.", K_SECTION, 0 },	 { "paras", K_SECTION, 0 },
	{ "para.", K_SECTION, 0 },	 { "para", K_SECTION, 0 },	 { "clauses", K_SECTION, 0 },
	{ "clause", K_SECTION, 0 },	 { "chapters", K_SECTION, 0 },	 { "chapter", K_SECTION, 0 },
	{ "parts", K_SECTION, 0 },	 { "part", K_SECTION, 0 },	 { "points", K_SECTION, 0 },
	{ "point", K_SECTION, 0 },	 { "items", K_SECTION, 0 },	 { "item", K_SECTION, 0 },
	{ "pages", K_PAGE, 0 },		 { "page", K_PAGE, 0 },		 { "pp.", K_PAGE, 1 },
	{ "pp", K_PAGE, 1 },		 { "pgs.", K_PAGE, 1 },		 { "pg.", K_PAGE, 1 },
	{ "pg", K_PAGE, 1 },		 { "p.", K_PAGE, 1 },		 { "p", K_PAGE, 1 },
	{ "annexes", K_ANNEX, 0 },	 { "annex", K_ANNEX, 0 },	 { "appendices", K_ANNEX, 0 },
	{ "appendix", K_ANNEX, 0 },	 { "recommendations", K_REC, 0 }, { "recommendation", K_REC, 0 },
	{ "recs.", K_REC, 0 },		 { "rec.", K_REC, 0 },		 { "recs", K_REC, 0 },
	{ "rec", K_REC, 0 },
	/* French, German and Spanish, written without accents: matched accent-insensitively
	 * (folded_prefix), "recomendación" as "recomendacion". */
	{ "paragraphes", K_SECTION, 0 }, { "paragraphe", K_SECTION, 0 }, { "alineas", K_SECTION, 0 },
	{ "alinea", K_SECTION, 0 },	 { "chapitres", K_SECTION, 0 },	 { "chapitre", K_SECTION, 0 },
	{ "abschnitten", K_SECTION, 0 }, { "abschnitte", K_SECTION, 0 }, { "abschnitt", K_SECTION, 0 },
	{ "absatze", K_SECTION, 0 },	 { "absatz", K_SECTION, 0 },	 { "kapitel", K_SECTION, 0 },
	{ "ziffern", K_SECTION, 0 },	 { "ziffer", K_SECTION, 0 },	 { "parrafos", K_SECTION, 0 },
	{ "parrafo", K_SECTION, 0 },	 { "secciones", K_SECTION, 0 },	 { "seccion", K_SECTION, 0 },
	{ "capitulos", K_SECTION, 0 },	 { "capitulo", K_SECTION, 0 },	 { "seiten", K_PAGE, 0 },
	{ "seite", K_PAGE, 0 },		 { "paginas", K_PAGE, 0 },	 { "pagina", K_PAGE, 0 },
	{ "annexe", K_ANNEX, 0 },	 { "anhange", K_ANNEX, 0 },	 { "anhang", K_ANNEX, 0 },
	{ "anlagen", K_ANNEX, 0 },	 { "anlage", K_ANNEX, 0 },	 { "anexos", K_ANNEX, 0 },
	{ "anexo", K_ANNEX, 0 },	 { "recommandations", K_REC, 0 }, { "recommandation", K_REC, 0 },
	{ "handlungsempfehlungen", K_REC, 0 }, { "handlungsempfehlung", K_REC, 0 },
	{ "empfehlungen", K_REC, 0 },	 { "empfehlung", K_REC, 0 },	 { "recomendaciones", K_REC, 0 },
	{ "recomendacion", K_REC, 0 },
};

/* The ASCII letter a Latin-1 letter written as UTF-8 C3 xx folds to (é, É: 'e'), 0 for
 * none (ß, Æ, the signs ×, ÷). */
static char fold_c3(unsigned char c)
{
	/* U+00C0 to U+00FF, '-' for none */
	static const char map[] = "aaaaaa-ceeeeiiiidnooooo-ouuuuy--aaaaaa-ceeeeiiiidnooooo-ouuuuy-y";

	return c >= 0x80 && c <= 0xBF && map[c - 0x80] != '-' ? map[c - 0x80] : 0;
}

/* Bytes of t that spell word (lower-case ASCII) with case and accents aside ("Empfehlung",
 * "RECOMMANDATION", "recomendación"); 0 when t does not start with it. */
static size_t folded_prefix(const char *t, const char *word)
{
	size_t i = 0;

	for (; *word; word++) {
		unsigned char c = (unsigned char)t[i];
		if (c == 0xC3 && fold_c3((unsigned char)t[i + 1]) == *word)
			i += 2;
		else if (c && tolower(c) == *word)
			i++;
		else
			return 0;
	}
	return i;
}

/* Keyword at t (a word start); *klen = bytes up to the first id (blanks, "no." skipped);
 * the keyword as listed in *word when word is not NULL. */
static enum kind match_keyword_word(const char *t, size_t *klen, enum kind only, const char **word)
{
	size_t k;

	int c0 = tolower((unsigned char)t[0]);

	/* every keyword starts with one of these: most words are rejected here */
	if (!c0 || !strchr("spcirao\xc2" "ehkz", c0))
		return K_NONE;
	for (k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++) {
		const struct keyword *kw = &keywords[k];
		size_t n, j;
		char last;
		if ((unsigned char)kw->word[0] != c0 || (only != K_NONE && kw->kind != only))
			continue;
		last = kw->word[strlen(kw->word) - 1];
		if ((unsigned char)kw->word[0] < 0x80) {
			if (!(n = folded_prefix(t, kw->word)))
				continue;
		} else if (rp_starts_with(t, kw->word)) {
			n = strlen(kw->word);
		} else {
			continue;
		}
		/* a word keyword must end at a word boundary ("pages" is not "page" + "s",
		 * "anlage" not "Anlagen") */
		if (isalpha((unsigned char)last) && (isalpha((unsigned char)t[n]) || (unsigned char)t[n] >= 0x80))
			continue;
		j = n;
		if (!kw->glued && t[j] != ' ' && t[j] != '\t' && t[j] != '\n')
			continue;
		while (t[j] == ' ' || t[j] == '\t' || (t[j] == '\n' && j - n < 2))
			j++;
		if (kw->glued && isalpha((unsigned char)last) && j == n && !isdigit((unsigned char)t[j]))
			continue;
		if (rp_istarts_with(t + j, "no. ") || rp_istarts_with(t + j, "nr. "))
			j += 4;
		*klen = j;
		if (word)
			*word = kw->word;
		return kw->kind;
	}
	return K_NONE;
}

static enum kind match_keyword(const char *t, size_t *klen, enum kind only)
{
	return match_keyword_word(t, klen, only, NULL);
}

/* ---- ids ------------------------------------------------------------------------------ */

static const char *const unit_words[] = {
	"am",	   "pm",	"a.m",	 "p.m",	   "h",	      "hr",	"hrs",	 "hours",  "hour",
	"minutes", "minute",	"min",	 "mins",   "seconds", "days",	"day",	 "weeks",  "week",
	"months",  "month",	"years", "year",   "percent", "per",	"pct",	 "million", "millions",
	"billion", "bn",	"m",	 "k",	   "kb",      "mb",	"gb",	 "tb",	   "km",
	"kg",	   "x",		"times", "utc",	   "cet",     "cest",	"gmt",	 "bst",	   "est",
	"edt",	   "pst",	"pdt",	 "usd",	   "eur",     "euro",	"euros", "dollars", "chf",
	"gbp",	   "members",	"people", "participants", "persons", "%",
};

static const char *const version_words[] = {
	"version", "versions", "release", "releases", "rev", "rev.", "ver", "ver.", "v",
	"usd", "eur", "chf", "gbp", "us$", "rfc", "ipv", "at", "around", "about", "approximately",
	"draft", "python", "gpl", "lgpl", "iso", "by",
};

static int word_in(const char *w, size_t n, const char *const *list, size_t count)
{
	size_t i;

	int c0;

	if (!n)
		return 0;
	c0 = tolower((unsigned char)w[0]);
	for (i = 0; i < count; i++)
		if ((unsigned char)list[i][0] == c0 && rp_ascii_ncasecmp(list[i], w, n) == 0 &&
		    list[i][n] == '\0')
			return 1;
	return 0;
}

/* Is the number ending at e followed by a unit, a time or a percentage? */
static int bad_after(const char *t, size_t e)
{
	size_t j = e, w;

	if (t[j] == '%' || (t[j] == ':' && isdigit((unsigned char)t[j + 1])) ||
	    (t[j] == '/' && isdigit((unsigned char)t[j + 1])) ||
	    (t[j] == ',' && isdigit((unsigned char)t[j + 1])) || rp_starts_with(t + j, "\xc2\xb0"))
		return 1;
	if (isalpha((unsigned char)t[j])) {
		/* glued unit: "3.30pm", "2.5m", "3.9a" stays an id only via "(a)" */
		return 1;
	}
	while (t[j] == ' ')
		j++;
	w = j;
	while (isalpha((unsigned char)t[j]) || t[j] == '.' || t[j] == '%')
		j++;
	while (j > w && t[j - 1] == '.')
		j--;
	return j > w && word_in(t + w, j - w, unit_words, sizeof(unit_words) / sizeof(unit_words[0]));
}

/* Is the id ending at e followed by the French verb "est" ("la recommandation 4 est
 * claire"), in lower case, which after a keyword is no time zone (EST)? */
static int french_est(const char *t, size_t e)
{
	while (t[e] == ' ')
		e++;
	return rp_starts_with(t + e, "est") && !isalpha((unsigned char)t[e + 3]);
}

/* Is the number starting at s preceded by money, a version or a time marker? */
static int bad_before(const char *t, size_t s)
{
	size_t j = s, e;

	if (s == 0)
		return 0;
	if (alnum_at(t, s - 1) && !(s >= 2 && rp_starts_with(t + s - 2, "\xc2\xa7")))
		return 1;
	if (strchr("$#/:.,+-=_\\", t[s - 1]) && s >= 1)
		return 1;
	if (s >= 3 && (rp_starts_with(t + s - 3, "\xe2\x82\xac") /* euro */ ))
		return 1;
	if (s >= 2 && rp_starts_with(t + s - 2, "\xc2\xa3"))
		return 1;
	while (j > 0 && (t[j - 1] == ' ' || t[j - 1] == '\t'))
		j--;
	e = j;
	while (j > 0 && (isalpha((unsigned char)t[j - 1]) || t[j - 1] == '.' || t[j - 1] == '$'))
		j--;
	return e > j &&
	       word_in(t + j, e - j, version_words, sizeof(version_words) / sizeof(version_words[0]));
}

/* Parse one id of the given kind at t+i into out (NUL-terminated, < 40 bytes); returns the
 * end offset or 0. *dotted says the id had at least two numeric components. */
static size_t parse_id(enum kind kind, const char *t, size_t i, char out[40], int *dotted)
{
	size_t j = i, o = 0;
	int comps = 0;

	*dotted = 0;
	/* "A.1": a part of annex A */
	if ((kind == K_SECTION || kind == K_ANNEX) && isupper((unsigned char)t[j]) &&
	    t[j + 1] == '.' && isdigit((unsigned char)t[j + 2])) {
		char sub[40];
		size_t e = parse_id(K_SECTION, t, j + 2, sub, dotted);
		if (!e || strchr(sub, '(') || strlen(sub) > 30)
			return 0;
		snprintf(out, 40, "%c.%.30s", t[j], sub);
		*dotted = 1;
		return e;
	}
	if (isdigit((unsigned char)t[j])) {
		for (;;) {
			size_t d = 0;
			while (isdigit((unsigned char)t[j]) && d < 5) {
				if (o < 30)
					out[o++] = t[j];
				j++;
				d++;
			}
			if (!d || d > 3 || isdigit((unsigned char)t[j]))
				return 0;
			comps++;
			if (t[j] == '.' && isdigit((unsigned char)t[j + 1]) && kind == K_SECTION &&
			    comps < 6) {
				if (o < 30)
					out[o++] = '.';
				j++;
				continue;
			}
			break;
		}
		*dotted = comps > 1;
		if (kind == K_SECTION && t[j] == '(' && isalpha((unsigned char)t[j + 1]) &&
		    (t[j + 2] == ')' || (isalpha((unsigned char)t[j + 2]) && t[j + 3] == ')'))) {
			size_t k = j;
			while (t[k] != ')' && o < 36)
				out[o++] = (char)tolower((unsigned char)t[k++]);
			out[o++] = ')';
			j = k + 1;
		}
		out[o] = '\0';
		/* a sentence may end right after the number */
		if (t[j] == '.' && isdigit((unsigned char)t[j + 1]))
			return 0;
		return o ? j : 0;
	}
	/* "recommendation (c)": an item of the recommendations, resolved by resolve() */
	if (kind == K_REC && t[j] == '(' && isalpha((unsigned char)t[j + 1]) && t[j + 2] == ')') {
		out[0] = '(';
		out[1] = (char)tolower((unsigned char)t[j + 1]);
		out[2] = ')';
		out[3] = '\0';
		return j + 3;
	}
	if (kind == K_SECTION || kind == K_ANNEX) {
		size_t k = j;
		while (isalpha((unsigned char)t[k]) && k - j < 6)
			k++;
		if (k > j && !alnum_at(t, k)) {
			int roman = rp_draft_roman_value(t + j, k - j);
			int upper = isupper((unsigned char)t[j]);
			if ((roman && (upper || kind == K_ANNEX)) ||
			    (kind == K_ANNEX && k - j == 1)) {
				for (; j < k; j++)
					out[o++] = (char)toupper((unsigned char)t[j]);
				out[o] = '\0';
				return j;
			}
		}
		if (kind == K_SECTION && t[j] == '(' && isalpha((unsigned char)t[j + 1]) &&
		    t[j + 2] == ')') {
			memcpy(out, t + j, 3);
			out[1] = (char)tolower((unsigned char)out[1]);
			out[3] = '\0';
			return j + 3;
		}
	}
	return 0;
}

/* Numbers spelled out after a keyword ("section four", "page two", "la section cinq"), up
 * to twenty in English and ten in French, Spanish and German: members write the small
 * numbers of a short draft's top sections so. */
static const char *const number_words[] = {
	"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
	"twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
	"nineteen", "twenty", NULL,
};
static const char *const number_words_other[] = {
	"un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
	"uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez",
	"eins", "zwei", "drei", "vier", "funf", "sechs", "sieben", "acht", "neun", "zehn", NULL,
};

/* The number words a keyword may be followed by: those of its language ("la sección
 * tres", but "la section tres courte" is French "très" unaccented), and not "one" or "un"
 * after a determiner ("in that section one finds", "cette section un peu courte"). */
enum { WORDS_EN = 1, WORDS_FR = 2, WORDS_ES = 4, WORDS_DE = 8, WORDS_NOT_ONE = 16 };

static int number_languages(const char *t, size_t at, const char *keyword)
{
	static const char *const es[] = { "parrafo", "seccion", "capitulo", "pagina", "anexo",
					  "recomendacion" };
	static const char *const de[] = { "abschnitt", "absatz", "kapitel", "ziffer", "seite",
					  "anhang", "anlage", "empfehlung", "handlungsempfehlung" };
	static const char *const fr[] = { "paragraphe", "alinea", "chapitre", "annexe",
					  "recommandation" };
	static const char *const determiners[] = { "this", "that", "the", "each", "every", "any",
						   "which", "cette", "ce", "la", "le", "chaque" };
	int langs = WORDS_EN | WORDS_FR;
	size_t k, e, b;

	for (k = 0; k < sizeof(es) / sizeof(es[0]); k++)
		if (rp_starts_with(keyword, es[k]))
			langs = WORDS_ES;
	for (k = 0; k < sizeof(de) / sizeof(de[0]); k++)
		if (rp_starts_with(keyword, de[k]))
			langs = WORDS_DE;
	for (k = 0; k < sizeof(fr) / sizeof(fr[0]); k++)
		if (rp_starts_with(keyword, fr[k]))
			langs = WORDS_FR;
	if ((unsigned char)keyword[0] >= 0x80) /* the signs: any language */
		langs = WORDS_EN | WORDS_FR | WORDS_ES | WORDS_DE;
	for (e = at; e > 0 && t[e - 1] == ' ';)
		e--;
	for (b = e; b > 0 && isalpha((unsigned char)t[b - 1]);)
		b--;
	for (k = 0; e > b && k < sizeof(determiners) / sizeof(determiners[0]); k++)
		if (strlen(determiners[k]) == e - b && rp_ascii_ncasecmp(t + b, determiners[k], e - b) == 0)
			langs |= WORDS_NOT_ONE;
	return langs;
}

/* A number word at t+i in one of the languages langs allows, its value written into out;
 * returns the end offset or 0. */
static size_t parse_number_word(const char *t, size_t i, int langs, char out[40])
{
	static const int other_lang[] = { WORDS_FR, WORDS_ES, WORDS_DE };
	size_t j = i, k, n;

	while (isalpha((unsigned char)t[j]) && j - i < 10)
		j++;
	n = j - i;
	if (!n || alnum_at(t, j))
		return 0;
	for (k = 0; number_words[k] && (langs & WORDS_EN); k++)
		if (strlen(number_words[k]) == n && rp_ascii_ncasecmp(t + i, number_words[k], n) == 0 &&
		    !(k == 0 && (langs & WORDS_NOT_ONE))) {
			snprintf(out, 40, "%zu", k + 1);
			return j;
		}
	for (k = 0; number_words_other[k]; k++)
		if ((langs & other_lang[k / 10]) && !(k == 0 && (langs & WORDS_NOT_ONE)) &&
		    strlen(number_words_other[k]) == n &&
		    rp_ascii_ncasecmp(t + i, number_words_other[k], n) == 0) {
			snprintf(out, 40, "%zu", k % 10 + 1);
			return j;
		}
	return 0;
}

/* May the keyword at t be followed by a number spelled out? Not "point one", "item two",
 * "part one": a member numbers the points of their own message so. Nor an annex, which
 * is named by a letter. */
static int spelled_after(const char *t, enum kind kind)
{
	return kind != K_ANNEX && !rp_istarts_with(t, "point") && !rp_istarts_with(t, "item") &&
	       !rp_istarts_with(t, "part");
}

/* "Ingrid's point 2", "my point 1", "her item 3": a member's own numbering of a message,
 * not the draft's. At t, a "point" or "item" keyword; before it, a possessive: a word
 * ending in 's (or the typographic apostrophe) or s', or my, your, his, her, our, their. */
static int members_numbering(const char *t, size_t i)
{
	static const char *const own[] = { "my", "your", "his", "her", "our", "their", NULL };
	size_t e = i, b;
	int k;

	if (!rp_istarts_with(t + i, "point") && !rp_istarts_with(t + i, "item"))
		return 0;
	while (e > 0 && t[e - 1] == ' ')
		e--;
	if (e == i || e == 0)
		return 0;
	if (e >= 2 && (t[e - 1] == 's' || t[e - 1] == 'S') &&
	    (t[e - 2] == '\'' || (e >= 4 && memcmp(t + e - 4, "\xe2\x80\x99", 3) == 0)))
		return 1;
	if (t[e - 1] == '\'' && e >= 2 && (t[e - 2] == 's' || t[e - 2] == 'S'))
		return 1;
	for (b = e; b > 0 && isalpha((unsigned char)t[b - 1]); b--)
		;
	for (k = 0; own[k]; k++)
		if (strlen(own[k]) == e - b && rp_ascii_ncasecmp(t + b, own[k], e - b) == 0)
			return 1;
	return 0;
}

/* ---- resolution ----------------------------------------------------------------------- */

static int cmp_num(const void *a, const void *b)
{
	const struct numidx *x = a, *y = b;
	int c = rp_ascii_casecmp(x->num, y->num);

	return c ? c : (x->section > y->section) - (x->section < y->section);
}

static int find_number(const struct refs *r, const char *num)
{
	size_t lo = 0, hi = r->nidx;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (rp_ascii_casecmp(r->idx[mid].num, num) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < r->nidx && rp_ascii_casecmp(r->idx[lo].num, num) == 0)
		return (int)r->idx[lo].section;
	return -1;
}

/* "Recommendation (c)": item (c) of the section headed Recommendations, whatever its own
 * number ("4(c)", or "(c)" under an unnumbered heading); -1 when the draft has no such
 * heading or item. One pass over the sections, for the rare lettered reference. */
static int rec_item(const struct refs *r, const char *id)
{
	static const char *const heads[] = { "recommendation", "recommandation", "handlungsempfehlung",
					     "empfehlung", "recomendacion" };
	const struct rp_draft_doc *doc = r->doc;
	size_t i, j, k, n = strlen(id);

	for (i = 0; i < doc->n; i++) {
		const char *h = doc->sections[i].heading;
		for (k = 0; h && k < sizeof(heads) / sizeof(heads[0]) && !folded_prefix(h, heads[k]); k++)
			;
		if (!h || k == sizeof(heads) / sizeof(heads[0]))
			continue;
		for (j = i + 1; j < doc->n && doc->sections[j].level > doc->sections[i].level; j++) {
			const char *num = doc->sections[j].number;
			size_t m = num ? strlen(num) : 0;
			if (doc->sections[j].parent == (int)i && m >= n && rp_ascii_casecmp(num + m - n, id) == 0)
				return (int)j;
		}
	}
	return -1;
}

static int resolve(const struct refs *r, enum kind kind, const char *id)
{
	char buf[64];
	int k;

	switch (kind) {
	case K_SECTION:
		if ((k = find_number(r, id)) >= 0)
			return k;
		if (strchr(id, '(')) { /* "3.9(c)" when the draft has no items: 3.9 */
			size_t n = (size_t)(strchr(id, '(') - id);
			if (n && n < sizeof(buf)) {
				memcpy(buf, id, n);
				buf[n] = '\0';
				return find_number(r, buf);
			}
		}
		return -1;
	case K_ANNEX:
		if ((k = find_number(r, id)) >= 0)
			return k; /* "A", "A.1" */
		snprintf(buf, sizeof(buf), "Annex %s", id);
		if ((k = find_number(r, buf)) >= 0)
			return k;
		snprintf(buf, sizeof(buf), "Appendix %s", id);
		return find_number(r, buf);
	case K_REC:
		if (id[0] == '(')
			return rec_item(r, id);
		/* the draft's own word, whatever language the member wrote in */
		for (k = -1; rp_draft_rec_words[++k];) {
			int s;
			snprintf(buf, sizeof(buf), "%s %s", rp_draft_rec_words[k], id);
			if ((s = find_number(r, buf)) >= 0)
				return s;
		}
		return -1;
	default:
		return -1;
	}
}

/* Sections of pages [from, to]; each gets a confidence shared among them. */
static void add_pages(struct refs *r, const struct rp_draft_doc *doc, int from, int to,
		      const char *ev, size_t evlen)
{
	size_t i, hits = 0;

	if (to < from || to - from > MAX_RANGE)
		return;
	for (i = 0; i < doc->n; i++)
		if (doc->sections[i].page_from > 0 && doc->sections[i].page_from <= to &&
		    doc->sections[i].page_to >= from)
			hits++;
	for (i = 0; i < doc->n && hits; i++)
		if (doc->sections[i].page_from > 0 && doc->sections[i].page_from <= to &&
		    doc->sections[i].page_to >= from)
			add_ref(r, i, ev, evlen, hits == 1 ? 0.75 : 0.55);
}

struct pending {
	size_t n;
	int sec[MAX_RANGE * 2];
	int page_from[MAX_IDS], page_to[MAX_IDS];
	size_t npages;
};

static void pend_section(struct pending *pd, int k)
{
	if (k >= 0 && pd->n < sizeof(pd->sec) / sizeof(pd->sec[0]))
		pd->sec[pd->n++] = k;
}

/* Separator between two ids of a list: returns its length, *range for "-", "to". */
static size_t list_sep(const char *t, size_t j, int *range)
{
	size_t s = j;

	*range = 0;
	while (t[j] == ' ')
		j++;
	if (t[j] == ',' || t[j] == '&' || t[j] == '/') {
		j++;
		while (t[j] == ' ')
			j++;
		if (rp_istarts_with(t + j, "and ") || rp_istarts_with(t + j, "or "))
			j += t[j] == 'a' || t[j] == 'A' ? 4 : 3;
	} else if (t[j] == '-' ) {
		j++;
		*range = 1;
	} else if (rp_starts_with(t + j, "\xe2\x80\x93") || rp_starts_with(t + j, "\xe2\x80\x94")) {
		j += 3;
		*range = 1;
	} else if (rp_istarts_with(t + j, "and ") || rp_istarts_with(t + j, "or ")) {
		j += t[j] == 'a' || t[j] == 'A' ? 4 : 3;
	} else if (rp_istarts_with(t + j, "und ") || rp_istarts_with(t + j, "et ") ||
		   rp_istarts_with(t + j, "y ")) {
		/* "Empfehlungen 1 und 3", "recommandations 1 et 3", "recomendaciones 1 y 3" */
		j += strchr(t + j, ' ') - (t + j) + 1;
	} else if (rp_istarts_with(t + j, "to ") || rp_istarts_with(t + j, "thru ")) {
		j += t[j + 1] == 'o' || t[j + 1] == 'O' ? 3 : 5;
		*range = 1;
	} else if (rp_istarts_with(t + j, "through ")) {
		j += 8;
		*range = 1;
	} else {
		return 0;
	}
	while (t[j] == ' ')
		j++;
	return j - s;
}

/* "page 5 of the Working Group's paper", "p. 3 in the WGS report": a page of another
 * document. Said when "of"/"in" follows and the next words hold a possessive or a
 * capitalised word that is not in the draft's title ("page 2 of the DC feedback" stays). */
static int other_document(const struct rp_draft_doc *doc, const char *t)
{
	size_t j = 0, words = 0;

	while (t[j] == ' ')
		j++;
	if (!rp_istarts_with(t + j, "of ") && !rp_istarts_with(t + j, "in "))
		return 0;
	j += 3;
	while (words < 5 && t[j] && !strchr(".,;:!?()\n", t[j])) {
		size_t w = j, n;
		while (t[j] == ' ')
			j++;
		w = j;
		while (t[j] && t[j] != ' ' && !strchr(".,;:!?()\n", t[j]))
			j++;
		n = j - w;
		if (!n)
			break;
		words++;
		if ((n > 2 && rp_starts_with(t + j - 2, "'s")) ||
		    (n > 4 && rp_starts_with(t + j - 4, "\xe2\x80\x99s")))
			return 1;
		if (isupper((unsigned char)t[w]) && !(words == 1 && n == 3 && rp_istarts_with(t + w, "the"))) {
			char word[64];
			if (n >= sizeof(word))
				return 1;
			memcpy(word, t + w, n);
			word[n] = '\0';
			if (!doc->title || !rp_ascii_casestr(doc->title, word))
				return 1;
		}
	}
	return 0;
}

/* The id at t+j of a list holding count ids so far (parse_id), or a number spelled out
 * after a keyword that allows one (r->words). A number spelled out goes on a list only
 * opened by one, "sections four and five", not "section 3 and two others": *spelled says
 * the list was. */
static size_t next_id(const struct refs *r, enum kind kind, const char *t, size_t j, char id[40],
		      int *dotted, int bare, size_t count, int *spelled)
{
	size_t e = 0;

	if (!count || !*spelled)
		e = parse_id(kind, t, j, id, dotted);
	if (!e && !bare && r->words && (!count || *spelled)) {
		*dotted = 0;
		if ((e = parse_number_word(t, j, r->words, id)) && !count)
			*spelled = 1;
	}
	return e;
}

/* A list of ids of one kind starting at j; bare = no keyword (section numbers only).
 * Returns the end of the list (0 when nothing was recognised). */
static size_t scan_list(struct refs *r, const struct rp_draft_doc *doc, const char *t, size_t start,
			size_t j, enum kind kind, int bare)
{
	struct pending pd = { 0 };
	char id[40], prev[40] = "";
	size_t end = 0, e, count = 0, sep;
	int dotted, range = 0, prev_page = 0;

	int spelled = 0;

	while (count < MAX_IDS && r->ids < MAX_TOTAL_IDS &&
	       (e = next_id(r, kind, t, j, id, &dotted, bare, count, &spelled))) {
		int k = -1;
		r->ids++;
		if (bad_after(t, e) && !(kind == K_SECTION && t[e] == ')') && !(!bare && french_est(t, e)))
			break;
		if (bare && (!dotted || find_number(r, id) < 0))
			break;
		if (kind == K_PAGE) {
			int pg = atoi(id);
			if (pd.npages < MAX_IDS) {
				pd.page_from[pd.npages] = range ? prev_page + 1 : pg;
				pd.page_to[pd.npages++] = pg;
			}
			prev_page = pg;
		} else {
			k = resolve(r, kind, id);
			if (range && k >= 0) {
				int a = resolve(r, kind, prev), b;
				for (b = a + 1; a >= 0 && b <= k && b - a <= MAX_RANGE; b++)
					pend_section(&pd, b);
			} else {
				pend_section(&pd, k);
			}
		}
		memcpy(prev, id, sizeof(prev));
		end = e;
		count++;
		if (!(sep = list_sep(t, e, &range)))
			break;
		j = e + sep;
		/* "section 3.9 and section 3.10", "pp. 5 and p. 7" */
		if (!bare) {
			size_t klen = 0;
			if (match_keyword(t + j, &klen, kind) != K_NONE)
				j += klen;
		}
		if (bare && !isdigit((unsigned char)t[j]))
			break;
	}
	if (!end)
		return 0;
	for (size_t i = 0; i < pd.n; i++)
		add_ref(r, (size_t)pd.sec[i], t + start, end - start,
			bare ? 0.85 : 0.95);
	for (size_t i = 0; i < pd.npages && !other_document(doc, t + end); i++)
		add_pages(r, doc, pd.page_from[i], pd.page_to[i], t + start, end - start);
	return end;
}

/* ---- "the introduction" and heading words --------------------------------------------- */

static const char *const stopwords[] = {
	"the", "a", "an", "of", "on", "to", "for", "and", "or", "in", "by", "with", "at",
	"from", "about", "is", "are", "be", "this", "that", "its", "it", "as", "into", "our",
	"we", "their", "your", "i", "not", "no", "de", "la", "le", "les", "des", "du", "et",
};

struct token {
	size_t start, end;
	char *stem;
	int stop;
};

struct tokens {
	struct token *v;
	size_t n;
};

static void tokens_release(struct tokens *tk)
{
	size_t i;

	for (i = 0; i < tk->n; i++)
		free(tk->v[i].stem);
	free(tk->v);
	tk->v = NULL;
	tk->n = 0;
}

/* Words of s (letters, digits, inner hyphens and apostrophes, any non-ASCII byte), lower
 * case ASCII, stemmed; punctuation between words is kept as a break (stem NULL). */
static int tokenize(struct tokens *tk, struct sb_stemmer *st, const char *s, size_t len)
{
	size_t i = 0, a = 0;

	tk->v = NULL;
	tk->n = 0;
	while (i < len && tk->n < MAX_TOKENS) {
		size_t b, k;
		char word[64];
		if (!alnum_at(s, i)) {
			if (strchr(".,;:!?()[]\"", s[i]) || s[i] == '\n') {
				/* a break: record it so phrases do not run across punctuation */
				if (tk->n && tk->v[tk->n - 1].stem) {
					if (tk->n == a) {
						size_t na = a ? 2 * a : 64;
						struct token *nv = realloc(tk->v, na * sizeof(*nv));
						if (!nv)
							return RP_ENOMEM;
						tk->v = nv;
						a = na;
					}
					tk->v[tk->n].start = tk->v[tk->n].end = i;
					tk->v[tk->n].stem = NULL;
					tk->v[tk->n].stop = 1;
					tk->n++;
				}
			}
			i++;
			continue;
		}
		b = i;
		while (i < len && (alnum_at(s, i) || ((s[i] == '-' || s[i] == '\'') && i + 1 < len &&
						       alnum_at(s, i + 1) && i > b)))
			i++;
		for (k = 0; k < i - b && k < sizeof(word) - 1; k++)
			word[k] = (char)tolower((unsigned char)s[b + k]);
		word[k] = '\0';
		if (tk->n == a) {
			size_t na = a ? 2 * a : 64;
			struct token *nv = realloc(tk->v, na * sizeof(*nv));
			if (!nv)
				return RP_ENOMEM;
			tk->v = nv;
			a = na;
		}
		{
			const sb_symbol *stem = st ? sb_stemmer_stem(st, (const sb_symbol *)word, (int)k)
						   : (const sb_symbol *)word;
			struct token *t = &tk->v[tk->n];
			t->start = b;
			t->end = i;
			t->stem = rp_strdup(stem ? (const char *)stem : word);
			if (!t->stem)
				return RP_ENOMEM;
			t->stop = word_in(word, k, stopwords, sizeof(stopwords) / sizeof(stopwords[0]));
			tk->n++;
		}
	}
	return 0;
}

static int token_is(const struct token *t, const char *const *words, size_t n)
{
	return t->stem && word_in(t->stem, strlen(t->stem), words, n);
}

/* Content stems of a heading, in order. */
struct heading_words {
	struct tokens tk;
	size_t content; /* number of non-stop words */
};

static const char *const cue_nouns[] = {
	"part", "section", "paragraph", "bit", "passag", "text", "languag", "word", "chapter",
	"point", "discuss", "propos", "recommend", "comment", "sentenc", "piec",
};
static const char *const cue_preps[] = { "on", "about", "regard", "concern", "re", "deal" };

/* Score heading h against the content words of text tokens [a, b). */
static double heading_score(const struct heading_words *h, const struct tokens *tk, size_t a,
			    size_t b)
{
	size_t i, j, hits = 0;

	if (!h->content)
		return 0;
	for (i = 0; i < h->tk.n; i++) {
		if (!h->tk.v[i].stem || h->tk.v[i].stop)
			continue;
		for (j = a; j < b; j++)
			if (tk->v[j].stem && !tk->v[j].stop && strcmp(tk->v[j].stem, h->tk.v[i].stem) == 0) {
				hits++;
				break;
			}
	}
	return (double)hits / (double)h->content + (hits ? 0.01 * (double)hits : 0);
}

/* Does the heading's word sequence (stop words skipped) occur at text token i? */
static size_t heading_at(const struct heading_words *h, const struct tokens *tk, size_t i)
{
	size_t k = 0, j = i;

	while (k < h->tk.n) {
		if (!h->tk.v[k].stem || h->tk.v[k].stop) {
			k++;
			continue;
		}
		while (j < tk->n && tk->v[j].stem && tk->v[j].stop)
			j++;
		if (j >= tk->n || !tk->v[j].stem || strcmp(tk->v[j].stem, h->tk.v[k].stem) != 0)
			return 0;
		j++;
		k++;
	}
	return j;
}

/* Index of headings by their first content stem, so that each text word is compared
 * with the few headings it can start rather than with all of them. */
struct first_stem {
	const char *stem;
	size_t section;
};

static int cmp_first(const void *a, const void *b)
{
	return strcmp(((const struct first_stem *)a)->stem, ((const struct first_stem *)b)->stem);
}

static size_t first_lookup(const struct first_stem *idx, size_t n, const char *stem)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(idx[mid].stem, stem) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

#define MAX_CUES 64 /* "the part on ..." phrases scored per message */

static void intro_ref(struct refs *r, const struct rp_draft_doc *doc,
		      const struct heading_words *hw, const struct tokens *tk, size_t i,
		      const char *text)
{
	const struct token *t = &tk->v[i];
	int intro = strcmp(t->stem, "introduct") == 0 || strcmp(t->stem, "intro") == 0;
	int found = -1;
	size_t s, k;

	if (!(intro || strcmp(t->stem, "preambl") == 0 || strcmp(t->stem, "conclus") == 0 ||
	      strcmp(t->stem, "summari") == 0 || strcmp(t->stem, "background") == 0))
		return;
	if (i == 0 || !tk->v[i - 1].stem || strcmp(tk->v[i - 1].stem, "the") != 0)
		return;
	for (s = 0; s < doc->n && found < 0; s++)
		for (k = 0; k < hw[s].tk.n; k++)
			if (hw[s].tk.v[k].stem &&
			    (strcmp(hw[s].tk.v[k].stem, t->stem) == 0 ||
			     (intro && strcmp(hw[s].tk.v[k].stem, "introduct") == 0))) {
				found = (int)s;
				break;
			}
	/* no section called so: the introduction is what comes first */
	if (found < 0 && doc->n && (intro || strcmp(t->stem, "preambl") == 0))
		found = 0;
	if (found >= 0)
		add_ref(r, (size_t)found, text + tk->v[i - 1].start, t->end - tk->v[i - 1].start, 0.8);
}

/* What the reference grammar needs of a draft besides its text, computed once per draft
 * rather than once per message: the section numbers sorted for look-up, each heading's
 * stemmed words and the headings indexed by their first content stem, and the stemmer. */
struct rp_draft_refidx {
	const struct rp_draft_doc *doc;
	struct sb_stemmer *stem; /* NULL when libstemmer has no English: words unstemmed */
	struct numidx *num;
	size_t n_num;
	struct heading_words *hw; /* one per section */
	struct first_stem *first;
	size_t n_first;
};

void rp_draft_refidx_free(struct rp_draft_refidx *x)
{
	size_t s;

	if (!x)
		return;
	if (x->hw)
		for (s = 0; s < x->doc->n; s++)
			tokens_release(&x->hw[s].tk);
	free(x->hw);
	free(x->first);
	free(x->num);
	if (x->stem)
		sb_stemmer_delete(x->stem);
	free(x);
}

int rp_draft_refidx_new(struct rp_draft_refidx **out, const struct rp_draft_doc *doc)
{
	struct rp_draft_refidx *x = calloc(1, sizeof(*x));
	size_t i, s;

	*out = NULL;
	if (!doc) {
		free(x);
		return 0;
	}
	if (!x)
		return RP_ENOMEM;
	x->doc = doc;
	x->stem = sb_stemmer_new("english", NULL);
	x->num = malloc((doc->n + 1) * sizeof(*x->num));
	x->hw = calloc(doc->n + 1, sizeof(*x->hw));
	x->first = calloc(doc->n + 1, sizeof(*x->first));
	if (!x->num || !x->hw || !x->first)
		goto oom;
	for (i = 0; i < doc->n; i++)
		if (doc->sections[i].number) {
			x->num[x->n_num].num = doc->sections[i].number;
			x->num[x->n_num++].section = i;
		}
	qsort(x->num, x->n_num, sizeof(*x->num), cmp_num);
	for (s = 0; s < doc->n; s++) {
		const char *h = doc->sections[s].heading;
		if (!h)
			continue;
		if (tokenize(&x->hw[s].tk, x->stem, h, strlen(h)))
			goto oom;
		for (i = 0; i < x->hw[s].tk.n; i++) {
			const struct token *ht = &x->hw[s].tk.v[i];
			if (!ht->stem || ht->stop)
				continue;
			if (!x->hw[s].content++) {
				x->first[x->n_first].stem = ht->stem;
				x->first[x->n_first++].section = s;
			}
		}
	}
	qsort(x->first, x->n_first, sizeof(*x->first), cmp_first);
	*out = x;
	return 0;
oom:
	rp_draft_refidx_free(x);
	return RP_ENOMEM;
}

static void heading_refs(struct refs *r, struct rp_draft_refidx *x, const char *text, size_t len)
{
	const struct rp_draft_doc *doc = x->doc;
	const struct heading_words *hw = x->hw;
	const struct first_stem *idx = x->first;
	struct tokens tk = { 0 };
	size_t i, s, nidx = x->n_first, cues = 0;

	if (tokenize(&tk, x->stem, text, len)) {
		r->oom = 1;
		goto cleanup;
	}
	for (i = 0; i < tk.n; i++) {
		struct token *t = &tk.v[i];
		size_t k;
		if (!t->stem)
			continue;
		intro_ref(r, doc, hw, &tk, i, text);
		/* "the part on parliamentarians": a cue noun, a preposition, then words */
		if (cues < MAX_CUES &&
		    token_is(t, cue_nouns, sizeof(cue_nouns) / sizeof(cue_nouns[0])) && i + 2 < tk.n &&
		    token_is(&tk.v[i + 1], cue_preps, sizeof(cue_preps) / sizeof(cue_preps[0]))) {
			size_t a = i + 2, b = a, best = 0;
			double bs = 0;
			cues++;
			while (b < tk.n && b < a + 6 && tk.v[b].stem)
				b++;
			for (s = 0; s < doc->n && b > a; s++) {
				double sc = heading_score(&hw[s], &tk, a, b);
				if (sc > bs) {
					bs = sc;
					best = s;
				}
			}
			if (bs >= 0.5)
				add_ref(r, best, text + t->start, tk.v[b - 1].end - t->start,
					bs >= 0.99 ? 0.8 : 0.7);
		}
		/* the heading's words verbatim: two content words or more, or one word
		 * followed by a cue noun ("the resources section") */
		if (t->stop)
			continue;
		for (k = first_lookup(idx, nidx, t->stem), s = 0;
		     k < nidx && s < MAX_CANDIDATES && strcmp(idx[k].stem, t->stem) == 0; k++) {
			size_t e, sec = idx[k].section;
			s++;
			if (!(e = heading_at(&hw[sec], &tk, i)))
				continue;
			if (hw[sec].content >= 2)
				add_ref(r, sec, text + t->start, tk.v[e - 1].end - t->start, 0.7);
			else if (e < tk.n && token_is(&tk.v[e], cue_nouns, 3) && i > 0 &&
				 tk.v[i - 1].stem && strcmp(tk.v[i - 1].stem, "the") == 0)
				add_ref(r, sec, text + tk.v[i - 1].start, tk.v[e].end - tk.v[i - 1].start,
					0.75);
		}
	}
cleanup:
	tokens_release(&tk);
}

/* Does a list item ("- ", "* ", "1. ", "2) ", "(a) ") start at s? */
static int list_item_at(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	if ((*s == '-' || *s == '*' || *s == '+') && s[1] == ' ')
		return 1;
	if (isdigit((unsigned char)*s)) {
		while (isdigit((unsigned char)*s))
			s++;
		return (*s == '.' || *s == ')') && s[1] == ' ';
	}
	return *s == '(' && isalnum((unsigned char)s[1]) && s[2] == ')';
}

/* Mail is wrapped at about 72 columns, so a reference may be split by a line break ("the
 * issue\nteams", "page 5 of the Working\nGroup's paper"). A break inside a paragraph
 * becomes a space; blank lines and breaks before a list item stay breaks. */
static void unwrap_lines(char *t)
{
	size_t i;

	for (i = 1; t[0] && t[i]; i++)
		if (t[i] == '\n' && t[i - 1] != '\n' && t[i + 1] && t[i + 1] != '\n' &&
		    !list_item_at(t + i + 1))
			t[i] = ' ';
}

int rp_draft_find_refs_in(struct rp_draft_refidx *x, const char *text, int flags,
			  struct rp_draft_ref **out, size_t *n)
{
	const struct rp_draft_doc *doc = x ? x->doc : NULL;
	struct refs r = { 0 };
	char *t = NULL;
	size_t len, i;

	*out = NULL;
	*n = 0;
	if (!doc || !text || !doc->n)
		return 0;
	len = strlen(text);
	if (len > MAX_REF_TEXT)
		len = MAX_REF_TEXT;
	/* a NUL-terminated copy so look-ahead never runs past the scanned part */
	t = rp_strndup(text, len);
	r.doc = doc;
	r.idx = x->num;
	r.nidx = x->n_num;
	r.seen = malloc(doc->n * sizeof(*r.seen));
	if (!t || !r.seen) {
		free(t);
		free(r.seen);
		return RP_ENOMEM;
	}
	unwrap_lines(t);
	for (i = 0; i < doc->n; i++)
		r.seen[i] = -1;
	for (i = 0; i < len && !r.oom && r.ids < MAX_TOTAL_IDS; i++) {
		size_t klen = 0, e;
		enum kind kind;
		const char *kw = NULL;
		int glued_sym = (unsigned char)t[i] == 0xc2;
		if (i > 0 && alnum_at(t, i - 1) && !glued_sym)
			continue;
		if ((kind = match_keyword_word(t + i, &klen, K_NONE, &kw)) != K_NONE) {
			if (kind == K_PAGE && !doc->has_pages)
				continue;
			if (members_numbering(t, i)) {
				/* the number after it is no section either */
				for (i += klen; i + 1 < len && (t[i + 1] == ' ' || isdigit((unsigned char)t[i + 1]) ||
								t[i + 1] == '.');
				     i++)
					;
				continue;
			}
			r.words = spelled_after(t + i, kind) ? number_languages(t, i, kw) : 0;
			e = scan_list(&r, doc, t, i, i + klen, kind, 0);
			if (e)
				i = e - 1;
			continue;
		}
		if ((isdigit((unsigned char)t[i]) ||
		     (isupper((unsigned char)t[i]) && t[i + 1] == '.' && isdigit((unsigned char)t[i + 2]))) &&
		    !bad_before(t, i)) {
			e = scan_list(&r, doc, t, i, i, K_SECTION, 1);
			if (e)
				i = e - 1;
			else
				while (i + 1 < len && (isdigit((unsigned char)t[i + 1]) || t[i + 1] == '.'))
					i++; /* skip the rest of "2026.11.25" */
		}
	}
	if (!r.oom && !(flags & RP_REFS_NUMBERS_ONLY))
		heading_refs(&r, x, t, len);
	free(t);
	free(r.seen);
	if (r.oom) {
		rp_draft_refs_free(r.v, r.n);
		return RP_ENOMEM;
	}
	*out = r.v;
	*n = r.n;
	return 0;
}

int rp_draft_find_refs(const struct rp_draft_doc *doc, const char *text, struct rp_draft_ref **out,
		       size_t *n)
{
	struct rp_draft_refidx *x = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (!doc || !text || !doc->n)
		return 0;
	if ((rc = rp_draft_refidx_new(&x, doc)))
		return rc;
	rc = rp_draft_find_refs_in(x, text, 0, out, n);
	rp_draft_refidx_free(x);
	return rc;
}

void rp_draft_refs_free(struct rp_draft_ref *r, size_t n)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < n; i++)
		free(r[i].evidence);
	free(r);
}

const char *rp_section_ref(const char *number, const char *heading)
{
	if (number && *number)
		return number;
	if (heading && *heading)
		return heading;
	return "preamble";
}

int rp_section_ref_matches(const char *number, const char *heading, const char *ref)
{
	return ref && rp_ascii_casecmp(rp_section_ref(number, heading), ref) == 0;
}
