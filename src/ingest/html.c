/* html: HTML mail bodies to plain text, for messages that have no text/plain part.
 * Written by hand rather than through an HTML library: Debian's libxml2 HTML parser would
 * be a new dependency for a job that needs only tags, entities (the named ones mail uses,
 * numeric references) and quote levels, and a single linear pass keeps time and memory
 * bounded on hostile input. Script, style, title and comments are dropped; <blockquote>
 * becomes "> " quote levels so that quoted text is recognised like in plain-text mail.
 * The same pass reads an HTML draft (rp_html_draft_to_text), which differs where a page
 * is not a mail: its title line is taken from <h1> (else <title>), the page's navigation
 * and footer are left out, and a table row's cells are joined with " | " as the .docx and
 * .odt readers join them. A mail keeps all of that as it was written. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/mime.h"
#include "mime-private.h"

struct out {
	struct rp_buf b;
	int depth;        /* blockquote nesting */
	int line_depth;   /* quote depth of the last line written */
	int pending_nl;   /* newlines owed before the next text */
	int at_bol;       /* at the beginning of an output line */
	int space;        /* a collapsed space is owed before the next text */
	int pre;          /* inside <pre>: white space kept */
	int failed;
	/* a draft only (doc set) */
	int doc;
	int cells;        /* cells opened in the current table row */
	int cell_sep;     /* " | " owed before the next text of the row */
	int h1s;          /* <h1> elements met */
	int take_h1;      /* the one <h1> is the title: its text goes to title, not the body */
	int in_h1;        /* inside that <h1> */
	struct rp_buf title;      /* that <h1>'s text */
	struct rp_buf page_title; /* the <title>'s */
};

static void put(struct out *o, const char *s, size_t n)
{
	if (!o->failed && rp_buf_add(&o->b, s, n))
		o->failed = 1;
}

static void put_prefix_n(struct out *o, int n)
{
	int i;

	for (i = 0; i < n && i < 64; i++)
		put(o, "> ", 2);
}

static void put_prefix(struct out *o)
{
	put_prefix_n(o, o->depth);
	o->line_depth = o->depth;
}

static void want_newlines(struct out *o, int n)
{
	if (o->b.len == 0)
		return; /* no blank lines at the top */
	if (o->pending_nl < n)
		o->pending_nl = n;
	o->space = 0;
	o->cell_sep = 0;
}

/* A title's text into t, its white space collapsed to single spaces. */
static void title_text(struct out *o, struct rp_buf *t, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && !o->failed; i++) {
		int blank = s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f';

		if (blank && (!t->len || t->buf[t->len - 1] == ' '))
			continue;
		if (rp_buf_addch(t, blank ? ' ' : s[i]))
			o->failed = 1;
	}
}

/* Emit text (already entity-decoded UTF-8), collapsing white space outside <pre>. */
static void text(struct out *o, const char *s, size_t n)
{
	size_t i;

	if (o->in_h1) {
		title_text(o, &o->title, s, n);
		return;
	}
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!o->pre && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')) {
			if (!o->at_bol)
				o->space = 1;
			continue;
		}
		if (o->pre && c == '\r')
			continue;
		if (o->pending_nl) {
			int k;
			for (k = 0; k < o->pending_nl; k++) {
				put(o, "\n", 1);
				/* A blank line between two quote depths belongs to the outer. */
				int d = o->depth < o->line_depth ? o->depth : o->line_depth;
				if (k + 1 < o->pending_nl && d) {
					put_prefix_n(o, d);
					rp_buf_trim(&o->b);
				}
			}
			o->pending_nl = 0;
			o->at_bol = 1;
			o->space = 0;
		}
		if (o->pre && c == '\n') {
			put(o, "\n", 1);
			o->at_bol = 1;
			continue;
		}
		if (o->at_bol) {
			put_prefix(o);
			o->at_bol = 0;
		} else if (o->cell_sep) {
			put(o, " | ", 3);
		} else if (o->space) {
			put(o, " ", 1);
		}
		o->space = 0;
		o->cell_sep = 0;
		put(o, &c, 1);
	}
}

