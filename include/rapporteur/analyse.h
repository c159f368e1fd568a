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

/* Stance of one point, from its text alone (pure). */
struct rp_stance {
	enum rp_stance_label label;
	enum rp_stance_label secondary; /* RP_STANCE_NONE if none */
	double confidence;              /* 0..1 */
	char *cues;                     /* comma-separated cue words that decided it */
	char *proposed;                 /* proposed wording for amendments, or NULL */
	enum rp_target_kind target_kind;
	char *target_name;              /* person named as target ("Mark"), or NULL */
};
int rp_stance_classify(struct rp_stance *out, const char *text, const char *quoted);
void rp_stance_release(struct rp_stance *s);

/* Fill table draft_message for draft: replies at any depth to the circulating message, and
 * list messages after circulation (until the deadline plus 7 days) whose subject names the
 * draft, which quote it or name it, are included; every other message considered gets
 * included = 0 and a reason ("before circulation", "after deadline", "off-topic: no
 * reference to the draft", "duplicate delivery"). Rows with manual = 1 are kept as they are.
 * Runs in a savepoint. Returns 0, RP_ENOTFOUND (no such draft), RP_EDB, RP_ENOMEM. */
int rp_analyse_membership(struct rp_store *s, int64_t draft, struct rp_error *err);

/* The whole analysis for one draft: membership, points, anchors, stance. Manual decisions
 * (decision table) are applied and never overwritten. */
int rp_analyse_draft(struct rp_store *s, int64_t draft, struct rp_error *err);

#endif
