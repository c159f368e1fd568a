/* common: what every renderer of the consolidated document needs: the driver that walks the
 * model through a renderer's callbacks, the format and attribution names, member names under
 * the attribution rule, dates, counts, and message links (mid: URIs per RFC 2392, or an
 * archive's per-message URL from a template, percent-encoded per RFC 3986). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "report-private.h"

int rp_report_format_parse(const char *name)
{
	static const char *const names[] = { "markdown", "html", "json", "email", "csv" };
	size_t i;

	for (i = 0; name && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	if (name && strcmp(name, "md") == 0)
		return RP_REPORT_MARKDOWN;
	return RP_EUSAGE;
}

int rp_report_attribution_parse(const char *name)
{
	if (!name)
		return RP_EUSAGE;
	if (strcmp(name, "names") == 0)
		return RP_ATTR_NAMES;
	if (strcmp(name, "affiliations") == 0)
		return RP_ATTR_AFFILIATIONS;
	if (strcmp(name, "none") == 0)
		return RP_ATTR_NONE;
	return RP_EUSAGE;
}

const char *rp_report_name(const struct rp_report *r, size_t i)
{
	const struct rp_report_participant *p;

	if (i >= r->n_participants)
		return "unknown";
	p = &r->participants[i];
	if (p->name && *p->name)
		return p->name;
	return *p->address ? p->address : "unknown";
}

const char *rp_report_who(const struct rp_report *r, enum rp_attribution a, size_t i)
{
	const struct rp_report_participant *p;

	if (a == RP_ATTR_NONE)
		return "a member";
	if (i >= r->n_participants)
		return "unknown";
	p = &r->participants[i];
	if (a == RP_ATTR_AFFILIATIONS && p->affiliation && *p->affiliation)
		return p->affiliation;
	return p->credit ? p->credit : rp_report_name(r, i);
}

const char *rp_report_who_within(const struct rp_report *r, enum rp_attribution a, size_t i)
{
	const char *who = rp_report_who(r, a, i);

	if (i < r->n_participants && r->participants[i].credit == who &&
	    r->participants[i].credit_within)
		return r->participants[i].credit_within;
	return who;
}

int rp_report_any_credit(const struct rp_report *r, enum rp_attribution a, const size_t *m,
			 size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (m[i] < r->n_participants && r->participants[m[i]].credit_within &&
		    rp_report_who_within(r, a, m[i]) == r->participants[m[i]].credit_within)
			return 1;
	return 0;
}

void rp_report_day(int64_t t, char out[11])
{
	char iso[21];

	if (!t) {
		snprintf(out, 11, "unknown");
		return;
	}
	rp_time_iso(t, iso);
	memcpy(out, iso, 10);
	out[10] = '\0';
}

int rp_report_check_template(const char *tpl, struct rp_error *err)
{
	const char *p;

	if (!tpl)
		return 0;
	if (!rp_istarts_with(tpl, "https://") && !rp_istarts_with(tpl, "http://"))
		return rp_error_set(err, RP_EUSAGE, "report", "archive URL template must be http(s)");
	p = strstr(tpl, "%s");
	if (!p || strstr(p + 2, "%s") || strchr(tpl, '"') || strchr(tpl, '<') ||
	    strchr(tpl, '>') || strchr(tpl, ' ') || strchr(tpl, '\n'))
		return rp_error_set(err, RP_EUSAGE, "report",
				    "archive URL template needs exactly one %%s and no quotes, spaces or <>");
	for (p = tpl; *p; p++) {
		if (*p != '%')
			continue;
		if (p[1] == 's' || p[1] == '%')
			p++;
		else if (isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2]))
			p += 2;
		else
			return rp_error_set(err, RP_EUSAGE, "report", "bad %% in archive URL template");
	}
	return 0;
}

/* Percent-encode everything but RFC 3986 unreserved characters and '@', so the id is safe in
 * a URI, an HTML attribute, a Markdown link destination and a CSV cell alike. */
