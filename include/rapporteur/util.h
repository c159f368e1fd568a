/* util: growable strings, error values, UTF-8 checks, hashing and small helpers shared by
 * every module. Knows nothing of mail, SQL or IMAP. */
#ifndef RAPPORTEUR_UTIL_H
#define RAPPORTEUR_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Return codes: 0 is success, negative values are expected failures. */
enum {
	RP_OK = 0,
	RP_ERROR = -1,     /* unclassified */
	RP_ENOMEM = -2,    /* out of memory */
	RP_ENOTFOUND = -3, /* no such message, draft, list, file */
	RP_EPARSE = -4,    /* input could not be parsed */
	RP_EIO = -5,       /* read/write failure */
	RP_ETLS = -6,      /* TLS handshake or certificate verification failed */
	RP_EAUTH = -7,     /* authentication refused */
	RP_ELIMIT = -8,    /* a configured size/depth cap was hit */
	RP_EUSAGE = -9,    /* bad arguments */
	RP_EDB = -10,      /* database failure */
	RP_ENET = -11,     /* network failure */
	RP_ECONFIG = -12,  /* configuration error */
	RP_EBUSY = -13,    /* database locked by another writer */
	RP_EINTR = -14,    /* stopped by a signal (SIGINT, SIGTERM) before the end */
};

/* Human description of an RP_E* code; never NULL. */
const char *rp_strerror(int code);

/* Error detail: what went wrong and where (file:line, Message-ID, IMAP command).
 * Functions taking a nullable `struct rp_error *err` fill it on failure only. */
struct rp_error {
	int code;
	char where[256];
	char msg[768];
};

/* Fill err (if non-NULL) and return code, so callers can `return rp_error_set(...)`. */
int rp_error_set(struct rp_error *err, int code, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* "where: msg" or "msg" into a static-free caller buffer. */
const char *rp_error_text(const struct rp_error *err);

/* A growable, always NUL-terminated byte string (git strbuf, curl dynbuf).
 * `buf` is never NULL. `cap` (0 = unlimited) bounds the length for hostile input:
 * appends past it fail with RP_ELIMIT and leave the buffer unchanged. */
struct rp_buf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t cap;
};
extern char rp_buf_empty[];
#define RP_BUF_INIT { rp_buf_empty, 0, 0, 0 }

