/* json: the whole report model as JSON through jansson (RFC 8259), keys sorted and indented
 * by two, so the same store gives the same bytes. The shape is versioned
 * (RP_REPORT_SCHEMA_VERSION) and documented in doc/report-schema.md. Under the Chatham House
 * rule (attribution none) no name, address or affiliation is written: only counts. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report-private.h"

static int has_bidi_control(const char *s)
{
	for (; *s; s++)
		if (rp_utf8_bidi_control(s, strnlen(s, 3)))
			return 1;
	return 0;
}

/* A JSON string from text that should be UTF-8; invalid bytes become U+FFFD rather than
 * making jansson refuse the whole string, and directional overrides are dropped as in every
 * other format (a viewer of the file would show them). NULL gives JSON null. */
static json_t *js(const char *s)
{
	json_t *j;
	char *fixed;

	if (!s)
		return json_null();
	if (rp_utf8_valid(s, strlen(s)) && !has_bidi_control(s))
		return json_string(s);
	fixed = rp_utf8_sanitize(s, strlen(s), NULL);
	if (fixed)
		rp_utf8_strip_bidi(fixed, strlen(fixed));
	j = fixed ? json_string(fixed) : NULL;
	free(fixed);
	return j;
}

static json_t *jdate(int64_t t)
{
	char iso[21];

	if (!t)
		return json_null();
	rp_time_iso(t, iso);
	return json_string(iso);
}

static json_t *who(struct rp_render_ctx *c, size_t m)
{
	if (c->o->attribution == RP_ATTR_NONE)
		return json_null();
	return js(rp_report_who(c->r, c->o->attribution, m));
}

/* A Message-ID, null under the Chatham House rule: it often names its writer. */
static json_t *mid(struct rp_render_ctx *c, const char *id)
{
	return c->o->attribution == RP_ATTR_NONE ? json_null() : js(id);
}

static json_t *items(struct rp_render_ctx *c, const struct rp_report_item *v, size_t n,
		     int kind)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < n; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "point", json_integer(v[i].point));
		json_object_set_new(o, "member", who(c, v[i].member));
		json_object_set_new(o, "text", js(v[i].text));
		json_object_set_new(o, "message_id", mid(c, v[i].message_id));
		if (kind == 1)
			json_object_set_new(o, "proposed", js(v[i].proposed));
		if (kind == 2)
			json_object_set_new(o, "answered", json_boolean(v[i].answered));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *bullet(struct rp_render_ctx *c, const struct rp_report_bullet *b)
{
	json_t *o = json_object(), *m = json_array(), *ids = json_array(), *pts = json_array();
	size_t i;

	for (i = 0; c->o->attribution != RP_ATTR_NONE && i < b->n_members; i++)
		json_array_append_new(m, who(c, b->members[i]));
	for (i = 0; c->o->attribution != RP_ATTR_NONE && i < b->n_message_ids; i++)
		json_array_append_new(ids, js(b->message_ids[i]));
	for (i = 0; i < b->n_points; i++)
		json_array_append_new(pts, json_integer(b->points[i]));
	json_object_set_new(o, "text", js(b->text));
	json_object_set_new(o, "stance", js(rp_stance_name(b->stance)));
	json_object_set_new(o, "members", m);
	json_object_set_new(o, "member_count", json_integer((json_int_t)b->n_members));
	json_object_set_new(o, "message_ids", ids);
	json_object_set_new(o, "points", pts);
	return o;
}

static int json_begin(struct rp_render_ctx *c)
{
	const struct rp_report *r = c->r;
	json_t *root = json_object(), *d = json_object();
	static const char *const attr[] = { "names", "affiliations", "none" };

	if (!root || !d) {
		json_decref(root);
		json_decref(d);
		return RP_ENOMEM;
	}
	c->state = root;
	json_object_set_new(root, "schema_version", json_integer(RP_REPORT_SCHEMA_VERSION));
	json_object_set_new(root, "attribution", json_string(attr[c->o->attribution]));
	json_object_set_new(d, "id", json_integer(r->draft));
	json_object_set_new(d, "title", js(r->title));
	json_object_set_new(d, "version", json_integer(r->version));
	json_object_set_new(d, "date", jdate(r->created));
	json_object_set_new(d, "circulated", js(r->circulated));
	json_object_set_new(d, "list", js(r->list));
	json_object_set_new(d, "period_from", jdate(r->period_from));
	json_object_set_new(d, "period_to", jdate(r->period_to));
	json_object_set_new(d, "messages_read", json_integer((json_int_t)r->messages_read));
	json_object_set_new(d, "participant_count", json_integer((json_int_t)r->n_participants));
	json_object_set_new(root, "draft", d);
	json_object_set_new(root, "sections", json_array());
	return 0;
}

