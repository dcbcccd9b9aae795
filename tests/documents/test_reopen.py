"""Send back to draft: the In-charge returns an approved (not yet issued) document to its drafter with a remark,
which the document's page and the audit trail keep (who, when, why)."""
import pytest
import sqlalchemy as sa

from gemcell.core.audit import AuditEntry
from gemcell.core.db import InvalidTransition
from gemcell.core.errors import FormError
from gemcell.documents import operations
from gemcell.documents.models import DocumentState
from tests.documents.test_register import fields

REMARK = 'विषय में बिड संख्या त्रुटिपूर्ण है; कृपया संशोधित करें।'


@pytest.fixture
def approved(db, create_user):
    reviewer = create_user(role='reviewer', name='समीक्षक')
    head = create_user(role='cell_head', name='प्रभारी जेम सेल')
    document = operations.create_document(fields(), reviewer)
    operations.approve_document(document, head)
    db.session.commit()
    return document, reviewer, head


def test_in_charge_sends_an_approved_document_back_with_a_remark(db, client, login, approved):
    document, reviewer, head = approved
    login(head)
    page = client.get(f'/documents/{document.id}').get_data(as_text=True)
    assert f'/documents/{document.id}/reopen' in page and 'प्रारूप में वापस भेजें' in page
    response = client.post(f'/documents/{document.id}/reopen', data={'remark': f'  {REMARK}  '})
    assert response.status_code == 303 and response.headers['Location'].endswith(f'/documents/{document.id}')
    db.session.expire_all()
    assert document.state is DocumentState.draft
    assert document.approved_by_id is None and document.approved_dt is None
    assert document.reopened_by_id == head.id and document.reopen_remark == REMARK
    assert document.reopened_dt is not None

    # the drafter sees who sent it back, when and why, and can edit it again; it must be approved anew
    client.post('/auth/logout')
    login(reviewer)
    page = client.get(f'/documents/{document.id}').get_data(as_text=True)
    assert 'प्रारूप में वापस भेजने वाले' in page and 'प्रभारी जेम सेल' in page and REMARK in page
    assert f'/documents/{document.id}/edit' in page and f'/documents/{document.id}/reopen' not in page
    assert client.get(f'/documents/{document.id}/edit').status_code == 200
    with pytest.raises(InvalidTransition):
        operations.issue_document(document, head)
    db.session.rollback()

    # the audit trail holds the change: state, the approval cleared, who, when and the remark
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.model == 'documents',
                                                           AuditEntry.object_id == str(document.id))
                               .order_by(AuditEntry.id.desc())).first()
    assert entry.actor == head.login and entry.action == 'update'
    assert entry.changes['state'] == ['approved', 'draft']
    assert entry.changes['reopen_remark'] == [None, REMARK] and entry.changes['reopened_by_id'] == [None, head.id]
    assert entry.changes['approved_by_id'] == [head.id, None] and 'reopened_dt' in entry.changes


@pytest.mark.parametrize('remark', ['', '   \n  '])
def test_the_remark_is_required(db, client, login, approved, remark):
    document, _reviewer, head = approved
    login(head)
    response = client.post(f'/documents/{document.id}/reopen', data={'remark': remark})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'बताएँ कि अभिलेख प्रारूप में वापस क्यों भेजा जा रहा है।' in html
    assert '<details class="reopen" open' in html and 'id="remark-error"' in html
    db.session.expire_all()
    assert document.state is DocumentState.approved and document.reopen_remark is None


def test_the_operation_refuses_an_empty_remark_and_a_document_not_approved(db, create_user, approved):
    document, reviewer, head = approved
    with pytest.raises(FormError):
        operations.reopen_document(document, head, '  ')
    draft = operations.create_document(fields(), reviewer)
    with pytest.raises(InvalidTransition):
        operations.reopen_document(draft, head, REMARK)


@pytest.mark.parametrize('role', ['reviewer', 'government', 'admin'])
def test_only_the_in_charge_may_send_back(db, client, login_as, approved, role):
    document, _reviewer, _head = approved
    login_as(role)
    page = client.get(f'/documents/{document.id}')
    assert f'/documents/{document.id}/reopen' not in page.get_data(as_text=True)
    response = client.post(f'/documents/{document.id}/reopen', data={'remark': REMARK})
    assert response.status_code in (403, 404)  # government sees no unissued document; admin no register
    db.session.expire_all()
    assert document.state is DocumentState.approved


@pytest.mark.parametrize('state', ['draft', 'issued'])
def test_only_an_approved_document_goes_back(db, client, login_as, create_document, state):
    document = create_document(state=state)
    db.session.commit()
    login_as('cell_head')
    page = client.get(f'/documents/{document.id}').get_data(as_text=True)
    assert f'/documents/{document.id}/reopen' not in page
    response = client.post(f'/documents/{document.id}/reopen', data={'remark': REMARK})
    assert response.status_code == 303
    page = client.get(response.headers['Location']).get_data(as_text=True)
    assert 'केवल अनुमोदित अभिलेख ही प्रारूप में वापस भेजा जा सकता है।' in page
    db.session.expire_all()
    assert document.state is DocumentState(state) and document.reopen_remark is None
