"""cardinal's per-process indicators on one of gemcell's bids: the bid's facts become an OCDS compiled release
through the export's own mapping (``opendata.ocds.bid_release``) and go through the same code as
``flask gemcell indicators`` (``compute.py``). The scrutiny rules ``CARD-R003``, ``CARD-R018``, ``CARD-R035`` and
``CARD-R036`` ask here."""
from gemcell.indicators.compute import compute
from gemcell.indicators.settings import Settings
from gemcell.opendata.ocds import bid_release

#: the ocid prefix of the releases built for the rules (never exported)
PREFIX = 'gemcell'

_last: tuple = (None, None)  # the last bid turned into a release (the rules of one bid ask in a row)


def _tenderer(bidder) -> dict:
    return {'id': bidder.key, 'name': bidder.name}


def as_release(bid) -> dict:
    """The compiled release of ``bid`` (a ``BidFacts``); its bidders are known by their keys."""
    global _last
    if _last[0] is not bid:
        _last = (bid, bid_release(bid, prefix=PREFIX, tenderer=_tenderer))
    return _last[1]


def indicator(bid, code: str, settings: Settings | None = None) -> float | None:
    """The value of cardinal's indicator ``code`` for the bid's process, ``None`` when it does not flag it."""
    settings = settings or Settings.defaults([code])
    settings.enabled = frozenset({code})
    release = as_release(bid)
    return compute([release], settings).results['OCID'].get(release['ocid'], {}).get(code)


def status_of(bid, key: str) -> str | None:
    """The OCDS bid status the mapping gave the bidder ``key``."""
    for detail in as_release(bid).get('bids', {}).get('details', ()):
        if detail['id'] == key:
            return detail['status']
    return None
