"""What kind of request a message is, beyond its topic: a question about one patient's own file, which no document
answers and the assistant cannot see (it has no access to patient files, and must never ask for patient data)."""
from __future__ import annotations

import re
from typing import FrozenSet, Optional, Tuple

from knowledge.numbers import counts_as_digits, numbers_in_digits
from knowledge.text import normalize_words, strip_accents

# One patient designated: a name after a title, or « mon patient », « ma patiente », « un de mes patients »…
_ONE_PATIENT = re.compile(
    r"\b(?:mon patient|ma patiente|mon malade|ma malade|un de mes patients|une de mes patientes|cette patiente|"
    r"ce patient|le patient|la patiente|monsieur|madame|mme|mr|m)\b")
# Asking about the state of that patient's file, rather than about a rule.
_FILE_STATE = re.compile(
    r"\b(?:est (?:il|elle) (?:bien |toujours |deja |actuellement )?(?:en ald|couvert|assure|a jour|inscrit|pris en "
    r"charge)|a t (?:il|elle) (?:bien |deja )?(?:ete|droit|des droits|un medecin traitant|declare)|ou en est|"
    r"(?:a|ont) (?:bien )?ete (?:rembourse|accepte|valide|recu|traite|paye|enregistre|refuse)|"
    r"(?:pouvez|pourriez) vous (?:verifier|regarder|consulter|controler|confirmer|me dire si|me confirmer)|"
    r"verifier (?:les|ses) droits (?:de|d)|ses droits sont|son dossier|statut de (?:sa|son))\b")
# The same state said as a statement, asked by « est-ce que… », « … ou pas ? », « savoir si… »: « est-ce que mon
# patient M. X est en ALD ? », « elle a toujours ses droits à la C2S, si c'est toujours valable ? ».
_STATE = (r"(?:est|a) (?:bien |toujours |deja |encore |actuellement )?(?:en ald|ses droits|des droits|"
          r"un medecin traitant|une complementaire|la complementaire)")
_STATE_ASKED = re.compile(r"\b(?:est ce que|savoir si|me dire si)(?: \S+){0,10}? " + _STATE + r"\b|"
                          r"\b" + _STATE + r"(?: \S+){0,3}? ou (?:pas|non)\b")


def about_one_patient(text: str) -> bool:
    """Whether the message asks about one patient's own situation (rights, ALD, a claim or request in progress)."""
    words = normalize_words(text)
    if not _ONE_PATIENT.search(words):
        return False
    return bool(_FILE_STATE.search(words) or _STATE_ASKED.search(words))


_DOCTOR = re.compile(r"\b(?:medecin|medecins|generaliste|mg|docteur|dr|pediatre|cardiologue|psychiatre|gynecologue|"
                     r"dermatologue|ophtalmologue|specialiste|radiologue|anesthesiste|chirurgien|rhumatologue|"
                     r"interne|remplacant medecin|omnipraticien)\b")
_NOT_DOCTOR = re.compile(r"\b(?:infirmier|infirmiere|infirmiers|infirmieres|idel|ide|kine|kinesitherapeute|"
                         r"masseur|dentiste|chirurgien dentiste|pharmacien|pharmacienne|sage femme|sages femmes|"
                         r"orthophoniste|orthoptiste|podologue|pedicure|psychologue|ergotherapeute|"
                         r"psychomotricien|dieteticien|auxiliaire|biologiste|audioprothesiste|opticien)\b")


# A value said not to be so: « c'est à Rivière-Pilote, pas Fort-de-France », « je suis infirmière, pas kiné », « au
# lieu du CAIM » (a bare « non » opens a correction: « non, au Lamentin » gives the new value).
_BEFORE_A_VALUE = r"(?:(?:pour|de|d|a|au|aux|en|avec|chez|par)\s+)?(?:(?:mon|ma|mes|son|sa|ses|le|la|les|l|un|une|du|des)\s+)?"
_NEGATION = r"\b(?:pas|non pas|et non|plutot que|au lieu de|au lieu d)\s+" + _BEFORE_A_VALUE
_NEGATED_HERE = re.compile(_NEGATION + r"$")


