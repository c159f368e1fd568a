/* points: what one member said, one thing at a time. A point is a paragraph or a bullet of
 * the author's new text; text written under a quoted passage carries that passage as its
 * context, which is how an interleaved reply's answers are tied to what they answer.
 * Also the word 4-gram sets used to match quoted passages against the draft. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "analyse-private.h"

const char *an_method_name(enum an_method m)
{
	static const char *const names[] = { "manual", "quote", "explicit", "similarity",
					     "inherited", "general" };
	return (unsigned)m < sizeof(names) / sizeof(names[0]) ? names[m] : "general";
}

int an_anchor_add(struct an_point *p, int section, enum an_method m, double confidence,
		  const char *evidence)
{
	struct an_anchor *a;
	size_t i;

	for (i = 0; i < p->n_anchors; i++)
		if (p->anchors[i].section == section)
			return 0; /* the first method to find a section keeps it */
	a = realloc(p->anchors, (p->n_anchors + 1) * sizeof(*a));
	if (!a)
		return RP_ENOMEM;
	p->anchors = a;
	a += p->n_anchors++;
	a->section = section;
	a->method = m;
	a->confidence = confidence;
	a->evidence = evidence ? rp_strdup(evidence) : NULL;
	return 0;
}

void an_point_release(struct an_point *p)
{
	size_t i;

	for (i = 0; i < p->n_anchors; i++)
		free(p->anchors[i].evidence);
	free(p->anchors);
	free(p->text);
	free(p->quoted);
	free(p->quoted_run);
	free(p->source);
	rp_strv_free(p->text_tok, p->n_text_tok);
	rp_strv_free(p->quoted_tok, p->n_quoted_tok);
	rp_stance_release(&p->stance);
	memset(p, 0, sizeof(*p));
}

/* --- points ----------------------------------------------------------------------- */

