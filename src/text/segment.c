/* segment: split a decoded mail body into ordered blocks: the author's new text, quoted
 * text with its depth, attribution lines, signatures, list footers, forwarded messages,
 * patches, greetings and closings. Order is kept, so an interleaved reply reads as a
 * sequence of (quote, answer) pairs.
 *
 * Formats followed: RFC 3676 section 4.3 (the "-- " signature separator), RFC 3676
 * section 4.5 and common practice for '>' quoting (also "> >" and markers after leading
 * spaces), the attribution and forward headers written by the common mail clients
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

struct line {
	const char *raw; /* the line as written (unquoted lines keep their indentation) */
	size_t rawlen;   /* right-trimmed */
	const char *p;  /* content after quote markers, left-trimmed */
	size_t len;     /* content length, right-trimmed */
	int qdepth;     /* '>' markers */
	int kind;       /* -1 = not yet classified */
	int depth;      /* final depth (quotes, shifted regions) */
	int blank;
	int indent; /* unquoted and starting with white space (diff context lines) */
};

struct seg {
	struct line *l;
	size_t n;
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
static int contains_any(const struct line *l, const char *const *v)
{
	char hay[SHORT_LINE + 1], nd[SHORT_LINE + 1];
	size_t hn, nn;

	if (l->len > SHORT_LINE)
		return 0;
	hn = lower_copy(hay, sizeof(hay), l->p, l->len);
	for (; *v; v++) {
		nn = lower_copy(nd, sizeof(nd), *v, strlen(*v));
		if (nn && nn <= hn && memmem(hay, hn, nd, nn))
			return 1;
	}
	return 0;
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

/* Top-level (unquoted) and not yet classified. */
static int free0(const struct seg *s, size_t i)
{
	return s->l[i].qdepth == 0 && s->l[i].kind < 0;
}

/* The next non-blank line at or after i, or s->n. */
static size_t next_nonblank(const struct seg *s, size_t i)
{
	while (i < s->n && s->l[i].blank && s->l[i].qdepth == 0)
		i++;
	return i;
}

/* ---- footers ------------------------------------------------------------------- */

static const char *const footer_words[] = {
	"mailing list", "listinfo", "unsubscribe", "you received this message because",
	"groups.io", "google groups", "to post to this group", "list archive", "mailman",
	"automatically generated by jira", "sent by atlassian", "intended recipient",
	"privileged", "view/reply online", "list-help", "list help", "for additional commands",
	"archives at", "vous recevez ce message", "abmelden", "darse de baja", NULL,
};

/* Footers that need no separator line before them. */
static const char *const footer_strong[] = {
	"you received this message because you are subscribed", "mailman/listinfo",
	"to unsubscribe send an email", "to unsubscribe, e-mail", "groups.io links",
	"to unsubscribe from this group", "automatically generated by jira",
	"for additional commands, e-mail", "intended recipient", NULL,
};

/* "Sent from my iPhone" and friends: one line written by the client. */
static const char *const mua_lines[] = {
	"sent from my ", "sent from mail for windows", "sent from yahoo mail", "sent from outlook",
	"get outlook for ", "sent with protonmail", "sent with proton mail", "sent via ",
	"sent from samsung", "sent from the all new aol", "envoyé de mon ", "envoyé depuis ",
	"von meinem ", "gesendet von ", "enviado desde mi ", "enviado do meu ", "enviado de meu ",
	"enviado desde ", "sent from a mobile", NULL,
};

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
		if (l->len <= 80 && starts_any(l, mua_lines)) {
			l->kind = RP_BLOCK_FOOTER;
			i++;
			continue;
		}
		/* A paragraph, possibly opened by a separator line (or the separator alone
		 * on its line before a blank line). */
		sep = is_separator(l) || is_sig_delim(l);
		if (!sep && !para_start(s, i)) {
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
		for (end = j; end < s->n && !s->l[end].blank && s->l[end].qdepth == 0 && nlines < 16;
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

	if (l->len > 200 || !lends(l, ":"))
		return 0;
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

	if (!free0(s, i) || s->l[i].len > SHORT_LINE || !starts_any(&s->l[i], hdr_from))
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
		if (starts_any(l, hdr_other))
			hits++;
		else if (hits >= 2 && !starts_any(l, hdr_from) && l->len > 0 &&
			 !(j + 1 < s->n && starts_any(&s->l[j + 1], hdr_other)))
			break;
	}
	return hits >= 2 ? j - i : 0;
}

/* Lines of a header block after a forward/original marker at i (possibly none). */
static size_t headers_after(const struct seg *s, size_t i)
{
	size_t j = next_nonblank(s, i), n;

	if (j >= s->n || j > i + 2)
		return 0;
	n = header_block_at(s, j);
	return n ? j - i + n : 0;
}

static int marker_line(const struct line *l, const char *const *words)
{
	if (l->len > 200)
		return 0;
	if (!contains_any(l, words))
		return 0;
	/* Framed by dashes ("-----Original Message-----") or a lone sentence ending ':'
	 * ("Begin forwarded message:"). */
	return l->p[0] == '-' || l->p[0] == '_' || l->p[0] == '=' || l->p[0] == '*' || lends(l, ":");
}

/* Everything from i on is quoted text one level deeper (Outlook style, or an attribution
 * with no '>' after it), or a forwarded message. A list footer at the very end was added
 * by the list, not quoted, and stays a footer. */
static void shift_rest(struct seg *s, size_t i, int kind)
{
	size_t k, tail = s->n;

	while (tail > i && (s->l[tail - 1].blank || s->l[tail - 1].kind == RP_BLOCK_FOOTER) &&
	       s->l[tail - 1].qdepth == 0)
		tail--;
	for (k = i; k < s->n; k++) {
		struct line *l = &s->l[k];
		if (k >= tail && l->kind == RP_BLOCK_FOOTER)
			continue;
		l->kind = kind;
		l->depth = kind == RP_BLOCK_QUOTE ? l->qdepth + 1 : l->qdepth;
	}
}

static void pass_attributions(struct seg *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		struct line *l = &s->l[i];
		size_t n, nx;
		int strong = 0, an;

		if (!free0(s, i) || l->blank)
			continue;
		if (marker_line(l, forward_markers) || lstarts(l, "begin forwarded message")) {
			n = 1 + headers_after(s, i + 1);
			for (size_t k = i; k < i + n; k++)
				s->l[k].kind = RP_BLOCK_ATTRIBUTION;
			shift_rest(s, i + n, RP_BLOCK_FORWARD);
			return;
		}
		if (marker_line(l, original_markers)) {
			n = 1 + headers_after(s, i + 1);
			for (size_t k = i; k < i + n; k++)
				s->l[k].kind = RP_BLOCK_ATTRIBUTION;
			shift_rest(s, i + n, RP_BLOCK_QUOTE);
			return;
		}
		if ((n = header_block_at(s, i)) > 0) {
			for (size_t k = i; k < i + n; k++)
				if (!s->l[k].blank)
					s->l[k].kind = RP_BLOCK_ATTRIBUTION;
			shift_rest(s, i + n, RP_BLOCK_QUOTE);
			return;
		}
		an = attribution_at(s, i, &strong);
		if (an) {
			nx = next_nonblank(s, i + (size_t)an);
			if (nx < s->n && s->l[nx].qdepth > 0 && nx <= i + (size_t)an + 3) {
				for (size_t k = i; k < i + (size_t)an; k++)
					s->l[k].kind = RP_BLOCK_ATTRIBUTION;
				i += (size_t)an - 1;
				continue;
			}
			if (strong && nx < s->n && s->l[nx].kind < 0) {
				/* "On ..., X wrote:" with the quoted message pasted below, unmarked. */
				for (size_t k = i; k < i + (size_t)an; k++)
					s->l[k].kind = RP_BLOCK_ATTRIBUTION;
				shift_rest(s, i + (size_t)an, RP_BLOCK_QUOTE);
				return;
			}
			continue;
		}
		if (weak_attribution(l)) {
			nx = next_nonblank(s, i + 1);
			if (nx < s->n && s->l[nx].qdepth > 0 && nx <= i + 2)
				l->kind = RP_BLOCK_ATTRIBUTION;
		}
	}
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
	    lstarts(l, "diff -N") || hunk_header(l))
		return 1;
	if (i + 1 < s->n && s->l[i + 1].qdepth == 0) {
		const struct line *m = &s->l[i + 1];
		if (lstarts(l, "--- ") && lstarts(m, "+++ "))
			return 1;
		if (lstarts(l, "Index: ") && m->len >= 10 && strncmp(m->p, "==========", 10) == 0)
			return 1;
	}
	return 0;
}