def negated_at(text: str, start: int) -> bool:
    """Whether the value at `start` in a message is said not to be so (« infirmière, pas kiné »: kiné)."""
    return bool(_NEGATED_HERE.search(normalize_words(text[:start]) + " "))


def _named_not_negated(pattern: re.Pattern, words: str) -> Optional[re.Match]:
    """The first match of a pattern in normalised words that the words before it do not negate."""
    return next((m for m in pattern.finditer(words) if not _NEGATED_HERE.search(words[:m.start()])), None)


def profession_said(text: str) -> Optional[Tuple[str, bool]]:
    """The profession a text names (its words as normalised) and whether it is a doctor's; None when it names none.
    « chirurgien-dentiste » is a dentist, not a surgeon; one said not to be so (« pas kiné ») is not named."""
    words = normalize_words(text)
    other = _named_not_negated(_NOT_DOCTOR, words)
    if other:
        return other.group(0), False
    doctor = _named_not_negated(_DOCTOR, words)
    return (doctor.group(0), True) if doctor else None


def is_doctor(profession: str) -> Optional[bool]:
    """Whether a profession as written is a doctor's (True), another one (False), or not recognised (None)."""
    said = profession_said(profession)
    return said[1] if said else None


# How a message that continues the previous one starts: « et pour un enfant ? », « dans ce cas… », « ok et le reste ? ».
_ACKNOWLEDGES = r"(?:(?:ok|d accord|ah|bon|oui|non|merci|tres bien|parfait|super)\s+)"
_CONTINUES = re.compile(rf"^{_ACKNOWLEDGES}*(?:et|mais|sinon|alors|ca|cela|ce|il|elle)\b")  # « cette »: _POINTS_BACK
_ACKNOWLEDGEMENT = re.compile(rf"^{_ACKNOWLEDGES}+")
ELLIPTIC_WORDS = 12  # a message this short, after a question, may lean on it for what it leaves unsaid
# Words pointing back to what was said before: « ces critères », « cette aide », « là-bas », « le même », « pareil ».
_POINTS_BACK = re.compile(r"\b(?:ces|cette|cet|ceux ci|celles ci|celui ci|celle ci|ceux la|celles la|celui la|"
                          r"celle la|la bas|le meme|la meme|les memes|pareil|idem|dans ce cas|dans ma situation|"
                          r"dans mon cas|du coup)\b")


# Words standing for what the previous question was about: « lui », « y », « ça », « il », « c'est ouvert » (but « si
# c'est un accident du travail » brings a new case).
_STANDS_FOR = re.compile(r"\b(?:lui|leur|y|ca|cela|il|elle|ils|elles|le faire|la faire|c est (?!un |une |des |pour ))")


# The previous question asked again for another case, in a few words and no question of its own: « et pour les flux
# sécurisés ? », « et en dégradé ? », « mais en feuille papier ? » (« et si c'est un accident du travail ? » states a
# new situation: not one of these).
_OTHER_CASE = re.compile(rf"^{_ACKNOWLEDGES}*(?:et|mais|sinon) (?:pour|en|avec|par|sur|dans|au|aux|a la|a l)\b")
OTHER_CASE_WORDS = 8


def asks_for_another_case(text: str) -> bool:
    """Whether a message asks the previous question again for another case (« et pour les flux sécurisés ? »)."""
    words = normalize_words(text)
    return bool(_OTHER_CASE.search(words)) and len(words.split()) <= OTHER_CASE_WORDS and \
        not _QUESTION.search(words)


def refers_back(text: str) -> bool:
    """Whether a message speaks of what the previous question was about (a pronoun, « ces », « pareil »)."""
    words = normalize_words(text)
    return bool(_POINTS_BACK.search(words) or _STANDS_FOR.search(words))


def without_acknowledgement(text: str) -> str:
    """A message's normalised words without the « d'accord », « ok merci » it opens with."""
    return _ACKNOWLEDGEMENT.sub("", normalize_words(text))


