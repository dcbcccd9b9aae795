"""Writes of the provisions register (flush, never commit)."""
from datetime import date

from flask_babel import lazy_gettext as _l

from gemcell.core.db import utcnow
from gemcell.core.errors import FormError
from gemcell.core.i18n import format_short_date, to_local
from gemcell.documents import operations as documents
from gemcell.documents.forms import parse_body
from gemcell.documents.models import DocumentKind
from gemcell.documents.queries import get_issuing_officer
from gemcell.extensions import db
from gemcell.provisions.models import LetterDirection, Provision, ProvisionLetter, ProvisionLink, ProvisionState

#: the addressee of the cell's letters to GeM
GEM_ADDRESS = ['मुख्य कार्यकारी अधिकारी,', 'गवर्नमेंट ई-मार्केटप्लेस (GeM),', 'जीवन भारती भवन, कनॉट प्लेस, नई दिल्ली।']
#: a helpdesk ticket is linked from the ticket itself (``link_ticket``), not here
LINK_KINDS = ('finding', 'other')
#: how a helpdesk ticket names this register (``helpdesk.operations.link_provision``)
TICKET_MODEL = 'provisions'


def save_provision(provision: Provision | None, data: dict, user) -> Provision:
    if provision is None:
        provision = Provision(created_by_id=user.id, state=ProvisionState.proposed)
        db.session.add(provision)
    for name in ('go_number', 'title', 'provision', 'ask'):
        setattr(provision, name, (data.get(name) or '').strip())
    provision.go_date = data['go_date']
    provision.requested_on = data.get('requested_on')
    provision.gem_response = (data.get('gem_response') or '').strip() or None
    db.session.flush()
    return provision


def change_state(provision: Provision, state: ProvisionState, user, reason: str | None = None) -> Provision:
    from gemcell.core.db import InvalidTransition
    try:
        provision.move_to(state, utcnow(), reason)
    except InvalidTransition as exc:
        raise FormError('reason' if state is ProvisionState.declined else 'state', str(exc)) from None
    if state is ProvisionState.taken_up and provision.requested_on is None:
        provision.requested_on = to_local(utcnow()).date()
    db.session.flush()
    return provision


def log_letter(provision: Provision, direction: LetterDirection, letter_date: date, reference: str, content: str,
               user) -> ProvisionLetter:
    """A letter or reply in the correspondence log (GeM's reply also becomes the provision's latest response)."""
    if not (content or '').strip():
        raise FormError('content', _l('Write what the letter says.'))
    letter = ProvisionLetter(direction=direction, letter_date=letter_date, reference=(reference or '').strip(),
                             content=content.strip(), created_by_id=user.id, created_dt=utcnow())
    provision.letters.append(letter)
    if direction is LetterDirection.received:
        provision.gem_response = letter.content
    db.session.flush()
    return letter


def draft_letter_to_gem(provision: Provision, content: str, user) -> ProvisionLetter:
    """The cell's letter to GeM, drafted in the documents (the In-charge issues it), and logged."""
    if not (content or '').strip():
        raise FormError('content', _l('Write what the letter says.'))
    signatory = get_issuing_officer()
    sender = {'name': signatory.name if signatory else 'प्रभारी',
              'designation': (signatory.designation if signatory else '') or 'जेम सेल, उत्तर प्रदेश'}
    opening = (f'उत्तर प्रदेश शासन के शासनादेश संख्या {provision.go_number} दिनांक '
               f'{format_short_date(provision.go_date)} में निम्नलिखित प्राविधान है:- "{provision.provision}"')
    paragraphs = [opening, *parse_body(content),
                  f'अतः अनुरोध है कि जेम (GeM) पोर्टल पर उक्त प्राविधान के अनुरूप निम्नलिखित व्यवस्था कराने का '
                  f'कष्ट करें:- {provision.ask}']
    data = {'lang': 'hi', 'header': ['उत्तर प्रदेश शासन', 'जेम सेल'], 'paragraphs': paragraphs, 'from': sender,
            'signatory': sender, 'to': GEM_ADDRESS, 'copy_to': []}
    document = documents.create_document({'kind': DocumentKind.letter.value, 'subject': provision.title,
                                          'data': data, 'addressees': GEM_ADDRESS, 'department_ids': []},
                                         user, source=provision)
    letter = log_letter(provision, LetterDirection.sent, to_local(utcnow()).date(), '', content, user)
    letter.document_id = document.id
    db.session.flush()
    return letter


def link_ticket(ticket, provision: Provision | None):
    """Link a helpdesk ticket needing a portal change to the entry it feeds (``None``: unlink). Only a ticket tagged
    as needing a portal change is linked; it can always be unlinked."""
    from gemcell.helpdesk.operations import link_provision
    if provision is not None and not ticket.needs_portal_change:
        raise FormError('provision_id', _l('Only a ticket that needs a change of the GeM portal is linked to the '
                                           'register; tag it first.'))
    link_provision(ticket, TICKET_MODEL if provision else None, provision.id if provision else None)
    return ticket


def add_link(provision: Provision, kind: str, ref_id: int | None, label: str, url: str | None) -> ProvisionLink:
    """Link a record that shows the need: a helpdesk ticket, a scrutiny finding, or any page."""
    if kind not in LINK_KINDS:
        raise FormError('kind', _l('Choose the kind of record.'))
    if not (label or '').strip():
        raise FormError('label', _l('Name the record.'))
    link = ProvisionLink(kind=kind, ref_id=ref_id, label=label.strip(), url=(url or '').strip() or None)
    provision.links.append(link)
    db.session.flush()
    return link
