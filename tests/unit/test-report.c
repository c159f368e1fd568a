/* test-report: the report model and every renderer over a small constructed store
 * (fixtures/report/store.sql): structure, provenance, attribution, determinism, and the
 * escaping of hostile message text in each output format; and the member's check. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "harness.h"
#include "rapporteur/report.h"
#include "../../src/report/report-private.h"


/* A fresh store loaded with the fixture, plus optional extra SQL. */
static struct rp_store *open_fixture(const char *extra, char dbpath[64])
{
	struct rp_store *s = NULL;
	struct rp_error err = { 0 };
	char *sql = NULL;
	int fd;

	snprintf(dbpath, 64, "%s/rp-report-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	fd = mkstemp(dbpath);
	if (fd < 0)
		return NULL;
	close(fd);
	unlink(dbpath);
	if (rp_store_open(&s, dbpath, 0, &err) ||
	    rp_read_file("fixtures/report/store.sql", 1 << 20, &sql, NULL, &err) ||
	    rp_store_exec(s, sql, &err) || (extra && rp_store_exec(s, extra, &err))) {
		fprintf(stderr, "fixture: %s\n", rp_error_text(&err));
		rp_store_close(s);
		s = NULL;
	}
	free(sql);
	return s;
}

static void close_fixture(struct rp_store *s, const char *dbpath)
{
	char side[80];

	if (!s)
		return;

	rp_store_close(s);
	unlink(dbpath);
	snprintf(side, sizeof(side), "%s-wal", dbpath);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", dbpath);
	unlink(side);
}

static char *render(const struct rp_report *r, enum rp_report_format f, enum rp_attribution a,
		    const char *archive)
{
	struct rp_report_options o = { f, a, archive, NULL, NULL, 0 };
	struct rp_buf b = RP_BUF_INIT;
	struct rp_error err = { 0 };

	if (rp_report_render(&b, r, &o, &err)) {
		rp_buf_release(&b);
		return NULL;
	}
	return rp_buf_detach(&b, NULL);
}

static const struct rp_report_section *section(const struct rp_report *r, const char *num)
{
	size_t i;

	for (i = 0; i < r->n_sections; i++)
		if (r->sections[i].number && strcmp(r->sections[i].number, num) == 0)
			return &r->sections[i];
	return NULL;
}

static void test_model(void)
{
	char db[64];
	struct rp_store *s = open_fixture(NULL, db);
	struct rp_report *r = NULL;
	const struct rp_report_section *sec;
	sqlite3_stmt *st = NULL;
	size_t i, k, in_bullets = 0;
	int n_points = -1;

	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_INT(rp_report_build(&r, s, 1, NULL, NULL), 0);
	if (!r)
		goto out;
	CHECK_STR(r->title, "Guidelines for Remote Participation");
	CHECK_STR(r->circulated, "draft-v1@example.org");
	CHECK_INT(r->messages_read, 5);
	CHECK_INT(r->n_sections, 5);
	/* Silence is shown: section 3 and 2 exist with nothing in them. */
	CHECK((sec = section(r, "3")) != NULL && sec->consensus == RP_LEVEL_NO_COMMENTS &&
	      sec->n_bullets == 0);
	CHECK(section(r, "2.1") && section(r, "2.1")->level == 2);
	/* Two supporters of the introduction make one bullet naming both. */
	sec = section(r, "1");
	CHECK(sec && sec->consensus == RP_LEVEL_AGREED && sec->n_bullets == 1);
	if (sec && sec->n_bullets == 1) {
		CHECK_INT(sec->bullets[0].n_members, 2);
		CHECK_INT(sec->bullets[0].n_message_ids, 2);
	}
	sec = section(r, "2.1");
	CHECK(sec && sec->n_amendments == 1);
	if (sec && sec->n_amendments == 1)
		CHECK_STR(sec->amendments[0].proposed,
			  "Participants SHOULD mute their microphone when not speaking.");
	sec = section(r, "2.2");
	CHECK(sec && sec->n_open_objections == 1 && sec->n_questions == 1);
	CHECK_INT(r->general.n_bullets, 1);
	/* Participants by name; Bob found through his alias, with his affiliation. */
	CHECK_INT(r->n_participants, 4);
	if (r->n_participants == 4) {
		CHECK_STR(r->participants[0].name, "Alice Martin");
		CHECK_STR(r->participants[1].address, "bob@example.net");
		CHECK_STR(r->participants[1].affiliation, "University of Examples");
		CHECK_INT(r->participants[0].n_points, 3);
	}
	/* Every point is in the matrix, and every bullet point is a matrix row. */
	if (rp_store_prepare(s, &st, "SELECT count(*) FROM point WHERE draft = 1", NULL) == 0 &&
	    sqlite3_step(st) == SQLITE_ROW)
		n_points = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	CHECK_INT(r->n_matrix, n_points);
	for (i = 0; i < r->n_matrix; i++)
		if (r->matrix[i].bullet >= 0)
			in_bullets++;
	CHECK_INT(in_bullets, 7); /* the note (107) is a bullet too; the stance-less point (108) is matrix only */
	for (i = 0; i < r->n_matrix; i++) {
		if (r->matrix[i].point == 102) {
			CHECK_STR(r->matrix[i].disposition, "accepted");
			CHECK_STR(r->matrix[i].note, "Applied in version 2");
		}
		if (r->matrix[i].point == 106)
			CHECK(r->matrix[i].section == NULL && r->matrix[i].bullet == 0);
	}
	for (k = 0; k < r->n_sections; k++)
		for (i = 0; i < r->sections[k].n_bullets; i++)
			CHECK(r->sections[k].bullets[i].n_points > 0);
	rp_report_free(r);
	r = NULL;
	CHECK_INT(rp_report_build(&r, s, 99, NULL, NULL), RP_ENOTFOUND);
out:
	rp_report_free(r);
	close_fixture(s, db);
}

/* True when needle occurs in md other than right after a backslash (escaped). */
static int unescaped(const char *md, const char *needle)
{
	const char *p;

	for (p = strstr(md, needle); p; p = strstr(p + 1, needle))
		if (p == md || p[-1] != '\\')
			return 1;
	return 0;
}

/* Hostile text from point 107 and the From name "Dave <b>Bold</b>" in every format. */
static void test_escaping(void)
{
	char db[64];
	struct rp_store *s = open_fixture(NULL, db);
	struct rp_report *r = NULL;
	char *md = NULL, *html = NULL, *csv = NULL, *p;

	if (!s || rp_report_build(&r, s, 1, NULL, NULL)) {
		CHECK(0);
		goto out;
	}
	md = render(r, RP_REPORT_MARKDOWN, RP_ATTR_NAMES, NULL);
	html = render(r, RP_REPORT_HTML, RP_ATTR_NAMES, "https://archive.example.org/msg/%s");
	csv = render(r, RP_REPORT_CSV, RP_ATTR_NAMES, NULL);
	CHECK(md && html && csv);
	if (!md || !html || !csv)
		goto out;
	CHECK(!unescaped(md, "<") && !unescaped(md, "[the tool"));
	CHECK(!unescaped(md, "](javascript") && strstr(md, "\\| =HYPERLINK") != NULL);
	CHECK(strstr(md, "\\<script\\>") != NULL && strstr(md, "Dave \\<b\\>Bold") != NULL);
	CHECK(strstr(md, "[^1]: [draft-v1\\@example.org](mid:draft-v1@example.org)") != NULL);
	CHECK(rp_ascii_casestr(html, "<script") == NULL && strstr(html, "<b>") == NULL);
	CHECK(strstr(md, "no position taken") == NULL); /* every section with points takes one */
	CHECK(strstr(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") != NULL);
	CHECK(strstr(html, "Dave &lt;b&gt;Bold&lt;/b&gt;") != NULL);
	/* Every link is one this renderer made from the template. */
	for (p = strstr(html, "href=\""); p; p = strstr(p + 1, "href=\""))
		CHECK(strncmp(p + 6, "https://archive.example.org/msg/", 32) == 0);
	CHECK(strstr(html, "https://archive.example.org/msg/alice-1@example.org") != NULL);
	/* CSV: quotes doubled, the formula cell defused. */
	CHECK(strstr(csv, "| =HYPERLINK(\"\"http://evil.example\"\")") != NULL);
	CHECK(strstr(csv, "\r\n") != NULL);
out:
	free(md);
	free(html);
	free(csv);
	rp_report_free(r);
	close_fixture(s, db);
}

/* The body of a quoted-printable message, decoded (soft breaks joined, =XX turned to bytes). */
static char *qp_body(const char *mail)
{
	const char *p = mail ? strstr(mail, "\n\n") : NULL;
	struct rp_buf b = RP_BUF_INIT;
	unsigned v;

	for (p = p ? p + 2 : ""; *p; p++) {
		if (p[0] == '=' && p[1] == '\n') {
			p++;
		} else if (p[0] == '=' && p[1] && p[2] && sscanf(p + 1, "%2x", &v) == 1) {
			rp_buf_addch(&b, (char)v);
			p += 2;
		} else {
			rp_buf_addch(&b, *p);
		}
	}
	return rp_buf_detach(&b, NULL);
}

/* Does s hold an explicit directional control (U+202A..U+202E, U+2066..U+2069)? */
static int has_bidi(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)s[0] == 0xE2 &&
		    (((unsigned char)s[1] == 0x80 && (unsigned char)s[2] >= 0xAA && (unsigned char)s[2] <= 0xAE) ||
		     ((unsigned char)s[1] == 0x81 && (unsigned char)s[2] >= 0xA6 && (unsigned char)s[2] <= 0xA9)))
			return 1;
	return 0;
}

/* A sender name with RIGHT-TO-LEFT OVERRIDE ("Trojan Source") would display the citation after
 * it reversed; overrides and isolates in names, subjects and comments are dropped in every
 * format, while real right-to-left text (a Hebrew name, an Arabic comment with its RLM mark)
 * is kept as written. */
static void test_bidi(void)
{
	static const char hebrew[] = "\xD7\x9B\xD7\xA8\xD7\x9E\xD7\x9C \xD7\x93\xD7\x99\xD7\x90\xD7\x96";
	static const char arabic[] = "\xD8\xA7\xD9\x84\xD9\x81\xD9\x8A\xD8\xAF\xD9\x8A\xD9\x88 "
				     "\xD9\x84\xD9\x8A\xD8\xB3 \xD8\xA5\xD9\x84\xD8\xB2\xD8\xA7\xD9\x85\xD9\x8A\xD8\xA7"
				     "\xE2\x80\x8F";
	char db[64];
	struct rp_store *s = open_fixture(
		"UPDATE message SET from_name = 'Dan ' || char(0x202E, 0x200D) || 'gnp.exe' WHERE id = 5;"
		"UPDATE message SET subject = 'Call ' || char(0x2067) || 'for comments' WHERE id = 1;"
		"UPDATE message SET from_name = char(0x5DB, 0x5E8, 0x5DE, 0x5DC, 0x20, 0x5D3, 0x5D9, 0x5D0, 0x5D6)"
		" WHERE from_addr = 'carol@example.com';"
		"UPDATE point SET text = char(0x202B) || char(0x627, 0x644, 0x641, 0x64A, 0x62F, 0x64A, 0x648, 0x20,"
		" 0x644, 0x64A, 0x633, 0x20, 0x625, 0x644, 0x632, 0x627, 0x645, 0x64A, 0x627, 0x200F)"
		" || char(0x202E) WHERE id = 104;",
		db);
	struct rp_report *r = NULL;
	char *out[5] = { NULL }, *body = NULL;
	static const enum rp_report_format formats[5] = { RP_REPORT_MARKDOWN, RP_REPORT_HTML,
							  RP_REPORT_JSON, RP_REPORT_CSV,
							  RP_REPORT_EMAIL };
	size_t i;

	if (!s || rp_report_build(&r, s, 1, NULL, NULL)) {
		CHECK(0);
		goto out;
	}
	for (i = 0; i < 5; i++) {
		const char *text;

		out[i] = render(r, formats[i], RP_ATTR_NAMES, NULL);
		CHECK(out[i] != NULL);
		if (formats[i] == RP_REPORT_EMAIL)
			text = body = qp_body(out[i]);
		else
			text = out[i];
		if (!text)
			continue;
		CHECK(!has_bidi(text));
		CHECK(strstr(text, "Dan \xE2\x80\x8Dgnp.exe") != NULL);
		CHECK(strstr(text, hebrew) != NULL);
		CHECK(strstr(text, arabic) != NULL);
		/* the subject is shown by the documents; the matrix and the JSON have none */
		if (formats[i] != RP_REPORT_CSV && formats[i] != RP_REPORT_JSON)
			CHECK(strstr(text, "Call for comments") != NULL);
	}
	/* HTML isolates each name and comment, so right-to-left text keeps to itself. */
	if (out[1]) {
		CHECK(strstr(out[1], "<bdi>Dan \xE2\x80\x8Dgnp.exe</bdi>") != NULL);
		CHECK(strstr(out[1], "<bdi>") && strstr(out[1], hebrew) &&
		      strstr(strstr(out[1], hebrew) - 5, "<bdi>") == strstr(out[1], hebrew) - 5);
	}
out:
	for (i = 0; i < 5; i++)
		free(out[i]);
	free(body);
	rp_report_free(r);
	close_fixture(s, db);
}

static void test_csv_formulas(void)
{
	static const struct {
		const char *text, *cell;
	} cases[] = {
		{ "=1+1", "\"'=1+1\"" },
		{ "+49 30 1234", "\"'+49 30 1234\"" },
		{ "-2 for this", "\"'-2 for this\"" },
		{ "@SUM(A1:A9)", "\"'@SUM(A1:A9)\"" },
		{ "plain = fine", "\"plain = fine\"" },
		/* the mail's wrapping is no line break in a spreadsheet cell; a blank line,
		 * the writer's paragraph break, stays */
		{ "40% is too low as a target,\nwe should aim for parity.",
		  "\"40% is too low as a target, we should aim for parity.\"" },
		{ "First paragraph.\n\nSecond one.", "\"First paragraph.\n\nSecond one.\"" },
		{ "Windows lines,\r\nwrapped.", "\"Windows lines, wrapped.\"" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char db[64];
		struct rp_store *s = open_fixture(NULL, db);
		struct rp_report *r = NULL;
		sqlite3_stmt *st = NULL;
		char *csv = NULL;

		if (!s) {
			CHECK(0);
			continue;
		}
		if (rp_store_prepare(s, &st, "UPDATE point SET text = ? WHERE id = 107", NULL) == 0) {
			rp_bind_text(st, 1, cases[i].text);
			sqlite3_step(st);
		}
		sqlite3_finalize(st);
		if (rp_report_build(&r, s, 1, NULL, NULL) == 0)
			csv = render(r, RP_REPORT_CSV, RP_ATTR_NAMES, NULL);
		CHECK(csv && strstr(csv, cases[i].cell) != NULL);
		free(csv);
		rp_report_free(r);
		close_fixture(s, db);
	}
}

/* Header lines of an email: everything before the first empty line. */
static int header_has_line(const char *mail, const char *prefix)
{
	const char *p = mail, *end = strstr(mail, "\n\n");

	while (p && p < end) {
		if (rp_istarts_with(p, prefix))
			return 1;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return 0;
}

static void test_email(void)
{
	char db[64], db2[64];
	struct rp_store *s = open_fixture(
		"UPDATE draft SET title = 'Remote participation\r\nBcc: victim@example.org\r\n\r\nhi',"
		" circulated = 'x@y\r\nBcc: other@example.org' WHERE id = 1;", db);
	struct rp_store *s2 = open_fixture("UPDATE draft SET title = 'Télé-participation — règles' WHERE id = 1;", db2);
	struct rp_report *r = NULL, *r2 = NULL;
	char *mail = NULL, *mail2 = NULL, *body, *line;

	if (!s || !s2 || rp_report_build(&r, s, 1, NULL, NULL) || rp_report_build(&r2, s2, 1, NULL, NULL)) {
		CHECK(0);
		goto out;
	}
	mail = render(r, RP_REPORT_EMAIL, RP_ATTR_NAMES, NULL);
	mail2 = render(r2, RP_REPORT_EMAIL, RP_ATTR_NAMES, NULL);
	CHECK(mail && mail2);
	if (!mail || !mail2)
		goto out;
	CHECK(!header_has_line(mail, "Bcc:"));
	CHECK(!header_has_line(mail, "In-Reply-To:")); /* the bad id is dropped, not spliced */
	CHECK(strchr(mail, '\r') == NULL);
	CHECK(header_has_line(mail, "Subject: Consolidated feedback on Remote participation Bcc:"));
	CHECK(header_has_line(mail2, "Subject: =?UTF-8?B?"));
	CHECK(header_has_line(mail2, "In-Reply-To: <draft-v1@example.org>"));
	CHECK(header_has_line(mail2, "Content-Transfer-Encoding: quoted-printable"));
	CHECK(header_has_line(mail2, "Date: Thu, 14 Mar 2024") == 0); /* excluded mail is not read */
	CHECK(header_has_line(mail2, "Date: Thu, 07 Mar 2024 10:00:00 +0000"));
	/* Quoted-printable: short lines, only ASCII. */
	body = strstr(mail2, "\n\n");
	for (line = body; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		size_t n = strcspn(line, "\n");
		size_t k;

		CHECK(n <= 76);
		for (k = 0; k < n; k++)
			if ((unsigned char)line[k] > 126)
				break;
		CHECK(k == n);
	}
	CHECK(strstr(mail2, "T=C3=A9l=C3=A9") != NULL);
out:
	free(mail);
	free(mail2);
	rp_report_free(r);
	rp_report_free(r2);
	close_fixture(s2, db2);
	close_fixture(s, db);
}

/* A long title: the Subject is folded at spaces, every header line within 78 characters,
 * and unfolding it gives the title back. */
static void test_email_long_subject(void)
{
	static const char title[] =
		"Draft report of the Working Group on Remote Participation and Hybrid Meetings "
		"to the Plenary, on rules for online interventions, captioning and time zones";
	char db[64], sql[512];
	struct rp_store *s;
	struct rp_report *r = NULL;
	struct rp_buf subject = RP_BUF_INIT;
	char *mail = NULL;
	const char *p, *end;

	snprintf(sql, sizeof(sql), "UPDATE draft SET title = '%s' WHERE id = 1;", title);
	s = open_fixture(sql, db);
	if (!s || rp_report_build(&r, s, 1, NULL, NULL) ||
	    !(mail = render(r, RP_REPORT_EMAIL, RP_ATTR_NAMES, NULL))) {
		CHECK(0);
		goto out;
	}
	end = strstr(mail, "\n\n");
	for (p = mail; p && p < end; p = strchr(p, '\n') + 1) {
		size_t n = strcspn(p, "\n");

		CHECK(n <= 78);
		if (rp_istarts_with(p, "Subject: ") || (subject.len && *p == ' ' && !strchr(subject.buf, '\n')))
			rp_buf_add(&subject, p, n);
		else if (subject.len && !strchr(subject.buf, '\n'))
			rp_buf_addch(&subject, '\n');
	}
	CHECK(subject.len > 0 && strchr(subject.buf, '\n') != NULL);
	if (subject.len)
		subject.buf[strcspn(subject.buf, "\n")] = '\0';
	CHECK(subject.buf && strcmp(subject.buf + strlen("Subject: Consolidated feedback on "), title) == 0);
out:
	rp_buf_release(&subject);
	free(mail);
	rp_report_free(r);
	close_fixture(s, db);
}

/* Inside parentheses a forwarded writer's credit reads "Fatou Ndiaye, forwarded by Moussa
 * Sow" and the names beside it are separated by "; " -- only where the attribution names
 * people by that credit: under affiliations she is her organisation. */
static void test_credit_within(void)
{
	struct rp_report_participant people[2] = {
		{ .address = "fatou@univ.example", .name = "Fatou Ndiaye", .affiliation = "Univ",
		  .forwarded_by = "Moussa Sow", .credit = "Fatou Ndiaye (forwarded by Moussa Sow)",
		  .credit_within = "Fatou Ndiaye, forwarded by Moussa Sow" },
		{ .address = "lars@a.example", .name = "Lars Nilsson" },
	};
	struct rp_report r = { .participants = people, .n_participants = 2 };
	size_t both[2] = { 0, 1 }, lars[1] = { 1 };

	CHECK_STR(rp_report_who(&r, RP_ATTR_NAMES, 0), "Fatou Ndiaye (forwarded by Moussa Sow)");
	CHECK_STR(rp_report_who_within(&r, RP_ATTR_NAMES, 0), "Fatou Ndiaye, forwarded by Moussa Sow");
	CHECK_STR(rp_report_who_within(&r, RP_ATTR_AFFILIATIONS, 0), "Univ");
	CHECK_STR(rp_report_who_within(&r, RP_ATTR_NAMES, 1), "Lars Nilsson");
	CHECK(rp_report_any_credit(&r, RP_ATTR_NAMES, both, 2));
	CHECK(!rp_report_any_credit(&r, RP_ATTR_AFFILIATIONS, both, 2));
	CHECK(!rp_report_any_credit(&r, RP_ATTR_NONE, both, 2));
	CHECK(!rp_report_any_credit(&r, RP_ATTR_NAMES, lars, 1));
}

static void test_json_and_attribution(void)
{
	char db[64];
	struct rp_store *s = open_fixture(NULL, db);
	struct rp_report *r = NULL;
	char *js = NULL, *anon[4] = { 0 }, *again = NULL;
	json_t *root = NULL, *sec;
	size_t i;

	if (!s || rp_report_build(&r, s, 1, NULL, NULL)) {
		CHECK(0);
		goto out;
	}
	js = render(r, RP_REPORT_JSON, RP_ATTR_NAMES, NULL);
	again = render(r, RP_REPORT_JSON, RP_ATTR_NAMES, NULL);
	CHECK(js && again && strcmp(js, again) == 0);
	root = js ? json_loads(js, 0, NULL) : NULL;
	CHECK(root != NULL);
	if (root) {
		CHECK_INT(json_integer_value(json_object_get(root, "schema_version")), RP_REPORT_SCHEMA_VERSION);
		CHECK_INT(json_array_size(json_object_get(root, "sections")), 5);
		CHECK_INT(json_array_size(json_object_get(root, "matrix")), 8);
		CHECK_INT(json_array_size(json_object_get(root, "participants")), 4);
		CHECK(json_is_object(json_object_get(root, "general")));
		sec = json_array_get(json_object_get(root, "sections"), 0);
		CHECK_STR(json_string_value(json_object_get(sec, "number")), "1");
		CHECK_INT(json_integer_value(json_object_get(sec, "level")), 1);
		CHECK_STR(json_string_value(json_array_get(json_object_get(
				  json_array_get(json_object_get(sec, "bullets"), 0), "members"), 1)),
			  "Bob Chen");
		sec = json_array_get(json_object_get(root, "sections"), 2);
		CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(sec, "amendments"), 0),
							    "proposed")),
			  "Participants SHOULD mute their microphone when not speaking.");
	}
	/* Chatham House: no name or affiliation anywhere, counts instead. */
	anon[0] = render(r, RP_REPORT_MARKDOWN, RP_ATTR_NONE, NULL);
	anon[1] = render(r, RP_REPORT_HTML, RP_ATTR_NONE, NULL);
	anon[2] = render(r, RP_REPORT_JSON, RP_ATTR_NONE, NULL);
	anon[3] = render(r, RP_REPORT_CSV, RP_ATTR_NONE, NULL);
	for (i = 0; i < 4; i++) {
		CHECK(anon[i] != NULL);
		if (!anon[i])
			continue;
		CHECK(strstr(anon[i], "Alice") == NULL && strstr(anon[i], "Chen") == NULL &&
		      strstr(anon[i], "Example Corp") == NULL && strstr(anon[i], "Bold") == NULL);
	}
	CHECK(anon[0] && strstr(anon[0], "(2 members)") != NULL);
	free(anon[0]);
	anon[0] = render(r, RP_REPORT_MARKDOWN, RP_ATTR_AFFILIATIONS, NULL);
	CHECK(anon[0] && strstr(anon[0], "(Example Corp and University of Examples)") != NULL);
