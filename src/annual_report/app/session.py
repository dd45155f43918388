"""How every command and the web page start: :func:`open_session`.

A session is the workspace (found or not), its configuration, the plugins loaded once (the
rules, readers, reference data and output formats they register) and one way to turn what a
user names — a year of the workspace, a data file, a draft — into the report model::

    session = open_session(workspace, plugin_dirs)
    report = session.read("2023")            # the same model as session.read("data/2023.json")
    history = session.history(report)

The checks of ``check``, ``rules``, ``plugins``, ``interpret``, ``site``, ``build`` and ``serve``
all begin here, so the "不是工作区" message, the plugins and the model are the same for each.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

from ..files.config import CONFIG_NAME, Config, find_workspace, load_config
from ..model.errors import UserError
from ..model.report import Report, parse_year, year_label

NOT_IN_WORKSPACE = "当前文件夹不是工作区：请先运行 annual-report init 创建，或用 --workspace 指定工作区文件夹"


@dataclass
class Session:
    config: Config
    plugin_dirs: tuple[Path, ...] = ()
    entry_points: bool = True
    _checker: object = field(default=None, init=False, repr=False)

    @property
    def root(self) -> Path | None:
        return self.config.root

    @property
    def checker(self):
        """The rules with the plugins and reference data, loaded the first time they are asked for."""
        if self._checker is None:
            from ..check.engine import make_checker

            self._checker = make_checker(self.config, self.plugin_dirs, entry_points=self.entry_points)
        return self._checker

    @property
    def plugins(self):
        return self.checker.plugins

    @property
    def readers(self):
        return self.plugins.readers

    @property
    def warnings(self) -> list[str]:
        """A line for each plugin that could not be loaded."""
        return [f"插件“{f.plugin}”（{f.location}）未能加载：{f.error}" for f in self.plugins.failures]

    def require_workspace(self) -> Config:
        if self.root is None:
            raise UserError(NOT_IN_WORKSPACE)
        return self.config

    def year_file(self, year: int, what: str = "") -> Path:
        """The data file of ``year`` in the workspace, with a message naming the years there are."""
        if self.root is None:
            raise UserError(f"{what or year}看起来是年度，但当前不在工作区中；请在工作区内运行，或给出文件路径")
        path = self.config.data_file(year)
        if not path.exists():
            have = "、".join(str(y) for y in available_years(self.config)) or "无"
            raise UserError(f"{what}工作区没有 {year} 年的数据文件 {path}（已有年度：{have}）")
        return path

    def resolve(self, target: str | Path) -> Path:
        """The file ``target`` names: an existing path, or a year of the workspace."""
        year = parse_year(str(target))
        if year is not None and not Path(target).exists():
            return self.year_file(year, f"“{target}”" if self.root is None else "")
        return Path(target)

    def read(self, target: str | Path) -> Report:
        """The model of a year, a data file or a draft, read by the session's readers and
        completed from the workspace (:meth:`complete`): one path, so a year and its data file
        give the same model."""
        from ..readers import read_report

        return self.complete(read_report(self.resolve(target), self.readers))

    def complete(self, report: Report) -> Report:
        """``report`` as every command uses it (:func:`~annual_report.check.inputs.complete_report`),
        after refusing a data file of the workspace whose year is not the year its name says
        (``data/2020.json`` holding 2023 would be checked, compared and built as 2020)."""
        from ..check.inputs import complete_report

        refuse_misnamed(report, self.config)
        return complete_report(report, self.config)

    def read_history(self, target: str | Path) -> Report:
        """A ``--history`` report, read as :meth:`read` reads it; a 解读 or a file that is not an
        annual report is refused (it would be compared as if it were last year's report)."""
        return refuse_not_report(self.read(target), "--history ")

    def history(self, report: Report) -> list[Report]:
        """The workspace's years before ``report``'s that exist, up to ``check.history_years`` back
        (whether they are the report's history at all is :meth:`other_body`'s question)."""
        if self.root is None or report.year is None:
            return []
        return [self.read(self.config.data_file(y)) for y in range(report.year - 1, report.year - 1 - self.config.history_years, -1) if self.config.data_file(y).exists()]

    def other_body(self, report: Report) -> str:
        """Why the workspace's earlier years are not ``report``'s history ("" when they are).

        They are when the report is the workspace body's (:func:`~annual_report.model.report.same_body`,
        as AR205 compares them: "青溪镇" in a title is the config's 青溪镇人民政府), when its body could not be read, when it is one of
        the workspace's own data files, or when the workspace names no body; otherwise another
        body's report would be compared with this body's years."""
        from ..model.report import body_core, same_body

        own, body = self.config.body_name, report.body.name
        if self.root is None or not body_core(own) or not body_core(body):
            return ""
        if same_body(own, body) or _in_data_folder(report, self.config):
            return ""
        return f"报告的机关“{body}”不是本工作区的机关“{own}”，未对照工作区的往年数据；如需对照请用 --history 指定往年报告"


def _in_data_folder(report: Report, config: Config) -> bool:
    """Whether ``report`` was read from the workspace's data/ folder."""
    if config.data_dir is None or not report.source.path:
        return False
    return Path(report.source.path).resolve().parent == config.data_dir.resolve()


def refuse_misnamed(report: Report, config: Config) -> None:
    """A :class:`UserError` when ``report`` is a data file of the workspace (``data/<year>.json``)
    whose own year is another: every command finds a year's data by the file's name."""
    if not _in_data_folder(report, config) or report.year is None:
        return
    path = Path(report.source.path)
    named = parse_year(path.stem)
    if named is None or named == report.year:
        return
    name = path.resolve().relative_to(config.root.resolve()).as_posix() if config.root else path.name
    right = config.data_file(report.year)
    taken = f"（{right.name} 已存在，请先核对哪一份才是 {report.year} 年度的）" if right.exists() else ""
    raise UserError(
        f"{name} 中记录的是 {report.year} 年度的数据，与文件名不符；请把文件改名为 {right.name}{taken}，或改正其中的 year"
    )


def refuse_not_earlier(report: Report, earlier: Report, token: str | Path) -> Report:
    """``earlier`` (a ``--history`` report given as ``token``), or a :class:`UserError` when it is
    the report itself or of the same or a later year: history is the years before the report's."""
    named = f"--history {token}" + (f"（{earlier.source.path}）" if str(token) != earlier.source.path else "")
    same = bool(report.source.path and earlier.source.path) and Path(report.source.path).resolve() == Path(earlier.source.path).resolve()
    if same:
        raise UserError(f"{named} 就是本报告（{year_label(report.year)}）自身，不能作为往年报告；请指定更早年度的报告")
    if earlier.year is not None and report.year is not None and earlier.year >= report.year:
        raise UserError(
            f"{named} 是 {earlier.year} 年度的报告，本报告是 {report.year} 年度的；"
            f"往年报告应早于本报告（{report.year - 1} 年度或更早），请改用更早年度的报告"
        )
    return earlier


def refuse_not_report(report: Report, what: str = "") -> Report:
    """``report``, or a :class:`UserError` in Chinese when the file is a 解读 or not an annual
    report at all (``what`` names the option it was given to, e.g. "--history ")."""
    from ..text.document_kind import REPORT, WHY_NOT_A_REPORT, document_kind

    kind = document_kind(report)
    if kind == REPORT:
        return report
    name = Path(report.source.path).name or "该文件"
    raise UserError(f"{what}{name} {WHY_NOT_A_REPORT[kind]}；请改用报告原文")


def open_session(
    workspace: Path | str | None = None,
    plugin_dirs: Iterable[Path] = (),
    *,
    require_workspace: bool = False,
    level: str = "",
    entry_points: bool = True,
    search: bool = True,
) -> Session:
    """The session of ``workspace`` (None: the workspace around the current folder, if any).

    A folder given that is not a workspace is an error; so is finding none when
    ``require_workspace``; ``search=False`` looks for none when none is given (the web page is
    told its workspace once, at start).  ``level`` (``--level``) overrides the body level of the config.
    Nothing is loaded yet: the plugins are loaded once, when first needed."""
    if workspace is not None and not (Path(workspace) / CONFIG_NAME).is_file():
        raise UserError(f"{workspace} 不是工作区（没有 {CONFIG_NAME}）")
    root = Path(workspace) if workspace is not None else (find_workspace() if search else None)
    if root is None and require_workspace:
        raise UserError(NOT_IN_WORKSPACE)
    config = load_config(root) if root else Config()
    if level:
        from ..model.levels import LEVELS

        if level not in LEVELS:
            raise UserError(f"--level “{level}”不在可选范围内，应为以下之一：" + "、".join(LEVELS))
        config = replace(config, level_override=level)
    return Session(config, tuple(Path(p) for p in plugin_dirs), entry_points)


def available_years(config: Config) -> list[int]:
    """The years the workspace has data for."""
    folder = config.data_dir
    if folder is None or not folder.is_dir():
        return []
    return sorted(year for p in folder.glob("*.json") if (year := parse_year(p.stem)) is not None)
