/* email: the consolidated document as an RFC 5322 message ready for `sendmail -t`: UTF-8
 * text (the Markdown rendering with its backslash escapes taken out: a text/plain reader
 * interprets no markup, and "\+1" or "\[DC-coord\]" would reach members as written) in
 * quoted-printable (RFC 2045 6.7),
 * a Subject encoded per RFC 2047 when it is not plain ASCII, In-Reply-To and References the
 * circulating message so it lands in the draft's thread. Header values never carry CR or LF
 * from message text (header injection): every value goes through rp_report_oneline() and
 * Message-IDs must be a plain token. Date and Message-ID are derived from the store (the last
 * message read and a hash of the body), never from the clock, so output is reproducible;
 * unless the caller gives the time of sending (compile --send), which both then carry: a
 * message dated by the discussion's last mail would sort years back in an inbox. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "report-private.h"

/* RFC 2045 6.7: lines of at most 76 characters with soft breaks; '=' , non-ASCII and
 * controls encoded; white space before a line end encoded; a leading '.' or "From " encoded
 * so no transport can mangle the line. LF line ends: sendmail converts. */
static int qp_encode(struct rp_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, col = 0;
	int rc = 0;

	for (i = 0; i < len && !rc; i++) {
		unsigned char c = (unsigned char)s[i];
		int at_eol = i + 1 == len || s[i + 1] == '\n';
		int enc;

		if (c == '\n') {
			rc = rp_buf_addch(b, '\n');
			col = 0;
			continue;
		}
		enc = c == '=' || c > 126 || (c < 32 && c != '\t') ||
		      ((c == ' ' || c == '\t') && at_eol) || (col == 0 && c == '.') ||
		      (col == 0 && c == 'F' && len - i >= 5 && memcmp(s + i, "From ", 5) == 0);
		if (col + (enc ? 3 : 1) > 75) {
			rc = rp_buf_adds(b, "=\n");
			col = 0;
			if (rc)
				break;
			if (c == '.' || (c == 'F' && len - i >= 5 && memcmp(s + i, "From ", 5) == 0))
				enc = 1;
		}
		if (enc) {
			rc = rp_buf_addf(b, "=%c%c", hex[c >> 4], hex[c & 15]);
			col += 3;
		} else {
			rc = rp_buf_addch(b, (char)c);
			col++;
		}
	}
	return rc;
}

/* A long ASCII value folded at its spaces (RFC 5322 2.2.3) so no header line passes 78
 * characters where a space allows: the line's column is counted from the header name the
 * buffer ends with. Returns -1, writing nothing, when a word alone is too long for a line
 * of 998 (the caller encodes the value, whose words are split); else 0, *rc the result. */
static int fold_plain(struct rp_buf *b, const char *value, int *rc)
{
	const char *line = b->len ? memrchr(b->buf, '\n', b->len) : NULL;
	size_t col = line ? b->len - (size_t)(line - b->buf) - 1 : b->len;
	const char *p = value, *w;

	*rc = 0;
	for (w = value; *w; w += *w == ' ') {
		size_t n = strcspn(w, " ");

		if (n > 900)
			return -1;
		w += n;
	}
	while (!*rc && *p) {
		size_t sp = strspn(p, " "), n = strcspn(p + sp, " ");

		if (p != value && col + sp + n > 78 && sp) {
			*rc = rp_buf_adds(b, "\n");
			col = 0;
		}
		if (!*rc)
			*rc = rp_buf_add(b, p, sp + n);
		col += sp + n;
		p += sp + n;
	}
	return 0;
}

/* A header value as RFC 2047 encoded-words (base64, UTF-8) when it holds anything but
 * printable ASCII; words are cut at character boundaries and kept under 75 characters. */
static int add_header_text(struct rp_buf *b, const char *value)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct rp_buf one = RP_BUF_INIT;
	size_t i, n;
	int ascii = 1, rc;

	rc = rp_report_oneline(&one, value);
	for (i = 0; !rc && i < one.len; i++)
		if ((unsigned char)one.buf[i] > 126)
			ascii = 0;
	if (!rc && (ascii || !one.len)) {
		/* "=?" could start an encoded word: encode such values too. */
		if (!strstr(one.buf, "=?") && !fold_plain(b, one.buf, &rc)) {
			rp_buf_release(&one);
			return rc;
		}
	}
	for (i = 0; !rc && i < one.len; i += n) {
		size_t k;

		/* At most 45 bytes per word (60 base64 characters), whole UTF-8 sequences only. */
		n = one.len - i < 45 ? one.len - i : 45;
		while (n > 1 && i + n < one.len && ((unsigned char)one.buf[i + n] & 0xC0) == 0x80)
			n--;
		rc = rp_buf_adds(b, i ? "\n =?UTF-8?B?" : "=?UTF-8?B?");
		for (k = 0; !rc && k < n; k += 3) {
			unsigned v = (unsigned char)one.buf[i + k] << 16;
			size_t left = n - k;

			if (left > 1)
				v |= (unsigned char)one.buf[i + k + 1] << 8;
			if (left > 2)
				v |= (unsigned char)one.buf[i + k + 2];
			rc = rp_buf_addf(b, "%c%c%c%c", b64[(v >> 18) & 63], b64[(v >> 12) & 63],
					 left > 1 ? b64[(v >> 6) & 63] : '=', left > 2 ? b64[v & 63] : '=');
		}
		if (!rc)
			rc = rp_buf_adds(b, "?=");
	}
	rp_buf_release(&one);
	return rc;
}

