/* stance: what a point does to the draft -- support, object, amend, question or note -- from
 * its text alone, with the cue words as evidence, a confidence, the proposed wording of an
 * amendment and the agreement target ("+1 to Avri", a bare "+1" to the parent message).
 *
 * Hand-written rules rather than a trained model: Debian ships no stance classifier, the
 * rules are explainable (the cues are shown to the chair) and they run in linear time on
 * hostile input. The text is cut into word tokens; cue phrases from one table are matched
 * longest first, each token used by at most one cue; negators flip polar cues ("I don't
 * agree", "not a problem"); a contrast marker ("but", "however") halves what came before so
 * what follows dominates; hedges ("tend to agree") lower the confidence. A little syntax
 * completes the words: the mood of a sentence (a question, an imperative "Send the minutes",
 * an indirect request "grateful if you could"), who takes a stance ("I recommend" against
 * "they recommend"), and clauses that only report or describe ("what needs to be tested",
 * "so we can attend", a confidentiality notice). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/analyse.h"

/* Hostile input: only the first STANCE_MAX_TEXT bytes and STANCE_MAX_TOKENS tokens are read. */
#define STANCE_MAX_TEXT 32768
#define STANCE_MAX_TOKENS 6000
#define WORD_MAX 24

enum tok_kind { TK_WORD, TK_END, TK_COMMA, TK_QUOTE };

struct tok {
	char w[WORD_MAX];
	unsigned char kind;
	unsigned char used;
	char endch; /* for TK_END: '.', '!', '?' */
	unsigned char exclaimed; /* for TK_END: a run mixing '?' and '!' ("?!") */
	unsigned sent;
	size_t off; /* byte offset in the analysed text */
};

struct toks {
	struct tok *v;
	size_t n, cap;
	unsigned nsent;
};

/* NEG: a negator before the cue flips it. SELF: a verb of stance that counts fully only
 * when the writer takes it ("I propose", "Fully support"), not when reporting others
 * ("the co-facilitators propose"). */
/* DROPNEG: negated, the cue says nothing ("no need to"). VERBNEXT: the cue counts only
 * before a verb of action and unnegated ("it makes sense to meet", not "makes sense to me"
 * nor "doesn't make sense to"; "we would like to co-locate", not "we would like to thank").
 * AFFIRM: the cue counts only when neither it nor the verb after it is negated ("if you
 * could send", not "if you can not attend"). POSTNEG: the negator may also follow the verb
 * in its clause, as German puts it ("ich unterstütze das nicht"). PARTICLE: the last word
 * of the phrase is the particle of a German separable verb, which closes the clause ("wir
 * lehnen den Absatz ab" for "lehnen ab"). */
/* MODAL: a verb of obligation ("should", "need to"), which an indirect question reports.
 * OPENS: the cue counts only where a sentence opens ("To clarify: ...", the writer
 * explaining; "we ask the MAG to clarify" asks for a change). */
/* ADDED: the cue proposes text only when what it adds follows it ("I would add a sentence on
 * X", "I would add that the annex lists them"); before a comma, "to", the writer's own
 * words or voice ("I would add, as an aside", "I would add that I agree", "I'd add my
 * support") it only announces what the writer says, and is read as nothing. */
enum { NEG = 1, SELF = 2, DROPNEG = 4, VERBNEXT = 8, AFFIRM = 16, POSTNEG = 32, PARTICLE = 64, MODAL = 128,
       OPENS = 256, ADDED = 512 };

struct cue {
	const char *phrase; /* space-separated lower-case words */
	enum rp_stance_label label;
	double weight;
	int flags;
};

/* Order does not matter: matching takes longer phrases first. NOTE cues with weight 0
 * only consume tokens so that a shorter cue inside them ("add" in "let me add") is not read. */
