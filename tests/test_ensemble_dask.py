"""Ensembles on Dask's distributed scheduler give the in-process results, bit for bit.

A real ``distributed.LocalCluster`` with two worker processes: chunks are
pickled, sent over the scheduler's TCP connections and run in other
interpreters, as on a cluster.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from distributed import Client, LocalCluster, get_task_stream

from multilat.assess import ensemble
from tests.test_ensemble import chain_kb, scenario


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: 8787 may be another run's
            host="127.0.0.1",
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.mark.parametrize("exact", [True, False])
def test_a_dask_cluster_gives_the_in_process_results(client: Client, exact: bool) -> None:
    kb = chain_kb(scenarios=[scenario("s", {"b": -0.4})])
    here = ensemble(kb, scenario="s", n=3_000, seed=11, chunk_size=100, exact=exact, progress=False)
    with get_task_stream(client) as tasks:
        there = ensemble(
            kb,
            scenario="s",
            n=3_000,
            seed=11,
            chunk_size=100,
            exact=exact,
            progress=False,
            executor=client.get_executor(),
        )
    assert there.outcomes == here.outcomes
    assert there.levels.tobytes() == here.levels.tobytes()
    assert there.baseline_levels.tobytes() == here.baseline_levels.tobytes()
    assert (there.exact, there.converged) == (here.exact, here.converged) == (exact, True)
    # The 30 chunks ran on the cluster, on both workers.
    assert len(tasks.data) == 30
    assert len({task["worker"] for task in tasks.data}) == 2
