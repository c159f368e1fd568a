/* draft: add a draft (from a file or from the message that circulated it), list drafts,
 * show one draft's sections. Adding a draft with a circulating message also works out
 * which messages answer it. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rapporteur/analyse.h"
#include "rapporteur/config.h"
#include "rapporteur/doc.h"
#include "rapporteur/draft.h"
#include "rapporteur/mime.h"
#include "rapporteur/text.h"

static const char draft_usage[] =
	"usage: rapporteur draft add FILE [--title T] [--list L] [--circulated MESSAGE-ID]\n"
	"                            [--deadline YYYY-MM-DD] [--revises DRAFT] [--json]\n"
	"       rapporteur draft add --from-message MESSAGE-ID [--body] [--title T] [--deadline D] ...\n"
	"       rapporteur draft list [--json]\n"
	"       rapporteur draft show [--json] DRAFT\n\n"
	"add    parse FILE (Markdown, reStructuredText, numbered plain text, a Word .docx,\n"
	"       an OpenDocument .odt, a PDF or an HTML page; \"-\" reads stdin) into sections\n"
	"       and store it. With --from-message the draft is the message's largest text\n"
	"       attachment (titled by its first line), else its largest .docx, .odt or PDF\n"
	"       attachment, else its body (titled by the subject); the message is then the\n"
	"       circulating message and its list the draft's list. A legacy .doc or RTF\n"
	"       attachment is refused (save it as .docx, .odt or PDF), or give --body to take\n"
	"       the body all the same; other attachments (a .zip of logs, a spreadsheet) are\n"
	"       passed over. The message is decoded again under the config's [limits].\n"
	"       When the draft has a circulating message, the messages that answer it are\n"
	"       worked out at once.\n"
	"       Prints the new draft's id; --json prints {id, title, version, sections,\n"
	"       pages, messages}.\n"
	"         --title T          title (default: the draft's own title line)\n"
	"         --list L           the mailing list the draft was circulated on: one the\n"
	"                            store has, or a [list L] of the config\n"
	"         --circulated ID    Message-ID of the message that circulated it\n"
	"         --deadline DATE    last day for comments (a 7-day grace period follows)\n"
	"         --revises DRAFT    the draft this one revises (its version + 1; its list\n"
	"                            unless --list is given)\n"
	"list   every draft: id, version, sections, answering messages, title.\n"
	"show   a draft's sections: number, heading, level, pages; --json adds each text.\n"
	"Word and OpenDocument numbering is kept as the section numbers members cite; a PDF\n"
	"keeps its page numbers (it is read with pdftotext from poppler-utils).\n";

static const char *strip_brackets(const char *id, char *buf, size_t n)
{
	size_t len = strlen(id);

	if (len >= 2 && id[0] == '<' && id[len - 1] == '>' && len - 2 < n) {
		memcpy(buf, id + 1, len - 2);
		buf[len - 2] = '\0';
		return buf;
	}
	return id;
}

/* Value of "--name VALUE" or "--name=VALUE" at argv[*i]; NULL when argv[*i] is not it. */
static const char *opt_value(int argc, char **argv, int *i, const char *name, int *missing)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	return argv[++*i];
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "rapporteur draft: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", draft_usage);
	return RP_EXIT_USAGE;
}

static int parse_id(const char *s, int64_t *out)
{
	char *end = NULL;
	long long v = strtoll(s, &end, 10);

	if (!*s || *end || v <= 0)
		return RP_EUSAGE;
	*out = v;
	return 0;
}

/* A document attachment of a message (a word processor's file, a PDF): the most likely
 * draft when the message has no text attachment. */
struct doc_attachment {
	enum rp_doc_kind kind;
	char *name; /* as the message names it, "(unnamed)" without a name */
	char *data; /* decoded bytes */
	size_t len;
};

static void doc_attachment_free(struct doc_attachment *d)
{
	free(d->name);
	free(d->data);
	memset(d, 0, sizeof(*d));
}

/* The largest attachment of message id that is a document (DOCX, ODT, PDF, or a legacy
 * format to refuse), taking its bytes from the stored raw message. d->data stays NULL
 * when there is none. */
