"""A hostile corpus, generated: documents, data, config, plugins and file names as an attacker
or a careless colleague would make them, each with the command that meets it and the exit
codes that count as handled.  Used by tests/test_hostile_corpus.py (each case in a child of a
fork server, with a timeout) and bench/bench_hostile.py (time and peak memory per case, each
in a new interpreter).

A case is handled when the command ends within its time limit with an expected exit code,
prints no traceback, leaves every input byte-identical, writes nothing when it refuses
(exit 2), and, for ``--format json``, prints a document that parses.
"""

from __future__ import annotations

import atexit
import json
import os
import random
import re
import select
import subprocess
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TIMEOUT = 60  # seconds per case; the bench reports the real figures


@dataclass
class Case:
    id: str
    make: Callable[[Path], list[str]]  # builds the inputs in a folder, returns the arguments
    codes: tuple[int, ...] = (0, 1, 2)
    json_out: bool = False  # stdout must parse as JSON
    message: str = ""  # must appear in stderr (when the exit code is 2)
    batch: bool = False  # a batch exits 2 when no file was readable, and still writes its summary


@dataclass
class Outcome:
    case: str
    code: int | None
    seconds: float
    peak_kb: int
    problems: list[str] = field(default_factory=list)

    @property
    def handled(self) -> bool:
        return not self.problems


# --- building blocks ---------------------------------------------------------------------------


def _good_data() -> dict:
    from synth import consistent_data

    return json.loads(json.dumps(consistent_data(2023, random.Random(1))))


_DRAFT_CACHE: dict[str, bytes] = {}


def _good_draft() -> bytes:
    if "draft" not in _DRAFT_CACHE:
        import tempfile

        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from drafts import write_draft

        with tempfile.TemporaryDirectory() as tmp:
            path = write_draft(_good_data(), Path(tmp) / "d.docx")
            _DRAFT_CACHE["draft"] = path.read_bytes()
    return _DRAFT_CACHE["draft"]


