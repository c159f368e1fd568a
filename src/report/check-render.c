/* check-render: the member's check as text for the terminal, as JSON for tools
 * ({member, draft, points[{message_id, text, captured, circulation, unrelated, where, reason, ...}]},
 * keys sorted) and
 * as an HTML receipt a coordinator can mail back. All message text is escaped in HTML. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report-private.h"

static json_t *js(const char *s)
{
	json_t *j;
	char *fixed;

	if (!s)
		return json_null();
	if (rp_utf8_valid(s, strlen(s)))
		return json_string(s);
	fixed = rp_utf8_sanitize(s, strlen(s), NULL);
	j = fixed ? json_string(fixed) : NULL;
	free(fixed);
	return j;
}

/* [{section, stance, bullet}] of the other sections a point is anchored to: how it
 * counts there. */
static json_t *also_json(const struct rp_check_entry *e)
{
	json_t *a = json_array();
	size_t k;

	for (k = 0; a && k < e->n_also; k++)
		json_array_append_new(a, json_pack("{s:o, s:o, s:o}", "section", js(e->also_section[k]),
						   "stance", js(e->also_stance[k] ? e->also_stance[k] : e->stance),
						   "bullet", e->also_bullet[k]
								     ? json_integer(e->also_bullet[k])
								     : json_null()));
	return a;
}

static int check_json(struct rp_buf *out, const struct rp_check *c)
{
	json_t *root = json_object(), *m = json_object(), *d = json_object(), *pts = json_array();
	char *text = NULL;
	size_t i;
	int rc = 0;

	json_object_set_new(m, "query", js(c->who));
	json_object_set_new(m, "address", js(c->address));
	json_object_set_new(m, "name", js(c->name));
	json_object_set_new(m, "affiliation", js(c->affiliation));
	json_object_set_new(d, "id", json_integer(c->draft));
	json_object_set_new(d, "title", js(c->draft_title));
	for (i = 0; i < c->n_entries; i++) {
		const struct rp_check_entry *e = &c->entries[i];
		json_t *o = json_object(), *where = json_null();
		char iso[21];

		if (e->captured) {
			where = json_object();
			json_object_set_new(where, "section", js(e->section));
			json_object_set_new(where, "bullet", e->bullet ? json_integer(e->bullet) : json_null());
			json_object_set_new(where, "matrix_row", json_integer(e->row));
			json_object_set_new(where, "also", also_json(e));
		}
		rp_time_iso(e->date, iso);
		json_object_set_new(o, "message_id", js(e->message_id));
		json_object_set_new(o, "subject", js(e->subject));
		json_object_set_new(o, "date", e->date ? json_string(iso) : json_null());
		json_object_set_new(o, "point", e->point ? json_integer(e->point) : json_null());
		json_object_set_new(o, "text", js(e->text));
		json_object_set_new(o, "captured", json_boolean(e->captured));
		json_object_set_new(o, "circulation", json_boolean(e->circulation));
		json_object_set_new(o, "unrelated", json_boolean(e->unrelated));
		json_object_set_new(o, "where", where);
		json_object_set_new(o, "stance", js(e->stance));
		json_object_set_new(o, "target", js(e->target));
		json_object_set_new(o, "reason", js(e->reason));
		if (e->source) /* only when not the body: older readers see the same keys */
			json_object_set_new(o, "source", js(e->source));
		if (e->superseded_by) /* the same: only for a position a later one replaced */
			json_object_set_new(o, "superseded_by",
					    json_integer(c->entries[e->superseded_by - 1].point));
		if (e->listed) { /* the same: only for a point in one of these lists */
			json_object_set_new(o, "listed", json_string(e->listed));
			if (strcmp(e->listed, "proposed amendments"))
				json_object_set_new(o, "answered", json_boolean(e->answered));
		}
		if (e->merged_with) /* the same: only for a point summarised with others' */
			json_object_set_new(o, "merged_with", js(e->merged_with));
		if (e->duplicate) /* the same: only for a second copy */
			json_object_set_new(o, "duplicate", json_true());
		if (e->forwarded_by) /* the same: only for forwarded comments */
			json_object_set_new(o, "forwarded_by", js(e->forwarded_by));
		if (e->credited_to)
			json_object_set_new(o, "credited_to", js(e->credited_to));
		json_object_set_new(o, "revision",
				    e->rev_fate ? json_pack("{s:i, s:s, s:o}", "version", e->rev_version, "fate",
							    e->rev_fate, "section", js(e->rev_section))
						: json_null());
		json_array_append_new(pts, o);
	}
	json_object_set_new(root, "member", m);
	json_object_set_new(root, "draft", d);
	json_object_set_new(root, "points", pts);
	json_object_set_new(root, "uncaptured", json_integer((json_int_t)c->n_uncaptured));
	json_object_set_new(root, "unrelated", json_integer((json_int_t)c->n_unrelated));
	text = json_dumps(root, JSON_SORT_KEYS | JSON_INDENT(2));
	json_decref(root);
	if (!text)
		return RP_ENOMEM;
	rc = rp_buf_adds(out, text);
	if (!rc)
		rc = rp_buf_addch(out, '\n');
	free(text);
	return rc;
}

