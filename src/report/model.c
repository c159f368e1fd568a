/* model: builds the consolidated document's in-memory model (struct rp_report) of one draft
 * from the store: the draft and its sections, the per-section consensus (levels, clusters,
 * amendments, objections, questions from rp_consensus_compute), the participants and the
 * comment matrix with the dispositions recorded as manual decisions. Everything is copied, in
 * a deterministic order, so renderers need nothing else. */
#include <stdlib.h>
#include <string.h>

#include "rapporteur/members.h"
#include "rapporteur/text.h"
#include "report-private.h"

/* The member's canonical address, as the consensus computes it: through member_alias,
 * joined as RP_SQL_ROSTER's roster_alias ra (a subquery per row scanned the roster). */
#define ADDR_EXPR "coalesce(ra.address, lower(m.from_addr), '')"
#define ADDR_JOIN " LEFT JOIN roster_alias ra ON ra.alias = lower(m.from_addr)"
/* A point's author: the writer of the forwarded message it was read from, else its
 * message's sender (RP_SQL_FWD_ADDR). */
#define FWD_ADDR RP_SQL_FWD_ADDR("p.source")
#define POINT_ADDR_EXPR "coalesce(ra.address, " FWD_ADDR ", lower(m.from_addr), '')"
#define POINT_ADDR_JOIN                                                                      \
	" LEFT JOIN roster_alias ra ON ra.alias = coalesce(" FWD_ADDR ", lower(m.from_addr))"

static void *grow(void *arr, size_t *alloc, size_t n, size_t size)
{
	size_t na;
	void *p;

	if (n < *alloc)
		return arr;
	na = *alloc ? *alloc * 2 : 8;
	p = realloc(arr, na * size);
	if (p)
		*alloc = na;
	return p;
}

size_t rp_report_find_participant(const struct rp_report *r, const char *address)
{
	size_t i;

	for (i = 0; address && i < r->n_participants; i++)
		if (strcmp(r->participants[i].address, address) == 0)
			return i;
	return RP_REPORT_NOBODY;
}

static int load_draft(struct rp_report *r, struct rp_store *s, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, oom = 0;

	rc = rp_store_prepare(s, &st,
			      "SELECT d.title, d.version, d.circulated, l.name,"
			      /* The circulating message dates the draft; the row's creation time is
			       * when it was added here, which would make outputs differ per store. */
			      " coalesce((SELECT date FROM message WHERE message_id = d.circulated"
			      "  ORDER BY id LIMIT 1), d.created),"
			      " (SELECT subject FROM message WHERE message_id = d.circulated ORDER BY id LIMIT 1),"
			      " coalesce(d.revises, 0)"
			      " FROM draft d LEFT JOIN list l ON l.id = d.list_id WHERE d.id = ?",
			      err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, r->draft);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (rc == SQLITE_DONE)
			return rp_error_set(err, RP_ENOTFOUND, "report", "no draft %lld",
					    (long long)r->draft);
		return rp_store_error(s, err, "reading the draft");
	}
	r->title = rp_report_coldup(st, 0, &oom);
	r->version = sqlite3_column_int(st, 1);
	r->circulated = rp_report_coldup(st, 2, &oom);
	r->list = rp_report_coldup(st, 3, &oom);
	r->created = sqlite3_column_int64(st, 4);
	r->circulated_subject = rp_report_coldup(st, 5, &oom);
	r->revises = sqlite3_column_int64(st, 6);
	sqlite3_finalize(st);
	if (oom || !r->title)
		return rp_error_set(err, RP_ENOMEM, "report", "out of memory");

	rc = rp_store_prepare(s, &st,
			      "SELECT count(*), min(m.date), max(m.date) FROM draft_message dm"
			      " JOIN message m ON m.id = dm.message WHERE dm.draft = ? AND dm.included",
			      err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, r->draft);
	if (sqlite3_step(st) == SQLITE_ROW) {
		r->messages_read = (size_t)sqlite3_column_int64(st, 0);
		r->period_from = sqlite3_column_int64(st, 1);
		r->period_to = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	return 0;
}

