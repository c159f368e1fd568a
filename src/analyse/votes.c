/* votes: formal votes on a list, the Apache way: a thread whose root subject carries
 * "[VOTE]" collects +1 / 0 / -1 from each voter's new text (the latest vote of a voter
 * counts; a member of the roster writing from two addresses is one voter, named and
 * addressed as the roster has them), and a "[RESULT]" message (in the thread, or a thread of its own with the same
 * subject) announces a tally that we read back so the two can be compared. The message
 * that opens the thread is usually the call ("Please vote +1/0/-1 by Friday"): it counts
 * as a vote only when one of its lines casts one plainly. */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/analyse.h"
#include "rapporteur/members.h"
#include "rapporteur/text.h"

#define VOTE_MAX_TEXT 65536
#define LABEL_MAX 24 /* characters of words between a vote and its colon ("+1 votes cast: 3") */
#define ASIDE_MAX 40 /* characters of a parenthesis without digits that a tally skips ("(yes)") */

/* A sign at s: '+' or '-', or their look-alikes in mail ("\u2212" minus sign, full-width
 * "\uff0b" and "\uff0d"). Returns its length in bytes and +1 or -1 in *sign, or 0. */
static size_t vote_sign(const char *s, int *sign)
{
	static const struct {
		const char *text;
		int sign;
	} signs[] = {
		{ "+", 1 }, { "-", -1 }, { "\xe2\x88\x92", -1 }, { "\xef\xbc\x8b", 1 }, { "\xef\xbc\x8d", -1 },
	};
	size_t k, n;

	for (k = 0; k < sizeof(signs) / sizeof(signs[0]); k++) {
		n = strlen(signs[k].text);
		if (strncmp(s, signs[k].text, n) == 0) {
			*sign = signs[k].sign;
			return n;
		}
	}
	return 0;
}

/* A vote token at s: "+1", "-1", "+0", "-0" or "0" standing alone (any sign vote_sign
 * reads). Returns its length and the value in *v, or 0. allow_zero: a bare "0" counts only
 * where a vote is expected. */
static size_t vote_token(const char *s, const char *start, int allow_zero, int *v)
{
	size_t l;
	int sign;

	if (s > start && (isalnum((unsigned char)s[-1]) || s[-1] == '+' || s[-1] == '-' || s[-1] == '.'))
		return 0;
	if ((l = vote_sign(s, &sign)) != 0 && (s[l] == '1' || s[l] == '0')) {
		*v = s[l] == '0' ? 0 : sign;
		l++;
	} else if (s[0] == '0' && allow_zero) {
		*v = 0;
		l = 1;
	} else {
		return 0;
	}
	if (isalnum((unsigned char)s[l]) || (s[l] == '.' && isdigit((unsigned char)s[l + 1])))
		return 0;
	return l;
}

/* Whether the word w (lower case) stands at s: any case, not followed by a letter. */
static int word_at(const char *s, const char *end, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(end - s) >= n && rp_ascii_ncasecmp(s, w, n) == 0 &&
	       (s + n == end || !isalpha((unsigned char)s[n]));
}

/* Whether [p, end) holds needle, any case. */
static int span_has(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	for (; (size_t)(end - p) >= n; p++)
		if (rp_ascii_ncasecmp(p, needle, n) == 0)
			return 1;
	return 0;
}

/* ---- the vote a message casts ---- */

/* After a vote offered on a ballot line: what may stand before the next option -- blanks,
 * '/', ',', '|', "or", "and", a short aside without digits ("+1 (yes), 0 or -1 (no)"). */
static const char *skip_option_separators(const char *q, const char *end)
{
	for (;;) {
		if (q < end && *q && strchr(" \t/,|", *q)) {
			q++;
		} else if (word_at(q, end, "or")) {
			q += 2;
		} else if (word_at(q, end, "and")) {
			q += 3;
		} else if (q < end && *q == '(') {
			const char *c = q + 1;
			while (c < end && c - q <= ASIDE_MAX && *c != ')' && !isdigit((unsigned char)*c))
				c++;
			if (c >= end || *c != ')')
				return q;
			q = c + 1;
		} else {
			return q;
		}
	}
}

