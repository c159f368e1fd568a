/* mime-header: header fields of messages and MIME parts. RFC 5322 (fields, folding,
 * addresses, dates), RFC 2047 (encoded words), RFC 2045 section 5.1 and RFC 2231
 * (parameters, continuations, charset'lang'%XX values).
 * Written by hand rather than with libetpan's mailimf parsers because those reject a whole
 * field over one deviation (raw 8-bit names, unquoted commas, "name =x", broken dates,
 * Mailman's "alice at example.org") and return nothing, where list mail needs the best
 * reading of every field. libetpan still splits the MIME structure (see mime.c). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/ingest.h"
#include "rapporteur/mime.h"
#include "mime-private.h"

static int is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* ---- header block ---------------------------------------------------------------- */

void rp_hdrs_release(struct rp_hdrs *h)
{
	size_t i;

	if (!h)
		return;
	for (i = 0; i < h->n; i++)
		free(h->v[i].value);
	free(h->v);
	memset(h, 0, sizeof(*h));
}

const struct rp_hdr *rp_hdrs_get(const struct rp_hdrs *h, const char *name)
{
	size_t i, l = strlen(name);

	for (i = 0; i < h->n; i++)
		if (h->v[i].name_len == l && rp_ascii_ncasecmp(h->v[i].name, name, l) == 0)
			return &h->v[i];
	return NULL;
}

/* Length of the field name if line (without its EOL) starts a header field, else 0. */
static size_t field_name_len(const char *line, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)line[i];
		if (c == ':')
			return i;
		if (c <= 32 || c >= 127)
			return 0;
	}
	return 0;
}

/* Append a header line to a field value; NUL bytes are dropped so that the value stays
 * one C string. */
static int add_line(struct rp_buf *v, const char *s, size_t n)
{
	const char *z;
	int rc = 0;

	while (!rc && n && (z = memchr(s, '\0', n)) != NULL) {
		rc = rp_buf_add(v, s, (size_t)(z - s));
		n -= (size_t)(z - s) + 1;
		s = z + 1;
	}
	return rc ? rc : rp_buf_add(v, s, n);
}

/* Is there an empty line in s (n bytes, starting at the beginning of a non-empty line)? */
static int empty_line_ahead(const char *s, size_t n)
{
	const char *nl;

	while ((nl = memchr(s, '\n', n)) != NULL) {
		n -= (size_t)(nl - s) + 1;
		s = nl + 1;
		if (n && (s[0] == '\n' || (s[0] == '\r' && n > 1 && s[1] == '\n')))
			return 1;
	}
	return 0;
}

int rp_hdrs_parse(struct rp_hdrs *h, const char *raw, size_t len, int max, size_t *body_off)
{
	size_t pos = 0;
	struct rp_buf cur = RP_BUF_INIT;
	int have = 0, rc = 0, empty_ahead = -1, skipping = 0;

	memset(h, 0, sizeof(*h));
	*body_off = 0;
	/* An mbox "From " separator left in front of the message. */
	if (len >= 5 && memcmp(raw, "From ", 5) == 0) {
		const char *nl = memchr(raw, '\n', len);
		pos = nl ? (size_t)(nl - raw) + 1 : len;
	}
	while (pos < len) {
		const char *line = raw + pos, *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos, next = pos + n + (nl ? 1 : 0), nlen;

		if (n && line[n - 1] == '\r')
			n--;
		if (n == 0) {
			*body_off = next;
			goto done;
		}
		if (is_wsp(line[0]) && have) {
			/* A fold continues the last field, unless a broken line came between. */
			if (!skipping && h->n && h->v[h->n - 1].value == NULL &&
			    (rc = add_line(&cur, line, n)))
				goto fail;
			pos = next;
			continue;
		}
		nlen = field_name_len(line, n);
		if (!nlen) {
			/* Not a field. Before any field: the message has no header. Inside the
			 * block: a broken line, skipped, for only an empty line ends the header;
			 * but a message without that empty line keeps its body from here. */
			if (have && empty_ahead < 0)
				empty_ahead = empty_line_ahead(line, len - pos);
			if (!have || !empty_ahead) {
				*body_off = pos;
				goto done;
			}
			if (!h->bad++) {
				h->bad_first = line;
				h->bad_first_len = n;
			}
			skipping = 1;
			pos = next;
			continue;
		}
		skipping = 0;
		/* Close the previous field. */
		if (h->n && h->v[h->n - 1].value == NULL) {
			h->v[h->n - 1].value_len = cur.len;
			h->v[h->n - 1].value = rp_buf_detach(&cur, NULL);
			if (!h->v[h->n - 1].value) {
				rc = RP_ENOMEM;
				goto fail;
			}
		}
		have = 1;
		if ((int)h->n >= max) {
			h->dropped++;
			pos = next;
			continue;
		}
		if (h->n == h->alloc) {
			size_t na = h->alloc ? h->alloc * 2 : 32;
			struct rp_hdr *nv = realloc(h->v, na * sizeof(*nv));
			if (!nv) {
				rc = RP_ENOMEM;
				goto fail;
			}
			h->v = nv;
			h->alloc = na;
		}
		h->v[h->n].name = line;
		h->v[h->n].name_len = nlen;
		h->v[h->n].value = NULL;
		h->v[h->n].value_len = 0;
		h->n++;
		{
			size_t k = nlen + 1;
			while (k < n && is_wsp(line[k]))
				k++;
			rp_buf_clear(&cur);
			if ((rc = add_line(&cur, line + k, n - k)))
				goto fail;
		}
		pos = next;
	}
	*body_off = len;
done:
	if (h->n && h->v[h->n - 1].value == NULL) {
		h->v[h->n - 1].value_len = cur.len;
		h->v[h->n - 1].value = rp_buf_detach(&cur, NULL);
		if (!h->v[h->n - 1].value) {
			rc = RP_ENOMEM;
			goto fail;
		}
	}
	if (!have)
		*body_off = 0;
	rp_buf_release(&cur);
	return 0;
fail:
	rp_buf_release(&cur);
	rp_hdrs_release(h);
	return rc;
}