static const struct cue cues[] = {
	/* support */
	{ "agree", RP_STANCE_SUPPORT, 1.0, NEG | SELF },
	{ "agreed", RP_STANCE_SUPPORT, 1.0, NEG | SELF },
	{ "agrees", RP_STANCE_SUPPORT, 0.3, NEG | SELF },
	{ "+1", RP_STANCE_SUPPORT, 1.0, 0 },
	{ "+1000", RP_STANCE_SUPPORT, 1.0, 0 },
	{ "endorse", RP_STANCE_SUPPORT, 1.0, NEG | SELF },
	{ "endorsed", RP_STANCE_SUPPORT, 0.6, NEG },
	{ "support", RP_STANCE_SUPPORT, 0.8, NEG | SELF },
	{ "supportive", RP_STANCE_SUPPORT, 0.9, NEG },
	{ "concur", RP_STANCE_SUPPORT, 1.0, NEG | SELF },
	{ "excellent point", RP_STANCE_SUPPORT, 1.0, 0 },
	{ "good point", RP_STANCE_SUPPORT, 0.9, 0 },
	{ "great point", RP_STANCE_SUPPORT, 0.9, 0 },
	{ "valid point", RP_STANCE_SUPPORT, 0.8, 0 },
	{ "fair point", RP_STANCE_SUPPORT, 0.7, 0 },
	{ "good idea", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "great idea", RP_STANCE_SUPPORT, 0.9, NEG },
	{ "makes sense", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "make sense", RP_STANCE_SUPPORT, 0.7, NEG },
	{ "in favour", RP_STANCE_SUPPORT, 0.9, NEG },
	{ "in favor", RP_STANCE_SUPPORT, 0.9, NEG },
	{ "happy with", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "fine with", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "fine by me", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "fine by us", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "works for me", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "works for us", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "work for me", RP_STANCE_SUPPORT, 0.7, NEG },
	{ "work for us", RP_STANCE_SUPPORT, 0.7, NEG },
	/* the text as it stands works ("the current wording works") */
	{ "wording works", RP_STANCE_SUPPORT, 0.7, NEG },
	{ "text works", RP_STANCE_SUPPORT, 0.7, NEG },
	{ "language works", RP_STANCE_SUPPORT, 0.7, NEG },
	{ "works well", RP_STANCE_SUPPORT, 0.6, NEG },
	{ "works fine", RP_STANCE_SUPPORT, 0.7, NEG },
	{ "ok with", RP_STANCE_SUPPORT, 0.7, NEG },
	{ "okay with", RP_STANCE_SUPPORT, 0.7, NEG },
	{ "comfortable", RP_STANCE_SUPPORT, 0.7, NEG },
	{ "sounds good", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "looks good", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "sounds reasonable", RP_STANCE_SUPPORT, 0.7, NEG },
	/* a reviewer's verdict on the text: "Looks fine to me", "the rest looks sane",
	 * "Otherwise fine." after the nits it raised */
	{ "looks fine", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "look fine", RP_STANCE_SUPPORT, 0.7, NEG },
	{ "seems fine", RP_STANCE_SUPPORT, 0.7, NEG },
	{ "looks ok", RP_STANCE_SUPPORT, 0.7, NEG },
	{ "look ok", RP_STANCE_SUPPORT, 0.6, NEG },
	{ "looks okay", RP_STANCE_SUPPORT, 0.7, NEG },
	{ "looks sane", RP_STANCE_SUPPORT, 0.7, NEG },
	{ "looks great", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "looks reasonable", RP_STANCE_SUPPORT, 0.7, NEG },
	{ "otherwise fine", RP_STANCE_SUPPORT, 0.7, 0 },
	{ "otherwise good", RP_STANCE_SUPPORT, 0.7, 0 },
	{ "otherwise ok", RP_STANCE_SUPPORT, 0.7, 0 },
	{ "lgtm", RP_STANCE_SUPPORT, 1.0, 0 },
	{ "well said", RP_STANCE_SUPPORT, 0.9, 0 },
	{ "well put", RP_STANCE_SUPPORT, 0.9, 0 },
	{ "second that", RP_STANCE_SUPPORT, 0.9, 0 },
	{ "i second", RP_STANCE_SUPPORT, 0.9, 0 },
	{ "seconded", RP_STANCE_SUPPORT, 0.9, 0 },
	{ "same here", RP_STANCE_SUPPORT, 0.8, 0 },
	{ "me too", RP_STANCE_SUPPORT, 0.8, 0 },
	{ "ditto", RP_STANCE_SUPPORT, 0.8, 0 },
	{ "i like", RP_STANCE_SUPPORT, 0.6, NEG },
	/* "like" is a stance only with the writer as its subject ("something like the idea") */
	{ "we like", RP_STANCE_SUPPORT, 0.6, NEG },
	{ "i also like", RP_STANCE_SUPPORT, 0.6, NEG },
	{ "we also like", RP_STANCE_SUPPORT, 0.6, NEG },
	{ "i really like", RP_STANCE_SUPPORT, 0.7, NEG },
	{ "we really like", RP_STANCE_SUPPORT, 0.7, NEG },
	{ "welcome", RP_STANCE_SUPPORT, 0.5, NEG },
	{ "acceptable", RP_STANCE_SUPPORT, 0.5, NEG },
	{ "convinced", RP_STANCE_SUPPORT, 0.5, NEG },
	{ "exactly right", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "seems right", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "is the right", RP_STANCE_SUPPORT, 0.7, NEG },
	{ "strikes the right", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "excellent", RP_STANCE_SUPPORT, 0.6, NEG },
	{ "good basis", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "glad to see", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "happy to see", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "pleased to see", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "can accept", RP_STANCE_SUPPORT, 0.7, NEG },
	{ "can live with", RP_STANCE_SUPPORT, 0.7, NEG },
	{ "can't accept", RP_STANCE_OBJECT, 0.9, 0 },
	{ "cannot accept", RP_STANCE_OBJECT, 0.9, 0 },
	{ "can't live with", RP_STANCE_OBJECT, 0.9, 0 },
	{ "cannot live with", RP_STANCE_OBJECT, 0.9, 0 },
	/* An objection taken back is assent (RFC 7282: the objection is addressed). */
	{ "no longer object", RP_STANCE_SUPPORT, 1.0, 0 },
	{ "no longer oppose", RP_STANCE_SUPPORT, 1.0, 0 },
	{ "no longer objects", RP_STANCE_SUPPORT, 0.8, 0 },
	{ "i take back what", RP_STANCE_SUPPORT, 0.8, 0 },
	{ "we take back what", RP_STANCE_SUPPORT, 0.8, 0 },
	{ "i take that back", RP_STANCE_SUPPORT, 0.8, 0 },
	{ "i take it back", RP_STANCE_SUPPORT, 0.8, 0 },
	{ "is fine", RP_STANCE_SUPPORT, 0.6, NEG },
	{ "are fine", RP_STANCE_SUPPORT, 0.6, NEG },
	{ "happy to", RP_STANCE_SUPPORT, 0.5, NEG },
	/* signing on to a joint text ("We can sign on.", "Count us in!", "Please add our
	 * organisation to the signatories") supports it; the edit asked for is the list of
	 * names, not the text */
	{ "sign on", RP_STANCE_SUPPORT, 1.0, NEG },
	{ "we can sign", RP_STANCE_SUPPORT, 1.0, NEG }, /* not "we can" proposing */
	{ "we could sign", RP_STANCE_SUPPORT, 0.9, NEG },
	{ "sign up to", RP_STANCE_SUPPORT, 0.9, NEG },
	{ "happy to sign", RP_STANCE_SUPPORT, 1.0, NEG },
	{ "glad to sign", RP_STANCE_SUPPORT, 1.0, NEG },
	{ "can sign", RP_STANCE_SUPPORT, 0.9, NEG },
	{ "will sign", RP_STANCE_SUPPORT, 0.9, NEG },
	{ "count us in", RP_STANCE_SUPPORT, 1.0, 0 },
	{ "count me in", RP_STANCE_SUPPORT, 1.0, 0 },
	{ "to the signatories", RP_STANCE_SUPPORT, 1.6, 0 },
	{ "to the list of signatories", RP_STANCE_SUPPORT, 1.6, 0 },
	{ "as a signatory", RP_STANCE_SUPPORT, 1.2, NEG },
	{ "as signatories", RP_STANCE_SUPPORT, 1.2, NEG },
	{ "not sign", RP_STANCE_OBJECT, 1.0, 0 },
	{ "cannot sign", RP_STANCE_OBJECT, 1.0, 0 },
	{ "can't sign", RP_STANCE_OBJECT, 1.0, 0 },
	{ "won't sign", RP_STANCE_OBJECT, 1.0, 0 },
	{ "unable to sign", RP_STANCE_OBJECT, 1.0, 0 },
	/* nothing to say on the text, asked for comments on it, is no objection to it */
	{ "no comments from our side", RP_STANCE_SUPPORT, 0.5, 0 },
	{ "no comments from my side", RP_STANCE_SUPPORT, 0.5, 0 },
	{ "no comments from us", RP_STANCE_SUPPORT, 0.5, 0 },
	{ "no comments from me", RP_STANCE_SUPPORT, 0.5, 0 },
	{ "no further comments", RP_STANCE_SUPPORT, 0.5, 0 },
	{ "nothing to add", RP_STANCE_SUPPORT, 0.5, 0 },
	{ "thanks for", RP_STANCE_SUPPORT, 0.4, 0 },
	{ "many thanks", RP_STANCE_SUPPORT, 0.4, 0 },
	{ "good catch", RP_STANCE_SUPPORT, 0.8, 0 },
	{ "as agreed", RP_STANCE_NOTE, 0.0, 0 },
	/* French, the other working language of many lists */
	{ "d'accord", RP_STANCE_SUPPORT, 1.0, NEG },
	{ "je partage", RP_STANCE_SUPPORT, 0.9, NEG },
	{ "je soutiens", RP_STANCE_SUPPORT, 0.9, NEG },
	{ "je propose", RP_STANCE_AMEND, 0.9, 0 },
	{ "nous proposons", RP_STANCE_AMEND, 0.9, 0 },
	{ "il serait utile", RP_STANCE_AMEND, 0.8, 0 },
	{ "il faudrait", RP_STANCE_AMEND, 0.8, 0 },
	{ "devrait", RP_STANCE_AMEND, 0.6, 0 },
	{ "pourriez-vous", RP_STANCE_QUESTION, 0.8, 0 },
	{ "je m'oppose", RP_STANCE_OBJECT, 1.0, 0 },
	{ "nous soutenons", RP_STANCE_SUPPORT, 0.9, NEG },
	{ "j'approuve", RP_STANCE_SUPPORT, 0.9, NEG },
	{ "nous approuvons", RP_STANCE_SUPPORT, 0.9, NEG },
	{ "suis favorable", RP_STANCE_SUPPORT, 0.9, NEG },
	{ "sommes favorables", RP_STANCE_SUPPORT, 0.9, NEG },
	{ "pas favorable", RP_STANCE_OBJECT, 1.0, 0 },
	{ "pas favorables", RP_STANCE_OBJECT, 1.0, 0 },
	{ "je ne soutiens pas", RP_STANCE_OBJECT, 1.0, 0 },
	{ "nous ne soutenons pas", RP_STANCE_OBJECT, 1.0, 0 },
	{ "je suis contre", RP_STANCE_OBJECT, 1.0, 0 },
	{ "nous sommes contre", RP_STANCE_OBJECT, 1.0, 0 },
	{ "en d\xc3\xa9saccord", RP_STANCE_OBJECT, 0.9, 0 },
	{ "je rejette", RP_STANCE_OBJECT, 0.9, 0 },
	{ "plus d'objection", RP_STANCE_SUPPORT, 1.0, 0 },
	{ "plus d'objections", RP_STANCE_SUPPORT, 1.0, 0 },
	{ "pas d'objection", RP_STANCE_SUPPORT, 0.9, 0 },
	{ "pas d'objections", RP_STANCE_SUPPORT, 0.9, 0 },
	{ "aucune objection", RP_STANCE_SUPPORT, 0.9, 0 },
	{ "rien \xc3\xa0 redire", RP_STANCE_SUPPORT, 0.9, 0 },
	{ "rien a redire", RP_STANCE_SUPPORT, 0.9, 0 },
	{ "nous rejetons", RP_STANCE_OBJECT, 0.9, 0 },
	/* a change asked for in the infinitive, as French and Spanish instructions put it
	 * ("remplacer « six » par « douze »", "suprimir la última frase") */
	{ "remplacer", RP_STANCE_AMEND, 0.8, NEG },
	{ "supprimer", RP_STANCE_AMEND, 0.8, NEG },
	{ "ajouter", RP_STANCE_AMEND, 0.6, NEG },
	{ "sustituir", RP_STANCE_AMEND, 0.8, NEG },
	{ "reemplazar", RP_STANCE_AMEND, 0.8, NEG },
	{ "suprimir", RP_STANCE_AMEND, 0.8, NEG },
	{ "a\xc3\xb1" "adir", RP_STANCE_AMEND, 0.6, NEG },
	/* "trop" and a measure after a verb of judgement finds fault with the text ("Le
	 * paragraphe 3 me paraît trop négatif"), as "too long" does in English;
	 * unlike "too", "trop" never means "also", so the cue needs no list of measures.
	 * Spelt with and without the circumflex (the 1990 spelling drops it). */
	{ "me para\xc3\xaet trop", RP_STANCE_OBJECT, 0.8, 0 },
	{ "me parait trop", RP_STANCE_OBJECT, 0.8, 0 },
	{ "nous para\xc3\xaet trop", RP_STANCE_OBJECT, 0.8, 0 },
	{ "nous parait trop", RP_STANCE_OBJECT, 0.8, 0 },
	{ "me semble trop", RP_STANCE_OBJECT, 0.8, 0 },
	{ "nous semble trop", RP_STANCE_OBJECT, 0.8, 0 },
	{ "me paraissent trop", RP_STANCE_OBJECT, 0.8, 0 },
	{ "nous paraissent trop", RP_STANCE_OBJECT, 0.8, 0 },
	{ "me semblent trop", RP_STANCE_OBJECT, 0.8, 0 },
	{ "nous semblent trop", RP_STANCE_OBJECT, 0.8, 0 },
	/* Spanish, the third language of many lists' members. "no" before the verb
	 * negates, as in English ("no estamos de acuerdo"); "de acuerdo con" alone is also
	 * "according to", so agreement is read with its verb. Nouns that are also verbs
	 * ("apoyo", "rechazo": support, rejection) count less than the plural verbs. */
	{ "estoy de acuerdo", RP_STANCE_SUPPORT, 1.0, NEG },
	{ "estamos de acuerdo", RP_STANCE_SUPPORT, 1.0, NEG },
	{ "totalmente de acuerdo", RP_STANCE_SUPPORT, 1.0, NEG },
	{ "plenamente de acuerdo", RP_STANCE_SUPPORT, 1.0, NEG },
	{ "en desacuerdo", RP_STANCE_OBJECT, 0.9, 0 },
	{ "apoyamos", RP_STANCE_SUPPORT, 0.9, NEG },
	{ "apoyo", RP_STANCE_SUPPORT, 0.6, NEG },
	{ "respaldamos", RP_STANCE_SUPPORT, 0.9, NEG },
	{ "respaldo", RP_STANCE_SUPPORT, 0.6, NEG },
	{ "me parece bien", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "nos parece bien", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "sin objeciones", RP_STANCE_SUPPORT, 0.9, 0 },
	{ "ninguna objeci\xc3\xb3n", RP_STANCE_SUPPORT, 0.9, 0 },
	{ "retiro mi objeci\xc3\xb3n", RP_STANCE_SUPPORT, 1.0, 0 },
	{ "retiramos nuestra objeci\xc3\xb3n", RP_STANCE_SUPPORT, 1.0, 0 },
	{ "objeci\xc3\xb3n", RP_STANCE_OBJECT, 0.8, NEG },
	{ "objeciones", RP_STANCE_OBJECT, 0.8, NEG },
	{ "me opongo", RP_STANCE_OBJECT, 1.0, NEG },
	{ "nos oponemos", RP_STANCE_OBJECT, 1.0, NEG },
	{ "rechazamos", RP_STANCE_OBJECT, 0.9, NEG },
	{ "rechazo", RP_STANCE_OBJECT, 0.6, NEG },
	{ "nos preocupa", RP_STANCE_OBJECT, 0.8, NEG },
	{ "me preocupa", RP_STANCE_OBJECT, 0.8, NEG },
	{ "propongo", RP_STANCE_AMEND, 0.9, 0 },
	{ "proponemos", RP_STANCE_AMEND, 0.9, 0 },
	{ "sugiero", RP_STANCE_AMEND, 0.9, 0 },
	{ "sugerimos", RP_STANCE_AMEND, 0.9, 0 },
	{ "deber\xc3\xad" "a", RP_STANCE_AMEND, 0.6, 0 },
	{ "deber\xc3\xad" "an", RP_STANCE_AMEND, 0.6, 0 },
	{ "habr\xc3\xad" "a que", RP_STANCE_AMEND, 0.8, 0 },
	{ "ser\xc3\xad" "a mejor", RP_STANCE_AMEND, 0.8, 0 },
	{ "ser\xc3\xad" "a \xc3\xba" "til", RP_STANCE_AMEND, 0.8, 0 },
	{ "podr\xc3\xad" "an aclarar", RP_STANCE_QUESTION, 0.8, 0 },
	{ "podr\xc3\xad" "a aclarar", RP_STANCE_QUESTION, 0.8, 0 },
	{ "podr\xc3\xad" "an explicar", RP_STANCE_QUESTION, 0.8, 0 },
	/* German: the negator usually follows the verb, and a separable verb leaves its
	 * particle at the end of the clause. "dagegen" alone also means "by contrast". */
	{ "einverstanden", RP_STANCE_SUPPORT, 1.0, NEG | SELF },
	{ "zustimmung", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "ich unterst\xc3\xbctze", RP_STANCE_SUPPORT, 0.9, NEG | POSTNEG },
	{ "wir unterst\xc3\xbctzen", RP_STANCE_SUPPORT, 0.9, NEG | POSTNEG },
	{ "bef\xc3\xbcrworte", RP_STANCE_SUPPORT, 0.9, NEG | POSTNEG },
	{ "bef\xc3\xbcrworten", RP_STANCE_SUPPORT, 0.8, NEG | POSTNEG },
	{ "stimme zu", RP_STANCE_SUPPORT, 1.0, NEG | POSTNEG | PARTICLE },
	/* ... joined again in a subordinate clause and the infinitive ("dass wir Abschnitt 5
	 * zustimmen") */
	{ "zustimme", RP_STANCE_SUPPORT, 0.9, NEG },
	{ "zustimmen", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "stimmen zu", RP_STANCE_SUPPORT, 1.0, NEG | POSTNEG | PARTICLE },
	{ "bin daf\xc3\xbcr", RP_STANCE_SUPPORT, 0.9, 0 },
	{ "sind daf\xc3\xbcr", RP_STANCE_SUPPORT, 0.9, 0 },
	{ "bin nicht daf\xc3\xbcr", RP_STANCE_OBJECT, 1.0, 0 },
	{ "sind nicht daf\xc3\xbcr", RP_STANCE_OBJECT, 1.0, 0 },
	{ "bin dagegen", RP_STANCE_OBJECT, 1.0, 0 },
	{ "sind dagegen", RP_STANCE_OBJECT, 1.0, 0 },
	{ "stimme dagegen", RP_STANCE_OBJECT, 1.0, 0 },
	{ "stimmen dagegen", RP_STANCE_OBJECT, 1.0, 0 },
	{ "stimme gegen", RP_STANCE_OBJECT, 1.0, 0 },
	{ "stimmen gegen", RP_STANCE_OBJECT, 1.0, 0 },
	{ "lehne ab", RP_STANCE_OBJECT, 0.9, NEG | POSTNEG | PARTICLE },
	{ "lehnen ab", RP_STANCE_OBJECT, 0.9, NEG | POSTNEG | PARTICLE },
	{ "ablehnen", RP_STANCE_OBJECT, 0.7, NEG },
	{ "widerspreche", RP_STANCE_OBJECT, 0.9, NEG | POSTNEG },
	{ "widersprechen", RP_STANCE_OBJECT, 0.8, NEG | POSTNEG },
	{ "einwand", RP_STANCE_OBJECT, 0.8, NEG },
	{ "einw\xc3\xa4nde", RP_STANCE_OBJECT, 0.8, NEG },
	{ "bedenken", RP_STANCE_OBJECT, 0.6, NEG },
	/* a change asked for ("bitte „sechs" durch „zwölf" ersetzen", "ich schlage vor, ...",
	 * "der Satz sollte gestrichen werden") */
	{ "schlage vor", RP_STANCE_AMEND, 0.9, PARTICLE },
	{ "schlagen vor", RP_STANCE_AMEND, 0.9, PARTICLE },
	{ "ersetzen", RP_STANCE_AMEND, 0.8, NEG },
	{ "streichen", RP_STANCE_AMEND, 0.8, NEG },
	{ "gestrichen", RP_STANCE_AMEND, 0.6, NEG },
	{ "erg\xc3\xa4nzen", RP_STANCE_AMEND, 0.6, NEG },
	{ "sollte", RP_STANCE_AMEND, 0.6, 0 },
	{ "sollten", RP_STANCE_AMEND, 0.6, 0 },
	{ "right approach", RP_STANCE_SUPPORT, 0.7, NEG },
	{ "useful", RP_STANCE_SUPPORT, 0.3, NEG },
	{ "thank you", RP_STANCE_NOTE, 0.0, 0 },
	{ "no problem", RP_STANCE_NOTE, 0.0, 0 },
	/* objection */
	{ "disagree", RP_STANCE_OBJECT, 1.0, NEG | SELF },
	{ "disagrees", RP_STANCE_OBJECT, 0.8, NEG },
	{ "-1", RP_STANCE_OBJECT, 1.0, 0 },
	/* "-0", the Apache vote against that will not block: an objection, weighed low. A "+0"
	 * (no opinion) is no cue and leaves a note; a "-0" is not that neutral, the writer
	 * would rather the text did not pass, and its "I won't block it" is the same "-0"
	 * said again, not support. */
	{ "-0", RP_STANCE_OBJECT, 0.9, 0 },
	{ "i object", RP_STANCE_OBJECT, 1.0, NEG },
	{ "we object", RP_STANCE_OBJECT, 1.0, NEG },
	{ "object to", RP_STANCE_OBJECT, 1.0, NEG },
	{ "objection", RP_STANCE_OBJECT, 0.9, NEG },
	{ "objections", RP_STANCE_OBJECT, 0.9, NEG },
	{ "oppose", RP_STANCE_OBJECT, 1.0, NEG | SELF },
	{ "opposed", RP_STANCE_OBJECT, 0.9, NEG },
	{ "problematic", RP_STANCE_OBJECT, 0.9, NEG },
	{ "unworkable", RP_STANCE_OBJECT, 0.9, NEG },
	{ "impractical", RP_STANCE_OBJECT, 0.8, NEG },
	{ "unrealistic", RP_STANCE_OBJECT, 0.8, NEG },
	{ "problem", RP_STANCE_OBJECT, 0.5, NEG },
	{ "problems", RP_STANCE_OBJECT, 0.5, NEG },
	{ "issue with", RP_STANCE_OBJECT, 0.6, NEG },
	{ "concerned", RP_STANCE_OBJECT, 0.8, NEG },
	{ "concern", RP_STANCE_OBJECT, 0.6, NEG },
	{ "concerns", RP_STANCE_OBJECT, 0.6, NEG },
	{ "worried", RP_STANCE_OBJECT, 0.8, NEG },
	{ "worry", RP_STANCE_OBJECT, 0.5, NEG },
	{ "worries", RP_STANCE_OBJECT, 0.7, NEG },
	{ "would not want", RP_STANCE_OBJECT, 0.6, 0 },
	{ "wouldn't want", RP_STANCE_OBJECT, 0.6, 0 },
	{ "startling", RP_STANCE_OBJECT, 0.9, 0 },
	{ "surprised", RP_STANCE_OBJECT, 0.5, NEG },
	{ "wrong", RP_STANCE_OBJECT, 0.8, NEG },
	{ "mistake", RP_STANCE_OBJECT, 0.7, NEG },
	{ "unacceptable", RP_STANCE_OBJECT, 1.0, NEG },
	{ "reject", RP_STANCE_OBJECT, 0.8, NEG },
	{ "against", RP_STANCE_OBJECT, 0.6, NEG },
	/* ... but not what a text warns or guards against ("exactly what 2.1.2 warns
	 * against", "a safeguard against abuse"): the danger named, not the writer's stance */
	{ "warns against", RP_STANCE_NOTE, 0.0, 0 },
	{ "warn against", RP_STANCE_NOTE, 0.0, 0 },
	{ "warned against", RP_STANCE_NOTE, 0.0, 0 },
	{ "warning against", RP_STANCE_NOTE, 0.0, 0 },
	{ "guard against", RP_STANCE_NOTE, 0.0, 0 },
	{ "guards against", RP_STANCE_NOTE, 0.0, 0 },
	{ "protect against", RP_STANCE_NOTE, 0.0, 0 },
	{ "protects against", RP_STANCE_NOTE, 0.0, 0 },
	{ "protection against", RP_STANCE_NOTE, 0.0, 0 },
	{ "safeguard against", RP_STANCE_NOTE, 0.0, 0 },
	{ "safeguards against", RP_STANCE_NOTE, 0.0, 0 },
	{ "dangerous", RP_STANCE_OBJECT, 0.7, NEG },
	{ "harmful", RP_STANCE_OBJECT, 0.8, NEG },
	{ "bad idea", RP_STANCE_OBJECT, 0.8, NEG },
	{ "premature", RP_STANCE_OBJECT, 0.6, NEG },
	{ "overreach", RP_STANCE_OBJECT, 0.7, NEG },
	{ "unnecessary", RP_STANCE_OBJECT, 0.5, NEG },
	/* "too" and a measure finds fault with the text ("far too long", "15 March is too
	 * tight"); "too" after its clause means "also" and is no cue. Weak: a change proposed
	 * with it ("too slow; it should be out in three days") is what the point is. */
	{ "too long", RP_STANCE_OBJECT, 0.4, NEG },
	{ "too short", RP_STANCE_OBJECT, 0.4, NEG },
	{ "too tight", RP_STANCE_OBJECT, 0.4, NEG },
	{ "too narrow", RP_STANCE_OBJECT, 0.4, NEG },
	{ "too broad", RP_STANCE_OBJECT, 0.4, NEG },
	{ "too wide", RP_STANCE_OBJECT, 0.4, NEG },
	{ "too vague", RP_STANCE_OBJECT, 0.4, NEG },
	{ "too weak", RP_STANCE_OBJECT, 0.4, NEG },
	{ "too slow", RP_STANCE_OBJECT, 0.4, NEG },
	{ "too late", RP_STANCE_OBJECT, 0.35, NEG },
	{ "too early", RP_STANCE_OBJECT, 0.35, NEG },
	{ "too ambitious", RP_STANCE_OBJECT, 0.4, NEG },
	{ "too complex", RP_STANCE_OBJECT, 0.4, NEG },
	{ "too complicated", RP_STANCE_OBJECT, 0.4, NEG },
	{ "too expensive", RP_STANCE_OBJECT, 0.4, NEG },
	{ "too costly", RP_STANCE_OBJECT, 0.4, NEG },
	{ "too restrictive", RP_STANCE_OBJECT, 0.4, NEG },
	{ "too strict", RP_STANCE_OBJECT, 0.4, NEG },
	{ "too high", RP_STANCE_OBJECT, 0.35, NEG },
	{ "too low", RP_STANCE_OBJECT, 0.35, NEG },
	/* the text going further than it should ("Recommendation (c) goes too far") */
	{ "goes too far", RP_STANCE_OBJECT, 0.8, NEG },
	{ "go too far", RP_STANCE_OBJECT, 0.7, NEG },
	{ "misleading", RP_STANCE_OBJECT, 0.7, NEG },
	{ "not sure", RP_STANCE_OBJECT, 0.4, 0 },
	{ "not convinced", RP_STANCE_OBJECT, 0.8, 0 },
	/* a development list's objections: the kernel's "NACK" and "NAK" as a verdict opening
	 * the sentence or the writer's own ("I NAK this"): elsewhere they are a protocol's
	 * message ("when it gets a NAK from the relay") or talk of reviews ("reviewers do not
	 * ack or nack the changes"); a blocker named as such; and the same negated, the writer
	 * letting the text pass ("I would not block on it", "won't stand in the way") */
	{ "nack", RP_STANCE_OBJECT, 1.0, OPENS },
	{ "nak", RP_STANCE_OBJECT, 1.0, OPENS },
	{ "i nack", RP_STANCE_OBJECT, 1.0, 0 },
	{ "i nak", RP_STANCE_OBJECT, 1.0, 0 },
	{ "non-starter", RP_STANCE_OBJECT, 0.9, NEG },
	{ "nonstarter", RP_STANCE_OBJECT, 0.9, NEG },
	{ "show-stopper", RP_STANCE_OBJECT, 0.9, NEG },
	{ "showstopper", RP_STANCE_OBJECT, 0.9, NEG },
	{ "blocker", RP_STANCE_OBJECT, 0.8, NEG },
	{ "i would block", RP_STANCE_OBJECT, 0.8, 0 },
	{ "i'd block", RP_STANCE_OBJECT, 0.8, 0 },
	{ "we would block", RP_STANCE_OBJECT, 0.8, 0 },
	{ "i will block", RP_STANCE_OBJECT, 0.8, 0 },
	{ "i'll block", RP_STANCE_OBJECT, 0.8, 0 },
	{ "would not block", RP_STANCE_SUPPORT, 0.8, 0 },
	{ "wouldn't block", RP_STANCE_SUPPORT, 0.8, 0 },
	{ "will not block", RP_STANCE_SUPPORT, 0.8, 0 },
	{ "won't block", RP_STANCE_SUPPORT, 0.8, 0 },
	{ "would not stand in the way", RP_STANCE_SUPPORT, 0.6, 0 },
	{ "wouldn't stand in the way", RP_STANCE_SUPPORT, 0.6, 0 },
	{ "will not stand in the way", RP_STANCE_SUPPORT, 0.6, 0 },
	{ "won't stand in the way", RP_STANCE_SUPPORT, 0.6, 0 },
	/* amendment */
	{ "should", RP_STANCE_AMEND, 0.6, MODAL },
	/* the group's reply, not a change to the text: "we should simply welcome the
	 * invitation", "we should support this" (the longer phrase takes "should") */
	{ "we should welcome", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "we should simply welcome", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "we should warmly welcome", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "we should just welcome", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "we should support", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "we should endorse", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "we should accept", RP_STANCE_SUPPORT, 0.8, NEG },
	{ "shouldn't", RP_STANCE_AMEND, 0.6, MODAL },
	{ "suggest", RP_STANCE_AMEND, 0.9, SELF },
	{ "suggests", RP_STANCE_AMEND, 0.3, 0 },
	/* The noun alone often reports ("a suggestion I got is ..."); introducing one proposes. */
	{ "suggestion", RP_STANCE_AMEND, 0.3, 0 },
	{ "my suggestion is", RP_STANCE_AMEND, 0.8, 0 },
	{ "my suggestion would be", RP_STANCE_AMEND, 0.8, 0 },
	{ "our suggestion is", RP_STANCE_AMEND, 0.8, 0 },
	{ "our suggestion would be", RP_STANCE_AMEND, 0.8, 0 },
	{ "one suggestion would be", RP_STANCE_AMEND, 0.8, 0 },
	{ "a suggestion would be", RP_STANCE_AMEND, 0.8, 0 },
	{ "have a suggestion", RP_STANCE_AMEND, 0.8, 0 },
	{ "my proposal is", RP_STANCE_AMEND, 0.8, 0 },
	{ "my proposal would be", RP_STANCE_AMEND, 0.8, 0 },
	{ "our proposal is", RP_STANCE_AMEND, 0.8, 0 },
	{ "our proposal would be", RP_STANCE_AMEND, 0.8, 0 },
	{ "have a proposal", RP_STANCE_AMEND, 0.8, 0 },
	/* An option or alternative put forward, or an act said to be worth doing. */
	{ "one option would be", RP_STANCE_AMEND, 0.7, 0 },
	{ "another option would be", RP_STANCE_AMEND, 0.7, 0 },
	{ "an alternative would be", RP_STANCE_AMEND, 0.7, 0 },
	{ "one alternative would be", RP_STANCE_AMEND, 0.7, 0 },
	{ "might be worth", RP_STANCE_AMEND, 0.6, 0 },
	{ "may be worth", RP_STANCE_AMEND, 0.6, 0 },
	{ "worth considering", RP_STANCE_AMEND, 0.6, 0 },
	/* "We might want to ...": a proposal put softly, to the group or to the reader. */
	{ "we might want to", RP_STANCE_AMEND, 0.6, VERBNEXT },
	{ "we may want to", RP_STANCE_AMEND, 0.6, VERBNEXT },
	{ "you might want to", RP_STANCE_AMEND, 0.5, VERBNEXT },
	{ "you may want to", RP_STANCE_AMEND, 0.5, VERBNEXT },
	{ "following suggestion", RP_STANCE_AMEND, 0.8, 0 },
	{ "propose", RP_STANCE_AMEND, 0.9, SELF },
	{ "proposes", RP_STANCE_AMEND, 0.3, 0 },
	{ "proposal", RP_STANCE_AMEND, 0.4, 0 },
	{ "recommend", RP_STANCE_AMEND, 0.8, SELF },
	{ "instead", RP_STANCE_AMEND, 0.7, 0 },
	{ "replace", RP_STANCE_AMEND, 0.8, 0 },
	{ "replaced", RP_STANCE_AMEND, 0.4, 0 },
	{ "add", RP_STANCE_AMEND, 0.6, 0 },
	/* an editorial correction reported ("Section 3.2 has a typo: ...") */
	{ "typo", RP_STANCE_AMEND, 0.7, DROPNEG },
	{ "typos", RP_STANCE_AMEND, 0.7, DROPNEG },
	{ "misspelled", RP_STANCE_AMEND, 0.7, DROPNEG },
	{ "misspelt", RP_STANCE_AMEND, 0.7, DROPNEG },
	{ "spelling mistake", RP_STANCE_AMEND, 0.7, DROPNEG },
	{ "adding", RP_STANCE_AMEND, 0.6, 0 },
	{ "added", RP_STANCE_AMEND, 0.3, 0 },
	{ "insert", RP_STANCE_AMEND, 0.8, 0 },
	{ "delete", RP_STANCE_AMEND, 0.8, 0 },
	{ "deleted", RP_STANCE_AMEND, 0.4, 0 },
	{ "remove", RP_STANCE_AMEND, 0.7, 0 },
	{ "removed", RP_STANCE_AMEND, 0.3, 0 },
	{ "strike", RP_STANCE_AMEND, 0.6, 0 },
	/* "drop" proposes only as the writer's own edit ("I'd drop the condition"), not in
	 * "drop me a line" or "I have to drop off the call"; weak, as dropping a passage for
	 * what it says ("I would drop this paragraph. It is not the job of ...") objects to it */
	{ "i'd drop", RP_STANCE_AMEND, 0.5, 0 },
	{ "i would drop", RP_STANCE_AMEND, 0.5, 0 },
	{ "we'd drop", RP_STANCE_AMEND, 0.5, 0 },
	{ "we would drop", RP_STANCE_AMEND, 0.5, 0 },
	{ "let's drop", RP_STANCE_AMEND, 0.5, 0 },
	{ "rephrase", RP_STANCE_AMEND, 0.9, 0 },
	{ "reword", RP_STANCE_AMEND, 0.9, 0 },
	{ "rewording", RP_STANCE_AMEND, 0.8, 0 },
	{ "amend", RP_STANCE_AMEND, 0.9, 0 },
	{ "amendment", RP_STANCE_AMEND, 0.8, 0 },
	{ "change", RP_STANCE_AMEND, 0.5, 0 },
	{ "rather than", RP_STANCE_AMEND, 0.5, 0 },
	{ "in place of", RP_STANCE_AMEND, 0.5, 0 },
	{ "prefer", RP_STANCE_AMEND, 0.6, 0 },
	/* a preference put as the writer's own: "I'd rather we chose the backend per cluster" */
	{ "i'd rather", RP_STANCE_AMEND, 0.7, 0 },
	{ "i would rather", RP_STANCE_AMEND, 0.7, 0 },
	{ "we'd rather", RP_STANCE_AMEND, 0.7, 0 },
	{ "we would rather", RP_STANCE_AMEND, 0.7, 0 },
	{ "would prefer", RP_STANCE_AMEND, 0.8, 0 },
	{ "it would be better", RP_STANCE_AMEND, 0.8, 0 },
	{ "would be good", RP_STANCE_AMEND, 0.7, 0 },
	{ "would be nice", RP_STANCE_AMEND, 0.7, 0 },
	{ "would be useful", RP_STANCE_AMEND, 0.7, 0 },
	{ "would be helpful", RP_STANCE_AMEND, 0.7, 0 },
	{ "would be better", RP_STANCE_AMEND, 0.7, 0 },
	{ "would be best", RP_STANCE_AMEND, 0.7, 0 },
	{ "would be preferable", RP_STANCE_AMEND, 0.7, 0 },
	{ "would be ideal", RP_STANCE_AMEND, 0.6, 0 },
	{ "it might be", RP_STANCE_AMEND, 0.4, 0 },
	{ "better to", RP_STANCE_AMEND, 0.6, 0 },
	{ "how about", RP_STANCE_AMEND, 0.8, 0 },
	{ "why not", RP_STANCE_AMEND, 0.7, 0 },
	{ "let's", RP_STANCE_AMEND, 0.7, 0 },
	{ "lets", RP_STANCE_AMEND, 0.5, 0 },
	{ "let us", RP_STANCE_AMEND, 0.6, 0 },
	{ "we could", RP_STANCE_AMEND, 0.6, 0 },
	{ "we can", RP_STANCE_AMEND, 0.4, 0 },
	{ "you could", RP_STANCE_AMEND, 0.5, 0 },
	{ "need to", RP_STANCE_AMEND, 0.5, DROPNEG | MODAL },
	{ "needs to", RP_STANCE_AMEND, 0.5, DROPNEG | MODAL },
	/* Obligation on the group proposes; on the writer alone it reports ("I need to leave"),
	 * and in a free relative it names a thing ("what needs to be tested"). */
	{ "we have to", RP_STANCE_AMEND, 0.6, DROPNEG },
	{ "we've got to", RP_STANCE_AMEND, 0.6, DROPNEG },
	{ "i need to", RP_STANCE_NOTE, 0.0, 0 },
	{ "i have to", RP_STANCE_NOTE, 0.0, 0 },
	{ "i must", RP_STANCE_NOTE, 0.0, 0 },
	{ "what needs to", RP_STANCE_NOTE, 0.0, 0 },
	{ "what need to", RP_STANCE_NOTE, 0.0, 0 },
	{ "what must", RP_STANCE_NOTE, 0.0, 0 },
	{ "what has to", RP_STANCE_NOTE, 0.0, 0 },
	/* "we can" in a clause of purpose or result states a consequence, not a proposal. */
	{ "so we can", RP_STANCE_NOTE, 0.0, 0 },
	{ "so we could", RP_STANCE_NOTE, 0.0, 0 },
	{ "so that we can", RP_STANCE_NOTE, 0.0, 0 },
	{ "so that we could", RP_STANCE_NOTE, 0.0, 0 },
	{ "as we can", RP_STANCE_NOTE, 0.0, 0 },
	{ "nothing we can", RP_STANCE_NOTE, 0.0, 0 },
	{ "all we can", RP_STANCE_NOTE, 0.0, 0 },
	{ "what we can", RP_STANCE_NOTE, 0.0, 0 },
	{ "best we can", RP_STANCE_NOTE, 0.0, 0 },
	/* "It makes sense to meet on the 15th" proposes; "that makes sense" supports. */
	{ "makes sense to", RP_STANCE_AMEND, 0.8, VERBNEXT },
	{ "make sense to", RP_STANCE_AMEND, 0.7, VERBNEXT },
	/* A wish of the group to act proposes the act ("we would like to co-locate"); the
	 * writer's own wish ("I would like to stand for election") mostly states an intention,
	 * so "would like to" alone stays weak. */
	{ "we would like to", RP_STANCE_AMEND, 0.6, VERBNEXT },
	{ "we'd like to", RP_STANCE_AMEND, 0.6, VERBNEXT },
	/* "Shall we meet on Monday", "shall I tell them": an offer or proposal to act. */
	{ "shall we", RP_STANCE_AMEND, 0.6, 0 },
	{ "shall i", RP_STANCE_AMEND, 0.5, 0 },
	{ "must", RP_STANCE_AMEND, 0.5, MODAL },
	{ "ought to", RP_STANCE_AMEND, 0.6, MODAL },
	{ "would like to see", RP_STANCE_AMEND, 0.8, 0 },
	{ "i'd like to see", RP_STANCE_AMEND, 0.8, 0 },
	{ "consider", RP_STANCE_AMEND, 0.5, DROPNEG },
	{ "clarify", RP_STANCE_AMEND, 0.4, 0 },
	{ "let me add", RP_STANCE_NOTE, 0.0, 0 },
	/* the text asked to do more ("what the paper says on communications needs strengthening") */
	{ "needs strengthening", RP_STANCE_AMEND, 0.8, DROPNEG },
	{ "need strengthening", RP_STANCE_AMEND, 0.8, DROPNEG },
	{ "needs to be strengthened", RP_STANCE_AMEND, 0.8, DROPNEG },
	{ "need to be strengthened", RP_STANCE_AMEND, 0.8, DROPNEG },
	/* the writer explaining, not asking the text to explain ("Just to clarify from the
	 * Secretariat's side: the report is already required") */
	{ "to clarify", RP_STANCE_NOTE, 0.0, OPENS },
	{ "just to clarify", RP_STANCE_NOTE, 0.0, OPENS },
	{ "let me clarify", RP_STANCE_NOTE, 0.0, 0 },
	{ "to be clear", RP_STANCE_NOTE, 0.0, OPENS },
	{ "to add to", RP_STANCE_NOTE, 0.0, 0 },
	{ "i would add", RP_STANCE_AMEND, 0.7, ADDED },
	{ "i'd add", RP_STANCE_AMEND, 0.7, ADDED },
	{ "we would add", RP_STANCE_AMEND, 0.7, ADDED },
	{ "we'd add", RP_STANCE_AMEND, 0.7, ADDED },
	/* question */
	{ "could you clarify", RP_STANCE_QUESTION, 1.2, 0 },
	{ "can you clarify", RP_STANCE_QUESTION, 1.2, 0 },
	{ "please clarify", RP_STANCE_QUESTION, 1.1, 0 },
	{ "could you explain", RP_STANCE_QUESTION, 1.1, 0 },
	{ "can you explain", RP_STANCE_QUESTION, 1.1, 0 },
	{ "please explain", RP_STANCE_QUESTION, 1.0, 0 },
	{ "i wonder", RP_STANCE_QUESTION, 0.7, 0 },
	{ "wondering", RP_STANCE_QUESTION, 0.7, 0 },
	{ "i'd like to know", RP_STANCE_QUESTION, 0.8, 0 },
	/* The writer's need of an answer asks for it ("I need to know" is no act of theirs). */
	{ "i need to know", RP_STANCE_QUESTION, 0.8, 0 },
	{ "we need to know", RP_STANCE_QUESTION, 0.8, 0 },
	{ "interested to know", RP_STANCE_QUESTION, 0.7, 0 },
	{ "interested to hear", RP_STANCE_QUESTION, 0.7, 0 },
	/* A call for help or offers ("offers gratefully accepted", "volunteers welcome"). */
	{ "gratefully accepted", RP_STANCE_QUESTION, 0.7, 0 },
	{ "gratefully received", RP_STANCE_QUESTION, 0.7, 0 },
	{ "volunteers welcome", RP_STANCE_QUESTION, 0.7, 0 },
	{ "offers welcome", RP_STANCE_QUESTION, 0.7, 0 },
	{ "volunteers wanted", RP_STANCE_QUESTION, 0.7, 0 },
	{ "would like to know", RP_STANCE_QUESTION, 0.8, 0 },
	{ "do you know", RP_STANCE_QUESTION, 0.8, 0 },
	{ "does anyone", RP_STANCE_QUESTION, 0.7, 0 },
	{ "does anybody", RP_STANCE_QUESTION, 0.7, 0 },
	{ "can someone", RP_STANCE_QUESTION, 0.7, 0 },
	{ "can anyone", RP_STANCE_QUESTION, 0.7, 0 },
	{ "could someone", RP_STANCE_QUESTION, 0.7, 0 },
	{ "what is meant", RP_STANCE_QUESTION, 0.9, 0 },
	{ "what do you mean", RP_STANCE_QUESTION, 0.9, 0 },
	{ "not clear", RP_STANCE_QUESTION, 0.5, 0 },
	{ "unclear", RP_STANCE_QUESTION, 0.4, 0 },
	{ "let me know", RP_STANCE_QUESTION, 0.6, 0 },
	{ "please let me know", RP_STANCE_QUESTION, 0.8, 0 },
	{ "please send", RP_STANCE_QUESTION, 0.6, 0 },
	{ "please review", RP_STANCE_QUESTION, 0.6, 0 },
	{ "please comment", RP_STANCE_QUESTION, 0.6, 0 },
	{ "comments welcome", RP_STANCE_QUESTION, 0.6, 0 },
	{ "any comments", RP_STANCE_QUESTION, 0.6, 0 },
	{ "any thoughts", RP_STANCE_QUESTION, 0.6, 0 },
	{ "any ideas", RP_STANCE_QUESTION, 0.6, 0 },
	{ "any suggestions", RP_STANCE_QUESTION, 0.6, 0 },
	{ "i would appreciate", RP_STANCE_QUESTION, 0.6, 0 },
	{ "let us know", RP_STANCE_QUESTION, 0.7, 0 },
	{ "quick question", RP_STANCE_QUESTION, 1.0, 0 },
	{ "like to hear", RP_STANCE_QUESTION, 0.8, 0 },
	{ "your opinion", RP_STANCE_QUESTION, 0.5, 0 },
	{ "your opinions", RP_STANCE_QUESTION, 0.5, 0 },
	{ "your thoughts", RP_STANCE_QUESTION, 0.6, 0 },
	{ "your views", RP_STANCE_QUESTION, 0.6, 0 },
	{ "would like to", RP_STANCE_AMEND, 0.3, 0 },
	{ "i'd like to", RP_STANCE_AMEND, 0.3, 0 },
	{ "i'd appreciate", RP_STANCE_QUESTION, 0.6, 0 },
	/* Indirect requests: a condition on the reader's action ("I would be grateful if you
	 * could ...", "if anyone can ..."). */
	{ "grateful if", RP_STANCE_QUESTION, 0.7, 0 },
	{ "glad if", RP_STANCE_QUESTION, 0.7, 0 },
	{ "appreciate it if", RP_STANCE_QUESTION, 0.7, 0 },
	{ "if you could", RP_STANCE_QUESTION, 0.7, AFFIRM },
	{ "if you can", RP_STANCE_QUESTION, 0.6, AFFIRM },
	{ "if anyone could", RP_STANCE_QUESTION, 0.7, AFFIRM },
	{ "if anyone can", RP_STANCE_QUESTION, 0.7, AFFIRM },
	{ "if anybody could", RP_STANCE_QUESTION, 0.7, AFFIRM },
	{ "if anybody can", RP_STANCE_QUESTION, 0.7, AFFIRM },
	{ "if someone could", RP_STANCE_QUESTION, 0.7, AFFIRM },
	{ "if someone can", RP_STANCE_QUESTION, 0.7, AFFIRM },
	{ "wonder if", RP_STANCE_QUESTION, 0.7, 0 },
	{ "wonder whether", RP_STANCE_QUESTION, 0.7, 0 },
	/* Performative directives: the writer asks others to act ("I encourage everyone to
	 * share ..."). An edit named in the same sentence still makes it an amendment. */
	{ "i encourage", RP_STANCE_QUESTION, 0.7, 0 },
	{ "we encourage", RP_STANCE_QUESTION, 0.7, 0 },
	{ "i urge", RP_STANCE_QUESTION, 0.7, 0 },
	{ "we urge", RP_STANCE_QUESTION, 0.7, 0 },
	{ "i invite", RP_STANCE_QUESTION, 0.7, 0 },
	{ "we invite", RP_STANCE_QUESTION, 0.7, 0 },
	{ "i would ask", RP_STANCE_QUESTION, 0.7, 0 },
	{ "i'd ask", RP_STANCE_QUESTION, 0.7, 0 },
	{ "we would ask", RP_STANCE_QUESTION, 0.7, 0 },
	{ "i ask you", RP_STANCE_QUESTION, 0.7, 0 },
	{ "i'm asking", RP_STANCE_QUESTION, 0.6, 0 },
	{ "i am asking", RP_STANCE_QUESTION, 0.6, 0 },
};