def continues_previous(text: str) -> bool:
    """Whether a message reads as the continuation of the previous question rather than a new one: it starts like
    one (« et… », « dans ce cas… », « ça… »), points back to what was said (« si je remplis ces critères », « je
    peux signer quoi là-bas ») or is short."""
    words = normalize_words(text)
    return bool(_CONTINUES.match(words) or _POINTS_BACK.search(words)) or len(words.split()) <= ELLIPTIC_WORDS


def opens_like_a_follow_up(text: str) -> bool:
    """Whether a message opens the way a follow-up does (« et… », « ok et… », « mais… », « ça… »)."""
    return bool(_CONTINUES.match(normalize_words(text)))


# How a message that corrects what the previous one said reads: « ah non pardon, elle a 27 ans », « oups erreur,
# c'est 120 000 pas 80 000 », « je me suis trompé : c'est pour mon assistant médical ».
_CORRECTS = re.compile(r"\b(?:pardon|erreur|oups|je me suis trompee?|je me trompe|je confonds|confondu|mal lu|mal dit|"
                       r"en fait|en realite|plutot|rectifie|rectification|correction|excusez moi|desole|dsl|"
                       r"autant pour moi|au temps pour moi|non c est|ah non|je voulais dire|j?me suis melangee?|"
                       r"jme suis trompee?)\b")


def corrects_previous(text: str) -> bool:
    """Whether a message corrects what the previous question said (a value, who or what it was about)."""
    return bool(_CORRECTS.search(normalize_words(text)))


# What a correction says is no longer so: « pas pour mon comptable », « et non 6 », « pas 4 ».
# (each negation read, overlapping: « non c'est pas pour elle » is read at « non » and at « pas »)
_NEGATED = re.compile(r"\b(?:pas|non|plutot que|au lieu de|au lieu d)\s+(?=" + _BEFORE_A_VALUE +
                      r"(?P<value>[a-z0-9]+(?:\s+[a-z0-9]+)?))")
# The words around a correction's new value: its markers, « c'est », « il a », a preposition or an article.
_AROUND_THE_VALUE = re.compile(r"^(?:(?:ah|oh|bah|euh|non|oui|ok|alors|donc|mais|enfin|attendez|attend|pardon|oups|"
                               r"erreur|desole|dsl|excusez moi|autant pour moi|au temps pour moi|je me suis trompee?|"
                               r"jme suis trompee?|je me trompe|j?me suis melangee?|je voulais dire|en fait|en realite|"
                               r"plutot|c est|cest|c|c etait|ce sera|il s agit|il a|elle a|pour|a|au|aux|de|d|en|avec|"
                               r"chez|mon|ma|mes|son|sa|ses|le|la|les|l|un|une|du|des)\s+)+")
_A_NUMBER = re.compile(r"\b\d+\b")
# Values that exclude each other where the documents give a rule for each: a correction that names one asks the
# previous question again for it (« ah non, celui-là est parti en sécurisé » after a FSE in degraded mode).
_ALTERNATIVES = ((("degrade", "degradee", "degrades", "degradees"), ("securise", "securisee", "securises", "securisees")),
                 (("secteur 1",), ("secteur 2",)), (("dematerialise", "dematerialisee", "dematerialises"), ("papier",)))
CORRECTED_VALUE_WORDS = 5  # a new value longer than this is a new question, not a value


def corrected_question(previous: str, correction: str) -> Optional[str]:
    """The previous question as a correction asks it again: the value it says is no longer so replaced by the one it
    gives (« c'est pour mon assistant médical, pas pour mon comptable »; « il a 9 ans, pas 4 »), or a value that
    excludes the previous one put in its place (« sécurisé » for « dégradé »); None when it says no such thing."""
    change = replaced_value(previous, correction)
    return asked_again_with(previous, change) if change else None


def asked_again_with(previous: str, change: Tuple[str, str]) -> str:
    """The previous question with a value replaced by another (`replaced_value`), in normalised words."""
    return _replaced(f" {_digits(previous)} ", *change)


