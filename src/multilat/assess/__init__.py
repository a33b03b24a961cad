"""Impact assessment: the knowledge base as a fuzzy cognitive map.

This package needs NumPy and SciPy, so ``import multilat`` never imports it;
import it explicitly::

    from multilat.assess import infer

:func:`infer` is the engine primitive: it iterates a weight matrix from one
initial state or a batch of them (see its docstring for the conventions and
how they relate to fcmpy, Mental Modeler and R's ``fcm``).
"""

from __future__ import annotations

from multilat.assess.engine import Inference, infer

__all__ = ["Inference", "infer"]