int rp_hdrs_strip_bad(struct rp_buf *out, const char *raw, size_t len, size_t body_off)
{
	size_t pos = 0;
	int skipping = 0, rc = 0;

	if (body_off > len)
		body_off = len;
	while (pos < body_off && !rc) {
		const char *line = raw + pos, *nl = memchr(line, '\n', body_off - pos);
		size_t n = nl ? (size_t)(nl - line) + 1 : body_off - pos, t = n;

		while (t && (line[t - 1] == '\n' || line[t - 1] == '\r'))
			t--;
		if (t && !is_wsp(line[0]))
			skipping = !field_name_len(line, t) &&
				   !(pos == 0 && t >= 5 && memcmp(line, "From ", 5) == 0);
		if (!t || !skipping)
			rc = rp_buf_add(out, line, n);
		pos += n;
	}
	return rc ? rc : rp_buf_add(out, raw + body_off, len - body_off);
}

/* ---- RFC 2047 -------------------------------------------------------------------- */

int rp_mime_hex_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The byte of the two hexadecimal digits at s, or -1 when they are not both digits. */
static int hex_byte(const char *s)
{
	int hi = rp_mime_hex_digit((unsigned char)s[0]), lo;

	if (hi < 0) /* s[1] may be past the end: not read */
		return -1;
	lo = rp_mime_hex_digit((unsigned char)s[1]);
	return lo < 0 ? -1 : hi * 16 + lo;
}

int rp_mime_b64_digit(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decode the payload of one encoded word into out; lenient about padding and junk. */
static int ew_decode(struct rp_buf *out, char enc, const char *s, size_t n)
{
	size_t i;
	int rc = 0;

	if (enc == 'b' || enc == 'B') {
		uint32_t acc = 0;
		int bits = 0;
		for (i = 0; i < n && !rc; i++) {
			int v = rp_mime_b64_digit((unsigned char)s[i]);
			if (v < 0)
				continue;
			acc = (acc << 6) | (uint32_t)v;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				rc = rp_buf_addch(out, (char)((acc >> bits) & 0xFF));
			}
		}
		return rc;
	}
	for (i = 0; i < n && !rc; i++) {
		if (s[i] == '_') {
			rc = rp_buf_addch(out, ' ');
		} else if (s[i] == '=' && i + 2 < n && hex_byte(s + i + 1) >= 0) {
			rc = rp_buf_addch(out, (char)hex_byte(s + i + 1));
			i += 2;
		} else {
			rc = rp_buf_addch(out, s[i]);
		}
	}
	return rc;
}

