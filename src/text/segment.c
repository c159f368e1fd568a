/* segment: split a decoded mail body into ordered blocks: the author's new text, quoted
 * text with its depth, attribution lines, signatures, list footers, forwarded messages,
 * patches, greetings and closings. Order is kept, so an interleaved reply reads as a
 * sequence of (quote, answer) pairs. When the caller gives the sender's name (the From
 * header's), a sign-off without the "-- " separator that opens with it is a signature.
 *
 * Formats followed: RFC 3676 section 4.3 (the "-- " signature separator), RFC 3676
 * section 4.5 and common practice for '>' quoting (also "> >" and markers after leading
 * spaces, and '|' where a block of lines is quoted with it), the attribution and forward headers written by the common mail clients
 * (Gmail, Outlook, Thunderbird, Apple Mail) in English, French, German, Spanish and
 * Portuguese, list footers of Mailman, Google Groups and Groups.io, and unified diffs.
 *
 * Hand-written: no Debian library segments replies (talon and email_reply_parser are
 * Python and Ruby). The work is a fixed number of passes over the lines, each looking
 * at a bounded window of neighbouring lines, and every per-line test reads a bounded
 * prefix/suffix or a line of bounded length: time is O(n) in the body length and memory
 * O(number of lines). A 1 MB single line or quote depth 500 costs one scan. */
#include <stdlib.h>
#include <string.h>

#include "rapporteur/text.h"

/* Lines longer than this are never attributions, footers, greetings or closings: the
 * keyword tests below only look at lines this short, which keeps them O(1) per line. */
#define SHORT_LINE 400
/* A footer paragraph without a separator line starts within this many lines of the end. */
#define FOOTER_TAIL_LINES 60

struct line {
	const char *raw; /* the line as written (unquoted lines keep their indentation) */
	size_t rawlen;   /* right-trimmed */
	const char *p;  /* content after quote markers, left-trimmed */
	size_t len;     /* content length, right-trimmed */
	int qdepth;     /* '>' markers */
	int depth;      /* final depth (quotes, shifted regions) */
	int shift;      /* levels of unmarked quoting above this line (Outlook style) */
	signed char kind;        /* an rp_block_kind, -1 = not yet classified */
	unsigned char blank;     /* nothing but white space after the quote markers */
	unsigned char indent;    /* unquoted and starting with white space (diff context) */
	unsigned char rfc_delim; /* exactly "-- ", the RFC 3676 signature separator */
};

struct seg {
	struct line *l;
	size_t n;
	size_t fwd; /* first line of a forwarded message (s->n when none) */
	char *who;  /* the sender's display name folded (rp_text_fold_unaccented), or NULL */
	size_t first_free, last_free; /* the author's first and last unclassified lines */
	int oom;    /* an allocation failed in a pass */
};

