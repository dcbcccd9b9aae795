"""Scrutiny benchmark: the rule engine over 200,000 bids (about a million bidders) and a million orders on SQLite.

Targets (issue): full scrutiny (every bid, every order, every buyer-office/category group for splitting) ≤ 60 s on
a 2-core machine; incremental scrutiny after an import of 1,000 bids with their bidders ≤ 3 s.

The database is migrated, then filled directly through ``sqlite3`` executemany with deterministic synthetic data
(not timed; the generation time is printed): sellers, bids of GeM and GePNIC from 2018 to 2026 (so every threshold
version applies) with EMD, ePBG, exemptions, ATC text and regular/custom/BOQ categories, their bidders (with
disqualified-lowest, manual-L1 and all-but-winner patterns) and orders of some 5,000 buyer offices (with bursts of
purchases just under a limit, the splitting pattern). Then, in a child process of its own (its peak RSS is the
scrutiny's): ``scrutinise('all')``; the same again (nothing new: the reconcile path); an import of 1,000 bids with
their bidders through the template shape and ``scrutinise('import', batch_id=…)``; and, for information, the same
with 1,000 orders (which recomputes the splitting groups they touch).

``BENCH_SCRUTINY_BIDS`` (default 200,000), ``BENCH_SCRUTINY_ORDERS`` (default 1,000,000) and
``BENCH_SCRUTINY_NEW`` (the incremental import, default 1,000) shrink it for a quick check. ``BENCH_SCRUTINY_DB``
names a file to keep the generated database in and reuse while its sizes match (each run works on a copy).
``BENCH_SCRUTINY_PROFILE=1`` runs the full scrutiny under cProfile and prints the top 30 functions by cumulative
time (the timings are then inflated by the profiler).
"""
import csv
import json
import math
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from bisect import bisect_right
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FULL_TARGET_S, INCREMENTAL_TARGET_S = 60, 3
SELLERS = 50_000
OFFICES = 5_000
STAMP = '%Y-%m-%d %H:%M:%S.%f'  # how SQLAlchemy's DateTime stores a (naive UTC) moment on SQLite
FIRST_DAY, LAST_DAY = date(2018, 1, 1), date(2026, 11, 20)
CHUNK = 20_000


# -- pools -------------------------------------------------------------------------------------------------------

