/* mime: turn one raw RFC 5322 message into decoded UTF-8 fields and body text, with
 * libetpan's MIME parser and iconv. Pure function of the bytes: no I/O, no SQL.
 * RFCs: 5322 (headers), 2045-2049 (MIME), 2047 (encoded words), 2231 (parameters),
 * 3676 (format=flowed). */
#ifndef RAPPORTEUR_MIME_H
#define RAPPORTEUR_MIME_H

#include <stddef.h>
#include <stdint.h>

#include "rapporteur/util.h"

/* Caps applied before and while parsing; hitting one records an error, never aborts.
 * A field left 0 means its default, so a zeroed struct is safe. */
struct rp_mime_limits {
	size_t max_message_bytes; /* default 50 MB: larger messages are stored raw, not parsed */
	int max_depth;            /* default 32 nested multipart/message levels */
	int max_parts;            /* default 1000 */
	int max_headers;          /* default 5000 */
	size_t max_text_bytes;    /* default 8 MB of decoded body text kept */
	int keep_attachment_data; /* default 0; 1 fills rp_attachment.data (tests, eval) */
};
/* Fill l with the defaults above. */
void rp_mime_limits_default(struct rp_mime_limits *l);

struct rp_attachment {
	char *name;     /* decoded file name (RFC 2231 / 2047), may be NULL */
	char *type;     /* "text/plain", lower case */
	size_t size;    /* decoded size in bytes */
	char *text;     /* UTF-8 text of text-like attachments (text/plain, markdown, x-rst), else NULL */
	char *data;     /* decoded bytes (data_len of them, NUL added) when the limits asked
			 * for keep_attachment_data, else NULL; may contain NUL bytes */
	size_t data_len;
};

struct rp_parsed {
	char *message_id;  /* without angle brackets; NULL when the message has none */
	char *from_name;   /* decoded display name, may be NULL */
	char *from_addr;   /* lower-cased address; Mailman "alice at example.org" undone */
	char *to;          /* decoded, comma-separated "Name <addr>" list, may be NULL */
	char *cc;
	int has_date;
	int64_t date;      /* UTC seconds since the epoch */
	int date_zone;     /* original zone, minutes east of UTC */
	char *subject;     /* RFC 2047 decoded, unfolded */
	char *in_reply_to; /* first Message-ID in In-Reply-To, without brackets, or NULL */
	char *references;  /* space-separated Message-IDs without brackets, or NULL */
	char *list_id;     /* List-Id header value (the id inside <>), or NULL */
	char *body;        /* the body as UTF-8 text (never NULL after success) */
	struct rp_attachment *attachments;
	size_t n_attachments;
	char *errors;      /* "; "-separated description of what was wrong, NULL if nothing */
	/* A draft or template its writer's mail program kept and never sent (Thunderbird's
	 * X-Mozilla-Draft-Info, Apple Mail's com.apple.mail-draft type, the label Drafts of a
	 * Gmail Takeout): names the header, NULL for mail that was sent. Static storage. */
	const char *draft;
	/* A message its reader deleted that stays in the mbox file until the folder is
	 * compacted (Thunderbird's X-Mozilla-Status with the flag 0x0008, expunged): names
	 * the header and flag, NULL otherwise. Static storage. */
	const char *deleted;
};

/* Parse raw (len bytes). On success *out is owned by the caller (rp_parsed_free); even a
 * badly broken message succeeds with whatever could be decoded and `errors` set. Only
 * out-of-memory fails. All strings are valid UTF-8 without NUL bytes.
 * limits may be NULL (defaults). Returns 0, or RP_ENOMEM (err filled, *out NULL).
 * The body is text/plain where the message offers it (multipart/alternative), HTML
 * converted otherwise; inline text parts of multipart/mixed are joined with a blank line;
 * forwarded message/rfc822 parts follow as "---------- Forwarded message ----------" plus
 * their From/Date/Subject and body. Attachments (parts with a file name or an attachment
 * disposition, and non-text parts) are listed in order. */
int rp_mime_parse(struct rp_parsed **out, const char *raw, size_t len,
		  const struct rp_mime_limits *limits, struct rp_error *err);
void rp_parsed_free(struct rp_parsed *p);

/* Decode an RFC 2047 header value to UTF-8 (exposed for tests and the draft module).
 * Raw 8-bit text is read as UTF-8 when valid, else as windows-1252; line breaks are
 * removed and tabs become spaces. Returns malloc'ed UTF-8, NULL for NULL or on ENOMEM. */
char *rp_mime_decode_header(const char *value, size_t len);

/* Convert len bytes in charset (a MIME charset name, may be NULL or empty) to UTF-8,
 * appending to out. Never fails on bad input: invalid bytes become U+FFFD, an unknown
 * charset is decoded as UTF-8 when the bytes are valid UTF-8 and as windows-1252 otherwise.
 * ISO-8859-1 or US-ASCII with C1 bytes (0x80-0x9F) is decoded as windows-1252. Problems are
 * described in errors (may be NULL), "; "-separated. Returns 0, RP_ENOMEM, or RP_ELIMIT
 * when out's cap was reached (out then holds what fitted). */
int rp_charset_to_utf8(struct rp_buf *out, const char *charset, const char *s, size_t len,
		       struct rp_buf *errors);

/* HTML to plain text: tags stripped, script/style/head dropped, entities (named and
 * numeric) decoded, <blockquote> kept as "> " quote levels, <br>/<p>/<div>/<li> as line
 * breaks. html must be UTF-8 (invalid bytes become U+FFFD). Returns malloc'ed UTF-8
 * ending in one newline ("" for no text), NULL on ENOMEM. */
char *rp_html_to_text(const char *html, size_t len);
/* The same for an HTML draft, which is a page rather than a mail: its first line is the
 * title, the text of its one <h1> (else of its <title>), set apart by a blank line and not
 * repeated; <nav> and <footer> are left out; a table row's cells are joined with " | ". */
char *rp_html_draft_to_text(const char *html, size_t len);

#endif