/* Whether the line [p, end) offers choices -- two different votes with only separators
 * between them ("+1/0/-1", "+1, 0 or -1"): it calls for votes and casts none. */
static int offers_choices(const char *line, const char *p, const char *end)
{
	const char *q, *r;
	size_t l;
	int v, w;

	for (q = p; q < end; q++) {
		if (!(l = vote_token(q, line, 1, &v)))
			continue;
		r = skip_option_separators(q + l, end);
		if (r > q + l && r < end && vote_token(r, line, 1, &w) && w != v)
			return 1;
	}
	return 0;
}

/* Whether the line asks others to vote ("Please vote", "voting closes Friday"). */
static int asks_to_vote(const char *line, const char *end)
{
	static const char *const calls[] = {
		"please vote", "please cast", "cast your vote", "call for vote", "call to vote",
		"vote by ", "votes by ", "vote before", "vote until", "votes are due",
		"voting closes", "voting will close", "voting ends", "voting is open", "vote is open",
		"vote closes", "vote will close", "please reply", "reply with", "respond with",
	};
	size_t k;

	for (k = 0; k < sizeof(calls) / sizeof(calls[0]); k++)
		if (span_has(line, end, calls[k]))
			return 1;
	return 0;
}

/* Past the words that may introduce a vote at p ("My vote is", "I'm", "Here's my"). */
static const char *skip_vote_prefix(const char *p)
{
	static const char *const prefixes[] = {
		"my vote is", "my vote:", "vote:", "i vote", "i'm", "i\xe2\x80\x99m", "i am",
		"here's my", "here\xe2\x80\x99s my", "here is my",
	};
	size_t k;

	for (k = 0; k < sizeof(prefixes) / sizeof(prefixes[0]); k++)
		if (rp_istarts_with(p, prefixes[k])) {
			p += strlen(prefixes[k]);
			while (*p == ' ')
				p++;
			break;
		}
	return p;
}

/* Whether [p, end) holds only blanks. */
static int blank_line(const char *p, const char *end)
{
	for (; p < end; p++)
		if (!isspace((unsigned char)*p))
			return 0;
	return 1;
}

/* Whether the sentence holding q (up to the next '.', '!' or '?' before a blank) is a
 * question: "Should we vote +1 on this?" casts no vote. The sentence ends with its line
 * unless the line is wrapped text: long enough, and the next line goes on in lower case
 * ("Should we really vote +1 on something\nthis vague?"); "+1\nCan we publish?" is a vote
 * then a question. [line, end): q's line; text_end: the end of the text. */
static int in_question(const char *q, const char *line, const char *end, const char *text_end)
{
	int more = 3; /* lines a sentence may go on over */

	for (;;) {
		const char *next, *nl;

		for (; q < end; q++) {
			if (*q == '?')
				return 1;
			if ((*q == '.' || *q == '!') && (q + 1 == end || isspace((unsigned char)q[1])))
				return 0;
		}
		if (end >= text_end || more-- == 0 || end - line < 30)
			return 0;
		next = end + 1;
		nl = memchr(next, '\n', (size_t)(text_end - next));
		if (next >= text_end || !islower((unsigned char)*next) || blank_line(next, nl ? nl : text_end))
			return 0;
		line = next;
		q = next;
		end = nl ? nl : text_end;
	}
}

/* The vote one line [line, end) casts, or RP_VOTE_NONE; *lead: the vote that leads the
 * line, cast or not, or RP_VOTE_NONE. A vote leading the line ("+1", "+1 from me", "[X] +1") is cast plainly; opener
 * (the thread's first message) counts only those. Otherwise a +1 or -1 anywhere counts
 * ("Changed my mind: +1") unless the line asks others to vote. A ballot's empty box, a
 * list of the options, a vote inside a question and a line holding two different votes
 * cast none. */