static int lc(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static int is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static int is_alpha(int c)
{
	return lc(c) >= 'a' && lc(c) <= 'z';
}

/* Case-insensitive prefix test on a (p, len) line. */
static int lstarts(const struct line *l, const char *pre)
{
	size_t n = strlen(pre);
	return l->len >= n && rp_ascii_ncasecmp(l->p, pre, n) == 0;
}

static int lends(const struct line *l, const char *suf)
{
	size_t n = strlen(suf);
	return l->len >= n && rp_ascii_ncasecmp(l->p + l->len - n, suf, n) == 0;
}

/* Lower-case ASCII copy of at most cap-1 bytes into buf; returns the length. */
static size_t lower_copy(char *buf, size_t cap, const char *p, size_t n)
{
	size_t i;

	if (n > cap - 1)
		n = cap - 1;
	for (i = 0; i < n; i++) {
		char c = p[i];
		buf[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
	}
	buf[n] = '\0';
	return n;
}

/* Lines are lower-cased once per call, then searched with memmem: this runs for most
 * lines of every message, so it must stay linear and cheap. */
/* Every needle list in this file is written in lower case, so only the line is folded. */
static int contains_any(const struct line *l, const char *const *v)
{
	char hay[SHORT_LINE + 1];
	signed char head[256], next[128];
	size_t hn, i, len[128], nv = 0;
	int k;

	if (l->len > SHORT_LINE)
		return 0;
	/* Needles chained by first byte, then one pass over the line: each position is
	 * compared only with the needles that start with its byte. */
	memset(head, -1, sizeof(head));
	for (nv = 0; v[nv] && nv < 128; nv++) {
		unsigned char c = (unsigned char)v[nv][0];
		len[nv] = strlen(v[nv]);
		next[nv] = head[c];
		head[c] = (signed char)nv;
	}
	hn = lower_copy(hay, sizeof(hay), l->p, l->len);
	for (i = 0; i < hn; i++)
		for (k = head[(unsigned char)hay[i]]; k >= 0; k = next[k])
			if (len[k] <= hn - i && memcmp(hay + i, v[k], len[k]) == 0)
				return 1;
	return v[nv] ? contains_any(l, v + nv) : 0; /* lists longer than 128 */
}

/* Case-insensitive substring test, only on short lines (see SHORT_LINE). */
static int lcontains(const struct line *l, const char *needle)
{
	const char *const v[] = { needle, NULL };

	return contains_any(l, v);
}

static int starts_any(const struct line *l, const char *const *v)
{
	for (; *v; v++)
		if (lstarts(l, *v))
			return 1;
	return 0;
}

static int ends_any(const struct line *l, const char *const *v)
{
	for (; *v; v++)
		if (lends(l, *v))
			return 1;
	return 0;
}

static size_t count_words(const struct line *l)
{
	size_t i, w = 0;
	int in = 0;

	for (i = 0; i < l->len; i++) {
		if (is_ws((unsigned char)l->p[i]))
			in = 0;
		else if (!in) {
			in = 1;
			w++;
		}
	}
	return w;
}

/* Supercite quoting: the quoted author's initials before the marker ("ME> text").
 * On success *k is just after the '>'. */
static int supercite(const char *p, size_t len, size_t *k)
{
	size_t i = 0;

	while (i < len && i < 4 && is_alpha((unsigned char)p[i]))
		i++;
	if (i == 0 || i >= len || p[i] != '>' || !is_upper((unsigned char)p[0]))
		return 0;
	if (i + 1 < len && p[i + 1] != ' ' && p[i + 1] != '>')
		return 0;
	*k = i + 1;
	return 1;
}

/* Split into lines and read the quote markers. Each line is visited once. */
static int split_lines(struct seg *s, const char *body, size_t len)
{
	size_t i = 0, cap = 0;

	s->l = NULL;
	s->n = 0;
	while (i < len) {
		const char *start = body + i, *nl = memchr(start, '\n', len - i);
		size_t llen = nl ? (size_t)(nl - start) : len - i;
		struct line L = { 0 };
		size_t k = 0, lead = 0;

		i += llen + (nl ? 1 : 0);
		/* Quote markers, possibly after leading spaces and separated by spaces. */
		while (k < llen && (start[k] == ' ' || start[k] == '\t') && lead < 16) {
			k++;
			lead++;
		}
		if (k < llen && start[k] == '>') {
			while (k < llen && start[k] == '>') {
				L.qdepth++;
				k++;
				while (k < llen && (start[k] == ' ' || start[k] == '\t') &&
				       k + 1 < llen && (start[k + 1] == '>' || start[k + 1] == ' ' ||
							start[k + 1] == '\t'))
					k++;
				if (k < llen && start[k] == ' ' && !(k + 1 < llen && start[k + 1] == '>'))
					break;
			}
		} else if (supercite(start, llen, &k)) {
			L.qdepth = 1;
			while (k < llen && start[k] == '>') {
				L.qdepth++;
				k++;
			}
		} else {
			k = 0;
		}
		while (k < llen && is_ws((unsigned char)start[k]))
			k++;
		L.p = start + k;
		L.len = llen - k;
		while (L.len && is_ws((unsigned char)L.p[L.len - 1]))
			L.len--;
		L.blank = L.len == 0;
		L.kind = -1;
		L.raw = start;
		L.rawlen = L.len ? (size_t)(L.p + L.len - start) : 0;
		L.indent = L.qdepth == 0 && llen && (start[0] == ' ' || start[0] == '\t');
		L.rfc_delim = L.qdepth == 0 && llen >= 3 && memcmp(start, "-- ", 3) == 0 &&
			      (llen == 3 || (llen == 4 && start[3] == '\r'));
		if (s->n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			struct line *nl2 = realloc(s->l, nc * sizeof(*nl2));
			if (!nl2)
				return RP_ENOMEM;
			s->l = nl2;
			cap = nc;
		}
		s->l[s->n++] = L;
	}
	return 0;
}

/* The author's own level (not quoted, not below an Outlook header) and not yet
 * classified. */
static int free0(const struct seg *s, size_t i)
{
	return s->l[i].qdepth == 0 && s->l[i].kind < 0 && s->l[i].shift == 0;
}

/* The next non-blank line at or after i, or s->n. */
static size_t next_nonblank(const struct seg *s, size_t i)
{
	while (i < s->n && s->l[i].blank && s->l[i].qdepth == 0)
		i++;
	return i;
}

/* A client that re-wraps quoted text leaves the end of a long quoted line unmarked on
 * the next line ("> ... the IP\npacket?\n> ..."): a short unmarked line between two
 * quoted lines of the same depth, with no blank line around it and a long line before,
 * is part of the quote. */
static void pass_wrapped_quotes(struct seg *s)
{
	size_t i;

	for (i = 1; i + 1 < s->n; i++) {
		struct line *l = &s->l[i], *pv = &s->l[i - 1], *nx = &s->l[i + 1];
		if (l->qdepth || l->blank || pv->qdepth == 0 || nx->qdepth != pv->qdepth ||
		    nx->blank || pv->blank)
			continue;
		if (pv->len < 60 || count_words(l) > 3 || l->len > 30)
			continue;
		l->qdepth = pv->qdepth;
	}
}

/* ---- footers ------------------------------------------------------------------- */

static const char *const footer_words[] = {
	"mailing list", "listinfo", "unsubscribe", "you received this message because",
	"groups.io", "google groups", "to post to this group", "list archive", "mailman",
	"automatically generated by jira", "sent by atlassian", "intended recipient",
	"privileged", "view/reply online", "list-help", "list help", "for additional commands",
	"archives at", "vous recevez ce message", "abmelden", "darse de baja", "sponsored",
	"yahoo! groups", "view this thread", "automatically generated", "to reply, visit",
	"afmelden", "you are receiving this mail because", "you are currently subscribed",
	"configure bugmail", "yahoo! groups links", "<*> ", "your use of yahoo! groups", "your use of yahoo", "to visit your group",
	"by posting messages to", "listowners", "archives:", "list guidelines",
	"you are subscribed", "manage your subscription", "list information", NULL,
};

/* Footers that need no separator line before them. */
static const char *const footer_strong[] = {
	"you received this message because you are subscribed", "mailman/listinfo",
	"to unsubscribe send an email", "to unsubscribe, e-mail", "groups.io links",
	"to unsubscribe from this group", "automatically generated by jira",
	"you are receiving this mail because", "you are currently subscribed",
	"configure bugmail", "yahoo! groups links", "<*> ", "your use of yahoo! groups",
	"for additional commands, e-mail", "intended recipient", NULL,
};

/* A confidentiality notice (a legal disclaimer) opens with one of these and carries one
 * of the words after: a footer wherever it stands in the author's text, even far from the
 * end, above a quoted original ("-----Original Message-----" clients put it there). */
static const char *const disclaimer_openings[] = {
	"disclaimer", "confidentiality notice", "confidentiality:", "notice of confidentiality",
	"important notice", "legal notice", "this e-mail and any attachment",
	"this email and any attachment", "this message and any attachment",
	"this e-mail message", "this email message", "this e-mail is confidential",
	"this message may contain", "this e-mail may contain", "this email may contain",
	"this email is confidential", "this message is confidential",
	"the information contained in this", "the information in this e-mail",
	"the information in this email", "the information in this message",
	"this communication is confidential", "this communication and any",
	"ce message et ses pi", "ce message et toutes", "ce courriel et ", "avis de confidentialit",
	"diese e-mail enth", "diese nachricht enth", "este mensaje y sus", NULL,
};

static const char *const disclaimer_words[] = {
	"confidential", "intended solely", "intended only", "intended recipient",
	"addressee", "privileged", "in error", "vertraulich", "confidentiel", "destinataire",
	"confidencial", NULL,
};

/* How many of the disclaimer words the first SHORT_LINE bytes of line l hold. */
static int disclaimer_words_in(const struct line *l)
{
	struct line head = *l;
	int n = 0;
	size_t k;

	if (head.len > SHORT_LINE)
		head.len = SHORT_LINE;
	for (k = 0; disclaimer_words[k]; k++) {
		const char *const one[] = { disclaimer_words[k], NULL };
		n += contains_any(&head, one);
	}
	return n;
}

/* Is the paragraph at i a confidentiality notice? Index after it in *end. A notice that
 * a client sent unwrapped is one long line: its words are looked for in its first
 * SHORT_LINE bytes, where they stand ("... is for the sole use of the intended
 * recipient"), so the test stays bounded per line; and such a line needs two of them
 * ("intended recipient" and "confidential"): a member's unwrapped paragraph may well open
 * "The information contained in this draft about privileged access ...". */
static int disclaimer_para(const struct seg *s, size_t i, size_t *end)
{
	size_t k;
	int words = 0;

	if (!starts_any(&s->l[i], disclaimer_openings))
		return 0;
	for (k = i; k < s->n && !s->l[k].blank && s->l[k].qdepth == 0 && k - i < 16; k++) {
		int n = disclaimer_words_in(&s->l[k]);
		words |= s->l[k].len > 200 ? n >= 2 : n >= 1;
	}
	*end = k;
	return words;
}

/* "Sent from my iPhone" and friends: one line written by the client. */
static const char *const mua_lines[] = {
	"sent from my ", "sent from mail for windows", "sent from gmail", "sent from android",
	"sent from windows", "sent from iphone", "sent from ipad", "sent from yahoo mail", "sent from outlook",
	"get outlook for ", "sent with protonmail", "sent with proton mail", "sent via ",
	"sent from samsung", "sent from the all new aol", "envoyé de mon ", "envoyé depuis ",
	"von meinem ", "gesendet von ", "enviado desde mi ", "enviado do meu ", "enviado de meu ",
	"enviado desde ", "sent from a mobile", "sendt fra min ", "skickat från min ",
	"verzonden met ", "verstuurd vanaf mijn ", "inviato da ", "wysłane z ", NULL,
};

/* Words of the excuse a client's line may carry after a colon ("Sent from my phone:
 * please excuse the brevity"). */
static const char *const mua_excuses[] = {
	"excuse", "brevity", "typo", "pardon", "autocorrect", "apolog", "entschuldig",
	"tippfehler", "excusez", "fautes", "disculp", NULL,
};

/* The client's line: "Sent from my iPhone" alone, or with an excuse after a colon. A line
 * that goes on after a colon with a sentence ("Sent from my work account: I also support
 * 3.2.") is the writer's own, however it starts. A colon inside a link is no break. */
static int mua_line(const struct line *l)
{
	struct line rest = { 0 };
	size_t k;

	if (l->len > 80 || !starts_any(l, mua_lines))
		return 0;
	for (k = 0; k < l->len; k++)
		if (l->p[k] == ':' && (k + 1 == l->len || is_ws((unsigned char)l->p[k + 1])))
			break;
	if (k == l->len)
		return 1;
	rest = *l;
	rest.p = l->p + k + 1;
	rest.len = l->len - k - 1;
	return count_words(&rest) < 2 || contains_any(&rest, mua_excuses);
}

static int is_separator(const struct line *l)
{
	size_t i, n = 0;
	int c0;

	if (l->len < 2 || l->len > 120)
		return 0;
	c0 = (unsigned char)l->p[0];
	if (c0 != '_' && c0 != '-' && c0 != '=' && c0 != '*' && c0 != '~' && c0 != '#')
		return 0;
	for (i = 0; i < l->len; i++) {
		int c = (unsigned char)l->p[i];
		if (c == '_' || c == '-' || c == '=' || c == '*' || c == '~' || c == '#')
			n++;
		else if (c != ' ')
			return 0;
	}
	return n >= 2;
}

static int is_sig_delim(const struct line *l)
{
	return l->len == 2 && l->p[0] == '-' && l->p[1] == '-';
}

/* Characters of a line, counting a UTF-8 sequence once. */
static size_t line_width(const struct line *l)
{
	size_t i, w = 0;

	for (i = 0; i < l->len; i++)
		w += ((unsigned char)l->p[i] & 0xC0) != 0x80;
	return w;
}

/* A line of one repeated '=', '-', '~', '^', '+', '*' or '#' right under a line of text of
 * about its width underlines a heading (Setext, reStructuredText): a document pasted into
 * a reply keeps its headings, and what follows them is text, not a list footer. */
static int is_underline(const struct seg *s, size_t i)
{
	const struct line *l = &s->l[i], *pv;
	size_t k, w;

	if (i == 0 || l->len < 3 || !strchr("=-~^+*#", l->p[0]))
		return 0;
	for (k = 1; k < l->len; k++)
		if (l->p[k] != l->p[0])
			return 0;
	pv = &s->l[i - 1];
	if (pv->blank || pv->qdepth != l->qdepth || pv->len > SHORT_LINE || is_separator(pv))
		return 0;
	for (k = 0; k < pv->len && !is_alpha(pv->p[k]) && !(pv->p[k] >= '0' && pv->p[k] <= '9'); k++)
		;
	if (k == pv->len)
		return 0; /* no heading: a rule under a stray symbol or a no-break space */
	/* reStructuredText wants the underline at least as wide as the title; a signature
	 * name over a shorter rule ("matt" over "---") is not a heading. */
	w = line_width(pv);
	return l->len >= w && l->len <= w + 3;
}

/* A separator line that may open or close a footer. */
static int footer_separator(const struct seg *s, size_t i)
{
	return is_separator(&s->l[i]) && !is_underline(s, i);
}

/* Mark as footer the paragraph starting at i (and the separator at sep if any).
 * Returns the index after the paragraph. */
static size_t mark_para(struct seg *s, size_t i, int kind)
{
	while (i < s->n && !s->l[i].blank && s->l[i].qdepth == 0) {
		if (s->l[i].kind < 0)
			s->l[i].kind = kind;
		i++;
	}
	return i;
}

/* Does a paragraph start at i (first line, or after a blank, quote or separator)? */
static int para_start(const struct seg *s, size_t i)
{
	const struct line *pv;

	if (i == 0)
		return 1;
	pv = &s->l[i - 1];
	return pv->blank || pv->qdepth != 0 || is_separator(pv) || is_sig_delim(pv);
}

static void pass_footers(struct seg *s)
{
	size_t i = 0;

	while (i < s->n) {
		struct line *l = &s->l[i];
		size_t j, end, words = 0, strong = 0, nlines = 0;
		int sep;

		if (!free0(s, i) || l->blank) {
			i++;
			continue;
		}
		if (mua_line(l)) {
			l->kind = RP_BLOCK_FOOTER;
			i++;
			continue;
		}
		if (para_start(s, i) && disclaimer_para(s, i, &end)) {
			i = mark_para(s, i, RP_BLOCK_FOOTER);
			continue;
		}
		/* A paragraph, possibly opened by a separator line (or the separator alone
		 * on its line before a blank line). Without a separator, only paragraphs near
		 * the end of the body: list software appends its footer there, and scanning
		 * every paragraph of every message for footer words was the costliest step. */
		sep = footer_separator(s, i) || is_sig_delim(l);
		if (!sep && (!para_start(s, i) || i + FOOTER_TAIL_LINES < s->n)) {
			i++;
			continue;
		}
		j = i;
		if (sep) {
			j = next_nonblank(s, i + 1);
			if (j >= s->n || s->l[j].qdepth != 0 || j - i > 3) {
				i++;
				continue;
			}
		}
		for (end = j; end < s->n && !s->l[end].blank && s->l[end].qdepth == 0 && nlines < 16 &&
			      !(end > j && (is_separator(&s->l[end]) || is_sig_delim(&s->l[end])));
		     end++, nlines++) {
			words += contains_any(&s->l[end], footer_words);
			strong += contains_any(&s->l[end], footer_strong);
		}
		if (nlines < 16 && (strong || (words && sep))) {
			size_t k;
			for (k = i; k < j; k++)
				if (s->l[k].kind < 0 && !s->l[k].blank)
					s->l[k].kind = RP_BLOCK_FOOTER;
			mark_para(s, j, RP_BLOCK_FOOTER);
			i = end;
			continue;
		}
		i++;
	}
}

/* "[cid:image001.png@01D7A1B2.3C4D5E60]" alone on its line: where Outlook had an inline
 * image (a logo, a banner) its plain-text part keeps this placeholder. It says nothing,
 * like "Sent from my iPhone", and would otherwise end the author's sign-off block. */
static int image_placeholder(const struct line *l)
{
	size_t b = 0, e = l->len;

	while (b < e && is_ws((unsigned char)l->p[b]))
		b++;
	while (e > b && is_ws((unsigned char)l->p[e - 1]))
		e--;
	return e - b > 6 && rp_ascii_ncasecmp(l->p + b, "[cid:", 5) == 0 && l->p[e - 1] == ']' &&
	       !memchr(l->p + b + 1, '[', e - b - 1);
}

static void pass_image_placeholders(struct seg *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (free0(s, i) && !s->l[i].blank && image_placeholder(&s->l[i]))
			s->l[i].kind = RP_BLOCK_FOOTER;
}

/* Newer Outlook opens the quoted original with a rule of underscores right above its
 * "From: / Sent:" block, where older versions wrote "-----Original Message-----": the
 * rule belongs to the attribution, not to the author's text. */
static void pass_outlook_rule(struct seg *s)
{
	size_t i, j;

	for (i = 0; i + 1 < s->n; i++) {
		if (!free0(s, i) || s->l[i].blank || s->l[i].qdepth || !is_separator(&s->l[i]))
			continue;
		j = next_nonblank(s, i + 1);
		if (j < s->n && j - i <= 2 && s->l[j].kind == RP_BLOCK_ATTRIBUTION)
			s->l[i].kind = RP_BLOCK_ATTRIBUTION;
	}
}

/* Paragraphs after a separator at the very end of the body (list advertisements,
 * tracker links) are footers even without a known phrase, when they carry a link or an
 * address. Walks back from the end, one paragraph at a time, while that holds. */
static void pass_footer_tail(struct seg *s)
{
	size_t e = s->n, closing_sep = s->n;
	int after_footer = 0;

	/* A frame line closing the footer ("*****" at the very end). */
	while (e > 0 && s->l[e - 1].blank && s->l[e - 1].qdepth == 0)
		e--;
	if (e > 0 && s->l[e - 1].qdepth == 0 && s->l[e - 1].kind < 0 && is_separator(&s->l[e - 1]) &&
	    !is_sig_delim(&s->l[e - 1]))
		closing_sep = --e;

	for (;;) {
		size_t pe, pb, k, sep;
		int link = 0, words = 0;

		while (e > 0 && s->l[e - 1].blank && s->l[e - 1].qdepth == 0)
			e--;
		pe = e;
		pb = pe;
		while (pb > 0 && !s->l[pb - 1].blank && s->l[pb - 1].qdepth == 0 &&
		       (s->l[pb - 1].kind < 0 || s->l[pb - 1].kind == RP_BLOCK_FOOTER) &&
		       !is_separator(&s->l[pb - 1]) && pe - pb < 12)
			pb--;
		if (pb == pe)
			goto done;
		if (s->l[pe - 1].kind == RP_BLOCK_FOOTER && s->l[pb].kind == RP_BLOCK_FOOTER) {
			e = pb;
			if (e > 0 && is_separator(&s->l[e - 1]))
				e--;
			after_footer = 1;
			continue;
		}
		sep = pb;
		if (sep > 0 && s->l[sep - 1].blank && s->l[sep - 1].qdepth == 0)
			sep--;
		for (k = pb; k < pe; k++) {
			link |= lcontains(&s->l[k], "http") || lcontains(&s->l[k], "www.") ||
				memchr(s->l[k].p, '@', s->l[k].len) != NULL;
			words |= contains_any(&s->l[k], footer_words);
		}
		if (sep > 0 && footer_separator(s, sep - 1) && s->l[sep - 1].qdepth == 0 &&
		    !is_sig_delim(&s->l[sep - 1]) && (link || words)) {
			sep--;
		} else if (!(words && after_footer)) {
			goto done;
		} else {
			sep = pb;
		}
		for (k = sep; k < pe; k++)
			if (!s->l[k].blank && s->l[k].kind < 0)
				s->l[k].kind = RP_BLOCK_FOOTER;
		after_footer = 1;
		e = sep;
	}
done:
	if (after_footer && closing_sep < s->n)
		s->l[closing_sep].kind = RP_BLOCK_FOOTER;
}

/* ---- attributions and forwards -------------------------------------------------- */

static const char *const attr_ends[] = {
	"wrote:", "wrote :", "writes:", "said:", "a écrit :", "a écrit:", "a ecrit :",
	"a ecrit:", "schrieb:", "schrieb :", "escribió:", "escribio:", "escribió :",
	"escreveu:", "escreveu :", "ha scritto:", "scrisse:", "schreef:", "skrev:", "kirjoitti:",
	"napisał:", "napsal:", "rašė:", "írta:", "написал:", "написала:", "menulis:", "wrote",
	NULL,
};

/* Words an attribution written by a client starts with ("On Tue, ...", "Le mar. ...",
 * "Am Di., ...", "El mar, ...", "Em ter., ..."). */
static const char *const attr_leads[] = {
	"on ", "le ", "am ", "el ", "em ", "op ", "il ", "den ", "w dniu ", "dne ", "quoting ",
	"citando ", "zitat von ", NULL,
};

/* Client attributions carry a date or time; prose ("On the other hand, Bob wrote:")
 * does not. */
static int has_digit(const struct line *l)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		if (l->p[i] >= '0' && l->p[i] <= '9')
			return 1;
	return 0;
}

/* The end of a wrapped attribution: "wrote:" alone or a short line ending with it. */
static int attr_tail(const struct line *l)
{
	return l->len <= 120 && ends_any(l, attr_ends) && (lends(l, ":") || l->len <= 6);
}

/* Returns the number of lines (1 or 2) of an attribution at i, or 0.
 * *strong says it has the client's lead word ("On ... wrote:"). */
static int attribution_at(const struct seg *s, size_t i, int *strong)
{
	const struct line *l = &s->l[i];

	*strong = 0;
	if (l->blank || l->len > SHORT_LINE)
		return 0;
	if (attr_tail(l) || (l->len <= 300 && ends_any(l, attr_ends) && lends(l, ":"))) {
		*strong = starts_any(l, attr_leads) && has_digit(l);
		return 1;
	}
	/* Wrapped: "On Fri, Jul 17, 2026 at 3:55 AM Job <job@example.org>" / "wrote:". */
	if (i + 1 < s->n && s->l[i + 1].qdepth == l->qdepth && starts_any(l, attr_leads) &&
	    attr_tail(&s->l[i + 1]) && l->len <= 300 && has_digit(l)) {
		*strong = 1;
		return 2;
	}
	return 0;
}

/* A date-and-address line ending with ':' ("19.07.2026 Joe <joe@example.org>:"). */
static int weak_attribution(const struct line *l)
{
	size_t i, digits = 0;

	if (l->len > 200)
		return 0;
	/* Gmail without the verb: "2013/4/23 Antonio <antonio@example.org>". */
	if (!lends(l, ":"))
		return lends(l, ">") && memchr(l->p, '@', l->len) && has_digit(l);
	for (i = 0; i < l->len; i++)
		digits += l->p[i] >= '0' && l->p[i] <= '9';
	return memchr(l->p, '@', l->len) != NULL || digits >= 4;
}

static const char *const original_markers[] = {
	"original message", "ursprüngliche nachricht", "message d'origine", "mensaje original",
	"mensagem original", "messaggio originale", "oorspronkelijk bericht", "original meddelande",
	NULL,
};

static const char *const forward_markers[] = {
	"forwarded message", "forwarded by", "weitergeleitete nachricht", "message transféré",
	"mensaje reenviado", "mensagem encaminhada", "messaggio inoltrato", "doorgestuurd bericht",
	NULL,
};

/* Header names of an inline header block (Outlook and forwards), several languages. */
static const char *const hdr_from[] = {
	"from:", "*from:*", "de:", "de :", "*de:*", "von:", "*von:*", "da:", "van:", NULL,
};
static const char *const hdr_other[] = {
	"sent:", "date:", "to:", "cc:", "subject:", "*sent:*", "*date:*", "*to:*", "*cc:*",
	"*subject:*", "envoyé :", "envoyé:", "à :", "à:", "objet :", "objet:", "date :", "cc :",
	"gesendet:", "an:", "betreff:", "datum:", "enviado el:", "enviado:", "para:", "asunto:",
	"fecha:", "assunto:", "data:", "enviada em:", "oggetto:", "inviato:", "a:", "reply-to:",
	"importance:", "sent by:", "onderwerp:", "aan:", "verzonden:", NULL,
};

/* An inline header block starting at i ("From: ..." then at least two of Sent/Date/To/
 * Subject within the next few lines). Returns its length in lines, or 0. */
static size_t header_block_at(const struct seg *s, size_t i)
{
	size_t j, hits = 0;
	int to_first = 0, subject = 0;

	if (s->l[i].qdepth || s->l[i].kind >= 0 || s->l[i].len > SHORT_LINE)
		return 0;
	/* Lotus Notes starts its block with "To:" (the sender and date are above it). */
	if (!starts_any(&s->l[i], hdr_from) && !(to_first = lstarts(&s->l[i], "to:")))
		return 0;
	for (j = i + 1; j < s->n && j < i + 12; j++) {
		const struct line *l = &s->l[j];
		if (l->qdepth != 0)
			break;
		if (l->blank) {
			/* Clients put a blank line after the block, some between fields. */
			if (hits >= 2)
				break;
			continue;
		}
		if (starts_any(l, hdr_other)) {
			hits++;
			subject |= lstarts(l, "subject:");
		} else if (hits >= 2 && !starts_any(l, hdr_from) && l->len > 0 &&
			 !(j + 1 < s->n && starts_any(&s->l[j + 1], hdr_other)))
			break;
	}
	if (to_first && !subject)
		return 0;
	return hits >= 2 ? j - i : 0;
}

/* Below a forward marker, a header block in another order: Thunderbird writes
 * "Subject:", "Date:", "From:", "To:", each name followed by a tab. Consecutive header
 * lines, three or more, one of them "From:". Returns its length in lines, or 0. */
static size_t any_order_header_block_at(const struct seg *s, size_t i)
{
	size_t j;
	int from = 0;

	for (j = i; j < s->n && j < i + 12; j++) {
		const struct line *l = &s->l[j];
		if (l->qdepth || l->blank || l->kind >= 0 || l->len > SHORT_LINE)
			break;
		if (starts_any(l, hdr_from))
			from = 1;
		else if (!starts_any(l, hdr_other))
			break;
	}
	return from && j - i >= 3 ? j - i : 0;
}

/* Lines of a header block after a forward/original marker at i (possibly none). */
static size_t headers_after(const struct seg *s, size_t i)
{
	size_t j = next_nonblank(s, i), n;

	if (j >= s->n || j > i + 2)
		return 0;
	n = header_block_at(s, j);
	if (!n)
		n = any_order_header_block_at(s, j);
	return n ? j - i + n : 0;
}

static int marker_line(const struct line *l, const char *const *words)
{
	if (l->len > 200)
		return 0;
	/* Framed by dashes ("-----Original Message-----") or a lone sentence ending ':'
	 * ("Begin forwarded message:"); the cheap test first. */
	if (!(l->p[0] == '-' || l->p[0] == '_' || l->p[0] == '=' || l->p[0] == '*' || lends(l, ":")))
		return 0;
	return contains_any(l, words);
}

/* The number of '|' quote markers a line starts with ("| text", "| | text", "| > text"),
 * or 0; *k is just after them and the white space that follows. A further '|' after the
 * markers makes the line a table row ("| a | b |"), not a quote. */
static int bar_markers(const struct line *l, size_t *k)
{
	const char *p = l->p;
	size_t n = l->len, i = 0;
	int depth = 0;

	if (l->qdepth || n == 0 || p[0] != '|' || p != l->raw)
		return 0;
	while (i < n && (p[i] == '|' || (depth && p[i] == '>'))) {
		depth++;
		i++;
		if (i < n && !is_ws((unsigned char)p[i]) && p[i] != '|' && p[i] != '>')
			return 0;
		while (i < n && is_ws((unsigned char)p[i]))
			i++;
	}
	if (memchr(p + i, '|', n - i))
		return 0;
	*k = i;
	return depth;
}

/* Does a line start a box's top or bottom edge (",----[ ls ]", "`----", "+----")? */
static int box_edge(const struct line *l)
{
	return l->qdepth == 0 && l->len >= 2 && l->p[1] == '-' &&
	       (l->p[0] == ',' || l->p[0] == '`' || l->p[0] == '+');
}

/* Quoting with '|', as some clients write it. One such line could be anything (a diagram,
 * a list), so a run of them is a quote only with two lines of text or more, or right
 * below an attribution; its lines are then read as '>' lines are. A run framed as a box
 * (",----[ ls -l ]" ... "`----", as Emacs writes pasted output) is the author's own. */
static void pass_bar_quotes(struct seg *s)
{
	size_t i = 0, j, k, text, prev;
	int strong, below;

	while (i < s->n) {
		if (!bar_markers(&s->l[i], &k)) {
			i++;
			continue;
		}
		text = 0;
		for (j = i; j < s->n && bar_markers(&s->l[j], &k); j++)
			text += k < s->l[j].len;
		prev = i;
		while (prev > 0 && s->l[prev - 1].blank && s->l[prev - 1].qdepth == 0)
			prev--;
		below = prev > 0 && (attribution_at(s, prev - 1, &strong) || weak_attribution(&s->l[prev - 1]));
		if ((i > 0 && box_edge(&s->l[i - 1])) || (j < s->n && box_edge(&s->l[j]))) {
			i = j;
			continue;
		}
		if (text >= 2 || (text == 1 && below)) {
			for (; i < j; i++) {
				struct line *l = &s->l[i];
				l->qdepth = bar_markers(l, &k);
				l->p += k;
				l->len -= k;
				l->blank = l->len == 0;
				l->rawlen = l->len ? (size_t)(l->p + l->len - l->raw) : 0;
			}
		}
		i = j;
	}
}

/* Mark lines [i, i + n) as an attribution block at the current level. */
static void mark_attr(struct seg *s, size_t i, size_t n, int cur)
{
	size_t k;

	for (k = i; k < i + n && k < s->n; k++) {
		s->l[k].shift = cur;
		if (!s->l[k].blank)
			s->l[k].kind = RP_BLOCK_ATTRIBUTION;
	}
}

/* Attributions, forwards and Outlook header blocks. Below an Outlook header block, or an
 * "On ..., X wrote:" with no '>' after it, everything is quoted one level deeper (each
 * further such block inside adds a level); the walk goes on so that the attributions of
 * that quoted chain are found too. */
static void pass_attributions(struct seg *s)
{
	size_t i, tail, fresh = (size_t)-1;
	int cur = 0;

	for (i = 0; i < s->n; i++) {
		struct line *l = &s->l[i];
		size_t n, nx;
		int strong = 0, an;

		l->shift = cur;
		if (l->qdepth || l->kind >= 0 || l->blank)
			continue;
		if (marker_line(l, forward_markers) || lstarts(l, "begin forwarded message")) {
			/* The forwarded message is segmented like any other (its quotes,
			 * attributions, footers); what would be its new text is FORWARD. */
			n = 1 + headers_after(s, i + 1);
			mark_attr(s, i, n, cur);
			if (s->fwd > i + n && cur == 0)
				s->fwd = i + n;
			fresh = i + n;
			i += n - 1;
			continue;
		}
		if (marker_line(l, original_markers)) {
			n = 1 + headers_after(s, i + 1);
			mark_attr(s, i, n, cur);
			cur++;
			i += n - 1;
			continue;
		}
		if ((n = header_block_at(s, i)) > 0) {
			size_t k, before = 0;
			/* Right below a forward marker (after at most a sender and a date line,
			 * as Lotus Notes writes them) the header block is the forwarded
			 * message's own: what follows is forwarded, not quoted. */
			for (k = fresh; k < i && fresh != (size_t)-1; k++)
				before += !s->l[k].blank;
			if (fresh != (size_t)-1 && before <= 3) {
				mark_attr(s, fresh, i + n - fresh, cur);
				fresh = (size_t)-1;
				i += n - 1;
				continue;
			}
			mark_attr(s, i, n, cur);
			/* git format-patch mail ("From <sha> Mon Sep 17 00:00:00 2001" then
			 * From/Date/Subject) is the author's own, not a quote. */
			if (i > 0 && lstarts(&s->l[i - 1], "From ") && s->l[i - 1].len > 45)
				s->l[i - 1].kind = RP_BLOCK_ATTRIBUTION;
			else
				cur++;
			i += n - 1;
			continue;
		}
		an = attribution_at(s, i, &strong);
		if (an) {
			nx = next_nonblank(s, i + (size_t)an);
			if (nx < s->n && s->l[nx].qdepth > 0 && nx <= i + (size_t)an + 3) {
				mark_attr(s, i, (size_t)an, cur);
				i += (size_t)an - 1;
				continue;
			}
			if (strong && nx < s->n && s->l[nx].kind < 0) {
				/* "On ..., X wrote:" with the quoted message pasted below, unmarked. */
				mark_attr(s, i, (size_t)an, cur);
				cur++;
				i += (size_t)an - 1;
			}
			continue;
		}
		/* Bug trackers: "X <x@example.org> changed:", "--- Comment #4 from X ---",
		 * "X updated PROJ-123:". */
		if (l->len <= 200 && (lends(l, " changed:") || lstarts(l, "--- Comment #") ||
				      lstarts(l, "------- Additional Comments From") ||
				      (lcontains(l, " updated ") && lends(l, ":") && count_words(l) <= 5))) {
			l->kind = RP_BLOCK_ATTRIBUTION;
			continue;
		}
		if (weak_attribution(l)) {
			nx = next_nonblank(s, i + 1);
			if (nx < s->n && s->l[nx].qdepth > 0 && nx <= i + 2)
				l->kind = RP_BLOCK_ATTRIBUTION;
		}
	}
	/* A list footer at the very end was added by the list, not quoted: it stays a footer.
	 * Footers inside the quoted chain are quoted text. */
	tail = s->n;
	while (tail > 0 && (s->l[tail - 1].blank || s->l[tail - 1].kind == RP_BLOCK_FOOTER) &&
	       s->l[tail - 1].qdepth == 0)
		tail--;
	for (i = 0; i < tail; i++)
		if (s->l[i].shift > 0 && s->l[i].kind == RP_BLOCK_FOOTER)
			s->l[i].kind = -1;
}

/* ---- patches ----------------------------------------------------------------------- */

static int hunk_header(const struct line *l)
{
	return l->len >= 7 && strncmp(l->p, "@@ -", 4) == 0;
}

static int patch_start(const struct seg *s, size_t i)
{
	const struct line *l = &s->l[i];

	if (lstarts(l, "diff --git ") || lstarts(l, "diff -u") || lstarts(l, "diff -r") ||
	    lstarts(l, "diff -N") || lstarts(l, "diff -C") || lstarts(l, "diff -c") || hunk_header(l))
		return 1;
	if (i + 1 < s->n && s->l[i + 1].qdepth == 0) {
		const struct line *m = &s->l[i + 1];
		if (lstarts(l, "--- ") && lstarts(m, "+++ "))
			return 1;
		if (lstarts(l, "*** ") && lstarts(m, "--- ")) /* context diff */
			return 1;
		if (lstarts(l, "Index: ") && m->len >= 10 && strncmp(m->p, "==========", 10) == 0)
			return 1;
	}
	return 0;
}

/* Does a patch go on at line l? Context lines (" foo") are recognised by the raw line's
 * indentation, since the content pointer is trimmed. */
static int patch_line(const struct line *l)
{
	static const char *const pre[] = {
		"diff ", "index ", "Index: ", "====", "new file mode", "deleted file mode",
		"old mode", "new mode", "similarity index", "rename from", "rename to", "copy from",
		"copy to", "Binary files", "GIT binary patch", "--- ", "+++ ", "@@ ", "*** ", "! ",
		"***************", "RCS file:", "retrieving revision", NULL,
	};
	int c;

	if (l->blank || l->qdepth)
		return 0;
	if (is_sig_delim(l))
		return 0; /* "-- " ends the patch ("-- \n2.39.0" from git); the trimmed line is
			   * exactly "--", so nothing past it is read (it may end the input) */
	if (l->indent)
		return 1;
	c = (unsigned char)l->p[0];
	if (c == '+' || c == '-' || c == '\\')
		return 1;
	return starts_any(l, pre);
}

/* Lines a patch is usually introduced with: a git diffstat ("---", " file | 3 +-",
 * " 1 file changed"), CVS/Subversion headers. */
static int patch_preamble(const struct line *l)
{
	if (l->qdepth || l->kind >= 0)
		return 0;
	if (l->len == 3 && memcmp(l->p, "---", 3) == 0)
		return 1;
	if (l->indent && (lcontains(l, " | ") || lcontains(l, " changed,") ||
			  lcontains(l, " changed")))
		return 1;
	/* the diffstat's summary of new, deleted and renamed files */
	if (l->indent && (lstarts(l, "create mode ") || lstarts(l, "delete mode ") ||
			  lstarts(l, "rename ") || lstarts(l, "copy ") || lstarts(l, "mode change ")))
		return 1;
	return lstarts(l, "RCS file:") || lstarts(l, "retrieving revision") ||
	       lstarts(l, "Index: ") || lstarts(l, "====") || lstarts(l, "diff ");
}

/* A commit's trailer ("Signed-off-by: A <a@example.org>", "Cc: ...", "Fixes: ..."): a
 * token of letters and '-' ending in "-by", or one of the common others, then ": ". */
static int commit_trailer(const struct line *l)
{
	static const char *const others[] = { "Cc: ", "Link: ", "Fixes: ", "Closes: ", "Change-Id: ", NULL };
	size_t k = 0;

	if (l->qdepth || l->kind >= 0 || l->indent)
		return 0;
	if (starts_any(l, others))
		return 1;
	while (k < l->len && k < 40 && (is_alpha((unsigned char)l->p[k]) || l->p[k] == '-'))
		k++;
	return k > 3 && k + 1 < l->len && l->p[k] == ':' && l->p[k + 1] == ' ' &&
	       rp_ascii_ncasecmp(l->p + k - 3, "-by", 3) == 0;
}

/* git format-patch mail: the commit message's trailers above the "---" that opens the
 * diffstat certify the patch ("Signed-off-by:"), or carry acks given to an earlier version
 * of it; they are the patch's, not a stance the sender takes. b is the "---" line. */
static size_t patch_trailers(const struct seg *s, size_t b)
{
	if (b >= s->n || s->l[b].len != 3 || memcmp(s->l[b].p, "---", 3) != 0)
		return b;
	while (b > 0 && commit_trailer(&s->l[b - 1]))
		b--;
	return b;
}

/* git send-email puts the patch author's "From:" (and "Date:", "Subject:") at the top of
 * the body when someone else sends it: a header of the patch, not text of the sender's.
 * Lines [0, b) are read, and only when they open the body followed by a blank line. */
static void patch_inbody_header(struct seg *s, size_t b)
{
	static const char *const hdr[] = { "From: ", "Date: ", "Subject: ", NULL };
	size_t i = 0, j;

	while (i < b && s->l[i].blank && s->l[i].qdepth == 0)
		i++;
	for (j = i; j < b && free0(s, j) && !s->l[j].blank && starts_any(&s->l[j], hdr); j++)
		;
	if (j == i || j >= b || !s->l[j].blank || !lstarts(&s->l[i], "From: "))
		return;
	for (; i < j; i++)
		s->l[i].kind = RP_BLOCK_ATTRIBUTION;
}

static void pass_patches(struct seg *s)
{
	size_t i = 0;

	while (i < s->n) {
		size_t j, b;

		if (!free0(s, i) || s->l[i].blank || !patch_start(s, i)) {
			i++;
			continue;
		}
		/* Back over the preamble, allowing one blank line before the diff. */
		b = i;
		while (b > 0) {
			if (patch_preamble(&s->l[b - 1]))
				b--;
			else if (b >= 2 && s->l[b - 1].blank && s->l[b - 1].qdepth == 0 &&
				 patch_preamble(&s->l[b - 2]))
				b -= 2;
			else
				break;
		}
		if (b < i && (b = patch_trailers(s, b)) < i)
			patch_inbody_header(s, b);
		for (j = i; j < s->n && s->l[j].qdepth == 0 && s->l[j].kind < 0; j++) {
			const struct line *l = &s->l[j];
			if (l->blank) {
				/* Blank lines inside a hunk (trailing space eaten by a client):
				 * kept when the patch goes on after them. */
				size_t k = j;
				while (k < s->n && k < j + 3 && s->l[k].blank && s->l[k].qdepth == 0)
					k++;
				if (k < s->n && patch_line(&s->l[k]) && !s->l[k].blank)
					continue;
				break;
			}
			/* A hunk header's trailing function name wrapped by the client. */
			if (j > i && !patch_line(l) && !(hunk_header(&s->l[j - 1]) && l->len <= 80))
				break;
		}
		for (size_t k = b; k < j; k++)
			if (s->l[k].kind < 0)
				s->l[k].kind = RP_BLOCK_PATCH;
		i = j > i ? j : i + 1;
	}
}

/* OpenPGP cleartext signatures (RFC 4880 section 7): the armour header and the signature
 * block are not the author's prose. */
static void pass_pgp(struct seg *s)
{
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		if (!free0(s, i))
			continue;
		if (lstarts(&s->l[i], "-----BEGIN PGP SIGNED MESSAGE-----")) {
			s->l[i].kind = RP_BLOCK_SIGNATURE;
			for (j = i + 1; j < s->n && j < i + 4 && free0(s, j) && !s->l[j].blank; j++)
				if (lstarts(&s->l[j], "Hash:"))
					s->l[j].kind = RP_BLOCK_SIGNATURE;
		} else if (lstarts(&s->l[i], "-----BEGIN PGP SIGNATURE-----")) {
			for (j = i; j < s->n && j < i + 60 && free0(s, j); j++) {
				s->l[j].kind = RP_BLOCK_SIGNATURE;
				if (lstarts(&s->l[j], "-----END PGP SIGNATURE-----"))
					break;
			}
			i = j;
		}
	}
}

