/* config: how the commands other than fetch read the configuration. fetch needs its file;
 * the others (compile, check, consensus, votes) only take settings from it, so the
 * default file may be missing and the defaults then apply. A file named by --config or
 * $RAPPORTEUR_CONFIG must exist. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rapporteur/analyse.h"
#include "rapporteur/config.h"

int rp_cli_config(struct rp_cli *cli, struct rp_config **out, struct rp_error *err)
{
	char *def = NULL;
	int rc;

	if (cli->config_path)
		return rp_config_load(out, cli->config_path, err);
	if (!(def = rp_default_config_path()))
		return rp_error_set(err, RP_ENOMEM, "config", "out of memory");
	rc = rp_config_load(out, def, err);
	free(def);
	if (rc == RP_ENOTFOUND) {
		memset(err, 0, sizeof(*err));
		rc = rp_config_parse(out, "", 0, "defaults", 0, err);
	}
	return rc;
}

void rp_cli_apply_consensus(struct rp_consensus_config *c, const struct rp_config *cfg)
{
	const struct rp_config_consensus *k = &cfg->consensus;

	if (k->agreed_min_support >= 0)
		c->agreed_min_support = k->agreed_min_support;
	if (k->rough_min_support >= 0)
		c->rough_min_support = k->rough_min_support;
	if (k->rough_min_share >= 0)
		c->rough_min_share = k->rough_min_share;
	if (k->isolated_max >= 0)
		c->isolated_max = k->isolated_max;
	if (k->similarity >= 0)
		c->cluster_jaccard = k->similarity;
}

int rp_cli_consensus_config(struct rp_cli *cli, struct rp_consensus_config *out,
			    struct rp_error *err)
{
	struct rp_config *cfg = NULL;
	int rc;

	rp_consensus_config_init(out);
	if ((rc = rp_cli_config(cli, &cfg, err)))
		return rc;
	rp_cli_apply_consensus(out, cfg);
	rp_config_free(cfg);
	return 0;
}