static int line_vote(const char *line, const char *end, const char *text_end, int opener,
		     int *lead)
{
	const char *p = line, *q;
	int v, found = RP_VOTE_NONE;

	*lead = RP_VOTE_NONE;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	/* Ballot boxes: "[ ] +1" is a choice offered, "[X] +1" a choice made. */
	if (p + 2 < end && (*p == '[' || *p == '(') && p[2] == (*p == '[' ? ']' : ')')) {
		if (p[1] == ' ')
			return RP_VOTE_NONE;
		p += 3;
		while (p < end && *p == ' ')
			p++;
	}
	if (offers_choices(line, p, end))
		return RP_VOTE_NONE;
	p = skip_vote_prefix(p);
	if (p < end && vote_token(p, line, 1, &v)) {
		*lead = v;
		if (!in_question(p, line, end, text_end))
			found = v;
	} else if (opener || asks_to_vote(line, end)) {
		return RP_VOTE_NONE;
	}
	for (q = p; q < end; q++)
		if (vote_token(q, line, 0, &v) && !in_question(q, line, end, text_end)) {
			if (found != RP_VOTE_NONE && found != v)
				return RP_VOTE_NONE;
			found = v;
		}
	return found;
}

/* The vote of a message's text: the last vote a line casts, as the latest vote of a voter
 * counts across messages ("-1 ... On reflection, changing to +1." is +1). A line that
 * holds two different votes casts none (see line_vote), and so do lines that lead with
 * different votes one after the other (blank lines aside): they list the options
 * ("+1 adopt" / "0 abstain" / "-1 reject"), and the vote before the list stands. */
static int text_vote(const char *text, int opener)
{
	const char *line = text, *end;
	int val = RP_VOTE_NONE, before = RP_VOTE_NONE, run = 0, list = 0, prev_lead = RP_VOTE_NONE;

	if (!text)
		return RP_VOTE_NONE;
	end = text + strnlen(text, VOTE_MAX_TEXT);
	while (line < end) {
		const char *e = memchr(line, '\n', (size_t)(end - line)), *le = e ? e : end;
		int lead, v = line_vote(line, le, end, opener, &lead);
		if (lead != RP_VOTE_NONE) {
			if (!run) {
				before = val;
				list = 0;
			} else if (lead != prev_lead) {
				list = 1;
			}
			run = 1;
			prev_lead = lead;
		} else if (!blank_line(line, le)) {
			run = 0;
		}
		if (v != RP_VOTE_NONE)
			val = v;
		if (list)
			val = before;
		if (!e)
			break;
		line = e + 1;
	}
	return val;
}

int rp_vote_parse(const char *text)
{
	return text_vote(text, 0);
}

int rp_vote_parse_opener(const char *text)
{
	return text_vote(text, 1);
}

/* ---- the tally a result announces ---- */

/* The tokens of an announced tally. A bare "0" (TK_ZERO) is a vote or a count, whichever
 * pairs; blanks, asides without digits and words such as "votes", "binding", "x" are
 * skipped; TK_OPEN and TK_CLOSE are the brackets around a count ("+1 (3)"). */
enum tally_kind { TK_END, TK_SEP, TK_COLON, TK_WORD, TK_NUM, TK_VOTE, TK_ZERO, TK_OPEN, TK_CLOSE };
struct tally_tok {
	enum tally_kind kind;
	int value;  /* the count (TK_NUM) or the vote (TK_VOTE) */
	size_t len; /* characters of a word */
};

/* A count written as a word ("one 0", "no -1", "-1s: none"): its value, or -1. */
static int number_word(const char *w, size_t n)
{
	static const char *const words[] = { "zero", "one", "two",   "three", "four", "five",
					     "six",  "seven", "eight", "nine",  "ten" };
	size_t k;

	if ((n == 2 && rp_ascii_ncasecmp(w, "no", 2) == 0) || (n == 4 && rp_ascii_ncasecmp(w, "none", 4) == 0))
		return 0;
	for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (strlen(words[k]) == n && rp_ascii_ncasecmp(w, words[k], n) == 0)
			return (int)k;
	return -1;
}

