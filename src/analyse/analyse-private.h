/* analyse-private: the in-memory model one analysis run works on, shared by the files of
 * the analyse module (points, anchors, the run itself). */
#ifndef RAPPORTEUR_ANALYSE_PRIVATE_H
#define RAPPORTEUR_ANALYSE_PRIVATE_H

#include "rapporteur/analyse.h"
#include "rapporteur/draft.h"
#include "rapporteur/text.h"
#include "rapporteur/doc.h"

enum an_method {
	AN_MANUAL,
	AN_QUOTE,
	AN_EXPLICIT,
	AN_SIMILARITY,
	AN_INHERITED,
	AN_GENERAL,
};
const char *an_method_name(enum an_method m);

struct an_anchor {
	int section; /* index into the draft's sections, -1 = general */
	enum an_method method;
	double confidence;
	char *evidence;
};

/* The reason of a repost in table draft_message (membership.c), followed by " (<Message-ID
 * of the first copy>)": the same comments sent again by their sender. */
#define AN_REPOST_REASON "repost of an earlier message"

struct an_msg {
	int64_t id;
	char *message_id;
	char *from_addr;
	char *from_name;
	char *parent;  /* Message-ID of the thread parent, or NULL */
	char *thread;
	int64_t date;
	size_t first_point, n_points;
};

struct an_point {
	size_t msg;    /* index into the run's messages */
	int ordinal;   /* position within its message */
	char *text;
	char *quoted;  /* the quoted passage right above it, or NULL */
	char *quoted_run; /* all quote blocks right above it (nested levels too), when that is
			   * more than quoted; NULL otherwise */
	int64_t db_id;
	long responds_to; /* index of the earlier point it answers, -1 if none */
	struct an_anchor *anchors;
	size_t n_anchors;
	struct rp_stance stance;
	int stance_manual;
	int courtesy;     /* thanks / talk about the message itself (points.c flags) */
	int inline_reply; /* written right under a quoted passage */
	int offers_patch; /* ends with a colon right above a patch of the writer's ("it needs
			   * this:" then a diff): the patch is the change it proposes */
	char *source;     /* "attachment NAME" for a point read from an attachment, else NULL */
	/* stemmed tokens of text and quoted (rp_text_tokens), kept once computed: the
	 * points of a member named in agreement are compared with many later points */
	char **text_tok, **quoted_tok;
	size_t n_text_tok, n_quoted_tok;
	int tokenized; /* 1 when both are set, -1 when tokenizing failed (out of memory) */
};

/* A set of hashed word 4-grams, for fuzzy matching of quoted passages (rewrapped, '>'
 * prefixed, partially quoted or lightly edited text still shares most 4-grams). */
struct an_shingles {
	uint64_t *keys;
	int32_t *owner; /* owning section or point index */
	size_t cap, n;
	int every_owner; /* set before adding: a 4-gram belongs to every owner holding it */
};
void an_shingles_release(struct an_shingles *s);
/* Add all 4-grams of text, owned by owner (first owner wins unless every_owner is set). */
int an_shingles_add(struct an_shingles *s, const char *text, int32_t owner);
/* Count, per owner (0..n_owners-1), how many of text's 4-grams it holds, leaving out the
 * 4-grams any owner marked in covered holds (covered: NULL, or n_owners flags); *total
 * gets the number of 4-grams of text. counts must have n_owners entries, zeroed by the
 * function. */
void an_shingles_match(const struct an_shingles *s, const char *text, unsigned *counts,
		       size_t n_owners, const unsigned char *covered, unsigned *total);
/* The owners a match counted, each once, in the order first met. */
struct an_owner_list {
	size_t *v;
	size_t n, cap;
};
/* an_shingles_match for many owners of whom a text meets few: counts must be all zero on
 * entry and is left with the counts of the owners listed in touched, which the caller
 * clears after use; the cost is the text's, not the number of owners. RP_ENOMEM when
 * the list could not grow (the counts are then still right, the list short). */