/* Recognise "=?charset?e?text?=" at s; fills the pieces and returns its length, or 0. */
static size_t ew_match(const char *s, size_t n, const char **cs, size_t *csl, char *enc,
		       const char **txt, size_t *txtl)
{
	size_t i = 2, q1, q2;

	if (n < 8 || s[0] != '=' || s[1] != '?')
		return 0;
	while (i < n && s[i] != '?' && !is_space(s[i]) && i < 80)
		i++;
	if (i >= n || s[i] != '?' || i == 2)
		return 0;
	q1 = i;
	if (q1 + 2 >= n || s[q1 + 2] != '?')
		return 0;
	*enc = s[q1 + 1];
	if (!strchr("bBqQ", *enc))
		return 0;
	q2 = q1 + 2;
	for (i = q2 + 1; i + 1 < n; i++) {
		if (s[i] == '?' && s[i + 1] == '=')
			break;
		if (s[i] == '\r' || s[i] == '\n')
			return 0;
	}
	if (i + 1 >= n)
		return 0;
	*cs = s + 2;
	*csl = q1 - 2;
	*txt = s + q2 + 1;
	*txtl = i - (q2 + 1);
	return i + 2;
}

/* Append raw (not encoded-word) header text: UTF-8 when valid, else windows-1252. */
static int add_raw(struct rp_buf *out, const char *s, size_t n, int utf8)
{
	return rp_charset_to_utf8(out, utf8 ? "utf-8" : "windows-1252", s, n, NULL);
}

static int flush_ew(struct rp_buf *out, struct rp_buf *pend, char *pcs)
{
	int rc = 0;

	if (pend->len)
		rc = rp_charset_to_utf8(out, pcs, pend->buf, pend->len, NULL);
	rp_buf_clear(pend);
	pcs[0] = '\0';
	return rc;
}

char *rp_mime_decode_header(const char *v, size_t n)
{
	struct rp_buf out = RP_BUF_INIT, pend = RP_BUF_INIT;
	char pcs[64] = "";
	size_t i = 0, lit = 0;
	int utf8, rc = 0, after_ew = 0;
	char *res = NULL;

	if (!v)
		return NULL;
	utf8 = rp_utf8_valid(v, n);
	while (i < n && !rc) {
		const char *cs = NULL, *txt = NULL;
		size_t csl = 0, txtl = 0, m = 0;
		char enc = 0;

		if (v[i] == '=' && i + 1 < n && v[i + 1] == '?')
			m = ew_match(v + i, n - i, &cs, &csl, &enc, &txt, &txtl);
		if (!m) {
			i++;
			continue;
		}
		/* Literal text before this word; white space between two words is dropped. */
		{
			size_t k;
			int only_ws = 1;
			for (k = lit; k < i; k++)
				if (!is_space(v[k]))
					only_ws = 0;
			if (!(after_ew && only_ws)) {
				rc = flush_ew(&out, &pend, pcs);
				if (!rc)
					rc = add_raw(&out, v + lit, i - lit, utf8);
			}
		}
		{
			char cbuf[64];
			size_t k, l = csl < sizeof(cbuf) - 1 ? csl : sizeof(cbuf) - 1;
			memcpy(cbuf, cs, l);
			cbuf[l] = '\0';
			for (k = 0; k < l; k++) /* RFC 2231 section 5: charset*language */
				if (cbuf[k] == '*')
					cbuf[k] = '\0';
			for (k = 0; cbuf[k]; k++)
				cbuf[k] = lower(cbuf[k]);
			/* Consecutive words in one charset are joined before conversion so that a
			 * multi-byte character split across two words survives. */
			if (!rc && strcmp(cbuf, pcs) != 0) {
				rc = flush_ew(&out, &pend, pcs);
				memcpy(pcs, cbuf, sizeof(cbuf));
			}
		}
		if (!rc)
			rc = ew_decode(&pend, enc, txt, txtl);
		i += m;
		lit = i;
		after_ew = 1;
	}
	if (!rc)
		rc = flush_ew(&out, &pend, pcs);
	if (!rc)
		rc = add_raw(&out, v + lit, n - lit, utf8);
	if (!rc) {
		/* Unfold: line breaks go, tabs become spaces, NULs are dropped. */
		size_t r, w = 0;
		for (r = 0; r < out.len; r++) {
			char c = out.buf[r];
			if (c == '\r' || c == '\n' || c == '\0')
				continue;
			out.buf[w++] = (c == '\t') ? ' ' : c;
		}
		rp_buf_setlen(&out, w);
		res = rp_buf_detach(&out, NULL);
	}
	rp_buf_release(&out);
	rp_buf_release(&pend);
	return res;
}

/* ---- parameters (RFC 2045, RFC 2231) ---------------------------------------------- */