/* Sections in draft order; ids[] receives their rowids for matching anchors. */
static int load_sections(struct rp_report *r, struct rp_store *s, int64_t **ids,
			 struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t alloc = 0;
	int rc, oom = 0;
	void *p;

	rc = rp_store_prepare(s, &st,
			      "SELECT id, number, heading, level FROM section WHERE draft = ? ORDER BY ordinal",
			      err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, r->draft);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t a2 = alloc;
		struct rp_report_section *sec;

		if (!(p = grow(r->sections, &alloc, r->n_sections, sizeof(*r->sections))))
			goto nomem;
		r->sections = p;
		if (!(p = grow(*ids, &a2, r->n_sections, sizeof(**ids))))
			goto nomem;
		*ids = p;
		sec = &r->sections[r->n_sections];
		memset(sec, 0, sizeof(*sec));
		(*ids)[r->n_sections] = sqlite3_column_int64(st, 0);
		r->n_sections++;
		sec->number = rp_report_coldup(st, 1, &oom);
		sec->heading = rp_report_coldup(st, 2, &oom);
		sec->level = sqlite3_column_int(st, 3);
		if (sec->level < 1)
			sec->level = 1;
		if (oom)
			goto nomem;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rp_store_error(s, err, "reading sections");
	return 0;
nomem:
	sqlite3_finalize(st);
	return rp_error_set(err, RP_ENOMEM, "report", "out of memory");
}

/* Everyone with an included message or a point on the draft, by name then address. */
/* The order of the query below (lower() folds ASCII only): by name, else address, then
 * address. */
static int cmp_participant(const void *a, const void *b)
{
	const struct rp_report_participant *x = a, *y = b;
	int c = rp_ascii_casecmp(x->name ? x->name : x->address, y->name ? y->name : y->address);

	return c ? c : strcmp(x->address, y->address);
}

/* A writer whose comments a member forwarded is credited with them, "Fatou Ndiaye
 * (forwarded by Ana Souza)": forwarded_by, the forwarding member's address as read, becomes
 * their name as the document shows it. */
static int credit_forwarded(struct rp_report *r)
{
	struct rp_buf b = RP_BUF_INIT;
	size_t i, k;

	for (i = 0; i < r->n_participants; i++) {
		struct rp_report_participant *p = &r->participants[i];
		char *by;

		if (!p->forwarded_by)
			continue;
		k = rp_report_find_participant(r, p->forwarded_by);
		by = rp_strdup(k == RP_REPORT_NOBODY ? p->forwarded_by
						     : rp_report_name(r, k));
		rp_buf_clear(&b);
		if (!by || rp_buf_addf(&b, "%s (forwarded by %s)", rp_report_name(r, i), by)) {
			free(by);
			rp_buf_release(&b);
			return RP_ENOMEM;
		}
		free(p->forwarded_by);
		p->forwarded_by = by;
		if (!(p->credit = rp_strdup(b.buf))) {
			rp_buf_release(&b);
			return RP_ENOMEM;
		}
		rp_buf_clear(&b);
		if (rp_buf_addf(&b, "%s, forwarded by %s", rp_report_name(r, i), by) ||
		    !(p->credit_within = rp_strdup(b.buf))) {
			rp_buf_release(&b);
			return RP_ENOMEM;
		}
	}
	rp_buf_release(&b);
	return 0;
}

