/* report: the consolidated feedback document for one draft, built once as an in-memory model
 * (struct rp_report) from the analysis in the store, then written by one of several renderers
 * (Markdown, HTML, JSON, an RFC 5322 email, a CSV comment-resolution matrix) that all walk the
 * same model; and the member's check ("was my input captured?").
 *
 * The model holds copies of everything it shows: once built it no longer needs the store.
 * Renderers never read the store, never print the current time: the same store gives the same
 * bytes. Every piece of message text is escaped for the output format by the renderer. */
#ifndef RAPPORTEUR_REPORT_H
#define RAPPORTEUR_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "rapporteur/analyse.h"
#include "rapporteur/draft.h"
#include "rapporteur/store.h"
#include "rapporteur/util.h"

/* Version of the JSON shape written by the json renderer (doc/report-schema.md). */
#define RP_REPORT_SCHEMA_VERSION 1

enum rp_report_format {
	RP_REPORT_MARKDOWN = 0,
	RP_REPORT_HTML,
	RP_REPORT_JSON,
	RP_REPORT_EMAIL,
	RP_REPORT_CSV,
};
/* "markdown", "html", "json", "email", "csv" -> format, or RP_EUSAGE. */
int rp_report_format_parse(const char *name);

enum rp_attribution {
	RP_ATTR_NAMES = 0,    /* members by display name */
	RP_ATTR_AFFILIATIONS, /* members by affiliation (name when none is known) */
	RP_ATTR_NONE,         /* Chatham House rule: no names, no affiliations, counts only */
};
/* "names", "affiliations", "none" -> attribution, or RP_EUSAGE. */
int rp_report_attribution_parse(const char *name);

/* A member who wrote at least one point or included message. */
struct rp_report_participant {
	char *address;     /* lower-case; never NULL */
	char *name;        /* member table, else the From display name, else NULL */
	char *affiliation; /* member table, or NULL */
	/* Someone with no mail of their own whose comments a member forwarded: that member's
	 * name as the document shows it, and "Name (forwarded by Member)", the credit the
	 * documents give them, written "Name, forwarded by Member" inside parentheses
	 * already open; all NULL for everyone else. */
	char *forwarded_by;
	char *credit;
	char *credit_within;
	size_t n_points;
	size_t n_messages;
	char **sections; /* numbers of the sections they commented on ("general" last) */
	size_t n_sections;
};

/* A summary bullet: one cluster of near-duplicate points of one section and stance. */
struct rp_report_bullet {
	char *text;                  /* representative sentence */
	int64_t representative;      /* the point it is taken from */
	enum rp_stance_label stance;
	size_t *members; /* indexes into rp_report.participants, distinct */
	size_t n_members;
	char **message_ids; /* distinct, in the order of the points */
	size_t n_message_ids;
	int64_t *points;
	size_t n_points;
};

/* An amendment, open objection or question. */
struct rp_report_item {
	int64_t point;
	size_t member; /* index into participants */
	char *text;
	char *proposed; /* amendments: wording proposed verbatim, or NULL */
	char *message_id;
	int answered; /* objections, questions: another member replied */
};

struct rp_report_section {
	char *number;  /* "3.9"; NULL for the general comments */
	char *heading; /* may be NULL */
	int level;     /* 1 for "3", 2 for "3.9" ... */
	enum rp_consensus_level consensus;
	size_t count[RP_STANCE_NOTE + 1]; /* distinct members per current stance */
	struct rp_report_bullet *bullets;
	size_t n_bullets;
	struct rp_report_item *amendments, *open_objections, *questions;
	size_t n_amendments, n_open_objections, n_questions;
};

/* One row of the comment-resolution matrix: one per point of the draft. */
struct rp_report_row {
	int64_t point;  /* the point id (what `set POINT` takes) */
	size_t member;  /* index into participants */
	char *section;  /* section number, or NULL for general */
	char *type;     /* stance label, or NULL when no stance was recognised */
	char *comment;  /* the point's text */
	char *proposed; /* proposed change, or NULL */
	char *disposition; /* accepted|rejected|noted|duplicate from a decision, or NULL */
	char *note;        /* the decision's note, or NULL */
	char *message_id;
	int64_t date;
	/* Where the point appears in the body: section index (n_sections = general) and
	 * bullet index, or bullet = -1 when it is only in the matrix. */
	size_t in_section;
	long bullet;
	/* The other sections the point is anchored to ("on 3.9 and 3.10"), in draft order: it
	 * is credited in each as in in_section; also_bullet[k] is its bullet there, or -1;
	 * also_type[k] the label it counts for there, which may differ from type ("+1 to
	 * Maria" where she objected to one section and amended another), or NULL when the
	 * consensus gives it none there. */
	size_t *also;
	long *also_bullet;
	char **also_type;
	size_t n_also;
};