static int find_doc_attachment(struct rp_store *s, int64_t id,
			       const struct rp_mime_limits *limits, struct doc_attachment *d,
			       struct rp_error *err)
{
	struct rp_mime_limits lim = *limits;
	struct rp_parsed *p = NULL;
	sqlite3_stmt *st = NULL;
	size_t i, best = (size_t)-1;
	enum rp_doc_kind best_kind = RP_DOC_OTHER;
	int step, rc;

	memset(d, 0, sizeof(*d));
	if ((rc = rp_store_prepare(s, &st,
				   "SELECT r.bytes FROM message m JOIN raw r ON r.hash = m.hash"
				   " WHERE m.id = ?1",
				   err)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	lim.keep_attachment_data = 1;
	rc = 0;
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		rc = rp_mime_parse(&p, sqlite3_column_blob(st, 0),
				   (size_t)sqlite3_column_bytes(st, 0), &lim, err);
	else if (step != SQLITE_DONE)
		rc = rp_store_error(s, err, "draft add: reading the message");
	sqlite3_finalize(st);
	if (rc || !p)
		return rc;
	for (i = 0; i < p->n_attachments; i++) {
		const struct rp_attachment *a = &p->attachments[i];
		enum rp_doc_kind k;

		if (!a->data || a->text)
			continue;
		k = rp_doc_kind(a->data, a->data_len, a->name, a->type);
		if (k == RP_DOC_TEXT || k == RP_DOC_HTML || k == RP_DOC_OTHER)
			continue;
		/* a document read beats a legacy one, whatever their sizes: a report.doc sent
		 * with its report.pdf is the same draft, and only the PDF can be read */
		if (best == (size_t)-1 || (best_kind == RP_DOC_LEGACY && k != RP_DOC_LEGACY) ||
		    ((best_kind == RP_DOC_LEGACY) == (k == RP_DOC_LEGACY) &&
		     a->data_len > p->attachments[best].data_len))
			best = i, best_kind = k;
	}
	if (best != (size_t)-1) {
		struct rp_attachment *a = &p->attachments[best];

		d->kind = best_kind;
		d->name = rp_strdup(a->name ? a->name : "(unnamed)");
		d->data = a->data, d->len = a->data_len;
		a->data = NULL;
		if (!d->name)
			rc = rp_error_set(err, RP_ENOMEM, "draft add", "out of memory");
	}
	rp_parsed_free(p);
	return rc;
}

/* The text of a message's document attachment; a legacy format is refused, naming it. */
static int text_from_attachment(struct doc_attachment *d, const char *mid, char **text,
				struct rp_error *err)
{
	char what[1200];
	size_t len;

	snprintf(what, sizeof(what), "attachment '%s' of <%s>", d->name, mid);
	if (d->kind == RP_DOC_LEGACY)
		return rp_error_set(err, RP_EUSAGE, "draft add",
				    "%s is a legacy word-processor file (.doc, RTF), most likely "
				    "the draft, which rapporteur cannot read; save it as .docx, .odt "
				    "or PDF and run `rapporteur draft add FILE --circulated %s`, or "
				    "give --body to take the message's body as the draft",
				    what, mid);
	return rp_doc_to_text(d->data, d->len, d->kind, what, text, &len, err);
}

/* A draft file's text: a document (DOCX, ODT, PDF, HTML) is read through its reader; a
 * file that is no text at all (a binary) is refused. */
static int read_draft_file(const char *file, char **text, size_t *len, struct rp_error *err)
{
	enum rp_doc_kind kind;
	char *conv = NULL;
	int rc, utf8;

	if ((rc = rp_read_file(file, RP_DOC_MAX_BYTES, text, len, err)))
		return rc;
	kind = rp_doc_kind(*text, *len, file, NULL);
	utf8 = kind != RP_DOC_TEXT && kind != RP_DOC_HTML ? 1 : rp_utf8_valid(*text, *len);
	rc = rp_doc_to_text(*text, *len, kind, file, &conv, len, err);
	free(*text);
	*text = conv;
	/* say how a text that is not UTF-8 was read */
	if (!rc && !utf8 && memmem(conv, *len, "\xEF\xBF\xBD", 3))
		rp_log(1, "%s: invalid UTF-8 sequences read as U+FFFD", file);
	else if (!rc && !utf8)
		rp_log(1, "%s: not UTF-8; read as windows-1252 (Latin-1)", file);
	return rc;
}

/* The draft text from a stored message: its largest text attachment, else its body; of a
 * patch, the document it adds or changes. The body is refused when the message carries a
 * document rapporteur cannot read (the body is then a cover note, not the draft), unless
 * use_body says the body is meant.
 * *subject, *list (names) are filled for defaults. All out strings are malloc'ed. */
static int text_from_message(struct rp_store *s, const char *mid, int use_body,
			     const struct rp_mime_limits *limits, char **text, char **subject,
			     char **list, int *attached, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	char what[1200];
	size_t trailer = 0;
	int64_t id = 0;
	int rc;

	snprintf(what, sizeof(what), "the body of <%s>", mid);
	rc = rp_store_prepare(s, &st,
			      "SELECT m.id, m.subject, " RP_SQL_BODY("m") ", l.name, "
			      "coalesce(nullif(m.from_name, ''), m.from_addr) FROM message m "
			      "LEFT JOIN list l ON l.id = m.list_id WHERE m.message_id = ?1 "
			      "ORDER BY m.date IS NULL, m.date, m.id LIMIT 1",
			      err);
	if (rc)
		return rc;
	rp_bind_text(st, 1, mid);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return rp_error_set(err, RP_ENOTFOUND, "draft add", "no message <%s> in the store", mid);
	}
	id = sqlite3_column_int64(st, 0);
	*subject = rp_strdup((const char *)sqlite3_column_text(st, 1));
	*text = rp_xstrdup_or_empty((const char *)sqlite3_column_text(st, 2));
	*list = rp_strdup((const char *)sqlite3_column_text(st, 3));
	/* A draft in the body ends without the sender's sign-off, signature and the list's
	 * footer, which would end its last section. */
	if (*text)
		trailer = rp_text_trailer_start(*text, strlen(*text),
						(const char *)sqlite3_column_text(st, 4));
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = rp_store_prepare(s, &st,
				   "SELECT text, name FROM attachment WHERE message = ?1 AND text IS NOT "
				   "NULL ORDER BY length(text) DESC, ordinal LIMIT 1",
				   err)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) > 0) {
		const char *name = (const char *)sqlite3_column_text(st, 1);

		free(*text);
		*text = rp_strdup((const char *)sqlite3_column_text(st, 0));
		*attached = 1;
		snprintf(what, sizeof(what), "attachment '%s' of <%s>", name ? name : "(unnamed)",
			 mid);
	}
	sqlite3_finalize(st);
	if (!*text)
		return rp_error_set(err, RP_ENOMEM, "draft add", "out of memory");
	if (!*attached && !use_body) {
		struct doc_attachment d;
		char *doc_text = NULL;

		if ((rc = find_doc_attachment(s, id, limits, &d, err)))
			return rc;
		if (d.data) {
			rc = text_from_attachment(&d, mid, &doc_text, err);
			doc_attachment_free(&d);
			if (rc)
				return rc;
			free(*text);
			*text = doc_text;
			*attached = 1;
			what[0] = '\0'; /* a document's reader vouches for its text */
		}
	}
	/* a body or text attachment of binary junk is no draft either */
	if (what[0] && (rc = rp_doc_check_text(*text, strlen(*text), what, err)))
		return rc;
	/* A patch circulates the document it writes ("[PATCH] docs: ..."). */
	{
		char *doc = NULL;

		if (rp_draft_from_patch(*text, &doc))
			return rp_error_set(err, RP_ENOMEM, "draft add", "out of memory");
		if (doc) {
			free(*text);
			*text = doc;
		} else if (!*attached) {
			(*text)[trailer] = '\0';
		}
	}
	return 0;
}