void rp_buf_init(struct rp_buf *b, size_t cap);
int rp_buf_grow(struct rp_buf *b, size_t extra);
int rp_buf_add(struct rp_buf *b, const void *data, size_t len);
int rp_buf_adds(struct rp_buf *b, const char *s);
int rp_buf_addch(struct rp_buf *b, char c);
int rp_buf_addf(struct rp_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int rp_buf_vaddf(struct rp_buf *b, const char *fmt, va_list ap);
void rp_buf_setlen(struct rp_buf *b, size_t len);
void rp_buf_clear(struct rp_buf *b);   /* empty it, keep the allocation */
void rp_buf_release(struct rp_buf *b); /* free the contents, back to RP_BUF_INIT */
/* Hand the string to the caller (free() it); the buffer is re-initialised. */
char *rp_buf_detach(struct rp_buf *b, size_t *len_out);
void rp_buf_trim(struct rp_buf *b); /* strip trailing white space */

/* Allocation that aborts on failure is NOT used: these return NULL on failure. */
char *rp_strdup(const char *s);             /* NULL-safe */
char *rp_strndup(const char *s, size_t n);
char *rp_xstrdup_or_empty(const char *s); /* "" when s is NULL; NULL only on ENOMEM */

/* UTF-8. rp_utf8_valid checks strict UTF-8 (no overlongs, no surrogates).
 * rp_utf8_sanitize returns a new string where every invalid sequence became U+FFFD
 * and NUL bytes were dropped; *changed says whether anything was replaced. */
int rp_utf8_valid(const char *s, size_t len);
char *rp_utf8_sanitize(const char *s, size_t len, int *changed);
/* Control characters of UTF-8 text s (len bytes) made spaces, in place: C0 controls but
 * those in keep (e.g. "\t\n\f"), DEL, and the C1 controls U+0080..U+009F, whose two bytes
 * become one space. Drafts and subjects carry them from binary junk or hostile mail; a title
 * or heading must not. Returns the new length (s stays NUL-terminated when it was). */
size_t rp_utf8_blank_controls(char *s, size_t len, const char *keep);
/* Decode one code point at s (len bytes left); returns bytes consumed (>=1), *cp = 0xFFFD on error. */
size_t rp_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Terminal columns of a code point: 0 for combining marks and zero-width characters, 2
 * for East Asian wide and fullwidth characters and emoji, else 1. */
int rp_utf8_width(uint32_t cp);
/* Append code point cp as UTF-8. */
int rp_buf_add_utf8(struct rp_buf *b, uint32_t cp);
/* Bytes of the explicit directional control that s (len bytes) starts with, or 0: the
 * embeddings and overrides U+202A..U+202E and the isolates U+2066..U+2069. Text from a
 * message that carries one can reverse how everything after it displays ("Trojan Source"),
 * so outputs drop them. The marks U+200E/U+200F and U+061C are kept: they have no scope and
 * cannot reach past the text they sit in. */
size_t rp_utf8_bidi_control(const char *s, size_t len);
/* s (len bytes) with every explicit directional control taken out, in place; returns the
 * new length (s stays NUL-terminated when it was). */
size_t rp_utf8_strip_bidi(char *s, size_t len);

/* Append s with what a terminal would act on shown escaped, as git quotes paths: control
 * characters as \t, \n, \r or \xNN (ESC is \x1b), DEL, the C1 controls, bytes that are not
 * UTF-8, and directional overrides and isolates as \xNN per byte. For file and list names
 * (and what else may come from outside) in messages to a terminal or a log. */
int rp_buf_add_escaped(struct rp_buf *b, const char *s);
/* Is s a name fit to print: valid UTF-8 without control characters (C0, DEL, C1) or
 * directional overrides and isolates? */
int rp_utf8_plain_name(const char *s);

/* A 64-bit hash for hash tables and keys (not cryptographic): FNV-1a over the bytes,
 * started from seed, finished with murmur3's fmix64 so every bit depends on every byte. */
uint64_t rp_hash64(uint64_t seed, const void *data, size_t len);

/* SHA-256 of data as 64 lowercase hex chars + NUL into out[65]. */
void rp_sha256_hex(const void *data, size_t len, char out[65]);

/* ASCII helpers that ignore the locale. */
int rp_ascii_casecmp(const char *a, const char *b);
int rp_ascii_ncasecmp(const char *a, const char *b, size_t n);
const char *rp_ascii_casestr(const char *hay, const char *needle);
int rp_starts_with(const char *s, const char *prefix);
int rp_istarts_with(const char *s, const char *prefix);
/* Whether s ends with suffix, ASCII case ignored; 0 for a NULL s. */
int rp_iends_with(const char *s, const char *suffix);

/* Time: seconds since the epoch, UTC, as "YYYY-MM-DDTHH:MM:SSZ" into out[21]. */
void rp_time_iso(int64_t t, char out[21]);
/* Parse "YYYY-MM-DD", or with a time of day "YYYY-MM-DDTHH:MM[:SS][Z]" (UTC), into epoch
 * seconds. RP_EPARSE for anything else, a day the month does not have (2024-02-30), a
 * year before 1970 and trailing text included. */
int rp_time_parse_date(const char *s, int64_t *out);
double rp_now_seconds(void); /* monotonic clock */

/* Logging to stderr for the CLI; library code only logs at debug level. */
extern int rp_verbosity; /* 0 quiet, 1 normal, 2 verbose, 3 debug */
void rp_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Write all of data to fd, through short writes and EINTR. 0, or the errno of the failure
 * (EIO when write wrote nothing). */
int rp_write_all(int fd, const char *data, size_t len);

/* Default paths: $XDG_DATA_HOME/rapporteur/rapporteur.db, $XDG_CONFIG_HOME/rapporteur/config.
 * Returned strings are malloc'ed. rp_mkdir_p creates parents with mode 0700. */
char *rp_default_db_path(void);
char *rp_default_config_path(void);
int rp_mkdir_p(const char *dir, int mode);

/* Read a whole file (or "-" for stdin) into a malloc'ed NUL-terminated buffer, at most max bytes. */
int rp_read_file(const char *path, size_t max, char **out, size_t *len_out, struct rp_error *err);

/* Progress display on a TTY (stderr): messages, MB, msgs/s, ETA if total known. */
struct rp_progress {
	int enabled;
	double start, last;
	uint64_t total; /* 0 = unknown */
	const char *label;
};
void rp_progress_init(struct rp_progress *p, const char *label, uint64_t total);
void rp_progress_update(struct rp_progress *p, uint64_t done, uint64_t bytes);
void rp_progress_done(struct rp_progress *p);

#endif
