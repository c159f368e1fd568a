/* mime: one raw message to decoded UTF-8 fields, body text and attachment list.
 * RFC 5322 (message), RFC 2045-2049 (MIME structure, transfer encodings), RFC 2046
 * (multipart/alternative, mixed, digest, message/rfc822), RFC 1847 (multipart/signed),
 * RFC 3676 (format=flowed, DelSp), RFC 2183 (Content-Disposition), RFC 2231 (parameters).
 * libetpan's mailmime_parse splits multipart structure (single-part mail, most list
 * traffic, does not need it); everything it is known to get wrong is handled around it:
 * a cheap count of nested containers before parsing (its recursion overflows the stack
 * and its time is quadratic on deep nesting), raw-body fallback for multiparts whose
 * boundary is broken (it returns no children) or missing (it returns one opaque part),
 * our own header and parameter parsing (no RFC 2231 there), our own transfer decoding (its
 * quoted-printable decoder reads past the end) and our own charset handling (its converter
 * writes '?' and truncates). Nothing here is fatal but running out of memory: every
 * problem is described in `errors`. */
#include <ctype.h>
#include <libetpan/libetpan.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/ingest.h"
#include "rapporteur/mime.h"
#include "mime-private.h"

/* Above this many multipart/message container headers the MIME structure is not parsed:
 * libetpan's time grows with the square of the nesting (8,000 levels take seconds) and
 * real list mail has a handful. */
#define CONTAINER_GUARD 256

void rp_mime_limits_default(struct rp_mime_limits *l)
{
	l->max_message_bytes = 50u * 1024 * 1024;
	l->max_depth = 32;
	l->max_parts = 1000;
	l->max_headers = 5000;
	l->max_text_bytes = 8u * 1024 * 1024;
	l->keep_attachment_data = 0;
}

struct ctx {
	const struct rp_mime_limits *lim;
	struct rp_buf body;
	struct rp_buf errors;
	struct rp_attachment *att;
	size_t n_att, att_alloc;
	int parts;
	int truncated;
	int oom;
	size_t budget; /* bytes forwarded messages may still re-parse */
};

/* Information about one part, from its own header block. */
struct part {
	char *type;     /* lower case "type/subtype"; "" when absent */
	char *charset;  /* may be NULL */
	char *name;     /* file name from Content-Disposition or Content-Type; may be NULL */
	char *boundary; /* multipart boundary; may be NULL */
	int flowed, delsp;
	int attachment; /* Content-Disposition: attachment */
	int inline_;    /* Content-Disposition: inline */
	int encoding;   /* MAILMIME_MECHANISM_* */
};

static void part_release(struct part *p)
{
	free(p->type);
	free(p->charset);
	free(p->name);
	free(p->boundary);
	memset(p, 0, sizeof(*p));
}

static int starts_ci(const char *s, const char *p)
{
	return s && rp_istarts_with(s, p);
}

/* A field given twice (malformed, but seen splitting RFC 2231 continuations over two
 * Content-Type lines): the first one's value counts, the later ones' parameters are
 * added after the first one's, so a parameter named twice keeps its first value. */
static int merge_repeated(struct rp_params *into, const struct rp_hdrs *h, const char *name,
			  const struct rp_hdr *first)
{
	size_t i, l = strlen(name), k;

	for (i = 0; i < h->n; i++) {
		struct rp_params more = { 0 };
		const struct rp_hdr *f = &h->v[i];
		struct rp_param *nv;
		int rc;

		if (f == first || f->name_len != l || rp_ascii_ncasecmp(f->name, name, l) != 0)
			continue;
		if ((rc = rp_params_parse(&more, f->value, f->value_len))) {
			rp_params_release(&more);
			return rc;
		}
		if (into->n + more.n > 256) {
			rp_params_release(&more);
			return 0;
		}
		nv = realloc(into->v, (into->n + more.n + 1) * sizeof(*nv));
		if (!nv) {
			rp_params_release(&more);
			return RP_ENOMEM;
		}
		into->v = nv;
		for (k = 0; k < more.n; k++)
			into->v[into->n++] = more.v[k];
		free(more.v);
		more.v = NULL;
		more.n = 0;
		rp_params_release(&more);
	}
	return 0;
}

static int part_info(struct ctx *c, const struct rp_hdrs *h, const char *default_type,
		     struct part *p)
{
	const struct rp_hdr *ct = rp_hdrs_get(h, "content-type");
	const struct rp_hdr *cd = rp_hdrs_get(h, "content-disposition");
	const struct rp_hdr *te = rp_hdrs_get(h, "content-transfer-encoding");
	struct rp_params cp = { 0 }, dp = { 0 };
	int rc = 0;

	memset(p, 0, sizeof(*p));
	p->encoding = MAILMIME_MECHANISM_8BIT;
	if (ct && (rc = rp_params_parse(&cp, ct->value, ct->value_len)))
		goto cleanup;
	if (cd && (rc = rp_params_parse(&dp, cd->value, cd->value_len)))
		goto cleanup;
	if ((ct && (rc = merge_repeated(&cp, h, "content-type", ct))) ||
	    (cd && (rc = merge_repeated(&dp, h, "content-disposition", cd))))
		goto cleanup;
	if (ct && cp.value[0] && strchr(cp.value, '/')) {
		p->type = rp_strdup(cp.value);
	} else {
		if (ct && cp.value[0] && rp_ascii_casecmp(cp.value, "text") != 0)
			rp_mime_note(&c->errors, "malformed Content-Type \"%.60s\"", cp.value);
		p->type = rp_strdup(ct && rp_ascii_casecmp(cp.value, "text") == 0 ? "text/plain"
										   : default_type);
	}
	if (!p->type)
		goto oom;
	if (ct) {
		char *fmt = rp_params_get(&cp, "format", NULL);
		char *ds = rp_params_get(&cp, "delsp", NULL);
		p->charset = rp_params_get(&cp, "charset", &c->errors);
		if (starts_ci(p->type, "multipart/"))
			p->boundary = rp_params_get(&cp, "boundary", NULL);
		if (starts_ci(p->type, "multipart/") && (!p->boundary || !p->boundary[0])) {
			/* No parts can be found: the body is all there is, read as text. */
			char *plain = rp_strdup("text/plain");

			if (!plain)
				goto oom;
			rp_mime_note(&c->errors,
				     "%.60s without a boundary parameter; body read as text/plain", p->type);
			free(p->type);
			p->type = plain;
		}
		p->flowed = fmt && rp_ascii_casecmp(fmt, "flowed") == 0;
		p->delsp = ds && rp_ascii_casecmp(ds, "yes") == 0;
		free(fmt);
		free(ds);
	}
	if (cd) {
		p->attachment = rp_ascii_casecmp(dp.value, "attachment") == 0;
		p->inline_ = rp_ascii_casecmp(dp.value, "inline") == 0;
		p->name = rp_params_get(&dp, "filename", &c->errors);
	}
	if ((!p->name || !p->name[0]) && ct) {
		free(p->name);
		p->name = rp_params_get(&cp, "name", &c->errors);
	}
	if (p->name && !p->name[0]) {
		free(p->name);
		p->name = NULL;
	}
	if (te) {
		char *v = rp_mime_decode_header(te->value, te->value_len), *s = v;
		if (!v)
			goto oom;
		while (*s == ' ' || *s == '"')
			s++;
		if (starts_ci(s, "base64"))
			p->encoding = MAILMIME_MECHANISM_BASE64;
		else if (starts_ci(s, "quoted-printable"))
			p->encoding = MAILMIME_MECHANISM_QUOTED_PRINTABLE;
		else if (!(starts_ci(s, "7bit") || starts_ci(s, "8bit") || starts_ci(s, "binary") ||
			   !s[0]))
			rp_mime_note(&c->errors, "unknown Content-Transfer-Encoding \"%.40s\"; kept as is", s);
		free(v);
	}
	goto cleanup;
oom:
	rc = RP_ENOMEM;
cleanup:
	rp_params_release(&cp);
	rp_params_release(&dp);
	return rc;
}