/* "Re: [list] Fwd: Title" -> "Title" (into a malloc'ed string). */
static char *subject_title(const char *subject)
{
	const char *s = subject;
	int changed = 1;

	if (!s)
		return NULL;
	while (changed) {
		changed = 0;
		while (*s == ' ')
			s++;
		if (*s == '[' && strchr(s, ']')) {
			s = strchr(s, ']') + 1;
			changed = 1;
		} else if (rp_istarts_with(s, "re:") || rp_istarts_with(s, "fw:")) {
			s += 3;
			changed = 1;
		} else if (rp_istarts_with(s, "fwd:")) {
			s += 4;
			changed = 1;
		}
	}
	return *s ? rp_strdup(s) : NULL;
}

/* A title is one line of text: its control characters, line breaks included, become
 * spaces (t, returned; NULL stays NULL). */
static char *one_line(char *t)
{
	if (t)
		rp_utf8_blank_controls(t, strlen(t), "");
	return t;
}

/* Characters of text a draft without headed or numbered sections must have to be one
 * unnumbered section: about a sentence, as the parser takes a first line of 40 characters
 * ending in a full stop for text rather than a title. */
#define MIN_UNSECTIONED_TEXT 40

/* Characters (code points) of the sections' text. */
static size_t text_chars(const struct rp_draft_doc *doc)
{
	size_t i, n = 0;
	const char *p;

	for (i = 0; i < doc->n; i++)
		for (p = doc->sections[i].text; p && *p; p++)
			n += ((unsigned char)*p & 0xC0) != 0x80;
	return n;
}