/* ---- signatures, greetings, closings ---------------------------------------------- */

/* A sentence of the author's: many words ending like a sentence. Such a line after a
 * "Thanks!" means the thanks was not a closing. */
static int prose(const struct line *l)
{
	return count_words(l) >= 8 && (lends(l, ".") || lends(l, "?") || lends(l, "!"));
}

static void pass_sig_delim(struct seg *s)
{
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		if (!free0(s, i) || !is_sig_delim(&s->l[i]))
			continue;
		/* git format-patch ends a patch with "-- " and its version ("2.39.0"). */
		if (i > 0 && s->l[i - 1].kind == RP_BLOCK_PATCH && i + 1 < s->n && free0(s, i + 1) &&
		    s->l[i + 1].len > 0 && s->l[i + 1].len <= 40 && s->l[i + 1].p[0] >= '0' &&
		    s->l[i + 1].p[0] <= '9') {
			s->l[i].kind = RP_BLOCK_PATCH;
			s->l[i + 1].kind = RP_BLOCK_PATCH;
			continue;
		}
		/* "--" without its space (RFC 3676 wants "-- ") followed by sentences is a
		 * separator inside the text, not a signature. */
		if (!s->l[i].rfc_delim) {
			int sentences = 0;
			for (j = i + 1; j < s->n && j < i + 26 && free0(s, j); j++)
				sentences += prose(&s->l[j]);
			if (sentences)
				continue;
		}
		s->l[i].kind = RP_BLOCK_SIGNATURE;
		/* Up to the next quote, attribution or footer; a very long "signature" is
		 * prose after a stray "--", and ends after 25 lines. */
		for (j = i + 1; j < s->n && j < i + 26 && free0(s, j); j++) {
			int strong = 0;
			if (!s->l[j].blank && attribution_at(s, j, &strong) && strong)
				break;
			s->l[j].kind = RP_BLOCK_SIGNATURE;
		}
		i = j - 1;
	}
}

