"""Patient data never leaves a message as it came: a French social security number (NIR) is replaced by a marker."""
from __future__ import annotations

import re

NIR_MARK = "[NIR masqué]"
# Sex digit, birth year, month (01–12, or 20–99 for unknown or special cases), département (2 digits or 2A/2B),
# commune, order number, and the optional 2-digit key; spaces, dots or dashes between the groups as people type them.
_NIR = re.compile(r"(?<![0-9A-Za-z])[1-478][ .-]?\d{2}[ .-]?(?:0[1-9]|1[0-2]|[2-9]\d)[ .-]?(?:\d{2}|2[ABab])"
                  r"[ .-]?\d{3}[ .-]?\d{3}(?:[ .-]?\d{2})?(?![0-9A-Za-z])")


def redact_nir(text: str) -> str:
    return _NIR.sub(NIR_MARK, text)
