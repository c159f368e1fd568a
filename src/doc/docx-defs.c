/* docx-defs: what a .docx paragraph's properties mean for headings and numbering -- its
 * styles (word/styles.xml, ECMA-376 Part 1, 17.7) and its list numbering (word/numbering.xml,
 * 17.9), and Word's counting of list numbers.
 *
 * A paragraph is a heading by its outline level (w:outlineLvl 0-8 in its own properties,
 * else in its style or the styles that style is based on, else a style named "heading N")
 * and the title by a style named Title. It is numbered by w:numPr (numId and ilvl, its own
 * or its style's): w:num names an abstract list (w:abstractNum, or the one a numbering
 * style links to through w:numStyleLink) and may override levels (w:lvlOverride with
 * w:startOverride or a whole w:lvl). Word keeps one set of counters per abstract list,
 * shared by every w:num that points at it, and restarts it when a w:num with a start
 * override is first used ("Restart at 1" writes such a w:num); a level restarts when a
 * level above it is used, or as w:lvlRestart says. The label is w:lvlText with each "%N"
 * replaced by level N's counter in level N's format (in decimal under w:isLgl). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc-private.h"

#define NLVL 9
#define ID_LEN 96
#define MAX_DEFS 20000 /* styles, lists or list instances: more are left unread */
#define MAX_CHAIN 16   /* w:basedOn and w:numStyleLink hops */

struct lvl {
	int defined;
	int start; /* w:start; 0 when absent (17.9.25) */
	enum rp_doc_numfmt fmt;
	int has_text;
	char text[64]; /* w:lvlText */
	int legal;     /* w:isLgl */
	int restart;   /* w:lvlRestart, -1 when absent */
	char pstyle[ID_LEN];
};

struct abstract {
	int id;
	struct lvl lvl[NLVL];
	char num_link[ID_LEN]; /* w:numStyleLink */
	int count[NLVL];
	unsigned unset; /* levels not counted since their last restart */
	int seq;        /* numbering sequence, new at each restart */
};

struct num {
	int id, abstract_id;
	int has_start[NLVL], start[NLVL];
	struct lvl *ovr; /* NLVL levels of w:lvlOverride/w:lvl, NULL without any */
	int used;
};

struct style {
	char id[ID_LEN], name[ID_LEN], based_on[ID_LEN];
	int paragraph, is_default;
	int outline, num_id, ilvl; /* its own pPr, -1 when absent */
	/* resolved through w:basedOn */
	int r_outline, r_num_id, r_ilvl, r_title, r_toc;
};

struct docx_defs {
	struct style *styles;
	size_t nstyles, astyles;
	struct abstract *abs;
	size_t nabs, aabs;
	struct num *nums;
	size_t nnums, anums;
	char default_style[ID_LEN];
	int next_seq;
};

/* Loading state: where in styles.xml or numbering.xml the parser is. */
struct loader {
	struct rp_doc_status st;
	struct docx_defs *d;
	int skip;
	struct style *style;  /* the w:style being read */
	int in_ppr, in_numpr;
	struct abstract *abs; /* the w:abstractNum being read */
	struct num *num;      /* the w:num being read */
	int override;         /* its w:lvlOverride's level, -1 */
	struct lvl *lvl;      /* the w:lvl being read */
};

/* Grow an array of items of size sz to hold one more; NULL at MAX_DEFS or out of memory
 * (*oom says which). */
static void *more(void **arr, size_t *n, size_t *alloc, size_t sz, int *oom)
{
	char *p;

	*oom = 0;
	if (*n >= MAX_DEFS)
		return NULL;
	if (*n == *alloc) {
		size_t na = *alloc ? 2 * *alloc : 16;
		void *np = realloc(*arr, na * sz);
		if (!np) {
			*oom = 1;
			return NULL;
		}
		*arr = np;
		*alloc = na;
	}
	p = (char *)*arr + (*n)++ * sz;
	memset(p, 0, sz);
	return p;
}