GOODS = [
    'Office Chair', 'Executive Table', 'Steel Almirah', 'Revolving Chair', 'Computer Table', 'Filing Cabinet',
    'Steel Rack', 'Conference Table', 'Visitor Chair', 'Hospital Bed', 'Stretcher Trolley', 'Wheel Chair',
    'Examination Table', 'Sutures', 'Surgical Gloves', 'Disposable Syringe', 'Hand Sanitizer', 'Face Mask',
    'Pulse Oximeter', 'Digital Thermometer', 'BP Monitor', 'Glucometer', 'Oxygen Cylinder', 'Oxygen Concentrator',
    'X-Ray Film', 'Ultrasound Gel', 'Bandage Roll', 'Absorbent Cotton', 'Paracetamol Tablets', 'ORS Sachet',
    'Desktop Computer', 'Laptop Notebook', 'All in One PC', 'Multifunction Machine MFM', 'Laser Printer',
    'Printer Toner Cartridge', 'Scanner', 'UPS', 'Online UPS', 'LED Monitor', 'Projector', 'Interactive Panel',
    'Network Switch', 'Wi-Fi Router', 'CCTV Camera', 'Network Video Recorder', 'Hard Disk Drive', 'Pen Drive',
    'Keyboard', 'Mouse', 'Tablet Computer', 'Server', 'Biometric Attendance Machine', 'Photocopier Paper',
    'Copier Paper A4', 'File Cover', 'Register', 'Ball Pen', 'Stapler', 'Envelope', 'Printing Paper',
    'LED Lamp', 'LED Tube Light', 'LED Street Light', 'Ceiling Fan', 'Pedestal Fan', 'Exhaust Fan',
    'Split Air Conditioner', 'Window Air Conditioner', 'Water Cooler', 'Water Purifier', 'Refrigerator',
    'Electric Geyser', 'Room Heater', 'Diesel Generator', 'Solar Street Light', 'Solar Inverter', 'Battery',
    'Electric Cable', 'MCB Distribution Board', 'Voltage Stabilizer', 'Inverter', 'Floor Cleaner', 'Phenyl',
    'Toilet Cleaner', 'Detergent Powder', 'Broom', 'Dustbin', 'Mop', 'Bleaching Powder', 'Hand Wash',
    'Fire Extinguisher', 'Fire Ball', 'Safety Helmet', 'Safety Shoes', 'Reflective Jacket', 'Raincoat',
    'Blanket', 'Bed Sheet', 'Pillow', 'Mattress', 'Mosquito Net', 'Curtain', 'Towel', 'Uniform Cloth',
    'School Bag', 'Sports Goods Kit', 'Dumbbell Set', 'Football', 'Cricket Kit', 'Black Board', 'White Board',
    'Notice Board', 'School Desk', 'Library Rack', 'Water Tank', 'Submersible Pump', 'Monoblock Pump',
    'Hand Pump', 'PVC Pipe', 'GI Pipe', 'Water Meter', 'Tractor', 'Rotavator', 'Seed Drill', 'Sprayer',
    'Fertilizer', 'Certified Seeds', 'Pesticide', 'Cattle Feed', 'Veterinary Medicine', 'Milk Can',
    'Motor Car', 'Jeep', 'Ambulance', 'Utility Vehicle', 'Motor Cycle', 'Bus', 'Fire Tender Vehicle',
    'Tyre', 'Lubricant Oil', 'Drone', 'Walkie Talkie', 'Body Worn Camera', 'Barricade', 'Traffic Cone',
    'Metal Detector', 'Breath Analyzer', 'Tent', 'Tarpaulin', 'Kitchen Utensils', 'Gas Stove', 'Pressure Cooker',
    'Dinner Set', 'Mid Day Meal Plate', 'Drinking Water Bottle', 'Tea Coffee Vending Machine', 'Microwave Oven',
]
SERVICES = [
    'Manpower Outsourcing Services - Minimum Wage', 'Manpower Outsourcing Services - Fixed Remuneration',
    'Security Manpower Service', 'Housekeeping Service', 'Cleaning, Sanitation and Disinfection Service',
    'Monthly Basis Cab and Taxi Hiring Services', 'Hiring of Consultants - Milestone basis',
    'Event or Seminar or Workshop or Exhibition or Expo Management Service', 'Catering Service',
    'Annual Maintenance Service - Desktops, Laptops and Peripherals', 'Repair and Maintenance Service - Air '
    'Conditioner', 'Comprehensive Maintenance Service of Lifts', 'Facility Management Services',
    'Custom Bid for Services', 'Printing Services', 'Courier Service', 'Insurance Service - Vehicle',
    'Health Insurance Service', 'Data Entry Services', 'Digitization Services', 'Photography and Videography Service',
    'Transportation of Goods Service', 'Waste Management Service', 'Horticulture Service', 'Pest Control Service',
    'Hiring of Sanitation Service', 'Cloud Service', 'Website Development Service', 'Training Service',
    'Audit Service', 'Legal Advisory Service', 'Survey Service', 'Laundry Service', 'Goods Transport Service',
    'Hiring of Agency for Security Guards', 'Operation and Maintenance of Water Supply', 'Lab Testing Services',
    'Bus Hiring Service', 'Tent House Service', 'Sound System Hiring Service',
]
WORKS = [
    'Civil Works', 'Construction of Boundary Wall', 'Renovation of Office Building', 'Road Works',
    'Electrical Works', 'Plumbing Works', 'Drainage Works', 'Construction of CC Road', 'Building Works',
    'Earth Work', 'Repair of School Building', 'Interlocking Tiles Work',
]
ATC_CLEAN = [
    'Delivery shall be made within 30 days from the date of the contract.',
    'Warranty of 1 year from the date of installation shall be given by the seller.',
    'The seller shall install and commission the equipment at the consignee site free of cost.',
    'Bidder shall upload the GST registration certificate and PAN card.',
    'Payment will be made after receipt of the material in good condition and issue of the CRAC.',
    'Buyer reserves the right to increase or decrease the quantity up to 25% at the time of placing the contract.',
    'Inspection will be carried out by the committee constituted by the buyer before acceptance.',
    'The rates quoted shall be inclusive of all taxes, freight and insurance.',
    'Bidder must quote for all the items of the bid, failing which the bid shall be rejected.',
    'आपूर्ति अनुबन्ध की तिथि से 30 दिवस के भीतर की जानी होगी।',
    'सामग्री की गुणवत्ता सही न पाये जाने पर सामग्री वापस कर दी जायेगी तथा भुगतान नहीं किया जायेगा।',
    'बिडर द्वारा जी0एस0टी0 पंजीकरण प्रमाण पत्र एवं पैन कार्ड अपलोड करना अनिवार्य होगा।',
    'Buyer Added Bid Specific Terms and Conditions: the seller shall replace defective items within 7 days.',
    'Generic: The bidder should comply with the Make in India order as amended from time to time.',
]
ATC_RESTRICTIVE = [
    'Preferred make: HP / Dell / Lenovo only. Other makes will not be accepted.',
    'Only branded items of Godrej or Nilkamal make shall be accepted.',
    'Make: Havells, Philips or Syska only; the bidder must quote the model number.',
    'Bidder must submit a sample of the item within 5 days of bid opening for approval by the committee.',
    'Samples shall be submitted along with the bid at the office of the CMO; bids without samples will be rejected.',
    'नमूना (सैंपल) बिड खुलने के 5 दिवस के भीतर कार्यालय में प्रस्तुत करना अनिवार्य होगा।',
    'केवल ब्रांडेड (गोदरेज / नीलकमल) सामग्री ही स्वीकार्य होगी।',
    'Bidder should have minimum 3 years experience of supply to the Medical Health Department, Uttar Pradesh only.',
    'Experience of work with Indian Railways or a Central PSU is mandatory.',
    'Hard copy of all the documents shall be submitted in the office before the bid opening date.',
    'भौतिक रूप से सभी अभिलेखों की प्रति बिड खुलने से पूर्व कार्यालय में जमा करनी होगी।',
    'The product must carry CE and US FDA certification.',
    'Tender fee of Rs. 5,000 shall be deposited by demand draft in favour of the Chief Medical Officer.',
    'EMD of Rs. 50,000 shall be submitted by all bidders including MSE by FDR / DD in the office.',
    'Detailed terms and conditions are available on the department website www.uphealth.up.nic.in.',
    'Bidder must have an office in Uttar Pradesh; only firms registered in Lucknow will be considered.',
    'Only authorised dealers of Tata Motors / Mahindra may participate.',
    'Bidder must have an annual turnover of Rs. 5 crore in each of the last three years.',
]
REASONS = [
    'Experience criteria not met', 'OEM authorisation certificate not uploaded', 'ATC documents not uploaded',
    'Turnover certificate not as per bid', 'Technical specifications not matching', 'MSE certificate expired',
    'अनुभव प्रमाण पत्र अपलोड नहीं किया गया', 'तकनीकी विशिष्टियाँ बिड के अनुरूप नहीं', 'Price bid not in format',
    'Sample not approved', 'Make in India declaration missing', 'Past performance document not uploaded',
]
DISTRICTS = [
    'Agra', 'Aligarh', 'Ambedkar Nagar', 'Amethi', 'Amroha', 'Auraiya', 'Ayodhya', 'Azamgarh', 'Baghpat', 'Bahraich',
    'Ballia', 'Balrampur', 'Banda', 'Barabanki', 'Bareilly', 'Basti', 'Bhadohi', 'Bijnor', 'Budaun', 'Bulandshahr',
    'Chandauli', 'Chitrakoot', 'Deoria', 'Etah', 'Etawah', 'Farrukhabad', 'Fatehpur', 'Firozabad',
    'Gautam Buddh Nagar', 'Ghaziabad', 'Ghazipur', 'Gonda', 'Gorakhpur', 'Hamirpur', 'Hapur', 'Hardoi', 'Hathras',
    'Jalaun', 'Jaunpur', 'Jhansi', 'Kannauj', 'Kanpur Dehat', 'Kanpur Nagar', 'Kasganj', 'Kaushambi', 'Kheri',
    'Kushinagar', 'Lalitpur', 'Lucknow', 'Maharajganj', 'Mahoba', 'Mainpuri', 'Mathura', 'Mau', 'Meerut',
    'Mirzapur', 'Moradabad', 'Muzaffarnagar', 'Pilibhit', 'Pratapgarh', 'Prayagraj', 'Raebareli', 'Rampur',
    'Saharanpur', 'Sambhal', 'Sant Kabir Nagar', 'Shahjahanpur', 'Shamli', 'Shravasti', 'Siddharthnagar',
    'Sitapur', 'Sonbhadra', 'Sultanpur', 'Unnao', 'Varanasi',
]
OFFICE_KINDS = [
    'District Hospital', 'District Female Hospital', 'Office of the Chief Medical Officer', 'Community Health Centre',
    'Collectorate', 'Tehsil', 'Nagar Nigam', 'Nagar Palika Parishad', 'District Basic Education Officer',
    'District Inspector of Schools', 'Government Inter College', 'Government Degree College', 'Police Lines',
    'Superintendent of Police', 'District Jail', 'Executive Engineer, PWD', 'Executive Engineer, Irrigation',
    'Jal Nigam', 'District Agriculture Officer', 'Chief Veterinary Officer', 'District Supply Office',
    'District Panchayat Raj Officer', 'Zila Panchayat', 'Development Authority', 'District Industries Centre',
    'Regional Transport Office', 'District Programme Officer (ICDS)', 'District Social Welfare Officer',
    'Fire Station', 'District Horticulture Officer', 'Medical College', 'Block Development Office',
    'Treasury', 'District Court', 'Regional Forest Office', 'District Sports Office', 'ITI', 'Polytechnic',
    'Krishi Vigyan Kendra', 'Electricity Distribution Division', 'Sugar Mill', 'Mandi Samiti',
    'District Rural Development Agency', 'District Minority Welfare Officer', 'District Election Office',
    'Tourism Office', 'District Food Safety Office', 'District Probation Office', 'Employment Exchange',
    'Government Press', 'State Warehouse', 'Divisional Commissioner', 'Circuit House', 'Cane Office',
    'Cooperative Bank', 'Divisional Hospital', 'Women Hospital', 'TB Hospital', 'Eye Hospital', 'Trauma Centre',
    'Blood Bank', 'Drug Warehouse', 'Ayurvedic Hospital', 'Homoeopathic Hospital', 'Primary Health Centre',
    'Kasturba Gandhi Balika Vidyalaya', 'Navodaya Vidyalaya', 'Sainik School',
]
DESIGNATIONS = ['SMO', 'CMO', 'CMS', 'District Magistrate', 'Executive Engineer', 'Principal', 'Accounts Officer',
                'Drawing and Disbursing Officer', 'Superintendent', 'Block Development Officer', 'Store Officer']