def replaced_value(previous: str, correction: str) -> Optional[Tuple[str, str]]:
    """The value of the previous question a correction replaces, and the one it gives, in normalised words."""
    before, after = f" {_digits(previous)} ", _digits(correction)
    for negated in _NEGATED.finditer(after):
        old = _said_in(negated.group("value"), before)
        new = _new_value(after, negated, old) if old else None
        if old and new:
            return old, new
    return _alternative_put(before, after)


def _alternative_put(before: str, after: str) -> Optional[Tuple[str, str]]:
    """A value of the previous question (`before`, spaced) and the one of its alternatives a message names in its
    place (any of their forms: « sécurisée » for « dégradé »), when the previous question did not say it already."""
    for values in _ALTERNATIVES:
        named = [next((form for form in forms if f" {form} " in f" {after} "), None) for forms in values]
        said = [next((form for form in forms if f" {form} " in before), None) for forms in values]
        for i, new in enumerate(named):
            old = next((o for j, o in enumerate(said) if o and j != i), None)
            if new and old and not said[i]:
                return old, new
    return None


def _digits(text: str) -> str:
    return counts_as_digits(numbers_in_digits(normalize_words(text)))


def _said_in(value: str, before: str) -> Optional[str]:
    """The negated value as the previous question says it: its two words, else its first one."""
    words = value.split()
    for size in (2, 1):
        said = " ".join(words[:size])
        if len(words) >= size and f" {said} " in before:
            return said
    return None


def _new_value(correction: str, negated: re.Match, old: str) -> Optional[str]:
    """What a correction gives in place of the negated value: another number for a number, else the words before
    the negation (or after it), without its markers."""
    if _A_NUMBER.fullmatch(old):
        return next((n for n in _A_NUMBER.findall(correction) if n != old), None)
    for part in (correction[:negated.start()], correction[negated.end("value"):]):
        value = _AROUND_THE_VALUE.sub("", f"{part.strip()} ").strip()
        if value and len(value.split()) <= CORRECTED_VALUE_WORDS:
            return value
    return None


def _replaced(before: str, old: str, new: str) -> str:
    return before.replace(f" {old} ", f" {new} ", 1).strip()


# How a message goes back to the question asked before an interruption: « pour revenir au FAMI… », « et pour en
# revenir à mon remplacement », « revenons à ma première question ».
_RETURNS = re.compile(r"\b(?:revenir|revenons|reviens|je reviens|retour a|retour sur|premier sujet|premiere question|"
                      r"ma question de (?:tout a l heure|depart|toute a l heure)|reprendre|reprenons)\b")


def returns_to_earlier(text: str) -> bool:
    """Whether a message goes back to the question asked before the previous one."""
    return bool(_RETURNS.search(normalize_words(text)))


_GENERAL_PRACTITIONER = re.compile(r"\b(?:mg|generaliste|generalistes|medecine generale|omnipraticien)\b")


def is_general_practitioner(text: str) -> bool:
    """Whether a text says its writer is a general practitioner (« MG secteur 1 », « généraliste »)."""
    return bool(_GENERAL_PRACTITIONER.search(normalize_words(text)))


# Words of a message that asks which installation aid or contract the asker may claim: « et comme aide je peux
# signer quoi là-bas ? », « j'ai droit à quelle prime ? ».
_AIDS_ASKED = re.compile(r"\b(?:aides?|contrats?|caim|cotram|coscom|cstm|primes?|j ai droit|ai je droit|avoir droit|"
                         r"pretendre|signer quoi|peux signer|puis je signer)\b")
_FOR_ME = re.compile(r"\b(?:pour moi|j ai quoi|qu est ce que j ai|a quoi j ai droit|je peux avoir quoi|"
                     r"quoi d autre|qu est ce qu il y a|qu y a t il|il y a quoi)\b")
_AIDS_ELSEWHERE = re.compile(r"\b(?:fami|modernisation|informatisation|assistant medical|aide a domicile|"
                             r"aide soignant|aides? sociales?|action sanitaire)\b")


