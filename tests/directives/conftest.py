import io

import pytest
from PIL import Image


def html_of(response) -> str:
    return response.get_data(as_text=True)


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new('RGB', (4, 4), 'white').save(out, 'PNG')
    return out.getvalue()


@pytest.fixture
def desk(db, create_department, create_user):
    """Three departments (``health``, ``pwd``, ``other``), an officer of each (``health_officer`` …, English), a
    reviewer and the In-charge."""
    health, pwd, other = create_department(), create_department(), create_department()
    users = {
        'health_officer': create_user(role='nodal', department=health, locale='en', email='health@up.gov.in'),
        'pwd_officer': create_user(role='nodal', department=pwd, locale='en', email='pwd@up.gov.in'),
        'other_officer': create_user(role='nodal', department=other, locale='en'),
        'reviewer': create_user(role='reviewer', locale='en'),
        'head': create_user(role='cell_head', locale='en', name='Rajesh Kumar', designation='In-charge'),
    }
    db.session.commit()
    return {'health': health, 'pwd': pwd, 'other': other, **users}


def direction_form(desk, **overrides):
    data = {'kind': 'outgoing', 'level': 'cell', 'subject': 'Pending payments to MSE sellers',
            'body': '', 'points': '1. Pay every order past 10 days of CRAC.\n(2) Report the interest paid.\n- Name '
            'the officer responsible.', 'reference_number': '12/2024/18-5', 'reference_date': '2024-04-01',
            'due_date': '2026-12-10', 'department_ids': [desk['health'].id, desk['pwd'].id],
            'source_label': 'Overdue payments of November', 'source_url': '/orders/'}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
