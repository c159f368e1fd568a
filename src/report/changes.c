/* changes: what became of the comments on a draft in the version that revises it. The two
 * versions' sections are aligned (renumbering, rewriting, new and removed sections); each
 * point on the old version gets a fate (its proposed wording adopted, its section revised,
 * unchanged or removed); and the "changes since" list is written crediting the members whose
 * comments a change answers, in the style of a changelog: "3.1 ...: adopts the wording
 * proposed by Mark Carvell". Markdown and JSON. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report-private.h"

const char *rp_fate_name(enum rp_fate f)
{
	static const char *const names[] = { "adopted", "revised", "unchanged", "removed", "general" };

	return (unsigned)f < sizeof(names) / sizeof(names[0]) ? names[f] : "unknown";
}

static char *section_text(const struct rp_section *s)
{
	struct rp_buf b = RP_BUF_INIT;

	if (rp_buf_adds(&b, s->heading ? s->heading : "") || rp_buf_adds(&b, "\n") ||
	    rp_buf_adds(&b, s->text ? s->text : "")) {
		rp_buf_release(&b);
		return NULL;
	}
	return rp_buf_detach(&b, NULL);
}

static size_t count_words(const char *s)
{
	size_t n = 0;
	int in = 0;

	for (; *s; s++) {
		int w = (unsigned char)*s >= 0x80 || (*s >= '0' && *s <= '9') || ((*s | 32) >= 'a' && (*s | 32) <= 'z');
		n += w && !in;
		in = w;
	}
	return n;
}

/* Where a proposed wording now appears: the section the point's section became, else any
 * section of the new version (only for wording of four words or more: a short phrase found
 * elsewhere is chance). -1 when nowhere, or when the old version already had it (a member
 * quoting the draft's own words proposes nothing new). */
static long wording_home(const struct rp_draft_doc *nd, char **texts, long first, const char *wording,
			 const char *old_all)
{
	size_t j;

	if (rp_draft_wording_appears(wording, old_all))
		return -1;
	if (first >= 0 && rp_draft_wording_appears(wording, texts[first]))
		return first;
	if (count_words(wording) < 4)
		return -1;
	for (j = 0; j < nd->n; j++)
		if ((long)j != first && rp_draft_wording_appears(wording, texts[j]))
			return (long)j;
	return -1;
}

static int add_fate(struct rp_section_change *sc, size_t f)
{
	size_t *p = realloc(sc->fates, (sc->n_fates + 1) * sizeof(*p));

	if (!p)
		return -1;
	sc->fates = p;
	p[sc->n_fates++] = f;
	return 0;
}

/* Point f on the other old sections it is anchored to, so their changes credit it too. */
static int add_also(struct rp_changes *c, const struct rp_report_row *row, size_t f,
		    const long *old_to_change)
{
	size_t k, *p;

	for (k = 0; k < row->n_also; k++) {
		struct rp_section_change *sc;

		if (row->also[k] >= c->old_doc->n)
			continue;
		sc = &c->sections[old_to_change[row->also[k]]];
		if (!(p = realloc(sc->also, (sc->n_also + 1) * sizeof(*p))))
			return -1;
		sc->also = p;
		p[sc->n_also++] = f;
	}
	return 0;
}

/* Fates of every point, and the per-section list (new order, removed sections placed after
 * the new section that follows them in the old order). */