def asks_what_for_me(text: str) -> bool:
    """Whether a message asks what there is for the asker (« et alors qu'est-ce qu'il y a pour moi ? »): after an
    answer on the aids, the aids of the asker's case."""
    return bool(_FOR_ME.search(normalize_words(text)))


def aids_asked(text: str) -> bool:
    """Whether a message asks which installation aid or contract the asker may claim (not the FAMI, the aid for an
    assistant médical or a social aid)."""
    words = normalize_words(text)
    return bool(_AIDS_ASKED.search(words)) and not _AIDS_ELSEWHERE.search(words)


# A deadline asked (« ya une heure limite le dernier jour ? », « au plus tard à quelle heure ? »), and the words of a
# place's opening hours: a deadline that names no place is no opening hour.
_DEADLINE = re.compile(r"\b(?:heure limite|date limite|dernier delai|dernier jour|au plus tard|delai|jusqu a quand|"
                       r"avant quelle heure|a quelle heure au plus tard|minuit)\b")
_PLACE_HOURS = re.compile(r"\b(?:ouvert|ouverte|ouvre|ferme|fermee|horaires?|plateforme|standard|appeler|joindre|"
                          r"telephone|accueil|agence|guichet|site|bureau|permanence)\b")


# How many hours a week a service is open: « au total, combien d'heures par semaine la plateforme est ouverte ? ».
_WEEKLY_TOTAL = re.compile(r"\bcombien d heures\b(?: \S+){0,8}? (?:par|dans la|chaque|la) semaine\b|"
                           r"\bheures? (?:d ouverture )?(?:par|dans la) semaine\b|\bheures hebdomadaires\b|"
                           r"\bamplitude horaire\b")


def weekly_total_asked(text: str) -> bool:
    """Whether a message asks how many hours a week a service is open."""
    return bool(_WEEKLY_TOTAL.search(normalize_words(text)))


def deadline_asked(text: str) -> bool:
    """Whether a message asks for a deadline rather than a place's opening hours."""
    words = normalize_words(text)
    return bool(_DEADLINE.search(words)) and not _PLACE_HOURS.search(words)


# Words of a message that asks whom to reach or how: only then is a contact's card an answer; to a question about a
# rule, a contact is where to ask, given beside « pas dans mes documents », not the answer.
_CONTACT_ASKED = re.compile(r"\b(?:contacter|contacte|contact|contacts|joindre|appeler|appelle|telephone|tel|"
                            r"numero|num|mail|mails|courriel|email|e mail|adresse|coordonnees|ecrire|a qui|"
                            r"quel service|quelle equipe|qui s occupe|interlocuteur|plateforme|messagerie|"
                            r"qui peut|qui dois je|qui contacter|agence|c est ou|ou se trouve|ou aller|site|sites|"
                            r"site internet|lien)\b")


# Which way to reach a service a message asks for: its email, its phone number, or where it is.
_FIELD_ASKED = (
    ("email", re.compile(r"\b(?:mail|mails|courriel|email|e mail|mel|adresse electronique)\b")),
    ("phone", re.compile(r"\b(?:telephone|tel|numero|num|appeler|appelle)\b")),
    ("address", re.compile(r"\b(?:adresse|ou se trouve|c est ou|locaux|ou sont)\b")),
)


# A message that asks where something is, or which ones, here in Martinique (« il est où le centre d'examens de santé
# en Martinique ? », « quelles maisons de santé sont référencées chez nous ? »): a scheme another caisse describes for
# its own territory does not answer it.
_HERE = re.compile(r"\b(?:martinique|en local|localement|chez nous|sur l ile|ici|la cgss|dans le departement|"
                   r"972|97\d\d\d)\b")
_WHERE_OR_WHICH = re.compile(r"\b(?:ou|adresse|adresses|coordonnees|lesquels|lesquelles|liste|referencees?|"
                             r"references|quels? (?:sont les )?(?:centres?|cabinets?|maisons?|structures?|"
                             r"etablissements?|lieux)|quelles? (?:sont les )?(?:maisons?|structures?|equipes?))\b")


