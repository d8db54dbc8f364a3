"""Keys the NLU pipeline adds to parse data, read by the actions (kept apart so actions never import Rasa)."""

TRIMMED_FROM = "trimmed_from"
