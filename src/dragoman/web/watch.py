"""``dragoman serve --watch FOLDER``: ingest files that appear in a folder while the server runs.

The server process owns the DuckDB file (DuckDB admits one process per file), so the watcher is a
thread of that process. It polls the folder, waits until a file's size and modification time
stand still between two polls (so a file still being copied is not read half-written), and hands
the new files to :func:`dragoman.ingest.driver.ingest`, the same driver and Store write path as
``dragoman ingest``: one transaction per batch, failures recorded in ``failures``, articles the
store already holds skipped. After each stored batch it tells the database that data changed, so
the pages show it. Its progress is :class:`WatchStatus`, shown on the overview.
"""
from __future__ import annotations

import threading
from collections import deque
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..ingest.sources import folder_files, glob_patterns
from .database import WebDatabase

RECENT = 20  # finished files shown on the overview


@dataclass
class WatchStatus:
    """What the watcher is doing and has done since the server started."""

    folder: str
    state: str = "starting"  # starting | idle | ingesting | stopped | error
    current: str | None = None
    current_articles: int = 0  # stored so far from the file in hand (updated per batch)
    files_done: int = 0
    articles: int = 0
    events: int = 0
    failures: int = 0
    skipped: int = 0
    last_error: str | None = None
    last_change: str | None = None
    recent: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=RECENT))

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready copy."""
        out = asdict(self)
        out["recent"] = list(self.recent)
        return out


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class FolderWatcher:
    """Poll a folder and ingest its new, settled files through the store, in a daemon thread."""

    def __init__(self, db: WebDatabase, folder: str | Path, glob: str | None = None,
                 interval: float = 2.0, extractor: Any | None = None) -> None:
        self.db = db
        self.folder = Path(folder)
        self.patterns = glob_patterns(glob)
        self.interval = interval
        self.extractor = extractor
        self.status = WatchStatus(str(self.folder))
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._seen: dict[Path, tuple[int, int]] = {}  # ingested: (size, mtime_ns)
        self._pending: dict[Path, tuple[int, int]] = {}  # seen once, waiting to settle
        self._thread = threading.Thread(target=self._run, name="dragoman-watch", daemon=True)

    def start(self) -> None:
        """Start polling."""
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the thread to stop after the file in hand, and wait for it."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        """True while the thread is alive (it may be inside a long file after stop())."""
        return self._thread.is_alive()

    def snapshot(self) -> dict[str, Any]:
        """The status as a JSON-ready dict (safe to call from any thread)."""
        with self._lock:
            return self.status.as_dict()

    def _set(self, **changes: Any) -> None:
        with self._lock:
            for key, value in changes.items():
                setattr(self.status, key, value)

    def _run(self) -> None:
        self._set(state="idle")
        while not self._stop.is_set():
            try:
                for path in self.settled_files():
                    if self._stop.is_set():
                        break
                    self._ingest_one(path)
            except OSError as exc:  # the folder went away: say so, keep serving, look again
                self._set(state="error", last_error=str(exc))
            self._stop.wait(self.interval)
        self._set(state="stopped", current=None)

    def settled_files(self) -> list[Path]:
        """Files that are new or changed and whose size and time did not move since last poll."""
        if not self.folder.is_dir():
            raise FileNotFoundError(f"{self.folder}: no such folder")
        ready = []
        for path in folder_files(self.folder, self.patterns):
            try:
                stat = path.stat()
            except OSError:
                continue  # removed between listing and stat
            mark = (stat.st_size, stat.st_mtime_ns)
            if self._seen.get(path) == mark:
                continue
            if self._pending.get(path) == mark:
                ready.append(path)
                del self._pending[path]
            else:
                self._pending[path] = mark
        return ready

    def _batch_stored(self, progress: Any) -> None:
        """After each committed batch: show the count, and let readers see the new rows."""
        self._set(current_articles=progress.articles)
        self.db.changed()

    def _ingest_one(self, path: Path) -> None:
        """Ingest a file; an error is shown on the overview and the file is not retried."""
        try:
            self._ingest_file(path)
        except Exception as exc:  # noqa: BLE001 -- the server must keep serving
            self._set(state="error", current=None,
                      last_error=f"{path.name}: {type(exc).__name__}: {exc}")
        self._mark(path)

    def _mark(self, path: Path) -> None:
        """Remember a file as done, as it is now (a later change makes it new again)."""
        try:
            stat = path.stat()
        except OSError:
            return
        self._seen[path] = (stat.st_size, stat.st_mtime_ns)

    def _ingest_file(self, path: Path) -> None:
        """Ingest one file through the driver and record what it added."""
        from ..ingest.driver import ingest as run_ingest
        from ..pipeline import EventExtractor

        if self.extractor is None:
            self.extractor = EventExtractor()  # loads the model once, on the first file
        self._set(state="ingesting", current=path.name, current_articles=0)
        report = run_ingest(self.db.store, [path], extractor=self.extractor,
                            on_progress=self._batch_stored, command=f"serve --watch {self.folder}")
        self.db.changed()  # the driver reclusters after the last batch
        with self._lock:
            s = self.status
            s.files_done += 1
            s.articles += report.written.articles
            s.events += report.written.events
            s.failures += len(report.failures)
            s.skipped += report.skipped
            s.state, s.current, s.last_change = "idle", None, _now()
            if report.failures:
                s.last_error = "; ".join(f"{where}: {why}" for where, why in report.failures[:3])
            s.recent.appendleft({"file": path.name, "articles": report.written.articles,
                                 "events": report.written.events,
                                 "failures": len(report.failures), "at": s.last_change})
