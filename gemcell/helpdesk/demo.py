"""Demo helpdesk and meetings: a knowledge base of solved problems, tickets of three departments and a seller firm in
every state (one escalated, one merged, one with a field visit), and a meeting with action points. Idempotent: nothing
is added once a ticket exists."""
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from gemcell.auth.models import User
from gemcell.core.compliance import Compliance
from gemcell.core.i18n import IST
from gemcell.directory.models import Department, District
from gemcell.extensions import db
from gemcell.helpdesk import operations
from gemcell.helpdesk.models import Ticket, TicketCategory

ARTICLES = [
    ('bid_creation', 'बिड प्रकाशित करते समय "डीडीओ मैप नहीं है" की त्रुटि',
     'बिड प्रकाशित करते समय पोर्टल "DDO not mapped" / डीडीओ मैप नहीं है की त्रुटि दिखाता है और बिड प्रकाशित नहीं होती।',
     'सेकेण्डरी यूज़र (क्रेता) की प्रोफाइल में भुगतान प्राधिकारी (डीडीओ) मैप नहीं है। प्राइमरी यूज़र (HoD) लॉग-इन कर '
     '"Manage Users" में क्रेता के सामने डीडीओ चुनें और सहेजें; इसके बाद बिड पुनः प्रकाशित करें।'),
    ('crac_invoice', 'सी0आर0ए0सी0 जारी करने के बाद इनवॉइस नहीं दिख रहा',
     'कन्साइनी द्वारा सी0आर0ए0सी0 (CRAC) जारी करने के बाद भी विक्रेता का इनवॉइस भुगतान प्राधिकारी को नहीं दिख रहा।',
     'विक्रेता को "Generate Invoice" से इनवॉइस बनाकर प्रस्तुत करना होता है। विक्रेता से इनवॉइस प्रस्तुत कराएँ; '
     '48 घण्टे '
     'बाद भी न दिखे तो आदेश संख्या सहित जेम हेल्पडेस्क पर टिकट दर्ज करें।'),
    ('account_role', 'नोडल अधिकारी के स्थानान्तरण पर प्राइमरी यूज़र का परिवर्तन',
     'प्राइमरी यूज़र (HoD) के स्थानान्तरण के बाद नये अधिकारी को प्राइमरी यूज़र की भूमिका कैसे दें?',
     'विभागाध्यक्ष के हस्ताक्षर से "Change of Primary User" का अनुरोध पत्र जेम पर अपलोड करें; नये अधिकारी का आधार '
     'आधारित ई-केवाईसी पूर्ण होना चाहिए। जेम सेल पत्र का प्रारूप उपलब्ध कराता है।'),
    ('payment', 'पी0एफ0एम0एस0 से भुगतान की स्थिति जेम पर अद्यतन नहीं',
     'कोषागार से भुगतान हो जाने के बाद भी जेम पर आदेश "भुगतान लम्बित" दिखा रहा है।',
     'भुगतान प्राधिकारी "Payment Status Update" में भुगतान की तिथि और यू0टी0आर0 संख्या भरकर सहेजें; उसके बाद आदेश '
     'की स्थिति स्वतः "Payment Completed" हो जाती है।'),
    ('registration', 'विक्रेता पंजीकरण में उद्यम प्रमाण-पत्र सत्यापित नहीं हो रहा',
     'विक्रेता फर्म के पंजीकरण में उद्यम (Udyam) संख्या सत्यापित नहीं हो रही, एम0एस0ई0 का लाभ नहीं मिल रहा।',
     'फर्म के पैन और उद्यम प्रमाण-पत्र में नाम एक जैसा होना चाहिए। "Profile > MSE" में उद्यम संख्या पुनः भरें और '
     'सत्यापित करें; नाम भिन्न हो तो पहले उद्यम पोर्टल पर सुधार कराएँ।'),
]


def _at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), IST)


def _working_days_before(today, n, step=-1):
    """The ``n``-th working day before ``today`` (after it, with ``step=1``), by the helpdesk's calendar."""
    from gemcell.helpdesk.queries import working_calendar
    calendar = working_calendar()
    day = today
    while n:
        day += timedelta(days=step)
        if calendar.is_working_day(day):
            n -= 1
    return day