static enum rp_doc_numfmt numfmt(const char *v)
{
	static const struct {
		const char *name;
		enum rp_doc_numfmt fmt;
	} tab[] = {
		{ "decimal", RP_NUM_DECIMAL },	      { "decimalZero", RP_NUM_DECIMAL_ZERO },
		{ "lowerLetter", RP_NUM_LOWER_LETTER }, { "upperLetter", RP_NUM_UPPER_LETTER },
		{ "lowerRoman", RP_NUM_LOWER_ROMAN },   { "upperRoman", RP_NUM_UPPER_ROMAN },
		{ "bullet", RP_NUM_BULLET },	      { "none", RP_NUM_NONE },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(v, tab[i].name) == 0)
			return tab[i].fmt;
	return RP_NUM_DECIMAL; /* ordinals, number words, other scripts: still the number */
}

static void lvl_init(struct lvl *l)
{
	memset(l, 0, sizeof(*l));
	l->restart = -1;
}

/* ---- styles.xml --------------------------------------------------------------------- */

static void style_start(struct loader *ld, const char *name, int nattr, const char **attrs)
{
	struct style *s = ld->style;

	if (strcmp(name, "name") == 0)
		rp_doc_attr(attrs, nattr, "val", s->name, sizeof(s->name));
	else if (strcmp(name, "basedOn") == 0)
		rp_doc_attr(attrs, nattr, "val", s->based_on, sizeof(s->based_on));
	else if (strcmp(name, "pPr") == 0)
		ld->in_ppr = 1;
	else if (ld->in_ppr && strcmp(name, "outlineLvl") == 0)
		s->outline = rp_doc_attr_int(attrs, nattr, "val", -1);
	else if (ld->in_ppr && strcmp(name, "numPr") == 0)
		ld->in_numpr = 1;
	else if (ld->in_numpr && strcmp(name, "numId") == 0)
		s->num_id = rp_doc_attr_int(attrs, nattr, "val", -1);
	else if (ld->in_numpr && strcmp(name, "ilvl") == 0)
		s->ilvl = rp_doc_attr_int(attrs, nattr, "val", -1);
	else if (strcmp(name, "rPr") == 0 || strcmp(name, "tblPr") == 0 ||
		 strcmp(name, "trPr") == 0 || strcmp(name, "tcPr") == 0 ||
		 strcmp(name, "tblStylePr") == 0)
		ld->skip = 1;
}

static void new_style(struct loader *ld, int nattr, const char **attrs)
{
	struct docx_defs *d = ld->d;
	char type[32];
	int oom;

	ld->style = more((void **)&d->styles, &d->nstyles, &d->astyles, sizeof(*d->styles), &oom);
	if (oom)
		rp_doc_stop(&ld->st, RP_ENOMEM, "out of memory");
	if (!ld->style) {
		ld->skip = 1;
		return;
	}
	rp_doc_attr(attrs, nattr, "styleId", ld->style->id, sizeof(ld->style->id));
	ld->style->paragraph = rp_doc_attr(attrs, nattr, "type", type, sizeof(type)) &&
			       strcmp(type, "paragraph") == 0;
	ld->style->is_default = rp_doc_attr_bool(attrs, nattr, "default", 0);
	ld->style->outline = ld->style->num_id = ld->style->ilvl = -1;
	if (ld->style->paragraph && ld->style->is_default && !ld->d->default_style[0])
		memcpy(d->default_style, ld->style->id, sizeof(d->default_style));
}

/* ---- numbering.xml ------------------------------------------------------------------ */

static void lvl_start(struct loader *ld, const char *name, int nattr, const char **attrs)
{
	struct lvl *l = ld->lvl;
	char v[64];

	if (strcmp(name, "start") == 0)
		l->start = rp_doc_attr_int(attrs, nattr, "val", 0);
	else if (strcmp(name, "numFmt") == 0 && rp_doc_attr(attrs, nattr, "val", v, sizeof(v)))
		l->fmt = numfmt(v);
	else if (strcmp(name, "lvlText") == 0)
		l->has_text = rp_doc_attr(attrs, nattr, "val", l->text, sizeof(l->text)) != NULL;
	else if (strcmp(name, "isLgl") == 0)
		l->legal = rp_doc_attr_bool(attrs, nattr, "val", 1);
	else if (strcmp(name, "lvlRestart") == 0)
		l->restart = rp_doc_attr_int(attrs, nattr, "val", -1);
	else if (strcmp(name, "pStyle") == 0)
		rp_doc_attr(attrs, nattr, "val", l->pstyle, sizeof(l->pstyle));
	else if (strcmp(name, "pPr") == 0 || strcmp(name, "rPr") == 0)
		ld->skip = 1;
}

