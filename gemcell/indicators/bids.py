"""cardinal's per-process indicators on one of gemcell's bids: the bid's facts become an OCDS compiled release
through the export's own mapping (``opendata.ocds.bid_release``) and go through the same code as
``flask gemcell indicators`` (``compute.py``). The scrutiny rules ``CARD-R003``, ``CARD-R018``, ``CARD-R035`` and
``CARD-R036`` ask here."""
from gemcell.indicators.compute import compute
from gemcell.indicators.settings import Settings
from gemcell.opendata.ocds import bid_release

#: the ocid prefix of the releases built for the rules (never exported)
PREFIX = 'gemcell'
#: the indicators the rules ask with cardinal's defaults: computed together, once per bid
DEFAULTS = ('R018', 'R028', 'R035', 'R036')
_DEFAULT_SETTINGS = Settings.defaults(DEFAULTS)

# the last bid turned into a release, and its results with the default settings (the rules of one bid ask in a row)
_last: list = [None, None, None]


def _tenderer(bidder) -> dict:
    return {'id': bidder.key, 'name': bidder.name}


def as_release(bid) -> dict:
    """The compiled release of ``bid`` (a ``BidFacts``); its bidders are known by their keys."""
    if _last[0] is not bid:
        _last[:] = [bid, bid_release(bid, prefix=PREFIX, tenderer=_tenderer, lean=True), None]
    return _last[1]


def indicator(bid, code: str, settings: Settings | None = None) -> float | None:
    """The value of cardinal's indicator ``code`` for the bid's process (cardinal's defaults unless ``settings``,
    which must enable ``code``), ``None`` when it does not flag it."""
    release = as_release(bid)
    if settings is None and code in DEFAULTS:
        if _last[2] is None:
            _last[2] = compute([release], _DEFAULT_SETTINGS).results['OCID'].get(release['ocid'], {})
        return _last[2].get(code)
    settings = settings or Settings.defaults([code])
    return compute([release], settings).results['OCID'].get(release['ocid'], {}).get(code)


def status_of(bid, key: str) -> str | None:
    """The OCDS bid status the mapping gave the bidder ``key``."""
    for detail in as_release(bid).get('bids', {}).get('details', ()):
        if detail['id'] == key:
            return detail['status']
    return None
