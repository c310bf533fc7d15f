# A Dask scheduler and worker image for flowspec: the official Python image
# with the pinned `distributed` the tests use (scripts/venv.sh, venv
# "current"; a test keeps the two pins equal). flowspec needs nothing else on
# the cluster: operators travel as Python source with the graph. Add the
# packages your own `op: py:module.func` functions import below.
#
# This image cannot be built on machines without access to an image registry
# (the project's CI machines among them): it starts FROM python:3.11-slim. It
# is therefore not built or run by `make test`; the tests run the same pinned
# distributed from a virtual environment instead. Build it where a registry is
# reachable:
#
#   docker build -t flowspec-dask:2026.8.0 -f deploy/container/worker.Dockerfile deploy/container
#   docker run --rm -p 8786:8786 -p 8787:8787 flowspec-dask:2026.8.0 dask scheduler
#   docker run --rm flowspec-dask:2026.8.0 dask worker tcp://SCHEDULER:8786 --nthreads 1
#
# Keep Python's minor version equal on the scheduler, the workers and any
# Python client: Dask pickles functions across them.
FROM python:3.11-slim

RUN pip install --no-cache-dir distributed==2026.8.0 dask==2026.8.0 bokeh==3.8.2 \
 && useradd --uid 1000 --create-home dask

USER 1000
WORKDIR /home/dask
# Work stealing may start a task on a second worker, so a task marked
# `idempotent: false` could run twice; flowspec warns when it is on.
ENV DASK_DISTRIBUTED__SCHEDULER__WORK_STEALING=False
EXPOSE 8786 8787
CMD ["dask", "scheduler"]