/* One line of what became of entry e, without the quoted text. */
static int where_text(struct rp_buf *b, const struct rp_check *c, const struct rp_check_entry *e)
{
	size_t k;
	int rc;

	if (e->circulation)
		return rp_buf_addf(b, "%s: no comment to capture, not counted", e->reason);
	/* Off-topic is the analysis's judgement of words that named no part of the draft: a
	 * member whose comment it was has to say so, or it stays out of the document. */
	if (e->unrelated && strstr(e->reason, "off-topic"))
		return rp_buf_addf(b, "%s; not counted (if it comments on the draft, ask the "
				      "secretariat to include it)", e->reason);
	if (e->unrelated || e->duplicate)
		return rp_buf_addf(b, "%s; not counted", e->reason);
	if (!e->captured)
		return rp_buf_addf(b, "not captured: %s", e->reason ? e->reason : "unknown reason");
	rc = rp_buf_addf(b, "captured in %s%s", strcmp(e->section, "general") ? "section " : "",
			 e->section);
	if (!rc && e->bullet)
		rc = rp_buf_addf(b, ", summary bullet %ld", e->bullet);
	if (!rc && e->merged_with) {
		/* the bullet sums up near-duplicates: whose, and whose words it quotes */
		rc = rp_buf_adds(b, " (merged with the similar comments of ");
		if (!rc)
			rc = rp_report_oneline(b, e->merged_with);
		if (!rc)
			rc = rp_buf_adds(b, e->in_their_words > 1   ? ", in the words of one of them)"
					    : e->in_their_words ? ", in their words)"
								: ", in your words)");
	}
	for (k = 0; !rc && k < e->n_also; k++) {
		rc = rp_buf_adds(b, k ? "; in section " : " (also in section ");
		if (!rc)
			rc = rp_report_oneline(b, e->also_section[k]);
		if (!rc && e->also_bullet[k])
			rc = rp_buf_addf(b, ", summary bullet %ld", e->also_bullet[k]);
		if (!rc && e->also_stance[k])
			rc = rp_buf_addf(b, ", understood there as %s", e->also_stance[k]);
		if (!rc && k + 1 == e->n_also)
			rc = rp_buf_adds(b, ")");
	}
	if (!rc)
		rc = rp_buf_addf(b, ", comment matrix ID %lld", (long long)e->row);
	if (!rc && e->listed) /* and whether the question or objection was answered */
		rc = rp_buf_addf(b, ", listed under %s%s", e->listed,
				 strcmp(e->listed, "proposed amendments") == 0 ? ""
				 : e->answered ? " (answered on the list)"
					       : " (not answered yet)");
	if (!rc && e->stance)
		rc = rp_buf_addf(b, "; understood as %s", e->stance);
	/* Disagreeing with a member who wants a change supports the text: "support" alone,
	 * beside "disagrees with", reads as support of nothing the member said. */
	if (!rc && e->stance && e->target && e->sides < 0 && strcmp(e->stance, "support") == 0 &&
	    rp_starts_with(e->target, "member "))
		rc = rp_buf_adds(b, " of the text as it stands");
	if (!rc && e->target && e->sides && rp_starts_with(e->target, "member ")) {
		/* "understood as object (agrees with Rajesh)": whom the words side with, so
		 * that the label the document counts is not read as a stance on that member */
		rc = rp_buf_adds(b, e->sides > 0 ? " (agrees with " : " (disagrees with ");
		if (!rc)
			rc = rp_report_oneline(b, e->target + strlen("member "));
		if (!rc)
			rc = rp_buf_adds(b, ")");
	} else if (!rc && e->target) {
		rc = rp_buf_adds(b, " (");
		if (!rc)
			rc = rp_report_oneline(b, e->target_words ? e->target_words : e->target);
		if (!rc)
			rc = rp_buf_adds(b, ")");
	}
	if (!rc && e->reason) {
		rc = rp_buf_adds(b, "; ");
		if (!rc)
			rc = rp_buf_adds(b, e->reason);
	}
	if (!rc && e->superseded_by) {
		const struct rp_check_entry *f = &c->entries[e->superseded_by - 1];
		char day[11];

		rp_report_day(f->date, day);
		rc = rp_buf_addf(b, "; replaced by your later position on this section (%s, %s): "
				    "the latest counts", f->stance, day);
	}
	if (!rc && e->credited_to) {
		/* comments forwarded for someone else count as that person's voice */
		rc = rp_buf_adds(b, "; credited to ");
		if (!rc)
			rc = rp_report_oneline(b, e->credited_to);
		if (!rc)
			rc = rp_buf_adds(b, ", whose comments you forwarded");
	}
	return rc;
}

