/* consensus: where a draft's readers stand, section by section, in the spirit of RFC 7282
 * ("On Consensus and Humming in the IETF"): objections are addressed, not outvoted; silence
 * is not assent; one member is one voice whatever the number of their mails.
 *
 * Reads point, anchor, stance, message and member for one draft. For each section: every
 * member's position (their latest support/object/amend wins, the history is kept), agreement
 * with a person or a parent message copies that person's position, the amendments with their
 * proposed wording, the open objections (not withdrawn by a later change of position; marked
 * answered when another member replied), the questions, near-duplicate clusters, and a level. */
#include <stdlib.h>
#include <string.h>

#include "rapporteur/analyse.h"
#include "rapporteur/members.h"
#include "rapporteur/text.h"

#define GROW(arr, n, alloc)                                                                  \
	(((n) < (alloc)) ? 0                                                                 \
			 : grow_array((void **)&(arr), &(alloc), sizeof(*(arr)), (n) + 1))

static int grow_array(void **arr, size_t *alloc, size_t size, size_t need)
{
	size_t na = *alloc ? *alloc : 8;
	void *p;

	while (na < need)
		na *= 2;
	p = realloc(*arr, na * size);
	if (!p)
		return RP_ENOMEM;
	*arr = p;
	*alloc = na;
	return 0;
}

void rp_consensus_config_init(struct rp_consensus_config *c)
{
	c->agreed_min_support = 2;
	c->rough_min_support = 2;
	c->rough_min_share = 0.66;
	c->isolated_max = 1;
	c->cluster_jaccard = 0.5;
}

const char *rp_consensus_level_name(enum rp_consensus_level l)
{
	switch (l) {
	case RP_LEVEL_NO_COMMENTS: return "no comments";
	case RP_LEVEL_SINGLE: return "single view";
	case RP_LEVEL_CONTESTED: return "contested";
	case RP_LEVEL_ROUGH: return "rough consensus";
	case RP_LEVEL_AGREED: return "agreed";
	}
	return "no comments";
}

/* One (point, section) pair with what we need of its message and stance. */
struct prow {
	int64_t pid, section, date, responds_to;
	enum rp_stance_label label, secondary, eff;
	enum rp_target_kind tkind;
	char *target, *proposed, *text, *addr, *name, *msgid, *irt, *parent_addr;
	char *shown;     /* the name as outputs show it (rp_text_shown_name) */
};

static void prow_free(struct prow *r)
{
	free(r->target);
	free(r->proposed);
	free(r->text);
	free(r->addr);
	free(r->name);
	free(r->shown);
	free(r->msgid);
	free(r->irt);
	free(r->parent_addr);
}

static char *col(sqlite3_stmt *st, int i, int *oom)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	char *d;
	if (!t)
		return NULL;
	d = rp_strdup((const char *)t);
	if (!d)
		*oom = 1;
	return d;
}

/* A point's author is its message's sender, or the writer of the forwarded message it was
 * read from (RP_SQL_FWD_ADDR): one voice of their own. Canonical address through
 * member_alias, display name through member, each joined on
 * the lower-cased address (RP_SQL_ROSTER): a subquery per point scanned the roster, and the
 * name's subquery the aliases again for each member (3.4 s with 500 members). */
