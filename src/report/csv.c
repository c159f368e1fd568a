/* csv: the comment-resolution matrix as CSV (RFC 4180: CRLF line ends, every field quoted,
 * quotes doubled), one row per point, in the column order of the ISO/IEC commenting
 * template secretariats use. A cell that starts with = + - @ (or a tab or CR) would be run as
 * a formula by spreadsheets (CSV injection), so it gets a leading apostrophe. Directional
 * overrides and isolates (U+202A..U+202E, U+2066..U+2069) are dropped: a spreadsheet would
 * let one in a name reverse the cells after it. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "report-private.h"

static int csv_cell(struct rp_buf *b, const char *s, int last)
{
	const char *start;
	int rc = rp_buf_addch(b, '"');
	size_t bidi;

	/* Overrides are dropped below: the formula check looks at what is left. */
	while (s && (bidi = rp_utf8_bidi_control(s, strnlen(s, 3))))
		s += bidi;

	if (!rc && s && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r'))
		rc = rp_buf_addch(b, '\'');
	start = s;
	for (; !rc && s && *s; s++) {
		size_t bidi = rp_utf8_bidi_control(s, strnlen(s, 3));

		if (bidi) {
			/* A spreadsheet shows an override too: it would reverse the cells after it. */
			s += bidi - 1;
			continue;
		}
		if (*s == '"')
			rc = rp_buf_addch(b, '"');
		if (!rc && *s == '\n' && !(s[1] == '\n' || (s[1] == '\r' && s[2] == '\n')) &&
		    !(start < s && s[-1] == '\n')) {
			/* A lone line break is where the mail was wrapped: a space in the cell,
			 * as in the documents. A blank line (a paragraph break) stays. */
			rc = rp_buf_addch(b, ' ');
			continue;
		}
		if (!rc && (unsigned char)*s >= 0x20 && *s != 0x7f)
			rc = rp_buf_addch(b, *s);
		else if (!rc && (*s == '\n' || *s == '\t'))
			rc = rp_buf_addch(b, *s);
	}
	if (!rc)
		rc = rp_buf_addch(b, '"');
	if (!rc)
		rc = rp_buf_adds(b, last ? "\r\n" : ",");
	return rc;
}

static int csv_matrix(struct rp_render_ctx *c)
{
	const struct rp_report *r = c->r;
	size_t i;
	int rc;

	rc = rp_buf_adds(c->out, "\"ID\",\"Member\",\"Affiliation\",\"Section\",\"Type\",\"Comment\","
				 "\"Proposed change\",\"Disposition\",\"Note\",\"Message-ID\"\r\n");
	for (i = 0; i < r->n_matrix && !rc; i++) {
		const struct rp_report_row *row = &r->matrix[i];
		const struct rp_report_participant *p =
			row->member < r->n_participants ? &r->participants[row->member] : NULL;
		int anon = c->o->attribution == RP_ATTR_NONE;
		char id[32];

		snprintf(id, sizeof(id), "%lld", (long long)row->point);
		if ((rc = csv_cell(c->out, id, 0)) ||
		    (rc = csv_cell(c->out, anon ? "" : rp_report_who(r, c->o->attribution, row->member), 0)) ||
		    (rc = csv_cell(c->out, anon || !p ? "" : p->affiliation, 0)) ||
		    (rc = csv_cell(c->out, row->section ? row->section : "general", 0)) ||
		    (rc = csv_cell(c->out, row->type ? row->type : "unclassified", 0)) ||
		    (rc = csv_cell(c->out, row->comment, 0)) || (rc = csv_cell(c->out, row->proposed, 0)) ||
		    (rc = csv_cell(c->out, row->disposition ? row->disposition : "open", 0)) ||
		    (rc = csv_cell(c->out, row->note, 0)) || (rc = csv_cell(c->out, anon ? "" : row->message_id, 1)))
			break;
	}
	return rc;
}

const struct rp_renderer rp_render_csv = { NULL, NULL, NULL, csv_matrix, NULL };
