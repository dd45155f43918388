"""What a finished web job keeps in its folder, on disk instead of in the server's memory:

- ``results/result.pickle``: its :class:`~annual_report.web.records.JobResults` (what the
  result page and the downloads are made from), read back on each request;
- ``check.json``: the JSON document, exactly what ``check --format json`` writes;
- ``downloads/<kind>``: each other download (annotated copy, SARIF, XLSX), made on its first
  request and then served from the file.

The folder is the server's own (0700, under its folder in the temporary directory) and each
file is written 0600 under a temporary name then renamed, so two first requests of the same
download at once both answer a whole file.  The pickle is only ever read back from a file this
server wrote into its own folder.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Callable

from ..files.writing import write_atomic
from .records import JobResults

RESULTS = Path("results") / "result.pickle"
CHECK_JSON = Path("check.json")
DOWNLOADS = Path("downloads")


def write_private(path: Path, data: bytes) -> None:
    """``data`` into ``path`` (0600, whole or not at all), its folders made 0700."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_atomic(path, data, record=False, mode=0o600)


class JobFiles:
    """The result files in one job's folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def save(self, results: JobResults, json_text: str) -> None:
        write_private(self.folder / CHECK_JSON, json_text.encode("utf-8"))
        write_private(self.folder / RESULTS, pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))

    def load(self) -> JobResults | None:
        """The saved results, or None when they are gone (the folder removed)."""
        try:
            data = (self.folder / RESULTS).read_bytes()
        except OSError:
            return None
        return pickle.loads(data)

    def download(self, kind: str, make: Callable[[], bytes]) -> Path:
        """The file of the download ``kind``: made by ``make`` on the first request, kept."""
        if kind == "json":
            return self.folder / CHECK_JSON
        path = self.folder / DOWNLOADS / kind
        if not path.exists():
            write_private(path, make())
        return path
