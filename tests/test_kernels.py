"""The kernel client is ready when the kernel has answered ``kernel_info`` and reported ``idle`` for
it (no fixed wait), asks again when that ``idle`` is lost, and fails clearly when the kernel dies or
never answers; the manager sees a killed kernel's end at short intervals. Real kernels run with them
in tests/test_execute.py."""

from __future__ import annotations

import asyncio
from queue import Empty

import pytest

from flashcrash import kernels as K


def status(state: str, parent: str) -> dict:
    return {"msg_type": "status", "parent_header": {"msg_id": parent}, "content": {"execution_state": state}}


REPLY = {"msg_type": "kernel_info_reply", "content": {"status": "ok"}}


class Channel:
    """A channel that hands out ``msgs`` in turn (a message, or ``Empty`` for a timeout)."""

    def __init__(self, msgs: list) -> None:
        self.msgs = list(msgs)
        self.timeouts: list[float] = []

    async def get_msg(self, timeout: float | None = None) -> dict:
        self.timeouts.append(timeout)
        if not self.msgs:
            raise AssertionError("read past the messages the test provided")
        m = self.msgs.pop(0)
        if m is Empty:
            raise Empty
        return m


class FakeClient(K.ReadyKernelClient):
    """The client's waiting logic over fake channels; requests are numbered r1, r2, ..."""

    def setup(self, shell: list, iopub: list, alive: bool = True) -> FakeClient:
        self._shell, self._iopub, self._alive = Channel(shell), Channel(iopub), alive
        self.asked: list[str] = []
        self.handled: list[dict] = []
        return self

    @property
    def shell_channel(self):
        return self._shell

    @property
    def iopub_channel(self):
        return self._iopub

    def kernel_info(self) -> str:
        self.asked.append(f"r{len(self.asked) + 1}")
        return self.asked[-1]

    async def _async_is_alive(self) -> bool:
        return self._alive

    def _handle_kernel_info_reply(self, msg: dict) -> None:
        self.handled.append(msg)


def wait(client: FakeClient, timeout: float | None = None) -> None:
    asyncio.run(client.wait_for_ready(timeout=timeout))


def test_idle_of_the_request_and_nothing_else():
    assert K.is_idle_of(status("idle", "r1"), "r1")
    assert not K.is_idle_of(status("busy", "r1"), "r1")
    assert not K.is_idle_of(status("idle", "r0"), "r1")
    assert not K.is_idle_of({"msg_type": "stream", "parent_header": {"msg_id": "r1"}, "content": {}}, "r1")
    assert not K.is_idle_of({}, "r1")


def test_ready_at_the_idle_of_its_request_without_waiting_for_silence():
    c = FakeClient().setup([REPLY], [{"msg_type": "iopub_welcome"}, status("starting", ""), status("busy", "r1"), status("idle", "r1")])
    wait(c)  # a further read of IOPub would fail the fake: none is made
    assert c.asked == ["r1"] and c.handled == [REPLY] and not c._iopub.msgs
    assert c._shell.timeouts == [K.REPLY_WAIT_S] and set(c._iopub.timeouts) == {K.IOPUB_WAIT_S}


def test_a_stale_idle_is_skipped_and_a_lost_one_means_asking_again():
    stale = FakeClient().setup([REPLY], [status("idle", "r0"), status("idle", "r1")])
    wait(stale)
    assert stale.asked == ["r1"] and not stale._iopub.msgs
    lost = FakeClient().setup([REPLY, REPLY], [status("busy", "r1"), Empty, status("idle", "r2")])  # IOPub joined late
    wait(lost)
    assert lost.asked == ["r1", "r2"] and lost.handled == [REPLY]


def test_no_reply_asks_again_and_other_replies_do_not_count():
    c = FakeClient().setup([Empty, {"msg_type": "execute_reply"}, REPLY], [status("idle", "r3")])
    wait(c)
    assert c.asked == ["r1", "r2", "r3"] and c.handled == [REPLY]


def test_a_dead_kernel_and_a_silent_one_are_errors():
    with pytest.raises(RuntimeError, match="died"):
        wait(FakeClient().setup([Empty], [], alive=False))
    with pytest.raises(RuntimeError, match="didn't respond in 0 seconds"):
        wait(FakeClient().setup([Empty], []), timeout=0)
    c = FakeClient().setup([Empty, REPLY], [status("idle", "r2")])
    wait(c, timeout=60)  # within its time: asks again
    assert c.asked == ["r1", "r2"]


def test_the_manager_checks_a_killed_kernel_every_stop_poll(monkeypatch):
    alive = iter([True, True, False])
    slept = []

    async def fake_sleep(s: float) -> None:
        slept.append(s)

    async def fake_alive(self) -> bool:
        return next(alive)

    monkeypatch.setattr(K.QuickKernelManager, "_async_is_alive", fake_alive)
    monkeypatch.setattr(asyncio, "sleep", fake_sleep)
    asyncio.run(K.QuickKernelManager()._async_wait())
    assert slept == [K.STOP_POLL_S, K.STOP_POLL_S] and K.STOP_POLL_S < 0.1


def test_the_managers_clients_are_ready_kernel_clients():
    from flashcrash import execute as X

    assert type(K.QuickKernelManager().client()) is K.ReadyKernelClient
    assert issubclass(X.forked_kernel_manager(), K.QuickKernelManager)


def test_the_manager_gives_kernels_that_can_use_them_curve_keys():
    import zmq

    assert K.ENCRYPTION == ("auto" if zmq.has("curve") else "disabled")
    assert K.QuickKernelManager().transport_encryption == K.ENCRYPTION
    assert K.QuickKernelManager(transport_encryption="disabled").transport_encryption == "disabled"  # still configurable
