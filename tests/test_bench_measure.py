"""The named-query benchmark's paired timing (`benchmarks.bench_queries.measure_pair`)."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from benchmarks.bench_queries import Plan, measure_pair


def _recorder(order: list[str], name: str, rows: int = 1) -> Callable[[], int]:
    """A call that notes its name in `order` and answers `rows`."""

    def call() -> int:
        order.append(name)
        return rows

    return call


def test_pairs_alternate_in_blocks_and_stop_at_the_cap() -> None:
    order: list[str] = []
    plan = Plan((1,), min_runs=3, max_runs=15, budget_s=0.0, pair_max_runs=25, pair_budget_s=60.0)
    first, second = measure_pair(_recorder(order, "a", 7), _recorder(order, "b", 7), plan)
    assert len(first.runs) == len(second.runs) == 25  # exactly the cap, the warm-ups not counted
    assert first.rows == second.rows == 7 and not first.error and not second.error
    blocks = [(name, len(list(group))) for name, group in itertools.groupby(order[2:])]
    assert [name for name, _ in blocks] == ["a", "b"] * (len(blocks) // 2)  # a block of each, in turn
    assert all(size <= 10 for _, size in blocks)
    assert [size for name, size in blocks if name == "a"] == [size for name, size in blocks if name == "b"]


def test_a_failing_second_call_leaves_the_first_timed_on_its_own() -> None:
    order: list[str] = []

    def broken() -> int:
        raise RuntimeError("HTTP 500: boom")

    plan = Plan((1,), min_runs=3, max_runs=5, budget_s=0.0, pair_max_runs=25, pair_budget_s=60.0)
    first, second = measure_pair(_recorder(order, "a"), broken, plan)
    assert len(first.runs) >= 3 and first.rows == 1 and not first.error
    assert second.error.startswith("RuntimeError: HTTP 500") and second.rows is None


def test_a_timed_out_second_call_is_a_lower_bound_at_its_limit() -> None:
    def slow() -> int:
        raise TimeoutError

    plan = Plan((1,), min_runs=3, max_runs=5, budget_s=0.0, pair_max_runs=25, pair_budget_s=60.0)
    first, second = measure_pair(_recorder([], "a"), slow, plan, limit_s=20.0)
    assert len(first.runs) >= 3
    assert second.lower_bound and second.runs == [20.0] and second.rows is None
