"""A Starlette test client as the local page's own user sees it: the local host name and the
server's token (which the page's own form carries, and a script gets at start-up)."""

from __future__ import annotations

from starlette.testclient import TestClient


def local_client(app, **kwargs) -> TestClient:
    from annual_report.web.security import TOKEN_HEADER

    kwargs.setdefault("raise_server_exceptions", False)
    return TestClient(app, base_url="http://127.0.0.1", headers={TOKEN_HEADER: app.state.token}, **kwargs)
