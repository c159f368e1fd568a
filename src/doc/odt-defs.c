/* odt-defs: the styles of an OpenDocument text that decide headings and numbering (ODF 1.2
 * Part 1, 16 and 19): paragraph styles (style:style of family paragraph, with their parent,
 * list style and default outline level), list styles (text:list-style, whose levels are
 * text:list-level-style-number, -bullet or -image) and the outline style (text:outline-style)
 * that numbers headings. Common styles come from styles.xml, automatic ones from
 * content.xml; an automatic style is looked up first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc-private.h"

#define NAME_LEN 96
#define MAX_STYLES 20000 /* of each kind: more are left unread */
#define MAX_CHAIN 16     /* style:parent-style-name hops */

struct pstyle {
	char name[NAME_LEN], display[NAME_LEN], parent[NAME_LEN], list[NAME_LEN];
	int has_list; /* style:list-style-name given (an empty one takes numbering away) */
	int outline;  /* style:default-outline-level, 0 when absent */
};

struct lstyle {
	char name[NAME_LEN];
	struct odt_level lvl[ODT_LEVELS];
};

/* One kind of style, common or automatic. */
struct set {
	struct pstyle *p;
	size_t np, ap;
	struct lstyle *l;
	size_t nl, al;
};

struct odt_defs {
	struct set common, automatic;
	struct lstyle outline;
	/* reading */
	int region;  /* inside office:styles (1) or content.xml's office:automatic-styles (2) */
	int skip;
	struct lstyle *cur_l;
};

int odt_defs_new(struct odt_defs **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : RP_ENOMEM;
}

static void set_release(struct set *s)
{
	free(s->p);
	free(s->l);
}

void odt_defs_free(struct odt_defs *d)
{
	if (!d)
		return;
	set_release(&d->common);
	set_release(&d->automatic);
	free(d);
}

static void *grow(void **arr, size_t *n, size_t *alloc, size_t sz, struct rp_doc_status *st)
{
	char *p;

	if (*n >= MAX_STYLES)
		return NULL;
	if (*n == *alloc) {
		size_t na = *alloc ? 2 * *alloc : 16;
		void *np = realloc(*arr, na * sz);
		if (!np) {
			rp_doc_stop(st, RP_ENOMEM, "out of memory");
			return NULL;
		}
		*arr = np;
		*alloc = na;
	}
	p = (char *)*arr + (*n)++ * sz;
	memset(p, 0, sz);
	return p;
}

static enum rp_doc_numfmt odt_fmt(const char *v)
{
	if (!*v)
		return RP_NUM_NONE;
	if (strcmp(v, "a") == 0)
		return RP_NUM_LOWER_LETTER;
	if (strcmp(v, "A") == 0)
		return RP_NUM_UPPER_LETTER;
	if (strcmp(v, "i") == 0)
		return RP_NUM_LOWER_ROMAN;
	if (strcmp(v, "I") == 0)
		return RP_NUM_UPPER_ROMAN;
	return RP_NUM_DECIMAL; /* "1", and scripts rapporteur does not write: the number */
}

/* A level of a list style or of the outline style. */
static void level(struct lstyle *l, const char *name, int nattr, const char **attrs)
{
	int lv = rp_doc_attr_int(attrs, nattr, "level", 1) - 1;
	struct odt_level *x;
	char v[32];

	if (lv < 0 || lv >= ODT_LEVELS)
		return;
	x = &l->lvl[lv];
	memset(x, 0, sizeof(*x));
	x->defined = 1;
	x->bullet = strcmp(name, "list-level-style-number") != 0 &&
		    strcmp(name, "outline-level-style") != 0;
	x->fmt = rp_doc_attr(attrs, nattr, "num-format", v, sizeof(v)) ? odt_fmt(v) : RP_NUM_NONE;
	x->sync = rp_doc_attr_bool(attrs, nattr, "num-letter-sync", 0);
	rp_doc_attr(attrs, nattr, "num-prefix", x->prefix, sizeof(x->prefix));
	rp_doc_attr(attrs, nattr, "num-suffix", x->suffix, sizeof(x->suffix));
	x->display = rp_doc_attr_int(attrs, nattr, "display-levels", 1);
	x->start = rp_doc_attr_int(attrs, nattr, "start-value", 1);
}

static void paragraph_style(struct set *s, struct rp_doc_status *st, int nattr, const char **attrs)
{
	char family[32];
	struct pstyle *p;

	if (!rp_doc_attr(attrs, nattr, "family", family, sizeof(family)) ||
	    strcmp(family, "paragraph") != 0)
		return;
	if (!(p = grow((void **)&s->p, &s->np, &s->ap, sizeof(*s->p), st)))
		return;
	rp_doc_attr(attrs, nattr, "name", p->name, sizeof(p->name));
	rp_doc_attr(attrs, nattr, "display-name", p->display, sizeof(p->display));
	rp_doc_attr(attrs, nattr, "parent-style-name", p->parent, sizeof(p->parent));
	p->has_list = rp_doc_attr(attrs, nattr, "list-style-name", p->list, sizeof(p->list)) != NULL;
	p->outline = rp_doc_attr_int(attrs, nattr, "default-outline-level", 0);
}

