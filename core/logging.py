"""Log hygiene: no NIK, phone number or one-time link token ever reaches a log line."""

import logging
import re

_NIK = re.compile(r"(?<!\d)(\d{4})\d{8}(\d{4})(?!\d)")
_PHONE = re.compile(r"(?<!\d)(0\d{3})\d{4,7}(\d{3})(?!\d)")
# Django's one-time tokens (password set/reset, delegate invitations): "<timestamp b36>-<hmac hex>".
_TOKEN = re.compile(r"(?<![0-9A-Za-z])[0-9a-z]{1,13}-[0-9a-f]{20,}(?![0-9A-Za-z])")
# The invitation link's user id segment travels with its token: /undangan/<uidb64>/<token>/.
_INVITATION = re.compile(r"(/undangan/)[^/\s]+/[^/\s]+/")
TOKEN_MASK = "[token-disembunyikan]"


def scrub(text: str) -> str:
    text = _INVITATION.sub(r"\1" + TOKEN_MASK + "/", text)
    text = _TOKEN.sub(TOKEN_MASK, text)
    text = _NIK.sub(r"\1********\2", text)
    return _PHONE.sub(r"\1*****\2", text)


_formatter = logging.Formatter()


class MaskPersonalDataFilter(logging.Filter):
    """Rewrite the formatted message, traceback and stack with 16-digit numbers and phone numbers masked.

    An exception's text (e.g. a ``ValueError`` quoting its input) is formatted here and stored in
    ``exc_text``, which the handler's formatter then uses as is, so a traceback cannot leak a NIK.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        cleaned = scrub(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = _formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True
