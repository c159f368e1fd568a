/* charset: MIME charsets to UTF-8 with iconv (RFC 2045 charset parameter, RFC 2047 and
 * RFC 2231 charset labels). Mail lies about its charset: "iso-8859-1" text written on
 * Windows carries windows-1252 punctuation in 0x80-0x9F, "utf-8" text is sometimes Latin-1,
 * and some labels are unknown to iconv. None of this may lose text, so every path ends in
 * valid UTF-8 with U+FFFD for bytes that cannot be decoded, and a note in the errors. */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mime-private.h"

/* Bound on the error text of one message: a hostile message must not grow it forever. */
#define ERRORS_MAX 2048

void rp_mime_note(struct rp_buf *errors, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;

	if (!errors || errors->len >= ERRORS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	/* The same note twice says nothing new (one per part of a 1000-part message). */
	if (errors->len && strstr(errors->buf, tmp))
		return;
	if (errors->len)
		rp_buf_adds(errors, "; ");
	rp_buf_adds(errors, tmp);
}

/* windows-1252 0x80-0x9F; 0 marks the five undefined bytes. Written out by hand because
 * it is the fallback for every undecodable byte string and must not depend on gconv
 * modules being installed. */
static const unsigned short cp1252_c1[32] = {
	0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
	0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static int add_cp1252(struct rp_buf *out, const char *s, size_t len, int latin1)
{
	size_t i, run;
	int rc = 0;

	for (i = 0; i < len && !rc;) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;

		if (c < 0x80) {
			for (run = i; run < len && (unsigned char)s[run] < 0x80; run++)
				;
			rc = rp_buf_add(out, s + i, run - i);
			i = run;
			continue;
		}
		if (c >= 0xA0 || latin1)
			cp = c;
		else
			cp = cp1252_c1[c - 0x80] ? cp1252_c1[c - 0x80] : 0xFFFD;
		rc = rp_buf_add_utf8(out, cp);
		i++;
	}
	return rc;
}

/* Append UTF-8 input, replacing each invalid sequence with U+FFFD. */
static int add_utf8_repaired(struct rp_buf *out, const char *s, size_t len, size_t *bad)
{
	size_t i = 0, start = 0, n;
	uint32_t cp;
	int rc = 0;

	while (i < len && !rc) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = rp_utf8_decode(s + i, len - i, &cp);
		if (cp == 0xFFFD && !(n == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0)) {
			rc = rp_buf_add(out, s + start, i - start);
			if (!rc)
				rc = rp_buf_add_utf8(out, 0xFFFD);
			(*bad)++;
			i += n;
			start = i;
			continue;
		}
		i += n;
	}
	if (!rc)
		rc = rp_buf_add(out, s + start, i - start);
	return rc;
}

/* Does s hold at least one well-formed multi-byte UTF-8 sequence? Tells "UTF-8 with a few
 * broken bytes" apart from "Latin-1 labelled UTF-8". */
static int has_utf8_multibyte(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = rp_utf8_decode(s + i, len - i, &cp);
		if (cp != 0xFFFD && n > 1)
			return 1;
		i += n;
	}
	return 0;
}

static int has_c1(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80 && (unsigned char)s[i] <= 0x9F)
			return 1;
	return 0;
}

/* Lower-case, unquoted, trimmed charset label into out (size n). */
static void normalise(const char *cs, char *out, size_t n)
{
	size_t i = 0;

	if (!cs)
		cs = "";
	while (*cs == ' ' || *cs == '\t' || *cs == '"' || *cs == '\'')
		cs++;
	for (; *cs && i + 1 < n; cs++) {
		char c = *cs;
		if (c == '"' || c == '\'' || c == ' ' || c == '\t' || c == ';')
			break;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		out[i++] = c;
	}
	out[i] = '\0';
}

static int is_one_of(const char *cs, const char *const *names)
{
	for (; *names; names++)
		if (strcmp(cs, *names) == 0)
			return 1;
	return 0;
}

static const char *const utf8_names[] = { "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8", NULL };
static const char *const ascii_names[] = { "", "us-ascii", "ascii", "ansi_x3.4-1968", "us", "646",
					   "iso646-us", "default", "x-unknown", "unknown-8bit",
					   "x-user-defined", NULL };
static const char *const latin1_names[] = { "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1",
					    "latin-1", "l1", "iso-ir-100", "cp819", "ibm819",
					    "iso_8859-1:1987", NULL };
static const char *const cp1252_names[] = { "windows-1252", "cp1252", "x-cp1252", "cp-1252",
					    "win-1252", "ms-ansi", NULL };

/* Labels that iconv does not know under that name, or knows as a smaller set than what
 * mailers actually send under it. */