/* Where a point's words were read, for the line under them: "from attachment x.docx";
 * the member's own comments another member forwarded, "forwarded by Ana Souza". */
static int source_text(struct rp_buf *b, const struct rp_check_entry *e)
{
	int rc;

	if (e->forwarded_by) {
		rc = rp_buf_adds(b, "forwarded by ");
		return rc ? rc : rp_report_oneline(b, e->forwarded_by);
	}
	rc = rp_buf_adds(b, "from ");
	return rc ? rc : rp_report_oneline(b, e->source);
}

/* "; in version 2: section 3.10 revised" for a point of a draft that has been revised. */
static int revision_text(struct rp_buf *b, const struct rp_check_entry *e)
{
	const char *f = e->rev_fate;
	int rc = rp_buf_addf(b, "; in version %d: ", e->rev_version);

	if (!rc && strcmp(f, "removed") == 0)
		return rp_buf_adds(b, "the section was removed");
	if (!rc && strcmp(f, "general") == 0)
		return rp_buf_adds(b, "a general comment (see compile --changes-since)");
	if (!rc)
		rc = rp_buf_adds(b, strcmp(f, "adopted") == 0 ? "the proposed wording is in section " : "section ");
	if (!rc)
		rc = rp_report_oneline(b, e->rev_section ? e->rev_section : "?");
	if (!rc && strcmp(f, "adopted"))
		rc = rp_buf_adds(b, strcmp(f, "revised") == 0 ? " revised" : " unchanged");
	return rc;
}

/* The word for entry e: captured, not captured, or a circulation or a message not about
 * the draft (neither). */
static const char *mark(const struct rp_check_entry *e, const char *yes, const char *no,
			const char *circ)
{
	return e->circulation || e->unrelated || e->duplicate ? circ : e->captured ? yes : no;
}