out:
	json_decref(root);
	free(js);
	free(again);
	for (i = 0; i < 4; i++)
		free(anon[i]);
	rp_report_free(r);
	close_fixture(s, db);
}

/* A text with names and addresses, and the same withheld. */
struct withhold_case {
	const char *in, *out;
};

/* The set of names (NULL-terminated) withholds each case as its out says, and counts one
 * for each "withheld]" there. Returns the set, for more checks; the caller frees it. */
static struct rp_name_set *check_withheld(const char *const *names, const struct withhold_case *cases,
					  size_t n_cases)
{
	struct rp_name_set *set = NULL;
	size_t i;

	if (rp_name_set_new(&set)) {
		CHECK(0);
		exit(1);
	}
	for (i = 0; names[i]; i++)
		CHECK_INT(rp_name_set_add(set, names[i]), 0);
	for (i = 0; i < n_cases; i++) {
		size_t n = 0, want = 0;
		const char *w;
		char *got = rp_name_set_withhold(set, cases[i].in, &n);

		for (w = cases[i].out; (w = strstr(w, "withheld]")); w++)
			want++;
		CHECK_STR(got, cases[i].out);
		CHECK_INT(n, want);
		free(got);
	}
	return set;
}

/* Chatham House: names and addresses quoted in comments are withheld (withhold.c). */
static void test_withhold_text(void)
{
	static const char *const names[] = {
		"Mark Carvell", "Wout de Natris", "Avri Doria", "Olivier Cr\xc3\xa9pin-Leblond",
		"May Chen", "Will Hudson", "IGF Secretariat", "Amy Crocker via DC-ISSS", "LI Wei",
		"Emile Zola",
		"\"Croll, Jutta\"", NULL,
	};
	static const struct withhold_case cases[] = {
		{ "+1 to Mark.", "+1 to [name withheld]." },
		{ "I agree with Mark Carvell on 3.9", "I agree with [name withheld] on 3.9" },
		{ "as Wout de Natris said", "as [name withheld] said" },
		{ "Mark's proposal and Avri\xe2\x80\x99s", "[name withheld]'s proposal and [name withheld]\xe2\x80\x99s" },
		{ "je partage l'avis d'Avri.", "je partage l'avis d'[name withheld]." },
		{ "thanks \xe2\x80\x9cOlivier\xe2\x80\x9d and Cr\xc3\xa9pin-Leblond",
		  "thanks \xe2\x80\x9c[name withheld]\xe2\x80\x9d and [name withheld]" },
		/* common words: not at the start of a sentence unless addressed */
		{ "Mark the paragraph as agreed.", "Mark the paragraph as agreed." },
		{ "Mark, I agree.", "[name withheld], I agree." },
		{ "Will the chair decide? I asked Will.", "Will the chair decide? I asked [name withheld]." },
		{ "we will mark it", "we will mark it" },
		/* capitalised anyway: only beside another part of a name */
		{ "by May we need it", "by May we need it" },
		{ "by May Chen's reckoning", "by [name withheld]'s reckoning" },
		/* acronyms and role accounts are not names; Mailman's "via" list is not either */
		{ "the IGF Secretariat and DC-ISSS", "the IGF Secretariat and DC-ISSS" },
		{ "Amy said so", "[name withheld] said so" },
		{ "Wei and Jutta", "[name withheld] and [name withheld]" },
		/* part of a longer word, or a different case: not a name */
		{ "Markus and Marks and avri", "Markus and Marks and avri" },
		/* in capitals: a name is still one, an English word is emphasis */
		{ "AVRI said we WILL MARK it", "[name withheld] said we WILL MARK it" },
		/* accents as the writer typed them (or did not) */
		{ "pace Olivier Crepin and CR\xc3\x89PIN", "pace [name withheld] and [name withheld]" },
		{ "\xc3\x89mile wrote, then Emile", "[name withheld] wrote, then [name withheld]" },
		/* addresses, wherever they come from */
		{ "write to wout@denatris.example.net.", "write to [address withheld]." },
		{ "<amy.c+igf@example.com>", "<[address withheld]>" },
		{ "an @ sign, a@b and x@y.z", "an @ sign, a@b and [address withheld]" },
		{ "", "" },
	};
	struct rp_name_set *set = check_withheld(names, cases, sizeof(cases) / sizeof(cases[0]));

	CHECK_INT(rp_name_set_add(set, NULL), 0);
	/* Mark Carvell Wout Natris Avri Doria Olivier Crépin-Leblond Crépin Leblond May Chen Will
	 * Hudson Amy Crocker Wei Croll Jutta Emile Zola, folded, and the 10 pairs of words that
	 * follow each other in them */
	CHECK_INT(rp_name_set_count(set), 31);
	rp_name_set_free(set);
}

