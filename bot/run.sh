#!/usr/bin/env bash
# Starts the action server, the Rasa server and the demo web page with the chat widget, says how to talk to the
# assistant, stops them all on Ctrl-C.
set -u
cd "$(dirname "$0")/.."
RASA=.venv/bin/rasa
MODEL=${MODEL:-models/assistant.tar.gz}
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
WEB_PORT=${WEB_PORT:-8080}
# The voice webhook refuses unsigned calls: locally, `make run` and `make call` share a secret made once per checkout.
IVR_AUTH_TOKEN=${IVR_AUTH_TOKEN:-$(.venv/bin/python -m bot.call token)}
export IVR_AUTH_TOKEN
pids=()
# endpoints.yml reads the action server's address from the environment.
export ACTION_SERVER_URL="http://localhost:$ACTIONS_PORT/webhook"

stop() {
  trap - INT TERM EXIT
  echo
  echo "Stopping the assistant..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  wait 2>/dev/null
  echo "Stopped."
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

wait_for() {  # url, name, pid
  for _ in $(seq 1 180); do
    if curl -fsS "$1" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$3" 2>/dev/null; then echo "The $2 stopped while starting; see its output above." >&2; return 1; fi
    sleep 1
  done
  echo "The $2 did not answer at $1 within 3 minutes." >&2
  return 1
}

$RASA run actions --port "$ACTIONS_PORT" --actions actions &
pids+=($!)
wait_for "http://localhost:$ACTIONS_PORT/health" "action server" "${pids[0]}" || exit 1

$RASA run --model "$MODEL" --port "$RASA_PORT" --enable-api --cors "*" --credentials credentials.yml \
  --endpoints endpoints.yml &
pids+=($!)
wait_for "http://localhost:$RASA_PORT/status" "Rasa server" "${pids[1]}" || exit 1

# The professionals' demo page with the chat widget (loopback only), talking socket.io to the Rasa server.
.venv/bin/python -m bot.webpage --port "$WEB_PORT" --rasa-url "http://localhost:$RASA_PORT" &
pids+=($!)
wait_for "http://localhost:$WEB_PORT/" "web page server" "${pids[2]}" || exit 1

cat <<MSG

  The assistant is running.
  - REST:     curl -s localhost:$RASA_PORT/webhooks/rest/webhook -H 'Content-Type: application/json' \\
                -d '{"sender": "moi", "message": "La plateforme est-elle ouverte ?"}'
  - Terminal: make shell   (in another terminal)
  - Phone:    make call    (in another terminal: the voice server, typed speech, digits for keys)
  - Web chat: http://localhost:$WEB_PORT/   (the professionals' demo page; the chat is at the bottom right)
  Ctrl-C stops the servers.

MSG
wait -n "${pids[@]}"
echo "A server stopped; stopping the others." >&2
exit 1