static int load_participants(struct rp_report *r, struct rp_store *s, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t alloc = 0;
	int rc, oom = 0, reordered = 0;
	void *p;

	rc = rp_store_prepare(
		s, &st,
		"WITH " RP_SQL_ROSTER ", pm AS (SELECT m.id AS id, " ADDR_EXPR " AS addr,"
		"  m.from_name AS fname, NULL AS fwd_by FROM message m" ADDR_JOIN
		"  WHERE m.id IN (SELECT message FROM draft_message WHERE draft = ?1 AND included)"
		"  OR m.id IN (SELECT message FROM point WHERE draft = ?1)"
		/* the writers of forwarded comments, with the member who forwarded them */
		"  UNION SELECT m.id, coalesce(rf.address, " FWD_ADDR "), " RP_SQL_FWD_NAME("p.source")
		"  , " ADDR_EXPR " FROM point p JOIN message m ON m.id = p.message" ADDR_JOIN
		"  LEFT JOIN roster_alias rf ON rf.alias = " FWD_ADDR
		"  WHERE p.draft = ?1 AND " RP_SQL_FWD_IS("p.source") "),"
		" pa AS (SELECT addr, count(DISTINCT id) AS n, max(fname) AS fname,"
		"  CASE WHEN count(fwd_by) = count(*) THEN min(fwd_by) END AS fwd_by"
		"  FROM pm GROUP BY addr)"
		" SELECT addr, coalesce(r.name, fname), r.affiliation, n, r.name IS NULL, fwd_by"
		" FROM pa LEFT JOIN roster r ON r.address = pa.addr"
		" ORDER BY lower(coalesce(r.name, fname, addr)), addr",
		err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, r->draft);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rp_report_participant *pp;

		if (!(p = grow(r->participants, &alloc, r->n_participants, sizeof(*pp))))
			goto nomem;
		r->participants = p;
		pp = &r->participants[r->n_participants++];
		memset(pp, 0, sizeof(*pp));
		pp->address = rp_report_coldup(st, 0, &oom);
		pp->name = rp_report_coldup(st, 1, &oom);
		pp->affiliation = rp_report_coldup(st, 2, &oom);
		pp->n_messages = (size_t)sqlite3_column_int64(st, 3);
		pp->forwarded_by = rp_report_coldup(st, 5, &oom); /* an address until named */
		if (oom || !pp->address)
			goto nomem;
		/* A sender's "Whitaker, John" reads "John Whitaker", as a roster names people; a
		 * roster's own name is kept as typed. */
		if (sqlite3_column_int(st, 4) && pp->name) {
			char *natural = NULL;
			if (rp_text_natural_name(pp->name, &natural))
				goto nomem;
			if (natural) {
				free(pp->name);
				pp->name = natural;
				reordered = 1;
			}
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rp_store_error(s, err, "reading participants");
	if (reordered)
		qsort(r->participants, r->n_participants, sizeof(*r->participants), cmp_participant);
	return credit_forwarded(r) ? rp_error_set(err, RP_ENOMEM, "report", "out of memory") : 0;
nomem:
	sqlite3_finalize(st);
	return rp_error_set(err, RP_ENOMEM, "report", "out of memory");
}

static size_t section_index(const int64_t *ids, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; id && i < n; i++)
		if (ids[i] == id)
			return i;
	return n; /* general */
}

/* One row per point, with its best anchor and the recorded disposition. */
static int load_matrix(struct rp_report *r, struct rp_store *s, const int64_t *ids,
		       struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t alloc = 0;
	int rc, oom = 0;
	void *p;

	rc = rp_store_prepare(
		s, &st,
		"WITH " RP_SQL_ROSTER " SELECT p.id, " POINT_ADDR_EXPR ","
		" (SELECT a.section FROM anchor a JOIN section s ON s.id = a.section WHERE a.point = p.id"
		"  ORDER BY a.confidence DESC, s.ordinal LIMIT 1),"
		" st.label, p.text, st.proposed, d.value, n.value, m.message_id, coalesce(m.date, 0)"
		" FROM point p JOIN message m ON m.id = p.message" POINT_ADDR_JOIN
		" LEFT JOIN stance st ON st.point = p.id"
		" LEFT JOIN decision d ON d.draft = p.draft AND d.message_id = m.message_id"
		"  AND d.ordinal = p.ordinal AND d.key = 'disposition'"
		/* `set POINT note=TEXT` is a decision of its own (decision.c) */
		" LEFT JOIN decision n ON n.draft = p.draft AND n.message_id = m.message_id"
		"  AND n.ordinal = p.ordinal AND n.key = 'note'"
		" WHERE p.draft = ? ORDER BY coalesce(m.date, 0), m.message_id, p.ordinal, p.id",
		err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, r->draft);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rp_report_row *row;
		char *addr = NULL;

		if (!(p = grow(r->matrix, &alloc, r->n_matrix, sizeof(*row))))
			goto nomem;
		r->matrix = p;
		row = &r->matrix[r->n_matrix++];
		memset(row, 0, sizeof(*row));
		row->point = sqlite3_column_int64(st, 0);
		addr = rp_report_coldup(st, 1, &oom);
		row->member = rp_report_find_participant(r, addr);
		free(addr);
		row->in_section = section_index(ids, r->n_sections, sqlite3_column_int64(st, 2));
		if (row->in_section < r->n_sections)
			row->section = rp_strdup(rp_section_ref(r->sections[row->in_section].number,
								r->sections[row->in_section].heading));
		row->bullet = -1;
		row->type = rp_report_coldup(st, 3, &oom);
		row->comment = rp_report_coldup(st, 4, &oom);
		row->proposed = rp_report_coldup(st, 5, &oom);
		row->disposition = rp_report_coldup(st, 6, &oom);
		row->note = rp_report_coldup(st, 7, &oom);
		row->message_id = rp_report_coldup(st, 8, &oom);
		row->date = sqlite3_column_int64(st, 9);
		if (oom || !row->comment || (row->in_section < r->n_sections && !row->section))
			goto nomem;
		if (row->member != RP_REPORT_NOBODY)
			r->participants[row->member].n_points++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rp_store_error(s, err, "reading points");
	return 0;
nomem:
	sqlite3_finalize(st);
	return rp_error_set(err, RP_ENOMEM, "report", "out of memory");
}