static int build(struct rp_changes *c, const struct rp_section_match *m)
{
	const struct rp_draft_doc *od = c->old_doc, *nd = c->new_doc;
	long *old_to_new = NULL, *old_to_change = NULL;
	struct rp_buf old_all = RP_BUF_INIT;
	char **texts = NULL;
	size_t i, j, k = 0;
	int rc = -1;

	old_to_new = malloc((od->n + 1) * sizeof(*old_to_new));
	old_to_change = malloc((od->n + 1) * sizeof(*old_to_change));
	texts = calloc(nd->n + 1, sizeof(*texts));
	c->sections = calloc(od->n + nd->n + 1, sizeof(*c->sections));
	c->fates = calloc(c->old->n_matrix + 1, sizeof(*c->fates));
	if (!old_to_new || !old_to_change || !texts || !c->sections || !c->fates)
		goto done;
	c->n_fates = c->old->n_matrix;
	for (i = 0; i < od->n; i++) {
		char *t = section_text(&od->sections[i]);

		old_to_new[i] = -1;
		if (!t || rp_buf_adds(&old_all, t) || rp_buf_adds(&old_all, "\n")) {
			free(t);
			goto done;
		}
		free(t);
	}
	for (j = 0; j < nd->n; j++) {
		if (!(texts[j] = section_text(&nd->sections[j])))
			goto done;
		if (m[j].prev >= 0)
			old_to_new[m[j].prev] = (long)j;
	}
	/* Walk the new order; a removed old section goes just before the first new section
	 * whose ancestor comes after it. */
	for (j = 0; j <= nd->n; j++) {
		long limit = j < nd->n ? m[j].prev : (long)od->n;

		for (; limit >= 0 && k < od->n && (long)k <= limit; k++) {
			if (old_to_new[k] >= 0)
				continue;
			c->sections[c->n_sections].old_section = (long)k;
			c->sections[c->n_sections].new_section = -1;
			old_to_change[k] = (long)c->n_sections++;
			c->n_removed++;
		}
		if (j == nd->n)
			break;
		c->sections[c->n_sections].old_section = m[j].prev;
		c->sections[c->n_sections].new_section = (long)j;
		c->sections[c->n_sections].similarity = m[j].similarity;
		c->sections[c->n_sections].text_changed = m[j].prev < 0 || m[j].text_changed;
		c->sections[c->n_sections].renumbered = m[j].prev >= 0 && m[j].renumbered;
		if (m[j].prev >= 0) {
			old_to_change[m[j].prev] = (long)c->n_sections;
			c->n_revised += m[j].text_changed != 0;
			c->n_renumbered += m[j].renumbered != 0;
		} else {
			c->n_new++;
		}
		c->n_sections++;
	}
	for (; k < od->n; k++) /* removed sections after every matched one */
		if (old_to_new[k] < 0) {
			c->sections[c->n_sections].old_section = (long)k;
			c->sections[c->n_sections].new_section = -1;
			old_to_change[k] = (long)c->n_sections++;
			c->n_removed++;
		}
	for (i = 0; i < c->old->n_matrix; i++) {
		const struct rp_report_row *row = &c->old->matrix[i];
		struct rp_point_fate *f = &c->fates[i];
		size_t os = row->in_section;

		f->point = row->point;
		f->row = i;
		f->new_section = -1;
		if (os >= od->n) {
			f->fate = RP_FATE_GENERAL;
			if (row->proposed && (f->new_section = wording_home(nd, texts, -1, row->proposed, old_all.buf ? old_all.buf : "")) >= 0)
				f->fate = RP_FATE_ADOPTED;
		} else {
			long ns = old_to_new[os];

			if (row->proposed) {
				c->n_proposals++;
				f->new_section = wording_home(nd, texts, ns, row->proposed, old_all.buf ? old_all.buf : "");
			}
			if (f->new_section >= 0)
				f->fate = RP_FATE_ADOPTED;
			else if (ns < 0)
				f->fate = RP_FATE_REMOVED;
			else
				f->fate = m[ns].text_changed ? RP_FATE_REVISED : RP_FATE_UNCHANGED;
			if (f->new_section < 0)
				f->new_section = ns;
			if (add_fate(&c->sections[old_to_change[os]], i) ||
			    add_also(c, row, i, old_to_change))
				goto done;
		}
		c->n_adopted += f->fate == RP_FATE_ADOPTED;
	}
	rc = 0;
done:
	for (j = 0; texts && j < nd->n; j++)
		free(texts[j]);
	free(texts);
	free(old_to_new);
	free(old_to_change);
	rp_buf_release(&old_all);
	return rc;
}