static const struct {
	const char *name;
	unsigned short cp;
} entities[] = {
	{ "amp", '&' },      { "lt", '<' },        { "gt", '>' },       { "quot", '"' },
	{ "apos", '\'' },    { "nbsp", 0xA0 },     { "copy", 0xA9 },    { "reg", 0xAE },
	{ "trade", 0x2122 }, { "hellip", 0x2026 }, { "mdash", 0x2014 }, { "ndash", 0x2013 },
	{ "lsquo", 0x2018 }, { "rsquo", 0x2019 },  { "sbquo", 0x201A }, { "ldquo", 0x201C },
	{ "rdquo", 0x201D }, { "bdquo", 0x201E },  { "laquo", 0xAB },   { "raquo", 0xBB },
	{ "euro", 0x20AC },  { "pound", 0xA3 },    { "yen", 0xA5 },     { "cent", 0xA2 },
	{ "sect", 0xA7 },    { "para", 0xB6 },     { "middot", 0xB7 },  { "bull", 0x2022 },
	{ "deg", 0xB0 },     { "plusmn", 0xB1 },   { "times", 0xD7 },   { "divide", 0xF7 },
	{ "shy", 0xAD },     { "iexcl", 0xA1 },    { "iquest", 0xBF },  { "frac12", 0xBD },
	{ "frac14", 0xBC },  { "frac34", 0xBE },   { "sup2", 0xB2 },    { "micro", 0xB5 },
	{ "auml", 0xE4 },    { "ouml", 0xF6 },     { "uuml", 0xFC },    { "Auml", 0xC4 },
	{ "Ouml", 0xD6 },    { "Uuml", 0xDC },     { "szlig", 0xDF },   { "eacute", 0xE9 },
	{ "egrave", 0xE8 },  { "ecirc", 0xEA },    { "aacute", 0xE1 },  { "agrave", 0xE0 },
	{ "acirc", 0xE2 },   { "ccedil", 0xE7 },   { "iacute", 0xED },  { "oacute", 0xF3 },
	{ "uacute", 0xFA },  { "ntilde", 0xF1 },   { "Eacute", 0xC9 },  { "aring", 0xE5 },
	{ "oslash", 0xF8 },  { "aelig", 0xE6 },    { "rarr", 0x2192 },  { "larr", 0x2190 },
	{ "ensp", 0x2002 },  { "emsp", 0x2003 },   { "thinsp", 0x2009 }, { "zwnj", 0x200C },
	{ "zwj", 0x200D },   { "dagger", 0x2020 }, { "prime", 0x2032 }, { "minus", 0x2212 },
};

