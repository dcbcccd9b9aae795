"""The departments list (the list pattern every later list reuses) and the directory's admin screens."""
import csv
import io

import sqlalchemy as sa
from openpyxl import load_workbook

from gemcell.directory.models import Department, Office


def fragment(client, url):
    response = client.get(url, headers={'HX-Request': 'true'})
    assert response.status_code == 200
    assert 'HX-Request' in response.headers['Vary']
    html = response.get_data(as_text=True)
    assert '<html' not in html and html.lstrip().startswith('<div id="departments-table"')
    return html


def test_search_matches_hindi_english_and_code(db, client, login_as, create_department):
    create_department(code='HEALTH', name_hi='चिकित्सा स्वास्थ्य विभाग', name_en='Medical Health Department')
    create_department(code='PWD', name_hi='लोक निर्माण विभाग', name_en='Public Works Department')
    db.session.commit()
    login_as('reviewer')
    for query in ('स्वास्थ्य', 'health', 'HEALTH'):
        html = fragment(client, f'/departments/?q={query}')
        assert 'चिकित्सा स्वास्थ्य विभाग' in html and 'लोक निर्माण विभाग' not in html, query


def test_search_treats_wildcards_literally(db, client, login_as, create_department):
    create_department(code='A_B', name_en='Underscore')
    create_department(code='AXB', name_en='Letter')
    db.session.commit()
    login_as('reviewer')
    html = fragment(client, '/departments/?q=A_B')
    assert 'A_B' in html and 'AXB' not in html


def test_filter_by_status_and_district(db, client, login_as, create_department, create_office, create_district):
    lucknow = create_district(name_en='Lucknow', name_hi='लखनऊ')
    active = create_department(code='ACT')
    inactive = create_department(code='INACT', is_active=False)
    elsewhere = create_department(code='ELSE')
    create_office(department=active, district=lucknow)
    db.session.commit()
    login_as('reviewer')
    html = fragment(client, '/departments/?status=inactive')
    assert 'INACT' in html and '>ACT<' not in html
    html = fragment(client, f'/departments/?district={lucknow.id}')
    assert 'ACT' in html and 'INACT' not in html and 'ELSE' not in html
    # nonsense filter values are ignored, not an error
    assert 'ELSE' in fragment(client, '/departments/?district=abc&status=maybe&sort=evil&page=-3'), elsewhere


def test_sort_by_offices_descending(db, client, login_as, create_department, create_office):
    few = create_department(code='FEW')
    many = create_department(code='MANY')
    create_office(department=few)
    for _ in range(3):
        create_office(department=many)
    db.session.commit()
    login_as('reviewer')
    html = fragment(client, '/departments/?sort=-offices')
    assert html.index('MANY') < html.index('FEW')
    html = fragment(client, '/departments/?sort=offices')
    assert html.index('FEW') < html.index('MANY')


def test_pagination_keeps_filters(db, client, login_as, create_department):
    for n in range(30):
        create_department(code=f'D{n:02d}', name_hi=f'विभाग {n:02d}')
    db.session.commit()
    login_as('reviewer')
    first = fragment(client, '/departments/?sort=code&q=D')
    assert 'D00' in first and 'D25' not in first
    assert 'page=2' in first and 'q=D' in first
    second = fragment(client, '/departments/?sort=code&q=D&page=2')
    assert 'D25' in second and 'D00' not in second
    assert '26–30' in second and '30' in second


def test_full_page_includes_the_same_table(db, client, login_as, create_department):
    create_department(code='AGRI')
    db.session.commit()
    login_as('reviewer')
    html = client.get('/departments/').get_data(as_text=True)
    assert '<html' in html and 'id="departments-table"' in html and 'AGRI' in html
    # a boosted navigation gets the whole page too
    boosted = client.get('/departments/', headers={'HX-Request': 'true', 'HX-Boosted': 'true'})
    assert '<html' in boosted.get_data(as_text=True)


def test_export_csv_and_xlsx_follow_the_filters(db, client, login_as, create_department):
    create_department(code='HEALTH', name_hi='चिकित्सा विभाग')
    create_department(code='PWD')
    db.session.commit()
    login_as('reviewer')
    response = client.get('/departments/?format=csv&q=HEALTH')
    assert response.headers['Content-Disposition'] == 'attachment; filename="departments.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip('\ufeff'))))
    assert len(rows) == 2 and rows[1][:2] == ['HEALTH', 'चिकित्सा विभाग']
    response = client.get('/departments/?format=xlsx')
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    assert sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True)) == ['HEALTH', 'PWD']
    assert client.get('/departments/?format=exe').status_code == 404


def test_export_neutralises_spreadsheet_formulas(db, client, login_as, create_department):
    create_department(code='EVIL', name_en='=HYPERLINK("http://x","click")')
    db.session.commit()
    login_as('reviewer')
    text = client.get('/departments/?format=csv').get_data(as_text=True)
    assert '"\'=HYPERLINK' in text


