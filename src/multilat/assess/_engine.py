"""Fuzzy-cognitive-map inference: the primitive every assessment runs on.

One function, :func:`infer`, iterates a cognitive map from one initial state or
from a whole batch of them at once, and returns an :class:`Inference`.
"""

from __future__ import annotations

import math
import operator
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, get_args

import attrs
import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import scipy.sparse  # type: ignore[import-untyped]  # scipy ships no type information

__all__ = ["RULES", "TRANSFERS", "Inference", "Rule", "Transfer", "check_method", "infer"]

FloatArray: TypeAlias = npt.NDArray[np.float64]
# Each writes its result into a preallocated array: fresh arrays of a large
# batch cost more in page faults than the arithmetic does.
_Propagate: TypeAlias = Callable[[FloatArray, FloatArray], None]
_Rule: TypeAlias = Callable[[FloatArray, FloatArray, FloatArray], None]
_Transfer: TypeAlias = Callable[[FloatArray], None]

#: An inference rule's name (see :func:`infer`).
Rule: TypeAlias = Literal["kosko", "modified_kosko", "rescaled"]
#: A transfer function's name (see :func:`infer`).
Transfer: TypeAlias = Literal["sigmoid", "tanh", "bivalent", "trivalent"]
#: Names accepted by ``rule``.
RULES: Final[tuple[Rule, ...]] = get_args(Rule)
#: Names accepted by ``transfer``.
TRANSFERS: Final[tuple[Transfer, ...]] = get_args(Transfer)


def check_method(rule: str, transfer: str) -> None:
    """Refuse an unknown rule or transfer, naming the known ones.

    :raises ValueError: for either.
    """
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}; known rules: {', '.join(RULES)}")
    if transfer not in TRANSFERS:
        raise ValueError(f"unknown transfer {transfer!r}; known transfers: {', '.join(TRANSFERS)}")


