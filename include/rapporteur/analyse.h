/* analyse: which messages answer a draft, the points members made, their anchors in the
 * draft, their stance, and per-section consensus. Reads and writes the store. */
#ifndef RAPPORTEUR_ANALYSE_H
#define RAPPORTEUR_ANALYSE_H

#include <stddef.h>
#include <stdint.h>

#include "rapporteur/store.h"
#include "rapporteur/util.h"

enum rp_stance_label {
	RP_STANCE_NONE = 0,
	RP_STANCE_SUPPORT,
	RP_STANCE_OBJECT,
	RP_STANCE_AMEND,
	RP_STANCE_QUESTION,
	RP_STANCE_NOTE,
};
const char *rp_stance_name(enum rp_stance_label l); /* "support", ... ; NULL for NONE */
int rp_stance_parse(const char *name);              /* label, or RP_ERROR */

enum rp_target_kind {
	RP_TARGET_SECTION = 0, /* the anchored section (default) */
	RP_TARGET_MEMBER,      /* "+1 to Avri", "as Wout said" */
	RP_TARGET_MESSAGE,     /* a bare "+1": the parent message */
	RP_TARGET_POINT,
};

/* Longest proposed wording kept, in bytes: longer wording is cut there, between
 * characters, and ends with an ellipsis ("…"), as does wording cut short with a point
 * too long to be read whole. */
#define RP_STANCE_PROPOSED_MAX 16384

/* Stance of one point, from its text alone (pure). */
struct rp_stance {
	enum rp_stance_label label;
	enum rp_stance_label secondary; /* RP_STANCE_NONE if none */
	double confidence;              /* 0..1 */
	char *cues;                     /* comma-separated cue words that decided it */
	char *proposed;                 /* proposed wording for amendments, or NULL; at most
	                                 * RP_STANCE_PROPOSED_MAX bytes and an ellipsis */
	enum rp_target_kind target_kind;
	char *target_name;              /* person named as target ("Mark"), or NULL */
};
int rp_stance_classify(struct rp_stance *out, const char *text, const char *quoted);
void rp_stance_release(struct rp_stance *s);
/* Does the stance approve the draft's text as it stands ("fine as drafted", "the current
 * wording works")? Such support is for the text, also when written under someone's
 * proposal to change it. */
int rp_stance_keeps_text(const struct rp_stance *s);

/* Fill table draft_message for draft: replies at any depth to the circulating message, and
 * list messages after circulation (until the deadline plus 7 days) whose subject names the
 * draft, which quote it or name it, are included; every other message considered gets
 * included = 0 and a reason ("before circulation", "after deadline", "off-topic: no
 * reference to the draft", "duplicate delivery", "repost of an earlier message (ID)": the same
 * text sent again by its sender, under another Message-ID, with a first line such as
 * "Resending" at most; never a text under 8 words of the writer's own). Rows with manual = 1 are kept as they are.
 * Runs in a savepoint. Returns 0, RP_ENOTFOUND (no such draft), RP_EDB, RP_ENOMEM. */
int rp_analyse_membership(struct rp_store *s, int64_t draft, struct rp_error *err);

/* 1 when reason, as rp_analyse_membership records it for an excluded message, says the
 * message is not about the draft at all (an auto-reply, off-topic, answering another
 * draft), 0 when it may answer the draft and was left out for another cause (after the
 * deadline, before circulation, a copy, by hand). Pure. */
int rp_analyse_not_about_draft(const char *reason);
/* 1 when reason says the message is a second copy of one already read (the same
 * Message-ID delivered twice: from the list and directly). Pure. */
int rp_analyse_duplicate(const char *reason);
/* 1 when reason says the message is a repost: its sender sent the same text before under
 * another Message-ID ("resending, my first mail did not reach the list"), and the first is
 * read; the reason names it, "repost of an earlier message (<its Message-ID>)". Pure. */
int rp_analyse_repost(const char *reason);