static const char *const greet_words[] = {
	"hi", "hello", "hey", "dear", "hallo", "hola", "bonjour", "salut", "ciao", "greetings",
	"howdy", "good morning", "good afternoon", "good evening", "moin", "servus", "olá", "ola",
	"cher", "chère", "chers", "liebe", "lieber", "sehr geehrte", "estimado", "estimada",
	"estimados", "prezado", "prezada", "prezados", "caro", "cara", "buenos días",
	"bom dia", "boa tarde", "guten tag", "folks", "all,", "everyone,", "team,",
	"queridos", "queridas", "querido", "querida",
	/* "everyone" in Japanese, Chinese and Korean mail */
	"皆さま", "皆様", "皆さん", "みなさま", "みなさん", "各位", "大家好", "안녕하세요", NULL,
};

static const char *const closing_words[] = {
	"best", "regards", "kind regards", "warm regards", "best regards", "many thanks",
	"thanks", "thank you", "thx", "tia", "cheers", "sincerely", "yours", "br,", "br.",
	"ciao", "cordialement", "bien cordialement", "bien à vous", "salutations", "merci",
	"amitiés", "mit freundlichen grüßen", "mit freundlichen gruessen", "viele grüße",
	"viele grüsse", "beste grüße", "gruß", "gruss", "grüße", "lg", "vg", "mfg", "saludos",
	"un saludo", "atentamente", "gracias", "muchas gracias", "abraços", "abraço", "abs",
	"atenciosamente", "obrigado", "obrigada", "att,", "take care", "have a nice",
	"all the best", "hope this helps", "greetings", "rgds", "ttyl", "enjoy",
	"met vriendelijke groet", "groeten", "groet", "tot ziens", "saluti", "cordiali saluti",
	"pozdrawiam", "s pozdravem", "hälsningar", "mvh", "hth", "bye", "bonne chance",
	"à bientôt", "a bientot", "tschüss", "bis bald", "hasta luego", "até logo",
	"un abrazo", "abrazos", "besos", "un beso", "bises", "bisous", "beijos", "um abraço",
	/* the Japanese, Chinese and Korean sign-offs ("best regards") */
	"よろしくお願いします", "よろしくお願いいたします", "宜しくお願いします",
	"宜しくお願い致します", "此致", "谢谢", "감사합니다", NULL,
};