void odt_defs_start(struct odt_defs *d, struct rp_doc_status *st, int automatic, enum rp_doc_ns ns,
		    const char *name, int nattr, const char **attrs)
{
	struct set *s = d->region == 2 ? &d->automatic : &d->common;

	if (d->skip) {
		d->skip++;
		return;
	}
	if (!d->region) {
		if (ns == RP_NS_OFFICE && strcmp(name, "styles") == 0)
			d->region = 1;
		else if (ns == RP_NS_OFFICE && strcmp(name, "automatic-styles") == 0 && automatic)
			d->region = 2;
		return;
	}
	if (d->cur_l && ns == RP_NS_TEXT) {
		if (strcmp(name, "list-level-style-number") == 0 ||
		    strcmp(name, "list-level-style-bullet") == 0 ||
		    strcmp(name, "list-level-style-image") == 0 ||
		    strcmp(name, "outline-level-style") == 0)
			level(d->cur_l, name, nattr, attrs);
		d->skip = 1; /* what a level's label looks like (indents, fonts) */
		return;
	}
	if (ns == RP_NS_STYLE && strcmp(name, "style") == 0) {
		paragraph_style(s, st, nattr, attrs);
	} else if (ns == RP_NS_TEXT && strcmp(name, "list-style") == 0) {
		if ((d->cur_l = grow((void **)&s->l, &s->nl, &s->al, sizeof(*s->l), st)))
			rp_doc_attr(attrs, nattr, "name", d->cur_l->name, sizeof(d->cur_l->name));
		else
			d->skip = 1;
	} else if (ns == RP_NS_TEXT && strcmp(name, "outline-style") == 0 && d->region == 1) {
		memset(&d->outline, 0, sizeof(d->outline));
		d->cur_l = &d->outline;
	} else {
		d->skip = 1; /* properties, default styles, page layouts... */
	}
}

void odt_defs_end(struct odt_defs *d, enum rp_doc_ns ns, const char *name)
{
	if (d->skip) {
		d->skip--;
		return;
	}
	if (ns == RP_NS_TEXT &&
	    (strcmp(name, "list-style") == 0 || strcmp(name, "outline-style") == 0))
		d->cur_l = NULL;
	else if (ns == RP_NS_OFFICE &&
		 (strcmp(name, "styles") == 0 || strcmp(name, "automatic-styles") == 0))
		d->region = 0;
}

static int cmp_p(const void *a, const void *b)
{
	return strcmp(((const struct pstyle *)a)->name, ((const struct pstyle *)b)->name);
}

static int cmp_l(const void *a, const void *b)
{
	return strcmp(((const struct lstyle *)a)->name, ((const struct lstyle *)b)->name);
}

void odt_defs_done(struct odt_defs *d)
{
	struct set *sets[2] = { &d->common, &d->automatic };
	int i;

	for (i = 0; i < 2; i++) {
		if (sets[i]->np)
			qsort(sets[i]->p, sets[i]->np, sizeof(*sets[i]->p), cmp_p);
		if (sets[i]->nl)
			qsort(sets[i]->l, sets[i]->nl, sizeof(*sets[i]->l), cmp_l);
	}
	d->region = d->skip = 0;
}

static const struct pstyle *find_p(const struct set *s, const char *name)
{
	struct pstyle key;

	if (!s->np)
		return NULL;
	snprintf(key.name, sizeof(key.name), "%s", name);
	return bsearch(&key, s->p, s->np, sizeof(key), cmp_p);
}

static const struct lstyle *find_l(const struct set *s, const char *name)
{
	struct lstyle key;

	if (!s->nl)
		return NULL;
	snprintf(key.name, sizeof(key.name), "%s", name);
	return bsearch(&key, s->l, s->nl, sizeof(key), cmp_l);
}

/* An automatic style is found first; its parent is always a common style. */
static const struct pstyle *lookup_p(const struct odt_defs *d, const char *name, int common_only)
{
	const struct pstyle *p = common_only ? NULL : find_p(&d->automatic, name);

	return p ? p : find_p(&d->common, name);
}

void odt_pinfo(const struct odt_defs *d, const char *style, struct odt_pinfo *out)
{
	const struct pstyle *p = style && *style ? lookup_p(d, style, 0) : NULL;
	int hop, list_known = 0;

	memset(out, 0, sizeof(*out));
	for (hop = 0; p && hop < MAX_CHAIN; hop++) {
		out->title |= strcmp(p->name, "Title") == 0 || strcmp(p->display, "Title") == 0;
		if (!out->outline)
			out->outline = p->outline;
		if (!list_known && p->has_list) {
			snprintf(out->list_style, sizeof(out->list_style), "%s", p->list);
			list_known = 1;
		}
		p = p->parent[0] && strcmp(p->parent, p->name) ? lookup_p(d, p->parent, 1) : NULL;
	}
}

const struct odt_level *odt_level(const struct odt_defs *d, const char *name, int lv)
{
	const struct lstyle *l;

	if (lv < 0 || lv >= ODT_LEVELS)
		return NULL;
	if (!name)
		l = &d->outline;
	else if (!(l = find_l(&d->automatic, name)))
		l = find_l(&d->common, name);
	return l && l->lvl[lv].defined ? &l->lvl[lv] : NULL;
}