/* Words that may stand between a count and its vote ("2 binding +1 votes", "3 x +1"). */
static int filler_word(const char *w, size_t n)
{
	static const char *const words[] = { "x", "\xc3\x97", "votes", "vote", "binding", "non-binding",
					     "nonbinding" };
	size_t k;

	for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (strlen(words[k]) == n && rp_ascii_ncasecmp(w, words[k], n) == 0)
			return 1;
	return 0;
}

static int word_char(const char *p, const char *end)
{
	unsigned char c = (unsigned char)*p;

	return isalnum(c) || c >= 0x80 ||
	       ((c == '-' || c == '\'') && p + 1 < end && isalpha((unsigned char)p[1]));
}

/* Whether "×" (U+00D7, "3× +1") starts at p. */
static int times_sign(const char *p, const char *end)
{
	return end - p >= 2 && (unsigned char)p[0] == 0xc3 && (unsigned char)p[1] == 0x97;
}

/* A run of digits at *pp: a count, or a word when it is part of one ("3rd", "2.5", a number
 * of more than 7 digits). "3x" and "3×" are the count 3, the sign read next as a filler. */
static void lex_digits(const char **pp, const char *end, struct tally_tok *t)
{
	const char *p = *pp, *q = p;
	long v = 0;

	for (; q < end && isdigit((unsigned char)*q); q++)
		if (q - p < 7)
			v = v * 10 + (*q - '0');
	if (q - p > 7 || (q + 1 < end && *q == '.' && isdigit((unsigned char)q[1])) ||
	    (q < end && word_char(q, end) && !times_sign(q, end) &&
	     !(*q == 'x' && (q + 1 == end || !word_char(q + 1, end))))) {
		while (q < end && (word_char(q, end) || *q == '.'))
			q++;
		t->kind = TK_WORD;
		t->len = (size_t)(q - p);
	} else {
		t->kind = q - p == 1 && *p == '0' ? TK_ZERO : TK_NUM;
		t->value = (int)v;
	}
	*pp = q;
}

/* Past blanks, emphasis marks, quotes, and asides without digits ("(yes)", "[binding]"). */
static const char *skip_blanks(const char *p, const char *end)
{
	for (; p < end; p++) {
		const char *q;
		char close;
		if (*p && strchr(" \t\r*_\"'`", *p))
			continue;
		if (*p != '(' && *p != '[')
			break;
		close = *p == '(' ? ')' : ']';
		for (q = p + 1; q < end && q - p <= ASIDE_MAX && *q != close && *q != '\n' &&
				!isdigit((unsigned char)*q);
		     q++)
			;
		if (q >= end || *q != close)
			break;
		p = q;
	}
	return p;
}

/* A plural vote at p ("+1s", "-1s", "0s"), its value in *v. Returns its length, or 0. */
static size_t plural_vote(const char *p, const char *start, const char *end, int *v)
{
	size_t l;
	int sign = 0;

	if (p > start && isalnum((unsigned char)p[-1]))
		return 0;
	l = vote_sign(p, &sign);
	if (!(end - p > (ptrdiff_t)l + 1 && (p[l] == '1' || (p[l] == '0')) && (sign || p[l] == '0') &&
	      p[l + 1] == 's' && (p + l + 2 == end || !isalnum((unsigned char)p[l + 2]))))
		return 0;
	*v = p[l] == '0' ? 0 : sign;
	return l + 2;
}

