"""Restrictive clauses in a bid's own words (duty 8): the items of GeM's "null and void" list that can be read in the
text — a brand named (GEM-NV-05), physical documents (06), samples with the bid (08), foreign certification (09),
experience from one organisation or abroad (10), conditions kept elsewhere (13) and a tender fee (14).

The rules read the buyer's additional terms (``atc_text``), the item description and the title, in English and in
Hindi (Devanagari). They look for words, they do not understand clauses: each finding lists the words matched
(``matches_list``, shown in the message) and a short passage around each (``matches``), and a reviewer decides. The
list of prohibited clauses that GeM prints into every bid (the disclaimer itself: "Mentioning specific Brand or Make
…") is cut out of the text before it is read, or every bid would be flagged.

Each pattern is compiled once, at import. Where a word alone is not enough ("sample", "by post"), the words around
it (``WINDOW`` characters either side) must show the clause is about the bid (``_near``) and must not clear it
("advance sample after placement of contract", "no tender fee"). The patterns have no unbounded wildcards, so a long
ATC costs time in proportion to its length.
"""
import re
import unicodedata
from functools import lru_cache

from flask_babel import lazy_gettext as _l

from gemcell.gemdata.models import BidSource
from gemcell.scrutiny.models import Severity
from gemcell.scrutiny.rules import BidFacts, Hit, rule
from gemcell.scrutiny.settings import Settings

#: GeM's list applies to bids on GeM (and bids entered by hand, which are GeM bids the cell typed in)
NV_SOURCES = frozenset({BidSource.gem, BidSource.manual})
#: at most this many words, and passages, per finding
MAX_MATCHES = 10
#: a passage's length, in characters
PASSAGE = 120
#: how far around a match the words that confirm or clear it are looked for, in characters
WINDOW = 80

_DEV = '\u0900-\u097F'
#: the start and the end of a Hindi word (``\b`` does not work in Devanagari: its vowel signs are not letters to it)
HS = f'(?<![{_DEV}])'
HE = f'(?![{_DEV}])'


#: characters dropped before matching: the nukta (फ़ and फ are matched alike) and zero-width joiners
_IGNORED = str.maketrans('', '', '\u093C\u200C\u200D')
_IGNORED_CHARACTERS = re.compile('[\u093C\u200C\u200D]')


def _compile(source: str, flags: int = re.IGNORECASE, *, word_start: bool = True) -> re.Pattern:
    """The pattern, its Hindi written as ``_clean`` writes the text (NFC, without nukta).

    With ``word_start``, a match may only begin where a word does (every alternative of the rules' patterns does):
    the engine then tries the pattern at a few positions instead of every character, three times faster.
    """
    source = unicodedata.normalize('NFC', source).translate(_IGNORED)
    if word_start:
        source = rf'(?<![\w{_DEV}])(?:{source})'
    return re.compile(source, flags)


def _keys(*stems: str) -> re.Pattern:
    """Words one of which the lower-cased text must hold for the rule's pattern to be tried at all: a plain
    alternation of literals, which the regex engine scans for in C."""
    return re.compile('|'.join(re.escape(unicodedata.normalize('NFC', stem).translate(_IGNORED).lower())
                               for stem in stems))


def _words(*alternatives: str) -> str:
    return '(?:' + '|'.join(alternatives) + ')'


# --- the text a rule reads -------------------------------------------------------------------------------------

#: the disclaimer GeM prints into every bid, listing the prohibited clauses: its list is not the buyer's clause.
#: Found by its words "null and void"; it begins at "If any clause(s) …" when that is just before them.
_DISCLAIMER_WORDS = 'null and void'
_DISCLAIMER_START = re.compile(r'If\s+any\s+clause\(s\)[^:]{0,160}$', re.IGNORECASE)
#: what tells GeM's list from a buyer's own "… shall be treated as null and void"
_DISCLAIMER_LIST = re.compile(r'Definition\s+of\s+Class|Mentioning\s+specific\s+Brand', re.IGNORECASE)
_DISCLAIMER_END = re.compile(r'Further,?\s+if\s+any\s+seller|Representation\s+window|This\s+Bid\s+is\s+also\s+governed',
                             re.IGNORECASE)
#: the list is about 2,800 characters long; where its end is not found, this much is cut
_DISCLAIMER_LENGTH = 3500


def _strip_disclaimer(text: str) -> str:
    """The text without GeM's list of prohibited clauses (a buyer's own "… treated as null and void" stays)."""
    position = 0
    while (found := text.lower().find(_DISCLAIMER_WORDS, position)) != -1:
        words_end = found + len(_DISCLAIMER_WORDS)
        if _DISCLAIMER_LIST.search(text, words_end, words_end + 600) is None:
            position = words_end
            continue
        opening = _DISCLAIMER_START.search(text, max(found - 200, 0), found)
        start = opening.start() if opening else found
        end = _DISCLAIMER_END.search(text, words_end, words_end + _DISCLAIMER_LENGTH)
        text = text[:start] + ' ' + text[end.start() if end else words_end + _DISCLAIMER_LENGTH:]
        position = start
    return text


@lru_cache(maxsize=64)
def _clean(*texts: str | None) -> tuple[tuple[str, ...], str]:
    """The bid's texts that have words, each once, in NFC without nukta and joiners and without GeM's disclaimer;
    and all of them lower-cased, for ``_keys``.

    Cached, so the seven rules of this module prepare one bid's text once.
    """
    cleaned = []
    for text in texts:
        if not text or text.isspace():
            continue
        text = unicodedata.normalize('NFC', text)
        if _IGNORED_CHARACTERS.search(text):
            text = text.translate(_IGNORED)
        text = _strip_disclaimer(text)
        if text not in cleaned:
            cleaned.append(text)
    return tuple(cleaned), '\n'.join(cleaned).lower()


def _texts(bid: BidFacts) -> tuple[tuple[str, ...], str]:
    return _clean(bid.atc_text, bid.description, bid.title)


def _before(text: str, match: re.Match, width: int = WINDOW) -> str:
    return text[max(match.start() - width, 0):match.start()]


def _after(text: str, match: re.Match, width: int = WINDOW) -> str:
    return text[match.end():match.end() + width]


def _near(pattern: re.Pattern, text: str, match: re.Match, width: int = WINDOW) -> bool:
    return pattern.search(text, max(match.start() - width, 0), match.end() + width) is not None


def _squash(text: str) -> str:
    return ' '.join(text.split())


def _word(match: re.Match) -> str:
    word = _squash(match.group()).strip(' .,;:-–')
    return word if len(word) <= 80 else word[:79].rstrip() + '…'


