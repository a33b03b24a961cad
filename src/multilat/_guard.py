"""Running third-party plugin code: its output kept off stdout.

A plugin that prints while it is imported, while a hook runs or while a
format renders would otherwise write into ``multilat report --format json``
or ``multilat plugins --json`` on stdout. :func:`plugin_code` sends what
plugin code writes to :data:`sys.stdout` to :data:`sys.stderr` instead.

:func:`contextlib.redirect_stdout` swaps :data:`sys.stdout` for the whole
process, so a library user's other threads would lose their output to the
plugin's stream while a plugin runs. Here the swap is a :class:`_PerThread`
stream instead: writes from a thread that is running plugin code go to
stderr, every other thread's go to the stream that was there before. The
stream is put in place when the first thread enters plugin code and taken
away when the last leaves (unless someone replaced :data:`sys.stdout`
meanwhile, which then stays).

Only Python-level writes are caught: a C extension or a subprocess that
writes to file descriptor 1 itself is not.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

__all__ = ["notify_slow", "plugin_code", "slow_notice"]

#: Called with one line when a plugin of the process-wide host is slow (:func:`notify_slow`).
slow_notice: Callable[[str], None] | None = None

_lock = threading.Lock()
_local = threading.local()
_depth = 0
_installed: _PerThread | None = None


class _PerThread:
    """A stand-in for :data:`sys.stdout` that sends plugin threads' writes to stderr."""

    def __init__(self, original: IO[str]) -> None:
        self.original = original

    def _target(self) -> IO[str]:
        if getattr(_local, "depth", 0):
            return sys.stderr
        return self.original

    def write(self, text: str) -> int:
        return self._target().write(text)

    def writelines(self, lines: Any) -> None:
        self._target().writelines(lines)

    def flush(self) -> None:
        self._target().flush()

    def __getattr__(self, name: str) -> Any:
        # buffer, encoding, isatty, fileno…: those of the stream in use.
        return getattr(self._target(), name)


@contextmanager
def plugin_code() -> Iterator[None]:
    """Run the body as plugin code: its writes to stdout go to stderr.

    Nests (a hook that imports a plugin module) and is safe to use from
    several threads at once.
    """
    global _depth, _installed
    with _lock:
        if _depth == 0:
            _installed = _PerThread(sys.stdout)
            sys.stdout = _installed
        _depth += 1
    _local.depth = getattr(_local, "depth", 0) + 1
    try:
        yield
    finally:
        _local.depth -= 1
        with _lock:
            _depth -= 1
            if _depth == 0 and _installed is not None:
                if sys.stdout is _installed:
                    sys.stdout = _installed.original
                _installed = None


def notify_slow(callback: Callable[[str], None] | None) -> None:
    """Have the process-wide plugin host name a slow plugin through ``callback``.

    Sets :attr:`~multilat.plugins.PluginHost.on_slow` of the host that
    :func:`~multilat.plugins.get_host` gives, now if it exists and otherwise
    when it is created: the command line asks for it without creating the
    host (or importing the plugin machinery), which a knowledge base read
    from its snapshot never needs.
    """
    global slow_notice
    slow_notice = callback
    plugins = sys.modules.get("multilat.plugins")
    host = getattr(plugins, "_default_host", None)
    if host is not None:
        host.on_slow = callback