void rp_params_release(struct rp_params *p)
{
	size_t i;

	if (!p)
		return;
	free(p->value);
	for (i = 0; i < p->n; i++) {
		free(p->v[i].name);
		free(p->v[i].value);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}

static char *trimmed_dup(const char *s, size_t n, int lc)
{
	char *r;
	size_t i;

	while (n && is_space(*s))
		s++, n--;
	while (n && is_space(s[n - 1]))
		n--;
	r = rp_strndup(s, n);
	if (r && lc)
		for (i = 0; r[i]; i++)
			r[i] = lower(r[i]);
	return r;
}

/* Skip a (possibly nested) comment starting at s[i] == '('. */
static size_t skip_comment(const char *s, size_t n, size_t i)
{
	int depth = 0;

	for (; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		else if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && --depth == 0)
			return i + 1;
	}
	return n;
}

/* A copy of s without (comments); NULL on ENOMEM. */
static char *strip_comments(const char *s, size_t n)
{
	struct rp_buf b = RP_BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '(') {
			i = skip_comment(s, n, i) - 1;
			continue;
		}
		if (rp_buf_addch(&b, s[i])) {
			rp_buf_release(&b);
			return NULL;
		}
	}
	return rp_buf_detach(&b, NULL);
}

/* One parameter value starting at s[*i]: a run of quoted strings and unquoted text up to
 * an unquoted ';' ("file".zip and file".zip" both give file.zip, as MUAs read them),
 * backslash escapes honoured in both, comments dropped outside quotes, and single quotes
 * around the whole value removed. */
static int param_value(struct rp_buf *val, const char *s, size_t n, size_t *ip)
{
	size_t i = *ip, k;
	int q = 0, rc = 0, quoted = 0;

	while (i < n && !rc) {
		char c = s[i];
		if (c == '\\' && i + 1 < n) {
			rc = rp_buf_addch(val, s[i + 1]);
			i += 2;
			continue;
		}
		if (c == '"') {
			q = !q;
			quoted = 1;
			i++;
			continue;
		}
		if (!q && c == ';')
			break;
		if (!q && c == '(') {
			i = skip_comment(s, n, i);
			continue;
		}
		if (c != '\r' && c != '\n')
			rc = rp_buf_addch(val, c);
		i++;
	}
	*ip = i;
	if (rc)
		return rc;
	if (!quoted) {
		while (val->len && is_space(val->buf[val->len - 1]))
			rp_buf_setlen(val, val->len - 1);
		for (k = 0; k < val->len && is_space(val->buf[k]); k++)
			;
		if (k) {
			memmove(val->buf, val->buf + k, val->len - k);
			rp_buf_setlen(val, val->len - k);
		}
		if (val->len >= 2 && val->buf[0] == '\'' && val->buf[val->len - 1] == '\'') {
			memmove(val->buf, val->buf + 1, val->len - 2);
			rp_buf_setlen(val, val->len - 2);
		}
	}
	return 0;
}

/* Lenient on purpose: white space around '=', folded values, single quotes left as they
 * are, an unterminated quoted string running to the end, comments between parameters. */
int rp_params_parse(struct rp_params *p, const char *s, size_t n)
{
	size_t i = 0, start;
	int rc;

	memset(p, 0, sizeof(*p));
	while (i < n && s[i] != ';')
		i++;
	{
		size_t e = i, k;
		for (k = 0; k < e; k++)
			if (s[k] == '(') {
				e = k;
				break;
			}
		p->value = trimmed_dup(s, e, 1);
		if (!p->value)
			return RP_ENOMEM;
	}
	while (i < n) {
		struct rp_buf val = RP_BUF_INIT;
		char *name;
		size_t ne;

		i++; /* ';' */
		while (i < n && (is_space(s[i]) || s[i] == ';'))
			i++;
		if (i < n && s[i] == '(') {
			i = skip_comment(s, n, i);
			i--;
			if (i < n && s[i] != ';')
				i++;
			while (i < n && is_space(s[i]))
				i++;
			if (i < n && s[i] == ';')
				continue;
		}
		start = i;
		while (i < n && s[i] != '=' && s[i] != ';')
			i++;
		if (i >= n || s[i] == ';') {
			continue; /* a token without '=' */
		}
		ne = i;
		i++; /* '=' */
		while (i < n && is_space(s[i]))
			i++;
		if ((rc = param_value(&val, s, n, &i))) {
			rp_buf_release(&val);
			return rc;
		}
		name = strip_comments(s + start, ne - start);
		if (!name) {
			rp_buf_release(&val);
			return RP_ENOMEM;
		}
		{
			char *t = trimmed_dup(name, strlen(name), 1);
			free(name);
			name = t;
		}

		if (!name) {
			rp_buf_release(&val);
			return RP_ENOMEM;
		}
		{
			struct rp_param *nv = realloc(p->v, (p->n + 1) * sizeof(*nv));
			if (!nv) {
				free(name);
				rp_buf_release(&val);
				return RP_ENOMEM;
			}
			p->v = nv;
			p->v[p->n].name = name;
			p->v[p->n].value = rp_buf_detach(&val, NULL);
			if (!p->v[p->n].value) {
				free(name);
				return RP_ENOMEM;
			}
			p->n++;
		}
		if (p->n >= 256)
			break; /* no real header has more; bounds the quadratic lookups below */
	}
	return 0;
}