static const char *const negators[] = {
	"not",	   "no",	"never",    "don't",  "dont",	"doesn't",  "doesnt", "didn't",
	"isn't",   "isnt",	"aren't",   "wasn't", "can't",	"cant",	    "cannot", "won't",
	"wouldn't", "shouldn't", "couldn't", "hardly", "nor",	"without",  "neither", "nothing",
	"pas",	   "ne",	"nicht",    "kein",   "keine",	"keinen",
};

static const char *const hedges[] = {
	"tend to", "somewhat",	"mostly",   "kind of",	 "sort of",   "i guess",  "i suppose",
	"perhaps", "maybe",	"probably", "might",	 "partly",    "partially", "in principle",
	"broadly", "more or less", "slightly", "a bit",	 "not sure",  "possibly", "generally",
};

static const char *const intensifiers[] = {
	"fully",    "strongly",	      "completely", "totally", "absolutely", "wholeheartedly",
	"entirely", "100%",	      "very much",  "really",  "definitely", "certainly",
};

/* After a VERBNEXT cue: words that are no verb of action (a pronoun or a determiner: "makes
 * sense to me"), or verbs of speaking and thanking ("I would like to thank ...", "... to add
 * that"), which announce what the writer says rather than propose an act. */
static const char *const not_action[] = {
	"me", "us", "you", "him", "her", "them", "everyone", "everybody", "all", "the", "a", "an",
	"this", "that", "my", "our", "your", "people", "most", "some", "many", "anyone", "thank",
	"say", "add", "respond", "comment", "mention", "note", "point", "express", "congratulate",
	"welcome", "echo", "reiterate", "stress", "emphasise", "emphasize", "highlight", "acknowledge",
	"ask", "raise", "share", "apologise", "apologize", "introduce", "record", "confirm", "answer",
	"reply", "contribute", "flag", "know", "hear", "thanks", "remind", "clarify", "explain",
	"offer", "inform", "report", "draw", "second", "support", "agree", "endorse", "voice",
	"think", "believe", "hope", "not", "never",
};

/* A question beginning with one of these proposes something rather than asks. */
static const char *const proposal_openers[] = {
	"why not",     "why don't we", "how about",	"what about", "shouldn't we", "shouldn't",
	"wouldn't it", "couldn't we",  "may i suggest", "what if",    "wouldn't it be better",
};

/* An alternative put to the author ("Have you considered writing the commit record first?")
 * proposes it too, unless what follows asks ("Have you considered what happens ...?"). */
static const char *const consider_openers[] = {
	"have you considered", "did you consider", "have you thought about", "did you think about",
	"has anyone considered", "have we considered",
};

/* A question beginning with one of these asks for something and proposes it too. */
static const char *const request_openers[] = {
	"could we", "can we", "should we", "would it be", "would it make", "might we", "shall we",
	"would you consider",
};

/* A request for someone else to act or answer. */
static const char *const ask_openers[] = {
	"could you", "can you", "would you", "will you", "could someone", "can someone",
	"could anyone", "can anyone", "can people", "could people",
};

/* A question mark after declarative word order with the writer as subject ("I've heard that
 * ...?") marks a tentative statement. */
static const char *const declarative_openers[] = { "i", "i'm", "i've", "i'd", "i'll" };

/* "Is the ...", "Have I ...": subject-auxiliary inversion opens a question even without '?'. */
static const char *const aux_words[] = {
	"is", "are", "do", "does", "did", "have", "has", "can", "could", "would", "will", "should",
	"shall", "was", "were", "may",
};
static const char *const subject_words[] = {
	"i", "you", "we", "they", "he", "she", "it", "there", "the", "this", "that", "these", "those",
	"anyone", "anybody", "someone", "somebody", "people", "folks", "everyone", "your", "our", "a", "an",
};
static const char *const wh_words[] = { "what", "who", "why", "how", "where", "when", "which" };

/* After "please", these verbs ask for a change to the text rather than for an answer. */
static const char *const edit_verbs[] = {
	"add", "replace", "delete", "remove", "change", "insert", "reword", "rephrase", "strike",
	"move", "use", "consider", "drop", "amend", "modify", "correct", "fix", "update", "include",
	"keep", "retain", "mention", "shorten", "soften", "reflect", "rephrase", "split", "merge",
};

/* German, French and Spanish put an asked-for edit in the infinitive, often after their
 * "please" ("bitte „sechs" durch „zwölf" ersetzen", "merci de supprimer", "por favor,
 * sustituir ..."): with one of these in the sentence, "please" asks for the edit. */
static const char *const please_foreign[] = { "bitte", "svp", "merci de", "por favor" };
static const char *const edit_infinitives[] = {
	"ersetzen", "streichen", "erg\xc3\xa4nzen", "einf\xc3\xbcgen", "hinzuf\xc3\xbcgen", "\xc3\xa4ndern",
	"l\xc3\xb6schen", "remplacer", "supprimer", "ajouter", "ins\xc3\xa9rer", "modifier", "reformuler",
	"sustituir", "reemplazar", "suprimir", "eliminar", "a\xc3\xb1" "adir", "cambiar", "modificar",
};

/* Imperative mood: a sentence opening with the base form of one of these verbs (after "and",
 * "so", "then" ...) and an object or particle asks the reader to act ("Take me off this list",
 * "And send the minutes"). Edit verbs (above, and these) ask for a change to the text. */
static const char *const imperative_lead[] = { "and", "so", "then", "also", "just", "now", "simply", "again" };
static const char *const imperative_edit[] = { "make", "put", "rewrite", "redraft", "state", "reorder", "expand" };
static const char *const fronted_subordinators[] = { "if", "when", "once", "before", "after", "unless", "while" };
/* Edit verbs too common in other senses to open an imperative ("Keep an eye out", "Use your
 * judgement"). */
static const char *const imperative_vague[] = { "keep", "use", "consider", "retain" };
static const char *const imperative_ask[] = {
	"take", "send", "post", "check", "tell", "give", "look", "read", "try", "contact", "join",
	"call", "write", "reply", "respond", "forward", "sign", "register", "submit", "bring", "remember",
	"go", "come", "help", "ask", "stop", "follow", "visit", "review", "confirm", "inform", "email",
	"mail", "provide", "share", "explain", "describe", "show", "leave", "fill", "attend", "get",
	"circulate", "unsubscribe", "subscribe", "answer", "vote",
};
/* What may follow an imperative verb: a determiner, a pronoun or a particle ("take it up",
 * "look at"); "Review of the draft" and "Call for papers" are noun phrases. */
static const char *const object_starts[] = {
	"the", "a", "an", "this", "that", "these", "those", "it", "me", "us", "him", "her", "them",
	"my", "your", "our", "their", "his", "its", "some", "any", "all", "each", "every", "both",
	"another", "more", "yourself", "yourselves", "everyone", "everybody", "up", "out", "off",
	"in", "on", "over", "back", "down", "away", "at", "to", "through",
};
/* An edit whose object is a person or the reader's own thing ("add me to the list", "fix
 * your filter") asks the reader to act; it changes no text. */
static const char *const personal_objects[] = {
	"me", "us", "him", "her", "yourself", "yourselves", "myself", "ourselves", "everyone",
	"everybody", "your",
};
/* "Please excuse ...", "please feel free to ...": politeness and permission, not requests. */
static const char *const please_formulas[] = { "excuse", "forgive", "pardon", "feel", "accept" };
/* "Please," before a clause with its own subject is an exclamation ("Please, this is off
 * topic"), not a request. */
static const char *const please_subjects[] = { "this", "that", "it", "there", "i", "we", "they", "he", "she" };

/* Mail boilerplate: a confidentiality notice asks nothing of the list. */
static const char *const boilerplate[] = {
	"intended recipient", "intended recipients", "not the addressee", "named addressee",
	"this communication", "privileged and confidential", "confidential and privileged",
	"been intercepted", "received this message in error", "received this email in error",
	"received this e-mail in error", "received this in error",
};

/* A determiner before an edit verb makes it a noun: "a major change". */
static const char *const determiners[] = {
	"a", "an", "the", "my", "our", "your", "their", "its", "major", "minor", "big", "small", "slight",
};
/* Determiners before "proposal" that name one rather than make it ("a concrete proposal",
 * "the Secretariat's proposal" reads "the"); "my", "our" are the writer's own. */
static const char *const third_party_det[] = { "a", "an", "the", "their", "its", "his", "her", "any" };

/* A question containing one of these does not expect an answer. */
static const char *const rhetorical[] = {
	"isn't it",	 "don't you think", "who cares",     "why would anyone", "how can anyone",
	"is it really", "aren't we",	   "do we really",  "how on earth",	"who in their right",
	"need we",	 "do you really",
};

static const char *const contrast_words[] = {
	"but", "however", "although", "though", "nevertheless", "nonetheless", "except", "yet",
	"that said", "having said that", "on the other hand", "still",
};

const char *rp_stance_name(enum rp_stance_label l)
{
	switch (l) {
	case RP_STANCE_SUPPORT: return "support";
	case RP_STANCE_OBJECT: return "object";
	case RP_STANCE_AMEND: return "amend";
	case RP_STANCE_QUESTION: return "question";
	case RP_STANCE_NOTE: return "note";
	default: return NULL;
	}
}

int rp_stance_parse(const char *name)
{
	int l;

	if (!name)
		return RP_ERROR;
	for (l = RP_STANCE_SUPPORT; l <= RP_STANCE_NOTE; l++)
		if (rp_ascii_casecmp(name, rp_stance_name((enum rp_stance_label)l)) == 0)
			return l;
	return RP_ERROR;
}

const char *rp_target_kind_name(enum rp_target_kind k)
{
	switch (k) {
	case RP_TARGET_SECTION: return "section";
	case RP_TARGET_MEMBER: return "member";
	case RP_TARGET_MESSAGE: return "message";
	case RP_TARGET_POINT: return "point";
	default: return NULL;
	}
}

int rp_target_kind_parse(const char *name)
{
	int k;

	if (!name)
		return RP_ERROR;
	for (k = RP_TARGET_SECTION; k <= RP_TARGET_POINT; k++)
		if (rp_ascii_casecmp(name, rp_target_kind_name((enum rp_target_kind)k)) == 0)
			return k;
	return RP_ERROR;
}

void rp_stance_release(struct rp_stance *s)
{
	if (!s)
		return;
	free(s->cues);
	free(s->proposed);
	free(s->target_name);
	memset(s, 0, sizeof(*s));
}

/* ---- tokens ---- */

static int is_word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80 || c == '\'' || c == '%';
}

static int push_tok(struct toks *t, enum tok_kind kind, const char *w, size_t wl, size_t off)
{
	struct tok *k;

	if (t->n >= t->cap)
		return 0;
	k = &t->v[t->n++];
	memset(k, 0, sizeof(*k));
	k->kind = (unsigned char)kind;
	if (wl >= WORD_MAX)
		wl = WORD_MAX - 1;
	memcpy(k->w, w, wl);
	k->sent = t->nsent;
	k->off = off;
	if (kind == TK_END) {
		k->endch = w[0];
		t->nsent++;
	}
	return 1;
}

/* Length of the typographic apostrophe or double quote at s, which normalise folds to one
 * byte; 1 for any other byte. */
static size_t folded_len(const char *s)
{
	if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x98 || (unsigned char)s[2] == 0x99 || /* ‘ ’ */
	     (unsigned char)s[2] == 0x9C || (unsigned char)s[2] == 0x9D))  /* “ ” */
		return 3;
	return 1;
}

/* Length of the chat shorthand for "with" at text[i] (len bytes), 0 if none: "w/" before
 * a space or the end ("agree w/ Kari"), or a lower-case "w" standing alone between two
 * words ("agree w Kari"); a capital "W" alone is more often an initial ("George W Bush"). */
static size_t shorthand_with(const char *text, size_t i, size_t len)
{
	if (i > 0 && (isalnum((unsigned char)text[i - 1]) || text[i - 1] == '/' || text[i - 1] == '\''))
		return 0;
	if ((text[i] == 'w' || text[i] == 'W') && i + 1 < len && text[i + 1] == '/' &&
	    (i + 2 == len || isspace((unsigned char)text[i + 2])))
		return 2;
	if (text[i] == 'w' && i >= 2 && text[i - 1] == ' ' && isalpha((unsigned char)text[i - 2]) &&
	    i + 2 < len && text[i + 1] == ' ' && isalpha((unsigned char)text[i + 2]))
		return 1;
	return 0;
}

/* Lower-cased ASCII with typographic apostrophes folded to "'" and quotes to '"', and the
 * shorthand "w/" spelt "with". Tokens and cues are found in this form, whose length may
 * differ from the text's, and the wording or the name they lead to is read from the
 * member's own text: when anything was folded or spelt out, *map gets the offset in text
 * of each byte of the result (and of its end), else it stays NULL, the offsets being the
 * same. */
static char *normalise(const char *text, size_t len, size_t **map)
{
	char *o = malloc(len * 2 + 1);
	size_t *m = malloc((len * 2 + 1) * sizeof(*m));
	size_t i, j = 0, fl;
	int changed = 0;

	*map = NULL;
	if (!o || !m) {
		free(o);
		free(m);
		return NULL;
	}
	for (i = 0; i < len; i += fl) {
		unsigned char c = (unsigned char)text[i];
		fl = folded_len(text + i);
		if (fl == 1 && (fl = shorthand_with(text, i, len)) > 0) {
			memcpy(o + j, "with", 4);
			m[j] = m[j + 1] = m[j + 2] = m[j + 3] = i;
			j += 4;
			changed = 1;
			continue;
		}
		fl = fl ? fl : 1;
		m[j] = i;
		if (fl > 1) {
			o[j++] = ((unsigned char)text[i + 2] & 0xFE) == 0x98 ? '\'' : '"';
			changed = 1;
		} else
			o[j++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
	}
	o[j] = '\0';
	m[j] = len;
	if (changed)
		*map = m;
	else
		free(m);
	return o;
}

/* The offset in the member's text of offset off of its normalised form (normalise). */
static size_t orig_offset(const size_t *map, size_t off)
{
	return map ? map[off] : off;
}

/* Is the run of '.', '!' and '?' at [i, j) of s (n bytes) a '?' standing for a lost
 * character rather than a question mark? Glued on its left to a symbol that ends no question
 * ("#??", "@?"), or a lone '?' between single letters set apart by spaces ("H ? k o n"). */
static int mojibake_mark(const char *s, size_t i, size_t j, size_t n)
{
	if (i > 0 && !isspace((unsigned char)s[i - 1]) && !is_word_byte((unsigned char)s[i - 1]) &&
	    !strchr("\"')]*:;,-", s[i - 1]))
		return 1;
	if (j - i == 1 && i >= 2 && j + 1 < n && s[i - 1] == ' ' && s[j] == ' ' &&
	    isalpha((unsigned char)s[i - 2]) && (i == 2 || isspace((unsigned char)s[i - 3])) &&
	    isalpha((unsigned char)s[j + 1]) && (j + 2 == n || isspace((unsigned char)s[j + 2])))
		return 1;
	return 0;
}

static void tokenise(struct toks *t, const char *s)
{
	size_t i = 0, n = strlen(s);

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if ((c == '+' || c == '-') && i + 1 < n && isdigit((unsigned char)s[i + 1]) &&
		    (i == 0 || !is_word_byte((unsigned char)s[i - 1]))) {
			size_t j = i + 1;
			while (j < n && isdigit((unsigned char)s[j]))
				j++;
			if (!push_tok(t, TK_WORD, s + i, j - i, i))
				return;
			i = j;
		} else if (is_word_byte(c) && c != '\'') {
			size_t j = i;
			/* Words keep inner apostrophes, hyphens and dots between digits ("3.9"). */
			while (j < n) {
				unsigned char d = (unsigned char)s[j];
				if (is_word_byte(d) ||
				    ((d == '-' || d == '.') && j + 1 < n && j > i &&
				     isalnum((unsigned char)s[j + 1]) &&
				     (d == '-' || isdigit((unsigned char)s[j - 1]))))
					j++;
				else
					break;
			}
			while (j > i && s[j - 1] == '\'')
				j--;
			if (!push_tok(t, TK_WORD, s + i, j - i, i))
				return;
			/* "e.g." and "i.e.": a one-letter word followed by '.' ends no sentence. */
			if (j - i == 1 && j < n && s[j] == '.' && isalpha((unsigned char)s[i]))
				j++;
			i = j > i ? j : i + 1;
		} else if (c == '.' || c == '!' || c == '?') {
			size_t j = i;
			int q = 0, x = 0;
			while (j < n && (s[j] == '.' || s[j] == '!' || s[j] == '?')) {
				q |= s[j] == '?';
				x |= s[j] == '!';
				j++;
			}
			/* "?day=6" in a URL or "f?r" from a bad charset ends nothing. */
			if (j < n && !isspace((unsigned char)s[j]) && !strchr("\"')]*:;,", s[j])) {
				i = j;
				continue;
			}
			/* Nor does a '?' standing for a character the charset lost: glued to a symbol
			 * ("???#??"), or between letters spaced out ("H ? k o n"). */
			if (q && mojibake_mark(s, i, j, n)) {
				i = j;
				continue;
			}
			if (!push_tok(t, TK_END, q ? "?" : s + i, 1, i))
				return;
			t->v[t->n - 1].exclaimed = (unsigned char)(q && x);
			i = j;
		} else if (c == '\n' && i + 1 < n && s[i + 1] == '\n') {
			if (t->n && t->v[t->n - 1].kind != TK_END && !push_tok(t, TK_END, "\n", 1, i))
				return;
			i += 2;
		} else if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')') {
			if (!push_tok(t, TK_COMMA, s + i, 1, i))
				return;
			i++;
		} else if (c == '"') {
			if (!push_tok(t, TK_QUOTE, s + i, 1, i))
				return;
			i++;
		} else {
			i++;
		}
	}
	if (t->n && t->v[t->n - 1].kind != TK_END)
		push_tok(t, TK_END, "\n", 1, n);
}