/* ---- base64 bodies (RFC 2045 section 6.8) ---------------------------------------- */

/* One line of a base64 body, without the blanks and CRs at its ends. */
struct b64_line {
	const unsigned char *s;
	size_t n;
	size_t digits, pads, strays; /* alphabet, '=', anything else (CRs inside not counted) */
};

/* How a line is read. */
enum b64_read {
	B64_TEXT,     /* not data (a footer, a header a list put in front): skipped */
	B64_CLEAN,    /* data */
	B64_INSERTED, /* data with characters outside the alphabet added: they are skipped */
	B64_REPLACED, /* data with characters outside the alphabet in place of digits: the
			 groups of four holding them are skipped, the rest stays aligned */
	B64_MIXED,    /* data damaged both ways: the characters are skipped, and the bits
			 left at the end of the line, so that the next line starts aligned */
};

/* The decoder's state across lines. */
struct b64 {
	char *o;        /* output, at least as long as the input */
	size_t w;       /* bytes written */
	uint32_t acc;   /* bits read and not written yet */
	int bits;
	size_t width;   /* characters on the first data line */
	int data;       /* a data line was read */
	int ended;      /* the data ended: padding, a short line, an empty line or a text line
			 * (until a whole data line) */
	int text;       /* a text line was seen */
	size_t pending; /* text lines since the last data line */
	size_t bad;     /* characters outside the alphabet inside data lines, skipped */
	size_t lines;   /* text lines between data lines, skipped */
	int cut;        /* a group of four characters was cut short (see b64_cut) */
};

static int b64_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void b64_scan(struct b64_line *l, const unsigned char *s, size_t n)
{
	size_t k;

	memset(l, 0, sizeof(*l));
	while (n && b64_blank(s[0]))
		s++, n--;
	while (n && b64_blank(s[n - 1]))
		n--;
	l->s = s;
	l->n = n;
	for (k = 0; k < n; k++) {
		if (rp_mime_b64_digit(s[k]) >= 0)
			l->digits++;
		else if (s[k] == '=')
			l->pads++;
		else if (s[k] != '\r')
			l->strays++;
	}
}

/* RFC 2045: characters outside the alphabet are ignored. But list software puts plain
 * text around base64 bodies (footers after, headers before), which must not decode to
 * garbage: a line with such characters is data only before the data ended, with at most
 * one in eight of them (one always allowed). Whole groups of four once they are left out
 * tell added characters, once they are counted in characters that replaced digits. */
static enum b64_read b64_classify(const struct b64 *b, const struct b64_line *l)
{
	size_t used = l->digits + l->pads;

	if (!l->strays)
		return B64_CLEAN;
	if (b->ended || (l->strays - 1) * 8 > l->digits)
		return B64_TEXT;
	if (used % 4 == 0)
		return B64_INSERTED;
	if ((used + l->strays) % 4 == 0 && b->bits == 0) /* groups count from the line start */
		return B64_REPLACED;
	return B64_MIXED;
}

/* Whether the data read so far stops inside a group of four characters where no encoder
 * stops: one character alone (6 bits, no byte), or two or three whose bits after the last
 * whole byte are not the zeros an encoder fills in. Two or three characters ending in
 * zero bits are a group whose padding was left out, which many encoders do: not cut. */
static int b64_cut(const struct b64 *b)
{
	return b->bits == 6 || (b->bits && (b->acc & ((1u << b->bits) - 1)) != 0);
}

/* One digit (0-63), or padding (-1), which ends a block: concatenated blocks restart. */
static void b64_put(struct b64 *b, int v)
{
	if (v < 0) {
		b->cut |= b->bits == 6; /* "Q=": a padded group with one character */
		b->acc = 0;
		b->bits = 0;
		return;
	}
	b->acc = (b->acc << 6) | (uint32_t)v;
	b->bits += 6;
	if (b->bits >= 8) {
		b->bits -= 8;
		b->o[b->w++] = (char)((b->acc >> b->bits) & 0xFF);
	}
}

static int b64_valid(unsigned char c)
{
	return rp_mime_b64_digit(c) >= 0 || c == '=';
}

static void b64_decode_line(struct b64 *b, const struct b64_line *l, enum b64_read how)
{
	unsigned char group[4];
	size_t k, g, ng = 0, bad = 0;

	for (k = 0; k < l->n; k++) {
		if (how != B64_REPLACED) {
			/* white space added inside the data loses nothing: not counted */
			if (b64_valid(l->s[k]))
				b64_put(b, rp_mime_b64_digit(l->s[k]));
			else if (!b64_blank(l->s[k]))
				b->bad++;
			continue;
		}
		if (l->s[k] == '\r')
			continue;
		group[ng++] = l->s[k];
		bad += !b64_valid(l->s[k]);
		if (ng < 4)
			continue;
		for (g = 0; g < 4 && !bad; g++)
			b64_put(b, rp_mime_b64_digit(group[g]));
		b->bad += bad;
		ng = 0;
		bad = 0;
	}
	if (how == B64_MIXED)
		b->bits = 0;
}

/* Read one line (n bytes at s, without its LF) into b. */
static void b64_feed_line(struct b64 *b, const unsigned char *s, size_t n)
{
	struct b64_line l;
	enum b64_read how;
	size_t total;

	b64_scan(&l, s, n);
	if (!l.n) {
		b->ended |= b->data; /* an empty line after the data */
		return;
	}
	how = b64_classify(b, &l);
	if (how == B64_TEXT) {
		b->text = 1;
		if (b->data) {
			b->pending++;
			b->ended = 1;
		}
		return;
	}
	b64_decode_line(b, &l, how);
	if (!l.digits) {
		b->ended |= b->data && l.pads;
		return;
	}
	/* Text lines between two data lines were damaged data, not a footer. */
	b->lines += b->pending;
	b->pending = 0;
	/* Padding or a line shorter than the first, damage counted in, ends the data; a
	 * whole line after the end restarts it (concatenated blocks, damage in between). */
	total = l.digits + l.pads + l.strays;
	if (!b->data)
		b->width = how == B64_REPLACED ? total : l.digits + l.pads;
	b->data = 1;
	b->ended = l.pads || total < b->width;
}

/* Say what was skipped inside the data of part number part (what: its name or type). */
static void b64_note(struct rp_buf *errors, int part, const char *what, const struct b64 *b)
{
	char chars[64] = "", lines[64] = "";

	if (!b->bad && !b->lines)
		return;
	if (b->bad)
		snprintf(chars, sizeof(chars), "%zu bad character%s", b->bad, b->bad == 1 ? "" : "s");
	if (b->lines)
		snprintf(lines, sizeof(lines), "%s%zu line%s", b->bad ? ", " : "", b->lines,
			 b->lines == 1 ? "" : "s");
	rp_mime_note(errors, "invalid base64 in part %d (%.60s): %s%s skipped", part, what, chars,
		     lines);
}

/* Decode a base64 body into o (at least n bytes): decodes what it can, skipping what it
 * cannot, and notes what it skipped inside the data (not the blanks and CRs at line ends,
 * nor the text before or after the data). Returns 0 when the body holds text and no base64
 * data at all, 1 otherwise. */
static int decode_b64(const char *s, size_t n, char *o, size_t *outlen, struct rp_buf *errors,
		      int part, const char *what)
{
	struct b64 b;
	size_t i = 0;

	memset(&b, 0, sizeof(b));
	b.o = o;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n;
		b64_feed_line(&b, (const unsigned char *)s + i, e - i);
		i = e + 1;
	}
	*outlen = b.w;
	if (!b.data && b.text) {
		rp_mime_note(errors, "invalid base64 in part %d (%.60s): no base64 data; kept as is",
			     part, what);
		return 0;
	}
	b64_note(errors, part, what, &b);
	/* The message or the part ended in the middle of the data: what was read is kept. */
	if (b.cut || b64_cut(&b))
		rp_mime_note(errors, "base64 in part %d (%.60s) truncated: it ends inside a group "
			     "of 4 characters; decoded up to there", part, what);
	return 1;
}