/* A draft has something to comment on: a section with a number or a heading, or a
 * paragraph of text at least. A title alone (a subject line, the cover note "Please see
 * attached.") or a title and a signature is the wrong input, refused like an empty file.
 * `what` names the input; mid, for a message's body, adds a hint, since the body is then
 * most likely a cover note. */
static int check_has_sections(const struct rp_draft_doc *doc, const char *what,
			      const char *mid, struct rp_error *err)
{
	size_t i, n = text_chars(doc);
	char title[300] = "", hint[1200] = "";

	for (i = 0; i < doc->n; i++)
		if (doc->sections[i].number || doc->sections[i].heading)
			return 0;
	if (n >= MIN_UNSECTIONED_TEXT)
		return 0;
	if (doc->title)
		snprintf(title, sizeof(title), "after its title ('%.200s') ", doc->title);
	if (mid)
		snprintf(hint, sizeof(hint),
			 "; is the body a cover note? Add the draft from its file: rapporteur "
			 "draft add FILE --circulated %s",
			 mid);
	return rp_error_set(err, RP_EPARSE, what,
			    "no sections: %sthe text has no heading, no numbered section and %zu "
			    "character%s of text; a draft has headed or numbered sections, or a "
			    "paragraph of text at least%s",
			    title, n, n == 1 ? "" : "s", hint);
}

/* The integer sql's first row gives, with ?1 bound to text when given, else to id; 0 on
 * any failure. */