struct rp_report {
	int64_t draft;
	char *title;
	int version;
	int64_t revises;  /* the draft this version revises, 0 for none */
	char *circulated; /* Message-ID of the circulating message, or NULL */
	char *circulated_subject;
	char *list;       /* list name, or NULL */
	int64_t created;  /* the draft's date */
	int64_t period_from, period_to; /* dates of the first and last message read (0 = none) */
	size_t messages_read;           /* included messages */
	struct rp_report_section *sections; /* draft order */
	size_t n_sections;
	struct rp_report_section general;
	struct rp_report_participant *participants; /* sorted by name, then address */
	size_t n_participants;
	struct rp_report_row *matrix; /* by message date, Message-ID, point ordinal */
	size_t n_matrix;
};

/* Build the model of draft from the store (sections, consensus, points, anchors, stances,
 * members, decisions); cfg gives the consensus thresholds (NULL: the defaults). Does not
 * run the analysis. *out is owned by the caller:
 * rp_report_free. Returns 0, RP_ENOTFOUND (no such draft), RP_EDB or RP_ENOMEM. */
int rp_report_build(struct rp_report **out, struct rp_store *s, int64_t draft,
		    const struct rp_consensus_config *cfg, struct rp_error *err);
void rp_report_free(struct rp_report *r); /* NULL-safe */

/* Under the Chatham House rule a comment that names someone ("+1 to Mark Carvell") gives a
 * participant away. rp_report_withhold_names replaces, in every text of r quoted from a
 * message or a decision (bullets, amendments, objections, questions, the matrix's comments,
 * proposed wording and notes), the names of the group's members and of everyone who wrote
 * on the draft by "[name withheld]", and every e-mail address by "[address withheld]".
 * *n_withheld (may be NULL) gets the number replaced. Returns 0, RP_EDB or RP_ENOMEM. */
int rp_report_withhold_names(struct rp_report *r, struct rp_store *s, size_t *n_withheld,
			     struct rp_error *err);
/* The same on one text, against a set of names: rp_name_set_add takes a display name
 * ("Wout de Natris", "Mark Carvell via DC-ISSS") and keeps its parts that can name a person
 * (not acronyms, not role accounts such as "IGF Secretariat"). rp_name_set_withhold returns
 * a malloc'ed copy of text with names and addresses withheld (NULL when out of memory) and
 * adds the number replaced to *n_withheld (may be NULL). */
struct rp_name_set;
int rp_name_set_new(struct rp_name_set **out);
int rp_name_set_add(struct rp_name_set *set, const char *display_name);
size_t rp_name_set_count(struct rp_name_set *set); /* distinct name parts and pairs */
char *rp_name_set_withhold(struct rp_name_set *set, const char *text, size_t *n_withheld);
void rp_name_set_free(struct rp_name_set *set);

struct rp_report_options {
	enum rp_report_format format;
	enum rp_attribution attribution;
	/* Per-message link template, "%s" replaced by the percent-encoded Message-ID (no angle
	 * brackets); NULL links to mid: URIs (RFC 2392). */
	const char *archive_url;
	const char *from; /* email: From address; NULL gives a placeholder to edit */
	const char *to;   /* email: To address; NULL gives the list name or a placeholder */
	/* email: the Date (seconds since the epoch), and a Message-ID unique to it: the time
	 * a message is sent; 0 derives both from the store, so output is reproducible. */
	int64_t date;
};

/* Append to b the link for a Message-ID: the archive template of o (NULL: none) or a mid:
 * URI (RFC 2392), the id percent-encoded (RFC 3986) so the result holds no quote, space or
 * angle bracket. Returns 0 or RP_ENOMEM/RP_ELIMIT. */
int rp_report_link(struct rp_buf *b, const struct rp_report_options *o, const char *message_id);
/* Check an archive URL template: http(s) only, exactly one "%s", other '%' only as "%%" or
 * a %XX escape, no quotes, spaces or <>. NULL is valid (no template). 0 or RP_EUSAGE. */
int rp_report_check_template(const char *tpl, struct rp_error *err);

/* Render r into out (appended) as opts->format says. Returns 0, RP_EUSAGE (bad template or
 * format), RP_ELIMIT or RP_ENOMEM. */
int rp_report_render(struct rp_buf *out, const struct rp_report *r,
		     const struct rp_report_options *opts, struct rp_error *err);