/* Raw line (with its indentation) continues a patch? The content pointer is trimmed,
 * so context lines (" foo") are recognised from the byte before p. */
static int patch_line(const struct line *l, int raw_space)
{
	static const char *const pre[] = {
		"diff ", "index ", "Index: ", "====", "new file mode", "deleted file mode",
		"old mode", "new mode", "similarity index", "rename from", "rename to", "copy from",
		"copy to", "Binary files", "GIT binary patch", "--- ", "+++ ", "@@ ", NULL,
	};
	int c;

	if (l->blank)
		return 0;
	if (is_sig_delim(l) && l->p[2] == 0)
		return 0;
	if (raw_space)
		return 1;
	c = (unsigned char)l->p[0];
	if (c == '+' || c == '-' || c == '\\')
		return !is_sig_delim(l);
	return starts_any(l, pre);
}

static void pass_patches(struct seg *s)
{
	size_t i = 0;

	while (i < s->n) {
		size_t j;

		if (!free0(s, i) || s->l[i].blank || !patch_start(s, i)) {
			i++;
			continue;
		}
		/* A git format-patch diffstat ("---" then " file | 3 +-") opens the patch
		 * just before: take it with it. */
		j = i;
		for (; j < s->n && s->l[j].qdepth == 0 && s->l[j].kind < 0; j++) {
			const struct line *l = &s->l[j];
			int raw_space = l->indent;
			if (l->blank) {
				/* A blank line inside a hunk (trailing space eaten by a client):
				 * keep it when the patch goes on after it. */
				if (j + 1 < s->n && s->l[j + 1].qdepth == 0 && !s->l[j + 1].blank &&
				    patch_line(&s->l[j + 1], s->l[j + 1].indent))
					continue;
				break;
			}
			if (j > i && !patch_line(l, raw_space))
				break;
		}
		for (size_t k = i; k < j; k++)
			s->l[k].kind = RP_BLOCK_PATCH;
		i = j > i ? j : i + 1;
	}
}