static int64_t count_rows_of(struct rp_store *s, const char *sql, const char *text, int64_t id)
{
	sqlite3_stmt *st = NULL;
	int64_t n = 0;

	if (rp_store_prepare(s, &st, sql, NULL) == 0) {
		if (text)
			rp_bind_text(st, 1, text);
		else
			sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return n;
}

static int64_t count_rows(struct rp_store *s, const char *sql, int64_t id)
{
	return count_rows_of(s, sql, NULL, id);
}

static int64_t count_rows_text(struct rp_store *s, const char *sql, const char *text)
{
	return count_rows_of(s, sql, text, 0);
}

/* The lists a draft may name, for a refusal: the store's, then the config's [list NAME]
 * sections it does not have yet, ", "-separated into b ("none" when there are none). */
static int known_lists(struct rp_store *s, const struct rp_config *cfg, struct rp_buf *b)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int64_t id;
	int rc = 0;

	if (rp_store_prepare(s, &st, "SELECT name FROM list ORDER BY name", NULL) == 0)
		while (!rc && sqlite3_step(st) == SQLITE_ROW)
			rc = rp_buf_addf(b, "%s%s", b->len ? ", " : "", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	for (i = 0; !rc && cfg && i < cfg->n_lists; i++)
		if (rp_store_list_id(s, cfg->lists[i].name, 0, &id, NULL) == RP_ENOTFOUND)
			rc = rp_buf_addf(b, "%s%s", b->len ? ", " : "", cfg->lists[i].name);
	if (!rc && !b->len)
		rc = rp_buf_adds(b, "none");
	return rc;
}

/* --list names a list the store has (its mail imported or fetched) or one the config
 * describes, whose mail a fetch will bring: the draft may come first. Any other name is
 * most likely a typo, which made a new empty list that no message is on; refused (not
 * found), naming the known lists. */
static int check_list(struct rp_cli *cli, const char *name, struct rp_error *err)
{
	struct rp_config *cfg = NULL;
	struct rp_buf known = RP_BUF_INIT;
	int64_t id;
	int rc;

	if ((rc = rp_store_list_id(cli->store, name, 0, &id, err)) != RP_ENOTFOUND)
		return rc;
	memset(err, 0, sizeof(*err));
	if ((rc = rp_cli_config(cli, &cfg, err)))
		return rc;
	if (rp_config_find_list(cfg, name)) {
		rp_config_free(cfg);
		return 0;
	}
	if (known_lists(cli->store, cfg, &known))
		rc = rp_error_set(err, RP_ENOMEM, "draft add", "out of memory");
	else
		rc = rp_error_set(err, RP_ENOTFOUND, "draft add",
				  "--list: no list named '%s' in the store or the config (known "
				  "lists: %s); import or fetch its mail first, or describe it in a "
				  "[list NAME] section of the config",
				  name, known.buf);
	rp_buf_release(&known);
	rp_config_free(cfg);
	return rc;
}

static int draft_add(struct rp_cli *cli, int argc, char **argv)
{
	struct rp_draft_meta meta = { 0 };
	struct rp_draft_doc *doc = NULL;
	struct rp_error err = { 0 };
	const char *file = NULL, *from = NULL, *v;
	char *text = NULL, *subject = NULL, *msg_list = NULL, *title = NULL, *source = NULL;
	char from_buf[1024], circ_buf[1024], what[1100];
	size_t len = 0, cover;
	int64_t id = 0, version = 1, included = -1;
	int i, json = 0, missing = 0, rc = 0, in_tx = 0, attached = 0, use_body = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--body") == 0)
			use_body = 1;
		else if ((v = opt_value(argc, argv, &i, "--title", &missing)))
			meta.title = v;
		else if ((v = opt_value(argc, argv, &i, "--list", &missing)))
			meta.list = v;
		else if ((v = opt_value(argc, argv, &i, "--circulated", &missing)))
			meta.circulated = strip_brackets(v, circ_buf, sizeof(circ_buf));
		else if ((v = opt_value(argc, argv, &i, "--from-message", &missing)))
			from = strip_brackets(v, from_buf, sizeof(from_buf));
		else if ((v = opt_value(argc, argv, &i, "--deadline", &missing))) {
			if (rp_time_parse_date(v, &meta.deadline))
				return usage_error("--deadline wants a date YYYY-MM-DD from 1970 on that "
						   "the calendar has, not '%s'", v);
		} else if ((v = opt_value(argc, argv, &i, "--revises", &missing))) {
			if (parse_id(v, &meta.revises))
				return usage_error("--revises wants a draft id, not '%s'", v);
		} else if (missing)
			break;
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return usage_error("unknown option '%s'", argv[i]);
		else if (!file)
			file = argv[i];
		else
			return usage_error("one FILE only ('%s')", argv[i]);
	}
	if (missing)
		return usage_error("%s needs a value", argv[i]);
	if (!file == !from)
		return usage_error("%s", "give either FILE or --from-message MESSAGE-ID");
	if (meta.list && rp_cli_check_list_name("draft add", meta.list))
		return RP_EXIT_USAGE;
	if (meta.list && check_list(cli, meta.list, &err))
		return rp_cli_fail(&err);
	if (meta.title && !(meta.title = title = one_line(rp_strdup(meta.title)))) {
		rp_error_set(&err, RP_ENOMEM, "draft add", "out of memory");
		return rp_cli_fail(&err);
	}
	if (file) {
		rc = read_draft_file(file, &text, &len, &err);
		source = rp_strdup(file);
	} else {
		struct rp_mime_limits limits;
		struct rp_config *cfg = NULL;

		/* the message is parsed again with the caps import stored it under */
		rp_mime_limits_default(&limits);
		if (!(rc = rp_cli_config(cli, &cfg, &err))) {
			rp_cli_apply_limits(&limits, NULL, NULL, cfg);
			rp_config_free(cfg);
			rc = text_from_message(cli->store, from, use_body, &limits, &text, &subject,
					       &msg_list, &attached, &err);
		}
		if (!rc) {
			len = strlen(text);
			if (!meta.circulated)
				meta.circulated = from;
			if (!meta.list)
				meta.list = msg_list;
			if ((source = malloc(strlen(from) + 9)))
				sprintf(source, "message:%s", from);
		}
	}
	if (rc)
		goto cleanup;
	meta.source = source;
	if (text && text[strspn(text, " \t\r\n\f\v")] == '\0') {
		rc = rp_error_set(&err, RP_EPARSE, from ? from : file ? file : "-",
				  "no text: the draft is empty");
		goto cleanup;
	}
	if (from)
		snprintf(what, sizeof(what), "%s <%s>",
			 attached ? "the draft attached to" : "the body of", from);
	if ((rc = rp_draft_parse(&doc, text, len, &err)))
		goto cleanup;
	/* a draft in a mail's body starts at its title, below the mail's cover note */
	if (from && !attached && (cover = rp_draft_cover_length(text, doc))) {
		len -= cover;
		memmove(text, text + cover, len + 1);
		rp_draft_doc_free(doc);
		doc = NULL;
		if ((rc = rp_draft_parse(&doc, text, len, &err)))
			goto cleanup;
	}
	if ((rc = check_has_sections(doc, from ? what : file, from && !attached ? from : NULL,
				     &err)))
		goto cleanup;
	/* The subject names a draft less well than the title its document gives it; the
	 * first line of a body without a title heading is the greeting, not a title. */
	if (from && !meta.title && (!doc->title || (!attached && !doc->title_marked)))
		meta.title = title = one_line(subject_title(subject));
	if ((rc = rp_store_begin(cli->store, &err)))
		goto cleanup;
	in_tx = 1;
	if ((rc = rp_draft_store(cli->store, doc, text, &meta, &id, &err)))
		goto cleanup;
	if (meta.circulated) {
		if ((rc = rp_analyse_membership(cli->store, id, &err)))
			goto cleanup;
		included = count_rows(cli->store,
				      "SELECT count(*) FROM draft_message WHERE draft = ?1 AND included = 1",
				      id);
	}
	if ((rc = rp_store_commit(cli->store, &err)))
		goto cleanup;
	in_tx = 0;
	version = count_rows(cli->store, "SELECT version FROM draft WHERE id = ?1", id);
	/* No answering message can be found yet: say why, so a mistyped id is noticed. */
	if (meta.circulated &&
	    count_rows_text(cli->store, "SELECT count(*) FROM message WHERE message_id = ?1",
			    meta.circulated) == 0)
		fprintf(stderr,
			"rapporteur draft add: warning: no stored message has Message-ID <%s>: no "
			"message answers draft %lld until it is imported or fetched (is the id "
			"right?)\n",
			meta.circulated, (long long)id);
	else if (meta.circulated &&
		 count_rows_text(cli->store, "SELECT count(*) FROM draft WHERE circulated = ?1",
				 meta.circulated) > 1)
		fprintf(stderr,
			"rapporteur draft add: warning: another draft was circulated by <%s> too (see "
			"draft list): the same draft added twice? A title then names the newest\n",
			meta.circulated);
	else if (!meta.circulated && meta.revises)
		fprintf(stderr,
			"rapporteur draft add: draft %lld revises draft %lld and has no answering "
			"messages: a revision counts replies once it is circulated (draft add "
			"--revises %lld --circulated MESSAGE-ID)\n",
			(long long)id, (long long)meta.revises, (long long)meta.revises);
	{
		const char *t = meta.title ? meta.title : doc->title ? doc->title : "untitled draft";
		if (json) {
			json_t *o = json_object();
			json_object_set_new(o, "id", json_integer(id));
			json_object_set_new(o, "title", json_string(t));
			json_object_set_new(o, "version", json_integer(version));
			json_object_set_new(o, "sections", json_integer((json_int_t)doc->n));
			json_object_set_new(o, "pages", json_boolean(doc->has_pages));
			json_object_set_new(o, "messages", included >= 0 ? json_integer(included) : json_null());
			json_dumpf(o, stdout, JSON_SORT_KEYS | JSON_INDENT(2));
			putchar('\n');
			json_decref(o);
		} else {
			printf("draft %lld: %s (version %lld, %zu section%s", (long long)id, t,
			       (long long)version, doc->n, doc->n == 1 ? "" : "s");
			if (included >= 0)
				printf(", %lld answering message%s", (long long)included,
				       included == 1 ? "" : "s");
			printf(")\n");
		}
	}
cleanup:
	if (in_tx)
		rp_store_rollback(cli->store);
	rp_draft_doc_free(doc);
	free(text);
	free(subject);
	free(msg_list);
	free(title);
	free(source);
	return rc ? rp_cli_fail(&err) : 0;
}

