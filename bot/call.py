"""`make call`: a phone call to the assistant from the terminal, as the voice platform would make it.

Type what you would say; digits alone are keys pressed; an empty line is a silence; `q` hangs up. Each turn is sent
to the running assistant's voice webhook exactly as the platform sends it (form fields, signed), and what the
assistant would say is printed, and spoken where espeak-ng is installed. The HTTP tests drive calls with the same
class.
"""
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Dict, Optional
from urllib.parse import urlencode

from bot.ivr import SIGNATURE_HEADER, twilio_signature

ROOT = Path(__file__).resolve().parents[1]
DEV_TOKEN = ROOT / ".rasa" / "dev-ivr-token"  # git-ignored: the secret `make run` and `make call` share locally


def dev_token() -> str:
    """The local secret of the voice webhook, made once per checkout."""
    if not DEV_TOKEN.exists():
        DEV_TOKEN.parent.mkdir(exist_ok=True)
        DEV_TOKEN.write_text(secrets.token_hex(16))
    return DEV_TOKEN.read_text().strip()


class PhoneCall:
    """One call: each turn POSTs the platform's form to the URL the previous reply asked for. The caller's number
    is sent as the platform sends it; the assistant must keep it nowhere."""

    def __init__(self, server: str, secret: str, caller: str = "+596696123456"):
        self.sid = f"CA{uuid.uuid4().hex}"
        self.url = f"{server}/webhooks/ivr/webhook"
        self.secret, self.caller = secret, caller
        self.reply: Optional[ET.Element] = None

    def post(self, url: str, fields: Dict[str, str], secret: Optional[str] = "") -> int:
        """The HTTP status of one turn (`secret` None: unsigned; "": the call's own secret)."""
        secret = self.secret if secret == "" else secret
        form = {"CallSid": self.sid, "From": self.caller, "To": "+596596563690", **fields}
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if secret is not None:
            headers[SIGNATURE_HEADER] = twilio_signature(secret.encode(), url, {k: [v] for k, v in form.items()})
        request = urllib.request.Request(url, data=urlencode(form).encode(), headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                self.reply = ET.fromstring(response.read())
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def turn(self, url: str, fields: Dict[str, str]) -> str:
        status = self.post(url, fields)
        if status != 200:
            raise RuntimeError(f"the voice webhook answered {status}")
        return self.said()

    def start(self) -> str:
        return self.turn(self.url, {})

    def answer(self, **fields: str) -> str:
        """Speech (SpeechResult=…) or keys (Digits=…), sent where the last reply's Gather said."""
        return self.turn(self.reply.find("Gather").get("action"), fields)

    def silence(self) -> str:
        return self.turn(self.reply.find("Redirect").text, {})

    def said(self) -> str:
        return " ".join(say.text or "" for say in self.reply.iter("Say"))

    @property
    def transferred_to(self) -> Optional[str]:
        dial = self.reply.find("Dial") if self.reply is not None else None
        return dial.text if dial is not None else None

    @property
    def ended(self) -> bool:
        return self.reply is not None and (self.reply.find("Hangup") is not None or self.transferred_to is not None)


def speak(text: str) -> None:
    if shutil.which("espeak-ng"):
        subprocess.run(["espeak-ng", "-v", "fr", text], check=False, stderr=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=os.environ.get("RASA_URL", "http://localhost:5005"))
    parser.add_argument("--quiet", action="store_true", help="print only, never speak")
    parser.add_argument("command", nargs="?", choices=["token"], help="token: print the local webhook secret")
    args = parser.parse_args()
    if args.command == "token":  # bot/run.sh starts the assistant with it
        print(dev_token())
        return 0
    call = PhoneCall(args.server, os.environ.get("IVR_AUTH_TOKEN") or dev_token())
    print("Appel du serveur vocal. Tapez ce que vous diriez, des chiffres pour les touches, Entrée seule pour un "
          "silence, q pour raccrocher.")
    try:
        said = call.start()
    except (OSError, RuntimeError) as error:
        print(f"Le serveur vocal ne répond pas à {call.url} ({error}) : lancez d'abord `make run`.", file=sys.stderr)
        return 1
    while True:
        print(f"🔊 {said}")
        if not args.quiet:
            speak(said)
        if call.ended:
            print(f"(transfert vers le {call.transferred_to})" if call.transferred_to else "(l'appel est terminé)")
            return 0
        try:
            typed = input("> ").strip()
        except EOFError:
            return 0
        if typed.lower() == "q":
            return 0
        if not typed:
            said = call.silence()
        elif typed.isdigit():
            said = call.answer(Digits=typed)
        else:
            said = call.answer(SpeechResult=typed)


if __name__ == "__main__":
    sys.exit(main())
