"""Helpdesk tickets over the data's months, with their status history, the SLA clock's pauses, the messages and the
GeM numbers they are about, as the helpdesk module keeps them.

Most tickets are raised by a department's nodal officer; some are logged by the cell for a seller firm. Older tickets
are resolved and closed, a share of them after their SLA target (escalated to the In-charge); the latest are new,
assigned, in progress or waiting on someone, so the helpdesk's queues have work.
"""
from datetime import datetime, timedelta, timezone

from gemcell.core.i18n import IST
from gemcell.helpdesk.sla import WorkingCalendar, breach_moment
from gemcell.synth.gemdata import Orders
from gemcell.synth.world import World

TICKET_COLUMNS = ('id', 'number', 'requester_kind', 'department_id', 'seller_gem_id', 'seller_name',
                  'seller_contact', 'seller_id', 'channel', 'category_id', 'priority', 'subject', 'description',
                  'state', 'waiting_on', 'assignee_id', 'created_by_id', 'opened_dt', 'sla_hours', 'resolution',
                  'resolved_dt', 'resolved_by_id', 'closed_dt', 'escalated_dt', 'reopen_count', 'merged_into_id',
                  'needs_portal_change', 'provision_model', 'provision_ref_id', 'created_dt', 'modified_dt')
EVENT_COLUMNS = ('id', 'ticket_id', 'from_state', 'to_state', 'waiting_on', 'user_id', 'created_dt', 'note')
PAUSE_COLUMNS = ('id', 'ticket_id', 'reason', 'waiting_on', 'start_dt', 'end_dt')
MESSAGE_COLUMNS = ('id', 'ticket_id', 'kind', 'author_id', 'body', 'created_dt', 'merged_from')
REFERENCE_COLUMNS = ('id', 'ticket_id', 'kind', 'number', 'bid_id', 'order_id')

