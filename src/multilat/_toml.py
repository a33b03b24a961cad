"""The TOML parser: compiled ``tomli`` where it is installed, else :mod:`tomllib`.

``tomllib`` is the standard library's copy of ``tomli``'s pure-Python
parser; ``tomli``'s wheels for CPython are compiled with mypyc and parse
the distributed content about three times as fast. Both raise the same
errors with the same messages; where only tomli's pure-Python wheel exists,
it is the same code as ``tomllib``.
"""

from __future__ import annotations

try:
    from tomli import TOMLDecodeError, loads
except ImportError:  # pragma: no cover -- tomli is a dependency; tomllib is its copy
    from tomllib import TOMLDecodeError, loads  # type: ignore[assignment]

__all__ = ["TOMLDecodeError", "loads"]