def asks_where_here(text: str) -> bool:
    """Whether a message asks where something is, or which ones there are, in Martinique."""
    words = normalize_words(text)
    return bool(_HERE.search(words)) and bool(_WHERE_OR_WHICH.search(words))


def contact_field_asked(text: str) -> Optional[str]:
    """The way to reach a service that a message asks for ("email", "phone", "address"), or None."""
    words = normalize_words(text)
    return next((field for field, pattern in _FIELD_ASKED if pattern.search(words)), None)


# A secure messaging service is a subject (MSSanté, a FAMI indicator), not a way to reach the caisse: in a message
# that names one, « messagerie » is that one.
_SECURE_MESSAGING = re.compile(r"\bmessageries? (?:securisees?|de sante securisees?)(?: de sante)?\b")
_MESSAGING = re.compile(r"\bmessageries?\b")


# « par mail » says how something is sent or received (« amelipro peut me prévenir par mail quand je suis payé ? »),
# not that a way to reach the caisse is asked: « contacter », « écrire », « adresse » still say so.
_BY_MAIL = re.compile(r"\bpar (?:mail|mails|courriel|email|e mail|mel)\b")


def contact_asked(text: str) -> bool:
    """Whether a message asks whom to reach, or how (a number, an address, a service), rather than a rule."""
    words = _BY_MAIL.sub(" ", normalize_words(text))
    if _SECURE_MESSAGING.search(words):
        words = _MESSAGING.sub(" ", words)
    return bool(_CONTACT_ASKED.search(words))


_QUESTION = re.compile(r"\b(?:combien|cb|quel|quelle|quels|quelles|kel|kelle|comment|cmt|pourquoi|quand|qui|quoi|koi|"
                       r"est ce|puis je|peut on|peux je|dois je|doit on|faut il|ai je|suis je|"
                       r"savoir|connaitre|renseignement|renseigner|info|infos|information|aide moi|besoin|"
                       r"je voudrais|je voudrai|je souhaite|je souhaiterais|j aimerais|pouvez vous|pourriez vous|"
                       r"c est possible|est il possible|est ce possible)\b")


def asks_something(text: str) -> bool:
    """Whether a message asks anything (a question mark, a question word, « je voudrais savoir »), rather than only
    saying who and where the asker is (« je suis médecin généraliste installé au Lamentin »)."""
    return "?" in text or bool(_QUESTION.search(normalize_words(text)))


