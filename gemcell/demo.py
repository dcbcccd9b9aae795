"""Demo data: the State's real departments and districts, offices in a dozen districts, a user for every role.

Idempotent: run it twice and the second run adds nothing. Data from ``data/up/`` (shipped with the package).
"""
import csv
from pathlib import Path

import sqlalchemy as sa

from gemcell.auth.models import User
from gemcell.auth.operations import create_user
from gemcell.core.permissions import Role
from gemcell.directory.models import Department, District, Office
from gemcell.extensions import db

DATA = Path(__file__).resolve().parent / 'data'
#: the real sample files the tests use: GePNIC tenders (Assam, ODbL), GeM bids and GeM contracts (see its README)
SAMPLES = Path(__file__).resolve().parent.parent / 'tests' / 'data'
#: (import shape, sample file or folder)
DEMO_IMPORTS = [('gepnic', 'gepnic'), ('gem-bidplus', 'gem-bidplus/bids.jsonl'), ('gem-contracts', 'gem-contracts.csv')]
#: names in the samples shown as demo departments' (the GePNIC tenders are Assam's: in the demo they stand in for
#: UP departments' tenders outside GeM)
DEMO_ALIASES = {
    'Medical Health and Family Welfare Department Uttar Pradesh': 'HEALTH',
    'National Health Mission': 'HEALTH',
    'Public Works Roads Department': 'PWD',
    'Public Works Building and NH Department': 'PWD',
    'Axom Sarba Siksha Abhijan Mission': 'BASIC',
}
DEMO_PASSWORD = 'gemcell-demo-2026'  # nosec B105 # demo data only, printed by `flask gemcell demo`

#: (department code, office name in Hindi, in English, district in English)
DEMO_OFFICES = [
    ('HEALTH', 'महानिदेशालय, चिकित्सा एवं स्वास्थ्य सेवाएँ', 'Directorate General, Medical and Health Services',
     'Lucknow'),
    ('HEALTH', 'जिला महिला चिकित्सालय, मैनपुरी', 'District Female Hospital, Mainpuri', 'Mainpuri'),
    ('HEALTH', 'मुख्य चिकित्सा अधिकारी कार्यालय, आगरा', 'Chief Medical Officer, Agra', 'Agra'),
    ('HEALTH', 'मुख्य चिकित्सा अधिकारी कार्यालय, गोरखपुर', 'Chief Medical Officer, Gorakhpur', 'Gorakhpur'),
    ('PWD', 'अधिशासी अभियन्ता, प्रान्तीय खण्ड, वाराणसी', 'Executive Engineer, Provincial Division, Varanasi',
     'Varanasi'),
    ('PWD', 'अधीक्षण अभियन्ता, लोक निर्माण विभाग, प्रयागराज', 'Superintending Engineer, PWD, Prayagraj', 'Prayagraj'),
    ('BASIC', 'जिला बेसिक शिक्षा अधिकारी, कानपुर नगर', 'District Basic Education Officer, Kanpur Nagar',
     'Kanpur Nagar'),
    ('BASIC', 'जिला बेसिक शिक्षा अधिकारी, बरेली', 'District Basic Education Officer, Bareilly', 'Bareilly'),
    ('HOME', 'पुलिस अधीक्षक कार्यालय, झाँसी', 'Superintendent of Police, Jhansi', 'Jhansi'),
    ('HOME', 'वरिष्ठ पुलिस अधीक्षक कार्यालय, मेरठ', 'Senior Superintendent of Police, Meerut', 'Meerut'),
    ('MSME', 'आयुक्त एवं निदेशक, उद्योग, कानपुर', 'Commissioner and Director of Industries, Kanpur', 'Kanpur Nagar'),
    ('MSME', 'जिला उद्योग एवं उद्यम प्रोत्साहन केन्द्र, अलीगढ़', 'District Industries Centre, Aligarh', 'Aligarh'),
    ('AGRI', 'उप कृषि निदेशक कार्यालय, अयोध्या', 'Deputy Director of Agriculture, Ayodhya', 'Ayodhya'),
    ('AGRI', 'जिला कृषि अधिकारी, मुरादाबाद', 'District Agriculture Officer, Moradabad', 'Moradabad'),
]

