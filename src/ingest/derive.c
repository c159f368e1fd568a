/* derive: data derived once after an import session that added messages (threads).
 * Segmentation is not derived here: it is computed when an analysis first needs a message
 * (analyse/blocks.c), so an import pays only for what every message needs. Derived data
 * never replaces the raw bytes, so a newer rapporteur can always re-derive it. */
#include "ingest-private.h"
#include "rapporteur/thread.h"

/* Also when nothing was added: a run killed during its thread update left the tree behind,
 * and the next run completes it. */
int rp_ingest_after(struct rp_ingest *in, struct rp_error *err)
{
	int rc, stale = 0;

	if ((rc = rp_thread_is_stale(in->store, &stale, err)) || !stale)
		return rc;
	return rp_thread_update(in->store, err);
}