/* A Message-ID fit for a header: printable ASCII, no spaces, no angle brackets. */
static int plain_msgid(const char *id)
{
	const char *p;

	if (!id || !*id || strlen(id) > 900 || !strchr(id, '@'))
		return 0;
	for (p = id; *p; p++)
		if ((unsigned char)*p <= 32 || (unsigned char)*p >= 127 || *p == '<' || *p == '>')
			return 0;
	return 1;
}

static int plain_address(const char *a)
{
	return plain_msgid(a) && !strchr(a, ',') && !strchr(a, '"') && !strchr(a, '(');
}

/* Take out, in place, the backslash escapes rp_report_md_text put before ASCII punctuation
 * (a backslash before anything else is left as it is). */
static void unescape_markdown(struct rp_buf *b)
{
	size_t i, o = 0;

	for (i = 0; i < b->len; i++) {
		if (b->buf[i] == '\\' && i + 1 < b->len && b->buf[i + 1] >= 0x21 && b->buf[i + 1] <= 0x7e &&
		    !((b->buf[i + 1] >= '0' && b->buf[i + 1] <= '9') ||
		      ((b->buf[i + 1] | 32) >= 'a' && (b->buf[i + 1] | 32) <= 'z')))
			i++;
		b->buf[o++] = b->buf[i];
	}
	b->len = o;
	if (b->buf)
		b->buf[o] = '\0';
}

int rp_report_email(struct rp_buf *out, const struct rp_report *r,
		    const struct rp_report_options *o, struct rp_error *err)
{
	struct rp_report_options md = *o;
	struct rp_buf body = RP_BUF_INIT, title = RP_BUF_INIT;
	char hash[65], date[64];
	int64_t when = o->date ? o->date : r->period_to > r->created ? r->period_to : r->created;
	time_t tt = (time_t)when;
	struct tm tm;
	int rc;

	md.format = RP_REPORT_MARKDOWN;
	rc = rp_report_run(&rp_render_markdown, &body, r, &md, err);
	if (rc)
		goto cleanup;
	unescape_markdown(&body);
	rp_sha256_hex(body.buf, body.len, hash);
	if (!gmtime_r(&tt, &tm) || !strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm))
		snprintf(date, sizeof(date), "Thu, 01 Jan 1970 00:00:00 +0000");
	if (o->from && !plain_address(o->from)) {
		rc = rp_error_set(err, RP_EUSAGE, "email", "From address must be a plain addr-spec");
		goto cleanup;
	}
	if (o->to && !plain_address(o->to)) {
		rc = rp_error_set(err, RP_EUSAGE, "email", "To address must be a plain addr-spec");
		goto cleanup;
	}
	rc = rp_buf_addf(out, "From: %s\nTo: %s\nSubject: ",
			 o->from ? o->from : "rapporteur@invalid",
			 o->to ? o->to : "undisclosed-recipients:;");
	if (!rc)
		rc = rp_report_title(&title, r);
	if (!rc)
		rc = add_header_text(out, title.buf);
	if (!rc)
		rc = o->date ? rp_buf_addf(out,
					   "\nDate: %s\nMessage-ID: <rapporteur.%lld.%lld.%.32s@rapporteur.invalid>\n",
					   date, (long long)r->draft, (long long)o->date, hash)
			     : rp_buf_addf(out,
					   "\nDate: %s\nMessage-ID: <rapporteur.%lld.%.32s@rapporteur.invalid>\n",
					   date, (long long)r->draft, hash);
	if (!rc && plain_msgid(r->circulated))
		rc = rp_buf_addf(out, "In-Reply-To: <%s>\nReferences: <%s>\n", r->circulated,
				 r->circulated);
	if (!rc)
		rc = rp_buf_adds(out, "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
				      "Content-Transfer-Encoding: quoted-printable\n\n");
	if (!rc)
		rc = qp_encode(out, body.buf, body.len);
cleanup:
	rp_buf_release(&body);
	rp_buf_release(&title);
	if (rc && err && !err->code)
		rp_error_set(err, rc, "email", "%s", rp_strerror(rc));
	return rc;
}
