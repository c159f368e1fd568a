/* text: what a message body says. Reply segmentation (quotes, attributions, signatures,
 * footers, forwards, patches, greetings), sentences and stemmed tokens. Pure functions
 * over UTF-8 text: no SQL, no MIME. */
#ifndef RAPPORTEUR_TEXT_H
#define RAPPORTEUR_TEXT_H

#include <stddef.h>

#include "rapporteur/util.h"

enum rp_block_kind {
	RP_BLOCK_NEW = 0,     /* the author's own words */
	RP_BLOCK_QUOTE,       /* quoted text; depth >= 1 */
	RP_BLOCK_ATTRIBUTION, /* "On ..., X wrote:" and Outlook header blocks */
	RP_BLOCK_SIGNATURE,
	RP_BLOCK_FOOTER,      /* list footers, "Sent from my iPhone" */
	RP_BLOCK_FORWARD,     /* a forwarded message */
	RP_BLOCK_PATCH,       /* diff/patch */
	RP_BLOCK_GREETING,    /* "Hi all," */
	RP_BLOCK_CLOSING,     /* "Best regards," */
};

struct rp_block {
	enum rp_block_kind kind;
	int depth;  /* quote depth (0 for non-quotes) */
	int unmarked; /* a quote without '>' markers: the original pasted below an Outlook
		       * header block, where members also type their comments between its lines */
	char *text; /* the block's lines, quote markers removed for quotes, "\n"-joined */
};

struct rp_segments {
	struct rp_block *blocks;
	size_t n;
};

/* Split body (UTF-8, any mix of CRLF/LF) into ordered blocks. Adjacent lines of the
 * same kind and depth form one block; a blank line between two paragraphs of new text
 * starts a new block. Quote markers are removed from quote text; unquoted blocks keep
 * their indentation. Below an Outlook header block (or "On ..., X wrote:" with no '>'
 * after it) every line is a quote one level deeper, and each further header block in that
 * chain adds a level; a forwarded message is segmented in turn, its own words becoming
 * RP_BLOCK_FORWARD. Time O(n) in the body length, memory O(number of lines).
 * Returns 0, or RP_ENOMEM (err filled). *out is released with rp_segments_release. */
int rp_text_segment(struct rp_segments *out, const char *body, size_t len, struct rp_error *err);
/* The same, knowing the sender's display name (the From header's, or the address when it
 * has none; NULL or "" when unknown): a sign-off that opens with one of the sender's names,
 * folded for accents and case ("Priya Raman / Digital Empowerment", "Mark (from my personal
 * account)"), ending the author's text without a "-- " delimiter, is a signature (a bare
 * name a closing) rather than text. */
int rp_text_segment_from(struct rp_segments *out, const char *body, size_t len,
			 const char *sender, struct rp_error *err);
void rp_segments_release(struct rp_segments *s);

/* The same analysis line by line, for scoring against line-labelled data. Lines are split
 * at "\n" (a trailing "\r" belongs to the line break); text after the last "\n" is a line
 * when not empty. Blank lines (nothing but white space and quote markers) get blank = 1
 * and the kind of the block around them. *out (n entries) is malloc'ed: free() it. */
struct rp_line_label {
	enum rp_block_kind kind;
	int depth;
	int blank;
	int unmarked; /* a quote without '>' markers (below an Outlook header block) */
};
int rp_text_label_lines(struct rp_line_label **out, size_t *n, const char *body, size_t len,
			struct rp_error *err);
int rp_text_label_lines_from(struct rp_line_label **out, size_t *n, const char *body, size_t len,
			     const char *sender, struct rp_error *err);

/* Where the trailer of a body begins: the sign-off, signature and list footer that end it
 * ("Best regards,\nHannah\n-- \nHannah Berger, chair" then the list's footer), labelled
 * as rp_text_label_lines_from labels them, so that a document circulated in the body of
 * a message does not end with them. len when the body has no trailer, or nothing but one. */
size_t rp_text_trailer_start(const char *body, size_t len, const char *sender);

/* "new", "quote", "attribution", "signature", "footer", "forward", "patch", "greeting",
 * "closing"; and back (RP_ERROR for an unknown name). */
const char *rp_block_kind_name(enum rp_block_kind k);
int rp_block_kind_parse(const char *name);

/* The author's new text: RP_BLOCK_NEW blocks joined with blank lines (malloc'ed). */
char *rp_text_new_text(const struct rp_segments *s);
/* What follows a greeting that opens a sentence on the same line ("Dear all, please find
 * below our comments:" gives "please find below our comments:"); the sentence itself when
 * it opens with none. The greetings are those the segmentation knows. */
const char *rp_text_past_greeting(const char *sent);

/* Sentences: split UTF-8 text into sentences (abbreviations, numbers like "3.9", e.g.,
 * URLs kept intact). Returns an array of n malloc'ed strings; free with rp_strv_free. */
int rp_text_sentences(const char *text, char ***out, size_t *n);
void rp_strv_free(char **v, size_t n);

/* Tokens: lower-cased words with English stop words removed and Snowball-stemmed
 * (libstemmer). Returns n malloc'ed stems; free with rp_strv_free. */
int rp_text_tokens(const char *text, char ***out, size_t *n);
/* Stem one lower-case word (malloc'ed). */
char *rp_text_stem(const char *word);
int rp_text_is_stopword(const char *word);

/* Folded text, for verbatim comparison: ASCII letters lower-cased and kept with digits and
 * non-ASCII bytes, every run of other ASCII bytes one blank, none leading or trailing.
 * Reads at most len bytes of s, stopping at a NUL. rp_text_fold returns a malloc'ed copy
 * (NULL when out of memory). rp_text_fold_first_words writes the first three words of the
 * folded text into key: 1, or 0 when there are fewer or they do not fit in size bytes.
 * rp_text_fold_contains: does the folded text contain folded (a folded phrase: no leading
 * blank)? Neither
 * copies s. */
char *rp_text_fold(const char *s, size_t len);
int rp_text_fold_first_words(const char *s, size_t len, char *key, size_t size);
int rp_text_fold_contains(const char *s, size_t len, const char *folded);
/* rp_text_fold with every letter case-folded and its accents dropped, as people type names:
 * "crepin" for "Crépin", "muller" for "Müller", "lukasz" for "Łukasz". An invalid UTF-8
 * byte becomes U+FFFD. malloc'ed; NULL when out of memory. */
char *rp_text_fold_unaccented(const char *s, size_t len);

/* A sender's display name as mail clients of directory services write it, "Whitaker,
 * John" or "de Souza, Ana Maria", in reading order ("John Whitaker"): *out is NULL when name
 * is not of that form (one comma, a few capitalised words each side, no organisation
 * suffix such as "Acme, Inc."). Returns 0 or RP_ENOMEM. */
int rp_text_natural_name(const char *name, char **out);

/* The name every human-readable output gives a person: the roster's (roster_name) as typed
 * when it has one, else the From name in reading order (rp_text_natural_name), else the From
 * name as written. *out is malloc'ed, NULL when both names are NULL or empty. Returns 0 or
 * RP_ENOMEM. */
int rp_text_shown_name(const char *roster_name, const char *from_name, char **out);

#endif