static int copy_items(struct rp_report *r, struct rp_report_item **out, size_t *n_out,
		      const struct rp_consensus_item *v, size_t n)
{
	size_t i;

	if (!n)
		return 0;
	*out = calloc(n, sizeof(**out));
	if (!*out)
		return RP_ENOMEM;
	*n_out = n;
	for (i = 0; i < n; i++) {
		const struct rp_report_row *row = rp_report_row_of(r, v[i].point);
		struct rp_report_item *it = &(*out)[i];

		it->point = v[i].point;
		it->member = rp_report_find_participant(r, v[i].member.address);
		it->answered = v[i].answered;
		it->text = rp_xstrdup_or_empty(v[i].text);
		it->proposed = rp_strdup(v[i].proposed);
		it->message_id = rp_xstrdup_or_empty(row ? row->message_id : NULL);
		if (!it->text || !it->message_id || (v[i].proposed && !it->proposed))
			return RP_ENOMEM;
	}
	return 0;
}

static int add_unique_str(char ***v, size_t *n, const char *s)
{
	size_t i;
	char **p;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0)
			return 0;
	p = realloc(*v, (*n + 1) * sizeof(**v));
	if (!p)
		return RP_ENOMEM;
	*v = p;
	if (!(p[*n] = rp_strdup(s)))
		return RP_ENOMEM;
	(*n)++;
	return 0;
}

static int copy_cluster(struct rp_report *r, struct rp_report_bullet *b, const struct rp_cluster *cl,
			size_t sec, long bullet)
{
	size_t i, k;

	b->stance = cl->label;
	b->representative = cl->representative_point;
	b->text = rp_xstrdup_or_empty(cl->representative);
	if (!b->text)
		return RP_ENOMEM;
	if (cl->n_points && !(b->points = calloc(cl->n_points, sizeof(*b->points))))
		return RP_ENOMEM;
	if (cl->n_members && !(b->members = calloc(cl->n_members, sizeof(*b->members))))
		return RP_ENOMEM;
	for (i = 0; i < cl->n_members; i++) {
		size_t m = rp_report_find_participant(r, cl->members[i].address);

		for (k = 0; k < b->n_members && b->members[k] != m; k++)
			;
		if (k == b->n_members)
			b->members[b->n_members++] = m;
	}
	for (i = 0; i < cl->n_points; i++) {
		struct rp_report_row *row = (struct rp_report_row *)rp_report_row_of(r, cl->points[i]);

		b->points[b->n_points++] = cl->points[i];
		if (!row)
			continue;
		if (add_unique_str(&b->message_ids, &b->n_message_ids, row->message_id))
			return RP_ENOMEM;
		/* A point anchored to several sections is reported at its best anchor, and
		 * credited in the others' bullets too. */
		if (row->bullet < 0 && row->in_section == sec)
			row->bullet = bullet;
		for (k = 0; k < row->n_also; k++)
			if (row->also[k] == sec && row->also_bullet[k] < 0)
				row->also_bullet[k] = bullet;
	}
	return 0;
}