static void test_withhold_words(void)
{
	static const char *const names[] = {
		"Mark Grant", "Will Hunt", "May Lee", "Sam Best", "Bill White",
		"Bertrand de La Chapelle", "Lynn St. Amour", "Anja Gengo (IGF Secretariat)",
		"Seamus O'Brien", "Avri Doria", "Dr. Nnenna Nwakanma", NULL,
	};
	static const struct withhold_case cases[] = {
		/* a name that is an English word, where it names someone */
		{ "Mark is right that 3 is long.", "[name withheld] is right that 3 is long." },
		{ "Grant makes this point.", "[name withheld] makes this point." },
		{ "Thanks Will, and thanks May, good point.", "Thanks [name withheld], and thanks [name withheld], good point." },
		{ "I agree with Mark's proposal.", "I agree with [name withheld]'s proposal." },
		{ "as Hunt said", "as [name withheld] said" },
		{ "MARK GRANT and WILL HUNT agree", "[name withheld] and [name withheld] agree" },
		/* ... and where it is a word */
		{ "Mark the paragraph. Will the chair decide?", "Mark the paragraph. Will the chair decide?" },
		{ "the Best Practice Forums and the White Paper", "the Best Practice Forums and the White Paper" },
		{ "the Online Safety Bill and The Bill Agreement", "the Online Safety Bill and The Bill Agreement" },
		{ "Best regards,\nBest, Sam", "Best regards,\nBest, [name withheld]" },
		{ "On 3, Best regards aside, Hunt agrees", "On 3, Best regards aside, [name withheld] agrees" },
		{ "we WILL MARK it; by May we see", "we WILL MARK it; by May we see" },
		/* particles and titles of display names are no names */
		{ "La section 3 est trop longue. Le texte aussi.", "La section 3 est trop longue. Le texte aussi." },
		{ "the St. Louis office, Dr. Who", "the St. Louis office, Dr. Who" },
		{ "Bertrand de La Chapelle and Amour", "[name withheld] and [name withheld]" },
		/* a role in the display name does not hide the person */
		{ "Anja's note: Gengo knows", "[name withheld]'s note: [name withheld] knows" },
		/* spellings */
		{ "O\xe2\x80\x99" "Brien and Avri-Doria; D'Avri", "[name withheld] and [name withheld]; D'[name withheld]" },
		{ "Nnenna wrote", "[name withheld] wrote" },
		/* addresses */
		{ "avri [at] ex.org, avri(at)ex.org", "[address withheld], [address withheld]" },
		{ "mark.grant at ex.org or avri@localhost", "[address withheld] or [address withheld]" },
		{ "\"avri\"@ex.org and avri\xef\xbc\xa0" "ex.org", "[address withheld] and [address withheld]" },
		{ "look at example.com, meet at 10.30", "look at example.com, meet at 10.30" },
	};

	rp_name_set_free(check_withheld(names, cases, sizeof(cases) / sizeof(cases[0])));
}

