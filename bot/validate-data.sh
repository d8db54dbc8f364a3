#!/usr/bin/env bash
# `rasa data validate`, failing on any warning about the data except two, by design: the answer parts (`part_*`
# responses) are assembled by the custom actions (or sent by the channels: `part_service_unavailable`), and a form's
# questions (`utter_ask_<slot>`) are asked by the form; no story or rule names either.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
.venv/bin/rasa data validate 2>&1 | tee "$log" | grep -E "UserWarning|ERROR" | grep -vE "utterance '(part_|utter_ask_)" 
status=${PIPESTATUS[0]}
problems=$(grep -E "UserWarning|ERROR" "$log" | grep -vcE "utterance '(part_|utter_ask_)")
rm -f "$log"
if [ "$status" -ne 0 ] || [ "$problems" -ne 0 ]; then
  echo "rasa data validate: $problems problem(s), exit $status" >&2
  exit 1
fi
echo "rasa data validate: no problem (answer parts used by actions only are expected)"
