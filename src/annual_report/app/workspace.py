"""Creating a workspace (``init``) and building a year's report into it (``build``)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..model.errors import OutputError, UserError
from ..files.config import CONFIG_NAME, Config, find_workspace, load_config

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "workspace"
STATE_DIR = ".annual-report"
OUTPUTS_FILE = "outputs.json"


# --- init ------------------------------------------------------------------------------------


EXAMPLE_BODY = "青溪镇人民政府"


def init_workspace(path: Path, *, name: str | None = None, level: str | None = None, region: str | None = None) -> Path:
    """Create a workspace at ``path`` with the example body's three years; never overwrite.

    With ``name``/``level``/``region`` the config and the example data carry the user's
    body, so the first build already has the right title; the figures and the narrative
    stay the example's until the user replaces them."""
    from ..model.levels import LEVELS

    path = Path(path)
    if level and level not in LEVELS:
        raise UserError(f"机关层级“{level}”不在可选范围内，应为以下之一：" + "、".join(LEVELS))
    if name is not None and not name.strip():
        raise UserError("机关名称不能为空")
    if (path / CONFIG_NAME).exists():
        raise UserError(f"{path} 已经是工作区（有 {CONFIG_NAME}），不会覆盖")
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise UserError(f"{path} 已存在且不是空文件夹，不会覆盖；请换一个文件夹名")
    created = not path.exists()
    try:
        shutil.copytree(EXAMPLE, path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for folder in ("out", "plugins", "templates", "reference", "workplans"):
            (path / folder).mkdir(exist_ok=True)
        if name or level or region:
            _rename_body(path, name and name.strip(), level, region)
    except OSError as exc:
        if created:
            shutil.rmtree(path, ignore_errors=True)
        raise UserError(f"无法创建工作区 {path}：{exc.strerror or exc}") from None
    return path


def _rename_body(root: Path, name: str | None, level: str | None, region: str | None) -> None:
    """Put the user's body in the config and in the example data files."""
    config = root / CONFIG_NAME
    text = config.read_text(encoding="utf-8")
    for key, value in (("name", name), ("level", level), ("region", region)):
        if value:
            text = re.sub(
                rf'(?m)^{key} = "[^"\n]*"',
                lambda _m, key=key, value=value: f"{key} = {json.dumps(value, ensure_ascii=False)}",
                text,
                count=1,
            )
    config.write_text(text, encoding="utf-8")
    for data_file in sorted((root / "data").glob("*.json")):
        data = json.loads(data_file.read_text(encoding="utf-8"))
        body = data["body"]
        for key, value in (("name", name), ("level", level), ("region", region)):
            if value:
                body[key] = value
        if name:
            for number, paragraphs in data["parts"].items():
                data["parts"][number] = [p.replace(EXAMPLE_BODY, name) for p in paragraphs]
        data_file.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# --- build -----------------------------------------------------------------------------------


def open_workspace(workspace: Path | None) -> Config:
    root = Path(workspace) if workspace else find_workspace()
    if root is None:
        raise UserError("当前文件夹不是工作区：请先运行 annual-report init 创建，或用 --workspace 指定工作区文件夹")
    if not (root / CONFIG_NAME).is_file():
        raise UserError(f"{root} 不是工作区（没有 {CONFIG_NAME}）")
    return load_config(root)


def available_years(config: Config) -> list[int]:
    folder = config.data_dir
    if folder is None or not folder.is_dir():
        return []
    return sorted(int(p.stem) for p in folder.glob("*.json") if p.stem.isdigit())


def load_year(config: Config, year: int):
    """The report of ``year`` in the workspace (validated), with a clear message if absent."""
    from ..readers.jsondata import load_report

    path = config.data_file(year)
    if not path.exists():
        years = available_years(config)
        have = "、".join(str(y) for y in years) if years else "无"
        raise UserError(f"工作区没有 {year} 年的数据文件 {path}（已有年度：{have}）")
    return with_workplan_section(load_report(path), config.folder("workplans"))


def with_workplan_section(report, folder: Path | None):
    """``report`` with the section “落实年度政务公开工作要点情况” at the end of part 六: every
    task of the year's plans in ``folder`` with what the data's ``workplan`` says was done, or a
    marked place for the officer.  Unchanged when there is no plan for the year or part 六
    already has the section (written by hand, or taken from a built report by ``extract``)."""
    from dataclasses import replace

    from ..model.errors import DataError
    from ..model.report import Paragraph
    from ..reference.workplans import SECTION_HEADING, plans_in, section_paragraphs

    answers = dict(report.meta.get("workplan_answers") or {})
    plans = plans_in(folder, report.year) if folder is not None and report.year else []
    part = report.part("六")
    if part is None or any(SECTION_HEADING in p.text for p in part.paragraphs):
        return report
    if not plans:
        if answers:
            raise DataError(f"{report.source.path} 填写了 workplan（工作要点落实情况），但工作区 workplans/ 中没有 {report.year} 年的工作要点")
        return report
    texts, unknown = section_paragraphs(plans, answers)
    if unknown:
        tasks = "；".join(t for plan in plans for t in plan.tasks[:3])
        raise DataError(
            f"{report.source.path} 的 workplan 中有 {len(unknown)} 项不是 {report.year} 年工作要点中的任务（键应为任务原文，如：{tasks}……）",
            [f"“{k}”" for k in unknown],
        )
    start = len(part.paragraphs)
    added = tuple(Paragraph(t, "六", start + i) for i, t in enumerate(texts))
    parts = tuple(replace(p, paragraphs=p.paragraphs + added) if p is part else p for p in report.parts)
    return replace(report, parts=parts)


def load_history(config: Config, year: int) -> list:
    """The workspace's earlier years that exist, up to ``history_years`` back."""
    from ..readers.jsondata import load_report

    out = []
    for y in range(year - 1, year - 1 - config.history_years, -1):
        path = config.data_file(y)
        if path.exists():
            out.append(load_report(path))
    return out


def output_path(config: Config, year: int, body_name: str) -> Path:
    name = config.output_name.replace("{year}", str(year)).replace("{name}", _safe_file_name(body_name))
    target = config.out_dir / name
    try:
        target.resolve().relative_to(config.out_dir.resolve())
    except ValueError:
        raise UserError(f"输出文件 {target} 不在工作区的 out/ 文件夹中，已拒绝写出（请检查 build.output 和机关名称）") from None
    return target


def _safe_file_name(text: str) -> str:
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
    """Every table cell without a value, described for a person (``表B“（一）予以公开”行“自然人”列``)."""
    from ..model.layout import layouts

    out = []
    for name, layout in layouts(report.edition).items():
        table = report.tables.get(name)
        for row in layout.rows:
            for col in row.columns:
                if table is None or table.get(row.id, col.id) is None:
                    out.append(f"表{name}“{row.name}”行“{col.label}”列未填写")
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
    import tempfile

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