/* Matrix rows by point id, for effective_types: a look-up per stance event rather than a
 * scan of the whole matrix, which a large discussion makes quadratic. */
static int cmp_row_point(const void *a, const void *b, void *ctx)
{
	const struct rp_report *r = ctx;
	int64_t x = r->matrix[*(const size_t *)a].point, y = r->matrix[*(const size_t *)b].point;

	return (x > y) - (x < y);
}

static size_t *rows_by_point(const struct rp_report *r)
{
	size_t *v = malloc((r->n_matrix ? r->n_matrix : 1) * sizeof(*v)), i;

	if (!v)
		return NULL;
	for (i = 0; i < r->n_matrix; i++)
		v[i] = i;
	qsort_r(v, r->n_matrix, sizeof(*v), cmp_row_point, (void *)r);
	return v;
}

/* The label row counts for in sec, one of its other anchors: the type its best anchor
 * gives may not hold there. The latest event's. */
static int also_type(struct rp_report_row *row, size_t sec, const char *name)
{
	size_t k;

	for (k = 0; k < row->n_also; k++)
		if (row->also[k] == sec) {
			free(row->also_type[k]);
			row->also_type[k] = NULL;
			if (name && !(row->also_type[k] = rp_strdup(name)))
				return RP_ENOMEM;
		}
	return 0;
}

/* The matrix shows the label a point counts for, as the summary does: "+1 to Bob" when Bob
 * objects is an objection in both places, not "support" in one and "object" in the other. */
static int effective_types(struct rp_report *r, const size_t *by_point, size_t sec,
			   const struct rp_section_consensus *sc)
{
	size_t i, k;
	int rc;

	for (i = 0; i < sc->n_positions; i++)
		for (k = 0; k < sc->positions[i].n_history; k++) {
			const struct rp_stance_event *ev = &sc->positions[i].history[k];
			const char *name = rp_stance_name(ev->label);
			size_t lo = 0, hi = r->n_matrix;
			struct rp_report_row *row;
			char *t;

			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (r->matrix[by_point[mid]].point < ev->point)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo == r->n_matrix || r->matrix[by_point[lo]].point != ev->point)
				continue;
			row = &r->matrix[by_point[lo]];
			if (row->in_section != sec) {
				if ((rc = also_type(row, sec, name)))
					return rc;
				continue;
			}
			if (row->type && strcmp(row->type, name) == 0)
				continue;
			if (!(t = rp_strdup(name)))
				return RP_ENOMEM;
			free(row->type);
			row->type = t;
		}
	return 0;
}

static int copy_section(struct rp_report *r, const size_t *by_point,
			struct rp_report_section *dst, size_t sec, const struct rp_section_consensus *sc)
{
	size_t i;
	int rc;

	if ((rc = effective_types(r, by_point, sec, sc)))
		return rc;
	dst->consensus = sc->level;
	memcpy(dst->count, sc->count, sizeof(dst->count));
	if (sc->n_clusters && !(dst->bullets = calloc(sc->n_clusters, sizeof(*dst->bullets))))
		return RP_ENOMEM;
	for (i = 0; i < sc->n_clusters; i++) {
		dst->n_bullets++;
		if ((rc = copy_cluster(r, &dst->bullets[i], &sc->clusters[i], sec, (long)i)))
			return rc;
	}
	if ((rc = copy_items(r, &dst->amendments, &dst->n_amendments, sc->amendments,
			     sc->n_amendments)) ||
	    (rc = copy_items(r, &dst->open_objections, &dst->n_open_objections,
			     sc->open_objections, sc->n_open_objections)) ||
	    (rc = copy_items(r, &dst->questions, &dst->n_questions, sc->questions, sc->n_questions)))
		return rc;
	return 0;
}

