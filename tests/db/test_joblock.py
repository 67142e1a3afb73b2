"""The batch-job lock: one runner per job on both databases, released when the runner ends."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from anju.core import clock
from anju.core.errors import ErrorCode
from anju.db.joblock import JobBusy, job_lock, lock_key


def test_second_runner_is_refused_in_chinese(engine):
    with job_lock(engine, "test.job:1", label="测试作业"):
        with pytest.raises(JobBusy) as caught, job_lock(engine, "test.job:1", label="测试作业"):
            pass
        assert caught.value.code is ErrorCode.JOB_BUSY
        assert caught.value.message.startswith("已有测试作业在运行")
        with job_lock(engine, "test.job:2", label="另一作业"):  # another job is independent
            pass
    with job_lock(engine, "test.job:1", label="测试作业"):  # released
        pass


def test_lock_is_released_when_the_block_fails(engine):
    with pytest.raises(RuntimeError), job_lock(engine, "test.fail", label="测试作业"):
        raise RuntimeError("boom")
    with job_lock(engine, "test.fail", label="测试作业"):
        pass


def test_many_threads_one_winner(engine):
    barrier = threading.Barrier(8)
    inside, refused, errors = [], [], []
    hold = threading.Event()

    def run(i):
        barrier.wait()
        try:
            with job_lock(engine, "test.race", label="测试作业"):
                inside.append(i)
                hold.wait(2)
        except JobBusy:
            refused.append(i)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for _ in range(500):  # the holder waits until every other runner has been refused (bounded)
        if len(refused) + len(errors) >= 7:
            break
        threading.Event().wait(0.01)
    hold.set()
    for t in threads:
        t.join()
    assert errors == []
    assert len(inside) >= 1 and len(inside) + len(refused) == 8
    assert len(refused) >= 1


def test_lock_key_is_stable():
    assert lock_key("deposit.post") == lock_key("deposit.post")
    assert lock_key("deposit.post") != lock_key("interest.settle:2025")


def test_frozen_clock_gives_the_centre_date():
    with clock.frozen(datetime(2026, 3, 1, 23, 30)):  # 07:30 on March 2 in Beijing
        assert clock.today().isoformat() == "2026-03-02"
        assert clock.utcnow() == datetime(2026, 3, 1, 23, 30)
    with clock.frozen(datetime(2026, 3, 2, 0, 30)):
        assert clock.today().isoformat() == "2026-03-02"
