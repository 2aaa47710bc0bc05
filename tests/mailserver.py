"""A real SMTP server on 127.0.0.1 that keeps what it receives, for the tests."""
import email
import email.policy
import re
import socket
import threading

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """Messages received by the test SMTP server, as email.message.EmailMessage objects."""

    def __init__(self):
        self.messages = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def clear(self):
        with self._lock:
            self.messages.clear()

    def to(self, address: str) -> list:
        return [m for m in self.messages if address.lower() in m["To"].lower()]

    def last_to(self, address: str):
        received = self.to(address)
        assert received, f"no e-mail to {address}; got {[m['To'] for m in self.messages]}"
        return received[-1]

    @staticmethod
    def text_of(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    @classmethod
    def links_in(cls, message) -> list[str]:
        return re.findall(r"https?://[^\s<>\"]+", cls.text_of(message))


class MailServer:
    def __init__(self):
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()
