"""Drafts typed the way officers type them, each defect class beside its correct twin.

Every case starts from consistent yearly data (tests/synth.py), gets the
narrative sentences and table habits an office writes (zeros left blank or "—", full-width
digits, the phrasings of real published reports) and is filled into the real blank national
template (``official_template.fill_official_template``).  ``CASES`` lists, per defect class,
the defective draft and the code that must find it; ``correct`` is the same draft without the
defect, which must give no error.  The tests (tests/test_trust_findings.py) and the bench
(bench/bench_trust.py) both read this list.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import docx

from official_template import fill_official_template

from synth import consistent_data


def base(seed: int = 7, year: int = 2023) -> dict:
    return copy.deepcopy(consistent_data(year, random.Random(seed)))


def row(data: dict, table: str, label: str) -> dict:
    key = "信息内容" if table == "A" else "项目"
    return next(r for r in data["tables"][table]["rows"] if r[key] == label)


@dataclass
class Case:
    name: str  # what the defect is, in a few words
    family: str  # the defect class: blank-arithmetic, table2-figures, statements, parts-wholes, …
    code: str  # the rule code that must find it
    make: Callable[[bool], tuple[dict, dict]]  # defective? → (data, habits)
    contains: str = ""  # a piece of the expected message
    severity: str = ""  # the expected severity, when it matters
    edit: Callable[[Path, bool], None] | None = None  # typing over the filled template (defective?)

    def write(self, folder: Path, defective: bool) -> Path:
        data, habits = self.make(defective)
        kind = "defect" if defective else "correct"
        path = fill_official_template(data, Path(folder) / f"{self.name}-{kind}.docx", **habits)
        if self.edit is not None:
            self.edit(path, defective)
        return path


# --- 1. blank cells in arithmetic ----------------------------------------------------------------


def _open_total_wrong(defective: bool):
    """表三 "（一）予以公开": zeros left blank, 总计 one more than the filled columns; the text
    states the columns' sum (it is right, the total is wrong)."""
    data = base()
    r = row(data, "B", "（一）予以公开")
    data["parts"]["一"].append(f"本年度予以公开政府信息{r['总计']}件。")
    habits = {"blank": "zeros"}
    if defective:
        habits["overrides"] = {("B", "open", "总计"): str(r["总计"] + 1)}
    return data, habits


def _review_total_blank_parts(defective: bool):
    """表四 行政复议: 维持 1, the rest blank, 总计 2."""
    data = base()
    c = row(data, "C", "行政复议")
    c.update({"结果维持": 1, "结果纠正": 0, "其他结果": 0, "尚未审结": 0, "总计": 1})
    habits = {"blank": "zeros", "blank_text": "—"}
    if defective:
        habits["overrides"] = {("C", "review", "总计"): "2"}
    return data, habits


def _filled_parts_over_total(defective: bool):
    """Full-width digits, blanks for zeros: the filled columns of 本年新收 already exceed 总计."""
    data = base()
    habits = {"blank": "zeros", "digits": "full-width"}
    if defective:
        r = row(data, "B", "一、本年新收政府信息公开申请数量")
        habits["overrides"] = {("B", "new", "自然人"): str(r["总计"] + 2)}
    return data, habits


# --- 2. every figure the text states about the tables ----------------------------------------


def _table_a(data: dict) -> dict:
    """表二 as a county bureau fills it: 许可 38, 处罚 56, 强制 3, fees 12.5 万元."""
    row(data, "A", "行政许可")["本年处理决定数量"] = 38
    row(data, "A", "行政处罚")["本年处理决定数量"] = 56
    row(data, "A", "行政强制")["本年处理决定数量"] = 3
    row(data, "A", "行政事业性收费")["本年收费金额（单位：万元）"] = 12.5
    return data


def _sentence_case(right: str, wrong: str, prepare=_table_a, habits=None):
    def make(defective: bool):
        data = prepare(base())
        data["parts"]["一"].append(wrong if defective else right)
        return data, dict(habits or {"blank": "zeros"})

    return make