static const char load_sql[] =
	"WITH " RP_SQL_ROSTER ", pm AS ("
	" SELECT p.id AS pid, p.text AS text, p.responds_to AS resp, a.section AS section,"
	"  st.label AS label, st.target_kind AS tkind, st.target AS target, st.proposed AS proposed,"
	"  st.secondary AS secondary,"
	"  coalesce(ra.address, " RP_SQL_FWD_ADDR("p.source") ", lower(m.from_addr), '') AS addr,"
	"  coalesce(" RP_SQL_FWD_NAME("p.source") ", m.from_name) AS fname, m.date AS date, m.message_id AS msgid, m.in_reply_to AS irt, m.id AS mid,"
	"  p.ordinal AS ord,"
	"  (SELECT lower(m2.from_addr) FROM message m2 WHERE m2.message_id = m.in_reply_to"
	"   ORDER BY m2.id LIMIT 1) AS paddr"
	" FROM point p JOIN message m ON m.id = p.message"
	" JOIN stance st ON st.point = p.id"
	" LEFT JOIN anchor a ON a.point = p.id"
	" LEFT JOIN roster_alias ra"
	"  ON ra.alias = coalesce(" RP_SQL_FWD_ADDR("p.source") ", lower(m.from_addr))"
	" WHERE p.draft = ?1)"
	"SELECT DISTINCT pid, coalesce(section, 0), label, tkind, target, proposed, text, addr,"
	" coalesce(r.name, fname),"
	" coalesce(date, 0), msgid, irt, paddr, coalesce(resp, 0), mid, ord, secondary, r.name, fname"
	" FROM pm LEFT JOIN roster r ON r.address = pm.addr"
	" ORDER BY coalesce(date, 0), mid, ord, pid, 2";

static int load_rows(struct rp_store *s, int64_t draft, struct prow **out, size_t *n,
		     struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t alloc = 0;
	int rc, oom = 0;

	rc = rp_store_prepare(s, &st, load_sql, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, draft);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct prow *r;
		int l;
		if (GROW(*out, *n, alloc)) {
			oom = 1;
			break;
		}
		r = &(*out)[(*n)++];
		memset(r, 0, sizeof(*r));
		r->pid = sqlite3_column_int64(st, 0);
		r->section = sqlite3_column_int64(st, 1);
		l = rp_stance_parse((const char *)sqlite3_column_text(st, 2));
		r->label = l > 0 ? (enum rp_stance_label)l : RP_STANCE_NOTE;
		l = rp_target_kind_parse((const char *)sqlite3_column_text(st, 3));
		r->tkind = l >= 0 ? (enum rp_target_kind)l : RP_TARGET_SECTION;
		r->target = col(st, 4, &oom);
		r->proposed = col(st, 5, &oom);
		r->text = col(st, 6, &oom);
		r->addr = col(st, 7, &oom);
		r->name = col(st, 8, &oom);
		r->date = sqlite3_column_int64(st, 9);
		r->msgid = col(st, 10, &oom);
		r->irt = col(st, 11, &oom);
		r->parent_addr = col(st, 12, &oom);
		r->responds_to = sqlite3_column_int64(st, 13);
		l = rp_stance_parse((const char *)sqlite3_column_text(st, 16));
		r->secondary = l > 0 ? (enum rp_stance_label)l : RP_STANCE_NONE;
		if (rp_text_shown_name((const char *)sqlite3_column_text(st, 17),
				       (const char *)sqlite3_column_text(st, 18), &r->shown))
			oom = 1;
		if (!r->addr && !oom)
			r->addr = rp_strdup("");
		if (!r->addr)
			oom = 1;
		if (oom)
			break;
	}
	sqlite3_finalize(st);
	if (oom)
		return rp_error_set(err, RP_ENOMEM, "consensus", "out of memory");
	if (rc != SQLITE_DONE)
		return rp_store_error(s, err, "reading points");
	return 0;
}

static int ref_set(struct rp_member_ref *m, const struct prow *r)
{
	m->address = rp_strdup(r->addr);
	m->name = r->name ? rp_strdup(r->name) : NULL;
	m->shown = r->shown ? rp_strdup(r->shown) : NULL;
	return m->address && (!r->name || m->name) && (!r->shown || m->shown) ? 0 : RP_ENOMEM;
}

static void ref_free(struct rp_member_ref *m)
{
	free(m->address);
	free(m->name);
	free(m->shown);
}

static int is_position(enum rp_stance_label l)
{
	return l == RP_STANCE_SUPPORT || l == RP_STANCE_OBJECT || l == RP_STANCE_AMEND;
}

/* Positions of a section by address: open addressing over FNV-1a, so that a section with
 * thousands of members costs no quadratic scan. Slots hold index + 1; 0 is empty. */
struct pos_index {
	size_t *slot;
	size_t cap; /* a power of two, kept at most half full */
};

static size_t addr_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