/* The next token of [*pp, end); start: where the text begins (for what precedes a vote). */
static void lex_tally(const char **pp, const char *start, const char *end, struct tally_tok *t)
{
	const char *p = *pp;
	size_t l;
	int v;

	memset(t, 0, sizeof(*t));
	for (;;) {
		const char *w;
		int n;
		p = skip_blanks(p, end);
		if (p >= end) {
			t->kind = TK_END;
		} else if (*p == ':' || *p == '=') {
			t->kind = TK_COLON;
			p++;
		} else if (*p == '(' || *p == '[' || *p == ')' || *p == ']') {
			t->kind = *p == '(' || *p == '[' ? TK_OPEN : TK_CLOSE;
			p++;
		} else if ((l = vote_token(p, start, 0, &v)) != 0) {
			t->kind = TK_VOTE;
			t->value = v;
			p += l;
		} else if ((l = plural_vote(p, start, end, &v)) != 0) {
			t->kind = TK_VOTE;
			t->value = v;
			p += l;
		} else if (isdigit((unsigned char)*p)) {
			lex_digits(&p, end, t);
		} else if (word_char(p, end)) {
			for (w = p; p < end && word_char(p, end); p++)
				;
			if (filler_word(w, (size_t)(p - w)))
				continue;
			if ((n = number_word(w, (size_t)(p - w))) >= 0) {
				t->kind = TK_NUM;
				t->value = n;
			} else if (p - w == 3 && rp_ascii_ncasecmp(w, "and", 3) == 0) {
				t->kind = TK_SEP;
			} else {
				t->kind = TK_WORD;
				t->len = (size_t)(p - w);
			}
		} else {
			t->kind = TK_SEP; /* newline, ',', ';', '.', a lone sign, other punctuation */
			p++;
		}
		break;
	}
	*pp = p;
}

/* The state of reading a tally: a vote or a count waiting for its other half. */
struct tally_reader {
	int tally[3], found[3];
	enum tally_kind prev; /* TK_VOTE, TK_NUM, TK_ZERO, or TK_END for nothing */
	int prev_value;
	int colon;	    /* a ':' or '=' followed the vote */
	size_t label;	    /* characters of words after the vote, before its colon */
	int tentative, tvote, tcount; /* "+1 3": kept unless another number follows */
};

static void tally_put(struct tally_reader *r, int vote, int count)
{
	if (!r->found[1 - vote]) {
		r->tally[1 - vote] = count;
		r->found[1 - vote] = 1;
	}
}

static void tally_forget(struct tally_reader *r)
{
	r->prev = TK_END;
	r->colon = 0;
	r->label = 0;
}

/* One token: pair a vote with the count after it ("+1: 3", "+1 3", "+1 (3)") or a count
 * with the vote after it ("3 +1", "3 x +1", "two binding +1"). */
static void tally_step(struct tally_reader *r, const struct tally_tok *t)
{
	int vote_before = r->prev == TK_VOTE || r->prev == TK_ZERO;
	int count_before = (r->prev == TK_NUM || r->prev == TK_ZERO) && !r->colon && !r->label;

	if (r->tentative && t->kind != TK_CLOSE) {
		/* "+1 555 1234", "+1 (555) 123": a telephone number, not a count */
		if (t->kind != TK_NUM)
			tally_put(r, r->tvote, r->tcount);
		r->tentative = 0;
	}
	switch (t->kind) {
	case TK_OPEN:
		break; /* "+1 (3)": the vote still waits for its count */
	case TK_END:
	case TK_SEP:
	case TK_CLOSE:
		tally_forget(r);
		break;
	case TK_COLON:
		if (vote_before)
			r->colon = 1;
		else
			tally_forget(r);
		break;
	case TK_WORD:
		if (vote_before && !r->colon && r->label + t->len < LABEL_MAX)
			r->label += t->len + 1;
		else
			tally_forget(r);
		break;
	case TK_NUM:
	case TK_ZERO:
		if (vote_before && (r->colon || !r->label)) {
			int v = r->prev == TK_ZERO ? 0 : r->prev_value;
			if (r->colon || t->kind == TK_ZERO) {
				tally_put(r, v, t->value);
			} else {
				r->tentative = 1;
				r->tvote = v;
				r->tcount = t->value;
			}
			tally_forget(r);
		} else if (t->kind == TK_ZERO && count_before) {
			tally_put(r, 0, r->prev_value);
			tally_forget(r);
		} else {
			tally_forget(r);
			r->prev = t->kind;
			r->prev_value = t->value;
		}
		break;
	case TK_VOTE:
		if (count_before) {
			tally_put(r, t->value, r->prev_value);
			tally_forget(r);
		} else {
			tally_forget(r);
			r->prev = TK_VOTE;
			r->prev_value = t->value;
		}
		break;
	}
}

