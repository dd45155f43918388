"""What running the rules of a single check in a child process costs (issue 17: the rules of
``check FILE``, ``build`` and the web page run under the limits of a batch worker).

Figures, as ratios to a floor measured in the same run (the rules run in this process, as a
single check did before, ``Checker.check``):

- ``child``: the same report checked through ``check_isolated`` (one forked child that
  inherits the loaded plugins and the report, sends the findings back);
- ``cli``: ``annual-report check FILE`` end to end, and ``--version`` for the interpreter's start;
- ``recover``: a check whose plugin rule calls ``os._exit`` (one child dies, a second one
  checks the report without that rule).

Usage: python bench/bench_isolation.py [REPEAT]
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import median_time


def main() -> None:
    from annual_report.check.engine import make_checker
    from annual_report.check.runner import check_isolated
    from annual_report.model.limits import Limits
    from synth import consistent_series
    from annual_report.readers import read_report
    from drafts import write_draft

    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with tempfile.TemporaryDirectory(prefix="bench-isolation-") as tmp:
        tmp = Path(tmp)
        series = consistent_series([2021, 2022, 2023], random.Random(5))
        paths = [write_draft(d, tmp / f"{d['year']}.docx") for d in series]
        report, *history = [read_report(p) for p in reversed(paths)]
        checker = make_checker(entry_points=False)
        limits = Limits()
        checker.rule_timeout = limits.rule_timeout

        floor = median_time(lambda: checker.check(report, history), repeat)
        child = median_time(lambda: check_isolated(checker, report, history, limits), repeat)

        plugins = tmp / "plugins"
        plugins.mkdir()
        (plugins / "exits.py").write_text(
            "import os\nfrom annual_report import hookimpl, rule\n"
            '@rule("ZZ101", "exits", title="退出", severity="warning")\n'
            "def exits(report, ctx):\n    os._exit(0)\n"
            "@hookimpl\ndef register_rules(register):\n    register(exits)\n",
            encoding="utf-8",
        )
        exiting = make_checker(plugin_dirs=[plugins], entry_points=False)
        exiting.rule_timeout = limits.rule_timeout
        recover = median_time(lambda: check_isolated(exiting, report, history, limits), repeat)
        found = check_isolated(exiting, report, history, limits)
        assert any(f.code == "AR003" and "ZZ101" in f.message for f in found.findings)

        cli = [sys.executable, "-m", "annual_report"]
        version = median_time(lambda: subprocess.run([*cli, "--version"], capture_output=True, check=True), max(3, repeat // 3))
        args = [*cli, "check", str(paths[-1]), "--history", str(paths[0]), "--history", str(paths[1]), "-f", "json"]
        end_to_end = median_time(lambda: subprocess.run(args, capture_output=True), max(3, repeat // 3))
        json.loads(subprocess.run(args, capture_output=True, text=True).stdout)

    print(f"floor (rules in this process, 1 report + 2 years): {floor * 1000:8.1f} ms  1.00")
    print(f"child (check_isolated, one forked child):           {child * 1000:8.1f} ms  {child / floor:5.2f}")
    print(f"recover (a rule calls os._exit, checked again):      {recover * 1000:8.1f} ms  {recover / floor:5.2f}")
    print(f"cli --version:                                       {version * 1000:8.1f} ms  {version / floor:5.2f}")
    print(f"cli check FILE --history x2 -f json:                 {end_to_end * 1000:8.1f} ms  {end_to_end / floor:5.2f}")


if __name__ == "__main__":
    main()