# What kind of figure a question asks for, read on its normalised words: a reply that holds none of that kind does
# not answer it (« combien de temps restent-ils consultables ? » is not answered by the téléservice's purpose).
_FIGURE_KINDS = (
    ("hour", re.compile(r"\b(?:a quelle heure|quelle heure|quels horaires|horaires?|ouvert jusqu a(?! quand))\b")),
    ("age", re.compile(r"\b(?:quel age|a partir de quel age|jusqu a quel age|age (?:minimum|maximum|limite))\b")),
    ("percent", re.compile(r"\b(?:quel pourcentage|pourcentage|taux|"
                           r"combien de (?:moins|plus)|combien moins|(?:moins|plus) cher|quelle (?:reduction|remise)|"
                           r"(?:rembourses?|remboursee?s?|pris en charge|prise en charge) a combien|(?<!\by )a combien de)\b")),
    ("amount", re.compile(r"\b(?:combien (?:ca )?(?:coute|rapporte|vaut|touche|paie|paye|gagne)|combien d euros|"
                          r"(?:coute|rapporte|vaut|touche|paie|paye|gagne|facture) combien|"
                          r"montant|les montants|tarifs?|prix|a combien s eleve|cote combien|"
                          r"combien (?:je|on|j) (?:touche|gagne|percoi|percois|peux toucher|facture)|"
                          r"combien (?:il|elle|ils|elles|ca) (?:fait|font|coute|coutent|vaut|valent)|"
                          r"(?:fait|font) combien(?! de)|en euros)\b")),
    ("duration", re.compile(r"\b(?:combien de temps|quelle duree|duree|pendant combien|delai|delais|sous combien|"
                            r"en combien|combien de (?:jours|mois|ans|annees|semaines|heures))\b")),
    ("date", re.compile(r"\b(?:jusqu a quand|a quelle date|quelle date|date limite|a partir de quand|"
                        r"depuis quand|c est quand|quand$)\b|^quand\b|\bquand (?:est ce|dois|doit|puis|peut|faut|"
                        r"va|vais|sera|seront|arrive|recoi)")),
    ("count", re.compile(r"\b(?:combien|jusqu)\b")),  # « cb » spelled out before
    ("code", re.compile(r"\b(?:je cote quoi|cote quoi|coter quoi|je facture quoi|quelle cotation|quelles cotations|"
                        r"quel code|quels codes|comment (?:je )?(?:la |le |les )?coter?|comment (?:je )?(?:la |le )?cote|"
                        r"se cote comment|ca se cote|je cote comment|quel acte coter)\b")),
)
_HOUR = re.compile(r"\d ?h\b|\d ?h ?\d\d\b|\d heures?\b|\bminuit\b|\bmidi\b")
_AGE_HELD = re.compile(r"\d+ ans\b")
_PERCENT = re.compile(r"\d ?%|pour ?cent")
_AMOUNT = re.compile(r"\d(?:[\d\s.,]*\d)? ?(?:€|euros?\b)")
_DURATION = re.compile(r"\b\d+(?:[.,]\d+)? ?(?:jours?|j|mois|ans?|annees?|semaines?|heures?|h|minutes?)\b|"
                       r"\bquinzaine\b|\bimmediat|\ble jour meme\b|\bsans delai\b")
_MONTHS = re.compile(r"\b(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|"
                     r"decembre)\b")
_DIGIT = re.compile(r"\d")
_COUNT_HELD = re.compile(r"\d|\b(?:une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix) (?:seule )?fois\b")
_SIGNED = ("percent", "amount")
_FIGURE_HELD = {"hour": _HOUR, "age": _AGE_HELD, "percent": _PERCENT, "amount": _AMOUNT, "duration": _DURATION,
                "date": _DIGIT, "count": _COUNT_HELD}


_PERCENT_SIGN_ASKED = re.compile(r"(?<!\d)(?<!\d )%")  # « quel % d'accord ? », not « 85 % »


# The short forms of messages written in haste, spelled out where they ask for a figure (« de qd a qd ? »).
_SHORT_FORMS = {"qd": "quand", "tps": "temps", "cmb": "combien", "cb": "combien", "jusqua": "jusqu a", "pr": "pour"}
_SHORT_FORM = re.compile(r"\b(?:" + "|".join(_SHORT_FORMS) + r")\b")


def spelled_out(words: str) -> str:
    """Normalised words with the short forms of hasty writing spelled out (« jusqu a qd » → « jusqu a quand »)."""
    return _SHORT_FORM.sub(lambda m: _SHORT_FORMS[m.group(0)], words)


def figure_asked(text: str) -> Optional[str]:
    """The kind of figure a question asks for (hour, age, percent, amount, duration, date, count, a code of the
    nomenclatures — « je cote quoi ? », unless it asks how much), or None."""
    if _PERCENT_SIGN_ASKED.search(text):
        return "percent"
    words = spelled_out(normalize_words(text))
    for kind, pattern in _FIGURE_KINDS:
        if pattern.search(words):
            return kind
    return None


def figures_held(text: str, codes: FrozenSet[str] = frozenset()) -> FrozenSet[str]:
    """The kinds of figure a text holds (numbers written in words counted: « deux ans » is a duration); a code of
    the nomenclatures among `codes`, written as a word of the text (« VL », « APC »), is a code held."""
    held_codes = {"code"} if codes and codes & set(re.findall(r"[A-Z][A-Z0-9]*", text)) else set()
    return frozenset(_figures_held(text) | held_codes)