static int check_text(struct rp_buf *out, const struct rp_check *c, int html)
{
	struct rp_buf line = RP_BUF_INIT;
	size_t i;
	int rc = 0;

	if (html) {
		rc = rp_buf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
				      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
				      "style-src 'unsafe-inline'\">\n<title>Receipt</title>\n<style>"
				      "body{font-family:Georgia,serif;max-width:45em;margin:2em auto;line-height:1.4}"
				      ".no{color:#a00;font-weight:bold}.yes{color:#060}.circ{color:#555}"
				      "blockquote{border-left:3px solid #999;margin:.3em 0 .8em 1em;padding-left:.6em}"
				      "</style>\n</head>\n<body>\n<h1>Receipt: your comments on ");
		if (!rc)
			rc = rp_report_html_escape(out, c->draft_title);
		if (!rc)
			rc = rp_buf_adds(out, "</h1>\n<p>For ");
		if (!rc)
			rc = rp_report_html_escape(out, c->name ? c->name : c->address);
		if (!rc)
			rc = rp_buf_adds(out, " &lt;");
		if (!rc)
			rc = rp_report_html_escape(out, c->address);
		if (!rc)
			rc = rp_buf_adds(out, "&gt;.</p>\n<ol>\n");
	} else {
		rc = rp_buf_adds(out, "Check for ");
		if (!rc)
			rc = rp_report_oneline(out, c->name ? c->name : c->address);
		if (!rc)
			rc = rp_buf_addf(out, " <%s> on draft %lld, ", c->address, (long long)c->draft);
		if (!rc)
			rc = rp_report_oneline(out, c->draft_title);
		if (!rc)
			rc = rp_buf_adds(out, "\n\n");
	}
	for (i = 0; i < c->n_entries && !rc; i++) {
		const struct rp_check_entry *e = &c->entries[i];
		char day[11];

		rp_report_day(e->date, day);
		rp_buf_clear(&line);
		rc = where_text(&line, c, e);
		if (!rc && e->rev_fate)
			rc = revision_text(&line, e);
		if (rc)
			break;
		if (html) {
			rc = rp_buf_addf(out, "<li><span class=\"%s\">", mark(e, "yes", "no", "circ"));
			if (!rc)
				rc = rp_report_html_escape(out, line.buf);
			if (!rc)
				rc = rp_buf_addf(out, "</span><br>%s, &lt;", day);
			if (!rc)
				rc = rp_report_html_escape(out, e->message_id);
			if (!rc)
				rc = rp_buf_adds(out, "&gt;");
			if (!rc && e->text) {
				rc = rp_buf_adds(out, "\n<blockquote>");
				if (!rc)
					rc = rp_report_html_escape(out, e->text);
				if (!rc && (e->source || e->forwarded_by)) {
					rp_buf_clear(&line);
					rc = source_text(&line, e);
					if (!rc)
						rc = rp_buf_adds(out, "<br><small>");
					if (!rc)
						rc = rp_report_html_escape(out, line.buf);
					if (!rc)
						rc = rp_buf_adds(out, "</small>");
				}
				if (!rc)
					rc = rp_buf_adds(out, "</blockquote>");
			}
			if (!rc)
				rc = rp_buf_adds(out, "</li>\n");
		} else {
			rc = rp_buf_addf(out, "%s  %s <", mark(e, "ok", "NOT CAPTURED", "--"), day);
			if (!rc)
				rc = rp_report_oneline(out, e->message_id);
			if (!rc)
				rc = rp_buf_adds(out, ">\n    ");
			if (!rc && e->text) {
				rc = rp_buf_adds(out, "\"");
				if (!rc)
					rc = rp_report_oneline(out, e->text);
				if (!rc)
					rc = rp_buf_adds(out, "\"");
				if (!rc && (e->source || e->forwarded_by)) {
					rc = rp_buf_adds(out, " (");
					if (!rc)
						rc = source_text(out, e);
					if (!rc)
						rc = rp_buf_adds(out, ")");
				}
				if (!rc)
					rc = rp_buf_adds(out, "\n    ");
			}
			if (!rc)
				rc = rp_buf_adds(out, line.buf);
			if (!rc)
				rc = rp_buf_addch(out, '\n');
		}
	}
	if (!rc)
		rc = rp_buf_addf(out, html ? "</ol>\n<p>%zu of %zu captured.</p>\n</body>\n</html>\n"
					   : "\n%zu of %zu captured.\n",
				 c->n_entries - c->n_uncaptured - c->n_circulations - c->n_unrelated -
					 c->n_duplicates,
				 c->n_entries - c->n_circulations - c->n_unrelated - c->n_duplicates);
	rp_buf_release(&line);
	return rc;
}

int rp_check_render(struct rp_buf *out, const struct rp_check *c, enum rp_report_format fmt,
		    struct rp_error *err)
{
	int rc;

	if (fmt == RP_REPORT_JSON)
		rc = check_json(out, c);
	else if (fmt == RP_REPORT_HTML)
		rc = check_text(out, c, 1);
	else
		rc = check_text(out, c, 0);
	if (rc)
		return rp_error_set(err, rc, "check", "%s", rp_strerror(rc));
	return 0;
}
