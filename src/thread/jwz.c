/* jwz: message threading after Jamie Zawinski's algorithm
 * (https://www.jwz.org/doc/threading.html), with the RFC 5256 THREAD=REFERENCES variant
 * (RFC 5256 section 2.2 and section 4) as an option. RFC 5322 section 3.6.4 defines the
 * Message-ID, In-Reply-To and References fields it reads.
 *
 * Rules of the default mode (RP_THREAD_JWZ):
 * - a message's parent is the last entry of References, else the first id of In-Reply-To;
 *   an In-Reply-To id absent from References is appended to it (References truncated or
 *   mistyped); consecutive entries are linked parent -> child unless already linked;
 *   when References is misordered (its last entry an ancestor of the In-Reply-To
 *   message), In-Reply-To is the parent;
 * - all References chains are recorded first, then every message sets its own parent,
 *   which overrides what others' References presumed: the tree does not depend on the
 *   order messages are given or imported in (they are also processed in an order computed
 *   from their content: date, then ids, then headers);
 * - ids never seen as messages become ghost containers, kept in the output, so a parent
 *   arriving later fills its ghost and re-attaches its replies;
 * - a link that would make a loop is not made; a message referencing itself is ignored;
 * - messages sharing a Message-ID are one node (the same post reaching two lists);
 * - subject fallback only for a message with no reply header whose subject carries a
 *   reply prefix: it joins, within subject_window and in the same list, the latest
 *   earlier original (non-reply) with the same base subject, else the thread of the
 *   latest earlier reply with that base subject. Two originals never merge.
 * RFC 5256 mode follows the RFC step by step, in sequence order, for exact comparison
 * with IMAP servers (duplicates distinct, dummies pruned, roots gathered by subject).
 *
 * Complexity, with n messages and R References entries in total: parsing O(R); at most
 * RP_THREAD_MAX_REFS entries per message are used (the first and the last ones, as
 * RFC 5322 advises when shortening), so linking does O(n * RP_THREAD_MAX_REFS) hash
 * operations. Loop checks walk ancestors (only when the would-be child has children);
 * each message has a budget of RP_THREAD_WALK_BUDGET steps, past which a link is refused
 * (a hostile chain thus starts a new thread), so loops cost O(n * budget) at worst.
 * Sorting and the subject fallback are O(n log n) (the fallback keeps, per subject and
 * list, the latest original and the latest message, and finds thread roots with a
 * union-find). Memory is O(n + min(R, n * RP_THREAD_MAX_REFS)). The hash table is seeded
 * per run so crafted ids cannot force collisions; no result depends on the hash order.
 * The hash table and the tree are written by hand: no Debian library among the project's
 * dependencies offers a string map, and the threading itself lives in no library. */
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "rapporteur/thread.h"

#define DEFAULT_WINDOW (30 * 86400)

struct cont {
	const char *id; /* not NUL-terminated: idlen bytes; NULL for an anonymous container */
	uint32_t idlen;
	long msg;       /* index into the processing order, -1 for a ghost / dummy */
	long parent, child, next, prev;
	long nchild;
	int64_t sdate;  /* sort key: date, then seq */
	int64_t sseq;
	int dead;       /* pruned / merged away */
};

struct ref {
	const char *p;
	uint32_t len;
};

struct ctx {
	const struct rp_thread_input *in;
	size_t n;
	int rfc;
	int64_t window;
	long *order; /* processing order -> input index */
	struct cont *c;
	size_t nc, ac;
	long *tab; /* hash table of container indices, -1 empty */
	size_t tabmask;
	uint64_t seed;
	struct ref *refs;
	size_t arefs;
	long budget;
};

/* The per-run seed keeps crafted ids from colliding on purpose. */
static uint64_t hash_id(uint64_t seed, const char *p, size_t len)
{
	return rp_hash64(seed, p, len);
}

static long new_cont(struct ctx *x, const char *id, size_t len)
{
	struct cont *c;

	if (x->nc == x->ac) {
		size_t na = x->ac ? x->ac * 2 : 1024;
		struct cont *nc = realloc(x->c, na * sizeof(*nc));
		if (!nc)
			return -1;
		x->c = nc;
		x->ac = na;
	}
	c = &x->c[x->nc];
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->idlen = (uint32_t)len;
	c->msg = c->parent = c->child = c->next = c->prev = -1;
	return (long)x->nc++;
}