/* Percent-decode s into out (RFC 2231 extended values). */
static int pct_decode(struct rp_buf *out, const char *s)
{
	int rc = 0;

	for (; *s && !rc; s++) {
		if (s[0] == '%' && hex_byte(s + 1) >= 0) {
			rc = rp_buf_addch(out, (char)hex_byte(s + 1));
			s += 2;
		} else {
			rc = rp_buf_addch(out, *s);
		}
	}
	return rc;
}

/* If pname is name*N or name*N* (or name* when sect is -1), the section and whether it
 * is extended; returns 1 on a match. */
static int match_section(const char *pname, const char *name, int *sect, int *ext)
{
	size_t l = strlen(name);
	const char *r;
	long v = 0;

	if (strncmp(pname, name, l) != 0 || pname[l] != '*')
		return 0;
	r = pname + l + 1;
	if (*r == '\0') {
		*sect = -1;
		*ext = 1;
		return 1;
	}
	if (*r < '0' || *r > '9')
		return 0;
	while (*r >= '0' && *r <= '9' && v < 1000)
		v = v * 10 + (*r++ - '0');
	*ext = (*r == '*');
	if (*ext)
		r++;
	if (*r)
		return 0;
	*sect = (int)v;
	return 1;
}

char *rp_params_get(const struct rp_params *p, const char *name, struct rp_buf *errors)
{
	struct rp_buf raw = RP_BUF_INIT, out = RP_BUF_INIT;
	char charset[64] = "";
	const char *plain = NULL;
	size_t i;
	int found = 0, s, ext, rc = 0;
	char *res = NULL;

	for (i = 0; i < p->n; i++)
		if (!plain && strcmp(p->v[i].name, name) == 0)
			plain = p->v[i].value;
	/* RFC 2231: name* alone, else sections 0, 1, 2... in order whatever their position
	 * in the header; a gap ends the value, but a value that starts at *1 is still used. */
	for (i = 0; i < p->n && !found; i++)
		if (match_section(p->v[i].name, name, &s, &ext) && s == -1) {
			const char *v = p->v[i].value, *q1 = strchr(v, '\''), *q2;
			if (q1 && (q2 = strchr(q1 + 1, '\'')) != NULL) {
				size_t l = (size_t)(q1 - v) < sizeof(charset) - 1 ? (size_t)(q1 - v) : sizeof(charset) - 1;
				memcpy(charset, v, l);
				charset[l] = '\0';
				v = q2 + 1;
			}
			rc = pct_decode(&raw, v);
			found = 1;
		}
	if (!found) {
		/* Sections in index order. RFC 2231 wants them contiguous from 0; mail that
		 * skips one (name*0, name*2) is still read by MUAs, so gaps are tolerated. */
		size_t idx[256], m = 0, x, y;
		for (i = 0; i < p->n && m < 256; i++)
			if (match_section(p->v[i].name, name, &s, &ext) && s >= 0)
				idx[m++] = i;
		for (x = 1; x < m; x++)
			for (y = x; y > 0; y--) {
				int s1, s2, e1, e2;
				size_t t;
				match_section(p->v[idx[y - 1]].name, name, &s1, &e1);
				match_section(p->v[idx[y]].name, name, &s2, &e2);
				if (s1 <= s2)
					break;
				t = idx[y];
				idx[y] = idx[y - 1];
				idx[y - 1] = t;
			}
		for (x = 0; x < m && !rc; x++) {
			const char *v = p->v[idx[x]].value;
			match_section(p->v[idx[x]].name, name, &s, &ext);
			if (ext && x == 0) {
				const char *q1 = strchr(v, '\''), *q2;
				if (q1 && (q2 = strchr(q1 + 1, '\'')) != NULL) {
					size_t l = (size_t)(q1 - v) < sizeof(charset) - 1 ? (size_t)(q1 - v) : sizeof(charset) - 1;
					memcpy(charset, v, l);
					charset[l] = '\0';
					v = q2 + 1;
				}
			}
			rc = ext ? pct_decode(&raw, v) : rp_buf_adds(&raw, v);
			found = 1;
		}
	}
	if (rc)
		goto cleanup;
	if (found) {
		rc = rp_charset_to_utf8(&out, charset[0] ? charset : "utf-8", raw.buf, raw.len, errors);
		if (!rc)
			res = rp_buf_detach(&out, NULL);
	} else if (plain) {
		res = rp_mime_decode_header(plain, strlen(plain));
	}
cleanup:
	rp_buf_release(&raw);
	rp_buf_release(&out);
	return res;
}