def test_admin_creates_department_and_office(db, client, login_as, create_district):
    district = create_district()
    db.session.commit()
    login_as('admin')
    response = client.post('/departments/new', data={'code': 'khadi', 'name_hi': 'खादी एवं ग्रामोद्योग विभाग',
                                                     'name_en': 'Khadi and Village Industries', 'is_active': 'y'})
    assert response.status_code == 303
    department = db.session.scalar(sa.select(Department).filter_by(code='KHADI'))
    assert department.name_hi == 'खादी एवं ग्रामोद्योग विभाग'
    response = client.post(f'/departments/{department.id}/offices/new',
                           data={'name_hi': 'जिला ग्रामोद्योग अधिकारी', 'name_en': 'District Village Industries Officer',
                                 'district_id': district.id, 'is_active': 'y'})
    assert response.status_code == 303
    office = db.session.scalar(sa.select(Office).filter_by(department_id=department.id))
    assert office.district_id == district.id
    assert 'जिला ग्रामोद्योग अधिकारी' in client.get(f'/departments/{department.id}').get_data(as_text=True)


def test_duplicate_code_is_refused_with_a_message_and_nothing_saved(db, client, login_as, create_department):
    create_department(code='AGRI')
    db.session.commit()
    login_as('admin')
    response = client.post('/departments/new', data={'code': 'agri', 'name_hi': 'दूसरा', 'name_en': 'Other'})
    assert response.status_code == 422
    assert 'यह कोड' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Department.id))) == 1


def test_bad_code_and_missing_names_are_explained(db, client, login_as):
    login_as('admin')
    response = client.post('/departments/new', data={'code': '12 bad', 'name_hi': '', 'name_en': ''})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert html.count('class="error"') >= 3
    assert db.session.scalar(sa.select(sa.func.count(Department.id))) == 0


def test_edit_button_only_for_admin(db, client, login_as, create_department):
    department = create_department()
    db.session.commit()
    login_as('reviewer')
    assert f'/departments/{department.id}/edit' not in client.get(f'/departments/{department.id}').get_data(
        as_text=True)


def test_admin_creates_nodal_officer_who_needs_a_department(db, client, login_as, create_department):
    department = create_department()
    db.session.commit()
    login_as('admin')
    data = {'login': 'nodal.agri', 'name': 'रमेश', 'role': 'nodal', 'department_id': 0, 'locale': 'hi',
            'is_active': 'y', 'password': 'a long password'}
    response = client.post('/admin/users/new', data=data)
    assert response.status_code == 422
    assert 'विभाग' in response.get_data(as_text=True)
    response = client.post('/admin/users/new', data=data | {'department_id': department.id})
    assert response.status_code == 303
    from gemcell.auth.models import User
    user = db.session.scalar(sa.select(User).filter_by(login='nodal.agri'))
    assert user.department_id == department.id and user.check_password('a long password')


def test_users_list_filters_by_role(db, client, login_as, create_user):
    create_user(role='government', login='shasan1')
    create_user(role='reviewer', login='samikshak1')
    db.session.commit()
    login_as('admin')
    html = client.get('/admin/users/?role=government', headers={'HX-Request': 'true'}).get_data(as_text=True)
    assert 'shasan1' in html and 'samikshak1' not in html


def test_a_page_past_the_end_shows_the_last_page(db, client, login_as, create_department):
    for n in range(30):
        create_department(code=f'P{n:02d}')
    db.session.commit()
    login_as('reviewer')
    html = fragment(client, '/departments/?sort=code&page=99')
    assert 'P29' in html and '26–30' in html


def test_department_filters_follow_changes_to_the_departments(db, client, login_as, create_department):
    """The filters' department list is kept across requests: a department added or renamed shows at once, and a
    nodal officer's filters list only their own department."""
    health = create_department(code='HEALTH', name_hi='चिकित्सा स्वास्थ्य विभाग', name_en='Medical Health')
    db.session.commit()
    login_as('reviewer')
    assert 'चिकित्सा स्वास्थ्य विभाग' in client.get('/scrutiny/').get_data(as_text=True)
    create_department(code='PWD', name_hi='लोक निर्माण विभाग', name_en='Public Works')
    health.name_hi = 'चिकित्सा एवं स्वास्थ्य विभाग'
    db.session.commit()
    html = client.get('/scrutiny/').get_data(as_text=True)
    assert 'लोक निर्माण विभाग' in html and 'चिकित्सा एवं स्वास्थ्य विभाग' in html
    assert 'चिकित्सा स्वास्थ्य विभाग' not in html

    login_as('nodal', department=health)
    html = client.get('/bids/').get_data(as_text=True)
    assert 'चिकित्सा एवं स्वास्थ्य विभाग' in html and 'लोक निर्माण विभाग' not in html