/* Degree adverbs may stand inside a phrase: "would be very useful" is "would be useful". */
static int degree_adverb(const struct tok *w)
{
	static const char *const adv[] = { "very", "really", "quite", "most", "extremely", "particularly",
					   "much", "far", "even", "so", "rather" };
	size_t k;

	if (w->kind != TK_WORD)
		return 0;
	for (k = 0; k < sizeof(adv) / sizeof(adv[0]); k++)
		if (strcmp(w->w, adv[k]) == 0)
			return 1;
	return 0;
}

/* Does the phrase match the words starting at token i? Returns the number of tokens. */
static size_t match_at(const struct toks *t, size_t i, const char *phrase)
{
	size_t k = 0;
	const char *p = phrase;
	int skipped = 0;

	if (i >= t->n || t->v[i].w[0] != phrase[0])
		return 0; /* the common case, cheaply */
	while (*p) {
		const char *e = strchr(p, ' ');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (k > 0 && skipped < 2 && i + k < t->n && degree_adverb(&t->v[i + k]) &&
		    !(strlen(t->v[i + k].w) == l && memcmp(t->v[i + k].w, p, l) == 0)) {
			k++;
			skipped++;
			continue;
		}
		if (i + k >= t->n || t->v[i + k].kind != TK_WORD || strlen(t->v[i + k].w) != l ||
		    memcmp(t->v[i + k].w, p, l) != 0)
			return 0;
		k++;
		p += l;
		if (*p == ' ')
			p++;
	}
	return k;
}

static size_t phrase_words(const char *p)
{
	size_t n = 1;
	for (; *p; p++)
		n += *p == ' ';
	return n;
}

