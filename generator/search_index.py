"""The search index (Pagefind), fed page by page while the site is written.

Pagefind's indexing service is a process of its own: handing it every page as soon
as MkDocs writes it keeps it busy on the machine's other core, instead of reading the
whole written site again at the end of the build. A chunked index: a first search
downloads a few small files, not the whole index.

The client is ours, over the same `pagefind --service` protocol (base64 JSON messages
ended by a comma) and the same binary as the `pagefind` package's asyncio client:
that one reads one reply per 0.1 s, so 10,000 pages would take 1,000 s.
"""

from __future__ import annotations

import base64
import json
import subprocess
import threading
from pathlib import Path

from pagefind.service import get_executable

CONFIG = {"root_selector": "article", "force_language": "es"}


class SearchIndexError(Exception):
    pass


class SearchIndex:
    def __init__(self, output_dir: Path):
        self._output_dir = output_dir
        self._process = subprocess.Popen([str(get_executable()), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self._replies: dict[int, dict] = {}
        self._arrived = threading.Condition()
        self._last_id = 0
        self._reader = threading.Thread(target=self._read_replies, name="pagefind", daemon=True)
        self._reader.start()
        self._index_id = self._wait(self._send({"type": "NewIndex", "config": CONFIG}))["index_id"]

    def add(self, url: str, html: str) -> None:
        """Hand over one page, by its URL from the site's root (e.g. "/metas/x/y/"); no waiting."""
        self._send({"type": "AddFile", "index_id": self._index_id, "url": url, "file_contents": html, "file_path": None})

    def write(self) -> None:
        """Wait for every page, then write the index and stop the service."""
        try:
            pages_sent = self._last_id
            for message_id in range(2, pages_sent + 1):
                self._wait(message_id)
            self._wait(self._send({"type": "WriteFiles", "index_id": self._index_id, "output_path": str(self._output_dir)}))
        finally:
            self.close()

    def close(self) -> None:
        """Stop the service; without `write`, nothing is written."""
        if self._process.stdin:
            self._process.stdin.close()
        self._process.wait()
        self._reader.join()

    def _send(self, payload: dict) -> int:
        self._last_id += 1
        message = {"message_id": self._last_id, "payload": payload}
        self._process.stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
        self._process.stdin.flush()
        return self._last_id

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