PREFIXES = ['SNEH', 'SHREE', 'GANGA', 'AVADH', 'KASHI', 'SURYA', 'JAI MAA', 'OM', 'SAI', 'RAM', 'KRISHNA', 'NAV',
            'BHARAT', 'TRIVENI', 'SIDDHI', 'MAHALAXMI', 'AGRAWAL', 'GUPTA', 'VERMA', 'YADAV', 'SINGH', 'MISHRA']
SUFFIXES = ['ENTERPRISES', 'TRADERS', 'MEDICALS', 'SUPPLIERS', 'INDUSTRIES', 'SOLUTIONS', 'AGENCIES',
            'TECHNOLOGIES', 'CONSTRUCTIONS', 'SERVICES', 'PHARMA', 'FURNITURE HOUSE', 'ELECTRICALS', 'CORPORATION']
STATES = ['Uttar Pradesh'] * 14 + ['Delhi', 'Haryana', 'Maharashtra', 'Bihar', 'Madhya Pradesh', 'Rajasthan']
# how many bidders a bid has, 0 to 10 (mean about 5)
BIDDER_WEIGHTS = [4, 10, 7, 11, 12, 12, 11, 11, 9, 7, 6]
ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'


def _stamp(moment: datetime) -> str:
    return moment.isoformat(' ', 'microseconds')  # = moment.strftime(STAMP), several times faster


def _dmy(moment: datetime) -> str:
    """``08/01/2026 14:49``, as GeM's exports write a moment."""
    return f'{moment.day:02d}/{moment.month:02d}/{moment.year} {moment.hour:02d}:{moment.minute:02d}'


def _money(value: float) -> float:
    """A rupee amount as the Numeric(18, 2) column holds it on SQLite (a REAL, integral ones as INTEGER)."""
    value = round(value, 2)
    return int(value) if value == int(value) else value


class Pools:
    """Everything the rows are drawn from: departments, offices, categories, sellers."""

    def __init__(self, rng: random.Random):
        from gemcell.gemdata.aliases import alias_key
        from gemcell.scrutiny.settings import Settings

        self.settings = Settings.defaults()
        with open(ROOT / 'gemcell' / 'data' / 'departments.csv', encoding='utf-8') as file:
            self.departments = [(row['code'], row['name_hi'], row['name_en']) for row in csv.DictReader(file)]
        # department names as the sources write them: a few spellings each, three in four mapped by a reviewer
        variants = ('{}', '{} Uttar Pradesh', '{}, Government of Uttar Pradesh', '{} U.P.')
        self.aliases = []  # (raw, key, department id or None)
        for number, (_code, _hi, english) in enumerate(self.departments, start=1):
            for variant in variants:
                raw = variant.format(english)
                self.aliases.append((raw, alias_key(raw), number if rng.random() < 0.75 else None))
        # buyer offices: a district office of one department; a few buy a lot, most a little (Zipf)
        self.offices = []
        names = [f'{kind}, {district}' for kind in OFFICE_KINDS for district in DISTRICTS]
        rng.shuffle(names)
        for name in names[:OFFICES]:
            raw, key, department = self.aliases[rng.randrange(len(self.aliases))]
            self.offices.append((name, raw, key, department))
        self.office_weights = _cumulative([1 / (rank + 10) ** 0.9 for rank in range(len(self.offices))])
        # categories: regular GeM categories with versions, services, works (a few hundred names)
        goods = [name if n % 3 else f'{name} (V2)' for n, name in enumerate(GOODS)]
        goods += [f'{name} (V3)' for name in GOODS[::4]] + [f'{name} - Q2' for name in GOODS[1::5]]
        self.goods = goods
        self.services = SERVICES
        self.works = WORKS
        self.category_ids = {name: _slug(name) + f'_{rng.randrange(10_000, 99_999)}' for name in goods}
        self.category_ids.update({name: 'services_' + _slug(name) for name in SERVICES})
        self.categories = goods + SERVICES + WORKS
        # each office buys from its own handful of categories, some much more than others
        self.office_categories = []
        for _ in self.offices:
            mine = rng.sample(self.categories, rng.randint(12, 40))
            self.office_categories.append((mine, _cumulative([1 / (rank + 1) for rank in range(len(mine))])))
        self.sellers = []  # (gem_seller_id, name, is_mse)
        seen = set()
        while len(self.sellers) < SELLERS:
            gem_id = ''.join(rng.choice(ALPHABET) for _ in range(16))
            if gem_id in seen:
                continue
            seen.add(gem_id)
            name = f'M/S {rng.choice(PREFIXES)} {rng.choice(SUFFIXES)} {len(self.sellers) + 1}'
            mse = rng.random()
            self.sellers.append((gem_id, name, None if mse < 0.1 else mse < 0.6))

    def office(self, rng: random.Random) -> int:
        return _pick(rng, self.office_weights)

    def category_of(self, rng: random.Random, office: int) -> str:
        mine, weights = self.office_categories[office]
        return mine[_pick(rng, weights)]


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def _pick(rng: random.Random, cumulative: list[float]) -> int:
    return min(bisect_right(cumulative, rng.random() * cumulative[-1]), len(cumulative) - 1)


def _slug(name: str) -> str:
    return ''.join(c if c.isalnum() else '_' for c in name.lower()).strip('_')[:60]


def _moment(rng: random.Random) -> datetime:
    """A working-hours moment (UTC) between 2018 and 2026, later years busier."""
    span = (LAST_DAY - FIRST_DAY).days
    day = FIRST_DAY + timedelta(days=int(span * rng.random() ** 0.7))
    return datetime(day.year, day.month, day.day, rng.randrange(3, 13), rng.randrange(60), rng.randrange(60))


# -- rows --------------------------------------------------------------------------------------------------------