/* A w:lvl of an abstract list, or of a w:lvlOverride. */
static void begin_lvl(struct loader *ld, int nattr, const char **attrs)
{
	int i = rp_doc_attr_int(attrs, nattr, "ilvl", -1);

	if (ld->abs && i >= 0 && i < NLVL) {
		ld->lvl = &ld->abs->lvl[i];
	} else if (ld->num && ld->override >= 0) {
		if (!ld->num->ovr && !(ld->num->ovr = calloc(NLVL, sizeof(*ld->num->ovr)))) {
			rp_doc_stop(&ld->st, RP_ENOMEM, "out of memory");
			return;
		}
		ld->lvl = &ld->num->ovr[ld->override];
	} else {
		ld->skip = 1;
		return;
	}
	lvl_init(ld->lvl);
	ld->lvl->defined = 1;
}

static void new_abstract(struct loader *ld, int nattr, const char **attrs)
{
	struct docx_defs *d = ld->d;
	int oom, i;

	ld->abs = more((void **)&d->abs, &d->nabs, &d->aabs, sizeof(*d->abs), &oom);
	if (oom)
		rp_doc_stop(&ld->st, RP_ENOMEM, "out of memory");
	if (!ld->abs) {
		ld->skip = 1;
		return;
	}
	ld->abs->id = rp_doc_attr_int(attrs, nattr, "abstractNumId", -1);
	for (i = 0; i < NLVL; i++)
		lvl_init(&ld->abs->lvl[i]);
	ld->abs->unset = (1u << NLVL) - 1;
	ld->abs->seq = d->next_seq++;
}

static void new_num(struct loader *ld, int nattr, const char **attrs)
{
	struct docx_defs *d = ld->d;
	int oom;

	ld->num = more((void **)&d->nums, &d->nnums, &d->anums, sizeof(*d->nums), &oom);
	if (oom)
		rp_doc_stop(&ld->st, RP_ENOMEM, "out of memory");
	if (!ld->num) {
		ld->skip = 1;
		return;
	}
	ld->num->id = rp_doc_attr_int(attrs, nattr, "numId", -1);
	ld->num->abstract_id = -1;
	ld->override = -1;
}

static void num_start(struct loader *ld, const char *name, int nattr, const char **attrs)
{
	if (strcmp(name, "abstractNumId") == 0) {
		ld->num->abstract_id = rp_doc_attr_int(attrs, nattr, "val", -1);
	} else if (strcmp(name, "lvlOverride") == 0) {
		int i = rp_doc_attr_int(attrs, nattr, "ilvl", -1);
		ld->override = i >= 0 && i < NLVL ? i : -1;
	} else if (strcmp(name, "startOverride") == 0 && ld->override >= 0) {
		ld->num->has_start[ld->override] = 1;
		ld->num->start[ld->override] = rp_doc_attr_int(attrs, nattr, "val", 0);
	} else if (strcmp(name, "lvl") == 0) {
		begin_lvl(ld, nattr, attrs);
	}
}

/* ---- the SAX callbacks for both parts ------------------------------------------------ */

