"""Narratives written the way published 乡镇/街道 and 县直部门 reports write them, filled with
the figures of a consistent data dict — for the text-vs-table rules' false-alarm corpus.

Each style is one office's habit (as seen in published reports): the figures they state and
the words around them, the lists (其中、包括、括号、分别为、下一句“其中，”), Chinese numerals, 万元,
复议诉讼 and their results.  Every stated figure agrees with the tables, so AR5xx must stay
silent on all of them.
"""

from __future__ import annotations

import copy
import random

from annual_report.model.layout import B_ORG_COLUMNS
from synth import consistent_data

_DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """An independent writer of Chinese numerals below 1000 (十二, 一百零五, 二十)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    head = _DIGITS[n // 100] + "百"
    if rest == 0:
        return head
    return head + ("零" + _DIGITS[rest] if rest < 10 else _DIGITS[rest // 10] + "十" + (_DIGITS[rest % 10] if rest % 10 else ""))


def figures_of(data: dict) -> dict:
    rows = {r["项目"]: r for r in data["tables"]["B"]["rows"]}
    by_prefix = lambda p: next(r for k, r in rows.items() if k.startswith(p))  # noqa: E731
    b = data["tables"]["B"]["rows"]

    def group(first, last):
        start = next(i for i, r in enumerate(b) if r["项目"].startswith(first))
        return sum(r["总计"] for r in b[start : start + last])

    c = {r["项目"]: r for r in data["tables"]["C"]["rows"]}
    a = {r["信息内容"]: r for r in data["tables"]["A"]["rows"]}
    new = by_prefix("一、")
    f = {
        "year": data["year"],
        "new": new["总计"],
        "nat": new["自然人"],
        "org": sum(new[k] for k in B_ORG_COLUMNS),
        "cin": by_prefix("二、")["总计"],
        "open": by_prefix("（一）")["总计"],
        "partial": by_prefix("（二）")["总计"],
        "deny": group("1.属于国家秘密", 8),
        "unable": group("1.本机关不掌握", 3),
        "noproc": group("1.信访举报", 5),
        "other": group("1.申请人无正当理由", 3),
        "total": by_prefix("（七）")["总计"],
        "cout": by_prefix("四、")["总计"],
        "review": c["行政复议"]["总计"],
        "kept": c["行政复议"]["结果维持"],
        "corrected": c["行政复议"]["结果纠正"],
        "lit": c["未经复议直接起诉"]["总计"] + c["复议后起诉"]["总计"],
        "made": a["行政规范性文件"]["本年制发件数"],
        "repealed": a["行政规范性文件"]["本年废止件数"],
        "inforce": a["行政规范性文件"]["现行有效件数"],
        "fee": a["行政事业性收费"]["本年收费金额（单位：万元）"],
    }
    return f


def _litigation(f) -> str:
    if f["review"] == 0 and f["lit"] == 0:
        return "本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。"
    text = f"全年发生政府信息公开行政复议{f['review']}件、行政诉讼{f['lit']}件"
    if f["review"] and f["kept"] == f["review"]:
        text += "，行政复议均获维持"
    elif f["review"]:
        text += f"；行政复议结果维持{f['kept']}件、纠错{f['corrected']}件"
    return text + "。"


def _fee(f) -> str:
    fee = f["fee"]
    if not fee:
        return "本年度未收取行政事业性收费。"
    return f"本年度行政事业性收费{fee:g}万元，收费项目和标准均在专栏公开。"


FIVE = [
    "存在的主要问题：一是政策解读的形式还不够丰富，图解、视频解读占比不高；二是村（社区）公开栏更新不够及时。",
    "改进情况：针对上年度指出的问题，已建立栏目更新台账，明确专人负责；下一步将加强业务培训，开展政务公开培训2次，提升信息发布质量。",
]
SIX = [
    "本年度未收取信息处理费。",
    "对照年度政务公开工作要点，逐项落实各项任务，办理人大代表建议3件、政协委员提案2件，均已按期办结并公开办理结果。",
]


def style_township(f) -> list[str]:
    """乡镇：一句写新收和申请人，一句写办理结果（六类全列）。"""
    return [
        f"（二）依申请公开。{f['year']}年，我镇共收到政府信息公开申请{f['new']}件，其中自然人申请{f['nat']}件，法人或其他组织申请{f['org']}件；上年结转{f['cin']}件。"
        f"全年办结{f['total']}件，其中予以公开{f['open']}件，部分公开{f['partial']}件，不予公开{f['deny']}件，无法提供{f['unable']}件，不予处理{f['noproc']}件，其他处理{f['other']}件；结转下年度继续办理{f['cout']}件。",
        _litigation(f),
    ]


def style_next_sentence(f) -> list[str]:
    """分项写在下一句：“……办结N件。其中，……”"""
    return [
        f"本年度新收政府信息公开申请{f['new']}件，上年结转{f['cin']}件，共办结{f['total']}件。其中，予以公开{f['open']}件，部分公开{f['partial']}件，无法提供{f['unable']}件。",
        _litigation(f),
    ]


def style_parenthesis(f) -> list[str]:
    """县直部门：括号里的列表，后面还有别的数字。"""
    return [
        f"{f['year']}年，本局受理政府信息公开申请{f['new']}件（其中自然人{f['nat']}件、法人或其他组织{f['org']}件），办结{f['total']}件（予以公开{f['open']}件、部分公开{f['partial']}件），结转下年度{f['cout']}件。",
        f"本年度制发行政规范性文件{f['made']}件，废止{f['repealed']}件，截至年底现行有效行政规范性文件{f['inforce']}件。",
        _fee(f),
    ]


def style_chinese_numerals(f) -> list[str]:
    """中文数字。"""
    return [
        f"全年共收到政府信息公开申请{chinese(f['new'])}件，上年结转{chinese(f['cin'])}件。予以公开{chinese(f['open'])}件，部分公开{chinese(f['partial'])}件，不予处理{chinese(f['noproc'])}件。",
        _litigation(f),
    ]


def style_respectively(f) -> list[str]:
    """“分别为”。"""
    return [
        f"本年度办结政府信息公开申请{f['total']}件，其中予以公开、部分公开、不予公开分别为{f['open']}件、{f['partial']}件、{f['deny']}件，另有{f['cout']}件因需征求第三方意见，结转下年度继续办理。",
    ]


def style_joined(f) -> list[str]:
    """“予以公开及部分公开”合写。"""
    return [
        f"全年新收政府信息公开申请{f['new']}件，予以公开及部分公开{f['open'] + f['partial']}件，不予公开{f['deny']}件，无法提供{f['unable']}件，不予处理{f['noproc']}件。",
        f"全年主动公开政府信息412条，其中通过政府网站公开300条、政务新媒体112条；组织培训3次，参训120人次。",
    ]


def style_including(f) -> list[str]:
    """“包括”列表与冒号列表。"""
    return [
        f"从办理结果看，包括予以公开{f['open']}件、部分公开{f['partial']}件、无法提供{f['unable']}件。",
        f"共办结{f['total']}件：予以公开{f['open']}件，部分公开{f['partial']}件，不予公开{f['deny']}件，无法提供{f['unable']}件，不予处理{f['noproc']}件，其他处理{f['other']}件。",
    ]


def style_department(f) -> list[str]:
    """部门：先写申请人构成，再写比例，数字后接同比。"""
    return [
        f"（二）依申请公开。本年度新收政府信息公开申请{f['new']}件，较上年增加2件；从申请人看，自然人提出申请{f['nat']}件。",
        f"全年答复办结{f['total']}件，按时答复率100%，无逾期答复情况。",
        _litigation(f),
    ]


def style_street(f) -> list[str]:
    """街道：收到与上年结转合计，热线等其他工作的数字。"""
    both = f["new"] + f["cin"]
    return [
        f"{f['year']}年，街道共收到政府信息公开申请{both}件（含上年结转{f['cin']}件），已办结{f['total']}件。",
        f"受理12345热线工单300件，答复300件；开展“政府开放日”活动2场，邀请居民代表40人次参加。",
    ]


def style_brief(f) -> list[str]:
    """短报告：行政复议、诉讼与结果写在一起。"""
    text = f"本年度复议{f['review']}件、诉讼{f['lit']}件。"
    if f["review"]:
        text += f"行政复议{f['review']}件，其中结果维持{f['kept']}件、结果纠正{f['corrected']}件。"
    return [f"本年度办理政府信息公开申请{f['total']}件，均已按时答复。", text, _fee(f)]


STYLES = [
    style_township,
    style_next_sentence,
    style_parenthesis,
    style_chinese_numerals,
    style_respectively,
    style_joined,
    style_including,
    style_department,
    style_street,
    style_brief,
]


def _with_cases(data: dict, rng: random.Random) -> None:
    """Table C with some cases (consistent rows), as some reports have."""
    for row in data["tables"]["C"]["rows"]:
        kept, corrected = rng.randint(0, 2), rng.randint(0, 1)
        row.update({"结果维持": kept, "结果纠正": corrected, "其他结果": 0, "尚未审结": 0, "总计": kept + corrected})


def corpus(n: int = 12) -> list[dict]:
    """``n`` consistent data dicts, each with a narrative in one of the styles."""
    out = []
    for i in range(n):
        rng = random.Random(100 + i)
        data = copy.deepcopy(consistent_data(2023, rng, body=f"示例{i}镇人民政府"))
        if i % 3 == 1:
            _with_cases(data, rng)
        f = figures_of(data)
        style = STYLES[i % len(STYLES)]
        data["parts"]["一"] = [
            f"{f['year']}年，我镇坚持以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开。",
            *style(f),
        ]
        data["parts"]["五"] = list(FIVE)
        data["parts"]["六"] = list(SIX)
        out.append(data)
    return out