def bid_rows(pools: Pools, count: int, rng: random.Random, batch_id: int, stamp: str):
    """``(bid row, bidder rows)`` per bid; bid ids are 1..count, GeM numbers increasing."""
    bidder_id = 0
    serial = 5_000_000
    gepnic_serial = 20_000
    for bid_id in range(1, count + 1):
        office = pools.office(rng)
        office_raw, department_raw, department_key, department_id = pools.offices[office]
        published = _moment(rng)
        gem = rng.random() < 0.8
        roll = rng.random()
        if gem:
            kind = 'goods' if roll < 0.68 else 'services' if roll < 0.97 else 'works'
        else:
            kind = 'works' if roll < 0.55 else 'goods' if roll < 0.8 else 'services'
        is_ra = gem and rng.random() < 0.05
        parent = None
        if gem:
            serial += rng.randint(1, 40)
            number = f'GEM/{published.year}/{"R" if is_ra else "B"}/{serial}'
            if is_ra:
                parent = f'GEM/{published.year}/B/{serial - rng.randint(1, 5000)}'
        else:
            gepnic_serial += 1
            code = pools.departments[(department_id or 1) - 1][0].replace('_', '')[:20] or 'UP'
            number = f'{published.year}_{code}_{gepnic_serial}_{rng.randint(1, 3)}'
        # category and the bid's form
        category_id = is_custom = is_boq = None
        form_roll = rng.random()
        if kind == 'goods':
            category = rng.choice(pools.goods)
        elif kind == 'services':
            category = rng.choice(pools.services)
        else:
            category = rng.choice(pools.works)
        if gem:
            if kind == 'goods' and form_roll < 0.08:  # custom item: a title, sometimes a regular category's name
                category_id = f'home_univ_{rng.randrange(10**6):06d}_{rng.randrange(16**6):06x}'
                category = rng.choice(pools.goods) if rng.random() < 0.3 else f'Supply of {rng.choice(GOODS)} ' \
                    f'as per specification {rng.randrange(100)}'
                is_custom = True
            elif kind == 'goods' and form_roll < 0.13:  # BOQ: several items, some of them regular categories
                category_id = f'home_boq_{rng.randrange(16**8):08x}'
                category = ', '.join(rng.choice(pools.goods) if rng.random() < 0.4 else
                                     f'Item {rng.randrange(1000)} as per BOQ' for _ in range(rng.randint(2, 8)))
                is_boq = True
            elif kind in ('services', 'works') and form_roll < 0.15:  # custom service bid (works among them)
                category_id = f'services_home_cust_{rng.randrange(10**6)}'
                category = rng.choice(pools.works) if kind == 'works' or rng.random() < 0.2 else \
                    f'Custom Bid for Services - {rng.choice(SERVICES)}'
                kind = 'services'
                is_custom = True
            elif form_roll < 0.9:
                category_id = pools.category_ids.get(category)
                if kind == 'goods' and rng.random() < 0.02:  # goods bought under a services category
                    category_id = 'services_' + _slug(rng.choice(SERVICES))
            else:  # older exports carry no category id: the flags tell the form
                is_custom = rng.random() < 0.05
                is_boq = False
        quantity = rng.choice([1, 2, 5, 10, 20, 50, 100, 176, 500])
        estimated = _money(math.exp(rng.gauss(math.log(800_000), 1.1)))
        # EMD: usually 2-5 %, some outside; amount, percent or both; the exemption flag
        emd_required = emd_amount = emd_percent = emd_exemption = None
        if rng.random() < 0.45:
            emd_required = True
            share = rng.choice([2, 2, 2.5, 3, 3, 5, 5]) if rng.random() < 0.9 else rng.choice([0.5, 1, 6, 8, 10])
            shape = rng.random()
            if shape < 0.6:
                emd_amount = _money(estimated * share / 100)
            elif shape < 0.85:
                emd_percent = share
            elif shape < 0.97:
                emd_amount, emd_percent = _money(estimated * share / 100), share
            # else: required, and neither given (GEM-EMD-FIELDS)
            emd_exemption = rng.random() < 0.85 if rng.random() < 0.92 else None
        elif gem:
            emd_required = False
        epbg = None
        if gem and rng.random() < 0.6:
            epbg = rng.choice([3, 3, 5, 5, 5, 10]) if rng.random() < 0.9 else rng.choice([2, 2.5, 12, 15])
        opening = None
        if gem:
            days = rng.choice([10, 10, 11, 12, 14, 15, 16, 21, 21, 30]) if rng.random() < 0.9 else rng.randint(3, 9)
        else:
            days = rng.choice([21, 21, 22, 25, 28, 30, 14, 15, 10, 7])
        start = published + timedelta(minutes=rng.randrange(0, 120))
        end = start + timedelta(days=days, hours=rng.randrange(0, 8))
        opening = end + timedelta(minutes=30)
        atc = None
        if gem and rng.random() < 0.3:
            clauses = [rng.choice(ATC_CLEAN) for _ in range(rng.randint(2, 9))]
            if rng.random() < 0.35:
                clauses.insert(rng.randrange(len(clauses) + 1), rng.choice(ATC_RESTRICTIVE))
            atc = '\n'.join(f'{n}. {clause}' for n, clause in enumerate(clauses, start=1))
        status = rng.choice(['Bid Award', 'Bid Award', 'Bid Award', 'Technical Evaluation', 'Financial Evaluation',
                             'Cancelled', 'Bid Award']) if published.year < 2026 else \
            rng.choice(['Bid Published', 'Technical Evaluation', 'Bid Award'])
        if gem:
            bid_type = rng.choice(['Two Packet Bid', 'Two Packet Bid', 'Single Packet Bid'])
            evaluation = rng.choice(['Total value wise evaluation', 'Item wise evaluation'])
        else:
            bid_type = rng.choice(['Open Tender', 'Open Tender', 'Open Tender', 'Limited', 'Single'])
            evaluation = 'QCBS' if rng.random() < 0.05 else 'Least Cost'
        bidders = _bidders(pools, rng, bid_id, bidder_id, gem, estimated, start, end, status, stamp, batch_id)
        bidder_id += len(bidders)
        awarded = [row for row in bidders if row[11]]
        contract_value = awarded[0][12] if awarded else None
        raw = {'Bid Number': number, 'Department': department_raw, 'Office': office_raw, 'Category': category[:80],
               'Quantity': quantity, 'Estimated Value': estimated, 'Published': _dmy(published)}
        title = f'{category[:120]} - {quantity} Nos' if kind == 'goods' else category[:200]
        yield (bid_id, 'gem' if gem else 'gepnic', number, parent, None, title, department_id, department_raw,
               department_key, None, office_raw, f'buyer{office}.up@gembuyer.in' if gem else None, 'Uttar Pradesh',
               category, category_id, kind, quantity, estimated, emd_required, emd_amount, emd_percent, emd_exemption,
               epbg, _stamp(published), _stamp(start), _stamp(end), _stamp(opening), bid_type, is_ra, evaluation,
               is_custom, is_boq,
               (rng.random() < 0.6) if gem and rng.random() < 0.9 else None,
               (rng.random() < 0.5) if gem and rng.random() < 0.9 else None,
               atc, None, status, (end + timedelta(days=20)).date().isoformat() if contract_value else None,
               contract_value, json.dumps(raw), batch_id, stamp, stamp), bidders