static struct rp_position *position_of(struct rp_section_consensus *sc, const struct pos_index *ix,
				       const char *addr)
{
	size_t h;

	if (!ix->cap)
		return NULL;
	for (h = addr_hash(addr) & (ix->cap - 1); ix->slot[h]; h = (h + 1) & (ix->cap - 1))
		if (strcmp(sc->positions[ix->slot[h] - 1].member.address, addr) == 0)
			return &sc->positions[ix->slot[h] - 1];
	return NULL;
}

static int index_add(struct rp_section_consensus *sc, struct pos_index *ix, size_t pos)
{
	size_t h, i;

	if ((pos + 1) * 2 > ix->cap) {
		size_t ncap = ix->cap ? ix->cap * 2 : 64;
		size_t *ns = calloc(ncap, sizeof(*ns));
		if (!ns)
			return RP_ENOMEM;
		free(ix->slot);
		ix->slot = ns;
		ix->cap = ncap;
		for (i = 0; i < pos; i++) {
			for (h = addr_hash(sc->positions[i].member.address) & (ncap - 1); ns[h]; h = (h + 1) & (ncap - 1))
				;
			ns[h] = i + 1;
		}
	}
	for (h = addr_hash(sc->positions[pos].member.address) & (ix->cap - 1); ix->slot[h];
	     h = (h + 1) & (ix->cap - 1))
		;
	ix->slot[h] = pos + 1;
	return 0;
}

/* The current position: the latest support/object/amend, else the latest stance at all. */
static enum rp_stance_label current(const struct rp_position *p)
{
	size_t i;
	for (i = p->n_history; i > 0; i--)
		if (is_position(p->history[i - 1].label))
			return p->history[i - 1].label;
	return p->n_history ? p->history[p->n_history - 1].label : RP_STANCE_NOTE;
}

/* How far back "+1 to Mark" looks for Mark: bounded so that a flood of replies stays linear. */
#define TARGET_WINDOW_ROWS 2000
#define TARGET_WINDOW_PEOPLE 64

/* Whom does agreement point sel[at] agree with? Their address, or NULL. The participants
 * are the authors of the section's earlier points, most recent first; the parent message's
 * author answers "the previous speaker". */
static const char *agreed_with(struct prow **sel, size_t at)
{
	const struct prow *r = sel[at];
	struct rp_participant pp[TARGET_WINDOW_PEOPLE];
	size_t n = 0, i, j, seen = 0;
	long prev = -1;
	int k;

	if (r->tkind == RP_TARGET_MESSAGE)
		return r->parent_addr;
	if (r->tkind != RP_TARGET_MEMBER || !r->target)
		return NULL;
	for (i = at; i > 0 && seen < TARGET_WINDOW_ROWS && n < TARGET_WINDOW_PEOPLE; i--, seen++) {
		const struct prow *q = sel[i - 1];
		int dup = 0;
		for (j = 0; j < n && !dup; j++)
			dup = strcmp(pp[j].address, q->addr) == 0;
		if (dup || strcmp(q->addr, r->addr) == 0)
			continue;
		pp[n].name = q->name;
		pp[n].address = q->addr;
		pp[n].aliases = NULL;
		pp[n].n_aliases = 0;
		if (r->parent_addr && strcmp(q->addr, r->parent_addr) == 0)
			prev = (long)n;
		n++;
	}
	k = rp_stance_resolve_target(r->target, pp, n, prev);
	return k >= 0 ? pp[k].address : NULL;
}

/* The label a point counts for: its own, or for agreement with someone, theirs (the quoted
 * point's when it answers one of theirs, else their current position); agreeing with
 * someone who holds no position on the section is a note. */
/* *opposed receives the address of the member whose amendment the point opposes
 * ("I disagree with Mark here. Keep 2.1.2 as is."), else NULL. */
static enum rp_stance_label effective(struct rp_section_consensus *sc, const struct pos_index *ix,
				      struct prow **sel, size_t at, const char **opposed)
{
	const struct prow *r = sel[at];
	const char *who;
	struct rp_position *p;
	enum rp_stance_label theirs;

