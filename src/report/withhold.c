/* withhold: the names and addresses a consolidated document leaves out of quoted comments
 * under the Chatham House rule. The rule forbids revealing who said what; a comment that
 * reads "+1 to Mark Carvell" or "as wout@example.org said" gives away a participant even
 * when no author is printed. Every name of the group's members and of the people who wrote
 * on the draft becomes "[name withheld]", and every e-mail address "[address withheld]".
 *
 * Names are matched word by word: a capitalised word (or one in capitals) that is a part of
 * a known name, its accents aside ("Crepin" for Crépin), and a run of such words ("Mark
 * Carvell", "Wout de Natris", "Mark's") is one withheld name. Two kinds of name part are
 * English words as well, so they are withheld only where the text can mean a person: a word that is capitalised anyway (May, June, Christian) only next to
 * another part of a name ("May Chen"), and a common word (Will, Mark, Grant) not when it
 * opens a sentence ("Will the chair...") unless a comma or another name follows ("Mark,
 * I agree"), and neither in capitals ("we WILL"). Acronyms and role accounts ("IGF
 * Secretariat", "DC-ISSS") are not names.
 * A nickname no one writes under, or a self-description ("from the DC-ISSS side"), is not
 * found: the README says to read the document before it leaves. Hand-written: no Debian
 * library does named-entity redaction against a given list of names. */
#include <stdlib.h>
#include <string.h>

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

/* English words that are also names: not withheld alone at the start of a sentence. */
static const char *const common_words[] = {
	"art", "bell", "bill", "brown", "case", "chase", "dawn", "don", "faith", "frank",
	"gene", "grace", "grant", "green", "guy", "hill", "hope", "joy", "king", "lane",
	"long", "mark", "max", "miles", "page", "pat", "price", "ray", "rich", "rose",
	"sue", "summer", "white", "will", "wood", "young",
};

/* Words that make a display name a role or a list, not a person. */
static const char *const role_words[] = {
	"admin", "administrator", "announce", "board", "bot", "chair", "chairs",
	"coalition", "committee", "coordinator", "council", "daemon", "discuss",
	"forum", "foundation", "group", "helpdesk", "info", "list", "mailer",
	"moderator", "network", "noreply", "notifications", "office", "org",
	"organisation", "organization", "secretariat", "society", "support", "team",
};

/* Lower-case particles that join the parts of a name ("Wout de Natris"). */
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