/* The model's comments, amendments and notes lose names; headings and counts stay. */
static void test_withhold_model(void)
{
	char db[64];
	struct rp_store *s = open_fixture(
		"UPDATE point SET text = 'I agree with Alice Martin, and bob@example.net agrees.' WHERE id = 103;"
		"INSERT OR REPLACE INTO decision(draft, message_id, ordinal, key, value, set_at)"
		" SELECT 1, message_id, 2, 'note', 'Discussed with Bob on the phone', 0 FROM message WHERE id = 2;",
		db);
	struct rp_report *r = NULL;
	struct rp_error err = { 0 };
	char *md = NULL;
	size_t n = 0, i;
	int found = 0;

	if (!s || rp_report_build(&r, s, 1, NULL, NULL)) {
		CHECK(0);
		goto out;
	}
	CHECK_INT(rp_report_withhold_names(r, s, &n, &err), 0);
	CHECK_INT(n, 3);
	for (i = 0; i < r->n_matrix; i++) {
		if (r->matrix[i].point == 103) {
			CHECK_STR(r->matrix[i].comment, "I agree with [name withheld], and [address withheld] agrees.");
			found++;
		}
		if (r->matrix[i].point == 102) {
			CHECK_STR(r->matrix[i].note, "Discussed with [name withheld] on the phone");
			found++;
		}
	}
	CHECK_INT(found, 2);
	md = render(r, RP_REPORT_MARKDOWN, RP_ATTR_NONE, NULL);
	CHECK(md && strstr(md, "Alice") == NULL && strstr(md, "bob@") == NULL &&
	      strstr(md, "\\[name withheld\\]") != NULL);
out:
	free(md);
	rp_report_free(r);
	close_fixture(s, db);
}

