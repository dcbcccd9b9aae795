from flask import render_template
from flask_babel import gettext as _

from gemcell.auth.forms import EmptyForm
from gemcell.audit.queries import AUDIT_LISTING, get_audited_models
from gemcell.core.audit import ACTION_TITLES, AuditAction, AuditEntry, ChainBroken, verify_chain
from gemcell.core.permissions import Permission
from gemcell.core.views import GemView, ListViewBase
from gemcell.extensions import db


class AuditViewBase(GemView):
    PERMISSION = Permission.VIEW_AUDIT


class ListAuditView(AuditViewBase, ListViewBase):
    LISTING = AUDIT_LISTING
    PAGE, PARTIAL, EXPORT_NAME = 'audit/list.html', 'audit/_table.html', 'audit-trail'

    def statement(self):
        return db.select(AuditEntry)

    def export_columns(self, rows):
        return [('#', lambda e: e.id), (_('When'), lambda e: e.created_dt), (_('Who'), lambda e: e.actor),
                (_('Action'), lambda e: e.action), (_('Record'), lambda e: e.model),
                (_('Record id'), lambda e: e.object_id), (_('Changes'), lambda e: str(e.changes)),
                (_('Hash'), lambda e: e.hash)]

    def context(self, items):
        return {'model_choices': [('', _('All'))] + [(m, m) for m in get_audited_models(db.session)],
                'action_choices': [('', _('All'))] + [(a.value, ACTION_TITLES[a.value]) for a in AuditAction],
                'verify_form': EmptyForm()}


class VerifyAuditView(AuditViewBase):
    """Walk the chain now and say whether it is intact."""

    def post(self):
        try:
            count = verify_chain(db.session)
        except ChainBroken as exc:
            result = {'ok': False, 'entry_id': exc.entry_id, 'reason': exc.reason}
        else:
            result = {'ok': True, 'count': count}
        return render_template('audit/_verify.html', result=result)
