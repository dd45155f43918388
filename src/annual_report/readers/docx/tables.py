"""Word tables (``w:tbl``) as :class:`~annual_report.readers.grid.Grid`: grid columns from
``w:gridBefore`` and ``w:gridSpan``, vertical merges (``w:vMerge``) resolved so a continuation
cell repeats the text above, the old ``w:hMerge`` folded into the cell it continues."""

from __future__ import annotations

from ...model.limits import MAX_GRID_COLUMNS, MAX_ROW_CELLS
from ...ooxml.xml import TBL, TR, VAL, cell_elements, cell_text, int_attr, w
from ..grid import Grid, GridCell


def table_grid(tbl, index: int, max_rows: int) -> tuple[Grid, int]:
    """The grid of ``tbl`` (at most ``max_rows`` rows) and how many rows it really has."""
    grid = Grid(index)
    rows = tbl.findall(TR)
    above: dict[int, str] = {}
    for tr in rows[:max_rows]:
        trpr = tr.find(w("trPr"))
        col = int_attr(trpr.find(w("gridBefore")) if trpr is not None else None, 0)
        out: list[GridCell] = []
        for i, tc in enumerate(cell_elements(tr)):
            if i >= MAX_ROW_CELLS or col >= MAX_GRID_COLUMNS:
                break  # a row wider than any table: the rest is not read
            tcpr = tc.find(w("tcPr"))
            span = max(1, int_attr(tcpr.find(w("gridSpan")) if tcpr is not None else None, 1))
            vmerge = tcpr.find(w("vMerge")) if tcpr is not None else None
            hmerge = tcpr.find(w("hMerge")) if tcpr is not None else None
            continued = vmerge is not None and vmerge.get(VAL, "continue") == "continue"
            if continued:
                text = above.get(col, "")
            else:
                text = cell_text(tc)
            if hmerge is not None and hmerge.get(VAL, "continue") == "continue" and out:
                out[-1].span += span
                col += span
                continue
            out.append(GridCell(col, span, text, i, continued))
            for c in range(col, col + span):
                above[c] = text
            grid.nested.extend(tc.findall(TBL))
            col += span
        grid.rows.append(out)
    return grid, len(rows)
