"""The data model, the schema and the JSON loader."""

from __future__ import annotations

import pytest

from annual_report.model.errors import DataError
from annual_report.model.layout import table_layout
from annual_report.model.schema_gen import schema_text
from annual_report.readers.jsondata import (
    data_from_report,
    load_report,
    read_json,
    report_from_data,
    validate_data,
)
from annual_report.resources import schemas_dir


def test_committed_schema_is_generated_from_layout():
    committed = (schemas_dir() / "report-data.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "schemas/ is stale: run python -m annual_report.model.schema_gen"


def test_layout_row_counts_match_the_format():
    assert len(table_layout("2021", "B").rows) == 25
    assert len(table_layout("2019", "B").rows) == 23
    assert [len(r.columns) for r in table_layout("2021", "B").rows] == [7] * 25
    assert sum(len(r.columns) for r in table_layout("2021", "C").rows) == 15


def test_valid_data_loads_in_both_editions(data_2023, data_2020):
    for data in (data_2023, data_2020):
        report = report_from_data(data)
        assert report.edition == ("2021" if data["year"] >= 2021 else "2019")
        b = report.tables["B"]
        assert b.get("new", "总计") == data["tables"]["B"]["rows"][0]["总计"]
        # narrative references are resolved from the same data
        assert f"新收政府信息公开申请{b.get('new', '总计')}件" in report.part("一").paragraphs[1].text


def test_all_schema_errors_listed_at_once_with_paths(data_2023):
    data_2023["tables"]["B"]["rows"][3]["自然人"] = -1
    data_2023["tables"]["A"]["rows"][1]["本年废止件数"] = 2.5
    data_2023["edition"] = "2019"
    del data_2023["parts"]["五"]
    with pytest.raises(DataError) as info:
        validate_data(data_2023)
    details = info.value.details
    assert "tables.B.rows[3].自然人: 应为非负整数，实际为 -1" in details
    assert "tables.A.rows[1].本年废止件数: 应为非负整数，实际为 2.5" in details
    assert any(d.startswith("edition: 2021年度及以后的报告应使用2021年版格式") for d in details)
    assert any(d.startswith("parts: 缺少必填项") and "五" in d for d in details)
    assert info.value.exit_code == 2


def test_unknown_reference_is_reported(data_2023):
    data_2023["parts"]["六"].append("共办理{{B.nope.总计}}件")
    with pytest.raises(DataError) as info:
        validate_data(data_2023)
    assert any("parts.六[2]" in d and "nope" in d for d in info.value.details)


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "空文件"),
        (b'{"year": 2023,,}', "不是有效的 JSON：第 1 行"),
        ("{\"year\": \"二〇二三\"}".encode("gbk"), "不是 UTF-8"),
        (b"[" * 5000 + b"]" * 5000, "嵌套层数过深"),
    ],
)
def test_unusable_json_files(tmp_path, content, expected):
    path = tmp_path / "2023.json"
    path.write_bytes(content)
    with pytest.raises(DataError) as info:
        read_json(path)
    assert expected in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="找不到数据文件"):
        load_report(tmp_path / "2022.json")


def test_model_is_read_only(data_2023):
    report = report_from_data(data_2023)
    with pytest.raises(TypeError):
        report.tables["B"].values[("new", "总计")] = 0
    with pytest.raises(AttributeError):  # dataclasses.FrozenInstanceError
        report.year = 2020


def test_data_round_trip_through_model(data_2023, data_2020):
    for data in (data_2023, data_2020):
        back = data_from_report(report_from_data(data))
        assert back["tables"] == data["tables"]
        validate_data(back)


def test_missing_values_stay_missing(data_2023):
    data_2023["tables"]["B"]["rows"][2]["科研机构"] = None
    report = report_from_data(data_2023)
    assert report.tables["B"].is_missing("open", "科研机构")
    assert report.tables["B"].get("open", "科研机构") is None
