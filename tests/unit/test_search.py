"""The long-tail search: how words are matched, how facts are ranked, and that no text makes it fail."""
from __future__ import annotations

import pytest
import yaml

from actions import common
from actions.billing import ActionBilling
from actions.core import ActionFallback
from actions.numerique import ActionNumerique
from knowledge.records import read_records
from knowledge.search import TERMS_FILE, Analyzer, SearchDocument, SearchIndex
from knowledge.text import normalize_words
from tests.unit.support import run, tracker, user_event

ANALYZER = Analyzer.from_file()


def doc(key: str, title: str, text: str = "", aliases: str = "", topic: str = "t") -> SearchDocument:
    return SearchDocument("answer", key, key, topic, title, ((title, 2.0), (text, 1.0), (aliases, 2.5)))


DOCS = [
    doc("arret", "L'avis d'arrêt de travail en ligne", "Le téléservice AAT transmet l'arrêt à la caisse."),
    doc("kine", "Le conventionnement des masseurs-kinésithérapeutes", "Le masseur-kinésithérapeute adhère."),
    doc("declaration", "La déclaration de grossesse", "Déclarer la grossesse en ligne."),
    doc("cps", "La carte CPS", "Commander la carte de professionnel de santé."),
    doc("prescription", "Les prescriptions de transport", "Prescrire un transport assis."),
    doc("other", "Les horaires de la plateforme", "Ouverte du lundi au vendredi.", topic="contacts"),
]
INDEX = SearchIndex(DOCS, ANALYZER)


def top(text: str, **kwargs) -> str:
    hits = INDEX.search(text, **kwargs)
    return hits[0].key if hits else ""


@pytest.mark.parametrize("text, expected", [
    ("ARRET MALADIE en ligne", "arret"),  # a synonym of the domain, no accents, capitals
    ("jsuis kiné, le conventionnement ?", "kine"),  # an abbreviation in SMS style
    ("comment déclarer une grossesse", "declaration"),  # a verb finds the noun (stemming)
    ("prescirption de transprot", "prescription"),  # typos in long words
    ("ma cps", "cps"),
])
def test_how_professionals_write_finds_the_fact(text, expected):
    assert top(text) == expected


def test_a_short_word_is_not_corrected_into_another_acronym():
    assert INDEX.search("cpd") == []


def test_a_question_fully_found_covers_all_its_words_and_an_unknown_word_lowers_it():
    full = INDEX.search("carte cps")[0]
    partial = INDEX.search("carte cps du conseil de l'ordre")[0]
    assert full.key == partial.key == "cps"
    assert full.coverage == pytest.approx(1.0)
    assert partial.coverage < 0.7


def test_the_topic_asked_in_wins_a_tie():
    both = [doc("a", "Les horaires", topic="x"), doc("b", "Les horaires", topic="contacts")]
    index = SearchIndex(both, ANALYZER)
    assert index.search("horaires")[0].key == "a"
    assert index.search("horaires", topics=["contacts"])[0].key == "b"


def test_aliases_weigh_more_than_the_text():
    docs = [doc("in_text", "Un titre", text="le relevé d'honoraires annuel"),
            doc("in_alias", "Autre titre", aliases="releve d honoraires")]
    assert SearchIndex(docs, ANALYZER).search("relevé d'honoraires")[0].key == "in_alias"


@pytest.mark.parametrize("text", [
    "", "   ", "le la les de du ?", "0596 123456 789", "x" * 10_000, "arrêt " * 2_000,
    "' OR 1=1; DROP TABLE answers; --", '"arrêt" NEAR(travail) AND (cps OR *)', "^* : - + \\ % _ [ ] { }",
    "🙂🙂🙂", "\x00\x01", "arrêt\ttravail\n\nkiné",
])
def test_odd_text_never_raises(text):
    hits = INDEX.search(text)
    assert all(0.0 <= h.coverage <= 1.0 for h in hits)


def test_only_stop_words_or_digits_find_nothing():
    assert INDEX.search("bonjour, comment je fais svp ?") == []
    assert INDEX.search("12345") == []


def test_the_synonym_table_is_data_with_each_phrase_in_one_group():
    data = yaml.safe_load(TERMS_FILE.read_text(encoding="utf-8"))
    seen = {}
    for group in data["synonyms"]:
        for phrase in group:
            key = normalize_words(str(phrase))
            assert key not in seen, f"'{phrase}' is in two groups: {seen.get(key)} and {group}"
            seen[key] = group
    assert not set(seen) & set(ANALYZER.stop_words), "a synonym is also a stop word"


# --- the knowledge base's own search, on the real SQLite database ------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("arret maladie sur amelipro", {("teleservice", "aat"), ("answer", "arrets_travail.aat_prescription")}),
    ("je veux declarer ma garde du week end", {("teleservice", "gardes_astreintes")}),
    ("creer une delegation pour ma remplacante", {("answer", "teleservices.delegation_creer")}),
    ("delai pour recevoir ma carte cps", {("answer", "installation.carte_cps"),
                                          ("answer", "installation.cps_delai_envoi")}),
])
def test_the_knowledge_base_search_proposes_the_fact_among_its_first(kb, text, expected):
    # the search proposes the candidates, the ranker (test_ranker.py) chooses among them
    assert {(h.kind, h.key) for h in kb.search(text)[:3]} & expected


