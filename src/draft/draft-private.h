/* draft-private: helpers shared by the draft module's parser and reference grammar. */
#ifndef RAPPORTEUR_DRAFT_PRIVATE_H
#define RAPPORTEUR_DRAFT_PRIVATE_H

#include <stddef.h>

/* Value of an upper- or lower-case roman number I..XX spelled in n bytes at s, 0 if none. */
int rp_draft_roman_value(const char *s, size_t n);

/* The words of a numbered recommendation, as drafts write them in English, French, German
 * and Spanish ("Recommendation 4", "Recommandation 4", "Empfehlung 4", "Recomendación 4");
 * an item is numbered with its own word. NULL-terminated. */
extern const char *const rp_draft_rec_words[];

#endif
