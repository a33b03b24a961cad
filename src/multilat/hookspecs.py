"""The plugin contract: the hooks a multilat plugin may implement.

A plugin is a module (or any object) with functions named after these hooks
and marked with :data:`hookimpl`; it is found through an entry point in the
group ``multilat``:

.. code-block:: toml

    [project.entry-points.multilat]
    nato = "multilat_nato"

Every hook is called once per plugin, with no arguments, and its results
are collected from all plugins and then sorted, so that nothing depends on
the order in which plugins were installed or registered. None of these
hooks is ``firstresult``. A hook that raises, or returns something other
than the contract says, is reported with the plugin's name and skipped; the
other plugins' results are kept (see :mod:`multilat.plugins`).

Implementations may be plain functions of the module, as pluggy allows::

    import multilat
    from multilat.data import load_package_data

    @multilat.hookimpl
    def multilat_knowledge():
        return load_package_data(__package__)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from multilat.formats import Format
    from multilat.model import Fragment, Scenario

__all__ = ["PROJECT_NAME", "hookimpl", "hookspec"]

#: The pluggy project name and the entry-point group of plugins.
PROJECT_NAME = "multilat"

#: Marks the hook specifications below.
hookspec = pluggy.HookspecMarker(PROJECT_NAME)
#: Marks a plugin's implementation of a hook: ``@multilat.hookimpl``.
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


# -- content ----------------------------------------------------------------


@hookspec
def multilat_knowledge() -> Fragment | Iterable[object] | None:
    """Contribute domain objects to the knowledge base.

    :return: a :class:`~multilat.model.Fragment`, or an iterable of domain
        objects (:class:`~multilat.model.Source`,
        :class:`~multilat.model.Institution`, …) which is grouped into one,
        or ``None`` for nothing. Raising
        :class:`~multilat.errors.DataError` with a ``partial`` fragment (as
        :func:`~multilat.data.load_package_data` does for a file with a bad
        object) reports the problems and keeps the valid objects.

    The fragments of all plugins are merged into one
    :class:`~multilat.knowledge.KnowledgeBase` and checked together:
    an object may refer to ids another plugin defines, provided the plugin
    declares that plugin's distribution as a dependency.
    """


@hookspec
def multilat_scenarios() -> Iterable[Scenario] | None:
    """Contribute named scenarios for impact assessments.

    :return: an iterable of :class:`~multilat.model.Scenario`, or ``None``.

    Scenarios written in a plugin's data files arrive with
    :func:`multilat_knowledge`; this hook is for scenarios a plugin computes.
    Both end up in :attr:`~multilat.knowledge.KnowledgeBase.scenarios`.
    """


# -- output -----------------------------------------------------------------


@hookspec
def multilat_formats() -> Iterable[Format] | None:
    """Contribute output formats for ``multilat report --format NAME``.

    :return: an iterable of :class:`~multilat.formats.Format`, or ``None``.

    Format names are unique across plugins; a second format of the same
    name is reported and left out.
    """
