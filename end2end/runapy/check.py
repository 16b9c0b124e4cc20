"""Runs NVIDIA's own Python client for Run:ai (runapy, from PyPI) against `runboard sim`:
the simulator must answer a third-party client of the real API unchanged.

Usage: python check.py http://127.0.0.1:PORT
"""

import datetime
import sys

import runai
from runai.api_client import ApiClient
from runai.configuration import Configuration
from runai.runai_client import RunaiClient


def data(response):
    """runapy returns an ApiResponse wrapper or the body, depending on the version."""
    return getattr(response, "data", response)


def main(base_url: str) -> None:
    config = Configuration(
        client_id="runboard-admin",
        client_secret="runboard-admin",
        runai_base_url=base_url,
    )
    # The token request uses the deprecated app_token grant; its expiry is read from
    # the JWT payload with standard base64.
    client = RunaiClient(ApiClient(config))
    workloads = client.workloads.workloads

    page = data(
        workloads.get_workloads(
            filter_by=["phase==Running", "allocatedGPU>=1"],
            sort_by="createdAt",
            sort_order="desc",
            limit=20,
        )
    )
    rows = page["workloads"]
    assert rows, f"no running workloads: {page}"
    assert all(w["phase"] == "Running" for w in rows), rows

    count = data(workloads.count_workloads(filter_by=["phase==Running", "allocatedGPU>=1"]))
    assert count["count"] >= len(rows), count

    first = rows[0]["id"]
    detail = data(workloads.get_workload(workload_id=first))
    assert detail["id"] == first, detail

    end = datetime.datetime.now(datetime.timezone.utc)
    start = end - datetime.timedelta(hours=1)
    metrics = data(
        workloads.get_workload_metrics(
            workload_id=first,
            metric_type=["GPU_UTILIZATION", "CPU_USAGE_CORES"],
            start=start.isoformat(),
            end=end.isoformat(),
            number_of_samples=10,
        )
    )
    assert metrics["measurements"], metrics

    telemetry = data(
        workloads.get_workloads_telemetry(
            telemetry_type="GPU_ALLOCATION", group_by=["DepartmentId", "Phase"]
        )
    )
    assert telemetry["values"], telemetry
    print(
        f"runapy {runai.__version__ if hasattr(runai, '__version__') else ''}: "
        f"listed {len(rows)} of {count['count']} running workloads, read one, "
        f"{len(metrics['measurements'])} metric series, {len(telemetry['values'])} telemetry groups"
    )


if __name__ == "__main__":
    main(sys.argv[1])
