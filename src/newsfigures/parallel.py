"""Run a per-document function over many documents, here (engine "local") or on a Dask cluster (engine "dask").

Both engines return the results in the order of the inputs, so the tables they make are identical.
With engine "dask", `scheduler` is the address of a running Dask scheduler (e.g.
"tcp://10.0.0.5:8786"); empty means the address in Dask's own configuration (the
`DASK_SCHEDULER_ADDRESS` environment variable) if one is set, else a local cluster of
processes on this machine, started for the call and closed after it.

The function is sent to each worker once (it may carry large data in its closure, such
as the lexicons); the documents go in contiguous chunks, a few per worker thread, and
the results come back in order. docs/scaling.md says how to run on a real cluster.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
ENGINES = ("local", "dask")
CHUNKS_PER_THREAD = 4  # enough chunks to balance uneven documents, few enough to keep task overhead small
LOCAL_WORKERS_MAX = 4
CONNECT_TIMEOUT = "20s"


def map_documents(
    function: Callable[[Item], Result],
    items: Iterable[Item],
    engine: str = "local",
    scheduler: str = "",
    partitions: int | None = None,
) -> list[Result]:
    """`[function(item) for item in items]`, computed by the chosen engine.

    `partitions` sets how many chunks the items are cut into for Dask (default: four per
    worker thread, at most one per item); it never changes the result.

    >>> map_documents(len, ["ab", "c"])
    [2, 1]
    >>> map_documents(len, ["ab"], engine="spark")
    Traceback (most recent call last):
    ...
    ValueError: engine 'spark' unknown; valid: local, dask
    """
    if engine not in ENGINES:
        raise ValueError(f"engine '{engine}' unknown; valid: {', '.join(ENGINES)}")
    items = list(items)
    if engine == "local":
        return [function(item) for item in items]
    if not items:
        return []
    with dask_client(scheduler) as client:
        threads = sum(client.nthreads().values()) or 1
        chunks = split(items, partitions or CHUNKS_PER_THREAD * threads)
        shared = client.scatter(function, broadcast=True, hash=False)
        futures = client.map(_apply, chunks, function=shared, pure=False)
        parts = client.gather(futures)
    return [result for part in parts for result in part]


def _apply(chunk: list[Item], function: Callable[[Item], Result]) -> list[Result]:
    """Run on a worker: the function over one chunk of documents, in order."""
    return [function(item) for item in chunk]


def split(items: Sequence[Item], parts: int) -> list[list[Item]]:
    """Cut `items` into at most `parts` contiguous chunks whose sizes differ by at most one.

    >>> split([1, 2, 3, 4, 5], 2)
    [[1, 2, 3], [4, 5]]
    >>> split([1, 2], 5)
    [[1], [2]]
    """
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    chunks, start = [], 0
    for index in range(parts):
        end = start + size + (index < extra)
        chunks.append(list(items[start:end]))
        start = end
    return chunks


def scheduler_address(scheduler: str = "") -> str:
    """The scheduler to connect to: the one given, else Dask's configured `scheduler-address`, else '' (local)."""
    if scheduler:
        return scheduler
    import dask

    return str(dask.config.get("scheduler-address", None) or "")


def local_workers() -> int:
    """How many worker processes a local cluster gets: one per CPU, at most four."""
    return max(1, min(os.cpu_count() or 1, LOCAL_WORKERS_MAX))


@contextlib.contextmanager
def dask_client(scheduler: str = "") -> Iterator[Any]:
    """A `distributed.Client` on the given scheduler, or on a local cluster started (and closed) for the block.

    One worker process per CPU with one thread each: the work is pure Python, so threads
    would only wait for each other. The client is not made Dask's default, so it does
    not change what other Dask code in the same process uses.
    """
    from distributed import Client, LocalCluster

    address = scheduler_address(scheduler)
    cluster = None
    if address:
        try:
            client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise ConnectionError(
                f"engine dask: cannot reach the Dask scheduler at {address} ({error}); start one with "
                "`dask scheduler`, or leave dask_scheduler empty for a local cluster"
            ) from None
    else:
        cluster = LocalCluster(
            n_workers=local_workers(), threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster, set_as_default=False)
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
