/* html: the consolidated document as one self-contained HTML5 page: inline CSS (readable on
 * screen and printable), no script, a Content-Security-Policy that forbids loading anything.
 * Every piece of message text goes through rp_report_html_escape(), which escapes & < > " ' so nothing from
 * a message can become markup, and drops directional overrides and isolates so none can
 * reverse the text after it; names and comments sit in <bdi> so right-to-left text keeps to
 * itself; the only links are those this renderer builds (mid: URIs per
 * RFC 2392 or the archive template, percent-encoded). Citations are numbered per message and
 * listed in a last annex. */
#include <stdlib.h>
#include <string.h>

#include "report-private.h"

struct html_state {
	char **cited; /* borrowed Message-IDs in order of first citation */
	size_t n_cited;
};

int rp_report_html_escape(struct rp_buf *b, const char *s)
{
	int rc = 0;

	for (; s && *s && !rc; s++) {
		unsigned char ch = (unsigned char)*s;
		size_t bidi = rp_utf8_bidi_control(s, strnlen(s, 3));

		if (bidi) {
			/* An override in a comment or name would reverse what follows it. */
			s += bidi - 1;
			continue;
		}
		switch (ch) {
		case '&': rc = rp_buf_adds(b, "&amp;"); break;
		case '<': rc = rp_buf_adds(b, "&lt;"); break;
		case '>': rc = rp_buf_adds(b, "&gt;"); break;
		case '"': rc = rp_buf_adds(b, "&quot;"); break;
		case '\'': rc = rp_buf_adds(b, "&#39;"); break;
		default:
			/* Control characters other than white space are not allowed in HTML. */
			if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7f)
				break;
			rc = rp_buf_addch(b, (char)ch);
		}
	}
	return rc;
}

static int html_line(struct rp_buf *b, const char *s)
{
	struct rp_buf one = RP_BUF_INIT;
	int rc = rp_report_oneline(&one, s);

	if (!rc)
		rc = rp_report_html_escape(b, one.buf);
	rp_buf_release(&one);
	return rc;
}

/* A name or comment from a message on one line, isolated in <bdi>: right-to-left text (an
 * Arabic or Hebrew name) then keeps to itself, and the punctuation and citation after it
 * display in the page's order. */
static int html_isolated(struct rp_buf *b, const char *s)
{
	int rc = rp_buf_adds(b, "<bdi>");

	if (!rc)
		rc = html_line(b, s);
	return rc ? rc : rp_buf_adds(b, "</bdi>");
}

/* No citation under the Chatham House rule: a Message-ID often names its writer. */
static int html_cite(struct rp_render_ctx *c, const char *id)
{
	struct html_state *st = c->state;
	size_t i;
	char **p;
	int rc;

	if (c->o->attribution == RP_ATTR_NONE)
		return 0;
	for (i = 0; i < st->n_cited && strcmp(st->cited[i], id) != 0; i++)
		;
	if (i == st->n_cited) {
		p = realloc(st->cited, (st->n_cited + 1) * sizeof(*p));
		if (!p)
			return RP_ENOMEM;
		st->cited = p;
		p[st->n_cited++] = (char *)id;
	}
	rc = rp_buf_adds(c->out, "<sup class=\"cite\"><a href=\"");
	if (!rc)
		rc = rp_report_link(c->out, c->o, id);
	if (!rc)
		rc = rp_buf_addf(c->out, "\">[%zu]</a></sup>", i + 1);
	return rc;
}

static const char css[] =
	"body{font-family:Georgia,'DejaVu Serif',serif;max-width:50em;margin:2em auto;padding:0 1em;"
	"line-height:1.45;color:#111;background:#fff}"
	"h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ccc;margin-top:1.6em}"
	"h3{font-size:1em;margin-bottom:.3em}"
	".level{display:inline-block;padding:.1em .5em;border-radius:.3em;background:#eee;font-weight:bold}"
	".agreed{background:#d6f0d6}.rough{background:#e8f3c8}.contested{background:#f6d5d5}"
	".single{background:#e6e6f6}.none{background:#eee;color:#555}"
	".stance{font-variant:small-caps;color:#444}.cite a{text-decoration:none}"
	"blockquote{margin:.3em 0 .6em 1.5em;padding-left:.6em;border-left:3px solid #999;white-space:pre-wrap}"
	"table{border-collapse:collapse;width:100%;font-size:.85em}"
	"th,td{border:1px solid #bbb;padding:.25em .4em;vertical-align:top;text-align:left}"
	"th{background:#f0f0f0}.empty{color:#666;font-style:italic}"
	"@media print{body{max-width:none;margin:0}a{color:#000}h2{page-break-after:avoid}"
	"tr{page-break-inside:avoid}}";

