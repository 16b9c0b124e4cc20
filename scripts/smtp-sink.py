#!/usr/bin/env python3
"""A local SMTP server for the tests: STARTTLS required before any mail, each message
written whole to a file in the mail directory. Usage:
smtp-sink.py PORT CERT KEY MAILDIR"""
import asyncio
import pathlib
import ssl
import sys
import uuid

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP


class Keep:
    def __init__(self, into: pathlib.Path):
        self.into = into

    async def handle_DATA(self, server, session, envelope):
        # Written under a temporary name, then renamed: a reader never sees half a file.
        name = uuid.uuid4().hex
        part = self.into / f".{name}"
        head = "".join(f"X-Envelope-To: {to}\n" for to in envelope.rcpt_tos)
        head += f"X-Tls: {'yes' if session.ssl else 'no'}\n"
        part.write_bytes(head.encode() + envelope.original_content)
        part.rename(self.into / f"{name}.eml")
        return "250 kept"


def main() -> None:
    port, cert, key, maildir = sys.argv[1:5]
    into = pathlib.Path(maildir)
    into.mkdir(parents=True, exist_ok=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    controller = Controller(
        Keep(into),
        hostname="127.0.0.1",
        port=int(port),
        tls_context=context,
        require_starttls=True,
    )
    controller.start()
    print(f"SMTP on 127.0.0.1:{port}", flush=True)
    try:
        asyncio.get_event_loop().run_forever()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
