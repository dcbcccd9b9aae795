"""The registers of debarred buyer users and blacklisted firms (duty 12): a bid or order in which a blacklisted firm
takes part, or which a debarred buyer user creates, while the sanction is in force.

The registers are the cases module's ``Sanction`` rows; the engine reads them once per run (``load_sanctions``)
into ``settings.sanctions``. A sanction's period includes its first and its last day.

The days compared: a bid is *live* from its publication (its start when publication is not known) to the end of
bid submission, both in India's time; a firm bidding in it, or the buyer user who created it, acts on those days.
So a bid is flagged when its live days and the sanction's period share at least one day. An order is judged by its
own date. A bid or order without any date is not judged (nothing shows when the act took place).
"""
import re
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from gemcell.core.i18n import to_local
from gemcell.scrutiny.models import Severity
from gemcell.scrutiny.rules import BidFacts, Hit, OrderFacts, rule
from gemcell.scrutiny.settings import Settings

DEBARMENT = 'debarment'
BLACKLISTING = 'blacklisting'
_NOT_WORD = re.compile(r'[^0-9a-z\u0900-\u097f]+')
_PREFIX = re.compile(r'^(m ?/ ?s\.?|messrs\.?)\s+', re.IGNORECASE)


def firm_key(name: str | None) -> str:
    """A firm's name for matching: without "M/s", case, punctuation and repeated spaces."""
    text = _PREFIX.sub('', (name or '').strip().casefold())
    return ' '.join(_NOT_WORD.sub(' ', text).split())


def user_key(value: str | None) -> str:
    return (value or '').strip().casefold()


@dataclass(frozen=True, slots=True)
class SanctionFacts:
    """One entry of a register as the rules see it."""
    id: int
    kind: str
    name: str
    from_date: date
    to_date: date
    order_number: str
    #: a buyer user's GeM user id (debarment)
    gem_user_id: str | None = None
    #: a firm's Seller row and GeM seller id (blacklisting)
    seller_id: int | None = None
    gem_seller_id: str | None = None

    def overlaps(self, first: date, last: date) -> bool:
        """Whether the days ``first``..``last`` (both included) share a day with the period."""
        return first <= self.to_date and last >= self.from_date

    def is_firm(self, seller_id: int | None, name: str | None) -> bool:
        """The same firm: by its Seller row when both are known, else by its name."""
        if self.kind != BLACKLISTING:
            return False
        if self.seller_id is not None and seller_id is not None:
            return self.seller_id == seller_id
        key = firm_key(name)
        return bool(key) and key == firm_key(self.name)

    def params(self) -> dict:
        return {'from_date': self.from_date, 'to_date': self.to_date, 'order': self.order_number}


def load_sanctions(connection) -> tuple[SanctionFacts, ...]:
    """Every entry of both registers (Core rows: the engine runs outside the ORM session's objects)."""
    from gemcell.cases.models import Sanction
    table = Sanction.__table__
    rows = connection.execute(sa.select(table.c.id, table.c.kind, table.c.name, table.c.from_date, table.c.to_date,
                                        table.c.order_number, table.c.gem_user_id, table.c.seller_id,
                                        table.c.gem_seller_id).order_by(table.c.id))
    return tuple(SanctionFacts(row[0], getattr(row[1], 'value', row[1]), *row[2:]) for row in rows)


def live_days(bid: BidFacts) -> tuple[date, date] | None:
    """The first and last day (India) the bid was open: publication (or start) to the end of submission."""
    first = bid.judged_date
    last = to_local(bid.end_dt).date() if bid.end_dt else None
    if first is None and last is None:
        return None
    first = first or last
    last = max(last or first, first)
    return first, last


