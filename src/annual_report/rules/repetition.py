"""AR4xx: work described, and problems repeated, in the same words year after year."""

from __future__ import annotations

from functools import lru_cache

from ..plugins.hookspecs import hookimpl
from ..plugins.rule_api import rule
from ..text.similarity import containment, longest_shared, mask_mapped, masked_shingles, shared_runs

NARRATIVE = ("一", "五", "六")


def _prepared(report, parts, boilerplate, min_chars):
    out = []
    for p in report.paragraphs(parts):
        m, sh = masked_shingles(p.text, boilerplate)
        if len(m) >= min_chars:
            out.append((p, m, sh))
    return out


def _older(ctx, years_back):
    """Every earlier report of the history within ``years_back`` years, newest first."""
    older = [h for h in ctx.history if h.year and ctx.report.year and 0 < ctx.report.year - h.year <= years_back]
    return sorted(older, key=lambda h: -h.year)


def _matches(ctx, parts, threshold, min_chars, years_back):
    """(paragraph, best older paragraph, older report, score) over the history."""
    boilerplate = tuple(ctx.reference.items("boilerplate"))
    mine = _prepared(ctx.report, parts, boilerplate, min_chars)
    if not mine:
        return
    older = _older(ctx, years_back)
    prepared = [(h, _prepared(h, parts, boilerplate, min_chars)) for h in sorted(older, key=lambda h: -h.year)]
    for p, _m, sh in mine:
        best = None
        for h, theirs in prepared:
            for q, _qm, qsh in theirs:
                score = containment(sh, qsh)
                if best is None or score > best[3]:
                    best = (p, q, h, score)
        if best is not None and best[3] >= threshold:
            yield best


def _message(p, q, h, score):
    passage = longest_shared(p.text, q.text)
    return (
        f"第{p.part}部分第{p.index + 1}段与{h.year}年度报告第{q.part}部分第{q.index + 1}段的表述 {score:.0%} 相同"
        f"（除数字、年份外），重复的文字如：【{passage}】"
    )


@rule(
    "AR401",
    "repeated-wording",
    title="工作情况与往年报告表述基本相同",
    severity="warning",
    needs="history",
    options={"threshold": 0.8, "years_back": 3, "min_chars": 30},
)
def repeated_wording(report, ctx):
    """
    ## 检查内容
    第一、六部分的段落与同一机关近几年（默认 3 年）的报告比较：把数字、年份、日期遮去后，按 5 个字的片段
    计算本段有多少内容在往年某段中出现过（包含度）。达到阈值（默认 80%）的段落视为照搬，报告相似度、
    来源年份和重复的文字。每份报告都有的固定表述（见 boilerplate.txt）不计入。

    ## 为什么
    “工作内容长期表述一致”是县级审核要求消除的问题：年报应写本年度的实际工作，而不是改几个数字沿用旧稿。

    ## 严重程度
    警告：照搬旧稿是写作质量问题，需要改写，但不是数据错误，审核人不会只因此退回报告。

    ## 示例
    第一部分第3段与2022年度报告第一部分第3段的表述 92% 相同（除数字、年份外），重复的文字如：【严格落实“先审查、后公开”和“一事一审”要求】

    ## 配置
    [rules.options.AR401] threshold = 0.85、years_back = 2、min_chars = 40（短于此的段落不比较）
    """
    o = ctx.options
    for p, q, h, score in _matches(ctx, ("一", "六"), o["threshold"], o["min_chars"], o["years_back"]):
        yield ctx.finding(
            _message(p, q, h, score),
            part=p.part,
            paragraph=p.index,
            values={"similarity": round(score, 3), "year": h.year, "source_part": q.part, "source_paragraph": q.index, "source_text": q.text},
        )