static int html_begin(struct rp_render_ctx *c)
{
	const struct rp_report *r = c->r;
	struct rp_buf t = RP_BUF_INIT;
	char made[11], period[32];
	int rc;

	c->state = calloc(1, sizeof(struct html_state));
	if (!c->state)
		return RP_ENOMEM;
	rp_report_period(r, period);
	rp_report_day(r->created, made);
	rc = rp_report_title(&t, r);
	if (!rc)
		rc = rp_buf_adds(c->out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
					 "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
					 "style-src 'unsafe-inline'\">\n<meta name=\"viewport\" "
					 "content=\"width=device-width, initial-scale=1\">\n<title>");
	if (!rc)
		rc = rp_report_html_escape(c->out, t.buf);
	if (!rc)
		rc = rp_buf_addf(c->out, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", css);
	if (!rc)
		rc = rp_report_html_escape(c->out, t.buf);
	if (!rc)
		rc = rp_buf_adds(c->out, "</h1>\n<ul class=\"preamble\">\n<li>Draft: ");
	if (!rc)
		rc = html_line(c->out, r->title);
	if (!rc)
		rc = rp_buf_addf(c->out, ", version %d of %s</li>\n<li>List: ", r->version, made);
	if (!rc)
		rc = html_line(c->out, r->list ? r->list : "unknown");
	if (!rc)
		rc = rp_buf_addf(c->out,
				 "</li>\n<li>Period: %s</li>\n<li>Messages read: %zu</li>\n"
				 "<li>Distinct participants: %zu</li>\n",
				 period, r->messages_read, r->n_participants);
	if (!rc && r->circulated) {
		rc = rp_buf_adds(c->out, "<li>Circulated in: ");
		if (!rc)
			rc = html_line(c->out, r->circulated_subject ? r->circulated_subject : "a message");
		if (!rc)
			rc = html_cite(c, r->circulated);
		if (!rc)
			rc = rp_buf_adds(c->out, "</li>\n");
	}
	if (!rc)
		rc = rp_buf_adds(c->out, "</ul>\n");
	rp_buf_release(&t);
	return rc;
}

/* The members m[0..n) named; within: inside parentheses the text opened. */
static int html_who(struct rp_render_ctx *c, const size_t *m, size_t n, int within)
{
	int semi = within && rp_report_any_credit(c->r, c->o->attribution, m, n);
	size_t i;
	int rc = 0;

	if (c->o->attribution == RP_ATTR_NONE)
		return rp_buf_addf(c->out, "%zu member%s", n, n == 1 ? "" : "s");
	for (i = 0; i < n && !rc; i++) {
		if (i)
			rc = rp_buf_adds(c->out, semi ? "; " : i + 1 == n ? " and " : ", ");
		if (!rc)
			rc = html_isolated(c->out, within ? rp_report_who_within(c->r, c->o->attribution, m[i])
							  : rp_report_who(c->r, c->o->attribution, m[i]));
	}
	return rc;
}

static int html_items(struct rp_render_ctx *c, const char *label, const struct rp_report_item *v,
		      size_t n)
{
	size_t i;
	int rc;

	if (!n)
		return 0;
	rc = rp_buf_addf(c->out, "<h3>%s</h3>\n<ul>\n", label);
	for (i = 0; i < n && !rc; i++) {
		rc = rp_buf_adds(c->out, "<li>");
		if (!rc)
			rc = html_who(c, &v[i].member, 1, 0);
		if (!rc)
			rc = rp_buf_adds(c->out, ": ");
		if (!rc)
			rc = html_isolated(c->out, v[i].text);
		if (!rc && v[i].answered)
			rc = rp_buf_adds(c->out, " <em>(answered on the list)</em>");
		if (!rc)
			rc = html_cite(c, v[i].message_id);
		if (!rc && v[i].proposed) {
			rc = rp_buf_adds(c->out, "\n<blockquote>");
			if (!rc)
				rc = rp_report_html_escape(c->out, v[i].proposed);
			if (!rc)
				rc = rp_buf_adds(c->out, "</blockquote>");
		}
		if (!rc)
			rc = rp_buf_adds(c->out, "</li>\n");
	}
	return rc ? rc : rp_buf_adds(c->out, "</ul>\n");
}

static const char *level_class(enum rp_consensus_level l)
{
	switch (l) {
	case RP_LEVEL_AGREED: return "agreed";
	case RP_LEVEL_ROUGH: return "rough";
	case RP_LEVEL_CONTESTED: return "contested";
	case RP_LEVEL_SINGLE: return "single";
	case RP_LEVEL_NO_COMMENTS: return "none";
	}
	return "none";
}

static int html_section(struct rp_render_ctx *c, const struct rp_report_section *sec, int general)
{
	struct rp_buf t = RP_BUF_INIT;
	size_t i, k;
	int rc;

	if (!general && rp_report_section_silent_preamble(sec))
		return 0;
	rc = rp_report_section_title_in(&t, c->r, sec, general);
	if (!rc)
		rc = rp_buf_adds(c->out, "<section>\n<h2>");
	if (!rc)
		rc = rp_report_html_escape(c->out, t.buf);
	if (!rc)
		rc = rp_buf_adds(c->out, "</h2>\n");
	rp_buf_release(&t);
	if (!rc && rp_report_section_empty(sec))
		return rp_buf_adds(c->out, general ? "<p class=\"empty\">No general comments.</p>\n</section>\n"
					   : rp_report_parts_commented(c->r, sec)
						   ? "<p class=\"empty\">No comments on the section as a whole; its parts below had some.</p>\n</section>\n"
						   : "<p class=\"empty\">No comments were received on this section.</p>\n</section>\n");
	if (!rc && !general) {
		rc = rp_buf_addf(c->out, "<p>Consensus: <span class=\"level %s\">%s</span> (",
				 level_class(sec->consensus), rp_report_level_label(sec));
		if (!rc)
			rc = rp_report_counts(c->out, sec);
		if (!rc)
			rc = rp_buf_adds(c->out, ")</p>\n");
	}
	if (!rc && sec->n_bullets)
		rc = rp_buf_adds(c->out, "<h3>Summary</h3>\n<ul>\n");
	for (i = 0; i < sec->n_bullets && !rc; i++) {
		const struct rp_report_bullet *b = &sec->bullets[i];
		const char *sn = rp_stance_name(b->stance);

		rc = rp_buf_addf(c->out, "<li><span class=\"stance\">%s</span>: ", sn ? sn : "comment");
		if (!rc)
			rc = html_isolated(c->out, b->text);
		if (!rc)
			rc = rp_buf_adds(c->out, " (");
		if (!rc)
			rc = html_who(c, b->members, b->n_members, 1);
		if (!rc)
			rc = rp_buf_adds(c->out, ")");
		for (k = 0; k < b->n_message_ids && !rc; k++)
			rc = html_cite(c, b->message_ids[k]);
		if (!rc)
			rc = rp_buf_adds(c->out, "</li>\n");
	}
	if (!rc && sec->n_bullets)
		rc = rp_buf_adds(c->out, "</ul>\n");
	if (!rc)
		rc = html_items(c, "Proposed amendments", sec->amendments, sec->n_amendments);
	if (!rc)
		rc = html_items(c, "Open objections", sec->open_objections, sec->n_open_objections);
	if (!rc)
		rc = html_items(c, "Questions", sec->questions, sec->n_questions);
	return rc ? rc : rp_buf_adds(c->out, "</section>\n");
}

static int html_participants(struct rp_render_ctx *c)
{
	const struct rp_report *r = c->r;
	size_t i, k;
	int rc;

	rc = rp_buf_addf(c->out, "<section>\n<h2>Annex %c: Participants</h2>\n", rp_report_annex_letter(r, 0));
	if (!rc && c->o->attribution == RP_ATTR_NONE)
		return rp_buf_addf(c->out,
				   "<p>%zu members took part; under the Chatham House rule they are not named.</p>\n</section>\n",
				   r->n_participants);
	if (!rc)
		rc = rp_buf_adds(c->out, "<table>\n<tr><th>Participant</th><th>Affiliation</th>"
					 "<th>Points</th><th>Sections</th></tr>\n");
	for (i = 0; i < r->n_participants && !rc; i++) {
		const struct rp_report_participant *p = &r->participants[i];

		rc = rp_buf_adds(c->out, "<tr><td>");
		if (!rc)
			rc = html_isolated(c->out, rp_report_who(r, RP_ATTR_NAMES, i));
		if (!rc)
			rc = rp_buf_adds(c->out, "</td><td>");
		if (!rc)
			rc = html_line(c->out, p->affiliation ? p->affiliation : "");
		if (!rc)
			rc = rp_buf_addf(c->out, "</td><td>%zu</td><td>", p->n_points);
		for (k = 0; k < p->n_sections && !rc; k++) {
			if (k)
				rc = rp_buf_adds(c->out, ", ");
			if (!rc)
				rc = html_line(c->out, p->sections[k]);
		}
		if (!rc)
			rc = rp_buf_adds(c->out, "</td></tr>\n");
	}
	return rc ? rc : rp_buf_adds(c->out, "</table>\n</section>\n");
}

static int html_matrix(struct rp_render_ctx *c)
{
	const struct rp_report *r = c->r;
	size_t i;
	int rc;

	rc = rp_buf_addf(c->out, "<section>\n<h2>Annex %c: Comment matrix</h2>\n<table>\n<tr><th>ID</th>"
				 "<th>Member</th><th>Section</th><th>Type</th><th>Comment</th>"
				 "<th>Proposed change</th><th>Disposition</th></tr>\n",
			 rp_report_annex_letter(r, 1));
	for (i = 0; i < r->n_matrix && !rc; i++) {
		const struct rp_report_row *row = &r->matrix[i];

		rc = rp_buf_addf(c->out, "<tr id=\"p%lld\"><td>%lld</td><td>", (long long)row->point,
				 (long long)row->point);
		if (!rc)
			rc = html_isolated(c->out, c->o->attribution == RP_ATTR_NONE
							   ? "-"
							   : rp_report_who(r, c->o->attribution, row->member));
		if (!rc)
			rc = rp_buf_adds(c->out, "</td><td>");
		if (!rc)
			rc = html_line(c->out, row->section ? row->section : "general");
		if (!rc)
			rc = rp_buf_addf(c->out, "</td><td>%s</td><td>", row->type ? row->type : "unclassified");
		if (!rc)
			rc = rp_buf_adds(c->out, "<bdi>");
		if (!rc)
			rc = rp_report_html_escape(c->out, row->comment);
		if (!rc)
			rc = rp_buf_adds(c->out, "</bdi>");
		if (!rc)
			rc = html_cite(c, row->message_id);
		if (!rc)
			rc = rp_buf_adds(c->out, "</td><td>");
		if (!rc)
			rc = rp_report_html_escape(c->out, row->proposed ? row->proposed : "");
		if (!rc)
			rc = rp_buf_adds(c->out, "</td><td>");
		if (!rc)
			rc = html_line(c->out, row->disposition ? row->disposition : "open");
		if (!rc && row->note) {
			rc = rp_buf_adds(c->out, ": ");
			if (!rc)
				rc = html_line(c->out, row->note);
		}
		if (!rc)
			rc = rp_buf_adds(c->out, "</td></tr>\n");
	}
	return rc ? rc : rp_buf_adds(c->out, "</table>\n</section>\n");
}

static int html_end(struct rp_render_ctx *c)
{
	struct html_state *st = c->state;
	size_t i;
	int rc = 0;

	if (!st)
		return 0;
	rc = rp_buf_addf(c->out, "<section>\n<h2>Annex %c: Messages cited</h2>\n<ol>\n",
			 rp_report_annex_letter(c->r, 2));
	for (i = 0; i < st->n_cited && !rc; i++) {
		rc = rp_buf_adds(c->out, "<li><a href=\"");
		if (!rc)
			rc = rp_report_link(c->out, c->o, st->cited[i]);
		if (!rc)
			rc = rp_buf_adds(c->out, "\">&lt;");
		if (!rc)
			rc = html_line(c->out, st->cited[i]);
		if (!rc)
			rc = rp_buf_adds(c->out, "&gt;</a></li>\n");
	}
	if (!rc)
		rc = rp_buf_adds(c->out, "</ol>\n</section>\n</body>\n</html>\n");
	free(st->cited);
	free(st);
	c->state = NULL;
	return rc;
}

const struct rp_renderer rp_render_html = { html_begin, html_section, html_participants,
					     html_matrix, html_end };
