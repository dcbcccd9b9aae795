"""Department scope: a nodal officer never sees another department's data.

Parametrised over every model that declares ``__department_scope__``: a new model joins automatically, and fails
until it has a factory in ``tests/factories.py::scoped_factories``.
"""
import pytest
from werkzeug.exceptions import NotFound

from gemcell import import_models
from gemcell.core.scoping import get_visible_or_404, scoped_models, visible

import_models()
SCOPED = [model.__name__ for model in scoped_models()]
#: the page that shows one object of each scoped model, if it has one
DETAIL_URLS = {
    'Department': '/departments/{id}', 'Office': '/offices/{id}', 'Bid': '/bids/{id}', 'Order': '/orders/{id}',
    'Finding': '/scrutiny/findings/{id}', 'Return': '/returns/{id}',
    'Ticket': '/helpdesk/{id}', 'Meeting': '/meetings/{id}',
    'Addressee': '/directions/reports/{id}', 'Opinion': '/opinions/{id}',
}
#: other pages that show one object of a scoped model: model name -> URLs
MORE_DETAIL_URLS = {'Department': ['/payments/departments/{id}'], 'Office': ['/payments/offices/{id}'],
                    'Order': ['/payments/orders/{id}']}


def test_scoped_models_are_found():
    assert {'Department', 'Office', 'User'} <= set(SCOPED)


@pytest.mark.parametrize('model_name', SCOPED)
def test_nodal_officer_cannot_see_another_departments_object(data_app, db, client, login, create_department,
                                                             create_user, scoped_factories, model_name):
    assert model_name in scoped_factories, f'add a factory for {model_name} to scoped_factories'
    model = next(m for m in scoped_models() if m.__name__ == model_name)
    own, other = create_department(), create_department()
    mine = scoped_factories[model_name](own)
    theirs = scoped_factories[model_name](other)
    officer = create_user(role='nodal', department=own)
    db.session.commit()

    with data_app.test_request_context():
        assert get_visible_or_404(model, mine.id, officer) is mine
        with pytest.raises(NotFound):
            get_visible_or_404(model, theirs.id, officer)
        ids = set(db.session.scalars(visible(model, officer).with_only_columns(model.id)))
        assert mine.id in ids and theirs.id not in ids

    urls = ([DETAIL_URLS[model_name]] if model_name in DETAIL_URLS else []) + MORE_DETAIL_URLS.get(model_name, [])
    if urls:
        login(officer)
    for url in urls:
        assert client.get(url.format(id=mine.id)).status_code == 200
        response = client.get(url.format(id=theirs.id))
        assert response.status_code == 404
        assert other.name_hi not in response.get_data(as_text=True)


@pytest.mark.parametrize('role', ['reviewer', 'cell_head', 'government', 'admin'])
def test_cell_and_government_see_every_department(db, client, login_as, create_department, role):
    first, second = create_department(), create_department()
    db.session.commit()
    login_as(role)
    html = client.get('/departments/').get_data(as_text=True)
    assert first.name_hi in html and second.name_hi in html


def test_nodal_officer_lists_only_own_department(db, client, login, create_department, create_user):
    own, other = create_department(), create_department()
    officer = create_user(role='nodal', department=own)
    login(officer)
    html = client.get('/departments/').get_data(as_text=True)
    assert own.name_hi in html and other.name_hi not in html
    # the export goes through the same scope
    csv = client.get('/departments/?format=csv').get_data(as_text=True)
    assert own.code in csv and other.code not in csv