int rp_vote_parse_result(const char *text, int tally[3])
{
	struct tally_reader r;
	struct tally_tok t;
	const char *p, *end;

	tally[0] = tally[1] = tally[2] = 0;
	if (!text)
		return RP_ENOTFOUND;
	memset(&r, 0, sizeof(r));
	r.prev = TK_END;
	p = text;
	end = text + strnlen(text, VOTE_MAX_TEXT);
	do {
		lex_tally(&p, text, end, &t);
		tally_step(&r, &t);
	} while (t.kind != TK_END);
	memcpy(tally, r.tally, sizeof(r.tally));
	return r.found[0] || r.found[1] || r.found[2] ? 0 : RP_ENOTFOUND;
}

/* ---- collecting from the store ---- */

struct row {
	char *thread, *message_id, *subject, *name, *addr, *text;
	char *shown; /* the name as outputs show it (rp_text_shown_name) */
	int64_t id, date;
};

static void row_free(struct row *r)
{
	free(r->thread);
	free(r->message_id);
	free(r->subject);
	free(r->name);
	free(r->shown);
	free(r->addr);
	free(r->text);
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? rp_strdup((const char *)t) : NULL;
}

/* Subject without "Re:"/"Fwd:" and "[TAG]" prefixes, lower-cased, spaces squeezed. */
static char *base_subject(const char *s)
{
	struct rp_buf b = RP_BUF_INIT;
	int sp = 0;

	if (!s)
		s = "";
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (rp_istarts_with(s, "re:"))
			s += 3;
		else if (rp_istarts_with(s, "fwd:"))
			s += 4;
		else if (rp_istarts_with(s, "fw:"))
			s += 3;
		else if (*s == '[' && strchr(s, ']'))
			s = strchr(s, ']') + 1;
		else
			break;
	}
	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			sp = 1;
			continue;
		}
		if (sp && b.len)
			rp_buf_addch(&b, ' ');
		sp = 0;
		rp_buf_addch(&b, (char)tolower((unsigned char)*s));
	}
	return rp_buf_detach(&b, NULL);
}

/* New text of a message: its 'new' blocks, stored or computed now. NULL on failure. */
static char *new_text(struct rp_blocks *blocks, int64_t id)
{
	struct rp_segments seg;
	char *text;

	if (rp_blocks_get(blocks, id, NULL, &seg, NULL, NULL))
		return NULL;
	text = rp_text_new_text(&seg);
	rp_segments_release(&seg);
	return text;
}

static int contains_tag(const char *subject, const char *tag)
{
	return subject && rp_ascii_casestr(subject, tag) != NULL;
}

static int add_vote(struct rp_vote_thread *t, const struct row *r, int v)
{
	size_t i;
	const char *addr = r->addr ? r->addr : "";

	for (i = 0; i < t->n_votes; i++)
		if (rp_ascii_casecmp(t->votes[i].address, addr) == 0)
			break;
	/* The latest vote counts; on equal dates the later row (higher id) wins. */
	if (i < t->n_votes && t->votes[i].date > r->date)
		return 0;
	if (i == t->n_votes) {
		struct rp_vote *nv = realloc(t->votes, (t->n_votes + 1) * sizeof(*nv));
		if (!nv)
			return RP_ENOMEM;
		t->votes = nv;
		memset(&nv[i], 0, sizeof(nv[i]));
		nv[i].address = rp_strdup(addr);
		t->n_votes++;
	}
	free(t->votes[i].voter);
	free(t->votes[i].shown);
	free(t->votes[i].message_id);
	t->votes[i].voter = rp_strdup(r->name ? r->name : addr);
	t->votes[i].shown = rp_strdup(r->shown ? r->shown : addr);
	t->votes[i].message_id = rp_strdup(r->message_id);
	t->votes[i].vote = v;
	t->votes[i].date = r->date;
	if (!t->votes[i].address || !t->votes[i].voter || !t->votes[i].shown ||
	    !t->votes[i].message_id)
		return RP_ENOMEM;
	return 0;
}