#: category code -> (subject, description) templates; {office}, {bid}, {order} and {category} are filled in
PROBLEMS = {
    'registration': [
        ('विक्रेता पंजीकरण में उद्यम प्रमाण-पत्र सत्यापित नहीं हो रहा',
         'फर्म के पंजीकरण में उद्यम संख्या सत्यापित नहीं हो रही, एम0एस0ई0 का लाभ नहीं मिल रहा।'),
        ('क्रेता पंजीकरण हेतु मार्गदर्शन', '{office} का क्रेता पंजीकरण कैसे हो? आवश्यक अभिलेख बताएँ।')],
    'bid_creation': [
        ('बिड प्रकाशित नहीं हो रही — डीडीओ मैप नहीं',
         '{office} की बिड प्रकाशित करते समय "DDO not mapped" त्रुटि आ रही है।'),
        ('बिड में श्रेणी उपलब्ध नहीं', '"{category}" की श्रेणी पोर्टल पर नहीं मिल रही; कस्टम बिड कैसे बनाएँ?'),
        ('Bid end date cannot be extended', 'The end date of bid {bid} cannot be extended: the portal shows an '
         'error after the corrigendum is saved.')],
    'bid_evaluation': [
        ('तकनीकी मूल्यांकन में बिडर के अभिलेख नहीं खुल रहे',
         'निविदा {bid} के तकनीकी मूल्यांकन में बिडरों के अभिलेख डाउनलोड नहीं हो रहे।'),
        ('Reverse auction not started after evaluation',
         'The reverse auction for bid {bid} did not start after the technical evaluation was completed.')],
    'order': [
        ('विक्रेता आदेश स्वीकार नहीं कर रहा', 'आदेश {order} को विक्रेता ने 7 दिन बाद भी स्वीकार नहीं किया है।'),
        ('आदेश निरस्त करने की प्रक्रिया', 'आदेश {order} गलत मात्रा से बन गया है; इसे कैसे निरस्त करें?')],
    'crac_invoice': [
        ('सी0आर0ए0सी0 के बाद इनवॉइस नहीं दिख रहा',
         'कन्साइनी ने आदेश {order} का सी0आर0ए0सी0 जारी कर दिया है, पर इनवॉइस भुगतान प्राधिकारी को नहीं दिख रहा।'),
        ('सी0आर0ए0सी0 जारी नहीं हो पा रहा',
         'आदेश {order} की आपूर्ति प्राप्त हो गई है, पर सी0आर0ए0सी0 का विकल्प नहीं दिख रहा।')],
    'payment': [
        ('भुगतान के बाद भी आदेश "भुगतान लम्बित" दिखा रहा',
         'आदेश {order} का भुगतान कोषागार से हो चुका है, पर जेम पर स्थिति लम्बित है।'),
        ('आपूर्ति के 60 दिन बाद भी भुगतान नहीं',
         'फर्म का कहना है कि आदेश {order} के सी0आर0ए0सी0 के 60 दिन बाद भी भुगतान नहीं हुआ।')],
    'account_role': [
        ('नये नोडल अधिकारी को प्राइमरी यूज़र बनाना',
         'पूर्व प्राइमरी यूज़र का स्थानान्तरण हो गया है; नये अधिकारी को भूमिका दी जानी है।'),
        ('Password reset OTP not received',
         'The secondary user of {office} does not receive the OTP to reset the password.')],
    'other': [('जेम पर प्रशिक्षण हेतु अनुरोध', '{office} के क्रेताओं हेतु जेम पर प्रशिक्षण आयोजित करने का अनुरोध है।')],
}
REPLIES = ['प्राइमरी यूज़र से क्रेता की प्रोफाइल में डीडीओ मैप कराएँ, फिर पुनः प्रयास करें।',
           'कृपया त्रुटि का स्क्रीनशॉट एवं आदेश / बिड संख्या भेजें।',
           'जेम हेल्पडेस्क पर टिकट दर्ज कराया गया है; उत्तर की प्रतीक्षा है।',
           'Please clear the browser cache and try again with the latest Chrome.', 'विभाग से वार्ता की जा रही है।']
NOTES = ['जेम के राज्य समन्वयक से दूरभाष पर वार्ता हुई।', 'पिछले माह भी इसी कार्यालय से यही समस्या आई थी।',
         'Escalated to GeM\'s state team by e-mail.']
RESOLUTIONS = ['प्राइमरी यूज़र द्वारा डीडीओ मैप किया गया; समस्या का समाधान हो गया।',
               'विभाग से वार्ता कर भुगतान कराया गया; फर्म को सूचित किया गया।', 'जेम द्वारा पोर्टल पर सुधार किया गया।',
               'अधिकारी को प्रक्रिया समझाई गई; कार्य पूर्ण हुआ।', 'Resolved after GeM corrected the record.']
CHANNELS = ('phone', 'phone', 'email', 'letter', 'in_person')


