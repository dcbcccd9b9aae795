"""Demo provisions on the portal (called from ``directives.demo``)."""
from datetime import date, timedelta

from gemcell.provisions import operations
from gemcell.provisions.models import LetterDirection, ProvisionState

PROVISIONS = [
    ('1/2025/18-5-2025', date(2025, 1, 15), 'उत्तर प्रदेश के MSE विक्रेताओं को वरीयता',
     'राज्य के सूक्ष्म एवं लघु उद्यमों को क्रय में वरीयता दी जाएगी।',
     'GeM पर बोली बनाते समय "उत्तर प्रदेश के MSE को वरीयता" का विकल्प तथा विक्रेता के राज्य का फ़िल्टर।',
     ('taken_up', 'under_development'), 'GeM ने सूचित किया कि विकल्प अगले संस्करण में विकसित किया जा रहा है।'),
    ('7/2024/18-5-2024', date(2024, 4, 1), 'CRAC के 10 दिन बाद भुगतान का अलर्ट',
     'CRAC निर्गत होने के 10 दिवस के भीतर विक्रेता को भुगतान सुनिश्चित किया जाएगा।',
     'भुगतान लम्बित होने पर विभागाध्यक्ष एवं राज्य नोडल अधिकारी को स्वतः ई-मेल अलर्ट।',
     ('taken_up', 'under_development', 'live'), 'अलर्ट पोर्टल पर लागू कर दिया गया है।'),
    ('3/2023/18-5-2023', date(2023, 6, 20), 'विभागवार क्रय रिपोर्ट का राज्य डैशबोर्ड', 'राज्य स्तर पर विभागवार '
     'क्रय की मासिक समीक्षा की जाएगी।', 'राज्य नोडल अधिकारी हेतु विभागवार क्रय का डैशबोर्ड।', (), None),
]


def load_demo_provisions(today, user) -> int:
    for number, go_date, title, provision_text, ask, steps, reply in PROVISIONS:
        provision = operations.save_provision(None, {'go_number': number, 'go_date': go_date, 'title': title,
                                                     'provision': provision_text, 'ask': ask}, user)
        if steps:
            letter = operations.draft_letter_to_gem(
                provision, 'प्रदेश के विभागों द्वारा इस सुविधा की निरन्तर माँग की जा रही है।', user)
            letter.letter_date = provision.requested_on = today - timedelta(days=60)
        for state in steps:
            operations.change_state(provision, ProvisionState(state), user)
        if reply:
            operations.log_letter(provision, LetterDirection.received, today - timedelta(days=10),
                                  'GeM/SPM/2026/41', reply, user)
        if steps:
            operations.add_link(provision, 'other', None, 'नोडल अधिकारियों की शिकायतें', '/scrutiny/')
        if number == '7/2024/18-5-2024':
            _link_demo_ticket(provision)
    return len(PROVISIONS)


def _link_demo_ticket(provision):
    """The helpdesk's demo ticket about a payment still shown pending feeds the payment-alert provision."""
    import sqlalchemy as sa

    from gemcell.extensions import db
    from gemcell.helpdesk.models import Ticket
    ticket = db.session.scalar(sa.select(Ticket).where(Ticket.subject.startswith('भुगतान के बाद')).limit(1))
    if ticket is not None:
        ticket.needs_portal_change = True
        operations.link_ticket(ticket, provision)