/* Decode the transfer encoding of a part body: *out points at the decoded bytes, which are
 * either s itself (identity encodings: no copy of what may be megabytes) or a malloc'ed
 * buffer handed over in *owned for the caller to free.
 * Hand-written rather than libetpan's mailmime_part_parse: that one reads past the end of
 * its input on a quoted-printable '=' in the last two bytes (found by fuzz-mime), and it
 * turns LF into CRLF. Both decoders are lenient the way MUAs are: base64 skips stray
 * characters in its data, text lines before and after it, and restarts after padding;
 * quoted-printable keeps a malformed '='. Damaged base64 is noted with the part (c->parts
 * is the part's number in the order parts are read); a body of text without any base64
 * data is kept as it is, like an unknown encoding. */
static int decode_cte(struct ctx *c, const struct part *p, const char *s, size_t n,
		      const char **out, size_t *outlen, char **owned)
{
	const unsigned char *u = (const unsigned char *)s;
	const char *what = p->name ? p->name : p->type[0] ? p->type : "text/plain";
	char *o;
	size_t i, w = 0;

	*owned = NULL;
	*out = s;
	*outlen = n;
	if (p->encoding != MAILMIME_MECHANISM_BASE64 &&
	    p->encoding != MAILMIME_MECHANISM_QUOTED_PRINTABLE)
		return 0;
	o = malloc(n + 1);
	if (!o)
		return RP_ENOMEM;
	if (p->encoding == MAILMIME_MECHANISM_BASE64) {
		if (!decode_b64(s, n, o, &w, &c->errors, c->parts, what)) {
			free(o);
			return 0;
		}
	} else {
		for (i = 0; i < n; i++) {
			if (u[i] != '=') {
				o[w++] = (char)u[i];
				continue;
			}
			if (i + 2 < n && rp_mime_hex_digit(u[i + 1]) >= 0 && rp_mime_hex_digit(u[i + 2]) >= 0) {
				o[w++] = (char)(rp_mime_hex_digit(u[i + 1]) * 16 + rp_mime_hex_digit(u[i + 2]));
				i += 2;
				continue;
			}
			/* Soft line break: '=' then optional white space then the line end. */
			{
				size_t k = i + 1;
				while (k < n && (u[k] == ' ' || u[k] == '\t'))
					k++;
				if (k < n && u[k] == '\r')
					k++;
				if (k >= n || u[k] == '\n') {
					i = k;
					continue;
				}
			}
			o[w++] = '=';
		}
	}
	o[w] = '\0';
	*owned = o;
	*out = o;
	*outlen = w;
	return 0;
}

/* Append text to the body within max_text_bytes, on a UTF-8 character boundary. */
static void body_add(struct ctx *c, const char *s, size_t n)
{
	size_t room;

	if (c->truncated)
		return;
	room = c->lim->max_text_bytes > c->body.len ? c->lim->max_text_bytes - c->body.len : 0;
	if (n > room) {
		while (room && ((unsigned char)s[room] & 0xC0) == 0x80)
			room--;
		n = room;
		c->truncated = 1;
		rp_mime_note(&c->errors, "body text truncated at %zu bytes", c->lim->max_text_bytes);
	}
	if (rp_buf_add(&c->body, s, n))
		c->oom = 1;
}

/* A new body section starts on its own paragraph. */
static void body_sep(struct ctx *c)
{
	rp_buf_trim(&c->body);
	if (c->body.len)
		body_add(c, "\n\n", 2);
}

/* RFC 3676: join soft line breaks, remove space-stuffing, keep quote depth. */
static int unflow(struct rp_buf *out, const char *s, size_t n, int delsp)
{
	struct rp_buf para = RP_BUF_INIT;
	size_t i = 0;
	int pdepth = -1, open = 0, rc = 0;

	while (i < n && !rc) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n, ll, k;
		const char *line = s + i;
		int depth = 0, flowed;

		ll = e - i;
		if (ll && line[ll - 1] == '\r')
			ll--;
		i = nl ? e + 1 : n;
		while (depth < (int)ll && line[depth] == '>')
			depth++;
		line += depth;
		ll -= (size_t)depth;
		if (ll && line[0] == ' ')
			line++, ll--;
		flowed = ll && line[ll - 1] == ' ' && !(ll == 3 && memcmp(line, "-- ", 3) == 0);
		if (open && depth != pdepth) {
			/* A quote depth change ends a paragraph even after a soft break. */
			rc = rp_buf_addch(out, '\n');
			open = 0;
		}
		if (!open) {
			for (k = 0; k < (size_t)depth && !rc; k++)
				rc = rp_buf_addch(out, '>');
			if (depth && !rc)
				rc = rp_buf_addch(out, ' ');
		}
		if (!rc)
			rc = rp_buf_add(out, line, flowed && delsp ? ll - 1 : ll);
		pdepth = depth;
		open = flowed;
		if (!flowed && !rc)
			rc = rp_buf_addch(out, '\n');
	}
	if (open && !rc)
		rc = rp_buf_addch(out, '\n');
	rp_buf_release(&para);
	return rc;
}

/* Bytes of a text part (transfer-decoded) to UTF-8 text, format=flowed undone. */
/* In place: CRLF and bare CR become LF, NUL bytes go (*nul set when there were any); the
 * new length. Text without NUL moves from CR to CR with memchr: byte by byte, this loop
 * was a third of the decoder's instructions on CRLF mail from IMAP. */
static size_t text_to_lf(char *s, size_t len, int *nul)
{
	char *r = s, *w = s, *end = s + len, *cr;

	*nul = memchr(s, '\0', len) != NULL;
	if (*nul) {
		for (; r < end; r++) {
			if (*r == '\0' || (*r == '\r' && r + 1 < end && r[1] == '\n'))
				continue;
			*w++ = *r == '\r' ? '\n' : *r;
		}
		return (size_t)(w - s);
	}
	while ((cr = memchr(r, '\r', (size_t)(end - r)))) {
		if (w != r)
			memmove(w, r, (size_t)(cr - r));
		w += cr - r;
		r = cr + 1;
		if (r < end && *r == '\n')
			continue; /* the LF is copied with what follows */
		*w++ = '\n';
	}
	if (w != r)
		memmove(w, r, (size_t)(end - r));
	return (size_t)(w + (end - r) - s);
}

static int part_text(struct ctx *c, const struct part *p, const char *s, size_t n, char **out)
{
	struct rp_buf u = RP_BUF_INIT, f = RP_BUF_INIT;
	int rc;

	*out = NULL;
	if (c->lim->max_text_bytes && n / 2 > c->lim->max_text_bytes) {
		/* No more than the body can keep is converted (memory stays bounded). */
		rp_mime_note(&c->errors, "text part of %zu bytes cut to %zu before decoding", n,
			     2 * c->lim->max_text_bytes);
		n = 2 * c->lim->max_text_bytes;
	}
	rc = rp_charset_to_utf8(&u, p->charset, s, n, &c->errors);
	if (rc)
		goto cleanup;
	{
		/* Line ends become LF (the quoted-printable decoder and CRLF mail give CRLF,
		 * old Mac mail bare CR); NUL bytes end C strings downstream, so they go. */
		int nul = 0;

		rp_buf_setlen(&u, text_to_lf(u.buf, u.len, &nul));
		if (nul)
			rp_mime_note(&c->errors, "NUL bytes removed from text");
	}
	if (p->flowed) {
		rc = unflow(&f, u.buf, u.len, p->delsp);
		if (rc)
			goto cleanup;
		*out = rp_buf_detach(&f, NULL);
	} else {
		*out = rp_buf_detach(&u, NULL);
	}
	rc = *out ? 0 : RP_ENOMEM;
cleanup:
	rp_buf_release(&u);
	rp_buf_release(&f);
	return rc;
}

static int is_texty(const char *type)
{
	static const char *const t[] = { "text/plain", "text/markdown", "text/x-markdown",
					 "text/x-rst", "text/x-diff", "text/x-patch", "text/rst",
					 NULL };
	size_t i;

	for (i = 0; t[i]; i++)
		if (strcmp(type, t[i]) == 0)
			return 1;
	return 0;
}