def load_demo_helpdesk(today) -> dict:
    operations.seed_categories()
    operations.seed_calendar()
    if db.session.scalar(sa.select(Ticket.id).limit(1)) is not None:
        return {'tickets': 0}
    users = {u.login: u for u in db.session.scalars(sa.select(User))}
    reviewer, head = users.get('samikshak'), users.get('prabhari')
    if reviewer is None or head is None:
        return {'tickets': 0}
    cats = {c.code: c for c in db.session.scalars(sa.select(TicketCategory))}
    for code, title, problem, fix in ARTICLES:
        operations.save_article(None, {'title': title, 'problem': problem, 'fix': fix, 'category_id': cats[code].id,
                                       'is_published': True}, reviewer)
    d = [_working_days_before(today, n) for n in range(12)]
    health, pwd, basic = (users.get(login) for login in ('nodal.health', 'nodal.pwd', 'nodal.basic'))

    def raise_(user, code, subject, description, when, priority='normal', **extra):
        return operations.create_ticket({'category_id': cats[code].id, 'priority': priority, 'subject': subject,
                                         'description': description, **extra}, user, now=when)

    def step(ticket, action, when, user=reviewer, **data):
        operations.transition(ticket, action, user, data, now=when, today=when.astimezone(IST).date())

    count = 0
    if health:
        t = raise_(health, 'bid_creation', 'बिड प्रकाशित नहीं हो रही — डीडीओ मैप नहीं',
                   'जिला चिकित्सालय, लखनऊ की औषधि क्रय की बिड प्रकाशित करते समय "DDO not mapped" त्रुटि आ रही है।',
                   _at(d[6], 11), priority='high', references='GEM/2026/B/6974734')
        step(t, 'assign', _at(d[6], 12), assignee_id=reviewer.id)
        step(t, 'start', _at(d[6], 12, 30))
        operations.add_message(t, operations.MessageKind.reply, 'प्राइमरी यूज़र से क्रेता की प्रोफाइल में डीडीओ मैप '
                               'कराएँ, फिर बिड पुनः प्रकाशित करें।', reviewer, now=_at(d[6], 13))
        step(t, 'resolve', _at(d[6], 15), resolution='प्राइमरी यूज़र द्वारा डीडीओ मैप किया गया; बिड प्रकाशित हो गई।')
        step(t, 'close', _at(d[5], 11), user=health)
        t = raise_(health, 'payment', 'भुगतान के बाद भी आदेश "भुगतान लम्बित" दिखा रहा',
                   'आदेश GEMC-511687712345678 का भुगतान कोषागार से हो चुका है, पर जेम पर स्थिति लम्बित है।',
                   _at(d[3], 10, 30), references='GEMC-511687712345678')
        step(t, 'assign', _at(d[3], 11), assignee_id=reviewer.id)
        step(t, 'wait', _at(d[3], 12), waiting_on='department', note='यू0टी0आर0 संख्या माँगी गई')
        t = raise_(health, 'crac_invoice', 'सी0आर0ए0सी0 के बाद इनवॉइस नहीं दिख रहा',
                   'कन्साइनी ने सी0आर0ए0सी0 जारी कर दिया है, पर इनवॉइस भुगतान प्राधिकारी को नहीं दिख रहा।',
                   _at(d[1], 10, 15))
        count += 3
    if pwd:
        urgent = raise_(pwd, 'bid_evaluation', 'तकनीकी मूल्यांकन में बिडर के अभिलेख नहीं खुल रहे',
                        'निविदा GEM/2026/B/7012345 के तकनीकी मूल्यांकन में दो बिडरों के अभिलेख डाउनलोड नहीं हो रहे; '
                        'बिड की समय-सीमा निकट है।', _at(d[4], 10, 30), priority='urgent',
                        references='GEM/2026/B/7012345')
        step(urgent, 'assign', _at(d[4], 11), assignee_id=reviewer.id)
        step(urgent, 'start', _at(d[4], 11, 30))
        operations.escalate_breaches(_at(d[3], 10, 45))
        dup = raise_(pwd, 'bid_evaluation', 'मूल्यांकन में अभिलेख नहीं खुल रहे (पुनः)',
                     'पूर्व में भेजी गई समस्या — अभिलेख अभी भी नहीं खुल रहे।', _at(d[3], 15))
        operations.merge_tickets(dup, urgent, reviewer, now=_at(d[3], 16))
        visit_district = db.session.scalar(sa.select(District).filter_by(name_en='Lucknow'))
        district_id = visit_district.id if visit_district else None
        operations.save_visit(None, urgent, {
            'officer_id': reviewer.id, 'visit_date': d[2], 'district_id': district_id,
            'place': 'मुख्य अभियन्ता कार्यालय, लोक निर्माण विभाग, लखनऊ',
            'purpose': 'तकनीकी मूल्यांकन में सहायता; ब्राउज़र एवं प्रमाण-पत्र की जाँच', 'state': 'done',
            'outcome': 'ब्राउज़र का पुराना संस्करण कारण था; अद्यतन के बाद अभिलेख खुले।',
            'follow_up': 'अन्य कार्यालयों में भी ब्राउज़र अद्यतन कराया जाए।'}, reviewer)
        operations.save_visit(None, urgent, {
            'officer_id': reviewer.id, 'visit_date': _working_days_before(today, 2, step=1),
            'district_id': district_id, 'place': 'अधीक्षण अभियन्ता कार्यालय, लखनऊ वृत्त',
            'purpose': 'बिड सृजन पर प्रशिक्षण', 'state': 'planned'}, reviewer)
        t = raise_(pwd, 'account_role', 'नये नोडल अधिकारी को प्राइमरी यूज़र बनाना',
                   'पूर्व प्राइमरी यूज़र का स्थानान्तरण हो गया है; नये अधिकारी को भूमिका दी जानी है।', _at(d[2], 14))
        step(t, 'assign', _at(d[2], 15), assignee_id=head.id)
        step(t, 'wait', _at(d[1], 11), waiting_on='gem', note='जेम को अनुरोध भेजा गया')
        count += 3
    if basic:
        t = raise_(basic, 'registration', 'विद्यालय के लिए क्रेता पंजीकरण',
                   'जनपद बाराबंकी के खण्ड शिक्षा अधिकारी कार्यालय का क्रेता पंजीकरण कैसे हो?', _at(d[0], 10, 30),
                   priority='low')
        count += 1
    seller = operations.create_ticket({'requester_kind': 'seller', 'seller_gem_id': 'SELLER-UP-0042371',
                                       'seller_name': 'मे0 अवध ट्रेडर्स, लखनऊ', 'seller_contact': '0522-2612345',
                                       'channel': 'phone', 'category_id': cats['payment'].id, 'priority': 'high',
                                       'subject': 'आपूर्ति के 60 दिन बाद भी भुगतान नहीं',
                                       'description': 'फर्म का कहना है कि सी0आर0ए0सी0 के 60 दिन बाद भी भुगतान '
                                                      'नहीं हुआ।',
                                       'department_id': pwd.department_id if pwd else None,
                                       'references': 'GEMC-511687798765432'}, reviewer, now=_at(d[2], 16))
    step(seller, 'start', _at(d[2], 16, 30))
    step(seller, 'resolve', _at(d[1], 12), resolution='विभाग से वार्ता कर भुगतान कराया गया; फर्म को सूचित किया गया।')
    count += 1
    db.session.flush()
    return {'tickets': count, 'meetings': load_demo_meetings(today, reviewer)}


