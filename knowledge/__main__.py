"""`python -m knowledge build` builds the database; `python -m knowledge check` verifies every fact;
`python -m knowledge coverage [DOC]` lists the source lines no fact quotes."""
from __future__ import annotations

import sys

from knowledge import config
from knowledge.check import run_check
from knowledge.coverage import run_coverage
from knowledge.loader import build


def main(argv: list) -> int:
    command = argv[0] if argv else ""
    if command == "check":
        return run_check()
    if command == "coverage":
        return run_coverage(argv[1] if len(argv) > 1 else "")
    if command == "build":
        if run_check() != 0:
            print("Not building: fix the facts above first.")
            return 1
        counts = build()
        url = config.database_url()
        shown = url.split("@")[-1] if "@" in url else url
        print(f"Built {shown}: " + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())))
        return 0
    print("usage: python -m knowledge {build|check|coverage [DOC]}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