BID_COLUMNS = ('id', 'source', 'number', 'parent_number', 'reference', 'title', 'buyer_department_id',
               'buyer_department_raw', 'buyer_department_key', 'office_id', 'office_raw', 'buyer_user_id', 'ministry',
               'category_name', 'category_id', 'kind', 'quantity', 'estimated_value', 'emd_required', 'emd_amount',
               'emd_percent', 'emd_exemption', 'epbg_percent', 'published_dt', 'start_dt', 'end_dt', 'opening_dt',
               'bid_type', 'is_ra', 'evaluation_method', 'is_custom_item', 'is_boq', 'mse_exemption',
               'startup_exemption', 'atc_text', 'description', 'status', 'contract_date', 'contract_value', 'raw',
               'import_batch_id', 'created_dt', 'modified_dt')
_IS_RA = BID_COLUMNS.index('is_ra')
BIDDER_COLUMNS = ('id', 'bid_id', 'key', 'name', 'seller_id', 'submitted_dt', 'state', 'status_raw', 'reason',
                  'financial_value', 'rank', 'is_awarded', 'awarded_value', 'raw', 'import_batch_id', 'created_dt',
                  'modified_dt')


def _bidders(pools: Pools, rng: random.Random, bid_id: int, last_id: int, gem: bool, estimated: float,
             start: datetime, end: datetime, status: str, stamp: str, batch_id: int) -> list[tuple]:
    count = _pick(rng, BIDDER_CUMULATIVE)
    if not count or status == 'Bid Published':
        return []
    sellers = rng.sample(range(SELLERS), count)
    # what the record shows: known only to the technical stage, or priced, with the irregular patterns
    priced = status in ('Bid Award', 'Financial Evaluation')
    pattern = rng.random() if priced and count >= 2 else 1.0
    states = ['disqualified_technical' if rng.random() < 0.15 else 'qualified' for _ in range(count)]
    if not priced:
        states = [state if status == 'Technical Evaluation' and rng.random() < 0.5 else 'unknown'
                  for state in states]
    if pattern < 0.02:  # every rival disqualified but one
        states = ['disqualified_technical'] * count
        states[rng.randrange(count)] = 'qualified'
    if priced and 'qualified' not in states:
        states[rng.randrange(count)] = 'qualified'
    prices = [_money(estimated * rng.uniform(0.72, 1.12)) if priced and state == 'qualified' else None
              for state in states]
    if pattern < 0.02:
        pass
    elif pattern < 0.06:  # the lowest price rejected at the financial stage
        position = rng.randrange(count)
        states[position] = 'disqualified_financial'
        low = min(value for value in prices if value is not None)
        prices[position] = _money(low * rng.uniform(0.85, 0.98))
    elif pattern < 0.075 and not gem:  # GePNIC sheets show the price of technically rejected bids too
        position = rng.randrange(count)
        states[position] = 'disqualified_technical'
        prices[position] = _money(estimated * 0.6)
    # ranks among the priced qualified; the L1 wins (or, the manual-L1 pattern, the L2)
    ranked = sorted((value, n) for n, (value, state) in enumerate(zip(prices, states))
                    if value is not None and state == 'qualified')
    ranks = [None] * count
    for rank, (_value, n) in enumerate(ranked, start=1):
        ranks[n] = rank
    winner = None
    if status == 'Bid Award' and ranked:
        winner = ranked[1][1] if len(ranked) >= 2 and 0.06 <= pattern < 0.085 else ranked[0][1]
        states[winner] = 'awarded'
    rows = []
    for n, seller in enumerate(sellers):
        gem_id, name, _mse = pools.sellers[seller]
        state = states[n]
        status_raw = {'qualified': 'Qualified', 'disqualified_technical': 'Rejected-Technical',
                      'disqualified_financial': 'Rejected-Financial', 'awarded': 'Awarded',
                      'unknown': None}[state]
        reason = rng.choice(REASONS) if state.startswith('disqualified') else None
        submitted = start + (end - start) * rng.random()
        awarded = n == winner
        raw = {'Seller': name, 'Status': status_raw, 'Price': prices[n]}
        rows.append((last_id + n + 1, bid_id, gem_id if gem else name, name, seller + 1 if gem else None,
                     _stamp(submitted), state, status_raw, reason, prices[n], ranks[n], awarded,
                     prices[n] if awarded else None, json.dumps(raw), batch_id, stamp, stamp))
    return rows


BIDDER_CUMULATIVE = _cumulative(BIDDER_WEIGHTS)
ORDER_COLUMNS = ('id', 'number', 'bid_id', 'bid_number', 'buyer_department_id', 'buyer_department_raw',
                 'buyer_department_key', 'office_id', 'office_raw', 'buyer_designation', 'buyer_org_type', 'seller_id',
                 'seller_name', 'category_name', 'product', 'brand', 'model', 'quantity', 'unit_price', 'total_value',
                 'buying_mode', 'order_dt', 'status', 'crac_date', 'invoice_number', 'invoice_date', 'invoice_amount',
                 'payment_date', 'payment_amount', 'raw', 'import_batch_id', 'created_dt', 'modified_dt')
BRANDS = ['Godrej', 'Nilkamal', 'HP', 'Dell', 'Lenovo', 'Havells', 'Philips', 'Syska', 'Usha', 'Bajaj', 'Relyon',
          'Tata', 'Mahindra', 'Voltas', 'Blue Star', 'Canon', 'Epson', 'Acer', 'Crompton', 'Generic']


def order_rows(pools: Pools, count: int, rng: random.Random, gem_bids: list[tuple[int, str]], batch_id: int,
               stamp: str, first_id: int = 1, number_base: int = 0):
    """Orders, a burst of split purchases now and then: the same office and category within days, each just under
    the direct (or L1) limit in force."""
    settings = pools.settings
    index = 0
    while index < count:
        office = pools.office(rng)
        office_raw, department_raw, department_key, department_id = pools.offices[office]
        category = pools.category_of(rng, office)
        designation = DESIGNATIONS[office % len(DESIGNATIONS)]
        when = _moment(rng)
        if rng.random() < 0.012:  # a burst
            mode = 'direct' if rng.random() < 0.75 else 'l1'
            burst = []
            for _ in range(min(rng.randint(2, 5), count - index)):
                day = when.date()
                limit = float(settings.value('gfr149.direct_limit' if mode == 'direct' else 'gfr149.l1_limit', day))
                burst.append((mode, when, _money(limit * rng.uniform(0.55, 0.99))))
                when += timedelta(days=rng.randint(0, 9), hours=rng.randint(0, 6))
        else:
            roll = rng.random()
            mode = 'direct' if roll < 0.55 else 'l1' if roll < 0.75 else 'bid' if roll < 0.95 else 'ra'
            day = when.date()
            direct = float(settings.value('gfr149.direct_limit', day))
            l1 = float(settings.value('gfr149.l1_limit', day))
            if mode == 'direct':
                value = math.exp(rng.gauss(math.log(direct * 0.35), 0.8))
                if value > direct and rng.random() < 0.93:
                    value = direct * rng.uniform(0.2, 1.0)
            elif mode == 'l1':
                value = math.exp(rng.gauss(math.log(l1 * 0.3), 0.8))
                value = max(value, direct * rng.uniform(1.0, 1.5))
                if value > l1 and rng.random() < 0.9:
                    value = l1 * rng.uniform(0.3, 1.0)
            else:
                value = math.exp(rng.gauss(math.log(600_000), 1.1))
            burst = [(mode, when, _money(value))]
        for mode, when, value in burst:
            index += 1
            order_id = first_id + index - 1
            bid_id = bid_number = None
            if mode in ('bid', 'ra') and gem_bids:
                bid_id, bid_number = gem_bids[rng.randrange(len(gem_bids))]
            seller = rng.randrange(SELLERS)
            gem_id, seller_name, _mse = pools.sellers[seller]
            quantity = rng.choice([1, 1, 2, 4, 5, 10, 20, 50, 100])
            unit = _money(value / quantity)
            number = f'GEMC-5116877{number_base + order_id:08d}'
            product = f'{category[:60]} {rng.choice(BRANDS)} model {rng.randrange(300)}'
            raw = {'Contract No': number, 'Buyer Department': department_raw, 'Office': office_raw,
                   'Category': category, 'Total': value, 'Mode': mode,
                   'Date': _dmy(when)}
            paid = when.year < 2026 and rng.random() < 0.8
            crac = (when + timedelta(days=rng.randint(5, 40))).date() if paid else None
            yield (order_id, number, bid_id, bid_number, department_id, department_raw, department_key, None,
                   office_raw, designation, 'State Government', seller + 1, seller_name, category, product,
                   rng.choice(BRANDS), None, quantity, unit, value, mode, _stamp(when),
                   'Order Accepted' if not paid else 'Payment Completed', crac and crac.isoformat(),
                   f'INV/{order_id}' if paid else None, crac and crac.isoformat(), value if paid else None,
                   crac and (crac + timedelta(days=10)).isoformat(), value if paid else None, json.dumps(raw),
                   batch_id, stamp, stamp)