/* How many messages stored after the message rowid `after` the membership rules would
 * include for draft (as rp_analyse_membership decides, manual inclusions and exclusions
 * respected, a second copy of an earlier message and the same comments sent again by their
 * sender, a repost, not counted). Reads only: fit for a
 * read-only store. *count receives the number. Returns 0, RP_ENOTFOUND (no such draft),
 * RP_EDB, RP_ENOMEM. */
int rp_analyse_count_new(struct rp_store *s, int64_t draft, int64_t after, int64_t *count,
			 struct rp_error *err);

/* The whole analysis for one draft: membership, points, anchors, stance. Manual decisions
 * (decision table) are applied and never overwritten. */
int rp_analyse_draft(struct rp_store *s, int64_t draft, struct rp_error *err);


/* The segmentation of stored messages (text module), computed from the body the first time
 * it is asked for and stored in table block when the caller holds a write transaction.
 * rp_blocks_get fills *out (release with rp_segments_release); body may be NULL (read from
 * the store); *stored (may be NULL) says whether the blocks came from the table. */
struct rp_blocks;
struct rp_segments;
int rp_blocks_open(struct rp_blocks **out, struct rp_store *s, struct rp_error *err);
int rp_blocks_get(struct rp_blocks *b, int64_t message, const char *body,
		  struct rp_segments *out, int *stored, struct rp_error *err);
void rp_blocks_close(struct rp_blocks *b);
/* 1 when the author's own text in seg (its new blocks) only asks the others for comments
 * ("A reminder that the deadline is Monday; please send your comments by then"), perhaps
 * with thanks around it: it gives no comment, so the analysis takes no point from it. 2
 * when it only speaks of the process without asking: the round closed, the next version
 * announced ("The deadline has passed; we will circulate version 3 in October"). 3
 * when it only asks to leave the list ("Please remove me from this list"). 0 otherwise. */
int rp_analyse_asks_only(const struct rp_segments *seg);

/* ---- stance helpers, consensus, clusters, votes ---- */

/* "section", "member", "message", "point" and back (RP_ERROR for an unknown name). */
const char *rp_target_kind_name(enum rp_target_kind k);
int rp_target_kind_parse(const char *name);

/* One participant of a thread, as the target resolver sees them. All fields borrowed. */
struct rp_participant {
	const char *name;    /* display name ("Mark Carvell"), or NULL */
	const char *address; /* canonical address, or NULL */
	const char *const *aliases; /* other names/addresses from member_alias */
	size_t n_aliases;
};

/* Resolve a target name taken from rp_stance.target_name ("Avri", "Bill", "mark@example.org",
 * "the previous speaker") against people[0..n). previous is the index of the author of the
 * quoted or parent message (-1 if unknown) and answers "the previous speaker". Matching is
 * case-insensitive, strongest first: full name, address or alias; first name or a common
 * nickname of it ("Bill" -> William); last name; address local part. When several people
 * match at the same strength the earliest wins, so pass the thread's participants most
 * recent first. Returns the index, or RP_ENOTFOUND (RP_ENOMEM on allocation failure). */
int rp_stance_resolve_target(const char *name, const struct rp_participant *people, size_t n,
			     long previous);

/* Consensus levels, weakest evidence first. */
enum rp_consensus_level {
	RP_LEVEL_NO_COMMENTS = 0, /* nobody took a position (support, object or amend) */
	RP_LEVEL_SINGLE,          /* one member only took a position */
	RP_LEVEL_CONTESTED,       /* objections neither answered nor isolated, or thin support */
	RP_LEVEL_ROUGH,           /* broad support; the remaining objections answered or isolated */
	RP_LEVEL_AGREED,          /* enough members in favour, no open objection, and no amendment
				   * another member opposes while its author still proposes it */
};
/* "no comments", "single view", "contested", "rough consensus", "agreed". */
const char *rp_consensus_level_name(enum rp_consensus_level l);

/* Thresholds; rp_consensus_config_init sets the defaults shown. */
struct rp_consensus_config {
	int agreed_min_support;  /* 2: members in favour (support or amend) needed for "agreed" */
	int rough_min_support;   /* 2: supporters + amenders needed for "rough consensus" */
	double rough_min_share;  /* 0.66: (supporters+amenders) / (those + objectors) */
	int isolated_max;        /* 1: at most this many objectors count as isolated */
	double cluster_jaccard;  /* 0.5: stemmed token-set similarity joining two points */
};
void rp_consensus_config_init(struct rp_consensus_config *c);

