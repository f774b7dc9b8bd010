"""Feature demo seeders: each module defines ``seed(ctx)``, optionally ``reset()`` (undone in the
reverse order), ``RESERVES`` (what it adds to the register's totals) and ``login_lines()``
(printed by ``seed_demo`` on every run).

``SEEDERS`` is the order they run in, after the register is built: the portal story changes the
demo cooperative's board before the compliance seeder files its returned request; the rest are
independent of each other. ``tests/demo/test_seeders.py`` fails on a module left out of the list.
"""

from demo.seeders import banking, compliance, outreach, portal, sponsors

SEEDERS = (portal, compliance, banking, outreach, sponsors)
