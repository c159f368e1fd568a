/* buf: the one growable string type (modelled on git's strbuf and curl's dynbuf).
 * The buffer is always NUL-terminated and never NULL, so it can be passed to C string
 * functions at any time; a cap bounds growth when the content comes from strangers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/util.h"

char rp_buf_empty[1];

void rp_buf_init(struct rp_buf *b, size_t cap)
{
	b->buf = rp_buf_empty;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
}

int rp_buf_grow(struct rp_buf *b, size_t extra)
{
	size_t want;
	char *p;

	if (extra > SIZE_MAX / 2 - b->len)
		return RP_ENOMEM;
	want = b->len + extra + 1;
	if (b->cap && b->len + extra > b->cap)
		return RP_ELIMIT;
	if (want <= b->alloc)
		return 0;
	if (want < 64)
		want = 64;
	if (want < b->alloc + b->alloc / 2)
		want = b->alloc + b->alloc / 2;
	p = realloc(b->alloc ? b->buf : NULL, want);
	if (!p)
		return RP_ENOMEM;
	if (!b->alloc)
		p[0] = '\0';
	b->buf = p;
	b->alloc = want;
	return 0;
}

int rp_buf_add(struct rp_buf *b, const void *data, size_t len)
{
	int rc = rp_buf_grow(b, len);
	if (rc)
		return rc;
	if (len)
		memmove(b->buf + b->len, data, len);
	b->len += len;
	b->buf[b->len] = '\0';
	return 0;
}

int rp_buf_adds(struct rp_buf *b, const char *s)
{
	return rp_buf_add(b, s, strlen(s));
}

int rp_buf_addch(struct rp_buf *b, char c)
{
	return rp_buf_add(b, &c, 1);
}

int rp_buf_vaddf(struct rp_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n, rc;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return RP_ERROR;
	rc = rp_buf_grow(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int rp_buf_addf(struct rp_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = rp_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void rp_buf_setlen(struct rp_buf *b, size_t len)
{
	if (len > b->len)
		return;
	b->len = len;
	if (b->alloc)
		b->buf[len] = '\0';
}

void rp_buf_clear(struct rp_buf *b)
{
	rp_buf_setlen(b, 0);
}

void rp_buf_release(struct rp_buf *b)
{
	if (b->alloc)
		free(b->buf);
	rp_buf_init(b, b->cap);
}

char *rp_buf_detach(struct rp_buf *b, size_t *len_out)
{
	char *s;

	if (len_out)
		*len_out = b->len;
	if (!b->alloc) {
		s = malloc(1);
		if (s)
			s[0] = '\0';
	} else {
		s = b->buf;
	}
	rp_buf_init(b, b->cap);
	return s;
}

void rp_buf_trim(struct rp_buf *b)
{
	while (b->len && (b->buf[b->len - 1] == ' ' || b->buf[b->len - 1] == '\t' ||
			  b->buf[b->len - 1] == '\n' || b->buf[b->len - 1] == '\r'))
		rp_buf_setlen(b, b->len - 1);
}

char *rp_strdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

char *rp_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *rp_xstrdup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}
