"""Development e-mail: the console backend, with one-time links, NIKs and phone numbers masked.

The console backend writes every e-mail to the process output, which ends up in the journal or a
terminal log; a delegate's one-time password link there would let anyone reading the log take the
account. ``RedactingConsoleBackend`` writes the same message with ``core.logging.scrub`` applied.
Production sends through SMTP (``EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend``); a
developer who needs the link itself uses ``django.core.mail.backends.filebased.EmailBackend`` with
``EMAIL_FILE_PATH`` (files, not a log).
"""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend as ConsoleEmailBackend

from core.logging import scrub


class RedactingConsoleBackend(ConsoleEmailBackend):
    def write_message(self, message: EmailMessage) -> None:
        msg = message.message()
        msg_data = msg.as_bytes()
        charset = msg.get_charset().get_output_charset() if msg.get_charset() else "utf-8"
        text = msg_data.decode(charset, errors="replace")
        # The body may be quoted-printable or base64; decode the text parts for the scrub.
        parts = [text.split("\n\n", 1)[0]]
        for part in msg.walk():
            if part.get_content_maintype() == "text":
                payload = part.get_payload(decode=True) or b""
                parts.append(payload.decode(part.get_content_charset() or "utf-8", errors="replace"))
        self.stream.write(scrub("\n\n".join(parts)) + "\n")
        self.stream.write("-" * 79)
        self.stream.write("\n")