@rule(
    "AR402",
    "repeated-problems",
    title="存在的问题和改进措施与往年雷同",
    severity="warning",
    needs="history",
    options={"threshold": 0.6, "years_back": 3, "min_chars": 20},
)
def repeated_problems(report, ctx):
    """
    ## 检查内容
    第五部分“存在的主要问题及改进情况”的段落与近几年报告的第五部分比较，方法同 AR401，但阈值更严（默认 60%）。

    ## 为什么
    同样的问题、同样的改进措施年年出现，是“存在问题多年雷同”的典型表现：要么问题没有整改，要么报告没有如实写。
    这是审核最常指出的缺陷。

    ## 严重程度
    警告：问题和措施雷同要求改写并说明整改，但不是数据错误。

    ## 示例
    第五部分第1段与2022年度报告第五部分第1段的表述 85% 相同（除数字、年份外），重复的文字如：【一是政策解读形式较为单一】

    ## 配置
    [rules.options.AR402] threshold = 0.5、years_back = 3、min_chars = 20
    """
    o = ctx.options
    for p, q, h, score in _matches(ctx, ("五",), o["threshold"], o["min_chars"], o["years_back"]):
        yield ctx.finding(
            _message(p, q, h, score),
            part=p.part,
            paragraph=p.index,
            values={"similarity": round(score, 3), "year": h.year, "source_text": q.text},
        )


@rule(
    "AR403",
    "report-reuse-share",
    title="整篇报告与上年报告重复的比例过高",
    severity="warning",
    needs="history",
    options={"max_share": 0.5, "years_back": 3},
)
def reuse_share(report, ctx):
    """
    ## 检查内容
    第一、五、六部分合起来，有多大比例的文字（按 5 字片段计，数字年份遮去、固定表述除外）在往年某一年度的
    报告中出现过：与近几年（默认 3 年）给出的每一年分别比较，取比例最高的一年。超过上限（默认 50%）时报告
    这一比例和年份。

    ## 为什么
    有的省份对年报与上年重复的比例打分，超过一半扣分。这个比例也帮助审核人判断逐段提示是否只是个别现象。

    ## 严重程度
    警告：这是整篇的比例，帮助判断逐段提示是否只是个别现象，本身不是错误。

    ## 示例
    第一、五、六部分的文字有 68% 与2022年度报告相同（除数字、年份外），超过 50%

    ## 配置
    [rules.options.AR403] max_share = 0.4、years_back = 1（只与上一年比较）
    """
    older = _older(ctx, ctx.options["years_back"])
    if not older:
        return
    boilerplate = tuple(ctx.reference.items("boilerplate"))
    mine = set().union(*[masked_shingles(p.text, boilerplate)[1] for p in report.paragraphs(NARRATIVE)])
    if len(mine) < 50:
        return
    shares = []
    for h in older:
        theirs = set().union(*[masked_shingles(p.text, boilerplate)[1] for p in h.paragraphs(NARRATIVE)])
        shares.append((containment(mine, theirs), h.year))
    share, year = max(shares, key=lambda x: (x[0], x[1]))
    limit = ctx.options["max_share"]
    if share > limit:
        yield ctx.finding(
            f"第一、五、六部分的文字有 {share:.0%} 与{year}年度报告相同（除数字、年份外），超过 {limit:.0%}",
            values={"share": round(share, 3), "year": year, "shares": {y: round(x, 3) for x, y in shares}},
        )


