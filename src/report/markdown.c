/* markdown: the consolidated document as Markdown that pandoc renders cleanly (pandoc's
 * Markdown: footnotes, pipe tables). Every piece of message text is escaped with backslashes
 * so it can never become markup: no raw HTML, no links, no emphasis, no table breaks, and
 * directional overrides and isolates are dropped (see rp_report_oneline); links
 * are only the ones this renderer writes (mid: URIs or the archive template). Each message is
 * one footnote, numbered in order of first citation. */
#include <stdlib.h>
#include <string.h>

#include "report-private.h"

struct md_state {
	char **cited; /* borrowed Message-IDs, in order of first citation */
	size_t n_cited;
};

/* Backslash-escape the ASCII punctuation that Markdown or pandoc's extensions give a meaning
 * anywhere in a line (links, raw HTML, emphasis, code, tables, citations, math, entities), and
 * at the start of the text what would open a list, heading or definition (CommonMark allows
 * escaping any ASCII punctuation, so over-escaping is harmless). */
int rp_report_md_text(struct rp_buf *b, const char *s)
{
	struct rp_buf one = RP_BUF_INIT;
	const char *p;
	size_t digits;
	int rc;

	rc = rp_report_oneline(&one, s);
	digits = strspn(one.buf, "0123456789");
	for (p = one.buf; !rc && *p; p++) {
		int lead = p == one.buf && strchr("-+=:", *p);

		if (p - one.buf == (long)digits && digits && (*p == '.' || *p == ')') &&
		    (p[1] == ' ' || !p[1]))
			lead = 1;
		if (lead || strchr("\\`*_{}[]<>#|~^$@&!", *p))
			rc = rp_buf_addch(b, '\\');
		if (!rc)
			rc = rp_buf_addch(b, *p);
	}
	rp_buf_release(&one);
	return rc;
}

static size_t cite_number(struct md_state *st, const char *id)
{
	size_t i;
	char **p;

	for (i = 0; i < st->n_cited; i++)
		if (strcmp(st->cited[i], id) == 0)
			return i + 1;
	p = realloc(st->cited, (st->n_cited + 1) * sizeof(*p));
	if (!p)
		return 0;
	st->cited = p;
	p[st->n_cited++] = (char *)id;
	return st->n_cited;
}

/* Under the Chatham House rule (attribution none) no message is cited: a Message-ID often
 * names its writer or the writer's organisation. */
static int md_cite(struct rp_render_ctx *c, const char *id)
{
	size_t n;

	if (c->o->attribution == RP_ATTR_NONE)
		return 0;
	n = cite_number(c->state, id);
	return n ? rp_buf_addf(c->out, "[^%zu]", n) : RP_ENOMEM;
}

static int md_begin(struct rp_render_ctx *c)
{
	const struct rp_report *r = c->r;
	struct rp_buf t = RP_BUF_INIT;
	char made[11], period[32];
	int rc;

	c->state = calloc(1, sizeof(struct md_state));
	if (!c->state)
		return RP_ENOMEM;
	rp_report_period(r, period);
	rp_report_day(r->created, made);
	rc = rp_report_title(&t, r);
	if (!rc)
		rc = rp_buf_adds(c->out, "# ");
	if (!rc)
		rc = rp_report_md_text(c->out, t.buf);
	if (!rc)
		rc = rp_buf_adds(c->out, "\n\n- Draft: ");
	if (!rc)
		rc = rp_report_md_text(c->out, r->title);
	if (!rc)
		rc = rp_buf_addf(c->out, ", version %d of %s\n- List: ", r->version, made);
	if (!rc)
		rc = rp_report_md_text(c->out, r->list ? r->list : "unknown");
	if (!rc)
		rc = rp_buf_addf(c->out,
				 "\n- Period: %s\n- Messages read: %zu\n- Distinct participants: %zu\n",
				 period, r->messages_read, r->n_participants);
	if (!rc && r->circulated) {
		rc = rp_buf_adds(c->out, "- Circulated in: ");
		if (!rc)
			rc = rp_report_md_text(c->out, r->circulated_subject ? r->circulated_subject : "a message");
		if (!rc)
			rc = md_cite(c, r->circulated);
		if (!rc)
			rc = rp_buf_addch(c->out, '\n');
	}
	rp_buf_release(&t);
	return rc;
}

/* The members m[0..n) named; within: inside parentheses the text opened. */
static int md_who_list(struct rp_render_ctx *c, const size_t *m, size_t n, int within)
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
			rc = rp_report_md_text(c->out, within ? rp_report_who_within(c->r, c->o->attribution, m[i])
							      : rp_report_who(c->r, c->o->attribution, m[i]));
	}
	return rc;
}