/* Is the word at the start of l exactly one of v (followed by a non-letter)? */
static int starts_word(const struct line *l, const char *const *v)
{
	for (; *v; v++) {
		size_t n = strlen(*v);
		if (l->len >= n && rp_ascii_ncasecmp(l->p, *v, n) == 0 &&
		    (l->len == n || !is_alpha((unsigned char)l->p[n]) || !is_alpha((unsigned char)(*v)[n - 1])))
			return 1;
	}
	return 0;
}

/* "Stefano," "Bob and Sara -": a short address by name. */
static int name_greeting(const struct line *l)
{
	size_t w = count_words(l);
	int c = (unsigned char)l->p[0];

	if (l->len > 40 || w > 4)
		return 0;
	if (!(is_upper(c) || c >= 0x80))
		return 0;
	if (starts_word(l, closing_words))
		return 0;
	/* "Welcome Dan!" and "Ship it!" are text, not an address. */
	return lends(l, ",") || lends(l, " -");
}

/* What may follow the address on a greeting's line and still be courtesy ("Hi all, hope
 * you are well."): the reply's comments start below. */
static const char *const courtesy_words[] = {
	"hope", "i hope", "trust", "i trust", "thanks", "thank you", "many thanks", "how are",
	"happy", "welcome", "good morning", "good afternoon", "greetings", "merci", "danke", NULL,
};

