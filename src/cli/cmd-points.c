/* points: the points members made on a draft, with their anchors, stance and what they
 * respond to; --excluded lists the messages considered and left out, with the reason.
 * Runs the analysis first, so the listing always reflects the store as it is. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rapporteur/analyse.h"
#include "rapporteur/draft.h"
#include "rapporteur/members.h"
#include "rapporteur/text.h"

static const char points_usage[] =
	"usage: rapporteur points [--json] [--excluded] DRAFT\n\n"
	"Analyse the messages answering DRAFT (an id from 'rapporteur draft list', or its exact\n"
	"title) and list the points members made: id, message, author, text, anchors (section,\n"
	"method, confidence, evidence), stance and the point it responds to. A reply whose\n"
	"body is only a cover note is read with its attached comments (text, .docx, .odt,\n"
	"PDF); their points say so (\"from attachment NAME\"; source in --json, else \"body\").\n"
	"Comments forwarded from someone with no mail in the store are points of the forwarding\n"
	"member's message credited to their writer (\"from message of NAME, forwarded\";\n"
	"forwarded_from {name, address} in --json).\n"
	"  --excluded  list the messages considered and excluded, with the reason, instead\n"
	"  --json      {\"points\": [...]} (or {\"excluded\": [...]})\n";

static json_t *jstr(const unsigned char *s)
{
	return s ? json_string((const char *)s) : json_null();
}

int rp_cli_parse_draft_id(const char *s, int64_t *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (!*s || *end || v <= 0)
		return RP_EUSAGE;
	*out = v;
	return 0;
}

static int list_excluded(struct rp_cli *cli, int64_t draft, int json)
{
	sqlite3_stmt *st = NULL;
	struct rp_error err = { 0 };
	json_t *arr = json_array();

	if (rp_store_prepare(cli->store, &st,
			     "SELECT m.message_id, m.from_addr, m.subject, d.reason, d.manual FROM"
			     " draft_message d JOIN message m ON m.id = d.message WHERE d.draft = ?1"
			     " AND d.included = 0 ORDER BY m.date, m.id",
			     &err)) {
		json_decref(arr);
		return rp_cli_fail(&err);
	}
	sqlite3_bind_int64(st, 1, draft);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (json) {
			json_t *o = json_object();
			json_object_set_new(o, "message_id", jstr(sqlite3_column_text(st, 0)));
			json_object_set_new(o, "from", jstr(sqlite3_column_text(st, 1)));
			json_object_set_new(o, "subject", jstr(sqlite3_column_text(st, 2)));
			json_object_set_new(o, "reason", jstr(sqlite3_column_text(st, 3)));
			json_object_set_new(o, "manual", json_boolean(sqlite3_column_int(st, 4)));
			json_array_append_new(arr, o);
		} else {
			printf("<%s> %s \"%s\": %s%s\n", sqlite3_column_text(st, 0),
			       sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1) : "?",
			       sqlite3_column_text(st, 2) ? (const char *)sqlite3_column_text(st, 2) : "",
			       sqlite3_column_text(st, 3) ? (const char *)sqlite3_column_text(st, 3) : "",
			       sqlite3_column_int(st, 4) ? " (set by hand)" : "");
		}
	}
	sqlite3_finalize(st);
	if (json) {
		json_t *root = json_object();
		json_object_set_new(root, "excluded", arr);
		json_dumpf(root, stdout, JSON_SORT_KEYS | JSON_INDENT(2));
		putchar('\n');
		json_decref(root);
	} else {
		json_decref(arr);
	}
	return 0;
}

static const char anchors_sql[] =
	"SELECT a.section, sec.number, sec.heading, a.method, a.confidence, a.evidence"
	" FROM anchor a LEFT JOIN section sec ON sec.id = a.section WHERE a.point = ?1"
	" ORDER BY a.rowid";

/* The anchors of point, through st (anchors_sql, prepared once for all points). */
/* Bytes of a point's text shown in the listing. */
#define PREVIEW_BYTES 160

