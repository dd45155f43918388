"""Which of the report's Chinese fonts this machine lacks, so that a PDF export can say that
LibreOffice substituted them.

LibreOffice on Linux finds fonts through fontconfig: ``fc-match "仿宋_GB2312:lang=zh-cn"``
names the font it will really use.  When the answer is not the font asked for (nor one of its
other names), the PDF is set in another font.  Without fontconfig (Windows, macOS) nothing can
be said and no warning is given.
"""

from __future__ import annotations

import shutil
import subprocess

from . import styles as st

# What each font is for, and the other names the same font is installed under.
FONT_ROLES = {
    st.TITLE_FONT: "标题",
    st.HEADING_FONT: "一级标题",
    st.SUBHEADING_FONT: "二级标题",
    st.BODY_FONT: "正文",
    st.TABLE_FONT: "表格",
}
ALIASES = {
    "方正小标宋简体": {"方正小标宋_gbk", "fzxiaobiaosong-b05s", "fzxiaobiaosong-b05"},
    "黑体": {"simhei"},
    "楷体_GB2312": {"楷体", "kaiti_gb2312", "kaiti"},
    "仿宋_GB2312": {"仿宋", "fangsong_gb2312", "fangsong"},
    "宋体": {"simsun", "nsimsun", "新宋体"},
}


def _names(font: str) -> set[str]:
    return {font.lower(), *ALIASES.get(font, set())}


def font_substitutions(fonts=tuple(FONT_ROLES)) -> list[tuple[str, str]]:
    """(font asked for, font fontconfig gives instead) for each missing font; [] when all are
    installed or fontconfig is not there to ask."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return []
    missing = []
    for font in fonts:
        try:
            found = subprocess.run(
                [fc_match, "-f", "%{family}", f"{font}:lang=zh-cn"], capture_output=True, text=True, timeout=20
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return []
        families = [f.strip() for f in found.split(",") if f.strip()]
        if not _names(font) & {f.lower() for f in families}:
            missing.append((font, families[0] if families else "其他字体"))
    return missing


def substitution_warning(missing: list[tuple[str, str]]) -> str:
    """The Chinese warning for the fonts LibreOffice substituted ("" when none)."""
    if not missing:
        return ""
    lines = ["注意：本机没有安装以下字体，PDF 中已用其他字体代替，字形和排版与正式公文不同："]
    for font, instead in missing:
        lines.append(f"  {font}（{FONT_ROLES.get(font, '')}）→ 用 {instead} 代替")
    lines.append("安装这些字体后重新导出即可；.docx 不受影响，在装有这些字体的电脑上打开显示正常")
    return "\n".join(lines)