struct rp_member_ref {
	char *address; /* lower-case, never NULL ("" when unknown) */
	char *name;    /* display name or NULL */
	/* The name as the consolidated document shows it: the roster's as typed, else the From
	 * name in reading order (rp_text_shown_name); NULL when neither has one. */
	char *shown;
};

/* One stance a member took in a section, in date order. */
struct rp_stance_event {
	int64_t point;
	int64_t date;
	enum rp_stance_label label; /* after copying the stance of an agreed-with member */
};

/* A member's position in a section: the latest stance wins; history keeps them all. */
struct rp_position {
	struct rp_member_ref member;
	enum rp_stance_label label;
	struct rp_stance_event *history;
	size_t n_history;
};

/* An amendment, objection or question: the point, who made it and what it says. */
struct rp_consensus_item {
	int64_t point;
	struct rp_member_ref member;
	char *text;
	char *proposed; /* amendments: the proposed wording, or NULL */
	int answered;   /* objections, questions: another member replied to it */
};

/* Points of one section and stance that say the same thing. */
struct rp_cluster {
	enum rp_stance_label label;
	int64_t *points;
	size_t n_points;
	struct rp_member_ref *members; /* distinct, in order of first appearance */
	size_t n_members;
	int64_t representative_point;
	char *representative; /* the most central sentence (degree centrality) */
};

struct rp_section_consensus {
	int64_t section; /* section id, 0 for general comments */
	char *number;    /* "3.9", or NULL for general comments */
	char *heading;
	enum rp_consensus_level level;
	struct rp_position *positions; /* one per member, by address */
	size_t n_positions;
	size_t count[RP_STANCE_NOTE + 1]; /* distinct members per current label */
	struct rp_consensus_item *amendments, *open_objections, *questions;
	size_t n_amendments, n_open_objections, n_questions;
	struct rp_cluster *clusters;
	size_t n_clusters;
};

struct rp_consensus {
	int64_t draft;
	struct rp_section_consensus *sections; /* draft order, general comments last */
	size_t n_sections;
};

/* Compute per-section positions and consensus for draft from the point, anchor, stance and
 * message tables (each point counts for every section it is anchored to; no anchor or a NULL
 * section is a general comment). cfg NULL means the defaults. *out is filled (caller's
 * storage) and released with rp_consensus_release. Returns 0, RP_ENOTFOUND (no such draft),
 * RP_EDB or RP_ENOMEM. */
int rp_consensus_compute(struct rp_consensus *out, struct rp_store *s, int64_t draft,
			 const struct rp_consensus_config *cfg, struct rp_error *err);
void rp_consensus_release(struct rp_consensus *c);

/* Near-duplicate clustering (pure). texts[0..n) are point texts; groups points whose stemmed
 * token sets have a Jaccard similarity >= threshold (single link). cluster_of[i] receives a
 * cluster number 0..*n_clusters-1, numbered by first member. Returns 0 or RP_ENOMEM. */
int rp_cluster_points(const char *const *texts, size_t n, double threshold, size_t *cluster_of,
		      size_t *n_clusters);
/* The most central sentence of texts[0..n) (LexRank-style degree centrality over sentence
 * token-set similarity; ties go to the earlier sentence). *out malloc'ed, *which = index of
 * the text it came from. Returns 0, RP_ENOTFOUND (no sentence) or RP_ENOMEM. */
int rp_cluster_representative(char **out, size_t *which, const char *const *texts, size_t n);
/* The same, for a group of points labelled want: among sentences as central, one that
 * itself reads as want comes first, then one with any position, before a sentence that takes
 * none ("Fair enough, Tomas." before "I withdraw my objection on 3.9"). */
int rp_cluster_representative_for(char **out, size_t *which, const char *const *texts, size_t n,
				  enum rp_stance_label want);