/* Find the container of id, creating a ghost when create is set. -1: none (or ENOMEM
 * when create is set; the caller tells them apart by create). */
static long lookup(struct ctx *x, const char *id, size_t len, int create, int *nomem)
{
	size_t i = (size_t)hash_id(x->seed, id, len) & x->tabmask;
	long k;

	while ((k = x->tab[i]) >= 0) {
		if (x->c[k].idlen == len && memcmp(x->c[k].id, id, len) == 0)
			return k;
		i = (i + 1) & x->tabmask;
	}
	if (!create)
		return -1;
	k = new_cont(x, id, len);
	if (k < 0) {
		*nomem = 1;
		return -1;
	}
	x->tab[i] = k;
	return k;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',';
}

/* Parse a list of ids: "<a> <b>", or bare "a b" as the store keeps them. Keeps the first
 * and the last RP_THREAD_MAX_REFS - 1 entries. Returns the count, -1 on ENOMEM. */
static long parse_ids(struct ctx *x, const char *s)
{
	size_t n = 0;
	const char *p = s, *e;

	if (!s)
		return 0;
	while (*p) {
		while (*p && (is_space(*p) || *p == '>'))
			p++;
		if (!*p)
			break;
		if (*p == '<') {
			p++;
			for (e = p; *e && *e != '>' && *e != '<'; e++)
				;
		} else {
			for (e = p; *e && !is_space(*e) && *e != '<' && *e != '>'; e++)
				;
		}
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > p && (size_t)(e - p) <= RP_THREAD_MAX_ID) {
			if (n == x->arefs) {
				size_t na = x->arefs ? x->arefs * 2 : 64;
				struct ref *nr = realloc(x->refs, na * sizeof(*nr));
				if (!nr)
					return -1;
				x->refs = nr;
				x->arefs = na;
			}
			x->refs[n].p = p;
			x->refs[n].len = (uint32_t)(e - p);
			n++;
		}
		p = e;
		if (*p == '>')
			p++;
	}
	/* Past the cap, keep the first entry (the thread's root) and the last ones. */
	if (n > RP_THREAD_MAX_REFS) {
		memmove(&x->refs[1], &x->refs[n - (RP_THREAD_MAX_REFS - 1)],
			(RP_THREAD_MAX_REFS - 1) * sizeof(*x->refs));
		n = RP_THREAD_MAX_REFS;
	}
	return (long)n;
}

int rp_thread_input_ids(const struct rp_thread_input *m,
			int (*fn)(void *arg, int named, const char *id, size_t len), void *arg)
{
	struct ctx x = { 0 };
	size_t midlen = m->message_id ? strlen(m->message_id) : 0;
	long n, i;
	int rc = 0;

	if (midlen && midlen <= RP_THREAD_MAX_ID && (rc = fn(arg, 0, m->message_id, midlen)))
		return rc;
	/* chain() reads the first In-Reply-To id and the References entries parse_ids keeps */
	if ((n = parse_ids(&x, m->in_reply_to)) < 0)
		return RP_ENOMEM;
	if (n > 0)
		rc = fn(arg, 1, x.refs[0].p, x.refs[0].len);
	if (!rc && (n = parse_ids(&x, m->references)) < 0)
		rc = RP_ENOMEM;
	for (i = 0; !rc && i < n; i++)
		rc = fn(arg, 1, x.refs[i].p, x.refs[i].len);
	free(x.refs);
	return rc;
}

static void unlink_cont(struct ctx *x, long k)
{
	struct cont *c = &x->c[k];

	if (c->parent < 0)
		return;
	if (c->prev >= 0)
		x->c[c->prev].next = c->next;
	else
		x->c[c->parent].child = c->next;
	if (c->next >= 0)
		x->c[c->next].prev = c->prev;
	x->c[c->parent].nchild--;
	c->parent = c->next = c->prev = -1;
}

static void link_cont(struct ctx *x, long parent, long k)
{
	struct cont *c = &x->c[k], *p = &x->c[parent];

	c->parent = parent;
	c->prev = -1;
	c->next = p->child;
	if (p->child >= 0)
		x->c[p->child].prev = k;
	p->child = k;
	p->nchild++;
}

