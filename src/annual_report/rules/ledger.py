"""AR640–AR648: the report against the registers it is counted from (applications, documents) and
the list of what was published.

``check --ledger`` (or a workspace's ``ledger/`` folder) hands the rules the tally of the
register (:class:`~annual_report.model.register.Tally`, in ``report.meta["ledger"]``): the
counts of tables B and C with the register rows behind each, and the answers given late.
The rules only compare; the counting is :mod:`annual_report.ledger.tally`'s."""

from __future__ import annotations

import re

from ..model.register import RowRef, Tally
from ..plugins.hookspecs import hookimpl
from ..plugins.rule_api import rule

MAX_ROWS_NAMED = 8


def _tally(report) -> Tally | None:
    t = report.meta.get("ledger")
    return t if isinstance(t, Tally) and t.year == report.year else None


def _rows(refs: tuple[RowRef, ...]) -> str:
    if not refs:
        return "台账中没有相应的行"
    sheets = sorted({r.sheet for r in refs})
    more = f" 等 {len(refs)} 行" if len(refs) > MAX_ROWS_NAMED else ""
    if len(sheets) > 1:  # rows of several files or sheets: each named with its own
        return "台账 " + "、".join(f"{r.sheet} {r.label}" for r in refs[:MAX_ROWS_NAMED]) + more
    return f"台账（{sheets[0]}）" + "、".join(r.label for r in refs[:MAX_ROWS_NAMED]) + more


def _compare(report, ctx, name: str, title: str):
    t = _tally(report)
    table = report.tables.get(name)
    if t is None or table is None:
        return
    for row in table.layout.rows:
        for c in row.columns:
            value = table.get(row.id, c.id)
            counted = t.count(name, row.id, c.id)
            if value is None or not isinstance(value, (int, float)) or value == counted:
                continue
            yield ctx.finding(
                f"{title}“{row.name}”{c.id}：报告 {value}，台账统计 {counted}（{_rows(t.rows(name, row.id, c.id))}）",
                table=name, row=row.id, column=c.id, values={"report": value, "ledger": counted},
            )


@rule("AR640", "ledger-table-b", title="表三与依申请公开登记台账的统计不一致", severity="error")
def ledger_table_b(report, ctx):
    """
    ## 检查内容
    有依申请公开登记台账时（check --ledger，或工作区 ledger/ 文件夹中的台账），按台账统计表三的每一格
    （本年新收、上年结转、各项办理结果、总计、结转下年度，按申请人类型分列），与报告所填逐格比较，
    不一致的说明报告的数、台账统计的数和台账中计入这一格的各行。

    ## 为什么
    表三每年由工作人员对着台账手工清点，差错多半出在这里：漏数一件、把撤回的申请算作予以公开、
    年底未办结的申请没有计入结转。台账是表三的来源，两者应当一致。

    ## 示例
    表三“（一）予以公开”自然人：报告 5，台账统计 6（台账（2023年登记）第3行（2023-001）、第5行（2023-003）……）

    ## 配置
    台账的列名、取值对照见 src/annual_report/data/ledger_columns.toml，工作区可在 ledger/mapping.toml 中增补；
    统计口径见 docs/ledger.md。
    """
    yield from _compare(report, ctx, "B", "表三")


@rule("AR641", "ledger-table-c", title="表四与台账中的行政复议、行政诉讼不一致", severity="error")
def ledger_table_c(report, ctx):
    """
    ## 检查内容
    按台账的“行政复议”“行政诉讼”各列统计表四：年底尚未作出决定的计入“尚未审结”，作出决定的计入决定当年的
    结果列；先复议后起诉的计入“复议后起诉”。与报告所填逐格比较。

    ## 为什么
    复议、诉讼案件跨年审结时，最容易把上年“尚未审结”的案件在本年漏报或重复计入。

    ## 示例
    表四“行政复议”结果维持：报告 0，台账统计 1（台账（2023年登记）第9行（2023-007））

    ## 配置
    台账的列名、取值对照见 src/annual_report/data/ledger_columns.toml，工作区可在 ledger/mapping.toml 中增补。
    """
    yield from _compare(report, ctx, "C", "表四")