/* "Hi all, I agree with section 5.": the greeting opens a line that goes on with a
 * sentence of the writer's own (three words or more after the address), which is text. */
static int goes_on_after_address(const struct line *l)
{
	const char *p = l->p, *e = l->p + l->len;
	struct line rest = { 0 };

	while (p < e && *p != ',' && *p != '!' && *p != ':')
		p++;
	if (p >= e)
		return 0;
	for (p++; p < e && is_ws((unsigned char)*p); p++)
		;
	rest.p = p;
	rest.len = (size_t)(e - p);
	rest.blank = rest.len == 0;
	return count_words(&rest) >= 3 && !starts_word(&rest, courtesy_words) &&
	       !starts_word(&rest, greet_words);
}

const char *rp_text_past_greeting(const char *sent)
{
	const char *comma = strchr(sent, ',');
	struct line l = { 0 };

	if (!comma || comma - sent > 40)
		return sent;
	l.p = sent;
	l.len = strlen(sent);
	if (!starts_word(&l, greet_words))
		return sent;
	for (comma++; *comma == ' '; comma++)
		;
	return *comma ? comma : sent;
}

static int greeting(const struct line *l)
{
	if (l->len > 80 || count_words(l) > 10 || l->blank)
		return 0;
	if (lends(l, "?"))
		return 0;
	if (starts_word(l, greet_words))
		return (l->len <= 60 || lends(l, ",") || lends(l, "!") || lends(l, ":")) &&
		       !goes_on_after_address(l);
	return name_greeting(l);
}

static int sender_word(struct seg *s, const char *p, size_t n);

/* "田中です。", "JPNICの田中です": Japanese mail opens by the writer naming themself,
 * after the greeting or in its place; the name is one of the sender's. */
static int self_introduction(struct seg *s, const struct line *l)
{
	static const char desu[] = "\xe3\x81\xa7\xe3\x81\x99"; /* です */
	static const char no[] = "\xe3\x81\xae";                    /* の */
	const char *p = l->p, *e = l->p + l->len, *name;

	if (!s->who || l->len > 60 || l->qdepth)
		return 0;
	if (e - p >= 3 && !memcmp(e - 3, "\xe3\x80\x82", 3)) /* 。 */
		e -= 3;
	if (e - p < 6 || memcmp(e - 6, desu, 6) != 0)
		return 0;
	e -= 6;
	for (name = e; name > p && name[-1] != ' ' && !(name - p >= 3 && !memcmp(name - 3, no, 3));
	     name--)
		;
	return sender_word(s, name, (size_t)(e - name));
}

static void pass_greeting(struct seg *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (s->l[i].blank && s->l[i].qdepth == 0)
			continue;
		if (s->l[i].kind >= 0 || s->l[i].qdepth > 0 || s->l[i].shift > 0)
			continue; /* greetings may follow a quote or attribution */
		if (self_introduction(s, &s->l[i])) {
			s->l[i].kind = RP_BLOCK_GREETING;
			return;
		}
		if (greeting(&s->l[i])) {
			size_t j = next_nonblank(s, i + 1);
			s->l[i].kind = RP_BLOCK_GREETING;
			if (j < s->n && s->l[j].kind < 0 && !s->l[j].shift &&
			    self_introduction(s, &s->l[j]))
				s->l[j].kind = RP_BLOCK_GREETING;
		}
		return; /* only the first line of the author's own text */
	}
}

static int closing_phrase(const struct line *l)
{
	size_t w = count_words(l);

	if (l->len > 50 || w > 6 || !starts_word(l, closing_words))
		return 0;
	/* "Thanks for the review." is a sentence; "Thanks," "Best regards" "Regards." are
	 * not. */
	if (lends(l, ",") || lends(l, "!") || lends(l, "-") || lends(l, ":"))
		return 1;
	if (lends(l, "."))
		return w <= 2;
	return w <= 3 && (is_alpha((unsigned char)l->p[l->len - 1]) ||
			  (unsigned char)l->p[l->len - 1] >= 0x80);
}

/* The dashes a sign-off name may follow ("-markku", "-- Russ", "—Daniel"): their length. */
static size_t dash_lead(const struct line *l)
{
	size_t i = 0;

	while (i < l->len && (l->p[i] == '-' || l->p[i] == '~' || l->p[i] == ' '))
		i++;
	if (i == 0 && l->len >= 3 && (unsigned char)l->p[0] == 0xE2 && (unsigned char)l->p[1] == 0x80 &&
	    ((unsigned char)l->p[2] == 0x94 || (unsigned char)l->p[2] == 0x93))
		i = 3; /* em or en dash */
	return i;
}

/* A sign-off name: "Olivier", "-markku", "—Daniel", "-- Russ", "Bob Smith". */
static int signoff_name(const struct line *l)
{
	size_t i, w = count_words(l);
	int c;

	if (l->len == 0 || l->len > 40 || w > 4)
		return 0;
	i = dash_lead(l);
	if (i >= l->len)
		return 0;
	c = (unsigned char)l->p[i];
	if (!(is_alpha(c) || c >= 0x80))
		return 0;
	/* Lower-case sign-offs ("rob", "jfc") are single short words. */
	if (i == 0 && !(is_upper(c) || c >= 0x80) && (w > 1 || l->len > 12))
		return 0;
	if (lends(l, ".") && w > 1)
		return 0;
	if (lends(l, "?") || lends(l, ";") || lends(l, "!") || memchr(l->p, '@', l->len) ||
	    memchr(l->p, ':', l->len) || has_digit(l))
		return 0;
	return 1;
}


/* A line of an undelimited signature block: short, not a sentence. */
static int sig_line(const struct line *l)
{
	if (l->len > 80 || l->blank)
		return 0;
	if (l->p[0] == '[')
		return 0; /* a reference list ("[1] https://...") is the author's text */
	if (lends(l, "?") || (lends(l, ".") && count_words(l) > 6))
		return 0;
	return 1;
}

static const char *const title_words[] = {
	"engineer", "manager", "director", "president", "ceo", "cto", "founder", "professor",
	"university", "inc", "ltd", "llc", "gmbh", "corp", "phone", "tel", "mobile", "fax",
	"http", "www.", "@", "research", "institute", "consultant", "architect", "department",
	"lab", "+1", "+44", "+49", "+33", "chair", "editor", "mailto:", "email", "e-mail",
	"phone", "library", "cataloger", "school", "college", "officer", "analyst", "developer",
	"specialist", "coordinator", "senior", "principal", "ph.", "cell", NULL,
};

/* ---- the sender's own sign-off ------------------------------------------------------ */

/* Lower-case words that join the words of a name of an organisation ("Ministry of
 * Digital Affairs", "Red de Conectividad"); a sentence has other lower-case words. */
static const char *const name_joiners[] = {
	"of", "for", "and", "the", "at", "on", "in", "de", "du", "des", "la", "le", "les", "el",
	"del", "di", "da", "do", "dos", "der", "und", "für", "y", "e", "&", NULL,
};

/* Is the word [p, p + n) one of the sender's names, compared folded ("Tomas" and
 * "TOMÁŠ" are "Tomáš")? */
static int sender_word(struct seg *s, const char *p, size_t n)
{
	const char *h;
	char *w;
	size_t wl;
	int hit = 0;

	if (n == 0 || n > 40)
		return 0;
	if (!(w = rp_text_fold_unaccented(p, n))) {
		s->oom = 1;
		return 0;
	}
	wl = strlen(w);
	for (h = s->who; wl >= 2 && !hit && (h = strstr(h, w)) != NULL; h++)
		hit = (h == s->who || h[-1] == ' ') && (h[wl] == ' ' || h[wl] == '\0');
	free(w);
	return hit;
}

/* Initials of the sender's names ("M.", "MN", "M.N."), or a middle initial, which the
 * display name often leaves out ("T." in "Mark T. Ndlovu"). */
static int sender_initials(const struct seg *s, const char *p, size_t n)
{
	size_t i, letters = 0;
	const char *h;
	int found;

	if (n == 2 && is_upper((unsigned char)p[0]) && p[1] == '.')
		return 1;
	for (i = 0; i < n; i++) {
		if (p[i] == '.')
			continue;
		if (!is_upper((unsigned char)p[i]) || ++letters > 3)
			return 0;
		for (h = s->who, found = 0; *h && !found; h++)
			found = (h == s->who || h[-1] == ' ') && *h == lc(p[i]);
		if (!found)
			return 0;
	}
	return letters > 0;
}

/* The sender's name opening a line ("Priya Raman", "-- Mark", "M. Ndlovu"), at least one
 * of its words a name of the sender's, the others initials: the offset just after it,
 * or 0. */
static size_t sender_name_at(struct seg *s, const struct line *l)
{
	size_t i = dash_lead(l), j, end = 0, words = 0;
	int full = 0;

	while (i < l->len && is_ws((unsigned char)l->p[i]))
		i++;
	while (i < l->len && words < 4) {
		for (j = i; j < l->len && !is_ws((unsigned char)l->p[j]) && l->p[j] != '/' &&
			    l->p[j] != ',' && l->p[j] != '(' && l->p[j] != '|';
		     j++)
			;
		if (sender_word(s, l->p + i, j - i))
			full = 1;
		else if (!sender_initials(s, l->p + i, j - i))
			break;
		words++;
		end = j;
		while (j < l->len && is_ws((unsigned char)l->p[j]))
			j++;
		i = j;
	}
	return full ? end : 0;
}