	*opposed = NULL;
	/* A counter-proposal: "I disagree with Jan's change; I'd keep the text but add ..."
	 * amends, against the amendment of the member it disagrees with. */
	if (r->label == RP_STANCE_AMEND && r->secondary == RP_STANCE_OBJECT &&
	    r->tkind == RP_TARGET_MEMBER && (who = agreed_with(sel, at)) && strcmp(who, r->addr) != 0 &&
	    (p = position_of(sc, ix, who)) && current(p) == RP_STANCE_AMEND)
		*opposed = who;
	if (r->label != RP_STANCE_SUPPORT && r->label != RP_STANCE_OBJECT)
		return r->label;
	who = agreed_with(sel, at);
	if (!who || strcmp(who, r->addr) == 0 || !(p = position_of(sc, ix, who)))
		return r->label == RP_STANCE_SUPPORT && r->tkind == RP_TARGET_MEMBER &&
			       is_position(r->secondary)
			       ? r->secondary
			       : r->label;
	theirs = current(p);
	/* Written under a quote of one of their points: that point's stance, not their latest
	 * ("exactly what worries me" under an argument answers the argument, not the
	 * amendment its author made afterwards). */
	if (r->responds_to) {
		size_t i, seen = 0;
		for (i = at; i > 0 && seen < TARGET_WINDOW_ROWS; i--, seen++)
			if (sel[i - 1]->pid == r->responds_to) {
				if (strcmp(sel[i - 1]->addr, who) == 0 && is_position(sel[i - 1]->eff))
					theirs = sel[i - 1]->eff;
				break;
			}
	}
	/* Thanking someone for information ("Thanks Anja, that's helpful") or seconding a
	 * question takes no position on the text; siding with someone who has none while
	 * finding fault ("As Wout said, the scope is too wide") objects on one's own. */
	if (!is_position(theirs))
		return r->label != RP_STANCE_SUPPORT ? r->label
		       : is_position(r->secondary) ? r->secondary : RP_STANCE_NOTE;
	if (r->label == RP_STANCE_SUPPORT)
		return theirs;
	/* Disagreeing with a supporter objects to the text; disagreeing with an objector or
	 * with someone's amendment keeps the text as it is, which supports it. */
	if (theirs == RP_STANCE_AMEND)
		*opposed = who;
	return theirs == RP_STANCE_SUPPORT ? RP_STANCE_OBJECT : RP_STANCE_SUPPORT;
}

static int add_event(struct rp_section_consensus *sc, struct pos_index *ix, size_t *palloc,
		     const struct prow *r, enum rp_stance_label l)
{
	struct rp_position *p = position_of(sc, ix, r->addr);
	struct rp_stance_event *nh;

	if (!p) {
		if (GROW(sc->positions, sc->n_positions, *palloc))
			return RP_ENOMEM;
		p = &sc->positions[sc->n_positions++];
		memset(p, 0, sizeof(*p));
		if (ref_set(&p->member, r) || index_add(sc, ix, sc->n_positions - 1))
			return RP_ENOMEM;
	}
	nh = realloc(p->history, (p->n_history + 1) * sizeof(*nh));
	if (!nh)
		return RP_ENOMEM;
	p->history = nh;
	nh[p->n_history].point = r->pid;
	nh[p->n_history].date = r->date;
	nh[p->n_history].label = l;
	p->n_history++;
	return 0;
}

static int add_item(struct rp_consensus_item **v, size_t *n, size_t *alloc, const struct prow *r,
		    int answered)
{
	struct rp_consensus_item *it;

	if (GROW(*v, *n, *alloc))
		return RP_ENOMEM;
	it = &(*v)[(*n)++];
	memset(it, 0, sizeof(*it));
	it->point = r->pid;
	it->answered = answered;
	if (ref_set(&it->member, r))
		return RP_ENOMEM;
	it->text = rp_strdup(r->text ? r->text : "");
	it->proposed = r->proposed ? rp_strdup(r->proposed) : NULL;
	return it->text && (!r->proposed || it->proposed) ? 0 : RP_ENOMEM;
}