static const char *alias(const char *cs)
{
	static const struct {
		const char *label, *iconv_name;
	} map[] = {
		{ "gb2312", "GB18030" },        { "gbk", "GB18030" },
		{ "x-gbk", "GB18030" },         { "cp936", "GB18030" },
		{ "ks_c_5601-1987", "CP949" },  { "ks_c_5601", "CP949" },
		{ "euc-kr", "CP949" },          { "shift_jis", "CP932" },
		{ "x-sjis", "CP932" },          { "sjis", "CP932" },
		{ "iso-2022-jp", "ISO-2022-JP-2" }, { "unicode-1-1-utf-7", "UTF-7" },
		{ "x-mac-roman", "MACINTOSH" }, { "macintosh", "MACINTOSH" },
		{ "tis-620", "TIS-620" },       { "iso-8859-8-i", "ISO-8859-8" },
		{ "utf-16", "UTF-16" },         { "ucs-2", "UTF-16" },
		{ "utf-16be", "UTF-16BE" },     { "utf-16le", "UTF-16LE" },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(cs, map[i].label) == 0)
			return map[i].iconv_name;
	return cs;
}

/* UTF-16 without a byte order mark: guess the order from where the zero bytes are (ASCII
 * text in UTF-16 has one in every pair), instead of iconv's fixed assumption. */
static const char *utf16_order(const char *name, const char *s, size_t len)
{
	size_t i, even = 0, odd = 0;

	if (strcmp(name, "UTF-16") != 0 || len < 2)
		return name;
	if (((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF) ||
	    ((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE))
		return name;
	for (i = 0; i + 1 < len && i < 4096; i += 2) {
		even += s[i] == 0;
		odd += s[i + 1] == 0;
	}
	return odd > even ? "UTF-16LE" : "UTF-16BE";
}

/* Convert with iconv; returns 1 when the charset is unknown (nothing appended). */
static int via_iconv(struct rp_buf *out, const char *name, const char *s, size_t len, size_t *bad,
		     int *rc_out)
{
	iconv_t cd = iconv_open("UTF-8", name);
	char *in = (char *)s;
	size_t inleft = len;
	int rc = 0;

	*rc_out = 0;
	if (cd == (iconv_t)-1)
		return 1;
	while (!rc) {
		char *o;
		size_t oleft, r;

		rc = rp_buf_grow(out, inleft * 2 + 16);
		if (rc)
			break;
		o = out->buf + out->len;
		oleft = out->alloc - out->len - 1;
		r = iconv(cd, inleft ? &in : NULL, inleft ? &inleft : NULL, &o, &oleft);
		out->len = (size_t)(o - out->buf);
		out->buf[out->len] = '\0';
		if (r != (size_t)-1) {
			if (!inleft)
				break;
			continue;
		}
		if (errno == E2BIG)
			continue;
		/* EILSEQ: one undecodable byte; EINVAL: a sequence cut off at the end. */
		(*bad)++;
		rc = rp_buf_add_utf8(out, 0xFFFD);
		if (errno == EINVAL || !inleft)
			break;
		in++;
		inleft--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	iconv_close(cd);
	*rc_out = rc;
	return 0;
}

int rp_charset_to_utf8(struct rp_buf *out, const char *charset, const char *s, size_t len,
		       struct rp_buf *errors)
{
	char cs[64];
	size_t bad = 0, before = out->len;
	int rc = 0, unknown;

	normalise(charset, cs, sizeof(cs));
	if (is_one_of(cs, utf8_names) || is_one_of(cs, ascii_names)) {
		if (rp_utf8_valid(s, len))
			return rp_buf_add(out, s, len);
		if (has_utf8_multibyte(s, len)) {
			rc = add_utf8_repaired(out, s, len, &bad);
			rp_mime_note(errors, "invalid UTF-8 in %s text (%zu sequences replaced)",
				     cs[0] ? cs : "undeclared", bad);
			return rc;
		}
		if (cs[0] && !is_one_of(cs, ascii_names))
			rp_mime_note(errors, "8-bit text declared %s; decoded as windows-1252", cs);
		return add_cp1252(out, s, len, 0);
	}
	if (is_one_of(cs, latin1_names))
		return add_cp1252(out, s, len, !has_c1(s, len));
	if (is_one_of(cs, cp1252_names))
		return add_cp1252(out, s, len, 0);

	unknown = via_iconv(out, utf16_order(alias(cs), s, len), s, len, &bad, &rc);
	if (rc == RP_ENOMEM)
		return rc;
	if (!unknown) {
		if (bad)
			rp_mime_note(errors, "invalid bytes for charset %s (%zu replaced)", cs, bad);
		return rc;
	}
	rp_buf_setlen(out, before);
	if (rp_utf8_valid(s, len)) {
		rp_mime_note(errors, "unknown charset %s; decoded as UTF-8", cs);
		return rp_buf_add(out, s, len);
	}
	rp_mime_note(errors, "unknown charset %s; decoded as windows-1252", cs);
	return add_cp1252(out, s, len, 0);
}
