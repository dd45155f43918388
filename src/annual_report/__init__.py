"""annual-report: write and check the statutory 政府信息公开工作年度报告.

What a plugin needs is importable from here::

    from annual_report import hookimpl, rule, Finding, Severity
"""

from __future__ import annotations

__version__ = "0.1.0"

from .findings import Finding, Location, Severity
from .hookspecs import hookimpl
from .registry import CheckContext, Rule, rule

__all__ = ["hookimpl", "rule", "Rule", "CheckContext", "Finding", "Location", "Severity", "__version__"]