@rule("AR642", "ledger-late-answer", title="台账中有逾期答复的申请", severity="warning")
def ledger_late_answer(report, ctx):
    """
    ## 检查内容
    按《政府信息公开条例》计算台账中每件申请的答复期限：自收到申请之日（第三十一条）起 20 个工作日
    （第三十三条，起算日不计入）；告知补正的，自收到补正之日起算（第三十条）；经批准延期的，另加不超过 20 个
    工作日；征求第三方或其他机关意见的时间不计入。工作日按国务院办公厅每年的放假和调休安排计算
    （周末调休上班日算工作日）。本年答复的和年底尚未答复的，超过期限的逐件列出。

    ## 为什么
    逾期答复是行政复议、行政诉讼中最常见的纠正理由，也是年报“存在的主要问题”应当如实写明的事项。

    ## 示例
    台账（2023年登记）第12行（2023-010）逾期答复：2023-09-25 起算，期限 2023-10-30，2023-11-10 答复（29 个工作日，允许 20 个）

    ## 配置
    程序自带的节假日安排（chinese-calendar）不包括的年份，在工作区 ledger/holidays.toml 中写明放假日期和调休上班日期。
    """
    t = _tally(report)
    if t is None:
        return
    if t.calendar_note:
        yield ctx.finding(f"答复期限未核对：{t.calendar_note}", severity="info", values={"calendar": "unknown"})
        return
    for x in t.late:
        when = f"{x.answered.isoformat()} 答复" if x.answered else f"至 {t.year}-12-31 仍未答复"
        yield ctx.finding(
            f"台账（{x.ref.sheet}）{x.ref.label}逾期答复：{x.start.isoformat()} 起算，期限 {x.due.isoformat()}，{when}（{x.working_days} 个工作日，允许 {x.allowed} 个）",
            table="B", values={"row": x.ref.row, "due": x.due.isoformat()},
        )


def _claims() -> list[re.Pattern]:
    from ..resources import data_toml

    return [re.compile(p) for p in (data_toml("ledger_columns.toml").get("claims") or {}).get("on_time", [])]


@rule("AR643", "ledger-on-time-claim", title="报告称全部按期答复，台账中却有逾期答复", severity="error")
def ledger_on_time_claim(report, ctx):
    """
    ## 检查内容
    报告文字写“均在法定期限内答复”“全部按时办结”“无逾期答复”一类的话，而按台账计算（见 AR642）本年有
    逾期答复的申请。

    ## 为什么
    这是与“公开实际”不符的陈述，审核时会被认定为报告失实。

    ## 示例
    报告称“均在法定期限内答复”，台账中有 1 件逾期答复：台账（2023年登记）第12行（2023-010）

    ## 配置
    这类说法的写法在 src/annual_report/data/ledger_columns.toml 的 [claims] 中，可增补。
    """
    t = _tally(report)
    if t is None or not t.late:
        return
    patterns = _claims()
    for para in report.paragraphs():
        for pattern in patterns:
            m = pattern.search(para.text)
            if m:
                refs = tuple(x.ref for x in t.late)
                yield ctx.finding(
                    f"报告称“{m.group(0)}”，台账中有 {len(refs)} 件逾期答复：{_rows(refs)}",
                    part=para.part, paragraph=para.index, quote=m.group(0), quote_at=m.start(), values={"late": len(refs)},
                )
                break


@rule("AR644", "ledger-register-rows", title="台账中有无法统计或需要核对的行", severity="warning")
def ledger_register_rows(report, ctx):
    """
    ## 检查内容
    读取台账时遇到的问题，逐处说明工作表、行和列：日期写法无法识别（支持 2024-1-5、2024/01/05、2024年1月5日、
    Excel 日期序号）或没有年份（“1月5日”），申请人类型或办理结果无法对应到法定分类，答复日期早于收到日期，
    编号重复，公式没有保存计算结果，等等。无法确定的行不计入统计（不猜测），其余各行照常统计。

    ## 为什么
    这些行不计入，表三与台账的比较（AR640）就少了它们；先把台账改正，比较才完整。

    ## 示例
    平台导出.csv 第18行（2023-017）“申请时间”列“12月12日”没有写年份，无法确定是哪一年，该行未计入统计

    ## 配置
    取值对照在 src/annual_report/data/ledger_columns.toml，工作区可在 ledger/mapping.toml 中增补，如
    [values.outcome] "open" = ["同意提供"]。
    """
    t = _tally(report)
    d = _documents(report)
    if t is None and d is None:
        return
    from ..ledger.messages import issue_text

    for issue in (t.issues if t else ()) + (d.issues if d else ()):
        yield ctx.finding(issue_text(issue), values={"kind": issue.kind, "row": issue.ref.row if issue.ref else None})