def _figures_held(text: str) -> FrozenSet[str]:
    words = counts_as_digits(numbers_in_digits(normalize_words(text)))
    signs = strip_accents(text.lower())  # the signs of percents and amounts are not words
    held = {kind for kind, pattern in _FIGURE_HELD.items() if pattern.search(signs if kind in _SIGNED else words)}
    if _MONTHS.search(words):
        held.add("date")
    if "amount" in held:
        held.add("percent")  # « remboursé à combien ? » is answered in either
    return frozenset(held)


# A patient's age as a message gives it: « un patient de 85 ans », « ma patiente de 19 ans », « elle a 6 ans »,
# « un enfant de 18 mois » (the asker's own « j'ai 63 ans » is not a patient's).
_PATIENT_AGE = re.compile(r"\b(?:patient|patiente|patients|enfant|bebe|nourrisson|fille|fils|garcon|ado|adolescent|"
                          r"adolescente|il a|elle a|age de|agee de|ans il|ans elle)\b")
_AGE_SAID = re.compile(r"(?<![\d,.])(\d{1,3}) (ans|an|mois)\b")
_ELAPSED = re.compile(r"\b(?:il y a|y a|depuis|dans|pendant|durant|tous les|toutes les|sous|apres|avant) $")


def patient_age_said(text: str) -> Optional[str]:
    """The patient's age a message gives, in digits as it says it (« 85 ans », « 18 mois »), or None."""
    words = counts_as_digits(numbers_in_digits(normalize_words(text)))
    for match in _AGE_SAID.finditer(words):
        if not _ELAPSED.search(words[:match.start()]) and _PATIENT_AGE.search(words):
            return match.group(0)
    return None


# The groups of professions a rule of the documents can be written for (an answer's `concerns:`), as the documents
# name them, and who belongs to each: « auxiliaires médicaux » (the paper lots of the Guadeloupe document),
# « prescripteurs » (the pieces kept at the practice in FSE sécurisée).
_AUXILIARIES = re.compile(r"\b(?:infirmier|infirmiere|infirmiers|infirmieres|idel|ide|kine|kines|kinesitherapeute|"
                          r"masseur|orthophoniste|orthoptiste|podologue|pedicure|ergotherapeute|psychomotricien|"
                          r"dieteticien|audioprothesiste|opticien|auxiliaire|auxiliaires)\b")
_PRESCRIBERS = re.compile(r"\b(?:sage femme|sages femmes|dentiste|chirurgien dentiste|chirurgiens dentistes)\b")
AUDIENCES = ("auxiliaires medicaux", "prescripteurs")


def in_audience(profession: str, audience: str) -> Optional[bool]:
    """Whether a profession (as written) belongs to a group a rule is written for; None when either is unknown."""
    said = profession_said(profession)
    group = normalize_words(audience)
    if said is None or group not in AUDIENCES:
        return None
    auxiliary = bool(_AUXILIARIES.search(normalize_words(said[0])))
    if group == "auxiliaires medicaux":
        return auxiliary
    return said[1] or bool(_PRESCRIBERS.search(normalize_words(said[0])))


# How askers say what they are: « je suis infirmière », « moi kiné », « en tant que sage-femme », « j'exerce comme
# orthophoniste », or a message that opens with it (« kiné à Sainte-Marie, … », « infirmière libérale ici »); not « mon
# associée, qui est infirmière » nor « je partage mon cabinet avec une infirmière ».
_SELF_DECLARED = re.compile(r"(?:^|\bje suis |\bj exerce (?:comme |en tant que )|\ben tant que |\bmoi |\bsuis )"
                            r"(?:un |une |donc |aussi |moi meme |moi )?")
_SELF_WORDS = 3  # words after the declaration where the profession is read


def asker_profession_said(text: str) -> Optional[Tuple[str, bool]]:
    """The profession the asker says is theirs in a message, and whether it is a doctor's; None when it says none
    (a colleague's or a patient's profession is not the asker's)."""
    words = normalize_words(text)
    for match in _SELF_DECLARED.finditer(words):
        said = profession_said(" ".join(words[match.end():].split()[:_SELF_WORDS]))
        if said is not None:
            return said
    return None