/* An attachment sent with a generic type (application/octet-stream, as many clients label
 * a .md file) whose name says it is a text document: read as text, since drafts are often
 * circulated so. */
static int text_document_name(const char *type, const char *name)
{
	static const char *const ext[] = { ".md", ".markdown", ".txt", ".text", ".rst", ".adoc",
					   ".org", NULL };
	size_t n, k, e;

	if (!name || (strcmp(type, "application/octet-stream") != 0 &&
		      strcmp(type, "application/x-download") != 0 &&
		      strcmp(type, "binary/octet-stream") != 0))
		return 0;
	n = strlen(name);
	for (k = 0; ext[k]; k++) {
		e = strlen(ext[k]);
		if (n > e && rp_ascii_casecmp(name + n - e, ext[k]) == 0)
			return 1;
	}
	return 0;
}

static int add_attachment(struct ctx *c, const struct part *p, const char *data, size_t len,
			  const char *text)
{
	struct rp_attachment *a;

	if (c->n_att == c->att_alloc) {
		size_t na = c->att_alloc ? c->att_alloc * 2 : 4;
		struct rp_attachment *nv = realloc(c->att, na * sizeof(*nv));
		if (!nv)
			return RP_ENOMEM;
		c->att = nv;
		c->att_alloc = na;
	}
	a = &c->att[c->n_att];
	memset(a, 0, sizeof(*a));
	a->size = len;
	a->type = rp_strdup(p->type[0] ? p->type : "application/octet-stream");
	a->name = p->name ? rp_utf8_sanitize(p->name, strlen(p->name), NULL) : NULL;
	a->text = text ? rp_strdup(text) : NULL;
	if (c->lim->keep_attachment_data) {
		a->data = rp_strndup(data, len);
		a->data_len = len;
	}
	c->n_att++;
	if (!a->type || (p->name && !a->name) || (text && !a->text) ||
	    (c->lim->keep_attachment_data && !a->data))
		return RP_ENOMEM;
	return 0;
}

static int decode_message(struct ctx *c, const char *raw, size_t len, int depth, int forwarded,
			  struct rp_hdrs *hout, size_t *body_off_out);

/* Note the lines of a header block that were skipped as no field. */
static void note_bad_lines(struct ctx *c, const struct rp_hdrs *h)
{
	if (h->bad)
		rp_mime_note(&c->errors, "%zu header line%s without a colon skipped (\"%.*s\")",
			     h->bad, h->bad == 1 ? "" : "s",
			     (int)(h->bad_first_len < 60 ? h->bad_first_len : 60), h->bad_first);
}

struct span {
	const char *s;
	size_t n;
};

static int walk(struct ctx *c, struct mailmime *m, const struct rp_hdrs *h, struct span body,
		const char *ptype, int depth);

/* Does s (n bytes) end with an empty line (or is it empty)? */
static int ends_empty_line(const char *s, size_t n)
{
	if (n && s[n - 1] == '\n')
		n--;
	if (n && s[n - 1] == '\r')
		n--;
	return n == 0 || s[n - 1] == '\n';
}

/* The header block of a child part of a multipart, and the bytes after it (*body). */
static int child_headers(struct mailmime *m, struct rp_hdrs *h, const struct rp_mime_limits *lim,
			 struct span *body)
{
	size_t hl = 0, off = 0;
	int rc;

	if (m->mm_mime_start && m->mm_body && m->mm_body->dt_data.dt_text.dt_data >= m->mm_mime_start)
		hl = (size_t)(m->mm_body->dt_data.dt_text.dt_data - m->mm_mime_start);
	else if (m->mm_mime_start)
		hl = m->mm_length;
	rc = rp_hdrs_parse(h, m->mm_mime_start ? m->mm_mime_start : "", hl, lim->max_headers, &off);
	if (!rc && h->n && hl < m->mm_length && off == hl && !ends_empty_line(m->mm_mime_start, hl)) {
		/* libetpan ended the block at a line that is no field: read on to the empty
		 * line, and take the body from there (see walk). */
		struct rp_hdrs full = { 0 };
		size_t full_off = 0;

		rc = rp_hdrs_parse(&full, m->mm_mime_start, m->mm_length, lim->max_headers, &full_off);
		if (!rc && full.bad) {
			rp_hdrs_release(h);
			*h = full;
			off = full_off;
		} else {
			rp_hdrs_release(&full);
		}
	}
	if (h->n == 0)
		off = 0;
	body->s = m->mm_mime_start ? m->mm_mime_start + off : "";
	body->n = m->mm_length > off ? m->mm_length - off : 0;
	return rc;
}

/* Does the multipart body hold a delimiter line for its declared boundary? */
static int boundary_present(struct mailmime *m, const char *b)
{
	const char *s = m->mm_body ? m->mm_body->dt_data.dt_text.dt_data : NULL;
	size_t n = m->mm_body ? m->mm_body->dt_data.dt_text.dt_length : 0, bl, i;

	if (!b || !b[0] || !s)
		return 0;
	bl = strlen(b);
	for (i = 0; i + 2 + bl <= n;) {
		const char *nl;
		if (s[i] == '-' && s[i + 1] == '-' && memcmp(s + i + 2, b, bl) == 0)
			return 1;
		nl = memchr(s + i, '\n', n - i);
		if (!nl)
			break;
		i = (size_t)(nl - s) + 1;
	}
	return 0;
}

static int walk_multipart(struct ctx *c, struct mailmime *m, const struct part *p, int depth)
{
	clist *l = m->mm_data.mm_multipart.mm_mp_list;
	clistiter *it;
	const char *sub = strchr(p->type, '/') ? strchr(p->type, '/') + 1 : "mixed";
	const char *ctype = strcmp(sub, "digest") == 0 ? "message/rfc822" : "text/plain";
	int rc = 0, i = 0, pick = -1, n = l ? clist_count(l) : 0;

	if (n && !boundary_present(m, p->boundary))
		n = 0; /* what libetpan found is not behind the declared boundary */
	if (n == 0) {
		const char *s = m->mm_body ? m->mm_body->dt_data.dt_text.dt_data : NULL;
		size_t sl = m->mm_body ? m->mm_body->dt_data.dt_text.dt_length : 0;
		char *t = NULL;
		rp_mime_note(&c->errors, "%s without parts (missing or broken boundary); raw body kept",
			     p->type);
		if (s && sl) {
			struct part tp = *p;
			tp.flowed = 0;
			if ((rc = part_text(c, &tp, s, sl, &t)))
				return rc;
			body_sep(c);
			body_add(c, t, strlen(t));
			free(t);
		}
		return 0;
	}
	if (strcmp(sub, "encrypted") == 0) {
		rp_mime_note(&c->errors, "encrypted part not decoded");
		return 0;
	}
	if (strcmp(sub, "alternative") == 0) {
		/* Prefer text/plain; else the last (richest) alternative. */
		for (it = clist_begin(l), i = 0; it; it = clist_next(it), i++) {
			struct mailmime *ch = clist_content(it);
			struct rp_hdrs ch_h = { 0 };
			struct part cp = { 0 };
			struct span sp;
			if ((rc = child_headers(ch, &ch_h, c->lim, &sp)) == 0 &&
			    (rc = part_info(c, &ch_h, ctype, &cp)) == 0 &&
			    strcmp(cp.type, "text/plain") == 0 && !cp.attachment && pick < 0)
				pick = i;
			part_release(&cp);
			rp_hdrs_release(&ch_h);
			if (rc)
				return rc;
		}
		if (pick < 0)
			pick = n - 1;
	} else if (strcmp(sub, "signed") == 0) {
		pick = 0; /* the signed content; the signature part carries no text */
	}
	for (it = clist_begin(l), i = 0; it && !rc; it = clist_next(it), i++) {
		struct mailmime *ch = clist_content(it);
		struct rp_hdrs ch_h = { 0 };
		struct span sp;
		if (pick >= 0 && i != pick)
			continue;
		if (!(rc = child_headers(ch, &ch_h, c->lim, &sp)))
			rc = walk(c, ch, &ch_h, sp, ctype, depth + 1);
		rp_hdrs_release(&ch_h);
	}
	return rc;
}