/* What may follow the sender's name on a sign-off line: nothing; an aside in brackets
 * ("(from my personal account)", "(GhanaCN)"); or an organisation or role after '/', ','
 * or '|' ("/ GhanaCN", ", Digital Empowerment"), capitalised as names are: a sentence
 * after the name ("Mark, I agree") has lower-case words other than "of" or "de". */
static int signoff_rest(const char *p, size_t n)
{
	size_t i, w;
	int c;

	while (n && is_ws((unsigned char)*p)) {
		p++;
		n--;
	}
	if (n == 0)
		return 1;
	if (n > 60 || strchr(".?!;:", p[n - 1]))
		return 0;
	if (p[0] == '(')
		return p[n - 1] == ')' && memchr(p, '.', n) == NULL;
	if (p[0] != '/' && p[0] != ',' && p[0] != '|')
		return 0;
	for (i = 1, w = 0; i < n; w++) {
		size_t k, j;
		while (i < n && is_ws((unsigned char)p[i]))
			i++;
		for (j = i; j < n && !is_ws((unsigned char)p[j]); j++)
			;
		if (j == i)
			break;
		c = (unsigned char)p[i];
		for (k = 0; name_joiners[k] && !(strlen(name_joiners[k]) == j - i &&
						 memcmp(name_joiners[k], p + i, j - i) == 0);
		     k++)
			;
		if (!(is_upper(c) || c >= 0x80 || (c >= '0' && c <= '9') || c == '(' || c == '&' ||
		      name_joiners[k]) ||
		    w >= 6)
			return 0;
		i = j;
	}
	return w > 0;
}

/* A line under the sender's name in a sign-off: a role, an organisation, a telephone
 * number or an address; short, and not a sentence. */
static int signoff_detail(const struct line *l)
{
	int c = (unsigned char)l->p[0];

	if (l->len > 80 || count_words(l) > 8 || c == '[' || prose(l))
		return 0;
	if (lends(l, "?") || lends(l, "!") || lends(l, ";") || lends(l, ":") ||
	    (lends(l, ".") && count_words(l) > 3))
		return 0;
	return is_upper(c) || c >= 0x80 || (c >= '0' && c <= '9') || c == '+' || c == '(' ||
	       contains_any(l, title_words);
}

/* A sign-off without a "-- " delimiter at the very end of the author's text: one to three
 * short lines set apart from the last paragraph by a blank line, a closing phrase or the
 * end of its last sentence, the first opening with the sender's name as the From header
 * gives it, possibly with an organisation or an aside after it, the others a role, an
 * organisation, a number or an address. Without the name such lines cannot be told from a
 * short last comment ("GhanaCN" names no title); with it, a sentence that names its own
 * author ("Mark Carvell will circulate a revised text") goes on past the name and stays
 * text, and so does a reply with no other text. idx[] holds the run's last n non-blank
 * lines, last first, the last paragraph's p of them; the name line tried is idx[top].
 * Returns 1 when it marked the lines. */
static int signoff_from(struct seg *s, size_t b, const size_t *idx, size_t n, size_t p, size_t top)
{
	size_t k, at = idx[top], closing = (size_t)-1;
	const struct line *l = &s->l[at], *pv = at > b ? &s->l[at - 1] : NULL;
	int bare;

	/* Set apart: a closing right above, the start of the run (a quote above), the end of a
	 * sentence right above, or a blank line, with perhaps a closing above that. */
	if (top + 1 < p && closing_phrase(&s->l[idx[top + 1]]))
		closing = idx[top + 1];
	else if (pv && !pv->blank && !(lends(pv, ".") || lends(pv, "!") || lends(pv, "?")))
		return 0;
	else if (pv && pv->blank && top + 1 < n && idx[top + 1] + 2 == at &&
		 closing_phrase(&s->l[idx[top + 1]]))
		closing = idx[top + 1];
	if (s->first_free >= (closing != (size_t)-1 ? closing : at) || l->len > 80)
		return 0;
	k = sender_name_at(s, l);
	if (!k || !signoff_rest(l->p + k, l->len - k))
		return 0;
	bare = k == l->len;
	for (k = 0; k < top; k++)
		if (!signoff_detail(&s->l[idx[k]]))
			return 0;
	/* As in tail_of_run: the name under a closing belongs to it, and so does a lone bare
	 * name; the rest is a signature. */
	for (k = 0; k <= top; k++)
		s->l[idx[k]].kind = RP_BLOCK_SIGNATURE;
	if (closing != (size_t)-1)
		s->l[closing].kind = s->l[at].kind = RP_BLOCK_CLOSING;
	else if (bare && top == 0)
		s->l[at].kind = RP_BLOCK_CLOSING;
	return 1;
}

static int sender_signoff(struct seg *s, size_t b, const size_t *idx, size_t n)
{
	size_t p = 1, top;

	if (!s->who || idx[0] != s->last_free)
		return 0;
	/* p: the lines of the last paragraph (idx[] is last first); the name line is one of
	 * its last three, the topmost that fits. */
	while (p < n && idx[p] + 1 == idx[p - 1])
		p++;
	for (top = p < 3 ? p : 3; top-- > 0;)
		if (signoff_from(s, b, idx, n, p, top))
			return 1;
	return 0;
}

/* Closings and signatures at the end of one run of the author's text [b, e). */
static void tail_of_run(struct seg *s, size_t b, size_t e)
{
	size_t idx[12], n = 0, i, k, c = (size_t)-1, name = (size_t)-1, first_new = (size_t)-1;

	for (i = b; i < e; i++)
		if (!s->l[i].blank && s->l[i].kind < 0 && first_new == (size_t)-1)
			first_new = i;
	if (first_new == (size_t)-1)
		return;
	/* The last non-blank lines of the run, last first, while they are short. */
	for (i = e; i > b && n < 12;) {
		i--;
		if (s->l[i].blank)
			continue;
		if (s->l[i].kind >= 0 || (s->l[i].len > 100 && s->l[i].p[0] != '['))
			break;
		idx[n++] = i;
	}
	if (!n)
		return;
	if (sender_signoff(s, b, idx, n)) {
		/* A sign-off block set apart by a blank line may still have a closing above it
		 * ("Warm regards,\nSamuel", then "Samuel Mwangi\nTunapanda"): the run above the
		 * block ends the same way any run does. A closing the sign-off took already ends
		 * the text, so there is nothing more to look for. */
		for (i = b; i < e && s->l[i].kind != RP_BLOCK_SIGNATURE; i++)
			if (s->l[i].kind == RP_BLOCK_CLOSING)
				return;
		if (i > b && i < e)
			tail_of_run(s, b, i);
		return;
	}
	/* The earliest closing phrase among them. */
	for (k = n; k-- > 0;)
		if (closing_phrase(&s->l[idx[k]])) {
			c = k;
			break;
		}
	/* The name right after the closing phrase belongs to it; the rest is a signature when
	 * it looks like one, or references the author lists ("[1] https://..."), which stay
	 * the author's text. Anything else means this was no closing. */
	if (c != (size_t)-1 && c > 0 && signoff_name(&s->l[idx[c - 1]]) && idx[c - 1] <= idx[c] + 3)
		name = c - 1;
	/* "Thanks," then a blank line and a sentence: a thank-you opening the text, not a
	 * closing. */
	if (c != (size_t)-1 && c > 0 && name == (size_t)-1 && idx[c - 1] > idx[c] + 1 &&
	    (count_words(&s->l[idx[c - 1]]) >= 5 || lends(&s->l[idx[c - 1]], ".")))
		c = (size_t)-1;
	for (k = name != (size_t)-1 ? name : c; c != (size_t)-1 && k-- > 0;) {
		const struct line *l = &s->l[idx[k]];
		if (lstarts(l, "PS") || lstarts(l, "P.S"))
			break; /* a postscript may follow the closing */
		if (prose(l))
			c = (size_t)-1;
	}
	if (c != (size_t)-1) {
		s->l[idx[c]].kind = RP_BLOCK_CLOSING;
		if (name != (size_t)-1)
			s->l[idx[name]].kind = RP_BLOCK_CLOSING;
		for (k = name != (size_t)-1 ? name : c; k-- > 0;) {
			struct line *l = &s->l[idx[k]];
			if (!sig_line(l) || lstarts(l, "PS") || lstarts(l, "P.S"))
				break;
			/* Without a name after the closing, only lines that look like a
			 * signature (title, organisation, address) are one. */
			if (name == (size_t)-1 && !contains_any(l, title_words))
				break;
			l->kind = RP_BLOCK_SIGNATURE;
		}
		return;
	}
	/* No closing phrase (or one that was none, "Thanks Wout." opening the text): a lone
	 * sign-off name ending a run with other text before it, set apart by a blank line or
	 * a dash. */
	i = idx[0];
	if (i > first_new && signoff_name(&s->l[i]) &&
	    (s->l[i - 1].blank ||
	     (count_words(&s->l[i]) == 1 && is_upper((unsigned char)s->l[i].p[0]) &&
	      (lends(&s->l[i - 1], ".") || lends(&s->l[i - 1], "!") || lends(&s->l[i - 1], "?"))) ||
	     ((s->l[i].p[0] == '-' || (unsigned char)s->l[i].p[0] == 0xE2) &&
	      s->l[i - 1].p[0] != s->l[i].p[0])) &&
	    count_words(&s->l[i]) <= 2) {
		s->l[i].kind = RP_BLOCK_CLOSING;
		return;
	}
	/* Name / title / organisation lines ending the run: short lines (one blank line
	 * between them at most) opened by a name at the start of a paragraph, with a title,
	 * an organisation, an address or a number among them. */
	{
		size_t p = 0, titles = 0, top = (size_t)-1;
		while (p < n && sig_line(&s->l[idx[p]]) && (p == 0 || idx[p] + 2 >= idx[p - 1]))
			p++;
		for (k = p; k-- > 1;)
			if (idx[k] > first_new && s->l[idx[k] - 1].blank &&
			    signoff_name(&s->l[idx[k]])) {
				top = k;
				break;
			}
		if (top != (size_t)-1 && top < 10) {
			for (k = 0; k <= top; k++)
				titles += contains_any(&s->l[idx[k]], title_words);
			if (titles)
				for (k = 0; k <= top; k++)
					s->l[idx[k]].kind = RP_BLOCK_SIGNATURE;
		}
	}
}