/* Pipe an email rendering (len bytes of msg) to the mail submission command, e.g.
 * "/usr/sbin/sendmail -t -i": split on blanks and run with execvp, without a shell (no
 * quoting). Returns 0 when the command read the message and exited 0; RP_EIO with err
 * naming the command and its exit status (or signal, or why it could not run) otherwise;
 * RP_ECONFIG for an empty command. */
int rp_report_sendmail(const char *command, const char *msg, size_t len, struct rp_error *err);

/* Stale detection. A successful compile of draft records, in the meta table under the key
 * "compiled:<draft id>", when it ran and the highest message rowid its analysis had
 * considered (JSON: {"time", "max_message", "messages"}). */
int rp_report_record_compile(struct rp_store *s, int64_t draft, int64_t now, struct rp_error *err);

struct rp_compile_state {
	int compiled;         /* 0: never compiled (the other fields are 0) */
	int64_t time;         /* when, seconds since the epoch */
	int64_t messages;     /* included messages the compile read */
	int64_t new_messages; /* messages answering the draft stored since */
	int decisions_changed; /* a manual decision was set, replaced or removed since */
};
/* The state of draft's last compile, how many answering messages arrived since (see
 * rp_analyse_count_new) and whether the manual decisions changed. Reads only. Returns 0 (also when never compiled), RP_EDB,
 * RP_ENOMEM; a record that is not the JSON above counts as never compiled. */
int rp_report_compile_state(struct rp_compile_state *out, struct rp_store *s, int64_t draft,
			    struct rp_error *err);

/* The member's check. */
struct rp_check_entry {
	char *message_id;
	char *subject;
	int64_t date;
	int64_t point;  /* 0 for a message-level entry (a message with no captured point) */
	char *text;     /* the point's text, or NULL */
	char *source;   /* "attachment NAME" for a point read from an attachment, "message of
	                 * NAME, forwarded" for one read from a forwarded message, else NULL */
	char *forwarded_by; /* the member's comments that another member forwarded: that
	                     * member's name, else NULL */
	char *credited_to;  /* comments the member forwarded for someone else: that writer's
	                     * name (they are credited with them), else NULL */
	int captured;
	int circulation; /* the message circulates this draft or another: no comment, neither
	                  * captured nor uncaptured (reason says which draft) */
	int unrelated;   /* the analysis excluded the message as not about the draft (an
	                  * auto-reply, off-topic, another draft's discussion): not counted
	                  * either; reason says why */
	/* A point summarised in one bullet with the similar points of other members: their
	 * names as the document gives them ("Lars Nilsson and Wout de Natris"), else NULL;
	 * in_their_words: how many they are, when the bullet quotes one of theirs rather
	 * than this point, else 0. */
	char *merged_with;
	int in_their_words;
	/* The document's list the point is also in at its best anchor: "proposed amendments",
	 * "open objections" or "questions" (static strings), else NULL; answered: an objection
	 * or question another member replied to, as the document marks it. */
	const char *listed;
	int answered;
	/* A position (support, object, amend) on a section that a later point of the member's
	 * on the same section changed: that point's index in rp_check.entries plus 1, else 0.
	 * One member is one voice per section and the latest position counts. */
	size_t superseded_by;
	int duplicate;   /* a second copy of a message of the member's (the same Message-ID
	                  * delivered twice, or the same comments sent again under another),
	                  * read once: not counted either */
	char *section;  /* where: section number, "general", or NULL */
	long bullet;    /* 1-based bullet number in that section, 0 when not in a bullet */
	/* The other sections the point is anchored to, credited there too, and its bullet in
	 * each (1-based, 0 when none). */
	char **also_section;
	long *also_bullet;
	char **also_stance; /* how it was understood there when not as stance, else NULL */
	size_t n_also;
	int64_t row;    /* matrix row (the point id), 0 when none */
	char *stance;   /* how it was understood, or NULL */
	char *target;   /* whom/what it answers, or NULL */
	char *target_words; /* a message target in words ("answering Ana Souza's message",
	                     * "answering the draft as circulated") for text and HTML, else NULL */
	int sides;      /* a member target ("member Ann"): 1 when the words agree with that
	                 * member, -1 when they disagree, 0 otherwise */
	char *reason;   /* why not captured / a note on where it went; NULL when plain */
	/* When a later version revises the draft: what became of the point there. */
	int rev_version;      /* that version, 0 when the draft has no revision */
	const char *rev_fate; /* rp_fate_name(); NULL when no revision or no point */
	char *rev_section;    /* where the point now stands in the new version, or NULL */
};

struct rp_check {
	char *who;        /* as asked */
	char *address;    /* resolved address, or NULL when unknown */
	char *name;
	char *affiliation;
	char *draft_title;
	int64_t draft;
	struct rp_check_entry *entries;
	size_t n_entries;
	size_t n_uncaptured;
	size_t n_circulations; /* entries that are circulations, not comments */
	size_t n_unrelated;    /* entries of messages not about the draft */
	size_t n_duplicates;   /* entries of second copies of a message */
};

