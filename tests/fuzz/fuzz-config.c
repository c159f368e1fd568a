/* fuzz-config: the config parser on arbitrary bytes, as a private file (literal passwords
 * allowed) and as a shared one. Must never crash, leak or read out of bounds. */
#include <stddef.h>
#include <stdint.h>

#include "rapporteur/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rp_config *cfg = NULL;
	struct rp_error err = { 0 };
	int private_file;

	for (private_file = 0; private_file < 2; private_file++) {
		if (rp_config_parse(&cfg, (const char *)data, size, "fuzz", private_file, &err) == 0) {
			size_t i;
			for (i = 0; i < cfg->n_lists; i++)
				(void)rp_config_find_list(cfg, cfg->lists[i].name);
			rp_config_free(cfg);
			cfg = NULL;
		}
	}
	return 0;
}
