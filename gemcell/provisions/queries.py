"""Reads of the provisions register."""
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from gemcell.core.listing import Listing
from gemcell.extensions import db
from gemcell.provisions.models import Provision, ProvisionState

PROVISION_LISTING = Listing(
    sorts={'go_date': Provision.go_date, 'title': Provision.title, 'state': Provision.state,
           'requested': Provision.requested_on},
    default_sort='-go_date',
    search=[Provision.title, Provision.go_number, Provision.provision, Provision.ask],
    filters={'state': lambda v: Provision.state == ProvisionState(v)
             if v in {s.value for s in ProvisionState} else None},
)
STATE_CHOICES = [('', _l('All'))] + [(s.value, s.title) for s in ProvisionState]


def counts_by_state() -> dict:
    return dict(db.session.execute(sa.select(Provision.state, sa.func.count(Provision.id)).group_by(Provision.state))
                .all())