/* ---- addresses -------------------------------------------------------------------- */

/* Strip surrounding quotes and backslash escapes of a display name. */
static char *unquote(const char *s, size_t n)
{
	struct rp_buf b = RP_BUF_INIT;
	size_t i;

	while (n && is_space(*s))
		s++, n--;
	while (n && is_space(s[n - 1]))
		n--;
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			continue;
		if (s[i] == '\\' && i + 1 < n)
			i++;
		if (rp_buf_addch(&b, s[i])) {
			rp_buf_release(&b);
			return NULL;
		}
	}
	return rp_buf_detach(&b, NULL);
}

static char *clean_addr(const char *s, size_t n)
{
	char *t = rp_strndup(s, n), *u, *w, *r;

	if (!t)
		return NULL;
	u = rp_unobfuscate_address(t);
	free(t);
	if (!u)
		return NULL;
	for (r = w = u; *r; r++) {
		if (is_space(*r) || *r == '<' || *r == '>' || *r == '"')
			continue;
		*w++ = lower(*r);
	}
	*w = '\0';
	return u;
}

static int parse_mailbox(const char *s, size_t n, char **name, char **addr)
{
	size_t i, lt = n, gt = n, lp = n, rp = n;
	int inq = 0;
	char *nm = NULL, *ad = NULL, *dec = NULL;

	*name = *addr = NULL;
	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			i++;
			continue;
		}
		if (s[i] == '"')
			inq = !inq;
		else if (!inq && s[i] == '<' && lt == n)
			lt = i;
		else if (!inq && s[i] == '>' && lt != n && gt == n)
			gt = i;
		else if (!inq && s[i] == '(' && lp == n && lt == n)
			lp = i;
		else if (!inq && s[i] == ')' && lp != n)
			rp = i;
	}
	if (lt != n) {
		ad = clean_addr(s + lt + 1, (gt != n ? gt : n) - lt - 1);
		nm = unquote(s, lt);
	} else if (lp != n) {
		/* "a@x (Name)", or the comment first: "(Name) a@x" */
		size_t k = 0;
		while (k < lp && is_space(s[k]))
			k++;
		if (k == lp && rp != n && rp > lp) {
			size_t close = lp, open;
			while (close < n && s[close] != ')')
				close++;
			/* the address ends where a trailing comment starts */
			for (open = close + 1; open < n && s[open] != '('; open++)
				;
			ad = clean_addr(s + close + 1, open - close - 1);
			rp = close;
		} else
			ad = clean_addr(s, lp);
		nm = unquote(s + lp + 1, (rp != n && rp > lp ? rp : n) - lp - 1);
	} else {
		ad = clean_addr(s, n);
		nm = rp_strdup("");
	}
	if (!ad || !nm)
		goto oom;
	dec = rp_mime_decode_header(nm, strlen(nm));
	if (!dec)
		goto oom;
	free(nm);
	nm = trimmed_dup(dec, strlen(dec), 0);
	free(dec);
	dec = NULL;
	if (!nm)
		goto oom;
	/* Quotes inside encoded words ("=?utf-8?q?=22Name=22?=") come out after decoding. */
	if (strlen(nm) >= 2 && nm[0] == '"' && nm[strlen(nm) - 1] == '"') {
		memmove(nm, nm + 1, strlen(nm));
		nm[strlen(nm) - 1] = '\0';
	}
	if (!nm[0]) {
		free(nm);
		nm = NULL;
	}
	if (!ad[0]) {
		free(ad);
		ad = NULL;
	}
	*name = nm;
	*addr = ad;
	return 0;
oom:
	free(nm);
	free(ad);
	free(dec);
	return RP_ENOMEM;
}

/* Does s hold an encoded word ("=?")? */
static int has_encoded_word(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++)
		if (s[i] == '=' && s[i + 1] == '?')
			return 1;
	return 0;
}

