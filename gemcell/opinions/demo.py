"""Demo opinions and the library's Government orders and circulars (called from ``directives.demo``)."""
from datetime import date, datetime, time, timedelta

from gemcell.core.i18n import IST
from gemcell.opinions import operations

LIBRARY = [
    ('go', '7/2024/18-5-2024', date(2024, 4, 1), 'सूक्ष्म, लघु एवं मध्यम उद्यम अनुभाग-5',
     'जेम पोर्टल के माध्यम से क्रय एवं समयबद्ध भुगतान',
     'प्रदेश के समस्त विभाग सामग्री एवं सेवाओं का क्रय जेम पोर्टल के माध्यम से करेंगे। CRAC निर्गत होने के 10 दिवस '
     'के भीतर विक्रेता को भुगतान सुनिश्चित किया जाएगा; विलम्ब की दशा में उत्तरदायित्व निर्धारित किया जाएगा।'),
    ('go', '1/2025/18-5-2025', date(2025, 1, 15), 'सूक्ष्म, लघु एवं मध्यम उद्यम अनुभाग-5',
     'प्रदेश के सूक्ष्म एवं लघु उद्यमों से क्रय में वरीयता',
     'राज्य के सूक्ष्म एवं लघु उद्यमों को क्रय में वरीयता दी जाएगी तथा उन्हें बयाना धनराशि से छूट होगी।'),
    ('circular', 'F.1/3/2024-PPD', date(2024, 7, 10), 'Department of Expenditure, Government of India',
     'Revised thresholds of direct purchase and L1 purchase on GeM',
     'Direct purchase on GeM up to Rs 50,000; purchase from the L1 seller among at least three manufacturers '
     'up to Rs 10,00,000; bidding or reverse auction above it.'),
]

OPINIONS = [
    ('HEALTH', 'nodal.health', 'औषधियों के आपातकालीन क्रय में प्रत्यक्ष क्रय की सीमा',
     'जिला चिकित्सालय में आपातकालीन परिस्थिति में ₹ 45,000 की औषधियों का क्रय जेम पर प्रत्यक्ष क्रय से किया जा '
     'सकता है अथवा नहीं?',
     'जेम पोर्टल पर प्रत्यक्ष क्रय की सीमा वर्तमान में ₹ 50,000 है। अतः ₹ 45,000 की औषधियों का क्रय प्रत्यक्ष क्रय '
     'के माध्यम से किया जा सकता है, परन्तु एक ही आवश्यकता को विभक्त कर अनेक प्रत्यक्ष क्रय किया जाना '
     'विभक्तीकरण की श्रेणी में आएगा, जो अनुमन्य नहीं है।', ['GFR-149-V2'], True),
    ('PWD', 'nodal.pwd', 'सेवाओं की निविदा में बयाना धनराशि से छूट',
     'क्या सूक्ष्म एवं लघु उद्यमों को सेवाओं की निविदा में भी बयाना धनराशि से छूट दी जानी है?',
     'हाँ। पंजीकृत सूक्ष्म एवं लघु उद्यम जो प्राथमिक सेवा स्वयं प्रदान करते हैं, बयाना धनराशि से मुक्त हैं। '
     'छूट प्राप्त विक्रेताओं से ATC के माध्यम से भी बयाना माँगा जाना निविदा को शून्य कर देता है।',
     ['GFR-170-EXEMPT', 'GEM-EMD-EXEMPT', 'GEM-EMD-NULL'], True),
    ('BASIC', 'nodal.basic', 'विद्यालयों हेतु फर्नीचर क्रय में ब्राण्ड का उल्लेख',
     'क्या फर्नीचर की निविदा में गुणवत्ता हेतु किसी प्रसिद्ध ब्राण्ड का उल्लेख किया जा सकता है?', None, [], False),
]


def load_demo_opinions(today, users, departments) -> dict:
    head, reviewer = users['prabhari'], users['samikshak']
    library = 0
    for kind, number, issued_on, issued_by, subject, text in LIBRARY:
        operations.save_library_item(None, {'kind': kind, 'number': number, 'issued_on': issued_on,
                                            'issued_by': issued_by, 'subject': subject, 'text': text}, None, reviewer)
        library += 1
    opinions = 0
    for index, (code, login, subject, question, answer, rules, issue) in enumerate(OPINIONS):
        officer = users.get(login)
        if officer is None or code not in departments:
            continue
        opinion = operations.ask_opinion(departments[code], subject, question, [], officer)
        opinion.asked_dt = datetime.combine(today - timedelta(days=20 - index * 6), time(12), IST)
        if answer:
            operations.draft_answer(opinion, answer, rules, ['शासनादेश संख्या 7/2024/18-5-2024, दिनांक 01.04.2024'],
                                    reviewer)
            if issue:
                operations.issue_opinion(opinion, head, today - timedelta(days=12 - index * 4))
        opinions += 1
    return {'opinions': opinions, 'library': library}