def _documents(report):
    from ..model.register import DocumentTally

    t = report.meta.get("documents")
    return t if isinstance(t, DocumentTally) and t.year == report.year else None


@rule("AR645", "ledger-table-a", title="表二规章、行政规范性文件件数与文件登记表不一致", severity="error", editions=("2021",))
def ledger_table_a(report, ctx):
    """
    ## 检查内容
    有规章和行政规范性文件登记表时（列：文号、标题、类别、成文日期、公布日期、废止/失效日期；放在工作区
    ledger/ 中或用 check --ledger 给出），按登记表统计表二“第二十条第（一）项”：本年制发 = 公布日期在本年，
    本年废止 = 废止或失效日期在本年，现行有效 = 年底已公布且未废止、未失效；与报告逐格比较。

    ## 为什么
    现行有效件数常常照抄上年，或忘了减去本年清理废止的文件。

    ## 示例
    表二“行政规范性文件”现行有效件数：报告 7，文件登记表统计 8（文件登记表 第2行（青政规〔2021〕1号）……）

    ## 配置
    台账的列名、取值对照见 src/annual_report/data/ledger_columns.toml，工作区可在 ledger/mapping.toml 中增补。
    """
    t = _documents(report)
    table = report.tables.get("A")
    if t is None or table is None:
        return
    for row in ("规章", "行政规范性文件"):
        if not table.layout.has_row(row):
            continue
        for col in ("本年制发件数", "本年废止件数", "现行有效件数"):
            value = table.get(row, col)
            counted = t.count(row, col)
            if isinstance(value, (int, float)) and value != counted:
                refs = t.cells.get((row, col), ())
                yield ctx.finding(
                    f"表二“{row}”{col}：报告 {value}，文件登记表统计 {counted}（{_rows(refs).replace('台账', '文件登记表', 1)}）",
                    table="A", row=row, column=col, values={"report": value, "ledger": counted},
                )


@rule("AR646", "ledger-table-a-previous", title="上年报告的现行有效件数与文件登记表不一致", severity="warning", needs="history", editions=("2021",))
def ledger_table_a_previous(report, ctx):
    """
    ## 检查内容
    按文件登记表数出上年 12 月 31 日现行有效的规章、行政规范性文件，与上年报告表二的“现行有效件数”比较。

    ## 为什么
    本年的现行有效 = 上年现行有效 + 本年制发 − 本年废止；上年的数不对，本年照此推算也会错。

    ## 示例
    上年（2022年）报告表二“行政规范性文件”现行有效件数 5，文件登记表中 2022-12-31 现行有效 6 件

    ## 配置
    台账的列名、取值对照见 src/annual_report/data/ledger_columns.toml，工作区可在 ledger/mapping.toml 中增补。
    """
    t = _documents(report)
    prev = ctx.previous
    if t is None or prev is None or prev.table("A") is None:
        return
    for row in ("规章", "行政规范性文件"):
        table = prev.table("A")
        if not table.layout.has_row(row):
            continue
        value = table.get(row, "现行有效件数")
        counted = len(t.previous_current.get(row, ()))
        if isinstance(value, (int, float)) and value != counted:
            yield ctx.finding(
                f"上年（{prev.year}年）报告表二“{row}”现行有效件数 {value}，文件登记表中 {prev.year}-12-31 现行有效 {counted} 件",
                table="A", row=row, column="现行有效件数", values={"previous": value, "ledger": counted},
            )


