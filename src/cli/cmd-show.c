/* show: one stored message, its headers and its segmentation (the author's new text set
 * apart from quotes, attributions, signatures and footers). Blocks come from the block
 * table when an analysis stored them, else the body is segmented on the fly. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/analyse.h"
#include "rapporteur/text.h"
#include "cli.h"

static const char show_usage[] =
	"usage: rapporteur show [--json] [--copy N] MESSAGE-ID\n\n"
	"Prints one message: its headers, then its body block by block. Each block is headed\n"
	"by its kind: new (the author's own words), quote (with its depth), attribution,\n"
	"signature, footer, forward, patch, greeting, closing. Quoted blocks are printed with\n"
	"'>' markers again. The Message-ID may be given with or without angle brackets.\n"
	"Two different messages with one Message-ID are both stored: the first is shown, with a\n"
	"line saying how many there are; --copy N shows the Nth, in the order they were stored.\n"
	"  --json   one JSON object: message_id, subject, from, from_addr, date, in_reply_to,\n"
	"           new_text (new blocks joined with blank lines) and blocks [{kind, depth,\n"
	"           text}] in body order (depth only for quotes), copy and copies\n"
	"Exit status: 0 shown, 8 no such message, 2 usage error, 5 database error.\n";

struct msg {
	int64_t id;
	char *message_id, *subject, *from_name, *from_addr, *in_reply_to, *body;
	int has_date;
	int64_t date;
	int copy, copies; /* which of the messages stored under this Message-ID, of how many */
};

static void msg_release(struct msg *m)
{
	free(m->message_id);
	free(m->subject);
	free(m->from_name);
	free(m->from_addr);
	free(m->in_reply_to);
	free(m->body);
	memset(m, 0, sizeof(*m));
}

static char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? rp_strdup((const char *)t) : NULL;
}

/* The copy-th (1-based) message stored under Message-ID id. */
static int load_message(struct rp_store *store, const char *id, int copy, struct msg *m,
			struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = rp_store_prepare(store, &st,
			      "SELECT id, message_id, subject, from_name, from_addr, in_reply_to, date, "
			      RP_SQL_BODY("m") ", (SELECT count(*) FROM message WHERE message_id = ?1)"
			      " FROM message m WHERE message_id = ?1 ORDER BY id LIMIT 1 OFFSET ?2",
			      err);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, copy - 1);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		m->id = sqlite3_column_int64(st, 0);
		m->message_id = col(st, 1);
		m->subject = col(st, 2);
		m->from_name = col(st, 3);
		m->from_addr = col(st, 4);
		m->in_reply_to = col(st, 5);
		m->has_date = sqlite3_column_type(st, 6) != SQLITE_NULL;
		m->date = sqlite3_column_int64(st, 6);
		m->body = col(st, 7);
		m->copies = sqlite3_column_int(st, 8);
		m->copy = copy;
		rc = 0;
	} else if (rc == SQLITE_DONE && copy > 1) {
		rc = rp_error_set(err, RP_ENOTFOUND, "show", "no copy %d of Message-ID <%s>", copy, id);
	} else if (rc == SQLITE_DONE) {
		rc = rp_error_set(err, RP_ENOTFOUND, "show", "no message with Message-ID <%s>", id);
	} else {
		rc = rp_store_error(store, err, "reading the message");
	}
	sqlite3_finalize(st);
	return rc;
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static int print_json(const struct msg *m, const struct rp_segments *seg, const char *new_text,
		      int stored)
{
	json_t *root = json_object(), *blocks = json_array();
	char date[21];
	size_t i;
	int rc;

	json_object_set_new(root, "message_id", jstr(m->message_id));
	json_object_set_new(root, "subject", jstr(m->subject));
	json_object_set_new(root, "from", jstr(m->from_name ? m->from_name : m->from_addr));
	json_object_set_new(root, "from_addr", jstr(m->from_addr));
	json_object_set_new(root, "in_reply_to", jstr(m->in_reply_to));
	if (m->has_date) {
		rp_time_iso(m->date, date);
		json_object_set_new(root, "date", json_string(date));
	} else {
		json_object_set_new(root, "date", json_null());
	}
	json_object_set_new(root, "new_text", json_string(new_text));
	json_object_set_new(root, "segmentation", json_string(stored ? "stored" : "computed"));
	json_object_set_new(root, "copy", json_integer(m->copy));
	json_object_set_new(root, "copies", json_integer(m->copies));
	for (i = 0; i < seg->n; i++) {
		json_t *b = json_object();
		json_object_set_new(b, "kind", json_string(rp_block_kind_name(seg->blocks[i].kind)));
		if (seg->blocks[i].kind == RP_BLOCK_QUOTE)
			json_object_set_new(b, "depth", json_integer(seg->blocks[i].depth));
		json_object_set_new(b, "text", json_string(seg->blocks[i].text));
		json_array_append_new(blocks, b);
	}
	json_object_set_new(root, "blocks", blocks);
	rc = json_dumpf(root, stdout, JSON_SORT_KEYS | JSON_INDENT(2));
	putchar('\n');
	json_decref(root);
	return rc ? RP_EXIT_FAIL : 0;
}

