"""The feature seeders are listed, in the order their stories need."""

import pkgutil

from demo import seeders
from demo.seeders import SEEDERS


def test_every_seeder_module_is_listed_once():
    names = [module.__name__.rsplit(".", 1)[-1] for module in SEEDERS]
    assert sorted(names) == sorted(info.name for info in pkgutil.iter_modules(seeders.__path__))
    assert len(set(names)) == len(names)


def test_the_board_change_comes_before_the_returned_request():
    assert SEEDERS.index(seeders.portal) < SEEDERS.index(seeders.compliance)


def test_every_seeder_seeds():
    assert all(callable(module.seed) for module in SEEDERS)
