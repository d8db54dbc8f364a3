"""The demo page of the professionals' website with the chat widget: bot/web/ served read-only.

    python -m bot.webpage --port 8080 --rasa-url http://localhost:5005

Standard library only; on loopback unless --host says otherwise. Only files inside bot/web/ are served (no directory
listing, no hidden files, no symbolic link leading out). With --rasa-url, the pages' `data-server=""` placeholder
is filled with that (checked, escaped) address, so the widget talks to that Rasa server; without it the widget uses
the page's host on port 5005.
"""
from __future__ import annotations

import argparse
import html
import re
import socket
import sys
import urllib.parse
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import List, Optional

WEB_ROOT = Path(__file__).resolve().parent / "web"
SERVER_PLACEHOLDER = b'data-server=""'
WIDGET_DEFAULT_PORT = 5005

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
}

_HOSTNAME = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])$")


def checked_rasa_url(url: str) -> str:
    """The Rasa server's address as the widget gets it: http(s), a host, maybe a port and a path, nothing else."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) address: {url!r}")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ValueError(f"an address with no user, query or fragment is expected: {url!r}")
    if not _HOSTNAME.match(parts.netloc.rsplit(":", 1)[0] if parts.port else parts.netloc):
        raise ValueError(f"not a host name: {url!r}")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def resolve(root: Path, request_path: str) -> Optional[Path]:
    """The file a request path names inside root, or None."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(request_path).path)
    if "\x00" in path or "\\" in path:
        return None
    parts = [part for part in path.split("/") if part]
    if any(part.startswith(".") for part in parts):  # "..", ".", hidden files
        return None
    candidate = root.joinpath(*parts)
    if candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not real.is_relative_to(root) or not real.is_file():
        return None
    return real


class PageHandler(BaseHTTPRequestHandler):
    server_version = "AssistantPS-web"
    sys_version = ""

    def __init__(self, *args, root: Path, rasa_url: Optional[str], **kwargs):
        self.root = root
        self.rasa_url = rasa_url
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        self._serve(with_body=True)

    def do_HEAD(self) -> None:
        self._serve(with_body=False)

    def _serve(self, with_body: bool) -> None:
        path = resolve(self.root, self.path)
        if path is None:
            self.send_error(HTTPStatus.NOT_FOUND, "Page introuvable")
            return
        try:
            data = path.read_bytes()
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND, "Page introuvable")
            return
        suffix = path.suffix.lower()
        if suffix == ".html" and self.rasa_url:
            data = data.replace(SERVER_PLACEHOLDER,
                                b'data-server="' + html.escape(self.rasa_url, quote=True).encode() + b'"')
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", CONTENT_TYPES.get(suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if suffix == ".html":
            self.send_header("Content-Security-Policy", self._content_security_policy())
        self.end_headers()
        if with_body:
            self.wfile.write(data)

    def _content_security_policy(self) -> str:
        """No inline script or style on the demo page, which shows the widget needs none; it may connect to the
        Rasa server only."""
        return ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                f"connect-src 'self' {' '.join(self._rasa_origins())}; "
                "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

    def _rasa_origins(self) -> List[str]:
        if self.rasa_url:
            parts = urllib.parse.urlsplit(self.rasa_url)
            secure = parts.scheme == "https"
            netloc = parts.netloc
        else:  # the widget's default: this page's host, port 5005
            host = (self.headers.get("Host") or "").strip()
            hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if not _HOSTNAME.match(hostname):
                return []
            secure = False
            netloc = f"{hostname}:{WIDGET_DEFAULT_PORT}"
        return [f"{'https' if secure else 'http'}://{netloc}", f"{'wss' if secure else 'ws'}://{netloc}"]

    def version_string(self) -> str:
        return self.server_version

    def log_error(self, format: str, *args) -> None:  # noqa: A002 — the base class's name
        pass  # the failed request's own line (log_request) says it

    def log_request(self, code="-", size="-") -> None:
        if isinstance(code, HTTPStatus):
            code = code.value
        if str(code).isdigit() and int(code) >= 400:  # successful requests are not worth a line each
            super().log_request(code, size)


class PageServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, port: int, rasa_url: Optional[str] = None, root: Path = WEB_ROOT):
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), partial(PageHandler, root=root.resolve(), rasa_url=rasa_url))


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description="Serves the professionals' demo page with the chat widget.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", help="the Rasa server the widget talks to (default: this host, port 5005)")
    args = parser.parse_args(argv)
    try:
        rasa_url = checked_rasa_url(args.rasa_url) if args.rasa_url else None
    except ValueError as error:
        parser.error(str(error))
    server = PageServer(args.host, args.port, rasa_url)
    shown_host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Serving {WEB_ROOT} at http://{shown_host}:{server.server_address[1]}/", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