def _carried_out(data: dict) -> dict:
    b = row(data, "B", "四、结转下年度继续办理")
    assert b["总计"] > 0
    return data


# --- 5. structure ---------------------------------------------------------------------------------


def _retype_heading(start: str, old: str, new: str):
    """Type over a heading of the template as an officer does (in its runs)."""

    def edit(path: Path, defective: bool) -> None:
        if not defective:
            return
        document = docx.Document(str(path))
        for para in document.paragraphs:
            if para.text.strip().startswith(start):
                for run in para.runs:
                    run.text = run.text.replace(old, new)
        document.save(str(path))

    return edit


def _label_note(path: Path, defective: bool) -> None:
    """The superior's filling guidance left in a row label of table B (and A)."""
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    tables = document.element.body.findall(qn("w:tbl"))
    note = "（乡镇、街道不填）" if defective else ""
    for tbl, old in ((tables[1], "1.属于国家秘密"), (tables[0], "行政许可")):
        for t in tbl.iter(qn("w:t")):
            if t.text == old:
                t.text = old + note
                break
    document.save(str(path))


def _plain_case(data_edit=None, habits=None):
    def make(defective: bool):
        data = base()
        if data_edit:
            data_edit(data, defective)
        return data, dict(habits or {"blank": "zeros"})

    return make


def _title(defective: bool):
    data = base()
    habits = {"blank": "zeros"}
    if defective:
        habits["title"] = f"{data['body']['name']}政府信息公开工作年度报告"
    return data, habits


def _ordinals(data, defective):
    data["parts"]["五"][0] = "存在的主要问题：一是部分栏目更新不够及时；二是政策解读形式较为单一；" + ("二是" if defective else "三是") + "队伍力量薄弱。"


def _sub_numbers(data, defective):
    data["parts"]["一"][2] = ("（四）" if defective else "（三）") + "政府信息管理。严格落实公开前保密审查制度。"


# --- 4. whose report, which year -----------------------------------------------------------------


def _town(sentence_right: str, sentence_wrong: str, part: str = "一"):
    def make(defective: bool):
        data = base()
        data["body"]["name"] = "东山县白沙镇人民政府"
        data["parts"][part].append(sentence_wrong if defective else sentence_right)
        return data, {"blank": "zeros"}

    return make


