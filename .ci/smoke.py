"""Every command once, on the bundled example, with the interpreter given (CI runs it on the
lowest Python the project supports).

Usage: python .ci/smoke.py PATH/TO/annual-report

Each command must end with one of the exit codes it may give and print no traceback; the
first that does not stops the run with exit code 1.  Only the standard library is used here.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFECTS = ROOT / "examples" / "typical-defects"  # a workspace whose report has findings


def run(exe: str, cwd: Path, *args: str, codes: tuple[int, ...] = (0,)) -> str:
    result = subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    ok = result.returncode in codes and "Traceback" not in output
    print(f"{'ok ' if ok else 'FAIL'} {result.returncode}  annual-report {' '.join(args)}", flush=True)
    if not ok:
        print(output[-3000:], file=sys.stderr)
        raise SystemExit(1)
    return result.stdout


def serve_once(exe: str, cwd: Path) -> None:
    """Start the web page on a free port, fetch the start page, stop it."""
    proc = subprocess.Popen([exe, "serve", "--port", "0", "-w", "示例"], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = ""
        deadline = time.monotonic() + 60
        while "http://" not in line and time.monotonic() < deadline:
            line = proc.stdout.readline() or line
            if proc.poll() is not None:
                break
        url = "/".join(line[line.index("http://"):].split("/", 3)[:3]) + "/"
        for attempt in range(100):  # the address is printed just before the server listens
            try:
                with urllib.request.urlopen(url, timeout=30) as page:
                    ok = page.status == 200 and "年报" in page.read().decode("utf-8")
                break
            except OSError:
                if attempt == 99:
                    raise
                time.sleep(0.2)
    except (ValueError, OSError) as exc:
        ok, line = False, f"{line} {exc}"
    finally:
        proc.terminate()
        rest = proc.communicate(timeout=30)[0]
    ok = ok and "Traceback" not in rest
    print(f"{'ok ' if ok else 'FAIL'}     annual-report serve --port 0 -w 示例", flush=True)
    if not ok:
        print(line + rest[-3000:], file=sys.stderr)
        raise SystemExit(1)


def main() -> None:
    exe = str(Path(sys.argv[1]).resolve())
    with tempfile.TemporaryDirectory(prefix="smoke-") as tmp:
        cwd = Path(tmp)
        run(exe, cwd, "--version")
        run(exe, cwd, "init", "--example", "示例")
        run(exe, cwd, "init", "桃岭乡", "--name", "桃岭乡人民政府")
        run(exe, cwd, "build", "2023", "-w", "示例")
        docx = next((cwd / "示例" / "out").glob("2023*.docx"))
        run(exe, cwd, "schema")
        run(exe, cwd, "check", "2023", "-w", "示例")
        run(exe, cwd, "check", str(docx), "--history", "示例/data/2022.json", "--format", "json")
        shutil.copytree(DEFECTS, cwd / "缺陷示例")
        found = json.loads(run(exe, cwd, "check", "2021", "-w", "缺陷示例", "--format", "json", "--write-baseline", "基线.json", codes=(0, 1)))
        fingerprint = found["reports"][0]["findings"][0]["fingerprint"]
        run(exe, cwd, "dismiss", fingerprint, "--reason", "已与县政务公开办核实", "-b", "基线.json")
        run(exe, cwd, "accept", fingerprint, "-b", "基线.json")
        run(exe, cwd, "rules")
        run(exe, cwd, "rules", "AR101")
        run(exe, cwd, "plugins")
        run(exe, cwd, "extract", str(docx), "-o", "提取.json", "--level", "乡镇/街道")
        run(exe, cwd, "workbook", "2024", "-w", "示例")
        run(exe, cwd, "interpret", "2023", "-w", "示例")
        run(exe, cwd, "site", "示例/data", "-o", "展示")
        serve_once(exe, cwd)


if __name__ == "__main__":
    main()
