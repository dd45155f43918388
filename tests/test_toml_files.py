"""Every TOML file is read through one helper (tomllib, or tomli on Python 3.10), and a file a
user wrote that cannot be read gets one Chinese wording, with the line and column."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from annual_report.check.inputs import BodyMapping
from annual_report.model.errors import UserError
from annual_report.model.toml_files import parse_toml, read_toml
from annual_report.reference import load_documents
from annual_report.files.config import CONFIG_NAME, load_config

SRC = Path(__file__).resolve().parents[1] / "src" / "annual_report"


def test_only_the_helper_imports_a_toml_parser():
    importers = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n.split(".")[0] in ("tomllib", "tomli") for n in names):
                importers.add(path.relative_to(SRC).as_posix())
    assert importers == {"model/toml_files.py"}


def test_a_user_file_parsed_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "a.toml"
    path.write_bytes('\ufeff[body]\nname = "桃岭乡人民政府"\n'.encode("utf-8"))
    assert read_toml(path, "配置文件") == {"body": {"name": "桃岭乡人民政府"}}
    assert parse_toml('x = 1') == {"x": 1}


@pytest.mark.parametrize(
    "content,expected",
    [
        ('[body]\nname = 桃岭乡\n', "配置文件 {path} 格式有误：第 2 行第 8 列：值的写法不对"),
        ('[body]\nname = "桃岭乡"\nname = "青溪镇"\n', "配置文件 {path} 格式有误：第 3 行"),
        ('[body]\nname = "桃岭乡"\n'.encode("gb18030"), "配置文件 {path} 格式有误：不是 UTF-8 编码的文本"),
    ],
)
def test_one_wording_for_a_file_that_cannot_be_read(tmp_path, content, expected):
    path = tmp_path / "a.toml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(UserError) as raised:
        read_toml(path, "配置文件")
    assert raised.value.message.startswith(expected.format(path=path)), raised.value.message


def test_a_missing_file(tmp_path):
    with pytest.raises(UserError, match="^找不到机关对照文件 "):
        read_toml(tmp_path / "对照.toml", "机关对照文件")


def test_every_reader_of_a_user_toml_file_says_it_the_same_way(tmp_path):
    bad = 'a = "未闭合\n'
    (tmp_path / CONFIG_NAME).write_text(bad, encoding="utf-8")
    (tmp_path / "对照.toml").write_text(bad, encoding="utf-8")
    (tmp_path / "documents.toml").write_text(bad, encoding="utf-8")
    messages = []
    for call in (lambda: load_config(tmp_path), lambda: BodyMapping.load(tmp_path / "对照.toml"), lambda: load_documents(tmp_path / "documents.toml")):
        with pytest.raises(UserError) as raised:
            call()
        messages.append(raised.value.message)
    assert [m.split(" ", 1)[0] for m in messages] == ["配置文件", "机关对照文件", "文件目录"]
    assert len({m.split("格式有误：", 1)[1] for m in messages}) == 1, messages
    assert "第 1 行" in messages[0]
