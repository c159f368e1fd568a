/* number: list numbers as word processors show them -- decimal, letters, roman numerals
 * (ECMA-376 Part 1, 17.18.59 ST_NumberFormat; ODF 1.2, 19.500 style:num-format). Formats
 * rapporteur does not know (ordinal words, other scripts) are read as decimal by the
 * callers: the number members cite is still right. */
#include <stdio.h>

#include "doc-private.h"

static int roman(struct rp_buf *b, int v, int upper)
{
	static const struct {
		int value;
		const char *lower, *upper;
	} tab[] = {
		{ 1000, "m", "M" }, { 900, "cm", "CM" }, { 500, "d", "D" }, { 400, "cd", "CD" },
		{ 100, "c", "C" },  { 90, "xc", "XC" },  { 50, "l", "L" },  { 40, "xl", "XL" },
		{ 10, "x", "X" },   { 9, "ix", "IX" },   { 5, "v", "V" },   { 4, "iv", "IV" },
		{ 1, "i", "I" },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		for (; v >= tab[i].value; v -= tab[i].value)
			if (rp_buf_adds(b, upper ? tab[i].upper : tab[i].lower))
				return RP_ENOMEM;
	return 0;
}

/* Word (and ODF with letter sync): a..z, aa..zz, aaa...; ODF by default counts like
 * spreadsheet columns: a..z, aa, ab ... az, ba. */
static int letters(struct rp_buf *b, int v, int upper, int sync)
{
	char base = upper ? 'A' : 'a', tmp[16];
	int k = 0, i;

	if (sync) {
		for (i = 0; i <= (v - 1) / 26; i++)
			if (rp_buf_addch(b, (char)(base + (v - 1) % 26)))
				return RP_ENOMEM;
		return 0;
	}
	for (; v > 0 && k < (int)sizeof(tmp); v = (v - 1) / 26)
		tmp[k++] = (char)(base + (v - 1) % 26);
	while (k > 0)
		if (rp_buf_addch(b, tmp[--k]))
			return RP_ENOMEM;
	return 0;
}

int rp_doc_number(struct rp_buf *b, int value, enum rp_doc_numfmt fmt, int letter_sync)
{
	switch (fmt) {
	case RP_NUM_BULLET:
	case RP_NUM_NONE:
		return 0;
	case RP_NUM_LOWER_ROMAN:
	case RP_NUM_UPPER_ROMAN:
		if (value >= 1 && value <= 3999)
			return roman(b, value, fmt == RP_NUM_UPPER_ROMAN);
		break;
	case RP_NUM_LOWER_LETTER:
	case RP_NUM_UPPER_LETTER:
		/* a synchronised "zzzz..." a thousand letters long is no number anyone cites */
		if (value >= 1 && value <= 26 * 20)
			return letters(b, value, fmt == RP_NUM_UPPER_LETTER, letter_sync);
		break;
	case RP_NUM_DECIMAL_ZERO:
		if (value >= 0 && value < 10)
			return rp_buf_addf(b, "0%d", value) ? RP_ENOMEM : 0;
		break;
	case RP_NUM_DECIMAL:
		break;
	}
	return rp_buf_addf(b, "%d", value) ? RP_ENOMEM : 0;
}
