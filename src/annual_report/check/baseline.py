"""Review memory: a baseline file of findings a reviewer has already seen.

``check … --write-baseline 基线.json`` records the findings of a run; ``check … --baseline
基线.json`` then reports only findings whose fingerprint is not in it (新) and says how many it
left out.  A recorded finding is 已核实 (seen, still to be fixed or accepted as it is) unless a
reviewer dismissed it (``annual-report dismiss 指纹 --reason …``, or by editing the file): then it
is 已忽略 with the reason.  The file is UTF-8 JSON meant to be read and edited by hand::

    {"format": "annual-report-baseline", "version": 1,
     "tool": {"name": "annual-report", "version": "…"},
     "reports": [{"body": "青溪镇人民政府", "year": 2023, "file": "初稿.docx"}],
     "findings": [{"fingerprint": "3f2a…", "code": "AR101", "body": "青溪镇人民政府", "year": 2023,
                   "location": "表三 “（一）予以公开”行 “总计”列", "message": "…",
                   "state": "已核实", "reason": ""}]}

Writing a baseline over an existing one keeps the decisions (state, reason) of the findings that
are still there.  Every write (``dismiss``, ``accept``, ``--write-baseline``) holds the file's lock
(``基线.json.lock`` beside it, made with an exclusive create, which works on network folders too),
reads the file again, merges its change into what is there now, and replaces the file atomically,
so colleagues deciding at the same time lose nothing.  A file that is not a baseline, is from another version of the format, or was
made for other reports is refused with a Chinese message (exit 2) and never overwritten.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..model.errors import UserError
from ..model.findings import Finding

FORMAT = "annual-report-baseline"
VERSION = 1
NEW, ACCEPTED, DISMISSED = "新", "已核实", "已忽略"
STATES = (ACCEPTED, DISMISSED)  # what a recorded finding can be
STATE_ALIASES = {"accepted": ACCEPTED, "verified": ACCEPTED, "dismissed": DISMISSED, "ignored": DISMISSED, "已确认": ACCEPTED}
MIN_PREFIX = 6  # a fingerprint may be abbreviated to a unique prefix this long
LOCK_TIMEOUT = 30.0  # seconds a writer waits for a colleague's write to finish
LOCK_STALE = 600.0  # a lock file older than this was left by a process that died


def lock_path(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + ".lock")


@contextlib.contextmanager
def locked(path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the lock of the baseline ``path`` for the block: a lock file beside it, created
    exclusively (``O_CREAT | O_EXCL``, atomic on local disks, NFS and SMB shares), holding who
    made it.  A lock left by a process that died (on this machine and gone, or older than
    ``LOCK_STALE``) is taken over; waiting longer than ``timeout`` is a Chinese error."""
    import random
    import socket

    lock = lock_path(path)
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            if _stale(lock):
                with contextlib.suppress(OSError):
                    os.unlink(lock)
                continue
            if time.monotonic() > deadline:
                raise UserError(
                    f"基线文件 {path} 正被其他人或程序修改（锁文件 {lock}），等待 {timeout:g} 秒仍未完成；"
                    "请稍后重试，如确认无人在用，可删除该锁文件"
                ) from None
            time.sleep(delay * (1 + random.random()))
            delay = min(delay * 1.5, 0.1)
        except FileNotFoundError:
            raise UserError(f"无法写入基线文件 {path}：文件夹 {Path(path).parent} 不存在") from None
        except OSError as exc:
            raise UserError(f"无法在 {Path(path).parent} 中建立锁文件 {lock.name}：{exc.strerror or exc}（需要该文件夹的写权限）") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(f"{socket.gethostname()} {os.getpid()} {time.time():.0f}\n")
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)


def _stale(lock: Path) -> bool:
    """A lock whose holder is gone: made on this machine by a process that no longer runs, or
    older than ``LOCK_STALE`` (a holder on another machine that died)."""
    import socket

    try:
        text = lock.read_text(encoding="utf-8", errors="replace").split()
        age = time.time() - lock.stat().st_mtime
    except OSError:
        return False
    if age > LOCK_STALE:
        return True
    if len(text) >= 2 and text[0] == socket.gethostname() and text[1].isdigit():
        try:
            os.kill(int(text[1]), 0)
        except ProcessLookupError:
            return True
        except OSError:
            return False
    return False


