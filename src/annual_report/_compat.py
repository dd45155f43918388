"""Old import paths (before the modules moved into folders), kept working with a
DeprecationWarning: ``import annual_report.hookspecs`` gives a module that reads through to
:mod:`annual_report.plugins.hookspecs`, and says where the name lives now.

The public plugin API stays at the top: ``from annual_report import hookimpl, rule, Rule,
CheckContext, Finding, Severity, Location`` does not warn.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
import warnings

MOVED = {
    "annual_report.hookspecs": "annual_report.plugins.hookspecs",
    "annual_report.registry": "annual_report.plugins.rule_api",
    "annual_report.findings": "annual_report.model.findings",
    "annual_report.errors": "annual_report.model.errors",
    "annual_report.layout": "annual_report.model.layout",
    "annual_report.schema": "annual_report.model.schema",
    "annual_report.engine": "annual_report.check.engine",
    "annual_report.limits": "annual_report.model.limits",
    "annual_report.check.limits": "annual_report.model.limits",
    "annual_report.config": "annual_report.files.config",
    "annual_report.jsondata": "annual_report.readers.jsondata",
    "annual_report.docx_reader": "annual_report.readers.docx",
    "annual_report.numerals": "annual_report.text.numerals",
    "annual_report.similarity": "annual_report.text.similarity",
    "annual_report.citations": "annual_report.text.citations",
    "annual_report.references": "annual_report.text.figure_refs",
    "annual_report.workplans": "annual_report.reference.workplans",
}

# names that moved out of a module that is now a package of the same name
MOVED_NAMES = {
    "annual_report.model": ("annual_report.model.report", ("Value", "FrozenDict", "CellRef", "Body", "Paragraph", "Part", "ReadIssue", "TableData", "Source", "Report")),
    "annual_report.plugins": ("annual_report.plugins.manager", ("PluginInfo", "PluginFailure", "PluginSet", "load_plugins")),
}


def _warn(old: str, new: str, stacklevel: int = 3) -> None:
    warnings.warn(f"{old} is deprecated and will be removed; use {new}", DeprecationWarning, stacklevel=stacklevel)


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path=None, target=None):
        if fullname in MOVED:
            return importlib.machinery.ModuleSpec(fullname, self)
        return None

    def create_module(self, spec):
        new = MOVED[spec.name]
        target = importlib.import_module(new)
        module = types.ModuleType(spec.name, f"Deprecated: moved to {new}.")
        module.__getattr__ = lambda name: getattr(target, name)
        module.__dir__ = lambda: dir(target)
        module.__path__ = []  # so that old submodule paths resolve through this finder too
        return module

    def exec_module(self, module) -> None:
        _warn(module.__name__, MOVED[module.__name__])


def moved_name(package: str, name: str):
    """The object ``name`` of the old module ``package`` (now a package), with a warning; None
    when it is not one of the moved names."""
    where, names = MOVED_NAMES[package]
    if name not in names:
        return None
    _warn(f"{package}.{name}", f"{where}.{name}", stacklevel=5)  # the importer's line
    return getattr(importlib.import_module(where), name)


def install() -> None:
    if not any(isinstance(f, _Alias) for f in sys.meta_path):
        sys.meta_path.append(_Alias())
