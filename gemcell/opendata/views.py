"""Open contracting pages: the OCDS download of the bids list (the list's own filters, the user's scope), and the
statistical red flags over the State's data on the scrutiny desk."""
from datetime import date

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

import sqlalchemy as sa

from gemcell.core.permissions import Permission, has_permission
from gemcell.core.views import GemView
from gemcell.directory.models import Department
from gemcell.extensions import db
from gemcell.gemdata import queries
from gemcell.opendata.export import dump, iter_releases, package
from gemcell.opendata.operations import compute_snapshot, latest_snapshot

FORMATS = {'package': 'application/json', 'jsonl': 'application/x-ndjson'}


class BidsOcdsView(GemView):
    """``/opendata/bids.json``: the bids the bids list shows under the same query string (search and filters), with
    the orders of those bids the user may see, as a release package (``?format=package``, the default) or JSON
    lines (``?format=jsonl``). A nodal officer gets only the department's bids and orders."""

    def get(self):
        fmt = request.args.get('format', 'package')
        if fmt not in FORMATS:
            abort(404)
        listing = queries.BID_LISTING
        bids = listing.statement(queries.visible_bids(current_user), listing.state(request.args))
        releases = iter_releases(bids, queries.visible_orders(current_user), orders_without_bid=False)
        name = f'ocds-bids-{date.today().isoformat()}'
        if fmt == 'jsonl':
            body = stream_with_context(dump(release) + '\n' for release in releases)
            response = Response(body, mimetype=FORMATS[fmt])
            response.headers['Content-Disposition'] = f'attachment; filename="{name}.jsonl"'
            return response
        document = package(releases, uri=url_for('opendata.bids_ocds', _external=True, **request.args))
        response = Response(dump(document), mimetype=FORMATS[fmt])
        response.headers['Content-Disposition'] = f'attachment; filename="{name}.json"'
        return response


class RedFlagsViewBase(GemView):
    """The cell's view over the whole State (not for a nodal officer, who sees only a department)."""
    PERMISSION = Permission.VIEW_FINDINGS

    def check_access(self):
        super().check_access()
        if not has_permission(current_user, Permission.VIEW_ALL_DEPARTMENTS):
            abort(403)


class RedFlagsView(RedFlagsViewBase):
    """``/scrutiny/red-flags``: cardinal's statistical indicators (R024, R025, R038, R048, R058) over the State's
    bids as last computed, per department, office and seller, with the quartiles and fences that applied."""

    def get(self):
        snapshot = latest_snapshot()
        departments = {d.id: d for d in db.session.scalars(sa.select(Department))} if snapshot else {}
        return render_template('opendata/red_flags.html', snapshot=snapshot, departments=departments,
                               indicators=INDICATOR_TITLES, fences=fence_rows(snapshot) if snapshot else [])


class RefreshRedFlagsView(RedFlagsViewBase):
    """POST ``/scrutiny/red-flags/refresh``: compute them again now (a reviewer or the cell head)."""
    PERMISSION = Permission.REVIEW

    def post(self):
        snapshot = compute_snapshot(user=current_user)
        flash(_('The red flags were computed again over %(count)s bids.', count=snapshot.processes), 'success')
        return redirect(url_for('opendata.red_flags'), 303)


INDICATOR_TITLES = {
    'R024': _l('Price close to the winning bid'),
    'R025': _l('Excessive unsuccessful bids'),
    'R038': _l('Excessive disqualified bids'),
    'R048': _l('Heterogeneous supplier'),
    'R058': _l('Heavily discounted bid'),
}
_FENCES = (
    ('R024', '', 'lower_fence', _l('second-lowest bid over the winning bid, minus one: flagged at or below')),
    ('R058', '', 'upper_fence', _l('second-lowest bid over the winning bid, minus one: flagged at or above')),
    ('R025', '', 'lower_fence', _l("a seller's winning bids over its valid bids: flagged at or below, for sellers "
                                   "with at least the upper number of valid bids")),
    ('R038', 'Buyer_', 'upper_fence', _l("a department's disqualified bids over the bids it received: flagged at "
                                         "or above")),
    ('R038', 'ProcuringEntity_', 'upper_fence', _l("an office's disqualified bids over the bids it received: "
                                                   "flagged at or above")),
    ('R038', 'Tenderer_', 'upper_fence', _l("a seller's disqualified bids over its bids: flagged at or above")),
    ('R048', '', 'upper_fence', _l('the number of different categories (first two digits) awarded to a seller: '
                                   'flagged at or above')),
)


def fence_rows(snapshot) -> list[dict]:
    rows = []
    for code, prefix, fence, what in _FENCES:
        values = snapshot.meta.get(code, {})
        q1, value = values.get(f'{prefix}q1'), values.get(f'{prefix}{fence}')
        # cardinal leaves R024 and R025 out when a quarter of the values are 0 or the fence is not above 0, and R058
        # when its fence is 0 (else most processes or sellers would be flagged)
        skipped = value is not None and (
            (code in ('R024', 'R025') and (value <= 0 or (q1 is not None and q1 <= 0)))
            or (code == 'R058' and value <= 0))
        rows.append({'code': code, 'title': INDICATOR_TITLES[code], 'what': what, 'q1': q1,
                     'q3': values.get(f'{prefix}q3'), 'fence': value, 'skipped': skipped,
                     'upper': values.get('upper_fence') if code == 'R025' else None})
    return rows