/* Find what became of WHO's (an address, with or without <>, or a name matched
 * case-insensitively against members and From names, else the one participant of the
 * draft whose name holds WHO's words; RP_EUSAGE naming them when a name is several
 * people's, or when several participants' names hold the words) messages and points on
 * draft. r is the model built for the same
 * draft. *out owned by the caller (rp_check_free). RP_ENOTFOUND when WHO wrote nothing
 * about draft. */
int rp_report_check(struct rp_check **out, struct rp_store *s, const struct rp_report *r,
		    const char *who, struct rp_error *err);
void rp_check_free(struct rp_check *c);
/* The draft check WHO looks at when none is given: the newest draft in which WHO (an
 * address, or a name one person wrote under) has an included message or a point, as the
 * store records them; the newest draft with answering messages (else the newest draft)
 * when WHO has none or names nobody for sure. RP_ENOTFOUND when the store has no draft. */
int rp_report_check_draft(struct rp_store *s, const char *who, int64_t *draft,
			  struct rp_error *err);
/* Render the check as text (format RP_REPORT_MARKDOWN), JSON or an HTML receipt. */
int rp_check_render(struct rp_buf *out, const struct rp_check *c, enum rp_report_format fmt,
		    struct rp_error *err);

/* Revisions: what became of the comments on a draft in the version that revises it. */
enum rp_fate {
	RP_FATE_ADOPTED = 0, /* the wording the member proposed now appears in the new version */
	RP_FATE_REVISED,     /* the section was rewritten (the comment may have been addressed) */
	RP_FATE_UNCHANGED,   /* the section is word for word the same */
	RP_FATE_REMOVED,     /* the section is gone */
	RP_FATE_GENERAL,     /* a general comment, tied to no section */
};
const char *rp_fate_name(enum rp_fate f); /* "adopted", "revised", ... */

struct rp_point_fate {
	int64_t point;          /* a point of the old draft */
	size_t row;             /* its row in old->matrix */
	enum rp_fate fate;
	long new_section;       /* index into new_doc sections where it now stands, -1 if none */
};

/* One section of either version: matched (old and new), new, or removed. */
struct rp_section_change {
	long old_section, new_section; /* indexes into the two drafts' sections, -1 if absent */
	double similarity;
	int text_changed, renumbered;
	size_t *fates; /* indexes into rp_changes.fates of the points on the old section */
	size_t n_fates;
	/* The same of the points anchored to the old section besides their best anchor ("on
	 * 3.9 and 3.10"): credited here too; their fate is their best anchor's. */
	size_t *also;
	size_t n_also;
};

struct rp_changes {
	const struct rp_report *old;   /* the old draft's consolidated feedback */
	struct rp_report *owned_old;   /* the same when built here, else NULL (borrowed) */
	struct rp_draft_doc *old_doc;  /* owned */
	struct rp_draft_doc *new_doc;  /* owned */
	int64_t new_draft;
	int new_version;
	char *new_title;
	struct rp_section_change *sections; /* new version's order; removed ones where they stood */
	size_t n_sections;
	struct rp_point_fate *fates; /* one per row of old->matrix, same order */
	size_t n_fates;
	size_t n_revised, n_new, n_removed, n_renumbered, n_proposals, n_adopted;
};

/* Compare draft new_draft with old_draft (normally the draft it revises): align their
 * sections (rp_draft_align; when new_draft revises old_draft through intermediate versions,
 * version by version, the matches composed) and say for each point on the old draft
 * whether its section changed and whether its proposed wording now appears. Uses the old draft's stored
 * analysis. Returns 0, RP_ENOTFOUND, RP_EDB, RP_ENOMEM; *out freed with rp_changes_free. */
int rp_report_changes(struct rp_changes **out, struct rp_store *s, int64_t new_draft,
		      int64_t old_draft, const struct rp_consensus_config *cfg, struct rp_error *err);
/* The same comparison from the old draft's model already built (borrowed: it must outlive
 * *out). */
int rp_report_changes_of(struct rp_changes **out, struct rp_store *s, const struct rp_report *old,
			 int64_t new_draft, struct rp_error *err);
void rp_changes_free(struct rp_changes *c); /* NULL-safe */
/* The "changes since" list crediting members: Markdown or JSON (o->format); o->attribution
 * names members as in the consolidated document. RP_EUSAGE for another format. */
int rp_changes_render(struct rp_buf *out, const struct rp_changes *c,
		      const struct rp_report_options *o, struct rp_error *err);

#endif