static void test_templates(void)
{
	static const struct {
		const char *tpl;
		int ok;
	} cases[] = {
		{ "https://lists.example.org/archive/%s", 1 },
		{ "http://example.org/m?id=%s&x=%%", 1 },
		{ "javascript:alert(%s)", 0 },
		{ "https://example.org/nothing", 0 },
		{ "https://example.org/%s/%s", 0 },
		{ "https://example.org/\"onmouseover=\"%s", 0 },
		{ "https://example.org/%d/%s", 0 },
	};
	struct rp_buf b = RP_BUF_INIT;
	struct rp_report_options o = { 0 };
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_INT(rp_report_check_template(cases[i].tpl, NULL) == 0, cases[i].ok);
	o.archive_url = NULL;
	rp_report_link(&b, &o, "a b<c>\"d\"@x/y");
	CHECK_STR(b.buf, "mid:a%20b%3Cc%3E%22d%22@x%2Fy");
	rp_buf_release(&b);
	CHECK_INT(rp_report_format_parse("html"), RP_REPORT_HTML);
	CHECK_INT(rp_report_format_parse("pdf"), RP_EUSAGE);
	CHECK_INT(rp_report_attribution_parse("none"), RP_ATTR_NONE);
	CHECK_INT(rp_report_attribution_parse("all"), RP_EUSAGE);
}

