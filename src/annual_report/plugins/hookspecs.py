"""Hook specifications: what a plugin can implement.

Every check and every reader of annual-report — the built-in ones included — is a plugin
implementing these hooks.  Plugins come from three places, registered the same way: the
modules named in :data:`annual_report.plugins.manager.DEFAULT_PLUGINS`, installed packages'
entry points in the group ``annual_report``, and ``*.py`` files in a workspace's ``plugins/``
folder (and ``--plugins-dir``).

Implement a hook with the ``hookimpl`` marker, taking the arguments you need by name::

    from annual_report import hookimpl

    @hookimpl
    def register_rules(register):
        register(my_rule)

Each plugin's implementation is called on its own, so one plugin that raises is reported
(rule AR001) and the others still run.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import pluggy

if TYPE_CHECKING:
    from .rule_api import Rule

hookspec = pluggy.HookspecMarker("annual_report")
hookimpl = pluggy.HookimplMarker("annual_report")


# --- rules ------------------------------------------------------------------------------


@hookspec
def register_rules(register: "Callable[[Rule], None]") -> None:
    """Register the plugin's rules.

    :param register: call it once per rule, with a :class:`~annual_report.plugins.rule_api.Rule`
        (made with the :func:`~annual_report.plugins.rule_api.rule` decorator).  A rule with
        ``needs="report"`` checks one report; a rule with ``needs="history"`` also receives
        the same body's earlier reports in ``ctx.history`` (and is told when a year is
        missing from it).  Rule codes must be unique across all plugins: a clash is reported
        as AR002 and the later rule is ignored.

    .. note:: A rule receives the immutable report model and never opens files: readers
       produce the model, rules judge it.
    """


# --- reference data ---------------------------------------------------------------------


@hookspec
def register_reference_data(register: "Callable[[str, Any], None]", workspace: "Path | None") -> None:
    """Add reference data that rules consult.

    :param workspace: the workspace folder, or None when checking files outside one; a
        plugin may read the workspace's own reference files from it (never the report).
    :param register: ``register(kind, item)``.  Kinds the built-in rules read:

        - ``"document"``: a :class:`~annual_report.reference.Document` (title, 文号, issuer,
          dates, status, replaced by) for the citation rules;
        - ``"boilerplate"``: a phrase every report may repeat (format sentences, the statistics
          period) that the repeated-wording rules ignore;
        - ``"workplan"``: a :class:`~annual_report.reference.WorkPlan` (year, issuer, tasks)
          that a report must answer to.

        Plugins may register other kinds for their own rules.  The workspace's own files
        (``reference/*.toml``, ``workplans/``) are added after the plugins.
    """


# --- readers ----------------------------------------------------------------------------


@hookspec
def register_readers(register: "Callable[[Any], None]") -> None:
    """Register readers that turn an input file into the report model.

    :param register: call it once per reader, with an object having ``name`` (str),
        ``accepts(path) -> bool`` and ``read(path) -> Report`` — e.g.
        :class:`annual_report.readers.Reader` ``(name, suffixes, read)``, whose ``suffixes``
        also tell a batch which files of a folder to check.  For each input file the first
        reader that accepts it is used; installed and local plugins' readers come before
        the built-in ones, so a plugin can take over a format.

    .. note:: A reader records facts and never judges: whatever it cannot map goes into
       ``Report.issues`` as a :class:`~annual_report.model.report.ReadIssue` (a kind and
       its data); a rule turns it into a finding.  A kind of its own may carry a
       ``message`` (reported as AR019).  ``read`` may raise
       :class:`~annual_report.model.errors.UserError` for a file it cannot use.
    """


# --- outputs ------------------------------------------------------------------------------


@hookspec
def register_outputs(register: "Callable[[Any], None]") -> None:
    """Register output formats: a way to write a year's 解读 (``annual-report interpret``) or
    a site of many reports (``annual-report site``).

    :param register: call it with an object having

        - ``name`` (str): what ``--format`` calls it, e.g. ``"docx"``; unique per ``kind``;
        - ``kind`` (str): ``"interpret"`` or ``"site"``;
        - ``title`` (str): a Chinese description for the command's help and messages;
        - ``suffix`` (str): for ``"interpret"``, the file suffix (``".docx"``); ``""`` for a site;
        - ``write(item, path)``: for ``"interpret"``, ``item`` is an
          :class:`~annual_report.output.interpret.Interpretation` (figures per year, derived
          measures, sentences, charts) and ``path`` the file to write; for ``"site"``, ``item``
          is a :class:`~annual_report.output.site.Collection` and ``path`` the folder.

        :class:`~annual_report.output.formats.OutputFormat` is such an object.  The built-in
        formats (解读 as .docx and HTML, the HTML site) are registered through this hook too,
        so an office's format sits beside them, e.g.::

            from annual_report import hookimpl
            from annual_report.output.formats import OutputFormat

            def write_text(interpretation, path):
                path.write_text("\\n".join(interpretation.sentences), encoding="utf-8")

            @hookimpl
            def register_outputs(register):
                register(OutputFormat("txt", "interpret", "纯文本解读", ".txt", write_text))

        A later format with the name of an earlier one of its kind is ignored (reported as
        AR001 for its plugin).
    """