static int json_section(struct rp_render_ctx *c, const struct rp_report_section *sec, int general)
{
	json_t *o = json_object(), *b = json_array(), *counts = json_object();
	size_t i;
	int l;

	if (!o || !b || !counts) {
		json_decref(o);
		json_decref(b);
		json_decref(counts);
		return RP_ENOMEM;
	}
	json_object_set_new(o, "number", js(general ? NULL : sec->number));
	json_object_set_new(o, "heading", js(general ? "General comments" : sec->heading));
	json_object_set_new(o, "level", json_integer(sec->level));
	json_object_set_new(o, "consensus", json_string(rp_consensus_level_name(sec->consensus)));
	json_object_set_new(o, "no_comments", json_boolean(rp_report_section_empty(sec)));
	for (l = RP_STANCE_SUPPORT; l <= RP_STANCE_NOTE; l++)
		json_object_set_new(counts, rp_stance_name((enum rp_stance_label)l),
				    json_integer((json_int_t)sec->count[l]));
	json_object_set_new(o, "counts", counts);
	for (i = 0; i < sec->n_bullets; i++)
		json_array_append_new(b, bullet(c, &sec->bullets[i]));
	json_object_set_new(o, "bullets", b);
	json_object_set_new(o, "amendments", items(c, sec->amendments, sec->n_amendments, 1));
	json_object_set_new(o, "open_objections",
			    items(c, sec->open_objections, sec->n_open_objections, 2));
	json_object_set_new(o, "questions", items(c, sec->questions, sec->n_questions, 2));
	if (general)
		json_object_set_new(c->state, "general", o);
	else
		json_array_append_new(json_object_get(c->state, "sections"), o);
	return 0;
}

static int json_participants(struct rp_render_ctx *c)
{
	const struct rp_report *r = c->r;
	json_t *a = json_array();
	size_t i, k;

	for (i = 0; a && c->o->attribution != RP_ATTR_NONE && i < r->n_participants; i++) {
		const struct rp_report_participant *p = &r->participants[i];
		json_t *o = json_object(), *s = json_array();

		json_object_set_new(o, "name", js(rp_report_name(r, i)));
		if (p->forwarded_by) /* only then: older readers see the same keys */
			json_object_set_new(o, "forwarded_by", js(p->forwarded_by));
		json_object_set_new(o, "address", js(p->address));
		json_object_set_new(o, "affiliation", js(p->affiliation));
		json_object_set_new(o, "points", json_integer((json_int_t)p->n_points));
		json_object_set_new(o, "messages", json_integer((json_int_t)p->n_messages));
		for (k = 0; k < p->n_sections; k++)
			json_array_append_new(s, js(p->sections[k]));
		json_object_set_new(o, "sections", s);
		json_array_append_new(a, o);
	}
	json_object_set_new(c->state, "participants", a);
	return 0;
}

static int json_matrix(struct rp_render_ctx *c)
{
	const struct rp_report *r = c->r;
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < r->n_matrix; i++) {
		const struct rp_report_row *row = &r->matrix[i];
		json_t *o = json_object(), *where = json_null();

		if (row->bullet >= 0) {
			const struct rp_report_section *sec =
				row->in_section < r->n_sections ? &r->sections[row->in_section] : NULL;

			where = json_object();
			json_object_set_new(where, "section",
					    js(sec ? rp_section_ref(sec->number, sec->heading) : NULL));
			json_object_set_new(where, "bullet", json_integer(row->bullet + 1));
		}
		json_object_set_new(o, "id", json_integer(row->point));
		json_object_set_new(o, "member", who(c, row->member));
		json_object_set_new(o, "section", js(row->section));
		json_object_set_new(o, "type", js(row->type));
		json_object_set_new(o, "comment", js(row->comment));
		json_object_set_new(o, "proposed", js(row->proposed));
		json_object_set_new(o, "disposition", js(row->disposition));
		json_object_set_new(o, "note", js(row->note));
		json_object_set_new(o, "message_id", mid(c, row->message_id));
		json_object_set_new(o, "date", jdate(row->date));
		json_object_set_new(o, "bullet", where);
		json_array_append_new(a, o);
	}
	json_object_set_new(c->state, "matrix", a);
	return 0;
}

static int json_end(struct rp_render_ctx *c)
{
	char *text = NULL;
	int rc = 0;

	if (!c->state)
		return 0;
	text = json_dumps(c->state, JSON_SORT_KEYS | JSON_INDENT(2));
	json_decref(c->state);
	c->state = NULL;
	if (!text)
		return RP_ENOMEM;
	rc = rp_buf_adds(c->out, text);
	if (!rc)
		rc = rp_buf_addch(c->out, '\n');
	free(text);
	return rc;
}

const struct rp_renderer rp_render_json = { json_begin, json_section, json_participants,
					     json_matrix, json_end };
