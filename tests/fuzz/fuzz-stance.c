/* fuzz-stance: libFuzzer target for the stance classifier, the vote parsers and the
 * near-duplicate clustering -- all read text written by list members. The input is split at
 * the first NUL into the point's text and its quoted context. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/analyse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 2);
	const char *text, *quoted, *texts[3];
	struct rp_stance st;
	int tally[3];
	size_t cl[3], nc = 0, which = 0;
	char *rep = NULL;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	buf[size + 1] = '\0';
	text = buf;
	quoted = buf + strlen(buf) + 1;
	if (rp_stance_classify(&st, text, quoted) == 0) {
		if (st.target_name) {
			static const struct rp_participant people[] = {
				{ "Mark Carvell", "mark@example.org", NULL, 0 },
				{ "William Drake", "bill@example.org", NULL, 0 },
			};
			(void)rp_stance_resolve_target(st.target_name, people, 2, 1);
		}
		rp_stance_release(&st);
	}
	(void)rp_vote_parse(text);
	(void)rp_vote_parse_opener(text);
	(void)rp_vote_parse_result(text, tally);
	texts[0] = text;
	texts[1] = quoted;
	texts[2] = "The registry should be independent.";
	(void)rp_cluster_points(texts, 3, 0.5, cl, &nc);
	if (rp_cluster_representative(&rep, &which, texts, 3) == 0)
		free(rep);
	free(buf);
	return 0;
}
