/* config: the INI-style configuration file (config.example documents every key).
 * Sections are "[server NAME]" (how to reach an IMAP account), "[list NAME]" (which
 * folder of which server holds a list's traffic) and one optional "[compile]" (how
 * `compile --send` mails the document). The parser is table-driven: a new
 * section kind is one more row in the section table of config.c. Unknown sections and
 * keys are errors that name the file, the line and the key. Knows nothing of SQL or IMAP. */
#ifndef RAPPORTEUR_CONFIG_H
#define RAPPORTEUR_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "rapporteur/util.h"

enum rp_tls_mode {
	RP_TLS_IMAPS = 0,    /* TLS from the first byte (port 993) */
	RP_TLS_STARTTLS = 1, /* plain connection upgraded with STARTTLS before any login */
	RP_TLS_NONE = 2,     /* no TLS: only for loopback hosts or with allow_plaintext */
};

enum rp_auth_mech {
	RP_AUTH_LOGIN = 0,   /* the IMAP LOGIN command (default) */
	RP_AUTH_PLAIN = 1,   /* AUTHENTICATE PLAIN (SASL) */
	RP_AUTH_CRAM_MD5 = 2,
	RP_AUTH_XOAUTH2 = 3, /* AUTHENTICATE XOAUTH2 with the output of token_cmd */
};

struct rp_config_server {
	char *name;
	char *host;
	int port;               /* 0 in the file means the default for tls: 993 or 143 */
	int tls;                /* enum rp_tls_mode */
	char *ca_file;          /* PEM trust anchors; NULL = the system store ("~/" expanded) */
	char *user;
	char *password_cmd;     /* run with /bin/sh -c; first line of its output */
	char *password_file;    /* first line of the file ("~/" expanded); empty is an error */
	char *password;         /* literal; only accepted from a file of mode 0600 */
	int auth;               /* enum rp_auth_mech */
	char *token_cmd;        /* XOAUTH2 bearer token command */
	int timeout;            /* network timeout in seconds (default 60) */
	int retries;            /* faults retried in a row by a fetch; -1: not set (5) */
	int allow_plaintext;    /* tls = none to a non-loopback host */
	int line;               /* where the section starts */
};

struct rp_config_list {
	char *name;
	char *server_name;
	const struct rp_config_server *server; /* resolved; borrowed from the config */
	char *folder;      /* default "INBOX" */
	char *address;     /* keep only messages sent to this list address (personal INBOX) */
	char *list_id;     /* keep only messages whose List-Id contains this */
	int has_since;
	int64_t since;     /* keep only messages the server received on or after (UTC) */
	int line;
};

/* The [compile] section: settings of `rapporteur compile`. */
#define RP_CONFIG_DEFAULT_SENDMAIL "/usr/sbin/sendmail -t -i"
struct rp_config_compile {
	char *sendmail; /* the command `compile --send` pipes the email to; never NULL after
			 * parsing (RP_CONFIG_DEFAULT_SENDMAIL when not set) */
	char *from;     /* default From address of the email form, or NULL */
	int line;       /* where the section starts; 0 when the file has none */
};

/* The [consensus] section: thresholds of the consensus levels (analyse.h, struct
 * rp_consensus_config). A value not set in the file is -1; the analysis default applies. */
struct rp_config_consensus {
	int agreed_min_support; /* agreed_min_support */
	int rough_min_support;  /* rough_min_support */
	double rough_min_share; /* rough_min_share, 0..1 */
	int isolated_max;       /* isolated_max */
	double similarity;      /* similarity, 0..1: near-duplicate points (cluster_jaccard) */
	int line;
};

/* The [limits] section: caps on hostile input for import and fetch. 0 = the default
 * (rp_mime_limits_default, and for gzip a ratio of 100 past the first 64 MB). */
struct rp_config_limits {
	int max_message_mb; /* a larger message is stored raw, truncated, with an error */
	int mime_depth;     /* nested multipart/message levels */
	int mime_parts;
	int headers;        /* header fields of one message */
	int text_mb;        /* decoded body text kept per message */
	int gzip_ratio;     /* decompressed bytes per compressed byte, past gzip_free_mb */
	int gzip_free_mb;
	int line;
};

/* The [votes] section: who casts binding votes in [VOTE] threads. */
struct rp_config_votes {
	char *binding; /* comma- or space-separated addresses, or NULL: every vote counts */
	int line;
};

struct rp_config {
	char *path; /* the file name used in messages */
	struct rp_config_compile compile;
	struct rp_config_consensus consensus;
	struct rp_config_votes votes;
	struct rp_config_limits limits;
	struct rp_config_server *servers;
	size_t n_servers;
	struct rp_config_list *lists;
	size_t n_lists;
};

/* Parse config text (len bytes, need not be NUL-terminated). name is used in error
 * messages. private_file says the file cannot be read by others (mode 0600 or stricter):
 * a literal `password =` is refused otherwise. On success *out is owned by the caller
 * (rp_config_free). On failure returns RP_ECONFIG (or RP_ENOMEM) and err names
 * "file:line" and the key. */
int rp_config_parse(struct rp_config **out, const char *text, size_t len, const char *name,
		    int private_file, struct rp_error *err);

/* Read and parse the file at path; checks its mode for literal passwords. A missing file
 * is RP_ENOTFOUND. */
int rp_config_load(struct rp_config **out, const char *path, struct rp_error *err);

void rp_config_free(struct rp_config *cfg); /* NULL-safe */

/* Borrowed pointers into cfg, or NULL when absent. */
const struct rp_config_list *rp_config_find_list(const struct rp_config *cfg, const char *name);
const struct rp_config_server *rp_config_find_server(const struct rp_config *cfg,
						     const char *name);

/* The secret for srv: the XOAUTH2 token (token_cmd) when auth = xoauth2, else the password
 * from password_cmd, password_file or password. *out is malloc'ed (caller frees and should
 * wipe it). The secret never appears in err. RP_ECONFIG when none is configured or the
 * command fails. */
int rp_config_secret(char **out, const struct rp_config_server *srv, struct rp_error *err);

/* When srv's secret comes from a password_file that its group or others may read, the
 * file's permission bits (e.g. 0644), for a warning; else 0. */
int rp_config_secret_file_mode(const struct rp_config_server *srv);

/* Is address (case aside) one of the binding voters of cfg? -1 when the config names
 * none (every vote counts), else 1 or 0. */
int rp_config_is_binding(const struct rp_config *cfg, const char *address);

/* True when host is a loopback name or address (localhost, 127.0.0.0/8, ::1). */
int rp_config_host_is_loopback(const char *host);

#endif