/* A list of items (amendments, objections, questions) under a bold label. */
static int md_items(struct rp_render_ctx *c, const char *label, const struct rp_report_item *v,
		    size_t n, int with_proposed)
{
	size_t i;
	int rc = 0;

	if (!n)
		return 0;
	rc = rp_buf_addf(c->out, "\n**%s**\n\n", label);
	for (i = 0; i < n && !rc; i++) {
		rc = rp_buf_adds(c->out, "- ");
		if (!rc)
			rc = md_who_list(c, &v[i].member, 1, 0);
		if (!rc)
			rc = rp_buf_adds(c->out, ": ");
		if (!rc)
			rc = rp_report_md_text(c->out, v[i].text);
		if (!rc && v[i].answered)
			rc = rp_buf_adds(c->out, " (answered on the list)");
		if (!rc)
			rc = md_cite(c, v[i].message_id);
		if (!rc)
			rc = rp_buf_addch(c->out, '\n');
		if (!rc && with_proposed && v[i].proposed) {
			/* The wording verbatim, line by line, as a quotation inside the item. */
			const char *p = v[i].proposed;

			rc = rp_buf_adds(c->out, "\n    Proposed wording:\n\n");
			while (!rc && *p) {
				const char *e = strchr(p, '\n');
				char *line = rp_strndup(p, e ? (size_t)(e - p) : strlen(p));

				if (!line)
					return RP_ENOMEM;
				rc = rp_buf_adds(c->out, "    > ");
				if (!rc)
					rc = rp_report_md_text(c->out, line);
				if (!rc)
					rc = rp_buf_adds(c->out, "\n");
				free(line);
				p = e ? e + 1 : p + strlen(p);
			}
		}
	}
	return rc;
}

static int md_section(struct rp_render_ctx *c, const struct rp_report_section *sec, int general)
{
	struct rp_buf t = RP_BUF_INIT;
	size_t i, k;
	int rc;

	if (!general && rp_report_section_silent_preamble(sec))
		return 0;
	rc = rp_report_section_title_in(&t, c->r, sec, general);
	if (!rc)
		rc = rp_buf_adds(c->out, "\n## ");
	if (!rc)
		rc = rp_report_md_text(c->out, t.buf);
	if (!rc)
		rc = rp_buf_adds(c->out, "\n\n");
	rp_buf_release(&t);
	if (!rc && rp_report_section_empty(sec))
		return rp_buf_adds(c->out, general ? "No general comments.\n"
					   : rp_report_parts_commented(c->r, sec)
						   ? "No comments on the section as a whole; its parts below had some.\n"
						   : "No comments were received on this section.\n");
	if (!rc && !general) {
		rc = rp_buf_addf(c->out, "Consensus: **%s** (", rp_report_level_label(sec));
		if (!rc)
			rc = rp_report_counts(c->out, sec);
		if (!rc)
			rc = rp_buf_adds(c->out, ")\n");
	}
	if (!rc && sec->n_bullets)
		rc = rp_buf_adds(c->out, general ? "**Summary**\n\n" : "\n**Summary**\n\n");
	for (i = 0; i < sec->n_bullets && !rc; i++) {
		const struct rp_report_bullet *b = &sec->bullets[i];

		rc = rp_buf_addf(c->out, "- *%s*: ", rp_stance_name(b->stance) ? rp_stance_name(b->stance) : "comment");
		if (!rc)
			rc = rp_report_md_text(c->out, b->text);
		if (!rc)
			rc = rp_buf_adds(c->out, " (");
		if (!rc)
			rc = md_who_list(c, b->members, b->n_members, 1);
		if (!rc)
			rc = rp_buf_adds(c->out, ")");
		for (k = 0; k < b->n_message_ids && !rc; k++)
			rc = md_cite(c, b->message_ids[k]);
		if (!rc)
			rc = rp_buf_addch(c->out, '\n');
	}
	if (!rc)
		rc = md_items(c, "Proposed amendments", sec->amendments, sec->n_amendments, 1);
	if (!rc)
		rc = md_items(c, "Open objections", sec->open_objections, sec->n_open_objections, 0);
	if (!rc)
		rc = md_items(c, "Questions", sec->questions, sec->n_questions, 0);
	return rc;
}

