"""AR6xx (completeness): the six parts, the preface, what parts 五 and 六 must say, and
wording defects."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..model.layout import PART_NUMBERS, PART_TITLES, table_name
from ..plugins.hookspecs import hookimpl
from ..plugins.rule_api import rule


def _pages_unread(report) -> bool:
    """Pages of a published report that are pictures, or pages of a web article that were
    not saved, were not read (AR022 says so once): what they held is not missing."""
    return any(i.kind in ("page_image", "pages_not_saved") for i in report.issues)


@rule("AR601", "parts-missing-or-out-of-order", title="六个部分不全或顺序不对")
def parts_order(report, ctx):
    """
    ## 检查内容
    报告应依次包括：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；
    四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项。
    接受常见的标题变体（如“政府信息公开行政复议和行政诉讼情况”“存在的问题及改进情况”）。
    已发布的 PDF 中有整页是图片、或分页网页只保存了一部分（由 AR022 报告一次）时，未读取的页上的部分不按缺少报告。

    ## 为什么
    这是法定格式（国办公开办函〔2021〕30号）规定的结构；缺少部分是实质性缺项。格式本身在表三最后一行和第四部分
    各印了一个“四、”，这不是错误。

    ## 示例
    缺少第五部分“存在的主要问题及改进情况”

    ## 配置
    无选项。
    """
    found = [p.number for p in report.parts]
    missing = [n for n in PART_NUMBERS if n not in found]
    if _pages_unread(report):
        missing = []  # pages that are pictures were not read: said once (AR022), not as parts missing
    for n in missing:
        yield ctx.finding(f"缺少第{n}部分“{PART_TITLES[n]}”", values={"missing": n})
    present = [n for n in found if n in PART_NUMBERS]
    order = [PART_NUMBERS.index(n) for n in present]
    if order != sorted(order):
        yield ctx.finding("各部分顺序不对：实际顺序为" + "、".join(present) + "，应为一至六", values={"order": present})
    seen = set()
    for p in report.parts:
        if p.number in seen:
            yield ctx.finding(f"第{p.number}部分出现了两次（“{p.heading}”）", part=p.number, docx_paragraph=p.source)
        seen.add(p.number)


_PREFACE_PARTS = re.compile(r"(?:由|包括|分为)(?P<list>.{4,120}?)(?P<count>[一二三四五六七八九十\d])个?部分")


@rule("AR602", "preface-parts-mismatch", title="引言所列的组成部分与报告实际不符", severity="warning")
def preface_parts(report, ctx):
    """
    ## 检查内容
    引言中“全文包括……六个部分”或“由……等部分组成”所说的部分数，应与报告实际的部分数一致。

    ## 为什么
    删改部分后忘了改引言，是常见的前后不一。

    ## 示例
    引言说报告由五个部分组成，实际有六个部分

    ## 配置
    无选项。
    """
    from ..text.numerals import chinese_to_int

    for p in report.preface:
        m = _PREFACE_PARTS.search(unicodedata.normalize("NFKC", p.text))
        if not m:
            continue
        c = m.group("count")
        count = int(c) if c.isdigit() else chinese_to_int(c)
        actual = len({x.number for x in report.parts})
        if count and count != actual and not _pages_unread(report):
            yield ctx.finding(f"引言说报告由{c}个部分组成，实际有{actual}个部分", docx_paragraph=p.source, values={"stated": count, "actual": actual})


@rule("AR603", "part6-fee-not-stated", title="第六部分没有说明信息处理费收取情况", severity="warning")
def fee_statement(report, ctx):
    """
    ## 检查内容
    第六部分应说明依据《政府信息公开信息处理费管理办法》收取信息处理费的情况，未收取的也要写明。
    表三“（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用”不为 0 时，说明本年发出过收费通知，更应说明。

    ## 为什么
    法定格式要求在“其他需要报告的事项”中报告信息处理费收取情况。注意信息处理费与表二的“行政事业性收费”不是一回事。

    ## 示例
    第六部分没有说明信息处理费的收取情况（未收取也应写明）

    ## 配置
    无选项。
    """
    part = report.part("六")
    if part is None:
        return
    if "信息处理费" in part.text or "处理费" in part.text:
        return
    b = report.tables.get("B")
    notices = b.get("other.2", "总计") if b is not None and b.layout.has_row("other.2") else None
    extra = f"；表三“逾期未按收费通知要求缴纳费用”为 {notices}，说明发出过收费通知" if isinstance(notices, (int, float)) and notices > 0 else ""
    yield ctx.finding(f"第六部分没有说明信息处理费的收取情况（未收取也应写明）{extra}", part="六")


PLAN_WORDS = ("要点", "工作计划", "工作方案", "重点工作", "工作任务")


@rule("AR604", "part6-workplan-not-stated", title="第六部分没有说明年度政务公开工作要点的落实情况", severity="warning")
def workplan_statement(report, ctx):
    """
    ## 检查内容
    第六部分通常应说明本年度政务公开工作要点（或重点工作安排）的落实情况。

    ## 为什么
    审核要求年报主要内容与年度工作要点相对应；对要点只字不提，说明报告没有对照要点总结。

    ## 示例
    第六部分没有说明本年度政务公开工作要点的落实情况

    ## 配置
    工作区 workplans/ 中放入本年度要点后，AR605 会逐项核对要点任务。
    """
    part = report.part("六")
    if part is None:
        return
    if any(w in part.text for w in PLAN_WORDS):
        return
    yield ctx.finding("第六部分没有说明本年度政务公开工作要点的落实情况", part="六")


FOLLOW_UP = ("上年", "上一年", "去年", "上年度", "往年", "整改", "已解决", "得到解决", "改进情况")


@rule("AR606", "part5-no-follow-up", title="第五部分没有说明上年度问题的整改情况", severity="warning")
def follow_up(report, ctx):
    """
    ## 检查内容
    第五部分“存在的主要问题及改进情况”应说明上一年度报告所列问题的改进情况，而不只是列出本年的问题。

    ## 为什么
    法定格式要求报告“改进情况”；只写问题、不写上年问题的整改，审核时会被指出。

    ## 示例
    第五部分没有说明上年度问题的整改情况（未出现“上年”“整改”等表述）

    ## 配置
    无选项。
    """
    part = report.part("五")
    if part is None or not part.paragraphs:
        return
    if any(w in part.text for w in FOLLOW_UP):
        return
    yield ctx.finding("第五部分没有说明上年度问题的整改情况（未出现“上年”“整改”等表述）", part="五")


_ITEMS = re.compile(r"(?:[一二三四五六七八九十]是|[（(][一二三四五六七八九十][）)]|(?<![\d.])\d[.、．])\s*(?P<text>[^；;。]+)")
PROBLEM_WORDS = ("问题", "不足", "短板", "差距", "薄弱")
MEASURE_HEADS = ("改进措施", "下一步", "整改措施", "改进方向", "今后")
_MEASURE_LEAD = re.compile(r"^(?:改进措施|整改措施|下一步|今后)[：:，,]?\s*(?:[我本][镇乡局委办县区市街][道]?|本机关|我们)?\s*将?")
FOLLOW_UP_HEADS = ("上年", "上一年", "去年", "整改情况", "年度报告", "整改")


def _items(text: str) -> list[str]:
    found = [m.group("text").strip("，, ") for m in _ITEMS.finditer(text)]
    if not found:
        head, _, rest = text.partition("：")
        found = [t.strip() for t in re.split(r"[；;]", rest or head) if t.strip()]
    return [t for t in found if len(t) >= 4]


def last_year_problems(part) -> list[tuple[str, str]]:
    """(problem, the measure announced for it) for each problem last year's part 五 lists.
    A measure is paired with a problem when the measures paragraph lists as many items."""
    problems: list[str] = []
    measures: list[str] = []
    for p in part.paragraphs:
        text = p.text.strip()
        if any(w in text[:30] for w in MEASURE_HEADS):
            measures += [_MEASURE_LEAD.sub("", t) for t in _items(text)]
        elif any(w in text[:30] for w in FOLLOW_UP_HEADS):
            continue  # that year's own follow-up of the year before
        elif any(w in text for w in PROBLEM_WORDS):
            problems += _items(text)
    paired = measures if len(measures) == len(problems) else [""] * len(problems)
    return list(zip(problems, paired))


@rule(
    "AR621",
    "last-year-problem-not-followed-up",
    title="上年度报告所列问题，本年度报告没有说明整改情况（回头看）",
    severity="warning",
    needs="history",
    options={"threshold": 0.25},
)
def problems_followed_up(report, ctx):
    """
    ## 检查内容
    对照上一年度报告第五部分列出的问题（“一是……二是……”等），逐条看本年度报告第五部分是否说到它的整改：问题或
    上年针对它提出的改进措施，其关键词（去掉“加强、推进、信息公开”等通用词）的二字片段有四分之一以上（默认）
    出现在本年度第五部分说整改的段落（以“上年”“整改情况”等开头；没有这样的段落时为整个第五部分）中，视为说到了。整改的说法与问题本身用词往往不同，所以门槛较低，只抓完全没有交代的问题。

    ## 为什么
    “回头看”：法定格式第五部分是“存在的主要问题及改进情况”，上年自己列出的问题，今年应当交代改了没有、改得怎样；
    只笼统说“上年问题已整改”而不提具体问题，审核时同样会被追问。AR606 只看有没有整改的表述，本规则逐条核对。

    ## 示例
    2022年度报告第五部分所列问题“部分重点领域信息只公开结果，过程信息公开不足”，本年度报告第五部分没有说明整改情况

    ## 配置
    [rules.options.AR621] threshold = 0.4（要求出现的关键词比例）；需要上一年度报告（--history 或工作区往年数据）。
    """
    from .workplan import bigrams, coverage

    prev = ctx.previous
    part, old = report.part("五"), prev.part("五") if prev is not None else None
    if part is None or old is None or not part.paragraphs:
        return
    # where this year's report speaks of last year's problems, when it says so; else the whole part
    follow = [p.text for p in part.paragraphs if any(w in p.text[:30] for w in FOLLOW_UP_HEADS) and not any(w in p.text[:30] for w in MEASURE_HEADS)]
    have = bigrams(unicodedata.normalize("NFKC", "".join(follow) or part.text))
    threshold = ctx.options["threshold"]
    for problem, measure in last_year_problems(old):
        score = max(coverage(problem, have), coverage(measure, have) if measure else 0.0)
        if score < threshold:
            yield ctx.finding(
                f"{prev.year}年度报告第五部分所列问题“{problem}”，本年度报告第五部分没有说明整改情况",
                part="五",
                values={"problem": problem, "measure": measure, "coverage": round(score, 2), "previous_year": prev.year},
            )


LEFTOVERS = re.compile(r"[（(]此处[^）)]{0,20}[）)]|编写说明|填写说明|[（(]填写[^）)]{0,20}[）)]|[×X]{2,}|○○|XX[镇乡县市局]|【[^】]{0,12}(?:填写|待定|待补充)[^】]{0,12}】")
DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,4})\1")
ALLOWED_DOUBLES = {"公开公开"}  # placeholder for phrases that legitimately repeat (none known)


def _template_phrases() -> list[str]:
    from ..reference import load_phrases
    from ..resources import data_dir

    return sorted(load_phrases(data_dir() / "template_residue.txt"), key=len, reverse=True)


TEMPLATE_PHRASES = _template_phrases()


def _residue(text: str):
    """(phrase, from the official template?) of each leftover in ``text``."""
    t = text.replace(" ", "").replace("\u3000", "")
    for phrase in TEMPLATE_PHRASES:
        if phrase in t:
            yield phrase, True
            return  # the longest phrase of the template said once per paragraph
    for m in LEFTOVERS.finditer(text):
        yield m.group(0), False


@rule("AR607", "template-leftovers", title="残留模板提示文字或占位符", severity="warning")
def leftovers(report, ctx):
    """
    ## 检查内容
    标题、正文或表格中残留模板的提示文字或占位符：格式模板自带的“（文字描述）”“（文字描述，收取信息处理费情况
    在此处报告。）”“政府信息公开工作年度报告格式模板”（见 data/template_residue.txt），以及“（此处填写……）”
    “编写说明”“XX镇”“××”等。

    ## 为什么
    这类文字说明报告是照模板填的、没有最后校对，公开后影响政府形象。

    ## 示例
    第一部分第1段残留模板提示或占位符“（文字描述）”

    ## 配置
    无选项。模板提示文字可在 src/annual_report/data/template_residue.txt 中增补。工作要点落实情况的待填标记
    “【请填写落实情况】”由 AR620 逐项报告，这里不重复。

    ## 严重程度
    格式模板自带的提示文字（某一部分只有“（文字描述）”、标题还是“格式模板”）是错误：这一部分实际没有写，
    审核时会退回；其他占位符（“××”“XX镇”等）是警告，需要人工判断。
    """
    from ..reference.workplans import PLACE

    if report.title:
        for phrase, official in _residue(report.title):
            yield ctx.finding(f"标题残留模板提示或占位符“{phrase}”", values={"text": phrase}, severity="error" if official else None)
    for p in report.paragraphs():
        for phrase, official in _residue(p.text):
            if phrase == PLACE:
                continue  # the work plan section's place for the officer: AR620 names its task
            where = {"part": p.part, "paragraph": p.index} if p.part else {"docx_paragraph": p.source}
            yield ctx.finding(f"残留模板提示或占位符“{phrase}”", values={"text": phrase}, severity="error" if official else None, **where)
    for name, table in sorted(report.tables.items()):
        for (row_id, col_id), raw in table.raw.items():
            for phrase, official in _residue(raw or ""):
                row = table.layout.row(row_id) if table.layout.has_row(row_id) else None
                yield ctx.finding(
                    f"{table_name(name)}“{row.name if row else row_id}”行“{col_id}”列残留模板提示或占位符“{phrase}”",
                    table=name,
                    row=row_id,
                    column=col_id,
                    values={"text": phrase},
                    severity="error" if official else None,
                )


@rule("AR608", "doubled-words", title="词语重复（如“资金资金”）", severity="info")
def doubled(report, ctx):
    """
    ## 检查内容
    同一个词连写两遍，如“资金资金”“政务公开政务公开”。

    ## 为什么
    多是编辑时粘贴失误，发布前应校对。

    ## 示例
    第一部分第3段“资金资金”词语重复

    ## 配置
    可在 rules.disable 中关闭。同一段中同一处重复只报告一次。
    """
    for p in report.paragraphs():
        seen: set[str] = set()
        for m in DOUBLED.finditer(p.text):
            word = m.group(1)
            if len(set(word)) == 1 or m.group(0) in ALLOWED_DOUBLES or m.group(0) in seen:
                continue  # 常常、人人 and the like; a word doubled again in the paragraph
            seen.add(m.group(0))
            where = {"part": p.part, "paragraph": p.index} if p.part else {"docx_paragraph": p.source}
            yield ctx.finding(f"“{m.group(0)}”词语重复", values={"text": m.group(0)}, **where)


@rule("AR609", "statistics-period-missing", title="引言中没有统计期限", severity="warning")
def period_missing(report, ctx):
    """
    ## 检查内容
    引言应写明“本报告中所列数据的统计期限自YYYY年1月1日起至YYYY年12月31日止”。

    ## 为什么
    法定格式的引言包括统计期限；没有它，读者无法确定表格数字的口径。

    ## 示例
    引言中没有写明统计期限

    ## 配置
    无选项。统计期限的年份与报告年度不符由 AR121 报告。
    """
    if report.source.kind == "json":
        return  # the data file's preface is generated with the period unless the user wrote one
    if _pages_unread(report):
        return  # the preface may be on a page not read (AR022)
    if not report.meta.get("period"):
        yield ctx.finding("引言中没有写明统计期限（本报告中所列数据的统计期限自…年1月1日起至…年12月31日止）")


_HALF = re.compile(r"(?<=[\u4e00-\u9fff])[,;:?!](?=[\u4e00-\u9fff])")


@rule("AR610", "halfwidth-punctuation", title="中文文字中使用了半角标点", severity="info")
def halfwidth(report, ctx):
    """
    ## 检查内容
    汉字之间用了半角的逗号、分号、冒号、问号或叹号（, ; : ? !），应使用全角标点（，；：？！）。

    ## 为什么
    公文中文字应使用全角标点；半角标点多来自从其他系统复制的文字。

    ## 示例
    第一部分第2段“申请,办结”中使用了半角标点“,”

    ## 配置
    可在 rules.disable 中关闭。每段只报告第一处。
    """
    for p in report.paragraphs():
        m = _HALF.search(p.text)
        if m:
            context = p.text[max(0, m.start() - 4): m.end() + 4]
            where = {"part": p.part, "paragraph": p.index} if p.part else {"docx_paragraph": p.source}
            yield ctx.finding(f"“{context}”中使用了半角标点“{m.group(0)}”", values={"text": context}, **where)


# --- structure: headings, numbering, title ------------------------------------------------------------

_HEADING_NUMBER = re.compile(r"^\s*第?([一二三四五六七八九十]+)\s*[、.．,，:：\s]")
_CN = "一二三四五六七八九十"


@lru_cache(maxsize=1)
def _heading_variants() -> dict[str, tuple[str, ...]]:
    from ..resources import data_toml

    return {n: tuple(v) for n, v in data_toml("part_headings.toml").items()}


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("(", "（").replace(")", "）")


def _cn_number(word: str) -> int | None:
    """一…九十九 → 1…99."""
    if not word or any(ch not in _CN for ch in word):
        return None
    if word == "十":
        return 10
    if "十" in word:
        a, _, b = word.partition("十")
        return (_CN.index(a) + 1 if a else 1) * 10 + (_CN.index(b) + 1 if b else 0)
    return _CN.index(word) + 1 if len(word) == 1 else None


@rule("AR611", "part-heading-typo", title="部分标题有错字、漏字或编号不对", severity="warning")
def heading_typos(report, ctx):
    """
    ## 检查内容
    六个部分的标题与法定标题（及 data/part_headings.toml 中的常见变体）逐字比较：有错字、漏字、颠倒的字
    （如“四、政府信息公开行政复议、行政讼诉情况”），或标题的编号与它是第几部分不符（如删去一个部分后
    把“六、其他需要报告的事项”改编成“五、”）。读取时这样的标题仍按它最接近的部分识别，不当作缺少该部分。

    ## 为什么
    标题是法定格式的一部分，审核时会要求逐字改正；编号不对往往说明有部分被删去或合并了。

    ## 示例
    第四部分标题“四、政府信息公开行政复议、行政讼诉情况”与法定标题“政府信息公开行政复议、行政诉讼情况”不一致，疑有错字或漏字

    ## 配置
    标题变体在 data/part_headings.toml，可增补。

    ## 严重程度
    警告：内容不受影响，但发布前要改正。
    """
    variants = _heading_variants()
    for part in report.parts:
        if part.number not in variants or not part.heading:
            continue
        heading = part.heading.strip()
        m = _HEADING_NUMBER.match(unicodedata.normalize("NFKC", heading))
        where = {"part": part.number, "docx_paragraph": part.source, "quote": heading}
        if m and m.group(1) != part.number and _cn_number(m.group(1)):
            yield ctx.finding(
                f"第{part.number}部分“{PART_TITLES[part.number]}”的标题编号写成了“{m.group(1)}”（“{heading}”）",
                values={"heading": heading, "numbered": m.group(1)},
                **where,
            )
        text = _plain(heading[m.end():] if m else heading).rstrip("。:：")
        if not m and not text.endswith(tuple(_plain(v) for v in variants[part.number])):
            continue  # an unnumbered heading the reader placed by its wording: nothing to compare
        known = [_plain(v) for v in variants[part.number]]
        if text in known or any(text.endswith(k) and text.startswith("政府信息公开") for k in known):
            continue
        yield ctx.finding(
            f"第{part.number}部分标题“{heading}”与法定标题“{PART_TITLES[part.number]}”不一致，疑有错字或漏字",
            values={"heading": heading, "expected": PART_TITLES[part.number]},
            **where,
        )


_SUB = re.compile(r"^\s*[（(]([一二三四五六七八九十]+)[)）]")
_ORDINAL = re.compile(r"(?:^|(?<=[，,。；;：:、\s]))([一二三四五六七八九十]+)是")


def _sequence_problem(numbers: list[int], shown) -> str:
    """What is wrong with 1, 2, 3 … as written (``shown(n)`` as the report writes n), or ""."""
    for i, n in enumerate(numbers):
        if i == 0:
            if n != 1:
                return f"从“{shown(n)}”开始"
            continue
        prev = numbers[i - 1]
        if n == prev:
            return f"“{shown(n)}”重复"
        if n != prev + 1:
            return f"“{shown(prev)}”之后是“{shown(n)}”，跳号" if n > prev else f"“{shown(prev)}”之后又是“{shown(n)}”"
    return ""


def _cn(n: int) -> str:
    if n <= 10:
        return _CN[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens - 1]) + "十" + (_CN[ones - 1] if ones else "")


@rule("AR613", "list-numbering", title="（一）（二）或“一是、二是”编号重复或跳号", severity="warning")
def list_numbering(report, ctx):
    """
    ## 检查内容
    每个部分中段首的（一）（二）（三）……，以及一段中的“一是……二是……三是……”，应从一开始依次编号，
    不重复、不跳号（如“一是……二是……二是……”“（一）……（三）……”）。

    ## 为什么
    编号重复或跳号多是删改段落后没有重新编号，审核时会要求改正。

    ## 示例
    第五部分第1段“一是……二是……二是……”编号“二”重复

    ## 配置
    无选项。

    ## 严重程度
    警告：不影响内容，但发布前要改正。
    """
    for part in report.parts:
        heads = []
        for p in part.paragraphs:
            m = _SUB.match(unicodedata.normalize("NFKC", p.text))
            if m and (n := _cn_number(m.group(1))):
                heads.append((n, p))
        problem = _sequence_problem([n for n, _ in heads], lambda n: f"（{_cn(n)}）")
        if problem:
            listed = "".join(f"（{_cn(n)}）" for n, _ in heads)
            first = heads[0][1]
            yield ctx.finding(
                f"第{part.number}部分各段的编号{listed}中{problem}",
                values={"numbers": [n for n, _ in heads]},
                part=part.number,
                paragraph=first.index,
            )
        for p in part.paragraphs:
            numbers = [n for m in _ORDINAL.finditer(p.text) if (n := _cn_number(m.group(1)))]
            if len(numbers) < 2:
                continue
            problem = _sequence_problem(numbers, lambda n: f"{_cn(n)}是")
            if problem:
                shown = "……".join(f"{_cn(n)}是" for n in numbers)
                yield ctx.finding(
                    f"第{part.number}部分第{p.index + 1}段“{shown}……”中{problem}",
                    values={"numbers": numbers},
                    part=part.number,
                    paragraph=p.index,
                )


_TITLE_YEAR = re.compile(r"(?:19|20)\d{2}\s*年|[〇零一二][〇零一二三四五六七八九]{3}年")


@rule("AR614", "title-without-year-or-body", title="标题缺少年度或机关名称", severity="warning")
def title_parts(report, ctx):
    """
    ## 检查内容
    标题应为“机关名称 + 年度 + 政府信息公开工作年度报告”，如“东山县白沙镇人民政府2023年政府信息公开工作
    年度报告”。缺少年度（“白沙镇人民政府政府信息公开工作年度报告”）或缺少机关名称（“2023年政府信息公开
    工作年度报告”）时提示。

    ## 为什么
    报告在网站上与其他机关、其他年度的报告放在一起，标题不写年度或机关，读者无从分辨。

    ## 示例
    标题“白沙镇人民政府政府信息公开工作年度报告”没有写年度

    ## 配置
    无选项。没有找到标题时由 AR013 报告。
    """
    title = (report.title or "").strip()
    if not title or report.source.kind == "json":
        return
    plain = unicodedata.normalize("NFKC", title)
    m = _TITLE_YEAR.search(plain)
    if not m:
        yield ctx.finding(f"标题“{title}”没有写年度", values={"title": title, "missing": "year"})
        return
    before = re.sub(r"^关于|\s+", "", plain[: m.start()])
    if not before:
        after = plain[m.end():]
        body = re.split(r"度?(?:政府)?信息公开", after)[0].lstrip("度").strip()
        if not body:
            yield ctx.finding(f"标题“{title}”没有写机关名称", values={"title": title, "missing": "body"})


@hookimpl
def register_rules(register):
    for r in (parts_order, preface_parts, fee_statement, workplan_statement, follow_up, problems_followed_up, leftovers, doubled, period_missing, halfwidth, heading_typos, list_numbering, title_parts):
        register(r)
