"""multilat: structured, source-traceable assessment of the multilateral security order.

>>> import multilat
>>> kb = multilat.load()
>>> kb["us-unilateralism"].name.in_language("nl")
'Amerikaanse unilaterale koers'

``import multilat`` stays cheap: the plugin machinery (pluggy, with
:data:`hookimpl`) and the data loader are imported on first use of
:func:`load` or :data:`hookimpl`, and NumPy only with the assessment engine,
:mod:`multilat.assess`, which is imported on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from multilat.errors import (
    DataError,
    InvalidValue,
    KnowledgeError,
    MultilatError,
    MultilatWarning,
    OutdatedFactWarning,
    PluginError,
    Problem,
)

if TYPE_CHECKING:
    from multilat.hookspecs import hookimpl
    from multilat.knowledge import KnowledgeBase
    from multilat.plugins import load

__all__ = [
    "DataError",
    "InvalidValue",
    "KnowledgeBase",
    "KnowledgeError",
    "MultilatError",
    "MultilatWarning",
    "OutdatedFactWarning",
    "PluginError",
    "Problem",
    "__version__",
    "hookimpl",
    "load",
]


def __getattr__(name: str) -> Any:
    # PEP 562: keep `import multilat` (done by every plugin module) light.
    if name == "hookimpl":
        # What plugin modules use: they are imported by the plugin host, which
        # imports pluggy anyway; the command line's own modules never need it.
        from multilat.hookspecs import hookimpl

        return hookimpl
    if name == "load":
        from multilat.plugins import load

        return load
    if name == "KnowledgeBase":
        from multilat.knowledge import KnowledgeBase

        return KnowledgeBase
    if name == "__version__":
        from importlib.metadata import version

        return version("multilat")
    raise AttributeError(f"module 'multilat' has no attribute {name!r}")
