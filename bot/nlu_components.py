"""NLU pipeline guard: what a message may look like before the NLU reads it."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu_keys import TRIMMED_FROM


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
