"""The level of the reporting body (乡镇/街道, 县级部门 …), as ``check`` uses it.

Level-dependent rules (AR111 规章 by a body that cannot make rules, plugins) take
:func:`body_level`: ``--level`` first, then the level a data file declares, then the level
inferred from the body's name (title and 机关名称; patterns in data/body_levels.toml), then the
workspace's ``[body] level``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from .report import same_body

# the levels a body can declare (the data schema's enum, the choices of --level and init --level)
LEVELS = (
    "国务院部门",
    "省级政府",
    "省级部门",
    "市级政府",
    "市级部门",
    "县级政府",
    "县级部门",
    "乡镇/街道",
    "其他",
)


@dataclass(frozen=True)
class Level:
    level: str  # one of LEVELS, or "" when unknown
    source: str  # "option" | "data" | "name" | "config" | ""
    basis: str = ""  # the name it was inferred from


@lru_cache(maxsize=1)
def _patterns() -> dict:
    from ..resources import data_toml

    return data_toml("body_levels.toml")


def infer_level(name: str, certain_only: bool = False) -> str | None:
    """The level a body's name shows: "桃岭乡人民政府" → 乡镇/街道, "某县教育局" → 县级部门,
    "某市人民政府" → 市级政府 (a county-level city needs ``--level``); None when it shows none.
    ``certain_only``: None also where the name leaves doubt (a 市 may be county-level, a 区
    may be a development zone), for ``extract``, which writes the level into a data file."""
    p = _patterns()
    name = re.sub(r"\s+", "", name or "")
    # a title: "东山县白沙镇2023年政府信息公开工作年度报告" → "东山县白沙镇"
    name = re.sub(r"(?:关于)?[（(]?(?:19|20)\d{2}年?度?[）)]?(?:年度)?(?:政府)?信息公开.*$", "", name)
    name = re.sub(r"(?:政府)?信息公开工作年度报告$", "", name)
    if not name:
        return None
    kind, stem = None, name
    for suffix in sorted(p["suffix"]["government"], key=len, reverse=True):
        if name.endswith(suffix):
            kind, stem = "政府", name[: -len(suffix)]
            break
    if kind is None:
        for suffix in sorted(p["suffix"]["department"], key=len, reverse=True):
            if name.endswith(suffix):
                kind, stem = "部门", name[: -len(suffix)]
                break
    if kind is None:
        for ending, level in sorted(p.get("bare", {}).items(), key=lambda kv: -len(kv[0])):
            if name.endswith(ending) and len(name) > len(ending):
                if certain_only and ending in ("市", "区", "州"):
                    return None
                return level
        return None
    if name.endswith("街道办事处"):
        return "乡镇/街道"
    for word in p["ignore"]:
        stem = stem.replace(word, "〇" * len(word))
    for city in p["municipalities"]:
        if stem.startswith(city) and not re.search("[区县乡镇]|街道", stem[len(city):]):
            stem = "省" + stem[len(city):]
    markers = sorted(p["markers"].items(), key=lambda kv: -len(kv[0]))
    best, at, decided = None, -1, ""
    for word, level in markers:
        i = stem.rfind(word)
        if i > at or (i == at and i >= 0 and best is not None and len(word) > 1):
            best, at, decided = level, i, word
    if certain_only and decided in ("市", "区", "州"):
        return None
    if best is None:
        if kind == "部门" and re.match(r"^(国家|中华人民共和国|国务院)", name):
            return "国务院部门"
        return None
    if best == "乡镇":
        return "乡镇/街道" if kind == "政府" else "其他"
    return f"{best}{kind}"


def body_level(report, config=None) -> Level:
    """The level ``check`` uses for ``report`` and where it comes from."""
    override = getattr(config, "level_override", "") if config is not None else ""
    if override:
        return Level(override, "option")
    if report.body.level:
        return Level(report.body.level, "data")
    configured = getattr(config, "body_level", "") if config is not None else ""
    if configured and (not report.body.name.strip() or same_body(report.body.name, getattr(config, "body_name", ""))):
        return Level(configured, "config")  # the workspace's own body: its config says the level
    for name in (report.body.name, report.title):
        level = infer_level(name)
        if level:
            return Level(level, "name", name)
    if configured:
        return Level(configured, "config")
    level, word = level_from_words(report)
    if level:
        return Level(level, "words", word)
    return Level("", "")


def level_from_words(report) -> tuple[str, str]:
    """(level, the word) from how the report calls itself ("本镇", "我乡"), or ("", "")."""
    counts: dict[str, tuple[int, str]] = {}
    text = "".join(p.text for part in report.parts for p in part.paragraphs) if hasattr(report, "parts") else ""
    if not text:
        return "", ""
    for level, words in _patterns().get("words", {}).items():
        found = [(text.count(w), w) for w in words]
        n = sum(c for c, _ in found)
        if n:
            counts[level] = (n, max(found)[1])
    if not counts:
        return "", ""
    level, (_, word) = max(counts.items(), key=lambda kv: kv[1][0])
    return level, word
