"""The restrictive-clause rules on a bid's text (``gemcell/scrutiny/rules/atc.py``): GEM-NV-05, 06, 08, 09, 10, 13
and 14, in English and Hindi, with the clauses they must leave alone."""
import re

import pytest

from gemcell.gemdata.models import BidSource
from gemcell.scrutiny.models import Severity
from gemcell.scrutiny.rules import REGISTRY, BidFacts
from gemcell.scrutiny.rules import atc
from gemcell.scrutiny.settings import Settings

ATC_RULES = ('GEM-NV-05', 'GEM-NV-06', 'GEM-NV-08', 'GEM-NV-09', 'GEM-NV-10', 'GEM-NV-13', 'GEM-NV-14')

#: standard text GeM prints into its bids (GEM/2025/B/6572913), the disclaimer's list of prohibited clauses included
GEM_STANDARD_TEXT = """\
1. Preference to Make In India products (For bids < 200 Crore):Preference shall be given to Class 1 local supplier
as defined in public procurement (Preference to Make in India), Order 2017. If the bidder wants to avail the
Purchase preference, the bidder must upload a certificate from the OEM regarding the percentage of the local
content ... as per the Public Procurement (preference to Make-in -India) order 2017 dated 04.06.2020.
2. Purchase preference will be given to MSEs having valid Udyam Registration and whose credentials are
validated online through Udyam Registration portal. Relevant documentary evidence in this regard shall be uploaded
along with the bid in respect of the offered product or service.
Printing Maplitho Paper (V3) Conforming to IS 1848 (Part 1), Plain Copier Paper (V3) ISI Marked to IS 14490
Document required from seller: Bidder Turnover,Certificate (Requested in ATC),OEM Authorization Certificate
5. Generic
Bidder shall submit the following documents along with their bid for Vendor Code Creation:
a. Copy of PAN Card. b. Copy of GSTIN. c. Copy of Cancelled Cheque.
7. Inspection
Pre-dispatch Inspection at Seller Premises (applicable only if pre-dispatch inspection clause has been
selected in ATC): BY BHEL/BHEL TPIA
8. Scope of Supply
Scope of supply (Bid price to include all cost components) : Only supply of Goods
10. Buyer Added Bid Specific ATC
Buyer uploaded ATC document Click here to view the file.
Disclaimer
The additional terms and conditions have been incorporated by the Buyer after approval of the Competent
Authority in Buyer Organization. If any clause(s) is / are incorporated by the Buyer regarding following, the bid and
resultant contracts shall be treated as null and void and such bids may be cancelled by GeM at any stage of
bidding process without any notice:-
1. Definition of Class I and Class II suppliers in the bid not in line with the extant Order / Office Memorandum
issued by DPIIT in this regard.
5. Mentioning specific Brand or Make or Model or Manufacturer or Dealer name.
6. Mandating submission of documents in physical form as a pre-requisite to qualify bidders.
8. Seeking sample with bid or approval of samples during bid evaluation process. (However, in bids for
attached categories, trials are allowed as per approved procurement policy of the buyer nodal Ministries)
9. Mandating foreign / international certifications even in case of existence of Indian Standards without
specifying equivalent Indian Certification / standards.
10. Seeking experience from specific organization / department / institute only or from foreign / export
experience.
13. Reference of conditions published on any external site or reference to external documents/clauses.
14. Asking for any Tender fee / Bid Participation fee / Auction fee in case of Bids / Forward Auction, as the
case may be.
Further, if any seller has any objection/grievance against these additional clauses or otherwise on any aspect of
this bid, they can raise their representation against the same by using the Representation window provided in
the bid details field in Seller dashboard.
"""


def bid(atc_text=None, source=BidSource.gem, **fields) -> BidFacts:
    return BidFacts(id=1, source=source, number='GEM/2025/B/1', atc_text=atc_text, **fields)


def run(rule_id: str, text=None, **fields):
    fields.setdefault('atc_text', text)
    return REGISTRY[rule_id].run(bid(**fields), Settings.defaults())


def words(rule_id: str, text=None, **fields) -> list[str]:
    """The matched words of the rule's single hit, or ``[]`` when it stays silent."""
    hits = run(rule_id, text, **fields)
    assert len(hits) <= 1
    return hits[0].params['matches_list'] if hits else []


