/* test-stance: stance labels, cues, negation, hedges, contrast, proposed wording, targets
 * and target resolution, votes parsing; table-driven. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "rapporteur/analyse.h"
#include "rapporteur/util.h"

#define S RP_STANCE_SUPPORT
#define O RP_STANCE_OBJECT
#define A RP_STANCE_AMEND
#define Q RP_STANCE_QUESTION
#define N RP_STANCE_NOTE
#define X RP_STANCE_NONE

struct label_case {
	const char *text;
	enum rp_stance_label label, secondary;
	const char *cue; /* a cue that must be listed, or NULL */
};

static void test_labels(void)
{
	static const struct label_case cases[] = {
		/* support cues */
		{ "I agree with the proposed text of 3.9.", S, X, "agree" },
		{ "+1", S, X, "+1" },
		{ "We fully endorse this recommendation.", S, X, "endorse" },
		{ "Excellent point, this is what the section needs.", S, X, "excellent point" },
		/* signing on to a joint text, or declining to */
		{ "We can sign on.", S, X, "we can sign" },
		{ "Count us in!", S, X, "count us in" },
		{ "Please add Iuridicum Remedium to the signatories.", S, A, "to the signatories" },
		{ "We will not sign this statement.", O, X, "not sign" },
		{ "We are unable to sign.", O, X, "unable to sign" },
		{ "No comments from our side.", S, X, "no comments from our side" },
		/* an editorial correction */
		{ "Section 3.2 has a typo: \"lodge\" is spelled \"lodeg\".", A, X, "typo" },
		{ "I found no typos.", N, X, NULL },
		{ "I fully agree.", S, X, "agree" },
		{ "Acked-by: Jane Doe <jane@example.org>", S, X, "acked-by" },
		{ "Reviewed-by: Jane Doe <jane@example.org>", S, X, "acked-by" },
		/* a reviewer's verdict on the text, also after the nits it raised */
		{ "Looks fine to me.", S, X, "looks fine" },
		{ "The rest looks sane.", S, X, "looks sane" },
		{ "This looks OK to me.", S, X, "looks ok" },
		{ "Otherwise fine.", S, X, "otherwise fine" },
		{ "This does not look fine to me.", O, X, "not look fine" },
		{ "No objection from our side.", S, X, "not objection" },
		/* object cues */
		{ "I disagree with this paragraph.", O, X, "disagree" },
		{ "-1, this goes too far.", O, X, "-1" },
		{ "-0 on 4.1, I won't block it.", O, S, "-0" },
		{ "-0", O, X, "-0" },
		{ "+0 I don't mind either way.", N, X, NULL },
		/* thanks for an answer agrees with nothing; agreement said is support */
		{ "Thanks Lise for the answer on 5.2.", N, X, NULL },
		{ "Thank you Ivo for your clarification.", N, X, NULL },
		{ "Thanks Lise for the answer on 5.2, I agree with it.", S, X, "agree" },
		/* a question asked only to refuse the text is an objection; a question stays one */
		{ "Why should we accept 4.1 when it contradicts 2.3?", O, Q, "rhetorical question" },
		{ "How can we possibly endorse section 5 as written?", O, Q, "rhetorical question" },
		{ "Why does 4.1 say 30 days?", Q, X, "?" },
		{ "How can we reach the members who are not on the list?", Q, X, "?" },
		/* "w" and "w/" for "with" */
		{ "Agree w Kari on 3.2.", S, X, "agree" },
		{ "agree w/ Kari", S, X, "agree" },
		{ "4.1 unworkable in busy clinics.", O, X, "unworkable" },
		/* a development list's objections, and the writer letting the text pass */
		{ "NAK. dlopen of untrusted code in the server is a non-starter for us.", O, X, "nak" },
		{ "Nack: this breaks the ABI.", O, X, "nack" },
		{ "I NAK this patch as it stands.", O, X, "i nak" },
		/* ... not a protocol's message nor talk of reviews */
		{ "Section 3 should say what the receiver does when it gets a NAK from the relay.", A, X, "should" },
		{ "Reviewers do not ack or nack the changes they requested.", N, X, NULL },
		{ "This is a blocker for the 4.0 release.", O, X, "blocker" },
		{ "I would block this until 3.2 is fixed.", O, X, "i would block" },
		{ "The same problem exists today with rename, so I would not block on it.", S, O,
		  "would not block" },
		{ "I don't have a use for it but won't stand in the way.", S, X, "won't stand in the way" },
		/* a ballot or a result names the votes and casts none */
		{ "[ ] +1 adopt\n[ ] 0 no opinion\n[ ] -1 do not adopt, because ...", N, X, NULL },
		{ "+1: 6 (Alice, Bob, Carol)\n0: 1 (Frank)\n-1: 0", N, X, NULL },
		{ "The vote passes with +1 6, 0 1, -1 0.", N, X, NULL },
		{ "+1 to Avri, -1 to Bill's proposal.", S, O, "+1" },
		{ "The wording on data retention is problematic.", O, X, "problematic" },
		{ "I am concerned about the scope of 4.2.", O, X, "concerned" },
		{ "The claim in the introduction is startling.", O, X, "startling" },
		{ "We are not comfortable with this recommendation.", O, X, "not comfortable" },
		{ "I don't think the multistakeholder model works here.", O, X, "don't think" },
		/* amendment cues */
		{ "The section should mention small island states.", A, X, "should" },
		{ "I suggest adding a reference to the 2005 Tunis Agenda.", A, X, "suggest" },
		{ "We propose to move this paragraph to the annex.", A, X, "propose" },
		{ "Please replace \"stakeholders\" with \"all stakeholders\".", A, X, "replace" },
		{ "Delete the last sentence of 2.1.", A, X, "delete" },
		{ "I'd drop the condition and put push in the Transport spec from the start.", A, X, "i'd drop" },
		{ "We would drop the second bullet.", A, X, "we would drop" },
		{ "I have to drop off the call at noon.", N, X, NULL },
		/* weak: dropping a passage for what it says objects to it */
		{ "I would drop this paragraph. It is not the job of the DCs to ease the concerns "
		  "of Member States.", O, A, "concerns" },
		{ "s/shall/should/ in the second bullet", A, X, NULL },
		/* a substitution proposes wording whatever words surround it */
		{ "nit: s/recieve/receive/ in the javadoc of the patch", A, X, "s/../../" },
		{ "nit: s/histograms/summaries/, histograms with per-namespace labels will explode "
		  "cardinality.", A, X, "s/../../" },
		{ "The docs/design/storage.rst file is in the patch.", N, X, NULL },
		/* text the writer would add proposes it; adding their voice or an aside does not */
		{ "I would add a sentence on small island states.", A, X, "i would add" },
		{ "I would add that the meeting is in Geneva.", A, X, "i would add" },
		{ "We would add a reference to the 2005 report.", A, X, "we would add" },
		{ "I would add that I agree with Maria.", S, X, "agree" },
		{ "I would add, as an aside, that the meeting is in Geneva.", N, X, NULL },
		{ "I'd add my support for section 2.", S, X, "support" },
		/* refusing agreement objects; softening a word proposes the softer one */
		{ "I cannot agree with this paragraph.", O, X, "not agree" },
		{ "I can't agree to the new deadline in 3.2.", O, X, "not agree" },
		{ "I'd soften this to 'may' rather than 'must'.", A, X, "rather than" },
		{ "Recommendation (c) goes too far.", O, X, "goes too far" },
		{ "This does not go too far.", S, X, "not go too far" },
		/* a preference put as the writer's own */
		{ "I'd rather we chose the backend per cluster, not per namespace.", A, X, "i'd rather" },
		{ "We would rather keep quotas out of the first release.", A, X, "we would rather" },
		{ "Use the term 'digital public goods' instead.", A, X, "instead" },
		/* questions */
		{ "Could you clarify what is meant by 'meaningful'?", Q, X, "could you clarify" },
		{ "Who will maintain the registry?", Q, X, "?" },
		{ "Why is Annex B limited to governments?", Q, X, "?" },
		{ "Could you clarify the timeline for the consultation", Q, X, "could you clarify" },
		/* notes */
		{ "The meeting in Geneva is on 12 March.", N, X, NULL },
		{ "For reference, the 2019 report covered the same ground.", N, X, NULL },
		/* the writer clarifying is no request to clarify the text */
		{ "Just to clarify from the Secretariat's side: the annual report is already a "
		  "requirement today, and the template is two pages.", N, X, NULL },
		{ "To clarify 3.10: the focal point per team is meant as optional.", N, X, NULL },
		/* a proposal someone else will make is named, not made */
		{ "The MAG will come back to us with a concrete proposal for the issue teams.", N, X,
		  NULL },
		{ "Our proposal is to merge the two sections.", A, X, NULL },
		/* the group's reply welcoming the text is no change to it */
		{ "On 3.9 and 3.10 I think we should simply welcome the invitation and say that we "
		  "are keen to cooperate.", S, X, "we should simply welcome" },
		{ "The paper should welcome more youth participants.", A, S, "should" },
		{ "We ask the MAG to clarify the role of the focal points.", A, X, "clarify" },
		{ "The paper needs to clarify who decides the objectives.", A, X, NULL },
		{ "What the paper says on communications needs strengthening.", A, X,
		  "needs strengthening" },
		{ "The section does not need strengthening; it is fine.", S, X, NULL },
		{ "", N, X, NULL },
		/* primary and secondary: what follows "but" dominates */
		{ "I agree, but suggest adding a reference to capacity building.", A, S, "suggest" },
		{ "This is a good idea. However, I am concerned about the cost.", O, S, "concerned" },
		{ "Although I agree with the aim, the text should be shorter.", A, S, "should" },
		/* negation scope */
		{ "I don't agree with this.", O, X, "not agree" },
		{ "I do not support the new paragraph.", O, X, "not support" },
		{ "That is not a problem for us.", S, X, "not problem" },
		{ "I don't think this is problematic.", S, X, "not problematic" },
		{ "We have no concerns with section 5.", S, X, "not concerns" },
		/* rhetorical and proposing questions */
		{ "Why not simply use the ITU definition?", A, Q, "why" },
		/* "Could we ...?" with an edit proposes it; without, it asks. */
		{ "Could we add a sentence on gender?", A, Q, "add" },
		{ "Could we meet on Tuesday?", Q, A, "?" },
		/* "no need to" proposes nothing; "please note" informs. */
		{ "We did not need to resolve these issues in this round.", N, X, NULL },
		{ "Please note that the meeting overlaps with another one.", N, X, NULL },
		{ "Please send me the minutes.", Q, X, "please" },
		/* Reported stance is not the writer's own. */
		{ "The co-facilitators of each issue area propose their composition.", N, X, NULL },
		/* ... nor is a subject named with a determiner, or a perfect tense without "we" */
		{ "In its regular calls the MAG agrees on the teams and then the Chair has agreed them.", N, X, NULL },
		{ "The group agrees.", N, X, NULL },
		/* ... nor a chair's summary of the concerns others raised, nor steering the talk */
		{ "Ingrid, Mona and Ahmed have raised concerns about the opt-out.", N, X, NULL },
		{ "Several members voiced serious objections to 4.1.", N, X, NULL },
		{ "I have raised my concerns about 4.1 before.", O, X, "concerns" },
		{ "Let us keep the discussion on 4.1 going until Friday.", N, X, NULL },
		{ "Let's continue this on the next call.", N, X, NULL },
		{ "Let's add a sentence on withdrawal to 3.2.", A, X, "let's" },
		{ "Each co-chair supports the plan in the annex.", N, X, NULL },
		{ "We have agreed to this text in Paris.", S, X, "agreed" },
		{ "This text I support.", S, X, "support" },
		{ "Agreed, the text is ready.", S, X, "agreed" },
		{ "Fully support this wording.", S, X, "support" },
		{ "Can people check their diaries for these dates", Q, X, "can" },
		{ "Please respond by Friday.", Q, X, "please" },
		{ "Please replace the second sentence.", A, X, "replace" },
		{ "I will add this to the agenda for the next call.", N, X, NULL },
		{ "See http://example.org/x?day=6&month=6 for the times", N, X, NULL },
		{ "Isn't it obvious that this fails?", O, X, "rhetorical ?" },
		/* a person named as the one sided with or against */
		{ "As Wout said, the scope is too wide.", S, O, "too wide" },
		{ "It is just as Wout said.", S, X, "as said" },
		{ "I see it differently from Avri on this.", O, X, "differently from" },
		{ "I don't agree with John here; the text is fine as it is.", O, S, "not agree" },
		{ "I do not fully agree with Mark on this.", O, X, "not agree" },
		{ "I am not as worried as Avri about the approval.", O, X, NULL },
		{ "I am as worried as Avri about the approval.", S, O, NULL },
		{ "Do you agree with this change?", Q, X, "?" },
		{ "On 2.3: I'm with Priya. Keep the liaison managers.", S, X, "as said" },
		{ "I am with Ana on this one.", S, X, "as said" },
		/* what a text warns or guards against is no objection of the writer's */
		{ "I'd keep it optional; making it mandatory is exactly what 2.1.2 warns against.", N, X, NULL },
		{ "The registry needs a safeguard against abuse.", N, X, NULL },
		{ "We are against making the binary format mandatory.", O, X, "against" },
		/* German: negation after the verb ("unterst\u00fctze ... nicht"), separable verbs */
		{ "Ich bin dagegen.", O, X, "bin dagegen" },
		{ "Wir lehnen diesen Absatz ab.", O, X, "lehnen ab" },
		{ "Diesen Absatz lehnen wir ab.", O, X, "lehnen ab" },
		{ "Wir lehnen das nicht ab.", S, X, "not lehnen ab" },
		{ "Ich lehne mich hier weit aus dem Fenster.", N, X, NULL },
		{ "Ich bin damit nicht einverstanden.", O, X, "not einverstanden" },
		{ "Ich widerspreche dem Vorschlag in 3.2.", O, X, "widerspreche" },
		{ "Ich stimme nicht zu.", O, X, "not stimme zu" },
		{ "Ich stimme dem Vorschlag in 3.2 zu.", S, X, "stimme zu" },
		{ "Ich stimme gegen die \u00c4nderung zu Abschnitt 3.", O, X, "stimme gegen" },
		{ "Ich bin einverstanden.", S, X, "einverstanden" },
		{ "Ich unterst\u00fctze den Vorschlag.", S, X, "ich unterst\u00fctze" },
		{ "Ich unterst\u00fctze den Vorschlag nicht.", O, X, "not ich unterst\u00fctze" },
		{ "Wir stimmen zu.", S, X, "stimmen zu" },
		{ "Ich bin daf\u00fcr.", S, X, "bin daf\u00fcr" },
		{ "Wir haben keine Einw\u00e4nde.", S, X, "not einw\u00e4nde" },
		{ "Der zweite Absatz dagegen ist klar.", N, X, NULL },
		{ "Bitte beachten Sie, dass wir Abschnitt 5 zustimmen.", S, X, "zustimmen" },
		{ "Dem k\u00f6nnen wir nicht zustimmen.", O, X, "not zustimmen" },
		/* agreement first, then an edit asked for: the edit leads */
		{ "Ich stimme dem Entwurf grunds\u00e4tzlich zu. Zu Abschnitt 5: bitte \"sechs\" durch \"zw\u00f6lf\" ersetzen.",
		  A, S, NULL },
		/* French */
		{ "Je suis contre cette proposition.", O, X, "je suis contre" },
		{ "Nous rejetons ce paragraphe.", O, X, "nous rejetons" },
		{ "Je ne soutiens pas ce paragraphe.", O, X, "je ne soutiens pas" },
		{ "Nous sommes en d\u00e9saccord avec la section 4.", O, X, "en d\u00e9saccord" },
		{ "Je ne suis pas favorable \u00e0 ce texte.", O, X, "pas favorable" },
		{ "Je suis favorable \u00e0 cette proposition.", S, X, "suis favorable" },
		{ "Nous soutenons la section 2.", S, X, "nous soutenons" },
		{ "J'approuve ce texte.", S, X, "j'approuve" },
		/* "trop" after a verb of judgement finds fault, with or without the circumflex */
		{ "Le paragraphe 3 me para\u00eet trop n\u00e9gatif.", O, X, "me para\u00eet trop" },
		{ "Le paragraphe 3 me parait trop long.", O, X, "me parait trop" },
		{ "Ce d\u00e9lai nous semble trop court.", O, X, "nous semble trop" },
		{ "Les recommandations me semblent trop vagues.", O, X, "me semblent trop" },
		{ "Le paragraphe 3 ne me para\u00eet pas trop long.", N, X, NULL },
		{ "Le rapport contre la d\u00e9sinformation est en annexe.", N, X, NULL },
		/* approval in few words; fault found with a measure */
		{ "Fine by me.", S, X, "fine by me" },
		{ "That works for me.", S, X, "works for me" },
		{ "Three years is far too long for a first plan.", O, X, "too long" },
		{ "The 15 March deadline is too tight.", O, X, "too tight" },
		{ "The list is not too long for a first plan.", N, X, NULL },
		{ "Two weeks is far too slow; the summary should be out within three days.", A, O, "should" },
		{ "I think so too.", N, X, NULL },
		/* Spanish */
		{ "Estamos de acuerdo con la secci\u00f3n 3.", S, X, "estamos de acuerdo" },
		{ "No estamos de acuerdo con la recomendaci\u00f3n 4.", O, X, "not estamos de acuerdo" },
		{ "De acuerdo con el informe, la mitad participa en l\u00ednea.", N, X, NULL },
		{ "Estoy en desacuerdo con este p\u00e1rrafo.", O, X, "en desacuerdo" },
		{ "Apoyamos la propuesta de Mark.", S, X, "apoyamos" },
		{ "No apoyamos este texto.", O, X, "not apoyamos" },
		{ "Me opongo a la secci\u00f3n 2.", O, X, "me opongo" },
		{ "Nos preocupa el costo de la propuesta.", O, X, "nos preocupa" },
		{ "No tenemos ninguna objeci\u00f3n.", S, X, "ninguna objeci\u00f3n" },
		{ "Retiro mi objeci\u00f3n a la secci\u00f3n 3.", S, X, "retiro mi objeci\u00f3n" },
		{ "Propongo a\u00f1adir una frase sobre el g\u00e9nero.", A, X, "propongo" },
		{ "Sugerimos eliminar la \u00faltima frase.", A, X, "sugerimos" },
		{ "El texto deber\u00eda mencionar a los parlamentos.", A, X, "deber\u00eda" },
		{ "\u00bfPodr\u00edan aclarar qui\u00e9n decide?", Q, X, NULL },
		{ "El informe est\u00e1 en el anexo.", N, X, NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rp_stance st;
		int rc = rp_stance_classify(&st, cases[i].text, NULL);
		CHECK_INT(rc, 0);
		if (st.label != cases[i].label || st.secondary != cases[i].secondary)
			fprintf(stderr, "  case %zu: \"%s\" -> %s/%s cues=%s\n", i, cases[i].text,
				rp_stance_name(st.label), st.secondary ? rp_stance_name(st.secondary) : "-",
				st.cues ? st.cues : "");
		CHECK_INT(st.label, cases[i].label);
		CHECK_INT(st.secondary, cases[i].secondary);
		if (cases[i].cue) {
			int found = st.cues && strstr(st.cues, cases[i].cue) != NULL;
			if (!found)
				fprintf(stderr, "  case %zu: cue \"%s\" missing in \"%s\"\n", i, cases[i].cue,
					st.cues ? st.cues : "(null)");
			CHECK(found);
		}
		CHECK(st.confidence >= 0.0 && st.confidence <= 1.0);
		rp_stance_release(&st);
	}
}

/* Cue families for proposals and requests, each with the near misses it must leave alone.
 * Only the primary label is checked (and a cue when given). */
static void test_cue_families(void)
{
	static const struct {
		const char *text;
		enum rp_stance_label label;
		const char *cue;
	} cases[] = {
		/* imperative mood: a request, an edit when the verb edits text */
		{ "Take me off this list!", Q, "imperative" },
		{ "And send the minutes to the chairs.", Q, "imperative" },
		{ "(As discussed) and post the link to the list.", Q, "imperative" },
		{ "If you cannot attend, send a delegate.", Q, "imperative" },
		{ "Shorten the second paragraph.", A, "imperative" },
		{ "I agree, but shorten the second paragraph.", A, "imperative" },
		{ "Review of the draft by the editors.", N, NULL },
		{ "This would however leave the annex without an owner.", N, NULL },
		{ "Keep an eye out for the ballot.", N, NULL },
		/* an edit verb with a person as object asks the reader to act */
		{ "Add me to the list of speakers.", Q, "imperative" },
		{ "Please do add yourselves to the wiki page.", Q, "please" },
		{ "Fix your mail filter.", Q, "imperative" },
		{ "Add a sentence on funding to 3.2.", A, "add" },
		/* politeness and permission after "please" */
		{ "Please excuse the cross-posting.", N, NULL },
		{ "Please feel free to forward this.", N, NULL },
		/* indirect and performative requests */
		{ "I would be grateful if you could send the figures.", Q, "if you could" },
		{ "It would help if anyone can explain this.", Q, "if anyone can" },
		{ "I'll be glad to hear from you.", N, NULL },
		{ "If you can not attend, nothing changes.", N, NULL },
		{ "I encourage everyone to share their reading lists.", Q, "i encourage" },
		{ "I urge the editors to delete this paragraph.", A, "delete" },
		{ "I wonder whether the annex is still needed.", Q, "i wonder" },
		{ "It made me wonder whether anybody read it.", Q, "wonder whether" },
		/* questions: subordinate clauses, tentative statements, rhetorical "?!" */
		{ "When I joined the group I said the same.", N, NULL },
		{ "When is the deadline for comments", Q, "when" },
		{ "I'm guessing you mean the second bullet?", N, NULL },
		{ "I use a script for this; would you mind sharing yours?", Q, "?" },
		{ "I wonder whether the annex is still needed?", Q, "?" },
		{ "Why would you do that?!", O, "rhetorical ?" },
		{ "Why use a word processor for HTML?", O, "rhetorical ?" },
		{ "Why does the annex exclude governments?", Q, "?" },
		{ "Why not publish the schedule earlier?", A, "why" },
		/* an alternative put to the author proposes it; what follows may still ask */
		{ "Have you considered writing the commit record first instead?", A, "have" },
		{ "Did you consider a worker pool owned by the server?", A, "did" },
		{ "Have you considered what happens on a crash during the commit?", Q, "?" },
		{ "Have you thought about whether quotas belong here?", Q, "?" },
		/* "please make" changes the text, unless it asks the reader to see to something */
		{ "+1 to metrics, but please make tracing optional at build time.", A, "please" },
		{ "Please make the timeout configurable.", A, "please" },
		{ "Please make sure you vote by Friday.", Q, "please" },
		{ "Please, this is off topic for the list.", N, NULL },
		{ "Please, let me know by Friday.", Q, "please" },
		/* mail boilerplate */
		{ "If you are not the intended recipient, please notify the sender.", N, NULL },
		/* a wish of the group to act; the writer's thanks and stance are no proposal */
		{ "We would like to co-locate with their meeting.", A, "we would like to" },
		{ "We would like to thank the editors.", N, NULL },
		{ "I'd like to second this notion.", N, NULL },
		/* "makes sense to" + verb proposes; "makes sense to me" supports */
		{ "It makes sense to meet on the 15th.", A, "makes sense to" },
		{ "That makes sense to me.", S, "makes sense" },
		{ "It doesn't make sense to meet before the draft is out.", O, "not make sense" },
		/* obligation: the group's proposes, the writer's own or a free relative does not */
		{ "We have to decide on the venue this week.", A, "we have to" },
		{ "We don't have to decide today.", N, NULL },
		{ "I need to leave early on Friday.", N, NULL },
		{ "That is exactly what needs to be tested.", N, NULL },
		/* "we can" in a clause of purpose or result */
		{ "We moved the call so we can all attend.", N, NULL },
		{ "There is nothing we can do about it.", N, NULL },
		/* someone else's recommendation is reported, not made */
		{ "They recommend the accessible version.", N, NULL },
		{ "I recommend the accessible version.", A, "recommend" },
		/* the noun "suggestion" reports; introducing one proposes */
		{ "A suggestion I got is the Federation of Deaf People.", N, NULL },
		{ "My suggestion would be a schematic map.", A, "my suggestion would be" },
		/* an offer of the writer commits; it proposes nothing */
		{ "I could change my draft response to say so.", N, NULL },
		{ "We have to decide on the map which we will use.", A, "we have to" },
		/* evaluative proposals, with a degree adverb inside the phrase */
		{ "An 800 number would be best.", A, "would be best" },
		{ "It would be very useful to publish the schedule earlier.", A, "would be useful" },
		{ "Shall we meet on Monday instead?", A, "shall we" },
		/* the noun of an edit verb */
		{ "One is expecting a major change in content.", N, NULL },
		{ "On top of this add one sentence on funding.", A, "add" },
		/* an edit verb heading the subject of a copula is a noun; an imperative's
		 * object comes first, and a copula after it is in a clause of its own */
		{ "Change management with volunteers is very hard.", N, NULL },
		{ "Change requests are slow to process.", N, NULL },
		{ "Change 'is' to 'are' in 3.2.", A, "change" },
		{ "Delete section 5, which is redundant.", A, "delete" },
		{ "Change paragraph 4 where it is unclear.", A, "change" },
		/* an objection taken back is assent; kept, negated or someone else's, it is not */
		{ "I withdraw my objection on 3.9; the sentence can stay as it is", S, "withdrawn objection" },
		{ "I withdraw my objection to Recommendation 1.", S, "withdrawn objection" },
		{ "We drop our concerns about 3.9.", S, "withdrawn objection" },
		{ "I retract my earlier objection.", S, "withdrawn objection" },
		{ "My objection is withdrawn.", S, "withdrawn objection" },
		/* a development list's objections taken back */
		{ "Thanks, with that I withdraw my NACK.", S, "withdrawn objection" },
		{ "I withdraw my -1 now that the ABI is versioned.", S, "withdrawn objection" },
		{ "Consider my veto lifted.", S, "withdrawn objection" },
		{ "I do not withdraw my NACK.", O, "not withdrawn objection" },
		/* the writer's own proposal taken back keeps the text as it stands; someone
		 * else's or the draft's proposal dropped is no withdrawal */
		{ "I withdraw my suggestion on 3.2.", S, "withdrawn amendment" },
		{ "Scratch my earlier proposal.", S, "withdrawn amendment" },
		{ "Please disregard our proposed wording for 2.1.", S, "withdrawn amendment" },
		{ "My proposal is withdrawn.", S, "withdrawn amendment" },
		{ "I do not withdraw my proposal.", A, "not withdrawn amendment" },
		{ "We should drop the proposal to meet monthly.", A, "should" },
		{ "Ignore the proposal in 3.4, it is outdated.", N, NULL },
		{ "On Recommendation 1, I no longer object; the text is fine.", S, "no longer object" },
		{ "We no longer oppose this paragraph.", S, "no longer oppose" },
		{ "I take back what I said about Recommendation 5.", S, "i take back what" },
		{ "I can live with 3.9.", S, "can live with" },
		{ "I can accept the text.", S, "can accept" },
		{ "Je retire mon objection sur 3.9.", S, "withdrawn objection" },
		{ "Je n'ai plus d'objection.", S, "plus d'objection" },
		{ "Je n'ai aucune objection.", S, "aucune objection" },
		{ "Ich ziehe meinen Einwand zur\u00fcck.", S, "withdrawn objection" },
		{ "Ich m\u00f6chte meinen Einwand zur\u00fcckziehen.", S, "withdrawn objection" },
		{ "Kein Einwand mehr.", S, "not einwand" },
		/* an answer that settles the writer's objection */
		{ "Thanks Ana, that resolves my concern.", S, "withdrawn objection" },
		{ "Your reply addresses our concerns on 3.9.", S, "withdrawn objection" },
		{ "This does not address my concern.", O, "not withdrawn objection" },
		{ "That still does not resolve my concern.", O, "not withdrawn objection" },
		{ "I want to address my concern about 3.9 first.", O, "concern" },
		{ "I do not withdraw my objection.", O, "not withdrawn objection" },
		{ "My objection is not withdrawn.", O, "not withdrawn objection" },
		{ "Je ne retire pas mon objection.", O, "not withdrawn objection" },
		{ "Ich ziehe meinen Einwand nicht zur\u00fcck.", O, "not withdrawn objection" },
		{ "I can't accept this text.", O, "can't accept" },
		{ "I cannot live with 3.9.", O, "cannot live with" },
		{ "Avri withdrew her objection.", N, NULL },
		{ "Ich ziehe in Betracht, den Einwand zu pr\u00fcfen.", O, "einwand" },
		{ "We dropped the reference to Tunis.", N, NULL },
		{ "I suggest we drop the concerns section.", A, "suggest" },
		{ "I'll take this back to the working group.", N, NULL },
		/* approval of the text as it stands; negated, an objection */
		{ "Recommendation 6 is fine as drafted.", S, "as drafted" },
		{ "It is OK as drafted.", S, "as drafted" },
		{ "The paragraph is fine as it is.", S, "as drafted" },
		{ "The sentence can stay as it is.", S, "as drafted" },
		{ "No objection to the text.", S, "not objection" },
		{ "John, I see the risk, but the current wording works.", S, "wording works" },
		{ "I also like the idea of using the chat for questions.", S, "i also like" },
		{ "We really like the approach taken in section 4.", S, "we really like" },
		{ "Something like the idea of a registry was tried in 2019.", N, NULL },
		{ "The text works for the regions.", S, "text works" },
		{ "The schedule works fine for us.", S, "works fine" },
		{ "The wording works against small delegations.", S, "wording works" },
		{ "The current wording doesn't work for us.", O, NULL },
		{ "Abschnitt 3.7: Zustimmung.", S, "zustimmung" },
		{ "Ich bin mit 3.7 einverstanden.", S, "einverstanden" },
		{ "Je suis d'accord avec le 3.9.", S, "d'accord" },
		{ "Rien \u00e0 redire sur 3.9.", S, "rien \u00e0 redire" },
		{ "Recommendation 6 is not fine as drafted.", O, "not as drafted" },
		{ "The sentence cannot stay as it is.", O, "not as drafted" },
		{ "Keine Zustimmung von uns.", O, "not zustimmung" },
		{ "The text as drafted ignores small states.", N, NULL },
		/* a proposal named as such, an option put forward, a soft "might want to" */
		{ "My proposal is to hold the meeting in Seattle.", A, "my proposal is" },
		{ "I have a proposal for the map.", A, "have a proposal" },
		{ "One option would be a schematic map.", A, "one option would be" },
		{ "It might be worth asking the hotel for a discount.", A, "might be worth" },
		{ "We might want to publish the schedule earlier.", A, "we might want to" },
		{ "You may want to split the annex in two.", A, "you may want to" },
		{ "We might want to thank the hosts.", N, NULL },
		{ "You may not consider that a helpful suggestion.", N, NULL },
		{ "Please consider a shorter title.", A, "please" },
		/* the writer's need of an answer asks for it; calls for offers */
		{ "I need to know the dates by Friday.", Q, "i need to know" },
		{ "We need to know who will host the meeting.", Q, "we need to know" },
		{ "I need to leave before the vote.", N, NULL },
		{ "I'd be interested to hear how others do this.", Q, "interested to hear" },
		{ "Offers gratefully accepted.", Q, "gratefully accepted" },
		{ "Volunteers welcome for the minutes.", Q, "volunteers welcome" },
		/* a confidentiality notice asks nothing of the list */
		{ "If you suspect that this message may have been intercepted, please tell us.", N, NULL },
		{ "If you have received this message in error, please delete it.", N, NULL },
		/* a '?' standing for a character the charset lost asks nothing */
		{ "H ? k o n W i u m L i e", N, NULL },
		{ "inria ???#?? FRANCE", N, NULL },
		{ "Is it a Tuesday ?", Q, "?" },
		{ "What???", Q, "?" },
		/* a reason or a guess put as a question */
		{ "Because you use Windows ? (I use Unix)", N, NULL },
		{ "Because of the deadline, can we meet earlier?", Q, "?" },
		/* a condition put by inversion neither asks nor proposes */
		{ "Should you need a room, the hotel has one.", N, NULL },
		{ "Had we known, the agenda was different.", N, NULL },
		{ "Should the annex say more about funding", Q, "inversion" },
		{ "Were they at the meeting, or not?", Q, "?" },
		/* an imperative quoted is the quoted writer's */
		{ "His motto was: \"Go off and do something wonderful.\"", N, NULL },
		{ "Go off and do something wonderful.\"", N, NULL },
		{ "\"Send the minutes.\" was all he wrote.", N, NULL },
		{ "Send the minutes to the chairs.", Q, "imperative" },
		{ "Replace \"may\" with \"shall.\"", A, "replace" },
		/* "remember" asks only an act to come */
		{ "Remember to register for the meeting.", Q, "imperative" },
		{ "Remember my comments from Toronto last year.", N, NULL },
		{ "Remember that the deadline is Friday.", N, NULL },
		/* an obligation inside an indirect question names a thing to settle */
		{ "Groups decide late what their criteria needs to be.", N, NULL },
		{ "Nobody knows whether the annex should stay.", N, NULL },
		{ "I wonder whether we should meet on Monday.", Q, "i wonder" },
		{ "We decided what should happen next.", N, NULL },
		{ "What should change in 3.2 is the date.", A, "should" },
		{ "The paragraph which should go is 3.2.", A, "should" },
		{ "When the draft is final, we should publish it.", A, "should" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rp_stance st;
		CHECK_INT(rp_stance_classify(&st, cases[i].text, NULL), 0);
		if (st.label != cases[i].label)
			fprintf(stderr, "  family case %zu: \"%s\" -> %s cues=%s\n", i, cases[i].text,
				rp_stance_name(st.label), st.cues ? st.cues : "");
		CHECK_INT(st.label, cases[i].label);
		if (cases[i].cue) {
			int found = st.cues && strstr(st.cues, cases[i].cue) != NULL;
			if (!found)
				fprintf(stderr, "  family case %zu: cue \"%s\" missing in \"%s\"\n", i, cases[i].cue,
					st.cues ? st.cues : "(null)");
			CHECK(found);
		}
		rp_stance_release(&st);
	}
	/* No withdrawal by the writer: an imperative asks it of someone else, a noun of a part
	 * of the text or of a procedure after the objection names something else. */
	static const char *const not_withdrawn[] = {
		"Withdraw the objection procedure from Annex A and replace it with a vote.",
		"Drop my objection from the minutes, please.",
		"We should drop the concerns section.",
		"Retract the objections process in 2.1.",
	};
	for (i = 0; i < sizeof(not_withdrawn) / sizeof(not_withdrawn[0]); i++) {
		struct rp_stance st;
		CHECK_INT(rp_stance_classify(&st, not_withdrawn[i], NULL), 0);
		if (st.cues && strstr(st.cues, "withdrawn objection"))
			fprintf(stderr, "  not withdrawn %zu: \"%s\" cues=%s\n", i, not_withdrawn[i], st.cues);
		CHECK(!st.cues || !strstr(st.cues, "withdrawn objection"));
		CHECK(st.label != S);
		rp_stance_release(&st);
	}
}


/* Approval of the text as it stands, which a reply under someone's proposal gives the
 * text, not the proposal. */
static void test_keeps_text(void)
{
	static const struct {
		const char *text;
		int keeps;
	} cases[] = {
		{ "The paragraph is fine as it is.", 1 },
		{ "John, I see the risk, but the current wording works.", 1 },
		{ "Recommendation 6 is fine as drafted.", 1 },
		{ "I agree.", 0 },
		{ "+1", 0 },
		{ "Recommendation 6 is not fine as drafted.", 0 },
		{ "The schedule works fine for us.", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rp_stance st;
		CHECK_INT(rp_stance_classify(&st, cases[i].text, NULL), 0);
		if (rp_stance_keeps_text(&st) != cases[i].keeps)
			fprintf(stderr, "  keeps-text case %zu: \"%s\" cues=%s\n", i, cases[i].text,
				st.cues ? st.cues : "");
		CHECK_INT(rp_stance_keeps_text(&st), cases[i].keeps);
		rp_stance_release(&st);
	}
	CHECK_INT(rp_stance_keeps_text(NULL), 0);
}

/* text is an amendment (as its first label, or also as its second when secondary_ok)
 * proposing exactly proposed (NULL: no wording); the case is named on failure (kind,
 * index). */
static void check_amend(const char *kind, size_t i, const char *text, const char *proposed,
			int secondary_ok)
{
	struct rp_stance st;
	int amend;

	CHECK_INT(rp_stance_classify(&st, text, NULL), 0);
	amend = st.label == A || (secondary_ok && st.secondary == A);
	if (!amend || (proposed ? !st.proposed || strcmp(st.proposed, proposed) : st.proposed != NULL))
		fprintf(stderr, "  %s case %zu: \"%s\" -> %s \"%s\"\n", kind, i, text,
			rp_stance_name(st.label), st.proposed ? st.proposed : "(null)");
	CHECK(amend);
	if (proposed)
		CHECK_STR(st.proposed, proposed);
	else
		CHECK(st.proposed == NULL);
	rp_stance_release(&st);
}
/* Hedged support is weaker than plain support, and intensified support stronger. */
static void test_hedges(void)
{
	static const struct {
		const char *weak, *strong;
	} cases[] = {
		{ "I tend to agree with this.", "I agree with this." },
		{ "Perhaps this could work, I somewhat agree.", "I agree." },
		{ "I agree.", "I fully agree." },
		{ "Maybe the text should be shorter.", "The text should be shorter." },
		/* a "-0" objects and will not block: weaker than a "-1" */
		{ "-0 on 4.1.", "-1 on 4.1." },
		{ "-0 on 4.1, I won't block it.", "I object to 4.1." },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rp_stance w, s;
		CHECK_INT(rp_stance_classify(&w, cases[i].weak, NULL), 0);
		CHECK_INT(rp_stance_classify(&s, cases[i].strong, NULL), 0);
		CHECK_INT(w.label, s.label);
		if (!(w.confidence < s.confidence))
			fprintf(stderr, "  hedge case %zu: %.3f vs %.3f\n", i, w.confidence, s.confidence);
		CHECK(w.confidence < s.confidence);
		rp_stance_release(&w);
		rp_stance_release(&s);
	}
}

static void test_proposed(void)
{
	static const struct {
		const char *text, *proposed;
	} cases[] = {
		{ "Please replace \"stakeholders\" with \"all stakeholders\".", "all stakeholders" },
		{ "s/shall/should/ in the second bullet", "should" },
		{ "I suggest we replace the word governance with stewardship.", "stewardship" },
		{ "I propose the sentence should read: All parties share responsibility.",
		  "All parties share responsibility" },
		/* the quoted string after "after" is where the words go */
		{ "We suggest adding \u201cin line with human rights law\u201d after \u201cmeasures\u201d.",
		  "in line with human rights law" },
		{ "Please insert \"and observers\" before \"may attend\".", "and observers" },
		{ "I suggest shortening this section.", NULL },
		/* a quoted string named as existing text by the noun after it is a mention */
		{ "The \"clear objective\" wording we respond to is on page 5. I suggest we quote "
		  "the paper's own words in our text.",
		  NULL },
		{ "I suggest replacing the \"talk shop\" phrase with \"a forum for dialogue\".",
		  "a forum for dialogue" },
		{ "Suggest adding at the end: \"and set out a timetable\" wording-wise.",
		  "and set out a timetable" },
		/* the quotation after "instead of", "rather than", ", not" is the current text */
		{ "We suggest \"shall\" instead of \"should\".", "shall" },
		{ "We suggest \u201cshall\u201d instead of \u201cshould\u201d.", "shall" },
		{ "The text should say \"member states\" rather than \"countries\".", "member states" },
		{ "I suggest \"participants\" in place of \"delegates\" throughout.", "participants" },
		{ "\"Participants\" in place of \"delegates\".", "Participants" },
		{ "Please use \"may\", not \"must\", in the second bullet.", "may" },
		{ "Please use \u201cmay\u201d, not \u201cmust\u201d, in the second bullet.", "may" },
		{ "Instead of \"should\" we suggest \"shall\".", "shall" },
		{ "Why not \"shall\"?", "shall" },
		{ "Je propose \"doit\" plut\u00f4t que \"devrait\".", "doit" },
		/* an edit asked for in the infinitive, after "please" or alone */
		{ "Zu Abschnitt 5: bitte \"sechs\" durch \"zw\u00f6lf\" ersetzen.", "zw\u00f6lf" },
		{ "Au point 5, remplacer \u00ab six \u00bb par \u00ab douze \u00bb.", "douze" },
		{ "Secci\u00f3n 5: sustituir \"seis\" por \"doce\".", "doce" },
		{ "Merci de supprimer la derni\u00e8re phrase.", NULL },
		{ "Ich schlage vor, in Abschnitt 5 \"zw\u00f6lf Monate\" zu schreiben.", "zw\u00f6lf Monate" },
		/* after "prefer", "to" and "over" join the preferred and the current text */
		{ "I prefer \"guidelines\" to \"rules\".", "guidelines" },
		{ "I would prefer \u201cguidelines\u201d to \u201crules\u201d; please change it.", "guidelines" },
		{ "We prefer \"guidelines\" over \"rules\"; please change it.", "guidelines" },
		/* with an edit verb, "to" and "with" lead to the new words */
		{ "Please change \"should\" to \"shall\".", "shall" },
		{ "Please change \u201cshould\u201d to \u201cshall\u201d.", "shall" },
		{ "I would prefer to change \"should\" to \"shall\".", "shall" },
		{ "Replace \"rules\" with \"guidelines\", not \"principles\".", "guidelines" },
		/* a few words naming the current text may follow the connective; a dash may
		 * hug "not"; a negated verb of wording rejects its quotation */
		{ "Please use \u201cshould\u201d instead of the word \u201cmust\u201d.", "should" },
		{ "I'd use \u201cshould\u201d rather than the current \u201cmust\u201d.", "should" },
		{ "I suggest \u201cmay\u201d\u2014not \u201cmust\u201d.", "may" },
		{ "I suggest \u201cshould\u201d, and please don\u2019t use \u201cmust\u201d.", "should" },
		{ "I suggest \"should\"; we should not write \"must\".", "should" },
		{ "Why not say \"shall\"?", "shall" },
		/* the same in straight single quotes */
		{ "I'd soften this to 'may' rather than 'must'.", "may" },
		{ "Please use 'should' instead of 'must'.", "should" },
		{ "I suggest we write 'members' and not 'participants'.", "members" },
		/* the new text of an explicit replacement, whatever quotations follow it */
		{ "Please change 'shall' to 'should'.", "should" },
		{ "I suggest going from 'shall' to 'should'.", "should" },
		{ "Please change \u201cshall\u201d to \u201cshould\u201d, since \u201cmust\u201d is too strong.",
		  "should" },
		{ "Please change 'shall' to 'should', since 'must' is too strong.", "should" },
		{ "I'd soften \u201cmust\u201d to \u201cmay\u201d, as \u201cshall\u201d reads oddly.", "may" },
		{ "Please replace \"rules\" with \"guidelines\" because \"principles\" is vaguer.", "guidelines" },
		/* after a verb of adding, "to" leads to the place */
		{ "Please add \u201cand youth\u201d to \u201cNext steps\u201d.", "and youth" },
		/* typographic apostrophes before the cue: the wording is read where it is */
		{ "We\u2019d like to replace governance with stewardship.", "stewardship" },
		{ "It\u2019s simple \u2014 the sentence should read: All parties share responsibility.",
		  "All parties share responsibility" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_amend("proposed", i, cases[i].text, cases[i].proposed, 0);
}

/* Proposed wording in the quotation marks lists use beyond straight and English curly
 * double quotes; the spaces French puts inside guillemets are not part of the wording, and
 * an apostrophe (the same character as the single closing quote) neither opens nor closes. */
static void test_quotation_marks(void)
{
	static const struct {
		const char *text, *proposed;
	} cases[] = {
		{ "I propose to add: \u00ab Les coalitions dynamiques sont agiles. \u00bb",
		  "Les coalitions dynamiques sont agiles." },
		{ "I suggest \u00abtoutes les parties prenantes\u00bb here.", "toutes les parties prenantes" },
		/* no-break space U+00A0 and narrow no-break space U+202F inside */
		{ "I propose to add: \u00ab\u00a0Les coalitions sont agiles.\u00a0\u00bb", "Les coalitions sont agiles." },
		{ "I propose to add: \u00ab\u202fLes coalitions sont agiles.\u202f\u00bb", "Les coalitions sont agiles." },
		{ "I suggest \u2039 toutes les parties \u203a here.", "toutes les parties" },
		{ "I suggest \u2039all parties\u203a here.", "all parties" },
		/* German „ “ and Polish „ ” */
		{ "I propose: \u201eDie Koalitionen sind agil\u201c.", "Die Koalitionen sind agil" },
		{ "I propose: \u201eKoalicje s\u0105 zwinne\u201d.", "Koalicje s\u0105 zwinne" },
		/* CJK corner brackets */
		{ "I propose to write \u300c\u6240\u6709\u5229\u76ca\u76f8\u5173\u65b9\u300d here.",
		  "\u6240\u6709\u5229\u76ca\u76f8\u5173\u65b9" },
		{ "I propose \u300e\u6240\u6709\u5229\u76ca\u76f8\u5173\u65b9\u300f here.",
		  "\u6240\u6709\u5229\u76ca\u76f8\u5173\u65b9" },
		/* single curly quotes, around words only */
		{ "I suggest \u2018all stakeholders\u2019 here.", "all stakeholders" },
		{ "I suggest \u2018the IGF\u2019s own process\u2019 here.", "the IGF\u2019s own process" },
		{ "Please use \u2018must\u2019, not \u2018may\u2019, as the members\u2019 view is clear.", "must" },
		{ "I suggest we call it rock\u2018n\u2019roll governance and use \"open process\".", "open process" },
		{ "I suggest we don\u2019t touch the IGF\u2019s mandate; it\u2019s the members\u2019 call.", NULL },
		/* straight single quotes: opening after a space, a bracket or the start, closing
		 * before a space, punctuation or the end; apostrophes inside stay */
		{ "I propose 'all stakeholders' here.", "all stakeholders" },
		{ "'All stakeholders' would be better.", "All stakeholders" },
		{ "I suggest ('may') here.", "may" },
		{ "I suggest 'the IGF's own process' here.", "the IGF's own process" },
		{ "Please rephrase 'rock'n'roll' as 'music'.", "music" },
		{ "I suggest replacing 'cause' with 'reason'.", "reason" },
		{ "The paragraph should read: 'Members meet twice a year.'", "Members meet twice a year." },
		{ "I don't think 'must' works; I'd suggest 'may'.", "may" },
		{ "We've done this since the '90s; I suggest the members' view is 'may'.", "may" },
		{ "Rock 'n roll aside, I suggest 'may' here.", "may" },
		/* apostrophes are no quotation marks */
		{ "I suggest we keep the members' 'core values' section.", NULL },
		{ "I suggest we don't touch the IGF's mandate; it's the members' call.", NULL },
		{ "I propose we keep the chairs' and the members' text as it is, don't you?", NULL },
		{ "Since the '90s the members' view has been clear; I suggest we say so.", NULL },
		{ "I suggest we don't say 'never' here.", NULL },
		{ "I suggest we avoid using 'never' in 3.2.", NULL },
		{ "I suggest we say 'tis the season and the members' wish.", NULL },
		/* the replaced text in the other marks is still the current text */
		{ "We suggest \u00ab shall \u00bb instead of \u00ab should \u00bb.", "shall" },
		{ "Please change \u201eshould\u201c to \u201eshall\u201c.", "shall" },
		{ "We suggest adding \u2018in line with human rights law\u2019 after \u2018measures\u2019.",
		  "in line with human rights law" },
		/* the demo list's French proposal: the lines the mailer wrapped joined again */
		{ "Cela dit, je propose d'ajouter une phrase pour expliquer pourquoi\n"
		  "certains \u00c9tats membres sont inquiets : \u00ab Les coalitions dynamiques sont\n"
		  "agiles et peuvent changer de cap rapidement, ce qui peut inqui\u00e9ter des\n"
		  "structures con\u00e7ues pour la continuit\u00e9. \u00bb",
		  "Les coalitions dynamiques sont agiles et peuvent changer de cap rapidement, ce qui peut "
		  "inqui\u00e9ter des structures con\u00e7ues pour la continuit\u00e9." },
		/* a wrapped line inside the quotation is a space, spaces around it too */
		{ "10 per cent is far too low. Recommendation 3 should read: \"at least 25 per\n"
		  "cent of their disbursements\".",
		  "at least 25 per cent of their disbursements" },
		{ "I propose to add: \"Members meet twice a year \r\n  in person.\"",
		  "Members meet twice a year in person." },
		/* a blank line inside it is the member's paragraph break: kept, one */
		{ "I propose to add: \"First paragraph of the\nnew text.\n \n\nSecond paragraph.\"",
		  "First paragraph of the new text.\n\nSecond paragraph." },
	};
	static const char *const no_wording[] = {
		"Don't say 'never'.",
		"Members' views differ; we don't agree on 'core values' yet.",
		"It's the chairs' call, isn't it?",
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_amend("quotation", i, cases[i].text, cases[i].proposed, 0);
	/* Whatever their stance, these propose no wording. */
	for (i = 0; i < sizeof(no_wording) / sizeof(no_wording[0]); i++) {
		struct rp_stance st;
		CHECK_INT(rp_stance_classify(&st, no_wording[i], NULL), 0);
		if (st.proposed)
			fprintf(stderr, "  no-wording case %zu: \"%s\" -> \"%s\"\n", i, no_wording[i], st.proposed);
		CHECK(st.proposed == NULL);
		rp_stance_release(&st);
	}
}

/* A short quoted phrase that names existing text (the noun after it says which part), and
 * the words a deletion takes out, are no proposed wording; what the cues of insertion bring
 * is. */
static void test_mentions(void)
{
	static const struct {
		const char *text, *proposed;
	} cases[] = {
		/* the demo list: backing a deletion, the deleted sentence named by a phrase of it */
		{ "On 3.6, Jutta's proposal to delete the \"talk shop\" sentence seems right\n"
		  "to me, and it goes well with Wout's survey.",
		  NULL },
		{ "I suggest the \"Next steps\" section be moved up.", NULL },
		{ "I propose moving the \u201ctalk shop\u201d paragraph to 3.7.", NULL },
		{ "I suggest the \u00ab talk shop \u00bb sentence be rewritten.", NULL },
		/* longer quotations before a part noun: a determiner makes them a mention, a
		 * number after the noun a place */
		{ "I propose moving the \"We left the talk shop stage behind\" paragraph to the end.", NULL },
		{ "I propose moving Jutta\u2019s \"We left the talk shop stage behind\" paragraph to the end.", NULL },
		{ "Please add \"and youth\" paragraph 2.", "and youth" },
		{ "I propose a new \"The IGF reports to the General Assembly each year\" sentence.",
		  "The IGF reports to the General Assembly each year" },
		/* deletions */
		{ "I propose to delete \"in principle\" in the second bullet.", NULL },
		{ "We should remove the reference to \"multilateral\".", NULL },
		{ "I support the deletion of \"talk shop\" from 3.6; please also drop it in 3.7.", NULL },
		{ "Strike \"may\" and insert \"must\".", "must" },
		{ "We should remove the reference to \"multilateral\" and say \"multistakeholder\" instead.",
		  "multistakeholder" },
		{ "I would propose to delete that sentence and to start the section with: \"Outreach to "
		  "industry must go beyond the well-known Internet platforms.\"",
		  "Outreach to industry must go beyond the well-known Internet platforms." },
		/* insertions and replacements: the quoted words are proposed */
		{ "I suggest replacing the \"talk shop\" sentence with \"The IGF is a forum for dialogue\".",
		  "The IGF is a forum for dialogue" },
		{ "I suggest adding the sentence \"All parties share responsibility\" to 3.2.",
		  "All parties share responsibility" },
		{ "I propose a new sentence: \"The IGF is a forum for dialogue\".", "The IGF is a forum for dialogue" },
		{ "Please add \"with all stakeholders\" at the end of the sentence.", "with all stakeholders" },
		{ "I suggest adding \"in all regions\" to the sentence.", "in all regions" },
		{ "Please add \"and youth\" to the \"Next steps\" section.", "and youth" },
		{ "I propose the paragraph should read: \"DCs report to the MAG once a year.\"",
		  "DCs report to the MAG once a year." },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_amend("mention", i, cases[i].text, cases[i].proposed, 1);
}

/* Wording after a cue has none of the cue's punctuation, quotation marks included, on every
 * path: the last quotation, or a replacement read after an objection. */
static void test_wording_after_cue(void)
{
	static const struct {
		const char *text, *proposed;
	} cases[] = {
		{ "I strongly object to this paragraph; if it stays, replace it with: \"Only members may vote.\"",
		  "Only members may vote." },
		{ "I do not agree with this paragraph as it stands and object to it. Replace the second "
		  "sentence with: \u00ab Only members may vote. \u00bb",
		  "Only members may vote." },
		{ "I object to 3.2, and I disagree with the text; it should read: \"Only members may vote.\"",
		  "Only members may vote." },
		{ "I object to 3.2; replace the second sentence with only members may vote.",
		  "only members may vote" },
		{ "I object to 3.2; replace the second sentence with: \u2018the IGF\u2019s members vote\u2019.",
		  "the IGF\u2019s members vote" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_amend("after-cue", i, cases[i].text, cases[i].proposed, 1);
}

/* A point of pre + size bytes of wording (unit repeated) + post, classified. */
static void classify_long(struct rp_stance *st, const char *pre, size_t size, const char *unit, const char *post)
{
	size_t pl = strlen(pre), ul = strlen(unit), i;
	char *text = malloc(pl + size + strlen(post) + 1);

	CHECK(text != NULL);
	if (!text)
		return;
	memcpy(text, pre, pl);
	for (i = 0; i < size; i++)
		text[pl + i] = unit[i % ul];
	strcpy(text + pl + size, post);
	CHECK_INT(rp_stance_classify(st, text, NULL), 0);
	free(text);
}

/* Long proposed wording: at most RP_STANCE_PROPOSED_MAX bytes, cut between characters, an
 * ellipsis when cut; never the cue's colon or opening mark, whether the closing mark is
 * read or lies past what the classifier reads of a very long point. */
static void test_proposed_long(void)
{
	static const struct {
		const char *pre, *unit, *post;
		size_t size;
		int cut; /* expect the cap and the ellipsis */
	} cases[] = {
		{ "I propose the sentence should read: \"", "very long wording ", "\"", 120000, 1 },
		{ "I propose the sentence should read: \"", "very long wording ", "\"", 40000, 1 },
		{ "I propose the sentence should read: \"", "very long wording ", "\"", 24000, 1 },
		{ "I propose the sentence should read: \"", "very long wording ", "\"", 16000, 0 },
		{ "I propose: \"", "very long wording ", "\"", 120000, 1 },
		{ "Please replace the second sentence with: \"", "very long wording ", "\"", 120000, 1 },
		{ "Please replace the second sentence with: \u201c", "very long wording ", "\u201d", 120000, 1 },
		{ "Je propose : \u00ab ", "tr\u00e8s longue formulation ", " \u00bb", 120000, 1 },
		{ "I object; replace the second sentence with: \"", "very long wording ", "\"", 120000, 1 },
		/* the cap falls inside a two-byte character */
		{ "I propose: \"a", "\u00e9", "\"", 20000, 1 },
		{ "I propose: \"", "\u6f22\u00e9 ", "\"", 120000, 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rp_stance st;
		size_t n;
		classify_long(&st, cases[i].pre, cases[i].size, cases[i].unit, cases[i].post);
		CHECK(st.proposed != NULL);
		if (!st.proposed)
			continue;
		n = strlen(st.proposed);
		if (st.proposed[0] == ':' || st.proposed[0] == '"' || st.proposed[0] == ' ' ||
		    (cases[i].cut && (n > RP_STANCE_PROPOSED_MAX + 3 || n < RP_STANCE_PROPOSED_MAX - 8)))
			fprintf(stderr, "  long case %zu: %zu bytes, starting \"%.12s\"\n", i, n, st.proposed);
		CHECK(st.proposed[0] != ':' && st.proposed[0] != '"' && st.proposed[0] != ' ');
		CHECK(strncmp(st.proposed, cases[i].unit, 4) == 0 || (st.proposed[0] == 'a' && i == 9));
		CHECK(rp_utf8_valid(st.proposed, n));
		if (cases[i].cut) {
			CHECK(n <= RP_STANCE_PROPOSED_MAX + 3 && n >= RP_STANCE_PROPOSED_MAX - 8);
			CHECK(n >= 3 && strcmp(st.proposed + n - 3, "\u2026") == 0);
		} else {
			CHECK(n <= cases[i].size);
			CHECK(n < 3 || strcmp(st.proposed + n - 3, "\u2026") != 0);
		}
		rp_stance_release(&st);
	}
	/* A point longer than what is read, its proposal opening late: cut at the end of what is
	 * read, between characters, with an ellipsis although shorter than the cap. */
	{
		static const char ctx[] = "Some context about the draft here. ";
		struct rp_buf pre = RP_BUF_INIT;
		struct rp_stance st;
		size_t n, k;
		for (k = 0; k < 600 && !rp_buf_adds(&pre, ctx); k++)
			;
		/* "x": what is read then ends inside a three-byte character */
		CHECK_INT(rp_buf_adds(&pre, "xI propose: \""), 0);
		CHECK(k == 600);
		classify_long(&st, pre.buf, 60000, "\u6f22\u00e9 ", "\"");
		rp_buf_release(&pre);
		CHECK(st.proposed != NULL);
		n = st.proposed ? strlen(st.proposed) : 0;
		CHECK(st.proposed && strncmp(st.proposed, "\u6f22\u00e9 ", 6) == 0);
		CHECK(n > 1000 && n < RP_STANCE_PROPOSED_MAX);
		CHECK(st.proposed && rp_utf8_valid(st.proposed, n));
		CHECK(n >= 3 && strcmp(st.proposed + n - 3, "\u2026") == 0);
		rp_stance_release(&st);
	}
}

/* An objection quotes the words it objects to: no proposed wording unless written as a
 * replacement. */
static void test_objection_quotes(void)
{
	struct rp_stance st;

	CHECK_INT(rp_stance_classify(&st,
				     "I do not agree with the first sentence of 3.6 as it stands. We left "
				     "the \"talk shop\" stage behind at the latest in Berlin, where industry "
				     "from many sectors took part, and our feedback should not repeat a "
				     "criticism that is no longer accurate.",
				     NULL),
		  0);
	CHECK_INT(st.label, O);
	CHECK(st.proposed == NULL);
	rp_stance_release(&st);
	CHECK_INT(rp_stance_classify(&st, "I object to this section; replace \"may\" with \"must\".", NULL), 0);
	CHECK(st.proposed && strcmp(st.proposed, "must") == 0);
	rp_stance_release(&st);
}

static void test_targets(void)
{
	static const struct {
		const char *text;
		enum rp_target_kind kind;
		const char *name;
	} cases[] = {
		{ "+1 to Avri", RP_TARGET_MEMBER, "Avri" },
		{ "+1 Rajesh. 500 USD es imposible para las redes comunitarias.", RP_TARGET_MEMBER,
		  "Rajesh" },
		{ "+1 Ana Souza, and the same goes for section 4.", RP_TARGET_MEMBER, "Ana Souza" },
		{ "+1 Great idea.", RP_TARGET_SECTION, NULL },
		{ "+1 IGF.", RP_TARGET_SECTION, NULL },
		{ "+1 Section 3 is fine as it is.", RP_TARGET_SECTION, NULL },
		{ "I agree with Mark on this point.", RP_TARGET_MEMBER, "Mark" },
		{ "Agree w Kari on 3.2.", RP_TARGET_MEMBER, "Kari" },
		{ "agree w/ Kari", RP_TARGET_MEMBER, "Kari" },
		{ "As Wout said, the scope is too wide.", RP_TARGET_MEMBER, "Wout" },
		{ "As Wout de Natris said, the scope is too wide.", RP_TARGET_MEMBER, "Wout de Natris" },
		{ "I agree with the previous speaker.", RP_TARGET_MEMBER, "the previous speaker" },
		{ "I fully agree with Rajendra Pratap Gupta here.", RP_TARGET_MEMBER, "Rajendra Pratap Gupta" },
		{ "I disagree with Jane: the text is fine.", RP_TARGET_MEMBER, "Jane" },
		{ "I see it differently from Avri on this.", RP_TARGET_MEMBER, "Avri" },
		{ "I don't agree with John here; the text is fine as it is.", RP_TARGET_MEMBER, "John" },
		{ "I do not really agree with Mark Carvell.", RP_TARGET_MEMBER, "Mark Carvell" },
		{ "On 2.3: I'm with Priya. Keep the liaison managers.", RP_TARGET_MEMBER, "Priya" },
		{ "We are with Mark Okafor here.", RP_TARGET_MEMBER, "Mark Okafor" },
		{ "I am not as worried as Avri about the approval.", RP_TARGET_MEMBER, "Avri" },
		{ "I am just as concerned as Mark Carvell.", RP_TARGET_MEMBER, "Mark Carvell" },
		{ "The text is as long as the paper itself.", RP_TARGET_SECTION, NULL },
		{ "Use it as soon as IGF 2021 starts.", RP_TARGET_SECTION, NULL },
		{ "+1", RP_TARGET_MESSAGE, NULL },
		{ "Agreed.", RP_TARGET_MESSAGE, NULL },
		{ "Same here.", RP_TARGET_MESSAGE, NULL },
		{ "+1, thanks!", RP_TARGET_MESSAGE, NULL },
		/* a bare agreement opening the reply, its reasons after */
		{ "Same here. Two pages is reasonable, and it shows what the coalitions do.",
		  RP_TARGET_MESSAGE, NULL },
		{ "Agreed. The annex should stay.", RP_TARGET_MESSAGE, NULL },
		{ "Same problem here: the annex is too long.", RP_TARGET_SECTION, NULL },
		/* the one thanked is no target of an objection or amendment that follows */
		{ "Thanks Ann, and I object to section 3: two weeks is too short.", RP_TARGET_SECTION, NULL },
		{ "Thank you Ann. I object strongly to section 3.", RP_TARGET_SECTION, NULL },
		{ "Thanks Ann, but section 3 should say four weeks.", RP_TARGET_SECTION, NULL },
		{ "Thanks Ann, good catch.", RP_TARGET_MEMBER, "Ann" },
		/* the writer's own objection taken back after thanks: no agreement with Anja */
		{ "Thanks Anja, that helps. In that case I withdraw my concern on the annual "
		  "report.", RP_TARGET_SECTION, NULL },
		/* agreement with the one thanked, a comma after the thanks */
		{ "Thank you, Avri. I tend to agree: this is a shift from past practice.",
		  RP_TARGET_MEMBER, "Avri" },
		{ "Thanks, Ann, but section 3 should say four weeks.", RP_TARGET_SECTION, NULL },
		/* "right" with an adverb still agrees with the one named */
		{ "Avri is absolutely right on this.", RP_TARGET_MEMBER, "Avri" },
		{ "Mark is quite right about the annex.", RP_TARGET_MEMBER, "Mark" },
		{ "I agree with the proposed text of 3.9.", RP_TARGET_SECTION, NULL },
		{ "I agree with Section 4.", RP_TARGET_SECTION, NULL },
		{ "The section should mention small island states.", RP_TARGET_SECTION, NULL },
		/* typographic apostrophes and quotes before or after the name */
		{ "That\u2019s it: I agree with Avri on this.", RP_TARGET_MEMBER, "Avri" },
		{ "I \u2018really\u2019 agree, it\u2019s Jutta\u2019s proposal that seems right.", RP_TARGET_MEMBER,
		  "Jutta" },
		{ "As I wrote, \u201cI agree with Mark\u201d is my view.", RP_TARGET_MEMBER, "Mark" },
		{ "I agree with Siobh\u00e1n O\u2019Brien here.", RP_TARGET_MEMBER, "Siobh\u00e1n O\u2019Brien" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rp_stance st;
		CHECK_INT(rp_stance_classify(&st, cases[i].text, NULL), 0);
		if ((int)st.target_kind != (int)cases[i].kind)
			fprintf(stderr, "  target case %zu: \"%s\" -> %d %s\n", i, cases[i].text,
				st.target_kind, st.target_name ? st.target_name : "-");
		CHECK_INT(st.target_kind, cases[i].kind);
		if (cases[i].name)
			CHECK_STR(st.target_name, cases[i].name);
		else
			CHECK(st.target_name == NULL);
		rp_stance_release(&st);
	}
}

static void test_resolve(void)
{
	static const char *const mark_aliases[] = { "Mark C.", "mcarvell@example.net" };
	static const struct rp_participant people[] = {
		{ "Wout de Natris", "wout@example.org", NULL, 0 },
		{ "Mark Carvell", "mark@example.org", mark_aliases, 2 },
		{ "William Drake", "wdrake@example.com", NULL, 0 },
		{ "Avri Doria", "avri@example.net", NULL, 0 },
		{ NULL, "anon@example.com", NULL, 0 },
	};
	static const struct {
		const char *name;
		long previous;
		int want;
	} cases[] = {
		{ "Avri", -1, 3 },
		{ "avri doria", -1, 3 },
		{ "Bill", -1, 2 },
		{ "Drake", -1, 2 },
		{ "Wout de Natris", -1, 0 },
		{ "Mark C.", -1, 1 },
		{ "mcarvell@example.net", -1, 1 },
		{ "mark@example.org", -1, 1 },
		{ "anon", -1, 4 },
		{ "the previous speaker", 2, 2 },
		{ "the previous speaker", -1, RP_ENOTFOUND },
		{ "Mark Smith", -1, 1 },
		{ "Nobody", -1, RP_ENOTFOUND },
		{ "", -1, RP_ENOTFOUND },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_INT(rp_stance_resolve_target(cases[i].name, people, 5, cases[i].previous), cases[i].want);
	CHECK_INT(rp_stance_resolve_target(NULL, people, 5, -1), RP_ENOTFOUND);
}

static void test_names(void)
{
	int l;

	for (l = RP_STANCE_SUPPORT; l <= RP_STANCE_NOTE; l++)
		CHECK_INT(rp_stance_parse(rp_stance_name((enum rp_stance_label)l)), l);
	CHECK(rp_stance_name(RP_STANCE_NONE) == NULL);
	CHECK_INT(rp_stance_parse("bogus"), RP_ERROR);
	CHECK_INT(rp_stance_parse(NULL), RP_ERROR);
	CHECK_INT(rp_target_kind_parse("member"), RP_TARGET_MEMBER);
	CHECK_INT(rp_target_kind_parse(rp_target_kind_name(RP_TARGET_MESSAGE)), RP_TARGET_MESSAGE);
	CHECK_INT(rp_target_kind_parse("x"), RP_ERROR);
}

/* Hostile input: long, binary and unterminated-looking text is classified in bounded time. */
static void test_hostile(void)
{
	size_t n = 200000, i;
	char *big = malloc(n + 1);
	struct rp_stance st;

	CHECK(big != NULL);
	if (!big)
		return;
	for (i = 0; i < n; i++)
		big[i] = "agree but s/\"x?\n\xe2\x80"[i % 17];
	big[n] = '\0';
	CHECK_INT(rp_stance_classify(&st, big, big), 0);
	rp_stance_release(&st);
	CHECK_INT(rp_stance_classify(&st, NULL, NULL), 0);
	CHECK_INT(st.label, N);
	rp_stance_release(&st);
	free(big);
}

/* The vote a message casts, as a reply and as the message that opens the thread (the call
 * for votes, which casts one only on a line that leads with it). */
static void test_votes(void)
{
	enum { NOVOTE = RP_VOTE_NONE };
	static const struct {
		const char *text;
		int reply, opener;
	} cases[] = {
		{ "+1", 1, 1 },
		{ "+1 (binding)\n\nI checked the signatures.", 1, 1 },
		{ "-1: the licence header is missing.", -1, -1 },
		{ "0", 0, 0 },
		{ "+0 I don't mind either way", 0, 0 },
		/* a "-0" is an objection in the stance but no veto in the tally */
		{ "-0 on 4.1, I won't block it.", 0, 0 },
		{ "[X] +1 approve\n[ ] 0 no opinion\n[ ] -1 disapprove", 1, 1 },
		{ "Please vote:\n[ ] +1 approve\n[ ] 0 no opinion\n[ ] -1 disapprove", NOVOTE, NOVOTE },
		{ "I have a question about the release notes.", NOVOTE, NOVOTE },
		{ "Vote: -1", -1, -1 },
		{ "My vote is +1.", 1, 1 },
		/* calls for votes: the options listed, or others asked to vote */
		{ "Please vote +1/0/-1 by Friday.", NOVOTE, NOVOTE },
		{ "Reply with +1, 0 or -1.", NOVOTE, NOVOTE },
		{ "Votes: +1 / 0 / -1", NOVOTE, NOVOTE },
		{ "Vote +1 (adopt), 0 or -1 (reject) on the list.", NOVOTE, NOVOTE },
		{ "Please vote +1 if you support the policy.", NOVOTE, NOVOTE },
		{ "Voting closes Friday; +1 means adopt.", NOVOTE, NOVOTE },
		{ "+1 to adopt, -1 to reject.", NOVOTE, NOVOTE },
		{ "+1 adopt\n0 abstain\n-1 reject", NOVOTE, NOVOTE },
		/* the opener's own vote, plainly cast */
		{ "Please vote +1/0/-1 by Friday.\n\n+1 from me.", 1, 1 },
		{ "Please vote.\n\nHere's my +1.", 1, 1 },
		{ "I'm +1 on this, obviously.", 1, 1 },
		/* a vote inside a sentence counts in a reply only */
		{ "Changed my mind: +1", 1, NOVOTE },
		{ "I'd say -0.5 but ok +0", 0, NOVOTE },
		{ "Fine with me, +1.", 1, NOVOTE },
		{ "I am 0 on this.", 0, 0 },
		{ "-1 (binding), +1 if the budget is halved", NOVOTE, NOVOTE },
		/* a vote inside a question casts none */
		{ "Should we really vote +1 on something this vague? I am not sure yet.", NOVOTE, NOVOTE },
		{ "+1? Really?", NOVOTE, NOVOTE },
		{ "Is this final? +1 from me.", 1, NOVOTE },
		/* a question wrapped over lines; a vote then a question on the next line */
		{ "Should we really vote +1 on something\nthis vague? I am not sure yet.", NOVOTE, NOVOTE },
		{ "I wonder whether it is wise to say +1 on a text that\nis not final and that is still changing from one week\nto the next?", NOVOTE, NOVOTE },
		{ "+1\ncan we publish it this week?", 1, 1 },
		{ "+1 from me, and thanks for all the work on\nthe text.\nCan we publish it this week?", 1, 1 },
		{ "I'm +1 on this and hope we can move quickly\nnow.", 1, 1 },
		/* a change of mind in one message: the last vote cast counts */
		{ "-1\nOn reflection, changing to +1.", 1, -1 },
		{ "+1\n\nHmm, no: -1 after all.", -1, 1 },
		{ "+1\n\nThe options were:\n+1 adopt\n-1 reject", 1, 1 },
		/* signs that look like '+' and '-' */
		{ "\xe2\x88\x92" "1 (with a Unicode minus)", -1, -1 },
		{ "\xef\xbc\x8b" "1", 1, 1 },
		{ "Fine by me, \xef\xbc\x8d" "1.", -1, NOVOTE },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int v = rp_vote_parse(cases[i].text), o = rp_vote_parse_opener(cases[i].text);
		if (v != cases[i].reply || o != cases[i].opener)
			fprintf(stderr, "  vote case %zu: \"%s\" -> %d, opener %d\n", i, cases[i].text, v, o);
		CHECK_INT(v, cases[i].reply);
		CHECK_INT(o, cases[i].opener);
	}
}

/* The tally a [RESULT] message announces, whatever way it is written. */
static void test_vote_results(void)
{
	static const struct {
		const char *text;
		int rc, tally[3];
	} results[] = {
		{ "The vote passes with 5 +1, 1 0 and 0 -1.", 0, { 5, 1, 0 } },
		{ "+1: 4 (3 binding)\n0: 0\n-1: 1", 0, { 4, 0, 1 } },
		{ "+1 votes: 3\n-1 votes: 2", 0, { 3, 0, 2 } },
		{ "Thanks all, results soon.", RP_ENOTFOUND, { 0, 0, 0 } },
		{ "The vote passes with +1: 3, 0: 1, -1: 0.", 0, { 3, 1, 0 } },
		{ "The vote passes.\n\n+1: 2\n0: 1\n-1: 0\n", 0, { 2, 1, 0 } },
		{ "Result: +1 2, 0 1, -1 0", 0, { 2, 1, 0 } },
		{ "Result: +1 2 0 1 -1 0", 0, { 2, 1, 0 } },
		{ "Vote passed with 2 +1 votes, one 0 and no -1.", 0, { 2, 1, 0 } },
		{ "Two +1, zero 0, one -1", 0, { 2, 0, 1 } },
		{ "3 x +1, 1 x 0, 0 x -1", 0, { 3, 1, 0 } },
		{ "3x +1\n1x 0\n2x -1", 0, { 3, 1, 2 } },
		{ "3\xc3\x97 +1, 2 \xc3\x97 -1", 0, { 3, 0, 2 } },
		{ "+1 (3), 0 (1), -1 (0)", 0, { 3, 1, 0 } },
		{ "+1 3 (2 binding), 0 1 (1 binding)", 0, { 3, 1, 0 } },
		{ "Results [binding]: +1 [2], -1 [1]", 0, { 2, 0, 1 } },
		{ "3 binding +1 votes, 1 binding 0, no binding -1", 0, { 3, 1, 0 } },
		{ "**+1**: 7\n**0**: 2\n**-1**: 1", 0, { 7, 2, 1 } },
		{ "+1 (yes): 4, 0 (abstain): 1, -1 (no): 2", 0, { 4, 1, 2 } },
		{ "+1 = 6; 0 = 0; -1 = 3", 0, { 6, 0, 3 } },
		{ "We counted 10 +1s and two -1s.", 0, { 10, 0, 2 } },
		{ "+1 cast by members: 5", 0, { 5, 0, 0 } },
		{ "Closed on 2024-06-14 at 10:00 with +1: 3, -1: 1.", 0, { 3, 0, 1 } },
		{ "Binding: +1: 2, 0: 1\nAll: +1: 5, 0: 1", 0, { 2, 1, 0 } },
		{ "+1s: 3\n0s: 1\n-1s: none", 0, { 3, 1, 0 } },
		{ "+1s: 2 / 0s: 0 / \xe2\x88\x92" "1s: 1", 0, { 2, 0, 1 } },
		{ "\xef\xbc\x8b" "1: 4, \xe2\x88\x92" "1: 2", 0, { 4, 0, 2 } },
		/* no count there: a telephone number, a vote without a count, a version */
		{ "Call me on +1 555 1234.", RP_ENOTFOUND, { 0, 0, 0 } },
		{ "Call me on +1 (555) 123-4567.", RP_ENOTFOUND, { 0, 0, 0 } },
		{ "+1 from me too, thanks everyone.", RP_ENOTFOUND, { 0, 0, 0 } },
		{ "Release 3.0 is out.", RP_ENOTFOUND, { 0, 0, 0 } },
		{ "", RP_ENOTFOUND, { 0, 0, 0 } },
	};
	size_t i;
	int t[3];

	for (i = 0; i < sizeof(results) / sizeof(results[0]); i++) {
		int rc = rp_vote_parse_result(results[i].text, t);
		if (rc != results[i].rc || memcmp(t, results[i].tally, sizeof(t)) != 0)
			fprintf(stderr, "  result case %zu: \"%s\" -> %d: +1 %d, 0 %d, -1 %d\n", i, results[i].text, rc,
				t[0], t[1], t[2]);
		CHECK_INT(rc, results[i].rc);
		CHECK_INT(t[0], results[i].tally[0]);
		CHECK_INT(t[1], results[i].tally[1]);
		CHECK_INT(t[2], results[i].tally[2]);
	}
	CHECK_INT(rp_vote_parse_result(NULL, t), RP_ENOTFOUND);
	CHECK_INT(rp_vote_parse(NULL), RP_VOTE_NONE);
	CHECK_INT(rp_vote_parse_opener(NULL), RP_VOTE_NONE);
}

RP_TEST_MAIN(T(test_labels), T(test_cue_families), T(test_keeps_text), T(test_hedges), T(test_proposed), T(test_quotation_marks), T(test_mentions), T(test_wording_after_cue), T(test_proposed_long), T(test_objection_quotes), T(test_targets), T(test_resolve),
	     T(test_names), T(test_hostile), T(test_votes), T(test_vote_results))