@rule(
    "AR404",
    "repeated-problem-passage",
    title="存在的问题和改进措施中有长段文字与往年相同",
    severity="warning",
    needs="history",
    options={"min_chars": 40, "years_back": 3},
)
def repeated_passage(report, ctx):
    """
    ## 检查内容
    第五部分“存在的主要问题及改进情况”的段落中，有一段连续文字（把数字、年份遮去、标点不计后至少 40 个字）
    与近几年（默认 3 年）任一年报告的第五部分相同，即使所在段落的其他内容改过。引用这段文字并写明来自哪一年。
    整段已由 AR402 报告为雷同的段落不再重复报告。

    ## 为什么
    常见的做法是在旧段落前后加一两句新话，中间照搬上年的问题或措施；整段相似度因此不高，AR402 查不出来，
    但审核人一眼就能认出那段旧文字。

    ## 严重程度
    警告：与 AR402 相同，说明问题或措施没有更新，需要改写，但不是数据错误。

    ## 示例
    第五部分第2段中的“一是政策解读形式较为单一，图表、视频等解读形式运用较少；二是部分栏目信息更新不够及时”与2021年度报告第五部分第1段相同

    ## 配置
    [rules.options.AR404] min_chars = 50（遮去数字后的字数下限）、years_back = 2
    """
    o = ctx.options
    older = _older(ctx, o["years_back"])
    if not older:
        return
    boilerplate = tuple(ctx.reference.items("boilerplate"))
    config = getattr(ctx.config, "rules", None)
    ar402 = {**repeated_problems.options, **(config.options.get("AR402", {}) if config else {})}
    theirs = []
    for h in older:
        for q in h.paragraphs(("五",)):
            qm, qsh = masked_shingles(q.text, boilerplate)
            if qm:
                theirs.append((h, q, qm, qsh))
    for p in report.paragraphs(("五",)):
        m, index = mask_mapped(p.text, boilerplate)
        if len(m) < o["min_chars"]:
            continue
        sh = masked_shingles(p.text, boilerplate)[1]
        if any(containment(sh, qsh) >= ar402["threshold"] for _, _, _, qsh in theirs):
            continue  # the whole paragraph is AR402's
        seen: list[tuple[int, int]] = []
        for h, q, qm, qsh in theirs:
            for a, b in shared_runs(m, qsh, qm, o["min_chars"]):
                if any(a >= x and b <= y for x, y in seen):
                    continue  # already quoted from a newer year
                seen.append((a, b))
                passage = p.text[index[a] : index[b - 1] + 1]
                yield ctx.finding(
                    f"第五部分第{p.index + 1}段中的“{passage}”与{h.year}年度报告第五部分第{q.index + 1}段相同（除数字、年份外）",
                    part=p.part,
                    paragraph=p.index,
                    values={"passage": passage, "year": h.year, "source_paragraph": q.index, "chars": b - a},
                )


# --- whose report, which year ----------------------------------------------------------------------

_PLACE_END = ("街道", "镇", "乡", "县")


@lru_cache(maxsize=1)
def _own_words():
    from ..resources import data_toml

    return data_toml("own_words.toml")


def _sentences_of(text: str):
    import re

    for m in re.finditer(r"[^。；;！!？?\n]+", text):
        if m.group(0).strip():
            yield m.start(), m.group(0).strip()


def _places_in(text: str, words: dict) -> list[tuple[int, str]]:
    """(position, name) of the 乡/镇/街道/县 names in ``text``: two or three characters before
    the ending, none of them a stop character, the whole not a common word."""
    import re

    stop = set(words["places"]["stop_chars"])
    not_places = set(words["places"]["not_places"])
    not_stems = tuple(words["places"].get("not_stems", ()))
    out = []
    for m in re.finditer(r"(?=([\u4e00-\u9fff]{2,3})(街道|镇|乡|县))", text):
        stem, end = m.group(1), m.group(2)
        while stem and stem[0] in stop:
            stem = stem[1:]
        if len(stem) < 2 or any(ch in stop for ch in stem):
            continue
        name = stem + end
        if stem.endswith(not_stems):
            continue
        if name in not_places or stem + end[:1] in not_places or any(name.endswith(w) for w in not_places):
            continue
        after = text[m.start() + len(m.group(1)) + len(end):][:2]
        if end == "乡" and after[:1] in "村镇亲情愁土音":
            continue  # 乡村, 乡镇, 乡亲…
        if end + after[:1] in not_places or end + after in not_places:
            continue  # 镇级, 县级, 县城…
        if after in ("政府", "党委", "纪委", "人大", "机关", "干部", "领导", "班子"):
            continue  # "完成镇政府信息公开专栏…": 镇政府 is the body itself, the word before is not a name
        out.append((m.start() + len(m.group(1)) - len(stem), name))
    return out