# -- the database ------------------------------------------------------------------------------------------------

def _insert(connection: sqlite3.Connection, table: str, columns: tuple[str, ...], rows) -> int:
    sql = f'INSERT INTO {table} ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
    done = 0
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            connection.executemany(sql, chunk)
            done += len(chunk)
            chunk = []
    if chunk:
        connection.executemany(sql, chunk)
        done += len(chunk)
    return done


def generate(db_path: str, bids: int, orders: int) -> dict:
    """Migrate ``db_path`` and fill it; returns the row counts and the seconds taken."""
    from flask_migrate import upgrade

    from gemcell import create_app
    from gemcell.config import Config
    from gemcell.extensions import db

    started = time.perf_counter()
    config = type('BenchConfig', (Config,), {'SQLALCHEMY_DATABASE_URI': f'sqlite:///{db_path}',
                                             'SECRET_KEY': 'bench'})
    app = create_app(config)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    rng = random.Random(2026)
    pools = Pools(rng)
    stamp = _stamp(datetime(2026, 11, 20, 6, 0))
    connection = sqlite3.connect(db_path, isolation_level=None)
    connection.execute('PRAGMA journal_mode = OFF')
    connection.execute('PRAGMA synchronous = OFF')
    connection.execute('PRAGMA cache_size = -1000000')
    connection.execute('PRAGMA temp_store = MEMORY')
    tables = ('departments', 'department_aliases', 'import_batches', 'sellers', 'bids', 'bidders', 'orders')
    indexes = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN "
        f'({", ".join("?" * len(tables))})', tables).fetchall()
    connection.execute('BEGIN')
    for name, _sql in indexes:  # built once at the end: much faster than maintained row by row
        connection.execute(f'DROP INDEX {name}')
    connection.executemany(
        'INSERT INTO departments (id, code, name_hi, name_en, is_active, created_dt, modified_dt) '
        'VALUES (?, ?, ?, ?, 1, ?, ?)',
        [(n, code, hindi, english, stamp, stamp) for n, (code, hindi, english) in enumerate(pools.departments, 1)])
    connection.executemany(
        'INSERT INTO department_aliases (key, name, department_id, seen_count, created_dt, modified_dt) '
        'VALUES (?, ?, ?, 0, ?, ?)', [(key, raw, department, stamp, stamp) for raw, key, department in pools.aliases])
    connection.execute(
        "INSERT INTO import_batches (id, shape, filename, sha256, size, state, is_dry_run, counts, errors, "
        "error_count, rows_done, created_dt, finished_dt) VALUES (1, 'gem-bidplus', 'bench.xlsx', ?, 0, "
        "'committed', 0, '{}', '[]', 0, 0, ?, ?)", ('0' * 64, stamp, stamp))
    connection.executemany(
        'INSERT INTO sellers (id, gem_seller_id, name, is_mse, udyam_number, is_startup, state, raw, import_batch_id, '
        'created_dt, modified_dt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)',
        [(n, gem_id, name, mse, f'UDYAM-UP-{n % 75:02d}-{n:07d}' if mse else None, rng.random() < 0.03,
          rng.choice(STATES), json.dumps({'Seller ID': gem_id, 'Name': name}), stamp, stamp)
         for n, (gem_id, name, mse) in enumerate(pools.sellers, start=1)])
    bid_sql = f'INSERT INTO bids ({", ".join(BID_COLUMNS)}) VALUES ({", ".join("?" * len(BID_COLUMNS))})'
    bidder_sql = f'INSERT INTO bidders ({", ".join(BIDDER_COLUMNS)}) VALUES ({", ".join("?" * len(BIDDER_COLUMNS))})'
    bid_chunk, bidder_chunk, gem_bids = [], [], []
    bidder_count = 0
    for bid, bidders in bid_rows(pools, bids, rng, 1, stamp):
        bid_chunk.append(bid)
        bidder_chunk.extend(bidders)
        if bid[1] == 'gem' and not bid[_IS_RA]:
            gem_bids.append((bid[0], bid[2]))
        if len(bid_chunk) >= CHUNK:
            connection.executemany(bid_sql, bid_chunk)
            connection.executemany(bidder_sql, bidder_chunk)
            bidder_count += len(bidder_chunk)
            bid_chunk, bidder_chunk = [], []
    connection.executemany(bid_sql, bid_chunk)
    connection.executemany(bidder_sql, bidder_chunk)
    bidder_count += len(bidder_chunk)
    order_count = _insert(connection, 'orders', ORDER_COLUMNS, order_rows(pools, orders, rng, gem_bids, 1, stamp))
    for _name, sql in indexes:
        connection.execute(sql)
    connection.execute('COMMIT')
    connection.execute('PRAGMA journal_mode = WAL')
    connection.close()
    return {'bids': bids, 'bidders': bidder_count, 'orders': order_count, 'sellers': len(pools.sellers),
            'offices': len(pools.offices), 'categories': len(pools.categories),
            'seconds': time.perf_counter() - started}


def _check_formats(db_path: str) -> None:
    """Read one generated row of each table back through the ORM: enum values, Numeric, datetimes parse."""
    from gemcell import create_app
    from gemcell.config import Config
    from gemcell.extensions import db
    from gemcell.gemdata.models import Bid, Bidder, Order, Seller

    config = type('BenchConfig', (Config,), {'SQLALCHEMY_DATABASE_URI': f'sqlite:///{db_path}',
                                             'SECRET_KEY': 'bench'})
    with create_app(config).app_context():
        for model in (Bid, Bidder, Order, Seller):
            for row in db.session.scalars(db.select(model).limit(50)):
                assert row.created_dt.tzinfo is not None
        db.session.rollback()
        db.engine.dispose()