/* Add section sec to row's other anchors, unless it is already one of them. */
static int add_also(struct rp_report_row *row, size_t sec)
{
	size_t k;
	void *p;

	for (k = 0; k < row->n_also; k++)
		if (row->also[k] == sec)
			return 0;
	if (!(p = realloc(row->also, (row->n_also + 1) * sizeof(*row->also))))
		return RP_ENOMEM;
	row->also = p;
	if (!(p = realloc(row->also_bullet, (row->n_also + 1) * sizeof(*row->also_bullet))))
		return RP_ENOMEM;
	row->also_bullet = p;
	if (!(p = realloc(row->also_type, (row->n_also + 1) * sizeof(*row->also_type))))
		return RP_ENOMEM;
	row->also_type = p;
	row->also[row->n_also] = sec;
	row->also_type[row->n_also] = NULL;
	row->also_bullet[row->n_also++] = -1;
	return 0;
}

/* Every anchor of each point besides its best: a point "on 3.9 and 3.10" counts in the
 * consensus of both (rp_consensus_compute), so the participants, the check and the
 * changes since this version credit it in both as well. */
static int load_also(struct rp_report *r, struct rp_store *s, const int64_t *ids,
		     struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t *by_point = rows_by_point(r);
	int rc, step = SQLITE_DONE, oom = 0;

	if (!by_point)
		return rp_error_set(err, RP_ENOMEM, "report", "out of memory");
	if ((rc = rp_store_prepare(s, &st,
				   "SELECT a.point, a.section FROM anchor a JOIN point p ON p.id = a.point"
				   " JOIN section s ON s.id = a.section WHERE p.draft = ?1"
				   " ORDER BY a.point, s.ordinal",
				   err))) {
		free(by_point);
		return rc;
	}
	sqlite3_bind_int64(st, 1, r->draft);
	while (!oom && (step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t point = sqlite3_column_int64(st, 0);
		size_t sec = section_index(ids, r->n_sections, sqlite3_column_int64(st, 1));
		size_t lo = 0, hi = r->n_matrix;
		struct rp_report_row *row;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (r->matrix[by_point[mid]].point < point)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == r->n_matrix || r->matrix[by_point[lo]].point != point)
			continue;
		row = &r->matrix[by_point[lo]];
		if (sec < r->n_sections && sec != row->in_section && add_also(row, sec))
			oom = 1;
	}
	sqlite3_finalize(st);
	free(by_point);
	if (oom)
		return rp_error_set(err, RP_ENOMEM, "report", "out of memory");
	if (step != SQLITE_DONE)
		return rp_store_error(s, err, "reading anchors");
	return 0;
}

/* The one place the per-section consensus enters the model. */
static int load_consensus(struct rp_report *r, struct rp_store *s, const int64_t *ids,
			  const struct rp_consensus_config *cfg, struct rp_error *err)
{
	struct rp_consensus c;
	size_t i, *by_point;
	int rc;

	memset(&c, 0, sizeof(c));
	rc = rp_consensus_compute(&c, s, r->draft, cfg, err);
	if (rc)
		return rc;
	if (!(by_point = rows_by_point(r)))
		rc = RP_ENOMEM;
	for (i = 0; i < c.n_sections && !rc; i++) {
		size_t k = section_index(ids, r->n_sections, c.sections[i].section);
		struct rp_report_section *dst = k < r->n_sections ? &r->sections[k] : &r->general;

		if (dst->bullets || dst->n_amendments || dst->n_questions || dst->n_open_objections)
			continue; /* already filled: the consensus lists each section once */
		rc = copy_section(r, by_point, dst, k, &c.sections[i]);
	}
	free(by_point);
	rp_consensus_release(&c);
	if (rc)
		return rp_error_set(err, rc, "report", "out of memory");
	return 0;
}