static void iso_day(int64_t t, char out[11])
{
	char full[21];

	rp_time_iso(t, full);
	memcpy(out, full, 10);
	out[10] = '\0';
}

static int draft_list(struct rp_cli *cli, int argc, char **argv)
{
	struct rp_error err = { 0 };
	sqlite3_stmt *st = NULL;
	json_t *arr = NULL;
	int i, json = 0, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else
			return usage_error("unknown argument '%s'", argv[i]);
	}
	rc = rp_store_prepare(cli->store, &st,
			      "SELECT d.id, d.title, d.version, l.name, d.circulated, d.deadline, "
			      "(SELECT count(*) FROM section s WHERE s.draft = d.id), "
			      "(SELECT count(*) FROM draft_message m WHERE m.draft = d.id "
			      "AND m.included = 1), d.revises "
			      "FROM draft d LEFT JOIN list l ON l.id = d.list_id ORDER BY d.id",
			      &err);
	if (rc)
		return rp_cli_fail(&err);
	if (json)
		arr = json_array();
	else
		printf("%4s %7s %8s %8s  %s\n", "id", "version", "sections", "messages", "title");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *title = (const char *)sqlite3_column_text(st, 1);
		if (json) {
			json_t *o = json_object();
			char day[11];
			json_object_set_new(o, "id", json_integer(sqlite3_column_int64(st, 0)));
			json_object_set_new(o, "title", json_string(title ? title : ""));
			json_object_set_new(o, "version", json_integer(sqlite3_column_int64(st, 2)));
			json_object_set_new(o, "list", sqlite3_column_text(st, 3)
				? json_string((const char *)sqlite3_column_text(st, 3)) : json_null());
			json_object_set_new(o, "circulated", sqlite3_column_text(st, 4)
				? json_string((const char *)sqlite3_column_text(st, 4)) : json_null());
			if (sqlite3_column_type(st, 5) != SQLITE_NULL) {
				iso_day(sqlite3_column_int64(st, 5), day);
				json_object_set_new(o, "deadline", json_string(day));
			} else {
				json_object_set_new(o, "deadline", json_null());
			}
			json_object_set_new(o, "sections", json_integer(sqlite3_column_int64(st, 6)));
			json_object_set_new(o, "messages", json_integer(sqlite3_column_int64(st, 7)));
			json_object_set_new(o, "revises", sqlite3_column_type(st, 8) != SQLITE_NULL
				? json_integer(sqlite3_column_int64(st, 8)) : json_null());
			json_array_append_new(arr, o);
		} else {
			printf("%4lld %7lld %8lld %8lld  %s\n", (long long)sqlite3_column_int64(st, 0),
			       (long long)sqlite3_column_int64(st, 2), (long long)sqlite3_column_int64(st, 6),
			       (long long)sqlite3_column_int64(st, 7), title ? title : "");
		}
	}
	sqlite3_finalize(st);
	if (json) {
		json_t *root = json_object();
		json_object_set_new(root, "drafts", arr);
		json_dumpf(root, stdout, JSON_SORT_KEYS | JSON_INDENT(2));
		putchar('\n');
		json_decref(root);
	}
	return 0;
}