static void on_start(void *ctx, enum rp_doc_ns ns, const char *name, int nattr, const char **attrs)
{
	struct loader *ld = ctx;

	if (ld->skip) {
		ld->skip++;
		return;
	}
	if (ns == RP_NS_MC && strcmp(name, "Fallback") == 0) {
		ld->skip = 1;
		return;
	}
	if (ns != RP_NS_W)
		return;
	if (strstr(name, "Change") || strcmp(name, "del") == 0) {
		ld->skip = 1; /* tracked changes hold the properties as they were */
	} else if (ld->lvl) {
		lvl_start(ld, name, nattr, attrs);
	} else if (ld->style) {
		style_start(ld, name, nattr, attrs);
	} else if (ld->num) {
		num_start(ld, name, nattr, attrs);
	} else if (ld->abs) {
		if (strcmp(name, "lvl") == 0)
			begin_lvl(ld, nattr, attrs);
		else if (strcmp(name, "numStyleLink") == 0)
			rp_doc_attr(attrs, nattr, "val", ld->abs->num_link, sizeof(ld->abs->num_link));
	} else if (strcmp(name, "style") == 0) {
		new_style(ld, nattr, attrs);
	} else if (strcmp(name, "abstractNum") == 0) {
		new_abstract(ld, nattr, attrs);
	} else if (strcmp(name, "num") == 0) {
		new_num(ld, nattr, attrs);
	} else if (strcmp(name, "numPicBullet") == 0) {
		ld->skip = 1;
	}
}

static void on_end(void *ctx, enum rp_doc_ns ns, const char *name)
{
	struct loader *ld = ctx;

	if (ld->skip) {
		ld->skip--;
		return;
	}
	if (ns != RP_NS_W)
		return;
	if (strcmp(name, "lvl") == 0)
		ld->lvl = NULL;
	else if (strcmp(name, "lvlOverride") == 0)
		ld->override = -1;
	else if (strcmp(name, "pPr") == 0)
		ld->in_ppr = 0;
	else if (strcmp(name, "numPr") == 0)
		ld->in_numpr = 0;
	else if (strcmp(name, "style") == 0)
		ld->style = NULL;
	else if (strcmp(name, "abstractNum") == 0)
		ld->abs = NULL;
	else if (strcmp(name, "num") == 0)
		ld->num = NULL;
}

static void on_text(void *ctx, const char *s, size_t len)
{
	(void)ctx, (void)s, (void)len;
}

/* ---- look-ups --------------------------------------------------------------------------- */

static int cmp_style(const void *a, const void *b)
{
	return strcmp(((const struct style *)a)->id, ((const struct style *)b)->id);
}

static int cmp_abs(const void *a, const void *b)
{
	int x = ((const struct abstract *)a)->id, y = ((const struct abstract *)b)->id;
	return (x > y) - (x < y);
}

static int cmp_num(const void *a, const void *b)
{
	int x = ((const struct num *)a)->id, y = ((const struct num *)b)->id;
	return (x > y) - (x < y);
}

static struct style *find_style(const struct docx_defs *d, const char *id)
{
	struct style key;

	if (!id || !*id || !d->nstyles)
		return NULL;
	snprintf(key.id, sizeof(key.id), "%s", id);
	return bsearch(&key, d->styles, d->nstyles, sizeof(key), cmp_style);
}

static struct abstract *find_abs(const struct docx_defs *d, int id)
{
	struct abstract key;

	key.id = id;
	return d->nabs ? bsearch(&key, d->abs, d->nabs, sizeof(key), cmp_abs) : NULL;
}

static struct num *find_num(const struct docx_defs *d, int id)
{
	struct num key;

	key.id = id;
	return d->nnums ? bsearch(&key, d->nums, d->nnums, sizeof(key), cmp_num) : NULL;
}

/* "heading 3" -> 2: Word's built-in heading style names, whatever the id (localised). */
static int heading_name(const char *name)
{
	if (rp_ascii_ncasecmp(name, "heading ", 8) != 0 || name[8] < '1' || name[8] > '9' || name[9])
		return -1;
	return name[8] - '1';
}

