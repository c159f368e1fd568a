/* subject: the base subject of a message, as RFC 5256 section 2.1 extracts it for THREAD
 * and SORT (reply/forward prefixes, "[list]" blobs, "(fwd)" trailers, "[fwd: ...]"
 * wrappers), with the reply prefixes of other languages that mailing lists see (AW:, SV:,
 * VS:, Antw:, Antwort:, Odp:, Rif:, Lotus Notes' French "Réf. :") and the forward
 * prefixes WG: (German), TR: (French) and RV: (Spanish). Written by hand: no Debian library
 * exposes this extraction (Dovecot's lives inside its server).
 *
 * Every step only moves two indices over one copy of the subject, and the subject is cut
 * at 512 bytes first, so the time is bounded whatever the input. */
#include <stdlib.h>
#include <string.h>

#include "rapporteur/thread.h"

#define MAX_SUBJECT 512

static int is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

/* subj-blob = "[" *BLOBCHAR "]" *WSP; returns the index after it, or 0 when none at i. */
static size_t match_blob(const char *s, size_t i, size_t end)
{
	size_t j;

	if (i >= end || s[i] != '[')
		return 0;
	for (j = i + 1; j < end && s[j] != ']'; j++)
		if (s[j] == '[')
			return 0;
	if (j >= end)
		return 0;
	for (j++; j < end && is_wsp(s[j]); j++)
		;
	return j;
}

static const struct {
	const char *word;
	unsigned flag;
} prefixes[] = {
	/* Longest first where one is a prefix of another (fwd before fw). */
	{ "antwort", RP_SUBJECT_REPLY }, { "antw", RP_SUBJECT_REPLY },
	{ "fwd", RP_SUBJECT_FORWARD },   { "odp", RP_SUBJECT_REPLY },
	{ "rif", RP_SUBJECT_REPLY },
	/* Lotus Notes in French: "Réf. :" (small or capital e with acute, in UTF-8) */
	{ "r\xc3\xa9" "f.", RP_SUBJECT_REPLY }, { "r\xc3\x89" "f.", RP_SUBJECT_REPLY },
	{ "re", RP_SUBJECT_REPLY },      { "aw", RP_SUBJECT_REPLY },
	{ "sv", RP_SUBJECT_REPLY },      { "vs", RP_SUBJECT_REPLY },
	{ "fw", RP_SUBJECT_FORWARD },    { "wg", RP_SUBJECT_FORWARD },
	{ "tr", RP_SUBJECT_FORWARD },    { "rv", RP_SUBJECT_FORWARD },
};

/* subj-refwd = ("re" / ("fw" ["d"]) / ...) *WSP [subj-blob] ":"; index after it or 0. */
static size_t match_refwd(const char *s, size_t i, size_t end, unsigned *flag)
{
	size_t k, j, w, b;
	char c0 = i < end ? lower(s[i]) : 0;

	for (k = 0; k < sizeof(prefixes) / sizeof(prefixes[0]); k++) {
		const char *p = prefixes[k].word;
		if (p[0] != c0)
			continue; /* most subjects start with no prefix's letter */
		for (j = i, w = 0; p[w] && j < end && lower(s[j]) == p[w]; j++, w++)
			;
		if (p[w])
			continue;
		while (j < end && is_wsp(s[j]))
			j++;
		if ((b = match_blob(s, j, end)))
			j = b;
		if (j < end && s[j] == ':') {
			*flag |= prefixes[k].flag;
			return j + 1;
		}
	}
	return 0;
}

/* Step 2: remove trailing "(fwd)" and white space. */
static void strip_trailers(const char *s, size_t start, size_t *end, unsigned *flags)
{
	for (;;) {
		if (*end > start && is_wsp(s[*end - 1])) {
			(*end)--;
		} else if (*end - start >= 5 && lower(s[*end - 5]) == '(' && lower(s[*end - 4]) == 'f' &&
			   lower(s[*end - 3]) == 'w' && lower(s[*end - 2]) == 'd' && s[*end - 1] == ')') {
			*end -= 5;
			*flags |= RP_SUBJECT_FORWARD;
		} else {
			return;
		}
	}
}

/* Steps 3 to 5: remove leaders (blobs followed by a reply/forward prefix, white space) and
 * a leading blob when something is left after it, until nothing changes. */
static void strip_leaders(const char *s, size_t *start, size_t end, unsigned *flags)
{
	size_t j, b;
	int changed = 1;

	while (changed) {
		changed = 0;
		for (;;) {
			if (*start < end && is_wsp(s[*start])) {
				(*start)++;
				continue;
			}
			for (j = *start; (b = match_blob(s, j, end)); j = b)
				;
			if ((b = match_refwd(s, j, end, flags))) {
				*start = b;
				changed = 1;
				continue;
			}
			break;
		}
		b = match_blob(s, *start, end);
		if (b && b < end) {
			*start = b;
			changed = 1;
		}
	}
}

char *rp_thread_base_subject_flags(const char *subject, unsigned *flags)
{
	char *s = NULL, *out = NULL;
	size_t len, i, o, start, end;
	unsigned fl = 0;

	if (!subject)
		subject = "";
	len = strlen(subject);
	if (len > MAX_SUBJECT) {
		len = MAX_SUBJECT;
		while (len && ((unsigned char)subject[len] & 0xC0) == 0x80)
			len--; /* do not cut a UTF-8 sequence */
	}
	/* Step 1: every run of white space (tabs, folded lines) becomes one space. */
	s = malloc(len + 1);
	if (!s)
		return NULL;
	for (i = 0, o = 0; i < len; i++) {
		char c = subject[i];
		if (c == '\t' || c == '\r' || c == '\n')
			c = ' ';
		if (c == ' ' && o > 0 && s[o - 1] == ' ')
			continue;
		s[o++] = c;
	}
	start = 0;
	end = o;
	for (;;) {
		strip_trailers(s, start, &end, &fl);
		strip_leaders(s, &start, end, &fl);
		/* Step 6: "[fwd:" subj-base "]" is unwrapped, then back to step 2. */
		if (end - start >= 6 && s[start] == '[' && lower(s[start + 1]) == 'f' &&
		    lower(s[start + 2]) == 'w' && lower(s[start + 3]) == 'd' && s[start + 4] == ':' &&
		    s[end - 1] == ']') {
			start += 5;
			end--;
			fl |= RP_SUBJECT_FORWARD;
			continue;
		}
		break;
	}
	out = malloc(end - start + 1);
	if (out) {
		for (i = start, o = 0; i < end; i++)
			out[o++] = lower(s[i]);
		out[o] = '\0';
	}
	free(s);
	if (flags)
		*flags = fl;
	return out;
}

char *rp_thread_base_subject(const char *subject, int *is_reply)
{
	unsigned fl = 0;
	char *r = rp_thread_base_subject_flags(subject, &fl);

	if (is_reply)
		*is_reply = (fl & RP_SUBJECT_REPLY) ? 1 : 0;
	return r;
}
