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
from ..model.report import Report, parse_year

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
        completed from the workspace (:func:`~annual_report.check.inputs.complete_report`): one
        path, so a year and its data file give the same model."""
        from ..check.inputs import complete_report
        from ..readers import read_report

        return complete_report(read_report(self.resolve(target), self.readers), self.config)

    def read_history(self, target: str | Path) -> Report:
        """A ``--history`` report, read as :meth:`read` reads it; a 解读 or a file that is not an
        annual report is refused (it would be compared as if it were last year's report)."""
        return refuse_not_report(self.read(target), "--history ")

    def history(self, report: Report) -> list[Report]:
        """The workspace's years before ``report``'s that exist, up to ``check.history_years`` back."""
        if self.root is None or report.year is None:
            return []
        return [self.read(self.config.data_file(y)) for y in range(report.year - 1, report.year - 1 - self.config.history_years, -1) if self.config.data_file(y).exists()]


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
