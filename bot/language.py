"""Whether a message is written in another language than French, to say the service answers in French.

Counted on the small words every sentence has (articles, pronouns, question words), not on the jargon: "CPS",
"OPTAM" or "ALD" belong to no language.
"""
from __future__ import annotations

import re
from typing import Text

_WORDS = re.compile(r"[a-zà-ÿ']+")
FRENCH = frozenset("""le la les l' de des du d' un une je j' vous votre vos est et ou pour pas que qui quoi quel
quelle quels quelles comment combien mon ma mes avec sur dans au aux il elle ce cette ces bonjour merci svp ne n'
se sont faire peux pouvez puis dois doit faut mais si oui non c'est qu' y a""".split())
OTHERS = {
    "english": frozenset("""the is are how what my i you can do does to for with where when why please hello hi
thank thanks need get which who of and it this that should would could have has your from about any there we me
card am an"""
                         .split()),
    "spanish": frozenset("""el los las es como cómo qué por para hola gracias mi usted necesito donde dónde cuando
cuándo una y con del puedo tengo quiero está estoy buenos buenas"""
                         .split()),
}


def looks_foreign(text: Text) -> bool:
    """True when the message's small words are another language's, at least two of them and more than French words."""
    words = _WORDS.findall((text or "").lower())
    french = sum(word in FRENCH for word in words)
    other = max(sum(word in vocabulary for word in words) for vocabulary in OTHERS.values())
    return other >= 2 and other > french