/* Decode the entity at s ('&' first); returns bytes consumed, 0 if it is not one. */
static size_t entity(const char *s, size_t n, uint32_t *cp)
{
	size_t i = 1, j;

	if (n > 2 && s[1] == '#') {
		uint32_t v = 0;
		int hex = (s[2] == 'x' || s[2] == 'X'), digits = 0;

		for (i = hex ? 3 : 2; i < n && digits < 8; i++, digits++) {
			char c = s[i];
			int d;
			if (c >= '0' && c <= '9')
				d = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				d = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F')
				d = c - 'A' + 10;
			else
				break;
			v = v * (hex ? 16 : 10) + (uint32_t)d;
		}
		if (!digits)
			return 0;
		if (i < n && s[i] == ';')
			i++;
		if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			v = 0xFFFD;
		else if (v >= 0x80 && v <= 0x9F) /* HTML5: C1 references mean windows-1252 */
			v = 0xFFFD;
		*cp = v;
		return i;
	}
	for (j = 0; j < sizeof(entities) / sizeof(entities[0]); j++) {
		size_t l = strlen(entities[j].name);
		if (n >= l + 1 && strncmp(s + 1, entities[j].name, l) == 0) {
			i = 1 + l;
			if (i < n && s[i] == ';')
				i++;
			else if (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
				continue;
			*cp = entities[j].cp;
			return i;
		}
	}
	return 0;
}

static int tag_is(const char *name, size_t nl, const char *want)
{
	return strlen(want) == nl && rp_ascii_ncasecmp(name, want, nl) == 0;
}

static int is_any(const char *name, size_t nl, const char *const *list)
{
	for (; *list; list++)
		if (tag_is(name, nl, *list))
			return 1;
	return 0;
}

/* Skip to the end of the element whose raw content must be dropped (script, style...). */
static size_t skip_raw(const char *h, size_t n, size_t i, const char *name, size_t nl)
{
	for (; i + 2 + nl <= n; i++)
		if (h[i] == '<' && h[i + 1] == '/' && rp_ascii_ncasecmp(h + i + 2, name, nl) == 0)
			return i;
	return n;
}

static void handle_tag(struct out *o, const char *name, size_t nl, int closing)
{
	static const char *const para[] = { "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul",
					    "ol", "dl", "hr", NULL };
	static const char *const line[] = { "div", "tr", "dt", "dd", "address", "section",
					    "article", "header", "footer", "center", "caption",
					    "form", "fieldset", NULL };

	if (tag_is(name, nl, "br")) {
		if (o->pending_nl < 1)
			o->pending_nl = 1;
		else
			o->pending_nl++;
		if (o->b.len == 0)
			o->pending_nl = 0;
		o->space = 0;
	} else if (tag_is(name, nl, "blockquote")) {
		want_newlines(o, 1);
		if (closing) {
			if (o->depth > 0)
				o->depth--;
		} else if (o->depth < 64) {
			o->depth++;
		}
	} else if (tag_is(name, nl, "pre")) {
		want_newlines(o, 1);
		o->pre = !closing;
	} else if (tag_is(name, nl, "li")) {
		want_newlines(o, 1);
		if (!closing) {
			text(o, "-", 1);
			o->space = 1;
		}
	} else if (is_any(name, nl, para)) {
		want_newlines(o, 2);
	} else if (is_any(name, nl, line)) {
		want_newlines(o, 1);
	} else if (tag_is(name, nl, "td") || tag_is(name, nl, "th")) {
		if (!o->at_bol)
			o->space = 1;
		/* a draft's row reads "Country | Operators", as in the .docx and .odt readers;
		 * an empty cell at the start of a row adds nothing */
		if (o->doc && !closing && o->cells++)
			o->cell_sep = 1;
	}
	if (o->doc && (tag_is(name, nl, "tr") || tag_is(name, nl, "table")))
		o->cells = 0;
	if (o->doc && tag_is(name, nl, "h1")) {
		o->h1s += !closing;
		o->in_h1 = o->take_h1 && !closing;
		if (closing)
			o->take_h1 = 0; /* the first <h1> only */
	}
}

/* Skip a draft's element that is no part of its text (nav, footer), nested ones of the
 * same name included: the index of its closing tag, n when it is never closed. */
static size_t skip_element(const char *h, size_t n, size_t i, const char *name, size_t nl)
{
	int depth = 1;

	for (; i + 2 + nl <= n; i++) {
		size_t s;
		int closing;

		if (h[i] != '<')
			continue;
		closing = h[i + 1] == '/';
		s = i + 1 + (size_t)closing;
		if (s + nl > n || rp_ascii_ncasecmp(h + s, name, nl) != 0 ||
		    (s + nl < n && isalnum((unsigned char)h[s + nl])))
			continue;
		if (!closing)
			depth++;
		else if (--depth == 0)
			return i;
	}
	return n;
}

/* A draft's <title>: its text, entities decoded, kept for the title line (used when the
 * page has no single <h1>). */
static void page_title(struct out *o, const char *s, size_t n)
{
	char *t;

	if (o->page_title.len)
		return;
	if (!(t = rp_html_to_text(s, n))) {
		o->failed = 1;
		return;
	}
	title_text(o, &o->page_title, t, strlen(t));
	free(t);
}

/* One pass over the page into o (its buffers initialised by the caller). */
static void convert(struct out *o, const char *h, size_t n)
{
	size_t i = 0;

	while (i < n && !o->failed) {
		if (h[i] == '<') {
			size_t j = i + 1, ns, nl;
			int closing = 0;

			if (n - i >= 4 && memcmp(h + i, "<!--", 4) == 0) {
				const char *e = NULL;
				size_t k;
				for (k = i + 4; k + 3 <= n; k++)
					if (memcmp(h + k, "-->", 3) == 0) {
						e = h + k;
						break;
					}
				i = e ? (size_t)(e - h) + 3 : n;
				continue;
			}
			if (j < n && h[j] == '/') {
				closing = 1;
				j++;
			}
			ns = j;
			while (j < n && ((h[j] >= 'a' && h[j] <= 'z') || (h[j] >= 'A' && h[j] <= 'Z') ||
					 (h[j] >= '0' && h[j] <= '9')))
				j++;
			nl = j - ns;
			if (nl == 0 && !(j < n && (h[j] == '!' || h[j] == '?'))) {
				text(o, "<", 1); /* a lone '<' in text */
				i++;
				continue;
			}
			/* Attributes: skip to '>' outside quotes. */
			{
				char q = 0;
				for (; j < n; j++) {
					if (q) {
						if (h[j] == q)
							q = 0;
					} else if (h[j] == '"' || h[j] == '\'') {
						if (h[j - 1] == '=' || h[j - 1] == ' ')
							q = h[j];
					} else if (h[j] == '>') {
						break;
					}
				}
			}
			i = j < n ? j + 1 : n;
			if (nl && !closing &&
			    (tag_is(h + ns, nl, "script") || tag_is(h + ns, nl, "style") ||
			     tag_is(h + ns, nl, "title"))) {
				size_t e = skip_raw(h, n, i, h + ns, nl);

				if (o->doc && tag_is(h + ns, nl, "title"))
					page_title(o, h + i, e - i);
				i = e;
				continue;
			}
			/* a page's navigation and footer are no part of the draft's text */
			if (nl && !closing && o->doc &&
			    (tag_is(h + ns, nl, "nav") || tag_is(h + ns, nl, "footer"))) {
				i = skip_element(h, n, i, h + ns, nl);
				continue;
			}
			if (nl)
				handle_tag(o, h + ns, nl, closing);
		} else if (h[i] == '&') {
			uint32_t cp = 0;
			size_t k = entity(h + i, n - i, &cp);
			if (k) {
				struct rp_buf tmp = RP_BUF_INIT;
				if (cp == 0xA0 && !o->pre)
					cp = ' ';
				if (rp_buf_add_utf8(&tmp, cp) == 0)
					text(o, tmp.buf, tmp.len);
				rp_buf_release(&tmp);
				i += k;
			} else {
				text(o, "&", 1);
				i++;
			}
		} else {
			size_t j = i;
			while (j < n && h[j] != '<' && h[j] != '&')
				j++;
			text(o, h + i, j - i);
			i = j;
		}
	}
}

/* The text of o, ending in one newline, valid UTF-8; NULL when out of memory. */
static char *finish(struct out *o)
{
	char *res;

	if (o->failed) {
		rp_buf_release(&o->b);
		return NULL;
	}
	rp_buf_trim(&o->b);
	if (o->b.len && rp_buf_addch(&o->b, '\n')) {
		rp_buf_release(&o->b);
		return NULL;
	}
	if (rp_utf8_valid(o->b.buf, o->b.len) && !memchr(o->b.buf, '\0', o->b.len))
		return rp_buf_detach(&o->b, NULL);
	res = rp_utf8_sanitize(o->b.buf, o->b.len, NULL);
	rp_buf_release(&o->b);
	return res;
}

static void out_init(struct out *o, int doc)
{
	memset(o, 0, sizeof(*o));
	rp_buf_init(&o->b, 0);
	rp_buf_init(&o->title, 0);
	rp_buf_init(&o->page_title, 0);
	o->at_bol = 1;
	o->doc = doc;
}

char *rp_html_to_text(const char *h, size_t n)
{
	struct out o;

	out_init(&o, 0);
	convert(&o, h, h ? n : 0);
	return finish(&o);
}

/* Two passes: the first counts the <h1> elements of the text (navigation and footer left
 * out). A page with one holds its title there; with several they are its sections, and the
 * title is the <title>'s. The title line comes first, set apart as in a plain draft. */
char *rp_html_draft_to_text(const char *h, size_t n)
{
	struct out o;
	const struct rp_buf *t;
	struct rp_buf all = RP_BUF_INIT;
	int one_h1;
	char *body;

	if (!h)
		n = 0;
	out_init(&o, 1);
	convert(&o, h, n);
	one_h1 = o.h1s == 1;
	rp_buf_release(&o.b);
	rp_buf_release(&o.title);
	rp_buf_release(&o.page_title);
	if (o.failed)
		return NULL;
	out_init(&o, 1);
	o.take_h1 = one_h1;
	convert(&o, h, n);
	rp_buf_trim(&o.title);
	rp_buf_trim(&o.page_title);
	t = o.title.len ? &o.title : &o.page_title;
	body = finish(&o); /* releases o.b */
	if (body && t->len &&
	    (rp_buf_add(&all, t->buf, t->len) || rp_buf_adds(&all, *body ? "\n\n" : "\n") ||
	     rp_buf_adds(&all, body))) {
		rp_buf_release(&all);
		free(body);
		body = NULL;
	} else if (body && t->len) {
		free(body);
		body = rp_buf_detach(&all, NULL);
	}
	rp_buf_release(&o.title);
	rp_buf_release(&o.page_title);
	return body;
}