/* ---- signatures, greetings, closings ---------------------------------------------- */

static void pass_sig_delim(struct seg *s)
{
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		if (!free0(s, i) || !is_sig_delim(&s->l[i]))
			continue;
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
	"bom dia", "boa tarde", "guten tag", "folks", "all,", "everyone,", "team,", NULL,
};

static const char *const closing_words[] = {
	"best", "regards", "kind regards", "warm regards", "best regards", "many thanks",
	"thanks", "thank you", "thx", "tia", "cheers", "sincerely", "yours", "br,", "br.",
	"ciao", "cordialement", "bien cordialement", "bien à vous", "salutations", "merci",
	"amitiés", "mit freundlichen grüßen", "mit freundlichen gruessen", "viele grüße",
	"viele grüsse", "beste grüße", "gruß", "gruss", "grüße", "lg", "vg", "mfg", "saludos",
	"un saludo", "atentamente", "gracias", "muchas gracias", "abraços", "abraço", "abs",
	"atenciosamente", "obrigado", "obrigada", "att,", "take care", "have a nice",
	"all the best", "hope this helps", "greetings", "rgds", "ttyl", "enjoy", NULL,
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
	return lends(l, ",") || lends(l, " -") || lends(l, "!");
}

static int greeting(const struct line *l)
{
	if (l->len > 80 || count_words(l) > 10 || l->blank)
		return 0;
	if (lends(l, "?"))
		return 0;
	if (starts_word(l, greet_words))
		return l->len <= 60 || lends(l, ",") || lends(l, "!") || lends(l, ":");
	return name_greeting(l);
}

