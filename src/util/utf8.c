/* utf8: strict UTF-8 validation and repair, the characters outputs must not carry, and
 * names escaped for a terminal.
 * Every string that leaves the ingest stage is valid UTF-8 (jansson refuses anything else,
 * and outputs must not carry broken bytes). */
#include <stdlib.h>
#include <string.h>

#include "rapporteur/util.h"

size_t rp_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	size_t n, i;

	*cp = 0xFFFD;
	if (!len)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 1;
	}
	if (len < n)
		return 1;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 1;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 1;
	*cp = c;
	return n;
}

int rp_utf8_valid(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			/* Mail is mostly ASCII: skip it eight bytes at a time. */
			uint64_t w;
			while (i + 8 <= len && (memcpy(&w, s + i, 8), (w & 0x8080808080808080ULL) == 0))
				i += 8;
			while (i < len && (unsigned char)s[i] < 0x80)
				i++;
			continue;
		}
		n = rp_utf8_decode(s + i, len - i, &cp);
		if (cp == 0xFFFD && !(n == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
			return 0;
		i += n;
	}
	return 1;
}

int rp_buf_add_utf8(struct rp_buf *b, uint32_t cp)
{
	char o[4];

	if (cp < 0x80) {
		o[0] = (char)cp;
		return rp_buf_add(b, o, 1);
	} else if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return rp_buf_add(b, o, 2);
	} else if (cp < 0x10000) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			cp = 0xFFFD;
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return rp_buf_add(b, o, 3);
	} else if (cp <= 0x10FFFF) {
		o[0] = (char)(0xF0 | (cp >> 18));
		o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (char)(0x80 | (cp & 0x3F));
		return rp_buf_add(b, o, 4);
	}
	return rp_buf_add_utf8(b, 0xFFFD);
}

char *rp_utf8_sanitize(const char *s, size_t len, int *changed)
{
	struct rp_buf b = RP_BUF_INIT;
	size_t i = 0, run = 0, n;
	uint32_t cp;
	int ch = 0;

	if (rp_buf_grow(&b, len))
		return NULL;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c && c < 0x80) {
			i++;
			run++;
			continue;
		}
		if (run && rp_buf_add(&b, s + i - run, run))
			goto oom;
		run = 0;
		if (!c) {
			ch = 1;
			i++;
			continue;
		}
		n = rp_utf8_decode(s + i, len - i, &cp);
		if (cp == 0xFFFD && !(n == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
			ch = 1;
		if (rp_buf_add_utf8(&b, cp))
			goto oom;
		i += n;
	}
	if (run && rp_buf_add(&b, s + i - run, run))
		goto oom;
	if (changed)
		*changed = ch;
	return rp_buf_detach(&b, NULL);
oom:
	rp_buf_release(&b);
	return NULL;
}

size_t rp_utf8_blank_controls(char *s, size_t len, const char *keep)
{
	size_t i, j = 0, nkeep = strlen(keep);

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9F) {
			s[j++] = ' ';
			i++;
		} else if ((c < 0x20 && !memchr(keep, c, nkeep)) || c == 0x7F) {
			s[j++] = ' ';
		} else {
			s[j++] = (char)c;
		}
	}
	if (j < len)
		s[j] = '\0';
	return j;
}

size_t rp_utf8_bidi_control(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	/* U+202A..U+202E are E2 80 AA..AE; U+2066..U+2069 are E2 81 A6..A9. */
	if (len < 3 || u[0] != 0xE2)
		return 0;
	if (u[1] == 0x80 && u[2] >= 0xAA && u[2] <= 0xAE)
		return 3;
	if (u[1] == 0x81 && u[2] >= 0xA6 && u[2] <= 0xA9)
		return 3;
	return 0;
}

size_t rp_utf8_strip_bidi(char *s, size_t len)
{
	size_t i = 0, j = 0, n;

	while (i < len) {
		if ((n = rp_utf8_bidi_control(s + i, len - i))) {
			i += n;
			continue;
		}
		s[j++] = s[i++];
	}
	if (j < len)
		s[j] = '\0';
	return j;
}