static int load_version(struct rp_store *s, int64_t draft, int *version, char **title,
			struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = rp_store_prepare(s, &st, "SELECT version, title FROM draft WHERE id = ?1", err)))
		return rc;
	sqlite3_bind_int64(st, 1, draft);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*version = sqlite3_column_int(st, 0);
		*title = rp_strdup((const char *)sqlite3_column_text(st, 1));
		rc = *title ? 0 : rp_error_set(err, RP_ENOMEM, "changes", "out of memory");
	} else {
		rc = rp_error_set(err, RP_ENOTFOUND, "draft", "no draft %lld", (long long)draft);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Longest chain of revisions followed (a cycle, which only a hand-edited store can hold,
 * ends there). */
#define MAX_CHAIN 4096

/* The drafts from the one revising old_draft to new_draft, following draft.revises up from
 * new_draft: *path (malloc'ed) holds them oldest first, new_draft last. When new_draft
 * does not descend from old_draft the path is new_draft alone (a direct comparison). */
static int revision_path(struct rp_store *s, int64_t old_draft, int64_t new_draft, int64_t **path,
			 size_t *n, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t *p = malloc(MAX_CHAIN * sizeof(*p)), cur = new_draft, t;
	size_t k = 0, i;
	int rc;

	*path = NULL;
	*n = 0;
	if (!p)
		return rp_error_set(err, RP_ENOMEM, "changes", "out of memory");
	if ((rc = rp_store_prepare(s, &st, "SELECT revises FROM draft WHERE id = ?1", err))) {
		free(p);
		return rc;
	}
	p[k++] = cur;
	while (k < MAX_CHAIN) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, cur);
		if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_type(st, 0) == SQLITE_NULL)
			break;
		if ((cur = sqlite3_column_int64(st, 0)) == old_draft)
			break;
		p[k++] = cur;
	}
	sqlite3_finalize(st);
	if (cur != old_draft)
		k = 1;
	for (i = 0; i < k / 2; i++)
		t = p[i], p[i] = p[k - 1 - i], p[k - 1 - i] = t;
	*path = p;
	*n = k;
	return 0;
}

/* Refuse to compare new_draft with a draft that revises it (directly or through later
 * revisions): the "changes" would run backwards, every addition read as a removal. */
static int refuse_later(struct rp_store *s, int64_t old_draft, int64_t new_draft,
			struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t cur = old_draft;
	int old_v = 0, new_v = 0, later = 0, steps, rc;

	if ((rc = rp_store_prepare(s, &st, "SELECT revises, version FROM draft WHERE id = ?1",
				   err)))
		return rc;
	for (steps = 0; steps < MAX_CHAIN && !later; steps++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, cur);
		if (sqlite3_step(st) != SQLITE_ROW)
			break;
		if (cur == old_draft)
			old_v = sqlite3_column_int(st, 1);
		if (sqlite3_column_type(st, 0) == SQLITE_NULL)
			break;
		later = (cur = sqlite3_column_int64(st, 0)) == new_draft;
	}
	if (later) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, new_draft);
		if (sqlite3_step(st) == SQLITE_ROW)
			new_v = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (!later)
		return 0;
	return rp_error_set(err, RP_EUSAGE, "compile",
			    "--changes-since wants an earlier version than draft %lld (version %d), "
			    "and draft %lld (version %d) revises it: try compile %lld --changes-since %lld",
			    (long long)new_draft, new_v, (long long)old_draft, old_v,
			    (long long)old_draft, (long long)new_draft);
}

/* Compose step (new sections of one version matched with the version before) with acc
 * (that version's sections matched with the old draft's), in place: each section of the
 * newer version then points at the old section it continues, -1 when it or one of its
 * ancestors was new. Its text changed when it changed at any step, and its similarity is
 * that of its least similar step. */
static void compose(struct rp_section_match *step, size_t n, const struct rp_section_match *acc)
{
	size_t j;

	for (j = 0; j < n; j++) {
		const struct rp_section_match *a;

		if (step[j].prev < 0)
			continue;
		a = &acc[step[j].prev];
		if (a->prev < 0) { /* new, as rp_draft_align leaves a new section */
			memset(&step[j], 0, sizeof(step[j]));
			step[j].prev = -1;
			continue;
		}
		step[j].prev = a->prev;
		step[j].text_changed |= a->text_changed;
		if (a->similarity < step[j].similarity)
			step[j].similarity = a->similarity;
	}
}