static void test_check(void)
{
	static const struct {
		const char *who;
		int rc;
		size_t entries, uncaptured, unrelated;
		const char *address;
	} cases[] = {
		{ "alice@example.org", 0, 3, 0, 0, "alice@example.org" },
		{ "ALICE@EXAMPLE.ORG", 0, 3, 0, 0, "alice@example.org" },
		{ "bob chen", 0, 2, 0, 0, "bob@example.net" },
		{ "Bob.Chen@example.net", 0, 2, 0, 0, "bob@example.net" },
		/* a reply sent after the deadline answers the draft: uncaptured */
		{ "carol@example.com", 0, 3, 1, 0, "carol@example.com" },
		/* an off-topic message is not about the draft: not counted as uncaptured */
		{ "Erin Park", 0, 1, 0, 1, "erin@example.org" },
		{ "nobody@example.org", RP_ENOTFOUND, 0, 0, 0, NULL },
		{ "Nobody At All", RP_ENOTFOUND, 0, 0, 0, NULL },
	};
	char db[64];
	struct rp_store *s = open_fixture(NULL, db);
	struct rp_report *r = NULL;
	size_t i;

	if (!s || rp_report_build(&r, s, 1, NULL, NULL)) {
		CHECK(0);
		goto out;
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rp_check *c = NULL;
		struct rp_buf b = RP_BUF_INIT;

		CHECK_INT(rp_report_check(&c, s, r, cases[i].who, NULL), cases[i].rc);
		if (!c)
			continue;
		CHECK_STR(c->address, cases[i].address);
		CHECK_INT(c->n_entries, cases[i].entries);
		CHECK_INT(c->n_uncaptured, cases[i].uncaptured);
		CHECK_INT(c->n_unrelated, cases[i].unrelated);
		CHECK_INT(rp_check_render(&b, c, RP_REPORT_HTML, NULL), 0);
		CHECK(strstr(b.buf, "<script") == NULL);
		rp_buf_release(&b);
		rp_check_free(c);
	}
out:
	rp_report_free(r);
	close_fixture(s, db);
}

