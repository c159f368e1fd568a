/* members: the group's roster in the store. A member is one canonical address with a
 * display name, an affiliation, and aliases: the other addresses the same person writes
 * from. The consensus counts a member once whatever address a reply came from, `check`
 * finds a member's input under any of them, and `--attribution affiliations` reads the
 * affiliation from here. Addresses are kept lower-cased. */
#ifndef RAPPORTEUR_MEMBERS_H
#define RAPPORTEUR_MEMBERS_H

#include <stddef.h>

#include "rapporteur/store.h"

/* Two common table expressions that read the roster by lower-cased address, for queries
 * that look up the address of every message or point they read; put them after WITH (then
 * a comma before the query's own). roster_alias(alias, address, member): each alias with
 * its member's address; roster(address, name, affiliation, id): each member. Both are
 * lower-cased, each is built once per statement, and SQLite indexes it for a join on the
 * address. A correlated subquery per row on lower(alias) or lower(address) cannot use an
 * index and scanned the roster each time: compile of the 28-message demo took 177 s with
 * 2,500 members (0.04 s with none). Where two rows share an address once lower-cased
 * (rp_member_set never stores two), the lowest member id wins, as the first row of such a
 * scan did. The canonical address of an address X: coalesce(ra.address, lower(X)) with
 * LEFT JOIN roster_alias ra ON ra.alias = lower(X). */
#define RP_SQL_ROSTER                                                                        \
	"roster_alias(alias, address, member) AS MATERIALIZED (SELECT lower(ma.alias),"      \
	" lower(mb.address), min(ma.member) FROM member_alias ma JOIN member mb"              \
	" ON mb.id = ma.member GROUP BY 1),"                                                  \
	" roster(address, name, affiliation, id) AS MATERIALIZED (SELECT lower(address), name," \
	" affiliation, min(id) FROM member GROUP BY 1)"

/* Comments a member forwards from someone with no mail of their own (the analysis's
 * forwarded_points) are that writer's: the point's source is stored as "message of NAME
 * <ADDRESS>, forwarded". These expressions read it back from a point's source column src:
 * the writer's lower-cased address and name, NULL for any other point; and the source as
 * outputs show it, "message of NAME, forwarded" (the form `points --json` has always had).
 * A point's author is then coalesce(RP_SQL_FWD_ADDR(p.source), lower(m.from_addr)). */
#define RP_SQL_FWD_IS(src) "(" src " LIKE 'message of % <%>, forwarded')"
#define RP_SQL_FWD_ADDR(src)                                                                \
	"(CASE WHEN " RP_SQL_FWD_IS(src) " THEN lower(substr(" src ", instr(" src ", ' <') + 2," \
	" length(" src ") - instr(" src ", ' <') - 13)) END)"
#define RP_SQL_FWD_NAME(src)                                                                \
	"(CASE WHEN " RP_SQL_FWD_IS(src) " THEN substr(" src ", 12, instr(" src ", ' <') - 12) END)"
#define RP_SQL_SOURCE_SHOWN(src)                                                            \
	"(CASE WHEN " RP_SQL_FWD_IS(src) " THEN 'message of ' || " RP_SQL_FWD_NAME(src)          \
	" || ', forwarded' ELSE " src " END)"

/* One member as given by the user. name and affiliation: NULL keeps the stored value (a new
 * member gets none), "" clears it. aliases are added to the member's; with replace_aliases
 * they replace them. */
struct rp_member_spec {
	const char *address;
	const char *name;
	const char *affiliation;
	const char *const *aliases;
	size_t n_aliases;
	int replace_aliases;
};

/* Add or update a member. An address or alias that is not an e-mail address, an alias
 * that is another member's address or alias, or an address that is another member's alias
 * is refused with RP_EUSAGE naming it. Runs in a savepoint: all of it or nothing. */
int rp_member_set(struct rp_store *s, const struct rp_member_spec *m, struct rp_error *err);

/* Remove a member and its aliases. RP_ENOTFOUND when there is none at that address. */
int rp_member_remove(struct rp_store *s, const char *address, struct rp_error *err);

/* Read a roster from a CSV file (RFC 4180; UTF-8): a header row naming the columns
 * address (or email), name, affiliation (or organisation), aliases (addresses separated by
 * spaces, commas or semicolons), compared without case, spaces, '-' and '_' ("E-mail
 * address", "Full name"); the address column is required, the others optional, in any
 * order, each at most once; a UTF-8 byte order mark before the header is skipped. Each row sets a member as rp_member_set does, its aliases replaced; empty
 * cells clear. The whole file is one transaction: on an error (naming the file and line)
 * nothing is changed. *count receives the number of members set. */
int rp_members_import_csv(struct rp_store *s, const char *path, size_t *count,
			  struct rp_error *err);

#endif