static void pass_greeting(struct seg *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (s->l[i].blank && s->l[i].qdepth == 0)
			continue;
		if (s->l[i].kind >= 0 || s->l[i].qdepth > 0)
			continue; /* greetings may follow a quote or attribution */
		if (greeting(&s->l[i]))
			s->l[i].kind = RP_BLOCK_GREETING;
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
	return w <= 3 && is_alpha((unsigned char)l->p[l->len - 1]);
}

/* A sign-off name: "Olivier", "-markku", "—Daniel", "-- Russ", "Bob Smith". */
static int signoff_name(const struct line *l)
{
	size_t i, w = count_words(l);
	int c;

	if (l->len == 0 || l->len > 40 || w > 4)
		return 0;
	i = 0;
	while (i < l->len && (l->p[i] == '-' || l->p[i] == '~' || l->p[i] == ' '))
		i++;
	if (i == 0 && l->len >= 3 && (unsigned char)l->p[0] == 0xE2 && (unsigned char)l->p[1] == 0x80 &&
	    ((unsigned char)l->p[2] == 0x94 || (unsigned char)l->p[2] == 0x93))
		i = 3; /* em or en dash */
	if (i >= l->len)
		return 0;
	c = (unsigned char)l->p[i];
	if (!(is_alpha(c) || c >= 0x80))
		return 0;
	if (i == 0 && !(is_upper(c) || c >= 0x80))
		return 0;
	if (lends(l, ".") && !(l->len >= 2 && is_upper((unsigned char)l->p[l->len - 2])))
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
	"lab", "+1", "+44", "+49", "+33", "chair", "editor", NULL,
};

/* Closings and signatures at the end of one run of the author's text [b, e). */
static void tail_of_run(struct seg *s, size_t b, size_t e)
{
	size_t idx[12], n = 0, i, k, c = (size_t)-1, first_new = (size_t)-1;

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
	/* The earliest closing phrase among them. */
	for (k = n; k-- > 0;)
		if (closing_phrase(&s->l[idx[k]])) {
			c = k;
			break;
		}
	if (c != (size_t)-1) {
		size_t name = (size_t)-1;
		/* The name right after it belongs to the closing; the rest is a signature
		 * when it looks like one, or references the author lists ("[1] https://..."),
		 * which stay the author's text. Anything else means this was no closing. */
		if (c > 0 && signoff_name(&s->l[idx[c - 1]]) && idx[c - 1] <= idx[c] + 2)
			name = c - 1;
		for (k = name != (size_t)-1 ? name : c; k-- > 0;) {
			const struct line *l = &s->l[idx[k]];
			if (!sig_line(l) && l->p[0] != '[')
				return;
		}
		s->l[idx[c]].kind = RP_BLOCK_CLOSING;
		if (name != (size_t)-1)
			s->l[idx[name]].kind = RP_BLOCK_CLOSING;
		for (k = name != (size_t)-1 ? name : c; k-- > 0;) {
			struct line *l = &s->l[idx[k]];
			if (!sig_line(l))
				break;
			l->kind = RP_BLOCK_SIGNATURE;
		}
		return;
	}
	/* No closing phrase: a lone sign-off name ending a run with other text before it,
	 * set apart by a blank line or a dash. */
	i = idx[0];
	if (i > first_new && signoff_name(&s->l[i]) &&
	    (s->l[i - 1].blank || s->l[i].p[0] == '-' || (unsigned char)s->l[i].p[0] == 0xE2) &&
	    count_words(&s->l[i]) <= 2) {
		s->l[i].kind = RP_BLOCK_CLOSING;
		return;
	}
	/* Name / title / organisation lines ending the run, as their own paragraph. */
	{
		size_t p = 0, titles = 0;
		while (p < n && sig_line(&s->l[idx[p]]) &&
		       (p == 0 || idx[p] + 1 == idx[p - 1]))
			p++;
		if (p >= 2 && p <= 6 && idx[p - 1] > first_new && s->l[idx[p - 1] - 1].blank &&
		    signoff_name(&s->l[idx[p - 1]])) {
			for (k = 0; k < p; k++)
				titles += contains_any(&s->l[idx[k]], title_words);
			if (titles)
				for (k = 0; k < p; k++)
					s->l[idx[k]].kind = RP_BLOCK_SIGNATURE;
		}
	}
}

