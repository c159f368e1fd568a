/* report-private: what the model builder and the renderers of the report module share: the
 * renderer vtable (in the style of notmuch's sprinter: one model, several writers), the
 * rendering context and small helpers for names, dates, links and counts. */
#ifndef RAPPORTEUR_REPORT_PRIVATE_H
#define RAPPORTEUR_REPORT_PRIVATE_H

#include <stdint.h>

#include "rapporteur/report.h"

/* Member index of a point whose author is not a participant (never happens for a store
 * written by the analysis; renderers show "unknown"). */
#define RP_REPORT_NOBODY ((size_t)-1)

size_t rp_report_find_participant(const struct rp_report *r, const char *address);
/* The matrix row of point, or NULL. */
const struct rp_report_row *rp_report_row_of(const struct rp_report *r, int64_t point);
/* Column i of st as a malloc'ed string (NULL for SQL NULL); sets *oom when out of memory. */
char *rp_report_coldup(sqlite3_stmt *st, int i, int *oom);

struct rp_render_ctx {
	struct rp_buf *out;
	const struct rp_report *r;
	const struct rp_report_options *o;
	struct rp_error *err;
	void *state; /* the renderer's own */
};

/* A renderer: called in document order; any callback may be NULL. Each returns 0 or an
 * RP_E* code. general is 1 for the "General comments" part. */
struct rp_renderer {
	int (*begin)(struct rp_render_ctx *c);
	int (*section)(struct rp_render_ctx *c, const struct rp_report_section *sec, int general);
	int (*participants)(struct rp_render_ctx *c);
	int (*matrix)(struct rp_render_ctx *c);
	int (*end)(struct rp_render_ctx *c);
};

extern const struct rp_renderer rp_render_markdown, rp_render_html, rp_render_json,
	rp_render_csv;
/* The email renderer wraps the Markdown one: see email.c. */
int rp_report_email(struct rp_buf *out, const struct rp_report *r,
		    const struct rp_report_options *o, struct rp_error *err);
int rp_report_run(const struct rp_renderer *v, struct rp_buf *out, const struct rp_report *r,
		  const struct rp_report_options *o, struct rp_error *err);

/* Member i's name (else address, else "unknown"): borrowed string, never NULL. */
const char *rp_report_name(const struct rp_report *r, size_t i);
/* How member i is named under the attribution: borrowed string, never NULL. Under
 * RP_ATTR_NONE it is "a member"; a writer of forwarded comments is credited with the
 * member who forwarded them ("Fatou Ndiaye (forwarded by Ana Souza)"). */
const char *rp_report_who(const struct rp_report *r, enum rp_attribution a, size_t i);
/* The same, written inside parentheses the text already opened ("(Fatou Ndiaye, forwarded
 * by Ana Souza; Lars Nilsson)"): a credit's own parentheses would nest. */
const char *rp_report_who_within(const struct rp_report *r, enum rp_attribution a, size_t i);
/* Is any of members m[0..n) named by such a credit under attribution a? Lists holding one
 * separate names by "; ". */
int rp_report_any_credit(const struct rp_report *r, enum rp_attribution a, const size_t *m,
			 size_t n);
/* "2027-03-01 to 2027-03-12", or "no messages read" when none was. out has room for 32. */
void rp_report_period(const struct rp_report *r, char out[32]);
/* "YYYY-MM-DD" of t, or "unknown" for 0. out has room for 11 bytes. */
void rp_report_day(int64_t t, char out[11]);
/* "2 support, 1 object, ..." for the non-zero counts, or "no positions". */
/* The consensus level as the documents word it, for a section that has points. */
const char *rp_report_level_label(const struct rp_report_section *sec);
int rp_report_counts(struct rp_buf *b, const struct rp_report_section *sec);
/* "3.9 Heading", "3.9", "Heading" or "General comments". */
int rp_report_section_title(struct rp_buf *b, const struct rp_report_section *sec, int general);
/* As rp_report_section_title, for a section of r: a paragraph numbered across the
 * headings ("5" under "2.1 A year-round forum", its number not extending the heading's) is
 * "Paragraph 5 (2.1 A year-round forum)", not a bare "5". */
int rp_report_section_title_in(struct rp_buf *b, const struct rp_report *r,
			       const struct rp_report_section *sec, int general);
/* True when a section without comments of its own has parts (subsections, numbered
 * paragraphs) that have some: the documents say so rather than "no comments". */
int rp_report_parts_commented(const struct rp_report *r, const struct rp_report_section *sec);
/* Text with every run of white space (newlines included) made one space and controls
 * dropped, directional overrides and isolates too (they would reverse the citation after a
 * name): for one-line contexts (bullets, table cells, headers). */
int rp_report_oneline(struct rp_buf *b, const char *s);
/* Append s with & < > " ' escaped, control characters other than LF and tab dropped, and
 * directional overrides and isolates dropped. */
int rp_report_html_escape(struct rp_buf *b, const char *s);
/* Append message text for Markdown on one line, every character that could become markup
 * backslash-escaped (see markdown.c). */
int rp_report_md_text(struct rp_buf *b, const char *s);
/* The letter of the document's own k-th annex (0: participants, 1: comment matrix, 2:
 * messages cited): 'A' + k, after the last annex letter of the draft when it has annexes
 * (sections "A", "B.1"), so that "Annex A" in the document never names two things. */
char rp_report_annex_letter(const struct rp_report *r, int k);
/* Title line of the document. */
int rp_report_title(struct rp_buf *b, const struct rp_report *r);
/* True when the section has nothing to show. */
int rp_report_section_empty(const struct rp_report_section *sec);
/* The text before the draft's first heading (usually its title) with no comments: the
 * documents leave it out rather than print "no comments" under it; JSON keeps it. */
int rp_report_section_silent_preamble(const struct rp_report_section *sec);

#endif