/* Align c->old_doc with each draft of path in turn, composing the matches, so a section is
 * followed through every version (renumbered in one, rewritten in the next) rather than
 * looked for in the last one only; a section removed at any step stays removed. The last
 * draft becomes c->new_doc; *out (malloc'ed) is indexed by its sections, renumbered
 * against the old draft's numbers. Whether a proposed wording was adopted is not composed:
 * build() looks for it in the last version's text, so wording taken in at any step and
 * still there counts, and wording taken in and later dropped does not. */
static int align_along(struct rp_changes *c, struct rp_store *s, const int64_t *path, size_t n,
		       struct rp_section_match **out, struct rp_error *err)
{
	const struct rp_draft_doc *prev = c->old_doc;
	struct rp_draft_doc *doc = NULL, *last = NULL;
	struct rp_section_match *acc = NULL, *step = NULL;
	size_t i, j;
	int rc = 0;

	for (i = 0; i < n; i++) {
		if ((rc = rp_draft_load(s, path[i], &doc, err)) ||
		    (rc = rp_draft_align(prev, doc, &step, err)))
			break;
		if (acc)
			compose(step, doc->n, acc);
		free(acc);
		acc = step;
		step = NULL;
		rp_draft_doc_free(last);
		prev = last = doc;
		doc = NULL;
	}
	rp_draft_doc_free(doc);
	if (rc || !last) {
		free(acc);
		rp_draft_doc_free(last);
		return rc ? rc : rp_error_set(err, RP_ENOTFOUND, "changes", "no revision to compare");
	}
	for (j = 0; j < last->n; j++) {
		const char *on, *nn = last->sections[j].number;

		if (acc[j].prev < 0)
			continue;
		on = c->old_doc->sections[acc[j].prev].number;
		acc[j].renumbered = on ? !nn || strcmp(on, nn) != 0 : nn != NULL;
	}
	c->new_doc = last;
	*out = acc;
	return 0;
}

/* The comparison once c->old is set (built or borrowed). */
static int compare(struct rp_changes *c, struct rp_store *s, int64_t new_draft,
		   struct rp_error *err)
{
	struct rp_section_match *m = NULL;
	int64_t *path = NULL;
	size_t n_path = 0;
	int rc;

	c->new_draft = new_draft;
	if ((rc = load_version(s, new_draft, &c->new_version, &c->new_title, err)) ||
	    (rc = rp_draft_load(s, c->old->draft, &c->old_doc, err)) ||
	    (rc = revision_path(s, c->old->draft, new_draft, &path, &n_path, err)) ||
	    (rc = align_along(c, s, path, n_path, &m, err)))
		goto done;
	if (c->old->n_sections != c->old_doc->n)
		rc = rp_error_set(err, RP_EDB, "changes", "draft %lld: sections and report disagree",
				  (long long)c->old->draft);
	else if (build(c, m))
		rc = rp_error_set(err, RP_ENOMEM, "changes", "out of memory");
done:
	free(path);
	free(m);
	return rc;
}