/* Sections each participant commented on, in draft order then "general". */
static int participant_sections(struct rp_report *r)
{
	size_t ns = r->n_sections + 1, i, k;
	unsigned char *seen = NULL;
	int rc = 0;

	if (!r->n_participants)
		return 0;
	seen = calloc(r->n_participants * ns, 1);
	if (!seen)
		return RP_ENOMEM;
	for (i = 0; i < r->n_matrix; i++)
		if (r->matrix[i].member != RP_REPORT_NOBODY) {
			seen[r->matrix[i].member * ns + r->matrix[i].in_section] = 1;
			for (k = 0; k < r->matrix[i].n_also; k++)
				seen[r->matrix[i].member * ns + r->matrix[i].also[k]] = 1;
		}
	for (i = 0; i < r->n_participants && !rc; i++)
		for (k = 0; k < ns && !rc; k++) {
			struct rp_report_participant *pp = &r->participants[i];
			const char *num;

			if (!seen[i * ns + k])
				continue;
			num = k < r->n_sections
				      ? rp_section_ref(r->sections[k].number, r->sections[k].heading)
				      : "general";
			rc = add_unique_str(&pp->sections, &pp->n_sections, num);
		}
	free(seen);
	return rc;
}

int rp_report_build(struct rp_report **out, struct rp_store *s, int64_t draft,
		    const struct rp_consensus_config *cfg, struct rp_error *err)
{
	struct rp_report *r = NULL;
	int64_t *ids = NULL;
	int rc;

	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return rp_error_set(err, RP_ENOMEM, "report", "out of memory");
	r->draft = draft;
	r->general.level = 1;
	if ((rc = load_draft(r, s, err)) || (rc = load_sections(r, s, &ids, err)) ||
	    (rc = load_participants(r, s, err)) || (rc = load_matrix(r, s, ids, err)) ||
	    (rc = load_also(r, s, ids, err)) || (rc = load_consensus(r, s, ids, cfg, err)))
		goto cleanup;
	if ((rc = participant_sections(r))) {
		rp_error_set(err, rc, "report", "out of memory");
		goto cleanup;
	}
	*out = r;
	r = NULL;
cleanup:
	free(ids);
	rp_report_free(r);
	return rc;
}

static void bullets_free(struct rp_report_bullet *b, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		free(b[i].text);
		free(b[i].members);
		free(b[i].points);
		for (k = 0; k < b[i].n_message_ids; k++)
			free(b[i].message_ids[k]);
		free(b[i].message_ids);
	}
	free(b);
}

static void items_free(struct rp_report_item *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++) {
		free(v[i].text);
		free(v[i].proposed);
		free(v[i].message_id);
	}
	free(v);
}

static void section_release(struct rp_report_section *sec)
{
	free(sec->number);
	free(sec->heading);
	bullets_free(sec->bullets, sec->n_bullets);
	items_free(sec->amendments, sec->n_amendments);
	items_free(sec->open_objections, sec->n_open_objections);
	items_free(sec->questions, sec->n_questions);
}

void rp_report_free(struct rp_report *r)
{
	size_t i, k;

	if (!r)
		return;
	free(r->title);
	free(r->circulated);
	free(r->circulated_subject);
	free(r->list);
	for (i = 0; i < r->n_sections; i++)
		section_release(&r->sections[i]);
	free(r->sections);
	section_release(&r->general);
	for (i = 0; i < r->n_participants; i++) {
		free(r->participants[i].address);
		free(r->participants[i].name);
		free(r->participants[i].affiliation);
		free(r->participants[i].forwarded_by);
		free(r->participants[i].credit);
		free(r->participants[i].credit_within);
		for (k = 0; k < r->participants[i].n_sections; k++)
			free(r->participants[i].sections[k]);
		free(r->participants[i].sections);
	}
	free(r->participants);
	for (i = 0; i < r->n_matrix; i++) {
		struct rp_report_row *row = &r->matrix[i];

		free(row->section);
		free(row->type);
		free(row->comment);
		free(row->proposed);
		free(row->disposition);
		free(row->note);
		free(row->message_id);
		for (k = 0; k < row->n_also; k++)
			free(row->also_type[k]);
		free(row->also);
		free(row->also_bullet);
		free(row->also_type);
	}
	free(r->matrix);
	free(r);
}
