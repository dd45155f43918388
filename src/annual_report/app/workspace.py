"""Creating a workspace (``init``) and building a year's report into it (``build``)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..model.errors import OutputError, UserError
from ..model.layout import table_name
from ..files.config import CONFIG_NAME, Config
from .session import Session, available_years, open_session  # noqa: F401 - available_years: what commands list

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "workspace"
STATE_DIR = ".annual-report"
OUTPUTS_FILE = "outputs.json"


# --- init ------------------------------------------------------------------------------------


EXAMPLE_BODY = "青溪镇人民政府"
EXAMPLE_FOLDER = "青溪镇示例"
FOLDERS = ("data", "out", "plugins", "templates", "reference", "workplans")
README_NAME = "README.txt"


def check_folder_name(text: str) -> Path:
    """The folder ``init`` is to create: a plain name in the current folder (no ``/``, ``\\``
    or ``..``), so that a workspace never lands somewhere the user did not mean."""
    text = (text or "").strip()
    if not text:
        raise UserError("请给出工作区文件夹名，如 annual-report init 桃岭乡 --name 桃岭乡人民政府")
    if "/" in text or "\\" in text or text in (".", "..") or ".." in text:
        raise UserError(f"工作区文件夹名“{text}”不能含有“/”“\\”或“..”：请先进入要放工作区的文件夹，再只写文件夹名")
    return Path(text)


def _check_target(path: Path) -> None:
    if (path / CONFIG_NAME).exists():
        raise UserError(f"{path} 已经是工作区（有 {CONFIG_NAME}），不会覆盖；请换一个文件夹名")
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise UserError(f"{path} 已存在且不是空文件夹，不会覆盖；请换一个文件夹名")


def _check_body(name: str | None, level: str | None) -> tuple[str, str]:
    """The body's name and level for a new workspace, or a Chinese error."""
    from ..model.levels import infer_level
    from ..model.levels import LEVELS

    name = (name or "").strip()
    if not name:
        raise UserError("请用 --name 给出机关全称，如 --name 桃岭乡人民政府；只想看看示例，请用 annual-report init --example")
    if re.search(r'[\\/:*?"<>|\x00-\x1f\x7f]', name) or ".." in name:
        raise UserError(f"机关名称“{name}”含有不能出现在文件名中的字符（/ \\ : * ? \" < > | 或 ..），请写机关全称")
    if level and level not in LEVELS:
        raise UserError(f"机关层级“{level}”不在可选范围内，应为以下之一：" + "、".join(LEVELS))
    if not level:
        level = infer_level(name, certain_only=True)
        if level is None:
            raise UserError(f"无法从名称“{name}”判断机关层级，请用 --level 指定，应为以下之一：" + "、".join(LEVELS))
    return name, level


def init_workspace(path: Path, *, name: str | None, level: str | None = None, region: str | None = None) -> Path:
    """Create an empty workspace for a real body at ``path``: its config, the folders with their
    README.txt, no data (the user fills the workbook or extracts last year's report); never
    overwrite.  ``level`` defaults to what the name shows (an error when it shows none)."""
    path = Path(path)
    name, level = _check_body(name, level)
    _check_target(path)
    created = not path.exists()
    try:
        path.mkdir(parents=True, exist_ok=True)
        for folder in FOLDERS:
            (path / folder).mkdir(exist_ok=True)
            readme = EXAMPLE / folder / README_NAME
            if readme.is_file():
                shutil.copyfile(readme, path / folder / README_NAME)
        config = (EXAMPLE / CONFIG_NAME).read_text(encoding="utf-8")
        config = re.sub(r"(?m)^# 示例机关.*\n", "", config)
        for key, value in (("name", name), ("level", level), ("region", (region or "").strip())):
            config = re.sub(
                rf'(?m)^{key} = "[^"\n]*"',
                lambda _m, key=key, value=value: f"{key} = {json.dumps(value, ensure_ascii=False)}",
                config,
                count=1,
            )
        (path / CONFIG_NAME).write_text(config, encoding="utf-8")
        (path / README_NAME).write_text(next_steps(name, level), encoding="utf-8")
    except OSError as exc:
        if created:
            shutil.rmtree(path, ignore_errors=True)
        raise UserError(f"无法创建工作区 {path}：{exc.strerror or exc}") from None
    return path