/* Replies indexed by In-Reply-To and by responds_to, so that "was this objection answered"
 * costs a binary search rather than a scan of every point. */
struct replies {
	struct prow **by_irt, **by_resp;
	size_t n_irt, n_resp;
};

static int cmp_irt(const void *a, const void *b)
{
	return strcmp((*(struct prow *const *)a)->irt, (*(struct prow *const *)b)->irt);
}

static int cmp_resp(const void *a, const void *b)
{
	int64_t x = (*(struct prow *const *)a)->responds_to, y = (*(struct prow *const *)b)->responds_to;
	return x < y ? -1 : x > y;
}

static int replies_build(struct replies *rp, struct prow *rows, size_t n)
{
	size_t i;

	memset(rp, 0, sizeof(*rp));
	rp->by_irt = malloc((n ? n : 1) * sizeof(*rp->by_irt));
	rp->by_resp = malloc((n ? n : 1) * sizeof(*rp->by_resp));
	if (!rp->by_irt || !rp->by_resp)
		return RP_ENOMEM;
	for (i = 0; i < n; i++) {
		if (rows[i].irt)
			rp->by_irt[rp->n_irt++] = &rows[i];
		if (rows[i].responds_to)
			rp->by_resp[rp->n_resp++] = &rows[i];
	}
	if (rp->n_irt)
		qsort(rp->by_irt, rp->n_irt, sizeof(*rp->by_irt), cmp_irt);
	if (rp->n_resp)
		qsort(rp->by_resp, rp->n_resp, sizeof(*rp->by_resp), cmp_resp);
	return 0;
}

static void replies_free(struct replies *rp)
{
	free(rp->by_irt);
	free(rp->by_resp);
}

/* Is q a later reply by someone other than r's author? */
static int other_reply(const struct prow *q, const struct prow *r)
{
	return strcmp(q->addr, r->addr) != 0 && q->date >= r->date;
}

