"""NLU pipeline guard: what a message may look like before the NLU reads it."""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Set, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY,
                                       TEXT)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu_keys import TRIMMED_FROM
from knowledge.text import normalize_words

FALLBACK_INTENT = "nlu_fallback"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class LongMessageTrimmer(GraphComponent):
    """Cuts a very long message to its first `max_chars` characters (at a word boundary).

    A pasted letter or log would otherwise drown the question in noise and slow every component after this one.
    The original length is kept in the parse data (`trimmed_from`) so the answer can say it was cut.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"max_chars": 600}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._max = int(config["max_chars"])

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LongMessageTrimmer":
        return cls(config)

    def trim(self, text: Text) -> Text:
        if len(text) <= self._max:
            return text
        cut = text[: self._max]
        space = cut.rfind(" ")
        return cut[:space] if space > self._max // 2 else cut

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if len(text) > self._max:
                message.set(TEXT, self.trim(text))
                message.set(TRIMMED_FROM, len(text), add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class UnknownWordsFallback(GraphComponent):
    """Sends to the fallback a message none of whose words look like anything in the training data.

    Character n-grams make the classifier confident about keyboard mashing ("zrtgh bnvc"), which would then get a
    confident wrong answer. A word counts as known when it is in the training vocabulary, or when its first
    `prefix` letters begin a known word (typos mostly keep the start: "conventionemment"). Runs after the
    FallbackClassifier, so it can only turn an answer into "not understood", never the reverse.
    """

    VOCABULARY_FILE = "vocabulary.json"

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"prefix": 4}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 vocabulary: Optional[Set[Text]] = None) -> None:
        self._prefix = int(config["prefix"])
        self._storage = model_storage
        self._resource = resource
        self._vocabulary = vocabulary or set()
        self._prefixes = {w[: self._prefix] for w in self._vocabulary if len(w) >= self._prefix}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "UnknownWordsFallback":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "UnknownWordsFallback":
        with model_storage.read_from(resource) as directory:
            words = json.loads((directory / cls.VOCABULARY_FILE).read_text(encoding="utf-8"))
        return cls(config, model_storage, resource, set(words))

    def train(self, training_data: TrainingData) -> Resource:
        words: Set[Text] = set()
        for example in training_data.training_examples:
            words.update(normalize_words(example.get(TEXT) or "").split())
        with self._storage.write_to(self._resource) as directory:
            (directory / self.VOCABULARY_FILE).write_text(json.dumps(sorted(words)), encoding="utf-8")
        return self._resource

    def is_known(self, word: Text) -> bool:
        if word in self._vocabulary or word.isdigit():
            return True
        return len(word) >= self._prefix and word[: self._prefix] in self._prefixes

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            words = normalize_words(message.get(TEXT) or "").split()
            if any(self.is_known(w) for w in words):
                continue
            fallback = {INTENT_NAME_KEY: FALLBACK_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [fallback] + [r for r in message.get(INTENT_RANKING_KEY) or []
                                    if r.get(INTENT_NAME_KEY) != FALLBACK_INTENT]
            message.set(INTENT, fallback, add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