# -- the incremental import files ----------------------------------------------------------------------------------

def write_bids_workbook(path: Path, count: int, seed: int) -> None:
    """``count`` new GeM bids with their bidders, in the template's Bids and Bidders sheets."""
    from openpyxl import Workbook

    from gemcell.gemdata.importers.template import BIDDERS, BIDS
    rng = random.Random(seed)
    pools = Pools(random.Random(2026))  # the same departments, offices and sellers as the database
    workbook = Workbook(write_only=True)
    bids_sheet = workbook.create_sheet(BIDS.name)
    bids_sheet.append([column.headers[0] for column in BIDS.columns])
    bidders_sheet = workbook.create_sheet(BIDDERS.name)
    bidders_sheet.append([column.headers[0] for column in BIDDERS.columns])
    stamp = _stamp(datetime(2026, 11, 25))
    for n, (bid, bidders) in enumerate(bid_rows(pools, count, rng, 0, stamp)):
        row = dict(zip(BID_COLUMNS, bid))
        number = f'GEM/2026/B/{9_500_000 + seed * 10_000 + n}'
        published = datetime.strptime(row['published_dt'], STAMP)
        end = datetime.strptime(row['end_dt'], STAMP)
        bids_sheet.append([number, row['title'], row['buyer_department_raw'], row['office_raw'], row['category_name'],
                           row['kind'], row['quantity'], row['estimated_value'], row['emd_amount'],
                           _dmy(published), _dmy(end), row['status']])
        for bidder in bidders:
            b = dict(zip(BIDDER_COLUMNS, bidder))
            gem_id = pools.sellers[b['seller_id'] - 1][0] if b['seller_id'] else None
            bidders_sheet.append([number, b['name'], gem_id, b['state'], b['reason'], b['financial_value'],
                                  f'L{b["rank"]}' if b['rank'] else None, 'Yes' if b['is_awarded'] else 'No',
                                  b['awarded_value']])
    workbook.save(path)


def write_orders_workbook(path: Path, count: int, seed: int) -> None:
    """``count`` new orders of the same offices and categories, in the template's Orders sheet."""
    from openpyxl import Workbook

    from gemcell.gemdata.importers.template import ORDERS
    rng = random.Random(seed)
    pools = Pools(random.Random(2026))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(ORDERS.name)
    sheet.append([column.headers[0] for column in ORDERS.columns])
    modes = {'direct': 'Direct', 'l1': 'L1', 'bid': 'Bid', 'ra': 'RA'}
    stamp = _stamp(datetime(2026, 11, 25))
    for order in order_rows(pools, count, rng, [], 0, stamp, number_base=90_000_000):
        row = dict(zip(ORDER_COLUMNS, order))
        when = datetime.strptime(row['order_dt'], STAMP)
        sheet.append([row['number'], None, row['buyer_department_raw'], row['office_raw'], row['buyer_designation'],
                      row['buyer_org_type'], pools.sellers[row['seller_id'] - 1][0], row['seller_name'],
                      row['category_name'], row['product'], row['brand'], None, row['quantity'], row['unit_price'],
                      row['total_value'], modes[row['buying_mode']], _dmy(when),
                      row['status']])
    workbook.save(path)


# -- the measurements ----------------------------------------------------------------------------------------------

class _Phases:
    """Seconds spent in the engine's phases, by wrapping its methods (no profiler)."""

    NAMES = ('load_catalogue', 'run_bids', 'run_orders', 'run_groups', '_follow_departments')

    def __init__(self):
        from gemcell.scrutiny import engine
        self.engine = engine
        self.seconds = dict.fromkeys(self.NAMES, 0.0)
        self._originals = {}

    def __enter__(self):
        for name in self.NAMES:
            owner = self.engine._Engine if hasattr(self.engine._Engine, name) else self.engine
            original = getattr(owner, name)
            self._originals[name] = (owner, original)
            setattr(owner, name, self._timed(name, original))
        return self

    def __exit__(self, *exc):
        for name, (owner, original) in self._originals.items():
            setattr(owner, name, original)

    def _timed(self, name, original):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - started
        return timed

    def reset(self):
        self.seconds = dict.fromkeys(self.NAMES, 0.0)


def _timed_scrutiny(db, phases: _Phases, scope: str, batch_id: int | None = None) -> dict:
    from gemcell.scrutiny.engine import scrutinise
    phases.reset()
    started = time.perf_counter()
    run = scrutinise(scope, batch_id=batch_id)
    ran = time.perf_counter() - started
    db.session.commit()
    return {'seconds': time.perf_counter() - started, 'commit': time.perf_counter() - started - ran,
            'counts': dict(run.counts), 'phases': dict(phases.seconds)}