def _own_places(report, ctx, words) -> set[str]:
    import re

    own: set[str] = set(words["places"].get("own", [])) | set(ctx.reference.items("own-place"))
    for name in (report.body.name or "", report.title or "", getattr(report.body, "region", "") or ""):
        name = re.sub(r"\s+", "", name)
        for m in re.finditer(r"([\u4e00-\u9fff]+?)(省|自治区|市|自治州|州|盟|县|区|旗|街道|镇|乡)", name):
            own.add(m.group(1)[-4:] + m.group(2))
            own.add(m.group(1)[-2:] + m.group(2))
            own.add(m.group(1)[-3:] + m.group(2))
    return {o for o in own if o}


@rule("AR410", "other-body-named", title="正文提到其他乡镇、街道、县的名称，疑从别处复制", severity="warning")
def other_body_named(report, ctx):
    """
    ## 检查内容
    正文中出现的乡、镇、街道、县的名称（如“青溪镇”），既不是本机关名称、标题中的地名，也不在工作区登记的
    本机关地名中时提示，引用原句。只在本机关名称或标题含有地名时检查。

    ## 为什么
    不少报告是照着邻近乡镇或上级的报告改写的，留下了别人的地名（“青溪镇……我镇”），读者会质疑整份报告。

    ## 示例
    “青溪镇扎实推进政务公开工作”提到“青溪镇”，而本报告是“白沙镇人民政府”的报告，疑从其他机关的报告复制

    ## 配置
    本机关的地名（包括下辖村、社区以外的别称）可在工作区 reference/*.toml 的 [places] own = ["白沙"] 中增补；
    不是地名的词在 data/own_words.toml 的 not_places 中。

    ## 严重程度
    警告：提到其他地方也可能是正常的（如“与青溪镇联合开展”），需要人看一眼。
    """
    words = _own_words()
    own = _own_places(report, ctx, words)
    if not any(o.endswith(_PLACE_END) for o in own):
        return
    seen: set[str] = set()
    for p in report.paragraphs(NARRATIVE):
        for _, sentence in _sentences_of(p.text):
            for _, name in _places_in(sentence, words):
                if name in own or name in seen or any(name.endswith(o) or o.endswith(name) for o in own if len(o) >= 3):
                    continue
                seen.add(name)
                yield ctx.finding(
                    f"“{sentence}”提到“{name}”，而本报告是“{report.body.name or report.title}”的报告，疑从其他机关的报告复制",
                    values={"sentence": sentence, "name": name},
                    part=p.part,
                    paragraph=p.index,
                    quote=name,
                    quote_at=p.text.find(name),
                )


@rule("AR411", "self-reference-of-another-level", title="自称与机关类型不符（乡镇报告称“我局”，部门报告称“我镇”）", severity="warning")
def self_reference(report, ctx):
    """
    ## 检查内容
    乡镇、街道的报告中自称“我局”“本局”“我委”，或部门的报告中自称“我镇”“本乡”“我街道”。机关类型按
    机关名称和标题判断（看不出时不检查）。

    ## 为什么
    这是照搬其他机关报告最明显的痕迹。

    ## 示例
    “我局严格落实保密审查制度”：本报告是“白沙镇人民政府”（乡镇/街道）的报告，却自称“我局”

    ## 配置
    自称的词在 data/own_words.toml 的 [self_words] 中。
    """
    from ..model.levels import infer_level

    level = next((lv for lv in (infer_level(n) for n in (report.body.name, report.title) if n) if lv), None)
    if not level:
        return
    kind = "乡镇/街道" if level == "乡镇/街道" else "部门" if level.endswith("部门") else None
    if kind is None:
        return
    wrong = [w for k, ws in _own_words()["self_words"].items() if k != kind for w in ws]
    for p in report.paragraphs(NARRATIVE):
        for _, sentence in _sentences_of(p.text):
            word = next((w for w in wrong if w in sentence), None)
            if word:
                yield ctx.finding(
                    f"“{sentence}”：本报告是“{report.body.name or report.title}”（{level}）的报告，却自称“{word}”",
                    values={"sentence": sentence, "word": word, "level": level},
                    part=p.part,
                    paragraph=p.index,
                    quote=word,
                    quote_at=p.text.find(word),
                )
                return  # once: the first sentence shows it


