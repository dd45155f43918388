"""``serve``: the local web page for checking drafts in a browser."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .chinese import ChineseCommand


def serve(
    host: str = typer.Option("127.0.0.1", "--host", metavar="地址", help="监听地址（默认只允许本机访问；设为 0.0.0.0 时局域网内其他电脑也能访问）"),
    port: int = typer.Option(8000, "--port", "-p", min=0, max=65535, metavar="端口", help="端口（0 表示自动选择空闲端口）"),
    workspace: Optional[Path] = typer.Option(None, "--workspace", "-w", metavar="文件夹", help="工作区文件夹：使用其配置、本地规则和往年数据（默认：从当前文件夹向上查找）"),
    open_browser: bool = typer.Option(False, "--open", help="启动后在浏览器中打开页面"),
    jobs: int = typer.Option(2, "--jobs", "-j", min=1, max=16, metavar="数字", help="同时进行的检查数"),
) -> None:
    """启动本机网页：上传报告草稿，查看检查结果，下载带批注的副本。"""
    import socket

    from ..model.errors import UserError
    from ..files.config import find_workspace

    root = workspace or find_workspace()
    if workspace is not None and not (Path(workspace) / "annual-report.toml").is_file():
        raise UserError(f"{workspace} 不是工作区（没有 annual-report.toml）")
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

    app = create_app(workspace=Path(root) if root else None, workers=jobs)
    typer.echo(f"年报检查网页已启动：{url}（按 Ctrl+C 停止）", err=True)
    if root:
        typer.echo(f"使用工作区：{root}", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"注意：监听地址为 {host}，同一网络中的其他电脑也能访问本页面", err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    server.run(sockets=[sock])


EXAMPLES = """
annual-report serve                      # 在浏览器中打开 http://127.0.0.1:8000/
annual-report serve --port 8080 --open   # 换一个端口，并自动打开浏览器
annual-report serve -w 桃岭乡             # 使用工作区的配置、本地规则和往年数据
"""


def register(app: typer.Typer) -> None:
    app.command("serve", cls=ChineseCommand, epilog=EXAMPLES)(serve)