static int add_encoded(struct rp_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	int rc = 0;

	for (; *s && !rc; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~' || c == '@')
			rc = rp_buf_addch(b, (char)c);
		else
			rc = rp_buf_addf(b, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
	return rc;
}

int rp_report_link(struct rp_buf *b, const struct rp_report_options *o, const char *message_id)
{
	const char *tpl = o ? o->archive_url : NULL, *p;
	int rc = 0;

	if (!message_id)
		message_id = "";
	if (!tpl) {
		rc = rp_buf_adds(b, "mid:");
		return rc ? rc : add_encoded(b, message_id);
	}
	/* The template was checked: the only conversion is one %s; %% is a literal percent. */
	for (p = tpl; *p && !rc; p++) {
		if (p[0] == '%' && p[1] == 's') {
			rc = add_encoded(b, message_id);
			p++;
		} else if (p[0] == '%' && p[1] == '%') {
			rc = rp_buf_addch(b, '%');
			p++;
		} else {
			rc = rp_buf_addch(b, *p);
		}
	}
	return rc;
}

const char *rp_report_level_label(const struct rp_report_section *sec)
{
	/* The level says nobody took a position; "no comments" over a list of questions
	 * would contradict the section (the JSON keeps the level's name). */
	if (sec->consensus == RP_LEVEL_NO_COMMENTS)
		return "no position taken";
	return rp_consensus_level_name(sec->consensus);
}

int rp_report_counts(struct rp_buf *b, const struct rp_report_section *sec)
{
	int l, first = 1, rc = 0;

	for (l = RP_STANCE_SUPPORT; l <= RP_STANCE_NOTE && !rc; l++) {
		if (!sec->count[l])
			continue;
		rc = rp_buf_addf(b, "%s%zu %s", first ? "" : ", ", sec->count[l],
				 rp_stance_name((enum rp_stance_label)l));
		first = 0;
	}
	if (first && !rc)
		rc = rp_buf_adds(b, "no positions");
	return rc;
}

int rp_report_oneline(struct rp_buf *b, const char *s)
{
	int space = 0, rc = 0;
	size_t start = b->len;

	for (; s && *s && !rc; s++) {
		unsigned char c = (unsigned char)*s;
		size_t bidi = rp_utf8_bidi_control(s, strnlen(s, 3));

		if (bidi) {
			/* An override in a name would reverse the citation after it. */
			s += bidi - 1;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			space = 1;
			continue;
		}
		if (c < 0x20 || c == 0x7f)
			continue;
		if (space && b->len > start)
			rc = rp_buf_addch(b, ' ');
		space = 0;
		if (!rc)
			rc = rp_buf_addch(b, (char)c);
	}
	return rc;
}

int rp_report_section_title(struct rp_buf *b, const struct rp_report_section *sec, int general)
{
	int rc = 0;

	if (general)
		return rp_buf_adds(b, "General comments");
	if (sec->number && *sec->number)
		rc = rp_report_oneline(b, sec->number);
	if (!rc && sec->heading && *sec->heading) {
		if (sec->number && *sec->number)
			rc = rp_buf_addch(b, ' ');
		if (!rc)
			rc = rp_report_oneline(b, sec->heading);
	}
	if (!rc && !(sec->number && *sec->number) && !(sec->heading && *sec->heading))
		rc = rp_buf_adds(b, "Preamble (the text before the first heading)");
	return rc;
}

/* The index of sec in r's sections, or r->n_sections when it is not one of them. */
static size_t section_index(const struct rp_report *r, const struct rp_report_section *sec)
{
	size_t i;

	for (i = 0; i < r->n_sections && &r->sections[i] != sec; i++)
		;
	return i;
}

static int dotted_number(const char *s)
{
	if (!s || !isdigit((unsigned char)*s))
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s) && *s != '.')
			return 0;
	return 1;
}

int rp_report_section_title_in(struct rp_buf *b, const struct rp_report *r,
			       const struct rp_report_section *sec, int general)
{
	size_t i = general ? r->n_sections : section_index(r, sec), k;
	const struct rp_report_section *up = NULL;
	size_t n;
	int rc;

	if (i < r->n_sections && !(sec->heading && *sec->heading) && dotted_number(sec->number))
		for (k = i; k-- > 0 && !up;)
			if (r->sections[k].level < sec->level)
				up = &r->sections[k];
	if (!up || !dotted_number(up->number))
		return rp_report_section_title(b, sec, general);
	n = strlen(up->number);
	if (strncmp(sec->number, up->number, n) == 0 && sec->number[n] == '.')
		return rp_report_section_title(b, sec, general); /* "3.9.1" under "3.9" */
	rc = rp_buf_adds(b, "Paragraph ");
	if (!rc)
		rc = rp_report_oneline(b, sec->number);
	if (!rc)
		rc = rp_buf_adds(b, " (");
	if (!rc)
		rc = rp_report_section_title(b, up, 0);
	return rc ? rc : rp_buf_addch(b, ')');
}

