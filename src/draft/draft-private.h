/* draft-private: helpers shared by the draft module's parser and reference grammar. */
#ifndef RAPPORTEUR_DRAFT_PRIVATE_H
#define RAPPORTEUR_DRAFT_PRIVATE_H

#include <stddef.h>

/* Value of an upper- or lower-case roman number I..XX spelled in n bytes at s, 0 if none. */
int rp_draft_roman_value(const char *s, size_t n);

#endif