@rule('CASE-BLACKLIST', Severity.deviation, _l('A blacklisted firm took part in the bid'),
      _l('%(firm)s, blacklisted from %(from_date)s to %(to_date)s (Government order %(order)s), took part in this '
         'bid, which was open from %(first_date)s to %(last_date)s.'),
      duty=12, may_refer=True,
      hint=_l('Ask the department why the firm’s bid was accepted while it was blacklisted, and whether a contract '
              'went to it.'),
      source=_l('Office memo 43/2020, duty 12: firms blacklisted by Government for a manual L-1 or an '
                'irregularity may not take part in the State’s purchases during the period of blacklisting.'))
def blacklisted_bidder(bid: BidFacts, settings: Settings):
    """What: a bidder of the bid is a firm in the register of blacklisted firms, and the bid was open on at least
    one day of the blacklisting period (both days included).

    Why: a blacklisted firm is barred from the State's purchases for the period; its bid should have been refused.
    Configuration: none — the register (``Sanction`` rows of kind blacklisting) is the data. The firm is matched by
    its Seller row when both sides have one, else by its name (without "M/s", case and punctuation).
    """
    days = live_days(bid)
    if days is None or not settings.sanctions:
        return
    for bidder in bid.bidders:
        for sanction in settings.sanctions:
            if sanction.is_firm(bidder.seller_id, bidder.name) and sanction.overlaps(*days):
                yield Hit(params={'firm': bidder.name, **sanction.params(), 'first_date': days[0],
                                  'last_date': days[1], 'sanction_id': sanction.id},
                          key=f'bidder:{bidder.id}')
                break


@rule('CASE-BLACKLIST-ORDER', Severity.deviation, _l('An order placed on a blacklisted firm'),
      _l('The order of %(order_date)s went to %(firm)s, blacklisted from %(from_date)s to %(to_date)s '
         '(Government order %(order)s).'),
      on='order', duty=12, may_refer=True,
      hint=_l('Ask the department why the order was placed on a blacklisted firm.'),
      source=_l('Office memo 43/2020, duty 12: firms blacklisted by Government may not be given the State’s orders '
                'during the period of blacklisting.'))
def order_on_blacklisted_firm(order: OrderFacts, settings: Settings):
    """What: the order's seller is a firm in the register of blacklisted firms, and the order's date (India) falls
    in the blacklisting period (both days included).

    Why: an order placed on a blacklisted firm breaches Government's order. Configuration: none (the register).
    """
    day = order.judged_date
    if day is None:
        return None
    for sanction in settings.sanctions:
        if sanction.is_firm(order.seller_id, order.seller_name) and sanction.overlaps(day, day):
            return Hit(params={'firm': order.seller_name or sanction.name, **sanction.params(), 'order_date': day,
                               'sanction_id': sanction.id})
    return None


@rule('CASE-DEBAR', Severity.deviation, _l('A debarred buyer user created the bid'),
      _l('The bid was created by the buyer user %(user)s (%(name)s), debarred from %(from_date)s to %(to_date)s '
         '(Government order %(order)s); the bid was open from %(first_date)s to %(last_date)s.'),
      duty=12, may_refer=True,
      hint=_l('Ask the department why a debarred user still buys on GeM, and have the user’s GeM login '
              'withdrawn.'),
      source=_l('Office memo 43/2020, duty 12: buyer users debarred by Government for a manual L-1 or an '
                'irregularity may not act in the State’s purchases during the period of debarment.'))
def debarred_buyer(bid: BidFacts, settings: Settings):
    """What: the bid's buyer user (its GeM user id) is in the register of debarred users, and the bid was open on
    at least one day of the debarment (both days included).

    Why: a debarred user may not buy for the State during the period. Configuration: none (the register). Orders
    carry no buyer user id in GeM's exports, so only bids are checked.
    """
    wanted = user_key(bid.buyer_user_id)
    days = live_days(bid)
    if not wanted or days is None:
        return None
    for sanction in settings.sanctions:
        if sanction.kind == DEBARMENT and user_key(sanction.gem_user_id) == wanted and sanction.overlaps(*days):
            return Hit(params={'user': bid.buyer_user_id, 'name': sanction.name, **sanction.params(),
                               'first_date': days[0], 'last_date': days[1], 'sanction_id': sanction.id})
    return None