static int walk_forwarded(struct ctx *c, const char *data, size_t len, int depth)
{
	struct rp_hdrs ih = { 0 };
	size_t off = 0;
	int rc;

	/* A forwarded message is parsed again on its own; nested ones could make that
	 * 32 passes over a 50 MB message, so the total is bounded and the rest kept as text. */
	if (len > c->budget) {
		struct part tp = { 0 };
		char *t = NULL;
		rp_mime_note(&c->errors, "forwarded messages nested too deeply to decode; kept as raw text");
		if ((rc = part_text(c, &tp, data, len, &t)) == 0) {
			body_sep(c);
			body_add(c, t, strlen(t));
		}
		free(t);
		return rc;
	}
	c->budget -= len;
	rc = decode_message(c, data, len, depth + 1, 1, &ih, &off);
	rp_hdrs_release(&ih);
	return rc;
}

/* A leaf part: data is its body as libetpan delimits it (without the line end before the
 * next boundary), body the bytes after its header block. */
static int walk_leaf(struct ctx *c, struct span data, const struct part *p, struct span body,
		     int depth)
{
	const char *s = data.s;
	size_t sl = data.n, dl = 0;
	const char *d = NULL;
	char *owned = NULL, *t = NULL;
	int rc, named = p->name != NULL, att = p->attachment || (named && !p->inline_);

	if (!s)
		s = "";
	if (starts_ci(p->type, "message/rfc822") || starts_ci(p->type, "message/global")) {
		/* The bytes after the part's own header block (see walk). */
		s = body.s;
		sl = body.n;
	}
	if ((rc = decode_cte(c, p, s, sl, &d, &dl, &owned)))
		return rc;
	if (starts_ci(p->type, "message/rfc822") || starts_ci(p->type, "message/global")) {
		rc = walk_forwarded(c, d, dl, depth);
		goto cleanup;
	}
	if (p->type[0] == '\0' || is_texty(p->type) || (att && text_document_name(p->type, p->name))) {
		if ((rc = part_text(c, p, d, dl, &t)))
			goto cleanup;
		if (!att) {
			body_sep(c);
			body_add(c, t, strlen(t));
		}
		if (att || named)
			rc = add_attachment(c, p, d, dl, t);
	} else if (strcmp(p->type, "text/html") == 0 && !att) {
		char *u = NULL;
		struct part tp = *p;
		tp.flowed = 0;
		if ((rc = part_text(c, &tp, d, dl, &u)))
			goto cleanup;
		t = rp_html_to_text(u, strlen(u));
		free(u);
		if (!t) {
			rc = RP_ENOMEM;
			goto cleanup;
		}
		body_sep(c);
		body_add(c, t, strlen(t));
		if (named)
			rc = add_attachment(c, p, d, dl, NULL);
	} else if (strcmp(p->type, "application/pgp-signature") == 0 ||
		   strcmp(p->type, "application/pkcs7-signature") == 0 ||
		   strcmp(p->type, "application/x-pkcs7-signature") == 0) {
		rc = 0; /* detached signatures are not content */
	} else {
		rc = add_attachment(c, p, d, dl, NULL);
	}
cleanup:
	free(owned);
	free(t);
	return rc;
}

static int walk(struct ctx *c, struct mailmime *m, const struct rp_hdrs *h, struct span body,
		const char *ptype, int depth)
{
	struct part p;
	int rc;

	if (depth > c->lim->max_depth) {
		rp_mime_note(&c->errors, "MIME nesting deeper than %d levels; inner parts skipped",
			     c->lim->max_depth);
		return 0;
	}
	if (++c->parts > c->lim->max_parts) {
		if (c->parts == c->lim->max_parts + 1)
			rp_mime_note(&c->errors, "more than %d MIME parts; the rest skipped",
				     c->lim->max_parts);
		return 0;
	}
	note_bad_lines(c, h);
	if ((rc = part_info(c, h, ptype, &p)))
		return rc;
	if (m->mm_type == MAILMIME_MULTIPLE)
		rc = walk_multipart(c, m, &p, depth);
	else if (m->mm_type == MAILMIME_MESSAGE) {
		/* The bytes after this part's own header block: libetpan's mm_body of a
		 * top-level message/rfc822 node points back at the whole message. */
		const char *d = NULL;
		char *owned = NULL;
		size_t dl = 0;
		if (!(rc = decode_cte(c, &p, body.s, body.n, &d, &dl, &owned)))
			rc = walk_forwarded(c, d, dl, depth);
		free(owned);
	}
	else
	{
		struct span data = { m->mm_body ? m->mm_body->dt_data.dt_text.dt_data : NULL,
				     m->mm_body ? m->mm_body->dt_data.dt_text.dt_length : 0 };
		if (h->bad && body.s && body.s > data.s && body.s < data.s + data.n) {
			/* libetpan's body starts at a broken header line: ours after the
			 * empty line, ending where libetpan's does. */
			data.n -= (size_t)(body.s - data.s);
			data.s = body.s;
		}
		rc = walk_leaf(c, data, &p, body, depth);
	}
	part_release(&p);
	return rc;
}

/* Count Content-Type headers naming a container, case-insensitively, at line starts. */
static int count_containers(const char *s, size_t n)
{
	size_t i = 0;
	int count = 0;

	while (i < n) {
		const char *nl;
		if (n - i > 13 && (s[i] == 'c' || s[i] == 'C') && rp_ascii_ncasecmp(s + i, "content-type:", 13) == 0) {
			size_t k = i + 13;
			while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r' || s[k] == '\n'))
				k++;
			if ((n - k > 10 && rp_ascii_ncasecmp(s + k, "multipart/", 10) == 0) ||
			    (n - k > 8 && rp_ascii_ncasecmp(s + k, "message/", 8) == 0))
				count++;
		}
		nl = memchr(s + i, '\n', n - i);
		if (!nl)
			break;
		i = (size_t)(nl - s) + 1;
	}
	return count;
}

static void forward_header(struct ctx *c, const struct rp_hdrs *h)
{
	static const char *const names[] = { "From", "Date", "Subject", "To", "Cc", NULL };
	struct rp_buf b = RP_BUF_INIT;
	int i;

	body_sep(c);
	if (rp_buf_adds(&b, "---------- Forwarded message ----------\n"))
		c->oom = 1;
	for (i = 0; names[i]; i++) {
		const struct rp_hdr *f = rp_hdrs_get(h, names[i]);
		char *v;
		if (!f)
			continue;
		v = rp_mime_decode_header(f->value, f->value_len);
		if (!v || rp_buf_addf(&b, "%s: %s\n", names[i], v))
			c->oom = 1;
		free(v);
	}
	if (rp_buf_addch(&b, '\n'))
		c->oom = 1;
	body_add(c, b.buf, b.len);
	rp_buf_release(&b);
}

/* Decode one message (the top level or a forwarded one) into c. hout receives its header
 * fields (caller releases), body_off_out the offset of its body. */
static int decode_message(struct ctx *c, const char *raw, size_t len, int depth, int forwarded,
			  struct rp_hdrs *hout, size_t *body_off_out)
{
	struct mailmime *mime = NULL;
	struct part p = { 0 };
	struct rp_buf clean = RP_BUF_INIT;
	size_t off = 0, idx = 0;
	int rc = 0, containers;