static void pass_tails(struct seg *s)
{
	size_t i = 0, b;

	while (i < s->n) {
		if (!(s->l[i].qdepth == 0 && (s->l[i].kind < 0 || s->l[i].kind == RP_BLOCK_GREETING))) {
			i++;
			continue;
		}
		b = i;
		while (i < s->n && s->l[i].qdepth == 0 &&
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
			l->kind = l->qdepth > 0 ? RP_BLOCK_QUOTE : RP_BLOCK_NEW;
			l->depth = l->qdepth;
		} else if (l->kind != RP_BLOCK_QUOTE && l->kind != RP_BLOCK_FORWARD) {
			l->depth = 0;
		}
		if (l->kind != RP_BLOCK_QUOTE)
			l->depth = l->kind == RP_BLOCK_FORWARD ? l->depth : 0;
	}
}

static int classify(struct seg *s, const char *body, size_t len)
{
	int rc = split_lines(s, body, len);

	if (rc)
		return rc;
	pass_footers(s);
	pass_patches(s);
	pass_attributions(s);
	pass_sig_delim(s);
	pass_greeting(s);
	pass_tails(s);
	finish_kinds(s);
	return 0;
}

int rp_text_label_lines(struct rp_line_label **out, size_t *n, const char *body, size_t len,
			struct rp_error *err)
{
	struct seg s = { 0 };
	struct rp_line_label *v = NULL;
	size_t i;
	int rc;

	*out = NULL;
	*n = 0;
	rc = classify(&s, body ? body : "", body ? len : 0);
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
	}
	*out = v;
	*n = s.n;
	v = NULL;
cleanup:
	free(s.l);
	free(v);
	if (rc)
		return rp_error_set(err, rc, "segment", "%s", rp_strerror(rc));
	return 0;
}

struct blocks {
	struct rp_block *v;
	size_t n, alloc;
};

static int push_block(struct blocks *b, int kind, int depth, struct rp_buf *text)
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
	struct seg s = { 0 };
	struct blocks b = { 0 };
	struct rp_buf cur = RP_BUF_INIT;
	size_t i, k, pending = 0;
	int rc, kind = -1, depth = 0;

	out->blocks = NULL;
	out->n = 0;
	rc = classify(&s, body ? body : "", body ? len : 0);
	if (rc)
		goto cleanup;
	for (i = 0; i < s.n && !rc; i++) {
		struct line *l = &s.l[i];

		if (l->blank) {
			pending++;
			continue;
		}
		if (kind >= 0 && (l->kind != kind || l->depth != depth ||
				  (pending && (kind == RP_BLOCK_NEW || kind == RP_BLOCK_GREETING)))) {
			rc = push_block(&b, kind, depth, &cur);
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
	}
	if (!rc && kind >= 0)
		rc = push_block(&b, kind, depth, &cur);
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