static int in_list(const struct toks *t, size_t i, const char *const *list, size_t n)
{
	size_t k;
	for (k = 0; k < n; k++)
		if (match_at(t, i, list[k]))
			return 1;
	return 0;
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Does the writer take the stance at token i? SELF_YES: a first-person word up to four words
 * before, or at most two words between the sentence start and the cue ("Fully agree")
 * and no subject of someone else's. SELF_REPORTED: the clause names someone else as the subject: a third-person pronoun just
 * before ("they recommend"), a noun phrase opened by a determiner ("the MAG agrees", "each
 * team proposes"), or a perfect tense without a first person ("the group has agreed").
 * SELF_UNSURE otherwise. */
enum { SELF_REPORTED = -1, SELF_UNSURE = 0, SELF_YES = 1 };

static int self_stance(const struct toks *t, size_t a, size_t i)
{
	static const char *const firstp[] = { "i", "we", "i'd", "we'd", "i'm", "we're", "i'll", "we'll",
					      "us", "me", "let's", "my", "our", "+1", "je", "nous",
					      "ich", "wir" };
	static const char *const thirdp[] = { "he", "she", "they", "it", "who", "which", "people",
					      "others", "someone", "somebody", "nobody", "everyone" };
	static const char *const subject_openers[] = { "the", "this", "these", "those", "each", "every",
						       "his", "her", "their", "its" };
	static const char *const perfect[] = { "has", "have", "had" };
	size_t k, words = 0;

	if (i > a && t->v[i - 1].kind == TK_WORD && in_list(t, i - 1, thirdp, NELEM(thirdp)))
		return SELF_REPORTED;
	for (k = 1; k <= 4 && k <= i - a; k++)
		if (t->v[i - k].kind == TK_WORD && in_list(t, i - k, firstp, NELEM(firstp)))
			return SELF_YES;
	for (k = 1; k <= 4 && k <= i - a && t->v[i - k].kind == TK_WORD; k++)
		if (in_list(t, i - k, subject_openers, NELEM(subject_openers)) ||
		    (k == 1 && in_list(t, i - k, perfect, NELEM(perfect))))
			return SELF_REPORTED;
	for (k = a; k < i; k++)
		words += t->v[k].kind == TK_WORD;
	return words <= 2 ? SELF_YES : SELF_UNSURE;
}

/* A stance noun after a verb that reports it ("Ingrid, Mona and Ahmed have raised concerns",
 * "the patients' groups voiced serious objections"): whoever raised it, the sentence tells
 * what others hold, as a chair's summary does. The writer's own ("I have raised my
 * concerns", "we expressed our objection") has a first person before the verb. */
static int reported_noun(const struct toks *t, size_t a, size_t i)
{
	static const char *const report_verbs[] = { "raised", "voiced", "expressed", "flagged",
						    "registered", "signalled", "signaled", "aired" };
	static const char *const firstp[] = { "i", "we", "i've", "we've", "my", "our", "me", "us" };
	size_t k, v = i;

	for (k = 1; k <= 2 && k <= i - a && t->v[i - k].kind == TK_WORD; k++)
		if (in_list(t, i - k, report_verbs, NELEM(report_verbs))) {
			v = i - k;
			break;
		}
	if (v == i)
		return 0;
	for (k = 1; k <= 4 && k <= v - a && t->v[v - k].kind == TK_WORD; k++)
		if (in_list(t, v - k, firstp, NELEM(firstp)))
			return 0;
	return 1;
}

/* "Let us keep the discussion on 4.1 going", "let's continue this on the call": the
 * writer steers the discussion; it proposes no change to the text. Tokens from i on. */
static int steers_discussion(const struct toks *t, size_t i, size_t b)
{
	static const char *const steer_verbs[] = { "discuss", "continue", "talk", "meet", "wait",
						   "revisit", "reconvene", "hear", "see" };
	static const char *const talk_nouns[] = { "discussion", "discussions", "debate",
						  "conversation", "call", "meeting", "thread" };
	size_t k;

	if (i < b && t->v[i].kind == TK_WORD && in_list(t, i, steer_verbs, NELEM(steer_verbs)))
		return 1;
	for (k = i; k < b && k <= i + 3 && t->v[k].kind == TK_WORD; k++)
		if (in_list(t, k, talk_nouns, NELEM(talk_nouns)))
			return 1;
	return 0;
}

/* Is the cue at token i negated: a negator up to three words before, in the same clause? */
/* After an ADDED cue, at token i: does text to add follow ("a sentence on X", "that the
 * annex ...")? Not a comma or the end, not "to" ("I would add to what Ann said"), not the
 * writer's own voice or agreement ("my support", "that I agree", "that we ..."). */
static int adds_text(const struct toks *t, size_t i, size_t b)
{
	static const char *const own[] = { "i", "we", "i'm", "we're", "i'd", "we'd", "my", "our", "to",
					   "also", "here", "just", "me", "us" };

	if (i >= b || t->v[i].kind != TK_WORD || in_list(t, i, own, NELEM(own)))
		return 0;
	if (match_at(t, i, "that"))
		return i + 1 < b && t->v[i + 1].kind == TK_WORD && !in_list(t, i + 1, own, NELEM(own));
	return 1;
}

static int negated(const struct toks *t, size_t i)
{
	size_t k;

	for (k = 1; k <= 3 && k <= i; k++) {
		const struct tok *p = &t->v[i - k];
		if (p->kind != TK_WORD)
			return 0;
		if (in_list(t, i - k, negators, NELEM(negators))) {
			/* "not only" and "no doubt" do not negate what follows. */
			if (i - k + 1 < t->n && (match_at(t, i - k + 1, "only") || match_at(t, i - k + 1, "doubt") ||
						 match_at(t, i - k + 1, "nur")))
				return 0;
			return 1;
		}
	}
	return 0;
}

/* Is a verb cue ending before token i negated after it, in its clause [i, b): "nicht" in
 * "ich unterstütze den Vorschlag nicht" ("nicht nur" aside)? */
static int negated_after(const struct toks *t, size_t i, size_t b)
{
	size_t k;

	for (k = i; k < b && k < i + 10 && t->v[k].kind == TK_WORD; k++)
		if (match_at(t, k, "nicht") && !(k + 1 < b && match_at(t, k + 1, "nur")))
			return 1;
	return 0;
}

/* A PARTICLE cue at token i: the words of the phrase but its last, and that last word as
 * the last word of the clause ending before b ("wir lehnen diesen Absatz ab"). Returns the
 * number of tokens of the first part; *pk is the particle's token. */
static size_t match_split(const struct toks *t, size_t i, size_t b, const char *phrase, size_t *pk)
{
	char head[64];
	const char *sp = strrchr(phrase, ' ');
	size_t hl, l, k, last = b;

	if (!sp || i >= t->n || t->v[i].w[0] != phrase[0] || (hl = (size_t)(sp - phrase)) >= sizeof(head))
		return 0;
	memcpy(head, phrase, hl);
	head[hl] = '\0';
	if (!(l = match_at(t, i, head)))
		return 0;
	/* A clause runs a dozen words or so; further off, the particle is another verb's. */
	for (k = i + l; k < b && t->v[k].kind != TK_COMMA; k++) {
		if (k > i + l + 16)
			return 0;
		if (t->v[k].kind == TK_WORD)
			last = k;
	}
	if (last == b || strcmp(t->v[last].w, sp + 1) != 0)
		return 0;
	*pk = last;
	return l;
}

/* Long-scope negation: "I don't think", "I do not believe". Returns tokens consumed. */
static size_t neg_belief(const struct toks *t, size_t i)
{
	static const char *const forms[] = {
		"i don't think", "i do not think", "i dont think", "i don't believe", "i do not believe",
		"i don't feel", "we don't think", "we do not think", "i don't see", "i do not see",
	};
	size_t k, l;

	for (k = 0; k < NELEM(forms); k++)
		if ((l = match_at(t, i, forms[k])) != 0)
			return l;
	return 0;
}

struct scores {
	double s[RP_STANCE_NOTE + 1];
	struct rp_buf cues[RP_STANCE_NOTE + 1];
	int hedges, intense;
};

/* An objection named with a verb that takes it back: "I withdraw my objection", "we drop
 * our concerns", "my objection is withdrawn", "je retire mon objection", "ich ziehe meinen
 * Einwand zurück" (the particle ends the clause, or the verb follows whole:
 * "zurückziehen"). */
static const char *const withdraw_verbs[] = {
	"withdraw", "withdraws", "withdrew", "withdrawing", "drop", "drops", "dropped", "dropping",
	"retract", "retracts", "retracted", "lift", "lifts", "lifted", "retire", "retirons",
	"retirer",
};
/* What someone else's answer did to the writer's objection: "that resolves my concern",
 * "this addresses our concerns", "your reply allays my concern" (not "address": "I want to
 * address my concern" raises it). Whose objection it is, "my" or "our" says. */
static const char *const settle_verbs[] = {
	"resolves", "resolved", "addresses", "addressed", "allays", "allayed", "settles",
	"settled", "removes", "removed", "answers", "answered",
};
/* Their base forms, only negated: "this does not address my concern" keeps it. */
static const char *const settle_bases[] = {
	"resolve", "address", "allay", "settle", "remove", "answer",
};
static const char *const withdraw_verbs_de[] = { "ziehe", "ziehen", "nehme", "nehmen" };
static const char *const withdrawn_words[] = {
	"withdrawn", "dropped", "retracted", "lifted", "retir\xc3\xa9" "e",
	"retir\xc3\xa9" "es", "zur\xc3\xbc" "ckziehen", "zur\xc3\xbc" "ckgezogen",
	"zur\xc3\xbc" "cknehmen", "zur\xc3\xbc" "ckgenommen",
};
static const char *const objection_nouns[] = {
	"objection", "objections", "concern", "concerns", "opposition", "reservation",
	"reservations", "r\xc3\xa9serve", "r\xc3\xa9serves", "einwand", "einw\xc3\xa4nde",
	"bedenken", "widerspruch", "vorbehalt", "vorbehalte",
	/* a development list's objections: "I withdraw my NACK", "consider my -1 dropped" */
	"nack", "nak", "veto", "-1",
};

/* The writer's own proposal taken back ("I withdraw my suggestion on 3.2", "scratch my
 * earlier proposal", "please disregard our amendment"): the writer now keeps the text as it
 * stands. Only with "my" or "our" before the noun: "drop the proposal to meet monthly"
 * is about a proposal of the draft. The verbs of dismissal are imperatives addressed to
 * the reader, who is asked to forget the writer's own words. */
static const char *const amendment_nouns[] = {
	"suggestion", "suggestions", "proposal", "proposals", "amendment", "amendments",
	"edit", "edits", "proposed", "suggested", "proposition", "propositions",
};
static const char *const dismiss_verbs[] = { "scratch", "forget", "disregard", "ignore" };
static const char *const own_possessive[] = { "my", "our", "mon", "ma", "mes", "notre", "nos" };

/* "Avri withdrew her objection" reports someone else's. */
static const char *const others_possessive[] = {
	"his", "her", "their", "its", "sa", "son", "ses", "leur", "leurs", "seinen", "seine",
	"ihren", "ihre",
};

/* A noun of a part of the text after the objection noun makes it a name: "drop the
 * concerns section" edits the draft. */
static const char *const text_parts[] = {
	"section", "paragraph", "sentence", "bullet", "part", "heading", "clause", "text",
	"language", "wording", "box", "annex", "procedure", "process", "mechanism", "period",
	"form", "rule", "rules",
};

/* Is token i the first word of the sentence starting at a? A withdrawal verb there is an
 * imperative ("Withdraw the objection and ..."), asked of someone else. */
static int opens_sentence(const struct toks *t, size_t a, size_t i)
{
	for (; a < i; a++)
		if (t->v[a].kind == TK_WORD)
			return 0;
	return 1;
}

/* The objection noun within three words after the verb at v, in its clause; b when none. */
static size_t objection_after(const struct toks *t, size_t v, size_t b)
{
	size_t k;

	for (k = v + 1; k < b && k <= v + 3 && t->v[k].kind == TK_WORD; k++)
		if (in_list(t, k, objection_nouns, NELEM(objection_nouns)))
			return k + 1 < b && t->v[k + 1].kind == TK_WORD &&
					       in_list(t, k + 1, text_parts, NELEM(text_parts))
				       ? b
				       : k;
	return b;
}

/* Is the German particle "zurück" the last word of the clause [i, b)? */
static int particle_closes(const struct toks *t, size_t i, size_t b)
{
	size_t k, last = b;

	for (k = i; k < b && t->v[k].kind != TK_COMMA && k < i + 16; k++)
		if (t->v[k].kind == TK_WORD)
			last = k;
	return last < b && match_at(t, last, "zur\xc3\xbc" "ck");
}

static void add_cue(struct scores *sc, enum rp_stance_label l, double w, const char *what, int neg);

/* The writer's amendment noun within three words after the verb at v, "my" or "our"
 * before it, in its clause; b when none. */
static size_t amendment_after(const struct toks *t, size_t v, size_t b)
{
	size_t k;
	int own = 0;

	for (k = v + 1; k < b && k <= v + 3 && t->v[k].kind == TK_WORD; k++) {
		own |= in_list(t, k, own_possessive, NELEM(own_possessive));
		if (in_list(t, k, amendment_nouns, NELEM(amendment_nouns)))
			return own ? k : b;
	}
	return b;
}

/* The word saying a position was taken back ("withdrawn", "dropped") among the three
 * words from s on, before any punctuation ("my proposal is withdrawn", "my concern
 * dropped"): its index, or b for none. */
static size_t withdrawn_word_at(const struct toks *t, size_t s, size_t b)
{
	size_t m;

	for (m = s; m < b && m < s + 3 && t->v[m].kind == TK_WORD; m++)
		if (in_list(t, m, withdrawn_words, NELEM(withdrawn_words)))
			return m;
	return b;
}

/* A withdrawn amendment of the writer's in [a, b) ("I withdraw my suggestion on 3.2",
 * "Scratch my earlier proposal", "my proposal is withdrawn"): support of the text as it
 * stands, which is how a later message gives up an amendment; negated ("I do not withdraw
 * my proposal") it is the amendment kept. */
static void withdrawn_amendment(const struct toks *t, size_t a, size_t b, struct scores *sc)
{
	size_t i, n, m, from, to;

	for (i = a; i < b; i++) {
		int neg;
		if (t->v[i].kind != TK_WORD || t->v[i].used)
			continue;
		if ((in_list(t, i, withdraw_verbs, NELEM(withdraw_verbs)) ||
		     in_list(t, i, dismiss_verbs, NELEM(dismiss_verbs))) &&
		    (n = amendment_after(t, i, b)) < b) {
			from = i;
			to = n + 1;
			neg = negated(t, i);
		} else if (in_list(t, i, own_possessive, NELEM(own_possessive)) && i + 1 < b &&
			   in_list(t, i + 1, amendment_nouns, NELEM(amendment_nouns))) {
			/* "my proposal is withdrawn", "consider my suggestion dropped" */
			if ((m = withdrawn_word_at(t, i + 2, b)) >= b)
				continue;
			from = i;
			to = m + 1;
			neg = negated(t, m);
		} else {
			continue;
		}
		for (m = from; m < to; m++)
			((struct tok *)&t->v[m])->used = 1;
		add_cue(sc, neg ? RP_STANCE_AMEND : RP_STANCE_SUPPORT, neg ? 0.8 : 1.0,
			"withdrawn amendment", neg);
	}
}

/* A withdrawn objection in [a, b): counted as support, or as an objection kept when the
 * withdrawal is negated ("I do not withdraw my objection"); its words are used up so
 * "objection" alone is not read. Someone else's withdrawal ("Avri withdrew her
 * objection") is reported, not taken. */
static void withdrawn_objection(const struct toks *t, size_t a, size_t b, struct scores *sc);

static void add_cue(struct scores *sc, enum rp_stance_label l, double w, const char *what, int neg)
{
	struct rp_buf *b = &sc->cues[l];

	sc->s[l] += w;
	if (b->len > 200)
		return;
	if (b->len)
		rp_buf_addch(b, ',');
	if (neg)
		rp_buf_adds(b, "not ");
	rp_buf_adds(b, what);
}

static void withdrawn_objection(const struct toks *t, size_t a, size_t b, struct scores *sc)
{
	size_t i, n, m, from, to;

	for (i = a; i < b; i++) {
		int german, neg, self, settle = 0;
		double w = 1.0;
		if (t->v[i].kind != TK_WORD || t->v[i].used)
			continue;
		german = in_list(t, i, withdraw_verbs_de, NELEM(withdraw_verbs_de));
		settle = in_list(t, i, settle_verbs, NELEM(settle_verbs)) ||
			 (in_list(t, i, settle_bases, NELEM(settle_bases)) && negated(t, i));
		if ((german || settle || in_list(t, i, withdraw_verbs, NELEM(withdraw_verbs))) &&
		    (n = objection_after(t, i, b)) < b && !opens_sentence(t, a, i)) {
			if (german && !particle_closes(t, n + 1, b))
				continue;
			from = i;
			to = n + 1;
			neg = negated(t, i) || (german && negated_after(t, n + 1, b));
		} else if (in_list(t, i, objection_nouns, NELEM(objection_nouns))) {
			/* "my objection is withdrawn", "consider my concern dropped" */
			if ((m = withdrawn_word_at(t, i + 1, b)) >= b)
				continue;
			from = i;
			to = m + 1;
			neg = negated(t, m);
		} else {
			continue;
		}
		self = settle ? SELF_REPORTED : self_stance(t, a, from);
		for (m = from; m < to; m++)
			if (in_list(t, m, others_possessive, NELEM(others_possessive)))
				self = SELF_REPORTED;
			else if (settle && (match_at(t, m, "my") || match_at(t, m, "our")))
				self = SELF_YES;
		if (self == SELF_REPORTED)
			w = 0.1;
		else if (self == SELF_UNSURE)
			w = 0.35;
		for (m = from; m < to; m++)
			((struct tok *)&t->v[m])->used = 1;
		add_cue(sc, neg ? RP_STANCE_OBJECT : RP_STANCE_SUPPORT, w, "withdrawn objection", neg);
	}
}

/* Approval of the text as it stands: an evaluative word before "as drafted", "as it is",
 * "as written" ("fine as drafted", "OK as it is"), or a verb of staying before them ("can
 * stay as it is"). Negated, it objects ("not fine as drafted", "cannot stay as it is"). */
static const char *const as_is_words[] = {
	"fine", "ok", "okay", "good", "acceptable", "perfect", "stay", "stays", "remain", "remains",
};
static const char *const as_is_tails[] = {
	"as drafted", "as written", "as worded", "as proposed", "as it is", "as is", "as it stands",
	"as they are", "as they stand",
};

static void as_drafted(const struct toks *t, size_t a, size_t b, struct scores *sc)
{
	size_t i, k, l;

	for (i = a; i + 1 < b; i++) {
		if (t->v[i].kind != TK_WORD || t->v[i].used || !in_list(t, i, as_is_words, NELEM(as_is_words)))
			continue;
		for (k = 0, l = 0; k < NELEM(as_is_tails) && !l; k++)
			l = match_at(t, i + 1, as_is_tails[k]);
		if (!l || i + 1 + l > b)
			continue;
		for (k = i; k < i + 1 + l; k++)
			((struct tok *)&t->v[k])->used = 1;
		if (negated(t, i))
			add_cue(sc, RP_STANCE_OBJECT, 0.9, "as drafted", 1);
		else
			add_cue(sc, RP_STANCE_SUPPORT, 0.9, "as drafted", 0);
	}
}

static int cue_order[NELEM(cues)];
static int cue_order_ready;

/* Which of 256 bits a word sets in a sentence's filter of words. Each cue starts with a
 * word the sentence must hold, so a cue whose first word's bit is clear is passed over
 * without looking at a token: most of the cues for most sentences. */
static unsigned word_bit(const char *w, size_t len)
{
	return (unsigned)(rp_hash64(0, w, len) & 255);
}

static unsigned cue_first_bit[NELEM(cues)];

static void sort_cues(void)
{
	size_t i, j;

	if (cue_order_ready)
		return;
	/* Longest phrases first, table order within a length (insertion sort, stable). */
	for (i = 0; i < NELEM(cues); i++) {
		int v = (int)i;
		size_t w = phrase_words(cues[i].phrase);
		for (j = i; j > 0 && phrase_words(cues[cue_order[j - 1]].phrase) < w; j--)
			cue_order[j] = cue_order[j - 1];
		cue_order[j] = v;
	}
	for (i = 0; i < NELEM(cues); i++)
		cue_first_bit[i] = word_bit(cues[i].phrase, strcspn(cues[i].phrase, " "));
	cue_order_ready = 1;
}

/* First and last token of sentence `sent` with [a, b) words; b is the TK_END token. */
static void sentence_bounds(const struct toks *t, size_t from, size_t *a, size_t *b)
{
	size_t j = from;

	*a = from;
	while (j < t->n && t->v[j].kind != TK_END)
		j++;
	*b = j;
}

static size_t first_word(const struct toks *t, size_t a, size_t b)
{
	while (a < b && t->v[a].kind != TK_WORD)
		a++;
	return a;
}

static int edit_verb(const struct toks *t, size_t i)
{
	return in_list(t, i, edit_verbs, NELEM(edit_verbs)) || in_list(t, i, imperative_edit, NELEM(imperative_edit));
}

/* Does the edit verb at i open its sentence as the head of a noun phrase that is the
 * subject of a copula ("Change management with volunteers is very hard.", "Change requests
 * are slow")? An imperative takes an object ("Change the title to ..."), and a copula after
 * it belongs to a clause of its own ("... where it is needed", "... as that is wrong"). */
static int edit_noun_subject(const struct toks *t, size_t i, size_t b)
{
	static const char *const copulas[] = { "is", "are", "was", "were" };
	static const char *const clause_openers[] = {
		"that", "which", "who", "where", "as", "because", "since", "if", "when", "it",
		"this", "there", "they", "so", "what", "while", "unless", "than",
		/* "Change 'is' to 'are'", "Add X to the list": the edit's own target */
		"to", "into", "from", "after", "before",
	};
	size_t j;

	if ((i > 0 && t->v[i - 1].kind != TK_END) || i + 1 >= b || t->v[i + 1].kind != TK_WORD ||
	    in_list(t, i + 1, object_starts, NELEM(object_starts)) ||
	    in_list(t, i + 1, determiners, NELEM(determiners)) ||
	    in_list(t, i + 1, copulas, NELEM(copulas)))
		return 0;
	for (j = i + 2; j < b && t->v[j].kind == TK_WORD; j++) {
		if (in_list(t, j, clause_openers, NELEM(clause_openers)))
			return 0;
		if (in_list(t, j, copulas, NELEM(copulas)))
			return 1;
	}
	return 0;
}

/* "make" at i changes the text ("please make tracing optional", "make the limit
 * configurable"), unless it asks the reader to see to something ("please make sure ...",
 * "make a note", "make time to ..."). */
static int makes_text(const struct toks *t, size_t i, size_t b)
{
	static const char *const asks[] = { "sure", "certain", "a", "an", "time", "your" };

	return match_at(t, i, "make") && i + 1 < b && t->v[i + 1].kind == TK_WORD &&
	       !in_list(t, i + 1, asks, NELEM(asks));
}

/* Does [i, b) open with a consider_openers phrase that puts forward what follows, not a
 * question ("what happens", "whether", "if")? */
static int considers(const struct toks *t, size_t i, size_t b)
{
	size_t k, w;

	for (k = 0; k < NELEM(consider_openers); k++) {
		if (!match_at(t, i, consider_openers[k]))
			continue;
		w = i + phrase_words(consider_openers[k]);
		return w < b && t->v[w].kind == TK_WORD && !in_list(t, w, wh_words, NELEM(wh_words)) &&
		       !match_at(t, w, "whether") && !match_at(t, w, "if");
	}
	return 0;
}

/* The imperative verb opening [a, b), or b when there is none: a verb in base form after
 * an opening parenthetical and lead words ("(as in QED) and post the URI"), followed by an
 * object or a particle. */
static size_t imperative_at(const struct toks *t, size_t a, size_t b)
{
	size_t i = a;

	if (a >= b)
		return b;
	/* Only at the start of a sentence or of a clause opened by a contrast ("..., but keep
	 * it private"): "This would however leave ..." has its subject before the marker. */
	if (a > 0 && t->v[a - 1].kind != TK_END && t->v[a].kind != TK_COMMA &&
	    !(t->v[a - 1].kind == TK_WORD && in_list(t, a - 1, contrast_words, NELEM(contrast_words)) &&
	      (a == 1 || t->v[a - 2].kind == TK_END || t->v[a - 2].kind == TK_COMMA)))
		return b;
	if (i < b && t->v[i].kind == TK_COMMA && t->v[i].w[0] == '(') {
		while (i < b && !(t->v[i].kind == TK_COMMA && t->v[i].w[0] == ')'))
			i++;
		if (i < b)
			i++;
	}
	while (i < b && t->v[i].kind != TK_WORD)
		i++;
	/* "If you cannot attend, send a delegate": the main clause after a fronted condition. */
	if (i < b && in_list(t, i, fronted_subordinators, NELEM(fronted_subordinators))) {
		while (i < b && t->v[i].kind != TK_COMMA)
			i++;
		while (i < b && t->v[i].kind != TK_WORD)
			i++;
	}
	while (i < b && t->v[i].kind == TK_WORD && in_list(t, i, imperative_lead, NELEM(imperative_lead)))
		i++;
	if (i + 1 >= b || t->v[i].kind != TK_WORD || t->v[i + 1].kind != TK_WORD ||
	    !in_list(t, i + 1, object_starts, NELEM(object_starts)))
		return b;
	/* "Remember to register" asks; "Remember my comments", "remember that ..." recall. */
	if (match_at(t, i, "remember") && !match_at(t, i + 1, "to"))
		return b;
	if ((edit_verb(t, i) && !in_list(t, i, imperative_vague, NELEM(imperative_vague))) ||
	    in_list(t, i, imperative_ask, NELEM(imperative_ask)))
		return i;
	return b;
}

/* Does a clause after the first ask ("I use quilt; would you mind sharing your script?",
 * "I think the question becomes, do we want ...?")? */
static int asking_clause(const struct toks *t, size_t from, size_t b)
{
	size_t i;

	for (i = from; i + 1 < b; i++) {
		size_t w = i + 1;
		if (t->v[i].kind != TK_COMMA || t->v[w].kind != TK_WORD)
			continue;
		if (in_list(t, w, ask_openers, NELEM(ask_openers)) || in_list(t, w, request_openers, NELEM(request_openers)) ||
		    in_list(t, w, wh_words, NELEM(wh_words)) ||
		    (w + 1 < b && in_list(t, w, aux_words, NELEM(aux_words)) &&
		     in_list(t, w + 1, subject_words, NELEM(subject_words))))
			return 1;
	}
	return 0;
}

/* Does the sentence [a, b) stand inside quotation marks, closed just after its end ("Go off
 * and do something wonderful." ending a quotation, or a quoted sentence whole)? Its mood
 * is the quoted writer's, not a request to the reader. */
static int quoted_sentence(const struct toks *t, size_t a, size_t b)
{
	size_t i, quotes = 0;

	if (b + 1 >= t->n || t->v[b + 1].kind != TK_QUOTE)
		return 0;
	for (i = a; i < b; i++)
		quotes += t->v[i].kind == TK_QUOTE;
	return quotes == 0 || (quotes == 1 && t->v[a].kind == TK_QUOTE);
}

/* Does the clause at fw open with a condition put by inversion ("Should you need a room,
 * ...", "Had we known, ...")? The auxiliary comes before its subject and a main clause
 * follows a comma; it neither asks nor proposes. */
static int inverted_condition(const struct toks *t, size_t fw, size_t b)
{
	size_t i;

	if (!(match_at(t, fw, "should") || match_at(t, fw, "had") || match_at(t, fw, "were")) ||
	    fw + 1 >= b || !in_list(t, fw + 1, subject_words, NELEM(subject_words)))
		return 0;
	for (i = fw + 2; i + 1 < b; i++)
		if (t->v[i].kind == TK_COMMA && t->v[i].w[0] == ',' && t->v[i + 1].kind == TK_WORD)
			return 1;
	return 0;
}

/* Is token i inside an indirect question: "whether" or a wh-word earlier in its clause
 * (back to a comma or the start a of the sentence), not opening that clause ("What should
 * change?" asks directly)? Relative "which" and "who" are left out: "the paragraph which
 * should go" still proposes. */
static int indirect_question(const struct toks *t, size_t a, size_t i)
{
	static const char *const words[] = { "whether", "what", "how", "when", "where", "why" };
	size_t k = i;

	while (k > a && t->v[k - 1].kind == TK_WORD) {
		k--;
		if (in_list(t, k, words, NELEM(words)))
			return k > a && t->v[k - 1].kind == TK_WORD;
	}
	return 0;
}

/* Score one sentence [a, b) into sc. */
static void score_sentence(const struct toks *t, size_t a, size_t b, struct scores *sc)
{
	int question = b < t->n && t->v[b].endch == '?';
	int rhet = 0, opener = 0, request = 0, ask = 0, inverted = 0, wh = 0, commit = 0;
	size_t i, k, fw = first_word(t, a, b), neg_from = (size_t)-1, neg_end = 0;
	int neg_used = 0;
	const char *neg_text = NULL;
	uint64_t words[4]; /* the sentence's filter of words (word_bit) */
	double amend_before = sc->s[RP_STANCE_AMEND];
	size_t imp, pv = b; /* the imperative verb; the verb after "please" */
	int imp_personal = 0, please_personal = 0;

	for (i = a; i < b; i++)
		if (in_list(t, i, boilerplate, NELEM(boilerplate)))
			return;
	imp = question || quoted_sentence(t, a, b) ? b : imperative_at(t, a, b);
	for (i = a; i + 1 < b; i++)
		if (match_at(t, i, "please") || match_at(t, i, "kindly")) {
			pv = i + 1;
			while (pv < b && t->v[pv].kind == TK_WORD &&
			       (match_at(t, pv, "do") || match_at(t, pv, "also") || match_at(t, pv, "just")))
				pv++;
			break;
		}
	for (i = a; i < b; i++)
		if (in_list(t, i, please_foreign, NELEM(please_foreign))) {
			for (k = i + 1; k < b && !in_list(t, k, edit_infinitives, NELEM(edit_infinitives)); k++)
				;
			if (k < b)
				add_cue(sc, RP_STANCE_AMEND, 0.6, t->v[i].w, 0);
			break;
		}
	/* "Add me to the list", "please do add yourselves": the edit verb is no amendment cue. */
	if (imp < b && edit_verb(t, imp) && in_list(t, imp + 1, personal_objects, NELEM(personal_objects))) {
		((struct tok *)&t->v[imp])->used = 1;
		imp_personal = 1;
	}
	if (pv + 1 < b && edit_verb(t, pv) && in_list(t, pv + 1, personal_objects, NELEM(personal_objects))) {
		((struct tok *)&t->v[pv])->used = 1;
		please_personal = 1;
	}
	if (fw < b) {
		opener = in_list(t, fw, proposal_openers, NELEM(proposal_openers)) || considers(t, fw, b);
		request = !opener && in_list(t, fw, request_openers, NELEM(request_openers));
		ask = !opener && in_list(t, fw, ask_openers, NELEM(ask_openers));
		inverted = !request && fw + 1 < b && in_list(t, fw, aux_words, NELEM(aux_words)) &&
			   in_list(t, fw + 1, subject_words, NELEM(subject_words));
		if (!question && inverted_condition(t, fw, b)) {
			inverted = 0;
			((struct tok *)&t->v[fw])->used = 1; /* "should" here is no obligation */
		}
		/* Without '?', "When is ..." asks but "When I joined ..." opens a subordinate clause. */
		wh = !opener && in_list(t, fw, wh_words, NELEM(wh_words)) && fw + 1 < b &&
		     in_list(t, fw + 1, aux_words, NELEM(aux_words));
	}
	/* "I will add this to the agenda" commits and "I could change my draft" offers; neither
	 * proposes. */
	for (i = a; i < b; i++)
		if ((match_at(t, i, "i will") || match_at(t, i, "i'll") || match_at(t, i, "we will") ||
		     match_at(t, i, "i am going to") || match_at(t, i, "i'm going to") ||
		     match_at(t, i, "i could") || match_at(t, i, "i can")) &&
		    /* not in a relative clause: "decide on the map which we will use" */
		    !(i > a && (match_at(t, i - 1, "which") || match_at(t, i - 1, "who"))))
			commit = 1;
	for (i = a; i < b; i++)
		if (in_list(t, i, rhetorical, NELEM(rhetorical)))
			rhet = 1;
	if (question && t->v[b].exclaimed) /* "Why would you do that?!" */
		rhet = 1;
	/* "Why use Word?", "Why bother?": "why" with a bare verb challenges; it asks nothing
	 * ("Why is ...", "Why do you ..." ask; "why not" proposes). */
	if (question && fw + 1 < b && match_at(t, fw, "why") && t->v[fw + 1].kind == TK_WORD &&
	    !in_list(t, fw + 1, aux_words, NELEM(aux_words)) && !in_list(t, fw + 1, subject_words, NELEM(subject_words)) &&
	    !in_list(t, fw + 1, negators, NELEM(negators)))
		rhet = 1;
	for (i = a; i < b; i++) {
		if (in_list(t, i, hedges, NELEM(hedges)))
			sc->hedges++;
		if (in_list(t, i, intensifiers, NELEM(intensifiers)))
			sc->intense++;
	}
	/* Long-scope negators: the rest of the clause is negated. */
	for (i = a; i < b; i++) {
		size_t l = neg_belief(t, i);
		if (l) {
			neg_from = i + l;
			neg_end = neg_from;
			while (neg_end < b && t->v[neg_end].kind != TK_COMMA)
				neg_end++;
			neg_text = "don't think";
			for (k = i; k < i + l; k++)
				((struct tok *)&t->v[k])->used = 1;
			break;
		}
	}
	withdrawn_objection(t, a, b, sc);
	withdrawn_amendment(t, a, b, sc);
	as_drafted(t, a, b, sc);
	memset(words, 0, sizeof(words));
	for (i = a; i < b; i++)
		if (t->v[i].kind == TK_WORD) {
			unsigned bit = word_bit(t->v[i].w, strlen(t->v[i].w));
			words[bit >> 6] |= (uint64_t)1 << (bit & 63);
		}
	for (k = 0; k < NELEM(cues); k++) {
		const struct cue *c = &cues[cue_order[k]];
		unsigned bit = cue_first_bit[cue_order[k]];
		if (!(words[bit >> 6] & ((uint64_t)1 << (bit & 63))))
			continue;
		for (i = a; i < b; i++) {
			size_t pk = b, l, m;
			double w = c->weight;
			enum rp_stance_label lab = c->label;
			int neg = 0, used = 0;
			l = (c->flags & PARTICLE) ? match_split(t, i, b, c->phrase, &pk) : match_at(t, i, c->phrase);
			if (!l)
				continue;
			for (m = i; m < i + l; m++)
				used |= t->v[m].used;
			if (used || (pk < b && t->v[pk].used))
				continue;
			if ((c->flags & OPENS) && i > 0 && t->v[i - 1].kind != TK_END &&
			    t->v[i - 1].sent == t->v[i].sent)
				continue;
			if ((c->flags & VERBNEXT) && (i + l >= b || t->v[i + l].kind != TK_WORD ||
						    in_list(t, i + l, not_action, NELEM(not_action)) || negated(t, i)))
				continue;
			if ((c->flags & ADDED) && !adds_text(t, i + l, b))
				w = 0;
			if ((c->flags & AFFIRM) && (negated(t, i) || (i + l < b && (match_at(t, i + l, "not") ||
											  match_at(t, i + l, "never")))))
				continue;
			/* "a major change": the noun of an edit verb proposes nothing by itself. */
			if (lab == RP_STANCE_AMEND && l == 1 && edit_verb(t, i) &&
			    ((i > a && in_list(t, i - 1, determiners, NELEM(determiners))) ||
			     edit_noun_subject(t, i, b)))
				w = 0;
			/* "the MAG will come back with a concrete proposal": a proposal named,
			 * someone else's to make; "my proposal", "our proposal" are the writer's */
			if (lab == RP_STANCE_AMEND && l == 1 && match_at(t, i, "proposal") &&
			    ((i > a && in_list(t, i - 1, third_party_det, NELEM(third_party_det))) ||
			     (i > a + 1 && t->v[i - 1].kind == TK_WORD &&
			      in_list(t, i - 2, third_party_det, NELEM(third_party_det)))))
				w = 0;
			if (lab == RP_STANCE_OBJECT && l == 1 && reported_noun(t, a, i))
				w *= 0.1;
			if (lab == RP_STANCE_AMEND &&
			    (match_at(t, i, "let us") || match_at(t, i, "let's") || match_at(t, i, "lets")) &&
			    steers_discussion(t, i + l, b))
				w = 0;
			for (m = i; m < i + l; m++)
				((struct tok *)&t->v[m])->used = 1;
			if (pk < b)
				((struct tok *)&t->v[pk])->used = 1;
			if (w <= 0)
				continue;
			if ((c->flags & DROPNEG) && negated(t, i))
				continue;
			if ((c->flags & NEG) &&
			    (negated(t, i) || (i >= neg_from && i < neg_end) ||
			     ((c->flags & POSTNEG) && negated_after(t, i + l, b)))) {
				neg = 1;
				if (i >= neg_from && i < neg_end)
					neg_used = 1;
				/* A negated objection is weak support ("not a problem"); a negated
				 * support is an objection ("I don't agree"). */
				if (lab == RP_STANCE_SUPPORT)
					lab = RP_STANCE_OBJECT;
				else if (lab == RP_STANCE_OBJECT) {
					lab = RP_STANCE_SUPPORT;
					w *= 0.7;
				}
			}
			if (commit && lab == RP_STANCE_AMEND)
				w *= 0.4;
			/* "decide whether they need a meeting, or what their criteria needs to be":
			 * an obligation inside an indirect question names a thing to settle; it
			 * proposes nothing. */
			if (lab == RP_STANCE_AMEND && (c->flags & MODAL) && indirect_question(t, a, i))
				continue;
			if (c->flags & SELF) {
				int self = self_stance(t, a, i);
				if (self == SELF_REPORTED)
					w *= 0.1;
				else if (self == SELF_UNSURE)
					w *= 0.35;
			}
			if (question && !opener) {
				/* "Do you agree?" asks; it does not support. */
				if (lab == RP_STANCE_SUPPORT || lab == RP_STANCE_OBJECT)
					w *= 0.3;
				else if (lab == RP_STANCE_AMEND)
					w *= 0.6;
			}
			add_cue(sc, lab, w, c->phrase, neg);
		}
	}
	if (neg_text && !neg_used)
		add_cue(sc, RP_STANCE_OBJECT, 0.7, neg_text, 0);
	if (question) {
		if (opener) {
			add_cue(sc, RP_STANCE_AMEND, 0.9, t->v[fw].w, 0);
			add_cue(sc, RP_STANCE_QUESTION, 0.4, "?", 0);
		} else if (rhet) {
			add_cue(sc, RP_STANCE_OBJECT, 0.4, "rhetorical ?", 0);
		} else {
			/* "Could we shorten the text?" proposes an edit; "Could we meet on
			 * Tuesday?" asks. */
			if (request && sc->s[RP_STANCE_AMEND] - amend_before > 0) {
				add_cue(sc, RP_STANCE_AMEND, 0.9, t->v[fw].w, 0);
				add_cue(sc, RP_STANCE_QUESTION, 0.6, "?", 0);
			} else if (fw < b &&
				   (in_list(t, fw, declarative_openers, NELEM(declarative_openers)) ||
				    match_at(t, fw, "because")) &&
				   !asking_clause(t, fw + 1, b)) {
				/* "I'm guessing you mean the ALT attribute?", "Because you use
				 * Windows?": a statement or a reason put tentatively; a question only
				 * with a cue of its own ("I wonder whether ...?"). */
				add_cue(sc, RP_STANCE_QUESTION, 0.3, "?", 0);
			} else {
				add_cue(sc, RP_STANCE_QUESTION, 1.0, "?", 0);
				if (request)
					add_cue(sc, RP_STANCE_AMEND, 0.5, t->v[fw].w, 0);
			}
		}
	} else if (request || ask || inverted) {
		/* "Can people check their diaries", "Have I understood correctly". */
		add_cue(sc, RP_STANCE_QUESTION, 0.7, request || ask ? t->v[fw].w : "inversion", 0);
	} else if (wh) {
		add_cue(sc, RP_STANCE_QUESTION, 0.5, t->v[fw].w, 0);
	}
	/* "Yes, this is the heart of it": assent opening a sentence. */
	if (!question && fw < b && (match_at(t, fw, "yes") || match_at(t, fw, "absolutely") || match_at(t, fw, "indeed")))
		add_cue(sc, RP_STANCE_SUPPORT, 0.5, t->v[fw].w, 0);
	/* "Please respond", "please let us know": a request; "please replace X" is an edit,
	 * "please add me" a request again. */
	if (pv < b) {
		if (t->v[pv].kind == TK_COMMA && pv + 1 < b &&
		    in_list(t, pv + 1, please_subjects, NELEM(please_subjects)))
			; /* "Please, this has nothing to do with ...": an exclamation */
		else if ((in_list(t, pv, edit_verbs, NELEM(edit_verbs)) || makes_text(t, pv, b)) &&
			 !please_personal)
			add_cue(sc, RP_STANCE_AMEND, 0.6, "please", 0);
		else if (match_at(t, pv, "note") || match_at(t, pv, "find") || match_at(t, pv, "see") ||
			 in_list(t, pv, please_formulas, NELEM(please_formulas)))
			; /* "please note", "please find attached": information; "please excuse" */
		else if (!question)
			add_cue(sc, RP_STANCE_QUESTION, 0.7, "please", 0);
	}
	/* "Take me off this list", "send the minutes": a request; "delete the second sentence"
	 * an edit, unless its object is a person ("add me to the list"). */
	if (imp < b) {
		if (edit_verb(t, imp) && !imp_personal)
			add_cue(sc, RP_STANCE_AMEND, 0.6, "imperative", 0);
		else
			add_cue(sc, RP_STANCE_QUESTION, 0.8, "imperative", 0);
	}
}

/* Contrast across the whole text: every marker ("but", "however") halves the scores
 * gathered before it, so what follows dominates. */
static int clause_weighted_classify(const struct toks *t, struct scores *sc)
{
	size_t i = 0;

	while (i < t->n) {
		size_t a, b, j, seg = 0;
		sentence_bounds(t, i, &a, &b);
		/* Split the sentence at contrast markers; score each part, halving the running
		 * totals at each marker. */
		seg = a;
		for (j = a; j <= b; j++) {
			int marker = 0;
			if (j < b && t->v[j].kind == TK_WORD &&
			    in_list(t, j, contrast_words, NELEM(contrast_words)) &&
			    !match_at(t, j, "but also")) {
				/* "still" and "yet" are contrast only at a clause start. */
				if ((match_at(t, j, "still") || match_at(t, j, "yet")) &&
				    !(j == a || t->v[j - 1].kind == TK_COMMA))
					marker = 0;
				else
					marker = 1;
			}
			if (j == b || marker) {
				if (j == b) {
					score_sentence(t, seg, b, sc);
				} else {
					int concessive = (j == first_word(t, a, b)) &&
							 (match_at(t, j, "although") || match_at(t, j, "though"));
					if (concessive) {
						/* "Although I agree, X should ...": the clause up to the
						 * first comma is the concession. */
						size_t c = j;
						double before[RP_STANCE_NOTE + 1];
						int l;
						while (c < b && t->v[c].kind != TK_COMMA)
							c++;
						memcpy(before, sc->s, sizeof(before));
						score_sentence(t, j, c, sc);
						for (l = 0; l <= RP_STANCE_NOTE; l++)
							sc->s[l] = before[l] + (sc->s[l] - before[l]) * 0.5;
						seg = c;
						j = c;
						continue;
					}
					score_sentence(t, seg, j, sc);
					if (seg < j || j > a) {
						int l;
						for (l = 0; l <= RP_STANCE_NOTE; l++)
							sc->s[l] *= 0.5;
					}
					seg = j + 1;
				}
			}
		}
		i = b + 1;
	}
	return 0;
}

/* ---- trailers, bare agreement, proposed text, targets ---- */

static int is_trailer(const char *line, size_t len, enum rp_stance_label *lab)
{
	static const struct {
		const char *p;
		enum rp_stance_label l;
	} tr[] = {
		{ "acked-by:", RP_STANCE_SUPPORT },    { "reviewed-by:", RP_STANCE_SUPPORT },
		{ "tested-by:", RP_STANCE_SUPPORT },   { "supported-by:", RP_STANCE_SUPPORT },
		{ "nacked-by:", RP_STANCE_OBJECT },    { "nak-by:", RP_STANCE_OBJECT },
	};
	size_t k;

	while (len && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	for (k = 0; k < NELEM(tr); k++) {
		size_t pl = strlen(tr[k].p);
		if (len >= pl && rp_ascii_ncasecmp(line, tr[k].p, pl) == 0) {
			*lab = tr[k].l;
			return 1;
		}
	}
	return 0;
}

/* Words that may surround a bare "+1" or "agreed" without making it a statement. */
static const char *const bare_words[] = {
	"+1",	 "-1",	   "+1000",    "agree",	  "agreed", "same",	"here",	  "ditto", "me",
	"too",	 "second", "seconded", "that",	  "this",   "yes",	"support", "i",	   "fully",
	"totally", "completely", "strongly", "also", "from",	"thanks", "thank", "you",  "lgtm",
	"concur", "likewise", "indeed", "absolutely", "exactly", "well",	"said",	  "with",  "it",
	"disagree", "do", "as", "well", "all", "hi", "very", "much", "100%", "wholeheartedly",
	"both", "points", "on", "everything", "+0", "big", "a",
};

/* Whether a sentence asks a question only to refuse what it names: "Why should we accept
 * 4.1 when it contradicts 2.3?", "How can we possibly endorse section 5 as written?". Its
 * opening must be one of these and the verb one of taking the text; "Why does 4.1 say 30
 * days?" and "How can we reach the members?" stay questions. */
static int rhetorical_objection(const struct toks *t)
{
	static const char *const opens[] = { "how can we", "how could we", "why should we",
					     "why would we" };
	static const char *const verbs[] = { "accept", "agree", "endorse", "support", "adopt",
					     "approve", "sign", "justify" };
	size_t i, k, v, m;

	for (i = 0; i < t->n; i++) {
		size_t e;
		if (i > 0 && t->v[i - 1].kind != TK_END)
			continue;
		for (e = i; e < t->n && t->v[e].kind != TK_END; e++)
			;
		if (e == t->n || t->v[e].endch != '?')
			continue;
		for (k = 0; k < NELEM(opens); k++) {
			if (!(m = match_at(t, i, opens[k])))
				continue;
			v = i + m;
			if (v < t->n && t->v[v].kind == TK_WORD &&
			    (!strcmp(t->v[v].w, "possibly") || !strcmp(t->v[v].w, "really") ||
			     !strcmp(t->v[v].w, "even")))
				v++;
			if (v < e && in_list(t, v, verbs, NELEM(verbs)))
				return 1;
		}
	}
	return 0;
}

/* Whether low thanks someone for a reply rather than for a position ("Thanks Lise for the
 * answer on 5.2", "thank you for the clarification"): the person answered, and the
 * writer agrees with nothing by saying so; a point that also agrees has its own cue. */
static int thanks_for_reply(const char *low)
{
	static const char *const what[] = { "answer", "reply", "response", "explanation",
					    "clarification", "information", "info", "link",
					    "pointer", "update", "quick reply", "quick response" };
	const char *p;
	size_t k;

	for (p = low; (p = strstr(p, "for ")) != NULL; p += 4) {
		const char *w = p + 4;
		if (p > low && isalpha((unsigned char)p[-1]))
			continue;
		if (!strncmp(w, "the ", 4))
			w += 4;
		else if (!strncmp(w, "your ", 5))
			w += 5;
		else if (!strncmp(w, "her ", 4) || !strncmp(w, "his ", 4))
			w += 4;
		for (k = 0; k < NELEM(what); k++) {
			size_t l = strlen(what[k]);
			if (!strncmp(w, what[k], l) && (w[l] == 's' ? !isalpha((unsigned char)w[l + 1])
								  : !isalpha((unsigned char)w[l])))
				return 1;
		}
	}
	return 0;
}

/* Whether the writer voted "-0" (see the cue): their objection does not block. */
static int mild_vote(const struct toks *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].kind == TK_WORD && !strcmp(t->v[i].w, "-0"))
			return 1;
	return 0;
}

static int bare_agreement(const struct toks *t)
{
	size_t i, k, words = 0;
	int cue = 0;

	for (i = 0; i < t->n; i++) {
		int found = 0;
		if (t->v[i].kind != TK_WORD)
			continue;
		words++;
		for (k = 0; k < NELEM(bare_words); k++)
			if (strcmp(t->v[i].w, bare_words[k]) == 0)
				found = 1;
		if (!found)
			return 0;
		if (!strcmp(t->v[i].w, "+1") || !strcmp(t->v[i].w, "-1") || !strcmp(t->v[i].w, "agree") ||
		    !strcmp(t->v[i].w, "agreed") || !strcmp(t->v[i].w, "same") ||
		    !strcmp(t->v[i].w, "ditto") || !strcmp(t->v[i].w, "second") ||
		    !strcmp(t->v[i].w, "seconded") || !strcmp(t->v[i].w, "lgtm") ||
		    !strcmp(t->v[i].w, "concur") || !strcmp(t->v[i].w, "disagree") ||
		    !strcmp(t->v[i].w, "+1000") || !strcmp(t->v[i].w, "support") ||
		    !strcmp(t->v[i].w, "me"))
			cue = 1;
	}
	return cue && words <= 10;
}

/* A reply opening with a bare agreement as a sentence of its own ("Same here. Two pages
 * is reasonable, ...", "Agreed. And ..."): the agreement answers the message replied to,
 * what follows gives the writer's reasons. */
static int bare_opening(const struct toks *t)
{
	struct toks first = *t;
	size_t i;

	for (i = 0; i < t->n && t->v[i].kind != TK_END; i++)
		;
	if (i == 0 || i >= t->n || t->v[i].endch != '.')
		return 0;
	first.n = i;
	return i <= 4 && bare_agreement(&first);
}

/* Is s[b, e) one of words (ASCII case aside)? */
static int word_is_one_of(const char *s, size_t b, size_t e, const char *const *words)
{
	size_t k;

	for (k = 0; e > b && words[k]; k++)
		if (strlen(words[k]) == e - b && rp_ascii_ncasecmp(s + b, words[k], e - b) == 0)
			return 1;
	return 0;
}

/* Quotation marks a proposal may stand in, as lists write them: straight and English curly
 * double quotes (either closing either, as mail clients convert one and not the other),
 * German and Polish quotes opening with „, French « » and ‹ ›, CJK 「 」 and 『 』, single
 * curly quotes ‘ ’ and straight single quotes ' '. The single closing marks are also
 * apostrophes, and the straight one opens elisions too ("'90s"), so single quotes follow
 * stricter rules (single_opens, single_closes): SQ_CURLY and SQ_ASCII. */
enum { SQ_NONE, SQ_CURLY, SQ_ASCII };

static const struct qmark {
	const char *open, *close[3];
	int single;
} qmarks[] = {
	{ "\"", { "\"", "\xe2\x80\x9d", NULL }, 0 },			   /* " " or ” */
	{ "\xe2\x80\x9c", { "\xe2\x80\x9d", "\"", NULL }, 0 },		   /* “ ” or " */
	{ "\xe2\x80\x9e", { "\xe2\x80\x9c", "\xe2\x80\x9d", NULL }, 0 }, /* „ “ or ” */
	{ "\xc2\xab", { "\xc2\xbb", NULL, NULL }, 0 },			   /* « » */
	{ "\xe2\x80\xb9", { "\xe2\x80\xba", NULL, NULL }, 0 },		   /* ‹ › */
	{ "\xe3\x80\x8c", { "\xe3\x80\x8d", NULL, NULL }, 0 },		   /* 「 」 */
	{ "\xe3\x80\x8e", { "\xe3\x80\x8f", NULL, NULL }, 0 },		   /* 『 』 */
	{ "\xe2\x80\x98", { "\xe2\x80\x99", NULL, NULL }, SQ_CURLY },	   /* ‘ ’ */
	{ "'", { "'", NULL, NULL }, SQ_ASCII },				   /* ' ' */
};

/* Length of the mark str at s[i, to), 0 when it is not there. */
static size_t mark_len(const char *s, size_t i, size_t to, const char *str)
{
	size_t l = strlen(str);

	return to - i >= l && memcmp(s + i, str, l) == 0 ? l : 0;
}

/* The opening mark at s[i, to): its index in qmarks, -1 for none. */
static int qmark_at(const char *s, size_t i, size_t to, size_t *ol)
{
	size_t m;

	for (m = 0; m < NELEM(qmarks); m++)
		if ((*ol = mark_len(s, i, to, qmarks[m].open)))
			return (int)m;
	return -1;
}

/* Length of a closing mark of qmarks[m] at s[j, to), 0 when none closes there. */
static size_t qclose_at(const char *s, size_t j, size_t to, int m)
{
	size_t k, l;

	for (k = 0; k < NELEM(qmarks[m].close) && qmarks[m].close[k]; k++)
		if ((l = mark_len(s, j, to, qmarks[m].close[k])))
			return l;
	return 0;
}

/* Spaces that may stand inside a quotation ("« Les coalitions »"): white space, no-break
 * space U+00A0, thin space U+2009, narrow no-break space U+202F. Returns the length of the
 * one at s[i, to), 0 when none. */
static size_t inner_space(const char *s, size_t i, size_t to)
{
	if (i < to && isspace((unsigned char)s[i]))
		return 1;
	if (mark_len(s, i, to, "\xc2\xa0"))
		return 2;
	if (mark_len(s, i, to, "\xe2\x80\x89") || mark_len(s, i, to, "\xe2\x80\xaf"))
		return 3;
	return 0;
}

/* Is s[i] within s[from, to) a word byte for the single-quote rules? ASCII letters and
 * digits: the bytes of other letters would do, but so would those of "—‘". */
static int ascii_word(const char *s, size_t i, size_t from, size_t to)
{
	return i >= from && i < to && isalnum((unsigned char)s[i]);
}

/* Does the straight quote at s[i] open an elision rather than a quotation: a year ("'90s",
 * "the '24 meeting") or a word whose first letters the writer left out ("'tis", "'em",
 * "rock 'n roll")? Not when the quote closes right after the word: "replace 'cause' with
 * 'reason'" quotes it. */
static int elision_at(const char *s, size_t i, size_t to)
{
	static const char *const clipped[] = { "tis", "twas", "em", "n", "til", "cause", "cos",
					       "bout", "round", NULL };
	size_t a = i + 1, e = a, digits = 0;

	while (e < to && isalnum((unsigned char)s[e]))
		digits += isdigit((unsigned char)s[e++]) != 0;
	if (e < to && s[e] == '\'')
		return 0;
	if (digits == 2 && (e - a == 2 || (e - a == 3 && (s[e - 1] == 's' || s[e - 1] == 'S'))))
		return 1;
	return word_is_one_of(s, a, e, clipped);
}

/* Does the byte sequence at s[j, to) end a word as punctuation does: ASCII punctuation
 * other than the straight quote, or a mark of the General Punctuation block (dashes, curly
 * quotes, the ellipsis, thin spaces), », or a no-break space? */
static int punct_at(const char *s, size_t j, size_t to)
{
	unsigned char c = (unsigned char)s[j];

	if (c < 0x80)
		return ispunct(c) && c != '\'';
	return (to - j >= 3 && c == 0xE2 && (unsigned char)s[j + 1] == 0x80) || mark_len(s, j, to, "\xc2\xbb") ||
	       mark_len(s, j, to, "\xc2\xa0");
}

/* ‘ opens a quotation only at a word start ("‘may’", not "rock‘n’roll") and hugging the
 * word after it; ’ closes one only hugging the word before it and at a word end: in
 * "don’t" and "the IGF’s role" it is an apostrophe. The straight quote ' is an apostrophe
 * far more often than a quotation mark ("don't", "the members' view"): it opens only
 * after white space, an opening bracket or the start, hugging a word that is no elision
 * ("'90s"), and closes only hugging the word before it and before white space,
 * punctuation or the end. For every other mark, 1. */
static int single_opens(const char *s, size_t from, size_t i, size_t ol, size_t to, int m)
{
	if (qmarks[m].single == SQ_ASCII)
		return (i == from || isspace((unsigned char)s[i - 1]) || strchr("([{", s[i - 1])) &&
		       i + 1 < to && !isspace((unsigned char)s[i + 1]) && s[i + 1] != '\'' &&
		       !elision_at(s, i, to);
	if (qmarks[m].single == SQ_CURLY)
		return !(i > from && ascii_word(s, i - 1, from, to)) && i + ol < to && !inner_space(s, i + ol, to);
	return 1;
}

static int single_closes(const char *s, size_t from, size_t j, size_t cl, size_t to, int m)
{
	if (qmarks[m].single == SQ_ASCII)
		return j > from && !isspace((unsigned char)s[j - 1]) &&
		       (j + 1 >= to || isspace((unsigned char)s[j + 1]) || punct_at(s, j + 1, to));
	if (qmarks[m].single == SQ_CURLY)
		return j > from && !isspace((unsigned char)s[j - 1]) && !ascii_word(s, j + cl, from, to);
	return 1;
}

/* Is there a blank line at s[j, to), a line break followed by only white space up to the
 * next one? */
static int blank_line_at(const char *s, size_t j, size_t to)
{
	if (s[j] != '\n')
		return 0;
	for (j++; j < to && s[j] != '\n'; j++)
		if (!isspace((unsigned char)s[j]))
			return 0;
	return j < to;
}

/* The closing mark of the quotation that qmarks[m] opens at s[i] (ol bytes long), within
 * s[from, to): its offset, with its length in *cl; *cl is 0 when none closes it. A straight
 * single quote is never left open: it closes before a blank line or not at all, and when
 * another one opens first (*reopen, else 0), the first was an apostrophe ("rock 'n roll,
 * I say 'may'"). Each byte is read once per opening mark, and a later search starts past
 * the ones read, so the reading stays linear. */
static size_t quote_close(const char *s, size_t from, size_t i, size_t ol, size_t to, int m, size_t *cl,
			  size_t *reopen)
{
	size_t j;

	*cl = 0;
	*reopen = 0;
	for (j = i + ol; j < to; j++) {
		if (qmarks[m].single == SQ_ASCII) {
			if (blank_line_at(s, j, to))
				return j;
			if (s[j] != '\'')
				continue;
			if (single_closes(s, from, j, 1, to, m)) {
				*cl = 1;
				return j;
			}
			if (single_opens(s, from, j, 1, to, m)) {
				*reopen = j;
				return j;
			}
			continue;
		}
		if ((*cl = qclose_at(s, j, to, m)) && single_closes(s, from, j, *cl, to, m))
			return j;
		*cl = 0;
	}
	return to;
}

/* Is the word right before s[i] one that places new words ("adding "X" after "Y"")? The
 * quoted string after it is where the proposal goes, not the proposal. */
static int after_position_word(const char *s, size_t from, size_t i)
{
	static const char *const words[] = { "after", "before", "following", "behind", "between",
					     "apr\xc3\xa8s", "avant", "nach", "vor", "despu\xc3\xa9s",
					     "antes", NULL };
	size_t e = i, b;

	while (e > from && s[e - 1] == ' ')
		e--;
	b = e;
	while (b > from && (isalpha((unsigned char)s[b - 1]) || (unsigned char)s[b - 1] >= 0x80))
		b--;
	return word_is_one_of(s, b, e, words);
}

/* Is the quotation opened at s[open], its words s[a, b), closing before s[i], named as
 * existing text by the noun after it? A noun of wording names it whatever its length ("the
 * "clear objective" wording we respond to"). A noun of a part of the text names it when the
 * quotation is short, one to three words, a handle on the part rather than the part itself
 * ("the "talk shop" sentence", ""Next steps" section"), or when a determiner or a possessive
 * comes before it ("the "..." paragraph"), unless a number follows the noun: "add "and
 * youth" paragraph 2" says where the words go. Either way it is a mention, not a proposal. */
static int mention_noun_follows(const char *s, size_t from, size_t open, size_t a, size_t b, size_t i,
				size_t to)
{
	static const char *const nouns[] = { "wording", "word", "words", "phrase", "term",
					     "terms", "language", "formulation", "expression",
					     "passage", "label", "concept", "notion", NULL };
	static const char *const parts[] = { "sentence", "sentences", "paragraph", "paragraphs",
					     "section", "sections", "subsection", "clause", "clauses",
					     "bullet", "bullets", "heading", "title", "line", "lines",
					     "part", "paragraphe", "alin\xc3\xa9" "a", NULL };
	static const char *const determiners[] = { "the", "this", "that", "these", "those", "its",
						   "our", "your", "their", "his", "her", "le", "la",
						   "les", "cette", "ce", "der", "die", "das", "den", NULL };
	size_t wb, we, words = 0, k;

	wb = i;
	while (wb < to && isspace((unsigned char)s[wb]))
		wb++;
	we = wb;
	while (we < to && isalpha((unsigned char)s[we]))
		we++;
	if (we < to && ((unsigned char)s[we] >= 0x80 || s[we] == '-'))
		return 0;
	if (word_is_one_of(s, wb, we, nouns))
		return 1;
	if (!word_is_one_of(s, wb, we, parts))
		return 0;
	/* "add "and youth" paragraph 2": a part with its number is where the words go. */
	for (k = we; k < to && (s[k] == ' ' || s[k] == '\t'); k++)
		;
	if (k > we && k < to && isdigit((unsigned char)s[k]))
		return 0;
	for (k = a; k < b; k++)
		words += !isspace((unsigned char)s[k]) && (k == a || isspace((unsigned char)s[k - 1]));
	if (words <= 3)
		return 1;
	/* The word before the opening mark: a determiner, or a possessive ("Jutta's"). */
	we = open;
	while (we > from && isspace((unsigned char)s[we - 1]))
		we--;
	wb = we;
	while (wb > from && (isalpha((unsigned char)s[wb - 1]) || s[wb - 1] == '\'' ||
			     (unsigned char)s[wb - 1] >= 0x80))
		wb--;
	return word_is_one_of(s, wb, we, determiners) ||
	       (we - wb > 2 && s[we - 2] == '\'' && (s[we - 1] == 's' || s[we - 1] == 'S')) ||
	       (we - wb > 4 && mark_len(s, we - 4, we, "\xe2\x80\x99s"));
}

/* Is the quotation opened at s[i] the object of a deletion ("delete "in principle"", "the
 * deletion of "talk shop"", "Jutta's proposal to delete the "talk shop" sentence")? A
 * deletion proposes to take words out, not to put the quoted ones in. The nearest verb of
 * editing before it, within six words of the same sentence and after the quotation before
 * (closed at s[prev_end]), decides: one of deletion makes it the deleted text; one of
 * adding, replacing, writing or proposing makes it the words it brings ("delete the
 * sentence and start the section with: "..."", "strike "may" and insert "must""). */
static int deleted_text(const char *s, size_t from, size_t i, size_t prev_end)
{
	static const char *const deleting[] = {
		"delete", "deletes", "deleting", "deleted", "deletion", "remove", "removes",
		"removing", "removed", "removal", "strike", "striking", "struck", "drop",
		"dropping", "dropped", "omit", "omitting", "omitted", "omission", "cut", "cutting",
		"scrap", "scrapping", "eliminate", "eliminating", "supprimer", "supprimez",
		"suppression", "retirer", "retirez", "streichen", "gestrichen", "l\xc3\xb6schen",
		"suprimir", "eliminar", NULL
	};
	static const char *const adding[] = {
		"add", "adds", "adding", "added", "addition", "insert", "inserting", "inserted",
		"insertion", "include", "including", "propose", "proposing", "suggest", "suggesting",
		"replace", "replacing", "replaced", "change", "changing", "reword", "rephrase",
		"read", "reads", "say", "says", "with", "by", "use", "using", "write", "writing",
		"put", "keep", "retain", "prefer", "start", "begin", "end", "instead", "and", "then",
		"but", "or", "ajouter", "ajoutez", "ins\xc3\xa9rer", "remplacer", "par",
		"einf\xc3\xbcgen", "hinzuf\xc3\xbcgen", "ersetzen", "durch", "a\xc3\xb1" "adir", NULL
	};
	size_t e = i, words = 0;

	if (prev_end > from)
		from = prev_end;
	while (e > from && words < 6) {
		size_t b;
		unsigned char c = (unsigned char)s[e - 1];
		if ((c == '.' || c == '!' || c == '?' || c == ';') && e < i && isspace((unsigned char)s[e]))
			return 0;
		if (c == '\n' && e - 1 > from && s[e - 2] == '\n')
			return 0;
		if (!isalpha(c) && c < 0x80) {
			e--;
			continue;
		}
		b = e;
		while (b > from && (isalpha((unsigned char)s[b - 1]) || (unsigned char)s[b - 1] >= 0x80))
			b--;
		if (word_is_one_of(s, b, e, deleting))
			return 1;
		if (word_is_one_of(s, b, e, adding))
			return 0;
		words++;
		e = b;
	}
	return 0;
}

/* Does s[from, i) end with the words of phrase (ASCII case aside), with only white space or
 * an opening bracket between its last word and s[i]? Words are whole: "cannot" does not end
 * with "not"; a dash (U+2010 to U+2015) before the phrase parts words as a space does. */
static int phrase_before(const char *s, size_t from, size_t i, const char *phrase)
{
	size_t pl = strlen(phrase), e = i;

	while (e > from && (isspace((unsigned char)s[e - 1]) || s[e - 1] == '('))
		e--;
	while (pl) {
		size_t wb = pl, wl;
		while (wb && phrase[wb - 1] != ' ')
			wb--;
		wl = pl - wb;
		if (e - from < wl || rp_ascii_ncasecmp(s + e - wl, phrase + wb, wl) != 0)
			return 0;
		e -= wl;
		pl = wb ? wb - 1 : 0;
		if (pl) {
			if (e == from || !isspace((unsigned char)s[e - 1]))
				return 0;
			while (e > from && isspace((unsigned char)s[e - 1]))
				e--;
		}
	}
	/* A dash may hug the phrase ("'may'—not 'must'"). */
	return e == from || !(isalnum((unsigned char)s[e - 1]) || (unsigned char)s[e - 1] >= 0x80) ||
	       (e - from >= 3 && (unsigned char)s[e - 3] == 0xE2 && (unsigned char)s[e - 2] == 0x80 &&
		(unsigned char)s[e - 1] >= 0x90 && (unsigned char)s[e - 1] <= 0x95);
}

/* Is s[a, b) one word, white space aside? */
static int gap_is_word(const char *s, size_t a, size_t b, const char *word)
{
	while (a < b && isspace((unsigned char)s[a]))
		a++;
	while (b > a && isspace((unsigned char)s[b - 1]))
		b--;
	return b - a == strlen(word) && rp_ascii_ncasecmp(s + a, word, b - a) == 0;
}

enum choice { CHOICE_NONE, CHOICE_PREFER, CHOICE_EDIT, CHOICE_ADD };

/* The nearest verb before s[i], within a few words of the same sentence: one of preferring
 * ("I would prefer "X" to "Y""), one of editing or moving ("change "Y" to "X"", "from "Y"
 * to "X"", "soften this to "X"") or, when adds is set, one of adding ("add "X" to the
 * list"); CHOICE_NONE when there is none. */
static enum choice choice_before(const char *s, size_t from, size_t i, int adds)
{
	static const char *const edits[] = { "change", "changing", "changed", "replace", "replacing",
					     "replaced", "amend", "amending", "alter", "altering",
					     "rename", "renaming", "move", "moving", "modify",
					     "modifying", "switch", "switching", "turn", "turning",
					     "convert", "converting", "update", "updating", "correct",
					     "correcting", "reword", "rephrase", "edit", "editing",
					     "soften", "softening", "strengthen", "strengthening",
					     "tone", "toning", "from", NULL };
	static const char *const adding[] = { "add", "adding", "insert", "inserting", "append",
					      "appending", "include", "including", NULL };
	size_t e = i, words = 0;

	while (e > from && words < 12 && i - e < 160) {
		size_t b;
		char c = s[e - 1];
		if ((c == '.' || c == '!' || c == '?' || c == ';') && e < i && isspace((unsigned char)s[e]))
			return CHOICE_NONE;
		if (!isalpha((unsigned char)c)) {
			e--;
			continue;
		}
		b = e;
		while (b > from && isalpha((unsigned char)s[b - 1]))
			b--;
		if ((e - b >= 6 && rp_ascii_ncasecmp(s + b, "prefer", 6) == 0) ||
		    (e - b >= 5 && rp_ascii_ncasecmp(s + b, "favo", 4) == 0 &&
		     (s[b + 4] == 'r' || s[b + 4] == 'u')))
			return CHOICE_PREFER;
		if (word_is_one_of(s, b, e, edits))
			return CHOICE_EDIT;
		if (adds && word_is_one_of(s, b, e, adding))
			return CHOICE_ADD;
		words++;
		e = b;
	}
	return CHOICE_NONE;
}

/* The start of the word of letters (ASCII apostrophes and typographic ones inside) that ends
 * s[from, e) after white space, colons and opening brackets; its end in *we. Only its last
 * 32 bytes are read: no word looked for is longer. */
static size_t word_before(const char *s, size_t from, size_t e, size_t *we)
{
	size_t b;

	while (e > from && (isspace((unsigned char)s[e - 1]) || s[e - 1] == '(' || s[e - 1] == ':'))
		e--;
	*we = e;
	for (b = e; b > from && e - b < 32; b--) {
		unsigned char c = (unsigned char)s[b - 1];
		if (isalpha(c) || c == '\'')
			continue;
		if (b - from >= 3 && mark_len(s, b - 3, e, "\xe2\x80\x99")) {
			b -= 2;
			continue;
		}
		break;
	}
	return b;
}

/* Is the quotation opening at s[i] the new text of an explicit replacement: right after
 * "to", "into", "with" or "by" that follow a verb of editing ("change "shall" to "should"",
 * "from "shall" to "should"", "replace "rules" with "guidelines"", "soften this to "may"")?
 * It is the proposal even when other quotations follow ("..., since "must" is too
 * strong"). */
static int replacement_target(const char *s, size_t from, size_t i)
{
	static const char *const joins[] = { "to", "into", "with", "by", NULL };
	size_t we, wb = word_before(s, from, i, &we);

	return word_is_one_of(s, wb, we, joins) && choice_before(s, from, wb, 1) == CHOICE_EDIT;
}

/* Is the quotation opening at s[i] the place new words go, after "to" or "into" that follow
 * a verb of adding ("add "and youth" to "Next steps"")? */
static int place_of_addition(const char *s, size_t from, size_t i)
{
	static const char *const joins[] = { "to", "into", NULL };
	size_t we, wb = word_before(s, from, i, &we);

	return word_is_one_of(s, wb, we, joins) && choice_before(s, from, wb, 1) == CHOICE_ADD;
}

/* Is the quotation opening at s[i] wording the writer rejects, the object of a negated verb
 * of wording ("Don't say "never"", "we should not use "must"") or of "avoid" ("avoid
 * "must"", "avoid using "must"")? "Why not say "shall"?" proposes it. */
static int rejected_wording(const char *s, size_t from, size_t i)
{
	static const char *const verbs[] = { "say", "use", "write", "put", "add", "include", "call", NULL };
	static const char *const avoid_verbs[] = { "using", "saying", "writing", NULL };
	static const char *const why[] = { "why", "warum", "pourquoi", NULL };
	size_t we, wb = word_before(s, from, i, &we), ne, nb;

	if (word_is_one_of(s, wb, we, avoid_verbs))
		wb = word_before(s, from, wb, &we);
	if (word_is_one_of(s, wb, we, (const char *const[]){ "avoid", NULL }))
		return 1;
	if (!word_is_one_of(s, wb, we, verbs))
		return 0;
	nb = word_before(s, from, wb, &ne);
	if (ne - nb == 3 && rp_ascii_ncasecmp(s + nb, "not", 3) == 0) {
		size_t xe, xb = word_before(s, from, nb, &xe);
		return !word_is_one_of(s, xb, xe, why);
	}
	return (ne - nb == 5 && rp_ascii_ncasecmp(s + nb, "never", 5) == 0) ||
	       (ne - nb >= 3 && rp_ascii_ncasecmp(s + ne - 3, "n't", 3) == 0) ||
	       (ne - nb >= 5 && mark_len(s, ne - 4, ne, "\xe2\x80\x99t") && s[ne - 5] == 'n');
}

/* The start of the words that name existing text right before s[i] ("the word", "the
 * current", "the draft's"), at most three; i when there are none. "Instead of the word
 * "must"" names the current text as "instead of "must"" does. */
static size_t mention_words_before(const char *s, size_t from, size_t i)
{
	static const char *const words[] = { "the", "a", "this", "that", "current", "existing",
					     "present", "original", "old", "draft", "draft's",
					     "word", "term", "phrase", "wording", "expression",
					     "text", NULL };
	size_t k, we, wb;

	for (k = 0; k < 3; k++) {
		wb = word_before(s, from, i, &we);
		if (wb == we || !word_is_one_of(s, wb, we, words))
			break;
		i = wb;
	}
	return i;
}

/* Is the quoted string opening at s[i] named as the current text, the one a proposal
 * replaces, or as wording the writer rejects? It is when a connective of substitution
 * precedes it, a few words naming existing text aside (""shall" instead of "should"", "use
 * "may", not "must"", "rather than the word "countries""), when it is the object of a
 * negated verb of wording ("don't say "never""), or when "to" / "over" joins it to the
 * quotation before, opened at s[prev] and closed at s[prev_end], after a verb of
 * preferring ("I prefer "X" to "Y""). */
static int names_current_text(const char *s, size_t from, size_t i, size_t prev, size_t prev_end)
{
	static const char *const connectives[] = { "instead of", "rather than", "in place of",
						   "in lieu of", "as opposed to", "not",
						   "au lieu de", "plut\xc3\xb4t que", "et non", "statt",
						   "anstatt", "anstelle von", "nicht", "en lugar de",
						   "en vez de", NULL };
	size_t k, c = mention_words_before(s, from, i);

	/* "Why not "shall"?" proposes it. */
	if (phrase_before(s, from, i, "why not") || phrase_before(s, from, i, "warum nicht") ||
	    phrase_before(s, from, i, "pourquoi pas"))
		return 0;
	for (k = 0; connectives[k]; k++)
		if (phrase_before(s, from, i, connectives[k]) || (c < i && phrase_before(s, from, c, connectives[k])))
			return 1;
	if (rejected_wording(s, from, i))
		return 1;
	if (prev_end && (gap_is_word(s, prev_end, i, "to") || gap_is_word(s, prev_end, i, "over")))
		return choice_before(s, from, prev, 0) == CHOICE_PREFER;
	return 0;
}

/* The last quoted string of s[from, to) (of two bytes or more, the spaces inside a mark
 * aside) that is neither a position ("after "measures"", "add "X" to "Next steps""), a mention ("the "clear
 * objective" wording", "the "talk shop" sentence"), the text a deletion takes out ("delete
 * "in principle"") nor the current text a proposal replaces (""shall" instead of
 * "should"") or wording rejected ("don't say "never""). The new text of an explicit
 * replacement comes first: the last such one, when there is one ("change "shall" to
 * "should", as "must" is too strong"). */
static char *last_quoted(const char *s, size_t from, size_t to, int cut, int *open)
{
	const char *best = NULL, *target = NULL;
	size_t best_len = 0, target_len = 0, i = from, prev = 0, prev_end = 0;
	unsigned stray = 0; /* marks that closed nowhere after an opening one */
	int best_open = 0, target_open = 0;

	while (i < to) {
		size_t ol = 0, j, cl = 0, a, b, sp, reopen;
		int m = qmark_at(s, i, to, &ol), unclosed = 0;
		if (m < 0 || (stray & 1u << m) || !single_opens(s, from, i, ol, to, m)) {
			i += m < 0 ? 1 : ol;
			continue;
		}
		j = quote_close(s, from, i, ol, to, m, &cl, &reopen);
		if (!cl && qmarks[m].single == SQ_ASCII) {
			/* An apostrophe, not a quotation: read on from the quote that opens after
			 * it, or past it. */
			i = reopen ? reopen : i + ol;
			continue;
		}
		if (!cl) {
			/* An opening mark that nothing closes is a stray one, and so is every later
			 * one of its kind (which keeps hostile text linear) -- unless the text was
			 * cut inside the quotation: its words run to the cut. */
			stray |= 1u << m;
			if (!cut) {
				i += ol;
				continue;
			}
			j = to;
			cl = 0;
			unclosed = 1;
		}
		for (a = i + ol; a < j && (sp = inner_space(s, a, j)); a += sp)
			;
		for (b = j; b > a; b--) {
			if (isspace((unsigned char)s[b - 1]))
				continue;
			if (b - a >= 2 && mark_len(s, b - 2, j, "\xc2\xa0"))
				b--;
			else if (b - a >= 3 && (mark_len(s, b - 3, j, "\xe2\x80\x89") || mark_len(s, b - 3, j, "\xe2\x80\xaf")))
				b -= 2;
			else
				break;
		}
		if (b - a >= 2 && !after_position_word(s, from, i) && !place_of_addition(s, from, i) &&
		    !mention_noun_follows(s, from, i, a, b, j + cl, to) && !deleted_text(s, from, i, prev_end) &&
		    !names_current_text(s, from, i, prev, prev_end)) {
			best = s + a;
			best_len = b - a;
			best_open = unclosed;
			if (replacement_target(s, from, i)) {
				target = best;
				target_len = best_len;
				target_open = unclosed;
			}
		}
		prev = i;
		i = prev_end = j + cl;
	}
	if (target) {
		best = target;
		best_len = target_len;
		best_open = target_open;
	}
	*open = best_open;
	return best ? rp_strndup(best, best_len) : NULL;
}

/* "s/old/new/" anywhere at a word start: the new wording. */
static char *sed_proposal(const char *s)
{
	const char *p = s;

	while ((p = strstr(p, "s/")) != NULL) {
		const char *x, *y, *e;
		if (p > s && !isspace((unsigned char)p[-1]) && p[-1] != '(') {
			p += 2;
			continue;
		}
		x = p + 2;
		y = strchr(x, '/');
		if (!y || y == x || memchr(x, '\n', (size_t)(y - x))) {
			p += 2;
			continue;
		}
		y++;
		e = y;
		while (*e && *e != '/' && *e != '\n')
			e++;
		if (*e == '/')
			return rp_strndup(y, (size_t)(e - y));
		p += 2;
	}
	return NULL;
}

static char *trim_dup(const char *a, size_t n)
{
	while (n && isspace((unsigned char)*a)) {
		a++;
		n--;
	}
	while (n && (isspace((unsigned char)a[n - 1]) || a[n - 1] == '.'))
		n--;
	return n ? rp_strndup(a, n) : NULL;
}

/* The quotation right after a cue ("replace X with: "..."", "should read: « ... »") in
 * s[a, to), past white space and a colon: its words, up to the closing mark or, when the
 * text was cut inside it, to the cut (*open set). NULL when no quotation opens there. */
static char *quotation_after(const char *s, size_t a, size_t to, int cut, int *open)
{
	size_t ol, j, cl = 0, b, reopen;
	int m;

	while (a < to && (isspace((unsigned char)s[a]) || s[a] == ':'))
		a++;
	if ((m = qmark_at(s, a, to, &ol)) < 0 || !single_opens(s, 0, a, ol, to, m))
		return NULL;
	j = quote_close(s, 0, a, ol, to, m, &cl, &reopen);
	if (!cl && (!cut || qmarks[m].single == SQ_ASCII))
		return NULL;
	*open = !cl;
	for (a += ol; a < j && inner_space(s, a, j); a += inner_space(s, a, j))
		;
	for (b = j; b > a && isspace((unsigned char)s[b - 1]); b--)
		;
	return b > a ? rp_strndup(s + a, b - a) : NULL;
}

/* Wording quoted in a mail runs across the lines the mailer wrapped ("at least 25 per\n
 * cent"): a line break inside it is a space, as the member typed it. A blank line (two
 * breaks or more, spaces between) is a paragraph break the member made, kept as "\n\n".
 * In place: the text only shrinks. */
static void unwrap(char *p)
{
	char *r = p, *w = p;

	while (*r) {
		size_t run = strspn(r, " \t\r\n"), breaks = 0, k;

		if (!run) {
			*w++ = *r++;
			continue;
		}
		for (k = 0; k < run; k++)
			breaks += r[k] == '\n';
		if (!breaks) { /* spaces within a line stay as typed */
			memmove(w, r, run);
			w += run;
		} else if (breaks == 1) {
			*w++ = ' ';
		} else {
			*w++ = '\n';
			*w++ = '\n';
		}
		r += run;
	}
	*w = '\0';
}

/* Proposed wording is capped at RP_STANCE_PROPOSED_MAX bytes: a whole rewritten section
 * fits, and a runaway one (a message pasted into the quotation marks, a text cut by the
 * STANCE_MAX_TEXT window) does not fill the document. Wording longer than the cap, or cut
 * short with the text (open), ends with an ellipsis, cut between characters. Its mail
 * wrapping is undone first (unwrap). */
static char *cap_proposed(char *p, int open)
{
	size_t n;
	char *q;

	if (!p)
		return NULL;
	unwrap(p);
	n = strlen(p);
	if (!open && n <= RP_STANCE_PROPOSED_MAX)
		return p;
	if (n > RP_STANCE_PROPOSED_MAX) {
		n = RP_STANCE_PROPOSED_MAX;
		while (n && ((unsigned char)p[n] & 0xC0) == 0x80)
			n--;
	}
	while (n && isspace((unsigned char)p[n - 1]))
		n--;
	if (!(q = realloc(p, n + sizeof("\xe2\x80\xa6")))) {
		free(p);
		return NULL;
	}
	memcpy(q + n, "\xe2\x80\xa6", sizeof("\xe2\x80\xa6"));
	return q;
}

/* Proposed wording: s/x/y/, a quoted string (the last one: "replace "A" with "B"", unless
 * it is the text replaced: ""B" instead of "A"", "I prefer "B" to "A""), the
 * words after "replace X with" / "change X to", or the text after "should read:" (a
 * quotation there read whole, without its marks). A quoted string counts only when
 * amending is the point's main stance: an objection quotes the words it objects to ("we
 * left the "talk shop" stage behind"), which are no proposal. cut: the text was cut at the
 * end of orig, and wording running to it was cut short. */
static char *find_proposed(const char *orig, const char *low, const size_t *map, const struct toks *t,
			   int quoted_ok, int cut)
{
	char *p = sed_proposal(orig);
	size_t i, len = strlen(orig);
	int open = 0;

	if (p)
		return cap_proposed(p, 0);
	p = quoted_ok ? last_quoted(orig, 0, len, cut, &open) : NULL;
	if (p)
		return cap_proposed(p, open);
	for (i = 0; i < t->n; i++) {
		size_t j, end;
		if (!(match_at(t, i, "replace") || match_at(t, i, "change") || match_at(t, i, "replaced")))
			continue;
		for (j = i + 1; j < t->n && t->v[j].kind == TK_WORD && j < i + 12; j++) {
			if (match_at(t, j, "with") || match_at(t, j, "by") || match_at(t, j, "to")) {
				size_t a = t->v[j].off + strlen(t->v[j].w);
				end = a;
				while (low[end] && low[end] != '\n' && !(low[end] == '.' && (low[end + 1] == ' ' || !low[end + 1])))
					end++;
				a = orig_offset(map, a);
				end = orig_offset(map, end);
				if ((p = quotation_after(orig, a, len, cut, &open)))
					return cap_proposed(p, open);
				while (a < end && (isspace((unsigned char)orig[a]) || orig[a] == ':'))
					a++;
				return cap_proposed(trim_dup(orig + a, end - a), cut && end + 1 >= len);
			}
		}
	}
	for (i = 0; i + 1 < t->n; i++) {
		if ((match_at(t, i, "read") || match_at(t, i, "reads") || match_at(t, i, "say")) &&
		    t->v[i + 1].kind == TK_COMMA && t->v[i + 1].w[0] == ':') {
			size_t a = t->v[i + 1].off + 1, end = a;
			while (low[end] && !(low[end] == '\n' && low[end + 1] == '\n' && end > a + 1))
				end++;
			a = orig_offset(map, a);
			end = orig_offset(map, end);
			if ((p = quotation_after(orig, a, len, cut, &open)))
				return cap_proposed(p, open);
			return cap_proposed(trim_dup(orig + a, end - a), cut && end + 1 >= len);
		}
	}
	return NULL;
}

static int is_name_word(const char *s, size_t n)
{
	static const char *const stop[] = {
		"I",	  "The",     "This",   "That",    "It",	    "We",      "You",	  "Section",
		"Sections", "Para",  "Paragraph", "Annex", "Chapter", "Article", "Page",	  "All",
		"Everyone", "Everybody", "Him", "Her",	  "Them",    "They",    "He",	  "She",
		"Point",  "Points",  "Draft",  "Text",	  "Mr",	    "Ms",      "Dr",	  "Mrs",
		"Prof",	  "Table",   "Figure", "Option",  "Proposal", "Recommendation", "Item",
		"As",	  "And",     "But",    "So",	  "Also",    "Like",    "Yes",	  "Well",
		"Just",	  "Again",   "Indeed", "Agree",	  "Agreed",  "Thanks",  "What",	  "Here",
	};
	size_t k;

	if (!n || !(isupper((unsigned char)*s) || (unsigned char)*s >= 0x80))
		return 0;
	for (k = 0; k < NELEM(stop); k++)
		if (strlen(stop[k]) == n && memcmp(stop[k], s, n) == 0)
			return 0;
	return 1;
}

/* Read a person's name at orig+off: capitalised words (with "de", "van", "von", "da", "la",
 * "le", "du", "del", "der" particles between them), or an e-mail address. */
static char *read_name(const char *orig, size_t off)
{
	static const char *const particles[] = { "de", "van", "von", "da", "la", "le", "du", "del", "der", "di", "den" };
	const char *p = orig + off, *start, *end;
	size_t words = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	/* "Mr. Gupta", "Dr Smith" */
	if ((!strncmp(p, "Mr", 2) || !strncmp(p, "Ms", 2) || !strncmp(p, "Dr", 2)) &&
	    (p[2] == '.' || p[2] == ' ')) {
		p += 2 + (p[2] == '.');
		while (*p == ' ')
			p++;
	}
	start = end = p;
	{
		/* An e-mail address. */
		const char *q = p;
		while (*q && (isalnum((unsigned char)*q) || strchr("._%+-", *q)))
			q++;
		if (*q == '@' && q > p) {
			q++;
			while (*q && (isalnum((unsigned char)*q) || *q == '.' || *q == '-'))
				q++;
			while (q > p && q[-1] == '.')
				q--;
			return rp_strndup(p, (size_t)(q - p));
		}
	}
	while (*p && words < 4) {
		const char *w = p;
		size_t n, k;
		int particle = 0;
		/* A typographic quote or apostrophe ends the name as the ASCII ones do
		 * ("Mark”", "Jutta’s"), but for the apostrophe of "O’Brien". */
		while (*p && (isalpha((unsigned char)*p) || ((unsigned char)*p >= 0x80 && folded_len(p) == 1) ||
			      *p == '-' || (*p == '\'' && isalpha((unsigned char)p[1]) && p[1] != 's') ||
			      (folded_len(p) == 3 && (unsigned char)p[2] == 0x99 && isalpha((unsigned char)p[3]) &&
			       p[3] != 's')))
			p += folded_len(p);
		n = (size_t)(p - w);
		for (k = 0; k < NELEM(particles); k++)
			if (strlen(particles[k]) == n && !memcmp(particles[k], w, n))
				particle = 1;
		if (particle && words > 0) {
			if (*p != ' ')
				break;
			p++;
			continue;
		}
		if (!is_name_word(w, n))
			break;
		end = p;
		words++;
		if (*p != ' ' || !(isupper((unsigned char)p[1]) || (unsigned char)p[1] >= 0x80 || islower((unsigned char)p[1])))
			break;
		p++;
	}
	if (!words)
		return NULL;
	return rp_strndup(start, (size_t)(end - start));
}

/* The person a point sides with or against. *against is set when the wording itself is a
 * disagreement with them ("I see it differently from Avri", "unlike Mark"). */
/* "as soon as", "as well as", "as long as": idioms, not a comparison with a person. */
static int not_comparison(const char *w, size_t n)
{
	static const char *const idioms[] = { "soon", "well", "long", "far", "early", "late",
					      "quickly", "often", "much", "many", "good", "same" };
	size_t k;

	for (k = 0; k < NELEM(idioms); k++)
		if (strlen(idioms[k]) == n && memcmp(idioms[k], w, n) == 0)
			return 1;
	return 0;
}

/* "IGF", "UN DESA": an acronym is not a person. */
static int all_caps(const char *s)
{
	for (; *s; s++)
		if (islower((unsigned char)*s))
			return 0;
	return 1;
}

/* Markers after a name that agree with the person whatever comes before ("Mark is
 * right"); the others report what they said or name their proposal. */
static int agrees_marker(const char *m)
{
	static const char *const agree[] = { " already said", " is right", " makes a good point",
					     " made a good point", " has a point",
					     " is absolutely right", " is quite right",
					     " is entirely right", " is completely right",
					     " is spot on" };
	size_t k;

	for (k = 0; k < NELEM(agree); k++)
		if (strcmp(m, agree[k]) == 0)
			return 1;
	return 0;
}

/* Is the agreement starting at p in low negated ("I don't agree with", "I do not fully
 * concur with", "can't support what")? The negation ends right before it, an adverb or
 * two between. */
static int negated_before(const char *low, const char *p)
{
	static const char *const adverbs[] = { "fully", "entirely", "really", "quite",
					       "completely", "necessarily", "totally", "wholly",
					       "exactly", "quite" };
	static const char *const negs[] = { "n't", "not", "never", "cannot" };
	const char *e = p;
	size_t k, skipped = 0;

	for (;;) {
		const char *w;
		while (e > low && e[-1] == ' ')
			e--;
		for (w = e; w > low && (isalpha((unsigned char)w[-1]) || w[-1] == '\''); w--)
			;
		if (w == e)
			return 0;
		for (k = 0; k < NELEM(negs); k++) {
			size_t l = strlen(negs[k]);
			if ((size_t)(e - w) >= l && memcmp(e - l, negs[k], l) == 0 &&
			    (negs[k][0] == 'n' && negs[k][1] == '\'' ? 1 : (size_t)(e - w) == l))
				return 1;
		}
		for (k = 0; k < NELEM(adverbs); k++)
			if (strlen(adverbs[k]) == (size_t)(e - w) && memcmp(adverbs[k], w, (size_t)(e - w)) == 0)
				break;
		if (k == NELEM(adverbs) || ++skipped > 2)
			return 0;
		e = w;
	}
}

/* The person a point sides with or against; *thanked set when the name only follows
 * "thanks" or "thank you"; *sided when the words agree with the person ("as Wout said",
 * "as worried as Avri", "+1 to Mark", "Mark is right"), not only name them or what they
 * proposed ("Amy's proposal", "Wout suggested"). */
static char *find_target(const char *orig, const char *low, const size_t *map, int *against,
			 int *thanked, int *sided)
{
	static const char *const contra[] = { "differently from ", "differently than ", "unlike ",
					      "disagree with " };
	static const char *const before[] = {
		"+1 to what ", "+1 to ",	  "+1 for ",	    "agree with what ", "agree with ",
		"agreeing with ", "concur with ", "disagree with ", "support what ", "second what ",
		"with what ",	 "echo ",	  "support for ",  "agree fully with ", "agree completely with ",
		"agree strongly with ", "like ", "thanks ", "thank you ", "thanks, ", "thank you, ",
		"fair enough, ", "good point, ",
		"good catch, ", "l'avis d'", "l'avis de ", "d'accord avec ", "i'm with ", "i am with ",
		"we're with ", "we are with ",
	};
	static const char *const after[] = {
		" said",      " says",	  " wrote",	" noted",     " mentioned", " pointed out",
		" suggested", " proposed", " stated",	" put it",    " has said", " has noted",
		" already said", " is right", " makes a good point", " made a good point",
		" has a point", " is absolutely right", " is quite right", " is entirely right",
		" is completely right", " is spot on", "'s point", "'s proposal", "'s suggestion",
		"'s comment", "'s remark",
		" proposes", " suggests",
	};
	size_t k;
	const char *p;

	for (k = 0; k < 4; k++) {
		static const char *const prev[] = { "previous speaker", "previous poster", "previous commenter",
						    "previous email" };
		if (strstr(low, prev[k]))
			return rp_strdup("the previous speaker");
	}
	*against = 0;
	*sided = 0;
	for (k = 0; k < NELEM(contra); k++) {
		size_t l = strlen(contra[k]);
		for (p = low; (p = strstr(p, contra[k])) != NULL; p += l) {
			char *n;
			if (p > low && isalnum((unsigned char)p[-1]))
				continue;
			n = read_name(orig, orig_offset(map, (size_t)(p - low) + l));
			if (n) {
				*against = 1;
				return n;
			}
		}
	}
	/* A comparison with someone: "as worried as Avri" sides with her, "not as worried as
	 * Avri" against her. One word between the two "as". */
	for (p = low; (p = strstr(p, "as ")) != NULL; p += 3) {
		const char *w = p + 3, *q;
		char *n;

		if (p > low && isalpha((unsigned char)p[-1]))
			continue;
		for (q = w; isalpha((unsigned char)*q) || *q == '-'; q++)
			;
		if (q == w || strncmp(q, " as ", 4) != 0 || not_comparison(w, (size_t)(q - w)))
			continue;
		n = read_name(orig, orig_offset(map, (size_t)(q - low) + 4));
		if (n && isupper((unsigned char)n[0]) && !all_caps(n)) {
			*against = p - low >= 4 && strncmp(p - 4, "not ", 4) == 0;
			*sided = !*against;
			return n;
		}
		free(n);
	}
	for (k = 0; k < NELEM(before); k++) {
		size_t l = strlen(before[k]);
		for (p = low; (p = strstr(p, before[k])) != NULL; p += l) {
			char *n;
			if (p > low && isalnum((unsigned char)p[-1]) && before[k][0] != '+')
				continue;
			n = read_name(orig, orig_offset(map, (size_t)(p - low) + l));
			if (n) {
				*thanked = rp_starts_with(before[k], "thank");
				*sided = !*thanked && strcmp(before[k], "support for ") != 0;
				/* "I don't agree with John": against him */
				if (*sided && negated_before(low, p)) {
					*sided = 0;
					*against = 1;
				}
				return n;
			}
		}
	}
	/* "+1 Rajesh.", "+1 Ana, and ...": a "+1" straight before a name that ends the
	 * clause, as a one-line reply writes it; "+1 Great idea." and "+1 Section 3" are no
	 * one. */
	for (p = low; (p = strstr(p, "+1 ")) != NULL; p += 3) {
		static const char *const not_names[] = { "Great", "Good", "Same", "Fully",
							 "Totally", "Absolutely", "Definitely",
							 "Strongly", "From", "Me", "Very", "Excellent",
							 "Nice", "Exactly", "Sounds", "Makes" };
		size_t at = orig_offset(map, (size_t)(p - low) + 3), len;
		char *n = read_name(orig, at);
		const char *after;
		int deny = 0;

		if (!n)
			continue;
		len = strlen(n);
		for (k = 0; k < NELEM(not_names); k++)
			deny |= strncmp(n, not_names[k], strlen(not_names[k])) == 0 &&
				(!n[strlen(not_names[k])] || n[strlen(not_names[k])] == ' ');
		while (orig[at] == ' ' || orig[at] == '\t')
			at++;
		after = orig + at + len;
		if (!deny && !all_caps(n) && (!*after || strchr(".,;:!\n", *after))) {
			*sided = 1;
			return n;
		}
		free(n);
	}
	/* "as Wout said", "Mark is right", "Avri's point": the name ends where the marker starts. */
	for (k = 0; k < NELEM(after); k++) {
		size_t l = strlen(after[k]);
		for (p = low; (p = strstr(p, after[k])) != NULL; p += l) {
			size_t e = orig_offset(map, (size_t)(p - low)), s0 = e > 40 ? e - 40 : 0;
			/* The longest name read from a word start that ends exactly at the marker. */
			for (; s0 < e; s0++) {
				char *n;
				if (s0 > 0 && orig[s0 - 1] != ' ' && orig[s0 - 1] != '\n' && orig[s0 - 1] != ',')
					continue;
				n = read_name(orig, s0);
				if (n && strlen(n) == e - s0) {
					/* "Mark is right" agrees; "Wout said" only reports, "as
					 * Wout said" agrees */
					*sided = agrees_marker(after[k]) ||
						 (after[k][0] == ' ' && s0 >= 3 &&
						  rp_ascii_ncasecmp(orig + s0 - 3, "as ", 3) == 0 &&
						  (s0 == 3 || !isalpha((unsigned char)orig[s0 - 4])));
					return n;
				}
				free(n);
			}
		}
	}
	return NULL;
}

static double clamp01(double x)
{
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

/* Does the text hold a substitution ("s/recieve/receive/", "nit: s/histograms/summaries/")?
 * It proposes new wording whatever words surround it. */
static int substitutes(const char *text)
{
	char *p = sed_proposal(text);
	int r = p != NULL;

	free(p);
	return r;
}

/* A text that names the three votes ("[ ] +1 adopt / [ ] 0 no opinion / [ ] -1 reject", a
 * result's "+1: 6, 0: 1, -1: 0") and casts none (rp_vote_parse) lists the options or
 * counts them: its "+1" and "-1" are neither support nor objection. */
static void drop_listed_votes(struct toks *t, const char *text)
{
	size_t i;
	int plus = 0, minus = 0, zero = 0;

	for (i = 0; i < t->n; i++)
		if (t->v[i].kind == TK_WORD) {
			plus |= !strcmp(t->v[i].w, "+1");
			minus |= !strcmp(t->v[i].w, "-1");
			zero |= !strcmp(t->v[i].w, "0");
		}
	if (!(plus && minus && zero) || rp_vote_parse(text) != RP_VOTE_NONE)
		return;
	for (i = 0; i < t->n; i++)
		if (t->v[i].kind == TK_WORD && (!strcmp(t->v[i].w, "+1") || !strcmp(t->v[i].w, "-1")))
			t->v[i].used = 1;
}

/* Does a sentence accept something on a condition ("I can accept 4.1 if ...", "we could
 * accept it provided that ...")? */
static int accepts_on_condition(const char *text)
{
	static const char *const conds[] = { " if ", " provided ", " as long as ", " on condition ",
					     NULL };
	const char *a = text, *end;
	size_t k;

	while ((a = rp_ascii_casestr(a, "accept ")) != NULL) {
		/* the sentence ends at a stop before a space, not inside "4.1" */
		for (end = a; *end && *end != '\n' &&
			      !(strchr(".?!", *end) && (!end[1] || isspace((unsigned char)end[1])));
		     end++)
			;
		for (k = 0; conds[k]; k++) {
			const char *c = rp_ascii_casestr(a, conds[k]);
			if (c && c < end)
				return 1;
		}
		a = end;
	}
	return 0;
}

int rp_stance_classify(struct rp_stance *out, const char *text, const char *quoted)
{
	struct toks t = { 0 };
	struct scores sc = { 0 };
	struct rp_buf body = RP_BUF_INIT, cuebuf = RP_BUF_INIT;
	char *low = NULL;
	size_t *map = NULL;
	enum rp_stance_label best = RP_STANCE_NOTE, second = RP_STANCE_NONE;
	enum rp_stance_label trailer = RP_STANCE_NONE;
	const char *line;
	size_t len;
	int l, rc = RP_ENOMEM, cut;
	double conf;
	static const enum rp_stance_label order[] = { RP_STANCE_OBJECT, RP_STANCE_AMEND, RP_STANCE_SUPPORT,
						      RP_STANCE_QUESTION };

	memset(out, 0, sizeof(*out));
	out->label = RP_STANCE_NOTE;
	if (!text)
		text = "";
	len = strnlen(text, STANCE_MAX_TEXT);
	/* Longer text is read up to the window, cut between characters; wording running to the
	 * cut is marked as cut short. */
	cut = len == STANCE_MAX_TEXT && text[len];
	while (cut && len && ((unsigned char)text[len] & 0xC0) == 0x80)
		len--;
	sort_cues();
	/* Trailers ("Acked-by: ...") are evidence on their own line; the rest is prose. */
	for (line = text; line < text + len;) {
		const char *e = memchr(line, '\n', (size_t)(text + len - line));
		size_t ll = e ? (size_t)(e - line) : (size_t)(text + len - line);
		enum rp_stance_label tl;
		if (is_trailer(line, ll, &tl))
			trailer = tl;
		else if (rp_buf_add(&body, line, ll) || rp_buf_addch(&body, '\n'))
			goto cleanup;
		line += ll + (e ? 1 : 0);
	}
	low = normalise(body.buf, body.len, &map);
	/* A token takes at least one byte, plus the end-of-text token. */
	t.cap = body.len + 2 < STANCE_MAX_TOKENS ? body.len + 2 : STANCE_MAX_TOKENS;
	t.v = malloc(t.cap * sizeof(*t.v));
	if (!low || !t.v)
		goto cleanup;
	for (l = 0; l <= RP_STANCE_NOTE; l++)
		rp_buf_init(&sc.cues[l], 0);
	tokenise(&t, low);
	drop_listed_votes(&t, body.buf);
	clause_weighted_classify(&t, &sc);
	if (substitutes(body.buf))
		add_cue(&sc, RP_STANCE_AMEND, 1.0, "s/../../", 0);
	if (trailer != RP_STANCE_NONE)
		add_cue(&sc, trailer, 1.2, trailer == RP_STANCE_SUPPORT ? "acked-by" : "nacked-by", 0);

	/* An answer to a quoted question ("Yes, ..." under "Is this needed?") is not a vote. */
	if (quoted && *quoted) {
		size_t ql = strnlen(quoted, STANCE_MAX_TEXT);
		while (ql && isspace((unsigned char)quoted[ql - 1]))
			ql--;
		if (ql && quoted[ql - 1] == '?' && (rp_istarts_with(text, "yes") || rp_istarts_with(text, "no")))
			add_cue(&sc, RP_STANCE_NOTE, 0.5, "answer", 0);
	}

	{
		double top = 0.0, sec = 0.0;
		size_t k;
		for (k = 0; k < NELEM(order); k++) {
			if (sc.s[order[k]] > top + 1e-9) {
				top = sc.s[order[k]];
				best = order[k];
			}
		}
		if (top < 0.35 || sc.s[RP_STANCE_NOTE] > top)
			best = RP_STANCE_NOTE;
		for (k = 0; k < NELEM(order); k++)
			if (order[k] != best && sc.s[order[k]] > sec + 1e-9) {
				sec = sc.s[order[k]];
				second = order[k];
			}
		if (sec < 0.35 || best == RP_STANCE_NOTE)
			second = RP_STANCE_NONE;
		if (best == RP_STANCE_NOTE) {
			conf = top < 0.1 ? 0.6 : 0.5 - 0.2 * top;
		} else {
			double margin = (top - (second ? sec : 0)) / top;
			conf = 0.35 + 0.35 * (top > 1.5 ? 1.0 : top / 1.5) + 0.25 * margin;
			if (sc.hedges)
				conf *= sc.hedges > 1 ? 0.55 : 0.7;
			if (sc.intense && best != RP_STANCE_QUESTION)
				conf += 0.1;
			if (best == RP_STANCE_OBJECT && mild_vote(&t) && conf > 0.45)
				conf = 0.45;
		}
		out->confidence = clamp01(conf);
	}
	if (best == RP_STANCE_QUESTION && rhetorical_objection(&t)) {
		best = RP_STANCE_OBJECT;
		second = RP_STANCE_QUESTION;
		if ((sc.cues[best].len && rp_buf_addch(&sc.cues[best], ',')) ||
		    rp_buf_adds(&sc.cues[best], "rhetorical question"))
			goto cleanup;
	}
	/* "I can accept 4.1 if the period is shortened": support on a condition, which is a
	 * change the writer asks for. */
	if (best == RP_STANCE_SUPPORT && accepts_on_condition(body.buf))
		second = RP_STANCE_AMEND;
	out->label = best;
	out->secondary = second;
	if (best != RP_STANCE_NOTE && rp_buf_adds(&cuebuf, sc.cues[best].buf))
		goto cleanup;
	if (second != RP_STANCE_NONE && sc.cues[second].len &&
	    ((cuebuf.len && rp_buf_addch(&cuebuf, ',')) || rp_buf_adds(&cuebuf, sc.cues[second].buf)))
		goto cleanup;
	if (sc.hedges && cuebuf.len && rp_buf_adds(&cuebuf, ",hedged"))
		goto cleanup;
	out->cues = cuebuf.len ? rp_buf_detach(&cuebuf, NULL) : NULL;
	if (best == RP_STANCE_AMEND || second == RP_STANCE_AMEND)
		out->proposed = find_proposed(body.buf, low, map, &t, best == RP_STANCE_AMEND, cut);

	/* Target: a named person, else a bare "+1" means the parent message. */
	out->target_kind = RP_TARGET_SECTION;
	if (best != RP_STANCE_QUESTION) {
		int against = 0, thanked = 0, sided = 0;
		out->target_name = find_target(body.buf, low, map, &against, &thanked, &sided);
		/* "Thanks Ann, and I object to section 3": Ann is thanked, not objected to;
		 * "Thanks Anja, that helps. I withdraw my concern": the writer's own
		 * objection is taken back, Anja is not agreed with. */
		if (out->target_name && thanked &&
		    (out->label == RP_STANCE_OBJECT || out->label == RP_STANCE_AMEND ||
		     out->secondary == RP_STANCE_AMEND ||
		     (out->label == RP_STANCE_SUPPORT && out->cues &&
		      strstr(out->cues, "withdrawn objection")))) {
			free(out->target_name);
			out->target_name = NULL;
		}
		if (out->target_name) {
			out->target_kind = RP_TARGET_MEMBER;
			/* Backing someone else's amendment ("Jutta's proposal to delete X seems
			 * right") supports it rather than proposing anew. */
			if (out->label == RP_STANCE_AMEND && out->secondary == RP_STANCE_SUPPORT) {
				out->label = RP_STANCE_SUPPORT;
				out->secondary = RP_STANCE_AMEND;
			}
			/* "As Wout said, ..." with no other cue sides with Wout; "I see it
			 * differently from Avri" sides against her. */
			/* Siding against someone is an objection to their view, whatever the
			 * words of the comparison ("not as worried as Avri" is not support). */
			if (against && out->label == RP_STANCE_SUPPORT) {
				out->label = RP_STANCE_OBJECT;
				out->confidence *= 0.8;
			}
			/* Siding with someone while finding fault with the text ("As Wout
			 * said, the scope is too wide", "as worried as Avri") agrees with
			 * them: their position is the point's, its own objection second. An
			 * objection with a person for target reads as one against them. */
			if (sided && out->label == RP_STANCE_OBJECT) {
				out->label = RP_STANCE_SUPPORT;
				out->secondary = RP_STANCE_OBJECT;
			}
			if (out->label == RP_STANCE_NOTE && !(thanked && !sided && thanks_for_reply(low))) {
				out->label = against ? RP_STANCE_OBJECT : RP_STANCE_SUPPORT;
				out->confidence = 0.5;
				free(out->cues);
				out->cues = rp_strdup(against ? "differently from" : "as said");
			}
		} else if ((best == RP_STANCE_SUPPORT || best == RP_STANCE_OBJECT) &&
			   (bare_agreement(&t) || bare_opening(&t) ||
			    (trailer != RP_STANCE_NONE && t.n <= 1))) {
			out->target_kind = RP_TARGET_MESSAGE;
		}
	}
	rc = 0;
cleanup:
	for (l = 0; l <= RP_STANCE_NOTE; l++)
		rp_buf_release(&sc.cues[l]);
	rp_buf_release(&body);
	rp_buf_release(&cuebuf);
	free(low);
	free(map);
	free(t.v);
	if (rc)
		rp_stance_release(out);
	return rc;
}

int rp_stance_keeps_text(const struct rp_stance *s)
{
	static const char *const keep[] = { "as drafted", "wording works", "text works",
					    "language works" };
	size_t k;

	if (!s || s->label != RP_STANCE_SUPPORT || !s->cues)
		return 0;
	for (k = 0; k < NELEM(keep); k++) {
		const char *c = s->cues;
		size_t l = strlen(keep[k]);
		for (; (c = strstr(c, keep[k])) != NULL; c += l)
			if ((c == s->cues || c[-1] == ',') && (c[l] == ',' || !c[l]))
				return 1;
	}
	return 0;
}

/* ---- resolving a target name against the participants ---- */

static const char *const nicknames[][2] = {
	{ "bob", "robert" },	{ "rob", "robert" },	{ "bobby", "robert" },	{ "bill", "william" },
	{ "will", "william" },	{ "liam", "william" },	{ "mike", "michael" },	{ "mick", "michael" },
	{ "jim", "james" },	{ "jimmy", "james" },	{ "dick", "richard" },	{ "rick", "richard" },
	{ "rich", "richard" },	{ "tom", "thomas" },	{ "dave", "david" },	{ "chris", "christopher" },
	{ "chris", "christine" }, { "chris", "christina" }, { "liz", "elizabeth" }, { "beth", "elizabeth" },
	{ "kate", "katherine" }, { "kate", "catherine" }, { "cathy", "catherine" }, { "steve", "stephen" },
	{ "steve", "steven" },	{ "tony", "anthony" },	{ "andy", "andrew" },	{ "drew", "andrew" },
	{ "alex", "alexander" }, { "alex", "alexandra" }, { "dan", "daniel" },	{ "danny", "daniel" },
	{ "joe", "joseph" },	{ "ed", "edward" },	{ "ted", "edward" },	{ "matt", "matthew" },
	{ "nick", "nicholas" },	{ "pete", "peter" },	{ "sam", "samuel" },	{ "sam", "samantha" },
	{ "ben", "benjamin" },	{ "jen", "jennifer" },	{ "jenny", "jennifer" }, { "becky", "rebecca" },
	{ "greg", "gregory" },	{ "jeff", "jeffrey" },	{ "ken", "kenneth" },	{ "larry", "lawrence" },
	{ "tim", "timothy" },	{ "phil", "philip" },	{ "fred", "frederick" }, { "ron", "ronald" },
	{ "don", "donald" },	{ "pat", "patrick" },	{ "pat", "patricia" },	{ "sue", "susan" },
	{ "meg", "margaret" },	{ "maggie", "margaret" }, { "raj", "rajendra" }, { "vint", "vinton" },
	{ "len", "leonard" },	{ "jon", "jonathan" },	{ "nate", "nathan" },	{ "vicky", "victoria" },
};

/* Case-insensitive equality of a against the n bytes at b. */
static int word_eq(const char *a, const char *b, size_t n)
{
	return strlen(a) == n && rp_ascii_ncasecmp(a, b, n) == 0;
}

/* Does the first word of the display name equal w (or a nickname of it)? */
static int first_name_match(const char *w, const char *name)
{
	size_t n = strcspn(name, " ,");
	size_t k;

	if (!n)
		return 0;
	if (word_eq(w, name, n))
		return 1;
	for (k = 0; k < NELEM(nicknames); k++)
		if (rp_ascii_casecmp(w, nicknames[k][0]) == 0 && word_eq(nicknames[k][1], name, n))
			return 1;
	return 0;
}

static int last_name_match(const char *w, const char *name)
{
	const char *sp = strrchr(name, ' ');
	return sp && sp[1] && rp_ascii_casecmp(w, sp + 1) == 0;
}

static int local_part_match(const char *w, const char *addr)
{
	size_t n = strcspn(addr, "@");
	return addr[n] == '@' && word_eq(w, addr, n);
}

int rp_stance_resolve_target(const char *name, const struct rp_participant *people, size_t n,
			     long previous)
{
	size_t i, k;
	int pass;

	if (!name || !*name || !people)
		return RP_ENOTFOUND;
	if (rp_ascii_casecmp(name, "the previous speaker") == 0)
		return previous >= 0 && (size_t)previous < n ? (int)previous : RP_ENOTFOUND;
	/* Strongest evidence first: full name, address, alias, then first name / nickname,
	 * last name, address local part. Within a pass the earliest participant wins. */
	for (pass = 0; pass < 4; pass++) {
		for (i = 0; i < n; i++) {
			const struct rp_participant *p = &people[i];
			switch (pass) {
			case 0:
				if ((p->name && rp_ascii_casecmp(name, p->name) == 0) ||
				    (p->address && rp_ascii_casecmp(name, p->address) == 0))
					return (int)i;
				for (k = 0; k < p->n_aliases; k++)
					if (p->aliases[k] && rp_ascii_casecmp(name, p->aliases[k]) == 0)
						return (int)i;
				break;
			case 1:
				if (p->name && first_name_match(name, p->name))
					return (int)i;
				break;
			case 2:
				if (p->name && last_name_match(name, p->name))
					return (int)i;
				break;
			case 3:
				if (p->address && local_part_match(name, p->address))
					return (int)i;
				break;
			}
		}
	}
	/* "Mark Carvell" written as "Mark C." or a two-word name not on record: first word. */
	{
		size_t w = strcspn(name, " ");
		if (name[w] == ' ') {
			char *first = rp_strndup(name, w);
			int r = RP_ENOTFOUND;
			if (!first)
				return RP_ENOMEM;
			for (i = 0; i < n && r < 0; i++)
				if (people[i].name && first_name_match(first, people[i].name))
					r = (int)i;
			free(first);
			return r;
		}
	}
	return RP_ENOTFOUND;
}
