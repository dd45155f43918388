"""``serve``: the local web page for checking drafts in a browser."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .chinese import ChineseCommand
from .options import workspace_option


def serve(
    host: str = typer.Option("127.0.0.1", "--host", metavar="地址", help="监听地址（默认只允许本机访问；设为 0.0.0.0 时局域网内其他电脑也能访问）"),
    port: int = typer.Option(8000, "--port", "-p", min=0, max=65535, metavar="端口", help="端口（0 表示自动选择空闲端口）"),
    workspace: Optional[Path] = workspace_option("工作区文件夹：使用其配置、本地规则和往年数据（默认：从当前文件夹向上查找）"),
    open_browser: bool = typer.Option(False, "--open", help="启动后在浏览器中打开页面"),
    jobs: int = typer.Option(2, "--jobs", "-j", min=1, max=16, metavar="数字", help="同时进行的检查数"),
    allow_host: List[str] = typer.Option([], "--allow-host", metavar="名称", help="另外允许的访问名称（如本机在局域网中的名称或 IP；可重复）；默认只接受 127.0.0.1、localhost 和监听地址"),
) -> None:
    """启动本机网页：上传报告草稿，查看检查结果，下载带批注的副本。"""
    import socket

    from ..app.session import open_session
    from ..model.errors import UserError

    root = open_session(workspace).root
    try:
        sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        raise UserError(f"无法在 {host}:{port} 上启动网页服务：{exc.strerror or exc}（端口是否已被占用？可用 --port 换一个）") from None
    bound_port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{bound_port}/"

    import uvicorn

    from ..web.app import create_app

    app = create_app(workspace=Path(root) if root else None, workers=jobs, hosts=allow_host, bound=host)
    typer.echo(f"年报检查网页已启动：{url}（按 Ctrl+C 停止）", err=True)
    typer.echo(f"脚本调用 /api/check 时请在请求头 X-Annual-Report-Token 中带上本次的令牌：{app.state.token}", err=True)
    if root:
        typer.echo(f"使用工作区：{root}", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"注意：监听地址为 {host}，同一网络中的其他电脑也能访问本页面", err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    # Ctrl+C or SIGTERM: requests still running get 5 seconds, then the store kills their
    # checks' processes and removes every upload folder; a thread stuck in a check is not waited for
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on", timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    import signal

    # uvicorn stops on the signal, then raises it again under the handler it found: SIGTERM,
    # as Ctrl+C, then raises KeyboardInterrupt here instead of ending the process before the
    # lines below (the last words on stderr)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        import os
        import sys

        app.state.web.store.close()
        typer.echo("网页服务已停止，上传的文件和检查结果已删除", err=True)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


EXAMPLES = """
annual-report serve                      # 在浏览器中打开 http://127.0.0.1:8000/
annual-report serve --port 8080 --open   # 换一个端口，并自动打开浏览器
annual-report serve -w 桃岭乡             # 使用工作区的配置、本地规则和往年数据
"""


def register(app: typer.Typer) -> None:
    app.command("serve", cls=ChineseCommand, epilog=EXAMPLES)(serve)