static void print_text(const struct msg *m, const struct rp_segments *seg)
{
	char date[21];
	size_t i;

	printf("Message-ID: <%s>\n", m->message_id ? m->message_id : "");
	if (m->copies > 1)
		printf("Copy: %d of %d different messages with this Message-ID (--copy N shows another)\n",
		       m->copy, m->copies);
	if (m->has_date) {
		rp_time_iso(m->date, date);
		printf("Date: %s\n", date);
	}
	if (m->from_name && m->from_addr)
		printf("From: %s <%s>\n", m->from_name, m->from_addr);
	else if (m->from_addr || m->from_name)
		printf("From: %s\n", m->from_addr ? m->from_addr : m->from_name);
	if (m->subject)
		printf("Subject: %s\n", m->subject);
	if (m->in_reply_to)
		printf("In-Reply-To: <%s>\n", m->in_reply_to);
	for (i = 0; i < seg->n; i++) {
		const struct rp_block *b = &seg->blocks[i];
		const char *p = b->text;

		if (b->kind == RP_BLOCK_QUOTE)
			printf("\n== quote (depth %d)\n", b->depth);
		else
			printf("\n== %s\n", rp_block_kind_name(b->kind));
		while (*p) {
			const char *e = strchr(p, '\n');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			int d;
			if (b->kind == RP_BLOCK_QUOTE)
				for (d = 0; d < b->depth; d++)
					fputs(d + 1 < b->depth || n ? "> " : ">", stdout);
			printf("%.*s\n", (int)n, p);
			p += n + (e ? 1 : 0);
		}
	}
}

int cmd_show(struct rp_cli *cli, int argc, char **argv)
{
	struct rp_error err = { 0 };
	struct msg m = { 0 };
	struct rp_segments seg = { 0 };
	char *id = NULL, *new_text = NULL;
	const char *arg = NULL;
	struct rp_blocks *blocks = NULL;
	int json = 0, stored = 0, copy = 1, i, rc = 0;
	size_t n;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--copy") == 0 && i + 1 < argc) {
			char *end;
			long v = strtol(argv[++i], &end, 10);
			if (*end || v < 1 || v > 1000000) {
				fprintf(stderr, "rapporteur show: --copy wants a number from 1, not '%s'\n%s",
					argv[i], show_usage);
				return RP_EXIT_USAGE;
			}
			copy = (int)v;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(show_usage, stdout);
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1] && !arg) {
			fprintf(stderr, "rapporteur show: unknown option '%s'\n%s", argv[i], show_usage);
			return RP_EXIT_USAGE;
		} else if (!arg) {
			arg = argv[i];
		} else {
			fprintf(stderr, "rapporteur show: one MESSAGE-ID only\n%s", show_usage);
			return RP_EXIT_USAGE;
		}
	}
	if (!arg) {
		fputs(show_usage, stderr);
		return RP_EXIT_USAGE;
	}
	/* Message-IDs are stored without their angle brackets. */
	n = strlen(arg);
	if (n >= 2 && arg[0] == '<' && arg[n - 1] == '>')
		id = rp_strndup(arg + 1, n - 2);
	else
		id = rp_strdup(arg);
	if (!id) {
		rp_error_set(&err, RP_ENOMEM, "show", "out of memory");
		goto fail;
	}
	if (load_message(cli->store, id, copy, &m, &err))
		goto fail;
	if (rp_blocks_open(&blocks, cli->store, &err) ||
	    rp_blocks_get(blocks, m.id, m.body ? m.body : "", &seg, &stored, &err))
		goto fail;
	new_text = rp_text_new_text(&seg);
	if (!new_text) {
		rp_error_set(&err, RP_ENOMEM, "show", "out of memory");
		goto fail;
	}
	if (json)
		rc = print_json(&m, &seg, new_text, stored);
	else
		print_text(&m, &seg);
	goto cleanup;
fail:
	rc = rp_cli_fail(&err);
cleanup:
	free(new_text);
	rp_segments_release(&seg);
	rp_blocks_close(blocks);
	msg_release(&m);
	free(id);
	return rc;
}