def _rewrite(out: Path, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None, stored: set[str] = frozenset()) -> Path:
    import io

    src = zipfile.ZipFile(io.BytesIO(_good_draft()))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = change(info.filename, src.read(info))
            if data is not None:
                z.writestr(info.filename, data, zipfile.ZIP_STORED if info.filename in stored else zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out


def _doc_change(fn: Callable[[bytes], bytes]) -> Callable[[str, bytes], bytes]:
    return lambda name, data: fn(data) if name == "word/document.xml" else data


def _draft_with(tmp: Path, name: str, fn: Callable[[bytes], bytes]) -> Path:
    return _rewrite(tmp / name, _doc_change(fn))


def _after_heading(doc: bytes, xml: str) -> bytes:
    k = doc.index("总体情况".encode())
    k = doc.index(b"</w:p>", k) + 6
    return doc[:k] + xml.encode() + doc[k:]


def _data_file(tmp: Path, name: str, change: Callable[[dict], object] | None = None, text: str | None = None) -> Path:
    path = tmp / name
    if text is not None:
        path.write_text(text, encoding="utf-8")
        return path
    data = _good_data()
    if change is not None:
        result = change(data)
        data = data if result is None else result
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _workspace(tmp: Path, config_extra: str = "", plugin: str | None = None) -> Path:
    from annual_report.app.workspace import init_example

    root = init_example(tmp / "ws")
    if config_extra:
        config = root / "annual-report.toml"
        config.write_text(config.read_text(encoding="utf-8") + "\n" + config_extra + "\n", encoding="utf-8")
    if plugin is not None:
        (root / "plugins" / "hostile.py").write_text(plugin, encoding="utf-8")
    return root


PLUGIN_HEAD = "from annual_report import hookimpl, rule\n"


def _rule_plugin(body: str, extra: str = "") -> str:
    return (
        PLUGIN_HEAD
        + extra
        + '\n@rule("ZZ101", "hostile-rule", title="恶意规则", severity="warning")\n'
        + "def hostile(report, ctx):\n"
        + "".join(f"    {line}\n" for line in body.splitlines())
        + "\n@hookimpl\ndef register_rules(register):\n    register(hostile)\n"
    )


# --- the cases ---------------------------------------------------------------------------------


def _docx_cases() -> list[Case]:
    cases: list[Case] = []
    span_values = ["2147483647", "99999999999999999999", "-1", "abc", "0", "1e9", "６", "65"]
    for i, value in enumerate(span_values):
        for cmd in ("check", "extract"):
            def make(tmp, value=value, cmd=cmd):
                path = _draft_with(tmp, "span.docx", lambda d: d.replace(b"<w:tc><w:tcPr>", f'<w:tc><w:tcPr><w:gridSpan w:val="{value}"/>'.encode(), 3))
                return [cmd, str(path)] + (["-o", str(tmp / "out.json"), "--level", "乡镇/街道"] if cmd == "extract" else [])
            cases.append(Case(f"docx-gridspan-{i}-{cmd}", make))
    for i, value in enumerate(["2147483647", "-5", "x"]):
        def make(tmp, value=value):
            path = _draft_with(tmp, "before.docx", lambda d: d.replace(b"<w:tr>", f'<w:tr><w:trPr><w:gridBefore w:val="{value}"/></w:trPr>'.encode(), 5))
            return ["check", str(path)]
        cases.append(Case(f"docx-gridbefore-{i}", make))
    for value in ["restart", "continue", "junk"]:
        def make(tmp, value=value):
            path = _draft_with(tmp, "vmerge.docx", lambda d: d.replace(b"<w:tc><w:tcPr>", f'<w:tc><w:tcPr><w:vMerge w:val="{value}"/>'.encode()))
            return ["check", str(path)]
        cases.append(Case(f"docx-vmerge-all-{value}", make))

    def wide_row(tmp):
        cells = "".join('<w:tc><w:tcPr><w:gridSpan w:val="64"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>' for _ in range(20000))
        path = _draft_with(tmp, "wide.docx", lambda d: _after_heading(d, f"<w:tbl><w:tr>{cells}</w:tr></w:tbl>"))
        return ["check", str(path)]

    cases.append(Case("docx-20000-cells-in-a-row", wide_row))

    def long_table(tmp):
        rows = "".join(f"<w:tr><w:tc><w:p><w:r><w:t>第{i}行</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>{i}</w:t></w:r></w:p></w:tc></w:tr>" for i in range(20000))
        return ["check", str(_draft_with(tmp, "rows.docx", lambda d: _after_heading(d, f"<w:tbl>{rows}</w:tbl>")))]

    cases.append(Case("docx-20000-rows", long_table))
    for size in (200_000, 4_000_000):
        for where in ("part", "title"):
            def make(tmp, size=size, where=where):
                rnd = random.Random(size)
                words = []
                while len(words) * 4 < size:
                    w = chr(rnd.randint(0x4E00, 0x9FA5)) + chr(rnd.randint(0x4E00, 0x9FA5))
                    words.append(w + w)
                text = "".join(words)
                runs = "".join(f"<w:r><w:t>{text[j:j + 5000]}</w:t></w:r>" for j in range(0, len(text), 5000))
                para = f"<w:p>{runs}</w:p>"
                if where == "part":
                    fn = lambda d: _after_heading(d, para)  # noqa: E731
                else:
                    fn = lambda d: d.replace(b"<w:body>", b"<w:body>" + para.encode(), 1)  # noqa: E731
                return ["check", str(_draft_with(tmp, "long.docx", fn)), "-f", "json"]
            cases.append(Case(f"docx-paragraph-{size}-{where}", make, json_out=True))
    for seed in range(12):
        def make(tmp, seed=seed):
            path = tmp / "random.docx"
            path.write_bytes(random.Random(seed).randbytes(random.Random(seed).randint(1, 50_000)))
            return ["check", str(path)]
        cases.append(Case(f"docx-random-bytes-{seed}", make, codes=(2,)))
    for seed in range(6):
        def make(tmp, seed=seed):
            rnd = random.Random(seed)
            path = _rewrite(tmp / "junkxml.docx", _doc_change(lambda d: rnd.randbytes(rnd.randint(1, 5000))))
            return ["check", str(path)]
        cases.append(Case(f"docx-random-document-xml-{seed}", make, codes=(2,)))
    for fraction in (0.05, 0.2, 0.4, 0.6, 0.8, 0.95, 0.99):
        def make(tmp, fraction=fraction):
            data = _good_draft()
            path = tmp / "cut.docx"
            path.write_bytes(data[: int(len(data) * fraction)])
            return ["check", str(path)]
        cases.append(Case(f"docx-truncated-{int(fraction * 100)}", make, codes=(2,)))
    fixed = {
        "empty": b"",
        "ole": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
        "pdf": b"%PDF-1.7\n",
        "rtf": b"{\\rtf1 hello}",
        "html": b"<html><body>x</body></html>",
        "text": "二〇二三年度报告".encode(),
    }
    for name, blob in fixed.items():
        def make(tmp, blob=blob):
            path = tmp / "fake.docx"
            path.write_bytes(blob)
            return ["check", str(path)]
        cases.append(Case(f"docx-not-a-docx-{name}", make, codes=(2,)))

    def zip_bomb(tmp):
        with zipfile.ZipFile(tmp / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))
        return ["check", str(tmp / "bomb.docx")]

    def entity_bomb(tmp):
        lol = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">' + "".join(f'<!ENTITY a{i} "{("&a%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 9)) + f']><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&a8;</w:t></w:r></w:p></w:body></w:document>'
        with zipfile.ZipFile(tmp / "lol.docx", "w") as z:
            z.writestr("word/document.xml", lol)
        return ["check", str(tmp / "lol.docx")]

    def xxe(tmp):
        doc = f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>'
        with zipfile.ZipFile(tmp / "xxe.docx", "w") as z:
            z.writestr("word/document.xml", doc)
        return ["check", str(tmp / "xxe.docx")]

    def plain_zip(tmp):
        with zipfile.ZipFile(tmp / "z.docx", "w") as z:
            z.writestr("readme.txt", "hello")
        return ["check", str(tmp / "z.docx")]

    def no_body(tmp):
        with zipfile.ZipFile(tmp / "nobody.docx", "w") as z:
            z.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"/>')
        return ["check", str(tmp / "nobody.docx")]

    for name, make in (("zip-bomb", zip_bomb), ("entity-bomb", entity_bomb), ("xxe", xxe), ("plain-zip", plain_zip), ("no-body", no_body)):
        cases.append(Case(f"docx-{name}", make, codes=(2,)))

    # --annotate opens every part with python-docx
    def thumbnail_bomb(tmp):
        path = _rewrite(tmp / "thumb.docx", lambda n, d: d, extra={"docProps/thumbnail.jpeg": b"\0" * (300 * 1024 * 1024)})
        return ["check", str(path), "--annotate", str(tmp / "批注.docx")]

    def bad_styles(tmp):
        path = _rewrite(tmp / "styles.docx", lambda n, d: b"<w:styles><broken" if n == "word/styles.xml" else d)
        return ["check", str(path), "--annotate", str(tmp / "批注.docx")]

    def bad_rels(tmp):
        rels = b"<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'><Relationship Id='rId99' Type='http://schemas.openxmlformats.org/officeDocument/2006/relationships/image' Target='media/none.png'/></Relationships>"
        path = _rewrite(tmp / "rels.docx", lambda n, d: rels if n == "word/_rels/document.xml.rels" else d)
        return ["check", str(path), "--annotate", str(tmp / "批注.docx")]

    def broken_rels_xml(tmp):
        path = _rewrite(tmp / "rels2.docx", lambda n, d: b"<Relationships" if n == "word/_rels/document.xml.rels" else d)
        return ["check", str(path), "--annotate", str(tmp / "批注.docx")]

    def content_types(tmp):
        path = _rewrite(tmp / "ct.docx", lambda n, d: None if n == "[Content_Types].xml" else d)
        return ["check", str(path), "--annotate", str(tmp / "批注.docx")]

    for name, make in (("thumbnail-bomb", thumbnail_bomb), ("styles", bad_styles), ("relationship", bad_rels), ("rels-xml", broken_rels_xml), ("no-content-types", content_types)):
        cases.append(Case(f"annotate-broken-{name}", make, codes=(2,)))
    return cases


def _data_cases() -> list[Case]:
    cases: list[Case] = []
    bigs = {"5000-digits": "9" * 5000, "negative-5000": "-" + "9" * 5000, "20-digits": "9" * 20, "exp": "1e999999", "neg-exp": "1e-999999"}
    for name, literal in bigs.items():
        for where in ("A", "B", "C"):
            def make(tmp, literal=literal, where=where):
                data = _good_data()
                text = json.dumps(data, ensure_ascii=False)
                table = json.dumps(data["tables"][where], ensure_ascii=False)
                first = re.search(r": (\d+)", table)
                changed = table[: first.start(1)] + literal + table[first.end(1):]
                path = tmp / "big.json"
                path.write_text(text.replace(table, changed, 1), encoding="utf-8")
                return ["check", str(path)]
            cases.append(Case(f"data-number-{name}-{where}", make))
    names = {
        "template": "{{ 7*7 }}镇",
        "template-ref": "{{B.new.总计}}镇",
        "jinja-block": "{% for x in range(10**9) %}x{% endfor %}镇",
        "hyperlink": '=HYPERLINK("http://evil.example/?x","点击")',
        "dde": "=cmd|' /C calc'!A0",
        "plus": "+1+1",
        "minus": "-1-1",
        "at": "@SUM(A1)",
        "tab": "\t=1+1",
        "cr": "\r=1+1",
        "ansi": "\x1b[2J\x1b[31m红色镇\x1b]0;title\x07",
        "control": "桃\x00岭\x07乡\x1b人民政府",
        "bidi": "桃岭乡\u202e政府人民",
        "newlines": "桃岭乡\n\n人民政府",
        "long": "桃" * 100_000,
        "empty": "",
        "path": "../../etc/passwd",
    }
    for name, body in names.items():
        for mode in ("check", "batch"):
            def make(tmp, body=body, mode=mode):
                def change(d):
                    d["body"]["name"] = body
                    d.pop("preface", None)
                path = _data_file(tmp, "2023.json", change)
                if mode == "check":
                    return ["check", str(path)]
                folder = tmp / "报送"
                folder.mkdir()
                path.rename(folder / path.name)
                return ["check", str(folder), "--summary", str(tmp / "汇总.xlsx"), "--html", str(tmp / "汇总.html")]
            cases.append(Case(f"data-body-{name}-{mode}", make, batch=mode == "batch"))
    texts = {
        "empty": "",
        "list": "[]",
        "null": "null",
        "string": '"x"',
        "deep": "[" * 100_000 + "]" * 100_000,
        "deep-objects": '{"a":' * 5000 + "1" + "}" * 5000,
        "nan": '{"year": NaN}',
        "bom-junk": "\ufeff\ufeff{}",
        "gbk": None,
        "control": '{"year": 2023, "body": {"name": "\u0000"}}',
    }
    for name, text in texts.items():
        def make(tmp, text=text):
            path = tmp / "bad.json"
            if text is None:
                path.write_bytes('{"year": 2023, "body": {"name": "桃岭乡"}}'.encode("gb18030"))
            else:
                path.write_text(text, encoding="utf-8")
            return ["check", str(path)]
        cases.append(Case(f"data-text-{name}", make, codes=(2,)))
    shapes = {
        "year-string": lambda d: d.__setitem__("year", "二〇二三"),
        "year-huge": lambda d: d.__setitem__("year", 10**12),
        "tables-list": lambda d: d.__setitem__("tables", []),
        "parts-string": lambda d: d.__setitem__("parts", "x"),
        "paragraph-number": lambda d: d["parts"].__setitem__("一", [1, 2]),
        "paragraph-huge": lambda d: d["parts"].__setitem__("一", ["资金" * 1_000_000]),
        "many-paragraphs": lambda d: d["parts"].__setitem__("一", ["第%d段。" % i for i in range(50_000)]),
        "ref-junk": lambda d: d["parts"].__setitem__("一", ["{{" * 10_000 + "}}" * 10_000]),
    }
    for name, change in shapes.items():
        cases.append(Case(f"data-shape-{name}", lambda tmp, change=change: ["check", str(_data_file(tmp, "2023.json", change))]))
    return cases


def _with_table(text: str, extra: str) -> str:
    """The config ``text`` with the lines of ``extra`` (a table header and its keys) in it: the
    example config has most tables already, so its own lines for those keys are taken out
    first (else the attack would only be a duplicate key).  A deliberately broken ``extra``
    (no header) is appended as it is."""
    header, _, body = extra.partition("\n")
    if not re.fullmatch(r"\[[^\]]+\]", header) or not re.search(rf"(?m)^{re.escape(header)}\s*$", text):
        return text + "\n" + extra + "\n"
    keys = {line.split("=", 1)[0].strip() for line in body.splitlines() if "=" in line}
    out, inside = [], False
    for line in text.splitlines():
        if line.startswith("["):
            inside = line.strip() == header
            out.append(line)
            if inside:
                out.extend(body.splitlines())
            continue
        if inside and "=" in line and not line.lstrip().startswith("#") and line.split("=", 1)[0].strip() in keys:
            continue
        out.append(line)
    return "\n".join(out) + "\n"


# what the message must say (it also names the config file, as every refusal names its file)
CONFIG_MESSAGES = {
    "severity-x": "rules.severity.AR401",
    "severity-number": "rules.severity.AR401",
    "rule-timeout-abc": "check.rule_timeout",
    "rule-timeout-negative": "check.rule_timeout",
    "worker-memory-lots": "check.worker_memory_mb",
    "history-years-string": "check.history_years",
    "options-wrong-type": "rules.options.AR401.threshold",
    "disable-string": "rules.disable",
    "output-parent": "out/ 文件夹之外",
    "output-absolute": "out/ 文件夹之外",
    "output-windows": "out/ 文件夹之外",
    "output-no-year": "{year}",
    "broken-toml": "第 ",
    "duplicate-key": "赋值了两次",
}


def _config_cases() -> list[Case]:
    configs = {
        "severity-x": '[rules.severity]\nAR401 = "x"',
        "severity-number": "[rules.severity]\nAR401 = 3",
        "rule-timeout-abc": '[check]\nrule_timeout = "abc"',
        "rule-timeout-negative": "[check]\nrule_timeout = -1",
        "worker-memory-lots": '[check]\nworker_memory_mb = "lots"',
        "history-years-string": '[check]\nhistory_years = "3"',
        "options-wrong-type": '[rules.options.AR401]\nthreshold = "high"',
        "options-not-table": "[rules.options]\nAR401 = 3",
        "disable-string": '[rules]\ndisable = "AR401"',
        "output-parent": '[build]\noutput = "../../x-{year}.docx"',
        "output-absolute": '[build]\noutput = "/tmp/annual-report-hostile-{year}.docx"',
        "output-windows": '[build]\noutput = "C:\\\\x-{year}.docx"',
        "output-no-year": '[build]\noutput = "x.docx"',
        "broken-toml": "[rules\ndisable = ",
        "duplicate-key": "[check]\nhistory_years = 1\nhistory_years = 2",
    }
    cases: list[Case] = []
    for name, extra in configs.items():
        for cmd in ("check", "build"):
            def make(tmp, extra=extra, cmd=cmd):
                root = _workspace(tmp)
                config = root / "annual-report.toml"
                text = config.read_text(encoding="utf-8")
                config.write_text(_with_table(text, extra), encoding="utf-8")
                return [cmd, "2023", "--workspace", str(root)]
            cases.append(Case(f"config-{name}-{cmd}", make, codes=(2,), message=CONFIG_MESSAGES.get(name, "annual-report.toml")))

    def not_utf8(tmp):
        root = _workspace(tmp)
        (root / "annual-report.toml").write_bytes('[body]\nname = "桃岭乡"\n'.encode("gb18030"))
        return ["check", "2023", "--workspace", str(root)]

    cases.append(Case("config-not-utf8", not_utf8, codes=(2,)))
    return cases


def _plugin_cases() -> list[Case]:
    plugins = {
        "import-loop": ("while True:\n    pass\n" + PLUGIN_HEAD, (1,)),
        "import-print": ("print('插件的输出')\n" + _rule_plugin("return ()"), (0, 1)),
        "import-raises": ("raise RuntimeError('坏插件')\n", (1,)),
        "import-exit": ("import sys\nsys.exit(0)\n", (1,)),
        "rule-loop": (_rule_plugin("while True:\n    pass"), (1,)),
        "rule-print": (_rule_plugin("print('x' * 1000)\nreturn ()"), (0, 1)),
        "rule-raises": (_rule_plugin("raise ValueError('坏规则')"), (1,)),
        "rule-sys-exit": (_rule_plugin("import sys\nsys.exit(0)"), (1,)),
        "rule-os-exit": (_rule_plugin("import os\nos._exit(0)"), (1,)),
        "rule-kills-itself": (_rule_plugin("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"), (1,)),
        "rule-c-loop": (_rule_plugin("sum(range(10 ** 13))\nreturn ()"), (1,)),
        "rule-eats-memory": (_rule_plugin("hog = b'x' * (8 * 1024 ** 3)\nreturn ()"), (1,)),
        "import-eats-memory": ("hog = b'x' * (8 * 1024 ** 3)\n" + _rule_plugin("return ()"), (1,)),
        "rule-non-findings": (_rule_plugin("yield 1\nyield 'x'\nyield None"), (1,)),
        "rule-millions": (_rule_plugin("for i in range(1_000_000):\n    yield ctx.finding(f'第{i}处')"), (0, 1)),
        "finding-row-object": (_rule_plugin("yield ctx.finding('x', table='B', row=object())"), (1,)),
        "finding-values-object": (_rule_plugin("yield ctx.finding('x', values={'a': object()})"), (1,)),
        "finding-message-none": (_rule_plugin("yield ctx.finding(None)"), (1,)),
        "finding-severity-junk": (_rule_plugin("yield ctx.finding('x', severity='fatal')"), (1,)),
        "finding-paragraph-junk": (_rule_plugin("yield ctx.finding('x', part='一', paragraph='1')"), (1,)),
        "reader-junk": (PLUGIN_HEAD + "@hookimpl\ndef register_readers(register):\n    register(42)\n    register()\n    register(1, 2)\n", (0, 1)),
        "reader-exits": (
            PLUGIN_HEAD + "import sys\nclass R:\n    name = 'r'\n    def accepts(self, path):\n        return True\n    def read(self, path):\n        sys.exit(0)\n@hookimpl\ndef register_readers(register):\n    register(R())\n",
            (2,),
        ),
        "reader-raises": (
            PLUGIN_HEAD + "class R:\n    name = 'r'\n    def accepts(self, path):\n        return True\n    def read(self, path):\n        return 'not a report'\n@hookimpl\ndef register_readers(register):\n    register(R())\n",
            (2,),
        ),
        "register-junk": (PLUGIN_HEAD + "@hookimpl\ndef register_rules(register):\n    register(42)\n    register(None)\n", (0, 1)),
        "unknown-hook": (PLUGIN_HEAD + "@hookimpl\ndef register_everything(register):\n    pass\n", (0, 1)),
        "syntax-error": ("def (:\n", (1,)),
    }
    cases: list[Case] = []
    for name, (source, codes) in plugins.items():
        for fmt in ("json", "text"):
            make = lambda tmp, source=source, fmt=fmt: _plugin_args(tmp, source, fmt)  # noqa: E731
            cases.append(Case(f"plugin-{name}-{fmt}", make, codes=codes, json_out=fmt == "json" and 2 not in codes))
    for name in ("import-loop", "import-print"):
        source = plugins[name][0]
        make = lambda tmp, source=source: ["plugins", "--workspace", str(_workspace(tmp, plugin=source)), "-f", "json"]  # noqa: E731
        cases.append(Case(f"plugin-{name}-plugins-command", make, codes=(0, 1), json_out=True))
    # the same plugins in a batch (the workspace's three years as a folder: pool workers)
    for name in ("import-loop", "rule-loop", "rule-os-exit", "rule-kills-itself", "rule-eats-memory"):
        source, codes = plugins[name]
        def make(tmp, source=source):
            args = _plugin_args(tmp, source, "json")
            return ["check", str(tmp / "ws" / "data"), *args[2:], "--jobs", "2"]
        cases.append(Case(f"plugin-{name}-batch", make, codes=codes, json_out=True))
    return cases


def _plugin_args(tmp: Path, source: str, fmt: str) -> list[str]:
    root = _workspace(tmp, "", plugin=source)
    if "register_readers" in source:  # a file, so that the plugin readers are asked
        return ["check", str(root / "data" / "2023.json"), "--workspace", str(root), "-f", fmt]
    config = root / "annual-report.toml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("[check]", "[check]\nrule_timeout = 2", 1) if "[check]" in text else text + "\n[check]\nrule_timeout = 2\n"
    config.write_text(text, encoding="utf-8")
    return ["check", "2023", "--workspace", str(root), "-f", fmt]


def _output_cases() -> list[Case]:
    cases: list[Case] = []

    def draft(tmp: Path, name: str = "草稿.docx") -> Path:
        path = tmp / name
        path.write_bytes(_good_draft())
        return path

    def same_as_input(option):
        def make(tmp):
            path = draft(tmp)
            if option in ("--summary", "--html"):
                return ["check", str(tmp), option, str(path)]
            return ["check", str(path), option, str(path)]
        return make

    for option in ("-o", "--annotate", "--summary", "--html"):
        cases.append(Case(f"output-is-input{option}", same_as_input(option), codes=(2,), message="输入文件本身"))

    def foreign(option, force):
        def make(tmp):
            path = draft(tmp)
            other = tmp / ("别人的.docx" if option == "--annotate" else "别人的.xlsx" if option == "--summary" else "别人的.html" if option == "--html" else "别人的.txt")
            other.write_bytes("同事的文件".encode())
            args = ["check", str(path) if option in ("-o", "--annotate") else str(tmp / "sub"), option, str(other)]
            if option in ("--summary", "--html"):
                (tmp / "sub").mkdir()
                path.rename(tmp / "sub" / path.name)
            return args + (["--force"] if force else [])
        return make

    for option in ("-o", "--annotate", "--summary", "--html"):
        cases.append(Case(f"output-foreign-file{option}", foreign(option, False), codes=(2,), message="--force"))

    def two_outputs(tmp):
        (tmp / "sub").mkdir()
        draft(tmp / "sub")
        return ["check", str(tmp / "sub"), "--summary", str(tmp / "x.out"), "--html", str(tmp / "x.out")]

    cases.append(Case("output-twice-the-same", two_outputs, codes=(2,)))

    def extract_over_draft(tmp):
        path = draft(tmp)
        return ["extract", str(path), "-o", str(path), "--force", "--level", "乡镇/街道"]

    cases.append(Case("output-extract-over-draft", extract_over_draft, codes=(2,)))

    # --reports-dir writes one file per report, named after it
    def reports_dir_is_input_folder(tmp):
        folder = tmp / "报送"
        folder.mkdir()
        _data_file(folder, "桃岭乡2023.json")
        return ["check", str(folder), "--reports-dir", str(folder)]

    def reports_dir_foreign(tmp):
        folder = tmp / "报送"
        folder.mkdir()
        draft(folder)
        (tmp / "结果").mkdir()
        (tmp / "结果" / "草稿.json").write_text("同事的结果", encoding="utf-8")
        return ["check", str(folder), "--reports-dir", str(tmp / "结果")]

    def reports_dir_is_a_file(tmp):
        folder = tmp / "报送"
        folder.mkdir()
        draft(folder)
        (tmp / "结果").write_text("x", encoding="utf-8")
        return ["check", str(folder), "--reports-dir", str(tmp / "结果")]

    cases.append(Case("output-reports-dir-over-inputs", reports_dir_is_input_folder, codes=(2,), message="输入文件本身"))
    cases.append(Case("output-reports-dir-foreign-file", reports_dir_foreign, codes=(2,), message="--force"))
    cases.append(Case("output-reports-dir-is-a-file", reports_dir_is_a_file, codes=(2,), message="是一个文件"))
    names = {
        "newline": "草\n稿.docx",
        "ansi": "\x1b[31m草稿\x1b[0m.docx",
        "leading-dash": "-o.docx",
        "spaces": "  草 稿  .docx",
        "long": "草" * 80 + ".docx",
        "dots": "...docx",
        "formula": "=1+1.docx",
    }
    for name, file_name in names.items():
        def make(tmp, file_name=file_name):
            path = draft(tmp, file_name)
            return ["check", "--", str(path)] if file_name.startswith("-") else ["check", str(path)]
        cases.append(Case(f"filename-{name}", make, codes=(0, 1)))
        def make_batch(tmp, file_name=file_name):
            (tmp / "sub").mkdir()
            draft(tmp / "sub", file_name)
            return ["check", str(tmp / "sub"), "--summary", str(tmp / "s.xlsx"), "--html", str(tmp / "s.html")]
        cases.append(Case(f"filename-{name}-batch", make_batch, codes=(0, 1, 2), batch=True))  # a hidden file is skipped

    def only_unreadable(tmp):
        (tmp / "sub").mkdir()
        for i in range(3):
            (tmp / "sub" / f"坏{i}.docx").write_bytes(b"junk")
        return ["check", str(tmp / "sub")]

    cases.append(Case("batch-only-unreadable", only_unreadable, codes=(2,)))
    return cases


EXPORTED = Path(__file__).resolve().parent / "fixtures" / "exported"


def _published_cases() -> list[Case]:
    """The other readers: the statistics workbook (.xlsx), reports published as HTML or PDF
    (the real LibreOffice exports of the filled template, damaged as files get damaged)."""
    cases: list[Case] = []

    def exported(tmp: Path, name: str, out: str, change: Callable[[bytes], bytes]) -> list[str]:
        path = tmp / out
        path.write_bytes(change((EXPORTED / name).read_bytes()))
        return ["check", str(path)]

    for name, out in (("workbook-2023-libreoffice.xlsx", "统计表.xlsx"), ("report-2023.html", "年报.html"), ("report-2023.pdf", "年报.pdf")):
        kind = out.rsplit(".", 1)[1]
        for fraction in (0.0, 0.1, 0.5, 0.9):
            make = lambda tmp, name=name, out=out, fraction=fraction: exported(tmp, name, out, lambda b: b[: int(len(b) * fraction)])  # noqa: E731
            cases.append(Case(f"{kind}-truncated-{int(fraction * 100)}", make, codes=(2,) if kind != "html" else (0, 1, 2)))
        for seed in range(3):
            make = lambda tmp, name=name, out=out, seed=seed: exported(tmp, name, out, lambda b: random.Random(seed).randbytes(20_000))  # noqa: E731
            cases.append(Case(f"{kind}-random-bytes-{seed}", make, codes=(2,) if kind != "html" else (0, 1, 2)))

    def xlsx_bomb(tmp):
        path = tmp / "统计表.xlsx"
        rows = b"<row><c><v>1</v></c></row>" * (12 * 1024 * 1024)  # ~300 MB of sheet XML
        with zipfile.ZipFile(EXPORTED / "workbook-2023-libreoffice.xlsx") as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename == "xl/worksheets/sheet1.xml":
                    data = data.replace(b"<sheetData>", b"<sheetData>" + rows, 1)
                z.writestr(info.filename, data)
        return ["check", str(path)]

    cases.append(Case("xlsx-zip-bomb", xlsx_bomb, codes=(2,), message="已拒绝读取"))

    def xlsx_entities(tmp):
        path = tmp / "统计表.xlsx"
        lol = b'<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">' + b"".join(b'<!ENTITY a%d "%s">' % (i, (b"&a%d;" % (i - 1) if i > 1 else b"&a;") * 10) for i in range(1, 9)) + b"]>"
        with zipfile.ZipFile(EXPORTED / "workbook-2023-libreoffice.xlsx") as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename == "xl/sharedStrings.xml":
                    data = data.replace(b"?>", b"?>" + lol, 1).replace(b"<t", b"<t>&a8;</t><t", 1)
                z.writestr(info.filename, data)
        return ["check", str(path)]

    cases.append(Case("xlsx-entity-bomb", xlsx_entities, codes=(2,), message="DTD"))

    def html_huge_table(tmp):
        rows = "".join(f"<tr><td>第{i}行</td><td>{i}</td></tr>" for i in range(20_000))
        path = tmp / "年报.html"
        path.write_text((EXPORTED / "report-2023.html").read_text(encoding="utf-8").replace("</body>", f"<table>{rows}</table></body>", 1), encoding="utf-8")
        return ["check", str(path)]

    def html_deep(tmp):
        path = tmp / "年报.html"
        path.write_text("<html><body>" + "<div>" * 100_000 + "二〇二三年" + "</div>" * 100_000 + "</body></html>", encoding="utf-8")
        return ["check", str(path)]

    def html_too_big(tmp):
        path = tmp / "年报.html"
        with open(path, "wb") as fh:
            fh.write(b"<html><body><p>")
            fh.write(("资金" * 1024).encode() * 6 * 1024)  # 36 MB
            fh.write(b"</p></body></html>")
        return ["check", str(path)]

    def workbook(tmp: Path, change: Callable[[str], str]) -> list[str]:
        """The real LibreOffice workbook with its 表三 sheet's XML changed."""
        path = tmp / "统计表.xlsx"
        with zipfile.ZipFile(EXPORTED / "workbook-2023-libreoffice.xlsx") as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename == "xl/worksheets/sheet3.xml":
                    data = change(data.decode("utf-8")).encode("utf-8")
                z.writestr(info.filename, data)
        return ["check", str(path)]

    def total_formula(xml: str, formula: str, rows: str = "") -> str:
        """表三 J4 (a row's total) as ``formula`` without a computed value, ``rows`` added."""
        xml = re.sub(r'(<c r="J4"[^>]*>)<f aca="false">[^<]*</f><v>[^<]*</v>', lambda m: m.group(1) + f"<f>{formula}</f>", xml, count=1)
        return xml.replace("</sheetData>", rows + "</sheetData>", 1)

    def chain(n: int, step: str) -> str:
        return "".join(f'<row r="{r}"><c r="K{r}"><f>{step.format(next=f"K{r + 1}")}</f></c></row>' for r in range(40, 40 + n))

    cases += [
        Case("xlsx-merge-whole-sheet", lambda tmp: workbook(tmp, lambda x: x.replace('<mergeCell ref="A1:C3"/>', '<mergeCell ref="A1:C3"/><mergeCell ref="A1:XFD1048576"/>', 1)), codes=(2,), message="合并范围上限"),
        Case("xlsx-formula-chain-42", lambda tmp: workbook(tmp, lambda x: total_formula(x, "K40", chain(42, "{next}+{next}"))), codes=(0, 1, 2)),
        Case("xlsx-formula-chain-too-deep", lambda tmp: workbook(tmp, lambda x: total_formula(x, "K40", chain(150, "{next}+1"))), codes=(2,), message="嵌套层数上限"),
        Case("xlsx-sum-whole-sheet", lambda tmp: workbook(tmp, lambda x: total_formula(x, "SUM(A1:XFD1048576)")), codes=(0, 1, 2)),
        Case("xlsx-million-rows", lambda tmp: workbook(tmp, lambda x: x.replace("</sheetData>", "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(1000, 1_001_000)) + "</sheetData>", 1)), codes=(2,), message="单元格数上限"),
    ]

    def pdf_with(tmp: Path, content: Callable[[], bytes], compressed: bool = True) -> list[str]:
        path = tmp / "年报.pdf"
        path.write_bytes(_pdf(content(), compressed))
        return ["check", str(path)]

    def inflating_to_1_gb() -> bytes:
        packer = zlib.compressobj(9)
        block = b" " * (16 * 1024 * 1024)
        return b"".join(packer.compress(block) for _ in range(64)) + packer.flush()

    cases += [
        Case("pdf-stream-inflates-to-1-gb", lambda tmp: pdf_with(tmp, inflating_to_1_gb, compressed=False), codes=(2,), message="每页解压大小上限"),
        Case("pdf-100000-text-objects", lambda tmp: pdf_with(tmp, lambda: b"".join(b"BT /F1 4 Tf %d %d Td (a) Tj ET\n" % (i % 500, i % 700) for i in range(100_000))), codes=(2,), message="每页对象数上限"),
    ]

    def html_huge(tmp):
        rows = "".join(f"<tr><td>第{i}行</td><td>{i}</td></tr>" for i in range(700_000))
        path = tmp / "年报.html"
        path.write_text(f"<html><body><p>二〇二三年</p><table>{rows}</table></body></html>", encoding="utf-8")
        return ["check", str(path)]

    cases.append(Case("html-27-mb-table", html_huge, codes=(2,), message="网页元素数上限"))
    cases.append(Case("html-20000-rows", html_huge_table, codes=(0, 1, 2)))
    cases.append(Case("html-100000-nested", html_deep, codes=(0, 1, 2)))
    cases.append(Case("html-36-mb", html_too_big, codes=(2,), message="过大"))
    return cases


def _pdf(content: bytes, compress: bool = True) -> bytes:
    """A one-page PDF whose page draws ``content`` (already deflated when ``compress`` is False)."""
    stream = zlib.compress(content) if compress else content
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _hardening_cases() -> list[Case]:
    """Small ways in which a command used to end in a traceback or a hang."""

    def severity_string(tmp):
        root = _workspace(tmp)
        config = root / "annual-report.toml"
        config.write_text(config.read_text(encoding="utf-8").replace("[rules]", '[rules]\nseverity = "x"', 1), encoding="utf-8")
        return ["check", "2023", "--workspace", str(root)]

    def named(tmp, name):
        data = _good_data()
        data["body"]["name"] = name
        return _data_file(tmp, "2023.json", text=json.dumps(data))  # \\u escapes, as a program would write them

    def fifo(tmp):
        os.mkfifo(tmp / "b.docx")
        return ["check", str(tmp / "b.docx")]

    def site_into_parent(tmp):
        (tmp / "reports").mkdir()
        _data_file(tmp / "reports", "2023.json")
        return ["site", str(tmp / "reports"), "-o", str(tmp)]

    def rule_keyboard_interrupt(tmp):
        root = _workspace(tmp, plugin=_rule_plugin("raise KeyboardInterrupt"))
        (tmp / "batch").mkdir()
        for name in ("甲.json", "乙.json"):
            (tmp / "batch" / name).write_bytes((root / "data" / "2023.json").read_bytes())
        return ["check", str(tmp / "batch"), "--workspace", str(root), "--format", "json"]

    return [
        Case("config-severity-not-a-table", severity_string, codes=(2,), message="rules.severity"),
        Case("data-lone-surrogate-json", lambda tmp: ["check", str(named(tmp, "青溪镇\ud800人民政府")), "--format", "json"], codes=(2,), message="半个 Unicode"),
        Case("data-control-characters-interpret", lambda tmp: ["interpret", str(named(tmp, "青溪镇\x00\x1b[31m人民政府")), "-o", str(tmp / "解读")], codes=(2,), message="控制字符"),
        Case("input-named-pipe", fifo, codes=(2,), message="不是普通文件"),
        Case("site-output-contains-the-reports", site_into_parent, codes=(2,), message="生成网站会替换该文件夹"),
        Case("rule-raises-keyboard-interrupt-batch", rule_keyboard_interrupt, codes=(1,), json_out=True),
    ]


def corpus() -> list[Case]:
    return _docx_cases() + _data_cases() + _config_cases() + _plugin_cases() + _output_cases() + _published_cases() + _hardening_cases()


# --- running one case ----------------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "state" not in path.relative_to(folder).parts[:1]:
            out[str(path.relative_to(folder))] = path.read_bytes()
    return out


_LAUNCHER = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[2:]).returncode
open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""

# A fork server: one interpreter per test process that has imported the command line, the
# built-in plugins and the libraries a command uses, and forks a fresh child for each case.
# The child is what ``python -m annual_report ARGS`` would be after its imports: its own
# session, folder, environment, standard streams and exit code; the case's time limit kills
# its process group.  It saves each case the interpreter's start and the imports (most of a
# small case's time); bench/bench_hostile.py keeps starting a new interpreter per case.
_ZYGOTE = """
import atexit, json, os, sys, threading, traceback
import annual_report.cli
from annual_report.plugins.manager import DEFAULT_PLUGINS
for name in DEFAULT_PLUGINS:
    __import__(name)
import docx, jsonschema, lxml.etree, openpyxl
requests = os.fdopen(0, "r", encoding="utf-8")
replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)

def child(job):
    os.close(replies.fileno())  # the command and its workers hold no end of the server's pipes
    os.setsid()
    os.chdir(job["cwd"])
    os.environ.clear()
    os.environ.update(job["env"])
    written = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    for fd, path, flags in ((0, os.devnull, os.O_RDONLY), (1, job["stdout"], written), (2, job["stderr"], written)):
        os.dup2(os.open(path, flags, 0o644), fd)
    sys.stdin = open(0, encoding="utf-8", closefd=False)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)
    sys.argv = ["annual-report", *job["args"]]
    code = 0
    try:
        annual_report.cli.main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not isinstance(exc.code, (int, type(None))):
            print(exc.code, file=sys.stderr)
    except BaseException:
        traceback.print_exc()
        code = 1
    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)

for line in requests:
    job = json.loads(line)
    pid = os.fork()
    if pid == 0:
        try:
            child(job)
        finally:
            os._exit(70)
    replies.write(json.dumps({"pid": pid}) + "\\n")
    replies.flush()
    _, status, usage = os.wait4(pid, 0)
    replies.write(json.dumps({"code": os.waitstatus_to_exitcode(status), "peak_kb": usage.ru_maxrss}) + "\\n")
    replies.flush()
"""
_zygote: subprocess.Popen | None = None
_replies = bytearray()


def _fork_server() -> subprocess.Popen:
    global _zygote
    if _zygote is None or _zygote.poll() is not None:
        _zygote = subprocess.Popen([sys.executable, "-c", _ZYGOTE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        _replies.clear()
        atexit.register(_stop_fork_server, _zygote)
    return _zygote


def _stop_fork_server(server: subprocess.Popen) -> None:
    """End of input ends the server; waiting for it counts its CPU time with this process's."""
    server.stdin.close()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _reply(server: subprocess.Popen, timeout: float | None = None) -> dict | None:
    """The fork server's next reply, or None when none came within ``timeout`` seconds."""
    while b"\n" not in _replies:
        ready, _, _ = select.select([server.stdout], [], [], timeout)
        if not ready:
            return None
        chunk = os.read(server.stdout.fileno(), 4096)
        if not chunk:
            raise RuntimeError("the fork server of the hostile corpus ended")
        _replies.extend(chunk)
    line, _, rest = bytes(_replies).partition(b"\n")
    _replies[:] = rest
    return json.loads(line)


def _run_forked(args: list[str], work: Path, env: dict, out: Path, err: Path, timeout: float) -> tuple[int | None, int, bool]:
    """Exit code, peak memory (kB) and whether the time limit killed it, of one command
    forked from the fork server."""
    server = _fork_server()
    job = {"args": args, "cwd": str(work), "env": env, "stdout": str(out), "stderr": str(err)}
    server.stdin.write((json.dumps(job) + "\n").encode("utf-8"))
    pid = _reply(server)["pid"]
    reply = _reply(server, timeout)
    killed = reply is None
    if killed:
        try:
            os.killpg(pid, 9)
        except ProcessLookupError:
            pass
        reply = _reply(server)
    return reply["code"], reply["peak_kb"], killed


def _names_a_file(stderr: str, args: list[str], work: Path) -> bool:
    """A refusal says which file it is about: one named in the arguments (or a file in a
    folder named there), or the workspace's config file."""
    names = {"annual-report.toml"}
    for arg in args:
        path = Path(arg) if Path(arg).is_absolute() else work / arg
        if Path(arg).is_absolute():  # an output path, existing or not
            names.add(path.name)
        if path.exists():
            names.add(path.name)
            if path.is_dir():
                names.update(p.name for p in path.rglob("*") if p.is_file())
    return any(name and name in stderr for name in names)


def run_case(case: Case, folder: Path, timeout: float = TIMEOUT, fresh: bool = True) -> Outcome:
    """Build the case in ``folder``, run it in a new interpreter (``fresh``) or in a child of
    the fork server, judge it."""
    import time

    work = folder / "in"
    work.mkdir(parents=True)
    args = case.make(work)
    before = _snapshot(work)
    env = dict(os.environ, ANNUAL_REPORT_LOAD_PLUGINS="", XDG_STATE_HOME=str(folder / "state"), PYTHONIOENCODING="utf-8", NO_COLOR="1")
    command = [sys.executable, "-m", "annual_report", *args]
    start = time.perf_counter()
    problems: list[str] = []
    if not fresh:
        code, peak_kb, killed = _run_forked(args, work, env, folder / "stdout", folder / "stderr", timeout)
        seconds = time.perf_counter() - start
        if killed:
            problems.append(f"did not finish within {timeout} s")
        out, err = (folder / "stdout").read_bytes(), (folder / "stderr").read_bytes()
        return _judge(case, args, work, before, code, out, err, seconds, peak_kb, problems)
    with open(folder / "stdout", "w+b") as out_fh, open(folder / "stderr", "w+b") as err_fh:
        # a small launcher runs the command and reports its child's peak memory: measured from
        # this process, the peak would include what building the input took here
        rss_file = folder / "peak-kb"
        launcher = [sys.executable, "-c", _LAUNCHER, str(rss_file), *command]
        proc = subprocess.Popen(launcher, cwd=work, env=env, stdout=out_fh, stderr=err_fh, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
            problems.append(f"did not finish within {timeout} s")
        seconds = time.perf_counter() - start
        out_fh.seek(0)
        err_fh.seek(0)
        out, err = out_fh.read(), err_fh.read()
    try:
        peak_kb = int(rss_file.read_text())
    except (OSError, ValueError):
        peak_kb = 0
    return _judge(case, args, work, before, proc.returncode, out, err, seconds, peak_kb, problems)


def _judge(case: Case, args: list[str], work: Path, before: dict, code: int | None, out: bytes, err: bytes, seconds: float, peak_kb: int, problems: list[str]) -> Outcome:
    stdout, stderr = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
    if not problems and code not in case.codes:
        problems.append(f"exit code {code}, expected {case.codes}")
    if "Traceback" in stdout + stderr:
        problems.append("traceback: " + stderr[-300:])
    if "\x1b" in stdout + stderr:
        problems.append("escape sequence reached the terminal")
    if code == 2 and not re.search(r"[\u4e00-\u9fff]", stderr):
        problems.append("exit 2 without a Chinese message")
    if case.message and case.message not in stderr:
        problems.append(f"message lacks {case.message!r}: {stderr[-200:]}")
    if code == 2 and not _names_a_file(stderr, args, work):
        problems.append(f"the refusal names no file: {stderr[-200:]}")
    if case.json_out and code in (0, 1):
        try:
            json.loads(stdout)
        except ValueError:
            problems.append("stdout is not a JSON document: " + stdout[:100])
    after = _snapshot(work)
    changed = [name for name in before if after.get(name) != before[name]]
    if changed:
        problems.append(f"inputs changed: {changed}")
    if code == 2 and not case.batch:
        new = [name for name in after if name not in before and not name.startswith("ws/.annual-report")]
        if new:
            problems.append(f"refused but wrote: {new}")
    return Outcome(case.id, code, seconds, peak_kb, problems)