# --- cases: (rule, text, words that must be among the matches) ------------------------------------------------
FLAGGED = [
    # GEM-NV-05: brand, make, model
    ('GEM-NV-05', 'Laser printer, Make: HP, with one year warranty.', ['Make: HP']),
    ('GEM-NV-05', 'Printer Make: HP', ['Make: HP']),
    ('GEM-NV-05', 'अलमारी ब्रांड: गोदरेज', ['ब्रांड', 'गोदरेज']),
    ('GEM-NV-05', 'Supply of steel almirah of make Godrej only.', ['of make Godrej']),
    ('GEM-NV-05', 'Ceiling fans, Havells make, 1200 mm sweep.', ['Havells make']),
    ('GEM-NV-05', 'SUPPLY OF CHAIRS, GODREJ MAKE ONLY', ['GODREJ MAKE']),
    ('GEM-NV-05', 'Toner cartridge for printer Model No. LBP2900', ['Model No. LBP2900']),
    ('GEM-NV-05', 'Laptops of Dell or Lenovo only', ['Dell', 'Lenovo']),
    ('GEM-NV-05', 'Air conditioner 1.5 ton (Blue Star / Voltas)', ['Blue Star', 'Voltas']),
    ('GEM-NV-05', 'Printer HP LaserJet 1020 for the office', ['HP']),
    ('GEM-NV-05', 'Pump set manufactured by M/s Kirloskar only', ['manufactured by M/s Kirloskar']),
    ('GEM-NV-05', 'केवल गोदरेज ब्रांड की स्टील अलमारी की आपूर्ति की जाएगी।', ['गोदरेज', 'ब्रांड']),
    ('GEM-NV-05', 'एलईडी ट्यूब लाइट, मेक: हैवेल्स', ['मेक', 'हैवेल्स']),
    # GEM-NV-06: physical documents
    ('GEM-NV-06', 'Bidders must submit hard copy of all documents before bid opening.', ['hard copy']),
    ('GEM-NV-06', 'The technical bid shall be submitted in a sealed envelope.', ['sealed envelope']),
    ('GEM-NV-06', 'All documents to be sent by speed post to the office of the undersigned.', ['by speed post']),
    ('GEM-NV-06', 'Original documents to be produced for verification before opening.', ['Original documents']),
    ('GEM-NV-06', 'Bidder shall submit the documents in person at the office.',
     ['submit the documents in person']),
    ('GEM-NV-06', 'सभी अभिलेखों की हार्ड कॉपी कार्यालय में जमा करें।', ['हार्ड कॉपी']),
    ('GEM-NV-06', 'निविदा के प्रपत्र डाक द्वारा भेजे जाएं।', ['डाक द्वारा']),
    ('GEM-NV-06', 'तकनीकी बिड मुहरबंद लिफाफे में प्रस्तुत करें।', ['मुहरबंद लिफाफे']),
    ('GEM-NV-06', 'Notarized affidavit in original to be submitted before opening of bid.', ['in original']),
    # GEM-NV-08: samples
    ('GEM-NV-08', 'Bidders shall submit samples along with the bid.', ['samples']),
    ('GEM-NV-08', 'Sample approval during technical evaluation is mandatory.', ['Sample']),
    ('GEM-NV-08', 'निविदा के साथ नमूना जमा करना अनिवार्य है।', ['नमूना']),
    ('GEM-NV-08', 'तकनीकी मूल्यांकन हेतु सैंपल प्रस्तुत करें।', ['सैंपल']),
    # GEM-NV-09: foreign certification
    ('GEM-NV-09', 'The equipment must be CE certified.', ['CE certified']),
    ('GEM-NV-09', 'Gloves shall be USFDA approved.', ['USFDA']),
    ('GEM-NV-09', 'Helmets conforming to BS EN 12345', ['BS EN 12345']),
    ('GEM-NV-09', 'Tested as per ASTM D123', ['ASTM D123']),
    ('GEM-NV-09', 'Mask shall have international certification.', ['international certification']),
    ('GEM-NV-09', 'Fittings shall be UL listed.', ['UL listed']),
    ('GEM-NV-09', 'उपकरण का अंतरराष्ट्रीय प्रमाणन अनिवार्य है।', ['अंतरराष्ट्रीय प्रमाणन']),
    # GEM-NV-10: experience
    ('GEM-NV-10', 'Experience in Indian Railways only will be considered.', ['Experience in Indian Railways only']),
    ('GEM-NV-10', 'Bidder must have export experience of three years.', ['export experience']),
    ('GEM-NV-10', 'Only bidders having experience with CPWD may apply.', ['Only bidders having experience']),
    ('GEM-NV-10', 'Bidders with CPWD experience only will be considered.', ['experience only']),
    ('GEM-NV-10', 'रेलवे विभाग का अनुभव ही मान्य होगा।', ['अनुभव ही']),
    ('GEM-NV-10', 'Experience of supply to central government only.',
     ['Experience of supply to central government only']),
    ('GEM-NV-10', 'Experience of 3 similar works in Central/State Govt./PSU only.',
     ['Experience of 3 similar works in Central/State Govt./PSU only']),
    ('GEM-NV-10', 'केवल रेलवे विभाग का अनुभव मान्य होगा।', ['केवल रेलवे विभाग का अनुभव']),
    ('GEM-NV-10', 'फर्म को निर्यात का अनुभव होना चाहिए।', ['निर्यात का अनुभव']),
    # GEM-NV-13: external site or documents
    ('GEM-NV-13', 'Detailed terms at https://upsdc.gov.in/tender.pdf.', ['https://upsdc.gov.in/tender.pdf']),
    ('GEM-NV-13', 'See www.example.org/terms for the conditions', ['www.example.org/terms']),
    ('GEM-NV-13', 'as per the document available at the department website',
     ['available at the department website']),
    ('GEM-NV-13', 'Refer annexure uploaded on the website of the department.',
     ['Refer annexure uploaded on the website']),
    ('GEM-NV-13', 'शर्तें विभाग की वेबसाइट पर उपलब्ध हैं।', ['वेबसाइट']),
    # GEM-NV-14: tender fee
    ('GEM-NV-14', 'Tender fee of Rs 1000 to be deposited by DD.', ['Tender fee']),
    ('GEM-NV-14', 'Bid participation fee Rs 500 (non-refundable).', ['Bid participation fee']),
    ('GEM-NV-14', 'Cost of tender document: Rs. 1180', ['Cost of tender document']),
    ('GEM-NV-14', 'निविदा शुल्क ₹500 जमा करें।', ['निविदा शुल्क']),
    ('GEM-NV-14', 'निविदा प्रपत्र का मूल्य ₹1000 होगा।', ['निविदा प्रपत्र का मूल्य']),
    ('GEM-NV-14', 'निविदा फ़ीस ₹200', ['निविदा फीस']),  # the nukta is matched either way
    ('GEM-NV-14', 'Tender fee will be Rs 1000.', ['Tender fee']),
]

