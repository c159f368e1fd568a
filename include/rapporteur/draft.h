/* draft: a circulated draft parsed into sections (numbers, headings, text, pages), the
 * grammar of references to it ("3.9 and 3.10", "page 5", "Annex A"), and its storage. */
#ifndef RAPPORTEUR_DRAFT_H
#define RAPPORTEUR_DRAFT_H

#include <stddef.h>
#include <stdint.h>

#include "rapporteur/store.h"
#include "rapporteur/util.h"

struct rp_section {
	char *number;  /* "3.9", "III", "A" (annex), "R4" (recommendation), NULL if unnumbered */
	char *heading; /* may be NULL */
	char *text;    /* the section's own text (without subsections) */
	int level;     /* 1 = top */
	int parent;    /* index of the parent section, -1 for top level */
	int page_from, page_to; /* 0 when the draft has no pages */
};

struct rp_draft_doc {
	char *title;
	struct rp_section *sections; /* in document order */
	size_t n;
	int has_pages;
};

/* Parse a draft (Markdown, reStructuredText, plain text with numbered headings or
 * paragraphs, pdftotext -layout output). *out freed with rp_draft_doc_free. */
int rp_draft_parse(struct rp_draft_doc **out, const char *text, size_t len, struct rp_error *err);
void rp_draft_doc_free(struct rp_draft_doc *d);

/* A reference found in a member's text and resolved to a section. */
struct rp_draft_ref {
	size_t section;  /* index into doc->sections */
	char *evidence;  /* the words that made the reference, e.g. "3.9 and 3.10" */
	double confidence;
};
/* Find every reference to doc's sections in text. *out (n items) freed with
 * rp_draft_refs_free. Bare numbers count only when the draft has such numbers; dates and
 * versions never do. */
int rp_draft_find_refs(const struct rp_draft_doc *doc, const char *text, struct rp_draft_ref **out,
		       size_t *n);
void rp_draft_refs_free(struct rp_draft_ref *r, size_t n);

/* Storage. */
struct rp_draft_meta {
	const char *title;      /* overrides the parsed title */
	const char *source;     /* file name or "message:<id>" */
	const char *list;       /* list name, may be NULL */
	const char *circulated; /* Message-ID of the circulating message, may be NULL */
	int64_t deadline;       /* 0 = none */
	int64_t revises;        /* draft id, 0 = none */
};
int rp_draft_store(struct rp_store *s, const struct rp_draft_doc *doc, const char *text,
		   const struct rp_draft_meta *meta, int64_t *id_out, struct rp_error *err);
/* Load a stored draft's sections back (doc->sections in ordinal order). */
int rp_draft_load(struct rp_store *s, int64_t id, struct rp_draft_doc **out, struct rp_error *err);

#endif