int rp_mime_parse_mailbox(const char *s, size_t n, char **name, char **addr)
{
	char *dec;
	int rc;

	/* HyperKitty (Mailman 3) exports its archives with the whole mailbox in one encoded
	 * word, address and brackets too ("=?utf-8?q?Bob_Smith_=3Cbob=40example=2Enet=3E?="),
	 * which RFC 2047 section 5 forbids: with neither '@' nor '<' outside encoded words,
	 * the decoded text is the mailbox when it has one of them. */
	if (memchr(s, '@', n) || memchr(s, '<', n) || !has_encoded_word(s, n))
		return parse_mailbox(s, n, name, addr);
	*name = *addr = NULL;
	if (!(dec = rp_mime_decode_header(s, n)))
		return RP_ENOMEM;
	if (strchr(dec, '@') || strchr(dec, '<'))
		rc = parse_mailbox(dec, strlen(dec), name, addr);
	else
		rc = parse_mailbox(s, n, name, addr);
	free(dec);
	return rc;
}

char *rp_mime_address_list(const char *s, size_t n)
{
	struct rp_buf out = RP_BUF_INIT;
	size_t i, start = 0;
	int inq = 0, angle = 0, paren = 0;

	for (i = 0; i <= n; i++) {
		char c = i < n ? s[i] : ',';
		if (i < n && c == '\\' && i + 1 < n) {
			i++;
			continue;
		}
		if (c == '"')
			inq = !inq;
		else if (!inq && c == '<')
			angle = 1;
		else if (!inq && c == '>')
			angle = 0;
		else if (!inq && c == '(')
			paren++;
		else if (!inq && c == ')' && paren)
			paren--;
		else if (i == n || (!inq && !angle && !paren && (c == ',' || c == ';'))) {
			const char *seg = s + start;
			size_t len = i - start, k;
			char *nm = NULL, *ad = NULL;
			int q = 0;

			/* Group syntax "Team: a, b;": drop the group name. */
			for (k = 0; k < len; k++) {
				if (seg[k] == '"')
					q = !q;
				if (!q && (seg[k] == '<' || seg[k] == '@'))
					break;
				if (!q && seg[k] == ':') {
					seg += k + 1;
					len -= k + 1;
					break;
				}
			}
			start = i + 1;
			if (rp_mime_parse_mailbox(seg, len, &nm, &ad))
				goto oom;
			if (ad || nm) {
				if (out.len && rp_buf_adds(&out, ", "))
					goto oom2;
				if (nm && ad) {
					if (rp_buf_addf(&out, "%s <%s>", nm, ad))
						goto oom2;
				} else if (rp_buf_adds(&out, ad ? ad : nm)) {
					goto oom2;
				}
			}
			free(nm);
			free(ad);
			continue;
oom2:
			free(nm);
			free(ad);
			goto oom;
		}
	}
	if (!out.len)
		return NULL;
	return rp_buf_detach(&out, NULL);
oom:
	rp_buf_release(&out);
	return NULL;
}

/* ---- dates ------------------------------------------------------------------------ */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int days_in_month(int64_t y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return days[m - 1] + (m == 2 && leap);
}

static int month_of(const char *t, size_t l)
{
	static const char *const m[] = { "jan", "feb", "mar", "apr", "may", "jun",
					 "jul", "aug", "sep", "oct", "nov", "dec" };
	int i;

	if (l < 3)
		return 0;
	for (i = 0; i < 12; i++)
		if (rp_ascii_ncasecmp(t, m[i], 3) == 0)
			return i + 1;
	return 0;
}

static int zone_of(const char *t, size_t l, int *z)
{
	static const struct {
		const char *n;
		int h;
	} zs[] = { { "ut", 0 },   { "utc", 0 },  { "gmt", 0 },  { "z", 0 },   { "est", -5 },
		   { "edt", -4 }, { "cst", -6 }, { "cdt", -5 }, { "mst", -7 }, { "mdt", -6 },
		   { "pst", -8 }, { "pdt", -7 }, { "cet", 1 },  { "cest", 2 }, { "bst", 1 },
		   { "met", 1 },  { "mest", 2 }, { "eet", 2 },  { "eest", 3 }, { "jst", 9 } };
	size_t i;

	for (i = 0; i < sizeof(zs) / sizeof(zs[0]); i++)
		if (strlen(zs[i].n) == l && rp_ascii_ncasecmp(t, zs[i].n, l) == 0) {
			*z = zs[i].h * 60;
			return 1;
		}
	return 0;
}

static int all_digits(const char *t, size_t l)
{
	size_t i;

	if (!l)
		return 0;
	for (i = 0; i < l; i++)
		if (t[i] < '0' || t[i] > '9')
			return 0;
	return 1;
}

