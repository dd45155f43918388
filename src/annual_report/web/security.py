"""What keeps the local page for the local person: an ASGI middleware in front of every route.

- **Host names.** Only the page's own names are served (127.0.0.1, localhost, ::1, the address
  it is bound to, and any name allowed with ``--allow-host``).  A page on another web site that
  points its own name at 127.0.0.1 (DNS rebinding) sends its own name as ``Host`` and is refused.
- **State-changing requests.** A ``POST`` (or any method but GET/HEAD/OPTIONS) needs the
  server's token — in the ``X-Annual-Report-Token`` header (printed at start-up, for scripts)
  or in the ``token`` query parameter (the upload form carries it) — and, when the browser says
  where the request comes from (``Origin``, else ``Referer``), that must be this page itself.
  Another site can neither read the token (the same-origin policy) nor forge its origin.
- **The request body** is counted while it streams in, with or without ``Content-Length``;
  past the limit the request ends with 413 before more is read.
- **Response headers**: ``X-Content-Type-Options: nosniff``, a ``Content-Security-Policy``
  (scripts only with the response's nonce, no framing, forms only to this page),
  ``X-Frame-Options: DENY`` and ``Referrer-Policy: same-origin``.
"""

from __future__ import annotations

import contextvars
import hmac
import json
import secrets
from typing import Iterable
from urllib.parse import parse_qs, urlsplit

TOKEN_HEADER = "x-annual-report-token"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

#: the nonce of the response being made (templates put it on their <script> elements)
csp_nonce: contextvars.ContextVar[str] = contextvars.ContextVar("csp_nonce", default="")


class BodyTooLarge(Exception):
    """The request body went past the limit while it was being read."""


def host_name(value: str) -> str:
    """The host of a ``Host`` header or of a URL's netloc, lower case, without port or brackets."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    if value.count(":") > 1:  # a bare IPv6 address
        return value
    return value.rsplit(":", 1)[0] if ":" in value else value


def allowed_hosts(bound: str | None = None, extra: Iterable[str] = ()) -> frozenset[str]:
    names = set(LOCAL_HOSTS)
    if bound and bound not in ("0.0.0.0", "::", ""):
        names.add(host_name(bound) if not bound.count(":") > 1 else bound.lower())
    names.update(host_name(h) for h in extra if h.strip())
    return frozenset(names)


class Guard:
    """The middleware (pure ASGI, so that bodies stream through it)."""

    def __init__(self, app, *, hosts: frozenset[str], token: str, body_limit: int) -> None:
        self.app, self.hosts, self.token, self.body_limit = app, hosts, token, body_limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        api = scope.get("path", "").startswith("/api/")
        if host_name(host) not in self.hosts:
            await _refuse(send, 400, "本页面只接受来自本机地址（127.0.0.1 或 localhost）的访问；如需用其他名称访问，请在启动时加 --allow-host", api)
            return
        if scope.get("method", "GET") not in SAFE_METHODS:
            why = self._forbidden(scope, headers, host)
            if why:
                await _refuse(send, 403, why, api)
                return
        nonce = secrets.token_urlsafe(16)
        reset = csp_nonce.set(nonce)
        started = False

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                    (b"cross-origin-resource-policy", b"same-origin"),
                    (b"content-security-policy", _policy(nonce).encode("ascii")),
                ]
                message = dict(message, headers=list(message.get("headers", [])) + extra)
            await send(message)

        received = 0
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.body_limit:
            await _refuse(send, 413, _too_large(self.body_limit), api)
            return

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.body_limit:
                    raise BodyTooLarge()
            return message

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except BodyTooLarge:
            if not started:
                await _refuse(send, 413, _too_large(self.body_limit), api)
        finally:
            csp_nonce.reset(reset)

    def _forbidden(self, scope, headers: dict[str, str], host: str) -> str:
        """Why this state-changing request is refused ('' when it is not)."""
        for header in ("origin", "referer"):
            value = headers.get(header)
            if value is None:
                continue
            if value == "null" or urlsplit(value).netloc.lower() != host.lower():
                return "拒绝了来自其他网页的提交：只能在本页面上传报告"
            break
        given = headers.get(TOKEN_HEADER, "")
        if not given:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            given = (query.get("token") or [""])[0]
        if not given or not hmac.compare_digest(given.encode("utf-8", "replace"), self.token.encode("ascii")):
            return "缺少或错误的访问令牌：请刷新本页面后重新提交；脚本调用请在请求头 X-Annual-Report-Token 中带上启动时显示的令牌"
        return ""


def _policy(nonce: str) -> str:
    return (
        "default-src 'self'; "
        f"script-src 'nonce-{nonce}'; "
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )


def _too_large(limit: int) -> str:
    return f"上传的内容合计超过 {limit // (1024 * 1024)} MB，请分批检查"


async def _refuse(send, status: int, message: str, api: bool) -> None:
    if api:
        code = {400: "bad_request", 403: "forbidden", 413: "too_large"}.get(status, "error")
        body = json.dumps({"error": message, "code": code, "status": status}, ensure_ascii=False).encode("utf-8")
        media = b"application/json; charset=utf-8"
    else:
        from markupsafe import escape

        body = f"<!doctype html><meta charset=utf-8><title>无法访问</title><p>{escape(message)}</p>".encode("utf-8")
        media = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", media),
                (b"content-length", str(len(body)).encode()),
                (b"x-content-type-options", b"nosniff"),
                (b"x-frame-options", b"DENY"),
                (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
