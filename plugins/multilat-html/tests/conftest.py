"""A headless Chromium driven over the DevTools protocol, for the browser tests.

The client speaks the Chrome DevTools Protocol over ``--remote-debugging-pipe``
(JSON messages ending in a NUL byte on file descriptors 3 and 4): no
network port, no third-party package, and no browser download; it uses
Debian's ``chromium`` (``.ci/run`` installs it when it is missing). The
tests fail, never skip, when there is no Chromium: set ``MULTILAT_CHROMIUM``
to use another binary.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

#: Flags for a closed network and a throwaway profile (see the machine notes):
#: without the background-networking ones Chromium keeps trying to reach Google.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-pipe",
)

TIMEOUT = 60.0


def chromium_path() -> str:
    """The Chromium to drive: ``$MULTILAT_CHROMIUM``, else ``chromium`` on the path."""
    found = os.environ.get("MULTILAT_CHROMIUM") or shutil.which("chromium")
    if not found:
        pytest.fail(
            "no Chromium: install Debian's chromium (.ci/run does) or set MULTILAT_CHROMIUM",
            pytrace=False,
        )
    return found


class ProtocolError(RuntimeError):
    """Chromium answered a command with an error, or not in time."""


class Tab:
    """One page, attached with its own session; its events are recorded."""

    def __init__(self, browser: Chromium, session: str) -> None:
        self.browser = browser
        self.session = session

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Send a command to this page and return its result."""
        return self.browser.send(method, params, session=self.session)

    def events(self, method: str) -> list[dict[str, Any]]:
        """The parameters of every event ``method`` this page has sent so far."""
        return self.browser.events(method, self.session)

    def navigate(self, url: str) -> None:
        """Load ``url`` and wait for its load event."""
        seen = len(self.events("Page.loadEventFired"))
        self.send("Page.navigate", {"url": url})
        self.browser.wait_for(
            lambda: len(self.events("Page.loadEventFired")) > seen, f"load of {url}"
        )

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (JSON-serialisable)."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise ProtocolError(f"{expression!r} raised: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path, *, width: int = 1200, down_to: str | None = None) -> None:
        """A PNG of the page, ``width`` CSS pixels wide.

        ``down_to``: a CSS selector; the picture ends below that element
        instead of at the end of the page.
        """
        bottom = "document.documentElement.scrollHeight"
        if down_to is not None:
            bottom = f"document.querySelector({json.dumps(down_to)}).getBoundingClientRect().bottom"
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
        )
        height = int(self.evaluate(f"Math.ceil({bottom} + window.scrollY)")) + 16
        clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
        shot = self.send(
            "Page.captureScreenshot",
            {"format": "png", "clip": clip, "captureBeyondViewport": True},
        )
        path.write_bytes(base64.b64decode(shot["data"]))

    def console_errors(self) -> list[str]:
        """Errors the page reported: console errors, exceptions, log entries (CSP too)."""
        errors = [
            " ".join(str(a.get("value", a.get("description", ""))) for a in e["args"])
            for e in self.events("Runtime.consoleAPICalled")
            if e["type"] in ("error", "assert")
        ]
        errors += [str(e["exceptionDetails"]) for e in self.events("Runtime.exceptionThrown")]
        errors += [
            e["entry"]["text"]
            for e in self.events("Log.entryAdded")
            if e["entry"]["level"] in ("error", "warning")
        ]
        return errors

    def requests(self) -> list[str]:
        """The URL of every request the page made (the page itself included)."""
        return [e["request"]["url"] for e in self.events("Network.requestWillBeSent")]


class Chromium:
    """A headless Chromium process and a DevTools client on its pipe."""

    def __init__(self, executable: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="multilat-chromium-")
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()

        def on_fds_3_and_4() -> None:
            # Out of the way first: either end may already be fd 3 or 4.
            read = fcntl.fcntl(to_browser_read, fcntl.F_DUPFD, 10)
            write = fcntl.fcntl(from_browser_write, fcntl.F_DUPFD, 10)
            os.dup2(read, 3)
            os.dup2(write, 4)

        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,  # Python's own descriptors are not inheritable anyway
            preexec_fn=on_fds_3_and_4,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._next_id = 0
        self._answers: dict[int, dict[str, Any]] = {}
        self._events: list[dict[str, Any]] = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        buffer = b""
        with os.fdopen(self._from_browser, "rb", buffering=0) as stream:
            while chunk := stream.read(1 << 16):
                buffer += chunk
                *messages, buffer = buffer.split(b"\0")
                with self._changed:
                    for raw in messages:
                        message = json.loads(raw)
                        if "id" in message:
                            self._answers[message["id"]] = message
                        else:
                            self._events.append(message)
                    self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def wait_for(self, condition: Any, what: str) -> None:
        """Wait until ``condition()`` holds, or fail after :data:`TIMEOUT` seconds."""
        with self._changed:
            if (
                not self._changed.wait_for(
                    lambda: condition() or not self._reader.is_alive(), TIMEOUT
                )
                or not condition()
            ):
                raise ProtocolError(f"no {what} within {TIMEOUT} s")

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        """Send a command and return its result; an error answer raises."""
        self._next_id += 1
        number = self._next_id
        message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode("utf-8") + b"\0")
        self.wait_for(lambda: number in self._answers, f"answer to {method}")
        with self._changed:
            answer = self._answers.pop(number)
        if "error" in answer:
            raise ProtocolError(f"{method}: {answer['error']}")
        result: dict[str, Any] = answer.get("result", {})
        return result

    def events(self, method: str, session: str | None = None) -> list[dict[str, Any]]:
        """The parameters of every event ``method`` (of ``session``) so far."""
        with self._changed:
            return [
                e["params"]
                for e in self._events
                if e["method"] == method and (session is None or e.get("sessionId") == session)
            ]

    def new_tab(self) -> Tab:
        """A fresh page with the domains the tests listen to enabled."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        tab = Tab(self, session)
        for domain in ("Page", "Runtime", "Network", "Log"):
            tab.send(f"{domain}.enable")
        return tab

    def close(self) -> None:
        """Ask Chromium to quit, wait for it, and remove its profile."""
        with contextlib.suppress(ProtocolError, OSError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    """One headless Chromium for the session's browser tests."""
    browser = Chromium(chromium_path())
    try:
        yield browser
    finally:
        browser.close()
