"""Log hygiene: no NIK or phone number ever reaches a log line."""

import logging
import re

_NIK = re.compile(r"(?<!\d)(\d{4})\d{8}(\d{4})(?!\d)")
_PHONE = re.compile(r"(?<!\d)(0\d{3})\d{4,7}(\d{3})(?!\d)")


def scrub(text: str) -> str:
    text = _NIK.sub(r"\1********\2", text)
    return _PHONE.sub(r"\1*****\2", text)


class MaskPersonalDataFilter(logging.Filter):
    """Rewrite the formatted message with 16-digit numbers and phone numbers masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        cleaned = scrub(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True