@dataclass
class Entry:
    fingerprint: str
    code: str = ""
    body: str = ""
    year: int | None = None
    location: str = ""
    message: str = ""
    state: str = ACCEPTED
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "code": self.code,
            "body": self.body,
            "year": self.year,
            "location": self.location,
            "message": self.message,
            "state": self.state,
            "reason": self.reason,
        }


@dataclass
class Baseline:
    path: Path | None = None
    reports: list[dict[str, Any]] = field(default_factory=list)  # {"body", "year", "file"}
    entries: dict[str, Entry] = field(default_factory=dict)  # fingerprint -> entry

    # --- reading ----------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> "Baseline":
        """The baseline in ``path``; a Chinese :class:`UserError` for every way it is unusable."""
        path = Path(path)
        what = f"基线文件 {path}"
        if not path.exists():
            raise UserError(f"找不到{what}（先用 check … --write-baseline {path} 建立）")
        if path.is_dir():
            raise UserError(f"{what} 是文件夹，不是基线文件")
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UserError(f"{what} 不是 UTF-8 编码的文本，无法读取；文件未改动") from None
        except OSError as exc:
            raise UserError(f"无法读取{what}：{exc.strerror or exc}") from None
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UserError(f"{what} 已损坏：第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON；文件未改动，请改正或删除后重新建立") from None
        except RecursionError:
            raise UserError(f"{what} 已损坏（嵌套过深）；文件未改动") from None
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise UserError(f"{what} 不是 annual-report 的基线文件（缺少 \"format\": \"{FORMAT}\"）；文件未改动")
        version = raw.get("version")
        if version != VERSION:
            raise UserError(
                f"{what} 是第 {version} 版格式，本程序只能读取第 {VERSION} 版"
                f"（由 annual-report {(raw.get('tool') or {}).get('version', '未知版本')} 写出）；文件未改动，请用对应版本的程序，或重新建立基线"
            )
        reports, findings = raw.get("reports"), raw.get("findings")
        if not isinstance(reports, list) or not isinstance(findings, list):
            raise UserError(f"{what} 已损坏：缺少 reports 或 findings 列表；文件未改动")
        out = cls(path, [])
        for i, r in enumerate(reports, start=1):
            if not isinstance(r, dict) or not isinstance(r.get("body", ""), str):
                raise UserError(f"{what} 已损坏：reports 第 {i} 项应为 {{\"body\": …, \"year\": …}}；文件未改动")
            out.reports.append({"body": r.get("body", ""), "year": r.get("year"), "file": r.get("file", "")})
        for i, item in enumerate(findings, start=1):
            where = f"{what} findings 第 {i} 项"
            if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str) or not item["fingerprint"]:
                raise UserError(f"{where}缺少指纹（fingerprint）；文件未改动")
            state = STATE_ALIASES.get(str(item.get("state", ACCEPTED)).strip().lower(), str(item.get("state", ACCEPTED)).strip())
            if state not in STATES:
                raise UserError(f"{where}的状态“{item.get('state')}”无效，应为 {'、'.join(STATES)}；文件未改动")
            if item["fingerprint"] in out.entries:
                raise UserError(f"{where}：指纹 {item['fingerprint']} 重复出现；文件未改动")
            year = item.get("year")
            out.entries[item["fingerprint"]] = Entry(
                item["fingerprint"],
                str(item.get("code", "")),
                str(item.get("body", "")),
                year if isinstance(year, int) else None,
                str(item.get("location", "")),
                str(item.get("message", "")),
                state,
                str(item.get("reason", "") or ""),
            )
        return out

    # --- use ----------------------------------------------------------------------------------
    def covers(self, body: str, year: int | None) -> bool:
        from .inputs import normalise_body

        return any(normalise_body(r["body"]) == normalise_body(body) and r["year"] == year for r in self.reports)

    def require_covers(self, subjects: Iterable[tuple[str, int | None]]) -> None:
        """Refuse a baseline made for none of the reports being checked."""
        subjects = [s for s in subjects if s[0] or s[1]]
        if not subjects or not self.reports or any(self.covers(b, y) for b, y in subjects):
            return
        made = "、".join(f"{r['body']} {r['year']}年" for r in self.reports[:5]) + ("等" if len(self.reports) > 5 else "")
        checked = "、".join(f"{b} {y}年" for b, y in subjects[:5]) + ("等" if len(subjects) > 5 else "")
        raise UserError(f"基线文件 {self.path} 是为 {made} 的报告建立的，与本次检查的 {checked} 不符；文件未改动，请换用对应的基线文件")

    def state_of(self, finding: Finding) -> tuple[str, str]:
        """(新 | 已核实 | 已忽略, reason) of a finding."""
        entry = self.entries.get(finding.fingerprint)
        if entry is None:
            return NEW, ""
        return entry.state, entry.reason

    def split(self, findings: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
        """(new findings, findings already in the baseline)."""
        new, known = [], []
        for f in findings:
            (known if f.fingerprint in self.entries else new).append(f)
        return new, known

    def apply(self, result, strict: bool = False) -> None:
        """Split a :class:`~annual_report.model.results.ReportResult`: the findings already in
        the baseline go to ``known`` (with their states), the recorded findings of the same
        report that are gone to ``fixed``; the head of the report says both (and, ``strict``,
        that the known errors not dismissed count for the exit code)."""
        new, known = self.split(result.findings)
        result.findings, result.known, result.baseline = new, known, str(self.path)
        result.states = {f.fingerprint: self.state_of(f) for f in known}
        present = {f.fingerprint for f in known}
        if result.body or result.year:
            result.fixed = [
                e for fp, e in self.entries.items()
                if fp not in present and Baseline(reports=[{"body": e.body, "year": e.year}]).covers(result.body, result.year)
            ]
        result.notes[:0] = head_notes(known, result.fixed, self, self.known_errors(result) if strict else None)

    def known_errors(self, result) -> int:
        """How many of ``result``'s known findings are errors not dismissed (``--strict``)."""
        from ..model.findings import Severity

        return sum(1 for f in result.known if f.severity is Severity.ERROR and self.state_of(f)[0] != DISMISSED)

    def find(self, prefix: str) -> Entry:
        """The entry a whole or short fingerprint (``3f2a9c1e``, ``3f2a9c1e-2``) names; a
        Chinese :class:`UserError` when it names none or more than one."""
        from ..model.findings import matches_fingerprint

        prefix = prefix.strip().lower()
        if prefix in self.entries:
            return self.entries[prefix]
        if len(prefix.partition("-")[0]) < MIN_PREFIX:
            raise UserError(f"指纹“{prefix}”太短：请照检查结果中的“指纹”写出，至少 {MIN_PREFIX} 位；基线文件未改动")
        hits = [e for fp, e in self.entries.items() if matches_fingerprint(fp, prefix)]
        if not hits:
            raise UserError(
                f"基线文件 {self.path} 中没有指纹为“{prefix}”的问题（指纹见检查结果每条问题末尾的“指纹”、批注或汇总表；"
                "该问题也许是建立基线之后才出现的，请先用 --write-baseline 重新记录）；基线文件未改动"
            )
        if len(hits) > 1:
            raise UserError(f"指纹“{prefix}”对应多条问题：" + "、".join(e.fingerprint for e in hits[:5]) + "；请多写几位；基线文件未改动")
        return hits[0]

    # --- writing ------------------------------------------------------------------------------
    def to_json(self) -> str:
        from .. import __version__

        doc = {
            "format": FORMAT,
            "version": VERSION,
            "tool": {"name": "annual-report", "version": __version__},
            "reports": self.reports,
            "findings": [e.to_dict() for e in self.entries.values()],
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

    def save(self, path: Path | None = None) -> None:
        from ..files.writing import write_atomic

        write_atomic(Path(path or self.path), self.to_json().encode("utf-8"))


def prepare_write(path: Path) -> Baseline | None:
    """Before a run that will ``--write-baseline`` to ``path``: the existing baseline whose
    decisions are to be kept, or None.  A file there that is not a usable baseline stops the run
    before anything is checked, and is left as it is."""
    path = Path(path)
    if not path.exists():
        if not path.parent.is_dir():
            raise UserError(f"无法写入基线文件 {path}：文件夹 {path.parent} 不存在")
        return None
    try:
        return Baseline.load(path)
    except UserError as exc:
        raise UserError(f"{exc}（--write-baseline 不会覆盖它）") from None


def record(results: Iterable[tuple[str, int | None, str, list[Finding]]], previous: Baseline | None = None) -> Baseline:
    """A baseline of every finding of ``results`` ((body, year, file, findings) per report);
    decisions already made in ``previous`` are kept for the findings that are still there, and
    its reports that were not checked this time are kept whole."""
    out = Baseline(previous.path if previous else None)
    old = previous.entries if previous else {}
    for body, year, file, findings in results:
        out.reports.append({"body": body, "year": year, "file": file})
        for f in findings:
            if not f.fingerprint or f.fingerprint in out.entries:
                continue
            kept = old.get(f.fingerprint)
            out.entries[f.fingerprint] = Entry(
                f.fingerprint, f.code, body, year, f.location.describe(), f.message,
                kept.state if kept else ACCEPTED, kept.reason if kept else "",
            )
    if previous is not None:  # reports not checked this time keep their records as they were
        for r in previous.reports:
            if not out.covers(r["body"], r["year"]):
                out.reports.append(r)
                for fp, entry in old.items():
                    if fp not in out.entries and Baseline(reports=[r]).covers(entry.body, entry.year):
                        out.entries[fp] = entry
    return out


def decide(path: Path, fingerprint: str, state: str, reason: str) -> Entry:
    """Mark one recorded finding 已忽略 or 已核实 with a reason, and save the file."""
    if state not in STATES:
        raise UserError(f"状态应为 {'、'.join(STATES)}")
    if state == DISMISSED and not reason.strip():
        raise UserError("忽略一条问题须说明理由：--reason \"……\"")
    with locked(Path(path)):
        baseline = Baseline.load(path)  # read under the lock: what colleagues decided meanwhile is kept
        entry = baseline.find(fingerprint)
        entry.state, entry.reason = state, reason.strip()
        baseline.save()
    return entry


def write_recorded(path: Path, results: Iterable[tuple[str, int | None, str, list[Finding]]], previous: Baseline | None = None) -> Baseline:
    """``--write-baseline``: the findings of a run recorded in ``path`` under its lock, keeping
    the decisions in the file as it is now (read again under the lock: a dismissal made while
    the run was checking is kept), else those of ``previous``."""
    path = Path(path)
    with locked(path):
        current = Baseline.load(path) if path.exists() else None
        baseline = record(results, current or previous)
        baseline.save(path)
    return baseline



def _exit_code_note(strict_errors: int | None) -> str:
    if strict_errors is None:
        return "也不计入退出码"
    if strict_errors:
        return f"但按 --strict，其中未忽略的 {strict_errors} 个错误计入退出码"
    return "其中没有未忽略的错误，--strict 下也不影响退出码"


def head_notes(known: list[Finding], fixed: list[Entry], baseline: Baseline, strict_errors: int | None = None) -> list[str]:
    """What the head of a report checked against a baseline says: how many recorded problems
    are still there, by severity and by decision (they are not listed), whether they count for
    the exit code (``strict_errors``: with ``--strict``, the known errors not dismissed), and
    which were fixed."""
    from ..model.findings import count_by_severity

    notes = []
    if known:
        c = count_by_severity(known)
        by_state = {s: 0 for s in STATES}
        for f in known:
            by_state[baseline.entries[f.fingerprint].state] += 1
        states = "，".join(f"{s} {n} 条" for s, n in by_state.items() if n)
        notes.append(
            f"对照基线 {baseline.path}：已记录的问题仍有 {len(known)} 条（{c['error']} 个错误，{c['warning']} 个警告，"
            f"{c['info']} 个提示；{states}），未列出，" + _exit_code_note(strict_errors)
        )
    else:
        notes.append(f"对照基线 {baseline.path}：已记录的问题都已不再出现")
    if fixed:
        shown = "；".join(f"{e.code} {e.message}" for e in fixed[:5]) + ("等" if len(fixed) > 5 else "")
        notes.append(f"建立基线以来已改正 {len(fixed)} 条：{shown}")
    return notes