@rule("AR647", "ledger-cited-repealed", title="报告引用的文件在文件登记表中已废止或失效", severity="warning")
def ledger_cited_repealed(report, ctx):
    """
    ## 检查内容
    报告文字引用的文号（如“青政规〔2021〕1号”），在本机关的文件登记表中已于报告年度结束前废止或失效。

    ## 为什么
    把已废止的文件当作依据写进年报，是审核中常见的问题；本机关的登记表比程序自带的国家文件目录更全。

    ## 示例
    引用的《关于规范村级公开的通知》（青政规〔2019〕2号）已于 2023-06-30 废止或失效（文件登记表 第4行）

    ## 配置
    台账的列名、取值对照见 src/annual_report/data/ledger_columns.toml，工作区可在 ledger/mapping.toml 中增补。
    """
    t = _documents(report)
    if t is None or report.year is None:
        return
    from datetime import date

    from ..text.citations import find_citations, normalise

    end = date(report.year, 12, 31)
    repealed = {}
    for doc in t.documents:
        if doc.number and doc.repealed is not None and doc.repealed <= end:
            repealed[normalise(doc.number).replace("[", "〔").replace("]", "〕")] = doc
    if not repealed:
        return
    for para in report.paragraphs():
        for c in find_citations(para.text):
            doc = repealed.get(normalise(c.number)) or repealed.get(c.number)
            if doc is None:
                continue
            title = f"《{doc.title}》" if doc.title else ""
            yield ctx.finding(
                f"引用的{title}（{doc.number}）已于 {doc.repealed.isoformat()} 废止或失效（文件登记表 {doc.ref.label}）",
                part=para.part, paragraph=para.index, quote=c.raw, quote_at=c.start, values={"number": doc.number},
            )


@rule("AR648", "ledger-published-count", title="文字中的主动公开条数与网站发布清单不一致", severity="warning")
def ledger_published_count(report, ctx):
    """
    ## 检查内容
    有门户网站政府信息公开栏目的发布清单时（列：标题、栏目、发布日期，从网站后台导出的 XLSX 或 CSV，放在
    工作区 ledger/ 中或用 check --ledger 给出），数出本年发布的条数和各栏目的条数，与文字中“全年主动公开政府
    信息N条”及“<栏目名>N条”比较。

    ## 为什么
    主动公开的条数是年报文字中最常见的数字，也最常凭印象填写；发布清单是公开实际。

    ## 示例
    报告称“发布各类政府信息412条”，网站发布清单中 2023 年发布 398 条（发布清单.xlsx）

    ## 配置
    这类说法的写法在 src/annual_report/data/ledger_columns.toml 的 [claims_published] 中，可增补。
    """
    from ..model.register import PublishedTally

    t = report.meta.get("published")
    if not isinstance(t, PublishedTally) or t.year != report.year:
        return
    from ..resources import data_toml

    patterns = [re.compile(p) for p in (data_toml("ledger_columns.toml").get("claims_published") or {}).get("total", [])]
    columns = [(name, re.compile(re.escape(name) + r"(?:类|栏目)?(?:信息)?(?:共)?(\d+)条")) for name in t.by_column if len(name) >= 2]
    for para in report.paragraphs():
        for pattern in patterns:
            m = pattern.search(para.text)
            if m and int(m.group(1)) != len(t.total):
                yield ctx.finding(
                    f"报告称“{m.group(0)}”，网站发布清单中 {t.year} 年发布 {len(t.total)} 条（{t.source}）",
                    part=para.part, paragraph=para.index, quote=m.group(0), quote_at=m.start(), values={"report": int(m.group(1)), "published": len(t.total)},
                )
                break
        for name, pattern in columns:
            m = pattern.search(para.text)
            if m and int(m.group(1)) != len(t.by_column[name]):
                yield ctx.finding(
                    f"报告称“{m.group(0)}”，网站发布清单“{name}”栏目 {t.year} 年发布 {len(t.by_column[name])} 条",
                    part=para.part, paragraph=para.index, quote=m.group(0), quote_at=m.start(), values={"column": name, "published": len(t.by_column[name])},
                )


@hookimpl
def register_rules(register):
    for r in (ledger_table_b, ledger_table_c, ledger_late_answer, ledger_on_time_claim, ledger_register_rows,
              ledger_table_a, ledger_table_a_previous, ledger_cited_repealed, ledger_published_count):
        register(r)