def next_steps(name: str, level: str) -> str:
    """The README.txt of a new workspace: what to do first."""
    from datetime import date

    year = date.today().year - 1 if date.today().month <= 6 else date.today().year
    return f"""{name} 政府信息公开工作年度报告工作区（机关层级：{level}）

data/ 中还没有任何年度数据。先做下面两件事之一：

一、填写统计工作簿（新写一份年报）
    annual-report workbook {year}
  在 WPS 表格或 Excel 中填写生成的 {year}年年报统计表.xlsx（表二、表三、表四 和文字部分），保存后：
    annual-report extract {year}年年报统计表.xlsx -o data/{year}.json
    annual-report build {year}

二、从已经发布的往年报告建立数据（可以是 .docx、网页 .html 或 .pdf）
    annual-report extract {year - 1}年报.docx -o data/{year - 1}.json
  往年数据用于跨年度检查（结转衔接、表述重复）。

检查同事写好的草稿（会自动对照 data/ 中的往年数据）：
    annual-report check 初稿.docx
    annual-report check 初稿.docx --annotate 初稿-审核意见.docx

annual-report.toml 中是机关信息和检查设置；plugins/、reference/、workplans/、templates/ 各有说明。
"""


def init_example(path: Path) -> Path:
    """Create a workspace at ``path`` with the invented example body's three years (2021—2023);
    never overwrite.  The example always keeps its invented name: a real body starts with
    :func:`init_workspace`."""
    path = Path(path)
    _check_target(path)
    created = not path.exists()
    try:
        shutil.copytree(EXAMPLE, path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for folder in FOLDERS:
            (path / folder).mkdir(exist_ok=True)
    except OSError as exc:
        if created:
            shutil.rmtree(path, ignore_errors=True)
        raise UserError(f"无法创建工作区 {path}：{exc.strerror or exc}") from None
    return path


# --- build -----------------------------------------------------------------------------------


def open_workspace(workspace: Path | None) -> Config:
    """The config of ``workspace`` (None: the one around the current folder), which must exist."""
    return open_session(workspace, require_workspace=True).config


def load_year(config: Config, year: int):
    """The report of ``year`` in the workspace (validated, completed as ``check`` reads it), with
    a clear message if absent or if its data file holds another year."""
    from ..readers.jsondata import load_report

    session = Session(config)
    return session.complete(load_report(session.year_file(year)))


def load_history(config: Config, year: int) -> list:
    """The workspace's earlier years that exist, up to ``history_years`` back."""
    from ..readers.jsondata import load_report

    session = Session(config)
    out = []
    for y in range(year - 1, year - 1 - config.history_years, -1):
        path = config.data_file(y)
        if path.exists():
            out.append(session.complete(load_report(path)))
    return out


def output_path(config: Config, year: int, body_name: str) -> Path:
    name = config.output_name.replace("{year}", str(year)).replace("{name}", safe_file_name(body_name))
    target = config.out_dir / name
    try:
        target.resolve().relative_to(config.out_dir.resolve())
    except ValueError:
        raise UserError(f"输出文件 {target} 不在工作区的 out/ 文件夹中，已拒绝写出（请检查 build.output 和机关名称）") from None
    return target


def safe_file_name(text: str) -> str:
    """``text`` usable in a file name on Windows too (no ``\\ / : * ? " < > |``)."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]', "_", text).strip(" .") or "报告"


def check_output_target(target: Path) -> None:
    """Refuse an output path that can never be written as a report."""
    target = Path(target)
    if target.suffix.lower() != ".docx":
        raise UserError(f"输出文件应以 .docx 结尾：{target}")
    if target.is_dir():
        raise OutputError(f"无法写入 {target}：这是一个文件夹，请给出文件名，如 {target / '年度报告.docx'}")


def missing_cells(report) -> list[str]:
    """Every table cell without a value, described for a person (``表三“（一）予以公开”行“自然人”列``)."""
    from ..model.layout import layouts

    out = []
    for name, layout in layouts(report.edition).items():
        table = report.tables.get(name)
        for row in layout.rows:
            for col in row.columns:
                if table is None or table.get(row.id, col.id) is None:
                    out.append(f"{table_name(name)}“{row.name}”行“{col.label}”列未填写")
    return out


@dataclass
class OutputRegistry:
    """What ``build`` wrote: file name → sha256, kept in the workspace, so a rebuild never
    replaces a file that somebody edited since (in Word, say)."""

    path: Path
    hashes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> "OutputRegistry":
        path = Path(root) / STATE_DIR / OUTPUTS_FILE
        try:
            hashes = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(hashes, dict):
                hashes = {}
        except (OSError, ValueError):
            hashes = {}
        return cls(path, hashes)

    def key(self, output: Path) -> str:
        try:
            return Path(output).resolve().relative_to(self.path.parent.parent.resolve()).as_posix()
        except ValueError:
            return str(Path(output).resolve())

    def changed_since_built(self, output: Path) -> bool:
        """True when ``output`` exists and is not what we last wrote there."""
        return self.why_not_replaceable(output) is not None

    def why_not_replaceable(self, output: Path) -> str | None:
        """Why ``output`` must not be replaced without ``--force`` (None: it may be)."""
        output = Path(output)
        if not output.exists():
            return None
        known = self.hashes.get(self.key(output))
        if known is None:
            return (
                f"{output} 已存在，但不是本工作区用 annual-report build 生成的（或生成记录已丢失），"
                "为避免覆盖他人的文件，本次不写入"
            )
        if known != sha256_file(output):
            return (
                f"{output} 在上次生成后被修改过（可能有人在 Word 中编辑了它），为避免丢失修改，本次不覆盖"
            )
        return None

    def record(self, output: Path, digest: str) -> None:
        from ..files.writing import write_atomic

        self.hashes[self.key(output)] = digest
        write_atomic(self.path, json.dumps(self.hashes, ensure_ascii=False, indent=2).encode("utf-8"), record=False)


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass
class BuildResult:
    output: Path
    findings: list
    forced: bool = False
    missing: list = field(default_factory=list)
    pdf: Path | None = None


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


PDF_HELP = (
    "未找到 LibreOffice，无法导出 PDF（.docx 已生成）。"
    "安装方法：Debian/Ubuntu 运行 sudo apt-get install libreoffice-writer；"
    "Windows/macOS 从 https://www.libreoffice.org 下载安装；安装后确保 soffice 在 PATH 中"
)


def convert_to_pdf(docx: Path) -> Path:
    """``docx`` converted to a PDF beside it with LibreOffice.

    LibreOffice runs with a private, temporary profile: with the user's own profile a
    LibreOffice window already open would take the job over and write nothing."""
    soffice = find_soffice()
    if soffice is None:
        raise UserError(PDF_HELP)
    docx = Path(docx).resolve()
    outdir = docx.parent
    pdf = docx.with_suffix(".pdf")
    try:
        with tempfile.TemporaryDirectory(prefix="annual-report-lo-") as profile:
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={Path(profile).as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(outdir),
                    str(docx),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
    except subprocess.TimeoutExpired:
        raise UserError("LibreOffice 转换 PDF 超时（3 分钟）：请关闭正在运行的 LibreOffice 后重试（.docx 已生成）") from None
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise UserError(f"LibreOffice 转换 PDF 失败（退出码 {exc.returncode}）：{detail[-1] if detail else ''}（.docx 已生成）") from None
    except OSError as exc:
        raise UserError(f"无法运行 LibreOffice（{soffice}）：{exc.strerror or exc}（.docx 已生成）") from None
    if not pdf.exists():
        raise UserError(f"LibreOffice 没有生成 {pdf}")
    return pdf


def build(
    config: Config,
    year: int,
    *,
    force: bool = False,
    output: Path | None = None,
    checker=None,
) -> BuildResult:
    """Validate, check and render ``year``; refuse on error findings unless ``force``."""
    from ..writer.render import render, template_for
    from ..check.engine import make_checker
    from ..check.runner import check_isolated
    from ..model.findings import Severity
    from ..files.writing import write_atomic

    report = load_year(config, year)
    history = load_history(config, year)
    checker = checker or make_checker(config)
    result = check_isolated(checker, report, history, config.limits)  # the rules under check's limits
    if result.error:
        raise UserError(f"{year} 年的报告未能检查完：{result.error}；报告未生成")
    findings = checker.setup_findings() + result.findings
    errors = [f for f in findings if f.severity is Severity.ERROR]
    # A published report has no blank cells: a missing value stops the build even where
    # the checks only warn about it (a blank component cell is a warning there).
    missing = missing_cells(report)
    if (errors or missing) and not force:
        raise BuildBlocked(findings, missing)
    target = Path(output) if output else output_path(config, year, report.body.name)
    check_output_target(target)
    registry = OutputRegistry.load(config.root)
    refusal = registry.why_not_replaceable(target)
    if refusal and not force:
        raise OutputError(f"{refusal}。确认可以覆盖请加 --force，或用 --output 写到另一个文件")
    data = render(report, template_for(report.edition, config.root))
    write_atomic(target, data)
    registry.record(target, hashlib.sha256(data).hexdigest())
    return BuildResult(target, findings, forced=bool(errors or missing), missing=missing)


class BuildBlocked(Exception):
    """The checks found errors; the report was not built."""

    exit_code = 1

    def __init__(self, findings: list, missing: list[str] | None = None) -> None:
        super().__init__("检查发现错误，未生成报告")
        self.findings = findings
        self.missing = list(missing or [])