	if ((rc = rp_hdrs_parse(hout, raw, len, c->lim->max_headers, &off)))
		return rc;
	*body_off_out = off;
	if (hout->dropped)
		rp_mime_note(&c->errors, "more than %d header fields; %zu ignored", c->lim->max_headers,
			     hout->dropped);
	note_bad_lines(c, hout);
	if (forwarded) {
		if (depth > c->lim->max_depth) {
			rp_mime_note(&c->errors, "forwarded messages nested deeper than %d levels; inner ones skipped",
				     c->lim->max_depth);
			return 0;
		}
		forward_header(c, hout);
	}
	if (hout->n == 0) {
		/* No header at all: the whole input is the body. */
		if (!forwarded)
			rp_mime_note(&c->errors, "no header fields");
		if ((rc = part_info(c, hout, "text/plain", &p)) == 0) {
			char *t = NULL;
			if ((rc = part_text(c, &p, raw, len, &t)) == 0) {
				body_sep(c);
				body_add(c, t, strlen(t));
			}
			free(t);
		}
		goto cleanup;
	}
	/* Most list mail is one text part: no need for libetpan's structure parse. */
	if ((rc = part_info(c, hout, "text/plain", &p)))
		goto cleanup;
	if (!starts_ci(p.type, "multipart/") && !starts_ci(p.type, "message/")) {
		struct span body = { raw + off, len - off };
		c->parts++;
		rc = walk_leaf(c, body, &p, body, depth);
		goto cleanup;
	}
	part_release(&p);
	if (hout->bad) {
		/* libetpan's header parser ends the header at a line that is no field: it
		 * reads a copy without those lines. */
		if ((rc = rp_hdrs_strip_bad(&clean, raw, len, off)))
			goto cleanup;
		off -= len - clean.len;
		raw = clean.buf;
		len = clean.len;
	}
	containers = count_containers(raw, len);
	if (containers > CONTAINER_GUARD) {
		char *t = NULL;
		rp_mime_note(&c->errors, "%d nested MIME containers; structure not parsed, raw body kept",
			     containers);
		if ((rc = part_info(c, hout, "text/plain", &p)) == 0) {
			p.flowed = 0;
			if ((rc = part_text(c, &p, raw + off, len - off, &t)) == 0) {
				body_sep(c);
				body_add(c, t, strlen(t));
			}
		}
		free(t);
		goto cleanup;
	}
	if (mailmime_parse(raw, len, &idx, &mime) != MAILIMF_NO_ERROR || !mime) {
		char *t = NULL;
		rp_mime_note(&c->errors, "MIME structure unreadable; raw body kept");
		if ((rc = part_info(c, hout, "text/plain", &p)) == 0 &&
		    (rc = part_text(c, &p, raw + off, len - off, &t)) == 0) {
			body_sep(c);
			body_add(c, t, strlen(t));
		}
		free(t);
		goto cleanup;
	}
	{
		struct span body = { raw + off, len - off };
		if (mime->mm_type == MAILMIME_MESSAGE && mime->mm_data.mm_message.mm_msg_mime)
			rc = walk(c, mime->mm_data.mm_message.mm_msg_mime, hout, body, "text/plain", depth);
		else
			rc = walk(c, mime, hout, body, "text/plain", depth);
	}
cleanup:
	part_release(&p);
	if (mime)
		mailmime_free(mime);
	rp_buf_release(&clean);
	return rc;
}

/* ---- header fields of the top-level message ------------------------------------- */

static int ws_char(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Mailman archives write "alice@example.org" as "alice at example.org". */
char *rp_unobfuscate_address(const char *s)
{
	struct rp_buf b = RP_BUF_INIT;
	size_t i, n;

	if (!s)
		return NULL;
	n = strlen(s);
	for (i = 0; i < n; i++) {
		/* "local at domain.tld": non-space on both sides, a dot in the domain word. */
		if (i > 0 && i + 4 < n && memcmp(s + i, " at ", 4) == 0 && !ws_char(s[i - 1]) &&
		    s[i - 1] != '(' && s[i - 1] != ',' && !ws_char(s[i + 4])) {
			size_t k = i + 4;
			int dot = 0;
			while (k < n && !ws_char(s[k]) && s[k] != '>' && s[k] != ')' && s[k] != ',') {
				if (s[k] == '.' && k + 1 < n && !ws_char(s[k + 1]))
					dot = 1;
				k++;
			}
			if (dot) {
				if (rp_buf_addch(&b, '@'))
					goto oom;
				i += 3;
				continue;
			}
		}
		if (rp_buf_addch(&b, s[i]))
			goto oom;
	}
	return rp_buf_detach(&b, NULL);
oom:
	rp_buf_release(&b);
	return NULL;
}



static char *sanitized(const char *s, size_t n)
{
	return rp_utf8_sanitize(s, n, NULL);
}

/* A character of a Message-ID's left or right side: RFC 5322 atext, '.', the brackets of
 * a domain literal, and 8-bit bytes (RFC 6532). */
static int id_char(unsigned char c)
{
	return c >= 128 || (c > ' ' && c < 127 && !strchr("()<>@,;:\\\"", c));
}

static size_t id_span(const char *s, size_t n)
{
	size_t k = 0;

	while (k < n && id_char((unsigned char)s[k]))
		k++;
	return k;
}

/* Mailman's monthly archives write the '@' of Message-IDs, In-Reply-To and References as
 * " at " ("<mm-2 at example.net>"), like that of addresses. A real id holds no white
 * space, so an id read as "left at right", each side made of id characters, is such an
 * id: the length of its left side, and in *right where its right side starts; else 0. */
static size_t obfuscated_id(const char *s, size_t n, size_t *right)
{
	size_t l = id_span(s, n), k = l;

	if (!l || k == n || (s[k] != ' ' && s[k] != '\t'))
		return 0;
	while (k < n && (s[k] == ' ' || s[k] == '\t'))
		k++;
	if (n - k < 3 || s[k] != 'a' || s[k + 1] != 't' || (s[k + 2] != ' ' && s[k + 2] != '\t'))
		return 0;
	k += 2;
	while (k < n && (s[k] == ' ' || s[k] == '\t'))
		k++;
	if (k == n || id_span(s + k, n - k) != n - k)
		return 0;
	*right = k;
	return l;
}

/* Append one id (n bytes at s) to b, space-separated, Mailman's " at " undone. */
static int add_id(struct rp_buf *b, const char *s, size_t n)
{
	size_t l, r = 0;

	if (b->len && rp_buf_addch(b, ' '))
		return RP_ENOMEM;
	if ((l = obfuscated_id(s, n, &r)) == 0)
		return rp_buf_add(b, s, n);
	if (rp_buf_add(b, s, l) || rp_buf_addch(b, '@') || rp_buf_add(b, s + r, n - r))
		return RP_ENOMEM;
	return 0;
}

/* Message-IDs of a header value without brackets: all of them (space-separated) or the
 * first. Values without brackets fall back to the words holding an '@'. */
static char *msgids(const char *v, int all)
{
	struct rp_buf b = RP_BUF_INIT;
	const char *p = v, *lt, *gt;
	char *res = NULL;

	while ((lt = strchr(p, '<')) != NULL && (gt = strchr(lt + 1, '>')) != NULL) {
		const char *s = lt + 1;
		size_t n = (size_t)(gt - s);
		while (n && (*s == ' ' || *s == '\t'))
			s++, n--;
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n && n < 1000 && !memchr(s, '<', n)) {
			if (add_id(&b, s, n))
				goto cleanup;
			if (!all)
				break;
		}
		p = gt + 1;
	}
	if (!b.len) {
		p = v;
		while (*p) {
			size_t n;
			while (*p == ' ' || *p == '\t' || *p == ',')
				p++;
			n = strcspn(p, " \t,");
			if (n && n < 1000 && memchr(p, '@', n)) {
				const char *s = p;
				size_t k = n;
				if (*s == '<')
					s++, k--;
				if (k && s[k - 1] == '>')
					k--;
				if ((b.len && rp_buf_addch(&b, ' ')) || rp_buf_add(&b, s, k))
					goto cleanup;
				if (!all)
					break;
			}
			p += n;
		}
	}
	if (b.len)
		res = sanitized(b.buf, b.len);
cleanup:
	rp_buf_release(&b);
	return res;
}

static const char *hval(const struct rp_hdrs *h, const char *name)
{
	const struct rp_hdr *f = rp_hdrs_get(h, name);
	return f ? f->value : NULL;
}

/* Collapse runs of white space to one space and trim (subjects, names). */
static void squeeze(char *s)
{
	char *r = s, *w = s;
	int sp = 0;

	if (!s)
		return;
	for (; *r; r++) {
		if (*r == ' ' || *r == '\t') {
			sp = 1;
			continue;
		}
		if (sp && w != s)
			*w++ = ' ';
		sp = 0;
		*w++ = *r;
	}
	*w = '\0';
}