def load_demo_meetings(today, reviewer) -> int:
    from gemcell.meetings import operations as meetings
    department = db.session.scalar(sa.select(Department).filter_by(code='HEALTH'))
    if department is None:
        return 0
    held = _working_days_before(today, 8)
    meeting = meetings.save_meeting(None, {
        'meeting_date': held, 'department_id': department.id, 'subject': 'जेम पर क्रय एवं लम्बित भुगतान की समीक्षा',
        'venue': 'महानिदेशालय, चिकित्सा एवं स्वास्थ्य, लखनऊ — सभाकक्ष',
        'agenda': '1. जेम पर क्रय की प्रगति\n2. लम्बित भुगतान\n3. बिड सृजन में आ रही समस्याएँ',
        'participants': 'महानिदेशक, चिकित्सा एवं स्वास्थ्य (अध्यक्ष)\nडॉ0 मनोज त्रिपाठी, नोडल अधिकारी\n'
                        'सुनीता वर्मा, समीक्षक, जेम सेल',
        'minutes_html': '<p>बैठक में जेम पर क्रय की प्रगति की समीक्षा की गई। <strong>लम्बित भुगतानों</strong> पर '
                        'विशेष चर्चा हुई।</p><ul><li>21 आदेशों का भुगतान 10 दिन से अधिक लम्बित है।</li>'
                        '<li>जनपदों में बिड सृजन हेतु प्रशिक्षण की आवश्यकता बताई गई।</li></ul>'}, reviewer)
    first = meetings.add_point(meeting, {'text': 'लम्बित 21 आदेशों का भुगतान 15 दिन में सुनिश्चित किया जाए।',
                                         'owner': 'department', 'due_date': held + timedelta(days=15)})
    second = meetings.add_point(meeting, {'text': 'जनपदीय क्रेताओं हेतु बिड सृजन पर प्रशिक्षण आयोजित किया जाए।',
                                          'owner': 'cell', 'due_date': held + timedelta(days=5)})
    meetings.add_point(meeting, {'text': 'प्रत्येक माह की 5 तारीख तक जेम क्रय की आख्या भेजी जाए।',
                                 'owner': 'department', 'due_date': held + timedelta(days=20)})
    meetings.class_point(second, {'compliance': Compliance.complied.value, 'remark': 'प्रशिक्षण सम्पन्न'}, reviewer)
    meetings.class_point(first, {'compliance': Compliance.partly.value, 'remark': '12 आदेशों का भुगतान हुआ'},
                         reviewer)
    return 1
