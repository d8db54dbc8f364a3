#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter (Rasa 3.6 runs on 3.7-3.10 only), or explains what to install.
set -u
is310() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; }

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
if command -v pyenv >/dev/null 2>&1; then
  for p in "$(pyenv root)"/versions/3.10*/bin/python3.10; do [ -x "$p" ] && candidates+=("$p"); done
fi
for p in "$HOME"/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do
  [ -x "$p" ] && candidates+=("$p")
done
if command -v uv >/dev/null 2>&1; then
  p=$(uv python find 3.10 2>/dev/null) && candidates+=("$p")
fi

for c in "${candidates[@]}"; do
  if is310 "$c"; then echo "$c"; exit 0; fi
done

cat >&2 <<'MSG'
Python 3.10 not found. Rasa Open Source 3.6 runs on Python 3.7 to 3.10 only.
Install one of:
  - pyenv:  pyenv install 3.10.13
  - Debian/Ubuntu (where packaged): apt-get install python3.10 python3.10-venv
  - uv:     uv python install 3.10
or point to an existing interpreter:  make run PYTHON=/path/to/python3.10
MSG
exit 1
