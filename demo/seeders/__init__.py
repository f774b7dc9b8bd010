"""Feature demo seeders: each module defines ORDER, seed(ctx) and optionally reset()."""