static int cmp_vote(const void *a, const void *b)
{
	return strcmp(((const struct rp_vote *)a)->address, ((const struct rp_vote *)b)->address);
}

struct result_thread {
	char *base;
	int tally[3];
	char *message_id;
};

/* Process one thread's rows [a, b): root first (lowest depth, earliest). */
static int do_thread(struct rp_votes *out, struct row *rows, size_t a, size_t b,
		     struct result_thread **res, size_t *n_res)
{
	struct rp_vote_thread *t, *nt;
	size_t i;
	int rc;

	if (contains_tag(rows[a].subject, "[result]")) {
		int tally[3];
		for (i = a; i < b; i++)
			if (contains_tag(rows[i].subject, "[result]") && rp_vote_parse_result(rows[i].text, tally) == 0) {
				struct result_thread *nr = realloc(*res, (*n_res + 1) * sizeof(*nr));
				if (!nr)
					return RP_ENOMEM;
				*res = nr;
				nr[*n_res].base = base_subject(rows[a].subject);
				nr[*n_res].message_id = rp_strdup(rows[i].message_id);
				memcpy(nr[*n_res].tally, tally, sizeof(tally));
				(*n_res)++;
				break;
			}
		return 0;
	}
	if (!contains_tag(rows[a].subject, "[vote]"))
		return 0;
	nt = realloc(out->threads, (out->n + 1) * sizeof(*nt));
	if (!nt)
		return RP_ENOMEM;
	out->threads = nt;
	t = &nt[out->n++];
	memset(t, 0, sizeof(*t));
	t->thread = rp_strdup(rows[a].thread);
	t->subject = rp_strdup(rows[a].subject ? rows[a].subject : "");
	if (!t->thread || !t->subject)
		return RP_ENOMEM;
	for (i = a; i < b; i++) {
		int v;
		if (contains_tag(rows[i].subject, "[result]")) {
			if (!t->has_result && rp_vote_parse_result(rows[i].text, t->result) == 0) {
				t->has_result = 1;
				t->result_message_id = rp_strdup(rows[i].message_id);
			}
			continue;
		}
		/* The thread's first message is the call for votes unless a line casts one. */
		v = strcmp(rows[i].message_id, rows[i].thread) == 0 ? rp_vote_parse_opener(rows[i].text)
								    : rp_vote_parse(rows[i].text);
		if (v != RP_VOTE_NONE && (rc = add_vote(t, &rows[i], v)) != 0)
			return rc;
	}
	if (t->n_votes)
		qsort(t->votes, t->n_votes, sizeof(*t->votes), cmp_vote);
	for (i = 0; i < t->n_votes; i++)
		t->tally[1 - t->votes[i].vote]++;
	return 0;
}