/* Formal votes. */
enum { RP_VOTE_NONE = -100 }; /* no vote in a message */
/* The vote cast in a message's new text: +1, 0 or -1, or RP_VOTE_NONE (no vote, or several
 * different ones such as a ballot listing the choices). A line listing the options
 * ("+1/0/-1", "+1, 0 or -1") or asking others to vote ("Please vote +1 if ...") casts
 * none. Pure. */
int rp_vote_parse(const char *text);
/* The same for the message that opens a vote thread, usually the call for votes ("Please
 * vote +1/0/-1 by Friday"): only a vote that leads a line ("+1", "+1 from me", "My vote:
 * +1") counts. Pure. */
int rp_vote_parse_opener(const char *text);
/* The tally announced in a result message: counts of +1, 0, -1 (plus[0], zero[1], minus[2]),
 * on one line or several: "+1: 3", "+1 3", "+1 (3)", "3 +1", "3 x +1", "3 binding +1",
 * counts in words ("one 0", "no -1"); the first count of each vote wins. Returns 0 when at
 * least one count was found, RP_ENOTFOUND otherwise. Pure. */
int rp_vote_parse_result(const char *text, int tally[3]);

struct rp_vote {
	char *voter, *address, *message_id;
	/* The voter as the consolidated document names people: the roster's name as typed,
	 * else the From name in reading order (rp_text_shown_name), else the address. */
	char *shown;
	int vote;     /* +1, 0, -1 */
	int64_t date; /* of the message that cast it */
};
struct rp_vote_thread {
	char *thread, *subject;
	struct rp_vote *votes; /* latest vote per address, by address */
	size_t n_votes;
	int tally[3];      /* counted: +1, 0, -1 */
	int has_result;    /* a [RESULT] message announced a tally */
	int result[3];
	char *result_message_id;
};
struct rp_votes {
	struct rp_vote_thread *threads;
	size_t n;
};
/* Every thread whose root subject carries "[VOTE]" (any case), optionally only on list
 * (NULL = all lists). Reads thread_node, message and block (kind 'new'; the body when a
 * message has no blocks). *out released with rp_votes_release. 0, RP_ENOTFOUND (no such
 * list), RP_EDB or RP_ENOMEM. */
int rp_votes_collect(struct rp_votes *out, struct rp_store *s, const char *list,
		     struct rp_error *err);
void rp_votes_release(struct rp_votes *v);

/* Manual decisions: a coordinator's corrections, keyed by the stable identity of what
 * they apply to (draft, Message-ID, point ordinal) so they survive re-analysis, which
 * never overwrites them. Keys and values:
 *   section      a section number of the draft, or "general"
 *   stance       support | object | amend | question | note
 *   disposition  accepted | rejected | noted | duplicate
 *   note         free text
 * value NULL removes the decision. RP_EUSAGE (with err saying why) for a bad key/value. */
int rp_decision_set(struct rp_store *s, int64_t draft, const char *message_id, int ordinal,
		    const char *key, const char *value, const char *who, struct rp_error *err);
/* Remove the decision on key (one of the keys above) of a point; *removed: whether there
 * was one (none: nothing is changed). RP_EUSAGE for an unknown key. */
int rp_decision_clear(struct rp_store *s, int64_t draft, const char *message_id, int ordinal,
		      const char *key, int *removed, struct rp_error *err);
/* Find a point's draft, Message-ID and ordinal from its id (*message_id malloc'ed). */
int rp_point_identity(struct rp_store *s, int64_t point, int64_t *draft, char **message_id,
		      int *ordinal, struct rp_error *err);
/* Include or exclude a message from a draft's discussion by hand (manual=1, kept); who
 * decided (may be NULL) is recorded with the time. */
int rp_membership_set(struct rp_store *s, int64_t draft, const char *message_id, int included,
		      const char *reason, const char *who, struct rp_error *err);
/* Remove that decision: the next analysis judges the message again. *removed: whether
 * there was one. RP_ENOTFOUND when no message has that Message-ID. */
int rp_membership_clear(struct rp_store *s, int64_t draft, const char *message_id, int *removed,
			struct rp_error *err);

#endif
