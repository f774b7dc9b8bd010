"""gunicorn's access log with one-time link tokens masked (``core.logging.scrub``): the invitation
link a delegate opens, ``/portal/undangan/<uid>/<token>/``, would otherwise land in the journal."""

from typing import Any

from gunicorn.glogging import Logger

from core.logging import scrub


class ScrubbingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("U", "r"):
            if isinstance(atoms.get(key), str):
                atoms[key] = scrub(atoms[key])
        return atoms