def measure(db_path: str, workdir: str, new: int, profile: bool) -> dict:
    """In a fresh process: the full run, the re-run, and the incremental runs after the imports."""
    import sqlalchemy as sa

    from gemcell import create_app
    from gemcell.config import Config
    from gemcell.extensions import db
    from gemcell.gemdata.importers import get_shape
    from gemcell.gemdata.importers.contract import Source
    from gemcell.gemdata.importers.engine import run_import
    from gemcell.scrutiny.models import Finding, FindingState

    config = type('BenchConfig', (Config,), {'SQLALCHEMY_DATABASE_URI': f'sqlite:///{db_path}',
                                             'SECRET_KEY': 'bench'})
    app = create_app(config)
    result = {}
    with app.app_context(), _Phases() as phases:
        db.session.info['audit_actor'] = (None, 'bench')
        if profile:
            import cProfile
            import pstats
            profiler = cProfile.Profile()
            profiler.enable()
        result['full'] = _timed_scrutiny(db, phases, 'all')
        if profile:
            profiler.disable()
            pstats.Stats(profiler, stream=sys.stderr).sort_stats('cumulative').print_stats(30)
            pstats.Stats(profiler, stream=sys.stderr).sort_stats('tottime').print_stats(30)
        result['rss_full_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result['rss_orders_mb'] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        result['rerun'] = _timed_scrutiny(db, phases, 'all')
        for kind, writer in (('bids', write_bids_workbook), ('orders', write_orders_workbook)):
            path = Path(workdir) / f'new-{kind}.xlsx'
            writer(path, new, seed=7 if kind == 'bids' else 8)
            started = time.perf_counter()
            batch = run_import(get_shape('template'), Source(str(path), path.name), dry_run=False)
            db.session.commit()
            imported = time.perf_counter() - started
            assert batch.state.value == 'committed', (batch.state, batch.message, batch.errors[:3])
            measured = _timed_scrutiny(db, phases, 'import', batch.id)
            measured.update(import_seconds=imported, import_counts=batch.counts)
            result[f'incremental_{kind}'] = measured
        result['live_findings'] = db.session.execute(sa.select(sa.func.count()).select_from(Finding).where(
            Finding.state != FindingState.superseded)).scalar()
        result['by_rule'] = dict(db.session.execute(sa.select(Finding.rule_id, sa.func.count()).where(
            Finding.state != FindingState.superseded).group_by(Finding.rule_id)).all())
        db.engine.dispose()
    result['rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _child(workdir: Path, *args: str) -> dict:
    env = {**os.environ, 'PYTHONPATH': str(ROOT), 'GEMCELL_INSTANCE': str(workdir / 'instance')}
    process = subprocess.run([sys.executable, '-m', 'bench.bench_scrutiny', *args], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, text=True)
    if process.returncode:
        raise SystemExit(f'bench_scrutiny {args[0]} failed ({process.returncode})')
    return json.loads(process.stdout.strip().splitlines()[-1])


def _saved_sizes(path: Path) -> tuple[int, int] | None:
    if not path.exists():
        return None
    try:
        connection = sqlite3.connect(path)
        sizes = tuple(connection.execute(f'SELECT count(*) FROM {table}').fetchone()[0] for table in ('bids', 'orders'))
        findings = connection.execute('SELECT count(*) FROM findings').fetchone()[0]
        connection.close()
    except sqlite3.Error:
        return None
    return sizes if not findings else None


def main() -> None:
    bids = int(os.environ.get('BENCH_SCRUTINY_BIDS', 200_000))
    orders = int(os.environ.get('BENCH_SCRUTINY_ORDERS', 1_000_000))
    new = int(os.environ.get('BENCH_SCRUTINY_NEW', 1_000))
    profile = os.environ.get('BENCH_SCRUTINY_PROFILE', '') not in ('', '0')
    kept = Path(os.environ['BENCH_SCRUTINY_DB']) if os.environ.get('BENCH_SCRUTINY_DB') else None
    with tempfile.TemporaryDirectory(prefix='gemcell-bench-scrutiny-') as tmp:
        workdir = Path(tmp)
        db_path = workdir / 'scrutiny.db'
        generated = None
        if kept is not None and _saved_sizes(kept) == (bids, orders):
            shutil.copyfile(kept, db_path)
        else:
            generated = _child(workdir, 'generate', str(db_path), str(bids), str(orders))
            if kept is not None:
                shutil.copyfile(db_path, kept)
        measured = _child(workdir, 'measure', str(db_path), str(workdir), str(new), '1' if profile else '0')
    _print(bids, orders, new, generated, measured, profile)


def _print(bids: int, orders: int, new: int, generated: dict | None, measured: dict, profile: bool) -> None:
    full, rerun = measured['full'], measured['rerun']
    incremental, incremental_orders = measured['incremental_bids'], measured['incremental_orders']
    bidders = generated['bidders'] if generated else None
    rows = [('bids', f'{bids:,}', '', ''),
            ('bidders', f'{bidders:,}' if bidders else '(kept db)', '', ''),
            ('orders', f'{orders:,}', '', '')]
    if generated:
        rows.append(('data generation (not timed), s', f'{generated["seconds"]:.1f}', '', ''))
    rows += [
        ('full scrutiny + commit, s', f'{full["seconds"]:.1f}', f'≤ {FULL_TARGET_S}',
         f'{full["seconds"] / FULL_TARGET_S:.2f}'),
        ('  bids, s', f'{full["phases"]["run_bids"]:.1f}', '', ''),
        # a full run over many orders scrutinises them in a second process, alongside the bids
        ('  orders (+ gathering the groups), s', f'{full["phases"]["run_orders"]:.1f}' if full['phases']['run_orders']
         else '(second process)', '', ''),
        ('  groups: splitting rule, s', f'{full["phases"]["run_groups"]:.1f}' if full['phases']['run_groups']
         else '(second process)', '', ''),
        ('  catalogue + departments, s',
         f'{full["phases"]["load_catalogue"] + full["phases"]["_follow_departments"]:.1f}', '', ''),
        ('  commit, s', f'{full["commit"]:.1f}', '', ''),
        ('  bids/s', f'{bids / full["phases"]["run_bids"]:,.0f}' if full['phases']['run_bids'] else '—', '', ''),
        ('  orders/s', f'{orders / full["phases"]["run_orders"]:,.0f}' if full['phases']['run_orders'] else '—',
         '', ''),
        ('  groups', f'{full["counts"]["groups"]:,}', '', ''),
        ('  findings written', f'{full["counts"]["new"]:,}', '', ''),
        ('  rule errors', f'{full["counts"]["errors"]:,}', '', ''),
        ('re-run, nothing new, s', f'{rerun["seconds"]:.1f}', '', ''),
        ('  unchanged / new / superseded',
         f'{rerun["counts"]["unchanged"]:,} / {rerun["counts"]["new"]:,} / {rerun["counts"]["superseded"]:,}', '',
         ''),
        (f'import of {new:,} bids + bidders, s', f'{incremental["import_seconds"]:.1f}', '', ''),
        (f'incremental scrutiny, {new:,} bids, s', f'{incremental["seconds"]:.2f}', f'≤ {INCREMENTAL_TARGET_S}',
         f'{incremental["seconds"] / INCREMENTAL_TARGET_S:.2f}'),
        ('  bids + bidders, s', f'{incremental["phases"]["run_bids"]:.2f}', '', ''),
        ('  catalogue + departments (full scans), s',
         f'{incremental["phases"]["load_catalogue"] + incremental["phases"]["_follow_departments"]:.2f}', '', ''),
        ('  findings written', f'{incremental["counts"]["new"]:,}', '', ''),
        (f'import of {new:,} orders, s', f'{incremental_orders["import_seconds"]:.1f}', '', ''),
        (f'incremental scrutiny, {new:,} orders, s', f'{incremental_orders["seconds"]:.2f}', '(info)',
         f'{incremental_orders["seconds"] / INCREMENTAL_TARGET_S:.2f}'),
        ('  groups: reading + splitting rule, s', f'{incremental_orders["phases"]["run_groups"]:.2f}', '', ''),
        ('live findings at the end', f'{measured["live_findings"]:,}', '', ''),
        ('peak RSS of the full run, MB', f'{measured["rss_full_mb"]:.0f}', '', ''),
        ('  of its orders process, MB', f'{measured.get("rss_orders_mb", 0):.0f}', '', ''),
        ('peak RSS, all runs, MB', f'{measured["rss_mb"]:.0f}', '', ''),
    ]
    if profile:
        rows.insert(0, ('(under cProfile: times inflated)', '', '', ''))
    print(f'{"measure":<40}{"value":>22}{"target":>10}{"ratio":>8}')
    for label, value, target, ratio in rows:
        print(f'{label:<40}{value:>22}{target:>10}{ratio:>8}')
    print('findings by rule: ' + ', '.join(f'{rule} {count:,}' for rule, count in sorted(measured['by_rule'].items())))


if __name__ == '__main__':
    if len(sys.argv) == 5 and sys.argv[1] == 'generate':
        counts = generate(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        _check_formats(sys.argv[2])
        print(json.dumps(counts))
    elif len(sys.argv) == 6 and sys.argv[1] == 'measure':
        print(json.dumps(measure(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == '1'), default=str))
    else:
        main()