static int md_participants(struct rp_render_ctx *c)
{
	const struct rp_report *r = c->r;
	size_t i, k;
	int rc;

	rc = rp_buf_addf(c->out, "\n## Annex %c: Participants\n\n", rp_report_annex_letter(r, 0));
	if (!rc && c->o->attribution == RP_ATTR_NONE)
		return rp_buf_addf(c->out,
				   "%zu members took part; under the Chatham House rule they are not named.\n",
				   r->n_participants);
	if (!rc && !r->n_participants)
		return rp_buf_adds(c->out, "Nobody commented.\n");
	if (!rc)
		rc = rp_buf_adds(c->out, "| Participant | Affiliation | Points | Sections |\n"
					 "|---|---|--:|---|\n");
	for (i = 0; i < r->n_participants && !rc; i++) {
		const struct rp_report_participant *p = &r->participants[i];

		rc = rp_buf_adds(c->out, "| ");
		if (!rc)
			rc = rp_report_md_text(c->out, rp_report_who(r, RP_ATTR_NAMES, i));
		if (!rc)
			rc = rp_buf_adds(c->out, " | ");
		if (!rc)
			rc = rp_report_md_text(c->out, p->affiliation ? p->affiliation : "");
		if (!rc)
			rc = rp_buf_addf(c->out, " | %zu | ", p->n_points);
		for (k = 0; k < p->n_sections && !rc; k++) {
			if (k)
				rc = rp_buf_adds(c->out, ", ");
			if (!rc)
				rc = rp_report_md_text(c->out, p->sections[k]);
		}
		if (!rc)
			rc = rp_buf_adds(c->out, " |\n");
	}
	return rc;
}

static int md_matrix(struct rp_render_ctx *c)
{
	const struct rp_report *r = c->r;
	size_t i;
	int rc;

	rc = rp_buf_addf(c->out, "\n## Annex %c: Comment matrix\n\n", rp_report_annex_letter(r, 1));
	if (!rc && !r->n_matrix)
		return rp_buf_adds(c->out, "No points were recorded.\n");
	if (!rc)
		rc = rp_buf_adds(c->out, "| ID | Member | Section | Type | Comment | Proposed change | Disposition |\n"
					 "|--:|---|---|---|------|------|---|\n");
	for (i = 0; i < r->n_matrix && !rc; i++) {
		const struct rp_report_row *row = &r->matrix[i];

		rc = rp_buf_addf(c->out, "| %lld | ", (long long)row->point);
		if (!rc)
			rc = rp_report_md_text(c->out, c->o->attribution == RP_ATTR_NONE
						     ? "-"
						     : rp_report_who(r, c->o->attribution, row->member));
		if (!rc)
			rc = rp_buf_adds(c->out, " | ");
		if (!rc)
			rc = rp_report_md_text(c->out, row->section ? row->section : "general");
		if (!rc)
			rc = rp_buf_addf(c->out, " | %s | ", row->type ? row->type : "unclassified");
		if (!rc)
			rc = rp_report_md_text(c->out, row->comment);
		if (!rc)
			rc = md_cite(c, row->message_id);
		if (!rc)
			rc = rp_buf_adds(c->out, " | ");
		if (!rc)
			rc = rp_report_md_text(c->out, row->proposed ? row->proposed : "");
		if (!rc)
			rc = rp_buf_adds(c->out, " | ");
		if (!rc)
			rc = rp_report_md_text(c->out, row->disposition ? row->disposition : "open");
		if (!rc && row->note) {
			rc = rp_buf_adds(c->out, ": ");
			if (!rc)
				rc = rp_report_md_text(c->out, row->note);
		}
		if (!rc)
			rc = rp_buf_adds(c->out, " |\n");
	}
	return rc;
}

static int md_end(struct rp_render_ctx *c)
{
	struct md_state *st = c->state;
	size_t i;
	int rc = 0;

	if (!st)
		return 0;
	if (st->n_cited)
		rc = rp_buf_addch(c->out, '\n');
	for (i = 0; i < st->n_cited && !rc; i++) {
		rc = rp_buf_addf(c->out, "[^%zu]: [", i + 1);
		if (!rc)
			rc = rp_report_md_text(c->out, st->cited[i]);
		if (!rc)
			rc = rp_buf_adds(c->out, "](");
		if (!rc)
			rc = rp_report_link(c->out, c->o, st->cited[i]);
		if (!rc)
			rc = rp_buf_adds(c->out, ")\n");
	}
	free(st->cited);
	free(st);
	c->state = NULL;
	return rc;
}

const struct rp_renderer rp_render_markdown = { md_begin, md_section, md_participants,
						 md_matrix, md_end };
