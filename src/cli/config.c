/* config: how the commands other than fetch read the configuration. fetch needs its file;
 * the others (compile, check, consensus, votes) only take settings from it, so the
 * default file may be missing and the defaults then apply. A file named by --config or
 * $RAPPORTEUR_CONFIG must exist. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rapporteur/analyse.h"
#include "rapporteur/config.h"
#include "rapporteur/mime.h"

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

int rp_cli_batch_size(int dflt)
{
	const char *v = getenv("RAPPORTEUR_BATCH");
	char *end;
	long n;

	if (!v || !*v)
		return dflt;
	n = strtol(v, &end, 10);
	if (*end || n < 1 || n > 1000000) {
		rp_log(0, "RAPPORTEUR_BATCH=%s: not a number from 1 to 1000000; using %d", v, dflt);
		return dflt;
	}
	return (int)n;
}

void rp_cli_apply_limits(struct rp_mime_limits *l, unsigned *gzip_ratio, uint64_t *gzip_free,
			 const struct rp_config *cfg)
{
	const struct rp_config_limits *k = &cfg->limits;

	if (k->max_message_mb > 0)
		l->max_message_bytes = (size_t)k->max_message_mb << 20;
	if (k->mime_depth > 0)
		l->max_depth = k->mime_depth;
	if (k->mime_parts > 0)
		l->max_parts = k->mime_parts;
	if (k->headers > 0)
		l->max_headers = k->headers;
	if (k->text_mb > 0)
		l->max_text_bytes = (size_t)k->text_mb << 20;
	if (gzip_ratio && k->gzip_ratio > 0)
		*gzip_ratio = (unsigned)k->gzip_ratio;
	if (gzip_free && k->gzip_free_mb > 0)
		*gzip_free = (uint64_t)k->gzip_free_mb << 20;
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
