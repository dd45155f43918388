"""A CJK font for the chart images, so Chinese renders on a machine with no Chinese fonts.

The package ``noto-cjk-sans-otc`` (a dependency; Noto Sans CJK, SIL Open Font License)
ships the font file; its Simplified Chinese face is used.  Without it (an install that left
dependencies out) a system font that covers Simplified Chinese is used if matplotlib finds
one.  Text the font cannot show would be drawn as empty boxes: the tests turn matplotlib's
"Glyph … missing" warning into a failure.
"""

from __future__ import annotations

from functools import lru_cache

from ...model.errors import UserError

BUNDLED_FAMILY = "Noto Sans CJK SC"
SYSTEM_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
)


@lru_cache(maxsize=1)
def cjk_family() -> str:
    """The font family name to give matplotlib for Chinese text."""
    from matplotlib import font_manager

    try:
        import noto_cjk_sans_otc
    except ImportError:
        noto_cjk_sans_otc = None
    if noto_cjk_sans_otc is not None:
        path = str(noto_cjk_sans_otc.FONT_PATH)
        font_manager.fontManager.addfont(path)
        # matplotlib ≥ 3.10 registers every face of the collection; older ones only the first
        names = [f.name for f in font_manager.fontManager.ttflist if f.fname == path]
        if names:
            return BUNDLED_FAMILY if BUNDLED_FAMILY in names else names[0]
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in SYSTEM_FAMILIES:
        if family in installed:
            return family
    raise UserError(
        "找不到可显示中文的字体，无法绘制图表：请重新安装 annual-report（会一并安装 noto-cjk-sans-otc 字体包），"
        "或安装系统中文字体（如 apt-get install fonts-noto-cjk）"
    )