NOT_FLAGGED = [
    ('GEM-NV-05', 'Submersible pump with 5 HP motor'),
    ('GEM-NV-05', 'Monoblock pump 7.5HP, 3 phase'),
    ('GEM-NV-05', 'Motor rating 10 HP (three phase)'),
    ('GEM-NV-05', 'Printer Canon LBP2900 or equivalent'),
    ('GEM-NV-05', 'Preference to Make in India products; Make-in-India order 2017'),
    ('GEM-NV-05', 'Brand name and model no. of the offered product to be mentioned by the bidder.'),
    ('GEM-NV-05', 'Reputed make only, ISI marked. Make: any reputed Indian brand.'),
    ('GEM-NV-05', 'Consignee: Smt. Usha Devi, Block office'),
    ('GEM-NV-05', 'मेक इन इंडिया के अंतर्गत उत्पाद'),
    ('GEM-NV-05', 'गोदरेज अथवा समकक्ष ब्रांड'),
    ('GEM-NV-05', 'Toner cartridge compatible with HP LaserJet Pro M126nw'),
    ('GEM-NV-05', 'AMC of Voltas air conditioners installed in the office'),
    ('GEM-NV-05', 'Consignee: Tata Memorial Hospital, Mumbai'),
    ('GEM-NV-05', 'THE SUPPLIER CAN MAKE DELIVERY IN TWO LOTS. Please make payment through GeM.'),
    ('GEM-NV-05', 'Dealer: Authorised dealer of the OEM'),
    ('GEM-NV-06', 'Hard copy of invoice to be submitted after delivery.'),
    ('GEM-NV-06', 'Goods to be delivered by hand at site.'),
    ('GEM-NV-06', 'Upload scanned copies of original documents with the bid.'),
    ('GEM-NV-06', 'All documents shall be uploaded online on GeM.'),
    ('GEM-NV-06', 'Scanned copies to be uploaded; hard copy not required.'),
    ('GEM-NV-06', 'हार्ड कॉपी की आवश्यकता नहीं है।'),
    ('GEM-NV-06', 'The successful bidder shall provide the hard copy of bills in triplicate.'),
    ('GEM-NV-08', 'Advance sample after placement of contract for approval of the consignee.'),
    ('GEM-NV-08', 'Collection of blood samples from the wards of the hospital.'),
    ('GEM-NV-08', 'No sample is required with the bid.'),
    ('GEM-NV-08', 'संलग्न नमूने के अनुसार घोषणा पत्र प्रस्तुत करें।'),
    ('GEM-NV-09', 'PVC cable as per IS 1554 / CE'),
    ('GEM-NV-09', 'Helmet conforming to IS:2925 or EN 397'),
    ('GEM-NV-09', 'Product must be BIS certified; CE marking acceptable.'),
    ('GEM-NV-09', 'Approval of CE (PWD) is required for the drawings.'),
    ('GEM-NV-09', 'MCB, DIN rail mounted, 32 A'),
    ('GEM-NV-09', 'The bidder must hold a valid FDA drug licence of the state.'),
    ('GEM-NV-09', 'ISO 9001 certified manufacturer'),
    ('GEM-NV-09', 'अंतरराष्ट्रीय मानक अथवा समकक्ष भारतीय मानक (आईएसआई) के अनुरूप'),
    ('GEM-NV-10', 'Bidder must have 3 years experience in similar work.'),
    ('GEM-NV-10', 'Experience with Govt or private organisations only.'),
    ('GEM-NV-10', 'न्यूनतम तीन वर्ष का अनुभव आवश्यक है।'),
    ('GEM-NV-10', 'The firm is registered with the labour department. Experience of 3 years only is needed.'),
    ('GEM-NV-10', 'Only experienced manpower shall be deployed.'),
    ('GEM-NV-10', 'Experience certificate from the user department only will be accepted.'),
    ('GEM-NV-10', 'निविदादाता को किसी भी सरकारी विभाग में कार्य का अनुभव होना चाहिए।'),
    ('GEM-NV-10', 'Only bidders having experience of supply to Central / State Govt Organization / PSU / Public Listed '
                  'Company are eligible.'),
    ('GEM-NV-13', 'Detailed specification at https://gem.gov.in/specs and bidplus.gem.gov.in'),
    ('GEM-NV-13', 'Terms are available on GeM portal.'),
    ('GEM-NV-13', 'Buyer uploaded ATC document Click here to view the file.'),
    ('GEM-NV-13', 'Bidders are requested to visit the site before quoting; queries to stores-lko@nic.in'),
    ('GEM-NV-13', 'The tender notice is also published in newspapers.'),
    ('GEM-NV-14', 'No tender fee'),
    ('GEM-NV-14', 'Tender fee: NIL'),
    ('GEM-NV-14', 'Tender Fee - Rs. 0/-'),
    ('GEM-NV-14', 'Tender fee is not applicable for this bid.'),
    ('GEM-NV-14', 'MSEs are exempted from tender fee and EMD.'),
    ('GEM-NV-14', 'निविदा शुल्क: शून्य'),
    ('GEM-NV-14', 'कोई निविदा शुल्क नहीं लिया जाएगा।'),
    ('GEM-NV-14', 'निविदा शुल्क लिया नहीं जाएगा।'),
    ('GEM-NV-14', 'Tender fee will not be charged.'),
    ('GEM-NV-14', 'GeM does not charge any tender fee.'),
    ('GEM-NV-14', 'Rates inclusive of all taxes, freight and installation charges.'),
    ('GEM-NV-14', 'Bid price to include all cost components.'),
]