/* Length of the first mailbox of an address list (a comma outside quotes, brackets and
 * comments ends it). */
static size_t first_mailbox_len(const char *v)
{
	size_t i;
	int q = 0, angle = 0, paren = 0, at = 0;

	for (i = 0; v[i]; i++) {
		if (v[i] == '\\' && v[i + 1]) {
			i++;
			continue;
		}
		if (v[i] == '"')
			q = !q;
		else if (!q && v[i] == '<')
			angle = 1;
		else if (!q && v[i] == '>')
			angle = 0;
		else if (!q && v[i] == '(')
			paren++;
		else if (!q && v[i] == ')' && paren)
			paren--;
		else if (!q && !paren && v[i] == '@')
			at = 1;
		else if (!q && !angle && !paren && v[i] == ',' &&
			 /* "Kumar, Rajesh <rk@example.in>": a directory's "Last, First" left
			  * unquoted by its mailer is a name, not two mailboxes, when no
			  * address came before the comma and one in angle brackets follows */
			 (at || !strchr(v + i, '<') || !strchr(v + i, '@')))
			break;
	}
	return i;
}

/* The name a list wrote for its poster when it put its own address in From, for
 * DMARC ("Ana Souza via wg", Google Groups' "'Ana Souza' via wg"): the part before the
 * last " via ", its quotes taken off; NULL when the name is not of that form. */
static char *munged_poster(const char *name)
{
	const char *via = NULL, *s, *e;

	for (s = name; s && (s = strstr(s, " via ")); s++)
		via = s;
	if (!via || via == name || !via[5])
		return NULL;
	for (s = name, e = via; e > s && (*s == '\'' || *s == '"'); s++, e--)
		if (e[-1] != *s)
			break;
	return rp_strndup(s, (size_t)(e - s));
}

/* Is addr the list's posting address (List-Post: <mailto:addr>)? */
static int list_posting_address(const struct rp_hdrs *h, const char *addr)
{
	const char *v = hval(h, "list-post"), *m;
	size_t n = strlen(addr);

	for (m = v; m && (m = rp_ascii_casestr(m, "mailto:")); m++)
		if (rp_ascii_ncasecmp(m + 7, addr, n) == 0 && strchr(">?, ", m[7 + n] ? m[7 + n] : ' '))
			return 1;
	return 0;
}

/* A list that rewrites From to its own address, for DMARC, keeps its poster in
 * X-Original-From (Google Groups), or in Reply-To or Cc (Mailman): the poster is that
 * mailbox (one of Reply-To or Cc named as the list names the poster), so members whose
 * mail the list rewrote stay apart; without one, the name without " via LIST". Only for
 * mail whose From is the list's posting address, or that has an X-Original-From, and
 * whose From name has that form. */
static int unmunge_from(struct rp_parsed *p, const struct rp_hdrs *h)
{
	static const char *const where[] = { "x-original-from", "reply-to", "cc" };
	char *poster;
	size_t k;

	if (!p->from_name || !p->from_addr ||
	    (!hval(h, "x-original-from") && !list_posting_address(h, p->from_addr)) ||
	    !(poster = munged_poster(p->from_name)))
		return 0;
	for (k = 0; k < 3; k++) {
		const char *v = hval(h, where[k]);
		while (v && *v) {
			size_t len = first_mailbox_len(v);
			char *name = NULL, *addr = NULL;
			if (rp_mime_parse_mailbox(v, len, &name, &addr)) {
				free(poster);
				return RP_ENOMEM;
			}
			squeeze(name);
			if (addr && strchr(addr, '@') && strcmp(addr, p->from_addr) != 0 &&
			    (k == 0 || (name && rp_ascii_casecmp(name, poster) == 0))) {
				free(p->from_addr);
				free(p->from_name);
				p->from_addr = addr;
				p->from_name = name ? name : poster;
				if (name)
					free(poster);
				return 0;
			}
			free(name);
			free(addr);
			v += len;
			if (*v == ',')
				v++;
		}
	}
	free(p->from_name);
	p->from_name = poster;
	return 0;
}

/* Does a comma-separated label list (Gmail Takeout's X-Gmail-Labels: "Inbox,Drafts")
 * hold label, spaces around it aside? */
static int has_label(const char *v, const char *label)
{
	size_t n = strlen(label), k;

	while (*v) {
		while (*v == ' ' || *v == '\t')
			v++;
		for (k = 0; v[k] && v[k] != ','; k++)
			;
		while (k > n && (v[k - 1] == ' ' || v[k - 1] == '\t'))
			k--;
		if (k == n && strncmp(v, label, n) == 0)
			return 1;
		v += k;
		while (*v && *v != ',')
			v++;
		if (*v == ',')
			v++;
	}
	return 0;
}

/* A character of an address's local part (RFC 5322 atext and '.', 8-bit for RFC 6532). */
static int local_char(unsigned char c)
{
	return isalnum(c) || c >= 0x80 || (c && strchr("!#$%&'*+-/=?^_`{|}~.", c));
}

/* Does s start a domain: letters, digits, '-' and '.', with a dot between two of them? */
static int domain_follows(const char *s)
{
	size_t k;
	int dot = 0;

	if (!isalnum((unsigned char)s[0]))
		return 0;
	for (k = 1; isalnum((unsigned char)s[k]) || s[k] == '-' || s[k] == '.'; k++)
		if (s[k] == '.' && isalnum((unsigned char)s[k + 1]))
			dot = 1;
	return dot;
}

/* HyperKitty (Mailman 3) archives write an address's '@' as "(a)": "bob(a)example.net".
 * A From header without an '@' has it back where "(a)" stands between a local part and a
 * domain ("Bob <bob(a)example.net>", "bob(a)example.net (Bob)"); read as it stands, the
 * "(a)" would be a comment and the address "bob". Only the sender's address is mended:
 * bodies keep the text as the archive wrote it. 0 with *out the mended copy, or NULL when
 * there is nothing to mend; RP_ENOMEM. */
static int undo_hyperkitty_at(const char *s, char **out)
{
	struct rp_buf b = RP_BUF_INIT;
	size_t i, n = strlen(s);
	int mended = 0;

	*out = NULL;
	if (strchr(s, '@') || !strstr(s, "(a)"))
		return 0;
	for (i = 0; i < n; i++) {
		if (i > 0 && i + 3 <= n && memcmp(s + i, "(a)", 3) == 0 &&
		    local_char((unsigned char)s[i - 1]) && domain_follows(s + i + 3)) {
			if (rp_buf_addch(&b, '@'))
				goto oom;
			mended = 1;
			i += 2;
		} else if (rp_buf_addch(&b, s[i])) {
			goto oom;
		}
	}
	if (mended)
		*out = rp_buf_detach(&b, NULL);
	rp_buf_release(&b);
	return mended && !*out ? RP_ENOMEM : 0;
oom:
	rp_buf_release(&b);
	return RP_ENOMEM;
}

/* The From header's sender in p: HyperKitty's "(a)" undone (undo_hyperkitty_at), before
 * reading the mailbox and, for a mailbox encoded whole, in the address read from it. */
static int read_from(struct rp_parsed *p, const char *v)
{
	char *mended = NULL;
	int rc;

	if ((rc = undo_hyperkitty_at(v, &mended)))
		return rc;
	if (mended)
		v = mended;
	rc = rp_mime_parse_mailbox(v, first_mailbox_len(v), &p->from_name, &p->from_addr);
	free(mended);
	if (rc || !p->from_addr)
		return rc;
	if ((rc = undo_hyperkitty_at(p->from_addr, &mended)) || !mended)
		return rc;
	free(p->from_addr);
	p->from_addr = mended;
	return 0;
}

/* Does Thunderbird's X-Mozilla-Status value (four hex digits, "0009") carry the flag
 * 0x0008, expunged: deleted, kept in the mbox file until the folder is compacted? A value
 * that is no hex number says nothing. */