int rp_report_changes(struct rp_changes **out, struct rp_store *s, int64_t new_draft,
		      int64_t old_draft, const struct rp_consensus_config *cfg, struct rp_error *err)
{
	struct rp_changes *c;
	int rc;

	*out = NULL;
	if ((rc = refuse_later(s, old_draft, new_draft, err)))
		return rc;
	if (!(c = calloc(1, sizeof(*c))))
		return rp_error_set(err, RP_ENOMEM, "changes", "out of memory");
	rc = rp_report_build(&c->owned_old, s, old_draft, cfg, err);
	c->old = c->owned_old;
	if (rc || (rc = compare(c, s, new_draft, err))) {
		rp_changes_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

int rp_report_changes_of(struct rp_changes **out, struct rp_store *s, const struct rp_report *old,
			 int64_t new_draft, struct rp_error *err)
{
	struct rp_changes *c;
	int rc;

	*out = NULL;
	if ((rc = refuse_later(s, old->draft, new_draft, err)))
		return rc;
	if (!(c = calloc(1, sizeof(*c))))
		return rp_error_set(err, RP_ENOMEM, "changes", "out of memory");
	c->old = old;
	if ((rc = compare(c, s, new_draft, err))) {
		rp_changes_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

void rp_changes_free(struct rp_changes *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n_sections; i++) {
		free(c->sections[i].fates);
		free(c->sections[i].also);
	}
	free(c->sections);
	free(c->fates);
	free(c->new_title);
	rp_report_free(c->owned_old);
	rp_draft_doc_free(c->old_doc);
	rp_draft_doc_free(c->new_doc);
	free(c);
}

/* ---- rendering ---- */

static int sec_title(struct rp_buf *b, const struct rp_section *s)
{
	struct rp_buf t = RP_BUF_INIT;
	int rc = 0;

	if (s->number)
		rc = rp_buf_adds(&t, s->number);
	if (!rc && s->number && s->heading)
		rc = rp_buf_adds(&t, " ");
	if (!rc && s->heading)
		rc = rp_buf_adds(&t, s->heading);
	if (!rc && !s->number && !s->heading)
		rc = rp_buf_adds(&t, "Preamble (the text before the first heading)");
	if (!rc)
		rc = rp_report_md_text(b, t.buf);
	rp_buf_release(&t);
	return rc;
}

/* "A, B and C" of the distinct members of the section's points with the given fate
 * (any fate when all is set), in matrix order, then of the points anchored here besides
 * their best anchor, whatever their fate (it is their best anchor's). */
static int md_members(struct rp_buf *b, const struct rp_changes *c, const struct rp_section_change *sc,
		      enum rp_fate fate, int all, enum rp_attribution a, size_t *count)
{
	const char **seen = NULL;
	size_t *seen_mem = NULL;
	size_t i, j, n = 0;
	int rc = 0;

	*count = 0;
	seen = calloc(sc->n_fates + sc->n_also + 1, sizeof(*seen));
	seen_mem = calloc(sc->n_fates + sc->n_also + 1, sizeof(*seen_mem));
	if (!seen || !seen_mem) {
		free(seen);
		free(seen_mem);
		return RP_ENOMEM;
	}
	for (i = 0; i < sc->n_fates + sc->n_also; i++) {
		const struct rp_point_fate *f =
			&c->fates[i < sc->n_fates ? sc->fates[i] : sc->also[i - sc->n_fates]];
		size_t mem = c->old->matrix[f->row].member;
		const char *who;

		if (!all && i < sc->n_fates && f->fate != fate)
			continue;
		who = mem == RP_REPORT_NOBODY ? "unknown" : rp_report_who(c->old, a, mem);
		/* distinct by name as printed; under the Chatham House rule, where every member
		 * prints alike, by member, so that the count is right */
		for (j = 0; j < n && (a == RP_ATTR_NONE ? seen_mem[j] != mem : strcmp(seen[j], who) != 0); j++)
			;
		if (j == n) {
			seen_mem[n] = mem;
			seen[n++] = who;
		}
	}
	*count = n;
	for (i = 0; !rc && a != RP_ATTR_NONE && i < n; i++) {
		if (i)
			rc = rp_buf_adds(b, i + 1 == n ? " and " : ", ");
		if (!rc)
			rc = rp_report_md_text(b, seen[i]);
	}
	if (!rc && a == RP_ATTR_NONE && n)
		rc = rp_buf_addf(b, "%zu member%s", n, n == 1 ? "" : "s");
	free(seen);
	free(seen_mem);
	return rc;
}

static int md_change(struct rp_buf *b, const struct rp_changes *c, const struct rp_section_change *sc,
		     enum rp_attribution a)
{
	const struct rp_section *os = sc->old_section >= 0 ? &c->old_doc->sections[sc->old_section] : NULL;
	const struct rp_section *ns = sc->new_section >= 0 ? &c->new_doc->sections[sc->new_section] : NULL;
	size_t n, i;
	int rc;

	rc = rp_buf_adds(b, "- ");
	if (!rc)
		rc = sec_title(b, ns ? ns : os);
	if (!rc && !os)
		rc = rp_buf_adds(b, ": new section");
	if (!rc && !ns)
		rc = rp_buf_adds(b, ": removed");
	if (!rc && os && ns && sc->renumbered) {
		rc = rp_buf_adds(b, " (was ");
		if (!rc)
			rc = rp_report_md_text(b, os->number ? os->number : "unnumbered");
		if (!rc)
			rc = rp_buf_adds(b, ")");
	}
	if (!rc && os && ns)
		rc = rp_buf_adds(b, sc->text_changed ? ": revised" : ": unchanged");
	/* Credits: adopted wording first, then whose comments the change (or removal) answers. */
	for (i = 0; !rc && i < sc->n_fates; i++) {
		const struct rp_point_fate *f = &c->fates[sc->fates[i]];
		const struct rp_report_row *row = &c->old->matrix[f->row];

		if (f->fate != RP_FATE_ADOPTED)
			continue;
		rc = rp_buf_adds(b, "; adopts the wording proposed by ");
		if (!rc)
			rc = rp_report_md_text(b, row->member == RP_REPORT_NOBODY ? "unknown"
										: rp_report_who(c->old, a, row->member));
		if (!rc && f->new_section >= 0 && f->new_section != sc->new_section) {
			rc = rp_buf_adds(b, " (now in ");
			if (!rc)
				rc = sec_title(b, &c->new_doc->sections[f->new_section]);
			if (!rc)
				rc = rp_buf_adds(b, ")");
		}
		if (!rc)
			rc = rp_buf_adds(b, ": \"");
		if (!rc)
			rc = rp_report_md_text(b, row->proposed);
		if (!rc)
			rc = rp_buf_adds(b, "\"");
	}
	if (!rc && (sc->n_fates || sc->n_also)) {
		struct rp_buf who = RP_BUF_INIT;
		enum rp_fate fate = !ns ? RP_FATE_REMOVED : sc->text_changed ? RP_FATE_REVISED : RP_FATE_UNCHANGED;

		rc = md_members(&who, c, sc, fate, 0, a, &n);
		if (!rc && n)
			rc = rp_buf_addf(b, "; commented on by %s", who.buf);
		rp_buf_release(&who);
	}
	if (!rc)
		rc = rp_buf_adds(b, "\n");
	return rc;
}

static int render_markdown(struct rp_buf *b, const struct rp_changes *c, enum rp_attribution a)
{
	size_t i, heading;
	int rc;

	/* Two drafts of the same version (one added again, or a revision added without
	 * --revises) are told apart by their ids: "version 1 since version 1" says nothing. */
	if (c->new_version > c->old->version)
		rc = rp_buf_addf(b, "# Changes in version %d since version %d: ", c->new_version,
				 c->old->version);
	else
		rc = rp_buf_addf(b, "# Changes in draft %lld (version %d) since draft %lld (version %d): ",
				 (long long)c->new_draft, c->new_version, (long long)c->old->draft,
				 c->old->version);
	if (!rc)
		rc = rp_report_md_text(b, c->new_title);
	if (!rc)
		rc = rp_buf_addf(b,
				 "\n\n%zu section%s revised, %zu new, %zu removed, %zu renumbered; "
				 "%zu of %zu proposed wording%s adopted.\n",
				 c->n_revised, c->n_revised == 1 ? "" : "s", c->n_new, c->n_removed,
				 c->n_renumbered, c->n_adopted, c->n_proposals, c->n_proposals == 1 ? "" : "s");
	if (!rc)
		rc = rp_buf_adds(b, "\n## Changed sections\n\n");
	for (i = 0; !rc && i < c->n_sections; i++) {
		const struct rp_section_change *sc = &c->sections[i];

		if (sc->old_section >= 0 && sc->new_section >= 0 && !sc->text_changed && !sc->renumbered)
			continue;
		rc = md_change(b, c, sc, a);
	}
	/* The heading only over sections to list. */
	for (i = 0, heading = 0; !rc && i < c->n_sections; i++) {
		const struct rp_section_change *sc = &c->sections[i];

		if (!(sc->old_section >= 0 && sc->new_section >= 0 && !sc->text_changed &&
		      !sc->renumbered && (sc->n_fates || sc->n_also)))
			continue;
		if (!heading++)
			rc = rp_buf_adds(b, "\n## Unchanged sections that received comments\n\n");
		if (!rc)
			rc = md_change(b, c, sc, a);
	}
	return rc;
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *json_section(const struct rp_section *s)
{
	if (!s)
		return json_null();
	return json_pack("{s:o, s:o}", "number", jstr(s->number), "heading", jstr(s->heading));
}

static int render_json(struct rp_buf *b, const struct rp_changes *c, enum rp_attribution a)
{
	json_t *root, *secs, *pts;
	char *text;
	size_t i;
	int rc = 0;

	secs = json_array();
	pts = json_array();
	for (i = 0; secs && i < c->n_sections; i++) {
		const struct rp_section_change *sc = &c->sections[i];
		const struct rp_section *os = sc->old_section >= 0 ? &c->old_doc->sections[sc->old_section] : NULL;
		const struct rp_section *ns = sc->new_section >= 0 ? &c->new_doc->sections[sc->new_section] : NULL;
		const char *kind = !os ? "new" : !ns ? "removed" : sc->text_changed ? "revised" : "unchanged";
		json_t *ids = json_array();
		size_t k;

		for (k = 0; ids && k < sc->n_fates; k++)
			json_array_append_new(ids, json_integer(c->fates[sc->fates[k]].point));
		for (k = 0; ids && k < sc->n_also; k++)
			json_array_append_new(ids, json_integer(c->fates[sc->also[k]].point));
		json_array_append_new(secs, json_pack("{s:s, s:o, s:o, s:b, s:f, s:o}", "change", kind,
						      "old", json_section(os), "new", json_section(ns),
						      "renumbered", sc->renumbered, "similarity",
						      sc->similarity, "points", ids ? ids : json_array()));
	}
	for (i = 0; pts && i < c->n_fates; i++) {
		const struct rp_point_fate *f = &c->fates[i];
		const struct rp_report_row *row = &c->old->matrix[f->row];
		const char *who = row->member == RP_REPORT_NOBODY ? NULL : rp_report_who(c->old, a, row->member);

		json_array_append_new(
			pts, json_pack("{s:I, s:o, s:o, s:o, s:s, s:o, s:o}", "point", (json_int_t)f->point,
				       "member", jstr(who), "message_id",
				       jstr(a == RP_ATTR_NONE ? NULL : row->message_id), "section",
				       jstr(row->section), "fate", rp_fate_name(f->fate), "new_section",
				       f->new_section >= 0 ? jstr(rp_section_ref(
								   c->new_doc->sections[f->new_section].number,
								   c->new_doc->sections[f->new_section].heading))
							   : json_null(),
				       "proposed", jstr(row->proposed)));
	}
	root = json_pack("{s:i, s:{s:I, s:i}, s:{s:I, s:i, s:o}, s:{s:I, s:I, s:I, s:I, s:I, s:I}, s:o, s:o}",
			 "schema_version", RP_REPORT_SCHEMA_VERSION, "old", "draft", (json_int_t)c->old->draft,
			 "version", c->old->version, "new", "draft", (json_int_t)c->new_draft, "version",
			 c->new_version, "title", jstr(c->new_title), "summary", "revised",
			 (json_int_t)c->n_revised, "new", (json_int_t)c->n_new, "removed",
			 (json_int_t)c->n_removed, "renumbered", (json_int_t)c->n_renumbered, "proposals",
			 (json_int_t)c->n_proposals, "adopted", (json_int_t)c->n_adopted, "sections",
			 secs ? secs : json_array(), "points", pts ? pts : json_array());
	if (!root)
		return RP_ENOMEM;
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!text)
		return RP_ENOMEM;
	rc = rp_buf_adds(b, text);
	if (!rc)
		rc = rp_buf_adds(b, "\n");
	free(text);
	return rc;
}

int rp_changes_render(struct rp_buf *out, const struct rp_changes *c,
		      const struct rp_report_options *o, struct rp_error *err)
{
	int rc;

	if (o->format == RP_REPORT_MARKDOWN)
		rc = render_markdown(out, c, o->attribution);
	else if (o->format == RP_REPORT_JSON)
		rc = render_json(out, c, o->attribution);
	else
		return rp_error_set(err, RP_EUSAGE, "compile",
				    "--changes-since writes markdown or json, not that format");
	return rc ? rp_error_set(err, rc, "changes", "out of memory or output too large") : 0;
}