@pytest.mark.parametrize(('rule_id', 'text', 'expected'), FLAGGED, ids=[f'{r}:{t[:40]}' for r, t, _ in FLAGGED])
def test_flags(rule_id, text, expected):
    hits = run(rule_id, text)
    assert len(hits) == 1
    hit = hits[0]
    for word in expected:
        assert word in hit.params['matches_list']
        assert any(word in passage for passage in hit.matches)
    assert hit.matches == hit.evidence()['matches']


@pytest.mark.parametrize(('rule_id', 'text'), NOT_FLAGGED, ids=[f'{r}:{t[:40]}' for r, t in NOT_FLAGGED])
def test_leaves_alone(rule_id, text):
    assert run(rule_id, text) == []


@pytest.mark.parametrize('rule_id', ATC_RULES)
def test_gepnic_tenders_are_not_judged(rule_id):
    text = next(text for r, text, _ in FLAGGED if r == rule_id)
    assert run(rule_id, text, source=BidSource.gepnic) == []
    assert len(run(rule_id, text, source=BidSource.manual)) == 1


@pytest.mark.parametrize('rule_id', ATC_RULES)
@pytest.mark.parametrize('text', [None, '', '   \n'])
def test_empty_text(rule_id, text):
    assert run(rule_id, text, description=text, title=text) == []