/* The point's text on one line (the mail's line breaks are spaces, as the documents show
 * it) and at most PREVIEW_BYTES long, cut between characters, never inside one: a cut
 * inside "é" would send the terminal a broken sequence. Returns 1 when it was cut. */
static int preview(char out[PREVIEW_BYTES + 1], const char *t)
{
	size_t n = strlen(t), k;

	if (n > PREVIEW_BYTES) {
		n = PREVIEW_BYTES;
		while (n > 0 && ((unsigned char)t[n] & 0xC0) == 0x80)
			n--;
	}
	for (k = 0; k < n; k++)
		out[k] = t[k] == '\n' || t[k] == '\r' || t[k] == '\t' ? ' ' : t[k];
	out[n] = '\0';
	return t[n] != '\0';
}

static json_t *anchors_of(sqlite3_stmt *st, int64_t point, struct rp_buf *text_out)
{
	json_t *arr = json_array();

	if (!st)
		return arr;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, point);
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_t *o = json_object();
		const char *sec = sqlite3_column_type(st, 0) == SQLITE_NULL
					  ? "general"
					  : rp_section_ref((const char *)sqlite3_column_text(st, 1),
							   (const char *)sqlite3_column_text(st, 2));
		json_object_set_new(o, "section", json_string(sec));
		json_object_set_new(o, "method", jstr(sqlite3_column_text(st, 3)));
		json_object_set_new(o, "confidence", json_real(sqlite3_column_double(st, 4)));
		json_object_set_new(o, "evidence", jstr(sqlite3_column_text(st, 5)));
		json_array_append_new(arr, o);
		rp_buf_addf(text_out, "%s%s (%s %.2f)", text_out->len ? ", " : "",
			    sec, sqlite3_column_text(st, 3), sqlite3_column_double(st, 4));
	}
	sqlite3_reset(st);
	return arr;
}

