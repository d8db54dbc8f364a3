#!/usr/bin/env bash
# Production entry point, one server per process (docker-compose, Helm, or a service manager):
#   bot/serve.sh rasa      a Rasa server replica: HTTP API behind RASA_API_TOKEN, the channels of credentials.yml
#   bot/serve.sh actions   an action server replica
# Settings come from the environment (README, "Production"); a missing secret stops the start with its name.
set -euo pipefail
cd "$(dirname "$0")/.."
export ASSISTANT_ENV=production RASA_TELEMETRY_ENABLED=false
RASA=rasa
[ -x .venv/bin/rasa ] && RASA=.venv/bin/rasa
INTERFACE=${INTERFACE:-0.0.0.0}

require() {
  local missing=()
  for name in "$@"; do [ -n "${!name:-}" ] || missing+=("$name"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "serve.sh: production needs ${missing[*]} (see the README's Production section)." >&2
    exit 2
  fi
}

case "${1:-}" in
  rasa)
    require RASA_API_TOKEN REST_API_TOKEN AMELIPRO_MESSAGING_SECRET IVR_AUTH_TOKEN ACTION_SERVER_URL \
      TRACKER_STORE_URL LOCK_STORE_URL WEB_CHAT_ORIGINS
    exec "$RASA" run --model "${MODEL:-models/assistant.tar.gz}" --interface "$INTERFACE" --port "${PORT:-5005}" \
      --enable-api --auth-token "$RASA_API_TOKEN" --credentials credentials.yml --endpoints endpoints.yml
    ;;
  actions)
    require DATABASE_URL
    exec "$RASA" run actions --actions actions --port "${PORT:-5055}"
    ;;
  *)
    echo "usage: bot/serve.sh rasa|actions" >&2
    exit 2
    ;;
esac