/* The author's own lines not classified yet. */
static int free_text(const struct seg *s, size_t i)
{
	return free0(s, i) && !s->l[i].blank;
}

static void pass_tails(struct seg *s)
{
	size_t i = 0, b;

	s->first_free = s->last_free = s->n;
	for (b = 0; b < s->n; b++)
		if (free_text(s, b)) {
			if (s->first_free == s->n)
				s->first_free = b;
			s->last_free = b;
		}
	while (i < s->n) {
		if (!(s->l[i].qdepth == 0 && s->l[i].shift == 0 &&
		      (s->l[i].kind < 0 || s->l[i].kind == RP_BLOCK_GREETING))) {
			i++;
			continue;
		}
		b = i;
		while (i < s->n && s->l[i].qdepth == 0 && s->l[i].shift == 0 &&
		       (s->l[i].kind < 0 || s->l[i].kind == RP_BLOCK_GREETING))
			i++;
		tail_of_run(s, b, i);
	}
}

/* ---- assembly ------------------------------------------------------------------------ */

static void finish_kinds(struct seg *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		struct line *l = &s->l[i];
		if (l->kind < 0) {
			if (l->qdepth > 0 || l->shift > 0)
				l->kind = RP_BLOCK_QUOTE;
			else
				l->kind = i >= s->fwd ? RP_BLOCK_FORWARD : RP_BLOCK_NEW;
		}
		l->depth = l->kind == RP_BLOCK_QUOTE ? l->qdepth + l->shift : 0;
	}
}

/* The sender's names as sign-offs are compared with them: the display name folded, up to
 * " via " (the list's name, which Google Groups and Mailman add when they rewrite From);
 * an address alone gives its local part ("mark.ndlovu"). */
static int sender_names(struct seg *s, const char *sender)
{
	const char *at;
	char *via;
	size_t n;

	if (!sender || !*sender)
		return 0;
	at = strchr(sender, '@');
	n = at ? (size_t)(at - sender) : strlen(sender);
	if (!(s->who = rp_text_fold_unaccented(sender, n)))
		return RP_ENOMEM;
	if ((via = strstr(s->who, " via ")))
		*via = '\0';
	if (!*s->who) {
		free(s->who);
		s->who = NULL;
	}
	return 0;
}

static int classify(struct seg *s, const char *body, size_t len, const char *sender)
{
	int rc = split_lines(s, body, len);

	if (!rc)
		rc = sender_names(s, sender);
	if (rc)
		return rc;
	s->fwd = s->n;
	pass_bar_quotes(s);
	pass_wrapped_quotes(s);
	pass_footers(s);
	pass_footer_tail(s);
	pass_patches(s);
	pass_attributions(s);
	pass_outlook_rule(s);
	pass_image_placeholders(s);
	pass_pgp(s);
	pass_sig_delim(s);
	pass_greeting(s);
	pass_tails(s);
	finish_kinds(s);
	return s->oom ? RP_ENOMEM : 0;
}

int rp_text_label_lines(struct rp_line_label **out, size_t *n, const char *body, size_t len,
			struct rp_error *err)
{
	return rp_text_label_lines_from(out, n, body, len, NULL, err);
}

int rp_text_label_lines_from(struct rp_line_label **out, size_t *n, const char *body, size_t len,
			     const char *sender, struct rp_error *err)
{
	struct seg s = { 0 };
	struct rp_line_label *v = NULL;
	size_t i;
	int rc;

	*out = NULL;
	*n = 0;
	rc = classify(&s, body ? body : "", body ? len : 0, sender);
	if (rc)
		goto cleanup;
	v = calloc(s.n ? s.n : 1, sizeof(*v));
	if (!v) {
		rc = RP_ENOMEM;
		goto cleanup;
	}
	for (i = 0; i < s.n; i++) {
		v[i].kind = (enum rp_block_kind)s.l[i].kind;
		v[i].depth = s.l[i].depth;
		v[i].blank = s.l[i].blank;
		v[i].unmarked = s.l[i].kind == RP_BLOCK_QUOTE && s.l[i].qdepth == 0;
	}
	*out = v;
	*n = s.n;
	v = NULL;
cleanup:
	free(s.l);
	free(s.who);
	free(v);
	if (rc)
		return rp_error_set(err, rc, "segment", "%s", rp_strerror(rc));
	return 0;
}

size_t rp_text_trailer_start(const char *body, size_t len, const char *sender)
{
	struct rp_line_label *l = NULL;
	size_t n = 0, i, k, *start, cut = len, content = 0;

	if (!body || rp_text_label_lines_from(&l, &n, body, len, sender, NULL) || !n) {
		free(l);
		return len;
	}
	start = malloc(n * sizeof(*start));
	if (!start) {
		free(l);
		return len;
	}
	/* the lines as rp_text_label_lines_from splits them: at "\n" */
	for (i = k = 0; k < n; k++) {
		start[k] = i;
		while (i < len && body[i] != '\n')
			i++;
		i++;
	}
	for (k = n; k-- > 0;) {
		if (l[k].blank)
			continue;
		if (l[k].depth || (l[k].kind != RP_BLOCK_SIGNATURE && l[k].kind != RP_BLOCK_FOOTER &&
				   l[k].kind != RP_BLOCK_CLOSING)) {
			content = 1;
			break;
		}
		cut = start[k];
	}
	free(start);
	free(l);
	return content ? cut : len;
}

struct blocks {
	struct rp_block *v;
	size_t n, alloc;
};

static int push_block(struct blocks *b, int kind, int depth, int unmarked, struct rp_buf *text)
{
	/* Trailing empty lines (quoted blank lines) are not part of a block. */
	while (text->len && text->buf[text->len - 1] == '\n')
		rp_buf_setlen(text, text->len - 1);
	if (!text->len)
		return 0;
	if (b->n == b->alloc) {
		size_t na = b->alloc ? b->alloc * 2 : 16;
		struct rp_block *nv = realloc(b->v, na * sizeof(*nv));
		if (!nv)
			return RP_ENOMEM;
		b->v = nv;
		b->alloc = na;
	}
	b->v[b->n].kind = (enum rp_block_kind)kind;
	b->v[b->n].depth = kind == RP_BLOCK_QUOTE ? depth : 0;
	b->v[b->n].unmarked = kind == RP_BLOCK_QUOTE && unmarked;
	b->v[b->n].text = rp_buf_detach(text, NULL);
	if (!b->v[b->n].text)
		return RP_ENOMEM;
	b->n++;
	return 0;
}

/* Lines of a block are "\n"-joined. Empty lines (blank, or a quote marker with nothing
 * after it) stay inside a block when the same kind and depth goes on after them, except
 * that they separate paragraphs of new text into blocks of their own. */
int rp_text_segment(struct rp_segments *out, const char *body, size_t len, struct rp_error *err)
{
	return rp_text_segment_from(out, body, len, NULL, err);
}

int rp_text_segment_from(struct rp_segments *out, const char *body, size_t len,
			 const char *sender, struct rp_error *err)
{
	struct seg s = { 0 };
	struct blocks b = { 0 };
	struct rp_buf cur = RP_BUF_INIT;
	size_t i, k, pending = 0;
	int rc, kind = -1, depth = 0, unmarked = 0;

	out->blocks = NULL;
	out->n = 0;
	rc = classify(&s, body ? body : "", body ? len : 0, sender);
	if (rc)
		goto cleanup;
	for (i = 0; i < s.n && !rc; i++) {
		struct line *l = &s.l[i];

		if (l->blank) {
			pending++;
			continue;
		}
		if (kind >= 0 && (l->kind != kind || l->depth != depth || (l->qdepth == 0) != unmarked ||
				  (pending && (kind == RP_BLOCK_NEW || kind == RP_BLOCK_GREETING)))) {
			rc = push_block(&b, kind, depth, unmarked, &cur);
			rp_buf_clear(&cur);
			kind = -1;
		}
		for (k = 0; !rc && kind >= 0 && k <= pending; k++)
			rc = rp_buf_addch(&cur, '\n');
		pending = 0;
		if (!rc) {
			if (l->qdepth == 0)
				rc = rp_buf_add(&cur, l->raw, l->rawlen);
			else
				rc = rp_buf_add(&cur, l->p, l->len);
		}
		kind = l->kind;
		depth = l->depth;
		unmarked = l->qdepth == 0;
	}
	if (!rc && kind >= 0)
		rc = push_block(&b, kind, depth, unmarked, &cur);
	if (rc)
		goto cleanup;
	out->blocks = b.v;
	out->n = b.n;
	b.v = NULL;
	b.n = 0;
cleanup:
	rp_buf_release(&cur);
	for (i = 0; i < b.n; i++)
		free(b.v[i].text);
	free(b.v);
	free(s.l);
	free(s.who);
	if (rc)
		return rp_error_set(err, rc, "segment", "%s", rp_strerror(rc));
	return 0;
}

void rp_segments_release(struct rp_segments *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		free(s->blocks[i].text);
	free(s->blocks);
	s->blocks = NULL;
	s->n = 0;
}

static const char *const kind_names[] = {
	"new", "quote", "attribution", "signature", "footer", "forward", "patch", "greeting",
	"closing",
};

const char *rp_block_kind_name(enum rp_block_kind k)
{
	if ((int)k < 0 || (size_t)k >= sizeof(kind_names) / sizeof(kind_names[0]))
		return "unknown";
	return kind_names[k];
}

int rp_block_kind_parse(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (strcmp(name, kind_names[i]) == 0)
			return (int)i;
	return RP_ERROR;
}

char *rp_text_new_text(const struct rp_segments *s)
{
	struct rp_buf b = RP_BUF_INIT;
	size_t i;

	for (i = 0; s && i < s->n; i++) {
		if (s->blocks[i].kind != RP_BLOCK_NEW)
			continue;
		if ((b.len && rp_buf_adds(&b, "\n\n")) || rp_buf_adds(&b, s->blocks[i].text)) {
			rp_buf_release(&b);
			return NULL;
		}
	}
	return rp_buf_detach(&b, NULL);
}