/* "d'Avri", "l’Europe": a French or Italian elision before the word; its length, else 0. */
static size_t elision(const char *w, const char *e)
{
	size_t k, n;

	for (k = 1; k <= 3 && w + k < e; k++) {
		if (w[k - 1] < 'a' || w[k - 1] > 'z')
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
 * "Crépin" of a display name; only a capitalised word that is not an acronym can be one. */
/* 1 when the word [w, w+len) is a part of a name of set, 0 when not, -1 out of memory. */
static int has_part(const struct rp_name_set *set, const char *w, size_t len)
{
	char *key;
	int found;

	if (len == 0 || len >= 128 || !set->n || !capital_start(w))
		return 0;
	if (!(key = rp_text_fold_unaccented(w, len)))
		return -1;
	found = bsearch(&key, set->parts, set->n, sizeof(*set->parts), cmp_str) != NULL;
	free(key);
	return found;
}

static int add_part(struct rp_name_set *set, const char *w, size_t len)
{
	char *copy;

	if (len < 2 || len >= 128 || !capital_start(w) || acronym(w, len))
		return 0;
	if (set->n == set->alloc) {
		size_t na = set->alloc ? set->alloc * 2 : 32;
		char **p = realloc(set->parts, na * sizeof(*p));

		if (!p)
			return RP_ENOMEM;
		set->parts = p;
		set->alloc = na;
	}
	if (!(copy = rp_text_fold_unaccented(w, len)))
		return RP_ENOMEM;
	set->parts[set->n++] = copy;
	set->unsorted = 1;
	return 0;
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

int rp_name_set_add(struct rp_name_set *set, const char *display_name)
{
	const char *p, *e, *end, *via;
	int rc;

	if (!display_name)
		return 0;
	end = display_name + strlen(display_name);
	/* Mailman's "Mark Carvell via DC-ISSS": the person is before " via ". */
	if ((via = strstr(display_name, " via ")))
		end = via;
	for (p = display_name; (p = word_in(p, end, &e)); p = e)
		if (IN(role_words, p, (size_t)(e - p), 1))
			return 0;
	for (p = display_name; (p = word_in(p, end, &e)); p = e) {
		const char *h;

		if ((rc = add_part(set, p, (size_t)(e - p))))
			return rc;
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

/* Whether the word [w, e) is a name part of set, and how strong: 2 = a name on its own,
 * 1 = a name only beside another part, 0 = no name; -1 out of memory. */
static int name_strength(const struct rp_name_set *set, const char *w, const char *e)
{
	size_t len = (size_t)(e - w);
	int has = has_part(set, w, len);

	if (has <= 0)
		return has;
	/* In capitals ("we WILL"), an English word is emphasis; a name stays a name ("AVRI"). */
	if (acronym(w, len) && (IN(common_words, w, len, 1) || IN(capitalised_words, w, len, 1)))
		return 0;
	if (IN(capitalised_words, w, len, 1))
		return 1;
	return 2;
}

/* The end of an e-mail address whose '@' is at at, and its start in *start; NULL when the
 * text around at is not an address. */
static const char *address_at(const char *text, const char *at, const char **start)
{
	const char *s = at, *e = at + 1;
	int dot = 0;

	while (s > text && (unsigned char)s[-1] < 0x80 &&
	       (letter_at(s - 1) || (s[-1] && strchr(".-_+%='", s[-1]))))
		s--;
	while (*e && (unsigned char)*e < 0x80 && (letter_at(e) || *e == '.' || *e == '-')) {
		dot |= *e == '.' && letter_at(e + 1);
		e++;
	}
	while (e > at + 1 && (e[-1] == '.' || e[-1] == '-')) /* a sentence's full stop */
		e--;
	if (s == at || e == at + 1 || !dot)
		return NULL;
	*start = s;
	return e;
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
	while (*p) {
		const char *at = strchr(p, '@'), *s, *e;

		if (!at)
			break;
		if ((e = address_at(text, at, &s)) && s >= copied) {
			oom |= rp_buf_add(&b, copied, (size_t)(s - copied)) || rp_buf_adds(&b, WITHHELD_ADDRESS);
			copied = p = e;
			n++;
		} else {
			p = at + 1;
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
		while (*p) {
			const char *e, *run_end, *nw, *ne = NULL;
			int strength, parts = 0, strong = 0;
			size_t el;

			if (!letter_at(p) || letter_before(t, p)) {
				p++;
				continue;
			}
			e = word_end(p);
			if ((strength = name_strength(set, p, e)) < 0) {
				oom = 1;
				break;
			}
			if (!strength) {
				/* "d'Avri": the name after the elision is read again on its own */
				p = (el = elision(p, e)) ? p + el : e;
				continue;
			}
			/* The run: name parts, joined by spaces and lower-case particles. */
			run_end = e;
			parts = 1;
			strong = strength == 2;
			for (;;) {
				const char *q = run_end, *qe;

				while ((nw = next_word(q, &ne)) && IN(particles, nw, (size_t)(ne - nw), 0))
					q = ne;
				if (!nw)
					break;
				qe = ne;
				if ((strength = name_strength(set, nw, qe)) <= 0) {
					oom |= strength < 0;
					break;
				}
				run_end = qe;
				parts++;
			}
			if (parts == 1) {
				size_t ap = apostrophe_at(e);
				int vocative = *e == ',' || *e == ':' || (ap && e[ap] == 's');

				if (!strong ||
				    (IN(common_words, p, (size_t)(e - p), 1) && sentence_start(t, p) && !vocative)) {
					p = e;
					continue;
				}
			}
			oom |= rp_buf_add(&out, copied, (size_t)(p - copied)) || rp_buf_adds(&out, WITHHELD_NAME);
			copied = p = run_end;
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
	/* The group's members, and everyone who wrote on the draft, included or not. */
	if (!rc && !(rc = rp_store_prepare(
			     s, &st,
			     "SELECT name FROM member WHERE name IS NOT NULL"
			     " UNION SELECT from_name FROM message WHERE from_name IS NOT NULL AND"
			     "  (id IN (SELECT message FROM draft_message WHERE draft = ?1)"
			     "   OR id IN (SELECT message FROM point WHERE draft = ?1))",
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