/* Each style's heading level, numbering and kind, looked up through w:basedOn. */
static void resolve_style(struct docx_defs *d, struct style *s)
{
	const struct style *t = s;
	int hop;

	s->r_outline = s->r_num_id = s->r_ilvl = -1;
	s->r_toc = rp_ascii_ncasecmp(s->name, "toc ", 4) == 0 ||
		   rp_ascii_casecmp(s->name, "toc heading") == 0;
	for (hop = 0; t && hop < MAX_CHAIN; hop++) {
		if (s->r_outline < 0)
			s->r_outline = t->outline >= 0 ? t->outline : heading_name(t->name);
		if (s->r_num_id < 0)
			s->r_num_id = t->num_id;
		if (s->r_ilvl < 0)
			s->r_ilvl = t->ilvl;
		s->r_title |= rp_ascii_casecmp(t->name, "title") == 0 || strcmp(t->id, "Title") == 0;
		t = strcmp(t->based_on, t->id) ? find_style(d, t->based_on) : NULL;
	}
}

static int load_part(struct docx_defs *d, struct rp_doc_zip *z, const char *name,
		     struct rp_error *err)
{
	static const struct rp_doc_xml_cb cb = { on_start, on_end, on_text };
	struct loader ld;
	int rc;

	memset(&ld, 0, sizeof(ld));
	ld.d = d;
	ld.override = -1;
	rc = rp_doc_zip_parse(z, name, &cb, &ld, &ld.st, err);
	return rc == RP_ENOTFOUND ? 0 : rc;
}

int docx_defs_load(struct docx_defs **out, struct rp_doc_zip *z, const char *what,
		   struct rp_error *err)
{
	struct docx_defs *d = calloc(1, sizeof(*d));
	size_t i;
	int rc;

	*out = NULL;
	if (!d)
		return rp_error_set(err, RP_ENOMEM, what, "out of memory");
	if ((rc = load_part(d, z, "word/styles.xml", err)) ||
	    (rc = load_part(d, z, "word/numbering.xml", err))) {
		docx_defs_free(d);
		return rc;
	}
	if (d->nstyles)
		qsort(d->styles, d->nstyles, sizeof(*d->styles), cmp_style);
	if (d->nabs)
		qsort(d->abs, d->nabs, sizeof(*d->abs), cmp_abs);
	if (d->nnums)
		qsort(d->nums, d->nnums, sizeof(*d->nums), cmp_num);
	for (i = 0; i < d->nstyles; i++)
		resolve_style(d, &d->styles[i]);
	*out = d;
	return 0;
}

void docx_defs_free(struct docx_defs *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->nnums; i++)
		free(d->nums[i].ovr);
	free(d->styles);
	free(d->abs);
	free(d->nums);
	free(d);
}

/* ---- a paragraph's role and number -------------------------------------------------- */

static const struct style *para_style(const struct docx_defs *d, const struct docx_pprops *pp)
{
	const struct style *s = find_style(d, pp->style[0] ? pp->style : d->default_style);

	return s ? s : find_style(d, d->default_style);
}

void docx_role(struct docx_defs *d, const struct docx_pprops *pp, struct docx_role *out)
{
	const struct style *s = para_style(d, pp);

	out->title = s && s->r_title;
	out->toc = s && s->r_toc;
	out->outline = pp->outline >= 0 ? pp->outline : s ? s->r_outline : -1;
	if (out->outline > 8)
		out->outline = -1; /* 9 is body text */
}

/* The abstract list of a list instance, through a numbering style's link. */
static struct abstract *abstract_of(const struct docx_defs *d, const struct num *n)
{
	struct abstract *a = find_abs(d, n->abstract_id);
	int hop;

	for (hop = 0; a && a->num_link[0] && hop < MAX_CHAIN; hop++) {
		const struct style *s = find_style(d, a->num_link);
		const struct num *n2 = s && s->r_num_id > 0 ? find_num(d, s->r_num_id) : NULL;
		struct abstract *a2 = n2 ? find_abs(d, n2->abstract_id) : NULL;
		if (!a2 || a2 == a)
			break;
		a = a2;
	}
	return a;
}

static const struct lvl *level_def(const struct abstract *a, const struct num *n, int i)
{
	return n->ovr && n->ovr[i].defined ? &n->ovr[i] : &a->lvl[i];
}

static int level_start(const struct abstract *a, const struct num *n, int i)
{
	return n->has_start[i] ? n->start[i] : level_def(a, n, i)->start;
}