/* Bytes of the character at s (len bytes left) that a terminal would act on or that is not
 * UTF-8, or 0 for a plain character; *plain gets the plain character's length. */
static size_t unsafe_at(const char *s, size_t len, size_t *plain)
{
	unsigned char c = (unsigned char)s[0];
	uint32_t cp;
	size_t n;

	*plain = 1;
	if (c < 0x20 || c == 0x7F)
		return 1;
	if (c < 0x80)
		return 0;
	if ((n = rp_utf8_bidi_control(s, len)))
		return n;
	n = rp_utf8_decode(s, len, &cp);
	if ((cp == 0xFFFD && !(n == 3 && memcmp(s, "\xEF\xBF\xBD", 3) == 0)) ||
	    (cp >= 0x80 && cp <= 0x9F))
		return n;
	*plain = n;
	return 0;
}

int rp_buf_add_escaped(struct rp_buf *b, const char *s)
{
	size_t len = s ? strlen(s) : 0, i = 0, n, plain;
	int rc = 0;

	while (i < len && !rc) {
		n = unsafe_at(s + i, len - i, &plain);
		if (!n) {
			rc = rp_buf_add(b, s + i, plain);
			i += plain;
			continue;
		}
		for (; n && !rc; n--, i++) {
			unsigned char c = (unsigned char)s[i];

			if (c == '\n')
				rc = rp_buf_adds(b, "\\n");
			else if (c == '\t')
				rc = rp_buf_adds(b, "\\t");
			else if (c == '\r')
				rc = rp_buf_adds(b, "\\r");
			else
				rc = rp_buf_addf(b, "\\x%02x", c);
		}
	}
	return rc;
}

int rp_utf8_plain_name(const char *s)
{
	size_t len = strlen(s), i = 0, plain;

	while (i < len) {
		if (unsafe_at(s + i, len - i, &plain))
			return 0;
		i += plain;
	}
	return 1;
}

/* Written by hand: wcwidth() answers by the process's locale, and a mail tool run from cron
 * or CI often has none (LANG=C), where every non-ASCII character is "unprintable". The
 * ranges are Unicode's East Asian Width W/F blocks and the common zero-width ones. */
int rp_utf8_width(uint32_t cp)
{
	static const uint32_t zero[][2] = {
		{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD }, { 0x0610, 0x061A },
		{ 0x064B, 0x065F }, { 0x0E31, 0x0E31 }, { 0x0E34, 0x0E3A }, { 0x200B, 0x200F },
		{ 0x202A, 0x202E }, { 0x2060, 0x2064 }, { 0x20D0, 0x20FF }, { 0xFE00, 0xFE0F },
		{ 0xFE20, 0xFE2F }, { 0xFEFF, 0xFEFF }, { 0xE0100, 0xE01EF },
	};
	static const uint32_t wide[][2] = {
		{ 0x1100, 0x115F },   { 0x231A, 0x231B },   { 0x2329, 0x232A },   { 0x23E9, 0x23EC },
		{ 0x2614, 0x2615 },   { 0x2E80, 0x303E },   { 0x3041, 0x33FF },   { 0x3400, 0x4DBF },
		{ 0x4E00, 0x9FFF },   { 0xA000, 0xA4CF },   { 0xA960, 0xA97F },   { 0xAC00, 0xD7A3 },
		{ 0xF900, 0xFAFF },   { 0xFE10, 0xFE19 },   { 0xFE30, 0xFE6F },   { 0xFF00, 0xFF60 },
		{ 0xFFE0, 0xFFE6 },   { 0x1F300, 0x1F64F }, { 0x1F900, 0x1F9FF }, { 0x20000, 0x2FFFD },
		{ 0x30000, 0x3FFFD },
	};
	size_t i;

	if (cp < 0x300)
		return 1;
	for (i = 0; i < sizeof(zero) / sizeof(zero[0]); i++)
		if (cp >= zero[i][0] && cp <= zero[i][1])
			return 0;
	for (i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (cp >= wide[i][0] && cp <= wide[i][1])
			return 2;
	return 1;
}
