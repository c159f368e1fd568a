/* fold: text folded for verbatim comparison, as membership compares a reply's lines and
 * body with the draft. ASCII letters are lower-cased and kept with digits, bytes of
 * non-ASCII characters are kept as they are (accented words still compare), and every run
 * of other ASCII bytes becomes one blank; nothing leads or trails. Besides the folded copy,
 * two questions are answered in place, without copying: the first three words, and
 * whether the folded text contains a folded phrase. They run for every line of every
 * message a busy list sends in a draft's window. */
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

#include "rapporteur/text.h"

static int word_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80;
}

static char lower(unsigned char c)
{
	return (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

char *rp_text_fold(const char *s, size_t len)
{
	/* one pass into a buffer of the input's size: the output is never longer */
	char *out = malloc(len + 1), *o = out;
	size_t i;
	int space = 0;

	if (!out)
		return NULL;
	for (i = 0; i < len && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!word_byte(c)) {
			space = 1;
			continue;
		}
		if (space && o > out)
			*o++ = ' ';
		space = 0;
		*o++ = lower(c);
	}
	*o = '\0';
	return out;
}

int rp_text_fold_first_words(const char *s, size_t len, char *key, size_t size)
{
	size_t i, o = 0;
	int space = 0, words = 0;

	if (!size)
		return 0;
	for (i = 0; i < len && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!word_byte(c)) {
			space = 1;
			continue;
		}
		if (space && o > 0) {
			if (words == 3)
				break;
			if (o + 1 >= size)
				return 0;
			key[o++] = ' ';
		}
		if (space || o == 0)
			words++;
		space = 0;
		if (o + 1 >= size)
			return 0;
		key[o++] = lower(c);
	}
	key[o] = '\0';
	return words == 3;
}

/* The next byte of s[from, len) that folds to c (a folded word byte), or len. */
static size_t next_start(const char *s, size_t from, size_t len, char c)
{
	const char *a = memchr(s + from, c, len - from), *b = NULL;

	if (c >= 'a' && c <= 'z')
		b = memchr(s + from, c - 32, (size_t)((a ? a : s + len) - (s + from)));
	if (b)
		return (size_t)(b - s);
	return a ? (size_t)(a - s) : len;
}

int rp_text_fold_contains(const char *s, size_t len, const char *folded)
{
	size_t q;

	if (!folded[0])
		return 1;
	if (!word_byte((unsigned char)folded[0]))
		return 0;
	len = strnlen(s, len);
	/* A match starts at a byte that folds to folded[0]; folding from there gives the same
	 * text as the whole folding from that point on, so each such byte is tried in place. */
	for (q = next_start(s, 0, len, folded[0]); q < len; q = next_start(s, q + 1, len, folded[0])) {
		size_t i, k = 0;
		int space = 0;

		for (i = q; i < len && folded[k]; i++) {
			unsigned char c = (unsigned char)s[i];

			if (!word_byte(c)) {
				space = 1;
				continue;
			}
			if (space) {
				if (folded[k] != ' ')
					break;
				k++;
				space = 0;
			}
			if (folded[k] != lower(c))
				break;
			k++;
		}
		if (!folded[k])
			return 1;
	}
	return 0;
}

/* Letters that Unicode gives no decomposition, though readers take them for a base letter
 * with a mark ("Lukasz" for "Łukasz"): lower case, as after case folding. */
static const char *undecomposed(ucs4_t uc)
{
	switch (uc) {
	case 0x00F8: return "o";  /* ø */
	case 0x00E6: return "ae"; /* æ */
	case 0x00F0: return "d";  /* ð */
	case 0x00FE: return "th"; /* þ */
	case 0x0111: return "d";  /* đ */
	case 0x0127: return "h";  /* ħ */
	case 0x0131: return "i";  /* dotless ı */
	case 0x0142: return "l";  /* ł */
	case 0x0153: return "oe"; /* œ */
	default: return NULL;
	}
}

char *rp_text_fold_unaccented(const char *s, size_t len)
{
	size_t n = 0, i;
	uint8_t *cf;
	char *plain, *o, *out;

	len = strnlen(s, len);
	/* Case folded and decomposed (NFD) by libunistring, then the marks dropped. */
	cf = u8_casefold((const uint8_t *)s, len, NULL, UNINORM_NFD, NULL, &n);
	if (!cf) /* out of memory, or a failure libunistring does not document: plain folding */
		return rp_text_fold(s, len);
	if (!(plain = o = malloc(2 * n + 1))) {
		free(cf);
		return NULL;
	}
	for (i = 0; i < n;) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, cf + i, n - i);
		const char *base;

		if (k <= 0)
			break;
		if (!uc_is_general_category(uc, UC_CATEGORY_M)) {
			if ((base = undecomposed(uc))) {
				size_t b = strlen(base);

				memcpy(o, base, b);
				o += b;
			} else {
				memcpy(o, cf + i, (size_t)k);
				o += k;
			}
		}
		i += (size_t)k;
	}
	*o = '\0';
	free(cf);
	out = rp_text_fold(plain, (size_t)(o - plain));
	free(plain);
	return out;
}
