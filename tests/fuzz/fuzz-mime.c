/* fuzz-mime: libFuzzer target for rp_mime_parse. Besides crashes and sanitizer reports it
 * checks the contract: a result for every input, every string valid UTF-8 without NUL,
 * a body that is never NULL. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/mime.h"
#include "rapporteur/util.h"

static void valid(const char *s)
{
	if (s && !rp_utf8_valid(s, strlen(s)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rp_mime_limits lim;
	struct rp_parsed *p = NULL;
	size_t i;

	rp_mime_limits_default(&lim);
	lim.keep_attachment_data = 1;
	if (rp_mime_parse(&p, (const char *)data, size, &lim, NULL))
		return 0; /* out of memory only */
	if (!p->body)
		abort();
	valid(p->message_id);
	valid(p->from_name);
	valid(p->from_addr);
	valid(p->to);
	valid(p->cc);
	valid(p->subject);
	valid(p->in_reply_to);
	valid(p->references);
	valid(p->list_id);
	valid(p->body);
	valid(p->errors);
	for (i = 0; i < p->n_attachments; i++) {
		if (!p->attachments[i].type)
			abort();
		valid(p->attachments[i].type);
		valid(p->attachments[i].name);
		valid(p->attachments[i].text);
		if (p->attachments[i].data_len != p->attachments[i].size)
			abort();
	}
	rp_parsed_free(p);
	return 0;
}
