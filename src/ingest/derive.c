/* derive: data derived once after an import session that added messages (threads).
 * Segmentation is not derived here: it is computed when an analysis first needs a message
 * (analyse/blocks.c), so an import pays only for what every message needs. Derived data
 * never replaces the raw bytes, so a newer rapporteur can always re-derive it. */
#include "ingest-private.h"
#include "rapporteur/thread.h"

int rp_ingest_after(struct rp_ingest *in, struct rp_error *err)
{
	return rp_thread_update(in->store, err);
}