static int is_bullet(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	if ((s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ')
		return 1;
	if (memcmp(s, "\xE2\x80\xA2", 3) == 0) /* U+2022 bullet */
		return 1;
	if (isdigit((unsigned char)s[0])) {
		while (isdigit((unsigned char)*s))
			s++;
		return (s[0] == '.' || s[0] == ')') && s[1] == ' ';
	}
	if (s[0] == '(' && isalpha((unsigned char)s[1]) && s[2] == ')' && s[3] == ' ')
		return 1;
	return 0;
}

static int is_blank(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Courtesy and talk about the message itself ("Thanks Sorina, a good summary. A few
 * comments inline.") frame a reply; they are not points about the draft. */
static const char *const thanks_starts[] = { "thanks", "thank you", "many thanks", "merci",
					     "danke", "gracias", "obrigad", "cheers", NULL };
static const char *const meta_phrases[] = {
	"comments below", "comments inline", "inline comments", "see below", "see inline",
	"few comments", "some comments", "more comments", "couple of comments", "few reactions",
	"short additions", "i hope this helps", "hope this helps", "speaking personally",
	"my earlier mail", "my comments are", "good summary", "good record", "great draft",
	"good write-up", "great summary", "excellent summary", "good basis",
	/* how the reply is written or threaded ("Replying to the digest, sorry for breaking
	 * the thread.", "Changing the subject since ...", "A few more, section by section.") */
	"breaking the thread", "broke the thread", "breaking threading", "replying to the digest",
	"replying to a digest", "reply to the digest", "changing the subject", "changed the subject",
	"section by section", "point by point", "starting a fresh thread", "starting a new thread",
	"starting a separate thread", "opening a new thread", "sorry for the long", "sorry for the length", "apologies for the long",
	"apologies for the length",
	/* a cover note: the comments are in an attachment */
	"comments attached", "attached our comments", "attached are our", "attached please find",
	"please find attached", "find enclosed", "see attached", "see the attached",
	"in the attached", "attached you will find", NULL
};

/* A line announcing the comments that follow ("Two more small points.", "Replying to several
 * messages at once.", "Some thoughts:", "See my comments inline.") is made of these words
 * only, one of them a noun for what follows: a word outside them (a topic, a section, a
 * stance, proposed wording) makes it a comment of its own. */
static const char *const framing_nouns[] = {
	"comments", "comment", "points", "point", "thoughts", "remarks", "remark", "notes", "note",
	"observations", "reactions", "questions", "suggestions", "edits", "additions", "issues",
	"inputs", "input", "feedback", "messages", "mails", "emails", "replies",
	/* a code review's small remarks ("A few nits below.") */
	"nits", "nit", "nitpicks", "nitpick",
	"commentaires", "remarques", "anmerkungen", "kommentare", "punkte",
	"comentarios", "observaciones", "puntos", NULL
};
static const char *const framing_words[] = {
	"a", "an", "the", "few", "some", "several", "couple", "of", "one", "two", "three", "four", "more",
	"small", "quick", "short", "minor", "brief", "additional", "further", "final", "last",
	"other", "general", "specific", "editorial", "main", "various", "my", "our", "i", "we",
	"have", "would", "like", "to", "make", "add", "share", "here", "are", "below", "inline",
	"in-line", "in", "line", "follow", "follows", "following", "at", "once", "replying",
	"responding", "answering", "see", "please", "find", "from", "me", "us", "side", "on",
	"this", "draft", "report", "text", "document", "paper", "then", "and", "first", "all",
	"both", "just", "also", "with", "before", "table", "above",
	/* how comments typed into the text are marked ("in red", "in brackets", "preceded by
	 * my initials") */
	"brackets", "square", "red", "blue", "green", "bold", "italics", "colour", "color",
	"highlighted", "marked", "tracked", "track", "changes", "preceded", "by", "initials", "tableau", "tabla", "quelques", "mes", "nos", "ci-dessous", "einige", "meine",
	"unsere", "unten", "algunos", "algunas", "mis", "nuestros", "abajo", NULL
};

static int in_list(const char *w, size_t n, const char *const *v)
{
	for (; *v; v++)
		if (strlen(*v) == n && rp_ascii_ncasecmp(w, *v, n) == 0)
			return 1;
	return 0;
}

static int framing_words_only(const char *sent);

/* An aside in brackets says where the comments come from ("Our comments in the table
 * below (pasted from our internal sheet)."): the sentence is read without it. */
static int framing_sentence(const char *sent)
{
	const char *open = strchr(sent, '('), *close = open ? strchr(open, ')') : NULL;
	char *without;
	int yes;

	if (!open || !close || strchr(close + 1, '('))
		return framing_words_only(sent);
	if (!(without = malloc(strlen(sent) + 1)))
		return 0;
	memcpy(without, sent, (size_t)(open - sent));
	strcpy(without + (open - sent), close + 1);
	yes = framing_words_only(without);
	free(without);
	return yes;
}

/* The standpoint the comments are made from ("My comments from a legal point of view:",
 * "Some remarks from the patients' perspective"): "from", up to three words, then one of
 * these. It says who speaks, not what about, so it keeps a line an announcement. Returns
 * the end of the phrase, or p when none starts there. */
static const char *skip_standpoint(const char *p, const char *end)
{
	static const char *const views[] = { "point of view", "perspective", "standpoint",
					     "viewpoint", "angle", NULL };
	const char *q = p + 4;
	size_t i, words;

	if (end - p < 5 || !rp_istarts_with(p, "from "))
		return p;
	for (words = 0; words < 4; words++) {
		while (q < end && *q == ' ')
			q++;
		for (i = 0; views[i]; i++) {
			size_t n = strlen(views[i]);
			if (words && (size_t)(end - q) >= n && rp_ascii_ncasecmp(q, views[i], n) == 0 &&
			    (q + n == end || !isalpha((unsigned char)q[n])))
				return q + n;
		}
		while (q < end && (isalpha((unsigned char)*q) || *q == '-' || *q == '\''))
			q++;
	}
	return p;
}

static int framing_words_only(const char *sent)
{
	const char *p = sent, *q, *end;
	size_t words = 0, nouns = 0, n;

	end = sent + strlen(sent);
	while (end > sent && (isspace((unsigned char)end[-1]) || end[-1] == '.' || end[-1] == ':'))
		end--;
	if (end - sent > 80)
		return 0;
	while (p < end) {
		while (p < end && (isspace((unsigned char)*p) || *p == ','))
			p++;
		if ((q = skip_standpoint(p, end)) != p) {
			p = q;
			continue;
		}
		for (n = 0; p + n < end && (isalpha((unsigned char)p[n]) || p[n] == '-'); n++)
			;
		if (p + n < end && !isspace((unsigned char)p[n]) && p[n] != ',')
			return 0; /* a digit, a quote mark, a letter outside ASCII, '?' */
		if (!n)
			break;
		if (in_list(p, n, framing_nouns))
			nouns++;
		else if (!in_list(p, n, framing_words))
			return 0;
		words++;
		p += n;
	}
	return nouns && words <= 10;
}

/* A call for comments ("All, please send your comments by Friday") is about the process:
 * it asks the others for feedback and gives none. A sentence is one when it has one of
 * these requests and one of these nouns. */
static const char *const call_verbs[] = {
	"please send", "please submit", "please share", "please provide", "please post",
	"send your", "send us your", "send in your", "submit your", "share your",
	"keep the comments coming", "keep your comments coming", "keep sending",
	"merci d'envoyer", "envoyez vos", "envoyer vos", "faire parvenir vos",
	"bitte schickt", "bitte senden", "schickt eure", "senden sie ihre",
	"env\xc3\xad" "en sus", "enviad vuestros", "por favor env\xc3\xad" "en",
	/* a reminder of the deadline ("A gentle reminder that comments are due on Friday") */
	"reminder", "are due", "rappel", "recordatorio", "lembrete", NULL
};
static const char *const call_nouns[] = {
	"comments", "feedback", "input", "views", "reactions", "suggestions", "edits",
	"commentaires", "remarques", "kommentare", "anmerkungen", "r\xc3\xbc" "ckmeldungen",
	"comentarios", "sugerencias", NULL
};

/* Openers that point back at what was just said ("That said, ...", "Cela dit, ...",
 * "That is why ..."): a paragraph opening so goes on with the topic of the one before. */
static const char *const continuation_openers[] = {
	"that said", "this said", "having said that", "even so", "that is why", "this is why",
	"that's why", "for that reason", "for this reason", "in that case", "on that point",
	"along the same lines", "in the same vein", "cela dit", "ceci dit", "cela \xc3\xa9tant dit",
	"ceci \xc3\xa9tant dit", "c'est pourquoi", "pour cette raison", "dans ce cas", "sur ce point",
	"deshalb", "deswegen", "daher", "in diesem fall", "dicho esto", "dicho eso", "por eso",
	"por esa raz\xc3\xb3n", "en ese caso", "dito isto", "dito isso", "por isso",
	"por essa raz\xc3\xa3o", "nesse caso", NULL
};

/* Openers that declare a remark on the whole text ("One general remark: the text is
 * long"): it belongs to no section, whatever passage it happens to stand under. Only
 * unambiguous ones: "Overall" or "In general" under a quoted passage usually sum up that
 * passage. */
static const char *const general_openers[] = {
	"one general remark", "a general remark", "general remark", "one general comment",
	"a general comment", "general comment", "some general comments", "a few general comments",
	"general comments", "a more general remark", "a more general comment", "more generally",
	"on the document as a whole", "on the paper as a whole", "on the text as a whole",
	"de mani\xc3\xa8re g\xc3\xa9n\xc3\xa9rale", "d'une mani\xc3\xa8re g\xc3\xa9n\xc3\xa9rale",
	"de fa\xc3\xa7on g\xc3\xa9n\xc3\xa9rale", "plus g\xc3\xa9n\xc3\xa9ralement",
	"une remarque g\xc3\xa9n\xc3\xa9rale", "remarque g\xc3\xa9n\xc3\xa9rale",
	"eine allgemeine anmerkung", "allgemeine anmerkung", "ganz allgemein",
	"un comentario general", "en t\xc3\xa9rminos generales", "de manera general",
	"de forma general", "um coment\xc3\xa1rio geral", "de modo geral", NULL
};

static int opens_with(const char *text, const char *const *openers)
{
	size_t i, n;

	while (*text == ' ' || *text == '\t' || *text == '\n')
		text++;
	for (i = 0; openers[i]; i++) {
		n = strlen(openers[i]);
		if (rp_ascii_ncasecmp(text, openers[i], n) == 0 &&
		    !isalnum((unsigned char)text[n]) && (unsigned char)text[n] < 0x80)
			return 1;
	}
	return 0;
}

/* Where word w (lower case) stands in text as a word of its own, or NULL. */
static const char *find_word(const char *text, const char *w)
{
	size_t n = strlen(w);
	const char *p;

	for (p = text; (p = rp_ascii_casestr(p, w)) != NULL; p += n)
		if ((p == text || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[n]))
			return p;
	return NULL;
}

/* Does word w (lower case) stand in text as a word of its own? */
static int has_word(const char *text, const char *w)
{
	return find_word(text, w) != NULL;
}

/* A verdict on the whole that announces the comments after it ("Looks good to me overall,
 * a few nits below", "Overall fine; comments inline"): it sums up the review, not the
 * passage it happens to stand under. "Overall" alone under a quoted passage sums up that
 * passage. */
static int frames_review(const char *text)
{
	return strlen(text) < 200 && has_word(text, "overall") &&
	       (has_word(text, "below") || has_word(text, "inline"));
}

int an_general_remark(const char *text)
{
	return opens_with(text, general_openers) || frames_review(text);
}

int an_continues_previous(const char *text)
{
	return opens_with(text, continuation_openers);
}

/* "The section does not say.", "Cette section ...": a section named without its number
 * is the one the writer was just talking about. Not "the sections", nor "the section on
 * funding" (that names another by its topic), nor one with a number ("this section 4"). */
int an_names_section_before(const char *text)
{
	static const char *const phrases[] = {
		"the section", "this section", "that section", "cette section", "la section",
		"esta secci\xc3\xb3n", "la secci\xc3\xb3n", "esa secci\xc3\xb3n", "esta se\xc3\xa7\xc3\xa3o",
		"a se\xc3\xa7\xc3\xa3o", "essa se\xc3\xa7\xc3\xa3o", "dieser abschnitt", "der abschnitt", NULL
	};
	static const char *const topics[] = { " on ", " about ", " sur ", " sobre ", " de ", " du ",
					      " des ", " zu ", " of ", NULL };
	size_t i, k, n;
	const char *p;

	for (i = 0; phrases[i]; i++) {
		n = strlen(phrases[i]);
		for (p = text; (p = rp_ascii_casestr(p, phrases[i])) != NULL; p += n) {
			const char *q = p + n;
			int topic = 0;
			if ((p > text && isalpha((unsigned char)p[-1])) || isalpha((unsigned char)*q) ||
			    (unsigned char)*q >= 0x80)
				continue;
			while (*q == ' ')
				q++;
			if (isdigit((unsigned char)*q))
				continue;
			for (k = 0; topics[k] && !topic; k++)
				topic = rp_istarts_with(p + n, topics[k]);
			if (!topic)
				return 1;
		}
	}
	return 0;
}

/* Does the sentence name a part of the draft ("section 3", "§ 2", "paragraph 4.1")? */
static int names_a_part(const char *sent)
{
	static const char *const parts[] = { "section", "paragraph", "clause", "article",
					     "\xc2\xa7", NULL };
	const char *p;
	size_t i, n;

	for (i = 0; parts[i]; i++) {
		n = strlen(parts[i]);
		for (p = sent; (p = rp_ascii_casestr(p, parts[i])) != NULL; p += n) {
			const char *d = p + n + (p[n] == 's');
			while (*d == ' ')
				d++;
			if ((p == sent || !isalpha((unsigned char)p[-1])) &&
			    isdigit((unsigned char)*d))
				return 1;
		}
	}
	return 0;
}

/* Support cues that say where the writer stands ("I agree with Mark", "+1"), unlike
 * those that only praise ("thanks for", "a good basis", "excellent"). */
static const char *const agreement_cues[] = { "agree", "+1", "endorse", "support", "concur",
					      "in favo", "second", "d'accord", NULL };

/* Does the sentence say something beyond thanks and praise: a stance other than praise
 * ("Thanks Ann, and I object to section 3: ...") or a part of the draft it is about? */
static int carries_more(const char *sent)
{
	struct rp_stance st;
	int more = 0;
	size_t i;

	if (names_a_part(sent))
		return 1;
	if (rp_stance_classify(&st, sent, NULL))
		return 0;
	if ((st.label != RP_STANCE_NOTE && st.label != RP_STANCE_SUPPORT) ||
	    (st.secondary != RP_STANCE_NONE && st.secondary != RP_STANCE_SUPPORT))
		more = 1;
	for (i = 0; !more && st.label == RP_STANCE_SUPPORT && st.cues && agreement_cues[i]; i++)
		more = strstr(st.cues, agreement_cues[i]) != NULL;
	rp_stance_release(&st);
	return more;
}

/* Thanks, praise of the message, or talk about the message itself, and nothing else. */
static int courtesy_sentence(const char *sent)
{
	const char *s = sent;
	size_t i, len = strlen(sent);
	int framing = 0;

	while (*s == ' ' || *s == '\n')
		s++;
	/* "Anja, thanks, ..." : a name, a comma, then thanks. */
	if (isupper((unsigned char)*s)) {
		const char *c = strchr(s, ',');
		if (c && c - s < 20 && !memchr(s, ' ', (size_t)(c - s)))
			for (i = 0; thanks_starts[i] && !framing; i++)
				framing = rp_istarts_with(c + 1 + (c[1] == ' '), thanks_starts[i]);
	}
	for (i = 0; thanks_starts[i] && !framing; i++)
		if (rp_istarts_with(s, thanks_starts[i]))
			framing = len < 140 || strstr(sent, "comment") != NULL ? 1 : -1;
	for (i = 0; meta_phrases[i] && !framing && len <= 160; i++)
		framing = rp_ascii_casestr(s, meta_phrases[i]) != NULL;
	if (!framing)
		framing = framing_sentence(s);
	return framing > 0 && !carries_more(sent);
}

int an_courtesy_sentence(const char *sent)
{
	return courtesy_sentence(sent);
}

/* Words that ask for comments: a verb of the call and a noun of comments. */
static int asks_for_comments(const char *sent)
{
	size_t i, j;

	for (i = 0; call_verbs[i]; i++)
		if (rp_ascii_casestr(sent, call_verbs[i]))
			for (j = 0; call_nouns[j]; j++)
				if (rp_ascii_casestr(sent, call_nouns[j]))
					return 1;
	return 0;
}

/* Does a clause of the sentence after a colon or semicolon take a position on the text
 * (an objection or an amendment: "Please send your comments to me as well: I think the
 * purpose is too narrow and should name small operators")? A request for comments that
 * does is a comment. The clause is read alone: the request's "please" would make the
 * whole sentence read as a question. */
static int takes_position(const char *sent)
{
	const char *p;
	int yes = 0;

	for (p = strpbrk(sent, ":;"); p && !yes; p = strpbrk(p + 1, ":;")) {
		struct rp_stance st;
		if (asks_for_comments(p + 1))
			continue; /* "...; please keep the comments coming." asks again */
		if (rp_stance_classify(&st, p + 1, NULL))
			return 0;
		yes = st.label == RP_STANCE_OBJECT || st.label == RP_STANCE_AMEND ||
		      st.secondary == RP_STANCE_OBJECT || st.secondary == RP_STANCE_AMEND;
		rp_stance_release(&st);
	}
	return yes;
}

/* The coordinator moving the deadline ("the deadline for comments is extended to Friday
 * 19 March", "we have pushed the deadline back a week"): a call for comments as much as a
 * reminder is. A deadline the draft sets, which a member wants longer, names no comments. */
static int moves_deadline(const char *sent)
{
	static const char *const deadline[] = { "deadline", "due date", "date limite", "frist",
						"plazo", "prazo", NULL };
	static const char *const moved[] = { "extend", "pushed", "postpone", "moved to",
					     "prolong", "verl\xc3\xa4ngert", "report\xc3\xa9",
					     "prorrog", "ampliado", NULL };
	size_t i, j;

	for (i = 0; deadline[i]; i++)
		if (rp_ascii_casestr(sent, deadline[i]))
			for (j = 0; moved[j]; j++)
				if (rp_ascii_casestr(sent, moved[j]))
					return 1;
	return 0;
}

/* Does one of words start within three words after p ("circulate a revised version")? */
static int word_soon_after(const char *p, const char *const *words)
{
	int gap;
	size_t k;

	for (gap = 0; *p && gap <= 3; gap++) {
		while (*p && !isalnum((unsigned char)*p))
			p++;
		for (k = 0; words[k]; k++)
			if (find_word(p, words[k]) == p)
				return 1;
		while (isalnum((unsigned char)*p) || *p == '-' || *p == '\'')
			p++;
	}
	return 0;
}

/* The coordinator closing the round or announcing the next version ("The deadline has
 * now passed; we will prepare version 3", "we will circulate a revised draft in early
 * October"): about the process, as a call for comments is, and no comment on the text.
 * Whole words, the version named right after the act: "We will share our conversion
 * costs" or "we will post the survey results on version 2 uptake" announce no version. */
static int closes_round(const char *sent)
{
	static const char *const closed[] = { "deadline has passed", "deadline has now passed",
					      "deadline is over", "deadline has expired",
					      "comments are now closed", "comments are closed",
					      "comment period has closed", "comment period is over",
					      "closed for comments", NULL };
	static const char *const will[] = { "we will", "we'll", "we shall", "i will", "i'll",
					    NULL };
	static const char *const acts[] = { "circulate", "prepare", "send", "share",
					    "produce", "publish", "post", NULL };
	static const char *const versions[] = { "version", "revised draft", "new draft",
						"next draft", "revision", "v2", "v3", "v4", NULL };
	const char *w, *a;
	size_t i, j;

	for (i = 0; closed[i]; i++)
		if (find_word(sent, closed[i]))
			return 1;
	for (i = 0; will[i]; i++)
		for (w = sent; (w = find_word(w, will[i])) != NULL; w += strlen(will[i]))
			for (j = 0; acts[j]; j++)
				if ((a = find_word(w, acts[j])) != NULL &&
				    word_soon_after(a + strlen(acts[j]), versions))
					return 1;
	return 0;
}

/* "Please send them to the list." after a call: the request goes on, its noun a pronoun. */
static int call_goes_on(const char *sent)
{
	static const char *const pronouns[] = { " them", " these", " yours", " those", NULL };
	size_t i, j;

	if (strlen(sent) > 120)
		return 0;
	for (i = 0; call_verbs[i]; i++)
		if (rp_ascii_casestr(sent, call_verbs[i]))
			for (j = 0; pronouns[j]; j++)
				if (rp_ascii_casestr(sent, pronouns[j]))
					return !takes_position(sent);
	return 0;
}

static int call_for_comments(const char *sent)
{
	size_t i, j;

	if (strlen(sent) > 200)
		return 0;
	if (moves_deadline(sent))
		for (j = 0; call_nouns[j]; j++)
			if (rp_ascii_casestr(sent, call_nouns[j]))
				return !takes_position(sent);
	for (i = 0; call_verbs[i]; i++)
		if (rp_ascii_casestr(sent, call_verbs[i]))
			for (j = 0; call_nouns[j]; j++)
				if (rp_ascii_casestr(sent, call_nouns[j]))
					return !takes_position(sent);
	return 0;
}

/* A request to leave the list ("Please remove me from this list. I left the committee in
 * January.", "unsubscribe"): addressed to whoever runs the list, about the writer's
 * subscription, and no comment on the draft unless it also names a part of it or takes a
 * position ("Take me off the list, but first: I object to section 3"). */
static int leaves_list(const char *text)
{
	static const char *const requests[] = { "remove me from", "take me off", "drop me from",
						"unsubscribe", "unsubscribing", "unsubscribed",
						"no longer wish to receive", "stop receiving",
						"off the mailing list", "off this list", "off the list",
						NULL };
	struct rp_stance st;
	size_t i;
	int found = 0, position;

	for (i = 0; requests[i] && !found; i++)
		found = find_word(text, requests[i]) != NULL;
	if (!found || names_a_part(text) || rp_stance_classify(&st, text, NULL))
		return 0;
	position = st.label == RP_STANCE_SUPPORT || st.label == RP_STANCE_OBJECT ||
		   st.label == RP_STANCE_AMEND || st.secondary == RP_STANCE_SUPPORT ||
		   st.secondary == RP_STANCE_OBJECT || st.secondary == RP_STANCE_AMEND;
	rp_stance_release(&st);
	return !position;
}

/* COURTESY when every sentence is courtesy or a call for comments, or the paragraph asks
 * to leave the list (then PROCEDURAL too), plus PROCEDURAL when
 * one is a call for comments or closes the round, FRAMING when every one announces comments
 * that follow, ASKS when one asks for comments, LEAVES when it asks to leave the list. */
enum { COURTESY = 1, PROCEDURAL = 2, FRAMING = 4, ASKS = 8, LEAVES = 16 };

static int is_courtesy(const char *text)
{
	char **sent = NULL;
	size_t n = 0, i;
	int all = 1, call = 0, framing = 1, asks = 0;

	if (strlen(text) > 400 || rp_text_sentences(text, &sent, &n) || !n) {
		rp_strv_free(sent, n);
		return 0;
	}
	if (leaves_list(text)) {
		rp_strv_free(sent, n);
		return COURTESY | PROCEDURAL | LEAVES;
	}
	for (i = 0; i < n && all; i++) {
		const char *se = i == 0 ? rp_text_past_greeting(sent[i]) : sent[i];
		if (call_for_comments(se) || (asks && call_goes_on(se)))
			call = asks = 1;
		else if (closes_round(se) && !takes_position(se) && !carries_more(se))
			call = 1;
		else
			all = courtesy_sentence(se);
		framing = framing && framing_sentence(se);
	}
	rp_strv_free(sent, n);
	return all ? COURTESY | (call ? PROCEDURAL : 0) | (framing ? FRAMING : 0) | (asks ? ASKS : 0)
		   : 0;
}

/* The context a point is written under: the nearest quote block, and the run of quote
 * blocks it closes ("> > the draft's words" then "> a member's one-word answer"). */
struct context {
	const char *quoted;
	const struct rp_buf *run;
	int inline_reply;
};

static int push_point(struct an_point **points, size_t *n, size_t *alloc, size_t msg,
		      struct rp_buf *text, const struct context *cx)
{
	const char *quoted = cx->quoted;
	int with_run = quoted && cx->run->len > strlen(quoted);
	struct an_point *p;

	rp_buf_trim(text);
	if (!text->len)
		return 0;
	if (*n == *alloc) {
		size_t na = *alloc ? *alloc * 2 : 64;
		p = realloc(*points, na * sizeof(*p));
		if (!p)
			return RP_ENOMEM;
		*points = p;
		*alloc = na;
	}
	p = &(*points)[*n];
	memset(p, 0, sizeof(*p));
	p->msg = msg;
	p->responds_to = -1;
	p->text = rp_buf_detach(text, NULL);
	p->quoted = quoted ? rp_strdup(quoted) : NULL;
	p->quoted_run = with_run ? rp_strdup(cx->run->buf) : NULL;
	if (!p->text || (quoted && !p->quoted) || (with_run && !p->quoted_run)) {
		an_point_release(p);
		return RP_ENOMEM;
	}
	p->courtesy = is_courtesy(p->text);
	p->inline_reply = cx->inline_reply;
	(*n)++;
	return 0;
}

/* A table pasted as text (tab-separated cells, as a spreadsheet or a word processor's
 * table copies into a plain-text mail, or Markdown's "| a | b |" rows): the cells of each
 * line of para, at most TABLE_MAX_CELLS, trimmed; 0 when the line is not a row (fewer
 * than two cells). A Markdown rule line ("|---|:--:|") gives -1. */
#define TABLE_MAX_CELLS 8
struct cell {
	const char *s;
	size_t n;
};

static int table_cells(const char *s, size_t len, struct cell *cells)
{
	const char *e = s + len;
	int piped, n = 0, rule = 1;
	char sep;

	while (s < e && (*s == ' ' || *s == '\r'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\r'))
		e--;
	piped = s < e && *s == '|';
	sep = piped ? '|' : '\t';
	if (piped) {
		s++;
		if (e > s && e[-1] == '|')
			e--;
	} else if (!memchr(s, '\t', (size_t)(e - s)) || *s == '\t') {
		return 0; /* no cells, or a line indented by a tab (code, a quoted proposal) */
	}
	while (s <= e) {
		const char *c = s, *ce = memchr(s, sep, (size_t)(e - s));
		if (!ce)
			ce = e;
		s = ce + 1;
		while (c < ce && isspace((unsigned char)*c))
			c++;
		while (ce > c && isspace((unsigned char)ce[-1]))
			ce--;
		if (n == TABLE_MAX_CELLS)
			return 0;
		for (const char *q = c; q < ce; q++)
			if (*q != '-' && *q != ':')
				rule = 0;
		cells[n].s = c;
		cells[n++].n = (size_t)(ce - c);
	}
	if (n < 2)
		return 0;
	return piped && rule ? -1 : n;
}

/* A cell that says nothing: empty, a dash, "None", "N/A". */
static int empty_cell(const struct cell *c)
{
	static const char *const nothing[] = { "-", "--", "\xe2\x80\x94", "none", "none.", "n/a",
					       "na", "nil", NULL };
	size_t i;

	for (i = 0; nothing[i]; i++)
		if (c->n == strlen(nothing[i]) && rp_ascii_ncasecmp(c->s, nothing[i], c->n) == 0)
			return 1;
	return !c->n;
}

/* A paragraph that is a table with a header line and rows of as many cells: each row is
 * a comment of its own, written out with its headers so that it reads as one ("Section 2:
 * Universal service funds are unused. Proposed change: Add ..."). Returns the number of
 * points pushed, 0 when para is no such table, or a negative error. */
static int push_table_rows(struct an_point **points, size_t *n, size_t *alloc, size_t msg,
			   const char *para, const struct context *cx)
{
	struct cell head[TABLE_MAX_CELLS], row[TABLE_MAX_CELLS];
	const char *s, *e, *body = NULL;
	int cols = 0, rows = 0, k, rc = 0;

	/* first pass: every line a row of the header's width, a rule line aside */
	for (s = para; *s; s = *e ? e + 1 : e) {
		int c;
		e = strchr(s, '\n');
		if (!e)
			e = s + strlen(s);
		c = table_cells(s, (size_t)(e - s), cols ? row : head);
		if (c < 0 && cols && !rows)
			continue;
		if (c <= 0 || (cols && c != cols))
			return 0;
		if (!cols) {
			for (k = 0; k < c; k++)
				if (!head[k].n)
					return 0; /* a header names every column */
			cols = c;
			body = *e ? e + 1 : e;
		} else {
			rows++;
		}
	}
	if (rows < 1 || cols < 2)
		return 0;
	for (s = body; *s && !rc; s = *e ? e + 1 : e) {
		struct rp_buf t = RP_BUF_INIT;
		e = strchr(s, '\n');
		if (!e)
			e = s + strlen(s);
		if (table_cells(s, (size_t)(e - s), row) < 0)
			continue;
		for (k = 0; k < cols; k++) {
			if (empty_cell(&row[k]))
				continue;
			if (k == 0) /* the row's key, under its header: "Section 2:" */
				rp_buf_addf(&t, "%.*s %.*s:", (int)head[0].n, head[0].s,
					    (int)row[0].n, row[0].s);
			else if (k == 1)
				rp_buf_addf(&t, "%s%.*s", t.len ? " " : "", (int)row[k].n, row[k].s);
			else
				rp_buf_addf(&t, "%s%.*s: %.*s", t.len ? " " : "", (int)head[k].n,
					    head[k].s, (int)row[k].n, row[k].s);
		}
		rc = push_point(points, n, alloc, msg, &t, cx);
		rp_buf_release(&t);
	}
	return rc ? rc : rows;
}

/* Does one of words stand as a word of its own in [b, e)? */
static int position_before(const char *b, const char *e, const char *const *words)
{
	const char *w;
	size_t k;

	for (k = 0; words[k]; k++)
		for (w = b; (w = find_word(w, words[k])) != NULL && w < e; w += strlen(words[k]))
			if (w + strlen(words[k]) <= e)
				return 1;
	return 0;
}

/* A paragraph is a point, or a table of them. */
/* Where "... on 3.9 but not on 3.10" turns from one section to another: the offset of
 * "but", or 0. The contrast names a section on each side, in the same sentence: a number
 * before it, and after "but not", a preposition ("on", "for", "with", "about", "regarding",
 * "in", "to") and a number, "section 4", "paragraph 12" or "§ 4". Each side then takes its
 * own position ("I agree with Wout on 3.9 but not on 3.10"), so the side before "but" must
 * take one: a chair's "So far I see agreement on 3.2 but not on 4.1" reports, and split
 * it would leave a bullet reading "but not on 4.1." */
size_t an_contrast_split(const char *text)
{
	static const char *const preps[] = { "on ", "for ", "with ", "about ", "regarding ",
					     "in ", "to ", NULL };
	static const char *const positions[] = { "agree", "disagree", "support", "accept",
						 "endorse", "concur", "+1", "fine", "happy", "like",
						 "object", "oppose", "d'accord", NULL };
	static const char *const parts[] = { "section ", "sections ", "paragraph ", "para ",
					     "\xc2\xa7 ", "\xc2\xa7", NULL };
	const char *p;

	for (p = text; (p = rp_ascii_casestr(p, " but not ")) != NULL; p += 9) {
		const char *q = p + 9, *b, *s;
		size_t i;
		int digit = 0;

		for (b = p; b > text && !strchr(".!?\n", b[-1]); b--)
			digit |= isdigit((unsigned char)b[-1]);
		for (i = 0; preps[i] && !rp_istarts_with(q, preps[i]); i++)
			;
		/* the sentence's start: a number's dot ("2.3") ends none */
		for (s = p; s > text && s[-1] != '\n' &&
			    !(s - 1 > text && strchr(".!?", s[-2]) && s[-1] == ' ');
		     s--)
			;
		if (!digit || !preps[i] || !position_before(s, p, positions))
			continue;
		q += strlen(preps[i]);
		for (i = 0; parts[i] && !rp_istarts_with(q, parts[i]); i++)
			;
		if (parts[i])
			q += strlen(parts[i]);
		if (isdigit((unsigned char)*q))
			return (size_t)(p + 1 - text);
	}
	return 0;
}

/* Length of a section number opening s ("4.1", "3.2.1": a dot between digits; or after
 * "section" or "§"), followed by a space, a colon, a comma, a parenthesis or the full stop
 * that ends a sentence; 0 otherwise. */
static size_t section_number_at(const char *s)
{
	size_t i = 0;
	int dots = 0;

	if (rp_istarts_with(s, "section "))
		i = 8;
	else if (rp_istarts_with(s, "\xc2\xa7"))
		i = s[2] == ' ' ? 3 : 2;
	if (!isdigit((unsigned char)s[i]))
		return 0;
	while (isdigit((unsigned char)s[i]) || (s[i] == '.' && isdigit((unsigned char)s[i + 1]))) {
		dots += s[i] == '.';
		i++;
	}
	if (!dots && isdigit((unsigned char)*s))
		return 0; /* "12" alone may count anything */
	return s[i] && (strchr(" :,)", s[i]) || (s[i] == '.' && (s[i + 1] == ' ' || !s[i + 1]))) ? i
												  : 0;
}

/* Where a short paragraph turns from one section to another at a sentence that opens on a
 * section number ("Fine with 3.2. 4.1 unworkable in busy clinics - who gives the info?",
 * written from a phone): the offset of that sentence, when the text before it names
 * another section, or 0. Each sentence then takes its own position and section. */
static size_t section_turn_split(const char *text)
{
	const char *p, *q;
	size_t len = strlen(text), l;

	if (len > 300)
		return 0;
	for (p = text; *p; p++) {
		if (!strchr(".!?;", *p) || p[1] != ' ')
			continue;
		if (*p == '.' && p > text && isdigit((unsigned char)p[-1]) && isdigit((unsigned char)p[1]))
			continue;
		for (q = p + 1; *q == ' '; q++)
			;
		if (!(l = section_number_at(q)))
			continue;
		/* the text before names a section, and not the same one */
		{
			const char *b;
			int other = 0;
			for (b = text; b < p && !other; b++) {
				size_t m;
				if (b > text && (isalnum((unsigned char)b[-1]) || b[-1] == '.'))
					continue;
				m = section_number_at(b);
				other = m && (m != l || strncmp(b, q, l) != 0);
			}
			if (other)
				return (size_t)(q - text);
		}
	}
	return 0;
}

static int push_paragraph(struct an_point **points, size_t *n, size_t *alloc, size_t msg,
			  struct rp_buf *text, const struct context *cx)
{
	int rows = text->len ? push_table_rows(points, n, alloc, msg, text->buf, cx) : 0;
	size_t cut;

	if (rows < 0)
		return rows;
	if (rows > 0) {
		rp_buf_clear(text);
		return 0;
	}
	/* the contrast's two sides are two points, the second opening with "but not" */
	if ((cut = an_contrast_split(text->buf)) != 0) {
		struct rp_buf first = RP_BUF_INIT;
		int rc = rp_buf_add(&first, text->buf, cut);
		size_t len = first.len;

		while (!rc && len && (first.buf[len - 1] == ' ' || first.buf[len - 1] == ','))
			len--;
		if (!rc)
			rp_buf_setlen(&first, len);
		if (!rc)
			rc = push_point(points, n, alloc, msg, &first, cx);
		rp_buf_release(&first);
		if (rc)
			return rc;
		memmove(text->buf, text->buf + cut, text->len - cut + 1);
		rp_buf_setlen(text, text->len - cut);
	}
	/* a sentence opening on another section's number starts a point of its own */
	while ((cut = section_turn_split(text->buf)) != 0) {
		struct rp_buf first = RP_BUF_INIT;
		int rc = rp_buf_add(&first, text->buf, cut);

		if (!rc)
			rc = push_point(points, n, alloc, msg, &first, cx);
		rp_buf_release(&first);
		if (rc)
			return rc;
		memmove(text->buf, text->buf + cut, text->len - cut + 1);
		rp_buf_setlen(text, text->len - cut);
	}
	return push_point(points, n, alloc, msg, text, cx);
}

/* Quotation marks that open wording set apart on a line of its own. */
static const char *const opening_marks[] = { "\"", "'", "\xe2\x80\x9c", "\xe2\x80\x98",
					     "\xc2\xab", "\xe2\x80\x9e", NULL };

/* A paragraph ending with a colon ("I propose:", "I suggest adding:", "2.3 should read:")
 * followed by a paragraph of wording, in quotation marks or indented, is one point with it:
 * split, the proposal would lose its wording and the wording its section. Not a line that
 * only frames the comments below ("Some thoughts:"), which is no point; and a paragraph
 * after the colon that is neither quoted nor indented (another comment) stays a point of
 * its own. rest: the text after the blank line (or the next block of new text). */
static int introduces_next(const struct rp_buf *cur, const char *rest)
{
	const char *const *m;
	size_t n = cur->len, lead = 0;

	while (n && isspace((unsigned char)cur->buf[n - 1]))
		n--;
	if (!n || cur->buf[n - 1] != ':')
		return 0;
	while (*rest == '\n' || *rest == '\r' || (rest[0] == ' ' && rest[1] == '\n'))
		rest++;
	while (rest[lead] == ' ' || rest[lead] == '\t')
		lead++;
	for (m = opening_marks; *m; m++)
		if (strncmp(rest + lead, *m, strlen(*m)) == 0)
			break;
	if (!*m && (lead < 2 || !rest[lead] || is_bullet(rest)))
		return 0;
	return !(is_courtesy(cur->buf) & FRAMING);
}

/* Does the text end with a colon, introducing what follows ("it needs this:")? */
static int ends_with_colon(const char *text)
{
	size_t n = strlen(text);

	while (n && isspace((unsigned char)text[n - 1]))
		n--;
	return n && text[n - 1] == ':';
}

int an_points_from_blocks(const struct rp_segments *seg, size_t msg, struct an_point **points,
			  size_t *n, size_t *alloc)
{
	struct context cx = { NULL, NULL, 0 };
	struct rp_buf cur = RP_BUF_INIT, run = RP_BUF_INIT;
	size_t b, first = *n, w, substantive = 0;
	int rc = 0, in_run = 0;

	cx.run = &run;
	for (b = 0; b < seg->n && !rc; b++) {
		const struct rp_block *bl = &seg->blocks[b];
		const char *s, *e;

		if (bl->kind == RP_BLOCK_QUOTE) {
			cx.quoted = bl->text;
			cx.inline_reply = 1;
			/* Quote blocks with no new text between them are one run; an
			 * attribution line inside it does not end it. */
			if (!in_run)
				rp_buf_clear(&run);
			if ((run.len && rp_buf_addch(&run, '\n')) || rp_buf_adds(&run, bl->text))
				rc = RP_ENOMEM;
			in_run = 1;
			continue;
		}
		if (bl->kind != RP_BLOCK_NEW)
			continue;
		in_run = 0;
		if (!cx.quoted) {
			/* Top-posting: text above the whole quote answers what it quotes. */
			size_t q;
			for (q = b + 1; q < seg->n; q++)
				if (seg->blocks[q].kind == RP_BLOCK_QUOTE) {
					cx.quoted = seg->blocks[q].text;
					break;
				}
		}
		/* Paragraphs and bullets, each a point. */
		for (s = bl->text; *s && !rc; s = *e ? e + 1 : e) {
			e = strchr(s, '\n');
			if (!e)
				e = s + strlen(s);
			if (is_blank(s, (size_t)(e - s)) && introduces_next(&cur, e))
				continue;
			if (is_blank(s, (size_t)(e - s)) || (is_bullet(s) && cur.len)) {
				rc = push_paragraph(points, n, alloc, msg, &cur, &cx);
				if (is_blank(s, (size_t)(e - s)))
					continue;
			}
			if (cur.len)
				rp_buf_addch(&cur, '\n');
			rp_buf_add(&cur, s, (size_t)(e - s));
		}
		/* The segmentation may make each paragraph a block of its own. */
		if (!rc && !(b + 1 < seg->n && seg->blocks[b + 1].kind == RP_BLOCK_NEW &&
			     introduces_next(&cur, seg->blocks[b + 1].text))) {
			size_t before = *n;
			rc = push_paragraph(points, n, alloc, msg, &cur, &cx);
			if (!rc && *n > before && b + 1 < seg->n && seg->blocks[b + 1].kind == RP_BLOCK_PATCH)
				(*points)[*n - 1].offers_patch = ends_with_colon((*points)[*n - 1].text);
		}
	}
	rp_buf_release(&cur);
	rp_buf_release(&run);
	/* Courtesy that frames other comments is not a point; a message that is nothing but
	 * thanks ("a good basis for our reaction") is one, and so is thanks written under a
	 * quoted passage (it answers that passage), but not a line that only announces the
	 * comments after it ("Some thoughts:"), wherever it stands. A call for comments never
	 * is one: it asks for feedback and gives none. */
	for (b = first; b < *n; b++)
		substantive += !(*points)[b].courtesy;
	for (b = w = first; b < *n; b++) {
		struct an_point *p = &(*points)[b];
		if ((p->courtesy & PROCEDURAL) ||
		    (substantive && p->courtesy && (!p->inline_reply || (p->courtesy & FRAMING)))) {
			an_point_release(p);
			continue;
		}
		(*points)[w++] = *p;
	}
	*n = w;
	for (b = first; b < *n; b++)
		(*points)[b].ordinal = (int)(b - first);
	return rc;
}

int rp_analyse_asks_only(const struct rp_segments *seg)
{
	struct rp_buf para = RP_BUF_INIT;
	size_t b;
	int call = 0, other = 0, asks = 0, leaves = 0;

	for (b = 0; b < seg->n && !other; b++) {
		const char *s, *e;

		if (seg->blocks[b].kind != RP_BLOCK_NEW)
			continue;
		/* paragraph by paragraph, as points are cut */
		for (s = seg->blocks[b].text; !other; s = e + 1) {
			int end;
			e = strchr(s, '\n');
			if (!e)
				e = s + strlen(s);
			end = !*e;
			if (is_blank(s, (size_t)(e - s)) || end) {
				int k;
				if (end && !is_blank(s, (size_t)(e - s)))
					rp_buf_add(&para, s, (size_t)(e - s));
				rp_buf_trim(&para);
				if (para.len) {
					k = is_courtesy(para.buf);
					call |= (k & PROCEDURAL) != 0;
					asks |= (k & ASKS) != 0;
					leaves |= (k & LEAVES) != 0;
					other |= !k;
				}
				rp_buf_clear(&para);
			} else {
				rp_buf_add(&para, s, (size_t)(e - s));
				rp_buf_addch(&para, ' ');
			}
			if (end)
				break;
		}
	}
	rp_buf_release(&para);
	return call && !other ? (asks ? 1 : leaves ? 3 : 2) : 0;
}

/* --- shingles --------------------------------------------------------------------- */

#define SHINGLE_N 4

/* FNV-1a over the lower-cased alphanumeric words; calls fn for each 4-gram. */
static void for_each_shingle(const char *text, void (*fn)(void *, uint64_t), void *ctx)
{
	uint64_t words[SHINGLE_N];
	size_t count = 0;
	const unsigned char *s = (const unsigned char *)text;

	while (*s) {
		uint64_t h = 1469598103934665603ULL;
		size_t len = 0, i;

		while (*s && !(isalnum(*s) || *s >= 0x80))
			s++;
		while (*s && (isalnum(*s) || *s >= 0x80)) {
			h = (h ^ (uint64_t)tolower(*s)) * 1099511628211ULL;
			s++;
			len++;
		}
		if (!len)
			break;
		memmove(words, words + 1, (SHINGLE_N - 1) * sizeof(words[0]));
		words[SHINGLE_N - 1] = h;
		if (++count >= SHINGLE_N) {
			uint64_t k = 0;
			for (i = 0; i < SHINGLE_N; i++)
				k = (k ^ words[i]) * 1099511628211ULL + i;
			fn(ctx, k | 1); /* 0 marks an empty slot */
		}
	}
}

static int grow(struct an_shingles *s)
{
	struct an_shingles n = { 0 };
	size_t i;

	n.cap = s->cap ? s->cap * 2 : 1024;
	n.keys = calloc(n.cap, sizeof(*n.keys));
	n.owner = calloc(n.cap, sizeof(*n.owner));
	if (!n.keys || !n.owner) {
		free(n.keys);
		free(n.owner);
		return RP_ENOMEM;
	}
	for (i = 0; i < s->cap; i++) {
		size_t j;
		if (!s->keys[i])
			continue;
		for (j = s->keys[i] & (n.cap - 1); n.keys[j]; j = (j + 1) & (n.cap - 1))
			;
		n.keys[j] = s->keys[i];
		n.owner[j] = s->owner[i];
	}
	n.n = s->n;
	n.every_owner = s->every_owner;
	an_shingles_release(s);
	*s = n;
	return 0;
}

struct add_ctx {
	struct an_shingles *s;
	int32_t owner;
	int rc;
};

static void add_one(void *ctx, uint64_t k)
{
	struct add_ctx *a = ctx;
	struct an_shingles *s = a->s;
	size_t j;

	if (a->rc)
		return;
	if ((s->n + 1) * 2 > s->cap && (a->rc = grow(s)))
		return;
	for (j = k & (s->cap - 1); s->keys[j]; j = (j + 1) & (s->cap - 1))
		if (s->keys[j] == k && (!s->every_owner || s->owner[j] == a->owner))
			return;
	s->keys[j] = k;
	s->owner[j] = a->owner;
	s->n++;
}

int an_shingles_add(struct an_shingles *s, const char *text, int32_t owner)
{
	struct add_ctx a = { s, owner, 0 };

	for_each_shingle(text, add_one, &a);
	return a.rc;
}

struct match_ctx {
	const struct an_shingles *s;
	unsigned *counts;
	size_t n_owners;
	const unsigned char *covered;
	unsigned total;
	struct an_owner_list *touched; /* NULL, or the owners counted, each once */
	int oom;
};

/* Count one 4-gram for owner o, noting o the first time when the caller asked. */
static void count_owner(struct match_ctx *m, size_t o)
{
	struct an_owner_list *t = m->touched;

	if (m->counts[o]++ || !t)
		return;
	if (t->n == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 64;
		size_t *nv = realloc(t->v, nc * sizeof(*nv));
		if (!nv) {
			m->oom = 1;
			return;
		}
		t->v = nv;
		t->cap = nc;
	}
	t->v[t->n++] = o;
}

static void match_one(void *ctx, uint64_t k)
{
	struct match_ctx *m = ctx;
	const struct an_shingles *s = m->s;
	size_t j, mask = s->cap - 1;

	m->total++;
	if (!s->cap)
		return;
	if (m->covered)
		for (j = k & mask; s->keys[j]; j = (j + 1) & mask)
			if (s->keys[j] == k && (size_t)s->owner[j] < m->n_owners && m->covered[s->owner[j]])
				return;
	for (j = k & mask; s->keys[j]; j = (j + 1) & mask)
		if (s->keys[j] == k) {
			if ((size_t)s->owner[j] < m->n_owners)
				count_owner(m, (size_t)s->owner[j]);
			if (!s->every_owner)
				return;
		}
}

void an_shingles_match(const struct an_shingles *s, const char *text, unsigned *counts,
		       size_t n_owners, const unsigned char *covered, unsigned *total)
{
	struct match_ctx m = { s, counts, n_owners, covered, 0, NULL, 0 };

	memset(counts, 0, n_owners * sizeof(*counts));
	for_each_shingle(text, match_one, &m);
	*total = m.total;
}

int an_shingles_match_sparse(const struct an_shingles *s, const char *text, unsigned *counts,
			     size_t n_owners, struct an_owner_list *touched, unsigned *total)
{
	struct match_ctx m = { s, counts, n_owners, NULL, 0, touched, 0 };

	touched->n = 0;
	for_each_shingle(text, match_one, &m);
	*total = m.total;
	return m.oom ? RP_ENOMEM : 0;
}

void an_shingles_release(struct an_shingles *s)
{
	free(s->keys);
	free(s->owner);
	memset(s, 0, sizeof(*s));
}