int an_shingles_match_sparse(const struct an_shingles *s, const char *text, unsigned *counts,
			     size_t n_owners, struct an_owner_list *touched, unsigned *total);

/* Split one message body's segmentation into points (paragraphs and bullets of new text,
 * each with the quote right above it). Appends to *points. */
int an_points_from_blocks(const struct rp_segments *seg, size_t msg, struct an_point **points,
			  size_t *n, size_t *alloc);

/* Comments typed between the paragraphs of an original pasted below an Outlook header
 * block (inline.c): in seg, the paragraphs of such a quote (depth 1; no '>' markers, or
 * any when the writer says the comments are inline, an_inline_candidate) that
 * neither parent_body (the message answered) nor the draft (draft_sh, owned by its
 * n_sections sections) holds become new text, their writer's initials ("[MC]", "WdN:")
 * taken off; nothing changes when parent_body is NULL or the rest of the quote is not
 * found there. sender: the writer's display name. Returns 0 or RP_ENOMEM. */
int an_unquote_inline(struct rp_segments *seg, const char *parent_body,
		      const struct an_shingles *draft_sh, size_t n_sections, const char *sender);
/* Whether seg has a quote an_unquote_inline reads: one below an Outlook header, or one
 * marked with '>' when the writer's own text says the comments are inline ("my comments
 * in red below"), since an HTML client puts what is typed into its blockquote. */
int an_inline_candidate(const struct rp_segments *seg);

/* Comments sent as an attachment to a reply (attach.c): "Please find our comments
 * attached." with a .docx. */
struct an_attached {
	char *name;    /* as the message names it, "(unnamed)" without a name */
	char *text;    /* the comments' text; NULL when it could not be read */
	char *problem; /* why it could not be read, or NULL */
};
/* Whether a reply's segmented body is a cover note: its own new text is short. */
int an_cover_note(const struct rp_segments *seg);
/* The attachments of stored message `message` that carry comments: its text attachments
 * (text, Markdown, reStructuredText) and its documents (.docx, .odt, PDF, HTML, and the
 * legacy formats, reported as unreadable), in the message's order, at most AN_MAX_ATTACHED.
 * One whose text body (the message's decoded body) already holds is left out, and so is one
 * that is mostly the draft's own text and at least half its length (a marked-up copy, a
 * revised draft): draft_sh holds the draft's 4-grams, owned by
 * its n_sections sections, draft_len is the length of its text. *out (n entries) is freed
 * with an_attached_free. */
#define AN_MAX_ATTACHED 4
/* A Word copy of the draft returned with comments and tracked changes is read for those
 * (rp_doc_review_marks), each under the text it marks, as an interleaved reply; marks
 * whose author is the draft's circulator (circ_name), or that the circulated message's
 * own Word attachment holds (loaded at first need), are not the member's. */
struct an_reviewers {
	const char *circulated; /* Message-ID of the circulating message, or NULL */
	const char *circ_name;  /* its sender's display name, or NULL */
	const char *draft_text; /* the draft's text as added, for a copy edited untracked */
	int from_circulator;    /* the reply read is the circulator's: a copy it attaches is
				 * a revision of the draft, not a member's edits */
	struct rp_doc_mark *marks;
	size_t n_marks;
	int loaded;
};
void an_reviewers_release(struct an_reviewers *rv);
/* A copy of the draft edited without tracked changes, compared with the draft (compare.c):
 * each paragraph it changes, adds or drops, as an edit under the draft's paragraph
 * ('Replace "two" with "three" in "..."'), written as an interleaved reply; *out NULL when
 * the copy holds the draft's paragraphs unchanged. Returns 0 or RP_ENOMEM. */
int an_compare_copy(const char *draft, const char *copy, char **out);
int an_attached_read(struct rp_store *s, int64_t message, const char *body,
		     const struct an_shingles *draft_sh, size_t n_sections, size_t draft_len,
		     struct an_reviewers *rv, struct an_attached **out, size_t *n,
		     struct rp_error *err);
