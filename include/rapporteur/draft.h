/* draft: a circulated draft parsed into sections (numbers, headings, text, pages), the
 * grammar of references to it ("3.9 and 3.10", "page 5", "Annex A"), and its storage. */
#ifndef RAPPORTEUR_DRAFT_H
#define RAPPORTEUR_DRAFT_H

#include <stddef.h>
#include <stdint.h>

#include "rapporteur/store.h"
#include "rapporteur/util.h"

struct rp_section {
	char *number;  /* "3.9", "12", "III", "3.9(a)", "A" (Annex A), "A.1" (its parts),
			* "Annex 2", "Appendix 2", "Recommendation 4"; NULL if unnumbered (a
			* preamble, an ALL-CAPS heading) */
	char *heading; /* may be NULL */
	char *text;    /* the section's own text (without subsections) */
	int level;     /* 1 = top */
	int parent;    /* index of the parent section, -1 for top level */
	int page_from, page_to; /* printed page numbers; 0 when the draft has no pages or the
				 * text is on unnumbered front matter (a cover) */
};

struct rp_draft_doc {
	char *title;
	int title_marked; /* the title is a heading of the markup ("# Title"), not a first line */
	struct rp_section *sections; /* in document order */
	size_t n;
	int has_pages;
};

/* Parse a draft (Markdown, reStructuredText, plain text with numbered headings or
 * paragraphs, pdftotext -layout output) of len bytes; invalid UTF-8 is replaced, CRLF
 * accepted, a leading byte order mark dropped. A leading unnumbered title becomes
 * doc->title, text before the first heading an unnumbered first section. Returns 0,
 * RP_ELIMIT for drafts over 16 MB, RP_ENOMEM.
 * *out is owned by the caller: rp_draft_doc_free (NULL-safe). */
int rp_draft_parse(struct rp_draft_doc **out, const char *text, size_t len, struct rp_error *err);
void rp_draft_doc_free(struct rp_draft_doc *d);
/* A draft sent in a mail's body opens, more often than not, with the mail's cover note
 * ("Dear all, please find below our draft charter."), above the document's title heading
 * ("# Charter of the Widgets WG"): text no file of the document holds. The bytes of text
 * (the text doc was parsed from) before that title's line, or 0 when doc's title is not
 * a heading or nothing but blank lines precede it. */
size_t rp_draft_cover_length(const char *text, const struct rp_draft_doc *doc);

/* A draft circulated as a patch: the document the patch writes -- the text of the document
 * file it adds (.rst, .md, .txt, .adoc, .org, or under Documentation/, docs/, doc/), the
 * largest when it adds several, else the new side of the hunks of the document it changes.
 * *out is malloc'ed, or NULL when text holds no such diff. Returns 0 or RP_ENOMEM. */
int rp_draft_from_patch(const char *text, char **out);

/* How outputs and commands name a section: its number ("3.9"), else its heading
 * ("Background", a Markdown draft's unnumbered heading), else "preamble" (the text before
 * the first heading). Never NULL. "general" names the comments tied to no section. */
const char *rp_section_ref(const char *number, const char *heading);
/* Whether ref (what a user typed: "3.9", "background", "Preamble") names that section;
 * ASCII case is ignored. */
int rp_section_ref_matches(const char *number, const char *heading, const char *ref);

/* A reference found in a member's text and resolved to a section. */
struct rp_draft_ref {
	size_t section;  /* index into doc->sections */
	char *evidence;  /* the words that made the reference, e.g. "3.9 and 3.10" */
	double confidence;
};
/* Find every reference to doc's sections in text (NUL-terminated UTF-8; the first 1 MB is
 * read). One entry per section, in order of first mention, with the best confidence.
 * Bare numbers count only when they are dotted ("3.9") and the draft has that number;
 * dates, times, versions, money and quantities never do; page references only when the
 * draft has pages. Returns 0 or RP_ENOMEM; *out (n items) freed with rp_draft_refs_free. */
int rp_draft_find_refs(const struct rp_draft_doc *doc, const char *text, struct rp_draft_ref **out,
		       size_t *n);
void rp_draft_refs_free(struct rp_draft_ref *r, size_t n);
/* The same with what the grammar needs of the draft (sorted numbers, stemmed headings)
 * computed once, for callers that read many texts against one draft: x from
 * rp_draft_refidx_new (0 or RP_ENOMEM; NULL for a NULL doc, which finds nothing), which
 * borrows doc until rp_draft_refidx_free. With flags 0 the results are those of
 * rp_draft_find_refs; with RP_REFS_NUMBERS_ONLY the references by words ("the
 * introduction", a heading's words), all below 0.85 confidence, are not looked for, so
 * every reference of 0.85 or more is found as with 0, at a fraction of the cost. Not for
 * use by two threads at once. */
#define RP_REFS_NUMBERS_ONLY 1
struct rp_draft_refidx;
int rp_draft_refidx_new(struct rp_draft_refidx **out, const struct rp_draft_doc *doc);
void rp_draft_refidx_free(struct rp_draft_refidx *x);
int rp_draft_find_refs_in(struct rp_draft_refidx *x, const char *text, int flags,
			  struct rp_draft_ref **out, size_t *n);

/* Storage: tables draft and section. */
struct rp_draft_meta {
	const char *title;      /* overrides the parsed title */
	const char *source;     /* file name or "message:<id>" */
	const char *list;       /* list name; NULL: the revised draft's list, else none */
	const char *circulated; /* Message-ID of the circulating message, may be NULL */
	int64_t deadline;       /* 0 = none */
	int64_t revises;        /* draft id, 0 = none */
};
/* Store doc (and the original text) as a new draft; version is one more than the revised
 * draft's, and without meta->list it is on the revised draft's list. The list is created
 * when missing. Runs in a savepoint, so it may be called inside
 * a transaction. *id_out receives the draft id. Returns 0, RP_ENOTFOUND (no such revised
 * draft), RP_EDB. */
int rp_draft_store(struct rp_store *s, const struct rp_draft_doc *doc, const char *text,
		   const struct rp_draft_meta *meta, int64_t *id_out, struct rp_error *err);
/* Load a stored draft's title and sections back (doc->sections in ordinal order, parents
 * as indices). Returns 0, RP_ENOTFOUND, RP_EDB, RP_ENOMEM; *out freed with
 * rp_draft_doc_free. */
int rp_draft_load(struct rp_store *s, int64_t id, struct rp_draft_doc **out, struct rp_error *err);

/* Revisions: how the sections of a new version map onto those of the draft it revises. */
struct rp_section_match {
	long prev;         /* index into the old draft's sections, -1 for a new section */
	double similarity; /* 0..1: the match's score (heading, text, number) */
	int text_changed;  /* heading or text differs (white space aside) */
	int renumbered;    /* the number differs */
};
/* Align new_doc's sections with old_doc's: each new section is matched to at most one old
 * section and each old section to at most one new one, by the similarity of their headings
 * and texts (stemmed words) and, less, their numbers, so a renumbered section still finds
 * its ancestor and a rewritten one keeps its place when its heading stays. *out has
 * new_doc->n entries (malloc'ed; free()). Returns 0 or RP_ENOMEM. */
int rp_draft_align(const struct rp_draft_doc *old_doc, const struct rp_draft_doc *new_doc,
		   struct rp_section_match **out, struct rp_error *err);
/* Does wording (a member's proposed text) now appear in text? Compared on lower-cased
 * words, so punctuation, case and line breaks do not matter: all of the wording's words in
 * order, or for wording of six words or more, 80% of its word trigrams. */
int rp_draft_wording_appears(const char *wording, const char *text);

#endif