static json_t *section_json(const struct rp_draft_doc *d, size_t i)
{
	const struct rp_section *s = &d->sections[i];
	const struct rp_section *up = s->parent >= 0 ? &d->sections[s->parent] : NULL;
	json_t *o = json_object();

	json_object_set_new(o, "number", s->number ? json_string(s->number) : json_null());
	json_object_set_new(o, "heading", s->heading ? json_string(s->heading) : json_null());
	json_object_set_new(o, "level", json_integer(s->level));
	json_object_set_new(o, "ordinal", json_integer((json_int_t)i));
	/* the parent named as outputs name sections: an unnumbered one by its heading */
	json_object_set_new(o, "parent", up ? json_string(rp_section_ref(up->number, up->heading))
					    : json_null());
	json_object_set_new(o, "pages", s->page_from > 0 ? json_pack("[ii]", s->page_from, s->page_to)
							 : json_null());
	json_object_set_new(o, "text", json_string(s->text ? s->text : ""));
	return o;
}

static int draft_show(struct rp_cli *cli, int argc, char **argv)
{
	struct rp_draft_doc *d = NULL;
	struct rp_error err = { 0 };
	sqlite3_stmt *st = NULL;
	const char *idarg = NULL;
	int64_t id = 0;
	int i, json = 0, rc;
	size_t k;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (argv[i][0] == '-')
			return usage_error("unknown option '%s'", argv[i]);
		else if (!idarg)
			idarg = argv[i];
		else
			return usage_error("one DRAFT only ('%s')", argv[i]);
	}
	if (!idarg || parse_id(idarg, &id))
		return usage_error("%s", "draft show wants a draft id");
	if ((rc = rp_draft_load(cli->store, id, &d, &err)))
		return rp_cli_fail(&err);
	rc = rp_store_prepare(cli->store, &st,
			      "SELECT d.version, l.name, d.circulated, d.deadline, d.source, d.revises "
			      "FROM draft d LEFT JOIN list l ON l.id = d.list_id WHERE d.id = ?1",
			      &err);
	if (rc) {
		rp_draft_doc_free(d);
		return rp_cli_fail(&err);
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_step(st);
	if (json) {
		json_t *o = json_object(), *arr = json_array();
		char day[11];
		json_object_set_new(o, "id", json_integer(id));
		json_object_set_new(o, "title", json_string(d->title ? d->title : ""));
		json_object_set_new(o, "version", json_integer(sqlite3_column_int64(st, 0)));
		json_object_set_new(o, "list", sqlite3_column_text(st, 1)
			? json_string((const char *)sqlite3_column_text(st, 1)) : json_null());
		json_object_set_new(o, "circulated", sqlite3_column_text(st, 2)
			? json_string((const char *)sqlite3_column_text(st, 2)) : json_null());
		if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
			iso_day(sqlite3_column_int64(st, 3), day);
			json_object_set_new(o, "deadline", json_string(day));
		} else {
			json_object_set_new(o, "deadline", json_null());
		}
		json_object_set_new(o, "source", sqlite3_column_text(st, 4)
			? json_string((const char *)sqlite3_column_text(st, 4)) : json_null());
		json_object_set_new(o, "revises", sqlite3_column_type(st, 5) != SQLITE_NULL
			? json_integer(sqlite3_column_int64(st, 5)) : json_null());
		json_object_set_new(o, "has_pages", json_boolean(d->has_pages));
		for (k = 0; k < d->n; k++)
			json_array_append_new(arr, section_json(d, k));
		json_object_set_new(o, "sections", arr);
		json_dumpf(o, stdout, JSON_SORT_KEYS | JSON_INDENT(2));
		putchar('\n');
		json_decref(o);
	} else {
		printf("draft %lld: %s (version %lld, %zu section%s)\n", (long long)id,
		       d->title ? d->title : "", (long long)sqlite3_column_int64(st, 0), d->n,
		       d->n == 1 ? "" : "s");
		for (k = 0; k < d->n; k++) {
			const struct rp_section *s = &d->sections[k];
			int indent = s->level > 1 ? 2 * (s->level - 1) : 0;
			printf("%*s%-*s %s", indent, "", 8, s->number ? s->number : "-",
			       s->heading ? s->heading : s->number ? "" : "(preamble)");
			if (s->page_from > 0 && s->page_to > s->page_from)
				printf("  (pp. %d-%d)", s->page_from, s->page_to);
			else if (s->page_from > 0)
				printf("  (p. %d)", s->page_from);
			putchar('\n');
		}
	}
	sqlite3_finalize(st);
	rp_draft_doc_free(d);
	return 0;
}

int cmd_draft(struct rp_cli *cli, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    rp_cli_wants_help(argc, argv)) {
		fputs(draft_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? RP_EXIT_USAGE : 0;
	}
	if (strcmp(argv[1], "add") == 0)
		return draft_add(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return draft_list(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0)
		return draft_show(cli, argc - 1, argv + 1);
	return usage_error("'%s' is not add, list or show", argv[1]);
}
