"""Prints the settings a running Dask scheduler actually uses (threads, work
stealing, worker-saturation), so BENCHMARKS.md states them as measured.

    python bench/dask_settings.py ADDRESS
"""
import sys

from distributed import Client


def settings(dask_scheduler):
    import dask

    threads = sorted(ws.nthreads for ws in dask_scheduler.workers.values())
    return (f"{len(threads)} workers with {threads} threads, "
            f"work stealing {'on' if 'stealing' in dask_scheduler.extensions else 'off'}, "
            f"worker-saturation {dask.config.get('distributed.scheduler.worker-saturation')}")


def main():
    with Client(sys.argv[1], set_as_default=False) as client:
        print(client.run_on_scheduler(settings))


if __name__ == "__main__":
    main()
