"""Channel commands: how `web --workers N` shares the cores among the workers' encoders."""

from __future__ import annotations

import pytest

from bot.app.commands.channels import encoder_threads


@pytest.mark.parametrize(("workers", "cores", "threads"), [(1, 2, 2), (2, 2, 1), (4, 2, 1), (2, 8, 4), (3, 8, 2)])
def test_each_worker_gets_its_share_of_the_cores(workers: int, cores: int, threads: int) -> None:
    assert encoder_threads(workers, cores) == threads