/* The Markdown, HTML and JSON forms of one report (NULL where rendering failed). */
struct forms {
	char *md, *html, *json;
};

static int forms_render(struct forms *f, const struct rp_report *r)
{
	free(f->md);
	free(f->html);
	free(f->json);
	f->md = render(r, RP_REPORT_MARKDOWN, RP_ATTR_NAMES, NULL);
	f->html = render(r, RP_REPORT_HTML, RP_ATTR_NAMES, NULL);
	f->json = render(r, RP_REPORT_JSON, RP_ATTR_NAMES, NULL);
	return f->md && f->html && f->json;
}

static void forms_free(struct forms *f)
{
	free(f->md);
	free(f->html);
	free(f->json);
}

/* A section whose points take no position (questions only) says so, rather than "no
 * comments" over its own questions; the JSON keeps the level's name. */
static void test_no_position(void)
{
	char db[64];
	struct rp_store *s = open_fixture(NULL, db);
	struct rp_report *r = NULL;
	struct forms f = { 0 };

	if (!s || rp_store_exec(s,
				"DELETE FROM point WHERE id IN (SELECT p.id FROM point p"
				" JOIN anchor a ON a.point = p.id JOIN section x ON x.id = a.section"
				" JOIN stance t ON t.point = p.id WHERE x.number = '2.2'"
				" AND t.label <> 'question')",
				NULL) ||
	    rp_report_build(&r, s, 1, NULL, NULL) || !forms_render(&f, r)) {
		CHECK(0);
		goto out;
	}
	CHECK(section(r, "2.2") && section(r, "2.2")->consensus == RP_LEVEL_NO_COMMENTS);
	CHECK(strstr(f.md, "Consensus: **no position taken** (1 question)") != NULL);
	CHECK(strstr(f.html, "<span class=\"level none\">no position taken</span> (1 question)") != NULL);
	CHECK(strstr(f.json, "\"consensus\": \"no comments\"") != NULL);
out:
	forms_free(&f);
	rp_report_free(r);
	close_fixture(s, db);
}

/* The text before the first heading, uncommented, is left out of the documents (JSON keeps
 * it); once commented, it is shown like any section. */
static void test_silent_preamble(void)
{
	char db[64];
	struct rp_store *s = open_fixture(NULL, db);
	struct rp_report *r = NULL;
	struct forms f = { 0 };
	int round;

	if (!s || rp_store_exec(s,
				"INSERT INTO section(id, draft, ordinal, number, heading, text)"
				" VALUES (900, 1, -1, NULL, NULL, 'Guidelines, draft 1')",
				NULL)) {
		CHECK(0);
		goto out;
	}
	for (round = 0; round < 2; round++) {
		/* then a comment on it */
		if (round == 1 &&
		    rp_store_exec(s, "UPDATE anchor SET section = 900 WHERE point = 101", NULL)) {
			CHECK(0);
			goto out;
		}
		rp_report_free(r);
		r = NULL;
		if (rp_report_build(&r, s, 1, NULL, NULL) || !forms_render(&f, r)) {
			CHECK(0);
			goto out;
		}
		CHECK((strstr(f.md, "## Preamble") != NULL) == round);
		CHECK((strstr(f.html, "<h2>Preamble") != NULL) == round);
		/* JSON lists every section, the uncommented preamble too */
		CHECK_INT(r->n_sections, 6);
		CHECK(strstr(f.json, "\"heading\": null") != NULL);
	}
out:
	forms_free(&f);
	rp_report_free(r);
	close_fixture(s, db);
}

/* A paper numbering its paragraphs across its headings: paragraph 7 under 2.2 is titled
 * as a paragraph of it, not a bare "7", and 2.2, whose comments are all on its paragraph,
 * does not read as a section nobody commented on. */
static void test_paragraph_sections(void)
{
	char db[64];
	struct rp_store *s = open_fixture(NULL, db);
	struct rp_report *r = NULL;
	struct forms f = { 0 };

	if (!s || rp_store_exec(s,
				"UPDATE section SET ordinal = ordinal * 10;"
				"INSERT INTO section(id, draft, ordinal, number, heading, text, level)"
				" VALUES (903, 1, 45, '7', NULL, 'Video is optional.', 3),"
				" (904, 1, 46, '2.2.1', NULL, 'Cameras.', 3);"
				"UPDATE anchor SET section = 903 WHERE section = 14",
				NULL) ||
	    rp_report_build(&r, s, 1, NULL, NULL) || !forms_render(&f, r)) {
		CHECK(0);
		goto out;
	}
	CHECK(strstr(f.md, "\n## Paragraph 7 (2.2 Video)\n") != NULL);
	CHECK(strstr(f.html, "<h2>Paragraph 7 (2.2 Video)</h2>") != NULL);
	/* a sub-section numbered under its heading keeps its number */
	CHECK(strstr(f.md, "\n## 2.2.1\n") != NULL);
	CHECK(strstr(f.md, "## 2.2 Video\n\nNo comments on the section as a whole; its parts below "
			   "had some.\n") != NULL);
	CHECK(strstr(f.html, "No comments on the section as a whole") != NULL);
	/* a section whose parts had none either */
	CHECK(strstr(f.md, "## 3 Security Considerations\n\nNo comments were received on this "
			   "section.\n") != NULL);
out:
	forms_free(&f);
	rp_report_free(r);
	close_fixture(s, db);
}

/* A draft with annexes of its own ("Annex A. Organisations consulted" is section A): the
 * document's annexes follow its letters, so "Annex A" names one thing only. */