def _stored(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(' ', 'microseconds')


class Tickets:
    def __init__(self, world: World, orders: Orders, bids, categories: list[tuple[int, str, tuple]],
                 calendar: WorkingCalendar):
        """``categories``: (id, code, (urgent, high, normal, low) SLA hours) of the active ticket categories;
        ``calendar``: the helpdesk's working hours and holidays, which the SLA clock counts."""
        self.world, self.orders, self.bids, self.categories = world, orders, bids, categories
        self.calendar = calendar
        self.events, self.pauses, self.messages, self.references = [], [], [], []
        self.names = {user[0]: user[2] for user in world.users}
        self.count = 0

    def rows(self):
        world = self.world
        rng = world.rng('tickets')
        r = rng.random
        calendar = self.calendar
        now = datetime.combine(world.today, datetime.min.time(), IST) + timedelta(hours=9)
        opened_at = sorted((world.day(r), 16_200 + int(r() * 28_800)) for _ in range(world.scale.tickets))
        sequence = {}
        for ticket_id, (day, seconds) in enumerate(opened_at, start=1):
            opened = (datetime.combine(world.days[day], datetime.min.time(), timezone.utc)
                      + timedelta(seconds=seconds)).astimezone(IST)
            sequence[opened.year] = sequence.get(opened.year, 0) + 1
            number = f'HD/{opened.year}/{sequence[opened.year]:05d}'
            category_id, code, hours = self.categories[int(r() * len(self.categories))]
            roll = r()
            priority = 'urgent' if roll < 0.05 else 'high' if roll < 0.25 else 'normal' if roll < 0.9 else 'low'
            sla = hours[('urgent', 'high', 'normal', 'low').index(priority)]
            office = world.office(r)
            department_id = world.offices[office][1]
            seller = None
            if r() < 0.15:
                kind, creator = 'seller', world.reviewer_ids[int(r() * len(world.reviewer_ids))]
                seller = int(r() * len(world.sellers))
                if r() < 0.5:
                    department_id = None
            else:
                kind, creator = 'department', world.nodal[department_id]
            subject, description, reference = self._problem(rng, code, office)
            ticket = _Ticket(self, ticket_id, opened, creator)
            ticket.message('reply', creator, description, opened)
            if reference is not None:
                self.references.append((len(self.references) + 1, ticket_id, *reference))
            assignee = world.cell_ids[int(r() * len(world.cell_ids))]
            # the story, as it would unfold; cut at ``now``
            moment = opened + timedelta(minutes=20 + int(r() * 300))
            ticket.step('assigned', assignee, moment, note=self.names[assignee])
            moment += timedelta(minutes=10 + int(r() * 200))
            ticket.step('in_progress', assignee, moment)
            if r() < 0.5:
                ticket.message('reply', assignee, REPLIES[int(r() * len(REPLIES))], moment + timedelta(minutes=15))
            if r() < 0.15:
                ticket.message('note', assignee, NOTES[int(r() * len(NOTES))], moment + timedelta(minutes=40))
            if r() < 0.3:
                waiting_on = ('department', 'seller', 'gem')[int(r() * 3)]
                moment += timedelta(hours=1 + int(r() * 8))
                ticket.step('waiting', assignee, moment, waiting_on=waiting_on)
                moment += timedelta(hours=2 + int(r() * 70))
                if kind == 'department' and r() < 0.6:
                    ticket.message('reply', creator, 'माँगी गई सूचना संलग्न है।', moment - timedelta(minutes=30))
                ticket.step('in_progress', assignee, moment)
            worked = sla * 3600 * (0.1 + r() ** 2 * 1.3)
            resolved = max(calendar.add_working_seconds(opened, int(worked)), moment + timedelta(minutes=5))
            ticket.step('resolved', assignee, resolved, resolution=RESOLUTIONS[int(r() * len(RESOLUTIONS))])
            closer = creator if kind == 'department' and r() < 0.7 else assignee
            ticket.step('closed', closer, resolved + timedelta(days=1 + int(r() * 6), hours=int(r() * 5)))
            # breached (the clock, less its pauses, past the target): escalated to the In-charge
            breached = breach_moment(calendar, opened, sla * 3600, ticket.spans, now)
            escalated = breached + timedelta(minutes=15) if breached is not None else None
            yield ticket.row(number, kind, department_id, seller, category_id, priority, subject, description, sla,
                             escalated, now, r)
        self.count = len(opened_at)

    def _problem(self, rng, code: str, office: int):
        """A subject and description of the category, naming a real bid or order of the data where it is about
        one; and the reference row ``(kind, number, bid id, order id)``."""
        r = rng.random
        world = self.world
        choices = PROBLEMS.get(code, PROBLEMS['other'])
        subject, description = choices[int(r() * len(choices))]
        reference = None
        values = {'office': world.offices[office][3], 'category': world.category(r, office), 'bid': '', 'order': ''}
        if '{bid}' in description and self.bids.awarded:
            bid_id, number = self.bids.awarded[int(r() * len(self.bids.awarded))][:2]
            values['bid'] = number
            reference = ('bid', number, bid_id, None)
        if '{order}' in description and self.orders.count:
            order_id = 1 + int(r() * self.orders.count)
            number = f'GEMC-5116877{(order_id * 7_919 + 31_337) % 100_000_000:08d}'
            values['order'] = number
            reference = ('order', number, None, order_id)
        return subject, description.format(**values), reference


class _Ticket:
    """One ticket's story: events, pauses and messages up to ``now``."""

    def __init__(self, tickets: Tickets, ticket_id: int, opened: datetime, creator: int):
        self.tickets, self.id, self.opened, self.creator = tickets, ticket_id, opened, creator
        self.now = datetime.combine(tickets.world.today, datetime.min.time(), IST) + timedelta(hours=9)
        self.state, self.waiting_on, self.assignee = 'new', None, None
        self.resolution = self.resolved_dt = self.resolved_by = self.closed_dt = None
        self.last = opened
        self.pause = None  # index of the open pause
        #: the pauses as (begin, end or None), for the SLA clock
        self.spans = []
        tickets.events.append((len(tickets.events) + 1, ticket_id, None, 'new', None, creator, _stored(opened), None))

    def message(self, kind: str, author: int, body: str, when: datetime):
        if when <= self.now:
            messages = self.tickets.messages
            messages.append((len(messages) + 1, self.id, kind, author, body, _stored(max(when, self.opened)), None))

    def step(self, state: str, user: int, when: datetime, note=None, waiting_on=None, resolution=None):
        if when > self.now or self.state == 'closed':
            return
        events, pauses = self.tickets.events, self.tickets.pauses
        if state == 'assigned':
            self.assignee = user
        events.append((len(events) + 1, self.id, self.state, state, waiting_on, user, _stored(when), note))
        if self.pause is not None:  # every change ends the running pause (a new one starts below if needed)
            index = self.pause
            pauses[index] = pauses[index][:5] + (_stored(when),)
            self.spans[-1] = (self.spans[-1][0], when)
            self.pause = None
        reason = {'waiting': 'waiting', 'resolved': 'resolved', 'closed': 'closed'}.get(state)
        if reason is not None:
            pauses.append((len(pauses) + 1, self.id, reason, waiting_on, _stored(when), None))
            self.spans.append((when, None))
            self.pause = len(pauses) - 1
        self.state, self.waiting_on, self.last = state, waiting_on, when
        if state == 'resolved':
            self.resolution, self.resolved_dt, self.resolved_by = resolution, when, user
        if state == 'closed':
            self.closed_dt = when

    def row(self, number, kind, department_id, seller, category_id, priority, subject, description, sla, escalated,
            now, r):
        world = self.tickets.world
        gem_id = name = contact = seller_id = channel = None
        if seller is not None:
            gem_id, name, _json, _mse = world.sellers[seller]
            contact = f'0522-{2_600_000 + seller % 400_000}'
            seller_id = seller + 1
            channel = CHANNELS[int(r() * len(CHANNELS))]
        return (self.id, number, kind, department_id, gem_id, name, contact, seller_id, channel, category_id,
                priority, subject, description, self.state, self.waiting_on, self.assignee, self.creator,
                _stored(self.opened), sla, self.resolution, self.resolved_dt and _stored(self.resolved_dt),
                self.resolved_by, self.closed_dt and _stored(self.closed_dt),
                escalated and escalated <= now and _stored(escalated) or None, 0, None,
                code_needs_portal(subject), None, None, _stored(self.opened), _stored(self.last))


def code_needs_portal(subject: str) -> bool:
    """Problems only a change of the portal can solve (duty 7 collects them)."""
    return 'OTP' in subject or 'end date' in subject
