"""The kernel manager and client the book's notebooks run with: jupyter_client's, without its fixed waits.

Starting and stopping a kernel with ``jupyter_client`` as it comes waits a fixed time twice, however
quickly the kernel answers (about 0.3 s of every notebook; the book runs thirteen):

* **Ready.** After the kernel's reply to ``kernel_info``, the client reads the IOPub channel until
  it has been silent for 0.2 s, to drop the messages of that request. :class:`ReadyKernelClient`
  reads it only until the kernel reports ``idle`` for that request: the last message the request
  causes. If the IOPub channel was not connected in time to carry it, it asks again, as
  ``jupyter_client`` does.
* **Stopped.** After killing the kernel, the manager checks whether the process has ended every
  0.1 s. :class:`QuickKernelManager` checks every :data:`STOP_POLL_S`.

The manager also gives each kernel CurveZMQ keys when the kernel says it can use them (ipykernel
does; :data:`ENCRYPTION`), as the kernel itself asks on the terminal when it runs without: its TCP
traffic on the loopback address is then encrypted. Nothing else changes: the same messages, the
same kernel, the same errors and time limits.
"""

from __future__ import annotations

import time
from queue import Empty
from typing import Any

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import DottedObjectName, Type, default

#: jupyter_client's transport-encryption policy for the kernels: CurveZMQ keys for every kernel whose
#: kernel spec declares it can use them, where pyzmq has CurveZMQ (its wheels do).
ENCRYPTION = "auto" if zmq.has("curve") else "disabled"
#: Seconds between two checks that a killed kernel's process has ended.
STOP_POLL_S = 0.01
#: Seconds to wait for the kernel's reply to ``kernel_info`` before asking again (as jupyter_client).
REPLY_WAIT_S = 1.0
#: Seconds of IOPub silence after which the request's ``idle`` is taken as lost and the kernel asked again.
IOPUB_WAIT_S = 0.2


def is_idle_of(msg: dict[str, Any], msg_id: str) -> bool:
    """Whether ``msg`` (an IOPub message) is the kernel's ``idle`` status for the request ``msg_id``."""
    return msg.get("msg_type") == "status" and msg.get("parent_header", {}).get("msg_id") == msg_id and msg.get("content", {}).get("execution_state") == "idle"


class ReadyKernelClient(AsyncKernelClient):
    """An asynchronous kernel client that is ready as soon as the kernel has answered ``kernel_info``
    on the shell channel and reported ``idle`` for it on IOPub (no fixed wait)."""

    async def _idle_seen(self, msg_id: str) -> bool:
        """Read IOPub until the ``idle`` of ``msg_id`` (True) or :data:`IOPUB_WAIT_S` of silence (False)."""
        while True:
            try:
                msg = await self.iopub_channel.get_msg(timeout=IOPUB_WAIT_S)
            except Empty:
                return False
            if is_idle_of(msg, msg_id):
                return True

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        """Ask ``kernel_info`` until the reply and its ``idle`` both arrive; RuntimeError if the
        kernel dies or ``timeout`` seconds pass first."""
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            msg_id = self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=REPLY_WAIT_S)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply" and await self._idle_seen(msg_id):
                self._handle_kernel_info_reply(reply)
                return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")

    wait_for_ready = _async_wait_for_ready


class QuickKernelManager(AsyncKernelManager):
    """An asynchronous kernel manager whose clients are :class:`ReadyKernelClient` and which sees a
    killed kernel's end within :data:`STOP_POLL_S`, with the transport encryption :data:`ENCRYPTION`."""

    client_class = DottedObjectName("flashcrash.kernels.ReadyKernelClient")
    client_factory = Type(klass=ReadyKernelClient)  # what ``client()`` makes (the class above names it for config)

    @default("transport_encryption")
    def _encryption_default(self) -> str:
        return ENCRYPTION

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        await super()._async_wait(pollinterval=min(pollinterval, STOP_POLL_S))
