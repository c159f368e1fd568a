/* mime-private: helpers shared by the MIME decoding files of the ingest module
 * (mime.c, charset.c, html.c). Not part of the public interface. */
#ifndef RAPPORTEUR_MIME_PRIVATE_H
#define RAPPORTEUR_MIME_PRIVATE_H

#include <stddef.h>

#include <stdint.h>

#include "rapporteur/util.h"

/* Append a "; "-separated error note to errors (NULL-safe; bounded in length). */
void rp_mime_note(struct rp_buf *errors, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* One header field: name points into the raw message, value is the unfolded raw value
 * (CR/LF of folds removed, leading white space after the colon removed), malloc'ed. */
struct rp_hdr {
	const char *name;
	size_t name_len;
	char *value;
	size_t value_len;
};

struct rp_hdrs {
	struct rp_hdr *v;
	size_t n, alloc;
	size_t dropped; /* fields past the cap, not kept */
	size_t bad;     /* lines inside the header block that are no field, skipped */
	const char *bad_first; /* the first of them (points into the raw message) */
	size_t bad_first_len;
};

/* Parse the header block at the start of raw (len bytes) into h, keeping at most max
 * fields. *body_off receives the offset of the body (after the empty line; 0 when raw
 * does not start with a header). A line without a colon inside the block is skipped and
 * counted in h->bad; when no empty line follows it, the body starts there instead.
 * Returns 0 or RP_ENOMEM. */
int rp_hdrs_parse(struct rp_hdrs *h, const char *raw, size_t len, int max, size_t *body_off);
void rp_hdrs_release(struct rp_hdrs *h);
/* Append raw to out without the lines of its header block (up to body_off) that rp_hdrs_parse
 * skipped as no field, nor their folds: for parsers that stop at such a line. 0, RP_ENOMEM
 * or RP_ELIMIT. */
int rp_hdrs_strip_bad(struct rp_buf *out, const char *raw, size_t len, size_t body_off);
/* First field named name (case-insensitive), or NULL. */
const struct rp_hdr *rp_hdrs_get(const struct rp_hdrs *h, const char *name);

/* A header parameter list (RFC 2045 section 5.1, RFC 2231): the value before the first
 * ';' lower-cased, and each parameter with its name lower-cased and its value unquoted. */
struct rp_param {
	char *name;
	char *value;
};
struct rp_params {
	char *value;
	struct rp_param *v;
	size_t n;
};
int rp_params_parse(struct rp_params *p, const char *s, size_t len);
void rp_params_release(struct rp_params *p);
/* The UTF-8 value of parameter name, joining RFC 2231 continuations (name*0, name*1*...)
 * and decoding charset'lang'%XX and RFC 2047 words; NULL when absent. malloc'ed. */
char *rp_params_get(const struct rp_params *p, const char *name, struct rp_buf *errors);

/* Date header to UTC seconds and zone (minutes east); 0 or RP_EPARSE. Lenient: RFC 5322,
 * obsolete forms, missing weekday/seconds/zone, two-digit years, ISO 8601. */
/* The value of a hexadecimal or base64 digit, or -1 (quoted-printable, %XX, base64 and
 * RFC 2047 decoding share them). */
int rp_mime_hex_digit(unsigned char c);
int rp_mime_b64_digit(unsigned char c);

int rp_mime_parse_date(const char *s, int64_t *t, int *zone);

/* An address list header as "Name <addr>, addr" (decoded); NULL when empty. */
char *rp_mime_address_list(const char *s, size_t len);

#endif