@pytest.mark.parametrize('rule_id', ATC_RULES)
def test_gem_standard_text_and_disclaimer_are_not_flagged(rule_id):
    assert run(rule_id, GEM_STANDARD_TEXT) == []


def test_a_buyer_clause_after_the_disclaimer_is_still_read():
    text = GEM_STANDARD_TEXT + 'Additional ATC: a tender fee of Rs 2000 shall be paid by demand draft.'
    assert words('GEM-NV-14', text) == ['tender fee']


def test_a_buyers_own_null_and_void_clause_is_not_cut():
    text = 'The bid shall be treated as null and void if the tender fee of Rs 500 is not paid.'
    assert words('GEM-NV-14', text) == ['tender fee']


@pytest.mark.parametrize('field', ['atc_text', 'description', 'title'])
def test_every_text_is_read(field):
    fields = {'atc_text': None, 'description': None, 'title': None, field: 'Steel almirah of make Godrej'}
    assert words('GEM-NV-05', **fields) == ['of make Godrej']


def test_matches_are_deduplicated_and_capped():
    text = ' '.join(f'Tender fee of Rs {n}00 for lot {n}.' for n in range(1, 30))
    hit, = run('GEM-NV-14', text)
    assert hit.params['matches_list'] == ['Tender fee']  # one word, however often it occurs
    assert len(hit.matches) == atc.MAX_MATCHES
    assert len(set(hit.matches)) == len(hit.matches)


def test_the_same_word_in_two_texts_is_listed_once():
    hit, = run('GEM-NV-06', 'Submit hard copy of the bid.', description='Hard copy of all documents by post.')
    assert hit.params['matches_list'] == ['hard copy', 'by post']


def test_passages_are_short_and_centred_on_the_match():
    text = ('Lorem ipsum dolor sit amet consectetur ' * 10) + 'bidders must give a hard copy of the documents ' \
        + ('sed do eiusmod tempor incididunt ut labore ' * 10)
    hit, = run('GEM-NV-06', text)
    passage, = hit.matches
    assert 'hard copy' in passage
    assert passage.startswith('…') and passage.endswith('…')
    assert len(passage) <= atc.PASSAGE + 2


def test_long_match_is_cut():
    text = 'Experience ' + 'of supplying similar stores ' * 2 + 'to Indian Railways only.'
    hit, = run('GEM-NV-10', text)
    assert all(len(word) <= 80 for word in hit.params['matches_list'])
    assert all(len(passage) <= atc.PASSAGE + 2 for passage in hit.matches)


def test_no_catastrophic_backtracking():
    """Long runs of the words the patterns look for, with no sentence end, are read in linear time."""
    import time
    text = ('experience only ' * 3000) + ('sample ' * 3000) + ('Make ' * 3000) + ('केवल अनुभव ' * 3000) \
        + 'http://' + 'x' * 5000 + (' tender fee ' * 2000)
    started = time.perf_counter()
    for rule_id in ATC_RULES:
        run(rule_id, text)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize('rule_id', ATC_RULES)
def test_rule_definition(rule_id):
    rule_ = REGISTRY[rule_id]
    assert rule_.on == 'bid'
    assert rule_.severity is Severity.deviation
    assert rule_.duty == 8
    assert rule_.hint is not None and rule_.source is not None
    assert 'GEM/2025/B/6572913' in str(rule_.source)
    assert '%(matches_list)s' in str(rule_.message)
    doc = rule_.check.__doc__ or ''
    assert re.search(r'\bWhat\b', doc) and re.search(r'\bWhy\b', doc) and 'Configuration' in doc


@pytest.mark.parametrize('rule_id', ATC_RULES)
def test_message_shows_the_matched_words(rule_id):
    text = next(text for r, text, _ in FLAGGED if r == rule_id)
    hit, = run(rule_id, text)
    rendered = REGISTRY[rule_id].render(hit.evidence())
    assert ', '.join(hit.params['matches_list']) in rendered