void an_attached_free(struct an_attached *a, size_t n);

/* A message forwarded in a reply (forward.c): its writer as its header block names them
 * (name and addr NULL when no "From:" line was found) and its text. */
struct an_forwarded {
	char *name;
	char *addr;
	char *text;
};
/* The forwarded messages of a segmented reply, in order, each once (a message forwarded
 * inline and attached as well has the same words). *out (n entries) is freed with
 * an_forwarded_free. */
int an_forwarded_read(const struct rp_segments *seg, struct an_forwarded **out, size_t *n);
void an_forwarded_free(struct an_forwarded *f, size_t n);
/* Is text mostly the draft's (a marked-up copy or a new version of it)? (attach.c) */
int an_copy_of_draft(const char *text, const struct an_shingles *draft_sh, size_t n_sections,
		     size_t draft_len);

/* The draft's sections normalised for phrase lookup (wording.c). */
struct an_wording {
	char **norm; /* per section: " w1 w2 ... " of its heading and text */
	size_t n;
};
struct an_wording_hit {
	int section;
	char phrase[80];
};
int an_wording_init(struct an_wording *w, const struct rp_draft_doc *d);
void an_wording_release(struct an_wording *w);
/* Phrases of two to forty words that text puts in quotation marks ("", “”, „“, «») and
 * that occur word for word in exactly one section: up to max hits, one per section, in
 * text order. Returns how many. */
size_t an_wording_find(const struct an_wording *w, const char *text, struct an_wording_hit *hits,
		       size_t max);

/* Is phrase, quoted in text, the draft's own words in the section (word for word there)
 * rather than wording proposed: quoted without a word that brings it into the text
 * ("replace it with", "say")? 1 yes, 0 no, -1 out of memory. The quotation mark must be
 * the ASCII one or a typographic one right before the phrase. */
int an_wording_quotes_section(const struct an_wording *w, int section, const char *text,
			      const char *phrase);

/* Does text open with words that point back at the paragraph before ("That said",
 * "Cela dit", "That is why")? */
/* Offset of "but" in "... on 3.9 but not on 3.10 ...", a contrast between two sections
 * the points are split at, or 0 (points.c). */
size_t an_contrast_split(const char *text);
int an_continues_previous(const char *text);
/* Does text name "the section" or "this section" without a number or a topic, meaning the
 * one the writer was just talking about? */
int an_names_section_before(const char *text);
/* Does text open by declaring a remark on the whole text ("One general remark:",
 * "De mani\xc3\xa8re g\xc3\xa9n\xc3\xa9rale")? */
int an_general_remark(const char *text);
/* Is the sentence thanks, or talk about the message itself ("Thank you for the comments so
 * far.", "Sorry for the long mail."), saying nothing more (points.c)? */
int an_courtesy_sentence(const char *sent);

int an_anchor_add(struct an_point *p, int section, enum an_method m, double confidence,
		  const char *evidence);
void an_point_release(struct an_point *p);

/* Whether a draft's analysis is current (stamp.c): the stamp of what a run reads and
 * left, 64 hex digits ("" when the code's identity is unknown: never current); does the
 * stored stamp match; store it after a run. */
int an_stamp_compute(struct rp_store *s, int64_t draft, char out[65], struct rp_error *err);
/* *current = 1 when the last membership pass of draft saw every stored message with the
 * same inputs, so that a pass now would judge alike. Reads only. */
int an_membership_current(struct rp_store *s, int64_t draft, int *current, struct rp_error *err);
/* The same over the rows of any queries (?1 bound to draft), with the code's identity. */
int an_stamp_rows(struct rp_store *s, int64_t draft, const char *const *sql, size_t n_sql,
		  char out[65], struct rp_error *err);
int an_stamp_matches(struct rp_store *s, int64_t draft, const char *stamp, int *matches,
		     struct rp_error *err);
int an_stamp_save(struct rp_store *s, int64_t draft, const char *stamp, struct rp_error *err);

#endif