static long num(const char *t, size_t l)
{
	long v = 0;
	size_t i;

	for (i = 0; i < l && i < 9; i++)
		v = v * 10 + (t[i] - '0');
	return v;
}

int rp_mime_parse_date(const char *s, int64_t *t, int *zone)
{
	long y = -1, mo = 0, d = 0, hh = -1, mi = 0, ss = 0;
	int z = 0, zset = 0;
	size_t i = 0, n;

	if (!s)
		return RP_EPARSE;
	n = strlen(s);
	while (i < n) {
		size_t st, l;

		while (i < n && (is_space(s[i]) || s[i] == ','))
			i++;
		if (i < n && s[i] == '(') {
			i = skip_comment(s, n, i);
			continue;
		}
		st = i;
		while (i < n && !is_space(s[i]) && s[i] != ',' && s[i] != '(')
			i++;
		l = i - st;
		if (!l)
			continue;
		{
			const char *tk = s + st;
			if ((tk[0] == '+' || tk[0] == '-') && l >= 3 && hh >= 0 && !zset) {
				/* +hhmm, +hh:mm, +hh */
				char dg[5];
				size_t k, nd = 0;
				for (k = 1; k < l && nd < 4; k++)
					if (tk[k] >= '0' && tk[k] <= '9')
						dg[nd++] = tk[k];
					else if (tk[k] != ':')
						break;
				if (nd == 4 || nd == 2) {
					int hz = (dg[0] - '0') * 10 + (dg[1] - '0');
					int mz = nd == 4 ? (dg[2] - '0') * 10 + (dg[3] - '0') : 0;
					if (hz <= 14 && mz < 60) {
						z = (hz * 60 + mz) * (tk[0] == '-' ? -1 : 1);
						zset = 1;
					}
				}
			} else if (l >= 8 && all_digits(tk, 4) && tk[4] == '-' && y < 0) {
				/* ISO 8601: 2021-06-01 or 2021-06-01T12:00:00[Z|+02:00] */
				y = num(tk, 4);
				mo = num(tk + 5, 2);
				d = l >= 10 ? num(tk + 8, 2) : 0;
				if (l > 11 && (tk[10] == 'T' || tk[10] == 't')) {
					i = st + 11;
					continue;
				}
			} else if (memchr(tk, ':', l) && hh < 0) {
				long p[3] = { 0, 0, 0 };
				size_t k, np = 0, dg = 0;
				for (k = 0; k < l && np < 3; k++) {
					if (tk[k] >= '0' && tk[k] <= '9' && dg < 3) {
						p[np] = p[np] * 10 + (tk[k] - '0');
						dg++;
					} else if (tk[k] == ':' || tk[k] == '.') {
						np++;
						dg = 0;
					} else {
						break;
					}
				}
				hh = p[0];
				mi = p[1];
				ss = p[2];
				if (k < l && (tk[k] == 'Z' || tk[k] == 'z'))
					zset = 1;
				else if (k < l && (tk[k] == '+' || tk[k] == '-')) {
					/* ISO 8601's offset joined to the time: 12:00:00+02:00 */
					i = st + k;
					continue;
				}
			} else if (all_digits(tk, l)) {
				long v = num(tk, l);
				if (l <= 2 && !d && v >= 1 && v <= 31)
					d = v;
				else if (y < 0 && (l == 4 || (mo && l <= 3)))
					y = l == 4 ? v : (v < 50 ? 2000 + v : 1900 + v);
				else if (!d && v >= 1 && v <= 31)
					d = v;
			} else if (hh >= 0 && hh <= 12 && l == 2 && (rp_ascii_ncasecmp(tk, "pm", 2) == 0 ||
								     rp_ascii_ncasecmp(tk, "am", 2) == 0)) {
				/* "10:02 PM": a 12-hour clock */
				if (tolower((unsigned char)tk[0]) == 'p' && hh < 12)
					hh += 12;
				else if (tolower((unsigned char)tk[0]) == 'a' && hh == 12)
					hh = 0;
			} else if (month_of(tk, l) && !mo) {
				mo = month_of(tk, l);
			} else if (!zset && hh >= 0 && zone_of(tk, l, &z)) {
				zset = 1;
			}
		}
	}
	if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, (int)mo))
		return RP_EPARSE; /* "31 Feb" is no date: not silently 3 March */
	if (hh < 0)
		hh = 0;
	if (hh > 23 || mi > 59 || ss > 60)
		return RP_EPARSE;
	*t = days_from_civil(y, (int)mo, (int)d) * 86400 + hh * 3600 + mi * 60 + ss - (int64_t)z * 60;
	*zone = z;
	return 0;
}