int cmd_points(struct rp_cli *cli, int argc, char **argv)
{
	struct rp_error err = { 0 };
	sqlite3_stmt *st = NULL, *ast = NULL;
	json_t *arr = NULL;
	int64_t draft = 0;
	const char *draft_arg = NULL;
	int json = 0, excluded = 0, i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--excluded") == 0)
			excluded = 1;
		else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(points_usage, stdout);
			return 0;
		} else if (!draft_arg && (argv[i][0] != '-' || !argv[i][1]))
			draft_arg = argv[i];
		else {
			fprintf(stderr, "rapporteur points: unexpected argument '%s'\n%s", argv[i], points_usage);
			return RP_EXIT_USAGE;
		}
	}
	if (!draft_arg) {
		fputs(points_usage, stderr);
		return RP_EXIT_USAGE;
	}
	/* an id or the exact title, as compile and consensus take it */
	if ((rc = rp_cli_find_draft(cli->store, draft_arg, &draft, &err)) ||
	    (rc = rp_analyse_draft(cli->store, draft, &err)))
		return rp_cli_fail(&err);
	if (excluded)
		return list_excluded(cli, draft, json);
	if ((rc = rp_store_prepare(
		     cli->store, &st,
		     "WITH " RP_SQL_ROSTER
		     " SELECT p.id, m.message_id, m.from_name, m.from_addr, p.text, p.responds_to,"
		     " s.label, s.secondary, s.target_kind, s.target, s.cues, s.confidence, s.proposed,"
		     " p.ordinal, " RP_SQL_SOURCE_SHOWN("p.source") ", r.name,"
		     " " RP_SQL_FWD_NAME("p.source") ", " RP_SQL_FWD_ADDR("p.source")
		     " FROM point p JOIN message m ON m.id = p.message"
		     " LEFT JOIN stance s ON s.point = p.id"
		     " LEFT JOIN roster_alias ra ON ra.alias = lower(m.from_addr)"
		     " LEFT JOIN roster r ON r.address = coalesce(ra.address, lower(m.from_addr))"
		     " WHERE p.draft = ?1"
		     " ORDER BY m.date, m.id, p.ordinal",
		     &err)) ||
	    (rc = rp_store_prepare(cli->store, &ast, anchors_sql, &err))) {
		sqlite3_finalize(st);
		return rp_cli_fail(&err);
	}
	sqlite3_bind_int64(st, 1, draft);
	arr = json_array();
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct rp_buf anchors = RP_BUF_INIT;
		json_t *o = json_object(), *author = json_object(), *stance = json_object(),
		       *target = json_object();
		int64_t id = sqlite3_column_int64(st, 0);

		json_object_set_new(o, "id", json_integer(id));
		json_object_set_new(o, "message_id", jstr(sqlite3_column_text(st, 1)));
		json_object_set_new(author, "name", jstr(sqlite3_column_text(st, 2)));
		json_object_set_new(author, "address", jstr(sqlite3_column_text(st, 3)));
		json_object_set_new(o, "author", author);
		/* a point read from a message the author forwarded is its writer's: who that is
		 * (only then: older readers see the same keys) */
		if (sqlite3_column_text(st, 17))
			json_object_set_new(o, "forwarded_from",
					    json_pack("{s:o?, s:o?}", "name", jstr(sqlite3_column_text(st, 16)),
						      "address", jstr(sqlite3_column_text(st, 17))));
		json_object_set_new(o, "text", jstr(sqlite3_column_text(st, 4)));
		json_object_set_new(o, "ordinal", json_integer(sqlite3_column_int(st, 13)));
		json_object_set_new(o, "responds_to", sqlite3_column_type(st, 5) == SQLITE_NULL
							      ? json_null()
							      : json_integer(sqlite3_column_int64(st, 5)));
		json_object_set_new(o, "anchors", anchors_of(ast, id, &anchors));
		json_object_set_new(stance, "label", jstr(sqlite3_column_text(st, 6)));
		json_object_set_new(stance, "secondary", jstr(sqlite3_column_text(st, 7)));
		json_object_set_new(target, "kind", jstr(sqlite3_column_text(st, 8)));
		json_object_set_new(target, "id", jstr(sqlite3_column_text(st, 9)));
		json_object_set_new(stance, "target", target);
		json_object_set_new(stance, "cues", jstr(sqlite3_column_text(st, 10)));
		json_object_set_new(stance, "confidence", json_real(sqlite3_column_double(st, 11)));
		json_object_set_new(stance, "proposed", jstr(sqlite3_column_text(st, 12)));
		json_object_set_new(o, "stance", stance);
		json_object_set_new(o, "source", sqlite3_column_text(st, 14)
							 ? jstr(sqlite3_column_text(st, 14))
							 : json_string("body"));
		if (!json) {
			const char *t = (const char *)sqlite3_column_text(st, 4);
			const char *src = (const char *)sqlite3_column_text(st, 14);
			char shown[PREVIEW_BYTES + 1], *who = NULL;
			int cut = preview(shown, t ? t : "");
			/* the author as the document names them, not as the From header spells it */
			if (rp_text_shown_name((const char *)sqlite3_column_text(st, 15),
					       (const char *)sqlite3_column_text(st, 2), &who)) {
				rp_buf_release(&anchors);
				json_decref(o);
				json_decref(arr);
				sqlite3_finalize(st);
				sqlite3_finalize(ast);
				rp_error_set(&err, RP_ENOMEM, "points", "out of memory");
				return rp_cli_fail(&err);
			}
			printf("#%lld  %s <%s>  [%s]  %s%s%s%s\n    %s%s\n", (long long)id, who ? who : "",
			       sqlite3_column_text(st, 3) ? (const char *)sqlite3_column_text(st, 3) : "?",
			       anchors.buf,
			       sqlite3_column_text(st, 6) ? (const char *)sqlite3_column_text(st, 6) : "",
			       src ? "  (from " : "", src ? src : "", src ? ")" : "", shown,
			       cut ? "..." : "");
			free(who);
		}
		rp_buf_release(&anchors);
		json_array_append_new(arr, o);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(ast);
	if (json) {
		json_t *root = json_object();
		json_object_set_new(root, "points", arr);
		json_dumpf(root, stdout, JSON_SORT_KEYS | JSON_INDENT(2));
		putchar('\n');
		json_decref(root);
	} else {
		json_decref(arr);
	}
	return 0;
}
