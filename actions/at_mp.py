"""Accidents du travail and maladies professionnelles: which form for what (S6909, S3116), the practical cases,
the online certificat médical initial, the recognition of occupational diseases (tables, complementary system)."""
from __future__ import annotations

from typing import Text

from actions.arrets_travail import ActionSickLeave


class ActionAtMp(ActionSickLeave):
    """A form number in the question → that form; otherwise the best-matching answer on AT/MP."""

    TOPIC = "at_mp"
    OVERVIEW = "at_mp.formulaires_at_mp"

    def name(self) -> Text:
        return "action_at_mp"