int rp_report_parts_commented(const struct rp_report *r, const struct rp_report_section *sec)
{
	size_t i = section_index(r, sec), k;

	for (k = i + 1; i < r->n_sections && k < r->n_sections && r->sections[k].level > sec->level;
	     k++)
		if (!rp_report_section_empty(&r->sections[k]))
			return 1;
	return 0;
}

void rp_report_period(const struct rp_report *r, char out[32])
{
	char from[11], to[11];

	if (!r->messages_read || !r->period_from) {
		snprintf(out, 32, "no messages read");
		return;
	}
	rp_report_day(r->period_from, from);
	rp_report_day(r->period_to, to);
	snprintf(out, 32, "%s to %s", from, to);
}

char rp_report_annex_letter(const struct rp_report *r, int k)
{
	char last = 0;
	size_t i;

	for (i = 0; i < r->n_sections; i++) {
		const char *n = r->sections[i].number;
		if (n && n[0] >= 'A' && n[0] <= 'Z' && (n[1] == '\0' || n[1] == '.') && n[0] > last)
			last = n[0];
	}
	if (last && last + 3 <= 'Z')
		return (char)(last + 1 + k);
	return (char)('A' + k);
}

int rp_report_title(struct rp_buf *b, const struct rp_report *r)
{
	int rc = rp_buf_adds(b, "Consolidated feedback on ");

	if (!rc)
		rc = rp_report_oneline(b, r->title);
	if (!rc && r->version > 1)
		rc = rp_buf_addf(b, " (version %d)", r->version);
	return rc;
}

int rp_report_section_empty(const struct rp_report_section *sec)
{
	return !sec->n_bullets && !sec->n_amendments && !sec->n_open_objections &&
	       !sec->n_questions;
}

int rp_report_section_silent_preamble(const struct rp_report_section *sec)
{
	return !(sec->number && *sec->number) && !(sec->heading && *sec->heading) &&
	       rp_report_section_empty(sec);
}

int rp_report_run(const struct rp_renderer *v, struct rp_buf *out, const struct rp_report *r,
		  const struct rp_report_options *o, struct rp_error *err)
{
	struct rp_render_ctx c = { out, r, o, err, NULL };
	size_t i;
	int rc = 0;

	if (v->begin)
		rc = v->begin(&c);
	for (i = 0; !rc && v->section && i < r->n_sections; i++)
		rc = v->section(&c, &r->sections[i], 0);
	if (!rc && v->section)
		rc = v->section(&c, &r->general, 1);
	if (!rc && v->participants)
		rc = v->participants(&c);
	if (!rc && v->matrix)
		rc = v->matrix(&c);
	/* end also frees the renderer's state, so it runs whenever begin succeeded. */
	if (v->end && (!v->begin || c.state || !rc)) {
		int rc2 = v->end(&c);

		if (!rc)
			rc = rc2;
	}
	if (rc && err && !err->code)
		rp_error_set(err, rc, "report", "%s", rp_strerror(rc));
	return rc;
}

int rp_report_render(struct rp_buf *out, const struct rp_report *r,
		     const struct rp_report_options *o, struct rp_error *err)
{
	int rc = rp_report_check_template(o->archive_url, err);

	if (rc)
		return rc;
	switch (o->format) {
	case RP_REPORT_MARKDOWN: return rp_report_run(&rp_render_markdown, out, r, o, err);
	case RP_REPORT_HTML: return rp_report_run(&rp_render_html, out, r, o, err);
	case RP_REPORT_JSON: return rp_report_run(&rp_render_json, out, r, o, err);
	case RP_REPORT_CSV: return rp_report_run(&rp_render_csv, out, r, o, err);
	case RP_REPORT_EMAIL: return rp_report_email(out, r, o, err);
	}
	return rp_error_set(err, RP_EUSAGE, "report", "unknown format");
}

const struct rp_report_row *rp_report_row_of(const struct rp_report *r, int64_t point)
{
	size_t i;

	for (i = 0; i < r->n_matrix; i++)
		if (r->matrix[i].point == point)
			return &r->matrix[i];
	return NULL;
}

char *rp_report_coldup(sqlite3_stmt *st, int i, int *oom)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	char *d;

	if (!t)
		return NULL;
	if (!(d = rp_strdup((const char *)t)))
		*oom = 1;
	return d;
}