#: (login, name, designation, role, department code)
DEMO_USERS = [
    ('admin', 'System Administrator', 'सिस्टम प्रशासक', Role.admin, None),
    ('prabhari', 'राजेश कुमार', 'प्रभारी, जेम सेल', Role.cell_head, None),
    ('samikshak', 'सुनीता वर्मा', 'समीक्षक, जेम सेल', Role.reviewer, None),
    ('shasan', 'अनिल सिंह', 'विशेष सचिव, एम0एस0एम0ई0', Role.government, None),
    ('nodal.health', 'डॉ0 मनोज त्रिपाठी', 'नोडल अधिकारी', Role.nodal, 'HEALTH'),
    ('nodal.pwd', 'आलोक श्रीवास्तव', 'नोडल अधिकारी', Role.nodal, 'PWD'),
    ('nodal.basic', 'रीना यादव', 'नोडल अधिकारी', Role.nodal, 'BASIC'),
]


def read_csv(name: str) -> list[dict]:
    with open(DATA / name, encoding='utf-8') as f:
        return list(csv.DictReader(f))


def load_directory() -> dict:
    """Departments and districts from the State's lists; existing rows (matched by code / English name) are kept."""
    counts = {'departments': 0, 'districts': 0}
    known = set(db.session.scalars(sa.select(Department.code)))
    for row in read_csv('departments.csv'):
        if row['code'] not in known:
            db.session.add(Department(code=row['code'], name_hi=row['name_hi'], name_en=row['name_en']))
            counts['departments'] += 1
    known = set(db.session.scalars(sa.select(District.name_en)))
    for row in read_csv('districts.csv'):
        if row['name_en'] not in known:
            db.session.add(District(**row))
            counts['districts'] += 1
    db.session.flush()
    return counts


def load_demo() -> dict:
    counts = load_directory()
    departments = {d.code: d for d in db.session.scalars(sa.select(Department))}
    districts = {d.name_en: d for d in db.session.scalars(sa.select(District))}
    counts['offices'] = 0
    for code, name_hi, name_en, district in DEMO_OFFICES:
        department = departments[code]
        exists = db.session.scalar(sa.select(Office.id).filter_by(department_id=department.id, name_en=name_en))
        if exists is None:
            db.session.add(Office(department=department, name_hi=name_hi, name_en=name_en,
                                  district=districts[district]))
            counts['offices'] += 1
    counts['users'] = 0
    for login, name, designation, role, code in DEMO_USERS:
        if db.session.scalar(sa.select(User.id).filter_by(login=login)) is None:
            create_user(login=login, name=name, designation=designation, role=role, password=DEMO_PASSWORD,
                        department=departments[code] if code else None)
            counts['users'] += 1
    db.session.flush()
    from gemcell.returns.demo import load_demo_returns
    from gemcell.returns.queries import today
    counts['returns'] = load_demo_returns(today())
    from gemcell.helpdesk.demo import load_demo_helpdesk
    counts.update(load_demo_helpdesk(today()))
    from gemcell.directives.demo import load_demo_directives
    counts.update(load_demo_directives(today()))
    counts.update(load_samples(departments))
    from gemcell.payments.demo import load_demo_payments
    counts['orders with payment milestones'] = load_demo_payments(today())
    from gemcell.cases.demo import load_demo_cases
    counts['cases'] = load_demo_cases(today())
    from gemcell.opendata.demo import load_demo_red_flags
    counts['red-flag computations'] = load_demo_red_flags()
    return counts


def load_samples(departments: dict) -> dict:
    """Import the sample files (unchanged rows stay unchanged), map a few names to demo departments and scrutinise
    what changed."""
    from gemcell.gemdata.aliases import alias_key, map_alias
    from gemcell.gemdata.importers import get_shape
    from gemcell.gemdata.importers.contract import Source
    from gemcell.gemdata.importers.engine import run_import
    from gemcell.gemdata.models import DepartmentAlias
    from gemcell.scrutiny.engine import scrutinise

    counts = {'imported records': 0}
    for shape, name in DEMO_IMPORTS:
        path = SAMPLES / name
        batch = run_import(get_shape(shape), Source(path, path.name, {}), dry_run=False)
        counts['imported records'] += sum(kind.get('new', 0) for kind in batch.counts.values())
    for name, code in DEMO_ALIASES.items():
        alias = db.session.scalar(sa.select(DepartmentAlias).filter_by(key=alias_key(name)))
        if alias is not None and alias.department_id is None:
            map_alias(alias, departments[code])
    counts['findings'] = scrutinise('pending').counts['new']
    return counts