int rp_votes_collect(struct rp_votes *out, struct rp_store *s, const char *list,
		     struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	struct rp_blocks *blocks = NULL;
	struct row *rows = NULL;
	struct result_thread *res = NULL;
	size_t n = 0, alloc = 0, i, a, n_res = 0;
	int64_t list_id = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (list) {
		rc = rp_store_list_id(s, list, 0, &list_id, err);
		if (rc)
			goto cleanup;
	}
	rc = rp_store_prepare(s, &st,
			      "WITH " RP_SQL_ROSTER " "
			      "SELECT tn.thread, m.id, m.message_id, m.subject, "
			      "coalesce(nullif(r.name, ''), m.from_name), "
			      "coalesce(ra.address, lower(m.from_addr)), m.date, r.name, m.from_name "
			      "FROM thread_node tn "
			      "JOIN message m ON m.message_id = tn.message_id "
			      "LEFT JOIN roster_alias ra ON ra.alias = lower(m.from_addr) "
			      "LEFT JOIN roster r ON r.address = coalesce(ra.address, lower(m.from_addr)) "
			      "WHERE ?1 = 0 OR " RP_SQL_IN_LIST("m", "?1") " "
			      "ORDER BY tn.thread, tn.depth, m.date, m.id",
			      err);
	if (rc)
		goto cleanup;
	rc = rp_blocks_open(&blocks, s, err);
	if (rc)
		goto cleanup;
	sqlite3_bind_int64(st, 1, list_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct row *r;
		if (n == alloc) {
			struct row *nr = realloc(rows, (alloc ? alloc * 2 : 64) * sizeof(*nr));
			if (!nr) {
				rc = RP_ENOMEM;
				goto cleanup;
			}
			rows = nr;
			alloc = alloc ? alloc * 2 : 64;
		}
		r = &rows[n++];
		memset(r, 0, sizeof(*r));
		r->thread = col_dup(st, 0);
		r->id = sqlite3_column_int64(st, 1);
		r->message_id = col_dup(st, 2);
		r->subject = col_dup(st, 3);
		r->name = col_dup(st, 4);
		r->addr = col_dup(st, 5);
		r->date = sqlite3_column_int64(st, 6);
		if (rp_text_shown_name((const char *)sqlite3_column_text(st, 7),
				       (const char *)sqlite3_column_text(st, 8), &r->shown)) {
			rc = RP_ENOMEM;
			goto cleanup;
		}
		/* Only vote and result threads need their text. */
		if (contains_tag(r->subject, "[vote]") || contains_tag(r->subject, "[result]"))
			r->text = new_text(blocks, r->id);
		if (!r->thread || !r->message_id) {
			rc = RP_ENOMEM;
			goto cleanup;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = rp_store_error(s, err, "reading vote threads");
		goto cleanup;
	}
	for (a = 0; a < n; a = i) {
		for (i = a; i < n && strcmp(rows[i].thread, rows[a].thread) == 0; i++)
			;
		rc = do_thread(out, rows, a, i, &res, &n_res);
		if (rc)
			goto cleanup;
	}
	/* A result announced in a thread of its own: match it by subject. */
	for (i = 0; i < out->n; i++) {
		struct rp_vote_thread *t = &out->threads[i];
		char *b;
		size_t k;
		if (t->has_result)
			continue;
		b = base_subject(t->subject);
		for (k = 0; b && k < n_res; k++)
			if (strcmp(res[k].base, b) == 0) {
				t->has_result = 1;
				memcpy(t->result, res[k].tally, sizeof(t->result));
				t->result_message_id = rp_strdup(res[k].message_id);
				break;
			}
		free(b);
	}
	rc = 0;
cleanup:
	for (i = 0; i < n; i++)
		row_free(&rows[i]);
	free(rows);
	for (i = 0; i < n_res; i++) {
		free(res[i].base);
		free(res[i].message_id);
	}
	free(res);
	sqlite3_finalize(st);
	rp_blocks_close(blocks);
	if (rc) {
		if (rc == RP_ENOMEM)
			rp_error_set(err, rc, "votes", "out of memory");
		rp_votes_release(out);
	}
	return rc;
}

void rp_votes_release(struct rp_votes *v)
{
	size_t i, k;

	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		struct rp_vote_thread *t = &v->threads[i];
		for (k = 0; k < t->n_votes; k++) {
			free(t->votes[k].voter);
			free(t->votes[k].shown);
			free(t->votes[k].address);
			free(t->votes[k].message_id);
		}
		free(t->votes);
		free(t->thread);
		free(t->subject);
		free(t->result_message_id);
	}
	free(v->threads);
	memset(v, 0, sizeof(*v));
}
