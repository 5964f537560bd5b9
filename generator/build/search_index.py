"""The search index (Pagefind), built beside the site instead of after it.

Pagefind's indexing service is a process of its own, so the index is made on the
machine's other core while the builder writes the pages: a page whose content is known
before the builder runs (every meta page) is handed over at once, the others as it
writes them, and the index is written as soon as the last page is in. A chunked
index: a first search downloads a few small files, not the whole index.

The client is ours, over the same `pagefind --service` protocol (base64 JSON messages
ended by a comma) and the same binary as the `pagefind` package's asyncio client:
that one reads one reply per 0.1 s, so 10,000 pages would take 1,000 s.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import subprocess
import threading
import time
from pathlib import Path

from pagefind.service import get_executable

from generator.common.background import die_with_parent

CONFIG = {"root_selector": "article", "force_language": "es"}
ARTICLE = '<!doctype html><html lang="es"><head><meta charset="utf-8"></head><body><article>{}</article></body></html>'


class SearchIndexError(Exception):
    pass


class SearchIndex:
    def __init__(self, output_dir: Path):
        self._output_dir = output_dir
        self._process = subprocess.Popen([str(get_executable()), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, preexec_fn=die_with_parent)
        self._replies: dict[int, dict] = {}
        self._arrived = threading.Condition()
        self._last_id = 0
        self._outbox: queue.SimpleQueue[dict | None] = queue.SimpleQueue()
        self._threads = [threading.Thread(target=self._read_replies, name="pagefind-replies", daemon=True), threading.Thread(target=self._send_messages, name="pagefind-pages", daemon=True)]
        for thread in self._threads:
            thread.start()
        self._index_id = self._wait(self._send({"type": "NewIndex", "config": CONFIG}))["index_id"]
        self._write_id: int | None = None

    def add(self, url: str, html: str) -> None:
        """Hand over one written page, by its URL from the site's root (e.g. "/metas/x/y/"); no waiting."""
        self._send({"type": "AddFile", "index_id": self._index_id, "url": url, "file_contents": html, "file_path": None})

    def add_article(self, url: str, content: str) -> None:
        """Hand over a page by the HTML of its article alone: all that is indexed of it."""
        self.add(url, ARTICLE.format(content))

    def write_soon(self) -> None:
        """Every page is in: Pagefind may write the index while the build goes on."""
        self._write_id = self._send({"type": "WriteFiles", "index_id": self._index_id, "output_path": str(self._output_dir)})

    def finish(self) -> None:
        """Wait until the index is written and every page was accepted, then stop the service."""
        try:
            if self._write_id is None:
                self.write_soon()
            for message_id in range(2, self._write_id + 1):
                self._wait(message_id)
            self._settle()
        finally:
            self.close()

    def _settle(self, quiet: float = 0.2, limit: float = 10.0) -> None:
        """Pagefind answers WriteFiles while some files are still being written, and a service that is
        stopped then can leave one cut short (seen as an empty pagefind-entry.json, or a worker script
        that differs from one build to the next): wait until the folder has not changed for `quiet` s."""
        deadline = time.monotonic() + limit
        before = None
        while time.monotonic() < deadline:
            now = _listing(self._output_dir)
            if now == before:
                return
            before = now
            time.sleep(quiet)

    def close(self) -> None:
        """Stop the service; without `finish`, nothing is written."""
        self._outbox.put(None)
        for thread in self._threads:
            thread.join()
        self._process.wait()

    def _send(self, payload: dict) -> int:
        self._last_id += 1
        self._outbox.put({"message_id": self._last_id, "payload": payload})
        return self._last_id

    def _send_messages(self) -> None:
        """In a thread, so that a full pipe holds up the service's feeding, never the build."""
        while (message := self._outbox.get()) is not None:
            self._process.stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
            if self._outbox.empty():
                self._process.stdin.flush()
        self._process.stdin.close()

    def _wait(self, message_id: int) -> dict:
        with self._arrived:
            self._arrived.wait_for(lambda: message_id in self._replies or self._process.poll() is not None)
            reply = self._replies.get(message_id)
        if reply is None:
            raise SearchIndexError(f"el servicio de Pagefind terminó (código {self._process.returncode}) sin responder")
        if reply["type"] == "Error":
            raise SearchIndexError(reply.get("message", reply))
        return reply

    def _read_replies(self) -> None:
        buffer = b""
        while chunk := self._process.stdout.read1(1 << 16):
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            with self._arrived:
                for message in messages:
                    reply = json.loads(base64.b64decode(message))
                    self._replies[reply.get("message_id") or 0] = reply["payload"]
                self._arrived.notify_all()
        with self._arrived:
            self._arrived.notify_all()


def _listing(folder: Path) -> list[tuple[str, int, int]]:
    """Every file under `folder` with its size and modification time (one stat each)."""
    found = []
    for root, _, names in os.walk(folder):
        for name in names:
            status = os.stat(os.path.join(root, name))
            found.append((os.path.join(root, name), status.st_size, status.st_mtime_ns))
    return sorted(found)
