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


def provision_choices() -> list[tuple[str, str]]:
    """The register's entries for the ticket page's picker: blank first, then the newest GO first."""
    rows = db.session.scalars(sa.select(Provision).order_by(Provision.go_date.desc(), Provision.id.desc())).all()
    return [('', '—')] + [(str(p.id), f'{p.title} ({p.go_number})') for p in rows]


def provision_of_ticket(ticket) -> Provision | None:
    """The register entry a helpdesk ticket is linked to, if any."""
    from gemcell.provisions.operations import TICKET_MODEL
    if ticket.provision_model != TICKET_MODEL or not ticket.provision_ref_id:
        return None
    return db.session.get(Provision, ticket.provision_ref_id)


def tickets_of(provision: Provision) -> list:
    """The helpdesk tickets linked to ``provision`` (the register's page lists them)."""
    from gemcell.helpdesk.queries import tickets_for_provision
    from gemcell.provisions.operations import TICKET_MODEL
    return tickets_for_provision(TICKET_MODEL, provision.id)