/* The level a style is linked to (w:lvl/w:pStyle), for paragraphs numbered through their
 * style without an ilvl. */
static int style_level(const struct docx_defs *d, const struct abstract *a, const char *style)
{
	const struct style *s = find_style(d, style);
	int hop, i;

	for (hop = 0; s && hop < MAX_CHAIN; hop++) {
		for (i = 0; i < NLVL; i++)
			if (a->lvl[i].pstyle[0] && strcmp(a->lvl[i].pstyle, s->id) == 0)
				return i;
		s = strcmp(s->based_on, s->id) ? find_style(d, s->based_on) : NULL;
	}
	return 0;
}

static void advance(struct docx_defs *d, struct abstract *a, struct num *n, int lv)
{
	int m;

	if (!n->used) {
		/* "Restart at 1": a list instance with start overrides begins a new sequence */
		int restart = 0;
		n->used = 1;
		for (m = 0; m < NLVL; m++)
			if (n->has_start[m]) {
				a->unset |= 1u << m;
				restart = 1;
			}
		if (restart)
			a->seq = d->next_seq++;
	}
	if (a->unset & (1u << lv))
		a->count[lv] = level_start(a, n, lv);
	else if (a->count[lv] < RP_DOC_NUM_MAX)
		a->count[lv]++;
	a->unset &= ~(1u << lv);
	for (m = lv + 1; m < NLVL; m++) {
		int r = level_def(a, n, m)->restart;
		if (r == 0)
			continue; /* never restarts */
		if (lv < (r > 0 && r <= m ? r : m))
			a->unset |= 1u << m;
	}
}

/* w:lvlText with "%N" replaced by level N's counter. */
static int label(const struct abstract *a, const struct num *n, int lv, struct rp_buf *b)
{
	const struct lvl *l = level_def(a, n, lv);
	const char *t;

	for (t = l->text; *t; t++) {
		int k, v;
		enum rp_doc_numfmt f;
		if (t[0] != '%' || t[1] < '1' || t[1] > '9') {
			if (rp_buf_addch(b, *t))
				return RP_ENOMEM;
			continue;
		}
		k = *++t - '1';
		v = a->unset & (1u << k) ? level_start(a, n, k) - 1 : a->count[k];
		f = l->legal ? RP_NUM_DECIMAL : level_def(a, n, k)->fmt;
		if (f == RP_NUM_BULLET)
			continue;
		if (rp_doc_number(b, v < 0 ? 0 : v, f, 1))
			return RP_ENOMEM;
	}
	while (b->len && (b->buf[b->len - 1] == ' ' || b->buf[b->len - 1] == '\t'))
		rp_buf_setlen(b, b->len - 1);
	return 0;
}

int docx_number(struct docx_defs *d, const struct docx_pprops *pp, struct rp_doc_para *p)
{
	const struct style *s = para_style(d, pp);
	int num_id = pp->num_id >= 0 ? pp->num_id : s ? s->r_num_id : -1;
	int lv = pp->ilvl >= 0 ? pp->ilvl : s ? s->r_ilvl : -1;
	struct rp_buf b = RP_BUF_INIT;
	struct abstract *a;
	struct num *n;

	p->label = NULL;
	p->bullet = 0;
	p->list = -1;
	p->level = 0;
	if (num_id <= 0 || !(n = find_num(d, num_id)) || !(a = abstract_of(d, n)))
		return 0; /* numId 0 takes a style's numbering away */
	if (lv < 0)
		lv = style_level(d, a, s ? s->id : NULL);
	if (lv >= NLVL)
		lv = NLVL - 1;
	advance(d, a, n, lv);
	p->list = a->seq;
	p->level = lv;
	if (level_def(a, n, lv)->fmt == RP_NUM_BULLET) {
		p->bullet = 1;
		return 0;
	}
	if (label(a, n, lv, &b)) {
		rp_buf_release(&b);
		return RP_ENOMEM;
	}
	if (b.len && !(p->label = rp_buf_detach(&b, NULL)))
		return RP_ENOMEM;
	rp_buf_release(&b);
	return 0;
}