static int mozilla_expunged(const char *v)
{
	unsigned long flags = 0;
	size_t digits = 0;

	while (*v == ' ' || *v == '\t')
		v++;
	for (; isxdigit((unsigned char)*v) && digits < 8; v++, digits++)
		flags = flags * 16 + (unsigned long)(isdigit((unsigned char)*v) ? *v - '0'
									  : (tolower((unsigned char)*v) - 'a' + 10));
	while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
		v++;
	return digits && !*v && (flags & 0x0008);
}

static int fill_headers(struct rp_parsed *p, const struct rp_hdrs *h, struct ctx *c)
{
	const char *v;

	if ((v = hval(h, "message-id")) && !(p->message_id = msgids(v, 0)) && v[0]) {
		char *t = rp_strdup(v);
		if (!t)
			return RP_ENOMEM;
		squeeze(t);
		/* a bare token is an id; "<>" or "<" is none (a synthetic id is made instead) */
		if (t[0] && !strpbrk(t, " <>") && strpbrk(t, "0123456789abcdefghijklmnopqrstuvwxyz"
							  "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
			p->message_id = sanitized(t, strlen(t));
		free(t);
	}
	if (hval(h, "x-mozilla-draft-info"))
		p->draft = "X-Mozilla-Draft-Info";
	else if ((v = hval(h, "x-uniform-type-identifier")) && strstr(v, "com.apple.mail-draft"))
		p->draft = "X-Uniform-Type-Identifier: com.apple.mail-draft";
	else if ((v = hval(h, "x-gmail-labels")) && has_label(v, "Drafts"))
		p->draft = "X-Gmail-Labels: Drafts";
	if ((v = hval(h, "x-mozilla-status")) && mozilla_expunged(v))
		p->deleted = "X-Mozilla-Status flag 0x0008, expunged";
	if ((v = hval(h, "in-reply-to")))
		p->in_reply_to = msgids(v, 0);
	if ((v = hval(h, "references")))
		p->references = msgids(v, 1);
	if ((v = hval(h, "list-id"))) {
		const char *lt = strchr(v, '<'), *gt = lt ? strchr(lt, '>') : NULL;
		if (lt && gt && gt > lt + 1) {
			p->list_id = sanitized(lt + 1, (size_t)(gt - lt - 1));
		} else {
			p->list_id = rp_mime_decode_header(v, strlen(v));
			squeeze(p->list_id);
		}
	}
	if ((v = hval(h, "subject"))) {
		p->subject = rp_mime_decode_header(v, strlen(v));
		if (!p->subject)
			return RP_ENOMEM;
		squeeze(p->subject);
	}
	if ((v = hval(h, "from"))) {
		if (read_from(p, v))
			return RP_ENOMEM;
		squeeze(p->from_name);
		if (unmunge_from(p, h))
			return RP_ENOMEM;
	}
	if ((v = hval(h, "to")))
		p->to = rp_mime_address_list(v, strlen(v));
	if ((v = hval(h, "cc")))
		p->cc = rp_mime_address_list(v, strlen(v));
	if ((v = hval(h, "date"))) {
		if (rp_mime_parse_date(v, &p->date, &p->date_zone) == 0)
			p->has_date = 1;
		else
			rp_mime_note(&c->errors, "unreadable Date \"%.60s\"", v);
	}
	return 0;
}

/* Make every string valid UTF-8 without NUL (in place: frees and replaces). */
static int fix_utf8(char **s)
{
	char *t;

	if (!*s)
		return 0;
	if (rp_utf8_valid(*s, strlen(*s)))
		return 0;
	t = rp_utf8_sanitize(*s, strlen(*s), NULL);
	if (!t)
		return RP_ENOMEM;
	free(*s);
	*s = t;
	return 0;
}

void rp_parsed_free(struct rp_parsed *p)
{
	size_t i;

	if (!p)
		return;
	free(p->message_id);
	free(p->from_name);
	free(p->from_addr);
	free(p->to);
	free(p->cc);
	free(p->subject);
	free(p->in_reply_to);
	free(p->references);
	free(p->list_id);
	free(p->body);
	for (i = 0; i < p->n_attachments; i++) {
		free(p->attachments[i].name);
		free(p->attachments[i].type);
		free(p->attachments[i].text);
		free(p->attachments[i].data);
	}
	free(p->attachments);
	free(p->errors);
	free(p);
}

int rp_mime_parse(struct rp_parsed **out, const char *raw, size_t len,
		  const struct rp_mime_limits *limits, struct rp_error *err)
{
	struct rp_mime_limits dl;
	struct ctx c;
	struct rp_hdrs h = { 0 };
	struct rp_parsed *p = NULL;
	size_t off = 0, i;
	int rc = 0;

	*out = NULL;
	/* NULL limits, or a zero field (a struct left zeroed), mean the defaults. */
	rp_mime_limits_default(&dl);
	if (limits) {
		if (limits->max_message_bytes)
			dl.max_message_bytes = limits->max_message_bytes;
		if (limits->max_depth > 0)
			dl.max_depth = limits->max_depth;
		if (limits->max_parts > 0)
			dl.max_parts = limits->max_parts;
		if (limits->max_headers > 0)
			dl.max_headers = limits->max_headers;
		if (limits->max_text_bytes)
			dl.max_text_bytes = limits->max_text_bytes;
		dl.keep_attachment_data = limits->keep_attachment_data;
	}
	limits = &dl;
	memset(&c, 0, sizeof(c));
	c.lim = limits;
	c.budget = 4 * len + (1u << 20);
	rp_buf_init(&c.body, 0);
	rp_buf_init(&c.errors, 0);
	p = calloc(1, sizeof(*p));
	if (!p)
		goto oom;
	if (!raw)
		len = 0;
	if (len >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0) {
		/* A byte order mark written by an editor in front of a saved message. */
		raw += 3;
		len -= 3;
	}
	if (len == 0)
		rp_mime_note(&c.errors, "empty message");
	if (len > limits->max_message_bytes) {
		rp_mime_note(&c.errors, "message of %zu bytes exceeds the %zu-byte limit; body not decoded",
			     len, limits->max_message_bytes);
		if ((rc = rp_hdrs_parse(&h, raw, len, limits->max_headers, &off)))
			goto fail;
	} else if (len && (rc = decode_message(&c, raw, len, 0, 0, &h, &off))) {
		goto fail;
	}
	if (c.oom)
		goto oom;
	if ((rc = fill_headers(p, &h, &c)))
		goto fail;
	rp_buf_trim(&c.body);
	if (c.body.len && rp_buf_addch(&c.body, '\n'))
		goto oom;
	p->body = rp_buf_detach(&c.body, NULL);
	if (!p->body)
		goto oom;
	p->attachments = c.att;
	p->n_attachments = c.n_att;
	c.att = NULL;
	c.n_att = 0;
	if (c.errors.len) {
		p->errors = rp_buf_detach(&c.errors, NULL);
		if (!p->errors)
			goto oom;
	}
	/* Every string leaves valid UTF-8 without NUL, whatever path produced it. */
	{
		char **f[] = { &p->message_id, &p->from_name, &p->from_addr, &p->to, &p->cc,
			       &p->subject, &p->in_reply_to, &p->references, &p->list_id,
			       &p->body, &p->errors };
		for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
			if (fix_utf8(f[i]))
				goto oom;
		for (i = 0; i < p->n_attachments; i++)
			if (fix_utf8(&p->attachments[i].name) || fix_utf8(&p->attachments[i].text) ||
			    fix_utf8(&p->attachments[i].type))
				goto oom;
	}
	rp_hdrs_release(&h);
	*out = p;
	return 0;
oom:
	rc = RP_ENOMEM;
fail:
	rp_hdrs_release(&h);
	rp_buf_release(&c.body);
	rp_buf_release(&c.errors);
	for (i = 0; i < c.n_att; i++) {
		free(c.att[i].name);
		free(c.att[i].type);
		free(c.att[i].text);
		free(c.att[i].data);
	}
	free(c.att);
	rp_parsed_free(p);
	return rp_error_set(err, rc, "mime", "%s", rp_strerror(rc));
}