def _passage(text: str, match: re.Match) -> str:
    """About ``PASSAGE`` characters of the text around the match, cut at spaces, with … where it is cut."""
    start, end = match.start(), min(match.end(), match.start() + PASSAGE)
    room = PASSAGE - (end - start)
    left = max(start - room // 2, 0)
    right = min(end + room - (start - left), len(text))
    left = max(min(left, start - (room - (right - end))), 0)
    if left > 0:
        space = text.find(' ', left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(' ', end, right)
        right = space if space != -1 else right
    passage = _squash(text[left:right])
    return ('…' if left > 0 else '') + passage + ('…' if right < len(text) else '')


def _scan(bid: BidFacts, pattern: re.Pattern, accept=None, keys: re.Pattern | None = None) -> Hit | None:
    """A finding with the words ``pattern`` matches in the bid's texts (those ``accept(match, text)`` keeps); none
    when the texts hold none of the ``keys``."""
    if bid.source not in NV_SOURCES or not (bid.atc_text or bid.description or bid.title):
        return None
    texts, lowered = _texts(bid)
    if not texts or (keys is not None and keys.search(lowered) is None):
        return None
    words, passages, seen = [], [], set()
    for text in texts:
        for match in pattern.finditer(text):
            if accept is not None and not accept(match, text):
                continue
            word = _word(match)
            if word.casefold() not in seen and len(words) < MAX_MATCHES:
                seen.add(word.casefold())
                words.append(word)
            passage = _passage(text, match)
            if passage not in passages and len(passages) < MAX_MATCHES:
                passages.append(passage)
            if len(words) >= MAX_MATCHES and len(passages) >= MAX_MATCHES:
                break
    if not words:
        return None
    return Hit(params={'matches_list': words}, matches=passages)


# --- GEM-NV-05: brand, make, model, manufacturer or dealer ------------------------------------------------------

#: brands often named in Indian government buying; matched case-sensitively as written or in capitals, whole words.
#: Left out on purpose: names that are also common words or abbreviations in bids (Xerox — a photocopy; Apple;
#: Sharp; Carrier; Anchor; Brother; HCL; ITC; ACC; APC).
BRANDS = (
    'Dell', 'Lenovo', 'Acer', 'Asus', 'Canon', 'Epson', 'Kyocera', 'Ricoh', 'Konica', 'Intel', 'Samsung', 'LG',
    'Sony', 'Panasonic', 'Philips', 'Godrej', 'Havells', 'Syska', 'Wipro', 'Bajaj', 'Crompton', 'Usha',
    'Orient Electric', 'Polycab', 'Finolex', 'Legrand', 'Schneider', 'Siemens', 'ABB', 'Voltas', 'Blue Star',
    'Daikin', 'Hitachi', 'Whirlpool', 'Kent', 'Aquaguard', 'Eureka Forbes', 'Livpure', 'Cisco', 'Microsoft',
    'D-Link', 'TP-Link', 'Netgear', 'Logitech', 'Zebronics', 'Quick Heal', 'Tata', 'Mahindra', 'Maruti',
    'Ashok Leyland', 'Kirloskar', 'Luminous', 'Exide', 'Amaron', 'Microtek', 'V-Guard', 'Nilkamal', 'Featherlite',
    'Asian Paints', 'Berger', 'Jaquar', 'Hindware', 'Racold', 'JSW', 'Jindal', 'Amul',
)
#: brands written in Devanagari (not एचपी — also horsepower — nor names that are also people's: उषा, बजाज, टाटा)
BRANDS_HI = ('गोदरेज', 'हैवेल्स', 'हेवल्स', 'फिलिप्स', 'सैमसंग', 'लेनोवो', 'एप्सन', 'एप्सॉन', 'कैनन', 'वोल्टास',
             'ब्लू स्टार', 'किर्लोस्कर', 'क्रॉम्पटन', 'केंट', 'माइक्रोसॉफ्ट', 'सिस्को')


def _brand_source(name: str, space: str = r'\s+') -> str:
    """``Blue Star`` as ``Blue\\s+Star|BLUE\\s+STAR``."""
    return '|'.join(space.join(re.escape(part) for part in form.split()) for form in sorted({name, name.upper()}))


_BRANDS = '|'.join(_brand_source(name) for name in BRANDS)
_BRANDS_HI = '|'.join(_brand_source(name, r'\s*') for name in BRANDS_HI)


#: words after "Make:" that are not a name ("Make: any reputed", "Model: as per GeM specification")
_NOT_A_NAME = _words(
    'any', 'nil', 'none', r'n\.?\s?/?a', r'not\s+applicable', r'as\s+per', r'to\s+be', 'bidder', 'seller', 'offered',
    'quoted', 'proposed', 'reputed', 'standard', 'generic', 'equivalent', 'isi', 'bis', 'indian', 'local', 'should',
    'shall', 'must', 'will', 'may', 'please', 'mention', 'specify', 'in', 'of', 'the', 'and', 'or', 'oem',
    'manufacturer', 'original', 'genuine', 'branded', 'good', 'best', 'latest', 'new', 'approved', 'suitable',
    'same', 'other', 'required', 'yes', 'no', 'not', 'wise', r'authori[sz]ed', 'own', 'mentioned', 'tba')
#: words before "make" / "brand" that are not a name ("Reputed make", "ISI Brand", "Preference to Make in India")
_NOT_BEFORE = _words(
    'the', 'a', 'an', 'any', 'same', 'such', 'each', 'every', 'which', 'whose', 'this', 'that', 'its', 'their',
    'your', 'our', 'of', 'in', 'and', 'or', 'with', 'for', 'to', 'by', 'good', 'best', 'quality', 'branded',
    'standard', 'reputed', 'renowned', 'popular', 'approved', 'known', 'original', 'local', 'domestic', 'foreign',
    'imported', 'indian', 'isi', 'bis', 'oem', 'genuine', 'leading', 'similar', 'other', 'different', 'specific',
    'particular', 'proprietary', 'offered', 'quoted', 'preferred', 'major', 'top', 'premium', 'national',
    'international', 'global', 'superior', 'make', 'brand', 'model', 'product', 'item', 'no', 'not', 'please',
    'kindly', 'should', 'must', 'will', 'shall', 'bidder', 'seller', 'buyer', 'new', 'latest', 'own', 'first',
    'single', 'one', 'multiple', 'mention', 'specify', 'state', 'indicate', 'mentioning', 'specific', 'name',
    'reputable', 'established', 'govt', 'government', 'can', 'could', 'would', 'might', 'may', 'also', 'then',
    'we', 'they', 'he', 'she', 'it', 'i', 'you', 'who', 'all', 'both', 'either', 'following', 'above', 'said',
    'required', 'desired', 'firm', 'vendor', 'supplier', 'contractor', 'agency', 'company', 'department',
    'office', 'bidders', 'sellers', 'buyers', 'firms', 'suppliers', 'to', 'do', 'does', 'did', 'is', 'are')

BRAND = _compile(
    # "Make: HP", "Brand - Godrej", "Make & Model: Canon LBP2900"
    r'(?P<value>\b(?:make|brand|model|manufacturer|dealer)'
    r'(?:\s*(?:name|no\b\.?|number)|\s*(?:/|&|and)\s*model(?:\s*no\b\.?)?)?\s*[:=–—-]\s*'
    rf'(?!{_NOT_A_NAME}\b)[A-Za-z0-9][\w&+/-]*(?:\s(?-i:[A-Z])[\w&+-]*)?)'
    # "of make Godrej", "of brand Havells"
    rf'|(?P<of_make>\bof\s+(?:make|brand)\s+(?!{_NOT_A_NAME}\b)(?-i:[A-Z])[\w&+-]*)'
    # "Godrej make", "HP brand", "GODREJ MAKE ONLY" (not "Preference to Make in India", nor "Printer Make: HP",
    # where the name follows)
    rf'|(?P<name_make>\b(?=(?-i:[A-Z]))(?!{_NOT_BEFORE}\b)[\w&+-]+\s+(?:make|brand)\b(?!\s*-?\s*in\b)'
    r'(?!\s*(?:name|no\b|number)?\s*[:=–—-]))'
    # "HP", but not horsepower ("5 HP motor", "7.5HP", "HP rating", "(HP)") nor Himachal Pradesh ("HP Govt")
    r'|(?P<hp>(?-i:(?<![\w&.-])(?<![\d./]\s)(?<![\d./]\s\s)HP(?![\w&-])'
    r'(?!\s*(?:motor|pump|engine|rating|capacity|power|\)|govt|government|state))))'
    rf'|(?P<brand>(?-i:(?<![\w&-])(?:{_BRANDS})(?![\w&-])))'
    # "brand name", "name of the manufacturer", "manufactured by M/s Kirloskar", "Model No. LBP2900"
    r'|(?P<keyword>\bbrand(?:ed)?\s+names?\b|\bname\s+of\s+(?:the\s+)?(?:manufacturer|brand|dealer)s?\b'
    r"|\bmanufacturer'?s?\s+name\b|\bdealer'?s?\s+name\b|\bsole\s+(?:dealer|distributor|selling\s+agent)\b"
    rf'|\bauthori[sz]ed\s+(?:dealer|distributor)\s+of\s+(?!{_NOT_A_NAME}\b)(?-i:[A-Z])[\w&-]*'
    rf'|\bmanufactured\s+by\s+(?:m/s\.?\s*)?(?!{_NOT_A_NAME}\b)(?-i:[A-Z])[\w&-]*'
    r'|\bmodel\s*(?:no\b\.?|number|#)\s*[:.-]?\s*(?=[\w/-]*\d)[A-Z0-9][\w/-]*)'
    # ब्रांड, मेक (not मेक इन इंडिया), मॉडल नं., निर्माता का नाम, डीलर
    rf'|(?P<hindi>{HS}(?:ब्रा(?:ं|ण्|न्)ड|मेक(?!\s*इन{HE})|म(?:ॉ|ो|ा)डल\s*(?:नं|नम्बर|नंबर|संख्या)'
    rf'|निर्माता\s*(?:(?:का|की|के)\s*)?(?:कम्पनी|कंपनी|नाम)|डीलर){HE})'
    rf'|(?P<brand_hi>{HS}(?:{_BRANDS_HI}){HE})')

BRAND_KEYS = _keys('make', 'brand', 'model', 'manufactur', 'dealer', 'distributor', 'hp', *BRANDS,
                   'ब्रा', 'मेक', 'मॉडल', 'मोडल', 'माडल', 'निर्माता', 'डीलर', *BRANDS_HI)
#: a name given as an example of what is wanted, not as the only thing accepted
_OR_EQUIVALENT = _compile(r'\bor\s+(?:its\s+)?(?:equivalent|equal|similar|better|higher)|\bequivalent\b'
                          r'|समकक्ष|समतुल्य|या\s*(?:उससे\s*)?बेहतर')
#: "Shri Rahul Bajaj", "Smt. Usha Devi": a person, not a brand
_PERSON = _compile(r'(?:\bsmt|\bshri|\bsri|\bmr|\bmrs|\bms|\bdr|\bkumari|\bkm|श्रीमती|श्री|सुश्री|कुमारी)\.?\s*'
                   r'(?:[A-Za-z.]+\s+)?$')
#: "Tata Memorial Hospital", "Bajaj Nagar": a place or an institution named after a family, not a brand
_PLACE = re.compile(r'\s*(?:Memorial|Institute|Trust|Hospital|Foundation|Nagar|Marg|Road|Colony|Puram)\b',
                    re.IGNORECASE)
#: consumables, spares and upkeep of equipment the office already has: "toner compatible with HP LaserJet", "AMC of
#: Voltas air conditioners" name the equipment, not the brand to be bought
_FOR_EQUIPMENT = _compile(r'\b(?:compatib\w*\s+(?:with|to|for)|suitable\s+for|for\s+use\s+(?:with|in)|spares?\s+'
                          r'(?:parts?\s+)?(?:for|of)|refill\w*\s+(?:for|of)|(?:cartridges?|toners?|consumables?)\s+'
                          r'(?:for|of)|amc\s+(?:for|of)|cmc\s+(?:for|of)|repair\w*\s+(?:for|of)|servic\w*\s+(?:for|of)'
                          r'|maintenance\s+(?:for|of)|upgrad\w*\s+(?:for|of)|existing)\s+(?:\S+\s+){0,3}$'
                          r'|(?:के\s*लिए|हेतु|अनुरक्षण|मरम्मत)\s+$')
#: "Brand name of the offered product to be mentioned": the bidder states its brand; "any brand"
_STATED_BY_BIDDER = _compile(r'\boffered\b|\bquoted\b|\bpropos|\bmention|\bspecif|\bindicat|\bfurnish|\bdeclar'
                             r'|\bupload|\bany\s+(?:brand|make)|\bnot\s+(?:be\s+)?(?:allowed|permitted|mentioned)'
                             r'|\bshould\s+not|\bmust\s+not|\bshall\s+not|\bprohibit'
                             r'|प्रस्तावित|ऑफर|अंकित|उल्लेख|किसी\s*भी|बताएं|बतायें')


def _brand_named(match: re.Match, text: str) -> bool:
    kind = match.lastgroup
    if _OR_EQUIVALENT.search(text, match.end(), match.end() + 60) \
            or _OR_EQUIVALENT.search(text, max(match.start() - 30, 0), match.start()):
        return False
    if kind == 'brand' and (_PERSON.search(_before(text, match, 24)) or _PLACE.match(text, match.end())):
        return False
    if kind in ('brand', 'brand_hi', 'hp', 'name_make') and _FOR_EQUIPMENT.search(_before(text, match, 50)):
        return False
    if kind in ('keyword', 'hindi') and _near(_STATED_BY_BIDDER, text, match, 60):
        return False
    return True


@rule('GEM-NV-05', Severity.deviation, _l('Brand, make or model named'),
      _l('The bid text names a brand, make or model: %(matches_list)s. GeM treats such a bid as null and void unless '
         'it is a proprietary (PAC) purchase.'),
      duty=8,
      hint=_l('Read the passages: does the bid accept only one brand, make, model, manufacturer or dealer? That is '
              'allowed only as a proprietary (PAC) purchase approved by the competent authority. A brand the bidder '
              'is only asked to state, or one given with “or equivalent”, is not a deviation.'),
      source=_l('GeM bid disclaimer, item 5 (GEM-NV-05): mentioning a specific brand, make, model, manufacturer or '
                'dealer name makes the bid and the resulting contract null and void. GFR 2017 Rules 144 and 173 '
                '(GFR-144-SPEC): specifications generic, not brand-named; a specific make only as a proprietary '
                'purchase, GFR Rule 166 (PAC); MII order of 16.09.2020 (MII-RESTRICT). GeM bid text, '
                'GEM/2025/B/6572913.'))
def brand_named(bid: BidFacts, settings: Settings):
    """What: the ATC, description or title of a GeM bid names a brand, make, model, manufacturer or dealer —
    "Make: HP", "of make Godrej", "Havells brand", "Model No. LBP2900", one of ``BRANDS``, ब्रांड, मेक, मॉडल नं.

    Why: a brand in the specification shuts out every other maker; GeM voids such a bid (GEM-NV-05), GFR 144
    wants generic specifications and the MII order calls brands a restrictive practice against local suppliers. A
    specific make is lawful only as a proprietary (PAC) purchase.

    Configuration: the brand list ``BRANDS`` / ``BRANDS_HI``. Not flagged: a name with "or equivalent" (समकक्ष);
    "HP" after a number (horsepower); a brand after "compatible with", "spares for", "AMC of" … (equipment the office
    already has, ``_FOR_EQUIPMENT``); a brand that is a person's or a place's name ("Smt. Usha Devi", "Tata Memorial
    Hospital"); "brand name" or "model no." where the bidder is asked to state its own; "Make in India", "Reputed
    make", "Make: any". GePNIC tenders are not judged.
    """
    return _scan(bid, BRAND, _brand_named, BRAND_KEYS)


# --- GEM-NV-06: documents in physical form ----------------------------------------------------------------------

PHYSICAL = _compile(
    r'(?P<copy>\bhard[\s-]*cop(?:y|ies)\b|\bphysical(?:ly)?\s+(?:cop(?:y|ies)|form|documents?|submission|bids?'
    r'|format|mode)\b|\bsealed\s+(?:envelopes?|covers?|bids?|tenders?|offers?)\b'
    r'|\b(?:submit\w*|deliver\w*|hand(?:ed)?\s+over|brought|bring)\s+(?:\w+\s+){0,5}?in\s+person\b'
    r'|\boffline\s+(?:bids?|submission|documents?|mode|tenders?|offers?)\b|\bsubmit\w*\s+(?:\w+\s+){0,3}?offline\b'
    rf'|{HS}(?:हार्ड\s*(?:कॉपी|कापी|प्रति)|भौतिक\s*(?:प्रति(?:याँ|यां|यों)?|रूप|स्वरूप)'
    rf'|(?:(?:मुहर|सील)\s*-?\s*)?ब(?:ं|न्)द\s*लिफाफ[ाेों]*|(?:ऑ|आ)फ\s*-?\s*लाइन){HE})'
    # "by post", "through courier", "by hand", डाक द्वारा: only about documents or the bid
    r'|(?P<post>\b(?:by|through|via)\s+(?:registered\s+|regd\.?\s+)?(?:speed\s+post|post|courier|hand)\b'
    rf'|{HS}(?:(?:स्पीड|रजिस्टर्ड|रजिस्ट्री)\s*(?:पोस्ट|डाक)|पंजीकृत\s*डाक|डाक\s*(?:द्वारा|से|के\s*माध्यम)'
    rf'|क(?:ो|ू)रियर|व्यक्तिगत\s*रूप\s*से|स्वयं\s*उपस्थित){HE})'
    # originals to be shown or handed in (not scans of them uploaded)
    r'|(?P<original>\boriginals?\s+(?:documents?|certificates?)\b|\bin\s+original\b'
    rf'|{HS}मूल\s*(?:अभिलेख|दस्तावेज|प्रमाण\s*-?\s*पत्र))')
#: what "original documents" must be wanted for
_PRODUCED = _compile(r'\bverif|\bproduc|\bsubmi|\bbring|\bpresent|\bshow|\binspect|\bphysical|\bsend'
                     r'|सत्यापन|प्रस्तुत|जमा|दिखा|लाएं|लायें|भेज')
_UPLOADED = _compile(r'\bupload|\bscan|\bonline|\bself[-\s]*attested|अपलोड|स्कैन|ऑनलाइन')
PHYSICAL_KEYS = _keys('hard', 'physical', 'sealed', 'person', 'offline', 'post', 'courier', 'hand', 'original',
                      'हार्ड', 'भौतिक', 'लिफाफ', 'लाइन', 'पोस्ट', 'डाक', 'रियर', 'व्यक्तिगत', 'उपस्थित', 'मूल')
_DOCUMENTS = _compile(r'\bdocument|\bcertificate|\bbids?\b|\boffers?\b|\btender|\bcop(?:y|ies)\b|\benvelope|\bemd\b'
                      r'|\bdemand\s+draft|\baffidavit|\bundertaking|\bproposal|\bverification'
                      r'|दस्तावेज|अभिलेख|प्रपत्र|निविदा|बिड|प्रति|प्रमाण|लिफाफ|प्रस्ताव|आवेदन|सत्यापन')
#: after the award the seller may well send papers: invoices, bills, manuals
_AFTER_AWARD = _compile(r'\binvoice|\bbills?\b|\bafter\s+(?:the\s+)?(?:award|placement|issue|receipt|supply|delivery'
                        r'|installation|signing)|\bsuccessful\s+bidder|\bdelivery\s+challan|\bwarranty\s+(?:card|certificate)'
                        r'|\bsupply\s+order|\bmanuals?\b|\bbrochure|\bwith\s+(?:the\s+)?(?:equipment|supply|goods'
                        r'|material)'
                        r'|बीजक|इनवॉइस|(?<![\u0900-\u097F])बिल(?![\u0900-\u097F])|आपूर्ति\s*(?:के\s*)?(?:बाद|पश्चात)'
                        r'|अनुबंध\s*के\s*(?:बाद|पश्चात)|सफल\s*निविदा')


#: "hard copy not required", "no hard copy", "हार्ड कॉपी की आवश्यकता नहीं"
_NOT_ASKED_BEFORE = _compile(r'(?:\bno|\bnot|\bwithout|\bneed\s+not|न\s*तो|बिना)\s+(?:\S+\s+){0,2}$')
_NOT_ASKED_AFTER = _compile(r'^\s*(?:\S+\s+){0,3}?(?:not\s+(?:be\s+)?(?:required|needed|necessary|asked|sought'
                            r'|accepted|to\s+be)|need\s+not)\b|^\s*(?:\S+\s*){0,3}?(?:नहीं|नही)(?![\u0900-\u097F])')


def _physical(match: re.Match, text: str) -> bool:
    if _NOT_ASKED_BEFORE.search(_before(text, match, 30)) or _NOT_ASKED_AFTER.search(_after(text, match, 40)):
        return False
    if match.lastgroup == 'post' and not _near(_DOCUMENTS, text, match):
        return False
    if match.lastgroup == 'original' and (not _near(_PRODUCED, text, match) or _near(_UPLOADED, text, match)):
        return False
    return not _near(_AFTER_AWARD, text, match)


@rule('GEM-NV-06', Severity.deviation, _l('Physical documents required'),
      _l('The bid text asks for documents in physical form: %(matches_list)s. GeM treats a bid that makes physical '
         'documents a condition to qualify as null and void.'),
      duty=8,
      hint=_l('Check whether bidders must send or bring papers (hard copies, sealed envelopes, originals, by post '
              'or in person) to qualify. Papers sent by the selected seller after the award, such as invoices, are '
              'allowed.'),
      source=_l('GeM bid disclaimer, item 6 (GEM-NV-06): mandating submission of documents in physical form as a '
                'pre-requisite to qualify bidders makes the bid null and void. GeM bid text, GEM/2025/B/6572913.'))
def physical_documents(bid: BidFacts, settings: Settings):
    """What: the bid asks for hard copies, physical copies, sealed envelopes, offline submission, documents "by
    post / courier / hand" or "in person", or originals for verification (हार्ड कॉपी, भौतिक प्रति, मुहरबंद लिफाफा,
    डाक द्वारा …).

    Why: a bid on GeM is submitted online; papers to be delivered are a hurdle only some bidders (the local ones, the
    favoured one) clear, and GeM voids a bid that makes them a condition to qualify (GEM-NV-06).

    Configuration: none. "By post", "by hand" and originals count only with words about documents or the bid near
    them; passages about invoices, bills, manuals or anything after the award are not flagged. GePNIC tenders are not
    judged.
    """
    return _scan(bid, PHYSICAL, _physical, PHYSICAL_KEYS)


# --- GEM-NV-08: samples with the bid ----------------------------------------------------------------------------

SAMPLE = _compile(rf'\bsamples?\b|{HS}(?:नमून(?:ा|े|ों)|स(?:ै|े)(?:म्|ं)पल(?:्स)?){HE}')
SAMPLE_KEYS = _keys('sample', 'नमून', 'सैम्पल', 'सैंपल', 'सेम्पल', 'सेंपल')
_SAMPLE_WITH_BID = _compile(r'\bbids?\b|\bbidding|\btender|\boffer|\balong\s+with|\btechnical|\bevaluat|\bapprov'
                            r'|\bqualif|\bsubmi|\bbefore\s+(?:the\s+)?(?:opening|award|finali[sz]|placement)'
                            r'|\bdemonstrat|\bshortlist|\bdeposit|\beligib|\bscrutin'
                            r'|निविदा|बिड|साथ|प्रस्तुत|जमा|स्वीकृति|अनुमोदन|मूल्यांकन|तकनीकी|अर्हता|परीक्षण')
#: advance samples after the contract, pre-dispatch samples, laboratory specimens, "sample format", "no samples"
_SAMPLE_CLEARED = _compile(r'\badvance\s+samples?|\bafter\s+(?:the\s+)?(?:award|placement|issue|receipt|signing'
                           r'|acceptance)|\bpost[-\s]+(?:award|contract)|\bpre-?\s*dispatch|\brandom\s+sampl'
                           r'|\bsample\s+size|\bblood|\burine|\bstool|\bsputum|\bswab|\bspecimen|\bsoil|\bpathology'
                           r'|\bwater\s+samples?|\bsample\s+(?:format|form|copy|letter|proforma)|\bformat\b'
                           r'|\bproforma|\bperforma|\btemplate|\bno\s+samples?|\bsamples?\s+(?:is|are|will|shall)'
                           r'\s+not|\bnot\s+(?:be\s+)?(?:required|asked|sought|called|needed)'
                           r'|प्रारूप|फ(?:ॉ|ा)र्मेट|घोषणा|शपथ|संलग्न\s*नमून|निर्धारित\s*नमून|नमूना\s*प्रपत्र'
                           r'|नमूने\s*पर|रक्त|मूत्र|मिट्टी|(?:जल|पानी)\s*(?:के\s*)?नमून|आवश्यकता\s*नहीं'
                           r'|(?:आपूर्ति\s*आदेश|अनुबंध)\s*के\s*(?:बाद|पश्चात)')


def _sample(match: re.Match, text: str) -> bool:
    return _near(_SAMPLE_WITH_BID, text, match) and not _near(_SAMPLE_CLEARED, text, match)


@rule('GEM-NV-08', Severity.deviation, _l('Samples sought with the bid'),
      _l('The bid text seeks samples with the bid or their approval during evaluation: %(matches_list)s. GeM treats '
         'such a bid as null and void (trials are allowed only in attached categories, under the nodal ministry’s '
         'procurement policy).'),
      duty=8,
      hint=_l('Check whether bidders must give samples before or during evaluation. An advance sample from the '
              'selected seller after the contract, or a trial allowed for an attached category, is not a '
              'deviation.'),
      source=_l('GeM bid disclaimer, item 8 (GEM-NV-08): seeking samples with the bid, or approval of samples during '
                'bid evaluation, makes the bid null and void; in bids for attached categories trials are allowed as '
                'per the approved procurement policy of the nodal ministry. UP Government order of 26.11.2024 '
                '(UP-GO-2024): unnecessary sample requests prohibited. GeM bid text, GEM/2025/B/6572913.'))
def samples_with_bid(bid: BidFacts, settings: Settings):
    """What: "sample(s)" (नमूना, नमूने, सैंपल) near words about the bid, its submission, evaluation or approval.

    Why: samples before the award let the buyer reject bidders on taste and delay the bid; GeM voids a bid that
    seeks them (GEM-NV-08), and the UP order of 26.11.2024 forbids unnecessary sample requests.

    Configuration: none. Not flagged: advance or pre-dispatch samples after the contract, laboratory specimens
    (blood, water, soil), a "sample format" (नमूना = a form's specimen in Hindi), "no sample required". GePNIC tenders
    are not judged.
    """
    return _scan(bid, SAMPLE, _sample, SAMPLE_KEYS)


# --- GEM-NV-09: foreign certification ---------------------------------------------------------------------------

FOREIGN_CERTIFICATION = _compile(
    # CE / UL / ETL marks, with a word that makes them a certification or next to another foreign mark
    r'(?P<mark>(?-i:\b(?:CE|c?UL|ETL)\b)\s*-?\s*(?:mark\w*|certif\w*|approv\w*|complian\w*|conform\w*|listed'
    r'|standards?|labell?ed|\d)'
    r'|(?-i:(?:(?<=/)|(?<=/\s)|(?<=&\s))(?:CE|c?UL|ETL)\b)'
    r'|(?-i:\b(?:CE|c?UL|ETL)(?=\s*[/,&]\s*(?:CE|c?UL|ETL|US\s*FDA|USFDA|FDA|ISO|RoHS|TUV|TÜV)\b)))'
    r'|(?P<fda>\bU\.?\s?S\.?\s*-?\s*FDA\b|\bFDA\b(?:\s*(?:approv\w*|certif\w*|regist\w*|cleared))?)'
    r'|(?P<standard>\bASTM\b(?:\s*[A-Z]?\s*\d+)?|(?-i:\bDIN\s*(?:EN\s*)?(?:ISO\s*)?\d{2,5})'
    r'|(?-i:\bBS\s*(?:EN\s*)?(?:ISO\s*)?\d{3,5})|(?-i:\bBS\s*EN\b)|(?-i:\bEN\s*-?\s*\d{2,5}(?:[-:]\d+)*)'
    r'|(?-i:\b(?:ANSI|NSF|JIS|NIOSH|NEMA|TUV|TÜV|UKCA|FCC)\b)|\bMIL[-\s]?STD\b|\bAS\s*/\s*NZS\b'
    r'|\b(?:international(?:ly)?|foreign|overseas|european|american|british)\s+(?:recogni[sz]ed\s+)?'
    r'(?:certif\w*|standards?|approv\w*|accredit\w*|norms?)\b'
    rf'|{HS}(?:अ(?:ं|न्)तर्?राष्ट्रीय|विदेशी)\s*(?:स्तर\s*(?:के|का|की)\s*)?(?:प्रमाण|मानक|मान्यता|सर्टिफिके)'
    rf'[{_DEV}]*'
    rf'|{HS}(?:सीई|यूएल|यूएसएफडीए|यू\.?\s*एस\.?\s*एफ\.?\s*डी\.?\s*ए|एएसटीएम){HE})')
#: an Indian standard named near it: "IS 1554", "IS:2062", "IS/IEC", BIS, ISI, "Indian standard", भारतीय मानक
INDIAN_STANDARD = _compile(
    r'(?-i:\bIS\s*[:./-]?\s*\d{2,5})|(?-i:\bIS\s*/\s*(?:IEC|ISO))|\bBIS\b|\bISI\b|\bBureau\s+of\s+Indian'
    r'|\bIndian\s+(?:standards?|equivalent|certif\w*)|\bQCO\b|\bNABL\b'
    r'|भारतीय\s*मानक|बीआईएस|बी\.\s*आई\.\s*एस|आईएसआई|आई\.\s*एस\.\s*आई')
#: what the lower-cased text must hold for FOREIGN_CERTIFICATION to be tried (a superset of its words)
FOREIGN_KEYS = re.compile(r'\b(?:ce|c?ul|etl|fda|usfda|astm|din|bs|en|ansi|nsf|jis|niosh|nema|tuv|tüv|ukca|fcc|mil)\b'
                          r'|international|foreign|overseas|european|american|british|अंतर|अन्तर|विदेशी|सीई|यूएल|'
                          r'यूएस|एएसटीएम|u\.\s?s')
#: a state drug licence is written "FDA" too
_STATE_FDA = _compile(r'\bstate\b|\blicen[cs]e|\bfssai|\bfood\s+safety|\bdrug\s+licen|\bu\.?p\.?\b|उत्तर\s*प्रदेश')
#: how far from the foreign mark an Indian standard may be named, in characters
INDIAN_STANDARD_WINDOW = 120


def _foreign(match: re.Match, text: str) -> bool:
    if match.lastgroup == 'fda' and match.group()[:1].lower() == 'f' and _near(_STATE_FDA, text, match, 40):
        return False
    return not _near(INDIAN_STANDARD, text, match, INDIAN_STANDARD_WINDOW)


@rule('GEM-NV-09', Severity.deviation, _l('Foreign certification without Indian standard'),
      _l('The bid text asks for a foreign or international certification without naming the Indian standard: '
         '%(matches_list)s. Where an Indian standard exists, GeM treats such a bid as null and void.'),
      duty=8,
      hint=_l('Check whether an Indian standard (BIS / IS) exists for the item and whether the bid accepts it as '
              'equal. A foreign certification alone needs the approval of the Secretary of the department.'),
      source=_l('GeM bid disclaimer, item 9 (GEM-NV-09): mandating foreign or international certifications even '
                'where Indian standards exist, without specifying the equivalent Indian certification or standard, '
                'makes the bid null and void. MII order of 16.09.2020 (MII-RESTRICT): foreign certification only with '
                'the approval of the Secretary of the department. GeM bid text, GEM/2025/B/6572913.'))
def foreign_certification(bid: BidFacts, settings: Settings):
    """What: CE, UL, ETL marks, (US) FDA, ASTM, DIN, BS / BS EN, EN 1234, ANSI, NIOSH, MIL-STD …, or "international
    / foreign certification or standard" (अंतरराष्ट्रीय / विदेशी प्रमाणन, मानक), with no Indian standard (IS 1234,
    IS:1234, BIS, ISI, NABL, "Indian standard", भारतीय मानक) named within ``INDIAN_STANDARD_WINDOW`` characters.

    Why: a foreign certification where an Indian standard exists shuts out local makers; GeM voids such a bid
    (GEM-NV-09) and the MII order calls it a restrictive practice (MII-RESTRICT).

    Configuration: ``INDIAN_STANDARD_WINDOW``. CE and UL count only as marks ("CE certified", "UL listed", "CE/UL"),
    not alone (CE is also the Chief Engineer); "FDA" next to a licence or a state is the state drug authority. ISO
    and IEC are not flagged (India adopts them as IS/ISO, IS/IEC). GePNIC tenders are not judged.
    """
    return _scan(bid, FOREIGN_CERTIFICATION, _foreign, FOREIGN_KEYS)


# --- GEM-NV-10: experience from one organisation, or from abroad ------------------------------------------------

#: a character of the same sentence: a full stop ends it unless a word follows at once ("Govt./PSU")
_IN_SENTENCE = r'(?:[^.;।\n]|\.(?=\S))'
EXPERIENCE = _compile(
    r'(?P<abroad>\b(?:export|foreign|overseas|international)\s+(?:supply\s+|work\s+|project\s+)?experience\b'
    r'|\bexperience\s+(?:\w+\s+){0,3}?(?:abroad|outside\s+india|in\s+(?:a\s+)?foreign\s+countr\w*|overseas)\b'
    rf'|{HS}(?:निर्यात|विदेशी|विदेश\s*(?:में|से)|अ(?:ं|न्)तर्?राष्ट्रीय)\s*(?:(?:का|के|की)\s*)?'
    r'(?:(?:कार्य|आपूर्ति)\s*(?:का\s*)?)?अनुभव)'
    rf'|(?P<only>\bexperience\b{_IN_SENTENCE}{{0,80}}?\b(?:only|solely|exclusively)\b'
    rf'|\b(?:only|solely|exclusively)\b{_IN_SENTENCE}{{0,80}}?\bexperience\b'
    rf'|{HS}(?:केवल|मात्र){HE}{_IN_SENTENCE}{{0,80}}?अनुभव|अनुभव{_IN_SENTENCE}{{0,80}}?{HS}(?:केवल|मात्र|ही){HE})')
EXPERIENCE_KEYS = _keys('experience', 'अनुभव')
#: the organisations a buyer restricts experience to
ORGANISATION = _compile(
    r'\b(?:(?:indian\s+)?railways?|rdso|c?pwd|mes|army|navy|air\s*force|defen[cs]e|para-?\s*military|capf|crpf|bsf'
    r'|cisf|itbp|police|central\s+(?:govt\.?|government)|state\s+(?:govt\.?|government)|(?:govt\.?|government)\s+'
    r'(?:departments?|organi[sz]ations?|hospitals?|offices?|sector|institut\w*)|psus?|public\s+sector|ministr(?:y|ies)'
    r'|departments?|organi[sz]ations?|institut(?:e|ion)s?|universit(?:y|ies)|aiims|iits?|isro|drdo|bhel|ntpc|ongc'
    r'|gail|iocl|nhai|uppcl|jal\s+nigam|nagar\s+nigam|this\s+office|same\s+(?:department|office|organi[sz]ation))\b'
    r'|विभाग|रेलवे|लोक\s*निर्माण|सेना|सैन्य|पुलिस|केन्द्र|केंद्र|राज्य\s*सरकार|सरकारी|शासकीय|संस्था|निगम|मंत्रालय'
    r'|कार्यालय|विश्वविद्यालय|प्राधिकरण|उपक्रम')
#: "experience with government or private organisations", GeM's own "Central / State Govt Organization / PSU /
#: Public Listed Company": no restriction
_ANY_ORGANISATION = _compile(r'\bprivate\b|\bor\s+(?:any\s+)?other\b|\bany\s+(?:govt|government|organi|department'
                             r'|client)|\blisted\s+compan|\bclients?\b|\buser\s+department|\bconcerned\s+'
                             r'(?:department|organi)|निजी|अथवा\s*अन्य|या\s*अन्य|किसी\s*भी')
_SENTENCE_REST = re.compile(_IN_SENTENCE + '{0,120}')
#: the end of the sentence before: a full stop followed by a space, a semicolon, a danda, a line break
_SENTENCE_END = re.compile(r'(?:\.(?!\S)|[;।\n])')


def _sentence_before(text: str, match: re.Match) -> str:
    """Up to 120 characters of the match's sentence before it."""
    before = _before(text, match, 120)
    ends = [end.end() for end in _SENTENCE_END.finditer(before)]
    return before[ends[-1]:] if ends else before


def _experience(match: re.Match, text: str) -> bool:
    if match.lastgroup == 'abroad':
        return True
    # the organisation may be on either side: "only bidders having experience with CPWD", "Bidders with CPWD
    # experience only", "रेलवे विभाग का अनुभव ही मान्य होगा"
    sentence = _sentence_before(text, match) + match.group() + _SENTENCE_REST.match(text, match.end()).group()
    return ORGANISATION.search(sentence) is not None and _ANY_ORGANISATION.search(sentence) is None


@rule('GEM-NV-10', Severity.deviation, _l('Experience from one organisation or from abroad'),
      _l('The bid text accepts experience only from a named organisation, or asks for foreign or export experience: '
         '%(matches_list)s. GeM treats such a bid as null and void.'),
      duty=8,
      hint=_l('Check whether the experience criterion shuts out bidders who have done similar work for other '
              'buyers, or only in India.'),
      source=_l('GeM bid disclaimer, item 10 (GEM-NV-10): seeking experience from a specific organisation, department '
                'or institute only, or foreign or export experience, makes the bid null and void. GeM bid text, '
                'GEM/2025/B/6572913.'))
def restricted_experience(bid: BidFacts, settings: Settings):
    """What: "export / foreign / overseas experience", "experience abroad" (निर्यात / विदेशी अनुभव), or "experience
    … only" / "only … experience" (केवल … अनुभव, अनुभव … ही) in a sentence that names an organisation, before or after
    (Railways, PWD, Army, central government, PSU, a department, विभाग, सरकारी …, ``ORGANISATION``).

    Why: experience accepted from one buyer alone, or from abroad, keeps out firms that have done the same work
    elsewhere and favours the incumbent; GeM voids such a bid (GEM-NV-10).

    Configuration: the organisations in ``ORGANISATION``. Not flagged: a sentence that also admits private or "any
    other" organisations. GePNIC tenders are not judged.
    """
    return _scan(bid, EXPERIENCE, _experience, EXPERIENCE_KEYS)


# --- GEM-NV-13: conditions on an external site or in outside documents ------------------------------------------

EXTERNAL = _compile(
    r'(?P<url>\b(?:https?://|www\.)[^\s<>"\'()\[\]{}]{2,200})'
    r'|(?P<site>\b(?:available|published|uploaded|hosted|placed|downloaded|download|obtain\w*|refer\w*|visit'
    r'|details|conditions?|terms)\b[^.;।\n]{0,60}?\b(?:web\s*-?\s*sites?'
    r'|web\s*-?\s*portals?|portal|hyper\s*-?\s*links?|links?|urls?|notice\s*-?\s*boards?)\b'
    r'|\b(?:available|obtained|seen|inspected|collected|downloaded)\s+(?:\w+\s+){0,3}?(?:in|at|from)\s+(?:the\s+)?'
    r'(?:office|notice\s+board)\b|\bexternal\s+(?:documents?|sites?|websites?|links?|sources?)\b'
    rf'|{HS}(?:वेबसाइट|वेब\s*साइट|पोर्टल|लिंक|नोटिस\s*बोर्ड|सूचना\s*पट्ट)'
    rf'|{HS}कार्यालय\s*(?:से|में)\s*(?:प्राप्त|देख|उपलब्ध|अवलोकन))')
EXTERNAL_KEYS = _keys('http', 'www.', 'site', 'portal', 'link', 'url', 'board', 'office', 'external',
                      'वेब', 'पोर्टल', 'लिंक', 'बोर्ड', 'पट्ट', 'कार्यालय')
_SITE_WORDS = _compile(r'उपलब्ध|देख|डाउनलोड|अपलोड|प्रकाशित|संदर्भ|सन्दर्भ|शर्त|विवरण|अवलोकन|प्राप्त')
#: GeM itself is no external site; nor the Udyam portal named in GeM's own MSE clause
_GEM_ITSELF = _compile(r'\bgem\b|gem\.gov\.in|e-?\s*marketplace|\budyam|जेम|उद्यम|\bclick\s+here|buyer\s+uploaded')
_URL_HOST = re.compile(r'^(?:https?://)?([^/:?#]+)', re.IGNORECASE)


def _external(match: re.Match, text: str) -> bool:
    if match.lastgroup == 'url':
        host = _URL_HOST.match(match.group()).group(1).lower().rstrip('.,;:')
        return not (host == 'gem.gov.in' or host.endswith('.gem.gov.in'))
    if match.group()[:1] >= '\u0900' and not _near(_SITE_WORDS, text, match, 60):
        return False
    return not _near(_GEM_ITSELF, text, match, 40)


@rule('GEM-NV-13', Severity.deviation, _l('Conditions on an external site or document'),
      _l('The bid text refers to conditions on an external website or in an outside document: %(matches_list)s. '
         'GeM treats such a bid as null and void.'),
      duty=8,
      hint=_l('Open the reference: are conditions, specifications or forms that bind the bidder kept outside the GeM '
              'bid (a department website, a notice board, a document at the office)? Every condition must be in '
              'the bid itself.'),
      source=_l('GeM bid disclaimer, item 13 (GEM-NV-13): reference to conditions published on any external site, or '
                'to external documents or clauses, makes the bid null and void. GeM bid text, GEM/2025/B/6572913.'))
def external_conditions(bid: BidFacts, settings: Settings):
    """What: a web address (``http(s)://``, ``www.``) other than GeM's own, or words sending the bidder elsewhere —
    "available on the website", "refer the notice board", "can be seen in the office", "external documents",
    वेबसाइट / पोर्टल पर उपलब्ध, कार्यालय में देखें.

    Why: conditions outside the bid can be changed, hidden or read differently by different bidders; GeM voids a
    bid that relies on them (GEM-NV-13).

    Configuration: none. Not flagged: gem.gov.in addresses, GeM's portal, the Udyam portal of GeM's MSE clause, the
    buyer's ATC document attached on GeM ("Click here to view the file"). GePNIC tenders are not judged.
    """
    return _scan(bid, EXTERNAL, _external, EXTERNAL_KEYS)


# --- GEM-NV-14: tender fee --------------------------------------------------------------------------------------

FEE = _compile(
    r'\b(?:e-?\s*tender|tender|bid|bidding|auction|participation)(?:\s+(?:document|form|participation|processing))?'
    r'\s+(?:fees?|charges)\b|\bdocument\s+fees?\b|\b(?:cost|price)\s+of\s+(?:the\s+)?(?:tender|bid)\s+(?:documents?'
    r'|forms?)\b|\b(?:tender|bid)\s+(?:documents?|forms?)\s+(?:cost|price)\b|\bfees?\s+for\s+(?:the\s+)?'
    r'(?:tender|bid)\s+(?:documents?|forms?)\b'
    rf'|{HS}(?:निविदा|टेण्डर|टेंडर|बिड|नीलामी|भागीदारी|सहभागिता|प्रपत्र|दस्तावेज)\s*(?:(?:प्रपत्र|दस्तावेज|प्रक्रिया'
    rf'|सहभागिता)\s*)?(?:शुल्क|फीस){HE}|{HS}निविदा\s*(?:प्रपत्र|दस्तावेज)\s*(?:का|की|के)\s*(?:मूल्य|लागत|कीमत){HE}')
FEE_KEYS = _keys('fee', 'charge', 'cost', 'price', 'शुल्क', 'फीस', 'मूल्य', 'लागत', 'कीमत')
#: "no tender fee", "exempted from tender fee", "बिना निविदा शुल्क"
_NO_FEE_BEFORE = _compile(r'(?:\bno|\bnot|\bwithout|\bnil|\bfree\s+of|\bexempt\w*|\bwaiv\w*|कोई|बिना|निःशुल्क)'
                          r'\s+(?:\S+\s+){0,2}$')
#: "Tender fee: NIL", "tender fee - Rs. 0/-", "tender fee will not be charged", "निविदा शुल्क: शून्य", "… लिया नहीं
#: जाएगा", "… देय नहीं"
_NO_FEE_AFTER = _compile(
    r'^\s*(?:\((?:if\s+any|यदि\s*कोई)\)\s*)?(?:[:=–—-]|\b(?:is|are|was|shall|will|would)(?:\s+be)?\b|\bof\b)?\s*'
    r'(?:(?:rs\.?|inr|₹|rupees|रु\.?|रुपये)\s*)?(?:nil\b|n\.?\s?/?a\b|not\s+(?:be\s+)?(?:applicable|required|payable'
    r'|charged|levied|asked)|0+(?:\.0+)?(?![\d,.]*\d)|zero\b|none\b|free\b|exempt\w*|waived\b|no\b'
    r'|शून्य|निःशुल्क|(?:\S+\s*)?(?:नहीं|नही)|की\s*आवश्यकता\s*नहीं|माफ)')


def _fee(match: re.Match, text: str) -> bool:
    return _NO_FEE_BEFORE.search(_before(text, match, 40)) is None \
        and _NO_FEE_AFTER.search(_after(text, match, 40)) is None


@rule('GEM-NV-14', Severity.deviation, _l('Tender fee sought'),
      _l('The bid text asks for a tender, bid participation, auction or document fee: %(matches_list)s. GeM treats '
         'such a bid as null and void.'),
      duty=8,
      hint=_l('Check whether bidders are asked to pay anything to take part (tender fee, cost of the bid document, '
              'participation or auction fee). EMD and performance security are judged by other rules.'),
      source=_l('GeM bid disclaimer, item 14 (GEM-NV-14): asking for any tender fee, bid participation fee or '
                'auction fee in bids or forward auctions makes the bid null and void. GeM bid text, '
                'GEM/2025/B/6572913.'))
def tender_fee(bid: BidFacts, settings: Settings):
    """What: "tender fee", "bid participation fee", "auction fee", "document fee", "cost of tender document"
    (निविदा शुल्क, प्रपत्र शुल्क, निविदा प्रपत्र का मूल्य …).

    Why: GeM charges bidders nothing to bid; a fee is a barrier to small sellers and money outside the system, and
    GeM voids a bid that asks for it (GEM-NV-14).

    Configuration: none. Not flagged: a fee said to be nil, zero, not applicable, waived or exempted ("No tender
    fee", "Tender fee: NIL", "निविदा शुल्क: शून्य"). GePNIC tenders (which have fees of their own) are not judged.
    """
    return _scan(bid, FEE, _fee, FEE_KEYS)