/* Did another member reply to this point (responds_to) or to its message (In-Reply-To)? */
static int answered(const struct replies *rp, const struct prow *r)
{
	size_t lo = 0, hi = rp->n_irt, i;

	if (r->msgid) {
		while (lo < hi) { /* first entry with irt >= msgid */
			size_t mid = lo + (hi - lo) / 2;
			if (strcmp(rp->by_irt[mid]->irt, r->msgid) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (i = lo; i < rp->n_irt && strcmp(rp->by_irt[i]->irt, r->msgid) == 0; i++)
			if (other_reply(rp->by_irt[i], r))
				return 1;
	}
	lo = 0;
	hi = rp->n_resp;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (rp->by_resp[mid]->responds_to < r->pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < rp->n_resp && rp->by_resp[i]->responds_to == r->pid; i++)
		if (other_reply(rp->by_resp[i], r))
			return 1;
	return 0;
}

static int cmp_pos(const void *a, const void *b)
{
	return strcmp(((const struct rp_position *)a)->member.address,
		      ((const struct rp_position *)b)->member.address);
}

static int build_clusters(struct rp_section_consensus *sc, struct prow **sel, size_t n,
			  const struct rp_consensus_config *cfg)
{
	/* Notes last: information and remarks that take no side are still comments the
	 * section received, and the summary says so rather than "no comments". */
	static const enum rp_stance_label labels[] = { RP_STANCE_OBJECT, RP_STANCE_AMEND, RP_STANCE_SUPPORT,
						       RP_STANCE_QUESTION, RP_STANCE_NOTE };
	const char **texts = calloc(n ? n : 1, sizeof(*texts));
	struct prow **sub = calloc(n ? n : 1, sizeof(*sub));
	size_t *cl = calloc(n ? n : 1, sizeof(*cl));
	const char **ctexts = calloc(n ? n : 1, sizeof(*ctexts));
	size_t li, i, k, m, nc, alloc = 0;
	int rc = RP_ENOMEM;

	if (!texts || !sub || !cl || !ctexts)
		goto cleanup;
	for (li = 0; li < sizeof(labels) / sizeof(labels[0]); li++) {
		for (m = i = 0; i < n; i++)
			if (sel[i]->eff == labels[li]) {
				sub[m] = sel[i];
				texts[m++] = sel[i]->text ? sel[i]->text : "";
			}
		if (!m)
			continue;
		if ((rc = rp_cluster_points(texts, m, cfg->cluster_jaccard, cl, &nc)) != 0)
			goto cleanup;
		for (k = 0; k < nc; k++) {
			struct rp_cluster *c;
			size_t nt = 0, which = 0;
			rc = RP_ENOMEM;
			if (GROW(sc->clusters, sc->n_clusters, alloc))
				goto cleanup;
			c = &sc->clusters[sc->n_clusters++];
			memset(c, 0, sizeof(*c));
			c->label = labels[li];
			for (i = 0; i < m; i++) {
				size_t j;
				int seen = 0;
				if (cl[i] != k)
					continue;
				ctexts[nt] = texts[i];
				if (!(c->points = realloc(c->points, (c->n_points + 1) * sizeof(*c->points))))
					goto cleanup;
				c->points[c->n_points++] = sub[i]->pid;
				nt++;
				for (j = 0; j < c->n_members; j++)
					seen |= strcmp(c->members[j].address, sub[i]->addr) == 0;
				if (!seen) {
					struct rp_member_ref *nm = realloc(c->members, (c->n_members + 1) * sizeof(*nm));
					if (!nm)
						goto cleanup;
					c->members = nm;
					memset(&nm[c->n_members], 0, sizeof(*nm));
					if (ref_set(&nm[c->n_members++], sub[i]))
						goto cleanup;
				}
			}
			/* One point alone: its sentence that says the position, not the courtesy
			 * before it; several: the most central sentence, whatever its wording. */
			rc = rp_cluster_representative_for(&c->representative, &which, ctexts, nt,
							   nt == 1 ? c->label : RP_STANCE_NONE);
			if (rc == RP_ENOTFOUND) {
				c->representative = rp_strdup(ctexts[0]);
				which = 0;
				rc = c->representative ? 0 : RP_ENOMEM;
			}
			if (rc)
				goto cleanup;
			c->representative_point = c->points[which];
		}
	}
	rc = 0;
cleanup:
	free(texts);
	free(sub);
	free(cl);
	free(ctexts);
	return rc;
}

/* Has the author of the amendment sel[at] given it up: supporting the text as it stands,
 * as their position now, in a later message ("Priya and Jens have convinced me. I withdraw
 * my proposal on 2.3; keep the liaison managers as drafted.")? Support in the same message
 * ("Replace X with Y; otherwise I support 3.1") keeps it. */
static int given_up(struct rp_section_consensus *sc, const struct pos_index *ix, struct prow **sel,
		    size_t ns, size_t at)
{
	const struct prow *r = sel[at];
	const struct rp_position *p = position_of(sc, ix, r->addr);
	size_t j;

	if (!p || p->label != RP_STANCE_SUPPORT)
		return 0;
	for (j = at + 1; j < ns; j++)
		if (strcmp(sel[j]->addr, r->addr) == 0 && sel[j]->eff == RP_STANCE_SUPPORT &&
		    (!sel[j]->msgid || !r->msgid || strcmp(sel[j]->msgid, r->msgid) != 0) &&
		    sel[j]->date >= r->date)
			return 1;
	return 0;
}

/* opposed: a member still keeps the text against an amendment its author still proposes
 * ("Delete 3.12." / "I disagree with Alice."), or proposes another change against it ("I
 * disagree with Jan's change; I'd keep the text but add ..."): the two disagree, so the
 * section is not agreed, though neither objects to it as it stands. */
static enum rp_consensus_level decide(const struct rp_section_consensus *sc,
				      const struct rp_consensus_config *cfg, int opposed)
{
	size_t sup = sc->count[RP_STANCE_SUPPORT], obj = sc->count[RP_STANCE_OBJECT],
	       amd = sc->count[RP_STANCE_AMEND], i, k;
	int all_answered = 1, ever_objected = 0;

	if (sup + obj + amd == 0)
		return RP_LEVEL_NO_COMMENTS;
	if (sup + obj + amd == 1)
		return RP_LEVEL_SINGLE;
	/* Amending is taking part in favour: "I support the idea, but would replace ...". An
	 * objection raised and then withdrawn was addressed: rough consensus, not agreement
	 * (RFC 7282, section 3). */
	for (i = 0; i < sc->n_positions; i++)
		for (k = 0; k < sc->positions[i].n_history; k++)
			ever_objected |= sc->positions[i].history[k].label == RP_STANCE_OBJECT;
	if (obj == 0 && !ever_objected && !opposed && sup + amd >= (size_t)cfg->agreed_min_support)
		return RP_LEVEL_AGREED;
	for (i = 0; i < sc->n_open_objections; i++)
		all_answered &= sc->open_objections[i].answered != 0;
	if (sup + amd >= (size_t)cfg->rough_min_support &&
	    (double)(sup + amd) / (double)(sup + amd + obj) >= cfg->rough_min_share &&
	    (obj <= (size_t)cfg->isolated_max || all_answered))
		return RP_LEVEL_ROUGH;
	return RP_LEVEL_CONTESTED;
}

static int do_section(struct rp_section_consensus *sc, struct prow *rows, size_t n,
		      const struct replies *rp, const struct rp_consensus_config *cfg)
{
	struct prow **sel = NULL;
	struct pos_index ix = { NULL, 0 };
	const char **opp = NULL; /* per point: whose amendment it opposes */
	size_t ns = 0, i, palloc = 0, aa = 0, oa = 0, qa = 0;
	int rc = RP_ENOMEM, opposed = 0;

	sel = malloc((n ? n : 1) * sizeof(*sel));
	if (!sel)
		goto cleanup;
	for (i = 0; i < n; i++)
		if (rows[i].section == sc->section)
			sel[ns++] = &rows[i];
	opp = malloc((ns ? ns : 1) * sizeof(*opp));
	if (!opp) {
		rc = RP_ENOMEM;
		goto cleanup;
	}
	/* Date order: positions evolve as the discussion did. */
	for (i = 0; i < ns; i++) {
		sel[i]->eff = effective(sc, &ix, sel, i, &opp[i]);
		if ((rc = add_event(sc, &ix, &palloc, sel[i], sel[i]->eff)) != 0)
			goto cleanup;
	}
	for (i = 0; i < sc->n_positions; i++) {
		sc->positions[i].label = current(&sc->positions[i]);
		sc->count[sc->positions[i].label]++;
	}
	for (i = 0; i < ns && !opposed; i++) {
		const struct rp_position *me, *them;
		if (!opp[i] || !(me = position_of(sc, &ix, sel[i]->addr)) ||
		    !(them = position_of(sc, &ix, opp[i])))
			continue;
		opposed = (me->label == RP_STANCE_SUPPORT || me->label == RP_STANCE_AMEND) &&
			  them->label == RP_STANCE_AMEND;
	}
	for (i = 0; i < ns; i++) {
		struct prow *r = sel[i];
		if (r->label == RP_STANCE_AMEND && !given_up(sc, &ix, sel, ns, i) &&
		    (rc = add_item(&sc->amendments, &sc->n_amendments, &aa, r, 0)))
			goto cleanup;
		if (r->label == RP_STANCE_QUESTION &&
		    (rc = add_item(&sc->questions, &sc->n_questions, &qa, r, answered(rp, r))))
			goto cleanup;
		/* An objection stays open unless its author later changed position. */
		if (r->eff == RP_STANCE_OBJECT && position_of(sc, &ix, r->addr)->label == RP_STANCE_OBJECT &&
		    (rc = add_item(&sc->open_objections, &sc->n_open_objections, &oa, r, answered(rp, r))))
			goto cleanup;
	}
	if (sc->n_positions)
		qsort(sc->positions, sc->n_positions, sizeof(*sc->positions), cmp_pos);
	if ((rc = build_clusters(sc, sel, ns, cfg)) != 0)
		goto cleanup;
	sc->level = decide(sc, cfg, opposed);
	rc = 0;
cleanup:
	free(opp);
	free(sel);
	free(ix.slot);
	return rc;
}

int rp_consensus_compute(struct rp_consensus *out, struct rp_store *s, int64_t draft,
			 const struct rp_consensus_config *cfg, struct rp_error *err)
{
	struct rp_consensus_config def;
	sqlite3_stmt *st = NULL;
	struct prow *rows = NULL;
	struct replies rp = { 0 };
	size_t n = 0, i, alloc = 0;
	int rc, oom = 0, general = 0;

	memset(out, 0, sizeof(*out));
	out->draft = draft;
	if (!cfg) {
		rp_consensus_config_init(&def);
		cfg = &def;
	}
	rc = rp_store_prepare(s, &st, "SELECT 1 FROM draft WHERE id = ?", err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, draft);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			return rp_error_set(err, RP_ENOTFOUND, "consensus", "no draft %lld", (long long)draft);
		return rp_store_error(s, err, "reading draft");
	}
	if ((rc = load_rows(s, draft, &rows, &n, err)) != 0)
		goto cleanup;
	if (replies_build(&rp, rows, n)) {
		rc = rp_error_set(err, RP_ENOMEM, "consensus", "out of memory");
		goto cleanup;
	}
	rc = rp_store_prepare(s, &st, "SELECT id, number, heading FROM section WHERE draft = ? ORDER BY ordinal",
			      err);
	if (rc)
		goto cleanup;
	sqlite3_bind_int64(st, 1, draft);
	for (;;) {
		struct rp_section_consensus *sc;
		int step = general ? SQLITE_DONE : sqlite3_step(st);
		if (step != SQLITE_ROW && step != SQLITE_DONE) {
			rc = rp_store_error(s, err, "reading sections");
			goto cleanup;
		}
		if (step == SQLITE_DONE && general)
			break;
		if (GROW(out->sections, out->n_sections, alloc)) {
			rc = rp_error_set(err, RP_ENOMEM, "consensus", "out of memory");
			goto cleanup;
		}
		sc = &out->sections[out->n_sections++];
		memset(sc, 0, sizeof(*sc));
		if (step == SQLITE_ROW) {
			sc->section = sqlite3_column_int64(st, 0);
			sc->number = col(st, 1, &oom);
			sc->heading = col(st, 2, &oom);
		} else {
			general = 1; /* general comments come last, with section 0 */
		}
		if (oom || (rc = do_section(sc, rows, n, &rp, cfg)) != 0) {
			rc = rp_error_set(err, RP_ENOMEM, "consensus", "out of memory");
			goto cleanup;
		}
	}
	rc = 0;
cleanup:
	sqlite3_finalize(st);
	replies_free(&rp);
	for (i = 0; i < n; i++)
		prow_free(&rows[i]);
	free(rows);
	if (rc)
		rp_consensus_release(out);
	return rc;
}

static void items_free(struct rp_consensus_item *v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		ref_free(&v[i].member);
		free(v[i].text);
		free(v[i].proposed);
	}
	free(v);
}

void rp_consensus_release(struct rp_consensus *c)
{
	size_t i, k, j;

	if (!c)
		return;
	for (i = 0; i < c->n_sections; i++) {
		struct rp_section_consensus *sc = &c->sections[i];
		free(sc->number);
		free(sc->heading);
		for (k = 0; k < sc->n_positions; k++) {
			ref_free(&sc->positions[k].member);
			free(sc->positions[k].history);
		}
		free(sc->positions);
		items_free(sc->amendments, sc->n_amendments);
		items_free(sc->open_objections, sc->n_open_objections);
		items_free(sc->questions, sc->n_questions);
		for (k = 0; k < sc->n_clusters; k++) {
			struct rp_cluster *cl = &sc->clusters[k];
			free(cl->points);
			for (j = 0; j < cl->n_members; j++)
				ref_free(&cl->members[j]);
			free(cl->members);
			free(cl->representative);
		}
		free(sc->clusters);
	}
	free(c->sections);
	memset(c, 0, sizeof(*c));
}
