"""Demo data for open contracting: the statistical red flags computed once over the demo's bids."""
from gemcell.opendata.operations import compute_snapshot, latest_snapshot


def load_demo_red_flags() -> int:
    """Compute the red flags if they never were (safe to re-run); returns how many computations were added."""
    if latest_snapshot() is not None:
        return 0
    compute_snapshot()
    return 1