CASES = [
    Case("予以公开总计多一", "blank-arithmetic", "AR101", _open_total_wrong, "空白格按 0 计", "error"),
    Case("予以公开文字不被错怪", "blank-arithmetic", "AR505", _open_total_wrong, "各列之和", "info"),
    Case("行政复议总计与空白分项", "blank-arithmetic", "AR106", _review_total_blank_parts, "空白格按 0 计", "error"),
    Case("已填分项超过总计", "blank-arithmetic", "AR101", _filled_parts_over_total, "已填分项之和已超过总计", "error"),
    Case("行政处罚决定数", "table2-figures", "AR501",
         _sentence_case("全年作出行政处罚决定56件，办理行政许可约40件。", "全年作出行政处罚决定60件，办理行政许可约40件。"), "“行政处罚”行"),
    Case("行政许可决定数", "table2-figures", "AR501",
         _sentence_case("依法办理行政许可38件，实施行政强制措施3件。", "依法办理行政许可50件，实施行政强制措施3件。"), "“行政许可”行"),
    Case("行政强制决定数", "table2-figures", "AR501",
         _sentence_case("实施行政强制措施３件。", "实施行政强制措施５件。", habits={"digits": "full-width"}), "“行政强制”行"),
    Case("收费按元写", "table2-figures", "AR501",
         _sentence_case("全年收取行政事业性收费125000元。", "全年收取行政事业性收费135000元。"), "行政事业性收费"),
    Case("均已办结而有结转", "statements", "AR502",
         _sentence_case("全年申请均在法定期限内答复。", "所有申请均已按期办结。", prepare=_carried_out), "结转下年度"),
    Case("分项大于总数（新媒体）", "parts-wholes", "AR506",
         _sentence_case("全年主动公开信息2600条，包括政府网站400条、政务新媒体1820条。",
                        "全年主动公开信息260条，包括政府网站40条、政务新媒体1820条。"), "大于总数 260", "error"),
    Case("分项在下一句且用分号", "parts-wholes", "AR506",
         _sentence_case("主动公开政府信息130条。其中，通过门户网站52条；通过公开栏75条。",
                        "主动公开政府信息70条。其中，通过门户网站52条；通过公开栏75条。"), "“通过公开栏” 75 大于总数 70", "error"),
    Case("括号中的嵌套列表", "parts-wholes", "AR506",
         _sentence_case("主动公开政府信息70条，其中财政信息8条（其中，预决算3条、“三公”经费2条），人事信息5条。",
                        "主动公开政府信息70条，其中财政信息8条（其中，预决算3条、“三公”经费9条），人事信息5条。"), "大于总数 8", "error"),
    Case("渠道重叠之和超出", "parts-wholes", "AR503",
         _sentence_case("全年主动公开信息260条，其中政府网站200条、政务新媒体50条。",
                        "全年主动公开信息260条，其中政府网站200条、政务新媒体100条。"), "超过总数 260", "warning"),
    Case("表中收费金额六位小数", "unit-precision", "AR114",
         lambda defective: (_table_a(base()), {"blank": "zeros", "overrides": {("A", "行政事业性收费", "本年收费金额（单位：万元）"): "86.314725" if defective else "86.31"}}),
         "小数 6 位", "warning"),
    Case("第四部分标题错字", "structure", "AR611", _plain_case(),
         "“四、政府信息公开行政复议、行政讼诉情况”", "warning", edit=_retype_heading("四、政府信息公开", "行政诉讼", "行政讼诉")),
    Case("第六部分编号改成五", "structure", "AR611", _plain_case(),
         "标题编号写成了“五”", "warning", edit=_retype_heading("六、其他", "六、", "五、")),
    Case("行名中留有填表说明", "structure", "AR023", _plain_case(), "留有填表说明“（乡镇、街道不填）”", "warning", edit=_label_note),
    Case("一是二是二是", "structure", "AR613", _plain_case(_ordinals), "“二是”重复", "warning"),
    Case("段首编号跳号", "structure", "AR613", _plain_case(_sub_numbers), "跳号", "warning"),
    Case("标题没有年度", "structure", "AR614", _title, "没有写年度", "warning"),
    Case("邻镇的名称", "whose-which-year", "AR410",
         _town("白沙镇扎实推进政务公开工作，我镇坚持以公开为常态。", "青溪镇扎实推进政务公开工作，我镇坚持以公开为常态。"), "“青溪镇”", "warning"),
    Case("乡镇报告自称我局", "whose-which-year", "AR411",
         _town("我镇严格落实保密审查制度。", "我局严格落实保密审查制度。"), "自称“我局”", "warning"),
    Case("总体情况以上年开头", "whose-which-year", "AR412",
         _town("2023年，我镇坚持以公开为常态，针对2022年评议指出的问题完成整改。", "2022年，我镇坚持以公开为常态。"), "把 2022 年当作本年度", "warning"),
    Case("自称加上年年份", "whose-which-year", "AR412",
         _town("我镇2023年主动公开政府信息120条。", "我镇2022年主动公开政府信息120条。"), "把 2022 年当作本年度", "warning"),
    Case("下一步写成报告年度", "whose-which-year", "AR412",
         _town("下一步，2024年我镇将进一步加强政策解读。", "下一步，2023年我镇将进一步加强政策解读。", part="五"), "应为 2024 年", "warning"),
    Case("未发生行政处罚而表有数", "statements", "AR502",
         _sentence_case("本年度依法公开行政处罚决定。", "本年度未发生行政处罚。"), "“行政处罚”行"),
]
