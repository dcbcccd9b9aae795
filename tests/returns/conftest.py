from datetime import date

import pytest

HTMX = {'HX-Request': 'true'}


def html_of(response) -> str:
    return response.get_data(as_text=True)


def good_figures(**overrides) -> dict:
    """A complete, consistent return as the form posts it."""
    data = {'received': '120', 'registered': '90', 'pending': '25',
            'pending_reasons-0-reason': 'docs', 'pending_reasons-0-count': '20',
            'pending_reasons-1-reason': 'other', 'pending_reasons-1-other': 'आवेदक ने उत्तर नहीं दिया',
            'pending_reasons-1-count': '5',
            'gem_orders': '14', 'gem_value': '₹ 18,50,000', 'outside-0-description': 'Emergency medicines',
            'outside-0-value': '1,23,456.50', 'outside-0-gemarpts_id': 'GEMARPTS-7788',
            'problem_categories': ['portal'], 'problems': 'Slow portal', 'remarks': ''}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def lists(create_list_item):
    return {'docs': create_list_item(code='docs', name_hi='अभिलेख अपूर्ण', name_en='Documents incomplete'),
            'bank': create_list_item(code='bank', name_hi='बैंक खाता', name_en='Bank account'),
            'portal': create_list_item(kind='problem_category', code='portal', name_hi='पोर्टल की समस्या',
                                       name_en='Portal problem')}


@pytest.fixture
def desk(db, create_department, create_user, create_return, lists):
    """Two departments, an officer of each (English), a reviewer, and a draft of the first's for 1–15 Oct 2026."""
    own, other = create_department(), create_department()
    officer = create_user(role='nodal', department=own, locale='en', email='officer@up.gov.in')
    stranger = create_user(role='nodal', department=other, locale='en')
    reviewer = create_user(role='reviewer', locale='en')
    draft = create_return(department=own, period_start=date(2026, 10, 1))
    db.session.commit()
    return {'own': own, 'other': other, 'officer': officer, 'stranger': stranger, 'reviewer': reviewer,
            'draft': draft}