static void test_annex_letters(void)
{
	char db[64];
	struct rp_store *s = open_fixture(NULL, db);
	struct rp_report *r = NULL;
	struct forms f = { 0 };
	int round;

	for (round = 0; round < 2 && s; round++) {
		if (round == 1 &&
		    rp_store_exec(s,
				  "INSERT INTO section(id, draft, ordinal, number, heading, text, level)"
				  " VALUES (901, 1, 100, 'A', 'Organisations consulted', 'Twelve.', 1),"
				  " (902, 1, 101, 'A.1', 'Regulators', 'Four.', 2)",
				  NULL)) {
			CHECK(0);
			goto out;
		}
		rp_report_free(r);
		r = NULL;
		if (rp_report_build(&r, s, 1, NULL, NULL) || !forms_render(&f, r)) {
			CHECK(0);
			goto out;
		}
		CHECK((strstr(f.md, "## Annex A: Participants") != NULL) == !round);
		CHECK((strstr(f.md, "## Annex B: Participants") != NULL) == round);
		CHECK((strstr(f.md, "## Annex C: Comment matrix") != NULL) == round);
		CHECK((strstr(f.html, "<h2>Annex B: Participants</h2>") != NULL) == round);
		CHECK((strstr(f.html, "<h2>Annex C: Comment matrix</h2>") != NULL) == round);
		CHECK((strstr(f.html, "<h2>Annex D: Messages cited</h2>") != NULL) == round);
		CHECK((strstr(f.html, "<h2>Annex A: Participants</h2>") != NULL) == !round);
	}
	CHECK(s != NULL);
out:
	forms_free(&f);
	rp_report_free(r);
	close_fixture(s, db);
}

/* What a member's receipt says of Bob's point 103 once the fixture is changed by sql:
 * - the label it counts for in the document: "I agree, ..." under Alice's objection is
 *   an objection in the summary and the matrix, and so in the receipt;
 * - whom "the previous speaker" is: the author of the message answered. */
static void test_check_receipt_entry(void)
{
	static const struct {
		const char *sql, *stance, *target;
	} rows[] = {
		{ "UPDATE stance SET label = 'object' WHERE point = 101", "object", NULL },
		{ "UPDATE stance SET target = 'the previous speaker' WHERE point = 103", NULL,
		  "member the previous speaker, Alice Martin" },
	};
	size_t k, i, seen;

	for (k = 0; k < sizeof(rows) / sizeof(rows[0]); k++) {
		char db[64];
		struct rp_store *s = open_fixture(rows[k].sql, db);
		struct rp_report *r = NULL;
		struct rp_check *c = NULL;

		if (!s || rp_report_build(&r, s, 1, NULL, NULL) ||
		    rp_report_check(&c, s, r, "bob@example.net", NULL)) {
			CHECK(0);
			goto next;
		}
		if (rows[k].stance)
			for (i = 0; i < r->n_matrix; i++)
				if (r->matrix[i].point == 103)
					CHECK_STR(r->matrix[i].type, rows[k].stance);
		for (i = seen = 0; i < c->n_entries; i++)
			if (c->entries[i].point == 103) {
				if (rows[k].stance)
					CHECK_STR(c->entries[i].stance, rows[k].stance);
				if (rows[k].target)
					CHECK_STR(c->entries[i].target, rows[k].target);
				seen++;
			}
		CHECK_INT(seen, 1);
next:
		rp_check_free(c);
		rp_report_free(r);
		close_fixture(s, db);
	}
}

/* A sender whose mail client writes "Last, First" (directory services do) is named in
 * reading order, as a roster names people; organisations and other commas are left alone,
 * and a roster's own name is kept as typed. */
static void test_natural_names(void)
{
	static const struct {
		const char *who, *from_name, *shown;
	} rows[] = {
		{ "carol@example.com", "Diaz, Carol", "Carol Diaz" },
		{ "carol@example.com", "Diaz , Carol", "Carol Diaz" },
		{ "carol@example.com", "de Souza, Ana Maria", "Ana Maria de Souza" },
		{ "carol@example.com", "D\xc3\xad" "az, \xc3\x81ngela", "\xc3\x81ngela D\xc3\xad" "az" },
		{ "carol@example.com", "Diaz, C.", "C. Diaz" },
		{ "carol@example.com", "Acme, Inc.", "Acme, Inc." },
		{ "carol@example.com", "Example Networks, Ltd", "Example Networks, Ltd" },
		{ "carol@example.com", "Diaz, Carol (ACME)", "Diaz, Carol (ACME)" },
		{ "carol@example.com", "Carol Diaz, PhD, MBA", "Carol Diaz, PhD, MBA" },
		{ "carol@example.com", "carol, the chair", "carol, the chair" },
		{ "carol@example.com", "Working Group 3, Chair", "Working Group 3, Chair" },
		/* the roster's name is the secretariat's choice */
		{ "alice@example.org", "Martin, Alice", "Martin, Alice" },
	};
	size_t i, k;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char db[64], sql[256];
		struct rp_store *s;
		struct rp_report *r = NULL;
		const char *got = NULL;

		snprintf(sql, sizeof(sql),
			 "UPDATE message SET from_name = '%s' WHERE from_addr = '%s';"
			 "UPDATE member SET name = 'Martin, Alice' WHERE '%s' = 'alice@example.org'",
			 rows[i].from_name, rows[i].who, rows[i].who);
		s = open_fixture(sql, db);
		rp_t_name = rows[i].from_name;
		if (!s || rp_report_build(&r, s, 1, NULL, NULL)) {
			CHECK(0);
			close_fixture(s, db);
			continue;
		}
		for (k = 0; k < r->n_participants; k++)
			if (strcmp(r->participants[k].address, rows[i].who) == 0)
				got = r->participants[k].name;
		CHECK_STR(got, rows[i].shown);
		/* the member's receipt names them the same way */
		{
			struct rp_check *c = NULL;
			CHECK_INT(rp_report_check(&c, s, r, rows[i].who, NULL), 0);
			if (c)
				CHECK_STR(c->name, rows[i].shown);
			rp_check_free(c);
		}
		/* still in order of names */
		for (k = 1; k < r->n_participants; k++)
			CHECK(rp_ascii_casecmp(r->participants[k - 1].name, r->participants[k].name) <= 0);
		rp_report_free(r);
		close_fixture(s, db);
	}
}


RP_TEST_MAIN(T(test_model), T(test_no_position), T(test_paragraph_sections), T(test_silent_preamble), T(test_escaping), T(test_bidi), T(test_csv_formulas), T(test_email), T(test_email_long_subject), T(test_credit_within),
	     T(test_json_and_attribution), T(test_withhold_text), T(test_withhold_words), T(test_withhold_model), T(test_templates), T(test_check), T(test_annex_letters), T(test_check_receipt_entry), T(test_natural_names))
