"""Demo data of the deputies app, called by `seed_demo` (work in progress)."""


def seed(*, term, accounts, names):
    """Grow the demo roster: deputies, groups, stations, a year of activities and contacts."""