/* Would making k a child of parent close a loop? Walks up from parent, spending the
 * message's budget; an exhausted budget counts as a loop (the link is refused). */
static int would_loop(struct ctx *x, long parent, long k)
{
	long a;

	if (parent == k)
		return 1;
	if (x->c[k].child < 0)
		return 0; /* k has no descendants, so parent cannot be one */
	for (a = parent; a >= 0; a = x->c[a].parent) {
		if (a == k || x->budget-- <= 0)
			return 1;
	}
	return 0;
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Processing order of the default mode: by content only (qsort_r: glibc, _GNU_SOURCE). */
static int cmp_canonical(const void *pa, const void *pb, void *arg)
{
	const struct rp_thread_input *in = arg;
	const struct rp_thread_input *a = &in[*(const long *)pa], *b = &in[*(const long *)pb];
	int d;

	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	if ((d = cmp_str(a->message_id, b->message_id)) || (d = cmp_str(a->references, b->references)) ||
	    (d = cmp_str(a->in_reply_to, b->in_reply_to)) || (d = cmp_str(a->subject, b->subject)))
		return d;
	if (a->list_id != b->list_id)
		return a->list_id < b->list_id ? -1 : 1;
	return *(const long *)pa < *(const long *)pb ? -1 : *(const long *)pa > *(const long *)pb;
}

static int same_id(const struct ref *r, const char *id, size_t len)
{
	return len && r->len == len && memcmp(r->p, id, len) == 0;
}

/* The message's reference chain into x->refs, oldest first: References, else the first
 * id of In-Reply-To. In the default mode, an In-Reply-To id missing from References is
 * appended: References was truncated or mistyped, and the chain must end at the message
 * actually answered. Returns the length, -1 on ENOMEM. */
static long chain(struct ctx *x, const struct rp_thread_input *m, const char *mid, size_t midlen,
		  struct ref *irt_out)
{
	struct ref irt = { NULL, 0 };
	long n, i;

	if ((n = parse_ids(x, m->in_reply_to)) < 0)
		return -1;
	if (n > 0 && !same_id(&x->refs[0], mid, midlen))
		irt = x->refs[0];
	if (irt_out)
		*irt_out = irt;
	if ((n = parse_ids(x, m->references)) < 0)
		return -1;
	if (!irt.p || (n > 0 && x->rfc))
		return n;
	for (i = 0; i < n; i++)
		if (same_id(&x->refs[i], irt.p, irt.len))
			return n;
	if ((size_t)n == x->arefs) {
		struct ref *nr = realloc(x->refs, (x->arefs + 16) * sizeof(*nr));
		if (!nr)
			return -1;
		x->refs = nr;
		x->arefs += 16;
	}
	x->refs[n] = irt;
	return n + 1;
}

/* Step 1, first half: the message's container (a ghost filled, or a new one) and the
 * parent -> child links between consecutive References entries. */
static int thread_refs(struct ctx *x, long pos, long *self_out)
{
	const struct rp_thread_input *m = &x->in[x->order[pos]];
	const char *mid = m->message_id ? m->message_id : "";
	size_t midlen = strlen(mid);
	long self = -1, nrefs, i, prev = -1, k;
	int nomem = 0;

	*self_out = -1;
	if (midlen > RP_THREAD_MAX_ID)
		midlen = 0; /* an id that long is as good as none */
	if (midlen)
		self = lookup(x, mid, midlen, 1, &nomem);
	if (nomem)
		return RP_ENOMEM;
	if (self >= 0 && x->c[self].msg >= 0) {
		if (!x->rfc)
			return 0; /* the same Message-ID again: one node, the first one's headers */
		self = -1; /* RFC 5256: a duplicate is threaded as a message without an id */
	}
	if (self < 0 && (self = new_cont(x, midlen ? mid : NULL, midlen)) < 0)
		return RP_ENOMEM;
	x->c[self].msg = pos;
	*self_out = self;
	if ((nrefs = chain(x, m, mid, midlen, NULL)) < 0)
		return RP_ENOMEM;
	x->budget = RP_THREAD_WALK_BUDGET;
	for (i = 0; i < nrefs; i++) {
		if (same_id(&x->refs[i], mid, midlen))
			continue; /* a message referencing itself */
		k = lookup(x, x->refs[i].p, x->refs[i].len, 1, &nomem);
		if (k < 0)
			return RP_ENOMEM;
		if (prev >= 0 && prev != k && x->c[k].parent < 0 && !would_loop(x, prev, k))
			link_cont(x, prev, k);
		prev = k;
	}
	return 0;
}

/* Step 1, second half: the message's own parent, the end of its chain, which wins over
 * whatever other messages' References presumed. */
static int thread_parent(struct ctx *x, long self)
{
	const struct rp_thread_input *m = &x->in[x->order[x->c[self].msg]];
	const char *mid = x->c[self].id ? m->message_id : "";
	size_t midlen = x->c[self].id ? x->c[self].idlen : 0;
	struct ref irt = { NULL, 0 };
	long n, k = -1;
	int nomem = 0;

	if ((n = chain(x, m, mid, midlen, &irt)) < 0)
		return RP_ENOMEM;
	while (n > 0 && same_id(&x->refs[n - 1], mid, midlen))
		n--;
	if (n > 0 && (k = lookup(x, x->refs[n - 1].p, x->refs[n - 1].len, 1, &nomem)) < 0)
		return RP_ENOMEM;
	x->budget = RP_THREAD_WALK_BUDGET;
	/* Misordered References (the thread's root last): when the last entry is an ancestor
	 * of the In-Reply-To message, In-Reply-To names the deeper, real parent. The message
	 * stays in the same thread either way. */
	if (!x->rfc && irt.p && k >= 0 && !same_id(&x->refs[n - 1], irt.p, irt.len)) {
		long r = lookup(x, irt.p, irt.len, 0, &nomem), a;
		for (a = r >= 0 ? x->c[r].parent : -1; a >= 0 && x->budget-- > 0; a = x->c[a].parent) {
			if (a == k) {
				k = r;
				break;
			}
		}
	}
	if (x->c[self].parent >= 0)
		unlink_cont(x, self);
	if (k >= 0 && !would_loop(x, k, self))
		link_cont(x, k, self);
	return 0;
}

/* --- subject fallback (default mode) --- */

struct subj {
	char *base;
	int64_t list_id, date;
	long pos;     /* processing position */
	long self;    /* container */
	int reply;    /* the subject carries a reply prefix */
	int fallback; /* a reply subject without any reply header */
};

static int cmp_subj(const void *pa, const void *pb)
{
	const struct subj *a = pa, *b = pb;
	int d;

	if ((d = strcmp(a->base, b->base)))
		return d;
	if (a->list_id != b->list_id)
		return a->list_id < b->list_id ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Union-find over thread roots: uf[k] leads to the root of k's tree. */
static long uf_find(long *uf, long k)
{
	long r = k, t;

	while (uf[r] != r)
		r = uf[r];
	while (uf[k] != r) {
		t = uf[k];
		uf[k] = r;
		k = t;
	}
	return r;
}

/* uf[k] = the root of k's tree, computed once for every container in O(containers). */
static long *roots_of(struct ctx *x)
{
	long *uf = malloc((x->nc ? x->nc : 1) * sizeof(*uf));
	long *path = malloc((x->nc ? x->nc : 1) * sizeof(*path));
	size_t k;
	long a, np, r;

	if (!uf || !path) {
		free(uf);
		free(path);
		return NULL;
	}
	for (k = 0; k < x->nc; k++)
		uf[k] = -1;
	for (k = 0; k < x->nc; k++) {
		np = 0;
		for (a = (long)k; a >= 0 && uf[a] < 0; a = x->c[a].parent)
			path[np++] = a;
		r = a >= 0 ? uf[a] : path[np - 1];
		while (np)
			uf[path[--np]] = r;
	}
	free(path);
	return uf;
}

static int subject_fallback(struct ctx *x, const long *self_of)
{
	struct subj *v = NULL;
	long *uf = NULL;
	size_t nv = 0, i;
	long orig = -1, prev = -1, target;
	int rc = RP_ENOMEM;

	v = calloc(x->n ? x->n : 1, sizeof(*v));
	if (!v)
		goto cleanup;
	for (i = 0; i < x->n; i++) {
		const struct rp_thread_input *m = &x->in[x->order[i]];
		unsigned fl = 0;
		long nr, ni;
		if (self_of[i] < 0)
			continue;
		v[nv].base = rp_thread_base_subject_flags(m->subject, &fl);
		if (!v[nv].base)
			goto cleanup;
		if (!v[nv].base[0]) {
			free(v[nv].base);
			continue;
		}
		nr = parse_ids(x, m->references);
		ni = parse_ids(x, m->in_reply_to);
		if (nr < 0 || ni < 0) {
			nv++;
			goto cleanup;
		}
		v[nv].pos = (long)i;
		v[nv].list_id = m->list_id;
		v[nv].date = m->date;
		v[nv].reply = (fl & RP_SUBJECT_REPLY) != 0;
		v[nv].self = self_of[i];
		v[nv].fallback = v[nv].reply && nr == 0 && ni == 0;
		nv++;
	}
	if (!(uf = roots_of(x)))
		goto cleanup;
	/* Runs of one (base subject, list), each in date order: remember the latest original
	 * and the latest message seen, so the whole pass is O(n log n). */
	qsort(v, nv, sizeof(*v), cmp_subj);
	for (i = 0; i < nv; i++) {
		if (i == 0 || strcmp(v[i].base, v[i - 1].base) || v[i].list_id != v[i - 1].list_id)
			orig = prev = -1;
		if (v[i].fallback) {
			target = -1;
			if (orig >= 0 && v[i].date - v[orig].date <= x->window)
				target = v[orig].self;
			else if (prev >= 0 && v[i].date - v[prev].date <= x->window)
				target = uf_find(uf, v[prev].self);
			if (target >= 0 && uf_find(uf, target) != v[i].self &&
			    x->c[v[i].self].parent < 0) {
				link_cont(x, target, v[i].self);
				uf[v[i].self] = uf_find(uf, target);
			}
		}
		if (!v[i].reply)
			orig = (long)i;
		prev = (long)i;
	}
	rc = 0;
cleanup:
	for (i = 0; v && i < nv; i++)
		free(v[i].base);
	free(v);
	free(uf);
	return rc;
}

/* --- pruning, sorting, RFC 5256 subject gathering --- */

/* Pre-order of the live forest into list (room for nc entries); returns its length. */
static size_t preorder(struct ctx *x, long *list, long *stack)
{
	size_t n = 0, sp = 0, k;
	long c;

	for (k = 0; k < x->nc; k++)
		if (!x->c[k].dead && x->c[k].parent < 0)
			stack[sp++] = (long)k;
	while (sp) {
		long a = stack[--sp];
		list[n++] = a;
		for (c = x->c[a].child; c >= 0; c = x->c[c].next)
			stack[sp++] = c;
	}
	return n;
}

/* Remove empty containers. Ghosts without children always go; in RFC 5256 mode every
 * dummy goes, its children promoted to its parent, or to the top level when it is a root
 * with a single child. list is a pre-order, walked backwards so children come first. */
static void prune(struct ctx *x, const long *list, size_t n)
{
	size_t i;

	for (i = n; i-- > 0;) {
		long k = list[i], p = x->c[k].parent, c;
		struct cont *ck = &x->c[k];
		if (ck->msg >= 0)
			continue;
		if (ck->nchild == 0) {
			unlink_cont(x, k);
			ck->dead = 1;
		} else if (x->rfc && (p >= 0 || ck->nchild == 1)) {
			while ((c = ck->child) >= 0) {
				unlink_cont(x, c);
				if (p >= 0)
					link_cont(x, p, c);
			}
			unlink_cont(x, k);
			ck->dead = 1;
		}
	}
}

static int cmp_cont(const void *pa, const void *pb, void *arg)
{
	const struct cont *c = arg, *a = &c[*(const long *)pa], *b = &c[*(const long *)pb];

	if (a->sdate != b->sdate)
		return a->sdate < b->sdate ? -1 : 1;
	return a->sseq < b->sseq ? -1 : a->sseq > b->sseq;
}

/* Sort every set of siblings by (date, sequence); a ghost or dummy takes the key of its
 * first child once that set is sorted (RFC 5256 step 6). */
static void sort_all(struct ctx *x, long *list, long *tmp)
{
	size_t n = preorder(x, list, tmp), i, m;
	long c;

	for (i = n; i-- > 0;) {
		long k = list[i];
		struct cont *ck = &x->c[k];
		if (ck->child < 0)
			continue;
		for (m = 0, c = ck->child; c >= 0; c = x->c[c].next)
			tmp[m++] = c;
		qsort_r(tmp, m, sizeof(*tmp), cmp_cont, x->c);
		ck->child = tmp[0];
		for (c = 0; c < (long)m; c++) {
			x->c[tmp[c]].prev = c ? tmp[c - 1] : -1;
			x->c[tmp[c]].next = c + 1 < (long)m ? tmp[c + 1] : -1;
		}
		if (ck->msg < 0) {
			ck->sdate = x->c[tmp[0]].sdate;
			ck->sseq = x->c[tmp[0]].sseq;
		}
	}
}

/* Roots in sorted order into out; returns the count. */
static size_t sorted_roots(struct ctx *x, long *out)
{
	size_t n = 0, k;

	for (k = 0; k < x->nc; k++)
		if (!x->c[k].dead && x->c[k].parent < 0)
			out[n++] = (long)k;
	qsort_r(out, n, sizeof(*out), cmp_cont, x->c);
	return n;
}

struct gather {
	char *base;
	unsigned flags;
};

/* RFC 5256 step 5: merge top-level threads whose base subjects are equal. */
static int gather_subjects(struct ctx *x, long *roots)
{
	size_t nr = sorted_roots(x, roots), i, tsize = 1;
	struct gather *g = NULL;
	long *tab = NULL, *owner = NULL;
	int rc = RP_ENOMEM;

	while (tsize < 2 * nr + 2)
		tsize *= 2;
	g = calloc(nr ? nr : 1, sizeof(*g));
	tab = malloc(tsize * sizeof(*tab));     /* base subject -> index into roots */
	owner = malloc((nr ? nr : 1) * sizeof(*owner)); /* table entry -> its container */
	if (!g || !tab || !owner)
		goto cleanup;
	for (i = 0; i < tsize; i++)
		tab[i] = -1;
	for (i = 0; i < nr; i++) {
		long k = roots[i], mk = x->c[k].msg >= 0 ? k : x->c[k].child;
		const char *subject = NULL;
		/* A dummy stands for its first child (pruning left no empty or nested dummy). */
		if (mk >= 0 && x->c[mk].msg >= 0)
			subject = x->in[x->order[x->c[mk].msg]].subject;
		g[i].base = rp_thread_base_subject_flags(subject, &g[i].flags);
		if (!g[i].base)
			goto cleanup;
	}
	/* (C) the subject table: one container per base subject. */
	for (i = 0; i < nr; i++) {
		size_t h;
		long k = roots[i];
		if (!g[i].base[0])
			continue;
		h = (size_t)hash_id(x->seed, g[i].base, strlen(g[i].base)) & (tsize - 1);
		while (tab[h] >= 0 && strcmp(g[tab[h]].base, g[i].base))
			h = (h + 1) & (tsize - 1);
		if (tab[h] < 0) {
			tab[h] = (long)i;
			owner[i] = k;
		} else {
			long e = owner[tab[h]];
			int e_dummy = x->c[e].msg < 0, k_dummy = x->c[k].msg < 0;
			if (!e_dummy && (k_dummy || ((g[tab[h]].flags && !g[i].flags)))) {
				owner[i] = k;
				tab[h] = (long)i;
			}
		}
	}
	/* (D) merge each root into its subject's container. */
	for (i = 0; i < nr; i++) {
		size_t h;
		long k = roots[i], t, c, d;
		int t_dummy, k_dummy;
		if (!g[i].base[0] || x->c[k].dead || x->c[k].parent >= 0)
			continue;
		h = (size_t)hash_id(x->seed, g[i].base, strlen(g[i].base)) & (tsize - 1);
		while (strcmp(g[tab[h]].base, g[i].base))
			h = (h + 1) & (tsize - 1);
		t = owner[tab[h]];
		if (t == k)
			continue;
		t_dummy = x->c[t].msg < 0;
		k_dummy = x->c[k].msg < 0;
		if (t_dummy && k_dummy) {
			while ((c = x->c[k].child) >= 0) {
				unlink_cont(x, c);
				link_cont(x, t, c);
			}
			x->c[k].dead = 1;
		} else if (t_dummy) {
			link_cont(x, t, k);
		} else if ((g[i].flags && !g[tab[h]].flags) && !k_dummy) {
			link_cont(x, t, k);
		} else {
			if ((d = new_cont(x, NULL, 0)) < 0)
				goto cleanup;
			link_cont(x, d, t);
			link_cont(x, d, k);
			/* The table entry now names the dummy; its flags are those of no message. */
			owner[tab[h]] = d;
			g[tab[h]].flags = 0;
		}
	}
	rc = 0;
cleanup:
	for (i = 0; g && i < nr; i++)
		free(g[i].base);
	free(g);
	free(tab);
	free(owner);
	return rc;
}

/* --- output --- */

static char *id_dup(const struct cont *c)
{
	return c->id ? rp_strndup(c->id, c->idlen) : rp_strdup("");
}

void rp_thread_nodes_free(struct rp_thread_node *nodes, size_t n)
{
	size_t i;

	for (i = 0; nodes && i < n; i++) {
		free(nodes[i].message_id);
		free(nodes[i].parent);
		free(nodes[i].thread);
	}
	free(nodes);
}

static int emit(struct ctx *x, struct rp_thread_node **out, size_t *n_out, long *stack,
		long *roots)
{
	struct rp_thread_node *nodes = NULL;
	long *index_of = NULL;
	size_t nr = sorted_roots(x, roots), n = 0, r, sp, first, i;
	long c;

	nodes = calloc(x->nc ? x->nc : 1, sizeof(*nodes));
	index_of = malloc((x->nc ? x->nc : 1) * sizeof(*index_of));
	if (!nodes || !index_of)
		goto nomem;
	for (r = 0; r < nr; r++) {
		const char *thread = NULL;
		size_t tlen = 0;
		first = n;
		sp = 0;
		stack[sp++] = roots[r];
		while (sp) {
			long k = stack[--sp], p = x->c[k].parent;
			struct rp_thread_node *nd = &nodes[n];
			index_of[k] = (long)n;
			nd->message_id = id_dup(&x->c[k]);
			nd->parent = p >= 0 ? id_dup(&x->c[p]) : NULL;
			nd->ghost = x->c[k].msg < 0;
			nd->input = x->c[k].msg >= 0 ? x->order[x->c[k].msg] : -1;
			nd->parent_index = p >= 0 ? index_of[p] : -1;
			nd->depth = p >= 0 ? nodes[index_of[p]].depth + 1 : 0;
			n++;
			if (!nd->message_id || (p >= 0 && !nd->parent))
				goto nomem;
			if (!thread && x->c[k].id) {
				thread = x->c[k].id;
				tlen = x->c[k].idlen;
			}
			/* Push children last-first so the first child is visited first. */
			for (c = x->c[k].child; c >= 0 && x->c[c].next >= 0; c = x->c[c].next)
				;
			for (; c >= 0; c = x->c[c].prev)
				stack[sp++] = c;
		}
		for (i = first; i < n; i++) {
			nodes[i].thread = thread ? rp_strndup(thread, tlen) : rp_strdup("");
			if (!nodes[i].thread)
				goto nomem;
		}
	}
	free(index_of);
	*out = nodes;
	*n_out = n;
	return 0;
nomem:
	free(index_of);
	rp_thread_nodes_free(nodes, x->nc);
	return RP_ENOMEM;
}

/* Double the hash table (many references per message filled it past half). An id owned
 * by an RFC 5256 duplicate container is not entered twice: the first owner stays. */
static int grow_table(struct ctx *x)
{
	size_t nt = (x->tabmask + 1) * 2, k, h;
	long *t = malloc(nt * sizeof(*t));

	if (!t)
		return RP_ENOMEM;
	for (k = 0; k < nt; k++)
		t[k] = -1;
	for (k = 0; k < x->nc; k++) {
		if (!x->c[k].id)
			continue;
		h = (size_t)hash_id(x->seed, x->c[k].id, x->c[k].idlen) & (nt - 1);
		while (t[h] >= 0 && !(x->c[t[h]].idlen == x->c[k].idlen &&
				      memcmp(x->c[t[h]].id, x->c[k].id, x->c[k].idlen) == 0))
			h = (h + 1) & (nt - 1);
		if (t[h] < 0)
			t[h] = (long)k;
	}
	free(x->tab);
	x->tab = t;
	x->tabmask = nt - 1;
	return 0;
}

int rp_thread_build(struct rp_thread_node **out, size_t *n_out, const struct rp_thread_input *in,
		    size_t n, const struct rp_thread_options *opt, struct rp_error *err)
{
	struct ctx x = { 0 };
	long *self_of = NULL, *list = NULL, *tmp = NULL, *roots = NULL;
	size_t i, tsize = 1024;
	int rc = RP_ENOMEM;

	*out = NULL;
	*n_out = 0;
	x.in = in;
	x.n = n;
	x.rfc = opt && opt->mode == RP_THREAD_RFC5256;
	x.window = opt && opt->subject_window > 0 ? opt->subject_window : DEFAULT_WINDOW;
	if (getrandom(&x.seed, sizeof(x.seed), GRND_NONBLOCK) != sizeof(x.seed))
		x.seed = (uint64_t)(uintptr_t)&x ^ (uint64_t)rp_now_seconds();
	x.order = malloc((n ? n : 1) * sizeof(*x.order));
	self_of = malloc((n ? n : 1) * sizeof(*self_of));
	if (!x.order || !self_of)
		goto cleanup;
	for (i = 0; i < n; i++)
		x.order[i] = (long)i;
	if (!x.rfc)
		qsort_r(x.order, n, sizeof(*x.order), cmp_canonical, (void *)in);
	/* Containers: one per message and one per distinct referenced id. The table starts
	 * with room for about three references per message and doubles when half full. */
	while (tsize < 2 * (n + 1) * 4)
		tsize *= 2;
	x.tabmask = tsize - 1;
	if (!(x.tab = malloc(tsize * sizeof(*x.tab))))
		goto cleanup;
	for (i = 0; i < tsize; i++)
		x.tab[i] = -1;
	/* RFC 5256 takes each message's References and parent in sequence. The default mode
	 * first records every References chain, then lets each message set its own parent,
	 * so a message's own headers always win whatever the order. */
	for (i = 0; i < n; i++) {
		if ((rc = thread_refs(&x, (long)i, &self_of[i])))
			goto cleanup;
		if (x.rfc && (rc = thread_parent(&x, self_of[i])))
			goto cleanup;
		if (x.nc * 2 > x.tabmask + 1 && (rc = grow_table(&x)))
			goto cleanup;
	}
	for (i = 0; !x.rfc && i < n; i++)
		if (self_of[i] >= 0 && (rc = thread_parent(&x, self_of[i])))
			goto cleanup;
	rc = RP_ENOMEM;
	if (!x.rfc && subject_fallback(&x, self_of))
		goto cleanup;
	/* Sort keys of messages: date, then processing position. */
	for (i = 0; i < x.nc; i++) {
		if (x.c[i].msg >= 0) {
			x.c[i].sdate = in[x.order[x.c[i].msg]].date;
			x.c[i].sseq = x.c[i].msg;
		}
	}
	/* +2: gathering subjects may add one dummy per root; sized for that. */
	list = malloc((2 * x.nc + 2) * sizeof(*list));
	tmp = malloc((2 * x.nc + 2) * sizeof(*tmp));
	roots = malloc((2 * x.nc + 2) * sizeof(*roots));
	if (!list || !tmp || !roots)
		goto cleanup;
	prune(&x, list, preorder(&x, list, tmp));
	sort_all(&x, list, tmp);
	if (x.rfc) {
		if (gather_subjects(&x, roots))
			goto cleanup;
		sort_all(&x, list, tmp);
	}
	rc = emit(&x, out, n_out, tmp, roots);
cleanup:
	if (rc)
		rp_error_set(err, rc, "threading", "out of memory");
	free(x.order);
	free(x.c);
	free(x.tab);
	free(x.refs);
	free(self_of);
	free(list);
	free(tmp);
	free(roots);
	return rc;
}