def _readonly(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    array.flags.writeable = False
    return array


@attrs.frozen(eq=False)
class Inference:
    """The outcome of :func:`infer`.

    For a single initial state ``steps`` is an :class:`int` and ``converged`` a
    :class:`bool`; for a batch both are arrays with one entry per row. The
    arrays are read-only. Instances compare by identity: compare the arrays.
    """

    #: Final state(s), of the same shape as ``initial``.
    states: FloatArray
    #: Number of updates made (per row for a batch).
    steps: int | npt.NDArray[np.int64]
    #: Whether the largest change fell to ``threshold`` within ``max_iter`` updates.
    converged: bool | npt.NDArray[np.bool_]


def _sigmoid(lam: float) -> _Transfer:
    # scipy.special costs 30-40 ms to import, more than a whole assessment
    # runs; the assessments use tanh, so only a sigmoid map pays for it.
    from scipy.special import expit  # type: ignore[import-untyped]

    def sigmoid(x: FloatArray) -> None:
        if lam != 1.0:
            x *= lam
        expit(x, out=x)

    return sigmoid


def _tanh(x: FloatArray) -> None:
    np.tanh(x, out=x)


def _bivalent(x: FloatArray) -> None:
    np.heaviside(x, 0.0, out=x)


def _trivalent(x: FloatArray) -> None:
    np.sign(x, out=x)
    # sign(-0.0) is -0.0; adding +0.0 makes every zero print and compare alike.
    x += 0.0


# State values (float64) a sparse product gathers from at once: 4 MB, which
# stays in a current processor's cache.
_CACHED_STATE_VALUES: Final = 2**19


def _propagator(weights: object) -> tuple[_Propagate, int, npt.NDArray[np.intp]]:
    """Return ``(X, out) -> out = X @ W`` for row states, the size ``n`` and the drivers."""
    # A sparse matrix exists only once scipy.sparse is imported; a dense map
    # (every assessment's) never imports it, which saves about 100 ms.
    sparse = sys.modules.get("scipy.sparse")
    if sparse is not None and sparse.issparse(weights):
        shape = weights.shape  # type: ignore[attr-defined]
        _check_square(shape)
        # W stays in CSR (or CSC, as an ensemble builds it): X @ W takes row
        # states without a transposed copy of the batch per update. The
        # matrix is never densified.
        fmt = weights.format if weights.format in ("csr", "csc") else "csr"  # type: ignore[attr-defined]
        w = (sparse.csr_array if fmt == "csr" else sparse.csc_array)(
            weights, dtype=np.float64
        )
        if not np.isfinite(w.data).all():
            raise ValueError("weights contain NaN or infinite values")
        drivers = np.flatnonzero(np.asarray(abs(w).sum(axis=0)).ravel() == 0)

        # A product gathers state values from all over each row; rows taken a
        # few at a time keep what it gathers from in cache (4 MB): on 10**5
        # concepts and 100 states that is six times faster, and the same sums.
        rows_per_block = max(1, _CACHED_STATE_VALUES // int(shape[0]))
        # One state: a plain matrix-vector product, without the dispatch cost
        # of X @ W (10 µs a step, the whole step on a small map).
        transposed = w.T

        def sparse_product(x: FloatArray, out: FloatArray) -> None:
            if x.shape[0] == 1:
                out[0] = transposed @ x[0]
                return
            for start in range(0, x.shape[0], rows_per_block):
                stop = start + rows_per_block
                out[start:stop] = x[start:stop] @ w

        return sparse_product, int(shape[0]), drivers
    w = np.asarray(weights, dtype=np.float64)
    _check_square(w.shape)
    if not np.isfinite(w).all():
        raise ValueError("weights contain NaN or infinite values")
    drivers = np.flatnonzero(~w.any(axis=0))

    def dense_product(x: FloatArray, out: FloatArray) -> None:
        np.matmul(x, w, out=out)

    return dense_product, int(w.shape[0]), drivers


def _check_square(shape: tuple[int, ...]) -> None:
    if len(shape) != 2 or shape[0] != shape[1] or shape[0] == 0:
        raise ValueError(f"weights must be a non-empty square (n, n) matrix, got shape {shape}")


def _rule(name: str, propagate: _Propagate) -> _Rule:
    def kosko(x: FloatArray, out: FloatArray, scratch: FloatArray) -> None:
        propagate(x, out)

    def modified_kosko(x: FloatArray, out: FloatArray, scratch: FloatArray) -> None:
        propagate(x, out)
        out += x

    def rescaled(x: FloatArray, out: FloatArray, scratch: FloatArray) -> None:
        np.multiply(x, 2.0, out=scratch)
        scratch -= 1.0
        propagate(scratch, out)
        out += scratch

    return {"kosko": kosko, "modified_kosko": modified_kosko, "rescaled": rescaled}[name]


def infer(
    weights: npt.ArrayLike | scipy.sparse.spmatrix | scipy.sparse.sparray,
    initial: npt.ArrayLike,
    *,
    rule: Rule = "kosko",
    transfer: Transfer = "sigmoid",
    lam: float = 1.0,
    clamped: Mapping[int, float] | None = None,
    hold_drivers: bool = True,
    threshold: float = 1e-5,
    max_iter: int = 100,
) -> Inference:
    r"""Iterate a fuzzy cognitive map until its state settles.

    **Conventions.** ``weights[i, j]`` is the influence of concept ``i`` on
    concept ``j`` (row → column, as in fcmpy, R's ``fcm`` and Mental Modeler).
    With ``A`` the state and ``f`` the transfer function, one update is

    ==========================  ========================================
    ``rule="kosko"``            :math:`A \leftarrow f(W^\top A)`
    ``rule="modified_kosko"``   :math:`A \leftarrow f(W^\top A + A)`
    ``rule="rescaled"``         :math:`A \leftarrow f(W^\top (2A-1) + (2A-1))`
    ==========================  ========================================

    and the transfer functions are

    ==========================  ========================================
    ``transfer="sigmoid"``      :math:`1 / (1 + e^{-\lambda x})`, range (0, 1)
    ``transfer="tanh"``         :math:`\tanh x`, range (-1, 1); ``lam`` is
                                not used, as in fcmpy 0.0.21
    ``transfer="bivalent"``     1 if :math:`x > 0` else 0
    ``transfer="trivalent"``    the sign of :math:`x`: 1, 0 or -1
    ==========================  ========================================

    States are always ``float64``, for every transfer.

    Step 0 is ``initial`` with the ``clamped`` values written in. After every
    update the concepts without incoming influence (all-zero column of
    ``weights``) are put back to their step-0 value if ``hold_drivers``, and
    then the clamped concepts to their clamped value. Iteration stops at the
    first step ``k`` where :math:`\max_j |A_j(k) - A_j(k-1)| \le` ``threshold``
    and reports :math:`A(k)`; ``steps`` is ``k``, the number of updates made.
    A map that has not settled after ``max_iter`` updates is not an error:
    its state after ``max_iter`` updates is reported with
    ``converged=False``.

    A batch ``initial`` of shape ``(m, n)`` runs as one vectorised
    computation; each row stops at its own step, exactly as if it were run
    alone (up to the rounding of the matrix product).

    **Relation to fcmpy 0.0.21** (``FcmSimulator.simulate``). The rules,
    transfers, holding of in-degree-0 concepts, the stopping test and the
    step count are fcmpy's, and results agree to 1e-9. Differences: the
    defaults here are ``threshold=1e-5`` and ``max_iter=100`` (fcmpy:
    ``thresh=0.001``, ``iterations=50``); fcmpy has no ``clamped`` argument
    (it models interventions as extra concepts) and always holds drivers;
    fcmpy's bivalent and trivalent modes keep integer states, so a held
    fractional value is truncated towards zero there, and kept here. Runs
    that never settle (oscillating or chaotic maps) carry rounding
    differences through every update, so they agree less closely after
    many steps. Mental Modeler writes its clamps only after each update,
    not into step 0.

    :param weights: ``(n, n)`` weight matrix: a NumPy array (or anything
        ``numpy.asarray`` accepts) or a SciPy sparse matrix or array of
        any format, which is used in sparse form throughout.
    :param initial: one state of shape ``(n,)`` or a batch of shape ``(m, n)``.
    :param rule: ``"kosko"``, ``"modified_kosko"`` or ``"rescaled"``.
    :param transfer: ``"sigmoid"``, ``"tanh"``, ``"bivalent"`` or ``"trivalent"``.
    :param lam: steepness :math:`\lambda > 0` of the sigmoid.
    :param clamped: concept index → value, held at that value from step 0 on.
    :param hold_drivers: hold concepts without incoming influence at their
        initial value (fcmpy); ``False`` lets them follow the rule (Mental
        Modeler, R's ``fcm``).
    :param threshold: stop once the largest change of a step is at most this.
    :param max_iter: the largest number of updates to make.
    :returns: the final state(s), the step count(s) and whether each converged.
    :raises ValueError: on a non-square weight matrix, a state of the wrong
        shape, an unknown rule or transfer, a clamped index out of range,
        NaN or infinite inputs, ``threshold < 0``, ``max_iter < 1`` or
        ``lam <= 0``.

    >>> import numpy as np
    >>> from multilat.assess import infer
    >>> w = np.array([[0.0, 0.8], [0.0, 0.0]])  # concept 0 raises concept 1
    >>> result = infer(w, [1.0, 0.0])
    >>> result.states.round(4), result.steps, result.converged
    (array([1.  , 0.69]), 2, True)
    >>> infer(w, [[1.0, 0.0], [0.0, 0.0]]).states.round(4)
    array([[1.  , 0.69],
           [0.  , 0.5 ]])
    """
    check_method(rule, transfer)
    if not (lam > 0 and math.isfinite(lam)):
        raise ValueError(f"lam must be a finite number > 0, got {lam!r}")
    if not threshold >= 0:  # also rejects NaN
        raise ValueError(f"threshold must be >= 0, got {threshold!r}")
    max_iter = operator.index(max_iter)
    if max_iter < 1:
        raise ValueError(f"max_iter must be >= 1, got {max_iter}")

    propagate, n, drivers = _propagator(weights)
    start = np.array(initial, dtype=np.float64, ndmin=1)
    if start.ndim > 2 or start.shape[-1] != n:
        raise ValueError(
            f"initial must have shape ({n},) or (m, {n}) to match weights, got {start.shape}"
        )
    if not np.isfinite(start).all():
        raise ValueError("initial contains NaN or infinite values")
    single = start.ndim == 1
    batch = start.reshape(-1, n)

    clamped_indices: list[int] = []
    for key, value in (clamped or {}).items():
        try:
            index = operator.index(key)
        except TypeError:
            raise ValueError(f"clamped keys must be concept indices, got {key!r}") from None
        if not 0 <= index < n:
            raise ValueError(f"clamped concept index {index} is out of range for {n} concepts")
        if not math.isfinite(value):
            raise ValueError(f"clamped value for concept {index} must be finite, got {value!r}")
        batch[:, index] = value
        clamped_indices.append(index)
    # In NumPy, not a Python set: a large map (or an ensemble's block matrix)
    # can hold 10**5 drivers, and Python objects per driver would cost more
    # than the iteration. A mask, not np.union1d: the same sorted indices,
    # and np.unique imports numpy.ma (5 ms) the first time it runs.
    is_held = np.zeros(n, dtype=np.bool_)
    if hold_drivers:
        is_held[drivers] = True
    is_held[np.array(clamped_indices, dtype=np.intp)] = True
    held = np.flatnonzero(is_held)

    update = _rule(rule, propagate)
    squash: _Transfer = (
        _sigmoid(float(lam))
        if transfer == "sigmoid"
        else {"tanh": _tanh, "bivalent": _bivalent, "trivalent": _trivalent}[transfer]
    )

    states = np.empty_like(batch)
    steps = np.full(batch.shape[0], max_iter, dtype=np.int64)
    converged = np.zeros(batch.shape[0], dtype=np.bool_)
    # Rows still moving sit at the top of the buffers; `rows` says which they are.
    rows = np.arange(batch.shape[0])
    current, new, scratch = batch, np.empty_like(batch), np.empty_like(batch)
    for k in range(1, max_iter + 1):
        if not rows.size:
            break
        a, b, s = current[: rows.size], new[: rows.size], scratch[: rows.size]
        update(a, b, s)
        squash(b)
        if held.size:
            # Held columns never change, so the previous step has their values.
            b[:, held] = a[:, held]
        np.subtract(b, a, out=s)
        np.abs(s, out=s)
        done = s.max(axis=1) <= threshold
        if done.any():
            finished = rows[done]
            states[finished] = b[done]
            steps[finished] = k
            converged[finished] = True
            rows = rows[~done]
            new[: rows.size] = b[~done]
        current, new = new, current
    states[rows] = current[: rows.size]

    if single:
        return Inference(_readonly(states[0]), int(steps[0]), bool(converged[0]))
    return Inference(_readonly(states), _readonly(steps), _readonly(converged))
