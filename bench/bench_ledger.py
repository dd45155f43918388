"""The register of applications: reading and tallying 10,000 applications over three years.

Usage: python bench/bench_ledger.py [--rows 10000] [--big 100000] [--repeat 5]

Prints, for a register of ``--rows`` applications received 2022–2024 (CSV and XLSX):
- the floor: parsing the same CSV with the csv module alone, and iterating the XLSX's rows with
  openpyxl in read-only mode (what any reader of these files costs);
- our reader (columns and values mapped, every date parsed) and the tally of each year
  (tables B and C with the rows behind every cell, deadlines in working days), as ms and as
  ratios to the floor; the peak memory of read + tally (tracemalloc);
- whether every count equals the independent count (tests/register_synth.py) for each year;
- a ``--big``-row CSV read and tallied once (the “100,000-row sheet” of the bad-input list).
Goal: tally under a second per 10,000 rows.
"""

from __future__ import annotations

import argparse
import csv
import io
import tempfile
import tracemalloc
from pathlib import Path

from _common import median_time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import openpyxl
    from register_synth import csv_bytes, independent_count, make_rows

    from annual_report.ledger.tally import tally
    from annual_report.ledger.workdays import WorkCalendar
    from annual_report.readers.register import read_register

    folder = Path(tempfile.mkdtemp(prefix="bench-ledger-"))
    rows = make_rows(args.rows, seed=1)
    path = folder / "台账.csv"
    path.write_bytes(csv_bytes(rows))
    xlsx = folder / "台账.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    for line in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))):
        ws.append(line)
    wb.save(xlsx)

    floor_csv = median_time(lambda: list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8")))), args.repeat)

    def xlsx_floor():
        book = openpyxl.load_workbook(xlsx, read_only=True, data_only=True)
        for _ in book.worksheets[0].iter_rows(values_only=True):
            pass
        book.close()

    floor_xlsx = median_time(xlsx_floor, max(2, args.repeat // 2))
    read_csv = median_time(lambda: read_register(path), args.repeat)
    read_xlsx = median_time(lambda: read_register(xlsx), max(2, args.repeat // 2))
    register = read_register(path)

    def tally_all():
        cal = WorkCalendar()
        for year in (2022, 2023, 2024):
            tally(register, year, calendar=cal)

    tally_time = median_time(tally_all, args.repeat) / 3
    tracemalloc.start()
    r = read_register(path)
    for year in (2022, 2023, 2024):
        tally(r, year)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    equal = []
    for year in (2022, 2023, 2024):
        t = tally(register, year)
        got = {k: len(v) for k, v in t.cells.items() if v}
        equal.append(got == dict(independent_count(rows, year)))
    late = sum(len(tally(register, y).late) for y in (2022, 2023, 2024))

    print(f"register: {args.rows} applications 2022–2024, {len(register.applications)} read, {len(register.issues)} issues, late answers found {late}")
    print(f"floor  csv module parse           {floor_csv * 1000:8.1f} ms")
    print(f"floor  openpyxl read-only rows    {floor_xlsx * 1000:8.1f} ms")
    print(f"read   CSV  (map + parse dates)   {read_csv * 1000:8.1f} ms   {read_csv / floor_csv:6.1f}× csv floor")
    print(f"read   XLSX (map + parse dates)   {read_xlsx * 1000:8.1f} ms   {read_xlsx / floor_xlsx:6.2f}× openpyxl floor")
    print(f"tally  one year (B, C, deadlines) {tally_time * 1000:8.1f} ms   {tally_time / floor_csv:6.1f}× csv floor   per 10,000 rows: {tally_time * 10_000 / args.rows * 1000:.0f} ms")
    print(f"read + tally per 10,000 rows      {(read_csv + tally_time) * 10_000 / args.rows * 1000:8.0f} ms   (goal < 1000 ms)")
    print(f"peak memory read + 3 tallies      {peak / 1024 / 1024:8.1f} MB")
    verdicts = ", ".join(f"{y} {'yes' if e else 'NO'}" for y, e in zip((2022, 2023, 2024), equal))
    print(f"counts equal to the independent count: {verdicts}")

    if args.big:
        import time

        big_rows = make_rows(args.big, seed=2)
        big = folder / "大台账.csv"
        big.write_bytes(csv_bytes(big_rows))
        start = time.perf_counter()
        reg = read_register(big)
        t = tally(reg, 2024)
        took = time.perf_counter() - start
        ok = {k: len(v) for k, v in t.cells.items() if v} == dict(independent_count(big_rows, 2024))
        print(f"{args.big}-row CSV: read + tally 2024 in {took:.2f} s, counts equal: {'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main()
