"""A running cluster (2 replicas behind nginx, deploy/replicas.py) shared by the tests here."""

from __future__ import annotations

import os

import pytest

from deploy.replicas import Cluster, free_port, nginx_path


@pytest.fixture(scope="session")
def cluster():
    """Two replicas of the dashboard behind nginx on free loopback ports."""
    if not nginx_path():
        reason = "nginx not installed: apt-get install -y nginx"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(f"{reason} (CI=true: the replica tests must run)", pytrace=False)
        pytest.skip(reason)
    with Cluster(listen=f"127.0.0.1:{free_port()}", ports=[free_port(), free_port()]) as running:
        yield running