@rule("AR412", "year-not-the-report-year", title="正文把其他年份当作本年度", severity="warning")
def stale_year(report, ctx):
    """
    ## 检查内容
    正文中当作本年度来写的年份不是报告年度：总体情况以“2022年，”开头的 2023 年报告；“我局2021年主动公开……”
    出现在 2022 年报告中；第五部分“下一步”的措施写的是报告年度（应为下一年）。同一句中有“上年”“同比”
    “整改”等词时，上一年的年份不算；有“下一步”“计划”等词时，下一年的年份不算。

    ## 为什么
    这几乎都是沿用上年报告没有改年份，读者会以为数字也是上年的。

    ## 示例
    “2022年，我镇坚持以公开为常态”：本报告是 2023 年度报告，却把 2022 年当作本年度

    ## 配置
    语境词在 data/own_words.toml 的 [years] 中。
    """
    import re

    year = report.year
    if not year:
        return
    words = _own_words()["years"]
    self_words = [w for ws in _own_words()["self_words"].values() for w in ws]
    opening = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[)）][^。，,]{0,12}?[。．.]?\s*)?((?:19|20)\d{2})\s*年(?:度)?\s*[，,以来]")
    own_year = re.compile("(?:" + "|".join(map(re.escape, self_words)) + r")\s*((?:19|20)\d{2})\s*年(?!度?[以来底初末])")
    for p in report.paragraphs(NARRATIVE):
        for start, sentence in _sentences_of(p.text):
            plain = sentence
            found = None
            m = opening.match(plain) if start == 0 or p.part == "一" else None
            if m and m.group(1) != str(year) and not plain[m.end(1):].lstrip("年度").startswith("以来"):
                found = m.group(1)
            if found is None:
                m2 = own_year.search(plain)
                if m2 and m2.group(1) != str(year):
                    found = m2.group(1)
            if found is not None:
                y = int(found)
                if y == year - 1 and any(w in plain for w in words["previous_ok"]):
                    continue
                if y == year + 1 and any(w in plain for w in words["next_ok"]):
                    continue
                yield ctx.finding(
                    f"“{sentence}”：本报告是 {year} 年度报告，却把 {y} 年当作本年度",
                    values={"sentence": sentence, "year": y, "report_year": year},
                    part=p.part,
                    paragraph=p.index,
                    quote=found,
                    quote_at=p.text.find(found),
                )
                continue
            if p.part == "五" and any(w in plain for w in ("下一步", "下一年", "明年", "将")) and re.search(rf"{year}\s*年(?!度?(?:以来|工作|报告))", plain) and "下一步" in plain:
                yield ctx.finding(
                    f"“{sentence}”：下一步的措施写的是报告年度 {year} 年，应为 {year + 1} 年",
                    values={"sentence": sentence, "year": year, "report_year": year},
                    part=p.part,
                    paragraph=p.index,
                    quote=str(year),
                    quote_at=p.text.find(str(year)),
                )


@hookimpl
def register_rules(register):
    for r in (repeated_wording, repeated_problems, reuse_share, repeated_passage, other_body_named, self_reference, stale_year):
        register(r)