def test_the_words_of_the_consultation_match_the_documents_words(kb):
    assert kb.overlap("et pour la tension ?", "Appareil de mesure de la pression artérielle connecté") == 1.0
    assert kb.overlap("ses medocs", "ses médicaments sont remboursés à 100 %") == 1.0


def test_every_answer_teleservice_contact_and_code_is_searchable(kb):
    documents = kb.search_documents()
    kinds = {d.kind for d in documents}
    assert kinds == {"answer", "teleservice", "contact", "code"}
    assert len([d for d in documents if d.kind == "teleservice"]) == len(kb.teleservices())
    assert len([d for d in documents if d.kind == "contact"]) == len(kb.contacts())
    assert {d.key for d in documents if d.kind == "code"} == {c.code for c in kb.codes()}


def test_a_code_described_in_words_is_found(kb):
    hits = kb.search("un professeur des universites praticien hospitalier qui donne un avis ponctuel")
    # the code itself, or the rule on the avis ponctuel that names it for these professors, then the code
    assert ("code", "APU") in [(h.kind, h.key) for h in hits[:2]]


def test_a_fact_is_found_by_its_own_questions(kb):
    """The `questions:` of the facts feed the search: each finds its own fact among the first three."""
    records = [r for r in read_records() if r.kind in ("answer", "teleservice")]
    assert all(len(r.data.get("questions") or []) >= 3 for r in records)
    asked = [(r.id, str(q)) for r in records for q in r.data["questions"]]
    missed = [q for fact_id, q in asked if fact_id not in {h.fact_id for h in kb.search(q, limit=3)}]
    assert len(missed) <= 0.05 * len(asked), missed[:20]


# --- the actions: the long tail answered, or honestly not -----------------------------------------------------------

def test_a_message_no_intent_handles_is_answered_from_the_knowledge_base(domain):

    msg, events = run(ActionFallback(), domain, tracker(
        "je veux declarer mes gardes et astreintes du week end sur amelipro", "nlu_fallback"))
    assert "gardes et astreintes" in msg["text"].lower() and "Source :" in msg["text"]
    assert msg["custom"]["searched"] is True and "declined" not in msg["custom"]
    assert msg["custom"]["facts"][0] == "teleservices.teleservice.gardes_astreintes"
    assert {"event": "slot", "name": "topic", "value": "teleservices", "timestamp": None} in events


def test_a_question_no_fact_covers_is_not_guessed(domain):

    msg, _ = run(ActionFallback(), domain, tracker("la caisse rembourse le parking du cabinet", "nlu_fallback"))
    assert msg["text"].startswith("Je n'ai pas bien compris") and msg["custom"]["misunderstood"] is True
    assert "facts" not in msg["custom"]


def test_an_answer_found_by_the_search_breaks_a_run_of_misunderstandings(domain):

    history = [user_event("xkcd", "nlu_fallback"), {"event": "bot", "text": "Je n'ai pas bien compris",
                                                    "data": {"custom": {"misunderstood": True}}},
               user_event("creer une delegation amelipro pour ma remplacante", "nlu_fallback"),
               {"event": "bot", "text": "La délégation…", "data": {"custom": {"searched": True}}}]
    msg, _ = run(ActionFallback(), domain, tracker("blorp", "nlu_fallback", history=history))
    assert "handoff" not in msg["custom"] and msg["custom"]["misunderstood"] is True


def test_a_fact_a_topic_has_no_alias_for_is_found_by_the_search(domain):
    """Classified under billing, a question no alias names (billing's or a téléservice's) still gets its fact."""

    text = "le bon du vaccin contre la grippe je le reimprime ou"
    assert common.kb().find_teleservices(text) == [] and common.kb().scored_answers(text) == []
    msg, _ = run(ActionBilling(), domain, tracker(text, "ask_billing"))
    assert msg["custom"]["facts"][0] == "teleservices.teleservice.vaccination_grippe"


def test_a_precise_fact_wins_over_the_topics_generic_alias(domain):
    """"ins" is an alias of the INS overview; the search knows the question is about who is excluded from it."""
    text = "qui est exclu de l ins"
    assert [a.answer.id for a in common.kb().scored_answers(text, topics=("numerique",))] == ["numerique.ins"]
    msg, _ = run(ActionNumerique(), domain, tracker(text, "ask_numerique"))
    assert msg["custom"]["facts"][0] == "numerique.ins_exclus" and msg["custom"]["searched"] is True


@pytest.mark.parametrize("text, expected", [
    ("retour à domicile. À qui écrire ?", "retour a domicile a qui ecrire"),  # a full stop ends a word
    ("2.5 jours", "2.5 jours"),  # the dot of a figure stays
    ("écrire à rps@cgss-martinique.fr.", "ecrire a rps@cgss martinique.fr"),
])
def test_words_are_normalised_without_full_stops(text, expected):
    assert normalize_words(text) == expected


def test_a_service_named_before_a_full_stop_is_found(kb):
    found = kb.find_contacts("signaler sa sortie au dispositif de retour à domicile. À qui écrire ?")
    assert found and found[0].id == "prado"
